"""`ftcost rank`: every model's fine-tuned route for a workload, cheapest first."""

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
    table,
    workload_of,
)


def _rank_rows(r):
    from ..units import fmt_money, fmt_rate

    def num(x, digits=3):
        return "—" if x is None else f"{x:.{digits}g}"

    rows = []
    for row in r.rows:
        cells = [
            row.rank,
            row.id,
            row.provider,
            row.status,
            fmt_money(row.training_cost),
            fmt_rate(row.ft_per_million),
            fmt_money(row.monthly_cost),
            fmt_money(row.total_cost),
        ]
        if r.base:
            cells += [
                fmt_money(row.monthly_savings),
                num(row.breakeven_months),
                fmt_money(row.net_savings),
            ]
        cells.append(row.note)
        rows.append(cells)
    headers = [
        "#",
        "Model",
        "Provider",
        "Status",
        "Training",
        "FT $/1M",
        "Monthly",
        f"{r.months}-month total",
    ]
    if r.base:
        headers += ["Saving/month", "Break-even (mo)", "Net saving"]
    headers.append("Note")
    return headers, rows


def cmd_rank(a) -> int:
    from ..engine import rank
    from ..units import fmt_money, fmt_tokens

    ps = prices_of(a)
    r = rank(plan_of(a), workload_of(a), base=a.base, prices=ps)
    if a.json:
        print_json(
            {
                "price_set": ps.name,
                "base": r.base,
                "base_monthly_cost": r.base_monthly_cost,
                "months": r.months,
                "monthly_tokens": r.monthly_tokens,
                "ranking": r.records(),
            }
        )
        return 0
    out(
        f"Fine-tuned routes for {fmt_tokens(r.monthly_tokens)} tokens/month over {r.months} months, cheapest first ({label(ps)})"
    )
    if r.base:
        out(f"Against {r.base} as used now: {fmt_money(r.base_monthly_cost)}/month")
    headers, rows = _rank_rows(r)
    out(
        table(
            headers,
            rows,
            [True, False, False, False, True, True, True, True]
            + ([True] * 3 if r.base else [])
            + [False],
        )
    )
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "rank",
        cmd_rank,
        "Rank every model's fine-tuned route for a workload, cheapest over the horizon first.",
        "ftcost rank --monthly-tokens 100M --training-tokens 5M --base gpt-4o",
    )
    add_prices(p)
    p.add_argument(
        "--base", metavar="MODEL", help="the model you use now: adds savings and break-even columns"
    )
    add_training(p, required=False)
    add_workload(p, monthly_required=True)
    add_json(p)
