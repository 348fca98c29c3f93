"""Net saving of one pair across monthly volumes × epochs or output ratios (one `grid` call)."""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..model import TrainingPlan, Workload
from ..units import parse_count, parse_tokens
from .grid import grid, scenario_args
from .inputs import _model, _prices


def sensitivity(
    base,
    candidate,
    plan: TrainingPlan,
    workload: Workload,
    *,
    monthly_tokens,
    epochs=None,
    output_ratio=None,
    prices=None,
) -> dict:
    """Net saving over the horizon for each monthly volume (rows) × epochs or output ratio (columns).

    Returns {"monthly_tokens": [...], "columns": [...], "column_name": str, "net_savings": 2-D
    array, "breakeven_months": 2-D array (NaN: none)}.
    """
    if epochs is not None and output_ratio is not None:
        raise InputError("sensitivity: vary epochs or output_ratio, not both")
    ps = _prices(prices)
    mc = _model(ps, candidate)
    j = ps.ids.index(mc.id)
    vols = np.array([parse_tokens(v, "monthly_tokens") for v in monthly_tokens], dtype=float)
    if epochs is not None:
        name, cols = "epochs", [parse_count(e, "epochs", maximum=100) for e in epochs]
    elif output_ratio is not None:
        name, cols = "output_ratio", [parse_tokens(r, "output_ratio") for r in output_ratio]
    else:
        name, cols = "epochs", [plan.epochs]
    S, C = len(vols), len(cols)
    vv = np.repeat(vols, C)
    cc = np.tile(np.array(cols, dtype=float), S)
    kw = scenario_args(plan, workload) | {"monthly_tokens": vv, name: cc}
    g = grid(ps, base=base, **kw)
    return {
        "monthly_tokens": vols.tolist(),
        "columns": cols,
        "column_name": name,
        "net_savings": g["net_savings"][:, j].reshape(S, C),
        "breakeven_months": g["breakeven_months"][:, j].reshape(S, C),
    }
