"""The Break-even tab: the scenario's inputs, the working lookups, the named results, the
month-by-month table and the crossover chart."""

from __future__ import annotations

from ...model import HOURS_PER_MONTH
from ..book import Book
from ..formulas import (
    DASH,
    NOMONTH,
    base_pm_of,
    first_failing,
    idx,
    iso,
    lit,
    model_msg,
    num_msg,
    num_ok,
    price_txt,
    rate_in,
    rate_out,
    trainable,
    why_not,
)
from ..layout import (
    BE,
    BE_FIRST,
    BE_NOTE,
    DAYS_PER_MONTH,
    FMT_USD,
    INPUT,
    INPUTS,
    RESULTS,
    SCHED_FIRST,
    SCHED_HEADER,
    SCHED_LAST,
    SCHEDULE_ROWS,
    C,
)

# the base model's prices (`base_get`): its Providers row's, else its Current models row's
BASE_PRICES = ("base_input", "base_cached_input", "base_output", "base_batch_input",
               "base_batch_output")  # fmt: skip


def base_get(field: str) -> str:
    """The working cell holding the base model's ``field`` (a number, or "" when blank)."""
    return "x_b_" + field


def _num(x: str) -> str:
    # INDEX of a blank cell is 0 in Excel: keep it blank, so optional prices fall back
    return f'IF(ISNUMBER({x}),{x},"")'


BASE_MSG = (
    'IF(AND(x_b_row=0,x_b_crow=0),"Base model "&IF(base_model="","is blank","\'"&base_model&'
    '"\' is not in the Providers or Current models table")&": pick one from the list",'
    'IF(AND(ISNUMBER(x_b_base_input),ISNUMBER(x_b_base_output)),"OK","Base model "&base_model&'
    '" lacks a price on the "&IF(x_b_row>0,"Providers","Current models")&'
    '" tab (base input/base output)"))'
)


def build(b: Book) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    ws = b.wb[BE]
    b.title(
        ws,
        "Break-even — keep paying for the base model, or fine-tune a cheaper one?",
        "Fill in the yellow cells (model names from the lists). Prices come from the Providers tab; "
        "every figure is a plain formula. Per-1M figures are per 1M task input tokens, with output, "
        "prompt overhead and fallback folded in.",
    )
    ws["A3"] = "Check"
    ws["A3"].font = b.font_bold
    b.widths(
        ws,
        {"A": 31, "B": 15, "C": 50, "D": 2, "E": 32, "F": 17, "G": 2, "H": 8, "I": 15, "J": 15,
         "K": 15, "L": 3, "M": 24, "N": 14, "O": 2, "P": 6, "Q": 10, "R": 10, "S": 8, "T": 10},
    )  # fmt: skip
    b.section(ws, f"A{BE_FIRST - 1}", "Inputs", 3)
    b.section(ws, f"E{BE_FIRST - 1}", "Results", 2)
    for k, i in enumerate(INPUTS):
        b.input_cell(ws, BE_FIRST + k, i)
    spend_row = BE_FIRST + [i.name for i in INPUTS].index("monthly_spend")
    b.formula(
        ws[f"C{spend_row}"],
        '=IF(AND(ISNUMBER(monthly_spend),NOT(ISNUMBER(monthly_tokens)),ISNUMBER(x_tokens)),"$"&'
        'FIXED(monthly_spend,2)&"/month on "&base_model&" = "&FIXED(x_tokens,0)&" input tokens/month '
        f'at "&{price_txt("x_base_pm")}&"/1M",{lit(INPUT["monthly_spend"].help)})',
    )
    ws[f"C{spend_row}"].font = b.font_help
    b.name("spend_note", BE, f"C{spend_row}")

    # -- working cells (columns M:N): lookups and checks the results share
    b.section(ws, f"M{BE_FIRST - 1}", "Working (formulas; don't edit)", 2)
    work: list[tuple[str, str, str]] = []
    numeric = [i for i in INPUTS if i.kind != "model"]
    work += [
        # the base model: its Providers row, else its Current models row (ftcost's catalog
        # wins, as `basemodels.resolve`); its prices from whichever has it
        ("x_b_row", "Base model's Providers row", "IFERROR(MATCH(base_model,P_id,0),0)"),
        ("x_b_crow", "…else its Current models row", "IF(x_b_row>0,0,IFERROR(MATCH(base_model,CM_id,0),0))"),
        *((base_get(f), f"Base {f.removeprefix('base_').replace('_', ' ')} $/1M",
           f'IF(x_b_row>0,{_num(idx(f, "x_b_row"))},IF(x_b_crow>0,{_num(f"INDEX({C(f)},x_b_crow)")},""))')
          for f in BASE_PRICES),
        ("x_f_row", "Fine-tuned model's row", "IFERROR(MATCH(ft_model,P_id,0),0)"),
        (
            "x_inputs_msg",
            "Numeric inputs",
            first_failing(
                [(num_ok(i.name, i.kind, i.low, i.high), lit(num_msg(i))) for i in numeric]
                + [("NOT(AND(ISNUMBER(monthly_tokens),ISNUMBER(monthly_spend)))",
                    lit("Monthly input tokens and Monthly spend: give one of them, not both")),
                   ("OR(NOT(ISNUMBER(monthly_spend)),monthly_spend>0)",
                    lit("Monthly spend (USD), instead of tokens: enter an amount > 0, or leave it blank"))]
            ),
        ),
        ("x_base_msg", "Base model", BASE_MSG),
        (
            "x_ft_msg",
            "Fine-tuned model",
            "IF({m}<>\"OK\",{m},IF(AND({h}>0,{t}=0,{mc}=0,NOT(ISNUMBER(training_hours))),"
            "ft_model&\" is billed $\"&{h}&\" per training hour: enter training hours\",\"OK\"))".format(
                m=model_msg("ft_model", "Model to fine-tune", "x_f_row", ("ft_input", "ft_output", "training")),
                h=idx("training_per_hour", "x_f_row"),
                t=idx("training", "x_f_row"),
                mc=idx("min_training_charge", "x_f_row"),
            ),
        ),
        ("x_ok", "All inputs OK", 'input_check="OK"'),
        # the monthly volume: typed, or derived from the monthly spend at the base route's price
        ("x_tokens", "Monthly tokens used", 'IF(ISNUMBER(monthly_tokens),monthly_tokens,IF(AND(ISNUMBER(monthly_spend),x_base_ok),monthly_spend/x_base_pm*1000000,""))'),
        ("x_base_ok", "Base side OK", 'AND(x_inputs_msg="OK",x_base_msg="OK")'),
        ("x_rank_ok", "Ranking possible", "AND(x_base_ok,ISNUMBER(x_tokens))"),
        ("x_sched_ok", "Monthly figures possible", "AND(x_ok,ISNUMBER(x_tokens))"),
        ("x_billed", "Billed tokens per run", 'IF(x_inputs_msg="OK",training_tokens*epochs+validation_tokens,"")'),
        ("x_hours", "Training hours used", "IF(ISNUMBER(training_hours),training_hours,0)"),
        # lifecycle on the as-of date (`ftcost.lifecycle`, `engine.kernels.k_service`)
        ("x_f_trainable", "Trainable on the as-of date", f"IF(x_ok,{trainable('x_f_row')},FALSE)"),
        ("x_f_why", "…if not, why", f'IF(AND(x_ok,NOT(x_f_trainable)),{why_not("x_f_row", "ft_model")},"")'),
        ("x_f_serve", "Months until it retires", f'IF(AND(x_ok,ISNUMBER({idx("retires", "x_f_row")})),({idx("retires", "x_f_row")}-as_of)/{DAYS_PER_MONTH:g},"")'),
        ("x_f_until", "Months training stays open", f'IF(AND(x_ok,ISNUMBER({idx("training_until", "x_f_row")})),({idx("training_until", "x_f_row")}-as_of)/{DAYS_PER_MONTH:g},"")'),
        ("x_eff0", "Months it can serve", 'IF(x_inputs_msg="OK",IF(ISNUMBER(x_f_serve),MIN(months,x_f_serve),months),"")'),
        ("x_cut", "Retraining cut by the training window", 'IF(AND(x_inputs_msg="OK",ISNUMBER(retrain_every),ISNUMBER(x_f_until)),CEILING(x_eff0/retrain_every,1)>INT(x_f_until/retrain_every)+1,FALSE)'),
        ("x_eff", "Months the fine-tune serves", 'IF(x_inputs_msg="OK",IF(NOT(x_f_trainable),0,IF(x_cut,MIN(x_eff0,(INT(x_f_until/retrain_every)+1)*retrain_every),x_eff0)),"")'),
        ("x_trainings", "Trainings", 'IF(x_inputs_msg="OK",IF(NOT(x_f_trainable),0,IF(ISNUMBER(retrain_every),IF(x_cut,INT(x_f_until/retrain_every)+1,CEILING(x_eff0/retrain_every,1)),1)),"")'),
        ("x_base_pm", "Base route $/1M", f'IF(x_base_ok,{base_pm_of(base_get)},"")'),
        ("x_monthly_base", "Base route $/month", 'IF(x_rank_ok,x_tokens*x_base_pm/1000000,"")'),
        ("x_tco_base", "Base route over horizon", 'IF(x_rank_ok,months*x_monthly_base,"")'),
        ("x_train", "Training $/1M", f'IF(x_ok,{idx("training", "x_f_row")},"")'),
        ("x_min", "Min charge $/job", f'IF(x_ok,{idx("min_training_charge", "x_f_row")},"")'),
        ("x_hourly", "Training $/hour", f'IF(x_ok,{idx("training_per_hour", "x_f_row")},"")'),
        ("x_fixed", "Hosting + storage $/month", f'IF(x_ok,{idx("hosting_per_hour", "x_f_row")}*{HOURS_PER_MONTH:g}+{idx("storage_per_month", "x_f_row")},"")'),
        ("x_ft_in", "FT input $/1M (effective)", f'IF(x_ok,{rate_in("ft", "x_f_row")},"")'),
        ("x_ft_out", "FT output $/1M (effective)", f'IF(x_ok,{rate_out("ft", "x_f_row")},"")'),
        ("x_step", "Months per schedule row", f'IFERROR(CEILING(months/{SCHEDULE_ROWS - 1},1),1)'),
    ]  # fmt: skip
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, BE_FIRST + k, name, label, formula)
    ws.merge_cells("B3:F3")
    b.result_cell(
        ws,
        "B3",
        "input_check",
        'IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,x_ft_msg))',
        "General",
    )
    ws["B3"].alignment = b.wrap
    ws.row_dimensions[3].height = 18
    ws.conditional_formatting.add(
        "B3",
        FormulaRule(
            formula=['$B$3<>"OK"'],
            fill=PatternFill("solid", fgColor="F8CBAD"),
            font=Font(bold=True, color="9C0006"),
        ),
    )

    g = f"IF(x_ok,{NOMONTH},{DASH})"
    untrained = lit("not trainable")  # no fine-tune can be made on the as-of date: no figure
    formulas = {
        "training_cost": f"IF(x_ok,runs*IF(OR(x_billed>0,x_hours>0),MAX(x_min,x_billed*x_train/1000000)+x_hours*x_hourly,0),{DASH})",
        "base_per_million": f"IF(x_ok,x_base_pm,{DASH})",
        "ft_per_million": f"IF(x_ok,x_ft_in+output_ratio*x_ft_out+fallback_share*x_base_pm,{DASH})",
        "savings_per_million": f"IF(x_ok,base_per_million-ft_per_million,{DASH})",
        "fixed_monthly": f"IF(x_ok,x_fixed,{DASH})",
        "monthly_base_cost": f"IF(x_sched_ok,x_monthly_base,{g})",
        "monthly_ft_cost": f"IF(x_sched_ok,x_tokens*ft_per_million/1000000+fixed_monthly,{g})",
        "monthly_savings": f"IF(x_sched_ok,monthly_base_cost-monthly_ft_cost,{g})",
        "annual_savings": f"IF(x_sched_ok,IF(x_f_trainable,12*monthly_savings,{untrained}),{g})",
        "breakeven_tokens": (
            f'IF(x_ok,IF(OR(NOT(x_f_trainable),savings_per_million<=0),"No break-even",IF(fixed_monthly=0,'
            f"training_cost/savings_per_million*1000000,IF(NOT(ISNUMBER(x_tokens)),"
            f'"Depends on monthly volume",IF(monthly_savings>0,breakeven_months*x_tokens,'
            f'"No break-even")))),{DASH})'
        ),
        "breakeven_months": f'IF(x_sched_ok,IF(AND(x_f_trainable,monthly_savings>0),training_cost/monthly_savings,"No break-even"),{g})',
        "trainings": f"IF(x_ok,x_trainings,{DASH})",
        "tco_base": f"IF(x_sched_ok,x_tco_base,{g})",
        # after retirement the fine-tuned route is back on the base model (k_cumulative)
        "tco_ft": f"IF(x_sched_ok,IF(x_f_trainable,trainings*training_cost+x_eff*monthly_ft_cost+(months-x_eff)*monthly_base_cost,{untrained}),{g})",
        "net_savings": f"IF(x_sched_ok,IF(x_f_trainable,tco_base-tco_ft,{untrained}),{g})",
    }
    key = {
        "training_cost",
        "monthly_savings",
        "breakeven_tokens",
        "breakeven_months",
        "net_savings",
    }
    for k, (name, label, fmt) in enumerate(RESULTS):
        row = BE_FIRST + k
        ws[f"E{row}"] = label
        if name in key:
            ws[f"E{row}"].font = b.font_bold
        b.result_cell(ws, f"F{row}", name, formulas[name], fmt, key=name in key)

    note_row = BE_NOTE
    b.section(ws, f"A{note_row}", "What it means", 6)
    ws.merge_cells(f"A{note_row + 1}:F{note_row + 2}")
    ws.row_dimensions[note_row + 1].height = 22
    ws.row_dimensions[note_row + 2].height = 22
    b.result_cell(
        ws,
        f"A{note_row + 1}",
        "breakeven_note",
        "IF(NOT(x_ok),input_check,"
        'IF(NOT(x_f_trainable),"No break-even: "&x_f_why&"; no fine-tuning job can start on "&'
        f'{iso("as_of")}&".",'
        'IF(savings_per_million<=0,"No break-even: fine-tuned "&ft_model&" costs "&'
        f'{price_txt("ft_per_million")}&" per 1M tokens against "&{price_txt("base_per_million")}'
        '&" on "&base_model&", so training is never paid back.",'
        "IF(NOT(ISNUMBER(x_tokens)),IF(fixed_monthly>0,"
        '"Break-even depends on monthly volume: "&ft_model&" has fixed costs of "&'
        f'"$"&FIXED(fixed_monthly,2)&"/month; enter monthly tokens.",'
        f'"Training pays back after "&FIXED(breakeven_tokens,0)&" tokens; enter monthly '
        'tokens for months and net savings."),'
        'IF(monthly_savings<=0,"No break-even at "&FIXED(x_tokens,0)&'
        f'" tokens/month: hosting and storage ("&"$"&FIXED(fixed_monthly,2)&'
        '"/month) exceed the per-token saving ("&"$"&FIXED(x_tokens*savings_per_million/1000000,'
        '2)&"/month).",'
        'IF(AND(ISNUMBER(x_f_serve),breakeven_months>x_f_serve),"No pay-back: training ("&'
        f'"$"&FIXED(training_cost,2)&") would pay back after "&FIXED(breakeven_months,2)&'
        f'" months, but "&ft_model&" retires on "&{iso(idx("retires", "x_f_row"))}&", "&'
        'FIXED(x_f_serve,2)&" months after "&' + iso("as_of") + '&": training is never paid back.",'
        '"Training ("&"$"&FIXED(training_cost,2)&") pays back after "&FIXED(breakeven_tokens,0)'
        '&" tokens, "&FIXED(breakeven_months,2)&" months. Over "&months&'
        '" months fine-tuning "&IF(net_savings>=0,"saves ","costs ")&"$"&FIXED(ABS(net_savings),'
        '2)&IF(trainings>1," ("&trainings&" trainings)","")&'
        'IF(x_eff<months,"; the fine-tune serves "&FIXED(x_eff,2)&" of the "&months&'
        '" months (retirement or the training window), then the base route","")&"."))))))',
        "General",
    )
    ws[f"A{note_row + 1}"].alignment = b.wrap
    ws[f"A{note_row + 1}"].font = b.font_bold
    ws[f"A{note_row + 1}"].alignment = b.wrap

    # -- month-by-month cumulative costs (H:K) and the chart's series (P:T, #N/A past the horizon)
    b.section(ws, f"H{BE_FIRST - 1}", "Month by month (cumulative)", 4)
    heads = ("Month", "Base route", "Fine-tuned route", "Saving so far")
    for j, h in enumerate(heads):
        c = ws.cell(row=SCHED_HEADER, column=8 + j, value=h)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
    ws.row_dimensions[SCHED_HEADER].height = 30
    for j, h in enumerate(("x", "Base", "Fine-tuned")):
        ws.cell(row=SCHED_HEADER, column=16 + j, value=h).font = b.font_work
    ws.cell(row=SCHED_HEADER - 1, column=16, value="Chart data").font = b.font_work
    for n in range(SCHEDULE_ROWS):
        r = SCHED_FIRST + n
        month = (
            f'=IF(x_sched_ok,IF({n}*x_step<=months,{n}*x_step,IF({n - 1}*x_step<months,months,"")),"")'
            if n
            else '=IF(x_sched_ok,0,"")'
        )
        b.formula(ws[f"H{r}"], month)
        b.formula(ws[f"I{r}"], f'=IF(ISNUMBER(H{r}),H{r}*monthly_base_cost,"")')
        b.formula(
            ws[f"J{r}"],
            f"=IF(ISNUMBER(H{r}),MIN(IF(ISNUMBER(retrain_every),INT(H{r}/retrain_every)+1,1),x_trainings)"
            f"*training_cost+MIN(H{r},x_eff)*monthly_ft_cost+(H{r}-MIN(H{r},x_eff))*monthly_base_cost"
            ',"")',
        )
        b.formula(ws[f"K{r}"], f'=IF(ISNUMBER(H{r}),I{r}-J{r},"")')
        ws[f"H{r}"].number_format = "0"
        for col in "IJK":
            ws[f"{col}{r}"].number_format = FMT_USD
        for col, src in (("P", "H"), ("Q", "I"), ("R", "J")):
            b.formula(ws[f"{col}{r}"], f"=IF(ISNUMBER({src}{r}),{src}{r},NA())")
            ws[f"{col}{r}"].font = b.font_work
    # the crossover: a vertical line at the break-even month, when it falls inside the horizon
    ws["S5"] = "Break-even line"
    ws["S5"].font = b.font_work
    for r, y in ((SCHED_FIRST, "0"), (SCHED_FIRST + 1, f"MAX(I{SCHED_FIRST}:J{SCHED_LAST})")):
        b.formula(
            ws[f"S{r}"],
            "=IF(ISNUMBER(breakeven_months),IF(breakeven_months<=months,breakeven_months,NA()),NA())",
        )
        b.formula(ws[f"T{r}"], f"=IF(ISNUMBER(S{r}),{y},NA())")
        ws[f"S{r}"].font = ws[f"T{r}"].font = b.font_work
    _breakeven_chart(b, ws, f"A{note_row + 4}")
    ws.freeze_panes = "A5"
    ws.print_area = f"A1:K{note_row + 25}"  # one page: the schedule to month 40 or so
    ws.print_title_rows = "1:3"


def _breakeven_chart(b: Book, ws, anchor: str) -> None:
    from openpyxl.chart import Reference, ScatterChart, Series

    ch = ScatterChart()
    ch.title = "Cumulative cost: base route vs fine-tuned route"
    ch.style = 2
    ch.scatterStyle = "line"
    ch.x_axis.title = "Month"
    ch.y_axis.title = "Cumulative cost ($)"
    ch.y_axis.numFmt = '"$"#,##0'
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.legend.position = "b"
    x = Reference(ws, min_col=16, min_row=SCHED_FIRST, max_row=SCHED_LAST)
    colours = {"Base": "C00000", "Fine-tuned": "2F5597", "Break-even": "7F7F7F"}
    for col, title in ((17, "Base route"), (18, "Fine-tuned route")):
        y = Reference(ws, min_col=col, min_row=SCHED_FIRST, max_row=SCHED_LAST)
        s = Series(y, x, title=title)
        s.marker.symbol = "none"
        s.smooth = False
        s.graphicalProperties.line.solidFill = colours["Base" if col == 17 else "Fine-tuned"]
        s.graphicalProperties.line.width = 28575
        ch.series.append(s)
    xs = Reference(ws, min_col=19, min_row=SCHED_FIRST, max_row=SCHED_FIRST + 1)
    ys = Reference(ws, min_col=20, min_row=SCHED_FIRST, max_row=SCHED_FIRST + 1)
    s = Series(ys, xs, title="Break-even")
    s.marker.symbol = "none"
    s.smooth = False
    s.graphicalProperties.line.solidFill = colours["Break-even"]
    s.graphicalProperties.line.dashStyle = "dash"
    ch.series.append(s)
    ch.width = 22
    ch.height = 10
    ws.add_chart(ch, anchor)
