"""The report from the bill (issue 13 item 4) and its one recommendation (issue 15 item 3):
"we spend $5,000 a month on GPT-4o" — what you pay, the grade (`ftcost grade`'s), the cheapest
options side by side over the horizon, and `decide`'s recommendation with why it is not the
cheapest. Figures by hand on 2026-12-01 (the tests' as-of date), default catalog + genai-prices."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from _reportbook import Report
from ftcost import engine
from ftcost.cli import main
from ftcost.jobs import make_report
from ftcost.report.styles import MONEY, MONEY_TOTAL

approx = pytest.approx
DAY = dt.date(2026, 12, 1)
MONTH = 365.25 / 12  # days


def _bill(tmp_path, base: str, spend) -> Report:
    out = tmp_path / f"{base}.xlsx"
    make_report(out, overrides={"base": base, "monthly_spend": spend})
    return Report(out)


@pytest.fixture(scope="module")
def gpt4o(tmp_path_factory) -> Report:
    return _bill(tmp_path_factory.mktemp("bill"), "gpt-4o", "$5,000")


@pytest.fixture(scope="module")
def sonnet(tmp_path_factory) -> Report:
    return _bill(tmp_path_factory.mktemp("bill"), "claude-sonnet-4-5", 20000)


def _options(rep: Report) -> dict[str, tuple]:
    sec = rep.section("Alternatives")
    k = next(i for i, r in enumerate(sec.rows) if str(r[0]).startswith("The cheapest option of"))
    rows = {}
    for r in sec.rows[k + 2 :]:
        if r[0] is None or r[1] is None:
            break
        rows[r[0]] = r
    return rows


def test_five_thousand_a_month_on_gpt_4o(gpt4o):
    sec = gpt4o.section("Summary")
    v = sec.labelled()
    # what you pay: $5,000 at $2.50 per 1M input tokens (output ratio 0) = 2,000M tokens a month
    assert v["What you pay now"] == "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"
    assert v["Monthly volume (input tokens)"] == 2_000_000_000
    assert v["Monthly cost now (base route)"] == approx(5000)
    # the grade: the cheapest option is switching to gpt-5-nano (genai-prices: $0.05 per 1M
    # input tokens), $100 a month against $5,000: 98.0% less → F
    assert v["Grade of the current setup"] == "F"
    detail = sec.detail("Grade of the current setup")
    assert "switching to gpt-5-nano" in detail and "$100.00 a month" in detail
    assert "98.0% less" in detail
    # the options side by side over 12 months, by hand
    o = _options(gpt4o)
    assert o["stay on gpt-4o"][2:5] == (approx(5000), 0, approx(60_000))
    assert o["switch to gpt-5-nano"][2:5] == (approx(100), 0, approx(1_200))
    # fine-tune Azure's Llama 3.3 70B (no dates: all 12 months): 5M × $4.50 training, $0.71 per
    # 1M × 2,000M = $1,420 + $0.30/hour × 730 = $219 hosting a month: 22.50 + 12 × 1,639
    # (Azure's developer tier, cheaper still, is an evaluation offer: never an option)
    ft = o["fine-tune azure-llama-3.3-70b"]
    assert ft[3] == approx(22.50)
    assert ft[4] == approx(22.50 + 12 * (2000 * 0.71 + 0.30 * 730))  # $19,690.50
    assert "fine-tune azure-gpt-4.1-mini-developer" not in o
    # routing 70% to it at its base price ($0.71), the rest on GPT-4o
    assert o["route 70% to azure-llama-3.3-70b"][2] == approx(0.7 * 1420 + 0.3 * 5000)
    # RAG: 2M requests: embedding $200, search $20, generation $5,000, context 4B × $2.50/1M
    assert o["RAG on gpt-4o"][2] == approx(200 + 20 + 5000 + 10_000)
    assert o["prompt engineering on gpt-4o"][4] == approx(60_000)
    # one of each kind, cheapest first, the recommended and the cheapest marked
    assert [r[4] for r in o.values()] == sorted(r[4] for r in o.values())
    assert o["switch to gpt-5-nano"][6].startswith("cheapest")
    assert o["fine-tune azure-llama-3.3-70b"][6].startswith("recommended")


def test_twenty_thousand_a_month_on_claude_sonnet(sonnet):
    sec = sonnet.section("Summary")
    v = sec.labelled()
    volume = 20_000 / 3.00 * 1e6  # $3 per 1M input tokens on claude-sonnet-4-5
    assert v["What you pay now"] == (
        "$20,000/month on claude-sonnet-4-5 = 6,667M input tokens/month at $3.00/1M"
    )
    assert v["Monthly volume (input tokens)"] == approx(volume)
    assert v["Model used now (base)"] == "claude-sonnet-4-5"
    # gpt-5-nano: 6,667M × $0.05/1M = $333.33 a month against $20,000: 98.3% less → F
    assert v["Grade of the current setup"] == "F"
    assert "98.3% less" in sec.detail("Grade of the current setup")
    o = _options(sonnet)
    assert o["stay on claude-sonnet-4-5"][4] == approx(240_000)
    assert o["switch to gpt-5-nano"][4] == approx(12 * volume / 1e6 * 0.05)  # $4,000
    # the Ranking is of models to fine-tune: the genai-prices base is not one of them
    _, ranked = sonnet.section("Ranking").table("Rank")
    assert "claude-sonnet-4-5" not in {r[1] for r in ranked}
    # Assumptions: where the base model's prices come from
    rows = [tuple(c.value for c in r) for r in sonnet.wb["Assumptions"].iter_rows()]
    k = next(
        i for i, r in enumerate(rows) if str(r[0]).startswith("Base models with base prices only")
    )
    base = rows[k + 2]
    assert base[1] == "claude-sonnet-4-5" and base[2] == approx(3.00)
    assert base[5].startswith("genai-prices ")


@pytest.mark.parametrize(("base", "spend"), [("gpt-4o", 5000), ("claude-sonnet-4-5", 20000)])
def test_the_grade_is_ftcost_grades(tmp_path, capsys, base, spend, gpt4o, sonnet):
    rep = {"gpt-4o": gpt4o, "claude-sonnet-4-5": sonnet}[base]
    assert main(["grade", "--model", base, "--monthly-spend", str(spend), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    v = rep.section("Summary").labelled()
    assert v["Grade of the current setup"] == cli["grade"]
    assert v["Monthly cost now (base route)"] == approx(cli["monthly_cost"])
    detail = rep.section("Summary").detail("Grade of the current setup")
    assert f"{cli['saving_share']:.1%} less" in detail


@pytest.mark.parametrize(("base", "spend"), [("gpt-4o", 5000), ("claude-sonnet-4-5", 20000)])
def test_the_recommendation_is_decides(base, spend, gpt4o, sonnet):
    rep = {"gpt-4o": gpt4o, "claude-sonnet-4-5": sonnet}[base]
    d = engine.decide(base=base, monthly_spend=spend, plan="5M")
    v = rep.section("Summary").labelled()
    assert v["Recommendation"] == d.headline
    assert v["Recommended option"].startswith(d.option.label + ": ")
    # not the cheapest: the cheapest is named, and why it is not recommended, in decide's words
    assert d.cheapest_option != d.option and d.why_not_cheapest
    assert v["Cheapest option"].startswith(d.cheapest_option.label + ": ")
    assert v["Cheapest option"].endswith(d.why_not_cheapest)
    o = _options(rep)
    assert o[d.option.label][4] == approx(d.option.horizon_cost)
    assert o[d.cheapest_option.label][4] == approx(d.cheapest_option.horizon_cost)


def test_the_issues_command_on_gpt_5_4(tmp_path):
    out = tmp_path / "r.xlsx"
    assert (
        main(["report", "--base", "gpt-5.4", "--monthly-spend", "5000", "-o", str(out), "-q"]) == 0
    )
    rep = Report(out)
    v = rep.section("Summary").labelled()
    # gpt-5.4: $2.50 per 1M input tokens (genai-prices)
    assert (
        v["What you pay now"] == "$5,000/month on gpt-5.4 = 2,000M input tokens/month at $2.50/1M"
    )
    assert rep.section("Summary").title == "gpt-5.4 → the cheapest fine-tuned route, $5,000/month"
    assert v["Grade of the current setup"] in ("A+", "A", "B", "C", "D", "F")


def test_money_totals_have_two_decimals_unit_prices_as_many_as_they_need(gpt4o):
    ws = gpt4o.wb["Summary"]
    fmt = {ws.cell(r, 1).value: ws.cell(r, 2).number_format for r in range(1, ws.max_row + 1)}
    for label in (
        "Training cost",
        "Monthly cost now (base route)",
        "Monthly saving",
        "Net saving over 12 months",
        "Cost over 12 months, base route",
    ):
        assert fmt[label] == MONEY_TOTAL, label
    assert fmt["Base route per 1M input tokens"] == MONEY
    ws = gpt4o.wb["Alternatives"]
    sec = gpt4o.section("Alternatives")
    hr = sec.first + next(i for i, r in enumerate(sec.rows) if r[0] == "Option")
    headers = [c.value for c in ws[hr]]
    assert headers[5] == "Over 12 months"  # horizon totals beside the monthly ones
    assert ws.cell(hr + 1, 6).number_format == MONEY_TOTAL
    assert ws.cell(hr + 1, 3).number_format == MONEY_TOTAL
    assert ws.cell(hr + 1, 4).number_format == MONEY  # per 1M
