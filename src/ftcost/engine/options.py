"""The options a user really has, side by side over one horizon.

From what they pay now (``current``, any model ftcost or genai-prices knows, used as a base
model) every option is costed for the same workload over the same ``months``:

    stay       the current model as used now
    switch     a cheaper current base model, no training (`basemodels.CURRENT_MODELS`)
    fine-tune  each model trainable on the as-of date (training + its fine-tuned route; when the
               fine-tune retires before the horizon ends, the remaining months are back on
               the current model)
    route      simple requests to a cheap model, the rest to the current one
    rag        retrieval-augmented generation on the current model
    prompt     prompt engineering on the current model (its cost is today's: the base route
               already carries the prompt overhead)

``horizon_cost`` = ``one_off`` + the monthly costs over ``months``; ``saving_share`` is the
share of staying's horizon cost an option saves. Options resting on unverified prices are left
out unless ``include_unverified``; `Options.left_out` says what was left out and why.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass

import numpy as np

from ..errors import DataError, InputError, UnknownModel
from ..lifecycle import availability, parse_as_of
from ..model import PLAN_FIELDS, WORKLOAD_FIELDS, ModelPrice, TrainingPlan, Workload
from ..pricing import PriceSet
from ..units import fmt_money, parse_share
from .alternatives import prompt_engineering_cost, rag_cost, routing_cost
from .inputs import (
    _ARRAY_FIELDS,
    _as_plan,
    _price_dict,
    _prices,
    _service_months,
    _workload_dict,
    base_model,
    with_spend,
)
from .kernels import k_cost, k_per_million, k_service
from .rank import Ranking, reuse

__all__ = [
    "ALTERNATIVE_KINDS",
    "GRADE_KINDS",
    "KINDS",
    "SIMPLE_SHARE",
    "Option",
    "Options",
    "alternatives",
    "options",
    "resolve_base",
]

KINDS = ("stay", "switch", "fine-tune", "route", "rag", "prompt")
GRADE_KINDS = ("stay", "switch", "fine-tune", "route")  # what `grade` weighs (issue 13)
ALTERNATIVE_KINDS = ("stay", "prompt", "rag", "route", "fine-tune")  # the article's alternatives
SIMPLE_SHARE = 0.7  # share of requests routed to the cheap model unless told (the template's)
REQUEST_TOKENS = 1000.0  # task tokens per request when RAG's requests are not given
_ORDER = {k: i for i, k in enumerate(KINDS)}  # ties: staying first


@dataclass(frozen=True, slots=True)
class Option:
    """One thing the user can do, costed over the horizon (USD)."""

    kind: str  # one of KINDS
    label: str  # "switch to gpt-5-mini", "fine-tune gpt-4o-mini", ...
    model: str  # the model it runs on (for route: the cheap one)
    monthly_cost: float  # running cost a month (fine-tune: its fine-tuned route, hosting included)
    one_off: float  # paid besides the months (fine-tune: every training over the horizon)
    horizon_cost: float  # one_off + every month of the horizon
    saving_share: float  # of staying's horizon cost (negative: costs more)
    verified: bool  # every price it rests on is first-hand (not `unverified`)
    assumption: str = ""  # what it takes for granted that the user has not confirmed
    note: str = ""

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}  # flat: no deep copy


@dataclass(frozen=True, slots=True)
class Options:
    """Every option for one workload, cheapest over the horizon first."""

    current: str  # the current model's id
    current_source: str  # where its prices come from (ftcost's catalog or genai-prices' version)
    months: int
    monthly_tokens: float
    as_of: _dt.date
    options: tuple[Option, ...]
    left_out: tuple[tuple[str, str], ...] = ()  # (what, why)
    spend_text: str = ""  # "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"
    prices: str = ""  # the price set's label
    weighed_unverified: bool = False  # made with include_unverified (what `restricted` can cut)

    @property
    def stay(self) -> Option:
        return next(o for o in self.options if o.kind == "stay")

    @property
    def cheapest(self) -> Option:
        return self.options[0]

    def of_kind(self, *kinds: str) -> list[Option]:
        return [o for o in self.options if o.kind in kinds]

    def restricted(self, kinds: tuple[str, ...], include_unverified: bool) -> Options | None:
        """These options cut down to ``kinds`` (staying always): what `options` with those
        arguments would weigh, without weighing again — or None when they were weighed with
        another ``include_unverified`` (which models `options` leaves out then depends on each
        model's own prices, which an option does not carry: weigh afresh)."""
        if include_unverified != self.weighed_unverified:
            return None
        keep = tuple(o for o in self.options if o.kind in kinds or o.kind == "stay")
        return dataclasses.replace(self, options=keep)

    def find(self, kind: str, model: str | None = None) -> Option | None:
        for o in self.options:
            if o.kind == kind and (model is None or o.model == model):
                return o
        return None

    def as_dict(self) -> dict:
        return {
            "current": self.current,
            "current_source": self.current_source,
            "months": self.months,
            "monthly_tokens": self.monthly_tokens,
            "as_of": self.as_of.isoformat(),
            "prices": self.prices,
            "spend_text": self.spend_text,
            "options": [o.as_dict() for o in self.options],
            "left_out": [{"what": a, "why": b} for a, b in self.left_out],
        }


# ----------------------------------------------------------------- inputs as plain values


def _split_fields(fields: dict) -> tuple[dict, dict]:
    plan_kw, work_kw = {}, {}
    for k, v in fields.items():
        if k in PLAN_FIELDS:
            plan_kw[k] = v
        elif k in WORKLOAD_FIELDS:
            work_kw[k] = v
        else:
            raise InputError(f"{k}: not a workload or training field")
    return plan_kw, work_kw


def inputs(
    plan, workload, fields: dict, *, monthly_spend=None, base: ModelPrice | None = None, as_of=None
) -> tuple[TrainingPlan, Workload, str]:
    """(plan, workload, spend sentence) from objects and/or plain keyword values.

    ``plan``: a TrainingPlan, training tokens ("5M") or None (5M); ``workload``: a Workload or
    None; ``fields``: TrainingPlan/Workload fields as plain values, overriding both. A
    ``monthly_spend`` becomes the monthly volume on ``base`` (`spend.tokens_from_spend`).
    """
    plan_kw, work_kw = _split_fields(fields)
    p = _as_plan(plan if plan is not None else 5e6)
    if plan_kw:
        p = dataclasses.replace(p, **plan_kw)
    w = workload if workload is not None else Workload()
    if not isinstance(w, Workload):
        raise InputError(f"workload: a Workload, got {type(w).__name__}")
    if work_kw:
        w = dataclasses.replace(w, **work_kw)
    w, text = with_spend(w, monthly_spend, base, parse_as_of(as_of))
    return p, w, text


def resolve_base(current, prices=None, as_of=None) -> tuple[ModelPrice, PriceSet]:
    """The current model (any model ftcost's catalog or genai-prices knows, `basemodels.resolve`)
    and a price set that holds it: ``prices`` itself, or ``prices`` plus the genai-prices entry
    (base prices only — `basemodels.is_base_only` — never a candidate to fine-tune)."""
    ps = _prices(prices)
    m = base_model(ps, current, parse_as_of(as_of))
    if m.id in ps.ids:  # the set's own entry, or a ModelPrice passed in for a model it has
        return m, ps
    from ..basemodels import with_model  # the grown set is built once per set and model

    return m, with_model(ps, m)


# ----------------------------------------------------------------- the options


def ranking_for(ranking, plan, w, base, ps, day) -> Ranking:
    """`rank.reuse` on ``day``."""
    return reuse(ranking, plan, w, base, ps, as_of=day)


def _base_per_million(m: ModelPrice, w: Workload) -> float:
    p = _price_dict(m)
    return k_per_million(p, p, _workload_dict(w))[0]


def _verified(*models: ModelPrice) -> bool:
    return all(m.status != "unverified" for m in models)


def _source(m: ModelPrice) -> str:
    from ..basemodels import is_base_only

    if is_base_only(m):
        return m.source.split(": ")[0]
    return f"ftcost catalog ({m.file or 'prices'})"


CENT = 0.01  # a horizon cost under a cent has no share worth saying: 0, not −10^50 "more"


# why an option resting on unverified prices is left out (`Options.left_out`, decide's too)
UNVERIFIED = "prices unverified: include_unverified to weigh them"


def _share(x: float, of: float) -> float:
    """Share of ``of`` that ``x`` saves (negative: costs more); 0 when ``of`` is under a cent."""
    return (of - x) / of if of >= CENT else 0.0


def _option(kind, label, model, monthly, one_off, months, stay_h, verified, assumption="", note=""):
    h = one_off + monthly * months
    return Option(
        kind, label, model, monthly, one_off, h, _share(h, stay_h), verified, assumption, note
    )


def options(
    current,
    plan=None,
    workload: Workload | None = None,
    *,
    prices=None,
    as_of=None,
    include_unverified: bool = False,
    monthly_spend=None,
    rag: dict | None = None,
    routing: dict | None = None,
    kinds: tuple[str, ...] = KINDS,
    ranking: Ranking | None = None,
    also: tuple[str, ...] = (),
    **fields,
) -> Options:
    """Every option the user has against staying on ``current``, over ``workload.months``.

    ``current``: a model name (ftcost's catalog first, then genai-prices' prices on ``as_of``);
    ``plan``: training tokens ("5M") or a TrainingPlan; workload fields as plain keywords
    (``monthly_tokens="100M"``, ``output_ratio=0.5``, ``months=12`` …) or a Workload.
    ``monthly_spend`` (USD a month, "$5,000") instead of ``monthly_tokens``.
    ``rag``: `rag_cost` keywords (requests, context_tokens, …; default requests = monthly tokens /
    1,000); ``routing``: {"cheap": model, "simple_share": 0.7, "router_per_million": 0}
    (default cheap model: the cheapest fine-tune option's model, at its base prices).
    ``kinds`` restricts the options; ``also`` names fine-tune candidates kept even when their
    prices are unverified (the decision's own pick).
    """
    for k in kinds:
        if k not in KINDS:
            raise InputError(f"kinds: one of {', '.join(KINDS)}; got {k!r}")
    day = parse_as_of(as_of)
    base, ps = resolve_base(current, prices, day)
    plan, w, spend_text = inputs(
        plan, workload, fields, monthly_spend=monthly_spend, base=base, as_of=day
    )
    if w.monthly_tokens is None:
        raise InputError("monthly_tokens: options need a monthly volume (or a monthly_spend)")
    M, months = w.monthly_tokens, w.months
    stay_pm = _base_per_million(base, w)
    stay_monthly = k_cost(M, stay_pm)
    stay_h = stay_monthly * months
    opts: list[Option] = [
        _option(
            "stay",
            f"stay on {base.id}",
            base.id,
            stay_monthly,
            0.0,
            months,
            stay_h,
            _verified(base),
            note=f"prices: {_source(base)}",
        )
    ]
    left: list[tuple[str, str]] = []

    tuned: list[Option] = []
    n_left = len(left)
    if "fine-tune" in kinds or ("route" in kinds and not (routing or {}).get("cheap")):
        tuned = _fine_tunes(
            base, ps, plan, w, day, stay_monthly, stay_h, include_unverified, also, ranking, left
        )
        if "fine-tune" not in kinds:
            del left[n_left:]  # fine-tuning was not asked for: its leftovers are no news
    if "fine-tune" in kinds:
        opts += tuned

    if "switch" in kinds:
        opts += _switches(base, ps, w, day, stay_pm, stay_h, include_unverified, left)

    if "route" in kinds:
        r = dict(routing or {})
        unknown = set(r) - {"cheap", "simple_share", "router_per_million"}
        if unknown:
            raise InputError(f"routing: unknown key {sorted(unknown)[0]!r}")
        share = parse_share(r.get("simple_share", SIMPLE_SHARE), "simple_share")
        cheap = None
        if r.get("cheap"):
            cheap, _ = resolve_base(r["cheap"], ps, day)
        elif tuned:
            cheap = ps.get(min(tuned, key=lambda o: o.horizon_cost).model)
        if cheap is None:
            left.append(("route", "no cheap model to route to (give routing={'cheap': …})"))
        elif cheap.status == "unverified" and not include_unverified:
            left.append((f"route to {cheap.id}", UNVERIFIED))
        else:
            a = routing_cost(
                cheap,
                base,
                w,
                simple_share=share,
                router_per_million=r.get("router_per_million", 0.0),
                prices=ps,
            )
            opts.append(
                _option(
                    "route",
                    f"route {share:.0%} to {cheap.id}",
                    cheap.id,
                    a.monthly_cost,
                    0.0,
                    months,
                    stay_h,
                    _verified(cheap, base),
                    assumption=(
                        f"assumes {share:.0%} of requests are simple enough for {cheap.id} "
                        "— not confirmed"
                    ),
                    note=a.notes,
                )
            )

    derived = False
    if "rag" in kinds:
        r = dict(rag or {})
        model = r.pop("model", None)
        m = resolve_base(model, ps, day)[0] if model else base
        if "requests" not in r:
            per = r.pop("request_tokens", REQUEST_TOKENS)
            r["requests"] = M / float(per)
            derived = True
    if derived and not r["requests"] > 0:  # no volume: no request to retrieve for
        left.append((f"RAG on {m.id}", "no requests a month to retrieve for (0 tokens a month)"))
    elif "rag" in kinds:
        a = rag_cost(m, w, prices=ps, **r)
        opts.append(
            _option(
                "rag",
                f"RAG on {m.id}",
                m.id,
                a.monthly_cost,
                0.0,
                months,
                stay_h,
                _verified(m),
                assumption=f"assumes {a.notes.split(', ', 1)[1]} a month",
                note="embedding, vector search and retrieved context on top of generation",
            )
        )

    if "prompt" in kinds:
        a = prompt_engineering_cost(base, w, ps)
        opts.append(
            _option(
                "prompt",
                f"prompt engineering on {base.id}",
                base.id,
                a.monthly_cost,
                0.0,
                months,
                stay_h,
                _verified(base),
                note=(
                    f"what you pay now: {w.prompt_overhead:g} instruction/example tokens per "
                    "task token already counted"
                ),
            )
        )

    if "stay" not in kinds:
        opts = opts[1:]
    opts.sort(key=lambda o: (round(o.horizon_cost, 9), _ORDER[o.kind], o.label))
    return Options(
        current=base.id,
        current_source=_source(base),
        months=months,
        monthly_tokens=M,
        as_of=day,
        options=tuple(opts),
        left_out=tuple(left),
        spend_text=spend_text,
        prices=ps.label,
        weighed_unverified=bool(include_unverified),
    )


def _fine_tunes(
    base, ps, plan, w, day, stay_monthly, stay_h, include_unverified, also, ranking, left
):
    r = ranking_for(ranking, plan, w, base, ps, day)
    out = []
    left += _left_unavailable(ps, day, getattr(r, "unavailable", ()))  # rank left them out
    keep = {ps.get(a).id for a in also if a}
    tunable = _tunable(ps, day)
    months, every = w.months, w.retrain_every
    base_verified = base.status != "unverified"
    # (months served, trainings) by (retirement, training window), as the ranking's `k_service`
    # counts them: most models share one pair or none
    service = {}
    for row in r.rows:
        hit = tunable.get(row.id)
        if hit is None:
            hit = _tunable_model(ps.get(row.id), day)
        m, base_only, av, label, closed, unverified, retiring = hit
        if base_only:
            continue
        if not av.trainable or row.trainable is False:
            left.append((label, closed))
            continue
        if row.total_cost is None or row.training_cost is None:
            left.append((label, f"no price: {row.note or 'training cannot be costed'}"))
            continue
        if unverified and not include_unverified and m.id not in keep:
            left.append((label, UNVERIFIED))
            continue
        key = (av.serve_months, av.training_until)
        served = service.get(key)
        if served is None:
            eff, n = k_service(months, every, *_service_months(av, day))
            served = service[key] = (max(0.0, float(eff)), int(n))
        serve, trainings = served
        one_off = trainings * row.training_cost
        h = one_off + serve * row.monthly_cost + (months - serve) * stay_monthly
        note = f"{trainings} training{'s' if trainings > 1 else ''} of {_money(row.training_cost)}"
        if serve < months:
            if av.serve_months is not None and serve >= min(months, av.serve_months):
                note += f"; serves {serve:.1f} of {months}{retiring}{base.id}"
            else:  # the training window ends the retrainings before it retires
                note += (
                    f"; serves {serve:.1f} of {months} months (no retraining after "
                    f"{av.training_until}), then back on {base.id}"
                )
        elif av.reason:
            note += f"; {av.reason}"
        out.append(
            Option(
                "fine-tune",
                label,
                m.id,
                row.monthly_cost,
                one_off,
                h,
                _share(h, stay_h),
                not unverified and base_verified,
                "",
                note,
            )
        )
    return out


def _left_unavailable(ps: PriceSet, day: _dt.date, unavailable: tuple) -> list:
    """What `Options.left_out` says of the models not trainable on ``day`` (once per set)."""
    said = ps.cache.setdefault(("left unavailable", day), {})
    hit = said.get(unavailable)
    if hit is None:
        if len(said) > 256:
            said.clear()
        hit = said[unavailable] = [
            (f"fine-tune {mid}", f"not trainable on {day.isoformat()}: {why}")
            for mid, _state, why in unavailable
        ]
    return hit


def _tunable_model(m: ModelPrice, day: _dt.date) -> tuple:
    from ..basemodels import is_base_only

    av = availability(m, day)
    label = f"fine-tune {m.id}"
    closed = f"not trainable on {day.isoformat()}: {av.reason}"
    retiring = f" months (retires {av.retires}), then back on "
    return (m, is_base_only(m), av, label, closed, m.status == "unverified", retiring)


def _tunable(ps: PriceSet, day: _dt.date) -> dict[str, tuple]:
    """Per model id, what `_fine_tunes` reads of it on ``day`` that no workload changes (the
    model as ``ps.get`` finds it, base-only or not, availability, label, why not trainable,
    unverified or not), once per price set and day."""
    key = ("tunable", day)
    hit = ps.cache.get(key)
    if hit is None:
        hit = ps.cache[key] = {m.id: _tunable_model(ps.get(m.id), day) for m in ps.models}
    return hit


# fmt_money of the same training costs, scenario after scenario (plans repeat): kept, bounded
_MONEY: dict[float, str] = {}


def _money(x: float) -> str:
    hit = _MONEY.get(x)
    if hit is None:
        if len(_MONEY) > 4096:
            _MONEY.clear()
        hit = fmt_money(x)
        if x != 0:  # 0.0 and -0.0 are one key
            _MONEY[x] = hit
    return hit


def _current_models(ps: PriceSet, day: _dt.date) -> tuple[list, dict, dict]:
    """`basemodels.CURRENT_MODELS` on ``day``, resolved once per price set and day: (entries
    (name, model or None, error, and what an option or `left_out` says of it), their prices as
    kernel arrays, base route per 1M by workload shape)."""
    from ..basemodels import CURRENT_MODELS, resolve

    cache = ps.cache.setdefault("current_models", {})
    hit = cache.get(day)
    if hit is None:
        found = []
        for name in CURRENT_MODELS if ps.current_models is None else ps.current_models:
            try:
                m = resolve(name, ps, as_of=day)
            except (UnknownModel, DataError) as e:
                found.append((name, None, (f"switch to {name}", f"no price: {e}"), None))
                continue
            label = f"switch to {m.id}"
            said = (
                label,
                f"untrained; check {m.id} does your task",  # the option's assumption
                f"prices: {_source(m)}",  # its note
                (label, f"marked deprecated in {_source(m)}"),  # left out: deprecated
                (label, UNVERIFIED),
            )
            found.append((name, m, None, said))
        rows = [_price_dict(m) if m is not None else {} for _, m, _, _ in found]
        arrays = {
            k: np.array([row.get(k, np.nan) for row in rows], dtype=float) for k in _ARRAY_FIELDS
        }
        hit = cache[day] = (found, arrays, {})
    return hit


def _switch_per_million(ps: PriceSet, day: _dt.date, w: Workload) -> tuple[list, list[float]]:
    """(the current models, each one's base route per 1M task tokens for ``w``): the kernel
    run once over all of them (numpy: the same doubles as one model at a time), kept per
    workload shape (the base route depends on four workload fields only)."""
    found, arrays, by_shape = _current_models(ps, day)
    key = (w.output_ratio, w.prompt_overhead, w.cached_share, w.batch_share)
    pm = by_shape.get(key)
    if pm is None:
        if len(by_shape) > 4096:
            by_shape.clear()
        with np.errstate(invalid="ignore"):
            pm = by_shape[key] = k_per_million(arrays, arrays, _workload_dict(w))[0].tolist()
    return found, pm


def _switches(base, ps, w, day, stay_pm, stay_h, include_unverified, left):
    found, per_million = _switch_per_million(ps, day, w)
    out, seen = [], {base.id}
    M, months = w.monthly_tokens, w.months
    base_verified = base.status != "unverified"
    for (_name, m, error, said), pm in zip(found, per_million, strict=True):
        if m is None:
            left.append(error)
            continue
        if m.id in seen:
            continue
        seen.add(m.id)
        label, assumption, note, deprecated, unverified = said
        if m.status == "deprecated":
            left.append(deprecated)
            continue
        if m.status == "unverified" and not include_unverified:
            left.append(unverified)
            continue
        if pm >= stay_pm:  # not cheaper: not an option to save money
            continue
        verified = m.status != "unverified" and base_verified
        out.append(
            _option(
                "switch",
                label,
                m.id,
                k_cost(M, pm),
                0.0,
                months,
                stay_h,
                verified,
                assumption,
                note,
            )
        )
    return out


def alternatives(current, plan=None, workload: Workload | None = None, **kw) -> Options:
    """The article's alternatives side by side — prompt engineering, RAG, routing and
    fine-tuning (with staying as the yardstick) — monthly and over the horizon: `options`
    restricted to ALTERNATIVE_KINDS (``kinds`` may narrow them further)."""
    kw.setdefault("kinds", ALTERNATIVE_KINDS)
    return options(current, plan, workload, **kw)
