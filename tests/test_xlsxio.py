"""The one workbook writer: deterministic bytes, the mode the user expects, atomic replacement,
nothing left behind — even after a run is killed."""

from __future__ import annotations

import datetime as _dt
import io
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ftcost.xlsxio import (
    DeterministicZip,
    OutputError,
    check_target,
    file_mode,
    private_tempdir,
    save_workbook,
    write_atomically,
)

WHEN = _dt.datetime(2026, 12, 1)


def _book_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "hello"
    wb.active["B2"] = 1.5
    buf = io.BytesIO()
    save_workbook(wb, buf, WHEN)
    return buf.getvalue()


def test_same_workbook_same_bytes_with_fixed_times():
    a, b = _book_bytes(), _book_bytes()
    assert a == b
    z = zipfile.ZipFile(io.BytesIO(a))
    assert {i.date_time for i in z.infolist()} == {(2026, 12, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in z.infolist()} == {0o644}
    core = z.read("docProps/core.xml").decode()
    assert core.count("2026-12-01T00:00:00Z") == 2  # created and modified


def test_deterministic_zip_ignores_the_callers_zipinfo():
    buf = io.BytesIO()
    with DeterministicZip(buf) as z:
        info = zipfile.ZipInfo("a.xml", date_time=(2001, 2, 3, 4, 5, 6))
        info.external_attr = 0o600 << 16
        z.writestr(info, b"<a/>")
    (i,) = zipfile.ZipFile(buf).infolist()
    assert i.date_time == (2026, 1, 1, 0, 0, 0) and i.external_attr >> 16 == 0o644


def _write(target: Path, data: bytes = b"new", **kw) -> None:
    write_atomically(target, lambda tmp: Path(tmp).write_bytes(data), **kw)


def test_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        _write(tmp_path / "a.xlsx", force=False)
    finally:
        os.umask(old)
    assert (tmp_path / "a.xlsx").stat().st_mode & 0o777 == 0o640
    assert file_mode(tmp_path / "missing.xlsx") == 0o666 & ~old


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o604)
    _write(target, force=True)
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o604


def test_never_clobbers_without_force_and_leaves_nothing(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="already exists"):
        _write(target, force=False)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_a_failing_writer_leaves_nothing(tmp_path):
    def boom(tmp):
        Path(tmp).write_bytes(b"partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "a.xlsx", boom, force=False)
    assert list(tmp_path.iterdir()) == []


def test_check_target_refusals(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"")
    for path, msg in [
        (tmp_path / "a.csv", "ending in .xlsx"),
        (tmp_path / "x.xlsx", "already exists"),
        (tmp_path / "nope" / "a.xlsx", "does not exist"),
    ]:
        with pytest.raises(OutputError, match=msg):
            check_target(path, force=False)
    (tmp_path / "d.xlsx").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        check_target(tmp_path / "d.xlsx", force=True)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_stale_files_of_a_killed_run_are_removed_by_the_next(tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".a.ftcost-{dead}-xyz.part"
    stale.write_bytes(b"partial")
    mine = tmp_path / f".a.ftcost-{os.getpid()}-xyz.part"  # a live writer's: kept
    mine.write_bytes(b"in progress")
    other = tmp_path / ".keep.part"  # not ours: kept
    other.write_bytes(b"")
    _write(tmp_path / "b.xlsx", force=False)
    assert not stale.exists() and mine.exists() and other.exists()


def test_private_tempdir_is_removed_and_stale_ones_too(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"ftcost-tmp-{_dead_pid()}-abc"
    stale.mkdir()
    (stale / "openpyxl.x").write_bytes(b"")
    with private_tempdir() as own:
        assert tempfile.gettempdir() == str(own)
        Path(tempfile.mkstemp()[1]).write_bytes(b"spool")
    assert tempfile.gettempdir() == str(tmp_path)
    assert list(tmp_path.iterdir()) == []


KILLED_WRITER = r"""
import sys, time
from pathlib import Path
from ftcost.xlsxio import private_tempdir, write_atomically

def slow(tmp):
    with private_tempdir():
        import tempfile
        Path(tempfile.mkstemp(prefix="openpyxl.")[1]).write_bytes(b"spool")
        Path(tmp).write_bytes(b"partial")
        print("writing", flush=True)
        time.sleep(60)

write_atomically(Path(sys.argv[1]), slow, force=False)
"""


@pytest.mark.slow
def test_killed_writer_leaves_nothing_after_the_next_run(tmp_path):
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    p = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(out / "r.xlsx")],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    with p.stdout:
        assert p.stdout.readline().strip() == "writing"
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
    assert any(out.iterdir()) and any(tmp.iterdir())  # SIGKILL leaves them: nothing can stop it
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_WRITER.replace("time.sleep(60)", "pass"),
            str(out / "s.xlsx"),
        ],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(x.name for x in out.iterdir()) == ["s.xlsx"]
    assert list(tmp.iterdir()) == []
