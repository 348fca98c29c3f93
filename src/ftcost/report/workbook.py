"""The report workbook: its sheets in order, their shared heading, and writing the file."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__
from ..pricing import PriceSet, load_prices
from ..scenarios import Scenario
from ..xlsxio import check_target, write_atomically
from . import alternatives, assumptions, breakeven, overview, ranking, sensitivity, summary
from .charts import CHART_LIMIT
from .parts import ReportBook
from .results import Progress, ScenarioResult, compute_all
from .styles import NAVY, STYLES
from .xlsx import save

__all__ = ["OVERVIEW", "SHEETS", "write_report", "write_results"]

# The sheets, in the order of their tabs (the Scenarios sheet first when there are several).
_SHEETS = (summary, ranking, breakeven, sensitivity, alternatives, assumptions)
SHEETS = tuple(m.NAME for m in _SHEETS)
OVERVIEW = overview.NAME  # the first sheet when there is more than one scenario


def _build(
    results: Sequence[ScenarioResult],
    ps: PriceSet,
    *,
    title: str,
    source: str,
    progress: Progress | None,
) -> ReportBook:
    book = ReportBook(STYLES, ps)
    multi = len(results) > 1
    mods = ([overview] if multi else []) + list(_SHEETS)
    sheets = {m.NAME: book.sheet(m.NAME, m.WIDTHS) for m in mods}
    heading = title or "Is fine-tuning worth it?"
    days = sorted({res.as_of for res in results})
    as_of = days[0].isoformat() if len(days) == 1 else f"{days[0]} to {days[-1]} (per scenario)"
    sub = (
        f"As of {as_of} · ftcost {__version__} · prices: {ps.name} {ps.version} (checked up to "
        f"{ps.as_of.isoformat() if ps.as_of else '—'}) · USD · every number computed by "
        "ftcost's engine"
    )
    for m in mods:
        sh = sheets[m.NAME]
        sh.row(sh.text(m.TITLE or heading, "title"), height=26)
        sh.row(sh.text(sub, "subtitle"))
        sh.row()
        if multi and m is not overview:
            sh.freeze("A3")  # the title stays in view; sections scroll under it
        if m is assumptions:  # a wide reference table: printed at its natural size
            sh.ws.sheet_properties.pageSetUpPr.fitToPage = False
        elif not multi:
            sh.ws.page_setup.fitToHeight = 1  # one page each: the sheets print as pictures
    if multi:
        sheets[OVERVIEW].ws.sheet_properties.tabColor = NAVY
    if len(results) > CHART_LIMIT:
        for m in (breakeven, sensitivity, alternatives):
            sh = sheets[m.NAME]
            sh.row(
                sh.text(
                    f"Charts are drawn for the first {CHART_LIMIT} scenarios; the tables cover all "
                    f"{len(results)}.",
                    "note",
                )
            )
    # The Summary links to the other sections, so they are written first (each sheet streams
    # to its own file, so the order of writing does not change the order of the tabs).
    steps: list[tuple[str, Callable[[], None]]] = [
        (m.NAME, lambda m=m: m.write(sheets[m.NAME], results, multi))
        for m in (ranking, breakeven, sensitivity, alternatives)
    ]
    steps += [
        (assumptions.NAME, lambda: assumptions.write(sheets[assumptions.NAME], results, source)),
        (summary.NAME, lambda: summary.write(sheets[summary.NAME], results, multi)),
    ]
    if multi:
        steps.append((OVERVIEW, lambda: overview.write(sheets[OVERVIEW], results)))
    for k, (name, step) in enumerate(steps, 1):
        step()
        if progress:
            progress(f"wrote sheet {name}", k, len(steps))
    book.wb.active = 0
    return book


def write_results(
    path: str | os.PathLike,
    results: Sequence[ScenarioResult],
    prices: PriceSet | str | None = None,
    *,
    title: str = "",
    source: str = "",
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write computed ``results`` as a report workbook (see `write_report`)."""
    ps = load_prices(prices)
    target = check_target(path, force)
    book = _build(results, ps, title=title, source=source, progress=progress)
    # Fixed times (the price data's as-of date): the same inputs give the same bytes.
    when = _dt.datetime.combine(ps.as_of or _dt.date(2026, 1, 1), _dt.time())
    try:
        write_atomically(target, lambda tmp: save(book, tmp, when, title or "ftcost report"), force)
    finally:
        book.discard()
    return target


def write_report(
    path: str | os.PathLike,
    scenarios: Sequence[Scenario],
    prices: PriceSet | str | None = None,
    *,
    title: str = "",
    source: str = "",
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Compute ``scenarios`` with the engine and write the report to ``path`` (.xlsx).

    Refuses to overwrite an existing file unless ``force``; nothing is written when a scenario
    fails. ``source`` says on the Assumptions sheet where the inputs came from;
    ``progress(stage, done, total)`` is called as the work goes. Returns the path written.
    """
    check_target(path, force)  # before the work: a refusal should come first
    results = compute_all(scenarios, prices, progress)
    return write_results(
        path, results, prices, title=title, source=source, force=force, progress=progress
    )
