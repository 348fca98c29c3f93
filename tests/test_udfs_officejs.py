"""`ftcost.udfs.officejs.Cells` gives what xlwings' own conversion gives, value for value.

On the Office.js path (xlwings Server, xlwings Lite) the FT_* arguments and results go through
`Cells` instead of xlwings' per-cell conversion (``ndim=2, err_to_str=True``). A worker process
with the Office.js decorators declares two functions that only pass a value through — one the
standard way, one with `Cells` — and runs both through the real dispatcher
(``xlwings.server.custom_functions_call``) on random Excel-shaped payloads and random results:
the function must receive the same argument, and Excel must get the same result, including
blanks, error objects, NaN, dates and booleans.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

WORKER = textwrap.dedent(
    r"""
    import asyncio, datetime as dt, math, sys
    import numpy as np
    import xlwings as xw
    import xlwings.server as server
    from hypothesis import HealthCheck, given, settings, strategies as st

    import ftcost.udfs as udfs
    from ftcost.udfs.officejs import Cells

    assert udfs.OFFICE_JS
    loop = asyncio.new_event_loop()
    seen = {}

    class Standard:
        @staticmethod
        @xw.func
        @xw.arg("x", ndim=2, err_to_str=True)
        def READ(x):
            seen["standard"] = x
            return 0.0

        @staticmethod
        @xw.func
        @xw.arg("x", ndim=2, err_to_str=True)
        def WRITE(x):
            return seen["result"]

    class Ours:
        @staticmethod
        @xw.func
        @xw.arg("x", Cells)
        @xw.ret(Cells)
        def READ(x):
            seen["ours"] = x
            return 0.0

        @staticmethod
        @xw.func
        @xw.arg("x", Cells)
        @xw.ret(Cells)
        def WRITE(x):
            return seen["result"]

    def call(module, name, arg, runtime="1.4", date_format=None):
        payload = {
            "func_name": name,
            "args": [arg],
            "caller_address": "[Book1]Sheet1!A1",
            "content_language": "en-US",
            "version": xw.__version__,
            "runtime": runtime,
        }
        if date_format:
            payload["date_format"] = date_format
        return loop.run_until_complete(server.custom_functions_call(payload, module))

    def same(a, b):
        if isinstance(a, float) and isinstance(b, float):
            return a == b or (math.isnan(a) and math.isnan(b))
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
        return type(a) is type(b) and a == b

    def ranges(cell):
        shaped = st.integers(1, 4).flatmap(
            lambda c: st.lists(st.lists(cell, min_size=c, max_size=c), min_size=1, max_size=5)
        )
        # mostly one kind of cell (the fast paths), sometimes any mix
        uniform = cell.flatmap(lambda v: st.integers(1, 6).map(lambda n: [[v]] * n))
        return st.one_of(shaped, uniform)

    ERRORS = [
        {"type": "Error", "basicValue": c, "errorType": t}
        for c, t in [("#N/A", "NotAvailable"), ("#DIV/0!", "Div0"), ("#SPILL!", "Spill")]
    ]
    IN_CELL = st.one_of(
        st.none(),
        st.just(""),
        st.booleans(),
        st.integers(-(10**15), 10**15),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=6),
        st.sampled_from(["#N/A", " ", "gpt-4o", "5M"]),
        st.sampled_from(ERRORS),
        st.just({"type": "FormattedNumber", "basicValue": 46357.0, "numberFormat": "d"}),
    )
    OUT_CELL = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**15), 10**15),
        st.floats(),  # NaN and infinities too: NaN becomes #NUM!
        st.sampled_from(["", "#N/A", "#VALUE!", "#DIV/0!", "#SPILL!", "text", "#"]),
        st.dates(dt.date(1950, 1, 1), dt.date(2100, 1, 1)),
        st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2100, 1, 1)),
        st.sampled_from([np.float64(2.5), np.int64(7), np.float64("nan")]),
    )

    @settings(max_examples=400, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(arg=st.one_of(st.none(), IN_CELL.map(lambda v: [[v]]), ranges(IN_CELL)))
    def reads(arg):
        seen.clear()
        call(Standard, "READ", arg)
        call(Ours, "READ", arg)
        assert same(seen["standard"], seen["ours"]), (arg, seen)

    @settings(max_examples=400, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(
        result=st.one_of(OUT_CELL, ranges(OUT_CELL), st.lists(OUT_CELL, min_size=1, max_size=4)),
        runtime=st.sampled_from(["1.4", "1.3"]),
        date_format=st.sampled_from([None, "yyyy-mm-dd"]),
    )
    def writes(result, runtime, date_format):
        seen["result"] = result
        a = call(Standard, "WRITE", [[1.0]], runtime, date_format)
        b = call(Ours, "WRITE", [[1.0]], runtime, date_format)
        assert same(a, b), (result, a, b)

    reads()
    writes()
    print("ok")
    """
)


@pytest.mark.parametrize("lite", [False, True], ids=["server", "jsnull-stand-in-absent"])
def test_cells_converts_as_xlwings_does(lite):
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    code = WORKER
    if lite:  # without ftcost's pyodide.ffi stand-in (the path xlwings itself would take)
        code = code.replace("import ftcost.udfs as udfs", "import ftcost.udfs as udfs\n"
                            "sys.modules.pop('pyodide.ffi', None)")  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-3000:]
