"""Formula text: small helpers that assemble the template's Excel formulas.

Formulas are built from defined names, so each reads like the engine's docstring:
"=IF(x_ok,runs*IF(OR(x_billed>0,x_hours>0),MAX(x_min,x_billed*x_train/1000000)…".
Operations keep the engine's order so Excel's doubles match the engine's doubles.
"""

from __future__ import annotations

from .layout import Input, P


def q(sheet: str) -> str:
    """A sheet name quoted for a reference: 'Break-even'."""
    return "'" + sheet.replace("'", "''") + "'"


def abs_ref(sheet: str, coord: str) -> str:
    """An absolute reference to a cell or range: 'Break-even'!$B$6."""
    from openpyxl.utils.cell import absolute_coordinate

    return f"{q(sheet)}!{absolute_coordinate(coord)}"


def num_ok(name: str, kind: str, low=None, high=None) -> str:
    """Formula: TRUE when the input cell ``name`` holds an acceptable value."""
    if kind in ("tokens",):
        cond = f"AND(ISNUMBER({name}),{name}>=0)"
    elif kind == "optional_tokens":
        cond = f"OR(ISBLANK({name}),AND(ISNUMBER({name}),{name}>=0))"
    elif kind == "ratio":
        cond = f"AND(ISNUMBER({name}),{name}>=0" + (f",{name}<={high:g})" if high else ")")
    elif kind == "share":
        cond = f"AND(ISNUMBER({name}),{name}>=0,{name}<=1)"
    elif kind == "count":
        cond = f"AND(ISNUMBER({name}),{name}=INT({name}),{name}>={low:g},{name}<={high:g})"
    elif kind == "date":
        cond = (
            f"AND(ISNUMBER({name}),{name}=INT({name}),{name}>=DATE({low:g},1,1),"
            f"{name}<=DATE({high:g},12,31))"
        )
    elif kind == "optional_count":
        cond = (
            f"OR(ISBLANK({name}),AND(ISNUMBER({name}),{name}=INT({name}),"
            f"{name}>={low:g},{name}<={high:g}))"
        )
    else:  # pragma: no cover - programming error
        raise ValueError(kind)
    return f"IFERROR({cond},FALSE)"


def num_msg(i: Input) -> str:
    """What the cell of input ``i`` says when its value is not acceptable (a formula's message
    and the data validation's error)."""
    label, k = i.label, i.kind
    if k == "tokens":
        return f"{label}: enter a number ≥ 0"
    if k == "optional_tokens":
        return f"{label}: enter a number ≥ 0, or leave it blank"
    if k == "ratio":
        return f"{label}: enter a number ≥ 0" + (f" and ≤ {i.high:g}" if i.high else "")
    if k == "share":
        return f"{label}: enter a share between 0% and 100%"
    if k == "date":
        return f"{label}: enter a date from {i.low:g}-01-01 to {i.high:g}-12-31"
    rng = f"{label}: enter a whole number from {i.low:g} to {i.high:g}"
    return rng if k == "count" else rng + ", or leave it blank"


def first_failing(checks: list[tuple[str, str]], ok: str = '"OK"') -> str:
    """Nested IF: the message of the first check that fails, else OK."""
    out = ok
    for cond, msg in reversed(checks):
        out = f"IF(NOT({cond}),{msg},{out})"
    return out


def lit(text: str) -> str:
    """An Excel string literal."""
    return '"' + text.replace('"', '""') + '"'


def idx(field: str, row: str) -> str:
    """A Providers field of the model in ``row`` (a row number formula)."""
    return f"INDEX({P(field)},{row})"


def or_std(opt: str, std: str, row: str) -> str:
    """A model's optional price, or its standard price where the cell is blank (engine `_price_dict`)."""
    return _or_std(opt, std, lambda f: idx(f, row))


def _or_std(opt: str, std: str, get) -> str:
    return f"IF(ISNUMBER({get(opt)}),{get(opt)},{get(std)})"


def rate_in(route: str, row: str) -> str:
    """Effective input price (engine `k_rate` with the cached and batch shares)."""
    return rate_in_of(route, lambda f: idx(f, row))


def rate_out(route: str, row: str) -> str:
    """Effective output price: batch share only (k_rate with cached share 0 is exactly this)."""
    return rate_out_of(route, lambda f: idx(f, row))


def rate_in_of(route: str, get) -> str:
    """`rate_in` of prices read by ``get(field)`` (a formula giving the field's cell value)."""
    std, cached, batch = f"{route}_input", f"{route}_cached_input", f"{route}_batch_input"
    return (
        f"(1-batch_share)*((1-cached_share)*{get(std)}+cached_share*{_or_std(cached, std, get)})"
        f"+batch_share*{_or_std(batch, std, get)}"
    )


def rate_out_of(route: str, get) -> str:
    """`rate_out` of prices read by ``get(field)``."""
    std, batch = f"{route}_output", f"{route}_batch_output"
    return f"(1-batch_share)*{get(std)}+batch_share*{_or_std(batch, std, get)}"


def base_pm_of(get) -> str:
    """A model's base route per 1M task tokens (engine `k_per_million`'s base_pm) from prices
    read by ``get(field)``."""
    return (
        f"({rate_in_of('base', get)})*(1+prompt_overhead)+output_ratio*({rate_out_of('base', get)})"
    )


def model_msg(name: str, label: str, row: str, fields: tuple[str, ...]) -> str:
    """Formula: a message when the model named in ``name`` is missing or lacks a price, else OK."""
    have = ",".join(f"ISNUMBER({idx(f, row)})" for f in fields)
    missing = "/".join(f.replace("_", " ") for f in fields)
    return (
        f'IF({row}=0,"{label} "&IF({name}="","is blank","\'"&{name}&"\' is not in the Providers '
        f'table")&": pick one from the list",IF(AND({have}),"OK","{label} "&{name}&" lacks a '
        f'price on the Providers tab ({missing})"))'
    )


def iso(d: str) -> str:
    """Formula: the date ``d`` as text YYYY-MM-DD, in any locale (TEXT's date codes are not)."""
    return f'YEAR({d})&"-"&RIGHT("0"&MONTH({d}),2)&"-"&RIGHT("0"&DAY({d}),2)'


def not_production(row: str) -> str:
    """Formula: TRUE when the Providers row's Production cell says false (FALSE, "false", "no",
    0); blank is the field's default, true. Compared as text: a blank cell equals FALSE in
    Excel, and a boolean cell reads as FALSE or 0 depending on the application."""
    t = f'LOWER({idx("production", row)}&"")'
    return f'OR({t}="false",{t}="no",{t}="0")'


def trainable(row: str) -> str:
    """Formula: TRUE when the Providers row ``row`` can be fine-tuned on ``as_of``
    (`ftcost.lifecycle.availability`): not deprecated, for production, training open, not
    retired."""
    until, ret = idx("training_until", row), idx("retires", row)
    return (
        f'AND({idx("status", row)}<>"deprecated",NOT({not_production(row)}),'
        f"OR(NOT(ISNUMBER({until})),as_of<={until}),OR(NOT(ISNUMBER({ret})),as_of<{ret}))"
    )


def why_not(row: str, model: str) -> str:
    """Formula: why the Providers row ``row`` (model id ``model``) cannot be fine-tuned on
    ``as_of``, in the words of `ftcost.lifecycle.availability`."""
    until, ret = idx("training_until", row), idx("retires", row)
    prov, access = idx("provider", row), idx("access", row)
    serve = f'IF(ISNUMBER({ret}),"; existing fine-tunes serve until "&{iso(ret)},"")'
    evaluation = f'{prov}&"\'s "&{idx("name", row)}&" is for evaluation, not production traffic"'
    return (
        f'IF(AND(ISNUMBER({ret}),as_of>={ret}),{model}&" retired on "&{iso(ret)}&'
        '": its fine-tunes no longer serve",'
        f"IF({not_production(row)},{evaluation},"
        f'IF(AND(ISNUMBER({until}),as_of>{until}),{prov}&" stopped taking new fine-tuning jobs for "'
        f'&{model}&" after "&{iso(until)},{prov}&" no longer offers fine-tuning of "&{model})'
        f'&{serve})&IF({access}&""<>""," ("&{access}&")",""))'
    )


# Text a result cell shows instead of a number
NOMONTH = lit("enter monthly tokens")
DASH = lit("—")


# Numbers in sentences: FIXED, not TEXT — TEXT's format codes are read in the user's locale (a
# German Excel garbles "$#,##0.00"), FIXED takes a count of decimals and uses the locale's own
# separators, so a sentence reads right in any locale.
def usd_txt(x: str) -> str:
    """Formula: ``x`` as money text, "$1,234.50"."""
    return f'"$"&FIXED({x},2)'


def price_txt(x: str) -> str:
    """Formula: a per-1M price as text with the decimals it needs, two to four: "$0.0375"."""
    return f'"$"&IF(ROUND({x},2)={x},FIXED({x},2),IF(ROUND({x},3)={x},FIXED({x},3),FIXED({x},4)))'
