"""Random draws the population needs beyond numpy's: fast single draws, distinct numbers."""

from __future__ import annotations

import random

import numpy as np

Rng = np.random.Generator


def python_random(rng: Rng) -> random.Random:
    """A Python generator seeded from `rng`: much faster than numpy for one draw at a time."""
    return random.Random(int(rng.integers(0, 2**62)))


def unique_ints(rng: Rng, lo: int, hi: int, n: int) -> np.ndarray:
    """n distinct integers in [lo, hi), in random order."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        draw = rng.integers(lo, hi, size=int((n - out.size) * 1.1) + 16, dtype=np.int64)
        merged = np.concatenate([out, draw])
        _, first = np.unique(merged, return_index=True)
        out = merged[np.sort(first)]
    return out[:n]


def hex_ids(rng: Rng, n: int) -> list[str]:
    vals = unique_ints(rng, 1 << 60, 1 << 63, n)
    return [f"{v:016x}" for v in vals.tolist()]
