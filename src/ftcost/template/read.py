"""Reading a filled-in template back: its scenario, its prices, its Decision and Alternatives
answers (`read_filled_template`).

Reading takes the *input* cells (values, not formula results), so it works on a workbook saved
by Excel or LibreOffice and on one written by openpyxl with no cached values. Every problem is a
`WorkbookError` naming sheet and cell.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from .. import fields
from ..engine import PRIORITIES
from ..errors import InputError, PriceFileError, UnknownModel, WorkbookError
from ..model import PLAN_FIELDS, WORKLOAD_FIELDS, TrainingPlan, Workload
from ..pricing import PriceSet, price_set_from_entries
from ..units import fmt_tokens, parse_share, parse_tokens
from .filled import AlternativeInputs, DecisionInputs, FilledTemplate
from .layout import (
    ALT_INPUTS,
    BE,
    CHOICES,
    DEC_INPUTS,
    INPUT,
    PROV,
    PROVIDER_FIELDS,
    PROVIDER_HEADERS,
    PROVIDER_REQUIRED,
)

__all__ = ["TemplateFile", "provider_rows", "read_filled_template"]

_OPTIONAL = {i.name for i in INPUT.values() if i.kind.startswith("optional_")}  # blank allowed
_TEXT_KINDS = ("id", "text", "status")  # price fields a cell holds as text
_LABELS = {i.name: i.label for i in (*INPUT.values(), *ALT_INPUTS, *DEC_INPUTS)}


# ---------------------------------------------------------------- opening


class TemplateFile:
    """An opened template workbook, checked to be ours: its formulas and, when needed, the
    results Excel or LibreOffice saved. ``data``: the workbook's bytes, when they are not (yet)
    the file at ``path`` (which then only names it in messages)."""

    def __init__(self, path: Path, data: bytes | None = None):
        import openpyxl

        self.path, self._data = path, data
        if data is None:
            if not path.exists():
                raise WorkbookError(f"{path}: no such file")
            if path.is_dir():
                raise WorkbookError(f"{path}: is a folder, not a workbook")
        if not zipfile.is_zipfile(self._source()):  # an .xlsx is a zip archive
            raise WorkbookError(
                f"{path}: not a readable .xlsx workbook (damaged, or another format)"
            )
        try:
            with warnings.catch_warnings():
                # Excel's extensions openpyxl does not model (x14 validations...) only warn; the
                # reader takes values, so they do not matter here.
                warnings.simplefilter("ignore")
                self.wb = openpyxl.load_workbook(self._source(), data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, ET.ParseError) as e:
            raise WorkbookError(
                f"{path}: not a readable .xlsx workbook ({type(e).__name__}: {e})"
            ) from None
        except Exception as e:  # openpyxl raises many kinds on a damaged file
            raise WorkbookError(f"{path}: damaged workbook ({type(e).__name__}: {e})") from None
        self._cached = None
        self._check_ours()

    def _source(self):
        return self.path if self._data is None else io.BytesIO(self._data)

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
                self._cached = openpyxl.load_workbook(self._source(), data_only=True)
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
    """(header row, {field: column index}) of the Providers table, found by its header texts;
    a column that is not required may be missing."""
    for r in range(1, 21):
        texts = {}
        for c in range(1, ws.max_column + 1):
            v = ws.cell(row=r, column=c).value
            if isinstance(v, str):
                texts[v.strip()] = c
        if PROVIDER_HEADERS[0] in texts:
            header = dict(zip(PROVIDER_FIELDS, PROVIDER_HEADERS, strict=True))
            missing = [header[f] for f in PROVIDER_REQUIRED if header[f] not in texts]
            if missing:
                raise WorkbookError(
                    f"{path}: {PROV}!{r}: the Providers table lacks column(s) "
                    + ", ".join(repr(h) for h in missing)
                )
            return r, {f: texts[h] for f, h in header.items() if h in texts}
    raise WorkbookError(f"{path}: {PROV}: no header row with {PROVIDER_HEADERS[0]!r}: damaged?")


# ---------------------------------------------------------------- reading


def provider_rows(book: TemplateFile) -> list[tuple[int, dict]]:
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
        kind = fields.by_name(f).kind
        if kind in ("date", "deadline") and isinstance(v, _dt.datetime):
            v = v.date()
        elif kind == "bool":
            if isinstance(v, str) and v.strip().lower() in ("yes", "true", "no", "false"):
                v = v.strip().lower() in ("yes", "true")
            elif isinstance(v, int | float) and not isinstance(v, bool) and v in (0, 1):
                v = bool(v)
        elif kind == "count" and isinstance(v, float) and v.is_integer():
            v = int(v)
        elif kind in _TEXT_KINDS and not isinstance(v, str):
            v = str(v) if not isinstance(v, float) or not v.is_integer() else str(int(v))
        elif isinstance(v, str) and kind not in ("date", "deadline"):
            v = v.strip()
        out[f] = v
    for f in fields.PRICE:  # a blank cell of a field with a default is that default
        if f.kind == "bool":
            out.setdefault(f.name, f.default)
    return out


def _read_prices(book: TemplateFile) -> PriceSet:
    from openpyxl.utils import get_column_letter

    entries = []
    for r, raw in provider_rows(book):

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
    book = TemplateFile(Path(path))
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

    def __init__(self, book: TemplateFile, ps: PriceSet) -> None:
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
