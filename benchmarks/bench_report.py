"""How long `ftcost report` takes and how much memory it needs (run by hand, not in CI).

    python benchmarks/bench_report.py              # 5 cold runs of each, a 1,000-scenario report
    python benchmarks/bench_report.py --runs 3 --scenarios 2000
    python benchmarks/bench_report.py --only-compute   # just the side-by-side below

Cold runs start a fresh Python each time, as a user's shell does:

- `ftcost report --example -o FILE` (the README's first command), against
- `python -c "import pandas, openpyxl"` on the same machine: the floor a tool built on the usual
  spreadsheet stack would pay before doing anything.

Then a report of N generated scenarios (one workbook, every sheet one section per scenario):
wall time and peak memory of the whole command, and in-process the split between computing
(the engine) and writing (the workbook).

Last, computing the N scenarios side by side with the code before the report computed in
batches (issue 12): that tree is exported with `git archive` (``--baseline REV``) into a
temporary folder, and both trees compute the same file in fresh processes, alternating, so a
busy machine slows both alike. Each process times `compute_all` (best of 3, after a warm-up) and
counts the `engine.grid` calls; the ratio is the median of the paired ratios.

Last measured (2026-12-01, the shared 2-core machine, load about 2, `--runs 5` then
`--only-compute --runs 7`):

    cold `ftcost report --example`          0.51 s, 68 MiB at peak
    cold `import pandas, openpyxl`          0.47 s, 78 MiB
    1,000-scenario report, whole command    4.1 s, 140 MiB, 6.2 MB (compute 0.55 s, write 3.1 s)
    compute 1,000 scenarios, side by side   before (c941347) 0.70 s, 3,071 engine.grid calls
                                            this tree        0.38 s, 80 engine.grid calls
                                            ratio            0.55, pairs 0.52-0.58 (target <= 0.60)

For the record, against the tree before the batching work of session 3 (``--baseline f416768``:
one ranking per scenario reused, 1,160 grid calls, 0.93 s) the ratio is 0.40-0.42. What made the
difference, by the profile: one grid call ranks a batch's scenarios of one base model
(`engine.rank.rank_many`; batches of 256); the switch options priced once per workload shape for
all current models at once; what a ranking or an option says of a model that no workload changes
built once per price set and day; the Sensitivity grids priced for the candidates' columns only
(``grid(models=…)``); an alternative asked twice in a row (the decision's options, then the
Alternatives sheet) computed once; and the cycle collector paused while computing (about 0.03 s,
a tenth: the answers hold no cycles, but each collection walked every object kept so far).
What is left is a flat profile of Python per scenario and model: the fine-tune options (about a
tenth), the rankings' rows, the switch options, the comparisons, the options' sort.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Each child reports its own peak RSS (KiB on Linux) on its last stderr line.
_PEAK = "import resource, sys; sys.stderr.write(f'\\nPEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')"


def _run(code: str, cwd: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-c", code + "\n" + _PEAK],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"failed:\n{p.stderr}")
    peak = int(p.stderr.rsplit("PEAK ", 1)[1])
    return wall, peak


def _report_code(args: list[str]) -> str:
    return f"import sys\nfrom ftcost.cli import main\nrc = main({args!r})\nassert rc == 0, rc"


def _scenario_file(path: Path, n: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    models = [
        "gpt-4o",
        "gpt-4o-mini",
        "gpt-4.1",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "gemini-1.5-pro",
        "llama-3.1-70b",
        "llama-3.1-8b",
        "mistral-large-3",
        "mistral-small-4",
    ]
    lines = [f'title = "{n:,} generated scenarios"', "[defaults]", 'training_tokens = "5M"', ""]
    for i in range(n):
        lines += [
            "[[scenario]]",
            f'name = "Scenario {i + 1}"',
            f'base = "{rnd.choice(models)}"',
            f'candidate = "{rnd.choice([*models, "all"])}"',
            f"monthly_tokens = {rnd.choice([1e5, 1e6, 1e7, 1e8, 1e9]):g}",
            f"output_ratio = {rnd.choice([0, 0.3, 1])}",
            f"epochs = {rnd.randint(1, 4)}",
            f"months = {rnd.choice([6, 12, 24])}",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


# The code before the report computed in batches (main when issue 12 was taken up).
BASELINE = "c941347"
ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh process with PYTHONPATH=<tree>/src: best-of-3 compute time and grid calls.
_COMPUTE = """
import json, sys, time
import ftcost.engine, ftcost.report
from ftcost.pricing import load_prices
from ftcost.report import compute_all
from ftcost.scenarios import read_scenarios

calls = [0]
real = ftcost.engine.grid if callable(ftcost.engine.grid) else ftcost.engine.grid.grid
def counted(*a, **k):
    calls[0] += 1
    return real(*a, **k)
for mod in [m for name, m in sys.modules.items() if name.startswith("ftcost")]:
    if getattr(mod, "grid", None) is real:
        mod.grid = counted  # every module that calls it by name

f = read_scenarios(sys.argv[1])
ps = load_prices(f.prices)
compute_all(f.scenarios[:50], ps)  # warm-up: imports, caches
best = float("inf")
for _ in range(3):
    calls[0] = 0
    t0 = time.perf_counter()
    compute_all(f.scenarios, ps)
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"seconds": best, "grid_calls": calls[0], "from": ftcost.__file__}))
"""


def _compute_in(tree: Path, scenarios: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    p = subprocess.run(
        [sys.executable, "-c", _COMPUTE, str(scenarios)],
        cwd=scenarios.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        raise SystemExit(f"failed in {tree}:\n{p.stderr}")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert out["from"].startswith(str(tree)), out  # the tree asked for, not an installed ftcost
    return out


def side_by_side(scenarios: Path, baseline: str, runs: int) -> None:
    """Compute ``scenarios`` with this tree and with ``baseline`` (a git revision), alternating."""
    with tempfile.TemporaryDirectory() as d:
        old = Path(d) / "baseline"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", baseline, "src", "pricing"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        new, then = [], []
        for _ in range(runs):
            then.append(_compute_in(old, scenarios))
            new.append(_compute_in(ROOT, scenarios))
    ratios = [n["seconds"] / o["seconds"] for n, o in zip(new, then, strict=True)]
    n_sc = sum(1 for line in scenarios.read_text().splitlines() if line == "[[scenario]]")
    print(f"compute {n_sc:,} scenarios, best of 3 in each of {runs} fresh processes per tree:")
    for label, xs in ((f"before batching ({baseline})", then), ("this tree", new)):
        secs = [x["seconds"] for x in xs]
        print(f"   {label}: {_stats(secs)}, {xs[0]['grid_calls']:,} engine.grid calls")
    print(
        f"   this tree / before: median {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}) of the paired ratios"
    )


def _stats(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--baseline", default=BASELINE, help="git revision to compare computing with")
    ap.add_argument("--only-compute", action="store_true", help="only the side-by-side compute")
    a = ap.parse_args()
    # one as-of date for every run (the child processes inherit it): the same models trainable
    os.environ.setdefault("FTCOST_AS_OF", "2026-12-01")
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        if a.only_compute:
            src = work / "many.toml"
            _scenario_file(src, a.scenarios)
            side_by_side(src, a.baseline, a.runs)
            return
        example = [
            _run(_report_code(["report", "--example", "-o", "r.xlsx", "--force", "-q"]), work)
            for _ in range(a.runs)
        ]
        floor = [_run("import pandas, openpyxl", work) for _ in range(a.runs)]
        print(f"cold `ftcost report --example` ({a.runs} runs): {_stats([w for w, _ in example])}")
        print(f"   peak memory {max(p for _, p in example) / 1024:.1f} MiB")
        print(f'cold `python -c "import pandas, openpyxl"`: {_stats([w for w, _ in floor])}')
        print(f"   peak memory {max(p for _, p in floor) / 1024:.1f} MiB")

        src = work / "many.toml"
        _scenario_file(src, a.scenarios)
        wall, peak = _run(
            _report_code(["report", str(src), "-o", "many.xlsx", "--force", "-q"]), work
        )
        size = (work / "many.xlsx").stat().st_size
        print(
            f"{a.scenarios:,}-scenario report (whole command): {wall:.2f} s, peak memory "
            f"{peak / 1024:.1f} MiB, {size / 1e6:.1f} MB file"
        )

        from ftcost.report import compute_all, write_results
        from ftcost.scenarios import read_scenarios

        f = read_scenarios(src)
        t0 = time.perf_counter()
        results = compute_all(f.scenarios, f.prices)
        t1 = time.perf_counter()
        write_results(work / "again.xlsx", results, f.prices, title=f.title)
        t2 = time.perf_counter()
        print(
            f"   in process: compute {t1 - t0:.2f} s ({(t1 - t0) / a.scenarios * 1e3:.2f} ms a "
            f"scenario), write {t2 - t1:.2f} s"
        )
        side_by_side(src, a.baseline, a.runs)


if __name__ == "__main__":
    main()
