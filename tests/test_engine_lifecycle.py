"""The engine on an as-of date: each lifecycle rule by a case computed by hand.

Prices: tests/data/lifecycle_prices.toml (gpt-4o and gpt-4o-mini: training until 2027-01-06,
retiring 2027-01-14; gpt-3.5-turbo retired 2026-10-23; acme-closed closed on 2026-11-01;
acme-long training until 2027-06-15; llama-3.1-8b with no dates).
Months are days / 30.4375: 2026-12-01 → 2027-01-14 is 44 days = 1.44559 months.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest
from pytest import approx

import ftcost
from ftcost import InputError, TrainingPlan, Workload
from ftcost.engine import schedule

PRICES = ftcost.load_prices(Path(__file__).parent / "data" / "lifecycle_prices.toml")
DEC1 = "2026-12-01"
SERVE = 44 / 30.4375  # 2026-12-01 → 2027-01-14


def headline(as_of=DEC1, **kw):
    """The README's example: gpt-4o → fine-tuned gpt-4o-mini, 5M training tokens, 1M a month."""
    return ftcost.breakeven(
        "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", prices=PRICES, as_of=as_of, **kw
    )


# ------------------------------------------------------------ horizon cut at retirement


def test_retirement_cuts_the_horizon():
    c = headline()
    # training 5M × $3 = $15; base $2.50/month, fine-tuned $0.30/month, saving $2.20/month
    assert c.training_cost == approx(15)
    assert c.monthly_savings == approx(2.2)
    assert c.as_of == dt.date(2026, 12, 1)
    assert (c.trainable, c.state) == (True, "closing")
    assert c.training_until == dt.date(2027, 1, 6) and c.retires == dt.date(2027, 1, 14)
    assert c.effective_months == approx(1.4455852156)
    assert c.effective_months == SERVE
    # TCO_base = 12 × 2.50; TCO_ft = 15 + 1.44559 × 0.30 + (12 − 1.44559) × 2.50
    assert c.tco_base == approx(30)
    assert c.tco_ft == approx(15 + SERVE * 0.30 + (12 - SERVE) * 2.50)
    assert c.tco_ft == approx(41.8197125257)
    # net = effective × monthly saving − training = 1.44559 × 2.20 − 15
    assert c.net_savings == approx(SERVE * 2.2 - 15) and c.net_savings == approx(-11.8197125257)
    assert any("serves 1.45 of the 12 months" in w for w in c.warnings)


def test_pays_back_only_before_retirement():
    c = headline()
    assert c.breakeven_months == approx(15 / 2.2)  # 6.82 months: after the retirement
    assert c.breakeven_before_retirement is False
    assert c.reason == (
        "pays back after 6.82 months but gpt-4o-mini retires on 2027-01-14, "
        "1.45 months after 2026-12-01: training is never paid back"
    )
    # at 100M tokens a month it pays back in 15 / 220 = 0.068 months: before retirement
    big = ftcost.breakeven(
        "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="100M", prices=PRICES, as_of=DEC1
    )
    assert big.breakeven_before_retirement is True and big.reason == ""
    assert big.net_savings == approx(SERVE * 220 - 15)


def test_no_dates_keep_todays_figures():
    # llama-3.1-8b has no dates: the full horizon, the plain formula, True when it pays back
    c = ftcost.breakeven(
        "gpt-4o", "llama-3.1-8b", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1
    )
    assert c.effective_months == 12 and c.retires is None and c.training_until is None
    assert c.training_cost == approx(5 * 0.48)
    assert c.tco_ft == approx(2.4 + 12 * 0.18)
    assert c.net_savings == approx(12 * (2.5 - 0.18) - 2.4)
    assert c.breakeven_before_retirement is True
    # and the article's set (no dates): the article's answer, whatever the as-of date
    d = ftcost.breakeven(
        "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", prices="article", as_of="2030-01-01"
    )
    assert round(d.breakeven_months, 2) == 6.82 and d.effective_months == 12
    assert d.net_savings == approx(12 * 2.2 - 15)


def test_before_any_date_nothing_changes_but_the_state():
    # two years ahead of the dates: as if none, apart from the state and its sentence
    c = ftcost.breakeven(
        "gpt-4o", "acme-long", "5M", monthly_tokens="1M", prices=PRICES, as_of="2026-12-01"
    )
    assert c.effective_months == 12 and c.trainings == 1 and c.state == "closing"
    assert c.net_savings == approx(12 * 2.0 - 10)


# ------------------------------------------------------------ not trainable


def test_closed_candidate_has_no_breakeven():
    # 2027-01-10: after gpt-4o-mini's training_until, before it retires
    c = headline(as_of="2027-01-10")
    assert (c.trainable, c.state) == (False, "closed")
    assert c.breakeven_tokens is None and c.breakeven_months is None
    assert c.net_savings is None and c.tco_ft is None and c.annual_savings is None
    assert c.breakeven_before_retirement is None
    assert c.reason.startswith(
        "OpenAI stopped taking new fine-tuning jobs for gpt-4o-mini after 2027-01-06"
    )
    assert c.reason.endswith(
        "no fine-tuning job can start on 2027-01-10, so there is no break-even"
    )
    assert c.availability.startswith("OpenAI stopped taking new fine-tuning jobs")
    # per-1M prices are still shown
    assert (c.base_per_million, c.ft_per_million) == (approx(2.5), approx(0.3))
    d = c.as_dict()
    assert d["trainable"] is False and d["training_until"] == "2027-01-06"
    assert d["breakeven_months"] is None
    # no fine-tune can be made: the "fine-tuned" line stays on the base route
    assert schedule(c)[-1] == (12, approx(30), approx(30))


def test_status_closed_by_date_and_retired_candidate():
    c = ftcost.breakeven(
        "gpt-4o", "acme-closed", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1
    )
    assert (c.trainable, c.state) == (False, "closed") and c.net_savings is None
    r = ftcost.breakeven(
        "gpt-4o", "gpt-3.5-turbo", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1
    )
    assert (r.trainable, r.state) == (False, "retired")
    assert r.reason == (
        "gpt-3.5-turbo retired on 2026-10-23: no fine-tuning job can start and its "
        "fine-tunes no longer serve, so there is no break-even"
    )
    assert r.effective_months == 0 and r.trainings == 0
    assert r.ft_per_million == approx(3.0)


def test_retired_base_warns_but_computes():
    c = ftcost.breakeven(
        "gpt-3.5-turbo", "llama-3.1-8b", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1
    )
    assert any(w.startswith("gpt-3.5-turbo retired on 2026-10-23: ") for w in c.warnings)
    assert c.trainable is True
    # base $0.50/month, fine-tuned $0.18/month, training $2.40
    assert c.net_savings == approx(12 * (0.50 - 0.18) - 2.4)
    assert c.breakeven_months == approx(2.4 / 0.32)


def test_training_cost_warns_when_not_trainable():
    tc = ftcost.training_cost("gpt-4o-mini", "5M", PRICES, as_of="2027-01-10")
    assert tc.total == approx(15)
    assert tc.warnings[-1].endswith("no fine-tuning job can start on 2027-01-10")
    assert ftcost.training_cost("gpt-4o-mini", "5M", PRICES, as_of=DEC1).warnings == ()


# ------------------------------------------------------------ retraining window


def test_retraining_needs_the_model_to_stay_trainable():
    # acme-long: training until 2027-06-15 = 196 days = 6.44 months after 2026-12-01; retrain
    # every 3 months over 12: planned at months 0, 3, 6, 9; month 9 is past the window, so 3
    # trainings and the route serves until 3 months after month 6: 9 months, then the base route
    c = ftcost.breakeven(
        "gpt-4o", "acme-long", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1,
        retrain_every=3,
    )  # fmt: skip
    assert c.trainings == 3 and c.effective_months == 9
    # training 5M × $2 = $10; TCO_ft = 3 × 10 + 9 × 0.50 + 3 × 2.50 = 42; TCO_base = 30
    assert c.tco_ft == approx(42) and c.tco_base == approx(30)
    assert c.net_savings == approx(9 * 2.0 - 3 * 10)
    assert any("3 of 4 trainings can happen" in w for w in c.warnings)
    # every 4 months: 0, 4, 8 planned; 8 > 6.44, so 2 trainings and 8 months served
    c4 = ftcost.breakeven(
        "gpt-4o", "acme-long", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1,
        retrain_every=4,
    )  # fmt: skip
    assert (c4.trainings, c4.effective_months) == (2, 8)
    assert c4.net_savings == approx(8 * 2.0 - 2 * 10)
    # every 7 months: 0 and 7 planned, 7 > 6.44: one training, 7 months served
    c7 = ftcost.breakeven(
        "gpt-4o", "acme-long", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1,
        retrain_every=7,
    )  # fmt: skip
    assert (c7.trainings, c7.effective_months) == (1, 7)


def test_retraining_within_retirement():
    # gpt-4o-mini, retrain monthly: trainings at 0 and 1 (< 1.4456 served); month 1
    # (2027-01-01) is before 2027-01-06, so both happen
    c = headline(retrain_every=1)
    assert c.trainings == 2 and c.effective_months == SERVE
    assert c.net_savings == approx(SERVE * 2.2 - 2 * 15)


# ------------------------------------------------------------ schedule


def test_schedule_goes_back_to_the_base_route_after_retirement():
    c = headline()
    rows = schedule(c)
    assert rows[0] == (0, 0.0, 15.0)
    assert rows[1] == (1, approx(2.5), approx(15.3))
    # month 2: 1.44559 months fine-tuned, 0.55441 on the base route
    assert rows[2][2] == approx(15 + SERVE * 0.3 + (2 - SERVE) * 2.5)
    assert rows[3][2] - rows[2][2] == approx(2.5)  # grows at the base monthly cost
    assert rows[-1] == (12, c.tco_base, c.tco_ft)  # bit for bit
    with pytest.raises(InputError, match="as_of"):
        schedule(c, as_of="2026-12-02")


def test_schedule_with_retraining_cut():
    c = ftcost.breakeven(
        "gpt-4o", "acme-long", "5M", monthly_tokens="1M", prices=PRICES, as_of=DEC1,
        retrain_every=3,
    )  # fmt: skip
    rows = schedule(c)
    ft = [r[2] for r in rows]
    assert ft[0] == 10 and ft[3] == approx(20 + 3 * 0.5) and ft[6] == approx(30 + 6 * 0.5)
    assert ft[9] == approx(30 + 9 * 0.5)  # no training at month 9
    assert ft[10] == approx(30 + 9 * 0.5 + 2.5)
    assert rows[-1] == (12, c.tco_base, c.tco_ft)


# ------------------------------------------------------------ rank and grid


def test_rank_only_trainable_by_default():
    r = ftcost.rank("5M", base="gpt-4o", monthly_tokens="100M", as_of=DEC1, prices=PRICES)
    assert r.as_of == dt.date(2026, 12, 1)
    assert [row.id for row in r.rows] == ["llama-3.1-8b", "acme-long", "gpt-4o-mini", "gpt-4o"]
    assert [u[:2] for u in r.unavailable] == [
        ("gpt-3.5-turbo", "retired"),
        ("acme-closed", "closed"),
    ]
    assert (
        r.unavailable[0][2] == "gpt-3.5-turbo retired on 2026-10-23: its fine-tunes no longer serve"
    )
    mini = r.rows[2]
    assert mini.effective_months == SERVE and mini.retires == dt.date(2027, 1, 14)
    # 100M/month: TCO_ft = 15 + 1.44559 × 30 + (12 − 1.44559) × 250
    assert mini.total_cost == approx(15 + SERVE * 30 + (12 - SERVE) * 250)
    assert mini.net_savings == approx(SERVE * 220 - 15)
    assert mini.breakeven_before_retirement is True
    # gpt-4o as its own candidate saves nothing: no break-even, no flag
    assert r.rows[3].breakeven_before_retirement is None
    # the base model is ranked as today
    assert "gpt-4o" in [row.id for row in r.rows]
    records = r.records()
    json.dumps(records)  # JSON-ready: dates as text
    assert records[2]["retires"] == "2027-01-14"


def test_rank_include_unavailable():
    r = ftcost.rank(
        "5M", base="gpt-4o", monthly_tokens="100M", as_of=DEC1, prices=PRICES,
        include_unavailable=True,
    )  # fmt: skip
    assert len(r.rows) == 6 and r.include_unavailable
    last = {row.id: row for row in r.rows[-2:]}
    assert set(last) == {"gpt-3.5-turbo", "acme-closed"}
    assert all(not row.trainable and row.total_cost is None for row in last.values())
    assert last["acme-closed"].state == "closed" and "acme-closed" in last["acme-closed"].note
    df = r.to_frame()
    assert {"state", "trainable", "training_until", "retires", "effective_months"} <= set(
        df.columns
    )


def test_rank_checks_as_of():
    with pytest.raises(InputError, match="as_of"):
        ftcost.rank("5M", monthly_tokens="1M", as_of="1.12.2026", prices=PRICES)
    with pytest.raises(InputError, match="as_of"):
        ftcost.rank("5M", monthly_tokens="1M", as_of="1900-01-01", prices=PRICES)


@pytest.mark.parametrize("as_of", ["2026-06-01", DEC1, "2027-01-03", "2027-01-10", "2027-02-01"])
@pytest.mark.parametrize("retrain", [None, 1, 3, 4])
def test_grid_equals_compare_bit_for_bit(as_of, retrain):
    M = np.array([1e6, 3e7, 2e8])
    g = ftcost.grid(
        PRICES, training_tokens=5e6, monthly_tokens=M, months=12, retrain_every=retrain,
        base="gpt-4o", as_of=as_of,
    )  # fmt: skip
    keys = ("tco_ft", "net_savings", "breakeven_months", "effective_months", "trainings")
    for s, m_tokens in enumerate(M):
        w = Workload(monthly_tokens=m_tokens, retrain_every=retrain)
        for j, m in enumerate(PRICES.models):
            c = ftcost.compare("gpt-4o", m.id, TrainingPlan(5e6), w, PRICES, as_of=as_of)
            want = [c.tco_ft, c.net_savings, c.breakeven_months, c.effective_months, c.trainings]
            want = [math.nan if x is None else float(x) for x in want]
            got = [float(g[k][s, j]) for k in keys]
            assert np.array_equal(got, want, equal_nan=True), (as_of, retrain, m.id)
            assert bool(g["trainable"][0, j]) is c.trainable
            flag = bool(g["breakeven_before_retirement"][s, j])
            assert flag is bool(c.breakeven_before_retirement), (as_of, m.id)


def test_sensitivity_follows_the_lifecycle():
    s = ftcost.sensitivity(
        "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=["1M", "100M"], prices=PRICES, as_of=DEC1
    )
    assert s["net_savings"][0, 0] == approx(SERVE * 2.2 - 15)
    assert s["net_savings"][1, 0] == approx(SERVE * 220 - 15)
    closed = ftcost.sensitivity(
        "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=["1M"], prices=PRICES, as_of="2027-01-10"
    )
    assert np.isnan(closed["net_savings"]).all()


# ------------------------------------------------------------ plain values


def test_plain_values_everywhere():
    r = ftcost.rank("5M", base="gpt-4o", monthly_tokens="100M", as_of=DEC1, prices=PRICES)
    r2 = ftcost.rank(
        TrainingPlan("5M"), Workload(monthly_tokens="100M"), base="gpt-4o", prices=PRICES,
        as_of=dt.date(2026, 12, 1),
    )  # fmt: skip
    assert r.rows == r2.rows
    c = ftcost.compare(
        "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", epochs=2, prices=PRICES, as_of=DEC1
    )
    assert c.training_cost == approx(30)  # 5M × 2 epochs × $3
    assert c == ftcost.compare(
        "gpt-4o", "gpt-4o-mini", TrainingPlan("5M", epochs=2), Workload(monthly_tokens="1M"),
        PRICES, as_of=DEC1,
    )  # fmt: skip


def test_plain_values_refuse_ambiguity():
    with pytest.raises(InputError, match="monthly_tokens: give a Workload or workload values"):
        ftcost.rank("5M", Workload(monthly_tokens="1M"), monthly_tokens="2M", prices=PRICES)
    with pytest.raises(InputError, match="epochs: give a TrainingPlan or plan values"):
        ftcost.compare("gpt-4o", "gpt-4o-mini", TrainingPlan("5M"), epochs=2, prices=PRICES)
    with pytest.raises(InputError, match="monthly_token: not a plan or workload field"):
        ftcost.rank("5M", monthly_token="1M", prices=PRICES)
    with pytest.raises(InputError, match="monthly_tokens"):
        ftcost.rank("5M", monthly_tokens="lots", prices=PRICES)


def test_json_of_breakeven_carries_the_lifecycle():
    d = headline().as_dict()
    json.dumps(d)
    assert d["as_of"] == "2026-12-01" and d["retires"] == "2027-01-14"
    assert d["training_until"] == "2027-01-06"
    assert d["effective_months"] == approx(SERVE)
    assert d["breakeven_before_retirement"] is False and d["trainable"] is True
    assert d["availability"].startswith("OpenAI accepts new fine-tuning jobs for gpt-4o-mini")
