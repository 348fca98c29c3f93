"""FT_* functions through xlwings's own Office.js dispatcher, as an xlwings Server backend runs them.

xlwings picks its decorators when it is imported, so the dispatcher lives in a worker process
started with XLWINGS_ON_SERVER=true and XLWINGS_LICENSE_KEY=noncommercial. The worker calls
``xlwings.server.custom_functions_meta`` and the async ``custom_functions_call`` with payloads
shaped as Excel's custom-functions runtime sends them (every argument a 2-D list, null for an
empty cell or an omitted argument, Excel errors as error objects) and answers in JSON, which is
also what an xlwings Server sends back to Excel. This process calls the same functions directly
(classic mode) and holds the two to each other.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftcost import udfs
from ftcost.functions import SPECS
from ftcost.functions.spec import REQUIRED

WORKER = r"""
import asyncio, json, sys, time
import xlwings as xw
import xlwings.server as server
import ftcost.udfs as udfs

loop = asyncio.new_event_loop()
for line in sys.stdin:
    req = json.loads(line)
    if req["op"] == "info":
        from ftcost.udfs.officejs import Cells
        xlf = [getattr(udfs, n).__xlfunc__ for n in udfs.FUNCTIONS]
        cells = all(x["ret"]["options"].get("convert") is Cells
                    and all(a["options"] == {"convert": Cells} for a in x["args"]) for x in xlf)
        out = {"ok": {"office_js": udfs.OFFICE_JS, "decorator": xw.func.__module__,
                      "cells": cells}}
    elif req["op"] == "meta":
        out = {"ok": server.custom_functions_meta(udfs)}
    else:
        payload = {
            "func_name": req["func"],
            "args": req["args"],
            "caller_address": "[Book1.xlsx]Sheet1!B2",
            "content_language": "en-US",
            "version": xw.__version__,
            "runtime": req.get("runtime", "1.4"),
        }
        if "date_format" in req:
            payload["date_format"] = req["date_format"]
        try:
            out = {"ok": loop.run_until_complete(server.custom_functions_call(payload, udfs))}
        except Exception as e:
            out = {
                "raised": type(e).__name__,
                "xlwings_error": isinstance(e, xw.XlwingsError),
                "message": str(e),
            }
    try:
        text = json.dumps(out, allow_nan=False)
    except (TypeError, ValueError) as e:
        text = json.dumps({"not_json": f"{type(e).__name__}: {e}", "repr": repr(out)[:500]})
    print(text, flush=True)
"""

NA = {"type": "Error", "errorType": "NotAvailable"}
VALUE = {"type": "Error", "errorType": "Value"}
OMIT = object()  # an optional argument left out of the formula


class Worker:
    def __init__(self, **more_env: str) -> None:
        env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
        env.update(more_env)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )

    def ask(self, **req) -> dict:
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("worker died: " + self.proc.stderr.read())
        return json.loads(line)

    def call(self, func: str, *args, **extra) -> dict:
        """Call ``func`` as Excel would: scalars become 1×1 ranges, OMIT becomes null."""
        return self.ask(op="call", func=func, args=[excel_arg(a) for a in args], **extra)

    def close(self) -> str:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return err


def excel_arg(a):
    if a is OMIT:
        return None
    if isinstance(a, list):
        return a
    return [[a]]


@pytest.fixture(scope="module")
def worker(toy):
    # the admin of this "server" allows price files in the toy's folder
    w = Worker(FTCOST_SERVER_PRICES_DIRS=os.path.dirname(toy))
    yield w
    stderr = w.close()
    assert "Traceback" not in stderr, stderr


@pytest.fixture(scope="module")
def toy(tmp_path_factory) -> str:
    from test_udfs import TOY_TOML

    path = tmp_path_factory.mktemp("prices") / "toy.toml"
    path.write_text(TOY_TOML, encoding="utf-8")
    return str(path)


def serial(d: dt.date) -> float:
    return float((d - dt.date(1899, 12, 30)).days)


def as_officejs(value):
    """What a classic/direct result becomes on the Office.js path (runtime 1.4)."""

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, dt.date):
            return serial(v)
        if v == "#N/A":
            return NA
        return v

    if isinstance(value, list):
        return [[cell(v) for v in row] for row in value]
    return [[cell(value)]]


def test_worker_runs_the_office_js_decorators(worker):
    info = worker.ask(op="info")["ok"]
    # every argument and result crosses the dispatcher through ftcost.udfs.officejs.Cells
    assert info == {"office_js": True, "decorator": "xlwings.pro.udfs_officejs", "cells": True}
    assert not udfs.OFFICE_JS  # and this process has the plain (classic-style) functions


def test_metadata_lists_every_function_with_descriptions(worker):
    meta = worker.ask(op="meta")["ok"]
    funcs = {f["name"]: f for f in meta["functions"]}
    assert sorted(funcs) == sorted(udfs.FUNCTIONS)
    assert meta["allowErrorForDataTypeAny"] is True
    for name, f in funcs.items():
        udf = getattr(udfs, name)
        assert f["id"] == name and f["description"] == udf.__doc__
        assert 0 < len(f["description"]) <= 255
        assert f["result"] == {"dimensionality": "matrix", "type": "any"}
        sig = inspect.signature(udf).parameters
        assert [p["name"] for p in f["parameters"]] == list(sig)
        for p in f["parameters"]:
            assert p["description"] == udfs.ARG_DOCS[name][p["name"]]
            assert 0 < len(p["description"]) <= 255
            optional = sig[p["name"]].default is not inspect.Parameter.empty
            assert p.get("optional", False) is optional, (name, p["name"])
            assert p["dimensionality"] == "matrix"


CASES = [(name, args) for name, args in udfs.EXAMPLE_ARGS.items()] + [
    ("FT_BREAKEVEN", ("gpt-4.1", "gpt-4.1-mini", "20M", 2, 0.25)),
    ("FT_BREAKEVEN_MONTHS", ("gpt-4o", "llama-3.1-8b", "10M", "3M", 3, 0.5)),
    ("FT_SAVINGS", ("gpt-4o", "azure-gpt-4o-mini", "400M", 24, "8M", 2, 1)),
    # as_of as Excel's serial number of a date (how Office.js hands a date cell over) and as text
    ("FT_SAVINGS", ("gpt-4o", "gpt-4o-mini", "1M", 12, "5M", OMIT, OMIT, OMIT, 45809)),
    ("FT_BREAKEVEN_MONTHS", ("gpt-4o", "gpt-4o-mini", "5M", "1M", 1, 0, OMIT, "2025-06-01")),
    ("FT_PRICE", ("gpt-4o-mini", "state", OMIT, "2027-01-10")),
    ("FT_RANK", ("100M", "5M", 12, 0, "gpt-4o", 1, OMIT, OMIT, True)),
    ("FT_GRADE", ("gpt-4o", OMIT, "5M", 12, 0, 1, True, OMIT, OMIT, "$5,000")),
    (
        "FT_RECOMMEND",
        (
            OMIT,
            "gpt-4o",
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            OMIT,
            5000,
        ),
    ),
    ("FT_SPEND_TOKENS", ("claude-sonnet-4-5", [[1000], ["$20,000"]], 0.5, "30%")),
    ("FT_INFERENCE_COST", ("gpt-4.1", "7M", "2M", False)),
    ("FT_PRICE", ("gpt-4o", "checked")),
    ("FT_PRICE", ("GPT-4o mini", "FT output")),
    ("FT_RANK", ("1M", "5M")),  # no base model: blank saving columns
    ("FT_RANK", ("30M", "2M", 6, 0.5, "gpt-4o", 3, "article")),
    ("FT_GRADE", ("gpt-4o", "100M", "5M", 12, 0, 1, True)),
    ("FT_RECOMMEND", ("500K", "gpt-4o")),
    ("FT_MODELS", ("article",)),
    ("FT_BREAKEVEN", ("gpt-4o", "gpt-4o-mini", [[1e6], [5e6], [2e7]])),
    ("FT_SAVINGS", ("gpt-4o", "gpt-4o-mini", [["1M"], ["10M"]], [[6, 12, 24]], "5M")),
    ("FT_PRICE", ([["gpt-4o"], ["gpt-4o-mini"]], [["ft_input", "training", "base_input"]])),
    ("FT_EPOCHS", ([[1, 10, 100, 1000, 10_000]],)),
]


@pytest.mark.parametrize(
    ("name", "args"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_dispatcher_equals_direct_call(worker, name, args):
    direct = getattr(udfs, name)(*[None if a is OMIT else a for a in args])  # OMIT: empty
    if name == "FT_PRICE" and args[1] == "state":
        assert direct == "closed"  # 2027-01-10: after training_until 2027-01-06, before retiring
    else:
        assert not (isinstance(direct, str) and name not in ("FT_RECOMMEND", "FT_GRADE")), direct
    got = worker.call(name, *args)
    assert got == {"ok": as_officejs(direct)}


def test_hand_computed_cases_through_the_dispatcher(worker, toy):
    # the same figures as test_udfs' hand-computed cases (toy prices), through Excel's route
    assert worker.call("FT_TRAINING_COST", "small", "2M", 3, OMIT, toy)["ok"] == [[30.0]]
    assert worker.call("FT_BREAKEVEN", "big", "small", "2M", OMIT, OMIT, OMIT, toy)["ok"] == [
        [1_250_000.0]
    ]
    assert worker.call("FT_BREAKEVEN_MONTHS", "big", "small", "2M", "500K", 2, 0, toy)["ok"] == [
        [5.0]
    ]
    got = worker.call("FT_SAVINGS", "big", "small", "500K", 12, "2M", 1, 0, toy)["ok"][0][0]
    assert math.isclose(got, 38.0, rel_tol=1e-12)
    assert worker.call("FT_PRICE", "hosted", "fixed_monthly", toy)["ok"] == [[750.0]]


def test_article_example_through_the_dispatcher(worker):
    got = worker.call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", 5000000)["ok"]
    assert round(got[0][0]) == 6_818_182


def test_empty_cells_and_omitted_arguments_mean_defaults(worker, toy):
    want = worker.call("FT_SAVINGS", "big", "small", "500K", 12, 0, 1, 0, toy)["ok"]
    assert want == [[48.0]]
    for empty in (OMIT, [[None]], [[""]]):
        got = worker.call("FT_SAVINGS", "big", "small", "500K", empty, empty, empty, empty, toy)
        assert got["ok"] == want
    # trailing arguments left out altogether (an older Excel sends fewer)
    assert worker.call("FT_INFERENCE_COST", "gpt-4o-mini", "1M")["ok"] == [
        [udfs.FT_INFERENCE_COST("gpt-4o-mini", "1M")]
    ]
    assert worker.call("FT_MODELS")["ok"] == as_officejs(udfs.FT_MODELS())


def test_bad_input_is_value_error_with_the_message(worker):
    cases = [
        (("FT_BREAKEVEN", "gpt-4o", "gpt4o-mini", "5M"), "did you mean 'gpt-4o-mini'"),
        (("FT_TRAINING_COST", "gpt-4o", "five million"), "training_tokens: expected a number"),
        (("FT_TRAINING_COST", "gpt-4o", -5), "training_tokens: must be ≥ 0, got -5"),
        (("FT_TRAINING_COST", "gpt-4o", True), "training_tokens: expected a number, got True"),
        (
            ("FT_TRAINING_COST", "gpt-4o", [[None]]),
            "training_tokens: required, but the cell is empty",
        ),
        (("FT_RANK", [["1M"], ["2M"]], "5M"), "monthly_tokens: give a single cell"),
        (("FT_EPOCHS", 0), "n_examples: must be ≥ 1"),
    ]
    for (name, *args), expected in cases:
        got = worker.call(name, *args)
        # an XlwingsError: xlwings Server sends its message, Excel shows #VALUE! with it
        assert got.get("raised") == "FormulaError" and got["xlwings_error"], got
        assert expected in got["message"]
        assert got["message"] == getattr(udfs, name)(*(None if a is OMIT else a for a in args))


def test_server_reads_only_allowed_price_files(worker, toy, tmp_path):
    # a cell must not make the server read any file it names
    for spec in ("/etc/passwd", "nope.toml", os.path.join(os.path.dirname(toy), "..", "x.toml")):
        got = worker.call("FT_MODELS", spec)
        assert got["raised"] == "FormulaError", got
        assert got["message"].startswith("prices: this server offers default or article, or a ")
    assert worker.call("FT_PRICE", "small", "training", toy)["ok"] == [[5.0]]
    assert worker.call("FT_PRICE", "gpt-4o-mini", "training", "article")["ok"] == [[3.0]]
    missing = os.path.join(os.path.dirname(toy), "missing.toml")
    got = worker.call("FT_MODELS", missing)
    assert got["raised"] == "FormulaError" and "price file not found" in got["message"]


@pytest.mark.parametrize("code", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!"])
def test_excel_errors_coming_in(worker, code):
    err = {"type": "Error", "basicValue": code, "errorType": "whatever"}
    for sent in (err, code):  # an error object (runtime 1.4), or its text from older runtimes
        got = worker.call("FT_TRAINING_COST", "gpt-4o-mini", [[sent]])
        assert got["raised"] == "FormulaError"
        assert got["message"] == f"training_tokens: the cell holds the error {code}"
    # in a range, the error stays in its own cell
    got = worker.call("FT_TRAINING_COST", "gpt-4o-mini", [["5M"], [err]])["ok"]
    assert got[0] == [15.0] and got[1][0]["type"] == "Error"


def test_no_breakeven_is_na(worker):
    assert worker.call("FT_BREAKEVEN", "gpt-4o-mini", "gpt-4o", "5M")["ok"] == [[NA]]
    assert worker.call("FT_BREAKEVEN_MONTHS", "gpt-4o-mini", "gpt-4o", "5M", "1M")["ok"] == [[NA]]
    assert worker.call("FT_PRICE", "gpt-4.1", "ft_batch_input")["ok"] == [[NA]]
    # before CustomFunctionsRuntime 1.4 errors travel as their text
    old = worker.call("FT_BREAKEVEN", "gpt-4o-mini", "gpt-4o", "5M", runtime="1.3")
    assert old["ok"] == [["#N/A"]]


def test_ranges_keep_their_shape_with_errors_in_place(worker):
    col = [[1e6], [None], [-1], ["x"], [5e6]]
    got = worker.call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", col)["ok"]
    assert len(got) == 5 and all(len(r) == 1 for r in got)
    assert got[0][0] == udfs.FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 1e6)
    assert got[1] == [""] and got[2] == [VALUE] and got[3] == [VALUE]
    assert round(got[4][0]) == 6_818_182
    # no break-even in one cell of a range (a column of base models)
    got = worker.call("FT_BREAKEVEN", [["gpt-4o"], ["gpt-4o-mini"]], "gpt-4o-mini", "5M")["ok"]
    assert round(got[0][0]) == 6_818_182 and got[1] == [NA]


def test_dates_follow_the_workbook_format(worker):
    got = worker.call("FT_PRICE", "gpt-4o", "checked", date_format="yyyy-mm-dd")["ok"]
    d = udfs.FT_PRICE("gpt-4o", "checked")
    assert got == [
        [{"type": "FormattedNumber", "basicValue": serial(d), "numberFormat": "yyyy-mm-dd"}]
    ]


# ------------------------------------------------------------------ fuzz, Excel-shaped payloads

ERROR_OBJECTS = [
    {"type": "Error", "basicValue": c, "errorType": t}
    for c, t in [("#N/A", "NotAvailable"), ("#DIV/0!", "Div0"), ("#VALUE!", "Value")]
]
CELL = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),  # JSON (and Excel) carry no NaN/inf
    st.sampled_from(
        [
            "gpt-4o",
            "gpt-4o-mini",
            "GPT-4o mini",
            "gpt4o",
            "5M",
            "1.2B",
            "54K",
            "-3M",
            "25%",
            "TRUE",
            "no",
            "training",
            "ft_input",
            "checked",
            "cost",
            "default",
            "article",
            "#N/A",
        ]
    ),
    st.text(max_size=12),
    st.sampled_from(ERROR_OBJECTS),
)
RANGE = st.integers(1, 3).flatmap(
    lambda r: st.integers(1, 3).flatmap(
        lambda c: st.lists(st.lists(CELL, min_size=c, max_size=c), min_size=r, max_size=r)
    )
)
ARG = st.one_of(st.none(), CELL.map(lambda v: [[v]]), RANGE)


def well_formed(value) -> bool:
    if isinstance(value, bool | str):
        return True
    if isinstance(value, int | float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return value.get("type") in ("Error", "FormattedNumber")
    return False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name", udfs.FUNCTIONS)
def test_fuzz_through_the_dispatcher(worker, name, data):
    n = len(inspect.signature(getattr(udfs, name)).parameters)
    args = data.draw(st.lists(ARG, min_size=n, max_size=n), label="args")
    got = worker.ask(op="call", func=name, args=args)
    assert "not_json" not in got, got
    if "raised" in got:
        assert got["raised"] == "FormulaError" and got["xlwings_error"], got
        msg = got["message"]
        assert 0 < len(msg) <= udfs.MAX_MESSAGE and "\n" not in msg
        assert "unexpected error" not in msg, msg
    else:
        result = got["ok"]
        assert isinstance(result, list) and result and all(isinstance(r, list) for r in result)
        assert len({len(r) for r in result}) == 1
        assert all(well_formed(v) for row in result for v in row), result


def test_stand_in_for_pyodide_ffi_on_the_server():
    # xlwings (0.37) imports pyodide.ffi.JsNull for every cell it reads: on xlwings Server
    # ftcost puts a stand-in there (no value is a JsNull), while Pyodide itself stays unimportable
    code = """
import importlib, sys
import xlwings.utils
import ftcost.udfs as udfs
assert udfs.ON_SERVER
from pyodide.ffi import JsNull
assert not any(isinstance(v, JsNull) for v in (None, "", 0.0, {}, [], JsNull))
assert not xlwings.utils.is_jsnull(None) and not xlwings.utils.is_jsnull("")
try:
    import pyodide
except ImportError:
    pass
else:
    raise AssertionError("pyodide importable")
assert importlib.util.find_spec("pyodide") is None
print("ok")
"""
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.stdout.strip() == "ok", out.stderr


# ------------------------------------------------------------------ ranges equal one-cell calls

DIV0 = {"type": "Error", "errorType": "Div0"}
ERRORS_IN = {
    "#N/A": ({"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}, NA),
    "#DIV/0!": ({"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}, DIV0),
}
CELL_BAD = ["", "  ", None, True, "lots", -1, -2.5, *(sent for sent, _ in ERRORS_IN.values())]


def excel_cell(v):
    """A value of test_udfs_ranges' strategies as Excel's runtime sends it (dates as serials)."""
    if isinstance(v, dt.date):
        return serial(v)
    if hasattr(v, "dtype"):
        return float(v)
    return v


def sendable(v) -> bool:
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, int) and not isinstance(v, bool):
        return abs(v) < 2**53  # Excel's numbers are doubles
    return True


def range_call(name: str) -> st.SearchStrategy:
    from test_udfs_ranges import VALUES, kind

    plain = {  # values that give numbers (trainable models, a base dearer than the candidate)
        "base_model": st.sampled_from(["gpt-4o", "gpt-4.1"]),
        "ft_model": st.sampled_from(["gpt-4o-mini", "gpt-4.1-mini", "llama-3.1-70b"]),
        "model": st.sampled_from(["gpt-4o", "gpt-4o-mini", "gpt-4.1-mini", "llama-3.1-70b"]),
        "training_tokens": st.floats(0, 1e8) | st.integers(0, 10**8) | st.just("5M"),
        "tokens": st.floats(1e7, 1e11) | st.integers(10**7, 10**11) | st.just("54K"),
        "as_of": st.sampled_from(["2026-12-01", "2025-06-01", 46357.0]),
    }

    def cell(param):
        k = param if param in plain else kind(param)
        values = VALUES[kind(param)].map(excel_cell).filter(sendable)
        good = st.one_of(plain[k], plain[k], values) if k in plain else values
        # mostly good cells, so that most ranges have good cells to compute at once
        return st.one_of(*[good] * 7, st.sampled_from(CELL_BAD))

    @st.composite
    def draw_args(draw):
        rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 3))
        args = []
        for a in SPECS[name].args:
            if a.name == "prices" or (a.default is not REQUIRED and draw(st.integers(0, 2)) == 0):
                args.append(None)  # left out of the formula: its default
                continue
            shape = draw(st.sampled_from([(1, 1), (rows, 1), (1, cols), (rows, cols)]))
            first = draw(cell(a.name))
            same_value = draw(st.booleans())
            args.append(
                [
                    [first if same_value else draw(cell(a.name)) for _ in range(shape[1])]
                    for _ in range(shape[0])
                ]
            )
        return args

    return draw_args()


def expected_cell(one: dict):
    """What a range's cell holds given the one-cell call of its values through the dispatcher."""
    if "ok" in one:
        return one["ok"][0][0]
    msg = one["message"]
    if msg.endswith(": required, but the cell is empty"):
        return ""  # a blank cell of a required argument: a blank result
    for code, (_, shown) in ERRORS_IN.items():
        if msg.endswith(f": the cell holds the error {code}"):
            return shown  # the incoming error stays in its cell
    return VALUE


RANGED = ["FT_SAVINGS", "FT_BREAKEVEN_MONTHS", "FT_BREAKEVEN", "FT_TRAINING_COST", "FT_COST",
          "FT_PRICE"]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.parametrize("name", RANGED)
def test_dispatcher_ranges_equal_one_cell_calls(worker, name, data):
    # batched (the first four) and cell by cell, through xlwings' dispatcher both ways
    args = data.draw(range_call(name), label="args")
    rows = max(len(a) for a in args if a is not None)
    cols = max(len(a[0]) for a in args if a is not None)

    def at(i, j):
        return [
            None if a is None else [[a[i if len(a) > 1 else 0][j if len(a[0]) > 1 else 0]]]
            for a in args
        ]

    ones = [[worker.ask(op="call", func=name, args=at(i, j)) for j in range(cols)]
            for i in range(rows)]  # fmt: skip
    got = worker.ask(op="call", func=name, args=args)
    if "raised" in got:  # every cell made the same mistake: said once, as each cell says it
        assert got["raised"] == "FormulaError"
        assert {o.get("message") for row in ones for o in row} == {got["message"]}, got
        return
    result = got["ok"]
    assert len(result) == rows and all(len(r) == cols for r in result)
    for i in range(rows):
        for j in range(cols):
            assert result[i][j] == expected_cell(ones[i][j]), (i, j, ones[i][j])
