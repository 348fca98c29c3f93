"""Reading numbers people type ("5M", "54K", "1.2B", "5,000,000", "$5,000") and writing them back.

What is accepted, and what is refused because it could be read two ways:

- A digit-group separator (``,``, ``_`` or a space) only between groups of three digits:
  ``1,500,000`` and ``1 500 000`` are 1.5M; ``1,5M``, ``1,2,3``, ``1,50`` and ``1.500.000`` are
  errors ("use a dot for decimals, commas only between groups of three digits"). A decimal comma
  is how half of Europe types 1.5: read as a separator it would be a silent 10× (or 1000×) slip.
  ``1.500`` and ``1,500`` stay 1.5 and 1,500 — the usual reading; nothing else can tell them apart.
- Suffixes K, M, B, T (any case) where a quantity is expected.
- A US-dollar sign or code (``$5,000``, ``5000$``, ``USD 5000``, ``5000 USD``) where money is
  expected (prices, spend). In a token field money is an error that points to the spend option;
  another currency (``€``, ``EUR``, ``£`` …) is an error everywhere: ftcost works in US dollars.
- Magnitudes up to ``MAX_QUANTITY`` (1e18); a larger value, of any type (a 5,000-digit integer
  included), is "implausibly large" — never an overflow, never infinity. NaN and infinity are refused.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from .errors import InputError

__all__ = [
    "MAX_MONTHLY_SPEND",
    "MAX_PRICE",
    "MAX_QUANTITY",
    "fmt_money",
    "fmt_months",
    "fmt_number",
    "fmt_rate",
    "fmt_tokens",
    "parse_count",
    "parse_money",
    "parse_number",
    "parse_price",
    "parse_share",
    "parse_tokens",
    "show_value",
]

_SUFFIX = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}

# No real volume comes near this (a billion billion tokens); larger is a typo or a unit mix-up,
# and would only produce plausible-looking nonsense.
MAX_QUANTITY = 1e18
# A price per 1M tokens (or per query) above a million dollars is a slip, not a price.
MAX_PRICE = 1e6
# A monthly API bill above a billion dollars is a slip (a few times the largest known AI budgets).
MAX_MONTHLY_SPEND = 1e9

# An optional sign, then digits: groups of three after a separator, or plain; a fraction after a
# dot; an exponent; a suffix.
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)\s*"
    r"(?P<int>\d{1,3}(?P<sep>[,_ \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*|\d*)"
    r"(?:\.(?P<frac>\d*))?"
    r"(?:[eE](?P<exp>[+-]?\d+))?"
    r"\s*(?P<suffix>[KMBT]?)$",
    re.IGNORECASE,
)
_USD = r"US\$|\$|USD"
_OTHER = r"€|£|¥|₹|₩|EUR|GBP|JPY|CHF|CAD|AUD|CNY|INR|SEK|NOK|DKK|PLN|BRL|MXN"
_WORDS = r"dollars?|bucks|euros?|pounds?"
_CURRENCY_PRE = re.compile(rf"^(?P<cur>{_USD}|{_OTHER})\s*", re.IGNORECASE)
_CURRENCY_POST = re.compile(rf"\s*(?P<cur>{_USD}|{_OTHER}|{_WORDS})$", re.IGNORECASE)
_SEPARATOR_HINT = "use a dot for decimals, commas only between groups of three digits"


def show_value(value: object, limit: int = 40) -> str:
    """``value`` as an error message shows it: repr with control characters escaped, long text
    cut, a huge integer described rather than printed (printing it may itself fail)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"an integer of about {digits:,} digits"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value):,} characters)"
    try:
        text = repr(value)
    except Exception:  # a foreign object whose repr fails must not hide the real message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit + 2 else text[:limit] + "…"


def _too_large(what: str, shown: str) -> InputError:
    return InputError(f"{what}: {shown} is implausibly large (over {MAX_QUANTITY:.0e})")


def _split_currency(text: str) -> tuple[str, str | None]:
    """(text without a currency mark, the mark or None); a sign may stand before the mark."""
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:].lstrip()
    cur = None
    m = _CURRENCY_PRE.match(text)
    if m:
        cur, text = m.group("cur"), text[m.end() :]
    m = _CURRENCY_POST.search(text)
    if m and m.start() > 0:
        if cur is not None:  # "$5 USD": one mark is plenty, two are a typo
            return sign + text, cur + "+" + m.group("cur")
        cur, text = m.group("cur"), text[: m.start()]
    if text[:1] in ("+", "-") and not sign:  # "$-5"
        sign, text = text[0], text[1:]
    return sign + text.strip(), cur


def _is_usd(mark: str) -> bool:
    return re.fullmatch(rf"{_USD}|dollars?|bucks", mark, re.IGNORECASE) is not None


def _parse(value: object, what: str, *, allow_suffix: bool, money: str) -> float:
    """The number in ``value``. ``money``: 'usd' accepts a dollar mark, 'spend' refuses one
    pointing to the spend option (token fields), 'refuse' refuses one plainly."""
    if isinstance(value, bool):
        raise InputError(f"{what}: expected a number, got {value!r}")
    if isinstance(value, int):  # exact: a huge integer is refused before float() can overflow
        if abs(value) > MAX_QUANTITY:
            raise _too_large(what, show_value(value))
        return float(value)
    if isinstance(value, float):
        x = value
    elif isinstance(value, str):
        return _parse_text(value, what, allow_suffix=allow_suffix, money=money)
    else:
        try:
            x = float(value)  # numpy scalars, Decimal
        except (TypeError, ValueError, OverflowError):
            raise InputError(f"{what}: expected a number, got {show_value(value)}") from None
        if math.isinf(x):  # a finite Decimal too large for a float
            raise _too_large(what, show_value(value))
    if not math.isfinite(x):
        raise InputError(f"{what}: must be a finite number, got {show_value(value)}")
    if abs(x) > MAX_QUANTITY:
        raise _too_large(what, f"{x:.3g}")
    return x


def _parse_text(value: str, what: str, *, allow_suffix: bool, money: str) -> float:
    text, cur = _split_currency(value.strip())
    if cur is not None:
        shown = show_value(value)
        if money == "spend":
            raise InputError(
                f"{what}: {shown} looks like money: use --monthly-spend / monthly_spend for a spend"
            )
        if money == "refuse":
            raise InputError(f"{what}: expected a number, not an amount of money, got {shown}")
        if not _is_usd(cur):
            raise InputError(
                f"{what}: ftcost works in US dollars: give the amount in USD, got {shown}"
            )
    m = _NUMBER.match(text)
    if not m or not (m.group("int") or m.group("frac")) or (m.group("suffix") and not allow_suffix):
        if "," in text or text.count(".") > 1 or re.search(r"\d[_ \u00a0\u202f]+\d", text):
            raise InputError(f"{what}: {_SEPARATOR_HINT}, got {show_value(value)}")
        hint = " (e.g. 5000000, 5e6 or 5M)" if allow_suffix else ""
        raise InputError(f"{what}: expected a number{hint}, got {show_value(value)}")
    digits = m.group("int")
    if m.group("sep"):
        digits = digits.replace(m.group("sep"), "")
    number = f"{m.group('sign')}{digits or '0'}.{m.group('frac') or '0'}"
    if m.group("exp"):
        exp = int(m.group("exp")) if len(m.group("exp")) < 7 else 10**6  # "1e99999999999"
        if exp > 400:
            raise _too_large(what, show_value(value))
        number += f"e{exp}"
    x = float(number) * _SUFFIX[m.group("suffix").upper()]  # a 5,000-digit text is inf here
    if math.isinf(x) or abs(x) > MAX_QUANTITY:
        raise _too_large(what, show_value(value) if math.isinf(x) else f"{x:.3g}")
    return x


def parse_number(value: object, what: str, *, allow_suffix: bool = True) -> float:
    """A finite float from a number or text ('5M', '1.2e6', '5,000,000', '$3.50'), of magnitude
    at most ``MAX_QUANTITY``. A dollar mark is allowed (prices); other currencies are not.

    ``what`` names the argument in the error message.
    """
    return _parse(value, what, allow_suffix=allow_suffix, money="usd")


def parse_tokens(value: object, what: str = "tokens") -> float:
    """A token volume (or other quantity) ≥ 0: 5000000, 5e6, '5M', '54K', '1.2B'.

    Money ('$5000', '5000 USD') is refused with a pointer to the spend option: read as tokens it
    would be a confident wrong answer.
    """
    x = _parse(value, what, allow_suffix=True, money="spend")
    if x < 0:
        raise InputError(f"{what}: must be ≥ 0, got {show_value(value)}")
    return x


def parse_price(value: object, what: str) -> float:
    """A price in US dollars ≥ 0 (per 1M tokens, per query…): 0.13, '$0.13', '0.13 USD'."""
    x = _parse(value, what, allow_suffix=True, money="usd")
    if x < 0:
        raise InputError(f"{what}: must be ≥ 0, got {show_value(value)}")
    if x > MAX_PRICE:
        raise InputError(f"{what}: ${x:,.0f} is implausibly large for a price (over $1,000,000)")
    return x


def parse_money(value: object, name: str) -> float:
    """A monthly spend in US dollars, > 0 and at most ``MAX_MONTHLY_SPEND`` ($1e9):
    5000, '5000', '$5,000', '5k', '$5K', 'USD 5000', '5000 USD'."""
    x = _parse(value, name, allow_suffix=True, money="usd")
    if not x > 0:
        raise InputError(f"{name}: a monthly spend must be more than $0, got {show_value(value)}")
    if x > MAX_MONTHLY_SPEND:
        raise InputError(
            f"{name}: ${x:,.0f} a month is implausibly large (over ${MAX_MONTHLY_SPEND:,.0f})"
        )
    return x


def parse_count(value: object, what: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number in [minimum, maximum] (epochs, runs, examples)."""
    x = _parse(value, what, allow_suffix=True, money="refuse")
    if x != int(x):
        raise InputError(f"{what}: must be a whole number, got {show_value(value)}")
    n = int(x)
    if n < minimum or (maximum is not None and n > maximum):
        rng = f"≥ {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise InputError(f"{what}: must be {rng}, got {show_value(value)}")
    return n


def parse_share(value: object, what: str) -> float:
    """A share between 0 and 1; '25%' is accepted too."""
    if isinstance(value, str) and value.strip().endswith("%"):
        x = _parse(value.strip()[:-1], what, allow_suffix=False, money="refuse") / 100.0
    else:
        x = _parse(value, what, allow_suffix=False, money="refuse")
    if not 0.0 <= x <= 1.0:
        raise InputError(
            f"{what}: must be between 0 and 1 (or 0% and 100%), got {show_value(value)}"
        )
    return x


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _round(x: float, decimals: int) -> Decimal:
    """``x`` to ``decimals`` places, halves up (as Excel shows them), from its shortest repr."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt_number(x: float | None, digits: int = 3) -> str:
    """A plain figure: ``digits`` significant digits below 1,000 ('6.82', '0.5', '12'), whole
    with thousands separators from 1,000 up ('2,045', '1,234,567')."""
    if _missing(x):
        return "—"
    if not math.isfinite(x):
        return "—"
    if abs(x) >= 999.5:
        return f"{_round(x, 0):,.0f}"
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{_round(x, decimals):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if abs(float(text)) < 999.5 else f"{float(text):,.0f}"


def fmt_tokens(x: float | None) -> str:
    """6818181.8 → '6.82M'; 51546 → '51.5K'; 2e15 → '2,000T'."""
    if _missing(x):
        return "—"
    ax = abs(x)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if ax >= div * 0.9995:  # 999.96K shows as 1M, not 1e+03K
            return fmt_number(x / div) + suffix
    return fmt_number(x)


def fmt_money(x: float | None) -> str:
    """Dollars: cents from $1 up ('$1,500.13', halves rounded up as Excel shows them); below $1,
    three significant digits and at least two decimals ('$0.125', '$0.30', '$0.0004')."""
    if _missing(x):
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
    if _missing(x):
        return "—"
    if abs(x) < 1 or abs(x) >= 1e15:
        return fmt_money(x)
    sign = "-" if x < 0 else ""
    q = Decimal(repr(float(abs(x)))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    text = f"{q:,.3f}"
    if text.endswith("0"):
        text = text[:-1]
    return f"{sign}${text}"


def fmt_months(x: float | None) -> str:
    """A duration given in months, as a payback reads: under a month in days ('12 days',
    '1 day', '< 1 day'; a month is 30.4375 days), else months ('6.82 months', '1 month',
    '2,045 months')."""
    if _missing(x):
        return "—"
    if x < 1:
        days = x * 365.25 / 12
        if days < 0.5:
            return "< 1 day"
        n = int(_round(days, 0))
        return f"{n} day{'s' if n != 1 else ''}"
    text = fmt_number(x)
    return f"{text} month{'s' if text != '1' else ''}"
