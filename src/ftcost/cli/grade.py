"""`ftcost grade` (the API Cost Score) and `ftcost alternatives`: the options a user really has
against staying on the current model, side by side over one horizon."""

from __future__ import annotations

import argparse

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
    table,
    volume_of,
)
from .recommend import left_out_lines, ranking_if


def _percent(share: float) -> str:
    """0.98 → '98%'; -14.26 → '-1,426%' (thousands separators, as every figure)."""
    return f"{share * 100:,.0f}%"


def shown_options(options, everything: bool, limit: int) -> list:
    """(place, option) for the options a table shows: every one with --all; else the ``limit``
    cheapest, the cheapest of each kind and staying (the others: --all or --json)."""
    numbered = list(enumerate(options, 1))
    if everything:
        return numbered
    seen: set[str] = set()
    keep = []
    for i, o in numbered:
        if i <= limit or o.kind not in seen:
            keep.append((i, o))
        seen.add(o.kind)
    return keep


def options_table(numbered, months: int) -> str:
    """Options, cheapest over the horizon first: monthly, one-off and horizon costs."""
    from ..units import fmt_money

    rows = []
    for i, o in numbered:
        note = "; ".join(x for x in (o.assumption, o.note) if x)
        rows.append(
            [
                i,
                o.label,
                fmt_money(o.monthly_cost),
                fmt_money(o.one_off) if o.one_off else "",
                fmt_money(o.horizon_cost),
                _percent(o.saving_share),
                "" if o.verified else "unverified",
                note,
            ]
        )
    headers = [
        "#",
        "Option",
        "Monthly",
        "One-off",
        f"{months}-month total",
        "Saves",
        "Prices",
        "Note",
    ]
    return table(headers, rows, [True, False, True, True, True, True, False, False])


def _inputs(a):
    day = as_of_of(a)
    base, ps = base_of(a, prices_of(a), day)
    w, spend_text = volume_of(a, base, ps, day)
    plan = plan_of(a)
    return day, base, ps, w, spend_text, plan


def _routing(a) -> dict | None:
    r = {}
    if getattr(a, "route_to", None):
        r["cheap"] = a.route_to
    if getattr(a, "simple_share", None) is not None:
        r["simple_share"] = a.simple_share
    return r or None


def cmd_grade(a) -> int:
    from ..engine import grade
    from ..units import fmt_money

    day, base, ps, w, spend_text, plan = _inputs(a)
    g = grade(
        base,
        plan,
        w,
        ps,
        as_of=day,
        include_unverified=a.include_unverified,
        ranking=ranking_if(a, plan, w, base, ps, day),
        routing=_routing(a),
    )
    if a.json:
        d = g.as_dict()
        d["as_of"] = day
        d["price_set"] = ps.name
        d["spend_text"] = spend_text
        print_json(d)
        return 0
    if spend_text:
        out(spend_text)
    out(f"API Cost Score for {g.current}: {g.grade}  ({label(ps, day)})")
    out(f"  You pay            {fmt_money(g.monthly_cost)}/month")
    if g.best_kind == "stay":
        out("  Best option        stay: nothing weighed is cheaper")
    else:
        out(
            f"  Best option        {g.best_option}: {fmt_money(g.best_monthly_cost)}/month"
            + (" (training spread over the horizon)" if g.best_kind == "fine-tune" else "")
        )
        out(
            f"  Saving             {fmt_money(g.monthly_savings)}/month, "
            f"{_percent(g.saving_share)} of today's cost"
        )
    out()
    out(f"Options over {g.months} months, cheapest first:")
    shown = shown_options(g.options, a.all, limit=5)
    out(options_table(shown, g.months))
    if len(shown) < len(g.options):
        out(
            f"Shown: the 5 cheapest and the cheapest of each kind; {len(g.options) - len(shown)} "
            "more options weighed: --all or --json lists them"
        )
    out()
    out("\n".join(left_out_lines(g.left_out)))
    return 0


def cmd_alternatives(a) -> int:
    from ..engine.options import alternatives

    day, base, ps, w, spend_text, plan = _inputs(a)
    o = alternatives(
        base,
        plan,
        w,
        prices=ps,
        as_of=day,
        include_unverified=a.include_unverified,
        ranking=ranking_if(a, plan, w, base, ps, day),
        routing=_routing(a),
    )
    if a.json:
        d = o.as_dict()
        d["as_of"] = day
        d["price_set"] = ps.name
        d["spend_text"] = spend_text
        print_json(d)
        return 0
    from ..units import fmt_tokens

    if spend_text:
        out(spend_text)
    out(
        f"Alternatives to {o.current} for {fmt_tokens(o.monthly_tokens)} tokens/month over "
        f"{o.months} months, cheapest first ({label(ps, day)})"
    )
    shown = shown_options(o.options, a.all, limit=0)
    out(options_table(shown, o.months))
    if len(shown) < len(o.options):
        out(
            f"Shown: the cheapest of each kind; {len(o.options) - len(shown)} more options "
            "weighed: --all or --json lists them"
        )
    out()
    out("\n".join(left_out_lines(o.left_out)))
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    add_prices(p)
    add_as_of(p)
    p.add_argument(
        "--include-unverified",
        action="store_true",
        help="also weigh options resting on unverified prices (second-hand, or not from a provider's price list)",
    )
    add_include_unavailable(p)
    g = p.add_argument_group("routing")
    g.add_argument(
        "--route-to",
        metavar="MODEL",
        help="the cheap model simple requests go to (default: the cheapest fine-tune's model)",
    )
    g.add_argument(
        "--simple-share",
        metavar="S",
        help="share of requests simple enough for it, e.g. 0.7 or 70%% (default 0.7)",
    )
    p.add_argument("--all", action="store_true", help="list every option weighed")
    add_training(p, required=False)
    add_workload(p)
    add_json(p)


def register(subs) -> None:
    p = add_command(
        subs,
        "grade",
        cmd_grade,
        "The API Cost Score: grade what you pay now (A+ … F) against the cheapest option you "
        "have — switch model, fine-tune, route — and say what was left out.",
        "ftcost grade --model gpt-4o --monthly-spend 5000",
    )
    p.add_argument(
        "--model",
        "--base",
        dest="base",
        required=True,
        metavar="MODEL",
        help="the model you pay for now: any current model ftcost or genai-prices knows",
    )
    _common(p)
    p = add_command(
        subs,
        "alternatives",
        cmd_alternatives,
        "Prompt engineering, RAG, routing and fine-tuning side by side for a workload, monthly "
        "and over the horizon (staying as the yardstick).",
        "ftcost alternatives --base gpt-4o --monthly-tokens 100M",
    )
    p.add_argument(
        "--base",
        "--model",
        dest="base",
        required=True,
        metavar="MODEL",
        help="the model you use now: any current model ftcost or genai-prices knows",
    )
    _common(p)
