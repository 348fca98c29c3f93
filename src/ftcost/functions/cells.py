"""One cell of each FT_* function: checked cell values in, one engine call, one result out.

Each function here takes the price set and the cells of one evaluation (blanks already replaced
by their defaults) and returns a number, a date, text or a table (a list of rows), or raises:
`NoBreakEven` / `NotAvailable` for "there is no such number" (#N/A), any other `FtCostError`
for bad input (#VALUE! and the message).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterator

import numpy as np

from .. import engine
from ..engine.kernels import k_breakeven_tokens
from ..errors import FtCostError, InputError, NoBreakEven
from ..fields import INPUTS, PRICE, by_name
from ..model import TrainingPlan, Workload
from . import coerce as cv
from .coerce import NotAvailable
from .lift import Batch

__all__ = ["BATCHES", "CELLS", "NotAvailable"]


def _compare(
    ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, months=12
):
    mb, mc = cv.model(ps, base_model, "base_model"), cv.model(ps, ft_model, "ft_model")
    plan = cv.plan(training_tokens, epochs)
    w = cv.workload(monthly_tokens, output_ratio, months)
    return engine.compare(mb, mc, plan, w, ps)


def no_breakeven(c) -> FtCostError:
    """The engine's reason as the right kind of failure: never pays back (#N/A) or needs input."""
    never = c.savings_per_million_tokens <= 0 or (
        c.monthly_savings is not None and c.monthly_savings <= 0
    )
    return NoBreakEven(c.reason) if never else InputError(c.reason)


def training_cost(ps, model, training_tokens, epochs, training_hours):
    plan = cv.plan(training_tokens, epochs, training_hours)
    return engine.training_cost(cv.model(ps, model, "model"), plan, ps).total


def inference_cost(ps, model, input_tokens, output_tokens, fine_tuned):
    m = cv.model(ps, model, "model")
    ft = cv.flag(fine_tuned, "fine_tuned")
    return engine.inference_cost(m, input_tokens, output_tokens, fine_tuned=ft, prices=ps)


def cost(ps, model, input_tokens, output_tokens, training_tokens, epochs):
    m = cv.model(ps, model, "model")
    plan = cv.plan(training_tokens, epochs)
    training = engine.training_cost(m, plan, ps).total
    return training + engine.inference_cost(
        m, input_tokens, output_tokens, fine_tuned=True, prices=ps
    )


def breakeven(ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens):
    c = _compare(ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens)
    if c.breakeven_tokens is None:
        raise no_breakeven(c)
    return c.breakeven_tokens


def breakeven_months(
    ps, base_model, ft_model, training_tokens, monthly_tokens, epochs, output_ratio
):
    c = _compare(ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens)
    if c.breakeven_months is None:
        raise no_breakeven(c)
    return c.breakeven_months


def savings(
    ps, base_model, ft_model, monthly_tokens, months, training_tokens, epochs, output_ratio
):
    c = _compare(
        ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, months
    )
    return c.net_savings


def _norm_field(t: str) -> str:
    return re.sub(r"[\s_/$-]+", "_", t.strip().lower()).strip("_")


# FT_PRICE: every field of the registry by its name, and by its label ("FT input"); a few
# more spellings, and fixed_monthly (hosting and storage a month, derived).
FIELDS: dict[str, str] = {}  # every spelling FT_PRICE accepts → the ModelPrice attribute
for _f in PRICE:
    FIELDS[_f.name] = _f.name
for _f in PRICE:
    FIELDS.setdefault(_norm_field(_f.label), _f.name)
FIELDS.update({"fixed_monthly": "fixed_monthly", "model": "id", "date": "checked"})
FIELDS.update({"hosting": "hosting_per_hour"})
_PRICED = ("rate", "money")  # the registry's kinds of prices: $ per 1M tokens, $ per job/hour/month


def _missing(key: str) -> str:
    """How a message names a field the model has no value for: 'FT batch input price'."""
    if key not in {f.name for f in PRICE}:
        return key  # fixed_monthly
    f = by_name(key)
    if f.kind in _PRICED:
        return f"{f.label} price"
    if f.kind in ("date", "deadline"):
        return f"{f.label} date"
    return f.label.lower()


def price(ps, model, field):
    m = cv.model(ps, model, "model")
    key = FIELDS.get(_norm_field(cv.text(field, "field")))
    if key is None:
        close = difflib.get_close_matches(_norm_field(field), list(FIELDS), n=1)
        hint = f" — did you mean {close[0]!r}?" if close else " (see FT_PRICE's help for the list)"
        raise InputError(f"field: unknown price field {field!r}{hint}")
    value = m.fixed_monthly if key == "fixed_monthly" else getattr(m, key)
    if value is None:
        raise NotAvailable(f"{m.id} has no {_missing(key)} in the data")
    return value


# FT_MODELS: who and when, every price the registry has ($/1M rates, then $ per job, hour and
# month), open weights, source and notes; header row from the fields' labels and units
_IDENTITY = ("id", "provider", "name", "status", "checked")
_LAST = ("open_weights", "source", "notes")
MODEL_COLUMNS = tuple(
    (f.name, "Model" if f.name == "id" else f.header)
    for f in (
        *(by_name(n) for n in _IDENTITY),
        *(f for f in PRICE if f.kind in _PRICED),
        *(by_name(n) for n in _LAST),
    )
)


def models(ps):
    rows = [[label for _, label in MODEL_COLUMNS]]
    rows += [[getattr(m, k) for k, _ in MODEL_COLUMNS] for m in ps.models]
    return rows


_BASE_COLUMNS = ("monthly_savings", "breakeven_months", "net_savings")


def rank(ps, monthly_tokens, training_tokens, months, output_ratio, base_model, epochs):
    base = cv.model(ps, base_model, "base_model") if base_model is not None else None
    plan = cv.plan(training_tokens, epochs)
    w = cv.workload(monthly_tokens, output_ratio, months)
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


def recommend(
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
        base=cv.model(ps, base_model, "base_model").id if base_model is not None else None,
        candidate=cv.model(ps, ft_model, "ft_model").id if ft_model is not None else None,
        plan=cv.plan(training_tokens),
        workload=cv.workload(None, output_ratio, months),
        narrow_task=cv.flag(narrow_task, "narrow_task"),
        prompt_solves=cv.flag(prompt_solves, "prompt_solves"),
        changing_requirements=cv.flag(changing_requirements, "changing_requirements"),
        needs_reasoning=cv.flag(needs_reasoning, "needs_reasoning"),
        multi_task=cv.flag(multi_task, "multi_task"),
        priority=cv.text(priority, "priority").strip().lower(),
        prices=ps,
    )
    return d.text()


def routing_cost(
    ps, cheap_model, premium_model, monthly_tokens, simple_share, output_ratio, router_per_million
):
    a = engine.routing_cost(
        cv.model(ps, cheap_model, "cheap_model"),
        cv.model(ps, premium_model, "premium_model"),
        cv.workload(monthly_tokens, output_ratio),
        simple_share=simple_share,
        router_per_million=router_per_million,
        prices=ps,
    )
    return a.monthly_cost


def rag_cost(
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
        cv.model(ps, model, "model"),
        cv.workload(monthly_tokens, output_ratio),
        requests=requests,
        context_tokens=context_tokens,
        embedding_per_million=embedding_per_million,
        search_per_query=search_per_query,
        corpus_tokens=corpus_tokens,
        prices=ps,
    )
    return a.monthly_cost


def prompt_cost(ps, model, monthly_tokens, prompt_overhead, output_ratio):
    w = cv.workload(monthly_tokens, output_ratio, 12, prompt_overhead)
    return engine.prompt_engineering_cost(cv.model(ps, model, "model"), w, ps).monthly_cost


GRADE_ROWS = (
    ("letter", "Grade"),
    ("current", "Current model"),
    ("current_monthly", "Current cost $/month"),
    ("best", "Cheapest option"),
    ("best_monthly", "Its cost $/month (training spread)"),
    ("savings_share", "Share saved"),
    ("monthly_savings", "Saving $/month"),
    ("annual_savings", "Saving $/year"),
)


def grade(ps, current_model, monthly_tokens, training_tokens, months, output_ratio, epochs, detail):
    g = engine.grade(
        cv.model(ps, current_model, "current_model"),
        cv.plan(training_tokens, epochs),
        cv.workload(monthly_tokens, output_ratio, months),
        prices=ps,
        kinds=("stay", "fine-tune"),  # as the template grades natively (issue 13: switches next)
        include_unverified=True,
    )
    if cv.flag(detail, "detail"):
        return [[label, getattr(g, key)] for key, label in GRADE_ROWS]
    return g.letter


def epochs(ps, n_examples):
    return engine.openai_default_epochs(n_examples)


# FT_* name → its one-cell function (arguments in the FT_* function's order, ``prices`` first
# as the price set and not repeated)
CELLS: dict[str, Callable] = {
    "FT_TRAINING_COST": training_cost,
    "FT_INFERENCE_COST": inference_cost,
    "FT_COST": cost,
    "FT_BREAKEVEN": breakeven,
    "FT_BREAKEVEN_MONTHS": breakeven_months,
    "FT_SAVINGS": savings,
    "FT_PRICE": price,
    "FT_MODELS": models,
    "FT_RANK": rank,
    "FT_RECOMMEND": recommend,
    "FT_ROUTING_COST": routing_cost,
    "FT_RAG_COST": rag_cost,
    "FT_PROMPT_COST": prompt_cost,
    "FT_GRADE": grade,
    "FT_EPOCHS": epochs,
}


# ------------------------------------------------------------------ ranges: one engine call per group
# The checks are the one-cell path's own: the plan and workload constructors, each given one
# argument (their fields are checked one by one), and the model names resolved as above.


def _model_column(what: str) -> Callable:
    def check(ps, v) -> int:
        return ps.ids.index(cv.model(ps, v, what).id)

    return check


def _training_tokens(ps, v) -> float:
    return TrainingPlan(training_tokens=v).training_tokens


def _epochs(ps, v) -> int:
    return TrainingPlan(training_tokens=0, epochs=v).epochs


def _training_hours(ps, v) -> float:
    hours = TrainingPlan(training_tokens=0, training_hours=v).training_hours
    return math.nan if hours is None else hours  # NaN: not given, as engine.grid takes it


def _monthly_tokens(ps, v) -> float:
    return Workload(monthly_tokens=v).monthly_tokens


def _output_ratio(ps, v) -> float:
    return Workload(output_ratio=v).output_ratio


def _months(ps, v) -> int:
    return Workload(months=v).months


def _groups(base, k: int) -> Iterator[tuple[int, object]]:
    """(base model column, the cells that have it) for each distinct base model."""
    if np.ndim(base) == 0:
        yield int(base), slice(None)
        return
    for b in np.unique(base).tolist():
        yield b, np.flatnonzero(base == b)


def _pick(table: np.ndarray, column, k: int) -> np.ndarray:
    """Each cell's model column of a (cells or 1, models) table from engine.grid."""
    table = np.broadcast_to(table, (k, table.shape[1]))
    return table[np.arange(k), column]


def _grid_by_base(ps, a: dict, k: int, key: str, **scenario) -> np.ndarray:
    """engine.grid once per base model over the cells that have it; each cell's ft_model column."""
    out = np.empty(k)
    for base, idx in _groups(a["base_model"], k):

        def sel(x, idx=idx):
            return x if np.ndim(x) == 0 else x[idx]

        g = engine.grid(ps, base=ps.models[base].id, **{n: sel(v) for n, v in scenario.items()})
        count = k if isinstance(idx, slice) else len(idx)
        out[idx] = _pick(g[key], sel(a["ft_model"]), count)
    return out


def _savings_many(ps, a: dict, k: int) -> np.ndarray:
    return _grid_by_base(
        ps,
        a,
        k,
        "net_savings",
        training_tokens=a["training_tokens"],
        monthly_tokens=a["monthly_tokens"],
        epochs=a["epochs"],
        output_ratio=a["output_ratio"],
        months=a["months"],
    )


def _breakeven_months_many(ps, a: dict, k: int) -> np.ndarray:
    # NaN where the fine-tuned route saves nothing: the one-cell path says why (#N/A)
    return _grid_by_base(
        ps,
        a,
        k,
        "breakeven_months",
        training_tokens=a["training_tokens"],
        monthly_tokens=a["monthly_tokens"],
        epochs=a["epochs"],
        output_ratio=a["output_ratio"],
    )


def _breakeven_many(ps, a: dict, k: int) -> np.ndarray:
    # Where the fine-tuned model has fixed monthly costs the break-even depends on the monthly
    # volume, and where it saves nothing per token there is none: NaN, the one-cell path answers.
    fixed = np.array([m.fixed_monthly for m in ps.models])
    out = np.empty(k)
    for base, idx in _groups(a["base_model"], k):

        def sel(x, idx=idx):
            return x if np.ndim(x) == 0 else x[idx]

        g = engine.grid(
            ps,
            base=ps.models[base].id,
            training_tokens=sel(a["training_tokens"]),
            monthly_tokens=0.0,  # the per-token break-even needs no monthly volume
            epochs=sel(a["epochs"]),
            output_ratio=sel(a["output_ratio"]),
        )
        count = k if isinstance(idx, slice) else len(idx)
        ft = sel(a["ft_model"])
        training = _pick(g["training_cost"], ft, count)
        saving = _pick(g["base_per_million"], ft, count) - _pick(g["ft_per_million"], ft, count)
        tokens = k_breakeven_tokens(training, saving)
        out[idx] = np.where(fixed[ft] > 0, np.nan, tokens)
    return out


def _training_cost_many(ps, a: dict, k: int) -> np.ndarray:
    g = engine.grid(
        ps,
        training_tokens=a["training_tokens"],
        monthly_tokens=0.0,
        epochs=a["epochs"],
        training_hours=a["training_hours"],
    )
    return _pick(g["training_cost"], a["model"], k)


# token volumes are checked as a range of numbers (≥ 0 and ≤ a limit): a column at its extremes
_TOKENS = frozenset(f.name for f in INPUTS if f.kind == "tokens")
_COMPARE_CHECKS = {
    "base_model": _model_column("base_model"),
    "ft_model": _model_column("ft_model"),
    "training_tokens": _training_tokens,
    "monthly_tokens": _monthly_tokens,
    "epochs": _epochs,
    "output_ratio": _output_ratio,
    "months": _months,
}


def _monthly_tokens_or_none(ps, v) -> float:
    hit = Workload(monthly_tokens=v).monthly_tokens
    return math.nan if hit is None else hit  # NaN: not given


# FT_* name → how a range of it is computed at once (the others go cell by cell)
BATCHES: dict[str, Batch] = {
    "FT_BREAKEVEN": Batch(
        {**_COMPARE_CHECKS, "monthly_tokens": _monthly_tokens_or_none}, _TOKENS, _breakeven_many
    ),
    "FT_SAVINGS": Batch(_COMPARE_CHECKS, _TOKENS, _savings_many),
    "FT_BREAKEVEN_MONTHS": Batch(_COMPARE_CHECKS, _TOKENS, _breakeven_months_many),
    "FT_TRAINING_COST": Batch(
        {
            "model": _model_column("model"),
            "training_tokens": _training_tokens,
            "epochs": _epochs,
            "training_hours": _training_hours,
        },
        _TOKENS,
        _training_cost_many,
    ),
}
