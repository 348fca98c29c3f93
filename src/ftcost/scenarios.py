"""Scenarios for `ftcost report`: what one report section answers, and the TOML file that lists them.

A scenario file holds one or more ``[[scenario]]`` tables; a ``[defaults]`` table gives fields
every scenario inherits unless it sets them::

    title = "Support-ticket classifier"        # optional, shown at the top of the report
    prices = "default"                         # optional: 'default', 'article' or a price file

    [defaults]
    base = "gpt-4o"
    candidate = "gpt-4o-mini"                  # or "all": ftcost picks the cheapest
    training_tokens = "5M"

    [[scenario]]
    name = "Today"
    monthly_tokens = "1M"                      # or monthly_spend = "$5,000" (not both)
    as_of = 2026-12-01                         # optional: the day the answer is for

A scenario's ``as_of`` (default: $FTCOST_AS_OF, else today) decides which models can still be
fine-tuned and how long a fine-tune serves; the report prints it on every sheet.

Validation is strict: an unknown key, a bad value or an unknown model is an error naming the
file, line, scenario and field (``scenarios.toml:9: scenario 'Today': epochs: must be …``),
and every problem in the file is reported, not only the first.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .engine import (
    HIGH_VOLUME,
    LOW_VOLUME,
    PRIORITIES,
    RAG_EMBEDDING_PER_MILLION,
    RAG_SEARCH_PER_QUERY,
)
from .errors import FtCostError, InputError
from .fields import INPUTS, by_name
from .lifecycle import parse_as_of
from .model import PLAN_FIELDS, WORKLOAD_FIELDS, TrainingPlan, Workload, parse_input
from .units import (
    fmt_tokens,
    parse_count,
    parse_money,
    parse_price,
    parse_share,
    parse_tokens,
)

__all__ = [
    "EXAMPLE",
    "FIELDS",
    "Scenario",
    "ScenarioError",
    "ScenarioFile",
    "build_scenario",
    "check_models",
    "example",
    "from_template",
    "option_name",
    "read_scenarios",
    "with_overrides",
]

EXAMPLE = Path(__file__).with_name("example.toml")  # shipped inside the package (wheel too)

_FLAGS = ("narrow_task", "prompt_solves", "changing_requirements", "needs_reasoning", "multi_task")
# What the report weighs, beside the task's flags: models not trainable on the as-of date, and
# prices that are second-hand (the engine's include_unavailable / include_unverified).
_CHOICES = ("include_unavailable", "include_unverified")
# Models a scenario may name besides base and candidate; None means "the default model".
_MODELS = ("prompt_model", "rag_model", "route_to", "route_premium")
# Scalar alternatives and decision settings, kept as given (parsed) on the Scenario.
_SETTINGS = (
    "priority",
    "high_volume",
    "low_volume",
    "request_tokens",
    "rag_requests",
    "rag_context_tokens",
    "rag_embedding_price",
    "rag_search_price",
    "rag_corpus_tokens",
    "simple_share",
    "router_price",
)

# Every scenario field and what it means (the README's table and `--help` come from here).
FIELDS: dict[str, str] = {
    "name": "label shown in the report (default 'Scenario N'); unique in the file",
    "description": "a sentence or two shown under the name",
    "base": "the model used now (required)",
    "candidate": "the model to fine-tune, or 'all' to let ftcost pick the cheapest (default)",
    **{f.name: f.description for f in INPUTS},  # the training plan and workload (fields.py)
    "monthly_spend": "what the base model costs you a month, USD ('$5,000'): the monthly volume is derived from the base model's prices, instead of monthly_tokens",
    "as_of": "the day the answer is for, YYYY-MM-DD: which models can still be fine-tuned and how long a fine-tune serves (default: $FTCOST_AS_OF, else today)",
    "include_unavailable": "true to rank models that cannot be fine-tuned on the as-of date too (default false: listed apart, with the reason)",
    "include_unverified": "true to weigh options resting on unverified prices (second-hand, or not from a provider's price list) in the grade and the recommendation (default false: the report says what it left out)",
    "narrow_task": "true if the task is narrow (classification, extraction...) (default true)",
    "prompt_solves": "true if a well-crafted prompt already solves the task (default false)",
    "changing_requirements": "true if the task changes often (default false)",
    "needs_reasoning": "true if the task needs reasoning ability (default false)",
    "multi_task": "true if one model serves many different tasks (default false)",
    "priority": "how ftcost picks the candidate when it is 'all': cost, inference (lowest fine-tuned price per token) or self-hosting (open weights) (default cost)",
    "high_volume": "monthly tokens from which the decision calls it the article's high-volume case (default 100M)",
    "low_volume": "monthly tokens under which the decision says prompt engineering (default 1M)",
    "sensitivity_volumes": "monthly volumes for the Sensitivity sheet (default: 1/100× to 100× the volume)",
    "sensitivity_epochs": "epochs for the Sensitivity sheet's columns (default 1, 2, 3, 4)",
    "sensitivity_output_ratios": "output ratios for the Sensitivity sheet's columns, instead of epochs",
    "prompt_model": "model for the prompt-engineering alternative (default: the base)",
    "rag_model": "generation model for the RAG alternative (default: the base)",
    "request_tokens": "average input tokens per request: RAG makes monthly_tokens / request_tokens searches (default 1000)",
    "rag_requests": "RAG requests (vector searches) a month, instead of request_tokens",
    "rag_context_tokens": "retrieved context tokens per request for RAG (default 2000)",
    "rag_embedding_price": "RAG embedding price, $ per 1M tokens (default 0.10, the article's low end)",
    "rag_search_price": "RAG vector search price, $ per query (default 0.00001, the article's low end)",
    "rag_corpus_tokens": "corpus tokens RAG (re-)embeds each month (default 0)",
    "route_to": "cheap model for the routing alternative (default: the candidate)",
    "route_premium": "model taking the rest of the traffic when routing (default: the base)",
    "simple_share": "share of requests simple enough for the cheap model when routing (default 0.7, as the template)",
    "router_price": "a router's own cost when routing, $ per 1M tokens (default 0)",
}

_INPUT = {f.name: f for f in INPUTS}
_REQUIRED = ("base", "training_tokens")  # and monthly_tokens or monthly_spend
_MAX_NAME = 100
_MAX_TEXT = 2000
_MAX_LIST = 60


class ScenarioError(InputError):
    """Scenarios that do not validate; ``problems`` lists every one (file, line, scenario, field)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        more = len(self.problems) - 1
        super().__init__(self.problems[0] + (f" (and {more} more)" if more > 0 else ""))


@dataclass(frozen=True)
class Scenario:
    """One workload and the question asked about it: base model now vs a fine-tuned candidate."""

    name: str
    base: str
    plan: TrainingPlan
    workload: Workload
    candidate: str | None = None  # None: every model, ftcost picks
    description: str = ""
    narrow_task: bool = True
    prompt_solves: bool = False
    changing_requirements: bool = False
    needs_reasoning: bool = False
    multi_task: bool = False
    as_of: _dt.date | None = None  # None: $FTCOST_AS_OF, else today (when computed)
    monthly_spend: float | None = None  # USD a month on the base: the volume, when tokens are not
    include_unavailable: bool = False
    include_unverified: bool = False
    sensitivity_volumes: tuple[float, ...] | None = None  # None: around the monthly volume
    sensitivity_by: str = "epochs"  # or "output_ratio"
    sensitivity_values: tuple[float, ...] | None = None  # None: 1-4 epochs
    priority: str = "cost"  # how the candidate is picked when not given
    high_volume: float = HIGH_VOLUME  # the decision's thresholds, tokens a month
    low_volume: float = LOW_VOLUME
    prompt_model: str | None = None  # None: the base
    rag_model: str | None = None  # None: the base
    request_tokens: float = 1000.0  # RAG requests = monthly tokens / request_tokens ...
    rag_requests: float | None = None  # ... unless given here
    rag_context_tokens: float = 2000.0
    rag_embedding_price: float = RAG_EMBEDDING_PER_MILLION
    rag_search_price: float = RAG_SEARCH_PER_QUERY
    rag_corpus_tokens: float = 0.0
    route_to: str | None = None  # None: the candidate
    route_premium: str | None = None  # None: the base
    simple_share: float = 0.7  # the template's default too
    router_price: float = 0.0
    where: str = ""  # "file:line: scenario 'name'" for messages
    # field → where it was set, field named: "f.toml:12: scenario 'x': epochs", "--epochs"
    locations: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Scenarios built in code get the file format's checks ("60M" → 6e7; bad → InputError).
        for k in _SETTINGS:
            v = getattr(self, k)
            if v is not None:
                object.__setattr__(self, k, _check_field(k, v))

    def locate(self, key: str | None = None) -> str:
        """Where ``key`` was set ("f.toml:12: scenario 'x': epochs"); the scenario if None."""
        if key is None:
            return self.where
        return self.locations.get(key, f"{self.where}: {key}")

    def raw(self) -> dict:
        """The scenario's fields as a scenario file would give them (for overrides)."""
        d: dict = {"name": self.name, "base": self.base, "description": self.description}
        d["candidate"] = self.candidate if self.candidate is not None else "all"
        d |= {k: getattr(self.plan, k) for k in PLAN_FIELDS}
        d |= {k: getattr(self.workload, k) for k in WORKLOAD_FIELDS}
        d |= {k: getattr(self, k) for k in (*_FLAGS, *_CHOICES)}
        if self.as_of is not None:
            d["as_of"] = self.as_of
        if self.monthly_spend is not None:
            d["monthly_spend"] = self.monthly_spend
        if self.sensitivity_volumes is not None:
            d["sensitivity_volumes"] = list(self.sensitivity_volumes)
        if self.sensitivity_values is not None:
            d[
                "sensitivity_" + ("epochs" if self.sensitivity_by == "epochs" else "output_ratios")
            ] = list(self.sensitivity_values)
        # Only what differs from the defaults: an override then meets no stale default
        # (request_tokens against a new rag_requests, low_volume against a new high_volume).
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        for k in (*_MODELS, *_SETTINGS):
            if getattr(self, k) != defaults[k]:
                d[k] = getattr(self, k)
        if self.rag_requests is not None:  # it wins over request_tokens
            d.pop("request_tokens", None)
        return {k: v for k, v in d.items() if v is not None}

    @property
    def requests(self) -> float:
        """RAG requests (vector searches) a month: given, or one per ``request_tokens``."""
        if self.rag_requests is not None:
            return self.rag_requests
        return (self.workload.monthly_tokens or 0.0) / self.request_tokens


@dataclass(frozen=True)
class ScenarioFile:
    """What a scenario file holds: scenarios, an optional title and price set."""

    scenarios: tuple[Scenario, ...]
    title: str = ""
    prices: str | None = None  # a built-in name or a path (resolved against the file's folder)
    path: str = ""


# ---------------------------------------------------------------- one scenario


def _text(value: object, key: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError(f"{key}: must be text, got {value!r}")
    text = value.strip()
    if len(text) > limit:
        raise InputError(f"{key}: at most {limit} characters, got {len(text)}")
    return text


def _model_name(value: object, key: str) -> str:
    text = _text(value, key, 200)
    if not text:
        raise InputError(f"{key}: must name a model (see `ftcost models`)")
    return text


def _number_list(value: object, key: str, parse: Callable[[object], float]) -> tuple[float, ...]:
    if isinstance(value, str):  # "100K, 1M, 10M" from the command line
        value = [v for v in re.split(r"[;\s]*,[;\s]*|;|\s+", value.strip()) if v]
    if not isinstance(value, list | tuple) or not value:
        raise InputError(f'{key}: must be a non-empty list, e.g. ["100K", "1M", "10M"]')
    if len(value) > _MAX_LIST:
        raise InputError(f"{key}: at most {_MAX_LIST} values, got {len(value)}")
    out = tuple(parse(v) for v in value)
    if len(set(out)) != len(out):
        raise InputError(f"{key}: values must be different from each other")
    return tuple(sorted(out))


def _check_field(key: str, value: object) -> object:
    """The parsed value of one field, or InputError saying what is wrong with it."""
    if key in _INPUT:
        return parse_input(_INPUT[key], value)  # the registry's checks, as TrainingPlan's
    if key in _FLAGS or key in _CHOICES:
        if not isinstance(value, bool):
            raise InputError(f"{key}: must be true or false, got {value!r}")
        return value
    if key == "as_of":
        if isinstance(value, _dt.datetime):  # a TOML date-time: the day is what counts
            value = value.date()
        if not isinstance(value, str | _dt.date) or (isinstance(value, str) and not value.strip()):
            raise InputError(f"{key}: a date, YYYY-MM-DD; got {value!r}")
        return parse_as_of(value, key)
    if key == "monthly_spend":
        return parse_money(value, key)
    if key == "name":
        name = _text(value, key, _MAX_NAME)
        if not name:
            raise InputError("name: must not be empty")
        return name
    if key == "description":
        return _text(value, key, _MAX_TEXT)
    if key == "base" or key in _MODELS:
        return _model_name(value, key)
    if key == "candidate":
        name = _model_name(value, key)
        return None if name.lower() == "all" else name
    if key == "sensitivity_volumes":
        return _number_list(value, key, lambda v: parse_tokens(v, key))
    if key == "sensitivity_epochs":
        epochs = by_name("epochs")
        return _number_list(
            value,
            key,
            lambda v: parse_count(v, key, minimum=int(epochs.low), maximum=int(epochs.high)),
        )
    if key == "sensitivity_output_ratios":
        return _number_list(value, key, lambda v: _check_field("output_ratio", v))
    if key == "request_tokens":
        x = parse_tokens(value, key)
        if x <= 0:
            raise InputError(f"{key}: must be > 0, got {value!r}")
        return x
    if key in ("rag_embedding_price", "rag_search_price", "router_price"):
        return parse_price(value, key)  # "$0.13" is a price here; in a token field it is refused
    if key in (
        "rag_requests",
        "rag_context_tokens",
        "rag_corpus_tokens",
        "high_volume",
        "low_volume",
    ):
        return parse_tokens(value, key)
    if key == "simple_share":
        return parse_share(value, key)
    if key == "priority":
        text = _text(value, key, 50).lower()
        if text not in PRIORITIES:
            raise InputError(f"{key}: one of {', '.join(PRIORITIES)}; got {value!r}")
        return text
    raise AssertionError(key)  # pragma: no cover - keys are checked before


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key, list(FIELDS), n=1)
    return "unknown field" + (f" — did you mean {close[0]!r}?" if close else "")


def build_scenario(
    raw: Mapping[str, object],
    locate: Callable[[str | None], str],
    *,
    default_name: str = "Scenario",
) -> tuple[Scenario | None, list[str]]:
    """A Scenario from ``raw`` fields (as a scenario file gives them), or the problems found.

    ``locate(key)`` names a field and where it was set ("f.toml:12: scenario 'x': epochs",
    or "--epochs"); ``locate(None)`` the scenario. Problems read "<locate(key)>: <what is wrong>".
    """
    problems: list[str] = []
    values: dict[str, object] = {}

    def bad(key: str | None, msg: str) -> None:
        problems.append(f"{locate(key)}: {msg}")

    for key, value in raw.items():
        if key not in FIELDS:
            bad(key, _unknown(key))
            continue
        try:
            values[key] = _check_field(key, value)
        except InputError as e:
            msg = str(e)
            bad(key, msg[len(key) + 2 :] if msg.startswith(key + ": ") else msg)
    for key in _REQUIRED:
        if key not in raw:
            bad(None, f"missing required field {key!r} ({FIELDS[key]})")
    if "monthly_tokens" in raw and "monthly_spend" in raw:
        bad("monthly_spend", "give monthly_spend or monthly_tokens, not both")
    elif "monthly_tokens" not in raw and "monthly_spend" not in raw:
        bad(None, "missing required field 'monthly_tokens' (or 'monthly_spend')")
    if "sensitivity_epochs" in raw and "sensitivity_output_ratios" in raw:
        bad(
            "sensitivity_output_ratios",
            "give sensitivity_epochs or sensitivity_output_ratios, not both",
        )
    if "request_tokens" in raw and "rag_requests" in raw:
        bad("rag_requests", "give request_tokens or rag_requests, not both")
    low = values.get("low_volume", LOW_VOLUME)
    high = values.get("high_volume", HIGH_VOLUME)
    if isinstance(low, float) and isinstance(high, float) and low > high:
        if "low_volume" in raw:
            bad("low_volume", f"{fmt_tokens(low)} is above high_volume ({fmt_tokens(high)})")
        else:
            bad("high_volume", f"{fmt_tokens(high)} is below low_volume ({fmt_tokens(low)})")
    monthly = values.get("monthly_tokens")
    if values.get("rag_requests") == 0 and isinstance(monthly, float) and monthly > 0:
        bad("rag_requests", "RAG needs the number of requests a month (> 0)")
    if problems:
        return None, problems

    by = "output_ratio" if "sensitivity_output_ratios" in values else "epochs"
    sens = values.get("sensitivity_output_ratios", values.get("sensitivity_epochs"))
    plan = TrainingPlan(**{k: values[k] for k in PLAN_FIELDS if k in values})
    workload = Workload(**{k: values[k] for k in WORKLOAD_FIELDS if k in values})
    scenario = Scenario(
        name=str(values.get("name") or default_name),
        base=str(values["base"]),
        plan=plan,
        workload=workload,
        candidate=values.get("candidate"),  # type: ignore[arg-type]
        description=str(values.get("description", "")),
        sensitivity_volumes=values.get("sensitivity_volumes"),  # type: ignore[arg-type]
        sensitivity_by=by,
        sensitivity_values=sens,  # type: ignore[arg-type]
        where=locate(None),
        locations={k: locate(k) for k in raw},
        as_of=values.get("as_of"),  # type: ignore[arg-type]
        monthly_spend=values.get("monthly_spend"),  # type: ignore[arg-type]
        **{k: values[k] for k in (*_FLAGS, *_CHOICES) if k in values},  # type: ignore[arg-type]
        **{k: values[k] for k in (*_MODELS, *_SETTINGS) if k in values},
    )
    return scenario, []


# Scenario field → the template's input (defined name) that gives it, where the names differ.
_TEMPLATE_NAMES = {
    "base": "base_model",
    "candidate": "ft_model",
    "narrow_task": "q_narrow_task",
    "prompt_solves": "q_prompt_solves",
    "changing_requirements": "q_changing",
    "needs_reasoning": "q_reasoning",
    "multi_task": "q_multi_task",
    "prompt_model": "pe_model",
    "route_to": "route_cheap",
    "simple_share": "route_simple_share",
    "router_price": "route_router_price",
}


def from_template(t, label: str) -> Scenario:
    """The scenario a filled-in template describes (a `ftcost.template.FilledTemplate`).

    Its Decision tab's answers and Alternatives tab's inputs come along, so a report made from
    the workbook answers as its own tabs do: "Choose by priority" leaves the candidate to the
    engine, by the tab's priority; otherwise the Break-even tab's model is the candidate.
    ``label`` (the file's name) starts the scenario's name and every location ("my.xlsx:
    Decision!B11").
    """
    d, a = t.decision, t.alternatives
    candidate = None if d.choose_by_priority else t.candidate
    who = f"the {d.priority} pick" if candidate is None else f"fine-tuned {t.candidate}"
    fields_ = {
        "base": t.base,
        "candidate": candidate,
        "plan": t.plan,
        "workload": t.workload,
        "narrow_task": d.narrow_task,
        "prompt_solves": d.prompt_solves,
        "changing_requirements": d.changing_requirements,
        "needs_reasoning": d.needs_reasoning,
        "multi_task": d.multi_task,
        "priority": d.priority,
        "high_volume": d.high_volume,
        "low_volume": d.low_volume,
        "prompt_model": a.pe_model,
        "rag_model": a.rag_model,
        "rag_requests": a.rag_requests,
        "rag_context_tokens": a.rag_context_tokens,
        "rag_embedding_price": a.rag_embedding_price,
        "rag_search_price": a.rag_search_price,
        "rag_corpus_tokens": a.rag_corpus_tokens,
        "route_to": a.route_cheap,
        "route_premium": a.route_premium,
        "simple_share": a.route_simple_share,
        "router_price": a.route_router_price,
    }
    names = {k: _TEMPLATE_NAMES.get(k, k) for k in FIELDS} | {
        "candidate": "candidate_choice" if candidate is None else "ft_model"
    }
    locations = {k: f"{label}: {t.cells[n]}" for k, n in names.items() if n in t.cells}
    return Scenario(
        name=f"{label}: {t.base} → {who}"[:_MAX_NAME],
        as_of=t.as_of,  # the template's "As of" cell (None: the report's date)
        monthly_spend=t.monthly_spend,
        # the template's Decision weighs first-hand prices, or all when none is (the engine's
        # default): a cheaper unverified row does not become its pick
        include_unverified=False,
        where=label,
        locations=locations,
        **fields_,
    )


def option_name(key: str) -> str:
    """The command-line option that sets scenario field ``key``."""
    return {"narrow_task": "--not-narrow"}.get(key, "--" + key.replace("_", "-"))


def with_overrides(
    s: Scenario, overrides: Mapping[str, object], name: Callable[[str], str] = option_name
) -> Scenario:
    """``s`` with some fields replaced (command-line options); problems say ``name(field)``."""
    if not overrides:
        return s
    raw = s.raw()
    if "sensitivity_epochs" in overrides or "sensitivity_output_ratios" in overrides:
        raw.pop("sensitivity_epochs", None)
        raw.pop("sensitivity_output_ratios", None)
    if "request_tokens" in overrides or "rag_requests" in overrides:
        raw.pop("request_tokens", None)
        raw.pop("rag_requests", None)
    if "monthly_tokens" in overrides or "monthly_spend" in overrides:  # either gives the volume
        raw.pop("monthly_tokens", None)
        raw.pop("monthly_spend", None)
    raw |= overrides

    def locate(key: str | None) -> str:
        return name(key) if key in overrides else s.locate(key)

    new, problems = build_scenario(raw, locate, default_name=s.name)
    if problems:
        raise ScenarioError(problems)
    assert new is not None
    return dataclasses.replace(
        new,
        where=s.where,
        locations={**s.locations, **{k: name(k) for k in overrides}},
    )


def check_models(scenarios: Iterable[Scenario], prices) -> None:
    """Every model a scenario names exists in ``prices`` (raises ScenarioError listing all)."""
    from .basemodels import resolve
    from .errors import DataError, UnknownModel

    problems = []
    for s in scenarios:
        for key in ("base", "candidate", *_MODELS):
            name = getattr(s, key)
            if name is None:
                continue
            try:
                if key == "base":  # any current model: ftcost's catalog, then genai-prices
                    resolve(name, prices, as_of=parse_as_of(s.as_of))
                else:  # fine-tuned or run at ftcost's catalog prices
                    prices.get(name)
            except (UnknownModel, DataError) as e:
                problems.append(f"{s.locate(key)}: {e}")
    if problems:
        raise ScenarioError(problems)


# ---------------------------------------------------------------- the file


def _table_spans(lines: list[str], header: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each ``[[header]]`` table, in order."""
    pat = re.compile(rf"^\s*\[\[\s*{header}\s*\]\]")
    any_table = re.compile(r"^\s*\[")
    starts = [i + 1 for i, line in enumerate(lines) if pat.match(line)]
    spans = []
    for s in starts:
        end = s
        while end < len(lines) and not any_table.match(lines[end]):
            end += 1
        spans.append((s, end))
    return spans


def _key_line(lines: list[str], span: tuple[int, int] | None, key: str) -> int | None:
    if span is None:
        return None
    pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for ln in range(span[0], min(span[1], len(lines)) + 1):
        if pat.match(lines[ln - 1]):
            return ln
    return span[0]


def _defaults_span(lines: list[str]) -> tuple[int, int] | None:
    pat = re.compile(r"^\s*\[\s*defaults\s*\]")
    any_table = re.compile(r"^\s*\[")
    for i, line in enumerate(lines):
        if pat.match(line):
            end = i + 1
            while end < len(lines) and not any_table.match(lines[end]):
                end += 1
            return (i + 1, end)
    return None


_TOP_KEYS = ("title", "prices", "defaults", "scenario")


def read_scenarios(path: str | Path) -> ScenarioFile:
    """The scenarios in a TOML scenario file (see the module docstring for the format).

    Raises ScenarioError listing every problem, each naming file, line, scenario and field.
    """
    p = Path(path)
    where = str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{where}: scenario file not found"]) from None
    except IsADirectoryError:
        raise ScenarioError([f"{where}: is a folder, not a scenario file"]) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"{where}: not a UTF-8 text file (a scenario file is TOML)"]) from None
    except OSError as e:
        raise ScenarioError([f"{where}: cannot read: {e.strerror or e}"]) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError([f"{where}: bad TOML: {e}"]) from None

    lines = text.splitlines()
    problems: list[str] = []
    for key in doc:
        if key not in _TOP_KEYS:
            close = difflib.get_close_matches(key, _TOP_KEYS, n=1)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            if key in FIELDS:
                hint = " (scenario fields go in [[scenario]] or [defaults])"
            problems.append(f"{where}: unknown top-level key {key!r}{hint}")
    title = doc.get("title", "")
    if not isinstance(title, str) or len(title) > _MAX_NAME:
        problems.append(f"{where}: title: must be text of at most {_MAX_NAME} characters")
        title = ""
    prices = doc.get("prices")
    if prices is not None and (not isinstance(prices, str) or not prices.strip()):
        problems.append(f"{where}: prices: must be 'default', 'article' or a price file path")
        prices = None
    elif isinstance(prices, str):
        prices = prices.strip()
        if prices.lower() not in ("default", "article") and not Path(prices).is_absolute():
            prices = str(p.parent / prices)  # relative to the scenario file, not the cwd

    defaults = doc.get("defaults", {})
    dspan = _defaults_span(lines)
    if not isinstance(defaults, dict):
        problems.append(f"{where}: defaults: must be a table ([defaults])")
        defaults = {}
    for key in defaults:
        if key not in FIELDS or key in ("name", "description"):
            ln = _key_line(lines, dspan, key)
            msg = "not a default (each scenario has its own)" if key in FIELDS else _unknown(key)
            problems.append(f"{where}:{ln}: defaults.{key}: {msg}")

    entries = doc.get("scenario")
    if entries is None:
        problems.append(f"{where}: no [[scenario]] tables (one per workload)")
        entries = []
    elif not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(f"{where}: 'scenario' must be [[scenario]] tables")
        entries = []
    spans = _table_spans(lines, "scenario")

    scenarios: list[Scenario] = []
    seen: dict[str, str] = {}
    clean_defaults = {k: v for k, v in defaults.items() if k in FIELDS}
    for i, entry in enumerate(entries):
        span = spans[i] if i < len(spans) else None
        name = entry.get("name")
        label = name.strip() if isinstance(name, str) and name.strip() else f"Scenario {i + 1}"
        head = f"{where}:{span[0]}" if span else where
        scen_where = f"{head}: scenario {label!r}"

        def locate(
            key: str | None, _span=span, _where=scen_where, _entry=entry, _label=label
        ) -> str:
            if key is None:
                return _where
            if key in _entry:
                ln = _key_line(lines, _span, key)
                return f"{where}:{ln}: scenario {_label!r}: {key}"
            ln = _key_line(lines, dspan, key) if key in defaults else None
            if ln:
                return f"{where}:{ln}: scenario {_label!r}: {key} (from [defaults])"
            return f"{_where}: {key}"

        raw = clean_defaults | entry
        s, probs = build_scenario(raw, locate, default_name=f"Scenario {i + 1}")
        problems += probs
        key = label.casefold()
        if key in seen:
            problems.append(f"{scen_where}: name: {label!r} is also the name of {seen[key]}")
        else:
            seen[key] = f"scenario {i + 1}"
        if s is not None:
            scenarios.append(s)
    if problems:
        raise ScenarioError(problems)
    return ScenarioFile(tuple(scenarios), title=title.strip(), prices=prices, path=where)


def example() -> ScenarioFile:
    """The built-in example: the article's GPT-4o → fine-tuned GPT-4o mini scenario."""
    try:
        return read_scenarios(EXAMPLE)
    except ScenarioError as e:  # pragma: no cover - the file ships with the package
        raise FtCostError(f"the built-in example is damaged: {e}") from e
