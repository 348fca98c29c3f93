"""`ftcost dataset`: check a JSONL fine-tuning file and price its training."""

from __future__ import annotations

import textwrap

from .common import (
    add_as_of,
    add_command,
    add_json,
    add_prices,
    as_of_of,
    label,
    out,
    prices_of,
    print_json,
    table,
)


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def cmd_dataset(a) -> int:
    from ..dataset import analyze
    from ..tokens import ENCODINGS, encoding_for, exact_available
    from ..units import fmt_money

    ps = prices_of(a)
    model = ps.get(a.model) if a.model else None
    if a.encoding in ("auto", "estimate"):
        needed = {encoding_for(m)[0] for m in ps}
        encodings = [e for e in ENCODINGS if e in needed] or [ENCODINGS[0]]
    else:
        encodings = [a.encoding]
    exact = False if a.encoding == "estimate" else None
    ds = analyze(a.file, encodings, exact=exact)
    epochs = a.epochs  # None: OpenAI's default, inside Dataset.cost
    day = as_of_of(a)
    rows = ds.costs(ps, epochs=epochs, training_hours=a.training_hours, as_of=day)
    chosen = next((r for r in rows if model is not None and r.model == model.id), None)
    n_epochs = rows[0].epochs if rows else ds.default_epochs
    epochs_source = "given" if epochs is not None else "openai-default"

    if a.json:
        d = ds.as_dict()
        d.update(
            as_of=day,
            price_set=ps.name,
            price_version=ps.version,
            epochs=n_epochs,
            epochs_source=epochs_source,
            model=chosen.as_dict() if chosen else None,
            models=[r.as_dict() for r in rows],
        )
        if not ds.exact:
            from ..tokens import ESTIMATE_RULE

            d["estimate_rule"] = ESTIMATE_RULE
        print_json(d)
        return 0

    uses: dict[str, list[str]] = {}
    for m in ps:
        enc, native = encoding_for(m)
        if native:
            uses.setdefault(enc, []).append(m.id)
    out(f"{ds.path}: {ds.examples:,} examples, {ds.format} format ({label(ps, day)})")
    out()
    stat_rows = []
    for enc, st in ds.tokens.items():
        heading = f"{enc} ({'exact' if st.exact else 'ESTIMATE'})"
        models = ", ".join(uses.get(enc, [])) or "—"
        stat_rows.append(
            [
                heading,
                f"{st.min:,}",
                _num(st.median),
                f"{st.p95:,}",
                f"{st.max:,}",
                f"{st.total:,}",
                models,
            ]
        )
    out(
        table(
            ["Tokens per example", "min", "median", "p95", "max", "total", "models"],
            stat_rows,
            [False, True, True, True, True, True, False],
        )
    )
    if not ds.exact:
        why = (
            "--encoding estimate"
            if a.encoding == "estimate" or exact_available()
            else ("bpe-openai is not installed: pip install 'ftcost[tokens]' for exact counts")
        )
        out(
            f"ESTIMATED counts ({why}). The estimate is within about 1% of the exact total on "
            "English, code and JSON and 3-10% on other languages; single examples vary more "
            "(README, Training-file analysis)."
        )
    out()
    if epochs is None:
        out(
            f"Epochs: {n_epochs}, OpenAI's default for {ds.examples:,} examples "
            "(applied to every model; --epochs N to change)"
        )
    else:
        out(f"Epochs: {n_epochs} (given)")
    out()
    headers = [
        "Model",
        "Provider",
        "Counting",
        "Limit",
        "Over limit",
        "Tokens/epoch",
        "Epochs",
        "Billed tokens",
        "Training cost",
        "Note",
    ]
    body = [
        [
            r.model,
            r.provider,
            r.counting,
            "—" if r.max_example_tokens is None else f"{r.max_example_tokens:,}",
            "—" if r.over_limit is None else f"{r.over_limit:,}",
            f"{r.training_tokens:,}",
            r.epochs,
            "—" if r.billed_tokens is None else f"{r.billed_tokens:,.0f}",
            fmt_money(r.training_cost),
            "; ".join(([r.status] if r.status != "active" else []) + ([r.note] if r.note else [])),
        ]
        for r in rows
    ]
    out(table(headers, body, [False, False, False, True, True, True, True, True, True, False]))
    if any(r.counting.startswith("proxy") for r in rows):
        out(
            "proxy: counted with an OpenAI encoding because these models' own tokenizers do not "
            "ship offline; their counts and costs are approximate."
        )
    if ds.warnings:
        out()
        for w in ds.warnings:
            out(textwrap.fill(w, width=100, initial_indent="Warning: ", subsequent_indent="  "))
    out()
    if chosen is not None:
        out(
            f"{chosen.model}: {chosen.training_tokens:,} tokens per epoch × {chosen.epochs} epochs"
            + (
                f" = {chosen.billed_tokens:,.0f} billed tokens, {fmt_money(chosen.training_cost)}"
                if chosen.training_cost is not None
                else ""
            )
        )
    cand = chosen.model if chosen else "gpt-4o-mini"
    ep = f" --epochs {a.epochs}" if epochs is not None else ""
    out("Pass these figures on, e.g.:")
    out(
        f"  ftcost breakeven --base gpt-4o --candidate {cand} --training-file {ds.path}{ep} "
        "--monthly-tokens 1M"
    )
    if chosen is not None:
        out(f"  (the same as --training-tokens {chosen.training_tokens} --epochs {chosen.epochs})")
    return 0


def register(subs) -> None:
    p = add_command(
        subs,
        "dataset",
        cmd_dataset,
        "Check a JSONL fine-tuning file and price its training: examples, tokens per example, "
        "examples over each model's limit, OpenAI's default epochs, billed tokens and cost.",
        "ftcost dataset train.jsonl --model gpt-4o-mini",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help='chat-format JSONL ({"messages": [...]} per line) or prompt/completion JSONL',
    )
    p.add_argument(
        "--model",
        metavar="MODEL",
        help="the model you will fine-tune: its figures summed up, ready to pass on",
    )
    p.add_argument(
        "--epochs",
        default=None,
        metavar="N",
        help="passes over the file (default: what OpenAI chooses for this many examples)",
    )
    p.add_argument(
        "--encoding",
        default="auto",
        choices=["auto", "o200k_base", "cl100k_base", "estimate"],
        help="auto (default): each OpenAI model's own encoding, exact when bpe-openai is "
        "installed, else estimated; o200k_base or cl100k_base: that one for every model (faster); "
        "estimate: no tokenizer",
    )
    p.add_argument(
        "--training-hours",
        default=None,
        metavar="H",
        help="training compute hours, for models billed by the hour (o4-mini RFT)",
    )
    add_prices(p)
    add_as_of(p)
    add_json(p)
