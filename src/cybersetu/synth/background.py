"""Ordinary life in the city, one day at a time, vectorised with numpy.

Each flow (shopping at merchants, person-to-person, bills, ATM cash, AePS, salaries, pensions,
DBT, rent, wholesale, business receipts, cash deposits, wallet top-ups, EMIs) draws its count
from a Poisson law scaled by the day (weekday, month start, festivals), picks senders by their
activity weight and stamps a time from an hourly profile (little happens at night).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np

from cybersetu.interchange import Channel
from cybersetu.synth.draws import Rng
from cybersetu.synth.externals import UPI_REMARKS, Externals, IdTable
from cybersetu.synth.people import Population
from cybersetu.synth.personas import MERCHANT_KINDS, MK, Persona

CHANNELS: Final = tuple(Channel)
CH: Final = {c: i for i, c in enumerate(CHANNELS)}
_UPI_LIKE: Final = np.array([CH[Channel.UPI], CH[Channel.WALLET]])
CASH_OUT_CODES: Final = np.array([CH[Channel.ATM], CH[Channel.CASH], CH[Channel.AEPS]])

#: Calibrated so that an average account makes about 0.67 payments a day.
RATE_SCALE: Final = 0.9


def _profile(weights: list[float]) -> np.ndarray:
    w = np.array(weights, dtype=float)
    return np.cumsum(w / w.sum())


# Hour-of-day profiles (0..23).
RETAIL_H: Final = _profile(
    [
        0.3,
        0.15,
        0.08,
        0.06,
        0.1,
        0.3,
        1,
        2.2,
        3.5,
        4.5,
        5.5,
        6.2,
        6.4,
        6,
        5.6,
        5.6,
        6,
        6.6,
        7.4,
        7.8,
        7.2,
        5.4,
        3.2,
        1.4,
    ]
)
P2P_H: Final = _profile(
    [0.6, 0.3, 0.15, 0.1, 0.15, 0.4, 1, 2, 3, 4, 5, 5.5, 5.5, 5, 5, 5, 5.5, 6, 6.5, 7, 7, 6, 4, 2]
)
BUSINESS_H: Final = _profile(
    [0, 0, 0, 0, 0, 0, 0, 0.2, 0.8, 2, 4, 5, 5, 4.5, 4.5, 4.5, 4, 3, 1.5, 0.6, 0.2, 0.05, 0, 0]
)
ATM_H: Final = _profile(
    [
        0.2,
        0.1,
        0.05,
        0.05,
        0.1,
        0.3,
        0.8,
        2,
        3.5,
        4.5,
        5,
        5,
        5,
        4.5,
        4.5,
        4.5,
        5,
        5.5,
        6,
        6,
        5,
        3.5,
        1.5,
        0.6,
    ]
)
NIGHT_FREE_H: Final = _profile(
    [0, 0, 0, 0, 0, 0, 0.2, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2.5, 2, 1, 0.3, 0]
)

#: Per sender persona: (retail, p2p, bills, atm, aeps) payments per account per day.
_RATES: Final[dict[int, tuple[float, float, float, float, float]]] = {
    Persona.SALARIED: (0.62, 0.13, 0.07, 0.05, 0.0),
    Persona.STUDENT: (0.42, 0.12, 0.04, 0.02, 0.0),
    Persona.PENSIONER: (0.22, 0.05, 0.05, 0.06, 0.02),
    Persona.SELF_EMPLOYED: (0.42, 0.12, 0.05, 0.06, 0.01),
    Persona.JAN_DHAN: (0.12, 0.05, 0.01, 0.02, 0.07),
    Persona.WALLET: (0.6, 0.14, 0.08, 0.0, 0.0),
    Persona.BUSINESS: (0.2, 0.06, 0.06, 0.03, 0.0),
    Persona.MERCHANT: (0.08, 0.04, 0.05, 0.01, 0.0),
}
#: Which kind of shop a retail payment goes to, and what it costs there: (median, sigma, max).
_KIND_SHARE: Final = np.array([0.36, 0.015, 0.13, 0.12, 0.015, 0.04, 0.2, 0.12])
_KIND_AMOUNT: Final = (
    (240.0, 0.9, 15_000.0),
    (4_000.0, 1.0, 200_000.0),
    (320.0, 0.8, 20_000.0),
    (500.0, 0.6, 6_000.0),
    (16_000.0, 1.0, 500_000.0),
    (3_500.0, 1.1, 150_000.0),
    (280.0, 0.7, 8_000.0),
    (1_200.0, 0.8, 40_000.0),
)

#: Festivals: (first day, last day, overall retail factor, per-kind multipliers).
_FESTIVALS: Final[tuple[tuple[date, date, float, dict[str, float]], ...]] = (
    (
        date(2025, 9, 22),
        date(2025, 10, 2),
        1.1,
        {"clothing": 1.6, "restaurant": 1.2},
    ),  # Navratri, Dussehra
    (
        date(2025, 10, 15),
        date(2025, 10, 17),
        1.15,
        {"jeweller": 2.0, "electronics": 1.8, "clothing": 1.8},
    ),
    (
        date(2025, 10, 18),
        date(2025, 10, 19),
        1.3,
        {"jeweller": 8.0, "electronics": 4.0, "clothing": 2.0},
    ),  # Dhanteras
    (
        date(2025, 10, 20),
        date(2025, 10, 23),
        1.3,
        {"kirana": 1.5, "restaurant": 1.6, "clothing": 2.0},
    ),  # Diwali
    (date(2025, 12, 24), date(2026, 1, 1), 1.1, {"restaurant": 1.6}),
    (date(2026, 3, 1), date(2026, 3, 4), 1.2, {"kirana": 1.5, "clothing": 1.6}),  # Holi
    (date(2026, 3, 17), date(2026, 3, 21), 1.15, {"clothing": 1.8, "restaurant": 1.5}),  # Eid
    (
        date(2026, 11, 4),
        date(2026, 11, 6),
        1.3,
        {"jeweller": 6.0, "electronics": 3.5, "clothing": 2.0},
    ),  # Dhanteras
    (date(2026, 11, 7), date(2026, 11, 10), 1.3, {"kirana": 1.5, "restaurant": 1.6}),  # Diwali
)


def festival(d: date) -> tuple[float, np.ndarray]:
    mult = np.ones(len(MERCHANT_KINDS))
    factor = 1.0
    for a, b, f, per_kind in _FESTIVALS:
        if a <= d <= b:
            factor *= f
            for k, m in per_kind.items():
                mult[MK[k]] *= m
    if d.month in (11, 12, 1, 2):  # wedding season
        mult[MK["jeweller"]] *= 1.4
        mult[MK["clothing"]] *= 1.2
    return factor, mult


@dataclass
class Chunk:
    ts: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    amount: np.ndarray
    channel: np.ndarray
    remark: np.ndarray
    fkey: np.ndarray

    @staticmethod
    def concat(parts: list[Chunk]) -> Chunk:
        return Chunk(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))

    def take(self, idx: np.ndarray) -> Chunk:
        return Chunk(*(getattr(self, f)[idx] for f in _FIELDS))

    def __len__(self) -> int:
        return int(self.ts.size)


_FIELDS: Final = ("ts", "src", "dst", "amount", "channel", "remark", "fkey")


def day_times(rng: Rng, day: int, k: int, profile: np.ndarray) -> np.ndarray:
    """`k` times on `day` (seconds since the ledger's start) with the hourly `profile`."""
    hours = np.minimum(np.searchsorted(profile, rng.random(k)), 23)
    return day * 86_400 + hours * 3_600 + rng.integers(0, 3_600, size=k)


def chunk_of(
    ts: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    amount: np.ndarray,
    channel: np.ndarray | int,
    remark: np.ndarray | int = -1,
) -> Chunk:
    """Rows that are not fraud rows (`fkey` -1)."""
    k = ts.size
    return Chunk(
        ts=ts.astype(np.int64),
        src=src.astype(np.int64),
        dst=dst.astype(np.int64),
        amount=amount.astype(np.int64),
        channel=np.broadcast_to(np.asarray(channel, dtype=np.int8), (k,)).copy(),
        remark=np.broadcast_to(np.asarray(remark, dtype=np.int32), (k,)).copy(),
        fkey=np.full(k, -1, dtype=np.int64),
    )


class _Sampler:
    """Draws account indices with probability proportional to their activity weight."""

    def __init__(self, members: np.ndarray, weight: np.ndarray) -> None:
        self.members = members
        self.cdf = np.cumsum(weight[members]) if members.size else np.zeros(0)

    def draw(self, rng: Rng, k: int) -> np.ndarray:
        if k == 0 or self.members.size == 0:
            return np.zeros(0, dtype=np.int64)
        u = rng.random(k) * self.cdf[-1]
        picked: np.ndarray = self.members[
            np.minimum(np.searchsorted(self.cdf, u), self.members.size - 1)
        ]
        return picked

    def __len__(self) -> int:
        return int(self.members.size)


class Remarks:
    """The remarks vocabulary: each distinct text is stored once and rows keep an index."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def idx(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]


class Background:
    def __init__(
        self,
        pop: Population,
        table: IdTable,
        ext: Externals,
        remarks: Remarks,
        mule_active_s: np.ndarray,
    ) -> None:
        self.pop = pop
        self.ext = ext
        self.remarks = remarks
        w = pop.weight
        self.by_persona = {p: _Sampler(pop.by_persona(p), w) for p in Persona}
        self.people = _Sampler(
            np.flatnonzero(np.isin(pop.persona, [0, 1, 2, 3, 4, 5]) & (pop.mule_kind == 0)), w
        )
        self.landlords = _Sampler(
            np.flatnonzero(np.isin(pop.persona, [Persona.PENSIONER, Persona.SELF_EMPLOYED])), w
        )
        shop_w = pop.weight * 3
        self.shops = [
            _Sampler(np.flatnonzero(pop.mkind == k), shop_w) for k in range(len(MERCHANT_KINDS))
        ]
        small = np.flatnonzero(
            np.isin(pop.mkind, [MK["kirana"], MK["chemist"], MK["petrol_pump"], MK["restaurant"]])
        )
        self.everyday_shops = _Sampler(small, shop_w)
        n_ids = len(table.names)
        self.n_ids = n_ids
        self.active_from = np.full(n_ids, -10_000, dtype=np.int64)
        self.active_from[: pop.n] = pop.active_from
        self.is_merchant = np.zeros(n_ids, dtype=bool)
        self.is_merchant[: pop.n] = pop.persona == Persona.MERCHANT
        self.mule_active_s = np.full(n_ids, np.iinfo(np.int64).max, dtype=np.int64)
        self.mule_active_s[: pop.n] = mule_active_s
        self.bank = np.array(table.bank, dtype=np.int64)
        # Each salaried person outside a local firm works for one outside employer.
        self.employer = np.where(
            pop.employer >= 0,
            pop.employer,
            ext.employers[np.arange(pop.n) % ext.employers.size],
        )
        self.salary_remark_cache: dict[str, int] = {}
        self.upi_remarks = np.array([remarks.idx(r) for r in UPI_REMARKS])

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _lognormal_paise(
        rng: Rng, k: int, median: float, sigma: float, lo: float, hi: float
    ) -> np.ndarray:
        rupees = np.clip(rng.lognormal(np.log(median), sigma, size=k), lo, hi)
        return np.round(rupees).astype(np.int64) * 100

    # -- one day -----------------------------------------------------------------------------
    def day(self, rng: Rng, day: int, d: date) -> Chunk:
        parts: list[Chunk] = []
        wd = d.weekday()
        fest, kind_mult = festival(d)
        retail_f = fest * (1.12 if wd == 6 else 1.0) * (1.12 if d.day <= 7 else 1.0)
        biz_f = 0.35 if wd == 6 else (0.85 if wd == 5 else 1.0)
        kind_p = _KIND_SHARE * kind_mult
        kind_p = kind_p / kind_p.sum()
        for p, (r_retail, r_p2p, r_bill, r_atm, r_aeps) in _RATES.items():
            sampler = self.by_persona[Persona(p)]
            n_p = len(sampler)
            if n_p == 0:
                continue
            f = RATE_SCALE * (biz_f if p in (Persona.BUSINESS, Persona.MERCHANT) else 1.0)
            parts.append(
                self._retail(
                    rng, day, sampler, rng.poisson(r_retail * n_p * retail_f * f), kind_p, p
                )
            )
            parts.append(self._p2p(rng, day, sampler, rng.poisson(r_p2p * n_p * f)))
            parts.append(self._bills(rng, day, sampler, rng.poisson(r_bill * n_p * f)))
            if p != Persona.WALLET:
                parts.append(self._atm(rng, day, sampler, rng.poisson(r_atm * n_p * fest)))
            if r_aeps:
                parts.append(self._aeps(rng, day, sampler, rng.poisson(r_aeps * n_p)))
        parts.extend(self._monthly(rng, day, d))
        parts.extend(self._earnings(rng, day, biz_f))
        parts.append(self._trade(rng, day, biz_f * fest))
        c = Chunk.concat([p for p in parts if len(p)])
        return self._apply_rules(rng, day, c)

    def _retail(
        self, rng: Rng, day: int, sampler: _Sampler, k: int, kind_p: np.ndarray, persona: int
    ) -> Chunk:
        src = sampler.draw(rng, k)
        kinds = rng.choice(len(MERCHANT_KINDS), size=k, p=kind_p)
        dst = np.zeros(k, dtype=np.int64)
        amount = np.zeros(k, dtype=np.int64)
        for kind in range(len(MERCHANT_KINDS)):
            sel = np.flatnonzero(kinds == kind)
            if sel.size == 0:
                continue
            shops = self.shops[kind] if len(self.shops[kind]) else self.everyday_shops
            dst[sel] = shops.draw(rng, sel.size)
            med, sig, hi = _KIND_AMOUNT[kind]
            amount[sel] = self._lognormal_paise(rng, sel.size, med, sig, 10, hi)
        fuel = kinds == MK["petrol_pump"]
        round_fuel = fuel & (rng.random(k) < 0.5)
        amount[round_fuel] = (np.ceil(amount[round_fuel] / 10_000) * 10_000).astype(np.int64)
        odd = fuel & ~round_fuel
        amount[odd] += rng.integers(0, 100, size=int(odd.sum()))
        card = rng.random(k) < np.where(
            np.isin(kinds, [MK["jeweller"], MK["electronics"], MK["clothing"]]), 0.35, 0.06
        )
        ch = np.where(card, CH[Channel.CARD], CH[Channel.UPI])
        if persona == Persona.WALLET:
            ch = np.where(rng.random(k) < 0.5, CH[Channel.WALLET], CH[Channel.UPI])
        remark = np.where(
            rng.random(k) < 0.03,
            self.upi_remarks[rng.integers(0, self.upi_remarks.size, size=k)],
            -1,
        )
        return chunk_of(day_times(rng, day, k, RETAIL_H), src, dst, amount, ch, remark)

    def _p2p(self, rng: Rng, day: int, sampler: _Sampler, k: int) -> Chunk:
        src = sampler.draw(rng, k)
        local = rng.random(k) < 0.72
        dst = np.where(
            local,
            self.people.draw(rng, k),
            self.ext.p2p[rng.integers(0, self.ext.p2p.size, size=k)],
        )
        rupees = np.clip(rng.lognormal(np.log(900), 1.1, size=k), 1, 150_000)
        r = rng.random(k)
        rupees = np.where(
            r < 0.45,
            np.round(rupees / 100) * 100,
            np.where(r < 0.75, np.round(rupees / 10) * 10, np.round(rupees)),
        )
        amount = np.maximum(rupees, 1).astype(np.int64) * 100
        big = amount > 5_000_000
        ch = np.where(
            big, CH[Channel.IMPS], np.where(rng.random(k) < 0.9, CH[Channel.UPI], CH[Channel.IMPS])
        )
        ch = np.where(big & (rng.random(k) < 0.4), CH[Channel.NEFT], ch)
        remark = np.where(
            rng.random(k) < 0.08,
            self.upi_remarks[rng.integers(0, self.upi_remarks.size, size=k)],
            -1,
        )
        # An inflow from another city for some: relatives sending money home.
        inflow = ~local & (rng.random(k) < 0.5)
        src2 = np.where(inflow, dst, src)
        dst2 = np.where(inflow, src, dst)
        return chunk_of(day_times(rng, day, k, P2P_H), src2, dst2, amount, ch, remark)

    def _bills(self, rng: Rng, day: int, sampler: _Sampler, k: int) -> Chunk:
        src = sampler.draw(rng, k)
        b = rng.integers(0, self.ext.billers.size, size=k)
        rupees = rng.lognormal(np.log(self.ext.biller_median[b]), self.ext.biller_sigma[b])
        amount = np.round(np.maximum(rupees, 10) * 100).astype(np.int64)
        whole = rng.random(k) < 0.6
        amount[whole] = (amount[whole] // 100) * 100
        return chunk_of(
            day_times(rng, day, k, RETAIL_H), src, self.ext.billers[b], amount, CH[Channel.UPI]
        )

    _ATM_AMOUNTS: Final = np.array(
        [500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 15000, 20000]
    )
    _ATM_P: Final = np.array([6, 12, 5, 14, 4, 8, 6, 14, 4, 5, 10, 3, 5], dtype=float)

    def _atm(self, rng: Rng, day: int, sampler: _Sampler, k: int) -> Chunk:
        src = sampler.draw(rng, k)
        amount = (
            rng.choice(self._ATM_AMOUNTS, size=k, p=self._ATM_P / self._ATM_P.sum()).astype(
                np.int64
            )
            * 100
        )
        # Mostly an ATM of one's own bank.
        own = rng.random(k) < 0.7
        pick = rng.integers(0, self.ext.atm.size, size=k)
        own_bank = self.bank[src]
        same = np.flatnonzero(own)
        if same.size:
            order = np.argsort(self.ext.atm_bank, kind="stable")
            sorted_banks = self.ext.atm_bank[order]
            lo = np.searchsorted(sorted_banks, own_bank[same], side="left")
            hi = np.searchsorted(sorted_banks, own_bank[same], side="right")
            has = hi > lo
            off = (rng.random(same.size) * np.maximum(hi - lo, 1)).astype(np.int64)
            pick[same[has]] = order[lo[has] + off[has]]
        return chunk_of(
            day_times(rng, day, k, ATM_H), src, self.ext.atm[pick], amount, CH[Channel.ATM]
        )

    def _aeps(self, rng: Rng, day: int, sampler: _Sampler, k: int) -> Chunk:
        src = sampler.draw(rng, k)
        amount = (
            rng.choice(np.array([200, 500, 1000, 1500, 2000, 3000, 5000, 10000]), size=k).astype(
                np.int64
            )
            * 100
        )
        dst = self.ext.aeps[rng.integers(0, self.ext.aeps.size, size=k)]
        return chunk_of(day_times(rng, day, k, NIGHT_FREE_H), src, dst, amount, CH[Channel.AEPS])

    #: People without a salary still earn: (persona, payments a day, median rupees, local payers).
    _EARNINGS: Final = (
        (Persona.SELF_EMPLOYED, 0.36, 1_100.0, 0.6),  # tutors, electricians, drivers, tailors
        (Persona.JAN_DHAN, 0.10, 1_800.0, 0.5),  # daily and weekly wages
        (Persona.STUDENT, 0.07, 2_000.0, 0.3),  # money from home, stipends
        (Persona.WALLET, 0.26, 900.0, 0.2),  # top-ups and payments received
        (Persona.PENSIONER, 0.03, 2_000.0, 0.5),  # rent, family
    )

    def _earnings(self, rng: Rng, day: int, f: float) -> list[Chunk]:
        out = []
        local_payers = self.by_persona[Persona.BUSINESS]
        for p, rate, median, local_share in self._EARNINGS:
            earners = self.by_persona[p]
            k = rng.poisson(rate * len(earners) * f)
            dst = earners.draw(rng, k)
            local = rng.random(k) < local_share
            src = np.where(
                local,
                np.where(rng.random(k) < 0.5, local_payers.draw(rng, k), self.people.draw(rng, k)),
                self.ext.p2p[rng.integers(0, self.ext.p2p.size, size=k)],
            )
            amount = (np.round(rng.lognormal(np.log(median), 0.8, size=k) / 10) * 10).astype(
                np.int64
            ) * 100
            amount = np.maximum(amount, 1_000)
            ch = np.where(
                p == Persona.WALLET,
                CH[Channel.WALLET],
                np.where(rng.random(k) < 0.85, CH[Channel.UPI], CH[Channel.IMPS]),
            )
            out.append(chunk_of(day_times(rng, day, k, P2P_H), src, dst, amount, ch))
        return out

    def _remark(self, text: str) -> int:
        return self.remarks.idx(text)

    def _monthly(self, rng: Rng, day: int, d: date) -> list[Chunk]:
        pop, ext = self.pop, self.ext
        out: list[Chunk] = []
        last_day = (d + timedelta(days=1)).day == 1
        month = d.strftime("%b %Y").upper()
        # Salaries.
        sal = self.by_persona[Persona.SALARIED].members
        due = sal[(pop.pay_day[sal] == d.day) | ((pop.pay_day[sal] == 31) & last_day)]
        if due.size:
            amount = pop.income[due] * 100 - np.where(
                rng.random(due.size) < 0.3, rng.integers(0, 150_000, size=due.size), 0
            )
            ch = np.where(rng.random(due.size) < 0.85, CH[Channel.NEFT], CH[Channel.IMPS])
            out.append(
                chunk_of(
                    day_times(rng, day, due.size, BUSINESS_H),
                    self.employer[due],
                    due,
                    amount,
                    ch,
                    self._remark(f"SALARY {month}"),
                )
            )
        if d.day == 1:
            pen = self.by_persona[Persona.PENSIONER].members
            src = ext.pension[pen % ext.pension.size]
            out.append(
                chunk_of(
                    day_times(rng, day, pen.size, BUSINESS_H),
                    src,
                    pen,
                    pop.income[pen] * 100,
                    CH[Channel.NEFT],
                    self._remark(f"PENSION {month}"),
                )
            )
        if d.day in (1, 2, 3, 4, 5):
            stu = self.by_persona[Persona.STUDENT].members
            stu = stu[(stu % 5) == d.day - 1]
            stu = stu[rng.random(stu.size) < 0.8]
            parents = np.where(
                rng.random(stu.size) < 0.6,
                ext.p2p[stu % ext.p2p.size],
                self.people.draw(rng, stu.size),
            )
            amount = (
                rng.choice(np.array([2000, 3000, 5000, 7000, 10000, 15000]), size=stu.size).astype(
                    np.int64
                )
                * 100
            )
            out.append(
                chunk_of(
                    day_times(rng, day, stu.size, P2P_H),
                    parents,
                    stu,
                    amount,
                    CH[Channel.UPI],
                    self._remark("pocket money"),
                )
            )
        if d.day in (1, 2, 3, 4, 5, 6, 7):
            tenants = np.concatenate(
                [
                    self.by_persona[Persona.SALARIED].members,
                    self.by_persona[Persona.STUDENT].members,
                ]
            )
            tenants = tenants[(tenants % 7 == d.day - 1) & (tenants % 3 == 0)]
            landlords = self.landlords.draw(rng, tenants.size)
            amount = (
                np.round(rng.lognormal(np.log(6000), 0.45, size=tenants.size) / 500) * 500
            ).astype(np.int64) * 100
            ch = np.where(rng.random(tenants.size) < 0.8, CH[Channel.UPI], CH[Channel.IMPS])
            out.append(
                chunk_of(
                    day_times(rng, day, tenants.size, P2P_H),
                    tenants,
                    landlords,
                    amount,
                    ch,
                    self._remark(f"rent {d.strftime('%b').lower()}"),
                )
            )
            emi = self.by_persona[Persona.SALARIED].members
            emi = emi[(emi % 4 == 0) & (emi % 7 == d.day - 1)]
            nbfc = ext.billers[16]
            amount = (np.round(rng.lognormal(np.log(4200), 0.6, size=emi.size))).astype(
                np.int64
            ) * 100
            out.append(
                chunk_of(
                    day_times(rng, day, emi.size, BUSINESS_H),
                    emi,
                    np.full(emi.size, nbfc),
                    amount,
                    CH[Channel.OTHER],
                    self._remark("NACH DR BAJAJ FINANCE"),
                )
            )
        if d.day == 15 or (d.day == 16 and d.weekday() == 0):
            jd = self.by_persona[Persona.JAN_DHAN].members
            jd = jd[rng.random(jd.size) < 0.35]
            src = ext.dbt[rng.integers(0, ext.dbt.size, size=jd.size)]
            amount = (
                rng.choice(np.array([500, 1000, 1500, 2000, 6000]), size=jd.size).astype(np.int64)
                * 100
            )
            out.append(
                chunk_of(
                    day_times(rng, day, jd.size, BUSINESS_H),
                    src,
                    jd,
                    amount,
                    CH[Channel.NEFT],
                    self._remark("DBT PFMS"),
                )
            )
        return out

    def _trade(self, rng: Rng, day: int, f: float) -> Chunk:
        ext = self.ext
        parts: list[Chunk] = []
        # Shops buy stock from wholesalers (local ones or outside suppliers).
        shops = self.by_persona[Persona.MERCHANT]
        k = rng.poisson(0.12 * len(shops) * f)
        src = shops.draw(rng, k)
        local = (rng.random(k) < 0.6) & (len(self.shops[MK["wholesaler"]]) > 0)
        dst = np.where(
            local,
            self.shops[MK["wholesaler"]].draw(rng, k) if local.any() else 0,
            ext.suppliers[rng.integers(0, ext.suppliers.size, size=k)],
        )
        amount = self._lognormal_paise(rng, k, 15_000, 1.0, 500, 1_500_000)
        ch = np.where(
            amount >= 20_000_000,
            CH[Channel.RTGS],
            np.where(rng.random(k) < 0.5, CH[Channel.NEFT], CH[Channel.IMPS]),
        )
        ch = np.where((rng.random(k) < 0.05) & (amount < 20_000_000), CH[Channel.CHEQUE], ch)
        parts.append(chunk_of(day_times(rng, day, k, BUSINESS_H), src, dst, amount, ch))
        # Firms are paid by customers and pay their suppliers.
        firms = self.by_persona[Persona.BUSINESS]
        for inflow in (True, False):
            k = rng.poisson(0.14 * len(firms) * f)
            firm = firms.draw(rng, k)
            other = ext.suppliers[rng.integers(0, ext.suppliers.size, size=k)]
            amount = self._lognormal_paise(rng, k, 22_000, 1.0, 500, 2_500_000)
            ch = np.where(
                amount >= 20_000_000,
                CH[Channel.RTGS],
                np.where(rng.random(k) < 0.6, CH[Channel.NEFT], CH[Channel.IMPS]),
            )
            s, t = (other, firm) if inflow else (firm, other)
            parts.append(chunk_of(day_times(rng, day, k, BUSINESS_H), s, t, amount, ch))
        # Shops and firms deposit the day's cash.
        dep = np.concatenate([shops.members, firms.members])
        dep = dep[rng.random(dep.size) < 0.07 * f]
        cdm = ext.cdm[self.bank[dep] % ext.cdm.size] if dep.size else dep
        amount = (np.round(rng.lognormal(np.log(15_000), 0.8, size=dep.size) / 100) * 100).astype(
            np.int64
        ) * 100
        parts.append(
            chunk_of(day_times(rng, day, dep.size, BUSINESS_H), cdm, dep, amount, CH[Channel.CASH])
        )
        # Wallet users top up from their bank accounts elsewhere.
        wal = self.by_persona[Persona.WALLET]
        k = rng.poisson(0.06 * len(wal))
        w = wal.draw(rng, k)
        amount = rng.choice(np.array([200, 500, 1000, 2000, 5000]), size=k).astype(np.int64) * 100
        parts.append(
            chunk_of(
                day_times(rng, day, k, P2P_H),
                ext.p2p[w % ext.p2p.size],
                w,
                amount,
                CH[Channel.WALLET],
                self._remark("wallet top-up"),
            )
        )
        return Chunk.concat([p for p in parts if len(p)] or parts)

    def _apply_rules(self, rng: Rng, day: int, c: Chunk) -> Chunk:
        # Nobody pays from or to an account that is not open (or still dormant) on that day.
        keep = (
            (self.active_from[c.src] <= day) & (self.active_from[c.dst] <= day) & (c.src != c.dst)
        )
        c = c.take(np.flatnonzero(keep))
        # UPI and wallets carry at most a lakh: bigger payments go by IMPS, or by card at a shop.
        big = np.isin(c.channel, _UPI_LIKE) & (c.amount > 10_000_000)
        c.channel[big] = np.where(self.is_merchant[c.dst[big]], CH[Channel.CARD], CH[Channel.IMPS])
        # Once a mule has received fraud money its background debits go to shops or are cash;
        # the others become shop payments. What it still pays people (rent, family) comes from
        # `fraud.lives`, at rates that are documented and measured, not from these flows.
        after = c.ts >= self.mule_active_s[c.src]
        bad = after & ~self.is_merchant[c.dst] & ~np.isin(c.channel, CASH_OUT_CODES)
        idx = np.flatnonzero(bad)
        if idx.size:
            c.dst[idx] = self.everyday_shops.draw(rng, idx.size)
            c.channel[idx] = CH[Channel.UPI]
            c.amount[idx] = np.minimum(c.amount[idx], 300_000)
        return c
