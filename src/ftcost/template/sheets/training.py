"""The Training cost tab: how the training cost is made up, and OpenAI's default epochs."""

from __future__ import annotations

from ..book import Book
from ..formulas import DASH, lit, num_msg, num_ok
from ..layout import FMT_INT, FMT_PRICE, FMT_TEXT, FMT_TOKENS, FMT_USD, N_EXAMPLES, TRAIN


def build(b: Book) -> None:
    ws = b.wb[TRAIN]
    b.title(
        ws,
        "Training cost — what one fine-tuning costs to make",
        "The plan is entered on the Break-even tab (its yellow cells); this tab shows how its cost "
        "is made up. Models billed by compute time need Training hours there.",
    )
    b.widths(ws, {"A": 44, "B": 17, "C": 52, "M": 24, "N": 14})
    b.section(ws, "A4", "The plan (from the Break-even tab)", 3)
    plan = (
        ("Model to fine-tune", "=ft_model", FMT_TEXT),
        ("Training tokens", "=training_tokens", FMT_TOKENS),
        ("Epochs", "=epochs", FMT_INT),
        ("Validation tokens per run", "=validation_tokens", FMT_TOKENS),
        ("Training runs", "=runs", FMT_INT),
        ("Training hours", '=IF(ISNUMBER(training_hours),training_hours,"not given")', "#,##0.0"),
    )
    for k, (label, f, fmt) in enumerate(plan):
        ws[f"A{5 + k}"] = label
        b.formula(ws[f"B{5 + k}"], f)
        ws[f"B{5 + k}"].number_format = fmt
        ws[f"B{5 + k}"].alignment = b.right
    b.section(ws, "A12", "Cost", 3)
    rows = (
        ("billed_tokens", "Billed tokens per run (tokens × epochs + validation)",
         f"IF(x_ok,x_billed,{DASH})", FMT_TOKENS),
        (None, "Training price per 1M tokens", f"IF(x_ok,x_train,{DASH})", FMT_PRICE),
        ("training_token_cost", "Token cost per run (billed × price / 1M)",
         f"IF(x_ok,x_billed*x_train/1000000,{DASH})", FMT_USD),
        (None, "Minimum charge per job", f"IF(x_ok,x_min,{DASH})", FMT_USD),
        ("min_charge_applied", "Minimum charge applies?",
         f'IF(x_ok,IF(AND(OR(x_billed>0,x_hours>0),x_min>training_token_cost),"Yes","No"),{DASH})',
         FMT_TEXT),
        ("training_compute_cost", "Compute per run (hours × $/hour)",
         f"IF(x_ok,x_hours*x_hourly,{DASH})", FMT_USD),
        ("training_per_run", "Cost per run", f"IF(x_ok,training_cost/runs,{DASH})", FMT_USD),
        (None, "Training cost (all runs)", "training_cost", FMT_USD),
    )  # fmt: skip
    for k, (name, label, f, fmt) in enumerate(rows):
        r = 13 + k
        ws[f"A{r}"] = label
        b.result_cell(ws, f"B{r}", name, f, fmt, key=label.startswith("Training cost"))
    ws["A13"].font = b.font_bold
    ws.merge_cells("A22:C23")
    b.result_cell(
        ws,
        "A22",
        "training_note",
        'IF(x_ok,IF(AND(x_hourly>0,NOT(ISNUMBER(training_hours))),ft_model&" also bills $"&x_hourly'
        '&"/hour of training compute, not included: no training hours given.",'
        'IF(min_charge_applied="Yes",ft_model&": the minimum charge of "&"$"&FIXED(x_min,'
        '2)&" per job applies (tokens alone would cost "&"$"&FIXED(training_token_cost,2)'
        '&").","")),input_check)',
        "General",
    )
    ws["A22"].alignment = b.wrap
    ws["A22"].font = b.font_note
    b.section(ws, "A25", "Epochs OpenAI picks when you give none", 3)
    b.input_cell(ws, 26, N_EXAMPLES)
    ws["A27"] = "Default epochs"
    b.result_cell(
        ws,
        "B27",
        "openai_epochs",
        f"IF({num_ok('n_examples', 'count', 1, 1_000_000_000)},IF(n_examples*3<100,"
        "MIN(25,INT(100/n_examples)),IF(n_examples*3>25000,MAX(1,INT(25000/n_examples)),3)),"
        f"{lit(num_msg(N_EXAMPLES))})",
        FMT_INT,
    )
    ws["C27"] = "OpenAI's cookbook rule: 3 epochs, more for small files, fewer for large ones."
    ws["C27"].font = b.font_note
    ws["C27"].alignment = b.wrap
    ws.print_area = "A1:C28"
