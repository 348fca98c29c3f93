"""The report's charts: cumulative cost (Break-even), net saving by volume (Sensitivity), the
options' monthly cost (Alternatives). Each chart plots cells its sheet has just written."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..units import fmt_months
from .styles import BLUE, MONEY, MONEY0, RED, TOKENS_SHORT
from .words import sens_label
from .xlsx import Book, Sheet

CHART_LIMIT = 50  # scenarios that get charts: thousands of charts make a workbook slow to open

_PALETTE = (BLUE, RED, "70AD47", "ED7D31", "7030A0", "00B0F0", "FFC000", "7F7F7F")


def _title(book: Book, text: str, size: int = 1100):
    """A chart title in a modest size (openpyxl's default is large)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    cp = CharacterProperties(sz=size, b=True)
    para = Paragraph(
        pPr=ParagraphProperties(defRPr=cp), r=[RegularTextRun(rPr=cp, t=book.clean(text, 250))]
    )
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _line(ser, colour: str, dash: str | None = None, width: int = 28575) -> None:
    ser.marker.symbol = "none"
    ser.smooth = False
    ser.graphicalProperties.line.solidFill = colour
    ser.graphicalProperties.line.width = width  # EMU: 28575 = 2.25 pt
    if dash:
        ser.graphicalProperties.line.dashStyle = dash


def _axes(ch, x_title: str | None, y_title: str, y_format: str) -> None:
    from openpyxl.chart.axis import ChartLines

    ch.x_axis.title = x_title
    ch.y_axis.title = y_title
    ch.y_axis.number_format = y_format
    ch.y_axis.majorGridlines = ChartLines()
    ch.x_axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told otherwise
    ch.y_axis.delete = False
    if ch.legend is not None:
        ch.legend.position = "b"


def _scatter(book: Book, title: str):
    from openpyxl.chart import ScatterChart

    ch = ScatterChart()
    ch.scatterStyle = "lineMarker"  # required by the schema (issue 11); the series set the looks
    ch.title = _title(book, title)
    ch.style = 2
    ch.height, ch.width = 10, 18
    return ch


def cumulative_cost(
    sh: Sheet,
    anchor: str,
    *,
    base: str,
    candidate: str,
    first: int,
    last: int,
    months: int,
    breakeven: float | None,
    marker: int | None,
) -> None:
    """Cumulative cost of both routes: months in column A, base in B, fine-tuned in C (rows
    first..last); the break-even line from the two rows at ``marker`` when there is one."""
    from openpyxl.chart import Reference, Series

    ch = _scatter(sh.book, f"Cumulative cost: {base} vs fine-tuned {candidate}")
    xs = Reference(sh.ws, min_col=1, min_row=first, max_row=last)
    for col, name, colour in (
        (2, f"Base route ({base})", RED),
        (3, f"Fine-tuned {candidate}", BLUE),
    ):
        ser = Series(
            Reference(sh.ws, min_col=col, min_row=first, max_row=last),
            xs,
            title=sh.book.clean(name, 250),
        )
        _line(ser, colour)
        ch.series.append(ser)
    if marker:
        ser = Series(
            Reference(sh.ws, min_col=2, min_row=marker, max_row=marker + 1),
            Reference(sh.ws, min_col=1, min_row=marker, max_row=marker + 1),
            title=f"Break-even: {fmt_months(breakeven)}",
        )
        _line(ser, "404040", "dash", 19050)
        ch.series.append(ser)
    _axes(ch, "Month", "Cumulative cost (USD)", MONEY0)
    ch.x_axis.scaling.min = 0
    ch.x_axis.scaling.max = months
    ch.x_axis.majorUnit = max(1, math.ceil(months / 12))
    ch.x_axis.number_format = "0"
    sh.ws.add_chart(ch, anchor)


def net_saving_by_volume(
    sh: Sheet,
    anchor: str,
    *,
    months: int,
    column_name: str,
    columns: Sequence[float],
    volumes: Sequence[float],
    first: int,
    last: int,
) -> None:
    """Net saving by monthly volume: volumes in column A (rows first..last), one line per column
    value after it; a log volume axis when every volume is positive."""
    from openpyxl.chart import Reference, Series

    ch = _scatter(sh.book, f"Net saving over {months} months by monthly volume")
    xs = Reference(sh.ws, min_col=1, min_row=first, max_row=last)
    for j, v in enumerate(columns):
        ser = Series(
            Reference(sh.ws, min_col=2 + j, min_row=first, max_row=last),
            xs,
            title=sens_label(column_name, v),
        )
        _line(ser, _PALETTE[j % len(_PALETTE)])
        ch.series.append(ser)
    log = min(volumes) > 0 and len(volumes) > 1
    _axes(ch, "Monthly input tokens" + (" (log scale)" if log else ""), "Net saving (USD)", MONEY0)
    ch.x_axis.number_format = TOKENS_SHORT
    ch.x_axis.tickLblPos = "low"  # volume labels below the plot, not on the $0 line
    if log:
        ch.x_axis.scaling.logBase = 10
        ch.x_axis.scaling.min = volumes[0]
        ch.x_axis.scaling.max = volumes[-1]
    sh.ws.add_chart(ch, anchor)


def options_cost(sh: Sheet, anchor: str, *, first: int, last: int) -> None:
    """Monthly cost of each option: names in column A, monthly costs in C (rows first..last)."""
    from openpyxl.chart import BarChart, Reference

    ch = BarChart()
    ch.type = "bar"
    ch.style = 2
    ch.title = _title(sh.book, "Monthly cost of each option (USD)")
    ch.height, ch.width = 7, 16
    ch.add_data(Reference(sh.ws, min_col=3, min_row=first, max_row=last), titles_from_data=False)
    ch.set_categories(Reference(sh.ws, min_col=1, min_row=first, max_row=last))
    ch.series[0].graphicalProperties.solidFill = BLUE
    ch.series[0].graphicalProperties.line.solidFill = BLUE
    ch.legend = None
    _axes(ch, None, "USD a month", MONEY)
    ch.y_axis.scaling.min = 0
    ch.x_axis.scaling.orientation = "maxMin"  # first option on top, as in the table
    sh.ws.add_chart(ch, anchor)
