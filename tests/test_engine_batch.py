"""The engine's batch paths (issue 12): each answers exactly what the one-at-a-time call does.

`rank_many` against `rank`, `grid(models=…)` against the whole set's grid, the stacked argument
check against the per-argument one, and the reuse of an alternative asked twice in a row.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from ftcost import engine
from ftcost.engine import alternatives
from ftcost.engine.grid import _checked
from ftcost.engine.options import resolve_base
from ftcost.engine.rank import rank_many
from ftcost.errors import InputError, UnknownModel
from ftcost.model import TrainingPlan, Workload
from ftcost.pricing import load_prices

AS_OF = "2026-12-01"


@pytest.fixture(scope="module")
def ps():
    return load_prices("default")


def _asks(n: int, seed: int) -> list[tuple[TrainingPlan, Workload]]:
    rnd = random.Random(seed)
    return [
        (
            TrainingPlan(
                training_tokens=rnd.choice([0, 1e5, 5e6, 3e7]),
                epochs=rnd.randint(1, 5),
                validation_tokens=rnd.choice([0, 1e5]),
                runs=rnd.choice([1, 2]),
                training_hours=rnd.choice([None, 4.0]),  # o4-mini: NaN without hours
            ),
            Workload(
                monthly_tokens=rnd.choice([0, 2e6, 5e7, 3e8]),
                output_ratio=rnd.choice([0, 0.4, 1]),
                prompt_overhead=rnd.choice([0, 0.5]),
                fallback_share=rnd.choice([0, 0.1]),
                cached_share=rnd.choice([0, 0.3]),
                batch_share=rnd.choice([0, 0.2]),
                months=rnd.choice([1, 6, 12, 24]),
                retrain_every=rnd.choice([None, 1, 4]),  # both kinds in one batch
            ),
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize(
    ("base", "as_of", "include_unavailable"),
    [
        ("gpt-4o", AS_OF, False),
        ("gpt-4o-mini", "2027-02-01", True),  # after OpenAI's retirements
        ("claude-sonnet-4-5", AS_OF, False),  # a genai-prices base, in a grown set
        (None, AS_OF, False),  # no base: no savings columns
    ],
)
def test_rank_many_is_rank_one_at_a_time(ps, base, as_of, include_unavailable):
    asks = _asks(40, seed=hash((base, as_of)) % 1000)
    if base is not None:
        _, grown = resolve_base(base, ps, as_of)
    else:
        grown = ps
    many = rank_many(asks, base, grown, as_of=as_of, include_unavailable=include_unavailable)
    for (plan, w), got in zip(asks, many, strict=True):
        want = engine.rank(
            plan, w, base=base, prices=grown, as_of=as_of, include_unavailable=include_unavailable
        )
        assert got == want
        # the same doubles (repr round-trips a float exactly; 0.0 and -0.0 differ)
        assert repr(got.rows) == repr(want.rows)


def test_rank_many_needs_volumes(ps):
    plan, w = _asks(1, seed=1)[0]
    with pytest.raises(InputError, match="monthly_tokens"):
        rank_many([(plan, dataclasses.replace(w, monthly_tokens=None))], "gpt-4o", ps)
    with pytest.raises(InputError, match="workload: expected a Workload"):
        rank_many([(plan, {"monthly_tokens": 1e6})], "gpt-4o", ps)
    # training tokens as the plan, as rank takes them
    got = rank_many([("5M", w)], "gpt-4o", ps, as_of=AS_OF)
    assert got == [engine.rank("5M", w, base="gpt-4o", prices=ps, as_of=AS_OF)]
    assert rank_many([], "gpt-4o", ps) == []


def test_grid_of_some_models_is_their_columns_of_the_whole_grid(ps):
    rows = 30
    rnd = np.random.default_rng(3)
    args = dict(
        training_tokens=rnd.choice([1e5, 5e6], rows),
        monthly_tokens=rnd.choice([1e6, 1e8, 2e9], rows),
        epochs=rnd.choice([1.0, 3.0], rows),
        output_ratio=rnd.choice([0.0, 0.4], rows),
        months=rnd.choice([6.0, 24.0], rows),
        retrain_every=rnd.choice([1.0, 5.0], rows),
    )
    whole = engine.grid(ps, base="gpt-4o", as_of=AS_OF, **args)
    some = ["gpt-4o-mini", "llama-3.1-8b", "o4-mini", "gpt-4.1"]
    part = engine.grid(ps, base="gpt-4o", as_of=AS_OF, models=some, **args)
    cols = [ps.ids.index(m) for m in some]
    assert set(part) == set(whole)
    for key in whole:
        assert part[key].shape == (rows, len(some))
        assert np.array_equal(part[key], whole[key][:, cols], equal_nan=True), key
    with pytest.raises(UnknownModel, match="nope"):
        engine.grid(ps, as_of=AS_OF, models=["nope"], **args)
    other = dataclasses.replace(ps.get("gpt-4o"), id="elsewhere")  # a model the set lacks
    with pytest.raises(InputError, match="models: elsewhere is not in the price set"):
        engine.grid(ps, as_of=AS_OF, models=[other], **args)


def _columns(n: int, **change) -> dict:
    a = {
        "training_tokens": np.full(n, 5e6),
        "monthly_tokens": np.linspace(0, 1e9, n),
        "epochs": np.full(n, 2.0),
        "output_ratio": np.full(n, 0.3),
        "months": np.full(n, 12.0),
        "validation_tokens": np.zeros(n),
        "runs": np.ones(n),
        "training_hours": np.where(np.arange(n) % 2 == 0, np.nan, 3.0),
        "prompt_overhead": np.zeros(n),
        "fallback_share": np.zeros(n),
        "cached_share": np.zeros(n),
        "batch_share": np.zeros(n),
        "retrain_every": None,
    }
    return a | change


def test_stacked_argument_check_answers_as_the_one_by_one_check():
    fast = _checked(_columns(7))
    # the one-by-one path: a list (not an array) for one argument takes it
    slow = _checked(_columns(7, runs=[1.0] * 7))
    assert fast.keys() == slow.keys()
    for k in fast:
        if fast[k] is None:
            assert slow[k] is None, k
        else:
            assert fast[k].shape == (7, 1)
            assert np.array_equal(fast[k], slow[k], equal_nan=True), k


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"epochs": np.array([1.0, 2.0, 2.5])}, r"^epochs\[2\]"),
        ({"cached_share": np.array([0.0, 1.5, 0.0])}, r"^cached_share\[1\]"),
        ({"months": np.array([12.0, 12.0])}, "different lengths"),
    ],
)
def test_a_bad_value_in_a_stacked_batch_is_still_named(change, message):
    with pytest.raises(InputError, match=message):
        _checked(_columns(3, **change))


def test_an_alternative_is_reused_only_for_the_very_same_inputs(ps):
    w = Workload(monthly_tokens=1e7, output_ratio=0.3)
    a = engine.rag_cost("gpt-4o", w, requests=1e4, prices=ps)
    assert engine.rag_cost("gpt-4o", w, requests=1e4, prices=ps) is a  # the same call again
    b = engine.rag_cost("gpt-4o", w, requests=2e4, prices=ps)
    assert b is not a and b.monthly_cost > a.monthly_cost
    # an equal workload that is another record is computed again (and equals)
    c = engine.rag_cost("gpt-4o", dataclasses.replace(w), requests=1e4, prices=ps)
    assert c is not a and c == a
    assert alternatives._same(0.0, 0.0) and not alternatives._same(0.0, -0.0)
    r1 = engine.routing_cost("gpt-4o-mini", "gpt-4o", w, simple_share=0.7, prices=ps)
    r2 = engine.routing_cost("gpt-4o-mini", "gpt-4o", w, simple_share=0.5, prices=ps)
    assert r1 is not r2 and r1.monthly_cost < r2.monthly_cost
    p1 = engine.prompt_engineering_cost("gpt-4o", w, ps)
    p2 = engine.prompt_engineering_cost("gpt-4o-mini", w, ps)
    assert p1 is not p2 and p1.monthly_cost > p2.monthly_cost


def test_a_genai_prices_base_grows_one_set_per_day(ps):
    m1, g1 = resolve_base("claude-sonnet-4-5", ps, AS_OF)
    m2, g2 = resolve_base("claude-sonnet-4-5", ps, AS_OF)
    assert g1 is g2 and m1 is m2 and m1 in g1.models and m1 not in ps.models
    _, g3 = resolve_base("gpt-4o", ps, AS_OF)
    assert g3 is ps  # ftcost's own model: the set itself


def test_an_unknown_base_raises_every_time(ps):
    for _ in range(2):  # a failed lookup is not remembered
        with pytest.raises(UnknownModel):
            engine.rank("5M", monthly_tokens="1M", base="no-such-model", prices=ps, as_of=AS_OF)


def test_best_weighs_as_the_decision(ps):
    r = engine.rank("5M", monthly_tokens="150M", base="gpt-4o", prices=ps, as_of=AS_OF)
    d = engine.decide("150M", base="gpt-4o", prices=ps, as_of=AS_OF)
    assert r.rows[0].status == "unverified"  # the cheapest rests on second-hand prices
    assert r.best().id == d.candidate and r.best().status != "unverified"
    assert r.best(include_unverified=True) is r.rows[0]
    # a set of second-hand prices only (the article's): the cheapest of them, as decide picks
    art = load_prices("article")
    ra = engine.rank("5M", monthly_tokens="150M", base="gpt-4o", prices=art, as_of=AS_OF)
    da = engine.decide("150M", base="gpt-4o", prices=art, as_of=AS_OF)
    assert ra.best() is not None and ra.best().id == da.candidate
