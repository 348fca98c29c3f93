"""The plain data ftcost works with: prices, plans, workloads and results. No I/O here."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field, fields, make_dataclass

from .errors import InputError
from .fields import PLAN, PRICE, WORKLOAD, Field, names
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


_PRICE_TYPES = {
    "id": str,
    "text": str,
    "status": str,
    "date": _dt.date,
    "deadline": _dt.date,
    "rate": float,
    "money": float,
    "count": int,
    "bool": bool,
}


def _price_field(f: Field) -> tuple:
    typ = _PRICE_TYPES[f.kind]
    if f.required:
        return (f.name, typ)
    return (f.name, typ if f.default is not None else typ | None, field(default=f.default))


class _ModelPriceMethods:
    __slots__ = ()

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
        """The entry as plain JSON-ready values (dates as YYYY-MM-DD)."""
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, _dt.date):
                d[k] = v.isoformat()
        d.pop("file")
        return d


# One model's prices, its fields generated from the registry (`fields.PRICE`): token prices are
# USD per 1M tokens; `file` says where the entry was read from (for messages).
ModelPrice = make_dataclass(
    "ModelPrice",
    [*(_price_field(f) for f in PRICE), ("file", str, field(default=""))],
    bases=(_ModelPriceMethods,),
    frozen=True,
    slots=True,
)
ModelPrice.__module__ = __name__
ModelPrice.__doc__ = "One model's prices. Token prices are USD per 1M tokens."


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)  # frozen dataclasses normalise their own fields


# Price fields in the order tables show them: (field, label, unit)
PRICE_FIELDS: tuple[tuple[str, str, str], ...] = tuple(
    (f.name, f.label, f.unit) for f in PRICE if f.kind in ("rate", "money")
)


def parse_input(f: Field, value: object):
    """A scenario input read by its registry entry: kind, bounds; None stays None when optional."""
    if value is None and f.default is None and not f.required:
        return None
    if f.kind == "count":
        return parse_count(value, f.name, minimum=int(f.low or 0), maximum=_int(f.high))
    if f.kind == "share":
        return parse_share(value, f.name)
    x = parse_tokens(value, f.name)  # tokens, hours, ratio: non-negative quantities
    if f.high is not None and x > f.high:
        raise InputError(f"{f.name}: {f.label.lower()}, got {x:g} (> {f.high:g})")
    return x


def _int(x: float | None) -> int | None:
    return None if x is None else int(x)


def _input_record(name: str, group: tuple[Field, ...], doc: str, base: type) -> type:
    """A frozen dataclass of ``group``'s inputs that parses and checks them when built."""

    def __post_init__(self) -> None:  # accept '5M' and friends; refuse what makes no sense
        for f in group:
            _set(self, f.name, parse_input(f, getattr(self, f.name)))

    def typ(f: Field) -> type:
        t = int if f.kind == "count" else float  # '5M' and friends are accepted and parsed
        return t if f.required or f.default is not None else t | None

    spec = [
        (f.name, typ(f)) if f.required else (f.name, typ(f), field(default=f.default))
        for f in group
    ]
    cls = make_dataclass(
        name, spec, bases=(base,), namespace={"__post_init__": __post_init__},
        frozen=True, slots=True,
    )  # fmt: skip
    cls.__module__ = __name__
    cls.__doc__ = doc
    return cls


class _PlanMethods:
    __slots__ = ()


class _WorkloadMethods:
    __slots__ = ()

    @property
    def trainings(self) -> int:
        """Trainings paid over the horizon: at month 0, then every `retrain_every` months before it ends."""
        if not self.retrain_every:
            return 1
        return -(-self.months // self.retrain_every)


TrainingPlan = _input_record(
    "TrainingPlan",
    PLAN,
    """What one fine-tuning costs to make (fields: `fields.PLAN`).

    billed tokens per run = training_tokens × epochs + validation_tokens;
    ``runs`` counts experiments (hyper-parameter tries) that are all paid for.
    ``training_hours`` matters only for models billed by compute time; None means "not given".
    """,
    _PlanMethods,
)

Workload = _input_record(
    "Workload",
    WORKLOAD,
    """The traffic both routes serve (fields: `fields.WORKLOAD`).

    monthly_tokens   input tokens a month of the task itself (None: not known).
    output_ratio     output tokens per input token (the article counts input only: 0).
    prompt_overhead  extra input tokens per task token the base route sends (instructions,
                     few-shot examples) that the fine-tuned model no longer needs.
    fallback_share   share of requests the fine-tuned model fails and the base model redoes.
    cached_share     share of input tokens billed at the cached-input price (where a model has one).
    batch_share      share of traffic sent through a batch API (where a model has batch prices).
    months           horizon in whole months for net savings and total cost of ownership.
    retrain_every    whole months between retrainings (None: trained once).
    """,
    _WorkloadMethods,
)


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
    # the candidate's lifecycle on the as-of date (see `ftcost.lifecycle`)
    as_of: _dt.date | None = None
    state: str = "active"  # lifecycle.STATES
    trainable: bool = True  # a fine-tuning job of the candidate can start on as_of
    training_until: _dt.date | None = None
    retires: _dt.date | None = None
    availability: str = ""  # the lifecycle's one-line reason, "" if nothing to say
    effective_months: float | None = None  # months of the horizon the fine-tune serves
    breakeven_before_retirement: bool | None = None  # None: no break-even
    # "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M" when a spend was given
    spend_text: str = ""

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
        for k in ("as_of", "training_until", "retires"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        d["training"] = asdict(self.training)
        d["warnings"] = list(self.warnings)
        d["training"]["warnings"] = list(self.training.warnings)
        return d


# Field names in order, for readers that build plans and workloads from files and workbooks.
PLAN_FIELDS: tuple[str, ...] = names(PLAN)
WORKLOAD_FIELDS: tuple[str, ...] = names(WORKLOAD)
