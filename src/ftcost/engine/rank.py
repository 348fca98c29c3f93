"""Every model's fine-tuned route for one workload, cheapest total over the horizon first."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ..lifecycle import parse_as_of
from ..model import TrainingPlan, Workload
from .grid import GRID_ARGS, grid, scenario_args
from .inputs import (
    _as_inputs,
    _as_plan,
    _none,
    _prices,
    base_model,
    lifecycle_arrays,
    with_spend,
)


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    id: str
    provider: str
    name: str
    status: str
    training_cost: float | None
    ft_per_million: float
    monthly_cost: float
    total_cost: float | None  # fine-tuned route over the horizon (training + months × monthly)
    monthly_savings: float | None = None  # vs the base model, when given
    breakeven_months: float | None = None
    net_savings: float | None = None
    note: str = ""
    # lifecycle on the ranking's as-of date (see `ftcost.lifecycle`)
    state: str = "active"
    trainable: bool = True
    training_until: _dt.date | None = None
    retires: _dt.date | None = None
    effective_months: float | None = None  # months of the horizon the fine-tune serves
    breakeven_before_retirement: bool | None = None  # None: no break-even (or no base)


# `_ranking` builds rows positionally (a hot path of the report): this order, checked here
_ROW_FIELDS = (
    "rank", "id", "provider", "name", "status", "training_cost", "ft_per_million",
    "monthly_cost", "total_cost", "monthly_savings", "breakeven_months", "net_savings", "note",
    "state", "trainable", "training_until", "retires", "effective_months",
    "breakeven_before_retirement",
)  # fmt: skip
if RankRow.__match_args__ != _ROW_FIELDS:  # not an assert: it must hold under -O too
    raise TypeError("RankRow's fields moved: update _ranking's positional row")


@dataclass(frozen=True, slots=True)
class Ranking:
    rows: tuple[RankRow, ...]
    base: str | None
    base_monthly_cost: float | None
    months: int
    monthly_tokens: float
    # what it was ranked for, so a caller's ranking can be checked before it is reused
    plan: TrainingPlan | None = field(default=None, repr=False, compare=False)
    workload: Workload | None = field(default=None, repr=False, compare=False)
    as_of: _dt.date | None = None
    # models not trainable on as_of and left out: (model_id, state, reason)
    unavailable: tuple[tuple[str, str, str], ...] = ()
    include_unavailable: bool = False
    spend_text: str = ""  # the monthly spend the volume was derived from, when one was given

    COLUMNS = (
        ("rank", "Rank"),
        ("id", "Model"),
        ("provider", "Provider"),
        ("status", "Status"),
        ("training_cost", "Training $"),
        ("ft_per_million", "FT $/1M"),
        ("monthly_cost", "Monthly $"),
        ("total_cost", "Total $ (horizon)"),
        ("monthly_savings", "Saving $/month"),
        ("breakeven_months", "Break-even (months)"),
        ("net_savings", "Net saving $"),
        ("note", "Note"),
    )
    # the lifecycle on the as-of date: in records() and to_frame(), after COLUMNS
    LIFECYCLE_COLUMNS = (
        ("state", "Availability"),
        ("trainable", "Trainable"),
        ("training_until", "Training until"),
        ("retires", "Retires"),
        ("effective_months", "Months served"),
        ("breakeven_before_retirement", "Pays back before retiring"),
    )

    def records(self) -> list[dict]:
        """One dict a row (dates as YYYY-MM-DD, so the records are JSON-ready)."""
        return [
            {k: _plain(getattr(r, k)) for k, _ in self.COLUMNS}
            | {"name": r.name}
            | {k: _plain(getattr(r, k)) for k, _ in self.LIFECYCLE_COLUMNS}
            for r in self.rows
        ]

    def to_frame(self):
        import pandas as pd  # only when asked: pandas is slow to import

        return pd.DataFrame(self.records()).set_index("rank")

    def best(
        self, include_deprecated: bool = False, include_unverified: bool = False
    ) -> RankRow | None:
        """The cheapest row with a total over the horizon, as `decide` and `options` weigh
        them: not deprecated unless ``include_deprecated``; with first-hand prices unless
        ``include_unverified`` — or, when no costed row has first-hand prices (a set of
        second-hand figures, like the article's), the cheapest of them, as `decide` picks it.
        None when no row can be costed."""
        pool = [
            r
            for r in self.rows
            if r.total_cost is not None and (include_deprecated or r.status != "deprecated")
        ]
        if not include_unverified:
            pool = [r for r in pool if r.status != "unverified"] or pool
        return pool[0] if pool else None


def _plain(x):
    return x.isoformat() if isinstance(x, _dt.date) else x


def rank(
    plan: TrainingPlan | float | str,
    workload: Workload | None = None,
    base=None,
    prices=None,
    *,
    as_of: _dt.date | str | None = None,
    include_unavailable: bool = False,
    monthly_spend=None,
    **fields,
) -> Ranking:
    """Every model's fine-tuned route for this workload, cheapest total cost over the horizon first.

    ``plan``: a TrainingPlan or training tokens; ``workload``: a Workload or its fields as
    keywords (``monthly_tokens="100M"``). Only models trainable on ``as_of`` (default today) are
    ranked; the others are listed in ``unavailable`` with the reason, or ranked last (no total)
    with ``include_unavailable``. Models that cannot be costed (billed by training hours with
    none given) come last with a note. ``base``: any model ftcost's catalog or genai-prices
    knows. ``monthly_spend`` (USD a month on ``base``) instead of ``monthly_tokens``: the volume
    it buys there (`spend.tokens_from_spend`), said in ``Ranking.spend_text``.
    """
    day = parse_as_of(as_of)
    ps = _prices(prices)
    plan, workload = _as_inputs(plan, workload, fields)
    mb = base_model(ps, base, day) if base is not None else None  # any current model
    workload, spend_text = with_spend(workload, monthly_spend, mb, day)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: ranking needs a monthly volume")
    g = grid(ps, base=mb, as_of=day, **scenario_args(plan, workload))
    # Python floats once (tolist), not one numpy scalar per cell
    col = {k: v[0].tolist() for k, v in g.items()}
    return _ranking(ps, mb, day, plan, workload, col, include_unavailable, spend_text)


def rank_many(
    asks: Sequence[tuple[TrainingPlan, Workload]],
    base,
    prices,
    *,
    as_of: _dt.date | str | None = None,
    include_unavailable: bool = False,
) -> list[Ranking]:
    """`rank` of each (plan, workload) of ``asks`` for one base model, price set and day: equal
    to one `rank` call each (the same doubles), from one `engine.grid` call for all of them
    (two when some retrain and some do not). A plan is a TrainingPlan or training tokens; a
    workload is a Workload holding its monthly volume."""
    day = parse_as_of(as_of)
    ps = _prices(prices)
    mb = base_model(ps, base, day) if base is not None else None
    out: list[Ranking | None] = [None] * len(asks)
    groups: dict[bool, list[int]] = {}
    asks = [(_as_plan(plan), w) for plan, w in asks]
    for i, (_plan, w) in enumerate(asks):
        if not isinstance(w, Workload):
            raise InputError(f"workload: expected a Workload, got {type(w).__name__}")
        if w.monthly_tokens is None:
            raise InputError("monthly_tokens: ranking needs a monthly volume")
        groups.setdefault(w.retrain_every is None, []).append(i)
    for never, members in groups.items():
        cols: dict[str, list] = {name: [] for name in GRID_ARGS}
        for i in members:
            for name, v in scenario_args(*asks[i]).items():
                cols[name].append(v)
        args = {name: np.array(v, dtype=float) for name, v in cols.items() if name not in _NONE}
        # grid: NaN hours are "not given" (None for one scenario); retraining for all or none
        args["training_hours"] = np.array(
            [math.nan if h is None else h for h in cols["training_hours"]], dtype=float
        )
        args["retrain_every"] = None if never else np.array(cols["retrain_every"], dtype=float)
        g = grid(ps, base=mb, as_of=day, **args)
        table = {k: v.tolist() for k, v in g.items()}
        for row, i in enumerate(members):
            col = {k: v[row] for k, v in table.items()}
            out[i] = _ranking(ps, mb, day, *asks[i], col, include_unavailable, "")
    return out  # type: ignore[return-value]


_NONE = ("training_hours", "retrain_every")  # grid's optional arguments (None: not given)


def _static(ps, day: _dt.date, include_unavailable: bool) -> tuple:
    """What a ranking on ``day`` shows that no workload changes, once per price set and day:
    the models ranked, each one's fixed columns and notes, and the ones left out."""
    key = ("rank", day, include_unavailable)
    hit = ps.cache.get(key)
    if hit is None:
        av = lifecycle_arrays(ps, day)["availability"]
        from ..basemodels import is_base_only  # a genai-prices base in a grown set: no tuning

        keep = [
            i
            for i in range(len(ps.models))
            if (include_unavailable or av[i].trainable) and not is_base_only(ps.models[i])
        ]
        unavailable = tuple(
            (m.id, a.state, a.reason) for m, a in zip(ps.models, av, strict=True) if not a.trainable
        )
        fixed = []
        for m, a in zip(ps.models, av, strict=True):
            notes = (
                not a.trainable,
                a.reason,  # not trainable: why
                f"billed ${m.training_per_hour:g}/training hour: give training hours",  # no total
                m.status if m.status != "active" else "",
            )
            head = (m.id, m.provider, m.name, m.status)
            tail = (a.state, a.trainable, a.training_until, a.retires)
            fixed.append((head, tail, notes))
        hit = ps.cache[key] = (keep, unavailable, fixed, [m.id for m in ps.models])
    return hit


def _ranking(ps, mb, day, plan, workload, col, include_unavailable, spend_text) -> Ranking:
    """The Ranking of one workload from its row of `grid` (``col``: each output as a list)."""
    keep, unavailable, fixed, ids = _static(ps, day, include_unavailable)
    tco = col["tco_ft"]
    isnan = math.isnan
    order = sorted(keep, key=lambda i: (isnan(tco[i]), tco[i], ids[i]))
    with_base = mb is not None
    training, ft_pm, monthly = col["training_cost"], col["ft_per_million"], col["monthly_ft"]
    effective = col["effective_months"]
    if with_base:
        saving, be_m = col["monthly_savings"], col["breakeven_months"]
        net, before = col["net_savings"], col["breakeven_before_retirement"]
    rows = []
    for n, i in enumerate(order, 1):
        head, tail, (closed, why, hours, status) = fixed[i]
        total = _none(tco[i])
        be = _none(be_m[i]) if with_base else None
        rows.append(
            RankRow(
                n,
                *head,  # id, provider, name, status
                _none(training[i]),
                ft_pm[i],
                monthly[i],
                total,
                _none(saving[i]) if with_base else None,
                be,
                _none(net[i]) if with_base else None,
                why if closed else hours if total is None else status,  # note
                *tail,  # state, trainable, training_until, retires
                effective[i],
                before[i] if be is not None else None,
            )  # fmt: skip  (positional, a hot path: _ROW_FIELDS holds RankRow to this order)
        )
    base_id = mb.id if mb is not None else None
    base_monthly = col["monthly_base"][0] if with_base else None
    return Ranking(
        tuple(rows),
        base_id,
        base_monthly,
        workload.months,
        workload.monthly_tokens,
        plan,
        workload,
        as_of=day,
        unavailable=unavailable,
        include_unavailable=include_unavailable,
        spend_text=spend_text,
    )


def reuse(
    ranking: Ranking | None,
    plan: TrainingPlan | float | str,
    workload: Workload,
    base,
    ps,
    *,
    as_of: _dt.date | str | None = None,
    include_unavailable: bool = False,
) -> Ranking:
    """``ranking`` if it was made for this plan, workload and base (checked), else `rank`.

    ``as_of`` None accepts a given ranking's date (and ranks a new one for today).
    """
    plan = _as_plan(plan)
    if ranking is None:
        return rank(
            plan, workload, base=base, prices=ps, as_of=as_of,
            include_unavailable=include_unavailable,
        )  # fmt: skip
    day = parse_as_of(as_of) if as_of is not None else ranking.as_of
    base_id = base_model(ps, base, day).id if base is not None else None
    if (ranking.base, ranking.plan, ranking.workload) != (base_id, plan, workload):
        raise InputError(
            "ranking: made for another base model, plan or workload than the one asked about"
        )
    if as_of is not None and ranking.as_of is not None and parse_as_of(as_of) != ranking.as_of:
        raise InputError(f"ranking: made for {ranking.as_of}, not for as_of {as_of}")
    return ranking
