"""Putting a workbook on disk: the one way every ftcost writer (template, report, update-prices)
does it.

- `DeterministicZip`: a zip archive whose entries all carry one timestamp and mode 0644, so the
  same workbook is the same bytes.
- `save_workbook`: an openpyxl Workbook into such an archive, with fixed document times.
- `check_target`: refuse early a target that cannot be written (not .xlsx, a folder, exists
  without --force, missing or read-only folder).
- `write_atomically`: write a temporary file beside the target, give it the mode the user
  expects (the umask's, or the replaced file's), and rename it over the target; an existing file
  is never replaced unless asked. A temporary file carries the writer's process id, so when a
  run is killed (nothing can clean up after SIGKILL) the next run in that folder removes it.
- `private_tempdir`: openpyxl spools sheets through files in the temp folder; during a save they
  go into a folder of this process's own, removed afterwards (or by the next run if killed).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import FtCostError

__all__ = [
    "DeterministicZip",
    "OutputError",
    "check_target",
    "file_mode",
    "private_tempdir",
    "save_workbook",
    "write_atomically",
]

ZIP_TIME = (2026, 1, 1, 0, 0, 0)


class OutputError(FtCostError):
    """A workbook cannot be written where asked (file exists, folder missing or read-only...)."""


class DeterministicZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp and mode 0644: equal workbooks, equal bytes."""

    def __init__(self, file, mode: str = "w", date_time: tuple = ZIP_TIME, **kw):
        kw.setdefault("compression", zipfile.ZIP_DEFLATED)
        kw.setdefault("allowZip64", True)
        super().__init__(file, mode, **kw)
        self.date_time = date_time

    def _info(self, name: str) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(name, date_time=self.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o644 << 16
        return zi

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(self._info(name), data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        zi = self._info(arcname or os.path.basename(filename))
        with open(filename, "rb") as src, self.open(zi, "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_workbook(wb, file, when: _dt.datetime) -> None:
    """Write the openpyxl Workbook ``wb`` to ``file`` (a path or binary file object) with
    ``when`` as its created/modified time and the time of every zip entry."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = when
    archive = DeterministicZip(
        file, date_time=(max(when.year, 1980), when.month, when.day, 0, 0, 0)
    )
    try:
        with private_tempdir():
            ExcelWriter(wb, archive).save()  # closes the archive
    finally:
        if archive.fp is not None:
            archive.close()


# ---------------------------------------------------------------- files


def check_target(path: str | os.PathLike, force: bool, what: str = "output") -> Path:
    """The output path, refused early when it cannot be what we write to."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".xlsx":
        raise OutputError(
            f"{what}: {path}: an .xlsx workbook is written; give a name ending in .xlsx"
        )
    if target.is_dir():
        raise OutputError(f"{what}: {path} is a folder; give a file name ending in .xlsx")
    if target.exists() and not force:
        raise OutputError(
            f"{what}: {path} already exists; nothing written (use --force to overwrite it)"
        )
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{what}: cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{what}: cannot write {path}: folder {parent} is not writable")
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode(target: Path) -> int:
    """The mode a written file gets: the replaced file's, else what the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


_TAG = ".ftcost-"  # in every temporary name: `.<stem>.ftcost-<pid>-<random>.part`
_STALE = re.compile(re.escape(_TAG) + r"(\d+)-[^/]*\.part$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


def _remove_stale(folder: Path, pattern: re.Pattern = _STALE) -> None:
    """Remove temporary files/folders a killed ftcost run left in ``folder``."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = pattern.search(entry.name)
            if m and not _alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)


def write_atomically(
    target: Path,
    write: Callable[[str], None],
    force: bool,
    what: str = "output",
    mode: int | None = None,
) -> None:
    """Call ``write(tmp)`` for a temporary file beside ``target``, then rename it to ``target``.

    Without ``force`` an existing ``target`` (even one that appeared meanwhile) is never
    replaced. The file gets ``mode``, by default `file_mode(target)`. Whatever happens short of
    SIGKILL, no temporary file is left behind; after SIGKILL, the next run removes it.
    """
    parent = target.parent
    _remove_stale(parent)
    mode = file_mode(target) if mode is None else mode
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.stem[:40]}{_TAG}{os.getpid()}-", suffix=".part", dir=parent
        )
    except OSError as e:
        raise OutputError(f"{what}: cannot write in {parent}: {e.strerror or e}") from None
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, mode)  # mkstemp makes 0600
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the name exists: never clobber
            except FileExistsError:
                raise OutputError(f"{what}: {target} already exists; nothing written") from None
            except OSError:  # a file system without hard links
                if target.exists():
                    raise OutputError(f"{what}: {target} already exists; nothing written") from None
                os.replace(tmp, target)
    except PermissionError as e:
        hint = " (is it open in another program?)" if target.exists() else ""
        raise OutputError(f"{what}: cannot write {target}: {e.strerror or e}{hint}") from None
    except OSError as e:
        raise OutputError(f"{what}: cannot write {target}: {e.strerror or e}") from None
    finally:
        if os.path.lexists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


_TMP_STALE = re.compile(r"^ftcost-tmp-(\d+)-")


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path]:
    """Temporary files made meanwhile (openpyxl's spooled sheets) go into a folder of this
    process's own, removed afterwards; ones a killed run left are removed on the next call."""
    base = Path(tempfile.gettempdir())
    _remove_stale(base, _TMP_STALE)
    own = Path(tempfile.mkdtemp(prefix=f"ftcost-tmp-{os.getpid()}-", dir=base))
    before = tempfile.tempdir
    tempfile.tempdir = str(own)
    try:
        yield own
    finally:
        tempfile.tempdir = before
        shutil.rmtree(own, ignore_errors=True)
