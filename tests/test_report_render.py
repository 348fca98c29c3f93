"""The report through LibreOffice: it opens, every value reads back the same, text stays text, and
the Summary and Break-even sheets render (LibreOffice → PDF → PNG) — the README's pictures.

FTCOST_UPDATE_IMAGES=1 pytest tests/test_report_render.py  rewrites workbook/img/report-*.png.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from ftcost.cli import main

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "workbook" / "img"
PICTURES = {"summary": "report-summary.png", "breakeven": "report-breakeven.png"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("render")
    out = {
        "example": d / "example.xlsx",
        "scenarios": d / "scenarios.xlsx",
        "evil": d / "evil.xlsx",
    }
    # the article's example as of 2025-06-01, when it still paid back (its figures are the point)
    argv = ["report", "--example", "--as-of", "2025-06-01", "-o", str(out["example"]), "-q"]
    assert main(argv) == 0
    src = ROOT / "workbook" / "example-scenarios.toml"
    assert main(["report", str(src), "-o", str(out["scenarios"]), "-q"]) == 0
    evil = d / "evil.toml"
    evil.write_text(
        'title = "=1+1"\n[[scenario]]\nname = "@SUM(1,2)"\ndescription = "-3+4"\n'
        'base = "gpt-4o"\ncandidate = "gpt-4o-mini"\ntraining_tokens = "5M"\nmonthly_tokens = "1M"\n'
    )
    assert main(["report", str(evil), "-o", str(out["evil"]), "-q"]) == 0
    return out


def _values(path: Path, data_only: bool = False) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, data_only=data_only)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb}


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, int | float)
            and isinstance(b, int | float)
            and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
        )
    return a == b


def test_libreoffice_reads_every_value_back(soffice, reports, tmp_path):
    for name in ("example", "scenarios"):
        again = soffice.convert(reports[name], tmp_path / name, "xlsx")
        ours, theirs = _values(reports[name]), _values(again, data_only=True)
        assert list(theirs) == list(ours)
        for sheet, rows in ours.items():
            for r, row in enumerate(rows):
                other = theirs[sheet][r] if r < len(theirs[sheet]) else ()
                for c, v in enumerate(row):
                    w = other[c] if c < len(other) else None
                    assert _same(v, w), (name, sheet, r + 1, c + 1, v, w)


def test_text_that_looks_like_a_formula_stays_text_in_libreoffice(soffice, reports, tmp_path):
    again = soffice.convert(reports["evil"], tmp_path, "xlsx")
    values = _values(again, data_only=True)
    texts = {v for rows in values.values() for row in rows for v in row}
    assert {"=1+1", "@SUM(1,2)", "-3+4"} <= texts  # nothing was evaluated
    assert values["Summary"][0][0] == "=1+1"  # the title, not 2
    wb = openpyxl.load_workbook(again)  # and LibreOffice saved them as text, not formulas
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def _pages_with(pdf: Path, words: str) -> list[int]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [i + 1 for i, page in enumerate(text.split("\f")) if words in page]


def _render(pdf: Path, page: int, out: Path, dpi: int = 110) -> Path:
    from PIL import Image, ImageChops

    prefix = out.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    img = Image.open(prefix.with_suffix(".png")).convert("RGB")
    # crop to what is printed, with a margin
    bbox = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    assert bbox is not None, "blank page"
    pad = 16
    box = (
        max(0, bbox[0] - pad),
        max(0, bbox[1] - pad),
        min(img.width, bbox[2] + pad),
        min(img.height, bbox[3] + pad),
    )
    img.crop(box).save(out, optimize=True)
    return out


def _has_colour(path: Path, rgb: tuple[int, int, int], tol: int = 40, at_least: int = 50) -> bool:
    import numpy as np
    from PIL import Image

    px = np.asarray(Image.open(path).convert("RGB"), dtype=int)
    n = int(np.all(np.abs(px - np.array(rgb)) <= tol, axis=-1).sum())
    return n >= at_least


def test_summary_and_breakeven_render(soffice, reports, tmp_path):
    pdf = soffice.convert(reports["example"], tmp_path, "pdf")
    summary = _pages_with(pdf, "The article's example: replace GPT-4o with fine-tuned GPT-4o mini")
    breakeven = _pages_with(pdf, "Break-even: cumulative cost of each route")
    assert summary == [1], summary  # the whole Summary on one page
    assert len(breakeven) == 1
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for words in (
        "Fine-tune gpt-4o-mini: pays back in 6.82 months",
        "$15.00",
        "$11.40",
        "6,818,182",
        "Grade of the current setup",
        "As of 2025-06-01",  # the as-of date, printed
    ):
        assert words in text, words
    shots = {
        "summary": _render(pdf, summary[0], tmp_path / PICTURES["summary"]),
        "breakeven": _render(pdf, breakeven[0], tmp_path / PICTURES["breakeven"]),
    }
    # the chart is drawn: the base route's red line, the fine-tuned route's blue line
    assert _has_colour(shots["breakeven"], (0xC0, 0x00, 0x00))
    assert _has_colour(shots["breakeven"], (0x2E, 0x75, 0xB6))
    # the recommendation's green band on the Summary
    assert _has_colour(shots["summary"], (0xC6, 0xEF, 0xCE), tol=8, at_least=500)
    if os.environ.get("FTCOST_UPDATE_IMAGES") == "1":
        IMG.mkdir(parents=True, exist_ok=True)
        for key, path in shots.items():
            shutil.copyfile(path, IMG / PICTURES[key])


def test_committed_pictures_are_in_the_readme():
    from PIL import Image

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in PICTURES.values():
        path = IMG / name
        assert path.is_file(), f"{path} missing: FTCOST_UPDATE_IMAGES=1 pytest {__file__}"
        with Image.open(path) as img:
            assert img.format == "PNG" and img.width > 600 and img.height > 300
        assert f"workbook/img/{name}" in readme
