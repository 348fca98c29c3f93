"""The cost model's formulas, each written once, on plain floats or numpy arrays alike.

Scalar callers (`compare`, `training_cost`, the alternatives) pass floats and get IEEE doubles
computed in the same order Excel computes them; the vectorised callers (`grid`, and through it
`rank` and `sensitivity`) pass broadcast arrays. Nothing here knows about models, plans or
price sets: prices arrive as a mapping of the per-1M token prices of both routes (base_input,
base_cached_input, … ft_batch_output; see `inputs._ARRAY_FIELDS`).

    training  = runs × (max(min_charge, (tokens × epochs + validation) × price / 1e6)
                        + hours × hourly)                                     (0 with no job)
    in_eff    = (1−b)·((1−c)·input + c·cached_input) + b·batch_input        c, b: cached/batch share
    base/1M   = base_in_eff × (1 + prompt_overhead) + output_ratio × base_out_eff
    ft/1M     = ft_in_eff + output_ratio × ft_out_eff + fallback_share × base/1M
    monthly   = monthly_tokens × per-1M / 1e6  (+ hosting × 730 h + storage on the fine-tuned route)
    break-even tokens = training / (base/1M − ft/1M) × 1e6;  months = training / monthly saving
              (a saving within 1e-9 of the base route's cost is rounding: no saving, no break-even)
    horizon:  TCO_base = months × base monthly;
              TCO_ft = trainings × training + effective × ft monthly + (months − effective) × base
              monthly, where effective = the months the fine-tune can serve (to its retirement,
              and to N months after the last retraining its training window allows)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

MILLION = 1e6
# A saving smaller than this share of the base route's cost is the rounding of two equal costs
# computed by different formulas (e.g. a fallback share), not a saving: counted as none, so no
# break-even of billions of months is derived from it.
NOISE = 1e-9
# A break-even later than 10,000 years (100 × the longest horizon ftcost takes), or after more
# tokens than the most it reads a month (1e18) for that long, is no break-even: a saving of
# fractions of a cent against a training bill, not an answer anyone can act on.
MAX_BREAKEVEN_MONTHS = 120_000.0
MAX_BREAKEVEN_TOKENS = 1e18 * MAX_BREAKEVEN_MONTHS


# Each helper takes floats or arrays; with floats it stays in plain Python (no numpy call).
_ARRAY = np.ndarray


def _maximum(a, b):
    if isinstance(a, _ARRAY) or isinstance(b, _ARRAY):
        return np.maximum(a, b)
    return a if a >= b else b


def _where(cond, a, b):
    if isinstance(cond, _ARRAY) or isinstance(a, _ARRAY) or isinstance(b, _ARRAY):
        return np.where(cond, a, b)
    return a if cond else b


def _minimum(a, b):
    if isinstance(a, _ARRAY) or isinstance(b, _ARRAY):
        return np.minimum(a, b)
    return a if a <= b else b


def _ceil(x):
    return np.ceil(x) if isinstance(x, _ARRAY) else float(math.ceil(x))


def _floor(x):
    if isinstance(x, _ARRAY):
        return np.floor(x)
    return x if math.isinf(x) else float(math.floor(x))


def _capped(x, cap):
    """``x`` where it is at most ``cap``, else NaN (NaN stays NaN)."""
    if isinstance(x, _ARRAY):
        with np.errstate(invalid="ignore"):
            return np.where(x <= cap, x, np.nan)
    return x if x <= cap else math.nan


def _safe_div(num, den):
    """num / den where den > 0, else NaN (no warnings, no infinities)."""
    if isinstance(num, _ARRAY) or isinstance(den, _ARRAY):
        num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
        out = np.full(num.shape, np.nan)
        np.divide(num, den, out=out, where=den > 0)
        return out
    return num / den if den > 0 else math.nan


# ------------------------------------------------------------------ training


def k_billed(tokens, epochs, validation):
    """Tokens billed per training run."""
    return tokens * epochs + validation


def k_token_cost(billed, price):
    """What the billed tokens of one run cost, before any minimum charge."""
    return k_cost(billed, price)


def k_training(price, tokens, epochs, validation, min_charge, hours, hourly, runs):
    """Training cost of all runs; a run with no tokens and no hours is no job and costs 0."""
    billed = k_billed(tokens, epochs, validation)
    per_run = _maximum(min_charge, k_token_cost(billed, price)) + hours * hourly
    per_run = _where((billed > 0) | (hours > 0), per_run, 0.0)
    return runs * per_run


def k_needs_hours(price, min_charge, hourly):
    """True where a model is billed only by training hours: without hours it cannot be costed."""
    return (hourly > 0) & (price == 0) & (min_charge == 0)


def k_trainings(months, retrain_every):
    """Trainings paid over the horizon: at month 0, then every ``retrain_every`` months before it
    ends (1 when ``retrain_every`` is None)."""
    if retrain_every is None:
        return 1
    return -(-months // retrain_every)


def k_service(months, retrain_every, serve_months, until_months):
    """(effective months, trainings) of the fine-tuned route over a horizon of ``months``.

    ``serve_months``: months from the as-of date until the fine-tune retires (inf: no date);
    ``until_months``: months until the last day a training job can start (inf: open). The route
    serves min(months, serve) months. Retrainings fall at months 0, N, 2N, … < effective; one
    after ``until_months`` cannot happen, so the route then serves only until N months after the
    last possible one. With neither date this is (months, `k_trainings`) exactly.
    """
    eff = _minimum(months, serve_months)
    if retrain_every is None:
        return eff, 1
    planned = _ceil(eff / retrain_every)
    possible = _floor(until_months / retrain_every) + 1
    cut = planned > possible
    eff = _where(cut, _minimum(eff, possible * retrain_every), eff)
    return eff, _where(cut, possible, planned)


# ------------------------------------------------------------------ routes


def k_rate(standard, cached, batch, cached_share, batch_share):
    """Effective per-1M price with a cached and a batch share (exactly `standard` when both are 0)."""
    return (1 - batch_share) * (
        (1 - cached_share) * standard + cached_share * cached
    ) + batch_share * batch


def k_route_rates(p, route: str, cached_share, batch_share):
    """(input, output) effective per-1M prices of ``route`` ("base_" or "ft_") of prices ``p``.

    Output tokens are never cached: only the batch share moves the output price.
    """
    rin = k_rate(
        p[route + "input"], p[route + "cached_input"], p[route + "batch_input"],
        cached_share, batch_share,
    )  # fmt: skip
    rout = k_rate(
        p[route + "output"], p[route + "output"], p[route + "batch_output"], 0.0, batch_share
    )
    return rin, rout


def k_per_million(base, ft, w):
    """(base route, fine-tuned route) cost per 1M task input tokens, before fixed monthly costs.

    The base route is priced from ``base``'s base_* prices, the fine-tuned route from ``ft``'s
    ft_* prices (the same mapping for one model); ``w`` holds output_ratio, prompt_overhead,
    fallback_share, cached_share and batch_share.
    """
    c, b, r = w["cached_share"], w["batch_share"], w["output_ratio"]
    base_in, base_out = k_route_rates(base, "base_", c, b)
    ft_in, ft_out = k_route_rates(ft, "ft_", c, b)
    base_pm = base_in * (1 + w["prompt_overhead"]) + r * base_out
    ft_pm = ft_in + r * ft_out + w["fallback_share"] * base_pm
    return base_pm, ft_pm


def k_saving(base, ft):
    """``base`` − ``ft`` (per 1M or a month), 0 where the difference is within `NOISE` of
    ``base``: floating-point rounding of two equal costs."""
    d = base - ft
    return _where(abs(d) <= NOISE * abs(base), 0.0, d)


def k_cost(tokens, per_million):
    """USD for ``tokens`` at ``per_million`` USD per 1M tokens (a month's volume: a month's cost)."""
    return tokens * per_million / MILLION


def k_breakeven_tokens(training, saving_per_million):
    """Task tokens after which the training is paid back (NaN: no saving per token, or none
    within `MAX_BREAKEVEN_TOKENS`)."""
    return _capped(_safe_div(training, saving_per_million) * MILLION, MAX_BREAKEVEN_TOKENS)


class Horizon(NamedTuple):
    monthly_base: object
    monthly_ft: object
    monthly_savings: object
    tco_base: object
    tco_ft: object
    net_savings: object
    breakeven_months: object  # NaN: no monthly saving


def k_cumulative(months, monthly_base, monthly_ft, training, trainings, effective=None):
    """What each route has cost after ``months`` with ``trainings`` paid: (base, fine-tuned).

    The fine-tuned route serves ``effective`` months at most (None: all), then it is back on
    the base route; with ``effective`` ≥ ``months`` the figures are exactly those without it.
    """
    if effective is None:
        return months * monthly_base, trainings * training + months * monthly_ft
    served = _minimum(months, effective)
    after = months - served  # 0.0 while the fine-tune serves: adding it changes no bit
    return months * monthly_base, trainings * training + served * monthly_ft + after * monthly_base


def k_horizon(
    monthly_tokens, base_pm, ft_pm, fixed, training, months, trainings, effective=None
) -> Horizon:
    """Both routes a month and over the horizon, and when the training pays back."""
    monthly_base = k_cost(monthly_tokens, base_pm)
    monthly_ft = k_cost(monthly_tokens, ft_pm) + fixed
    saving = k_saving(monthly_base, monthly_ft)
    tco_base, tco_ft = k_cumulative(
        months, monthly_base, monthly_ft, training, trainings, effective
    )
    return Horizon(
        monthly_base,
        monthly_ft,
        saving,
        tco_base,
        tco_ft,
        tco_base - tco_ft,
        _capped(_safe_div(training, saving), MAX_BREAKEVEN_MONTHS),
    )
