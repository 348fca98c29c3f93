"""Price data: load the built-in sets or a user's file, validate strictly, resolve model names.

A price set is a directory of TOML files (the built-in ``default`` and ``article`` sets live in
``pricing/``) or a single TOML file. Each file holds ``[[model]]`` entries and optionally one
``[price_set]`` table (name, version, description). Every problem names file, line, entry and
field: ``pricing/default/openai.toml:12: gpt-4o-mini.training: must be ≥ 0, got -1``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import os
import re
import time
import tomllib
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PriceFileError, UnknownModel
from .fields import PRICE, RATES, Field, names
from .model import STATUSES, ModelPrice

__all__ = [
    "BUILTIN_SETS",
    "ENV_VAR",
    "PriceSet",
    "builtin_dir",
    "load_prices",
    "price_set_from_entries",
    "validate_path",
]

ENV_VAR = "FTCOST_PRICES"
BUILTIN_SETS = ("default", "article")

_ALL_KEYS = names(PRICE)  # every key a price entry may have (fields.py)
_SET_KEYS = ("name", "version", "description", "order", "extends")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_EARLIEST = _dt.date(2020, 1, 1)
_LATEST = _dt.date(2100, 12, 31)
# A per-1M token price below this is almost certainly a per-1K figure (the article's GPT-3.5 error):
# the cheapest real per-1M prices are a few cents.
PER_1K_SUSPECT = 0.01


def builtin_dir() -> Path:
    """Folder holding the built-in price sets: inside the installed package, else the repo's."""
    here = Path(__file__).resolve().parent
    packaged = here / "pricing"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "pricing"


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s_/()+-]+", text.lower()) if w]


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


@dataclass
class PriceSet:
    """A validated collection of model prices with name resolution."""

    name: str
    models: tuple[ModelPrice, ...]
    version: str = ""
    description: str = ""
    source: str = ""  # the file or folder it came from
    warnings: tuple[str, ...] = ()
    builtin: bool = False  # one of the sets shipped with ftcost
    overrides: tuple[str, ...] = ()  # what an overlay (`extends`) changed, one line each
    _index: dict[str, ModelPrice] = field(default_factory=dict, repr=False)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # engine's derived arrays
    # the models a switch weighs (`engine.options`): None is `basemodels.CURRENT_MODELS`; a
    # filled template's price set names its own Current models table's rows
    current_models: tuple[str, ...] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, ModelPrice] = {}
        for m in self.models:
            for key in (m.id, m.name, f"{m.provider}/{m.id}", f"{m.provider}/{m.name}"):
                index.setdefault(_norm(key), m)
        self._index = index
        # what `get` answers for each id exactly as written, found without normalising it
        # (engine rows and reports name models by id, thousands of times a report)
        self._by_id = {m.id: index[_norm(m.id)] for m in self.models}

    def __iter__(self) -> Iterator[ModelPrice]:
        return iter(self.models)

    def __len__(self) -> int:
        return len(self.models)

    @property
    def label(self) -> str:
        """Name and version, as answers cite the prices: 'default 2026.11.27'."""
        return f"{self.name} {self.version}" if self.version else self.name

    @property
    def ids(self) -> list[str]:
        return [m.id for m in self.models]

    @property
    def as_of(self) -> _dt.date | None:
        """The latest `checked` date in the set."""
        return max((m.checked for m in self.models), default=None)

    def get(self, name: str | ModelPrice) -> ModelPrice:
        """The model called ``name`` (id, display name or provider/id, any case)."""
        if isinstance(name, ModelPrice):
            return name
        hit = self._by_id.get(name) if isinstance(name, str) else None
        if hit is not None:
            return hit
        if not isinstance(name, str) or not name.strip():
            raise UnknownModel(str(name) if name is not None else "", [])
        hit = self._index.get(_norm(name))
        if hit is not None:
            return hit
        # every word of the name in exactly one model ("gemini flash", "llama 70b")
        words = set(_words(name))
        matches = [
            m
            for m in self.models
            if words and words <= set(_words(f"{m.provider} {m.id} {m.name}"))
        ]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UnknownModel(name, [m.id for m in matches][:4], ambiguous=True)
        raise UnknownModel(name, self.suggest(name))

    def suggest(self, name: str, n: int = 2) -> list[str]:
        key = _norm(name)
        close = difflib.get_close_matches(key, list(self._index), n=6, cutoff=0.6)
        out: list[str] = []
        for k in close:
            mid = self._index[k].id
            if mid not in out:
                out.append(mid)
        if not out:  # a fragment such as "mini" or "llama"
            out = [m.id for m in self.models if key and key in _norm(m.id + " " + m.name)]
        return out[:n]


# ---------------------------------------------------------------- loading


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        pass
    try:
        rel = path.resolve().relative_to(builtin_dir().resolve().parent)
        return str(rel)
    except ValueError:
        return str(path)


class _Problems:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []


def _entry_lines(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each ``[[model]]`` entry, in order."""
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if re.match(r"^\s*\[\[\s*model\s*\]\]", line)]
    ends = [s - 1 for s in starts[1:]] + [len(lines)]
    return list(zip(starts, ends[: len(starts)], strict=True))


def _field_line(text_lines: list[str], span: tuple[int, int] | None, key: str) -> int | None:
    if span is None:
        return None
    pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for ln in range(span[0], min(span[1], len(text_lines)) + 1):
        if pat.match(text_lines[ln - 1]):
            return ln
    return span[0]


Locate = Callable[[str | None], str]  # field (None: the entry) → "file:line" or "Sheet!C5"


def _toml_locator(where: str, span: tuple[int, int] | None, lines: list[str]) -> Locate:
    def locate(key: str | None) -> str:
        ln = _field_line(lines, span, key) if key else (span[0] if span else None)
        return f"{where}:{ln}" if ln else where

    return locate


def _parse_value(f: Field, v: object, bad: Callable[[str], None], err) -> object:
    """One field of a price entry, checked by its kind; None when missing or wrong (reported)."""
    if v is None:
        if f.required:
            hint = " (a date, e.g. checked = 2026-11-27)" if f.kind == "date" else ""
            err(None, f"missing required field {f.name!r}{hint}")
        return None
    if f.kind in ("id", "status") or (f.kind == "text" and f.required):
        if not isinstance(v, str) or not v.strip():
            return bad(f"must be non-empty text, got {v!r}")
        v = v.strip()
        if f.kind == "id" and not _ID.match(v):
            return bad(f"must be lower-case letters, digits, '.', '_' or '-', got {v!r}")
        if f.kind == "status" and v not in STATUSES:
            return bad(f"must be one of {', '.join(STATUSES)}; got {v!r}")
        return v
    if f.kind == "text":
        return v.strip() if isinstance(v, str) else bad(f"must be text, got {v!r}")
    if f.kind in ("date", "deadline"):
        return _parse_date(v, bad, future=f.kind == "deadline")
    if f.kind in ("rate", "money"):
        if isinstance(v, bool) or not isinstance(v, int | float):
            return bad(f"must be a number, got {_short(v)}")
        if isinstance(v, float) and not math.isfinite(v):
            return bad(f"must be a finite number, got {v!r}")
        if v < 0:
            return bad(f"must be ≥ 0, got {_short(v)}")
        if v > f.high:  # compared exactly: a huge integer never meets float conversion
            unit = "per 1M tokens" if f.kind == "rate" else f.unit.replace("$/", "per ")
            return bad(
                f"${_short(v)} {unit} is above the ceiling of ${f.high:,.0f}: a typo, or a price "
                "in other units?"
            )
        return float(v)
    if f.kind == "count":
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            return bad(f"must be a whole number > 0, got {_short(v)}")
        if f.high is not None and v > f.high:
            return bad(f"{_short(v)} is above the ceiling of {f.high:,.0f}")
        return v
    if f.kind == "bool":
        return v if isinstance(v, bool) else bad(f"must be true or false, got {v!r}")
    raise AssertionError(f"no reader for kind {f.kind!r}")  # pragma: no cover - registry error


def _short(v: object) -> str:
    """A value for a message: huge numbers and long text cut, control characters escaped."""
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**20:
        digits = str(abs(v))  # never through float: it may not fit one
        text = f"{'-' if v < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1} ({len(digits)} digits)"
    elif isinstance(v, float):
        text = f"{v:g}"
    else:
        text = repr(v) if isinstance(v, str) else str(v)
    return text if len(text) <= 80 else text[:77] + "…"


def _parse_date(v: object, bad: Callable[[str], None], future: bool) -> _dt.date | None:
    if isinstance(v, str):
        try:
            v = _dt.date.fromisoformat(v.strip())
        except ValueError:
            return bad(f"must be a date YYYY-MM-DD, got {v!r}")
    if isinstance(v, _dt.datetime):
        v = v.date()
    if not isinstance(v, _dt.date):
        return bad(f"must be a date YYYY-MM-DD, got {v!r}")
    if future:  # a lifecycle date: announced, so it may lie ahead, but not decades ahead
        if not _EARLIEST <= v <= _LATEST:
            return bad(f"date {v.isoformat()} is not plausible (before 2020 or after 2100)")
    elif v < _EARLIEST or v > _dt.date.today() + _dt.timedelta(days=1):
        return bad(f"date {v.isoformat()} is not plausible (before 2020 or in the future)")
    return v


def _parse_entry(raw: dict, where: str, locate: Locate, probs: _Problems) -> ModelPrice | None:
    ident = raw.get("id")
    label = ident if isinstance(ident, str) and ident else "model"
    n_before = len(probs.errors)

    def err(key: str | None, msg: str) -> None:
        probs.errors.append(f"{locate(key)}: {label}{'.' + key if key else ''}: {msg}")

    for key in raw:
        if key not in _ALL_KEYS:
            close = difflib.get_close_matches(key, _ALL_KEYS, n=1)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            err(key, f"unknown field{hint}")

    values: dict = {}
    for f in PRICE:
        v = _parse_value(f, raw.get(f.name), lambda msg, key=f.name: err(key, msg), err)
        if v is not None:
            values[f.name] = v

    until, retires = values.get("training_until"), values.get("retires")
    if until and retires and retires < until:
        err(
            "retires",
            f"{retires} is before training_until {until}: a model cannot be trained after it retires",
        )
    if len(probs.errors) > n_before:
        return None
    m = ModelPrice(file=where, **values)
    _units_guard(m, locate, probs)
    _text_guard(m, raw, locate, probs)
    return m


# (discounted, standard): a cached or batch price is never above its standard price
_DISCOUNTS = (
    ("base_cached_input", "base_input"),
    ("base_batch_input", "base_input"),
    ("base_batch_output", "base_output"),
    ("ft_cached_input", "ft_input"),
    ("ft_batch_input", "ft_input"),
    ("ft_batch_output", "ft_output"),
)
# (a, b): prices of one model that real price lists keep within 100× of each other
_NEIGHBOURS = (
    ("ft_input", "base_input"),
    ("ft_output", "base_output"),
    ("base_output", "base_input"),
    ("ft_output", "ft_input"),
    *_DISCOUNTS,
)
# training per 1M vs the fine-tuned input price: 2×–30× in every price list seen (Azure's 12.5×
# included; the article's Gemini 1.5 Pro $0.025 against $1.25, 0.02×, is the one oddity kept);
# a ×1000 or ÷1000 slip of Azure's lands at 0.0125×, so the floor is 0.015×
_TRAINING_RATIO = (0.015, 200.0)


def _units_guard(m: ModelPrice, locate: Locate, probs: _Problems) -> None:
    """Warnings for prices that look like a unit slip (per-1K or per-1B among per-1M)."""

    def warn(key: str, text: str) -> None:
        probs.warnings.append(f"{locate(key)}: {m.id}.{key} = {getattr(m, key):g} {text}")

    for key in RATES:
        v = getattr(m, key)
        if v and v < PER_1K_SUSPECT:
            warn(
                key,
                f"$/1M looks like a per-1K price (×1000 = ${v * 1000:g}/1M); ftcost prices are per 1M tokens",
            )
    for a, b in _NEIGHBOURS:
        va, vb = getattr(m, a), getattr(m, b)
        if va and vb and max(va, vb) / min(va, vb) >= 100:
            lo, hi = (a, b) if va < vb else (b, a)
            if getattr(m, lo) >= PER_1K_SUSPECT:  # else said above
                warn(
                    lo,
                    f"is ≥100× below {hi} = {getattr(m, hi):g}: a per-1K price among per-1M ones, or a per-1B one?",
                )
    for cheap, std in _DISCOUNTS:
        vc, vs = getattr(m, cheap), getattr(m, std)
        if vc is not None and vs and vc > vs and vc / vs < 100:
            warn(cheap, f"is above {std} = {vs:g}: cached and batch prices are discounts")
    t, ft = m.training, m.ft_input
    slipped = t < PER_1K_SUSPECT or ft < PER_1K_SUSPECT  # said above
    if t and ft and not slipped and not _TRAINING_RATIO[0] <= t / ft <= _TRAINING_RATIO[1]:
        warn(
            "training",
            f"$/1M is {t / ft:.3g}× the fine-tuned input price {ft:g}: a unit slip (per 1K, per 1B)?",
        )


def _text_guard(m: ModelPrice, raw: dict, locate: Locate, probs: _Problems) -> None:
    """Text a spreadsheet would read as a formula: ftcost writes it as text, but say so."""
    for f in PRICE:
        v = raw.get(f.name)
        if (
            f.kind in ("id", "text", "status")
            and isinstance(v, str)
            and v.lstrip()[:1] in _FORMULA_START
        ):
            probs.warnings.append(
                f"{locate(f.name)}: {m.id}.{f.name} starts with {v.lstrip()[:1]!r}: a spreadsheet "
                "would read it as a formula (ftcost writes it as text)"
            )


_FORMULA_START = ("=", "+", "-", "@")


def _read_file(path: Path, probs: _Problems) -> tuple[list[tuple[dict, str, Locate]], dict]:
    """The raw entries of one file (each with where it is and how to locate its fields) and its
    [price_set] table."""
    where = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        probs.errors.append(f"{where}: not a UTF-8 text file")
        return [], {}
    except OSError as e:
        probs.errors.append(f"{where}: cannot read: {e.strerror or e}")
        return [], {}
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        probs.errors.append(f"{where}: bad TOML: {e}")
        return [], {}
    except ValueError as e:  # an integer of more than 4,300 digits
        probs.errors.append(f"{where}: bad TOML: {str(e).splitlines()[0][:120]}")
        return [], {}
    meta: dict = {}
    for key, val in doc.items():
        if key == "model":
            continue
        if key == "price_set" and isinstance(val, dict):
            for k, v in val.items():
                if k not in _SET_KEYS:
                    probs.errors.append(f"{where}: price_set.{k}: unknown field")
                elif k == "order":
                    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                        probs.errors.append(
                            f"{where}: price_set.order: must be a list of file names"
                        )
                    else:
                        meta[k] = v
                elif not isinstance(v, str):
                    probs.errors.append(f"{where}: price_set.{k}: must be text, got {v!r}")
                else:
                    meta[k] = v
            continue
        hint = " (entries go in [[model]] tables)" if isinstance(val, dict) else ""
        probs.errors.append(f"{where}: unknown top-level key {key!r}{hint}")
    entries = doc.get("model", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        probs.errors.append(f"{where}: 'model' must be a list of [[model]] tables")
        return [], meta
    spans = _entry_lines(text)
    lines = text.splitlines()
    out = []
    for i, raw in enumerate(entries):
        span = spans[i] if i < len(spans) else None
        out.append((raw, where, _toml_locator(where, span, lines)))
    return out, meta


def _resolve_spec(spec: str | os.PathLike | None) -> tuple[str, Path]:
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        spec = os.environ.get(ENV_VAR, "").strip() or "default"
    if isinstance(spec, str) and spec.strip().lower() in BUILTIN_SETS:
        name = spec.strip().lower()
        return name, builtin_dir() / name
    shown = str(spec) if len(str(spec)) <= 200 else str(spec)[:200] + "…"
    try:
        path = Path(spec).expanduser()
        found = path.exists()
    except (OSError, RuntimeError, ValueError, TypeError) as e:  # "~nobody", NUL bytes, too long
        raise PriceFileError(f"price file {shown!r}: not a usable path ({e})") from None
    if not found:
        hint = f" (built-in sets: {', '.join(BUILTIN_SETS)})"
        raise PriceFileError(f"price file not found: {shown}{hint}")
    return path.stem, path


def _ordered(files: list[Path]) -> list[Path]:
    """Files in the order a `_set.toml` lists them (`order = ["openai", ...]`), the rest after."""
    order: list[str] = []
    for f in files:
        if f.name == "_set.toml":
            try:
                order = (
                    tomllib.loads(f.read_text(encoding="utf-8"))
                    .get("price_set", {})
                    .get("order", [])
                )
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
                order = []  # reported properly when the file itself is read
    rank = {stem: i for i, stem in enumerate(order if isinstance(order, list) else [])}
    return sorted(files, key=lambda f: (rank.get(f.stem, len(rank)), f.name))


def _load(name: str, path: Path, depth: int = 0) -> tuple[PriceSet, list[str]]:
    probs = _Problems()
    if path.is_dir():
        files = sorted(p for p in path.glob("*.toml") if p.is_file())
        if not files:
            raise PriceFileError(f"{_display(path)}: no .toml price files in this folder")
        files = _ordered(files)
    else:
        files = [path]
    raws: list[tuple[dict, str, Locate]] = []
    meta: dict = {}
    for f in files:
        got, m = _read_file(f, probs)
        raws.extend(got)
        if "extends" in m and "extends" in meta:
            probs.errors.append(f"{_display(f)}: price_set.extends: given twice in this set")
        meta.update(m)
    builtin = path.resolve().parent == builtin_dir().resolve()
    label = meta.get("name", name)
    version = meta.get("version", "")
    parent = None
    if "extends" in meta:
        parent = _parent(meta["extends"], path, depth, probs)
        shown = (
            f"{meta['name']}{' ' + version if version else ''}"
            if "name" in meta
            else (_display(path).rsplit("/", 1)[-1])
        )
        label, version = f"{parent.label} + {shown}" if parent else shown, ""
    elif not builtin and label in BUILTIN_SETS:  # a copied built-in folder, maybe edited
        label = f"{_display(path)} (a copy of {label}{' ' + version if version else ''})"
        version = ""
    models, overrides = _overlay(parent, raws, probs)
    if not models and not probs.errors:
        probs.errors.append(f"{_display(path)}: no [[model]] entries")
    ps = _make_set(
        models,
        probs,
        name=label,
        version=version,
        description=meta.get("description", parent.description if parent else ""),
        source=_display(path),
        builtin=builtin,
        overrides=tuple(overrides),
    )
    return ps, probs.errors


def _parent(spec: str, path: Path, depth: int, probs: _Problems) -> PriceSet | None:
    """The set an overlay extends: a built-in name, or a path relative to the overlay's folder."""
    where = f"{_display(path)}: price_set.extends"
    if depth >= 5:
        probs.errors.append(f"{where}: more than 5 sets extend each other (a loop?)")
        return None
    if spec.strip().lower() not in BUILTIN_SETS:
        base = path if path.is_dir() else path.parent
        spec = str((base / Path(spec).expanduser()).resolve())
    try:
        pname, ppath = _resolve_spec(spec)
    except PriceFileError as e:
        probs.errors.append(f"{where}: {e}")
        return None
    if ppath.resolve() == path.resolve():
        probs.errors.append(f"{where}: a set cannot extend itself")
        return None
    parent, errors = _load(pname, ppath, depth + 1)
    if errors:
        probs.errors.append(f"{where}: {errors[0]}")
        return None
    return parent


def _overlay(
    parent: PriceSet | None, raws: list[tuple[dict, str, Locate]], probs: _Problems
) -> tuple[list[ModelPrice], list[str]]:
    """The models of a set: its own entries, or, over a parent, the parent's with the entries
    applied — an entry whose id is the parent's changes the fields it gives and keeps the rest;
    a new id adds a model."""
    if parent is None:
        out = [_parse_entry(raw, where, locate, probs) for raw, where, locate in raws]
        return [m for m in out if m is not None], []
    by_id = {m.id: m for m in parent.models}
    added: list[ModelPrice] = []
    overrides: list[str] = []
    for raw, where, locate in raws:
        old = by_id.get(raw.get("id")) if isinstance(raw.get("id"), str) else None
        if old is None:
            m = _parse_entry(raw, where, locate, probs)
            if m is not None:
                added.append(m)
                overrides.append(f"{locate(None)}: {m.id}: added")
            continue
        base = {k: v for k, v in old.as_dict().items() if v is not None}
        m = _parse_entry(base | raw, where, locate, probs)
        if m is None:
            continue
        changed = [
            f"{k} {_shown(getattr(old, k))} → {_shown(getattr(m, k))}"
            for k in raw
            if k != "id" and getattr(old, k, None) != getattr(m, k, None)
        ]
        overrides.append(
            f"{locate(None)}: {m.id}: " + ("; ".join(changed) if changed else "no change")
        )
        by_id[m.id] = m
    return list(by_id.values()) + added, overrides


def _shown(v: object) -> str:
    return "—" if v is None or v == "" else str(v)


def _make_set(models: list[ModelPrice], probs: _Problems, **kw) -> PriceSet:
    """A PriceSet of ``models`` after the checks across entries (duplicate ids, clashing names)."""
    seen: dict[str, ModelPrice] = {}
    names: dict[str, ModelPrice] = {}
    for m in models:
        if m.id in seen:
            probs.errors.append(
                f"{m.file}: {m.id}: duplicate id (first defined in {seen[m.id].file})"
            )
            continue
        seen[m.id] = m
        key = _norm(m.name)
        other = names.get(key)
        if other is not None and other.id != m.id:
            probs.errors.append(
                f"{m.file}: {m.id}.name: {m.name!r} is also the name of {other.id} ({other.file})"
            )
        names[key] = m
    for m in models:  # a display name that is another model's id would make names ambiguous
        other = seen.get(_norm(m.name))
        if other is not None and other.id != m.id:
            probs.errors.append(f"{m.file}: {m.id}.name: {m.name!r} is the id of another model")
    return PriceSet(models=tuple(seen.values()), warnings=tuple(probs.warnings), **kw)


def price_set_from_entries(
    entries: Iterable[tuple[dict, Locate]],
    *,
    name: str,
    source: str,
    version: str = "",
    description: str = "",
) -> PriceSet:
    """Validate price entries that did not come from TOML (e.g. a workbook's Providers table).

    ``entries`` are (raw, locate): ``raw`` holds the TOML fields by name (missing optional
    fields may be absent or None); ``locate(field)`` says where a field is ("Providers!H7"),
    ``locate(None)`` where the entry is. Raises PriceFileError naming the first problem (all
    problems in ``.problems``); units warnings are in the result's ``warnings``.
    """
    probs = _Problems()
    models = []
    for raw, locate in entries:
        clean = {k: v for k, v in raw.items() if v is not None}
        m = _parse_entry(clean, locate(None), locate, probs)
        if m is not None:
            models.append(m)
    if not models and not probs.errors:
        probs.errors.append(f"{source}: no models")
    ps = _make_set(
        models, probs, name=name, version=version, description=description, source=source
    )
    if probs.errors:
        more = f" (and {len(probs.errors) - 1} more)" if len(probs.errors) > 1 else ""
        exc = PriceFileError(probs.errors[0] + more)
        exc.problems = probs.errors  # type: ignore[attr-defined]
        raise exc
    return ps


def validate_path(spec: str | os.PathLike | None) -> tuple[PriceSet | None, list[str], list[str]]:
    """All errors and warnings of a price set or file, for `ftcost check-pricing`."""
    name, path = _resolve_spec(spec)
    ps, errors = _load(name, path)
    return (None if errors else ps), errors, list(ps.warnings)


# A loaded set is reused; its files are re-stat'ed at most every RECHECK_SECONDS so an edited price
# file is noticed, while a spreadsheet recalculating thousands of cells does not stat per call.
RECHECK_SECONDS = 2.0
_CACHE: dict[tuple, PriceSet] = {}
_RECENT: dict[object, tuple[PriceSet, tuple, float]] = {}


def _stamp(path: Path, depth: int = 0) -> tuple:
    """What identifies the files' current contents: names, sizes and a checksum of the bytes
    (timestamps alone miss a same-size edit within the file system's clock tick) — and those of
    a set they extend."""
    paths = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    out: list = []
    for p in paths:
        try:
            data = p.read_bytes()
        except OSError as e:
            raise PriceFileError(f"{_display(p)}: cannot read: {e.strerror or e}") from None
        out.append((str(p), len(data), zlib.crc32(data)))
        if b"extends" in data and depth < 5:
            try:
                spec = tomllib.loads(data.decode("utf-8")).get("price_set", {}).get("extends")
            except (UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
                spec = None  # reported when the file is read
            if isinstance(spec, str) and spec.strip().lower() not in BUILTIN_SETS:
                parent = (p.parent / Path(spec).expanduser()).resolve()
                if parent.exists() and parent != p.resolve():
                    out.append(_stamp(parent, depth + 1))
    return tuple(out)


def load_prices(spec: str | os.PathLike | PriceSet | None = None) -> PriceSet:
    """A price set: a built-in name ('default', 'article'), a TOML file or a folder of them.

    With no argument, $FTCOST_PRICES or 'default'. Parsed once and cached until the files change.
    Raises PriceFileError naming the first problem (and how many more there are).
    """
    if isinstance(spec, PriceSet):
        return spec
    recent_key = spec if spec is not None else ("$" + ENV_VAR, os.environ.get(ENV_VAR, ""))
    recent = _RECENT.get(recent_key)
    now = time.monotonic()
    if recent is not None and now - recent[2] < RECHECK_SECONDS:
        return recent[0]
    name, path = _resolve_spec(spec)
    stamp = _stamp(path)
    key = (name, str(path.resolve()), stamp)
    hit = _CACHE.get(key)
    if hit is not None:
        _RECENT[recent_key] = (hit, stamp, now)
        return hit
    ps, errors = _load(name, path)
    if errors:
        more = (
            f" (and {len(errors) - 1} more; run `ftcost check-pricing {spec or path}`)"
            if len(errors) > 1
            else ""
        )
        exc = PriceFileError(errors[0] + more)
        exc.problems = errors  # type: ignore[attr-defined]
        raise exc
    _CACHE[key] = ps
    _RECENT[recent_key] = (ps, stamp, now)
    return ps
