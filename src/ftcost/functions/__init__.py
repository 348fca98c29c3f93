"""The FT_* Excel functions without Excel: catalogue, plain implementations, range lifting.

Nothing here imports xlwings (nor pandas): the template reads the catalogue to build its
Functions tab, and Python code calls the functions directly::

    >>> from ftcost.functions import FT_BREAKEVEN
    >>> round(FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", "5M"))
    6818182

Modules: `spec` (the catalogue: names, arguments, docs, examples), `coerce` (what a cell may
hold), `cells` (one cell of each function: one engine call), `lift` (ranges), `plain` (the FT_*
functions and `run`, which serves both ways Excel calls them). `ftcost.udfs` declares the same
functions to xlwings.
"""

from __future__ import annotations

from .coerce import EXCEL_ERRORS, MAX_MESSAGE, SERVER_PRICES_ENV, Failure
from .plain import (
    FT_BREAKEVEN,
    FT_BREAKEVEN_MONTHS,
    FT_COST,
    FT_EPOCHS,
    FT_GRADE,
    FT_INFERENCE_COST,
    FT_MODELS,
    FT_PRICE,
    FT_PROMPT_COST,
    FT_RAG_COST,
    FT_RANK,
    FT_RECOMMEND,
    FT_ROUTING_COST,
    FT_SAVINGS,
    FT_SPEND_TOKENS,
    FT_TRAINING_COST,
    run,
)
from .spec import (
    ARG_DOCS,
    CATALOGUE,
    CATEGORY,
    EXAMPLE_ARGS,
    EXAMPLES,
    FUNCTIONS,
    SPECS,
    TABLES,
    Arg,
    Function,
    describe,
    formula,
)

__all__ = [
    "ARG_DOCS",
    "CATALOGUE",
    "CATEGORY",
    "EXAMPLES",
    "EXAMPLE_ARGS",
    "EXCEL_ERRORS",
    "FT_BREAKEVEN",
    "FT_BREAKEVEN_MONTHS",
    "FT_COST",
    "FT_EPOCHS",
    "FT_GRADE",
    "FT_INFERENCE_COST",
    "FT_MODELS",
    "FT_PRICE",
    "FT_PROMPT_COST",
    "FT_RAG_COST",
    "FT_RANK",
    "FT_RECOMMEND",
    "FT_ROUTING_COST",
    "FT_SAVINGS",
    "FT_SPEND_TOKENS",
    "FT_TRAINING_COST",
    "FUNCTIONS",
    "MAX_MESSAGE",
    "SERVER_PRICES_ENV",
    "SPECS",
    "TABLES",
    "Arg",
    "Failure",
    "Function",
    "describe",
    "formula",
    "run",
]
