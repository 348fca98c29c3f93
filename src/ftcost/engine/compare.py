"""One model pair: the base route (the model used now) against fine-tuning a candidate."""

from __future__ import annotations

import datetime as _dt

import numpy as np

from ..errors import InputError
from ..lifecycle import availability, parse_as_of
from ..model import Comparison, ModelPrice, TrainingPlan, Workload
from ..units import fmt_money, fmt_tokens, parse_share, parse_tokens
from .inputs import (
    _as_inputs,
    _kernel_prices,
    _missing_rate_warnings,
    _model,
    _none,
    _prices,
    _service_months,
    _workload_dict,
    base_model,
    with_spend,
)
from .kernels import (
    MAX_BREAKEVEN_MONTHS,
    MILLION,
    k_breakeven_tokens,
    k_cost,
    k_cumulative,
    k_horizon,
    k_per_million,
    k_route_rates,
    k_saving,
    k_service,
    k_trainings,
)
from .training import _training_cost


def inference_cost(
    model,
    input_tokens,
    output_tokens=0,
    *,
    fine_tuned: bool = True,
    cached_share=0.0,
    batch_share=0.0,
    prices=None,
    as_of: _dt.date | str | None = None,
) -> float:
    """USD for serving ``input_tokens`` in and ``output_tokens`` out on ``model``.

    Token prices only: hosting and storage are monthly costs (see `compare`). ``as_of`` is
    checked but changes no price (a price is a price; `compare` says whether it can be had).
    """
    parse_as_of(as_of)
    ps = _prices(prices)
    m = _model(ps, model)
    tin = parse_tokens(input_tokens, "input_tokens")
    tout = parse_tokens(output_tokens, "output_tokens")
    c = parse_share(cached_share, "cached_share")
    b = parse_share(batch_share, "batch_share")
    rin, rout = k_route_rates(_kernel_prices(ps, m), "ft_" if fine_tuned else "base_", c, b)
    return (tin * rin + tout * rout) / MILLION


def compare(
    base,
    candidate,
    plan: TrainingPlan | float | str,
    workload: Workload | None = None,
    prices=None,
    *,
    as_of: _dt.date | str | None = None,
    monthly_spend=None,
    **fields,
) -> Comparison:
    """The base route (``base`` as you use it now) against fine-tuning ``candidate``.

    ``base``: any model ftcost's catalog or genai-prices knows; ``candidate``: a model of
    ftcost's catalog. ``plan``: a TrainingPlan or training tokens ('5M'); ``workload``: a
    Workload, or its fields (and the plan's) as keywords (``monthly_tokens="100M"``,
    ``epochs=3``). ``monthly_spend`` (USD a month on ``base``: 5000, "$5,000") instead of
    ``monthly_tokens`` becomes the volume it buys (`spend.tokens_from_spend`; the sentence is
    ``Comparison.spend_text``). On ``as_of``
    (default today) a candidate that cannot be trained gets no break-even, and the fine-tuned
    route serves only until it retires (then the base route again).
    """
    day = parse_as_of(as_of)
    ps = _prices(prices)
    mb, mc = base_model(ps, base, day), _model(ps, candidate)
    plan, w = _as_inputs(plan, workload, fields)
    w, spend_text = with_spend(w, monthly_spend, mb, day)
    tc = _training_cost(mc, plan, ps)
    warnings = list(tc.warnings)
    warnings += _missing_rate_warnings(mb, w, "base") + _missing_rate_warnings(mc, w, "fine-tuned")
    ab, ac = availability(mb, day), availability(mc, day)
    if ab.state == "retired":
        warnings.append(
            f"{mb.id} retired on {mb.retires}: it no longer serves, so its route is shown "
            "for comparison only"
        )
    base_pm, ft_pm = k_per_million(
        _kernel_prices(ps, mb), _kernel_prices(ps, mc), _workload_dict(w)
    )
    saving_pm = k_saving(base_pm, ft_pm)
    fixed = mc.fixed_monthly
    training = tc.total

    serve, until = _service_months(ac, day)
    if ac.trainable:
        effective, trainings = k_service(w.months, w.retrain_every, serve, until)
        warnings += _service_warnings(mc, ac, day, w, serve, effective, trainings)
    else:
        effective, trainings = 0.0, 0

    reason = ""
    be_tokens: float | None = None
    if saving_pm > 0 and fixed == 0:
        be_tokens = _none(k_breakeven_tokens(training, saving_pm))
        if be_tokens is None:
            reason = (
                f"no break-even within {MAX_BREAKEVEN_MONTHS / 12:,.0f} years even at 1e18 "
                f"tokens a month (ftcost's largest volume): fine-tuned {mc.id} saves "
                f"{fmt_money(saving_pm)} per 1M tokens against {fmt_money(training)} of training"
            )
    elif saving_pm == 0:
        reason = (
            f"no break-even: the two routes cost the same ({fmt_money(base_pm)} per 1M tokens "
            f"on {mb.id} and on fine-tuned {mc.id}), so training is never paid back"
        )
    elif saving_pm < 0:
        reason = (
            f"no break-even: fine-tuned {mc.id} costs {fmt_money(ft_pm)} per 1M tokens against "
            f"{fmt_money(base_pm)} on {mb.id}, so training is never paid back"
        )

    M = w.monthly_tokens
    monthly_base = monthly_ft = monthly_savings = annual = be_months = None
    tco_base = tco_ft = net = None
    if M is not None:
        h = k_horizon(M, base_pm, ft_pm, fixed, training, w.months, trainings, effective)
        monthly_base, monthly_ft, monthly_savings = h.monthly_base, h.monthly_ft, h.monthly_savings
        tco_base, tco_ft, net = h.tco_base, h.tco_ft, h.net_savings
        annual = 12 * monthly_savings
        be_months = _none(h.breakeven_months)
        if be_months is not None:
            if fixed > 0:
                be_tokens = be_months * M
        elif M > 0 and h.monthly_savings > 0:  # a saving too small to pay back in any lifetime
            be_tokens = None
            reason = (
                f"no break-even within {MAX_BREAKEVEN_MONTHS / 12:,.0f} years: what fine-tuned "
                f"{mc.id} saves a month is too small to pay back {fmt_money(training)} of "
                "training"
            )
        elif not reason and M == 0:
            reason = "no break-even: with 0 tokens a month there is nothing to save"
        elif not reason:
            reason = (
                f"no break-even at {fmt_tokens(M)} tokens/month: hosting and storage "
                f"({fmt_money(fixed)}/month) exceed the per-token saving "
                f"({fmt_money(k_cost(M, saving_pm))}/month)"
            )
    elif not reason:
        reason = "no monthly volume given: monthly, annual and net figures need monthly_tokens"
        if fixed > 0:
            reason = (
                f"break-even depends on monthly volume: {mc.id} has fixed costs of "
                f"{fmt_money(fixed)}/month; give monthly_tokens"
            )

    before: bool | None = None
    if not ac.trainable:  # no fine-tune can be made: no pay-back answer, no net figures
        if ac.state == "retired":
            reason = (
                f"{mc.id} retired on {mc.retires}: no fine-tuning job can start and its "
                "fine-tunes no longer serve, so there is no break-even"
            )
        else:
            reason = (
                f"{ac.reason}: no fine-tuning job can start on {day}, so there is no break-even"
            )
        be_tokens = be_months = tco_ft = net = annual = None
    elif be_months is not None:
        before = be_months <= serve
        if not before:
            reason = paid_back_after_retirement(be_months, mc, serve, day)
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
        trainings=int(trainings),
        retrain_every=w.retrain_every,
        tco_base=tco_base,
        tco_ft=tco_ft,
        net_savings=net,
        reason=reason,
        warnings=tuple(warnings),
        as_of=day,
        state=ac.state,
        trainable=ac.trainable,
        training_until=mc.training_until,
        retires=mc.retires,
        availability=ac.reason,
        effective_months=float(effective),
        breakeven_before_retirement=before,
        spend_text=spend_text,
    )


def _service_warnings(mc, ac, day, w: Workload, serve, effective, trainings) -> list[str]:
    """What the candidate's dates cut from the horizon, in words."""
    out = []
    if effective < w.months and serve <= effective:
        out.append(
            f"{mc.id} retires on {mc.retires}, {serve:.2f} months after {day}: the fine-tuned "
            f"route serves {effective:.2f} of the {w.months} months, then the base route"
        )
    elif effective < min(w.months, serve):
        planned = k_trainings(w.months, w.retrain_every)
        out.append(
            f"{mc.id} can be trained only until {ac.training_until}: {int(trainings)} of "
            f"{planned} trainings can happen, so the fine-tuned route serves {effective:.2f} "
            f"of the {w.months} months ({w.retrain_every} after the last training), then the "
            "base route"
        )
    return out


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
    as_of: _dt.date | str | None = None,
    monthly_spend=None,
    **more,
) -> Comparison:
    """Convenience front to `compare`: volumes may be '5M'; ``more`` goes to TrainingPlan/Workload.
    ``monthly_spend`` (USD a month on ``base``) instead of ``monthly_tokens``, as `compare`."""
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
    return compare(base, candidate, plan, w, prices, as_of=as_of, monthly_spend=monthly_spend)


def paid_back_after_retirement(be_months: float, m: ModelPrice, serve: float, day: _dt.date) -> str:
    """Why a break-even ``be_months`` away is none: fine-tuned ``m`` retires ``serve`` months
    after ``day``, before it (`compare`'s reason; FT_BREAKEVEN_MONTHS' message)."""
    return (
        f"pays back after {be_months:.2f} months but {m.id} retires on {m.retires}, "
        f"{serve:.2f} months after {day}: training is never paid back"
    )


def schedule(
    c: Comparison, *, as_of: _dt.date | str | None = None
) -> list[tuple[int, float, float]]:
    """Month by month (0…horizon): (month, cumulative base cost, cumulative fine-tuned cost).

    Training is paid at month 0 and again every ``c.retrain_every`` months while the fine-tune
    serves; after ``c.effective_months`` (its retirement) the fine-tuned line grows at the base
    monthly cost. The last row equals (TCO_base, TCO_ft). A candidate that cannot be trained
    on the as-of date is never trained nor served (``c.trainings`` and ``c.effective_months``
    are 0): its line is the base route's (``c.tco_ft`` stays None).
    """
    if as_of is not None and c.as_of is not None and parse_as_of(as_of) != c.as_of:
        raise InputError(f"as_of: the comparison was made for {c.as_of}, not {as_of}")
    if c.monthly_base_cost is None or c.monthly_ft_cost is None:
        raise InputError("monthly_tokens: a month-by-month schedule needs a monthly volume")
    # every month at once (numpy, element by element: the same doubles as month by month)
    months = np.arange(c.months + 1)
    paid = np.minimum(k_trainings(months + 1, c.retrain_every), c.trainings)  # none at the end
    base, ft = k_cumulative(
        months, c.monthly_base_cost, c.monthly_ft_cost, c.training.total, paid, c.effective_months
    )
    base = np.broadcast_to(base, months.shape).tolist()
    ft = np.broadcast_to(ft, months.shape).tolist()
    return list(zip(range(c.months + 1), base, ft, strict=True))
