"""Writing XLSX files safely and fast: the plumbing under `ftcost report`.

- `Book` / `Sheet`: a sheet is written row by row. Its rows (and merged ranges) are rendered to
  sheet XML here, which is many times faster than openpyxl's per-cell serialiser; openpyxl
  writes the rest of the package around them (styles, column widths, frozen panes, conditional
  formats, links, charts, page setup). Styles are built once per workbook and shared.
- `Sheet.text` makes a string cell that can never become a formula: it is written as an inline
  string (openpyxl would turn any str starting with "=" into a formula), and text a spreadsheet
  would read as a formula ("=", "+", "-", "@", tab, CR...) also gets Excel's quote prefix, which
  keeps it text even when someone edits the cell. Numbers are written in their shortest exact
  form, so they read back as the same doubles.
- `save` finishes the sheets and writes the workbook through `ftcost.xlsxio` (the one writer of
  every ftcost workbook): fixed timestamps, so the same workbook gives the same bytes. The
  report's `write_results` puts it on disk with `xlsxio.write_atomically` (a temporary file
  beside the target, renamed; nothing of the user's replaced unless asked; no leftovers).

openpyxl internals: this is the ONLY module of the report that uses them, and pyproject.toml
pins the openpyxl versions it is tested against. Everything else in `ftcost.report` uses
openpyxl's public API (charts, conditional formats, worksheet properties). The internals:

- `WriteOnlyCell(<stand-in parent>)` and its `._style` (a StyleArray): how a style's fonts,
  fills, borders, alignment and number format are registered on the workbook once;
- `Workbook._cell_styles.add(style_array)`: the cell-format index (`s="…"`) rows refer to;
- `WriteOnlyWorksheet._hyperlinks` (links written with the sheet), `._get_writer()`,
  `._writer.out` (the temporary file openpyxl streams the sheet into), `._writer.close()` /
  `.cleanup()`: the sheet's frame is written by openpyxl, then our rows are spliced into its
  empty `<sheetData/>` (found by a regular expression) and `<mergeCells>` before the first
  element ECMA-376 orders after it;
- `openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE`: the characters XML cannot hold.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Book", "Cell", "Sheet", "Spec", "looks_like_formula", "save", "sheet_ref"]


class Spec(NamedTuple):
    """A cell style: font, fill, number format, alignment, bottom border."""

    bold: bool = False
    italic: bool = False
    size: float = 11
    color: str | None = None
    underline: bool = False
    fill: str | None = None
    fmt: str | None = None
    horizontal: str | None = None
    vertical: str = "top"
    wrap: bool = False
    border: str | None = None  # colour of a thin bottom border


FONT = "Calibri"
HIGHLIGHT = "FFF2CC"  # "+hl" variants: bold on cream

# Text a spreadsheet would take for a formula (or a DDE payload) if typed into a cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_MAX_CELL_TEXT = 32_767


def looks_like_formula(text: str) -> bool:
    """True if ``text`` would be read as a formula when typed into a spreadsheet."""
    return text.lstrip(" ").startswith(_FORMULA_START)


class Cell(NamedTuple):
    """A cell ready to be written: its XML type and text, its style id, an optional link."""

    kind: str  # "s": inline string, "n": number
    text: str  # escaped string or number literal
    style: int
    link: str | None = None
    display: str = ""


_XML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


# worksheet elements that come after <mergeCells> (ECMA-376 CT_Worksheet order)
_AFTER_MERGES = re.compile(
    r"<(?:phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins"
    r"|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors"
    r"|smartTags|drawing|legacyDrawing|picture|oleObjects|controls|webPublishItems|tableParts"
    r"|extLst)\b"
)
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


class Book:
    """A workbook being written: its sheets, their shared styles, text cleaning."""

    def __init__(self, specs: dict[str, Spec]) -> None:
        from types import SimpleNamespace

        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        self.wb = Workbook(write_only=True)
        self._cell = WriteOnlyCell
        self.illegal = ILLEGAL_CHARACTERS_RE
        self.specs = specs
        self.sheets: list[Sheet] = []
        self._owner = SimpleNamespace(parent=self.wb)  # styles register on the workbook
        self._arrays: dict[str, object] = {}
        self._ids: dict[tuple[str, bool], int] = {}

    def clean(self, text: str, limit: int = _MAX_CELL_TEXT) -> str:
        """``text`` without the characters XML cannot hold, cut to a cell's limit."""
        if text.isascii() and text.isprintable():  # the common case: nothing to replace
            return text[:limit]
        return _NOT_XML.sub("\ufffd", self.illegal.sub("\ufffd", text))[:limit]

    def style(self, name: str):
        """The style array of ``name`` ("money", or "money+hl" for the highlighted variant)."""
        hit = self._arrays.get(name)
        if hit is not None:
            return hit
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        base, _, variant = name.partition("+")
        s = self.specs[base]
        if variant == "hl":
            s = s._replace(bold=True, fill=s.fill or HIGHLIGHT)
        c = self._cell(self._owner)
        c.font = Font(
            name=FONT,
            size=s.size,
            bold=s.bold,
            italic=s.italic,
            color=s.color,
            underline="single" if s.underline else None,
        )
        if s.fill:
            c.fill = PatternFill("solid", fgColor=s.fill)
        if s.fmt:
            c.number_format = s.fmt
        c.alignment = Alignment(horizontal=s.horizontal, vertical=s.vertical, wrap_text=s.wrap)
        if s.border:
            c.border = Border(bottom=Side(style="thin", color=s.border))
        self._arrays[name] = c._style
        return c._style

    def style_id(self, name: str, quote: bool = False) -> int:
        """The workbook's cell-format index for style ``name`` (with Excel's quote prefix)."""
        key = (name, quote)
        hit = self._ids.get(key)
        if hit is None:
            sa = self.style(name)
            if quote:
                sa = type(sa)(sa)
                sa.quotePrefix = 1  # Excel keeps the text text even when the cell is edited
            hit = self._ids[key] = self.wb._cell_styles.add(sa)
        return hit

    def sheet(self, title: str, widths: Sequence[float]) -> Sheet:
        sh = Sheet(self, self.wb.create_sheet(title), widths)
        self.sheets.append(sh)
        return sh

    def discard(self) -> None:
        """Delete the temporary files of the rows and of openpyxl's sheet streams."""
        for sh in self.sheets:
            sh._rows.close()
            writer = getattr(sh.ws, "_writer", None)
            if writer is not None and os.path.exists(writer.out):
                with contextlib.suppress(Exception):
                    writer.close()
                with contextlib.suppress(Exception):
                    writer.cleanup()


class Sheet:
    """A worksheet written row by row (rows cannot be revisited); it knows its current row."""

    def __init__(self, book: Book, ws, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        self.book = book
        self.ws = ws
        self.title = ws.title
        self.widths = list(widths)
        self.row_no = 0
        self._letters = [get_column_letter(i) for i in range(1, 200)]
        # rows wait in an anonymous temporary file (gone when closed or at exit)
        self._rows = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self._merges: list[str] = []  # written with the rows (openpyxl's merges are O(n²))
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5

    # ------------------------------------------------------------------ cells
    def text(self, value: object, style: str = "text", link: str | None = None) -> Cell:
        """A string cell that can never become a formula (an inline string; quote prefix on
        text a spreadsheet would read as a formula)."""
        s = self.book.clean("" if value is None else str(value))
        sid = self.book.style_id(style, looks_like_formula(s))
        return Cell("s", s.translate(_XML_ESCAPE), sid, link, s[:255])

    def num(self, value: float | int | None, style: str = "text") -> Cell | None:
        """A number cell; None, NaN and infinities become an empty cell."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            value = float(value)  # numpy scalars
        if isinstance(value, float):
            if not math.isfinite(value):
                return None
            text = repr(value)  # the shortest text that reads back as the same double
        else:
            text = str(value)
        return Cell("n", text, self.book.style_id(style))

    def date(self, value: _dt.date, style: str = "date") -> Cell:
        return Cell("n", str((value - _EXCEL_EPOCH).days), self.book.style_id(style))

    # ------------------------------------------------------------------ rows
    def row(self, *cells, height: float | None = None) -> int:
        """Write a row of cells (plain str values go through `text`); returns its number."""
        from openpyxl.worksheet.hyperlink import Hyperlink

        self.row_no += 1
        r = self.row_no
        out = []
        for i, c in enumerate(cells):
            if c is None:
                continue
            if isinstance(c, str):
                c = self.text(c)
            elif not isinstance(c, Cell):
                c = self.num(c)
                if c is None:
                    continue
            ref = f"{self._letters[i]}{r}"
            if c.kind == "s":
                space = ' xml:space="preserve"' if c.text != c.text.strip() else ""
                if c.text:
                    out.append(
                        f'<c r="{ref}" s="{c.style}" t="inlineStr"><is><t{space}>{c.text}</t></is></c>'
                    )
                else:
                    out.append(f'<c r="{ref}" s="{c.style}"/>')
            else:
                out.append(f'<c r="{ref}" s="{c.style}"><v>{c.text}</v></c>')
            if c.link is not None:
                self.ws._hyperlinks.append(Hyperlink(ref=ref, location=c.link, display=c.display))
        if out or height is not None:
            ht = f' ht="{height:g}" customHeight="1"' if height is not None else ""
            self._rows.write(f'<row r="{r}"{ht}>{"".join(out)}</row>')
        return r

    def blank(self, n: int = 1) -> None:
        self.row_no += n

    def pad_to(self, row: int) -> None:
        """Skip to ``row`` (to keep the next section below a chart)."""
        self.row_no = max(self.row_no, row)

    def freeze(self, cell: str) -> None:
        """Freeze the panes above and left of ``cell``."""
        self.ws.freeze_panes = cell

    def merge(self, row: int, first: int, last: int) -> None:
        """Merge columns first..last of ``row`` (one row: merges here never overlap)."""
        if last > first:
            self._merges.append(f"{self._letters[first - 1]}{row}:{self._letters[last - 1]}{row}")

    def lines(self, text: str, first: int, last: int) -> int:
        """Lines ``text`` needs when wrapped across columns first..last (an estimate)."""
        chars = max(10.0, 1.15 * sum(self.widths[first - 1 : last]))
        return max(1, sum(math.ceil(max(1, len(p)) / chars) for p in text.split("\n")))

    def para(
        self,
        text: str,
        first: int = 1,
        last: int | None = None,
        style: str = "wrap",
        before: Sequence = (),
    ) -> int:
        """``text`` wrapped across columns first..last in one row, tall enough to show it.

        ``before`` are cells for the columns left of ``first`` (a label).
        """
        last = last or len(self.widths)
        n = self.lines(text, first, last)
        cells = list(before) + [None] * (first - 1 - len(before))
        r = self.row(*cells, self.text(text, style), height=15.0 * n + 3 if n > 1 else None)
        self.merge(r, first, last)
        return r

    def _finish(self) -> None:
        """Let openpyxl write the sheet around empty sheetData, then put the rows in."""
        links = list(self.ws._hyperlinks)
        self.ws._get_writer()  # writes the sheet's head; a new writer forgets the links
        self.ws._hyperlinks.extend(links)
        self.ws.close()
        out = self.ws._writer.out
        with open(out, encoding="utf-8") as f:
            frame = f.read()
        m = re.search(r"<sheetData\s*/>|<sheetData>\s*</sheetData>", frame)
        if m is None:  # pragma: no cover - openpyxl always writes the element
            raise AssertionError("openpyxl wrote a worksheet without sheetData")
        tail = frame[m.end() :]
        if self._merges:  # mergeCells goes after autoFilter, before everything else openpyxl writes
            cut = _AFTER_MERGES.search(tail)
            at = cut.start() if cut else len(tail) - len("</worksheet>")
            refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in self._merges)
            tail = (
                tail[:at]
                + f'<mergeCells count="{len(self._merges)}">{refs}</mergeCells>'
                + tail[at:]
            )
        self._rows.seek(0)
        with open(out, "w", encoding="utf-8", newline="") as f:
            f.write(frame[: m.start()] + "<sheetData>")
            shutil.copyfileobj(self._rows, f, 1 << 20)
            f.write("</sheetData>" + tail)
        self._rows.close()


def sheet_ref(sheet: str, row: int, col: str = "A") -> str:
    """An in-workbook hyperlink location: 'Sheet'!A12."""
    return "'" + sheet.replace("'", "''") + f"'!{col}{row}"


# ====================================================================== saving


def save(book: Book, path: str | os.PathLike, when: _dt.datetime, title: str = "") -> None:
    """Write ``book`` to ``path`` through `ftcost.xlsxio` (fixed document and zip times)."""
    from .. import __version__
    from ..xlsxio import private_tempdir, save_workbook

    # openpyxl spools each sheet through a temporary file: in a folder of this process's own,
    # which the next run removes if this one is killed
    with private_tempdir():
        for sh in book.sheets:
            sh._finish()
        props = book.wb.properties
        props.creator = f"ftcost {__version__}"
        props.lastModifiedBy = None
        props.title = book.clean(title, 255) or None
        save_workbook(book.wb, path, when)
