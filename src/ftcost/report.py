"""Headless XLSX report: a finished workbook of values and charts a manager can open and read.

`write_report` computes every scenario with the engine (`compute`) and writes one workbook:

    Scenarios     (more than one scenario) one row per scenario, linked to its sections
    Summary       the recommendation in words and its numbers; the workload restated
    Ranking       every model's fine-tuned route for the workload, cheapest over the horizon first
    Break-even    month-by-month cumulative cost of both routes; a chart with the crossover
    Sensitivity   net saving across monthly volumes × epochs (or output ratios), colour-scaled
    Alternatives  prompt engineering, RAG and routing for the same workload
    Assumptions   every price used with its checked date, source and notes; versions; conventions

Each sheet holds one section per scenario, in the scenarios' order. Every number is a value the
engine computed: no formulas, and no cost arithmetic here. Writing goes through `xlsxwrite`: text
from data is never a formula, the file appears atomically, same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .engine import (
    GRADE_THRESHOLDS,
    HIGH_VOLUME,
    LOW_VOLUME,
    RAG_EMBEDDING_PER_MILLION,
    RAG_SEARCH_PER_QUERY,
    Alternative,
    Decision,
    Grade,
    Ranking,
    candidates,
    compare,
    decide,
    grade,
    prompt_engineering_cost,
    rag_cost,
    rank,
    routing_cost,
    schedule,
    sensitivity,
)
from .errors import FtCostError, InputError, NoCandidate
from .model import HOURS_PER_MONTH, PRICE_FIELDS, Comparison, ModelPrice
from .pricing import PriceSet, load_prices
from .scenarios import Scenario, ScenarioError, check_models
from .units import MAX_QUANTITY, fmt_money, fmt_tokens
from .xlsxwrite import (
    Book,
    OutputError,
    Sheet,
    Spec,
    check_target,
    save,
    sheet_ref,
    write_atomically,
)

__all__ = [
    "CHART_LIMIT",
    "SHEETS",
    "OutputError",
    "ScenarioResult",
    "compute",
    "compute_all",
    "write_report",
    "write_results",
]

SHEETS = ("Summary", "Ranking", "Break-even", "Sensitivity", "Alternatives", "Assumptions")
OVERVIEW = "Scenarios"  # the first sheet when there is more than one scenario
CHART_LIMIT = 50  # scenarios that get charts: thousands of charts make a workbook slow to open

Progress = Callable[[str, int, int], None]  # (stage, done, total)


# =========================================================================== computing


@dataclass(frozen=True)
class ScenarioResult:
    """Everything the report shows for one scenario, as the engine computed it."""

    scenario: Scenario
    base: ModelPrice
    candidate: ModelPrice
    chosen: bool  # the candidate was picked by ftcost ("all"), not given
    decision: Decision
    comparison: Comparison
    ranking: Ranking
    grade: Grade
    schedule: list[tuple[int, float, float]]
    sensitivity: dict
    prompt: Alternative
    rag: Alternative
    routing: Alternative
    rag_requests: float
    route_to: ModelPrice
    prompt_model: ModelPrice  # the models the alternatives run on
    rag_model: ModelPrice
    route_premium: ModelPrice
    note: str = ""  # how the candidate was picked, when ftcost picked it

    def ranking_row(self, model_id: str):
        """The Ranking row of ``model_id`` (None if it is not ranked)."""
        return next((row for row in self.ranking.rows if row.id == model_id), None)


def _volume_ladder(monthly: float) -> list[float]:
    """Round volumes from 1/100× to 100× the monthly volume (1, 2.5, 5 × 10^k), and the volume."""
    centre = monthly if monthly > 0 else 1e6
    lo, hi = centre / 100, min(centre * 100, MAX_QUANTITY)  # the units' plausibility limit
    out = {monthly} if monthly > 0 else {0.0}
    k = math.floor(math.log10(lo))
    while 10.0**k <= hi:
        for f in (1.0, 2.5, 5.0):
            v = f * 10.0**k
            if lo * 0.999 <= v <= hi * 1.001:
                out.add(v)
        k += 1
    return sorted(out)


# How each priority picks (the engine's `decide`), in words for the Summary.
PICKED_BY = {
    "cost": "the cheapest fine-tuned route",
    "inference": "the lowest fine-tuned price per token",
    "self-hosting": "the cheapest fine-tuned route with open weights",
}


def _priority_pick(s: Scenario, ps: PriceSet, base_id: str, ranking: Ranking) -> tuple[str, str]:
    """The engine's pick by ``s.priority`` where the decision stopped before choosing one.

    (candidate id, a note when the priority could not be honoured and the cheapest was taken).
    """
    try:
        return candidates(s.plan, s.workload, base_id, s.priority, ps, ranking)[0].id, ""
    except NoCandidate as e:
        if s.priority == "cost":
            raise
        pick = candidates(s.plan, s.workload, base_id, "cost", ps, ranking)[0].id
        return pick, f"{e}: the figures below are for {PICKED_BY['cost']} instead"


def compute(s: Scenario, prices: PriceSet | str | None = None) -> ScenarioResult:
    """The engine's answers for one scenario (raises FtCostError naming the scenario)."""
    ps = load_prices(prices)
    try:
        return _compute(s, ps)
    except ScenarioError:
        raise
    except FtCostError as e:
        raise ScenarioError([f"{s.where}: {e}"]) from e


def _compute(s: Scenario, ps: PriceSet) -> ScenarioResult:
    w, plan = s.workload, s.plan
    if w.monthly_tokens is None:
        raise ScenarioError([f"{s.where}: monthly_tokens: the report needs a monthly volume"])
    base = ps.get(s.base)
    ranking = rank(plan, w, base=base.id, prices=ps)
    given = ps.get(s.candidate).id if s.candidate is not None else None
    try:
        d = decide(
            w.monthly_tokens,
            base=base.id,
            candidate=given,
            plan=plan,
            workload=w,
            narrow_task=s.narrow_task,
            prompt_solves=s.prompt_solves,
            changing_requirements=s.changing_requirements,
            needs_reasoning=s.needs_reasoning,
            multi_task=s.multi_task,
            priority=s.priority,
            high_volume=s.high_volume,
            low_volume=s.low_volume,
            prices=ps,
        )
    except NoCandidate as e:  # the engine had nothing to choose for this priority
        raise ScenarioError([f"{s.locate('priority')}: {e}"]) from None
    note = ""
    cand_id = given or d.candidate
    if cand_id is None:
        cand_id, note = _priority_pick(s, ps, base.id, ranking)
    cand = ps.get(cand_id)
    c = d.comparison if d.comparison is not None and d.comparison.candidate == cand.id else None
    c = c or compare(base.id, cand.id, plan, w, ps)
    volumes = s.sensitivity_volumes or _volume_ladder(w.monthly_tokens)
    values = s.sensitivity_values
    if s.sensitivity_by == "output_ratio":
        sens = sensitivity(
            base.id, cand.id, plan, w, monthly_tokens=volumes, output_ratio=values, prices=ps
        )
    else:
        epochs = values or sorted({1, 2, 3, 4, plan.epochs})
        sens = sensitivity(
            base.id, cand.id, plan, w, monthly_tokens=volumes, epochs=epochs, prices=ps
        )
    route_to = ps.get(s.route_to) if s.route_to else cand
    premium = ps.get(s.route_premium) if s.route_premium else base
    pe_model = ps.get(s.prompt_model) if s.prompt_model else base
    rag_model = ps.get(s.rag_model) if s.rag_model else base
    requests = s.requests  # an input (requests a month), not a cost
    try:
        rag = rag_cost(
            rag_model.id,
            w,
            requests=requests,
            context_tokens=s.rag_context_tokens,
            embedding_per_million=s.rag_embedding_price,
            search_per_query=s.rag_search_price,
            corpus_tokens=s.rag_corpus_tokens,
            prices=ps,
        )
    except InputError as e:  # RAG's inputs together (0 requests for a non-zero volume)
        key = "rag_requests" if s.rag_requests is not None else "request_tokens"
        raise ScenarioError([f"{s.locate(key)}: {e}"]) from None
    return ScenarioResult(
        scenario=s,
        base=base,
        candidate=cand,
        chosen=given is None,
        decision=d,
        comparison=c,
        ranking=ranking,
        grade=grade(base.id, plan, w, ps),
        schedule=schedule(c),
        sensitivity=sens,
        prompt=prompt_engineering_cost(pe_model.id, w, ps),
        rag=rag,
        routing=routing_cost(
            route_to.id,
            premium.id,
            w,
            simple_share=s.simple_share,
            router_per_million=s.router_price,
            prices=ps,
        ),
        rag_requests=requests,
        route_to=route_to,
        prompt_model=pe_model,
        rag_model=rag_model,
        route_premium=premium,
        note=note,
    )


# =========================================================================== styles

# Number formats (Excel codes; LibreOffice reads the same).
MONEY = '"$"#,##0.00##;[Red]-"$"#,##0.00##'
MONEY0 = '"$"#,##0;[Red]-"$"#,##0'
TOKENS = "#,##0"
MONTHS = "0.00"
COUNT = "0"
RATIO = "0.####"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
TOKENS_SHORT = '[>=1000000]#,##0.##,,"M";[>=1000]#,##0.##,"K";0'

NAVY, BLUE, PALE, GREY, RED = "1F3864", "2E75B6", "DDEBF7", "595959", "C00000"
GOOD, GOOD_BG, BAD, BAD_BG, WARN, WARN_BG = (
    "006100",
    "C6EFCE",
    "9C0006",
    "FFC7CE",
    "7F6000",
    "FFEB9C",
)

STYLES: dict[str, Spec] = {
    "text": Spec(),
    "wrap": Spec(wrap=True),
    "bold": Spec(bold=True),
    "bold_wrap": Spec(bold=True, wrap=True),
    "value": Spec(horizontal="right"),
    "value_bold": Spec(bold=True, horizontal="right"),
    "title": Spec(bold=True, size=16, color=NAVY, vertical="center"),
    "subtitle": Spec(italic=True, color=GREY),
    "note": Spec(italic=True, color=GREY),
    "note_wrap": Spec(italic=True, color=GREY, wrap=True),
    "section": Spec(bold=True, size=12, color="FFFFFF", fill=NAVY, vertical="center"),
    "header": Spec(bold=True, color=NAVY, fill=PALE, vertical="center", wrap=True, border=NAVY),
    "header_num": Spec(
        bold=True,
        color=NAVY,
        fill=PALE,
        horizontal="right",
        vertical="center",
        wrap=True,
        border=NAVY,
    ),
    "fine-tune": Spec(bold=True, size=13, color=GOOD, fill=GOOD_BG, vertical="center"),
    "prompt engineering": Spec(bold=True, size=13, color=WARN, fill=WARN_BG, vertical="center"),
    "don't fine-tune": Spec(bold=True, size=13, color=BAD, fill=BAD_BG, vertical="center"),
    "good": Spec(color=GOOD, fill=GOOD_BG, horizontal="center"),
    "centre": Spec(horizontal="center"),
    "bad": Spec(color=BAD, fill=BAD_BG),
    "never": Spec(bold=True, color=BAD, horizontal="right"),
    "grade": Spec(bold=True, size=14, color=NAVY, horizontal="right"),
    "link": Spec(color=BLUE, underline=True),
    "link_value": Spec(color=BLUE, underline=True, horizontal="right"),
    "money": Spec(fmt=MONEY),
    "money_bold": Spec(bold=True, fmt=MONEY),
    "tokens": Spec(fmt=TOKENS),
    "months": Spec(fmt=MONTHS),
    "months_bold": Spec(bold=True, fmt=MONTHS),
    "count": Spec(fmt=COUNT),
    "rank": Spec(fmt=COUNT, horizontal="center"),
    "ratio": Spec(fmt=RATIO),
    "percent": Spec(fmt=PERCENT),
    "date": Spec(fmt=DATE, horizontal="left"),
}

WIDTHS = {
    OVERVIEW: [5, 34, 16, 20, 14, 9, 14, 8, 8, 12, 12, 12, 12, 11, 13, 7, 70],
    "Summary": [32, 16, 16, 16, 62],
    "Ranking": [6, 17, 12, 11, 15, 11, 12, 11, 12, 12, 11, 12, 11, 10, 10, 11, 40],
    "Break-even": [24, 20, 20, 14],
    "Sensitivity": [22] + [13] * 12,
    "Alternatives": [38, 24, 13, 13, 12, 70],
    "Assumptions": [22, 17, 17, 11, 11] + [10] * len(PRICE_FIELDS) + [12, 9, 11, 18, 32, 70],
}

TITLES = {
    OVERVIEW: "Scenarios at a glance",
    "Ranking": "Ranking: every model's fine-tuned route, cheapest first",
    "Break-even": "Break-even: cumulative cost of each route, month by month",
    "Sensitivity": "Sensitivity: net saving by monthly volume",
    "Alternatives": "Alternatives: prompt engineering, RAG, routing",
    "Assumptions": "Assumptions: prices, versions, conventions",
}


# =========================================================================== words


def _status_note(m: ModelPrice) -> str:
    return "" if m.status == "active" else f" — prices {m.status}"


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word}" + ("" if n == 1 else "s")


def _sens_label(name: str, v: float) -> str:
    return _plural(v, "epoch") if name == "epochs" else f"output ratio {v:g}"


def _bands() -> str:
    return ", ".join(
        f"{letter} under {upper:.0%}" if math.isfinite(upper) else f"{letter} otherwise"
        for letter, upper in GRADE_THRESHOLDS
    )


def _grade_words(g: Grade, res: ScenarioResult) -> str:
    if g.best.endswith("(as is)"):
        return (
            f"{g.current} as used ({fmt_money(g.current_monthly)} a month) is already the cheapest "
            f"viable option for this workload. Grades by the share of today's monthly cost the "
            f"cheapest option would save: {_bands()}."
        )
    best = res.ranking_row(g.best)
    status = f" (prices {best.status})" if best is not None and best.status != "active" else ""
    return (
        f"{g.current} as used costs {fmt_money(g.current_monthly)} a month; the cheapest viable "
        f"option, fine-tuning {g.best}{status}, costs {fmt_money(g.best_monthly)} a month with its "
        f"training spread over the horizon: {g.savings_share:.1%} less "
        f"({fmt_money(g.monthly_savings)} a month). Grades by that share: {_bands()}."
    )


def _task_words(s: Scenario) -> str:
    return "; ".join(
        [
            "narrow task" if s.narrow_task else "general-purpose task",
            "a prompt alone solves it" if s.prompt_solves else "a prompt alone does not solve it",
            "requirements change often" if s.changing_requirements else "stable requirements",
            "needs reasoning" if s.needs_reasoning else "no special reasoning need",
            "one model serves many tasks" if s.multi_task else "a single task",
        ]
        + (
            [
                f"decision thresholds moved: high volume {fmt_tokens(s.high_volume)}, low volume "
                f"{fmt_tokens(s.low_volume)} tokens a month"
            ]
            if (s.high_volume, s.low_volume) != (HIGH_VOLUME, LOW_VOLUME)
            else []
        )
    )


def _rag_words(res: ScenarioResult) -> str:
    s = res.scenario
    per = (
        f"{fmt_tokens(s.rag_requests)} requests a month"
        if s.rag_requests is not None
        else f"one request per {fmt_tokens(s.request_tokens)} input tokens"
    )
    article = (s.rag_embedding_price, s.rag_search_price) == (
        RAG_EMBEDDING_PER_MILLION,
        RAG_SEARCH_PER_QUERY,
    )
    corpus = (
        f"; {fmt_tokens(s.rag_corpus_tokens)} corpus tokens re-embedded a month"
        if s.rag_corpus_tokens
        else ""
    )
    return (
        f"{res.rag.notes}; {per}; embedding {fmt_money(s.rag_embedding_price)} per 1M tokens, "
        f"search {fmt_money(s.rag_search_price)} per query"
        + (" (the article's low ends)" if article else "")
        + corpus
    )


# =========================================================================== charts


def _chart_title(book: Book, text: str, size: int = 1100):
    """A chart title in a modest size (openpyxl's default is large)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    cp = CharacterProperties(sz=size, b=True)
    para = Paragraph(
        pPr=ParagraphProperties(defRPr=cp), r=[RegularTextRun(rPr=cp, t=book.clean(text, 250))]
    )
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _line(ser, colour: str, dash: str | None = None, width: int = 28575) -> None:
    ser.marker.symbol = "none"
    ser.smooth = False
    ser.graphicalProperties.line.solidFill = colour
    ser.graphicalProperties.line.width = width  # EMU: 28575 = 2.25 pt
    if dash:
        ser.graphicalProperties.line.dashStyle = dash


def _axes(ch, x_title: str | None, y_title: str, y_format: str) -> None:
    from openpyxl.chart.axis import ChartLines

    ch.x_axis.title = x_title
    ch.y_axis.title = y_title
    ch.y_axis.number_format = y_format
    ch.y_axis.majorGridlines = ChartLines()
    ch.x_axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told otherwise
    ch.y_axis.delete = False
    if ch.legend is not None:
        ch.legend.position = "b"


# =========================================================================== sheets


def _section(sh: Sheet, text: str, ncols: int) -> int:
    return sh.row(
        sh.text(text, "section"), *[sh.text("", "section") for _ in range(ncols - 1)], height=20
    )


def _headers(sh: Sheet, names: Sequence[tuple[str, bool]], height: float = 45) -> int:
    """A table header row; ``names`` are (text, numeric column)."""
    return sh.row(*[sh.text(t, "header_num" if n else "header") for t, n in names], height=height)


def _write_ranking(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    headers = [
        ("Rank", False),
        ("Model", False),
        ("Provider", False),
        ("Status", False),
        ("Role", False),
        ("Training cost", True),
        ("Fine-tuned $ per 1M input tokens", True),
        ("Monthly cost", True),
        ("Total over horizon", True),
        ("Saving a month vs base", True),
        ("Break-even (months)", True),
        ("Net saving over horizon", True),
        ("Training price $/1M", True),
        ("FT input $/1M", True),
        ("FT output $/1M", True),
        ("Prices checked", False),
        ("Note", False),
    ]
    ps = sh.book.prices
    for i, res in enumerate(results):
        r, s = res.ranking, res.scenario
        top = _section(sh, s.name if multi else f"Ranking: {s.name}", len(headers))
        sh.book.anchors[("Ranking", i)] = top
        retrain = s.workload.retrain_every
        sh.para(
            f"Every model's fine-tuned route for {fmt_tokens(r.monthly_tokens)} input tokens a month "
            f"over {r.months} months, cheapest total (training + {r.months} months) first; training "
            f"paid {'once' if not retrain else f'every {retrain} months'}. {res.base.id} as used "
            f"now costs {fmt_money(r.base_monthly_cost)} a month.",
            last=12,
            style="note_wrap",
        )
        hr = _headers(sh, headers)
        if not multi:
            sh.freeze(f"C{hr + 1}")
        for row in r.rows:
            m = ps.get(row.id)
            role = (
                "candidate"
                if row.id == res.candidate.id
                else "base (used now)"
                if row.id == res.base.id
                else ""
            )
            hl = "+hl" if role == "candidate" else ""
            note = row.note
            if not note and row.total_cost is not None and row.breakeven_months is None:
                note = "never pays back"
            sh.row(
                sh.num(row.rank, "rank" + hl),
                sh.text(row.id, "text" + hl),
                sh.text(row.provider, "text" + hl),
                sh.text(row.status, "text" + hl),
                sh.text(role, "text" + hl),
                sh.num(row.training_cost, "money" + hl),
                sh.num(row.ft_per_million, "money" + hl),
                sh.num(row.monthly_cost, "money" + hl),
                sh.num(row.total_cost, "money" + hl),
                sh.num(row.monthly_savings, "money" + hl),
                sh.num(row.breakeven_months, "months" + hl),
                sh.num(row.net_savings, "money" + hl),
                sh.num(m.training, "money" + hl),
                sh.num(m.ft_input, "money" + hl),
                sh.num(m.ft_output, "money" + hl),
                sh.date(m.checked, "date" + hl),
                sh.text(note, "text" + hl),
            )
        sh.blank()


def _write_breakeven(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    from openpyxl.chart import Reference, ScatterChart, Series

    for i, res in enumerate(results):
        c, s = res.comparison, res.scenario
        top = _section(sh, s.name if multi else f"Break-even: {s.name}", 4)
        sh.book.anchors[("Break-even", i)] = top
        training = f"training {fmt_money(c.training_cost)} paid at month 0" + (
            f" and every {s.workload.retrain_every} months" if s.workload.retrain_every else ""
        )
        if c.breakeven_months is not None:
            sh.row(
                sh.text("Break-even (months)", "bold"), sh.num(c.breakeven_months, "months_bold")
            )
            sh.para(
                f"{fmt_tokens(c.breakeven_tokens)} tokens at {fmt_tokens(c.monthly_tokens)} a month; "
                f"{training}.",
                style="note_wrap",
            )
        else:
            sh.row(sh.text("Break-even (months)", "bold"), sh.text("never", "never"))
            sh.para(f"{c.reason}; {training}.", style="note_wrap")
        sh.row(
            sh.text(f"Net saving over {c.months} months", "bold"),
            sh.num(c.net_savings, "money_bold"),
        )
        sh.para(
            f"base route {fmt_money(c.tco_base)} − fine-tuned route {fmt_money(c.tco_ft)}",
            style="note_wrap",
        )
        hr = _headers(
            sh,
            [
                ("Month", True),
                (f"Base route: {res.base.id} (cumulative $)", True),
                (f"Fine-tuned {res.candidate.id} (cumulative $)", True),
                ("Cheaper so far", False),
            ],
        )
        if not multi:
            sh.freeze(f"A{hr + 1}")
        first, ymax = hr + 1, 0.0
        for month, base_cum, ft_cum in res.schedule:
            ahead = "fine-tuned" if ft_cum < base_cum else "base" if base_cum < ft_cum else "equal"
            sh.row(
                sh.num(month, "count"),
                sh.num(base_cum, "money"),
                sh.num(ft_cum, "money"),
                sh.text(ahead, "good" if ahead == "fine-tuned" else "centre"),
            )
            ymax = max(ymax, base_cum, ft_cum)
        last = sh.row_no
        be = c.breakeven_months
        marker = None
        if be is not None and be <= c.months:
            sh.row()
            sh.row(sh.text("For the chart: the break-even line", "note"))
            marker = sh.row(sh.num(be, "months"), sh.num(0.0, "money"))
            sh.row(sh.num(be, "months"), sh.num(ymax, "money"))
        sh.blank()
        if i >= CHART_LIMIT:
            continue
        ch = ScatterChart()
        ch.title = _chart_title(
            sh.book, f"Cumulative cost: {res.base.id} vs fine-tuned {res.candidate.id}"
        )
        ch.style = 2
        ch.height, ch.width = 10, 18
        xs = Reference(sh.ws, min_col=1, min_row=first, max_row=last)
        for col, name, colour in (
            (2, f"Base route ({res.base.id})", RED),
            (3, f"Fine-tuned {res.candidate.id}", BLUE),
        ):
            ser = Series(
                Reference(sh.ws, min_col=col, min_row=first, max_row=last),
                xs,
                title=sh.book.clean(name, 250),
            )
            _line(ser, colour)
            ch.series.append(ser)
        if marker:
            ser = Series(
                Reference(sh.ws, min_col=2, min_row=marker, max_row=marker + 1),
                Reference(sh.ws, min_col=1, min_row=marker, max_row=marker + 1),
                title=f"Break-even: {be:.2f} months",
            )
            _line(ser, "404040", "dash", 19050)
            ch.series.append(ser)
        _axes(ch, "Month", "Cumulative cost (USD)", MONEY0)
        ch.x_axis.scaling.min = 0
        ch.x_axis.scaling.max = c.months
        ch.x_axis.majorUnit = max(1, math.ceil(c.months / 12))
        ch.x_axis.number_format = "0"
        sh.ws.add_chart(ch, f"F{top + 1}")
        sh.pad_to(top + 22)  # the chart is ~20 rows tall: the next section starts below it


def _write_sensitivity(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    from openpyxl.chart import Reference, ScatterChart, Series
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    palette = (BLUE, RED, "70AD47", "ED7D31", "7030A0", "00B0F0", "FFC000", "7F7F7F")
    for i, res in enumerate(results):
        s, sens = res.scenario, res.sensitivity
        cols, name, vols = sens["columns"], sens["column_name"], sens["monthly_tokens"]
        ncols = 1 + len(cols)
        width = max(ncols, 5)
        top = _section(sh, s.name if multi else f"Sensitivity: {s.name}", width)
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
        heads = [("Monthly input tokens", True)] + [(_sens_label(name, v), True) for v in cols]
        hr = _headers(sh, heads, 30)
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
        _headers(sh, heads, 30)
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
        ch = ScatterChart()
        ch.title = _chart_title(
            sh.book, f"Net saving over {res.comparison.months} months by monthly volume"
        )
        ch.style = 2
        ch.height, ch.width = 10, 18
        xs = Reference(sh.ws, min_col=1, min_row=first, max_row=last)
        for j, v in enumerate(cols):
            ser = Series(
                Reference(sh.ws, min_col=2 + j, min_row=first, max_row=last),
                xs,
                title=_sens_label(name, v),
            )
            _line(ser, palette[j % len(palette)])
            ch.series.append(ser)
        log = min(vols) > 0 and len(vols) > 1
        _axes(
            ch, "Monthly input tokens" + (" (log scale)" if log else ""), "Net saving (USD)", MONEY0
        )
        ch.x_axis.number_format = TOKENS_SHORT
        ch.x_axis.tickLblPos = "low"  # volume labels below the plot, not on the $0 line
        if log:
            ch.x_axis.scaling.logBase = 10
            ch.x_axis.scaling.min = vols[0]
            ch.x_axis.scaling.max = vols[-1]
        sh.ws.add_chart(ch, f"{get_column_letter(width + 2)}{top + 1}")
        sh.pad_to(top + 22)


def _write_alternatives(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    from openpyxl.chart import BarChart, Reference

    for i, res in enumerate(results):
        c, s, w = res.comparison, res.scenario, res.scenario.workload
        top = _section(sh, s.name if multi else f"Alternatives: {s.name}", 6)
        sh.book.anchors[("Alternatives", i)] = top
        sh.para(
            "The article's alternatives to fine-tuning, costed for the same workload: "
            f"{fmt_tokens(w.monthly_tokens)} input tokens a month, output ratio {w.output_ratio:g}.",
            style="note_wrap",
        )
        hr = _headers(
            sh,
            [
                ("Option", False),
                ("Model(s)", False),
                ("Monthly cost", True),
                ("Per 1M input tokens", True),
                ("One-off cost", True),
                ("How it is costed", False),
            ],
            30,
        )
        if not multi:
            sh.freeze(f"B{hr + 1}")
        retrain = f", again every {w.retrain_every} months" if w.retrain_every else ""
        be = (
            f"pays back in {c.breakeven_months:.2f} months"
            if c.breakeven_months is not None
            else "never pays back"
        )
        fixed = (
            f" + {fmt_money(c.fixed_monthly)} a month hosting and storage"
            if c.fixed_monthly
            else ""
        )
        rows = [
            (
                f"Fine-tune {res.candidate.id}",
                res.candidate.id,
                c.monthly_ft_cost,
                c.ft_per_million,
                c.training_cost,
                f"fine-tuned prices{fixed}; training {fmt_money(c.training_cost)} once{retrain}; {be}",
            ),
            (
                "Prompt engineering (stay on base)"
                if res.prompt_model.id == res.base.id
                else "Prompt engineering",
                res.prompt_model.id,
                res.prompt.monthly_cost,
                res.prompt.per_million,
                0.0,
                res.prompt.notes
                + (": the route used now" if res.prompt_model.id == res.base.id else ""),
            ),
            (
                "RAG (retrieval-augmented generation)",
                res.rag_model.id,
                res.rag.monthly_cost,
                res.rag.per_million,
                0.0,
                _rag_words(res),
            ),
            (
                "Multi-model routing",
                f"{res.route_to.id} + {res.route_premium.id}",
                res.routing.monthly_cost,
                res.routing.per_million,
                0.0,
                f"{res.routing.notes} (base prices, no fine-tuning)"
                + (f"; router {fmt_money(s.router_price)} per 1M tokens" if s.router_price else ""),
            ),
        ]
        first = hr + 1
        for label, models, monthly, per_m, once, how in rows:
            n = sh.lines(how, 6, 6)
            sh.row(
                sh.text(label, "bold"),
                sh.text(models),
                sh.num(monthly, "money"),
                sh.num(per_m, "money"),
                sh.num(once, "money"),
                sh.text(how, "note_wrap"),
                height=15.0 * n + 3 if n > 1 else None,
            )
        last = sh.row_no
        sh.row()
        _headers(sh, [("Cost components", False), ("Component", False), ("$ a month", True)], 20)
        for alt, label in (
            (res.prompt, "Prompt engineering"),
            (res.rag, "RAG"),
            (res.routing, "Routing"),
        ):
            for part, value in alt.parts.items():
                sh.row(sh.text(label), sh.text(part), sh.num(value, "money"))
        sh.blank()
        if i >= CHART_LIMIT:
            continue
        ch = BarChart()
        ch.type = "bar"
        ch.style = 2
        ch.title = _chart_title(sh.book, "Monthly cost of each option (USD)")
        ch.height, ch.width = 7, 16
        ch.add_data(
            Reference(sh.ws, min_col=3, min_row=first, max_row=last), titles_from_data=False
        )
        ch.set_categories(Reference(sh.ws, min_col=1, min_row=first, max_row=last))
        ch.series[0].graphicalProperties.solidFill = BLUE
        ch.series[0].graphicalProperties.line.solidFill = BLUE
        ch.legend = None
        _axes(ch, None, "USD a month", MONEY)
        ch.y_axis.scaling.min = 0
        ch.x_axis.scaling.orientation = "maxMin"  # first option on top, as in the table
        anchor = sh.row_no + 1
        sh.ws.add_chart(ch, f"A{anchor}")
        sh.pad_to(anchor + 15)


def _write_summary(sh: Sheet, results: Sequence[ScenarioResult], multi: bool) -> None:
    ps = sh.book.prices
    for i, res in enumerate(results):
        s, c, d, g = res.scenario, res.comparison, res.decision, res.grade
        w, plan, t = s.workload, s.plan, c.training
        b, m = res.base, res.candidate
        top = _section(sh, f"Scenario {i + 1} of {len(results)}: {s.name}" if multi else s.name, 5)
        sh.book.anchors[("Summary", i)] = top
        if s.description:
            sh.para(s.description, 2, 5, "note_wrap", before=[sh.text("About", "bold")])
        links = [
            sh.text(f"→ {name}", "link", link=sheet_ref(name, sh.book.anchors[(name, i)]))
            for name in ("Ranking", "Break-even", "Sensitivity", "Alternatives")
        ]
        sh.row(sh.text("Details", "bold"), *links)
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
            f"out per 1M tokens{_status_note(b)}",
        )
        picked = PICKED_BY["cost" if res.note else s.priority]
        how = f"picked by ftcost: {picked}" if res.chosen else "as given"
        fig(
            "Fine-tuned candidate",
            sh.text(m.id, "value_bold"),
            f"{m.name}, {m.provider} ({how}): fine-tuned {fmt_money(m.ft_input)} in / "
            f"{fmt_money(m.ft_output)} out per 1M tokens; training {fmt_money(m.training)} per "
            f"1M tokens{_status_note(m)}",
        )
        extra = []
        if t.min_charge_applied:
            extra.append(f"minimum charge {fmt_money(m.min_training_charge)} per job applies")
        if t.compute_cost:
            extra.append(f"{fmt_money(t.compute_cost)} of training compute per run")
        fig(
            "Training cost",
            sh.num(c.training_cost, "money_bold"),
            f"{fmt_tokens(t.billed_tokens)} billed tokens per run "
            f"({fmt_tokens(plan.training_tokens)} × {_plural(plan.epochs, 'epoch')} + "
            f"{fmt_tokens(plan.validation_tokens)} validation) at {fmt_money(m.training)} per 1M, "
            f"× {_plural(t.runs, 'run')}" + ("; " + "; ".join(extra) if extra else ""),
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
            sh.num(c.monthly_base_cost, "money"),
            f"{fmt_tokens(w.monthly_tokens)} input tokens a month on {b.id}",
        )
        fig(
            "Monthly cost fine-tuned",
            sh.num(c.monthly_ft_cost, "money"),
            f"the same traffic on fine-tuned {m.id}"
            + (", hosting and storage included" if c.fixed_monthly else ""),
        )
        fig("Monthly saving", sh.num(c.monthly_savings, "money_bold"), "before paying for training")
        fig(
            "Annual saving (gross)",
            sh.num(c.annual_savings, "money"),
            "12 months of saving, before paying for training",
        )
        if c.breakeven_months is not None:
            fig(
                "Break-even (months)",
                sh.num(c.breakeven_months, "months_bold"),
                "months of saving that pay for the training",
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
        trainings = _plural(c.trainings, "training")
        fig(
            f"Net saving over {c.months} months",
            sh.num(c.net_savings, "money_bold"),
            f"base route {fmt_money(c.tco_base)} − fine-tuned route {fmt_money(c.tco_ft)} "
            f"({trainings} included)",
        )
        fig(
            f"Cost over {c.months} months, base route",
            sh.num(c.tco_base, "money"),
            f"{b.id} as used",
        )
        fig(
            f"Cost over {c.months} months, fine-tuned",
            sh.num(c.tco_ft, "money"),
            f"{trainings} + {c.months} months of fine-tuned {m.id}",
        )
        fig("Grade of the current setup", sh.text(g.letter, "grade"), _grade_words(g, res))
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
        fig("Task", sh.text("see right", "value"), _task_words(s))
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


def _write_overview(sh: Sheet, results: Sequence[ScenarioResult]) -> None:
    from openpyxl.formatting.rule import ColorScaleRule

    headers = [
        ("#", True),
        ("Scenario", False),
        ("Base (used now)", False),
        ("Candidate", False),
        ("Monthly input tokens", True),
        ("Output ratio", True),
        ("Training tokens", True),
        ("Epochs", True),
        ("Months", True),
        ("Training cost", True),
        ("Monthly cost now", True),
        ("Monthly cost fine-tuned", True),
        ("Monthly saving", True),
        ("Break-even (months)", True),
        ("Net saving over horizon", True),
        ("Grade", False),
        ("Recommendation", False),
    ]
    sh.para(
        "One row per scenario; click a name for its Summary. Each other sheet has one section per "
        "scenario, in this order.",
        last=12,
        style="note_wrap",
    )
    hr = _headers(sh, headers)
    sh.freeze(f"C{hr + 1}")
    for i, res in enumerate(results):
        s, c, w = res.scenario, res.comparison, res.scenario.workload
        sh.row(
            sh.num(i + 1, "count"),
            sh.text(s.name, "link", link=sheet_ref("Summary", sh.book.anchors[("Summary", i)])),
            sh.text(res.base.id),
            sh.text(res.candidate.id + (" (picked)" if res.chosen else "")),
            sh.num(w.monthly_tokens, "tokens"),
            sh.num(w.output_ratio, "ratio"),
            sh.num(s.plan.training_tokens, "tokens"),
            sh.num(s.plan.epochs, "count"),
            sh.num(w.months, "count"),
            sh.num(c.training_cost, "money"),
            sh.num(c.monthly_base_cost, "money"),
            sh.num(c.monthly_ft_cost, "money"),
            sh.num(c.monthly_savings, "money"),
            sh.num(c.breakeven_months, "months")
            if c.breakeven_months is not None
            else sh.text("never", "never"),
            sh.num(c.net_savings, "money"),
            sh.text(res.grade.letter),
            sh.text(res.decision.headline),
        )
    last = sh.row_no
    sh.ws.auto_filter.ref = f"A{hr}:Q{last}"
    sh.ws.conditional_formatting.add(
        f"O{hr + 1}:O{last}",
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


def _write_assumptions(sh: Sheet, results: Sequence[ScenarioResult], source: str) -> None:
    from openpyxl.utils import get_column_letter

    ps = sh.book.prices

    def block(label: str) -> None:
        r = sh.row(*[sh.text(label if k == 0 else "", "header") for k in range(10)], height=18)
        sh.merge(r, 1, 10)

    block("About this report")
    for label, value in (
        ("Made by", f"ftcost {__version__}"),
        ("Input", source or "command-line options"),
        ("Scenarios", f"{len(results)}"),
        ("Price set", ps.name),
        ("Price-data version", ps.version or "—"),
        ("Price-data description", ps.description or "—"),
        ("Price data read from", ps.source or "—"),
        ("Prices checked up to", ps.as_of.isoformat() if ps.as_of else "—"),
    ):
        sh.para(value, 2, 10, "wrap", before=[sh.text(label, "bold")])
    sh.row()
    block("Conventions")
    for label, value in (
        (
            "Values",
            "every number is a value ftcost's engine computed (no formulas): run ftcost report "
            "again to update it",
        ),
        ("Units", "USD; token prices per 1M tokens; hosting per hour, storage per month"),
        (
            "Volumes",
            "monthly tokens are input tokens of the task; output tokens = output ratio × input tokens",
        ),
        (
            "Hosting",
            f"a fine-tuned deployment billed by the hour runs {HOURS_PER_MONTH:g} hours a month "
            "(8,760 / 12)",
        ),
        (
            "Training",
            "(training tokens × epochs + validation tokens) × training price, at least the minimum "
            "charge, plus compute hours × hourly price, × runs; paid at month 0 and at each retraining",
        ),
        (
            "Decision",
            f"the article's framework: {fmt_tokens(HIGH_VOLUME)}+ tokens a month on a narrow task "
            f"is its high-volume case; under {fmt_tokens(LOW_VOLUME)} a month, prompt engineering; "
            "otherwise fine-tune when the training pays back within the horizon"
            + (
                " (a scenario that moves these thresholds says so on the Summary, under Task)"
                if any(
                    (r.scenario.high_volume, r.scenario.low_volume) != (HIGH_VOLUME, LOW_VOLUME)
                    for r in results
                )
                else ""
            ),
        ),
        ("Grade", f"share of today's monthly cost the cheapest viable option saves: {_bands()}"),
        (
            "RAG",
            f"embedding {fmt_money(RAG_EMBEDDING_PER_MILLION)} per 1M tokens and vector search "
            f"{fmt_money(RAG_SEARCH_PER_QUERY)} per query: the article's low ends"
            + (
                ", unless a scenario gives its own (the Alternatives sheet says which)"
                if any(
                    (r.scenario.rag_embedding_price, r.scenario.rag_search_price)
                    != (RAG_EMBEDDING_PER_MILLION, RAG_SEARCH_PER_QUERY)
                    for r in results
                )
                else ""
            ),
        ),
    ):
        sh.para(value, 2, 10, "wrap", before=[sh.text(label, "bold")])
    sh.row()

    used: dict[str, list[str]] = {}
    for res in results:
        roles = [
            (res.base.id, "base"),
            (res.candidate.id, "candidate"),
            (res.route_to.id, "routing"),
        ]
        # the alternatives' own models, where they are not the base (the default)
        roles += [
            (m.id, role)
            for m, role in (
                (res.route_premium, "routing"),
                (res.prompt_model, "prompt engineering"),
                (res.rag_model, "RAG"),
            )
            if m.id != res.base.id
        ]
        for mid, role in roles:
            if role not in used.setdefault(mid, []):
                used[mid].append(role)
    headers = [
        ("Provider", False),
        ("Model", False),
        ("Name", False),
        ("Status", False),
        ("Checked", False),
        *[(f"{label} {unit}", True) for _, label, unit in PRICE_FIELDS],
        ("Fixed $/month (hosting + storage)", True),
        ("Open weights", False),
        ("Max tokens per example", True),
        ("Used as", False),
        ("Source", False),
        ("Notes (errata, caveats)", False),
    ]
    block(f"Every price used: {len(ps)} models (the Ranking costs them all)")
    hr = _headers(sh, headers, 60)
    ncol = len(headers)
    for m in ps:
        role = ", ".join(used.get(m.id, []))
        hl = "+hl" if role else ""
        n = max(sh.lines(m.notes, ncol, ncol), sh.lines(m.source, ncol - 1, ncol - 1))
        sh.row(
            sh.text(m.provider, "text" + hl),
            sh.text(m.id, "text" + hl),
            sh.text(m.name, "text" + hl),
            sh.text(m.status, "text" + hl),
            sh.date(m.checked, "date" + hl),
            *[sh.num(getattr(m, f), "money" + hl) for f, _, _ in PRICE_FIELDS],
            sh.num(m.fixed_monthly, "money" + hl),
            sh.text("yes" if m.open_weights else "no", "text" + hl),
            sh.num(m.max_example_tokens, "tokens" + hl),
            sh.text(role, "text" + hl),
            sh.text(m.source, "wrap"),
            sh.text(m.notes, "note_wrap"),
            height=15.0 * n + 3 if n > 1 else None,
        )
    sh.ws.auto_filter.ref = f"A{hr}:{get_column_letter(ncol)}{sh.row_no}"
    sh.row(sh.text("Bold on cream: the models this report's scenarios name.", "note"))
    if ps.warnings:
        sh.row()
        block("Warnings about the price data")
        for wtext in ps.warnings:
            sh.para(wtext, 1, 12, "note_wrap")


# =========================================================================== workbook


def _build(
    results: Sequence[ScenarioResult],
    ps: PriceSet,
    *,
    title: str,
    source: str,
    progress: Progress | None,
) -> Book:
    book = Book(STYLES)
    book.prices = ps  # type: ignore[attr-defined]
    book.anchors = {}  # type: ignore[attr-defined]  # (sheet, scenario index) → section row
    multi = len(results) > 1
    names = ([OVERVIEW] if multi else []) + list(SHEETS)
    sheets = {n: book.sheet(n, WIDTHS[n]) for n in names}
    heading = title or "Is fine-tuning worth it?"
    sub = (
        f"ftcost {__version__} · prices: {ps.name} {ps.version} (checked up to "
        f"{ps.as_of.isoformat() if ps.as_of else '—'}) · USD · every number computed by "
        "ftcost's engine"
    )
    for n, sh in sheets.items():
        sh.row(sh.text(heading if n == "Summary" else TITLES[n], "title"), height=26)
        sh.row(sh.text(sub, "subtitle"))
        sh.row()
        if multi and n != OVERVIEW:
            sh.freeze("A3")  # the title stays in view; sections scroll under it
        if n == "Assumptions":  # a wide reference table: printed at its natural size
            sh.ws.sheet_properties.pageSetUpPr.fitToPage = False
        elif not multi:
            sh.ws.page_setup.fitToHeight = 1  # one page each: the sheets print as pictures
    if multi:
        sheets[OVERVIEW].ws.sheet_properties.tabColor = NAVY
    if len(results) > CHART_LIMIT:
        for n in ("Break-even", "Sensitivity", "Alternatives"):
            sheets[n].row(
                sheets[n].text(
                    f"Charts are drawn for the first {CHART_LIMIT} scenarios; the tables cover all "
                    f"{len(results)}.",
                    "note",
                )
            )
    # The Summary links to the other sections, so they are written first (each sheet streams
    # to its own file, so the order of writing does not change the order of the tabs).
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Ranking", lambda: _write_ranking(sheets["Ranking"], results, multi)),
        ("Break-even", lambda: _write_breakeven(sheets["Break-even"], results, multi)),
        ("Sensitivity", lambda: _write_sensitivity(sheets["Sensitivity"], results, multi)),
        ("Alternatives", lambda: _write_alternatives(sheets["Alternatives"], results, multi)),
        ("Assumptions", lambda: _write_assumptions(sheets["Assumptions"], results, source)),
        ("Summary", lambda: _write_summary(sheets["Summary"], results, multi)),
    ]
    if multi:
        steps.append((OVERVIEW, lambda: _write_overview(sheets[OVERVIEW], results)))
    for k, (name, step) in enumerate(steps, 1):
        step()
        if progress:
            progress(f"wrote sheet {name}", k, len(steps))
    book.wb.active = 0
    return book


def compute_all(
    scenarios: Sequence[Scenario],
    prices: PriceSet | str | None = None,
    progress: Progress | None = None,
) -> list[ScenarioResult]:
    """Every scenario computed (model names checked first, all problems reported at once)."""
    ps = load_prices(prices)
    scenarios = list(scenarios)
    if not scenarios:
        raise InputError("no scenarios to report on")
    check_models(scenarios, ps)
    results = []
    for k, s in enumerate(scenarios, 1):
        results.append(compute(s, ps))
        if progress:
            progress("computed scenario", k, len(scenarios))
    return results


def write_results(
    path: str | os.PathLike,
    results: Sequence[ScenarioResult],
    prices: PriceSet | str | None = None,
    *,
    title: str = "",
    source: str = "",
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write computed ``results`` as a report workbook (see `write_report`)."""
    ps = load_prices(prices)
    target = check_target(path, force)
    book = _build(results, ps, title=title, source=source, progress=progress)
    # Fixed times (the price data's as-of date): the same inputs give the same bytes.
    when = _dt.datetime.combine(ps.as_of or _dt.date(2026, 1, 1), _dt.time())
    try:
        write_atomically(target, lambda tmp: save(book, tmp, when, title or "ftcost report"), force)
    finally:
        book.discard()
    return target


def write_report(
    path: str | os.PathLike,
    scenarios: Sequence[Scenario],
    prices: PriceSet | str | None = None,
    *,
    title: str = "",
    source: str = "",
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Compute ``scenarios`` with the engine and write the report to ``path`` (.xlsx).

    Refuses to overwrite an existing file unless ``force``; nothing is written when a scenario
    fails. ``source`` says on the Assumptions sheet where the inputs came from;
    ``progress(stage, done, total)`` is called as the work goes. Returns the path written.
    """
    check_target(path, force)  # before the work: a refusal should come first
    results = compute_all(scenarios, prices, progress)
    return write_results(
        path, results, prices, title=title, source=source, force=force, progress=progress
    )
