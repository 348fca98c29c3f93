"""`ftcost report`: the workbook read back from disk (openpyxl and pandas) against hand-computed
figures for the article's example and against the engine for generated scenarios, sheet by sheet."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import ftcost
from _reportbook import Report
from ftcost import engine
from ftcost.cli import main
from ftcost.model import PRICE_FIELDS, TrainingPlan, Workload
from ftcost.report import SHEETS, compute, write_report
from ftcost.scenarios import Scenario

approx = pytest.approx


# The article's arithmetic is the point of these tests: the example as of 2025-06-01, when OpenAI
# still trained gpt-4o-mini and its fine-tunes served past any 12-month horizon (the example as
# of 2026-12-01, where retirement cuts the horizon, is tested in test_report_lifecycle.py).
ARTICLE_DAY = "2025-06-01"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Report:
    from ftcost.jobs import make_report

    out = tmp_path_factory.mktemp("example") / "report.xlsx"
    make_report(out, example=True, overrides={"as_of": ARTICLE_DAY})
    return Report(out)


# ----------------------------------------------------------------- the article's example, by hand
# GPT-4o → fine-tuned GPT-4o mini, 5M training tokens, 1 epoch, 1M input tokens a month, 12 months.
# Default prices: GPT-4o base input $2.50/1M; GPT-4o mini fine-tuned input $0.30/1M, training $3/1M.
TRAINING = 5 * 3.00  # $15
BASE_PM, FT_PM = 2.50, 0.30
SAVING_PM = BASE_PM - FT_PM  # $2.20
BE_TOKENS = TRAINING / SAVING_PM * 1e6  # 6,818,181.8
BE_MONTHS = TRAINING / (1 * SAVING_PM)  # 6.818 months at 1M/month
TCO_BASE, TCO_FT = 12 * 2.50, TRAINING + 12 * 0.30  # $30, $18.60
NET = TCO_BASE - TCO_FT  # $11.40


def test_sheets_in_order(example):
    assert example.sheets == list(SHEETS)
    assert example.wb["Summary"]["A1"].value.startswith("The article's example")


def test_summary_equals_the_hand_computed_example(example):
    sec = example.section("Summary")
    v = sec.labelled()
    assert v["Model used now (base)"] == "gpt-4o"
    assert v["Fine-tuned candidate"] == "gpt-4o-mini"
    assert v["Training cost"] == approx(TRAINING)
    assert v["Base route per 1M input tokens"] == approx(BASE_PM)
    assert v["Fine-tuned route per 1M input tokens"] == approx(FT_PM)
    assert v["Saving per 1M input tokens"] == approx(SAVING_PM)
    assert v["Monthly cost now (base route)"] == approx(2.50)
    assert v["Monthly cost fine-tuned"] == approx(0.30)
    assert v["Monthly saving"] == approx(2.20)
    assert v["Annual saving (gross)"] == approx(26.40)  # the article says $264
    assert v["Break-even (months)"] == approx(BE_MONTHS)  # the article: "less than 1 month"
    assert v["Break-even (tokens)"] == approx(BE_TOKENS)  # the article: 6.8M tokens
    assert v["Net saving over 12 months"] == approx(NET)
    assert v["Cost over 12 months, base route"] == approx(TCO_BASE)
    assert v["Cost over 12 months, fine-tuned"] == approx(TCO_FT)
    # the recommendation in words, with its numbers
    assert (
        v["Recommendation"]
        == "Fine-tune gpt-4o-mini: pays back in 6.82 months, saves $11.40 over 12 months"
    )
    assert "6.82M tokens" in v["Why"]
    # the grade (`ftcost grade`'s): the cheapest option is switching to gpt-5-nano, untrained
    # (genai-prices: $0.05 per 1M input tokens): $0.05 a month against $2.50 now, 98.0% less → F
    assert v["Grade of the current setup"] == "F"
    assert "switching to gpt-5-nano" in sec.detail("Grade of the current setup")
    assert "98.0%" in sec.detail("Grade of the current setup")
    # the workload restated
    assert v["Monthly volume (input tokens)"] == 1_000_000
    assert v["Output ratio"] == 0
    assert v["Horizon (months)"] == 12
    assert v["Training tokens"] == 5_000_000
    assert v["Epochs"] == 1
    assert v["Retrain every (months)"] == "never"


def test_summary_number_formats(example):
    ws = example.wb["Summary"]
    fmt = {ws.cell(r, 1).value: ws.cell(r, 2).number_format for r in range(1, ws.max_row + 1)}
    assert "$" in fmt["Training cost"] and "$" in fmt["Net saving over 12 months"]
    assert fmt["Monthly volume (input tokens)"] == "#,##0"
    assert fmt["Break-even (months)"] == "0.00"
    assert fmt["Fallback share"].endswith("%")


def test_breakeven_sheet_month_by_month(example):
    sec = example.section("Break-even")
    v = sec.labelled()
    assert v["Break-even (months)"] == approx(BE_MONTHS)
    assert v["Net saving over 12 months"] == approx(NET)
    headers, rows = sec.table("Month")
    assert headers[1].startswith("Base route: gpt-4o") and "gpt-4o-mini" in headers[2]
    assert [r[0] for r in rows] == list(range(13))
    for month, base, ft, cheaper in rows:
        assert base == approx(2.50 * month)
        assert ft == approx(TRAINING + 0.30 * month)
        assert cheaper == ("fine-tuned" if month >= 7 else "base")  # crossover after 6.82 months
    assert rows[-1][1:3] == (approx(TCO_BASE), approx(TCO_FT))
    # the crossover marker the chart draws: a vertical line at 6.82 months
    i = next(k for k, r in enumerate(sec.rows) if r[0] == "For the chart: the break-even line")
    assert sec.rows[i + 1][:2] == (approx(BE_MONTHS), 0)
    assert sec.rows[i + 2][:2] == (approx(BE_MONTHS), approx(TCO_BASE))


def _chart_xml(path: Path, sheet_index: int) -> list[str]:
    """The chart parts drawn on worksheet ``sheet_index`` (1-based)."""
    z = zipfile.ZipFile(path)
    rels = z.read(f"xl/worksheets/_rels/sheet{sheet_index}.xml.rels").decode()
    drawing = rels.split('Target="')[1].split('"')[0].split("/")[-1]
    drels = z.read(f"xl/drawings/_rels/{drawing}.rels").decode()
    charts = [t.split('"')[0].split("/")[-1] for t in drels.split('Target="')[1:]]
    return [z.read(f"xl/charts/{c}").decode() for c in charts]


def test_breakeven_chart_has_titles_axes_and_the_crossover(example):
    (xml,) = _chart_xml(example.path, SHEETS.index("Break-even") + 1)
    assert "Cumulative cost: gpt-4o vs fine-tuned gpt-4o-mini" in xml
    assert "Cumulative cost (USD)" in xml and ">Month<" in xml
    assert "Break-even: 6.82 months" in xml
    assert len(re.findall(r"<(?:c:)?ser>", xml)) == 3
    assert len(re.findall(r'<(?:c:)?delete val="0"', xml)) == 2  # both axes shown


def test_scatter_charts_say_their_scatter_style(example):
    """CT_ScatterChart requires c:scatterStyle (issue 11): strict readers reject a chart without it."""
    for sheet in ("Break-even", "Sensitivity"):
        (xml,) = _chart_xml(example.path, SHEETS.index(sheet) + 1)
        scatter = re.search(r"<(?:c:)?scatterChart>(.*?)</(?:c:)?scatterChart>", xml, re.S)
        assert scatter is not None, sheet
        # the first child, as the schema orders it
        assert re.match(r'<(?:c:)?scatterStyle val="lineMarker"\s*/>', scatter.group(1)), sheet


def test_sensitivity_table_by_hand(example):
    sec = example.section("Sensitivity")
    headers, rows = sec.table("Monthly input tokens")
    assert headers == ["Monthly input tokens", "1 epoch", "2 epochs", "3 epochs", "4 epochs"]
    by_volume = {r[0]: r[1:] for r in rows}
    assert by_volume[1_000_000][0] == approx(NET)
    assert by_volume[1_000_000][1] == approx(TCO_BASE - (2 * TRAINING + 12 * 0.30))  # -$3.60
    # 100M/month, 1 epoch: 12 × $250 − ($15 + 12 × $30)
    assert by_volume[100_000_000][0] == approx(3000 - 375)
    vols = [r[0] for r in rows]
    assert vols == sorted(vols) and vols[0] == 10_000 and vols[-1] == 100_000_000
    # net saving grows with volume and falls with epochs
    for r in rows:
        assert list(r[1:]) == sorted(r[1:], reverse=True)
    # colour scale on the table
    ws = example.wb["Sensitivity"]
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert any(r.type == "colorScale" for r in rules)


def test_ranking_sheet_independently_and_with_pandas(example, prices):
    sec = example.section("Ranking")
    headers, rows = sec.table("Rank")
    ranked = engine.rank(
        TrainingPlan("5M"), Workload(monthly_tokens="1M"), base="gpt-4o", prices=prices,
        as_of=ARTICLE_DAY,
    )  # fmt: skip
    # the models trainable on the as-of date are ranked; the others are listed apart
    assert len(rows) == len(ranked.rows) == len(prices) - len(ranked.unavailable)
    # recompute every model's 12-month total from its price fields (5M tokens, 1M/month, input only)
    expected = {}
    for m in prices:
        if m.training_per_hour and not m.training and not m.min_training_charge:
            expected[m.id] = None  # billed by the hour: no hours given
            continue
        training = max(m.min_training_charge, 5 * m.training)
        monthly = 1 * m.ft_input + m.hosting_per_hour * 730 + m.storage_per_month
        expected[m.id] = training + 12 * monthly
    col = {h: i for i, h in enumerate(headers)}
    for r in rows:
        total = r[col["Total over horizon"]]
        if expected[r[col["Model"]]] is None:
            assert total is None
        else:
            assert total == approx(expected[r[col["Model"]]])
    totals = [
        r[col["Total over horizon"]] for r in rows if r[col["Total over horizon"]] is not None
    ]
    assert totals == sorted(totals)
    mini = next(r for r in rows if r[col["Model"]] == "gpt-4o-mini")
    assert mini[col["Role"]] == "candidate"
    assert mini[col["Net saving over horizon"]] == approx(NET)
    assert mini[col["Break-even (months)"]] == approx(BE_MONTHS)
    assert mini[col["Prices checked"]] == dt.datetime(2026, 11, 27)

    # pandas reads the same table
    hdr = next(i for i, r in enumerate(sec.rows) if r[0] == "Rank") + sec.first - 1
    df = pd.read_excel(example.path, sheet_name="Ranking", header=hdr, nrows=len(ranked.rows))
    ref = ranked.to_frame()
    assert list(df["Model"]) == list(ref["id"])
    pd.testing.assert_series_equal(
        df["Total over horizon"], ref["total_cost"].reset_index(drop=True), check_names=False
    )
    pd.testing.assert_series_equal(
        df["Net saving over horizon"], ref["net_savings"].reset_index(drop=True), check_names=False
    )


def test_alternatives_by_hand(example):
    sec = example.section("Alternatives")
    _headers, rows = sec.table("Option")
    by = {r[0]: r for r in rows}
    ft = by["Fine-tune gpt-4o-mini"]
    assert ft[2:5] == (approx(0.30), approx(0.30), approx(TRAINING))
    assert by["Prompt engineering (stay on base)"][2] == approx(2.50)
    # RAG on gpt-4o: 1,000 requests (one per 1,000 tokens): embedding 1M × $0.10/1M, search
    # 1,000 × $0.00001, generation 1M × $2.50/1M, context 1,000 × 2,000 × $2.50/1M
    assert by["RAG (retrieval-augmented generation)"][2] == approx(0.10 + 0.01 + 2.50 + 5.00)
    # routing: 70% to gpt-4o-mini ($0.15), the rest to gpt-4o ($2.50)
    assert by["Multi-model routing"][2] == approx(0.7 * 0.15 + 0.3 * 2.50)
    _, parts = sec.table("Cost components")
    rag = {p[1]: p[2] for p in parts if p[0] == "RAG"}
    assert rag == {
        "embedding": approx(0.10),
        "vector search": approx(0.01),
        "generation": approx(2.50),
        "retrieved context": approx(5.00),
    }


def test_assumptions_list_every_price_with_date_source_and_notes(example, prices):
    ws = example.wb["Assumptions"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    kv = {r[0]: r[1] for r in rows if r and r[0]}
    assert kv["Made by"] == f"ftcost {ftcost.__version__}"
    assert kv["Price set"] == "default"
    assert kv["Price-data version"] == prices.version
    assert kv["Prices checked up to"] == prices.as_of.isoformat()
    h = next(i for i, r in enumerate(rows) if r[0] == "Provider" and r[1] == "Model")
    headers = rows[h]
    body = {r[1]: r for r in rows[h + 1 : h + 1 + len(prices)]}
    assert set(body) == set(prices.ids)
    col = {name: i for i, name in enumerate(headers)}
    for m in prices:
        r = body[m.id]
        assert r[col["Checked"]] == dt.datetime.combine(m.checked, dt.time())
        assert r[col["Source"]] == m.source
        assert (r[col["Notes (errata, caveats)"]] or "") == m.notes
        for f, label, unit in PRICE_FIELDS:
            assert r[col[f"{label} {unit}"]] == (
                approx(getattr(m, f)) if getattr(m, f) is not None else None
            )
    assert body["gpt-4o"][col["Used as"]] == "base"
    assert body["gpt-4o-mini"][col["Used as"]] == "candidate, routing"
    assert "per-1K" in (body["gpt-3.5-turbo"][col["Notes (errata, caveats)"]] or "")


def test_frozen_headers_widths_and_no_formulas(example):
    wb = example.wb
    assert wb["Ranking"].freeze_panes == "C7"
    assert wb["Break-even"].freeze_panes is not None
    for ws in wb:
        assert ws.column_dimensions["A"].width > 5
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)


def test_article_prices_reproduce_the_article(tmp_path):
    """--prices article: the article's table as published gives the article's own figures."""
    out = tmp_path / "article.xlsx"
    assert main(["report", "--example", "--prices", "article", "-o", str(out), "-q"]) == 0
    v = Report(out).section("Summary").labelled()
    c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", prices="article")
    assert v["Training cost"] == approx(c.training_cost)
    assert v["Training cost"] == approx(15.0)  # "5M token training run costs about $15"
    assert v["Saving per 1M input tokens"] == approx(2.20)  # the article's $2.50 − $0.30
    assert v["Break-even (tokens)"] == approx(15 / 2.20 * 1e6)  # its "6.8M tokens"
    ws = Report(out).wb["Assumptions"]
    kv = {r[0].value: r[1].value for r in ws.iter_rows(max_col=2) if r[0].value}
    assert kv["Price set"] == "article"


# ----------------------------------------------------------------- generated scenarios vs engine


def _random_scenarios(n: int, seed: int, prices) -> list[Scenario]:
    rnd = random.Random(seed)
    ids = [m for m in prices.ids if m != "o4-mini"]
    out = []
    for i in range(n):
        plan = TrainingPlan(
            training_tokens=rnd.choice([2e5, 1e6, 5e6, 4e7]),
            epochs=rnd.randint(1, 4),
            validation_tokens=rnd.choice([0, 1e5]),
            runs=rnd.choice([1, 1, 3]),
        )
        w = Workload(
            monthly_tokens=rnd.choice([0, 5e5, 1e6, 2e7, 3e8]),
            output_ratio=rnd.choice([0, 0.3, 2]),
            prompt_overhead=rnd.choice([0, 1.5]),
            fallback_share=rnd.choice([0, 0.1]),
            cached_share=rnd.choice([0, 0.5]),
            batch_share=rnd.choice([0, 0.25]),
            months=rnd.choice([6, 12, 36]),
            retrain_every=rnd.choice([None, None, 4]),
        )
        out.append(
            Scenario(
                name=f"Generated {i + 1}",
                base=rnd.choice(ids),
                candidate=rnd.choice([*ids, None]),
                plan=plan,
                workload=w,
                where=f"generated {i + 1}",
            )
        )
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory, prices):
    scenarios = _random_scenarios(12, 20261127, prices)
    out = tmp_path_factory.mktemp("gen") / "generated.xlsx"
    write_report(out, scenarios, prices, title="Generated")
    return scenarios, Report(out)


def _eq(got, want):
    if want is None or (isinstance(want, float) and math.isnan(want)):
        assert got in (None, "never", "not trainable"), (got, want)
    else:
        assert got == approx(want, rel=1e-12, abs=1e-12)


def test_generated_report_has_one_section_per_scenario(generated):
    scenarios, rep = generated
    assert rep.sheets == ["Scenarios", *SHEETS]
    for sheet in SHEETS[:-1]:
        titles = [s.title for s in rep.sections(sheet)]
        assert len(titles) == len(scenarios), sheet
        assert all(s.name in t for s, t in zip(scenarios, titles, strict=True))


def test_generated_summary_and_overview_equal_the_engine(generated, prices):
    scenarios, rep = generated
    ws = rep.wb["Scenarios"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == "#")
    overview = rows[h + 1 : h + 1 + len(scenarios)]
    for i, s in enumerate(scenarios):
        res = compute(s, prices)
        c = res.comparison
        # an independent check of the candidate: the engine's compare for the same pair
        c2 = engine.compare(s.base, res.candidate.id, s.plan, s.workload, prices)
        assert c2.net_savings == approx(c.net_savings)
        v = rep.section("Summary", i).labelled()
        assert v["Model used now (base)"] == prices.get(s.base).id
        assert v["Fine-tuned candidate"] == res.candidate.id
        _eq(v["Training cost"], c.training_cost)
        _eq(v["Base route per 1M input tokens"], c.base_per_million)
        _eq(v["Fine-tuned route per 1M input tokens"], c.ft_per_million)
        _eq(v["Monthly saving"], c.monthly_savings)
        # "pays back" only before the fine-tune retires
        _eq(v["Break-even (months)"], c.breakeven_months if c.breakeven_before_retirement else None)
        _eq(v["Break-even (tokens)"], c.breakeven_tokens)
        _eq(v[f"Net saving over {s.workload.months} months"], c.net_savings)
        if not c.trainable:  # no fine-tuned route on the as-of date: said, not a number
            assert v[f"Net saving over {s.workload.months} months"] == "not trainable"
            assert c.reason in rep.section("Summary", i).detail("Fine-tuned candidate")
            continue
        # invariant: net saving = base route − fine-tuned route over the horizon
        assert v[f"Net saving over {s.workload.months} months"] == approx(
            v[f"Cost over {s.workload.months} months, base route"]
            - v[f"Cost over {s.workload.months} months, fine-tuned"],
            abs=1e-9,
        )
        assert v["Grade of the current setup"] == res.grade.letter
        assert v["Recommendation"] == res.decision.headline
        assert v["Monthly volume (input tokens)"] == s.workload.monthly_tokens
        o = overview[i]
        assert o[0] == i + 1 and o[1] == s.name
        _eq(o[14], c.net_savings)
        assert o[16] == res.decision.headline


def test_generated_breakeven_sensitivity_ranking_alternatives_equal_the_engine(generated, prices):
    scenarios, rep = generated
    for i, s in enumerate(scenarios):
        res = compute(s, prices)
        c = res.comparison
        # Break-even: engine.schedule, whose last row is the horizon's totals
        _, rows = rep.section("Break-even", i).table("Month")
        sched = engine.schedule(c)
        assert len(rows) == len(sched) == s.workload.months + 1
        for (m, b, f, _), (em, eb, ef) in zip(rows, sched, strict=True):
            assert m == em and b == approx(eb) and f == approx(ef)
        assert rows[-1][1] == approx(c.tco_base)
        # the fine-tuned line: its total, or the base line when the candidate is not trainable
        assert rows[-1][2] == approx(c.tco_ft if c.trainable else c.tco_base)
        # Sensitivity: engine.sensitivity; the scenario's own cell equals its net saving
        headers, rows = rep.section("Sensitivity", i).table("Monthly input tokens")
        sens = res.sensitivity
        assert [r[0] for r in rows] == approx(sens["monthly_tokens"])
        for k, r in enumerate(rows):
            for j, value in enumerate(r[1:]):
                _eq(value, float(sens["net_savings"][k, j]))
        k = sens["monthly_tokens"].index(s.workload.monthly_tokens)
        j = sens["columns"].index(s.plan.epochs)
        assert rows[k][1 + j] == approx(c.net_savings, abs=1e-9)
        # Ranking: engine.rank, cheapest total first
        headers, rows = rep.section("Ranking", i).table("Rank")
        r = engine.rank(s.plan, s.workload, base=s.base, prices=prices)
        col = {h: n for n, h in enumerate(headers)}
        assert [row[col["Model"]] for row in rows] == [x.id for x in r.rows]
        for got, want in zip(rows, r.rows, strict=True):
            _eq(got[col["Total over horizon"]], want.total_cost)
            _eq(got[col["Net saving over horizon"]], want.net_savings)
            _eq(got[col["Training cost"]], want.training_cost)
        # Alternatives: the engine's three
        _, rows = rep.section("Alternatives", i).table("Option")
        w = s.workload
        pe = engine.prompt_engineering_cost(s.base, w, prices)
        rag = engine.rag_cost(s.base, w, requests=w.monthly_tokens / 1000, prices=prices)
        route = engine.routing_cost(res.candidate.id, s.base, w, simple_share=0.7, prices=prices)
        assert [row[2] for row in rows] == approx(
            [c.monthly_ft_cost, pe.monthly_cost, rag.monthly_cost, route.monthly_cost]
        )


# ----------------------------------------------------------------- edge cases


def _single(tmp_path, prices, name="edge", **kw) -> tuple[Report, object]:
    plan = kw.pop("plan", TrainingPlan("5M"))
    w = kw.pop("workload", Workload(monthly_tokens="1M"))
    s = Scenario(name=name, plan=plan, workload=w, where=name, **kw)
    out = tmp_path / f"{name}.xlsx"
    write_report(out, [s], prices)
    return Report(out), compute(s, prices)


def test_no_breakeven_is_said_in_words(tmp_path, prices):
    # fine-tuning GPT-4o to replace GPT-4o mini never pays: $3.75 against $0.15 per 1M; on
    # 2026-12-01 the fine-tune serves until 2027-01-14 (44 days), then the base route again
    rep, _res = _single(tmp_path, prices, base="gpt-4o-mini", candidate="gpt-4o")
    served = 44 / (365.25 / 12)
    sec = rep.section("Summary")
    v = sec.labelled()
    assert v["Break-even (months)"] == "never"
    assert v["Break-even (tokens)"] == "never"
    assert "no break-even" in sec.detail("Break-even (months)")
    assert v["Recommendation"].startswith("Don't fine-tune gpt-4o")
    assert v["Net saving over 12 months"] == approx(
        12 * 0.15 - (125 + served * 3.75 + (12 - served) * 0.15)
    )
    be = rep.section("Break-even").labelled()
    assert be["Break-even (months)"] == "never"
    _, rows = rep.section("Break-even").table("Month")
    assert {r[3] for r in rows} == {"base"}


def test_fixed_monthly_costs_and_retraining(tmp_path):
    # Mistral Small 4's terms (no longer offered; a made-up trainable entry keeps them): $4
    # minimum per job, $2/month storage; retrained every 4 months over 12
    prices = ftcost.load_prices(Path(__file__).parent / "data" / "report_prices.toml")
    rep, _res = _single(
        tmp_path,
        prices,
        base="gpt-4o",
        candidate="acme-small",
        plan=TrainingPlan("100K"),
        workload=Workload(monthly_tokens="10M", retrain_every=4),
    )
    m = prices.get("acme-small")
    v = rep.section("Summary").labelled()
    training = max(m.min_training_charge, 0.1 * m.training)
    assert v["Training cost"] == approx(training)
    assert v["Monthly cost fine-tuned"] == approx(10 * m.ft_input + m.storage_per_month)
    assert v["Cost over 12 months, fine-tuned"] == approx(
        3 * training + 12 * (10 * m.ft_input + m.storage_per_month)
    )
    assert v["Retrain every (months)"] == 4
    _, rows = rep.section("Break-even").table("Month")
    # training paid at months 0, 4 and 8: the fine-tuned route steps up there
    steps = [rows[k][2] - rows[k - 1][2] for k in range(1, 13)]
    assert steps[3] == approx(training + 10 * m.ft_input + m.storage_per_month)
    assert steps[0] == approx(10 * m.ft_input + m.storage_per_month)


def test_candidate_all_picks_the_cheapest_and_says_so(tmp_path, prices):
    rep, _res = _single(
        tmp_path, prices, base="gpt-4o", candidate=None, workload=Workload(monthly_tokens="150M")
    )
    v = rep.section("Summary").labelled()
    r = engine.rank(
        TrainingPlan("5M"), Workload(monthly_tokens="150M"), base="gpt-4o", prices=prices
    )
    # the cheapest with first-hand prices (unverified ones only with include_unverified)
    pick = next(
        x
        for x in r.rows
        if x.status not in ("deprecated", "unverified") and x.total_cost is not None
    )
    assert v["Fine-tuned candidate"] == pick.id
    assert "picked by ftcost" in rep.section("Summary").detail("Fine-tuned candidate")


def test_hourly_training_and_zero_volume(tmp_path, prices):
    rep, _res = _single(
        tmp_path,
        prices,
        base="gpt-4o",
        candidate="o4-mini",
        plan=TrainingPlan("1M", training_hours=2),
        workload=Workload(monthly_tokens=0),
    )
    v = rep.section("Summary").labelled()
    assert v["Training cost"] == approx(2 * 100 + 1 * prices.get("o4-mini").training)
    assert v["Monthly saving"] == 0
    assert v["Recommendation"].startswith("Stay with prompt engineering")
    # sensitivity volumes around 1M when the volume is zero, and the zero itself
    _, rows = rep.section("Sensitivity").table("Monthly input tokens")
    assert rows[0][0] == 0 and rows[-1][0] == 100_000_000


def test_links_lead_to_each_scenarios_sections(generated):
    scenarios, rep = generated
    wb = rep.wb

    def target(link) -> tuple[str, int]:
        sheet, cell = link.location.rsplit("!", 1)
        return sheet.strip("'"), int(cell.lstrip("A"))

    overview = [c for c in wb["Scenarios"]["B"] if c.hyperlink is not None]
    assert [c.value for c in overview] == [s.name for s in scenarios]
    for i, cell in enumerate(overview):
        sheet, row = target(cell.hyperlink)
        assert sheet == "Summary"
        assert (
            wb["Summary"].cell(row, 1).value
            == f"Scenario {i + 1} of {len(scenarios)}: {scenarios[i].name}"
        )
        details = next(
            r for r in range(row, row + 5) if wb["Summary"].cell(r, 1).value == "Details"
        )
        for col, name in enumerate(("Ranking", "Break-even", "Sensitivity", "Alternatives"), 2):
            link = wb["Summary"].cell(details, col).hyperlink
            sheet, r = target(link)
            assert sheet == name
            assert wb[name].cell(r, 1).value == scenarios[i].name


@pytest.mark.parametrize("monthly", [1, 1e18])
def test_extreme_volumes(tmp_path, prices, monthly):
    rep, _res = _single(
        tmp_path,
        prices,
        base="gpt-4o",
        candidate="gpt-4o-mini",
        workload=Workload(monthly_tokens=monthly),
    )
    v = rep.section("Summary").labelled()
    assert v["Monthly saving"] == pytest.approx(monthly * 2.20 / 1e6)
    _, rows = rep.section("Sensitivity").table("Monthly input tokens")
    vols = [r[0] for r in rows]
    assert monthly in vols and max(vols) <= 1e18


def test_any_valid_scenario_gives_a_readable_report(tmp_path_factory, prices):
    """Property: whatever the (valid) inputs, the report is written and its Summary is the engine's."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ids = [m for m in prices.ids if m != "o4-mini"]
    volumes = st.sampled_from([0, 1, 999, 1e6, 3.3e7, 1e12])

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        base=st.sampled_from(ids),
        cand=st.sampled_from([*ids, None]),
        tokens=volumes,
        monthly=volumes,
        epochs=st.integers(1, 100),
        months=st.integers(1, 120),
        retrain=st.one_of(st.none(), st.integers(1, 200)),
        ratio=st.sampled_from([0, 0.01, 5, 1000]),
        share=st.sampled_from([0, 0.5, 1]),
    )
    def check(base, cand, tokens, monthly, epochs, months, retrain, ratio, share):
        s = Scenario(
            name="prop",
            base=base,
            candidate=cand,
            plan=TrainingPlan(tokens, epochs=epochs),
            workload=Workload(
                monthly_tokens=monthly,
                output_ratio=ratio,
                fallback_share=share,
                cached_share=share,
                batch_share=1 - share,
                months=months,
                retrain_every=retrain,
            ),
            where="prop",
        )
        out = tmp_path_factory.mktemp("prop") / "p.xlsx"
        write_report(out, [s], prices)
        res = compute(s, prices)
        v = Report(out).section("Summary").labelled()
        _eq(v[f"Net saving over {months} months"], res.comparison.net_savings)
        c = res.comparison
        _eq(v["Break-even (months)"], c.breakeven_months if c.breakeven_before_retirement else None)
        _, rows = Report(out).section("Break-even").table("Month")
        assert len(rows) == months + 1

    check()


# ----------------------------------------------------------------- decision and alternatives inputs


def test_alternatives_inputs_reach_the_sheet(tmp_path, prices):
    w = Workload(monthly_tokens="20M", output_ratio=0.5, cached_share=0.2, batch_share=0.3)
    rep, _res = _single(
        tmp_path, prices, base="gpt-4o", candidate="gpt-4o-mini", workload=w,
        prompt_model="gpt-4.1", rag_model="gpt-4.1-mini", rag_requests=25_000,
        rag_context_tokens=3_000, rag_embedding_price=0.13, rag_search_price=0.0002,
        rag_corpus_tokens=4e7, route_to="gpt-4.1-nano", route_premium="gpt-4.1",
        simple_share=0.55, router_price=0.03,
    )  # fmt: skip
    pe = engine.prompt_engineering_cost("gpt-4.1", w, prices)
    rag = engine.rag_cost(
        "gpt-4.1-mini", w, requests=25_000, context_tokens=3_000, embedding_per_million=0.13,
        search_per_query=0.0002, corpus_tokens=4e7, prices=prices,
    )  # fmt: skip
    route = engine.routing_cost(
        "gpt-4.1-nano", "gpt-4.1", w, simple_share=0.55, router_per_million=0.03, prices=prices
    )
    # by hand, RAG on gpt-4.1-mini ($0.40 in, $1.60 out; batch $0.20 in, no cached price):
    # input $/1M = 0.7 × 0.40 + 0.3 × 0.20 = 0.34; output = 0.7 × 1.60 + 0.3 × 0.80 = 1.36
    by_hand = (20 + 40) * 0.13 + 25_000 * 0.0002 + 20 * (0.34 + 0.5 * 1.36) + 25 * 3 * 0.34
    assert rag.monthly_cost == approx(by_hand)
    sec = rep.section("Alternatives")
    _, rows = sec.table("Option")
    by = {r[0]: r for r in rows}
    assert by["Prompt engineering"][1:4] == (
        "gpt-4.1",
        approx(pe.monthly_cost),
        approx(pe.per_million),
    )
    rag_row = by["RAG (retrieval-augmented generation)"]
    assert rag_row[1:4] == ("gpt-4.1-mini", approx(by_hand), approx(rag.per_million))
    assert "25K requests a month" in rag_row[6] and "search $0.0002 per query" in rag_row[6]
    assert "40M corpus tokens" in rag_row[6] and "article's low ends" not in rag_row[6]
    route_row = by["Multi-model routing"]
    assert route_row[1:4] == (
        "gpt-4.1-nano + gpt-4.1", approx(route.monthly_cost), approx(route.per_million)
    )  # fmt: skip
    assert "router $0.03 per 1M tokens" in route_row[6]
    _, parts = sec.table("Cost components")
    assert {(p[0], p[1]): p[2] for p in parts if p[0] == "Routing"} == {
        ("Routing", "gpt-4.1-nano (simple)"): approx(route.parts["gpt-4.1-nano (simple)"]),
        ("Routing", "gpt-4.1 (complex)"): approx(route.parts["gpt-4.1 (complex)"]),
        ("Routing", "router"): approx(20 * 0.03),
    }
    # the Assumptions say which model each alternative used
    rows = [tuple(c.value for c in r) for r in rep.wb["Assumptions"].iter_rows()]
    header = next(r for r in rows if r[0] == "Provider" and r[1] == "Model")
    table = rows[rows.index(header) + 1 :]
    table = table[: next(k for k, r in enumerate(table) if not r[1])]  # up to the blank row
    used = {r[1]: r[header.index("Used as")] for r in table}
    assert used["gpt-4.1"] == "routing, prompt engineering"
    assert used["gpt-4.1-mini"] == "RAG" and used["gpt-4.1-nano"] == "routing"
    assert used["gpt-4o"] == "base" and used["gpt-4o-mini"] == "candidate"


def test_default_alternatives_are_on_the_base_and_candidate(tmp_path, prices):
    w = Workload(monthly_tokens="3M")
    rep, _res = _single(tmp_path, prices, base="gpt-4.1", candidate="gpt-4.1-nano", workload=w)
    _, rows = rep.section("Alternatives").table("Option")
    by = {r[0]: r for r in rows}
    assert by["Prompt engineering (stay on base)"][1] == "gpt-4.1"
    rag = by["RAG (retrieval-augmented generation)"]
    # 3,000 requests (one per 1,000 tokens) × $0.00001, 3M × $0.10/1M, 3M × $2 + 3K × 2K × $2
    assert rag[1:3] == ("gpt-4.1", approx(0.30 + 0.03 + 6.00 + 12.00))
    assert "(the article's low ends)" in rag[6] and "one request per 1K input tokens" in rag[6]
    assert by["Multi-model routing"][1:3] == (
        "gpt-4.1-nano + gpt-4.1",
        approx(3 * (0.7 * 0.1 + 0.3 * 2)),
    )


@pytest.mark.parametrize(
    ("priority", "monthly", "words", "price_set", "unverified"),
    # first-hand prices only: with every price weighed, Bedrock's Nova Micro is both the
    # cheapest and the lowest per token, so the two priorities would agree
    [("inference", "50M", "the lowest fine-tuned price per token", "default", False),
     # against the article's prices: in the December-2026 catalog the cheapest fine-tune
     # already has open weights, so the two priorities agree there
     ("self-hosting", "150M", "the cheapest fine-tuned route with open weights", "article", True)],
)  # fmt: skip
def test_priority_picks_the_candidate(tmp_path, priority, monthly, words, price_set, unverified):
    prices = ftcost.load_prices(price_set)
    plan, w = TrainingPlan("5M"), Workload(monthly_tokens=monthly)
    for blocked in (False, True):  # chosen by the decision, or for the figures when it stops
        rep, res = _single(
            tmp_path, prices, name=f"p{blocked}", base="gpt-4o", plan=plan, workload=w,
            priority=priority, needs_reasoning=blocked,
            include_unverified=unverified,  # open weights' are second-hand (Together, Fireworks)
        )  # fmt: skip
        r = engine.rank(plan, w, base="gpt-4o", prices=prices)
        pool = [x for x in r.rows if x.total_cost is not None and x.status != "deprecated"]
        if not unverified:
            pool = [x for x in pool if x.status != "unverified"]
        if priority == "inference":
            want = min(pool, key=lambda x: (x.ft_per_million, x.total_cost)).id
        else:
            want = next(x.id for x in pool if prices.get(x.id).open_weights)
        assert want != pool[0].id  # the cost priority would pick another
        sec = rep.section("Summary")
        v = sec.labelled()
        assert v["Fine-tuned candidate"] == want == res.candidate.id
        assert f"(picked by ftcost: {words}" in sec.detail("Fine-tuned candidate")
        why = [r[1] for r in sec.rows if isinstance(r[1], str) and r[1].startswith("• ")]
        if blocked:
            assert v["Recommendation"].startswith("Don't fine-tune: use ")
            assert (
                why[-1]
                == f"• the figures below are for {want}, {words} in the Ranking other than gpt-4o"
            )
        else:
            assert f"• {want} is the {priority} pick to fine-tune for this workload" in why


def test_a_priority_nothing_fits(tmp_path, prices):
    closed = ftcost.PriceSet(
        name="closed",
        models=tuple(dataclasses.replace(m, open_weights=False) for m in prices),
    )
    w = Workload(monthly_tokens="150M")
    # where the decision stops first, the figures fall back to the cheapest, and say so
    rep, res = _single(
        tmp_path, closed, base="gpt-4o", workload=w, priority="self-hosting", multi_task=True
    )
    why = [
        r[1] for r in rep.section("Summary").rows if isinstance(r[1], str) and r[1].startswith("• ")
    ]
    assert why[-1].startswith(
        "• no model in the price data fits priority 'self-hosting': the figures"
    )
    # the cheapest with first-hand prices (the scenario does not include unverified ones)
    ranked = engine.rank(TrainingPlan("5M"), w, base="gpt-4o", prices=closed)
    assert res.candidate.id == next(x.id for x in ranked.rows if x.status == "active")
    # where the decision needs it, the error names the field
    p = tmp_path / "s.toml"
    p.write_text(
        '[[scenario]]\nname = "x"\nbase = "gpt-4o"\ntraining_tokens = "5M"\n'
        'monthly_tokens = "150M"\npriority = "self-hosting"\n'
    )
    from ftcost.scenarios import ScenarioError, read_scenarios

    with pytest.raises(
        ScenarioError, match=rf"^{re.escape(str(p))}:6: scenario 'x': priority: no model"
    ):
        write_report(tmp_path / "no.xlsx", read_scenarios(p).scenarios, closed)
    assert not (tmp_path / "no.xlsx").exists()


def test_moved_thresholds(tmp_path, prices):
    w = Workload(monthly_tokens="50M")
    rep, _res = _single(
        tmp_path, prices, name="low", base="gpt-4o", candidate="gpt-4o-mini", workload=w,
        low_volume="60M",
    )  # fmt: skip
    sec = rep.section("Summary")
    assert sec.labelled()["Recommendation"] == "Stay with prompt engineering"
    assert "50M tokens/month is under 60M/month" in sec.labelled()["Why"]
    assert "high volume 100M, low volume 60M tokens a month" in sec.detail("Task")
    rep, _res = _single(
        tmp_path, prices, name="high", base="gpt-4o", candidate="gpt-4o-mini", workload=w,
        high_volume="50M",
    )  # fmt: skip
    v = rep.section("Summary").labelled()
    assert v["Recommendation"].startswith("Fine-tune gpt-4o-mini")
    assert "the ≥50M/month high-volume case" in v["Why"]
    kv = {r[0].value: r[1].value for r in rep.wb["Assumptions"].iter_rows(max_col=2)}
    assert "moves these thresholds" in kv["Decision"]
