"""The template's layout contract: sheet names, the Providers columns, the input and result
cells, the defined names' capacity, the fixed rows the readers and the tests rely on.

The one place both the writer (`ftcost.template.sheets`) and the readers
(`ftcost.template.read`, `ftcost.template.update`) take sheet names and cell addresses from.
Every name without a leading underscore is part of that contract.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .. import fields

TEMPLATE_VERSION = 1
# Fixed document times: the same prices give the same file, byte for byte.
FIXED_TIME = _dt.datetime(2026, 1, 1, 0, 0, 0)

CAPACITY = 200  # Providers rows the formulas see (the shipped models plus the user's own)
SCHEDULE_ROWS = 121  # month-by-month table: months 0…120 (longer horizons in even steps)

# ---------------------------------------------------------------- sheet names
START, PROV, CUR, TRAIN, BE, CMP, ALT, DEC, FUNCS, CONF, META = (
    "Start",
    "Providers",
    "Current models",
    "Training cost",
    "Break-even",
    "Compare providers",
    "Alternatives",
    "Decision",
    "Functions",
    "xlwings.conf",
    "ftcost",
)
SHEETS = (START, PROV, CUR, TRAIN, BE, CMP, ALT, DEC, FUNCS, CONF, META)

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

# Presentation of the price fields (`ftcost.fields.PRICE`): number format by kind, width by name.
_PRICE_FORMATS = {
    "id": FMT_TEXT,
    "text": FMT_TEXT,
    "status": FMT_TEXT,
    "date": FMT_DATE,
    "deadline": FMT_DATE,
    "rate": FMT_PRICE,
    "money": FMT_USD,
    "count": FMT_TOKENS,
    "bool": "General",
}
_KIND_WIDTHS = {"id": 17, "text": 11, "status": 11, "date": 11, "deadline": 11, "bool": 8}
_WIDE = 40  # long text (source, access)
_WIDTHS = {"name": 17, "notes": 70}
_WIDTH = 10  # every price column


def _width(f: fields.Field) -> float:
    return _WIDTHS.get(f.name) or (_WIDE if f.wide else _KIND_WIDTHS.get(f.kind, _WIDTH))


# (field, header, width, number format): one column per price field, in the registry's table
# order (wide text last); the header is the table column's name, which readers look for.
PROVIDER_COLUMNS: tuple[tuple[str, str, float, str], ...] = tuple(
    (f.name, f.header, _width(f), _PRICE_FORMATS[f.kind]) for f in fields.price_table_order()
)
PROVIDER_FIELDS = tuple(c[0] for c in PROVIDER_COLUMNS)
PROVIDER_HEADERS = tuple(c[1] for c in PROVIDER_COLUMNS)
# A workbook must have these columns; others may be missing (a template made before a field
# existed, or a column the user deleted): their cells read as blank.
PROVIDER_REQUIRED = tuple(f for f in PROVIDER_FIELDS if fields.by_name(f).required)
REQUIRED_PRICES = fields.REQUIRED_PRICES


def col_letter(i: int) -> str:
    """Column letter of the 1-based column ``i``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def provider_col(field: str) -> str:
    """Column letter of a Providers field."""
    return col_letter(PROVIDER_FIELDS.index(field) + 1)


def P(field: str) -> str:
    """The defined name of a Providers column (``P_base_input``): CAPACITY rows of it."""
    return "P_" + field


# ---------------------------------------------------------------- Current models table layout
# Popular current models (`ftcost.basemodels.CURRENT_MODELS`) resolved on the template's as-of
# date, base prices only: a base model to pick, and the switches the grade weighs. Never a
# candidate to fine-tune. The user may add rows below the table, up to CUR_CAPACITY in all.
CUR_CAPACITY = 100
CUR_HEADER_ROW = 5
CUR_FIRST = CUR_HEADER_ROW + 1
CUR_LAST = CUR_FIRST + CUR_CAPACITY - 1
CUR_TABLE_NAME = "CurrentModels"
CUR_CATALOG = "catalog"  # the column saying which price data gave the row (not a price field)
_CUR_FIELDS = ("id", "provider", "base_input", "base_cached_input", "base_output",
               "base_batch_input", "base_batch_output", "status", "checked")  # fmt: skip
_CUR_WIDE = ("source", "notes")
# (field, header, width, number format): the price fields' own headers (the reader finds the
# columns by them), then the price data a row came from, its source page and notes
CURRENT_COLUMNS: tuple[tuple[str, str, float, str], ...] = (
    *((n, fields.by_name(n).header, _width(fields.by_name(n)),
       _PRICE_FORMATS[fields.by_name(n).kind]) for n in _CUR_FIELDS),
    (CUR_CATALOG, "Price data", 38, FMT_TEXT),
    *((n, fields.by_name(n).header, 40 if n == "source" else 60, FMT_TEXT) for n in _CUR_WIDE),
)  # fmt: skip
CURRENT_FIELDS = tuple(c[0] for c in CURRENT_COLUMNS)
# right of the table, after a gap: the base-model dropdown's list (`base_list`: the Providers
# ids, then the Current models ids the Providers table lacks), then the switch working block
CUR_LIST_COL = len(CURRENT_COLUMNS) + 3
CURRENT_HEADERS = tuple(c[1] for c in CURRENT_COLUMNS)
CURRENT_REQUIRED = ("id", "base_input", "base_output")  # a user's row needs these; the rest default


def current_col(field: str) -> str:
    """Column letter of a Current models field."""
    return col_letter(CURRENT_FIELDS.index(field) + 1)


def C(field: str) -> str:
    """The defined name of a Current models column (``CM_base_input``): CUR_CAPACITY rows.
    (Not "C_": defined names ignore case, and the Compare tab's ``c_id`` … exist.)"""
    return "CM_" + field


# ---------------------------------------------------------------- inputs (Break-even tab)


@dataclass(frozen=True)
class Input:
    """One yellow input cell: its defined name, label, value as made, number format, what it
    accepts (``kind``, checked by its data validation and by the formulas) and help text."""

    name: str  # workbook-level defined name
    label: str
    default: object
    fmt: str
    kind: str  # model | tokens | count | share | ratio | optional_tokens | optional_count |
    # yesno | choice | priority | date
    help: str
    low: float | None = None
    high: float | None = None


# The Break-even tab's scenario inputs come from the field registry (`ftcost.fields.PLAN` and
# `.WORKLOAD`: labels, help, bounds, defaults); the order, number formats and the example values
# of the inputs the registry leaves without a default are the template's.
_BE_ORDER = ("training_tokens", "epochs", "validation_tokens", "runs", "training_hours",
             "retrain_every", "monthly_tokens", "output_ratio", "prompt_overhead",
             "fallback_share", "cached_share", "batch_share", "months")  # fmt: skip
_EXAMPLE = {"training_tokens": 5_000_000, "monthly_tokens": 1_000_000}
_INPUT_FORMATS = {
    "tokens": FMT_TOKENS,
    "hours": "#,##0.0",
    "count": FMT_INT,
    "ratio": FMT_RATIO,
    "share": FMT_SHARE,
}


def _be_fields() -> list[fields.Field]:
    """Every registry input (`fields.PLAN` + `.WORKLOAD`): the template's order first, any field
    the registry gained since in the registry's order after them."""
    known = [fields.by_name(n) for n in _BE_ORDER]
    return known + [f for f in fields.INPUTS if f.name not in _BE_ORDER]


def _scenario_input(f: fields.Field) -> Input:
    """The template input of a scenario field; blank allowed where the field has no default."""
    kind = {"hours": "tokens"}.get(f.kind, f.kind)  # hours: a number ≥ 0, as tokens are
    if not f.required and f.default is None:
        kind = "optional_" + kind
    default = _EXAMPLE.get(f.name, f.default)
    return Input(f.name, f.label, default, _INPUT_FORMATS[f.kind], kind, f.help, f.low, f.high)


INPUTS: tuple[Input, ...] = (
    Input("base_model", "Base model (what you use now)", "gpt-4o", FMT_TEXT, "model",
          "The model you pay for today (list: the Providers and Current models tabs)."),
    Input("ft_model", "Model to fine-tune", "gpt-4o-mini", FMT_TEXT, "model",
          "The candidate you would fine-tune and run instead."),
    *(_scenario_input(f) for f in _be_fields()),
    # the as-of date: which models can be trained, and how long their fine-tunes serve
    # (`ftcost.lifecycle`); its default is the day the template is made for (`as_of_input`)
    Input("as_of", "As of (date)", None, FMT_DATE, "date",
          "The day the answer is for: models closed or retired by then are not candidates.",
          2020, 2100),
    # what the user pays now: with monthly tokens blank, the volume is spend / the base route's
    # price per 1M task tokens (`ftcost.spend.tokens_from_spend`)
    Input("monthly_spend", "Monthly spend (USD), instead of tokens", None, FMT_USD,
          "optional_tokens", "What you pay a month on the base model; leave monthly tokens blank."),
)  # fmt: skip
INPUT = {i.name: i for i in INPUTS}
# Lifecycle arithmetic (`ftcost.lifecycle.DAYS_PER_MONTH`): months between two dates = days / this
DAYS_PER_MONTH = 30.4375

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

DEC_INPUT = {i.name: i for i in DEC_INPUTS}
ALT_INPUT = {i.name: i for i in ALT_INPUTS}

# Training cost tab: the one input of OpenAI's default-epochs rule
N_EXAMPLES = Input("n_examples", "Training examples (lines in the file)", 1000, FMT_TOKENS, "count",
                   "How many examples the training file holds.", 1, 1_000_000_000)  # fmt: skip

# ---------------------------------------------------------------- fixed rows

BE_FIRST = 6  # Break-even tab: first input/result row
BE_NOTE = BE_FIRST + max(len(INPUTS), len(RESULTS)) + 1  # "What it means", under both
SCHED_HEADER = 6  # Break-even tab: the month-by-month table's header row
SCHED_FIRST = SCHED_HEADER + 1
SCHED_LAST = SCHED_FIRST + SCHEDULE_ROWS - 1
CMP_HEADER = 26  # Compare providers tab: the ranked table's header row
CMP_FIRST = CMP_HEADER + 1
CMP_LAST = CMP_FIRST + CAPACITY - 1

# ---------------------------------------------------------------- the hidden sheet

META_IDS_FIRST = 7  # its rows from here list the ids the price data put in the table
# …and, in this column from the same row, the ids it put in the Current models table
META_CUR_COL = 60


def meta_rows(ps) -> list[tuple[str, object]]:
    """The hidden sheet's first rows (key, value): which template, which price data."""
    return [
        ("ftcost template", TEMPLATE_VERSION),
        ("price set", ps.name),
        ("price set version", ps.version),
        ("prices checked up to", ps.as_of.isoformat() if ps.as_of else ""),
        ("models from the price data", len(ps.models)),
    ]
