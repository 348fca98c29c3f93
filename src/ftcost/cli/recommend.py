"""`ftcost recommend`: the article's decision framework for a workload, with the break-even."""

from __future__ import annotations

import textwrap

from ..engine import PRIORITIES
from .breakeven import breakeven_text
from .common import (
    add_as_of,
    add_command,
    add_include_unavailable,
    add_json,
    add_prices,
    add_training,
    add_workload,
    as_of_of,
    base_of,
    label,
    out,
    plan_of,
    prices_of,
    print_json,
    volume_of,
)


def _fill(text: str, first: str = "  ", rest: str = "    ") -> str:
    return textwrap.fill(
        text, width=100, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def option_line(o, months: int) -> str:
    """'prompt engineering on gpt-4o: $250.00/month, $3,000.00 over 12 months'."""
    from ..units import fmt_money

    text = f"{o.label}: {fmt_money(o.monthly_cost)}/month, {fmt_money(o.horizon_cost)} over {months} months"
    if o.one_off:
        text += f" (training {fmt_money(o.one_off)} included)"
    return text


def left_out_lines(left_out) -> list[str]:
    """What was not weighed, and why (one line each)."""
    if not left_out:
        return ["Left out: nothing."]
    lines = [f"Left out ({len(left_out)}):"]
    for what, why in left_out:
        lines += textwrap.wrap(
            f"{what}: {why}",
            width=100,
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    return lines


def ranking_if(a, plan, w, base, ps, day):
    """A ranking including unavailable models when --include-unavailable asks for one."""
    if not getattr(a, "include_unavailable", False):
        return None
    from ..engine import rank

    return rank(plan, w, base=base, prices=ps, as_of=day, include_unavailable=True)


def cmd_recommend(a) -> int:
    from ..engine import decide

    day = as_of_of(a)
    base, ps = base_of(a, prices_of(a), day)
    w, spend_text = volume_of(a, base, ps, day)
    plan = plan_of(a)
    d = decide(
        w.monthly_tokens,
        base=base,
        candidate=a.candidate,
        plan=plan,
        workload=w,
        narrow_task=not a.not_narrow,
        prompt_solves=a.prompt_solves,
        changing_requirements=a.changing_requirements,
        needs_reasoning=a.needs_reasoning,
        multi_task=a.multi_task,
        priority=a.priority,
        prices=ps,
        as_of=day,
        include_unverified=a.include_unverified,
        ranking=ranking_if(a, plan, w, base, ps, day) if base else None,
    )
    if a.json:
        dd = d.as_dict()
        dd["as_of"] = day
        dd["price_set"] = ps.name
        dd["spend_text"] = spend_text
        print_json(dd)
        return 0
    if spend_text:
        out(spend_text)
    out(f"{d.headline}  ({label(ps, day)})")
    for r in d.reasons:
        out(_fill(r, "  - "))
    if d.option is not None:
        months = w.months
        head = "Instead" if d.verdict == "don't fine-tune" else "Recommended"
        out(_fill(option_line(d.option, months), f"{head}: ", "  "))
        if d.why_not_cheapest:
            out(_fill(d.why_not_cheapest, "Not the cheapest: ", "  "))
    if d.left_out:
        out("\n".join(left_out_lines(d.left_out)))
    if d.comparison is not None:
        out()
        out("\n".join(breakeven_text(d.comparison, ps)))
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "recommend",
        cmd_recommend,
        "The article's decision framework for your workload, with the break-even computed.",
        "ftcost recommend --monthly-tokens 150M --base gpt-4o --training-tokens 5M",
    )
    add_prices(p)
    add_as_of(p)
    p.add_argument(
        "--base",
        metavar="MODEL",
        help="the model you use now, any current model (needed for a break-even)",
    )
    p.add_argument(
        "--candidate",
        metavar="MODEL",
        help="the model to fine-tune (default: chosen by --priority)",
    )
    p.add_argument(
        "--priority",
        default="cost",
        choices=PRIORITIES,
        help="how to choose the candidate (default cost)",
    )
    p.add_argument(
        "--not-narrow",
        action="store_true",
        help="the task is general-purpose (chat, Q&A, summarisation)",
    )
    p.add_argument(
        "--prompt-solves", action="store_true", help="a well-crafted prompt already solves it"
    )
    p.add_argument("--changing-requirements", action="store_true", help="the task changes often")
    p.add_argument(
        "--needs-reasoning", action="store_true", help="the task needs reasoning ability"
    )
    p.add_argument(
        "--multi-task", action="store_true", help="one model serves many different tasks"
    )
    add_include_unavailable(p)
    p.add_argument(
        "--include-unverified",
        action="store_true",
        help="also weigh options resting on unverified prices (second-hand, or not from a provider's price list)",
    )
    add_training(p, required=False)
    add_workload(p)
    add_json(p)
