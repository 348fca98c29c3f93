"""One cell of each FT_* function: checked cell values in, one engine call, one result out.

Each function here takes the price set and the cells of one evaluation (blanks already replaced
by their defaults) and returns a number, a date, text or a table (a list of rows), or raises:
`NoBreakEven` / `NotAvailable` for "there is no such number" (#N/A), any other `FtCostError`
for bad input (#VALUE! and the message).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from .. import engine
from ..errors import FtCostError, InputError, NoBreakEven
from ..model import PRICE_FIELDS
from . import coerce as cv

__all__ = ["CELLS", "NotAvailable"]


class NotAvailable(FtCostError):
    """The number asked for does not exist (a price the model does not have): #N/A."""


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


TEXT_FIELDS = ("id", "provider", "name", "status", "checked", "source", "notes", "open_weights")
FIELDS: dict[str, str] = {}  # every spelling FT_PRICE accepts → the ModelPrice attribute
for _key, _label, _unit in PRICE_FIELDS:
    FIELDS[_key] = _key
    FIELDS[_norm_field(_label)] = _key
for _key in (*TEXT_FIELDS, "fixed_monthly", "max_example_tokens"):
    FIELDS[_key] = _key
FIELDS.update({"model": "id", "date": "checked", "hosting": "hosting_per_hour"})
FIELD_LABELS = {k: label for k, label, _ in PRICE_FIELDS}


def price(ps, model, field):
    m = cv.model(ps, model, "model")
    key = FIELDS.get(_norm_field(cv.text(field, "field")))
    if key is None:
        close = difflib.get_close_matches(_norm_field(field), list(FIELDS), n=1)
        hint = f" — did you mean {close[0]!r}?" if close else " (see FT_PRICE's help for the list)"
        raise InputError(f"field: unknown price field {field!r}{hint}")
    value = m.fixed_monthly if key == "fixed_monthly" else getattr(m, key)
    if value is None:
        raise NotAvailable(f"{m.id} has no {FIELD_LABELS.get(key, key)} price in the data")
    return value


MODEL_COLUMNS = (
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
