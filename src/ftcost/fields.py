"""The field registry: every price field and every scenario input, declared once.

Everything that lists fields derives its list from here: `ModelPrice` (model.py) and the price
files' validation (pricing.py), `TrainingPlan`/`Workload` bounds, the template's Providers
columns and Break-even inputs, the scenario file's fields, the FT_* functions' field names and the
engine's price arrays. Adding a field is one entry here plus the code that uses it.

A field's ``kind`` says how it is read and shown:

price fields    id, text, status, date (a day in the past: when checked), deadline (a day that
                may lie ahead: lifecycle), rate ($ per 1M tokens), money ($ per job/hour/month),
                count (a whole number), bool
scenario inputs tokens (a volume: 5M, 54K, 1.2B), count (a whole number), share (0…1),
                ratio (a non-negative number), hours
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FIXED_COSTS",
    "INPUTS",
    "OPTIONAL_RATES",
    "PLAN",
    "PRICE",
    "RATES",
    "REQUIRED_PRICES",
    "STANDARD_RATES",
    "WORKLOAD",
    "Field",
    "by_name",
    "names",
    "price_table_order",
]


@dataclass(frozen=True)
class Field:
    name: str
    group: str  # "price" (a model's price data), "plan" (TrainingPlan), "workload" (Workload)
    kind: str
    unit: str  # "$/1M", "$/job", "$/hour", "$/month", "tokens", "share", "" …
    label: str  # short: table headers, cell labels
    help: str  # one line: input help, tooltips
    doc: str = ""  # longer, for files and --help (defaults to help)
    required: bool = False
    default: object = None  # None: optional, "not given"
    low: float | None = None
    high: float | None = None
    wide: bool = False  # long text: shown last in tables

    @property
    def header(self) -> str:
        """Label with its unit, as table columns show it: 'Base input $/1M'."""
        return f"{self.label} {self.unit}" if self.unit.startswith("$") else self.label

    @property
    def description(self) -> str:
        return self.doc or self.help


def _rate(name: str, label: str, help: str, required: bool = False) -> Field:
    # A per-1M price above $10,000 is a typo or a per-1B figure: no model costs that.
    return Field(name, "price", "rate", "$/1M", label, help, required=required, high=10_000)


def _money(name: str, label: str, unit: str, help: str, high: float) -> Field:
    return Field(name, "price", "money", unit, label, help, default=0.0, high=high)


# The order is ModelPrice's (required first); tables put the wide text columns last.
PRICE: tuple[Field, ...] = (
    Field("id", "price", "id", "", "Model id", "Lower-case id, unique in the set.", required=True),
    Field("provider", "price", "text", "", "Provider", "Who sells it.", required=True),
    Field("name", "price", "text", "", "Name", "Display name.", required=True),
    Field("status", "price", "status", "", "Status", "active, deprecated or unverified.",
          required=True),
    Field("checked", "price", "date", "", "Checked", "Date the prices were checked.",
          required=True),
    Field("source", "price", "text", "", "Source", "Where the prices come from.",
          required=True, wide=True),
    _rate("base_input", "Base input", "Base model, input tokens.", required=True),
    _rate("base_output", "Base output", "Base model, output tokens.", required=True),
    _rate("ft_input", "FT input", "Fine-tuned model, input tokens.", required=True),
    _rate("ft_output", "FT output", "Fine-tuned model, output tokens.", required=True),
    _rate("training", "Training", "Per 1M training tokens (× epochs).", required=True),
    Field("notes", "price", "text", "", "Notes", "Caveats, errata, what is unverified.",
          default="", wide=True),
    _rate("base_cached_input", "Base cached input", "Base model, cached input tokens."),
    _rate("base_batch_input", "Base batch input", "Base model, batch API input tokens."),
    _rate("base_batch_output", "Base batch output", "Base model, batch API output tokens."),
    _rate("ft_cached_input", "FT cached input", "Fine-tuned model, cached input tokens."),
    _rate("ft_batch_input", "FT batch input", "Fine-tuned model, batch API input tokens."),
    _rate("ft_batch_output", "FT batch output", "Fine-tuned model, batch API output tokens."),
    _money("min_training_charge", "Min training charge", "$/job",
           "Least a training job is billed.", high=1_000_000),
    _money("training_per_hour", "Training compute", "$/hour",
           "Per hour of training compute.", high=10_000),
    _money("hosting_per_hour", "Hosting", "$/hour",
           "Per hour a fine-tuned deployment is up.", high=10_000),
    _money("storage_per_month", "Storage", "$/month",
           "Per month a fine-tuned model is stored.", high=100_000),
    Field("max_example_tokens", "price", "count", "tokens", "Max example tokens",
          "Per-example token limit when training.", low=1, high=100_000_000),
    Field("open_weights", "price", "bool", "", "Open weights",
          "true if the weights are open (self-hosting).", default=False),
    # lifecycle: each date backed by the entry's source (pricing/README.md)
    Field("training_until", "price", "deadline", "", "Training until",
          "Last date a new training job can start; blank: open."),
    Field("retires", "price", "deadline", "", "Retires",
          "Date the fine-tuned model stops serving; blank: none announced."),
    Field("access", "price", "text", "", "Access",
          "Who may train it, e.g. only organisations that fine-tuned recently.", default="",
          wide=True),
    Field("production", "price", "bool", "", "Production",
          "false: the offer cannot serve production traffic (e.g. deployments deleted after "
          "24 h): never a candidate", default=True),
)  # fmt: skip

PLAN: tuple[Field, ...] = (
    Field("training_tokens", "plan", "tokens", "tokens", "Training tokens (file size)",
          "Tokens in the training file.", "tokens in the training file, e.g. '5M' (required)",
          required=True),
    Field("epochs", "plan", "count", "", "Epochs",
          "Passes over the training file (the article bills one pass).",
          "passes over the training file (default 1)", default=1, low=1, high=100),
    Field("validation_tokens", "plan", "tokens", "tokens", "Validation tokens per run",
          "Validation tokens billed per training run.",
          "validation tokens billed per run (default 0)", default=0.0),
    Field("runs", "plan", "count", "", "Training runs paid for",
          "Experiments (hyper-parameter tries) that are all billed.",
          "training runs / experiments paid for (default 1)", default=1, low=1, high=10_000),
    Field("training_hours", "plan", "hours", "hours", "Training hours",
          "Compute hours, for models billed by the hour; blank: not given.",
          "training compute hours, for models billed by the hour"),
)  # fmt: skip

WORKLOAD: tuple[Field, ...] = (
    Field("monthly_tokens", "workload", "tokens", "tokens", "Monthly input tokens",
          "Input tokens a month of the task itself.",
          "input tokens a month of the task, e.g. '1M' (required)"),
    Field("output_ratio", "workload", "ratio", "", "Output tokens per input token",
          "0 counts input only, as the article does.",
          "output tokens per input token (default 0: input only, as the article)",
          default=0.0, low=0, high=1000),
    Field("prompt_overhead", "workload", "ratio", "", "Prompt overhead (× task tokens)",
          "Extra prompt tokens per task token that fine-tuning removes.",
          "extra prompt tokens per task token that fine-tuning removes (default 0)",
          default=0.0, low=0),
    Field("fallback_share", "workload", "share", "share", "Fallback share",
          "Share of requests the fine-tuned model fails; the base redoes them.",
          "share of requests the fine-tuned model fails and the base redoes (default 0)",
          default=0.0, low=0, high=1),
    Field("cached_share", "workload", "share", "share", "Cached input share",
          "Share of input at cached-input prices (where a model has them).",
          "share of input tokens at cached-input prices (default 0)",
          default=0.0, low=0, high=1),
    Field("batch_share", "workload", "share", "share", "Batch share",
          "Share of traffic through a batch API (where a model has batch prices).",
          "share of traffic through a batch API (default 0)", default=0.0, low=0, high=1),
    Field("months", "workload", "count", "", "Horizon (months)",
          "Months for net savings and total cost of ownership.",
          "horizon for net savings and the break-even chart (default 12)",
          default=12, low=1, high=1200),
    Field("retrain_every", "workload", "count", "", "Retrain every (months)",
          "Months between retrainings; blank: trained once.",
          "months between retrainings (default: trained once)", low=1, high=1200),
)  # fmt: skip

INPUTS: tuple[Field, ...] = PLAN + WORKLOAD

_ALL = {f.name: f for f in (*PRICE, *INPUTS)}


def by_name(name: str) -> Field:
    """The field called ``name`` (KeyError if there is none)."""
    return _ALL[name]


def names(fields: tuple[Field, ...], kind: str | None = None, required: bool | None = None):
    """Names of ``fields``, optionally only those of one kind / required or not."""
    return tuple(
        f.name
        for f in fields
        if (kind is None or f.kind == kind) and (required is None or f.required == required)
    )


def price_table_order() -> tuple[Field, ...]:
    """Price fields in the order tables show them: the wide text (source, notes) last."""
    return tuple(f for f in PRICE if not f.wide) + tuple(f for f in PRICE if f.wide)


RATES = names(PRICE, "rate")  # every $/1M token price
REQUIRED_PRICES = names(PRICE, "rate", required=True)  # base in/out, FT in/out, training
STANDARD_RATES = tuple(n for n in REQUIRED_PRICES if n != "training")
OPTIONAL_RATES = names(PRICE, "rate", required=False)  # cached and batch prices
FIXED_COSTS = names(PRICE, "money")  # min charge, training per hour, hosting, storage
