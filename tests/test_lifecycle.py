"""Lifecycle on an as-of date: each rule by a hand-made case."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ftcost.errors import InputError
from ftcost.lifecycle import DAYS_PER_MONTH, availability, months_between, parse_as_of
from ftcost.model import ModelPrice

D = dt.date


def model(**kw) -> ModelPrice:
    base = dict(
        id="m",
        provider="Acme",
        name="M",
        status="active",
        checked=D(2026, 11, 1),
        source="contract",
        base_input=1.0,
        base_output=2.0,
        ft_input=1.5,
        ft_output=3.0,
        training=4.0,
    )
    return ModelPrice(**(base | kw))


OPENAI_LIKE = model(
    training_until=D(2027, 1, 6),
    retires=D(2027, 1, 14),
    access="only organisations with fine-tuned inference in the last 60 days",
)


def test_months_are_days_over_the_average_month():
    assert DAYS_PER_MONTH == 30.4375
    assert months_between(D(2026, 12, 1), D(2027, 1, 14)) == 44 / 30.4375
    assert months_between(D(2026, 12, 1), D(2027, 12, 1)) == 365 / 30.4375
    assert months_between(D(2027, 1, 14), D(2026, 12, 1)) == -44 / 30.4375


def test_no_dates_active_or_unverified():
    a = availability(model(), D(2026, 12, 1))
    assert (a.state, a.trainable, a.serving, a.serve_months, a.reason) == (
        "active",
        True,
        True,
        None,
        "",
    )
    assert availability(model(status="unverified"), D(2026, 12, 1)).state == "unverified"


def test_closing_trainable_until_the_last_day_inclusive():
    for day in (D(2026, 12, 1), D(2027, 1, 6)):
        a = availability(OPENAI_LIKE, day)
        assert a.state == "closing" and a.trainable and a.serving
    a = availability(OPENAI_LIKE, D(2026, 12, 1))
    assert a.serve_months == pytest.approx(44 / 30.4375, rel=1e-15)
    assert a.reason == (
        "Acme accepts new fine-tuning jobs for m only until 2027-01-06; its fine-tunes serve "
        "until 2027-01-14 (only organisations with fine-tuned inference in the last 60 days)"
    )


def test_closed_after_training_until_but_still_serving():
    a = availability(OPENAI_LIKE, D(2027, 1, 7))
    assert (a.state, a.trainable, a.serving) == ("closed", False, True)
    assert a.reason.startswith(
        "Acme stopped taking new fine-tuning jobs for m after 2027-01-06; existing fine-tunes "
        "serve until 2027-01-14"
    )


def test_retired_on_the_day_itself():
    a = availability(OPENAI_LIKE, D(2027, 1, 14))
    assert (a.state, a.trainable, a.serving) == ("retired", False, False)
    assert a.serve_months == 0
    assert a.reason == "m retired on 2027-01-14: its fine-tunes no longer serve"


def test_deprecated_status_without_dates_is_closed():
    a = availability(model(status="deprecated"), D(2026, 12, 1))
    assert (a.state, a.trainable, a.serving) == ("closed", False, True)
    assert a.reason == "Acme no longer offers fine-tuning of m"


def test_retires_only():
    a = availability(model(retires=D(2027, 6, 1)), D(2026, 12, 1))
    assert a.state == "closing" and a.trainable
    assert a.reason == "m and its fine-tunes serve until 2027-06-01"


def test_as_dict_is_json_ready():
    d = availability(OPENAI_LIKE, D(2026, 12, 1)).as_dict()
    assert d["training_until"] == "2027-01-06" and d["retires"] == "2027-01-14"
    assert d["trainable"] is True and d["state"] == "closing"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-12-01", D(2026, 12, 1)),
        (" 2026-12-01 ", D(2026, 12, 1)),
        (D(2026, 12, 1), D(2026, 12, 1)),
        (dt.datetime(2026, 12, 1, 15, 30), D(2026, 12, 1)),
    ],
)
def test_parse_as_of(value, expected):
    assert parse_as_of(value) == expected


def test_parse_as_of_defaults_to_today():
    assert parse_as_of(None) == dt.date.today() == parse_as_of("")


@pytest.mark.parametrize(
    "bad", ["20261201", "2026-13-01", "01/12/2026", "tomorrow", "1900-01-01", 2026, "2026-12"]
)
def test_parse_as_of_refuses(bad):
    with pytest.raises(InputError, match="as_of: ") as e:
        parse_as_of(bad)
    assert "\n" not in str(e.value)


def test_replace_keeps_the_record_valid():
    # lifecycle fields are ordinary fields of the generated ModelPrice
    m = dataclasses.replace(OPENAI_LIKE, retires=None)
    assert availability(m, D(2026, 12, 1)).retires is None
