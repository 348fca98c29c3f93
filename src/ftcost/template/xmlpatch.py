"""XML surgery for update-prices: rewrite the Providers table's rows in a workbook's own XML.

Only the Providers sheet's table rows, the table's range, the hidden ``ftcost`` sheet and the
recalculate-on-open flag are rewritten; every other part of the file is copied byte for byte.
Text is written as inline strings, never as formulas.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

from ..errors import WorkbookError
from ..pricing import PriceSet
from .layout import (
    CAPACITY,
    META,
    META_IDS_FIRST,
    PROV,
    PROV_FIRST,
    PROV_HEADER_ROW,
    PROVIDER_FIELDS,
    TABLE_NAME,
    meta_rows,
)
from .read import TemplateFile

__all__ = ["drop_cached_results", "rewrite"]

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)
_CELL = re.compile(r"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_ATTR_R = re.compile(r'\br="([A-Z]+)(\d+)"')
_SHEETDATA = re.compile(
    r"<(?P<p>\w+:)?sheetData\b[^>]*?(?:/>|>.*?</(?P=p)?sheetData>)", re.S
)  # fmt: skip


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = []
    for part in (PurePosixPath(base).parent / target).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, resolved part name) of ``part``."""
    p = PurePosixPath(part)
    name = str(p.parent / "_rels" / (p.name + ".rels"))
    if name not in z.namelist():
        return {}
    root = ET.fromstring(z.read(name))
    return {
        r.get("Id"): (r.get("Type", ""), _resolve(part, r.get("Target", "")))
        for r in root.iter(f"{{{_NS_PKG}}}Relationship")
        if r.get("TargetMode") != "External"
    }


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    root = ET.fromstring(z.read("xl/workbook.xml"))
    rels = _rels(z, "xl/workbook.xml")
    out = {}
    for s in root.iter(f"{{{_NS_MAIN}}}sheet"):
        rid = s.get(f"{{{_NS_REL}}}id")
        if rid in rels:
            out[s.get("name")] = rels[rid][1]
    return out


def _cell_xml(coord: str, style: str | None, value) -> str:
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


def rewrite(
    p: Path,
    original: bytes | None,
    book: TemplateFile,
    ps: PriceSet,
    old_rows: list[tuple[int, dict]],
    kept: list[tuple[int, dict]],
) -> bytes:
    import io

    from openpyxl.formula.translate import Translator
    from openpyxl.utils import column_index_from_string, get_column_letter

    if original is None:  # pragma: no cover - TemplateFile already refused it
        raise WorkbookError(f"{p}: no such file")
    zin = zipfile.ZipFile(io.BytesIO(original))
    parts = _sheet_parts(zin)
    if PROV not in parts or parts[PROV] not in zin.namelist():
        raise WorkbookError(f"{p}: the {PROV} sheet's part is missing: damaged workbook")
    sheet_part = parts[PROV]
    xml = zin.read(sheet_part).decode("utf-8")
    m = _SHEETDATA.search(xml)
    if m is None:
        raise WorkbookError(f"{p}: {PROV}: no sheet data: damaged workbook")
    table_cols = set(book.columns.values())
    first_col, last_col = min(table_cols), max(table_cols)
    first = PROV_FIRST
    last_old = max([r for r, _ in old_rows] + [first - 1])
    n_new = len(ps.models) + len(kept)
    last_new = first + n_new - 1
    end = max(last_old, last_new)

    # parse the existing rows: {row: (row open tag, {col: cell xml})}
    rows: dict[int, tuple[str, dict[int, str]]] = {}
    body = m.group(0)
    for rm in _ROW.finditer(body):
        rxml = rm.group(0)
        open_tag = re.match(r"<(?:\w+:)?row\b[^>]*?/?>", rxml).group(0)
        rn = int(re.search(r'\br="(\d+)"', open_tag).group(1))
        cells = {}
        for cm in _CELL.finditer(rxml):
            cx = cm.group(0)
            ref = _ATTR_R.search(cx[: cx.index(">") + 1])
            cells[column_index_from_string(ref.group(1))] = cx
        rows[rn] = (open_tag, cells)
    if m.group("p"):
        raise WorkbookError(f"{p}: {PROV}: unusual XML (prefixed elements): cannot update safely")

    def style(col: int) -> str | None:
        for r in (first, first + 1, last_old, first + CAPACITY - 1):
            cx = rows.get(r, ("", {}))[1].get(col)
            if cx:
                sm = re.search(r'\bs="(\d+)"', cx[: cx.index(">") + 1])
                if sm:
                    return sm.group(1)
        return None

    styles = {c: style(c) for c in table_cols}
    # content below the old table that the longer table would cover: refuse rather than overwrite
    for r in range(last_old + 1, last_new + 1):
        for c, cx in rows.get(r, ("", {}))[1].items():
            if first_col <= c <= last_col and ("<v>" in cx or "<is>" in cx or "<f" in cx):
                raise WorkbookError(
                    f"{PROV}!{get_column_letter(c)}{r} is not empty and the updated table needs "
                    "that row: move it and run update-prices again"
                )
    # the new table cells, row by row
    new_cells: dict[int, dict[int, str]] = {}
    field_col = book.columns
    for i, mp in enumerate(ps.models):
        r = first + i
        vals = {f: getattr(mp, f) for f in PROVIDER_FIELDS}
        new_cells[r] = {
            c: _cell_xml(f"{get_column_letter(c)}{r}", styles[c], vals[f])
            for f, c in field_col.items()
        }
    for j, (src_r, _raw) in enumerate(kept):
        r = first + len(ps.models) + j
        src = rows.get(src_r, ("", {}))[1]
        out = {}
        for c in table_cols:
            cx = src.get(c)
            coord = f"{get_column_letter(c)}{r}"
            if cx is None:
                out[c] = f'<c r="{coord}"' + (f' s="{styles[c]}"' if styles[c] else "") + "/>"
                continue
            cx = _ATTR_R.sub(f'r="{coord}"', cx, count=1)
            if r != src_r and "<f" in cx:
                fm = re.search(r"<f\b([^>]*)>(.*?)</f>", cx, re.S)
                if fm is None or "t=" in fm.group(1):
                    raise WorkbookError(
                        f"{PROV}!{get_column_letter(c)}{src_r} holds a shared or array formula "
                        "that update-prices cannot move: replace it with its value and retry"
                    )
                from xml.sax.saxutils import unescape

                text = "=" + unescape(fm.group(2))
                moved = Translator(text, origin=f"{get_column_letter(c)}{src_r}").translate_formula(
                    coord
                )
                cx = cx[: fm.start(2)] + escape(moved[1:]) + cx[fm.end(2) :]
            out[c] = cx
        new_cells[r] = out
    for r in range(last_new + 1, end + 1):  # rows the table no longer reaches: styled blanks
        new_cells[r] = {
            c: f'<c r="{get_column_letter(c)}{r}"'
            + (f' s="{styles[c]}"' if styles[c] else "")
            + "/>"
            for c in table_cols
        }
    # assemble sheetData: other rows untouched; rewritten rows keep their non-table cells
    out_rows = []
    for r in sorted(set(rows) | set(new_cells)):
        open_tag, cells = rows.get(r, (f'<row r="{r}">', {}))
        if r not in new_cells:
            out_rows.append(_ROW_XML(open_tag, cells))
            continue
        merged = {c: cx for c, cx in cells.items() if c not in table_cols}
        merged.update(new_cells[r])
        open_tag = re.sub(r'\s+spans="[^"]*"', "", open_tag).replace("/>", ">")
        if not open_tag.endswith(">"):
            open_tag += ">"
        out_rows.append(_ROW_XML(open_tag, merged))
    sd_open = re.match(r"<sheetData\b[^>]*?/?>", body).group(0).replace("/>", ">")
    new_body = sd_open + "".join(out_rows) + "</sheetData>"
    xml = xml[: m.start()] + new_body + xml[m.end() :]

    replaced = {sheet_part: xml.encode("utf-8")}
    # the table's range
    last_ref = max(last_new, first)
    for rid, (typ, target) in _rels(zin, sheet_part).items():
        if typ.endswith("/table") and target in zin.namelist():
            txml = zin.read(target).decode("utf-8")
            tm = re.search(r"<(?:\w+:)?table\b[^>]*>", txml)
            if tm and re.search(rf'\b(?:name|displayName)="{TABLE_NAME}"', tm.group(0)):
                ref = f"{get_column_letter(first_col)}{PROV_HEADER_ROW}:{get_column_letter(last_col)}{last_ref}"
                txml = re.sub(
                    r'(<(?:\w+:)?table\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', txml, count=1
                )
                txml = re.sub(
                    r'(<(?:\w+:)?autoFilter\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', txml, count=1
                )
                replaced[target] = txml.encode("utf-8")
        del rid
    # the hidden sheet: which models came from the price data
    if META in parts and parts[META] in zin.namelist():
        mxml = zin.read(parts[META]).decode("utf-8")
        mm = _SHEETDATA.search(mxml)
        if mm is not None and not mm.group("p"):
            cells = [
                f'<row r="{k}">{_cell_xml(f"A{k}", None, a)}{_cell_xml(f"B{k}", None, b)}</row>'
                for k, (a, b) in enumerate(meta_rows(ps), 1)
            ]
            cells += [
                f'<row r="{META_IDS_FIRST + k}">{_cell_xml(f"A{META_IDS_FIRST + k}", None, mp.id)}</row>'
                for k, mp in enumerate(ps.models)
            ]
            mxml = (
                mxml[: mm.start()]
                + "<sheetData>"
                + "".join(cells)
                + "</sheetData>"
                + mxml[mm.end() :]
            )
            replaced[parts[META]] = mxml.encode("utf-8")
    # cached formula results are stale now: clear them so Excel and LibreOffice (which ignores
    # fullCalcOnLoad and trusts a file it saved itself) both compute afresh on opening
    for part in set(parts.values()):
        if part in zin.namelist():
            body = replaced.get(part, zin.read(part)).decode("utf-8")
            cleared = drop_cached_results(body)
            if cleared != body:
                replaced[part] = cleared.encode("utf-8")
    # recalculate on open (cached results elsewhere are now stale); drop the calculation chain,
    # which Excel rebuilds, since cells with formulas may have moved
    wxml = zin.read("xl/workbook.xml").decode("utf-8")
    replaced["xl/workbook.xml"] = _full_calc(wxml).encode("utf-8")
    drop = {n for n in zin.namelist() if n == "xl/calcChain.xml"}
    if drop:
        rels_name = "xl/_rels/workbook.xml.rels"
        rx = zin.read(rels_name).decode("utf-8")
        rx = re.sub(r"<Relationship\b[^>]*calcChain[^>]*/>", "", rx)
        replaced[rels_name] = rx.encode("utf-8")
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
                zout.writestr(info, zin.read(info.filename))
            else:
                zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = info.external_attr
                zout.writestr(zi, data)
    return buf.getvalue()


def drop_cached_results(sheet_xml: str) -> str:
    """The sheet's XML with the saved results of its formula cells removed (formulas kept)."""

    def clear(m: re.Match) -> str:
        cell = m.group(0)
        if "<f" not in cell:
            return cell
        head_end = cell.index(">") + 1
        head = re.sub(r'\s+t="[^"]*"', "", cell[:head_end])
        body = re.sub(r"<(\w+:)?v\b[^>]*?(?:/>|>.*?</(\1)?v>)", "", cell[head_end:], flags=re.S)
        return head + body

    return _CELL.sub(clear, sheet_xml)


def _ROW_XML(open_tag: str, cells: dict[int, str]) -> str:
    if open_tag.endswith("/>") and not cells:
        return open_tag
    tag = open_tag[:-2] + ">" if open_tag.endswith("/>") else open_tag
    return tag + "".join(cells[c] for c in sorted(cells)) + "</row>"


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
