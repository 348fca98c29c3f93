"""Reading numbers people type ("5M", "54K", "1.2B", "5,000,000") and writing them back."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from .errors import InputError

__all__ = [
    "fmt_money",
    "fmt_rate",
    "fmt_tokens",
    "parse_count",
    "parse_number",
    "parse_share",
    "parse_tokens",
]

_SUFFIX = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_NUMBER = re.compile(
    r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([KMBT]?)$", re.IGNORECASE
)


def parse_number(value: object, what: str, *, allow_suffix: bool = True) -> float:
    """A finite float from a number or text ('5M', '1.2e6', '5,000,000', '$3.50').

    ``what`` names the argument in the error message.
    """
    if isinstance(value, bool):
        raise InputError(f"{what}: expected a number, got {value!r}")
    if isinstance(value, int | float):
        x = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "").lstrip("$")
        m = _NUMBER.match(text)
        if not m or (m.group(2) and not allow_suffix):
            hint = " (e.g. 5000000, 5e6 or 5M)" if allow_suffix else ""
            raise InputError(f"{what}: expected a number{hint}, got {value!r}")
        x = float(m.group(1)) * _SUFFIX[m.group(2).upper()]
    else:
        try:
            x = float(value)  # numpy scalars, Decimal
        except (TypeError, ValueError):
            raise InputError(f"{what}: expected a number, got {value!r}") from None
    if not math.isfinite(x):
        raise InputError(f"{what}: must be a finite number, got {value!r}")
    return x


# No real volume comes near this (a billion billion tokens); larger is a typo or a unit mix-up,
# and would only produce plausible-looking nonsense.
MAX_QUANTITY = 1e18


def parse_tokens(value: object, what: str = "tokens") -> float:
    """A token volume (or other quantity) ≥ 0: 5000000, 5e6, '5M', '54K', '1.2B'."""
    x = parse_number(value, what)
    if x < 0:
        raise InputError(f"{what}: must be ≥ 0, got {value!r}")
    if x > MAX_QUANTITY:
        raise InputError(f"{what}: {x:.3g} is implausibly large (over {MAX_QUANTITY:.0e})")
    return x


def parse_count(value: object, what: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number in [minimum, maximum] (epochs, runs, examples)."""
    x = parse_number(value, what)
    if x != int(x):
        raise InputError(f"{what}: must be a whole number, got {value!r}")
    n = int(x)
    if n < minimum or (maximum is not None and n > maximum):
        rng = f"≥ {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise InputError(f"{what}: must be {rng}, got {value!r}")
    return n


def parse_share(value: object, what: str) -> float:
    """A share between 0 and 1; '25%' is accepted too."""
    if isinstance(value, str) and value.strip().endswith("%"):
        x = parse_number(value.strip()[:-1], what, allow_suffix=False) / 100.0
    else:
        x = parse_number(value, what, allow_suffix=False)
    if not 0.0 <= x <= 1.0:
        raise InputError(f"{what}: must be between 0 and 1 (or 0% and 100%), got {value!r}")
    return x


def fmt_tokens(x: float | None) -> str:
    """6818181.8 → '6.82M'; 51546 → '51.5K'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    ax = abs(x)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if ax >= div:
            return f"{x / div:.3g}{suffix}"
    return f"{x:.3g}"


def fmt_money(x: float | None) -> str:
    """Dollars: cents from $1 up ('$1,500.13', halves rounded up as Excel shows them); below $1,
    three significant digits and at least two decimals ('$0.125', '$0.30', '$0.0004')."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    sign = "-" if x < 0 else ""
    ax = abs(x)
    if ax >= 1e15:  # beyond Decimal's default precision for cents; no one reads these to the cent
        return f"{sign}${ax:,.0f}" if ax < 1e21 else f"{sign}${ax:.3g}"
    if ax >= 1 or ax == 0:
        q = Decimal(repr(float(ax))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{sign}${q:,.2f}"
    digits = max(2, 2 - math.floor(math.log10(ax)))  # three significant digits
    q = Decimal(repr(float(ax))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{q:f}".rstrip("0")
    if len(text.split(".")[1]) < 2:
        text = f"{q:.2f}"
    return f"{sign}${text}"


def fmt_rate(x: float | None) -> str:
    """A price per 1M tokens: up to three decimals, at least two ('$2.425', '$2.20', '$0.075')."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if abs(x) < 1 or abs(x) >= 1e15:
        return fmt_money(x)
    sign = "-" if x < 0 else ""
    q = Decimal(repr(float(abs(x)))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    text = f"{q:,.3f}"
    if text.endswith("0"):
        text = text[:-1]
    return f"{sign}${text}"
