"""Can this model be fine-tuned on a given day, and how long will its fine-tune serve?

The price data carries dates (`training_until`: the last day a new training job can start;
`retires`: the day the fine-tuned model stops serving) and a `status`. What a user sees is
derived from them and an **as-of date**, an input of every answer:

retired     the as-of date is on or after `retires`: the fine-tune no longer serves
closed      the as-of date is after `training_until`, or the entry's status is `deprecated`
            (fine-tuning no longer offered): no new training job can start; or the offer is not
            for production (`production = false`, e.g. deployments deleted after 24 h)
closing     a `training_until` or `retires` date lies ahead: trainable now, not for long
unverified  no date announced, but the entry's prices are second-hand
active      no date announced, prices verified

Months between two dates are days ÷ (365.25 / 12), the average month, so the template's
formula `(retires - as_of) / 30.4375` gives the same number.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass

from .errors import InputError
from .model import ModelPrice

__all__ = [
    "AS_OF_VAR",
    "DAYS_PER_MONTH",
    "STATES",
    "Availability",
    "availability",
    "months_between",
    "parse_as_of",
]

DAYS_PER_MONTH = 365.25 / 12  # 30.4375
STATES = ("active", "closing", "unverified", "closed", "retired")
_EARLIEST, _LATEST = _dt.date(2020, 1, 1), _dt.date(2100, 12, 31)


AS_OF_VAR = "FTCOST_AS_OF"  # the as-of date when none is given (default: today)


def parse_as_of(value: object = None, what: str = "as_of") -> _dt.date:
    """The as-of date: a date, or text YYYY-MM-DD; None (or blank) is $FTCOST_AS_OF, else today.

    $FTCOST_AS_OF pins every answer to one day (CI, reproducible reports) without an option on
    each command."""
    if value is None or (isinstance(value, str) and not value.strip()):
        pinned = os.environ.get(AS_OF_VAR, "").strip()
        return parse_as_of(pinned, AS_OF_VAR) if pinned else _dt.date.today()
    if isinstance(value, _dt.datetime):
        day = value.date()
    elif isinstance(value, _dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"{what}: expected a date YYYY-MM-DD, got {value!r}") from None
        if len(value.strip()) != 10:  # fromisoformat also takes 20261201
            raise InputError(f"{what}: expected a date YYYY-MM-DD, got {value!r}")
    else:
        raise InputError(f"{what}: expected a date YYYY-MM-DD, got {value!r}")
    if not _EARLIEST <= day <= _LATEST:
        raise InputError(f"{what}: {day.isoformat()} is not plausible (before 2020 or after 2100)")
    return day


def months_between(start: _dt.date, end: _dt.date) -> float:
    """Months from ``start`` to ``end`` (negative if ``end`` is earlier): days / 30.4375."""
    return (end - start).days / DAYS_PER_MONTH


@dataclass(frozen=True)
class Availability:
    """A model's lifecycle on one day."""

    model: str
    as_of: _dt.date
    state: str  # one of STATES
    trainable: bool  # a new fine-tuning job can start on the as-of date
    serving: bool  # a fine-tune of it still serves on the as-of date
    training_until: _dt.date | None
    retires: _dt.date | None
    serve_months: float | None  # months from the as-of date until it retires (None: no date)
    reason: str  # one line saying why, "" when active with nothing to say

    def as_dict(self) -> dict:
        return {
            "state": self.state,
            "trainable": self.trainable,
            "serving": self.serving,
            "training_until": _iso(self.training_until),
            "retires": _iso(self.retires),
            "serve_months": self.serve_months,
            "availability": self.reason,
        }


def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


_SEEN: dict = {}  # (id(model), as_of) -> (model, Availability): every engine call asks twice


def availability(m: ModelPrice, as_of: _dt.date) -> Availability:
    """What ``m``'s dates and status mean on ``as_of``."""
    hit = _SEEN.get((id(m), as_of))
    if hit is not None and hit[0] is m:  # keyed by identity, checked: ids are reused
        return hit[1]
    if len(_SEEN) > 4096:
        _SEEN.clear()
    a = _availability(m, as_of)
    _SEEN[(id(m), as_of)] = (m, a)
    return a


def _availability(m: ModelPrice, as_of: _dt.date) -> Availability:
    until, retires = m.training_until, m.retires
    retired = retires is not None and as_of >= retires
    evaluation = not m.production  # an evaluation offer: never the answer for real traffic
    closed = (until is not None and as_of > until) or m.status == "deprecated" or evaluation
    serve = months_between(as_of, retires) if retires else None
    if retired:
        state = "retired"
        reason = f"{m.id} retired on {retires}: its fine-tunes no longer serve"
    elif closed:
        state = "closed"
        if evaluation:
            reason = f"{m.provider}'s {m.name} is for evaluation, not production traffic"
        elif until is not None and as_of > until:
            reason = f"{m.provider} stopped taking new fine-tuning jobs for {m.id} after {until}"
        else:
            reason = f"{m.provider} no longer offers fine-tuning of {m.id}"
        if retires and not evaluation:
            reason += f"; existing fine-tunes serve until {retires}"
    elif until or retires:
        state = "closing"
        parts = []
        if until:
            parts.append(f"{m.provider} accepts new fine-tuning jobs for {m.id} only until {until}")
        if retires:
            parts.append(
                f"{'its' if until else m.id + ' and its'} fine-tunes serve until {retires}"
            )
        reason = "; ".join(parts)
    else:
        state = "unverified" if m.status == "unverified" else "active"
        reason = ""
    if m.access and not retired:
        reason = f"{reason} ({m.access})" if reason else m.access
    return Availability(
        model=m.id,
        as_of=as_of,
        state=state,
        trainable=not (retired or closed),
        serving=not retired,
        training_until=until,
        retires=retires,
        serve_months=serve,
        reason=reason,
    )
