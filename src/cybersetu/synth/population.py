"""The city's account holders: who they are, where they bank, and their KYC records.

Everything per account is held in numpy arrays (for the vectorised daily generator) plus the
string columns of accounts.csv. Mules are ordinary rows with a mule kind, a ring and a window of
days in which the ring uses them; their KYC is rewritten to carry the loophole they came from.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Final

import numpy as np

from cybersetu.identifiers.banks import BANKS, Bank, BankCategory
from cybersetu.interchange import AccountType, KycMode
from cybersetu.reference.kanpur import CITY, LOCAL_STATIONS, STATE
from cybersetu.synth import names as nm
from cybersetu.synth.config import SynthConfig

Rng = np.random.Generator


class Persona(IntEnum):
    SALARIED = 0
    STUDENT = 1
    PENSIONER = 2
    SELF_EMPLOYED = 3
    JAN_DHAN = 4
    WALLET = 5
    BUSINESS = 6
    MERCHANT = 7
    DORMANT = 8


PERSONA_NAMES: Final = (
    "salaried",
    "student",
    "pensioner",
    "self_employed",
    "jan_dhan",
    "wallet_user",
    "small_business",
    "merchant",
    "dormant",
)
PERSONA_SHARE: Final = (0.26, 0.10, 0.07, 0.17, 0.12, 0.07, 0.07, 0.11, 0.03)


class MuleKind(IntEnum):
    NONE = 0
    SHARED_KYC = 1
    AGENT_BURST = 2
    NEW_CURRENT = 3
    DORMANT_REACTIVATED = 4
    RENTED_STUDENT = 5
    HARD = 6


MULE_KIND_NAMES: Final = (
    "",
    "mule_shared_kyc",
    "mule_agent_burst",
    "mule_new_current",
    "mule_dormant_reactivated",
    "mule_rented_student",
    "mule_hard",
)
MULE_KIND_SHARE: Final = (0.0, 0.30, 0.20, 0.12, 0.10, 0.13, 0.15)

MERCHANT_KINDS: Final = (
    "kirana",
    "wholesaler",
    "chemist",
    "petrol_pump",
    "jeweller",
    "electronics",
    "restaurant",
    "clothing",
)
MERCHANT_KIND_SHARE: Final = (0.30, 0.07, 0.12, 0.05, 0.06, 0.10, 0.16, 0.14)
MK: Final = {k: i for i, k in enumerate(MERCHANT_KINDS)}

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
_WALLET_PROVIDERS: Final = (("PYTM", 5.0), ("AIRP", 3.0), ("JIOP", 1.0), ("FINO", 1.0))

#: Account-number length per bank (payments banks use the mobile number where noted).
_ACCT_LEN: Final = {
    "SBIN": 11, "PUNB": 16, "BARB": 14, "CNRB": 13, "UBIN": 15, "BKID": 15, "IOBA": 15,
    "UCBA": 14, "CBIN": 10, "IDIB": 10, "MAHB": 11, "PSIB": 14, "HDFC": 14, "ICIC": 12,
    "UTIB": 15, "KKBK": 10, "YESB": 15, "INDB": 12, "IDFB": 11, "FDRL": 14, "RATN": 12,
    "BDBL": 14, "AUBL": 16, "ESFB": 15, "UJVN": 15, "JSFB": 16, "UTKS": 16, "SURY": 15,
    "AIRP": 10, "IPOS": 12, "FINO": 10, "PYTM": 10, "JIOP": 12, "UPCB": 12, "SRCB": 15,
    "COSB": 15, "SVCB": 15,
}  # fmt: skip
_PHONE_AS_ACCOUNT: Final = frozenset({"AIRP", "PYTM", "FINO"})
#: Payments banks have one IFSC for the whole bank.
_SINGLE_IFSC: Final = {
    "AIRP": "AIRP0000001", "IPOS": "IPOS0000001", "PYTM": "PYTM0123456", "FINO": "FINO0000001",
    "JIOP": "JIOP0000001",
}  # fmt: skip

_EMAIL_DOMAINS: Final = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "rediffmail.com",
    "outlook.com",
)
_POPULAR_HANDLES: Final = ("ybl", "oksbi", "okaxis", "okhdfcbank", "okicici", "paytm", "ibl", "axl")
_BANK_HANDLE: Final = {
    "SBIN": "sbi", "HDFC": "hdfcbank", "ICIC": "icici", "UTIB": "axisbank", "KKBK": "kotak",
    "PUNB": "pnb", "BARB": "barodampay", "CNRB": "cnrb", "UBIN": "unionbank", "AIRP": "airtel",
    "JIOP": "jio", "FDRL": "fbl", "IDFB": "idfcbank", "AUBL": "aubank", "INDB": "indus",
    "PYTM": "paytm",
}  # fmt: skip

BANK_INDEX: Final = {b.ifsc_prefix: i for i, b in enumerate(BANKS)}


@dataclass
class Branch:
    ifsc: str
    bank: int
    station: int
    locality: int


@dataclass
class RingKyc:
    """What a gang reuses when it opens accounts: its phones, handsets, rooms, agent, branch."""

    ring: int
    phones: list[str]
    devices: list[str]
    addresses: list[str]
    emails: list[str]
    agent: str
    agent_bank: int
    agent_branch: str
    burst_day: int
    branch: Branch
    branch_day: int


@dataclass
class Population:
    n: int
    ids: list[str]
    bank: np.ndarray
    persona: np.ndarray
    mkind: np.ndarray
    weight: np.ndarray
    active_from: np.ndarray
    income: np.ndarray
    station: np.ndarray
    locality: np.ndarray
    gender: np.ndarray
    muslim: np.ndarray
    first: np.ndarray
    last: np.ndarray
    employer: np.ndarray
    pay_day: np.ndarray
    mule_kind: np.ndarray
    ring: np.ndarray
    hard: np.ndarray
    layer: np.ndarray
    w0: np.ndarray
    w1: np.ndarray
    acct_no: list[str]
    cols: dict[str, list[str]]
    branches: list[Branch]
    rings: list[RingKyc] = field(default_factory=list)

    def is_mule(self) -> np.ndarray:
        return self.mule_kind > 0

    def by_persona(self, p: Persona) -> np.ndarray:
        return np.flatnonzero(self.persona == p)

    def hindi_name(self, i: int) -> str:
        return _given(self, i)[1] + " " + _surname(self, i)[1]


def _given(pop: Population, i: int) -> nm.Name:
    pool = (
        (nm.HINDU_MALE, nm.HINDU_FEMALE),
        (nm.MUSLIM_MALE, nm.MUSLIM_FEMALE),
    )[int(pop.muslim[i])][int(pop.gender[i])]
    return pool[int(pop.first[i]) % len(pool)]


def _surname(pop: Population, i: int) -> nm.Name:
    pool = nm.MUSLIM_SURNAMES if pop.muslim[i] else nm.HINDU_SURNAMES
    return pool[int(pop.last[i]) % len(pool)]


def person_name(pop: Population, i: int) -> str:
    return _given(pop, i)[0] + " " + _surname(pop, i)[0]


def _bank_probs(persona: int) -> np.ndarray:
    tilt = _CATEGORY_TILT.get(persona, {})
    w = np.array([_BANK_WEIGHT[b.ifsc_prefix] * tilt.get(b.category, 1.0) for b in BANKS])
    return np.asarray(w / w.sum())


def _mule_bank_probs() -> np.ndarray:
    w = np.array([_BANK_WEIGHT[b.ifsc_prefix] * _MULE_TILT.get(b.category, 1.0) for b in BANKS])
    return np.asarray(w / w.sum())


def _py(rng: Rng) -> random.Random:
    """A Python generator seeded from `rng`: much faster than numpy for one draw at a time."""
    return random.Random(int(rng.integers(0, 2**62)))


def _unique_ints(rng: Rng, lo: int, hi: int, n: int) -> np.ndarray:
    """n distinct integers in [lo, hi), in random order."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        draw = rng.integers(lo, hi, size=int((n - out.size) * 1.1) + 16, dtype=np.int64)
        merged = np.concatenate([out, draw])
        _, first = np.unique(merged, return_index=True)
        out = merged[np.sort(first)]
    return out[:n]


def _hex_ids(rng: Rng, n: int) -> list[str]:
    vals = _unique_ints(rng, 1 << 60, 1 << 63, n)
    return [f"{v:016x}" for v in vals.tolist()]


def _pan(pr: random.Random, holder: str, initial: str, used: set[str]) -> str:
    letters = string.ascii_uppercase
    while True:
        a = [pr.randrange(26) for _ in range(4)]
        pan = (
            letters[a[0]]
            + letters[a[1]]
            + letters[a[2]]
            + holder
            + initial
            + f"{pr.randrange(0, 10_000):04d}"
            + letters[a[3]]
        )
        if pan not in used:
            used.add(pan)
            return pan


def _house(pr: random.Random) -> str:
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


def _pick_locality(rng: Rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    st = rng.integers(0, len(LOCAL_STATIONS), size=n)
    n_loc = np.array([len(s.localities) for s in LOCAL_STATIONS])
    loc = (rng.random(n) * n_loc[st]).astype(np.int64)
    return st, loc


def _make_branches(rng: Rng) -> tuple[list[Branch], dict[int, list[int]]]:
    pr = _py(rng)
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
        st, loc = _pick_locality(rng, len(codes))
        per_bank[bi] = []
        for c, s, lo in zip(codes, st.tolist(), loc.tolist(), strict=True):
            per_bank[bi].append(len(branches))
            branches.append(Branch(c, bi, s, lo))
    return branches, per_bank


def _acct_number(pr: random.Random, prefix: str) -> str:
    length = _ACCT_LEN[prefix]
    lead = {"SBIN": "34", "PUNB": "0123456789", "ICIC": "0"}.get(prefix, "123456789")
    body = pr.randrange(0, 10 ** (length - 1))
    return lead[pr.randrange(0, len(lead))] + f"{body:0{length - 1}d}"


def build_population(cfg: SynthConfig, rng: Rng) -> Population:
    n = cfg.accounts
    persona = rng.choice(len(PERSONA_SHARE), size=n, p=np.array(PERSONA_SHARE)).astype(np.int8)
    mkind = np.full(n, -1, dtype=np.int8)
    is_m = persona == Persona.MERCHANT
    mkind[is_m] = rng.choice(
        len(MERCHANT_KINDS), size=int(is_m.sum()), p=np.array(MERCHANT_KIND_SHARE)
    )
    station, locality = _pick_locality(rng, n)
    muslim_area = np.isin(
        station, [i for i, s in enumerate(LOCAL_STATIONS) if s.code in _MUSLIM_AREAS]
    )
    muslim = (rng.random(n) < np.where(muslim_area, 0.6, 0.14)).astype(np.int8)
    gender = (rng.random(n) < np.where(persona == Persona.PENSIONER, 0.35, 0.42)).astype(np.int8)
    first = rng.integers(0, 10_000, size=n).astype(np.int16)
    last = rng.integers(0, 10_000, size=n).astype(np.int16)
    weight = rng.lognormal(0.0, 0.8, size=n)
    active_from = np.full(n, -10_000, dtype=np.int32)
    active_from[persona == Persona.DORMANT] = 1_000_000
    # A few ordinary accounts are opened while the ledger runs.
    newly = (rng.random(n) < 0.01) & (persona != Persona.DORMANT)
    active_from[newly] = rng.integers(0, cfg.days, size=int(newly.sum()))

    income = np.zeros(n, dtype=np.int64)
    inc_spec = {
        Persona.SALARIED: (28_000, 0.55),
        Persona.STUDENT: (3_000, 0.6),
        Persona.PENSIONER: (24_000, 0.5),
        Persona.SELF_EMPLOYED: (15_000, 0.5),
        Persona.JAN_DHAN: (6_000, 0.35),
        Persona.BUSINESS: (90_000, 0.7),
        Persona.MERCHANT: (70_000, 0.8),
        Persona.DORMANT: (12_000, 0.5),
    }
    for p, (med, sig) in inc_spec.items():
        sel = persona == p
        income[sel] = (
            np.round(rng.lognormal(np.log(med), sig, size=int(sel.sum())) / 500) * 500
        ).astype(np.int64)
    income[persona == Persona.SALARIED] = np.maximum(income[persona == Persona.SALARIED], 9_000)
    # Salaries: most on the 1st, some on the 7th or the last day of the month.
    pay_day = rng.choice(np.array([1, 1, 1, 1, 2, 3, 5, 7, 31]), size=n).astype(np.int8)
    employer = np.full(n, -1, dtype=np.int64)
    biz = np.flatnonzero(persona == Persona.BUSINESS)
    sal = np.flatnonzero(persona == Persona.SALARIED)
    local_emp = sal[rng.random(sal.size) < 0.4]
    if biz.size:
        employer[local_emp] = biz[rng.integers(0, biz.size, size=local_emp.size)]

    branches, per_bank = _make_branches(rng)
    bank = np.zeros(n, dtype=np.int16)
    for pi in range(len(PERSONA_SHARE)):
        sel = np.flatnonzero(persona == pi)
        if pi == Persona.WALLET:
            provs = np.array([BANK_INDEX[b] for b, _ in _WALLET_PROVIDERS])
            w = np.array([x for _, x in _WALLET_PROVIDERS])
            bank[sel] = provs[rng.choice(provs.size, size=sel.size, p=w / w.sum())]
        else:
            bank[sel] = rng.choice(len(BANKS), size=sel.size, p=_bank_probs(pi))

    pop = Population(
        n=n,
        ids=[],
        bank=bank,
        persona=persona,
        mkind=mkind,
        weight=weight,
        active_from=active_from,
        income=income,
        station=station.astype(np.int16),
        locality=locality.astype(np.int16),
        gender=gender,
        muslim=muslim,
        first=first,
        last=last,
        employer=employer,
        pay_day=pay_day,
        mule_kind=np.zeros(n, dtype=np.int8),
        ring=np.full(n, -1, dtype=np.int32),
        hard=np.zeros(n, dtype=bool),
        layer=np.zeros(n, dtype=np.int8),
        w0=np.zeros(n, dtype=np.int64),
        w1=np.zeros(n, dtype=np.int64),
        acct_no=[],
        cols={},
        branches=branches,
    )
    _choose_mules(cfg, pop, rng)
    _write_kyc(cfg, pop, rng, per_bank)
    return pop


_MUSLIM_AREAS: Final = frozenset({"CMG", "BKG", "ANW", "CLN", "JJM", "BBP", "MLG"})


def n_rings(accounts: int) -> int:
    return max(3, accounts // 4_000)


def _choose_mules(cfg: SynthConfig, pop: Population, rng: Rng) -> None:
    pr = _py(rng)
    n = pop.n
    n_mules = max(48, round(n * 0.012))
    rings = n_rings(n)
    kinds = rng.choice(len(MULE_KIND_SHARE), size=n_mules, p=np.array(MULE_KIND_SHARE))
    # Every ring needs a few shared-KYC mules, so the first 3 per ring are that kind.
    kinds[: 3 * rings] = MuleKind.SHARED_KYC
    ring_of = np.concatenate(
        [np.repeat(np.arange(rings), 3), rng.integers(0, rings, size=n_mules - 3 * rings)]
    )
    taken = np.zeros(n, dtype=bool)
    pools = {
        MuleKind.SHARED_KYC: (Persona.SELF_EMPLOYED, Persona.WALLET),
        MuleKind.AGENT_BURST: (Persona.JAN_DHAN,),
        MuleKind.NEW_CURRENT: (Persona.BUSINESS,),
        MuleKind.DORMANT_REACTIVATED: (Persona.SELF_EMPLOYED,),
        MuleKind.RENTED_STUDENT: (Persona.STUDENT,),
        MuleKind.HARD: (Persona.SALARIED, Persona.SELF_EMPLOYED, Persona.STUDENT),
    }
    # Employers (businesses that pay salaries) stay honest, so salaries never come from a mule.
    employers = np.zeros(n, dtype=bool)
    employers[pop.employer[pop.employer >= 0]] = True
    queues = {
        k: iter(
            rng.permutation(
                np.flatnonzero(np.isin(pop.persona, ps) & ~employers & (pop.active_from < 0))
            ).tolist()
        )
        for k, ps in pools.items()
    }
    for kind, ring in zip(kinds.tolist(), ring_of.tolist(), strict=True):
        i = next(c for c in queues[MuleKind(kind)] if not taken[c])
        taken[i] = True
        pop.mule_kind[i] = kind
        pop.ring[i] = ring
    pop.hard[:] = pop.mule_kind == MuleKind.HARD
    mules = np.flatnonzero(pop.mule_kind > 0)
    horizon = cfg.horizon_s
    for i in mules.tolist():
        kind = MuleKind(int(pop.mule_kind[i]))
        if kind in (MuleKind.RENTED_STUDENT, MuleKind.HARD, MuleKind.DORMANT_REACTIVATED):
            start = pr.uniform(0.2, 0.6) * horizon
        else:
            start = pr.uniform(0.0, 0.45) * horizon
        length = max(3 * 86_400, pr.uniform(0.35, 0.9) * horizon)
        pop.w0[i] = int(start)
        pop.w1[i] = int(min(horizon, start + length))
        if kind == MuleKind.DORMANT_REACTIVATED:
            pop.active_from[i] = int(start // 86_400)
        if kind in (MuleKind.SHARED_KYC, MuleKind.AGENT_BURST, MuleKind.NEW_CURRENT):
            pop.weight[i] *= 0.25  # little life of their own
    # Layers: victim-facing accounts first, firms and revived accounts further down.
    first_layer = np.isin(
        pop.mule_kind, [MuleKind.RENTED_STUDENT, MuleKind.HARD, MuleKind.AGENT_BURST]
    )
    deep = np.isin(pop.mule_kind, [MuleKind.NEW_CURRENT, MuleKind.DORMANT_REACTIVATED])
    for i in mules.tolist():
        if first_layer[i]:
            pop.layer[i] = 1 if pr.random() < 0.75 else 2
        elif deep[i]:
            pop.layer[i] = 2 + pr.randrange(0, 5)
        else:
            pop.layer[i] = 1 + pr.randrange(0, 3)
    # Mule accounts of the agent or branch bursts bank where that agent/branch works.
    probs = _mule_bank_probs()
    for i in np.flatnonzero(pop.mule_kind == MuleKind.SHARED_KYC).tolist():
        if pop.persona[i] != Persona.WALLET:
            pop.bank[i] = rng.choice(len(BANKS), p=probs)
    for i in np.flatnonzero(pop.mule_kind == MuleKind.NEW_CURRENT).tolist():
        pop.bank[i] = rng.choice(len(BANKS), p=probs)


def _write_kyc(cfg: SynthConfig, pop: Population, rng: Rng, per_bank: dict[int, list[int]]) -> None:
    pr = _py(rng)
    n = pop.n
    start_ord = cfg.start.toordinal()
    personas = pop.persona.tolist()
    banks = pop.bank.tolist()
    mkinds = pop.mkind.tolist()
    mule_kind = pop.mule_kind.tolist()

    phones_i = _unique_ints(rng, 6_000_000_000, 10_000_000_000, n + 4 * n_rings(n) + 16)
    phones = [str(x) for x in phones_i[:n].tolist()]
    spare_phones = [str(x) for x in phones_i[n:].tolist()]
    devices = _hex_ids(rng, n + 4 * n_rings(n))
    spare_devices = devices[n:]
    devices = devices[:n]
    has_device = rng.random(n) < np.select(
        [pop.persona == Persona.JAN_DHAN, pop.persona == Persona.PENSIONER], [0.35, 0.4], 0.8
    )
    has_email = rng.random(n) < np.select(
        [
            pop.persona == Persona.JAN_DHAN,
            pop.persona == Persona.PENSIONER,
            pop.persona == Persona.STUDENT,
        ],
        [0.1, 0.3, 0.9],
        0.6,
    )
    pan_p = {
        Persona.SALARIED: 0.85, Persona.BUSINESS: 0.97, Persona.MERCHANT: 0.95, Persona.PENSIONER: 0.6,
        Persona.SELF_EMPLOYED: 0.35, Persona.STUDENT: 0.15, Persona.JAN_DHAN: 0.02, Persona.DORMANT: 0.2,
    }  # fmt: skip
    has_pan = (
        rng.random(n)
        < np.array([pan_p.get(Persona(p), 0.0) for p in range(len(PERSONA_SHARE))])[pop.persona]
    )
    years = np.clip(rng.exponential(4.5, size=n) + 0.1, 0.1, 25)
    opened_day = start_ord - (years * 365).astype(np.int64)
    newly = (pop.active_from >= 0) & (pop.active_from < 1_000_000) & (pop.mule_kind == 0)
    opened_day[newly] = start_ord + pop.active_from[newly]
    opened_sec = rng.integers(10 * 3600, 16 * 3600, size=n)

    ids: list[str] = []
    acct_no: list[str] = []
    used_ids: set[str] = set()
    used_pan: set[str] = set()
    used_email: set[str] = set()
    cols: dict[str, list[str]] = {k: [] for k in _COLS}
    vpas: list[str] = []
    houses = [_house(pr) for _ in range(n)]
    ring_kyc = _ring_kyc(cfg, pop, rng, pr, spare_phones, spare_devices, per_bank)
    pop.rings = ring_kyc
    shared_seen: dict[int, int] = {}

    for i in range(n):
        p = personas[i]
        b = BANKS[banks[i]]
        mk = mule_kind[i]
        rk = ring_kyc[int(pop.ring[i])] if mk else None
        given, sur = _given(pop, i), _surname(pop, i)
        person = f"{given[0]} {sur[0]}"
        if p == Persona.MERCHANT:
            kind = MERCHANT_KINDS[mkinds[i]]
            holder = _shop_name(pr, sur[0], nm.MERCHANT_SUFFIXES[kind])
            acct_type = AccountType.MERCHANT
        elif p == Persona.BUSINESS:
            holder = _shop_name(pr, sur[0], nm.BUSINESS_SUFFIXES)
            acct_type = AccountType.CURRENT
        elif p == Persona.JAN_DHAN:
            holder, acct_type = person, AccountType.JAN_DHAN
        elif p == Persona.WALLET:
            holder, acct_type = person, AccountType.WALLET
        else:
            holder, acct_type = person, AccountType.SAVINGS
        if mk == MuleKind.NEW_CURRENT:
            acct_type = AccountType.CURRENT

        # KYC mode and where the account was opened.
        branch = pop.branches[per_bank[banks[i]][pr.randrange(0, len(per_bank[banks[i]]))]]
        agent = ""
        od = int(opened_day[i])
        osec = int(opened_sec[i])
        if p == Persona.WALLET:
            kyc = KycMode.MIN_KYC if pr.random() < 0.6 else KycMode.EKYC_OTP
        elif p == Persona.JAN_DHAN:
            kyc = KycMode.BC_AGENT if pr.random() < 0.55 else KycMode.BRANCH
        else:
            r = pr.random()
            digital = b.category in (
                BankCategory.PRIVATE,
                BankCategory.SMALL_FINANCE,
                BankCategory.PAYMENTS,
            )
            if r < (0.15 if digital else 0.03):
                kyc = KycMode.VIDEO
            elif r < (0.35 if digital else 0.12):
                kyc = KycMode.EKYC_OTP
            elif r < 0.16 and p in (Persona.SELF_EMPLOYED, Persona.DORMANT):
                kyc = KycMode.BC_AGENT
            else:
                kyc = KycMode.BRANCH
        if kyc == KycMode.BC_AGENT:
            agent = f"BC-{b.ifsc_prefix}-KNP-{pr.randrange(1, 400):04d}"

        phone = phones[i]
        device = devices[i] if has_device[i] else ""
        addr = address_of(houses[i], int(pop.station[i]), int(pop.locality[i]))
        if p == Persona.MERCHANT or p == Persona.BUSINESS:
            addr = f"Shop No. {pr.randrange(1, 90)}, " + addr
        email = ""
        if has_email[i]:
            email = _email(pr, given[0], sur[0], used_email)
        pan = ""
        if has_pan[i]:
            pan = _pan(
                pr, "F" if p in (Persona.MERCHANT, Persona.BUSINESS) else "P", sur[0][0], used_pan
            )
        status = "dormant" if p == Persona.DORMANT else "active"

        if rk is not None:
            (kyc, phone, device, addr, email, branch, agent, od, osec, b) = _mule_kyc(
                cfg,
                pop,
                pr,
                i,
                MuleKind(mk),
                rk,
                kyc,
                phone,
                device,
                addr,
                email,
                branch,
                agent,
                od,
                osec,
                shared_seen,
            )
            banks[i] = BANK_INDEX[b.ifsc_prefix]
            if mk == MuleKind.NEW_CURRENT:
                pan = _pan(pr, "F", sur[0][0], used_pan)
            if mk == MuleKind.HARD and not pan:
                pan = _pan(pr, "P", sur[0][0], used_pan)

        # The account id: IFSC:number for bank accounts, the VPA for wallets.
        if p == Persona.WALLET:
            ifsc, number = "", phone
            vpa = _unique_vpa(pr, f"{phone}", _wallet_handle(b.ifsc_prefix), used_ids)
            aid = vpa
        else:
            ifsc = branch.ifsc
            while True:
                number = (
                    phone
                    if (b.ifsc_prefix in _PHONE_AS_ACCOUNT and pr.random() < 0.7)
                    else _acct_number(pr, b.ifsc_prefix)
                )
                aid = f"{ifsc}:{number}"
                if aid not in used_ids:
                    break
            used_ids.add(aid)
            vpa = ""
            if (
                pr.random()
                < (0.92 if p == Persona.MERCHANT else 0.7 if p != Persona.JAN_DHAN else 0.35)
                or mk
            ):
                vpa = _make_vpa(pr, p, given[0], sur[0], phone, b.ifsc_prefix, holder, used_ids)
        ids.append(aid)
        acct_no.append(number)
        vpas.append(vpa)
        opened = f"{_ord_iso(od)}T{osec // 3600:02d}:{osec // 60 % 60:02d}:{osec % 60:02d}+05:30"
        opening_branch = (
            branch.ifsc
            if kyc in (KycMode.BRANCH, KycMode.BC_AGENT)
            else _digital_hub(b.ifsc_prefix)
        )
        cols["bank"].append(b.name)
        cols["ifsc"].append(ifsc)
        cols["holder_name"].append(holder)
        cols["account_type"].append(acct_type.value)
        cols["opened_at"].append(opened)
        cols["kyc_mode"].append(kyc.value)
        cols["phone"].append(phone)
        cols["email"].append(email)
        cols["address"].append(addr)
        cols["device_id"].append(device)
        cols["pan"].append(pan)
        cols["opening_branch"].append(opening_branch)
        cols["opening_agent"].append(agent)
        cols["status"].append(status)
        cols["declared_monthly_income"].append(str(int(pop.income[i])) if pop.income[i] else "")
    pop.bank[:] = np.array(banks, dtype=np.int16)
    pop.ids = ids
    pop.acct_no = acct_no
    cols["vpa"] = vpas
    pop.cols = cols
    _households(pop, rng)


_COLS: Final = (
    "bank", "ifsc", "holder_name", "account_type", "opened_at", "kyc_mode", "phone", "email",
    "address", "device_id", "pan", "opening_branch", "opening_agent", "status",
    "declared_monthly_income",
)  # fmt: skip


def _ord_iso(day_ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(day_ordinal).isoformat()


def _digital_hub(prefix: str) -> str:
    # Video-KYC and app openings are booked at the bank's central digital unit, not in Kanpur.
    return _SINGLE_IFSC.get(prefix, f"{prefix}0{(sum(map(ord, prefix)) * 7919) % 1_000_000:06d}")


def _shop_name(pr: random.Random, surname: str, suffixes: tuple[str, ...]) -> str:
    pre = nm.SHOP_PREFIXES[pr.randrange(0, len(nm.SHOP_PREFIXES))]
    if pr.random() < 0.25:
        pre = surname
    return f"{pre} {suffixes[pr.randrange(0, len(suffixes))]}"


def _email(pr: random.Random, given: str, sur: str, used: set[str]) -> str:
    g = given.split()[-1].lower()
    s = sur.lower()
    dom = _EMAIL_DOMAINS[pr.randrange(0, len(_EMAIL_DOMAINS))]
    forms = (f"{g}.{s}", f"{g}{s}", f"{g}_{s}", f"{g}{s[0]}", f"{s}.{g}")
    base = forms[pr.randrange(0, len(forms))]
    while True:
        e = f"{base}{pr.randrange(1, 999)}@{dom}" if pr.random() < 0.8 else f"{base}@{dom}"
        if e not in used:
            used.add(e)
            return e


def _wallet_handle(prefix: str) -> str:
    return {"PYTM": "paytm", "AIRP": "airtel", "JIOP": "jio"}.get(prefix, "fino")


def _make_vpa(
    pr: random.Random,
    p: int,
    given: str,
    sur: str,
    phone: str,
    prefix: str,
    holder: str,
    used: set[str],
) -> str:
    r = pr.random()
    handle = (
        _BANK_HANDLE.get(prefix, "upi")
        if pr.random() < 0.3
        else _POPULAR_HANDLES[pr.randrange(0, len(_POPULAR_HANDLES))]
    )
    if p == Persona.MERCHANT:
        if r < 0.4:
            return _unique_vpa(pr, f"paytmqr{pr.randrange(10**9, 10**10)}", "paytm", used)
        if r < 0.7:
            return _unique_vpa(pr, f"q{pr.randrange(10**8, 10**9)}", "ybl", used)
        slug = "".join(ch for ch in holder.lower() if ch.isalnum())[:16]
        return _unique_vpa(pr, slug, handle, used)
    g = "".join(ch for ch in given.lower() if ch.isalpha())
    if r < 0.4:
        return _unique_vpa(pr, phone, handle, used)
    if r < 0.7:
        return _unique_vpa(pr, f"{g}{sur.lower()}{pr.randrange(1, 100)}", handle, used)
    return _unique_vpa(pr, f"{g}.{sur.lower()[:3]}{pr.randrange(1, 10000)}", handle, used)


def _unique_vpa(pr: random.Random, user: str, handle: str, used: set[str]) -> str:
    v = f"{user}@{handle}"
    while v in used:
        v = f"{user}{pr.randrange(1, 100)}@{handle}"
    used.add(v)
    return v


def _ring_kyc(
    cfg: SynthConfig,
    pop: Population,
    rng: Rng,
    pr: random.Random,
    phones: list[str],
    devices: list[str],
    per_bank: dict[int, list[int]],
) -> list[RingKyc]:
    out = []
    agent_banks = [
        BANK_INDEX[b] for b in ("IPOS", "AIRP", "FINO", "SBIN", "PUNB", "BARB", "UTKS", "JSFB")
    ]
    for r in range(n_rings(pop.n)):
        k_phone = pr.randrange(1, 4)
        k_dev = pr.randrange(1, 4)
        ph = [phones.pop() for _ in range(k_phone)]
        dv = [devices.pop() for _ in range(k_dev)]
        st, lo = _pick_locality(rng, 2)
        addrs = [
            address_of(f"Room No. {pr.randrange(1, 30)}, {_house(pr)}", int(s), int(x))
            for s, x in zip(st, lo, strict=True)
        ]
        emails = [
            f"{w}{pr.randrange(10, 9999)}@gmail.com" for w in ("rk.enterprises", "kanpurjobs")
        ]
        ab = agent_banks[pr.randrange(0, len(agent_banks))]
        ab_prefix = BANKS[ab].ifsc_prefix
        agent_branch = pop.branches[per_bank[ab][pr.randrange(0, len(per_bank[ab]))]].ifsc
        cb = BANK_INDEX[("AUBL", "UJVN", "UTKS", "YESB", "IDFB", "UPCB", "INDB", "RATN")[r % 8]]
        branch = pop.branches[per_bank[cb][pr.randrange(0, len(per_bank[cb]))]]
        out.append(
            RingKyc(
                ring=r,
                phones=ph,
                devices=dv,
                addresses=addrs,
                emails=emails,
                agent=f"BC-{ab_prefix}-KNP-{pr.randrange(400, 999):04d}",
                agent_bank=ab,
                agent_branch=agent_branch,
                burst_day=cfg.start.toordinal() - pr.randrange(20, 200),
                branch=branch,
                branch_day=cfg.start.toordinal() - pr.randrange(5, 60),
            )
        )
    return out


def _mule_kyc(
    cfg: SynthConfig,
    pop: Population,
    pr: random.Random,
    i: int,
    kind: MuleKind,
    rk: RingKyc,
    kyc: KycMode,
    phone: str,
    device: str,
    addr: str,
    email: str,
    branch: Branch,
    agent: str,
    od: int,
    osec: int,
    shared_seen: dict[int, int],
) -> tuple[KycMode, str, str, str, str, Branch, str, int, int, Bank]:
    bank = BANKS[int(pop.bank[i])]
    if kind == MuleKind.SHARED_KYC:
        # Opened remotely on the gang's own handsets and numbers.
        kyc = (KycMode.VIDEO, KycMode.EKYC_OTP, KycMode.MIN_KYC)[pr.randrange(0, 3)]
        if pop.persona[i] == Persona.WALLET:
            kyc = KycMode.MIN_KYC
        order = shared_seen.get(rk.ring, 0)
        shared_seen[rk.ring] = order + 1
        if order < 2 or pr.random() < 0.6:
            phone = (
                rk.phones[order % len(rk.phones)]
                if order < 2
                else rk.phones[pr.randrange(0, len(rk.phones))]
            )
        if pr.random() < 0.7:
            device = rk.devices[pr.randrange(0, len(rk.devices))]
        if pr.random() < 0.4:
            addr = rk.addresses[pr.randrange(0, len(rk.addresses))]
        if pr.random() < 0.3:
            email = rk.emails[pr.randrange(0, len(rk.emails))]
        od = cfg.start.toordinal() - pr.randrange(1, 150)
        osec = pr.randrange(0, 86_400)
    elif kind == MuleKind.AGENT_BURST:
        kyc = KycMode.BC_AGENT
        agent = rk.agent
        bank = BANKS[rk.agent_bank]
        branch = next(b for b in pop.branches if b.ifsc == rk.agent_branch)
        od = rk.burst_day + pr.randrange(0, 3)
        osec = pr.randrange(9 * 3600, 19 * 3600)
        if pr.random() < 0.3:
            addr = rk.addresses[pr.randrange(0, len(rk.addresses))]
    elif kind == MuleKind.NEW_CURRENT:
        kyc = KycMode.BRANCH
        bank = BANKS[rk.branch.bank]
        branch = rk.branch
        od = min(
            rk.branch_day + pr.randrange(0, 4),
            cfg.start.toordinal() + int(pop.w0[i] // 86_400) - 1,
        )
        if pr.random() < 0.5:
            phone = rk.phones[pr.randrange(0, len(rk.phones))]
    elif kind == MuleKind.DORMANT_REACTIVATED:
        od = cfg.start.toordinal() - pr.randrange(4 * 365, 12 * 365)
        kyc = KycMode.BRANCH
    elif kind == MuleKind.HARD:
        kyc = KycMode.BRANCH if pr.random() < 0.8 else KycMode.EKYC_OTP
        od = cfg.start.toordinal() - pr.randrange(365, 8 * 365)
    return kyc, phone, device, addr, email, branch, agent, od, osec, bank


def _households(pop: Population, rng: Rng) -> None:
    pr = _py(rng)
    """Families share an address, sometimes a phone; a trader's shop account shares the owner's
    phone and PAN. Honest sharing, so shared KYC alone does not make a mule. Mules (except rented
    students, who live with their families) stay out of it."""
    n = pop.n
    eligible = (pop.mule_kind == 0) | (pop.mule_kind == MuleKind.RENTED_STUDENT)
    people = np.flatnonzero(eligible & np.isin(pop.persona, [0, 1, 2, 3, 4, 8]))
    members = people[rng.random(people.size) < 0.25]
    heads = people[rng.integers(0, people.size, size=members.size)]
    c = pop.cols
    for m, h in zip(members.tolist(), heads.tolist(), strict=True):
        if m == h:
            continue
        c["address"][m] = c["address"][h]
        pop.station[m], pop.locality[m] = pop.station[h], pop.locality[h]
        if pr.random() < 0.12:
            c["phone"][m] = c["phone"][h]
        if pr.random() < 0.08 and c["device_id"][h]:
            c["device_id"][m] = c["device_id"][h]
    shops = np.flatnonzero(eligible & np.isin(pop.persona, [Persona.MERCHANT, Persona.BUSINESS]))
    owners_pool = np.flatnonzero(
        (pop.mule_kind == 0) & np.isin(pop.persona, [Persona.SALARIED, Persona.SELF_EMPLOYED])
    )
    linked = shops[rng.random(shops.size) < 0.3]
    owners = owners_pool[rng.integers(0, owners_pool.size, size=linked.size)]
    for s, o in zip(linked.tolist(), owners.tolist(), strict=True):
        c["phone"][s] = c["phone"][o]
        if c["pan"][o]:
            c["pan"][s] = c["pan"][o]
    # Hard mules must not share any KYC value by accident (two houses with the same number).
    seen: dict[str, int] = {}
    for a in c["address"]:
        seen[a] = seen.get(a, 0) + 1
    for h in np.flatnonzero(pop.hard).tolist():
        while seen[c["address"][h]] > 1:
            seen[c["address"][h]] -= 1
            c["address"][h] = address_of(
                _house(pr) + " A", int(pop.station[h]), int(pop.locality[h])
            )
            seen[c["address"][h]] = seen.get(c["address"][h], 0) + 1
    if len(c["phone"]) != n:
        raise RuntimeError(f"{len(c['phone'])} KYC rows for {n} accounts")
