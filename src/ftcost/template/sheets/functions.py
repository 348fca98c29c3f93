"""The Functions tab: every FT_* Excel function with its arguments and an example."""

from __future__ import annotations

import re

from ..book import Book
from ..layout import FMT_INT, FMT_MONTHS, FMT_PRICE, FMT_TEXT, FMT_TOKENS, FMT_USD, FUNCS

_RETURN_FORMATS = {
    "FT_BREAKEVEN": FMT_TOKENS,
    "FT_BREAKEVEN_MONTHS": FMT_MONTHS,
    "FT_EPOCHS": FMT_INT,
    "FT_PRICE": FMT_PRICE,
}
EXAMPLE_PRICES = "default"  # what the add-in uses unless FTCOST_PRICES says otherwise


def _udf_rows() -> list[dict]:
    """Every FT_* function: name, syntax, description, arguments, example formula and its value.

    From the catalogue `ftcost.functions.spec`, each example called with the plain function
    (`ftcost.functions`, no xlwings needed) on the default price data.
    """
    from ... import functions
    from ...functions import spec

    rows = []
    for d in spec.describe():
        name = d["name"]
        f = getattr(functions, name)
        args = spec.EXAMPLE_ARGS.get(name, ())
        kwargs = {"prices": EXAMPLE_PRICES} if "prices" in [a["name"] for a in d["args"]] else {}
        try:
            value = f(*args, **kwargs)
        except Exception as e:  # the example itself is wrong: show it, don't hide the sheet
            value = f"error: {e}"
        rows.append({**d, "value": value})
    return rows


def _in_namespace(text: str, ns: str) -> str:
    """``text`` with every FT_* call prefixed by the namespace ``ns`` ("" leaves it as is)."""
    return re.sub(r"(?<![A-Za-z0-9_.])(FT_[A-Z_]+)\(", lambda m: ns + m.group(1) + "(", text)


def build(b: Book) -> None:
    ws = b.wb[FUNCS]
    ns = b.namespace  # "" (the add-in) or "XLWINGS." (the xlwings Server's manifest namespace)
    if ns:
        title = f"Functions — the {ns}FT_* Excel functions (they need an ftcost xlwings Server)"
        route = (
            f"Made for the xlwings Server route (`ftcost serve`; Excel on Windows, Mac and the "
            f"web): its functions live in the namespace {ns[:-1]}, so each call reads "
            f"{ns}FT_…. For the xlwings add-in, make the template without --namespace. "
        )
    else:
        title = "Functions — the FT_* Excel functions (they need the ftcost add-in)"
        route = (
            "Made for the xlwings add-in (Windows Excel): these formulas work in any workbook once "
            "Python, ftcost and the add-in are set up and the workbook has an xlwings.conf sheet "
            "with UDF Modules = ftcost.udfs (this one does). For the xlwings Server route "
            "(`ftcost serve`), make the template with --namespace XLWINGS. "
        )
    b.title(
        ws,
        title,
        route + "See workbook/README.md. The rest of this workbook needs none of that: it uses "
        "plain formulas. 'Returns' is what each example gives with the default price data; "
        "'Live' calls the function and shows 'needs the add-in' without it.",
    )
    ws.merge_cells("A2:F2")
    ws["A2"].alignment = b.wrap
    ws.row_dimensions[2].height = 48
    b.widths(ws, {"A": 24, "B": 46, "C": 62, "D": 42, "E": 30, "F": 22})
    heads = ("Function", "Syntax", "What it does", "Example", "Returns", "Live (needs the add-in)")
    for j, h in enumerate(heads, 1):
        c = ws.cell(row=4, column=j, value=h)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
    rows = _udf_rows()
    r = 5
    for d in rows:
        name, value = d["name"], d["value"]
        ws[f"A{r}"] = ns + name
        ws[f"A{r}"].font = b.font_bold
        ws[f"B{r}"] = _in_namespace(d["syntax"], ns)
        ws[f"C{r}"] = (d["description"] or "").strip()
        example = _in_namespace(d["example"], ns)
        b.value(ws[f"D{r}"], example)  # the formula as text, not a formula
        ws[f"D{r}"].number_format = FMT_TEXT
        ws[f"D{r}"].font = b.font_input
        if isinstance(value, list):
            n_rows, n_cols = (
                len(value),
                len(value[0]) if value and isinstance(value[0], list) else 1,
            )
            first = ", ".join(str(x) for x in (value[0] if value else [])[:4])
            ws[f"E{r}"] = f"a table: {n_rows} rows × {n_cols} columns ({first}, …)"
            ws[f"F{r}"] = "spills a table: enter it in an empty area"
            ws[f"F{r}"].font = b.font_note
        else:
            b.value(ws[f"E{r}"], value)
            ws[f"E{r}"].number_format = _RETURN_FORMATS.get(name, FMT_USD)
            if isinstance(value, str):
                ws[f"E{r}"].number_format = FMT_TEXT
            b.formula(ws[f"F{r}"], f'=IFERROR({example[1:]},"needs the add-in")')
            ws[f"F{r}"].number_format = ws[f"E{r}"].number_format
        for col in "ABCDEF":
            ws[f"{col}{r}"].alignment = b.wrap
            ws[f"{col}{r}"].border = b.border
        r += 1
    last_fn = r - 1
    r += 1
    b.section(ws, f"A{r}", "Arguments", 4)
    r += 1
    for j, h in enumerate(("Function", "Argument", "Description", "Default"), 1):
        c = ws.cell(row=r, column=j, value=h)
        c.font = b.font_header
        c.fill = b.fill_header
    r += 1
    for d in rows:
        for a in d["args"]:
            ws[f"A{r}"] = d["name"]
            ws[f"B{r}"] = a["name"] + (" (optional)" if a["optional"] else "")
            ws[f"C{r}"] = a["doc"]
            default = a.get("default")
            ws[f"D{r}"] = (
                "" if not a["optional"] else ("blank" if default is None else str(default))
            )
            for col in "ABCD":
                ws[f"{col}{r}"].alignment = b.wrap
            r += 1
    ws.freeze_panes = "B5"
    ws.print_title_rows = "4:4"
    ws.print_area = f"A1:F{r - 1}"
    del last_fn
