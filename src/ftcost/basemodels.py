"""Base-model prices for any current model, from genai-prices' bundled snapshot.

genai-prices (PyPI ``genai-prices``, by Pydantic) is a maintained price library of 2,000+ models
that works offline from the snapshot inside the package. ftcost reads it for *base* prices only
(input, output, cached input; batch where the snapshot has a batch variant): it has no training,
fine-tuned inference, hosting or storage prices.

Which catalog wins (``resolve``): **ftcost's own catalog wins for every model it has** — it carries
the fine-tuning prices and a `checked` date someone verified; genai-prices serves the models ftcost
does not have. An exact name beats a fuzzy one across both catalogs: ``mistral-large`` (a
genai-prices id) is not taken to mean ftcost's ``mistral-large-3``. ``disagreements`` lists where
the two catalogs' base prices differ, so the winner can be checked.

How a genai-prices entry becomes a `ModelPrice`:

- prices changing on a date: the one in force on ``as_of`` (default today);
- prices tiered by prompt length: the first tier (``TieredPrices.base``), said in ``notes``;
- time-of-day prices (DeepSeek's peak hours): the price outside those hours, said in ``notes``;
- service tiers (flex, priority): not used — the standard tier is the base;
- no input price: `DataError` saying so; no output price: 0, said in ``notes``;
- ``checked``: the snapshot date — genai-prices ships none, so it is the newest date the
  snapshot's own comments say a price was checked or verified on (``snapshot_date``);
- ``source``: genai-prices version and snapshot date, then the provider's pricing page.

Importing this module does not import genai-prices (that costs ~0.3 s); the first lookup does,
and the catalog is built once per process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import difflib
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import DataError, UnknownModel
from .model import ModelPrice

__all__ = [
    "BASE_ONLY",
    "COMPARED_FIELDS",
    "CURRENT_MODELS",
    "DISTRIBUTION",
    "Disagreement",
    "disagreements",
    "is_base_only",
    "lookup",
    "models",
    "resolve",
    "snapshot_date",
    "snapshot_version",
    "suggest",
    "with_model",
]

DISTRIBUTION = "genai-prices"

# Popular current models a user might switch to with no training (the article's "cost
# optimizer"), as genai-prices names them (provider/id). Curated from genai-prices 0.2.3
# (snapshot 2026-11-03): first-party APIs, models not marked deprecated there. `resolve` takes
# ftcost's own entry where it has one (gpt-4o, gpt-4.1-mini, ...).
CURRENT_MODELS: tuple[str, ...] = (
    "openai/gpt-5.4",
    "openai/gpt-5.4-mini",
    "openai/gpt-5.4-nano",
    "openai/gpt-5.2",
    "openai/gpt-5-mini",
    "openai/gpt-5-nano",
    "openai/gpt-4.1",
    "openai/gpt-4.1-mini",
    "openai/gpt-4o",
    "openai/gpt-4o-mini",
    "anthropic/claude-opus-4-5",
    "anthropic/claude-sonnet-4-5",
    "anthropic/claude-haiku-4-5",
    "google/gemini-3.1-pro-preview",
    "google/gemini-3-flash-preview",
    "google/gemini-2.5-pro",
    "google/gemini-2.5-flash",
    "google/gemini-2.5-flash-lite",
    "mistral/mistral-medium-latest",
    "mistral/mistral-small-latest",
    "deepseek/deepseek-chat",
    "groq/llama-3.3-70b-versatile",
    "groq/llama-3.1-8b-instant",
)

# Base-price fields both catalogs have; `disagreements` compares these.
COMPARED_FIELDS = (
    "base_input",
    "base_output",
    "base_cached_input",
    "base_batch_input",
    "base_batch_output",
)

# Model makers' own APIs come before resellers when several providers list the same id
# ("gpt-4o" is OpenAI's, not Azure's or OpenRouter's); the rest keep the snapshot's order.
_FIRST_PARTY = (
    "openai",
    "anthropic",
    "google",
    "mistral",
    "deepseek",
    "x-ai",
    "cohere",
    "meta",
    "moonshotai",
    "minimax",
    "zai",
    "perplexity",
    "voyageai",
)
_CHECKED = re.compile(r"(?:checked|verified)[^.;)\"]{0,80}?(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def _norm(text: str) -> str:
    # the same normal form as ftcost.pricing's names: case and runs of spaces/underscores
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _alnum(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _today() -> _dt.date:
    return _dt.date.today()


# ----------------------------------------------------------------- the catalog, loaded once


@dataclass
class _Catalog:
    version: str
    date: _dt.date
    snapshot: object  # genai_prices DataSnapshot
    types: object  # the genai_prices.types module
    providers: dict  # normal form of a provider's id and name -> provider
    by_id: dict  # normal form of a model id -> [(provider, model)], first-party first
    by_name: dict  # normal form of a display name -> [(provider, model)]
    ids: list  # every distinct model id (did-you-mean)


@functools.cache
def _catalog() -> _Catalog:
    try:
        from importlib.metadata import version

        from genai_prices import data_snapshot, types
    except ImportError:
        raise DataError(
            "genai-prices is not installed, so only ftcost's own models are known: "
            "pip install genai-prices"
        ) from None
    snap = data_snapshot.get_snapshot()
    providers: dict = {}
    by_id: dict = {}
    by_name: dict = {}
    ids: dict = {}
    ranked = sorted(
        enumerate(snap.providers),
        key=lambda ip: (ip[1].id not in _FIRST_PARTY, ip[0]),
    )
    for _, p in ranked:
        providers.setdefault(_norm(p.id), p)
        providers.setdefault(_norm(p.name), p)
        providers.setdefault(_alnum(p.name), p)
        for m in p.models:
            by_id.setdefault(_norm(m.id), []).append((p, m))
            if m.name:
                by_name.setdefault(_norm(m.name), []).append((p, m))
            ids.setdefault(m.id, None)
    return _Catalog(
        version=version(DISTRIBUTION),
        date=_snapshot_date(snap, types),
        snapshot=snap,
        types=types,
        providers=providers,
        by_id=by_id,
        by_name=by_name,
        ids=list(ids),
    )


def _snapshot_date(snap, types) -> _dt.date:
    """The newest 'checked/verified … YYYY-MM-DD' in the snapshot's comments, else its newest price date."""
    found: list[_dt.date] = []
    for p in snap.providers:
        texts = [p.price_comments or ""] + [m.price_comments or "" for m in p.models]
        for text in texts:
            for d in _CHECKED.findall(text):
                with contextlib.suppress(ValueError):  # "2026-13-45" is no date
                    found.append(_dt.date.fromisoformat(d))
    if not found:  # a future snapshot without such comments: the newest dated price change
        for p in snap.providers:
            for m in p.models:
                for c in m.prices if isinstance(m.prices, list) else []:
                    if isinstance(c.constraint, types.StartDateConstraint):
                        found.append(c.constraint.start_date)
    return max(found, default=_dt.date(1970, 1, 1))


def snapshot_version() -> str:
    """Which genai-prices data answers: 'genai-prices 0.2.3 (snapshot 2026-11-03)'."""
    cat = _catalog()
    return f"{DISTRIBUTION} {cat.version} (snapshot {cat.date.isoformat()})"


def snapshot_date() -> _dt.date:
    """The date of genai-prices' snapshot (the newest date its comments say prices were checked)."""
    return _catalog().date


# ----------------------------------------------------------------- names


def _find(name: str, *, fuzzy: bool) -> tuple[object, object] | None:
    """(provider, model) genai-prices knows as ``name``: 'provider/id', an id or a display name;
    with ``fuzzy``, also what genai-prices' own matcher makes of it (dated ids, aliases)."""
    cat = _catalog()
    key = _norm(name)
    if "/" in key:
        head, rest = key.split("/", 1)
        p = cat.providers.get(head) or cat.providers.get(_alnum(head))
        if p is not None:
            for pm in cat.by_id.get(rest, []) + cat.by_name.get(rest, []):
                if pm[0] is p:
                    return pm
            if fuzzy:
                return _match(rest, p.id)
            return None
    for table in (cat.by_id, cat.by_name):
        if key in table:
            return table[key][0]
    return _match(key, None) if fuzzy else None


def _match(ref: str, provider_id: str | None):
    try:
        return _catalog().snapshot.find_provider_model(ref, None, provider_id, None)
    except LookupError:
        return None


def suggest(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` genai-prices ids close to ``name`` (``provider/id`` when a provider was named)."""
    cat = _catalog()
    key = _norm(str(name))
    pool, prefix = cat.ids, ""
    if "/" in key:
        head, rest = key.split("/", 1)
        p = cat.providers.get(head) or cat.providers.get(_alnum(head))
        if p is not None:
            pool, prefix, key = [m.id for m in p.models], f"{p.id}/", rest
    by_norm: dict[str, str] = {}
    for mid in pool:
        by_norm.setdefault(_norm(mid), mid)
    close = difflib.get_close_matches(key, list(by_norm), n=n, cutoff=0.6)
    out = [by_norm[k] for k in close]
    if not out and len(key) >= 3:  # a fragment such as "sonnet" or "gemini-3"
        out = [mid for k, mid in by_norm.items() if key in k][:n]
    return [prefix + mid for mid in out]


# ----------------------------------------------------------------- prices


def _in_force(m, as_of: _dt.date, types) -> tuple[object, list[str]]:
    """The genai-prices ModelPrice in force on ``as_of``, and notes on what was left aside."""
    if not isinstance(m.prices, list):
        return m.prices, []
    chosen, notes = None, []
    for c in m.prices:  # the last price whose constraint holds wins (genai-prices' own rule)
        if c.constraint is None:
            chosen = c.prices
        elif isinstance(c.constraint, types.StartDateConstraint):
            if c.constraint.start_date <= as_of:
                chosen = c.prices
        else:  # a time-of-day price: a monthly bill mixes both; ftcost takes the standard one
            lo, hi = c.constraint.start_time, c.constraint.end_time
            price = c.prices.input_mtok
            price = getattr(price, "base", price)
            said = f"${price} input" if price is not None else "other prices"
            notes.append(f"{said} from {lo:%H:%M} to {hi:%H:%M} UTC")
    if notes:
        notes = ["genai-prices lists time-of-day prices (" + "; ".join(notes) + "): not used"]
    return chosen, notes


def _rate(value, what: str, notes: list[str]) -> float | None:
    if value is None:
        return None
    base = getattr(value, "base", None)
    if base is not None:  # TieredPrices: the first tier is what short prompts pay
        tiers = ", ".join(f"${t.price} from {t.start:,} tokens" for t in value.tiers)
        notes.append(f"{what} tiered by prompt length: first tier ${base} used ({tiers})")
        return float(base)
    return float(value)


def _batch(m, as_of: _dt.date, types) -> object | None:
    chosen = None
    for v in m.price_variants or ():
        if v.when == {"processing": "batch"} and (
            v.constraint is None
            or (
                isinstance(v.constraint, types.StartDateConstraint)
                and v.constraint.start_date <= as_of
            )
        ):
            chosen = v.prices
    return chosen


def _to_price(p, m, as_of: _dt.date) -> ModelPrice:
    cat = _catalog()
    key = f"{p.id}/{m.id}"
    prices, notes = _in_force(m, as_of, cat.types)
    if prices is None or prices.input_mtok is None:
        has = str(prices) if prices is not None else ""
        has = f" (it has only {has})" if has else ""
        raise DataError(
            f"{DISTRIBUTION} has no input token price for {key!r}{has}: "
            "it cannot price a base route"
        )
    tier_notes: list[str] = []
    base_input = _rate(prices.input_mtok, "input", tier_notes)
    base_output = _rate(prices.output_mtok, "output", tier_notes)
    if base_output is None:
        notes.append("no output token price in genai-prices: output priced at $0")
        base_output = 0.0
    cached = _rate(prices.cache_read_mtok, "cached input", tier_notes)
    batch = _batch(m, as_of, cat.types)
    batch_in = _rate(batch.input_mtok, "batch input", tier_notes) if batch else None
    batch_out = _rate(batch.output_mtok, "batch output", tier_notes) if batch else None
    if tier_notes:
        notes.append(tier_notes[0])  # the input tier says it; the others follow the same cut
    url = (p.pricing_urls or [""])[0]
    source = f"{DISTRIBUTION} {cat.version} (snapshot {cat.date.isoformat()})"
    return ModelPrice(
        id=m.id,
        provider=p.name,
        name=m.name or m.id,
        status="deprecated" if m.deprecated else "active",
        checked=cat.date,
        source=f"{source}: {url}" if url else source,
        base_input=base_input,
        base_output=base_output,
        ft_input=0.0,
        ft_output=0.0,
        training=0.0,
        notes="; ".join(["base prices only, from genai-prices (no fine-tuning prices)", *notes]),
        base_cached_input=cached,
        base_batch_input=batch_in,
        base_batch_output=batch_out,
        file=f"{DISTRIBUTION} {cat.version}",
    )


@functools.lru_cache(maxsize=4096)
def _price_of(provider_id: str, model_id: str, as_of: _dt.date) -> ModelPrice:
    cat = _catalog()
    for p, m in cat.by_id[_norm(model_id)]:
        if p.id == provider_id and m.id == model_id:
            return _to_price(p, m, as_of)
    raise AssertionError((provider_id, model_id))  # pragma: no cover - keys come from the index


def lookup(name: str, *, as_of: _dt.date | None = None) -> ModelPrice:
    """Base prices of the model genai-prices knows as ``name`` ('gpt-4o', 'openai/gpt-4o',
    'Claude Sonnet 4.5', 'claude-sonnet-4-5-20250929'), in force on ``as_of`` (default today).

    Raises `UnknownModel` (with genai-prices' closest ids) or `DataError` (no input price).
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownModel(str(name) if name is not None else "", [])
    hit = _find(name, fuzzy=True)
    if hit is None:
        raise UnknownModel(name.strip(), suggest(name))
    p, m = hit
    return _price_of(p.id, m.id, as_of or _today())


def models(*, as_of: _dt.date | None = None) -> list[ModelPrice]:
    """Every genai-prices model with an input token price, in the snapshot's order."""
    day = as_of or _today()
    out = []
    for p in _catalog().snapshot.providers:
        for m in p.models:
            try:
                out.append(_price_of(p.id, m.id, day))
            except DataError:
                continue
    return out


# how a `ModelPrice.file` ends for base prices from elsewhere (a template's Current models row)
BASE_ONLY = "(base prices only)"


def is_base_only(m: ModelPrice) -> bool:
    """True for a model that came from genai-prices (or whose ``file`` ends with `BASE_ONLY`):
    its fine-tuning fields are 0 because nothing is known about them, so it can be a base route
    but never a fine-tuning candidate."""
    return m.file.startswith(f"{DISTRIBUTION} ") or m.file.endswith(BASE_ONLY)


# ----------------------------------------------------------------- both catalogs


def _exact_in(ps, name: str) -> ModelPrice | None:
    # the price set's own index holds exactly these normal forms (id, name, provider/id,
    # provider/name), first model first: a lookup, not a scan (every engine call resolves a base)
    return ps._index.get(_norm(name))


# A workbook asks for the same few names over and over (FT_GRADE down a column): what a name
# resolves to in a price set on a day, and the price set grown by a genai-prices model, are
# kept in the price set's own cache (so a reloaded or another set never sees them), bounded.
_MEMO_SIZE = 256
_RESOLVED = "basemodels: resolved"  # (name, day) -> ModelPrice
_GROWN = "basemodels: grown"  # id(model) -> (model, the price set with it)


def _remember(memo: dict, key, value) -> None:
    if len(memo) >= _MEMO_SIZE:
        del memo[next(iter(memo))]  # the oldest entry
    memo[key] = value


def resolve(name: str, prices=None, *, as_of: _dt.date | None = None) -> ModelPrice:
    """The model a user names, from ftcost's catalog if it has it, else from genai-prices.

    Order: exact in ftcost, exact in genai-prices, ftcost's fuzzy match (every word of the name
    in one model), genai-prices' matcher. Unknown to both: `UnknownModel` suggesting from both.
    Answers are remembered per price set, name and day.
    """
    from .pricing import load_prices

    ps = load_prices(prices)
    if isinstance(name, ModelPrice):
        return name
    if not isinstance(name, str) or not name.strip():
        raise UnknownModel(str(name) if name is not None else "", [])
    own = _exact_in(ps, name)
    if own is not None:
        return own
    day = as_of or _today()
    memo = ps.cache.setdefault(_RESOLVED, {})
    hit = memo.get((name, day))
    if hit is None:
        hit = _resolve(name, ps, day)
        _remember(memo, (name, day), hit)
    return hit


def with_model(ps, m: ModelPrice):
    """``ps`` plus ``m`` (a genai-prices base model it lacks), built once per price set and
    model: the set's derived arrays (engine caches) are then reused by the next call too."""
    if any(x is m for x in ps.models):
        return ps
    grown = ps.cache.setdefault(_GROWN, {})
    hit = grown.get(id(m))
    if hit is None or hit[0] is not m:  # keyed by identity (kept alive here, so never reused)
        hit = (m, dataclasses.replace(ps, models=(*ps.models, m), _index={}, cache={}))
        _remember(grown, id(m), hit)
    return hit[1]


def _resolve(name: str, ps, day: _dt.date) -> ModelPrice:
    hit = _find(name, fuzzy=False)
    if hit is not None:
        return _price_of(hit[0].id, hit[1].id, day)
    try:
        return ps.get(name)
    except UnknownModel as e:
        if str(e).startswith("ambiguous"):  # ftcost's words fit several of its models: say so
            raise
        ours = list(e.suggestions)
    hit = _find(name, fuzzy=True)
    if hit is not None:
        return _price_of(hit[0].id, hit[1].id, day)
    both = list(dict.fromkeys(ours + suggest(name)))[:3]
    raise UnknownModel(name.strip(), both)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One base price both catalogs have for the same model, with different values."""

    model: str  # ftcost's id
    genai_model: str  # genai-prices' provider/id
    field: str  # a `ModelPrice` field, one of COMPARED_FIELDS
    ftcost: float  # USD per 1M tokens
    genai_prices: float

    def __str__(self) -> str:
        return (
            f"{self.model}: {self.field} ftcost ${self.ftcost:g}, "
            f"genai-prices ${self.genai_prices:g} ({self.genai_model})"
        )

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _counterpart(m: ModelPrice) -> tuple[object, object] | None:
    """The genai-prices entry for an ftcost model: same provider and id (or what genai-prices'
    matcher makes of the id at that provider); any provider's same id if the provider is unknown."""
    cat = _catalog()
    p = cat.providers.get(_norm(m.provider)) or cat.providers.get(_alnum(m.provider))
    if p is None:
        hits = cat.by_id.get(_norm(m.id))
        return hits[0] if hits else None
    for pm in cat.by_id.get(_norm(m.id), []):
        if pm[0] is p:
            return pm
    return _match(m.id.lower(), p.id)


def disagreements(
    price_set: Iterable[ModelPrice], *, as_of: _dt.date | None = None, rel_tol: float = 1e-9
) -> list[Disagreement]:
    """For every model of ``price_set`` that genai-prices also knows, the base prices
    (COMPARED_FIELDS) both give that differ. ftcost's value is the one ftcost uses."""
    day = as_of or _today()
    out = []
    for m in price_set:
        hit = _counterpart(m)
        if hit is None:
            continue
        try:
            theirs = _price_of(hit[0].id, hit[1].id, day)
        except DataError:
            continue
        for f in COMPARED_FIELDS:
            a, b = getattr(m, f), getattr(theirs, f)
            if a is None or b is None or math.isclose(a, b, rel_tol=rel_tol):
                continue
            out.append(Disagreement(m.id, f"{hit[0].id}/{hit[1].id}", f, a, b))
    return out
