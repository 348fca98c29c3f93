"""The cost model against hand-computed figures and the article's examples (computed right).

Every expected number here was worked out by hand from the prices in pricing/ (USD per 1M tokens)
and the formulas in DESIGN.md; the arithmetic is written out beside each case.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest

import ftcost
from ftcost import engine
from ftcost.errors import DataError, InputError, NoCandidate, UnknownModel
from ftcost.model import TrainingPlan, Workload

REL = 1e-12

# The arithmetic tests run on a day before OpenAI's wind-down (the default catalog's dates cut
# nothing then): their point is the formulas. Tests of today's answer use the pinned 2026-12-01.
OLD = "2025-06-01"
DEC1_SERVE = 44 / (365.25 / 12)  # 2026-12-01 → 2027-01-14 (gpt-4o family retires): 1.4456 months


def reopened(prices, *ids):
    """``prices`` with the models ``ids`` as they were while their provider sold fine-tuning
    (status active): their arithmetic is what the tests using it are about."""
    import dataclasses

    models = tuple(
        dataclasses.replace(m, status="active") if m.id in ids else m for m in prices.models
    )
    return dataclasses.replace(prices, models=models, _index={}, cache={})


@pytest.fixture(scope="module")
def mistral_open(prices):
    """Mistral Small 4 open: its $4 minimum and $2/month storage are the arithmetic."""
    return reopened(prices, "mistral-small-4")


def approx(x, rel=REL):
    return pytest.approx(x, rel=rel, abs=1e-12)


# ------------------------------------------------------------ the article's worked examples


class TestArticleExamples:
    def test_gpt4o_to_finetuned_gpt4o_mini(self):
        # Training: 5M tokens × $3/1M = $15. Saving per 1M input tokens: $2.50 − $0.30 = $2.20.
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", as_of=OLD)
        assert c.training_cost == approx(15.0)
        assert c.savings_per_million_tokens == approx(2.20)
        # Break-even: $15 / $2.20 per 1M = 6,818,181.8 tokens (the article: 6.8M — right)
        assert c.breakeven_tokens == approx(15 / 2.2 * 1e6)
        assert round(c.breakeven_tokens) == 6_818_182
        # At 1M tokens/month that is 6.82 months — the article says "less than 1 month".
        assert c.breakeven_months == approx(15 / 2.2)
        assert 6.8 < c.breakeven_months < 6.9
        # Saving: $2.20/month and $26.40/year — the article says "$22/month … $264/year".
        assert c.monthly_savings == approx(2.2)
        assert c.annual_savings == approx(26.4)
        # Net over 12 months after training: 26.40 − 15 = 11.40
        assert c.net_savings == approx(11.4)

    def test_same_example_with_article_prices_is_identical(self, article_prices):
        # GPT-4o and GPT-4o mini input prices are the same in both sets.
        c = ftcost.breakeven(
            "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", prices=article_prices
        )
        assert c.breakeven_tokens == approx(15 / 2.2 * 1e6)
        # The article set records a $3 "min training cost" and "$0.50/hour" compute; neither
        # changes a 5M-token run with no hours given (compute left out, with a warning).
        assert c.training_cost == approx(15.0)
        assert any("0.5/hour" in w for w in c.warnings)

    def test_gpt4o_to_finetuned_gemini_flash_article_prices(self, article_prices):
        # Training: 5M × $0.025/1M = $0.125 (the article rounds to $0.13).
        c = ftcost.breakeven(
            "gpt-4o", "gemini flash", 5_000_000, monthly_tokens=1e6, prices=article_prices
        )
        assert c.training_cost == approx(0.125)
        assert c.savings_per_million_tokens == approx(2.425)
        # Break-even: 0.125 / 2.425 × 1M = 51,546 tokens. The article's "54K" is 0.13 / 2.425.
        assert c.breakeven_tokens == approx(0.125 / 2.425 * 1e6)
        assert round(c.breakeven_tokens) == 51_546
        assert round(0.13 / 2.425 * 1e6, -3) == 54_000  # where the article's figure comes from
        # At 1M/month: $2.425/month, $29.10/year — the article says "$291/year".
        assert c.annual_savings == approx(29.1)
        assert c.net_savings == approx(12 * 2.425 - 0.125)

    def test_gemini_flash_with_default_prices(self):
        # Corrected data: tuning was free on the Gemini API, so training is $0 — but Gemini 1.5
        # Flash retired on 2025-05-27, so there is no break-even to act on.
        c = ftcost.breakeven("gpt-4o", "gemini-1.5-flash", "5M", monthly_tokens="1M")
        assert c.training_cost == 0
        assert not c.trainable and c.state == "retired"
        assert c.breakeven_tokens is None and c.breakeven_months is None
        assert c.reason.startswith("gemini-1.5-flash retired on 2025-05-27")
        assert c.ft_per_million == approx(0.075)  # per-1M prices still shown

    def test_88_percent_per_request(self):
        # "if it replaces GPT-4o ($2.50/1M) for your specific task, you save 88%": (2.50−0.30)/2.50
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M")
        assert c.savings_per_million_tokens / c.base_per_million == approx(0.88)

    def test_training_scenarios_paragraph(self, article_prices):
        # "GPT-4o mini … 5M token run costs about $15. GPT-4o … $125. Gemini Flash … $0.13"
        assert ftcost.training_cost("gpt-4o-mini", "5M").total == approx(15)
        assert ftcost.training_cost("gpt-4o", "5M").total == approx(125)
        assert ftcost.training_cost("gemini-1.5-flash", "5M", article_prices).total == approx(0.125)


# ------------------------------------------------------------ training cost


class TestTrainingCost:
    def test_epochs_validation_runs(self):
        # (5M × 3 epochs + 1M validation) × $3/1M = $48 per run; 2 runs = $96
        t = ftcost.training_cost(
            "gpt-4o-mini", TrainingPlan("5M", epochs=3, validation_tokens="1M", runs=2)
        )
        assert t.billed_tokens == 16e6
        assert t.per_run == approx(48)
        assert t.total == approx(96)
        assert not t.min_charge_applied

    def test_minimum_charge(self):
        # Mistral Small 4: 1M × $3 = $3 < $4 minimum per job → $4; 3 runs → $12
        t = ftcost.training_cost("mistral-small-4", TrainingPlan("1M", runs=3))
        assert t.per_run == approx(4.0)
        assert t.total == approx(12.0)
        assert t.min_charge_applied
        assert any("minimum charge" in w for w in t.warnings)
        # 2M × $3 = $6 > $4 → $6
        assert ftcost.training_cost("mistral-small-4", "2M").total == approx(6.0)

    def test_no_job_costs_nothing_even_with_minimum(self):
        assert ftcost.training_cost("mistral-small-4", 0).total == 0

    def test_hourly_rft(self):
        # o4-mini RFT: $100 per training hour; 10 hours = $1,000
        assert ftcost.training_cost(
            "o4-mini", TrainingPlan("1M", training_hours=10)
        ).total == approx(1000)
        with pytest.raises(DataError, match=r"training hour.*training_hours"):
            ftcost.training_cost("o4-mini", "1M")

    def test_hourly_plus_tokens(self, article_prices):
        # The article's claimed $0.50/hour on top of tokens: 5M × $25 + 4 h × $0.50 = $127
        t = ftcost.training_cost("gpt-4o", TrainingPlan("5M", training_hours=4), article_prices)
        assert t.total == approx(127)
        assert t.compute_cost == approx(2)

    def test_zero_price_training(self):
        assert ftcost.training_cost("gemini-1.5-flash", "50M").total == 0


# ------------------------------------------------------------ inference


class TestInference:
    def test_fine_tuned_and_base(self):
        # GPT-4o, 1M in + 0.5M out: fine-tuned 3.75 + 0.5 × 15 = 11.25; base 2.50 + 0.5 × 10 = 7.50
        assert ftcost.inference_cost("gpt-4o", "1M", "500K") == approx(11.25)
        assert ftcost.inference_cost("gpt-4o", "1M", "500K", fine_tuned=False) == approx(7.5)

    def test_batch_and_cached(self):
        # batch fine-tuned GPT-4o: 1.875 + 0.5 × 7.50 = 5.625
        assert ftcost.inference_cost("gpt-4o", "1M", "500K", batch_share=1) == approx(5.625)
        # GPT-4.1 fine-tuned, half the input cached: 0.5 × 3 + 0.5 × 0.75 = 1.875
        assert ftcost.inference_cost("gpt-4.1", "1M", cached_share=0.5) == approx(1.875)
        # cached 25% and batch 50%: 0.5 × (0.75 × 3 + 0.25 × 0.75) + 0.5 × 3 (no batch price) = 2.71875
        assert ftcost.inference_cost(
            "gpt-4.1", "1M", cached_share="25%", batch_share=0.5
        ) == approx(2.71875)

    def test_gpt35_corrected_units(self, article_prices):
        # 1M fine-tuned GPT-3.5 input tokens cost $3, not the article's $0.003
        assert ftcost.inference_cost("gpt-3.5-turbo", "1M") == approx(3.0)
        assert ftcost.inference_cost("gpt-3.5-turbo", "1M", prices=article_prices) == approx(0.003)


# ------------------------------------------------------------ comparison


class TestCompare:
    def test_output_ratio(self):
        # base 2.50 + 0.5 × 10 = 7.50; fine-tuned 0.30 + 0.5 × 1.20 = 0.90; saving 6.60 per 1M input
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", output_ratio=0.5, monthly_tokens="10M")
        assert c.base_per_million == approx(7.5)
        assert c.ft_per_million == approx(0.9)
        assert c.breakeven_tokens == approx(15 / 6.6 * 1e6)
        assert c.monthly_savings == approx(66.0)
        assert c.breakeven_months == approx(15 / 66)

    def test_epochs_change_breakeven(self):
        # 3 epochs: $45 training; 45 / 2.2 = 20.45M tokens
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", epochs=3)
        assert c.breakeven_tokens == approx(45 / 2.2 * 1e6)

    def test_prompt_overhead(self):
        # base route carries 50% more input: 2.50 × 1.5 = 3.75; saving 3.45
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", prompt_overhead=0.5)
        assert c.base_per_million == approx(3.75)
        assert c.savings_per_million_tokens == approx(3.45)

    def test_fallback(self):
        # 10% of requests redone on GPT-4o: 0.30 + 0.1 × 2.50 = 0.55; saving 1.95
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", fallback_share=0.1, monthly_tokens="1M")
        assert c.ft_per_million == approx(0.55)
        assert c.breakeven_tokens == approx(15 / 1.95 * 1e6)
        assert c.monthly_savings == approx(1.95)

    def test_fallback_with_overhead_redoes_full_base_prompt(self):
        # the redo on the base model carries the base prompt: 0.30 + 0.2 × (2.50 × 2) = 1.30
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", fallback_share=0.2, prompt_overhead=1)
        assert c.ft_per_million == approx(1.3)
        assert c.savings_per_million_tokens == approx(5.0 - 1.3)

    def test_storage_fixed_cost(self, mistral_open):
        # GPT-4o → Mistral Small 4 at 1M/month: saving 2.50 − 0.15 = 2.35/month minus $2 storage
        # = $0.35/month; training max($4, 5M × $3) = $15 → 42.86 months = 42.86M tokens
        c = ftcost.breakeven(
            "gpt-4o", "mistral-small-4", "5M", monthly_tokens="1M", prices=mistral_open
        )
        assert c.fixed_monthly == 2.0
        assert c.monthly_savings == approx(0.35)
        assert c.breakeven_months == approx(15 / 0.35)
        assert c.breakeven_tokens == approx(15 / 0.35 * 1e6)
        assert c.net_savings == approx(12 * 0.35 - 15)

    def test_fixed_cost_exceeds_saving(self, mistral_open):
        # at 500K/month the saving is 0.5 × 2.35 = $1.175 < $2 storage: never pays back
        c = ftcost.breakeven(
            "gpt-4o", "mistral-small-4", "5M", monthly_tokens="500K", prices=mistral_open
        )
        assert c.breakeven_months is None and c.breakeven_tokens is None
        assert c.monthly_savings == approx(1.175 - 2)
        assert "hosting and storage" in c.reason

    def test_zero_volume(self):
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=0)
        assert c.breakeven_months is None and c.monthly_savings == 0
        assert c.net_savings == approx(-15)
        assert "0 tokens a month" in c.reason

    def test_fixed_cost_without_volume(self, mistral_open):
        c = ftcost.breakeven("gpt-4o", "mistral-small-4", "5M", prices=mistral_open)
        assert c.breakeven_tokens is None
        assert "depends on monthly volume" in c.reason

    def test_hosting_from_user_file(self, tmp_path):
        f = tmp_path / "mine.toml"
        f.write_text(
            textwrap.dedent(
                """
                [[model]]
                id = "big"
                provider = "Acme"
                name = "Big"
                status = "active"
                checked = 2026-11-01
                source = "contract"
                base_input = 10
                base_output = 30
                ft_input = 10
                ft_output = 30
                training = 1

                [[model]]
                id = "small-dedicated"
                provider = "Acme"
                name = "Small on a dedicated endpoint"
                status = "active"
                checked = 2026-11-01
                source = "contract"
                base_input = 1
                base_output = 1
                ft_input = 0
                ft_output = 0
                training = 2
                hosting_per_hour = 1.5
                storage_per_month = 5
                """
            )
        )
        # fixed: 1.5 × 730 + 5 = $1,100/month; at 200M tokens/month the base route costs $2,000
        c = ftcost.breakeven("big", "small-dedicated", "10M", monthly_tokens="200M", prices=f)
        assert c.fixed_monthly == approx(1100)
        assert c.training_cost == approx(20)
        assert c.monthly_savings == approx(900)
        assert c.breakeven_months == approx(20 / 900)
        assert c.breakeven_tokens == approx(20 / 900 * 200e6)

    def test_no_saving_no_breakeven(self):
        c = ftcost.breakeven("gpt-4o-mini", "gpt-4o", "5M", monthly_tokens="1M", as_of=OLD)
        assert c.savings_per_million_tokens == approx(0.15 - 3.75)
        assert c.breakeven_tokens is None and c.breakeven_months is None
        assert c.reason.startswith("no break-even")
        assert c.net_savings == approx(12 * (0.15 - 3.75) - 125)

    def test_equal_prices_no_breakeven(self):
        c = ftcost.breakeven("gemini-1.5-pro", "gemini-1.5-pro", "5M", monthly_tokens="1M")
        assert c.savings_per_million_tokens == 0
        assert c.breakeven_tokens is None

    def test_no_volume_gives_none_with_reason(self):
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M")
        assert c.monthly_savings is None and c.annual_savings is None and c.net_savings is None
        assert c.breakeven_tokens == approx(15 / 2.2 * 1e6)
        assert "monthly volume" in c.reason

    def test_retraining(self):
        # retrain every 3 months over 12 → trainings at 0, 3, 6, 9 = 4 × $15
        c = ftcost.breakeven(
            "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", retrain_every=3, as_of=OLD
        )
        assert c.trainings == 4
        assert c.tco_base == approx(30)
        assert c.tco_ft == approx(4 * 15 + 12 * 0.3)
        assert c.net_savings == approx(30 - 63.6)
        # every 5 months → at 0, 5, 10 = 3; every 12 → 1; every 13 → 1
        assert Workload(months=12, retrain_every=5).trainings == 3
        assert Workload(months=12, retrain_every=12).trainings == 1
        assert Workload(months=12, retrain_every=13).trainings == 1
        assert Workload(months=24, retrain_every=12).trainings == 2

    def test_schedule(self):
        c = ftcost.breakeven(
            "gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", retrain_every=3, as_of=OLD
        )
        rows = ftcost.schedule(c)
        assert len(rows) == 13
        assert rows[0] == (0, 0.0, 15.0)
        assert rows[3][2] == approx(30 + 3 * 0.3)  # retrained at the start of month 4
        assert rows[-1][1] == approx(c.tco_base) and rows[-1][2] == approx(c.tco_ft)

    def test_schedule_crossover_matches_breakeven(self):
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", as_of=OLD)
        rows = ftcost.schedule(c)
        first_cheaper = next(m for m, b, f in rows if f < b)
        assert first_cheaper == math.ceil(c.breakeven_months) == 7

    def test_schedule_needs_volume(self):
        with pytest.raises(InputError, match="monthly"):
            ftcost.schedule(ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M"))

    def test_cached_share_without_price_warns(self):
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", cached_share=0.5)
        assert any("cached-input" in w for w in c.warnings)

    def test_unknown_model(self):
        with pytest.raises(UnknownModel, match=r"did you mean 'gpt-4o-mini'"):
            ftcost.breakeven("gpt-4o", "gpt4o-mini", "5M")


# ------------------------------------------------------------ inputs


@pytest.mark.parametrize(
    "text,value",
    [
        ("5M", 5e6),
        ("5m", 5e6),
        ("54K", 54e3),
        ("1.2B", 1.2e9),
        ("5e6", 5e6),
        ("5,000,000", 5e6),
        (" 2.5 M ", 2.5e6),
        (5000000, 5e6),
        (5e6, 5e6),
        ("0", 0.0),
    ],
)
def test_volume_forms(text, value):
    assert TrainingPlan(text).training_tokens == value


@pytest.mark.parametrize(
    "bad,match",
    [
        (-1, "must be ≥ 0"),
        ("-5M", "must be ≥ 0"),
        ("abc", "expected a number"),
        ("5X", "expected a number"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        ("nan", "expected a number|finite"),
        (True, "expected a number"),
        (None, "expected a number"),
        ([1], "expected a number"),
    ],
)
def test_bad_volumes(bad, match):
    with pytest.raises(InputError, match=f"training_tokens: .*({match})"):
        TrainingPlan(bad)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"epochs": 0}, "epochs: must be between 1 and 100"),
        ({"epochs": 2.5}, "epochs: must be a whole number"),
        ({"runs": 0}, "runs: must be"),
        ({"training_hours": -1}, "training_hours: must be ≥ 0"),
    ],
)
def test_bad_plan(kwargs, match):
    with pytest.raises(InputError, match=match):
        TrainingPlan("5M", **kwargs)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"monthly_tokens": -3}, "monthly_tokens: must be ≥ 0"),
        ({"output_ratio": -0.5}, "output_ratio: must be ≥ 0"),
        ({"fallback_share": 1.5}, "fallback_share: must be between 0 and 1"),
        ({"cached_share": "150%"}, "cached_share: must be between"),
        ({"months": 0}, "months: must be between 1 and 1200"),
        ({"retrain_every": 0}, "retrain_every: must be"),
        ({"output_ratio": 1e9}, "output_ratio"),
    ],
)
def test_bad_workload(kwargs, match):
    with pytest.raises(InputError, match=match):
        Workload(**kwargs)


# ------------------------------------------------------------ ranking and the vectorised grid


class TestRanking:
    def test_rank_order_and_figures(self):
        r = ftcost.rank(TrainingPlan("5M"), Workload(monthly_tokens="100M"), base="gpt-4o")
        ids = [row.id for row in r.rows]
        # on 2026-12-01, 19 of the 32 models can be fine-tuned; the 13 others (10 retired, the
        # two Mistral entries and Azure's developer tier, an evaluation offer, closed) are
        # listed apart with the reason
        assert len(ids) == 19 and len(set(ids)) == 19
        assert sorted(u[0] for u in r.unavailable) == sorted(
            [
                "azure-gpt-4.1-mini-developer",
                "gpt-3.5-turbo",
                "gpt-4.1-nano",
                "o4-mini",
                "gemini-1.5-flash",
                "gemini-1.5-pro",
                "vertex-gemini-2.5-pro",
                "vertex-gemini-2.5-flash",
                "vertex-gemini-2.5-flash-lite",
                "vertex-gemini-2.0-flash",
                "mistral-large-3",
                "mistral-small-4",
                "command-r-plus",
            ]
        )
        assert {u[0] for u in r.unavailable if u[1] == "closed"} == {
            "mistral-large-3",
            "mistral-small-4",
            "azure-gpt-4.1-mini-developer",
        }
        why = {u[0]: u[2] for u in r.unavailable}
        assert why["azure-gpt-4.1-mini-developer"].startswith(
            "Azure OpenAI's GPT-4.1 mini (Azure, Developer tier) is for evaluation, not production "
            "traffic (Existing Azure OpenAI fine-tuning customers only"
        )
        assert why["azure-gpt-4.1-mini-developer"].endswith(
            "removed automatically after 24 hours.)"
        )
        totals = [row.total_cost for row in r.rows if row.total_cost is not None]
        assert totals == sorted(totals) and len(totals) == 19
        # cheapest: Bedrock's Nova Micro, 5M × $1 = $5 + 12 × (100 × $0.035 + $1.95) = $70.40;
        # then Together's Llama 3.1 8B, 5M × $0.48 = $2.40 + 12 × 100 × $0.18 = $218.40
        assert r.rows[0].id == "bedrock-nova-micro" and r.rows[0].total_cost == approx(70.4)
        assert r.rows[1].id == "llama-3.1-8b" and r.rows[1].total_cost == approx(218.4)
        mini = next(row for row in r.rows if row.id == "gpt-4o-mini")
        # 100M/month × $0.30 = $30/month, but the fine-tune serves only 44 days (1.4456 months,
        # retirement 2027-01-14), then 10.554 months back on GPT-4o at $250:
        # 15 + 1.4456 × 30 + 10.554 × 250 = $2,696.97
        assert mini.monthly_cost == approx(30)
        assert mini.effective_months == approx(DEC1_SERVE)
        assert mini.total_cost == approx(15 + DEC1_SERVE * 30 + (12 - DEC1_SERVE) * 250)
        assert 2696.9 < mini.total_cost < 2697.0
        assert r.base_monthly_cost == approx(250)
        # Azure's Llama 3.3 70B: 5M × $4.50 = $22.50, $0.71/1M × 100M = $71 + $0.30/hour × 730
        # = $219 hosting a month, no dates: 22.5 + 12 × 290 = $3,502.50
        llama = next(row for row in r.rows if row.id == "azure-llama-3.3-70b")
        assert llama.total_cost == approx(3502.5)
        # with include_unavailable, the 13 others are ranked last, with no total
        ra = ftcost.rank("5M", base="gpt-4o", monthly_tokens="100M", include_unavailable=True)
        assert len(ra.rows) == 32 and all(row.trainable is False for row in ra.rows[19:])
        dev = next(row for row in ra.rows if row.id == "azure-gpt-4.1-mini-developer")
        assert dev.total_cost is None and dev.state == "closed"
        gem = next(row for row in ra.rows if row.id == "gemini-1.5-flash")
        assert gem.total_cost is None and gem.net_savings is None and gem.state == "retired"
        assert gem.monthly_cost == approx(7.5)  # $0.075/1M × 100M: the price still shown

    def test_rank_arithmetic_before_the_wind_down(self, mistral_open):
        r = ftcost.rank("5M", base="gpt-4o", monthly_tokens="100M", prices=mistral_open, as_of=OLD)
        mini = next(row for row in r.rows if row.id == "gpt-4o-mini")
        # 100M/month × $0.30 = $30/month; 12 months + $15 training = $375; vs GPT-4o $250/month
        assert mini.monthly_cost == approx(30)
        assert mini.total_cost == approx(375)
        assert mini.monthly_savings == approx(220)
        assert mini.net_savings == approx(12 * 220 - 15)
        # Mistral Small 4: $15 training + 12 × (100 × 0.15 + 2 storage) = $219
        ms = next(row for row in r.rows if row.id == "mistral-small-4")
        assert ms.total_cost == approx(219)

    def test_rank_with_hours_includes_rft(self, prices):
        # o4-mini (reinforcement fine-tuning, $100/hour) while OpenAI offered it
        r = ftcost.rank(
            TrainingPlan("5M", training_hours=2),
            Workload(monthly_tokens="1M"),
            prices=reopened(prices, "o4-mini"),
            as_of=OLD,
        )
        o4 = next(row for row in r.rows if row.id == "o4-mini")
        assert o4.training_cost == approx(200)
        assert o4.total_cost == approx(200 + 12 * 4.0)
        # without hours it cannot be costed: ranked last, saying why
        r = ftcost.rank("5M", monthly_tokens="1M", prices=reopened(prices, "o4-mini"), as_of=OLD)
        assert r.rows[-1].id == "o4-mini" and r.rows[-1].total_cost is None
        assert "training hour" in r.rows[-1].note

    def test_rank_best_skips_deprecated(self):
        r = ftcost.rank(TrainingPlan("5M"), Workload(monthly_tokens="100M"))
        assert all(row.status != "deprecated" for row in r.rows)
        ra = ftcost.rank("5M", monthly_tokens="100M", include_unavailable=True)
        assert ra.rows[-1].status == "deprecated"
        assert ra.best().status != "deprecated"

    def test_rank_frame(self):
        df = ftcost.rank("5M", Workload(monthly_tokens="1M"), base="gpt-4o").to_frame()
        assert list(df.index) == list(range(1, 20))  # the 19 trainable on 2026-12-01
        assert {"id", "training_cost", "net_savings"} <= set(df.columns)
        assert {"state", "trainable", "retires", "effective_months"} <= set(df.columns)

    def test_rank_needs_volume(self):
        with pytest.raises(InputError, match="monthly_tokens"):
            ftcost.rank("5M", Workload())

    def test_grid_equals_scalar_compare(self, prices):
        rng = np.random.default_rng(7)
        S = 40
        T = rng.uniform(0, 50e6, S)
        M = rng.uniform(0, 500e6, S)
        E = rng.integers(1, 6, S)
        R = rng.uniform(0, 3, S)
        H = rng.integers(1, 37, S)
        P = rng.uniform(0, 1, S)
        F = rng.uniform(0, 0.5, S)
        C = rng.uniform(0, 1, S)
        B = rng.uniform(0, 1, S)
        RE = rng.integers(1, 13, S)
        g = ftcost.grid(
            prices,
            training_tokens=T,
            monthly_tokens=M,
            epochs=E,
            output_ratio=R,
            months=H,
            prompt_overhead=P,
            fallback_share=F,
            cached_share=C,
            batch_share=B,
            retrain_every=RE,
            training_hours=3.0,
            base="gpt-4o",
        )
        for s in range(S):
            plan = TrainingPlan(T[s], epochs=int(E[s]), training_hours=3.0)
            w = Workload(M[s], R[s], P[s], F[s], C[s], B[s], int(H[s]), int(RE[s]))
            for j, m in enumerate(prices.models):
                c = ftcost.compare("gpt-4o", m.id, plan, w, prices)
                assert g["training_cost"][s, j] == approx(c.training_cost, 1e-12)
                assert g["monthly_ft"][s, j] == approx(c.monthly_ft_cost, 1e-12)
                assert bool(g["trainable"][0, j]) is c.trainable
                if not c.trainable:  # no fine-tuned route: NaN where compare says None
                    assert c.tco_ft is None and math.isnan(g["tco_ft"][s, j])
                    assert c.net_savings is None and math.isnan(g["net_savings"][s, j])
                    continue
                assert g["tco_ft"][s, j] == approx(c.tco_ft, 1e-12)
                assert g["net_savings"][s, j] == pytest.approx(c.net_savings, rel=1e-12, abs=1e-9)
                if c.breakeven_months is None:
                    assert math.isnan(g["breakeven_months"][s, j])
                else:
                    assert g["breakeven_months"][s, j] == approx(c.breakeven_months, 1e-12)

    def test_grid_and_compare_are_one_formula(self, prices):
        # the scalar and the vectorised paths run the same kernels in the same order: the same
        # IEEE doubles, bit for bit, whatever the scenario
        rng = np.random.default_rng(11)
        S = 25
        T, M, V = rng.uniform(0, 5e7, S), rng.uniform(0, 5e8, S), rng.uniform(0, 1e6, S)
        E, N, H, RE = (rng.integers(1, k, S) for k in (6, 4, 37, 13))
        R, P, F, C, B = (rng.uniform(0, k, S) for k in (3, 1, 0.5, 1, 1))
        g = ftcost.grid(
            prices, training_tokens=T, monthly_tokens=M, epochs=E, output_ratio=R, months=H,
            validation_tokens=V, runs=N, training_hours=2.5, prompt_overhead=P,
            fallback_share=F, cached_share=C, batch_share=B, retrain_every=RE, base="gpt-4.1",
        )  # fmt: skip
        for s in range(S):
            plan = TrainingPlan(T[s], int(E[s]), V[s], int(N[s]), 2.5)
            w = Workload(M[s], R[s], P[s], F[s], C[s], B[s], int(H[s]), int(RE[s]))
            for j, m in enumerate(prices.models):
                c = ftcost.compare("gpt-4.1", m.id, plan, w, prices)
                want = tuple(
                    math.nan if x is None else x
                    for x in (
                        c.training_cost, c.base_per_million, c.ft_per_million,
                        c.monthly_base_cost, c.monthly_ft_cost, c.monthly_savings, c.tco_ft,
                        c.net_savings, c.breakeven_months,
                    )
                )  # fmt: skip
                keys = (
                    "training_cost", "base_per_million", "ft_per_million", "monthly_base",
                    "monthly_ft", "monthly_savings", "tco_ft", "net_savings", "breakeven_months",
                )  # fmt: skip
                got = tuple(float(g[k][s, j]) for k in keys)
                assert np.array_equal(got, want, equal_nan=True), (s, m.id)

    def test_grid_shapes_and_errors(self, prices):
        g = ftcost.grid(prices, training_tokens=5e6, monthly_tokens=[1e6, 2e6, 3e6])
        assert g["tco_ft"].shape == (3, len(prices))
        assert "net_savings" not in g
        with pytest.raises(InputError, match="monthly_tokens"):
            ftcost.grid(prices, training_tokens=5e6, monthly_tokens=[-1.0])
        with pytest.raises(InputError, match="epochs"):
            ftcost.grid(prices, training_tokens=5e6, monthly_tokens=1e6, epochs=0)
        with pytest.raises(InputError, match="finite"):
            ftcost.grid(prices, training_tokens=np.nan, monthly_tokens=1e6)
        with pytest.raises(InputError, match="fallback_share"):
            ftcost.grid(prices, training_tokens=1, monthly_tokens=1e6, fallback_share=2)

    @pytest.mark.parametrize(
        "name, value",
        [
            ("epochs", 100), ("epochs", 101), ("epochs", 200), ("runs", 10_000), ("runs", 10_001),
            ("months", 1200), ("months", 1201), ("retrain_every", 1200), ("retrain_every", 0),
            ("retrain_every", 2.5), ("output_ratio", 1000), ("output_ratio", 5000),
            ("monthly_tokens", 1e18), ("monthly_tokens", 2e18), ("training_tokens", 3e18),
            ("validation_tokens", -1), ("training_hours", 2e18), ("prompt_overhead", 2e18),
            ("batch_share", 1), ("batch_share", 1.01),
        ],
    )  # fmt: skip
    def test_grid_accepts_what_plan_and_workload_accept(self, prices, name, value):
        # grid used to apply rules of its own (it took epochs=200 and output_ratio=5000)
        args = {"training_tokens": 5e6, "monthly_tokens": 1e6, name: value}
        plan = {k: v for k, v in args.items() if k in ftcost.model.PLAN_FIELDS}
        work = {k: v for k, v in args.items() if k in ftcost.model.WORKLOAD_FIELDS}
        try:
            TrainingPlan(**plan), Workload(**work)
        except InputError:
            model_ok = False
        else:
            model_ok = True
        first = 1 if name in ("epochs", "runs", "months", "retrain_every") else 0.0
        for given, where in ((value, name), ([first, value], f"{name}[1]")):
            try:
                ftcost.grid(prices, **(args | {name: given}))
            except InputError as e:
                assert not model_ok, e
                assert str(e).startswith(where + ":")
            else:
                assert model_ok, f"grid accepts {name}={given!r}"

    def test_grid_sequences_must_broadcast(self, prices):
        with pytest.raises(InputError, match=r"different lengths \(training_tokens 2, monthly"):
            ftcost.grid(prices, training_tokens=[1e6, 2e6], monthly_tokens=[1e6, 2e6, 3e6])

    def test_sensitivity(self):
        s = ftcost.sensitivity(
            "gpt-4o",
            "gpt-4o-mini",
            TrainingPlan("5M"),
            Workload(monthly_tokens="1M"),
            monthly_tokens=["1M", "10M"],
            epochs=[1, 3],
            as_of=OLD,
        )
        # net = 12 × M × 2.20/1M − 5M × epochs × $3/1M
        expect = [[12 * 2.2 - 15, 12 * 2.2 - 45], [12 * 22 - 15, 12 * 22 - 45]]
        np.testing.assert_allclose(s["net_savings"], expect, rtol=1e-12)
        np.testing.assert_allclose(
            s["breakeven_months"], [[15 / 2.2, 45 / 2.2], [15 / 22, 45 / 22]], rtol=1e-12
        )
        s = ftcost.sensitivity(
            "gpt-4o",
            "gpt-4o-mini",
            TrainingPlan("5M"),
            Workload(monthly_tokens="1M"),
            monthly_tokens=["1M"],
            output_ratio=[0, 1],
            as_of=OLD,
        )
        # ratio 1: saving per 1M = (2.5 + 10) − (0.3 + 1.2) = 11
        np.testing.assert_allclose(s["net_savings"], [[12 * 2.2 - 15, 12 * 11 - 15]], rtol=1e-12)


# ------------------------------------------------------------ alternatives


class TestAlternatives:
    def test_prompt_engineering(self):
        # GPT-4o with 0.5 extra prompt tokens per task token at 1M/month: 1.5M × $2.50 = $3.75
        a = ftcost.prompt_engineering_cost(
            "gpt-4o", Workload(monthly_tokens="1M", prompt_overhead=0.5)
        )
        assert a.monthly_cost == approx(3.75)
        assert a.parts["extra prompt tokens"] == approx(1.25)

    def test_rag(self):
        # GPT-4o, 1M task tokens, 1,000 requests × 2,000 context tokens, $0.10/1M embedding,
        # $0.00001/search: embed 0.10 + search 0.01 + generation 2.50 + context 2M × 2.50 = 5.00
        a = ftcost.rag_cost("gpt-4o", Workload(monthly_tokens="1M"), requests=1000)
        assert a.parts == {
            "embedding": approx(0.10),
            "vector search": approx(0.01),
            "generation": approx(2.5),
            "retrieved context": approx(5.0),
        }
        assert a.monthly_cost == approx(7.61)
        with pytest.raises(InputError, match="requests"):
            ftcost.rag_cost("gpt-4o", Workload(monthly_tokens="1M"), requests=0)

    def test_routing(self):
        # 70% to Gemini Flash ($0.075), 30% to GPT-4o ($2.50): 0.0525 + 0.75 = $0.8025/1M
        a = ftcost.routing_cost(
            "gemini-1.5-flash", "gpt-4o", Workload(monthly_tokens="1M"), simple_share=0.7
        )
        assert a.per_million == approx(0.8025)
        assert a.monthly_cost == approx(0.8025)
        with pytest.raises(InputError, match="simple_share"):
            ftcost.routing_cost(
                "gemini-1.5-flash", "gpt-4o", Workload(monthly_tokens="1M"), simple_share=2
            )

    def test_article_routing_claim(self, tmp_path):
        # "Gemini Flash at $0.075/1M … GPT-5 at $1.25/1M. Average cost: under $0.50/1M" holds only
        # when more than (1.25 − 0.50) / (1.25 − 0.075) = 63.8% of traffic is simple.
        f = tmp_path / "p.toml"
        f.write_text(
            '[[model]]\nid="gpt-5"\nprovider="OpenAI"\nname="GPT-5"\nstatus="active"\nchecked=2026-11-01\n'
            'source="article"\nbase_input=1.25\nbase_output=10\nft_input=1.25\nft_output=10\ntraining=0\n'
            '[[model]]\nid="flash"\nprovider="Google"\nname="Flash"\nstatus="active"\nchecked=2026-11-01\n'
            'source="article"\nbase_input=0.075\nbase_output=0.3\nft_input=0.075\nft_output=0.3\ntraining=0\n'
        )
        w = Workload(monthly_tokens="1M")
        threshold = (1.25 - 0.50) / (1.25 - 0.075)
        assert ftcost.routing_cost(
            "flash", "gpt-5", w, simple_share=threshold, prices=f
        ).per_million == approx(0.5)
        assert (
            ftcost.routing_cost("flash", "gpt-5", w, simple_share=0.5, prices=f).per_million > 0.5
        )


# ------------------------------------------------------------ grade and decision


class TestGrade:
    @pytest.mark.parametrize(
        "share,letter",
        [
            (0.0, "A+"),
            (0.0499, "A+"),
            (0.05, "A"),
            (0.1499, "A"),
            (0.15, "B"),
            (0.2999, "B"),
            (0.3, "C"),
            (0.4999, "C"),
            (0.5, "D"),
            (0.6999, "D"),
            (0.7, "F"),
            (0.99, "F"),
        ],
    )
    def test_thresholds(self, share, letter):
        assert engine.letter_for(share) == letter

    def test_gpt4o_at_100m(self):
        # best viable: Llama 3.1 8B fine-tuned: (2.40 training + 12 × 100 × 0.18) / 12 = $18.20/month
        # against $250/month on GPT-4o: saves 92.7% → F
        g = ftcost.grade(
            "gpt-4o",
            TrainingPlan("5M"),
            Workload(monthly_tokens="100M"),
            kinds=("stay", "fine-tune"),
            include_unverified=True,
        )
        assert g.current_monthly == approx(250)
        # Bedrock's Nova Micro: 100 × $0.035 + $1.95 storage + $5 training / 12 months
        assert g.best == "bedrock-nova-micro"
        assert g.best_monthly == approx(100 * 0.035 + 1.95 + 5 / 12)
        assert g.savings_share == approx((250 - g.best_monthly) / 250)
        assert g.letter == "F"

    def test_already_cheapest(self):
        # GPT-4.1 nano at $0.10/1M: no fine-tuned route is cheaper → A+, stays as is
        g = ftcost.grade(
            "gpt-4.1-nano",
            TrainingPlan("5M"),
            Workload(monthly_tokens="1M"),
            kinds=("stay", "fine-tune"),
            include_unverified=True,
        )
        assert g.best == "gpt-4.1-nano (as is)" and g.letter == "A+" and g.monthly_savings == 0

    def test_middle_grade(self, tmp_path):
        # current $1.00/1M; the only other model costs $0.80/1M to run + $1.20 training over
        # 12 months at 1M/month: 0.80 + 0.10 = $0.90/month → saves 10% → A
        f = tmp_path / "p.toml"
        common = 'provider="X"\nstatus="active"\nchecked=2026-11-01\nsource="s"\nbase_output=0\nft_output=0\n'
        f.write_text(
            f'[[model]]\nid="cur"\nname="Cur"\n{common}base_input=1\nft_input=1\ntraining=100\n'
            f'[[model]]\nid="alt"\nname="Alt"\n{common}base_input=0.8\nft_input=0.8\ntraining=1.2\n'
        )
        g = ftcost.grade(
            "cur",
            TrainingPlan("1M"),
            Workload(monthly_tokens="1M"),
            prices=f,
            kinds=("stay", "fine-tune"),
            include_unverified=True,
        )
        assert g.best == "alt" and g.best_monthly == approx(0.9)
        assert g.savings_share == approx(0.1) and g.letter == "A"


class TestDecide:
    def test_blockers(self):
        d = ftcost.decide("500M", base="gpt-4o", needs_reasoning=True, multi_task=True)
        assert d.verdict == "don't fine-tune"
        assert len(d.reasons) == 2 and "reasoning" in d.reasons[0]
        assert ftcost.decide("500M", changing_requirements=True).verdict == "don't fine-tune"
        assert ftcost.decide("500M", narrow_task=False).verdict == "don't fine-tune"

    def test_prompt_solves_and_low_volume(self):
        assert (
            ftcost.decide("500M", base="gpt-4o", prompt_solves=True).verdict == "prompt engineering"
        )
        d = ftcost.decide("900K", base="gpt-4o")
        assert d.verdict == "prompt engineering" and "1M" in d.reasons[0]

    def test_high_volume_fine_tune(self):
        d = ftcost.decide("150M", base="gpt-4o", candidate="gpt-4o-mini", as_of=OLD)
        assert d.verdict == "fine-tune"
        c = d.comparison
        # 150M × 2.20/1M = $330/month; $15 training pays back in 0.045 months
        assert c.monthly_savings == approx(330)
        assert c.net_savings == approx(12 * 330 - 15)
        assert "high-volume" in d.reasons[0]
        assert "holds" in d.reasons[-1]

    def test_article_example_decision(self):
        # 1M/month: pays back in 6.8 months — within 12, but the article's own rule
        # (monthly volume above the 6.8M break-even) does not hold, and we say so
        d = ftcost.decide("1M", base="gpt-4o", candidate="gpt-4o-mini", as_of=OLD)
        assert d.verdict == "fine-tune"
        assert "slower than the article's one-month rule of thumb" in d.reasons[-1]
        d = ftcost.decide(
            "1M", base="gpt-4o", candidate="gpt-4o-mini", workload=Workload(months=6), as_of=OLD
        )
        assert d.verdict == "prompt engineering" and "beyond the 6-month horizon" in d.headline
        # on 2026-12-01 the fine-tune serves 1.45 months (retires 2027-01-14): 6.82 months to
        # pay back is after its retirement, so not fine-tuning
        d = ftcost.decide("1M", base="gpt-4o", candidate="gpt-4o-mini")
        assert d.verdict == "prompt engineering"
        assert d.comparison.breakeven_before_retirement is False
        assert "retires on 2027-01-14" in d.comparison.reason

    def test_thresholds(self):
        # the template lets users move the article's 1M / 100M thresholds
        d = ftcost.decide("5M", base="gpt-4o", candidate="gpt-4o-mini", low_volume="10M")
        assert d.verdict == "prompt engineering" and "under 10M/month" in d.reasons[0]
        d = ftcost.decide("50M", base="gpt-4o", candidate="gpt-4o-mini", high_volume="50M")
        assert "the ≥50M/month high-volume case" in d.reasons[0]
        with pytest.raises(InputError, match="low_volume"):
            ftcost.decide("5M", low_volume="200M")

    def test_no_breakeven(self):
        d = ftcost.decide("10M", base="gpt-4o-mini", candidate="gpt-4o")
        assert d.verdict == "don't fine-tune" and "no break-even" in d.reasons[-1]

    def test_candidates(self, tmp_path):
        w = Workload(monthly_tokens="100M")
        cost = engine.candidates("5M", w, base="gpt-4o")
        # on 2026-12-01, first-hand prices only (the ranking above by hand): gpt-4o-mini
        # $2,696.97, gpt-4.1-mini 25 + 1.4456 × 80 + 10.554 × 250 = $2,779.25, gpt-4.1
        # 5M × $25 + 1.4456 × 300 + 10.554 × 250 = $3,197.28 (then Azure's Llama $3,502.50;
        # the developer tier, $825.40 if it counted, is an evaluation offer: never a candidate)
        assert [r.id for r in cost][:3] == ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1"]
        assert "azure-gpt-4.1-mini-developer" not in {r.id for r in cost}
        assert all(r.status == "active" and r.id != "gpt-4o" for r in cost)
        assert all(r.trainable for r in cost)
        # with include_unverified, Bedrock's Nova Micro comes first (5M × $1 + 12 × (100 × $0.035
        # + $1.95 storage) = $70.40), then Together's and Fireworks' Llama 3.1 8B
        # (2.40 + 12 × 18 = $218.40, 2.50 + 12 × 20 = $242.50), then Together's Llama 3.1 70B
        # (5M × $2.90 = 14.50 + 12 × 88 = $1,070.50, tied with together-llama-3.3-70b: by id)
        every = engine.candidates("5M", w, base="gpt-4o", include_unverified=True)
        assert [r.id for r in every][:4] == [
            "bedrock-nova-micro",
            "llama-3.1-8b",
            "fireworks-llama-3.1-8b",
            "llama-3.1-70b",
        ]
        inference = engine.candidates("5M", w, base="gpt-4o", priority="inference")
        assert [r.ft_per_million for r in inference] == sorted(r.ft_per_million for r in inference)
        assert inference[0].id == "azure-gpt-4o-mini"  # $0.15 per 1M (hosting aside)
        hosting = engine.candidates("5M", w, priority="self-hosting")
        assert [r.id for r in hosting] == ["azure-llama-3.3-70b"]  # the one first-hand price
        hosting = engine.candidates("5M", w, priority="self-hosting", include_unverified=True)
        assert [r.id for r in hosting][:2] == ["llama-3.1-8b", "fireworks-llama-3.1-8b"]
        f = tmp_path / "p.toml"
        f.write_text(
            '[[model]]\nid="a"\nprovider="P"\nname="A"\nstatus="active"\nchecked=2026-11-01\nsource="s"\nbase_input=1\nbase_output=1\nft_input=1\nft_output=1\ntraining=1\n'
        )
        with pytest.raises(
            NoCandidate, match="no model in the price data fits priority 'self-hosting'"
        ):
            engine.candidates("5M", w, priority="self-hosting", prices=f)
        assert [r.id for r in engine.candidates("5M", w, base="a", prices=f)] == [
            "a"
        ]  # only itself

    def test_candidate_choice(self):
        d = ftcost.decide("150M", base="gpt-4o")
        r = ftcost.rank(TrainingPlan(5e6), Workload(monthly_tokens="150M"), base="gpt-4o")
        # the cheapest trainable with first-hand prices, at 150M/month against gpt-4o's $375:
        # Azure's Llama 3.3 70B 22.50 + 12 × (150 × 0.71 + 219) = $3,928.50 beats gpt-4o-mini
        # 15 + 1.4456 × 45 + 10.554 × 375 = $4,037.95 (it retires after 44 days) and
        # gpt-4.1-mini 25 + 1.4456 × 120 + 10.554 × 375 = $4,156.44
        first = next(row for row in r.rows if row.status == "active")
        assert d.candidate == first.id == "azure-llama-3.3-70b"
        assert first.total_cost == approx(3928.5)
        assert r.best().id == "bedrock-nova-micro"  # unverified: left out, and the decision says so
        assert dict(d.left_out)["fine-tune bedrock-nova-micro"].startswith("prices unverified")
        # the unverified ones cheaper than the pick: Nova Micro (5 + 12 × (150 × 0.035 + 1.95)
        # = $91.40), the two 8Bs (2.40 + 12 × 27 = $326.40,
        # 2.50 + 12 × 30 = $362.50) and the three 70Bs (14.50 + 12 × 132 = $1,598.50 twice,
        # 15 + 12 × 135 = $1,635)
        assert dict(d.ruling.left_out).keys() == {
            "fine-tune bedrock-nova-micro",
            "fine-tune llama-3.1-8b",
            "fine-tune fireworks-llama-3.1-8b",
            "fine-tune llama-3.1-70b",
            "fine-tune together-llama-3.3-70b",
            "fine-tune fireworks-llama-3.3-70b",
        }
        d = ftcost.decide("150M", base="gpt-4o", include_unverified=True)
        assert d.candidate == "bedrock-nova-micro" and d.ruling.left_out == ()
        assert "unverified: check them" in d.reasons[2]  # the pick's prices are second-hand
        d = ftcost.decide("150M", base="gpt-4o", priority="self-hosting")
        assert ftcost.load_prices().get(d.candidate).open_weights
        with pytest.raises(InputError, match="priority"):
            ftcost.decide("150M", priority="quality")

    def test_ruling_is_the_structure_behind_the_words(self):
        # the policy (engine.rule) decides without sentences; decide() words it
        r = engine.rule("1M", base="gpt-4o", candidate="gpt-4o-mini", as_of=OLD)
        assert (r.verdict, r.rule, r.candidate) == ("fine-tune", "pays back", "gpt-4o-mini")
        assert [code for code, _ in r.findings] == ["payback"]
        payback = r.findings[0][1]
        # $15 / $2.20 per 1M: 6.82M tokens, 6.82 months; the article's rule (1M ≥ 6.82M) fails
        assert payback["tokens"] == approx(15 / 2.2 * 1e6)
        assert payback["article_rule"] is False
        assert r.facts["net"] == approx(12 * 2.2 - 15) and r.facts["horizon"] == 12
        d = ftcost.decide("1M", base="gpt-4o", candidate="gpt-4o-mini", as_of=OLD)
        assert d.ruling == r and engine.in_words(r) == d
        assert (
            d.headline
            == "Fine-tune gpt-4o-mini: pays back in 6.82 months, saves $11.40 over 12 months"
        )
        blocked = engine.rule("500M", needs_reasoning=True, narrow_task=False)
        assert blocked.rule == "blocked" and blocked.candidate is None
        assert [code for code, _ in blocked.findings] == ["needs reasoning", "general purpose"]
        low = engine.rule("900K")
        assert (low.verdict, low.findings) == (
            "prompt engineering",
            (("low volume", {"volume": 9e5, "low": 1e6, "article": True}),),
        )


def test_one_ranking_serves_decide_grade_and_candidates(monkeypatch):
    # a report ranks each scenario once and hands that ranking to decide, grade and candidates
    import sys

    plan, w = TrainingPlan("5M"), Workload(monthly_tokens="150M", months=24)
    r = ftcost.rank(plan, w, base="gpt-4o")
    want = (
        ftcost.decide("150M", base="gpt-4o", plan=plan, workload=w),
        ftcost.grade("gpt-4o", plan, w),
        engine.candidates(plan, w, base="gpt-4o", priority="inference"),
    )

    def no_ranking(*args, **kwargs):
        raise AssertionError("ranked again")

    monkeypatch.setattr(sys.modules["ftcost.engine.rank"], "rank", no_ranking)
    got = (
        ftcost.decide("150M", base="GPT-4o", plan=plan, workload=w, ranking=r),
        ftcost.grade("gpt-4o", plan, w, ranking=r),
        engine.candidates(plan, w, base="gpt-4o", priority="inference", ranking=r),
    )
    assert got == want and got[0].text() == want[0].text()
    # a ranking made for something else is refused, not silently used
    for wrong in (
        lambda: ftcost.grade("gpt-4.1", plan, w, ranking=r),
        lambda: ftcost.decide(
            "150M", base="gpt-4o", plan=TrainingPlan("6M"), workload=w, ranking=r
        ),
        lambda: ftcost.decide("100M", base="gpt-4o", plan=plan, workload=w, ranking=r),
        lambda: engine.candidates(plan, w, ranking=r),
    ):
        with pytest.raises(InputError, match="ranking: made for another"):
            wrong()


# ------------------------------------------------------------ epochs heuristic


@pytest.mark.parametrize(
    "n,epochs",
    # target 3; n × 3 < 100 → min(25, 100 // n); n × 3 > 25,000 → max(1, 25,000 // n)
    [
        (1, 25),
        (3, 25),
        (4, 25),
        (5, 20),
        (10, 10),
        (33, 3),
        (34, 3),
        (100, 3),
        (8333, 3),
        (8334, 2),
        (12500, 2),
        (12501, 1),
        (25001, 1),
        (10**7, 1),
    ],
)
def test_openai_default_epochs(n, epochs):
    assert ftcost.openai_default_epochs(n) == epochs


def test_openai_default_epochs_bad():
    with pytest.raises(InputError, match="n_examples"):
        ftcost.openai_default_epochs(0)


# ------------------------------------------------------------ any current model as the base


class TestAnyCurrentModelAsBase:
    """The base resolves through one function (`engine.inputs.base_model`): ftcost's catalog
    first, then genai-prices. Figures by hand from genai-prices 0.2.3's first tier, which its
    own `calc_price` gives for 100K tokens: gpt-5.4 $2.50 in / $15 out, claude-sonnet-4-5 $3 in
    / $15 out per 1M. Candidates stay ftcost's."""

    def test_rank_from_claude(self):
        r = ftcost.rank("5M", base="claude-sonnet-4-5", monthly_tokens="100M")
        assert r.base == "claude-sonnet-4-5"
        assert r.base_monthly_cost == approx(300)  # 100M × $3
        assert all(row.id != "claude-sonnet-4-5" for row in r.rows)  # never a candidate
        assert r.rows[0].id == "bedrock-nova-micro"  # 100 × $0.035 + $1.95: saves $294.55/month
        assert r.rows[0].monthly_savings == approx(300 - 100 * 0.035 - 1.95)
        llama = next(row for row in r.rows if row.id == "llama-3.1-8b")
        # Together's Llama 3.1 8B: $18 a month, $2.40 training: saves $282 a month
        assert llama.monthly_savings == approx(282)
        assert llama.net_savings == approx(12 * 282 - 2.4)
        assert llama.breakeven_months == approx(2.4 / 282)

    def test_breakeven_from_gpt_5_4(self):
        # before the wind-down: $25 training; saving 2.50 − 0.80 = $1.70 per 1M
        c = ftcost.breakeven("gpt-5.4", "gpt-4.1-mini", "5M", monthly_tokens="1M", as_of=OLD)
        assert (c.base, c.candidate) == ("gpt-5.4", "gpt-4.1-mini")
        assert c.base_per_million == approx(2.5) and c.ft_per_million == approx(0.8)
        assert c.breakeven_months == approx(25 / 1.7)
        assert c.net_savings == approx(12 * 1.7 - 25)
        # output counted: 2.50 + 0.5 × 15 = $10 against 0.80 + 0.5 × 3.20 = $2.40 per 1M
        c = ftcost.breakeven(
            "gpt-5.4", "gpt-4.1-mini", "5M", monthly_tokens="1M", output_ratio=0.5, as_of=OLD
        )
        assert c.base_per_million == approx(10) and c.savings_per_million_tokens == approx(7.6)
        assert c.breakeven_tokens == approx(25 / 7.6 * 1e6)
        # on 2026-12-01 the fine-tune serves 1.4456 months, then gpt-5.4 again
        c = ftcost.breakeven("gpt-5.4", "gpt-4.1-mini", "5M", monthly_tokens="1M")
        assert c.tco_ft == approx(25 + DEC1_SERVE * 0.8 + (12 - DEC1_SERVE) * 2.5)
        assert c.breakeven_before_retirement is False

    def test_grid_and_sensitivity_from_gpt_5_4(self, prices):
        g = ftcost.grid(prices, base="gpt-5.4", training_tokens=5e6, monthly_tokens=[1e6, 2e6])
        assert g["monthly_base"].shape == (2, len(prices))
        np.testing.assert_allclose(g["monthly_base"][:, 0], [2.5, 5.0], rtol=1e-15)
        j = prices.ids.index("gpt-4.1-mini")
        c = ftcost.breakeven("gpt-5.4", "gpt-4.1-mini", "5M", monthly_tokens="2M")
        assert g["net_savings"][1, j] == c.net_savings  # the same kernels, to the last bit
        s = ftcost.sensitivity(
            "gpt-5.4", "gpt-4.1-mini", "5M", monthly_tokens=["1M", "10M"], as_of=OLD
        )
        np.testing.assert_allclose(
            s["net_savings"][:, 0], [12 * 1.7 - 25, 12 * 17 - 25], rtol=1e-12
        )

    def test_decide_grade_options_from_gpt_5_4(self):
        d = ftcost.decide("100M", base="gpt-5.4")
        assert d.comparison.base == "gpt-5.4" and d.comparison.monthly_base_cost == approx(250)
        g = ftcost.grade("gpt-5.4", monthly_tokens="100M")
        assert g.monthly_cost == approx(250)
        o = ftcost.options("gpt-5.4", monthly_tokens="100M")
        assert o.stay.monthly_cost == approx(250) and o.current_source.startswith("genai-prices")

    def test_unknown_base_suggests_from_both_catalogs(self):
        with pytest.raises(UnknownModel) as e:
            ftcost.breakeven("gpt-5.5-typo", "gpt-4o-mini", "5M")
        msg = str(e.value)
        assert "'gpt-3.5-turbo'" in msg  # ftcost's catalog
        assert "'gpt-5.5-pro'" in msg  # genai-prices'
        with pytest.raises(UnknownModel, match="did you mean 'claude-sonnet"):
            ftcost.rank("5M", base="claude sonet 4.5", monthly_tokens="1M")

    def test_genai_prices_model_is_no_candidate(self):
        with pytest.raises(UnknownModel) as e:
            ftcost.breakeven("gpt-4o", "gpt-5.4", "5M")
        assert str(e.value) == (
            "gpt-5.4: genai-prices 0.2.3 (snapshot 2026-11-03) has its base prices only, no "
            "fine-tuning prices — it can be the base model, not a fine-tuning candidate"
        )

    def test_base_without_an_input_price_says_so(self):
        for call in (
            lambda: ftcost.breakeven("github-copilot/gpt-4o", "gpt-4o-mini", "5M"),
            lambda: ftcost.rank("5M", base="github-copilot/gpt-4o", monthly_tokens="1M"),
            lambda: ftcost.grid(base="github-copilot/gpt-4o", training_tokens=1, monthly_tokens=1),
        ):
            with pytest.raises(DataError, match="no input token price for 'github-copilot/gpt-4o'"):
                call()


# ------------------------------------------------------------ floating-point noise


def test_equal_costs_by_different_formulas_have_no_breakeven(tmp_path):
    # base $0.10/1M with 2 prompt-overhead tokens per task token: 0.1 × (1 + 2) = 0.3 in reals,
    # 0.30000000000000004 in doubles; the fine-tuned route costs $0.30. The 5.6e-17 "saving" is
    # rounding: before, it gave a break-even of 1.8e22 tokens (3.6e13 years at 1M/month)
    f = tmp_path / "p.toml"
    f.write_text(
        textwrap.dedent(
            """
            [[model]]
            id = "base"
            provider = "P"
            name = "Base"
            status = "active"
            checked = 2026-11-01
            source = "s"
            base_input = 0.1
            base_output = 0.1
            ft_input = 0.1
            ft_output = 0.1
            training = 1

            [[model]]
            id = "tuned"
            provider = "P"
            name = "Tuned"
            status = "active"
            checked = 2026-11-01
            source = "s"
            base_input = 0.3
            base_output = 0.3
            ft_input = 0.3
            ft_output = 0.3
            training = 1
            """
        )
    )
    assert 0.1 * (1 + 2) - 0.3 > 0  # the noise is there
    c = ftcost.breakeven("base", "tuned", "5M", monthly_tokens="1M", prompt_overhead=2, prices=f)
    assert c.savings_per_million_tokens == 0 and c.monthly_savings == 0
    assert c.breakeven_tokens is None and c.breakeven_months is None
    assert c.reason.startswith("no break-even: the two routes cost the same ($0.30 per 1M")
    assert c.net_savings == approx(-5.0, rel=1e-9)  # the training, never paid back
    g = ftcost.grid(f, base="base", training_tokens=5e6, monthly_tokens=1e6, prompt_overhead=2.0)
    assert math.isnan(g["breakeven_months"][0, 1]) and g["monthly_savings"][0, 1] == 0
    # a real saving, however small against the base cost, is kept: 1e-6 per 1M (3.3e-6 of
    # $0.30) at 100B tokens a month is $0.10 a month: $5 of training pays back in 50 months
    c = ftcost.breakeven(
        "base", "tuned", "5M", monthly_tokens="100B", prompt_overhead=2 + 1e-5, prices=f
    )
    assert c.savings_per_million_tokens == approx(1e-6, rel=1e-6)
    assert c.breakeven_months == approx(50, rel=1e-6)


def test_breakeven_beyond_any_lifetime_is_none():
    # 1e-30 tokens a month saves 2.2e-36 dollars: $15 / 2.2e-36 = 6.8e36 months — no answer
    c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=1e-30, as_of=OLD)
    assert c.breakeven_months is None and c.breakeven_tokens is None
    assert c.monthly_savings == approx(2.2e-36)  # the saving itself is still said
    assert c.reason == (
        "no break-even within 10,000 years: what fine-tuned gpt-4o-mini saves a month is too "
        "small to pay back $15.00 of training"
    )
    # 10,000 years is the line: 119,999 months is an answer, 120,001 is not
    # ($2.20 per 1M; training $15 → M = 15 / 2.2 / months × 1M)
    for months, answered in ((119_999, True), (120_001, False)):
        m = 15 / 2.2 / months * 1e6
        c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens=m, as_of=OLD)
        assert (c.breakeven_months is not None) is answered
        g = ftcost.grid(base="gpt-4o", training_tokens=5e6, monthly_tokens=m, as_of=OLD)[
            "breakeven_months"
        ][0, ftcost.load_prices().ids.index("gpt-4o-mini")]
        assert math.isnan(g) is not answered
    # without a volume: 1e18 × 100 epochs × 10,000 runs × $3 = $3e18 of training at $2.20
    # saved per 1M = 1.4e24 tokens, more than 1e18 a month for 10,000 years (1.2e23)
    c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "1e18", epochs=100, runs=10_000, as_of=OLD)
    assert c.training_cost == approx(3e18) and c.breakeven_tokens is None
    assert c.reason.startswith("no break-even within 10,000 years even at 1e18 tokens a month")
