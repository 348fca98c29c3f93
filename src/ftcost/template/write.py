"""Building the template workbook and writing it: `build_workbook`, `template_bytes`,
`write_template`. The same prices give the same bytes."""

from __future__ import annotations

import io
import os
from pathlib import Path

from ..pricing import PriceSet, load_prices
from ..xlsxio import check_target, save_workbook, write_atomically
from .book import Book, fit_rows
from .layout import FIXED_TIME, SHEETS
from .sheets import (
    alternatives,
    breakeven,
    compare,
    conf,
    decision,
    functions,
    meta,
    providers,
    start,
    training,
)

__all__ = ["build_workbook", "template_bytes", "write_template"]

# In the order they are built: Start last, it links to results defined on the other tabs.
_BUILDERS = (
    providers,
    breakeven,
    training,
    compare,
    alternatives,
    decision,
    functions,
    conf,
    meta,
    start,
)


def build_workbook(ps: PriceSet):
    """The template as an openpyxl Workbook (see `ftcost.template`)."""
    b = Book(ps)
    for title in SHEETS:
        b.sheet(title)
    for sheet in _BUILDERS:
        sheet.build(b)
    b.check_formulas()
    for ws in b.wb.worksheets:
        fit_rows(ws)
    wb = b.wb
    wb.active = 0
    props = wb.properties
    props.creator = "ftcost"
    props.lastModifiedBy = "ftcost"
    props.title = "ftcost: is fine-tuning worth it?"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    wb.calculation.fullCalcOnLoad = True
    return wb


def write_template(
    path: str | os.PathLike, prices: PriceSet | str | os.PathLike | None = None, *, force=False
) -> Path:
    """Write the template workbook to ``path`` (atomically); refuses to overwrite unless ``force``."""
    target = check_target(path, force)  # before the work: a refusal should come first
    data = template_bytes(prices)
    write_atomically(target, lambda tmp: Path(tmp).write_bytes(data), force)
    return target


def template_bytes(prices: PriceSet | str | os.PathLike | None = None) -> bytes:
    """The template as .xlsx bytes: the same prices give the same bytes."""
    buf = io.BytesIO()
    save_workbook(build_workbook(load_prices(prices)), buf, FIXED_TIME)
    return buf.getvalue()
