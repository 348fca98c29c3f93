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

# Every answer is for an as-of date; tests (and the processes they start) pin it, so nothing starts
# failing because the calendar moved. A test about another day passes as_of / --as-of itself.
AS_OF = "2026-12-01"
os.environ["FTCOST_AS_OF"] = AS_OF

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


def clean_env() -> dict[str, str]:
    """The environment for a process that must see only an installed ftcost: no PYTHONPATH."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


@pytest.fixture(scope="session")
def wheel_venv(wheel, tmp_path_factory) -> Path:
    """A venv with only the wheel installed in it. numpy, pandas, openpyxl and xlwings come from
    the environment running the tests (no download) — the system's or a virtualenv's: a .pth file
    puts its site-packages after the venv's own, so `ftcost` there is the wheel's, not the
    checkout's (a .pth line adds a folder; the checkout's editable-install .pth inside it is not
    read)."""
    import site
    import sysconfig

    env_dir = tmp_path_factory.mktemp("wheel-venv") / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    own = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    ).stdout.strip()
    theirs = dict.fromkeys([sysconfig.get_paths()["purelib"], *site.getsitepackages()])
    Path(own, "zz-test-runner-packages.pth").write_text("\n".join(theirs) + "\n")
    subprocess.run(
        [py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        env=clean_env(),
    )
    return env_dir
