"""The decision's sentences: `decide` chooses, this module says why in words.

Each finding of a `Ruling` (a code and its figures) becomes one reason; the rule that decided
becomes the headline. The CLI, the report and FT_DECIDE show these sentences as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..units import fmt_money, fmt_months, fmt_tokens

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


# What to use instead of fine-tuning, by the first blocker found (the headline names it).
_INSTEAD = {
    "changing requirements": "prompt engineering or RAG",
    "needs reasoning": "a larger base model",
    "multi-task": "a capable base model with good prompts",
    "general purpose": "a base model as it is",
}


def why_not_cheapest(cheapest: Mapping, chosen: Mapping, months: int, context=None) -> str:
    """One sentence: why the recommended option is not the cheapest one weighed.

    ``cheapest`` and ``chosen`` are `Option.as_dict()`s; ``context`` why the decision did not
    take it: a blocker finding, "named" (the user named the candidate), "priority <p>", or the
    rule that decided.
    """
    cost = f"{fmt_money(cheapest['horizon_cost'])} over {months} months"
    against = f"against {fmt_money(chosen['horizon_cost'])}"
    kind, model = cheapest["kind"], cheapest["model"]
    if kind == "switch":
        return (
            f"Switching to {model} would cost {cost} ({against}), but {model} is untrained and "
            "its quality on your task is unverified: test it on your task before switching."
        )
    if kind == "route":
        return (
            f"Routing would cost {cost} ({against}), but it {cheapest['assumption']}: check how "
            "many of your requests the cheap model handles before counting on it."
        )
    if kind == "fine-tune":
        if context in _BLOCKERS:
            why = _BLOCKERS[context].split(":")[0]
        elif context == "named":
            why = f"you asked about {chosen['model']}"
        elif isinstance(context, str) and context.startswith("priority "):
            why = f"you asked for the {context.split(' ', 1)[1]} pick"
        elif not cheapest["verified"]:
            why = "its prices are unverified: check them first"
        else:
            why = "the decision framework rules it out"
        return f"Fine-tuning {model} would cost {cost} ({against}), but {why}."
    if kind == "rag":
        return (
            f"RAG would cost {cost} ({against}), but it {cheapest['assumption']}, "
            "and retrieval must find what the task needs."
        )
    return f"{cheapest['label'].capitalize()} would cost {cost} ({against})."


def _months(x: float) -> str:
    return fmt_months(x)  # under a month in days, as every surface says it


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
        said = (
            f"training {fmt_money(d['training'])} pays back after {fmt_tokens(d['tokens'])} tokens "
            f"({_months(d['months'])})"
        )
        if d.get("pays_back") and not d["article_rule"]:  # a positive verdict: no "does not hold"
            return (
                f"{said} — slower than the article's one-month rule of thumb, but within your "
                f"{d['horizon']}-month horizon"
            )
        return f"{said}; the article's rule (monthly volume above the break-even volume) " + (
            "holds" if d["article_rule"] else "does not hold"
        )
    raise ValueError(f"no words for finding {code!r}")


def headline(rule: str, d: Mapping) -> str:
    """The rule that decided, in words."""
    if rule == "blocked":
        alt = _INSTEAD.get(d.get("blocker"), "")
        if alt and d.get("base") and d["blocker"] in ("changing requirements", "multi-task"):
            alt += f" on {d['base']}"
        return f"Don't fine-tune: use {alt} instead" if alt else "Don't fine-tune"
    if rule in ("prompt solves", "low volume"):
        return "Stay with prompt engineering"
    if rule == "high volume":
        return f"Fine-tuning {d['candidate']} is likely worth it"
    if rule == "needs base":
        return "Give the model you use now to compute the break-even"
    if rule == "no break-even":
        stay = f": stay on {d['base']} with prompt engineering" if d.get("base") else ""
        return f"Don't fine-tune {d['candidate']}{stay}"
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
    if rule == "retires first":
        return (
            f"Stay with prompt engineering: fine-tuning {d['candidate']} pays back only after "
            f"{_months(d['months'])}, after it retires on {d['retires']}"
        )
    if rule == "no net saving":
        return (
            f"Stay with prompt engineering: fine-tuning {d['candidate']} costs "
            f"{fmt_money(-(d['net'] or 0))} more than it saves over {d['horizon']} months"
        )
    raise ValueError(f"no words for rule {rule!r}")
