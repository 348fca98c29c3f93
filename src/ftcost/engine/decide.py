"""The article's decision framework, with the break-even computed rather than guessed."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ..errors import InputError, NoCandidate
from ..model import Comparison, TrainingPlan, Workload
from ..units import fmt_money, fmt_tokens, parse_tokens
from .compare import compare
from .inputs import _as_plan, _prices
from .rank import Ranking, RankRow, rank

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
    ``ranking`` if you already have it. Raises NoCandidate when no model fits.
    """
    _check_priority(priority)
    ps = _prices(prices)
    r = ranking or rank(plan, workload, base=base, prices=ps)
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
class Decision:
    verdict: str  # "fine-tune", "prompt engineering", "don't fine-tune"
    headline: str
    reasons: tuple[str, ...]
    candidate: str | None = None
    comparison: Comparison | None = None

    def text(self) -> str:
        return self.headline + (" — " + "; ".join(self.reasons) if self.reasons else "")


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
) -> Decision:
    """The article's decision framework, with the break-even computed rather than guessed.

    1. Changing requirements, a need for reasoning, a multi-task system or a general-purpose
       task → don't fine-tune.  2. A prompt solves it, or under 1M tokens/month → prompt
       engineering.  3. Choose the model (given, or the cheapest by ``priority``).  4. Fine-tune
       when the training pays back within the horizon (the article's own test — monthly volume
       above the break-even volume — is payback within one month, and is reported).

    ``high_volume`` / ``low_volume`` are the article's 100M and 1M tokens a month unless given.
    """
    ps = _prices(prices)
    volume = parse_tokens(monthly_tokens, "monthly_tokens")
    high = parse_tokens(high_volume, "high_volume")
    low = parse_tokens(low_volume, "low_volume")
    if low > high:
        raise InputError(f"low_volume: {fmt_tokens(low)} is above high_volume {fmt_tokens(high)}")
    w = dataclasses.replace(workload or Workload(), monthly_tokens=volume)
    plan = _as_plan(plan)
    _check_priority(priority)
    blockers = []
    if changing_requirements:
        blockers.append(
            "requirements change often: a fine-tuned model is static and retraining is costly — use prompt engineering or RAG"
        )
    if needs_reasoning:
        blockers.append(
            "the task needs reasoning: fine-tuning improves format and domain knowledge, not reasoning — use a larger base model"
        )
    if multi_task:
        blockers.append(
            "one model serves many tasks: fine-tuning each is impractical — use a capable base model with good prompts"
        )
    if not narrow_task:
        blockers.append(
            "general-purpose tasks (chat, Q&A, summarisation): base models already do these well"
        )
    if blockers:
        return Decision("don't fine-tune", "Don't fine-tune", tuple(blockers))
    if prompt_solves:
        return Decision(
            "prompt engineering",
            "Stay with prompt engineering",
            ("a well-crafted prompt solves the task: it costs nothing extra beyond prompt tokens",),
        )
    if volume < low:
        whose = "the article's 1M/month" if low == LOW_VOLUME else f"{fmt_tokens(low)}/month"
        return Decision(
            "prompt engineering",
            "Stay with prompt engineering",
            (f"{fmt_tokens(volume)} tokens/month is under {whose}: few-shot prompting is cheaper",),
        )
    reasons = []
    if volume >= high:
        whose = "the article's" if high == HIGH_VOLUME else f"the ≥{fmt_tokens(high)}/month"
        reasons.append(
            f"{fmt_tokens(volume)} tokens/month on a narrow task: {whose} high-volume case"
        )
    if candidate is None:
        pool = candidates(plan, w, base=base, priority=priority, prices=ps)
        candidate = pool[0].id
        reasons.append(
            f"{candidate} is the {'cheapest' if priority == 'cost' else priority + ' pick'} to fine-tune for this workload"
        )
        if pool[0].status != "active":
            active = next((row.id for row in pool if row.status == "active"), None)
            reasons.append(
                f"{candidate}'s prices are {pool[0].status}: check them"
                + (f"; the cheapest with active prices is {active}" if active else "")
            )
    if base is None:
        return Decision(
            "fine-tune" if volume >= high else "compute the break-even",
            f"Fine-tuning {candidate} is likely worth it"
            if volume >= high
            else "Give the model you use now to compute the break-even",
            tuple(reasons),
            candidate,
        )
    c = compare(base, candidate, plan, w, ps)
    if c.breakeven_months is None:
        return Decision(
            "don't fine-tune",
            f"Don't fine-tune {c.candidate}",
            (*reasons, c.reason),
            c.candidate,
            c,
        )
    months_txt = f"{c.breakeven_months:.3g} months"
    article_rule = (c.breakeven_tokens or math.inf) <= volume
    reasons.append(
        f"training {fmt_money(c.training_cost)} pays back after {fmt_tokens(c.breakeven_tokens)} tokens "
        f"({months_txt}); the article's rule (monthly volume above the break-even volume) "
        + ("holds" if article_rule else "does not hold")
    )
    if c.breakeven_months <= w.months and (c.net_savings or 0) > 0:
        return Decision(
            "fine-tune",
            f"Fine-tune {c.candidate}: pays back in {months_txt}, saves "
            f"{fmt_money(c.net_savings)} over {w.months} months",
            tuple(reasons),
            c.candidate,
            c,
        )
    return Decision(
        "prompt engineering",
        f"Stay with prompt engineering: fine-tuning {c.candidate} pays back only after {months_txt}, "
        f"beyond the {w.months}-month horizon",
        tuple(reasons),
        c.candidate,
        c,
    )
