"""Where people bank: market shares of the banks by persona, and the branches in the city."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from cybersetu.identifiers.banks import BANKS, BankCategory
from cybersetu.synth.addresses import pick_locality
from cybersetu.synth.draws import Rng, python_random
from cybersetu.synth.personas import Persona

#: Market weight of each bank in the city (rough share of accounts).
_BANK_WEIGHT: Final = {
    "SBIN": 22, "PUNB": 12, "BARB": 8, "CNRB": 5, "UBIN": 6, "BKID": 4, "IOBA": 2, "UCBA": 2,
    "CBIN": 3, "IDIB": 3, "MAHB": 1, "PSIB": 1, "HDFC": 7, "ICIC": 6, "UTIB": 5, "KKBK": 3,
    "YESB": 1, "INDB": 1.5, "IDFB": 1.5, "FDRL": 0.8, "RATN": 0.5, "BDBL": 1.5, "AUBL": 1,
    "ESFB": 0.5, "UJVN": 0.6, "JSFB": 0.4, "UTKS": 0.8, "SURY": 0.3, "AIRP": 2, "IPOS": 2.5,
    "FINO": 1, "PYTM": 1, "JIOP": 0.3, "UPCB": 1, "SRCB": 0.3, "COSB": 0.3, "SVCB": 0.2,
}  # fmt: skip

_C = BankCategory
#: Multipliers on the bank weight by category, per persona (who banks where).
_CATEGORY_TILT: Final[dict[int, dict[BankCategory, float]]] = {
    Persona.SALARIED: {_C.PRIVATE: 1.4, _C.PAYMENTS: 0.2},
    Persona.STUDENT: {_C.PRIVATE: 1.5, _C.PAYMENTS: 1.0},
    Persona.PENSIONER: {_C.PUBLIC: 1.6, _C.PRIVATE: 0.4, _C.PAYMENTS: 0.2, _C.SMALL_FINANCE: 0.2, _C.COOPERATIVE: 1.5},
    Persona.SELF_EMPLOYED: {_C.PAYMENTS: 0.8},
    Persona.JAN_DHAN: {_C.PUBLIC: 1.5, _C.PAYMENTS: 3.0, _C.PRIVATE: 0.1, _C.SMALL_FINANCE: 0.5},
    Persona.BUSINESS: {_C.PRIVATE: 1.5, _C.COOPERATIVE: 2.0, _C.PAYMENTS: 0.05},
    Persona.MERCHANT: {_C.PRIVATE: 1.5, _C.COOPERATIVE: 2.0, _C.PAYMENTS: 0.1},
    Persona.DORMANT: {_C.PUBLIC: 1.5, _C.PAYMENTS: 0.3},
}  # fmt: skip
#: Video-KYC and app-opened accounts cluster at digital-first banks.
_MULE_TILT: Final[dict[BankCategory, float]] = {
    _C.PRIVATE: 2.0, _C.SMALL_FINANCE: 4.0, _C.PAYMENTS: 2.0, _C.COOPERATIVE: 1.5,
}  # fmt: skip
WALLET_PROVIDERS: Final = (("PYTM", 5.0), ("AIRP", 3.0), ("JIOP", 1.0), ("FINO", 1.0))

#: Payments banks have one IFSC for the whole bank.
_SINGLE_IFSC: Final = {
    "AIRP": "AIRP0000001", "IPOS": "IPOS0000001", "PYTM": "PYTM0123456", "FINO": "FINO0000001",
    "JIOP": "JIOP0000001",
}  # fmt: skip


BANK_INDEX: Final = {b.ifsc_prefix: i for i, b in enumerate(BANKS)}


@dataclass
class Branch:
    ifsc: str
    bank: int
    station: int
    locality: int


def bank_probs(persona: int) -> np.ndarray:
    tilt = _CATEGORY_TILT.get(persona, {})
    w = np.array([_BANK_WEIGHT[b.ifsc_prefix] * tilt.get(b.category, 1.0) for b in BANKS])
    return np.asarray(w / w.sum())


def mule_bank_probs() -> np.ndarray:
    w = np.array([_BANK_WEIGHT[b.ifsc_prefix] * _MULE_TILT.get(b.category, 1.0) for b in BANKS])
    return np.asarray(w / w.sum())


def make_branches(rng: Rng) -> tuple[list[Branch], dict[int, list[int]]]:
    pr = python_random(rng)
    branches: list[Branch] = []
    per_bank: dict[int, list[int]] = {}
    total = sum(_BANK_WEIGHT.values())
    used: set[str] = set()
    for bi, bank in enumerate(BANKS):
        p = bank.ifsc_prefix
        if p in _SINGLE_IFSC:
            codes = [_SINGLE_IFSC[p]]
        else:
            k = int(np.clip(round(_BANK_WEIGHT[p] / total * 260), 1, 60))
            codes = []
            while len(codes) < k:
                c = f"{p}0{pr.randrange(0, 1_000_000):06d}"
                if c not in used:
                    used.add(c)
                    codes.append(c)
        st, loc = pick_locality(rng, len(codes))
        per_bank[bi] = []
        for c, s, lo in zip(codes, st.tolist(), loc.tolist(), strict=True):
            per_bank[bi].append(len(branches))
            branches.append(Branch(c, bi, s, lo))
    return branches, per_bank


def digital_hub(prefix: str) -> str:
    # Video-KYC and app openings are booked at the bank's central digital unit, not in Kanpur.
    return _SINGLE_IFSC.get(prefix, f"{prefix}0{(sum(map(ord, prefix)) * 7919) % 1_000_000:06d}")
