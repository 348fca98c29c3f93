"""Does ``import ftcost.udfs`` stay as fast as on main? (run by hand: python benchmarks/bench_import.py)

Excel's first recalculation waits for ``import ftcost.udfs``; genai-prices (base prices of any
model) costs ~0.3 s to import, so ftcost must load it only on a first lookup. This measures a
cold import — a fresh interpreter each run — of this checkout's ``src`` and of main's
(``--main``, or the tree of ``--baseline REV`` exported with git archive) in the same run, alternating the two so the shared machine's load
drift hits both alike, and reports medians and their ratio:

- wall: the whole ``python -c "import ftcost.udfs"`` process, interpreter start included;
- cpu: that process's CPU time (user + system): what the import costs, without the time spent
  waiting for a core on a shared machine — the steadiest of the three;
- import: ``ftcost.udfs``'s cumulative wall time from ``python -X importtime``;
- own: the self time of ftcost's own modules in that listing (numpy, pandas, xlwings excluded):
  the only part a change to ftcost moves, to tell a real difference from the machine's noise.

Target: this tree does not cost more than 5% over main (``--limit``), judged on the median of
the paired CPU-time ratios; exit 1 when it does, or when the import pulled genai-prices in.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("wall", "cpu", "import", "own")
HERE = Path(__file__).resolve().parents[1] / "src"
CODE = "import sys, ftcost.udfs; sys.exit(3 if 'genai_prices' in sys.modules else 0)"


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)  # this tree's or main's ftcost, ahead of any installed one
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as a user's install has
    return env


def one_run(src: Path) -> tuple[float, float, float, float]:
    """(wall, CPU, ftcost.udfs cumulative import, ftcost modules' own import) seconds of one
    fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", CODE],
        env=_env(src),
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode == 3:
        raise SystemExit(f"{src}: import ftcost.udfs imported genai_prices")
    if p.returncode:
        raise SystemExit(f"{src}: import failed:\n{p.stderr[-2000:]}")
    cum, own = None, 0.0
    for line in p.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        self_us, cum_us, name = line[len("import time:") :].split("|")
        if name.strip().startswith("ftcost"):
            own += int(self_us) / 1e6
        if name.strip() == "ftcost.udfs":
            cum = int(cum_us) / 1e6
    if cum is None:
        raise SystemExit(f"{src}: no importtime line for ftcost.udfs")
    return wall, cpu, cum, own


def measure(tree: Path, main: Path, runs: int) -> dict:
    """Medians and minimums per tree, and the median of the paired ratios: each pair runs the
    two trees back to back (order alternating), so a load change between pairs cancels out."""
    for src in (tree, main):  # warm the bytecode caches and the page cache first
        one_run(src)
    got: dict[str, dict[str, list[float]]] = {
        "tree": {k: [] for k in KINDS},
        "main": {k: [] for k in KINDS},
    }
    for i in range(runs):
        order = (("tree", tree), ("main", main)) if i % 2 == 0 else (("main", main), ("tree", tree))
        for name, src in order:
            for kind, x in zip(KINDS, one_run(src), strict=True):
                got[name][kind].append(x)
    out: dict = {
        name: {
            **{kind: statistics.median(v) for kind, v in kinds.items()},
            **{f"{kind}_min": min(v) for kind, v in kinds.items()},
        }
        for name, kinds in got.items()
    }
    for kind in KINDS:
        pairs = zip(got["tree"][kind], got["main"][kind], strict=True)
        out[f"ratio_{kind}"] = statistics.median(t / m for t, m in pairs)
    return out


# the tree before genai-prices came in (issue 13): the import must stay within 5% of it
BASELINE = "c941347"


def _export(rev: str, into: Path) -> Path:
    """``rev``'s src folder (and its price data), exported with git archive into ``into``."""
    root = HERE.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "src", "pricing"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21, help="fresh interpreters per tree (21)")
    ap.add_argument("--tree", type=Path, default=HERE, help="the src folder to test (this one)")
    ap.add_argument(
        "--main", type=Path, help="the src folder to compare with (default: --baseline)"
    )
    ap.add_argument("--baseline", default=BASELINE, help="git revision exported when no --main")
    ap.add_argument("--limit", type=float, default=1.05, help="largest ratio allowed (1.05)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = a.main or _export(a.baseline, Path(tmp))
        m = measure(a.tree, base, a.runs)
    print(f"cold `import ftcost.udfs`, {a.runs} fresh interpreters per tree, alternating")
    print(f"{'':6}" + "".join(f"{k + ' median':>14}{'min':>8}" for k in KINDS))
    for name in ("tree", "main"):
        r = m[name]
        row = "".join(f"{r[k] * 1e3:12.0f}ms{r[k + '_min'] * 1e3:6.0f}ms" for k in KINDS)
        print(f"{name:6}{row}")
    pairs = ", ".join(f"{k} {m['ratio_' + k]:.3f}" for k in KINDS)
    print(f"median paired ratio tree/main: {pairs}  (limit {a.limit} on cpu)")
    ratio = m["ratio_cpu"]
    if ratio > a.limit:
        print(f"FAIL: import ftcost.udfs takes {ratio - 1:.1%} more CPU than on main")
        return 1
    print("ok: genai_prices not imported; within the limit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
