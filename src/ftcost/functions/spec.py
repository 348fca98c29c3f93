"""The catalogue of FT_* functions: names, arguments, documentation and examples, as data.

Everything Excel's Function Wizard, the template's Functions tab and the docs show about a
function is declared here once. The implementations live in `ftcost.functions.plain`, the
xlwings declarations in `ftcost.udfs`; both are checked against this catalogue when imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import RAG_EMBEDDING_PER_MILLION, RAG_SEARCH_PER_QUERY

__all__ = [
    "ARG_DOCS",
    "CATALOGUE",
    "CATEGORY",
    "EXAMPLES",
    "EXAMPLE_ARGS",
    "FUNCTIONS",
    "REQUIRED",
    "SPECS",
    "TABLES",
    "Arg",
    "Function",
    "describe",
    "formula",
]

CATEGORY = "FT Cost"


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()  # the default of an argument that has none


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument: its name, what the Function Wizard says about it (≤ 255 characters) and its
    default (`REQUIRED` for none)."""

    name: str
    doc: str
    default: object = REQUIRED

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@dataclass(frozen=True, slots=True)
class Function:
    """One FT_* function: ``doc`` is its one-line description (≤ 255 characters); ``table``
    functions spill a table, so their arguments are single cells; ``example`` holds literal
    arguments of a call that gives a real answer on the default price data."""

    name: str
    doc: str
    args: tuple[Arg, ...]
    example: tuple = ()
    table: bool = False

    @property
    def arg_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.args)

    @property
    def defaults(self) -> dict[str, object]:
        return {a.name: a.default for a in self.args if a.optional}


_VOL = "a number or text such as 5M, 54K, 1.2B"
_RANGE = " A range gives a range of results."
_PRICES = Arg(
    "prices",
    "Optional price set: default, article, or the path of a TOML price file (folder) on the "
    "machine running Python. Empty: $FTCOST_PRICES or default.",
    None,
)
_EPOCHS = Arg(
    "epochs", "Optional passes over the training data (default 1, as the article bills a run).", 1
)
_RATIO = Arg(
    "output_ratio",
    "Optional output tokens per input token (default 0: input only, as the article counts).",
    0,
)
_MONTHS = Arg("months", "Optional horizon in whole months (default 12).", 12)
_AS_OF = Arg(
    "as_of",
    "Optional as-of date (a date cell or YYYY-MM-DD) for the models' lifecycle: can it be "
    "trained, when its fine-tunes retire. Empty: $FTCOST_AS_OF or today.",
    None,
)
_SPEND = Arg(
    "monthly_spend",
    "Optional USD a month spent on the current model (5000, $5,000, 5K) instead of "
    "monthly_tokens: the volume it buys there. Give one of the two.",
    None,
)
_UNVERIFIED = Arg(
    "include_unverified",
    "Optional TRUE to weigh options on unverified prices too (second-hand, or not from a provider's price list; default FALSE).",
    False,
)


def _model_doc(what: str) -> str:
    return f'{what}: id, name or provider/id, e.g. gpt-4o-mini or "GPT-4o mini" (FT_MODELS lists them).'


CATALOGUE: tuple[Function, ...] = (
    Function(
        "FT_TRAINING_COST",
        "USD to fine-tune a model: training tokens × epochs × its training price (at least its "
        "minimum charge per job), plus compute hours where billed.",
        (
            Arg("model", _model_doc("Model to fine-tune")),
            Arg("training_tokens", f"Tokens in the training file, {_VOL}." + _RANGE),
            _EPOCHS,
            Arg(
                "training_hours",
                "Optional hours of training compute, for models billed by the hour (o4-mini RFT).",
                None,
            ),
            _PRICES,
        ),
        ("gpt-4o-mini", "5M"),
    ),
    Function(
        "FT_INFERENCE_COST",
        "USD to run a volume of input and output tokens through a model, fine-tuned (default) "
        "or base. Token prices only.",
        (
            Arg("model", _model_doc("Model")),
            Arg("input_tokens", f"Input tokens, {_VOL}." + _RANGE),
            Arg("output_tokens", f"Optional output tokens, {_VOL} (default 0).", 0),
            Arg(
                "fine_tuned",
                "Optional TRUE (default): the fine-tuned model's prices; FALSE: the base model's.",
                True,
            ),
            _PRICES,
        ),
        ("gpt-4o-mini", 1_000_000, 250_000),
    ),
    Function(
        "FT_COST",
        "USD of the fine-tuned route for a volume: training cost plus fine-tuned inference cost. "
        "#N/A if the model cannot be trained (or its fine-tunes no longer serve) on as_of.",
        (
            Arg("model", _model_doc("Fine-tuned model")),
            Arg("input_tokens", f"Input tokens served, {_VOL}." + _RANGE),
            Arg("output_tokens", f"Optional output tokens served, {_VOL} (default 0).", 0),
            Arg(
                "training_tokens",
                f"Optional tokens in the training file, {_VOL} (default 0: no training).",
                0,
            ),
            _EPOCHS,
            _PRICES,
            _AS_OF,
        ),
        ("gpt-4o-mini", "12M", "3M", "5M"),
    ),
    Function(
        "FT_BREAKEVEN",
        "Input tokens after which fine-tuning repays its training cost (training cost ÷ saving "
        "per token). #N/A if it never costs less, cannot be trained on as_of, or (monthly_tokens "
        "given) retires first.",
        (
            Arg("base_model", _model_doc("Model you use now")),
            Arg("ft_model", _model_doc("Model you would fine-tune")),
            Arg("training_tokens", f"Tokens in the training file, {_VOL}." + _RANGE),
            _EPOCHS,
            _RATIO,
            Arg(
                "monthly_tokens",
                f"Optional input tokens a month, {_VOL}: needed only when the fine-tuned model "
                "has hosting costs.",
                None,
            ),
            _PRICES,
            _AS_OF,
        ),
        ("gpt-4o", "gpt-4o-mini", 5_000_000),
    ),
    Function(
        "FT_BREAKEVEN_MONTHS",
        "Months until fine-tuning repays its training cost at a monthly volume. #N/A if it "
        "never does: no saving, not trainable on as_of, or its fine-tune retires first.",
        (
            Arg("base_model", _model_doc("Model you use now")),
            Arg("ft_model", _model_doc("Model you would fine-tune")),
            Arg("training_tokens", f"Tokens in the training file, {_VOL}." + _RANGE),
            Arg("monthly_tokens", f"Input tokens a month, {_VOL}." + _RANGE),
            _EPOCHS,
            _RATIO,
            _PRICES,
            _AS_OF,
        ),
        ("gpt-4o", "gpt-4o-mini", "5M", "10M"),
    ),
    Function(
        "FT_SAVINGS",
        "Net USD saved by fine-tuning over months: base route minus fine-tuned route, training "
        "included; after the fine-tune retires, the base route again. Negative: it loses money.",
        (
            Arg("base_model", _model_doc("Model you use now")),
            Arg("ft_model", _model_doc("Model you would fine-tune")),
            Arg("monthly_tokens", f"Input tokens a month, {_VOL}." + _RANGE),
            _MONTHS,
            Arg(
                "training_tokens",
                f"Optional tokens in the training file, {_VOL} (default 0: training not counted).",
                0,
            ),
            _EPOCHS,
            _RATIO,
            _PRICES,
            _AS_OF,
        ),
        ("gpt-4o", "gpt-4o-mini", "1M", 12, "5M"),
    ),
    Function(
        "FT_PRICE",
        "One figure from the price data: USD per 1M tokens for token prices, USD per "
        "job/hour/month for the others. #N/A if the model has no such price.",
        (
            Arg("model", _model_doc("Model")),
            Arg(
                "field",
                "Optional field (default ft_input), e.g. base_input, ft_input, ft_output, "
                "training, hosting_per_hour, "
                "fixed_monthly, training_until, retires, access, state (on as_of), trainable, "
                'serve_months, checked, source. Labels such as "FT input" work too.',
                "ft_input",
            ),
            _PRICES,
            _AS_OF,
        ),
        ("gpt-4o-mini", "training"),
    ),
    Function(
        "FT_MODELS",
        "Spills the price table, one row per model under a header row: id, provider, name, "
        "status, checked, every price, open weights, source, notes, lifecycle dates, state on as_of.",
        (_PRICES, _AS_OF),
        (),
        table=True,
    ),
    Function(
        "FT_RANK",
        "Spills the fine-tuned route of every model trainable on as_of, cheapest over the horizon "
        "first: rank, model, provider, status, training $, FT $/1M, monthly, total, saving, "
        "break-even, net, note, lifecycle.",
        (
            Arg("monthly_tokens", f"Input tokens a month, {_VOL}."),
            Arg("training_tokens", f"Tokens in the training file, {_VOL}."),
            _MONTHS,
            _RATIO,
            Arg(
                "base_model",
                _model_doc("Optional model you use now") + " Fills the saving columns.",
                None,
            ),
            _EPOCHS,
            _PRICES,
            _AS_OF,
            Arg(
                "include_unavailable",
                "Optional TRUE to rank the models not trainable on as_of too, last, with the "
                "reason (default FALSE: left out).",
                False,
            ),
        ),
        ("100M", "5M", 12, 0, "gpt-4o"),
        table=True,
    ),
    Function(
        "FT_RECOMMEND",
        "The decision ftcost recommend gives: fine-tune, prompt engineering or don't, with the "
        "reasons, the numbers and, when it is not the cheapest option, why not.",
        (
            Arg(
                "monthly_tokens",
                f"Input tokens a month of the task, {_VOL}. Empty if monthly_spend is given.",
                None,
            ),
            Arg(
                "base_model",
                _model_doc("Optional model you use now") + " Needed for a break-even.",
                None,
            ),
            Arg(
                "ft_model",
                _model_doc("Optional model to fine-tune")
                + " Empty: the cheapest for this workload.",
                None,
            ),
            Arg(
                "training_tokens",
                f"Optional tokens in the training file, {_VOL} (default 5M).",
                5_000_000,
            ),
            _MONTHS,
            _RATIO,
            Arg(
                "narrow_task",
                "Optional TRUE (default) if the task is narrow and repetitive (classification, "
                "extraction, a fixed format).",
                True,
            ),
            Arg(
                "prompt_solves",
                "Optional TRUE if a good prompt already solves the task (default FALSE).",
                False,
            ),
            Arg(
                "changing_requirements",
                "Optional TRUE if the requirements change often (default FALSE).",
                False,
            ),
            Arg(
                "needs_reasoning",
                "Optional TRUE if the task needs multi-step reasoning (default FALSE).",
                False,
            ),
            Arg(
                "multi_task",
                "Optional TRUE if one model serves many different tasks (default FALSE).",
                False,
            ),
            Arg(
                "priority",
                "Optional way to pick the model when ft_model is empty: cost (default), "
                "inference or self-hosting.",
                "cost",
            ),
            _PRICES,
            _AS_OF,
            _SPEND,
            _UNVERIFIED,
        ),
        ("100M", "gpt-4o", "gpt-4o-mini"),
    ),
    Function(
        "FT_ROUTING_COST",
        "USD a month of routing instead of fine-tuning: simple requests to a cheap base model, "
        "the rest to a premium one, plus the router.",
        (
            Arg("cheap_model", _model_doc("Cheap model for simple requests")),
            Arg("premium_model", _model_doc("Premium model for the rest")),
            Arg("monthly_tokens", f"Input tokens a month, {_VOL}." + _RANGE),
            Arg("simple_share", "Share of traffic the cheap model handles: 0.6 or 60%." + _RANGE),
            _RATIO,
            Arg(
                "router_per_million",
                "Optional USD per 1M tokens the router itself costs (default 0).",
                0,
            ),
            _PRICES,
        ),
        ("gpt-4o-mini", "gpt-4o", "100M", 0.7),
    ),
    Function(
        "FT_RAG_COST",
        "USD a month of retrieval-augmented generation instead of fine-tuning: embedding, "
        "vector search and generation with the retrieved context on a base model.",
        (
            Arg("model", _model_doc("Base model that generates the answers")),
            Arg("monthly_tokens", f"Input tokens a month of the task, {_VOL}." + _RANGE),
            Arg(
                "requests", "Requests a month (each retrieves context and runs one vector search)."
            ),
            Arg(
                "context_tokens",
                "Optional retrieved context tokens added to each request (default 2,000).",
                2000,
            ),
            _RATIO,
            Arg(
                "embedding_per_million",
                "Optional USD per 1M tokens embedded (default 0.10, the article's low end).",
                RAG_EMBEDDING_PER_MILLION,
            ),
            Arg(
                "search_per_query",
                "Optional USD per vector search (default 0.00001).",
                RAG_SEARCH_PER_QUERY,
            ),
            Arg(
                "corpus_tokens",
                f"Optional document tokens re-embedded each month, {_VOL} (default 0).",
                0,
            ),
            _PRICES,
        ),
        ("gpt-4o-mini", "100M", 50_000),
    ),
    Function(
        "FT_PROMPT_COST",
        "USD a month of prompt engineering instead of fine-tuning: the base model with the "
        "extra prompt tokens in every request.",
        (
            Arg("model", _model_doc("Base model you prompt")),
            Arg("monthly_tokens", f"Input tokens a month of the task itself, {_VOL}." + _RANGE),
            Arg(
                "prompt_overhead",
                "Extra prompt tokens (instructions, few-shot examples) sent per task token, "
                "e.g. 0.5." + _RANGE,
            ),
            _RATIO,
            _PRICES,
        ),
        ("gpt-4o", "100M", 0.5),
    ),
    Function(
        "FT_GRADE",
        "The API Cost Score of ftcost grade: A+ to F by the share of today's cost the best option "
        "(stay, switch model, fine-tune, route) saves: A+ under 5%, A 15%, B 30%, C 50%, D 70%, "
        "else F.",
        (
            Arg(
                "current_model",
                "Model you pay for now: any model ftcost or genai-prices knows (gpt-4o, "
                "claude-sonnet-4-5).",
            ),
            Arg(
                "monthly_tokens",
                f"Input tokens a month, {_VOL}. Empty if monthly_spend is given." + _RANGE,
                None,
            ),
            Arg(
                "training_tokens",
                f"Optional tokens in a training file, {_VOL} (default 5M).",
                5_000_000,
            ),
            _MONTHS,
            _RATIO,
            _EPOCHS,
            Arg(
                "detail",
                "Optional TRUE to spill the grade with its numbers (two columns) instead of the "
                "letter alone.",
                False,
            ),
            _PRICES,
            _AS_OF,
            _SPEND,
            _UNVERIFIED,
        ),
        ("gpt-4o", "100M", "5M"),
    ),
    Function(
        "FT_SPEND_TOKENS",
        "Input tokens a month that a monthly spend buys on a model's base prices (output and "
        "cached share blended in): use it wherever a function asks for monthly_tokens.",
        (
            Arg(
                "model",
                "Model the money is spent on: any model ftcost or genai-prices knows (gpt-4o, "
                "claude-sonnet-4-5).",
            ),
            Arg("monthly_spend", "USD a month: 5000, $5,000 or 5K." + _RANGE),
            _RATIO,
            Arg(
                "cached_share",
                "Optional share of input tokens served from the prompt cache: 0.3 or 30% "
                "(default 0).",
                0,
            ),
            _PRICES,
            _AS_OF,
        ),
        ("gpt-4o", 5000),
    ),
    Function(
        "FT_EPOCHS",
        "The epochs OpenAI picks when none are given: 3, more for under 34 examples (up to 25), "
        "fewer for over 8,333 (at least 1).",
        (Arg("n_examples", "Number of training examples (conversations) in the file." + _RANGE),),
        (500,),
    ),
)

SPECS: dict[str, Function] = {f.name: f for f in CATALOGUE}
FUNCTIONS: list[str] = [f.name for f in CATALOGUE]  # in the order the docs show them
TABLES: frozenset[str] = frozenset(f.name for f in CATALOGUE if f.table)
# function → argument → description (the Function Wizard's text)
ARG_DOCS: dict[str, dict[str, str]] = {f.name: {a.name: a.doc for a in f.args} for f in CATALOGUE}
EXAMPLE_ARGS: dict[str, tuple] = {f.name: f.example for f in CATALOGUE}


def formula(name: str, *args) -> str:
    """The Excel formula calling ``name`` with literal ``args``: formula('FT_EPOCHS', 50) → '=FT_EPOCHS(50)'."""

    def lit(a) -> str:
        if isinstance(a, bool):
            return "TRUE" if a else "FALSE"
        if isinstance(a, str):
            return '"' + a.replace('"', '""') + '"'
        if a is None:
            return ""
        return repr(a)

    return f"={name}({','.join(lit(a) for a in args)})"


EXAMPLES: dict[str, str] = {name: formula(name, *args) for name, args in EXAMPLE_ARGS.items()}


def describe() -> list[dict]:
    """Every FT_* function for documentation: name, syntax, description, arguments, example."""
    out = []
    for f in CATALOGUE:
        args = [
            {
                "name": a.name,
                "doc": a.doc,
                "optional": a.optional,
                "default": a.default if a.optional else None,
            }
            for a in f.args
        ]
        syntax = ", ".join(f"[{a.name}]" if a.optional else a.name for a in f.args)
        out.append(
            {
                "name": f.name,
                "syntax": f"{f.name}({syntax})",
                "description": f.doc,
                "category": CATEGORY,
                "args": args,
                "example": EXAMPLES[f.name],
                "returns_table": f.table,
            }
        )
    return out
