"""The article's decision framework, with the break-even computed rather than guessed."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..basemodels import is_base_only
from ..errors import InputError, NoCandidate
from ..lifecycle import availability, parse_as_of
from ..model import Comparison, TrainingPlan, Workload
from ..units import fmt_tokens, parse_tokens
from . import words
from .compare import compare
from .inputs import _as_plan, _prices, with_volume
from .options import (
    KINDS,
    UNVERIFIED,
    Option,
    Options,
    inputs,
    options,
    ranking_for,
    resolve_base,
)
from .rank import Ranking, RankRow

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
    as_of=None,
    include_unverified: bool = False,
) -> list[RankRow]:
    """The models `decide` would fine-tune, best first, by ``priority``.

    cost: cheapest total over the horizon; inference: lowest fine-tuned price per token;
    self-hosting: cheapest with open weights. Only models that can be costed and are trainable
    on ``as_of`` (default today; `lifecycle.availability`), and whose prices are first-hand
    unless ``include_unverified`` (the rule `options` follows); the base model itself only if
    nothing else qualifies; never a model known only for its base prices (genai-prices). Pass
    the workload's ``ranking`` (`rank` with the same plan, workload and base) if you already
    have it. Raises NoCandidate when no model fits.
    """
    _check_priority(priority)
    day = parse_as_of(as_of)
    ps = _prices(prices)
    if base is not None:
        base, ps = resolve_base(base, ps, day)
    r = ranking_for(ranking, plan, workload, base, ps, day)
    pool = [
        row
        for row in r.rows
        if row.total_cost is not None
        and getattr(row, "trainable", True)
        and not is_base_only(ps.get(row.id))
        and availability(ps.get(row.id), day).trainable
    ]
    if priority == "inference":
        pool.sort(key=lambda row: (row.ft_per_million, row.total_cost))
    elif priority == "self-hosting":
        pool = [row for row in pool if ps.get(row.id).open_weights]
    if base is not None:
        pool = [row for row in pool if row.id != ps.get(base).id] or pool
    return _weighable(pool, priority, include_unverified)


def _weighable(pool: list[RankRow], priority: str, include_unverified: bool) -> list[RankRow]:
    """``pool`` without unverified prices unless ``include_unverified`` — or all of it when
    none is first-hand (a price set of second-hand figures, like the article's: the pick then
    says its prices are unverified)."""
    verified = pool if include_unverified else [r for r in pool if r.status != "unverified"]
    if not pool:
        raise NoCandidate(f"no model in the price data fits priority {priority!r}")
    return verified or pool


def _unverified_ahead(pool: list[RankRow], pick: str) -> tuple[tuple[str, str], ...]:
    """The candidates with unverified prices ranked before ``pick`` in the whole ``pool``: what
    the decision left out, said as `Options.left_out` says it."""
    out = []
    for row in pool:
        if row.id == pick:
            break
        out.append((f"fine-tune {row.id}", UNVERIFIED))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Ruling:
    """What `decide` concluded, before any wording: the verdict, the rule that gave it (and its
    figures), the findings along the way (code, figures), the candidate and its comparison."""

    verdict: str  # "fine-tune", "prompt engineering", "don't fine-tune", "compute the break-even"
    rule: str  # "blocked", "prompt solves", "low volume", "high volume", "needs base",
    #            "no break-even", "pays back", "beyond horizon", "retires first", "no net saving"
    facts: Mapping = field(default_factory=dict)  # the rule's figures
    findings: tuple[tuple[str, Mapping], ...] = ()
    candidate: str | None = None
    comparison: Comparison | None = None
    # candidates cheaper than the pick that were not weighed: (what, why), as Options.left_out
    left_out: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: str  # "fine-tune", "prompt engineering", "don't fine-tune"
    headline: str
    reasons: tuple[str, ...]
    candidate: str | None = None
    comparison: Comparison | None = None
    ruling: Ruling | None = field(default=None, repr=False, compare=False)  # the structure behind
    # the options weighed (not part of equality: `in_words` of the same ruling equals it)
    option: Option | None = field(default=None, compare=False)  # the one recommended
    cheapest_option: Option | None = field(default=None, compare=False)
    why_not_cheapest: str = field(default="", compare=False)  # one sentence, when not cheapest
    options: tuple[Option, ...] = field(default=(), compare=False)  # cheapest first
    left_out: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    spend_text: str = field(default="", compare=False)
    # the Options weighed, for a caller that grades the same workload next (`grade`'s
    # options_weighed): weighing them again is most of a report's computing
    weighed: Options | None = field(default=None, repr=False, compare=False)

    @property
    def model(self) -> str | None:
        """The model the recommended option runs on."""
        return self.option.model if self.option is not None else self.candidate

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "headline": self.headline,
            "reasons": list(self.reasons),
            "candidate": self.candidate,
            "option": self.option.as_dict() if self.option else None,
            "model": self.model,
            "cheapest_option": self.cheapest_option.as_dict() if self.cheapest_option else None,
            "why_not_cheapest": self.why_not_cheapest,
            "options": [o.as_dict() for o in self.options],
            "left_out": [{"what": a, "why": b} for a, b in self.left_out],
            "spend_text": self.spend_text,
            "comparison": self.comparison.as_dict() if self.comparison else None,
        }

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
        left_out=r.left_out,
    )


# The option each verdict recommends, by the rule that gave it.
_BLOCKER_OPTION = {
    "changing requirements": ("prompt", "rag"),  # the cheaper of the two
    "needs reasoning": ("stay",),
    "multi-task": ("prompt",),
    "general purpose": ("stay",),
}


def _recommended(r: Ruling, o: Options) -> Option | None:
    if r.verdict == "fine-tune" and r.candidate is not None:
        return o.find("fine-tune", r.candidate)
    if r.rule == "blocked":
        kinds = _BLOCKER_OPTION[r.findings[0][0]]
        pool = [x for x in o.options if x.kind in kinds]
        return pool[0] if pool else o.stay
    if r.verdict in ("prompt engineering", "don't fine-tune"):
        return o.find("prompt") or o.stay
    return None


def _weighed(r: Ruling, o: Options, include_unverified: bool, given: bool, priority: str) -> dict:
    chosen = _recommended(r, o)
    # unverified prices weigh only when asked; options on the current model always do
    pool = [x for x in o.options if x.verified or include_unverified or x.model == o.current]
    cheapest = pool[0] if pool else None
    why = ""
    if (
        chosen is not None
        and cheapest is not None
        and (cheapest.horizon_cost < chosen.horizon_cost - 0.005)
    ):
        if r.rule == "blocked":
            context = r.findings[0][0]
        elif given:
            context = "named"
        elif priority != "cost":
            context = f"priority {priority}"
        else:
            context = r.rule
        why = words.why_not_cheapest(cheapest.as_dict(), chosen.as_dict(), o.months, context)
    return dict(
        option=chosen,
        cheapest_option=cheapest,
        why_not_cheapest=why,
        options=o.options,
        left_out=o.left_out,
        spend_text=o.spend_text,
    )


def decide(
    monthly_tokens=None,
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
    as_of=None,
    include_unverified: bool = False,
    monthly_spend=None,
    rag: dict | None = None,
    routing: dict | None = None,
    weigh_options: bool = True,
    kinds: tuple[str, ...] = KINDS,
    **fields,
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
    day = parse_as_of(as_of)
    ps = _prices(prices)
    spend_text = ""
    if base is not None:
        base_m, ps = resolve_base(base, ps, day)
        base = base_m.id
    plan, workload, spend_text = inputs(
        plan,
        workload,
        fields,
        monthly_spend=monthly_spend,
        base=ps.get(base) if base else None,
        as_of=day,
    )
    if monthly_spend is not None:
        if monthly_tokens is not None:
            raise InputError("monthly_spend: give a monthly spend or monthly tokens, not both")
        monthly_tokens = workload.monthly_tokens
    if monthly_tokens is None:
        raise InputError("monthly_tokens: the decision needs a monthly volume (or monthly_spend)")
    r = rule(
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
        prices=ps,
        ranking=ranking,
        as_of=day,
        include_unverified=include_unverified,
    )
    d = in_words(r)
    if base is None or not weigh_options:
        return d
    w = with_volume(workload, parse_tokens(monthly_tokens, "monthly_tokens"))
    o = options(
        base,
        plan,
        w,
        prices=ps,
        as_of=day,
        include_unverified=include_unverified,
        rag=rag,
        routing=routing,
        ranking=ranking,
        kinds=tuple(dict.fromkeys(("stay", "prompt", *kinds))),  # the verdicts' own options
        also=(r.candidate,) if r.candidate else (),
    )
    extra = _weighed(r, o, include_unverified, candidate is not None, priority)
    extra["spend_text"] = spend_text
    extra["left_out"] = tuple(dict.fromkeys((*r.left_out, *o.left_out)))
    extra["weighed"] = o
    return dataclasses.replace(d, **extra)


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
    as_of=None,
    include_unverified: bool = False,
) -> Ruling:
    """`decide`'s policy alone: which option, by which rule (a `Ruling`, no sentences).

    A candidate it picks is trainable on ``as_of`` and, unless ``include_unverified``, has
    first-hand prices; cheaper ones it did not weigh are in ``Ruling.left_out``."""
    day = parse_as_of(as_of)
    ps = _prices(prices)
    if base is not None:
        base_m, ps = resolve_base(base, ps, day)
        base = base_m.id
    volume = parse_tokens(monthly_tokens, "monthly_tokens")
    high = parse_tokens(high_volume, "high_volume")
    low = parse_tokens(low_volume, "low_volume")
    if low > high:
        raise InputError(f"low_volume: {fmt_tokens(low)} is above high_volume {fmt_tokens(high)}")
    w = with_volume(workload or Workload(), volume)
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
        facts = {"blocker": blockers[0][0], "base": ps.get(base).id if base is not None else None}
        return Ruling("don't fine-tune", "blocked", facts, findings=tuple(blockers))
    if prompt_solves:
        return Ruling("prompt engineering", "prompt solves", findings=(("prompt solves", {}),))
    if volume < low:
        found = {"volume": volume, "low": low, "article": low == LOW_VOLUME}
        return Ruling("prompt engineering", "low volume", findings=(("low volume", found),))
    findings: list[tuple[str, Mapping]] = []
    left_out: tuple[tuple[str, str], ...] = ()
    if volume >= high:
        findings.append(
            ("high volume", {"volume": volume, "high": high, "article": high == HIGH_VOLUME})
        )
    if candidate is None:
        every = candidates(
            plan,
            w,
            base=base,
            priority=priority,
            prices=ps,
            ranking=ranking,
            as_of=day,
            include_unverified=True,
        )
        pool = _weighable(every, priority, include_unverified)
        candidate = pool[0].id
        left_out = _unverified_ahead(every, candidate)
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
            left_out=left_out,
        )
    c = compare(base, candidate, plan, w, ps, as_of=day)
    if c.breakeven_months is None:
        findings.append(("no break-even", {"reason": c.reason}))
        facts = {"candidate": c.candidate, "base": c.base}
        return Ruling(
            "don't fine-tune",
            "no break-even",
            facts,
            tuple(findings),
            c.candidate,
            c,
            left_out=left_out,
        )
    pays_back = (
        c.breakeven_months <= w.months
        and (c.net_savings or 0) > 0
        and getattr(c, "breakeven_before_retirement", True) is not False  # lifecycle (issue 10)
    )
    findings.append(
        (
            "payback",
            {
                "training": c.training_cost,
                "tokens": c.breakeven_tokens,
                "months": c.breakeven_months,
                "article_rule": (c.breakeven_tokens or math.inf) <= volume,
                "pays_back": pays_back,
                "horizon": w.months,
            },
        )
    )
    facts = {
        "candidate": c.candidate,
        "months": c.breakeven_months,
        "net": c.net_savings,
        "horizon": w.months,
        "retires": getattr(c, "retires", None),
    }
    if pays_back:
        why = "pays back"
    elif c.breakeven_months > w.months:
        why = "beyond horizon"
    elif getattr(c, "breakeven_before_retirement", True) is False:
        why = "retires first"  # breaks even within the horizon, but only after it stops serving
    else:
        why = "no net saving"  # retraining (or fixed costs) eat the saving over the horizon
    return Ruling(
        "fine-tune" if pays_back else "prompt engineering",
        why,
        facts,
        tuple(findings),
        c.candidate,
        c,
        left_out=left_out,
    )
