"""The Alternatives sheet: prompt engineering, RAG and routing costed for the same workload."""

from __future__ import annotations

from collections.abc import Sequence

from ..units import fmt_money, fmt_tokens
from . import charts
from .charts import CHART_LIMIT
from .parts import headers, section
from .results import ScenarioResult
from .words import rag_words
from .xlsx import Sheet

NAME = "Alternatives"
TITLE = "Alternatives: prompt engineering, RAG, routing"
WIDTHS = [38, 24, 13, 13, 12, 70]


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    for i, res in enumerate(results):
        c, s, w = res.comparison, res.scenario, res.scenario.workload
        top = section(sh, s.name if multi else f"Alternatives: {s.name}", 6)
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
                ("How it is costed", False),
            ],
            30,
        )
        if not multi:
            sh.freeze(f"B{hr + 1}")
        retrain = f", again every {w.retrain_every} months" if w.retrain_every else ""
        be = (
            f"pays back in {c.breakeven_months:.2f} months"
            if c.breakeven_months is not None
            else "never pays back"
        )
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
                res.prompt.notes
                + (": the route used now" if res.prompt_model.id == res.base.id else ""),
            ),
            (
                "RAG (retrieval-augmented generation)",
                res.rag_model.id,
                res.rag.monthly_cost,
                res.rag.per_million,
                0.0,
                rag_words(res),
            ),
            (
                "Multi-model routing",
                f"{res.route_to.id} + {res.route_premium.id}",
                res.routing.monthly_cost,
                res.routing.per_million,
                0.0,
                f"{res.routing.notes} (base prices, no fine-tuning)"
                + (f"; router {fmt_money(s.router_price)} per 1M tokens" if s.router_price else ""),
            ),
        ]
        first = hr + 1
        for label, models, monthly, per_m, once, how in rows:
            n = sh.lines(how, 6, 6)
            sh.row(
                sh.text(label, "bold"),
                sh.text(models),
                sh.num(monthly, "money"),
                sh.num(per_m, "money"),
                sh.num(once, "money"),
                sh.text(how, "note_wrap"),
                height=15.0 * n + 3 if n > 1 else None,
            )
        last = sh.row_no
        sh.row()
        headers(sh, [("Cost components", False), ("Component", False), ("$ a month", True)], 20)
        for alt, label in (
            (res.prompt, "Prompt engineering"),
            (res.rag, "RAG"),
            (res.routing, "Routing"),
        ):
            for part, value in alt.parts.items():
                sh.row(sh.text(label), sh.text(part), sh.num(value, "money"))
        sh.blank()
        if i >= CHART_LIMIT:
            continue
        anchor = sh.row_no + 1
        charts.options_cost(sh, f"A{anchor}", first=first, last=last)
        sh.pad_to(anchor + 15)
