"""The hidden ftcost sheet: which template, which price data, which ids came from it."""

from __future__ import annotations

import datetime as _dt

from ..book import Book
from ..layout import CURRENT_FIELDS, META, META_CUR_COL, META_IDS_FIRST, meta_rows


def build(b: Book) -> None:
    """A hidden sheet saying which template this is and which models came from the price data."""
    ws = b.wb[META]
    for k, (key, value) in enumerate(meta_rows(b.ps), 1):
        ws.cell(row=k, column=1, value=key)
        b.value(ws.cell(row=k, column=2), value)  # the price set's name and version: data
    for k, m in enumerate(b.ps.models):
        b.value(ws.cell(row=META_IDS_FIRST + k, column=1), m.id)
    # the Current models rows as made: which ids `ftcost update-prices` may refresh, and the
    # values they had (a cell that differs is the user's edit, kept)
    for k, row in enumerate(b.current):
        for j, f in enumerate(CURRENT_FIELDS):
            v = row[f]
            if isinstance(v, _dt.date):
                v = v.isoformat()
            if v is not None:
                b.value(ws.cell(row=META_IDS_FIRST + k, column=META_CUR_COL + j), v)
    ws.sheet_state = "hidden"
