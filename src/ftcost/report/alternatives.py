"""The Alternatives sheet: prompt engineering, RAG and routing costed for the same workload."""

from __future__ import annotations

from collections.abc import Sequence

from ..units import fmt_money, fmt_months, fmt_number, fmt_tokens
from . import charts
from .charts import CHART_LIMIT
from .parts import headers, section
from .results import ScenarioResult
from .words import rag_words
from .xlsx import Sheet

NAME = "Alternatives"
TITLE = "Alternatives: prompt engineering, RAG, routing"
WIDTHS = [38, 24, 13, 13, 12, 14, 70]


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    for i, res in enumerate(results):
        c, s, w = res.comparison, res.scenario, res.scenario.workload
        top = section(sh, s.name if multi else f"Alternatives: {s.name}", 7)
        sh.book.anchors[("Alternatives", i)] = top
        sh.para(
            "The article's alternatives to fine-tuning, costed for the same workload: "
            f"{fmt_tokens(w.monthly_tokens)} input tokens a month, output ratio {w.output_ratio:g}.",
            style="note_wrap",
        )
        hr = headers(
            sh,
            [
                ("Option", False),
                ("Model(s)", False),
                ("Monthly cost", True),
                ("Per 1M input tokens", True),
                ("One-off cost", True),
                (f"Over {w.months} months", True),
                ("How it is costed", False),
            ],
            30,
        )
        if not multi:
            sh.freeze(f"B{hr + 1}")
        retrain = f", again every {w.retrain_every} months" if w.retrain_every else ""
        if not c.trainable:
            be = f"not trainable on {res.as_of}"
        elif c.breakeven_months is not None and c.breakeven_before_retirement:
            be = f"pays back in {fmt_months(c.breakeven_months)}"
        else:
            be = "never pays back"
        if c.trainable and c.retires is not None and c.effective_months < w.months:
            be += (
                f"; serves {fmt_number(c.effective_months)} of the {w.months} months (retires "
                f"{c.retires}), then the base route"
            )
        months = w.months
        fixed = (
            f" + {fmt_money(c.fixed_monthly)} a month hosting and storage"
            if c.fixed_monthly
            else ""
        )
        rows = [
            (
                f"Fine-tune {res.candidate.id}",
                res.candidate.id,
                c.monthly_ft_cost,
                c.ft_per_million,
                c.training_cost,
                c.tco_ft if c.trainable else None,
                f"fine-tuned prices{fixed}; training {fmt_money(c.training_cost)} once{retrain}; {be}",
            ),
            (
                "Prompt engineering (stay on base)"
                if res.prompt_model.id == res.base.id
                else "Prompt engineering",
                res.prompt_model.id,
                res.prompt.monthly_cost,
                res.prompt.per_million,
                0.0,
                res.prompt.monthly_cost * months,
                res.prompt.notes
                + (": the route used now" if res.prompt_model.id == res.base.id else ""),
            ),
            (
                "RAG (retrieval-augmented generation)",
                res.rag_model.id,
                res.rag.monthly_cost,
                res.rag.per_million,
                0.0,
                res.rag.monthly_cost * months,
                rag_words(res),
            ),
            (
                "Multi-model routing",
                f"{res.route_to.id} + {res.route_premium.id}",
                res.routing.monthly_cost,
                res.routing.per_million,
                0.0,
                res.routing.monthly_cost * months,
                f"{res.routing.notes} (base prices, no fine-tuning)"
                + (f"; router {fmt_money(s.router_price)} per 1M tokens" if s.router_price else ""),
            ),
        ]
        first = hr + 1
        for label, models, monthly, per_m, once, total, how in rows:
            n = sh.lines(how, 7, 7)
            sh.row(
                sh.text(label, "bold"),
                sh.text(models),
                sh.num(monthly, "money_total"),
                sh.num(per_m, "money"),
                sh.num(once, "money_total"),
                sh.num(total, "money_total") if total is not None else sh.text("—", "centre"),
                sh.text(how, "note_wrap"),
                height=15.0 * n + 3 if n > 1 else None,
            )
        last = sh.row_no
        sh.row()
        _every_option(sh, res)
        sh.row()
        headers(sh, [("Cost components", False), ("Component", False), ("$ a month", True)], 20)
        for alt, label in (
            (res.prompt, "Prompt engineering"),
            (res.rag, "RAG"),
            (res.routing, "Routing"),
        ):
            for part, value in alt.parts.items():
                sh.row(sh.text(label), sh.text(part), sh.num(value, "money_total"))
        sh.blank()
        if i >= CHART_LIMIT:
            continue
        anchor = sh.row_no + 1
        charts.options_cost(sh, f"A{anchor}", first=first, last=last)
        sh.pad_to(anchor + 15)


def _every_option(sh: Sheet, res: ScenarioResult) -> None:
    """The options the recommendation weighed (`engine.decide`), side by side over the horizon:
    the cheapest of each kind (stay, switch, fine-tune, route, RAG, prompt), and the recommended
    one; cheapest first. Then what was left out, and why."""
    d, months = res.decision, res.scenario.workload.months
    if not d.options:
        return
    best: dict[str, object] = {}
    for o in d.options:  # cheapest first
        best.setdefault(o.kind, o)
    shown = list(best.values())
    if d.option is not None and d.option not in shown:
        shown.append(d.option)
    shown.sort(key=lambda o: o.horizon_cost)
    sh.row(
        sh.text(
            f"The cheapest option of each kind over {months} months, side by side (the "
            f"recommendation weighs all {len(d.options)}, cheapest first)",
            "bold",
        )
    )
    headers(
        sh,
        [
            ("Option", False),
            ("Model", False),
            ("Monthly cost", True),
            ("One-off cost", True),
            (f"Over {months} months", True),
            ("Saving vs staying", True),
            ("Note", False),
        ],
        30,
    )
    for o in shown:
        marks = []
        if d.option is not None and o == d.option:
            marks.append("recommended")
        if d.cheapest_option is not None and o == d.cheapest_option:
            marks.append("cheapest")
        note = "; ".join(
            x
            for x in (" and ".join(marks), o.assumption, "" if o.verified else "prices unverified")
            if x
        )
        hl = "+hl" if "recommended" in marks else ""
        n = sh.lines(note, 7, 7)
        sh.row(
            sh.text(o.label, "text" + hl),
            sh.text(o.model, "text" + hl),
            sh.num(o.monthly_cost, "money_total" + hl),
            sh.num(o.one_off, "money_total" + hl),
            sh.num(o.horizon_cost, "money_total" + hl),
            sh.num(o.saving_share, "percent" + hl),
            sh.text(note, "note_wrap"),
            height=15.0 * n + 3 if n > 1 else None,
        )
    if d.why_not_cheapest:
        sh.para(d.why_not_cheapest, 1, 7, "note_wrap")
    if d.left_out:
        unverified = [what for what, why in d.left_out if "unverified" in why]
        closed = [what for what, why in d.left_out if "unverified" not in why]
        parts = []
        if unverified:
            parts.append(
                f"{len(unverified)} on unverified prices ({', '.join(unverified)}; "
                "include_unverified to weigh them)"
            )
        if closed:
            parts.append(
                f"{len(closed)} not trainable on {res.as_of} ({', '.join(closed)}; the "
                "Ranking says why)"
            )
        sh.para("Left out: " + "; ".join(parts) + ".", 1, 7, "note_wrap")
