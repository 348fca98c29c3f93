"""Headless XLSX report: a finished workbook of values and charts a manager can open and read.

`write_report` computes every scenario with the engine (`compute`) and writes one workbook:

    Scenarios     (more than one scenario) one row per scenario, linked to its sections
    Summary       the recommendation in words and its numbers; the workload restated
    Ranking       every model's fine-tuned route for the workload, cheapest over the horizon first
    Break-even    month-by-month cumulative cost of both routes; a chart with the crossover
    Sensitivity   net saving across monthly volumes × epochs (or output ratios), colour-scaled
    Alternatives  prompt engineering, RAG and routing for the same workload
    Assumptions   every price used with its checked date, source and notes; versions; conventions

Each sheet holds one section per scenario, in the scenarios' order. Every number is a value the
engine computed: no formulas, and no cost arithmetic here. The package:

    results       the engine's answers per scenario (`compute`, `compute_all`, `ScenarioResult`),
                  computed in batches; nothing about looks
    styles        number formats, colours, named cell styles
    words         the sentences
    summary, ranking, breakeven, sensitivity, alternatives, assumptions, overview
                  one module per sheet: NAME, TITLE, WIDTHS and write()
    charts        the charts, drawn from cells the sheets wrote
    workbook      the sheets in order; writing the file
    xlsx          sheets written row by row (the one module that touches openpyxl's internals):
                  text from data is never a formula
    (ftcost.xlsxio puts the file on disk: atomically, same inputs same bytes)
"""

from __future__ import annotations

from ..xlsxio import OutputError, check_target
from .charts import CHART_LIMIT
from .results import Progress, ScenarioResult, compute, compute_all
from .styles import STYLES
from .workbook import OVERVIEW, SHEETS, write_report, write_results

__all__ = [
    "CHART_LIMIT",
    "OVERVIEW",
    "SHEETS",
    "STYLES",
    "OutputError",
    "Progress",
    "ScenarioResult",
    "check_target",
    "compute",
    "compute_all",
    "write_report",
    "write_results",
]
