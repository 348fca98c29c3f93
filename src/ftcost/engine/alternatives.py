"""The article's alternatives to fine-tuning: prompt engineering, RAG and multi-model routing."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Workload
from ..units import fmt_tokens, parse_price, parse_share, parse_tokens
from .inputs import _kernel_prices, _model, _prices, _workload_dict
from .kernels import MILLION, k_cost, k_per_million, k_route_rates


@dataclass(frozen=True, slots=True)
class Alternative:
    name: str  # "prompt engineering", "RAG", "routing"
    monthly_cost: float
    per_million: float  # per 1M task input tokens
    parts: dict = field(default_factory=dict)  # cost components, USD/month
    notes: str = ""


# The last answer of each function, with what it was asked: a report weighs the alternatives in
# the decision's options and shows them again on its Alternatives sheet, the same call twice in
# a row. Reused only for the very same inputs (records by identity, numbers by value and sign).
_LAST: dict[str, tuple] = {}


def _same(a: object, b: object) -> bool:
    if a is b:
        return True
    if type(a) is float and type(b) is float:
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    return type(a) is str and type(b) is str and a == b


def _recall(name: str, key: tuple) -> Alternative | None:
    last = _LAST.get(name)  # one read: (key, answer) stay together
    if last is not None and len(last[0]) == len(key) and all(map(_same, last[0], key)):
        return last[1]
    return None


def prompt_engineering_cost(model, workload: Workload, prices=None) -> Alternative:
    """Stay on ``model`` and carry instructions/few-shot examples in every prompt.

    Cost = the base route with ``workload.prompt_overhead`` extra input tokens per task token.
    """
    ps = _prices(prices)
    m = _model(ps, model)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: needed for the prompt-engineering cost")
    key = (ps, m, workload)
    hit = _recall("prompt", key)
    if hit is not None:
        return hit
    p = _kernel_prices(ps, m)
    base_pm, _ = k_per_million(p, p, _workload_dict(workload))
    plain_pm, _ = k_per_million(p, p, _workload_dict(workload, prompt_overhead=0.0))
    M = workload.monthly_tokens
    monthly = k_cost(M, base_pm)
    extra = monthly - k_cost(M, plain_pm)
    a = Alternative(
        name="prompt engineering",
        monthly_cost=monthly,
        per_million=base_pm,
        parts={"task tokens": monthly - extra, "extra prompt tokens": extra},
        notes=f"{m.id} with {workload.prompt_overhead:g} extra prompt tokens per task token",
    )
    _LAST["prompt"] = (key, a)
    return a


# RAG defaults: the article's low ends ($0.0001/1K embedding = $0.10/1M; $0.00001 per search)
RAG_EMBEDDING_PER_MILLION = 0.10
RAG_SEARCH_PER_QUERY = 0.00001


def rag_cost(
    model,
    workload: Workload,
    *,
    requests,
    context_tokens=2000,
    embedding_per_million=RAG_EMBEDDING_PER_MILLION,
    search_per_query=RAG_SEARCH_PER_QUERY,
    corpus_tokens=0,
    prices=None,
) -> Alternative:
    """Retrieval-augmented generation on ``model``: per month,

    embedding (task tokens + re-embedded corpus tokens) × embedding price
    + requests × search price + generation of (task + requests × context tokens) on the base model.
    """
    ps = _prices(prices)
    m = _model(ps, model)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: needed for the RAG cost")
    M = workload.monthly_tokens
    n = parse_tokens(requests, "requests")
    ctx = parse_tokens(context_tokens, "context_tokens")
    emb = parse_price(embedding_per_million, "embedding_per_million")
    search = parse_price(search_per_query, "search_per_query")
    corpus = parse_tokens(corpus_tokens, "corpus_tokens")
    if M > 0 and n == 0:
        raise InputError("requests: RAG needs the number of requests a month (> 0)")
    key = (ps, m, workload, n, ctx, emb, search, corpus)
    hit = _recall("rag", key)
    if hit is not None:
        return hit
    p = _kernel_prices(ps, m)
    wd = _workload_dict(workload, prompt_overhead=0.0)
    gen_pm, _ = k_per_million(p, p, wd)
    base_in, _ = k_route_rates(p, "base_", workload.cached_share, workload.batch_share)
    parts = {
        "embedding": k_cost(M + corpus, emb),
        "vector search": n * search,
        "generation": k_cost(M, gen_pm),
        "retrieved context": k_cost(n * ctx, base_in),
    }
    total = sum(parts.values())
    a = Alternative(
        name="RAG",
        monthly_cost=total,
        per_million=total / M * MILLION if M else 0.0,
        parts=parts,
        notes=f"{m.id}, {fmt_tokens(n)} requests × {fmt_tokens(ctx)} context tokens",
    )
    _LAST["rag"] = (key, a)
    return a


def routing_cost(
    cheap, premium, workload: Workload, *, simple_share, router_per_million=0.0, prices=None
) -> Alternative:
    """Send the ``simple_share`` of traffic to ``cheap`` and the rest to ``premium`` (base prices).

    Blended per 1M = share × cheap/1M + (1 − share) × premium/1M (+ a router's own cost per 1M).
    """
    ps = _prices(prices)
    mc, mp = _model(ps, cheap), _model(ps, premium)
    if workload.monthly_tokens is None:
        raise InputError("monthly_tokens: needed for the routing cost")
    s = parse_share(simple_share, "simple_share")
    router = parse_price(router_per_million, "router_per_million")
    key = (ps, mc, mp, workload, s, router)
    hit = _recall("routing", key)
    if hit is not None:
        return hit
    wd = _workload_dict(workload, prompt_overhead=0.0)
    pc, pp = _kernel_prices(ps, mc), _kernel_prices(ps, mp)
    cheap_pm, _ = k_per_million(pc, pc, wd)
    prem_pm, _ = k_per_million(pp, pp, wd)
    blended = s * cheap_pm + (1 - s) * prem_pm + router
    M = workload.monthly_tokens
    a = Alternative(
        name="routing",
        monthly_cost=k_cost(M, blended),
        per_million=blended,
        parts={
            f"{mc.id} (simple)": k_cost(M * s, cheap_pm),
            f"{mp.id} (complex)": k_cost(M * (1 - s), prem_pm),
            "router": k_cost(M, router),
        },
        notes=f"{s:.0%} of traffic to {mc.id}, the rest to {mp.id}",
    )
    _LAST["routing"] = (key, a)
    return a
