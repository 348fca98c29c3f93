"""One cell of each FT_* function: checked cell values in, one engine call, one result out.

Each function here takes the price set and the cells of one evaluation (blanks already replaced
by their defaults) and returns a number, a date, text or a table (a list of rows), or raises:
`NoBreakEven` / `NotAvailable` for "there is no such number" (#N/A), any other `FtCostError`
for bad input (#VALUE! and the message).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from collections.abc import Callable, Iterator

import numpy as np

from .. import engine
from ..engine.compare import paid_back_after_retirement
from ..engine.kernels import k_breakeven_tokens
from ..errors import FtCostError, InputError, NoBreakEven, UnknownModel
from ..fields import INPUTS, PRICE, by_name
from ..lifecycle import availability
from ..model import TrainingPlan, Workload
from . import coerce as cv
from .coerce import NotAvailable
from .lift import Batch, Known

__all__ = ["BATCHES", "CELLS", "NotAvailable"]


def _compare(
    ps,
    base_model,
    ft_model,
    training_tokens,
    epochs,
    output_ratio,
    monthly_tokens,
    months=12,
    as_of=None,
):
    mb, mc = cv.model(ps, base_model, "base_model"), cv.model(ps, ft_model, "ft_model")
    plan = cv.plan(training_tokens, epochs)
    w = cv.workload(monthly_tokens, output_ratio, months)
    return engine.compare(mb, mc, plan, w, ps, as_of=cv.as_of(as_of))


def closed(m, day) -> str:
    """Why no fine-tuning job of ``m`` can start on ``day``, short enough for a cell: the
    lifecycle's reason without the access note (who may train matters no more once none may)."""
    a = availability(m, day)
    reason = a.reason.replace(f" ({m.access})", "") if m.access else a.reason
    if a.state == "retired":
        return f"{reason} (as of {day})"
    return f"{reason}: no fine-tuning job can start on {day}"


def no_breakeven(c, ps=None) -> FtCostError:
    """The engine's reason as the right kind of failure: never pays back (#N/A: no saving, no
    fine-tune can be made on the as-of date, it retires first) or needs input (#VALUE!)."""
    if not c.trainable and ps is not None:
        return NoBreakEven(closed(ps.get(c.candidate), c.as_of))
    never = (
        not c.trainable
        or c.breakeven_before_retirement is False
        or c.savings_per_million_tokens <= 0
        or (c.monthly_savings is not None and c.monthly_savings <= 0)
    )
    return NoBreakEven(c.reason) if never else InputError(c.reason)


def training_cost(ps, model, training_tokens, epochs, training_hours):
    plan = cv.plan(training_tokens, epochs, training_hours)
    return engine.training_cost(cv.model(ps, model, "model"), plan, ps).total


def inference_cost(ps, model, input_tokens, output_tokens, fine_tuned):
    m = cv.model(ps, model, "model")
    ft = cv.flag(fine_tuned, "fine_tuned")
    return engine.inference_cost(m, input_tokens, output_tokens, fine_tuned=ft, prices=ps)


def cost(ps, model, input_tokens, output_tokens, training_tokens, epochs, as_of):
    m = cv.model(ps, model, "model")
    plan = cv.plan(training_tokens, epochs)
    day = cv.as_of(as_of)
    a = availability(m, day)
    if not a.serving or (plan.training_tokens > 0 and not a.trainable):
        raise NotAvailable(closed(m, day))
    training = engine.training_cost(m, plan, ps).total
    return training + engine.inference_cost(
        m, input_tokens, output_tokens, fine_tuned=True, prices=ps
    )


def breakeven(
    ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, as_of
):
    c = _compare(
        ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, 12, as_of
    )
    # a pay-back after the fine-tune retires is none (known only with a monthly volume)
    if c.breakeven_tokens is None or c.breakeven_before_retirement is False:
        raise no_breakeven(c, ps)
    return c.breakeven_tokens


def breakeven_months(
    ps, base_model, ft_model, training_tokens, monthly_tokens, epochs, output_ratio, as_of
):
    c = _compare(
        ps, base_model, ft_model, training_tokens, epochs, output_ratio, monthly_tokens, 12, as_of
    )
    if c.breakeven_months is None or c.breakeven_before_retirement is False:
        raise no_breakeven(c, ps)
    return c.breakeven_months


def savings(
    ps, base_model, ft_model, monthly_tokens, months, training_tokens, epochs, output_ratio, as_of
):
    c = _compare(
        ps,
        base_model,
        ft_model,
        training_tokens,
        epochs,
        output_ratio,
        monthly_tokens,
        months,
        as_of,
    )
    if c.net_savings is None:  # no fine-tune can be made on the as-of date
        raise NotAvailable(closed(ps.get(c.candidate), c.as_of))
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
# the lifecycle on the as-of date (`lifecycle.availability`), derived like fixed_monthly
_ON_AS_OF = ("state", "trainable", "serve_months")
FIELDS.update({k: k for k in _ON_AS_OF} | {"availability": "state", "serving": "serving"})
_PRICED = ("rate", "money")  # the registry's kinds of prices: $ per 1M tokens, $ per job/hour/month


def _missing(key: str) -> str:
    """How a message names a field the model has no value for: 'FT batch input price'."""
    if key not in {f.name for f in PRICE}:
        return "retirement date (so no serve_months)" if key == "serve_months" else key
    f = by_name(key)
    if f.kind in _PRICED:
        return f"{f.label} price"
    if f.kind in ("date", "deadline"):
        return f"{f.label} date"
    return f.label.lower()


def price(ps, model, field, as_of):
    m = cv.model(ps, model, "model")
    key = FIELDS.get(_norm_field(cv.text(field, "field")))
    if key is None:
        close = difflib.get_close_matches(_norm_field(field), list(FIELDS), n=1)
        hint = f" — did you mean {close[0]!r}?" if close else " (see FT_PRICE's help for the list)"
        raise InputError(f"field: unknown price field {field!r}{hint}")
    day = cv.as_of(as_of)  # checked whatever the field: a bad date is never ignored
    if key in (*_ON_AS_OF, "serving"):
        value = getattr(availability(m, day), key)
    elif key == "fixed_monthly":
        value = m.fixed_monthly
    else:
        value = getattr(m, key)
    if value is None:
        raise NotAvailable(f"{m.id} has no {_missing(key)} in the data")
    return value


# FT_MODELS: who and when, every price the registry has ($/1M rates, then $ per job, hour and
# month), open weights, source and notes; header row from the fields' labels and units
_IDENTITY = ("id", "provider", "name", "status", "checked")
_LAST = ("open_weights", "source", "notes")
# the lifecycle last (columns added in December 2026 keep the earlier ones where they were)
_DATES = (*(f.name for f in PRICE if f.kind == "deadline"), "access")
MODEL_COLUMNS = tuple(
    (f.name, "Model" if f.name == "id" else f.header)
    for f in (
        *(by_name(n) for n in _IDENTITY),
        *(f for f in PRICE if f.kind in _PRICED),
        *(by_name(n) for n in _LAST),
        *(by_name(n) for n in _DATES),
    )
)
STATE_COLUMN = "Availability"  # the state on the as-of date (active, closing, closed, retired …)


def models(ps, as_of):
    day = cv.as_of(as_of)
    rows = [[label for _, label in MODEL_COLUMNS] + [f"{STATE_COLUMN} on {day}"]]
    rows += [
        [getattr(m, k) for k, _ in MODEL_COLUMNS] + [availability(m, day).state] for m in ps.models
    ]
    return rows


_BASE_COLUMNS = ("monthly_savings", "breakeven_months", "net_savings")


def rank(
    ps,
    monthly_tokens,
    training_tokens,
    months,
    output_ratio,
    base_model,
    epochs,
    as_of,
    include_unavailable,
):
    base = cv.model(ps, base_model, "base_model") if base_model is not None else None
    plan = cv.plan(training_tokens, epochs)
    w = cv.workload(monthly_tokens, output_ratio, months)
    r = engine.rank(
        plan,
        w,
        base=base,
        prices=ps,
        as_of=cv.as_of(as_of),
        include_unavailable=cv.flag(include_unavailable, "include_unavailable"),
    )
    columns = r.COLUMNS + r.LIFECYCLE_COLUMNS
    rows = [[label for _, label in columns]]
    for row in r.rows:
        cells = []
        for key, _ in columns:
            v = getattr(row, key)
            if v is None and key in ("training_until", "retires"):
                v = ""  # no date announced
            elif v is None and key == "breakeven_before_retirement":
                v = ""  # no break-even (or no base) to compare
            elif v is None and not (base is None and key in _BASE_COLUMNS):
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
    as_of,
    monthly_spend,
    include_unverified,
):
    _volume_given(monthly_tokens, monthly_spend)
    day = cv.as_of(as_of)
    if monthly_tokens is not None:
        monthly_tokens = cv.workload(monthly_tokens).monthly_tokens  # checked as a token volume
    d = engine.decide(
        monthly_tokens,
        base=_current(ps, base_model, "base_model", day) if base_model is not None else None,
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
        as_of=day,
        monthly_spend=monthly_spend,
        include_unverified=cv.flag(include_unverified, "include_unverified"),
    )
    return recommendation_text(d)


def _volume_given(monthly_tokens, monthly_spend) -> None:
    """Neither a volume nor a spend: an empty required cell (a blank result inside a range)."""
    if monthly_tokens is None and monthly_spend is None:
        raise cv.Blank("monthly_tokens (or monthly_spend)")


def recommendation_text(d) -> str:
    """`ftcost recommend`'s words on one line: the headline, its reasons, and — when the
    recommended option is not the cheapest — why not."""
    text = d.text()
    if d.why_not_cheapest:
        text += ". Not the cheapest: " + d.why_not_cheapest
    return text


def _current(ps, value, what: str, day) -> str:
    """The model a user pays for now: ftcost's catalog or genai-prices (`basemodels.resolve`)."""
    if not isinstance(value, str):
        raise InputError(f"{what}: expected a model name (text), got {cv.show(value)}")
    if len(value) > 200:
        raise InputError(f"{what}: expected a model name, got {len(value)} characters of text")
    from ..basemodels import resolve  # genai-prices loads only when ftcost's catalog lacks it

    try:
        return resolve(value, ps, as_of=day).id
    except UnknownModel as e:
        raise InputError(f"{what}: {e}") from None


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
    # added with ftcost grade (December 2026): the rows above keep their places
    ("best_option", "Best option"),
    ("as_of", "As of"),
    ("spend_text", "Volume from spend"),
)


def grade(
    ps,
    current_model,
    monthly_tokens,
    training_tokens,
    months,
    output_ratio,
    epochs,
    detail,
    as_of,
    monthly_spend,
    include_unverified,
):
    _volume_given(monthly_tokens, monthly_spend)
    day = cv.as_of(as_of)
    # `ftcost grade`'s function and defaults: stay, switch, fine-tune and route weighed
    g = engine.grade(
        _current(ps, current_model, "current_model", day),
        cv.plan(training_tokens, epochs),
        cv.workload(monthly_tokens, output_ratio, months),
        prices=ps,
        as_of=day,
        monthly_spend=monthly_spend,
        include_unverified=cv.flag(include_unverified, "include_unverified"),
    )
    if cv.flag(detail, "detail"):
        return [[label, getattr(g, key)] for key, label in GRADE_ROWS]
    return g.letter


def spend_tokens(ps, model, monthly_spend, output_ratio, cached_share, as_of):
    from ..spend import tokens_from_spend

    day = cv.as_of(as_of)
    m = _current(ps, model, "model", day)
    w = Workload(output_ratio=output_ratio, cached_share=cached_share)
    return tokens_from_spend(monthly_spend, m, w, prices=ps, as_of=day).monthly_tokens


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
    "FT_SPEND_TOKENS": spend_tokens,
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


def _as_of(ps, v) -> int:
    return cv.as_of(v).toordinal()  # a number, as the batch's arrays hold


def _groups(base, day, k: int) -> Iterator[tuple[int, _dt.date, object]]:
    """(base model column, as-of date, the cells that have them) for each distinct pair."""
    if np.ndim(base) == 0 and np.ndim(day) == 0:
        yield int(base), _dt.date.fromordinal(int(day)), slice(None)
        return
    key = np.broadcast_to(np.asarray(base, dtype=np.int64) * 10_000_000 + day, (k,))
    for u in np.unique(key).tolist():
        yield u // 10_000_000, _dt.date.fromordinal(u % 10_000_000), np.flatnonzero(key == u)


def _pick(table: np.ndarray, column, k: int) -> np.ndarray:
    """Each cell's model column of a (cells or 1, models) table from engine.grid."""
    table = np.broadcast_to(table, (k, table.shape[1]))
    return table[np.arange(k), column]


def _grid_by_base(
    ps, a: dict, k: int, key: str, late: dict | None = None, **scenario
) -> np.ndarray:
    """engine.grid once per base model over the cells that have it; each cell's ft_model column.
    ``late`` (break-even months): collects the cells that pay back only after the fine-tune
    retires (NaN in the result) as `Known` #N/A failures."""
    out = np.empty(k)
    for base, day, idx in _groups(a["base_model"], a["as_of"], k):

        def sel(x, idx=idx):
            return x if np.ndim(x) == 0 else x[idx]

        g = engine.grid(
            ps, base=ps.models[base].id, as_of=day, **{n: sel(v) for n, v in scenario.items()}
        )
        count = k if isinstance(idx, slice) else len(idx)
        ft = sel(a["ft_model"])
        got = _pick(g[key], ft, count)
        if late is not None:  # after the fine-tune retires: no break-even (#N/A)
            before = _pick(g["breakeven_before_retirement"], ft, count)
            where = np.arange(k) if isinstance(idx, slice) else idx
            cols = np.broadcast_to(ft, (count,)).tolist()
            serves: dict[int, float] = {}  # model column → months its fine-tune serves
            for p in np.flatnonzero(~before & np.isfinite(got)).tolist():
                m = ps.models[cols[p]]
                serve = serves.get(cols[p])
                if serve is None:
                    serve = serves[cols[p]] = availability(m, day).serve_months
                late[int(where[p])] = Known("#N/A", "na", _paid_back_late(got[p], m, serve, day))
            got = np.where(before, got, np.nan)
        out[idx] = got
    return out


def _paid_back_late(months: float, m, serve: float, day: _dt.date) -> Callable[[], str]:
    """`engine.compare`'s reason for a break-even after the fine-tune retires, made only when
    shown (thousands of cells in a column)."""
    return lambda: paid_back_after_retirement(months, m, serve, day)


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


def _breakeven_months_many(ps, a: dict, k: int) -> tuple[np.ndarray, dict]:
    # NaN where the fine-tuned route saves nothing: the one-cell path says why (#N/A); where it
    # pays back after the fine-tune retires, #N/A said here (thousands of cells in a column)
    late: dict[int, Known] = {}
    out = _grid_by_base(
        ps,
        a,
        k,
        "breakeven_months",
        late,
        training_tokens=a["training_tokens"],
        monthly_tokens=a["monthly_tokens"],
        epochs=a["epochs"],
        output_ratio=a["output_ratio"],
    )
    return out, late


def _breakeven_many(ps, a: dict, k: int) -> np.ndarray:
    # Where the fine-tuned model has fixed monthly costs the break-even depends on the monthly
    # volume, and where it saves nothing per token there is none: NaN, the one-cell path answers.
    # Where the candidate cannot be trained on the as-of date, or retires while a monthly
    # volume says when it would pay back, NaN too: the one-cell path answers (#N/A, why).
    fixed = np.array([m.fixed_monthly for m in ps.models])
    dated = np.array([m.retires is not None for m in ps.models])
    volume = ~np.isnan(np.asarray(a["monthly_tokens"], dtype=float))
    out = np.empty(k)
    for base, day, idx in _groups(a["base_model"], a["as_of"], k):

        def sel(x, idx=idx):
            return x if np.ndim(x) == 0 else x[idx]

        g = engine.grid(
            ps,
            base=ps.models[base].id,
            as_of=day,
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
        ok = _pick(g["trainable"], ft, count) & ~(dated[ft] & sel(volume))
        out[idx] = np.where((fixed[ft] > 0) | ~ok, np.nan, tokens)
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
    "as_of": _as_of,
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
