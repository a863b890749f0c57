"""The harder city's honest look-alikes (`SynthConfig.hard`): ordinary people whose payments have
the shapes of laundering, so a model that learnt "many in, many out, on a schedule" is wrong.

- `remittance`: 2-4 earners (mostly in other towns, outside the data) send a parent in the city
  money every month after payday; a few days later the parent pays 2-4 relatives.
- `chit`: a foreman collects an equal instalment from 10-40 members within three days of the
  group's date, and on the third day pays the pot (less the 5% commission the Chit Funds Act
  allows) to one member, a different one each month: gather-scatter in one account.
- `salary`: an employer of the city pays 6-30 staff on one day within 90 minutes: fan-out.
- `supplier`: a shop pays its 2-4 wholesalers on the same weekday every week: a small fan-out.

The accounts are ordinary holders of the city (their KYC and the rest of their life are
unchanged), never mules or taken-over accounts; `role` names what each one is (labels.csv
`lookalike`). Their rows are made per day from their own random stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np

from cybersetu.interchange import Channel
from cybersetu.synth.background import (
    BUSINESS_H,
    CH,
    P2P_H,
    Chunk,
    Remarks,
    chunk_of,
    day_times,
)
from cybersetu.synth.draws import Rng
from cybersetu.synth.externals import Externals
from cybersetu.synth.people import Population
from cybersetu.synth.personas import MK, Persona

ROLES: Final = (
    "",
    "remittance_parent",
    "remittance_relative",
    "remittance_earner",
    "chit_foreman",
    "chit_member",
    "salary_employer",
    "salary_staff",
    "supplier_shop",
)
_ROLE: Final = {r: i for i, r in enumerate(ROLES)}
#: Accounts of the city per group of each kind (at least two groups of each).
ACCOUNTS_PER: Final = {"remittance": 1_000, "chit": 4_000, "salary": 2_000, "supplier": 1_000}
CHIT_COMMISSION: Final = 0.05
_P = Persona
_UPI, _IMPS, _NEFT, _RTGS = (CH[c] for c in (Channel.UPI, Channel.IMPS, Channel.NEFT, Channel.RTGS))
_HOME_REMARKS: Final = ("ghar kharch", "mummy", "papa", "for home", "", "")
_GIVE_REMARKS: Final = ("fees", "dawai", "shagun", "ghar kharch", "", "", "")
_CHIT_REMARKS: Final = ("chit", "committee", "BC", "kitty", "kameti", "")


@dataclass
class _Monthly:
    """Payments that recur on a day of the month (31: the last day)."""

    src: np.ndarray
    dst: np.ndarray
    dom: np.ndarray
    paise: np.ndarray
    remark: np.ndarray
    jitter: float  # lognormal spread from month to month (0: the same amount every time)
    hour: np.ndarray | None = None  # all at this hour (payroll), else the person-to-person clock


@dataclass
class _Chit:
    foreman: int
    members: np.ndarray
    date: int  # instalments on date..date+2, the pot on date+3
    paise: int


def _channel(paise: np.ndarray, rng: Rng, upi: float) -> np.ndarray:
    """UPI for small amounts (up to a lakh), else IMPS, NEFT and RTGS from two lakh."""
    small = np.where(rng.random(paise.size) < upi, _UPI, _IMPS)
    big = np.where(paise >= 20_000_000, _RTGS, np.where(rng.random(paise.size) < 0.6, _NEFT, _IMPS))
    return np.where(paise <= 10_000_000, small, big)


class Lookalikes:
    def __init__(self, pop: Population, ext: Externals, remarks: Remarks, rng: Rng) -> None:
        self.rng = rng
        self.remarks = remarks
        self.role = np.zeros(pop.n, dtype=np.int8)
        self.free = (pop.mule_kind == 0) & ~pop.takeover & (pop.active_from < 0)
        self.pop, self.ext = pop, ext
        n = pop.n
        groups = {k: max(2, n // per) for k, per in ACCOUNTS_PER.items()}
        self.monthly: list[_Monthly] = []
        self.chits = [self._chit() for _ in range(groups["chit"])]
        self._remittances(groups["remittance"])
        self._salaries(groups["salary"])
        self._suppliers(groups["supplier"])

    # -- choosing the people -----------------------------------------------------------------
    def _take(self, pool: np.ndarray, k: int, role: str) -> np.ndarray:
        cand = np.flatnonzero(pool & self.free)
        picked = self.rng.choice(cand, size=min(k, cand.size), replace=False)
        self.free[picked] = False
        self.role[picked] = _ROLE[role]
        return np.sort(picked).astype(np.int64)

    def _personas(self, *ps: Persona) -> np.ndarray:
        return np.isin(self.pop.persona, ps)

    def _outside(self, k: int) -> np.ndarray:
        p2p = self.ext.p2p
        return p2p[self.rng.choice(p2p.size, size=k, replace=False)].astype(np.int64)

    def _remarks(self, options: tuple[str, ...], k: int) -> np.ndarray:
        idx = np.array([self.remarks.idx(o) if o else -1 for o in options], dtype=np.int32)
        return idx[self.rng.integers(0, idx.size, size=k)]

    def _rupees(self, median: float, sigma: float, k: int, unit: int) -> np.ndarray:
        rupees = self.rng.lognormal(np.log(median), sigma, size=k)
        return np.maximum(unit, np.round(rupees / unit) * unit).astype(np.int64) * 100

    # -- the four kinds ----------------------------------------------------------------------
    def _remittances(self, groups: int) -> None:
        rng = self.rng
        parents = self._take(
            self._personas(_P.PENSIONER, _P.JAN_DHAN, _P.SELF_EMPLOYED), groups, "remittance_parent"
        )
        src, dst, dom, paise, out_dst, out_dom, out_paise = [], [], [], [], [], [], []
        for p in parents.tolist():
            k = int(rng.integers(2, 5))
            away = rng.random(k) < 0.7
            local = self._take(self._personas(_P.SALARIED), int((~away).sum()), "remittance_earner")
            earners = np.concatenate([self._outside(int(away.sum())), local])
            days = rng.integers(1, 8, size=earners.size)
            sent = self._rupees(7_000, 0.5, earners.size, 500)
            src.append(earners)
            dst.append(np.full(earners.size, p))
            dom.append(days)
            paise.append(sent)
            # A few days after the last of them: to relatives in the city and elsewhere.
            k = int(rng.integers(2, 5))
            near = rng.random(k) < 0.5
            people = self._personas(
                _P.SALARIED, _P.STUDENT, _P.PENSIONER, _P.SELF_EMPLOYED, _P.JAN_DHAN
            )
            rel = np.concatenate(
                [
                    self._take(people, int(near.sum()), "remittance_relative"),
                    self._outside(int((~near).sum())),
                ]
            )
            share = rng.uniform(0.6, 1.4, size=rel.size)
            give = sent.sum() * rng.uniform(0.5, 0.9) * share / share.sum()
            out_dst.append(rel)
            out_dom.append(np.full(rel.size, int(days.max()) + int(rng.integers(1, 5))))
            out_paise.append(np.maximum(10_000, np.round(give / 10_000) * 10_000).astype(np.int64))
        if not src:
            return
        self.monthly.append(
            _Monthly(
                np.concatenate(src),
                np.concatenate(dst),
                np.concatenate(dom),
                np.concatenate(paise),
                self._remarks(_HOME_REMARKS, sum(s.size for s in src)),
                0.15,
            )
        )
        out_src = np.concatenate(
            [np.full(d.size, p) for p, d in zip(parents.tolist(), out_dst, strict=True)]
        )
        self.monthly.append(
            _Monthly(
                out_src,
                np.concatenate(out_dst),
                np.concatenate(out_dom),
                np.concatenate(out_paise),
                self._remarks(_GIVE_REMARKS, out_src.size),
                0.2,
            )
        )

    def _chit(self) -> _Chit:
        rng = self.rng
        foreman = self._take(
            self._personas(_P.SELF_EMPLOYED, _P.BUSINESS)
            | np.isin(self.pop.mkind, [MK["kirana"], MK["clothing"]]),
            1,
            "chit_foreman",
        )
        people = self._personas(
            _P.SALARIED, _P.SELF_EMPLOYED, _P.PENSIONER, _P.BUSINESS, _P.MERCHANT
        )
        members = self._take(people, int(rng.integers(10, 41)), "chit_member")
        rupees = int(rng.choice(np.array([1_000, 2_000, 2_500, 5_000, 10_000])))
        return _Chit(
            int(foreman[0]), rng.permutation(members), int(rng.integers(1, 6)), rupees * 100
        )

    def _salaries(self, groups: int) -> None:
        rng = self.rng
        employers = self._take(
            self._personas(_P.BUSINESS)
            | np.isin(self.pop.mkind, [MK["restaurant"], MK["clothing"], MK["wholesaler"]]),
            groups,
            "salary_employer",
        )
        src, dst, dom, hour = [], [], [], []
        for e in employers.tolist():
            staff = self._take(
                self._personas(_P.JAN_DHAN, _P.SELF_EMPLOYED),
                int(rng.integers(6, 31)),
                "salary_staff",
            )
            src.append(np.full(staff.size, e))
            dst.append(staff)
            dom.append(np.full(staff.size, int(rng.choice(np.array([1, 1, 1, 2, 3, 5, 7, 31])))))
            hour.append(np.full(staff.size, int(rng.integers(10, 17))))
        k = sum(s.size for s in src)
        self.monthly.append(
            _Monthly(
                np.concatenate(src),
                np.concatenate(dst),
                np.concatenate(dom),
                self._rupees(11_000, 0.35, k, 500),
                np.full(k, -2, np.int32),
                0.0,
                np.concatenate(hour),
            )
        )

    def _suppliers(self, groups: int) -> None:
        rng = self.rng
        kinds = [MK[k] for k in ("kirana", "chemist", "restaurant", "clothing", "electronics")]
        shops = self._take(np.isin(self.pop.mkind, kinds), groups, "supplier_shop")
        wholesalers = np.flatnonzero(self.pop.mkind == MK["wholesaler"])
        src, dst, wd = [], [], []
        for s in shops.tolist():
            k = int(rng.integers(2, 5))
            local = (rng.random(k) < 0.6) & (wholesalers.size >= k)
            near = (
                rng.choice(wholesalers, size=int(local.sum()), replace=False)
                if local.any()
                else local[:0]
            )
            far = self.ext.suppliers[
                rng.choice(self.ext.suppliers.size, size=int((~local).sum()), replace=False)
            ]
            to = np.concatenate([near, far]).astype(np.int64)
            src.append(np.full(to.size, s))
            dst.append(to)
            wd.append(np.full(to.size, int(rng.integers(0, 6))))  # Monday to Saturday
        self.sup_src, self.sup_dst = np.concatenate(src), np.concatenate(dst)
        self.sup_wd = np.concatenate(wd)
        self.sup_paise = self._rupees(9_000, 0.6, self.sup_src.size, 1)

    # -- one day -----------------------------------------------------------------------------
    def day(self, rng: Rng, day: int, d: date) -> Chunk:
        parts = []
        last = (d + timedelta(days=1)).day == 1
        salary = self.remarks.idx(f"SALARY {d.strftime('%b %Y').upper()}")
        for f in self.monthly:
            sel = np.flatnonzero((f.dom == d.day) | ((f.dom == 31) & last))
            k = sel.size
            paise = f.paise[sel]
            if f.jitter:
                paise = np.maximum(
                    10_000, np.round(paise * rng.lognormal(0, f.jitter, k) / 10_000) * 10_000
                ).astype(np.int64)
            if f.hour is None:
                ts = day_times(rng, day, k, P2P_H)
                ch = _channel(paise, rng, 0.85)
            else:  # a payroll run: NEFT or IMPS within 90 minutes
                ts = day * 86_400 + f.hour[sel] * 3_600 + rng.integers(0, 5_400, size=k)
                ch = np.where(rng.random(k) < 0.75, _NEFT, _IMPS)
            remark = np.where(f.remark[sel] == -2, salary, f.remark[sel])
            parts.append(chunk_of(ts, f.src[sel], f.dst[sel], paise, ch, remark))
        parts.extend(self._chit_day(rng, day, d))
        sel = np.flatnonzero(self.sup_wd == d.weekday())
        paise = (
            (self.sup_paise[sel] * rng.lognormal(0, 0.3, sel.size)).astype(np.int64) // 100 * 100
        )
        ts = day_times(rng, day, sel.size, BUSINESS_H)
        parts.append(
            chunk_of(ts, self.sup_src[sel], self.sup_dst[sel], paise, _channel(paise, rng, 0.3))
        )
        return Chunk.concat(parts)

    def _chit_day(self, rng: Rng, day: int, d: date) -> list[Chunk]:
        out = []
        month = d.year * 12 + d.month
        for g, c in enumerate(self.chits):
            k = c.members.size
            if c.date <= d.day <= c.date + 2:  # each member pays on one of three days
                payers = c.members[(np.arange(k) + month) % 3 == d.day - c.date]
                paise = np.full(payers.size, c.paise, dtype=np.int64)
                ts = day_times(rng, day, payers.size, P2P_H)
                remark = self._remarks(_CHIT_REMARKS, 1)[0]
                out.append(
                    chunk_of(
                        ts,
                        payers,
                        np.full(payers.size, c.foreman),
                        paise,
                        _channel(paise, rng, 0.8),
                        int(remark),
                    )
                )
            elif d.day == c.date + 3:  # the pot, to this month's member
                winner = c.members[(month + g) % k : (month + g) % k + 1]
                pot = np.array([int(c.paise * k * (1 - CHIT_COMMISSION)) // 100 * 100])
                ts = day * 86_400 + np.array([int(rng.integers(11 * 3_600, 18 * 3_600))])
                out.append(
                    chunk_of(ts, np.array([c.foreman]), winner, pot, _channel(pot, rng, 0.0))
                )
        return out

    def counts(self) -> dict[str, int]:
        return {r: int((self.role == i).sum()) for i, r in enumerate(ROLES) if i}
