"""`update_prices`: refresh the Providers table of a filled-in template from price data.

It edits the file's XML (`ftcost.template.xmlpatch`) in place of a load-and-save round trip:
openpyxl would drop what it does not model (shapes, sparklines, slicers, extensions) from a
workbook Excel saved, and the promise is that nothing outside the Providers table changes.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import fields
from ..errors import FtCostError, WorkbookError
from ..pricing import PriceSet, load_prices
from ..xlsxio import write_atomically
from .layout import (
    ALT_INPUTS,
    CAPACITY,
    META,
    META_IDS_FIRST,
    PROV,
    PROV_HEADER_ROW,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
)
from .read import TemplateFile, provider_rows
from .xmlpatch import rewrite

__all__ = ["UpdateReport", "update_prices"]

_TEXT_FIELDS = fields.names(fields.PRICE, "text")  # provider, name, source, notes
_MODEL_INPUTS = ("base_model", "ft_model", *(i.name for i in ALT_INPUTS if i.kind == "model"))


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
    kept_in_use: list[str] = field(default_factory=list)  # gone from the data, but an input uses it
    unchanged: int = 0
    # columns of the price data this workbook lacks (made before they existed): not written
    missing_columns: list[str] = field(default_factory=list)

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
            out.append("models removed (no longer in the price data): " + ", ".join(self.removed))
        if self.kept_in_use:
            out.append(
                "kept though no longer in the price data (your inputs use them): "
                + ", ".join(self.kept_in_use)
            )
        if self.missing_columns:
            out.append(
                "not in this workbook's Providers table (a newer template has them): "
                + ", ".join(self.missing_columns)
            )
        if self.kept_user:
            out.append("your own rows, kept as they were: " + ", ".join(self.kept_user))
        out.append(f"unchanged: {self.unchanged} models; every input and everything outside the "
                   "Providers table kept")  # fmt: skip
        return out

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["changed"] = [
            {"model": m, "field": f, "old": _plain(o), "new": _plain(n)}
            for m, f, o, n in self.changed
        ]
        return d


def _plain(v):
    return v.isoformat() if isinstance(v, _dt.date) else v


def _show(v) -> str:
    if v is None:
        return "(blank)"
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


def update_prices(
    path: str | os.PathLike, prices: PriceSet | str | os.PathLike | None = None
) -> UpdateReport:
    """Refresh the Providers table of a filled-in template from price data; back up first.

    Rows of models in the price data get its values; models it no longer lists are removed
    unless an input still names them; rows the user added are kept as they were. Raises
    WorkbookError (leaving the file untouched) when the workbook is not ours or is damaged.
    """
    p = Path(path)
    original = p.read_bytes() if p.is_file() else None
    book = TemplateFile(p)  # validates: ours, readable, Providers header intact
    new_ps = load_prices(prices)
    old_rows = provider_rows(book)
    shipped = _shipped_ids(book)
    in_use = set()
    for name in _MODEL_INPUTS:
        if name in book.wb.defined_names:
            sheet, coord = book.named_cell(name)
            v = book.wb[sheet][coord].value
            if isinstance(v, str):
                in_use.add(v.strip().lower())
    new_ids = {m.id for m in new_ps.models}
    header = dict(zip(PROVIDER_FIELDS, PROVIDER_HEADERS, strict=True))
    report = UpdateReport(
        path=str(p),
        backup="",
        prices=f"price data {new_ps.name}" + (f" {new_ps.version}" if new_ps.version else ""),
        missing_columns=[header[f] for f in PROVIDER_FIELDS if f not in book.columns],
    )
    by_id: dict[str, dict] = {}
    kept: list[tuple[int, dict]] = []
    for r, raw in old_rows:
        mid = raw.get("id")
        key = str(mid).strip().lower() if mid is not None else ""
        if key in new_ids and key not in by_id:
            by_id[key] = raw
            continue
        if key and key in shipped and key not in new_ids:
            if key in in_use:
                report.kept_in_use.append(str(mid))
                kept.append((r, raw))
            else:
                report.removed.append(str(mid))
            continue
        if key in by_id:  # a second row with an id the data has: the user's copy, keep it
            report.kept_user.append(str(mid))
        else:
            report.kept_user.append(str(mid) if key else f"row {r}")
        kept.append((r, raw))
    for m in new_ps.models:
        old = by_id.get(m.id)
        if old is None:
            report.added.append(m.id)
            continue
        diffs = [
            (m.id, f, old.get(f), getattr(m, f))
            for f in PROVIDER_FIELDS
            if f in book.columns
            and not _same(old.get(f), getattr(m, f))
            and not (f == "open_weights" and old.get(f) is None and not getattr(m, f))
        ]
        report.changed += diffs
        if not diffs:
            report.unchanged += 1
    n_rows = len(new_ps.models) + len(kept)
    if n_rows > CAPACITY:
        raise WorkbookError(
            f"{p}: {PROV}: {n_rows} rows would exceed the {CAPACITY} the formulas cover"
        )
    if book.header_row != PROV_HEADER_ROW:
        raise WorkbookError(
            f"{p}: {PROV}: the table header moved to row {book.header_row} (the template has it "
            f"on row {PROV_HEADER_ROW}): update-prices cannot place rows safely"
        )
    data = rewrite(p, original, book, new_ps, old_rows, kept)
    # check the new workbook reads back as intended before the user's file is touched
    got = [str(raw.get("id")) for _r, raw in provider_rows(TemplateFile(p, data))]
    want = [m.id for m in new_ps.models] + [str(raw.get("id")) for _r, raw in kept]
    if got != want:  # pragma: no cover - a bug of ours; never replace the user's file then
        raise FtCostError(f"update-prices: internal check failed ({got} != {want})")

    def write(tmp: str) -> None:  # the new file beside the old one, then a backup, then the swap
        Path(tmp).write_bytes(data)
        backup = _backup_path(p)
        shutil.copy2(p, backup)
        report.backup = str(backup)

    write_atomically(p, write, force=True, what="update-prices")
    return report


def _shipped_ids(book: TemplateFile) -> set[str]:
    """Ids the price data put in the table (the hidden sheet lists them); the rest are the user's."""
    if META not in book.wb.sheetnames:
        return set()
    ws = book.wb[META]
    out = set()
    for r in range(META_IDS_FIRST, ws.max_row + 1):
        v = ws.cell(row=r, column=1).value
        if isinstance(v, str) and v.strip():
            out.add(v.strip().lower())
    return out
