"""Ranges give, cell by cell, what the function gives for that cell's values alone.

FT_SAVINGS, FT_BREAKEVEN_MONTHS and FT_TRAINING_COST compute the good cells of a range with one
engine call per group (`ftcost.functions.lift.batched`); every other cell (blank, bad, an Excel
error, no answer) goes the one-cell way. These properties hold every function to its one-cell
calls on random ranges: equal numbers (exactly: the same IEEE operations), the same message or
error code in the same cell, blanks where a required cell is empty, and a single message when
every cell makes the same mistake.
"""

from __future__ import annotations

import datetime
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftcost import engine
from ftcost import functions as fn
from ftcost.functions import lift
from ftcost.functions.cells import BATCHES

BAD = ["", "  ", None, "#N/A", "#DIV/0!", True, "lots", float("nan"), float("inf"), -1, -2.5]
MODELS = ["gpt-4o", "gpt-4o-mini", "GPT-4o mini", "gpt-4.1-nano", "o4-mini", "mistral-small-4",
          "llama-3.1-70b", "gemini-1.5-flash", "gpt4o", 42]  # fmt: skip
VOLUMES = st.one_of(
    st.floats(min_value=0, max_value=1e12),
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from([0, 0.0, 1e6, "5M", "54K", "1.2B", 1e18, 1.5e18, 10**400, np.float64(2e6)]),
    st.floats(min_value=1e300, max_value=1e308),  # overflows inside the math
)
VALUES = {
    "model": st.sampled_from(MODELS),
    "tokens": VOLUMES,
    "epochs": st.sampled_from([1, 2, 3, 25, 100, 101, 0, 2.5, "3", 3.0]),
    "months": st.sampled_from([1, 6, 12, 24, 1200, 1201, 0, 6.5, "12"]),
    "output_ratio": st.sampled_from([0, 0.25, 1, 3.5, 1000, 1001, "25%", -0.5]),
    "training_hours": st.sampled_from([0, 1, 4.5, 1e6, -1, "2"]),
    # the days the catalog's dates turn on: gpt-4o(-mini) trainable with no end in sight, closing
    # (the tests' day), closed but serving (after 2027-01-06), retired (from 2027-01-14); as
    # text, an Excel serial number, a date; and what is not a date
    "as_of": st.sampled_from(
        [
            "2025-06-01",
            "2026-12-01",
            "2027-01-10",
            46402,
            "2027-02-01",
            datetime.date(2027, 1, 14),
            "2026-13-01",
            12.5,
            "today",
        ]
    ),
    "cached_share": st.sampled_from([0, 0.3, "30%", 1, 1.5]),
    "monthly_spend": st.sampled_from([5000, "$5,000", "5K", 0, -1, 1e12]),
}


def kind(param: str) -> str:
    if param in VALUES:
        return param
    if "model" in param:
        return "model"
    if "tokens" in param:
        return "tokens"
    return param if param in VALUES else "tokens"


def cell(param: str) -> st.SearchStrategy:
    good = VALUES[kind(param)]
    return st.one_of(good, good, good, st.sampled_from(BAD))


@st.composite
def call(draw, name: str):
    """Arguments of ``name``: each a single cell or a range broadcastable to one shape."""
    f = fn.SPECS[name]
    rows, cols = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    args = {}
    for a in f.args:
        if a.name == "prices":
            continue
        shape = draw(st.sampled_from([(1, 1), (rows, 1), (1, cols), (rows, cols)]))
        same = draw(st.booleans())  # a range of one value repeated, or of different values
        first = draw(cell(a.name))
        args[a.name] = [
            [first if same else draw(cell(a.name)) for _ in range(shape[1])]
            for _ in range(shape[0])
        ]
    return args


def single(name: str, args: dict, i: int, j: int, office_js: bool):
    """Cell (i, j)'s values alone, as a one-cell formula gives them (a failure as its code)."""
    values = {n: g[i if len(g) > 1 else 0][j if len(g[0]) > 1 else 0] for n, g in args.items()}
    try:
        return fn.run(name, {**values, "prices": None}, office_js=office_js)
    except fn.Failure as f:
        return f.code


def one_cell(name: str, args: dict, i: int, j: int, office_js: bool):
    """What cell (i, j) of a range should hold."""
    got = single(name, args, i, j, office_js)
    if office_js and got == "#VALUE!":
        values = {n: g[i if len(g) > 1 else 0][j if len(g[0]) > 1 else 0] for n, g in args.items()}
        got = fn.run(name, {**values, "prices": None})  # the message says whether it is a blank
        return None if got.endswith(": required, but the cell is empty") else "#VALUE!"
    if isinstance(got, str) and got.endswith(": required, but the cell is empty"):
        return None  # in a range: a blank result
    return got


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and a == b


def check(name: str, args: dict, office_js: bool) -> None:
    rows = max(len(g) for g in args.values())
    cols = max(len(g[0]) for g in args.values())
    want = [[one_cell(name, args, i, j, office_js) for j in range(cols)] for i in range(rows)]
    try:
        got = fn.run(name, {**args, "prices": None}, office_js=office_js)
    except fn.Failure as f:  # Office.js: the whole call fails with one message
        got = f
    if not isinstance(got, list):
        if rows * cols == 1:  # the whole range is one cell
            want = single(name, args, 0, 0, office_js)
            if isinstance(got, fn.Failure):
                got = "#N/A" if got.kind == "na" else got.code
            assert same(got, want)
            return
        # every cell made the same mistake: said once
        msg = got.message if isinstance(got, fn.Failure) else got
        assert isinstance(msg, str), got
        singles = {
            fn.run(name, {**{n: g[i if len(g) > 1 else 0][j if len(g[0]) > 1 else 0]
                          for n, g in args.items()}, "prices": None})
            for i in range(rows)
            for j in range(cols)
        }  # fmt: skip
        assert singles == {msg}, (msg, singles)
        return
    assert len(got) == rows and all(len(r) == cols for r in got)
    for i in range(rows):
        for j in range(cols):
            assert same(got[i][j], want[i][j]), (i, j, got[i][j], want[i][j])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), office_js=st.booleans())
@pytest.mark.parametrize("name", sorted(BATCHES))
def test_batched_ranges_equal_one_cell_calls(name, data, office_js):
    check(name, data.draw(call(name), label="args"), office_js)


LIFTED = [n for n in fn.FUNCTIONS if n not in BATCHES and n not in fn.TABLES and n != "FT_GRADE"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name", LIFTED)
def test_other_ranges_equal_one_cell_calls(name, data):
    check(name, data.draw(call(name), label="args"), False)


def test_batched_path_is_taken():
    # the good cells of a long column are computed at once, not one by one
    calls = []
    original = lift.evaluate

    def spy(*a, **k):
        calls.append(1)
        return original(*a, **k)

    vols = [[1e6 + 1000 * i] for i in range(2000)] + [[None], ["x"], [-1]]
    lift.evaluate = spy
    try:
        got = fn.FT_SAVINGS("gpt-4o", "gpt-4o-mini", vols, 12, "5M")
    finally:
        lift.evaluate = original
    assert len(calls) == 3  # the blank and the two bad cells
    assert got[2000] == [None] and got[2001][0].startswith("monthly_tokens: expected a number")
    assert got[2002] == ["monthly_tokens: must be ≥ 0, got -1"]
    assert got[0] == [fn.FT_SAVINGS("gpt-4o", "gpt-4o-mini", 1e6, 12, "5M")]


def test_a_column_of_no_breakeven_is_na_in_every_cell():
    vols = [[1e6 * i] for i in range(50)]
    got = fn.run("FT_BREAKEVEN_MONTHS", dict(base_model="gpt-4o-mini", ft_model="gpt-4o",
                 training_tokens="5M", monthly_tokens=vols), office_js=True)  # fmt: skip
    assert got == [["#N/A"]] * 50
    msg = fn.FT_BREAKEVEN_MONTHS("gpt-4o-mini", "gpt-4o", "5M", vols)[7][0]
    assert msg.startswith("no break-even: fine-tuned gpt-4o costs")


def test_paying_back_after_retirement_is_said_without_the_one_cell_path():
    # gpt-4o-mini retires 1.45 months after the tests' day: small volumes pay back later, #N/A
    # with compare's own reason in every such cell, from the batch (no one-cell call)
    vols = [[1e6 * (i + 1)] for i in range(60)]
    calls = []
    original = lift.evaluate

    def spy(*a, **k):
        calls.append(1)
        return original(*a, **k)

    lift.evaluate = spy
    try:
        got = fn.FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", vols)
        codes = fn.run("FT_BREAKEVEN_MONTHS", dict(base_model="gpt-4o", ft_model="gpt-4o-mini",
                       training_tokens="5M", monthly_tokens=vols), office_js=True)  # fmt: skip
    finally:
        lift.evaluate = original
    assert calls == []
    late = [i for i, row in enumerate(got) if isinstance(row[0], str)]
    assert 0 < len(late) < len(vols)
    for i, (row, code) in enumerate(zip(got, codes, strict=True)):
        c = engine.compare("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=vols[i][0])
        if i in late:
            assert c.breakeven_before_retirement is False
            assert row == [c.reason] and code == ["#N/A"]
            assert row == [fn.FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", vols[i][0])]
        else:
            assert row == code == [c.breakeven_months]
