"""Reading an `ftcost report` workbook back from disk, the way a person would: by sheet, by
section (one per scenario, headed by a dark bar), by the labels in column A and table headers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

SECTION_FILL = "1F3864"


@dataclass
class Section:
    title: str
    rows: list[tuple]  # values of each row after the section's header bar, up to the next one
    first: int  # worksheet row number of rows[0]

    def table(self, first_header: str) -> tuple[list[str], list[tuple]]:
        """The table whose header row starts with ``first_header``: (headers, rows up to a blank)."""
        for i, row in enumerate(self.rows):
            if row and row[0] == first_header:
                headers = [h for h in row if h is not None]
                body = []
                for r in self.rows[i + 1 :]:
                    if all(v is None for v in r):
                        break
                    body.append(tuple(r[: len(headers)]))
                return headers, body
        raise KeyError(f"no table headed {first_header!r} in section {self.title!r}")

    def labelled(self) -> dict[str, object]:
        """Column A label → column B value for every row that has a label."""
        out: dict[str, object] = {}
        for r in self.rows:
            if r and isinstance(r[0], str) and len(r) > 1:
                out.setdefault(r[0], r[1])
        return out

    def detail(self, label: str) -> str:
        """Column C text on the row labelled ``label``."""
        for r in self.rows:
            if r and r[0] == label:
                return r[2] if len(r) > 2 else None
        raise KeyError(label)


def sections(ws) -> list[Section]:
    out: list[Section] = []
    rows = list(ws.iter_rows())
    current: Section | None = None
    for cells in rows:
        a = cells[0] if cells else None
        fill = a.fill.fgColor.rgb if a is not None and a.fill and a.fill.fill_type else None
        if isinstance(fill, str) and fill.endswith(SECTION_FILL):
            current = Section(str(a.value), [], a.row + 1)
            out.append(current)
        elif current is not None:
            current.rows.append(tuple(c.value for c in cells))
    return out


class Report:
    """A report workbook opened from disk."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.wb = openpyxl.load_workbook(self.path)
        self.sheets = self.wb.sheetnames

    def sections(self, sheet: str) -> list[Section]:
        return sections(self.wb[sheet])

    def section(self, sheet: str, index: int = 0) -> Section:
        return self.sections(sheet)[index]
