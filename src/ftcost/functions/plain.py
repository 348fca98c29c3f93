"""The FT_* functions as plain Python: cells in, a value, a table or a message out.

``FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5e6)`` works from Python as the classic Excel add-in
calls it: a failure comes back as its message (text). `run` serves both ways Excel runs them
(`ftcost.udfs` declares them to xlwings): with ``office_js`` a failed cell in a range holds its
Excel error code and a failure of the whole call raises `Failure` (the caller turns it into
#VALUE! with the message, or #N/A).

Parameters carry no type annotations on purpose: xlwings would take them as value converters.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from ..engine import RAG_EMBEDDING_PER_MILLION, RAG_SEARCH_PER_QUERY
from ..errors import FtCostError
from . import spec
from .cells import BATCHES, CELLS
from .coerce import Blank, Failure, as_grid, is_blank, price_set
from .lift import batched, evaluate, lifted, shape

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
    "run",
]


def run(name: str, args: dict, *, office_js: bool = False, server: bool = False) -> object:
    """Call FT_* function ``name`` on cell values ``args`` (argument name → value or range; one
    left out is an empty cell).

    Classic (default): a failure is returned as its message. ``office_js``: failed cells of a
    range hold Excel error codes and a failure of the whole call raises `Failure`. ``server``:
    the ``prices`` cell may name only the files xlwings Server's admin allows.
    """
    try:
        # Absurd volumes overflow inside numpy; the result check turns the infinity into a
        # message, so numpy need not warn about it on the console as well.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return _run(spec.SPECS[name], args, office_js, server)
    except Failure as f:
        failure = f
    except FtCostError as e:  # the price set itself
        failure = Failure(str(e))
    except Exception as e:  # a bug: still a message, never a traceback in the cell
        failure = Failure(f"{name}: unexpected error ({type(e).__name__}: {e})")
    if office_js:
        raise failure
    return failure.message  # classic add-in and Python: the message is the cell's text


# name → (its arguments but prices, the defaults of the optional ones, whether it takes prices)
_ARGS = {
    f.name: (tuple(n for n in f.arg_names if n != "prices"), f.defaults, "prices" in f.arg_names)
    for f in spec.CATALOGUE
}


def _run(f: spec.Function, args: dict, office_js: bool, server: bool) -> object:
    cell = CELLS[f.name]
    names, defaults, priced = _ARGS[f.name]
    ps = None
    if priced:
        p = as_grid(args.get("prices"), "prices")
        if isinstance(p, list):
            raise Failure("prices: give a single cell, not a range")
        ps = price_set(None if is_blank(p) else p, server=server)
    grids = {n: as_grid(args.get(n), n) for n in names}  # an argument left out: an empty cell
    dims = shape(grids, f.table)
    if dims is None:
        try:
            return evaluate(cell, ps, grids, names, defaults)
        except Blank as b:
            raise Failure(f"{b.name}: required, but the cell is empty") from None
    batch = BATCHES.get(f.name)
    if batch is not None:
        out = batched(batch, cell, ps, grids, names, defaults, dims, codes=office_js)
        if out is not None:
            return out
    return lifted(cell, ps, grids, names, defaults, dims, codes=office_js)


def _plain(fn: Callable) -> Callable:
    """Check ``fn``'s signature against the catalogue and give it its documentation."""
    f = spec.SPECS[fn.__name__]
    params = inspect.signature(fn).parameters.values()
    got = [
        (p.name, spec.REQUIRED if p.default is inspect.Parameter.empty else p.default)
        for p in params
    ]
    if got != [(a.name, a.default) for a in f.args]:
        raise TypeError(f"{f.name}: the signature differs from ftcost.functions.spec")
    fn.__doc__ = f.doc
    return fn


@_plain
def FT_TRAINING_COST(model, training_tokens, epochs=1, training_hours=None, prices=None):
    return run("FT_TRAINING_COST", locals())


@_plain
def FT_INFERENCE_COST(model, input_tokens, output_tokens=0, fine_tuned=True, prices=None):
    return run("FT_INFERENCE_COST", locals())


@_plain
def FT_COST(
    model, input_tokens, output_tokens=0, training_tokens=0, epochs=1, prices=None, as_of=None
):
    return run("FT_COST", locals())


@_plain
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
    return run("FT_BREAKEVEN", locals())


@_plain
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
    return run("FT_BREAKEVEN_MONTHS", locals())


@_plain
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
    return run("FT_SAVINGS", locals())


@_plain
def FT_PRICE(model, field="ft_input", prices=None, as_of=None):
    return run("FT_PRICE", locals())


@_plain
def FT_MODELS(prices=None, as_of=None):
    return run("FT_MODELS", locals())


@_plain
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
    return run("FT_RANK", locals())


@_plain
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
    return run("FT_RECOMMEND", locals())


@_plain
def FT_ROUTING_COST(
    cheap_model,
    premium_model,
    monthly_tokens,
    simple_share,
    output_ratio=0,
    router_per_million=0,
    prices=None,
):
    return run("FT_ROUTING_COST", locals())


@_plain
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
    return run("FT_RAG_COST", locals())


@_plain
def FT_PROMPT_COST(model, monthly_tokens, prompt_overhead, output_ratio=0, prices=None):
    return run("FT_PROMPT_COST", locals())


@_plain
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
    return run("FT_GRADE", locals())


@_plain
def FT_SPEND_TOKENS(model, monthly_spend, output_ratio=0, cached_share=0, prices=None, as_of=None):
    return run("FT_SPEND_TOKENS", locals())


@_plain
def FT_EPOCHS(n_examples):
    return run("FT_EPOCHS", locals())
