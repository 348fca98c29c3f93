"""`ftcost.jobs`: the report as one library call, as the CLI makes it (no CLI involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftcost.errors import InputError
from ftcost.jobs import make_report, read_report_input, report_overrides
from ftcost.report import OutputError, write_report
from ftcost.scenarios import ScenarioError, example

DATA = Path(__file__).parent / "data"


def test_make_report_equals_write_report_of_the_same_scenarios(tmp_path):
    made = make_report(tmp_path / "job.xlsx", example=True)
    f = example()
    write_report(
        tmp_path / "direct.xlsx",
        f.scenarios,
        f.prices,
        title=f.title,
        source="the built-in example (the article's scenario)",
    )
    assert made.path == tmp_path / "job.xlsx"
    assert made.path.read_bytes() == (tmp_path / "direct.xlsx").read_bytes()
    assert [r.scenario.name for r in made.results] == [s.name for s in f.scenarios]
    assert made.prices.name == "default"


def test_options_alone_make_one_named_scenario():
    job = read_report_input(overrides={"base": "gpt-4o", "monthly_tokens": "20M"})
    (s,) = job.scenarios
    assert s.name == "gpt-4o → the cheapest fine-tuned route, 20M tokens/month"
    assert s.plan.training_tokens == 5e6 and s.candidate is None
    assert job.source == "command-line options" and job.prices is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"overrides": {"monthly_tokens": "1M"}}, "--base: give the model you use now"),
        ({"overrides": {"base": "gpt-4o"}}, "--monthly-tokens: the report needs a monthly volume"),
        ({"example": True, "input": "x.toml"}, "give INPUT or --example, not both"),
        ({"input": "missing.xlsx"}, "INPUT: missing.xlsx: file not found"),
    ],
)
def test_input_problems_name_the_option(kwargs, message):
    with pytest.raises(InputError, match=message):
        read_report_input(**kwargs)


def test_override_problems_are_all_listed():
    with pytest.raises(ScenarioError) as e:
        read_report_input(example=True, overrides={"epochs": "x", "months": "-1"})
    assert len(e.value.problems) == 2
    assert all(p.startswith(("--epochs", "--months")) for p in e.value.problems)


def test_refused_before_the_work(tmp_path):
    (tmp_path / "r.xlsx").write_bytes(b"mine")
    with pytest.raises(OutputError, match="already exists"):
        make_report(tmp_path / "r.xlsx", example=True)
    assert (tmp_path / "r.xlsx").read_bytes() == b"mine"


def test_notes_go_to_the_caller(tmp_path):
    (train,) = sorted(DATA.glob("*.jsonl"))[:1]
    heard: list[str] = []
    made = make_report(tmp_path / "r.xlsx", example=True, training_file=train, note=heard.append)
    assert len(heard) == 1 and str(train.name) in heard[0]
    assert made.results[0].scenario.plan.training_tokens != 5e6


def test_report_overrides_keep_only_given_scenario_fields():
    got = report_overrides({"epochs": 2, "months": None, "output": "x.xlsx", "narrow_task": False})
    assert got == {"epochs": 2, "narrow_task": False}


# ----------------------------------------------------------------- layers


def test_the_report_does_not_import_the_template():
    """The writers do not import each other: reading a filled-in template is jobs.py's."""
    import subprocess
    import sys

    code = (
        "import sys, ftcost.report, ftcost.report.workbook; "
        "print(sorted(m for m in sys.modules if m.startswith(('ftcost.template', "
        "'ftcost.workbook_io', 'ftcost.jobs', 'ftcost.cli'))))"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "[]"


def test_openpyxl_internals_stay_in_report_xlsx():
    """One module leans on openpyxl's private attributes (its docstring lists them)."""
    import re

    import ftcost.report

    here = Path(ftcost.report.__file__).parent
    for path in here.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        private = re.findall(r"(?<!self)\.(_[a-z]\w*)", text)
        if path.name == "xlsx.py":
            assert {"_cell_styles", "_hyperlinks", "_get_writer", "_writer"} <= set(private)
        else:
            assert private == [], f"{path.name}: {private}"
