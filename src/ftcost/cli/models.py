"""`ftcost models`: the models and prices in the price data."""

from __future__ import annotations

import textwrap

from .common import (
    add_as_of,
    add_command,
    add_json,
    add_prices,
    as_of_of,
    available_until,
    label,
    out,
    prices_of,
    print_json,
    table,
)


def cmd_models(a) -> int:
    from ..fields import FIXED_COSTS, PRICE, REQUIRED_PRICES
    from ..lifecycle import availability
    from ..units import fmt_rate

    day = as_of_of(a)
    ps = prices_of(a)
    avs = [availability(m, day) for m in ps]
    if a.json:
        print_json(
            {
                "price_set": ps.name,
                "version": ps.version,
                "as_of": day,
                "models": [
                    m.as_dict() | {"lifecycle": av.as_dict()} for m, av in zip(ps, avs, strict=True)
                ],
            }
        )
        return 0
    # every $ field with --all; else the standard prices and the fixed costs (no cached/batch)
    shown = (*REQUIRED_PRICES, *FIXED_COSTS)
    fields = [f for f in PRICE if f.kind in ("rate", "money") and (a.all or f.name in shown)]
    headers = [
        "Model",
        "Provider",
        "Status",
        "Available until",
        *[f.header for f in fields],
        "Checked",
    ]
    rows = []
    for m, av in zip(ps, avs, strict=True):
        vals = [getattr(m, f.name) for f in fields]
        rows.append(
            [
                m.id,
                m.provider,
                av.state,
                available_until(av.state, av.training_until, av.retires),
                *[("" if v is None else fmt_rate(v)) for v in vals],
                m.checked.isoformat(),
            ]
        )
    out(f"{len(ps)} models ({label(ps, day)}; USD, token prices per 1M tokens)")
    out(table(headers, rows, [False] * 4 + [True] * len(fields) + [False]))
    if a.notes:
        out()
        for m in ps:
            if m.notes:
                out(textwrap.fill(f"{m.id}: {m.notes}", width=100, subsequent_indent="  "))
    else:
        out(
            "\nNotes and sources: ftcost models --notes   Every field: --all   For machines: --json"
        )
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "models",
        cmd_models,
        "List the models and prices in the price data.",
        "ftcost models --prices article",
    )
    add_prices(p)
    add_as_of(p)
    p.add_argument("--all", action="store_true", help="show every price field (cached, batch, ...)")
    p.add_argument(
        "--notes", action="store_true", help="print each model's notes (errata, caveats)"
    )
    add_json(p)
