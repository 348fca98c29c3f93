"""One recommendation consistent with the options it weighs (engine.decide + engine.options)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pytest import approx

import ftcost
from ftcost import engine
from ftcost.engine import ALTERNATIVE_KINDS
from ftcost.pricing import load_prices

AS_OF = dt.date(2026, 12, 1)


def test_routing_cheapest_names_the_reason():
    # 1.5M/month on gpt-4o over 3 months; fine-tuning gpt-4o-mini ($15) pays back only after
    # 15 / 2.20 = 6.82M tokens = 4.55 months → stay with prompt engineering: 3 × 1.5 × $2.50 =
    # $11.25. Routing 70% to gpt-4.1-nano: (0.7 × 0.10 + 0.3 × 2.50) × 1.5 × 3 = $3.69, cheaper.
    d = ftcost.decide(
        "1.5M",
        base="gpt-4o",
        candidate="gpt-4o-mini",
        months=3,
        routing={"cheap": "gpt-4.1-nano"},
        kinds=ALTERNATIVE_KINDS,
        as_of=AS_OF,
    )
    assert d.verdict == "prompt engineering"
    assert d.option.kind == "prompt" and d.option.horizon_cost == approx(11.25)
    assert d.cheapest_option.kind == "route"
    assert d.cheapest_option.horizon_cost == approx(3.69)
    assert d.why_not_cheapest == (
        "Routing would cost $3.69 over 3 months (against $11.25), but it assumes 70% of "
        "requests are simple enough for gpt-4.1-nano — not confirmed: check how many of your "
        "requests the cheap model handles before counting on it."
    )
    assert d.as_dict()["why_not_cheapest"] == d.why_not_cheapest
    assert d.model == "gpt-4o"


def _as_production(model_id: str):
    """The default prices with ``model_id`` made a production offer: the arithmetic of a cheap
    trainable model with no hosting fee (the catalog's one, Azure's developer tier, is an
    evaluation offer, `production = false`)."""
    ps = load_prices()
    m = ps.get(model_id)
    prod = dataclasses.replace(m, production=True)
    return dataclasses.replace(
        ps, models=tuple(prod if x is m else x for x in ps.models), _index={}, cache={}
    )


def test_evaluation_offer_is_never_the_pick():
    # asked for by name, Azure's developer tier gets no fine-tuning figures: no job for
    # production traffic can be made on it
    d = ftcost.decide("2M", base="gpt-4o", candidate="azure-gpt-4.1-mini-developer", as_of=AS_OF)
    assert d.verdict != "fine-tune"
    assert d.comparison.trainable is False
    assert "is for evaluation, not production traffic" in d.comparison.availability


def test_switch_cheapest_is_untrained():
    # 2M/month on gpt-4o ($5 a month) → fine-tune Azure's developer tier of gpt-4.1-mini, taken
    # as a production offer: 5M × $2.50 = $12.50 training, $0.40/1M → $0.80 a month while it
    # serves (until 2027-10-14, 317 days = 10.415 months), then back on gpt-4o:
    # 12.5 + 10.415 × 0.8 + 1.585 × 5 = $28.76;
    # switching to gpt-5-nano would cost 12 × 2M × $0.05 = $1.20 but is untrained
    d = ftcost.decide(
        "2M",
        base="gpt-4o",
        candidate="azure-gpt-4.1-mini-developer",
        as_of=AS_OF,
        prices=_as_production("azure-gpt-4.1-mini-developer"),
    )
    serve = 317 / 30.4375
    assert d.verdict == "fine-tune"
    assert d.option.label == "fine-tune azure-gpt-4.1-mini-developer"
    assert d.option.horizon_cost == approx(12.5 + serve * 0.8 + (12 - serve) * 5)
    assert d.cheapest_option.horizon_cost == approx(1.2)
    assert d.why_not_cheapest.startswith("Switching to gpt-5-nano would cost $1.20 over 12 ")
    assert "untrained and its quality on your task is unverified" in d.why_not_cheapest
    # the positive verdict's Why never says the article's rule "does not hold":
    # $12.50 / ($2.50 − $0.40) per 1M = 5.95M tokens = 2.98 months at 2M a month
    assert not any("does not hold" in r for r in d.reasons)
    assert d.reasons[-1] == (
        "training $12.50 pays back after 5.95M tokens (2.98 months) — slower than the article's "
        "one-month rule of thumb, but within your 12-month horizon"
    )


def test_blocker_names_the_alternative():
    d = ftcost.decide("500M", base="gpt-4o", changing_requirements=True, as_of=AS_OF)
    assert d.verdict == "don't fine-tune"
    assert d.headline == "Don't fine-tune: use prompt engineering or RAG on gpt-4o instead"
    # the cheaper of prompt engineering ($1,250 a month) and RAG on gpt-4o
    assert d.option.kind == "prompt" and d.option.monthly_cost == approx(1250)
    assert d.why_not_cheapest  # a switch or a fine-tune costs less: it says why not
    d = ftcost.decide("500M", needs_reasoning=True)
    assert d.headline == "Don't fine-tune: use a larger base model instead"
    assert d.option is None  # no current model: nothing to weigh
    d = ftcost.decide("500M", base="gpt-4o", multi_task=True, kinds=("fine-tune",), as_of=AS_OF)
    assert d.headline == (
        "Don't fine-tune: use a capable base model with good prompts on gpt-4o instead"
    )
    # the cheapest fine-tune at 500M: Azure's Llama 3.3 70B, 5M × $4.50 = $22.50 + 12 ×
    # (500 × $0.71 + $0.30 × 730 hosting) = 22.50 + 12 × 574 = $6,910.50 (gpt-4o-mini, retiring
    # after 1.4456 months: 15 + 1.4456 × 150 + 10.554 × 1,250 = $13,424.87)
    assert d.why_not_cheapest.startswith(
        "Fine-tuning azure-llama-3.3-70b would cost $6,910.50 over 12 months"
    )
    assert d.why_not_cheapest.endswith("but one model serves many tasks.")


def test_no_break_even_names_the_alternative():
    d = ftcost.decide("100M", base="gpt-4o-mini", candidate="gpt-4o", as_of=AS_OF)
    assert d.verdict == "don't fine-tune"
    assert d.headline == "Don't fine-tune gpt-4o: stay on gpt-4o-mini with prompt engineering"


def test_any_current_model_as_base():
    # claude-sonnet-4-5 is known only to genai-prices: a base, never a candidate
    d = ftcost.decide(base="claude-sonnet-4-5", monthly_spend="$20,000", as_of=AS_OF)
    assert d.spend_text.startswith("$20,000/month on claude-sonnet-4-5")
    assert d.verdict == "fine-tune" and d.candidate != "claude-sonnet-4-5"
    assert d.comparison.base == "claude-sonnet-4-5"
    assert d.comparison.monthly_base_cost == approx(20_000)
    pool = engine.candidates("5M", ftcost.Workload(monthly_tokens="1B"), base="gpt-5.4")
    assert all(r.id != "gpt-5.4" for r in pool)


def test_candidates_only_trainable_on_as_of():
    ps = load_prices()
    mini = ps.get("gpt-4o-mini")
    closed = dataclasses.replace(mini, training_until=dt.date(2026, 10, 23))
    ps2 = dataclasses.replace(
        ps, models=tuple(closed if m is mini else m for m in ps.models), _index={}, cache={}
    )
    w = ftcost.Workload(monthly_tokens="100M")
    before = engine.candidates("5M", w, base="gpt-4o", prices=ps2, as_of="2026-10-01")
    after = engine.candidates("5M", w, base="gpt-4o", prices=ps2, as_of="2026-12-01")
    assert "gpt-4o-mini" in [r.id for r in before]
    assert "gpt-4o-mini" not in [r.id for r in after]
    o = ftcost.options("gpt-4o", "5M", workload=w, prices=ps2, as_of=AS_OF)
    assert dict(o.left_out)["fine-tune gpt-4o-mini"].startswith("not trainable on 2026-12-01")
    # decide and options agree: a retired model is never the decision's pick either
    d = ftcost.decide("100M", base="gpt-4o", prices=ps2, as_of=AS_OF)
    assert d.candidate != "gpt-4o-mini" and availability_ok(ps2, d.candidate)


def availability_ok(ps, model_id) -> bool:
    from ftcost.lifecycle import availability

    return availability(ps.get(model_id), AS_OF).trainable


def test_decide_picks_among_verified_unless_asked():
    # 100M/month on gpt-4o: the cheapest fine-tune (Together's llama-3.1-8b, $218.40 over 12
    # months) rests on second-hand prices; options leaves it out unless asked, and so does decide
    o = ftcost.options("gpt-4o", "5M", monthly_tokens="100M", as_of=AS_OF)
    d = ftcost.decide("100M", base="gpt-4o", as_of=AS_OF)
    best_ft = o.of_kind("fine-tune")[0]
    # first-hand: gpt-4o-mini 15 + 1.4456 × 30 + 10.554 × 250 = $2,696.97 (tests/test_engine.py)
    assert d.candidate == best_ft.model == "gpt-4o-mini"
    assert best_ft.horizon_cost == approx(15 + 44 / 30.4375 * 30 + (12 - 44 / 30.4375) * 250)
    assert d.option == best_ft
    assert dict(d.left_out)["fine-tune llama-3.1-8b"] == dict(o.left_out)["fine-tune llama-3.1-8b"]
    both = ftcost.decide("100M", base="gpt-4o", as_of=AS_OF, include_unverified=True)
    oo = ftcost.options("gpt-4o", "5M", monthly_tokens="100M", as_of=AS_OF, include_unverified=True)
    # unverified too: Bedrock's Nova Micro (AWS's blog figures), 5M × $1 training + 12 × (100 ×
    # $0.035 + $1.95 storage) = $70.40, under Together's llama-3.1-8b (2.40 + 12 × 18 = $218.40)
    assert both.candidate == oo.of_kind("fine-tune")[0].model == "bedrock-nova-micro"
    assert both.option.horizon_cost == approx(5 + 12 * (100 * 0.035 + 1.95))
    # without a current model no options are weighed, yet the decision says what it left out
    plain = ftcost.decide("100M", as_of=AS_OF, include_unverified=False)
    assert all(r.status != "unverified" for r in [ps_row(plain.candidate)])


def ps_row(model_id):
    return load_prices().get(model_id)


def test_decision_equality_ignores_the_options():
    d = ftcost.decide("1M", base="gpt-4o", candidate="gpt-4o-mini", as_of=AS_OF)
    assert engine.in_words(d.ruling) == d
    plain = ftcost.decide("1M", base="gpt-4o", candidate="gpt-4o-mini", weigh_options=False)
    assert plain.option is None and plain == d


def test_spend_and_tokens_together_is_an_error():
    import pytest

    from ftcost.errors import InputError

    with pytest.raises(InputError, match="monthly_spend: give a monthly spend or monthly tokens"):
        ftcost.decide("1M", base="gpt-4o", monthly_spend=5000)
    with pytest.raises(InputError, match="monthly_spend: needs the model"):
        ftcost.decide(monthly_spend=5000)
    with pytest.raises(InputError, match="monthly_tokens: the decision needs a monthly volume"):
        ftcost.decide(base="gpt-4o")


def test_unverified_current_model_still_weighs_its_own_options():
    # llama-3.1-8b's prices are unverified: staying on it is still an option weighed
    d = ftcost.decide("100M", base="llama-3.1-8b", as_of=AS_OF, kinds=("stay", "prompt"))
    assert d.cheapest_option is not None and d.cheapest_option.model == "llama-3.1-8b"


def test_a_set_of_second_hand_prices_still_gets_a_pick():
    # every model of the article's set is unverified: nothing first-hand to prefer, so the
    # decision picks among them and says its prices are unverified (not NoCandidate)
    w = ftcost.Workload(monthly_tokens="150M")
    pool = engine.candidates("5M", w, base="gpt-4o", prices="article", as_of=AS_OF)
    assert pool and all(r.status == "unverified" for r in pool)
    d = ftcost.decide("150M", base="gpt-4o", prices="article", as_of=AS_OF)
    assert d.candidate == pool[0].id
    assert any("unverified: check them" in r for r in d.reasons)
    assert d.ruling.left_out == ()  # nothing cheaper was left out


@pytest.mark.parametrize("volume", ["1M", "100M", "2B"])
@pytest.mark.parametrize("include_unverified", [False, True])
def test_grade_from_the_decisions_options_equals_the_grade(volume, include_unverified):
    """A report grades with the options its decision already weighed: the same grade."""
    import ftcost
    from ftcost.engine.options import GRADE_KINDS

    kw = dict(monthly_tokens=volume, as_of="2026-12-01", include_unverified=include_unverified)
    d = ftcost.decide(volume, base="gpt-4o", plan="5M", as_of="2026-12-01",
                      include_unverified=include_unverified)  # fmt: skip
    assert d.weighed is not None
    alone = ftcost.grade("gpt-4o", "5M", kinds=GRADE_KINDS, **kw)
    reused = ftcost.grade("gpt-4o", "5M", kinds=GRADE_KINDS, options_weighed=d.weighed, **kw)
    assert (reused.letter, reused.best_option, reused.best_monthly, reused.savings_share) == (
        alone.letter,
        alone.best_option,
        alone.best_monthly,
        alone.savings_share,
    )
    assert [o.label for o in reused.options] == [o.label for o in alone.options]
