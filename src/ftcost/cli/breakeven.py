"""`ftcost breakeven`: the cost of fine-tuning a candidate to replace a base, and when it pays back."""

from __future__ import annotations

from .common import (
    add_command,
    add_json,
    add_prices,
    add_training,
    add_workload,
    label,
    out,
    plan_of,
    prices_of,
    print_json,
    workload_of,
)


def breakeven_text(c, ps) -> list[str]:
    from ..units import fmt_money, fmt_rate, fmt_tokens

    t = c.training
    lines = [
        f"{c.base} → fine-tuned {c.candidate}  ({label(ps)})",
        f"  Training cost      {fmt_money(c.training_cost)}"
        + (
            f"   ({fmt_tokens(t.billed_tokens)} billed tokens per run × {t.runs} run{'s' if t.runs != 1 else ''})"
        ),
        f"  Base route         {fmt_rate(c.base_per_million)} per 1M input tokens",
        f"  Fine-tuned route   {fmt_rate(c.ft_per_million)} per 1M input tokens"
        + (f" + {fmt_money(c.fixed_monthly)}/month hosting and storage" if c.fixed_monthly else ""),
        f"  Saving             {fmt_rate(c.savings_per_million_tokens)} per 1M tokens",
    ]
    if c.breakeven_tokens is not None:
        be = f"  Break-even         {fmt_tokens(c.breakeven_tokens)} tokens"
        if c.breakeven_months is not None:
            be += (
                f" = {c.breakeven_months:.3g} months at {fmt_tokens(c.monthly_tokens)} tokens/month"
            )
        lines.append(be)
    if c.monthly_savings is not None:
        lines += [
            f"  Monthly saving     {fmt_money(c.monthly_savings)}   (annual, gross: {fmt_money(c.annual_savings)})",
            f"  Net saving         {fmt_money(c.net_savings)} over {c.months} months, after "
            + (f"{c.trainings} trainings" if c.trainings > 1 else "training"),
        ]
    if c.reason:
        lines.append(f"  Note: {c.reason}")
    lines += [f"  Warning: {w}" for w in c.warnings]
    return lines


def cmd_breakeven(a) -> int:
    from ..engine import compare

    ps = prices_of(a)
    c = compare(a.base, a.candidate, plan_of(a), workload_of(a), ps)
    if a.json:
        d = c.as_dict()
        d["price_set"] = ps.name
        d["price_version"] = ps.version
        print_json(d)
    else:
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
    p.add_argument(
        "--base", required=True, metavar="MODEL", help="the model you use now (e.g. gpt-4o)"
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
