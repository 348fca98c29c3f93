"""Ranges: Excel's broadcasting of cell ranges over a one-cell function.

Every argument may be a single value or a range. Ranges are lifted like Excel's own functions:
a column of volumes gives a column of results, a column and a row give a grid (one formula fills
a sensitivity table). In a range, a blank cell of a required argument gives a blank result and a
bad cell gives an error in its own cell only; the same bad input in every cell is one mistake,
said once for the whole call.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable

from ..errors import FtCostError, NoBreakEven
from .cells import NotAvailable
from .coerce import EXCEL_ERRORS, Blank, Failure, finite, is_blank

__all__ = ["evaluate", "lifted", "shape"]


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
        raise Failure(str(e)) from None
    except (OverflowError, decimal.InvalidOperation) as e:  # absurd volumes (1e30 tokens)
        raise Failure(f"input too large to compute ({type(e).__name__})") from None
    if isinstance(out, list):
        return [[finite(c) for c in row] for row in out]
    return finite(out)


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
                hit = hit.code if codes else hit.message
            line.append(hit)
        out.append(line)
    # The same bad input in every cell (an unknown model, say) is one mistake: say it once.
    every = len(fails) == rows * cols and all(f.kind == "input" for f in fails)
    if fails and every and len({f.message for f in fails}) == 1:
        raise fails[0]
    return out
