"""The Summary sheet: each scenario's recommendation in words and its numbers; the workload
restated."""

from __future__ import annotations

from collections.abc import Sequence

from ..units import fmt_money, fmt_months, fmt_number, fmt_tokens
from .parts import section
from .results import ScenarioResult
from .styles import STYLES
from .words import (
    PICKED_BY,
    grade_words,
    lifecycle_words,
    option_words,
    plural,
    status_note,
    task_words,
)
from .xlsx import Sheet, sheet_ref

NAME = "Summary"
TITLE = ""  # the report's own title heads the Summary
WIDTHS = [32, 28, 16, 16, 50]  # B holds model ids (azure-gpt-4.1-mini-developer)


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    ps = sh.book.prices
    for i, res in enumerate(results):
        s, c, d, g = res.scenario, res.comparison, res.decision, res.grade
        w, plan, t = s.workload, s.plan, c.training
        b, m = res.base, res.candidate
        top = section(sh, f"Scenario {i + 1} of {len(results)}: {s.name}" if multi else s.name, 5)
        sh.book.anchors[("Summary", i)] = top
        if s.description:
            sh.para(s.description, 2, 5, "note_wrap", before=[sh.text("About", "bold")])
        links = [
            sh.text(f"→ {name}", "link", link=sheet_ref(name, sh.book.anchors[(name, i)]))
            for name in ("Ranking", "Break-even", "Sensitivity", "Alternatives")
        ]
        sh.row(sh.text("Details", "bold"), *links)
        sh.para(
            f"{res.as_of.isoformat()}: the day these answers are for (which models can still "
            "be fine-tuned, how long a fine-tune serves)",
            2,
            5,
            "note_wrap",
            before=[sh.text("As of", "bold")],
        )
        sh.para(
            res.spend_text
            or f"{fmt_tokens(w.monthly_tokens)} input tokens a month on {b.id}: "
            f"{fmt_money(c.monthly_base_cost)} a month",
            2,
            5,
            "note_wrap",
            before=[sh.text("What you pay now", "bold")],
        )
        sh.row()

        style = d.verdict if d.verdict in STYLES else "don't fine-tune"
        r = sh.row(
            sh.text("Recommendation", "bold"),
            sh.text(d.headline, style),
            *[sh.text("", style) for _ in range(3)],
            height=22 * sh.lines(d.headline, 2, 5) * 0.9 + 4,
        )
        sh.merge(r, 2, 5)
        reasons = list(d.reasons)
        if res.note:
            reasons.append(res.note)
        elif res.chosen and d.candidate is None:
            reasons.append(
                f"the figures below are for {m.id}, {PICKED_BY[s.priority]} in the Ranking "
                f"other than {b.id}"
            )
        for k, reason in enumerate(reasons):
            sh.para("• " + reason, 2, 5, "wrap", before=[sh.text("Why" if k == 0 else "", "bold")])
        # the option the verdict recommends, and the cheapest one when it is another
        if d.option is not None:
            sh.para(
                option_words(d.option, w.months), 2, 5, "wrap",
                before=[sh.text("Recommended option", "bold")],
            )  # fmt: skip
        if d.cheapest_option is not None and d.why_not_cheapest:
            sh.para(
                option_words(d.cheapest_option, w.months) + ". " + d.why_not_cheapest, 2, 5,
                "wrap", before=[sh.text("Cheapest option", "bold")],
            )  # fmt: skip
        sh.para(lifecycle_words(res), 2, 5, "wrap", before=[sh.text("Availability", "bold")])
        sh.row()

        def fig(label: str, cell, detail: str = "") -> None:
            n = sh.lines(detail, 3, 5)
            r = sh.row(
                sh.text(label),
                cell,
                sh.text(detail, "note_wrap") if detail else None,
                height=15.0 * n + 3 if n > 1 else None,
            )
            sh.merge(r, 3, 5)

        def header(label: str, third: str) -> None:
            r = sh.row(
                sh.text(label, "header"),
                sh.text("Value", "header_num"),
                sh.text(third, "header"),
                sh.text("", "header"),
                sh.text("", "header"),
                height=18,
            )
            sh.merge(r, 3, 5)

        header("Key figures", "What it is")
        fig(
            "Model used now (base)",
            sh.text(b.id, "value_bold"),
            f"{b.name}, {b.provider}: {fmt_money(b.base_input)} in / {fmt_money(b.base_output)} "
            f"out per 1M tokens{status_note(b)}",
        )
        picked = PICKED_BY["cost" if res.note else s.priority]
        how = f"picked by ftcost: {picked}" if res.chosen else "as given"
        fig(
            "Fine-tuned candidate",
            sh.text(m.id, "value_bold"),
            f"{m.name}, {m.provider} ({how}): fine-tuned {fmt_money(m.ft_input)} in / "
            f"{fmt_money(m.ft_output)} out per 1M tokens; training {fmt_money(m.training)} per "
            f"1M tokens{status_note(m)}" + ("" if c.trainable else f". {c.reason}"),
        )

        def money(x, style: str = "money", c=c):
            # no fine-tuned route on the as-of date: said in words, never an empty number
            return (
                sh.num(x, style)
                if x is not None or c.trainable
                else sh.text("not trainable", "never")
            )

        extra = []
        if t.min_charge_applied:
            extra.append(f"minimum charge {fmt_money(m.min_training_charge)} per job applies")
        if t.compute_cost:
            extra.append(f"{fmt_money(t.compute_cost)} of training compute per run")
        fig(
            "Training cost",
            sh.num(c.training_cost, "money_total_bold"),
            f"{fmt_tokens(t.billed_tokens)} billed tokens per run "
            f"({fmt_tokens(plan.training_tokens)} × {plural(plan.epochs, 'epoch')} + "
            f"{fmt_tokens(plan.validation_tokens)} validation) at {fmt_money(m.training)} per 1M, "
            f"× {plural(t.runs, 'run')}" + ("; " + "; ".join(extra) if extra else ""),
        )
        fig(
            "Base route per 1M input tokens",
            sh.num(c.base_per_million, "money"),
            f"{b.id}: what 1M task input tokens cost today"
            + (", output included" if w.output_ratio else "")
            + (", prompt overhead included" if w.prompt_overhead else ""),
        )
        fig(
            "Fine-tuned route per 1M input tokens",
            sh.num(c.ft_per_million, "money"),
            f"fine-tuned {m.id}"
            + (", output included" if w.output_ratio else "")
            + (", fallback to the base model included" if w.fallback_share else "")
            + (
                f"; plus {fmt_money(c.fixed_monthly)} a month hosting and storage"
                if c.fixed_monthly
                else ""
            ),
        )
        fig(
            "Saving per 1M input tokens",
            sh.num(c.savings_per_million_tokens, "money"),
            "base route minus fine-tuned route",
        )
        fig(
            "Monthly cost now (base route)",
            sh.num(c.monthly_base_cost, "money_total"),
            f"{fmt_tokens(w.monthly_tokens)} input tokens a month on {b.id}",
        )
        fig(
            "Monthly cost fine-tuned",
            sh.num(c.monthly_ft_cost, "money_total"),
            f"the same traffic on fine-tuned {m.id}"
            + (", hosting and storage included" if c.fixed_monthly else ""),
        )
        fig(
            "Monthly saving",
            sh.num(c.monthly_savings, "money_total_bold"),
            "before paying for training",
        )
        fig(
            "Annual saving (gross)",
            money(c.annual_savings, "money_total"),
            "12 months of saving, before paying for training",
        )
        if not c.trainable:
            fig("Break-even (months)", sh.text("never", "never"), c.reason)
        elif c.breakeven_months is not None and not c.breakeven_before_retirement:
            # "pays back" only before the fine-tune retires
            fig("Break-even (months)", sh.text("never", "never"), c.reason)
        elif c.breakeven_months is not None:
            fig(
                "Break-even (months)",
                sh.num(c.breakeven_months, "months_bold"),
                f"months of saving that pay for the training ({fmt_months(c.breakeven_months)})",
            )
        else:
            fig("Break-even (months)", sh.text("never", "never"), c.reason)
        if c.breakeven_tokens is not None:
            fig(
                "Break-even (tokens)",
                sh.num(c.breakeven_tokens, "tokens"),
                "input tokens the fine-tuned route must serve to pay for its training",
            )
        else:
            fig(
                "Break-even (tokens)",
                sh.text("never", "never"),
                "no token volume pays the training back"
                if c.savings_per_million_tokens <= 0
                else "depends on the monthly volume (fixed monthly costs)",
            )
        trainings = plural(c.trainings, "training")
        served = (
            f"; the fine-tune serves {fmt_number(c.effective_months)} of the {c.months} months, then "
            f"the base route again (it retires on {c.retires})"
            if c.trainable and c.effective_months < c.months
            else ""
        )
        fig(
            f"Net saving over {c.months} months",
            money(c.net_savings, "money_total_bold"),
            f"base route {fmt_money(c.tco_base)} − fine-tuned route {fmt_money(c.tco_ft)} "
            f"({trainings} included){served}",
        )
        fig(
            f"Cost over {c.months} months, base route",
            sh.num(c.tco_base, "money_total"),
            f"{b.id} as used",
        )
        fig(
            f"Cost over {c.months} months, fine-tuned",
            money(c.tco_ft, "money_total"),
            f"{trainings} + {c.months} months of fine-tuned {m.id}",
        )
        fig("Grade of the current setup", sh.text(g.letter, "grade"), grade_words(g, res))
        sh.row()

        header("Workload", "Meaning")
        fig(
            "Monthly volume (input tokens)",
            sh.num(w.monthly_tokens, "tokens"),
            "input tokens a month of the task itself",
        )
        fig(
            "Output ratio",
            sh.num(w.output_ratio, "ratio"),
            "output tokens per input token (0: input only, as the article counts)",
        )
        fig(
            "Prompt overhead",
            sh.num(w.prompt_overhead, "ratio"),
            "extra prompt tokens per task token that the base route sends and fine-tuning removes",
        )
        fig(
            "Fallback share",
            sh.num(w.fallback_share, "percent"),
            "requests the fine-tuned model fails and the base model redoes",
        )
        fig(
            "Cached share",
            sh.num(w.cached_share, "percent"),
            "input tokens billed at cached-input prices",
        )
        fig("Batch share", sh.num(w.batch_share, "percent"), "traffic sent through a batch API")
        fig(
            "Horizon (months)",
            sh.num(w.months, "count"),
            "for net savings and the break-even chart",
        )
        fig(
            "Retrain every (months)",
            sh.num(w.retrain_every, "count") if w.retrain_every else sh.text("never", "value"),
            f"{trainings} over {w.months} months",
        )
        fig(
            "Training tokens", sh.num(plan.training_tokens, "tokens"), "tokens in the training file"
        )
        fig("Epochs", sh.num(plan.epochs, "count"), "passes over the training file")
        fig(
            "Validation tokens", sh.num(plan.validation_tokens, "tokens"), "billed per training run"
        )
        fig("Training runs", sh.num(plan.runs, "count"), "training runs (experiments) paid for")
        fig(
            "Training hours",
            sh.num(plan.training_hours, "ratio")
            if plan.training_hours is not None
            else sh.text("not given", "value"),
            "compute hours, for models billed by the hour",
        )
        fig("Task", sh.text("see right", "value"), task_words(s))
        fig(
            "Prices",
            sh.text(ps.name, "link_value", link=sheet_ref("Assumptions", 1)),
            f"price set {ps.name} {ps.version}, checked up to "
            f"{ps.as_of.isoformat() if ps.as_of else '—'}: every price is on the Assumptions sheet",
        )
        for k, warning in enumerate(c.warnings):
            sh.para(
                warning, 2, 5, "note_wrap", before=[sh.text("Warning" if k == 0 else "", "bold")]
            )
        sh.blank(2)
