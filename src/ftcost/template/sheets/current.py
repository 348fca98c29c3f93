"""The Current models tab: popular current models' base prices (an Excel Table), the defined
names over its columns, the base-model dropdown list (Providers ids, then these), and the
working block that prices a switch to each of them for the Break-even tab's workload.

Its rows are `ftcost.basemodels.CURRENT_MODELS` resolved on the template's as-of date with
`basemodels.resolve`: ftcost's own catalog entry where it has one (its prices are the Providers
row's), else genai-prices' snapshot, each with the price data and version it came from.
"""

from __future__ import annotations

import datetime as _dt

from ...basemodels import CURRENT_MODELS, is_base_only, resolve, snapshot_version
from ...errors import DataError, FtCostError, UnknownModel
from ..book import Book
from ..formulas import base_pm_of, q
from ..layout import (
    CAPACITY,
    CUR,
    CUR_CAPACITY,
    CUR_CATALOG,
    CUR_FIRST,
    CUR_HEADER_ROW,
    CUR_LAST,
    CUR_LIST_COL,
    CUR_TABLE_NAME,
    CURRENT_COLUMNS,
    CURRENT_FIELDS,
    CURRENT_REQUIRED,
    FMT_PRICE,
    FMT_USD,
    PROV,
    PROV_FIRST,
    PROV_LAST,
    C,
    P,
    col_letter,
    current_col,
    provider_col,
)

LIST_COL = CUR_LIST_COL
WORK_COL = LIST_COL + 2  # the switch working block (one row per table row)


def current_models(ps, as_of: _dt.date) -> tuple[list, list[str]]:
    """(rows, left out): each CURRENT_MODELS entry resolved with the price set ``ps`` on
    ``as_of``, as (ModelPrice, the price data it came from); one per id, first name first. The
    entries that do not resolve are left out, each with why."""
    rows, seen, left = [], set(), []
    for name in CURRENT_MODELS:
        try:
            m = resolve(name, ps, as_of=as_of)
        except (UnknownModel, DataError) as e:
            left.append(f"{name} ({e})")
            continue
        if m.id.lower() in seen:
            continue
        seen.add(m.id.lower())
        rows.append((m, catalog_of(m, ps)))
    return rows, left


def row_values(m, catalog: str) -> dict[str, object]:
    """A Current models row's cells by field (dates as dates)."""
    return {f: catalog if f == CUR_CATALOG else getattr(m, f) for f in CURRENT_FIELDS}


def catalog_of(m, ps) -> str:
    """Which price data a row came from: genai-prices' version and snapshot, or ftcost's set."""
    if is_base_only(m):
        return m.source.split(": ")[0]
    return f"ftcost {ps.label} (the Providers tab's row wins)"


def _subtitle(b: Book, left: list[str]) -> str:
    try:
        snap = snapshot_version()
    except FtCostError:
        snap = "genai-prices (not installed)"
    text = (
        f"Base prices (no fine-tuning) of popular current models on {b.as_of.isoformat()}, from "
        f"{snap} or, where ftcost has the model, its own catalog (the Providers tab's row is "
        "used then). Pick one as the base model on the Break-even tab; the grade on the "
        "Alternatives tab weighs switching to the cheapest. Add your own rows below the table; "
        "`ftcost update-prices` refreshes the rows it put here and keeps yours."
    )
    if left:
        text += " Left out (no price): " + "; ".join(left) + "."
    return text


def build(b: Book) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws = b.wb[CUR]
    rows, left = current_models(b.ps, b.as_of)
    b.current = [row_values(m, catalog) for m, catalog in rows]  # the hidden sheet records them
    b.title(ws, "Current models — base prices in USD per 1M tokens", _subtitle(b, left))
    ws["A2"].alignment = b.wrap
    ws.merge_cells(f"A2:{current_col(CUR_CATALOG)}3")  # the columns of the first printed page
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[3].height = 45 if left else 15
    help_row = CUR_HEADER_ROW - 1
    b.table_columns(
        ws, CURRENT_COLUMNS, CUR_HEADER_ROW, CUR_FIRST, CUR_LAST, ("source", "notes", CUR_CATALOG),
        lambda field: None if field == CUR_CATALOG else C(field),
    )  # fmt: skip
    hc = ws.cell(row=help_row, column=1, value="Your own row needs an id, an input and an "
                 "output price; blank cached/batch prices fall back to the standard ones.")  # fmt: skip
    hc.font = b.font_help
    ws.row_dimensions[CUR_HEADER_ROW].height = 45
    for i, (m, catalog) in enumerate(rows):
        r = CUR_FIRST + i
        for j, (_field, v) in enumerate(row_values(m, catalog).items(), 1):
            if isinstance(v, _dt.date):
                v = _dt.datetime(v.year, v.month, v.day)
            b.value(ws.cell(row=r, column=j), v)
    last = CUR_FIRST + max(len(rows), 1) - 1
    table = Table(
        displayName=CUR_TABLE_NAME,
        ref=f"A{CUR_HEADER_ROW}:{col_letter(len(CURRENT_COLUMNS))}{last}",
    )
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleLight9", showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)
    ws.freeze_panes = f"B{CUR_FIRST}"
    ws.print_title_rows = f"{CUR_HEADER_ROW}:{CUR_HEADER_ROW}"
    stc = current_col("status")
    dv = DataValidation(type="list", formula1='"active,deprecated,unverified"', allow_blank=True)
    dv.error = "active, deprecated or unverified"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{stc}{CUR_FIRST}:{stc}{CUR_LAST}")
    # rows lacking a required price, and ids the Providers table has (its row is used), flagged
    red = PatternFill("solid", fgColor="F8CBAD")
    idc = current_col("id")
    for f in CURRENT_REQUIRED[1:]:
        col = current_col(f)
        ws.conditional_formatting.add(
            f"{col}{CUR_FIRST}:{col}{CUR_LAST}",
            FormulaRule(
                formula=[f'AND(${idc}{CUR_FIRST}<>"",NOT(ISNUMBER({col}{CUR_FIRST})))'], fill=red
            ),
        )
    ws.conditional_formatting.add(
        f"{idc}{CUR_FIRST}:{idc}{CUR_LAST}",
        FormulaRule(
            formula=[
                f'AND({idc}{CUR_FIRST}<>"",COUNTIF(${idc}${CUR_FIRST}:${idc}${CUR_LAST},'
                f"{idc}{CUR_FIRST})>1)"
            ],
            fill=red,
            font=Font(bold=True, color="9C0006"),
        ),
    )
    _base_list(b, ws)
    _switches(b, ws)
    ws.print_area = f"A1:{col_letter(len(CURRENT_COLUMNS))}{last + 1}"
    ws.page_setup.fitToWidth = 2


def _base_list(b: Book, ws) -> None:
    """The base-model dropdown's list: the Providers ids, then the Current models ids the
    Providers table does not have (one list column; a validation list is one range)."""
    nth = col_letter(WORK_COL + 1)  # s_nth: the k-th Current models id not in Providers
    lc = col_letter(LIST_COL)
    ws.cell(row=CUR_HEADER_ROW, column=LIST_COL, value="Base-model list").font = b.font_work
    ws.column_dimensions[lc].width = 18
    n_prov = "x_n_prov"
    for n in range(CAPACITY + CUR_CAPACITY):
        r = CUR_FIRST + n
        b.formula(
            ws[f"{lc}{r}"],
            f'=IF({n + 1}<={n_prov},INDEX(P_id,{n + 1})&"",'
            f'IFERROR(INDEX(CM_id,MATCH({n + 1}-{n_prov},${nth}${CUR_FIRST}:${nth}${CUR_LAST},0))&"",""))',
        )
        ws[f"{lc}{r}"].font = b.font_work
    rng = f"{q(CUR)}!${lc}${CUR_FIRST}:${lc}${CUR_FIRST + CAPACITY + CUR_CAPACITY - 1}"
    b.define(
        "base_list",
        f"{q(CUR)}!${lc}${CUR_FIRST}:INDEX({rng},MAX(1,x_n_prov+COUNT(s_nth)))",
    )


def _switches(b: Book, ws) -> None:
    """One row per Current models row: its prices (the Providers row's when the Providers table
    has its id: ftcost's catalog wins, as `basemodels.resolve`), its base route per 1M for the
    Break-even tab's workload, and whether it is a switch the grade weighs (engine `_switches`:
    cheaper than staying, not deprecated, not unverified, not the base model itself)."""

    def pick(field: str, r: int, prow: str) -> str:
        return f"IF({prow}>0,INDEX({P(field)},{prow}),INDEX({C(field)},{r - CUR_FIRST + 1}))"

    cols = [
        ("s_new", "Not in Providers"),
        ("s_nth", "List position"),
        ("s_prow", "Providers row"),
        ("s_first", "First of its id"),
        ("s_status", "Status used"),
        ("s_pm", "Base route $/1M"),
        ("s_monthly", "Switch $/month"),
        ("s_rank", "Tie rank"),
    ]
    letters = {name: col_letter(WORK_COL + j) for j, (name, _h) in enumerate(cols)}
    ws.cell(
        row=CUR_HEADER_ROW - 1, column=LIST_COL, value="Working (formulas; don't edit)"
    ).font = b.font_h
    for j, (name, head) in enumerate(cols):
        c = ws.cell(row=CUR_HEADER_ROW, column=WORK_COL + j, value=head)
        c.font = b.font_work
        c.alignment = b.wrap
        ws.column_dimensions[letters[name]].width = 11
        b.define(name, f"{q(CUR)}!${letters[name]}${CUR_FIRST}:${letters[name]}${CUR_LAST}")
    a = current_col("id")
    for n in range(CUR_CAPACITY):
        r = CUR_FIRST + n
        ref = {k: f"{v}{r}" for k, v in letters.items()}
        idv = f"${a}{r}"
        f = {
            "s_new": f'AND({idv}<>"",ISNA(MATCH({idv},P_id,0)),COUNTIF(${a}${CUR_FIRST}:{a}{r},{idv})=1)',
            "s_nth": f'IF({ref["s_new"]},COUNTIF(${letters["s_new"]}${CUR_FIRST}:{ref["s_new"]},TRUE),"")',
            "s_prow": f'IF({idv}="",0,IFERROR(MATCH({idv},P_id,0),0))',
            "s_first": f'AND({idv}<>"",COUNTIF(${a}${CUR_FIRST}:{a}{r},{idv})=1)',
            "s_status": f'IF({idv}="","",{pick("status", r, ref["s_prow"])}&"")',
            "s_pm": (
                f"IF(AND(x_base_ok,{ref['s_first']},ISNUMBER({pick('base_input', r, ref['s_prow'])}),"
                f"ISNUMBER({pick('base_output', r, ref['s_prow'])})),"
                + base_pm_of(lambda fld, r=r, prow=ref["s_prow"]: pick(fld, r, prow))
                + ',"")'
            ),
            "s_monthly": (
                f"IF(AND(x_rank_ok,ISNUMBER({ref['s_pm']}),{idv}<>base_model,"
                f'{ref["s_status"]}<>"deprecated",{ref["s_status"]}<>"unverified"),'
                f'IF({ref["s_pm"]}<x_base_pm,x_tokens*{ref["s_pm"]}/1000000,""),"")'
            ),
            # among switches of the same monthly cost, the engine takes the first by id
            "s_rank": (
                f"IF(ISNUMBER({ref['s_monthly']}),SUMPRODUCT(ISNUMBER(s_monthly)*(s_monthly="
                f'{ref["s_monthly"]})*(${a}${CUR_FIRST}:${a}${CUR_LAST}<{idv})),"")'
            ),
        }
        for name, formula in f.items():
            c = b.formula(ws[ref[name]], "=" + formula)
            c.font = b.font_work
            if name == "s_pm":
                c.number_format = FMT_PRICE
            elif name == "s_monthly":
                c.number_format = FMT_USD
    # the number of Providers ids in the list (the Providers table's non-blank ids, as model_list)
    pid = provider_col("id")
    prng = f"{q(PROV)}!${pid}${PROV_FIRST}:${pid}${PROV_LAST}"
    glob = [
        ("x_n_prov", "Providers ids in the list", f"COUNTA({prng})"),
        ("x_sw_min", "Cheapest switch $/month", 'IF(COUNT(s_monthly)>0,MIN(s_monthly),"")'),
        (
            "x_sw_row",
            "…its row",
            "IF(ISNUMBER(x_sw_min),SUMPRODUCT(ISNUMBER(s_monthly)*(s_monthly=x_sw_min)*"
            f'(s_rank=0)*(ROW(s_monthly)-{CUR_FIRST - 1})),"")',
        ),
        ("x_sw_id", "…its model", 'IF(ISNUMBER(x_sw_row),INDEX(CM_id,x_sw_row)&"","")'),
    ]
    for k, (name, label, formula) in enumerate(glob):
        b.work_cell(ws, k + 1, name, label, formula, col=col_letter(WORK_COL + len(cols) + 1))
    ws.column_dimensions[col_letter(WORK_COL + len(cols) + 1)].width = 24
