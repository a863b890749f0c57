"""The city's account holders before any KYC is written: persona, name, home, income,
employer and bank. Everything per account is a numpy array (for the vectorised daily generator)
plus, once KYC is written, the string columns of accounts.csv."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import numpy as np

from cybersetu.identifiers.banks import BANKS
from cybersetu.reference.kanpur import LOCAL_STATIONS
from cybersetu.synth import names as nm
from cybersetu.synth.addresses import pick_locality
from cybersetu.synth.banking import (
    BANK_INDEX,
    WALLET_PROVIDERS,
    Branch,
    bank_probs,
    make_branches,
)
from cybersetu.synth.config import SynthConfig
from cybersetu.synth.draws import Rng
from cybersetu.synth.personas import (
    MERCHANT_KIND_SHARE,
    MERCHANT_KINDS,
    PERSONA_SHARE,
    Persona,
)

if TYPE_CHECKING:
    from cybersetu.synth.mule_kyc import RingKyc


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
    takeover: np.ndarray  # an honest account whose credentials a ring stole (see takeover.py)
    acct_no: list[str]
    cols: dict[str, list[str]]
    branches: list[Branch]
    rings: list[RingKyc] = field(default_factory=list)

    def is_mule(self) -> np.ndarray:
        return self.mule_kind > 0

    def by_persona(self, p: Persona) -> np.ndarray:
        return np.flatnonzero(self.persona == p)

    def hindi_name(self, i: int) -> str:
        return given_name(self, i)[1] + " " + surname(self, i)[1]


def given_name(pop: Population, i: int) -> nm.Name:
    pool = (
        (nm.HINDU_MALE, nm.HINDU_FEMALE),
        (nm.MUSLIM_MALE, nm.MUSLIM_FEMALE),
    )[int(pop.muslim[i])][int(pop.gender[i])]
    return pool[int(pop.first[i]) % len(pool)]


def surname(pop: Population, i: int) -> nm.Name:
    pool = nm.MUSLIM_SURNAMES if pop.muslim[i] else nm.HINDU_SURNAMES
    return pool[int(pop.last[i]) % len(pool)]


def person_name(pop: Population, i: int) -> str:
    return given_name(pop, i)[0] + " " + surname(pop, i)[0]


_MUSLIM_AREAS: Final = frozenset({"CMG", "BKG", "ANW", "CLN", "JJM", "BBP", "MLG"})


def build_people(cfg: SynthConfig, rng: Rng) -> tuple[Population, dict[int, list[int]]]:
    """The holders without mules or KYC yet, and the branches of each bank (by bank index)."""
    n = cfg.accounts
    persona = rng.choice(len(PERSONA_SHARE), size=n, p=np.array(PERSONA_SHARE)).astype(np.int8)
    mkind = np.full(n, -1, dtype=np.int8)
    is_m = persona == Persona.MERCHANT
    mkind[is_m] = rng.choice(
        len(MERCHANT_KINDS), size=int(is_m.sum()), p=np.array(MERCHANT_KIND_SHARE)
    )
    station, locality = pick_locality(rng, n)
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

    branches, per_bank = make_branches(rng)
    bank = np.zeros(n, dtype=np.int16)
    for pi in range(len(PERSONA_SHARE)):
        sel = np.flatnonzero(persona == pi)
        if pi == Persona.WALLET:
            provs = np.array([BANK_INDEX[b] for b, _ in WALLET_PROVIDERS])
            w = np.array([x for _, x in WALLET_PROVIDERS])
            bank[sel] = provs[rng.choice(provs.size, size=sel.size, p=w / w.sum())]
        else:
            bank[sel] = rng.choice(len(BANKS), size=sel.size, p=bank_probs(pi))

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
        takeover=np.zeros(n, dtype=bool),
        acct_no=[],
        cols={},
        branches=branches,
    )
    return pop, per_bank
