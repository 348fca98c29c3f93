"""The template workbook a user fills in: native Excel formulas, no Python needed to use it.

`write_template` builds it with openpyxl. Every figure is an Excel formula over the Providers
table, the Current models table (popular current models' base prices: a base model to pick, a
switch the grade weighs; never a candidate) and the named input cells on the Break-even tab: the one deliberate second implementation
of the engine's cost model (see `ftcost.engine`), held to the engine by LibreOffice in the tests.
Formulas stick to what Excel (Windows, Mac, web) and LibreOffice 7.4 both compute: INDEX/MATCH,
SUMPRODUCT, IF/IFERROR, MAX/MIN, CEILING, TEXT — no XLOOKUP, LET, LAMBDA or dynamic arrays.

The Providers table's columns are reached through defined names (``P_base_input`` …) that cover
`CAPACITY` rows, far more than the table holds, so rows a user adds below the table are seen by
every formula, the dropdowns and the ranking, in Excel and in LibreOffice alike; blank rows are
skipped. Text from price data is always written as text, never as a formula.

The package:

- `layout`: the layout contract (sheet names, Providers and Current models columns, inputs,
  results, fixed rows);
  the one place readers and writers take cell addresses from;
- `formulas`: helpers that assemble formula text; `book`: the builder every sheet writes
  through (styles, input and result cells, the one formula-writing function);
- `sheets`: one module per sheet; `write`: `build_workbook`, `template_bytes`, `write_template`;
- `read`: `read_filled_template`; `update` and `xmlpatch`: `update_prices`.
"""

from __future__ import annotations

from ..engine import PRIORITIES
from .filled import AlternativeInputs, DecisionInputs, FilledTemplate
from .layout import (
    ALT,
    ALT_INPUTS,
    BE,
    CAPACITY,
    CHOICES,
    CMP,
    CMP_FIRST,
    CMP_HEADER,
    CONF,
    CUR,
    CUR_FIRST,
    CUR_HEADER_ROW,
    CURRENT_COLUMNS,
    CURRENT_FIELDS,
    CURRENT_HEADERS,
    DEC,
    DEC_INPUTS,
    FIXED_TIME,
    FUNCS,
    INPUT,
    INPUTS,
    META,
    PROV,
    PROV_FIRST,
    PROV_HEADER_ROW,
    PROVIDER_COLUMNS,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    RESULTS,
    SCHED_FIRST,
    SHEETS,
    START,
    TEMPLATE_VERSION,
    TRAIN,
    provider_col,
)
from .read import read_filled_template
from .update import UpdateReport, update_prices
from .write import build_workbook, template_bytes, write_template
from .xmlpatch import drop_cached_results

__all__ = [
    "CAPACITY",
    "INPUTS",
    "RESULTS",
    "AlternativeInputs",
    "DecisionInputs",
    "FilledTemplate",
    "UpdateReport",
    "build_workbook",
    "drop_cached_results",
    "read_filled_template",
    "template_bytes",
    "update_prices",
    "write_template",
]
# the layout contract, for callers that took it from here (new code imports `.layout`)
__all__ += [
    "ALT",
    "ALT_INPUTS",
    "BE",
    "CHOICES",
    "CMP",
    "CMP_FIRST",
    "CMP_HEADER",
    "CONF",
    "CUR",
    "CURRENT_COLUMNS",
    "CURRENT_FIELDS",
    "CURRENT_HEADERS",
    "CUR_FIRST",
    "CUR_HEADER_ROW",
    "DEC",
    "DEC_INPUTS",
    "FIXED_TIME",
    "FUNCS",
    "INPUT",
    "META",
    "PRIORITIES",
    "PROV",
    "PROVIDER_COLUMNS",
    "PROVIDER_FIELDS",
    "PROVIDER_HEADERS",
    "PROV_FIRST",
    "PROV_HEADER_ROW",
    "SCHED_FIRST",
    "SHEETS",
    "START",
    "TEMPLATE_VERSION",
    "TRAIN",
    "provider_col",
]
