"""What a filled-in template says: the types `read_filled_template` returns.

Their defaults are the template's own input defaults (`ftcost.template.layout`), so a template
as made and these defaults describe the same case.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field

from ..model import TrainingPlan, Workload
from ..pricing import PriceSet
from .layout import ALT_INPUT, CHOICES, DEC_INPUT

__all__ = ["AlternativeInputs", "DecisionInputs", "FilledTemplate"]


@dataclass(frozen=True)
class DecisionInputs:
    """The Decision tab's answers; the defaults are the template's as made."""

    narrow_task: bool = DEC_INPUT["q_narrow_task"].default == "Yes"
    prompt_solves: bool = DEC_INPUT["q_prompt_solves"].default == "Yes"
    changing_requirements: bool = DEC_INPUT["q_changing"].default == "Yes"
    needs_reasoning: bool = DEC_INPUT["q_reasoning"].default == "Yes"
    multi_task: bool = DEC_INPUT["q_multi_task"].default == "Yes"
    choose_by_priority: bool = DEC_INPUT["candidate_choice"].default == CHOICES[1]
    priority: str = str(DEC_INPUT["priority"].default)
    high_volume: float = float(DEC_INPUT["high_volume"].default)  # type: ignore[arg-type]
    low_volume: float = float(DEC_INPUT["low_volume"].default)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AlternativeInputs:
    """The Alternatives tab's inputs (model names are ids in the workbook's Providers table);
    the defaults are the template's as made."""

    pe_model: str = str(ALT_INPUT["pe_model"].default)
    rag_model: str = str(ALT_INPUT["rag_model"].default)
    rag_requests: float = float(ALT_INPUT["rag_requests"].default)  # type: ignore[arg-type]
    rag_context_tokens: float = float(ALT_INPUT["rag_context_tokens"].default)  # type: ignore[arg-type]
    rag_embedding_price: float = float(ALT_INPUT["rag_embedding_price"].default)  # type: ignore[arg-type]
    rag_search_price: float = float(ALT_INPUT["rag_search_price"].default)  # type: ignore[arg-type]
    rag_corpus_tokens: float = float(ALT_INPUT["rag_corpus_tokens"].default)  # type: ignore[arg-type]
    route_cheap: str = str(ALT_INPUT["route_cheap"].default)
    route_premium: str = str(ALT_INPUT["route_premium"].default)
    route_simple_share: float = float(ALT_INPUT["route_simple_share"].default)  # type: ignore[arg-type]
    route_router_price: float = float(ALT_INPUT["route_router_price"].default)  # type: ignore[arg-type]


@dataclass(frozen=True)
class FilledTemplate:
    """What a filled-in template says: its prices (user edits included; the Current models
    rows the Providers table lacks join as base-only models, and ``prices.current_models`` names
    the table's rows: the switches the engine weighs), its scenario, and the answers on its
    Decision and Alternatives tabs."""

    prices: PriceSet
    base: str  # model id
    candidate: str  # model id (ft_model)
    plan: TrainingPlan
    workload: Workload
    path: str
    as_of: _dt.date | None = None  # the Break-even tab's As of cell (None in older templates)
    monthly_spend: float | None = None  # USD a month, when given instead of monthly tokens
    decision: DecisionInputs = DecisionInputs()
    alternatives: AlternativeInputs = AlternativeInputs()
    # input name (a defined name: "priority", "epochs" ...) → its cell, "Decision!B11"
    cells: Mapping[str, str] = _field(default_factory=dict, compare=False, repr=False)
