"""What every command shares: printing (tables, JSON), the options several commands take, and
turning those options into the library's inputs."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence

__all__ = [
    "Formatter",
    "Given",
    "add_command",
    "add_json",
    "add_prices",
    "add_training",
    "add_workload",
    "label",
    "out",
    "plan_of",
    "prices_of",
    "print_json",
    "table",
    "workload_of",
]

# --------------------------------------------------------------------------- output helpers


def out(text: str = "") -> None:
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


def print_json(obj) -> None:
    out(json.dumps(_clean(obj), indent=2, ensure_ascii=False, allow_nan=False))


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

    lines = [line(headers), line(["-" * w for w in widths])]
    lines += [line(r) for r in cells]
    return "\n".join(lines)


# --------------------------------------------------------------------------- shared options


def add_prices(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--prices",
        metavar="NAME|FILE",
        help="price set: 'default', 'article' (the article's table as published), or a TOML "
        "file/folder of your own (default: $FTCOST_PRICES or 'default')",
    )


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON for machines")


class Given(argparse.Action):
    """Stores the value and records that it was given (`a.<dest>_given`)."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)
        setattr(namespace, self.dest + "_given", True)


def add_training(p: argparse.ArgumentParser, required: bool = True) -> None:
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
        action=Given,
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


def add_workload(p: argparse.ArgumentParser, monthly_required: bool = False) -> None:
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


def plan_of(a):
    """The TrainingPlan the training options describe (or a --training-file's figures)."""
    from ..model import TrainingPlan

    if getattr(a, "training_file", None):
        from ..dataset import plan_from_file

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


def workload_of(a):
    """The Workload the workload options describe."""
    from ..model import Workload

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


def prices_of(a):
    """The price set a command asked for; a user's file gets its units warnings on stderr."""
    from ..pricing import load_prices

    ps = load_prices(a.prices)
    if not ps.builtin:  # the built-in sets' warnings are documented errata (ftcost check-pricing)
        for w in ps.warnings:
            sys.stderr.write(f"ftcost: warning: {w}\n")
    return ps


def label(ps) -> str:
    """'prices: default 2026.11.27': which prices an answer used."""
    return f"prices: {ps.name}" + (f" {ps.version}" if ps.version else "")


# --------------------------------------------------------------------------- commands


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help as written (examples keep their lines), 100 columns wide."""

    def __init__(self, prog):
        super().__init__(prog, max_help_position=30, width=100)


def add_command(
    subs, name: str, func: Callable, help: str, example: str
) -> argparse.ArgumentParser:
    """Add command ``name`` running ``func(args)``; its --help ends with ``example``."""
    p = subs.add_parser(
        name, help=help, description=help + "\n\nexample:\n  " + example, formatter_class=Formatter
    )
    p.set_defaults(func=func)
    return p
