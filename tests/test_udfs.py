"""FT_* functions called directly (as the classic add-in calls them, and as Python can).

Hand-computed cases run on a small price file of round numbers written here (so the expected
figures are worked out by hand, not by the engine); the article's example runs on the default
data; every function is also held equal to the engine call it adapts.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import math
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import ftcost
from ftcost import engine, udfs
from ftcost import functions as fn
from ftcost.udfs import (
    FT_BREAKEVEN,
    FT_BREAKEVEN_MONTHS,
    FT_COST,
    FT_EPOCHS,
    FT_GRADE,
    FT_INFERENCE_COST,
    FT_MODELS,
    FT_PRICE,
    FT_PROMPT_COST,
    FT_RAG_COST,
    FT_RANK,
    FT_RECOMMEND,
    FT_ROUTING_COST,
    FT_SAVINGS,
    FT_SPEND_TOKENS,
    FT_TRAINING_COST,
)

rel = pytest.approx

# Round prices (USD per 1M tokens) so every expected figure below is mental arithmetic.
TOY_TOML = """
[[model]]
id = "big"
provider = "Acme"
name = "Acme Big"
status = "active"
checked = 2026-01-15
source = "test"
base_input = 10.0
base_output = 30.0
ft_input = 12.0
ft_output = 36.0
training = 20.0

[[model]]
id = "small"
provider = "Acme"
name = "Acme Small"
status = "active"
checked = 2026-01-15
source = "test"
base_input = 1.0
base_output = 4.0
ft_input = 2.0
ft_output = 8.0
training = 5.0
min_training_charge = 3.0
ft_batch_input = 1.0

[[model]]
id = "hosted"
provider = "Cloud"
name = "Cloud Hosted"
status = "unverified"
checked = 2026-01-15
source = "test"
base_input = 1.0
base_output = 2.0
ft_input = 1.0
ft_output = 2.0
training = 4.0
hosting_per_hour = 1.0
storage_per_month = 20.0

[[model]]
id = "hourly"
provider = "Lab"
name = "Lab Hourly"
status = "active"
checked = 2026-01-15
source = "test"
base_input = 3.0
base_output = 6.0
ft_input = 4.0
ft_output = 8.0
training = 0.0
training_per_hour = 50.0
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("prices") / "toy.toml"
    path.write_text(TOY_TOML, encoding="utf-8")
    return str(path)


def is_message(x) -> bool:
    return isinstance(x, str) and 0 < len(x) <= udfs.MAX_MESSAGE and "Traceback" not in x


# ------------------------------------------------------------------ hand-computed, toy prices


def test_training_cost_by_hand(toy):
    assert FT_TRAINING_COST("small", "2M", 3, prices=toy) == rel(2 * 3 * 5.0)  # 30
    assert FT_TRAINING_COST("Acme Small", 2_000_000, prices=toy) == rel(10.0)  # epochs 1
    assert FT_TRAINING_COST("small", 100_000, prices=toy) == rel(3.0)  # minimum charge: 0.5 < 3
    assert FT_TRAINING_COST("big", "1.5M", 2, prices=toy) == rel(1.5 * 2 * 20)  # 60
    assert FT_TRAINING_COST("hourly", "1M", 1, 4, prices=toy) == rel(4 * 50.0)  # 200
    msg = FT_TRAINING_COST("hourly", "1M", prices=toy)
    assert is_message(msg) and "training_hours" in msg


def test_inference_and_route_cost_by_hand(toy):
    assert FT_INFERENCE_COST("small", "1M", "500K", prices=toy) == rel(1 * 2.0 + 0.5 * 8.0)
    assert FT_INFERENCE_COST("small", "1M", "500K", False, prices=toy) == rel(1 * 1.0 + 0.5 * 4)
    assert FT_INFERENCE_COST("small", "1M", prices=toy) == rel(2.0)  # no output
    # training 2M × 3 epochs × $5 = $30, plus fine-tuned inference $6
    assert FT_COST("small", "1M", "500K", "2M", 3, prices=toy) == rel(36.0)
    assert FT_COST("small", "1M", prices=toy) == rel(2.0)  # no training: no job, no minimum


def test_breakeven_by_hand(toy):
    # training 2M × $5 = $10; saving $10 − $2 = $8 per 1M → 1.25M tokens
    assert FT_BREAKEVEN("big", "small", "2M", prices=toy) == rel(1_250_000)
    # with 0.5 output per input: base 10 + 15 = 25, fine-tuned 2 + 4 = 6 → 10 / 19 × 1M
    assert FT_BREAKEVEN("big", "small", "2M", 1, 0.5, prices=toy) == rel(10 / 19 * 1e6)
    # 500K a month saves $4 a month → 2.5 months
    assert FT_BREAKEVEN_MONTHS("big", "small", "2M", "500K", prices=toy) == rel(2.5)
    assert FT_BREAKEVEN_MONTHS("big", "small", "2M", "500K", 2, prices=toy) == rel(5.0)
    # hosting $730 + storage $20 a month: the break-even needs a monthly volume
    msg = FT_BREAKEVEN("big", "hosted", "1M", prices=toy)
    assert is_message(msg) and "monthly" in msg
    # at 100M/month: saving 100 × (10 − 1) − 750 = $150/month; training $4 → 4/150 months
    assert FT_BREAKEVEN("big", "hosted", "1M", 1, 0, "100M", prices=toy) == rel(4 / 150 * 100e6)
    assert FT_BREAKEVEN_MONTHS("big", "hosted", "1M", "100M", prices=toy) == rel(4 / 150)


def test_savings_by_hand(toy):
    # 500K/month saves $4/month; 12 months = $48, minus training $10
    assert FT_SAVINGS("big", "small", "500K", 12, "2M", prices=toy) == rel(38.0)
    assert FT_SAVINGS("big", "small", "500K", None, "2M", prices=toy) == rel(38.0)
    assert FT_SAVINGS("big", "small", "500K", 6, "2M", prices=toy) == rel(14.0)
    assert FT_SAVINGS("big", "small", "500K", prices=toy) == rel(48.0)  # training not counted
    assert FT_SAVINGS("small", "big", "1M", 12, "1M", prices=toy) == rel(12 * (1 - 12) - 20)


def test_no_breakeven_is_a_message_not_a_number(toy):
    for value in (
        FT_BREAKEVEN("small", "big", "2M", prices=toy),
        FT_BREAKEVEN_MONTHS("small", "big", "2M", "1M", prices=toy),
        # hosting costs more than the saving at 1M/month
        FT_BREAKEVEN_MONTHS("big", "hosted", "1M", "1M", prices=toy),
        FT_BREAKEVEN_MONTHS("big", "small", "2M", 0, prices=toy),
    ):
        assert is_message(value) and value.startswith("no break-even"), value


def test_price_by_hand(toy):
    assert FT_PRICE("small", prices=toy) == 2.0  # default: fine-tuned input
    assert FT_PRICE("small", "training", prices=toy) == 5.0
    assert FT_PRICE("small", "FT output", prices=toy) == 8.0
    assert FT_PRICE("small", "ft-output", prices=toy) == 8.0
    assert FT_PRICE("small", "Min training charge", prices=toy) == 3.0
    assert FT_PRICE("small", "ft_batch_input", prices=toy) == 1.0
    assert FT_PRICE("hosted", "fixed_monthly", prices=toy) == rel(730 + 20)
    assert FT_PRICE("hosted", "hosting_per_hour", prices=toy) == 1.0
    assert FT_PRICE("big", "checked", prices=toy) == dt.date(2026, 1, 15)
    assert FT_PRICE("big", "provider", prices=toy) == "Acme"
    assert FT_PRICE("big", "status", prices=toy) == "active"
    missing = FT_PRICE("big", "ft_batch_input", prices=toy)
    assert is_message(missing) and "no FT batch input price" in missing
    bad = FT_PRICE("big", "ft_inptu", prices=toy)
    assert is_message(bad) and "did you mean 'ft_input'" in bad


def test_models_table(toy):
    table = FT_MODELS(toy)
    header, rows = table[0], table[1:]
    assert header[:5] == ["Model", "Provider", "Name", "Status", "Checked"]
    assert [r[0] for r in rows] == ["big", "small", "hosted", "hourly"]
    assert all(len(r) == len(header) for r in rows)
    small = dict(zip(header, rows[1], strict=True))
    assert small["FT input $/1M"] == 2.0 and small["Training $/1M"] == 5.0
    assert small["Min training charge $/job"] == 3.0 and small["FT batch input $/1M"] == 1.0
    assert small["Base batch input $/1M"] is None  # no such price: a blank cell
    assert small["Checked"] == dt.date(2026, 1, 15)
    assert dict(zip(header, rows[2], strict=True))["Hosting $/hour"] == 1.0


def test_rank_by_hand(toy):
    table = FT_RANK("1M", "2M", prices=toy)
    header, rows = table[0], table[1:]
    assert header[:2] == ["Rank", "Model"] and len(header) == 18
    # the lifecycle columns come last; the toy models have no dates: active, served all 12 months
    assert header[12:] == ["Availability", "Trainable", "Training until", "Retires",
                           "Months served", "Pays back before retiring"]  # fmt: skip
    # totals over 12 months at 1M/month: small 10 + 12 × 2 = 34; big 40 + 12 × 12 = 184;
    # hosted 8 + 12 × (1 + 750) = 9,020; hourly cannot be costed (no training hours): last
    assert [r[1] for r in rows] == ["small", "big", "hosted", "hourly"]
    col = {h: i for i, h in enumerate(header)}
    assert [r[col["Total $ (horizon)"]] for r in rows[:3]] == [rel(34), rel(184), rel(9020)]
    assert rows[3][col["Total $ (horizon)"]] == "#N/A"
    assert "training hour" in rows[3][col["Note"]]
    assert rows[0][col["Saving $/month"]] is None  # no base model: those columns stay blank
    assert rows[0][12:] == ["active", True, "", "", 12.0, ""]
    with_base = FT_RANK("1M", "2M", 12, 0, "big", prices=toy)
    small = with_base[1]
    assert small[1] == "small" and small[col["Saving $/month"]] == rel(10 - 2)
    assert small[col["Break-even (months)"]] == rel(10 / 8)
    assert small[col["Net saving $"]] == rel(12 * 8 - 10)
    big = next(r for r in with_base[1:] if r[1] == "big")
    assert big[col["Break-even (months)"]] == "#N/A"  # fine-tuned big costs more than base big


def test_alternatives_by_hand(toy):
    # 75% of 1M to small at $1, 25% to big at $10
    assert FT_ROUTING_COST("small", "big", "1M", 0.75, prices=toy) == rel(0.75 + 2.5)
    assert FT_ROUTING_COST("small", "big", "1M", "75%", 0, 0.1, prices=toy) == rel(3.35)
    # embedding 1M × $0.10 + 1,000 searches × $0.00001 + generation 1M × $1
    # + retrieved context 1,000 × 2,000 tokens × $1/1M
    assert FT_RAG_COST("small", "1M", 1000, prices=toy) == rel(0.1 + 0.01 + 1 + 2)
    assert FT_RAG_COST("small", "1M", 1000, 500, prices=toy) == rel(0.1 + 0.01 + 1 + 0.5)
    # base big with half as many prompt tokens again: 1M × $10 × 1.5
    assert FT_PROMPT_COST("big", "1M", 0.5, prices=toy) == rel(15.0)
    assert FT_PROMPT_COST("big", "1M", 0.5, 1, prices=toy) == rel(15.0 + 30.0)


def test_grade_by_hand(toy):
    # FT_GRADE is `ftcost grade`: stay, switch to a cheaper current model (untrained), fine-tune,
    # route. big at 10M/month costs $100. Fine-tuning small (2M tokens, $10) costs 10 × $2 +
    # $10 / 12 = $20.83 a month; routing 70% to small's base: 10 × (0.7 × $1 + 0.3 × $10) = $37;
    # switching to gpt-5-nano ($0.05/1M input, OpenAI's price in genai-prices): 10 × $0.05 =
    # $0.50. The best saves 99.5% → F.
    assert FT_GRADE("big", "10M", "2M", prices=toy) == "F"
    table = FT_GRADE("big", "10M", "2M", 12, 0, 1, True, prices=toy)
    got = {label: value for label, value in table}
    assert got["Grade"] == "F" and got["Cheapest option"] == "gpt-5-nano"
    assert got["Best option"] == "switch to gpt-5-nano"
    assert got["Current cost $/month"] == rel(100.0)
    assert got["Its cost $/month (training spread)"] == rel(0.5)
    assert got["Share saved"] == rel((100 - 0.5) / 100)
    assert got["Saving $/year"] == rel(12 * 99.5)
    assert got["As of"] == dt.date(2026, 12, 1) and got["Volume from spend"] == ""
    # without switching, as the template graded before route and switch: small's fine-tune
    # (the engine's grade with kinds stay, fine-tune) — the same arithmetic as before
    g = ftcost.engine.grade("big", "2M", prices=toy, monthly_tokens="10M", kinds=("fine-tune",),
                            include_unverified=True)  # fmt: skip
    assert g.best == "small" and g.best_monthly == rel(20 + 10 / 12)
    # gpt-5-nano itself: no current model is cheaper at output ratio 0 (llama-3.1-8b-instant
    # ties at $0.05), small's fine-tune ($2) and routing cost more → staying is best → A+
    assert FT_GRADE("gpt-5-nano", "10M", "2M", prices=toy) == "A+"


def test_grade_from_a_spend_by_hand(toy):
    # $500 a month on big ($10/1M input) buys 50M tokens; then as above at 50M: best is
    # gpt-5-nano at 50 × $0.05 = $2.50 a month
    table = FT_GRADE("big", None, "2M", 12, 0, 1, True, toy, None, "$500")
    got = {label: value for label, value in table}
    assert got["Current cost $/month"] == rel(500.0)
    assert got["Its cost $/month (training spread)"] == rel(2.5)
    assert got["Volume from spend"] == "$500/month on big = 50M input tokens/month at $10.00/1M"
    assert FT_GRADE("big", None, "2M", prices=toy, monthly_spend=500) == "F"
    both = FT_GRADE("big", "50M", "2M", prices=toy, monthly_spend=500)
    assert is_message(both) and "not both" in both
    neither = FT_GRADE("big", None, "2M", prices=toy)
    assert neither == "monthly_tokens (or monthly_spend): required, but the cell is empty"
    # in a range, such a row is blank (select more rows than you need), as for any required cell
    assert FT_GRADE("big", [["10M"], [None]], "2M", prices=toy) == [["F"], [None]]
    assert FT_RECOMMEND([["500K"], [None]], "big", prices=toy)[1] == [None]


def test_spend_tokens_by_hand(toy):
    # $500 a month on big at $10/1M input = 50M tokens
    assert FT_SPEND_TOKENS("big", 500, prices=toy) == rel(50e6)
    assert FT_SPEND_TOKENS("big", "$500", prices=toy) == rel(50e6)
    # with 0.5 output tokens per input token at $30/1M: 10 + 0.5 × 30 = $25 per 1M → 20M
    assert FT_SPEND_TOKENS("big", "500", 0.5, prices=toy) == rel(20e6)
    # small has no cached price: the cached share is billed at the input price, $1/1M → 500M
    assert FT_SPEND_TOKENS("small", "5K", 0, "30%", prices=toy) == rel(5000e6)
    # gpt-4o on the default catalog: $2.50 in, no cached price (the cached half is billed at
    # the input price), $10 out at ratio 0.2: 2.5 + 0.2 × 10 = $4.50 per 1M → 1,111.1M tokens
    assert FT_SPEND_TOKENS("gpt-4o", 5000, 0.2, 0.5) == rel(5000 / 4.5 * 1e6)
    # claude-sonnet-4-5 (genai-prices): $3 in, $0.30 cached read, $15 out; 30% cached, ratio
    # 0.5: 0.7 × 3 + 0.3 × 0.3 + 0.5 × 15 = $9.69 per 1M → $20,000 buys 2,064M tokens
    assert FT_SPEND_TOKENS("claude-sonnet-4-5", 20000, 0.5, "30%") == rel(20000 / 9.69 * 1e6)
    assert FT_SPEND_TOKENS("gpt-4o", 5000) == rel(2000e6)  # the issue's "$5,000 on GPT-4o"
    # a model only genai-prices knows: claude-sonnet-4-5 at $3/1M input → $20,000 buys 6,667M
    assert FT_SPEND_TOKENS("claude-sonnet-4-5", "$20,000") == rel(20000 / 3 * 1e6)
    # composes with any function that takes a monthly volume
    vol = FT_SPEND_TOKENS("big", 500, prices=toy)
    assert FT_SAVINGS("big", "small", vol, 12, "2M", prices=toy) == rel(12 * 50 * 8 - 10)
    for bad, says in ((0, "more than $0"), (-5, "more than $0"), ("lots", "monthly_spend"),
                      (1e12, "implausibly large")):  # fmt: skip
        got = FT_SPEND_TOKENS("big", bad, prices=toy)
        assert is_message(got) and says in got, got
    unknown = FT_SPEND_TOKENS("gpt-4q", 500)
    assert (
        is_message(unknown) and unknown.startswith("model: unknown model") and "gpt-4o" in unknown
    )


def test_money_in_a_token_argument_points_to_the_spend_way(toy):
    for value in ("$5000", "$5,000", "5000 USD", "USD 5000"):
        for got in (
            FT_BREAKEVEN_MONTHS("big", "small", "2M", value, prices=toy),
            FT_SAVINGS("big", "small", value, prices=toy),
            FT_GRADE("big", value, prices=toy),
            FT_RECOMMEND(value, "big", prices=toy),
            FT_RANK(value, "2M", prices=toy),
        ):
            assert is_message(got) and "looks like money" in got, got
            assert "FT_SPEND_TOKENS(model, spend)" in got, got
    # through Office.js: #VALUE! with that message
    with pytest.raises(fn.Failure) as e:
        fn.run("FT_SAVINGS", {"base_model": "big", "ft_model": "small", "monthly_tokens": "$5000",
                              "prices": toy}, office_js=True)  # fmt: skip
    assert e.value.code == "#VALUE!" and "FT_SPEND_TOKENS" in e.value.message


def test_epochs_by_hand():
    assert FT_EPOCHS(1) == 25  # 100 // 1 capped at 25
    assert FT_EPOCHS(10) == 10  # 30 < 100 → 100 // 10
    assert FT_EPOCHS(500) == 3
    assert FT_EPOCHS(10_000) == 2  # 30,000 > 25,000 → 25,000 // 10,000
    assert FT_EPOCHS(100_000) == 1
    assert FT_EPOCHS("1K") == 3


def test_recommend_gives_the_verdict_and_numbers(toy):
    text = FT_RECOMMEND("200M", "big", "small", "2M", prices=toy)
    # 200M/month saves $1,600/month; training $10 pays back in 10/1600 months = 0.19 days
    assert text.startswith("Fine-tune small: pays back in < 1 day")
    assert "$10.00" in text and "high-volume" in text
    low = FT_RECOMMEND("500K", "big", prices=toy)
    assert low.startswith("Stay with prompt engineering")
    dont = FT_RECOMMEND("200M", "big", "small", None, None, None, True, False, True, prices=toy)
    assert dont.startswith("Don't fine-tune") and "requirements change" in dont


# ------------------------------------------------------------------ the article's example


def test_article_example_on_default_prices(monkeypatch):
    # the article's arithmetic, on a day gpt-4o-mini could still be fine-tuned with no end date
    # in sight (the catalog's dates: training until 2027-01-06, retires 2027-01-14)
    monkeypatch.setenv("FTCOST_AS_OF", "2025-06-01")
    assert FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5000000) == rel(6_818_181.8, rel=1e-7)
    assert round(FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5000000)) == 6_818_182
    assert FT_TRAINING_COST("gpt-4o-mini", "5M") == rel(15.0)
    assert FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", "1M") == rel(6.818181818)
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", 12, "5M") == rel(11.40)
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", 12) == rel(26.40)  # the article's "$264"
    assert FT_BREAKEVEN("GPT-4o", "GPT-4o mini", "5M", prices="article") == rel(6_818_181.8)


def test_article_example_as_of_the_tests_day():
    # On 2026-12-01 (conftest) gpt-4o-mini's fine-tunes serve until 2027-01-14: 44 days, i.e.
    # 44 / 30.4375 months. The saving of $2.20 a month (1M × ($2.50 − $0.30) / 1M) accrues only
    # while the fine-tune serves; the $15 training is paid in full.
    serve = 44 / 30.4375
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", 12, "5M") == rel(2.20 * serve - 15)
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", 12) == rel(2.20 * serve)
    # the per-token break-even is the same arithmetic
    assert FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5000000) == rel(6_818_181.8, rel=1e-7)


# ------------------------------------------------------------------ equal to the engine

ENGINE_CASES = [
    (
        FT_TRAINING_COST,
        ("gpt-4.1-mini", "3M", 2),
        lambda: engine.training_cost("gpt-4.1-mini", ftcost.TrainingPlan("3M", epochs=2)).total,
    ),
    (
        FT_TRAINING_COST,
        ("mistral-small-4", "100K"),
        lambda: engine.training_cost("mistral-small-4", 1e5).total,
    ),
    (
        FT_INFERENCE_COST,
        ("gpt-4.1", "7M", "2M", False),
        lambda: engine.inference_cost("gpt-4.1", 7e6, 2e6, fine_tuned=False),
    ),
    (
        FT_COST,
        ("gpt-4o-mini", "9M", "1M", "4M", 3),
        lambda: (
            engine.training_cost("gpt-4o-mini", ftcost.TrainingPlan(4e6, epochs=3)).total
            + engine.inference_cost("gpt-4o-mini", 9e6, 1e6)
        ),
    ),
    (
        FT_BREAKEVEN,
        ("gpt-4.1", "gpt-4.1-mini", "20M", 2, 0.25),
        lambda: (
            engine.breakeven(
                "gpt-4.1", "gpt-4.1-mini", 20e6, epochs=2, output_ratio=0.25
            ).breakeven_tokens
        ),
    ),
    (
        FT_BREAKEVEN_MONTHS,
        ("gpt-4o", "llama-3.1-8b", "10M", "3M", 3, 0.5),
        lambda: (
            engine.breakeven(
                "gpt-4o", "llama-3.1-8b", 10e6, epochs=3, output_ratio=0.5, monthly_tokens=3e6
            ).breakeven_months
        ),
    ),
    (
        # an Azure fine-tune with hosting that retires 10.4 months into a 24-month horizon
        FT_SAVINGS,
        ("gpt-4o", "azure-gpt-4o-mini", "400M", 24, "8M", 2, 1),
        lambda: (
            engine.breakeven(
                "gpt-4o",
                "azure-gpt-4o-mini",
                8e6,
                epochs=2,
                output_ratio=1,
                monthly_tokens=400e6,
                months=24,
            ).net_savings
        ),
    ),
    (
        FT_SAVINGS,
        ("gpt-4o", "gpt-4o-mini", "40M", 24, "8M", 2, 1, None, "2025-06-01"),
        lambda: (
            engine.breakeven(
                "gpt-4o",
                "gpt-4o-mini",
                8e6,
                epochs=2,
                output_ratio=1,
                monthly_tokens=40e6,
                months=24,
                as_of="2025-06-01",
            ).net_savings
        ),
    ),
    (
        FT_ROUTING_COST,
        ("gpt-4o-mini", "gpt-4o", "50M", 0.6, 0.3, 0.05),
        lambda: (
            engine.routing_cost(
                "gpt-4o-mini",
                "gpt-4o",
                ftcost.Workload(monthly_tokens=50e6, output_ratio=0.3),
                simple_share=0.6,
                router_per_million=0.05,
            ).monthly_cost
        ),
    ),
    (
        FT_RAG_COST,
        ("gpt-4o-mini", "50M", 20_000, 1500, 0.2, 0.13, 0.0001, "10M"),
        lambda: (
            engine.rag_cost(
                "gpt-4o-mini",
                ftcost.Workload(monthly_tokens=50e6, output_ratio=0.2),
                requests=20_000,
                context_tokens=1500,
                embedding_per_million=0.13,
                search_per_query=0.0001,
                corpus_tokens=10e6,
            ).monthly_cost
        ),
    ),
    (
        FT_PROMPT_COST,
        ("gpt-4.1", "30M", 0.8, 0.1),
        lambda: (
            engine.prompt_engineering_cost(
                "gpt-4.1",
                ftcost.Workload(monthly_tokens=30e6, output_ratio=0.1, prompt_overhead=0.8),
            ).monthly_cost
        ),
    ),
    (
        FT_GRADE,
        ("gpt-4.1-mini", "20M", "5M", 6, 0.5, 2),
        lambda: (
            engine.grade(
                "gpt-4.1-mini",
                ftcost.TrainingPlan(5e6, epochs=2),
                ftcost.Workload(monthly_tokens=20e6, output_ratio=0.5, months=6),
            ).letter
        ),
    ),
    (FT_EPOCHS, (57,), lambda: engine.openai_default_epochs(57)),
    (
        FT_RECOMMEND,
        ("30M", "gpt-4o", None, "2M", 6, 0.5, True, False, False, False, False, "inference"),
        lambda: engine.decide(
            30e6,
            base="gpt-4o",
            plan=ftcost.TrainingPlan(2e6),
            workload=ftcost.Workload(output_ratio=0.5, months=6),
            priority="inference",
        ),
    ),
    (
        FT_PRICE,
        ("gpt-4.1-nano", "ft_cached_input"),
        lambda: ftcost.load_prices().get("gpt-4.1-nano").ft_cached_input,
    ),
]


@pytest.mark.parametrize(
    ("udf", "args", "expected"), ENGINE_CASES, ids=[c[0].__name__ for c in ENGINE_CASES]
)
def test_equals_engine(udf, args, expected):
    want = expected()
    got = udf(*args)
    if isinstance(want, engine.Decision):  # FT_RECOMMEND: `ftcost recommend`'s words
        assert want.why_not_cheapest  # this case's pick is not the cheapest option
        want = want.text() + ". Not the cheapest: " + want.why_not_cheapest
    if isinstance(want, float):
        assert got == rel(want, rel=1e-12)
    else:
        assert got == want


def test_rank_equals_engine():
    table = FT_RANK("100M", "5M", 6, 0.25, "gpt-4o", 2)
    r = engine.rank(
        ftcost.TrainingPlan("5M", epochs=2),
        ftcost.Workload(monthly_tokens="100M", output_ratio=0.25, months=6),
        base="gpt-4o",
    )
    columns = r.COLUMNS + r.LIFECYCLE_COLUMNS
    assert table[0] == [label for _, label in columns]
    blank = {"training_until", "retires", "breakeven_before_retirement"}  # None: nothing to show
    for got, row in zip(table[1:], r.rows, strict=True):
        want = [
            ("" if k in blank else "#N/A") if getattr(row, k) is None else getattr(row, k)
            for k, _ in columns
        ]
        assert got == want
    assert all(row[13] is True for row in table[1:])  # only trainable models by default


def test_models_equal_price_data():
    ps = ftcost.load_prices()
    table = FT_MODELS()
    assert len(table) == len(ps) + 1
    col = {h: i for i, h in enumerate(table[0])}
    for row, m in zip(table[1:], ps.models, strict=True):
        assert row[col["Model"]] == m.id and row[col["Checked"]] == m.checked
        for key, label, unit in ftcost.model.PRICE_FIELDS:
            assert row[col[f"{label} {unit}"]] == getattr(m, key)


def test_price_fields_come_from_the_registry():
    from ftcost import fields
    from ftcost.functions import cells

    ps = ftcost.load_prices()
    m = ps.models[0]
    for f in fields.PRICE:  # every field by its name and by its label
        want = getattr(m, f.name)
        for spelling in (f.name, f.label):
            got = FT_PRICE(m.id, spelling)
            if want is None:
                assert isinstance(got, str) and got.startswith(f"{m.id} has no "), got
            else:
                assert got == want, (f.name, spelling, got)
    priced = [f.name for f in fields.PRICE if f.kind in ("rate", "money")]
    assert [k for k, _ in cells.MODEL_COLUMNS][5:-6] == priced  # every price the registry has
    header = FT_MODELS()[0]
    assert header[5:-7] == [fields.by_name(n).header for n in priced]
    assert header[-4:] == ["Training until", "Retires", "Access", "Availability on 2026-12-01"]
    missing = next(m for m in ps.models if m.retires is None)
    assert FT_PRICE(missing.id, "retires") == f"{missing.id} has no Retires date in the data"


# ------------------------------------------------------------------ ranges


def test_column_of_volumes_gives_a_column():
    vols = [[1e6], [5e6], [2e7]]
    got = FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", vols)
    assert len(got) == 3 and all(len(r) == 1 for r in got)
    for (v,), (g,) in zip(vols, got, strict=True):
        assert g == FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", v)
    assert got[1][0] == rel(6_818_181.8)
    row = FT_TRAINING_COST("gpt-4o-mini", [["1M", "2M", "3M"]])
    assert row == [[rel(3.0), rel(6.0), rel(9.0)]]


def test_python_lists_and_numpy_arrays_are_columns(toy):
    assert FT_TRAINING_COST("small", ["2M", "4M"], prices=toy) == [[rel(10.0)], [rel(20.0)]]
    got = FT_TRAINING_COST("small", np.array([2e6, 4e6]), prices=toy)
    assert got == [[rel(10.0)], [rel(20.0)]]
    assert FT_TRAINING_COST("small", [["2M"]], prices=toy) == rel(10.0)  # 1×1 is one value


def test_column_times_row_gives_a_grid(toy):
    # net savings for monthly volume (rows) × horizon (columns): 12 × 4 − 10 style by hand
    got = FT_SAVINGS("big", "small", [["500K"], ["1M"]], [[6, 12, 24]], "2M", prices=toy)
    assert got == [
        [rel(6 * 4 - 10), rel(12 * 4 - 10), rel(24 * 4 - 10)],
        [rel(6 * 8 - 10), rel(12 * 8 - 10), rel(24 * 8 - 10)],
    ]


def test_models_can_be_a_range(toy):
    got = FT_PRICE([["big"], ["small"]], [["ft_input", "training"]], prices=toy)
    assert got == [[12.0, 20.0], [2.0, 5.0]]


def test_bad_cells_fail_alone_and_blanks_stay_blank(toy):
    got = FT_TRAINING_COST(
        "small", [["2M"], [None], [-1], ["lots"], ["#DIV/0!"], ["4M"]], prices=toy
    )
    assert got[0] == [rel(10.0)] and got[5] == [rel(20.0)]
    assert got[1] == [None]
    assert got[2][0] == "training_tokens: must be ≥ 0, got -1"
    assert got[3][0].startswith("training_tokens: expected a number")
    assert got[4][0] == "training_tokens: the cell holds the error #DIV/0!"
    # a blank optional cell in a range means its default
    assert FT_TRAINING_COST("small", "2M", [[3], [None]], prices=toy) == [[rel(30)], [rel(10)]]


def test_one_mistake_in_every_cell_is_said_once(toy):
    msg = FT_TRAINING_COST("smal", [["2M"], ["4M"]], prices=toy)
    assert isinstance(msg, str) and msg.startswith("model: unknown model 'smal'")
    assert "did you mean 'small'" in msg


def test_mismatched_ranges_and_table_functions(toy):
    msg = FT_SAVINGS("big", "small", [[1], [2], [3]], [[1], [2]], prices=toy)
    assert msg == "ranges of different sizes: monthly_tokens is 3×1, months is 2×1"
    msg = FT_RANK([["1M"], ["2M"]], "2M", prices=toy)
    assert is_message(msg) and "single cell" in msg
    msg = FT_GRADE("big", [["1M"], ["2M"]], "2M", 12, 0, 1, True, prices=toy)
    assert msg == "this returns a table: give single cells, not ranges"
    assert is_message(FT_TRAINING_COST("small", "2M", prices=[["default", "article"]]))
    assert is_message(FT_TRAINING_COST("small", [[1, 2], [3]], prices=toy))
    assert is_message(FT_TRAINING_COST("small", [], prices=toy))


def test_range_of_10000_cells(toy):
    vols = [[float(i * 1000)] for i in range(10_000)]
    got = FT_TRAINING_COST("small", vols, prices=toy)
    assert len(got) == 10_000
    assert got[0] == [0.0]  # no tokens: no job, no minimum charge
    assert got[1] == [rel(3.0)]  # 1K tokens: the $3 minimum
    assert got[9999] == [rel(9_999_000 * 5 / 1e6)]


# ------------------------------------------------------------------ bad input, empty cells


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: FT_BREAKEVEN("gpt-4o", "gpt4o-mini", "5M"),
            "ft_model: unknown model 'gpt4o-mini' — did you mean 'gpt-4o-mini'",
        ),
        (lambda: FT_BREAKEVEN("gpt4o", "gpt-4o-mini", "5M"), "base_model: unknown model 'gpt4o'"),
        (lambda: FT_TRAINING_COST("gpt-4o", "five million"), "training_tokens: expected a number"),
        (lambda: FT_TRAINING_COST("gpt-4o", -5), "training_tokens: must be ≥ 0, got -5"),
        (lambda: FT_TRAINING_COST("gpt-4o", True), "training_tokens: expected a number, got True"),
        (
            lambda: FT_TRAINING_COST("gpt-4o", float("nan")),
            "training_tokens: must be a finite number",
        ),
        (lambda: FT_TRAINING_COST("gpt-4o", "5M", 0), "epochs: must be between 1 and 100"),
        (lambda: FT_TRAINING_COST("gpt-4o", "5M", 2.5), "epochs: must be a whole number"),
        (
            lambda: FT_TRAINING_COST("gpt-4o", "#N/A"),
            "training_tokens: the cell holds the error #N/A",
        ),
        (lambda: FT_TRAINING_COST("#REF!", "5M"), "model: the cell holds the error #REF!"),
        (lambda: FT_TRAINING_COST(None, "5M"), "model: required, but the cell is empty"),
        (
            lambda: FT_TRAINING_COST("gpt-4o", None),
            "training_tokens: required, but the cell is empty",
        ),
        (lambda: FT_TRAINING_COST(42, "5M"), "model: expected a model name (text), got 42"),
        (lambda: FT_TRAINING_COST("gpt-4o", 1e308), "training_tokens: 1e+308 is implausibly large"),
        (
            lambda: FT_INFERENCE_COST("gpt-4o", "1M", 0, "maybe"),
            "fine_tuned: expected TRUE or FALSE, got 'maybe'",
        ),
        (
            lambda: FT_ROUTING_COST("gpt-4o-mini", "gpt-4o", "1M", 1.5),
            "simple_share: must be between 0 and 1",
        ),
        (
            lambda: FT_RECOMMEND("1M", priority="speed"),
            "priority: one of cost, inference, self-hosting",
        ),
        (
            lambda: FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", 0),
            "months: must be between 1 and 1200",
        ),
        (lambda: FT_EPOCHS(0), "n_examples: must be ≥ 1"),
        (lambda: FT_PRICE("gpt-4o", 3), "field: expected text, got 3"),
        (
            lambda: FT_TRAINING_COST("gpt-4o", "5M", prices="/no/such/file.toml"),
            "price file not found: /no/such/file.toml",
        ),
        (
            lambda: FT_TRAINING_COST("gpt-4o", "5M", prices=3),
            "prices: expected a price set name or a file path",
        ),
        (lambda: FT_RECOMMEND("1e32", "gpt-4o"), "monthly_tokens: 1e+32 is implausibly large"),
        (
            lambda: FT_TRAINING_COST("x" * 5000, "5M"),
            "model: expected a model name, got 5000 characters",
        ),
    ],
)
def test_bad_input_gives_a_message(call, expected):
    got = call()
    assert is_message(got), got
    assert expected in got


def test_messages_are_short():
    got = FT_TRAINING_COST("gpt-4o", "9" * 5000)
    assert is_message(got) and len(got) <= udfs.MAX_MESSAGE


def test_empty_optional_cells_mean_their_defaults(toy):
    want = FT_SAVINGS("big", "small", "500K", prices=toy)
    for empty in (None, "", "  "):
        assert FT_SAVINGS("big", "small", "500K", empty, empty, empty, empty, prices=toy) == want
    assert FT_INFERENCE_COST("small", "1M", None, None, prices=toy) == rel(2.0)
    assert FT_PRICE("small", None, prices=toy) == 2.0
    assert FT_TRAINING_COST("small", "2M", prices="") == FT_TRAINING_COST("small", "2M")


def test_flags_accept_excel_spellings(toy):
    for false in (False, 0, "FALSE", "no"):
        assert FT_INFERENCE_COST("small", "1M", 0, false, prices=toy) == rel(1.0)
    for true in (True, 1, 1.0, "TRUE", "yes"):
        assert FT_INFERENCE_COST("small", "1M", 0, true, prices=toy) == rel(2.0)


def test_env_var_price_set(toy, monkeypatch):
    monkeypatch.setenv("FTCOST_PRICES", toy)
    assert FT_PRICE("small", "training") == 5.0
    monkeypatch.setenv("FTCOST_PRICES", "article")
    assert FT_BREAKEVEN("GPT-4o", "GPT-4o mini", "5M") == rel(6_818_181.8)


def test_a_changed_price_file_is_read_again(tmp_path, monkeypatch):
    path = tmp_path / "p.toml"
    path.write_text(TOY_TOML, encoding="utf-8")
    assert FT_PRICE("small", "training", str(path)) == 5.0
    path.write_text(TOY_TOML.replace("training = 5.0", "training = 7.25"), encoding="utf-8")
    assert FT_PRICE("small", "training", str(path)) == 5.0  # within one recalculation: reused
    monkeypatch.setattr(ftcost.pricing, "RECHECK_SECONDS", 0.0)  # a later recalculation
    assert FT_PRICE("small", "training", str(path)) == 7.25


def test_a_bad_price_file_names_file_and_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TOY_TOML.replace("training = 5.0", "training = -5.0"), encoding="utf-8")
    got = FT_PRICE("small", "training", str(path))
    assert is_message(got) and "bad.toml" in got and "small.training: must be ≥ 0" in got


# ------------------------------------------------------------------ documentation, examples


def test_every_function_is_documented():
    names = sorted(n for n in dir(udfs) if n.startswith("FT_"))
    assert sorted(udfs.FUNCTIONS) == names and len(names) == 16
    for name in names:
        f = getattr(udfs, name)
        assert f.__doc__ and len(f.__doc__) <= 255 and "\n" not in f.__doc__, name
        params = list(inspect.signature(f).parameters)
        assert list(udfs.ARG_DOCS[name]) == params
        for arg, doc in udfs.ARG_DOCS[name].items():
            assert 10 < len(doc) <= 255, (name, arg, len(doc))


def test_issue_signatures():
    def sig(f):
        return [p.name for p in inspect.signature(f).parameters.values()]

    assert sig(FT_TRAINING_COST)[:3] == ["model", "training_tokens", "epochs"]
    assert sig(FT_INFERENCE_COST)[:4] == ["model", "input_tokens", "output_tokens", "fine_tuned"]
    assert sig(FT_COST)[:5] == [
        "model",
        "input_tokens",
        "output_tokens",
        "training_tokens",
        "epochs",
    ]
    assert sig(FT_BREAKEVEN)[:5] == [
        "base_model",
        "ft_model",
        "training_tokens",
        "epochs",
        "output_ratio",
    ]
    assert sig(FT_BREAKEVEN_MONTHS)[:6] == [
        "base_model",
        "ft_model",
        "training_tokens",
        "monthly_tokens",
        "epochs",
        "output_ratio",
    ]
    assert sig(FT_SAVINGS)[:7] == [
        "base_model",
        "ft_model",
        "monthly_tokens",
        "months",
        "training_tokens",
        "epochs",
        "output_ratio",
    ]
    assert sig(FT_PRICE)[:2] == ["model", "field"]
    assert sig(FT_RANK)[:5] == [
        "monthly_tokens",
        "training_tokens",
        "months",
        "output_ratio",
        "base_model",
    ]
    assert sig(FT_RECOMMEND)[0] == "monthly_tokens"
    assert inspect.signature(FT_INFERENCE_COST).parameters["fine_tuned"].default is True
    assert inspect.signature(FT_SAVINGS).parameters["months"].default == 12


def _parse_formula(text: str):
    name, _, rest = text[1:].partition("(")
    body = rest[:-1].replace("TRUE", "True").replace("FALSE", "False")
    # an empty argument (=FT_X("a",,"b")) is an empty cell
    body = re.sub(r"(?<=[,(]),", "None,", re.sub(r"^,", "None,", body))
    while ",," in body:
        body = body.replace(",,", ",None,")
    return name, ast.literal_eval(f"({body},)") if body else ()


def test_examples_are_literal_formulas_that_evaluate():
    assert set(udfs.EXAMPLES) == set(udfs.FUNCTIONS)
    for name, text in udfs.EXAMPLES.items():
        parsed_name, args = _parse_formula(text)
        assert parsed_name == name and args == udfs.EXAMPLE_ARGS[name]
        got = getattr(udfs, name)(*args)
        if isinstance(got, list):
            assert len(got) > 1 and all(len(r) == len(got[0]) for r in got)
        elif name in ("FT_RECOMMEND", "FT_GRADE"):
            assert isinstance(got, str) and "unexpected" not in got
        else:
            assert isinstance(got, int | float) and math.isfinite(got), (name, got)
    assert udfs.EXAMPLES["FT_BREAKEVEN"] == '=FT_BREAKEVEN("gpt-4o","gpt-4o-mini",5000000)'
    assert udfs.formula("FT_X", 'say "hi"', True, None, 1.5) == '=FT_X("say ""hi""",TRUE,,1.5)'


def test_describe_for_the_functions_sheet():
    info = udfs.describe()
    assert [d["name"] for d in info] == udfs.FUNCTIONS
    be = next(d for d in info if d["name"] == "FT_BREAKEVEN")
    assert be["syntax"].startswith("FT_BREAKEVEN(base_model, ft_model, training_tokens, [epochs]")
    assert be["category"] == "FT Cost" and be["example"] == udfs.EXAMPLES["FT_BREAKEVEN"]
    epochs = next(a for a in be["args"] if a["name"] == "epochs")
    assert epochs["optional"] and epochs["default"] == 1
    assert [d["name"] for d in info if d["returns_table"]] == ["FT_MODELS", "FT_RANK"]


def test_functions_are_plain_and_import_is_lazy():
    # Outside Windows xlwings leaves the functions as they are; the price data is not read on
    # import (the first recalculation pays for it once).
    code = textwrap.dedent(
        """
        import ftcost.pricing as p, ftcost.udfs as u
        assert not p._CACHE, "prices parsed at import"
        assert not u.OFFICE_JS
        assert u.FT_EPOCHS.__module__ == "ftcost.udfs"
        u.FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5e6)
        assert len(p._CACHE) == 1
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_functions_package_needs_no_xlwings():
    # The template builds its Functions tab from ftcost.functions: with xlwings (and pandas)
    # unimportable the catalogue, the examples and the plain functions still work.
    code = textwrap.dedent(
        """
        import sys
        sys.modules["xlwings"] = None
        sys.modules["pandas"] = None
        import ftcost.functions as fn
        assert [d["name"] for d in fn.describe()] == fn.FUNCTIONS
        for name, args in fn.EXAMPLE_ARGS.items():
            got = getattr(fn, name)(*args)
            assert got is not None and "unexpected" not in str(got), (name, got)
        assert round(fn.FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", "5M")) == 6818182
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_functions_package_docstring_runs():
    import doctest

    from ftcost import functions

    assert doctest.testmod(functions).failed == 0


def test_udfs_are_the_plain_functions_declared():
    from ftcost import functions

    assert udfs.__all__ == sorted(udfs.FUNCTIONS)  # what `from ftcost.udfs import *` gives
    for name in udfs.FUNCTIONS:
        f, plain = getattr(udfs, name), getattr(functions, name)
        assert inspect.signature(f) == inspect.signature(plain) and f.__doc__ == plain.__doc__
        args = udfs.EXAMPLE_ARGS[name]
        assert f(*args) == plain(*args)
    got = FT_TRAINING_COST("gpt-4o-mini", [["1M"], [None], ["x"]])
    assert got == functions.FT_TRAINING_COST("gpt-4o-mini", [["1M"], [None], ["x"]])


# ------------------------------------------------------------------ the docs say what the code does

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "workbook" / "README.md"


def _shown_formulas(text: str) -> list[tuple[str, str]]:
    """(formula, what the docs say it gives) from lines such as `=FT_X(...)   15   (note)`."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^(=FT_\w+\(.*?\))(?:\s+(.*))?$", line)
        if m:
            out.append((m[1], (m[2] or "").strip()))
    return out


def test_guide_lists_every_function():
    text = GUIDE.read_text(encoding="utf-8")
    for d in udfs.describe():
        assert f"| `{d['syntax']}` |" in text, d["name"]


@pytest.mark.parametrize("doc", [GUIDE, ROOT / "README.md"], ids=["workbook/README", "README"])
def test_documented_examples_give_what_they_say(doc):
    text = doc.read_text(encoding="utf-8")
    if doc.name == "README.md" and doc.parent == ROOT:
        start = text.index("<!-- udfs: issue 3 -->")
        text = text[start : text.index("\n## ", start)]
    checked = 0
    for formula, shown in _shown_formulas(text):
        if re.search(r"[A-Z]\d+:[A-Z]\d+", formula):
            continue  # a range of cells: nothing to evaluate here
        name, args = _parse_formula(formula)
        got = getattr(udfs, name)(*args)
        first = shown.split("  ")[0].split(" (")[0]
        number = re.match(r"^-?[\d,.]+", first)
        if isinstance(got, list):
            assert first.startswith("a table"), (formula, shown)
            assert len(got) > 2 and all(len(r) == len(got[0]) > 2 for r in got)
        elif isinstance(got, str):
            assert got.startswith(first.rstrip("…").rstrip()), (formula, got)
        elif isinstance(got, dt.date):
            assert first == got.isoformat(), (formula, got, shown)
        else:
            assert number, (formula, shown)
            text_number = number[0].replace(",", "").rstrip(".")
            decimals = len(text_number.split(".")[1]) if "." in text_number else 0
            assert round(got, decimals) == float(text_number), (formula, got, shown)
        checked += 1
    assert checked >= 3


def test_documented_messages_are_the_real_ones():
    block = GUIDE.read_text(encoding="utf-8").split(
        "You get a short message naming\nthe argument:"
    )[1]
    shown = block.split("```")[1].strip().splitlines()
    real = [
        FT_BREAKEVEN("gpt-4o", "gpt4o-mini", "5M"),
        FT_TRAINING_COST("gpt-4o", "lots"),
        FT_TRAINING_COST("gpt-4o", -5),
        FT_TRAINING_COST("gpt-4o", "#DIV/0!"),
        FT_TRAINING_COST(None, "5M"),
        FT_BREAKEVEN("gpt-4o-mini", "gpt-4o", "5M"),
    ]
    assert shown == real


# ------------------------------------------------------------------ as of a date (issue 10)
# The catalog's dates for gpt-4o-mini: new fine-tuning jobs until 2027-01-06, its fine-tunes
# serve until 2027-01-14. Against gpt-4o at 10M tokens a month it saves 10 × ($2.50 − $0.30) =
# $22 a month; training 5M tokens costs $15.


def test_breakeven_months_as_of_by_hand():
    # on 2026-12-01 (the tests' day) the fine-tune serves 44 days = 44 / 30.4375 months; it pays
    # back after 15 / 22 = 0.68 months: before it retires
    assert FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", "10M") == rel(15 / 22)
    # at 1M a month it would pay back after 15 / 2.2 = 6.82 months: after it retires, so never
    late = FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", "1M")
    assert is_message(late) and late.startswith("pays back after 6.82 months but gpt-4o-mini")
    assert "retires on 2027-01-14" in late
    with pytest.raises(fn.Failure) as e:
        fn.run("FT_BREAKEVEN_MONTHS", dict(base_model="gpt-4o", ft_model="gpt-4o-mini",
               training_tokens="5M", monthly_tokens="1M"), office_js=True)  # fmt: skip
    assert e.value.code == "#N/A"
    # the same on 2025-06-01, 19.4 months before it retires: 6.82 months
    for day in ("2025-06-01", 45809, 45809.75, dt.date(2025, 6, 1), dt.datetime(2025, 6, 1, 9, 30)):
        got = FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", "1M", 1, 0, None, day)
        assert got == rel(15 / 2.2), day
    # after 2027-01-06 no job can start: no break-even, whatever the volume
    closed = FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", "10M", as_of="2027-01-10")
    assert is_message(closed) and "no fine-tuning job can start on 2027-01-10" in closed


def test_breakeven_tokens_as_of():
    # per token the break-even is 15 / (2.20 / 1M) = 6.82M tokens whatever the day it is trained
    assert FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", "5M") == rel(15 / 2.2 * 1e6)
    # with a monthly volume, the day says whether that volume comes before it retires
    assert FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", "5M", 1, 0, "10M") == rel(15 / 2.2 * 1e6)
    late = FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", "5M", 1, 0, "1M")
    assert is_message(late) and late.startswith("pays back after 6.82 months")
    retired = FT_BREAKEVEN("gpt-4o", "gpt-4.1-nano", "5M")  # retired on 2026-10-23
    assert is_message(retired) and retired.startswith("gpt-4.1-nano retired on 2026-10-23")
    got = FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", "5M", as_of="2027-01-07")
    assert is_message(got) and "stopped taking new fine-tuning jobs" in got


def test_savings_and_cost_as_of_by_hand():
    serve = 44 / 30.4375  # months from 2026-12-01 to 2027-01-14
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "10M", 12, "5M") == rel(22 * serve - 15)
    # from 2026-12-14: 31 days left
    got = FT_SAVINGS("gpt-4o", "gpt-4o-mini", "10M", 12, "5M", 1, 0, None, "2026-12-14")
    assert got == rel(22 * 31 / 30.4375 - 15)
    # 2025-06-01: all 12 months served
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "10M", 12, "5M", as_of="2025-06-01") == rel(
        12 * 22 - 15
    )
    closed = FT_SAVINGS("gpt-4o", "gpt-4o-mini", "10M", 12, "5M", as_of="2027-01-10")
    assert is_message(closed) and "no fine-tuning job can start" in closed
    # FT_COST: the fine-tuned route. 10M input at $0.30 + 5M training at $3 = $3 + $15
    assert FT_COST("gpt-4o-mini", "10M", 0, "5M") == rel(18.0)
    # after training closed, an existing fine-tune still serves (no training): $3
    assert FT_COST("gpt-4o-mini", "10M", 0, 0, 1, None, "2027-01-10") == rel(3.0)
    no_job = FT_COST("gpt-4o-mini", "10M", 0, "5M", 1, None, "2027-01-10")
    assert is_message(no_job) and no_job.endswith("no fine-tuning job can start on 2027-01-10")
    gone = FT_COST("gpt-4o-mini", "10M", as_of="2027-01-14")
    assert is_message(gone) and gone.startswith("gpt-4o-mini retired on 2027-01-14")
    # prices are prices: FT_TRAINING_COST of a retired model still multiplies (no as_of)
    assert FT_TRAINING_COST("gpt-4.1-nano", "5M") == rel(5 * 1.5)


def test_price_lifecycle_fields_by_hand():
    assert FT_PRICE("gpt-4o-mini", "training_until") == dt.date(2027, 1, 6)
    assert FT_PRICE("gpt-4o-mini", "Retires") == dt.date(2027, 1, 14)
    assert "60 days" in FT_PRICE("gpt-4o-mini", "access")
    assert FT_PRICE("gpt-4o-mini", "state") == "closing"
    assert FT_PRICE("gpt-4o-mini", "trainable") is True
    assert FT_PRICE("gpt-4o-mini", "serve_months") == rel(44 / 30.4375)
    assert FT_PRICE("gpt-4o-mini", "state", None, "2027-01-10") == "closed"
    assert FT_PRICE("gpt-4o-mini", "trainable", None, "2027-01-10") is False
    assert FT_PRICE("gpt-4o-mini", "serving", None, "2027-01-10") is True
    assert FT_PRICE("gpt-4o-mini", "state", None, "2027-01-14") == "retired"
    assert FT_PRICE("gpt-4.1-nano", "availability") == "retired"
    assert FT_PRICE("llama-3.1-8b", "state") == "unverified"  # no dates, second-hand prices
    none = FT_PRICE("llama-3.1-8b", "serve_months")
    assert is_message(none) and "no retirement date" in none
    # the table: each model's state on the as-of date, in the last column
    table = FT_MODELS(None, "2027-01-10")
    assert table[0][-1] == "Availability on 2027-01-10"
    states = {row[0]: row[-1] for row in table[1:]}
    assert states["gpt-4o-mini"] == "closed" and states["gpt-3.5-turbo"] == "retired"


def test_rank_as_of():
    # by default only models trainable on the day; include_unavailable adds the others last
    ps = ftcost.load_prices()
    table = FT_RANK("100M", "5M", 12, 0, "gpt-4o")
    col = {h: i for i, h in enumerate(table[0])}
    ranked = [r[col["Model"]] for r in table[1:]]
    assert "gpt-4.1-nano" not in ranked and "gpt-4o-mini" in ranked
    assert all(r[col["Trainable"]] is True for r in table[1:])
    trainable = {m.id for m in ps.models if ftcost.lifecycle.availability(
        m, dt.date(2026, 12, 1)).trainable}  # fmt: skip
    assert set(ranked) == trainable
    every = FT_RANK("100M", "5M", 12, 0, "gpt-4o", 1, None, None, True)
    assert len(every) == len(ps.models) + 1
    tail = every[len(trainable) + 1 :]
    assert all(r[col["Trainable"]] is False and r[col["Total $ (horizon)"]] == "#N/A" for r in tail)
    nano = next(r for r in tail if r[col["Model"]] == "gpt-4.1-nano")
    assert nano[col["Note"]].startswith("gpt-4.1-nano retired on 2026-10-23")
    assert nano[col["Retires"]] == dt.date(2026, 10, 23)
    # gpt-4o-mini on 2026-12-01: 44 days of the 12 months served
    mini = next(r for r in every[1:] if r[col["Model"]] == "gpt-4o-mini")
    assert mini[col["Months served"]] == rel(44 / 30.4375)
    assert mini[col["Pays back before retiring"]] is True  # 15 / 220 months
    # on 2027-01-10 OpenAI's models are closed: no longer ranked
    later = [r[1] for r in FT_RANK("100M", "5M", 12, 0, "gpt-4o", 1, None, "2027-01-10")[1:]]
    assert "gpt-4o-mini" not in later and "azure-gpt-4o-mini" in later


def test_bad_as_of_is_a_message():
    for bad, says in (("2026-13-01", "expected a date YYYY-MM-DD"), ("next week", "YYYY-MM-DD"),
                      ("1999-01-01", "not plausible"), (True, "expected a date"),
                      (1.5, "not plausible"), (-3, "expected a date"),
                      (float("nan"), "expected a date"), ("20261201", "YYYY-MM-DD")):  # fmt: skip
        for got in (
            FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", as_of=bad),
            FT_RANK("1M", "5M", as_of=bad),
            FT_GRADE("gpt-4o", "1M", as_of=bad),
            FT_PRICE("gpt-4o", "training", as_of=bad),
        ):
            assert is_message(got) and got.startswith("as_of:") and says in got, (bad, got)


def test_as_of_range_equals_cell_by_cell():
    days = [["2025-06-01"], ["2026-12-01"], ["2026-12-14"], ["2027-01-10"], [None]]
    got = FT_SAVINGS("gpt-4o", "gpt-4o-mini", "10M", 12, "5M", 1, 0, None, days)
    for (day,), (g,) in zip(days, got, strict=True):
        assert g == FT_SAVINGS("gpt-4o", "gpt-4o-mini", "10M", 12, "5M", 1, 0, None, day)
    assert got[0][0] == rel(12 * 22 - 15) and got[4][0] == got[1][0]
    assert "no fine-tuning job can start" in got[3][0]


def test_grade_and_recommend_as_of():
    # FT_GRADE is engine.grade (ftcost grade) on that day
    for day in ("2025-06-01", "2027-01-10"):
        g = engine.grade("gpt-4o", "5M", monthly_tokens="100M", as_of=day)
        table = dict(FT_GRADE("gpt-4o", "100M", "5M", 12, 0, 1, True, None, day))
        assert table["Grade"] == g.letter and table["Best option"] == g.best_option
        assert table["Its cost $/month (training spread)"] == rel(g.best_monthly)
        assert table["As of"] == dt.date.fromisoformat(day)
    # a named candidate that can no longer be trained
    text = FT_RECOMMEND("100M", "gpt-4o", "gpt-4o-mini", as_of="2027-01-10")
    d = engine.decide(100e6, base="gpt-4o", candidate="gpt-4o-mini", as_of="2027-01-10")
    assert text.startswith(d.text())


def _cli_json(*args: str) -> dict:
    import json

    out = subprocess.run(
        [sys.executable, "-m", "ftcost", *args, "--json"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(out.stdout)


def test_grade_and_recommend_say_what_the_cli_says():
    # one function behind both surfaces: `ftcost grade` / `ftcost recommend` (a separate process,
    # through the command line's own parsing) and FT_GRADE / FT_RECOMMEND
    cli = _cli_json("grade", "--model", "gpt-4o", "--monthly-spend", "$5,000",
                    "--training-tokens", "5M", "--as-of", "2026-12-01")  # fmt: skip
    got = dict(FT_GRADE("gpt-4o", None, "5M", 12, 0, 1, True, None, "2026-12-01", "$5,000"))
    assert got["Grade"] == cli["grade"] and got["Best option"] == cli["best_option"]
    assert got["Current cost $/month"] == rel(cli["monthly_cost"])
    assert got["Its cost $/month (training spread)"] == rel(cli["best_monthly_cost"])
    assert got["Share saved"] == rel(cli["saving_share"])
    assert got["Volume from spend"] == cli["spend_text"]
    rec = _cli_json("recommend", "--base", "gpt-4o", "--monthly-tokens", "100M",
                    "--training-tokens", "5M", "--as-of", "2026-12-01")  # fmt: skip
    text = FT_RECOMMEND("100M", "gpt-4o", None, "5M", as_of="2026-12-01")
    want = rec["headline"] + (" — " + "; ".join(rec["reasons"]) if rec["reasons"] else "")
    if rec["why_not_cheapest"]:
        want += ". Not the cheapest: " + rec["why_not_cheapest"]
    assert text == want
