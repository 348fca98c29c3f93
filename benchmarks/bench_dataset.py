"""Benchmark `ftcost dataset` on a large generated training file (run by hand, not in CI).

    python benchmarks/bench_dataset.py            # 200 MB file in /tmp
    python benchmarks/bench_dataset.py --mb 1000  # 1 GB

Generates a realistic chat-format file (tests/_dataset_sample.py) in the temp folder, then
analyses it in a fresh process per path and reports wall time, tokens per second and peak RSS:
exact counts with both encodings (what `ftcost dataset` does with the default prices), exact
o200k_base only (what --training-file does for a gpt-4o-family candidate), and the estimate.
It also times a file of the same size with one bad line in the middle (the error path), and
measures the estimate's error against the exact counts on the big file and, where they exist on
this machine, on real texts (licences, Python source, CJK test files).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import _dataset_sample as sample  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from ftcost.dataset import analyze, DatasetError
from ftcost.tokens import counter
path, encs, exact = sys.argv[1], sys.argv[2].split(","), sys.argv[3] == "exact"
for e in encs:
    counter(e, exact)  # load the tokenizer before the clock starts
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    d = analyze(path, encs, exact=exact)
    out = {"examples": d.examples, "tokens": {k: v.total for k, v in d.tokens.items()}}
except DatasetError as err:
    out = {"error": str(err).splitlines()[:2]}
out["seconds"] = time.perf_counter() - t
out["rss_before_mb"] = base / 1024
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def generate(path: Path, mb: float) -> None:
    target = mb * 1e6
    if path.exists() and abs(path.stat().st_size - target) < 0.02 * target:
        return
    t = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="\n") as f:
        seed, written = 100, 0  # the estimate was fitted on seed 1: measure it elsewhere
        while written < target:
            for ex in sample.examples(10_000, seed):
                line = json.dumps(ex, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode())
                if written >= target:
                    break
            seed += 1
    print(
        f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s"
    )


def run(path: Path, encs: str, mode: str) -> dict:
    r = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), encs, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(r.stdout)


def accuracy_on_real_text() -> list[tuple[str, str, float, int]]:
    """(corpus, encoding, total error of the estimate, chunks) on texts found on this machine."""
    from ftcost.tokens import counter

    lib = Path(sysconfig.get_paths()["stdlib"])
    corpora = {
        "English prose (licences, seed article)": [
            "/usr/share/common-licenses/GPL-3",
            "/usr/share/common-licenses/Apache-2.0",
            str(ROOT.parent / "shared/seed/000_dea53b92ca302776.txt"),
        ],
        "Python source (stdlib)": [
            str(lib / f) for f in ("json/decoder.py", "csv.py", "argparse.py", "textwrap.py")
        ],
        "Portuguese (LibreOffice .po)": ["/usr/lib/libreoffice/share/basic/ScriptForge/po/pt.po"],
        "Chinese/Japanese/Korean (CPython test files)": sorted(
            glob.glob(str(lib / "test/cjkencodings/*-utf8.txt"))
        ),
    }
    out = []
    for name, files in corpora.items():
        text = "".join(Path(f).read_text(encoding="utf-8") for f in files if os.path.exists(f))
        if not text:
            continue
        chunks = [text[i : i + 1000] for i in range(0, len(text), 1000)]
        for enc in ("o200k_base", "cl100k_base"):
            ex, es = counter(enc, True), counter(enc, False)
            exact = sum(ex.count(c) for c in chunks)
            est = sum(es.count(c) for c in chunks)
            out.append((name, enc, (est - exact) / exact, len(chunks)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=200, help="file size in MB (default 200)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    a = ap.parse_args()

    tmp = Path(tempfile.gettempdir())
    path = tmp / f"ftcost-bench-{a.mb:g}MB.jsonl"
    generate(path, a.mb)
    size = path.stat().st_size

    print(f"\n{path.name}: {size / 1e6:.0f} MB")
    print(
        f"{'path':38} {'examples':>9} {'tokens':>13} {'s':>6} {'MB/s':>6} {'tok/s':>10} {'RSS before':>10} {'peak RSS':>9}"
    )
    results = {}
    for label, encs, mode in (
        ("exact, o200k_base + cl100k_base", "o200k_base,cl100k_base", "exact"),
        ("exact, o200k_base", "o200k_base", "exact"),
        ("estimate, o200k_base + cl100k_base", "o200k_base,cl100k_base", "estimate"),
        ("estimate, o200k_base", "o200k_base", "estimate"),
    ):
        r = run(path, encs, mode)
        results[label] = r
        tok = r["tokens"]["o200k_base"]
        print(
            f"{label:38} {r['examples']:>9,} {tok:>13,} {r['seconds']:>6.1f} "
            f"{size / 1e6 / r['seconds']:>6.1f} {tok / r['seconds']:>10,.0f} "
            f"{r['rss_before_mb']:>8.0f}MB {r['peak_rss_mb']:>7.0f}MB"
        )
    print(
        "(tok/s: o200k_base tokens counted per second of the whole pass — read, parse, validate, count)"
    )

    exact = results["exact, o200k_base + cl100k_base"]["tokens"]
    est = results["estimate, o200k_base + cl100k_base"]["tokens"]
    print("\nEstimate against exact on the whole file:")
    for enc in exact:
        print(
            f"  {enc}: exact {exact[enc]:,}, estimate {est[enc]:,} ({(est[enc] - exact[enc]) / exact[enc]:+.2%})"
        )

    # the error path: one bad line in the middle of a file of the same size
    bad = tmp / "ftcost-bench-bad.jsonl"
    with path.open("rb") as src, bad.open("wb") as dst:
        half = size // 2
        dst.write(src.read(half))
        dst.write(src.readline())
        dst.write(b'{"messages": [{"role": "user", "content": "no reply"}]}\n')
        while chunk := src.read(1 << 24):
            dst.write(chunk)
    r = run(bad, "o200k_base", "exact")
    print(
        f"\nBad file ({bad.stat().st_size / 1e6:.0f} MB, one bad line mid-file): {r['seconds']:.1f} s, "
        f"peak RSS {r['peak_rss_mb']:.0f} MB\n  " + "\n  ".join(r["error"])
    )
    bad.unlink()

    print("\nEstimate against exact on real text found on this machine (1,000-character chunks):")
    for name, enc, err, n in accuracy_on_real_text():
        print(f"  {name:46} {enc:12} {err:+.2%}  ({n} chunks)")

    if not a.keep:
        path.unlink()


if __name__ == "__main__":
    main()
