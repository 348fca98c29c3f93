"""Every model's fine-tuned route for one workload, cheapest total over the horizon first."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import TrainingPlan, Workload
from .grid import grid, scenario_args
from .inputs import _as_plan, _model, _none, _prices


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

    def records(self) -> list[dict]:
        return [{k: getattr(r, k) for k, _ in self.COLUMNS} | {"name": r.name} for r in self.rows]

    def to_frame(self):
        import pandas as pd  # only when asked: pandas is slow to import

        return pd.DataFrame(self.records()).set_index("rank")

    def best(self, include_deprecated: bool = False) -> RankRow | None:
        for r in self.rows:
            if r.total_cost is not None and (include_deprecated or r.status != "deprecated"):
                return r
        return None


def rank(plan: TrainingPlan | float | str, workload: Workload, base=None, prices=None) -> Ranking:
    """Every model's fine-tuned route for this workload, cheapest total cost over the horizon first.

    Models that cannot be costed (billed by training hours with none given) come last with a note.
    """
    ps = _prices(prices)
    plan = _as_plan(plan)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: ranking needs a monthly volume")
    g = grid(ps, base=base, **scenario_args(plan, workload))
    # Python floats once (tolist), not one numpy scalar per cell
    col = {k: v[0].tolist() for k, v in g.items()}
    tco = col["tco_ft"]
    order = sorted(
        range(len(ps.models)), key=lambda i: (math.isnan(tco[i]), tco[i], ps.models[i].id)
    )
    with_base = base is not None
    rows = []
    for n, i in enumerate(order, 1):
        m = ps.models[i]
        note = ""
        if math.isnan(tco[i]):
            note = f"billed ${m.training_per_hour:g}/training hour: give training hours"
        elif m.status != "active":
            note = m.status
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
                breakeven_months=_none(col["breakeven_months"][i]) if with_base else None,
                net_savings=_none(col["net_savings"][i]) if with_base else None,
                note=note,
            )
        )
    base_id = _model(ps, base).id if base is not None else None
    base_monthly = col["monthly_base"][0] if with_base else None
    return Ranking(
        tuple(rows), base_id, base_monthly, workload.months, workload.monthly_tokens, plan, workload
    )


def reuse(
    ranking: Ranking | None, plan: TrainingPlan | float | str, workload: Workload, base, ps
) -> Ranking:
    """``ranking`` if it was made for this plan, workload and base (checked), else `rank`."""
    plan = _as_plan(plan)
    if ranking is None:
        return rank(plan, workload, base=base, prices=ps)
    base_id = _model(ps, base).id if base is not None else None
    if (ranking.base, ranking.plan, ranking.workload) != (base_id, plan, workload):
        raise InputError(
            "ranking: made for another base model, plan or workload than the one asked about"
        )
    return ranking
