"""The `ftcost` command: output for people and machines, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ftcost.cli import build_parser, main

BE = ["breakeven", "--base", "gpt-4o", "--candidate", "gpt-4o-mini", "--training-tokens", "5M"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


# ------------------------------------------------------------------ breakeven


def test_breakeven_json_article_example(capsys):
    d = run_json(capsys, *BE, "--monthly-tokens", "1M")
    assert d["training_cost"] == pytest.approx(15)
    assert d["savings_per_million_tokens"] == pytest.approx(2.2)
    assert d["breakeven_tokens"] == pytest.approx(15 / 2.2 * 1e6)
    assert d["breakeven_months"] == pytest.approx(15 / 2.2)
    assert d["monthly_savings"] == pytest.approx(2.2)
    assert d["annual_savings"] == pytest.approx(26.4)
    assert d["net_savings"] == pytest.approx(11.4)
    assert d["price_set"] == "default"


def test_breakeven_json_flash_article_prices(capsys):
    d = run_json(
        capsys,
        "breakeven",
        "--base",
        "gpt-4o",
        "--candidate",
        "Gemini 1.5 Flash",
        "--training-tokens",
        "5000000",
        "--monthly-tokens",
        "1e6",
        "--prices",
        "article",
    )
    assert d["training_cost"] == pytest.approx(0.125)
    assert round(d["breakeven_tokens"]) == 51546
    assert d["annual_savings"] == pytest.approx(29.1)


def test_breakeven_json_nulls_without_volume(capsys):
    d = run_json(capsys, *BE)
    for key in ("breakeven_months", "monthly_savings", "annual_savings", "net_savings"):
        assert d[key] is None
    assert d["breakeven_tokens"] == pytest.approx(15 / 2.2 * 1e6)
    assert "monthly volume" in d["reason"]


def test_breakeven_json_no_saving(capsys):
    d = run_json(
        capsys,
        "breakeven",
        "--base",
        "gpt-4o-mini",
        "--candidate",
        "gpt-4o",
        "--training-tokens",
        "5M",
        "--monthly-tokens",
        "1M",
    )
    assert d["breakeven_tokens"] is None and d["breakeven_months"] is None
    assert d["reason"].startswith("no break-even")
    assert d["monthly_savings"] == pytest.approx(0.15 - 3.75)


def test_breakeven_options(capsys):
    d = run_json(
        capsys,
        *BE,
        "--epochs",
        "3",
        "--output-ratio",
        "0.5",
        "--monthly-tokens",
        "10M",
        "--months",
        "24",
        "--retrain-every",
        "6",
        "--runs",
        "2",
        "--validation-tokens",
        "1M",
    )
    # (5M × 3 + 1M) × $3 × 2 runs = $96; saving (7.50 − 0.90) × 10 = $66/month; 4 trainings
    assert d["training_cost"] == pytest.approx(96)
    assert d["monthly_savings"] == pytest.approx(66)
    assert d["trainings"] == 4
    assert d["net_savings"] == pytest.approx(24 * 66 - 4 * 96)


def test_breakeven_text(capsys):
    code, out, err = run(capsys, *BE, "--monthly-tokens", "1M")
    assert code == 0 and not err
    assert "Training cost      $15.00" in out
    assert "Break-even         6.82M tokens = 6.82 months at 1M tokens/month" in out
    assert "(annual, gross: $26.40)" in out
    assert "Net saving         $11.40 over 12 months" in out


# ------------------------------------------------------------------ other commands


def test_models(capsys):
    code, out, _ = run(capsys, "models")
    assert code == 0
    assert "14 models" in out and "gpt-4.1-nano" in out and "$0.075" in out
    d = run_json(capsys, "models", "--prices", "article")
    assert len(d["models"]) == 10
    assert {m["id"]: m["ft_input"] for m in d["models"]}["gpt-3.5-turbo"] == 0.003
    code, out, _ = run(capsys, "models", "--notes")
    assert "per-1K" in out


def test_rank(capsys):
    d = run_json(
        capsys, "rank", "--monthly-tokens", "100M", "--training-tokens", "5M", "--base", "gpt-4o"
    )
    rows = d["ranking"]
    assert [r["rank"] for r in rows] == list(range(1, 15))
    assert rows[0]["id"] == "gemini-1.5-flash" and rows[0]["total_cost"] == pytest.approx(90)
    assert d["base_monthly_cost"] == pytest.approx(250)
    assert rows[-1]["total_cost"] is None  # o4-mini without hours
    code, out, _ = run(capsys, "rank", "--monthly-tokens", "100M")
    assert code == 0 and "cheapest first" in out


def test_recommend(capsys):
    d = run_json(
        capsys,
        "recommend",
        "--monthly-tokens",
        "150M",
        "--base",
        "gpt-4o",
        "--candidate",
        "gpt-4o-mini",
    )
    assert d["verdict"] == "fine-tune"
    assert d["comparison"]["monthly_savings"] == pytest.approx(330)
    d = run_json(capsys, "recommend", "--monthly-tokens", "500K", "--base", "gpt-4o")
    assert d["verdict"] == "prompt engineering"
    d = run_json(capsys, "recommend", "--monthly-tokens", "500M", "--needs-reasoning")
    assert d["verdict"] == "don't fine-tune"
    code, out, _ = run(capsys, "recommend", "--monthly-tokens", "150M", "--base", "gpt-4o")
    assert code == 0 and out.startswith("Fine-tune ")


def test_check_pricing(capsys, tmp_path):
    code, out, _ = run(capsys, "check-pricing")
    assert code == 0 and out.startswith("ok: 14 models") and "0 warnings" in out
    code, out, _ = run(capsys, "check-pricing", "article")
    assert code == 0 and "6 warnings" in out and "per-1K" in out  # one per slipped price (and gpt-3.5 training against its slipped FT price: not repeated)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[model]]\nid = "x"\ntraining = -1\n')
    code, out, _ = run(capsys, "check-pricing", str(bad))
    assert code == 1
    assert (
        "error: " in out
        and "x.training: must be ≥ 0, got -1" in out
        and "missing required field 'provider'" in out
    )


def test_user_price_file_warnings_on_stderr(capsys, tmp_path):
    f = tmp_path / "p.toml"
    f.write_text(
        '[[model]]\nid="a"\nprovider="P"\nname="A"\nstatus="active"\nchecked=2026-11-01\nsource="s"\n'
        "base_input=1\nbase_output=1\nft_input=0.001\nft_output=1\ntraining=1\n"
    )
    code, _, err = run(capsys, "models", "--prices", str(f))
    assert code == 0 and "warning:" in err and "per-1K" in err


# ------------------------------------------------------------------ errors: one line, exit 1 or 2


@pytest.mark.parametrize(
    "argv,message",
    [
        (
            [
                "breakeven",
                "--base",
                "gpt4o",
                "--candidate",
                "gpt-4o-mini",
                "--training-tokens",
                "5M",
            ],
            "unknown model 'gpt4o' — did you mean 'gpt-4o'",
        ),
        ([*BE[:-2], "--training-tokens=-5M"], "training_tokens: must be ≥ 0, got '-5M'"),
        (
            [*BE[:-1], "lots"],
            "training_tokens: expected a number (e.g. 5000000, 5e6 or 5M), got 'lots'",
        ),
        ([*BE[:-1], "nan"], "training_tokens: expected a number"),
        ([*BE, "--monthly-tokens", "inf"], "monthly_tokens: "),
        ([*BE, "--epochs", "0"], "epochs: must be between 1 and 100"),
        ([*BE, "--fallback-share", "2"], "fallback_share: must be between 0 and 1"),
        ([*BE, "--prices", "nowhere.toml"], "price file not found: nowhere.toml"),
        (["rank", "--monthly-tokens", "1M", "--base", "claude"], "unknown model 'claude'"),
        (
            ["breakeven", "--base", "gpt-4o", "--candidate", "o4-mini", "--training-tokens", "1M"],
            "o4-mini is billed $100 per training hour: give training_hours",
        ),
    ],
)
def test_user_errors(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert err.startswith("ftcost: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""


def test_bad_price_file_error_names_file_entry_field(capsys, tmp_path):
    f = tmp_path / "p.toml"
    f.write_text(
        '[[model]]\nid="a"\nprovider="P"\nname="A"\nstatus="active"\nchecked=2026-11-01\nsource="s"\nbase_input=1\nbase_output=1\nft_input=-1\nft_output=1\ntraining=1\n'
    )
    code, _, err = run(capsys, *BE, "--prices", str(f))
    assert code == 1 and "p.toml:10: a.ft_input: must be ≥ 0, got -1" in err


def test_bad_toml(capsys, tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[[model]\nid = \n")
    code, _, err = run(capsys, "models", "--prices", str(f))
    assert code == 1 and "p.toml: bad TOML: " in err and "line 1" in err


@pytest.mark.parametrize("argv", [["breakeven", "--base", "gpt-4o"], ["nonsense"], ["rank"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_every_command_has_help_with_an_example():
    parser = build_parser()
    subs = next(a for a in parser._actions if a.dest == "command")
    assert {"models", "breakeven", "rank", "recommend", "check-pricing"} <= set(subs.choices)
    for name, sub in subs.choices.items():
        text = sub.format_help()
        assert "example:" in text and f"ftcost {name}" in text, name


def test_real_processes_no_traceback(tmp_path):
    """The installed console script and `python -m ftcost` behave like main()."""
    for argv in (["ftcost"], [sys.executable, "-m", "ftcost"]):
        ok = subprocess.run([*argv, *BE, "--json"], capture_output=True, text=True, cwd=tmp_path)
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)["training_cost"] == pytest.approx(15)
        bad = subprocess.run([*argv, *BE[:-1], "-1"], capture_output=True, text=True, cwd=tmp_path)
        assert bad.returncode == 1 and "Traceback" not in bad.stderr
        assert bad.stderr.strip() == "ftcost: error: training_tokens: must be ≥ 0, got '-1'"


# ------------------------------------------------------------------ structure


def _cli_imports():
    """(module, name) for every `from ftcost.X import name` in the CLI's modules."""
    import ast
    from pathlib import Path

    import ftcost.cli

    for path in Path(ftcost.cli.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                for alias in node.names:
                    yield path.name, f"ftcost.{node.module}", alias.name


def test_the_cli_uses_only_public_names():
    """Thin commands over the library: nothing private, nothing of the writers' internals."""
    import importlib

    seen = set()
    for where, module, name in _cli_imports():
        mod = importlib.import_module(module)
        public = getattr(mod, "__all__", None)
        assert public is not None, f"{where}: {module} has no __all__"
        assert name in public or name.isupper(), f"{where}: {module}.{name} is not public"
        seen.add(module)
    assert "ftcost.report" not in seen and not any(".report." in m for m in seen)
    assert "ftcost.jobs" in seen  # the report is one library call


def test_every_scenario_field_is_a_report_option():
    """The report's options are named as the scenario fields they override (no second list)."""
    from ftcost.jobs import report_overrides
    from ftcost.scenarios import FIELDS

    report = build_parser()._subparsers._group_actions[0].choices["report"]
    dests = {a.dest for a in report._actions}
    assert set(FIELDS) - dests == {"name", "description"}
    given = vars(report.parse_args(["--epochs", "3", "--not-narrow", "--multi-task"]))
    assert report_overrides(given) == {"epochs": "3", "narrow_task": False, "multi_task": True}
