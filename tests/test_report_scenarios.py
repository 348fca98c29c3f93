"""The scenario file format of `ftcost report`: what it accepts, and the messages for what it
does not (file, line, scenario, field — every problem at once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftcost.scenarios import (
    EXAMPLE,
    FIELDS,
    ScenarioError,
    build_scenario,
    check_models,
    example,
    read_scenarios,
    with_overrides,
)


def _file(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "s.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_builtin_example_is_the_articles_scenario():
    f = example()
    assert EXAMPLE.name == "example.toml" and EXAMPLE.parent.name == "ftcost"
    (s,) = f.scenarios
    assert (s.base, s.candidate) == ("gpt-4o", "gpt-4o-mini")
    assert s.plan.training_tokens == 5e6 and s.plan.epochs == 1
    assert s.workload.monthly_tokens == 1e6 and s.workload.output_ratio == 0
    assert s.workload.months == 12 and f.prices == "default"


def test_defaults_values_and_units(tmp_path):
    f = read_scenarios(
        _file(
            tmp_path,
            """title = "T"
[defaults]
base = "gpt-4o"
training_tokens = "5M"
fallback_share = "10%"

[[scenario]]
monthly_tokens = "1.5M"
candidate = "ALL"
sensitivity_volumes = ["10M", "1M", 100000]

[[scenario]]
name = "Two"
monthly_tokens = 2e6
fallback_share = 0.2
sensitivity_output_ratios = [1, 0]
request_tokens = "2K"
""",
        )
    )
    one, two = f.scenarios
    assert f.title == "T" and f.prices is None
    assert one.name == "Scenario 1" and two.name == "Two"
    assert one.candidate is None  # "all", any case
    assert one.workload.fallback_share == pytest.approx(0.1) and two.workload.fallback_share == 0.2
    assert one.workload.monthly_tokens == 1.5e6
    assert one.sensitivity_volumes == (1e5, 1e6, 1e7)  # sorted
    assert two.sensitivity_by == "output_ratio" and two.sensitivity_values == (0, 1)
    assert two.request_tokens == 2000 and one.request_tokens == 1000


def test_every_problem_named_with_file_line_scenario_field(tmp_path):
    p = _file(
        tmp_path,
        """[defaults]
base = "gpt-4o"
training_tokens = "-5M"
name = "not here"

[[scenario]]
name = "A"
monthly_tokens = "1M"
sensitivity_epochs = [1, 2]
sensitivity_output_ratios = [0]
prompt_solves = "yes"

[[scenario]]
name = "B"
""",
    )
    with pytest.raises(ScenarioError) as e:
        read_scenarios(p)
    problems = e.value.problems
    assert f"{p}:4: defaults.name: not a default (each scenario has its own)" in problems
    assert (
        f"{p}:3: scenario 'A': training_tokens (from [defaults]): must be ≥ 0, got '-5M'"
        in problems
    )
    assert any(
        x.startswith(f"{p}:10: scenario 'A': sensitivity_output_ratios: give sensitivity_epochs or")
        for x in problems
    )
    assert f"{p}:11: scenario 'A': prompt_solves: must be true or false, got 'yes'" in problems
    assert any(
        x.startswith(f"{p}:13: scenario 'B': missing required field 'monthly_tokens'")
        for x in problems
    )
    assert str(e.value).endswith(f"(and {len(problems) - 1} more)")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "monthly_tokens = 1\n",
            "unknown top-level key 'monthly_tokens' (scenario fields go in [[scenario]] or [defaults])",
        ),
        ("[scenario]\nname = 'x'\n", "'scenario' must be [[scenario]] tables"),
        ("defaults = 3\n[[scenario]]\n", "defaults: must be a table"),
        ("prices = 3\n", "prices: must be 'default', 'article' or a price file path"),
        ("title = 1\n", "title: must be text"),
    ],
)
def test_file_level_mistakes(tmp_path, text, words):
    with pytest.raises(ScenarioError) as e:
        read_scenarios(_file(tmp_path, text))
    assert any(words in p for p in e.value.problems), e.value.problems


def test_names_are_unique_whatever_the_case(tmp_path):
    base = 'base="gpt-4o"\ntraining_tokens=1\nmonthly_tokens=1\n'
    p = _file(tmp_path, f'[[scenario]]\nname="Today"\n{base}[[scenario]]\nname=" today "\n{base}')
    with pytest.raises(ScenarioError, match="'today' is also the name of scenario 1"):
        read_scenarios(p)


def test_models_are_checked_against_the_prices(tmp_path, prices):
    p = _file(
        tmp_path,
        '[[scenario]]\nname="x"\nbase="gpt-4o"\ncandidate="gemini 1.5 flash"\nroute_to="claude"\n'
        "training_tokens=1\nmonthly_tokens=1\n",
    )
    (s,) = read_scenarios(p).scenarios
    with pytest.raises(ScenarioError) as e:
        check_models([s], prices)
    (problem,) = e.value.problems  # "gemini 1.5 flash" resolves; "claude" does not
    assert problem.startswith(f"{p}:5: scenario 'x': route_to: unknown model 'claude'")


def test_overrides_revalidate_and_name_the_option():
    s, problems = build_scenario(
        {"base": "gpt-4o", "training_tokens": "5M", "monthly_tokens": "1M", "epochs": 3},
        lambda key: f"here: {key}" if key else "here",
    )
    assert not problems
    t = with_overrides(s, {"months": 24, "sensitivity_output_ratios": "0, 0.5"})
    assert t.workload.months == 24 and t.plan.epochs == 3
    assert t.sensitivity_by == "output_ratio" and t.sensitivity_values == (0, 0.5)
    assert t.locate("months") == "--months" and t.locate("epochs") == "here: epochs"
    with pytest.raises(ScenarioError, match=r"^--retrain-every: must be between 1 and 1200"):
        with_overrides(s, {"retrain_every": 0})
    with pytest.raises(ScenarioError, match=r"^--not-narrow: must be true or false"):
        with_overrides(s, {"narrow_task": "no"})


def test_raw_round_trips():
    s, _ = build_scenario(
        {
            "name": "n",
            "base": "gpt-4o",
            "candidate": "all",
            "training_tokens": "5M",
            "monthly_tokens": "1M",
            "retrain_every": 3,
            "sensitivity_epochs": [2, 1],
            "simple_share": "40%",
        },
        lambda key: "x",
    )
    again, problems = build_scenario(s.raw(), lambda key: "x")
    assert not problems and again == s


def test_fields_are_documented_in_the_module():
    import ftcost.scenarios as mod

    assert set(FIELDS) >= {"base", "candidate", "training_tokens", "monthly_tokens"}
    assert "[[scenario]]" in mod.__doc__


# ----------------------------------------------------------------- decision and alternatives


def test_decision_and_alternatives_fields(tmp_path, prices):
    f = read_scenarios(
        _file(
            tmp_path,
            """[defaults]
base = "gpt-4o"
training_tokens = "5M"
monthly_tokens = "20M"
priority = "Inference"
rag_embedding_price = "$0.13"

[[scenario]]
name = "Given"
high_volume = "40M"
low_volume = "2M"
prompt_model = "gpt-4o mini"
rag_model = "gpt-4.1-mini"
rag_requests = "25K"
rag_context_tokens = 3000
rag_search_price = 0.0002
rag_corpus_tokens = "40M"
route_to = "gpt-4.1-nano"
route_premium = "gpt-4.1"
simple_share = "55%"
router_price = 0.03

[[scenario]]
name = "Defaults"
request_tokens = 500
""",
        )
    )
    given, dflt = f.scenarios
    check_models(f.scenarios, prices)  # "gpt-4o mini" resolves like every model name
    assert (given.priority, dflt.priority) == ("inference", "inference")  # any case
    assert (given.high_volume, given.low_volume) == (40e6, 2e6)
    assert (dflt.high_volume, dflt.low_volume) == (100e6, 1e6)  # the article's
    assert (given.prompt_model, given.rag_model) == ("gpt-4o mini", "gpt-4.1-mini")
    assert (dflt.prompt_model, dflt.rag_model, dflt.route_premium) == (None, None, None)
    assert given.rag_requests == 25_000 and given.requests == 25_000
    assert dflt.rag_requests is None and dflt.requests == 20e6 / 500  # one per request_tokens
    assert given.rag_embedding_price == dflt.rag_embedding_price == 0.13  # "$0.13" from defaults
    assert (given.rag_search_price, dflt.rag_search_price) == (0.0002, 0.00001)
    assert (given.rag_corpus_tokens, given.rag_context_tokens) == (40e6, 3000)
    assert (given.route_to, given.route_premium) == ("gpt-4.1-nano", "gpt-4.1")
    assert given.simple_share == pytest.approx(0.55) and given.router_price == 0.03
    assert dflt.router_price == 0 and dflt.simple_share == 0.7
    for s in f.scenarios:  # what raw() gives back builds the same scenario
        again, problems = build_scenario(s.raw(), s.locate)
        assert not problems and again == s


def test_decision_and_alternatives_mistakes_are_located(tmp_path, prices):
    p = _file(
        tmp_path,
        """[defaults]
base = "gpt-4o"
training_tokens = "5M"
monthly_tokens = "1M"
request_tokens = 500

[[scenario]]
name = "A"
rag_requests = 100
priority = "speed"
high_volume = "-1"
rag_embedding_price = "cheap"
router_price = -0.5
rag_corpus_tokens = "lots"
prompt_model = ""
router_prize = 0
rag_search_price = true

[[scenario]]
name = "B"
low_volume = "200M"

[[scenario]]
name = "C"
high_volume = "500K"
rag_context_tokens = "1e19"

[[scenario]]
name = "D"
monthly_tokens = "3M"
rag_requests = 0
""",
    )
    with pytest.raises(ScenarioError) as e:
        read_scenarios(p)
    problems = e.value.problems
    want = [
        f"{p}:9: scenario 'A': rag_requests: give request_tokens or rag_requests, not both",
        f"{p}:10: scenario 'A': priority: one of cost, inference, self-hosting; got 'speed'",
        f"{p}:11: scenario 'A': high_volume: must be ≥ 0, got '-1'",
        f"{p}:12: scenario 'A': rag_embedding_price: expected a number (e.g. 5000000, 5e6 or 5M), got 'cheap'",
        f"{p}:13: scenario 'A': router_price: must be ≥ 0, got -0.5",
        f"{p}:14: scenario 'A': rag_corpus_tokens: expected a number (e.g. 5000000, 5e6 or 5M), got 'lots'",
        f"{p}:15: scenario 'A': prompt_model: must name a model (see `ftcost models`)",
        f"{p}:16: scenario 'A': router_prize: unknown field — did you mean 'router_price'?",
        f"{p}:17: scenario 'A': rag_search_price: expected a number, got True",
        f"{p}:21: scenario 'B': low_volume: 200M is above high_volume (100M)",
        f"{p}:25: scenario 'C': high_volume: 500K is below low_volume (1M)",
        f"{p}:26: scenario 'C': rag_context_tokens: 1e+19 is implausibly large (over 1e+18)",
        f"{p}:31: scenario 'D': rag_requests: give request_tokens or rag_requests, not both",
    ]
    for w in want:
        assert w in problems, (w, problems)
    # D gives 0 requests for 3M tokens a month: refused once request_tokens is out of the way
    q = _file(tmp_path, p.read_text().replace("request_tokens = 500\n", ""))
    with pytest.raises(ScenarioError) as e:
        read_scenarios(q)
    assert (
        f"{q}:30: scenario 'D': rag_requests: RAG needs the number of requests a month (> 0)"
        in e.value.problems
    )


def test_alternative_models_are_checked_against_the_prices(tmp_path, prices):
    p = _file(
        tmp_path,
        '[[scenario]]\nname="x"\nbase="gpt-4o"\ntraining_tokens=1\nmonthly_tokens=1\n'
        'prompt_model="gpt-4o"\nrag_model="gpt-4.2"\nroute_premium="claude"\n',
    )
    (s,) = read_scenarios(p).scenarios
    with pytest.raises(ScenarioError) as e:
        check_models([s], prices)
    first, second = e.value.problems
    assert first.startswith(f"{p}:7: scenario 'x': rag_model: unknown model 'gpt-4.2'")
    assert second.startswith(f"{p}:8: scenario 'x': route_premium: unknown model 'claude'")


def test_overrides_of_the_new_fields():
    s, problems = build_scenario(
        {"base": "gpt-4o", "training_tokens": "5M", "monthly_tokens": "1M", "request_tokens": 200},
        lambda key: f"here: {key}" if key else "here",
    )
    assert not problems and s.requests == 5000
    t = with_overrides(s, {"rag_requests": "7K", "priority": "self-hosting"})
    assert t.requests == 7000 and t.rag_requests == 7000 and t.priority == "self-hosting"
    u = with_overrides(t, {"request_tokens": 100})  # and back: one replaces the other
    assert u.rag_requests is None and u.requests == 10_000
    v = with_overrides(s, {"low_volume": "20M", "high_volume": "30M"})
    assert (v.low_volume, v.high_volume) == (20e6, 30e6)
    with pytest.raises(ScenarioError, match=r"^--high-volume: 500K is below low_volume \(1M\)$"):
        with_overrides(s, {"high_volume": "500K"})
    with pytest.raises(ScenarioError, match=r"^--priority: one of cost, inference, self-hosting"):
        with_overrides(s, {"priority": "speed"})
    with pytest.raises(ScenarioError, match=r"^--router-price: must be ≥ 0"):
        with_overrides(s, {"router_price": "-1"})
