"""Fast .xlsx access for the template tests: read cell values and set input cells in the XML.

openpyxl takes ~0.5 s to load or save the template; the oracle tests make and read dozens of
workbooks, so they patch and parse the sheet XML directly (the same cells a user types into).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath
from xml.sax.saxutils import escape

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class CellError(str):
    """An Excel error value in a cell (#VALUE!, #N/A, Err:502 ...)."""


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.iter(f"{NS_PKG}Relationship")}
    out = {}
    for s in wb.iter(f"{NS}sheet"):
        t = target[s.get(f"{NS_R}id")]
        out[s.get("name")] = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
    return out


def defined_names(z: zipfile.ZipFile) -> dict[str, str]:
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    return {d.get("name"): d.text for d in wb.iter(f"{NS}definedName")}


def _shared(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in root.iter(f"{NS}si")]


def read_cells(path, sheets=None) -> dict[str, dict[str, object]]:
    """{sheet: {coord: value}}: numbers as float, text as str, booleans, errors as CellError."""
    with zipfile.ZipFile(path) as z:
        parts = sheet_parts(z)
        shared = _shared(z)
        out = {}
        for name in sheets or parts:
            root = ET.fromstring(z.read(parts[name]))
            cells = {}
            for c in root.iter(f"{NS}c"):
                t = c.get("t", "n")
                v = c.find(f"{NS}v")
                if t == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter(f"{NS}t"))
                elif v is None or v.text is None:
                    val = "" if t == "str" else None
                elif t == "s":
                    val = shared[int(v.text)]
                elif t in ("str",):
                    val = v.text
                elif t == "b":
                    val = v.text == "1"
                elif t == "e":
                    val = CellError(v.text)
                else:
                    val = float(v.text)
                cells[c.get("r")] = val
            out[name] = cells
    return out


def _cell_xml(coord: str, style: str | None, value) -> str:
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{coord}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{coord}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, _dt.date):  # a date: its serial number (the cell's style shows it)
        day = value.date() if isinstance(value, _dt.datetime) else value
        return f'<c r="{coord}"{s}><v>{(day - _dt.date(1899, 12, 30)).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{coord}"{s}><v>{float(value)!r}</v></c>'
    return f'<c r="{coord}"{s} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def set_cells(data: bytes, changes: dict[str, dict[str, object]]) -> bytes:
    """A copy of the workbook ``data`` with ``{sheet: {coord: value}}`` typed into existing cells."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    parts = sheet_parts(zin)
    replaced = {}
    for sheet, cells in changes.items():
        xml = zin.read(parts[sheet]).decode("utf-8")
        for coord, value in cells.items():
            pat = re.compile(rf'<c r="{coord}"(?: s="(\d+)")?[^>]*?(?:/>|>.*?</c>)', re.S)
            m = pat.search(xml)
            if m is None:
                raise KeyError(f"{sheet}!{coord} is not in the sheet XML")
            xml = xml[: m.start()] + _cell_xml(coord, m.group(1), value) + xml[m.end() :]
        replaced[parts[sheet]] = xml.encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, replaced.get(info.filename, zin.read(info.filename)))
    return buf.getvalue()


def name_cells(data: bytes) -> dict[str, tuple[str, str]]:
    """Defined names that point at one cell → (sheet, coord)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name, ref in defined_names(z).items():
            m = re.fullmatch(r"'?(.*?)'?!\$([A-Z]+)\$(\d+)", ref or "")
            if m:
                out[name] = (m.group(1).replace("''", "'"), m.group(2) + m.group(3))
    return out


def _csv_value(text: str):
    if text == "":
        return None
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if text.startswith("#") or text.startswith("Err:"):
        return CellError(text)
    t = text[:-1] if text.endswith("%") else text
    try:
        x = float(t)
    except ValueError:
        return text
    return x / 100 if text.endswith("%") else x


def read_csv(path) -> dict[str, object]:
    """A sheet LibreOffice exported as CSV: {coord: value} (errors as CellError)."""
    import csv

    from openpyxl.utils import get_column_letter

    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f), 1):
            for c, text in enumerate(row, 1):
                if text != "":
                    out[f"{get_column_letter(c)}{r}"] = _csv_value(text)
    return out
