"""`ftcost rank`: every model's fine-tuned route for a workload, cheapest first."""

from __future__ import annotations

import textwrap

from .common import (
    add_as_of,
    add_command,
    add_include_unavailable,
    add_json,
    add_prices,
    add_training,
    add_workload,
    as_of_of,
    available_until,
    check_volume,
    label,
    out,
    plan_of,
    prices_of,
    print_json,
    table,
    workload_of,
)


def ranked_rows(r, ps) -> list:
    """The ranking's rows without a genai-prices base model (base prices only: nothing to
    fine-tune), numbered again from 1."""
    import dataclasses

    from ..basemodels import is_base_only

    rows = [row for row in r.rows if row.id in ps.ids and not is_base_only(ps.get(row.id))]
    return [dataclasses.replace(row, rank=i) for i, row in enumerate(rows, 1)]


def _rank_rows(r, rows):
    from ..units import fmt_money, fmt_months, fmt_rate

    table_rows = []
    for row in rows:
        cells = [
            row.rank,
            row.id,
            row.provider,
            available_until(row.state, row.training_until, row.retires),
            fmt_money(row.training_cost),
            fmt_rate(row.ft_per_million),
            fmt_money(row.monthly_cost),
            fmt_money(row.total_cost),
        ]
        if r.base:
            cells += [
                fmt_money(row.monthly_savings),
                fmt_months(row.breakeven_months),
                fmt_money(row.net_savings),
            ]
        cells.append(row.note)
        table_rows.append(cells)
    headers = [
        "#",
        "Model",
        "Provider",
        "Available until",
        "Training",
        "FT $/1M",
        "Monthly",
        f"{r.months}-month total",
    ]
    if r.base:
        headers += ["Saving/month", "Break-even", "Net saving"]
    headers.append("Note")
    return headers, table_rows


def unavailable_lines(unavailable, day, what: str = "ranked") -> list[str]:
    """The models left out because they cannot be fine-tuned on ``day``, each with its reason."""
    if not unavailable:
        return []
    lines = [
        f"Not {what}: not trainable on {day.isoformat()} (--include-unavailable to {'rank' if what == 'ranked' else 'weigh'} them):"
    ]
    for mid, state, why in unavailable:
        lines += textwrap.wrap(
            f"{mid} ({state}): {why}",
            width=100,
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    return lines


def cmd_rank(a) -> int:
    from ..engine import rank
    from ..units import fmt_money, fmt_tokens

    day = as_of_of(a)
    ps = prices_of(a)
    check_volume(a, required=True)
    r = rank(
        plan_of(a), workload_of(a), base=a.base, prices=ps, as_of=day,
        include_unavailable=a.include_unavailable, monthly_spend=a.monthly_spend,
    )  # fmt: skip
    spend_text = r.spend_text
    rows = ranked_rows(r, ps)
    if a.json:
        import dataclasses

        print_json(
            {
                "price_set": ps.name,
                "as_of": day,
                "base": r.base,
                "base_monthly_cost": r.base_monthly_cost,
                "months": r.months,
                "monthly_tokens": r.monthly_tokens,
                "spend_text": spend_text,
                "ranking": dataclasses.replace(r, rows=tuple(rows)).records(),
                "unavailable": [
                    {"id": mid, "state": state, "reason": why} for mid, state, why in r.unavailable
                ],
            }
        )
        return 0
    if spend_text:
        out(spend_text)
    out(
        f"Fine-tuned routes for {fmt_tokens(r.monthly_tokens)} tokens/month over {r.months} months, "
        f"cheapest first ({label(ps, day)})"
    )
    if r.base:
        out(f"Against {r.base} as used now: {fmt_money(r.base_monthly_cost)}/month")
    headers, cells = _rank_rows(r, rows)
    out(
        table(
            headers,
            cells,
            [True, False, False, False, True, True, True, True]
            + ([True] * 3 if r.base else [])
            + [False],
        )
    )
    lines = unavailable_lines(r.unavailable, day)
    if lines:
        out()
        out("\n".join(lines))
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
    add_as_of(p)
    add_include_unavailable(p)
    p.add_argument(
        "--base",
        metavar="MODEL",
        help="the model you use now (any current model): adds savings and break-even columns",
    )
    add_training(p, required=False)
    add_workload(p)
    add_json(p)
