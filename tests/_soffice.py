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


class Soffice:
    """Runs soffice with a private profile under ``root``."""

    def __init__(self, root: Path, exe: str):
        self.exe = exe
        self.profile = Path(root).resolve() / "lo-profile"
        (self.profile / "user").mkdir(parents=True, exist_ok=True)
        (self.profile / "user" / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")

    def convert(self, src: Path, out_dir: Path, fmt: str = "xlsx", timeout: float = 180) -> Path:
        """``src`` converted to ``fmt`` ('xlsx' recalculates; 'pdf' renders) in ``out_dir``.

        soffice exits 0 even when it fails, so the output file's existence is the check.
        """
        src, out_dir = Path(src).resolve(), Path(out_dir).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / (src.stem + "." + fmt.split(":")[0])
        if target.exists():
            target.unlink()
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
            str(src),
        ]
        env = {**os.environ, "HOME": str(self.profile)}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        if not target.exists():
            raise AssertionError(
                f"soffice did not write {target.name} (exit {proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        return target

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
