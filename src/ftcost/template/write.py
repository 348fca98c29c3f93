"""Building the template workbook and writing it: `build_workbook`, `template_bytes`,
`write_template`. The same prices give the same bytes."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from ..errors import FtCostError, InputError
from ..pricing import PriceSet, load_prices
from .book import Book, fit_rows
from .layout import FIXED_TIME, SHEETS, ZIP_TIME
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
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"output: the template is an .xlsx workbook, got {str(out)!r}")
    if out.exists() and not force:
        raise FtCostError(f"{out} already exists: use --force to overwrite it")
    if out.parent and not out.parent.exists():
        raise InputError(f"output: folder {str(out.parent)!r} does not exist")
    data = template_bytes(prices)
    fd, tmp = tempfile.mkstemp(prefix=".ftcost-", suffix=".xlsx", dir=out.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def template_bytes(prices: PriceSet | str | os.PathLike | None = None) -> bytes:
    """The template as .xlsx bytes: the same prices give the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    wb = build_workbook(load_prices(prices))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Fixed entry times and the fixed modified time openpyxl overwrites on save."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()
