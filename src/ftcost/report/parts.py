"""What every sheet of the report is made of: its workbook, section bars, table headers."""

from __future__ import annotations

from collections.abc import Sequence

from ..pricing import PriceSet
from .xlsx import Book, Sheet


class ReportBook(Book):
    """A report being written: the price set it shows, where each section starts."""

    def __init__(self, specs, prices: PriceSet) -> None:
        super().__init__(specs)
        self.prices = prices
        self.anchors: dict[tuple[str, int], int] = {}  # (sheet, scenario index) → section row


def section(sh: Sheet, text: str, ncols: int) -> int:
    return sh.row(
        sh.text(text, "section"), *[sh.text("", "section") for _ in range(ncols - 1)], height=20
    )


def headers(sh: Sheet, names: Sequence[tuple[str, bool]], height: float = 45) -> int:
    """A table header row; ``names`` are (text, numeric column)."""
    return sh.row(*[sh.text(t, "header_num" if n else "header") for t, n in names], height=height)
