"""Every id a transaction can name: the city's accounts first, then counterparties outside it
(billers, employers, other cities' accounts, ATM and AePS terminals, cash deposit machines).

Rows carry integer indices into this table; strings are only built when a chunk is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from cybersetu.identifiers.banks import BANKS
from cybersetu.synth.banking import BANK_INDEX
from cybersetu.synth.draws import Rng
from cybersetu.synth.people import Population

#: Billers and platforms people pay from the city: (id, median rupees, spread).
BILLERS: Final[tuple[tuple[str, float, float], ...]] = (
    ("kesco.kanpur@sbi", 1_800, 0.6),
    ("jiorecharge@okhdfcbank", 349, 0.4),
    ("airtelrecharge@airtel", 399, 0.4),
    ("vi.recharge@icici", 299, 0.4),
    ("bsnl.prepaid@sbi", 199, 0.5),
    ("tataplay.dth@ybl", 380, 0.4),
    ("lic.premium@axisbank", 6_500, 0.8),
    ("greengas.kanpur@icici", 850, 0.5),
    ("hpgas.booking@hdfcbank", 905, 0.05),
    ("kmc.propertytax@sbi", 2_400, 0.7),
    ("irctc.ticket@hdfcbank", 1_100, 0.8),
    ("amazon@apl", 900, 1.0),
    ("flipkart.payments@axisbank", 1_100, 1.0),
    ("zomato.order@hdfcbank", 420, 0.5),
    ("swiggy.stores@icici", 380, 0.6),
    ("blinkit.pay@hdfcbank", 450, 0.6),
    ("bajajfinance.emi@hdfcbank", 4_200, 0.6),
    ("schoolfees.dps@icici", 5_500, 0.5),
)

UPI_REMARKS: Final = (
    "groceries", "doodh", "sabzi", "rent", "fees", "medicine", "petrol", "party", "gift",
    "udhaar wapas", "loan return", "tuition", "kiraya", "dawai", "ghar kharch", "bijli bill",
    "recharge", "shaadi shagun", "mummy", "papa", "for books", "hostel", "canteen", "auto",
)  # fmt: skip


@dataclass
class IdTable:
    names: list[str]
    bank: list[int]  # index into BANKS, -1 when unknown
    n_accounts: int

    def add(self, name: str, bank: int) -> int:
        self.names.append(name)
        self.bank.append(bank)
        return len(self.names) - 1

    def add_many(self, names: list[str], banks: list[int]) -> np.ndarray:
        start = len(self.names)
        self.names.extend(names)
        self.bank.extend(banks)
        return np.arange(start, len(self.names), dtype=np.int64)


@dataclass
class Externals:
    billers: np.ndarray
    biller_median: np.ndarray
    biller_sigma: np.ndarray
    employers: np.ndarray
    pension: np.ndarray
    dbt: np.ndarray
    p2p: np.ndarray
    suppliers: np.ndarray
    atm: np.ndarray
    atm_bank: np.ndarray
    aeps: np.ndarray
    cdm: np.ndarray
    branch_cash: dict[str, int]


def _bank_acct(rng: Rng, prefix: str, length: int) -> str:
    code = int(rng.integers(0, 1_000_000))
    num = int(rng.integers(10 ** (length - 1), 10**length))
    return f"{prefix}0{code:06d}:{num}"


_BIG_BANKS: Final = ("SBIN", "HDFC", "ICIC", "UTIB", "PUNB", "BARB", "KKBK", "CNRB", "UBIN", "YESB")


def build_externals(pop: Population, table: IdTable, rng: Rng) -> Externals:
    n = pop.n
    billers = table.add_many([b[0] for b in BILLERS], [-1] * len(BILLERS))

    def accounts(k: int, banks: tuple[str, ...], length: int) -> np.ndarray:
        picks = [banks[int(rng.integers(0, len(banks)))] for _ in range(k)]
        return table.add_many(
            [_bank_acct(rng, p, length) for p in picks], [BANK_INDEX[p] for p in picks]
        )

    employers = accounts(max(20, n // 300), _BIG_BANKS, 14)
    pension = accounts(3, ("SBIN", "PUNB", "BARB"), 11)
    dbt = accounts(4, ("SBIN", "PUNB", "UBIN", "BARB"), 13)
    all_prefixes = tuple(b.ifsc_prefix for b in BANKS)
    p2p = accounts(max(200, n // 8), all_prefixes, 12)
    suppliers = accounts(max(50, n // 200), _BIG_BANKS, 14)
    atm_names, atm_banks = [], []
    aeps_names, aeps_banks = [], []
    cdm_names, cdm_banks = [], []
    for bi, b in enumerate(BANKS):
        k_atm = max(2, round(n / 2_500 * (1 if b.category.value != "payments" else 0.1)))
        for _ in range(k_atm):
            atm_names.append(f"ATM-{b.ifsc_prefix}-KNP{int(rng.integers(0, 100_000)):05d}")
            atm_banks.append(bi)
        if b.category.value in ("public", "payments", "small_finance"):
            for _ in range(max(2, n // 3_000)):
                aeps_names.append(f"AEPS-{b.ifsc_prefix}-BC{int(rng.integers(0, 1_000_000)):06d}")
                aeps_banks.append(bi)
        cdm_names.append(f"CDM-{b.ifsc_prefix}-KNP{int(rng.integers(0, 10_000)):04d}")
        cdm_banks.append(bi)
    atm_names, atm_banks = _dedupe(atm_names, atm_banks)
    aeps_names, aeps_banks = _dedupe(aeps_names, aeps_banks)
    atm = table.add_many(atm_names, atm_banks)
    aeps = table.add_many(aeps_names, aeps_banks)
    cdm = table.add_many(cdm_names, cdm_banks)
    return Externals(
        billers=billers,
        biller_median=np.array([b[1] for b in BILLERS]),
        biller_sigma=np.array([b[2] for b in BILLERS]),
        employers=employers,
        pension=pension,
        dbt=dbt,
        p2p=p2p,
        suppliers=suppliers,
        atm=atm,
        atm_bank=np.array(atm_banks, dtype=np.int64),
        aeps=aeps,
        cdm=cdm,
        branch_cash={},
    )


def _dedupe(names: list[str], banks: list[int]) -> tuple[list[str], list[int]]:
    seen: dict[str, int] = {}
    for nme, b in zip(names, banks, strict=True):
        seen.setdefault(nme, b)
    return list(seen), list(seen.values())


def branch_cash_id(ext: Externals, table: IdTable, ifsc: str, bank: int) -> int:
    """Cash paid over a branch counter: the branch (its IFSC) is the counterparty."""
    if ifsc not in ext.branch_cash:
        ext.branch_cash[ifsc] = table.add(ifsc, bank)
    return ext.branch_cash[ifsc]
