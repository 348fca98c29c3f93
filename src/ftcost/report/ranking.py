"""The Ranking sheet: every model's fine-tuned route for each scenario's workload, cheapest first."""

from __future__ import annotations

from collections.abc import Sequence

from ..basemodels import is_base_only
from ..units import fmt_money, fmt_tokens
from .parts import headers, section
from .results import ScenarioResult
from .xlsx import Sheet

NAME = "Ranking"
TITLE = "Ranking: every model's fine-tuned route, cheapest first"
WIDTHS = [6, 17, 12, 11, 15, 11, 12, 11, 12, 12, 11, 12, 11, 10, 10, 11, 40]


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    heads = [
        ("Rank", False),
        ("Model", False),
        ("Provider", False),
        ("Status", False),
        ("Role", False),
        ("Training cost", True),
        ("Fine-tuned $ per 1M input tokens", True),
        ("Monthly cost", True),
        ("Total over horizon", True),
        ("Saving a month vs base", True),
        ("Break-even (months)", True),
        ("Net saving over horizon", True),
        ("Training price $/1M", True),
        ("FT input $/1M", True),
        ("FT output $/1M", True),
        ("Prices checked", False),
        ("Note", False),
    ]
    for i, res in enumerate(results):
        ps = res.prices or sh.book.prices  # the scenario's: a genai-prices base model included
        r, s = res.ranking, res.scenario
        top = section(sh, s.name if multi else f"Ranking: {s.name}", len(heads))
        sh.book.anchors[("Ranking", i)] = top
        retrain = s.workload.retrain_every
        sh.para(
            f"Every model's fine-tuned route for {fmt_tokens(r.monthly_tokens)} input tokens a month "
            f"over {r.months} months, cheapest total (training + {r.months} months) first; training "
            f"paid {'once' if not retrain else f'every {retrain} months'}. {res.base.id} as used "
            f"now costs {fmt_money(r.base_monthly_cost)} a month. As of {res.as_of}: "
            + (
                "models that cannot be fine-tuned that day are ranked too (include_unavailable)."
                if s.include_unavailable
                else "models that cannot be fine-tuned that day are listed below the ranking."
            ),
            last=12,
            style="note_wrap",
        )
        hr = headers(sh, heads)
        if not multi:
            sh.freeze(f"C{hr + 1}")
        # a model known only for its base prices (genai-prices) cannot be fine-tuned: it is no
        # row of this ranking (the engine ranks it at $0 with nothing to train)
        shown = [row for row in r.rows if not is_base_only(ps.get(row.id))]
        for place, row in enumerate(shown, 1):
            m = ps.get(row.id)
            role = (
                "candidate"
                if row.id == res.candidate.id
                else "base (used now)"
                if row.id == res.base.id
                else ""
            )
            hl = "+hl" if role == "candidate" else ""
            note = row.note
            if not note and row.total_cost is not None and row.breakeven_months is None:
                note = "never pays back"
            sh.row(
                sh.num(place if len(shown) < len(r.rows) else row.rank, "rank" + hl),
                sh.text(row.id, "text" + hl),
                sh.text(row.provider, "text" + hl),
                sh.text(row.status, "text" + hl),
                sh.text(role, "text" + hl),
                sh.num(row.training_cost, "money_total" + hl),
                sh.num(row.ft_per_million, "money" + hl),
                sh.num(row.monthly_cost, "money_total" + hl),
                sh.num(row.total_cost, "money_total" + hl),
                sh.num(row.monthly_savings, "money_total" + hl),
                sh.num(row.breakeven_months, "months" + hl),
                sh.num(row.net_savings, "money_total" + hl),
                sh.num(m.training, "money" + hl),
                sh.num(m.ft_input, "money" + hl),
                sh.num(m.ft_output, "money" + hl),
                sh.date(m.checked, "date" + hl),
                sh.text(note, "text" + hl),
            )
        if r.unavailable and not s.include_unavailable:  # else ranked, with a note
            sh.row()
            sh.row(
                sh.text(f"Not trainable on {res.as_of} (left out of the ranking)", "bold"),
            )
            headers(sh, [("", False), ("Model", False), ("Provider", False),
                         ("Availability", False), ("Reason", False)], 18)  # fmt: skip
            for mid, state, why in r.unavailable:
                m = ps.get(mid)
                n = sh.lines(why, 5, 12)
                r_no = sh.row(
                    None,
                    sh.text(mid),
                    sh.text(m.provider),
                    sh.text(state),
                    sh.text(why, "note_wrap"),
                    height=15.0 * n + 3 if n > 1 else None,
                )
                sh.merge(r_no, 5, 12)
        sh.blank()
