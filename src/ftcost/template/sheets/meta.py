"""The hidden ftcost sheet: which template, which price data, which ids came from it."""

from __future__ import annotations

from ..book import Book
from ..layout import META, META_IDS_FIRST, meta_rows


def build(b: Book) -> None:
    """A hidden sheet saying which template this is and which models came from the price data."""
    ws = b.wb[META]
    for k, (key, value) in enumerate(meta_rows(b.ps), 1):
        ws.cell(row=k, column=1, value=key)
        b.value(ws.cell(row=k, column=2), value)  # the price set's name and version: data
    for k, m in enumerate(b.ps.models):
        b.value(ws.cell(row=META_IDS_FIRST + k, column=1), m.id)
    ws.sheet_state = "hidden"
