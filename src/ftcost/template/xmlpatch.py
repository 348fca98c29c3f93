"""XML surgery for update-prices: change cells of the Providers table in a workbook's own XML.

Rows never move: the cells update-prices writes are replaced in place (or added to the rows
below the table), so comments, notes beside the table and formulas anywhere that address a
Providers cell stay with their model. Only the Providers sheet and the Current models sheet
(`Patch`), their tables' ranges, the hidden ``ftcost`` sheet, the recalculate-on-open flag and the saved results of formulas are rewritten;
every other part of the archive is copied byte for byte (its compressed bytes, not re-inflated).
Text is written as inline strings, never as formulas.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..errors import WorkbookError
from .layout import META, PROV, PROV_HEADER_ROW, SHEETS, TABLE_NAME
from .read import TemplateFile

__all__ = ["SCAN_LIMIT", "Patch", "drop_cached_results", "rewrite"]

# A sheet of the user's up to this size (its XML, as declared) is scanned for formulas whose
# saved results must go; a bigger one is copied as it is, so its size costs nothing.
SCAN_LIMIT = 8 << 20

_ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)
_ROW_OPEN = re.compile(r"<(?P<p>\w+:)?row\b[^>]*?/?>")
_CELL = re.compile(r"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_ATTR_R = re.compile(r'\br="([A-Z]+)(\d+)"')
_SD_OPEN = re.compile(r"<(?P<p>\w+:)?sheetData\b[^>]*?(?P<empty>/?)>")


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def cell_xml(coord: str, style: str | None, value) -> str:
    """A ``<c>`` element holding ``value`` by type: text as an inline string, never a formula."""
    s = f' s="{style}"' if style is not None else ""
    if value is None or (isinstance(value, str) and value == ""):
        return f'<c r="{coord}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{coord}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, _dt.date):
        serial = (_dt.date(value.year, value.month, value.day) - _dt.date(1899, 12, 30)).days
        return f'<c r="{coord}"{s}><v>{serial}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{coord}"{s}><v>{float(value)!r}</v></c>'.replace(".0<", "<")
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{coord}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _style_of(cx: str) -> str | None:
    m = re.search(r'\bs="(\d+)"', cx[: cx.index(">") + 1])
    return m.group(1) if m else None


def _patch_rows(
    xml: str,
    writes: dict[int, dict[int, object]],
    col_styles: dict[int, str | None],
    sheet: str = PROV,
) -> str:
    """``xml`` (a sheet) with the cells of ``writes`` ({row: {column: value}}) replaced or
    added; only the rows down to the last one written are parsed, the rest is copied."""
    m = _SD_OPEN.search(xml)
    if m is None:
        raise WorkbookError(f"{sheet}: no sheet data: damaged workbook")
    if m.group("p"):
        raise WorkbookError(f"{sheet}: unusual XML (prefixed elements): cannot update safely")
    if m.group("empty"):
        xml = xml[: m.start()] + m.group(0)[:-2] + "></sheetData>" + xml[m.end() :]
        m = _SD_OPEN.search(xml)
    start = m.end()
    end_data = xml.index("</sheetData>", start)
    last = max(writes)
    rows: dict[int, tuple[str, dict[int, str]]] = {}
    region_end = start
    for rm in _ROW.finditer(xml, start, end_data):  # lazily: stops at the first row past `last`
        open_tag = _ROW_OPEN.match(rm.group(0)).group(0)
        rn_m = re.search(r'\br="(\d+)"', open_tag)
        if rn_m is None:
            raise WorkbookError(f"{sheet}: a row without its number: cannot update safely")
        rn = int(rn_m.group(1))
        if rn > last:
            region_end = rm.start()
            break
        cells = {}
        for cm in _CELL.finditer(rm.group(0)):
            cx = cm.group(0)
            ref = _ATTR_R.search(cx[: cx.index(">") + 1])
            if ref is None:
                raise WorkbookError(f"{sheet}!row {rn}: a cell without its address: cannot update")
            cells[_col(ref.group(1))] = cx
        rows[rn] = (open_tag, cells)
        region_end = rm.end()
    for r, cols in writes.items():
        open_tag, cells = rows.get(r, (f'<row r="{r}">', {}))
        cells = dict(cells)
        for c, v in cols.items():
            old = cells.get(c)
            style = _style_of(old) if old else col_styles.get(c)
            cells[c] = cell_xml(f"{_letter(c)}{r}", style, v)
        open_tag = re.sub(r'\s+spans="[^"]*"', "", open_tag)
        rows[r] = (open_tag, cells)
    out = []
    for r in sorted(rows):
        open_tag, cells = rows[r]
        if not cells:
            out.append(open_tag if open_tag.endswith("/>") else open_tag + "</row>")
            continue
        tag = open_tag[:-2] + ">" if open_tag.endswith("/>") else open_tag
        out.append(tag + "".join(cells[c] for c in sorted(cells)) + "</row>")
    return xml[:start] + "".join(out) + xml[region_end:]


def _meta_xml(mxml: str, rows: list[list[object]]) -> str:
    m = _SD_OPEN.search(mxml)
    if m is None or m.group("p"):
        raise WorkbookError(f"{META}: unusual sheet XML: cannot update safely")
    end = m.end() if m.group("empty") else mxml.index("</sheetData>", m.end()) + len("</sheetData>")
    body = []
    for k, values in enumerate(rows, 1):
        cells = "".join(
            cell_xml(f"{_letter(c)}{k}", None, v) for c, v in enumerate(values, 1) if v is not None
        )
        if cells:
            body.append(f'<row r="{k}">{cells}</row>')
    return mxml[: m.start()] + "<sheetData>" + "".join(body) + "</sheetData>" + mxml[end:]


# a formula element's start, any prefix (plain `in` tests: far faster than a regex on 50 MB)
_F_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")


def _has_formula(z: zipfile.ZipFile, name: str) -> bool:
    """Whether part ``name`` holds a formula, read in chunks (a big sheet is not held whole)."""
    tail = b""
    with z.open(name) as f:
        while chunk := f.read(1 << 22):
            buf = tail + chunk if tail else chunk
            if any(t in buf for t in _F_TAGS):
                return True
            tail = chunk[-12:]
    return False


def _copy_raw(src: bytes, info: zipfile.ZipInfo, zout: zipfile.ZipFile) -> None:
    """Copy member ``info`` of the archive ``src`` into ``zout`` as its compressed bytes."""
    off = info.header_offset
    head = struct.unpack("<4s2B4HL2L2H", src[off : off + 30])
    if head[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    start = off + 30 + head[10] + head[11]
    data = src[start : start + info.compress_size]
    zi = copy.copy(info)
    zi.flag_bits &= ~0x08  # sizes and CRC go in the local header, no data descriptor
    zi.header_offset = zout.fp.tell()
    zout.fp.write(zi.FileHeader())
    zout.fp.write(data)
    zout.filelist.append(zi)
    zout.NameToInfo[zi.filename] = zi
    zout.start_dir = zout.fp.tell()
    zout._didModify = True


@dataclass(frozen=True)
class Patch:
    """Cells to write on one more sheet with a table (the Current models tab), as `rewrite`
    writes the Providers table's: ``writes`` {row: {column: value}}, the styles of its columns
    for new rows, and the table (name, header row, columns) that must reach ``table_last``."""

    sheet: str
    writes: dict[int, dict[int, object]]
    col_styles: dict[int, str | None]
    table: str
    header_row: int
    first_col: int
    last_col: int
    table_last: int


def _grow_table(zin, part, book, name, header_row, first_col, last_col, table_last, replaced):
    """The table ``name`` of sheet ``part`` reaching down to row ``table_last`` at least."""
    for typ, target in book.rels(part).values():
        if typ.endswith("/table") and target in zin.namelist():
            txml = zin.read(target).decode("utf-8")
            tm = re.search(r"<(?:\w+:)?table\b[^>]*>", txml)
            if tm and re.search(rf'\b(?:name|displayName)="{name}"', tm.group(0)):
                old = re.search(r'\bref="[A-Z]+\d+:[A-Z]+(\d+)"', tm.group(0))
                end = max(table_last, int(old.group(1)) if old else 0, header_row + 1)
                ref = f"{_letter(first_col)}{header_row}:{_letter(last_col)}{end}"
                if not (old and old.group(0) == f'ref="{ref}"'):
                    txml = re.sub(
                        r'(<(?:\w+:)?table\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', txml, count=1
                    )
                    txml = re.sub(
                        r'(<(?:\w+:)?autoFilter\b[^>]*?\bref=")[^"]*"',
                        rf'\g<1>{ref}"',
                        txml,
                        count=1,
                    )
                    replaced[target] = txml.encode("utf-8")


def rewrite(
    original: bytes,
    book: TemplateFile,
    writes: dict[int, dict[int, object]],
    col_styles: dict[int, str | None],
    table_last: int,
    meta: list[list[object]],
    unscanned: list[str] | None = None,
    others: tuple[Patch, ...] = (),
) -> bytes:
    """The workbook ``original`` with the Providers cells of ``writes`` set, the table reaching
    down to row ``table_last`` at least, the hidden sheet holding ``meta``, saved formula results
    dropped and recalculation on open asked for. The user's own sheets bigger than SCAN_LIMIT
    are copied without being read; their names are added to ``unscanned``."""
    zin = book.zip
    parts = book.parts
    if PROV not in parts:
        raise WorkbookError(f"{book.path}: the {PROV} sheet's part is missing: damaged workbook")
    replaced: dict[str, bytes] = {}
    prov_part = parts[PROV]
    xml = zin.read(prov_part).decode("utf-8")
    if writes:
        xml = _patch_rows(xml, writes, col_styles)
    replaced[prov_part] = xml.encode("utf-8")
    # the table's range: it only grows (rows never move, so it never needs to shrink)
    first_col, last_col = min(book.columns.values()), max(book.columns.values())
    _grow_table(zin, prov_part, book, TABLE_NAME, PROV_HEADER_ROW, first_col, last_col,
                table_last, replaced)  # fmt: skip
    for o in others:  # another table (Current models): the same, on its own sheet
        if o.sheet not in parts:
            continue
        part = parts[o.sheet]
        oxml = zin.read(part).decode("utf-8")
        if o.writes:
            oxml = _patch_rows(oxml, o.writes, o.col_styles, o.sheet)
        replaced[part] = oxml.encode("utf-8")
        _grow_table(zin, part, book, o.table, o.header_row, o.first_col, o.last_col,
                    o.table_last, replaced)  # fmt: skip
    if META in parts:
        replaced[parts[META]] = _meta_xml(zin.read(parts[META]).decode("utf-8"), meta).encode()
    # saved formula results are stale now: drop them so Excel and LibreOffice (which ignores
    # fullCalcOnLoad and trusts a file it saved itself) both compute afresh on opening
    ours = {parts[n] for n in SHEETS if n in parts}
    for sheet, part in parts.items():
        if part in replaced:
            body = replaced[part].decode("utf-8")
        elif part not in ours and zin.getinfo(part).file_size > SCAN_LIMIT:
            # a big sheet of the user's is not inflated (bounded work): Excel recalculates on
            # opening (fullCalcOnLoad); the caller tells the user about LibreOffice
            if unscanned is not None:
                unscanned.append(sheet)
            continue
        elif _has_formula(zin, part):
            body = zin.read(part).decode("utf-8")
        else:
            continue
        cleared = drop_cached_results(body)
        if part in replaced or cleared != body:
            replaced[part] = cleared.encode("utf-8")
    replaced["xl/workbook.xml"] = _full_calc(zin.read("xl/workbook.xml").decode()).encode()
    # the calculation chain lists formula cells; Excel rebuilds it, so drop it
    drop = {n for n in zin.namelist() if n == "xl/calcChain.xml"}
    if drop:
        rels_name = "xl/_rels/workbook.xml.rels"
        rx = zin.read(rels_name).decode("utf-8")
        replaced[rels_name] = re.sub(r"<Relationship\b[^>]*calcChain[^>]*/>", "", rx).encode()
        ct = zin.read("[Content_Types].xml").decode("utf-8")
        ct = re.sub(r'<Override\b[^>]*PartName="/xl/calcChain.xml"[^>]*/>', "", ct)
        replaced["[Content_Types].xml"] = ct.encode("utf-8")

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replaced.get(info.filename)
            if data is None:
                _copy_raw(original, info, zout)
            else:
                zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = info.external_attr
                zout.writestr(zi, data)
    return buf.getvalue()


_F_STR = re.compile(r"<(?:\w+:)?f[\s>/]")


def drop_cached_results(sheet_xml: str) -> str:
    """The sheet's XML with the saved results of its formula cells removed (formulas kept).

    Only the cells around each formula element are looked at, so a sheet of a million plain
    cells costs one scan."""

    def clear(cell: str) -> str:
        head_end = cell.index(">") + 1
        head = re.sub(r'\s+t="[^"]*"', "", cell[:head_end])
        body = re.sub(r"<(\w+:)?v\b[^>]*?(?:/>|>.*?</(\1)?v>)", "", cell[head_end:], flags=re.S)
        return head + body

    if re.search(r"<\w+:c\b", sheet_xml):  # prefixed elements (rare): the general way
        return _CELL.sub(
            lambda m: clear(m.group(0)) if _F_STR.search(m.group(0)) else m.group(0), sheet_xml
        )
    out, pos = [], 0
    for m in _F_STR.finditer(sheet_xml):
        if m.start() < pos:
            continue
        start = max(sheet_xml.rfind("<c ", pos, m.start()), sheet_xml.rfind("<c>", pos, m.start()))
        end = sheet_xml.find("</c>", m.end())
        if start < 0 or end < 0:
            continue
        end += len("</c>")
        out.append(sheet_xml[pos:start])
        out.append(clear(sheet_xml[start:end]))
        pos = end
    out.append(sheet_xml[pos:])
    return "".join(out)


def _full_calc(wxml: str) -> str:
    cm = re.search(r"<(\w+:)?calcPr\b[^>]*?/?>", wxml)
    if cm:
        tag = cm.group(0)
        if "fullCalcOnLoad=" in tag:
            new = re.sub(r'fullCalcOnLoad="[^"]*"', 'fullCalcOnLoad="1"', tag)
        else:
            new = re.sub(r"(<(?:\w+:)?calcPr)\b", r'\1 fullCalcOnLoad="1"', tag, count=1)
        return wxml[: cm.start()] + new + wxml[cm.end() :]
    root = re.match(r"(?s).*?<(\w+:)?workbook\b", wxml)
    prefix = root.group(1) or "" if root else ""
    for follower in (
        "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
        "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
    ):  # fmt: skip
        i = wxml.find(f"<{prefix}{follower}")
        if i >= 0:
            return wxml[:i] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + wxml[i:]
    i = wxml.rfind(f"</{prefix}workbook>")
    return wxml[:i] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + wxml[i:]
