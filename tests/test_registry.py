"""The field registry (fields.py) is the one list of fields: a field added there reaches every
surface without being listed anywhere else."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import clean_env

ROOT = Path(__file__).resolve().parents[1]

# One new price field and one new workload input, added the way a developer would: an entry each.
PRICE_ENTRY = (
    '    _money("dummy_fee", "Dummy fee", "$/month", "A test field.", high=100),\n    # lifecycle:'
)
INPUT_ENTRY = """    Field("dummy_share", "workload", "share", "share", "Dummy share",
          "A test input.", "a test input (default 0)", default=0.0, low=0, high=1),
)  # fmt: skip

INPUTS"""

PROBE = r"""
import json, sys, zipfile
from pathlib import Path
import ftcost
from ftcost.errors import FtCostError
from ftcost.model import ModelPrice, Workload

out = {}
prices = sys.argv[1]
ps = ftcost.load_prices(prices)
m = ps.get("acme-small")
out["model"] = m.dummy_fee
out["workload"] = Workload(dummy_share="50%").dummy_share
for bad in ("-1", "101"):
    try:
        ftcost.load_prices(prices.replace(".toml", f"-{bad}.toml"))
    except FtCostError as e:
        out[f"refused {bad}"] = str(e)

from ftcost.functions import FT_PRICE
out["FT_PRICE"] = FT_PRICE("acme-small", "dummy_fee", prices)

from ftcost.template import read_filled_template, write_template
t = Path(sys.argv[2]) / "t.xlsx"
write_template(t, ps)
from openpyxl import load_workbook
wb = load_workbook(t)
cells = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
out["template header"] = "Dummy fee $/month" in cells
out["template input"] = "Dummy share" in cells
filled = read_filled_template(t)
out["template read"] = filled.prices.get("acme-small").dummy_fee

from ftcost.scenarios import FIELDS
out["scenario field"] = FIELDS.get("dummy_share")

try:
    from ftcost.report import write_report
    from ftcost.scenarios import build_scenario
    s, problems = build_scenario({"base": "acme-small", "candidate": "acme-small",
                                  "training_tokens": "1M", "monthly_tokens": "1M",
                                  "dummy_share": 0.25}, lambda key: key or "probe")
    assert s is not None, problems
    r = Path(sys.argv[2]) / "r.xlsx"
    write_report(r, [s], ps)
    wb = load_workbook(r)
    cells = {c.value for row in wb["Assumptions"].iter_rows() for c in row}
    out["report column"] = "Dummy fee $/month" in cells
except Exception as e:  # the report's part is checked on its own (below)
    out["report column"] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
"""

GOOD = textwrap.dedent(
    """\
    [[model]]
    id = "acme-small"
    provider = "Acme"
    name = "Acme Small"
    status = "active"
    checked = 2026-11-01
    source = "our contract"
    base_input = 1.0
    base_output = 2.0
    ft_input = 0.5
    ft_output = 1.0
    training = 4.0
    dummy_fee = 7
    """
)


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> dict:
    """A copy of the source with one field added to each registry list, probed once."""
    tmp_path = tmp_path_factory.mktemp("registry")
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "ftcost", src / "ftcost", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "pricing", src / "ftcost" / "pricing")  # as in the wheel
    f = src / "ftcost" / "fields.py"
    text = f.read_text(encoding="utf-8")
    assert text.count("    # lifecycle:") == 1 and text.count(")  # fmt: skip\n\nINPUTS") == 1
    f.write_text(
        text.replace("    # lifecycle:", PRICE_ENTRY, 1).replace(
            ")  # fmt: skip\n\nINPUTS", INPUT_ENTRY, 1
        ),
        encoding="utf-8",
    )
    prices = tmp_path / "p.toml"
    prices.write_text(GOOD, encoding="utf-8")
    for bad in ("-1", "101"):
        (tmp_path / f"p-{bad}.toml").write_text(
            GOOD.replace("dummy_fee = 7", f"dummy_fee = {bad}"), encoding="utf-8"
        )
    res = subprocess.run(
        [sys.executable, "-c", PROBE, str(prices), str(tmp_path)],
        capture_output=True,
        text=True,
        env=clean_env() | {"PYTHONPATH": str(src)},
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    import json

    return json.loads(res.stdout)


@pytest.mark.slow
def test_a_field_added_to_the_registry_reaches_every_surface(probed):
    got = probed
    assert got["model"] == 7.0 and got["workload"] == 0.5
    assert "acme-small.dummy_fee: must be ≥ 0" in got["refused -1"]
    assert "acme-small.dummy_fee: $101 per month is above the ceiling of $100" in got["refused 101"]
    assert got["FT_PRICE"] == 7.0
    assert got["template header"] and got["template input"] and got["template read"] == 7.0
    assert got["scenario field"] == "a test input (default 0)"


@pytest.mark.slow
def test_a_field_added_to_the_registry_reaches_the_report(probed):
    assert probed["report column"] is True, probed["report column"]
