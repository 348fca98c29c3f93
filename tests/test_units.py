"""Reading and writing the numbers people type and read."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftcost.errors import InputError
from ftcost.units import (
    MAX_MONTHLY_SPEND,
    fmt_money,
    fmt_months,
    fmt_number,
    fmt_rate,
    fmt_tokens,
    parse_count,
    parse_money,
    parse_number,
    parse_price,
    parse_share,
    parse_tokens,
    show_value,
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
        (999_960, "1M"),  # not "1e+03K"
        (2e15, "2,000T"),  # thousands separators above 999, never an exponent
        (None, "—"),
    ],
)
def test_fmt_tokens(x, text):
    assert fmt_tokens(x) == text


@pytest.mark.parametrize(
    "x,text",
    [
        (15 / 2.2, "6.82 months"),
        (1.0, "1 month"),
        (12.0, "12 months"),
        (2045.45, "2,045 months"),  # thousands separators
        # under a month: days of 365.25 / 12 = 30.4375
        (12 / 30.4375, "12 days"),
        (6.818181 / 100, "2 days"),  # 6.82M tokens at 100M a month: 2.08 days
        (1 / 30.4375, "1 day"),
        (0.000501, "< 1 day"),  # 0.015 days: never "0.000501 months"
        (0.0, "< 1 day"),
        (None, "—"),
    ],
)
def test_fmt_months(x, text):
    assert fmt_months(x) == text


@pytest.mark.parametrize(
    "x,text",
    [
        (2045.45, "2,045"),
        (1234567.0, "1,234,567"),
        (6.818, "6.82"),
        (12.0, "12"),
        (0.5, "0.5"),
        (999.6, "1,000"),
        (-1500.0, "-1,500"),
        (0, "0"),
        (float("inf"), "—"),
        (None, "—"),
    ],
)
def test_fmt_number(x, text):
    assert fmt_number(x) == text


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


# ------------------------------------------------------------ thousands separators


@pytest.mark.parametrize(
    "text,value",
    [
        ("1,500,000", 1.5e6),
        ("1,500", 1500),
        ("1,000K", 1e6),
        ("12,345.5", 12345.5),
        ("1 500 000", 1.5e6),
        ("1\u00a0500\u00a0000", 1.5e6),  # no-break space, as spreadsheets export it
        ("1_000_000", 1e6),
        ("5 M", 5e6),
        (" 54K ", 54e3),
        ("1.2b", 1.2e9),
        ("5.", 5),
        (".5M", 5e5),
        ("+5M", 5e6),
        ("1.500", 1.5),  # a dot is always the decimal point
    ],
)
def test_accepted_forms(text, value):
    assert parse_tokens(text, "n") == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    "text",
    [
        "1,5M",  # European 1.5M: read as 15M it bills ten times too much
        "1,5",
        "1,2,3",
        "1,50",
        "1,5000",
        "12,34,567",  # Indian grouping: refused rather than guessed
        "1.500.000",  # European 1,500,000: ambiguous with two dots
        "1.500,00",
        "1,500.000.0",
        "1 5",
        "1_0",
        "1,500_000",  # mixed separators
    ],
)
def test_separators_only_between_groups_of_three(text):
    with pytest.raises(
        InputError,
        match=r"^training_tokens: use a dot for decimals, commas only between groups of three digits, got ",
    ):
        parse_tokens(text, "training_tokens")


def test_separator_rule_holds_for_counts_and_shares_too():
    with pytest.raises(InputError, match="use a dot for decimals"):
        parse_count("1,0", "epochs")
    with pytest.raises(InputError, match="use a dot for decimals"):
        parse_share("2,5%", "cached_share")
    assert parse_share("2.5%", "cached_share") == pytest.approx(0.025)


# ------------------------------------------------------------ money where tokens belong


@pytest.mark.parametrize(
    "text",
    ["$5000", "5000$", "$5,000", "$5K", "USD 5000", "5000 USD", "5000usd", "US$5000", "-$5",
     "€5,000", "5000 EUR", "£5000", "5000 dollars"],
)  # fmt: skip
def test_money_in_a_token_field_points_to_the_spend_option(text):
    with pytest.raises(InputError) as e:
        parse_tokens(text, "monthly_tokens")
    assert str(e.value) == (
        f"monthly_tokens: {text!r} looks like money: use --monthly-spend / monthly_spend for a spend"
    )


def test_money_is_no_count_or_share():
    with pytest.raises(InputError, match="epochs: expected a number, not an amount of money"):
        parse_count("$3", "epochs")
    with pytest.raises(InputError, match="cached_share: expected a number, not an amount of money"):
        parse_share("$0.5", "cached_share")


def test_prices_take_dollars_only():
    assert parse_price("$0.13", "rag_embedding_price") == 0.13
    assert parse_price("0.13 USD", "p") == 0.13 and parse_price(0, "p") == 0
    assert parse_number("5000$", "n") == 5000
    with pytest.raises(InputError, match="p: ftcost works in US dollars: give the amount in USD"):
        parse_price("€0.13", "p")
    with pytest.raises(InputError, match="p: must be ≥ 0"):
        parse_price("-$1", "p")
    with pytest.raises(InputError, match=r"p: \$2,000,000 is implausibly large for a price"):
        parse_price("2M", "p")


# ------------------------------------------------------------ monthly spend


@pytest.mark.parametrize(
    "value,usd",
    [
        (5000, 5000),
        (5000.5, 5000.5),
        ("5000", 5000),
        ("$5,000", 5000),
        ("5k", 5000),
        ("$5K", 5000),
        ("USD 5000", 5000),
        ("5000 USD", 5000),
        ("usd5,000.50", 5000.5),
        ("$1.2M", 1.2e6),
        ("5000$", 5000),
        (MAX_MONTHLY_SPEND, 1e9),
    ],
)
def test_parse_money_forms(value, usd):
    assert parse_money(value, "monthly_spend") == usd


@pytest.mark.parametrize(
    "value,message",
    [
        (0, "monthly_spend: a monthly spend must be more than $0, got 0"),
        ("-$5", "monthly_spend: a monthly spend must be more than $0, got '-$5'"),
        (float("nan"), "monthly_spend: must be a finite number, got nan"),
        (float("inf"), "monthly_spend: must be a finite number, got inf"),
        ("nan", "monthly_spend: expected a number (e.g. 5000000, 5e6 or 5M), got 'nan'"),
        ("2e9", "monthly_spend: $2,000,000,000 a month is implausibly large (over $1,000,000,000)"),
        (
            "€5,000",
            "monthly_spend: ftcost works in US dollars: give the amount in USD, got '€5,000'",
        ),
        (
            "$5 USD",
            "monthly_spend: ftcost works in US dollars: give the amount in USD, got '$5 USD'",
        ),
        (
            "1,5K",
            "monthly_spend: use a dot for decimals, commas only between groups of three digits, got '1,5K'",
        ),
        (True, "monthly_spend: expected a number, got True"),
        (
            "five grand",
            "monthly_spend: expected a number (e.g. 5000000, 5e6 or 5M), got 'five grand'",
        ),
    ],
)
def test_parse_money_refuses(value, message):
    with pytest.raises(InputError) as e:
        parse_money(value, "monthly_spend")
    assert str(e.value) == message


# ------------------------------------------------------------ huge and not finite


HUGE = {
    "5000-digit int": 10**5000,
    "negative 5000-digit int": -(10**5000),
    "5000-digit text": "9" * 5000,
    "1e400": "1e400",
    "huge exponent": "1e99999999999",
    "10**19": 10**19,
    "'1e19'": "1e19",
    "1e300": 1e300,
    "2e18": 2e18,
}


@pytest.mark.parametrize("value", list(HUGE.values()), ids=list(HUGE))
def test_huge_values_are_implausible_never_an_overflow(value):
    with pytest.raises(
        InputError, match=r"^monthly_tokens: .* is implausibly large \(over 1e\+18\)$"
    ):
        parse_tokens(value, "monthly_tokens")
    with pytest.raises(InputError, match=r"is implausibly large"):
        parse_count(value, "epochs")


def test_huge_decimal_and_numpy_values():
    from decimal import Decimal

    import numpy as np

    with pytest.raises(InputError, match="implausibly large"):
        parse_tokens(Decimal("1e5000"), "n")
    with pytest.raises(InputError, match="must be a finite number"):
        parse_tokens(np.float64("nan"), "n")
    assert parse_tokens(np.int64(3), "n") == 3.0


def test_the_limit_itself_is_allowed():
    assert parse_tokens(10**18, "n") == 1e18 and parse_tokens("1e18", "n") == 1e18


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_not_finite_refused(value):
    with pytest.raises(InputError, match="n: must be a finite number"):
        parse_tokens(value, "n")


def test_show_value_cuts_and_escapes():
    assert show_value("a\nb") == "'a\\nb'"
    long = show_value("x" * 100_000)
    assert len(long) < 80 and long.endswith("(100,000 characters)")
    assert show_value(10**5000) == "an integer of about 5,001 digits"
    with pytest.raises(InputError) as e:
        parse_tokens("1\n" + "9" * 100, "n")
    assert "\n" not in str(e.value) and len(str(e.value)) < 160


# ------------------------------------------------------------ fuzz: a number or one clear line


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.text(alphabet="0123456789,._ $€+-eEkKmMbBtTUSD%", max_size=20),
        st.integers(min_value=-(10**400), max_value=10**400),
        st.floats(),
        st.decimals(),
        st.none(),
        st.booleans(),
    )
)
def test_any_value_gives_a_number_or_one_line(value):
    for parse in (
        lambda v: parse_tokens(v, "n"),
        lambda v: parse_money(v, "n"),
        lambda v: parse_price(v, "n"),
        lambda v: parse_share(v, "n"),
        lambda v: parse_count(v, "n"),
    ):
        try:
            x = parse(value)
        except InputError as e:
            text = str(e)
            assert text.startswith("n: ") and "\n" not in text and len(text) < 200
        else:
            assert math.isfinite(x) and abs(x) <= 1e18
