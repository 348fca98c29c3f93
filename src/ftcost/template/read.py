"""Reading a filled-in template back: its scenario, its prices, its Decision and Alternatives
answers (`read_filled_template`).

Reading takes the *input* cells (values, not formula results), so it works on a workbook saved
by Excel or LibreOffice and on one written by openpyxl with no cached values. Every problem is a
`WorkbookError` naming sheet and cell.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from .. import fields
from ..engine import PRIORITIES
from ..errors import InputError, PriceFileError, WorkbookError
from ..model import PLAN_FIELDS, WORKLOAD_FIELDS, TrainingPlan, Workload
from ..pricing import PriceSet, price_set_from_entries
from ..units import parse_tokens
from .filled import AlternativeInputs, DecisionInputs, FilledTemplate
from .formulas import num_msg
from .layout import (
    ALT_INPUTS,
    BE,
    CAPACITY,
    CHOICES,
    CUR,
    CUR_LAST,
    CURRENT_FIELDS,
    CURRENT_HEADERS,
    CURRENT_REQUIRED,
    DEC_INPUTS,
    INPUT,
    INPUTS,
    META,
    META_IDS_FIRST,
    PROV,
    PROV_LAST,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    PROVIDER_REQUIRED,
)

__all__ = [
    "Cell",
    "TemplateFile",
    "check_members",
    "current_rows",
    "provider_rows",
    "read_filled_template",
    "resolve_part",
]

_OPTIONAL = {i.name for i in INPUT.values() if i.kind.startswith("optional_")}  # blank allowed
_TEXT_KINDS = ("id", "text", "status")  # price fields a cell holds as text
_SPECS = {i.name: i for i in (*INPUT.values(), *ALT_INPUTS, *DEC_INPUTS)}
_LABELS = {n: i.label for n, i in _SPECS.items()}
# how the Alternatives tab's messages name its model inputs (template/sheets/alternatives.py)
_MODEL_LABELS = {"pe_model": "Model", "rag_model": "Generation model",
                 "route_cheap": "Cheap model", "route_premium": "Premium model"}  # fmt: skip


# ---------------------------------------------------------------- opening


# ---------------------------------------------------------------- the workbook's parts, bounded

# A zip member is refused before it is inflated when its declared size or its compression ratio
# is absurd (a "zip bomb"): an ftcost template's largest part is ~1 MB; a user's own sheet of a
# million rows is ~50 MB at a ratio of ~10. zipfile never inflates past the declared size.
MAX_PART = 1 << 30  # 1 GiB
MAX_RATIO = 500  # deflate tops out near 1030:1 (a bomb); real sheet XML packs 5–100:1
_RATIO_FLOOR = 10 << 20  # small parts may compress as they like


def check_members(z: zipfile.ZipFile, path: Path) -> None:
    """Refuse a workbook with a member whose declared size or ratio is absurd (one line)."""
    for info in z.infolist():
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > MAX_PART or (size > _RATIO_FLOOR and size / packed > MAX_RATIO):
            raise WorkbookError(
                f"{path}: part {info.filename[:80]!r} would inflate to {size:,} bytes from "
                f"{info.compress_size:,} (ratio {size / packed:,.0f}): refused as a zip bomb"
            )


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_NAME_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d{1,7})$")
# the inputs the reader takes: their sheets are read down to their rows, no further
_READ_NAMES = (*INPUT, *(i.name for i in ALT_INPUTS), *(i.name for i in DEC_INPUTS))
_META_LAST = META_IDS_FIRST + 2 * CAPACITY


class Cell:
    """A cell as saved: ``value`` (a constant, or a formula's saved result: None if none),
    ``formula`` (its text without "=", or None), its XML type and style index."""

    __slots__ = ("formula", "style", "value", "xml_type")

    def __init__(self, value, formula, xml_type, style=None):
        self.value, self.formula, self.xml_type, self.style = value, formula, xml_type, style


_CONSTANT_BOOLS = ("TRUE()", "FALSE()", "TRUE", "FALSE")


class _SST:
    """A shared-string index (resolved once the strings are read)."""

    __slots__ = ("i",)

    def __init__(self, i: int):
        self.i = i


def resolve_part(base: str, target: str) -> str:
    """The part name a relationship ``target`` of ``base`` points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for part in (PurePosixPath(base).parent / target).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _text(el) -> str:
    """The text of an ``<is>`` or ``<si>``: its ``<t>`` and rich-text runs, not phonetic runs."""
    out = []
    for child in el:
        if child.tag == _NS + "t":
            out.append(child.text or "")
        elif child.tag == _NS + "r":
            t = child.find(_NS + "t")
            if t is not None:
                out.append(t.text or "")
    return "".join(out)


class TemplateFile:
    """An opened template workbook, checked to be ours: its cells as saved (constants, formulas
    and the results Excel or LibreOffice saved). ``data``: the workbook's bytes, when they are
    not (yet) the file at ``path`` (which then only names it in messages).

    Bounded: only the parts the reader needs are inflated, each sheet only down to the last row
    it needs (the Providers table, the inputs); a part whose declared size or ratio is absurd is
    refused before anything is inflated. The file itself is only read.
    """

    def __init__(self, path: Path, data: bytes | None = None):
        self.path, self._data = path, data
        if data is None:
            if not path.exists():
                raise WorkbookError(f"{path}: no such file")
            if path.is_dir():
                raise WorkbookError(f"{path}: is a folder, not a workbook")
        try:
            self.zip = zipfile.ZipFile(self._source())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
            raise WorkbookError(
                f"{path}: not a readable .xlsx workbook (damaged, or another format: {e})"
            ) from None
        check_members(self.zip, path)
        try:
            self._open()
        except WorkbookError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError,
                ET.ParseError, zlib.error) as e:  # fmt: skip
            raise WorkbookError(
                f"{path}: not a readable .xlsx workbook ({type(e).__name__}: {e})"
            ) from None
        self._check_ours()

    def _source(self):
        return self.path if self._data is None else io.BytesIO(self._data)

    def _open(self) -> None:
        names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            raise WorkbookError(f"{self.path}: not a readable .xlsx workbook (no xl/workbook.xml)")
        root = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = self.rels("xl/workbook.xml")
        self.parts: dict[str, str] = {}
        for s in root.iter(_NS + "sheet"):
            rid = s.get(_NS_R + "id")
            if rid in rels and rels[rid][1] in names:
                self.parts[s.get("name")] = rels[rid][1]
        self.sheetnames = list(self.parts)
        self.defined_names: dict[str, str] = {
            d.get("name"): (d.text or "")
            for d in root.iter(_NS + "definedName")
            if d.get("localSheetId") is None
        }
        pr = root.find(_NS + "workbookPr")
        self._epoch = (
            _dt.datetime(1904, 1, 1)
            if pr is not None and pr.get("date1904") in ("1", "true")
            else None
        )
        self._date_styles = self._dates(rels)
        self._sst_part = next(
            (t for typ, t in rels.values() if typ.endswith("/sharedStrings") and t in names), None
        )
        self._sst: list[str] = []
        self.cells: dict[str, dict[tuple[int, int], Cell]] = {}
        self._limit: dict[str, int] = {}
        want: dict[str, int] = {PROV: PROV_LAST, META: _META_LAST, CUR: CUR_LAST}
        for name in _READ_NAMES:
            ref = self._name_ref(name)
            if ref is not None:
                sheet, coord = ref
                want[sheet] = max(want.get(sheet, 0), int(_REF.match(coord).group(2)))
        for sheet, last in want.items():
            if sheet in self.parts:
                self._load(sheet, last)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, part name) of ``part`` (external targets left out)."""
        p = PurePosixPath(part)
        name = str(p.parent / "_rels" / (p.name + ".rels"))
        try:
            root = ET.fromstring(self.zip.read(name))
        except KeyError:
            return {}
        return {
            r.get("Id"): (r.get("Type", ""), resolve_part(part, r.get("Target", "")))
            for r in root.iter(_NS_PKG + "Relationship")
            if r.get("TargetMode") != "External"
        }

    def _dates(self, rels) -> set[int]:
        """Style indices whose number format shows a date (their numbers read as dates)."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        part = next((t for typ, t in rels.values() if typ.endswith("/styles")), None)
        if part is None or part not in self.zip.namelist():
            return set()
        root = ET.fromstring(self.zip.read(part))
        custom = {
            int(n.get("numFmtId")): n.get("formatCode", "") for n in root.iter(_NS + "numFmt")
        }
        xfs = root.find(_NS + "cellXfs")
        out = set()
        for k, xf in enumerate(xfs if xfs is not None else []):
            fid = int(xf.get("numFmtId", "0"))
            code = custom.get(fid, BUILTIN_FORMATS.get(fid))
            if code and is_date_format(code):
                out.add(k)
        return out

    def _load(self, sheet: str, last_row: int) -> None:
        """Read ``sheet``'s cells down to ``last_row``, streaming; rows below are not parsed."""
        cells: dict[tuple[int, int], Cell] = {}
        row, col = 0, 0
        with self.zip.open(self.parts[sheet]) as f:
            for ev, el in ET.iterparse(f, events=("start", "end")):
                tag = el.tag
                if ev == "start":
                    if tag == _NS + "row":
                        r = el.get("r")
                        row = int(r) if r else row + 1
                        col = 0
                        if row > last_row:
                            break
                    continue
                if tag == _NS + "c":
                    m = _REF.match(el.get("r") or "")
                    col = _col_index(m.group(1)) if m else col + 1
                    cells[(row, col)] = self._cell(el)
                    el.clear()
                elif tag == _NS + "row":
                    el.clear()
        self.cells[sheet] = cells
        self._limit[sheet] = last_row
        need = max((c.value.i for c in cells.values() if isinstance(c.value, _SST)), default=-1)
        self._strings(need)
        for c in cells.values():
            if isinstance(c.value, _SST):
                c.value = self._sst[c.value.i] if c.value.i < len(self._sst) else None

    def _strings(self, need: int) -> None:
        """Read the shared strings up to index ``need``, streaming (the rest are not read)."""
        if need < len(self._sst) or self._sst_part is None:
            return
        out: list[str] = []
        with self.zip.open(self._sst_part) as f:
            for _ev, el in ET.iterparse(f, events=("end",)):
                if el.tag == _NS + "si":
                    out.append(_text(el))
                    el.clear()
                    if len(out) > need:
                        break
        self._sst = out

    def _cell(self, el) -> Cell:
        from openpyxl.utils.datetime import from_excel

        t = el.get("t", "n")
        f = el.find(_NS + "f")
        formula = (f.text or "") if f is not None else None
        if formula is not None and formula.strip().upper() in _CONSTANT_BOOLS:
            # LibreOffice saves TRUE/FALSE as the formulas TRUE()/FALSE(): a constant, not a
            # formula (its value survives update-prices clearing saved results)
            return Cell(formula.strip().upper().startswith("TRUE"), None, "b", el.get("s"))
        v = el.find(_NS + "v")
        vt = v.text if v is not None else None
        value: object = None
        if t == "inlineStr":
            is_ = el.find(_NS + "is")
            value = _text(is_) if is_ is not None else ""
        elif vt is None:
            value = None
        elif t == "s":
            value = _SST(int(vt))
        elif t in ("str", "e"):
            value = vt
        elif t == "b":
            value = vt.strip() in ("1", "true")
        elif t == "d":
            value = _dt.datetime.fromisoformat(vt.strip())
        else:
            vt = vt.strip()
            num = float(vt) if any(ch in vt for ch in ".eE") else int(vt)
            s = el.get("s")
            if s is not None and s.isdigit() and int(s) in self._date_styles:
                try:
                    value = from_excel(num, self._epoch) if self._epoch else from_excel(num)
                except (ValueError, OverflowError):
                    value = num
            else:
                value = num
        return Cell(value, formula, t, el.get("s"))

    def cell(self, sheet: str, coord: str) -> Cell | None:
        """The cell at ``coord`` of ``sheet`` as saved (None when empty)."""
        m = _REF.match(coord)
        row, col = int(m.group(2)), _col_index(m.group(1))
        if sheet not in self.parts:
            return None
        if self._limit.get(sheet, 0) < row:
            self._load(sheet, row)
        return self.cells[sheet].get((row, col))

    def _check_ours(self) -> None:
        hint = "; make one with `ftcost template`"
        for sheet in (PROV, BE):
            if sheet not in self.parts:
                raise WorkbookError(
                    f"{self.path}: not an ftcost template (no sheet {sheet!r}){hint}"
                )
        for name in (*INPUT, "model_list"):
            if name not in self.defined_names:
                raise WorkbookError(
                    f"{self.path}: not an ftcost template, or damaged (no defined name {name!r}){hint}"
                )
        self.header_row, self.columns = _provider_columns(self, self.path)

    def value(self, sheet: str, coord: str):
        """The value a user sees in a cell: a typed value, or a formula's saved result."""
        c = self.cell(sheet, coord)
        if c is None:
            return None
        if c.formula is not None and c.value is None:
            raise WorkbookError(
                f"{sheet}!{coord} holds a formula with no saved result: type a value, or open "
                "and save the workbook in Excel or LibreOffice first"
            )
        return c.value

    def _name_ref(self, name: str) -> tuple[str, str] | None:
        m = _NAME_REF.match(self.defined_names.get(name, "").strip())
        if m is None:
            return None
        sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
        return sheet, m.group(3).replace("$", "")

    def named_cell(self, name: str) -> tuple[str, str]:
        ref = self._name_ref(name)
        if ref is None or ref[0] not in self.parts:
            text = self.defined_names.get(name, "missing")
            raise WorkbookError(
                f"{self.path}: the defined name {name!r} no longer points at one cell "
                f"({text}): the workbook is damaged"
            )
        return ref


def _provider_columns(book: TemplateFile, path: Path) -> tuple[int, dict[str, int]]:
    """(header row, {field: column index}) of the Providers table, found by its header texts;
    a column that is not required may be missing."""
    cells = book.cells.get(PROV, {})
    for r in range(1, 21):
        texts = {}
        for (row, c), cell in sorted(cells.items()):
            v = cell.value if cell.formula is None else None
            if row == r and isinstance(v, str):
                texts[v.strip()] = c
        if PROVIDER_HEADERS[0] in texts:
            header = dict(zip(PROVIDER_FIELDS, PROVIDER_HEADERS, strict=True))
            missing = [header[f] for f in PROVIDER_REQUIRED if header[f] not in texts]
            if missing:
                raise WorkbookError(
                    f"{path}: {PROV}!{r}: the Providers table lacks column(s) "
                    + ", ".join(repr(h) for h in missing)
                )
            return r, {f: texts[h] for f, h in header.items() if h in texts}
    raise WorkbookError(f"{path}: {PROV}: no header row with {PROVIDER_HEADERS[0]!r}: damaged?")


# ---------------------------------------------------------------- reading


def provider_rows(book: TemplateFile, formulas: bool = False) -> list[tuple[int, dict]]:
    """Non-blank rows of the Providers table (down to its last row the formulas see):
    (row, {field: raw cell value}); with ``formulas``, a formula cell gives its text ("=…")."""
    return _table_rows(book, PROV, book.columns, book.header_row, PROV_LAST, formulas)


def _table_rows(
    book: TemplateFile, sheet: str, cols: dict[str, int], header_row: int, last: int, formulas: bool
) -> list[tuple[int, dict]]:
    """Non-blank rows of a table on ``sheet`` below ``header_row`` down to ``last``: (row,
    {field: raw cell value}) for the fields of ``cols`` (field → column index); blank text is
    None; with ``formulas``, a formula cell gives its text ("=…")."""
    from openpyxl.utils import get_column_letter

    rows = sorted({r for r, _c in book.cells.get(sheet, {}) if header_row < r <= last})
    out = []
    for r in rows:
        raw = {}
        for f, c in cols.items():
            coord = f"{get_column_letter(c)}{r}"
            cell = book.cell(sheet, coord) if formulas else None
            if cell is not None and cell.formula is not None:
                raw[f] = "=" + cell.formula
                continue
            v = book.value(sheet, coord)
            if isinstance(v, str) and not v.strip():
                v = None
            raw[f] = v
        if any(v is not None for v in raw.values()):
            out.append((r, raw))
    return out


def current_columns(book: TemplateFile) -> tuple[int, dict[str, int]] | None:
    """(header row, {field: column index}) of the Current models table, found by its header
    texts; None for a template made before it existed. The id and both prices are required."""
    cells = book.cells.get(CUR)
    if cells is None:
        return None
    header = dict(zip(CURRENT_FIELDS, CURRENT_HEADERS, strict=True))
    for r in range(1, 21):
        texts = {
            cell.value.strip(): c
            for (row, c), cell in sorted(cells.items())
            if row == r and cell.formula is None and isinstance(cell.value, str)
        }
        if header["id"] in texts:
            missing = [header[f] for f in CURRENT_REQUIRED if header[f] not in texts]
            if missing:
                raise WorkbookError(
                    f"{book.path}: {CUR}!{r}: the Current models table lacks column(s) "
                    + ", ".join(repr(h) for h in missing)
                )
            return r, {f: texts[h] for f, h in header.items() if h in texts}
    raise WorkbookError(f"{book.path}: {CUR}: no header row with {header['id']!r}: damaged?")


def current_rows(book: TemplateFile, formulas: bool = False) -> list[tuple[int, dict]]:
    """Non-blank rows of the Current models table, as `provider_rows` (empty without one)."""
    found = current_columns(book)
    if found is None:
        return []
    header_row, cols = found
    return _table_rows(book, CUR, cols, header_row, CUR_LAST, formulas)


def _read_current(book: TemplateFile, ps: PriceSet) -> tuple[list, tuple[str, ...] | None]:
    """The Current models table: (its rows the Providers table does not have, as base-only
    ModelPrices; every id it lists, first row of an id first — the switches the grade weighs),
    or ([], None) for a template without the table. A row's blank provider, status, checked
    date or source takes a default; a bad cell is refused naming it, as a Providers cell is."""
    from openpyxl.utils import get_column_letter

    from ..basemodels import BASE_ONLY

    found = current_columns(book)
    if found is None:
        return [], None
    cols = found[1]
    have = {m.id.lower() for m in ps.models}
    names: list[str] = []
    entries = []
    for r, raw in current_rows(book):

        def locate(key, r=r):
            col = cols.get(key or "id", cols["id"])
            return f"{CUR}!{get_column_letter(col)}{r}"

        entry = _entry({f: v for f, v in raw.items() if f in cols and f != "catalog"})
        mid = entry.get("id")
        key = mid.lower() if isinstance(mid, str) else None
        if key is not None and key in {n.lower() for n in names}:
            continue  # a second row of an id: the formulas take the first
        if key is not None:
            names.append(mid)
        if key in have:
            continue  # ftcost's catalog (the Providers row) wins, as the formulas take it
        entry.setdefault("name", mid)
        entry.setdefault("provider", "(not given)")
        entry.setdefault("status", "active")
        entry.setdefault("checked", ps.as_of or _dt.date(1970, 1, 1))
        entry.setdefault("source", f"{book.path.name}: {CUR} row {r}")
        for f in ("ft_input", "ft_output", "training"):
            entry[f] = 0.0
        entries.append((entry, locate))
    if not entries:
        return [], tuple(names)
    try:
        cur = price_set_from_entries(
            entries, name=f"workbook {book.path.name}", source=f"{book.path}: {CUR}"
        )
    except PriceFileError as e:
        raise WorkbookError(str(e)) from None
    marked = [dataclasses.replace(m, file=f"{m.file} {BASE_ONLY}") for m in cur.models]
    return marked, tuple(names)


def _entry(raw: dict) -> dict:
    """A Providers row as price-data fields (types as TOML would give them)."""
    out = {}
    for f, v in raw.items():
        if v is None:
            continue
        kind = fields.by_name(f).kind
        if kind in ("date", "deadline") and isinstance(v, _dt.datetime):
            v = v.date()
        elif kind == "bool":
            if isinstance(v, str) and v.strip().lower() in ("yes", "true", "no", "false"):
                v = v.strip().lower() in ("yes", "true")
            elif isinstance(v, int | float) and not isinstance(v, bool) and v in (0, 1):
                v = bool(v)
        elif kind == "count" and isinstance(v, float) and v.is_integer():
            v = int(v)
        elif kind in _TEXT_KINDS and not isinstance(v, str):
            v = str(v) if not isinstance(v, float) or not v.is_integer() else str(int(v))
        elif isinstance(v, str) and kind not in ("date", "deadline"):
            v = v.strip()
        out[f] = v
    for f in fields.PRICE:  # a blank cell of a field with a default is that default
        if f.kind == "bool":
            out.setdefault(f.name, f.default)
    return out


def _read_prices(book: TemplateFile) -> PriceSet:
    from openpyxl.utils import get_column_letter

    entries = []
    for r, raw in provider_rows(book):

        def locate(key, r=r):
            col = book.columns.get(key or "id")
            return f"{PROV}!{get_column_letter(col)}{r}"

        entries.append((_entry(raw), locate))
    try:
        return price_set_from_entries(
            entries, name=f"workbook {book.path.name}", source=f"{book.path}: {PROV}"
        )
    except PriceFileError as e:
        raise WorkbookError(str(e)) from None


def read_filled_template(path: str | os.PathLike) -> FilledTemplate:
    """The scenario and prices of a filled-in template (raises WorkbookError naming sheet!cell).

    The inputs are read as the template's formulas read them: where its check cell (Break-even
    B3, `input_check`) shows a message, this refuses with that cell's address and the same
    message — in the same order (numbers first, then the base model, then the candidate).
    """
    book = TemplateFile(Path(path))
    ps = _read_prices(book)  # the Providers table: every candidate to fine-tune
    current, current_names = _read_current(book, ps)
    vals: dict[str, object] = {}
    where: dict[str, str] = {}
    inputs = [i for i in INPUTS if i.name not in _LATER or i.name in book.defined_names]
    for i in inputs:  # a template made before an input existed simply does not have it
        sheet, coord = book.named_cell(i.name)
        where[i.name] = f"{sheet}!{coord}"
        vals[i.name] = book.value(sheet, coord)
    for i in inputs:  # x_inputs_msg: the first numeric input that fails
        if i.kind != "model":
            v = as_template_number(vals[i.name])
            if not number_ok(v, i):
                raise WorkbookError(f"{where[i.name]}: {num_msg(i)}{_got(vals[i.name])}")
            vals[i.name] = v
    spend = vals.pop("monthly_spend", None)
    if spend not in (None, ""):  # the tab's two checks after the numeric ones, in its words
        if vals.get("monthly_tokens") not in (None, ""):
            raise WorkbookError(
                f"{where['monthly_spend']}: Monthly input tokens and Monthly spend: give one of "
                "them, not both"
            )
        if not spend > 0:
            raise WorkbookError(
                f"{where['monthly_spend']}: Monthly spend (USD), instead of tokens: enter an "
                "amount > 0, or leave it blank"
            )
    else:
        spend = None
    as_of = _serial_date(vals.pop("as_of", None))
    # the base model: a Providers row, else a Current models row (as x_b_row, x_b_crow)
    everything = ps
    if current_names is not None:
        everything = dataclasses.replace(
            ps, models=(*ps.models, *current), current_models=current_names, _index={}, cache={}
        )
    models = {
        "base_model": everything.get(
            match_base(ps, current, vals["base_model"], where["base_model"], current_names)
        ),
        "ft_model": ps.get(
            match_model(ps, vals["ft_model"], "Model to fine-tune", where["ft_model"])
        ),
    }
    vals = {k: (None if v == "" else v) for k, v in vals.items()}
    ft = models["ft_model"]
    if (
        (ft.training_per_hour or 0) > 0
        and not ft.training
        and not (ft.min_training_charge or 0)
        and vals["training_hours"] is None
    ):
        raise WorkbookError(
            f"{where['training_hours']}: {ft.id} is billed ${_g(ft.training_per_hour)} per "
            "training hour: enter training hours"
        )

    def build(cls, names):
        try:
            return cls(**{n: vals[n] for n in names})
        except InputError as e:
            arg = str(e).split(":", 1)[0]
            loc = where.get(arg, BE)
            label = INPUT[arg].label if arg in INPUT else arg
            raise WorkbookError(f"{loc} ({label}): {str(e).split(':', 1)[-1].strip()}") from None

    plan = build(TrainingPlan, PLAN_FIELDS)
    workload = build(Workload, WORKLOAD_FIELDS)
    tabs = _Tabs(book, ps)
    alternatives = tabs.alternatives(workload)
    decision = tabs.decision()
    return FilledTemplate(
        prices=everything,
        as_of=as_of,
        monthly_spend=spend,
        base=models["base_model"].id,
        candidate=models["ft_model"].id,
        plan=plan,
        workload=workload,
        path=str(book.path),
        decision=decision,
        alternatives=alternatives,
        cells=where | tabs.where,
    )


# Inputs added after the first templates: a workbook without their defined names still reads.
_LATER = ("as_of", "monthly_spend")


def _serial_date(v) -> _dt.date | None:
    """A date cell's serial number (days since 1899-12-30, as Excel and LibreOffice count) as
    its day; blank is None (the report's as-of date then applies)."""
    if v in (None, ""):
        return None
    return _dt.date(1899, 12, 30) + _dt.timedelta(days=int(v))


# ---------------------------------------------------------------- the template's own checks


def _g(v) -> str:
    """A number as Excel's & shows it (5, 1.5, 0.0001)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


def _got(v) -> str:
    if v is None:
        return ""
    text = repr(v) if isinstance(v, str) else _g(v)
    return f" (got {text[:40] + '…' if len(text) > 40 else text})"


def as_template_number(v):
    """A cell's value as the template's ISNUMBER sees it: a date is its serial number."""
    if isinstance(v, _dt.datetime):
        return (v - _dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return v


def number_ok(v, i) -> bool:
    """What `ftcost.template.formulas.num_ok` accepts for input ``i`` (a blank cell is None;
    text, even "5M" or "", and TRUE/FALSE are not numbers)."""
    blank = v is None
    if i.kind.startswith("optional_") and blank:
        return True
    if isinstance(v, bool) or not isinstance(v, int | float) or v != v or v in (_INF, -_INF):
        return False
    kind = i.kind.removeprefix("optional_")
    if kind == "tokens":
        return v >= 0
    if kind == "ratio":
        return v >= 0 and (not i.high or v <= i.high)
    if kind == "share":
        return 0 <= v <= 1
    if kind == "count":
        return v == int(v) and i.low <= v <= i.high
    return True  # a kind this reader does not know: the engine's own checks decide


_INF = float("inf")


def _wildcard(pattern: str) -> re.Pattern:
    """MATCH(…, 0)'s text comparison: case-insensitive, whole text, * ? and ~ escapes."""
    out, k = [], 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "~" and k + 1 < len(pattern) and pattern[k + 1] in "*?~":
            out.append(re.escape(pattern[k + 1]))
            k += 2
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        k += 1
    return re.compile("".join(out), re.I | re.S)


def match_model(ps: PriceSet, v, label: str, where: str) -> str:
    """The id MATCH(cell, P_id, 0) finds for a model cell (the first row that matches), or
    the template's own message: blank, or not in the Providers table."""
    if v is None or v == "":
        raise WorkbookError(f"{where}: {label} is blank: pick one from the list")
    if isinstance(v, str):
        rx = _wildcard(v)
        for m in ps.models:
            if rx.fullmatch(m.id):
                return m.id
        said = v
    else:
        said = "TRUE" if v is True else "FALSE" if v is False else _g(v)
    hint = ps.suggest(str(said))
    more = f" (did you mean {' or '.join(repr(h) for h in hint)}?)" if hint else ""
    raise WorkbookError(
        f"{where}: {label} '{said}' is not in the Providers table: pick one from the list{more}"
    )


def match_base(ps: PriceSet, current, v, where: str, current_names=None) -> str:
    """The id the Break-even tab takes as the base model: MATCH in the Providers ids, else in
    the Current models ids; else the tab's own message."""
    if current_names is None:
        return match_model(ps, v, "Base model", where)
    if v is None or v == "":
        raise WorkbookError(f"{where}: Base model is blank: pick one from the list")
    if isinstance(v, str):
        rx = _wildcard(v)
        for m in (*ps.models, *current):
            if rx.fullmatch(m.id):
                return m.id
        said = v
    else:
        said = "TRUE" if v is True else "FALSE" if v is False else _g(v)
    hint = ps.suggest(str(said))
    more = f" (did you mean {' or '.join(repr(h) for h in hint)}?)" if hint else ""
    raise WorkbookError(
        f"{where}: Base model '{said}' is not in the Providers or Current models table: pick "
        f"one from the list{more}"
    )


class _Tabs:
    """Reads the Decision and Alternatives tabs' inputs, each checked the way its formulas use it.

    Blank means what the template's formulas make of it: a blank question is not a "Yes"
    (so a blank "Is the task narrow?" counts as No, as the tab's verdict does), a blank choice is
    the Break-even tab's model; a blank number or model is refused, as the tab refuses it.
    """

    def __init__(self, book: TemplateFile, ps: PriceSet) -> None:
        self.book, self.ps = book, ps
        self.where: dict[str, str] = {}

    def raw(self, name: str):
        sheet, coord = self.book.named_cell(name)
        self.where[name] = f"{sheet}!{coord}"
        v = self.book.value(sheet, coord)
        return None if isinstance(v, str) and not v.strip() else v

    def fail(self, name: str, msg: str) -> WorkbookError:
        return WorkbookError(f"{self.where[name]} ({_LABELS[name]}): {msg}")

    def choice(self, name: str, options: tuple[str, ...], blank: str | None) -> str | None:
        """One of ``options`` (any case, as Excel compares text); ``blank`` when empty."""
        v = self.raw(name)
        if v is None:
            return blank
        for o in options:
            if isinstance(v, str) and v.lower() == o.lower():
                return o
        said = ", ".join(repr(o) for o in options[:-1]) + f" or {options[-1]!r}"
        raise self.fail(name, f"pick {said} (the cell's list), got {v!r}")

    def number(self, name: str, parse=parse_tokens) -> float:
        """A number as the tab's formulas take it (ISNUMBER: text such as "5M" is refused)."""
        sheet, coord = self.book.named_cell(name)
        self.where[name] = f"{sheet}!{coord}"
        raw = self.book.value(sheet, coord)
        v = as_template_number(raw)
        spec = _SPECS[name]
        if not number_ok(v, spec):
            raise WorkbookError(f"{self.where[name]}: {num_msg(spec)}{_got(raw)}")
        return float(v)

    def model(self, name: str) -> str:
        sheet, coord = self.book.named_cell(name)
        self.where[name] = f"{sheet}!{coord}"
        label = _MODEL_LABELS.get(name, _LABELS[name])
        return match_model(self.ps, self.book.value(sheet, coord), label, self.where[name])

    def decision(self) -> DecisionInputs:
        yes = {
            key: self.choice(name, ("Yes", "No"), "No") == "Yes"
            for key, name in (
                ("narrow_task", "q_narrow_task"),
                ("prompt_solves", "q_prompt_solves"),
                ("changing_requirements", "q_changing"),
                ("needs_reasoning", "q_reasoning"),
                ("multi_task", "q_multi_task"),
            )
        }
        choose = self.choice("candidate_choice", CHOICES, CHOICES[0]) == CHOICES[1]
        priority = self.choice("priority", PRIORITIES, None)
        if priority is None:
            if choose:  # the tab cannot choose either
                raise self.fail("priority", f"is blank: pick {', '.join(PRIORITIES)}")
            priority = "cost"  # unused: the Break-even tab's model is the candidate
        # a low volume above the high one is taken as the tab takes it (it has no check)
        high = self.number("high_volume")
        low = self.number("low_volume")
        return DecisionInputs(
            **yes, choose_by_priority=choose, priority=priority, high_volume=high, low_volume=low
        )

    def alternatives(self, workload: Workload) -> AlternativeInputs:
        models = {
            n: self.model(n) for n in ("pe_model", "rag_model", "route_cheap", "route_premium")
        }
        nums = {
            n: self.number(n)
            for n in (
                "rag_requests",
                "rag_context_tokens",
                "rag_embedding_price",
                "rag_search_price",
                "rag_corpus_tokens",
                "route_router_price",
            )
        }
        nums["route_simple_share"] = self.number("route_simple_share")
        if nums["rag_requests"] == 0 and (workload.monthly_tokens or 0) > 0:
            raise WorkbookError(
                f"{self.where['rag_requests']}: Requests per month: RAG needs the number of "
                "requests a month (> 0)"
            )
        return AlternativeInputs(**models, **nums)
