"""Template → fill → report: a template filled in the way a user does (inputs typed, a price edited
in the Providers table), saved by a spreadsheet (LibreOffice recalculates it), then reported on
headlessly. The report must equal the template's own formula results — a second, independent
implementation of the cost model — and the engine on the same inputs and edited prices."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from _reportbook import Report
from _template_xlsx import name_cells, set_cells
from ftcost import engine
from ftcost.cli import main
from ftcost.model import TrainingPlan, Workload
from ftcost.pricing import PriceSet, load_prices
from ftcost.template import PROV, PROV_FIRST, provider_col, template_bytes

pytestmark = pytest.mark.slow

INPUTS = {
    "base_model": "gpt-4.1",
    "ft_model": "gpt-4.1-nano",
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
NEGOTIATED = 0.25  # gpt-4.1-nano fine-tuned input, edited in the Providers table (default $0.20)


@pytest.fixture(scope="module")
def filled(tmp_path_factory, soffice):
    d = tmp_path_factory.mktemp("tpl")
    data = template_bytes("default")
    where = name_cells(data)
    changes: dict[str, dict[str, object]] = {}
    for name, value in INPUTS.items():
        sheet, coord = where[name]
        changes.setdefault(sheet, {})[coord] = value
    row = PROV_FIRST + load_prices("default").ids.index("gpt-4.1-nano")
    changes.setdefault(PROV, {})[f"{provider_col('ft_input')}{row}"] = NEGOTIATED
    typed = d / "typed" / "my-case.xlsx"
    typed.parent.mkdir()
    typed.write_bytes(set_cells(data, changes))
    saved = soffice.recalc(typed, d / "saved")  # as a spreadsheet saves it, results computed
    return saved, where


@pytest.fixture(scope="module")
def report(filled, tmp_path_factory):
    saved, _ = filled
    out = tmp_path_factory.mktemp("tpl-report") / "my-case-report.xlsx"
    assert main(["report", str(saved), "-o", str(out), "-q"]) == 0
    return Report(out)


def _edited_prices() -> PriceSet:
    ps = load_prices("default")
    models = tuple(
        dataclasses.replace(m, ft_input=NEGOTIATED) if m.id == "gpt-4.1-nano" else m for m in ps
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
    assert v["Fine-tuned candidate"] == "gpt-4.1-nano"
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
    c = engine.compare("gpt-4.1", "gpt-4.1-nano", plan, w, ps)
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
    nano = next(r for r in rows if r[1] == "gpt-4.1-nano")
    assert nano[header.index("FT input $/1M")] == pytest.approx(NEGOTIATED)


def test_options_override_the_template(filled, tmp_path):
    saved, _ = filled
    out = tmp_path / "r.xlsx"
    assert main(["report", str(saved), "--months", "36", "-o", str(out), "-q"]) == 0
    v = Report(out).section("Summary").labelled()
    assert v["Horizon (months)"] == 36
    assert "Net saving over 36 months" in v


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
