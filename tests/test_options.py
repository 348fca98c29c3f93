"""The options a user really has (engine.options) and the grade from them, checked by hand.

Prices by hand: ftcost's default catalog (pricing/default) — gpt-4o base $2.50 in / $10 out;
fine-tuned gpt-4o-mini $0.30 in, training $3/1M, retiring 2027-01-14 (44 days after the pinned
2026-12-01: 1.4456 months); Azure's Llama 3.3 70B $0.71 in, training $4.50/1M, hosting
$0.30/hour (× 730 = $219 a month), no dates; Azure's gpt-4o-mini $0.15, training $3/1M, hosting
$1.70/hour (× 730 = $1,241 a month), retiring 2027-10-01 (304 days: 9.9877 months); Azure's
developer tier of gpt-4.1-mini is `production = false`: never an option — and genai-prices
0.2.3's snapshot — gpt-5-nano $0.05 in, claude-sonnet-4-5 $3 in / $15 out (first tier).
Output ratio 0: input tokens only. A fine-tune that retires before the horizon ends is followed
by the current model for the remaining months.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pytest import approx

import ftcost
from ftcost import basemodels, engine
from ftcost.engine import ALTERNATIVE_KINDS, GRADE_KINDS
from ftcost.errors import InputError
from ftcost.model import TrainingPlan, Workload

AS_OF = dt.date(2026, 12, 1)
MINI = 44 / 30.4375  # months gpt-4o-mini's fine-tunes serve after AS_OF
AZ_MINI = 304 / 30.4375  # months azure-gpt-4o-mini's fine-tunes serve after AS_OF


def by_label(o) -> dict:
    return {x.label: x for x in o.options}


# ------------------------------------------------------------ $5,000 a month on GPT-4o


@pytest.fixture(scope="module")
def gpt4o():
    return ftcost.options("gpt-4o", monthly_spend="$5,000", as_of=AS_OF)


def test_spend_becomes_volume(gpt4o):
    # $5,000 / $2.50 per 1M = 2,000M input tokens a month
    assert gpt4o.monthly_tokens == approx(2_000e6)
    assert gpt4o.spend_text == "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"
    assert gpt4o.current == "gpt-4o" and gpt4o.months == 12 and gpt4o.as_of == AS_OF


def test_gpt4o_options_by_hand(gpt4o):
    o = by_label(gpt4o)
    stay = o["stay on gpt-4o"]
    assert (stay.monthly_cost, stay.one_off, stay.horizon_cost) == approx((5000, 0, 60_000))
    assert stay.saving_share == 0
    # switch to gpt-5-nano: 2,000M × $0.05 = $100 a month, $1,200 over 12 months, saves 98%
    nano = o["switch to gpt-5-nano"]
    assert (nano.monthly_cost, nano.horizon_cost) == approx((100, 1200))
    assert nano.saving_share == approx(0.98)
    assert nano.assumption == "untrained; check gpt-5-nano does your task"
    assert "genai-prices" in nano.note
    # fine-tune gpt-4o-mini: 2,000M × $0.30 = $600 a month + 5M × $3 = $15 once, for the
    # 1.4456 months it serves; then 10.554 months back on gpt-4o at $5,000 = $53,654.43
    mini = o["fine-tune gpt-4o-mini"]
    assert (mini.monthly_cost, mini.one_off) == approx((600, 15))
    h = 15 + MINI * 600 + (12 - MINI) * 5000
    assert mini.horizon_cost == approx(h) and 53_654.4 < h < 53_654.5
    assert mini.saving_share == approx(1 - h / 60_000)
    # fine-tune Azure's gpt-4o-mini: 2,000M × $0.15 + $1,241 hosting = $1,541 a month + 5M × $3
    # = $15, for the 9.9877 months it serves, then back on gpt-4o: $25,467.6
    az = o["fine-tune azure-gpt-4o-mini"]
    h = 15 + AZ_MINI * 1541 + (12 - AZ_MINI) * 5000
    assert az.horizon_cost == approx(h) and 25_467 < h < 25_468
    # the cheapest fine-tune: Azure's Llama 3.3 70B, 2,000M × $0.71 + $219 hosting = $1,639 a
    # month for all 12 months + 5M × $4.50 = $22.50: $19,690.50
    llama = o["fine-tune azure-llama-3.3-70b"]
    assert (llama.monthly_cost, llama.one_off) == approx((1639, 22.5))
    assert llama.horizon_cost == approx(19_690.5)
    assert gpt4o.of_kind("fine-tune")[0] is llama
    # gpt-4.1-nano retired on 2026-10-23, the developer tier is for evaluation: not options
    assert "fine-tune gpt-4.1-nano" not in o
    assert "fine-tune azure-gpt-4.1-mini-developer" not in o
    assert dict(gpt4o.left_out)["fine-tune azure-gpt-4.1-mini-developer"].startswith(
        "not trainable on 2026-12-01: Azure OpenAI's GPT-4.1 mini (Azure, Developer tier) is for "
        "evaluation, not production traffic"
    )
    # routing 70% to the cheapest fine-tune option's model (Llama 3.3 70B) at its base
    # price: (0.7 × $0.71 + 0.3 × $2.50) × 2,000 = $2,494 a month
    route = o["route 70% to azure-llama-3.3-70b"]
    assert route.monthly_cost == approx(2494) and route.horizon_cost == approx(12 * 2494)
    assert route.assumption == (
        "assumes 70% of requests are simple enough for azure-llama-3.3-70b — not confirmed"
    )
    # RAG on gpt-4o: 2M requests (2,000M / 1,000 tokens); embedding 2,000M × $0.10/1M = $200,
    # search 2M × $0.00001 = $20, generation $5,000, context 2M × 2K tokens × $2.50/1M = $10,000
    assert o["RAG on gpt-4o"].monthly_cost == approx(200 + 20 + 5000 + 10_000)
    # prompt engineering: what you pay now
    assert o["prompt engineering on gpt-4o"].horizon_cost == approx(60_000)
    # cheapest first
    costs = [x.horizon_cost for x in gpt4o.options]
    assert costs == sorted(costs)
    assert gpt4o.cheapest.horizon_cost == approx(
        1200
    )  # gpt-5-nano (tied with llama-3.1-8b-instant)


def test_gpt4o_grade(gpt4o):
    g = ftcost.grade("gpt-4o", monthly_spend=5000, as_of=AS_OF)
    # best: $100/month against $5,000: saves 98% → F
    assert g.grade == g.letter == "F"
    assert g.monthly_cost == approx(5000)
    assert g.best_option == "switch to gpt-5-nano" and g.best_kind == "switch"
    assert g.best_monthly_cost == approx(100)
    assert g.saving_share == approx(0.98)
    assert g.annual_savings == approx(12 * 4900)
    assert {x.kind for x in g.options} == set(GRADE_KINDS)
    d = g.as_dict()
    for key in ("grade", "monthly_cost", "best_option", "best_monthly_cost", "saving_share"):
        assert key in d
    assert d["options"][0]["label"] == g.options[0].label
    assert any("llama-3.1-8b" in x["what"] for x in d["left_out"])


def test_unverified_left_out_unless_asked(gpt4o):
    labels = by_label(gpt4o)
    assert "fine-tune llama-3.1-8b" not in labels
    why = dict(gpt4o.left_out)
    assert why["fine-tune llama-3.1-8b"].startswith("prices unverified")
    assert why["fine-tune gemini-1.5-flash"].startswith("not trainable on 2026-12-01")
    assert why["fine-tune o4-mini"].startswith("not trainable on 2026-12-01: o4-mini retired")
    with_all = ftcost.options("gpt-4o", monthly_spend=5000, as_of=AS_OF, include_unverified=True)
    llama = by_label(with_all)["fine-tune llama-3.1-8b"]
    # $0.18 × 2,000M = $360 a month + 5M × $0.48 = $2.40
    assert llama.horizon_cost == approx(2.4 + 12 * 360) and llama.verified is False
    assert "fine-tune llama-3.1-8b" not in dict(with_all.left_out)


# ------------------------------------------------------------ $20,000 a month on Claude Sonnet 4.5


def test_claude_sonnet_by_hand():
    o = ftcost.options("claude-sonnet-4-5", monthly_spend=20_000, as_of=AS_OF)
    # genai-prices: $3 per 1M input → 6,666.7M tokens a month
    M = 20_000 / 3 * 1e6
    assert o.monthly_tokens == approx(M)
    assert o.spend_text.startswith("$20,000/month on claude-sonnet-4-5 = 6,667M input tokens/month")
    assert o.current_source.startswith("genai-prices ")
    b = by_label(o)
    assert b["stay on claude-sonnet-4-5"].horizon_cost == approx(240_000)
    # fine-tune Azure's gpt-4o-mini: $0.15 × 6,666.7M + $1,241 hosting = $2,241 a month + $15
    # for the 9.9877 months it serves, then back on claude-sonnet-4-5 at $20,000
    az = b["fine-tune azure-gpt-4o-mini"]
    assert az.monthly_cost == approx(M * 0.15 / 1e6 + 1241)
    assert az.horizon_cost == approx(
        15 + AZ_MINI * (M * 0.15 / 1e6 + 1241) + (12 - AZ_MINI) * 20_000
    )
    # the developer tier (no hosting fee) is an evaluation offer: never an option
    assert "fine-tune azure-gpt-4.1-mini-developer" not in b
    # switch to claude-haiku-4-5: $1 per 1M → $6,666.67 a month
    assert b["switch to claude-haiku-4-5"].monthly_cost == approx(M * 1.0 / 1e6)
    # the cheapest fine-tune: Azure's Llama 3.3 70B (no dates), 5M × $4.50 = $22.50 and
    # $0.71/1M + $0.30/hour × 730 hosting = $4,952.33 a month over all 12 months
    llama = b["fine-tune azure-llama-3.3-70b"]
    assert llama.horizon_cost == approx(22.5 + 12 * (M * 0.71 / 1e6 + 0.3 * 730))
    assert o.of_kind("fine-tune")[0] is llama
    # routing 70% to it at its base price: (0.7 × 0.71 + 0.3 × 3) × 6,666.7 = $9,313.33
    route = b["route 70% to azure-llama-3.3-70b"]
    assert route.monthly_cost == approx(M * (0.7 * 0.71 + 0.9) / 1e6)
    # no base-only model is ever a fine-tuning candidate
    assert not any(x.kind == "fine-tune" and x.model == "claude-sonnet-4-5" for x in o.options)
    g = ftcost.grade("claude-sonnet-4-5", monthly_spend="$20,000", as_of=AS_OF)
    # best: gpt-5-nano at $0.05 → $333.33 a month against $20,000: saves 98.3% → F
    assert g.best_option == "switch to gpt-5-nano"
    assert g.best_monthly_cost == approx(M * 0.05 / 1e6)
    assert g.saving_share == approx(1 - 0.05 / 3) and g.grade == "F"


def test_grade_letters_from_options():
    # gpt-5-nano is the cheapest model of the curated list: staying on it is an A+
    g = ftcost.grade("gpt-5-nano", monthly_tokens="100M", as_of=AS_OF)
    assert g.letter == "A+" and g.best_kind in ("stay", "switch")
    # without switching, fine-tuning only: gpt-4o at 100M/month ($250), verified models only.
    # gpt-4o-mini: (5M × $3 + 1.4456 × $30 + 10.554 × $250) / 12 = $224.75 a month; the others
    # cost more: gpt-4.1-mini (25 + 1.4456 × 80 + 10.554 × 250) / 12 = $231.60, Azure's Llama
    # (22.50 + 12 × (71 + 219)) / 12 = $291.88, Azure's hosted GPTs pay $1,241 a month hosting
    # (the developer tier, with none, is left out: evaluation only). Saves 10.1% → A (5–15%)
    g = ftcost.grade("gpt-4o", "5M", monthly_tokens="100M", as_of=AS_OF, kinds=("fine-tune",))
    assert g.best == "gpt-4o-mini"
    assert g.best_monthly == approx((15 + MINI * 30 + (12 - MINI) * 250) / 12)
    assert 224.7 < g.best_monthly < 224.8
    assert g.letter == "A"


def test_plain_values_equal_objects():
    plain = ftcost.grade("gpt-4o", "5M", monthly_tokens="100M", output_ratio=0.5, as_of=AS_OF)
    objects = ftcost.grade(
        "gpt-4o",
        TrainingPlan(training_tokens=5e6),
        Workload(monthly_tokens=100e6, output_ratio=0.5),
        as_of="2026-12-01",
    )
    assert plain == objects
    o = ftcost.options("GPT-4o", "5M", monthly_tokens="100M", epochs=2, as_of=AS_OF)
    # 2 epochs: gpt-4o-mini training 10M × $3 = $30
    assert by_label(o)["fine-tune gpt-4o-mini"].one_off == approx(30)


def test_bad_inputs():
    with pytest.raises(InputError, match="monthly_spend: give a monthly spend or monthly tokens"):
        ftcost.options("gpt-4o", monthly_spend=5000, monthly_tokens="1M", as_of=AS_OF)
    with pytest.raises(InputError, match="monthly_tokens: options need a monthly volume"):
        ftcost.options("gpt-4o", as_of=AS_OF)
    with pytest.raises(InputError, match="monthly_tokens: a grade needs a monthly volume"):
        ftcost.grade("gpt-4o", as_of=AS_OF)
    with pytest.raises(InputError, match="colour: not a workload or training field"):
        ftcost.options("gpt-4o", monthly_tokens="1M", colour="red")
    with pytest.raises(InputError, match="kinds"):
        ftcost.options("gpt-4o", monthly_tokens="1M", kinds=("teleport",))
    with pytest.raises(InputError, match="monthly_spend"):
        ftcost.options("gpt-4o", monthly_spend="-5", as_of=AS_OF)
    with pytest.raises(ftcost.UnknownModel):
        ftcost.options("no-such-model-xyz", monthly_tokens="1M", as_of=AS_OF)
    with pytest.raises(InputError, match="as_of"):
        ftcost.options("gpt-4o", monthly_tokens="1M", as_of="1 Dec 2026")


def test_alternatives_side_by_side():
    a = ftcost.alternatives(
        "gpt-4o", "5M", monthly_tokens="1M", routing={"cheap": "gpt-4o-mini"}, as_of=AS_OF
    )
    assert {x.kind for x in a.options} == set(ALTERNATIVE_KINDS)
    b = by_label(a)
    # the template's default: routing 70% to gpt-4o-mini: (0.7 × 0.15 + 0.3 × 2.50) × 1M
    assert b["route 70% to gpt-4o-mini"].monthly_cost == approx(0.855)
    assert b["route 70% to gpt-4o-mini"].horizon_cost == approx(12 * 0.855)
    # gpt-4o-mini serves 1.4456 months, then gpt-4o again at $2.50
    assert b["fine-tune gpt-4o-mini"].horizon_cost == approx(15 + MINI * 0.30 + (12 - MINI) * 2.5)
    only = ftcost.alternatives("gpt-4o", monthly_tokens="1M", kinds=("rag",), as_of=AS_OF)
    assert [x.kind for x in only.options] == ["rag"]


def test_retirement_cuts_the_fine_tuned_months(tmp_path):
    # a model whose fine-tunes retire 6 months (182.6 days) after the as-of date: 6 months on
    # the fine-tune, then 6 back on the current model
    from ftcost.pricing import load_prices

    ps = load_prices()
    import dataclasses

    mini = ps.get("gpt-4o-mini")
    retires = AS_OF + dt.timedelta(days=round(6 * 30.4375))
    retiring = dataclasses.replace(mini, retires=retires)
    ps2 = dataclasses.replace(
        ps,
        models=tuple(retiring if m is mini else m for m in ps.models),
        _index={},
        cache={},
    )
    o = ftcost.options("gpt-4o", "5M", monthly_tokens="100M", prices=ps2, as_of=AS_OF)
    opt = by_label(o)["fine-tune gpt-4o-mini"]
    serve = (retires - AS_OF).days / 30.4375
    assert opt.horizon_cost == approx(15 + serve * 30 + (12 - serve) * 250)
    assert "then back on gpt-4o" in opt.note


def test_current_models_all_priced():
    # every curated model has a base price on the as-of date, and none is deprecated there
    for name in basemodels.CURRENT_MODELS:
        m = basemodels.resolve(name, as_of=AS_OF)
        assert m.base_input > 0 and m.status != "deprecated", name
    assert 15 <= len(basemodels.CURRENT_MODELS) <= 25


def test_engine_exports():
    assert engine.options is ftcost.options
    assert isinstance(ftcost.options("gpt-4o", monthly_tokens="1M", as_of=AS_OF), ftcost.Options)


def test_json_ready():
    import json

    g = ftcost.grade("gpt-4o", monthly_spend=5000, as_of=AS_OF)
    d = json.loads(json.dumps(g.as_dict()))
    assert d["as_of"] == "2026-12-01" and d["grade"] == "F"
    o = ftcost.options("gpt-4o", monthly_tokens="1M", as_of=AS_OF)
    assert json.loads(json.dumps(o.as_dict()))["options"][0]["label"] == o.options[0].label
    dec = ftcost.decide("1M", base="gpt-4o", candidate="gpt-4o-mini", as_of=AS_OF)
    # on 2026-12-01 gpt-4o-mini retires before it pays back: prompt engineering on gpt-4o
    assert json.loads(json.dumps(dec.as_dict()))["option"]["label"] == (
        "prompt engineering on gpt-4o"
    )


def test_zero_volume_and_tiny_bills():
    # 0 tokens a month: RAG has no request to retrieve for — left out, not an error
    o = ftcost.options("gpt-4o", monthly_tokens=0, as_of=AS_OF, kinds=("stay", "rag"))
    assert [x.kind for x in o.options] == ["stay"]
    assert dict(o.left_out)["RAG on gpt-4o"].startswith("no requests a month")
    with pytest.raises(InputError, match="requests"):  # a user's own 0 still is
        ftcost.options("gpt-4o", monthly_tokens="1M", rag={"requests": 0}, kinds=("rag",))
    # 1 token a month on gpt-4o: $2.50e-6 a month, $3e-5 over 12 months — under a cent, so
    # no option's saving share is stated (not −4.9 million "more" for a $15 fine-tune)
    o = ftcost.options("gpt-4o", "5M", monthly_tokens=1, as_of=AS_OF, kinds=("stay", "fine-tune"))
    assert o.stay.horizon_cost == approx(12 * 2.5e-6)
    assert all(x.saving_share == 0 for x in o.options)


def test_retraining_stops_with_the_training_window():
    # 1B tokens/month on gpt-4o ($2,500/month), retraining every 3 months, Azure's GPT-4o mini
    # (training $3 × 5M = $15; 1,000 × $0.15 + 730 h × $1.70 hosting = $1,391/month): its last
    # training job can start on 2027-04-01 (121 days = 3.98 months from 2026-12-01), so the
    # trainings at months 0 and 3 are the last; the route serves 6 months, then gpt-4o again:
    # 2 × 15 + 6 × 1,391 + 6 × 2,500 = $23,376 — the ranking's figure, not 4 trainings over the
    # 10 months to its retirement
    o = ftcost.options(
        "gpt-4o", "5M", monthly_tokens="1B", retrain_every=3, as_of=AS_OF, include_unverified=True
    )
    mini = o.find("fine-tune", "azure-gpt-4o-mini")
    assert mini.horizon_cost == approx(2 * 15 + 6 * 1391 + 6 * 2500)
    assert mini.one_off == approx(30)
    assert "2 trainings" in mini.note and "no retraining after 2027-04-01" in mini.note
    r = ftcost.rank("5M", base="gpt-4o", monthly_tokens="1B", retrain_every=3, as_of=AS_OF)
    totals = {row.id: row.total_cost for row in r.rows}
    for opt in o.of_kind("fine-tune"):  # every fine-tune option is the ranking's figure
        assert opt.horizon_cost == approx(totals[opt.model], rel=1e-12)


@pytest.mark.parametrize("unverified", [False, True])
def test_grade_reusing_the_decisions_options_is_grade_afresh(unverified):
    # an unverified current model (Together's Llama 3.1 8B): every option rests on its prices,
    # yet `options` leaves out only models whose own prices are unverified; reusing the
    # decision's options must weigh exactly what a fresh grade weighs
    from ftcost.engine.grade import grade

    w = Workload(monthly_tokens="100M")
    d = engine.decide(
        "100M", base="llama-3.1-8b", workload=w, as_of=AS_OF, include_unverified=unverified
    )
    fresh = grade("llama-3.1-8b", TrainingPlan("5M"), w, as_of=AS_OF, include_unverified=unverified)
    reused = grade(
        "llama-3.1-8b", TrainingPlan("5M"), w, as_of=AS_OF, include_unverified=unverified,
        options_weighed=d.weighed,
    )  # fmt: skip
    assert reused.as_dict() == fresh.as_dict()
    assert any(o["kind"] == "switch" for o in fresh.as_dict()["options"])
    # options weighed with other prices are not cut down: weighed afresh
    assert d.weighed.restricted(GRADE_KINDS, not unverified) is None
