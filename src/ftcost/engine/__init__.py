"""All of ftcost's cost math, once.

The formulas (the contract the template's Excel formulas and the UDFs share) live in `kernels`,
written once on plain floats or numpy arrays alike; the scalar functions call them with floats
(IEEE doubles, as Excel computes) and the vectorised paths with broadcast arrays. Prices are
USD per 1M tokens; volumes are tokens.

Every answer is for an as-of date (keyword ``as_of``, default today; see `ftcost.lifecycle`): a
candidate that cannot be fine-tuned that day gets no break-even, the fine-tuned route serves
only until it retires (then the base route again), and a retraining needs the training window.
Plans and workloads may be given as objects or as plain values (``"5M"``,
``monthly_tokens="100M"``).

    kernels       the formulas (training, route rates, per-1M, horizon, break-even)
    inputs        price sets, models, plans and workloads → kernel inputs
    training      training_cost, openai_default_epochs
    compare       one pair: inference_cost, compare, breakeven, schedule
    grid          every model × every scenario (numpy)
    rank          Ranking of every model for one workload (rank_many: many, one grid call)
    sensitivity   one pair across volumes × epochs or output ratios
    alternatives  prompt engineering, RAG, routing
    grade         A+…F against the cheapest viable option
    decide        the decision framework's policy: candidates, rule (a Ruling), decide
    words         the decision's sentences (headline and reasons of a Ruling)
"""

from __future__ import annotations

import dataclasses  # noqa: F401  (kept reachable as engine.dataclasses, as before the split)

from .alternatives import (
    RAG_EMBEDDING_PER_MILLION,
    RAG_SEARCH_PER_QUERY,
    Alternative,
    prompt_engineering_cost,
    rag_cost,
    routing_cost,
)
from .compare import breakeven, compare, inference_cost, schedule
from .decide import (
    HIGH_VOLUME,
    LOW_VOLUME,
    PRIORITIES,
    Decision,
    Ruling,
    candidates,
    decide,
    in_words,
    rule,
)
from .grade import GRADE_THRESHOLDS, Grade, grade, letter_for
from .grid import GRID_ARGS, grid
from .inputs import price_arrays
from .kernels import MILLION, k_per_million, k_rate, k_training
from .rank import Ranking, RankRow, rank, rank_many
from .sensitivity import sensitivity
from .training import openai_default_epochs, training_cost

__all__ = [
    "GRADE_THRESHOLDS",
    "HIGH_VOLUME",
    "LOW_VOLUME",
    "MILLION",
    "PRIORITIES",
    "RAG_EMBEDDING_PER_MILLION",
    "RAG_SEARCH_PER_QUERY",
    "Alternative",
    "Decision",
    "Grade",
    "RankRow",
    "Ranking",
    "Ruling",
    "breakeven",
    "candidates",
    "compare",
    "decide",
    "grade",
    "grid",
    "in_words",
    "inference_cost",
    "k_per_million",
    "k_rate",
    "k_training",
    "letter_for",
    "openai_default_epochs",
    "price_arrays",
    "prompt_engineering_cost",
    "rag_cost",
    "rank",
    "rank_many",
    "routing_cost",
    "rule",
    "schedule",
    "sensitivity",
    "training_cost",
]

# the options a user has (issue 13); `options.alternatives` stays under its module: the name
# `alternatives` here is the submodule
from .options import ALTERNATIVE_KINDS, GRADE_KINDS, KINDS, Option, Options, options

__all__ += ["GRID_ARGS"]
__all__ += ["ALTERNATIVE_KINDS", "GRADE_KINDS", "KINDS", "Option", "Options", "options"]
