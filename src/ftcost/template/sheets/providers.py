"""The Providers tab: one row per model (an Excel Table), the defined names over its columns,
the model dropdown list, and red flags for duplicate ids and missing prices."""

from __future__ import annotations

import datetime as _dt

from ..book import Book
from ..formulas import q
from ..layout import (
    PROV,
    PROV_FIRST,
    PROV_HEADER_ROW,
    PROV_LAST,
    PROVIDER_COLUMNS,
    PROVIDER_FIELDS,
    REQUIRED_PRICES,
    TABLE_NAME,
    P,
    col_letter,
    provider_col,
)


def build(b: Book) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws = b.wb[PROV]
    ps = b.ps
    as_of = ps.as_of.isoformat() if ps.as_of else "?"
    b.title(
        ws,
        "Providers — prices in USD per 1M tokens (training: per 1M training tokens)",
        f"Price data: {ps.name}{' ' + ps.version if ps.version else ''}, checked up to {as_of}. "
        "Prices change: check them against each provider's page. Edit any price, or add your own "
        "model in the row below the table: every tab follows. Blank optional prices fall back to "
        "the standard price. `ftcost update-prices` refreshes this table and keeps your own rows.",
    )
    ws["A2"].alignment = b.wrap
    ws.merge_cells("A2:L2")
    ws.row_dimensions[2].height = 30
    b.table_columns(
        ws, PROVIDER_COLUMNS, PROV_HEADER_ROW, PROV_FIRST, PROV_LAST, ("source", "notes"), P
    )
    ws.row_dimensions[PROV_HEADER_ROW].height = 60
    for i, m in enumerate(ps.models):
        r = PROV_FIRST + i
        for j, field in enumerate(PROVIDER_FIELDS, 1):
            v = getattr(m, field)
            if isinstance(v, _dt.date):  # checked, training_until, retires: a date cell
                v = _dt.datetime(v.year, v.month, v.day)
            b.value(ws.cell(row=r, column=j), v)
    last = PROV_FIRST + max(len(ps.models), 1) - 1
    ref = f"A{PROV_HEADER_ROW}:{col_letter(len(PROVIDER_COLUMNS))}{last}"
    table = Table(displayName=TABLE_NAME, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleLight9", showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)
    ws.freeze_panes = f"B{PROV_FIRST}"
    ws.print_title_rows = f"{PROV_HEADER_ROW}:{PROV_HEADER_ROW}"
    # the dropdown list: the Model id column down to its last non-blank cell
    idc = provider_col("id")
    rng = f"{q(PROV)}!${idc}${PROV_FIRST}:${idc}${PROV_LAST}"
    b.define("model_list", f"{q(PROV)}!${idc}${PROV_FIRST}:INDEX({rng},MAX(1,COUNTA({rng})))")
    stc = provider_col("status")
    dv = DataValidation(type="list", formula1='"active,deprecated,unverified"', allow_blank=True)
    dv.error = "active, deprecated or unverified"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{stc}{PROV_FIRST}:{stc}{PROV_LAST}")
    # duplicate ids and rows lacking a required price are flagged in red
    red = PatternFill("solid", fgColor="F8CBAD")
    ws.conditional_formatting.add(
        f"{idc}{PROV_FIRST}:{idc}{PROV_LAST}",
        FormulaRule(
            formula=[
                f'AND({idc}{PROV_FIRST}<>"",COUNTIF(${idc}${PROV_FIRST}:${idc}${PROV_LAST},{idc}{PROV_FIRST})>1)'
            ],
            fill=red,
            font=Font(bold=True, color="9C0006"),
        ),
    )
    for f in REQUIRED_PRICES:
        col = provider_col(f)
        ws.conditional_formatting.add(
            f"{col}{PROV_FIRST}:{col}{PROV_LAST}",
            FormulaRule(
                formula=[f'AND(${idc}{PROV_FIRST}<>"",NOT(ISNUMBER({col}{PROV_FIRST})))'], fill=red
            ),
        )
    ws.print_area = f"A1:{col_letter(len(PROVIDER_COLUMNS))}{last + 1}"
    ws.page_setup.fitToWidth = 2  # prices on the first page, source and notes on the second
