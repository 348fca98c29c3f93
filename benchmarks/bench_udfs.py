"""How fast the FT_* functions feel in Excel (run by hand: python benchmarks/bench_udfs.py).

1. Import: a user's first recalculation waits for ``import ftcost.udfs``. Measured cold (a fresh
   interpreter each time, ``python -X importtime``) beside a bare ``import xlwings``, which
   itself loads numpy and pandas.
2. The first call parses the price data (once, lazily); later calls reuse it.
3. Time per scalar call and one call over a 10,000-cell range: called directly (what the
   classic add-in runs after COM has converted the cells) and through xlwings's Office.js
   dispatcher (``xlwings.server.custom_functions_call``, what an xlwings Server backend runs,
   JSON excluded), in a worker process started with XLWINGS_ON_SERVER=true.
4. Ranges (issue 12), as ratios measured side by side in one process (best of interleaved
   runs, so the shared machine's load hits both sides alike): one call of FT_SAVINGS and
   FT_BREAKEVEN_MONTHS over 10,000 distinct monthly volumes (and FT_BREAKEVEN over 10,000
   training-file sizes) — the batched path (one
   ``engine.grid`` call per base model) against the cell-by-cell path it replaced (still in
   ``ftcost.functions.lift.lifted``) and against ``ftcost.grid`` on the same 10,000 volumes
   (all models); through the dispatcher against in-process (the same ``office_js`` run, #N/A
   codes), and the share of the dispatcher's time that is conversion: reading 10,000 cells and
   writing 10,000 cells, measured with functions that do nothing else, declared the standard
   way (``ndim=2, err_to_str=True``: xlwings' per-cell conversion) and with
   ``ftcost.udfs.officejs.Cells`` (what the FT_* functions declare: the same values).
5. FT_GRADE of a model only genai-prices knows, with and without basemodels' caches (the
   resolved name and the price set grown by that model, kept per price set).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time

RUNS = 7


def import_times(code: str) -> dict[str, float]:
    """Fastest cumulative import times (ms) by module of a fresh interpreter running ``code``."""
    runs: dict[str, list[float]] = {}
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        for line in out.splitlines():
            if line.startswith("import time:") and "|" in line:
                _, cum, name = line.split("|")
                if cum.strip().isdigit():
                    runs.setdefault(name.strip(), []).append(int(cum) / 1000)
    return {name: min(v) for name, v in runs.items()}  # min: the machine is shared


def wall(code: str) -> float:
    """Fastest wall-clock seconds of a fresh interpreter running ``code``."""
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
    return min(times)


def per_call(fn, n: int) -> float:
    fn()
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def side_by_side(fns: dict, rounds: int = 15) -> dict[str, float]:
    """Best seconds of each function, run in turns so that load changes hit all alike."""
    best = dict.fromkeys(fns, float("inf"))
    for f in fns.values():
        f()  # warm: price data, caches
    for _ in range(rounds):
        for name, f in fns.items():
            t = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def ranges_in_process() -> None:
    """Issue 12: a 10,000-cell range, batched vs cell by cell vs engine.grid."""
    import numpy as np

    import ftcost
    from ftcost import functions as fn
    from ftcost.functions import plain

    vols = [[1e6 + 1000.0 * i] for i in range(10_000)]
    ps = ftcost.load_prices()
    months = np.array([v[0] for v in vols])

    def cell_by_cell(name, *args):
        saved = plain.BATCHES
        plain.BATCHES = {}  # the path every range took before issue 12
        try:
            return getattr(fn, name)(*args)
        finally:
            plain.BATCHES = saved

    sav = ("gpt-4o", "gpt-4o-mini", vols, 12, "5M")
    bem = ("gpt-4o", "gpt-4o-mini", "5M", vols)
    be = ("gpt-4o", "gpt-4o-mini", vols)  # a column of training-file sizes
    assert fn.FT_SAVINGS(*sav) == cell_by_cell("FT_SAVINGS", *sav)
    assert fn.FT_BREAKEVEN_MONTHS(*bem) == cell_by_cell("FT_BREAKEVEN_MONTHS", *bem)
    assert fn.FT_BREAKEVEN(*be) == cell_by_cell("FT_BREAKEVEN", *be)
    b = side_by_side(
        {
            "grid": lambda: ftcost.grid(
                ps, training_tokens=5e6, monthly_tokens=months, months=12, base="gpt-4o"
            ),
            "FT_SAVINGS": lambda: fn.FT_SAVINGS(*sav),
            "FT_BREAKEVEN_MONTHS": lambda: fn.FT_BREAKEVEN_MONTHS(*bem),
            "FT_BREAKEVEN": lambda: fn.FT_BREAKEVEN(*be),
            "FT_SAVINGS scalar ×100": lambda: [
                fn.FT_SAVINGS("gpt-4o", "gpt-4o-mini", "1M", 12, "5M") for _ in range(100)
            ],
        },
        rounds=25,
    )
    # after the batched runs: the cell-by-cell path leaves the heap in another state
    b |= side_by_side(
        {
            "FT_SAVINGS old": lambda: cell_by_cell("FT_SAVINGS", *sav),
            "FT_BREAKEVEN_MONTHS old": lambda: cell_by_cell("FT_BREAKEVEN_MONTHS", *bem),
            "FT_BREAKEVEN old": lambda: cell_by_cell("FT_BREAKEVEN", *be),
        },
        rounds=3,
    )
    g = b["grid"]
    print("ranges in-process, one call over 10,000 distinct monthly volumes (issue 12):")
    print(f"  ftcost.grid, same volumes, all {len(ps)} models   {g * 1e3:8.2f} ms")
    for name in ("FT_SAVINGS", "FT_BREAKEVEN_MONTHS", "FT_BREAKEVEN"):
        new, old = b[name], b[name + " old"]
        print(f"  {name:<20} batched {new * 1e3:8.2f} ms = {new / g:4.1f}× grid (target ≤ 3×); "
              f"cell by cell {old * 1e3:7.1f} ms ({old / new:.0f}× slower)")  # fmt: skip
    print(f"  FT_SAVINGS scalar call {b['FT_SAVINGS scalar ×100'] * 1e4:8.1f} µs")


def ranges_dispatcher() -> None:
    """Issue 12: the same range through xlwings' Office.js dispatcher, and xlwings' share."""
    import xlwings as xw
    import xlwings.server as server
    import xlwings.utils

    import ftcost.udfs as udfs
    from ftcost import functions as fn

    loop = asyncio.new_event_loop()
    vols = [[1e6 + 1000.0 * i] for i in range(10_000)]

    from ftcost.udfs.officejs import Cells

    class Standard:  # xlwings' own conversion alone: the standard declaration, no work
        @staticmethod
        @xw.func
        @xw.arg("x", ndim=2, err_to_str=True)
        def READS(x):
            return 1.0

        @staticmethod
        @xw.func
        @xw.arg("x", ndim=2, err_to_str=True)
        def WRITES(x):
            return [[1e6 + i] for i in range(10_000)]

        @staticmethod
        @xw.func
        def NOTHING():
            return 1.0

    class Ours:  # the same through ftcost's converter (what the FT_* functions declare)
        @staticmethod
        @xw.func
        @xw.arg("x", Cells)
        @xw.ret(Cells)
        def READS(x):
            return 1.0

        @staticmethod
        @xw.func
        @xw.arg("x", Cells)
        @xw.ret(Cells)
        def WRITES(x):
            return [[1e6 + i] for i in range(10_000)]

    def call(module, name, *args):
        payload = {
            "func_name": name,
            "args": [a if isinstance(a, list) else [[a]] for a in args],
            "caller_address": "[Book1]Sheet1!A1",
            "content_language": "en-US",
            "version": xw.__version__,
            "runtime": "1.4",
        }
        return loop.run_until_complete(server.custom_functions_call(payload, module))

    def in_process(name, *args):
        # what the dispatcher runs once xlwings has converted the cells (#N/A codes, no messages)
        names = [a.name for a in fn.SPECS[name].args]
        return fn.run(name, dict(zip(names, args, strict=False)), office_js=True, server=True)

    sav = ("gpt-4o", "gpt-4o-mini", vols, 12, "5M")
    bem = ("gpt-4o", "gpt-4o-mini", "5M", vols)
    b = side_by_side(
        {
            "FT_SAVINGS": lambda: call(udfs, "FT_SAVINGS", *sav),
            "FT_SAVINGS in-process": lambda: in_process("FT_SAVINGS", *sav),
            "FT_BREAKEVEN_MONTHS": lambda: call(udfs, "FT_BREAKEVEN_MONTHS", *bem),
            "FT_BREAKEVEN_MONTHS in-process": lambda: in_process("FT_BREAKEVEN_MONTHS", *bem),
            "reads": lambda: call(Standard, "READS", vols),
            "writes": lambda: call(Standard, "WRITES", 1.0),
            "reads Cells": lambda: call(Ours, "READS", vols),
            "writes Cells": lambda: call(Ours, "WRITES", 1.0),
            "nothing": lambda: call(Standard, "NOTHING"),
        },
        rounds=15,
    )
    xl = b["reads Cells"] + b["writes Cells"]
    print("ranges through the dispatcher, 10,000 cells in and out (issue 12):")
    for name in ("FT_SAVINGS", "FT_BREAKEVEN_MONTHS"):
        d, p = b[name], b[name + " in-process"]
        print(f"  {name:<20} {d * 1e3:7.1f} ms = {d / p:4.1f}× in-process ({p * 1e3:.1f} ms; "
              f"target ≤ 2×); conversion {xl / d:.0%} of it")  # fmt: skip
    print(f"  xlwings' own conversion (ndim=2, err_to_str=True): reads 10,000 cells "
          f"{b['reads'] * 1e3:5.1f} ms, writes 10,000 cells {b['writes'] * 1e3:5.1f} ms")  # fmt: skip
    print(f"  through ftcost.udfs.officejs.Cells (the same values):  reads "
          f"{b['reads Cells'] * 1e3:5.1f} ms, writes {b['writes Cells'] * 1e3:5.1f} ms "
          f"(functions doing nothing else)")  # fmt: skip
    print(f"  the dispatcher's fixed cost, a function of no argument: "
          f"{b['nothing'] * 1e6:.0f} µs a call (xlwings: signature, event loop)")  # fmt: skip
    # what ftcost's stand-in for pyodide.ffi saves on every cell xlwings reads
    stand_in = sys.modules.get("pyodide.ffi")
    per = {}
    for label in ("with", "without"):
        if label == "without":
            sys.modules.pop("pyodide.ffi", None)
        n = 20_000
        t = time.perf_counter()
        for _ in range(n):
            xlwings.utils.is_jsnull(1.0)
        per[label] = (time.perf_counter() - t) / n
    if stand_in is not None:
        sys.modules["pyodide.ffi"] = stand_in
    print(f"  xlwings' is_jsnull per cell: {per['with'] * 1e6:.2f} µs with ftcost's stand-in "
          f"for pyodide.ffi, {per['without'] * 1e6:.2f} µs without "
          f"(× 10,000 cells: {(per['without'] - per['with']) * 1e4 * 1e3:.0f} ms saved)")  # fmt: skip


def calls(mode: str) -> None:
    """Time scalar and 10,000-cell calls, directly or through the Office.js dispatcher."""
    t = time.perf_counter()
    import ftcost.udfs as udfs

    t_import = time.perf_counter() - t
    t = time.perf_counter()
    udfs.FT_BREAKEVEN("gpt-4o", "gpt-4o-mini", 5e6)
    t_first = time.perf_counter() - t

    column = [[1e6 + 1000 * i] for i in range(10_000)]
    names = [[m] for m in ["gpt-4o-mini", "gpt-4.1-nano", "gpt-4.1-mini"] * 3334][:10_000]
    if mode == "direct":

        def run(name, *args):
            return getattr(udfs, name)(*args)

        def cells(a):
            return a

    else:
        import xlwings as xw
        import xlwings.server as server

        assert udfs.OFFICE_JS
        loop = asyncio.new_event_loop()

        def run(name, *args):
            payload = {
                "func_name": name,
                "args": list(args),
                "caller_address": "[Book1]Sheet1!A1",
                "content_language": "en-US",
                "version": xw.__version__,
                "runtime": "1.4",
            }
            return loop.run_until_complete(server.custom_functions_call(payload, udfs))

        def cells(a):
            return a if isinstance(a, list) else [[a]]

    def timed(label, n, name, *args):
        args = [cells(a) for a in args]
        dt = per_call(lambda: run(name, *args), n)
        print(f"  {label:<58} {dt * 1e6:>10,.0f} µs")

    print(f"{mode}: import {t_import * 1e3:.0f} ms (in this process), first call "
          f"{t_first * 1e3:.1f} ms (parses the price data)")  # fmt: skip
    timed("FT_BREAKEVEN scalar", 2000, "FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", 5e6)
    timed("FT_TRAINING_COST scalar", 2000, "FT_TRAINING_COST", "gpt-4o-mini", "5M")
    timed("FT_PRICE scalar", 2000, "FT_PRICE", "gpt-4o", "training")
    timed("FT_RANK (the catalog's models, table)", 200, "FT_RANK", "100M", "5M", 12, 0,
          "gpt-4o")  # fmt: skip
    timed("FT_SPEND_TOKENS scalar", 2000, "FT_SPEND_TOKENS", "gpt-4o", 5000)
    timed("FT_GRADE scalar (stay, switch, fine-tune, route)", 100, "FT_GRADE", "gpt-4o", "100M")
    timed("FT_GRADE scalar from a spend, genai-prices model", 100, "FT_GRADE",
          "claude-sonnet-4-5", None, None, None, None, None, None, None, None, 20000)  # fmt: skip
    from ftcost import basemodels
    from ftcost.pricing import load_prices

    grade = ("FT_GRADE", cells("anthropic/claude-sonnet-4-5"), cells("100M"))

    def uncached():  # as before basemodels' caches: name resolved, price set grown every call
        cache = load_prices().cache
        cache.pop(basemodels._RESOLVED, None)
        cache.pop(basemodels._GROWN, None)
        return run(*grade)

    ten = {  # ten calls a turn, in turns (the machine's load hits both alike)
        "cached": lambda: [run(*grade) for _ in range(10)],
        "uncached": lambda: [uncached() for _ in range(10)],
    }
    b = side_by_side(ten, rounds=20)
    print(f"  {'FT_GRADE scalar, genai-prices model (anthropic/…)':<58} "
          f"{b['cached'] * 1e5:>10,.0f} µs")  # fmt: skip
    print(f"  {'  the same without basemodels caches (before)':<58} "
          f"{b['uncached'] * 1e5:>10,.0f} µs")  # fmt: skip
    timed("FT_RECOMMEND scalar", 100, "FT_RECOMMEND", "100M", "gpt-4o")
    timed("FT_BREAKEVEN over 10,000 volumes (one call)", 3, "FT_BREAKEVEN", "gpt-4o",
          "gpt-4o-mini", column)  # fmt: skip
    timed("FT_TRAINING_COST over 10,000 models (one call)", 3, "FT_TRAINING_COST", names, "5M")
    days = [["2025-06-01"] if i % 2 else ["2026-12-01"] for i in range(len(column))]
    timed("FT_SAVINGS, 10,000 volumes × 2 as-of dates (one call)", 3, "FT_SAVINGS", "gpt-4o",
          "gpt-4o-mini", column, 12, "5M", None, None, None, days)  # fmt: skip
    print()
    if mode == "direct":
        ranges_in_process()
    else:
        ranges_dispatcher()
    print()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", choices=["direct", "officejs"], help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.calls:
        calls(a.calls)
        return
    print(f"Python {sys.version.split()[0]}, best of {RUNS} runs\n")
    xl = import_times("import xlwings")["xlwings"]
    alone = import_times("import ftcost.udfs")
    after = import_times("import xlwings; import ftcost.udfs")
    print("Import (cold: a fresh interpreter each run; python -X importtime, cumulative):")
    print(f"  import xlwings                            {xl:6.0f} ms  (loads numpy, pandas)")
    print(f"  import ftcost.udfs                        {alone['ftcost.udfs']:6.0f} ms")
    total = alone["ftcost"]  # the package (engine, numpy) is imported before ftcost.udfs
    print(f"    ftcost package first (engine + numpy)   {total:6.0f} ms")
    udfs, pkg = after["ftcost.udfs"], after["ftcost"]
    print(f"  ftcost.udfs after import xlwings          {udfs:6.0f} ms  (what ftcost adds)")
    print(f"    package ftcost (engine, model, pricing) {pkg:6.0f} ms")
    print(f"    module ftcost.udfs itself               {udfs - pkg:6.0f} ms")
    base = wall("pass")
    print("Wall clock of a fresh interpreter, minus an empty one:")
    print(f"  import xlwings                 {(wall('import xlwings') - base) * 1e3:7.0f} ms")
    print(f"  import ftcost.udfs             {(wall('import ftcost.udfs') - base) * 1e3:7.0f} ms")
    print()
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--calls", "direct"], check=True)
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    subprocess.run([sys.executable, __file__, "--calls", "officejs"], check=True, env=env)


if __name__ == "__main__":
    main()
