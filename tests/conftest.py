"""Shared fixtures. LibreOffice is a required test oracle: without it those tests fail (set
FTCOST_ALLOW_NO_SOFFICE=1 to skip them instead on a machine that cannot have it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the tests' own helpers (_soffice, ...)

from _soffice import Soffice, find_soffice

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
