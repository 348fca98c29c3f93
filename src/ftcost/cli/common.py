"""What every command shares: printing (tables, JSON), the options several commands take, and
turning those options into the library's inputs."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Sequence

__all__ = [
    "Formatter",
    "Given",
    "add_as_of",
    "add_command",
    "add_include_unavailable",
    "add_json",
    "add_prices",
    "add_training",
    "add_workload",
    "as_of_of",
    "available_until",
    "base_of",
    "check_volume",
    "label",
    "out",
    "plan_of",
    "prices_of",
    "print_json",
    "table",
    "volume_of",
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


def add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day the answer is for: which models can be fine-tuned then and how long their "
        "fine-tunes serve (default: $FTCOST_AS_OF or today)",
    )


def add_include_unavailable(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--include-unavailable",
        action="store_true",
        help="also rank models that cannot be fine-tuned on the as-of date (closed or retired)",
    )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_of_of(a):
    """The as-of date of a command: --as-of, else $FTCOST_AS_OF, else today."""
    from ..errors import InputError
    from ..lifecycle import parse_as_of
    from ..units import show_value

    given = getattr(a, "as_of", None)
    if given is not None and not _DATE.fullmatch(given.strip()):
        raise InputError(f"as_of: expected a date YYYY-MM-DD, got {show_value(given)}")
    return parse_as_of(given, "as_of")


def available_until(state: str, training_until, retires) -> str:
    """The "Available until" cell: the last day a training job can start, or why none can."""
    if state == "retired":
        return f"retired {retires.isoformat()}" if retires else "retired"
    if state == "closed":
        return "closed"
    if training_until:
        return training_until.isoformat()
    # no training deadline announced, but the model retires: no job can outlive it
    return f"{retires.isoformat()} (retires)" if retires else "open"


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


def add_workload(p: argparse.ArgumentParser, spend: bool = True) -> None:
    g = p.add_argument_group("workload")
    g.add_argument(
        "--monthly-tokens",
        metavar="N",
        help="input tokens a month of the task, e.g. 1M",
    )
    if spend:
        g.add_argument(
            "--monthly-spend",
            metavar="USD",
            help="what you pay a month on the base model instead, e.g. 5000 or '$5,000': "
            "the monthly tokens are what it buys at the base model's prices, output tokens "
            "included at --output-ratio (default 0: the whole bill counts as input; give the "
            "ratio if your bill pays for output too)",
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


# Options read as ratios or shares, and the example a message about them gives.
_RATIOS = {"output_ratio": "0.5", "prompt_overhead": "0.5"}
_SHARES = ("fallback_share", "cached_share", "batch_share")


def _check_fractions(a) -> None:
    """A ratio or share that is not a number gets an example that fits it ("e.g. 0.3 or 30%"),
    not the token fields' "5M"."""
    from ..errors import InputError
    from ..units import parse_number, parse_share, show_value

    for name, example in _RATIOS.items():
        value = getattr(a, name, None)
        if isinstance(value, str):
            try:
                parse_number(value, name, allow_suffix=False)
            except InputError as e:
                if "expected a number" not in str(e):
                    raise
                raise InputError(
                    f"{name}: expected a number (e.g. {example}), got {show_value(value)}"
                ) from None
    for name in _SHARES:
        value = getattr(a, name, None)
        if isinstance(value, str):
            try:
                parse_share(value, name)
            except InputError as e:
                if "expected a number" not in str(e):
                    raise
                raise InputError(
                    f"{name}: expected a share (e.g. 0.3 or 30%), got {show_value(value)}"
                ) from None


def workload_of(a, monthly_tokens=None):
    """The Workload the workload options describe (``monthly_tokens``: a volume derived from
    --monthly-spend)."""
    from ..model import Workload

    _check_fractions(a)
    return Workload(
        monthly_tokens=a.monthly_tokens if monthly_tokens is None else monthly_tokens,
        output_ratio=a.output_ratio,
        prompt_overhead=a.prompt_overhead,
        fallback_share=a.fallback_share,
        cached_share=a.cached_share,
        batch_share=a.batch_share,
        months=a.months,
        retrain_every=a.retrain_every,
    )


def check_volume(a, required: bool, needs_base: bool = True) -> None:
    """--monthly-tokens and --monthly-spend: at most one (and one when ``required``)."""
    from ..errors import InputError

    spend = getattr(a, "monthly_spend", None)
    if spend is not None and a.monthly_tokens is not None:
        raise InputError(
            "monthly_spend: give --monthly-spend or --monthly-tokens, not both "
            f"(got --monthly-spend {_shown(spend)} and --monthly-tokens {_shown(a.monthly_tokens)})"
        )
    if required and spend is None and a.monthly_tokens is None:
        raise InputError(
            "monthly_tokens: give --monthly-tokens (e.g. 100M) or --monthly-spend (e.g. 5000)"
        )
    if needs_base and spend is not None and not getattr(a, "base", None):
        raise InputError("monthly_spend: needs --base, the model the money is spent on")


def _shown(value) -> str:
    from ..units import show_value

    return show_value(value)


def base_of(a, ps, day):
    """(the base model's id or None, a price set holding it): --base may name any current model
    (ftcost's catalog first, then genai-prices' prices on ``day``)."""
    if not getattr(a, "base", None):
        return None, ps
    from ..engine.options import resolve_base

    m, grown = resolve_base(a.base, ps, day)
    return m.id, grown


def volume_of(a, base, ps, day, required: bool = True):
    """(Workload, spend sentence): --monthly-spend becomes the tokens it buys on ``base``
    ("$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"), or "" without a spend."""
    check_volume(a, required)
    spend = getattr(a, "monthly_spend", None)
    if spend is None:
        return workload_of(a), ""
    from ..spend import tokens_from_spend

    w = workload_of(a)
    sv = tokens_from_spend(spend, ps.get(base), w, as_of=day)
    return workload_of(a, sv.monthly_tokens), sv.text


def prices_of(a):
    """The price set a command asked for; a user's file gets its units warnings on stderr."""
    from ..pricing import load_prices

    ps = load_prices(a.prices)
    if not ps.builtin:  # the built-in sets' warnings are documented errata (ftcost check-pricing)
        for w in ps.warnings:
            sys.stderr.write(f"ftcost: warning: {w}\n")
    return ps


def label(ps, day=None) -> str:
    """'prices: default 2026.11.27, as of 2026-12-01': which prices an answer used, and when."""
    text = f"prices: {ps.name}" + (f" {ps.version}" if ps.version else "")
    return text + (f", as of {day.isoformat()}" if day is not None else "")


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
