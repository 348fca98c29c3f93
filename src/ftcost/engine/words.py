"""The decision's sentences: `decide` chooses, this module says why in words.

Each finding of a `Ruling` (a code and its figures) becomes one reason; the rule that decided
becomes the headline. The CLI, the report and FT_DECIDE show these sentences as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..units import fmt_money, fmt_tokens

_BLOCKERS = {
    "changing requirements": "requirements change often: a fine-tuned model is static and "
    "retraining is costly — use prompt engineering or RAG",
    "needs reasoning": "the task needs reasoning: fine-tuning improves format and domain "
    "knowledge, not reasoning — use a larger base model",
    "multi-task": "one model serves many tasks: fine-tuning each is impractical — use a capable "
    "base model with good prompts",
    "general purpose": "general-purpose tasks (chat, Q&A, summarisation): base models already do "
    "these well",
}


def _months(x: float) -> str:
    return f"{x:.3g} months"


def reason(code: str, d: Mapping) -> str:
    """One finding in words."""
    if code in _BLOCKERS:
        return _BLOCKERS[code]
    if code == "prompt solves":
        return "a well-crafted prompt solves the task: it costs nothing extra beyond prompt tokens"
    if code == "low volume":
        whose = "the article's 1M/month" if d["article"] else f"{fmt_tokens(d['low'])}/month"
        return f"{fmt_tokens(d['volume'])} tokens/month is under {whose}: few-shot prompting is cheaper"
    if code == "high volume":
        whose = "the article's" if d["article"] else f"the ≥{fmt_tokens(d['high'])}/month"
        return f"{fmt_tokens(d['volume'])} tokens/month on a narrow task: {whose} high-volume case"
    if code == "picked":
        pick = "cheapest" if d["priority"] == "cost" else d["priority"] + " pick"
        return f"{d['candidate']} is the {pick} to fine-tune for this workload"
    if code == "picked status":
        active = d["active"]
        return f"{d['candidate']}'s prices are {d['status']}: check them" + (
            f"; the cheapest with active prices is {active}" if active else ""
        )
    if code == "no break-even":
        return d["reason"]  # the comparison says why, in its own words
    if code == "payback":
        return (
            f"training {fmt_money(d['training'])} pays back after {fmt_tokens(d['tokens'])} tokens "
            f"({_months(d['months'])}); the article's rule (monthly volume above the break-even "
            "volume) " + ("holds" if d["article_rule"] else "does not hold")
        )
    raise ValueError(f"no words for finding {code!r}")


def headline(rule: str, d: Mapping) -> str:
    """The rule that decided, in words."""
    if rule == "blocked":
        return "Don't fine-tune"
    if rule in ("prompt solves", "low volume"):
        return "Stay with prompt engineering"
    if rule == "high volume":
        return f"Fine-tuning {d['candidate']} is likely worth it"
    if rule == "needs base":
        return "Give the model you use now to compute the break-even"
    if rule == "no break-even":
        return f"Don't fine-tune {d['candidate']}"
    if rule == "pays back":
        return (
            f"Fine-tune {d['candidate']}: pays back in {_months(d['months'])}, saves "
            f"{fmt_money(d['net'])} over {d['horizon']} months"
        )
    if rule == "beyond horizon":
        return (
            f"Stay with prompt engineering: fine-tuning {d['candidate']} pays back only after "
            f"{_months(d['months'])}, beyond the {d['horizon']}-month horizon"
        )
    raise ValueError(f"no words for rule {rule!r}")
