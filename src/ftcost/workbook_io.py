"""Filled-in templates: read a user's scenario and prices back, refresh their Providers table.

Reading takes the *input* cells (values, not formula results), so it works on a workbook saved
by Excel or LibreOffice and on one written by openpyxl with no cached values. Every problem is a
`WorkbookError` naming sheet and cell.

`update_prices` edits the file's XML in place of a load-and-save round trip: openpyxl would drop
what it does not model (shapes, sparklines, slicers, extensions) from a workbook Excel saved, and
the promise is that nothing outside the Providers table changes. Only the Providers sheet's
table rows, the table's range, the hidden ``ftcost`` sheet and the recalculate-on-open flag are
rewritten; every other part of the file is copied byte for byte.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import tempfile
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

from .errors import FtCostError, InputError, PriceFileError, UnknownModel, WorkbookError
from .model import PLAN_FIELDS, WORKLOAD_FIELDS, TrainingPlan, Workload
from .pricing import PriceSet, load_prices, price_set_from_entries
from .template import (
    ALT_INPUTS,
    BE,
    CAPACITY,
    CHOICES,
    DEC_INPUTS,
    INPUT,
    META,
    META_IDS_FIRST,
    PRIORITIES,
    PROV,
    PROV_FIRST,
    PROV_HEADER_ROW,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    TABLE_NAME,
    TEMPLATE_VERSION,
    AlternativeInputs,
    DecisionInputs,
    FilledTemplate,
)
from .units import fmt_tokens, parse_share, parse_tokens

__all__ = ["UpdateReport", "read_filled_template", "update_prices"]

_TEXT_FIELDS = ("provider", "name", "source", "notes")
_MODEL_INPUTS = ("base_model", "ft_model", *(i.name for i in ALT_INPUTS if i.kind == "model"))
_OPTIONAL = {"training_hours", "retrain_every", "monthly_tokens"}
_LABELS = {i.name: i.label for i in (*INPUT.values(), *ALT_INPUTS, *DEC_INPUTS)}


# ---------------------------------------------------------------- opening


class _Book:
    """An opened workbook: formulas and, when needed, the cached values Excel/LibreOffice saved."""

    def __init__(self, path: Path):
        import openpyxl

        self.path = path
        if not path.exists():
            raise WorkbookError(f"{path}: no such file")
        if path.is_dir():
            raise WorkbookError(f"{path}: is a folder, not a workbook")
        if not zipfile.is_zipfile(path):  # an .xlsx is a zip archive; anything else is not one
            raise WorkbookError(
                f"{path}: not a readable .xlsx workbook (damaged, or another format)"
            )
        try:
            with warnings.catch_warnings():
                # Excel's extensions openpyxl does not model (x14 validations...) only warn; the
                # reader takes values, so they do not matter here.
                warnings.simplefilter("ignore")
                self.wb = openpyxl.load_workbook(path, data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, ET.ParseError) as e:
            raise WorkbookError(
                f"{path}: not a readable .xlsx workbook ({type(e).__name__}: {e})"
            ) from None
        except Exception as e:  # openpyxl raises many kinds on a damaged file
            raise WorkbookError(f"{path}: damaged workbook ({type(e).__name__}: {e})") from None
        self._cached = None
        self._check_ours()

    def _check_ours(self) -> None:
        hint = "; make one with `ftcost template`"
        for sheet in (PROV, BE):
            if sheet not in self.wb.sheetnames:
                raise WorkbookError(
                    f"{self.path}: not an ftcost template (no sheet {sheet!r}){hint}"
                )
        for name in (*INPUT, "model_list"):
            if name not in self.wb.defined_names:
                raise WorkbookError(
                    f"{self.path}: not an ftcost template, or damaged (no defined name {name!r}){hint}"
                )
        self.header_row, self.columns = _provider_columns(self.wb[PROV], self.path)

    def cached(self):
        if self._cached is None:
            import openpyxl

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._cached = openpyxl.load_workbook(self.path, data_only=True)
        return self._cached

    def value(self, sheet: str, coord: str):
        """The value a user sees in a cell: a typed value, or a formula's saved result."""
        cell = self.wb[sheet][coord]
        v = cell.value
        if cell.data_type == "f":  # text that only looks like a formula ("=1+1") is text
            v = self.cached()[sheet][coord].value
            if v is None:
                raise WorkbookError(
                    f"{sheet}!{coord} holds a formula with no saved result: type a value, or open "
                    "and save the workbook in Excel or LibreOffice first"
                )
        if hasattr(v, "text") and not isinstance(v, str):  # a rich-text cell
            v = str(v)
        return v

    def named_cell(self, name: str) -> tuple[str, str]:
        dn = self.wb.defined_names.get(name)
        dests = list(dn.destinations) if dn is not None else []
        if len(dests) != 1 or ":" in dests[0][1] or dests[0][0] not in self.wb.sheetnames:
            raise WorkbookError(
                f"{self.path}: the defined name {name!r} no longer points at one cell "
                f"({dn.attr_text if dn is not None else 'missing'}): the workbook is damaged"
            )
        sheet, coord = dests[0]
        return sheet, coord.replace("$", "")


def _provider_columns(ws, path: Path) -> tuple[int, dict[str, int]]:
    """(header row, {field: column index}) of the Providers table, found by its header texts."""
    for r in range(1, 21):
        texts = {}
        for c in range(1, ws.max_column + 1):
            v = ws.cell(row=r, column=c).value
            if isinstance(v, str):
                texts[v.strip()] = c
        if PROVIDER_HEADERS[0] in texts:
            missing = [h for h in PROVIDER_HEADERS if h not in texts]
            if missing:
                raise WorkbookError(
                    f"{path}: {PROV}!{r}: the Providers table lacks column(s) "
                    + ", ".join(repr(h) for h in missing)
                )
            return r, {f: texts[h] for f, h in zip(PROVIDER_FIELDS, PROVIDER_HEADERS, strict=True)}
    raise WorkbookError(f"{path}: {PROV}: no header row with {PROVIDER_HEADERS[0]!r}: damaged?")


# ---------------------------------------------------------------- reading


def _provider_rows(book: _Book) -> list[tuple[int, dict]]:
    """Non-blank rows under the Providers header: (row, {field: raw cell value})."""
    from openpyxl.utils import get_column_letter

    ws = book.wb[PROV]
    out = []
    for r in range(book.header_row + 1, max(ws.max_row, book.header_row) + 1):
        raw = {}
        for f, c in book.columns.items():
            v = book.value(PROV, f"{get_column_letter(c)}{r}")
            if isinstance(v, str) and not v.strip():
                v = None
            raw[f] = v
        if any(v is not None for v in raw.values()):
            out.append((r, raw))
    return out


def _entry(raw: dict) -> dict:
    """A Providers row as price-data fields (types as TOML would give them)."""
    out = {}
    for f, v in raw.items():
        if v is None:
            continue
        if f == "checked" and isinstance(v, _dt.datetime):
            v = v.date()
        elif f == "open_weights":
            if isinstance(v, str) and v.strip().lower() in ("yes", "true", "no", "false"):
                v = v.strip().lower() in ("yes", "true")
            elif isinstance(v, int | float) and not isinstance(v, bool) and v in (0, 1):
                v = bool(v)
        elif f == "max_example_tokens" and isinstance(v, float) and v.is_integer():
            v = int(v)
        elif f in ("id", "provider", "name", "status", "source", "notes") and not isinstance(
            v, str
        ):
            v = str(v) if not isinstance(v, float) or not v.is_integer() else str(int(v))
        elif isinstance(v, str) and f not in ("checked",):
            v = v.strip()
        out[f] = v
    out.setdefault("open_weights", False)
    return out


def _read_prices(book: _Book) -> PriceSet:
    from openpyxl.utils import get_column_letter

    entries = []
    for r, raw in _provider_rows(book):

        def locate(key, r=r):
            col = book.columns.get(key or "id")
            return f"{PROV}!{get_column_letter(col)}{r}"

        entries.append((_entry(raw), locate))
    try:
        return price_set_from_entries(
            entries, name=f"workbook {book.path.name}", source=f"{book.path}: {PROV}"
        )
    except PriceFileError as e:
        raise WorkbookError(str(e)) from None


def read_filled_template(path: str | os.PathLike) -> FilledTemplate:
    """The scenario and prices of a filled-in template (raises WorkbookError naming sheet!cell)."""
    book = _Book(Path(path))
    ps = _read_prices(book)
    vals: dict[str, object] = {}
    where: dict[str, str] = {}
    for name in (*PLAN_FIELDS, *WORKLOAD_FIELDS, "base_model", "ft_model"):
        sheet, coord = book.named_cell(name)
        v = book.value(sheet, coord)
        if isinstance(v, str) and not v.strip():
            v = None
        where[name] = f"{sheet}!{coord}"
        if v is None and name not in _OPTIONAL:
            raise WorkbookError(f"{where[name]} ({INPUT[name].label}) is blank: enter a value")
        vals[name] = v
    models = {}
    for name in ("base_model", "ft_model"):
        try:
            models[name] = ps.get(str(vals[name]).strip())
        except UnknownModel as e:
            raise WorkbookError(f"{where[name]} ({INPUT[name].label}): {e}") from None

    def build(cls, names):
        try:
            return cls(**{n: vals[n] for n in names})
        except InputError as e:
            arg = str(e).split(":", 1)[0]
            loc = where.get(arg, BE)
            label = INPUT[arg].label if arg in INPUT else arg
            raise WorkbookError(f"{loc} ({label}): {str(e).split(':', 1)[-1].strip()}") from None

    plan = build(TrainingPlan, PLAN_FIELDS)
    workload = build(Workload, WORKLOAD_FIELDS)
    tabs = _Tabs(book, ps)
    alternatives = tabs.alternatives(workload)
    decision = tabs.decision()
    return FilledTemplate(
        prices=ps,
        base=models["base_model"].id,
        candidate=models["ft_model"].id,
        plan=plan,
        workload=workload,
        path=str(book.path),
        decision=decision,
        alternatives=alternatives,
        cells=where | tabs.where,
    )


class _Tabs:
    """Reads the Decision and Alternatives tabs' inputs, each checked the way its formulas use it.

    Blank means what the template's formulas make of it: a blank question is not a "Yes"
    (so a blank "Is the task narrow?" counts as No, as the tab's verdict does), a blank choice is
    the Break-even tab's model; a blank number or model is refused, as the tab refuses it.
    """

    def __init__(self, book: _Book, ps: PriceSet) -> None:
        self.book, self.ps = book, ps
        self.where: dict[str, str] = {}

    def raw(self, name: str):
        sheet, coord = self.book.named_cell(name)
        self.where[name] = f"{sheet}!{coord}"
        v = self.book.value(sheet, coord)
        return None if isinstance(v, str) and not v.strip() else v

    def fail(self, name: str, msg: str) -> WorkbookError:
        return WorkbookError(f"{self.where[name]} ({_LABELS[name]}): {msg}")

    def choice(self, name: str, options: tuple[str, ...], blank: str | None) -> str | None:
        """One of ``options`` (any case, as Excel compares text); ``blank`` when empty."""
        v = self.raw(name)
        if v is None:
            return blank
        for o in options:
            if isinstance(v, str) and v.lower() == o.lower():
                return o
        said = ", ".join(repr(o) for o in options[:-1]) + f" or {options[-1]!r}"
        raise self.fail(name, f"pick {said} (the cell's list), got {v!r}")

    def number(self, name: str, parse=parse_tokens) -> float:
        v = self.raw(name)
        if v is None:
            raise self.fail(name, "is blank: enter a number")
        try:
            return parse(v, name)
        except InputError as e:
            raise self.fail(name, str(e).split(":", 1)[-1].strip()) from None

    def model(self, name: str) -> str:
        v = self.raw(name)
        if v is None:
            raise self.fail(name, "is blank: pick a model from the list")
        try:
            return self.ps.get(str(v).strip()).id
        except UnknownModel as e:
            raise self.fail(name, str(e)) from None

    def decision(self) -> DecisionInputs:
        yes = {
            key: self.choice(name, ("Yes", "No"), "No") == "Yes"
            for key, name in (
                ("narrow_task", "q_narrow_task"),
                ("prompt_solves", "q_prompt_solves"),
                ("changing_requirements", "q_changing"),
                ("needs_reasoning", "q_reasoning"),
                ("multi_task", "q_multi_task"),
            )
        }
        choose = self.choice("candidate_choice", CHOICES, CHOICES[0]) == CHOICES[1]
        priority = self.choice("priority", PRIORITIES, None)
        if priority is None:
            if choose:  # the tab cannot choose either
                raise self.fail("priority", f"is blank: pick {', '.join(PRIORITIES)}")
            priority = "cost"  # unused: the Break-even tab's model is the candidate
        high = self.number("high_volume")
        low = self.number("low_volume")
        if low > high:
            raise self.fail(
                "low_volume", f"{fmt_tokens(low)} is above the high volume ({fmt_tokens(high)})"
            )
        return DecisionInputs(
            **yes, choose_by_priority=choose, priority=priority, high_volume=high, low_volume=low
        )

    def alternatives(self, workload: Workload) -> AlternativeInputs:
        models = {
            n: self.model(n) for n in ("pe_model", "rag_model", "route_cheap", "route_premium")
        }
        nums = {
            n: self.number(n)
            for n in (
                "rag_requests",
                "rag_context_tokens",
                "rag_embedding_price",
                "rag_search_price",
                "rag_corpus_tokens",
                "route_router_price",
            )
        }
        nums["route_simple_share"] = self.number("route_simple_share", parse_share)
        if nums["rag_requests"] == 0 and (workload.monthly_tokens or 0) > 0:
            raise self.fail("rag_requests", "RAG needs the number of requests a month (> 0)")
        return AlternativeInputs(**models, **nums)


# ---------------------------------------------------------------- update-prices


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
            out.append("name, source or notes updated: " + ", ".join(texts))
        if self.added:
            out.append("models added: " + ", ".join(self.added))
        if self.removed:
            out.append("models removed (no longer in the price data): " + ", ".join(self.removed))
        if self.kept_in_use:
            out.append(
                "kept though no longer in the price data (your inputs use them): "
                + ", ".join(self.kept_in_use)
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


def _model_row(m) -> dict:
    d = {}
    for f in PROVIDER_FIELDS:
        d[f] = getattr(m, f)
    return d


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
    book = _Book(p)  # validates: ours, readable, Providers header intact
    new_ps = load_prices(prices)
    old_rows = _provider_rows(book)
    shipped = _shipped_ids(book)
    in_use = set()
    for name in _MODEL_INPUTS:
        if name in book.wb.defined_names:
            sheet, coord = book.named_cell(name)
            v = book.wb[sheet][coord].value
            if isinstance(v, str):
                in_use.add(v.strip().lower())
    new_ids = {m.id for m in new_ps.models}
    report = UpdateReport(
        path=str(p),
        backup="",
        prices=f"price data {new_ps.name}" + (f" {new_ps.version}" if new_ps.version else ""),
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
            if not _same(old.get(f), getattr(m, f))
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
    data = _rewrite(p, original, book, new_ps, old_rows, kept)
    # write the new file beside the old one, check it opens, then back up and swap
    fd, tmp = tempfile.mkstemp(prefix=".ftcost-", suffix=".xlsx", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        check = _Book(Path(tmp))
        got = [str(raw.get("id")) for _r, raw in _provider_rows(check)]
        want = [m.id for m in new_ps.models] + [str(raw.get("id")) for _r, raw in kept]
        if got != want:  # pragma: no cover - a bug of ours; never replace the user's file then
            raise FtCostError(f"update-prices: internal check failed ({got} != {want})")
        backup = _backup_path(p)
        shutil.copy2(p, backup)
        report.backup = str(backup)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return report


def _shipped_ids(book: _Book) -> set[str]:
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


# ---------------------------------------------------------------- XML surgery

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)
_CELL = re.compile(r"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_ATTR_R = re.compile(r'\br="([A-Z]+)(\d+)"')
_SHEETDATA = re.compile(
    r"<(?P<p>\w+:)?sheetData\b[^>]*?(?:/>|>.*?</(?P=p)?sheetData>)", re.S
)  # fmt: skip


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = []
    for part in (PurePosixPath(base).parent / target).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, resolved part name) of ``part``."""
    p = PurePosixPath(part)
    name = str(p.parent / "_rels" / (p.name + ".rels"))
    if name not in z.namelist():
        return {}
    root = ET.fromstring(z.read(name))
    return {
        r.get("Id"): (r.get("Type", ""), _resolve(part, r.get("Target", "")))
        for r in root.iter(f"{{{_NS_PKG}}}Relationship")
        if r.get("TargetMode") != "External"
    }


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    root = ET.fromstring(z.read("xl/workbook.xml"))
    rels = _rels(z, "xl/workbook.xml")
    out = {}
    for s in root.iter(f"{{{_NS_MAIN}}}sheet"):
        rid = s.get(f"{{{_NS_REL}}}id")
        if rid in rels:
            out[s.get("name")] = rels[rid][1]
    return out


def _cell_xml(coord: str, style: str | None, value) -> str:
    s = f' s="{style}"' if style is not None else ""
    if value is None or (isinstance(value, str) and value == ""):
        return f'<c r="{coord}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{coord}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, _dt.date):
        serial = (_dt.date(value.year, value.month, value.day) - _dt.date(1899, 12, 30)).days
        return f'<c r="{coord}"{s}><v>{serial}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{coord}"{s}><v>{float(value)!r}</v></c>'.replace(".0<", "<")
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{coord}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _rewrite(
    p: Path,
    original: bytes | None,
    book: _Book,
    ps: PriceSet,
    old_rows: list[tuple[int, dict]],
    kept: list[tuple[int, dict]],
) -> bytes:
    import io

    from openpyxl.formula.translate import Translator
    from openpyxl.utils import column_index_from_string, get_column_letter

    if original is None:  # pragma: no cover - _Book already refused it
        raise WorkbookError(f"{p}: no such file")
    zin = zipfile.ZipFile(io.BytesIO(original))
    parts = _sheet_parts(zin)
    if PROV not in parts or parts[PROV] not in zin.namelist():
        raise WorkbookError(f"{p}: the {PROV} sheet's part is missing: damaged workbook")
    sheet_part = parts[PROV]
    xml = zin.read(sheet_part).decode("utf-8")
    m = _SHEETDATA.search(xml)
    if m is None:
        raise WorkbookError(f"{p}: {PROV}: no sheet data: damaged workbook")
    table_cols = set(book.columns.values())
    first_col, last_col = min(table_cols), max(table_cols)
    first = PROV_FIRST
    last_old = max([r for r, _ in old_rows] + [first - 1])
    n_new = len(ps.models) + len(kept)
    last_new = first + n_new - 1
    end = max(last_old, last_new)

    # parse the existing rows: {row: (row open tag, {col: cell xml})}
    rows: dict[int, tuple[str, dict[int, str]]] = {}
    body = m.group(0)
    for rm in _ROW.finditer(body):
        rxml = rm.group(0)
        open_tag = re.match(r"<(?:\w+:)?row\b[^>]*?/?>", rxml).group(0)
        rn = int(re.search(r'\br="(\d+)"', open_tag).group(1))
        cells = {}
        for cm in _CELL.finditer(rxml):
            cx = cm.group(0)
            ref = _ATTR_R.search(cx[: cx.index(">") + 1])
            cells[column_index_from_string(ref.group(1))] = cx
        rows[rn] = (open_tag, cells)
    if m.group("p"):
        raise WorkbookError(f"{p}: {PROV}: unusual XML (prefixed elements): cannot update safely")

    def style(col: int) -> str | None:
        for r in (first, first + 1, last_old, first + CAPACITY - 1):
            cx = rows.get(r, ("", {}))[1].get(col)
            if cx:
                sm = re.search(r'\bs="(\d+)"', cx[: cx.index(">") + 1])
                if sm:
                    return sm.group(1)
        return None

    styles = {c: style(c) for c in table_cols}
    # content below the old table that the longer table would cover: refuse rather than overwrite
    for r in range(last_old + 1, last_new + 1):
        for c, cx in rows.get(r, ("", {}))[1].items():
            if first_col <= c <= last_col and ("<v>" in cx or "<is>" in cx or "<f" in cx):
                raise WorkbookError(
                    f"{PROV}!{get_column_letter(c)}{r} is not empty and the updated table needs "
                    "that row: move it and run update-prices again"
                )
    # the new table cells, row by row
    new_cells: dict[int, dict[int, str]] = {}
    field_col = book.columns
    for i, mp in enumerate(ps.models):
        r = first + i
        vals = _model_row(mp)
        new_cells[r] = {
            c: _cell_xml(f"{get_column_letter(c)}{r}", styles[c], vals[f])
            for f, c in field_col.items()
        }
    for j, (src_r, _raw) in enumerate(kept):
        r = first + len(ps.models) + j
        src = rows.get(src_r, ("", {}))[1]
        out = {}
        for c in table_cols:
            cx = src.get(c)
            coord = f"{get_column_letter(c)}{r}"
            if cx is None:
                out[c] = f'<c r="{coord}"' + (f' s="{styles[c]}"' if styles[c] else "") + "/>"
                continue
            cx = _ATTR_R.sub(f'r="{coord}"', cx, count=1)
            if r != src_r and "<f" in cx:
                fm = re.search(r"<f\b([^>]*)>(.*?)</f>", cx, re.S)
                if fm is None or "t=" in fm.group(1):
                    raise WorkbookError(
                        f"{PROV}!{get_column_letter(c)}{src_r} holds a shared or array formula "
                        "that update-prices cannot move: replace it with its value and retry"
                    )
                from xml.sax.saxutils import unescape

                text = "=" + unescape(fm.group(2))
                moved = Translator(text, origin=f"{get_column_letter(c)}{src_r}").translate_formula(
                    coord
                )
                cx = cx[: fm.start(2)] + escape(moved[1:]) + cx[fm.end(2) :]
            out[c] = cx
        new_cells[r] = out
    for r in range(last_new + 1, end + 1):  # rows the table no longer reaches: styled blanks
        new_cells[r] = {
            c: f'<c r="{get_column_letter(c)}{r}"'
            + (f' s="{styles[c]}"' if styles[c] else "")
            + "/>"
            for c in table_cols
        }
    # assemble sheetData: other rows untouched; rewritten rows keep their non-table cells
    out_rows = []
    for r in sorted(set(rows) | set(new_cells)):
        open_tag, cells = rows.get(r, (f'<row r="{r}">', {}))
        if r not in new_cells:
            out_rows.append(_ROW_XML(open_tag, cells))
            continue
        merged = {c: cx for c, cx in cells.items() if c not in table_cols}
        merged.update(new_cells[r])
        open_tag = re.sub(r'\s+spans="[^"]*"', "", open_tag).replace("/>", ">")
        if not open_tag.endswith(">"):
            open_tag += ">"
        out_rows.append(_ROW_XML(open_tag, merged))
    sd_open = re.match(r"<sheetData\b[^>]*?/?>", body).group(0).replace("/>", ">")
    new_body = sd_open + "".join(out_rows) + "</sheetData>"
    xml = xml[: m.start()] + new_body + xml[m.end() :]

    replaced = {sheet_part: xml.encode("utf-8")}
    # the table's range
    last_ref = max(last_new, first)
    for rid, (typ, target) in _rels(zin, sheet_part).items():
        if typ.endswith("/table") and target in zin.namelist():
            txml = zin.read(target).decode("utf-8")
            tm = re.search(r"<(?:\w+:)?table\b[^>]*>", txml)
            if tm and re.search(rf'\b(?:name|displayName)="{TABLE_NAME}"', tm.group(0)):
                ref = f"{get_column_letter(first_col)}{PROV_HEADER_ROW}:{get_column_letter(last_col)}{last_ref}"
                txml = re.sub(
                    r'(<(?:\w+:)?table\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', txml, count=1
                )
                txml = re.sub(
                    r'(<(?:\w+:)?autoFilter\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', txml, count=1
                )
                replaced[target] = txml.encode("utf-8")
        del rid
    # the hidden sheet: which models came from the price data
    if META in parts and parts[META] in zin.namelist():
        mxml = zin.read(parts[META]).decode("utf-8")
        mm = _SHEETDATA.search(mxml)
        if mm is not None and not mm.group("p"):
            meta_rows = [
                ("ftcost template", TEMPLATE_VERSION),
                ("price set", ps.name),
                ("price set version", ps.version),
                ("prices checked up to", ps.as_of.isoformat() if ps.as_of else ""),
                ("models from the price data", len(ps.models)),
            ]
            cells = [
                f'<row r="{k}">{_cell_xml(f"A{k}", None, a)}{_cell_xml(f"B{k}", None, b)}</row>'
                for k, (a, b) in enumerate(meta_rows, 1)
            ]
            cells += [
                f'<row r="{META_IDS_FIRST + k}">{_cell_xml(f"A{META_IDS_FIRST + k}", None, mp.id)}</row>'
                for k, mp in enumerate(ps.models)
            ]
            mxml = (
                mxml[: mm.start()]
                + "<sheetData>"
                + "".join(cells)
                + "</sheetData>"
                + mxml[mm.end() :]
            )
            replaced[parts[META]] = mxml.encode("utf-8")
    # cached formula results are stale now: clear them so Excel and LibreOffice (which ignores
    # fullCalcOnLoad and trusts a file it saved itself) both compute afresh on opening
    for part in set(parts.values()):
        if part in zin.namelist():
            body = replaced.get(part, zin.read(part)).decode("utf-8")
            cleared = drop_cached_results(body)
            if cleared != body:
                replaced[part] = cleared.encode("utf-8")
    # recalculate on open (cached results elsewhere are now stale); drop the calculation chain,
    # which Excel rebuilds, since cells with formulas may have moved
    wxml = zin.read("xl/workbook.xml").decode("utf-8")
    replaced["xl/workbook.xml"] = _full_calc(wxml).encode("utf-8")
    drop = {n for n in zin.namelist() if n == "xl/calcChain.xml"}
    if drop:
        rels_name = "xl/_rels/workbook.xml.rels"
        rx = zin.read(rels_name).decode("utf-8")
        rx = re.sub(r"<Relationship\b[^>]*calcChain[^>]*/>", "", rx)
        replaced[rels_name] = rx.encode("utf-8")
        ct = zin.read("[Content_Types].xml").decode("utf-8")
        ct = re.sub(r'<Override\b[^>]*PartName="/xl/calcChain.xml"[^>]*/>', "", ct)
        replaced["[Content_Types].xml"] = ct.encode("utf-8")

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replaced.get(info.filename)
            if data is None:
                zout.writestr(info, zin.read(info.filename))
            else:
                zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = info.external_attr
                zout.writestr(zi, data)
    return buf.getvalue()


def drop_cached_results(sheet_xml: str) -> str:
    """The sheet's XML with the saved results of its formula cells removed (formulas kept)."""

    def clear(m: re.Match) -> str:
        cell = m.group(0)
        if "<f" not in cell:
            return cell
        head_end = cell.index(">") + 1
        head = re.sub(r'\s+t="[^"]*"', "", cell[:head_end])
        body = re.sub(r"<(\w+:)?v\b[^>]*?(?:/>|>.*?</(\1)?v>)", "", cell[head_end:], flags=re.S)
        return head + body

    return _CELL.sub(clear, sheet_xml)


def _ROW_XML(open_tag: str, cells: dict[int, str]) -> str:
    if open_tag.endswith("/>") and not cells:
        return open_tag
    tag = open_tag[:-2] + ">" if open_tag.endswith("/>") else open_tag
    return tag + "".join(cells[c] for c in sorted(cells)) + "</row>"


def _full_calc(wxml: str) -> str:
    cm = re.search(r"<(\w+:)?calcPr\b[^>]*?/?>", wxml)
    if cm:
        tag = cm.group(0)
        if "fullCalcOnLoad=" in tag:
            new = re.sub(r'fullCalcOnLoad="[^"]*"', 'fullCalcOnLoad="1"', tag)
        else:
            new = re.sub(r"(<(?:\w+:)?calcPr)\b", r'\1 fullCalcOnLoad="1"', tag, count=1)
        return wxml[: cm.start()] + new + wxml[cm.end() :]
    root = re.match(r"(?s).*?<(\w+:)?workbook\b", wxml)
    prefix = root.group(1) or "" if root else ""
    for follower in (
        "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
        "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
    ):  # fmt: skip
        i = wxml.find(f"<{prefix}{follower}")
        if i >= 0:
            return wxml[:i] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + wxml[i:]
    i = wxml.rfind(f"</{prefix}workbook>")
    return wxml[:i] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + wxml[i:]
