"""The Decision tab: the article's framework as questions, with the break-even computed."""

from __future__ import annotations

from ..book import Book
from ..formulas import idx, iso, lit, num_msg, num_ok
from ..layout import CHOICES, DEC, DEC_INPUTS, FMT_TEXT, FMT_USD, YES_NO

# why the cheapest option on the Alternatives tab is not the answer (engine words.why_not_cheapest)
WHY_NOT = 'IF(OR(d_rec="",d_alt_k=0),"",IF(d_cheap_total>=d_rec_total-0.005,"",CHOOSE(d_alt_k,"Staying on "&base_model&" as is would cost "&"$"&FIXED(d_cheap_total,2)&" over "&months&" months (against "&"$"&FIXED(d_rec_total,2)&")"&".","Prompt engineering on "&pe_model&" would cost "&"$"&FIXED(d_cheap_total,2)&" over "&months&" months (against "&"$"&FIXED(d_rec_total,2)&")"&".","RAG would cost "&"$"&FIXED(d_cheap_total,2)&" over "&months&" months (against "&"$"&FIXED(d_rec_total,2)&")"&", but it assumes "&FIXED(rag_requests,0)&" requests a month, and retrieval must find what the task needs.","Routing would cost "&"$"&FIXED(d_cheap_total,2)&" over "&months&" months (against "&"$"&FIXED(d_rec_total,2)&")"&", but it assumes "&FIXED(route_simple_share*100,0)&"% of requests are simple enough for "&route_cheap&" — not confirmed: check how many of your requests the cheap model handles before counting on it.","Fine-tuning "&ft_model&" would cost "&"$"&FIXED(d_cheap_total,2)&" over "&months&" months (against "&"$"&FIXED(d_rec_total,2)&")"&", but "&IF(d_blocked,"the questions above rule it out",IF(d_choose,"you asked for the "&priority&" pick","the decision framework rules it out"))&".")))'


def _choices_checked() -> str:
    """Formula head: the first question or choice holding a value outside its list, said as the
    template reader says it ("pick 'Yes' or 'No' (the cell's list)"); blank is allowed (a
    blank question is not a "Yes", a blank choice is the Break-even tab's model). Closed by the
    caller's remaining formula and one parenthesis per choice checked."""
    head = ""
    for i in DEC_INPUTS:
        if i.kind not in ("yesno", "choice"):
            continue
        options = YES_NO if i.kind == "yesno" else CHOICES
        ok = f'OR(TRIM({i.name})="",' + ",".join(f"{i.name}={lit(o)}" for o in options) + ")"
        said = ", ".join(repr(o) for o in options[:-1]) + f" or {options[-1]!r}"
        msg = lit(f"{i.label}: pick {said} (the cell's list), got ") + '&"\'"&' + i.name + '&"\'"'
        head += f"IF(NOT({ok}),{msg},"
    return head[:-1]


_N_CHOICES = sum(i.kind in ("yesno", "choice") for i in DEC_INPUTS)

WHY_FIRST = 29  # the reasons' first row, under "Against the alternatives" (rows 22-27)


def build(b: Book) -> None:
    ws = b.wb[DEC]
    b.title(
        ws,
        "Decision — the article's framework, with the break-even computed",
        "Answer the questions (dropdowns). The workload, models and plan come from the Break-even "
        "tab; the candidate can also be chosen by a priority from the ranking.",
    )
    b.widths(ws, {"A": 58, "B": 28, "C": 52, "M": 26, "N": 14, "P": 8, "Q": 60, "R": 6})
    b.section(ws, "A4", "Questions", 3)
    for k, i in enumerate(DEC_INPUTS):
        b.input_cell(ws, 5 + k, i)
    choose = lit(CHOICES[1])
    work = [
        ("d_blocked", "A reason not to fine-tune", 'OR(q_changing="Yes",q_reasoning="Yes",q_multi_task="Yes",q_narrow_task<>"Yes")'),
        ("d_prompt", "A prompt solves it", 'q_prompt_solves="Yes"'),
        ("d_low", "Under the low volume", "IF(ISNUMBER(x_tokens),x_tokens<low_volume,FALSE)"),
        ("d_path", "Compute the break-even", "AND(NOT(d_blocked),NOT(d_prompt),NOT(d_low))"),
        ("d_choose", "Choose by priority", f"candidate_choice={choose}"),
        ("d_pos", "Chosen rank", 'IF(priority="cost",IF(COUNT(c_pos_cost)>0,MIN(c_pos_cost),""),IF(priority="inference",IF(COUNT(c_pos_inf)>0,MIN(c_pos_inf),""),IF(priority="self-hosting",IF(COUNT(c_pos_self)>0,MIN(c_pos_self),""),"")))'),
        ("d_k", "Its working row", "IF(d_choose,IF(ISNUMBER(d_pos),MATCH(d_pos,c_pos,0),0),x_f_row)"),
        ("d_msg", "Inputs", _choices_checked() + "," + (
            'IF(NOT(x_rank_ok),IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,'
            '"Enter monthly tokens on the Break-even tab")),'
            f'IF(NOT({num_ok("high_volume", "tokens")}),{lit(num_msg(DEC_INPUTS[7]))},'
            f'IF(NOT({num_ok("low_volume", "tokens")}),{lit(num_msg(DEC_INPUTS[8]))},'
            'IF(d_path,IF(d_choose,IF(d_k=0,"No costable model in the Providers table fits priority "&priority,"OK"),'
            'IF(x_ok,"OK",input_check)),"OK"))))'
        ) + ")" * _N_CHOICES),
        ("d_cand", "Candidate", 'IF(AND(d_msg="OK",d_k>0),INDEX(c_id,d_k),"")'),
        ("d_status", "Its status", 'IF(d_cand="","",INDEX(c_status,d_k))'),
        ("d_train", "Its training $", 'IF(d_cand="","",INDEX(c_train,d_k))'),
        ("d_be", "Its break-even (months)", 'IF(d_cand="","",INDEX(c_be,d_k))'),
        ("d_before", "Pays back before it retires", 'IF(d_cand="",FALSE,INDEX(c_before,d_k))'),
        # one answer with the Alternatives tab (engine decide's option and why_not_cheapest)
        ("d_rec", "Recommended option", 'IF(d_msg<>"OK","",IF(decision_verdict="fine-tune","fine-tune",IF(d_blocked,IF(q_changing="Yes",IF(AND(ISNUMBER(rag_monthly),ISNUMBER(pe_monthly)),IF(rag_monthly<pe_monthly,"rag","prompt"),"prompt"),IF(q_reasoning="Yes","stay",IF(q_multi_task="Yes","prompt","stay"))),"prompt")))'),
        ("d_rec_label", "…in words", 'IF(d_rec="","",IF(d_rec="fine-tune","fine-tune "&d_cand,IF(AND(d_rec="rag",ISNUMBER(rag_monthly)),"RAG on "&rag_model,IF(AND(d_rec="prompt",ISNUMBER(pe_monthly)),"prompt engineering on "&pe_model,"stay on "&base_model))))'),
        ("d_rec_total", "…over the horizon", 'IF(d_rec="","",IF(d_rec="fine-tune",INDEX(c_tco,d_k),IF(AND(d_rec="rag",ISNUMBER(rag_monthly)),rag_monthly*months,IF(AND(d_rec="prompt",ISNUMBER(pe_monthly)),pe_monthly*months,x_tco_base))))'),
        ("d_alt_k", "Cheapest on Alternatives", "IF(COUNT(alt_horizon)=0,0,MATCH(MIN(alt_horizon),alt_horizon,0))"),
        ("d_cheap_total", "…over the horizon", 'IF(d_alt_k>0,INDEX(alt_horizon,d_alt_k),"")'),
        ("d_retires", "It retires on", f'IF(d_cand="","",IF(ISNUMBER({idx("retires", "d_k")}),{iso(idx("retires", "d_k"))},""))'),
        ("d_be_tokens", "Its break-even (tokens)", 'IF(d_cand="","",INDEX(c_be_tokens,d_k))'),
        ("d_net", "Its net saving", 'IF(d_cand="","",INDEX(c_net,d_k))'),
    ]  # fmt: skip
    b.section(ws, "M4", "Working (formulas; don't edit)", 2)
    for k, (name, label, formula) in enumerate(work):
        b.work_cell(ws, 5 + k, name, label, formula)

    b.section(ws, "A16", "Answer", 3)
    ws["A17"] = "Verdict"
    b.result_cell(
        ws,
        "B17",
        "decision_verdict",
        'IF(d_msg<>"OK","—",IF(d_blocked,"don\'t fine-tune",IF(OR(d_prompt,d_low),"prompt engineering",'
        'IF(NOT(ISNUMBER(d_be)),"don\'t fine-tune",IF(AND(d_be<=months,d_net>0,d_before),"fine-tune",'
        '"prompt engineering")))))',
        FMT_TEXT,
        key=True,
    )
    ws["A18"] = "Model to fine-tune"
    b.result_cell(ws, "B18", "decision_candidate", 'IF(d_path,d_cand,"")', FMT_TEXT)
    ws["A19"] = "In one line"
    ws.merge_cells("B19:C20")
    b.result_cell(
        ws,
        "B19",
        "decision_headline",
        'IF(d_msg<>"OK",d_msg,IF(d_blocked,"Don\'t fine-tune",IF(OR(d_prompt,d_low),'
        '"Stay with prompt engineering",IF(NOT(ISNUMBER(d_be)),"Don\'t fine-tune "&d_cand,'
        'IF(decision_verdict="fine-tune","Fine-tune "&d_cand&": pays back in "&FIXED(d_be,2)'
        '&" months, saves "&"$"&FIXED(d_net,2)&" over "&months&" months",'
        '"Stay with prompt engineering: fine-tuning "&d_cand&" pays back only after "&'
        'FIXED(d_be,2)&" months, "&IF(d_before,"beyond the "&months&"-month horizon",'
        '"after it retires on "&d_retires))))))',
        "General",
    )
    ws["B19"].alignment = b.wrap
    ws["B19"].font = b.font_bold
    # the reasons: each with when it applies; shown in order, without gaps
    reasons = [
        ('AND(d_blocked,q_changing="Yes")', lit("Requirements change often: a fine-tuned model is static and retraining is costly — use prompt engineering or RAG.")),
        ('AND(d_blocked,q_reasoning="Yes")', lit("The task needs reasoning: fine-tuning improves format and domain knowledge, not reasoning — use a larger base model.")),
        ('AND(d_blocked,q_multi_task="Yes")', lit("One model serves many tasks: fine-tuning each is impractical — use a capable base model with good prompts.")),
        ('AND(d_blocked,q_narrow_task<>"Yes")', lit("General-purpose tasks (chat, Q&A, summarisation): base models already do these well.")),
        ("AND(NOT(d_blocked),d_prompt)", lit("A well-crafted prompt solves the task: it costs nothing extra beyond prompt tokens.")),
        ("AND(NOT(d_blocked),NOT(d_prompt),d_low)", 'FIXED(x_tokens,0)&" tokens a month is under the article\'s "&FIXED(low_volume,0)&" a month: few-shot prompting is cheaper."'),
        ("AND(d_path,x_tokens>=high_volume)", 'FIXED(x_tokens,0)&" tokens a month on a narrow task: the article\'s high-volume case."'),
        ('AND(d_path,d_choose,d_cand<>"")', 'd_cand&" is the "&IF(priority="cost","cheapest",priority&" pick")&" to fine-tune for this workload."'),
        ('AND(d_path,d_choose,d_cand<>"",d_status<>"active")', 'd_cand&"\'s prices are "&d_status&": check them."'),
        ('AND(d_path,d_cand<>"")', 'IF(ISNUMBER(d_be),"Training "&"$"&FIXED(d_train,2)&" pays back after "&FIXED(d_be_tokens,0)&" tokens ("&FIXED(d_be,2)&" months); the article\'s rule (monthly volume above the break-even volume) "&IF(IF(ISNUMBER(d_be_tokens),d_be_tokens<=x_tokens,FALSE),"holds.","does not hold."),"No break-even: fine-tuned "&d_cand&" never costs less a month than "&base_model&" for this workload.")'),
    ]  # fmt: skip
    first = 5
    ws["P4"] = "Applies"
    ws["Q4"] = "Reason"
    ws["R4"] = "#"
    for c in ("P4", "Q4", "R4"):
        ws[c].font = b.font_work
    for k, (cond, text) in enumerate(reasons):
        r = first + k
        b.formula(ws[f"P{r}"], f'=IF(d_msg="OK",{cond},FALSE)')
        b.formula(ws[f"Q{r}"], f'=IF(P{r},{text},"")')
        b.formula(ws[f"R{r}"], f'=IF(P{r},COUNTIF(P${first}:P{r},TRUE),"")')
        for col in "PQR":
            ws[f"{col}{r}"].font = b.font_work
    last = first + len(reasons) - 1
    why0 = WHY_FIRST
    b.section(ws, f"A{why0 - 1}", "Why", 3)
    for k in range(len(reasons)):
        r = why0 + k
        ws.merge_cells(f"A{r}:C{r}")
        b.formula(
            ws[f"A{r}"],
            f'=IFERROR("• "&INDEX(Q${first}:Q${last},MATCH({k + 1},R${first}:R${last},0)),"")',
        )
        ws[f"A{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 22
    b.name("decision_reasons", DEC, f"A{why0}:A{why0 + len(reasons) - 1}")
    # against the alternatives: the option recommended, the cheapest on the Alternatives tab,
    # and when they differ, why the cheapest is not the answer (one sentence)
    top = 22
    b.section(ws, f"A{top}", "Against the alternatives (over the horizon)", 3)
    ws[f"A{top + 1}"] = "Recommended"
    b.result_cell(
        ws,
        f"B{top + 1}",
        "decision_option_total",
        'IF(d_rec="","—",d_rec_total)',
        FMT_USD,
        key=True,
    )
    b.result_cell(ws, f"C{top + 1}", "decision_option", 'IF(d_rec="","—",d_rec_label)', FMT_TEXT)
    ws[f"A{top + 2}"] = "Cheapest on the Alternatives tab"
    b.result_cell(
        ws, f"B{top + 2}", "decision_cheapest_total", 'IF(d_alt_k=0,"—",d_cheap_total)', FMT_USD
    )
    b.result_cell(
        ws,
        f"C{top + 2}",
        "decision_cheapest",
        'IF(d_alt_k=0,"—",INDEX(alt_labels,d_alt_k))',
        FMT_TEXT,
    )
    for r in (top + 1, top + 2):
        ws[f"C{r}"].alignment = b.top
    ws[f"A{top + 3}"] = "Why not the cheapest"
    ws.merge_cells(f"B{top + 3}:C{top + 5}")
    b.result_cell(ws, f"B{top + 3}", "decision_why_not_cheapest", WHY_NOT, "General")
    ws[f"B{top + 3}"].alignment = b.wrap
    for r in (top + 3, top + 4, top + 5):
        ws.row_dimensions[r].height = 15
    ws.print_area = f"A1:C{why0 + len(reasons)}"
    ws.page_setup.fitToHeight = 1  # one page, however many reasons apply and however long
