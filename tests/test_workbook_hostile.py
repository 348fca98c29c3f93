"""Hostile workbooks: zip bombs refused before inflating, big sheets ftcost does not need left
unparsed, stray cells ignored, the input never changed; and writers killed at random points
leave nothing behind once the next run is over."""

from __future__ import annotations

import io
import os
import random
import re
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from ftcost.cli import main
from ftcost.errors import WorkbookError
from ftcost.template import read_filled_template, template_bytes, update_prices
from ftcost.template.layout import PROV_LAST

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import bench_hostile as bench


@pytest.fixture(scope="module")
def base() -> bytes:
    return template_bytes("default")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, base, method, capsys):
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(bench.bomb(base, 50_000_000, method))  # 50 MB of blanks, ~50 KB packed or less
    data = p.read_bytes()
    tracemalloc.start()
    t = time.perf_counter()
    with pytest.raises(
        WorkbookError, match=r"bench\.xml' would inflate to 50,000,\d{3} bytes.*zip bomb"
    ):
        read_filled_template(p)
    with pytest.raises(WorkbookError, match="zip bomb"):
        update_prices(p, "article")
    took, (_cur, peak) = time.perf_counter() - t, tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert took < 2 and peak < 50e6, (took, peak)
    assert main(["report", str(p), "-o", str(tmp_path / "r.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "zip bomb" in err
    assert p.read_bytes() == data
    assert sorted(x.name for x in tmp_path.iterdir()) == ["bomb.xlsx"]


def test_a_big_sheet_of_the_users_is_not_parsed(tmp_path, base):
    """A 200,000-row sheet of the user's: reading and updating take about the plain time."""
    plain, big = tmp_path / "plain.xlsx", tmp_path / "big.xlsx"
    plain.write_bytes(base)
    big.write_bytes(bench.user_sheet(base, 200_000))
    data = big.read_bytes()

    def best(f, n=3):
        out = []
        for _ in range(n):
            t = time.perf_counter()
            f()
            out.append(time.perf_counter() - t)
        return min(out)

    r0, r1 = best(lambda: read_filled_template(plain)), best(lambda: read_filled_template(big))
    assert r1 < r0 * 1.10 + 0.02, (r0, r1)
    assert big.read_bytes() == data
    rep = update_prices(big, "article")
    with zipfile.ZipFile(io.BytesIO(data)) as zo, zipfile.ZipFile(big) as zn:
        old, new = zo.getinfo("xl/worksheets/bench.xml"), zn.getinfo("xl/worksheets/bench.xml")
        assert (old.CRC, old.compress_size) == (new.CRC, new.compress_size)  # copied, not redone
    assert Path(rep.backup).read_bytes() == data
    assert rep.unscanned == ["Mine"] and "not read (too big): your sheet(s) 'Mine'" in "\n".join(
        rep.lines()
    )


@pytest.mark.parametrize(("col", "first"), [("AD", 1), ("Z", PROV_LAST + 1)])
def test_stray_cells_in_providers_are_ignored(tmp_path, base, col, first):
    p = tmp_path / "stray.xlsx"
    p.write_bytes(bench.stray(base, col, first, 200_000))
    data = p.read_bytes()
    t = time.perf_counter()
    ft = read_filled_template(p)
    assert time.perf_counter() - t < 2
    assert len(ft.prices.models) == len(read_filled_template_plain(tmp_path, base).prices.models)
    assert p.read_bytes() == data
    t = time.perf_counter()
    update_prices(p, "article")
    assert time.perf_counter() - t < 5
    with zipfile.ZipFile(p) as z:  # the stray cells are still there, untouched
        xml = z.read("xl/worksheets/sheet2.xml").decode()
    assert len(re.findall(rf'<c r="{col}\d+"><v>\d+</v></c>', xml)) == 200_000


def read_filled_template_plain(tmp_path: Path, base: bytes):
    p = tmp_path / "plain.xlsx"
    p.write_bytes(base)
    return read_filled_template(p)


# ---------------------------------------------------------------- killed writers


_BACKUP = re.compile(r"^case\.backup-\d{8}-\d{6}(-\d+)?\.xlsx$")


def _leftovers(folder: Path, allowed) -> list[str]:
    return sorted(x.name for x in folder.iterdir() if not allowed(x.name))


@pytest.mark.slow
@pytest.mark.parametrize("command", ["update-prices", "template"])
def test_a_killed_writer_leaves_nothing_after_the_next_run(tmp_path, base, command):
    """SIGKILL after a random delay (seeded), again and again; after the next complete run the
    target folder holds the workbook (and update-prices' complete backups) only, and the temp
    folder nothing."""
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    target = out / "case.xlsx"
    target.write_bytes(base)
    env = {**os.environ, "TMPDIR": str(tmp)}
    args = {
        "update-prices": ["update-prices", str(target), "--prices", "article"],
        "template": ["template", "-o", str(target), "--force"],
    }[command]
    run = [sys.executable, "-m", "ftcost", *args]
    t = time.perf_counter()
    subprocess.run(run, env=env, check=True, capture_output=True, timeout=120)
    whole = time.perf_counter() - t
    rng = random.Random(14)
    killed = 0
    for _ in range(6):
        p = subprocess.Popen(run, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, whole))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            killed += 1
        p.wait()
        done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert _leftovers(out, lambda n: n == "case.xlsx" or _BACKUP.match(n)) == []
        assert list(tmp.iterdir()) == []
        for b in out.iterdir():  # every file there is a whole workbook
            assert zipfile.ZipFile(b).testzip() is None
    assert killed >= 3, killed  # most runs were cut short
