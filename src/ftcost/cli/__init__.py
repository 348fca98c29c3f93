"""The `ftcost` command: thin commands over the library.

Each command parses its options, calls the library and prints a table for people or JSON
(`--json`) for machines. A user's mistake exits with status 1 and one line on stderr; bad
command-line syntax exits with status 2 (argparse's convention).

One module per command (template and update-prices together); `common` holds what they share.
Each module's `register(subs)` adds its command; the library modules a command needs are
imported when it runs, so `ftcost models` does not pay for openpyxl.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import FtCostError
from . import (
    breakeven,
    check_pricing,
    dataset,
    grade,
    models,
    rank,
    recommend,
    report,
    serve,
    template,
)
from .common import Formatter, table

__all__ = ["build_parser", "main", "table"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ftcost",
        description="Is fine-tuning an LLM worth it? Training cost, break-even, provider ranking and alternatives.",
        epilog="Run `ftcost COMMAND --help` for a command's options and an example.",
        formatter_class=Formatter,
    )
    parser.add_argument("--version", action="version", version=f"ftcost {__version__}")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    for command in (
        models,
        breakeven,
        rank,
        recommend,
        grade,
        check_pricing,
        template,
        report,
        dataset,
        serve,
    ):
        command.register(subs)
    return parser


def _option_strings(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """(every option string of the parser and its commands, those that take one value)."""
    every, valued = set(), set()
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers += list(action.choices.values())
    for p in parsers:
        for action in p._actions:
            every.update(action.option_strings)
            if action.option_strings and action.nargs is None:
                valued.update(action.option_strings)
    return every, valued


def attach_values(argv: Sequence[str], parser: argparse.ArgumentParser) -> list[str]:
    """``--opt VALUE`` as ``--opt=VALUE`` when VALUE starts with ``-``: argparse would take
    ``-5M`` or ``-2+3`` for an option and print its usage; ftcost's own validation should say
    what is wrong ("monthly_tokens: must be ≥ 0"), and a title may start with a dash. A value
    that is itself one of ftcost's options stays an option (``--base --json`` is a usage error).
    """
    every, valued = _option_strings(parser)
    args, out, i = list(argv), [], 0
    while i < len(args):
        tok = args[i]
        if tok == "--":
            out += args[i:]
            break
        nxt = args[i + 1] if i + 1 < len(args) else None
        if (
            tok in valued
            and nxt is not None
            and nxt.startswith("-")
            and nxt.split("=", 1)[0] not in every
        ):
            out.append(f"{tok}={nxt}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LONG = re.compile(r"\S{121,}")


def one_line(message: str) -> str:
    """An error message as one readable line, whatever the user typed into it: control
    characters escaped (a newline or a terminal escape cannot break or colour the line), any
    run of more than 120 characters without a space cut (`units.show_value` does this for the
    values the library quotes; this catches the ones it does not)."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)
    return _LONG.sub(lambda m: f"{m.group()[:40]}… ({len(m.group()):,} characters)", text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(attach_values(sys.argv[1:] if argv is None else argv, parser))
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FtCostError as e:
        sys.stderr.write(f"ftcost: error: {one_line(str(e))}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("ftcost: interrupted\n")
        return 130
    except BrokenPipeError:  # `ftcost models | head`
        return 0
