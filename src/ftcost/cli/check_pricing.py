"""`ftcost check-pricing`: validate a price file, folder or built-in set."""

from __future__ import annotations

from .common import add_as_of, add_command, add_json, as_of_of, out, print_json

AGAINST = ("genai-prices",)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def cmd_check_pricing(a) -> int:
    from ..pricing import validate_path

    day = as_of_of(a)
    ps, errors, warnings = validate_path(a.file)
    overrides = list(getattr(ps, "overrides", ()) or ()) if ps else []
    disagree = []
    if a.against and ps is not None and not errors:
        from ..basemodels import disagreements, snapshot_version

        disagree = disagreements(ps, as_of=day)
        source = snapshot_version()
    if a.json:
        d = {
            "ok": not errors,
            "errors": errors,
            "warnings": warnings,
            "models": len(ps) if ps else 0,
            "overrides": overrides,
            "as_of": day,
        }
        if a.against:
            d["against"] = source if ps is not None and not errors else a.against
            d["disagreements"] = [x.as_dict() for x in disagree]
        print_json(d)
        return 1 if errors else 0
    for e in errors:
        out(f"error: {e}")
    for w in warnings:
        out(f"warning: {w}")
    if errors:
        out(f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')}")
        return 1
    for o in overrides:
        out(f"override: {o}")
    if a.against:
        if disagree:
            out(
                f"{_plural(len(disagree), 'base price')} where {source} disagrees "
                f"(as of {day.isoformat()}; ftcost's value is the one used):"
            )
        else:
            out(f"no base price disagrees with {source} (as of {day.isoformat()})")
        for x in disagree:
            out(f"  {x}")
    out(
        f"ok: {len(ps)} models in {ps.source} ({ps.name}{' ' + ps.version if ps.version else ''}), "
        f"{_plural(len(warnings), 'warning')}"
        + (f", {_plural(len(overrides), 'override')}" if overrides else "")
        + f" (as of {day.isoformat()})"
    )
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "check-pricing",
        cmd_check_pricing,
        "Validate a price file, folder or built-in set; list every error and units warning, what "
        "an overlay overrides, and (--against genai-prices) where the base prices disagree.",
        "ftcost check-pricing my-prices.toml\n  ftcost check-pricing default --against genai-prices",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a TOML file, a folder of them, 'default' or 'article' (default: $FTCOST_PRICES or 'default')",
    )
    p.add_argument(
        "--against",
        choices=AGAINST,
        help="compare the base prices with another catalog's (genai-prices: its bundled snapshot)",
    )
    add_as_of(p)
    add_json(p)
