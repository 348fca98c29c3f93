"""Errors ftcost raises for a user's mistake. Each message is one line a person can act on."""

from __future__ import annotations

__all__ = [
    "DataError",
    "FtCostError",
    "InputError",
    "NoBreakEven",
    "NoCandidate",
    "PriceFileError",
    "UnknownModel",
    "WorkbookError",
]


class FtCostError(Exception):
    """Base class: a problem with what the user gave us, said in one line."""


class InputError(FtCostError, ValueError):
    """A bad argument or option value (negative volume, text where a number belongs...)."""


class UnknownModel(FtCostError, LookupError):
    """A model name that is not in the price data (the message suggests close names)."""

    def __init__(
        self, name: str, suggestions: list[str] | tuple[str, ...] = (), ambiguous: bool = False
    ):
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"unknown model {name!r}"
        if ambiguous:
            msg = f"ambiguous model {name!r}: it could be " + ", ".join(
                repr(s) for s in self.suggestions
            )
        elif self.suggestions:
            msg += " — did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        else:
            msg += " (run `ftcost models` to list the models)"
        super().__init__(msg)


class PriceFileError(FtCostError):
    """A price file that cannot be read or does not validate (the message names file, entry, field)."""


class DataError(FtCostError):
    """Price data that is valid on its own but cannot answer this question."""


class NoCandidate(DataError):
    """No model in the price data fits what was asked for (e.g. a priority)."""


class NoBreakEven(FtCostError):
    """The fine-tuned route never costs less, so training is never paid back."""


class WorkbookError(FtCostError):
    """A workbook that is not ours, is damaged, or has a bad cell (the message names sheet and cell)."""
