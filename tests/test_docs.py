"""The docs say what the code does: README CLI examples are run and compared, the set-up
commands exist and `.ci/run` runs the README's test command, and the errata figures are the
engine's.

`python tests/test_docs.py` rewrites the README's example outputs from the current code.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (ftcost [^\n]*)\n(.*?)```", re.S)
TEST_COMMAND = 'pip install -e ".[test]" && pytest'
MAIN_COMMAND = "pip install . && ftcost report --example -o report.xlsx"


def run_cli(command: str) -> str:
    from ftcost.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(shlex.split(command)[1:])
    assert code == 0, command
    return buf.getvalue()


def examples() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command,expected", examples(), ids=[c for c, _ in examples()])
def test_readme_cli_examples(command, expected):
    assert run_cli(command) == expected, "README out of date: run `python tests/test_docs.py`"


def test_there_are_examples():
    assert len(examples()) >= 5


def test_two_setup_commands_and_ci():
    text = README.read_text(encoding="utf-8")
    assert f"```bash\n{MAIN_COMMAND}\n```" in text
    assert f"```bash\n{TEST_COMMAND}\n```" in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()
    assert "libreoffice-calc-nogui" in ci


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_errata_figures_are_the_engines():
    import ftcost
    from ftcost.units import fmt_money, fmt_tokens

    errata = _section("Where the article is off")
    c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M")
    for figure in (
        f"{c.breakeven_months:.2f} months",
        fmt_money(c.monthly_savings),
        fmt_money(c.annual_savings),
        fmt_money(c.net_savings),
    ):
        assert figure in errata, figure
    f = ftcost.breakeven("gpt-4o", "gemini-1.5-flash", "5M", monthly_tokens="1M", prices="article")
    for figure in (
        fmt_money(f.training_cost),
        fmt_tokens(f.breakeven_tokens),
        fmt_money(f.annual_savings),
    ):
        assert figure in errata, figure
    assert "$3 / $6" in errata  # GPT-3.5 per 1M
    share = (1.25 - 0.50) / (1.25 - 0.075)
    assert f"{share:.1%}" in errata
    r = ftcost.rank("5M", ftcost.Workload(monthly_tokens="1M"), base="gpt-4o")
    place = next(row.rank for row in r.rows if row.id == "mistral-small-4")
    assert f"ranks **{place}th of {len(r.rows)}**" in errata


def test_package_docstring_example():
    import doctest

    import ftcost

    result = doctest.testmod(ftcost, verbose=False)
    assert result.attempted >= 2 and result.failed == 0


def test_library_section_runs():
    code = re.search(
        r"## Library\n\n```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S
    ).group(1)
    ns: dict = {}
    exec(compile(code, "README.md (Library)", "exec"), ns)
    c = ns["c"]
    assert (c.training_cost, round(c.breakeven_tokens), round(c.breakeven_months, 2)) == (
        15.0,
        6818182,
        6.82,
    )
    assert ns["ranking"].to_frame().shape[0] == 14


def update() -> None:
    text = README.read_text(encoding="utf-8")

    def repl(m: re.Match) -> str:
        return f"```console\n$ {m.group(1)}\n{run_cli(m.group(1))}```"

    README.write_text(BLOCK.sub(repl, text), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(update())
