"""From ftcost's types to the kernels' inputs: price sets, models, plans and workloads."""

from __future__ import annotations

import math

import numpy as np

from ..fields import OPTIONAL_RATES, RATES
from ..model import ModelPrice, TrainingPlan, Workload
from ..pricing import PriceSet, load_prices

# The per-1M token prices of both routes (every rate but training), as the kernels read them;
# a missing optional one (cached, batch) is priced at its standard rate.
_ARRAY_FIELDS = tuple(n for n in RATES if n != "training")
_STANDARD = {n: n.replace("cached_", "").replace("batch_", "") for n in OPTIONAL_RATES}
_TRAINING_FIELDS = ("training", "min_training_charge", "training_per_hour")


def _prices(prices) -> PriceSet:
    return load_prices(prices)


def _model(ps: PriceSet, name) -> ModelPrice:
    return ps.get(name)


def _price_dict(m: ModelPrice) -> dict:
    """A model's prices as kernel inputs: missing cached/batch prices fall back to the standard."""
    p = {n: getattr(m, n) for n in _ARRAY_FIELDS}
    for n, standard in _STANDARD.items():
        if p[n] is None:
            p[n] = p[standard]
    return p


def _kernel_prices(ps: PriceSet, m: ModelPrice) -> dict:
    """`_price_dict` of ``m``, built once per price set (callers only read it)."""
    cache = ps.cache.setdefault("kernel_prices", {})
    hit = cache.get(id(m))
    if hit is None or hit[0] is not m:  # keyed by identity: a ModelPrice passed in is not ps's
        hit = cache[id(m)] = (m, _price_dict(m))
    return hit[1]


def _workload_dict(w: Workload, **override) -> dict:
    return {
        "output_ratio": w.output_ratio,
        "prompt_overhead": w.prompt_overhead,
        "fallback_share": w.fallback_share,
        "cached_share": w.cached_share,
        "batch_share": w.batch_share,
    } | override


def _missing_rate_warnings(m: ModelPrice, w: Workload, route: str) -> list[str]:
    out = []
    pre = "base_" if route == "base" else "ft_"
    if w.cached_share and getattr(m, pre + "cached_input") is None:
        out.append(
            f"{m.id} has no {route} cached-input price: cached tokens priced at the standard rate"
        )
    if w.batch_share and getattr(m, pre + "batch_input") is None:
        out.append(f"{m.id} has no {route} batch price: batch traffic priced at the standard rate")
    return out


def _none(x: float) -> float | None:
    """A kernel's NaN (no such figure) as None, the way results say it."""
    return None if math.isnan(x) else x


def _as_plan(plan) -> TrainingPlan:
    if isinstance(plan, TrainingPlan):
        return plan
    return TrainingPlan(training_tokens=plan)


def price_arrays(ps: PriceSet) -> dict[str, np.ndarray]:
    """Every price of the set as a (1, n_models) array, built once per price set."""
    hit = ps.cache.get("arrays")
    if hit is None:
        rows = [_price_dict(m) for m in ps.models]
        hit = {k: np.array([[r[k] for r in rows]], dtype=float) for k in _ARRAY_FIELDS}
        for k in _TRAINING_FIELDS:
            hit[k] = np.array([[getattr(m, k) for m in ps.models]], dtype=float)
        hit["fixed_monthly"] = np.array([[m.fixed_monthly for m in ps.models]], dtype=float)
        ps.cache["arrays"] = hit
    return hit
