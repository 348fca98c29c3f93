"""FT_* Excel functions: the xlwings declarations of `ftcost.functions`.

One set of ``xlwings.func``/``xlwings.arg`` decorators serves both ways Excel runs them:

* classic UDFs (Windows, the xlwings add-in, ``UDF Modules = ftcost.udfs``): a failure must be
  *returned* as text, because an exception shows as a Python traceback in the cell;
* the Office.js path (xlwings Server, xlwings Lite: Excel on Windows, Mac and the web): bad input
  raises ``FormulaError`` (an ``XlwingsError``, so xlwings Server passes its message on and Excel
  shows ``#VALUE!`` with the message), and "there is no such number" (no break-even, a price the
  model does not have) returns ``#N/A``. Arguments and results cross xlwings' dispatcher through
  `ftcost.udfs.officejs.Cells`: the values xlwings' own conversion gives, without its per-cell
  work on a range (the classic add-in keeps xlwings' COM conversion).

``from ftcost.udfs import *`` gives exactly the FT_* functions (what an xlwings Server module
imports). What each function does, its arguments and examples: `ftcost.functions`; the
functions here are those, declared: the same signatures, documentation and results.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Callable

import xlwings as xw

from .. import functions as _fn
from ..engine import RAG_EMBEDDING_PER_MILLION, RAG_SEARCH_PER_QUERY
from ..functions import (  # noqa: F401  (the catalogue, for code that reads it from here)
    ARG_DOCS,
    CATEGORY,
    EXAMPLE_ARGS,
    EXAMPLES,
    EXCEL_ERRORS,
    FUNCTIONS,
    MAX_MESSAGE,
    SERVER_PRICES_ENV,
    describe,
    formula,
)

__all__ = [
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
]

# The Office.js decorators live in xlwings.pro; classic and plain-Python ones elsewhere.
OFFICE_JS = getattr(xw.func, "__module__", "").startswith("xlwings.pro")

# xlwings Server (Office.js in CPython), not xlwings Lite (Pyodide, in Excel itself).
ON_SERVER = OFFICE_JS and sys.platform != "emscripten"


class _NoJsNull:
    """Stands in for ``pyodide.ffi`` outside Pyodide: no value is its ``JsNull``. A plain object,
    not a module: importing a name from it then raises and clears no AttributeError (a module
    without ``__path__`` would, once per cell)."""

    __slots__ = ()
    __spec__ = None

    class JsNull:
        pass


if ON_SERVER and importlib.util.find_spec("pyodide") is None:
    # xlwings Server: xlwings (0.37) tries `from pyodide.ffi import JsNull` for every cell it
    # reads. Outside Pyodide each try is a failed import (≈10 µs a cell, more than ftcost's own
    # work on a 10,000-cell range). With this stand-in the import is a dictionary lookup and
    # the isinstance check is False, as it is for every value outside Pyodide; `import pyodide`
    # itself still fails (None), so nothing takes this process for Pyodide.
    sys.modules.setdefault("pyodide", None)
    sys.modules.setdefault("pyodide.ffi", _NoJsNull())


_READ_OPTIONS = {"ndim": 2, "err_to_str": True}  # xlwings' own conversion of a cell or range
_Cells = None
if OFFICE_JS:
    try:  # the same values without xlwings' per-cell work (built on xlwings' converter API)
        from .officejs import Cells as _Cells
    except ImportError:  # an xlwings whose converter API moved: its own conversion, slower
        _Cells = None


class FormulaError(xw.XlwingsError):
    """Bad input to an FT_* function on the Office.js path (Excel shows #VALUE! and the message)."""


def _call(name: str, args: dict) -> object:
    if not OFFICE_JS:
        return _fn.run(name, args)  # classic add-in: the message is the cell's text
    try:
        return _fn.run(name, args, office_js=True, server=ON_SERVER)
    except _fn.Failure as f:
        if f.kind == "na":
            return "#N/A"  # xlwings turns it into Excel's #N/A error
        raise FormulaError(f.message) from None


def _declare(udf: Callable) -> Callable:
    """Declare ``udf`` to xlwings as the catalogue describes it: its category, description, a
    description for every argument, and the cell options."""
    f = _fn.SPECS[udf.__name__]
    params = inspect.signature(udf).parameters.values()
    empty = inspect.Parameter.empty
    got = [(p.name, _fn.spec.REQUIRED if p.default is empty else p.default) for p in params]
    if got != [(a.name, a.default) for a in f.args]:
        raise TypeError(f"{f.name}: the signature differs from ftcost.functions.spec")
    udf.__doc__ = f.doc  # read by the decorators: the Function Wizard's description
    for a in reversed(f.args):
        # ndim=2 keeps a range's shape (a column stays a column); err_to_str lets an Excel
        # error in a cell arrive as '#N/A' instead of looking like an empty cell. On Office.js
        # `Cells` gives the same values without xlwings' per-cell work (udfs/officejs.py).
        if _Cells is not None:
            udf = xw.arg(a.name, _Cells, doc=a.doc)(udf)
        else:
            udf = xw.arg(a.name, doc=a.doc, **_READ_OPTIONS)(udf)
    if _Cells is not None:
        udf = xw.ret(_Cells)(udf)
    return xw.func(category=CATEGORY)(udf)


@_declare
def FT_TRAINING_COST(model, training_tokens, epochs=1, training_hours=None, prices=None):
    return _call("FT_TRAINING_COST", locals())


@_declare
def FT_INFERENCE_COST(model, input_tokens, output_tokens=0, fine_tuned=True, prices=None):
    return _call("FT_INFERENCE_COST", locals())


@_declare
def FT_COST(
    model, input_tokens, output_tokens=0, training_tokens=0, epochs=1, prices=None, as_of=None
):
    return _call("FT_COST", locals())


@_declare
def FT_BREAKEVEN(
    base_model,
    ft_model,
    training_tokens,
    epochs=1,
    output_ratio=0,
    monthly_tokens=None,
    prices=None,
    as_of=None,
):
    return _call("FT_BREAKEVEN", locals())


@_declare
def FT_BREAKEVEN_MONTHS(
    base_model,
    ft_model,
    training_tokens,
    monthly_tokens,
    epochs=1,
    output_ratio=0,
    prices=None,
    as_of=None,
):
    return _call("FT_BREAKEVEN_MONTHS", locals())


@_declare
def FT_SAVINGS(
    base_model,
    ft_model,
    monthly_tokens,
    months=12,
    training_tokens=0,
    epochs=1,
    output_ratio=0,
    prices=None,
    as_of=None,
):
    return _call("FT_SAVINGS", locals())


@_declare
def FT_PRICE(model, field="ft_input", prices=None, as_of=None):
    return _call("FT_PRICE", locals())


@_declare
def FT_MODELS(prices=None, as_of=None):
    return _call("FT_MODELS", locals())


@_declare
def FT_RANK(
    monthly_tokens,
    training_tokens,
    months=12,
    output_ratio=0,
    base_model=None,
    epochs=1,
    prices=None,
    as_of=None,
    include_unavailable=False,
):
    return _call("FT_RANK", locals())


@_declare
def FT_RECOMMEND(
    monthly_tokens=None,
    base_model=None,
    ft_model=None,
    training_tokens=5_000_000,
    months=12,
    output_ratio=0,
    narrow_task=True,
    prompt_solves=False,
    changing_requirements=False,
    needs_reasoning=False,
    multi_task=False,
    priority="cost",
    prices=None,
    as_of=None,
    monthly_spend=None,
    include_unverified=False,
):
    return _call("FT_RECOMMEND", locals())


@_declare
def FT_ROUTING_COST(
    cheap_model,
    premium_model,
    monthly_tokens,
    simple_share,
    output_ratio=0,
    router_per_million=0,
    prices=None,
):
    return _call("FT_ROUTING_COST", locals())


@_declare
def FT_RAG_COST(
    model,
    monthly_tokens,
    requests,
    context_tokens=2000,
    output_ratio=0,
    embedding_per_million=RAG_EMBEDDING_PER_MILLION,
    search_per_query=RAG_SEARCH_PER_QUERY,
    corpus_tokens=0,
    prices=None,
):
    return _call("FT_RAG_COST", locals())


@_declare
def FT_PROMPT_COST(model, monthly_tokens, prompt_overhead, output_ratio=0, prices=None):
    return _call("FT_PROMPT_COST", locals())


@_declare
def FT_GRADE(
    current_model,
    monthly_tokens=None,
    training_tokens=5_000_000,
    months=12,
    output_ratio=0,
    epochs=1,
    detail=False,
    prices=None,
    as_of=None,
    monthly_spend=None,
    include_unverified=False,
):
    return _call("FT_GRADE", locals())


@_declare
def FT_SPEND_TOKENS(model, monthly_spend, output_ratio=0, cached_share=0, prices=None, as_of=None):
    return _call("FT_SPEND_TOKENS", locals())


@_declare
def FT_EPOCHS(n_examples):
    return _call("FT_EPOCHS", locals())
