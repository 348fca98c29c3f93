"""`ftcost serve`: the FT_* functions served to Excel (xlwings Server); the server owns its options."""

from __future__ import annotations


def register(subs) -> None:
    from ..server import add_parser  # the server's front-end registers its own command

    add_parser(subs)
