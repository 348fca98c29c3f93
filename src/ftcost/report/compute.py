"""The engine's answers for each scenario of a report: one `ScenarioResult` per scenario.

Only engine calls here: which models a scenario names, what to ask the engine, and how to say
where a problem is. No cost arithmetic, and nothing about how the workbook looks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..engine import (
    Alternative,
    Decision,
    Grade,
    Ranking,
    candidates,
    compare,
    decide,
    grade,
    prompt_engineering_cost,
    rag_cost,
    rank,
    routing_cost,
    schedule,
    sensitivity,
)
from ..errors import FtCostError, InputError, NoCandidate
from ..model import Comparison, ModelPrice
from ..pricing import PriceSet, load_prices
from ..scenarios import Scenario, ScenarioError, check_models
from ..units import MAX_QUANTITY
from .words import PICKED_BY

__all__ = ["Progress", "ScenarioResult", "compute", "compute_all"]

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class ScenarioResult:
    """Everything the report shows for one scenario, as the engine computed it."""

    scenario: Scenario
    base: ModelPrice
    candidate: ModelPrice
    chosen: bool  # the candidate was picked by ftcost ("all"), not given
    decision: Decision
    comparison: Comparison
    ranking: Ranking
    grade: Grade
    schedule: list[tuple[int, float, float]]
    sensitivity: dict
    prompt: Alternative
    rag: Alternative
    routing: Alternative
    rag_requests: float
    route_to: ModelPrice
    prompt_model: ModelPrice  # the models the alternatives run on
    rag_model: ModelPrice
    route_premium: ModelPrice
    note: str = ""  # how the candidate was picked, when ftcost picked it

    def ranking_row(self, model_id: str):
        """The Ranking row of ``model_id`` (None if it is not ranked)."""
        return next((row for row in self.ranking.rows if row.id == model_id), None)


def _volume_ladder(monthly: float) -> list[float]:
    """Round volumes from 1/100× to 100× the monthly volume (1, 2.5, 5 × 10^k), and the volume."""
    centre = monthly if monthly > 0 else 1e6
    lo, hi = centre / 100, min(centre * 100, MAX_QUANTITY)  # the units' plausibility limit
    out = {monthly} if monthly > 0 else {0.0}
    k = math.floor(math.log10(lo))
    while 10.0**k <= hi:
        for f in (1.0, 2.5, 5.0):
            v = f * 10.0**k
            if lo * 0.999 <= v <= hi * 1.001:
                out.add(v)
        k += 1
    return sorted(out)


def _priority_pick(s: Scenario, ps: PriceSet, base_id: str, ranking: Ranking) -> tuple[str, str]:
    """The engine's pick by ``s.priority`` where the decision stopped before choosing one.

    (candidate id, a note when the priority could not be honoured and the cheapest was taken).
    """
    try:
        return candidates(s.plan, s.workload, base_id, s.priority, ps, ranking)[0].id, ""
    except NoCandidate as e:
        if s.priority == "cost":
            raise
        pick = candidates(s.plan, s.workload, base_id, "cost", ps, ranking)[0].id
        return pick, f"{e}: the figures below are for {PICKED_BY['cost']} instead"


def compute(s: Scenario, prices: PriceSet | str | None = None) -> ScenarioResult:
    """The engine's answers for one scenario (raises FtCostError naming the scenario)."""
    ps = load_prices(prices)
    try:
        return _compute(s, ps)
    except ScenarioError:
        raise
    except FtCostError as e:
        raise ScenarioError([f"{s.where}: {e}"]) from e


def _compute(s: Scenario, ps: PriceSet) -> ScenarioResult:
    w, plan = s.workload, s.plan
    if w.monthly_tokens is None:
        raise ScenarioError([f"{s.where}: monthly_tokens: the report needs a monthly volume"])
    base = ps.get(s.base)
    ranking = rank(plan, w, base=base.id, prices=ps)
    given = ps.get(s.candidate).id if s.candidate is not None else None
    try:
        d = decide(
            w.monthly_tokens,
            base=base.id,
            candidate=given,
            plan=plan,
            workload=w,
            narrow_task=s.narrow_task,
            prompt_solves=s.prompt_solves,
            changing_requirements=s.changing_requirements,
            needs_reasoning=s.needs_reasoning,
            multi_task=s.multi_task,
            priority=s.priority,
            high_volume=s.high_volume,
            low_volume=s.low_volume,
            prices=ps,
        )
    except NoCandidate as e:  # the engine had nothing to choose for this priority
        raise ScenarioError([f"{s.locate('priority')}: {e}"]) from None
    note = ""
    cand_id = given or d.candidate
    if cand_id is None:
        cand_id, note = _priority_pick(s, ps, base.id, ranking)
    cand = ps.get(cand_id)
    c = d.comparison if d.comparison is not None and d.comparison.candidate == cand.id else None
    c = c or compare(base.id, cand.id, plan, w, ps)
    volumes = s.sensitivity_volumes or _volume_ladder(w.monthly_tokens)
    values = s.sensitivity_values
    if s.sensitivity_by == "output_ratio":
        sens = sensitivity(
            base.id, cand.id, plan, w, monthly_tokens=volumes, output_ratio=values, prices=ps
        )
    else:
        epochs = values or sorted({1, 2, 3, 4, plan.epochs})
        sens = sensitivity(
            base.id, cand.id, plan, w, monthly_tokens=volumes, epochs=epochs, prices=ps
        )
    route_to = ps.get(s.route_to) if s.route_to else cand
    premium = ps.get(s.route_premium) if s.route_premium else base
    pe_model = ps.get(s.prompt_model) if s.prompt_model else base
    rag_model = ps.get(s.rag_model) if s.rag_model else base
    requests = s.requests  # an input (requests a month), not a cost
    try:
        rag = rag_cost(
            rag_model.id,
            w,
            requests=requests,
            context_tokens=s.rag_context_tokens,
            embedding_per_million=s.rag_embedding_price,
            search_per_query=s.rag_search_price,
            corpus_tokens=s.rag_corpus_tokens,
            prices=ps,
        )
    except InputError as e:  # RAG's inputs together (0 requests for a non-zero volume)
        key = "rag_requests" if s.rag_requests is not None else "request_tokens"
        raise ScenarioError([f"{s.locate(key)}: {e}"]) from None
    return ScenarioResult(
        scenario=s,
        base=base,
        candidate=cand,
        chosen=given is None,
        decision=d,
        comparison=c,
        ranking=ranking,
        grade=grade(base.id, plan, w, ps),
        schedule=schedule(c),
        sensitivity=sens,
        prompt=prompt_engineering_cost(pe_model.id, w, ps),
        rag=rag,
        routing=routing_cost(
            route_to.id,
            premium.id,
            w,
            simple_share=s.simple_share,
            router_per_million=s.router_price,
            prices=ps,
        ),
        rag_requests=requests,
        route_to=route_to,
        prompt_model=pe_model,
        rag_model=rag_model,
        route_premium=premium,
        note=note,
    )


def compute_all(
    scenarios: Sequence[Scenario],
    prices: PriceSet | str | None = None,
    progress: Progress | None = None,
) -> list[ScenarioResult]:
    """Every scenario computed (model names checked first, all problems reported at once)."""
    ps = load_prices(prices)
    scenarios = list(scenarios)
    if not scenarios:
        raise InputError("no scenarios to report on")
    check_models(scenarios, ps)
    results = []
    for k, s in enumerate(scenarios, 1):
        results.append(compute(s, ps))
        if progress:
            progress("computed scenario", k, len(scenarios))
    return results
