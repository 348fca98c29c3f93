"""`ftcost template` and `ftcost update-prices`: the template workbook."""

from __future__ import annotations

from .common import (
    add_as_of,
    add_command,
    add_json,
    add_prices,
    as_of_of,
    label,
    out,
    prices_of,
    print_json,
)


def cmd_template(a) -> int:
    from ..template import write_template

    ps = prices_of(a)
    path = write_template(
        a.output, ps, force=a.force, as_of=as_of_of(a), namespace=a.namespace or None
    )
    out(f"wrote {path} ({len(ps)} models, {label(ps)}); fill in the yellow cells on Break-even")
    return 0


def cmd_update_prices(a) -> int:
    from ..template import update_prices

    ps = prices_of(a)
    report = update_prices(a.workbook, ps, reset_edits=a.reset_edits)
    if a.json:
        print_json(report.as_dict())
    else:
        for line in report.lines():
            out(line)
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "template",
        cmd_template,
        "Write the template workbook: Providers table and scenario tabs of plain Excel formulas.",
        "ftcost template -o my-case.xlsx",
    )
    add_prices(p)
    p.add_argument(
        "-o",
        "--output",
        default="ftcost-template.xlsx",
        metavar="FILE",
        help="where to write it (default ftcost-template.xlsx)",
    )
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    add_as_of(p)
    p.add_argument(
        "--namespace",
        metavar="NAME",
        default=None,
        help="the Functions tab calls NAME.FT_… (the xlwings Server route: XLWINGS); "
        "default FT_… (the xlwings add-in)",
    )
    p = add_command(
        subs,
        "update-prices",
        cmd_update_prices,
        "Refresh the Providers table of a filled-in template from the price data; keeps your "
        "inputs, your own rows and everything else, and writes a backup first.",
        "ftcost update-prices my-case.xlsx --prices default",
    )
    add_prices(p)
    p.add_argument("workbook", metavar="WORKBOOK", help="a workbook made by `ftcost template`")
    p.add_argument(
        "--reset-edits",
        action="store_true",
        help="take the price data's value also where you edited a shipped price (kept otherwise)",
    )
    add_json(p)
