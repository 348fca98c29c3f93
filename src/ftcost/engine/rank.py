"""Every model's fine-tuned route for one workload, cheapest total over the horizon first."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field

from ..errors import InputError
from ..lifecycle import parse_as_of
from ..model import TrainingPlan, Workload
from .grid import grid, scenario_args
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

    def best(self, include_deprecated: bool = False) -> RankRow | None:
        for r in self.rows:
            if r.total_cost is not None and (include_deprecated or r.status != "deprecated"):
                return r
        return None


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
    av = lifecycle_arrays(ps, day)["availability"]
    # Python floats once (tolist), not one numpy scalar per cell
    col = {k: v[0].tolist() for k, v in g.items()}
    tco = col["tco_ft"]
    from ..basemodels import is_base_only  # a genai-prices base in a grown set: nothing to tune

    keep = [
        i
        for i in range(len(ps.models))
        if (include_unavailable or av[i].trainable) and not is_base_only(ps.models[i])
    ]
    unavailable = tuple(
        (m.id, a.state, a.reason) for m, a in zip(ps.models, av, strict=True) if not a.trainable
    )
    order = sorted(keep, key=lambda i: (math.isnan(tco[i]), tco[i], ps.models[i].id))
    with_base = base is not None
    rows = []
    for n, i in enumerate(order, 1):
        m, a = ps.models[i], av[i]
        note = ""
        if not a.trainable:
            note = a.reason
        elif math.isnan(tco[i]):
            note = f"billed ${m.training_per_hour:g}/training hour: give training hours"
        elif m.status != "active":
            note = m.status
        be = _none(col["breakeven_months"][i]) if with_base else None
        rows.append(
            RankRow(
                rank=n,
                id=m.id,
                provider=m.provider,
                name=m.name,
                status=m.status,
                training_cost=_none(col["training_cost"][i]),
                ft_per_million=col["ft_per_million"][i],
                monthly_cost=col["monthly_ft"][i],
                total_cost=_none(tco[i]),
                monthly_savings=_none(col["monthly_savings"][i]) if with_base else None,
                breakeven_months=be,
                net_savings=_none(col["net_savings"][i]) if with_base else None,
                note=note,
                state=a.state,
                trainable=a.trainable,
                training_until=a.training_until,
                retires=a.retires,
                effective_months=col["effective_months"][i],
                breakeven_before_retirement=(
                    col["breakeven_before_retirement"][i] if be is not None else None
                ),
            )
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
