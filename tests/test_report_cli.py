"""`ftcost report` as a command: options, overrides, progress, the README's section and example,
and the README's first command from an installed wheel on a clean venv."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from _reportbook import Report
from conftest import clean_env
from ftcost.cli import main
from ftcost.dataset import plan_from_file
from ftcost.scenarios import FIELDS, read_scenarios

ROOT = Path(__file__).resolve().parents[1]


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Headless report")
    return text[start : text.index("\n## ", start + 1)]


# ----------------------------------------------------------------- README


def test_readme_lists_every_scenario_field():
    rows = re.findall(r"^\| `(\w+)` \| (.*) \|$", _readme_section(), re.M)
    assert dict(rows) == FIELDS


def test_readme_scenario_example_is_a_valid_file(tmp_path):
    block = re.search(r"```toml\n(.*?)```", _readme_section(), re.S).group(1)
    p = tmp_path / "readme.toml"
    p.write_text(block, encoding="utf-8")
    f = read_scenarios(p)
    assert [s.name for s in f.scenarios] == [
        "Pilot: 1M tokens a month",
        "Rollout: 20M tokens a month",
    ]
    assert f.scenarios[1].plan.epochs == 3 and f.scenarios[1].workload.output_ratio == 0.3
    assert tomllib.loads(block)["defaults"]["base"] == "gpt-4o"


def test_readme_example_output_is_what_it_prints(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--example", "-o", "report.xlsx"]) == 0
    printed = capsys.readouterr().out
    block = re.search(r"It prints\n\n```text\n(.*?)```", _readme_section(), re.S).group(1)
    assert printed == block


def test_readme_commands_parse(tmp_path, monkeypatch):
    from ftcost.cli import build_parser

    for line in re.findall(r"^(ftcost report [^\n#]*)", _readme_section(), re.M):
        args = build_parser().parse_args(line.split()[1:])
        assert args.func.__name__ == "cmd_report", line


def test_example_scenario_file_runs(tmp_path):
    src = ROOT / "workbook" / "example-scenarios.toml"
    out = tmp_path / "s.xlsx"
    assert main(["report", str(src), "-o", str(out), "-q"]) == 0
    rep = Report(out)
    assert rep.sheets[0] == "Scenarios"
    assert [s.title for s in rep.sections("Summary")] == [
        f"Scenario {i} of 4: {s.name}" for i, s in enumerate(read_scenarios(src).scenarios, 1)
    ]
    # the "all" scenario picks the cheapest route with first-hand prices trainable on 2026-12-01
    # other than GPT-4o (150M × ($2.50 + 0.3 × $10) = $825 a month): Azure's Llama 3.3 70B,
    # 150M × $0.71 × 1.3 = $138.45 + $0.30 × 730 = $219 hosting a month, 22.50 + 12 × 357.45
    # = $4,311.90 over 12 months; gpt-4o-mini serves 1.4456 months at 150M × ($0.30 + 0.3 ×
    # $1.20) = $99: 15 + 1.4456 × 99 + 10.554 × 825 = $8,865.51; Azure's hosted GPTs pay $1,241
    # a month hosting, more than GPT-4o costs. (Azure's developer tier, with no hosting fee, is
    # an evaluation offer; the other Llama entries' prices are second-hand, weighed only when
    # asked.)
    rows = {r[1]: r for r in rep.wb["Scenarios"].iter_rows(values_only=True)}
    assert rows["At scale: cheapest model to fine-tune"][3] == "azure-llama-3.3-70b (picked)"
    assert rows["Pilot: 1M tokens a month"][3] == "gpt-4o-mini"


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "ftcost report --example -o report.xlsx" in out
    assert "--candidate MODEL|all" in out and "--force" in out and "--sensitivity-volumes" in out


# ----------------------------------------------------------------- options


def test_options_alone(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["report", "--base", "gpt-4o", "--monthly-tokens", "150M", "-o", str(out)]) == 0
    assert "gpt-4o → the cheapest fine-tuned route, 150M tokens/month" in capsys.readouterr().out
    v = Report(out).section("Summary").labelled()
    assert v["Training tokens"] == 5_000_000  # the documented default
    assert v["Fine-tuned candidate"] != "gpt-4o"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--monthly-tokens", "1M"], "--base: give the model you use now"),
        (["--base", "gpt-4o"], "--monthly-tokens: the report needs a monthly volume"),
        (["--example", "x.toml"], "give INPUT or --example, not both"),
        (["--example", "--output-ratio", "-1"], "--output-ratio: must be ≥ 0"),
        (["--example", "--route-to", "gemini flsh"], "--route-to: unknown model 'gemini flsh'"),
        (
            ["--example", "--sensitivity-volumes", "1M,1M"],
            "--sensitivity-volumes: values must be different",
        ),
        (["--example", "--simple-share", "150%"], "--simple-share: must be between 0 and 1"),
        (["--example", "--rag-model", "gpt-4.2"], "--rag-model: unknown model 'gpt-4.2'"),
        (["--example", "--high-volume", "500K"], "--high-volume: 500K is below low_volume (1M)"),
        (["--example", "--router-price", "-1"], "--router-price: must be ≥ 0, got '-1'"),
        (["--example", "--rag-requests", "0"], "--rag-requests: RAG needs the number of requests"),
    ],
)
def test_option_mistakes(tmp_path, capsys, argv, words):
    out = tmp_path / "r.xlsx"
    assert main(["report", *argv, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1, err
    assert not out.exists()


def test_options_override_the_example(tmp_path):
    out = tmp_path / "r.xlsx"
    argv = ["--example", "--monthly-tokens", "100M", "--output-ratio", "0.5", "--epochs", "2"]
    assert (
        main(["report", *argv, "--sensitivity-output-ratios", "0,0.5,1", "-o", str(out), "-q"]) == 0
    )
    rep = Report(out)
    v = rep.section("Summary").labelled()
    assert v["Monthly volume (input tokens)"] == 100_000_000
    assert v["Output ratio"] == 0.5 and v["Epochs"] == 2
    # 2 epochs × 5M × $3; 100M a month with half as many output tokens: 100 × ($2.50 + 0.5 × $10)
    assert v["Training cost"] == pytest.approx(30)
    assert v["Monthly cost now (base route)"] == pytest.approx(100 * (2.50 + 0.5 * 10))
    assert v["Monthly cost fine-tuned"] == pytest.approx(100 * (0.30 + 0.5 * 1.20))
    headers, _ = rep.section("Sensitivity").table("Monthly input tokens")
    assert headers[1:] == ["output ratio 0", "output ratio 0.5", "output ratio 1"]


def test_decision_and_alternatives_options(tmp_path, capsys, prices):
    from ftcost import engine
    from ftcost.model import TrainingPlan, Workload

    out = tmp_path / "r.xlsx"
    argv = ["--base", "gpt-4o", "--monthly-tokens", "50M", "--priority", "inference",
            "--high-volume", "40M", "--low-volume", "2M", "--prompt-model", "gpt-4.1",
            "--rag-model", "gpt-4.1-mini", "--rag-requests", "25K", "--rag-context-tokens", "3000",
            "--rag-embedding-price", "0.13", "--rag-search-price", "0.0002",
            "--rag-corpus-tokens", "40M", "--route-to", "gpt-4.1-nano", "--route-premium",
            "gpt-4.1", "--simple-share", "55%", "--router-price", "0.03"]  # fmt: skip
    assert main(["report", *argv, "-o", str(out), "-q"]) == 0
    plan, w = TrainingPlan("5M"), Workload(monthly_tokens="50M")
    d = engine.decide(
        "50M", base="gpt-4o", plan=plan, priority="inference", high_volume="40M",
        low_volume="2M", prices=prices,
    )  # fmt: skip
    rep = Report(out)
    v = rep.section("Summary").labelled()
    # priority inference: the lowest fine-tuned price per token among the models trainable on
    # 2026-12-01 — Azure's gpt-4o-mini at $0.15/1M input (pricing/default), not cost's llama-3.1-8b
    assert v["Fine-tuned candidate"] == d.candidate == "azure-gpt-4o-mini"
    assert v["Recommendation"] == d.headline and "≥40M/month" in v["Why"]
    _, rows = rep.section("Alternatives").table("Option")
    by = {r[0]: r[1:4] for r in rows}
    pe = engine.prompt_engineering_cost("gpt-4.1", w, prices)
    rag = engine.rag_cost(
        "gpt-4.1-mini", w, requests=25_000, context_tokens=3000, embedding_per_million=0.13,
        search_per_query=0.0002, corpus_tokens=4e7, prices=prices,
    )  # fmt: skip
    route = engine.routing_cost(
        "gpt-4.1-nano", "gpt-4.1", w, simple_share=0.55, router_per_million=0.03, prices=prices
    )
    assert by["Prompt engineering"] == (
        "gpt-4.1",
        pytest.approx(pe.monthly_cost),
        pytest.approx(pe.per_million),
    )
    assert by["RAG (retrieval-augmented generation)"] == (
        "gpt-4.1-mini", pytest.approx(rag.monthly_cost), pytest.approx(rag.per_million)
    )  # fmt: skip
    assert by["Multi-model routing"] == (
        "gpt-4.1-nano + gpt-4.1", pytest.approx(route.monthly_cost), pytest.approx(route.per_million)
    )  # fmt: skip
    # one way to count RAG's requests at a time
    with pytest.raises(SystemExit) as e:
        main(["report", "--example", "--request-tokens", "500", "--rag-requests", "5K"])
    assert e.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_training_file(tmp_path, capsys):
    data = ROOT / "tests" / "data" / "dataset_hand.jsonl"
    out = tmp_path / "r.xlsx"
    argv = ["report", "--base", "gpt-4o", "--candidate", "gpt-4o-mini", "--monthly-tokens", "1M"]
    assert main([*argv, "--training-file", str(data), "-o", str(out), "-q"]) == 0
    plan, _ = plan_from_file(data, "gpt-4o-mini")
    v = Report(out).section("Summary").labelled()
    assert v["Training tokens"] == plan.training_tokens
    assert v["Epochs"] == plan.epochs  # OpenAI's default for the file's examples
    assert capsys.readouterr().err.startswith("ftcost: ")  # where the figures came from


def test_prices_relative_to_the_scenario_file(tmp_path, monkeypatch):
    d = tmp_path / "case"
    d.mkdir()
    entry = (
        '[[model]]\nid = "{id}"\nprovider = "House"\nname = "{id}"\nstatus = "active"\n'
        'checked = 2026-11-01\nsource = "our contract"\nbase_input = {p}\nbase_output = {p}\n'
        "ft_input = {p}\nft_output = {p}\ntraining = 1\n"
    )
    (d / "rates.toml").write_text(
        entry.format(id="house-big", p=4) + entry.format(id="house-small", p=1)
    )
    (d / "s.toml").write_text(
        'prices = "rates.toml"\n[[scenario]]\nbase = "house-big"\ncandidate = "house-small"\n'
        'training_tokens = "1M"\nmonthly_tokens = "1M"\n'
    )
    monkeypatch.chdir(tmp_path)  # not the file's folder
    assert main(["report", "case/s.toml", "-o", "r.xlsx", "-q"]) == 0
    rep = Report(tmp_path / "r.xlsx")
    kv = {r[0].value: r[1].value for r in rep.wb["Assumptions"].iter_rows(max_col=2)}
    assert kv["Price data read from"].endswith("rates.toml")
    v = rep.section("Summary").labelled()
    assert v["Training cost"] == pytest.approx(1.0)  # 1M tokens × $1
    assert v["Monthly saving"] == pytest.approx(3.0)  # 1M × ($4 − $1)


# ----------------------------------------------------------------- progress


def _many(tmp_path: Path, n: int) -> Path:
    p = tmp_path / f"many{n}.toml"
    lines = ['[defaults]\nbase = "gpt-4o"\ncandidate = "gpt-4o-mini"\ntraining_tokens = "5M"\n']
    lines += [
        f'[[scenario]]\nname = "S{i}"\nmonthly_tokens = {1e6 * (i + 1):g}\n' for i in range(n)
    ]
    p.write_text("\n".join(lines))
    return p


def test_progress_on_long_runs_only(tmp_path, capsys):
    big = _many(tmp_path, 120)
    assert main(["report", str(big), "-o", str(tmp_path / "big.xlsx")]) == 0
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert err[0] == "ftcost: computed 12/120 scenarios"
    assert "ftcost: computed 120/120 scenarios" in err
    assert err[-1] == "ftcost: wrote sheet Scenarios (7/7)"
    assert "… and 115 more (see the Scenarios sheet)" in captured.out
    assert main(["report", str(big), "-o", str(tmp_path / "q.xlsx"), "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["report", str(_many(tmp_path, 3)), "-o", str(tmp_path / "s.xlsx")]) == 0
    assert capsys.readouterr().err == ""
    # charts for the first CHART_LIMIT scenarios only, and the sheets say so
    rep = Report(tmp_path / "big.xlsx")
    assert "Charts are drawn for the first 50 scenarios" in rep.wb["Break-even"]["A4"].value
    charts = [
        n
        for n in zipfile.ZipFile(tmp_path / "big.xlsx").namelist()
        if n.startswith("xl/charts/chart")
    ]
    assert len(charts) == 3 * 50


# ----------------------------------------------------------------- the CLI stays light


def test_other_commands_do_not_import_openpyxl():
    code = "import sys; from ftcost.cli import main; main(['models']); print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_report_does_not_import_pandas(tmp_path):
    code = (
        "import sys; from ftcost.cli import main; "
        f"main(['report', '--example', '-o', {str(tmp_path / 'r.xlsx')!r}, '-q']); "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


# ----------------------------------------------------------------- the README's first command


@pytest.mark.slow
def test_main_command_from_an_installed_wheel(wheel_venv, tmp_path):
    """`pip install . && ftcost report --example -o report.xlsx`, run somewhere else."""
    env = wheel_venv
    py = env / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    res = subprocess.run(
        [env / "bin" / "ftcost", "report", "--example", "-o", "report.xlsx"],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Wrote report.xlsx: 1 scenario")
    v = Report(work / "report.xlsx").section("Summary").labelled()
    # on 2026-12-01 (FTCOST_AS_OF, kept): gpt-4o-mini's fine-tune serves 44 days until it
    # retires on 2027-01-14, 44 / 30.4375 months × $2.20 saved − $15 training = −$11.82
    assert v["Net saving over 12 months"] == pytest.approx(44 / 30.4375 * 2.2 - 15)
    where = subprocess.run(
        [py, "-c", "import ftcost.scenarios as s; print(s.EXAMPLE)"],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env)  # the example came from the wheel, not the checkout


def test_report_from_the_bill(tmp_path, capsys):
    """`ftcost report --base gpt-5.4 --monthly-spend 5000`: a base only genai-prices knows
    ($2.50/1M input), $5,000 a month = 2,000M tokens; 12 months staying = $60,000."""
    out = tmp_path / "r.xlsx"
    argv = ["report", "--base", "gpt-5.4", "--monthly-spend", "5000", "-o", str(out), "-q"]
    assert main([*argv, "--as-of", "2026-12-01"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(
        f"Wrote {out}: 1 scenario (prices: default 2026.12.01, as of 2026-12-01)"
    )
    v = Report(out).section("Summary").labelled()
    assert (
        v["What you pay now"] == "$5,000/month on gpt-5.4 = 2,000M input tokens/month at $2.50/1M"
    )
    assert v["As of"].startswith("2026-12-01")
    assert v["Model used now (base)"] == "gpt-5.4"
    assert v["Monthly volume (input tokens)"] == pytest.approx(2e9)
    assert v["Cost over 12 months, base route"] == pytest.approx(60_000)
    assert v["Grade of the current setup"] == "F"  # gpt-5-nano at $0.05/1M saves 98%
    # --include-unverified reaches the report: Bedrock's Nova Micro ($0.035/1M) is weighed
    # first-hand: Azure's Llama 3.3 70B, 22.50 + 12 × (2,000 × $0.71 + $219) = $19,690.50
    # (tests/test_options.py), under gpt-4o-mini's 15 + 1.4456 × 600 + 10.554 × 5,000
    assert v["Fine-tuned candidate"] == "azure-llama-3.3-70b"
    assert main([*argv, "--force", "--include-unverified"]) == 0
    assert Report(out).section("Summary").labelled()["Fine-tuned candidate"] == "bedrock-nova-micro"
    # --as-of reaches it
    assert main([*argv, "--force", "--as-of", "2026-11-30"]) == 0
    assert Report(out).section("Summary").labelled()["As of"].startswith("2026-11-30")


@pytest.mark.parametrize(
    "extra,message",
    [
        (
            ["--monthly-tokens", "1M"],
            "monthly_spend: give --monthly-spend or --monthly-tokens, not both",
        ),
        (["--as-of", "1 Dec 2026"], "as_of: expected a date YYYY-MM-DD, got '1 Dec 2026'"),
        (["--title", "-2+3", "--monthly-spend", "-5"], "a monthly spend must be more than $0"),
    ],
)
def test_report_spend_and_date_errors(tmp_path, capsys, extra, message):
    out = tmp_path / "r.xlsx"
    argv = ["report", "--base", "gpt-4o", "--monthly-spend", "5000", "-o", str(out), "-q"]
    if extra[0] == "--title":
        argv = ["report", "--base", "gpt-4o", "-o", str(out), "-q"]
    assert main([*argv, *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and not out.exists()
