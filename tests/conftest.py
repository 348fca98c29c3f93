"""Shared fixtures. LibreOffice is a required test oracle: without it those tests fail (set
FTCOST_ALLOW_NO_SOFFICE=1 to skip them instead on a machine that cannot have it)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # the tests' own helpers (_soffice, ...)

from _soffice import Soffice, find_soffice

# Property tests draw the same examples on every run (CI included): a failure they find is
# reproducible, and a green run does not turn red by chance on the next machine.
settings.register_profile("ftcost", derandomize=True, database=None)
settings.load_profile("ftcost")

# ftcost makes openpyxl write with the standard library (the same bytes with or without lxml; see
# ftcost/__init__.py); a test module that imports openpyxl before ftcost must get that writer too.
os.environ.setdefault("OPENPYXL_LXML", "False")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> Soffice:
    exe = find_soffice()
    if exe is None:
        if os.environ.get("FTCOST_ALLOW_NO_SOFFICE") == "1":
            pytest.skip("LibreOffice not installed (FTCOST_ALLOW_NO_SOFFICE=1)")
        pytest.fail(
            "LibreOffice (soffice) is required for the spreadsheet oracle tests: "
            "apt-get install -y --no-install-recommends libreoffice-calc-nogui"
        )
    return Soffice(tmp_path_factory.mktemp("soffice"), exe)


@pytest.fixture(scope="session")
def prices():
    import ftcost

    return ftcost.load_prices("default")


@pytest.fixture(scope="session")
def article_prices():
    import ftcost

    return ftcost.load_prices("article")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """ftcost built as a wheel (hatchling comes with the test extra: no network needed)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (whl,) = out.glob("ftcost-*.whl")
    return whl


@pytest.fixture(scope="session")
def wheel_venv(wheel, tmp_path_factory) -> Path:
    """A venv with only the wheel installed in it; numpy, pandas, openpyxl and xlwings come from
    the system site packages (no download), and the venv's own site-packages come first, so
    `ftcost` there is the wheel's, not the checkout's."""
    env_dir = tmp_path_factory.mktemp("wheel-venv") / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    subprocess.run(
        [
            env_dir / "bin" / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    return env_dir
