"""An A+…F grade of a current setup against the cheapest viable option."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import InputError
from ..model import TrainingPlan, Workload
from .inputs import _model, _prices
from .rank import Ranking, reuse

# Share of the current monthly cost the cheapest viable option would save → letter.
GRADE_THRESHOLDS: tuple[tuple[str, float], ...] = (
    ("A+", 0.05),
    ("A", 0.15),
    ("B", 0.30),
    ("C", 0.50),
    ("D", 0.70),
    ("F", math.inf),
)


@dataclass(frozen=True, slots=True)
class Grade:
    letter: str
    current: str
    current_monthly: float
    best: str  # model id of the cheapest viable option ("<current> (as is)" when it is the current)
    best_monthly: float  # fine-tuned route incl. training spread over the horizon
    savings_share: float
    monthly_savings: float
    annual_savings: float


def letter_for(savings_share: float) -> str:
    for letter, upper in GRADE_THRESHOLDS:
        if savings_share < upper:
            return letter
    return "F"


def grade(
    current, plan: TrainingPlan, workload: Workload, prices=None, ranking: Ranking | None = None
) -> Grade:
    """Grade the current setup (``current`` used as a base model) against the cheapest viable option.

    Viable options: staying as is, or fine-tuning any non-deprecated model that can be costed,
    with its training spread over the horizon (trainings × training / months). The letter comes
    from the share of today's monthly cost that option saves (see GRADE_THRESHOLDS). Pass the
    workload's ``ranking`` (`rank` with ``base=current``) if you already have it.
    """
    ps = _prices(prices)
    cur = _model(ps, current)
    r = reuse(ranking, plan, workload, cur.id, ps)
    if r.base_monthly_cost is None:
        raise InputError("monthly_tokens: a grade needs a monthly volume")
    current_monthly = r.base_monthly_cost
    best_id, best_monthly = f"{cur.id} (as is)", current_monthly
    for row in r.rows:
        if row.total_cost is None or row.status == "deprecated":
            continue
        equiv = row.total_cost / workload.months
        if equiv < best_monthly:
            best_id, best_monthly = row.id, equiv
    share = (current_monthly - best_monthly) / current_monthly if current_monthly > 0 else 0.0
    saving = current_monthly - best_monthly
    return Grade(
        letter=letter_for(share),
        current=cur.id,
        current_monthly=current_monthly,
        best=best_id,
        best_monthly=best_monthly,
        savings_share=share,
        monthly_savings=saving,
        annual_savings=12 * saving,
    )
