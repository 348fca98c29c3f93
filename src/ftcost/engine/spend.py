"""Monthly spend as another way to state monthly volume.

"We spend $5,000 a month on gpt-4o" becomes task input tokens a month by dividing the spend by
the base route's blended price per 1M task tokens — the same price `ftcost.engine` charges the
base route, so the derived volume costs exactly the spend there:

    in_eff  = (1−b)·((1−c)·input + c·cached_input) + b·batch_input     c, b: cached/batch share
    out_eff = (1−b)·output + b·batch_output
    per 1M  = in_eff × (1 + prompt_overhead) + output_ratio × out_eff   (engine.k_per_million, base)
    monthly tokens = spend ÷ per 1M × 1e6

A missing cached or batch price falls back to the standard one, as in the engine.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass

from ..errors import DataError
from ..model import ModelPrice, Workload
from ..units import fmt_rate, parse_money
from .inputs import _price_dict, _workload_dict
from .kernels import k_per_million

__all__ = ["SpendVolume", "blended_per_million", "tokens_from_spend"]

MILLION = 1e6


@dataclass(frozen=True, slots=True)
class SpendVolume:
    """A monthly spend turned into the monthly task volume it buys on the base model."""

    spend: float  # USD a month
    model: str  # the base model's id
    per_million: float  # USD per 1M task input tokens, output/cache/batch/overhead blended in
    monthly_tokens: float  # task input tokens a month
    text: str  # "$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M"

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _workload(workload: Workload | None, fields: dict) -> Workload:
    w = workload or Workload()
    return dataclasses.replace(w, **fields) if fields else w


def _or(x: float | None, default: float) -> float:
    return default if x is None else x


def blended_per_million(model: ModelPrice, workload: Workload | None = None, **fields) -> float:
    """USD the base route pays per 1M task input tokens on ``model`` (engine's base/1M formula).

    ``fields`` are `Workload` fields (output_ratio, cached_share, batch_share, prompt_overhead)
    given as plain values; they override ``workload``'s.
    """

    p = _price_dict(model)  # the engine's base route itself (its kernel), not a copy of it
    return k_per_million(p, p, _workload_dict(_workload(workload, fields)))[0]


def _dollars(x: float) -> str:
    return f"${x:,.0f}" if x == int(x) else f"${x:,.2f}"


def _millions(tokens: float) -> str:
    """Tokens in millions with the precision a reader can use: '2,000M', '66.7M', '0.4M'."""
    m = tokens / MILLION
    if m >= 100:
        text = f"{m:,.0f}"
    elif m >= 0.01:
        text = f"{m:,.3g}" if m < 1 else f"{m:,.{3 - len(str(int(m)))}f}".rstrip("0").rstrip(".")
    else:
        return f"{tokens:,.0f}"
    return text + "M"


def _blend_note(model: ModelPrice, w: Workload) -> str:
    parts = []
    if w.cached_share:
        cached = _or(model.base_cached_input, model.base_input)
        parts.append(f"{w.cached_share:.0%} cached at {fmt_rate(cached)}")
    if w.batch_share:
        parts.append(f"{w.batch_share:.0%} batch")
    if w.prompt_overhead:
        parts.append(f"{w.prompt_overhead:g} prompt-overhead tokens per task token")
    if w.output_ratio:
        out = f"{w.output_ratio:g} output tokens per input token at {fmt_rate(model.base_output)}"
        parts.append(out)
    if not parts:
        return ""
    return f" (input {fmt_rate(model.base_input)}, " + ", ".join(parts) + ")"


def tokens_from_spend(
    spend,
    model: ModelPrice | str,
    workload: Workload | None = None,
    *,
    prices=None,
    as_of: _dt.date | None = None,
    **fields,
) -> SpendVolume:
    """The task input tokens a month that ``spend`` (USD a month: 5000, '$5,000', '5k') buys on
    ``model``'s base route, with a sentence saying so.

    ``model`` is a `ModelPrice` or a name, resolved by `ftcost.basemodels.resolve` (ftcost's
    catalog ``prices`` first, then genai-prices' prices in force on ``as_of``). ``fields`` are
    `Workload` fields as plain values (output_ratio=0.5, cached_share="30%").

    >>> from ftcost.model import ModelPrice
    >>> import datetime
    >>> m = ModelPrice("gpt-4o", "OpenAI", "GPT-4o", "active", datetime.date(2026, 1, 1), "",
    ...                2.5, 10.0, 3.75, 15.0, 25.0)
    >>> tokens_from_spend("$5,000", m).text
    '$5,000/month on gpt-4o = 2,000M input tokens/month at $2.50/1M'
    """
    usd = parse_money(spend, "monthly_spend")
    if not isinstance(model, ModelPrice):
        from ..basemodels import resolve  # genai-prices loads only when a name needs it

        model = resolve(model, prices, as_of=as_of)
    w = _workload(workload, fields)
    per_million = blended_per_million(model, w)
    if not per_million > 0:
        raise DataError(
            f"monthly_spend: {model.id} has no token price, so a spend says nothing about volume: "
            "give --monthly-tokens instead"
        )
    tokens = usd / per_million * MILLION
    text = (
        f"{_dollars(usd)}/month on {model.id} = {_millions(tokens)} input tokens/month "
        f"at {fmt_rate(per_million)}/1M{_blend_note(model, w)}"
    )
    return SpendVolume(usd, model.id, per_million, tokens, text)
