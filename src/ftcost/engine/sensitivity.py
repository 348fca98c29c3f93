"""Net saving of one pair across monthly volumes × epochs or output ratios (one `grid` call)."""

from __future__ import annotations

import dataclasses
import datetime as _dt

import numpy as np

from ..errors import InputError
from ..lifecycle import parse_as_of
from ..model import TrainingPlan, Workload
from ..units import parse_count, parse_tokens
from .grid import grid, scenario_args
from .inputs import _as_plan, _model, _prices, base_model, with_spend


def sensitivity(
    base,
    candidate,
    plan: TrainingPlan | float | str,
    workload: Workload | None = None,
    *,
    monthly_tokens=None,
    monthly_spend=None,
    epochs=None,
    output_ratio=None,
    prices=None,
    as_of: _dt.date | str | None = None,
) -> dict:
    """Net saving over the horizon for each monthly volume (rows) × epochs or output ratio (columns).

    Returns {"monthly_tokens": [...], "columns": [...], "column_name": str, "net_savings": 2-D
    array, "breakeven_months": 2-D array (NaN: none), "spend_text": one sentence a row when
    spends were given}; on ``as_of`` (default today) a candidate that cannot be trained has NaN
    everywhere, one that retires has its horizon cut (as `compare`). ``monthly_spend``: the rows
    as USD a month on ``base`` instead of volumes, each the volume it buys at the workload's own
    blend (output ratio, cached/batch shares, prompt overhead; `spend.tokens_from_spend`).
    """
    plan = _as_plan(plan)
    workload = workload if workload is not None else Workload()
    if epochs is not None and output_ratio is not None:
        raise InputError("sensitivity: vary epochs or output_ratio, not both")
    ps = _prices(prices)
    day = parse_as_of(as_of)
    mc = _model(ps, candidate)
    j = ps.ids.index(mc.id)
    texts: list[str] = []
    if monthly_spend is not None:
        if monthly_tokens is not None:
            raise InputError("monthly_spend: give monthly spends or monthly tokens, not both")
        mb = base_model(ps, base, day)
        w0 = dataclasses.replace(workload, monthly_tokens=None)
        got = [with_spend(w0, s, mb, day) for s in monthly_spend]
        monthly_tokens = [w.monthly_tokens for w, _ in got]
        texts = [t for _, t in got]
    if monthly_tokens is None:
        raise InputError("monthly_tokens: sensitivity needs the monthly volumes (or spends)")
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
    g = grid(ps, base=base, as_of=day, **kw)
    out = {
        "monthly_tokens": vols.tolist(),
        "columns": cols,
        "column_name": name,
        "net_savings": g["net_savings"][:, j].reshape(S, C),
        "breakeven_months": g["breakeven_months"][:, j].reshape(S, C),
    }
    if texts:
        out["spend_text"] = texts
    return out
