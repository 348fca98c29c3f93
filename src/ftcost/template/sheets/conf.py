"""The xlwings.conf sheet the xlwings add-in reads (only the Functions tab needs it)."""

from __future__ import annotations

from ..book import Book
from ..layout import CONF


def build(b: Book) -> None:
    ws = b.wb[CONF]
    # xlwings reads the block starting at A1 (key, value); the note sits apart from it.
    ws["A1"] = "UDF Modules"
    ws["B1"] = "ftcost.udfs"
    ws["D1"] = (
        "The xlwings add-in reads this sheet: it imports the FT_* functions from the Python "
        "module ftcost.udfs. Only the Functions tab needs it."
    )
    ws["D1"].font = b.font_note
    b.widths(ws, {"A": 16, "B": 16, "C": 3, "D": 100})
    ws.sheet_view.showGridLines = True
