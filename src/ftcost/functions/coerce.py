"""Cell values in, checked values out: what one worksheet cell may hold and what it means.

A failure is a `Failure` (message for people, Excel error code for Office.js, kind for the
rules); a required argument's empty cell is `Blank` (a blank result inside a range).
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
import os
import re
from pathlib import Path

from ..errors import FtCostError, InputError, UnknownModel
from ..lifecycle import parse_as_of
from ..model import ModelPrice, TrainingPlan, Workload
from ..pricing import BUILTIN_SETS, PriceSet, load_prices

__all__ = [
    "EXCEL_ERRORS",
    "MAX_MESSAGE",
    "SERVER_PRICES_ENV",
    "Blank",
    "Failure",
    "NotAvailable",
    "as_grid",
    "as_of",
    "finite",
    "flag",
    "is_blank",
    "model",
    "plan",
    "price_set",
    "show",
    "text",
    "workload",
]

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
SERVER_PRICES_ENV = "FTCOST_SERVER_PRICES_DIRS"


class Failure(Exception):
    """One cell's failure: ``message`` for people, ``code`` for Office.js, ``kind`` for the rules
    ("input": bad input, "na": the number does not exist, "error-in": an Excel error came in)."""

    def __init__(self, message: str, code: str = "#VALUE!", kind: str = "input"):
        message = re.sub(r"[\x00-\x1f\x7f]+", " ", message)  # user text echoed: one line
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        super().__init__(message)
        self.message, self.code, self.kind = message, code, kind


class NotAvailable(FtCostError):
    """The number asked for does not exist (a price the model does not have): #N/A."""


class Blank(Exception):
    """A required argument's cell is empty (a blank result inside a range)."""

    def __init__(self, name: str):
        self.name = name


def is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def as_grid(value, name: str):
    """A cell value as a scalar, or a range as a list of rows (a 1-D list is a column)."""
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy, pandas
        value = value.tolist()
    if isinstance(value, list | tuple):
        if not value:
            raise Failure(f"{name}: the range is empty")
        kinds = set(map(type, value))
        if all(issubclass(k, list | tuple) for k in kinds):
            rows = value if kinds == {list} else [list(r) for r in value]
            widths = set(map(len, rows))
            if len(widths) > 1 or not rows[0]:
                raise Failure(f"{name}: the rows of the range have different lengths")
        elif any(issubclass(k, list | tuple) for k in kinds):
            raise Failure(f"{name}: mixes single values and rows")
        else:
            rows = [[v] for v in value]
        cells = set(map(type, itertools.chain.from_iterable(rows)))
        if any(issubclass(k, list | tuple | dict) for k in cells):
            raise Failure(f"{name}: a range nested in a range")
        if any(hasattr(k, "tolist") for k in cells):  # numpy scalars: as a single cell gives them
            rows = [[c.tolist() if hasattr(c, "tolist") else c for c in r] for r in rows]
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return rows
    if isinstance(value, dict):
        raise Failure(f"{name}: expected a cell value, got {show(value)}")
    return value


def finite(v):
    """A result cell as Excel takes it; a number that is not finite is a failure, never a result."""
    if isinstance(v, bool) or v is None or isinstance(v, str | _dt.date):
        return v
    if isinstance(v, int | float) or hasattr(v, "dtype"):
        x = float(v) if not isinstance(v, int) else v
        if isinstance(x, float) and not math.isfinite(x):
            raise Failure("the result is not a finite number: are the volumes or prices too large?")
        return x
    return v


def price_set(spec, *, server: bool = False) -> PriceSet:
    """The price set a ``prices`` cell names (load_prices parses once and re-checks the files'
    dates at most every few seconds, so a recalculation's thousands of calls cost little).
    ``server``: on xlwings Server only the files its admin allows may be read."""
    if spec is not None and not isinstance(spec, str):
        raise InputError(f"prices: expected a price set name or a file path, got {show(spec)}")
    if server and spec is not None and spec.strip().lower() not in BUILTIN_SETS:
        _server_may_read(spec)
    try:
        return load_prices(spec)
    except (OSError, RuntimeError, ValueError) as e:  # '~nobody', a NUL byte, a name too long
        raise InputError(f"prices: cannot use {show(spec)} as a price file ({e})") from None


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
            f"prices: this server offers {' or '.join(BUILTIN_SETS)}{where}; got {show(spec)}"
        )


# A range repeats most arguments in every cell: the validated plan, workload and model of a set
# of cell values are made once (they are frozen, so sharing them is safe; failures are not kept).
@functools.lru_cache(maxsize=4096, typed=True)
def plan(training_tokens, epochs=1, training_hours=None) -> TrainingPlan:
    return TrainingPlan(
        training_tokens=training_tokens, epochs=epochs, training_hours=training_hours
    )


@functools.lru_cache(maxsize=4096, typed=True)
def workload(monthly_tokens, output_ratio=0, months=12, prompt_overhead=0) -> Workload:
    return Workload(
        monthly_tokens=monthly_tokens,
        output_ratio=output_ratio,
        months=months,
        prompt_overhead=prompt_overhead,
    )


def model(ps: PriceSet, value, what: str) -> ModelPrice:
    if not isinstance(value, str):
        raise InputError(f"{what}: expected a model name (text), got {show(value)}")
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


def flag(value, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        t = value.strip().lower()
        if t in ("true", "yes", "y", "1"):
            return True
        if t in ("false", "no", "n", "0"):
            return False
    raise InputError(f"{what}: expected TRUE or FALSE, got {show(value)}")


def show(value) -> str:
    t = repr(value)
    return t if len(t) <= 40 else t[:37] + "…"


def text(value, what: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what}: expected text, got {show(value)}")
    return value


_EXCEL_EPOCH = _dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug aside)


def as_of(value) -> _dt.date:
    """The as-of date a cell holds: a date (classic add-in), Excel's serial number of a date (the
    Office.js route hands a date cell over as its number, 46357 for 2026-12-01) or text
    YYYY-MM-DD; empty: $FTCOST_AS_OF, else today."""
    if isinstance(value, bool):
        raise InputError(f"as_of: expected a date or YYYY-MM-DD, got {show(value)}")
    if isinstance(value, int | float):
        if not (math.isfinite(value) and 1 <= value < 2_958_466):  # Excel's dates: 1900…9999
            raise InputError(f"as_of: expected a date or YYYY-MM-DD, got {show(value)}")
        # a date and time (46357.75) is its day, as a datetime cell is on the classic add-in
        value = _EXCEL_EPOCH + _dt.timedelta(days=math.floor(value))
    elif not (value is None or isinstance(value, str | _dt.date)):
        raise InputError(f"as_of: expected a date or YYYY-MM-DD, got {show(value)}")
    return parse_as_of(value, "as_of")
