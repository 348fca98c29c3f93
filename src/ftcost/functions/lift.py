"""Ranges: Excel's broadcasting of cell ranges over a one-cell function.

Every argument may be a single value or a range. Ranges are lifted like Excel's own functions:
a column of volumes gives a column of results, a column and a row give a grid (one formula fills
a sensitivity table). In a range, a blank cell of a required argument gives a blank result and a
bad cell gives an error in its own cell only; the same bad input in every cell is one mistake,
said once for the whole call.

Two ways to compute a range, with the same results cell by cell:

* `lifted`: the one-cell function per cell (memoised on the cells' values);
* `batched`, for the functions with a `Batch` (FT_BREAKEVEN, FT_BREAKEVEN_MONTHS, FT_SAVINGS,
  FT_TRAINING_COST): every argument's cells are checked once per distinct value (a column of
  plain numbers at its extremes) by the one-cell path's own checks, the good cells are computed
  with one engine call per group (`ftcost.engine.grid`), and every other cell — blank, bad, an
  Excel error, no answer — goes the one-cell way, so its message or #N/A is the one-cell one.
"""

from __future__ import annotations

import contextlib
import decimal
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import collector
from ..errors import FtCostError, NoBreakEven
from .coerce import EXCEL_ERRORS, Blank, Failure, NotAvailable, finite, is_blank

__all__ = ["Batch", "Known", "batched", "evaluate", "lifted", "shape"]


def evaluate(cell: Callable, ps, values: dict, names, defaults) -> object:
    """One cell: blanks to defaults, Excel errors and engine errors to failures, then the engine."""
    kw = {}
    for n in names:
        v = values[n]
        if isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS:
            code = v.strip().upper()
            raise Failure(f"{n}: the cell holds the error {code}", code, "error-in")
        if is_blank(v):
            if n not in defaults:
                raise Blank(n)
            v = defaults[n]
        kw[n] = v
    try:
        out = cell(ps, **kw)
    except (NoBreakEven, NotAvailable) as e:
        raise Failure(str(e), "#N/A", "na") from None
    except FtCostError as e:
        raise Failure(_in_excel(str(e))) from None
    except (OverflowError, decimal.InvalidOperation) as e:  # absurd volumes (1e30 tokens)
        raise Failure(f"input too large to compute ({type(e).__name__})") from None
    if isinstance(out, list):
        return [[finite(c) for c in row] for row in out]
    return finite(out)


_SPEND_HINT = "use --monthly-spend / monthly_spend for a spend"


def _in_excel(message: str) -> str:
    """The library's message with the Excel way to do what it points to (a spend in a token
    cell: FT_SPEND_TOKENS, not the command line's --monthly-spend)."""
    return message.replace(
        _SPEND_HINT,
        "a spend is FT_SPEND_TOKENS(model, spend) (or monthly_spend of FT_GRADE, FT_RECOMMEND)",
    )


def shape(grids: dict, table: bool) -> tuple[int, int] | None:
    """Excel's broadcasting of ranges: each dimension equal or 1 across arguments (None: no
    range at all)."""
    shapes = {n: (len(g), len(g[0])) for n, g in grids.items() if isinstance(g, list)}
    if not shapes:
        return None
    if table:
        n = next(iter(shapes))
        raise Failure(f"{n}: give a single cell, not a range (this function spills a table)")
    dims = []
    for axis in (0, 1):
        sizes = {s[axis] for s in shapes.values()} - {1}
        if len(sizes) > 1:
            desc = ", ".join(f"{n} is {r}×{c}" for n, (r, c) in shapes.items())
            raise Failure(f"ranges of different sizes: {desc}")
        dims.append(sizes.pop() if sizes else 1)
    return dims[0], dims[1]


def lifted(cell, ps, grids, names, defaults, dims, *, codes: bool) -> list[list]:
    """``cell`` over the broadcast ranges, cell by cell; a failed cell holds its message (or its
    Excel error code with ``codes``)."""
    rows, cols = dims
    memo: dict[tuple, object] = {}
    out: list[list] = []
    fails: list[Failure] = []
    for i in range(rows):
        line = []
        for j in range(cols):
            values = {}
            for n in names:
                g = grids[n]
                if isinstance(g, list):
                    g = g[i if len(g) > 1 else 0][j if len(g[0]) > 1 else 0]
                values[n] = g
            line.append(_one(cell, ps, values, names, defaults, memo, fails, codes))
        out.append(line)
    _said_once(fails, rows * cols)
    return out


def _one(cell, ps, values, names, defaults, memo, fails, codes) -> object:
    """One cell of a range: its result, None (blank) or its failure as Excel shows it."""
    key = tuple((type(v), v) for v in values.values())
    try:
        hit = memo.get(key, memo)
    except TypeError:  # an unhashable value: compute without the memo
        key, hit = None, memo
    if hit is memo:
        try:
            hit = evaluate(cell, ps, values, names, defaults)
            if isinstance(hit, list):
                hit = Failure("this returns a table: give single cells, not ranges")
        except Blank:
            hit = None
        except Failure as f:
            hit = f
        if key is not None:
            memo[key] = hit
    if isinstance(hit, Failure):
        fails.append(hit)
        return hit.code if codes else hit.message
    return hit


def _said_once(fails: list[Failure], cells: int) -> None:
    """The same bad input in every cell (an unknown model, say) is one mistake: say it once."""
    every = len(fails) == cells and all(f.kind == "input" for f in fails)
    if fails and every and len({f.message for f in fails}) == 1:
        raise fails[0]


# ------------------------------------------------------------------ ranges in one engine call


@dataclass(frozen=True, slots=True)
class Batch:
    """How an FT_* function computes the good cells of a range at once.

    ``checks``: argument → its one-cell check, (price set, cell value) → the value the engine
    takes (a number; a model as its column in the price set), raising on a bad value exactly
    when the one-cell path fails on it. ``bounds``: arguments whose check is a range of numbers
    (≥ 0 and ≤ a limit), so a column of plain numbers is checked at its extremes.
    ``compute``: (price set, argument → one value or an array of a value per cell, cell count)
    → an array of results, NaN where the one-cell path must answer (no break-even, say); or
    (that array, {cell number: `Known`}) for NaN cells whose failure it knows itself.
    """

    checks: dict[str, Callable]
    bounds: frozenset[str]
    compute: Callable


@dataclass(frozen=True, slots=True)
class Known:
    """A cell a batch knows has no answer, as the one-cell path says it: its Excel code, kind
    (never "input": such a cell is no mistake of the whole call) and message, made only when
    shown (the classic add-in; Office.js shows the code)."""

    code: str
    kind: str
    message: Callable[[], str]


_NO_DEFAULT = object()


def _flat(g: list[list], dims: tuple[int, int]) -> list:
    """A range's cells in the order of the result's cells (row by row), broadcast to ``dims``."""
    rows, cols = dims
    if len(g) == rows and len(g[0]) == cols:
        return [v for row in g for v in row] if cols > 1 else [row[0] for row in g]
    r1, c1 = len(g) == 1, len(g[0]) == 1
    return [g[0 if r1 else i][0 if c1 else j] for i in range(rows) for j in range(cols)]


def _checked(check: Callable, ps, v, default) -> object:
    """A cell through its check: blanks to the default, an Excel error or a bad value raise."""
    if isinstance(v, str):
        if v.strip().upper() in EXCEL_ERRORS:
            raise ValueError(v)
        if not v.strip():
            v = None
    if v is None:
        if default is _NO_DEFAULT:
            raise ValueError("blank")
        v = default
    return check(ps, v)


def _column(
    check: Callable, ps, cells: list, default, bounded: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(values the engine takes, which cells passed the check) for one argument's cells."""
    n = len(cells)
    if bounded and set(map(type, cells)) <= {float, int}:
        try:
            a = np.array(cells, dtype=float)
        except OverflowError:  # an int beyond any float
            a = None
        if a is not None and np.isfinite(a).all():
            try:  # the check is an interval: its extremes pass, so does every cell
                check(ps, float(a.min()))
                check(ps, float(a.max()))
                return a, np.ones(n, dtype=bool)
            except Exception:
                pass  # some cells fail: check them one by one
    memo: dict = {}
    values: list = [0] * n
    good = np.ones(n, dtype=bool)
    for i, v in enumerate(cells):
        try:
            key = (type(v), v)
            hit = memo.get(key, memo)
        except TypeError:
            key, hit = None, memo
        if hit is memo:
            try:
                hit = _checked(check, ps, v, default)
            except Exception:
                hit = None
            if key is not None:
                memo[key] = hit
        if hit is None:
            good[i] = False
        else:
            values[i] = hit
    return np.array(values), good


def batched(
    batch: Batch, cell, ps, grids, names, defaults, dims, *, codes: bool
) -> list[list] | None:
    """``cell`` over the broadcast ranges with the good cells computed by ``batch`` at once; the
    same results as `lifted`. None when a single-cell argument is itself blank or bad (every
    cell then fails alike: `lifted` says so)."""
    rows, cols = dims
    n = rows * cols
    parsed: dict[str, object] = {}
    flats: dict[str, list] = {}
    good = np.ones(n, dtype=bool)
    for name in names:
        g, check = grids[name], batch.checks[name]
        default = defaults.get(name, _NO_DEFAULT)
        if not isinstance(g, list):
            try:
                parsed[name] = _checked(check, ps, g, default)
            except Exception:
                return None
            continue
        flats[name] = _flat(g, dims)
        parsed[name], ok = _column(check, ps, flats[name], default, name in batch.bounds)
        good &= ok
    results = np.full(n, math.nan)
    idx = np.flatnonzero(good)
    known: dict[int, Known] = {}
    if len(idx):
        sub = {k: (v[idx] if k in flats else v) for k, v in parsed.items()}
        # should the engine refuse, the one-cell path answers every cell and says why
        with contextlib.suppress(Exception):
            got = batch.compute(ps, sub, len(idx))
            if isinstance(got, tuple):
                got, told = got
                known = {int(idx[p]): f for p, f in told.items()}
            results[idx] = got
    out = results.tolist()
    memo: dict[tuple, object] = {}
    fails: list[Failure] = []
    for i in np.flatnonzero(~np.isfinite(results)).tolist():
        k = known.get(i)
        if k is not None:
            out[i] = k.code if codes else Failure(k.message(), k.code, k.kind).message
            continue
        values = {k: (flats[k][i] if k in flats else grids[k]) for k in names}
        out[i] = _one(cell, ps, values, names, defaults, memo, fails, codes)
    _said_once(fails, n)
    with collector.paused():  # thousands of one-cell rows
        if cols == 1:
            return [[v] for v in out]
        return [out[i * cols : (i + 1) * cols] for i in range(rows)]
