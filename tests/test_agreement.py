"""One question, one answer on every surface: the CLI, the FT_* functions, the template
recalculated by LibreOffice and the report agree on the lifecycle cases of issue 10.

A: 2026-12-01 — OpenAI takes fine-tuning jobs for gpt-4o-mini until 2027-01-06 and the model
   retires on 2027-01-14, 44 days later: at 100M tokens a month the fine-tune saves
   $2.50 − $0.30 = $2.20 per 1M for 44/30.4375 months, after a $15 training:
   net = 44/30.4375 × 100 × 2.20 − 15 = $303.03 over a 12-month horizon (by hand).
B: 2027-01-10 — training closed (after 2027-01-06), the model still serving: no job can start,
   so there is no break-even and no net saving to show, on every surface.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from _template_xlsx import CellError, name_cells, read_cells, set_cells
from ftcost.cli import main
from ftcost.functions import FT_BREAKEVEN_MONTHS, FT_SAVINGS
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
