"""Property test: any cell values, any function — a finite number, a well-formed table, or a
clear message; never an exception, a traceback, NaN or infinity (direct calls, classic mode;
test_udfs_server.py fuzzes the Office.js dispatcher the same way)."""

from __future__ import annotations

import datetime as dt
import inspect
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftcost import udfs

WORDS = [
    "gpt-4o", "gpt-4o-mini", "GPT-4o mini", "openai/gpt-4.1", "gemini flash", "llama", "o4-mini",
    "gpt4o", "5M", "1.2B", "54K", "5,000,000", "$3.50", "-3M", "1e400", "25%", "150%", "TRUE",
    "FALSE", "yes", "training", "FT input", "checked", "notes", "fixed_monthly", "cost",
    "inference", "self-hosting", "default", "article", "", "   ", "#N/A", "#DIV/0!", "#SPILL!",
]  # fmt: skip
CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),  # NaN, ±inf, huge, tiny, negative zero
    st.sampled_from(WORDS),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from([np.float64(2.5e6), np.int64(3), np.nan]),
)


def grid(cells: st.SearchStrategy) -> st.SearchStrategy:
    return st.integers(1, 3).flatmap(
        lambda r: st.integers(1, 3).flatmap(
            lambda c: st.lists(st.lists(cells, min_size=c, max_size=c), min_size=r, max_size=r)
        )
    )


MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1-nano", "o4-mini", "mistral-small-4", "llama-3.1-70b"]
VOLUME = st.one_of(
    st.floats(min_value=0, max_value=1e308),
    st.sampled_from([0, 1, 1e6, 5e6, 1e12, "5M", "1.2B"]),
    st.sampled_from([1e300, 1e308, 1.7e308, "1e305"]),  # overflow to infinity inside the math
)
SMALL = st.one_of(st.integers(0, 30), st.floats(min_value=0, max_value=1e6), st.just(1e308))
FIELDS = ["ft_input", "training", "FT output", "base_batch_input", "checked", "fixed_monthly"]


def plausible(param: str) -> st.SearchStrategy:
    """Values that get past the checks, so the engine's paths are reached, not only the messages."""
    if "model" in param:
        return st.sampled_from(MODELS)
    if param == "prices":
        return st.sampled_from([None, "default", "article"])
    if param == "field":
        return st.sampled_from(FIELDS)
    if param == "priority":
        return st.sampled_from(["cost", "inference", "self-hosting"])
    if param in ("fine_tuned", "detail") or param.endswith(
        ("_task", "_solves", "_requirements", "_reasoning")
    ):
        return st.booleans()
    if "tokens" in param or param in ("requests", "n_examples"):
        return VOLUME
    if "share" in param:
        return st.floats(min_value=0, max_value=1)
    return SMALL


def argument(param: str) -> st.SearchStrategy:
    good = plausible(param)
    return st.one_of(
        good, good, good, CELL, grid(good), grid(CELL), st.lists(CELL, min_size=1, max_size=3)
    )


def check_cell(v) -> None:
    if isinstance(v, float):
        assert math.isfinite(v), v
    elif isinstance(v, str):
        assert "Traceback" not in v and "unexpected error" not in v and "\n" not in v, v
    else:
        assert v is None or isinstance(v, bool | int | dt.date), repr(v)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name", udfs.FUNCTIONS)
def test_any_cells_give_a_number_a_table_or_a_message(name, data):
    f = getattr(udfs, name)
    params = list(inspect.signature(f).parameters.values())
    required = sum(p.default is inspect.Parameter.empty for p in params)
    n = data.draw(st.integers(required, len(params)), label="n_args")
    args = [data.draw(argument(p.name), label=p.name) for p in params[:n]]
    got = f(*args)
    if isinstance(got, list):
        assert got and all(isinstance(r, list) and len(r) == len(got[0]) for r in got)
        for row in got:
            for v in row:
                check_cell(v)
    elif isinstance(got, str):
        check_cell(got)
        assert got.strip()
    else:
        assert got is not None
        check_cell(got)
