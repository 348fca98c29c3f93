"""Reading and writing the numbers people type and read."""

from __future__ import annotations

import pytest

from ftcost.errors import InputError
from ftcost.units import (
    fmt_money,
    fmt_rate,
    fmt_tokens,
    parse_count,
    parse_number,
    parse_share,
    parse_tokens,
)


@pytest.mark.parametrize(
    "x,text",
    [
        (0.125, "$0.125"),
        (0.3, "$0.30"),
        (0.075, "$0.075"),
        (0.0004, "$0.0004"),
        (1e-7, "$0.0000001"),
        (1500.125, "$1,500.13"),
        (2.2, "$2.20"),
        (26.400000000000002, "$26.40"),
        (-640, "-$640.00"),
        (0, "$0.00"),
        (0.9999, "$1.00"),
        (28.975, "$28.98"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_fmt_money(x, text):
    assert fmt_money(x) == text


@pytest.mark.parametrize(
    "x,text",
    [
        (2.425, "$2.425"),
        (2.2, "$2.20"),
        (15, "$15.00"),
        (1.875, "$1.875"),
        (0.075, "$0.075"),
        (-2.2, "-$2.20"),
        (1234.5678, "$1,234.568"),
    ],
)
def test_fmt_rate(x, text):
    assert fmt_rate(x) == text


@pytest.mark.parametrize(
    "x,text",
    [
        (6818181.8, "6.82M"),
        (51546.39, "51.5K"),
        (1e9, "1B"),
        (2.5e12, "2.5T"),
        (999, "999"),
        (None, "—"),
    ],
)
def test_fmt_tokens(x, text):
    assert fmt_tokens(x) == text


def test_parse_number_forms():
    assert parse_number("$3.50", "price") == 3.5
    assert parse_number("1_000", "n") == 1000
    assert parse_number("1.5e3", "n") == 1500
    with pytest.raises(InputError, match="price: expected a number, got '5M'"):
        parse_number("5M", "price", allow_suffix=False)


def test_parse_tokens_names_the_argument():
    with pytest.raises(InputError, match="monthly_tokens: must be ≥ 0, got -1"):
        parse_tokens(-1, "monthly_tokens")
    assert parse_tokens("1000000T", "n") == 1e18
    with pytest.raises(InputError, match=r"training_tokens: 1e\+20 is implausibly large"):
        parse_tokens("1e20", "training_tokens")


def test_parse_share():
    assert parse_share("25%", "s") == 0.25 and parse_share(0.5, "s") == 0.5
    for bad in (-0.1, 1.01, "101%", "half"):
        with pytest.raises(InputError, match=r"^s: "):
            parse_share(bad, "s")


def test_parse_count():
    assert parse_count("3", "epochs") == 3 and parse_count(3.0, "epochs") == 3
    with pytest.raises(InputError, match="epochs: must be a whole number"):
        parse_count(2.5, "epochs")
    with pytest.raises(InputError, match="epochs: must be between 1 and 10"):
        parse_count(11, "epochs", maximum=10)
