"""The plain data ftcost works with: prices, plans, workloads and results. No I/O here."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field, fields

from .errors import InputError
from .units import parse_count, parse_share, parse_tokens

__all__ = [
    "PLAN_FIELDS",
    "PRICE_FIELDS",
    "STATUSES",
    "WORKLOAD_FIELDS",
    "Comparison",
    "ModelPrice",
    "TrainingCost",
    "TrainingPlan",
    "Workload",
]

STATUSES = ("active", "deprecated", "unverified")

HOURS_PER_MONTH = 730.0  # 8,760 h / 12: the convention cloud providers bill monthly hours by


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """One model's prices. Token prices are USD per 1M tokens."""

    id: str
    provider: str
    name: str
    status: str
    checked: _dt.date
    source: str
    base_input: float
    base_output: float
    ft_input: float
    ft_output: float
    training: float
    notes: str = ""
    base_cached_input: float | None = None
    base_batch_input: float | None = None
    base_batch_output: float | None = None
    ft_cached_input: float | None = None
    ft_batch_input: float | None = None
    ft_batch_output: float | None = None
    min_training_charge: float = 0.0  # USD per training job
    training_per_hour: float = 0.0  # USD per hour of training compute
    hosting_per_hour: float = 0.0  # USD per hour a fine-tuned deployment is up
    storage_per_month: float = 0.0  # USD per month a fine-tuned model is stored
    max_example_tokens: int | None = None  # per-example limit when training
    open_weights: bool = False
    file: str = ""  # where the entry was read from (for messages)

    @property
    def key(self) -> str:
        """`provider/id`, lower-case: the unambiguous way to name a model."""
        return f"{self.provider.lower()}/{self.id}"

    @property
    def fixed_monthly(self) -> float:
        """Hosting (730 h a month) plus storage: what the fine-tuned route costs with no traffic."""
        return self.hosting_per_hour * HOURS_PER_MONTH + self.storage_per_month

    @property
    def billed_by_hour(self) -> bool:
        """True when training is charged by compute time rather than (only) by tokens."""
        return self.training_per_hour > 0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["checked"] = self.checked.isoformat()
        d.pop("file")
        return d


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)  # frozen dataclasses normalise their own fields


# Price fields in the order tables show them: (field, label, unit)
PRICE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("base_input", "Base input", "$/1M"),
    ("base_output", "Base output", "$/1M"),
    ("ft_input", "FT input", "$/1M"),
    ("ft_output", "FT output", "$/1M"),
    ("training", "Training", "$/1M"),
    ("base_cached_input", "Base cached input", "$/1M"),
    ("base_batch_input", "Base batch input", "$/1M"),
    ("base_batch_output", "Base batch output", "$/1M"),
    ("ft_cached_input", "FT cached input", "$/1M"),
    ("ft_batch_input", "FT batch input", "$/1M"),
    ("ft_batch_output", "FT batch output", "$/1M"),
    ("min_training_charge", "Min training charge", "$/job"),
    ("training_per_hour", "Training compute", "$/hour"),
    ("hosting_per_hour", "Hosting", "$/hour"),
    ("storage_per_month", "Storage", "$/month"),
)


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    """What one fine-tuning costs to make.

    billed tokens per run = training_tokens × epochs + validation_tokens;
    ``runs`` counts experiments (hyper-parameter tries) that are all paid for.
    ``training_hours`` matters only for models billed by compute time; None means "not given".
    """

    training_tokens: float
    epochs: int = 1
    validation_tokens: float = 0.0
    runs: int = 1
    training_hours: float | None = None

    def __post_init__(self) -> None:  # accept '5M' and friends; refuse what makes no sense
        _set(self, "training_tokens", parse_tokens(self.training_tokens, "training_tokens"))
        _set(self, "epochs", parse_count(self.epochs, "epochs", minimum=1, maximum=100))
        _set(self, "validation_tokens", parse_tokens(self.validation_tokens, "validation_tokens"))
        _set(self, "runs", parse_count(self.runs, "runs", minimum=1, maximum=10_000))
        if self.training_hours is not None:
            _set(self, "training_hours", parse_tokens(self.training_hours, "training_hours"))


@dataclass(frozen=True, slots=True)
class Workload:
    """The traffic both routes serve.

    monthly_tokens   input tokens a month of the task itself (None: not known).
    output_ratio     output tokens per input token (the article counts input only: 0).
    prompt_overhead  extra input tokens per task token the base route sends (instructions,
                     few-shot examples) that the fine-tuned model no longer needs.
    fallback_share   share of requests the fine-tuned model fails and the base model redoes.
    cached_share     share of input tokens billed at the cached-input price (where a model has one).
    batch_share      share of traffic sent through a batch API (where a model has batch prices).
    months           horizon in whole months for net savings and total cost of ownership.
    retrain_every    whole months between retrainings (None: trained once).
    """

    monthly_tokens: float | None = None
    output_ratio: float = 0.0
    prompt_overhead: float = 0.0
    fallback_share: float = 0.0
    cached_share: float = 0.0
    batch_share: float = 0.0
    months: int = 12
    retrain_every: int | None = None

    def __post_init__(self) -> None:
        if self.monthly_tokens is not None:
            _set(self, "monthly_tokens", parse_tokens(self.monthly_tokens, "monthly_tokens"))
        ratio = parse_tokens(self.output_ratio, "output_ratio")
        if ratio > 1000:
            raise InputError(f"output_ratio: output tokens per input token, got {ratio:g} (> 1000)")
        _set(self, "output_ratio", ratio)
        _set(self, "prompt_overhead", parse_tokens(self.prompt_overhead, "prompt_overhead"))
        for name in ("fallback_share", "cached_share", "batch_share"):
            _set(self, name, parse_share(getattr(self, name), name))
        _set(self, "months", parse_count(self.months, "months", minimum=1, maximum=1200))
        if self.retrain_every is not None:
            _set(
                self,
                "retrain_every",
                parse_count(self.retrain_every, "retrain_every", maximum=1200),
            )

    @property
    def trainings(self) -> int:
        """Trainings paid over the horizon: at month 0, then every `retrain_every` months before it ends."""
        if not self.retrain_every:
            return 1
        return -(-self.months // self.retrain_every)


@dataclass(frozen=True, slots=True)
class TrainingCost:
    model: str
    total: float  # all runs
    per_run: float
    billed_tokens: float  # per run
    token_cost: float  # per run, before the minimum charge
    compute_cost: float  # per run, training hours × hourly price
    min_charge_applied: bool
    runs: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """Base route (the model you use now) against a fine-tuned candidate, for one workload.

    Per-1M figures are per 1M *input* tokens of the task, with output (output_ratio),
    prompt overhead and fallback folded in. Monthly and horizon figures are None when the
    workload has no monthly volume; break-even figures are None when there is none, and
    ``reason`` says why.
    """

    base: str
    candidate: str
    training: TrainingCost
    base_per_million: float
    ft_per_million: float
    savings_per_million_tokens: float
    fixed_monthly: float
    breakeven_tokens: float | None
    monthly_tokens: float | None
    monthly_base_cost: float | None
    monthly_ft_cost: float | None
    monthly_savings: float | None
    annual_savings: float | None
    breakeven_months: float | None
    months: int
    trainings: int  # trainings paid over the horizon (1 + retrainings)
    retrain_every: int | None
    tco_base: float | None
    tco_ft: float | None
    net_savings: float | None
    reason: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def training_cost(self) -> float:
        return self.training.total

    def as_dict(self) -> dict:
        d = {"base": self.base, "candidate": self.candidate, "training_cost": self.training.total}
        d |= {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in d and f.name != "training"
        }
        d["training"] = asdict(self.training)
        d["warnings"] = list(self.warnings)
        d["training"]["warnings"] = list(self.training.warnings)
        return d


# Field names in order, for readers that build plans and workloads from files and workbooks.
PLAN_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(TrainingPlan))
WORKLOAD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Workload))
