"""One question, one answer on every surface: the CLI, the FT_* functions, the template
recalculated by LibreOffice and the report agree on the lifecycle cases of issue 10.

A: 2026-12-01 — OpenAI takes fine-tuning jobs for gpt-4o-mini until 2027-01-06 and the model
   retires on 2027-01-14, 44 days later: at 100M tokens a month the fine-tune saves
   $2.50 − $0.30 = $2.20 per 1M for 44/30.4375 months, after a $15 training:
   net = 44/30.4375 × 100 × 2.20 − 15 = $303.03 over a 12-month horizon (by hand).
B: 2027-01-10 — training closed (after 2027-01-06), the model still serving: no job can start,
   so there is no break-even and no net saving to show, on every surface.

And a base model from the Current models table (issue 13: any current model as the base),
priced by genai-prices on the template's date, at a monthly spend: its base route per 1M, the
volume that spend buys, the monthly cost, and the grade (letter and best option) agree across
the template, `ftcost grade`, FT_GRADE, `ftcost.grade` and the report made from the workbook.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import ftcost
from _template_xlsx import CellError, name_cells, read_cells, set_cells
from ftcost.cli import main
from ftcost.functions import FT_BREAKEVEN_MONTHS, FT_GRADE, FT_SAVINGS
from ftcost.jobs import make_report
from ftcost.template import template_bytes

pytestmark = pytest.mark.slow

A = ("2026-12-01", 44 / 30.4375 * 100 * 2.20 - 15)
B = "2027-01-10"
ARGS = ["--base", "gpt-4o", "--candidate", "gpt-4o-mini", "--training-tokens", "5M",
        "--monthly-tokens", "100M"]  # fmt: skip


def _cli(capsys, day):
    assert main(["breakeven", *ARGS, "--as-of", day, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _report(tmp_path, day):
    from _reportbook import Report

    out = tmp_path / f"report-{day}.xlsx"
    make_report(
        out,
        overrides={
            "base": "gpt-4o",
            "candidate": "gpt-4o-mini",
            "training_tokens": "5M",
            "monthly_tokens": "100M",
            "as_of": day,
        },
        force=True,
    )
    return Report(out).section("Summary").labelled()


@pytest.fixture(scope="module")
def template(soffice, tmp_path_factory):
    """The template typed with both cases and recalculated by LibreOffice: {day: {name: value}}."""
    tmp = tmp_path_factory.mktemp("agreement")
    blob = template_bytes()
    where = name_cells(blob)
    out = {}
    for day in (A[0], B):
        inputs = {
            "base_model": "gpt-4o",
            "ft_model": "gpt-4o-mini",
            "training_tokens": 5e6,
            "monthly_tokens": 1e8,
            "months": 12,
            "as_of": dt.date.fromisoformat(day),
        }
        changes: dict[str, dict] = {}
        for name, value in inputs.items():
            sheet, coord = where[name]
            changes.setdefault(sheet, {})[coord] = value
        src = tmp / f"t-{day}.xlsx"
        src.write_bytes(set_cells(blob, changes))
        done = soffice.recalc(src, tmp / f"out-{day}")
        cells = read_cells(done)
        out[day] = {n: cells[s].get(c) for n, (s, c) in where.items() if s in cells}
    return out


def test_retirement_cuts_the_horizon_everywhere(capsys, tmp_path, template):
    day, net = A
    c = _cli(capsys, day)
    assert c["trainable"] is True and c["breakeven_before_retirement"] is True
    assert c["effective_months"] == pytest.approx(44 / 30.4375, rel=1e-12)
    assert c["net_savings"] == pytest.approx(net, rel=1e-9)
    assert FT_SAVINGS("gpt-4o", "gpt-4o-mini", "100M", 12, "5M", as_of=day) == pytest.approx(
        net, rel=1e-9
    )
    assert template[day]["net_savings"] == pytest.approx(net, rel=1e-9)
    r = _report(tmp_path, day)
    assert r["Net saving over 12 months"] == pytest.approx(net, rel=1e-9)


def test_training_closed_everywhere(capsys, tmp_path, template):
    c = _cli(capsys, B)
    assert c["trainable"] is False
    assert c["breakeven_months"] is None and c["net_savings"] is None
    assert "2027-01-06" in c["reason"]
    for answer in (
        FT_SAVINGS("gpt-4o", "gpt-4o-mini", "100M", 12, "5M", as_of=B),
        FT_BREAKEVEN_MONTHS("gpt-4o", "gpt-4o-mini", "5M", "100M", as_of=B),
    ):
        assert not isinstance(answer, int | float), answer  # no figure passed off as an answer
    t = template[B]
    assert not isinstance(t["net_savings"], float) or isinstance(t["net_savings"], CellError)
    assert not isinstance(t["breakeven_months"], float)
    r = _report(tmp_path, B)
    assert not isinstance(r["Net saving over 12 months"], int | float)


# base models from the Current models table: (base, monthly spend, workload fields)
CURRENT = {
    "sonnet": ("claude-sonnet-4-5", 20_000.0, {"output_ratio": 0.5}),
    "gpt-5.4": ("gpt-5.4", 5_000.0, {"output_ratio": 0.25, "cached_share": 0.3}),
}
DAY = "2026-12-01"


@pytest.fixture(scope="module")
def current(soffice, tmp_path_factory):
    """The template typed with each Current-models base, recalculated by LibreOffice:
    {case: ({name: value}, the typed workbook)}."""
    tmp = tmp_path_factory.mktemp("agreement-current")
    blob = template_bytes(as_of=DAY)
    where = name_cells(blob)
    out = {}
    for label, (base, spend, fields) in CURRENT.items():
        inputs = {"base_model": base, "ft_model": "gpt-4o-mini", "training_tokens": 5e6,
                  "monthly_tokens": None, "monthly_spend": spend, "months": 12,
                  "as_of": dt.date.fromisoformat(DAY), **fields}  # fmt: skip
        changes: dict[str, dict] = {}
        for name, value in inputs.items():
            sheet, coord = where[name]
            changes.setdefault(sheet, {})[coord] = value
        src = tmp / f"t-{label}.xlsx"
        src.write_bytes(set_cells(blob, changes))
        cells = read_cells(soffice.recalc(src, tmp / f"out-{label}"))
        out[label] = ({n: cells[s].get(c) for n, (s, c) in where.items() if s in cells}, src)
    return out


@pytest.mark.parametrize("label", sorted(CURRENT))
def test_a_current_model_as_the_base_everywhere(capsys, tmp_path, current, label):
    from _reportbook import Report

    base, spend, fields = CURRENT[label]
    t, src = current[label]
    assert t["input_check"] == "OK"
    # the volume the spend buys, at the base route's price per 1M (genai-prices' prices)
    sv = ftcost.spend.tokens_from_spend(spend, base, as_of=dt.date.fromisoformat(DAY), **fields)
    assert t["x_base_pm"] == pytest.approx(sv.per_million, rel=1e-12)
    assert t["base_per_million"] == pytest.approx(sv.per_million, rel=1e-12)
    assert t["x_tokens"] == pytest.approx(sv.monthly_tokens, rel=1e-12)
    assert t["monthly_base_cost"] == pytest.approx(spend, rel=1e-12)
    # the grade: the same function everywhere
    g = ftcost.grade(base, "5M", monthly_spend=spend, months=12, as_of=DAY,
                     routing={"cheap": "gpt-4o-mini", "simple_share": 0.7}, **fields)  # fmt: skip
    assert (t["grade"], t["grade_option"]) == (g.letter, g.best_option)
    assert t["grade_share"] == pytest.approx(g.savings_share, rel=1e-9)
    assert t["grade_best"] == pytest.approx(g.best_monthly, rel=1e-9)
    assert g.best_kind == "switch" and t["grade_switch"].startswith(g.best + " ($")
    args = ["grade", "--model", base, "--monthly-spend", str(spend), "--as-of", DAY,
            "--route-to", "gpt-4o-mini", "--json"]  # fmt: skip
    args += [x for k, v in fields.items() for x in (f"--{k.replace('_', '-')}", str(v))]
    assert main(args) == 0
    cli = json.loads(capsys.readouterr().out)
    assert (cli["grade"], cli["best_option"]) == (g.letter, g.best_option)
    assert cli["monthly_cost"] == pytest.approx(spend, rel=1e-12)
    if set(fields) <= {"output_ratio"}:  # what FT_GRADE takes
        ratio = fields.get("output_ratio", 0)
        assert FT_GRADE(base, None, "5M", 12, ratio, monthly_spend=spend, as_of=DAY) == g.letter
    # the report made from the filled workbook grades it as the workbook does
    out = tmp_path / "report.xlsx"
    make_report(out, src, force=True)
    r = Report(out).section("Summary").labelled()
    assert r["Grade of the current setup"] == t["grade"]
