"""The Scenarios sheet (reports of more than one scenario): one row per scenario, linked to its
Summary."""

from __future__ import annotations

from collections.abc import Sequence

from .parts import headers
from .results import ScenarioResult
from .xlsx import Sheet, sheet_ref

NAME = "Scenarios"
TITLE = "Scenarios at a glance"
WIDTHS = [5, 34, 16, 20, 14, 9, 14, 8, 8, 12, 12, 12, 12, 11, 13, 7, 70, 11]


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool = True) -> None:
    from openpyxl.formatting.rule import ColorScaleRule

    heads = [
        ("#", True),
        ("Scenario", False),
        ("Base (used now)", False),
        ("Candidate", False),
        ("Monthly input tokens", True),
        ("Output ratio", True),
        ("Training tokens", True),
        ("Epochs", True),
        ("Months", True),
        ("Training cost", True),
        ("Monthly cost now", True),
        ("Monthly cost fine-tuned", True),
        ("Monthly saving", True),
        ("Break-even (months)", True),
        ("Net saving over horizon", True),
        ("Grade", False),
        ("Recommendation", False),
        ("As of", False),
    ]
    sh.para(
        "One row per scenario; click a name for its Summary. Each other sheet has one section per "
        "scenario, in this order.",
        last=12,
        style="note_wrap",
    )
    hr = headers(sh, heads)
    sh.freeze(f"C{hr + 1}")
    for i, res in enumerate(results):
        s, c, w = res.scenario, res.comparison, res.scenario.workload
        sh.row(
            sh.num(i + 1, "count"),
            sh.text(s.name, "link", link=sheet_ref("Summary", sh.book.anchors[("Summary", i)])),
            sh.text(res.base.id),
            sh.text(res.candidate.id + (" (picked)" if res.chosen else "")),
            sh.num(w.monthly_tokens, "tokens"),
            sh.num(w.output_ratio, "ratio"),
            sh.num(s.plan.training_tokens, "tokens"),
            sh.num(s.plan.epochs, "count"),
            sh.num(w.months, "count"),
            sh.num(c.training_cost, "money_total"),
            sh.num(c.monthly_base_cost, "money_total"),
            sh.num(c.monthly_ft_cost, "money_total"),
            sh.num(c.monthly_savings, "money_total"),
            sh.num(c.breakeven_months, "months")
            if c.breakeven_months is not None and c.breakeven_before_retirement
            else sh.text("never", "never"),
            sh.num(c.net_savings, "money_total")
            if c.trainable
            else sh.text("not trainable", "never"),
            sh.text(res.grade.letter),
            sh.text(res.decision.headline),
            sh.date(res.as_of, "date"),
        )
    last = sh.row_no
    sh.ws.auto_filter.ref = f"A{hr}:R{last}"
    sh.ws.conditional_formatting.add(
        f"O{hr + 1}:O{last}",
        ColorScaleRule(
            start_type="min",
            start_color="F8696B",
            mid_type="num",
            mid_value=0,
            mid_color="FFFFFF",
            end_type="max",
            end_color="63BE7B",
        ),
    )
