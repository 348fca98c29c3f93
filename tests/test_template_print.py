"""No clipped label at the default column widths (issue 11): LibreOffice renders the template to
PDF, and every input and result label must appear whole in the PDF's text. A label cut off by the
next cell's content is missing from it — a narrowed column shows the check catches that. The
fonts named in the workbook decide the widths, so this holds whichever fonts are installed
(tried with and without Carlito)."""

from __future__ import annotations

import re
import subprocess

import pytest

from ftcost.template import template_bytes
from ftcost.template.layout import ALT_INPUTS, DEC_INPUTS, INPUTS, RESULTS

pytestmark = pytest.mark.slow

LABELS = [i.label for i in (*INPUTS, *ALT_INPUTS, *DEC_INPUTS)] + [r[1] for r in RESULTS]


def _text(soffice, src, out) -> str:
    pdf = soffice.convert(src, out, "pdf")
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", raw.stdout)


def test_every_label_prints_whole(soffice, tmp_path):
    src = tmp_path / "template.xlsx"
    src.write_bytes(template_bytes())
    text = _text(soffice, src, tmp_path / "pdf")
    assert len(LABELS) > 40
    assert [label for label in LABELS if re.sub(r"\s+", " ", label) not in text] == []


def test_the_check_catches_a_clipped_label(soffice, tmp_path):
    from openpyxl import load_workbook

    src = tmp_path / "template.xlsx"
    src.write_bytes(template_bytes())
    wb = load_workbook(src)
    wb["Break-even"].column_dimensions["A"].width = 6
    narrow = tmp_path / "narrow.xlsx"
    wb.save(narrow)
    text = _text(soffice, narrow, tmp_path / "pdf")
    assert "Training tokens (file size)" not in text
