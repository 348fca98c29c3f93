"""Properties the cost model must keep whatever the inputs (hypothesis)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ftcost
from ftcost.model import TrainingPlan, Workload

PRICES = ftcost.load_prices("default")
IDS = [m.id for m in PRICES if not (m.billed_by_hour and m.training == 0)]
AS_OF = "2026-12-01"  # pinned: what a model's lifecycle means depends on the day
# candidates that can be fine-tuned on AS_OF (the others have no break-even by rule)
TRAINABLE = [
    i for i in IDS if ftcost.lifecycle.availability(PRICES.get(i), date(2026, 12, 1)).trainable
]

models = st.sampled_from(IDS)
candidates = st.sampled_from(TRAINABLE)
volumes = st.floats(min_value=0, max_value=1e12, allow_nan=False)
positive = st.floats(min_value=1e3, max_value=1e11, allow_nan=False)
ratios = st.floats(min_value=0, max_value=10, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def scenarios(draw):
    plan = TrainingPlan(
        draw(volumes),
        epochs=draw(st.integers(1, 25)),
        validation_tokens=draw(st.floats(0, 1e8)),
        runs=draw(st.integers(1, 5)),
    )
    w = Workload(
        monthly_tokens=draw(positive),
        output_ratio=draw(ratios),
        prompt_overhead=draw(ratios),
        fallback_share=draw(shares),
        cached_share=draw(shares),
        batch_share=draw(shares),
        months=draw(st.integers(1, 60)),
        retrain_every=draw(st.one_of(st.none(), st.integers(1, 24))),
    )
    return draw(models), draw(candidates), plan, w


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_breakeven_identities(s):
    base, cand, plan, w = s
    c = ftcost.compare(base, cand, plan, w, PRICES, as_of=AS_OF)
    # net saving = months served × monthly saving − trainings × training
    mc = PRICES.get(cand)
    if mc.retires is None and mc.training_until is None:
        assert c.effective_months == w.months  # no dates: the whole horizon
    else:  # the fine-tune serves until it retires (or its last training window allows)
        assert 0 <= c.effective_months <= w.months
    assert c.net_savings == pytest.approx(
        c.effective_months * c.monthly_savings - c.trainings * c.training_cost,
        rel=1e-9,
        abs=1e-6,
    )
    assert c.annual_savings == pytest.approx(12 * c.monthly_savings, rel=1e-12)
    if c.breakeven_months is not None:
        # break-even months × monthly saving = training cost
        assert c.monthly_savings > 0
        assert c.breakeven_months * c.monthly_savings == pytest.approx(
            c.training_cost, rel=1e-9, abs=1e-12
        )
        # and in tokens: break-even tokens = months × monthly volume
        assert c.breakeven_tokens == pytest.approx(
            c.breakeven_months * w.monthly_tokens, rel=1e-9, abs=1e-6
        )
        assert c.breakeven_tokens >= 0 and math.isfinite(c.breakeven_tokens)
    else:  # no saving, or one too small to pay back within 10,000 years
        assert c.reason
        assert c.monthly_savings <= 0 or c.training_cost / c.monthly_savings > 120_000
    for x in (c.training_cost, c.base_per_million, c.ft_per_million, c.tco_base, c.tco_ft):
        assert math.isfinite(x) and x >= 0


@settings(max_examples=200, deadline=None)
@given(scenarios(), st.floats(min_value=1.0, max_value=1000.0))
def test_more_volume_never_delays_breakeven(s, factor):
    base, cand, plan, w = s
    c1 = ftcost.compare(base, cand, plan, w, PRICES, as_of=AS_OF)
    w2 = Workload(
        **{
            **{
                f: getattr(w, f)
                for f in (
                    "output_ratio",
                    "prompt_overhead",
                    "fallback_share",
                    "cached_share",
                    "batch_share",
                    "months",
                    "retrain_every",
                )
            },
            "monthly_tokens": w.monthly_tokens * factor,
        }
    )
    c2 = ftcost.compare(base, cand, plan, w2, PRICES, as_of=AS_OF)
    if c1.breakeven_months is not None:
        assert c2.breakeven_months is not None
        assert c2.breakeven_months <= c1.breakeven_months * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(models, volumes, st.integers(1, 25), st.integers(1, 25))
def test_more_epochs_never_cheaper(model, tokens, e1, e2):
    lo, hi = sorted((e1, e2))
    a = ftcost.training_cost(model, TrainingPlan(tokens, epochs=lo), PRICES).total
    b = ftcost.training_cost(model, TrainingPlan(tokens, epochs=hi), PRICES).total
    assert a <= b


@settings(max_examples=200, deadline=None)
@given(models, candidates, volumes, ratios)
def test_breakeven_tokens_scale_with_training(base, cand, tokens, ratio):
    # without fixed monthly costs, break-even volume is proportional to the training cost
    c1 = ftcost.breakeven(base, cand, tokens, output_ratio=ratio, prices=PRICES, as_of=AS_OF)
    c2 = ftcost.breakeven(
        base, cand, tokens * 2, epochs=2, output_ratio=ratio, prices=PRICES, as_of=AS_OF
    )
    if (
        c1.breakeven_tokens is not None
        and c1.training.min_charge_applied is False
        and c1.fixed_monthly == 0
    ):
        assert c2.breakeven_tokens == pytest.approx(4 * c1.breakeven_tokens, rel=1e-9, abs=1e-6)


LIFE = ftcost.load_prices(Path(__file__).parent / "data" / "lifecycle_prices.toml")
days = st.dates(min_value=date(2026, 6, 1), max_value=date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([m.id for m in LIFE]),
    st.sampled_from([m.id for m in LIFE]),
    days,
    st.integers(1, 36),
    st.one_of(st.none(), st.integers(1, 12)),
    positive,
)
def test_lifecycle_identities(base, cand, day, months, retrain, monthly):
    w = Workload(monthly_tokens=monthly, months=months, retrain_every=retrain)
    c = ftcost.compare(base, cand, "5M", w, LIFE, as_of=day)
    a = ftcost.lifecycle.availability(LIFE.get(cand), day)
    assert c.trainable is a.trainable and c.as_of == day
    if not c.trainable:
        assert c.net_savings is None and c.breakeven_months is None and c.tco_ft is None
        return
    # the route serves no longer than the horizon, nor past its retirement
    assert 0 < c.effective_months <= months
    if a.serve_months is not None:
        assert c.effective_months <= a.serve_months
    # net saving = months served × monthly saving − trainings × training
    assert c.net_savings == pytest.approx(
        c.effective_months * c.monthly_savings - c.trainings * c.training_cost,
        rel=1e-9,
        abs=1e-6,
    )
    # every training paid starts on or before training_until
    if retrain and a.training_until:
        last = (c.trainings - 1) * retrain
        assert last <= ftcost.lifecycle.months_between(day, a.training_until)
    if c.breakeven_months is not None:
        before = a.serve_months is None or c.breakeven_months <= a.serve_months
        assert c.breakeven_before_retirement is before


# ------------------------------------------------------------ extreme but valid inputs

# every price a price file accepts: 0, tiny, round, up to the $10,000-per-1M ceiling
extreme_prices = st.one_of(
    st.just(0.0),
    st.sampled_from([1e-6, 0.1, 0.3, 2.5, 10_000.0]),
    st.floats(min_value=1e-6, max_value=10_000, allow_nan=False),
)
extreme_volumes = st.one_of(
    st.sampled_from([0.0, 1e-30, 1.0, 1e18]),
    st.floats(min_value=0, max_value=1e18, allow_nan=False),
)


def _entry(mid: str, draw) -> dict:
    keys = ("base_input", "base_output", "ft_input", "ft_output", "training")
    return {
        "id": mid,
        "provider": "P",
        "name": mid,
        "status": "active",
        "checked": date(2026, 11, 1),
        "source": "s",
        **{k: draw(extreme_prices) for k in keys},
        "min_training_charge": draw(st.sampled_from([0.0, 4.0, 1e6])),
        "hosting_per_hour": draw(st.sampled_from([0.0, 1.7, 10_000.0])),
        "storage_per_month": draw(st.sampled_from([0.0, 2.0, 100_000.0])),
    }


@st.composite
def extreme_cases(draw):
    from ftcost.pricing import price_set_from_entries

    entries = [(_entry(mid, draw), lambda f: "x") for mid in ("b", "c")]
    ps = price_set_from_entries(entries, name="extreme", source="t")  # validated: ceilings hold
    plan = TrainingPlan(
        draw(extreme_volumes),
        epochs=draw(st.sampled_from([1, 100])),
        validation_tokens=draw(extreme_volumes),
        runs=draw(st.sampled_from([1, 10_000])),
    )
    w = Workload(
        monthly_tokens=draw(extreme_volumes),
        output_ratio=draw(st.sampled_from([0.0, 0.5, 1000.0])),
        prompt_overhead=draw(st.sampled_from([0.0, 2.0, 1e6])),
        fallback_share=draw(shares),
        cached_share=draw(shares),
        batch_share=draw(shares),
        months=draw(st.sampled_from([1, 12, 1200])),
        retrain_every=draw(st.sampled_from([None, 1, 7])),
    )
    return ps, plan, w


# the largest figure valid inputs can make: 1e18 tokens × 1e6 overhead × $10,000 per 1M a
# month over 1,200 months ≈ 1.2e28, trainings 1,200 × 10,000 runs × 1e20 tokens × $1e-2 ≈ 1e28
ASTRONOMICAL = 1e40


def _numbers(d: dict):
    for k, v in d.items():
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, int | float):
            yield k, float(v)
        elif isinstance(v, dict):
            yield from _numbers(v)


@settings(max_examples=300, deadline=None)
@given(extreme_cases())
def test_no_inf_nan_or_astronomical_figure(case):
    ps, plan, w = case
    c = ftcost.compare("b", "c", plan, w, ps, as_of=AS_OF)
    for k, x in _numbers(c.as_dict()):
        assert math.isfinite(x) and abs(x) < ASTRONOMICAL, (k, x)
    if c.breakeven_months is not None:
        # a break-even only from a real saving, not from rounding of two equal costs, and
        # within 10,000 years
        assert c.monthly_savings > 1e-9 * c.monthly_base_cost
        assert c.breakeven_months <= 120_000
        assert c.breakeven_months * c.monthly_savings == pytest.approx(c.training_cost, rel=1e-9)
    if c.breakeven_tokens is not None:
        assert c.savings_per_million_tokens > 1e-9 * c.base_per_million or c.fixed_monthly > 0
    r = ftcost.rank(plan, w, base="b", prices=ps, as_of=AS_OF)
    for row in r.rows:
        for k, x in _numbers(dataclasses_dict(row)):
            assert math.isfinite(x) and abs(x) < ASTRONOMICAL, (row.id, k, x)
    o = ftcost.options(
        "b", plan, w, prices=ps, as_of=AS_OF, kinds=("stay", "fine-tune", "route", "prompt", "rag")
    )
    for opt in o.options:
        for k, x in _numbers(opt.as_dict()):
            assert math.isfinite(x) and abs(x) < ASTRONOMICAL, (opt.label, k, x)


def dataclasses_dict(row) -> dict:
    import dataclasses

    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
