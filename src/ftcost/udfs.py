"""FT_* Excel functions: thin adapters from worksheet cells to the engine.

One set of ``xlwings.func``/``xlwings.arg`` decorators serves both ways Excel runs them:

* classic UDFs (Windows, the xlwings add-in, ``UDF Modules = ftcost.udfs``): a failure must be
  *returned* as text, because an exception shows as a Python traceback in the cell;
* the Office.js path (xlwings Server, xlwings Lite: Excel on Windows, Mac and the web): bad input
  raises ``FormulaError`` (an ``XlwingsError``, so xlwings Server passes its message on and Excel
  shows ``#VALUE!`` with the message), and "there is no such number" (no break-even, a price the
  model does not have) returns ``#N/A``.

Every argument may be a single value or a range. Ranges are lifted like Excel's own functions:
a column of volumes gives a column of results, a column and a row give a grid (one formula fills
a sensitivity table). In a range, a blank cell of a required argument gives a blank result and a
bad cell gives an error in its own cell only. An empty optional cell means its default.

Plain functions: ``FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5e6)`` works from Python too (returning
messages as text, like the classic add-in). Parameters carry no type annotations on purpose:
xlwings would take them as value converters.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import difflib
import functools
import importlib.util
import inspect
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import xlwings as xw

from . import engine
from .errors import FtCostError, InputError, NoBreakEven, UnknownModel
from .model import PRICE_FIELDS, ModelPrice, TrainingPlan, Workload
from .pricing import BUILTIN_SETS, PriceSet, load_prices

__all__ = [
    "ARG_DOCS",
    "CATEGORY",
    "EXAMPLES",
    "EXAMPLE_ARGS",
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
    "FT_TRAINING_COST",
    "FUNCTIONS",
    "FormulaError",
    "describe",
    "formula",
]

CATEGORY = "FT Cost"

# The Office.js decorators live in xlwings.pro; classic and plain-Python ones elsewhere.
OFFICE_JS = getattr(xw.func, "__module__", "").startswith("xlwings.pro")

# xlwings Server (Office.js in CPython), not xlwings Lite (Pyodide, in Excel itself).
ON_SERVER = OFFICE_JS and sys.platform != "emscripten"
SERVER_PRICES_ENV = "FTCOST_SERVER_PRICES_DIRS"

if ON_SERVER and importlib.util.find_spec("pyodide") is None:
    # xlwings Server: xlwings tries `from pyodide.ffi import JsNull` for every cell it reads, and
    # outside Pyodide each try searches sys.path again before failing (≈50 µs a cell, half the
    # time of a 10,000-cell call). A None entry makes the same ImportError immediate.
    sys.modules.setdefault("pyodide", None)

# Excel error values as xlwings hands them over with err_to_str=True.
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#BUSY!",
        "#CONNECT!",
        "#UNKNOWN!",
        "#DATA!",
    }
)
MAX_MESSAGE = 250  # a cell is not a log file


class FormulaError(xw.XlwingsError):
    """Bad input to an FT_* function on the Office.js path (Excel shows #VALUE! and the message)."""


class NotAvailable(FtCostError):
    """The number asked for does not exist (a price the model does not have): #N/A."""


class _Fail(Exception):
    """One cell's failure: ``message`` for people, ``code`` for Office.js, ``kind`` for the rules."""

    def __init__(self, message: str, code: str = "#VALUE!", kind: str = "input"):
        message = re.sub(r"[\x00-\x1f\x7f]+", " ", message)  # user text echoed: one line
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        super().__init__(message)
        self.message, self.code, self.kind = message, code, kind


class _Blank(Exception):
    """A required argument's cell is empty (a blank result inside a range)."""

    def __init__(self, name: str):
        self.name = name


# ------------------------------------------------------------------ decorators and docs

ARG_DOCS: dict[str, dict[str, str]] = {}  # function → argument → description (≤ 255 chars)
FUNCTIONS: list[str] = []  # FT_* names in the order they are defined
_TABLES: set[str] = set()  # functions whose result is a table: their arguments are single cells


def _udf(table: bool = False, **docs: str) -> Callable:
    """Register ``f`` with xlwings: category, a description for every argument, cell options."""

    def deco(f: Callable) -> Callable:
        names = list(inspect.signature(f).parameters)
        if set(names) != set(docs):
            raise TypeError(f"{f.__name__}: document exactly its arguments {names}")
        ARG_DOCS[f.__name__] = {n: docs[n] for n in names}
        FUNCTIONS.append(f.__name__)
        if table:
            _TABLES.add(f.__name__)
        for n in reversed(names):
            # ndim=2 keeps a range's shape (a column stays a column); err_to_str lets an Excel
            # error in a cell arrive as '#N/A' instead of looking like an empty cell.
            f = xw.arg(n, doc=docs[n], ndim=2, err_to_str=True)(f)
        return xw.func(category=CATEGORY)(f)

    return deco


_VOL = "a number or text such as 5M, 54K, 1.2B"
_RANGE = " A range gives a range of results."
_PRICES = (
    "Optional price set: default, article, or the path of a TOML price file (folder) on the "
    "machine running Python. Empty: $FTCOST_PRICES or default."
)
_RATIO = "Optional output tokens per input token (default 0: input only, as the article counts)."
_EPOCHS = "Optional passes over the training data (default 1, as the article bills a run)."
_MONTHS = "Optional horizon in whole months (default 12)."


def _model_doc(what: str) -> str:
    return f'{what}: id, name or provider/id, e.g. gpt-4o-mini or "GPT-4o mini" (FT_MODELS lists them).'


# ------------------------------------------------------------------ the functions


@_udf(
    model=_model_doc("Model to fine-tune"),
    training_tokens=f"Tokens in the training file, {_VOL}." + _RANGE,
    epochs=_EPOCHS,
    training_hours="Optional hours of training compute, for models billed by the hour (o4-mini RFT).",
    prices=_PRICES,
)
def FT_TRAINING_COST(model, training_tokens, epochs=1, training_hours=None, prices=None):
    """USD to fine-tune a model: training tokens × epochs × its training price (at least its minimum charge per job), plus compute hours where billed."""
    return _call(FT_TRAINING_COST, _training_cost, locals())


@_udf(
    model=_model_doc("Model"),
    input_tokens=f"Input tokens, {_VOL}." + _RANGE,
    output_tokens=f"Optional output tokens, {_VOL} (default 0).",
    fine_tuned="Optional TRUE (default): the fine-tuned model's prices; FALSE: the base model's.",
    prices=_PRICES,
)
def FT_INFERENCE_COST(model, input_tokens, output_tokens=0, fine_tuned=True, prices=None):
    """USD to run a volume of input and output tokens through a model, fine-tuned (default) or base. Token prices only."""
    return _call(FT_INFERENCE_COST, _inference_cost, locals())


@_udf(
    model=_model_doc("Fine-tuned model"),
    input_tokens=f"Input tokens served, {_VOL}." + _RANGE,
    output_tokens=f"Optional output tokens served, {_VOL} (default 0).",
    training_tokens=f"Optional tokens in the training file, {_VOL} (default 0: no training).",
    epochs=_EPOCHS,
    prices=_PRICES,
)
def FT_COST(model, input_tokens, output_tokens=0, training_tokens=0, epochs=1, prices=None):
    """USD of the fine-tuned route for a volume: training cost plus fine-tuned inference cost."""
    return _call(FT_COST, _cost, locals())


@_udf(
    base_model=_model_doc("Model you use now"),
    ft_model=_model_doc("Model you would fine-tune"),
    training_tokens=f"Tokens in the training file, {_VOL}." + _RANGE,
    epochs=_EPOCHS,
    output_ratio=_RATIO,
    monthly_tokens=f"Optional input tokens a month, {_VOL}: needed only when the fine-tuned model has hosting costs.",
    prices=_PRICES,
)
def FT_BREAKEVEN(
    base_model,
    ft_model,
    training_tokens,
    epochs=1,
    output_ratio=0,
    monthly_tokens=None,
    prices=None,
):
    """Input tokens after which fine-tuning repays its training cost (training cost ÷ saving per token). #N/A if the fine-tuned model never costs less."""
    return _call(FT_BREAKEVEN, _breakeven, locals())


@_udf(
    base_model=_model_doc("Model you use now"),
    ft_model=_model_doc("Model you would fine-tune"),
    training_tokens=f"Tokens in the training file, {_VOL}." + _RANGE,
    monthly_tokens=f"Input tokens a month, {_VOL}." + _RANGE,
    epochs=_EPOCHS,
    output_ratio=_RATIO,
    prices=_PRICES,
)
def FT_BREAKEVEN_MONTHS(
    base_model, ft_model, training_tokens, monthly_tokens, epochs=1, output_ratio=0, prices=None
):
    """Months until fine-tuning repays its training cost at a monthly volume. #N/A if it never does."""
    return _call(FT_BREAKEVEN_MONTHS, _breakeven_months, locals())


@_udf(
    base_model=_model_doc("Model you use now"),
    ft_model=_model_doc("Model you would fine-tune"),
    monthly_tokens=f"Input tokens a month, {_VOL}." + _RANGE,
    months=_MONTHS,
    training_tokens=f"Optional tokens in the training file, {_VOL} (default 0: training not counted).",
    epochs=_EPOCHS,
    output_ratio=_RATIO,
    prices=_PRICES,
)
def FT_SAVINGS(
    base_model,
    ft_model,
    monthly_tokens,
    months=12,
    training_tokens=0,
    epochs=1,
    output_ratio=0,
    prices=None,
):
    """Net USD saved by fine-tuning over a number of months: the base route's cost minus the fine-tuned route's, training included. Negative: it loses money."""
    return _call(FT_SAVINGS, _savings, locals())


@_udf(
    model=_model_doc("Model"),
    field=(
        "Optional price to return (default ft_input), e.g. base_input, base_output, ft_input, "
        "ft_output, training, min_training_charge, hosting_per_hour, fixed_monthly, checked, "
        'source, status. Labels such as "FT input" work too.'
    ),
    prices=_PRICES,
)
def FT_PRICE(model, field="ft_input", prices=None):
    """One figure from the price data: USD per 1M tokens for token prices, USD per job/hour/month for the others. #N/A if the model has no such price."""
    return _call(FT_PRICE, _price, locals())


@_udf(table=True, prices=_PRICES)
def FT_MODELS(prices=None):
    """Spills the price table, one row per model under a header row: id, provider, name, status, date checked, every price, open weights, source, notes."""
    return _call(FT_MODELS, _models, locals())


@_udf(
    table=True,
    monthly_tokens=f"Input tokens a month, {_VOL}.",
    training_tokens=f"Tokens in the training file, {_VOL}.",
    months=_MONTHS,
    output_ratio=_RATIO,
    base_model=_model_doc("Optional model you use now") + " Fills the saving columns.",
    epochs=_EPOCHS,
    prices=_PRICES,
)
def FT_RANK(
    monthly_tokens,
    training_tokens,
    months=12,
    output_ratio=0,
    base_model=None,
    epochs=1,
    prices=None,
):
    """Spills every model's fine-tuned route for the workload, cheapest total over the horizon first: rank, model, provider, status, training $, FT $/1M, monthly $, total $, saving, break-even, net, note."""
    return _call(FT_RANK, _rank, locals())


@_udf(
    monthly_tokens=f"Input tokens a month of the task, {_VOL}.",
    base_model=_model_doc("Optional model you use now") + " Needed for a break-even.",
    ft_model=_model_doc("Optional model to fine-tune") + " Empty: the cheapest for this workload.",
    training_tokens=f"Optional tokens in the training file, {_VOL} (default 5M).",
    months=_MONTHS,
    output_ratio=_RATIO,
    narrow_task="Optional TRUE (default) if the task is narrow and repetitive (classification, extraction, a fixed format).",
    prompt_solves="Optional TRUE if a good prompt already solves the task (default FALSE).",
    changing_requirements="Optional TRUE if the requirements change often (default FALSE).",
    needs_reasoning="Optional TRUE if the task needs multi-step reasoning (default FALSE).",
    multi_task="Optional TRUE if one model serves many different tasks (default FALSE).",
    priority="Optional way to pick the model when ft_model is empty: cost (default), inference or self-hosting.",
    prices=_PRICES,
)
def FT_RECOMMEND(
    monthly_tokens,
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
):
    """The article's decision framework, with the break-even computed: fine-tune, prompt engineering or don't, as text with the reasons and numbers behind it."""
    return _call(FT_RECOMMEND, _recommend, locals())


@_udf(
    cheap_model=_model_doc("Cheap model for simple requests"),
    premium_model=_model_doc("Premium model for the rest"),
    monthly_tokens=f"Input tokens a month, {_VOL}." + _RANGE,
    simple_share="Share of traffic the cheap model handles: 0.6 or 60%." + _RANGE,
    output_ratio=_RATIO,
    router_per_million="Optional USD per 1M tokens the router itself costs (default 0).",
    prices=_PRICES,
)
def FT_ROUTING_COST(
    cheap_model,
    premium_model,
    monthly_tokens,
    simple_share,
    output_ratio=0,
    router_per_million=0,
    prices=None,
):
    """USD a month of routing instead of fine-tuning: simple requests to a cheap base model, the rest to a premium one, plus the router."""
    return _call(FT_ROUTING_COST, _routing_cost, locals())


@_udf(
    model=_model_doc("Base model that generates the answers"),
    monthly_tokens=f"Input tokens a month of the task, {_VOL}." + _RANGE,
    requests="Requests a month (each retrieves context and runs one vector search).",
    context_tokens="Optional retrieved context tokens added to each request (default 2,000).",
    output_ratio=_RATIO,
    embedding_per_million="Optional USD per 1M tokens embedded (default 0.10, the article's low end).",
    search_per_query="Optional USD per vector search (default 0.00001).",
    corpus_tokens=f"Optional document tokens re-embedded each month, {_VOL} (default 0).",
    prices=_PRICES,
)
def FT_RAG_COST(
    model,
    monthly_tokens,
    requests,
    context_tokens=2000,
    output_ratio=0,
    embedding_per_million=engine.RAG_EMBEDDING_PER_MILLION,
    search_per_query=engine.RAG_SEARCH_PER_QUERY,
    corpus_tokens=0,
    prices=None,
):
    """USD a month of retrieval-augmented generation instead of fine-tuning: embedding, vector search and generation with the retrieved context on a base model."""
    return _call(FT_RAG_COST, _rag_cost, locals())


@_udf(
    model=_model_doc("Base model you prompt"),
    monthly_tokens=f"Input tokens a month of the task itself, {_VOL}." + _RANGE,
    prompt_overhead="Extra prompt tokens (instructions, few-shot examples) sent per task token, e.g. 0.5."
    + _RANGE,
    output_ratio=_RATIO,
    prices=_PRICES,
)
def FT_PROMPT_COST(model, monthly_tokens, prompt_overhead, output_ratio=0, prices=None):
    """USD a month of prompt engineering instead of fine-tuning: the base model with the extra prompt tokens in every request."""
    return _call(FT_PROMPT_COST, _prompt_cost, locals())


@_udf(
    current_model=_model_doc("Model you use now"),
    monthly_tokens=f"Input tokens a month, {_VOL}." + _RANGE,
    training_tokens=f"Tokens in a training file, {_VOL}.",
    months=_MONTHS,
    output_ratio=_RATIO,
    epochs=_EPOCHS,
    detail="Optional TRUE to spill the grade with its numbers (two columns) instead of the letter alone.",
    prices=_PRICES,
)
def FT_GRADE(
    current_model,
    monthly_tokens,
    training_tokens,
    months=12,
    output_ratio=0,
    epochs=1,
    detail=False,
    prices=None,
):
    """Grade A+ to F of the current setup by the share of its monthly cost the cheapest option (stay, or fine-tune any model) would save: A+ under 5%, A under 15%, B 30%, C 50%, D 70%, else F."""
    return _call(FT_GRADE, _grade, locals())


@_udf(n_examples="Number of training examples (conversations) in the file." + _RANGE)
def FT_EPOCHS(n_examples):
    """The epochs OpenAI picks when none are given: 3, more for under 34 examples (up to 25), fewer for over 8,333 (at least 1)."""
    return _call(FT_EPOCHS, _epochs, locals())


# ------------------------------------------------------------------ examples (literal arguments)

EXAMPLE_ARGS: dict[str, tuple] = {
    "FT_TRAINING_COST": ("gpt-4o-mini", "5M"),
    "FT_INFERENCE_COST": ("gpt-4o-mini", 1_000_000, 250_000),
    "FT_COST": ("gpt-4o-mini", "12M", "3M", "5M"),
    "FT_BREAKEVEN": ("gpt-4o", "gpt-4o-mini", 5_000_000),
    "FT_BREAKEVEN_MONTHS": ("gpt-4o", "gpt-4o-mini", "5M", "1M"),
    "FT_SAVINGS": ("gpt-4o", "gpt-4o-mini", "1M", 12, "5M"),
    "FT_PRICE": ("gpt-4o-mini", "training"),
    "FT_MODELS": (),
    "FT_RANK": ("100M", "5M", 12, 0, "gpt-4o"),
    "FT_RECOMMEND": ("100M", "gpt-4o", "gpt-4o-mini"),
    "FT_ROUTING_COST": ("gpt-4o-mini", "gpt-4o", "100M", 0.7),
    "FT_RAG_COST": ("gpt-4o-mini", "100M", 50_000),
    "FT_PROMPT_COST": ("gpt-4o", "100M", 0.5),
    "FT_GRADE": ("gpt-4o", "100M", "5M"),
    "FT_EPOCHS": (500,),
}


def formula(name: str, *args) -> str:
    """The Excel formula calling ``name`` with literal ``args``: formula('FT_EPOCHS', 50) → '=FT_EPOCHS(50)'."""

    def lit(a) -> str:
        if isinstance(a, bool):
            return "TRUE" if a else "FALSE"
        if isinstance(a, str):
            return '"' + a.replace('"', '""') + '"'
        if a is None:
            return ""
        return repr(a)

    return f"={name}({','.join(lit(a) for a in args)})"


EXAMPLES: dict[str, str] = {name: formula(name, *args) for name, args in EXAMPLE_ARGS.items()}


def describe() -> list[dict]:
    """Every FT_* function for documentation: name, syntax, description, arguments, example."""
    out = []
    for name in FUNCTIONS:
        f = globals()[name]
        args = []
        for p in inspect.signature(f).parameters.values():
            optional = p.default is not inspect.Parameter.empty
            args.append(
                {
                    "name": p.name,
                    "doc": ARG_DOCS[name][p.name],
                    "optional": optional,
                    "default": p.default if optional else None,
                }
            )
        syntax = ", ".join(f"[{a['name']}]" if a["optional"] else a["name"] for a in args)
        out.append(
            {
                "name": name,
                "syntax": f"{name}({syntax})",
                "description": f.__doc__,
                "category": CATEGORY,
                "args": args,
                "example": EXAMPLES[name],
                "returns_table": name in _TABLES,
            }
        )
    return out


# ------------------------------------------------------------------ per-cell work (engine calls)


# A range repeats most arguments in every cell: the validated plan, workload and model of a set
# of cell values are made once (they are frozen, so sharing them is safe; failures are not kept).
@functools.lru_cache(maxsize=4096, typed=True)
def _plan(training_tokens, epochs=1, training_hours=None) -> TrainingPlan:
    return TrainingPlan(
        training_tokens=training_tokens, epochs=epochs, training_hours=training_hours
    )


@functools.lru_cache(maxsize=4096, typed=True)
def _workload(monthly_tokens, output_ratio=0, months=12, prompt_overhead=0) -> Workload:
    return Workload(
        monthly_tokens=monthly_tokens,
        output_ratio=output_ratio,
        months=months,
        prompt_overhead=prompt_overhead,
    )


def _model(ps: PriceSet, value, what: str) -> ModelPrice:
    if not isinstance(value, str):
        raise InputError(f"{what}: expected a model name (text), got {_show(value)}")
    if len(value) > 200:
        raise InputError(f"{what}: expected a model name, got {len(value)} characters of text")
    names = ps.cache.setdefault("ftcost.udfs: names", {})
    hit = names.get(value)
    if hit is None:
        try:
            hit = names[value] = ps.get(value)
        except UnknownModel as e:
            raise InputError(f"{what}: {e}") from None
    return hit


def _flag(value, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "yes", "y", "1"):
            return True
        if text in ("false", "no", "n", "0"):
            return False
    raise InputError(f"{what}: expected TRUE or FALSE, got {_show(value)}")


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what}: expected text, got {_show(value)}")
    return value


def _compare(
    ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, months=12
):
    mb, mc = _model(ps, base_model, "base_model"), _model(ps, ft_model, "ft_model")
    plan = _plan(training_tokens, epochs)
    w = _workload(monthly_tokens, output_ratio, months)
    return engine.compare(mb, mc, plan, w, ps)


def _no_breakeven(c) -> FtCostError:
    """The engine's reason as the right kind of failure: never pays back (#N/A) or needs input."""
    never = c.savings_per_million_tokens <= 0 or (
        c.monthly_savings is not None and c.monthly_savings <= 0
    )
    return NoBreakEven(c.reason) if never else InputError(c.reason)


def _training_cost(ps, model, training_tokens, epochs, training_hours):
    plan = _plan(training_tokens, epochs, training_hours)
    return engine.training_cost(_model(ps, model, "model"), plan, ps).total


def _inference_cost(ps, model, input_tokens, output_tokens, fine_tuned):
    m = _model(ps, model, "model")
    ft = _flag(fine_tuned, "fine_tuned")
    return engine.inference_cost(m, input_tokens, output_tokens, fine_tuned=ft, prices=ps)


def _cost(ps, model, input_tokens, output_tokens, training_tokens, epochs):
    m = _model(ps, model, "model")
    plan = _plan(training_tokens, epochs)
    training = engine.training_cost(m, plan, ps).total
    return training + engine.inference_cost(
        m, input_tokens, output_tokens, fine_tuned=True, prices=ps
    )


def _breakeven(ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens):
    c = _compare(ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens)
    if c.breakeven_tokens is None:
        raise _no_breakeven(c)
    return c.breakeven_tokens


def _breakeven_months(
    ps, base_model, ft_model, training_tokens, monthly_tokens, epochs, output_ratio
):
    c = _compare(ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens)
    if c.breakeven_months is None:
        raise _no_breakeven(c)
    return c.breakeven_months


def _savings(
    ps, base_model, ft_model, monthly_tokens, months, training_tokens, epochs, output_ratio
):
    c = _compare(
        ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, months
    )
    return c.net_savings


def _norm_field(text: str) -> str:
    return re.sub(r"[\s_/$-]+", "_", text.strip().lower()).strip("_")


_TEXT_FIELDS = ("id", "provider", "name", "status", "checked", "source", "notes", "open_weights")
_FIELDS: dict[str, str] = {}
for _key, _label, _unit in PRICE_FIELDS:
    _FIELDS[_key] = _key
    _FIELDS[_norm_field(_label)] = _key
for _key in (*_TEXT_FIELDS, "fixed_monthly", "max_example_tokens"):
    _FIELDS[_key] = _key
_FIELDS.update({"model": "id", "date": "checked", "hosting": "hosting_per_hour"})
_FIELD_LABELS = {k: label for k, label, _ in PRICE_FIELDS}


def _price(ps, model, field):
    m = _model(ps, model, "model")
    key = _FIELDS.get(_norm_field(_text(field, "field")))
    if key is None:
        close = difflib.get_close_matches(_norm_field(field), list(_FIELDS), n=1)
        hint = f" — did you mean {close[0]!r}?" if close else " (see FT_PRICE's help for the list)"
        raise InputError(f"field: unknown price field {field!r}{hint}")
    value = m.fixed_monthly if key == "fixed_monthly" else getattr(m, key)
    if value is None:
        raise NotAvailable(f"{m.id} has no {_FIELD_LABELS.get(key, key)} price in the data")
    return value


_MODEL_COLUMNS = (
    ("id", "Model"),
    ("provider", "Provider"),
    ("name", "Name"),
    ("status", "Status"),
    ("checked", "Checked"),
    *((k, f"{label} {unit}") for k, label, unit in PRICE_FIELDS),
    ("open_weights", "Open weights"),
    ("source", "Source"),
    ("notes", "Notes"),
)


def _models(ps):
    rows = [[label for _, label in _MODEL_COLUMNS]]
    rows += [[getattr(m, k) for k, _ in _MODEL_COLUMNS] for m in ps.models]
    return rows


_BASE_COLUMNS = ("monthly_savings", "breakeven_months", "net_savings")


def _rank(ps, monthly_tokens, training_tokens, months, output_ratio, base_model, epochs):
    base = _model(ps, base_model, "base_model") if base_model is not None else None
    plan = _plan(training_tokens, epochs)
    w = _workload(monthly_tokens, output_ratio, months)
    r = engine.rank(plan, w, base=base, prices=ps)
    rows = [[label for _, label in r.COLUMNS]]
    for row in r.rows:
        cells = []
        for key, _ in r.COLUMNS:
            v = getattr(row, key)
            if v is None and not (base is None and key in _BASE_COLUMNS):
                v = "#N/A"  # a figure that does not exist (no break-even, hours not given)
            cells.append(v)
        rows.append(cells)
    return rows


def _recommend(
    ps,
    monthly_tokens,
    base_model,
    ft_model,
    training_tokens,
    months,
    output_ratio,
    narrow_task,
    prompt_solves,
    changing_requirements,
    needs_reasoning,
    multi_task,
    priority,
):
    d = engine.decide(
        monthly_tokens,
        base=_model(ps, base_model, "base_model").id if base_model is not None else None,
        candidate=_model(ps, ft_model, "ft_model").id if ft_model is not None else None,
        plan=_plan(training_tokens),
        workload=_workload(None, output_ratio, months),
        narrow_task=_flag(narrow_task, "narrow_task"),
        prompt_solves=_flag(prompt_solves, "prompt_solves"),
        changing_requirements=_flag(changing_requirements, "changing_requirements"),
        needs_reasoning=_flag(needs_reasoning, "needs_reasoning"),
        multi_task=_flag(multi_task, "multi_task"),
        priority=_text(priority, "priority").strip().lower(),
        prices=ps,
    )
    return d.text()


def _routing_cost(
    ps, cheap_model, premium_model, monthly_tokens, simple_share, output_ratio, router_per_million
):
    a = engine.routing_cost(
        _model(ps, cheap_model, "cheap_model"),
        _model(ps, premium_model, "premium_model"),
        _workload(monthly_tokens, output_ratio),
        simple_share=simple_share,
        router_per_million=router_per_million,
        prices=ps,
    )
    return a.monthly_cost


def _rag_cost(
    ps,
    model,
    monthly_tokens,
    requests,
    context_tokens,
    output_ratio,
    embedding_per_million,
    search_per_query,
    corpus_tokens,
):
    a = engine.rag_cost(
        _model(ps, model, "model"),
        _workload(monthly_tokens, output_ratio),
        requests=requests,
        context_tokens=context_tokens,
        embedding_per_million=embedding_per_million,
        search_per_query=search_per_query,
        corpus_tokens=corpus_tokens,
        prices=ps,
    )
    return a.monthly_cost


def _prompt_cost(ps, model, monthly_tokens, prompt_overhead, output_ratio):
    w = _workload(monthly_tokens, output_ratio, 12, prompt_overhead)
    return engine.prompt_engineering_cost(_model(ps, model, "model"), w, ps).monthly_cost


_GRADE_ROWS = (
    ("letter", "Grade"),
    ("current", "Current model"),
    ("current_monthly", "Current cost $/month"),
    ("best", "Cheapest option"),
    ("best_monthly", "Its cost $/month (training spread)"),
    ("savings_share", "Share saved"),
    ("monthly_savings", "Saving $/month"),
    ("annual_savings", "Saving $/year"),
)


def _grade(
    ps, current_model, monthly_tokens, training_tokens, months, output_ratio, epochs, detail
):
    g = engine.grade(
        _model(ps, current_model, "current_model"),
        _plan(training_tokens, epochs),
        _workload(monthly_tokens, output_ratio, months),
        prices=ps,
    )
    if _flag(detail, "detail"):
        return [[label, getattr(g, key)] for key, label in _GRADE_ROWS]
    return g.letter


def _epochs(ps, n_examples):
    return engine.openai_default_epochs(n_examples)


# ------------------------------------------------------------------ the adapter: cells in, cells out

_SPECS: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {}


def _spec(f: Callable) -> tuple[tuple[str, ...], dict[str, object]]:
    """(parameter names, defaults of the optional ones), read once per function."""
    hit = _SPECS.get(f.__name__)
    if hit is None:
        params = inspect.signature(f).parameters.values()
        names = tuple(p.name for p in params)
        defaults = {p.name: p.default for p in params if p.default is not inspect.Parameter.empty}
        hit = _SPECS[f.__name__] = (names, defaults)
    return hit


def _price_set(spec) -> PriceSet:
    """The price set a ``prices`` cell names (load_prices parses once and re-checks the files'
    dates at most every few seconds, so a recalculation's thousands of calls cost little)."""
    if spec is not None and not isinstance(spec, str):
        raise InputError(f"prices: expected a price set name or a file path, got {_show(spec)}")
    if ON_SERVER and spec is not None and spec.strip().lower() not in BUILTIN_SETS:
        _server_may_read(spec)
    try:
        return load_prices(spec)
    except (OSError, RuntimeError, ValueError) as e:  # '~nobody', a NUL byte, a name too long
        raise InputError(f"prices: cannot use {_show(spec)} as a price file ({e})") from None


def _server_may_read(spec: str) -> None:
    """On xlwings Server a cell must not make the server read any file it names: only files
    under the folders its admin lists in FTCOST_SERVER_PRICES_DIRS."""
    allowed = []
    for d in os.environ.get(SERVER_PRICES_ENV, "").split(os.pathsep):
        if d.strip():
            allowed.append(Path(d.strip()).expanduser().resolve())
    try:
        target = Path(spec.strip()).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        target = None
    if target is None or not any(target == d or d in target.parents for d in allowed):
        where = ", or a price file under " + ", ".join(str(d) for d in allowed) if allowed else ""
        raise InputError(
            f"prices: this server offers {' or '.join(BUILTIN_SETS)}{where}; got {_show(spec)}"
        )


def _is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _grid(value, name: str):
    """A cell value as a scalar, or a range as a list of rows (a 1-D list is a column)."""
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy, pandas
        value = value.tolist()
    if isinstance(value, list | tuple):
        if not value:
            raise _Fail(f"{name}: the range is empty")
        if all(isinstance(r, list | tuple) for r in value):
            rows = [list(r) for r in value]
            if any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
                raise _Fail(f"{name}: the rows of the range have different lengths")
        elif any(isinstance(r, list | tuple) for r in value):
            raise _Fail(f"{name}: mixes single values and rows")
        else:
            rows = [[v] for v in value]
        if any(isinstance(c, list | tuple | dict) for r in rows for c in r):
            raise _Fail(f"{name}: a range nested in a range")
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return rows
    if isinstance(value, dict):
        raise _Fail(f"{name}: expected a cell value, got {_show(value)}")
    return value


def _finite(v):
    """A result cell as Excel takes it; a number that is not finite is a failure, never a result."""
    if isinstance(v, bool) or v is None or isinstance(v, str | _dt.date):
        return v
    if isinstance(v, int | float) or hasattr(v, "dtype"):
        x = float(v) if not isinstance(v, int) else v
        if isinstance(x, float) and not math.isfinite(x):
            raise _Fail("the result is not a finite number: are the volumes or prices too large?")
        return x
    return v


def _evaluate(cell: Callable, ps, values: dict, names, defaults) -> object:
    """One cell: blanks to defaults, Excel errors and engine errors to failures, then the engine."""
    kw = {}
    for n in names:
        v = values[n]
        if isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS:
            code = v.strip().upper()
            raise _Fail(f"{n}: the cell holds the error {code}", code, "error-in")
        if _is_blank(v):
            if n not in defaults:
                raise _Blank(n)
            v = defaults[n]
        kw[n] = v
    try:
        out = cell(ps, **kw)
    except (NoBreakEven, NotAvailable) as e:
        raise _Fail(str(e), "#N/A", "na") from None
    except FtCostError as e:
        raise _Fail(str(e)) from None
    except (OverflowError, decimal.InvalidOperation) as e:  # absurd volumes (1e30 tokens)
        raise _Fail(f"input too large to compute ({type(e).__name__})") from None
    if isinstance(out, list):
        return [[_finite(c) for c in row] for row in out]
    return _finite(out)


def _call(udf: Callable, cell: Callable, args: dict) -> object:
    """Coerce the cells, lift ranges, run ``cell`` per element, turn failures into Excel's terms."""
    try:
        # Absurd volumes overflow inside numpy; the result check below turns the infinity into
        # a message, so numpy need not warn about it on the console as well.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return _run(udf, cell, args)
    except _Fail as f:
        return _failed(f)
    except FtCostError as e:  # the price set itself
        return _failed(_Fail(str(e)))
    except Exception as e:  # a bug: still a message, never a traceback in the cell
        return _failed(_Fail(f"{udf.__name__}: unexpected error ({type(e).__name__}: {e})"))


def _run(udf: Callable, cell: Callable, args: dict) -> object:
    names, defaults = _spec(udf)
    ps = None
    if "prices" in args:
        p = _grid(args["prices"], "prices")
        if isinstance(p, list):
            raise _Fail("prices: give a single cell, not a range")
        ps = _price_set(None if _is_blank(p) else p)
    names = tuple(n for n in names if n != "prices")
    grids = {n: _grid(args[n], n) for n in names}
    shape = _shape(grids, udf.__name__ in _TABLES)
    if shape is None:
        try:
            return _evaluate(cell, ps, grids, names, defaults)
        except _Blank as b:
            raise _Fail(f"{b.name}: required, but the cell is empty") from None
    return _lifted(cell, ps, grids, names, defaults, shape)


def _shape(grids: dict, table: bool) -> tuple[int, int] | None:
    """Excel's broadcasting of ranges: each dimension equal or 1 across arguments."""
    shapes = {n: (len(g), len(g[0])) for n, g in grids.items() if isinstance(g, list)}
    if not shapes:
        return None
    if table:
        n = next(iter(shapes))
        raise _Fail(f"{n}: give a single cell, not a range (this function spills a table)")
    dims = []
    for axis in (0, 1):
        sizes = {s[axis] for s in shapes.values()} - {1}
        if len(sizes) > 1:
            desc = ", ".join(f"{n} is {r}×{c}" for n, (r, c) in shapes.items())
            raise _Fail(f"ranges of different sizes: {desc}")
        dims.append(sizes.pop() if sizes else 1)
    return dims[0], dims[1]


def _lifted(cell, ps, grids, names, defaults, shape) -> list[list]:
    rows, cols = shape
    memo: dict[tuple, object] = {}
    out: list[list] = []
    fails: list[_Fail] = []
    for i in range(rows):
        line = []
        for j in range(cols):
            values = {}
            for n in names:
                g = grids[n]
                if isinstance(g, list):
                    g = g[i if len(g) > 1 else 0][j if len(g[0]) > 1 else 0]
                values[n] = g
            key = tuple((type(v), v) for v in values.values())
            try:
                hit = memo.get(key, memo)
            except TypeError:  # an unhashable value: compute without the memo
                key, hit = None, memo
            if hit is memo:
                try:
                    hit = _evaluate(cell, ps, values, names, defaults)
                    if isinstance(hit, list):
                        hit = _Fail("this returns a table: give single cells, not ranges")
                except _Blank:
                    hit = None
                except _Fail as f:
                    hit = f
                if key is not None:
                    memo[key] = hit
            if isinstance(hit, _Fail):
                fails.append(hit)
                hit = hit.code if OFFICE_JS else hit.message
            line.append(hit)
        out.append(line)
    # The same bad input in every cell (an unknown model, say) is one mistake: say it once.
    every = len(fails) == rows * cols and all(f.kind == "input" for f in fails)
    if fails and every and len({f.message for f in fails}) == 1:
        raise fails[0]
    return out


def _failed(f: _Fail):
    if not OFFICE_JS:
        return f.message  # classic add-in and Python: the message is the cell's text
    if f.kind == "na":
        return "#N/A"  # xlwings turns it into Excel's #N/A error
    raise FormulaError(f.message)
