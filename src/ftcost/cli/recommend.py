"""`ftcost recommend`: the article's decision framework for a workload, with the break-even."""

from __future__ import annotations

import textwrap

from ..engine import PRIORITIES
from .breakeven import breakeven_text
from .common import (
    add_command,
    add_json,
    add_prices,
    add_training,
    add_workload,
    out,
    plan_of,
    prices_of,
    print_json,
    workload_of,
)


def cmd_recommend(a) -> int:
    from ..engine import decide

    ps = prices_of(a)
    w = workload_of(a)
    d = decide(
        a.monthly_tokens,
        base=a.base,
        candidate=a.candidate,
        plan=plan_of(a),
        workload=w,
        narrow_task=not a.not_narrow,
        prompt_solves=a.prompt_solves,
        changing_requirements=a.changing_requirements,
        needs_reasoning=a.needs_reasoning,
        multi_task=a.multi_task,
        priority=a.priority,
        prices=ps,
    )
    if a.json:
        print_json(
            {
                "verdict": d.verdict,
                "headline": d.headline,
                "reasons": list(d.reasons),
                "candidate": d.candidate,
                "comparison": d.comparison.as_dict() if d.comparison else None,
            }
        )
        return 0
    out(d.headline)
    for r in d.reasons:
        out(textwrap.fill(r, width=100, initial_indent="  - ", subsequent_indent="    "))
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
    p.add_argument(
        "--base", metavar="MODEL", help="the model you use now (needed for a break-even)"
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
    add_training(p, required=False)
    add_workload(p, monthly_required=True)
    add_json(p)
