"""A filled template's As of date and Monthly spend reach the report: one reading of a workbook
whatever surface reads it (issues 10, 13, 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from _template_xlsx import name_cells, set_cells
from ftcost.errors import WorkbookError
from ftcost.jobs import make_report
from ftcost.template import read_filled_template, template_bytes


def _filled(tmp_path, **cells) -> object:
    blob = template_bytes(as_of="2025-06-01")
    where = name_cells(blob)
    changes: dict[str, dict] = {}
    for name, value in cells.items():
        sheet, coord = where[name]
        changes.setdefault(sheet, {})[coord] = value
    path = tmp_path / "filled.xlsx"
    path.write_bytes(set_cells(blob, changes) if changes else blob)
    return path


def test_the_as_of_cell_is_read(tmp_path):
    t = read_filled_template(_filled(tmp_path))
    assert t.as_of == dt.date(2025, 6, 1) and t.monthly_spend is None
    t = read_filled_template(_filled(tmp_path, as_of=dt.date(2026, 12, 1)))
    assert t.as_of == dt.date(2026, 12, 1)


def test_a_monthly_spend_instead_of_tokens(tmp_path):
    t = read_filled_template(_filled(tmp_path, monthly_tokens=None, monthly_spend=5000))
    assert t.monthly_spend == 5000 and t.workload.monthly_tokens is None


@pytest.mark.parametrize(
    "cells,message",
    [
        (dict(monthly_spend=5000), "give one of them, not both"),
        (dict(monthly_tokens=None, monthly_spend=0), "enter an amount > 0"),
        (dict(monthly_tokens=None, monthly_spend=-5), "enter a number ≥ 0"),
    ],
)
def test_spend_mistakes_name_the_cell(tmp_path, cells, message):
    with pytest.raises(WorkbookError, match=message) as e:
        read_filled_template(_filled(tmp_path, **cells))
    assert str(e.value).startswith("Break-even!B")


def test_the_report_of_a_filled_template_answers_on_its_as_of_date(tmp_path):
    """On 2026-12-01 the gpt-4o-mini fine-tune retires after 44 days; on 2025-06-01 it serves the
    whole year: the report follows the workbook's own date, not today's."""
    from _reportbook import Report

    for day, net in (("2025-06-01", 11.40), ("2026-12-01", 44 / 30.4375 * 2.2 - 15)):
        src = _filled(tmp_path, as_of=dt.date.fromisoformat(day))
        out = tmp_path / f"r-{day}.xlsx"
        make_report(out, src, force=True)
        v = Report(out).section("Summary").labelled()
        assert v["Net saving over 12 months"] == pytest.approx(net, rel=1e-9)
        assert str(v["As of"])[:10] == day


def test_the_report_of_a_filled_template_from_a_spend(tmp_path):
    """$5,000 a month on gpt-4o at $2.50 per 1M = 2,000M tokens a month."""
    from _reportbook import Report

    src = _filled(tmp_path, monthly_tokens=None, monthly_spend=5000)
    out = tmp_path / "r.xlsx"
    make_report(out, src, force=True)
    v = Report(out).section("Summary").labelled()
    tokens = [x for k, x in v.items() if "tokens" in k.lower() and isinstance(x, int | float)]
    assert 2e9 in tokens
