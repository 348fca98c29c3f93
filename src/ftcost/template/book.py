"""The builder every sheet writes through: styles, input and result cells, defined names, data
validation, and `Book.formula`, the one way a formula gets into the workbook.

The one module of the template that uses openpyxl's private attributes: ``Worksheet._cells``
(`Book.check_formulas` walks the cells written, where iterating the grid would add empty ones)
and ``Workbook._fonts`` / ``._named_styles`` (the default font; openpyxl has no setter).
"""

from __future__ import annotations

import datetime as _dt

from ..engine import PRIORITIES
from ..errors import FtCostError
from ..pricing import PriceSet
from .formulas import abs_ref, lit, num_msg, q
from .layout import CHOICES, Input

__all__ = ["FONT", "Book", "fit_rows"]

# One font for every cell: Excel has Arial everywhere, and LibreOffice maps it to Liberation Sans,
# which has the same widths, so columns and wrapped rows look alike in both.
FONT = "Arial"


class Book:
    """The workbook under construction: its styles, defined names and formulas."""

    def __init__(self, ps: PriceSet, as_of: _dt.date, namespace: str = ""):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ps = ps
        self.as_of = as_of  # the As of input's value as made
        self.namespace = namespace  # prefix of the Functions tab's calls ("XLWINGS." or "")
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.names: dict[str, str] = {}
        self.current: list[dict] = []  # the Current models rows as made (field → value)
        # (sheet, coord) → formula text: every formula the template means to write
        self.formulas: dict[tuple[str, str], str] = {}
        thin = Side(style="thin", color="A6A6A6")
        self._default_font()
        self.font_title = Font(FONT, bold=True, size=14, color="1F3864")
        self.font_h = Font(FONT, bold=True, size=11, color="1F3864")
        self.font_bold = Font(FONT, bold=True, size=11)
        self.font_input = Font(FONT, size=11, color="0000FF")
        self.font_note = Font(FONT, italic=True, size=9, color="595959")
        self.font_help = Font(FONT, italic=True, size=8, color="595959")
        self.font_work = Font(FONT, size=9, color="808080")
        self.font_header = Font(FONT, bold=True, size=11, color="FFFFFF")
        self.fill_input = PatternFill("solid", fgColor="FFF2CC")
        self.fill_header = PatternFill("solid", fgColor="1F3864")
        self.fill_result = PatternFill("solid", fgColor="E2EFDA")
        self.fill_section = PatternFill("solid", fgColor="D9E1F2")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.right = Alignment(horizontal="right")
        self.top = Alignment(vertical="top")

    def _default_font(self) -> None:
        """Every cell without a font of its own, and the Normal style, in `FONT` (not the
        theme's Calibri, which LibreOffice replaces by a font of other widths)."""
        from openpyxl.styles import Font
        from openpyxl.utils.indexed_list import IndexedList

        base = Font(FONT, size=11, family=2)
        self.wb._fonts = IndexedList([base])
        self.wb._named_styles["Normal"].font = base

    def sheet(self, title: str):
        ws = self.wb.create_sheet(title)
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.oddFooter.center.text = "&A — page &P of &N"
        return ws

    def formula(self, cell, text: str):
        """Write the formula ``text`` (starting with "=") into ``cell``: the one way formulas are
        written, so `check_formulas` can tell them from text that only looks like one."""
        if not text.startswith("="):  # pragma: no cover - programming error
            raise ValueError(f"not a formula: {text!r}")
        cell.value = text
        self.formulas[(cell.parent.title, cell.coordinate)] = text
        return cell

    @staticmethod
    def value(cell, value):
        """Write ``value`` as itself: text from data ("=1+1", "#N/A") stays text, never a formula
        or an error value, and shows exactly as typed (no apostrophe added)."""
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        return cell

    def check_formulas(self) -> None:
        """Refuse a workbook where a cell is a formula or an error that `formula` did not write."""
        for ws in self.wb.worksheets:
            for cell in ws._cells.values():
                key = (ws.title, cell.coordinate)
                if cell.data_type == "e" or (
                    cell.data_type == "f" and self.formulas.get(key) != cell.value
                ):
                    raise FtCostError(
                        f"template: {ws.title}!{cell.coordinate} would hold {cell.value!r} as a "
                        "formula or error, not as text (a bug in ftcost)"
                    )

    def name(self, name: str, sheet: str, coord: str) -> None:
        """Define ``name`` for the cell or range ``coord`` of ``sheet`` (absolute)."""
        self.define(name, abs_ref(sheet, coord))

    def define(self, name: str, text: str) -> None:
        """Define the workbook-level name ``name`` as ``text`` (a reference or a formula)."""
        from openpyxl.workbook.defined_name import DefinedName

        if name.lower() in {n.lower() for n in self.names}:  # pragma: no cover - a bug
            raise ValueError(f"defined name {name} twice (names ignore case)")
        self.names[name] = text
        self.wb.defined_names[name] = DefinedName(name, attr_text=text)

    def table_columns(
        self, ws, columns, header_row: int, first: int, last: int, wrapped, name_of
    ) -> None:
        """A table's header row and its columns' widths, number formats and alignment down to
        row ``last``; ``columns``: (field, header, width, number format); text of the fields
        in ``wrapped`` wraps; each column's defined name is ``name_of(field)`` (None: none)."""
        from openpyxl.utils import get_column_letter

        for j, (field, header, width, fmt) in enumerate(columns, 1):
            col = get_column_letter(j)
            c = ws.cell(row=header_row, column=j, value=header)
            c.font = self.font_header
            c.fill = self.fill_header
            c.alignment = self.wrap
            ws.column_dimensions[col].width = width
            for r in range(first, last + 1):
                cell = ws.cell(row=r, column=j)
                cell.number_format = fmt
                cell.alignment = self.wrap if field in wrapped else self.top
            name = name_of(field)
            if name is not None:
                self.define(name, f"{q(ws.title)}!${col}${first}:${col}${last}")

    def title(self, ws, text: str, sub: str | None = None) -> None:
        self.value(ws["A1"], text).font = self.font_title
        if sub:  # may name the price set: data
            self.value(ws["A2"], sub).font = self.font_note

    def section(self, ws, coord: str, text: str, width: int = 3) -> None:
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        col, row = coordinate_from_string(coord)
        c0 = column_index_from_string(col)
        for c in range(c0, c0 + width):
            ws.cell(row=row, column=c).fill = self.fill_section
        ws[coord] = text
        ws[coord].font = self.font_h

    def input_cell(self, ws, row: int, i: Input, col_label="A", col_value="B", col_help="C"):

        ws[f"{col_label}{row}"] = i.label
        default = i.default
        if i.kind == "date" and default is None:  # the day the template is made for
            default = _dt.datetime(self.as_of.year, self.as_of.month, self.as_of.day)
        if i.kind == "model" and default not in self.ps.ids and self.ps.ids:
            default = self.ps.ids[0]  # a price set without the example's models: its first
        c = self.value(ws[f"{col_value}{row}"], default)
        c.font = self.font_input
        c.fill = self.fill_input
        c.border = self.border
        c.number_format = i.fmt
        if col_help:
            ws[f"{col_help}{row}"] = i.help
            ws[f"{col_help}{row}"].font = self.font_help  # one line: it must not overlap
        self.name(i.name, ws.title, c.coordinate)
        dv = self._validation(i)
        if dv is not None:
            dv.promptTitle = i.label[:32]
            dv.prompt = i.help[:255]
            dv.showInputMessage = True
            dv.showErrorMessage = True
            dv.errorTitle = "ftcost"
            ws.add_data_validation(dv)
            dv.add(c.coordinate)
        return c

    @staticmethod
    def _validation(i: Input):
        from openpyxl.worksheet.datavalidation import DataValidation

        if i.kind == "model" and i.name == "base_model":  # any current model can be the base
            dv = DataValidation(type="list", formula1="base_list", allow_blank=False)
            dv.error = "Pick a model from the list (the Providers or Current models tab)."
        elif i.kind == "model":
            dv = DataValidation(type="list", formula1="model_list", allow_blank=False)
            dv.error = "Pick a model from the list (the Model id column of the Providers tab)."
        elif i.kind == "yesno":
            dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=False)
            dv.error = "Yes or No"
        elif i.kind == "choice":
            dv = DataValidation(type="list", formula1=lit(",".join(CHOICES)), allow_blank=False)
            dv.error = "Pick one from the list"
        elif i.kind == "priority":
            dv = DataValidation(type="list", formula1=lit(",".join(PRIORITIES)), allow_blank=False)
            dv.error = "cost, inference or self-hosting"
        elif i.kind in ("tokens", "optional_tokens", "ratio"):
            dv = DataValidation(
                type="decimal",
                operator="between" if i.high else "greaterThanOrEqual",
                formula1="0",
                formula2=f"{i.high:g}" if i.high else None,
                allow_blank=i.kind == "optional_tokens",
            )
            dv.error = num_msg(i)
        elif i.kind == "date":
            dv = DataValidation(
                type="date",
                operator="between",
                formula1=f"DATE({i.low:g},1,1)",
                formula2=f"DATE({i.high:g},12,31)",
                allow_blank=False,
            )
            dv.error = num_msg(i)
        elif i.kind == "share":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
            dv.error = num_msg(i)
        elif i.kind in ("count", "optional_count"):
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1=f"{i.low:g}",
                formula2=f"{i.high:g}",
                allow_blank=i.kind == "optional_count",
            )
            dv.error = num_msg(i)
        else:  # pragma: no cover
            return None
        return dv

    def result_cell(self, ws, coord: str, name: str | None, formula: str, fmt: str, key=False):
        c = self.formula(ws[coord], "=" + formula)
        c.number_format = fmt
        c.alignment = self.right
        c.border = self.border
        if key:
            c.font = self.font_bold
            c.fill = self.fill_result
        if name:
            self.name(name, ws.title, coord)
        return c

    def work_cell(self, ws, row: int, name: str, label: str, formula: str, col="M"):
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import column_index_from_string

        vcol = get_column_letter(column_index_from_string(col) + 1)
        ws[f"{col}{row}"] = label
        ws[f"{col}{row}"].font = self.font_work
        c = self.formula(ws[f"{vcol}{row}"], "=" + formula)
        c.font = self.font_work
        self.name(name, ws.title, c.coordinate)
        return c

    def widths(self, ws, widths: dict[str, float]) -> None:
        for col, w in widths.items():
            ws.column_dimensions[col].width = w


def fit_rows(ws) -> None:
    """Tall enough rows for wrapped text: neither Excel nor LibreOffice grows them on opening."""
    import math as _m

    from openpyxl.utils import get_column_letter

    def width(col: int) -> float:
        return ws.column_dimensions[get_column_letter(col)].width or 8.43

    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = sum(
            width(c) for c in range(rng.min_col, rng.max_col + 1)
        )
    need: dict[int, float] = {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if not isinstance(v, str) or c.data_type == "f" or not c.alignment.wrap_text:
                continue
            w = merged.get((c.row, c.column), width(c.column))
            size = (c.font.sz or 11) if c.font else 11
            per_line = max(1.0, w * 1.2 * 11 / size)  # characters a line holds, roughly
            lines = sum(max(1, _m.ceil(len(part) / per_line)) for part in v.split("\n"))
            need[c.row] = max(need.get(c.row, 0), lines * size * 1.3 + 3)
    for r, h in need.items():
        cur = ws.row_dimensions[r].height
        if cur is None or cur < h:
            ws.row_dimensions[r].height = round(h, 1)
