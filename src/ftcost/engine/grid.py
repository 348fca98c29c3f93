"""Every model of a price set × every scenario at once (numpy), on the same kernels as `compare`."""

from __future__ import annotations

import datetime as _dt
import math
from typing import NamedTuple

import numpy as np

from .. import fields
from ..errors import InputError
from ..fields import Field
from ..lifecycle import parse_as_of
from ..model import TrainingPlan, Workload, parse_input
from ..units import MAX_QUANTITY
from .inputs import (
    _ARRAY_FIELDS,
    _kernel_prices,
    _prices,
    base_model,
    lifecycle_arrays,
    price_arrays,
)
from .kernels import k_horizon, k_needs_hours, k_per_million, k_service, k_training


class _Rule(NamedTuple):
    low: float
    high: float
    whole: bool


def _rule(f: Field) -> _Rule:
    """The bounds `model.parse_input` applies to field ``f``, as numbers grid can vectorise."""
    high = MAX_QUANTITY if f.high is None else min(f.high, MAX_QUANTITY)  # never ±inf
    if f.kind == "count":
        return _Rule(f.low or 0, high, True)
    if f.kind == "share":
        return _Rule(0.0, 1.0, False)
    return _Rule(0.0, high, False)


# grid's scenario arguments: fields of the plan and the workload, with the registry's bounds.
_ARGS = (
    "training_tokens",
    "monthly_tokens",
    "epochs",
    "output_ratio",
    "months",
    "validation_tokens",
    "runs",
    "training_hours",  # NaN: not given
    "prompt_overhead",
    "fallback_share",
    "cached_share",
    "batch_share",
    "retrain_every",  # None: trained once
)
GRID_ARGS = _ARGS  # the scenario inputs grid takes (a registry input it does not use: not passed)
_RULES: dict[str, _Rule] = {name: _rule(fields.by_name(name)) for name in _ARGS}
_OPTIONAL = ("training_hours", "retrain_every")


def _fails(rule: _Rule, x: float) -> bool:
    return not rule.low <= x <= rule.high or (rule.whole and x != math.floor(x))


def _problem(where: str, name: str, x: object) -> InputError:
    """The message TrainingPlan/Workload give for ``x`` (``where``: the argument[index])."""
    try:
        parse_input(fields.by_name(name), x)
    except InputError as e:
        return InputError(where + str(e).removeprefix(name))
    return InputError(f"{where}: out of range, got {x!r}")  # only if the two rules disagree


def _checked(args: dict) -> dict:
    """The scenario arguments as kernel inputs, each checked against its rule.

    Plain numbers stay Python floats (checked in Python: no numpy call per argument); 1-D
    sequences become (S, 1) columns, checked together in one numpy pass. Optional arguments not
    given stay None (training hours: NaN inside a sequence means not given for that scenario).
    """
    fast = _checked_columns(args)
    if fast is not None:
        return fast
    out: dict = {}
    arrays: list[tuple[str, np.ndarray]] = []
    for name, rule in _RULES.items():
        x = args[name]
        if x is None:
            if name not in _OPTIONAL:
                raise InputError(f"{name}: give a number or a 1-D list of numbers, not None")
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
            raise _problem(name, name, args[name])
        else:
            out[name] = x
    if arrays:
        _check_arrays(arrays)
    return out


def _checked_columns(args: dict) -> dict | None:
    """`_checked` when every argument given is a 1-D float array of one length (a batch of
    scenarios: `rank_many`, the report's Sensitivity tables): stacked and checked in one numpy
    pass, a fixed number of calls however many arguments. None when they are not (or a value
    breaks its rule: `_checked` then says which, as always)."""
    names = []
    for name in _RULES:
        x = args[name]
        if x is None:
            if name not in _OPTIONAL:
                return None
        elif type(x) is not np.ndarray or x.ndim != 1 or x.dtype != np.float64:
            return None
        else:
            names.append(name)
    key = tuple(names)
    bounds = _BOUNDS.get(key)
    if bounds is None:
        rows = [(*_RULES[name], name == "training_hours") for name in names]
        bounds = _BOUNDS[key] = np.array(rows, dtype=float).T[:, :, None]  # 4 × (k, 1)
    try:
        m = np.stack([args[name] for name in names])  # (k, S); ValueError: lengths differ
    except ValueError:
        return None
    lo, hi, whole, hours = bounds
    with np.errstate(invalid="ignore"):
        x = np.where((hours > 0) & np.isnan(m), 0.0, m)  # NaN hours: not given
        ok = (x >= lo) & (x <= hi) & ((whole == 0) | (x == np.floor(x)))
    if not ok.all():
        return None
    out: dict = dict.fromkeys(_RULES)  # None: an optional argument not given
    out.update(zip(names, m[:, :, None], strict=True))  # (S, 1) columns, views of m
    return out


_BOUNDS: dict[tuple[str, ...], np.ndarray] = {}  # the rules of each set of arguments given


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
        raise _problem(f"{name}[{j}]", name, float(flat[i]))


def _columns(ps, P: dict, L: dict, models) -> tuple[dict, dict]:
    """The price and lifecycle arrays of ``models`` only (the set's own formula flags kept)."""
    where = {m.id: j for j, m in enumerate(ps.models)}
    try:
        idx = [where[ps.get(name).id] for name in models]
    except KeyError as e:  # a model passed in that the set does not hold
        raise InputError(f"models: {e.args[0]} is not in the price set") from None
    P = {k: v[:, idx] for k, v in P.items()}
    av = L["availability"]
    L = L | {k: L[k][:, idx] for k in ("serve", "until", "trainable")}
    L["availability"] = [av[j] for j in idx]
    return P, L


def scenario_args(plan: TrainingPlan, workload: Workload) -> dict:
    """`grid`'s scenario arguments for one plan and workload."""
    return {
        name: getattr(plan if fields.by_name(name).group == "plan" else workload, name)
        for name in _ARGS
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
    as_of: _dt.date | str | None = None,
    models=None,
) -> dict[str, np.ndarray]:
    """Every model of the price set × every scenario at once.

    Each scenario argument is a number or a 1-D array (length S, broadcast together); results
    are (S, n_models) arrays: ``training_cost``, ``ft_per_million``, ``monthly_ft``, ``tco_ft``
    and, with a ``base`` model, ``base_per_million``, ``monthly_base``, ``monthly_savings``,
    ``breakeven_months`` (NaN: none), ``net_savings``. A model billed only by training hours gets
    NaN training where ``training_hours`` is not given (None or NaN). Arguments are held to the
    bounds TrainingPlan and Workload apply (the field registry's), the bad value named.

    On ``as_of`` (default today), as `compare`: ``effective_months`` and ``trainings`` follow
    each model's dates, ``trainable`` says which can be fine-tuned (the others get NaN
    ``tco_ft``, ``net_savings`` and ``breakeven_months``), ``breakeven_before_retirement``
    (with a base) is True where the break-even falls before retirement.

    ``models`` (ids of the set's models): only their columns, in that order — each model's
    column is computed on its own, so the same doubles as in the whole set's grid.
    """
    day = parse_as_of(as_of)
    ps = _prices(prices)
    P = price_arrays(ps)
    L = lifecycle_arrays(ps, day)
    if models is not None:
        P, L = _columns(ps, P, L, models)
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

    pb = P  # each model's own base prices, or the base model's for all (any current model)
    if base is not None:
        mb = _kernel_prices(ps, base_model(ps, base, day))
        pb = {k: np.array([[mb[k]]], dtype=float) for k in _ARRAY_FIELDS}
    base_pm, ft_pm = k_per_million(pb, P, a)
    H = a["months"]
    ok = L["trainable"]
    effective, trainings = k_service(H, a["retrain_every"], L["serve"], L["until"])
    effective = np.where(ok, effective, 0.0)
    trainings = np.where(ok, trainings, 0.0)
    # no retirement and no retraining cut: the horizon's plain formula, the same doubles
    # (`k_cumulative` adds exactly 0.0 otherwise) for one pass less over the grid
    cut = None if L["no_dates"] and a["retrain_every"] is None else effective
    # not trainable: NaN training in the horizon makes its total, net and break-even NaN
    train_h = train if L["all_trainable"] else np.where(ok, train, np.nan)
    h = k_horizon(
        a["monthly_tokens"], base_pm, ft_pm, P["fixed_monthly"], train_h, H, trainings, cut
    )
    shape = np.broadcast_shapes(train.shape, h.tco_ft.shape)
    out = {
        "training_cost": train,
        "ft_per_million": ft_pm,
        "monthly_ft": h.monthly_ft,
        "tco_ft": h.tco_ft,
        "effective_months": effective,
        "trainings": trainings,
        "trainable": ok,
    }
    if base is not None:
        with np.errstate(invalid="ignore"):
            before = h.breakeven_months <= L["serve"]  # NaN (no break-even): False
        out |= {
            "base_per_million": base_pm,
            "monthly_base": h.monthly_base,
            "monthly_savings": h.monthly_savings,
            "breakeven_months": h.breakeven_months,
            "net_savings": h.net_savings,
            "breakeven_before_retirement": before,
        }
    return {k: np.broadcast_to(v, shape) for k, v in out.items()}
