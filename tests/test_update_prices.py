"""update-prices: every user thing stays attached to its model (rows never move), the user's
edits to shipped prices are kept unless --reset-edits, and the printed summary is true."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from _template_xlsx import set_cells
from ftcost.basemodels import is_base_only
from ftcost.cli import main
from ftcost.errors import WorkbookError
from ftcost.pricing import PriceSet, load_prices
from ftcost.template import (
    drop_cached_results,
    read_filled_template,
    template_bytes,
    update_prices,
)
from ftcost.template.layout import (
    ALT_INPUTS,
    CURRENT_FIELDS,
    DEC_INPUTS,
    INPUTS,
    PROV_FIRST,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    provider_col,
)

ID, TRAIN, NOTES = provider_col("id"), provider_col("training"), provider_col("notes")
BESIDE = get_column_letter(len(PROVIDER_FIELDS) + 2)  # a note right of the table


def _provider_ids(ft) -> list[str]:
    """The Providers table's ids of a filled template (not its Current models' base-only rows)."""
    return [m.id for m in ft.prices.models if not is_base_only(m)]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _inputs(p) -> dict:
    wb = p if isinstance(p, openpyxl.Workbook) else openpyxl.load_workbook(p)
    out = {}
    for i in (*INPUTS, *ALT_INPUTS, *DEC_INPUTS):
        [(sheet, coord)] = list(wb.defined_names[i.name].destinations)
        out[i.name] = wb[sheet][coord.replace("$", "")].value
    return out


def _subset(name: str, ids: list[str], training_factor: float = 1.0) -> PriceSet:
    """A price set of the default's models ``ids`` (in that order), training prices scaled."""
    d = load_prices("default")
    models = tuple(
        dataclasses.replace(d.get(i), training=round(d.get(i).training * training_factor, 6))
        for i in ids
    )
    return PriceSet(name=name, models=models, version=name)


def _dress(p: Path) -> dict[int, str]:
    """Attach the user's things to every row of the table: a comment on the id cell, a note
    beside the table, a row of their own, and a by-address formula on a sheet of theirs.
    Returns {row: id} as it was."""
    wb = openpyxl.load_workbook(p)
    ws = wb["Providers"]
    rows = {}
    r = PROV_FIRST
    while ws[f"{ID}{r}"].value:
        rows[r] = ws[f"{ID}{r}"].value
        r += 1
    own = r  # the user's own row, right under the shipped ones
    for col, v in (
        (ID, "my-model"),
        (provider_col("provider"), "Us"),
        (provider_col("name"), "Mine"),
    ):
        ws[f"{col}{own}"] = v
    for f in ("base_input", "base_output", "ft_input", "ft_output", "training"):
        ws[f"{provider_col(f)}{own}"] = 2.0
    ws[f"{provider_col('status')}{own}"] = "active"
    ws[f"{provider_col('checked')}{own}"] = "2026-05-01"
    ws[f"{provider_col('source')}{own}"] = "our contract"
    rows[own] = "my-model"
    mine = wb.create_sheet("Mine")
    for k, (row, mid) in enumerate(sorted(rows.items()), 1):
        ws[f"{ID}{row}"].comment = Comment(f"comment for {mid}", "me")
        ws[f"{BESIDE}{row}"] = f"note for {mid}"
        mine[f"A{k}"] = mid
        mine[f"B{k}"] = f"=Providers!{TRAIN}{row}"
    last = get_column_letter(len(PROVIDER_HEADERS))
    ws.tables["Providers"].ref = f"A4:{last}{own}"
    wb.save(p)
    return rows


def _check_attached(wb, rows: dict[int, str]) -> None:
    """Every comment, note and by-address formula still sits beside the model it was for."""
    ws, mine = wb["Providers"], wb["Mine"]
    for k, (row, mid) in enumerate(sorted(rows.items()), 1):
        assert ws[f"{ID}{row}"].value == mid
        assert ws[f"{ID}{row}"].comment.text == f"comment for {mid}"
        assert ws[f"{BESIDE}{row}"].value == f"note for {mid}"
        assert mine[f"A{k}"].value == mid and mine[f"B{k}"].value == f"=Providers!{TRAIN}{row}"


REFRESHES = [
    # (price set, what it does to the table)
    ("default", "grows: 21 models added below"),
    ("article", "shrinks: 21 models no longer in the data"),
    ("shuffled", "reorders half the models and doubles their training price"),
    ("default", "grows back"),
]


def _refresh_sets() -> list[PriceSet]:
    d = load_prices("default")
    half = list(reversed(d.ids))[::2]
    return [
        load_prices("default"),
        load_prices("article"),
        _subset("shuffled", half, 2.0),
        load_prices("default"),
    ]


def test_refreshes_that_grow_and_shrink_keep_everything_attached(tmp_path):
    p = tmp_path / "mine.xlsx"
    p.write_bytes(template_bytes("article"))
    rows = _dress(p)
    inputs = _inputs(p)
    for ps in _refresh_sets():
        rep = update_prices(p, ps)
        wb = openpyxl.load_workbook(p)
        ws = wb["Providers"]
        # rows never move: every comment, note and formula sits beside the model it was for
        _check_attached(wb, rows)
        # the new models are added below the last row, in the data's order, and reported so
        first_new = max(rows) + 1
        added = [ws[f"{ID}{first_new + k}"].value for k in range(len(rep.added))]
        assert added == rep.added
        assert ws[f"{ID}{first_new + len(rep.added)}"].value is None
        for k, mid in enumerate(rep.added):
            rows[first_new + k] = mid
        # every model of the data reads back with the data's values
        ft = read_filled_template(p)
        for m in ps.models:
            assert ft.prices.get(m.id).training == m.training, m.id
        # the ones the data dropped are kept and marked
        gone = sorted({mid for mid in rows.values() if mid != "my-model"} - set(ps.ids))
        assert sorted(rep.removed) == gone
        for r, mid in rows.items():
            if mid in gone:
                assert ws[f"{NOTES}{r}"].value.startswith("Not in the price data since")
        assert rep.kept_user == ["my-model"]
        assert _inputs(wb) == inputs
        text = "\n".join(rep.lines())
        assert "no row moved" in text
        if rep.added:
            assert "models added: " + ", ".join(rep.added) in text
        # dress the rows just added so the next refresh checks them too
        for r in range(first_new, first_new + len(rep.added)):
            mid = ws[f"{ID}{r}"].value
            ws[f"{ID}{r}"].comment = Comment(f"comment for {mid}", "me")
            ws[f"{BESIDE}{r}"] = f"note for {mid}"
        mine = wb["Mine"]
        for k, (r, mid) in enumerate(sorted(rows.items()), 1):
            mine[f"A{k}"], mine[f"B{k}"] = mid, f"=Providers!{TRAIN}{r}"
        wb.save(p)


@pytest.mark.slow
def test_by_address_formulas_recalculate_to_their_model(tmp_path, soffice):
    """After a growing, a shrinking and a reordering refresh, LibreOffice computes each
    `=Providers!<training><row>` on the user's sheet to the training price of the same model."""
    p = tmp_path / "mine.xlsx"
    p.write_bytes(template_bytes("article"))
    rows = _dress(p)
    sets = _refresh_sets()[:3]
    for ps in sets:
        update_prices(p, ps)
    final = sets[-1]
    out = soffice.recalc(p, tmp_path / "lo")
    mine = openpyxl.load_workbook(out, data_only=True)["Mine"]
    article = load_prices("article")
    checked = 0
    for k, (_row, mid) in enumerate(sorted(rows.items()), 1):
        got = mine[f"B{k}"].value
        assert mine[f"A{k}"].value == mid
        if mid == "my-model":
            want = 2.0
        elif mid in final.ids:
            want = final.get(mid).training
        else:  # no longer in the data: the row keeps the last values it had (the article's)
            want = article.get(mid).training
        assert got == pytest.approx(want, rel=1e-12), mid
        checked += 1
    assert checked == len(rows)


def test_a_users_edit_to_a_shipped_price_is_kept_unless_reset(tmp_path):
    p = tmp_path / "mine.xlsx"
    p.write_bytes(template_bytes("default"))
    wb = openpyxl.load_workbook(p)
    ws = wb["Providers"]
    row = PROV_FIRST + load_prices("default").ids.index("gpt-4o-mini")
    ws[f"{provider_col('ft_input')}{row}"] = 0.25  # my negotiated rate
    ws[f"{provider_col('ft_output')}{row}"] = f"={provider_col('ft_input')}{row}*4"
    wb.save(p)
    newer = load_prices("default")
    bumped = dataclasses.replace(newer.get("gpt-4o-mini"), ft_input=0.35, ft_output=1.4, training=4)
    newer = PriceSet(
        "newer", tuple(bumped if m.id == "gpt-4o-mini" else m for m in newer.models), version="2"
    )
    rep = update_prices(p, newer)
    assert ("gpt-4o-mini", "training", 3.0, 4) in rep.changed
    assert ("gpt-4o-mini", "ft_input", 0.25, 0.35) in rep.kept_edits
    assert (
        "gpt-4o-mini",
        "ft_output",
        f"={provider_col('ft_input')}{row}*4",
        1.4,
    ) in rep.kept_edits
    text = "\n".join(rep.lines())
    assert "your edits kept (2; --reset-edits takes the data's):" in text
    assert "gpt-4o-mini.ft_input: yours 0.25, price data 0.35" in text
    ws = openpyxl.load_workbook(p)["Providers"]
    assert ws[f"{provider_col('ft_input')}{row}"].value == 0.25
    assert ws[f"{provider_col('training')}{row}"].value == 4
    # the next refresh still knows it is an edit (the data's value is recorded, not the user's)
    rep = update_prices(p, newer)
    assert [e[1] for e in rep.kept_edits] == ["ft_input", "ft_output"] and rep.changed == []
    rep = update_prices(p, newer, reset_edits=True)
    assert [c[1] for c in rep.changed] == ["ft_input", "ft_output"] and rep.kept_edits == []
    assert read_filled_template(p).prices.get("gpt-4o-mini").ft_input == 0.35


def test_update_prices_keeps_inputs_and_the_rest(tmp_path):
    """Article prices → default prices: inputs, a user's own row, every other part unchanged."""
    p = tmp_path / "mine.xlsx"
    p.write_bytes(template_bytes("article"))
    wb = openpyxl.load_workbook(p)
    ws = wb["Providers"]
    r = PROV_FIRST + 10
    own = {"id": "my-model", "provider": "Us", "name": "Mine", "status": "active",
           "checked": "2026-05-01", "base_input": 1, "base_output": 2, "ft_input": 3,
           "ft_output": 4, "training": 5, "source": "our contract"}  # fmt: skip
    for f, v in own.items():
        ws[f"{provider_col(f)}{r}"] = v
    last = get_column_letter(len(PROVIDER_HEADERS))
    ws[f"{BESIDE}{PROV_FIRST}"] = "my note beside the table"
    ws.tables["Providers"].ref = f"A4:{last}{r}"
    wb["Break-even"]["B8"] = 7e6
    wb["Break-even"]["B15"] = 0.75
    wb["Alternatives"]["B5"] = "gemini-1.5-flash"
    wb["Start"]["E20"] = "my own remark"
    wb.save(p)
    before = p.read_bytes()
    inputs_before = _inputs(p)

    rep = update_prices(p, "default")

    assert Path(rep.backup).read_bytes() == before
    default, article = load_prices("default"), load_prices("article")
    assert rep.added == [i for i in default.ids if i not in article.ids]
    assert rep.kept_user == ["my-model"] and rep.removed == []
    assert ("gpt-3.5-turbo", "ft_input", 0.003, 3.0) in rep.changed
    text = "\n".join(rep.lines())
    assert "gpt-3.5-turbo.ft_input: 0.003 → 3" in text and "my-model" in text
    assert _inputs(p) == inputs_before
    ft = read_filled_template(p)
    assert _provider_ids(ft) == [*article.ids, "my-model", *rep.added]
    for m in default.models:
        assert ft.prices.get(m.id).as_dict() == m.as_dict()
    after = openpyxl.load_workbook(p)
    assert after["Providers"][f"{BESIDE}{PROV_FIRST}"].value == "my note beside the table"
    assert after["Start"]["E20"].value == "my own remark"
    assert after["Providers"].tables["Providers"].ref == f"A4:{last}{r + len(rep.added)}"
    # every part but the Providers sheet, its table, the hidden sheet and workbook.xml is
    # identical, once the (now stale) saved formula results are set aside
    old, new = _parts(before), _parts(p.read_bytes())

    def same(n):
        a, b = old[n], new.get(n)
        if n.startswith("xl/worksheets/sheet") and b is not None:
            a = drop_cached_results(a.decode()).encode()
        return a == b

    changed = {n for n in old if not same(n)}
    assert changed <= {"xl/worksheets/sheet2.xml", "xl/tables/table1.xml",
                       "xl/worksheets/sheet3.xml", "xl/tables/table2.xml",
                       "xl/worksheets/sheet11.xml", "xl/workbook.xml"}, changed  # fmt: skip
    assert b'fullCalcOnLoad="1"' in new["xl/workbook.xml"]


def test_untouched_parts_are_copied_byte_for_byte(tmp_path):
    """Parts update-prices does not change keep their compressed bytes, not just their text."""
    p = tmp_path / "x.xlsx"
    p.write_bytes(template_bytes("article"))
    before = p.read_bytes()
    update_prices(p, "default")
    zo, zn = zipfile.ZipFile(io.BytesIO(before)), zipfile.ZipFile(p)
    raw = 0
    for info in zo.infolist():
        if info.filename.startswith("xl/worksheets/") or info.filename == "xl/workbook.xml":
            continue
        new = zn.getinfo(info.filename)
        if zo.read(info.filename) == zn.read(info.filename):
            assert (new.CRC, new.compress_size) == (info.CRC, info.compress_size)
            raw += 1
    assert raw >= 5
    assert zn.testzip() is None


def test_a_fresh_template_knows_its_shipped_values(tmp_path):
    """A template as `ftcost template` made it records ids only; its price set (same name and
    version) gives the values, so an edit is told from a price change from the first refresh."""
    p = tmp_path / "x.xlsx"
    p.write_bytes(template_bytes("default"))
    rep = update_prices(p, "default")
    assert rep.edits_known and rep.changed == [] and rep.added == []
    assert rep.unchanged == len(load_prices("default").models)
    assert "prices: no change" in "\n".join(rep.lines())


def test_update_prices_removes_nothing_and_marks_dropped_models(tmp_path):
    p = tmp_path / "mine.xlsx"
    p.write_bytes(template_bytes("default"))
    wb = openpyxl.load_workbook(p)
    wb.defined_names  # noqa: B018
    [(sheet, coord)] = list(wb.defined_names["base_model"].destinations)
    wb[sheet][coord.replace("$", "")] = "o4-mini"  # the article's set has no o4-mini
    wb.save(p)
    rep = update_prices(p, "article")
    default, article = load_prices("default"), load_prices("article")
    assert rep.kept_in_use == ["o4-mini"]
    assert rep.removed == [i for i in default.ids if i not in article.ids]
    ids = _provider_ids(read_filled_template(p))
    assert ids == default.ids  # every row still there, in its place
    rep2 = update_prices(p, "article")  # again: nothing changes but the backup
    assert rep2.changed == [] and rep2.added == [] and rep2.unchanged == 10


@pytest.mark.parametrize("kind", ["foreign", "damaged", "text"])
def test_update_prices_leaves_a_bad_workbook_untouched(tmp_path, kind):
    p = tmp_path / "x.xlsx"
    if kind == "foreign":
        openpyxl.Workbook().save(p)
    elif kind == "damaged":
        p.write_bytes(template_bytes("default")[:-100])
    else:
        p.write_text("hello")
    before = p.read_bytes()
    with pytest.raises(WorkbookError):
        update_prices(p, "default")
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["x.xlsx"]  # no backup, no temp file


def test_an_older_template_without_lifecycle_columns_reads_and_updates(tmp_path):
    """Columns added to the price data later (lifecycle dates, access) may be missing."""
    lifecycle = ("training_until", "retires", "access")
    p = tmp_path / "old.xlsx"
    p.write_bytes(template_bytes("article"))
    wb = openpyxl.load_workbook(p)
    ws = wb["Providers"]
    for col in sorted((PROVIDER_FIELDS.index(f) + 1 for f in lifecycle), reverse=True):
        ws.delete_cols(col)
    table = ws.tables["Providers"]
    last_row = openpyxl.utils.cell.range_boundaries(table.ref)[3]
    table.ref = f"A4:{get_column_letter(len(PROVIDER_FIELDS) - len(lifecycle))}{last_row}"
    table.tableColumns = []
    wb.save(p)
    ft = read_filled_template(p)
    assert _provider_ids(ft) == load_prices("article").ids
    rep = update_prices(p, "default")
    assert rep.missing_columns == [PROVIDER_HEADERS[PROVIDER_FIELDS.index(f)] for f in lifecycle]
    assert not any(c[1] in lifecycle for c in rep.changed)
    assert "a newer template has them" in "\n".join(rep.lines())
    assert set(_provider_ids(read_filled_template(p))) == set(load_prices("default").ids)


def test_update_prices_keeps_the_file_mode_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_bytes(template_bytes("article"))
    p.chmod(0o640)
    rep = update_prices(p, "default")
    assert p.stat().st_mode & 0o777 == 0o640
    assert sorted(f.name for f in tmp_path.iterdir()) == sorted(["x.xlsx", Path(rep.backup).name])
    assert Path(rep.backup).read_bytes() == template_bytes("article")


def test_content_typed_below_the_table_is_a_row_of_the_users(tmp_path):
    """Text typed under the table is a row of the user's: it stays where it is, and the new
    models go below it."""
    p = tmp_path / "x.xlsx"
    p.write_bytes(template_bytes("article"))
    wb = openpyxl.load_workbook(p)
    wb["Providers"][f"B{PROV_FIRST + 11}"] = "my memo"
    wb.save(p)
    rep = update_prices(p, "default")
    assert rep.kept_user == [f"row {PROV_FIRST + 11}"]
    ws = openpyxl.load_workbook(p)["Providers"]
    assert ws[f"B{PROV_FIRST + 11}"].value == "my memo"
    assert ws[f"{ID}{PROV_FIRST + 12}"].value == rep.added[0]


def test_cli_update_prices_summary_and_reset_edits(tmp_path, capsys):
    out = tmp_path / "case.xlsx"
    assert main(["template", "-o", str(out), "--prices", "article"]) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)
    wb["Providers"][f"{provider_col('training')}{PROV_FIRST}"] = 20  # gpt-4o: mine
    wb.save(out)
    assert main(["update-prices", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] == [
        i for i in load_prices("default").ids if i not in load_prices("article").ids
    ]
    mine = {"model": "gpt-4o", "field": "training", "old": 20, "new": 25.0}
    assert data["kept_edits"] == [mine]  # the article's and the default's say 25
    assert Path(data["backup"]).exists()
    assert main(["update-prices", str(out)]) == 0
    text = capsys.readouterr().out
    assert "prices: no change" in text and "gpt-4o.training: yours 20, price data 25" in text
    bumped = load_prices("default")
    assert main(["update-prices", str(out), "--reset-edits", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changed"] == [{"model": "gpt-4o", "field": "training", "old": 20, "new": 25.0}]
    assert read_filled_template(out).prices.get("gpt-4o").training == bumped.get("gpt-4o").training
    assert main(["update-prices", str(tmp_path / "nope.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ftcost: error:") and err.count("\n") == 1


def test_booleans_saved_as_formulas_by_libreoffice_read_and_update(tmp_path):
    """LibreOffice saves TRUE/FALSE as the formulas TRUE()/FALSE(): constants, not edits, and
    still readable once update-prices has cleared saved results."""
    data = template_bytes("article")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet2.xml").decode()
        parts = {n: z.read(n) for n in z.namelist()}
    xml, n = re.subn(r'(<c r="[A-Z]+\d+"[^>]*t="b">)<v>0</v>', r"\1<f>FALSE()</f><v>0</v>", xml)
    assert n >= 5
    parts["xl/worksheets/sheet2.xml"] = xml.encode()
    p = tmp_path / "lo.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        for name, body in parts.items():
            z.writestr(name, body)
    rep = update_prices(p, "default")
    assert rep.kept_edits == []
    ft = read_filled_template(p)
    assert all(m.open_weights is False for m in ft.prices.models if m.id.startswith("gpt"))


def test_update_prices_refreshes_the_current_models_and_keeps_the_users(tmp_path):
    """The Current models table: its shipped rows take the new data's values in place (an edit
    of the user's kept, unless reset), the user's own rows stay as they were, no row moves."""
    from ftcost.template.layout import CUR, CUR_FIRST

    p = tmp_path / "cur.xlsx"
    p.write_bytes(template_bytes("article", as_of="2026-12-01"))
    wb = openpyxl.load_workbook(p)
    ws = wb[CUR]
    ids = [ws[f"A{r}"].value for r in range(CUR_FIRST, CUR_FIRST + 40)]
    n = ids.index(None)
    mine = CUR_FIRST + n  # the first row below the table
    k = ids.index("gpt-5.4") + CUR_FIRST
    catalog_col = get_column_letter(CURRENT_FIELDS.index("catalog") + 1)
    ftcost_rows = [
        r for r in range(CUR_FIRST, mine) if ws[f"{catalog_col}{r}"].value.startswith("ftcost")
    ]
    assert ftcost_rows  # rows from ftcost's own catalog (the article's gpt-4o …)
    p.write_bytes(
        set_cells(
            p.read_bytes(),
            {CUR: {f"A{mine}": "my-llm", f"C{mine}": 0.5, f"E{mine}": 1.5, f"C{k}": 9.99}},
        )
    )
    rep = update_prices(p, "default")
    cur = rep.current
    assert cur.kept_user == ["my-llm"]
    assert cur.kept_edits == [("gpt-5.4", "base_input", 9.99, 2.5)]
    # the rows ftcost's catalog gave now name the new price data; gpt-4.1, which the article's
    # catalog lacks (genai-prices' prices), is now the default catalog's
    moved = {c[0] for c in cur.changed if c[1] == "catalog"}
    assert moved == {ws[f"A{r}"].value for r in ftcost_rows} | {"gpt-4.1", "gpt-4.1-mini"}
    assert "Current models (priced on 2026-12-01):" in rep.lines()
    after = openpyxl.load_workbook(p)[CUR]
    assert [after[f"A{r}"].value for r in range(CUR_FIRST, mine + 1)] == [*ids[:n], "my-llm"]
    assert after[f"C{k}"].value == 9.99 and after[f"C{mine}"].value == 0.5
    assert after[f"{catalog_col}{ftcost_rows[0]}"].value.startswith("ftcost default")
    t = read_filled_template(p)
    assert t.prices.get("my-llm").base_output == 1.5 and "my-llm" in t.prices.current_models
    assert t.prices.get("gpt-5.4").base_input == 9.99
    rep2 = update_prices(p, "default", reset_edits=True)  # the data's value back
    assert rep2.current.changed == [("gpt-5.4", "base_input", 9.99, 2.5)]
    assert rep2.current.kept_user == ["my-llm"]
    assert read_filled_template(p).prices.get("gpt-5.4").base_input == 2.5
