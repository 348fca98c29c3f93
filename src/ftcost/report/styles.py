"""How the report looks: number formats, colours and the named cell styles its sheets use."""

from __future__ import annotations

from .xlsx import Spec

# Number formats (Excel codes; LibreOffice reads the same).
MONEY = '"$"#,##0.00##;[Red]-"$"#,##0.00##'
# money totals (a month, a training, a horizon): cents, as the CLI and the template show them
MONEY_TOTAL = '"$"#,##0.00;[Red]-"$"#,##0.00'
MONEY0 = '"$"#,##0;[Red]-"$"#,##0'
TOKENS = "#,##0"
MONTHS = "0.00"
COUNT = "0"
RATIO = "0.####"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
TOKENS_SHORT = '[>=1000000]#,##0.##,,"M";[>=1000]#,##0.##,"K";0'

NAVY, BLUE, PALE, GREY, RED = "1F3864", "2E75B6", "DDEBF7", "595959", "C00000"
GOOD, GOOD_BG, BAD, BAD_BG, WARN, WARN_BG = (
    "006100",
    "C6EFCE",
    "9C0006",
    "FFC7CE",
    "7F6000",
    "FFEB9C",
)

STYLES: dict[str, Spec] = {
    "text": Spec(),
    "wrap": Spec(wrap=True),
    "bold": Spec(bold=True),
    "bold_wrap": Spec(bold=True, wrap=True),
    "value": Spec(horizontal="right"),
    "value_bold": Spec(bold=True, horizontal="right"),
    "title": Spec(bold=True, size=16, color=NAVY, vertical="center"),
    "subtitle": Spec(italic=True, color=GREY),
    "note": Spec(italic=True, color=GREY),
    "note_wrap": Spec(italic=True, color=GREY, wrap=True),
    "section": Spec(bold=True, size=12, color="FFFFFF", fill=NAVY, vertical="center"),
    "header": Spec(bold=True, color=NAVY, fill=PALE, vertical="center", wrap=True, border=NAVY),
    "header_num": Spec(
        bold=True,
        color=NAVY,
        fill=PALE,
        horizontal="right",
        vertical="center",
        wrap=True,
        border=NAVY,
    ),
    "fine-tune": Spec(bold=True, size=13, color=GOOD, fill=GOOD_BG, vertical="center", wrap=True),
    "prompt engineering": Spec(
        bold=True, size=13, color=WARN, fill=WARN_BG, vertical="center", wrap=True
    ),
    "don't fine-tune": Spec(
        bold=True, size=13, color=BAD, fill=BAD_BG, vertical="center", wrap=True
    ),
    "good": Spec(color=GOOD, fill=GOOD_BG, horizontal="center"),
    "centre": Spec(horizontal="center"),
    "bad": Spec(color=BAD, fill=BAD_BG),
    "never": Spec(bold=True, color=BAD, horizontal="right"),
    "grade": Spec(bold=True, size=14, color=NAVY, horizontal="right"),
    "link": Spec(color=BLUE, underline=True),
    "link_value": Spec(color=BLUE, underline=True, horizontal="right"),
    "money": Spec(fmt=MONEY),
    "money_bold": Spec(bold=True, fmt=MONEY),
    "money_total": Spec(fmt=MONEY_TOTAL),
    "money_total_bold": Spec(bold=True, fmt=MONEY_TOTAL),
    "tokens": Spec(fmt=TOKENS),
    "months": Spec(fmt=MONTHS),
    "months_bold": Spec(bold=True, fmt=MONTHS),
    "count": Spec(fmt=COUNT),
    "rank": Spec(fmt=COUNT, horizontal="center"),
    "ratio": Spec(fmt=RATIO),
    "percent": Spec(fmt=PERCENT),
    "date": Spec(fmt=DATE, horizontal="left"),
}
