"""One reading of a filled template: the reader accepts exactly what the template's formulas
accept; where an input cell is invalid it refuses with that cell's address and the template's
own message (issue 15 item 2). The oracle is LibreOffice recalculating the check cell."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from _template_xlsx import name_cells, read_csv, set_cells
from ftcost.errors import WorkbookError
from ftcost.template import read_filled_template, template_bytes
from ftcost.template.layout import ALT_INPUTS, DEC_INPUTS, INPUTS, Input


@pytest.fixture(scope="module")
def blob() -> bytes:
    return template_bytes("default")


@pytest.fixture
def path(tmp_path, blob) -> Path:
    p = tmp_path / "case.xlsx"
    p.write_bytes(blob)
    return p


def _typed(path: Path, **inputs) -> Path:
    names = name_cells(path.read_bytes())
    changes: dict = {}
    for k, v in inputs.items():
        sheet, coord = names[k] if k in names else k.split("!")
        changes.setdefault(sheet, {})[coord] = v
    path.write_bytes(set_cells(path.read_bytes(), changes))
    return path


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"epochs": 0}, r"^Break-even!B9: Epochs: enter a whole number from 1 to 100 \(got 0\)$"),
        ({"training_tokens": None}, r"^Break-even!B8: Training tokens.*: enter a number ≥ 0$"),
        ({"months": "soon"}, r"Break-even!B20: Horizon.*whole number from 1 to .*\(got 'soon'\)"),
        ({"monthly_tokens": "5M"}, r"Break-even!B14: Monthly .*: enter a number ≥ 0.*\(got '5M'\)"),
        ({"fallback_share": 1.5}, r"Break-even!B17: Fallback share: enter a share between 0% and 100%"),
        ({"ft_model": "gpt4o-mini"}, r"Break-even!B7: Model to fine-tune 'gpt4o-mini' is not in the Providers table: pick one from the list \(did you mean 'gpt-4o-mini'"),
        ({"base_model": "GPT-4o mini"}, r"Break-even!B6: Base model 'GPT-4o mini' is not in the Providers or Current models table"),
        ({"base_model": " gpt-4o"}, r"Break-even!B6: Base model ' gpt-4o' is not in"),
        ({"base_model": None}, r"^Break-even!B6: Base model is blank: pick one from the list$"),
        ({"Providers!F6": -1}, r"Providers!F6: gpt-4o-mini.base_input: must be ≥ 0"),
        ({"Providers!A7": "gpt-4o"}, r"duplicate id"),
        ({"Providers!H8": "cheap"}, r"Providers!H8: .*ft_input: must be a number"),
        # a row of the user's in the Current models table: read as the Providers rows are
        ({"Current models!A29": "my-llm", "Current models!C29": "cheap", "Current models!E29": 1},
         r"Current models!C29: my-llm.base_input: must be a number"),
        ({"Current models!A29": "my-llm", "Current models!C29": 1},
         r"Current models!A29: my-llm: .*base_output"),
        ({"Current models!A29": "my-llm", "Current models!C29": 1, "Current models!E29": 2,
          "Current models!H29": "beta"}, r"Current models!H29: .*status"),
    ],
)  # fmt: skip
def test_read_errors_name_the_cell(path, inputs, message):
    _typed(path, **inputs)
    with pytest.raises(WorkbookError, match=message):
        read_filled_template(path)


def test_numbers_first_then_models_as_the_check_cell_orders_them(path):
    _typed(path, base_model="nope", monthly_tokens="5M")
    with pytest.raises(WorkbookError, match=r"^Break-even!B14: "):
        read_filled_template(path)


def test_a_low_volume_above_the_high_one_is_read_as_the_tab_reads_it(path):
    _typed(path, low_volume=2e8, high_volume=0)
    d = read_filled_template(path).decision
    assert (d.low_volume, d.high_volume) == (2e8, 0)


def test_a_current_model_as_the_base(path):
    """The base model from the Current models table (genai-prices' prices on the template's
    date): base prices only, never a candidate; the table's ids are the switches weighed."""
    from ftcost.basemodels import CURRENT_MODELS, is_base_only

    _typed(path, base_model="claude-sonnet-4-5")
    t = read_filled_template(path)
    m = t.prices.get(t.base)
    assert t.base == "claude-sonnet-4-5" and is_base_only(m)
    assert (m.base_input, m.base_output, m.base_cached_input) == (3, 15, 0.3)
    assert t.prices.current_models[0] == "gpt-5.4" and "gpt-4o" in t.prices.current_models
    assert len(t.prices.current_models) == len(CURRENT_MODELS)
    assert t.prices.get("gpt-4o").file.startswith("Providers")  # the Providers row wins
    with pytest.raises(
        WorkbookError,
        match=r"Break-even!B7: Model to fine-tune 'gpt-5.4' is not in the Providers table",
    ):
        read_filled_template(_typed(path, ft_model="gpt-5.4"))


def test_a_users_current_model_reads_back(path):
    """A row the user adds below the Current models table: a base-only model of the price set
    the report uses, with defaults for what it leaves blank, and a switch the engine weighs."""
    from ftcost.basemodels import is_base_only

    _typed(
        path,
        base_model="my-llm",
        **{"Current models!A29": "my-llm", "Current models!C29": 0.5, "Current models!E29": 1.5,
           "Current models!F29": 0.25},
    )  # fmt: skip
    t = read_filled_template(path)
    m = t.prices.get("my-llm")
    assert t.base == "my-llm" and is_base_only(m)
    assert (m.base_input, m.base_output, m.base_batch_input) == (0.5, 1.5, 0.25)
    assert m.base_cached_input is None and m.status == "active" and m.provider == "(not given)"
    assert (m.ft_input, m.ft_output, m.training) == (0, 0, 0)
    assert t.prices.current_models[-1] == "my-llm"


def test_match_is_case_insensitive_and_takes_wildcards(path):
    _typed(path, base_model="GPT-4O", ft_model="gpt-4o-mini")
    assert read_filled_template(path).base == "gpt-4o"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"q_reasoning": "Maybe"}, r"Decision!B8 \(Does the task need reasoning\?\): pick 'Yes' or 'No' \(the cell's list\), got 'Maybe'"),
        ({"q_changing": True}, r"Decision!B7 .*pick 'Yes' or 'No'.*got True"),
        ({"q_narrow_task": " Yes"}, r"Decision!B5 .*got ' Yes'"),
        ({"candidate_choice": "the cheapest"}, r"Decision!B10 .*pick 'Model on the Break-even tab' or 'Choose by priority'"),
        ({"candidate_choice": "Choose by priority", "priority": None}, r"Decision!B11 \(Priority when choosing\): is blank: pick cost, inference, self-hosting"),
        ({"priority": "speed"}, r"Decision!B11 .*pick 'cost', 'inference' or 'self-hosting'.*got 'speed'"),
        ({"high_volume": None}, r"^Decision!B12: High volume \(tokens/month\): enter a number ≥ 0$"),
        ({"low_volume": -1}, r"Decision!B13: Low volume.*: enter a number ≥ 0 \(got -1\)"),
        ({"pe_model": None}, r"^Alternatives!B5: Model is blank: pick one from the list$"),
        ({"rag_model": "gpt4.1-mini"}, r"Alternatives!B12: Generation model 'gpt4.1-mini' is not in the Providers table.*did you mean"),
        ({"rag_requests": 0}, r"^Alternatives!B13: Requests per month: RAG needs the number of requests a month \(> 0\)$"),
        ({"rag_search_price": "cheap"}, r"Alternatives!B16: Vector search \$/query: enter a number ≥ 0 \(got 'cheap'\)"),
        ({"rag_corpus_tokens": -5}, r"Alternatives!B17: .*enter a number ≥ 0"),
        ({"route_premium": "claude"}, r"Alternatives!B27: Premium model 'claude' is not in the Providers table"),
        ({"route_simple_share": 1.5}, r"Alternatives!B28: Simple share: enter a share between 0% and 100%"),
        ({"route_router_price": None}, r"^Alternatives!B29: Router \$/1M tokens: enter a number ≥ 0$"),
    ],
)  # fmt: skip
def test_read_decision_and_alternatives_errors_name_the_cell(path, inputs, message):
    _typed(path, **inputs)
    with pytest.raises(WorkbookError, match=message):
        read_filled_template(path)


# ---------------------------------------------------------------- agreement with LibreOffice


def _values(i: Input) -> list[object]:
    """Valid and invalid values for input ``i``, from its kind and bounds."""
    k = i.kind.removeprefix("optional_")
    blank = [None]  # blank: allowed for optional inputs, refused for the others
    if i.kind == "model":
        return [
            "gpt-4o-mini",
            "GPT-4O-MINI",
            "gpt-4o-m*",
            "gpt-4o-min?",
            "GPT-4o mini",
            " gpt-4o-mini",
            "",
            5,
            None,
        ]
    if k == "tokens":
        return [0, 2.5e6, "5M", "1000", -1, *blank]
    if k == "ratio":
        return [0, 0.5, "30%", -0.1, *([i.high, i.high * 2] if i.high else []), *blank]
    if k == "share":
        return [0, 0.3, 1, 1.5, "30%", -0.1, *blank]
    if k == "count":
        return [i.low, i.high, i.low - 1, i.high + 1, 2.5, "3", *blank]
    if k == "date":
        return [_dt.datetime(2026, 12, 1), _dt.datetime(2019, 12, 31), "2026-12-01", 5, *blank]
    raise AssertionError(f"no values for kind {i.kind}")  # a new kind: add its values


# The check cell that shows each input's message: Break-even's for its inputs; on the
# Alternatives tab each option's own; on the Decision tab the inputs' cell (d_msg).
_CHECK = {
    **{i.name: "input_check" for i in INPUTS},
    "pe_model": "x_pe_msg",
    **{n: "x_rag_msg" for n in ("rag_model", "rag_requests", "rag_context_tokens",
                                "rag_embedding_price", "rag_search_price", "rag_corpus_tokens")},
    **{n: "x_route_msg" for n in ("route_cheap", "route_premium", "route_simple_share",
                                  "route_router_price")},
    "high_volume": "d_msg",
    "low_volume": "d_msg",
}  # fmt: skip
# Decision's Yes/No, choice and priority cells have no message in the template (a value not in
# the list counts as "No" / the Break-even model); the reader refuses them (see above).
# The As of date and the monthly spend (template inputs since the lifecycle and spend work) are
# not read by read_filled_template yet: left out until the reader takes them.
_NOT_READ_YET = ("as_of", "monthly_spend")
_CHECKED = [
    i
    for i in (*INPUTS, *ALT_INPUTS, *DEC_INPUTS)
    if i.name in _CHECK and i.name not in _NOT_READ_YET
]


@pytest.mark.slow
def test_reader_and_check_cell_agree_on_every_input(blob, soffice, tmp_path):
    """Every input that has a check cell, valid and invalid values: where LibreOffice's check
    cell says OK the reader reads; where it shows a message the reader refuses with that
    input's address and the same message."""
    names = name_cells(blob)
    cases: list[tuple[Input, object, Path]] = []
    for i in _CHECKED:
        for k, v in enumerate(_values(i)):
            sheet, coord = names[i.name]
            p = tmp_path / f"{i.name}-{k}.xlsx"
            p.write_bytes(set_cells(blob, {sheet: {coord: v}}))
            cases.append((i, v, p))
    csvs = soffice.recalc_csv([p for _i, _v, p in cases], tmp_path / "csv")
    disagree, seen = [], {"OK": 0, "message": 0}
    for i, v, p in cases:
        check_sheet, check = names[_CHECK[i.name]]
        shown = read_csv(csvs[p.resolve()][check_sheet])[check]
        try:
            read_filled_template(p)
            got = "OK"
        except WorkbookError as e:
            got = str(e)
        sheet, coord = names[i.name]
        if shown == "OK":
            seen["OK"] += 1
            ok = got == "OK"
        else:
            seen["message"] += 1
            ok = got.startswith(f"{sheet}!{coord}: {shown}")
        if not ok:
            disagree.append(f"{i.name}={v!r}: template {shown!r}, reader {got!r}")
    assert not disagree, "\n".join(disagree)
    assert seen["OK"] >= len(_CHECKED) and seen["message"] >= len(_CHECKED), seen
