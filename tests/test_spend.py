"""Monthly spend → monthly tokens: hand-computed cases, and the engine's base route as the check
that the derived volume costs exactly the spend."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ftcost import engine
from ftcost.errors import DataError, InputError, UnknownModel
from ftcost.model import ModelPrice, Workload
from ftcost.pricing import load_prices
from ftcost.spend import blended_per_million, tokens_from_spend

DAY = dt.date(2026, 12, 1)


def _gpt_4o(**kw) -> ModelPrice:
    """GPT-4o's base prices as OpenAI lists them: $2.50 in, $10 out, $1.25 cached, batch half."""
    fields = dict(base_cached_input=1.25, base_batch_input=1.25, base_batch_output=5.0) | kw
    return ModelPrice(
        "gpt-4o", "OpenAI", "GPT-4o", "active", DAY, "test", 2.5, 10.0, 3.75, 15.0, 25.0, **fields
    )


def test_the_issue_sentence():
    v = tokens_from_spend(5000, _gpt_4o())
    # $5,000 ÷ $2.50 per 1M = 2,000M
    assert v.monthly_tokens == pytest.approx(2e9, rel=1e-15)
    assert v.per_million == 2.5 and v.spend == 5000 and v.model == "gpt-4o"
    assert v.text == "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"


def test_output_ratio_half():
    # per 1M input: $2.50 + 0.5 × $10 = $7.50; $5,000 ÷ 7.5 × 1M = 666,666,666.67
    v = tokens_from_spend("$5,000", _gpt_4o(), output_ratio=0.5)
    assert v.per_million == pytest.approx(7.5, rel=1e-15)
    assert v.monthly_tokens == pytest.approx(666_666_666.666_667, rel=1e-12)
    assert v.text == (
        "$5,000/month on gpt-4o = 667M input tokens/month at $7.50/1M "
        "(input $2.50, 0.5 output tokens per input token at $10.00)"
    )


def test_output_ratio_half_and_cached_share():
    # input: 0.7 × $2.50 + 0.3 × $1.25 = $2.125; output 0.5 × $10 = $5; $7.125 per 1M
    # $5,000 ÷ 7.125 × 1M = 701,754,385.96
    v = tokens_from_spend("5k", _gpt_4o(), output_ratio=0.5, cached_share=0.3)
    assert v.per_million == pytest.approx(7.125, rel=1e-15)
    assert v.monthly_tokens == pytest.approx(701_754_385.964_912, rel=1e-12)
    assert v.text == (
        "$5,000/month on gpt-4o = 702M input tokens/month at $7.125/1M "
        "(input $2.50, 30% cached at $1.25, 0.5 output tokens per input token at $10.00)"
    )


def test_cached_share_without_a_cached_price_is_the_standard_price():
    # as in the engine: a missing cached price falls back to the standard one
    v = tokens_from_spend(250, _gpt_4o(base_cached_input=None), cached_share=0.3)
    assert v.per_million == 2.5 and v.monthly_tokens == pytest.approx(1e8)


def test_batch_and_prompt_overhead():
    # all batch: $1.25 in; overhead 0.2: $1.25 × 1.2 = $1.50; $300 ÷ 1.5 = 200M
    v = tokens_from_spend(300, _gpt_4o(), Workload(batch_share=1, prompt_overhead=0.2))
    assert v.per_million == pytest.approx(1.5, rel=1e-15)
    assert v.monthly_tokens == pytest.approx(2e8, rel=1e-12)


@pytest.mark.parametrize(
    "spend,text",
    [
        (1, "$1/month on gpt-4o = 0.4M input tokens/month at $2.50/1M"),
        (25, "$25/month on gpt-4o = 10M input tokens/month at $2.50/1M"),
        (166.5, "$166.50/month on gpt-4o = 66.6M input tokens/month at $2.50/1M"),
        (0.01, "$0.01/month on gpt-4o = 4,000 input tokens/month at $2.50/1M"),
    ],
)
def test_sentence_precision(spend, text):
    assert tokens_from_spend(spend, _gpt_4o()).text == text


WORKLOADS = [
    Workload(),
    Workload(output_ratio=0.5),
    Workload(output_ratio=0.5, cached_share=0.3),
    Workload(output_ratio=2, cached_share=0.5, batch_share=0.25, prompt_overhead=0.4),
    Workload(batch_share=1, fallback_share=0.1),  # fallback is the fine-tuned route's, not base's
]


@pytest.mark.parametrize("w", WORKLOADS)
@pytest.mark.parametrize("base", ["gpt-4o", "gpt-4.1-mini", "gemini-1.5-pro"])
def test_equal_to_the_engines_base_route(base, w):
    ps = load_prices("default")
    c = engine.compare(base, "gpt-4o-mini", "1M", w, prices=ps)
    assert blended_per_million(ps.get(base), w) == pytest.approx(c.base_per_million, rel=1e-12)
    # and the derived volume costs exactly the spend on the engine's base route
    v = tokens_from_spend(5000, ps.get(base), w)
    c2 = engine.compare(
        base,
        "gpt-4o-mini",
        "1M",
        Workload(
            monthly_tokens=v.monthly_tokens,
            output_ratio=w.output_ratio,
            prompt_overhead=w.prompt_overhead,
            fallback_share=w.fallback_share,
            cached_share=w.cached_share,
            batch_share=w.batch_share,
        ),
        prices=ps,
    )
    assert c2.monthly_base_cost == pytest.approx(5000, rel=1e-12)


def test_plain_values():
    # ftcost's own gpt-4o (no cached price in the default set: cached at the standard $2.50)
    v = tokens_from_spend("$5,000", "GPT-4o", cached_share="30%", output_ratio="0.5")
    assert v.per_million == pytest.approx(7.5) and v.model == "gpt-4o"
    # a model only genai-prices has
    v = tokens_from_spend("20k", "claude-sonnet-4-5", as_of=DAY)
    assert v.monthly_tokens == pytest.approx(20_000 / 3 * 1e6, rel=1e-12)
    with pytest.raises(UnknownModel, match="did you mean 'gpt-4o'"):
        tokens_from_spend(5000, "gpt4o")


def test_a_genai_prices_model():
    from ftcost import basemodels

    m = basemodels.lookup("claude-sonnet-4-5", as_of=DAY)
    # $20,000 ÷ $3 per 1M = 6,666.67M
    v = tokens_from_spend(20_000, m)
    assert v.text == "$20,000/month on claude-sonnet-4-5 = 6,667M input tokens/month at $3.00/1M"


@pytest.mark.parametrize(
    "spend,message",
    [
        (0, "monthly_spend: a monthly spend must be more than $0, got 0"),
        (-5, "monthly_spend: a monthly spend must be more than $0, got -5"),
        (float("nan"), "monthly_spend: must be a finite number, got nan"),
        ("2e9", "monthly_spend: $2,000,000,000 a month is implausibly large (over $1,000,000,000)"),
        ("€5000", "monthly_spend: ftcost works in US dollars: give the amount in USD, got '€5000'"),
    ],
)
def test_bad_spend(spend, message):
    with pytest.raises(InputError) as e:
        tokens_from_spend(spend, _gpt_4o())
    assert str(e.value) == message


def test_a_free_model_has_no_volume():
    free = dataclasses.replace(_gpt_4o(), base_input=0.0, base_output=0.0)
    free = dataclasses.replace(
        free, base_cached_input=0.0, base_batch_input=0.0, base_batch_output=0.0
    )
    with pytest.raises(DataError, match="gpt-4o has no token price, so a spend says nothing"):
        tokens_from_spend(100, free)


def test_docstring_example():
    import doctest

    from ftcost import spend

    assert doctest.testmod(spend).failed == 0


# ------------------------------------------------------------ every public function takes a spend


def test_every_workload_function_takes_a_monthly_spend():
    import ftcost

    old = "2025-06-01"  # before OpenAI's wind-down: the whole horizon on the fine-tune
    text = "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"
    # $5,000 ÷ $2.50 per 1M = 2,000M tokens; fine-tuned gpt-4o-mini $0.30: saves $4,400 a month
    c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_spend=5000, as_of=old)
    assert c.monthly_tokens == pytest.approx(2e9, rel=1e-15) and c.spend_text == text
    assert c.monthly_base_cost == pytest.approx(5000, rel=1e-15)
    assert c.monthly_savings == pytest.approx(4400, rel=1e-12)
    assert c.as_dict()["spend_text"] == text
    c2 = ftcost.compare("gpt-4o", "gpt-4o-mini", "5M", monthly_spend="$5,000", as_of=old)
    assert c2 == c
    r = ftcost.rank("5M", base="gpt-4o", monthly_spend="$5,000", as_of=old)
    assert r.spend_text == text and r.monthly_tokens == pytest.approx(2e9, rel=1e-15)
    assert r.base_monthly_cost == pytest.approx(5000, rel=1e-15)
    s = ftcost.sensitivity("gpt-4o", "gpt-4o-mini", "5M", monthly_spend=[2500, "$5,000"], as_of=old)
    assert s["monthly_tokens"] == pytest.approx([1e9, 2e9], rel=1e-15)
    assert s["spend_text"][1] == text
    # net over 12 months: 12 × 2,000 × $2.20 − $15
    assert s["net_savings"][1, 0] == pytest.approx(12 * 4400 - 15, rel=1e-12)
    for got in (
        ftcost.options("gpt-4o", monthly_spend=5000, as_of=old),
        ftcost.alternatives("gpt-4o", monthly_spend=5000, as_of=old),
        ftcost.grade("gpt-4o", monthly_spend=5000, as_of=old),
        ftcost.decide(base="gpt-4o", monthly_spend=5000, as_of=old),
    ):
        assert got.spend_text == text


def test_spend_with_output_ratio_half_on_every_function():
    import ftcost

    # per 1M input: $2.50 + 0.5 × $10 = $7.50 → $5,000 buys 666.67M tokens; the base route
    # then costs the spend exactly
    m = 5000 / 7.5 * 1e6
    c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_spend=5000, output_ratio=0.5)
    assert c.monthly_tokens == pytest.approx(m, rel=1e-12)
    assert c.monthly_base_cost == pytest.approx(5000, rel=1e-12)
    assert c.spend_text.startswith("$5,000/month on gpt-4o = 667M input tokens/month at $7.50/1M")
    r = ftcost.rank("5M", base="gpt-4o", monthly_spend=5000, output_ratio=0.5)
    assert r.monthly_tokens == pytest.approx(m, rel=1e-12) and r.spend_text == c.spend_text
    # claude-sonnet-4-5 (genai-prices: $3 in) — any current model
    r = ftcost.rank("5M", base="claude-sonnet-4-5", monthly_spend="$20,000")
    assert r.monthly_tokens == pytest.approx(20_000 / 3 * 1e6, rel=1e-12)
    assert r.spend_text.startswith("$20,000/month on claude-sonnet-4-5 = 6,667M input tokens")


def test_spend_errors_on_every_function():
    import ftcost

    both = "monthly_spend: give a monthly spend or monthly tokens, not both"
    with pytest.raises(InputError, match=both):
        ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", monthly_spend=5)
    with pytest.raises(InputError, match=both):
        ftcost.rank("5M", base="gpt-4o", monthly_tokens="1M", monthly_spend=5)
    with pytest.raises(InputError, match="monthly_spend: give monthly spends or monthly tokens"):
        ftcost.sensitivity("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=[1], monthly_spend=[5])
    with pytest.raises(InputError, match="monthly_spend: needs the model the money is spent on"):
        ftcost.rank("5M", monthly_spend=5000)
    with pytest.raises(InputError, match="monthly_spend"):
        ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_spend="-5")
    with pytest.raises(InputError, match="monthly_tokens: sensitivity needs"):
        ftcost.sensitivity("gpt-4o", "gpt-4o-mini", "5M")
