"""All of ftcost's cost math, once.

The formulas (the contract the template's Excel formulas and the UDFs share) are written once, as
*kernels* that take plain floats or numpy arrays alike; the scalar functions call them with
floats (IEEE doubles, as Excel computes) and the vectorised ranking/sensitivity paths call them
with broadcast arrays. Prices are USD per 1M tokens; volumes are tokens.

    training  = runs × (max(min_charge, (tokens × epochs + validation) × price / 1e6)
                        + hours × hourly)                                     (0 with no job)
    in_eff    = (1−b)·((1−c)·input + c·cached_input) + b·batch_input        c, b: cached/batch share
    base/1M   = base_in_eff × (1 + prompt_overhead) + output_ratio × base_out_eff
    ft/1M     = ft_in_eff + output_ratio × ft_out_eff + fallback_share × base/1M
    monthly   = monthly_tokens × per-1M / 1e6  (+ hosting × 730 h + storage on the fine-tuned route)
    break-even tokens = training / (base/1M − ft/1M) × 1e6;  months = training / monthly saving
    horizon:  TCO_base = months × base monthly;  TCO_ft = trainings × training + months × ft monthly
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from .errors import DataError, InputError, NoCandidate
from .model import (
    Comparison,
    ModelPrice,
    TrainingCost,
    TrainingPlan,
    Workload,
)
from .pricing import PriceSet, load_prices
from .units import fmt_money, fmt_tokens, parse_count, parse_price, parse_share, parse_tokens

__all__ = [
    "GRADE_THRESHOLDS",
    "Alternative",
    "Decision",
    "Grade",
    "RankRow",
    "Ranking",
    "breakeven",
    "candidates",
    "compare",
    "decide",
    "grade",
    "grid",
    "inference_cost",
    "openai_default_epochs",
    "prompt_engineering_cost",
    "rag_cost",
    "rank",
    "routing_cost",
    "schedule",
    "sensitivity",
    "training_cost",
]

MILLION = 1e6


# ------------------------------------------------------------------ kernels (floats or arrays)


def _is_array(*xs) -> bool:
    return any(isinstance(x, np.ndarray) for x in xs)


def _maximum(a, b):
    if _is_array(a, b):
        return np.maximum(a, b)
    return a if a >= b else b


def _where(cond, a, b):
    if _is_array(cond, a, b):
        return np.where(cond, a, b)
    return a if cond else b


def _safe_div(num, den):
    """num / den where den > 0, else NaN (no warnings, no infinities)."""
    if _is_array(num, den):
        num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
        out = np.full(num.shape, np.nan)
        np.divide(num, den, out=out, where=den > 0)
        return out
    return num / den if den > 0 else math.nan


def k_training(price, tokens, epochs, validation, min_charge, hours, hourly, runs):
    """Training cost of all runs; a run with no tokens and no hours is no job and costs 0."""
    billed = tokens * epochs + validation
    per_run = _maximum(min_charge, billed * price / MILLION) + hours * hourly
    per_run = _where((billed > 0) | (hours > 0), per_run, 0.0)
    return runs * per_run


def k_rate(standard, cached, batch, cached_share, batch_share):
    """Effective per-1M price with a cached and a batch share (exactly `standard` when both are 0)."""
    return (1 - batch_share) * (
        (1 - cached_share) * standard + cached_share * cached
    ) + batch_share * batch


def k_per_million(p: dict, w: dict):
    """(base route, fine-tuned route) cost per 1M task input tokens, before fixed monthly costs."""
    c, b, r = w["cached_share"], w["batch_share"], w["output_ratio"]
    base_in = k_rate(p["base_input"], p["base_cached_input"], p["base_batch_input"], c, b)
    base_out = k_rate(p["base_output"], p["base_output"], p["base_batch_output"], 0.0, b)
    ft_in = k_rate(p["ft_input"], p["ft_cached_input"], p["ft_batch_input"], c, b)
    ft_out = k_rate(p["ft_output"], p["ft_output"], p["ft_batch_output"], 0.0, b)
    base_pm = base_in * (1 + w["prompt_overhead"]) + r * base_out
    ft_pm = ft_in + r * ft_out + w["fallback_share"] * base_pm
    return base_pm, ft_pm


# ------------------------------------------------------------------ helpers


def _prices(prices) -> PriceSet:
    return load_prices(prices)


def _model(ps: PriceSet, name) -> ModelPrice:
    return ps.get(name)


def _price_dict(m: ModelPrice) -> dict:
    """A model's prices as kernel inputs: missing cached/batch prices fall back to the standard."""
    return {
        "base_input": m.base_input,
        "base_output": m.base_output,
        "ft_input": m.ft_input,
        "ft_output": m.ft_output,
        "base_cached_input": _or(m.base_cached_input, m.base_input),
        "base_batch_input": _or(m.base_batch_input, m.base_input),
        "base_batch_output": _or(m.base_batch_output, m.base_output),
        "ft_cached_input": _or(m.ft_cached_input, m.ft_input),
        "ft_batch_input": _or(m.ft_batch_input, m.ft_input),
        "ft_batch_output": _or(m.ft_batch_output, m.ft_output),
    }


def _or(x, default):
    return default if x is None else x


def _workload_dict(w: Workload) -> dict:
    return {
        "output_ratio": w.output_ratio,
        "prompt_overhead": w.prompt_overhead,
        "fallback_share": w.fallback_share,
        "cached_share": w.cached_share,
        "batch_share": w.batch_share,
    }


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


def _as_plan(plan) -> TrainingPlan:
    if isinstance(plan, TrainingPlan):
        return plan
    return TrainingPlan(training_tokens=plan)


# ------------------------------------------------------------------ training and inference


def training_cost(model, plan: TrainingPlan | float | str, prices=None) -> TrainingCost:
    """What fine-tuning ``model`` costs for ``plan`` (a TrainingPlan or a token count such as '5M').

    Models billed only by compute time (o4-mini RFT) need ``plan.training_hours``; for models
    billed by tokens *and* time, a missing hours figure leaves compute out, with a warning.
    """
    ps = _prices(prices)
    m = _model(ps, model)
    plan = _as_plan(plan)
    warnings: list[str] = []
    hours = plan.training_hours
    if m.billed_by_hour and hours is None:
        if m.training == 0 and m.min_training_charge == 0:
            raise DataError(
                f"{m.id} is billed ${m.training_per_hour:g} per training hour: give training_hours"
            )
        warnings.append(
            f"{m.id} also bills ${m.training_per_hour:g}/hour of training compute, "
            "not included: no training_hours given"
        )
        hours = 0.0
    hours = hours or 0.0
    billed = plan.training_tokens * plan.epochs + plan.validation_tokens
    token_cost = billed * m.training / MILLION
    total = k_training(
        m.training,
        plan.training_tokens,
        plan.epochs,
        plan.validation_tokens,
        m.min_training_charge,
        hours,
        m.training_per_hour,
        plan.runs,
    )
    per_run = total / plan.runs
    min_applied = (billed > 0 or hours > 0) and m.min_training_charge > token_cost
    if min_applied:
        warnings.append(
            f"{m.id}: minimum charge ${m.min_training_charge:g} per job applies "
            f"(tokens alone would cost {fmt_money(token_cost)})"
        )
    return TrainingCost(
        model=m.id,
        total=total,
        per_run=per_run,
        billed_tokens=billed,
        token_cost=token_cost,
        compute_cost=hours * m.training_per_hour,
        min_charge_applied=bool(min_applied),
        runs=plan.runs,
        warnings=tuple(warnings),
    )


def inference_cost(
    model,
    input_tokens,
    output_tokens=0,
    *,
    fine_tuned: bool = True,
    cached_share=0.0,
    batch_share=0.0,
    prices=None,
) -> float:
    """USD for serving ``input_tokens`` in and ``output_tokens`` out on ``model``.

    Token prices only: hosting and storage are monthly costs (see `compare`).
    """
    ps = _prices(prices)
    m = _model(ps, model)
    tin = parse_tokens(input_tokens, "input_tokens")
    tout = parse_tokens(output_tokens, "output_tokens")
    c = parse_share(cached_share, "cached_share")
    b = parse_share(batch_share, "batch_share")
    p = _price_dict(m)
    pre = "ft_" if fine_tuned else "base_"
    rin = k_rate(p[pre + "input"], p[pre + "cached_input"], p[pre + "batch_input"], c, b)
    rout = k_rate(p[pre + "output"], p[pre + "output"], p[pre + "batch_output"], 0.0, b)
    return (tin * rin + tout * rout) / MILLION


# ------------------------------------------------------------------ base vs fine-tuned


def compare(
    base, candidate, plan: TrainingPlan | float | str, workload: Workload | None = None, prices=None
) -> Comparison:
    """The base route (``base`` as you use it now) against fine-tuning ``candidate``."""
    ps = _prices(prices)
    mb, mc = _model(ps, base), _model(ps, candidate)
    plan = _as_plan(plan)
    w = workload or Workload()
    tc = training_cost(mc, plan, ps)
    warnings = list(tc.warnings)
    warnings += _missing_rate_warnings(mb, w, "base") + _missing_rate_warnings(mc, w, "fine-tuned")
    wd = _workload_dict(w)
    # base prices come from the base model, fine-tuned prices from the candidate
    p = _price_dict(mc)
    pb = _price_dict(mb)
    for k in p:
        if k.startswith("base_"):
            p[k] = pb[k]
    base_pm, ft_pm = k_per_million(p, wd)
    saving_pm = base_pm - ft_pm
    fixed = mc.fixed_monthly
    training = tc.total

    reason = ""
    be_tokens: float | None = None
    if saving_pm > 0 and fixed == 0:
        be_tokens = training / saving_pm * MILLION
    elif saving_pm <= 0:
        reason = (
            f"no break-even: fine-tuned {mc.id} costs {fmt_money(ft_pm)} per 1M tokens against "
            f"{fmt_money(base_pm)} on {mb.id}, so training is never paid back"
        )

    M = w.monthly_tokens
    monthly_base = monthly_ft = monthly_savings = annual = be_months = None
    tco_base = tco_ft = net = None
    trainings = w.trainings
    if M is not None:
        monthly_base = M * base_pm / MILLION
        monthly_ft = M * ft_pm / MILLION + fixed
        monthly_savings = monthly_base - monthly_ft
        annual = 12 * monthly_savings
        tco_base = w.months * monthly_base
        tco_ft = trainings * training + w.months * monthly_ft
        net = tco_base - tco_ft
        if monthly_savings > 0:
            be_months = training / monthly_savings
            if fixed > 0:
                be_tokens = be_months * M
        elif not reason and M == 0:
            reason = "no break-even: with 0 tokens a month there is nothing to save"
        elif not reason:
            reason = (
                f"no break-even at {fmt_tokens(M)} tokens/month: hosting and storage "
                f"({fmt_money(fixed)}/month) exceed the per-token saving "
                f"({fmt_money(M * saving_pm / MILLION)}/month)"
            )
    elif not reason:
        reason = "no monthly volume given: monthly, annual and net figures need monthly_tokens"
        if fixed > 0:
            reason = (
                f"break-even depends on monthly volume: {mc.id} has fixed costs of "
                f"{fmt_money(fixed)}/month; give monthly_tokens"
            )
    return Comparison(
        base=mb.id,
        candidate=mc.id,
        training=tc,
        base_per_million=base_pm,
        ft_per_million=ft_pm,
        savings_per_million_tokens=saving_pm,
        fixed_monthly=fixed,
        breakeven_tokens=be_tokens,
        monthly_tokens=M,
        monthly_base_cost=monthly_base,
        monthly_ft_cost=monthly_ft,
        monthly_savings=monthly_savings,
        annual_savings=annual,
        breakeven_months=be_months,
        months=w.months,
        trainings=trainings,
        retrain_every=w.retrain_every,
        tco_base=tco_base,
        tco_ft=tco_ft,
        net_savings=net,
        reason=reason,
        warnings=tuple(warnings),
    )


def breakeven(
    base,
    candidate,
    training_tokens,
    *,
    epochs=1,
    monthly_tokens=None,
    output_ratio=0.0,
    months=12,
    prices=None,
    **more,
) -> Comparison:
    """Convenience front to `compare`: volumes may be '5M'; ``more`` goes to TrainingPlan/Workload."""
    plan_keys = {"validation_tokens", "runs", "training_hours"}
    plan = TrainingPlan(
        training_tokens=training_tokens,
        epochs=epochs,
        **{k: v for k, v in more.items() if k in plan_keys},
    )
    w = Workload(
        monthly_tokens=monthly_tokens,
        output_ratio=output_ratio,
        months=months,
        **{k: v for k, v in more.items() if k not in plan_keys},
    )
    return compare(base, candidate, plan, w, prices)


def schedule(c: Comparison) -> list[tuple[int, float, float]]:
    """Month by month (0…horizon): (month, cumulative base cost, cumulative fine-tuned cost).

    Training is paid at month 0 and again every ``c.retrain_every`` months before the horizon;
    the last row equals (TCO_base, TCO_ft).
    """
    if c.monthly_base_cost is None or c.monthly_ft_cost is None:
        raise InputError("monthly_tokens: a month-by-month schedule needs a monthly volume")
    rows = []
    for m in range(c.months + 1):
        n = min(m // c.retrain_every + 1, c.trainings) if c.retrain_every else 1
        rows.append((m, m * c.monthly_base_cost, n * c.training.total + m * c.monthly_ft_cost))
    return rows


# ------------------------------------------------------------------ vectorised: grid, ranking


_ARRAY_FIELDS = (
    "base_input",
    "base_output",
    "ft_input",
    "ft_output",
    "base_cached_input",
    "base_batch_input",
    "base_batch_output",
    "ft_cached_input",
    "ft_batch_input",
    "ft_batch_output",
)


def price_arrays(ps: PriceSet) -> dict[str, np.ndarray]:
    """Every price of the set as a (1, n_models) array, built once per price set."""
    hit = ps.cache.get("arrays")
    if hit is None:
        rows = [_price_dict(m) for m in ps.models]
        hit = {k: np.array([[r[k] for r in rows]], dtype=float) for k in _ARRAY_FIELDS}
        for k in ("training", "min_training_charge", "training_per_hour"):
            hit[k] = np.array([[getattr(m, k) for m in ps.models]], dtype=float)
        hit["fixed_monthly"] = np.array([[m.fixed_monthly for m in ps.models]], dtype=float)
        ps.cache["arrays"] = hit
    return hit


def _col(x, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim > 1:
        raise InputError(f"{name}: give a number or a 1-D list of numbers")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name}: every value must be a finite number")
    return a.reshape(-1, 1) if a.ndim == 1 else a


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
    hourly = P["training_per_hour"]
    needs_hours = (hourly > 0) & (P["training"] == 0) & (P["min_training_charge"] == 0)
    hrs = np.where(np.isnan(Hr), 0.0, Hr)
    if np.any(hrs < 0):
        raise InputError("training_hours: must be ≥ 0")
    train = k_training(P["training"], T, E, V, P["min_training_charge"], hrs, hourly, N)
    train = np.where(needs_hours & np.isnan(Hr), np.nan, train)

    w = {
        "output_ratio": R,
        "prompt_overhead": _col(prompt_overhead, "prompt_overhead"),
        "fallback_share": _col(fallback_share, "fallback_share"),
        "cached_share": _col(cached_share, "cached_share"),
        "batch_share": _col(batch_share, "batch_share"),
    }
    p = dict(P)
    if base is not None:
        i = ps.ids.index(_model(ps, base).id)
        for k in _ARRAY_FIELDS:
            if k.startswith("base_"):
                p[k] = P[k][:, i : i + 1]
    base_pm, ft_pm = k_per_million(p, w)
    monthly_ft = M * ft_pm / MILLION + P["fixed_monthly"]
    if retrain_every is None:
        trainings = 1.0
    else:
        RE = _col(retrain_every, "retrain_every")
        trainings = np.ceil(H / RE)
    tco_ft = trainings * train + H * monthly_ft
    shape = np.broadcast_shapes(train.shape, tco_ft.shape)
    out = {
        "training_cost": np.broadcast_to(train, shape),
        "ft_per_million": np.broadcast_to(ft_pm, shape),
        "monthly_ft": np.broadcast_to(monthly_ft, shape),
        "tco_ft": np.broadcast_to(tco_ft, shape),
    }
    if base is not None:
        monthly_base = M * base_pm / MILLION
        saving = monthly_base - monthly_ft
        out["base_per_million"] = np.broadcast_to(base_pm, shape)
        out["monthly_base"] = np.broadcast_to(monthly_base, shape)
        out["monthly_savings"] = np.broadcast_to(saving, shape)
        out["breakeven_months"] = np.broadcast_to(_safe_div(train, saving), shape)
        out["net_savings"] = np.broadcast_to(H * monthly_base - tco_ft, shape)
    return out


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


def _none(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def rank(plan: TrainingPlan | float | str, workload: Workload, base=None, prices=None) -> Ranking:
    """Every model's fine-tuned route for this workload, cheapest total cost over the horizon first.

    Models that cannot be costed (billed by training hours with none given) come last with a note.
    """
    ps = _prices(prices)
    plan = _as_plan(plan)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: ranking needs a monthly volume")
    g = grid(
        ps,
        training_tokens=plan.training_tokens,
        monthly_tokens=workload.monthly_tokens,
        epochs=plan.epochs,
        output_ratio=workload.output_ratio,
        months=workload.months,
        validation_tokens=plan.validation_tokens,
        runs=plan.runs,
        training_hours=plan.training_hours,
        prompt_overhead=workload.prompt_overhead,
        fallback_share=workload.fallback_share,
        cached_share=workload.cached_share,
        batch_share=workload.batch_share,
        retrain_every=workload.retrain_every,
        base=base,
    )
    tco = g["tco_ft"][0]
    order = sorted(
        range(len(ps.models)), key=lambda i: (math.isnan(tco[i]), tco[i], ps.models[i].id)
    )
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
                training_cost=_none(g["training_cost"][0, i]),
                ft_per_million=float(g["ft_per_million"][0, i]),
                monthly_cost=float(g["monthly_ft"][0, i]),
                total_cost=_none(tco[i]),
                monthly_savings=_none(g["monthly_savings"][0, i]) if base is not None else None,
                breakeven_months=_none(g["breakeven_months"][0, i]) if base is not None else None,
                net_savings=_none(g["net_savings"][0, i]) if base is not None else None,
                note=note,
            )
        )
    base_id = _model(ps, base).id if base is not None else None
    base_monthly = float(g["monthly_base"][0, 0]) if base is not None else None
    return Ranking(tuple(rows), base_id, base_monthly, workload.months, workload.monthly_tokens)


def sensitivity(
    base,
    candidate,
    plan: TrainingPlan,
    workload: Workload,
    *,
    monthly_tokens,
    epochs=None,
    output_ratio=None,
    prices=None,
) -> dict:
    """Net saving over the horizon for each monthly volume (rows) × epochs or output ratio (columns).

    Returns {"monthly_tokens": [...], "columns": [...], "column_name": str, "net_savings": 2-D
    array, "breakeven_months": 2-D array (NaN: none)}.
    """
    if epochs is not None and output_ratio is not None:
        raise InputError("sensitivity: vary epochs or output_ratio, not both")
    ps = _prices(prices)
    mc = _model(ps, candidate)
    j = ps.ids.index(mc.id)
    vols = np.array([parse_tokens(v, "monthly_tokens") for v in monthly_tokens], dtype=float)
    if epochs is not None:
        name, cols = "epochs", [parse_count(e, "epochs", maximum=100) for e in epochs]
    elif output_ratio is not None:
        name, cols = "output_ratio", [parse_tokens(r, "output_ratio") for r in output_ratio]
    else:
        name, cols = "epochs", [plan.epochs]
    S, C = len(vols), len(cols)
    vv = np.repeat(vols, C)
    cc = np.tile(np.array(cols, dtype=float), S)
    kw = {
        "training_tokens": plan.training_tokens,
        "monthly_tokens": vv,
        "epochs": cc if name == "epochs" else plan.epochs,
        "output_ratio": cc if name == "output_ratio" else workload.output_ratio,
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
    g = grid(ps, base=base, **kw)
    return {
        "monthly_tokens": vols.tolist(),
        "columns": cols,
        "column_name": name,
        "net_savings": g["net_savings"][:, j].reshape(S, C),
        "breakeven_months": g["breakeven_months"][:, j].reshape(S, C),
    }


# ------------------------------------------------------------------ alternatives


@dataclass(frozen=True, slots=True)
class Alternative:
    name: str  # "prompt engineering", "RAG", "routing"
    monthly_cost: float
    per_million: float  # per 1M task input tokens
    parts: dict = field(default_factory=dict)  # cost components, USD/month
    notes: str = ""


def prompt_engineering_cost(model, workload: Workload, prices=None) -> Alternative:
    """Stay on ``model`` and carry instructions/few-shot examples in every prompt.

    Cost = the base route with ``workload.prompt_overhead`` extra input tokens per task token.
    """
    ps = _prices(prices)
    m = _model(ps, model)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: needed for the prompt-engineering cost")
    p = _price_dict(m)
    base_pm, _ = k_per_million(p, _workload_dict(workload))
    plain_pm, _ = k_per_million(p, {**_workload_dict(workload), "prompt_overhead": 0.0})
    M = workload.monthly_tokens
    monthly = M * base_pm / MILLION
    extra = monthly - M * plain_pm / MILLION
    return Alternative(
        name="prompt engineering",
        monthly_cost=monthly,
        per_million=base_pm,
        parts={"task tokens": monthly - extra, "extra prompt tokens": extra},
        notes=f"{m.id} with {workload.prompt_overhead:g} extra prompt tokens per task token",
    )


# RAG defaults: the article's low ends ($0.0001/1K embedding = $0.10/1M; $0.00001 per search)
RAG_EMBEDDING_PER_MILLION = 0.10
RAG_SEARCH_PER_QUERY = 0.00001


def rag_cost(
    model,
    workload: Workload,
    *,
    requests,
    context_tokens=2000,
    embedding_per_million=RAG_EMBEDDING_PER_MILLION,
    search_per_query=RAG_SEARCH_PER_QUERY,
    corpus_tokens=0,
    prices=None,
) -> Alternative:
    """Retrieval-augmented generation on ``model``: per month,

    embedding (task tokens + re-embedded corpus tokens) × embedding price
    + requests × search price + generation of (task + requests × context tokens) on the base model.
    """
    ps = _prices(prices)
    m = _model(ps, model)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: needed for the RAG cost")
    M = workload.monthly_tokens
    n = parse_tokens(requests, "requests")
    ctx = parse_tokens(context_tokens, "context_tokens")
    emb = parse_price(embedding_per_million, "embedding_per_million")
    search = parse_price(search_per_query, "search_per_query")
    corpus = parse_tokens(corpus_tokens, "corpus_tokens")
    if M > 0 and n == 0:
        raise InputError("requests: RAG needs the number of requests a month (> 0)")
    p = _price_dict(m)
    wd = {**_workload_dict(workload), "prompt_overhead": 0.0}
    gen_pm, _ = k_per_million(p, wd)
    base_in = k_rate(
        p["base_input"],
        p["base_cached_input"],
        p["base_batch_input"],
        workload.cached_share,
        workload.batch_share,
    )
    parts = {
        "embedding": (M + corpus) * emb / MILLION,
        "vector search": n * search,
        "generation": M * gen_pm / MILLION,
        "retrieved context": n * ctx * base_in / MILLION,
    }
    total = sum(parts.values())
    return Alternative(
        name="RAG",
        monthly_cost=total,
        per_million=total / M * MILLION if M else 0.0,
        parts=parts,
        notes=f"{m.id}, {fmt_tokens(n)} requests × {fmt_tokens(ctx)} context tokens",
    )


def routing_cost(
    cheap, premium, workload: Workload, *, simple_share, router_per_million=0.0, prices=None
) -> Alternative:
    """Send the ``simple_share`` of traffic to ``cheap`` and the rest to ``premium`` (base prices).

    Blended per 1M = share × cheap/1M + (1 − share) × premium/1M (+ a router's own cost per 1M).
    """
    ps = _prices(prices)
    mc, mp = _model(ps, cheap), _model(ps, premium)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: needed for the routing cost")
    s = parse_share(simple_share, "simple_share")
    router = parse_price(router_per_million, "router_per_million")
    wd = {**_workload_dict(workload), "prompt_overhead": 0.0}
    cheap_pm, _ = k_per_million(_price_dict(mc), wd)
    prem_pm, _ = k_per_million(_price_dict(mp), wd)
    blended = s * cheap_pm + (1 - s) * prem_pm + router
    M = workload.monthly_tokens
    return Alternative(
        name="routing",
        monthly_cost=M * blended / MILLION,
        per_million=blended,
        parts={
            f"{mc.id} (simple)": M * s * cheap_pm / MILLION,
            f"{mp.id} (complex)": M * (1 - s) * prem_pm / MILLION,
            "router": M * router / MILLION,
        },
        notes=f"{s:.0%} of traffic to {mc.id}, the rest to {mp.id}",
    )


# ------------------------------------------------------------------ grade and decision


# Share of the current monthly cost the cheapest viable option would save → letter.
GRADE_THRESHOLDS: tuple[tuple[str, float], ...] = (
    ("A+", 0.05),
    ("A", 0.15),
    ("B", 0.30),
    ("C", 0.50),
    ("D", 0.70),
    ("F", math.inf),
)


@dataclass(frozen=True, slots=True)
class Grade:
    letter: str
    current: str
    current_monthly: float
    best: str  # model id of the cheapest viable option ("<current> (as is)" when it is the current)
    best_monthly: float  # fine-tuned route incl. training spread over the horizon
    savings_share: float
    monthly_savings: float
    annual_savings: float


def letter_for(savings_share: float) -> str:
    for letter, upper in GRADE_THRESHOLDS:
        if savings_share < upper:
            return letter
    return "F"


def grade(current, plan: TrainingPlan, workload: Workload, prices=None) -> Grade:
    """Grade the current setup (``current`` used as a base model) against the cheapest viable option.

    Viable options: staying as is, or fine-tuning any non-deprecated model that can be costed,
    with its training spread over the horizon (trainings × training / months). The letter comes
    from the share of today's monthly cost that option saves (see GRADE_THRESHOLDS).
    """
    ps = _prices(prices)
    cur = _model(ps, current)
    r = rank(plan, workload, base=cur.id, prices=ps)
    if r.base_monthly_cost is None:
        raise InputError("monthly_tokens: a grade needs a monthly volume")
    current_monthly = r.base_monthly_cost
    best_id, best_monthly = f"{cur.id} (as is)", current_monthly
    for row in r.rows:
        if row.total_cost is None or row.status == "deprecated":
            continue
        equiv = row.total_cost / workload.months
        if equiv < best_monthly:
            best_id, best_monthly = row.id, equiv
    share = (current_monthly - best_monthly) / current_monthly if current_monthly > 0 else 0.0
    saving = current_monthly - best_monthly
    return Grade(
        letter=letter_for(share),
        current=cur.id,
        current_monthly=current_monthly,
        best=best_id,
        best_monthly=best_monthly,
        savings_share=share,
        monthly_savings=saving,
        annual_savings=12 * saving,
    )


# The article's volume thresholds (input tokens a month).
HIGH_VOLUME = 100e6
LOW_VOLUME = 1e6
PRIORITIES = ("cost", "inference", "self-hosting")


def _check_priority(priority: str) -> None:
    if priority not in PRIORITIES:
        raise InputError(f"priority: one of {', '.join(PRIORITIES)}; got {priority!r}")


def candidates(
    plan: TrainingPlan | float | str,
    workload: Workload,
    base=None,
    priority: str = "cost",
    prices=None,
    ranking: Ranking | None = None,
) -> list[RankRow]:
    """The models `decide` would fine-tune, best first, by ``priority``.

    cost: cheapest total over the horizon; inference: lowest fine-tuned price per token;
    self-hosting: cheapest with open weights. Only models that can be costed and are not
    deprecated; the base model itself only if nothing else qualifies. Pass the workload's
    ``ranking`` if you already have it. Raises NoCandidate when no model fits.
    """
    _check_priority(priority)
    ps = _prices(prices)
    r = ranking or rank(plan, workload, base=base, prices=ps)
    pool = [row for row in r.rows if row.total_cost is not None and row.status != "deprecated"]
    if priority == "inference":
        pool.sort(key=lambda row: (row.ft_per_million, row.total_cost))
    elif priority == "self-hosting":
        pool = [row for row in pool if ps.get(row.id).open_weights]
    if base is not None:
        pool = [row for row in pool if row.id != ps.get(base).id] or pool
    if not pool:
        raise NoCandidate(f"no model in the price data fits priority {priority!r}")
    return pool


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: str  # "fine-tune", "prompt engineering", "don't fine-tune"
    headline: str
    reasons: tuple[str, ...]
    candidate: str | None = None
    comparison: Comparison | None = None

    def text(self) -> str:
        return self.headline + (" — " + "; ".join(self.reasons) if self.reasons else "")


def decide(
    monthly_tokens,
    *,
    base=None,
    candidate=None,
    plan: TrainingPlan | float | str = 5e6,
    workload: Workload | None = None,
    narrow_task: bool = True,
    prompt_solves: bool = False,
    changing_requirements: bool = False,
    needs_reasoning: bool = False,
    multi_task: bool = False,
    priority: str = "cost",
    high_volume=HIGH_VOLUME,
    low_volume=LOW_VOLUME,
    prices=None,
) -> Decision:
    """The article's decision framework, with the break-even computed rather than guessed.

    1. Changing requirements, a need for reasoning, a multi-task system or a general-purpose
       task → don't fine-tune.  2. A prompt solves it, or under 1M tokens/month → prompt
       engineering.  3. Choose the model (given, or the cheapest by ``priority``).  4. Fine-tune
       when the training pays back within the horizon (the article's own test — monthly volume
       above the break-even volume — is payback within one month, and is reported).

    ``high_volume`` / ``low_volume`` are the article's 100M and 1M tokens a month unless given.
    """
    ps = _prices(prices)
    volume = parse_tokens(monthly_tokens, "monthly_tokens")
    high = parse_tokens(high_volume, "high_volume")
    low = parse_tokens(low_volume, "low_volume")
    if low > high:
        raise InputError(f"low_volume: {fmt_tokens(low)} is above high_volume {fmt_tokens(high)}")
    w = dataclasses.replace(workload or Workload(), monthly_tokens=volume)
    plan = _as_plan(plan)
    _check_priority(priority)
    blockers = []
    if changing_requirements:
        blockers.append(
            "requirements change often: a fine-tuned model is static and retraining is costly — use prompt engineering or RAG"
        )
    if needs_reasoning:
        blockers.append(
            "the task needs reasoning: fine-tuning improves format and domain knowledge, not reasoning — use a larger base model"
        )
    if multi_task:
        blockers.append(
            "one model serves many tasks: fine-tuning each is impractical — use a capable base model with good prompts"
        )
    if not narrow_task:
        blockers.append(
            "general-purpose tasks (chat, Q&A, summarisation): base models already do these well"
        )
    if blockers:
        return Decision("don't fine-tune", "Don't fine-tune", tuple(blockers))
    if prompt_solves:
        return Decision(
            "prompt engineering",
            "Stay with prompt engineering",
            ("a well-crafted prompt solves the task: it costs nothing extra beyond prompt tokens",),
        )
    if volume < low:
        whose = "the article's 1M/month" if low == LOW_VOLUME else f"{fmt_tokens(low)}/month"
        return Decision(
            "prompt engineering",
            "Stay with prompt engineering",
            (f"{fmt_tokens(volume)} tokens/month is under {whose}: few-shot prompting is cheaper",),
        )
    reasons = []
    if volume >= high:
        whose = "the article's" if high == HIGH_VOLUME else f"the ≥{fmt_tokens(high)}/month"
        reasons.append(
            f"{fmt_tokens(volume)} tokens/month on a narrow task: {whose} high-volume case"
        )
    if candidate is None:
        pool = candidates(plan, w, base=base, priority=priority, prices=ps)
        candidate = pool[0].id
        reasons.append(
            f"{candidate} is the {'cheapest' if priority == 'cost' else priority + ' pick'} to fine-tune for this workload"
        )
        if pool[0].status != "active":
            active = next((row.id for row in pool if row.status == "active"), None)
            reasons.append(
                f"{candidate}'s prices are {pool[0].status}: check them"
                + (f"; the cheapest with active prices is {active}" if active else "")
            )
    if base is None:
        return Decision(
            "fine-tune" if volume >= high else "compute the break-even",
            f"Fine-tuning {candidate} is likely worth it"
            if volume >= high
            else "Give the model you use now to compute the break-even",
            tuple(reasons),
            candidate,
        )
    c = compare(base, candidate, plan, w, ps)
    if c.breakeven_months is None:
        return Decision(
            "don't fine-tune",
            f"Don't fine-tune {c.candidate}",
            (*reasons, c.reason),
            c.candidate,
            c,
        )
    months_txt = f"{c.breakeven_months:.3g} months"
    article_rule = (c.breakeven_tokens or math.inf) <= volume
    reasons.append(
        f"training {fmt_money(c.training_cost)} pays back after {fmt_tokens(c.breakeven_tokens)} tokens "
        f"({months_txt}); the article's rule (monthly volume above the break-even volume) "
        + ("holds" if article_rule else "does not hold")
    )
    if c.breakeven_months <= w.months and (c.net_savings or 0) > 0:
        return Decision(
            "fine-tune",
            f"Fine-tune {c.candidate}: pays back in {months_txt}, saves "
            f"{fmt_money(c.net_savings)} over {w.months} months",
            tuple(reasons),
            c.candidate,
            c,
        )
    return Decision(
        "prompt engineering",
        f"Stay with prompt engineering: fine-tuning {c.candidate} pays back only after {months_txt}, "
        f"beyond the {w.months}-month horizon",
        tuple(reasons),
        c.candidate,
        c,
    )


# ------------------------------------------------------------------ epochs


def openai_default_epochs(n_examples) -> int:
    """The epochs OpenAI picks when none are given (cookbook "Chat_finetuning_data_prep").

    Target 3 epochs; if n × 3 < 100 → min(25, 100 // n); if n × 3 > 25,000 → max(1, 25,000 // n).
    """
    n = parse_count(n_examples, "n_examples", minimum=1)
    if n * 3 < 100:
        return min(25, 100 // n)
    if n * 3 > 25_000:
        return max(1, 25_000 // n)
    return 3
