"""Homes in the city: house numbers, localities of the police stations, postal addresses."""

from __future__ import annotations

import random
import string

import numpy as np

from cybersetu.reference.kanpur import CITY, LOCAL_STATIONS, STATE
from cybersetu.synth.draws import Rng


def house_number(pr: random.Random) -> str:
    r = pr.randrange(0, 6)
    a, b = pr.randrange(1, 400), pr.randrange(1, 120)
    return (
        f"{a}/{b}",
        f"H.No. {a}",
        f"{string.ascii_uppercase[b % 8]}-{a}",
        f"MIG-{a}",
        f"LIG-{b}",
        f"{a}/{b} Ka",
    )[r]


def address_of(house: str, station: int, locality: int) -> str:
    loc = LOCAL_STATIONS[station].localities[locality]
    return f"{house}, {loc.name}, {CITY}, {STATE} {loc.pincode}"


def pick_locality(rng: Rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    st = rng.integers(0, len(LOCAL_STATIONS), size=n)
    n_loc = np.array([len(s.localities) for s in LOCAL_STATIONS])
    loc = (rng.random(n) * n_loc[st]).astype(np.int64)
    return st, loc
