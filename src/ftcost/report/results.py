"""The engine's answers for each scenario of a report: one `ScenarioResult` per scenario.

Only engine calls here: which models a scenario names, what to ask the engine, and how to say
where a problem is. No cost arithmetic, and nothing about how the workbook looks.

Scenarios are computed in batches: the scenarios of a batch that share a base model, price set
and day are ranked by one `engine.grid` call (`rank_many`, the same doubles as `engine.rank`
for each), each ranking reused by the decision, its options and the grade; and the Sensitivity
tables of a batch's scenarios that share a base model come from one `engine.grid` call (priced
for their candidates only), sliced per scenario: the same doubles as `engine.sensitivity` for
each. Any problem in a batch: it is computed again one scenario at a time, to name the first.
(The module is not named `compute`, which would be shadowed by the function it exports.)
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .. import collector
from ..engine import (
    GRID_ARGS,
    Alternative,
    Decision,
    Grade,
    Ranking,
    candidates,
    compare,
    decide,
    grade,
    grid,
    prompt_engineering_cost,
    rag_cost,
    rank,
    rank_many,
    routing_cost,
    schedule,
    sensitivity,
)
from ..engine.options import GRADE_KINDS, resolve_base
from ..errors import FtCostError, InputError, NoCandidate
from ..fields import PLAN, WORKLOAD
from ..lifecycle import parse_as_of
from ..model import Comparison, ModelPrice, Workload
from ..pricing import PriceSet, load_prices
from ..scenarios import Scenario, ScenarioError, check_models
from ..spend import tokens_from_spend
from ..units import MAX_QUANTITY
from .words import PICKED_BY

__all__ = ["Progress", "ScenarioResult", "compute", "compute_all"]

Progress = Callable[[str, int, int], None]  # (stage, done, total)
_T = TypeVar("_T")


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
    # the day the answers are for (the scenario's as_of, else $FTCOST_AS_OF, else today); the
    # scenario above carries it too, and its monthly volume when a monthly spend gave it
    as_of: _dt.date = _dt.date(2026, 1, 1)
    spend_text: str = ""  # "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"
    prices: PriceSet | None = None  # the price set (with a genai-prices base model, if any)

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


def compute(s: Scenario, prices: PriceSet | str | None = None) -> ScenarioResult:
    """The engine's answers for one scenario (raises FtCostError naming the scenario)."""
    return _compute_batch([s], load_prices(prices))[0]


def _located(s: Scenario, work: Callable[[], _T]) -> _T:
    """``work()``, its engine errors named by the scenario."""
    try:
        return work()
    except ScenarioError:
        raise
    except FtCostError as e:
        raise ScenarioError([f"{s.where}: {e}"]) from e


@dataclass(frozen=True)
class _SensitivityAsk:
    """One scenario's Sensitivity table, as `engine.sensitivity` is asked for it."""

    base: str
    candidate: str
    volumes: list[float]
    by: str  # "epochs" or "output_ratio"
    values: list[float]

    as_of: _dt.date
    prices: PriceSet  # the scenario's (its base model included)
    workload: object  # the scenario's Workload, its volume derived from a spend if need be

    def one(self, s: Scenario, ps: PriceSet) -> dict:
        return sensitivity(
            self.base,
            self.candidate,
            s.plan,
            self.workload,
            monthly_tokens=self.volumes,
            prices=self.prices,
            as_of=self.as_of,
            **{self.by: self.values},
        )


def _pick(
    s: Scenario, plan, w, base_id: str, ps: PriceSet, ranking: Ranking, day: _dt.date
) -> tuple[str, str]:
    """The candidate the decision would take by ``s.priority`` (the cheapest when nothing fits
    the priority, with a note saying so)."""
    how = dict(as_of=day, include_unverified=s.include_unverified)
    try:
        return candidates(plan, w, base_id, s.priority, ps, ranking, **how)[0].id, ""
    except NoCandidate as e:
        if s.priority == "cost":
            raise
        pick = candidates(plan, w, base_id, "cost", ps, ranking, **how)[0].id
        return pick, f"{e}: the figures below are for {PICKED_BY['cost']} instead"


@dataclass(frozen=True)
class _Inputs:
    """A scenario's inputs as the engine takes them: its base model (and the price set holding
    it), its workload (the volume derived from a spend if need be), plan and day."""

    s: Scenario  # with the workload and day below: what every sheet shows
    base: ModelPrice
    ps: PriceSet
    w: Workload
    day: _dt.date
    spend_text: str


def _inputs(s: Scenario, ps0: PriceSet) -> _Inputs:
    day = parse_as_of(s.as_of)
    # any current model as the base: ftcost's catalog, else genai-prices (then a price set
    # holding it, base prices only: never a candidate)
    base, ps = resolve_base(s.base, ps0, day)
    w = s.workload
    spend_text = ""
    if s.monthly_spend is not None:
        try:
            sv = tokens_from_spend(s.monthly_spend, base, w, as_of=day)
        except FtCostError as e:
            raise ScenarioError(
                [f"{s.locate('monthly_spend')}: {_bare(e, 'monthly_spend')}"]
            ) from None
        w = dataclasses.replace(w, monthly_tokens=sv.monthly_tokens)
        spend_text = sv.text
    if w.monthly_tokens is None:
        raise ScenarioError([f"{s.where}: monthly_tokens: the report needs a monthly volume"])
    return _Inputs(_shown(s, w, day), base, ps, w, day, spend_text)


def _shown(s: Scenario, w: Workload, day: _dt.date) -> Scenario:
    """``s`` with its workload ``w`` and day ``day``: what every sheet shows. Its other fields
    were checked when it was built, ``w`` is a checked Workload and ``day`` a parsed date, so
    the copy is not checked again (`Scenario.__post_init__` re-parses every field)."""
    if w is s.workload and day == s.as_of:
        return s
    out = copy.copy(s)
    object.__setattr__(out, "workload", w)
    object.__setattr__(out, "as_of", day)
    return out


def _answers(
    s: Scenario, ps0: PriceSet, given_in: _Inputs | None = None, ranking: Ranking | None = None
) -> tuple[dict, _SensitivityAsk]:
    """Every answer of ``s`` but its Sensitivity table, and how to ask for that table (its
    inputs and ranking, when a batch has made them)."""
    i = given_in or _inputs(s, ps0)
    s, base, ps, w, day, spend_text = i.s, i.base, i.ps, i.w, i.day, i.spend_text
    plan = s.plan
    ranking = ranking or rank(
        plan, w, base=base.id, prices=ps, as_of=day, include_unavailable=s.include_unavailable
    )
    given = ps.get(s.candidate).id if s.candidate is not None else None
    note = ""
    try:
        cand_id, note = (given, "") if given else _pick(s, plan, w, base.id, ps, ranking, day)
    except NoCandidate as e:  # the engine had nothing to choose for this priority
        raise ScenarioError([f"{s.locate('priority')}: {e}"]) from None
    route_to = ps.get(s.route_to) if s.route_to else ps.get(cand_id)
    premium = ps.get(s.route_premium) if s.route_premium else base
    pe_model = ps.get(s.prompt_model) if s.prompt_model else base
    rag_model = ps.get(s.rag_model) if s.rag_model else base
    requests = s.requests  # an input (requests a month), not a cost
    rag_args = dict(
        requests=requests,
        context_tokens=s.rag_context_tokens,
        embedding_per_million=s.rag_embedding_price,
        search_per_query=s.rag_search_price,
        corpus_tokens=s.rag_corpus_tokens,
    )
    # the alternatives the decision weighs are the ones the Alternatives sheet shows
    routing_args = dict(
        cheap=route_to.id, simple_share=s.simple_share, router_per_million=s.router_price
    )
    try:
        rag = rag_cost(rag_model.id, w, prices=ps, **rag_args)
    except InputError as e:  # RAG's inputs together (0 requests for a non-zero volume)
        key = "rag_requests" if s.rag_requests is not None else "request_tokens"
        raise ScenarioError([f"{s.locate(key)}: {e}"]) from None
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
            ranking=ranking,  # one ranking per scenario: decide and grade reuse it
            as_of=day,
            include_unverified=s.include_unverified,
            rag={"model": rag_model.id, **rag_args},
            routing=routing_args,
        )
    except NoCandidate as e:  # the engine had nothing to choose for this priority
        raise ScenarioError([f"{s.locate('priority')}: {e}"]) from None
    if given is None and d.candidate is not None:
        cand_id, note = d.candidate, ""
    cand = ps.get(cand_id)
    c = d.comparison if d.comparison is not None and d.comparison.candidate == cand.id else None
    c = c or compare(base.id, cand.id, plan, w, ps, as_of=day)
    ask = _SensitivityAsk(
        base.id,
        cand.id,
        list(s.sensitivity_volumes or _volume_ladder(w.monthly_tokens)),
        s.sensitivity_by,
        list(s.sensitivity_values or sorted({1, 2, 3, 4, plan.epochs})),
        day,
        ps,
        w,
    )
    # the grade of `ftcost grade`: every option a user really has (a filled-in template's
    # formulas weigh the same ones)
    how = dict(kinds=GRADE_KINDS, include_unverified=s.include_unverified)
    answers = dict(
        scenario=s,
        base=base,
        candidate=cand,
        chosen=given is None,
        decision=d,
        comparison=c,
        ranking=ranking,
        grade=grade(
            base.id,
            plan,
            w,
            ps,
            ranking=ranking,
            as_of=day,
            routing=routing_args,
            # the decision weighed a superset of the grade's options on the same workload
            # (`Options.restricted`: weighed afresh if the decision weighed other prices)
            options_weighed=d.weighed,
            **how,
        ),
        schedule=schedule(c),
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
        as_of=day,
        spend_text=spend_text,
        prices=ps,
    )
    return answers, ask


def _bare(e: Exception, key: str) -> str:
    msg = str(e)
    return msg[len(key) + 2 :] if msg.startswith(key + ": ") else msg


# Scenarios computed together: their Sensitivity tables come from one engine.grid call per base
# model (and retraining kind) instead of one call each.
_BATCH = 256


def _compute_batch(batch: Sequence[Scenario], ps: PriceSet) -> list[ScenarioResult]:
    try:
        done = _batched(batch, ps)
    except FtCostError:  # then one scenario at a time, so the first problem is the one raised
        done = []
        for s in batch:
            try:
                done.append(_located(s, lambda s=s: _answers(s, ps)))
            except FtCostError:
                # the tables of the scenarios before it came first
                for (_, ask), earlier in zip(done, batch, strict=False):
                    _located(earlier, lambda ask=ask, earlier=earlier: ask.one(earlier, ps))
                raise
    tables = _sensitivities(batch, [ask for _, ask in done], ps)
    return [ScenarioResult(**a, sensitivity=t) for (a, _), t in zip(done, tables, strict=True)]


def _batched(batch: Sequence[Scenario], ps: PriceSet) -> list[tuple[dict, _SensitivityAsk]]:
    """Every scenario's answers, the rankings of scenarios with the same base model, price
    set and day from one `engine.grid` call (`rank_many`); any problem raises (the caller then
    goes one scenario at a time, to name the first)."""
    given = [_inputs(s, ps) for s in batch]
    groups: dict[tuple, list[int]] = {}
    for k, i in enumerate(given):
        key = (id(i.ps), i.base.id, i.day, i.s.include_unavailable)
        groups.setdefault(key, []).append(k)
    rankings: list[Ranking | None] = [None] * len(batch)
    for members in groups.values():
        first = given[members[0]]
        asks = [(given[k].s.plan, given[k].w) for k in members]
        ranked = rank_many(
            asks,
            first.base,
            first.ps,
            as_of=first.day,
            include_unavailable=first.s.include_unavailable,
        )
        for k, r in zip(members, ranked, strict=True):
            rankings[k] = r
    return [_answers(s, ps, i, r) for s, i, r in zip(batch, given, rankings, strict=True)]


def _sensitivities(
    batch: Sequence[Scenario], asks: Sequence[_SensitivityAsk], ps: PriceSet
) -> list[dict]:
    """Every scenario's Sensitivity table, equal to its own `engine.sensitivity` call: the rows
    (volume × column value) of scenarios with the same base model are one `engine.grid` call."""
    groups: dict[tuple, list[int]] = {}
    for i, (s, ask) in enumerate(zip(batch, asks, strict=True)):
        # grid takes one base model, and retraining for every row or none
        # (and one as-of date)
        key = (ask.base, s.workload.retrain_every is None, ask.as_of, ask.by)
        groups.setdefault(key, []).append(i)
    out: list[dict] = [{} for _ in batch]
    try:
        for (base, never, _day, _by), members in groups.items():
            for i, table in zip(
                members, _one_grid(base, never, members, batch, asks, ps), strict=True
            ):
                out[i] = table
    except FtCostError:  # then one call each, so the message names its scenario
        return [
            _located(s, lambda s=s, a=a: a.one(s, ps)) for s, a in zip(batch, asks, strict=True)
        ]
    return out


def _one_grid(
    base: str,
    never: bool,
    members: Sequence[int],
    batch: Sequence[Scenario],
    asks: Sequence[_SensitivityAsk],
    ps: PriceSet,
) -> list[dict]:
    """The Sensitivity tables of ``members`` (one base model) from one `engine.grid` call."""
    shapes, scalars = [], {}
    volumes, values = [], []
    for i in members:
        s, ask = batch[i], asks[i]
        plan, w = s.plan, ask.workload
        shapes.append((len(ask.volumes), len(ask.values)))
        # the rows of engine.sensitivity: each volume × each column value; the scenario's plan
        # and workload fields (grid's arguments) for the rest
        for f in PLAN:
            if f.name in GRID_ARGS:
                scalars.setdefault(f.name, []).append(getattr(plan, f.name))
        for f in WORKLOAD:
            if f.name in GRID_ARGS:
                scalars.setdefault(f.name, []).append(getattr(w, f.name))
        vols = np.asarray(ask.volumes, dtype=float)
        vals = np.asarray(ask.values, dtype=float)
        volumes.append(np.repeat(vols, len(vals)))
        values.append(np.tile(vals, len(vols)))
    rows = [n_vol * n_col for n_vol, n_col in shapes]
    by = asks[members[0]].by  # one column kind a group (part of its key)
    # grid: NaN hours are "not given" (None for one row)
    hours = [np.nan if h is None else h for h in scalars["training_hours"]]
    scalars["training_hours"] = hours
    args = {k: np.repeat(np.array(v, dtype=float), rows) for k, v in scalars.items()}
    args["monthly_tokens"] = np.concatenate(volumes)
    args[by] = np.concatenate(values)
    if never:
        args.pop("retrain_every", None)
    first = asks[members[0]]  # the group's price set (its base model included) and day
    # only the candidates' columns are read: grid prices just them (each model's column is
    # computed on its own, the same doubles as in the whole set's grid)
    wanted = list(dict.fromkeys(asks[i].candidate for i in members))
    g = grid(first.prices, base=base, as_of=first.as_of, models=wanted, **args)
    ids = {m: j for j, m in enumerate(wanted)}
    tables, row = [], 0
    for i, (n_vol, n_col) in zip(members, shapes, strict=True):
        ask, j = asks[i], ids[asks[i].candidate]
        rows = slice(row, row + n_vol * n_col)
        row += n_vol * n_col
        tables.append(
            {
                "monthly_tokens": [float(v) for v in ask.volumes],
                "columns": list(ask.values),
                "column_name": ask.by,
                "net_savings": g["net_savings"][rows, j].reshape(n_vol, n_col),
                "breakeven_months": g["breakeven_months"][rows, j].reshape(n_vol, n_col),
            }
        )
    return tables


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
    results: list[ScenarioResult] = []
    with collector.paused():  # a tenth of the computing time otherwise
        for first in range(0, len(scenarios), _BATCH):
            results += _compute_batch(scenarios[first : first + _BATCH], ps)
            if progress:
                for k in range(first + 1, len(results) + 1):
                    progress("computed scenario", k, len(scenarios))
    return results
