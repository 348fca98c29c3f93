"""The `ftcost` command: thin commands over the library.

Each command parses its options, calls the engine and prints a table for people or JSON
(`--json`) for machines. A user's mistake exits with status 1 and one line on stderr; bad
command-line syntax exits with status 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from collections.abc import Callable, Sequence

from . import __version__
from .engine import PRIORITIES
from .errors import FtCostError

# --------------------------------------------------------------------------- output helpers


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _clean(obj):
    """JSON-safe: NaN/inf become null, tuples lists, dates strings."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def _json(obj) -> None:
    _out(json.dumps(_clean(obj), indent=2, ensure_ascii=False, allow_nan=False))


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[bool] | None = None
) -> str:
    """A plain-text table; ``right[i]`` right-aligns column i (numbers)."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    right = right or [False] * len(headers)

    def line(vals):
        return "  ".join(
            (v.rjust(w) if r else v.ljust(w)) for v, w, r in zip(vals, widths, right, strict=True)
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


# --------------------------------------------------------------------------- shared options


def _add_prices(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--prices",
        metavar="NAME|FILE",
        help="price set: 'default', 'article' (the article's table as published), or a TOML "
        "file/folder of your own (default: $FTCOST_PRICES or 'default')",
    )


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON for machines")


class _Given(argparse.Action):
    """Stores the value and records that it was given (`a.<dest>_given`)."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)
        setattr(namespace, self.dest + "_given", True)


def _add_training(p: argparse.ArgumentParser, required: bool = True) -> None:
    g = p.add_argument_group("training")
    one = g.add_mutually_exclusive_group(required=required)
    one.add_argument(
        "--training-tokens",
        default=None if required else "5M",
        metavar="N",
        help="tokens in the training file, e.g. 5M" + ("" if required else " (default 5M)"),
    )
    one.add_argument(
        "--training-file",
        default=None,
        metavar="FILE",
        help="a JSONL fine-tuning file instead: its tokens (as `ftcost dataset` counts them for "
        "the candidate) and, unless --epochs is given, OpenAI's default epochs",
    )
    g.add_argument(
        "--epochs",
        default=1,
        action=_Given,
        metavar="N",
        help="passes over the training file (default 1, as the article)",
    )
    g.add_argument(
        "--validation-tokens",
        default=0,
        metavar="N",
        help="validation tokens billed per run (default 0)",
    )
    g.add_argument(
        "--runs", default=1, metavar="N", help="training runs/experiments paid for (default 1)"
    )
    g.add_argument(
        "--training-hours",
        default=None,
        metavar="H",
        help="training compute hours (models billed by the hour)",
    )


def _add_workload(p: argparse.ArgumentParser, monthly_required: bool = False) -> None:
    g = p.add_argument_group("workload")
    g.add_argument(
        "--monthly-tokens",
        required=monthly_required,
        metavar="N",
        help="input tokens a month of the task, e.g. 1M",
    )
    g.add_argument(
        "--output-ratio",
        default=0.0,
        metavar="R",
        help="output tokens per input token (default 0: input only, as the article)",
    )
    g.add_argument(
        "--prompt-overhead",
        default=0.0,
        metavar="R",
        help="extra prompt tokens per task token that fine-tuning removes (default 0)",
    )
    g.add_argument(
        "--fallback-share",
        default=0.0,
        metavar="S",
        help="share of requests the fine-tuned model fails and the base redoes (default 0)",
    )
    g.add_argument(
        "--cached-share",
        default=0.0,
        metavar="S",
        help="share of input tokens at cached-input prices (default 0)",
    )
    g.add_argument(
        "--batch-share",
        default=0.0,
        metavar="S",
        help="share of traffic through a batch API (default 0)",
    )
    g.add_argument("--months", default=12, metavar="N", help="horizon for net savings (default 12)")
    g.add_argument(
        "--retrain-every",
        default=None,
        metavar="N",
        help="months between retrainings (default: trained once)",
    )


def _plan(a):
    from .model import TrainingPlan

    if getattr(a, "training_file", None):
        from .dataset import plan_from_file

        plan, note = plan_from_file(
            a.training_file,
            getattr(a, "candidate", None),
            getattr(a, "prices", None),
            epochs=a.epochs if getattr(a, "epochs_given", False) else None,
            validation_tokens=a.validation_tokens,
            runs=a.runs,
            training_hours=a.training_hours,
        )
        sys.stderr.write(f"ftcost: {note}\n")
        return plan
    return TrainingPlan(
        training_tokens=a.training_tokens,
        epochs=a.epochs,
        validation_tokens=a.validation_tokens,
        runs=a.runs,
        training_hours=a.training_hours,
    )


def _workload(a):
    from .model import Workload

    return Workload(
        monthly_tokens=a.monthly_tokens,
        output_ratio=a.output_ratio,
        prompt_overhead=a.prompt_overhead,
        fallback_share=a.fallback_share,
        cached_share=a.cached_share,
        batch_share=a.batch_share,
        months=a.months,
        retrain_every=a.retrain_every,
    )


def _prices(a):
    """The price set a command asked for; a user's file gets its units warnings on stderr."""
    from .pricing import load_prices

    ps = load_prices(a.prices)
    if not ps.builtin:  # the built-in sets' warnings are documented errata (ftcost check-pricing)
        for w in ps.warnings:
            sys.stderr.write(f"ftcost: warning: {w}\n")
    return ps


def _label(ps) -> str:
    return f"prices: {ps.name}" + (f" {ps.version}" if ps.version else "")


# --------------------------------------------------------------------------- commands


def cmd_models(a) -> int:
    from .model import PRICE_FIELDS
    from .units import fmt_rate

    ps = _prices(a)
    if a.json:
        _json({"price_set": ps.name, "version": ps.version, "models": [m.as_dict() for m in ps]})
        return 0
    fields = PRICE_FIELDS if a.all else PRICE_FIELDS[:5] + PRICE_FIELDS[11:]
    headers = [
        "Model",
        "Provider",
        "Status",
        *[f"{lab} {unit}" for _, lab, unit in fields],
        "Checked",
    ]
    rows = []
    for m in ps:
        vals = [getattr(m, f) for f, _, _ in fields]
        rows.append(
            [
                m.id,
                m.provider,
                m.status,
                *[("" if v is None else fmt_rate(v)) for v in vals],
                m.checked.isoformat(),
            ]
        )
    _out(f"{len(ps)} models ({_label(ps)}; USD, token prices per 1M tokens)")
    _out(table(headers, rows, [False] * 3 + [True] * len(fields) + [False]))
    if a.notes:
        _out()
        for m in ps:
            if m.notes:
                _out(textwrap.fill(f"{m.id}: {m.notes}", width=100, subsequent_indent="  "))
    else:
        _out(
            "\nNotes and sources: ftcost models --notes   Every field: --all   For machines: --json"
        )
    return 0


def _breakeven_text(c, ps) -> list[str]:
    from .units import fmt_money, fmt_rate, fmt_tokens

    t = c.training
    lines = [
        f"{c.base} → fine-tuned {c.candidate}  ({_label(ps)})",
        f"  Training cost      {fmt_money(c.training_cost)}"
        + (
            f"   ({fmt_tokens(t.billed_tokens)} billed tokens per run × {t.runs} run{'s' if t.runs != 1 else ''})"
        ),
        f"  Base route         {fmt_rate(c.base_per_million)} per 1M input tokens",
        f"  Fine-tuned route   {fmt_rate(c.ft_per_million)} per 1M input tokens"
        + (f" + {fmt_money(c.fixed_monthly)}/month hosting and storage" if c.fixed_monthly else ""),
        f"  Saving             {fmt_rate(c.savings_per_million_tokens)} per 1M tokens",
    ]
    if c.breakeven_tokens is not None:
        be = f"  Break-even         {fmt_tokens(c.breakeven_tokens)} tokens"
        if c.breakeven_months is not None:
            be += (
                f" = {c.breakeven_months:.3g} months at {fmt_tokens(c.monthly_tokens)} tokens/month"
            )
        lines.append(be)
    if c.monthly_savings is not None:
        lines += [
            f"  Monthly saving     {fmt_money(c.monthly_savings)}   (annual, gross: {fmt_money(c.annual_savings)})",
            f"  Net saving         {fmt_money(c.net_savings)} over {c.months} months, after "
            + (f"{c.trainings} trainings" if c.trainings > 1 else "training"),
        ]
    if c.reason:
        lines.append(f"  Note: {c.reason}")
    lines += [f"  Warning: {w}" for w in c.warnings]
    return lines


def cmd_breakeven(a) -> int:
    from .engine import compare

    ps = _prices(a)
    c = compare(a.base, a.candidate, _plan(a), _workload(a), ps)
    if a.json:
        d = c.as_dict()
        d["price_set"] = ps.name
        d["price_version"] = ps.version
        _json(d)
    else:
        _out("\n".join(_breakeven_text(c, ps)))
    return 0


def _rank_rows(r):
    from .units import fmt_money, fmt_rate

    def num(x, digits=3):
        return "—" if x is None else f"{x:.{digits}g}"

    rows = []
    for row in r.rows:
        cells = [
            row.rank,
            row.id,
            row.provider,
            row.status,
            fmt_money(row.training_cost),
            fmt_rate(row.ft_per_million),
            fmt_money(row.monthly_cost),
            fmt_money(row.total_cost),
        ]
        if r.base:
            cells += [
                fmt_money(row.monthly_savings),
                num(row.breakeven_months),
                fmt_money(row.net_savings),
            ]
        cells.append(row.note)
        rows.append(cells)
    headers = [
        "#",
        "Model",
        "Provider",
        "Status",
        "Training",
        "FT $/1M",
        "Monthly",
        f"{r.months}-month total",
    ]
    if r.base:
        headers += ["Saving/month", "Break-even (mo)", "Net saving"]
    headers.append("Note")
    return headers, rows


def cmd_rank(a) -> int:
    from .engine import rank
    from .units import fmt_money, fmt_tokens

    ps = _prices(a)
    r = rank(_plan(a), _workload(a), base=a.base, prices=ps)
    if a.json:
        _json(
            {
                "price_set": ps.name,
                "base": r.base,
                "base_monthly_cost": r.base_monthly_cost,
                "months": r.months,
                "monthly_tokens": r.monthly_tokens,
                "ranking": r.records(),
            }
        )
        return 0
    _out(
        f"Fine-tuned routes for {fmt_tokens(r.monthly_tokens)} tokens/month over {r.months} months, cheapest first ({_label(ps)})"
    )
    if r.base:
        _out(f"Against {r.base} as used now: {fmt_money(r.base_monthly_cost)}/month")
    headers, rows = _rank_rows(r)
    _out(
        table(
            headers,
            rows,
            [True, False, False, False, True, True, True, True]
            + ([True] * 3 if r.base else [])
            + [False],
        )
    )
    return 0


def cmd_recommend(a) -> int:
    from .engine import decide

    ps = _prices(a)
    w = _workload(a)
    d = decide(
        a.monthly_tokens,
        base=a.base,
        candidate=a.candidate,
        plan=_plan(a),
        workload=w,
        narrow_task=not a.not_narrow,
        prompt_solves=a.prompt_solves,
        changing_requirements=a.changing_requirements,
        needs_reasoning=a.needs_reasoning,
        multi_task=a.multi_task,
        priority=a.priority,
        prices=ps,
    )
    if a.json:
        _json(
            {
                "verdict": d.verdict,
                "headline": d.headline,
                "reasons": list(d.reasons),
                "candidate": d.candidate,
                "comparison": d.comparison.as_dict() if d.comparison else None,
            }
        )
        return 0
    _out(d.headline)
    for r in d.reasons:
        _out(textwrap.fill(r, width=100, initial_indent="  - ", subsequent_indent="    "))
    if d.comparison is not None:
        _out()
        _out("\n".join(_breakeven_text(d.comparison, ps)))
    return 0


def cmd_check_pricing(a) -> int:
    from .pricing import validate_path

    ps, errors, warnings = validate_path(a.file)
    if a.json:
        _json(
            {
                "ok": not errors,
                "errors": errors,
                "warnings": warnings,
                "models": len(ps) if ps else 0,
            }
        )
        return 1 if errors else 0
    for e in errors:
        _out(f"error: {e}")
    for w in warnings:
        _out(f"warning: {w}")
    if errors:
        _out(
            f"{len(errors)} error{'s' if len(errors) != 1 else ''}, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        )
        return 1
    _out(
        f"ok: {len(ps)} models in {ps.source} ({ps.name}{' ' + ps.version if ps.version else ''}), {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    )
    return 0


# --------------------------------------------------------------------------- parser


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog):
        super().__init__(prog, max_help_position=30, width=100)


def _sub(subs, name: str, func: Callable, help: str, example: str) -> argparse.ArgumentParser:
    p = subs.add_parser(
        name, help=help, description=help + "\n\nexample:\n  " + example, formatter_class=_Formatter
    )
    p.set_defaults(func=func)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ftcost",
        description="Is fine-tuning an LLM worth it? Training cost, break-even, provider ranking and alternatives.",
        epilog="Run `ftcost COMMAND --help` for a command's options and an example.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"ftcost {__version__}")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _sub(
        subs,
        "models",
        cmd_models,
        "List the models and prices in the price data.",
        "ftcost models --prices article",
    )
    _add_prices(p)
    p.add_argument("--all", action="store_true", help="show every price field (cached, batch, ...)")
    p.add_argument(
        "--notes", action="store_true", help="print each model's notes (errata, caveats)"
    )
    _add_json(p)

    p = _sub(
        subs,
        "breakeven",
        cmd_breakeven,
        "Cost of fine-tuning CANDIDATE to replace BASE, and when the training pays back.",
        "ftcost breakeven --base gpt-4o --candidate gpt-4o-mini --training-tokens 5M --monthly-tokens 1M",
    )
    _add_prices(p)
    p.add_argument(
        "--base", required=True, metavar="MODEL", help="the model you use now (e.g. gpt-4o)"
    )
    p.add_argument(
        "--candidate",
        required=True,
        metavar="MODEL",
        help="the model to fine-tune (e.g. gpt-4o-mini)",
    )
    _add_training(p)
    _add_workload(p)
    _add_json(p)

    p = _sub(
        subs,
        "rank",
        cmd_rank,
        "Rank every model's fine-tuned route for a workload, cheapest over the horizon first.",
        "ftcost rank --monthly-tokens 100M --training-tokens 5M --base gpt-4o",
    )
    _add_prices(p)
    p.add_argument(
        "--base", metavar="MODEL", help="the model you use now: adds savings and break-even columns"
    )
    _add_training(p, required=False)
    _add_workload(p, monthly_required=True)
    _add_json(p)

    p = _sub(
        subs,
        "recommend",
        cmd_recommend,
        "The article's decision framework for your workload, with the break-even computed.",
        "ftcost recommend --monthly-tokens 150M --base gpt-4o --training-tokens 5M",
    )
    _add_prices(p)
    p.add_argument(
        "--base", metavar="MODEL", help="the model you use now (needed for a break-even)"
    )
    p.add_argument(
        "--candidate",
        metavar="MODEL",
        help="the model to fine-tune (default: chosen by --priority)",
    )
    p.add_argument(
        "--priority",
        default="cost",
        choices=PRIORITIES,
        help="how to choose the candidate (default cost)",
    )
    p.add_argument(
        "--not-narrow",
        action="store_true",
        help="the task is general-purpose (chat, Q&A, summarisation)",
    )
    p.add_argument(
        "--prompt-solves", action="store_true", help="a well-crafted prompt already solves it"
    )
    p.add_argument("--changing-requirements", action="store_true", help="the task changes often")
    p.add_argument(
        "--needs-reasoning", action="store_true", help="the task needs reasoning ability"
    )
    p.add_argument(
        "--multi-task", action="store_true", help="one model serves many different tasks"
    )
    _add_training(p, required=False)
    _add_workload(p, monthly_required=True)
    _add_json(p)

    p = _sub(
        subs,
        "check-pricing",
        cmd_check_pricing,
        "Validate a price file, folder or built-in set; list every error and units warning.",
        "ftcost check-pricing my-prices.toml",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a TOML file, a folder of them, 'default' or 'article' (default: $FTCOST_PRICES or 'default')",
    )
    _add_json(p)

    _register_template(subs)
    _register_report(subs)
    _register_dataset(subs)
    return parser


# Commands whose work lives in their own modules. Each module is imported inside the command's
# function, so `ftcost models` does not pay for openpyxl.


# --- template, update-prices (template.py) ---
def _register_template(subs) -> None:
    p = _sub(
        subs,
        "template",
        cmd_template,
        "Write the template workbook: Providers table and scenario tabs of plain Excel formulas.",
        "ftcost template -o my-case.xlsx",
    )
    _add_prices(p)
    p.add_argument(
        "-o",
        "--output",
        default="ftcost-template.xlsx",
        metavar="FILE",
        help="where to write it (default ftcost-template.xlsx)",
    )
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p = _sub(
        subs,
        "update-prices",
        cmd_update_prices,
        "Refresh the Providers table of a filled-in template from the price data; keeps your "
        "inputs, your own rows and everything else, and writes a backup first.",
        "ftcost update-prices my-case.xlsx --prices default",
    )
    _add_prices(p)
    p.add_argument("workbook", metavar="WORKBOOK", help="a workbook made by `ftcost template`")
    _add_json(p)


def cmd_template(a) -> int:
    from .template import write_template

    ps = _prices(a)
    out = write_template(a.output, ps, force=a.force)
    _out(f"wrote {out} ({len(ps)} models, {_label(ps)}); fill in the yellow cells on Break-even")
    return 0


def cmd_update_prices(a) -> int:
    from .template import update_prices

    ps = _prices(a)
    report = update_prices(a.workbook, ps)
    if a.json:
        _json(report.as_dict())
    else:
        for line in report.lines():
            _out(line)
    return 0


# --- report (report.py) ---
# Options that describe a scenario: argparse dest → scenario field. Their defaults are None, so a
# value means the option was given and overrides the example, the scenario file or the template.
_REPORT_FIELDS = {
    "base": "base",
    "candidate": "candidate",
    "training_tokens": "training_tokens",
    "epochs": "epochs",
    "validation_tokens": "validation_tokens",
    "runs": "runs",
    "training_hours": "training_hours",
    "monthly_tokens": "monthly_tokens",
    "output_ratio": "output_ratio",
    "prompt_overhead": "prompt_overhead",
    "fallback_share": "fallback_share",
    "cached_share": "cached_share",
    "batch_share": "batch_share",
    "months": "months",
    "retrain_every": "retrain_every",
    "sensitivity_volumes": "sensitivity_volumes",
    "sensitivity_epochs": "sensitivity_epochs",
    "sensitivity_output_ratios": "sensitivity_output_ratios",
    "prompt_model": "prompt_model",
    "rag_model": "rag_model",
    "request_tokens": "request_tokens",
    "rag_requests": "rag_requests",
    "rag_context_tokens": "rag_context_tokens",
    "rag_embedding_price": "rag_embedding_price",
    "rag_search_price": "rag_search_price",
    "rag_corpus_tokens": "rag_corpus_tokens",
    "route_to": "route_to",
    "route_premium": "route_premium",
    "simple_share": "simple_share",
    "router_price": "router_price",
    "priority": "priority",
    "high_volume": "high_volume",
    "low_volume": "low_volume",
    "prompt_solves": "prompt_solves",
    "changing_requirements": "changing_requirements",
    "needs_reasoning": "needs_reasoning",
    "multi_task": "multi_task",
}


def _register_report(subs) -> None:
    p = _sub(
        subs,
        "report",
        cmd_report,
        "Write a finished XLSX report (summary, ranking, break-even chart, sensitivity, "
        "alternatives, assumptions) from options, a scenario file or a filled-in template.",
        "ftcost report --example -o report.xlsx\n"
        "  ftcost report scenarios.toml -o report.xlsx\n"
        "  ftcost report my_filled_template.xlsx -o report.xlsx\n"
        "  ftcost report --base gpt-4o --candidate all --monthly-tokens 100M -o report.xlsx",
    )
    p.add_argument(
        "input",
        nargs="?",
        metavar="INPUT",
        help="a scenario file (.toml, one or more [[scenario]] workloads) or a filled-in template "
        "workbook (.xlsx); options below override what it says",
    )
    p.add_argument(
        "--example",
        action="store_true",
        help="the built-in example: the article's GPT-4o → fine-tuned GPT-4o mini scenario "
        "(5M training tokens, 1M tokens/month, 12 months)",
    )
    p.add_argument(
        "-o",
        "--output",
        default="ftcost-report.xlsx",
        metavar="FILE",
        help="the workbook to write (default ftcost-report.xlsx)",
    )
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    p.add_argument("--title", metavar="TEXT", help="title on the Summary sheet")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    _add_prices(p)
    p.add_argument("--base", metavar="MODEL", help="the model you use now (e.g. gpt-4o)")
    p.add_argument(
        "--candidate",
        metavar="MODEL|all",
        help="the model to fine-tune, or 'all': rank every model and report on the cheapest "
        "(default all)",
    )
    _add_training(p, required=False)
    _add_workload(p)
    g = p.add_argument_group("task (the article's decision framework)")
    g.add_argument(
        "--not-narrow",
        dest="narrow_task",
        action="store_const",
        const=False,
        help="the task is general-purpose (chat, Q&A, summarisation)",
    )
    g.add_argument("--prompt-solves", action="store_const", const=True, help="a prompt solves it")
    g.add_argument(
        "--changing-requirements", action="store_const", const=True, help="the task changes often"
    )
    g.add_argument(
        "--needs-reasoning", action="store_const", const=True, help="the task needs reasoning"
    )
    g.add_argument(
        "--multi-task", action="store_const", const=True, help="one model serves many tasks"
    )
    g.add_argument(
        "--priority",
        choices=PRIORITIES,
        help="how to pick the candidate when it is 'all': cheapest over the horizon (cost, the "
        "default), lowest fine-tuned price per token (inference), open weights (self-hosting)",
    )
    g.add_argument(
        "--high-volume",
        metavar="N",
        help="monthly tokens from which a narrow task is the article's high-volume case "
        "(default 100M)",
    )
    g.add_argument(
        "--low-volume",
        metavar="N",
        help="monthly tokens under which the answer is prompt engineering (default 1M)",
    )
    g = p.add_argument_group("sensitivity and alternatives")
    g.add_argument(
        "--sensitivity-volumes",
        metavar="LIST",
        help="monthly volumes for the Sensitivity sheet, e.g. 100K,1M,10M "
        "(default: 1/100× to 100× the monthly volume)",
    )
    one = g.add_mutually_exclusive_group()
    one.add_argument(
        "--sensitivity-epochs", metavar="LIST", help="epochs for its columns (default 1,2,3,4)"
    )
    one.add_argument(
        "--sensitivity-output-ratios",
        metavar="LIST",
        help="output ratios for its columns instead of epochs, e.g. 0,0.5,1",
    )
    g.add_argument(
        "--prompt-model",
        metavar="MODEL",
        help="the model for the prompt-engineering alternative (default: the base)",
    )
    g.add_argument(
        "--rag-model",
        metavar="MODEL",
        help="the generation model for the RAG alternative (default: the base)",
    )
    one = g.add_mutually_exclusive_group()
    one.add_argument(
        "--request-tokens",
        metavar="N",
        help="average input tokens per request: RAG makes one search per N input tokens "
        "(default 1000)",
    )
    one.add_argument(
        "--rag-requests",
        metavar="N",
        help="RAG requests (vector searches) a month, instead of --request-tokens",
    )
    g.add_argument(
        "--rag-context-tokens",
        metavar="N",
        help="retrieved context tokens per request for RAG (default 2000)",
    )
    g.add_argument(
        "--rag-embedding-price",
        metavar="USD",
        help="RAG embedding price per 1M tokens (default 0.10, the article's low end)",
    )
    g.add_argument(
        "--rag-search-price",
        metavar="USD",
        help="RAG vector search price per query (default 0.00001, the article's low end)",
    )
    g.add_argument(
        "--rag-corpus-tokens",
        metavar="N",
        help="corpus tokens RAG (re-)embeds each month (default 0)",
    )
    g.add_argument(
        "--route-to",
        metavar="MODEL",
        help="the cheap model for the routing alternative (default: the candidate)",
    )
    g.add_argument(
        "--route-premium",
        metavar="MODEL",
        help="the model taking the rest of the traffic when routing (default: the base)",
    )
    g.add_argument(
        "--simple-share",
        metavar="S",
        help="share of requests simple enough for the cheap model (default 0.7)",
    )
    g.add_argument(
        "--router-price",
        metavar="USD",
        help="a router's own cost per 1M tokens when routing (default 0)",
    )
    # None means "not given": only given options override the input.
    p.set_defaults(
        **dict.fromkeys([*_REPORT_FIELDS, "training_tokens", "narrow_task", "prices"], None)
    )


def _report_overrides(a) -> dict:
    out = {field: getattr(a, dest) for dest, field in _REPORT_FIELDS.items()}
    out["narrow_task"] = a.narrow_task
    return {k: v for k, v in out.items() if v is not None}


class _ReportProgress:
    """Progress on stderr for long runs: in place on a terminal, a line per 10% otherwise."""

    def __init__(self, quiet: bool, scenarios: int) -> None:
        self.tty = sys.stderr.isatty()
        self.show = not quiet and (self.tty or scenarios >= 100)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.show:
            return
        if stage == "computed scenario":
            if not self.tty and done % max(1, total // 10) and done != total:
                return
            msg = f"ftcost: computed {done:,}/{total:,} scenarios"
        else:
            msg = f"ftcost: {stage} ({done}/{total})"
        if self.tty:  # one line rewritten in place, cleared when the work is done
            last = done == total and stage != "computed scenario"
            sys.stderr.write("\r\033[K" + ("" if last else msg))
        else:
            sys.stderr.write(msg + "\n")
        sys.stderr.flush()


def _report_input(a, overrides: dict):
    """(scenarios, prices spec, title, source) from INPUT, --example or the options."""
    import zipfile
    from pathlib import Path

    from .errors import InputError, WorkbookError
    from .scenarios import build_scenario, example, option_name, read_scenarios, with_overrides

    if a.example and a.input:
        raise InputError("give INPUT or --example, not both")
    if a.example or (a.input and Path(a.input).suffix.lower() == ".toml"):
        f = example() if a.example else read_scenarios(a.input)
        scenarios = [with_overrides(s, overrides) for s in f.scenarios]
        source = (
            "the built-in example (the article's scenario)" if a.example else Path(a.input).name
        )
        return scenarios, a.prices or f.prices, a.title or f.title, source
    if a.input:
        path = Path(a.input)
        if not path.is_file():
            raise InputError(
                f"INPUT: {a.input}: " + ("is a folder" if path.is_dir() else "file not found")
            )
        if path.suffix.lower() not in (".xlsx", ".xlsm") and not zipfile.is_zipfile(path):
            raise InputError(
                f"INPUT: {a.input}: expected a scenario file (.toml) or a filled-in template (.xlsx)"
            )
        if not zipfile.is_zipfile(path):
            raise WorkbookError(
                f"{a.input}: not an .xlsx workbook (damaged, or another format with an .xlsx name)"
            )
        if a.prices:
            raise InputError(
                "--prices: a filled-in template carries its own prices (its Providers sheet); "
                "edit them there"
            )
        from .scenarios import from_template
        from .template import read_filled_template

        t = read_filled_template(path)  # its Decision and Alternatives tabs' answers too
        s = from_template(t, path.name)
        return [with_overrides(s, overrides)], t.prices, a.title or "", path.name
    # options only
    if "base" not in overrides:
        raise InputError(
            "--base: give the model you use now (or use --example, a scenario file or a "
            "filled-in template)"
        )
    if "monthly_tokens" not in overrides:
        raise InputError("--monthly-tokens: the report needs a monthly volume, e.g. 1M")
    raw = {"training_tokens": "5M"} | overrides
    cand = raw.get("candidate") or "all"
    who = "the cheapest fine-tuned route" if str(cand).lower() == "all" else f"fine-tuned {cand}"
    raw["name"] = f"{raw['base']} → {who}, {raw['monthly_tokens']} tokens/month"[:100]
    s, problems = build_scenario(raw, lambda key: option_name(key) if key else "command line")
    if problems:
        from .scenarios import ScenarioError

        raise ScenarioError(problems)
    return [s], a.prices, a.title or "", "command-line options"


def cmd_report(a) -> int:
    from pathlib import Path

    from .report import compute_all, write_results
    from .scenarios import ScenarioError
    from .xlsxwrite import check_target

    try:
        overrides = _report_overrides(a)
        if a.training_file:
            from .dataset import plan_from_file

            cand = overrides.get("candidate")
            plan, note = plan_from_file(
                a.training_file,
                None if cand is None or str(cand).lower() == "all" else cand,
                a.prices,
                epochs=overrides.get("epochs"),
            )
            sys.stderr.write(f"ftcost: {note}\n")
            overrides["training_tokens"] = plan.training_tokens
            overrides["epochs"] = plan.epochs
        scenarios, prices_spec, title, source = _report_input(a, overrides)
        if (
            a.input
            and Path(a.output).exists()
            and Path(a.output).resolve() == Path(a.input).resolve()
        ):
            raise FtCostError(f"output: {a.output} is the input file; give another name")
        check_target(a.output, a.force)  # refuse before the work, not after
        if isinstance(prices_spec, str) or prices_spec is None:
            from_file = a.prices is None and prices_spec is not None and a.input
            a.prices = prices_spec
            try:
                ps = _prices(a)
            except FtCostError as e:
                if from_file:  # say which file asked for these prices
                    raise FtCostError(f"{a.input}: prices: {e}") from None
                raise
        else:
            ps = prices_spec  # a template's own prices
        progress = _ReportProgress(a.quiet, len(scenarios))
        results = compute_all(scenarios, ps, progress)
        path = write_results(
            a.output, results, ps, title=title, source=source, force=a.force, progress=progress
        )
    except ScenarioError as e:
        if len(e.problems) == 1:
            raise FtCostError(e.problems[0]) from None
        for p in e.problems:
            sys.stderr.write(f"ftcost: error: {p}\n")
        raise FtCostError(f"{len(e.problems)} problems; nothing written") from None
    n = len(results)
    _out(f"Wrote {path}: {n:,} scenario{'s' if n != 1 else ''} ({_label(ps)})")
    for res in results[:5]:
        _out(f"  {res.scenario.name}: {res.decision.headline}")
    if n > 5:
        _out(f"  … and {n - 5:,} more (see the Scenarios sheet)")
    return 0


# --- dataset (dataset.py) ---
def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def cmd_dataset(a) -> int:
    from .dataset import analyze
    from .tokens import ENCODINGS, encoding_for, exact_available
    from .units import fmt_money

    ps = _prices(a)
    model = ps.get(a.model) if a.model else None
    if a.encoding in ("auto", "estimate"):
        needed = {encoding_for(m)[0] for m in ps}
        encodings = [e for e in ENCODINGS if e in needed] or [ENCODINGS[0]]
    else:
        encodings = [a.encoding]
    exact = False if a.encoding == "estimate" else None
    ds = analyze(a.file, encodings, exact=exact)
    epochs = a.epochs  # None: OpenAI's default, inside Dataset.cost
    rows = ds.costs(ps, epochs=epochs, training_hours=a.training_hours)
    chosen = next((r for r in rows if model is not None and r.model == model.id), None)
    n_epochs = rows[0].epochs if rows else ds.default_epochs
    epochs_source = "given" if epochs is not None else "openai-default"

    if a.json:
        d = ds.as_dict()
        d.update(
            price_set=ps.name,
            price_version=ps.version,
            epochs=n_epochs,
            epochs_source=epochs_source,
            model=chosen.as_dict() if chosen else None,
            models=[r.as_dict() for r in rows],
        )
        if not ds.exact:
            from .tokens import ESTIMATE_RULE

            d["estimate_rule"] = ESTIMATE_RULE
        _json(d)
        return 0

    uses: dict[str, list[str]] = {}
    for m in ps:
        enc, native = encoding_for(m)
        if native:
            uses.setdefault(enc, []).append(m.id)
    _out(f"{ds.path}: {ds.examples:,} examples, {ds.format} format ({_label(ps)})")
    _out()
    stat_rows = []
    for enc, st in ds.tokens.items():
        label = f"{enc} ({'exact' if st.exact else 'ESTIMATE'})"
        models = ", ".join(uses.get(enc, [])) or "—"
        stat_rows.append(
            [
                label,
                f"{st.min:,}",
                _num(st.median),
                f"{st.p95:,}",
                f"{st.max:,}",
                f"{st.total:,}",
                models,
            ]
        )
    _out(
        table(
            ["Tokens per example", "min", "median", "p95", "max", "total", "models"],
            stat_rows,
            [False, True, True, True, True, True, False],
        )
    )
    if not ds.exact:
        why = (
            "--encoding estimate"
            if a.encoding == "estimate" or exact_available()
            else ("bpe-openai is not installed: pip install 'ftcost[tokens]' for exact counts")
        )
        _out(
            f"ESTIMATED counts ({why}). The estimate is within about 1% of the exact total on "
            "English, code and JSON and 3-10% on other languages; single examples vary more "
            "(README, Training-file analysis)."
        )
    _out()
    if epochs is None:
        _out(
            f"Epochs: {n_epochs}, OpenAI's default for {ds.examples:,} examples "
            "(applied to every model; --epochs N to change)"
        )
    else:
        _out(f"Epochs: {n_epochs} (given)")
    _out()
    headers = [
        "Model",
        "Provider",
        "Counting",
        "Limit",
        "Over limit",
        "Tokens/epoch",
        "Epochs",
        "Billed tokens",
        "Training cost",
        "Note",
    ]
    body = [
        [
            r.model,
            r.provider,
            r.counting,
            "—" if r.max_example_tokens is None else f"{r.max_example_tokens:,}",
            "—" if r.over_limit is None else f"{r.over_limit:,}",
            f"{r.training_tokens:,}",
            r.epochs,
            "—" if r.billed_tokens is None else f"{r.billed_tokens:,.0f}",
            fmt_money(r.training_cost),
            "; ".join(([r.status] if r.status != "active" else []) + ([r.note] if r.note else [])),
        ]
        for r in rows
    ]
    _out(table(headers, body, [False, False, False, True, True, True, True, True, True, False]))
    if any(r.counting.startswith("proxy") for r in rows):
        _out(
            "proxy: counted with an OpenAI encoding because these models' own tokenizers do not "
            "ship offline; their counts and costs are approximate."
        )
    if ds.warnings:
        _out()
        for w in ds.warnings:
            _out(textwrap.fill(w, width=100, initial_indent="Warning: ", subsequent_indent="  "))
    _out()
    if chosen is not None:
        _out(
            f"{chosen.model}: {chosen.training_tokens:,} tokens per epoch × {chosen.epochs} epochs"
            + (
                f" = {chosen.billed_tokens:,.0f} billed tokens, {fmt_money(chosen.training_cost)}"
                if chosen.training_cost is not None
                else ""
            )
        )
    cand = chosen.model if chosen else "gpt-4o-mini"
    ep = f" --epochs {a.epochs}" if epochs is not None else ""
    _out("Pass these figures on, e.g.:")
    _out(
        f"  ftcost breakeven --base gpt-4o --candidate {cand} --training-file {ds.path}{ep} "
        "--monthly-tokens 1M"
    )
    if chosen is not None:
        _out(f"  (the same as --training-tokens {chosen.training_tokens} --epochs {chosen.epochs})")
    return 0


def _register_dataset(subs) -> None:
    p = _sub(
        subs,
        "dataset",
        cmd_dataset,
        "Check a JSONL fine-tuning file and price its training: examples, tokens per example, "
        "examples over each model's limit, OpenAI's default epochs, billed tokens and cost.",
        "ftcost dataset train.jsonl --model gpt-4o-mini",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help='chat-format JSONL ({"messages": [...]} per line) or prompt/completion JSONL',
    )
    p.add_argument(
        "--model",
        metavar="MODEL",
        help="the model you will fine-tune: its figures summed up, ready to pass on",
    )
    p.add_argument(
        "--epochs",
        default=None,
        metavar="N",
        help="passes over the file (default: what OpenAI chooses for this many examples)",
    )
    p.add_argument(
        "--encoding",
        default="auto",
        choices=["auto", "o200k_base", "cl100k_base", "estimate"],
        help="auto (default): each OpenAI model's own encoding, exact when bpe-openai is "
        "installed, else estimated; o200k_base or cl100k_base: that one for every model (faster); "
        "estimate: no tokenizer",
    )
    p.add_argument(
        "--training-hours",
        default=None,
        metavar="H",
        help="training compute hours, for models billed by the hour (o4-mini RFT)",
    )
    _add_prices(p)
    _add_json(p)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FtCostError as e:
        sys.stderr.write(f"ftcost: error: {e}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("ftcost: interrupted\n")
        return 130
    except BrokenPipeError:  # `ftcost models | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
