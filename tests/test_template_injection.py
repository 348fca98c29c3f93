"""Text from price data is never a formula (or an error value) in the template.

Every text field a price file has (provider, name, source, notes; the set's name, from the file
name, and its version) carries a payload that openpyxl would otherwise write as a formula
("=6666+1") or an error cell ("#N/A"). The generated workbook must hold each as literal text:
no <f> element carries it, openpyxl reads it back as the string, LibreOffice shows it as text
after a full recalculation, and update-prices and reading the workbook back keep it text.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from _template_xlsx import NS, sheet_parts
from ftcost.basemodels import is_base_only
from ftcost.pricing import load_prices
from ftcost.template import (
    CMP_FIRST,
    PROV_FIRST,
    PROVIDER_FIELDS,
    read_filled_template,
    template_bytes,
    update_prices,
)

PAYLOADS = (
    "=6666+1",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "#N/A",
    "\t=4444+1",
    "\n=1+1",
    " =1+1",
)
FILE_NAME = "=6666+1.toml"  # no [price_set] name: the set is named after the file
VERSION = '=HYPERLINK("http://x","y")'
# what pricing keeps of each payload (it strips surrounding whitespace at load)
KEPT = tuple(p.strip() for p in PAYLOADS)
IDS = ("gpt-4o", "gpt-4o-mini", *(f"m{k}" for k in range(2, len(PAYLOADS))))


def _toml_str(s: str) -> str:
    return json.dumps(s)  # a JSON string is a valid TOML basic string


def _names() -> list[str]:
    """A display name per model, each starting with its payload (names must differ)."""
    out, seen = [], set()
    for p in PAYLOADS:
        out.append(p if p.strip() not in seen else p + " (2)")
        seen.add(p.strip())
    return out


def write_price_file(folder: Path) -> Path:
    lines = ["[price_set]", f"version = {_toml_str(VERSION)}", f"description = {_toml_str('=1+1')}"]
    for mid, p, name in zip(IDS, PAYLOADS, _names(), strict=True):
        lines += [
            "",
            "[[model]]",
            f'id = "{mid}"',
            f"provider = {_toml_str(p)}",
            f"name = {_toml_str(name)}",
            'status = "active"',
            "checked = 2026-11-27",
            f"source = {_toml_str(p)}",
            f"notes = {_toml_str(p)}",
            f"access = {_toml_str(p)}",
            "retires = 2027-06-30",
            "base_input = 2.5",
            "base_output = 10.0",
            "ft_input = 0.3",
            "ft_output = 1.2",
            "training = 3.0",
        ]
    path = folder / FILE_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def price_file(tmp_path_factory) -> Path:
    return write_price_file(tmp_path_factory.mktemp("payload-prices"))


@pytest.fixture(scope="module")
def blob(price_file) -> bytes:
    return template_bytes(price_file)


def _formulas(data: bytes) -> dict[str, list[str]]:
    """{sheet: [formula text of every <f> element]}."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for sheet, part in sheet_parts(z).items():
            root = ET.fromstring(z.read(part))
            out[sheet] = [f.text or "" for f in root.iter(f"{NS}f")]
    return out


def _assert_no_payload_formula(data: bytes) -> None:
    for sheet, formulas in _formulas(data).items():
        for text in formulas:
            for p in KEPT:
                # a formula's text has no leading "=": look for the payload's body
                body = p[1:] if p.startswith("=") else p
                assert body not in text, f"{sheet}: payload {p!r} became a formula: ={text}"


def test_price_file_keeps_the_payloads(price_file):
    ps = load_prices(price_file)
    assert ps.name == "=6666+1"
    assert ps.version == VERSION
    assert [m.provider for m in ps.models] == list(KEPT)


def test_no_formula_carries_a_payload(blob):
    _assert_no_payload_formula(blob)
    # the check looks at the real thing: the template has thousands of formulas
    assert sum(len(v) for v in _formulas(blob).values()) > 1000


def test_payloads_read_back_as_literal_text(blob):
    wb = openpyxl.load_workbook(io.BytesIO(blob))
    ws = wb["Providers"]
    cols = {
        f: PROVIDER_FIELDS.index(f) + 1 for f in ("provider", "name", "source", "notes", "access")
    }
    for k, p in enumerate(KEPT):
        r = PROV_FIRST + k
        for f, c in cols.items():
            cell = ws.cell(row=r, column=c)
            want = _names()[k].strip() if f == "name" else p
            assert cell.data_type == "s" and cell.value == want, (f, r, cell.value)
    meta = wb["ftcost"]
    assert (meta["B2"].value, meta["B2"].data_type) == ("=6666+1", "s")
    assert (meta["B3"].value, meta["B3"].data_type) == (VERSION, "s")
    start = wb["Start"]
    price_data = [
        start.cell(row=r, column=2) for r in range(1, start.max_row + 1)
        if start.cell(row=r, column=1).value == "Price data"
    ]  # fmt: skip
    assert len(price_data) == 1
    assert price_data[0].data_type == "s" and price_data[0].value.startswith("=6666+1 " + VERSION)
    # and no cell anywhere is an error value or a formula holding a payload
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "e", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"


def test_named_price_set_and_version(tmp_path):
    """The set's name and version from a [price_set] table: literal text too."""
    src = write_price_file(tmp_path).read_text(encoding="utf-8")
    src = src.replace("[price_set]", '[price_set]\nname = "#N/A"', 1)
    src = src.replace(f"version = {_toml_str(VERSION)}", 'version = "@SUM(1)"')
    path = tmp_path / "named.toml"
    path.write_text(src, encoding="utf-8")
    data = template_bytes(path)
    _assert_no_payload_formula(data)
    meta = openpyxl.load_workbook(io.BytesIO(data))["ftcost"]
    assert [(meta[c].value, meta[c].data_type) for c in ("B2", "B3")] == [
        ("#N/A", "s"),
        ("@SUM(1)", "s"),
    ]


def test_reading_back_keeps_the_text(blob, tmp_path):
    path = tmp_path / "filled.xlsx"
    path.write_bytes(blob)
    filled = read_filled_template(path)
    rows = [m for m in filled.prices.models if not is_base_only(m)]  # the Providers rows
    assert [m.provider for m in rows] == list(KEPT)
    assert [m.notes for m in rows] == list(KEPT)
    assert [m.access for m in rows] == list(KEPT)
    assert {m.retires for m in rows} == {_dt.date(2027, 6, 30)}


def test_update_prices_writes_text(price_file, tmp_path):
    """update-prices from the payload file into a default template: text, never a formula."""
    path = tmp_path / "book.xlsx"
    path.write_bytes(template_bytes("default"))
    update_prices(path, price_file)
    data = path.read_bytes()
    _assert_no_payload_formula(data)
    wb = openpyxl.load_workbook(path)
    ws = wb["Providers"]
    c = PROVIDER_FIELDS.index("provider") + 1
    # rows never move: the default's gpt-4o and gpt-4o-mini keep theirs, the rest are added below
    n = len(load_prices("default").models)
    rows = [PROV_FIRST, PROV_FIRST + 1, *(PROV_FIRST + n + k for k in range(len(KEPT) - 2))]
    got = [ws.cell(row=r, column=c) for r in rows]
    assert [(x.value, x.data_type) for x in got] == [(p, "s") for p in KEPT]
    meta = wb["ftcost"]
    assert [(meta[c].value, meta[c].data_type) for c in ("B2", "B3")] == [
        ("=6666+1", "s"),
        (VERSION, "s"),
    ]


@pytest.mark.slow
def test_libreoffice_shows_literal_text(blob, soffice, tmp_path):
    """Recalculated by LibreOffice: the Providers cells and the ranking (which looks them up
    with INDEX) show each payload as the text it is."""
    src = tmp_path / "payload.xlsx"
    src.write_bytes(blob)
    out = soffice.recalc(src, tmp_path / "lo")
    wb = openpyxl.load_workbook(out, data_only=True)
    ws = wb["Providers"]
    c = PROVIDER_FIELDS.index("provider") + 1
    assert [ws.cell(row=PROV_FIRST + k, column=c).value for k in range(len(KEPT))] == list(KEPT)
    formulas = openpyxl.load_workbook(out)
    for k in range(len(KEPT)):
        assert formulas["Providers"].cell(row=PROV_FIRST + k, column=c).data_type == "s"
    # the ranking copies provider texts through formulas: its values are the literal payloads
    cmp = wb["Compare providers"]
    ranked = {cmp[f"C{r}"].value for r in range(CMP_FIRST, CMP_FIRST + len(KEPT))}
    assert ranked == set(KEPT)
    assert wb["ftcost"]["B2"].value == "=6666+1"
