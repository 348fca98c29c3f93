"""The Sensitivity sheet: net saving and break-even across monthly volumes × epochs (or output
ratios), colour-scaled, and a chart of net saving by volume."""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import charts
from .charts import CHART_LIMIT
from .parts import headers, section
from .results import ScenarioResult
from .words import sens_label
from .xlsx import Sheet

NAME = "Sensitivity"
TITLE = "Sensitivity: net saving by monthly volume"
WIDTHS = [22] + [13] * 12


def write(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    for i, res in enumerate(results):
        s, sens = res.scenario, res.sensitivity
        cols, name, vols = sens["columns"], sens["column_name"], sens["monthly_tokens"]
        ncols = 1 + len(cols)
        width = max(ncols, 5)
        top = section(sh, s.name if multi else f"Sensitivity: {s.name}", width)
        sh.book.anchors[("Sensitivity", i)] = top
        what = "epochs" if name == "epochs" else "output ratio (output tokens per input token)"
        sh.para(
            f"Net saving over {res.comparison.months} months of fine-tuning {res.candidate.id} "
            f"instead of staying on {res.base.id}, by monthly volume (rows) and {what} (columns). "
            "Green: fine-tuning pays; red: it costs more than it saves. Bold on cream: this "
            "scenario.",
            last=width,
            style="note_wrap",
        )
        heads = [("Monthly input tokens", True)] + [(sens_label(name, v), True) for v in cols]
        hr = headers(sh, heads, 30)
        if not multi:
            sh.freeze(f"B{hr + 1}")
        here = s.workload.monthly_tokens
        now = s.plan.epochs if name == "epochs" else s.workload.output_ratio
        for k, v in enumerate(vols):
            on_row = v == here
            sh.row(
                sh.num(v, "tokens+hl" if on_row else "tokens"),
                *[
                    sh.num(
                        float(sens["net_savings"][k, j]),
                        "money+hl" if on_row and cols[j] == now else "money",
                    )
                    for j in range(len(cols))
                ],
            )
        first, last = hr + 1, sh.row_no
        sh.ws.conditional_formatting.add(
            f"B{first}:{get_column_letter(ncols)}{last}",
            ColorScaleRule(
                start_type="min",
                start_color="F8696B",
                mid_type="num",
                mid_value=0,
                mid_color="FFFFFF",
                end_type="max",
                end_color="63BE7B",
            ),
        )
        sh.row()
        sh.para(
            f"Break-even (months) by monthly volume and {what}; never: the training is never paid back",
            last=width,
            style="bold_wrap",
        )
        headers(sh, heads, 30)
        for k, v in enumerate(vols):
            cells = []
            for j in range(len(cols)):
                be = float(sens["breakeven_months"][k, j])
                cells.append(
                    sh.num(be, "months") if math.isfinite(be) else sh.text("never", "never")
                )
            sh.row(sh.num(v, "tokens"), *cells)
        sh.blank()
        if i >= CHART_LIMIT:
            continue
        charts.net_saving_by_volume(
            sh,
            f"{get_column_letter(width + 2)}{top + 1}",
            months=res.comparison.months,
            column_name=name,
            columns=cols,
            volumes=vols,
            first=first,
            last=last,
        )
        sh.pad_to(top + 22)
