"""The `ftcost` command: output for people and machines, exit codes, one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from ftcost.cli import build_parser, main

BE = ["breakeven", "--base", "gpt-4o", "--candidate", "gpt-4o-mini", "--training-tokens", "5M"]
# The article's arithmetic, on a day when gpt-4o-mini could be fine-tuned and its fine-tune served
# the whole horizon (it retires 2027-01-14): the lifecycle takes nothing off.
BEFORE = ["--as-of", "2025-06-01"]


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
    d = run_json(capsys, *BE, "--monthly-tokens", "1M", *BEFORE)
    assert d["training_cost"] == pytest.approx(15)
    assert d["savings_per_million_tokens"] == pytest.approx(2.2)
    assert d["breakeven_tokens"] == pytest.approx(15 / 2.2 * 1e6)
    assert d["breakeven_months"] == pytest.approx(15 / 2.2)
    assert d["monthly_savings"] == pytest.approx(2.2)
    assert d["annual_savings"] == pytest.approx(26.4)
    assert d["net_savings"] == pytest.approx(11.4)
    assert d["price_set"] == "default"
    assert d["as_of"] == "2025-06-01" and d["trainable"] is True
    assert d["effective_months"] == 12 and d["breakeven_before_retirement"] is True


def test_breakeven_json_lifecycle_on_2026_12_01(capsys):
    """conftest pins 2026-12-01: gpt-4o-mini trains until 2027-01-06, retires 2027-01-14, 44 days
    later = 44 / 30.4375 = 1.4456 months served; then the base route again. Net: 1.4456 × $2.20
    saved − $15 training = −$11.82; break-even (6.82 months) after retirement: never pays back."""
    d = run_json(capsys, *BE, "--monthly-tokens", "1M")
    serve = 44 / 30.4375
    assert d["as_of"] == "2026-12-01"
    assert d["trainable"] is True
    assert (d["training_until"], d["retires"]) == ("2027-01-06", "2027-01-14")
    assert d["effective_months"] == pytest.approx(serve)
    assert d["breakeven_before_retirement"] is False
    assert d["net_savings"] == pytest.approx(serve * 2.2 - 15)
    assert round(d["net_savings"], 2) == -11.82
    # the same question asked explicitly for that day gives the same bytes
    assert run_json(capsys, *BE, "--monthly-tokens", "1M", "--as-of", "2026-12-01") == d


def test_breakeven_retired_candidate_is_not_trainable(capsys):
    d = run_json(
        capsys,
        "breakeven",
        "--base",
        "gpt-4o",
        "--candidate",
        "gpt-4.1-nano",
        "--training-tokens",
        "5M",
        "--monthly-tokens",
        "1M",
    )
    assert d["trainable"] is False and d["retires"] == "2026-10-23"
    assert d["breakeven_tokens"] is None and d["net_savings"] is None
    assert "retired on 2026-10-23" in d["reason"]
    code, out, _ = run(
        capsys,
        "breakeven",
        "--base",
        "gpt-4o",
        "--candidate",
        "gpt-4.1-nano",
        "--training-tokens",
        "5M",
        "--monthly-tokens",
        "1M",
    )
    assert code == 0 and "Pays back" not in out and "Net saving" not in out
    assert "retired on 2026-10-23" in out


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
        "--as-of",
        "2024-06-01",  # 24 months later gpt-4o-mini can still be retrained (until 2027-01-06)
    )
    # (5M × 3 + 1M) × $3 × 2 runs = $96; saving (7.50 − 0.90) × 10 = $66/month; 4 trainings
    assert d["training_cost"] == pytest.approx(96)
    assert d["monthly_savings"] == pytest.approx(66)
    assert d["trainings"] == 4
    assert d["net_savings"] == pytest.approx(24 * 66 - 4 * 96)


def test_breakeven_text(capsys):
    code, out, err = run(capsys, *BE, "--monthly-tokens", "1M", *BEFORE)
    assert code == 0 and not err
    assert out.splitlines()[0].endswith("as of 2025-06-01)")
    assert "Training cost      $15.00" in out
    assert "Break-even         6.82M tokens: 6.82 months of traffic at 1M tokens/month" in out
    assert "Pays back          in 6.82 months, before it retires on 2027-01-14" in out
    assert "(annual, gross: $26.40)" in out
    assert "Net saving         $11.40 over 12 months" in out
    assert "Serves" not in out  # the whole horizon


def test_breakeven_text_lifecycle(capsys):
    code, out, err = run(capsys, *BE, "--monthly-tokens", "1M")
    assert code == 0 and not err
    assert out.splitlines()[0].endswith("as of 2026-12-01)")
    assert (
        "Availability       OpenAI accepts new fine-tuning jobs for gpt-4o-mini only until 2027-01-06"
        in out
    )
    assert "Serves             1.45 of 12 months (retires 2027-01-14), then back on gpt-4o" in out
    assert "Pays back          never: it retires on 2027-01-14, 1.45 months in" in out
    assert "Net saving         -$11.82 over 12 months" in out
    assert "pays back in" not in out


def test_breakeven_payback_under_a_month_in_days(capsys):
    # 6.82M tokens at 100M a month: 0.0682 months × 30.4375 = 2.08 days → "2 days"
    code, out, _ = run(capsys, *BE, "--monthly-tokens", "100M", *BEFORE)
    assert code == 0
    assert "Pays back          in 2 days" in out
    # at 10B a month: 0.000682 months = 0.02 days
    _, out, _ = run(capsys, *BE, "--monthly-tokens", "10B", *BEFORE)
    assert "Pays back          in < 1 day" in out


# ------------------------------------------------------------------ other commands


def test_models(capsys):
    code, out, _ = run(capsys, "models")
    assert code == 0
    assert out.startswith("32 models (prices: default 2026.12.01, as of 2026-12-01;")
    assert "Available until" in out
    nano = next(line for line in out.splitlines() if line.startswith("gpt-4.1-nano "))
    assert "retired 2026-10-23" in nano and "$0.10" in nano
    mini = next(line for line in out.splitlines() if line.startswith("gpt-4o-mini "))
    assert "closing" in mini and "2027-01-06" in mini
    mistral = next(line for line in out.splitlines() if line.startswith("mistral-small-4 "))
    assert "closed" in mistral
    # before its retirement, gpt-4.1-nano (status deprecated: fine-tuning no longer offered) is closed
    code, out, _ = run(capsys, "models", "--as-of", "2025-06-01")
    nano = next(line for line in out.splitlines() if line.startswith("gpt-4.1-nano "))
    assert "retired" not in nano and "closed" in nano
    mini = next(line for line in out.splitlines() if line.startswith("gpt-4o-mini "))
    assert "2027-01-06" in mini
    d = run_json(capsys, "models", "--prices", "article")
    assert len(d["models"]) == 10
    assert {m["id"]: m["ft_input"] for m in d["models"]}["gpt-3.5-turbo"] == 0.003
    code, out, _ = run(capsys, "models", "--notes")
    assert "per-1K" in out


# not trainable on 2026-12-01 (pricing/default): retired 2026-10-23 (gpt-3.5-turbo, gpt-4.1-nano,
# o4-mini), Gemini 1.5 Flash/Pro and the four Vertex Gemini 2.x entries retired, Mistral Small 4 /
# Large 3 closed, Command R+ retired: 12 of the 32 models.
UNAVAILABLE = {
    "azure-gpt-4.1-mini-developer",  # production = false: an evaluation offer
    "gpt-3.5-turbo",
    "gpt-4.1-nano",
    "o4-mini",
    "gemini-1.5-flash",
    "gemini-1.5-pro",
    "vertex-gemini-2.5-pro",
    "vertex-gemini-2.5-flash",
    "vertex-gemini-2.5-flash-lite",
    "vertex-gemini-2.0-flash",
    "mistral-large-3",
    "mistral-small-4",
    "command-r-plus",
}


def test_rank(capsys):
    d = run_json(
        capsys, "rank", "--monthly-tokens", "100M", "--training-tokens", "5M", "--base", "gpt-4o"
    )
    rows = d["ranking"]
    assert d["as_of"] == "2026-12-01"
    assert [r["rank"] for r in rows] == list(range(1, 20))  # 32 − 13 unavailable
    assert {u["id"] for u in d["unavailable"]} == UNAVAILABLE
    assert not UNAVAILABLE & {r["id"] for r in rows}
    # Together's Llama 3.1 8B LoRA: training 5M × $0.48 = $2.40, route $0.18 × 100 = $18/month,
    # 12 months = $216 + $2.40 = $218.40
    # Bedrock's Nova Micro before it: 5M × $1 + 12 × (100 × $0.035 + $1.95 storage) = $70.40
    assert rows[0]["id"] == "bedrock-nova-micro" and rows[0]["total_cost"] == pytest.approx(70.4)
    assert rows[1]["id"] == "llama-3.1-8b" and rows[1]["total_cost"] == pytest.approx(218.4)
    assert d["base_monthly_cost"] == pytest.approx(250)  # 100M × $2.50
    code, out, _ = run(capsys, "rank", "--monthly-tokens", "100M")
    assert code == 0 and "cheapest first" in out and "as of 2026-12-01" in out
    assert "Available until" in out
    assert "Not ranked: not trainable on 2026-12-01 (--include-unavailable to rank them):" in out
    assert "  gpt-4.1-nano (retired): gpt-4.1-nano retired on 2026-10-23" in out
    d = run_json(capsys, "rank", "--monthly-tokens", "100M", "--include-unavailable")
    assert len(d["ranking"]) == 32
    nano = next(r for r in d["ranking"] if r["id"] == "gpt-4.1-nano")
    assert nano["trainable"] is False and nano["state"] == "retired"


def test_rank_available_until_column(capsys):
    _, out, _ = run(
        capsys, "rank", "--monthly-tokens", "100M", "--include-unavailable", "--base", "gpt-4o"
    )
    lines = {line.split()[1]: line for line in out.splitlines() if line[:3].strip().isdigit()}
    assert "2027-01-06" in lines["gpt-4o-mini"]
    assert "retired 2026-10-23" in lines["gpt-4.1-nano"]
    assert " closed " in lines["mistral-small-4"]
    assert " open " in lines["llama-3.1-8b"]


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
    assert code == 0 and out.startswith("ok: 32 models") and "0 warnings" in out
    code, out, _ = run(capsys, "check-pricing", "article")
    assert (
        code == 0 and "6 warnings" in out and "per-1K" in out
    )  # one per slipped price (and gpt-3.5 training against its slipped FT price: not repeated)
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
            ["rank"],
            "monthly_tokens: give --monthly-tokens (e.g. 100M) or --monthly-spend (e.g. 5000)",
        ),
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


@pytest.mark.parametrize(
    "argv", [["breakeven", "--base", "gpt-4o"], ["nonsense"], ["rank", "--base"]]
)
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


# ------------------------------------------------------------------ as-of date


@pytest.mark.parametrize("value", ["2026/12/01", "20261201", "2026-13-01", "yesterday", " "])
def test_as_of_other_forms_are_one_line_errors(capsys, value):
    code, out, err = run(capsys, *BE, "--as-of", value)
    assert code == 1 and out == ""
    assert err.startswith("ftcost: error: as_of: ") and err.count("\n") == 1


def test_as_of_implausible_year(capsys):
    code, _, err = run(capsys, *BE, "--as-of", "1999-01-01")
    assert code == 1 and "before 2020 or after 2100" in err


def test_as_of_defaults_to_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("FTCOST_AS_OF", "2025-06-01")
    assert run_json(capsys, *BE)["as_of"] == "2025-06-01"


@pytest.mark.parametrize(
    "argv",
    [
        ["models"],
        [*BE],
        ["rank", "--monthly-tokens", "1M"],
        ["recommend", "--monthly-tokens", "1M", "--base", "gpt-4o"],
        ["grade", "--model", "gpt-4o", "--monthly-tokens", "1M"],
        ["alternatives", "--base", "gpt-4o", "--monthly-tokens", "1M"],
        ["check-pricing"],
    ],
)
def test_every_answer_says_its_as_of_date(capsys, argv):
    code, out, _ = run(capsys, *argv, "--as-of", "2026-11-30")
    assert code == 0 and "as of 2026-11-30" in out.splitlines()[0] + out.splitlines()[-1]
    assert run_json(capsys, *argv, "--as-of", "2026-11-30")["as_of"] == "2026-11-30"


# ------------------------------------------------------------------ monthly spend, any base model

SPEND = "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"


def test_monthly_spend_breakeven(capsys):
    # $5,000 / $2.50 per 1M = 2,000M tokens a month
    d = run_json(capsys, *BE, "--monthly-spend", "5000")
    assert d["monthly_tokens"] == pytest.approx(2e9)
    assert d["spend_text"] == SPEND
    code, out, _ = run(capsys, *BE, "--monthly-spend", "$5,000")
    assert code == 0 and out.splitlines()[0] == SPEND


def test_monthly_spend_rank_and_recommend(capsys):
    d = run_json(capsys, "rank", "--monthly-spend", "5000", "--base", "gpt-4o")
    assert d["monthly_tokens"] == pytest.approx(2e9) and d["spend_text"] == SPEND
    assert d["base_monthly_cost"] == pytest.approx(5000)
    d = run_json(capsys, "recommend", "--monthly-spend", "5000", "--base", "gpt-4o")
    assert d["spend_text"] == SPEND and d["option"]["monthly_cost"] > 0


@pytest.mark.parametrize(
    "argv,message",
    [
        (
            [*BE, "--monthly-spend", "5000", "--monthly-tokens", "1M"],
            "monthly_spend: give --monthly-spend or --monthly-tokens, not both",
        ),
        (
            [*BE, "--monthly-tokens", "$5000"],
            "monthly_tokens: '$5000' looks like money: use --monthly-spend",
        ),
        (
            [*BE, "--monthly-tokens", "5000 USD"],
            "monthly_tokens: '5000 USD' looks like money: use --monthly-spend",
        ),
        ([*BE, "--monthly-spend", "0"], "monthly_spend: a monthly spend must be more than $0"),
        ([*BE, "--monthly-spend", "-5"], "monthly_spend: a monthly spend must be more than $0"),
        ([*BE, "--monthly-spend", "5000 EUR"], "monthly_spend: ftcost works in US dollars"),
        (
            ["rank", "--monthly-spend", "5000"],
            "monthly_spend: needs --base, the model the money is spent on",
        ),
    ],
)
def test_monthly_spend_errors(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert message in err, err


def test_any_current_model_as_base(capsys):
    """gpt-5.4 is not in ftcost's catalog: its base prices come from genai-prices ($2.50/1M
    input); it is never ranked as a model to fine-tune."""
    d = run_json(
        capsys, "breakeven", "--base", "gpt-5.4", "--candidate", "gpt-4o-mini",
        "--training-tokens", "5M", "--monthly-spend", "5000",
    )  # fmt: skip
    assert d["base"] == "gpt-5.4" and d["base_per_million"] == pytest.approx(2.5)
    assert d["monthly_tokens"] == pytest.approx(2e9)
    d = run_json(capsys, "rank", "--monthly-tokens", "1M", "--base", "gpt-5.4")
    assert d["base"] == "gpt-5.4" and "gpt-5.4" not in {r["id"] for r in d["ranking"]}
    assert [r["rank"] for r in d["ranking"]] == list(range(1, len(d["ranking"]) + 1))


def test_base_did_you_mean_from_both_catalogs(capsys):
    code, _, err = run(capsys, "grade", "--model", "claude-sonet-4-5", "--monthly-tokens", "1M")
    assert code == 1 and "did you mean 'claude-sonnet-4-5'" in err  # genai-prices' name
    code, _, err = run(capsys, "grade", "--model", "gpt4o-mini", "--monthly-tokens", "1M")
    assert code == 1 and "did you mean 'gpt-4o-mini'" in err  # ftcost's


# ------------------------------------------------------------------ grade and alternatives


def test_grade_json(capsys):
    """$5,000 a month on gpt-4o = 2,000M tokens; gpt-5-nano's input at $0.05/1M costs $100 a
    month: 98% saved → F (70% and more)."""
    d = run_json(capsys, "grade", "--model", "gpt-4o", "--monthly-spend", "5000")
    assert d["grade"] == "F"
    assert d["monthly_cost"] == pytest.approx(5000)
    assert d["best_option"] == "switch to gpt-5-nano"
    assert d["best_monthly_cost"] == pytest.approx(100)
    assert d["saving_share"] == pytest.approx(0.98)
    assert d["as_of"] == "2026-12-01" and d["spend_text"] == SPEND
    kinds = {o["kind"] for o in d["options"]}
    assert kinds == {"stay", "switch", "fine-tune", "route"}
    # the options are the engine's: fine-tune azure-llama-3.3-70b (no dates) at 2,000M ×
    # $0.71 = $1,420 + $0.30 × 730 = $219 hosting a month, plus 5M × $4.50 training:
    # 22.50 + 12 × 1,639 = $19,690.50
    ft = next(o for o in d["options"] if o["model"] == "azure-llama-3.3-70b")
    assert ft["horizon_cost"] == pytest.approx(22.5 + 12 * 1639)
    assert not any(o["model"] == "azure-gpt-4.1-mini-developer" for o in d["options"])
    left = {x["what"]: x["why"] for x in d["left_out"]}
    assert "for evaluation, not production" in left["fine-tune azure-gpt-4.1-mini-developer"]
    assert "not trainable on 2026-12-01" in left["fine-tune gpt-4.1-nano"]
    assert "unverified" in left["fine-tune llama-3.1-8b"]


def test_grade_text_says_what_it_left_out(capsys):
    code, out, _ = run(capsys, "grade", "--base", "gpt-4o", "--monthly-spend", "5000")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == SPEND
    assert (
        lines[1] == "API Cost Score for gpt-4o: F  (prices: default 2026.12.01, as of 2026-12-01)"
    )
    assert "  You pay            $5,000.00/month" in lines
    assert "  Best option        switch to gpt-5-nano: $100.00/month" in lines
    assert "  Saving             $4,900.00/month, 98% of today's cost" in lines
    assert "Left out (19):" in lines  # 13 not trainable on 2026-12-01, 6 unverified
    assert "  fine-tune llama-3.1-8b: prices unverified: include_unverified to weigh them" in lines  # fmt: skip
    d = run_json(
        capsys, "grade", "--model", "gpt-4o", "--monthly-spend", "5000", "--include-unverified"
    )
    assert not any("unverified" in x["why"] for x in d["left_out"])
    assert len(d["left_out"]) == 13  # only the models not trainable on 2026-12-01


def test_grade_needs_a_volume(capsys):
    code, _, err = run(capsys, "grade", "--model", "gpt-4o")
    assert code == 1 and "monthly_tokens: give --monthly-tokens" in err


def test_alternatives(capsys):
    """100M tokens a month on gpt-4o ($2.50/1M = $250 a month, $3,000 over 12 months)."""
    d = run_json(capsys, "alternatives", "--base", "gpt-4o", "--monthly-tokens", "100M")
    assert d["as_of"] == "2026-12-01"
    assert {o["kind"] for o in d["options"]} == {"stay", "prompt", "rag", "route", "fine-tune"}
    by = {o["label"]: o for o in d["options"]}
    assert by["stay on gpt-4o"]["horizon_cost"] == pytest.approx(3000)
    # the cheapest fine-tune is gpt-4o-mini (15 + 1.4456 × 30 + 10.554 × 250 = $2,696.97);
    # 70% routed to it at its base $0.15/1M, 30% on gpt-4o: 10.50 + 75 = $85.50 a month
    route = by["route 70% to gpt-4o-mini"]
    assert route["monthly_cost"] == pytest.approx(85.5) and route["horizon_cost"] == pytest.approx(
        1026
    )
    # RAG: 100K searches × $0.00001 + 100M × $0.10/1M embedding + $250 generation
    #      + 100K × 2,000 context tokens × $2.50/1M = 1 + 10 + 250 + 500 = $761
    assert by["RAG on gpt-4o"]["monthly_cost"] == pytest.approx(761)
    code, out, _ = run(capsys, "alternatives", "--base", "gpt-4o", "--monthly-tokens", "100M")
    assert code == 0
    assert out.splitlines()[0] == (
        "Alternatives to gpt-4o for 100M tokens/month over 12 months, cheapest first "
        "(prices: default 2026.12.01, as of 2026-12-01)"
    )
    route_line = next(line for line in out.splitlines() if "route 70%" in line)
    # the cheapest of the options shown: $1,026 under fine-tuning's $2,696.97 and staying's $3,000
    assert route_line.startswith("1  route 70% to gpt-4o-mini ")
    assert "$85.50" in route_line
    assert "$1,026.00" in out and "Shown: the cheapest of each kind" in out
    code, every, _ = run(
        capsys, "alternatives", "--base", "gpt-4o", "--monthly-tokens", "100M", "--all"
    )
    assert len(every.splitlines()) > len(out.splitlines())


# ------------------------------------------------------------------ recommend: one recommendation


def test_recommend_names_the_alternative_and_why_not_cheapest(capsys):
    code, out, _ = run(capsys, "recommend", "--monthly-tokens", "500M", "--base", "gpt-4o",
                       "--needs-reasoning")  # fmt: skip
    assert code == 0
    assert out.startswith("Don't fine-tune")
    # 500M × $2.50 = $1,250 a month, $15,000 over 12 months
    assert "Instead: stay on gpt-4o: $1,250.00/month, $15,000.00 over 12 months" in out
    assert "Not the cheapest: Switching to gpt-5-nano" in out
    assert "Left out (19):" in out  # with the reason of each
    assert "  fine-tune o4-mini: not trainable on 2026-12-01: o4-mini retired on 2026-10-23" in out
    d = run_json(capsys, "recommend", "--monthly-tokens", "500M", "--base", "gpt-4o",
                 "--needs-reasoning")  # fmt: skip
    assert d["option"]["label"] == "stay on gpt-4o"
    assert d["why_not_cheapest"].startswith("Switching to gpt-5-nano")
    assert d["as_of"] == "2026-12-01"


# ------------------------------------------------------------------ check-pricing


def test_check_pricing_against_genai_prices(capsys):
    code, out, _ = run(capsys, "check-pricing", "--against", "genai-prices")
    assert code == 0 and "no base price disagrees with genai-prices" in out
    # the article printed GPT-3.5 Turbo's per-1K $0.003 as per 1M; OpenAI's price is $0.50
    code, out, _ = run(capsys, "check-pricing", "article", "--against", "genai-prices")
    assert code == 0
    assert (
        "  gpt-3.5-turbo: base_input ftcost $0.003, genai-prices $0.5 (openai/gpt-3.5-turbo)" in out
    )
    d = run_json(capsys, "check-pricing", "article", "--against", "genai-prices")
    assert {(x["model"], x["field"]) for x in d["disagreements"]} == {
        ("gpt-3.5-turbo", "base_input")
    }


def test_check_pricing_lists_an_overlays_overrides(capsys, tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(
        '[price_set]\nname = "mine"\nextends = "default"\n\n'
        '[[model]]\nid = "gpt-4o"\nbase_input = 3.0\nsource = "our contract"\n'
    )
    code, out, _ = run(capsys, "check-pricing", str(f), "--against", "genai-prices")
    assert code == 0
    assert "override: " in out and "gpt-4o: base_input 2.5 → 3.0" in out
    assert "  gpt-4o: base_input ftcost $3, genai-prices $2.5 (openai/gpt-4o)" in out
    assert out.splitlines()[-1].endswith("0 warnings, 1 override (as of 2026-12-01)")
    assert run_json(capsys, "check-pricing", str(f))["overrides"][0].endswith("our contract")


# ------------------------------------------------------------------ values starting with "-"


@pytest.mark.parametrize(
    "argv,message",
    [
        ([*BE, "--monthly-tokens", "-5M"], "monthly_tokens: must be ≥ 0, got '-5M'"),
        ([*BE, "--output-ratio", "-1"], "output_ratio: must be ≥ 0, got '-1'"),
        ([*BE, "--months", "-3"], "months: must be between 1 and 1200, got '-3'"),
        ([*BE[:-1], "-5M"], "training_tokens: must be ≥ 0, got '-5M'"),
        (["rank", "--monthly-tokens", "1M", "--base", "-x"], "unknown model '-x'"),
        ([*BE, "--output-ratio", "30%"], "output_ratio: expected a number (e.g. 0.5), got '30%'"),
        (
            [*BE, "--cached-share", "5M"],
            "cached_share: expected a share (e.g. 0.3 or 30%), got '5M'",
        ),
    ],
)
def test_values_starting_with_a_dash_reach_validation(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err == f"ftcost: error: {message}\n" or (message in err and err.count("\n") == 1)


def test_a_title_may_start_with_a_dash():
    from ftcost.cli import attach_values

    parser = build_parser()
    args = parser.parse_args(attach_values(["report", "--example", "--title", "-2+3"], parser))
    assert args.title == "-2+3"
    # an option after an option that wants a value stays an option: a usage error, as before
    assert attach_values(["rank", "--base", "--json"], parser) == ["rank", "--base", "--json"]


def test_error_messages_escape_control_characters_and_cut_long_values(capsys):
    code, _, err = run(capsys, *BE[:4], "mini\x1b[31m", *BE[5:])
    assert code == 1 and "'mini\\x1b[31m'" in err and "\x1b" not in err
    code, _, err = run(capsys, "rank", "--monthly-tokens", "1M", "--base", "q\nzzz")
    assert code == 1 and err.count("\n") == 1 and "q\\nzzz" in err
    code, _, err = run(capsys, "rank", "--monthly-tokens", "1M", "--base", "x" * 100_000)
    assert code == 1 and len(err) < 400 and "(100,002 characters)" in err  # with its quotes


def test_percentages_have_thousands_separators(capsys):
    # 1M tokens of gpt-4o-mini: $0.15 a month, $1.80 over 12 months. Fine-tuning gpt-4.1-mini:
    # $25 training + 44/30.4375 months × $0.80 + the other 10.554 months × $0.15 = $27.74,
    # (1.80 − 27.74) / 1.80 = −14.41 → "-1,441%"
    code, out, _ = run(capsys, "alternatives", "--base", "gpt-4o-mini", "--monthly-tokens", "1M",
                       "--all")  # fmt: skip
    assert code == 0 and not re.search(r"\d{4}%", out)
    line = next(x for x in out.splitlines() if "fine-tune gpt-4.1-mini " in x)
    assert "$27.74" in line and " -1,441% " in line


def test_dataset_says_its_as_of_date(capsys):
    from pathlib import Path

    path = str(Path(__file__).parent / "data" / "dataset_hand.jsonl")
    code, out, _ = run(capsys, "dataset", path)
    assert code == 0 and out.splitlines()[0].endswith(", as of 2026-12-01)")
    assert "retired on 2025-09-15" in out  # command-r-plus, on that day
    assert run_json(capsys, "dataset", path)["as_of"] == "2026-12-01"


def test_include_unavailable_never_recommends_what_cannot_be_trained(capsys):
    from ftcost.lifecycle import availability, parse_as_of
    from ftcost.pricing import load_prices

    ps, day = load_prices("default"), parse_as_of("2026-12-01")
    for argv in (
        ["recommend", "--monthly-tokens", "150M", "--base", "gpt-4o", "--include-unavailable"],
        ["grade", "--model", "gpt-4o", "--monthly-tokens", "150M", "--include-unavailable"],
    ):
        d = run_json(capsys, *argv)
        models = [o["model"] for o in d["options"] if o["kind"] == "fine-tune"]
        assert models and all(availability(ps.get(m), day).trainable for m in models)


def test_available_until_cell():
    import datetime as dt

    from ftcost.cli.common import available_until

    d1, d2 = dt.date(2027, 1, 6), dt.date(2027, 1, 14)
    assert available_until("closing", d1, d2) == "2027-01-06"
    assert available_until("closing", None, d2) == "2027-01-14 (retires)"
    assert available_until("active", None, None) == "open"
    assert available_until("unverified", None, None) == "open"
    assert available_until("closed", d1, d2) == "closed"
    assert available_until("retired", None, d2) == "retired 2027-01-14"


def test_grade_claude_sonnet_from_the_bill(capsys):
    """ "$20,000 a month on claude-sonnet-4-5" (genai-prices: $3.00/1M input) = 6,666.7M tokens;
    gpt-5-nano at $0.05/1M would cost 6,666.7 × 0.05 = $333.33: 98.3% saved → F."""
    d = run_json(capsys, "grade", "--model", "claude-sonnet-4-5", "--monthly-spend", "$20,000")
    assert d["spend_text"] == (
        "$20,000/month on claude-sonnet-4-5 = 6,667M input tokens/month at $3.00/1M"
    )
    assert d["monthly_cost"] == pytest.approx(20_000)
    assert d["best_option"] == "switch to gpt-5-nano"
    assert d["best_monthly_cost"] == pytest.approx(20_000 / 3.0 * 0.05)
    assert d["saving_share"] == pytest.approx(1 - 0.05 / 3.0)
    assert d["grade"] == "F"
    d = run_json(capsys, "alternatives", "--base", "claude-sonnet-4-5", "--monthly-spend", "20000")
    assert d["current"] == "claude-sonnet-4-5"
    assert {o["kind"] for o in d["options"]} == {"stay", "prompt", "rag", "route", "fine-tune"}
