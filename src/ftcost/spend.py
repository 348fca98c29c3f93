"""Monthly spend ↔ monthly tokens: `tokens_from_spend`, `blended_per_million`, `SpendVolume`.

The arithmetic is the engine's base route (`ftcost.engine.spend`, on the engine's kernel); this
module keeps the public name `ftcost.spend`."""

from .engine.spend import SpendVolume, blended_per_million, tokens_from_spend

__all__ = ["SpendVolume", "blended_per_million", "tokens_from_spend"]
