"""Counting tokens the way OpenAI bills a fine-tuning file, offline.

Exact counts use OpenAI's encodings (``o200k_base``: gpt-4o, gpt-4o-mini, gpt-4.1, o4-mini;
``cl100k_base``: gpt-3.5-turbo) through the optional ``bpe-openai`` package, which ships them
(``pip install 'ftcost[tokens]'``). Without it, `estimate_tokens` gives a documented estimate,
and everything that shows a count says which one it is.

Per example (OpenAI cookbook "How to count tokens with tiktoken" and "Chat_finetuning_data_prep"):

    tokens = Σ over messages (3 + tokens(role) + tokens(content) [+ tokens(name) + 1])
             + 3                                   (every reply is primed with <|start|>assistant)
             [+ tools: the cookbook's function-definition formula]

Other providers' tokenizers (Gemini, Mistral, Command R, Llama) are not public in this form: their
counts use ``o200k_base`` as a proxy, and say so.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache

from .errors import InputError

__all__ = [
    "ENCODINGS",
    "ESTIMATE_RULE",
    "TokenCounter",
    "chat_tokens",
    "counter",
    "encoding_for",
    "estimate_tokens",
    "exact_available",
    "tools_tokens",
]

ENCODINGS = ("o200k_base", "cl100k_base")
PROXY_ENCODING = "o200k_base"  # for models whose own tokenizer ftcost cannot run

TOKENS_PER_MESSAGE = 3  # <|start|>{role/name}<|message|>{content}<|end|>
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3  # <|start|>assistant<|message|>

# ------------------------------------------------------------------ which encoding for a model

# Model-id prefixes of OpenAI's encodings (tiktoken's model table). Longest prefix wins.
_OPENAI_PREFIXES = (
    ("gpt-3.5", "cl100k_base"),
    ("gpt-35", "cl100k_base"),
    ("gpt-4o", "o200k_base"),
    ("gpt-4.1", "o200k_base"),
    ("gpt-4.5", "o200k_base"),
    ("gpt-5", "o200k_base"),
    ("gpt-4", "cl100k_base"),  # gpt-4, gpt-4-turbo
    ("o1", "o200k_base"),
    ("o3", "o200k_base"),
    ("o4", "o200k_base"),
    ("davinci-002", "cl100k_base"),
    ("babbage-002", "cl100k_base"),
)


def encoding_for(model) -> tuple[str, bool]:
    """(encoding, native) for a model (a ModelPrice or an id).

    ``native`` is False when the model is not OpenAI's: its provider tokenizes differently and
    ``o200k_base`` stands in for it.
    """
    model_id = getattr(model, "id", model)
    provider = getattr(model, "provider", "OpenAI")
    if str(provider).lower() == "openai":
        mid = str(model_id).lower()
        for prefix, enc in sorted(_OPENAI_PREFIXES, key=lambda p: -len(p[0])):
            if mid.startswith(prefix):
                return enc, True
    return PROXY_ENCODING, False


# ------------------------------------------------------------------ exact counts


def exact_available() -> bool:
    """True when bpe-openai is installed, so counts can be exact."""
    try:
        _rust_tokenizer("o200k_base")
    except ImportError:
        return False
    return True


@cache
def _rust_tokenizer(encoding: str):
    # bpe-openai's public Encoding.encode builds Python lists and refuses texts over 200,000
    # tokens; its Rust tokenizer's count() does neither and gives the same counts
    # (tests/test_dataset.py holds the two together).
    with warnings.catch_warnings():
        # bpe-openai 0.1.x loads its vocabularies with importlib.resources.open_binary, which
        # Python 3.11+ deprecates; that is the package's business, not the user's.
        warnings.simplefilter("ignore", DeprecationWarning)
        import bpe_openai  # noqa: F401  (the public package: fails cleanly when not installed)
        from bpe_openai import _bindings

    return _bindings.tokenizer_for_encoding(encoding)


# ------------------------------------------------------------------ the estimate

# Linear rule over features of the text, fitted on a realistic generated fine-tuning sample
# (tests/_dataset_sample.py, seed 1) plus held-in halves of real English prose (GPL-3, Apache-2.0,
# the seed article), Python source and Portuguese text; per-character rates for CJK and emoji
# measured directly. Held-out error: see README "Training-file analysis" (about 1-3% on totals).
_FEATURES = (
    "word",
    "long",
    "accent",
    "num",
    "punct",
    "ws",
    "han",
    "kana",
    "hangul",
    "emoji",
    "other",
)
_WEIGHTS = {
    "o200k_base": (0.94, 0.14, 0.04, 1.57, 0.88, 0.96, 0.80, 0.70, 1.20, 1.50, 1.00),
    "cl100k_base": (0.95, 0.14, 0.34, 1.62, 0.86, 0.97, 1.30, 0.90, 1.60, 2.50, 1.00),
}
ESTIMATE_RULE = (
    "≈ 0.94 per word + 0.14 per letter beyond 6 in a word + 1.57 per group of up to 3 digits "
    "+ 0.88 per run of punctuation + 0.96 per line break or indent + per character: 0.8 Chinese, "
    "0.7 kana, 1.2 Hangul, 1.5 emoji, 1.0 other non-ASCII (o200k_base; cl100k_base has its own "
    "weights)"
)

_LETTERS = "A-Za-z\u00c0-\u024f\u0370-\u04ff"  # Latin, Latin-1/extended, Greek, Cyrillic
_WORD = re.compile(f"[{_LETTERS}]+")
_LONG = re.compile(f"[{_LETTERS}]{{7,}}")
_NUM = re.compile(r"[0-9]{1,3}")  # OpenAI's encodings split digits in groups of up to 3
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]+")
_WS = re.compile(r"\n[ \t\n]*|[ \t]{2,}")
_ACCENT = re.compile("[\u00c0-\u024f\u0370-\u04ff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile("[\u3040-\u30ff\uff66-\uff9f]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_EMOJI = re.compile("[\U0001f000-\U0001ffff\u2600-\u27bf]")
_NONASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=256)  # each text is counted once per encoding, one right after the other
def _features(text: str) -> tuple[int, ...]:
    long_ = sum(len(w) - 6 for w in _LONG.findall(text))
    base = (
        len(_WORD.findall(text)),
        long_,
        0,
        len(_NUM.findall(text)),
        len(_PUNCT.findall(text)),
        len(_WS.findall(text)),
    )
    if text.isascii():
        return (*base, 0, 0, 0, 0, 0)
    accent = len(_ACCENT.findall(text))
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    hangul = len(_HANGUL.findall(text))
    emoji = len(_EMOJI.findall(text))
    other = len(_NONASCII.findall(text)) - accent - han - kana - hangul - emoji
    return (*base[:2], accent, *base[3:], han, kana, hangul, emoji, other)


def estimate_tokens(text: str, encoding: str = "o200k_base") -> int:
    """An estimate of the tokens in ``text`` without a tokenizer (the rule in ESTIMATE_RULE)."""
    if not text:
        return 0
    w = _WEIGHTS[_check_encoding(encoding)]
    est = round(sum(a * b for a, b in zip(w, _features(text), strict=True)))
    return max(1, est)


# ------------------------------------------------------------------ counters


def _check_encoding(encoding: str) -> str:
    if encoding not in ENCODINGS:
        raise InputError(f"encoding: expected one of {', '.join(ENCODINGS)}, got {encoding!r}")
    return encoding


class TokenCounter:
    """Counts tokens of text in one encoding, exactly (bpe-openai) or by the estimate."""

    __slots__ = ("_short", "count", "encoding", "exact")

    def __init__(self, encoding: str, exact: bool) -> None:
        self.encoding = _check_encoding(encoding)
        self.exact = exact
        self._short: dict[str, int] = {}
        if exact:
            self.count: Callable[[str], int] = _rust_tokenizer(encoding).count
        else:
            w = _WEIGHTS[encoding]

            def count(text: str) -> int:
                if not text:
                    return 0
                return max(1, round(sum(a * b for a, b in zip(w, _features(text), strict=True))))

            self.count = count

    def short(self, text: str) -> int:
        """`count`, remembered: for roles and names, which repeat on every example."""
        n = self._short.get(text)
        if n is None:
            n = self.count(text)
            if len(self._short) < 10_000:
                self._short[text] = n
        return n

    @property
    def method(self) -> str:
        return "exact" if self.exact else "estimate"

    def __repr__(self) -> str:
        return f"TokenCounter({self.encoding!r}, {self.method})"


def counter(encoding: str = "o200k_base", exact: bool | None = None) -> TokenCounter:
    """A counter for ``encoding``: exact when bpe-openai is installed (``exact=None``), the
    estimate with ``exact=False``; ``exact=True`` insists on exact counts."""
    _check_encoding(encoding)
    if exact is None:
        exact = exact_available()
    elif exact and not exact_available():
        raise InputError(
            "exact token counts need the bpe-openai package: pip install 'ftcost[tokens]'"
        )
    return TokenCounter(encoding, exact)


# ------------------------------------------------------------------ chat format


def chat_tokens(
    messages: Iterable[Mapping],
    count: Callable[[str], int],
    short: Callable[[str], int] | None = None,
) -> int:
    """Tokens of one chat example, by OpenAI's published rule (see the module docstring).

    ``messages`` must already be valid (ftcost.dataset checks them); ``short`` counts roles and
    names (a remembering counter saves time). Content given as a list of parts counts its text
    parts. Tool calls (not in the published rule) count their function name and arguments plus 3,
    as a message does: an approximation.
    """
    short = short or count
    n = REPLY_PRIMING
    for m in messages:
        n += TOKENS_PER_MESSAGE + short(m["role"])
        content = m.get("content")
        if isinstance(content, str):
            n += count(content)
        elif content:
            for part in content:
                if part.get("type") == "text":
                    n += count(part.get("text", ""))
        name = m.get("name")
        if name:
            n += short(name) + TOKENS_PER_NAME
        calls = m.get("tool_calls") or ()
        if m.get("function_call"):
            calls = [*calls, {"function": m["function_call"]}]
        for call in calls:
            fn = call.get("function") or {}
            n += TOKENS_PER_MESSAGE + count(fn.get("name") or "") + count(fn.get("arguments") or "")
    return n


# The cookbook's constants for function definitions, checked there against the API's counts.
_TOOL_CONSTANTS = {
    # func_init, prop_init, prop_key, enum_init, enum_item, func_end
    "o200k_base": (7, 3, 3, -3, 3, 12),
    "cl100k_base": (10, 3, 3, -3, 3, 12),
}


def tools_tokens(tools: Iterable[Mapping], count: Callable[[str], int], encoding: str) -> int:
    """Tokens of function/tool definitions, by the cookbook's formula for ``tools``.

    Accepts ``tools`` entries (``{"type": "function", "function": {...}}``) and legacy
    ``functions`` entries (the function object itself). Nested object parameters are counted
    only by their top-level description: an approximation, like the formula itself.
    """
    func_init, prop_init, prop_key, enum_init, enum_item, func_end = _TOOL_CONSTANTS[
        _check_encoding(encoding)
    ]
    n = 0
    any_tool = False
    for t in tools:
        any_tool = True
        f = t.get("function", t) if isinstance(t.get("function"), Mapping) else t
        n += func_init
        desc = str(f.get("description") or "")
        desc = desc.removesuffix(".")
        n += count(f"{f.get('name', '')}:{desc}")
        params = f.get("parameters") or {}
        props = params.get("properties") if isinstance(params, Mapping) else None
        if isinstance(props, Mapping) and props:
            n += prop_init
            for key, p in props.items():
                n += prop_key
                p = p if isinstance(p, Mapping) else {}
                enum = p.get("enum")
                if isinstance(enum, list):
                    n += enum_init
                    for item in enum:
                        n += enum_item + count(str(item))
                ptype = p.get("type", "")
                ptype = ptype if isinstance(ptype, str) else ",".join(map(str, ptype))
                pdesc = str(p.get("description") or "").removesuffix(".")
                n += count(f"{key}:{ptype}:{pdesc}")
    return n + (func_end if any_tool else 0)
