"""`ftcost report`: a finished XLSX report from options, a scenario file or a filled-in template."""

from __future__ import annotations

import sys

from ..engine import PRIORITIES
from ..errors import FtCostError
from ..scenarios import FIELDS
from .common import (
    add_as_of,
    add_command,
    add_prices,
    add_training,
    add_workload,
    as_of_of,
    check_volume,
    label,
    out,
)


def register(subs) -> None:
    p = add_command(
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
    add_prices(p)
    add_as_of(p)
    p.add_argument(
        "--base",
        metavar="MODEL",
        help="the model you use now: any current model ftcost or genai-prices knows (e.g. gpt-4o)",
    )
    p.add_argument(
        "--candidate",
        metavar="MODEL|all",
        help="the model to fine-tune, or 'all': rank every model and report on the cheapest "
        "(default all)",
    )
    add_training(p, required=False)
    add_workload(p)
    p.add_argument(
        "--include-unavailable",
        action="store_const",
        const=True,
        help="also rank models that cannot be fine-tuned on the as-of date (closed or retired)",
    )
    p.add_argument(
        "--include-unverified",
        action="store_const",
        const=True,
        help="also weigh options resting on unverified prices (second-hand, or not from a provider's price list)",
    )
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
    # Options are named as the scenario fields they set; None means "not given": only given
    # options override the input.
    p.set_defaults(**dict.fromkeys([*FIELDS, "prices"], None))


class _ReportProgress:
    """Progress on stderr for long runs: in place on a terminal, a line per 10% otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.tty = sys.stderr.isatty()
        self.quiet = quiet
        self.show: bool | None = None  # decided at the first call, by the number of scenarios

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.show is None:  # the first call reports the first scenario computed
            self.show = not self.quiet and (self.tty or total >= 100)
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


def _note(line: str) -> None:
    sys.stderr.write(f"ftcost: {line}\n")


def cmd_report(a) -> int:
    from ..jobs import make_report, report_overrides
    from ..scenarios import ScenarioError

    check_volume(a, required=False, needs_base=False)
    day = as_of_of(a)  # one-line error for any form but YYYY-MM-DD; else $FTCOST_AS_OF or today
    if a.as_of is not None:
        a.as_of = day.isoformat()
    try:
        made = make_report(
            a.output,
            a.input,
            example=a.example,
            overrides=report_overrides(vars(a)),
            prices=a.prices,
            title=a.title,
            training_file=a.training_file,
            force=a.force,
            progress=_ReportProgress(a.quiet),
            note=_note,
        )
    except ScenarioError as e:
        if len(e.problems) == 1:
            raise FtCostError(e.problems[0]) from None
        for p in e.problems:
            sys.stderr.write(f"ftcost: error: {p}\n")
        raise FtCostError(f"{len(e.problems)} problems; nothing written") from None
    results = made.results
    n = len(results)
    out(f"Wrote {made.path}: {n:,} scenario{'s' if n != 1 else ''} ({label(made.prices, day)})")
    for res in results[:5]:
        out(f"  {res.scenario.name}: {res.decision.headline}")
    if n > 5:
        out(f"  … and {n - 5:,} more (see the Scenarios sheet)")
    return 0
