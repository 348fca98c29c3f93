"""`ftcost breakeven`: the cost of fine-tuning a candidate to replace a base, and when it pays back."""

from __future__ import annotations

import textwrap

from .common import (
    add_as_of,
    add_command,
    add_json,
    add_prices,
    add_training,
    add_workload,
    as_of_of,
    check_volume,
    label,
    out,
    plan_of,
    prices_of,
    print_json,
    workload_of,
)


def _wrapped(head: str, text: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=100,
        initial_indent=f"  {head:<19}",
        subsequent_indent=" " * 21,
        break_on_hyphens=False,
    )


def breakeven_text(c, ps) -> list[str]:
    """The comparison in words, lifecycle included: whether the candidate can be trained on the
    as-of date, how many months of the horizon its fine-tune serves, and "pays back" only when
    the break-even comes before it retires."""
    from ..units import fmt_money, fmt_months, fmt_number, fmt_rate, fmt_tokens

    t = c.training
    lines = [
        f"{c.base} → fine-tuned {c.candidate}  ({label(ps, c.as_of)})",
        f"  Training cost      {fmt_money(c.training_cost)}"
        + (
            f"   ({fmt_tokens(t.billed_tokens)} billed tokens per run × {t.runs} run{'s' if t.runs != 1 else ''})"
        ),
        f"  Base route         {fmt_rate(c.base_per_million)} per 1M input tokens",
        f"  Fine-tuned route   {fmt_rate(c.ft_per_million)} per 1M input tokens"
        + (f" + {fmt_money(c.fixed_monthly)}/month hosting and storage" if c.fixed_monthly else ""),
        f"  Saving             {fmt_rate(c.savings_per_million_tokens)} per 1M tokens",
    ]
    if c.availability:
        lines += _wrapped("Availability", c.availability)
    if c.trainable and c.effective_months is not None and c.effective_months < c.months:
        lines.append(
            f"  Serves             {fmt_number(c.effective_months)} of {c.months} months"
            + (f" (retires {c.retires.isoformat()})" if c.retires else "")
            + f", then back on {c.base}"
        )
    if c.breakeven_tokens is not None:
        be = f"  Break-even         {fmt_tokens(c.breakeven_tokens)} tokens"
        if c.breakeven_months is not None:
            be += f": {fmt_months(c.breakeven_months)} of traffic at {fmt_tokens(c.monthly_tokens)} tokens/month"
        lines.append(be)
    if c.breakeven_before_retirement:
        lines.append(
            f"  Pays back          in {fmt_months(c.breakeven_months)}"
            + (f", before it retires on {c.retires.isoformat()}" if c.retires else "")
        )
    elif c.breakeven_before_retirement is False:
        lines.append(
            f"  Pays back          never: it retires on {c.retires.isoformat()}, "
            f"{fmt_number(c.effective_months)} months in, before the break-even"
        )
    if c.monthly_savings is not None and c.trainable:
        lines.append(
            f"  Monthly saving     {fmt_money(c.monthly_savings)}   (annual, gross: {fmt_money(c.annual_savings)})"
        )
    if c.net_savings is not None:
        lines.append(
            f"  Net saving         {fmt_money(c.net_savings)} over {c.months} months, after "
            + (f"{c.trainings} trainings" if c.trainings > 1 else "training")
        )
    if c.reason:
        lines += _wrapped("Note:", c.reason)
    for w in c.warnings:
        lines += _wrapped("Warning:", w)
    return lines


def comparison_dict(c, ps) -> dict:
    d = c.as_dict()
    d["price_set"] = ps.name
    d["price_version"] = ps.version
    return d


def cmd_breakeven(a) -> int:
    from ..engine import compare

    day = as_of_of(a)
    ps = prices_of(a)
    check_volume(a, required=False)
    c = compare(
        a.base, a.candidate, plan_of(a), workload_of(a), ps, as_of=day,
        monthly_spend=a.monthly_spend,
    )  # fmt: skip
    if a.json:
        print_json(comparison_dict(c, ps))
    else:
        if c.spend_text:
            out(c.spend_text)
        out("\n".join(breakeven_text(c, ps)))
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "breakeven",
        cmd_breakeven,
        "Cost of fine-tuning CANDIDATE to replace BASE, and when the training pays back.",
        "ftcost breakeven --base gpt-4o --candidate gpt-4o-mini --training-tokens 5M --monthly-tokens 1M",
    )
    add_prices(p)
    add_as_of(p)
    p.add_argument(
        "--base",
        required=True,
        metavar="MODEL",
        help="the model you use now: any current model ftcost or genai-prices knows (e.g. gpt-4o)",
    )
    p.add_argument(
        "--candidate",
        required=True,
        metavar="MODEL",
        help="the model to fine-tune (e.g. gpt-4o-mini)",
    )
    add_training(p)
    add_workload(p)
    add_json(p)
