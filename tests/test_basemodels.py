"""Base-model prices from genai-prices' bundled snapshot: values checked by hand against the
snapshot's source (genai_prices/data.py of 0.2.3) and reference/price-evidence.md."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import subprocess
import sys

import pytest

from ftcost import basemodels
from ftcost.errors import DataError, UnknownModel
from ftcost.pricing import load_prices

AS_OF = dt.date(2026, 12, 1)  # tests pin their dates: genai-prices lists price changes by date


def test_snapshot_version_and_date():
    version = basemodels.snapshot_version()
    assert version.startswith("genai-prices ")
    from importlib.metadata import version as installed

    assert installed("genai-prices") in version
    day = basemodels.snapshot_date()
    assert day.isoformat() in version
    # genai-prices 0.2.3's newest "checked on 2026-11-03" (an OpenRouter note); later
    # releases only move it forward
    assert day >= dt.date(2026, 11, 3)


# price-evidence.md: "GPT-4o … Base in/out $2.50/$10"; "GPT-4o mini … Base $0.15/$0.60";
# "Batch API: 50% off inference at OpenAI". Cached inputs from data.py (cache_read_mtok).
@pytest.mark.parametrize(
    "name,key,prices",
    [
        ("gpt-4o", "openai/gpt-4o", (2.50, 10.0, 1.25, 1.25, 5.0)),
        ("gpt-4o-mini", "openai/gpt-4o-mini", (0.15, 0.60, 0.075, 0.075, 0.30)),
        # data.py: input 3 (6 from 200K), output 15 (22.5), cache read 0.3; batch 1.5 / 7.5
        ("claude-sonnet-4-5", "anthropic/claude-sonnet-4-5", (3.0, 15.0, 0.30, 1.5, 7.5)),
        # data.py: input 2.5 (5 from 272K), output 15 (22.5), cache read 0.25; batch 1.25 / 7.5
        ("gpt-5.4", "openai/gpt-5.4", (2.50, 15.0, 0.25, 1.25, 7.5)),
        ("gpt-5.2", "openai/gpt-5.2", (1.75, 14.0, 0.175, 0.875, 7.0)),
    ],
)
def test_hand_checked_prices(name, key, prices):
    m = basemodels.lookup(name, as_of=AS_OF)
    got = (
        m.base_input,
        m.base_output,
        m.base_cached_input,
        m.base_batch_input,
        m.base_batch_output,
    )
    assert m.key == key
    assert got == pytest.approx(prices, rel=1e-12)
    # fine-tuning fields are empty: genai-prices has base prices only
    assert (m.ft_input, m.ft_output, m.training, m.hosting_per_hour) == (0, 0, 0, 0)
    assert m.status == "active" and m.checked == basemodels.snapshot_date()
    assert m.source.startswith(basemodels.snapshot_version())
    assert "https://" in m.source and m.file.startswith("genai-prices ")
    assert "no fine-tuning prices" in m.notes
    assert basemodels.is_base_only(m)
    assert not basemodels.is_base_only(load_prices("default").get("gpt-4o"))


def test_tiered_prices_take_the_first_tier_and_say_so():
    m = basemodels.lookup("claude-sonnet-4-5", as_of=AS_OF)
    assert m.base_input == 3.0  # not $6, the rate of prompts over 200K tokens
    assert "input tiered by prompt length: first tier $3 used ($6 from 200,000 tokens)" in m.notes
    g = basemodels.lookup("gpt-5.4", as_of=AS_OF)
    assert g.base_input == 2.5 and "$5 from 272,000 tokens" in g.notes


@pytest.mark.parametrize(
    "name",
    [
        "gpt-4o",
        "GPT-4o",
        "openai/gpt-4o",
        "OpenAI/gpt-4o",
        "gpt 4o",
        "gpt-4o-2024-08-06",  # a dated id: genai-prices' own matcher
        "gpt_4o",
    ],
)
def test_names_that_mean_gpt_4o(name):
    assert basemodels.lookup(name, as_of=AS_OF).key == "openai/gpt-4o"


def test_names_by_display_name_and_reseller():
    assert basemodels.lookup("Claude Sonnet 4.5", as_of=AS_OF).id == "claude-sonnet-4-5"
    assert basemodels.lookup("claude-sonnet-4-5-20250929", as_of=AS_OF).id == "claude-sonnet-4-5"
    # the same id at a reseller, by provider/id: OpenRouter's own id has a slash
    m = basemodels.lookup("openrouter/openai/gpt-4o", as_of=AS_OF)
    assert (m.provider, m.id) == ("OpenRouter", "openai/gpt-4o")
    # the model maker's API first when several providers list an id
    assert basemodels.lookup("claude-opus-5", as_of=AS_OF).provider == "Anthropic"


def test_prices_in_force_on_the_date():
    # data.py, deepseek/deepseek-v4-flash: $0.14/$0.28, from 2026-08-17 $0.22/$0.66,
    # from 2026-09-10 $0.15/$0.60; peak hours at $0.30 input are left aside (said in notes)
    def at(day):
        m = basemodels.lookup("deepseek/deepseek-v4-flash", as_of=day)
        return m.base_input, m.base_output

    assert at(dt.date(2026, 8, 1)) == (0.14, 0.28)
    assert at(dt.date(2026, 8, 17)) == (0.22, 0.66)
    assert at(dt.date(2026, 12, 1)) == (0.15, 0.60)
    notes = basemodels.lookup("deepseek/deepseek-v4-flash", as_of=AS_OF).notes
    assert "time-of-day prices ($0.3 input from 01:00 to 04:00 UTC" in notes


@pytest.mark.parametrize(
    "name,suggestion",
    [
        ("gpt4o", "gpt-4o"),
        ("claude-sonet-4-5", "claude-sonnet-4-5"),
        ("openai/gpt-4q", "openai/gpt-4o"),
        ("gemini-2.5-prro", "gemini-2.5-pro"),
    ],
)
def test_unknown_names_get_did_you_mean(name, suggestion):
    with pytest.raises(UnknownModel) as e:
        basemodels.lookup(name, as_of=AS_OF)
    assert suggestion in e.value.suggestions
    assert str(e.value).startswith(f"unknown model {name!r} — did you mean ")
    assert suggestion in basemodels.suggest(name)


def test_nothing_close():
    with pytest.raises(UnknownModel, match=r"^unknown model 'qqqq-zzzz'"):
        basemodels.lookup("qqqq-zzzz")
    with pytest.raises(UnknownModel):
        basemodels.lookup("   ")


def test_a_model_without_an_input_price_says_so():
    # GitHub Copilot lists gpt-4o with no token prices; whisper-1 is priced per audio hour
    with pytest.raises(DataError) as e:
        basemodels.lookup("github-copilot/gpt-4o", as_of=AS_OF)
    assert str(e.value) == (
        "genai-prices has no input token price for 'github-copilot/gpt-4o': "
        "it cannot price a base route"
    )
    with pytest.raises(DataError, match=r"'openai/whisper-1' \(it has only \$0.36/audio"):
        basemodels.lookup("whisper-1", as_of=AS_OF)


def test_models_lists_only_priced_models():
    ms = basemodels.models(as_of=AS_OF)
    assert len(ms) > 2000  # "2,000+ models"
    assert all(m.base_input is not None and m.base_input >= 0 for m in ms)
    keys = {m.key for m in ms}
    assert "openai/gpt-4o" in keys and "github-copilot/gpt-4o" not in keys


# ----------------------------------------------------------------- both catalogs


def test_the_default_set_agrees_with_genai_prices():
    """Every base price ftcost's default set and genai-prices both have is the same today
    (ftcost's models at OpenAI, Google and Cohere; Mistral's and Together's ids differ)."""
    assert basemodels.disagreements(load_prices("default"), as_of=AS_OF) == []


def test_disagreements_are_listed_with_both_values():
    ps = load_prices("default")
    changed = [
        dataclasses.replace(m, base_input=3.0, base_batch_output=9.0) if m.id == "gpt-4o" else m
        for m in ps
    ]
    got = basemodels.disagreements(changed, as_of=AS_OF)
    assert [(d.model, d.field, d.ftcost, d.genai_prices) for d in got] == [
        ("gpt-4o", "base_input", 3.0, 2.5),
        ("gpt-4o", "base_batch_output", 9.0, 5.0),
    ]
    assert got[0].genai_model == "openai/gpt-4o"
    assert str(got[0]) == "gpt-4o: base_input ftcost $3, genai-prices $2.5 (openai/gpt-4o)"


def test_the_article_set_disagrees_where_the_article_is_wrong():
    # the article's GPT-3.5 Turbo prices are per-1K figures read as per-1M
    got = basemodels.disagreements(load_prices("article"), as_of=AS_OF)
    assert ("gpt-3.5-turbo", "base_input", 0.5) in [(d.model, d.field, d.genai_prices) for d in got]


def test_resolve_ftcost_wins_for_models_it_has():
    ps = load_prices("default")
    own = basemodels.resolve("gpt-4o", ps, as_of=AS_OF)
    assert own is ps.get("gpt-4o") and own.training == 25.0  # fine-tuning prices kept
    assert basemodels.resolve("GPT-4o mini", ps, as_of=AS_OF) is ps.get("gpt-4o-mini")
    assert basemodels.resolve("llama 3.1 70b", ps, as_of=AS_OF).id == "llama-3.1-70b"  # fuzzy


def test_resolve_genai_prices_serves_the_rest():
    ps = load_prices("default")
    m = basemodels.resolve("gpt-5.4", ps, as_of=AS_OF)
    assert m.file.startswith("genai-prices") and m.base_input == 2.5
    # an exact genai-prices id beats ftcost's fuzzy match ("mistral large" → mistral-large-3)
    assert basemodels.resolve("mistral-large", ps, as_of=AS_OF).file.startswith("genai-prices")
    assert basemodels.resolve("claude-sonnet-4-5-20250929", ps, as_of=AS_OF).id == (
        "claude-sonnet-4-5"
    )


def test_resolve_unknown_to_both_suggests_from_both():
    with pytest.raises(UnknownModel) as e:
        basemodels.resolve("gpt4o", "default", as_of=AS_OF)
    assert "gpt-4o" in e.value.suggestions and len(e.value.suggestions) <= 3
    with pytest.raises(UnknownModel) as e:
        basemodels.resolve("claude-sonet-4-5", "default", as_of=AS_OF)
    assert e.value.suggestions[0] == "claude-sonnet-4-5"


def test_resolve_remembers_per_price_set_name_and_day():
    ps = dataclasses.replace(load_prices("default"), cache={})  # a set of its own
    m = basemodels.resolve("anthropic/claude-sonnet-4-5", ps, as_of=AS_OF)
    assert basemodels.resolve("anthropic/claude-sonnet-4-5", ps, as_of=AS_OF) is m
    # the day is part of the key: deepseek-v4-flash's price changed on 2026-09-10
    name = "deepseek/deepseek-v4-flash"
    assert basemodels.resolve(name, ps, as_of=dt.date(2026, 8, 1)).base_input == 0.14
    assert basemodels.resolve(name, ps, as_of=AS_OF).base_input == 0.15
    # another price set does not see this one's answers (its own catalog may differ)
    other = dataclasses.replace(ps, cache={})
    assert basemodels._RESOLVED not in other.cache
    # unknown names are not remembered: each asks again (and gets its did-you-mean)
    with pytest.raises(UnknownModel):
        basemodels.resolve("claude-sonet-4-5", ps, as_of=AS_OF)
    assert ("claude-sonet-4-5", AS_OF) not in ps.cache[basemodels._RESOLVED]


def test_memo_is_bounded():
    ps = dataclasses.replace(load_prices("default"), cache={})
    ids = [m.id for m in basemodels.models(as_of=AS_OF)]
    resolved = []
    for mid in ids:
        with contextlib.suppress(UnknownModel, DataError):  # an id several models share, say
            resolved.append(basemodels.resolve(mid, ps, as_of=AS_OF))
    assert len(resolved) > basemodels._MEMO_SIZE
    assert len(ps.cache[basemodels._RESOLVED]) <= basemodels._MEMO_SIZE
    for m in resolved[:40]:
        basemodels.with_model(ps, m)
    for day in range(1, basemodels._MEMO_SIZE + 30):  # a new ModelPrice a day
        m = dataclasses.replace(ps.models[0], id=f"x{day}")
        basemodels.with_model(ps, m)
    assert len(ps.cache[basemodels._GROWN]) <= basemodels._MEMO_SIZE


def test_a_price_set_grown_by_a_base_model_is_built_once():
    from ftcost.engine.options import resolve_base

    ps = dataclasses.replace(load_prices("default"), cache={})
    m, grown = resolve_base("anthropic/claude-sonnet-4-5", ps, AS_OF)
    assert grown is not ps and grown.models == (*ps.models, m) and grown.get(m.id) is m
    assert len(ps.models) == len(load_prices("default").models)  # the set itself is unchanged
    again, grown2 = resolve_base("anthropic/claude-sonnet-4-5", ps, AS_OF)
    assert again is m and grown2 is grown  # its engine caches are reused by the next call
    # a model of the set itself needs no growing; an equal copy is a different model
    assert resolve_base("gpt-4o", ps, AS_OF)[1] is ps
    copy = dataclasses.replace(m)
    assert basemodels.with_model(ps, copy) is not grown
    assert basemodels.with_model(ps, copy).models[-1] is copy


# ----------------------------------------------------------------- lazy


def test_importing_ftcost_does_not_import_genai_prices():
    code = (
        "import sys, ftcost, ftcost.udfs, ftcost.basemodels, ftcost.spend; "
        "print('genai_prices' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
    code = "import sys, ftcost.basemodels as b; b.lookup('gpt-4o'); print('genai_prices' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True"
