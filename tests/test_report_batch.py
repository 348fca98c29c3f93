"""The report computes scenarios in batches (issue 12): every answer still equals the engine's
own call for that one scenario, and a failing scenario is still the one named."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import numpy as np
import pytest

from ftcost import engine
from ftcost.model import TrainingPlan, Workload
from ftcost.pricing import load_prices
from ftcost.report import compute, compute_all
from ftcost.scenarios import Scenario, ScenarioError

MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1-mini", "llama-3.1-8b", "mistral-small-4"]
BASES = [*MODELS, "o4-mini"]  # billed by training hours: NaN rows in its grid without hours


def _scenarios(n: int, seed: int = 7) -> list[Scenario]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        by_ratio = rnd.random() < 0.3
        out.append(
            Scenario(
                name=f"S{i}",
                base=rnd.choice(BASES),
                candidate=rnd.choice([*MODELS, None]),
                plan=TrainingPlan(
                    training_tokens=rnd.choice([1e5, 5e6, 3e7]),
                    epochs=rnd.randint(1, 5),
                    validation_tokens=rnd.choice([0, 1e5]),
                    runs=rnd.choice([1, 2]),
                    training_hours=rnd.choice([None, 4.0]),
                ),
                workload=Workload(
                    monthly_tokens=rnd.choice([2e6, 5e7, 3e8]),
                    output_ratio=rnd.choice([0, 0.4]),
                    prompt_overhead=rnd.choice([0, 0.5]),
                    fallback_share=rnd.choice([0, 0.1]),
                    cached_share=rnd.choice([0, 0.3]),
                    batch_share=rnd.choice([0, 0.2]),
                    months=rnd.choice([6, 12, 24]),
                    retrain_every=rnd.choice([None, 4]),
                ),
                priority=rnd.choice(["cost", "inference"]),
                sensitivity_by="output_ratio" if by_ratio else "epochs",
                sensitivity_values=(0.0, 0.5, 1.5) if by_ratio else None,
                sensitivity_volumes=rnd.choice([None, (1e6, 1e8)]),
                where=f"test: scenario 'S{i}'",
            )
        )
    return out


@pytest.fixture(scope="module")
def prices():
    return load_prices("default")


def test_batched_sensitivity_equals_the_engine_per_scenario(prices):
    scenarios = _scenarios(150)  # more than one batch, every base, both retraining kinds
    results = compute_all(scenarios, prices)
    # each result carries its scenario, with the as-of date it was computed for
    assert [dataclasses.replace(r.scenario, as_of=None) for r in results] == scenarios
    assert {r.scenario.as_of for r in results} == {dt.date(2026, 12, 1)}  # tests pin the date
    for res in results:
        s, got = res.scenario, res.sensitivity
        ask = {"epochs": got["columns"]} if got["column_name"] == "epochs" else {}
        ask = ask or {"output_ratio": got["columns"]}
        want = engine.sensitivity(
            res.base.id,
            res.candidate.id,
            s.plan,
            s.workload,
            monthly_tokens=got["monthly_tokens"],
            prices=prices,
            **ask,
        )
        assert got["monthly_tokens"] == want["monthly_tokens"]
        assert got["columns"] == want["columns"] and got["column_name"] == want["column_name"]
        for key in ("net_savings", "breakeven_months"):
            # the same doubles, not merely close: grid is element by element
            assert np.array_equal(got[key], want[key], equal_nan=True), (s.name, key)
        if s.sensitivity_by == "output_ratio":
            assert got["columns"] == [0.0, 0.5, 1.5]
        else:
            assert got["columns"] == sorted({1, 2, 3, 4, s.plan.epochs})


def test_a_batch_answers_as_one_scenario_at_a_time(prices):
    scenarios = _scenarios(70, seed=11)
    together = compute_all(scenarios, prices)
    for s, res in itertools.islice(zip(scenarios, together, strict=True), 0, 70, 7):
        alone = compute(s, prices)
        assert alone.decision == res.decision and alone.grade == res.grade
        assert alone.comparison == res.comparison and alone.ranking == res.ranking
        for key in ("net_savings", "breakeven_months"):
            assert np.array_equal(alone.sensitivity[key], res.sensitivity[key], equal_nan=True)


def test_the_failing_scenario_is_named_inside_a_batch(prices):
    scenarios = _scenarios(100, seed=3)
    bad = Scenario(
        name="no volume",
        base="gpt-4o",
        plan=TrainingPlan(training_tokens=5e6),
        workload=Workload(monthly_tokens=None),
        where="test: scenario 'no volume'",
    )
    with pytest.raises(ScenarioError) as e:
        compute_all([*scenarios[:80], bad, *scenarios[80:]], prices)
    assert e.value.problems == [
        "test: scenario 'no volume': monthly_tokens: the report needs a monthly volume"
    ]


def test_progress_reports_every_scenario_in_order(prices):
    seen = []
    compute_all(_scenarios(130), prices, lambda stage, done, total: seen.append((done, total)))
    assert seen == [(k, 130) for k in range(1, 131)]


def test_a_batch_grid_failure_falls_back_to_one_call_each(prices, monkeypatch):
    """If the batch's grid call fails, each scenario asks the engine alone (and a failure then
    names its scenario); the answers are the same."""
    from ftcost.errors import InputError
    from ftcost.report import results as compute_mod

    scenarios = _scenarios(10, seed=5)
    want = compute_all(scenarios, prices)

    def broken(*args, **kwargs):
        raise InputError("monthly_tokens: every value must be a finite number")

    monkeypatch.setattr(compute_mod, "grid", broken)
    got = compute_all(scenarios, prices)
    for a, b in zip(got, want, strict=True):
        # NaN where the candidate cannot be fine-tuned on the as-of date, in both
        assert np.array_equal(
            a.sensitivity["net_savings"], b.sensitivity["net_savings"], equal_nan=True
        )


def test_batched_answers_equal_the_one_at_a_time_path(prices, monkeypatch):
    """The batch path (one grid call ranks a group's scenarios) and the path a failing batch
    takes (each scenario ranked by its own `engine.rank`) give the same answers, bit for bit."""
    from ftcost.errors import InputError
    from ftcost.report import results as compute_mod

    scenarios = _scenarios(120, seed=13)
    fast = compute_all(scenarios, prices)

    def broken(*args, **kwargs):
        raise InputError("the batch path is off")

    monkeypatch.setattr(compute_mod, "_batched", broken)
    slow = compute_all(scenarios, prices)
    for a, b in zip(fast, slow, strict=True):
        assert repr(a.ranking) == repr(b.ranking) and a.ranking == b.ranking
        assert a.decision == b.decision and a.decision.options == b.decision.options
        assert a.grade == b.grade and a.comparison == b.comparison
        assert a.schedule == b.schedule
        assert (a.prompt, a.rag, a.routing) == (b.prompt, b.rag, b.routing)
        for key in ("net_savings", "breakeven_months"):
            assert np.array_equal(a.sensitivity[key], b.sensitivity[key], equal_nan=True)
