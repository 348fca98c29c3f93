"""The report on an as-of date: the date printed on every sheet, the lifecycle in words, models
that cannot be fine-tuned listed apart, the horizon cut at retirement, the same bytes for the
same inputs and date. Figures by hand from the December-2026 catalog (tests pin 2026-12-01)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from _reportbook import Report
from ftcost import engine
from ftcost.jobs import make_report
from ftcost.report import SHEETS
from ftcost.scenarios import ScenarioError, read_scenarios

approx = pytest.approx

# On 2026-12-01 OpenAI accepts new jobs until 2027-01-06; a fine-tune of gpt-4o-mini serves
# until 2027-01-14: 44 days, in months of 365.25 / 12 days.
SERVED = 44 / (365.25 / 12)  # 1.4456 months
ACCESS = (
    "Only organisations with inference on a fine-tuned model in the last 60 days (since "
    "2026-07-02); organisations that never fine-tuned lost job creation on 2026-05-07. No new "
    "jobs for anyone from 2027-01-06"
)


@pytest.fixture(scope="module")
def today(tmp_path_factory) -> Report:
    """The built-in example (the article's GPT-4o → fine-tuned GPT-4o mini) on 2026-12-01."""
    out = tmp_path_factory.mktemp("today") / "example.xlsx"
    make_report(out, example=True)
    return Report(out)


def test_the_as_of_date_is_on_every_sheet(today):
    for name in SHEETS:
        assert today.wb[name]["A2"].value.startswith("As of 2026-12-01 · "), name
    v = today.section("Summary").labelled()
    assert v["As of"].startswith("2026-12-01: the day these answers are for")
    about = {r[0].value: r[1].value for r in today.wb["Assumptions"].iter_rows(max_col=2)}
    assert about["As of"].startswith("2026-12-01: ")


def test_retirement_cuts_the_horizon_and_training_never_pays_back(today):
    sec = today.section("Summary")
    v = sec.labelled()
    # in words: the training window, who may still train, the months the fine-tune serves
    assert v["Availability"] == (
        f"OpenAI accepts new fine-tuning jobs only until 2027-01-06 ({ACCESS}); a fine-tune of "
        "gpt-4o-mini serves until 2027-01-14, 1.45 of your 12 months: training is never paid back"
    )
    # the arithmetic says 6.82 months ($15 / $2.20 a month), but the fine-tune retires first
    assert v["Break-even (months)"] == "never"
    assert "retires on 2027-01-14" in sec.detail("Break-even (months)")
    # 12 months: $15 training, 1.45 months at $0.30, the rest back on GPT-4o at $2.50
    tco_ft = 15 + SERVED * 0.30 + (12 - SERVED) * 2.50
    assert v["Cost over 12 months, fine-tuned"] == approx(tco_ft)  # $41.82
    assert v["Net saving over 12 months"] == approx(30 - tco_ft)  # -$11.82
    assert "serves 1.45 of the 12 months" in sec.detail("Net saving over 12 months")
    assert not v["Recommendation"].startswith("Fine-tune")


def test_the_breakeven_sheet_follows_the_base_route_after_retirement(today):
    sec = today.section("Break-even")
    assert sec.labelled()["Break-even (months)"] == "never"
    _, rows = sec.table("Month")
    ft = [r[2] for r in rows]
    assert ft[0] == approx(15.0) and ft[1] == approx(15.30)
    # month 2: 1.45 months fine-tuned, 0.55 on the base route; then $2.50 a month
    assert ft[2] == approx(15 + SERVED * 0.30 + (2 - SERVED) * 2.50)
    assert [b - a for a, b in itertools.pairwise(ft[2:])] == approx([2.50] * 10)
    assert not any(r[0] == "For the chart: the break-even line" for r in sec.rows)
    assert any("retires on 2027-01-14" in str(r[0]) for r in sec.rows)


def test_the_ranking_lists_models_not_trainable_apart_with_the_reason(today):
    sec = today.section("Ranking")
    _, ranked = sec.table("Rank")
    r = engine.rank("5M", monthly_tokens="1M", base="gpt-4o", as_of="2026-12-01")
    assert [row[1] for row in ranked] == [x.id for x in r.rows]
    title = "Not trainable on 2026-12-01 (left out of the ranking)"
    i = next(k for k, row in enumerate(sec.rows) if row[0] == title)
    assert sec.rows[i + 1][1:5] == ("Model", "Provider", "Availability", "Reason")
    apart = sec.rows[i + 2 : i + 2 + len(r.unavailable)]
    got = {row[1]: (row[3], row[4]) for row in apart}
    assert set(got) == {mid for mid, _, _ in r.unavailable} and len(got) == 13
    # Azure's developer tier (production = false): closed, with the reason from its entry
    assert got["azure-gpt-4.1-mini-developer"][0] == "closed"
    assert got["azure-gpt-4.1-mini-developer"][1].startswith(
        "Azure OpenAI's GPT-4.1 mini (Azure, Developer tier) is for evaluation, not production "
        "traffic (Existing Azure OpenAI fine-tuning customers only"
    )
    assert got["gpt-3.5-turbo"] == (
        "retired",
        "gpt-3.5-turbo retired on 2026-10-23: its fine-tunes no longer serve",
    )
    assert got["mistral-small-4"][0] == "closed"
    assert not set(got) & {row[1] for row in ranked}


def test_include_unavailable_ranks_them_too(tmp_path):
    out = tmp_path / "all.xlsx"
    make_report(out, example=True, overrides={"include_unavailable": True})
    sec = Report(out).section("Ranking")
    _, ranked = sec.table("Rank")
    assert {"gpt-3.5-turbo", "mistral-small-4"} <= {row[1] for row in ranked}
    assert not any(str(row[0]).startswith("Not trainable on") for row in sec.rows)


def test_assumptions_list_every_lifecycle_date_with_its_source(today):
    rows = [tuple(c.value for c in r) for r in today.wb["Assumptions"].iter_rows()]
    k = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Lifecycle: "))
    header = rows[k + 1]
    assert header[:6] == (
        "Provider",
        "Model",
        "Training until",
        "Retires",
        "On 2026-12-01",
        "Access",
    )
    table = {r[1]: r for r in rows[k + 2 :] if r[1]}
    mini = table["gpt-4o-mini"]
    assert mini[2] == dt.datetime(2027, 1, 6) and mini[3] == dt.datetime(2027, 1, 14)
    assert mini[4] == "closing" and mini[5].startswith("Only organisations")
    assert "deprecations" in mini[6]  # the source that backs the dates
    assert table["gpt-3.5-turbo"][3] == dt.datetime(2026, 10, 23)
    assert table["gpt-3.5-turbo"][4] == "retired"


def test_an_earlier_as_of_pays_back(tmp_path):
    """A scenario file's as_of (a TOML date): on 2025-06-01 the fine-tune serves past the
    horizon (to 2027-01-14) and the article's answer holds: 6.82 months, $11.40 over 12."""
    src = tmp_path / "s.toml"
    src.write_text(
        '[[scenario]]\nname = "then"\nbase = "gpt-4o"\ncandidate = "gpt-4o-mini"\n'
        'training_tokens = "5M"\nmonthly_tokens = "1M"\nas_of = 2025-06-01\n'
    )
    (s,) = read_scenarios(src).scenarios
    assert s.as_of == dt.date(2025, 6, 1)
    out = tmp_path / "then.xlsx"
    make_report(out, src)
    rep = Report(out)
    assert rep.wb["Summary"]["A2"].value.startswith("As of 2025-06-01 · ")
    v = rep.section("Summary").labelled()
    assert v["Recommendation"] == (
        "Fine-tune gpt-4o-mini: pays back in 6.82 months, saves $11.40 over 12 months"
    )
    assert v["Break-even (months)"] == approx(15 / 2.20)
    assert v["Availability"].endswith(
        "a fine-tune of gpt-4o-mini serves until 2027-01-14, past your 12-month horizon: "
        "training pays back in 6.82 months"
    )


def test_same_inputs_and_as_of_give_the_same_bytes(tmp_path):
    paths = {}
    for name, day in (("a", "2026-12-01"), ("b", "2026-12-01"), ("c", "2025-06-01")):
        paths[name] = tmp_path / f"{name}.xlsx"
        make_report(paths[name], example=True, overrides={"as_of": day})
    assert paths["a"].read_bytes() == paths["b"].read_bytes()
    assert paths["a"].read_bytes() != paths["c"].read_bytes()  # the date is printed, and counts
    # $FTCOST_AS_OF (the tests pin 2026-12-01) is the default: the same report
    default = tmp_path / "d.xlsx"
    make_report(default, example=True)
    assert default.read_bytes() == paths["a"].read_bytes()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('as_of = "2026-13-01"', ":7: scenario 'x': as_of: "),
        ('as_of = "tomorrow"', ":7: scenario 'x': as_of: "),
        ("as_of = 1900-01-01", ":7: scenario 'x': as_of: "),
        ('monthly_spend = "$5,000"', ":7: scenario 'x': monthly_spend: give monthly_spend or "
         "monthly_tokens, not both"),
        ('monthly_spend = "-5"', ":7: scenario 'x': monthly_spend: "),
        ("include_unverified = 1", ":7: scenario 'x': include_unverified: must be true or false"),
    ],
)  # fmt: skip
def test_bad_scenario_fields_name_file_and_line(tmp_path, line, problem):
    src = tmp_path / "bad.toml"
    src.write_text(
        '[[scenario]]\nname = "x"\nbase = "gpt-4o"\ncandidate = "gpt-4o-mini"\n'
        f'training_tokens = "5M"\nmonthly_tokens = "1M"\n{line}\n'
    )
    with pytest.raises(ScenarioError) as e:
        read_scenarios(src)
    # every problem is listed (a bad spend beside monthly_tokens is two)
    assert any(p.startswith(f"{src}{problem}") for p in e.value.problems), e.value.problems


def test_a_spend_replaces_the_volume_and_the_reverse(tmp_path):
    src = tmp_path / "s.toml"
    src.write_text(
        '[[scenario]]\nname = "x"\nbase = "gpt-4o"\ntraining_tokens = "5M"\n'
        'monthly_spend = "$5,000"\ninclude_unverified = true\n'
    )
    (s,) = read_scenarios(src).scenarios
    assert s.monthly_spend == 5000 and s.workload.monthly_tokens is None
    assert s.include_unverified and not s.include_unavailable
    from ftcost.scenarios import with_overrides

    t = with_overrides(s, {"monthly_tokens": "1M"})  # an option replaces the file's spend
    assert t.monthly_spend is None and t.workload.monthly_tokens == 1e6
    u = with_overrides(t, {"monthly_spend": 250})
    assert u.monthly_spend == 250 and u.workload.monthly_tokens is None
    neither = tmp_path / "n.toml"
    neither.write_text('[[scenario]]\nname = "x"\nbase = "gpt-4o"\ntraining_tokens = "5M"\n')
    with pytest.raises(ScenarioError, match="missing required field 'monthly_tokens' "):
        read_scenarios(neither)


def test_each_scenario_has_its_own_as_of_on_the_overview(tmp_path):
    src = tmp_path / "two.toml"
    src.write_text(
        '[defaults]\nbase = "gpt-4o"\ncandidate = "gpt-4o-mini"\ntraining_tokens = "5M"\n'
        'monthly_tokens = "1M"\n'
        '[[scenario]]\nname = "then"\nas_of = 2025-06-01\n'
        '[[scenario]]\nname = "now"\n'
    )
    out = tmp_path / "two.xlsx"
    make_report(out, src)
    rep = Report(out)
    for name in ("Scenarios", *SHEETS):
        assert rep.wb[name]["A2"].value.startswith(
            "As of 2025-06-01 to 2026-12-01 (per scenario) · "
        ), name
    rows = [tuple(c.value for c in r) for r in rep.wb["Scenarios"].iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == "#")
    col = rows[h].index("As of")
    assert [r[col] for r in rows[h + 1 : h + 3]] == [
        dt.datetime(2025, 6, 1),
        dt.datetime(2026, 12, 1),
    ]
    # then it paid back in 6.82 months; now the fine-tune retires first
    be = rows[h].index("Break-even (months)")
    assert rows[h + 1][be] == approx(15 / 2.20) and rows[h + 2][be] == "never"
    assert [s.labelled()["As of"][:10] for s in rep.sections("Summary")] == [
        "2025-06-01",
        "2026-12-01",
    ]
