"""The template workbook a user fills in: native Excel formulas, no Python needed to use it.

`write_template` builds it with openpyxl. Every figure is an Excel formula over the Providers
table and the named input cells on the Break-even tab: the one deliberate second implementation
of the engine's cost model (see `ftcost.engine`), held to the engine by LibreOffice in the tests.
Formulas stick to what Excel (Windows, Mac, web) and LibreOffice 7.4 both compute: INDEX/MATCH,
SUMPRODUCT, IF/IFERROR, MAX/MIN, CEILING, TEXT — no XLOOKUP, LET, LAMBDA or dynamic arrays.

The Providers table's columns are reached through defined names (``P_base_input`` …) that cover
`CAPACITY` rows, far more than the table holds, so rows a user adds below the table are seen by
every formula, the dropdowns and the ranking, in Excel and in LibreOffice alike; blank rows are
skipped.

Reading a filled-in workbook back and refreshing its prices live in `ftcost.workbook_io`.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path

from .engine import PRIORITIES
from .errors import FtCostError, InputError
from .model import HOURS_PER_MONTH, TrainingPlan, Workload
from .pricing import PriceSet, load_prices

__all__ = [
    "CAPACITY",
    "INPUTS",
    "RESULTS",
    "AlternativeInputs",
    "DecisionInputs",
    "FilledTemplate",
    "build_workbook",
    "read_filled_template",
    "template_bytes",
    "write_template",
]

TEMPLATE_VERSION = 1
# Fixed document times: the same prices give the same file, byte for byte.
FIXED_TIME = _dt.datetime(2026, 1, 1, 0, 0, 0)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

CAPACITY = 200  # Providers rows the formulas see (the shipped models plus the user's own)
SCHEDULE_ROWS = 121  # month-by-month table: months 0…120 (longer horizons in even steps)

# ---------------------------------------------------------------- sheet names
START, PROV, TRAIN, BE, CMP, ALT, DEC, FUNCS, CONF, META = (
    "Start",
    "Providers",
    "Training cost",
    "Break-even",
    "Compare providers",
    "Alternatives",
    "Decision",
    "Functions",
    "xlwings.conf",
    "ftcost",
)
SHEETS = (START, PROV, TRAIN, BE, CMP, ALT, DEC, FUNCS, CONF, META)

# ---------------------------------------------------------------- Providers table layout
PROV_HEADER_ROW = 4
PROV_FIRST = PROV_HEADER_ROW + 1
PROV_LAST = PROV_FIRST + CAPACITY - 1
TABLE_NAME = "Providers"

FMT_USD = '"$"#,##0.00'
FMT_PRICE = '"$"#,##0.00##'  # per-1M prices: $0.0375 shows whole
FMT_TOKENS = "#,##0"
FMT_MONTHS = "#,##0.00"
FMT_INT = "0"
FMT_SHARE = "0.0%"
FMT_RATIO = "0.00"
FMT_DATE = "yyyy-mm-dd"
FMT_TEXT = "@"

# (field, header, width, number format); the header is the table column's name.
PROVIDER_COLUMNS: tuple[tuple[str, str, float, str], ...] = (
    ("id", "Model id", 17, FMT_TEXT),
    ("provider", "Provider", 11, FMT_TEXT),
    ("name", "Name", 17, FMT_TEXT),
    ("status", "Status", 11, FMT_TEXT),
    ("checked", "Checked", 11, FMT_DATE),
    ("base_input", "Base input $/1M", 10, FMT_PRICE),
    ("base_output", "Base output $/1M", 10, FMT_PRICE),
    ("ft_input", "FT input $/1M", 10, FMT_PRICE),
    ("ft_output", "FT output $/1M", 10, FMT_PRICE),
    ("training", "Training $/1M", 10, FMT_PRICE),
    ("base_cached_input", "Base cached input $/1M", 10, FMT_PRICE),
    ("base_batch_input", "Base batch input $/1M", 10, FMT_PRICE),
    ("base_batch_output", "Base batch output $/1M", 10, FMT_PRICE),
    ("ft_cached_input", "FT cached input $/1M", 10, FMT_PRICE),
    ("ft_batch_input", "FT batch input $/1M", 10, FMT_PRICE),
    ("ft_batch_output", "FT batch output $/1M", 10, FMT_PRICE),
    ("min_training_charge", "Min training charge $/job", 10, FMT_USD),
    ("training_per_hour", "Training compute $/hour", 10, FMT_USD),
    ("hosting_per_hour", "Hosting $/hour", 10, FMT_USD),
    ("storage_per_month", "Storage $/month", 10, FMT_USD),
    ("max_example_tokens", "Max example tokens", 10, FMT_TOKENS),
    ("open_weights", "Open weights", 8, "General"),
    ("source", "Source", 40, FMT_TEXT),
    ("notes", "Notes", 70, FMT_TEXT),
)
PROVIDER_FIELDS = tuple(c[0] for c in PROVIDER_COLUMNS)
PROVIDER_HEADERS = tuple(c[1] for c in PROVIDER_COLUMNS)
REQUIRED_PRICES = ("base_input", "base_output", "ft_input", "ft_output", "training")


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def provider_col(field: str) -> str:
    """Column letter of a Providers field."""
    return _col_letter(PROVIDER_FIELDS.index(field) + 1)


def P(field: str) -> str:
    return "P_" + field


# ---------------------------------------------------------------- inputs (Break-even tab)


@dataclass(frozen=True)
class Input:
    name: str  # workbook-level defined name
    label: str
    default: object
    fmt: str
    kind: str  # model | tokens | count | share | ratio | optional_tokens | optional_count
    help: str
    low: float | None = None
    high: float | None = None


INPUTS: tuple[Input, ...] = (
    Input("base_model", "Base model (what you use now)", "gpt-4o", FMT_TEXT, "model",
          "The model you pay for today (list: the Providers tab)."),
    Input("ft_model", "Model to fine-tune", "gpt-4o-mini", FMT_TEXT, "model",
          "The candidate you would fine-tune and run instead."),
    Input("training_tokens", "Training tokens (file size)", 5_000_000, FMT_TOKENS, "tokens",
          "Tokens in the training file."),
    Input("epochs", "Epochs", 1, FMT_INT, "count",
          "Passes over the training file (the article bills one pass).", 1, 100),
    Input("validation_tokens", "Validation tokens per run", 0, FMT_TOKENS, "tokens",
          "Validation tokens billed per training run."),
    Input("runs", "Training runs paid for", 1, FMT_INT, "count",
          "Experiments (hyper-parameter tries) that are all billed.", 1, 10_000),
    Input("training_hours", "Training hours", None, "#,##0.0", "optional_tokens",
          "Compute hours, for models billed by the hour; blank: not given."),
    Input("retrain_every", "Retrain every (months)", None, FMT_INT, "optional_count",
          "Months between retrainings; blank: trained once.", 1, 1200),
    Input("monthly_tokens", "Monthly input tokens", 1_000_000, FMT_TOKENS, "optional_tokens",
          "Input tokens a month of the task itself."),
    Input("output_ratio", "Output tokens per input token", 0, FMT_RATIO, "ratio",
          "0 counts input only, as the article does.", 0, 1000),
    Input("prompt_overhead", "Prompt overhead (× task tokens)", 0, FMT_RATIO, "ratio",
          "Extra prompt tokens per task token that fine-tuning removes."),
    Input("fallback_share", "Fallback share", 0, FMT_SHARE, "share",
          "Share of requests the fine-tuned model fails; the base redoes them."),
    Input("cached_share", "Cached input share", 0, FMT_SHARE, "share",
          "Share of input at cached-input prices (where a model has them)."),
    Input("batch_share", "Batch share", 0, FMT_SHARE, "share",
          "Share of traffic through a batch API (where a model has batch prices)."),
    Input("months", "Horizon (months)", 12, FMT_INT, "count",
          "Months for net savings and total cost of ownership.", 1, 1200),
)  # fmt: skip
INPUT = {i.name: i for i in INPUTS}

# Named results on the Break-even tab: (name, label, number format)
RESULTS: tuple[tuple[str, str, str], ...] = (
    ("training_cost", "Training cost (all runs)", FMT_USD),
    ("base_per_million", "Base route per 1M task tokens", FMT_PRICE),
    ("ft_per_million", "Fine-tuned route per 1M task tokens", FMT_PRICE),
    ("savings_per_million", "Saving per 1M task tokens", FMT_PRICE),
    ("fixed_monthly", "Hosting + storage per month", FMT_USD),
    ("monthly_base_cost", "Base route per month", FMT_USD),
    ("monthly_ft_cost", "Fine-tuned route per month", FMT_USD),
    ("monthly_savings", "Saving per month", FMT_USD),
    ("annual_savings", "Saving per year", FMT_USD),
    ("breakeven_tokens", "Break-even (tokens)", FMT_TOKENS),
    ("breakeven_months", "Break-even (months)", FMT_MONTHS),
    ("trainings", "Trainings over the horizon", FMT_INT),
    ("tco_base", "Base route over the horizon", FMT_USD),
    ("tco_ft", "Fine-tuned route over the horizon", FMT_USD),
    ("net_savings", "Net saving over the horizon", FMT_USD),
)

# ---------------------------------------------------------------- Alternatives/Decision inputs

ALT_INPUTS: tuple[Input, ...] = (
    Input("pe_model", "Model", "gpt-4o", FMT_TEXT, "model",
          "Prompt overhead: the Break-even tab's."),
    Input("rag_model", "Generation model", "gpt-4o", FMT_TEXT, "model", "Model that answers."),
    Input("rag_requests", "Requests per month", 1_000, FMT_TOKENS, "tokens",
          "Queries a month (one vector search each)."),
    Input("rag_context_tokens", "Retrieved context tokens per request", 2_000, FMT_TOKENS,
          "tokens", "Context injected into each prompt."),
    Input("rag_embedding_price", "Embedding $/1M tokens", 0.10, FMT_PRICE, "tokens",
          "The article's low end: $0.0001/1K = $0.10/1M."),
    Input("rag_search_price", "Vector search $/query", 0.00001, '"$"0.00000', "tokens",
          "The article's low end: $0.00001 per query."),
    Input("rag_corpus_tokens", "Corpus tokens re-embedded per month", 0, FMT_TOKENS, "tokens",
          "Documents (re-)embedded each month."),
    Input("route_cheap", "Cheap model (simple requests)", "gpt-4o-mini", FMT_TEXT, "model",
          "Takes the simple share."),
    Input("route_premium", "Premium model (complex requests)", "gpt-4o", FMT_TEXT, "model",
          "Takes the rest."),
    Input("route_simple_share", "Simple share", 0.7, FMT_SHARE, "share",
          "Share of traffic simple enough for the cheap model."),
    Input("route_router_price", "Router $/1M tokens", 0, FMT_PRICE, "tokens",
          "A router's own cost per 1M tokens, if any."),
)  # fmt: skip

YES_NO = ("Yes", "No")
CHOICES = ("Model on the Break-even tab", "Choose by priority")
DEC_INPUTS: tuple[Input, ...] = (
    Input("q_narrow_task", "Is the task narrow (classification, extraction, a fixed format)?",
          "Yes", FMT_TEXT, "yesno", "No: general-purpose chat, Q&A, summarisation."),
    Input("q_prompt_solves", "Does a well-crafted prompt already solve it?", "No", FMT_TEXT,
          "yesno", "Yes: stay with prompt engineering."),
    Input("q_changing", "Do the requirements change often?", "No", FMT_TEXT, "yesno",
          "A fine-tuned model is static; retraining is costly."),
    Input("q_reasoning", "Does the task need reasoning?", "No", FMT_TEXT, "yesno",
          "Fine-tuning teaches format and domain, not reasoning."),
    Input("q_multi_task", "Does one model serve many different tasks?", "No", FMT_TEXT,
          "yesno", "Fine-tuning each task is impractical."),
    Input("candidate_choice", "Which model to fine-tune?", CHOICES[0], FMT_TEXT, "choice",
          "The Break-even tab's model, or the best one by the priority below."),
    Input("priority", "Priority when choosing", "cost", FMT_TEXT, "priority",
          "cost: total over the horizon; inference: per token; self-hosting: open weights."),
    Input("high_volume", "High volume (tokens/month)", 100_000_000, FMT_TOKENS, "tokens",
          "The article's threshold for 'fine-tuning likely worth it'."),
    Input("low_volume", "Low volume (tokens/month)", 1_000_000, FMT_TOKENS, "tokens",
          "Under this, the article says prompt engineering is cheaper."),
)  # fmt: skip


_DEC = {i.name: i for i in DEC_INPUTS}
_ALT = {i.name: i for i in ALT_INPUTS}


@dataclass(frozen=True)
class DecisionInputs:
    """The Decision tab's answers; the defaults are the template's as made."""

    narrow_task: bool = _DEC["q_narrow_task"].default == "Yes"
    prompt_solves: bool = _DEC["q_prompt_solves"].default == "Yes"
    changing_requirements: bool = _DEC["q_changing"].default == "Yes"
    needs_reasoning: bool = _DEC["q_reasoning"].default == "Yes"
    multi_task: bool = _DEC["q_multi_task"].default == "Yes"
    choose_by_priority: bool = _DEC["candidate_choice"].default == CHOICES[1]
    priority: str = str(_DEC["priority"].default)
    high_volume: float = float(_DEC["high_volume"].default)  # type: ignore[arg-type]
    low_volume: float = float(_DEC["low_volume"].default)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AlternativeInputs:
    """The Alternatives tab's inputs (model names are ids in the workbook's Providers table);
    the defaults are the template's as made."""

    pe_model: str = str(_ALT["pe_model"].default)
    rag_model: str = str(_ALT["rag_model"].default)
    rag_requests: float = float(_ALT["rag_requests"].default)  # type: ignore[arg-type]
    rag_context_tokens: float = float(_ALT["rag_context_tokens"].default)  # type: ignore[arg-type]
    rag_embedding_price: float = float(_ALT["rag_embedding_price"].default)  # type: ignore[arg-type]
    rag_search_price: float = float(_ALT["rag_search_price"].default)  # type: ignore[arg-type]
    rag_corpus_tokens: float = float(_ALT["rag_corpus_tokens"].default)  # type: ignore[arg-type]
    route_cheap: str = str(_ALT["route_cheap"].default)
    route_premium: str = str(_ALT["route_premium"].default)
    route_simple_share: float = float(_ALT["route_simple_share"].default)  # type: ignore[arg-type]
    route_router_price: float = float(_ALT["route_router_price"].default)  # type: ignore[arg-type]


@dataclass(frozen=True)
class FilledTemplate:
    """What a filled-in template says: its prices (user edits included), its scenario, and the
    answers on its Decision and Alternatives tabs."""

    prices: PriceSet
    base: str  # model id
    candidate: str  # model id (ft_model)
    plan: TrainingPlan
    workload: Workload
    path: str
    decision: DecisionInputs = DecisionInputs()
    alternatives: AlternativeInputs = AlternativeInputs()
    # input name (a defined name: "priority", "epochs" ...) → its cell, "Decision!B11"
    cells: Mapping[str, str] = _field(default_factory=dict, compare=False, repr=False)


def read_filled_template(path: str | os.PathLike) -> FilledTemplate:
    """The scenario and prices of a filled-in template (raises WorkbookError naming sheet!cell)."""
    from .workbook_io import read_filled_template as _read

    return _read(path)


# ---------------------------------------------------------------- building


def write_template(
    path: str | os.PathLike, prices: PriceSet | str | os.PathLike | None = None, *, force=False
) -> Path:
    """Write the template workbook to ``path`` (atomically); refuses to overwrite unless ``force``."""
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"output: the template is an .xlsx workbook, got {str(out)!r}")
    if out.exists() and not force:
        raise FtCostError(f"{out} already exists: use --force to overwrite it")
    if out.parent and not out.parent.exists():
        raise InputError(f"output: folder {str(out.parent)!r} does not exist")
    data = template_bytes(prices)
    fd, tmp = tempfile.mkstemp(prefix=".ftcost-", suffix=".xlsx", dir=out.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def template_bytes(prices: PriceSet | str | os.PathLike | None = None) -> bytes:
    """The template as .xlsx bytes: the same prices give the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    wb = build_workbook(load_prices(prices))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Fixed entry times and the fixed modified time openpyxl overwrites on save."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


# ================================================================= the workbook builder
#
# Formula text is assembled here from defined names, so each formula reads like the engine's
# docstring: "=IF(x_ok,runs*IF(OR(x_billed>0,x_hours>0),MAX(x_min,x_billed*x_train/1000000)…".
# Operations keep the engine's order so Excel's doubles match the engine's doubles.


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _abs(sheet: str, coord: str) -> str:
    from openpyxl.utils.cell import absolute_coordinate

    return f"{_q(sheet)}!{absolute_coordinate(coord)}"


def _num_ok(name: str, kind: str, low=None, high=None) -> str:
    """Formula: TRUE when the input cell ``name`` holds an acceptable value."""
    if kind in ("tokens",):
        cond = f"AND(ISNUMBER({name}),{name}>=0)"
    elif kind == "optional_tokens":
        cond = f"OR(ISBLANK({name}),AND(ISNUMBER({name}),{name}>=0))"
    elif kind == "ratio":
        cond = f"AND(ISNUMBER({name}),{name}>=0" + (f",{name}<={high:g})" if high else ")")
    elif kind == "share":
        cond = f"AND(ISNUMBER({name}),{name}>=0,{name}<=1)"
    elif kind == "count":
        cond = f"AND(ISNUMBER({name}),{name}=INT({name}),{name}>={low:g},{name}<={high:g})"
    elif kind == "optional_count":
        cond = (
            f"OR(ISBLANK({name}),AND(ISNUMBER({name}),{name}=INT({name}),"
            f"{name}>={low:g},{name}<={high:g}))"
        )
    else:  # pragma: no cover - programming error
        raise ValueError(kind)
    return f"IFERROR({cond},FALSE)"


def _num_msg(i: Input) -> str:
    label, k = i.label, i.kind
    if k == "tokens":
        return f"{label}: enter a number ≥ 0"
    if k == "optional_tokens":
        return f"{label}: enter a number ≥ 0, or leave it blank"
    if k == "ratio":
        return f"{label}: enter a number ≥ 0" + (f" and ≤ {i.high:g}" if i.high else "")
    if k == "share":
        return f"{label}: enter a share between 0% and 100%"
    rng = f"{label}: enter a whole number from {i.low:g} to {i.high:g}"
    return rng if k == "count" else rng + ", or leave it blank"


def _first_failing(checks: list[tuple[str, str]], ok: str = '"OK"') -> str:
    """Nested IF: the message of the first check that fails, else OK."""
    out = ok
    for cond, msg in reversed(checks):
        out = f"IF(NOT({cond}),{msg},{out})"
    return out


def _s(text: str) -> str:
    """An Excel string literal."""
    return '"' + text.replace('"', '""') + '"'


def _idx(field: str, row: str) -> str:
    return f"INDEX({P(field)},{row})"


def _or_std(opt: str, std: str, row: str) -> str:
    """A model's optional price, or its standard price where the cell is blank (engine `_price_dict`)."""
    return f"IF(ISNUMBER({_idx(opt, row)}),{_idx(opt, row)},{_idx(std, row)})"


def _rate_in(route: str, row: str) -> str:
    """Effective input price (engine `k_rate` with the cached and batch shares)."""
    std, cached, batch = f"{route}_input", f"{route}_cached_input", f"{route}_batch_input"
    return (
        f"(1-batch_share)*((1-cached_share)*{_idx(std, row)}+cached_share*{_or_std(cached, std, row)})"
        f"+batch_share*{_or_std(batch, std, row)}"
    )


def _rate_out(route: str, row: str) -> str:
    """Effective output price: batch share only (k_rate with cached share 0 is exactly this)."""
    std, batch = f"{route}_output", f"{route}_batch_output"
    return f"(1-batch_share)*{_idx(std, row)}+batch_share*{_or_std(batch, std, row)}"


def _model_msg(name: str, label: str, row: str, fields: tuple[str, ...]) -> str:
    """Formula: a message when the model named in ``name`` is missing or lacks a price, else OK."""
    have = ",".join(f"ISNUMBER({_idx(f, row)})" for f in fields)
    missing = "/".join(f.replace("_", " ") for f in fields)
    return (
        f'IF({row}=0,"{label} "&IF({name}="","is blank","\'"&{name}&"\' is not in the Providers '
        f'table")&": pick one from the list",IF(AND({have}),"OK","{label} "&{name}&" lacks a '
        f'price on the Providers tab ({missing})"))'
    )


class _Book:
    """The workbook under construction plus its styles and defined names."""

    def __init__(self, ps: PriceSet):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ps = ps
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.names: dict[str, str] = {}
        # (sheet, coord) → formula text: every formula the template means to write
        self.formulas: dict[tuple[str, str], str] = {}
        thin = Side(style="thin", color="A6A6A6")
        self.font_title = Font(bold=True, size=14, color="1F3864")
        self.font_h = Font(bold=True, size=11, color="1F3864")
        self.font_bold = Font(bold=True)
        self.font_input = Font(color="0000FF")
        self.font_note = Font(italic=True, size=9, color="595959")
        self.font_help = Font(italic=True, size=8, color="595959")
        self.font_work = Font(size=9, color="808080")
        self.font_header = Font(bold=True, color="FFFFFF")
        self.fill_input = PatternFill("solid", fgColor="FFF2CC")
        self.fill_header = PatternFill("solid", fgColor="1F3864")
        self.fill_result = PatternFill("solid", fgColor="E2EFDA")
        self.fill_section = PatternFill("solid", fgColor="D9E1F2")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.right = Alignment(horizontal="right")
        self.top = Alignment(vertical="top")

    def sheet(self, title: str):
        ws = self.wb.create_sheet(title)
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.oddFooter.center.text = "&A — page &P of &N"
        return ws

    def formula(self, cell, text: str):
        """Write the formula ``text`` (starting with "=") into ``cell``: the one way formulas are
        written, so `check_formulas` can tell them from text that only looks like one."""
        if not text.startswith("="):  # pragma: no cover - programming error
            raise ValueError(f"not a formula: {text!r}")
        cell.value = text
        self.formulas[(cell.parent.title, cell.coordinate)] = text
        return cell

    @staticmethod
    def value(cell, value):
        """Write ``value`` as itself: text from data ("=1+1", "#N/A") stays text, never a formula
        or an error value, and shows exactly as typed (no apostrophe added)."""
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        return cell

    def check_formulas(self) -> None:
        """Refuse a workbook where a cell is a formula or an error that `formula` did not write."""
        for ws in self.wb.worksheets:
            for cell in ws._cells.values():
                key = (ws.title, cell.coordinate)
                if cell.data_type == "e" or (
                    cell.data_type == "f" and self.formulas.get(key) != cell.value
                ):
                    raise FtCostError(
                        f"template: {ws.title}!{cell.coordinate} would hold {cell.value!r} as a "
                        "formula or error, not as text (a bug in ftcost)"
                    )

    def name(self, name: str, sheet: str, coord: str) -> None:
        from openpyxl.workbook.defined_name import DefinedName

        if name in self.names:  # pragma: no cover - programming error
            raise ValueError(f"defined name {name} twice")
        text = _abs(sheet, coord)
        self.names[name] = text
        self.wb.defined_names[name] = DefinedName(name, attr_text=text)

    def title(self, ws, text: str, sub: str | None = None) -> None:
        self.value(ws["A1"], text).font = self.font_title
        if sub:  # may name the price set: data
            self.value(ws["A2"], sub).font = self.font_note

    def section(self, ws, coord: str, text: str, width: int = 3) -> None:
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        col, row = coordinate_from_string(coord)
        c0 = column_index_from_string(col)
        for c in range(c0, c0 + width):
            ws.cell(row=row, column=c).fill = self.fill_section
        ws[coord] = text
        ws[coord].font = self.font_h

    def input_cell(self, ws, row: int, i: Input, col_label="A", col_value="B", col_help="C"):

        ws[f"{col_label}{row}"] = i.label
        c = self.value(ws[f"{col_value}{row}"], i.default)
        c.font = self.font_input
        c.fill = self.fill_input
        c.border = self.border
        c.number_format = i.fmt
        if col_help:
            ws[f"{col_help}{row}"] = i.help
            ws[f"{col_help}{row}"].font = self.font_help  # one line: it must not overlap
        self.name(i.name, ws.title, c.coordinate)
        dv = self._validation(i)
        if dv is not None:
            dv.promptTitle = i.label[:32]
            dv.prompt = i.help[:255]
            dv.showInputMessage = True
            dv.showErrorMessage = True
            dv.errorTitle = "ftcost"
            ws.add_data_validation(dv)
            dv.add(c.coordinate)
        return c

    @staticmethod
    def _validation(i: Input):
        from openpyxl.worksheet.datavalidation import DataValidation

        if i.kind == "model":
            dv = DataValidation(type="list", formula1="model_list", allow_blank=False)
            dv.error = "Pick a model from the list (the Model id column of the Providers tab)."
        elif i.kind == "yesno":
            dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=False)
            dv.error = "Yes or No"
        elif i.kind == "choice":
            dv = DataValidation(type="list", formula1=_s(",".join(CHOICES)), allow_blank=False)
            dv.error = "Pick one from the list"
        elif i.kind == "priority":
            dv = DataValidation(type="list", formula1=_s(",".join(PRIORITIES)), allow_blank=False)
            dv.error = "cost, inference or self-hosting"
        elif i.kind in ("tokens", "optional_tokens", "ratio"):
            dv = DataValidation(
                type="decimal",
                operator="between" if i.high else "greaterThanOrEqual",
                formula1="0",
                formula2=f"{i.high:g}" if i.high else None,
                allow_blank=i.kind == "optional_tokens",
            )
            dv.error = _num_msg(i)
        elif i.kind == "share":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
            dv.error = _num_msg(i)
        elif i.kind in ("count", "optional_count"):
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1=f"{i.low:g}",
                formula2=f"{i.high:g}",
                allow_blank=i.kind == "optional_count",
            )
            dv.error = _num_msg(i)
        else:  # pragma: no cover
            return None
        return dv

    def result_cell(self, ws, coord: str, name: str | None, formula: str, fmt: str, key=False):
        c = self.formula(ws[coord], "=" + formula)
        c.number_format = fmt
        c.alignment = self.right
        c.border = self.border
        if key:
            c.font = self.font_bold
            c.fill = self.fill_result
        if name:
            self.name(name, ws.title, coord)
        return c

    def work_cell(self, ws, row: int, name: str, label: str, formula: str, col="M"):
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import column_index_from_string

        vcol = get_column_letter(column_index_from_string(col) + 1)
        ws[f"{col}{row}"] = label
        ws[f"{col}{row}"].font = self.font_work
        c = self.formula(ws[f"{vcol}{row}"], "=" + formula)
        c.font = self.font_work
        self.name(name, ws.title, c.coordinate)
        return c

    def widths(self, ws, widths: dict[str, float]) -> None:
        for col, w in widths.items():
            ws.column_dimensions[col].width = w


def build_workbook(ps: PriceSet):
    """The template as an openpyxl Workbook (see the module docstring)."""
    b = _Book(ps)
    for title in SHEETS:
        b.sheet(title)
    _providers(b)
    _breakeven(b)
    _training(b)
    _compare(b)
    _alternatives(b)
    _decision(b)
    _functions(b)
    _conf(b)
    _meta(b)
    _start(b)  # last: it links to results defined on the other tabs
    b.check_formulas()
    for ws in b.wb.worksheets:
        _fit_rows(ws)
    wb = b.wb
    wb.active = 0
    props = wb.properties
    props.creator = "ftcost"
    props.lastModifiedBy = "ftcost"
    props.title = "ftcost: is fine-tuning worth it?"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    wb.calculation.fullCalcOnLoad = True
    return wb


def _fit_rows(ws) -> None:
    """Tall enough rows for wrapped text: neither Excel nor LibreOffice grows them on opening."""
    import math as _m

    from openpyxl.utils import get_column_letter

    def width(col: int) -> float:
        return ws.column_dimensions[get_column_letter(col)].width or 8.43

    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = sum(
            width(c) for c in range(rng.min_col, rng.max_col + 1)
        )
    need: dict[int, float] = {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if not isinstance(v, str) or c.data_type == "f" or not c.alignment.wrap_text:
                continue
            w = merged.get((c.row, c.column), width(c.column))
            size = (c.font.sz or 11) if c.font else 11
            per_line = max(1.0, w * 1.2 * 11 / size)  # characters a line holds, roughly
            lines = sum(max(1, _m.ceil(len(part) / per_line)) for part in v.split("\n"))
            need[c.row] = max(need.get(c.row, 0), lines * size * 1.3 + 3)
    for r, h in need.items():
        cur = ws.row_dimensions[r].height
        if cur is None or cur < h:
            ws.row_dimensions[r].height = round(h, 1)


# ---------------------------------------------------------------- Providers


def _providers(b: _Book) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws = b.wb[PROV]
    ps = b.ps
    as_of = ps.as_of.isoformat() if ps.as_of else "?"
    b.title(
        ws,
        "Providers — prices in USD per 1M tokens (training: per 1M training tokens)",
        f"Price data: {ps.name}{' ' + ps.version if ps.version else ''}, checked up to {as_of}. "
        "Prices change: check them against each provider's page. Edit any price, or add your own "
        "model in the row below the table: every tab follows. Blank optional prices fall back to "
        "the standard price. `ftcost update-prices` refreshes this table and keeps your own rows.",
    )
    ws["A2"].alignment = b.wrap
    ws.merge_cells("A2:L2")
    ws.row_dimensions[2].height = 30
    for j, (field, header, width, fmt) in enumerate(PROVIDER_COLUMNS, 1):
        col = _col_letter(j)
        c = ws.cell(row=PROV_HEADER_ROW, column=j, value=header)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
        ws.column_dimensions[col].width = width
        for r in range(PROV_FIRST, PROV_LAST + 1):
            cell = ws.cell(row=r, column=j)
            cell.number_format = fmt
            cell.alignment = b.wrap if field in ("source", "notes") else b.top
        b.wb.defined_names[P(field)] = _dn(
            P(field), f"{_q(PROV)}!${col}${PROV_FIRST}:${col}${PROV_LAST}"
        )
        b.names[P(field)] = f"{_q(PROV)}!${col}${PROV_FIRST}:${col}${PROV_LAST}"
    ws.row_dimensions[PROV_HEADER_ROW].height = 60
    for i, m in enumerate(ps.models):
        r = PROV_FIRST + i
        for j, field in enumerate(PROVIDER_FIELDS, 1):
            v = getattr(m, field)
            if field == "checked":
                v = _dt.datetime(v.year, v.month, v.day)
            b.value(ws.cell(row=r, column=j), v)
    last = PROV_FIRST + max(len(ps.models), 1) - 1
    ref = f"A{PROV_HEADER_ROW}:{_col_letter(len(PROVIDER_COLUMNS))}{last}"
    table = Table(displayName=TABLE_NAME, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleLight9", showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)
    ws.freeze_panes = f"B{PROV_FIRST}"
    ws.print_title_rows = f"{PROV_HEADER_ROW}:{PROV_HEADER_ROW}"
    # the dropdown list: the Model id column down to its last non-blank cell
    idc = provider_col("id")
    rng = f"{_q(PROV)}!${idc}${PROV_FIRST}:${idc}${PROV_LAST}"
    b.wb.defined_names["model_list"] = _dn(
        "model_list", f"{_q(PROV)}!${idc}${PROV_FIRST}:INDEX({rng},MAX(1,COUNTA({rng})))"
    )
    stc = provider_col("status")
    dv = DataValidation(type="list", formula1='"active,deprecated,unverified"', allow_blank=True)
    dv.error = "active, deprecated or unverified"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{stc}{PROV_FIRST}:{stc}{PROV_LAST}")
    # duplicate ids and rows lacking a required price are flagged in red
    red = PatternFill("solid", fgColor="F8CBAD")
    ws.conditional_formatting.add(
        f"{idc}{PROV_FIRST}:{idc}{PROV_LAST}",
        FormulaRule(
            formula=[
                f'AND({idc}{PROV_FIRST}<>"",COUNTIF(${idc}${PROV_FIRST}:${idc}${PROV_LAST},{idc}{PROV_FIRST})>1)'
            ],
            fill=red,
            font=Font(bold=True, color="9C0006"),
        ),
    )
    for f in REQUIRED_PRICES:
        col = provider_col(f)
        ws.conditional_formatting.add(
            f"{col}{PROV_FIRST}:{col}{PROV_LAST}",
            FormulaRule(
                formula=[f'AND(${idc}{PROV_FIRST}<>"",NOT(ISNUMBER({col}{PROV_FIRST})))'], fill=red
            ),
        )
    ws.print_area = f"A1:{_col_letter(len(PROVIDER_COLUMNS))}{last + 1}"
    ws.page_setup.fitToWidth = 2  # prices on the first page, source and notes on the second


def _dn(name: str, text: str):
    from openpyxl.workbook.defined_name import DefinedName

    return DefinedName(name, attr_text=text)


# ---------------------------------------------------------------- Break-even

NOMONTH = _s("enter monthly tokens")
DASH = _s("—")
USD_TXT = '"$#,##0.00"'
PRICE_TXT = '"$#,##0.00##"'
TOK_TXT = '"#,##0"'
BE_FIRST = 6  # first input/result row
SCHED_HEADER = 6
SCHED_FIRST = SCHED_HEADER + 1
SCHED_LAST = SCHED_FIRST + SCHEDULE_ROWS - 1


def _breakeven(b: _Book) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    ws = b.wb[BE]
    b.title(
        ws,
        "Break-even — keep paying for the base model, or fine-tune a cheaper one?",
        "Fill in the yellow cells (model names from the lists). Prices come from the Providers tab; "
        "every figure is a plain formula. Per-1M figures are per 1M task input tokens, with output, "
        "prompt overhead and fallback folded in.",
    )
    ws["A3"] = "Check"
    ws["A3"].font = b.font_bold
    b.widths(
        ws,
        {"A": 31, "B": 15, "C": 50, "D": 2, "E": 32, "F": 17, "G": 2, "H": 8, "I": 15, "J": 15,
         "K": 15, "L": 3, "M": 24, "N": 14, "O": 2, "P": 6, "Q": 10, "R": 10, "S": 8, "T": 10},
    )  # fmt: skip
    b.section(ws, f"A{BE_FIRST - 1}", "Inputs", 3)
    b.section(ws, f"E{BE_FIRST - 1}", "Results", 2)
    for k, i in enumerate(INPUTS):
        b.input_cell(ws, BE_FIRST + k, i)

    # -- working cells (columns M:N): lookups and checks the results share
    b.section(ws, f"M{BE_FIRST - 1}", "Working (formulas; don't edit)", 2)
    work: list[tuple[str, str, str]] = []
    numeric = [i for i in INPUTS if i.kind != "model"]
    work += [
        ("x_b_row", "Base model's Providers row", "IFERROR(MATCH(base_model,P_id,0),0)"),
        ("x_f_row", "Fine-tuned model's row", "IFERROR(MATCH(ft_model,P_id,0),0)"),
        (
            "x_inputs_msg",
            "Numeric inputs",
            _first_failing([(_num_ok(i.name, i.kind, i.low, i.high), _s(_num_msg(i))) for i in numeric]),
        ),
        ("x_base_msg", "Base model", _model_msg("base_model", "Base model", "x_b_row", ("base_input", "base_output"))),
        (
            "x_ft_msg",
            "Fine-tuned model",
            "IF({m}<>\"OK\",{m},IF(AND({h}>0,{t}=0,{mc}=0,NOT(ISNUMBER(training_hours))),"
            "ft_model&\" is billed $\"&{h}&\" per training hour: enter training hours\",\"OK\"))".format(
                m=_model_msg("ft_model", "Model to fine-tune", "x_f_row", ("ft_input", "ft_output", "training")),
                h=_idx("training_per_hour", "x_f_row"),
                t=_idx("training", "x_f_row"),
                mc=_idx("min_training_charge", "x_f_row"),
            ),
        ),
        ("x_ok", "All inputs OK", 'input_check="OK"'),
        ("x_base_ok", "Base side OK", 'AND(x_inputs_msg="OK",x_base_msg="OK")'),
        ("x_rank_ok", "Ranking possible", "AND(x_base_ok,ISNUMBER(monthly_tokens))"),
        ("x_sched_ok", "Monthly figures possible", "AND(x_ok,ISNUMBER(monthly_tokens))"),
        ("x_billed", "Billed tokens per run", 'IF(x_inputs_msg="OK",training_tokens*epochs+validation_tokens,"")'),
        ("x_hours", "Training hours used", "IF(ISNUMBER(training_hours),training_hours,0)"),
        ("x_trainings", "Trainings", 'IF(x_inputs_msg="OK",IF(ISNUMBER(retrain_every),CEILING(months/retrain_every,1),1),"")'),
        ("x_base_pm", "Base route $/1M", f'IF(x_base_ok,({_rate_in("base", "x_b_row")})*(1+prompt_overhead)+output_ratio*({_rate_out("base", "x_b_row")}),"")'),
        ("x_monthly_base", "Base route $/month", 'IF(x_rank_ok,monthly_tokens*x_base_pm/1000000,"")'),
        ("x_tco_base", "Base route over horizon", 'IF(x_rank_ok,months*x_monthly_base,"")'),
        ("x_train", "Training $/1M", f'IF(x_ok,{_idx("training", "x_f_row")},"")'),
        ("x_min", "Min charge $/job", f'IF(x_ok,{_idx("min_training_charge", "x_f_row")},"")'),
        ("x_hourly", "Training $/hour", f'IF(x_ok,{_idx("training_per_hour", "x_f_row")},"")'),
        ("x_fixed", "Hosting + storage $/month", f'IF(x_ok,{_idx("hosting_per_hour", "x_f_row")}*{HOURS_PER_MONTH:g}+{_idx("storage_per_month", "x_f_row")},"")'),
        ("x_ft_in", "FT input $/1M (effective)", f'IF(x_ok,{_rate_in("ft", "x_f_row")},"")'),
        ("x_ft_out", "FT output $/1M (effective)", f'IF(x_ok,{_rate_out("ft", "x_f_row")},"")'),
        ("x_step", "Months per schedule row", f'IFERROR(CEILING(months/{SCHEDULE_ROWS - 1},1),1)'),
    ]  # fmt: skip
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, BE_FIRST + k, name, label, formula)
    ws.merge_cells("B3:F3")
    b.result_cell(
        ws,
        "B3",
        "input_check",
        'IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,x_ft_msg))',
        "General",
    )
    ws["B3"].alignment = b.wrap
    ws.row_dimensions[3].height = 18
    ws.conditional_formatting.add(
        "B3",
        FormulaRule(
            formula=['$B$3<>"OK"'],
            fill=PatternFill("solid", fgColor="F8CBAD"),
            font=Font(bold=True, color="9C0006"),
        ),
    )

    g = f"IF(x_ok,{NOMONTH},{DASH})"
    formulas = {
        "training_cost": f"IF(x_ok,runs*IF(OR(x_billed>0,x_hours>0),MAX(x_min,x_billed*x_train/1000000)+x_hours*x_hourly,0),{DASH})",
        "base_per_million": f"IF(x_ok,x_base_pm,{DASH})",
        "ft_per_million": f"IF(x_ok,x_ft_in+output_ratio*x_ft_out+fallback_share*x_base_pm,{DASH})",
        "savings_per_million": f"IF(x_ok,base_per_million-ft_per_million,{DASH})",
        "fixed_monthly": f"IF(x_ok,x_fixed,{DASH})",
        "monthly_base_cost": f"IF(x_sched_ok,x_monthly_base,{g})",
        "monthly_ft_cost": f"IF(x_sched_ok,monthly_tokens*ft_per_million/1000000+fixed_monthly,{g})",
        "monthly_savings": f"IF(x_sched_ok,monthly_base_cost-monthly_ft_cost,{g})",
        "annual_savings": f"IF(x_sched_ok,12*monthly_savings,{g})",
        "breakeven_tokens": (
            f'IF(x_ok,IF(savings_per_million<=0,"No break-even",IF(fixed_monthly=0,'
            f"training_cost/savings_per_million*1000000,IF(NOT(ISNUMBER(monthly_tokens)),"
            f'"Depends on monthly volume",IF(monthly_savings>0,breakeven_months*monthly_tokens,'
            f'"No break-even")))),{DASH})'
        ),
        "breakeven_months": f'IF(x_sched_ok,IF(monthly_savings>0,training_cost/monthly_savings,"No break-even"),{g})',
        "trainings": f"IF(x_ok,x_trainings,{DASH})",
        "tco_base": f"IF(x_sched_ok,x_tco_base,{g})",
        "tco_ft": f"IF(x_sched_ok,trainings*training_cost+months*monthly_ft_cost,{g})",
        "net_savings": f"IF(x_sched_ok,tco_base-tco_ft,{g})",
    }
    key = {
        "training_cost",
        "monthly_savings",
        "breakeven_tokens",
        "breakeven_months",
        "net_savings",
    }
    for k, (name, label, fmt) in enumerate(RESULTS):
        row = BE_FIRST + k
        ws[f"E{row}"] = label
        if name in key:
            ws[f"E{row}"].font = b.font_bold
        b.result_cell(ws, f"F{row}", name, formulas[name], fmt, key=name in key)

    note_row = BE_FIRST + len(RESULTS) + 1
    b.section(ws, f"A{note_row}", "What it means", 6)
    ws.merge_cells(f"A{note_row + 1}:F{note_row + 2}")
    ws.row_dimensions[note_row + 1].height = 22
    ws.row_dimensions[note_row + 2].height = 22
    b.result_cell(
        ws,
        f"A{note_row + 1}",
        "breakeven_note",
        "IF(NOT(x_ok),input_check,"
        'IF(savings_per_million<=0,"No break-even: fine-tuned "&ft_model&" costs "&'
        f'TEXT(ft_per_million,{PRICE_TXT})&" per 1M tokens against "&TEXT(base_per_million,{PRICE_TXT})'
        '&" on "&base_model&", so training is never paid back.",'
        "IF(NOT(ISNUMBER(monthly_tokens)),IF(fixed_monthly>0,"
        '"Break-even depends on monthly volume: "&ft_model&" has fixed costs of "&'
        f'TEXT(fixed_monthly,{USD_TXT})&"/month; enter monthly tokens.",'
        f'"Training pays back after "&TEXT(breakeven_tokens,{TOK_TXT})&" tokens; enter monthly '
        'tokens for months and net savings."),'
        'IF(monthly_savings<=0,"No break-even at "&TEXT(monthly_tokens,'
        f'{TOK_TXT})&" tokens/month: hosting and storage ("&TEXT(fixed_monthly,{USD_TXT})&'
        '"/month) exceed the per-token saving ("&TEXT(monthly_tokens*savings_per_million/1000000,'
        f'{USD_TXT})&"/month).",'
        f'"Training ("&TEXT(training_cost,{USD_TXT})&") pays back after "&TEXT(breakeven_tokens,'
        f'{TOK_TXT})&" tokens, "&TEXT(breakeven_months,"0.00")&" months. Over "&months&'
        '" months fine-tuning "&IF(net_savings>=0,"saves ","costs ")&TEXT(ABS(net_savings),'
        f'{USD_TXT})&IF(trainings>1," ("&trainings&" trainings)","")&"."))))',
        "General",
    )
    ws[f"A{note_row + 1}"].alignment = b.wrap
    ws[f"A{note_row + 1}"].font = b.font_bold
    ws[f"A{note_row + 1}"].alignment = b.wrap

    # -- month-by-month cumulative costs (H:K) and the chart's series (P:T, #N/A past the horizon)
    b.section(ws, f"H{BE_FIRST - 1}", "Month by month (cumulative)", 4)
    heads = ("Month", "Base route", "Fine-tuned route", "Saving so far")
    for j, h in enumerate(heads):
        c = ws.cell(row=SCHED_HEADER, column=8 + j, value=h)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
    ws.row_dimensions[SCHED_HEADER].height = 30
    for j, h in enumerate(("x", "Base", "Fine-tuned")):
        ws.cell(row=SCHED_HEADER, column=16 + j, value=h).font = b.font_work
    ws.cell(row=SCHED_HEADER - 1, column=16, value="Chart data").font = b.font_work
    for n in range(SCHEDULE_ROWS):
        r = SCHED_FIRST + n
        month = (
            f'=IF(x_sched_ok,IF({n}*x_step<=months,{n}*x_step,IF({n - 1}*x_step<months,months,"")),"")'
            if n
            else '=IF(x_sched_ok,0,"")'
        )
        b.formula(ws[f"H{r}"], month)
        b.formula(ws[f"I{r}"], f'=IF(ISNUMBER(H{r}),H{r}*monthly_base_cost,"")')
        b.formula(
            ws[f"J{r}"],
            f"=IF(ISNUMBER(H{r}),IF(ISNUMBER(retrain_every),MIN(INT(H{r}/retrain_every)+1,trainings),1)"
            f'*training_cost+H{r}*monthly_ft_cost,"")',
        )
        b.formula(ws[f"K{r}"], f'=IF(ISNUMBER(H{r}),I{r}-J{r},"")')
        ws[f"H{r}"].number_format = "0"
        for col in "IJK":
            ws[f"{col}{r}"].number_format = FMT_USD
        for col, src in (("P", "H"), ("Q", "I"), ("R", "J")):
            b.formula(ws[f"{col}{r}"], f"=IF(ISNUMBER({src}{r}),{src}{r},NA())")
            ws[f"{col}{r}"].font = b.font_work
    # the crossover: a vertical line at the break-even month, when it falls inside the horizon
    ws["S5"] = "Break-even line"
    ws["S5"].font = b.font_work
    for r, y in ((SCHED_FIRST, "0"), (SCHED_FIRST + 1, f"MAX(I{SCHED_FIRST}:J{SCHED_LAST})")):
        b.formula(
            ws[f"S{r}"],
            "=IF(ISNUMBER(breakeven_months),IF(breakeven_months<=months,breakeven_months,NA()),NA())",
        )
        b.formula(ws[f"T{r}"], f"=IF(ISNUMBER(S{r}),{y},NA())")
        ws[f"S{r}"].font = ws[f"T{r}"].font = b.font_work
    _breakeven_chart(b, ws, f"A{note_row + 4}")
    ws.freeze_panes = "A5"
    ws.print_area = f"A1:K{note_row + 25}"  # one page: the schedule to month 40 or so
    ws.print_title_rows = "1:3"


def _breakeven_chart(b: _Book, ws, anchor: str) -> None:
    from openpyxl.chart import Reference, ScatterChart, Series

    ch = ScatterChart()
    ch.title = "Cumulative cost: base route vs fine-tuned route"
    ch.style = 2
    ch.scatterStyle = "line"
    ch.x_axis.title = "Month"
    ch.y_axis.title = "Cumulative cost ($)"
    ch.y_axis.numFmt = '"$"#,##0'
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.legend.position = "b"
    x = Reference(ws, min_col=16, min_row=SCHED_FIRST, max_row=SCHED_LAST)
    colours = {"Base": "C00000", "Fine-tuned": "2F5597", "Break-even": "7F7F7F"}
    for col, title in ((17, "Base route"), (18, "Fine-tuned route")):
        y = Reference(ws, min_col=col, min_row=SCHED_FIRST, max_row=SCHED_LAST)
        s = Series(y, x, title=title)
        s.marker.symbol = "none"
        s.smooth = False
        s.graphicalProperties.line.solidFill = colours["Base" if col == 17 else "Fine-tuned"]
        s.graphicalProperties.line.width = 28575
        ch.series.append(s)
    xs = Reference(ws, min_col=19, min_row=SCHED_FIRST, max_row=SCHED_FIRST + 1)
    ys = Reference(ws, min_col=20, min_row=SCHED_FIRST, max_row=SCHED_FIRST + 1)
    s = Series(ys, xs, title="Break-even")
    s.marker.symbol = "none"
    s.smooth = False
    s.graphicalProperties.line.solidFill = colours["Break-even"]
    s.graphicalProperties.line.dashStyle = "dash"
    ch.series.append(s)
    ch.width = 22
    ch.height = 10
    ws.add_chart(ch, anchor)


# ---------------------------------------------------------------- Training cost

N_EXAMPLES = Input("n_examples", "Training examples (lines in the file)", 1000, FMT_TOKENS, "count",
                   "How many examples the training file holds.", 1, 1_000_000_000)  # fmt: skip


def _training(b: _Book) -> None:
    ws = b.wb[TRAIN]
    b.title(
        ws,
        "Training cost — what one fine-tuning costs to make",
        "The plan is entered on the Break-even tab (its yellow cells); this tab shows how its cost "
        "is made up. Models billed by compute time need Training hours there.",
    )
    b.widths(ws, {"A": 44, "B": 17, "C": 52, "M": 24, "N": 14})
    b.section(ws, "A4", "The plan (from the Break-even tab)", 3)
    plan = (
        ("Model to fine-tune", "=ft_model", FMT_TEXT),
        ("Training tokens", "=training_tokens", FMT_TOKENS),
        ("Epochs", "=epochs", FMT_INT),
        ("Validation tokens per run", "=validation_tokens", FMT_TOKENS),
        ("Training runs", "=runs", FMT_INT),
        ("Training hours", '=IF(ISNUMBER(training_hours),training_hours,"not given")', "#,##0.0"),
    )
    for k, (label, f, fmt) in enumerate(plan):
        ws[f"A{5 + k}"] = label
        b.formula(ws[f"B{5 + k}"], f)
        ws[f"B{5 + k}"].number_format = fmt
        ws[f"B{5 + k}"].alignment = b.right
    b.section(ws, "A12", "Cost", 3)
    rows = (
        ("billed_tokens", "Billed tokens per run (tokens × epochs + validation)",
         f"IF(x_ok,x_billed,{DASH})", FMT_TOKENS),
        (None, "Training price per 1M tokens", f"IF(x_ok,x_train,{DASH})", FMT_PRICE),
        ("training_token_cost", "Token cost per run (billed × price / 1M)",
         f"IF(x_ok,x_billed*x_train/1000000,{DASH})", FMT_USD),
        (None, "Minimum charge per job", f"IF(x_ok,x_min,{DASH})", FMT_USD),
        ("min_charge_applied", "Minimum charge applies?",
         f'IF(x_ok,IF(AND(OR(x_billed>0,x_hours>0),x_min>training_token_cost),"Yes","No"),{DASH})',
         FMT_TEXT),
        ("training_compute_cost", "Compute per run (hours × $/hour)",
         f"IF(x_ok,x_hours*x_hourly,{DASH})", FMT_USD),
        ("training_per_run", "Cost per run", f"IF(x_ok,training_cost/runs,{DASH})", FMT_USD),
        (None, "Training cost (all runs)", "training_cost", FMT_USD),
    )  # fmt: skip
    for k, (name, label, f, fmt) in enumerate(rows):
        r = 13 + k
        ws[f"A{r}"] = label
        b.result_cell(ws, f"B{r}", name, f, fmt, key=label.startswith("Training cost"))
    ws["A13"].font = b.font_bold
    ws.merge_cells("A22:C23")
    b.result_cell(
        ws,
        "A22",
        "training_note",
        'IF(x_ok,IF(AND(x_hourly>0,NOT(ISNUMBER(training_hours))),ft_model&" also bills $"&x_hourly'
        '&"/hour of training compute, not included: no training hours given.",'
        'IF(min_charge_applied="Yes",ft_model&": the minimum charge of "&TEXT(x_min,'
        f'{USD_TXT})&" per job applies (tokens alone would cost "&TEXT(training_token_cost,{USD_TXT})'
        '&").","")),input_check)',
        "General",
    )
    ws["A22"].alignment = b.wrap
    ws["A22"].font = b.font_note
    b.section(ws, "A25", "Epochs OpenAI picks when you give none", 3)
    b.input_cell(ws, 26, N_EXAMPLES)
    ws["A27"] = "Default epochs"
    b.result_cell(
        ws,
        "B27",
        "openai_epochs",
        f"IF({_num_ok('n_examples', 'count', 1, 1_000_000_000)},IF(n_examples*3<100,"
        "MIN(25,INT(100/n_examples)),IF(n_examples*3>25000,MAX(1,INT(25000/n_examples)),3)),"
        f"{_s(_num_msg(N_EXAMPLES))})",
        FMT_INT,
    )
    ws["C27"] = "OpenAI's cookbook rule: 3 epochs, more for small files, fewer for large ones."
    ws["C27"].font = b.font_note
    ws["C27"].alignment = b.wrap
    ws.print_area = "A1:C28"


# ---------------------------------------------------------------- Compare providers

CMP_HEADER = 26
CMP_FIRST = CMP_HEADER + 1
CMP_LAST = CMP_FIRST + CAPACITY - 1
RANK_COLUMNS = (
    ("Rank", 6, FMT_INT),
    ("Model", 18, FMT_TEXT),
    ("Provider", 11, FMT_TEXT),
    ("Status", 11, FMT_TEXT),
    ("Training $", 12, FMT_USD),
    ("FT $/1M", 10, FMT_PRICE),
    ("Monthly $", 13, FMT_USD),
    ("Total $ (horizon)", 14, FMT_USD),
    ("Saving $/month", 13, FMT_USD),
    ("Break-even (months)", 12, FMT_MONTHS),
    ("Net saving $", 13, FMT_USD),
    ("Note", 44, FMT_TEXT),
)


def _compare(b: _Book) -> None:
    from openpyxl.chart import BarChart, Reference

    ws = b.wb[CMP]
    b.title(
        ws,
        "Compare providers — every model's fine-tuned route for your workload, cheapest first",
        "Workload and training plan: the Break-even tab. Total = trainings × training + months × "
        "monthly cost; savings and break-even are against the base model. Ties are broken by "
        "model id.",
    )
    r0 = CMP_FIRST
    b.formula(
        ws["A3"],
        '=IF(x_rank_ok,"Ranked "&x_n_ranked&" models for "&TEXT(monthly_tokens,"#,##0")&'
        '" input tokens a month over "&months&" months, against "&base_model&".",'
        'IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,'
        '"Enter monthly tokens on the Break-even tab to rank the models.")))',
    )
    ws["A3"].font = b.font_bold
    for j, (head, width, _fmt) in enumerate(RANK_COLUMNS, 1):
        c = ws.cell(row=CMP_HEADER, column=j, value=head)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
        ws.column_dimensions[_col_letter(j)].width = width
    ws.row_dimensions[CMP_HEADER].height = 30

    # -- working block: one row per Providers row, in Providers order (columns P onwards)
    k_col = 16
    cols = [
        ("c_k", "#", None),
        ("c_id", "Model id", "INDEX(P_id,{k})&\"\""),
        ("c_valid", "Ranked?", "AND(x_rank_ok,{c_id}<>\"\"," + ",".join(
            f"ISNUMBER({_idx(f, '{k}')})" for f in REQUIRED_PRICES) + ")"),
        ("c_provider", "Provider", "INDEX(P_provider,{k})&\"\""),
        ("c_status", "Status", "INDEX(P_status,{k})&\"\""),
        ("c_open", "Open weights", "OR(INDEX(P_open_weights,{k})=TRUE,LOWER(INDEX(P_open_weights,{k})&\"\")=\"yes\",LOWER(INDEX(P_open_weights,{k})&\"\")=\"true\")"),
        ("c_needs", "Needs hours", "AND({c_valid}," + _idx("training_per_hour", "{k}") + ">0," + _idx("training", "{k}") + "=0," + _idx("min_training_charge", "{k}") + "=0,NOT(ISNUMBER(training_hours)))"),
        ("c_train", "Training $", "IF(AND({c_valid},NOT({c_needs})),runs*IF(OR(x_billed>0,x_hours>0),MAX(" + _idx("min_training_charge", "{k}") + ",x_billed*" + _idx("training", "{k}") + "/1000000)+x_hours*" + _idx("training_per_hour", "{k}") + ",0),\"\")"),
        ("c_ftpm", "FT $/1M", "IF({c_valid},(" + _rate_in("ft", "{k}") + ")+output_ratio*(" + _rate_out("ft", "{k}") + ")+fallback_share*x_base_pm,\"\")"),
        ("c_fixed", "Fixed $/month", "IF({c_valid}," + _idx("hosting_per_hour", "{k}") + f"*{HOURS_PER_MONTH:g}+" + _idx("storage_per_month", "{k}") + ",\"\")"),
        ("c_monthly", "Monthly $", "IF({c_valid},monthly_tokens*{c_ftpm}/1000000+{c_fixed},\"\")"),
        ("c_tco", "Total $", "IF(ISNUMBER({c_train}),x_trainings*{c_train}+months*{c_monthly},\"\")"),
        ("c_saving", "Saving $/month", "IF({c_valid},x_monthly_base-{c_monthly},\"\")"),
        ("c_be", "Break-even months", "IF(ISNUMBER({c_train}),IF({c_saving}>0,{c_train}/{c_saving},\"\"),\"\")"),
        ("c_net", "Net saving $", "IF(ISNUMBER({c_tco}),x_tco_base-{c_tco},\"\")"),
        ("c_pos", "Position", "IF({c_valid},IF(ISNUMBER({c_tco}),1+SUMPRODUCT(ISNUMBER(c_tco)*((c_tco<{c_tco})+(c_tco={c_tco})*((c_id<{c_id})+(c_id={c_id})*(c_k<{k})))),COUNT(c_tco)+1+SUMPRODUCT(c_valid*(1-ISNUMBER(c_tco))*((c_id<{c_id})+(c_id={c_id})*(c_k<{k})))),\"\")"),
        ("c_isbase", "Is base", "AND({c_valid},{c_id}=base_model)"),
        ("c_pool", "Pool", "AND(ISNUMBER({c_tco}),{c_status}<>\"deprecated\")"),
        ("c_pool_cost", "Pool (cost)", "AND({c_pool},OR(NOT({c_isbase}),x_pool_only_base))"),
        ("c_pool_self", "Pool (self-hosting)", "AND({c_pool},{c_open},OR(NOT({c_isbase}),x_self_only_base))"),
        ("c_ftpm_if", "FT $/1M (pool)", "IF({c_pool_cost},{c_ftpm},\"\")"),
        ("c_tco_if", "Total (cheapest $/1M)", "IF({c_pool_cost},IF({c_ftpm}=x_min_ftpm,{c_tco},\"\"),\"\")"),
        ("c_pos_inf", "Pos (inference)", "IF({c_pool_cost},IF(AND({c_ftpm}=x_min_ftpm,{c_tco}=x_min_tco_if),{c_pos},\"\"),\"\")"),
        ("c_pos_cost", "Pos (cost)", "IF({c_pool_cost},{c_pos},\"\")"),
        ("c_pos_self", "Pos (self-hosting)", "IF({c_pool_self},{c_pos},\"\")"),
        ("c_be_tokens", "Break-even tokens", "IF(ISNUMBER({c_train}),IF(x_base_pm-{c_ftpm}<=0,\"\",IF({c_fixed}=0,{c_train}/(x_base_pm-{c_ftpm})*1000000,IF({c_saving}>0,{c_be}*monthly_tokens,\"\"))),\"\")"),
    ]  # fmt: skip
    letters = {name: _col_letter(k_col + j) for j, (name, _h, _f) in enumerate(cols)}
    fmts = {"c_train": FMT_USD, "c_ftpm": FMT_PRICE, "c_fixed": FMT_USD, "c_monthly": FMT_USD,
            "c_tco": FMT_USD, "c_saving": FMT_USD, "c_be": FMT_MONTHS, "c_net": FMT_USD,
            "c_be_tokens": FMT_TOKENS}  # fmt: skip
    ws.cell(
        row=CMP_HEADER - 1,
        column=k_col,
        value="Working: one row per Providers row (formulas; don't edit)",
    ).font = b.font_h
    for j, (name, head, formula) in enumerate(cols):
        col = letters[name]
        hc = ws.cell(row=CMP_HEADER, column=k_col + j, value=head)
        hc.font = b.font_work
        hc.alignment = b.wrap
        ws.column_dimensions[col].width = 11
        rng = f"{_q(CMP)}!${col}${r0}:${col}${CMP_LAST}"
        b.wb.defined_names[name] = _dn(name, rng)
        b.names[name] = rng
        for n in range(CAPACITY):
            r = r0 + n
            c = ws[f"{col}{r}"]
            if formula is None:
                c.value = n + 1
            else:
                refs = {nm: f"{letters[nm]}{r}" for nm in letters}
                refs["k"] = f"{letters['c_k']}{r}"
                b.formula(c, "=" + formula.format(**refs))
            c.font = b.font_work
            if name in fmts:
                c.number_format = fmts[name]
    # globals of the working block
    glob = [
        ("x_pool_only_base", "Only the base model is in the pool", "SUMPRODUCT(c_pool*(1-c_isbase))=0"),
        ("x_self_only_base", "Only the base model has open weights", "SUMPRODUCT(c_pool*c_open*(1-c_isbase))=0"),
        ("x_min_ftpm", "Lowest FT $/1M in the pool", "IF(COUNT(c_ftpm_if)>0,MIN(c_ftpm_if),\"\")"),
        ("x_min_tco_if", "…its lowest total", "IF(COUNT(c_tco_if)>0,MIN(c_tco_if),\"\")"),
        ("x_n_ranked", "Models ranked", "COUNT(c_pos)"),
    ]  # fmt: skip
    for k, (name, label, formula) in enumerate(glob):
        b.work_cell(ws, 4 + k, name, label, formula, col="P")
    ws.column_dimensions["P"].width = 30
    # -- the ranked table
    widths = [w for _h, w, _f in RANK_COLUMNS]
    keys = ("c_id", "c_provider", "c_status", "c_train", "c_ftpm", "c_monthly", "c_tco", "c_saving")
    for n in range(CAPACITY):
        r = r0 + n
        b.formula(ws[f"M{r}"], f'=IFERROR(MATCH({n + 1},c_pos,0),"")')
        b.formula(ws[f"A{r}"], f'=IF(M{r}="","",{n + 1})')
        for j, name in enumerate(keys):
            b.formula(ws.cell(row=r, column=2 + j), f'=IF($M{r}="","",INDEX({name},$M{r}))')
        b.formula(
            ws[f"J{r}"],
            f'=IF($M{r}="","",IF(ISNUMBER(INDEX(c_train,$M{r})),IF(ISNUMBER(INDEX(c_be,$M{r})),'
            f'INDEX(c_be,$M{r}),"No break-even"),""))',
        )
        b.formula(ws[f"K{r}"], f'=IF($M{r}="","",INDEX(c_net,$M{r}))')
        b.formula(
            ws[f"L{r}"],
            f'=IF($M{r}="","",IF(NOT(ISNUMBER(INDEX(c_tco,$M{r}))),"billed $"&'
            f'{_idx("training_per_hour", f"$M{r}")}&"/training hour: give training hours",'
            f'IF(INDEX(c_status,$M{r})<>"active",INDEX(c_status,$M{r}),"")))',
        )
        b.formula(ws[f"N{r}"], f"=IF(ISNUMBER(H{r}),H{r},NA())")
        for j, (_h, _w, fmt) in enumerate(RANK_COLUMNS, 1):
            ws.cell(row=r, column=j).number_format = fmt
        ws[f"M{r}"].font = ws[f"N{r}"].font = b.font_work
    ws["M" + str(CMP_HEADER)] = "Row"
    ws["N" + str(CMP_HEADER)] = "Chart"
    ws["M" + str(CMP_HEADER)].font = ws["N" + str(CMP_HEADER)].font = b.font_work
    ws.column_dimensions["M"].width = 5
    ws.column_dimensions["N"].width = 10
    ws.column_dimensions["O"].width = 2
    del widths
    # -- bar chart: total cost over the horizon, cheapest at the top
    shown = min(max(len(b.ps.models), 5), 30)
    ch = BarChart()
    ch.type = "bar"
    ch.style = 2
    ch.title = f"Total cost of the fine-tuned route over the horizon (cheapest {shown})"
    ch.y_axis.title = "Total $ over the horizon"
    ch.y_axis.numFmt = '"$"#,##0'
    ch.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.legend = None
    data = Reference(ws, min_col=14, min_row=r0, max_row=r0 + shown - 1)
    cats = Reference(ws, min_col=2, min_row=r0, max_row=r0 + shown - 1)
    ch.add_data(data, titles_from_data=False)
    ch.set_categories(cats)
    ch.series[0].graphicalProperties.solidFill = "2F5597"
    ch.width = 24
    ch.height = 10.5
    ws.add_chart(ch, "A5")
    ws.print_area = f"A1:L{CMP_HEADER + 50}"
    ws.print_title_rows = f"{CMP_HEADER}:{CMP_HEADER}"


# ---------------------------------------------------------------- Alternatives


def _alternatives(b: _Book) -> None:
    from openpyxl.chart import BarChart, Reference

    ws = b.wb[ALT]
    b.title(
        ws,
        "Alternatives — the same workload without fine-tuning (monthly costs)",
        "Monthly tokens, output ratio, prompt overhead and cached/batch shares come from the "
        "Break-even tab. Each option prices its model's base (not fine-tuned) rates.",
    )
    b.widths(ws, {"A": 38, "B": 15, "C": 44, "D": 2, "E": 40, "F": 15, "M": 26, "N": 14})
    alt = {i.name: i for i in ALT_INPUTS}
    common = (
        'IF(x_inputs_msg<>"OK",x_inputs_msg,IF(ISNUMBER(monthly_tokens),"OK",'
        '"Enter monthly tokens on the Break-even tab"))'
    )
    work = [
        ("x_alt_common", "Workload", common),
        ("x_pe_row", "Prompt-engineering model row", "IFERROR(MATCH(pe_model,P_id,0),0)"),
        ("x_rag_row", "RAG model row", "IFERROR(MATCH(rag_model,P_id,0),0)"),
        ("x_cheap_row", "Cheap model row", "IFERROR(MATCH(route_cheap,P_id,0),0)"),
        ("x_prem_row", "Premium model row", "IFERROR(MATCH(route_premium,P_id,0),0)"),
        ("x_pe_msg", "Prompt engineering", 'IF(x_alt_common<>"OK",x_alt_common,'
         + _model_msg("pe_model", "Model", "x_pe_row", ("base_input", "base_output")) + ")"),
        ("x_rag_msg", "RAG", 'IF(x_alt_common<>"OK",x_alt_common,'
         + _first_failing(
             [(f'{_model_msg("rag_model", "Generation model", "x_rag_row", ("base_input", "base_output"))}="OK"',
               _model_msg("rag_model", "Generation model", "x_rag_row", ("base_input", "base_output")))]
             + [(_num_ok(n, "tokens"), _s(_num_msg(alt[n])))
                for n in ("rag_requests", "rag_context_tokens", "rag_embedding_price",
                          "rag_search_price", "rag_corpus_tokens")]
             + [("NOT(AND(monthly_tokens>0,rag_requests=0))",
                 _s("Requests per month: RAG needs the number of requests a month (> 0)"))]
         ) + ")"),
        ("x_route_msg", "Routing", 'IF(x_alt_common<>"OK",x_alt_common,'
         + _first_failing(
             [(f'{_model_msg(n, lab, row, ("base_input", "base_output"))}="OK"',
               _model_msg(n, lab, row, ("base_input", "base_output")))
              for n, lab, row in (("route_cheap", "Cheap model", "x_cheap_row"),
                                  ("route_premium", "Premium model", "x_prem_row"))]
             + [(_num_ok("route_simple_share", "share"), _s(_num_msg(alt["route_simple_share"]))),
                (_num_ok("route_router_price", "tokens"), _s(_num_msg(alt["route_router_price"])))]
         ) + ")"),
        ("x_pe_in", "Its input $/1M (effective)", f'IF(x_pe_msg="OK",{_rate_in("base", "x_pe_row")},"")'),
        ("x_pe_out", "Its output $/1M (effective)", f'IF(x_pe_msg="OK",{_rate_out("base", "x_pe_row")},"")'),
        ("x_rag_in", "RAG input $/1M (effective)", f'IF(x_rag_msg="OK",{_rate_in("base", "x_rag_row")},"")'),
        ("x_rag_out", "RAG output $/1M (effective)", f'IF(x_rag_msg="OK",{_rate_out("base", "x_rag_row")},"")'),
        ("x_cheap_pm", "Cheap model $/1M", f'IF(x_route_msg="OK",({_rate_in("base", "x_cheap_row")})+output_ratio*({_rate_out("base", "x_cheap_row")}),"")'),
        ("x_prem_pm", "Premium model $/1M", f'IF(x_route_msg="OK",({_rate_in("base", "x_prem_row")})+output_ratio*({_rate_out("base", "x_prem_row")}),"")'),
    ]  # fmt: skip
    b.section(ws, "M4", "Working (formulas; don't edit)", 2)
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, 5 + k, name, label, formula)

    def block(row: int, title: str, inputs: tuple[str, ...], outs, msg: str) -> int:
        b.section(ws, f"A{row}", title, 3)
        row += 1
        for n in inputs:
            b.input_cell(ws, row, alt[n])
            row += 1
        for name, label, f, fmt, key in outs:
            ws[f"A{row}"] = label
            if key:
                ws[f"A{row}"].font = b.font_bold
            b.result_cell(ws, f"B{row}", name, f'IF({msg}="OK",{f},{DASH})', fmt, key=key)
            row += 1
        b.formula(ws[f"C{row - len(outs)}"], f'=IF({msg}="OK","",{msg})')
        ws[f"C{row - len(outs)}"].font = b.font_note
        ws[f"C{row - len(outs)}"].alignment = b.wrap
        return row + 1

    row = block(4, "Prompt engineering: stay on a model, carry instructions in every prompt",
                ("pe_model",), (
        ("pe_per_million", "Per 1M task tokens (with the prompt overhead)", "x_pe_in*(1+prompt_overhead)+output_ratio*x_pe_out", FMT_PRICE, False),
        ("pe_monthly", "Monthly cost", "monthly_tokens*pe_per_million/1000000", FMT_USD, True),
        ("pe_extra", "   of which extra prompt tokens", "pe_monthly-monthly_tokens*(x_pe_in+output_ratio*x_pe_out)/1000000", FMT_USD, False),
        ("pe_task", "   of which the task itself", "pe_monthly-pe_extra", FMT_USD, False),
    ), "x_pe_msg")  # fmt: skip
    row = block(row, "RAG: retrieve context from a vector store, then generate",
                ("rag_model", "rag_requests", "rag_context_tokens", "rag_embedding_price",
                 "rag_search_price", "rag_corpus_tokens"), (
        ("rag_embedding", "Embedding (task + corpus tokens)", "(monthly_tokens+rag_corpus_tokens)*rag_embedding_price/1000000", FMT_USD, False),
        ("rag_search", "Vector search", "rag_requests*rag_search_price", FMT_USD, False),
        ("rag_generation", "Generation (task tokens)", "monthly_tokens*(x_rag_in+output_ratio*x_rag_out)/1000000", FMT_USD, False),
        ("rag_context", "Retrieved context tokens", "rag_requests*rag_context_tokens*x_rag_in/1000000", FMT_USD, False),
        ("rag_monthly", "Monthly cost", "rag_embedding+rag_search+rag_generation+rag_context", FMT_USD, True),
        ("rag_per_million", "Per 1M task tokens", "IF(monthly_tokens>0,rag_monthly/monthly_tokens*1000000,0)", FMT_PRICE, False),
    ), "x_rag_msg")  # fmt: skip
    row = block(row, "Routing: simple requests to a cheap model, the rest to a premium one",
                ("route_cheap", "route_premium", "route_simple_share", "route_router_price"), (
        ("route_cheap_cost", "Cheap model (simple share)", "monthly_tokens*route_simple_share*x_cheap_pm/1000000", FMT_USD, False),
        ("route_premium_cost", "Premium model (the rest)", "monthly_tokens*(1-route_simple_share)*x_prem_pm/1000000", FMT_USD, False),
        ("route_router_cost", "Router", "monthly_tokens*route_router_price/1000000", FMT_USD, False),
        ("route_monthly", "Monthly cost", "monthly_tokens*route_per_million/1000000", FMT_USD, True),
        ("route_per_million", "Blended per 1M task tokens", "route_simple_share*x_cheap_pm+(1-route_simple_share)*x_prem_pm+route_router_price", FMT_PRICE, False),
    ), "x_route_msg")  # fmt: skip

    b.section(ws, "E4", "Monthly cost of each option", 2)
    summary = (
        ("Base route as is (Break-even tab)", "monthly_base_cost"),
        ("Prompt engineering", "pe_monthly"),
        ("RAG", "rag_monthly"),
        ("Routing", "route_monthly"),
        ("Fine-tuned route (training spread over the horizon)", None),
    )
    for k, (label, ref) in enumerate(summary):
        ws[f"E{5 + k}"] = label
        f = ref if ref else f"IF(x_sched_ok,tco_ft/months,{DASH})"
        b.result_cell(ws, f"F{5 + k}", None if ref else "alt_ft_monthly", f, FMT_USD)
    ws["E10"] = "Cheapest"
    ws["E10"].font = b.font_bold
    b.result_cell(
        ws,
        "F10",
        "alt_cheapest",
        'IF(COUNT(F5:F9)=0,"—",INDEX(E5:E9,MATCH(MIN(F5:F9),F5:F9,0)))',
        FMT_TEXT,
        key=True,
    )
    ws["F10"].alignment = b.wrap
    ws.row_dimensions[10].height = 30
    ch = BarChart()
    ch.type = "bar"
    ch.style = 2
    ch.title = "Monthly cost by option"
    ch.x_axis.scaling.orientation = "maxMin"
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.y_axis.numFmt = '"$"#,##0'
    ch.legend = None
    ch.add_data(Reference(ws, min_col=6, min_row=5, max_row=9), titles_from_data=False)
    ch.set_categories(Reference(ws, min_col=5, min_row=5, max_row=9))
    ch.series[0].graphicalProperties.solidFill = "2F5597"
    ch.width = 14
    ch.height = 7.5
    ws.add_chart(ch, "E12")
    ws.print_area = f"A1:F{row}"


# ---------------------------------------------------------------- Decision


def _decision(b: _Book) -> None:
    ws = b.wb[DEC]
    b.title(
        ws,
        "Decision — the article's framework, with the break-even computed",
        "Answer the questions (dropdowns). The workload, models and plan come from the Break-even "
        "tab; the candidate can also be chosen by a priority from the ranking.",
    )
    b.widths(ws, {"A": 58, "B": 28, "C": 52, "M": 26, "N": 14, "P": 8, "Q": 60, "R": 6})
    b.section(ws, "A4", "Questions", 3)
    for k, i in enumerate(DEC_INPUTS):
        b.input_cell(ws, 5 + k, i)
    choose = _s(CHOICES[1])
    work = [
        ("d_blocked", "A reason not to fine-tune", 'OR(q_changing="Yes",q_reasoning="Yes",q_multi_task="Yes",q_narrow_task<>"Yes")'),
        ("d_prompt", "A prompt solves it", 'q_prompt_solves="Yes"'),
        ("d_low", "Under the low volume", "IF(ISNUMBER(monthly_tokens),monthly_tokens<low_volume,FALSE)"),
        ("d_path", "Compute the break-even", "AND(NOT(d_blocked),NOT(d_prompt),NOT(d_low))"),
        ("d_choose", "Choose by priority", f"candidate_choice={choose}"),
        ("d_pos", "Chosen rank", 'IF(priority="cost",IF(COUNT(c_pos_cost)>0,MIN(c_pos_cost),""),IF(priority="inference",IF(COUNT(c_pos_inf)>0,MIN(c_pos_inf),""),IF(priority="self-hosting",IF(COUNT(c_pos_self)>0,MIN(c_pos_self),""),"")))'),
        ("d_k", "Its working row", "IF(d_choose,IF(ISNUMBER(d_pos),MATCH(d_pos,c_pos,0),0),x_f_row)"),
        ("d_msg", "Inputs", (
            'IF(NOT(x_rank_ok),IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,'
            '"Enter monthly tokens on the Break-even tab")),'
            f'IF(NOT({_num_ok("high_volume", "tokens")}),{_s(_num_msg(DEC_INPUTS[7]))},'
            f'IF(NOT({_num_ok("low_volume", "tokens")}),{_s(_num_msg(DEC_INPUTS[8]))},'
            'IF(d_path,IF(d_choose,IF(d_k=0,"No costable model in the Providers table fits priority "&priority,"OK"),'
            'IF(x_ok,"OK",input_check)),"OK"))))'
        )),
        ("d_cand", "Candidate", 'IF(AND(d_msg="OK",d_k>0),INDEX(c_id,d_k),"")'),
        ("d_status", "Its status", 'IF(d_cand="","",INDEX(c_status,d_k))'),
        ("d_train", "Its training $", 'IF(d_cand="","",INDEX(c_train,d_k))'),
        ("d_be", "Its break-even (months)", 'IF(d_cand="","",INDEX(c_be,d_k))'),
        ("d_be_tokens", "Its break-even (tokens)", 'IF(d_cand="","",INDEX(c_be_tokens,d_k))'),
        ("d_net", "Its net saving", 'IF(d_cand="","",INDEX(c_net,d_k))'),
    ]  # fmt: skip
    b.section(ws, "M4", "Working (formulas; don't edit)", 2)
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, 5 + k, name, label, formula)

    b.section(ws, "A16", "Answer", 3)
    ws["A17"] = "Verdict"
    b.result_cell(
        ws,
        "B17",
        "decision_verdict",
        'IF(d_msg<>"OK","—",IF(d_blocked,"don\'t fine-tune",IF(OR(d_prompt,d_low),"prompt engineering",'
        'IF(NOT(ISNUMBER(d_be)),"don\'t fine-tune",IF(AND(d_be<=months,d_net>0),"fine-tune",'
        '"prompt engineering")))))',
        FMT_TEXT,
        key=True,
    )
    ws["A18"] = "Model to fine-tune"
    b.result_cell(ws, "B18", "decision_candidate", 'IF(d_path,d_cand,"")', FMT_TEXT)
    ws["A19"] = "In one line"
    ws.merge_cells("B19:C20")
    b.result_cell(
        ws,
        "B19",
        "decision_headline",
        'IF(d_msg<>"OK",d_msg,IF(d_blocked,"Don\'t fine-tune",IF(OR(d_prompt,d_low),'
        '"Stay with prompt engineering",IF(NOT(ISNUMBER(d_be)),"Don\'t fine-tune "&d_cand,'
        'IF(decision_verdict="fine-tune","Fine-tune "&d_cand&": pays back in "&TEXT(d_be,"0.00")'
        f'&" months, saves "&TEXT(d_net,{USD_TXT})&" over "&months&" months",'
        '"Stay with prompt engineering: fine-tuning "&d_cand&" pays back only after "&'
        'TEXT(d_be,"0.00")&" months, beyond the "&months&"-month horizon")))))',
        "General",
    )
    ws["B19"].alignment = b.wrap
    ws["B19"].font = b.font_bold
    # the reasons: each with when it applies; shown in order, without gaps
    reasons = [
        ('AND(d_blocked,q_changing="Yes")', _s("Requirements change often: a fine-tuned model is static and retraining is costly — use prompt engineering or RAG.")),
        ('AND(d_blocked,q_reasoning="Yes")', _s("The task needs reasoning: fine-tuning improves format and domain knowledge, not reasoning — use a larger base model.")),
        ('AND(d_blocked,q_multi_task="Yes")', _s("One model serves many tasks: fine-tuning each is impractical — use a capable base model with good prompts.")),
        ('AND(d_blocked,q_narrow_task<>"Yes")', _s("General-purpose tasks (chat, Q&A, summarisation): base models already do these well.")),
        ("AND(NOT(d_blocked),d_prompt)", _s("A well-crafted prompt solves the task: it costs nothing extra beyond prompt tokens.")),
        ("AND(NOT(d_blocked),NOT(d_prompt),d_low)", 'TEXT(monthly_tokens,"#,##0")&" tokens a month is under the article\'s "&TEXT(low_volume,"#,##0")&" a month: few-shot prompting is cheaper."'),
        ("AND(d_path,monthly_tokens>=high_volume)", 'TEXT(monthly_tokens,"#,##0")&" tokens a month on a narrow task: the article\'s high-volume case."'),
        ('AND(d_path,d_choose,d_cand<>"")', 'd_cand&" is the "&IF(priority="cost","cheapest",priority&" pick")&" to fine-tune for this workload."'),
        ('AND(d_path,d_choose,d_cand<>"",d_status<>"active")', 'd_cand&"\'s prices are "&d_status&": check them."'),
        ('AND(d_path,d_cand<>"")', 'IF(ISNUMBER(d_be),"Training "&TEXT(d_train,' + USD_TXT + ')&" pays back after "&TEXT(d_be_tokens,"#,##0")&" tokens ("&TEXT(d_be,"0.00")&" months); the article\'s rule (monthly volume above the break-even volume) "&IF(IF(ISNUMBER(d_be_tokens),d_be_tokens<=monthly_tokens,FALSE),"holds.","does not hold."),"No break-even: fine-tuned "&d_cand&" never costs less a month than "&base_model&" for this workload.")'),
    ]  # fmt: skip
    first = 5
    ws["P4"] = "Applies"
    ws["Q4"] = "Reason"
    ws["R4"] = "#"
    for c in ("P4", "Q4", "R4"):
        ws[c].font = b.font_work
    for k, (cond, text) in enumerate(reasons):
        r = first + k
        b.formula(ws[f"P{r}"], f'=IF(d_msg="OK",{cond},FALSE)')
        b.formula(ws[f"Q{r}"], f'=IF(P{r},{text},"")')
        b.formula(ws[f"R{r}"], f'=IF(P{r},COUNTIF(P${first}:P{r},TRUE),"")')
        for col in "PQR":
            ws[f"{col}{r}"].font = b.font_work
    last = first + len(reasons) - 1
    b.section(ws, "A22", "Why", 3)
    for k in range(len(reasons)):
        r = 23 + k
        ws.merge_cells(f"A{r}:C{r}")
        b.formula(
            ws[f"A{r}"],
            f'=IFERROR("• "&INDEX(Q${first}:Q${last},MATCH({k + 1},R${first}:R${last},0)),"")',
        )
        ws[f"A{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 28
    b.name("decision_reasons", DEC, f"A23:A{23 + len(reasons) - 1}")
    ws.print_area = f"A1:C{23 + len(reasons)}"


# ---------------------------------------------------------------- Functions, xlwings.conf, meta

_RETURN_FORMATS = {
    "FT_BREAKEVEN": FMT_TOKENS,
    "FT_BREAKEVEN_MONTHS": FMT_MONTHS,
    "FT_EPOCHS": FMT_INT,
    "FT_PRICE": FMT_PRICE,
}
EXAMPLE_PRICES = "default"  # what the add-in uses unless FTCOST_PRICES says otherwise


def _udf_rows() -> list[dict]:
    """Every FT_* function: name, syntax, description, arguments, example formula and its value.

    Introspected from `ftcost.udfs`, each example called in Python with the default price data.
    """
    from . import udfs

    rows = []
    for d in udfs.describe():
        name = d["name"]
        f = getattr(udfs, name)
        args = udfs.EXAMPLE_ARGS.get(name, ())
        kwargs = {"prices": EXAMPLE_PRICES} if "prices" in [a["name"] for a in d["args"]] else {}
        try:
            value = f(*args, **kwargs)
        except Exception as e:  # the example itself is wrong: show it, don't hide the sheet
            value = f"error: {e}"
        rows.append({**d, "value": value})
    return rows


def _functions(b: _Book) -> None:
    ws = b.wb[FUNCS]
    b.title(
        ws,
        "Functions — the FT_* Excel functions (they need the ftcost add-in)",
        "These formulas work in any workbook once Python, ftcost and the xlwings add-in are set up "
        "and the workbook has an xlwings.conf sheet with UDF Modules = ftcost.udfs (this one does; "
        "see workbook/README.md). The rest of this workbook needs none of that: it uses plain "
        "formulas. 'Returns' is what each example gives with the default price data; 'Live' "
        "calls the function and shows 'needs the add-in' without it.",
    )
    ws.merge_cells("A2:F2")
    ws["A2"].alignment = b.wrap
    ws.row_dimensions[2].height = 48
    b.widths(ws, {"A": 24, "B": 46, "C": 62, "D": 42, "E": 30, "F": 22})
    heads = ("Function", "Syntax", "What it does", "Example", "Returns", "Live (needs the add-in)")
    for j, h in enumerate(heads, 1):
        c = ws.cell(row=4, column=j, value=h)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
    try:
        rows = _udf_rows()
    except ImportError as e:  # pragma: no cover - xlwings missing: say so on the sheet
        ws["A5"] = f"The FT_* functions could not be listed: {e}"
        return
    r = 5
    for d in rows:
        name, value = d["name"], d["value"]
        ws[f"A{r}"] = name
        ws[f"A{r}"].font = b.font_bold
        ws[f"B{r}"] = d["syntax"]
        ws[f"C{r}"] = (d["description"] or "").strip()
        b.value(ws[f"D{r}"], d["example"])  # the formula as text, not a formula
        ws[f"D{r}"].number_format = FMT_TEXT
        ws[f"D{r}"].font = b.font_input
        if isinstance(value, list):
            n_rows, n_cols = (
                len(value),
                len(value[0]) if value and isinstance(value[0], list) else 1,
            )
            first = ", ".join(str(x) for x in (value[0] if value else [])[:4])
            ws[f"E{r}"] = f"a table: {n_rows} rows × {n_cols} columns ({first}, …)"
            ws[f"F{r}"] = "spills a table: enter it in an empty area"
            ws[f"F{r}"].font = b.font_note
        else:
            b.value(ws[f"E{r}"], value)
            ws[f"E{r}"].number_format = _RETURN_FORMATS.get(name, FMT_USD)
            if isinstance(value, str):
                ws[f"E{r}"].number_format = FMT_TEXT
            b.formula(ws[f"F{r}"], f'=IFERROR({d["example"][1:]},"needs the add-in")')
            ws[f"F{r}"].number_format = ws[f"E{r}"].number_format
        for col in "ABCDEF":
            ws[f"{col}{r}"].alignment = b.wrap
            ws[f"{col}{r}"].border = b.border
        r += 1
    last_fn = r - 1
    r += 1
    b.section(ws, f"A{r}", "Arguments", 4)
    r += 1
    for j, h in enumerate(("Function", "Argument", "Description", "Default"), 1):
        c = ws.cell(row=r, column=j, value=h)
        c.font = b.font_header
        c.fill = b.fill_header
    r += 1
    for d in rows:
        for a in d["args"]:
            ws[f"A{r}"] = d["name"]
            ws[f"B{r}"] = a["name"] + (" (optional)" if a["optional"] else "")
            ws[f"C{r}"] = a["doc"]
            default = a.get("default")
            ws[f"D{r}"] = (
                "" if not a["optional"] else ("blank" if default is None else str(default))
            )
            for col in "ABCD":
                ws[f"{col}{r}"].alignment = b.wrap
            r += 1
    ws.freeze_panes = "B5"
    ws.print_title_rows = "4:4"
    ws.print_area = f"A1:F{r - 1}"
    del last_fn


def _conf(b: _Book) -> None:
    ws = b.wb[CONF]
    # xlwings reads the block starting at A1 (key, value); the note sits apart from it.
    ws["A1"] = "UDF Modules"
    ws["B1"] = "ftcost.udfs"
    ws["D1"] = (
        "The xlwings add-in reads this sheet: it imports the FT_* functions from the Python "
        "module ftcost.udfs. Only the Functions tab needs it."
    )
    ws["D1"].font = b.font_note
    b.widths(ws, {"A": 16, "B": 16, "C": 3, "D": 100})
    ws.sheet_view.showGridLines = True


def _meta(b: _Book) -> None:
    """A hidden sheet saying which template this is and which models came from the price data."""
    ws = b.wb[META]
    ps = b.ps
    rows = [
        ("ftcost template", TEMPLATE_VERSION),
        ("price set", ps.name),
        ("price set version", ps.version),
        ("prices checked up to", ps.as_of.isoformat() if ps.as_of else ""),
        ("models from the price data", len(ps.models)),
    ]
    for k, (key, value) in enumerate(rows, 1):
        ws.cell(row=k, column=1, value=key)
        b.value(ws.cell(row=k, column=2), value)  # the price set's name and version: data
    for k, m in enumerate(ps.models):
        b.value(ws.cell(row=META_IDS_FIRST + k, column=1), m.id)
    ws.sheet_state = "hidden"


META_IDS_FIRST = 7


# ---------------------------------------------------------------- Start


def _start(b: _Book) -> None:
    ws = b.wb[START]
    ps = b.ps
    b.widths(ws, {"A": 30, "B": 22, "C": 80})
    ws["A1"] = "ftcost — is fine-tuning an LLM worth it for your workload?"
    ws["A1"].font = b.font_title
    ws.merge_cells("A2:C2")
    ws["A2"] = (
        "This workbook answers: what fine-tuning costs, what the fine-tuned model costs to run "
        "against the base model it replaces, when the training pays back, which provider is "
        "cheapest for your workload, and whether prompt engineering, RAG or routing would serve "
        "better. It computes with plain formulas: no add-in or Python needed (Excel on Windows, "
        "Mac and the web; LibreOffice)."
    )
    ws["A2"].alignment = b.wrap
    ws.row_dimensions[2].height = 48
    b.section(ws, "A4", "Your answer at a glance (from the Break-even and Decision tabs)", 3)
    glance = (
        ("Training cost", "=training_cost", FMT_USD),
        ("Saving per month", "=monthly_saving_glance", FMT_USD),
        ("Break-even (months)", "=breakeven_months", FMT_MONTHS),
        ("Net saving over the horizon", "=net_savings", FMT_USD),
        ("Verdict", "=decision_headline", "General"),
    )
    for k, (label, f, fmt) in enumerate(glance):
        r = 5 + k
        ws[f"A{r}"] = label
        ws[f"A{r}"].font = b.font_bold
        b.formula(ws[f"B{r}"], f.replace("monthly_saving_glance", "monthly_savings"))
        ws[f"B{r}"].number_format = fmt
        ws[f"B{r}"].alignment = b.right
        ws[f"B{r}"].fill = b.fill_result
    ws.merge_cells("B9:C9")
    ws["B9"].alignment = b.wrap
    ws.row_dimensions[9].height = 30

    b.section(ws, "A11", "What to fill in", 3)
    fill = (
        ("Break-even tab", "The yellow cells: the base model you use now and the model to fine-tune "
         "(dropdowns), training tokens, epochs, monthly input tokens, output ratio and the horizon. "
         "Optional: validation tokens, training runs, training hours (models billed by the hour), "
         "retraining, prompt overhead, fallback, cached and batch shares."),
        ("Alternatives tab", "The models and assumptions of prompt engineering, RAG and routing."),
        ("Decision tab", "The framework's questions (Yes/No) and how to choose the candidate."),
        ("Providers tab", "Nothing, unless your prices differ: edit any price, or add your own "
         "model in the row below the table — the dropdowns, results and ranking follow."),
        ("Colours", "Yellow with blue text: an input. Green: a key result. Grey: working cells."),
    )  # fmt: skip
    r = 12
    for label, text in fill:
        ws[f"A{r}"] = label
        ws[f"A{r}"].font = b.font_bold
        ws[f"A{r}"].alignment = b.top
        ws.merge_cells(f"B{r}:C{r}")
        ws[f"B{r}"] = text
        ws[f"B{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 45 if len(text) > 110 else 30
        r += 1

    r += 1
    b.section(ws, f"A{r}", "The tabs", 3)
    r += 1
    tabs = (
        (PROV, "One row per model: base and fine-tuned prices, training, minimum charge, hourly "
         "compute, hosting and storage, with the date each was checked, its source and notes."),
        (TRAIN, "What one fine-tuning costs: billed tokens, minimum charge, compute, runs; and the "
         "epochs OpenAI picks for a given number of examples."),
        (BE, "Base route against the fine-tuned route: cost per 1M tokens and per month, savings, "
         "break-even in tokens and months, net saving and total cost over the horizon, a "
         "month-by-month table and a chart of the crossover."),
        (CMP, "Every model's fine-tuned route for your workload, cheapest over the horizon first, "
         "with a chart."),
        (ALT, "Prompt engineering, RAG and multi-model routing for the same workload."),
        (DEC, "The article's decision framework as questions, with the break-even computed."),
        (FUNCS, "The FT_* Excel functions with an example of each (they need the add-in)."),
        (CONF, "Settings the xlwings add-in reads (only the Functions tab needs it)."),
    )  # fmt: skip
    for label, text in tabs:
        ws[f"A{r}"] = label
        ws[f"A{r}"].hyperlink = f"#{_q(label)}!A1"
        ws[f"A{r}"].font = b.font_bold
        ws[f"A{r}"].alignment = b.top
        ws.merge_cells(f"B{r}:C{r}")
        ws[f"B{r}"] = text
        ws[f"B{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 30
        r += 1

    r += 1
    b.section(ws, f"A{r}", "Prices", 3)
    r += 1
    as_of = ps.as_of.isoformat() if ps.as_of else "unknown"
    notes = (
        ("Price data", f"{ps.name}{' ' + ps.version if ps.version else ''} — {len(ps.models)} "
         f"models, checked up to {as_of}. USD per 1M tokens."),
        ("Prices change", "Providers change prices and retire models: check the Providers tab "
         "against each provider's page before you decide. Rows marked unverified or deprecated "
         "say so. Run `ftcost update-prices THIS.xlsx` to refresh the Providers table from newer "
         "price data: your inputs, your own rows and everything outside the table are kept, and "
         "a backup is written first."),
        ("Made by", "ftcost template version " + str(TEMPLATE_VERSION) + " (`ftcost template`)."),
    )  # fmt: skip
    for label, text in notes:
        ws[f"A{r}"] = label
        ws[f"A{r}"].font = b.font_bold
        ws[f"A{r}"].alignment = b.top
        ws.merge_cells(f"B{r}:C{r}")
        b.value(ws[f"B{r}"], text)  # "Price data" starts with the price set's name
        ws[f"B{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 60 if len(text) > 200 else 30
        r += 1
    ws.print_area = f"A1:C{r}"
    ws.page_setup.orientation = "portrait"
