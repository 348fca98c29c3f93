"""How FT_* arguments and results cross xlwings' Office.js dispatcher (xlwings Server and Lite).

xlwings converts every cell of a custom function's arguments and result on its own (for a range
argument declared ``ndim=2, err_to_str=True``: an empty text cell to None, an error object to
its text; for a result: None to an empty cell, NaN to #NUM!, a date to a formatted serial, an
error text to an error object). That is a Python call or two per cell — about 0.8 µs a cell
read and 1.1 µs a cell written with xlwings 0.37, twice ftcost's own time on a 10,000-cell
range computed in one engine call. `Cells`, the converter of every FT_* argument and result on
this path, gives the same values without the per-cell work where the cells show there is none
to do:

* read: a range whose cells are all numbers, booleans, non-empty text or null is already what
  xlwings' cleaning would return, so it is handed over as it is; any other range (an error
  object, an empty text cell, Pyodide's JsNull) goes through xlwings' own reader, unchanged;
* write: a result of finite numbers and booleans is already what Excel takes; otherwise each
  number, boolean and blank is kept or blanked here and every other cell (text, dates, NaN) goes
  through xlwings' own per-cell writer.

So every value Excel sees is the one xlwings' standard conversion gives (tests/test_udfs_server
holds the two to each other on random payloads). The classic Windows add-in does not use this
converter: there xlwings converts COM values (dates, error codes) that only its own reader
knows, so `ftcost.udfs` keeps the plain ``ndim=2, err_to_str=True`` declaration there.
"""

from __future__ import annotations

from itertools import chain

import xlwings as xw
from xlwings import conversion
from xlwings.conversion import RawValueAccessor

__all__ = ["READ_OPTIONS", "Cells", "standard_read", "standard_write"]

# what the FT_* arguments are declared with elsewhere (and what `Cells` must equal here)
READ_OPTIONS = {"ndim": 2, "err_to_str": True}

# cell types xlwings' Office.js cleaning leaves as they are on read ("" excepted: it becomes None)
_AS_READ = frozenset({float, int, bool, str, type(None)})
# result cell types it leaves as they are on write (a float only when not NaN)
_AS_WRITTEN = frozenset({float, int, bool})


def standard_read(value):
    """What xlwings' own reader makes of an argument declared ``ndim=2, err_to_str=True``."""
    return conversion.read(None, value, dict(READ_OPTIONS), engine_name="officejs")


def standard_write(value, options: dict):
    """What xlwings' own writer makes of a result (``options``: the dispatcher's, with the
    date format and runtime)."""
    options = {k: v for k, v in options.items() if k != "convert"}
    return conversion.write(value, None, options, engine_name="officejs")


def _rows(value) -> list | None:
    """``value`` as xlwings' Ensure2DStage shapes it, or None if that shape is not a list of
    lists (then xlwings' own conversion handles it)."""
    if not isinstance(value, list | tuple):
        return [[value]]
    if not value:
        return None
    rows = value if isinstance(value[0], list | tuple) else [value]
    return rows if set(map(type, rows)) == {list} else None


class Cells(conversion.Converter):
    """Converter of the FT_* arguments and results on the Office.js path (see the module)."""

    base = RawValueAccessor  # the dispatcher's JSON values, no stage of xlwings' own

    @staticmethod
    def read_value(value, options):
        rows = _rows(value)
        if rows is not None:
            cells = set(map(type, chain.from_iterable(rows)))
            if cells <= _AS_READ and not (str in cells and any(c == "" for r in rows for c in r)):
                return rows
        return standard_read(value)

    @staticmethod
    def write_value(value, options):
        # a list of rows or a plain cell here; anything else (numpy, dates) xlwings routes
        rows = _rows(value) if isinstance(value, list | tuple) or type(value) in _AS_READ else None
        if rows is None:
            return standard_write(value, options)
        if set(map(type, chain.from_iterable(rows))) <= _AS_WRITTEN:
            total = sum(chain.from_iterable(rows))
            if total == total:  # no NaN in any cell (NaN would become #NUM!)
                return rows
        prepare = xw.engines["officejs"].impl.prepare_xl_data_element
        return [
            [
                c
                if type(c) in _AS_WRITTEN and c == c
                else ("" if c is None else prepare(c, options))
                for c in r
            ]
            for r in rows
        ]
