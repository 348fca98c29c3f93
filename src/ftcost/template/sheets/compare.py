"""The Compare providers tab: every model's fine-tuned route for the workload, ranked, with a
working block of one row per Providers row and a bar chart."""

from __future__ import annotations

from ...lifecycle import availability
from ...model import HOURS_PER_MONTH
from ..book import Book
from ..formulas import idx, iso, q, rate_in, rate_out, trainable, why_not
from ..layout import (
    CAPACITY,
    CMP,
    CMP_FIRST,
    CMP_HEADER,
    CMP_LAST,
    DAYS_PER_MONTH,
    FMT_INT,
    FMT_MONTHS,
    FMT_PRICE,
    FMT_TEXT,
    FMT_TOKENS,
    FMT_USD,
    REQUIRED_PRICES,
    col_letter,
)

PRINT_SPARE_ROWS = 5
RANK_COLUMNS = (
    ("Rank", 6, FMT_INT),
    ("Model", 18, FMT_TEXT),
    ("Provider", 11, FMT_TEXT),
    ("Status", 11, FMT_TEXT),
    ("Training $", 12, FMT_USD),
    ("FT $/1M", 10, FMT_PRICE),
    ("Monthly $", 13, FMT_USD),
    ("Total $ (horizon)", 14, FMT_USD),
    ("Saving $/month", 13, FMT_USD),
    ("Break-even (months)", 12, FMT_MONTHS),
    ("Net saving $", 13, FMT_USD),
    ("Note", 44, FMT_TEXT),
)


def _state(k: str) -> str:
    """Formula: what the Providers row ``k`` (not trainable) is on as_of: retired or closed."""
    ret = idx("retires", k)
    return f'IF(AND(ISNUMBER({ret}),as_of>={ret}),"retired","closed")'


def build(b: Book) -> None:
    from openpyxl.chart import BarChart, Reference

    ws = b.wb[CMP]
    b.title(
        ws,
        "Compare providers — every model's fine-tuned route for your workload, cheapest first",
        "Workload and training plan: the Break-even tab. Total = trainings × training + months × "
        "monthly cost; savings and break-even are against the base model. Ties are broken by "
        "model id.",
    )
    r0 = CMP_FIRST
    b.formula(
        ws["A3"],
        '=IF(x_rank_ok,"Ranked "&x_n_ranked&" models for "&FIXED(x_tokens,0)&'
        '" input tokens a month over "&months&" months, against "&base_model&".",'
        'IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,'
        '"Enter monthly tokens on the Break-even tab to rank the models.")))',
    )
    ws["A3"].font = b.font_bold
    for j, (head, width, _fmt) in enumerate(RANK_COLUMNS, 1):
        c = ws.cell(row=CMP_HEADER, column=j, value=head)
        c.font = b.font_header
        c.fill = b.fill_header
        c.alignment = b.wrap
        ws.column_dimensions[col_letter(j)].width = width
    ws.row_dimensions[CMP_HEADER].height = 30

    # -- working block: one row per Providers row, in Providers order (columns P onwards)
    k_col = 16
    cols = [
        ("c_k", "#", None),
        ("c_id", "Model id", "INDEX(P_id,{k})&\"\""),
        # lifecycle on the as-of date: only trainable models are ranked (engine `rank`)
        ("c_trainable", "Trainable", "AND({c_id}<>\"\"," + trainable("{k}") + ")"),
        ("c_valid", "Ranked?", "AND(x_rank_ok,{c_trainable}," + ",".join(
            f"ISNUMBER({idx(f, '{k}')})" for f in REQUIRED_PRICES) + ")"),
        ("c_serve", "Months until it retires", "IF(AND({c_valid},ISNUMBER(" + idx("retires", "{k}") + ")),(" + idx("retires", "{k}") + f"-as_of)/{DAYS_PER_MONTH:g},\"\")"),
        ("c_until", "Months training stays open", "IF(AND({c_valid},ISNUMBER(" + idx("training_until", "{k}") + ")),(" + idx("training_until", "{k}") + f"-as_of)/{DAYS_PER_MONTH:g},\"\")"),
        ("c_eff0", "Months it can serve", "IF({c_valid},IF(ISNUMBER({c_serve}),MIN(months,{c_serve}),months),\"\")"),
        ("c_cut", "Retraining cut", "IF(AND({c_valid},ISNUMBER(retrain_every),ISNUMBER({c_until})),CEILING({c_eff0}/retrain_every,1)>INT({c_until}/retrain_every)+1,FALSE)"),
        ("c_eff", "Months it serves", "IF({c_valid},IF({c_cut},MIN({c_eff0},(INT({c_until}/retrain_every)+1)*retrain_every),{c_eff0}),\"\")"),
        ("c_trn", "Trainings", "IF({c_valid},IF(ISNUMBER(retrain_every),IF({c_cut},INT({c_until}/retrain_every)+1,CEILING({c_eff0}/retrain_every,1)),1),\"\")"),
        ("c_provider", "Provider", "INDEX(P_provider,{k})&\"\""),
        ("c_status", "Status", "INDEX(P_status,{k})&\"\""),
        ("c_open", "Open weights", "OR(INDEX(P_open_weights,{k})=TRUE,LOWER(INDEX(P_open_weights,{k})&\"\")=\"yes\",LOWER(INDEX(P_open_weights,{k})&\"\")=\"true\")"),
        ("c_needs", "Needs hours", "AND({c_valid}," + idx("training_per_hour", "{k}") + ">0," + idx("training", "{k}") + "=0," + idx("min_training_charge", "{k}") + "=0,NOT(ISNUMBER(training_hours)))"),
        ("c_train", "Training $", "IF(AND({c_valid},NOT({c_needs})),runs*IF(OR(x_billed>0,x_hours>0),MAX(" + idx("min_training_charge", "{k}") + ",x_billed*" + idx("training", "{k}") + "/1000000)+x_hours*" + idx("training_per_hour", "{k}") + ",0),\"\")"),
        ("c_ftpm", "FT $/1M", "IF({c_valid},(" + rate_in("ft", "{k}") + ")+output_ratio*(" + rate_out("ft", "{k}") + ")+fallback_share*x_base_pm,\"\")"),
        ("c_fixed", "Fixed $/month", "IF({c_valid}," + idx("hosting_per_hour", "{k}") + f"*{HOURS_PER_MONTH:g}+" + idx("storage_per_month", "{k}") + ",\"\")"),
        ("c_monthly", "Monthly $", "IF({c_valid},x_tokens*{c_ftpm}/1000000+{c_fixed},\"\")"),
        ("c_tco", "Total $", "IF(ISNUMBER({c_train}),{c_trn}*{c_train}+{c_eff}*{c_monthly}+(months-{c_eff})*x_monthly_base,\"\")"),
        ("c_saving", "Saving $/month", "IF({c_valid},x_monthly_base-{c_monthly},\"\")"),
        ("c_be", "Break-even months", "IF(ISNUMBER({c_train}),IF({c_saving}>0,{c_train}/{c_saving},\"\"),\"\")"),
        ("c_net", "Net saving $", "IF(ISNUMBER({c_tco}),x_tco_base-{c_tco},\"\")"),
        ("c_pos", "Position", "IF({c_valid},IF(ISNUMBER({c_tco}),1+SUMPRODUCT(ISNUMBER(c_tco)*((c_tco<{c_tco})+(c_tco={c_tco})*((c_id<{c_id})+(c_id={c_id})*(c_k<{k})))),COUNT(c_tco)+1+SUMPRODUCT(c_valid*(1-ISNUMBER(c_tco))*((c_id<{c_id})+(c_id={c_id})*(c_k<{k})))),\"\")"),
        ("c_isbase", "Is base", "AND({c_valid},{c_id}=base_model)"),
        ("c_pool", "Pool", "AND(ISNUMBER({c_tco}),{c_status}<>\"deprecated\")"),
        ("c_pool_cost0", "Pool (cost, any prices)", "AND({c_pool},OR(NOT({c_isbase}),x_pool_only_base))"),
        ("c_pool_self0", "Pool (self-hosting, any prices)", "AND({c_pool},{c_open},OR(NOT({c_isbase}),x_self_only_base))"),
        # decide weighs first-hand prices, or all when none is (engine `_weighable`)
        ("c_pool_cost", "Pool (cost)", "AND({c_pool_cost0},OR(NOT(x_cost_ver),{c_status}<>\"unverified\"))"),
        ("c_pool_self", "Pool (self-hosting)", "AND({c_pool_self0},OR(NOT(x_self_ver),{c_status}<>\"unverified\"))"),
        ("c_ftpm_if", "FT $/1M (pool)", "IF({c_pool_cost},{c_ftpm},\"\")"),
        ("c_tco_if", "Total (cheapest $/1M)", "IF({c_pool_cost},IF({c_ftpm}=x_min_ftpm,{c_tco},\"\"),\"\")"),
        ("c_pos_inf", "Pos (inference)", "IF({c_pool_cost},IF(AND({c_ftpm}=x_min_ftpm,{c_tco}=x_min_tco_if),{c_pos},\"\"),\"\")"),
        ("c_pos_cost", "Pos (cost)", "IF({c_pool_cost},{c_pos},\"\")"),
        ("c_pos_self", "Pos (self-hosting)", "IF({c_pool_self},{c_pos},\"\")"),
        ("c_before", "Pays back before it retires", "IF(ISNUMBER({c_be}),OR(NOT(ISNUMBER({c_serve})),{c_be}<={c_serve}),FALSE)"),
        ("c_unav", "Not trainable: #", "IF(AND({c_id}<>\"\",NOT({c_trainable})),1+SUMPRODUCT((c_k<{k})*(c_id<>\"\")*(c_trainable=FALSE)),\"\")"),
        ("c_why", "…why", "IF(ISNUMBER({c_unav})," + why_not("{k}", "{c_id}") + ",\"\")"),
        # the fine-tune options the grade weighs (engine `_fine_tunes`: unverified left out)
        ("c_gtco", "Total (grade)", "IF(AND(ISNUMBER({c_tco}),{c_status}<>\"unverified\"),{c_tco},\"\")"),
        ("c_grank", "Tie rank (grade)", "IF(ISNUMBER({c_gtco}),SUMPRODUCT(ISNUMBER(c_gtco)*(c_gtco={c_gtco})*(c_id<{c_id})),\"\")"),
        ("c_be_tokens", "Break-even tokens", "IF(ISNUMBER({c_train}),IF(x_base_pm-{c_ftpm}<=0,\"\",IF({c_fixed}=0,{c_train}/(x_base_pm-{c_ftpm})*1000000,IF({c_saving}>0,{c_be}*x_tokens,\"\"))),\"\")"),
    ]  # fmt: skip
    letters = {name: col_letter(k_col + j) for j, (name, _h, _f) in enumerate(cols)}
    fmts = {"c_train": FMT_USD, "c_ftpm": FMT_PRICE, "c_fixed": FMT_USD, "c_monthly": FMT_USD,
            "c_tco": FMT_USD, "c_saving": FMT_USD, "c_be": FMT_MONTHS, "c_net": FMT_USD,
            "c_be_tokens": FMT_TOKENS}  # fmt: skip
    ws.cell(
        row=CMP_HEADER - 1,
        column=k_col,
        value="Working: one row per Providers row (formulas; don't edit)",
    ).font = b.font_h
    for j, (name, head, formula) in enumerate(cols):
        col = letters[name]
        hc = ws.cell(row=CMP_HEADER, column=k_col + j, value=head)
        hc.font = b.font_work
        hc.alignment = b.wrap
        ws.column_dimensions[col].width = 11
        rng = f"{q(CMP)}!${col}${r0}:${col}${CMP_LAST}"
        b.define(name, rng)
        for n in range(CAPACITY):
            r = r0 + n
            c = ws[f"{col}{r}"]
            if formula is None:
                c.value = n + 1
            else:
                refs = {nm: f"{letters[nm]}{r}" for nm in letters}
                refs["k"] = f"{letters['c_k']}{r}"
                b.formula(c, "=" + formula.format(**refs))
            c.font = b.font_work
            if name in fmts:
                c.number_format = fmts[name]
    # globals of the working block
    glob = [
        ("x_pool_only_base", "Only the base model is in the pool", "SUMPRODUCT(c_pool*(1-c_isbase))=0"),
        ("x_self_only_base", "Only the base model has open weights", "SUMPRODUCT(c_pool*c_open*(1-c_isbase))=0"),
        ("x_cost_ver", "First-hand prices in the pool", 'SUMPRODUCT(c_pool_cost0*(c_status<>"unverified"))>0'),
        ("x_self_ver", "…with open weights", 'SUMPRODUCT(c_pool_self0*(c_status<>"unverified"))>0'),
        ("x_min_ftpm", "Lowest FT $/1M in the pool", "IF(COUNT(c_ftpm_if)>0,MIN(c_ftpm_if),\"\")"),
        ("x_min_tco_if", "…its lowest total", "IF(COUNT(c_tco_if)>0,MIN(c_tco_if),\"\")"),
        ("x_n_ranked", "Models ranked", "COUNT(c_pos)"),
        ("x_ft_gmin", "Cheapest fine-tune the grade weighs (horizon)", 'IF(COUNT(c_gtco)>0,MIN(c_gtco),"")'),
        ("x_ft_gid", "…its model", 'IF(ISNUMBER(x_ft_gmin),INDEX(c_id,SUMPRODUCT(ISNUMBER(c_gtco)*(c_gtco=x_ft_gmin)*(c_grank=0)*c_k)),"")'),
    ]  # fmt: skip
    for k, (name, label, formula) in enumerate(glob):
        b.work_cell(ws, 4 + k, name, label, formula, col="P")
    ws.column_dimensions["P"].width = 30
    # -- the ranked table
    widths = [w for _h, w, _f in RANK_COLUMNS]
    keys = ("c_id", "c_provider", "c_status", "c_train", "c_ftpm", "c_monthly", "c_tco", "c_saving")
    for n in range(CAPACITY):
        r = r0 + n
        b.formula(ws[f"M{r}"], f'=IFERROR(MATCH({n + 1},c_pos,0),"")')
        # after the ranked rows, one blank, a heading, then the models not trainable on as_of
        b.formula(
            ws[f"O{r}"],
            f'=IF({n + 1}>x_n_ranked+2,IFERROR(MATCH({n + 1}-x_n_ranked-2,c_unav,0),""),"")',
        )
        b.formula(ws[f"A{r}"], f'=IF(M{r}="","",{n + 1})')
        for j, name in enumerate(keys):
            apart = ""
            if name in ("c_id", "c_provider"):
                apart = f'IF($O{r}<>"",INDEX({name},$O{r}),'
                if name == "c_id":
                    apart += (
                        f'IF(AND({n + 1}=x_n_ranked+2,COUNT(c_unav)>0),"Not trainable on "&'
                        f'{iso("as_of")}&" (not ranked):",""))'
                    )
                else:
                    apart += '"")'
            elif name == "c_status":
                apart = f'IF($O{r}<>"",{_state(f"$O{r}")},"")'
            else:
                apart = '""'
            b.formula(ws.cell(row=r, column=2 + j), f'=IF($M{r}="",{apart},INDEX({name},$M{r}))')
        b.formula(
            ws[f"J{r}"],
            f'=IF($M{r}="","",IF(ISNUMBER(INDEX(c_train,$M{r})),IF(ISNUMBER(INDEX(c_be,$M{r})),'
            f'INDEX(c_be,$M{r}),"No break-even"),""))',
        )
        b.formula(ws[f"K{r}"], f'=IF($M{r}="","",INDEX(c_net,$M{r}))')
        b.formula(
            ws[f"L{r}"],
            f'=IF($M{r}="",IF($O{r}<>"",INDEX(c_why,$O{r}),""),IF(NOT(ISNUMBER(INDEX(c_tco,$M{r}))),"billed $"&'
            f'{idx("training_per_hour", f"$M{r}")}&"/training hour: give training hours",'
            f'IF(INDEX(c_status,$M{r})<>"active",INDEX(c_status,$M{r}),"")))',
        )
        b.formula(ws[f"N{r}"], f"=IF(ISNUMBER(H{r}),H{r},NA())")
        for j, (_h, _w, fmt) in enumerate(RANK_COLUMNS, 1):
            ws.cell(row=r, column=j).number_format = fmt
        ws[f"M{r}"].font = ws[f"N{r}"].font = b.font_work
    ws["O" + str(CMP_HEADER)] = "Apart"
    ws["O" + str(CMP_HEADER)].font = b.font_work
    ws["M" + str(CMP_HEADER)] = "Row"
    ws["N" + str(CMP_HEADER)] = "Chart"
    ws["M" + str(CMP_HEADER)].font = ws["N" + str(CMP_HEADER)].font = b.font_work
    ws.column_dimensions["M"].width = 5
    ws.column_dimensions["N"].width = 10
    ws.column_dimensions["O"].width = 5
    del widths
    # -- bar chart: total cost over the horizon, cheapest at the top
    shown = min(max(sum(availability(m, b.as_of).trainable for m in b.ps.models), 5), 30)
    ch = BarChart()
    ch.type = "bar"
    ch.style = 2
    ch.title = f"Total cost of the fine-tuned route over the horizon (cheapest {shown})"
    ch.y_axis.title = "Total $ over the horizon"
    ch.y_axis.numFmt = '"$"#,##0'
    ch.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.legend = None
    data = Reference(ws, min_col=14, min_row=r0, max_row=r0 + shown - 1)
    cats = Reference(ws, min_col=2, min_row=r0, max_row=r0 + shown - 1)
    ch.add_data(data, titles_from_data=False)
    ch.set_categories(cats)
    ch.series[0].graphicalProperties.solidFill = "2F5597"
    ch.width = 24
    ch.height = 10.5
    ws.add_chart(ch, "A5")
    # the ranked rows the price data fills, and a few for models a user adds: no page of blanks
    ws.print_area = f"A1:L{CMP_FIRST + len(b.ps.models) + 1 + PRINT_SPARE_ROWS}"
    ws.print_title_rows = f"{CMP_HEADER}:{CMP_HEADER}"
