"""`ftcost check-pricing`: validate a price file, folder or built-in set."""

from __future__ import annotations

from .common import add_command, add_json, out, print_json


def cmd_check_pricing(a) -> int:
    from ..pricing import validate_path

    ps, errors, warnings = validate_path(a.file)
    if a.json:
        print_json(
            {
                "ok": not errors,
                "errors": errors,
                "warnings": warnings,
                "models": len(ps) if ps else 0,
            }
        )
        return 1 if errors else 0
    for e in errors:
        out(f"error: {e}")
    for w in warnings:
        out(f"warning: {w}")
    if errors:
        out(
            f"{len(errors)} error{'s' if len(errors) != 1 else ''}, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        )
        return 1
    out(
        f"ok: {len(ps)} models in {ps.source} ({ps.name}{' ' + ps.version if ps.version else ''}), {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    )
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "check-pricing",
        cmd_check_pricing,
        "Validate a price file, folder or built-in set; list every error and units warning.",
        "ftcost check-pricing my-prices.toml",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a TOML file, a folder of them, 'default' or 'article' (default: $FTCOST_PRICES or 'default')",
    )
    add_json(p)
