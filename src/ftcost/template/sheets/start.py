"""The Start tab: what the workbook answers, the answer at a glance, what to fill in."""

from __future__ import annotations

from ..book import Book
from ..formulas import q
from ..layout import (
    ALT,
    BE,
    CMP,
    CONF,
    CUR,
    DEC,
    FMT_DATE,
    FMT_MONTHS,
    FMT_USD,
    FUNCS,
    PROV,
    START,
    TEMPLATE_VERSION,
    TRAIN,
)


def build(b: Book) -> None:
    ws = b.wb[START]
    ps = b.ps
    b.widths(ws, {"A": 30, "B": 22, "C": 80})
    ws["A1"] = "ftcost — is fine-tuning an LLM worth it for your workload?"
    ws["A1"].font = b.font_title
    ws.merge_cells("A2:C2")
    ws["A2"] = (
        "This workbook answers: what fine-tuning costs, what the fine-tuned model costs to run "
        "against the base model it replaces, when the training pays back, which provider is "
        "cheapest for your workload, and whether prompt engineering, RAG or routing would serve "
        "better. It computes with plain formulas: no add-in or Python needed (Excel on Windows, "
        "Mac and the web; LibreOffice)."
    )
    ws["A2"].alignment = b.wrap
    ws.row_dimensions[2].height = 48
    b.section(ws, "A4", "Your answer at a glance (from the Break-even and Decision tabs)", 3)
    glance = (
        ("Training cost", "=training_cost", FMT_USD),
        ("Saving per month", "=monthly_saving_glance", FMT_USD),
        ("Break-even (months)", "=breakeven_months", FMT_MONTHS),
        ("Net saving over the horizon", "=net_savings", FMT_USD),
        ("Verdict", "=decision_headline", "General"),
    )
    for k, (label, f, fmt) in enumerate(glance):
        r = 5 + k
        ws[f"A{r}"] = label
        ws[f"A{r}"].font = b.font_bold
        b.formula(ws[f"B{r}"], f.replace("monthly_saving_glance", "monthly_savings"))
        ws[f"B{r}"].number_format = fmt
        ws[f"B{r}"].alignment = b.right
        ws[f"B{r}"].fill = b.fill_result
    ws.merge_cells("B9:C9")
    ws["B9"].alignment = b.wrap
    ws.row_dimensions[9].height = 30
    ws["A10"] = "As of"
    ws["A10"].font = b.font_bold
    b.formula(ws["B10"], "=as_of")
    ws["B10"].number_format = FMT_DATE
    ws["B10"].alignment = b.right
    ws["C10"] = "The day the answer is for (change it on the Break-even tab)."
    ws["C10"].font = b.font_help

    b.section(ws, "A11", "What to fill in", 3)
    fill = (
        ("Break-even tab", "The yellow cells: the base model you use now and the model to fine-tune "
         "(dropdowns), training tokens, epochs, monthly input tokens, output ratio and the horizon. "
         "Optional: validation tokens, training runs, training hours (models billed by the hour), "
         "retraining, prompt overhead, fallback, cached and batch shares; the As of date (which "
         "models can still be fine-tuned, and until when their fine-tunes serve); a monthly "
         "spend instead of monthly tokens."),
        ("Alternatives tab", "The models and assumptions of prompt engineering, RAG and routing."),
        ("Decision tab", "The framework's questions (Yes/No) and how to choose the candidate."),
        ("Providers tab", "Nothing, unless your prices differ: edit any price, or add your own "
         "model in the row below the table — the dropdowns, results and ranking follow."),
        ("Current models tab", "Nothing, unless you pay for a model it lacks: add its id and "
         "prices below the table to pick it as the base model (base prices only)."),
        ("Colours", "Yellow with blue text: an input. Green: a key result. Grey: working cells."),
    )  # fmt: skip
    r = 12
    for label, text in fill:
        ws[f"A{r}"] = label
        ws[f"A{r}"].font = b.font_bold
        ws[f"A{r}"].alignment = b.top
        ws.merge_cells(f"B{r}:C{r}")
        ws[f"B{r}"] = text
        ws[f"B{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 45 if len(text) > 110 else 30
        r += 1

    r += 1
    b.section(ws, f"A{r}", "The tabs", 3)
    r += 1
    tabs = (
        (PROV, "One row per model: base and fine-tuned prices, training, minimum charge, hourly "
         "compute, hosting and storage, with the date each was checked, its source and notes."),
        (CUR, "Popular current models' base prices (genai-prices' snapshot, or ftcost's catalog): "
         "any of them can be the base model; the grade weighs switching to the cheapest."),
        (TRAIN, "What one fine-tuning costs: billed tokens, minimum charge, compute, runs; and the "
         "epochs OpenAI picks for a given number of examples."),
        (BE, "Base route against the fine-tuned route: cost per 1M tokens and per month, savings, "
         "break-even in tokens and months, net saving and total cost over the horizon, a "
         "month-by-month table and a chart of the crossover."),
        (CMP, "Every model's fine-tuned route for your workload, cheapest over the horizon first, "
         "with a chart."),
        (ALT, "Prompt engineering, RAG and multi-model routing for the same workload, and the API "
         "Cost Score (A+ … F) over staying, switching, fine-tuning and routing."),
        (DEC, "The article's decision framework as questions, with the break-even computed."),
        (FUNCS, "The FT_* Excel functions with an example of each (they need the add-in)."),
        (CONF, "Settings the xlwings add-in reads (only the Functions tab needs it)."),
    )  # fmt: skip
    for label, text in tabs:
        ws[f"A{r}"] = label
        ws[f"A{r}"].hyperlink = f"#{q(label)}!A1"
        ws[f"A{r}"].font = b.font_bold
        ws[f"A{r}"].alignment = b.top
        ws.merge_cells(f"B{r}:C{r}")
        ws[f"B{r}"] = text
        ws[f"B{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 30
        r += 1

    r += 1
    b.section(ws, f"A{r}", "Prices", 3)
    r += 1
    as_of = ps.as_of.isoformat() if ps.as_of else "unknown"
    notes = (
        ("Price data", f"{ps.name}{' ' + ps.version if ps.version else ''} — {len(ps.models)} "
         f"models, checked up to {as_of}. USD per 1M tokens."),
        ("Prices change", "Providers change prices and retire models: check the Providers tab "
         "against each provider's page before you decide. Rows marked unverified or deprecated "
         "say so. Run `ftcost update-prices THIS.xlsx` to refresh the Providers and Current "
         "models tables from newer price data: your inputs, your own rows and everything outside the table are kept, and "
         "a backup is written first."),
        ("Made by", "ftcost template version " + str(TEMPLATE_VERSION) + " (`ftcost template`)."),
    )  # fmt: skip
    for label, text in notes:
        ws[f"A{r}"] = label
        ws[f"A{r}"].font = b.font_bold
        ws[f"A{r}"].alignment = b.top
        ws.merge_cells(f"B{r}:C{r}")
        b.value(ws[f"B{r}"], text)  # "Price data" starts with the price set's name
        ws[f"B{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 60 if len(text) > 200 else 30
        r += 1
    ws.print_area = f"A1:C{r}"
    ws.page_setup.orientation = "portrait"
