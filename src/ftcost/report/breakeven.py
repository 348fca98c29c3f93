"""The Break-even sheet: month-by-month cumulative cost of both routes, and its chart."""

from __future__ import annotations

from collections.abc import Sequence

from ..units import fmt_money, fmt_number, fmt_tokens
from . import charts
from .charts import CHART_LIMIT
from .parts import headers, section
from .results import ScenarioResult
from .xlsx import Sheet

NAME = "Break-even"
TITLE = "Break-even: cumulative cost of each route, month by month"
WIDTHS = [24, 20, 20, 14]


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    for i, res in enumerate(results):
        c, s = res.comparison, res.scenario
        top = section(sh, s.name if multi else f"Break-even: {s.name}", 4)
        sh.book.anchors[("Break-even", i)] = top
        training = f"training {fmt_money(c.training_cost)} paid at month 0" + (
            f" and every {s.workload.retrain_every} months" if s.workload.retrain_every else ""
        )
        # "pays back" only when the fine-tune can be trained and breaks even before it retires
        paid_back = c.breakeven_months is not None and bool(c.breakeven_before_retirement)
        if paid_back:
            sh.row(
                sh.text("Break-even (months)", "bold"), sh.num(c.breakeven_months, "months_bold")
            )
            sh.para(
                f"{fmt_tokens(c.breakeven_tokens)} tokens at {fmt_tokens(c.monthly_tokens)} a month; "
                f"{training}.",
                style="note_wrap",
            )
        else:
            sh.row(sh.text("Break-even (months)", "bold"), sh.text("never", "never"))
            sh.para(f"{c.reason}; {training}.", style="note_wrap")
        sh.row(
            sh.text(f"Net saving over {c.months} months", "bold"),
            sh.num(c.net_savings, "money_total_bold")
            if c.trainable
            else sh.text("not trainable", "never"),
        )
        sh.para(
            f"base route {fmt_money(c.tco_base)} − fine-tuned route {fmt_money(c.tco_ft)}"
            if c.trainable
            else f"no fine-tuned route on {res.as_of}: the fine-tuned column repeats the base route",
            style="note_wrap",
        )
        if c.trainable and c.retires is not None and c.effective_months < c.months:
            sh.para(
                f"{res.candidate.id} retires on {c.retires}, {fmt_number(c.effective_months)} months "
                f"after {res.as_of}: from then the fine-tuned column follows the base route "
                "(its traffic goes back to the base model).",
                style="note_wrap",
            )
        hr = headers(
            sh,
            [
                ("Month", True),
                (f"Base route: {res.base.id} (cumulative $)", True),
                (f"Fine-tuned {res.candidate.id} (cumulative $)", True),
                ("Cheaper so far", False),
            ],
        )
        if not multi:
            sh.freeze(f"A{hr + 1}")
        first, ymax = hr + 1, 0.0
        for month, base_cum, ft_cum in res.schedule:
            ahead = "fine-tuned" if ft_cum < base_cum else "base" if base_cum < ft_cum else "equal"
            sh.row(
                sh.num(month, "count"),
                sh.num(base_cum, "money_total"),
                sh.num(ft_cum, "money_total"),
                sh.text(ahead, "good" if ahead == "fine-tuned" else "centre"),
            )
            ymax = max(ymax, base_cum, ft_cum)
        last = sh.row_no
        be = c.breakeven_months if paid_back else None
        marker = None
        if be is not None and be <= c.months:
            sh.row()
            sh.row(sh.text("For the chart: the break-even line", "note"))
            marker = sh.row(sh.num(be, "months"), sh.num(0.0, "money"))
            sh.row(sh.num(be, "months"), sh.num(ymax, "money"))
        sh.blank()
        if i >= CHART_LIMIT:
            continue
        charts.cumulative_cost(
            sh,
            f"F{top + 1}",
            base=res.base.id,
            candidate=res.candidate.id,
            first=first,
            last=last,
            months=c.months,
            breakeven=be,
            marker=marker,
        )
        sh.pad_to(top + 22)  # the chart is ~20 rows tall: the next section starts below it
