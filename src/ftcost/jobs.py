"""Whole tasks in one call, above the writers: what `ftcost report` does, for any caller.

`make_report` reads what to report on — the built-in example, a scenario file (.toml), a
filled-in template (.xlsx) or options alone — applies the options given as overrides, loads the
prices, computes every scenario and writes the workbook. The CLI only parses and prints.

This module may use the public API of `ftcost.report` and `ftcost.template`; those writers do not
import each other.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import FtCostError, InputError, WorkbookError
from .pricing import PriceSet, load_prices
from .report import Progress, ScenarioResult, check_target, compute_all, write_results
from .scenarios import (
    FIELDS,
    Scenario,
    ScenarioError,
    build_scenario,
    option_name,
    read_scenarios,
    with_overrides,
)
from .scenarios import example as _example

__all__ = ["ReportInput", "ReportMade", "make_report", "read_report_input", "report_overrides"]

Note = Callable[[str], None]  # a line for the person running the job ("warning: …" for warnings)


def report_overrides(options: Mapping[str, object]) -> dict[str, object]:
    """The scenario fields ``options`` set (e.g. an argparse namespace's ``vars``; None: not set).

    Options are named as the scenario fields they set, so they override the same field of the
    example, the scenario file or the template.
    """
    return {k: options[k] for k in FIELDS if options.get(k) is not None}


@dataclass(frozen=True)
class ReportInput:
    """What a report is about: its scenarios, the prices asked for, its title and source."""

    scenarios: list[Scenario]
    prices: PriceSet | str | None  # a set's name or a file (None: the default), or a template's
    title: str
    source: str  # in words, for the Assumptions sheet


def read_report_input(
    input: str | os.PathLike | None = None,
    *,
    example: bool = False,
    overrides: Mapping[str, object] | None = None,
    prices: str | None = None,
    title: str | None = None,
) -> ReportInput:
    """The scenarios of ``input`` (a .toml scenario file or a filled-in template), of the
    built-in example (``example``) or, with neither, of ``overrides`` alone; ``overrides``
    replace what the input says. ``prices`` (a set's name or a file) wins over a scenario file's.
    """
    overrides = dict(overrides or {})
    if example and input:
        raise InputError("give INPUT or --example, not both")
    if example or (input and Path(input).suffix.lower() == ".toml"):
        f = _example() if example else read_scenarios(input)  # type: ignore[arg-type]
        scenarios = [with_overrides(s, overrides) for s in f.scenarios]
        source = (
            "the built-in example (the article's scenario)" if example else Path(input).name  # type: ignore[arg-type]
        )
        return ReportInput(scenarios, prices or f.prices, title or f.title, source)
    if input:
        return _template_input(Path(input), str(input), overrides, prices, title)
    # options only
    if "base" not in overrides:
        raise InputError(
            "--base: give the model you use now (or use --example, a scenario file or a "
            "filled-in template)"
        )
    if "monthly_tokens" not in overrides and "monthly_spend" not in overrides:
        raise InputError(
            "--monthly-tokens: the report needs a monthly volume, e.g. 1M "
            "(or what you pay a month: --monthly-spend 5000)"
        )
    raw = {"training_tokens": "5M"} | overrides
    cand = raw.get("candidate") or "all"
    who = "the cheapest fine-tuned route" if str(cand).lower() == "all" else f"fine-tuned {cand}"
    if "monthly_spend" in raw and "monthly_tokens" not in raw:
        volume = f"${_spend_words(raw['monthly_spend'])}/month"
    else:
        volume = f"{raw['monthly_tokens']} tokens/month"
    raw["name"] = f"{raw['base']} → {who}, {volume}"[:100]
    s, problems = build_scenario(raw, lambda key: option_name(key) if key else "command line")
    if problems:
        raise ScenarioError(problems)
    assert s is not None
    return ReportInput([s], prices, title or "", "command-line options")


def _spend_words(value: object) -> str:
    """A spend as given, for the scenario's name ("5,000" for 5000 or "$5,000")."""
    from .units import parse_money

    try:
        x = parse_money(value, "monthly_spend")
    except FtCostError:  # said where the scenario is checked
        return str(value).strip().lstrip("$").strip()
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}"


def _template_input(
    path: Path, given: str, overrides: dict, prices: str | None, title: str | None
) -> ReportInput:
    if not path.is_file():
        raise InputError(
            f"INPUT: {given}: " + ("is a folder" if path.is_dir() else "file not found")
        )
    if path.suffix.lower() not in (".xlsx", ".xlsm") and not zipfile.is_zipfile(path):
        raise InputError(
            f"INPUT: {given}: expected a scenario file (.toml) or a filled-in template (.xlsx)"
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError(
            f"{given}: not an .xlsx workbook (damaged, or another format with an .xlsx name)"
        )
    if prices:
        raise InputError(
            "--prices: a filled-in template carries its own prices (its Providers sheet); "
            "edit them there"
        )
    from .scenarios import from_template
    from .template import read_filled_template  # openpyxl: only when a workbook is read

    t = read_filled_template(path)  # its Decision and Alternatives tabs' answers too
    s = from_template(t, path.name)
    return ReportInput([with_overrides(s, overrides)], t.prices, title or "", path.name)


@dataclass(frozen=True)
class ReportMade:
    """A report written: where, the engine's results for each scenario, the prices used."""

    path: Path
    results: list[ScenarioResult]
    prices: PriceSet


def make_report(
    output: str | os.PathLike,
    input: str | os.PathLike | None = None,
    *,
    example: bool = False,
    overrides: Mapping[str, object] | None = None,
    prices: str | None = None,
    title: str | None = None,
    training_file: str | os.PathLike | None = None,
    force: bool = False,
    progress: Progress | None = None,
    note: Note | None = None,
) -> ReportMade:
    """Read the input (see `read_report_input`), compute every scenario, write ``output``.

    ``training_file`` (JSONL) gives the training tokens and, unless ``overrides`` set them, the
    epochs. ``note(line)`` hears where those figures came from and the warnings of a user's own
    price file. Nothing is written when any scenario fails (ScenarioError lists every problem);
    ``output`` is refused before the work when it cannot be written.
    """
    overrides = dict(overrides or {})
    if training_file:
        from .dataset import plan_from_file

        cand = overrides.get("candidate")
        plan, text = plan_from_file(
            training_file,
            None if cand is None or str(cand).lower() == "all" else cand,
            prices,
            epochs=overrides.get("epochs"),  # type: ignore[arg-type]
        )
        if note:
            note(text)
        overrides["training_tokens"] = plan.training_tokens
        overrides["epochs"] = plan.epochs
    job = read_report_input(input, example=example, overrides=overrides, prices=prices, title=title)
    if input and Path(output).exists() and Path(output).resolve() == Path(input).resolve():
        raise FtCostError(f"output: {output} is the input file; give another name")
    check_target(output, force)  # refuse before the work, not after
    if isinstance(job.prices, PriceSet):
        ps = job.prices  # a template's own prices
    else:
        try:
            ps = load_prices(job.prices)
        except FtCostError as e:
            if prices is None and job.prices is not None and input:  # say which file asked
                raise FtCostError(f"{input}: prices: {e}") from None
            raise
        if not ps.builtin and note:  # the built-in sets' warnings are documented errata
            for w in ps.warnings:
                note(f"warning: {w}")
    results = compute_all(job.scenarios, ps, progress)
    path = write_results(
        output, results, ps, title=job.title, source=job.source, force=force, progress=progress
    )
    return ReportMade(path, results, ps)
