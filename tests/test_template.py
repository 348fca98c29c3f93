"""The template workbook: what it contains, that it is deterministic and matches the committed
copy, reading a filled-in one back, update-prices, the CLI, and its rendering."""

from __future__ import annotations

import collections
import datetime as _dt
import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from _template_xlsx import NS, name_cells, set_cells
from ftcost import udfs
from ftcost.engine.grade import GRADE_THRESHOLDS
from ftcost.errors import FtCostError, WorkbookError
from ftcost.model import TrainingPlan, Workload
from ftcost.pricing import load_prices
from ftcost.template import (
    ALT_INPUTS,
    DEC_INPUTS,
    FIXED_TIME,
    INPUTS,
    PROV_FIRST,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    RESULTS,
    SHEETS,
    AlternativeInputs,
    DecisionInputs,
    read_filled_template,
    template_bytes,
    write_template,
)
from ftcost.template.layout import CAPACITY, CUR_CAPACITY

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "workbook" / "ftcost-template.xlsx"
REQUIRED_NAMES = (
    "base_model", "ft_model", "training_tokens", "epochs", "monthly_tokens", "output_ratio",
    "months", "training_cost", "breakeven_tokens", "breakeven_months", "monthly_savings",
    "net_savings",
)  # fmt: skip


@pytest.fixture(scope="module")
def blob() -> bytes:
    return template_bytes("default")


@pytest.fixture(scope="module")
def wb(blob):
    return openpyxl.load_workbook(io.BytesIO(blob))


@pytest.fixture
def path(tmp_path, blob) -> Path:
    p = tmp_path / "case.xlsx"
    p.write_bytes(blob)
    return p


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _blank_volatile(name: str, body: bytes) -> bytes:
    """XlsxWriter-style: what always differs between two saves is blanked before comparing."""
    if name == "docProps/core.xml":
        body = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<", rb"<dcterms:\1\2><", body)
    return body


# ---------------------------------------------------------------- generation


def test_same_prices_same_bytes(blob, tmp_path):
    assert template_bytes("default") == blob
    out = write_template(tmp_path / "t.xlsx", "default")
    assert out.read_bytes() == blob
    core = _parts(blob)["docProps/core.xml"].decode()
    assert FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ") in core


def test_committed_copy_matches_the_generator(blob):
    """workbook/ftcost-template.xlsx is what `ftcost template` makes (regenerate it with
    `ftcost template -o workbook/ftcost-template.xlsx --force` after changing prices or code)."""
    assert COMMITTED.exists(), "run: ftcost template -o workbook/ftcost-template.xlsx"
    got, want = _parts(COMMITTED.read_bytes()), _parts(blob)
    assert sorted(got) == sorted(want)
    for name in want:
        assert _blank_volatile(name, got[name]) == _blank_volatile(name, want[name]), (
            f"{name} differs: regenerate with `ftcost template -o workbook/ftcost-template.xlsx --force`"
        )


def test_write_refuses_to_overwrite(tmp_path):
    p = tmp_path / "t.xlsx"
    p.write_bytes(b"mine")
    with pytest.raises(FtCostError, match="already exists"):
        write_template(p)
    assert p.read_bytes() == b"mine"
    write_template(p, force=True)
    assert zipfile.is_zipfile(p)
    with pytest.raises(FtCostError, match=r"\.xlsx"):
        write_template(tmp_path / "t.xls")


def test_sheets_and_names(wb):
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == [s for s in SHEETS if s != "ftcost"]
    assert wb["ftcost"].sheet_state == "hidden"
    names = wb.defined_names
    for n in REQUIRED_NAMES:
        [(sheet, coord)] = list(names[n].destinations)
        assert sheet == "Break-even", n
        assert ":" not in coord
    for i in (*INPUTS, *ALT_INPUTS, *DEC_INPUTS):
        assert i.name in names, i.name
    for n, _label, _fmt in RESULTS:
        assert n in names


def test_inputs_are_styled_named_and_validated(wb):
    for i in (*INPUTS, *ALT_INPUTS, *DEC_INPUTS):
        [(sheet, coord)] = list(wb.defined_names[i.name].destinations)
        c = wb[sheet][coord.replace("$", "")]
        assert c.fill.fgColor.rgb.endswith("FFF2CC"), i.name
        assert c.font.color.rgb.endswith("0000FF"), i.name
        dvs = [dv for dv in wb[sheet].data_validations.dataValidation if c.coordinate in dv.sqref]
        assert len(dvs) == 1, i.name
        if i.kind == "model":  # any current model can be the base; candidates are Providers rows
            want = "base_list" if i.name == "base_model" else "model_list"
            assert dvs[0].type == "list" and dvs[0].formula1 == want


def test_every_cell_names_one_font(blob):
    """Arial, named on every font a cell can use (no theme font Excel and LibreOffice resolve
    differently); conditional formats (dxf) only change colour and weight."""
    styles = ET.fromstring(_parts(blob)["xl/styles.xml"])
    fonts = styles.find(f"{NS}fonts")
    assert len(fonts) > 1
    for font in fonts:
        assert font.find(f"{NS}name").get("val") == "Arial"
        assert font.find(f"{NS}scheme") is None and font.find(f"{NS}sz") is not None


def test_providers_table(wb):
    ps = load_prices("default")
    ws = wb["Providers"]
    table = ws.tables["Providers"]
    last_col = get_column_letter(len(PROVIDER_HEADERS))
    assert table.ref == f"A4:{last_col}{PROV_FIRST + len(ps.models) - 1}"
    assert [c.name for c in table.tableColumns] == list(PROVIDER_HEADERS)
    assert ws.freeze_panes == "B5"
    for k, m in enumerate(ps.models):
        r = PROV_FIRST + k
        assert ws[f"A{r}"].value == m.id
        assert ws[f"F{r}"].value == m.base_input
        assert ws[f"F{r}"].number_format.startswith('"$"')
        assert ws[f"E{r}"].value.date() == m.checked
    assert wb.defined_names["P_base_input"].attr_text == "'Providers'!$F$5:$F$204"


def _formulas(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    yield ws.title, c.coordinate, c.value


def test_formulas_portable_and_price_free(wb):
    """No function LibreOffice 7.4 or older Excel lacks; no price typed into a formula."""
    banned = re.compile(
        r"\b(XLOOKUP|XMATCH|LET|LAMBDA|SEQUENCE|FILTER|SORT|SORTBY|UNIQUE|TEXTJOIN|IFS|SWITCH|MAXIFS|MINIFS|CONCAT)\("
    )
    allowed = {0, 1, 3, 12, 25, 100, 120, 730, 1000, 1200, 10000, 25000, 1000000, 1000000000,
               30.4375, 2020, 2100, 0.005}  # days per month (lifecycle), the As of date's bounds, half a cent (the decision's tie)  # fmt: skip
    literals = set()
    n = 0
    for sheet, coord, f in _formulas(wb):
        n += 1
        if sheet == "Functions":
            continue  # the FT_* examples (add-in formulas) take literal arguments on purpose
        assert not banned.search(f), f"{sheet}!{coord}: {f}"
        body = re.sub(r'"[^"]*"', '""', f)  # text literals
        body = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "R", body)  # cell references
        body = re.sub(r"\b[A-Za-z_][A-Za-z0-9_.]*", "N", body)  # names and functions
        literals |= {float(x) for x in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", body)}
    assert n > 5000
    # positions, ranks and months of the schedule; the base-model list's positions
    small_ints = {float(k) for k in range(0, CAPACITY + CUR_CAPACITY + 1)}
    allowed |= {upper for _letter, upper in GRADE_THRESHOLDS[:-1]}  # the grade's letters
    assert literals - small_ints <= {float(x) for x in allowed}, literals - small_ints


def test_functions_sheet_lists_every_udf(wb):
    ws = wb["Functions"]
    listed = [ws[f"A{r}"].value for r in range(5, 5 + len(udfs.FUNCTIONS))]
    assert listed == list(udfs.FUNCTIONS)
    assert "need the ftcost add-in" in ws["A1"].value
    for r, name in enumerate(udfs.FUNCTIONS, 5):
        assert ws[f"D{r}"].value == udfs.EXAMPLES[name]
        assert ws[f"D{r}"].data_type == "s"  # shown as text, not run
    r = 5 + list(udfs.FUNCTIONS).index("FT_BREAKEVEN")
    assert ws[f"E{r}"].value == pytest.approx(6818181.818181818, rel=1e-12)
    r = 5 + list(udfs.FUNCTIONS).index("FT_TRAINING_COST")
    assert ws[f"E{r}"].value == 15.0


def test_functions_tab_for_the_xlwings_server_route(tmp_path, capsys):
    """--namespace XLWINGS: every FT_* call on the Functions tab reads XLWINGS.FT_… (the xlwings
    Server's manifest namespace), and the tab says which route it is made for."""
    from ftcost.cli import main

    out = tmp_path / "server.xlsx"
    assert main(["template", "-o", str(out), "--namespace", "XLWINGS"]) == 0
    ws = openpyxl.load_workbook(out)["Functions"]
    assert "xlwings Server" in ws["A1"].value and "XLWINGS.FT_" in ws["A2"].value
    for r, name in enumerate(udfs.FUNCTIONS, 5):
        assert ws[f"A{r}"].value == "XLWINGS." + name
        example = ws[f"D{r}"].value
        assert example == udfs.EXAMPLES[name].replace(name + "(", "XLWINGS." + name + "(", 1)
        assert "FT_" not in re.sub(r"XLWINGS\.FT_", "", example)  # no call left unprefixed
        live = ws[f"F{r}"].value
        if isinstance(live, str) and live.startswith("="):
            assert live == f'=IFERROR({example[1:]},"needs the add-in")'
    plain = openpyxl.load_workbook(io.BytesIO(template_bytes()))["Functions"]
    assert plain["A5"].value == next(iter(udfs.FUNCTIONS)) and "add-in" in plain["A2"].value
    assert main(["template", "-o", str(tmp_path / "x.xlsx"), "--namespace", "1 bad"]) == 1
    err = capsys.readouterr().err
    assert "namespace" in err and err.count("\n") == 1


def test_as_of_input_is_the_day_made_for(tmp_path):
    """The As of input holds the day the template is made for (FTCOST_AS_OF in the tests), and
    --as-of sets another; Start shows it."""
    from ftcost.cli import main

    names = name_cells(template_bytes())
    sheet, coord = names["as_of"]
    assert sheet == "Break-even"
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert wb[sheet][coord].value.date().isoformat() == "2026-12-01"
    assert wb["Start"]["B10"].value == "=as_of"
    out = tmp_path / "t.xlsx"
    assert main(["template", "-o", str(out), "--as-of", "2025-06-01"]) == 0
    assert openpyxl.load_workbook(out)[sheet][coord].value.date().isoformat() == "2025-06-01"


def test_same_template_without_xlwings(blob):
    """The Functions tab comes from ftcost.functions (no xlwings): a Python where
    `import xlwings` fails makes the same bytes, Functions tab included."""
    code = (
        "import sys; sys.modules['xlwings'] = None\n"  # any import of xlwings now fails
        "from ftcost.template import template_bytes\n"
        "data = template_bytes('default')\n"
        "assert not any(m == 'xlwings' or m.startswith(('xlwings.', 'ftcost.udfs')) "
        "for m in sys.modules if sys.modules[m] is not None), 'xlwings or ftcost.udfs imported'\n"
        "sys.stdout.buffer.write(data)\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert got.stdout == blob


def test_xlwings_conf(wb):
    ws = wb["xlwings.conf"]
    assert (ws["A1"].value, ws["B1"].value) == ("UDF Modules", "ftcost.udfs")
    assert ws["A2"].value is None and ws["C1"].value is None  # the block xlwings reads ends there


# ---------------------------------------------------------------- reading


def test_read_defaults(path):
    ft = read_filled_template(path)
    assert (ft.base, ft.candidate) == ("gpt-4o", "gpt-4o-mini")
    assert ft.plan == TrainingPlan(5e6)
    assert ft.workload == Workload(monthly_tokens=1e6)
    assert ft.path == str(path)
    default = load_prices("default")
    n = len(default.models)
    assert [m.as_dict() for m in ft.prices.models[:n]] == [m.as_dict() for m in default.models]
    # then the Current models rows ftcost's catalog lacks: genai-prices' base prices, read back
    from ftcost.basemodels import is_base_only, resolve

    assert len(ft.prices.models) > n and all(is_base_only(m) for m in ft.prices.models[n:])
    for m in ft.prices.models[n:]:
        g = resolve(m.id, default, as_of=_dt.date(2026, 12, 1))
        for f in ("provider", "status", "checked", "base_input", "base_output",
                  "base_cached_input", "base_batch_input", "base_batch_output", "notes"):  # fmt: skip
            assert getattr(m, f) == getattr(g, f), (m.id, f)


def _typed(path: Path, **inputs) -> Path:
    names = name_cells(path.read_bytes())
    changes: dict = {}
    for k, v in inputs.items():
        sheet, coord = names[k] if k in names else k.split("!")
        changes.setdefault(sheet, {})[coord] = v
    path.write_bytes(set_cells(path.read_bytes(), changes))
    return path


def test_read_every_input(path):
    _typed(
        path, base_model="GPT-4.1", ft_model="gpt-4.1-nano", training_tokens=2e6, epochs=3,
        validation_tokens=1e5, runs=2, training_hours=1.5, retrain_every=4, monthly_tokens=5e7,
        output_ratio=0.5, prompt_overhead=1.5, fallback_share=0.05, cached_share=0.2,
        batch_share=0.25, months=24,
    )  # fmt: skip
    ft = read_filled_template(path)
    assert (ft.base, ft.candidate) == ("gpt-4.1", "gpt-4.1-nano")
    assert ft.plan == TrainingPlan(2e6, 3, 1e5, 2, 1.5)
    assert ft.workload == Workload(5e7, 0.5, 1.5, 0.05, 0.2, 0.25, 24, 4)


# errors reading inputs: tests/test_template_reading.py


def test_read_decision_and_alternatives(path):
    ft = read_filled_template(path)
    assert ft.decision == DecisionInputs() and ft.alternatives == AlternativeInputs()
    assert (ft.decision.narrow_task, ft.decision.priority) == (True, "cost")  # the tabs' defaults
    assert ft.cells["priority"] == "Decision!B11" and ft.cells["rag_requests"] == "Alternatives!B13"
    _typed(
        path, q_narrow_task=None, q_prompt_solves="yes", q_changing="NO", q_reasoning="Yes",
        q_multi_task="No", candidate_choice="choose by priority", priority="Self-hosting",
        high_volume=5e7, low_volume=2e6, pe_model="GPT-4.1", rag_model="gpt-4.1-mini",
        rag_requests=25_000, rag_context_tokens=3_000, rag_embedding_price=0.13,
        rag_search_price=0.0002, rag_corpus_tokens=4e7, route_cheap="gpt-4.1-nano",
        route_premium="gpt-4o", route_simple_share=0.55, route_router_price=0.03,
    )  # fmt: skip
    ft = read_filled_template(path)
    assert ft.decision == DecisionInputs(
        narrow_task=False,  # blank is not "Yes", as the tab's formulas read it
        prompt_solves=True, changing_requirements=False, needs_reasoning=True, multi_task=False,
        choose_by_priority=True, priority="self-hosting", high_volume=5e7, low_volume=2e6,
    )  # fmt: skip
    assert ft.alternatives == AlternativeInputs(
        pe_model="gpt-4.1", rag_model="gpt-4.1-mini", rag_requests=25_000,
        rag_context_tokens=3_000, rag_embedding_price=0.13, rag_search_price=0.0002,
        rag_corpus_tokens=4e7, route_cheap="gpt-4.1-nano", route_premium="gpt-4o",
        route_simple_share=0.55, route_router_price=0.03,
    )  # fmt: skip
    # a blank choice is the Break-even tab's model; then a blank priority is not needed
    _typed(path, candidate_choice=None, priority=None)
    d = read_filled_template(path).decision
    assert (d.choose_by_priority, d.priority) == (False, "cost")


def test_a_formula_without_saved_value(path):
    wb = openpyxl.load_workbook(path)
    wb["Break-even"]["B8"] = "=2*1000000"
    wb.save(path)
    with pytest.raises(WorkbookError, match=r"Break-even!B8 holds a formula with no saved result"):
        read_filled_template(path)


def test_foreign_and_damaged_workbooks(tmp_path, blob):
    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    with pytest.raises(WorkbookError, match="not an ftcost template"):
        read_filled_template(foreign)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(WorkbookError, match=r"not a readable \.xlsx"):
        read_filled_template(broken)
    with pytest.raises(WorkbookError, match="no such file"):
        read_filled_template(tmp_path / "missing.xlsx")


# ---------------------------------------------------------------- update-prices


# update-prices: tests/test_update_prices.py


def _older_template(path: Path, drop: tuple[str, ...]) -> None:
    """A template as an older ftcost made it: without the Providers columns of ``drop``."""
    path.write_bytes(template_bytes("article"))
    wb = openpyxl.load_workbook(path)
    ws = wb["Providers"]
    for col in sorted((PROVIDER_FIELDS.index(f) + 1 for f in drop), reverse=True):
        ws.delete_cols(col)
    table = ws.tables["Providers"]
    last_row = openpyxl.utils.cell.range_boundaries(table.ref)[3]
    table.ref = f"A4:{get_column_letter(len(PROVIDER_FIELDS) - len(drop))}{last_row}"
    table.tableColumns = []  # openpyxl names them from the header cells on saving
    wb.save(path)


def test_a_required_column_must_be_there(tmp_path):
    p = tmp_path / "bad.xlsx"
    _older_template(p, ("training",))
    with pytest.raises(WorkbookError, match=r"lacks column.*'Training \$/1M'"):
        read_filled_template(p)


# ---------------------------------------------------------------- rendering


@pytest.mark.slow
def test_renders_every_sheet(soffice, tmp_path, blob):
    """LibreOffice → PDF → PNG: every visible sheet prints; the pictures are not blank."""
    from PIL import Image

    src = tmp_path / "template.xlsx"
    src.write_bytes(blob)
    pngs = soffice.to_pngs(src, tmp_path / "png", dpi=40)
    assert len(pngs) >= len(SHEETS) - 1
    for png in pngs:
        img = Image.open(png).convert("L")
        lo, _hi = img.getextrema()
        assert lo < 128, f"{png.name} is blank"
    pdf = tmp_path / "png" / "template.pdf"
    assert pdf.exists()
    # no page of blanks: each sheet prints on the pages its content needs (the footer names the
    # sheet); the Functions tab's count depends on the fonts installed
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = collections.Counter(re.findall(r"(\S[^\n]*?) — page \d+ of \d+", text))
    pages = {sheet.strip(): n for sheet, n in pages.items()}
    assert pages.pop("Functions") <= 5
    # the catalog's 31 models with their sources and notes: prices and text side by side, a
    # pair of pages per few models; the ranking of 31 models under its chart: two pages
    assert pages.pop("Providers") <= 12 and pages.pop("Compare providers") <= 2
    assert pages.pop("Current models") <= 6  # 23 models, prices | source and notes, likewise
    assert pages == {"Start": 1, "Training cost": 1, "Break-even": 1, "Alternatives": 1,
                     "Decision": 1, "xlwings.conf": 1}  # fmt: skip
    shutil.rmtree(tmp_path / "png")


def test_current_models_table(wb):
    """One row per CURRENT_MODELS entry, resolved as the engine resolves it on the template's
    date (ftcost's catalog first), with the price data it came from; CM_* names over capacity
    rows; the base-model dropdown reads both tables."""
    from ftcost.basemodels import CURRENT_MODELS, resolve, snapshot_version
    from ftcost.template.layout import (
        CUR,
        CUR_FIRST,
        CUR_HEADER_ROW,
        CUR_LAST,
        CURRENT_FIELDS,
        CURRENT_HEADERS,
        current_col,
    )

    ps = load_prices("default")
    ws = wb[CUR]
    assert [c.value for c in ws[CUR_HEADER_ROW]][: len(CURRENT_HEADERS)] == list(CURRENT_HEADERS)
    want = []
    for name in CURRENT_MODELS:
        m = resolve(name, ps, as_of=_dt.date(2026, 12, 1))
        if m.id not in [x.id for x in want]:
            want.append(m)
    table = ws.tables["CurrentModels"]
    last = get_column_letter(len(CURRENT_FIELDS))
    assert table.ref == f"A{CUR_HEADER_ROW}:{last}{CUR_FIRST + len(want) - 1}"
    for k, m in enumerate(want):
        row = {f: ws[f"{current_col(f)}{CUR_FIRST + k}"].value for f in CURRENT_FIELDS}
        assert row["id"] == m.id and row["provider"] == m.provider and row["status"] == m.status
        for f in ("base_input", "base_cached_input", "base_output", "base_batch_input",
                  "base_batch_output", "source", "notes"):  # fmt: skip
            assert row[f] == (getattr(m, f) or None), (m.id, f)
        assert row["checked"].date() == m.checked
        if m.id in ps.ids:  # ftcost's own entry: the Providers row wins
            assert row["catalog"].startswith(f"ftcost {ps.label}")
        else:
            assert row["catalog"] == snapshot_version()
    assert ws[f"A{CUR_FIRST + len(want)}"].value is None  # room for the user's rows
    col = current_col("base_input")
    assert (
        wb.defined_names["CM_base_input"].attr_text
        == f"'{CUR}'!${col}${CUR_FIRST}:${col}${CUR_LAST}"
    )
    assert "base_list" in wb.defined_names and "Left out" not in ws["A2"].value


def test_a_current_model_that_does_not_resolve_is_left_out_with_a_note(monkeypatch):
    from ftcost.template import build_workbook
    from ftcost.template.layout import CUR, CUR_FIRST
    from ftcost.template.sheets import current

    monkeypatch.setattr(current, "CURRENT_MODELS", ("openai/gpt-5.4", "acme/no-such-model"))
    wb = build_workbook(load_prices("default"), as_of="2026-12-01")
    ws = wb[CUR]
    assert ws[f"A{CUR_FIRST}"].value == "gpt-5.4" and ws[f"A{CUR_FIRST + 1}"].value is None
    assert "Left out (no price): acme/no-such-model (" in ws["A2"].value
