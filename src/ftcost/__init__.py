"""ftcost: is fine-tuning an LLM worth it for my workload, on which provider, and when does it pay back?

>>> import ftcost
>>> c = ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M")
>>> round(c.breakeven_tokens), round(c.breakeven_months, 2)
(6818182, 6.82)

Every answer is for an as-of date (``as_of="2026-12-01"``; default today): a model that cannot be
fine-tuned that day gets no break-even, and a fine-tune serves only until it retires.
"""

import os as _os
import sys as _sys

# openpyxl writes different (equally valid) XML when lxml is installed; ftcost's workbooks must be
# the same bytes wherever they are made, so unless the process has already imported openpyxl (or
# the user chose), openpyxl uses its standard-library writer.
if "openpyxl" not in _sys.modules:
    _os.environ.setdefault("OPENPYXL_LXML", "False")

from . import lifecycle
from .engine import (
    Alternative,
    Decision,
    Grade,
    Ranking,
    RankRow,
    breakeven,
    compare,
    decide,
    grade,
    grid,
    inference_cost,
    openai_default_epochs,
    prompt_engineering_cost,
    rag_cost,
    rank,
    routing_cost,
    schedule,
    sensitivity,
    training_cost,
)
from .engine.options import Option, Options, alternatives, options
from .errors import FtCostError, InputError, PriceFileError, UnknownModel
from .model import Comparison, ModelPrice, TrainingCost, TrainingPlan, Workload
from .pricing import PriceSet, load_prices

__version__ = "0.1.0"

__all__ = [
    "Alternative",
    "Comparison",
    "Decision",
    "FtCostError",
    "Grade",
    "InputError",
    "ModelPrice",
    "Option",
    "Options",
    "PriceFileError",
    "PriceSet",
    "RankRow",
    "Ranking",
    "TrainingCost",
    "TrainingPlan",
    "UnknownModel",
    "Workload",
    "__version__",
    "alternatives",
    "breakeven",
    "compare",
    "decide",
    "grade",
    "grid",
    "inference_cost",
    "lifecycle",
    "load_prices",
    "openai_default_epochs",
    "options",
    "prompt_engineering_cost",
    "rag_cost",
    "rank",
    "routing_cost",
    "schedule",
    "sensitivity",
    "training_cost",
]
