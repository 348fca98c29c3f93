"""`ftcost serve` answering the real client: xlwings Server's own served JavaScript, in Node.

The server runs as a subprocess on a free loopback port (`python -m ftcost.server`, what
`ftcost serve` runs). tests/js/excel-client.mjs loads the code the server sends Excel
(`/static/js/utils.js`, `/xlwings/custom-functions-code.js`, the config in `/taskpane.html`, the
namespace in `/manifest`) with stand-ins only for Excel's host globals and an XMLHttpRequest for
Node (npm `xhr2`, pinned in tests/js/package-lock.json), and calls the functions as Excel does:
every argument a 2-D range, null where left out, an invocation last. Every FT_* function's result
is held to the engine (the library's public functions) to 1e-9 relative; errors arrive as Excel
shows them (#VALUE! with the message, #N/A), tables spill as 2-D arrays.

Node is required: without it these tests fail, unless FTCOST_ALLOW_NO_NODE=1 (then they skip).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import ftcost
from ftcost.lifecycle import availability
from ftcost.model import TrainingPlan, Workload
from ftcost.spend import tokens_from_spend

HERE = Path(__file__).resolve().parent
JS = HERE / "js"
NS = "FTCOST"  # a namespace of our own: the manifest's, not xlwings' default, must reach Excel
STARTUP_S = 90  # the server imports xlwings, FastAPI and ftcost (a few s; more on a busy box)
NA = {"type": "Error", "errorType": "NotAvailable"}
VALUE = {"type": "Error", "errorType": "Value"}

TOY_TOML = """\
[[model]]
id = "small"
provider = "Acme"
name = "Acme Small"
status = "active"
checked = 2026-01-15
source = "test"
base_input = 1.0
base_output = 4.0
ft_input = 2.0
ft_output = 8.0
training = 5.0
"""


def _server_env(**more: str) -> dict[str, str]:
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", **more}
    for var in ("FTCOST_PRICES", "FTCOST_SERVER_PRICES_DIRS", "XLWINGS_ON_SERVER"):
        if var not in more:
            env.pop(var, None)
    return env


def _serve_cmd(*opts: str, pre: str = "") -> list[str]:
    if not pre:
        return [sys.executable, "-m", "ftcost.server", *opts]
    code = f"import sys\n{pre}\nfrom ftcost.server import main\nsys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, *opts]


# ------------------------------------------------------------------ fast: what happens before serving


def _run_serve(
    *opts: str, env: dict[str, str] | None = None, pre: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        _serve_cmd(*opts, pre=pre),
        env=env or _server_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_the_server_extra_one_line_says_what_to_install():
    r = _run_serve(pre="sys.modules['xlwings_server'] = None  # as if not installed")
    assert r.returncode == 1
    assert (
        r.stderr
        == "ftcost serve: ftcost serve needs the server extra: pip install 'ftcost[server]'\n"
    )
    assert r.stdout == ""


def test_without_a_license_key_one_line_says_how_to_set_it():
    env = _server_env()
    env.pop("XLWINGS_LICENSE_KEY")
    r = _run_serve(env=env)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "set XLWINGS_LICENSE_KEY" in r.stderr and "'noncommercial'" in r.stderr


def test_a_bad_license_key_is_one_line():
    r = _run_serve(env=_server_env(XLWINGS_LICENSE_KEY="bogus"))
    assert r.returncode == 1, r.stderr
    assert r.stderr == "ftcost serve: XLWINGS_LICENSE_KEY: Invalid xlwings license key.\n"


@pytest.mark.parametrize(
    ("opts", "env", "message"),
    [
        (("--namespace", "FT COST"), {}, "--namespace: expected a letter then"),
        (("--port", "0"), {}, "--port: expected 1 to 65535, got 0"),
        (("--certfile", "x.pem"), {}, "--certfile and --keyfile go together"),
        (("--prices-dir", "/no/such/dir"), {}, "--prices-dir: no such folder: /no/such/dir"),
        (("--hostname", "https://x"), {}, "--hostname: expected a host name"),
        ((), {"FTCOST_PRICES": "/no/such/prices.toml"}, "prices: "),
        (("--prices", "nonsense"), {}, "prices: "),
    ],
)
def test_bad_options_and_prices_are_one_line_before_serving(opts, env, message):
    r = _run_serve(*opts, env=_server_env(**env))
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("ftcost serve: " + message), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr


def test_the_project_folder_is_the_same_bytes_every_time(tmp_path):
    from ftcost.server import PROJECT_FILES, write_project

    a, b = write_project(tmp_path / "a"), write_project(tmp_path / "b")
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert files == sorted(PROJECT_FILES)
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes()
    assert "from ftcost.udfs import *" in (a / "custom_functions/__init__.py").read_text()


def test_add_parser_gives_the_cli_a_serve_command():
    import argparse

    from ftcost import server

    parser = argparse.ArgumentParser(prog="ftcost")
    server.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--port", "9000", "--namespace", "FT"])
    assert args.func is server.run
    assert (args.host, args.port, args.namespace) == ("127.0.0.1", 9000, "FT")


# ------------------------------------------------------------------ slow: a real server, a real client


@pytest.fixture(scope="session")
def node_client(tmp_path_factory) -> Path:
    """tests/js installed from its lockfile (`npm ci`) in a temporary folder; the client script."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("FTCOST_ALLOW_NO_NODE") == "1":
            pytest.skip("node/npm not installed (FTCOST_ALLOW_NO_NODE=1)")
        pytest.fail("node and npm are required for the client tests: apt-get install -y nodejs npm")
    work = tmp_path_factory.mktemp("js")
    for name in ("package.json", "package-lock.json", "excel-client.mjs"):
        shutil.copy(JS / name, work / name)
    r = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, f"npm ci failed:\n{r.stdout}\n{r.stderr}"
    return work / "excel-client.mjs"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5, headers: dict | None = None, context=None) -> str:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout, context=context) as r:
        return r.read().decode("utf-8")


class Server:
    """`python -m ftcost.server` on a free loopback port; stopped by its PID."""

    def __init__(self, log: Path, *opts: str, pre: str = "", ssl_context=None, **env: str) -> None:
        self.port = _free_port()
        self.base = f"{'https' if ssl_context else 'http'}://127.0.0.1:{self.port}"
        self.ssl_context = ssl_context
        self.log = log
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            _serve_cmd("--port", str(self.port), *opts, pre=pre),
            env=_server_env(**env),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.manifest = self._wait()

    def _wait(self) -> str:
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"ftcost serve exited ({self.proc.returncode}):\n{self.output()}")
            try:
                return _get(self.base + "/manifest", timeout=2, context=self.ssl_context)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        self.stop()
        pytest.fail(f"/manifest did not answer within {STARTUP_S} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        self._log.close()


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("prices")
    (d / "toy.toml").write_text(TOY_TOML, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def server(tmp_path_factory, toy_dir):
    s = Server(
        tmp_path_factory.mktemp("serve") / "server.log",
        "--namespace",
        NS,
        "--prices-dir",
        str(toy_dir),
    )
    s.toy = toy_dir / "toy.toml"
    try:
        yield s
    finally:
        s.stop()
    assert "Traceback" not in s.output(), s.output()


def run_client(node_client: Path, base: str, calls: list[dict], tmp: Path) -> dict:
    """Run the served client code in Node on ``calls``; bounded in time."""
    path = tmp / "calls.json"
    path.write_text(json.dumps(calls), encoding="utf-8")
    r = subprocess.run(
        ["node", str(node_client), base, str(path)],
        cwd=node_client.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, f"client failed:\n{r.stdout}\n{r.stderr}"
    return json.loads(r.stdout)


def call(name: str, *args, ns: str = NS) -> dict:
    """A formula `=NS.NAME(args)`: scalars become 1×1 ranges, lists are ranges, None left out."""
    cells = [None if a is None else (a if isinstance(a, list) else [[a]]) for a in args]
    return {"formula": f"{ns}.{name}" if ns else name, "args": cells}


def close(got, want) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, int | float) and isinstance(got, int | float):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
    return got == want


def serial(d: dt.date) -> float:
    return float((d - dt.date(1899, 12, 30)).days)


def as_date(d: dt.date) -> dict:
    """A date as the client shows it: in the workbook's date format."""
    return {"type": "FormattedNumber", "basicValue": serial(d), "numberFormat": "M/d/yyyy"}


def said(d) -> str:
    """FT_RECOMMEND's text: `ftcost recommend`'s words, and why not the cheapest option."""
    return d.text() + (". Not the cheapest: " + d.why_not_cheapest if d.why_not_cheapest else "")


# Every FT_* function, with what the engine (the library's public API) says it must return.
def _cases() -> list[tuple[str, dict, object]]:
    ps = ftcost.load_prices("default")
    out = []

    def case(label, c, want):
        out.append((label, c, want))

    case(
        "FT_TRAINING_COST",
        call("FT_TRAINING_COST", "gpt-4o-mini", "5M", 3),
        ftcost.training_cost("gpt-4o-mini", TrainingPlan(training_tokens=5e6, epochs=3), ps).total,
    )
    case(
        "FT_INFERENCE_COST",
        call("FT_INFERENCE_COST", "gpt-4.1", "7M", "2M", False),
        ftcost.inference_cost("gpt-4.1", 7e6, 2e6, fine_tuned=False, prices=ps),
    )
    case(
        "FT_COST",
        call("FT_COST", "gpt-4o-mini", "12M", "3M", "5M", 2),
        ftcost.training_cost("gpt-4o-mini", TrainingPlan(training_tokens=5e6, epochs=2), ps).total
        + ftcost.inference_cost("gpt-4o-mini", 12e6, 3e6, fine_tuned=True, prices=ps),
    )
    case(
        "FT_BREAKEVEN",
        call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", 5000000),
        ftcost.breakeven("gpt-4o", "gpt-4o-mini", 5e6, prices=ps).breakeven_tokens,
    )
    case(
        "FT_BREAKEVEN_MONTHS",
        call("FT_BREAKEVEN_MONTHS", "gpt-4o", "llama-3.1-8b", "10M", "3M", 3, 0.5),
        ftcost.breakeven(
            "gpt-4o",
            "llama-3.1-8b",
            10e6,
            epochs=3,
            monthly_tokens=3e6,
            output_ratio=0.5,
            prices=ps,
        ).breakeven_months,
    )
    case(
        "FT_SAVINGS",
        call("FT_SAVINGS", "gpt-4o", "gpt-4o-mini", "1M", 24, "5M", 2, 0.25),
        ftcost.breakeven(
            "gpt-4o",
            "gpt-4o-mini",
            5e6,
            epochs=2,
            monthly_tokens=1e6,
            output_ratio=0.25,
            months=24,
            prices=ps,
        ).net_savings,
    )
    case(
        "FT_PRICE",
        call("FT_PRICE", "GPT-4o mini", "training"),
        ps.get("gpt-4o-mini").training,
    )
    case(
        "FT_MODELS",
        call("FT_MODELS"),
        [m.id for m in ps.models],  # checked column by column below
    )

    def ranked(r) -> list[list]:
        """The engine's ranking as the client shows it: the lifecycle columns after the others,
        dates in the workbook's date format, no date announced (None) an empty cell."""
        columns = r.COLUMNS + r.LIFECYCLE_COLUMNS
        blank = {"training_until", "retires", "breakeven_before_retirement"}

        def cell(key, v):
            if isinstance(v, dt.date):
                return as_date(v)
            return "" if v is None and key in blank else v

        return [[label for _, label in columns]] + [
            [cell(key, getattr(row, key)) for key, _ in columns] for row in r.rows
        ]

    plan, work = (
        TrainingPlan(training_tokens=2e6, epochs=3),
        Workload(monthly_tokens=30e6, output_ratio=0.5, months=6),
    )
    case(
        "FT_RANK",
        call("FT_RANK", "30M", "2M", 6, 0.5, "gpt-4o", 3),
        ranked(ftcost.rank(plan, work, base=ps.get("gpt-4o"), prices=ps)),
    )
    case(
        "FT_RANK include_unavailable as_of",
        call("FT_RANK", "30M", "2M", 6, 0.5, "gpt-4o", 3, None, "2027-01-10", True),
        ranked(
            ftcost.rank(plan, work, base="gpt-4o", prices=ps, as_of="2027-01-10",
                        include_unavailable=True)
        ),
    )  # fmt: skip
    case(
        "FT_RECOMMEND",
        call(
            "FT_RECOMMEND",
            "100M",
            "gpt-4o",
            "gpt-4o-mini",
            "5M",
            12,
            0,
            True,
            False,
            False,
            False,
            False,
            "cost",
        ),
        said(
            ftcost.decide(
                100e6,
                base="gpt-4o",
                candidate="gpt-4o-mini",
                plan=TrainingPlan(training_tokens=5e6),
                workload=Workload(output_ratio=0, months=12),
                priority="cost",
                prices=ps,
            )
        ),
    )
    args = [None] * 12  # FT_RECOMMEND's arguments up to as_of, left empty, then monthly_spend
    case(
        "FT_RECOMMEND spend",
        call("FT_RECOMMEND", None, "gpt-4o", *args, "$5,000"),
        said(ftcost.decide(base="gpt-4o", monthly_spend=5000, prices=ps)),
    )
    case(
        "FT_ROUTING_COST",
        call("FT_ROUTING_COST", "gpt-4o-mini", "gpt-4o", "100M", 0.7),
        ftcost.routing_cost(
            "gpt-4o-mini", "gpt-4o", Workload(monthly_tokens=100e6), simple_share=0.7, prices=ps
        ).monthly_cost,
    )
    case(
        "FT_RAG_COST",
        call("FT_RAG_COST", "gpt-4o-mini", "100M", 50000),
        ftcost.rag_cost(
            "gpt-4o-mini", Workload(monthly_tokens=100e6), requests=50000, prices=ps
        ).monthly_cost,
    )
    case(
        "FT_PROMPT_COST",
        call("FT_PROMPT_COST", "gpt-4o", "100M", 0.5),
        ftcost.prompt_engineering_cost(
            "gpt-4o", Workload(monthly_tokens=100e6, prompt_overhead=0.5), ps
        ).monthly_cost,
    )
    # as `ftcost grade` grades: stay, switch, fine-tune, route; unverified prices left out
    g = ftcost.grade(
        "gpt-4o", TrainingPlan(training_tokens=5e6), Workload(monthly_tokens=100e6), ps
    )
    case("FT_GRADE", call("FT_GRADE", "gpt-4o", "100M", "5M"), g.letter)

    def detail(g) -> list:
        return (
            [getattr(g, k) for k in ("letter", "current", "current_monthly", "best")]
            + [getattr(g, k) for k in ("best_monthly", "savings_share", "monthly_savings")]
            + [g.annual_savings, g.best_option, as_date(g.as_of), g.spend_text]
        )

    case("FT_GRADE detail", call("FT_GRADE", "gpt-4o", "100M", "5M", 12, 0, 1, True), detail(g))
    spent = ftcost.grade("claude-sonnet-4-5", monthly_spend=20000, prices=ps, as_of="2026-12-01")
    case(
        "FT_GRADE detail spend",
        call("FT_GRADE", "claude-sonnet-4-5", None, None, None, None, None, True, None,
             serial(dt.date(2026, 12, 1)), "$20,000"),
        detail(spent),
    )  # fmt: skip
    case(
        "FT_SPEND_TOKENS",
        call("FT_SPEND_TOKENS", "gpt-4o", [[5000], ["$20K"]], 0.2),
        [[tokens_from_spend(x, "gpt-4o", prices=ps, output_ratio=0.2).monthly_tokens]
         for x in (5000, 20000)],
    )  # fmt: skip
    # a date cell arrives from Office.js as its serial number
    case(
        "FT_SAVINGS as_of",
        call("FT_SAVINGS", "gpt-4o", "gpt-4o-mini", "1M", 12, "5M", None, None, None,
             serial(dt.date(2025, 6, 1))),
        ftcost.breakeven("gpt-4o", "gpt-4o-mini", 5e6, monthly_tokens=1e6, prices=ps,
                         as_of="2025-06-01").net_savings,
    )  # fmt: skip
    case(
        "FT_PRICE state",
        call("FT_PRICE", "gpt-4o-mini", "state", None, "2027-01-10"),
        availability(ps.get("gpt-4o-mini"), dt.date(2027, 1, 10)).state,
    )
    case("FT_EPOCHS", call("FT_EPOCHS", 500), ftcost.openai_default_epochs(500))
    case(
        "FT_EPOCHS row",
        call("FT_EPOCHS", [[1, 10, 100, 1000, 10_000]]),
        [[ftcost.openai_default_epochs(n) for n in (1, 10, 100, 1000, 10_000)]],
    )
    case(
        "FT_BREAKEVEN column",
        call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", [[1e6], [5e6], [2e7]]),
        [
            [ftcost.breakeven("gpt-4o", "gpt-4o-mini", t, prices=ps).breakeven_tokens]
            for t in (1e6, 5e6, 2e7)
        ],
    )
    return out


CASES = _cases()


@pytest.fixture(scope="module")
def answers(server, node_client, tmp_path_factory) -> dict:
    """One client run for all cases (the page loads once, as in Excel)."""
    div0 = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}
    extra = {
        "na": call("FT_BREAKEVEN", "gpt-4o-mini", "gpt-4o", "5M"),  # never pays back
        "typo": call("FT_BREAKEVEN", "gpt-4o", "gpt4o-mini", "5M"),
        "bad": call("FT_TRAINING_COST", "gpt-4o", "lots"),
        "div0": call("FT_TRAINING_COST", "gpt-4o", [[div0]]),  # an Excel error in the cell
        "col": call("FT_TRAINING_COST", "gpt-4o-mini", [["5M"], ["lots"]]),
        "empty": call("FT_SAVINGS", "gpt-4o", "gpt-4o-mini", "1M", [[""]], "5M"),  # default 12
        "no_ns": call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", 5000000, ns=""),
        "wrong_ns": call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", 5000000, ns="XLWINGS"),
        "toy": call("FT_PRICE", "small", "training", str(server.toy)),  # an allowed price file
        "passwd": call("FT_MODELS", "/etc/passwd"),  # any other file: refused
        # pays back after 6.82 months; gpt-4o-mini retires 1.45 months after the tests' day
        "retires": call("FT_BREAKEVEN_MONTHS", "gpt-4o", "gpt-4o-mini", "5M", "1M"),
        "money": call("FT_SAVINGS", "gpt-4o", "gpt-4o-mini", "$5,000"),  # a spend is no volume
        "bad_date": call("FT_RANK", "1M", "5M", None, None, None, None, None, "2026-13-01"),
        "date": call("FT_PRICE", "gpt-4o", "checked"),  # in the workbook's date format
    }
    calls = [c for _, c, _ in CASES] + list(extra.values())
    got = run_client(node_client, server.base, calls, tmp_path_factory.mktemp("client"))
    assert len(got["results"]) == len(calls)
    got["cases"] = got["results"][: len(CASES)]
    got["extra"] = dict(zip(extra, got["results"][len(CASES) :], strict=True))
    return got


@pytest.mark.slow
def test_the_manifest_names_the_namespace_and_points_at_this_server(server):
    m = server.manifest
    assert f'<bt:String id="Functions.Namespace" DefaultValue="{NS}" />' in m
    assert f'<SourceLocation DefaultValue="{server.base}/taskpane.html" />' in m
    assert "<Id>ef08aaa0-b56f-4c02-8f45-9c49d3c22d4e</Id>" in m
    assert '<DisplayName DefaultValue="ftcost" />' in m
    # what the README tells each user to save and sideload
    with urllib.request.urlopen(server.base + "/manifest/download", timeout=10) as r:
        assert r.headers["Content-Disposition"] == "attachment; filename=ftcost-prod.xml"
        assert r.read().decode() == m
    meta = json.loads(_get(server.base + "/xlwings/custom-functions-meta.json"))
    from ftcost import udfs

    assert sorted(f["id"] for f in meta["functions"]) == sorted(udfs.FUNCTIONS)


def _same_table(got, want) -> bool:
    if not (isinstance(got, list) and len(got) == len(want)):
        return False
    for grow, wrow in zip(got, want, strict=True):
        if len(grow) != len(wrow):
            return False
        for g, w in zip(grow, wrow, strict=True):
            if not (g == NA if w is None else close(g, w)):
                return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("i", range(len(CASES)), ids=[label for label, _, _ in CASES])
def test_every_function_through_the_client_equals_the_engine(answers, i):
    label, c, want = CASES[i]
    got = answers["cases"][i]
    assert "value" in got, (c, got)
    value = got["value"]
    name = c["formula"].split(".")[1]
    if name == "FT_MODELS":
        from ftcost.model import PRICE_FIELDS

        ps = ftcost.load_prices("default")
        header, rows = value[0], value[1:]
        assert [r[0] for r in rows] == want
        for key, label_, unit in PRICE_FIELDS:
            col = header.index(f"{label_} {unit}")
            for r, m in zip(rows, ps.models, strict=True):
                v = getattr(m, key)
                assert close(r[col], "" if v is None else v), (m.id, key, r[col], v)
    elif label.startswith("FT_GRADE detail"):
        assert [len(r) for r in value] == [2] * len(want)
        assert all(close(r[1], w) for r, w in zip(value, want, strict=True)), value
    elif isinstance(want, list):  # a spilled table or a range's results
        assert _same_table(value, want), (value, want)
    else:
        assert [len(r) for r in value] == [1] and close(value[0][0], want), (value, want)


@pytest.mark.slow
def test_the_articles_example_through_the_client(answers):
    # =FT_BREAKEVEN("gpt-4o","gpt-4o-mini",5000000): $15 of training ÷ ($2.50 − $0.30) per 1M
    i = [label for label, _, _ in CASES].index("FT_BREAKEVEN")
    assert math.isclose(answers["cases"][i]["value"][0][0], 15 / 2.2 * 1e6, rel_tol=1e-12)


@pytest.mark.slow
def test_every_function_is_registered_under_the_manifest_namespace(answers):
    from ftcost import udfs

    assert answers["namespace"] == NS
    assert sorted(answers["functions"]) == sorted(udfs.FUNCTIONS)
    assert {c["formula"].split(".")[1] for _, c, _ in CASES} == set(udfs.FUNCTIONS)


@pytest.mark.slow
def test_errors_arrive_as_excel_shows_them(answers):
    x = answers["extra"]
    na, typo, bad, col, no_ns, wrong_ns = (
        x[k] for k in ("na", "typo", "bad", "col", "no_ns", "wrong_ns")
    )
    assert na == {"value": [[NA]]}
    assert typo["error"]["code"] == "#VALUE!"
    assert typo["error"]["message"].startswith(
        "ft_model: unknown model 'gpt4o-mini' — did you mean 'gpt-4o-mini'"
    )
    assert bad["error"] == {
        "code": "#VALUE!",
        "message": "training_tokens: expected a number (e.g. 5000000, 5e6 or 5M), got 'lots'",
    }
    assert x["div0"]["error"] == {
        "code": "#VALUE!",
        "message": "training_tokens: the cell holds the error #DIV/0!",
    }
    want = ftcost.training_cost("gpt-4o-mini", "5M").total
    assert close(col["value"][0][0], want) and col["value"][1] == [VALUE]
    # an empty cell for an optional argument means its default (12 months)
    want = ftcost.breakeven("gpt-4o", "gpt-4o-mini", 5e6, monthly_tokens=1e6).net_savings
    assert [len(r) for r in x["empty"]["value"]] == [1] and close(x["empty"]["value"][0][0], want)
    # outside its namespace the function does not exist (the server route needs NS.FT_…)
    assert no_ns["error"]["code"] == "#NAME?" and wrong_ns["error"]["code"] == "#NAME?"


@pytest.mark.slow
def test_price_files_only_from_the_allowed_folders(answers):
    toy, passwd = answers["extra"]["toy"], answers["extra"]["passwd"]
    assert toy == {"value": [[5.0]]}
    assert passwd["error"]["code"] == "#VALUE!"
    assert passwd["error"]["message"].startswith("prices: this server offers default or article")


@pytest.mark.slow
def test_dates_in_the_workbooks_date_format(answers):
    got = answers["extra"]["date"]["value"]
    d = ftcost.load_prices("default").get("gpt-4o").checked
    assert got == [
        [{"type": "FormattedNumber", "basicValue": serial(d), "numberFormat": "M/d/yyyy"}]
    ]


@pytest.mark.slow
def test_default_namespace_is_xlwings_and_a_busy_port_is_one_line(tmp_path, node_client):
    s = Server(tmp_path / "server.log")
    try:
        assert '<bt:String id="Functions.Namespace" DefaultValue="XLWINGS" />' in s.manifest
        got = run_client(
            node_client,
            s.base,
            [call("FT_BREAKEVEN", "gpt-4o", "gpt-4o-mini", 5000000, ns="XLWINGS")],
            tmp_path,
        )
        assert math.isclose(got["results"][0]["value"][0][0], 15 / 2.2 * 1e6, rel_tol=1e-12)
        # a second server on the same port: one line, before starting
        r = subprocess.run(
            _serve_cmd("--port", str(s.port)),
            env=_server_env(),
            capture_output=True,
            text=True,
            timeout=STARTUP_S,
        )
        assert r.returncode == 1
        assert (
            r.stderr
            == f"ftcost serve: cannot listen on 127.0.0.1:{s.port}: Address already in use\n"
        )
    finally:
        s.stop()


@pytest.mark.slow
def test_a_process_that_imported_classic_xlwings_serves_from_a_fresh_one(tmp_path):
    # the lead's CLI may have imported xlwings (classic decorators) before `serve` runs
    s = Server(tmp_path / "server.log", pre="import xlwings  # classic decorators")
    try:
        body = json.dumps(
            {
                "func_name": "FT_EPOCHS",
                "args": [[[500]]],
                "caller_address": "[Book1.xlsx]Sheet1!A1",
                "version": "0",
                "runtime": "1.4",
                "client": "Office.js",
            }
        ).encode()
        req = urllib.request.Request(
            s.base + "/xlwings/custom-functions-call",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            assert json.loads(r.read()) == {"result": [[ftcost.openai_default_epochs(500)]]}
    finally:
        s.stop()
    # stopping the parent by its PID stopped the server it started: the port is free again
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT, not LISTEN
        probe.bind(("127.0.0.1", s.port))


@pytest.mark.slow
def test_the_wheel_for_xlwings_lite_is_served_with_cors(tmp_path, wheel):
    # xlwings Lite's requirements.txt names an HTTPS URL; Pyodide fetches it from Lite's origin
    s = Server(tmp_path / "server.log", "--wheel", str(wheel))
    try:
        req = urllib.request.Request(
            f"{s.base}/wheels/{wheel.name}", headers={"Origin": "https://addin.xlwings.org"}
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "*"
            assert r.read() == wheel.read_bytes()
        for other in ("ftcost-9.9-py3-none-any.whl", "..%2Fsecret"):
            with pytest.raises(urllib.error.HTTPError) as e:
                _get(f"{s.base}/wheels/{other}")
            e.value.close()
            assert e.value.code == 404
        assert f"requirements.txt: {s.base}/wheels/{wheel.name}" in s.output()
    finally:
        s.stop()


def test_a_wheel_that_is_not_an_ftcost_wheel_is_refused(tmp_path):
    for name, message in [
        ("numpy-2.0-py3-none-any.whl", "--wheel: expected an ftcost wheel (ftcost-*.whl)"),
        ("ftcost-0.1.0-py3-none-any.whl", "--wheel: no such file"),
    ]:
        r = _run_serve("--wheel", str(tmp_path / name))
        assert r.returncode == 1 and r.stderr.startswith("ftcost serve: " + message), r.stderr


@pytest.mark.slow
def test_behind_an_https_proxy_the_manifest_points_at_the_proxy(server):
    # what a reverse proxy on the same machine sends: the public host and the scheme it served
    m = _get(
        server.base + "/manifest",
        headers={"Host": "excel.example.com", "X-Forwarded-Proto": "https"},
    )
    assert '<SourceLocation DefaultValue="https://excel.example.com/taskpane.html" />' in m
    assert "http://" not in m.replace("http://schemas.", "").replace("http://www.w3.org", "")


@pytest.mark.slow
def test_https_directly_with_a_certificate(tmp_path):
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed: cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    ctx = ssl.create_default_context(cafile=str(cert))
    s = Server(
        tmp_path / "server.log", "--certfile", str(cert), "--keyfile", str(key), ssl_context=ctx
    )
    try:
        assert f'<SourceLocation DefaultValue="{s.base}/taskpane.html" />' in s.manifest
        assert s.base.startswith("https://")
    finally:
        s.stop()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopped_by_its_pid_it_ends_cleanly_and_leaves_no_files(tmp_path, sig):
    tmp = tmp_path / "tmp"  # where the server writes its xlwings Server project
    tmp.mkdir()
    s = Server(tmp_path / "server.log", TMPDIR=str(tmp))
    assert [p.name[:13] for p in tmp.iterdir()] == ["ftcost-serve-"]
    s.stop(sig)
    assert s.proc.returncode == 0, s.output()
    assert list(tmp.iterdir()) == []
    assert "Traceback" not in s.output()


@pytest.mark.slow
def test_lifecycle_and_spend_errors_through_the_client(answers):
    x = answers["extra"]
    assert x["retires"] == {"value": [[NA]]}
    assert x["money"]["error"]["code"] == "#VALUE!"
    assert x["money"]["error"]["message"] == (
        "monthly_tokens: '$5,000' looks like money: a spend is FT_SPEND_TOKENS(model, spend) "
        "(or monthly_spend of FT_GRADE, FT_RECOMMEND)"
    )
    assert x["bad_date"]["error"]["code"] == "#VALUE!"
    assert x["bad_date"]["error"]["message"].startswith("as_of: expected a date YYYY-MM-DD")
