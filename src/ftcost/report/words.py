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
from ..units import fmt_money, fmt_tokens

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
    if g.best.endswith("(as is)"):
        return (
            f"{g.current} as used ({fmt_money(g.current_monthly)} a month) is already the cheapest "
            f"viable option for this workload. Grades by the share of today's monthly cost the "
            f"cheapest option would save: {bands()}."
        )
    best = res.ranking_row(g.best)
    status = f" (prices {best.status})" if best is not None and best.status != "active" else ""
    return (
        f"{g.current} as used costs {fmt_money(g.current_monthly)} a month; the cheapest viable "
        f"option, fine-tuning {g.best}{status}, costs {fmt_money(g.best_monthly)} a month with its "
        f"training spread over the horizon: {g.savings_share:.1%} less "
        f"({fmt_money(g.monthly_savings)} a month). Grades by that share: {bands()}."
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
