"""The Decision tab: the article's framework as questions, with the break-even computed."""

from __future__ import annotations

from ..book import Book
from ..formulas import idx, iso, lit, num_msg, num_ok
from ..layout import CHOICES, DEC, DEC_INPUTS, FMT_TEXT


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
        ("d_low", "Under the low volume", "IF(ISNUMBER(monthly_tokens),monthly_tokens<low_volume,FALSE)"),
        ("d_path", "Compute the break-even", "AND(NOT(d_blocked),NOT(d_prompt),NOT(d_low))"),
        ("d_choose", "Choose by priority", f"candidate_choice={choose}"),
        ("d_pos", "Chosen rank", 'IF(priority="cost",IF(COUNT(c_pos_cost)>0,MIN(c_pos_cost),""),IF(priority="inference",IF(COUNT(c_pos_inf)>0,MIN(c_pos_inf),""),IF(priority="self-hosting",IF(COUNT(c_pos_self)>0,MIN(c_pos_self),""),"")))'),
        ("d_k", "Its working row", "IF(d_choose,IF(ISNUMBER(d_pos),MATCH(d_pos,c_pos,0),0),x_f_row)"),
        ("d_msg", "Inputs", (
            'IF(NOT(x_rank_ok),IF(x_inputs_msg<>"OK",x_inputs_msg,IF(x_base_msg<>"OK",x_base_msg,'
            '"Enter monthly tokens on the Break-even tab")),'
            f'IF(NOT({num_ok("high_volume", "tokens")}),{lit(num_msg(DEC_INPUTS[7]))},'
            f'IF(NOT({num_ok("low_volume", "tokens")}),{lit(num_msg(DEC_INPUTS[8]))},'
            'IF(d_path,IF(d_choose,IF(d_k=0,"No costable model in the Providers table fits priority "&priority,"OK"),'
            'IF(x_ok,"OK",input_check)),"OK"))))'
        )),
        ("d_cand", "Candidate", 'IF(AND(d_msg="OK",d_k>0),INDEX(c_id,d_k),"")'),
        ("d_status", "Its status", 'IF(d_cand="","",INDEX(c_status,d_k))'),
        ("d_train", "Its training $", 'IF(d_cand="","",INDEX(c_train,d_k))'),
        ("d_be", "Its break-even (months)", 'IF(d_cand="","",INDEX(c_be,d_k))'),
        ("d_before", "Pays back before it retires", 'IF(d_cand="",FALSE,INDEX(c_before,d_k))'),
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
        ("AND(NOT(d_blocked),NOT(d_prompt),d_low)", 'FIXED(monthly_tokens,0)&" tokens a month is under the article\'s "&FIXED(low_volume,0)&" a month: few-shot prompting is cheaper."'),
        ("AND(d_path,monthly_tokens>=high_volume)", 'FIXED(monthly_tokens,0)&" tokens a month on a narrow task: the article\'s high-volume case."'),
        ('AND(d_path,d_choose,d_cand<>"")', 'd_cand&" is the "&IF(priority="cost","cheapest",priority&" pick")&" to fine-tune for this workload."'),
        ('AND(d_path,d_choose,d_cand<>"",d_status<>"active")', 'd_cand&"\'s prices are "&d_status&": check them."'),
        ('AND(d_path,d_cand<>"")', 'IF(ISNUMBER(d_be),"Training "&"$"&FIXED(d_train,2)&" pays back after "&FIXED(d_be_tokens,0)&" tokens ("&FIXED(d_be,2)&" months); the article\'s rule (monthly volume above the break-even volume) "&IF(IF(ISNUMBER(d_be_tokens),d_be_tokens<=monthly_tokens,FALSE),"holds.","does not hold."),"No break-even: fine-tuned "&d_cand&" never costs less a month than "&base_model&" for this workload.")'),
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
    b.section(ws, "A22", "Why", 3)
    for k in range(len(reasons)):
        r = 23 + k
        ws.merge_cells(f"A{r}:C{r}")
        b.formula(
            ws[f"A{r}"],
            f'=IFERROR("• "&INDEX(Q${first}:Q${last},MATCH({k + 1},R${first}:R${last},0)),"")',
        )
        ws[f"A{r}"].alignment = b.wrap
        ws.row_dimensions[r].height = 28
    b.name("decision_reasons", DEC, f"A23:A{23 + len(reasons) - 1}")
    ws.print_area = f"A1:C{23 + len(reasons)}"
    ws.page_setup.fitToHeight = 1  # one page, however many reasons apply and however long
