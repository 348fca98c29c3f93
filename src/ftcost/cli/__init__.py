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
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import FtCostError
from . import breakeven, check_pricing, dataset, models, rank, recommend, report, template
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

    for command in (models, breakeven, rank, recommend, check_pricing, template, report, dataset):
        command.register(subs)
    from .. import server  # the xlwings Server front-end registers its own `serve` command

    server.add_parser(subs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FtCostError as e:
        sys.stderr.write(f"ftcost: error: {e}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("ftcost: interrupted\n")
        return 130
    except BrokenPipeError:  # `ftcost models | head`
        return 0
