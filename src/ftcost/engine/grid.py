"""Every model of a price set × every scenario at once (numpy), on the same kernels as `compare`."""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..model import TrainingPlan, Workload
from .inputs import _ARRAY_FIELDS, _model, _pair, _prices, price_arrays
from .kernels import k_horizon, k_needs_hours, k_per_million, k_training, k_trainings


def _col(x, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim > 1:
        raise InputError(f"{name}: give a number or a 1-D list of numbers")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name}: every value must be a finite number")
    return a.reshape(-1, 1) if a.ndim == 1 else a


def scenario_args(plan: TrainingPlan, workload: Workload) -> dict:
    """`grid`'s scenario arguments for one plan and workload."""
    return {
        "training_tokens": plan.training_tokens,
        "monthly_tokens": workload.monthly_tokens,
        "epochs": plan.epochs,
        "output_ratio": workload.output_ratio,
        "months": workload.months,
        "validation_tokens": plan.validation_tokens,
        "runs": plan.runs,
        "training_hours": plan.training_hours,
        "prompt_overhead": workload.prompt_overhead,
        "fallback_share": workload.fallback_share,
        "cached_share": workload.cached_share,
        "batch_share": workload.batch_share,
        "retrain_every": workload.retrain_every,
    }


def grid(
    prices=None,
    *,
    training_tokens,
    monthly_tokens,
    epochs=1,
    output_ratio=0.0,
    months=12,
    validation_tokens=0.0,
    runs=1,
    training_hours=None,
    prompt_overhead=0.0,
    fallback_share=0.0,
    cached_share=0.0,
    batch_share=0.0,
    retrain_every=None,
    base=None,
) -> dict[str, np.ndarray]:
    """Every model of the price set × every scenario at once.

    Each scenario argument is a number or a 1-D array (length S, broadcast together); results
    are (S, n_models) arrays: ``training_cost``, ``ft_per_million``, ``monthly_ft``, ``tco_ft``
    and, with a ``base`` model, ``base_per_million``, ``monthly_base``, ``monthly_savings``,
    ``breakeven_months`` (NaN: none), ``net_savings``. A model billed only by training hours gets
    NaN training where ``training_hours`` is not given (None or NaN).
    """
    ps = _prices(prices)
    P = price_arrays(ps)
    T = _col(training_tokens, "training_tokens")
    M = _col(monthly_tokens, "monthly_tokens")
    E = _col(epochs, "epochs")
    R = _col(output_ratio, "output_ratio")
    H = _col(months, "months")
    V = _col(validation_tokens, "validation_tokens")
    N = _col(runs, "runs")
    for a, name in (
        (T, "training_tokens"),
        (M, "monthly_tokens"),
        (R, "output_ratio"),
        (V, "validation_tokens"),
    ):
        if np.any(a < 0):
            raise InputError(f"{name}: must be ≥ 0")
    for name, x in (
        ("prompt_overhead", prompt_overhead),
        ("fallback_share", fallback_share),
        ("cached_share", cached_share),
        ("batch_share", batch_share),
    ):
        a = _col(x, name)
        if np.any(a < 0) or (name.endswith("share") and np.any(a > 1)):
            raise InputError(
                f"{name}: must be ≥ 0" + (" and ≤ 1" if name.endswith("share") else "")
            )
    for a, name in ((E, "epochs"), (H, "months"), (N, "runs")):
        if np.any(a < 1) or np.any(a != np.floor(a)):
            raise InputError(f"{name}: must be whole numbers ≥ 1")
    # training hours: NaN (or None) means "not given"
    Hr = np.asarray(np.nan if training_hours is None else training_hours, dtype=float)
    Hr = Hr.reshape(-1, 1) if Hr.ndim == 1 else Hr
    hrs = np.where(np.isnan(Hr), 0.0, Hr)
    if np.any(hrs < 0):
        raise InputError("training_hours: must be ≥ 0")
    RE = None if retrain_every is None else _col(retrain_every, "retrain_every")

    hourly = P["training_per_hour"]
    train = k_training(P["training"], T, E, V, P["min_training_charge"], hrs, hourly, N)
    needs_hours = k_needs_hours(P["training"], P["min_training_charge"], hourly)
    train = np.where(needs_hours & np.isnan(Hr), np.nan, train)

    w = {
        "output_ratio": R,
        "prompt_overhead": _col(prompt_overhead, "prompt_overhead"),
        "fallback_share": _col(fallback_share, "fallback_share"),
        "cached_share": _col(cached_share, "cached_share"),
        "batch_share": _col(batch_share, "batch_share"),
    }
    p = P
    if base is not None:
        i = ps.ids.index(_model(ps, base).id)
        p = _pair({k: P[k][:, i : i + 1] for k in _ARRAY_FIELDS}, P)
    base_pm, ft_pm = k_per_million(p, w)
    h = k_horizon(M, base_pm, ft_pm, P["fixed_monthly"], train, H, k_trainings(H, RE))
    shape = np.broadcast_shapes(train.shape, h.tco_ft.shape)
    out = {
        "training_cost": train,
        "ft_per_million": ft_pm,
        "monthly_ft": h.monthly_ft,
        "tco_ft": h.tco_ft,
    }
    if base is not None:
        out |= {
            "base_per_million": base_pm,
            "monthly_base": h.monthly_base,
            "monthly_savings": h.monthly_savings,
            "breakeven_months": h.breakeven_months,
            "net_savings": h.net_savings,
        }
    return {k: np.broadcast_to(v, shape) for k, v in out.items()}
