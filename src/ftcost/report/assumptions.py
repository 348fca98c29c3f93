"""The Assumptions sheet: where the report comes from, its conventions, and every price used with
its checked date, source and notes."""

from __future__ import annotations

from collections.abc import Sequence

from .. import __version__
from ..basemodels import is_base_only
from ..engine import HIGH_VOLUME, LOW_VOLUME, RAG_EMBEDDING_PER_MILLION, RAG_SEARCH_PER_QUERY
from ..fields import PRICE
from ..model import HOURS_PER_MONTH
from ..units import fmt_money, fmt_tokens
from .parts import headers
from .results import ScenarioResult
from .words import bands
from .xlsx import Sheet

NAME = "Assumptions"
TITLE = "Assumptions: prices, versions, conventions"
# The price columns: every $ field of the registry (per 1M tokens, per job, hour or month).
_PRICES = tuple(f for f in PRICE if f.kind in ("rate", "money"))

WIDTHS = [22, 17, 17, 11, 11] + [10] * len(_PRICES) + [12, 9, 11, 18, 32, 70]


def write(sh: Sheet, results: Sequence[ScenarioResult], source: str) -> None:
    from openpyxl.utils import get_column_letter

    ps = sh.book.prices

    def block(label: str) -> None:
        r = sh.row(*[sh.text(label if k == 0 else "", "header") for k in range(10)], height=18)
        sh.merge(r, 1, 10)

    days = sorted({res.as_of for res in results})
    block("About this report")
    for label, value in (
        (
            "As of",
            ", ".join(d.isoformat() for d in days)
            + ": the day the answers are for (which models can still be fine-tuned, how long "
            "a fine-tune serves)"
            + ("; each scenario's own on its Summary" if len(days) > 1 else ""),
        ),
        ("Made by", f"ftcost {__version__}"),
        ("Input", source or "command-line options"),
        ("Scenarios", f"{len(results)}"),
        ("Price set", ps.name),
        ("Price-data version", ps.version or "—"),
        ("Price-data description", ps.description or "—"),
        ("Price data read from", ps.source or "—"),
        ("Prices checked up to", ps.as_of.isoformat() if ps.as_of else "—"),
    ):
        sh.para(value, 2, 10, "wrap", before=[sh.text(label, "bold")])
    sh.row()
    block("Conventions")
    for label, value in (
        (
            "Values",
            "every number is a value ftcost's engine computed (no formulas): run ftcost report "
            "again to update it",
        ),
        ("Units", "USD; token prices per 1M tokens; hosting per hour, storage per month"),
        (
            "Volumes",
            "monthly tokens are input tokens of the task; output tokens = output ratio × input tokens",
        ),
        (
            "Hosting",
            f"a fine-tuned deployment billed by the hour runs {HOURS_PER_MONTH:g} hours a month "
            "(8,760 / 12)",
        ),
        (
            "Training",
            "(training tokens × epochs + validation tokens) × training price, at least the minimum "
            "charge, plus compute hours × hourly price, × runs; paid at month 0 and at each retraining",
        ),
        (
            "Decision",
            f"the article's framework: {fmt_tokens(HIGH_VOLUME)}+ tokens a month on a narrow task "
            f"is its high-volume case; under {fmt_tokens(LOW_VOLUME)} a month, prompt engineering; "
            "otherwise fine-tune when the training pays back within the horizon"
            + (
                " (a scenario that moves these thresholds says so on the Summary, under Task)"
                if any(
                    (r.scenario.high_volume, r.scenario.low_volume) != (HIGH_VOLUME, LOW_VOLUME)
                    for r in results
                )
                else ""
            ),
        ),
        ("Grade", f"share of today's monthly cost the cheapest viable option saves: {bands()}"),
        (
            "RAG",
            f"embedding {fmt_money(RAG_EMBEDDING_PER_MILLION)} per 1M tokens and vector search "
            f"{fmt_money(RAG_SEARCH_PER_QUERY)} per query: the article's low ends"
            + (
                ", unless a scenario gives its own (the Alternatives sheet says which)"
                if any(
                    (r.scenario.rag_embedding_price, r.scenario.rag_search_price)
                    != (RAG_EMBEDDING_PER_MILLION, RAG_SEARCH_PER_QUERY)
                    for r in results
                )
                else ""
            ),
        ),
    ):
        sh.para(value, 2, 10, "wrap", before=[sh.text(label, "bold")])
    sh.row()

    used: dict[str, list[str]] = {}
    for res in results:
        roles = [
            (res.base.id, "base"),
            (res.candidate.id, "candidate"),
            (res.route_to.id, "routing"),
        ]
        # the alternatives' own models, where they are not the base (the default)
        roles += [
            (m.id, role)
            for m, role in (
                (res.route_premium, "routing"),
                (res.prompt_model, "prompt engineering"),
                (res.rag_model, "RAG"),
            )
            if m.id != res.base.id
        ]
        for mid, role in roles:
            if role not in used.setdefault(mid, []):
                used[mid].append(role)
    heads = [
        ("Provider", False),
        ("Model", False),
        ("Name", False),
        ("Status", False),
        ("Checked", False),
        *[(f.header, True) for f in _PRICES],
        ("Fixed $/month (hosting + storage)", True),
        ("Open weights", False),
        ("Max tokens per example", True),
        ("Used as", False),
        ("Source", False),
        ("Notes (errata, caveats)", False),
    ]
    tuned = [m for m in ps if not is_base_only(m)]  # a template's Current models: below
    block(f"Every price used: {len(tuned)} models (the Ranking costs them all)")
    hr = headers(sh, heads, 60)
    ncol = len(heads)
    for m in tuned:
        role = ", ".join(used.get(m.id, []))
        hl = "+hl" if role else ""
        n = max(sh.lines(m.notes, ncol, ncol), sh.lines(m.source, ncol - 1, ncol - 1))
        sh.row(
            sh.text(m.provider, "text" + hl),
            sh.text(m.id, "text" + hl),
            sh.text(m.name, "text" + hl),
            sh.text(m.status, "text" + hl),
            sh.date(m.checked, "date" + hl),
            *[sh.num(getattr(m, f.name), "money" + hl) for f in _PRICES],
            sh.num(m.fixed_monthly, "money" + hl),
            sh.text("yes" if m.open_weights else "no", "text" + hl),
            sh.num(m.max_example_tokens, "tokens" + hl),
            sh.text(role, "text" + hl),
            sh.text(m.source, "wrap"),
            sh.text(m.notes, "note_wrap"),
            height=15.0 * n + 3 if n > 1 else None,
        )
    sh.ws.auto_filter.ref = f"A{hr}:{get_column_letter(ncol)}{sh.row_no}"
    sh.row(sh.text("Bold on cream: the models this report's scenarios name.", "note"))
    _lifecycle(sh, ps, days, block)
    base_only = {
        res.base.id: res.base
        for res in results
        if res.base.id not in ps.ids or is_base_only(res.base)
    }
    if base_only:  # current models priced by genai-prices, not ftcost's catalog
        sh.row()
        block(
            "Base models with base prices only (genai-prices, or a template's Current models): "
            "never fine-tuned here"
        )
        headers(sh, [("Provider", False), ("Model", False), ("Input $/1M", True),
                     ("Output $/1M", True), ("Cached input $/1M", True), ("Source", False)], 30)  # fmt: skip
        for m in base_only.values():
            r = sh.row(
                sh.text(m.provider),
                sh.text(m.id),
                sh.num(m.base_input, "money"),
                sh.num(m.base_output, "money"),
                sh.num(m.base_cached_input, "money"),
                sh.text(m.source, "wrap"),
            )
            sh.merge(r, 6, 12)
    if ps.warnings:
        sh.row()
        block("Warnings about the price data")
        for wtext in ps.warnings:
            sh.para(wtext, 1, 12, "note_wrap")


def _lifecycle(sh: Sheet, ps, days, block) -> None:
    """Every lifecycle date in the price data, with its availability on the as-of date(s) and
    the entry's source (a date is shipped only with one)."""
    from ..lifecycle import availability

    dated = [m for m in ps if m.training_until or m.retires or m.access or m.status == "deprecated"]
    if not dated:
        return
    sh.row()
    block(f"Lifecycle: {len(dated)} models with dates or a closed offer, as of {days[-1]}")
    hr = headers(
        sh,
        [
            ("Provider", False),
            ("Model", False),
            ("Training until", False),
            ("Retires", False),
            (f"On {days[-1]}", False),
            ("Access", False),
            ("Source", False),
        ],
        30,
    )
    del hr
    for m in dated:
        a = availability(m, days[-1])
        text = "; ".join(x for x in (m.access, m.source) if x)
        n = sh.lines(text, 6, 12)
        r = sh.row(
            sh.text(m.provider),
            sh.text(m.id),
            sh.date(m.training_until, "date") if m.training_until else sh.text("—"),
            sh.date(m.retires, "date") if m.retires else sh.text("—"),
            sh.text(a.state),
            sh.text(m.access or "—", "note_wrap"),
            sh.text(m.source, "wrap"),
            height=15.0 * n + 3 if n > 1 else None,
        )
        sh.merge(r, 7, 12)
