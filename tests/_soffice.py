"""LibreOffice headless as a test oracle: recalculate workbooks, render them to PDF and PNG.

One private profile per test session (LibreOffice cannot share a profile between processes),
set to recalculate every formula on load, so cached values written by openpyxl (none) or by an
earlier save never stand in for a real recalculation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{0}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{0}</value></prop></item>
"""


class Soffice:
    """Runs soffice with a private profile under ``root``; ``locale`` (e.g. "de-DE") sets the
    profile's locale, whose separators and format codes LibreOffice then uses."""

    def __init__(self, root: Path, exe: str, locale: str | None = None):
        self.exe = exe
        self.profile = Path(root).resolve() / "lo-profile"
        (self.profile / "user").mkdir(parents=True, exist_ok=True)
        xcu = _XCU
        if locale:
            xcu = xcu.replace("</oor:items>", _LOCALE.format(locale) + "</oor:items>")
        (self.profile / "user" / "registrymodifications.xcu").write_text(xcu, encoding="utf-8")

    def _run(self, fmt: str, out_dir: Path, srcs: list[Path], timeout: float):
        """One soffice run converting ``srcs`` to ``fmt`` in ``out_dir`` (private profile)."""
        cmd = [
            self.exe,
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            *map(str, srcs),
        ]
        env = {**os.environ, "HOME": str(self.profile)}
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)

    def convert(self, src: Path, out_dir: Path, fmt: str = "xlsx", timeout: float = 180) -> Path:
        """``src`` converted to ``fmt`` ('xlsx' recalculates; 'pdf' renders) in ``out_dir``.

        soffice exits 0 even when it fails, so the output file's existence is the check.
        """
        return self.convert_many([src], out_dir, fmt, timeout)[0]

    def convert_many(
        self, srcs: list[Path], out_dir: Path, fmt: str = "xlsx", timeout: float = 900
    ) -> list[Path]:
        """Every file of ``srcs`` converted by one soffice run (start-up paid once), in order.

        The sources' names must differ (their outputs share ``out_dir``).
        """
        srcs = [Path(s).resolve() for s in srcs]
        out_dir = Path(out_dir).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        ext = "." + fmt.split(":")[0]
        targets = [out_dir / (s.stem + ext) for s in srcs]
        if len(set(targets)) != len(targets):
            raise ValueError("convert_many: two sources would write the same output file")
        for t in targets:
            if t.exists():
                t.unlink()
        proc = self._run(fmt, out_dir, srcs, timeout)
        missing = [t.name for t in targets if not t.exists()]
        if missing:
            raise AssertionError(
                f"soffice did not write {', '.join(missing)} (exit {proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        return targets

    # CSV of every sheet (token 12 = -1), values not as shown (token 9): numbers to 15 digits
    CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

    def recalc_csv(self, srcs: list[Path], out_dir: Path, timeout: float = 900) -> dict:
        """Every sheet of every file, recalculated, as CSV, by one soffice run.

        Returns {source path: {sheet name: csv path}}. Much faster than an xlsx round trip
        (no styles to write back); numbers keep 15 significant digits.
        """
        srcs = [Path(s).resolve() for s in srcs]
        out_dir = Path(out_dir).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        stems = [s.stem for s in srcs]
        if len(set(stems)) != len(stems):
            raise ValueError("recalc_csv: the sources' names must differ")
        for old in out_dir.glob("*.csv"):
            old.unlink()
        proc = self._run(self.CSV_ALL_SHEETS, out_dir, srcs, timeout)
        out: dict = {}
        for src in srcs:
            sheets = {}
            for line in proc.stdout.splitlines():
                # "Writing sheet Break-even -> /out/s0-Break-even.csv"
                if line.startswith("Writing sheet ") and " -> " in line:
                    sheet, target = line[len("Writing sheet ") :].rsplit(" -> ", 1)
                    if Path(target).name == f"{src.stem}-{sheet}.csv" and Path(target).exists():
                        sheets[sheet] = Path(target)
            if not sheets:
                raise AssertionError(
                    f"soffice wrote no CSV for {src.name} (exit {proc.returncode}):\n"
                    f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
                )
            out[src] = sheets
        return out

    def recalc(self, src: Path, out_dir: Path) -> Path:
        """A copy of ``src`` recalculated by LibreOffice (read it with openpyxl data_only=True)."""
        return self.convert(src, out_dir, "xlsx")

    def to_pngs(self, src: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
        """Every page of ``src`` rendered: LibreOffice → PDF → PNG (pdftoppm)."""
        src, out_dir = Path(src).resolve(), Path(out_dir).resolve()
        pdf = self.convert(src, out_dir, "pdf")
        exe = shutil.which("pdftoppm")
        if exe is None:
            raise AssertionError("pdftoppm (poppler-utils) is needed to render PDF pages")
        prefix = out_dir / src.stem
        subprocess.run(
            [exe, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=180
        )
        return sorted(out_dir.glob(src.stem + "*.png"))
