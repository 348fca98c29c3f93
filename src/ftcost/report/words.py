"""The report's sentences: what a figure means, in words built from the engine's results."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..engine import (
    GRADE_THRESHOLDS,
    HIGH_VOLUME,
    LOW_VOLUME,
    RAG_EMBEDDING_PER_MILLION,
    RAG_SEARCH_PER_QUERY,
    Grade,
)
from ..model import ModelPrice
from ..scenarios import Scenario
from ..units import fmt_money, fmt_months, fmt_number, fmt_tokens

if TYPE_CHECKING:
    from .results import ScenarioResult

# How each priority picks (the engine's `decide`), in words for the Summary.
PICKED_BY = {
    "cost": "the cheapest fine-tuned route",
    "inference": "the lowest fine-tuned price per token",
    "self-hosting": "the cheapest fine-tuned route with open weights",
}


def status_note(m: ModelPrice) -> str:
    return "" if m.status == "active" else f" — prices {m.status}"


def plural(n: float, word: str) -> str:
    return f"{n:g} {word}" + ("" if n == 1 else "s")


def sens_label(name: str, v: float) -> str:
    return plural(v, "epoch") if name == "epochs" else f"output ratio {v:g}"


def bands() -> str:
    return ", ".join(
        f"{letter} under {upper:.0%}" if math.isfinite(upper) else f"{letter} otherwise"
        for letter, upper in GRADE_THRESHOLDS
    )


def grade_words(g: Grade, res: ScenarioResult) -> str:
    left = (
        f" Left out: {len(g.left_out)} option{'s' if len(g.left_out) != 1 else ''} "
        f"(not trainable on {res.as_of.isoformat()}, or resting on unverified prices; see "
        "Alternatives)."
        if g.left_out
        else ""
    )
    if g.best_kind in ("stay", "prompt"):
        return (
            f"{g.current} as used ({fmt_money(g.current_monthly)} a month) is already the cheapest "
            f"option for this workload. Grades by the share of today's monthly cost the "
            f"cheapest option would save: {bands()}.{left}"
        )
    if g.best_kind == "fine-tune":
        best = res.ranking_row(g.best)
        status = f" (prices {best.status})" if best is not None and best.status != "active" else ""
        what = f"fine-tuning {g.best}{status}"
        how = " with its training spread over the horizon"
    elif g.best_kind == "switch":
        what, how = f"switching to {g.best}, untrained (test it on your task first)", ""
    else:
        what, how = g.best_option, ""
    return (
        f"{g.current} as used costs {fmt_money(g.current_monthly)} a month; the cheapest "
        f"option, {what}, costs {fmt_money(g.best_monthly)} a month{how}: "
        f"{g.savings_share:.1%} less ({fmt_money(g.monthly_savings)} a month). Grades by that "
        f"share: {bands()}.{left}"
    )


def task_words(s: Scenario) -> str:
    return "; ".join(
        [
            "narrow task" if s.narrow_task else "general-purpose task",
            "a prompt alone solves it" if s.prompt_solves else "a prompt alone does not solve it",
            "requirements change often" if s.changing_requirements else "stable requirements",
            "needs reasoning" if s.needs_reasoning else "no special reasoning need",
            "one model serves many tasks" if s.multi_task else "a single task",
        ]
        + (
            [
                f"decision thresholds moved: high volume {fmt_tokens(s.high_volume)}, low volume "
                f"{fmt_tokens(s.low_volume)} tokens a month"
            ]
            if (s.high_volume, s.low_volume) != (HIGH_VOLUME, LOW_VOLUME)
            else []
        )
    )


def rag_words(res: ScenarioResult) -> str:
    s = res.scenario
    per = (
        f"{fmt_tokens(s.rag_requests)} requests a month"
        if s.rag_requests is not None
        else f"one request per {fmt_tokens(s.request_tokens)} input tokens"
    )
    article = (s.rag_embedding_price, s.rag_search_price) == (
        RAG_EMBEDDING_PER_MILLION,
        RAG_SEARCH_PER_QUERY,
    )
    corpus = (
        f"; {fmt_tokens(s.rag_corpus_tokens)} corpus tokens re-embedded a month"
        if s.rag_corpus_tokens
        else ""
    )
    return (
        f"{res.rag.notes}; {per}; embedding {fmt_money(s.rag_embedding_price)} per 1M tokens, "
        f"search {fmt_money(s.rag_search_price)} per query"
        + (" (the article's low ends)" if article else "")
        + corpus
    )


def lifecycle_words(res: ScenarioResult) -> str:
    """The candidate's availability and retirement on the as-of date, and what they do to the
    pay-back: "OpenAI accepts new fine-tuning jobs only until 2027-01-06 (…); a fine-tune of
    gpt-4o-mini serves until 2027-01-14, 1.45 of your 12 months: training is never paid back"."""
    c, m, day = res.comparison, res.candidate, res.as_of.isoformat()
    if not c.trainable:
        return f"{c.availability or c.reason}: nothing can be fine-tuned on {m.id} as of {day}"
    access = f" ({m.access.rstrip('.')})" if getattr(m, "access", "") else ""
    if c.training_until is not None:
        first = f"{m.provider} accepts new fine-tuning jobs only until {c.training_until}{access}"
    else:
        first = f"{m.provider} accepts new fine-tuning jobs for {m.id} (no end announced){access}"
    if c.retires is not None:
        within = (
            f"{fmt_number(c.effective_months)} of your {c.months} months"
            if c.effective_months < c.months
            else f"past your {c.months}-month horizon"
        )
        first += f"; a fine-tune of {m.id} serves until {c.retires}, {within}"
    else:
        first += f"; no retirement of {m.id} is announced"
    if c.breakeven_months is not None and c.breakeven_before_retirement:
        return f"{first}: training pays back in {fmt_months(c.breakeven_months)}"
    return f"{first}: training is never paid back"


def option_words(o, months: int) -> str:
    """An option (`engine.options.Option`) in one line: its label and costs."""
    one_off = f" + {fmt_money(o.one_off)} one-off" if o.one_off else ""
    return (
        f"{o.label}: {fmt_money(o.monthly_cost)} a month{one_off}, {fmt_money(o.horizon_cost)} "
        f"over {months} months"
    )
