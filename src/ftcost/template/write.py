"""Building the template workbook and writing it: `build_workbook`, `template_bytes`,
`write_template`. The same prices give the same bytes."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from ..errors import InputError
from ..lifecycle import parse_as_of
from ..pricing import PriceSet, load_prices
from ..xlsxio import check_target, save_workbook, write_atomically
from .book import Book, fit_rows
from .layout import FIXED_TIME, SHEETS
from .sheets import (
    alternatives,
    breakeven,
    compare,
    conf,
    current,
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
    current,
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


def build_workbook(ps: PriceSet, *, as_of=None, namespace: str | None = None):
    """The template as an openpyxl Workbook (see `ftcost.template`).

    ``as_of``: the As of input's value (default: $FTCOST_AS_OF, else today);
    ``namespace``: the Functions tab's calls as ``NAMESPACE.FT_…`` (the xlwings Server route,
    e.g. "XLWINGS"); None: ``FT_…`` (the xlwings add-in)."""
    b = Book(ps, parse_as_of(as_of), _namespace(namespace))
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


def _namespace(namespace: str | None) -> str:
    """The prefix the Functions tab puts before FT_*: "" or "XLWINGS." (checked: one name)."""
    if namespace is None or not str(namespace).strip():
        return ""
    ns = str(namespace).strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,31}", ns):
        raise InputError(
            f"namespace: {namespace!r} is not a valid function namespace "
            "(letters, digits and _, starting with a letter; e.g. XLWINGS)"
        )
    return ns.upper() + "."


def write_template(
    path: str | os.PathLike,
    prices: PriceSet | str | os.PathLike | None = None,
    *,
    force=False,
    as_of=None,
    namespace: str | None = None,
) -> Path:
    """Write the template workbook to ``path`` (atomically); refuses to overwrite unless ``force``.
    ``as_of`` and ``namespace``: see `build_workbook`."""
    target = check_target(path, force)  # before the work: a refusal should come first
    data = template_bytes(prices, as_of=as_of, namespace=namespace)
    write_atomically(target, lambda tmp: Path(tmp).write_bytes(data), force)
    return target


def template_bytes(
    prices: PriceSet | str | os.PathLike | None = None, *, as_of=None, namespace: str | None = None
) -> bytes:
    """The template as .xlsx bytes: the same prices, as-of date and namespace give the same
    bytes."""
    buf = io.BytesIO()
    wb = build_workbook(load_prices(prices), as_of=as_of, namespace=namespace)
    save_workbook(wb, buf, FIXED_TIME)
    return buf.getvalue()
