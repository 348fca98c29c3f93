"""What a fine-tuning job costs, and how many epochs OpenAI would pick."""

from __future__ import annotations

from ..errors import DataError
from ..model import TrainingCost, TrainingPlan
from ..units import fmt_money, parse_count
from .inputs import _as_plan, _model, _prices
from .kernels import k_billed, k_needs_hours, k_token_cost, k_training


def training_cost(model, plan: TrainingPlan | float | str, prices=None) -> TrainingCost:
    """What fine-tuning ``model`` costs for ``plan`` (a TrainingPlan or a token count such as '5M').

    Models billed only by compute time (o4-mini RFT) need ``plan.training_hours``; for models
    billed by tokens *and* time, a missing hours figure leaves compute out, with a warning.
    """
    ps = _prices(prices)
    m = _model(ps, model)
    plan = _as_plan(plan)
    warnings: list[str] = []
    hours = plan.training_hours
    if m.billed_by_hour and hours is None:
        if k_needs_hours(m.training, m.min_training_charge, m.training_per_hour):
            raise DataError(
                f"{m.id} is billed ${m.training_per_hour:g} per training hour: give training_hours"
            )
        warnings.append(
            f"{m.id} also bills ${m.training_per_hour:g}/hour of training compute, "
            "not included: no training_hours given"
        )
        hours = 0.0
    hours = hours or 0.0
    billed = k_billed(plan.training_tokens, plan.epochs, plan.validation_tokens)
    token_cost = k_token_cost(billed, m.training)
    total = k_training(
        m.training,
        plan.training_tokens,
        plan.epochs,
        plan.validation_tokens,
        m.min_training_charge,
        hours,
        m.training_per_hour,
        plan.runs,
    )
    per_run = total / plan.runs
    min_applied = (billed > 0 or hours > 0) and m.min_training_charge > token_cost
    if min_applied:
        warnings.append(
            f"{m.id}: minimum charge ${m.min_training_charge:g} per job applies "
            f"(tokens alone would cost {fmt_money(token_cost)})"
        )
    return TrainingCost(
        model=m.id,
        total=total,
        per_run=per_run,
        billed_tokens=billed,
        token_cost=token_cost,
        compute_cost=hours * m.training_per_hour,
        min_charge_applied=bool(min_applied),
        runs=plan.runs,
        warnings=tuple(warnings),
    )


def openai_default_epochs(n_examples) -> int:
    """The epochs OpenAI picks when none are given (cookbook "Chat_finetuning_data_prep").

    Target 3 epochs; if n × 3 < 100 → min(25, 100 // n); if n × 3 > 25,000 → max(1, 25,000 // n).
    """
    n = parse_count(n_examples, "n_examples", minimum=1)
    if n * 3 < 100:
        return min(25, 100 // n)
    if n * 3 > 25_000:
        return max(1, 25_000 // n)
    return 3
