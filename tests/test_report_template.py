"""Template → fill → report: a template filled in the way a user does (inputs typed, a price edited
in the Providers table), saved by a spreadsheet (LibreOffice recalculates it), then reported on
headlessly. The report must equal the template's own formula results — a second, independent
implementation of the cost model — and the engine on the same inputs and edited prices."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest

from _reportbook import Report
from _template_xlsx import name_cells, set_cells
from ftcost import engine
from ftcost.cli import main
from ftcost.model import PLAN_FIELDS, WORKLOAD_FIELDS, TrainingPlan, Workload
from ftcost.pricing import PriceSet, load_prices
from ftcost.template import (
    ALT_INPUTS,
    CHOICES,
    DEC_INPUTS,
    PROV,
    PROV_FIRST,
    provider_col,
    read_filled_template,
    template_bytes,
)
from ftcost.units import fmt_money, fmt_tokens

pytestmark = pytest.mark.slow

# The template's formulas and the engine are compared on a day before any date in the catalog
# bites: on 2025-01-01 every model not deprecated can be fine-tuned and serves past the 24-month
# horizon (OpenAI's retire on 2027-01-14), so both weigh the same models with the same months.
# (gpt-4.1-nano, the candidate here before the December-2026 catalog, is deprecated: retired.)
AS_OF = "2025-01-01"
INPUTS = {
    "base_model": "gpt-4.1",
    "ft_model": "gpt-4.1-mini",
    "training_tokens": 20_000_000,
    "epochs": 3,
    "validation_tokens": 1_000_000,
    "monthly_tokens": 50_000_000,
    "output_ratio": 0.4,
    "prompt_overhead": 0.5,
    "fallback_share": 0.05,
    "months": 24,
    "retrain_every": 6,
}
NEGOTIATED = 0.85  # gpt-4.1-mini fine-tuned input, edited in the Providers table (default $0.80)


# The Decision and Alternatives tabs answered otherwise than the template's defaults, on top of
# INPUTS: a blocker with moved thresholds; the engine choosing by priority, twice.
CASES: dict[str, dict[str, object]] = {
    "reasoning": {
        "q_reasoning": "Yes",
        "high_volume": 40_000_000,
        "low_volume": 2_000_000,
        "cached_share": 0.3,
        "batch_share": 0.25,
        "pe_model": "gpt-4o-mini",
        "rag_model": "gpt-4.1-mini",
        "rag_requests": 25_000,
        "rag_context_tokens": 3_000,
        "rag_embedding_price": 0.13,
        "rag_search_price": 0.0002,
        "rag_corpus_tokens": 40_000_000,
        "route_cheap": "gpt-4.1-nano",
        "route_premium": "gpt-4o",
        "route_simple_share": 0.55,
        "route_router_price": 0.03,
    },
    "inference": {
        "candidate_choice": CHOICES[1],
        "priority": "inference",
        "output_ratio": 0,  # input only: azure-gpt-4o-mini's $0.15 in beats llama-3.1-8b's $0.18
        # 1B a month: enough for Azure's $1.70 an hour of hosting to pay back (at 50M it does not)
        "monthly_tokens": 1_000_000_000,
        "high_volume": 30_000_000,  # the high-volume case
        "low_volume": 5_000_000,
        "pe_model": "gpt-4.1",
        "rag_model": "gemini-1.5-pro",
        "rag_requests": 2_000_000,
        "rag_context_tokens": 500,
        "rag_embedding_price": 0.02,
        "rag_search_price": 0.00005,
        "rag_corpus_tokens": 0,
        "route_cheap": "llama-3.1-8b",
        "route_premium": "gpt-4.1",
        "route_simple_share": 0.8,
        "route_router_price": 0,
    },
    "self-hosting": {
        "candidate_choice": CHOICES[1],
        "priority": "self-hosting",
        "training_tokens": 1_000_000_000,  # training cost decides: gemini-1.5-pro is cheapest
        "low_volume": 60_000_000,  # 50M a month is now under it: prompt engineering
        "q_prompt_solves": "No",
        "rag_model": "mistral-large-3",
        "rag_requests": 400,
        "route_cheap": "gpt-4o-mini",
        "route_premium": "gpt-4.1-nano",
        "route_simple_share": 0.25,
        "route_router_price": 0.5,
    },
    # a question left blank is not a "Yes": the tab reads "narrow?" blank as No, so must the report
    "blank-narrow": {"q_narrow_task": None, "rag_search_price": 0.0001},
}


@pytest.fixture(scope="module")
def books(tmp_path_factory, soffice):
    """Every case typed into the template, recalculated by one LibreOffice run, and reported on.

    {case: (saved workbook, defined name → (sheet, coord), Report)}; "my-case" has INPUTS only.
    """
    d = tmp_path_factory.mktemp("tpl")
    data = template_bytes("default")
    where = name_cells(data)
    row = PROV_FIRST + load_prices("default").ids.index("gpt-4.1-mini")
    typed = []
    for case, extra in {"my-case": {}, **CASES}.items():
        changes: dict[str, dict[str, object]] = {}
        # the template's As of input, where it has one
        dated = {"as_of": dt.datetime.fromisoformat(AS_OF)} if "as_of" in where else {}
        for name, value in (INPUTS | dated | extra).items():
            sheet, coord = where[name]
            changes.setdefault(sheet, {})[coord] = value
        changes.setdefault(PROV, {})[f"{provider_col('ft_input')}{row}"] = NEGOTIATED
        path = d / "typed" / f"{case}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(set_cells(data, changes))
        typed.append(path)
    # as a spreadsheet saves them: results computed (one soffice start for all)
    saved = soffice.convert_many(typed, d / "saved")
    out = {}
    for path in saved:
        report = d / "reports" / f"{path.stem}-report.xlsx"
        report.parent.mkdir(exist_ok=True)
        assert main(["report", str(path), "--as-of", AS_OF, "-o", str(report), "-q"]) == 0
        out[path.stem] = (path, where, Report(report))
    return out


@pytest.fixture(scope="module")
def filled(books):
    saved, where, _ = books["my-case"]
    return saved, where


@pytest.fixture(scope="module")
def report(books):
    return books["my-case"][2]


def _edited_prices() -> PriceSet:
    ps = load_prices("default")
    models = tuple(
        dataclasses.replace(m, ft_input=NEGOTIATED) if m.id == "gpt-4.1-mini" else m for m in ps
    )
    return PriceSet(name="edited", models=models)


def test_report_equals_the_templates_own_formulas(filled, report):
    saved, where = filled
    wb = openpyxl.load_workbook(saved, data_only=True)

    def result(name):
        sheet, coord = where[name]
        return wb[sheet][coord].value

    v = report.section("Summary").labelled()
    assert v["Model used now (base)"] == "gpt-4.1"
    assert v["Fine-tuned candidate"] == "gpt-4.1-mini"
    pairs = {
        "Training cost": "training_cost",
        "Base route per 1M input tokens": "base_per_million",
        "Fine-tuned route per 1M input tokens": "ft_per_million",
        "Saving per 1M input tokens": "savings_per_million",
        "Monthly cost now (base route)": "monthly_base_cost",
        "Monthly cost fine-tuned": "monthly_ft_cost",
        "Monthly saving": "monthly_savings",
        "Annual saving (gross)": "annual_savings",
        "Break-even (months)": "breakeven_months",
        "Break-even (tokens)": "breakeven_tokens",
        "Net saving over 24 months": "net_savings",
        "Cost over 24 months, base route": "tco_base",
        "Cost over 24 months, fine-tuned": "tco_ft",
    }
    for label, name in pairs.items():
        assert v[label] == pytest.approx(result(name), rel=1e-9), (label, name)


def test_report_equals_the_engine_on_the_edited_prices(report):
    ps = _edited_prices()
    plan = TrainingPlan(
        **{k: INPUTS[k] for k in ("training_tokens", "epochs", "validation_tokens")}
    )
    w = Workload(
        **{
            k: INPUTS[k]
            for k in (
                "monthly_tokens",
                "output_ratio",
                "prompt_overhead",
                "fallback_share",
                "months",
                "retrain_every",
            )
        }
    )
    c = engine.compare("gpt-4.1", "gpt-4.1-mini", plan, w, ps, as_of=AS_OF)
    v = report.section("Summary").labelled()
    assert v["Training cost"] == pytest.approx(c.training_cost)
    assert v["Fine-tuned route per 1M input tokens"] == pytest.approx(c.ft_per_million)
    assert v["Net saving over 24 months"] == pytest.approx(c.net_savings)
    assert v["Retrain every (months)"] == 6
    _, rows = report.section("Break-even").table("Month")
    assert [r[2] for r in rows] == pytest.approx([ft for _, _, ft in engine.schedule(c)])
    # the edited price is the one reported, and the input named
    ws = report.wb["Assumptions"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    kv = {r[0]: r[1] for r in rows if r[0]}
    assert kv["Input"] == "my-case.xlsx"
    header = next(r for r in rows if r[0] == "Provider" and r[1] == "Model")
    mini = next(r for r in rows if r[1] == "gpt-4.1-mini")
    assert mini[header.index("FT input $/1M")] == pytest.approx(NEGOTIATED)


def test_options_override_the_template(filled, tmp_path):
    saved, _ = filled
    out = tmp_path / "r.xlsx"
    assert main(["report", str(saved), "--months", "36", "-o", str(out), "-q"]) == 0
    v = Report(out).section("Summary").labelled()
    assert v["Horizon (months)"] == 36
    assert "Net saving over 36 months" in v


def test_options_override_the_templates_answers(books, tmp_path):
    saved, _, _ = books["inference"]
    out = tmp_path / "r.xlsx"
    argv = ["--priority", "cost", "--request-tokens", "500", "--route-premium", "gpt-4o"]
    argv += ["--as-of", AS_OF]
    assert main(["report", str(saved), *argv, "-o", str(out), "-q"]) == 0
    rep = Report(out)
    s, ps = _answers("inference"), _edited_prices()
    plan, w = _plan_workload(s)
    r = engine.rank(plan, w, base="gpt-4.1", prices=ps, as_of=AS_OF)
    assert (
        rep.section("Summary").labelled()["Fine-tuned candidate"]
        == next(x.id for x in r.rows if x.total_cost is not None and x.status == "active")
        != "mistral-small-4"
    )
    _, rows = rep.section("Alternatives").table("Option")
    by = {row[0]: row for row in rows}
    rag = engine.rag_cost(
        s["rag_model"], w, requests=w.monthly_tokens / 500, context_tokens=s["rag_context_tokens"],
        embedding_per_million=s["rag_embedding_price"], search_per_query=s["rag_search_price"],
        prices=ps,
    )  # fmt: skip
    assert by["RAG (retrieval-augmented generation)"][2] == pytest.approx(rag.monthly_cost)
    assert "one request per 500 input tokens" in by["RAG (retrieval-augmented generation)"][6]
    assert by["Multi-model routing"][1] == "llama-3.1-8b + gpt-4o"


def test_template_mistakes_are_refused(filled, tmp_path, capsys):
    saved, _ = filled
    # --prices cannot replace a template's own prices
    assert main(["report", str(saved), "--prices", "article", "-o", str(tmp_path / "a.xlsx")]) == 1
    assert "carries its own prices" in capsys.readouterr().err
    # the report may not overwrite the template it reads, even with --force
    copy = tmp_path / "mine.xlsx"
    copy.write_bytes(saved.read_bytes())
    assert main(["report", str(copy), "-o", str(copy), "--force"]) == 1
    assert "is the input file" in capsys.readouterr().err
    assert copy.read_bytes() == saved.read_bytes()
    # a workbook that is not a template (a report, a blank workbook): one line, nothing written
    other = tmp_path / "report-as-input.xlsx"
    assert main(["report", "--example", "-o", str(other), "-q"]) == 0
    blank = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(blank)
    for foreign in (other, blank):
        out = tmp_path / "out.xlsx"
        assert main(["report", str(foreign), "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("ftcost: error: ") and err.count("\n") == 1, err
        assert not out.exists()


def test_a_bad_cell_is_named(filled, tmp_path, capsys):
    saved, where = filled
    sheet, coord = where["epochs"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(set_cells(saved.read_bytes(), {sheet: {coord: -2}}))
    assert main(["report", str(bad), "-o", str(tmp_path / "o.xlsx")]) == 1
    err = capsys.readouterr().err
    assert f"{sheet}!{coord}" in err and err.count("\n") == 1
    assert not (tmp_path / "o.xlsx").exists()


# ---------------------------------------------------------------- Decision and Alternatives tabs


def _answers(case: str) -> dict[str, object]:
    """Every input of a case: the template's defaults, INPUTS, then the case's own answers."""
    defaults = {i.name: i.default for i in (*ALT_INPUTS, *DEC_INPUTS)}
    return defaults | INPUTS | CASES.get(case, {})


def _plan_workload(s: dict) -> tuple[TrainingPlan, Workload]:
    plan = TrainingPlan(**{k: s[k] for k in PLAN_FIELDS if k in s})
    return plan, Workload(**{k: s[k] for k in WORKLOAD_FIELDS if k in s})


def _verdict(headline: str) -> str:
    for start, verdict in (
        ("Fine-tune", "fine-tune"),
        ("Stay with prompt engineering", "prompt engineering"),
        ("Don't fine-tune", "don't fine-tune"),
    ):
        if headline.startswith(start):
            return verdict
    raise AssertionError(f"a headline with no verdict: {headline!r}")


@pytest.mark.parametrize("case", ["my-case", *CASES])
def test_the_reports_decision_is_the_decision_tabs(books, case):
    saved, where, rep = books[case]
    wb = openpyxl.load_workbook(saved, data_only=True)

    def tab(name):
        sheet, coord = where[name]
        return wb[sheet][coord].value

    s, ps = _answers(case), _edited_prices()
    plan, w = _plan_workload(s)
    choose = s["candidate_choice"] == CHOICES[1]
    d = engine.decide(
        w.monthly_tokens,
        base=s["base_model"],
        candidate=None if choose else s["ft_model"],
        plan=plan,
        workload=w,
        narrow_task=s["q_narrow_task"] == "Yes",
        prompt_solves=s["q_prompt_solves"] == "Yes",
        changing_requirements=s["q_changing"] == "Yes",
        needs_reasoning=s["q_reasoning"] == "Yes",
        multi_task=s["q_multi_task"] == "Yes",
        priority=s["priority"],
        high_volume=s["high_volume"],
        low_volume=s["low_volume"],
        prices=ps,
        as_of=AS_OF,
        include_unverified=False,  # as the template's Decision: first-hand prices first
    )
    sec = rep.section("Summary")
    v = sec.labelled()
    # the verdict: the tab's (LibreOffice), the engine's and the report's are one
    assert tab("decision_verdict") == d.verdict == _verdict(v["Recommendation"])
    assert v["Recommendation"] == d.headline
    expected = {
        "my-case": "fine-tune",
        "reasoning": "don't fine-tune",
        "inference": "fine-tune",
        "self-hosting": "prompt engineering",
        "blank-narrow": "don't fine-tune",
    }
    assert d.verdict == expected[case]  # the cases test what they mean to
    why = [r[1][2:] for r in sec.rows if isinstance(r[1], str) and r[1].startswith("• ")]
    assert why[: len(d.reasons)] == list(d.reasons)
    # the candidate: the tab's where it names one, else the engine's pick by the tab's priority
    cand = v["Fine-tuned candidate"]
    if tab("decision_candidate"):
        assert cand == tab("decision_candidate") == d.candidate
    elif not choose:
        assert cand == s["ft_model"]
    else:
        pick = engine.decide(
            w.monthly_tokens, base=s["base_model"], plan=plan, workload=w,
            priority=s["priority"], low_volume=0, prices=ps, as_of=AS_OF,
        ).candidate  # fmt: skip
        assert cand == pick
    if choose:
        assert cand != s["ft_model"]
        assert "picked by ftcost" in sec.detail("Fine-tuned candidate")
        r = engine.rank(plan, w, base=s["base_model"], prices=ps, as_of=AS_OF)
        pool = [x for x in r.rows if x.total_cost is not None and x.status != "deprecated"]
        pool = [x for x in pool if x.id != s["base_model"]]
        # first-hand prices where the pool has any (the engine's and the template's rule)
        pool = [x for x in pool if x.status != "unverified"] or pool
        if s["priority"] == "inference":  # the lowest fine-tuned price per token
            assert ps.get(cand).id == min(pool, key=lambda x: x.ft_per_million).id
        if s["priority"] == "self-hosting":  # the cheapest with open weights
            assert cand == next(x.id for x in pool if ps.get(x.id).open_weights)
        if s["priority"] == "inference":  # not what the cost priority would pick: it told
            assert cand != pool[0].id
        # (self-hosting: in the December-2026 catalog the cheapest fine-tune has open weights
        # anyway; test_report.py checks the priority on the article's prices, where it does not)
    if case == "reasoning":
        assert any("needs reasoning" in x for x in why)
        assert "high volume 40M, low volume 2M" in sec.detail("Task")
    if case == "inference":
        assert any("the ≥30M/month high-volume case" in x for x in why)
        assert f"{cand} is the inference pick to fine-tune for this workload" in why
    if case == "self-hosting":
        assert any("is under 60M/month" in x for x in why)
        assert why[-1].startswith(f"the figures below are for {cand}, the cheapest fine-tuned")


ALT_PARTS = {
    "Prompt engineering": {"task tokens": "pe_task", "extra prompt tokens": "pe_extra"},
    "RAG": {
        "embedding": "rag_embedding",
        "vector search": "rag_search",
        "generation": "rag_generation",
        "retrieved context": "rag_context",
    },
}


@pytest.mark.parametrize("case", ["my-case", *CASES])
def test_the_reports_alternatives_are_the_alternatives_tabs(books, case):
    saved, where, rep = books[case]
    wb = openpyxl.load_workbook(saved, data_only=True)

    def tab(name):
        sheet, coord = where[name]
        return wb[sheet][coord].value

    s, ps = _answers(case), _edited_prices()
    _, w = _plan_workload(s)
    pe = engine.prompt_engineering_cost(s["pe_model"], w, ps)
    rag = engine.rag_cost(
        s["rag_model"], w, requests=s["rag_requests"], context_tokens=s["rag_context_tokens"],
        embedding_per_million=s["rag_embedding_price"], search_per_query=s["rag_search_price"],
        corpus_tokens=s["rag_corpus_tokens"], prices=ps,
    )  # fmt: skip
    route = engine.routing_cost(
        s["route_cheap"], s["route_premium"], w, simple_share=s["route_simple_share"],
        router_per_million=s["route_router_price"], prices=ps,
    )  # fmt: skip
    sec = rep.section("Alternatives")
    _, rows = sec.table("Option")
    by = {r[0].split(" (")[0]: r for r in rows}
    checked = 0
    for label, models, alt, names in (
        ("Prompt engineering", s["pe_model"], pe, ("pe_monthly", "pe_per_million")),
        ("RAG", s["rag_model"], rag, ("rag_monthly", "rag_per_million")),
        (
            "Multi-model routing",
            f"{s['route_cheap']} + {s['route_premium']}",
            route,
            ("route_monthly", "route_per_million"),
        ),
    ):
        row = by[label]
        assert row[1] == models
        for got, name, want in zip(
            row[2:4], names, (alt.monthly_cost, alt.per_million), strict=True
        ):
            assert got == pytest.approx(tab(name), rel=1e-9), (case, name)
            assert got == pytest.approx(want, rel=1e-9), (case, name)
            checked += 1
    _, parts = sec.table("Cost components")
    got = {(p[0], p[1]): p[2] for p in parts}
    names = ALT_PARTS | {
        "Routing": {
            f"{s['route_cheap']} (simple)": "route_cheap_cost",
            f"{s['route_premium']} (complex)": "route_premium_cost",
            "router": "route_router_cost",
        }
    }
    for (option, part), value in got.items():
        name = names[option][part]
        alt = {"Prompt engineering": pe, "RAG": rag, "Routing": route}[option]
        assert value == pytest.approx(tab(name), rel=1e-9, abs=1e-12), (case, name)
        assert value == pytest.approx(alt.parts[part], rel=1e-9, abs=1e-12), (case, name)
        checked += 1
    assert checked == 6 + 9
    if case != "my-case":  # the answers were not the defaults: the figures moved
        mine = books["my-case"][2].section("Alternatives").table("Option")[1]
        assert [r[2] for r in rows[1:]] != pytest.approx([r[2] for r in mine[1:]])
    # the report says what it costed
    how = {r[0].split(" (")[0]: r[6] for r in rows}
    assert fmt_tokens(s["rag_requests"]) + " requests a month" in how["RAG"]  # the tab's
    assert f"search {fmt_money(s['rag_search_price'])} per query" in how["RAG"]
    if s["route_router_price"]:
        assert (
            f"router {fmt_money(s['route_router_price'])} per 1M tokens"
            in how["Multi-model routing"]
        )


def test_a_bad_answer_on_the_decision_tab_is_named(filled, tmp_path, capsys):
    saved, where = filled
    for name, value, words in (
        ("q_reasoning", "Perhaps", "pick 'Yes' or 'No'"),
        ("priority", "speed", "pick 'cost', 'inference' or 'self-hosting'"),
        ("rag_requests", -5, "≥ 0"),
        ("route_premium", "gpt-4.2", "'gpt-4.2' is not in the Providers table"),
    ):
        sheet, coord = where[name]
        bad = tmp_path / f"bad-{name}.xlsx"
        bad.write_bytes(set_cells(saved.read_bytes(), {sheet: {coord: value}}))
        out = tmp_path / "o.xlsx"
        assert main(["report", str(bad), "-o", str(out)]) == 1
        err = capsys.readouterr().err
        # the cell, then the template's own words for it
        assert err.startswith(f"ftcost: error: {sheet}!{coord}") and words in err, err
        assert err.count("\n") == 1 and not out.exists()


def test_a_users_current_model_as_the_base_reports_and_grades(tmp_path):
    """A base model the user added below the Current models table: the report reads it as a
    base-only model (listed with the base-only models, never ranked), and grades the workbook
    with `ftcost.grade` over the workbook's own current models — the cheapest switch is
    another of the table's rows."""
    import ftcost
    from ftcost.template.layout import CUR, CUR_FIRST

    blob = template_bytes(as_of="2026-12-01")
    names = name_cells(blob)
    wb = openpyxl.load_workbook(io.BytesIO(blob))
    r = next(r for r in range(CUR_FIRST, CUR_FIRST + 100) if wb[CUR][f"A{r}"].value is None)
    cells = {CUR: {f"A{r}": "our-llm", f"B{r}": "Us", f"C{r}": 4.0, f"E{r}": 12.0}}
    for k, v in {"base_model": "our-llm", "monthly_tokens": 5e7, "output_ratio": 0.5}.items():
        sheet, coord = names[k]
        cells.setdefault(sheet, {})[coord] = v
    src = tmp_path / "ours.xlsx"
    src.write_bytes(set_cells(blob, cells))
    out = tmp_path / "report.xlsx"
    assert main(["report", str(src), "-o", str(out)]) == 0
    t = read_filled_template(src)
    a = t.alternatives
    g = ftcost.grade(
        "our-llm", t.plan, t.workload, t.prices, as_of=t.as_of,
        routing={"cheap": a.route_cheap, "simple_share": a.route_simple_share,
                 "router_per_million": a.route_router_price},
    )  # fmt: skip
    rep = Report(out)
    v = rep.section("Summary").labelled()
    # $4 + 0.5 x $12 = $10 per 1M today; llama-3.1-8b-instant $0.05 + 0.5 x $0.08 = $0.09
    assert v["Grade of the current setup"] == g.letter == "F"
    assert g.best_option == "switch to llama-3.1-8b-instant"
    assert g.current_monthly == pytest.approx(5e7 * 10 / 1e6, rel=1e-12)
    _, ranked = rep.section("Ranking").table("Rank")
    assert ranked and "our-llm" not in [row[1] for row in ranked]  # never a candidate
    text = str([c.value for row in rep.wb["Assumptions"].iter_rows() for c in row])
    assert "Base models with base prices only" in text and "our-llm" in text
