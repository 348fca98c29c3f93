"""The workbooks ftcost writes are valid Office Open XML: ISO/IEC 29500 transitional schemas.

The validator is openxml-audit (PyPI; a pure-Python port of the Open XML SDK's validator, the
schemas Excel's own "repair" check follows), at its default Office 2019 level: the transitional
schemas plus the Office extensions. Every XML part it schema-checks (sheets, charts, drawings,
tables, styles, theme, workbook, document properties) must have no error. What it does not
schema-check (relationship parts and [Content_Types].xml, ISO/IEC 29500-2) is checked here by
their rules: a test proves which parts it sees.

One false positive is filtered, and only where it is provably one:

* ``Unexpected element 'sz'`` (or ``b``, ``color`` …) inside ``styles.xml``'s ``<font>``:
  ISO/IEC 29500-1 (sml.xsd) defines ``CT_Font`` as ``<xsd:choice maxOccurs="unbounded">`` of its
  child elements, so they may come in any order; the Open XML SDK (hence openxml-audit) models it
  as a fixed sequence and flags openpyxl's order (name, family, b, i, color, sz …). Filtered only
  when the flagged element is a CT_Font child and the font holds each child at most once.

Warnings are not failures: openxml-audit warns that cells written as inline strings
(``t="inlineStr"``, valid SpreadsheetML) will be moved to a shared-strings table when Excel
saves the file — a rewrite on save, not a repair.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from _template_xlsx import name_cells, set_cells
from ftcost.cli import main
from ftcost.template import template_bytes

openxml_audit = pytest.importorskip("openxml_audit", reason="pip install -e '.[test]'")

pytestmark = pytest.mark.slow  # each file takes the validator 1-3 s

# ISO/IEC 29500-1 sml.xsd, CT_Font: <xsd:choice maxOccurs="unbounded"> of these elements
CT_FONT_CHILDREN = frozenset(
    {"b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign"}
    | {"sz", "color", "name", "family", "charset", "scheme"}
)
SCATTER_STYLE = "Required element 'scatterStyle' is missing"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PKG_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# A 12-scenario file: models, volumes, output and options vary (one tab per scenario in the report)
SCENARIOS_12 = "title = 'Twelve workloads'\n\n" + "\n".join(
    f"[[scenario]]\nname = 'Case {i + 1}'\nbase = '{base}'\ncandidate = '{cand}'\n"
    f"training_tokens = '{train}'\nmonthly_tokens = '{monthly}'\noutput_ratio = {ratio}\n"
    f"epochs = {1 + i % 3}\nmonths = {6 * (1 + i % 4)}\n"
    for i, (base, cand, train, monthly, ratio) in enumerate(
        [
            ("gpt-4o", "gpt-4o-mini", "5M", "1M", 0),
            ("gpt-4o", "gpt-4o-mini", "5M", "20M", 0.3),
            ("gpt-4.1", "gpt-4.1-nano", "20M", "50M", 0.4),
            ("gpt-4.1", "gpt-4.1-mini", "10M", "5M", 0.1),
            ("gpt-4o", "llama-3.1-8b", "10M", "3M", 0.5),
            ("gpt-4o", "mistral-small-4", "8M", "40M", 1),
            ("gpt-4o-mini", "gpt-4o", "5M", "1M", 0),  # never pays back
            ("gpt-4.1", "llama-3.1-70b", "2M", "100M", 0.2),
            ("gpt-4o", "gemini-1.5-flash", "1M", "500K", 0),
            ("gpt-4.1-mini", "gpt-4.1-nano", "30M", "200M", 0.25),
            ("gpt-4o", "command-r-plus", "4M", "10M", 0.6),
            ("gpt-4o", "mistral-large-3", "6M", "80M", 0.3),
        ]
    )
)


def _font_order_only(e, styles: bytes) -> bool:
    """The CT_Font child-order false positive (see the module docstring), and nothing else."""
    m = re.fullmatch(r"/styleSheet\[1\]/fonts\[1\]/font\[(\d+)\]", e.path)
    if e.part_uri != "/xl/styles.xml" or not m or e.node not in CT_FONT_CHILDREN:
        return False
    if not e.description.startswith(f"Unexpected element '{e.node}' found"):
        return False
    font = list(ET.fromstring(styles).find(f"{MAIN}fonts"))[int(m.group(1)) - 1]
    children = [c.tag.removeprefix(MAIN) for c in font]
    return set(children) <= CT_FONT_CHILDREN and len(children) == len(set(children))


def schema_errors(path: Path) -> list[str]:
    """openxml-audit's errors for ``path``, less the proven false positive."""
    validator = openxml_audit.OpenXmlValidator(
        file_format=openxml_audit.FileFormat.OFFICE_2019, max_errors=0
    )
    result = validator.validate(str(path))
    styles = zipfile.ZipFile(path).read("xl/styles.xml")
    return [
        f"{e.part_uri} {e.path} <{e.node}>: {e.description}"
        for e in result.errors
        if e.severity == openxml_audit.ValidationSeverity.ERROR and not _font_order_only(e, styles)
    ]


def package_errors(path: Path) -> list[str]:
    """ISO/IEC 29500-2 (OPC) rules for the parts openxml-audit does not schema-check: every
    part has a content type; relationship parts hold Relationship elements with unique Ids whose
    internal targets exist."""
    out = []
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    ct = ET.fromstring(z.read("[Content_Types].xml"))
    if ct.tag != f"{PKG_CT}Types":
        out.append("[Content_Types].xml: root is not Types")
    defaults = {d.get("Extension").lower() for d in ct.findall(f"{PKG_CT}Default")}
    overrides = {o.get("PartName") for o in ct.findall(f"{PKG_CT}Override")}
    if any(c.tag not in (f"{PKG_CT}Default", f"{PKG_CT}Override") for c in ct):
        out.append("[Content_Types].xml: an element that is not Default or Override")
    for name in names - {"[Content_Types].xml"}:
        if "/" + name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            out.append(f"/{name}: no content type")
    for o in overrides:
        if o.lstrip("/") not in names:
            out.append(f"[Content_Types].xml: Override for a missing part {o}")
    for name in sorted(n for n in names if n.endswith(".rels")):
        root = ET.fromstring(z.read(name))
        if root.tag != f"{PKG_RELS}Relationships":
            out.append(f"/{name}: root is not Relationships")
        ids = [r.get("Id") for r in root]
        if len(ids) != len(set(ids)) or None in ids:
            out.append(f"/{name}: Ids missing or not unique")
        source_dir = posixpath.dirname(posixpath.dirname(name))  # xl/_rels/x.rels → xl
        for r in root:
            if r.tag != f"{PKG_RELS}Relationship" or not r.get("Type") or not r.get("Target"):
                out.append(f"/{name}: a Relationship without Type or Target")
                continue
            if r.get("TargetMode") == "External":
                continue
            t = r.get("Target")
            target = (
                t.lstrip("/")
                if t.startswith("/")
                else posixpath.normpath(posixpath.join(source_dir, t))
            )
            if target not in names:
                out.append(f"/{name}: {r.get('Id')} targets a missing part {t}")
    return out


def _ftcost(*args: str) -> None:
    assert main([*args]) == 0


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("ooxml")
    out = {}
    out["template"] = d / "template.xlsx"
    _ftcost("template", "-o", str(out["template"]))
    out["report --example"] = d / "example.xlsx"
    _ftcost("report", "--example", "-o", str(out["report --example"]), "-q")
    scenarios = d / "twelve.toml"
    scenarios.write_text(SCENARIOS_12, encoding="utf-8")
    out["report of 12 scenarios"] = d / "twelve.xlsx"
    _ftcost("report", str(scenarios), "-o", str(out["report of 12 scenarios"]), "-q")
    out["report of workbook/example-scenarios.toml"] = d / "example-scenarios.xlsx"
    example = Path(__file__).resolve().parents[1] / "workbook" / "example-scenarios.toml"
    _ftcost(
        "report", str(example), "-o", str(out["report of workbook/example-scenarios.toml"]), "-q"
    )
    # a template filled in as a user does (inputs typed into its named cells)
    data = template_bytes("default")
    where = name_cells(data)
    typed: dict[str, dict[str, object]] = {}
    for name, value in {
        "base_model": "gpt-4.1",
        "ft_model": "gpt-4.1-nano",
        "training_tokens": 20_000_000,
        "epochs": 3,
        "monthly_tokens": 50_000_000,
        "output_ratio": 0.4,
        "months": 24,
    }.items():
        sheet, coord = where[name]
        typed.setdefault(sheet, {})[coord] = value
    filled = d / "filled.xlsx"
    filled.write_bytes(set_cells(data, typed))
    out["report of a filled template"] = d / "from-template.xlsx"
    _ftcost("report", str(filled), "-o", str(out["report of a filled template"]), "-q")
    return out


KINDS = [
    "template",
    "report --example",
    "report of 12 scenarios",
    "report of workbook/example-scenarios.toml",
    "report of a filled template",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_part_validates_against_the_transitional_schemas(books, kind):
    errors = [e for e in schema_errors(books[kind]) if SCATTER_STYLE not in e]
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("kind", KINDS)
def test_package_parts_follow_the_opc_rules(books, kind):
    assert package_errors(books[kind]) == []


@pytest.mark.parametrize("kind", [k for k in KINDS if k.startswith("report")])
def test_report_scatter_charts_have_a_scatter_style(books, kind):
    errors = [e for e in schema_errors(books[kind]) if SCATTER_STYLE in e]
    assert errors == [], "\n".join(errors)


def test_the_template_has_scatter_styles(books):
    assert [e for e in schema_errors(books["template"]) if SCATTER_STYLE in e] == []


def test_the_twelve_scenario_report_holds_twelve_scenarios(books):
    z = zipfile.ZipFile(books["report of 12 scenarios"])
    text = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert all(f"Case {i}<" in text for i in range(1, 13))


def _with_a_bogus_element_in_every_part(path: Path) -> tuple[bytes, list[str]]:
    from lxml import etree  # openxml-audit's own dependency

    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    parts = []
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xml") and info.filename != "[Content_Types].xml":
                root = etree.fromstring(data)
                etree.SubElement(root, f"{{{etree.QName(root).namespace}}}ftcostBogus")
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                parts.append("/" + info.filename)
            out.writestr(info, data)
    return buf.getvalue(), parts


@pytest.mark.parametrize("kind", ["template", "report --example"])
def test_the_validator_sees_every_xml_part(books, kind, tmp_path):
    # an element no schema has, put into every XML part: each part must be reported, so a
    # clean result above means each part was checked (not skipped)
    data, parts = _with_a_bogus_element_in_every_part(books[kind])
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(data)
    errors = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(bogus)).errors
    seen = {e.part_uri for e in errors if "ftcostBogus" in f"{e.description} {e.node}"}
    kinds = {re.sub(r"\d+", "N", p) for p in parts}
    assert {"/xl/charts/chartN.xml", "/xl/worksheets/sheetN.xml", "/xl/styles.xml"} <= kinds
    assert sorted(set(parts) - seen) == []


def test_the_font_filter_keeps_real_font_errors(tmp_path, books):
    # a font holding an element CT_Font does not have, or one child twice, is still an error
    src = zipfile.ZipFile(books["template"])
    styles = src.read("xl/styles.xml").decode()
    bad = styles.replace("<font>", "<font><b val='1'/><b val='1'/>", 1).replace(
        "</font>", "<ftcostBogus/></font>", 1
    )
    broken = tmp_path / "bad-font.xlsx"
    with zipfile.ZipFile(broken, "w") as out:
        for info in src.infolist():
            out.writestr(info, bad if info.filename == "xl/styles.xml" else src.read(info))
    errors = schema_errors(broken)
    assert any("/font[1]" in e for e in errors), errors
