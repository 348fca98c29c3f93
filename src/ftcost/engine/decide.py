"""The article's decision framework, with the break-even computed rather than guessed."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InputError, NoCandidate
from ..model import Comparison, TrainingPlan, Workload
from ..units import fmt_tokens, parse_tokens
from . import words
from .compare import compare
from .inputs import _as_plan, _prices
from .rank import Ranking, RankRow, reuse

# The article's volume thresholds (input tokens a month).
HIGH_VOLUME = 100e6
LOW_VOLUME = 1e6
PRIORITIES = ("cost", "inference", "self-hosting")


def _check_priority(priority: str) -> None:
    if priority not in PRIORITIES:
        raise InputError(f"priority: one of {', '.join(PRIORITIES)}; got {priority!r}")


def candidates(
    plan: TrainingPlan | float | str,
    workload: Workload,
    base=None,
    priority: str = "cost",
    prices=None,
    ranking: Ranking | None = None,
) -> list[RankRow]:
    """The models `decide` would fine-tune, best first, by ``priority``.

    cost: cheapest total over the horizon; inference: lowest fine-tuned price per token;
    self-hosting: cheapest with open weights. Only models that can be costed and are not
    deprecated; the base model itself only if nothing else qualifies. Pass the workload's
    ``ranking`` (`rank` with the same plan, workload and base) if you already have it. Raises
    NoCandidate when no model fits.
    """
    _check_priority(priority)
    ps = _prices(prices)
    r = reuse(ranking, plan, workload, base, ps)
    pool = [row for row in r.rows if row.total_cost is not None and row.status != "deprecated"]
    if priority == "inference":
        pool.sort(key=lambda row: (row.ft_per_million, row.total_cost))
    elif priority == "self-hosting":
        pool = [row for row in pool if ps.get(row.id).open_weights]
    if base is not None:
        pool = [row for row in pool if row.id != ps.get(base).id] or pool
    if not pool:
        raise NoCandidate(f"no model in the price data fits priority {priority!r}")
    return pool


@dataclass(frozen=True, slots=True)
class Ruling:
    """What `decide` concluded, before any wording: the verdict, the rule that gave it (and its
    figures), the findings along the way (code, figures), the candidate and its comparison."""

    verdict: str  # "fine-tune", "prompt engineering", "don't fine-tune", "compute the break-even"
    rule: str  # "blocked", "prompt solves", "low volume", "high volume", "needs base",
    #            "no break-even", "pays back", "beyond horizon"
    facts: Mapping = field(default_factory=dict)  # the rule's figures
    findings: tuple[tuple[str, Mapping], ...] = ()
    candidate: str | None = None
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: str  # "fine-tune", "prompt engineering", "don't fine-tune"
    headline: str
    reasons: tuple[str, ...]
    candidate: str | None = None
    comparison: Comparison | None = None
    ruling: Ruling | None = field(default=None, repr=False, compare=False)  # the structure behind

    def text(self) -> str:
        return self.headline + (" — " + "; ".join(self.reasons) if self.reasons else "")


def in_words(r: Ruling) -> Decision:
    """A ruling as the Decision people read (headline and reasons from `words`)."""
    return Decision(
        r.verdict,
        words.headline(r.rule, r.facts),
        tuple(words.reason(code, d) for code, d in r.findings),
        r.candidate,
        r.comparison,
        r,
    )


def decide(
    monthly_tokens,
    *,
    base=None,
    candidate=None,
    plan: TrainingPlan | float | str = 5e6,
    workload: Workload | None = None,
    narrow_task: bool = True,
    prompt_solves: bool = False,
    changing_requirements: bool = False,
    needs_reasoning: bool = False,
    multi_task: bool = False,
    priority: str = "cost",
    high_volume=HIGH_VOLUME,
    low_volume=LOW_VOLUME,
    prices=None,
    ranking: Ranking | None = None,
) -> Decision:
    """The article's decision framework, with the break-even computed rather than guessed.

    1. Changing requirements, a need for reasoning, a multi-task system or a general-purpose
       task → don't fine-tune.  2. A prompt solves it, or under 1M tokens/month → prompt
       engineering.  3. Choose the model (given, or the cheapest by ``priority``).  4. Fine-tune
       when the training pays back within the horizon (the article's own test — monthly volume
       above the break-even volume — is payback within one month, and is reported).

    ``high_volume`` / ``low_volume`` are the article's 100M and 1M tokens a month unless given.
    Pass the workload's ``ranking`` (`rank` with the same plan, workload and base) if you already
    have it. The structure behind the words is ``Decision.ruling`` (see `rule`).
    """
    return in_words(
        rule(
            monthly_tokens,
            base=base,
            candidate=candidate,
            plan=plan,
            workload=workload,
            narrow_task=narrow_task,
            prompt_solves=prompt_solves,
            changing_requirements=changing_requirements,
            needs_reasoning=needs_reasoning,
            multi_task=multi_task,
            priority=priority,
            high_volume=high_volume,
            low_volume=low_volume,
            prices=prices,
            ranking=ranking,
        )
    )


def rule(
    monthly_tokens,
    *,
    base=None,
    candidate=None,
    plan: TrainingPlan | float | str = 5e6,
    workload: Workload | None = None,
    narrow_task: bool = True,
    prompt_solves: bool = False,
    changing_requirements: bool = False,
    needs_reasoning: bool = False,
    multi_task: bool = False,
    priority: str = "cost",
    high_volume=HIGH_VOLUME,
    low_volume=LOW_VOLUME,
    prices=None,
    ranking: Ranking | None = None,
) -> Ruling:
    """`decide`'s policy alone: which option, by which rule (a `Ruling`, no sentences)."""
    ps = _prices(prices)
    volume = parse_tokens(monthly_tokens, "monthly_tokens")
    high = parse_tokens(high_volume, "high_volume")
    low = parse_tokens(low_volume, "low_volume")
    if low > high:
        raise InputError(f"low_volume: {fmt_tokens(low)} is above high_volume {fmt_tokens(high)}")
    w = dataclasses.replace(workload or Workload(), monthly_tokens=volume)
    plan = _as_plan(plan)
    _check_priority(priority)
    blockers = [
        (code, {})
        for code, present in (
            ("changing requirements", changing_requirements),
            ("needs reasoning", needs_reasoning),
            ("multi-task", multi_task),
            ("general purpose", not narrow_task),
        )
        if present
    ]
    if blockers:
        return Ruling("don't fine-tune", "blocked", findings=tuple(blockers))
    if prompt_solves:
        return Ruling("prompt engineering", "prompt solves", findings=(("prompt solves", {}),))
    if volume < low:
        found = {"volume": volume, "low": low, "article": low == LOW_VOLUME}
        return Ruling("prompt engineering", "low volume", findings=(("low volume", found),))
    findings: list[tuple[str, Mapping]] = []
    if volume >= high:
        findings.append(
            ("high volume", {"volume": volume, "high": high, "article": high == HIGH_VOLUME})
        )
    if candidate is None:
        pool = candidates(plan, w, base=base, priority=priority, prices=ps, ranking=ranking)
        candidate = pool[0].id
        findings.append(("picked", {"candidate": candidate, "priority": priority}))
        if pool[0].status != "active":
            active = next((row.id for row in pool if row.status == "active"), None)
            findings.append(
                (
                    "picked status",
                    {"candidate": candidate, "status": pool[0].status, "active": active},
                )
            )
    if base is None:
        high_case = volume >= high
        return Ruling(
            "fine-tune" if high_case else "compute the break-even",
            "high volume" if high_case else "needs base",
            {"candidate": candidate},
            tuple(findings),
            candidate,
        )
    c = compare(base, candidate, plan, w, ps)
    if c.breakeven_months is None:
        findings.append(("no break-even", {"reason": c.reason}))
        facts = {"candidate": c.candidate}
        return Ruling("don't fine-tune", "no break-even", facts, tuple(findings), c.candidate, c)
    findings.append(
        (
            "payback",
            {
                "training": c.training_cost,
                "tokens": c.breakeven_tokens,
                "months": c.breakeven_months,
                "article_rule": (c.breakeven_tokens or math.inf) <= volume,
            },
        )
    )
    facts = {
        "candidate": c.candidate,
        "months": c.breakeven_months,
        "net": c.net_savings,
        "horizon": w.months,
    }
    pays_back = c.breakeven_months <= w.months and (c.net_savings or 0) > 0
    return Ruling(
        "fine-tune" if pays_back else "prompt engineering",
        "pays back" if pays_back else "beyond horizon",
        facts,
        tuple(findings),
        c.candidate,
        c,
    )
