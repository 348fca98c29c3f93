"""Every model of a price set × every scenario at once (numpy), on the same kernels as `compare`."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..errors import InputError
from ..model import TrainingPlan, Workload
from ..units import MAX_QUANTITY
from .inputs import _ARRAY_FIELDS, _model, _pair, _prices, price_arrays
from .kernels import k_horizon, k_needs_hours, k_per_million, k_training, k_trainings


class _Rule(NamedTuple):
    low: float
    high: float
    whole: bool


# The bounds TrainingPlan and Workload apply (model.py), so grid accepts what they accept.
_TOKENS = _Rule(0.0, MAX_QUANTITY, False)
_SHARE = _Rule(0.0, 1.0, False)
_RULES: dict[str, _Rule] = {
    "training_tokens": _TOKENS,
    "monthly_tokens": _TOKENS,
    "epochs": _Rule(1, 100, True),
    "output_ratio": _Rule(0.0, 1000.0, False),
    "months": _Rule(1, 1200, True),
    "validation_tokens": _TOKENS,
    "runs": _Rule(1, 10_000, True),
    "training_hours": _TOKENS,  # NaN: not given
    "prompt_overhead": _TOKENS,
    "fallback_share": _SHARE,
    "cached_share": _SHARE,
    "batch_share": _SHARE,
    "retrain_every": _Rule(1, 1200, True),  # None: trained once
}
_OPTIONAL = ("training_hours", "retrain_every")


def _fails(rule: _Rule, x: float) -> bool:
    return not rule.low <= x <= rule.high or (rule.whole and x != math.floor(x))


def _problem(where: str, rule: _Rule, x: float) -> InputError:
    """The message the plan/workload would give for ``x`` (``where``: the argument[index])."""
    if not math.isfinite(x):
        return InputError(f"{where}: must be a finite number, got {x!r}")
    if rule.whole and x != math.floor(x):
        return InputError(f"{where}: must be a whole number, got {x:g}")
    if rule.high == MAX_QUANTITY:
        if x < 0:
            return InputError(f"{where}: must be ≥ 0, got {x:g}")
        return InputError(f"{where}: {x:.3g} is implausibly large (over {MAX_QUANTITY:.0e})")
    return InputError(f"{where}: must be between {rule.low:g} and {rule.high:g}, got {x:g}")


def _checked(args: dict) -> dict:
    """The scenario arguments as kernel inputs, each checked against its rule.

    Plain numbers stay Python floats (checked in Python: no numpy call per argument); 1-D
    sequences become (S, 1) columns, checked together in one numpy pass. Optional arguments not
    given stay None (training hours: NaN inside a sequence means not given for that scenario).
    """
    out: dict = {}
    arrays: list[tuple[str, np.ndarray]] = []
    for name, rule in _RULES.items():
        x = args[name]
        if x is None and name in _OPTIONAL:
            out[name] = None
            continue
        if isinstance(x, float | int):
            x = float(x)
        else:
            a = np.asarray(x, dtype=float)
            if a.ndim > 1:
                raise InputError(f"{name}: give a number or a 1-D list of numbers")
            if a.ndim == 1:
                arrays.append((name, a))
                out[name] = a.reshape(-1, 1)
                continue
            x = float(a)
        if name == "training_hours" and math.isnan(x):
            out[name] = None
        elif _fails(rule, x):
            raise _problem(name, rule, x)
        else:
            out[name] = x
    if arrays:
        _check_arrays(arrays)
    return out


def _check_arrays(arrays: list[tuple[str, np.ndarray]]) -> None:
    """Every element of every sequence against its argument's rule, in one numpy pass."""
    sizes = [a.size for _, a in arrays]
    lengths = {n for n in sizes if n != 1}
    if len(lengths) > 1:
        given = ", ".join(f"{name} {a.size}" for name, a in arrays)
        raise InputError(f"scenario arguments: sequences of different lengths ({given})")
    # one row per argument (low, high, whole, is-hours), repeated for its elements
    rows = [(*_RULES[name], name == "training_hours") for name, _ in arrays]
    lo, hi, whole, hours = np.repeat(np.array(rows, dtype=float), sizes, axis=0).T
    flat = np.concatenate([a for _, a in arrays])
    flat = np.where((hours > 0) & np.isnan(flat), 0.0, flat)  # NaN hours: not given
    ok = (flat >= lo) & (flat <= hi) & ((whole == 0) | (flat == np.floor(flat)))
    if not ok.all():
        i = int(np.argmin(ok))
        k = int(np.searchsorted(np.cumsum(sizes), i, side="right"))
        name = arrays[k][0]
        j = i - sum(sizes[:k])
        raise _problem(f"{name}[{j}]", _RULES[name], float(flat[i]))


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
    a = _checked(
        {
            "training_tokens": training_tokens,
            "monthly_tokens": monthly_tokens,
            "epochs": epochs,
            "output_ratio": output_ratio,
            "months": months,
            "validation_tokens": validation_tokens,
            "runs": runs,
            "training_hours": training_hours,
            "prompt_overhead": prompt_overhead,
            "fallback_share": fallback_share,
            "cached_share": cached_share,
            "batch_share": batch_share,
            "retrain_every": retrain_every,
        }
    )
    Hr = a["training_hours"]
    if Hr is None:
        hrs, missing = 0.0, True
    elif isinstance(Hr, np.ndarray):
        missing = np.isnan(Hr)
        hrs = np.where(missing, 0.0, Hr)
    else:
        hrs, missing = Hr, False
    hourly = P["training_per_hour"]
    train = k_training(
        P["training"],
        a["training_tokens"],
        a["epochs"],
        a["validation_tokens"],
        P["min_training_charge"],
        hrs,
        hourly,
        a["runs"],
    )
    needs_hours = k_needs_hours(P["training"], P["min_training_charge"], hourly)
    train = np.where(needs_hours & missing, np.nan, train)

    p = P
    if base is not None:
        i = ps.ids.index(_model(ps, base).id)
        p = _pair({k: P[k][:, i : i + 1] for k in _ARRAY_FIELDS}, P)
    base_pm, ft_pm = k_per_million(p, a)
    H = a["months"]
    trainings = k_trainings(H, a["retrain_every"])
    h = k_horizon(a["monthly_tokens"], base_pm, ft_pm, P["fixed_monthly"], train, H, trainings)
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
