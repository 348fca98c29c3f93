"""`update_prices`: refresh the Providers table of a filled-in template from price data, and
the rows `ftcost template` put in its Current models table (re-priced on the workbook's As of
date: ftcost's catalog first, then genai-prices), the same way.

It edits the file's XML (`ftcost.template.xmlpatch`) in place of a load-and-save round trip:
openpyxl would drop what it does not model (shapes, sparklines, slicers, extensions) from a
workbook Excel saved, and the promise is that nothing outside the Providers table changes.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import fields
from ..errors import FtCostError, WorkbookError
from ..pricing import PriceSet, load_prices
from ..xlsxio import write_atomically
from .layout import (
    ALT_INPUTS,
    CUR,
    CUR_FIRST,
    CUR_HEADER_ROW,
    CUR_LAST,
    CUR_TABLE_NAME,
    CURRENT_FIELDS,
    META,
    META_CUR_COL,
    META_IDS_FIRST,
    PROV,
    PROV_FIRST,
    PROV_HEADER_ROW,
    PROV_LAST,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    meta_rows,
)
from .read import TemplateFile, current_columns, current_rows, provider_rows
from .xmlpatch import Patch, rewrite

__all__ = ["UpdateReport", "update_prices"]

_TEXT_FIELDS = fields.names(fields.PRICE, "text")  # provider, name, source, notes
_MODEL_INPUTS = ("base_model", "ft_model", *(i.name for i in ALT_INPUTS if i.kind == "model"))


@dataclass
class CurrentReport:
    """What `update_prices` changed in the Current models table (its shipped rows only)."""

    as_of: str  # the day the current models were priced on
    changed: list[tuple[str, str, object, object]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # rows kept, marked in their notes
    kept_user: list[str] = field(default_factory=list)
    kept_edits: list[tuple[str, str, object, object]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # not priced (genai-prices lacks them)

    def lines(self) -> list[str]:
        out = [f"Current models (priced on {self.as_of}):"]
        if not (self.changed or self.added or self.removed):
            out.append("  no change")
        for mid, f, old, new in self.changed:
            out.append(f"  {mid}.{f}: {_show(old)} → {_show(new)}")
        if self.added:
            out.append("  added: " + ", ".join(self.added))
        if self.removed:
            out.append(
                "  no longer listed (rows kept, marked in Notes): " + ", ".join(self.removed)
            )
        for mid, f, mine, data in self.kept_edits:
            out.append(f"  your edit kept: {mid}.{f}: yours {_show(mine)}, data {_show(data)}")
        if self.kept_user:
            out.append("  your own rows, kept as they were: " + ", ".join(self.kept_user))
        if self.left_out:
            out.append("  left out (no price): " + "; ".join(self.left_out))
        return out


@dataclass
class UpdateReport:
    """What `update_prices` changed."""

    path: str
    backup: str
    prices: str  # the price data's name and version
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str, object, object]] = field(
        default_factory=list
    )  # id, field, old, new
    kept_user: list[str] = field(default_factory=list)  # the user's own rows
    kept_in_use: list[str] = field(default_factory=list)  # removed ones an input still names
    # the user's edits to shipped values, kept (id, field, the user's value, the data's value)
    kept_edits: list[tuple[str, str, object, object]] = field(default_factory=list)
    shadowed: list[str] = field(default_factory=list)  # ids of the data the user's own row has
    edits_known: bool = True  # False: the workbook does not record what the data gave it
    unscanned: list[str] = field(default_factory=list)  # big sheets of the user's, not read
    unchanged: int = 0
    # columns of the price data this workbook lacks (made before they existed): not written
    missing_columns: list[str] = field(default_factory=list)
    # the Current models table: the same, for the rows update-prices put there
    current: CurrentReport | None = None

    @property
    def changed_models(self) -> list[str]:
        return sorted({c[0] for c in self.changed})

    def lines(self) -> list[str]:
        out = [f"updated {self.path} from {self.prices}", f"backup: {self.backup}"]
        if not (self.added or self.removed or self.changed):
            out.append("prices: no change")
        prices = [c for c in self.changed if c[1] not in _TEXT_FIELDS]
        texts = sorted({c[0] for c in self.changed if c[1] in _TEXT_FIELDS})
        if prices:
            models = len({c[0] for c in prices})
            out.append(f"prices and dates changed ({models} models):")
            for mid, f, old, new in prices:
                out.append(f"  {mid}.{f}: {_show(old)} → {_show(new)}")
        if texts:
            out.append(f"{'/'.join(_TEXT_FIELDS)} updated: " + ", ".join(texts))
        if self.added:
            out.append("models added: " + ", ".join(self.added))
        if self.removed:
            out.append(
                "no longer in the price data (rows kept, marked in Notes): "
                + ", ".join(self.removed)
            )
        if self.kept_in_use:
            out.append("  of these, your inputs use: " + ", ".join(self.kept_in_use))
        if self.kept_edits:
            out.append(f"your edits kept ({len(self.kept_edits)}; --reset-edits takes the data's):")
            for mid, f, mine, data in self.kept_edits:
                out.append(f"  {mid}.{f}: yours {_show(mine)}, price data {_show(data)}")
        if self.shadowed:
            out.append(
                "your own rows with ids the price data has, kept (the data's not added): "
                + ", ".join(self.shadowed)
            )
        if not self.edits_known:
            out.append(
                "this workbook does not record what the price data put in it, so values that "
                "differ were taken from the data (your old values are in the backup)"
            )
        if self.missing_columns:
            out.append(
                "not in this workbook's Providers table (a newer template has them): "
                + ", ".join(self.missing_columns)
            )
        if self.kept_user:
            out.append("your own rows, kept as they were: " + ", ".join(self.kept_user))
        if self.current is not None:
            out += self.current.lines()
        if self.unscanned:
            out.append(
                "not read (too big): your sheet(s) "
                + ", ".join(repr(x) for x in self.unscanned)
                + ": if their formulas use Providers cells, LibreOffice shows old results until "
                "you recalculate (Data ▸ Calculate ▸ Recalculate Hard); Excel recalculates itself"
            )
        out.append(f"unchanged: {self.unchanged} models; no row moved; every input, comment and "
                   "everything outside the cells listed above kept")  # fmt: skip
        return out

    def as_dict(self) -> dict:
        d = _as_dict(self)
        if self.current is not None:
            d["current"] = _as_dict(self.current)
        return d


def _as_dict(r) -> dict:
    d = {k: getattr(r, k) for k in r.__dataclass_fields__}
    for key in ("changed", "kept_edits"):
        d[key] = [
            {"model": m, "field": f, "old": _plain(o), "new": _plain(n)}
            for m, f, o, n in getattr(r, key)
        ]
    return d


def _plain(v):
    return v.isoformat() if isinstance(v, _dt.date) else v


def _show(v) -> str:
    if v is None:
        return "(blank)"
    if isinstance(v, _dt.datetime) and v.time() == _dt.time(0):  # a date cell
        v = v.date()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str) and len(v) > 60:
        return repr(v[:57] + "...")
    return repr(v) if isinstance(v, str) else str(v)


def _same(a, b) -> bool:
    if isinstance(a, _dt.datetime):
        a = a.date()
    if isinstance(b, _dt.datetime):
        b = b.date()
    if a in ("", None) and b in ("", None):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b) and a is not None and b is not None
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


def _backup_path(p: Path) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    cand = p.with_name(f"{p.stem}.backup-{stamp}{p.suffix}")
    n = 2
    while cand.exists():
        cand = p.with_name(f"{p.stem}.backup-{stamp}-{n}{p.suffix}")
        n += 1
    return cand


_NOT_IN_DATA = "Not in the price data since "  # how a row the data dropped is marked (notes)


def update_prices(
    path: str | os.PathLike,
    prices: PriceSet | str | os.PathLike | None = None,
    *,
    reset_edits: bool = False,
) -> UpdateReport:
    """Refresh the Providers table of a filled-in template from price data (and the shipped
    rows of its Current models table, `UpdateReport.current`); back up first.

    Rows never move (so comments, notes beside the table and formulas elsewhere that address a
    Providers cell stay with their model): a model's row gets the data's values in place; a
    model new to the data is added below the last row; a model the data no longer lists keeps
    its row, marked in its notes. A price the user edited (it differs from what the price data
    put there last time, or is a formula) is kept unless ``reset_edits``. Rows the user added
    are kept as they were. Raises WorkbookError (leaving the file untouched) when the workbook
    is not ours, is damaged, or is absurd (a zip bomb).
    """
    from openpyxl.utils import get_column_letter

    p = Path(path)
    if not p.is_file():
        TemplateFile(p)  # raises the right message (missing, a folder...)
    original = p.read_bytes()
    book = TemplateFile(p, original)  # validates: ours, readable, Providers header intact
    new_ps = load_prices(prices)
    if book.header_row != PROV_HEADER_ROW:
        raise WorkbookError(
            f"{p}: {PROV}: the table header moved to row {book.header_row} (the template has it "
            f"on row {PROV_HEADER_ROW}): update-prices cannot place rows safely"
        )
    old_rows = provider_rows(book, formulas=True)
    shipped, baseline = _shipped(book)
    in_use = set()
    for name in _MODEL_INPUTS:
        if name in book.defined_names:
            sheet, coord = book.named_cell(name)
            c = book.cell(sheet, coord)
            if c is not None and isinstance(c.value, str):
                in_use.add(c.value.strip().lower())
    new_ids = {m.id for m in new_ps.models}
    header = dict(zip(PROVIDER_FIELDS, PROVIDER_HEADERS, strict=True))
    label = f"{new_ps.name}" + (f" {new_ps.version}" if new_ps.version else "")
    report = UpdateReport(
        path=str(p),
        backup="",
        prices=f"price data {label}",
        missing_columns=[header[f] for f in PROVIDER_FIELDS if f not in book.columns],
        edits_known=baseline is not None,
    )
    col = book.columns
    first_row: dict[str, tuple[int, dict]] = {}
    for r, raw in old_rows:
        mid = raw.get("id")
        key = str(mid).strip().lower() if mid is not None else ""
        if key and key not in first_row:
            first_row[key] = (r, raw)
        elif key:
            report.kept_user.append(f"{mid} (row {r}, a second row with that id)")
            continue
        if key not in shipped:
            report.kept_user.append(str(mid) if key else f"row {r}")
    writes: dict[int, dict[int, object]] = {}
    appended: list = []
    for m in new_ps.models:
        hit = first_row.get(m.id)
        if hit is None:
            appended.append(m)
            continue
        r, raw = hit
        if m.id not in shipped:  # the user's own row with an id the data now has: theirs wins
            report.shadowed.append(m.id)
            continue
        base = (baseline or {}).get(m.id)
        row_writes: dict[int, object] = {}
        kept = False
        for f in PROVIDER_FIELDS:
            if f not in col:
                continue
            cell = book.cell(PROV, f"{get_column_letter(col[f])}{r}")
            formula = cell is not None and cell.formula is not None
            cur, new = raw.get(f), getattr(m, f)  # cur: "=…" for a formula
            if not formula and (_same(cur, new) or _blank_default(f, cur, new)):
                continue
            edited = formula or (base is not None and not _same_or_default(f, cur, base.get(f)))
            if edited and not reset_edits:
                report.kept_edits.append((m.id, f, cur, new))
                kept = True
                continue
            row_writes[col[f]] = new
            report.changed.append((m.id, f, cur, new))
        if row_writes:
            writes[r] = row_writes
        elif not kept:
            report.unchanged += 1
    for key, raw in _mark_removed(shipped, new_ids, first_row, col, label, writes):
        report.removed.append(str(raw.get("id")))
        if key in in_use:
            report.kept_in_use.append(str(raw.get("id")))
    last_used = max([r for r, _ in old_rows] + [PROV_HEADER_ROW])
    new_rows = _rows_below(
        book, PROV, col, last_used, PROV_FIRST, PROV_LAST, [m.id for m in appended]
    )
    for r, m in zip(new_rows, appended, strict=True):
        writes[r] = {c: getattr(m, f) for f, c in col.items()}
        report.added.append(m.id)
    table_last = last_used + len(appended)
    # the hidden sheet: which ids the price data put in the table, and the values it gave them
    ids = [*shipped, *(m.id for m in appended if m.id not in shipped)]
    values = dict(baseline or {})
    for m in new_ps.models:
        values[m.id] = {f: getattr(m, f) for f in PROVIDER_FIELDS}
    meta = [list(kv) for kv in meta_rows(new_ps)]
    meta += [[] for _ in range(META_IDS_FIRST - 1 - len(meta))]
    meta += [[i, *(values.get(i, {}).get(f) for f in PROVIDER_FIELDS)] for i in ids]
    patch, cur_meta = _update_current(book, new_ps, label, reset_edits, report)
    for k, row in enumerate(cur_meta):  # beside the Providers ids, from the same row
        r = META_IDS_FIRST - 1 + k
        while len(meta) <= r:
            meta.append([])
        meta[r] = list(meta[r]) + [None] * (META_CUR_COL - 1 - len(meta[r])) + row
    data = rewrite(
        original,
        book,
        writes,
        _column_styles(
            book,
            PROV,
            book.columns,
            (PROV_FIRST, PROV_FIRST + 1, *(r for r, _ in old_rows[:3]), PROV_LAST),
        ),
        table_last,
        meta,
        report.unscanned,
        others=(patch,) if patch is not None else (),
    )
    # check the new workbook reads back as intended before the user's file is touched
    got = {str(raw.get("id")) for _r, raw in provider_rows(TemplateFile(p, data), True)}
    if not new_ids <= {g.lower() for g in got}:  # pragma: no cover - a bug of ours
        raise FtCostError(f"update-prices: internal check failed ({sorted(new_ids - got)})")

    def write(tmp: str) -> None:  # the backup first (atomically too), then the new file
        backup = _backup_path(p)
        write_atomically(
            backup, lambda t: Path(t).write_bytes(original), force=False, what="backup"
        )
        report.backup = str(backup)
        Path(tmp).write_bytes(data)

    write_atomically(p, write, force=True, what="update-prices")
    return report


def _mark_removed(shipped, new_ids, first_row: dict, col: dict, label: str, writes: dict):
    """The rows the price data put in a table and no longer has, (key, raw row) each: kept,
    their notes marked as no longer in the data (once) in ``writes``."""
    out = []
    for key in shipped:
        if key in new_ids or key not in first_row:
            continue
        r, raw = first_row[key]
        notes = raw.get("notes")
        if "notes" in col and not (isinstance(notes, str) and notes.startswith(_NOT_IN_DATA)):
            mark = f"{_NOT_IN_DATA}{label} (kept by update-prices)."
            writes.setdefault(r, {})[col["notes"]] = f"{mark} {notes}" if notes else mark
        out.append((key, raw))
    return out


def _rows_below(
    book: TemplateFile, sheet: str, col: dict, last_used: int, first: int, last: int, ids: list
) -> range:
    """The rows under ``last_used`` for new models ``ids``: inside the rows the formulas see
    (``first``–``last``), and never over a formula of the user's."""
    from openpyxl.utils import get_column_letter

    if last_used + len(ids) > last:
        raise WorkbookError(
            f"{book.path}: {sheet}: {len(ids)} new models do not fit below row {last_used} (the "
            f"formulas cover rows {first}–{last}): delete unused rows and retry"
        )
    rows = range(last_used + 1, last_used + 1 + len(ids))
    for r, mid in zip(rows, ids, strict=True):
        for c in range(min(col.values()), max(col.values()) + 1):  # never overwrite a formula
            cell = book.cell(sheet, f"{get_column_letter(c)}{r}")
            if cell is not None and cell.formula is not None:
                raise WorkbookError(
                    f"{sheet}!{get_column_letter(c)}{r} holds a formula and the new model "
                    f"{mid} needs that row: move it and run update-prices again"
                )
    return rows


def _same_or_default(f: str, cur, base) -> bool:
    return _blank_default(f, cur, base) or _same(cur, base)


def _blank_default(f: str, cur, value) -> bool:
    """A blank bool cell is its field's default (open_weights false, production true)."""
    field = fields.by_name(f)
    return field.kind == "bool" and cur is None and bool(value) == field.default


def _column_styles(book: TemplateFile, sheet: str, col: dict, rows) -> dict[int, str | None]:
    """Each table column's cell style (the first of ``rows`` that has one), for rows added
    below."""
    from openpyxl.utils import get_column_letter

    out: dict[int, str | None] = {}
    for c in col.values():
        out[c] = None
        for r in rows:
            cell = book.cell(sheet, f"{get_column_letter(c)}{r}")
            if cell is not None and cell.style is not None:
                out[c] = cell.style
                break
    return out


def _shipped(book: TemplateFile) -> tuple[list[str], dict[str, dict] | None]:
    """The ids the price data put in the table (the hidden sheet lists them; the rest are the
    user's) and the values it gave them: the hidden sheet's, when update-prices wrote them;
    for a template as `ftcost template` made it, its price set's when that set (same name and
    version) can still be loaded; else None (edits cannot be told from older data)."""
    if META not in book.sheetnames:
        return [], None
    get = {}
    for (r, c), cell in book.cells.get(META, {}).items():
        get[(r, c)] = cell.value if cell.formula is None else None
    ids: list[str] = []
    values: dict[str, dict] = {}
    recorded = False
    for r in range(META_IDS_FIRST, max([r for r, _ in get] + [0]) + 1):
        v = get.get((r, 1))
        if not (isinstance(v, str) and v.strip()):
            continue
        key = v.strip().lower()
        ids.append(key)
        row = {f: get.get((r, 2 + k)) for k, f in enumerate(PROVIDER_FIELDS)}
        if any(x is not None for x in row.values()):
            recorded = True
        values[key] = row
    if recorded:
        return ids, values
    meta = {get.get((r, 1)): get.get((r, 2)) for r in range(1, META_IDS_FIRST)}
    name, version = meta.get("price set"), meta.get("price set version")
    try:
        ps = load_prices(name) if isinstance(name, str) and name else None
    except FtCostError:
        ps = None
    if ps is None or str(ps.version or "") != str(version or ""):
        return ids, None
    return ids, {m.id: {f: getattr(m, f) for f in PROVIDER_FIELDS} for m in ps.models}


# ---------------------------------------------------------------- the Current models table


def _as_date(v):
    """A date cell's value as a date: a datetime, an ISO text (the hidden sheet's record) or a
    serial number; anything else as it is."""
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v.strip())
        except ValueError:
            return v
    if isinstance(v, int | float) and not isinstance(v, bool) and 1 < v < 200_000:
        return _dt.date(1899, 12, 30) + _dt.timedelta(days=int(v))
    return v


def _cur_same(f: str, a, b) -> bool:
    if f == "checked":
        a, b = _as_date(a), _as_date(b)
    return _same(a, b)


def _workbook_as_of(book: TemplateFile) -> _dt.date:
    """The workbook's As of date (its Break-even cell), else the default as-of day."""
    from ..lifecycle import parse_as_of

    if "as_of" in book.defined_names:
        sheet, coord = book.named_cell("as_of")
        c = book.cell(sheet, coord)
        v = _as_date(c.value) if c is not None and c.formula is None else None
        if isinstance(v, _dt.date):
            return v
    return parse_as_of(None)


def _update_current(book: TemplateFile, new_ps: PriceSet, label: str, reset_edits: bool, report):
    """The Current models table's shipped rows refreshed (values only, as the Providers rows
    are): the current models priced with ``new_ps`` on the workbook's As of date. Rows never
    move; the user's rows and edits are kept; a model new to the list goes below the last row.
    Returns (the sheet's Patch or None without the table, the hidden sheet's new record)."""
    from openpyxl.utils import get_column_letter

    from .sheets.current import current_models, row_values

    found = current_columns(book)
    if found is None:  # a template made before the table existed
        return None, []
    header_row, col = found
    if header_row != CUR_HEADER_ROW:
        raise WorkbookError(
            f"{book.path}: {CUR}: the table header moved to row {header_row} (the template has "
            f"it on row {CUR_HEADER_ROW}): update-prices cannot place rows safely"
        )
    day = _workbook_as_of(book)
    rows, left = current_models(new_ps, day)
    cr = CurrentReport(as_of=day.isoformat(), left_out=left)
    report.current = cr
    shipped, baseline = _current_shipped(book)
    old_rows = current_rows(book, formulas=True)
    first_row: dict[str, tuple[int, dict]] = {}
    for r, raw in old_rows:
        mid = raw.get("id")
        key = str(mid).strip().lower() if mid is not None else ""
        if key and key not in first_row:
            first_row[key] = (r, raw)
            if key not in shipped:
                cr.kept_user.append(str(mid))
        elif not key:
            cr.kept_user.append(f"row {r}")
    writes: dict[int, dict[int, object]] = {}
    appended, record = [], []
    new_ids = set()
    for m, catalog in rows:
        values = row_values(m, catalog)
        key = m.id.lower()
        new_ids.add(key)
        hit = first_row.get(key)
        if hit is None:
            appended.append(values)
            record.append(values)
            continue
        if key not in shipped:  # the user's own row with that id: theirs wins
            continue
        record.append(values)
        r, raw = hit
        base = baseline.get(key)
        for f, c in col.items():
            cell = book.cell(CUR, f"{get_column_letter(c)}{r}")
            formula = cell is not None and cell.formula is not None
            cur, new = raw.get(f), values.get(f)
            if f == "checked" and not formula:
                cur = _as_date(cur)  # said as a date, not a datetime
            if not formula and _cur_same(f, cur, new):
                continue
            edited = formula or (base is not None and not _cur_same(f, cur, base.get(f)))
            if edited and not reset_edits:
                cr.kept_edits.append((m.id, f, cur, new))
                continue
            writes.setdefault(r, {})[c] = new
            cr.changed.append((m.id, f, cur, new))
    for key, raw in _mark_removed(shipped, new_ids, first_row, col, label, writes):
        cr.removed.append(str(raw.get("id")))
        record.append(baseline.get(key) or {"id": raw.get("id")})  # still shipped: kept
    last_used = max([r for r, _ in old_rows] + [CUR_HEADER_ROW])
    new_ids_in_order = [str(v["id"]) for v in appended]
    new_rows = _rows_below(book, CUR, col, last_used, CUR_FIRST, CUR_LAST, new_ids_in_order)
    for r, values in zip(new_rows, appended, strict=True):
        writes[r] = {c: values.get(f) for f, c in col.items()}
        cr.added.append(str(values["id"]))
    styles = _column_styles(book, CUR, col, (CUR_FIRST, CUR_LAST))
    patch = Patch(
        sheet=CUR,
        writes=writes,
        col_styles=styles,
        table=CUR_TABLE_NAME,
        header_row=CUR_HEADER_ROW,
        first_col=min(col.values()),
        last_col=max(col.values()),
        table_last=last_used + len(appended),
    )
    meta = [
        [
            v.isoformat() if isinstance(v, _dt.date) else v
            for v in (row.get(f) for f in CURRENT_FIELDS)
        ]
        for row in record
    ]
    return patch, meta


def _current_shipped(book: TemplateFile) -> tuple[list[str], dict[str, dict]]:
    """The ids update-prices (or `ftcost template`) put in the Current models table, lower
    case, and the values it gave them (the hidden sheet's record)."""
    ids: list[str] = []
    values: dict[str, dict] = {}
    for (r, c), cell in sorted(book.cells.get(META, {}).items()):
        if c != META_CUR_COL or r < META_IDS_FIRST or not isinstance(cell.value, str):
            continue
        key = cell.value.strip().lower()
        if not key or key in values:
            continue
        ids.append(key)
        values[key] = {
            f: (x.value if (x := book.cells[META].get((r, META_CUR_COL + j))) else None)
            for j, f in enumerate(CURRENT_FIELDS)
        }
    return ids, values
