"""From ftcost's types to the kernels' inputs: price sets, models, plans and workloads."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math

import numpy as np

from ..errors import FtCostError, InputError, UnknownModel
from ..fields import OPTIONAL_RATES, RATES
from ..lifecycle import Availability, availability, months_between
from ..model import PLAN_FIELDS, WORKLOAD_FIELDS, ModelPrice, TrainingPlan, Workload
from ..pricing import PriceSet, load_prices

# The per-1M token prices of both routes (every rate but training), as the kernels read them;
# a missing optional one (cached, batch) is priced at its standard rate.
_ARRAY_FIELDS = tuple(n for n in RATES if n != "training")
_STANDARD = {n: n.replace("cached_", "").replace("batch_", "") for n in OPTIONAL_RATES}
_TRAINING_FIELDS = ("training", "min_training_charge", "training_per_hour")


def _prices(prices) -> PriceSet:
    return load_prices(prices)


def _model(ps: PriceSet, name) -> ModelPrice:
    """A fine-tuning candidate: ftcost's catalog only (genai-prices has no fine-tuning prices)."""
    try:
        return ps.get(name)
    except UnknownModel as e:
        if isinstance(name, str) and not str(e).startswith("ambiguous"):
            from ..basemodels import is_base_only, resolve

            try:
                m = resolve(name, ps)
            except FtCostError:
                m = None
            if m is not None and is_base_only(m):
                err = UnknownModel(name.strip(), e.suggestions)
                err.args = (
                    f"{m.id}: {m.source.split(': ')[0]} has its base prices only, no "
                    "fine-tuning prices — it can be the base model, not a fine-tuning candidate",
                )
                raise err from None
        raise


def base_model(ps: PriceSet, name, as_of: _dt.date) -> ModelPrice:
    """The base model (the one used now) — the one way every engine function resolves it:
    ftcost's catalog first, then any current model genai-prices knows, priced on ``as_of``
    (`basemodels.resolve`; did-you-mean from both; a genai-prices model without an input
    price is a DataError saying so). A ModelPrice passed in is used as it is."""
    if isinstance(name, ModelPrice):
        return name
    # every engine call resolves its base: once per price set, name and day (a name that does
    # not resolve is not kept, and raises each time)
    found = ps.cache.get("base_model")
    if found is None:
        found = ps.cache["base_model"] = {}
    hit = found.get((name, as_of)) if type(name) is str and as_of is not None else None
    if hit is not None:
        return hit
    from ..basemodels import resolve  # genai-prices loads only when ftcost's catalog lacks it

    if not isinstance(name, str) or as_of is None:
        return resolve(name, ps, as_of=as_of)
    if len(found) > 4096:
        found.clear()
    hit = found[(name, as_of)] = resolve(name, ps, as_of=as_of)
    return hit


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


def with_volume(w: Workload, volume: float) -> Workload:
    """``w`` with ``volume`` (parsed tokens) as its monthly volume: ``w`` itself when that is
    its volume already (the same record, not a new one to validate again)."""
    v = w.monthly_tokens
    same = type(v) is float and type(volume) is float and v == volume
    if same and math.copysign(1.0, v) == math.copysign(1.0, volume):  # 0.0 and -0.0 differ
        return w
    return dataclasses.replace(w, monthly_tokens=volume)


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
    """A kernel's NaN (no such figure) as None, the way results say it (NaN alone is not
    equal to itself: the test that costs no call, on a hot path of the report)."""
    return None if x != x else x


def _as_plan(plan, **plan_fields) -> TrainingPlan:
    if isinstance(plan, TrainingPlan):
        if plan_fields:
            raise InputError(
                f"{next(iter(plan_fields))}: give a TrainingPlan or plan values, not both"
            )
        return plan
    if isinstance(plan, Workload):
        raise InputError("plan: expected a TrainingPlan or training tokens, got a Workload")
    return TrainingPlan(training_tokens=plan, **plan_fields)


def _as_inputs(plan, workload, fields: dict) -> tuple[TrainingPlan, Workload]:
    """(plan, workload) from objects or plain values: ``fields`` holds plan and workload fields
    given as keywords (``monthly_tokens="100M"``, ``epochs=3``); an object and keywords for the
    same record, or an unknown keyword, is an InputError."""
    unknown = [k for k in fields if k not in PLAN_FIELDS and k not in WORKLOAD_FIELDS]
    if unknown:
        raise InputError(f"{unknown[0]}: not a plan or workload field")
    pf = {k: v for k, v in fields.items() if k in PLAN_FIELDS and k != "training_tokens"}
    if "training_tokens" in fields:
        raise InputError("training_tokens: give it as the plan argument")
    wf = {k: v for k, v in fields.items() if k in WORKLOAD_FIELDS}
    if workload is not None and not isinstance(workload, Workload):
        raise InputError(f"workload: expected a Workload or None, got {type(workload).__name__}")
    if workload is not None and wf:
        raise InputError(f"{next(iter(wf))}: give a Workload or workload values, not both")
    return _as_plan(plan, **pf), workload if workload is not None else Workload(**wf)


def with_spend(
    w: Workload, monthly_spend, base: ModelPrice | None, as_of: _dt.date
) -> tuple[Workload, str]:
    """(``w`` with the monthly volume ``monthly_spend`` buys on ``base``, the sentence saying
    so) — `spend.tokens_from_spend`: the spend ÷ the base route's blended price per 1M task
    tokens (the workload's output ratio, cached and batch shares, prompt overhead). No spend:
    ``w`` as it is and "". A spend with monthly tokens, or without a base model, is an
    InputError."""
    if monthly_spend is None:
        return w, ""
    if w.monthly_tokens is not None:
        from ..units import fmt_tokens

        raise InputError(
            "monthly_spend: give a monthly spend or monthly tokens, not both "
            f"(monthly tokens {fmt_tokens(w.monthly_tokens)})"
        )
    if base is None:
        raise InputError("monthly_spend: needs the model the money is spent on (base=…)")
    from .spend import tokens_from_spend

    sv = tokens_from_spend(monthly_spend, base, w, as_of=as_of)
    return dataclasses.replace(w, monthly_tokens=sv.monthly_tokens), sv.text


def _service_months(a: Availability, as_of: _dt.date) -> tuple[float, float]:
    """(months the fine-tune serves, months a training job can still start) from ``as_of``;
    inf where no date is announced."""
    serve = a.serve_months if a.serve_months is not None else math.inf
    until = months_between(as_of, a.training_until) if a.training_until else math.inf
    return serve, until


def lifecycle_arrays(ps: PriceSet, as_of: _dt.date) -> dict:
    """Every model's lifecycle on ``as_of``, built once per price set and date: ``serve`` and
    ``until`` (1, n) month arrays (inf: no date), ``trainable`` (1, n) bools, ``availability``
    the list of `lifecycle.Availability`."""
    key = ("lifecycle", as_of)
    hit = ps.cache.get(key)
    if hit is None:
        av = [availability(m, as_of) for m in ps.models]
        sm = [_service_months(a, as_of) for a in av]
        hit = ps.cache[key] = {
            "serve": np.array([[s for s, _ in sm]], dtype=float),
            "until": np.array([[u for _, u in sm]], dtype=float),
            "trainable": np.array([[a.trainable for a in av]], dtype=bool),
            "availability": av,
            "all_trainable": all(a.trainable for a in av),
            "no_dates": all(a.serve_months is None for a in av),  # nothing retires
        }
    return hit


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
