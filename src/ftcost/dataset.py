"""Reading a fine-tuning file: validate it, count its tokens, and price the training on each model.

Accepted: OpenAI's chat format, one JSON object per line (``{"messages": [{"role": ...,
"content": ..., "name"?: ..., "weight"?: 0|1}, ...], "tools"?: [...]}``, assistant ``tool_calls``
and tool messages included), and the legacy ``{"prompt": ..., "completion": ...}`` form, counted
as a user message and an assistant reply (the chat models in the price data need that form).

The file is streamed line by line: memory stays bounded whatever its size (one 4-byte count per
example per encoding is kept, for the median, the 95th percentile and the per-example limits;
that is 40 MB for ten million examples, twice that for a moment while they are sorted).
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .engine import openai_default_epochs, training_cost
from .errors import DataError, FtCostError
from .model import TrainingPlan
from .pricing import PriceSet, load_prices
from .tokens import ENCODINGS, chat_tokens, counter, encoding_for, tools_tokens

__all__ = [
    "Dataset",
    "DatasetError",
    "ModelCost",
    "TokenStats",
    "analyze",
    "plan_from_file",
]

MAX_LINE_BYTES = 64 * 2**20  # far above any example a provider accepts (65,536 tokens)
MAX_SHOWN = 10  # problems listed in an error; the rest are counted

ROLES = ("system", "user", "assistant", "tool", "function")
MESSAGE_KEYS = ("role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call")
CHAT_KEYS = ("messages", "tools", "functions", "parallel_tool_calls")
LEGACY_KEYS = ("prompt", "completion")

_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # only JSON escapes can smuggle lone surrogates in


class DatasetError(FtCostError):
    """A training file that cannot be read or does not validate (the message names lines)."""


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class TokenStats:
    """Tokens per example in one encoding. ``median`` is the usual middle value; ``p95`` is the
    nearest-rank 95th percentile (the smallest count at or above 95% of the examples)."""

    encoding: str
    exact: bool
    examples: int
    total: int
    min: int
    median: float
    p95: int
    max: int
    _sorted: np.ndarray = field(repr=False, compare=False)

    @property
    def method(self) -> str:
        return "exact" if self.exact else "estimate"

    def over(self, limit: int) -> int:
        """Examples longer than ``limit`` tokens."""
        return int(len(self._sorted) - np.searchsorted(self._sorted, limit, side="right"))

    def capped_total(self, limit: int | None) -> int:
        """Σ min(limit, tokens): what is billed per epoch when longer examples are truncated."""
        if limit is None:
            return self.total
        return int(np.minimum(self._sorted, limit).sum(dtype=np.int64))

    def as_dict(self) -> dict:
        return {
            "encoding": self.encoding,
            "method": self.method,
            "exact": self.exact,
            "min": self.min,
            "median": self.median,
            "p95": self.p95,
            "max": self.max,
            "total": self.total,
        }


def _stats(encoding: str, exact: bool, counts: array) -> TokenStats:
    a = np.sort(np.frombuffer(counts, dtype=np.uint32))  # 4 bytes per example, kept sorted
    n = len(a)
    return TokenStats(
        encoding=encoding,
        exact=exact,
        examples=n,
        total=int(a.sum(dtype=np.int64)),
        min=int(a[0]),
        median=(int(a[(n - 1) // 2]) + int(a[n // 2])) / 2,
        p95=int(a[math.ceil(0.95 * n) - 1]),
        max=int(a[-1]),
        _sorted=a,
    )


@dataclass(frozen=True)
class ModelCost:
    """Training one model on the file: billed tokens and cost (None when they cannot be known)."""

    model: str
    provider: str
    status: str  # the price data's: active, deprecated or unverified
    encoding: str
    counting: str  # "exact", "estimate", "proxy (o200k_base)", "proxy (o200k_base), estimate"
    max_example_tokens: int | None
    over_limit: int | None
    training_tokens: int  # per epoch: Σ min(limit, tokens)
    epochs: int
    billed_tokens: float | None
    training_cost: float | None
    note: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Dataset:
    """What is in a training file (see `analyze`)."""

    path: str
    format: str  # "chat" or "prompt-completion"
    examples: int
    lines: int
    blank_lines: int
    tokens: dict[str, TokenStats]
    approximate_examples: int  # with tool definitions or tool calls (counted approximately)
    image_examples: int  # with image parts (image tokens not counted)
    warnings: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return all(s.exact for s in self.tokens.values())

    @property
    def default_epochs(self) -> int:
        """The epochs OpenAI picks for this many examples when none are given."""
        return openai_default_epochs(self.examples)

    def stats_for(self, model) -> tuple[TokenStats, bool]:
        """(the token counts that stand for ``model``, native): native is False when the model's
        own tokenizer was not run (another provider, or its encoding was not counted)."""
        enc, native = encoding_for(model)
        if enc in self.tokens:
            return self.tokens[enc], native
        return next(iter(self.tokens.values())), False

    def cost(
        self,
        model,
        prices=None,
        *,
        epochs: int | None = None,
        training_hours: float | None = None,
        as_of=None,
    ) -> ModelCost:
        """Billed tokens and training cost of ``model`` on this file (``epochs``: OpenAI's default;
        ``as_of``: the day whose lifecycle notes apply, default $FTCOST_AS_OF or today)."""
        ps = load_prices(prices)
        m = ps.get(model)
        stats, native = self.stats_for(m)
        counting = (
            stats.method
            if native
            else f"proxy ({stats.encoding})" + ("" if stats.exact else ", estimate")
        )
        limit = m.max_example_tokens
        over = stats.over(limit) if limit else None
        tokens = stats.capped_total(limit)
        e = self.default_epochs if epochs is None else epochs
        plan = TrainingPlan(training_tokens=tokens, epochs=e, training_hours=training_hours)
        notes = []
        own, own_native = encoding_for(m)
        if own_native and not native:
            notes.append(f"counted with {stats.encoding}, not its own {own}")
        if over:
            notes.append(f"{over:,} over the {limit:,}-token limit: truncated")
        try:
            tc = training_cost(m, plan, ps, as_of=as_of)
        except DataError as err:
            hourly = m.billed_by_hour and training_hours is None
            notes.append(
                f"billed ${m.training_per_hour:g} per training hour: give the hours"
                if hourly
                else str(err)
            )
            billed = cost = None
        else:
            billed, cost = tc.billed_tokens, tc.total
            notes += [w.removeprefix(f"{m.id}: ") for w in tc.warnings]
        return ModelCost(
            model=m.id,
            provider=m.provider,
            status=m.status,
            encoding=stats.encoding,
            counting=counting,
            max_example_tokens=limit,
            over_limit=over,
            training_tokens=tokens,
            epochs=plan.epochs,
            billed_tokens=billed,
            training_cost=cost,
            note="; ".join(notes),
        )

    def costs(
        self,
        prices=None,
        *,
        epochs: int | None = None,
        training_hours: float | None = None,
        as_of=None,
    ) -> list[ModelCost]:
        """`cost` for every model in the price set, in its order."""
        ps = load_prices(prices)
        return [
            self.cost(m, ps, epochs=epochs, training_hours=training_hours, as_of=as_of) for m in ps
        ]

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "format": self.format,
            "examples": self.examples,
            "lines": self.lines,
            "blank_lines": self.blank_lines,
            "exact": self.exact,
            "method": "exact" if self.exact else "estimate",
            "tokens": {k: v.as_dict() for k, v in self.tokens.items()},
            "default_epochs": self.default_epochs,
            "approximate_examples": self.approximate_examples,
            "image_examples": self.image_examples,
            "warnings": list(self.warnings),
        }


# ------------------------------------------------------------------ reading lines


def _type(x) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "null",
    }.get(type(x), "a number")


def _lines(path: Path, problem) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; None for a line that is not readable (reported)."""
    with path.open("rb", buffering=1 << 20) as f:
        head = f.read(4)
        f.seek(0)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise DatasetError(f"{path}: the file is UTF-16 encoded; save it as UTF-8 JSON Lines")
        if head[:2] == b"\x1f\x8b":
            raise DatasetError(f"{path}: the file is gzip-compressed; decompress it first")
        if head == b"PK\x03\x04":
            raise DatasetError(
                f"{path}: this is a ZIP file (an Excel workbook?), not JSON Lines (.jsonl)"
            )
        n = 0
        while True:
            raw = f.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            n += 1
            if len(raw) > MAX_LINE_BYTES:
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line, in chunks
                    raw = f.readline(1 << 20)
                problem(n, f"longer than {MAX_LINE_BYTES // 2**20} MiB: not a training example")
                yield n, None
                continue
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield n, raw.decode("utf-8")
            except UnicodeDecodeError as e:
                problem(n, f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at byte {e.start + 1})")
                yield n, None


# ------------------------------------------------------------------ validating an example


def _check_content(i: int, role: str, m: dict) -> tuple[str | None, bool]:
    """(problem, has_image) for a message's content."""
    where = f"message {i} ({role})"
    content = m.get("content")
    calls = m.get("tool_calls") or m.get("function_call")
    if content is None:
        if role == "assistant" and calls:
            return None, False
        return f"{where}: no content" if "content" not in m else f"{where}: content is null", False
    if isinstance(content, str):
        return (f"{where}: empty content" if not content and not calls else None), False
    if isinstance(content, list):
        has_text = has_image = False
        for j, part in enumerate(content, 1):
            kind = part.get("type") if isinstance(part, dict) else None
            if kind == "text" and isinstance(part.get("text"), str):
                has_text = has_text or bool(part["text"])
            elif kind in ("image_url", "input_image", "input_audio"):
                has_image = True
            else:
                return f"{where}: content part {j} is not a text or image part", False
        if not has_text and not has_image and not calls:
            return f"{where}: empty content", False
        return None, has_image
    return f"{where}: content must be text, got {_type(content)}", False


def _check_calls(i: int, m: dict) -> str | None:
    calls = m.get("tool_calls")
    fcall = m.get("function_call")
    if (calls or fcall) and m.get("role") != "assistant":
        return f"message {i} ({m.get('role')}): only assistant messages can make tool calls"
    if calls is not None:
        if not isinstance(calls, list):
            return f"message {i} (assistant): tool_calls must be a list"
        for j, c in enumerate(calls, 1):
            fn = c.get("function") if isinstance(c, dict) else None
            if not (
                isinstance(fn, dict)
                and isinstance(fn.get("name"), str)
                and isinstance(fn.get("arguments"), str)
            ):
                return (
                    f"message {i} (assistant): tool call {j} needs function.name and "
                    "function.arguments (a JSON string)"
                )
    if fcall is not None and not (
        isinstance(fcall, dict)
        and isinstance(fcall.get("name"), str)
        and isinstance(fcall.get("arguments"), str)
    ):
        return f"message {i} (assistant): function_call needs name and arguments (a JSON string)"
    return None


def _check_tools(ex: dict) -> str | None:
    for key in ("tools", "functions"):
        tools = ex.get(key)
        if tools is None:
            continue
        if not isinstance(tools, list):
            return f'"{key}" must be a list of function definitions'
        for j, t in enumerate(tools, 1):
            f = t.get("function") if key == "tools" and isinstance(t, dict) else t
            if not (isinstance(f, dict) and isinstance(f.get("name"), str)):
                return f'"{key}" entry {j} needs a function with a name'
    return None


def _check_chat(ex: dict) -> tuple[str | None, bool]:
    """(problem, has_image) for a chat example."""
    messages = ex["messages"]
    if not isinstance(messages, list) or not messages:
        return '"messages" must be a non-empty list of messages', False
    has_image = has_assistant = False
    for i, m in enumerate(messages, 1):
        if not isinstance(m, dict):
            return f"message {i} must be an object, got {_type(m)}", False
        role = m.get("role")
        if role is None:
            return f"message {i}: no role", False
        if role not in ROLES:
            return (
                f"message {i}: unknown role {role!r} (expected {', '.join(ROLES[:-1])} or "
                f"{ROLES[-1]})",
                False,
            )
        unknown = [k for k in m if k not in MESSAGE_KEYS]
        if unknown:
            return f"message {i} ({role}): unknown key {unknown[0]!r}", False
        problem, img = _check_content(i, role, m)
        if problem:
            return problem, False
        has_image = has_image or img
        name = m.get("name")
        if name is not None and (not isinstance(name, str) or not name):
            return f"message {i} ({role}): name must be non-empty text", False
        if "weight" in m:
            w = m["weight"]
            if role != "assistant":
                return f"message {i} ({role}): weight is allowed on assistant messages only", False
            if isinstance(w, bool) or w not in (0, 1):
                return f"message {i} (assistant): weight must be 0 or 1, got {w!r}", False
        problem = _check_calls(i, m)
        if problem:
            return problem, False
        has_assistant = has_assistant or role == "assistant"
    if not has_assistant:
        return "no assistant message: every example needs a reply to learn from", False
    return _check_tools(ex), has_image


def _check_legacy(ex: dict) -> str | None:
    if "prompt" not in ex:
        return 'no "prompt" (the prompt/completion form needs both)'
    if "completion" not in ex:
        return 'no "completion" (the prompt/completion form needs both)'
    if not isinstance(ex["prompt"], str):
        return f'"prompt" must be text, got {_type(ex["prompt"])}'
    if not isinstance(ex["completion"], str):
        return f'"completion" must be text, got {_type(ex["completion"])}'
    if not ex["completion"]:
        return 'empty "completion"'
    return None


def _legacy_messages(ex: dict) -> list[dict]:
    msgs = [{"role": "user", "content": ex["prompt"]}] if ex["prompt"] else []
    return [*msgs, {"role": "assistant", "content": ex["completion"]}]


# ------------------------------------------------------------------ the pass over the file


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown: list[str] = []
        self.count = 0

    def __call__(self, line: int, text: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_SHOWN:
            self.shown.append(f"line {line}: {text}")

    def raise_if_any(self, lines: int) -> None:
        if not self.count:
            return
        head = (
            f"{self.path}: {self.count:,} of {lines:,} line{'s' if lines != 1 else ''} "
            f"{'has a problem' if self.count == 1 else 'have problems'}"
        )
        more = self.count - len(self.shown)
        body = "\n  ".join(self.shown + ([f"... and {more:,} more"] if more else []))
        raise DatasetError(f"{head}:\n  {body}")


def _json_hint(n: int, text: str) -> str:
    s = text.strip()
    if n == 1 and s in ("{", "["):
        return (
            " (this looks like pretty-printed JSON: a JSONL file has one complete "
            "JSON object per line)"
        )
    return ""


def analyze(
    path: str | Path,
    encodings: Sequence[str] = ("o200k_base",),
    *,
    exact: bool | None = None,
) -> Dataset:
    """Validate a fine-tuning file and count the tokens of each example in ``encodings``.

    ``exact``: None counts exactly when bpe-openai is installed and estimates otherwise; False
    always estimates; True requires bpe-openai. Raises DatasetError naming the lines at fault
    (the first few, then a count).
    """
    p = Path(path)
    if not p.exists():
        raise DatasetError(f"{p}: no such file")
    if p.is_dir():
        raise DatasetError(f"{p}: is a folder, not a training file")
    encs = list(dict.fromkeys(encodings))
    if not encs:
        raise DatasetError("give at least one encoding: " + ", ".join(ENCODINGS))
    counters = [counter(e, exact) for e in encs]
    counts = [array("I") for _ in encs]
    problems = _Problems(p)
    fmt: str | None = None
    fmt_line = 0
    lines = blank = approx = images = 0
    ignored: dict[str, int] = {}

    for n, text in _lines(p, problems):
        lines = n
        if text is None:
            continue
        if not text.strip():
            blank += 1
            continue
        try:
            ex = json.loads(text)
        except json.JSONDecodeError as e:
            problems(n, f"not valid JSON: {e.msg} (column {e.colno}){_json_hint(n, text)}")
            continue
        except RecursionError:
            problems(n, "JSON nested too deeply to be a training example")
            continue
        if not isinstance(ex, dict):
            problems(n, f'expected a JSON object ({{"messages": [...]}}), got {_type(ex)}')
            continue
        if "messages" in ex:
            kind = "chat"
        elif "prompt" in ex or "completion" in ex:
            kind = "prompt-completion"
        elif "preferred_output" in ex or "non_preferred_output" in ex:
            problems(
                n, "preference (DPO) examples are not supported: ftcost reads supervised files"
            )
            continue
        else:
            problems(n, 'no "messages" list (chat format) and no "prompt"/"completion" pair')
            continue
        if fmt is None:
            fmt, fmt_line = kind, n
        elif kind != fmt:
            problems(n, f"a {kind} example in a {fmt} file (line {fmt_line} is {fmt})")
            continue
        if kind == "chat":
            problem, has_image = _check_chat(ex)
            messages = ex["messages"]
            known = CHAT_KEYS
        else:
            problem, has_image = _check_legacy(ex), False
            messages = None
            known = LEGACY_KEYS
        if problem:
            problems(n, problem)
            continue
        if _SURROGATE.search(text):
            try:
                json.dumps(ex, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                problems(n, "text contains an unpaired surrogate escape (\\ud800-\\udfff)")
                continue
        for k in ex:
            if k not in known:
                ignored[k] = ignored.get(k, 0) + 1
        if messages is None:
            messages = _legacy_messages(ex)
        tools = (ex.get("tools") or []) + (ex.get("functions") or []) if kind == "chat" else []
        if tools or any(m.get("tool_calls") or m.get("function_call") for m in messages):
            approx += 1
        images += has_image
        if problems.count:  # a bad file: keep validating, stop counting
            continue
        for c, out in zip(counters, counts, strict=True):
            t = chat_tokens(messages, c.count, c.short)
            if tools:
                t += tools_tokens(tools, c.count, c.encoding)
            out.append(t)

    problems.raise_if_any(lines)
    examples = len(counts[0])
    if examples == 0:
        what = "is empty" if lines == 0 else "has only blank lines"
        raise DatasetError(f"{p}: no examples: the file {what}")

    warnings = []
    if examples < 10:
        warnings.append(f"OpenAI requires at least 10 examples; this file has {examples}")
    if ignored:
        keys = ", ".join(f"{k!r} ({v:,})" for k, v in sorted(ignored.items()))
        warnings.append(f"keys ftcost does not count (OpenAI may reject them): {keys}")
    if approx:
        warnings.append(
            f"{approx:,} example{'s' if approx != 1 else ''} with tool definitions or tool calls: "
            "counted by the cookbook's tools formula, approximately"
        )
    if images:
        warnings.append(
            f"{images:,} example{'s' if images != 1 else ''} with images: image tokens not counted"
        )
    if fmt == "prompt-completion":
        warnings.append(
            "prompt/completion lines counted as a user message and an assistant reply "
            "(the chat form the models in the price data train on)"
        )
    return Dataset(
        path=str(p),
        format=fmt or "chat",
        examples=examples,
        lines=lines,
        blank_lines=blank,
        tokens={
            c.encoding: _stats(c.encoding, c.exact, a)
            for c, a in zip(counters, counts, strict=True)
        },
        approximate_examples=approx,
        image_examples=images,
        warnings=tuple(warnings),
    )


# ------------------------------------------------------------------ feeding the engine


def plan_from_file(
    path: str | Path,
    model=None,
    prices=None,
    *,
    epochs: int | None = None,
    validation_tokens=0,
    runs=1,
    training_hours=None,
    exact: bool | None = None,
) -> tuple[TrainingPlan, str]:
    """A TrainingPlan from a training file, and a one-line note saying where its figures came from.

    Training tokens are what ``model`` is billed per epoch (examples over its limit truncated);
    with no model, the o200k_base count untruncated. ``epochs``: OpenAI's default when None.
    """
    ps: PriceSet | None = None
    enc = "o200k_base"
    if model is not None:
        ps = load_prices(prices)
        model = ps.get(model)
        enc = encoding_for(model)[0]
    ds = analyze(path, [enc], exact=exact)
    stats = ds.tokens[enc]
    limit = model.max_example_tokens if model is not None else None
    tokens = stats.capped_total(limit)
    e = ds.default_epochs if epochs is None else epochs
    plan = TrainingPlan(
        training_tokens=tokens,
        epochs=e,
        validation_tokens=validation_tokens,
        runs=runs,
        training_hours=training_hours,
    )
    what = f" for {model.id}" if model is not None else ""
    label = stats.method if model is None or encoding_for(model)[1] else "proxy"
    over = stats.over(limit) if limit else 0
    trunc = f"; {over:,} over the {limit:,}-token limit, truncated" if over else ""
    ep = f"{plan.epochs} epoch{'s' if plan.epochs != 1 else ''}" + (
        f" (OpenAI's default for {ds.examples:,} examples)" if epochs is None else ""
    )
    note = (
        f"training file {ds.path}: {ds.examples:,} examples, {tokens:,} tokens per epoch{what} "
        f"({enc}, {label}{trunc}), {ep}"
    )
    return plan, note
