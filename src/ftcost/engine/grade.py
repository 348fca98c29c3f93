"""An A+…F grade of a current setup against the best option the user has (`options`)."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass

from ..errors import InputError
from ..model import Workload
from .options import GRADE_KINDS, Option, Options, options
from .rank import Ranking

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
    """The API Cost Score: the letter from the share of today's cost the best option saves.

    The first eight fields are the grade's original ones (the report and FT_GRADE read them);
    ``grade``, ``monthly_cost``, ``best_option``, ``best_monthly_cost`` and ``saving_share`` are
    the names `as_dict` (``ftcost grade --json``) uses.
    """

    letter: str
    current: str
    current_monthly: float
    best: str  # model id of the best option ("<current> (as is)" when staying is best)
    best_monthly: float  # its horizon cost / months (training spread over the horizon)
    savings_share: float
    monthly_savings: float
    annual_savings: float
    best_option: str = ""  # the best option's label ("switch to gpt-5-nano", "stay on gpt-4o")
    best_kind: str = "stay"
    months: int = 12
    as_of: _dt.date | None = None
    options: tuple[Option, ...] = ()  # every option weighed, cheapest first
    left_out: tuple[tuple[str, str], ...] = ()  # (what, why)
    spend_text: str = ""

    @property
    def grade(self) -> str:
        return self.letter

    @property
    def monthly_cost(self) -> float:
        return self.current_monthly

    @property
    def best_monthly_cost(self) -> float:
        return self.best_monthly

    @property
    def saving_share(self) -> float:
        return self.savings_share

    def as_dict(self) -> dict:
        return {
            "grade": self.letter,
            "current": self.current,
            "monthly_cost": self.current_monthly,
            "best_option": self.best_option,
            "best_kind": self.best_kind,
            "best_model": self.best,
            "best_monthly_cost": self.best_monthly,
            "saving_share": self.savings_share,
            "monthly_savings": self.monthly_savings,
            "annual_savings": self.annual_savings,
            "months": self.months,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "spend_text": self.spend_text,
            "options": [o.as_dict() for o in self.options],
            "left_out": [{"what": a, "why": b} for a, b in self.left_out],
        }


def letter_for(savings_share: float) -> str:
    for letter, upper in GRADE_THRESHOLDS:
        if savings_share < upper:
            return letter
    return "F"


def grade(
    current,
    plan=None,
    workload: Workload | None = None,
    prices=None,
    *,
    as_of=None,
    include_unverified: bool = False,
    monthly_spend=None,
    ranking: Ranking | None = None,
    kinds: tuple[str, ...] = GRADE_KINDS,
    routing: dict | None = None,
    rag: dict | None = None,
    options_weighed: Options | None = None,
    **fields,
) -> Grade:
    """Grade staying on ``current`` against the best option the user has (`options`).

    The options weighed (``kinds``, default GRADE_KINDS): stay, switch to a cheaper current
    base model (untrained), fine-tune any model trainable on ``as_of`` (training spread over the
    horizon), route. Unverified prices only with ``include_unverified``. The letter comes from
    the share of today's cost the best one saves (GRADE_THRESHOLDS: A+ under 5% … F from 70%).
    Plain values work: ``grade("gpt-4o", "5M", monthly_tokens="100M")`` or
    ``grade("claude-sonnet-4-5", monthly_spend="$20,000")``. Pass the workload's ``ranking``
    (`rank` with ``base=current``) if you already have it.
    """
    kinds = tuple(kinds)
    if "stay" not in kinds:
        kinds = ("stay", *kinds)
    if options_weighed is not None:  # a decision already weighed them (a superset): reuse
        o = options_weighed.restricted(kinds, include_unverified)
        if o is not None:
            return _graded(o)
    try:
        o = options(
            current,
            plan,
            workload,
            prices=prices,
            as_of=as_of,
            include_unverified=include_unverified,
            monthly_spend=monthly_spend,
            kinds=kinds,
            ranking=ranking,
            routing=routing,
            rag=rag,
            **fields,
        )
    except InputError as e:
        if str(e).startswith("monthly_tokens:"):
            raise InputError("monthly_tokens: a grade needs a monthly volume") from None
        raise
    return _graded(o)


def _graded(o: Options) -> Grade:
    stay = o.stay
    best = o.cheapest
    months = o.months
    current_monthly = stay.monthly_cost
    # training spread over the horizon; an option with none costs its monthly cost exactly
    best_monthly = best.horizon_cost / months if best.kind == "fine-tune" else best.monthly_cost
    share = _share(best_monthly, current_monthly)
    saving = current_monthly - best_monthly
    best_id = f"{o.current} (as is)" if best.kind in ("stay", "prompt") else best.model
    return Grade(
        letter=letter_for(share),
        current=o.current,
        current_monthly=current_monthly,
        best=best_id,
        best_monthly=best_monthly,
        savings_share=share,
        monthly_savings=saving,
        annual_savings=12 * saving,
        best_option=best.label,
        best_kind=best.kind,
        months=months,
        as_of=o.as_of,
        options=o.options,
        left_out=o.left_out,
        spend_text=o.spend_text,
    )


def _share(x: float, of: float) -> float:
    return (of - x) / of if of > 0 else 0.0
