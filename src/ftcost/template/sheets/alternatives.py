"""The Alternatives tab: prompt engineering, RAG and routing for the same workload."""

from __future__ import annotations

from ...engine.grade import GRADE_THRESHOLDS
from ..book import Book
from ..formulas import (
    DASH,
    first_failing,
    idx,
    lit,
    model_msg,
    num_msg,
    num_ok,
    rate_in,
    rate_in_of,
    rate_out,
    rate_out_of,
)
from ..layout import ALT, ALT_INPUTS, FMT_PRICE, FMT_TEXT, FMT_USD
from .breakeven import base_get


def _scale() -> str:
    """The grade's scale in words, from GRADE_THRESHOLDS: "A+ under 5%, …, F from 70%"."""
    parts = [f"{letter} under {upper:.0%}" for letter, upper in GRADE_THRESHOLDS[:-1]]
    return ", ".join(parts) + f", {GRADE_THRESHOLDS[-1][0]} from {GRADE_THRESHOLDS[-2][1]:.0%}"


def _grade(b: Book, ws) -> None:
    """The API Cost Score: engine `grade` (GRADE_KINDS, GRADE_THRESHOLDS) over the options it
    weighs — stay, switch to the cheapest current model (Current models tab), fine-tune the
    model cheapest over the horizon (Compare providers tab, training spread over the horizon),
    route (the cheap model above, the rest on the base model, as `engine.options` routes);
    unverified prices left out. The letter is the share of today's monthly cost the best saves;
    ties go to the option `engine.options` sorts first (stay, switch, fine-tune, route)."""
    letters = "".join(
        f'IF(grade_share<{upper:g},"{letter}",' for letter, upper in GRADE_THRESHOLDS[:-1]
    )
    letters += f'"{GRADE_THRESHOLDS[-1][0]}"' + ")" * (len(GRADE_THRESHOLDS) - 1)
    prem = f"({rate_in_of('base', base_get)})+output_ratio*({rate_out_of('base', base_get)})"
    cheap_ver = f'{idx("status", "x_cheap_row")}&""<>"unverified"'
    work = [
        ("g_stay", "Stay $/month", 'IF(x_rank_ok,x_monthly_base,"")'),
        ("g_route", "Route to the cheap model, rest on the base $/month",
         f'IF(AND(x_rank_ok,x_route_msg="OK",{cheap_ver}),x_tokens*(route_simple_share*x_cheap_pm'
         f'+(1-route_simple_share)*({prem})+route_router_price)/1000000,"")'),
        # horizon costs, rounded as engine `options` sorts them
        ("g_h_stay", "Stay over the horizon", 'IF(ISNUMBER(g_stay),ROUND(g_stay*months,9),"")'),
        ("g_h_switch", "Switch over the horizon", 'IF(AND(ISNUMBER(g_stay),ISNUMBER(x_sw_min)),ROUND(x_sw_min*months,9),"")'),
        ("g_h_ft", "Fine-tune over the horizon", 'IF(AND(ISNUMBER(g_stay),ISNUMBER(x_ft_gmin)),ROUND(x_ft_gmin,9),"")'),
        ("g_h_route", "Route over the horizon", 'IF(AND(ISNUMBER(g_stay),ISNUMBER(g_route)),ROUND(g_route*months,9),"")'),
        ("g_min", "Cheapest over the horizon", 'IF(ISNUMBER(g_stay),MIN(g_h_stay,g_h_switch,g_h_ft,g_h_route),"")'),
        ("g_kind", "Best option", 'IF(NOT(ISNUMBER(g_min)),"",IF(g_h_stay=g_min,"stay",IF(AND(ISNUMBER(g_h_switch),g_h_switch=g_min),"switch",IF(AND(ISNUMBER(g_h_ft),g_h_ft=g_min),"fine-tune","route"))))'),
        ("grade_best", "…its $/month (training spread)", 'IF(g_kind="","",IF(g_kind="stay",g_stay,IF(g_kind="switch",x_sw_min,IF(g_kind="fine-tune",x_ft_gmin/months,g_route))))'),
        ("grade_share", "Share of today's cost it saves", 'IF(ISNUMBER(grade_best),IF(g_stay>0,(g_stay-grade_best)/g_stay,0),"")'),
    ]  # fmt: skip
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, 22 + k, name, label, formula)
    ws["E11"] = "API Cost Score (grade)"
    ws["E11"].font = b.font_bold
    b.result_cell(
        ws, "F11", "grade", f'IF(ISNUMBER(grade_share),{letters},"—")', FMT_TEXT, key=True
    )
    ws.merge_cells("E12:G12")
    b.result_cell(
        ws,
        "E12",
        "grade_note",
        'IF(ISNUMBER(grade_share),"Of staying ("&"$"&FIXED(g_stay,2)&"/month), the best option '
        '— "&grade_option&" — saves "&FIXED(100*MAX(grade_share,0),1)&"% (" & "switching, '
        "fine-tuning and routing weighed, unverified prices left out; " + _scale() + ').","")',
        "General",
    )
    ws["E12"].alignment = b.wrap
    ws["E12"].font = b.font_note
    ws.row_dimensions[12].height = 38
    ws["E13"] = "Best option"
    ws.merge_cells("F13:G13")
    b.result_cell(
        ws,
        "F13",
        "grade_option",
        'IF(g_kind="","—",IF(g_kind="stay","stay on "&base_model,IF(g_kind="switch","switch to "'
        '&x_sw_id,IF(g_kind="fine-tune","fine-tune "&x_ft_gid,"route "&FIXED(100*route_simple_share'
        ',0)&"% to "&route_cheap))))',
        FMT_TEXT,
    )
    ws["E14"] = "Cheapest current model to switch to"
    ws.merge_cells("F14:G14")
    b.result_cell(
        ws,
        "F14",
        "grade_switch",
        'IF(NOT(ISNUMBER(g_stay)),"—",IF(x_sw_id="","none cheaper than "&base_model,'
        'x_sw_id&" ("&"$"&FIXED(x_sw_min,2)&"/month)"))',
        FMT_TEXT,
    )


def build(b: Book) -> None:
    from openpyxl.chart import BarChart, Reference

    ws = b.wb[ALT]
    b.title(
        ws,
        "Alternatives — the same workload without fine-tuning (monthly costs)",
        "Monthly tokens, output ratio, prompt overhead and cached/batch shares come from the "
        "Break-even tab. Each option prices its model's base (not fine-tuned) rates.",
    )
    b.widths(ws, {"A": 38, "B": 15, "C": 44, "D": 2, "E": 40, "F": 15, "G": 15, "M": 26, "N": 14})
    alt = {i.name: i for i in ALT_INPUTS}
    common = (
        'IF(x_inputs_msg<>"OK",x_inputs_msg,IF(ISNUMBER(x_tokens),"OK",'
        '"Enter monthly tokens on the Break-even tab"))'
    )
    work = [
        ("x_alt_common", "Workload", common),
        ("x_pe_row", "Prompt-engineering model row", "IFERROR(MATCH(pe_model,P_id,0),0)"),
        ("x_rag_row", "RAG model row", "IFERROR(MATCH(rag_model,P_id,0),0)"),
        ("x_cheap_row", "Cheap model row", "IFERROR(MATCH(route_cheap,P_id,0),0)"),
        ("x_prem_row", "Premium model row", "IFERROR(MATCH(route_premium,P_id,0),0)"),
        ("x_pe_msg", "Prompt engineering", 'IF(x_alt_common<>"OK",x_alt_common,'
         + model_msg("pe_model", "Model", "x_pe_row", ("base_input", "base_output")) + ")"),
        ("x_rag_msg", "RAG", 'IF(x_alt_common<>"OK",x_alt_common,'
         + first_failing(
             [(f'{model_msg("rag_model", "Generation model", "x_rag_row", ("base_input", "base_output"))}="OK"',
               model_msg("rag_model", "Generation model", "x_rag_row", ("base_input", "base_output")))]
             + [(num_ok(n, "tokens"), lit(num_msg(alt[n])))
                for n in ("rag_requests", "rag_context_tokens", "rag_embedding_price",
                          "rag_search_price", "rag_corpus_tokens")]
             + [("NOT(AND(x_tokens>0,rag_requests=0))",
                 lit("Requests per month: RAG needs the number of requests a month (> 0)"))]
         ) + ")"),
        ("x_route_msg", "Routing", 'IF(x_alt_common<>"OK",x_alt_common,'
         + first_failing(
             [(f'{model_msg(n, lab, row, ("base_input", "base_output"))}="OK"',
               model_msg(n, lab, row, ("base_input", "base_output")))
              for n, lab, row in (("route_cheap", "Cheap model", "x_cheap_row"),
                                  ("route_premium", "Premium model", "x_prem_row"))]
             + [(num_ok("route_simple_share", "share"), lit(num_msg(alt["route_simple_share"]))),
                (num_ok("route_router_price", "tokens"), lit(num_msg(alt["route_router_price"])))]
         ) + ")"),
        ("x_pe_in", "Its input $/1M (effective)", f'IF(x_pe_msg="OK",{rate_in("base", "x_pe_row")},"")'),
        ("x_pe_out", "Its output $/1M (effective)", f'IF(x_pe_msg="OK",{rate_out("base", "x_pe_row")},"")'),
        ("x_rag_in", "RAG input $/1M (effective)", f'IF(x_rag_msg="OK",{rate_in("base", "x_rag_row")},"")'),
        ("x_rag_out", "RAG output $/1M (effective)", f'IF(x_rag_msg="OK",{rate_out("base", "x_rag_row")},"")'),
        ("x_cheap_pm", "Cheap model $/1M", f'IF(x_route_msg="OK",({rate_in("base", "x_cheap_row")})+output_ratio*({rate_out("base", "x_cheap_row")}),"")'),
        ("x_prem_pm", "Premium model $/1M", f'IF(x_route_msg="OK",({rate_in("base", "x_prem_row")})+output_ratio*({rate_out("base", "x_prem_row")}),"")'),
    ]  # fmt: skip
    b.section(ws, "M4", "Working (formulas; don't edit)", 2)
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, 5 + k, name, label, formula)

    def block(row: int, title: str, inputs: tuple[str, ...], outs, msg: str) -> int:
        b.section(ws, f"A{row}", title, 3)
        row += 1
        for n in inputs:
            b.input_cell(ws, row, alt[n])
            row += 1
        for name, label, f, fmt, key in outs:
            ws[f"A{row}"] = label
            if key:
                ws[f"A{row}"].font = b.font_bold
            b.result_cell(ws, f"B{row}", name, f'IF({msg}="OK",{f},{DASH})', fmt, key=key)
            row += 1
        b.formula(ws[f"C{row - len(outs)}"], f'=IF({msg}="OK","",{msg})')
        ws[f"C{row - len(outs)}"].font = b.font_note
        ws[f"C{row - len(outs)}"].alignment = b.wrap
        return row + 1

    row = block(4, "Prompt engineering: stay on a model, carry instructions in every prompt",
                ("pe_model",), (
        ("pe_per_million", "Per 1M task tokens (with the prompt overhead)", "x_pe_in*(1+prompt_overhead)+output_ratio*x_pe_out", FMT_PRICE, False),
        ("pe_monthly", "Monthly cost", "x_tokens*pe_per_million/1000000", FMT_USD, True),
        ("pe_extra", "   of which extra prompt tokens", "pe_monthly-x_tokens*(x_pe_in+output_ratio*x_pe_out)/1000000", FMT_USD, False),
        ("pe_task", "   of which the task itself", "pe_monthly-pe_extra", FMT_USD, False),
    ), "x_pe_msg")  # fmt: skip
    row = block(row, "RAG: retrieve context from a vector store, then generate",
                ("rag_model", "rag_requests", "rag_context_tokens", "rag_embedding_price",
                 "rag_search_price", "rag_corpus_tokens"), (
        ("rag_embedding", "Embedding (task + corpus tokens)", "(x_tokens+rag_corpus_tokens)*rag_embedding_price/1000000", FMT_USD, False),
        ("rag_search", "Vector search", "rag_requests*rag_search_price", FMT_USD, False),
        ("rag_generation", "Generation (task tokens)", "x_tokens*(x_rag_in+output_ratio*x_rag_out)/1000000", FMT_USD, False),
        ("rag_context", "Retrieved context tokens", "rag_requests*rag_context_tokens*x_rag_in/1000000", FMT_USD, False),
        ("rag_monthly", "Monthly cost", "rag_embedding+rag_search+rag_generation+rag_context", FMT_USD, True),
        ("rag_per_million", "Per 1M task tokens", "IF(x_tokens>0,rag_monthly/x_tokens*1000000,0)", FMT_PRICE, False),
    ), "x_rag_msg")  # fmt: skip
    row = block(row, "Routing: simple requests to a cheap model, the rest to a premium one",
                ("route_cheap", "route_premium", "route_simple_share", "route_router_price"), (
        ("route_cheap_cost", "Cheap model (simple share)", "x_tokens*route_simple_share*x_cheap_pm/1000000", FMT_USD, False),
        ("route_premium_cost", "Premium model (the rest)", "x_tokens*(1-route_simple_share)*x_prem_pm/1000000", FMT_USD, False),
        ("route_router_cost", "Router", "x_tokens*route_router_price/1000000", FMT_USD, False),
        ("route_monthly", "Monthly cost", "x_tokens*route_per_million/1000000", FMT_USD, True),
        ("route_per_million", "Blended per 1M task tokens", "route_simple_share*x_cheap_pm+(1-route_simple_share)*x_prem_pm+route_router_price", FMT_PRICE, False),
    ), "x_route_msg")  # fmt: skip

    b.section(ws, "E4", "Monthly cost of each option", 2)
    summary = (
        ("Base route as is (Break-even tab)", "monthly_base_cost"),
        ("Prompt engineering", "pe_monthly"),
        ("RAG", "rag_monthly"),
        ("Routing", "route_monthly"),
        ("Fine-tuned route (training spread over the horizon)", None),
    )
    for k, (label, ref) in enumerate(summary):
        ws[f"E{5 + k}"] = label
        f = (
            ref
            if ref
            else f'IF(x_sched_ok,IF(ISNUMBER(tco_ft),tco_ft/months,"not trainable"),{DASH})'
        )
        b.result_cell(ws, f"F{5 + k}", None if ref else "alt_ft_monthly", f, FMT_USD)
        # the same options over the horizon (the Decision tab weighs these totals)
        total = f"F{5 + k}*months" if ref else "tco_ft"
        b.result_cell(ws, f"G{5 + k}", None, f'IF(ISNUMBER(F{5 + k}),{total},"—")', FMT_USD)
    ws["G4"] = "Over the horizon"
    ws["G4"].font = b.font_h
    ws["G4"].fill = b.fill_section
    b.name("alt_labels", ALT, "E5:E9")
    b.name("alt_horizon", ALT, "G5:G9")
    ws["E10"] = "Cheapest"
    ws["E10"].font = b.font_bold
    b.result_cell(
        ws,
        "F10",
        "alt_cheapest",
        'IF(COUNT(F5:F9)=0,"—",INDEX(E5:E9,MATCH(MIN(F5:F9),F5:F9,0)))',
        FMT_TEXT,
        key=True,
    )
    ws["F10"].alignment = b.wrap
    _grade(b, ws)
    ws.row_dimensions[10].height = 30
    ch = BarChart()
    ch.type = "bar"
    ch.style = 2
    ch.title = "Monthly cost by option"
    ch.x_axis.scaling.orientation = "maxMin"
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.y_axis.numFmt = '"$"#,##0'
    ch.legend = None
    ch.add_data(Reference(ws, min_col=6, min_row=5, max_row=9), titles_from_data=False)
    ch.set_categories(Reference(ws, min_col=5, min_row=5, max_row=9))
    ch.series[0].graphicalProperties.solidFill = "2F5597"
    ch.width = 14
    ch.height = 7.5
    ws.add_chart(ch, "E16")
    ws.print_area = f"A1:G{row}"
