"""Fraud: gangs (rings) of mule accounts, victims paying them, and the money moving on.

A plain Python event loop (a few thousand events) that writes rows in the same integer form as
the background generator; the day loop merges them in. A ring moves its money only to its other
mules (and the honest accounts it has taken over), to merchants, to cash-out terminals or to
frontier accounts (outside the city's data, never paying anything out). Mules also live ordinary
lives out of the same balance (`lives`): rent to a landlord, money home, a phone from a shop, so
stolen money reaches honest people too. The harder city (`SynthConfig.hard`) adds slow
laundering shapes after the events (`laundering`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from cybersetu.identifiers.banks import BANKS
from cybersetu.interchange import AccountType, Channel, ModusOperandi
from cybersetu.synth.background import CH
from cybersetu.synth.banking import BANK_INDEX
from cybersetu.synth.config import SynthConfig
from cybersetu.synth.externals import Externals, IdTable, branch_cash_id
from cybersetu.synth.laundering import add_shapes, set_aside
from cybersetu.synth.people import Population
from cybersetu.synth.personas import MK, MuleKind, Persona

MO = ModusOperandi
MOS: Final = tuple(ModusOperandi)


@dataclass(frozen=True)
class MoSpec:
    weight: float
    payments: tuple[int, int]
    total_median: float  # rupees
    total_sigma: float
    span_days: tuple[float, float]
    direct_frontier: float  # share of payments going straight out of the city's data
    victims: dict[Persona, float]
    hours: tuple[int, int]


_P = Persona
_EVERYONE: Final[dict[Persona, float]] = {
    _P.SALARIED: 3,
    _P.STUDENT: 2,
    _P.PENSIONER: 1.5,
    _P.SELF_EMPLOYED: 2,
    _P.BUSINESS: 1,
    _P.MERCHANT: 1,
    _P.WALLET: 1,
}

MO_SPECS: Final[dict[ModusOperandi, MoSpec]] = {
    MO.UPI_QR_SCAM: MoSpec(0.12, (1, 3), 9_000, 0.9, (0, 0.05), 0.05, {**_EVERYONE, _P.MERCHANT: 3}, (9, 21)),
    MO.FAKE_KYC_UPDATE: MoSpec(0.07, (1, 2), 45_000, 0.9, (0, 0.05), 0.08, {_P.SALARIED: 2, _P.PENSIONER: 3, _P.SELF_EMPLOYED: 2, _P.JAN_DHAN: 1}, (9, 20)),
    MO.OTP_VISHING: MoSpec(0.08, (1, 3), 30_000, 0.9, (0, 0.05), 0.05, {_P.SALARIED: 2, _P.PENSIONER: 2, _P.SELF_EMPLOYED: 2, _P.JAN_DHAN: 2}, (9, 20)),
    MO.DIGITAL_ARREST: MoSpec(0.04, (2, 6), 900_000, 0.8, (1, 7), 0.15, {_P.PENSIONER: 4, _P.SALARIED: 3, _P.BUSINESS: 1}, (10, 18)),
    MO.INVESTMENT_TRADING: MoSpec(0.10, (3, 8), 700_000, 1.0, (3, 20), 0.25, {_P.SALARIED: 4, _P.BUSINESS: 3, _P.PENSIONER: 1, _P.MERCHANT: 1}, (9, 22)),
    MO.TASK_JOB_SCAM: MoSpec(0.12, (3, 8), 90_000, 1.0, (0.5, 5), 0.1, {_P.STUDENT: 4, _P.SELF_EMPLOYED: 3, _P.SALARIED: 2}, (8, 23)),
    MO.SEXTORTION: MoSpec(0.05, (1, 4), 40_000, 0.8, (0, 3), 0.05, {_P.STUDENT: 3, _P.SALARIED: 3, _P.SELF_EMPLOYED: 2}, (19, 24)),
    MO.FAKE_CUSTOMER_CARE: MoSpec(0.07, (1, 2), 35_000, 0.9, (0, 0.05), 0.05, _EVERYONE, (9, 21)),
    MO.LOAN_APP: MoSpec(0.06, (2, 6), 18_000, 0.8, (2, 12), 0.1, {_P.SELF_EMPLOYED: 3, _P.STUDENT: 2, _P.JAN_DHAN: 2, _P.SALARIED: 1}, (8, 22)),
    MO.ONLINE_SHOPPING: MoSpec(0.09, (1, 1), 6_000, 0.9, (0, 0), 0.05, {**_EVERYONE, _P.WALLET: 3, _P.STUDENT: 3}, (8, 23)),
    MO.SIM_SWAP: MoSpec(0.03, (2, 5), 250_000, 0.8, (0, 0.04), 0.1, {_P.BUSINESS: 3, _P.SALARIED: 2, _P.MERCHANT: 2}, (20, 26)),
    MO.AEPS_BIOMETRIC: MoSpec(0.05, (1, 4), 18_000, 0.5, (0, 0.2), 0.0, {_P.JAN_DHAN: 5, _P.PENSIONER: 2, _P.SELF_EMPLOYED: 1}, (9, 19)),
    MO.LOTTERY_PRIZE: MoSpec(0.04, (2, 5), 60_000, 0.9, (1, 6), 0.05, {_P.JAN_DHAN: 2, _P.SELF_EMPLOYED: 3, _P.PENSIONER: 2}, (10, 20)),
    MO.IMPERSONATION_SOCIAL_MEDIA: MoSpec(0.05, (1, 2), 20_000, 0.8, (0, 0.1), 0.05, _EVERYONE, (9, 23)),
    MO.OTHER: MoSpec(0.03, (1, 2), 25_000, 1.0, (0, 1), 0.1, _EVERYONE, (9, 21)),
}  # fmt: skip

_SEED_REMARKS: Final[dict[ModusOperandi, tuple[str, ...]]] = {
    MO.UPI_QR_SCAM: ("payment", "receive money", "refund"),
    MO.FAKE_KYC_UPDATE: ("kyc", "verification"),
    MO.DIGITAL_ARREST: ("RBI verification", "security deposit", "case settlement"),
    MO.INVESTMENT_TRADING: ("investment", "trading deposit", "IPO allotment"),
    MO.TASK_JOB_SCAM: ("task", "prepaid task", "recharge"),
    MO.LOAN_APP: ("loan repayment", "processing fee"),
    MO.LOTTERY_PRIZE: ("GST charges", "processing fee", "prize tax"),
    MO.FAKE_CUSTOMER_CARE: ("refund", "cancellation"),
    MO.ONLINE_SHOPPING: ("order", "advance"),
}
_MOVE_REMARKS: Final = ("payment", "goods", "advance", "hand loan", "family", "material", "sale")


@dataclass
class Ring:
    rid: int
    layers: list[list[int]]
    depth: int
    mos: tuple[ModusOperandi, ...]
    caller_phones: list[str]
    urls: list[str]
    frontier: list[int]
    atms: list[int]
    aeps: list[int]
    slow: list[int] = field(default_factory=list)  # only the harder city's shapes use them

    @property
    def name(self) -> str:
        return f"R{self.rid + 1:03d}"


@dataclass
class Event:
    eid: int
    mo: ModusOperandi
    victim: int
    ring: int
    seeds: list[int] = field(default_factory=list)  # fraud row keys
    complains: bool = False
    duplicate: bool = False


@dataclass
class FraudRows:
    ts: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    amount: list[int] = field(default_factory=list)
    channel: list[int] = field(default_factory=list)
    remark: list[str] = field(default_factory=list)
    event: list[int] = field(default_factory=list)
    seed: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ts)


@dataclass
class Fraud:
    rings: list[Ring]
    events: list[Event]
    rows: FraudRows
    mule_active_s: np.ndarray  # first fraud credit per account (int64 max if none)
    frontier: set[int]
    life: FraudRows  # mules' ordinary payments after their first fraud credit (not fraud)
    shapes: dict[str, int] = field(default_factory=dict)  # the harder city's, by kind


_OTHER_BANK_PREFIXES: Final = ("KARB", "TMBL", "CIUB", "KVBL", "DCBL", "SIBL", "JAKA")

#: A mule's own life after its first fraud credit, out of the same balance (docs/synth.md):
#: the share of mules that pay a landlord rent every month, that send money to family, and that
#: buy a phone at a shop of the city.
RENT_SHARE: Final = 0.3
FAMILY_SHARE: Final = 0.4
PHONE_SHARE: Final = 0.15
#: Family of a mule lives in another city (an account outside the data) this often.
_FAMILY_AWAY: Final = 0.65
_PHONE_PRICES: Final = (799_900, 1_249_900, 1_599_900, 1_899_900, 2_499_900, 2_999_900)
_RENT_REMARKS: Final = ("rent", "kiraya", "room rent")
_FAMILY_REMARKS: Final = ("ghar kharch", "mummy", "papa", "family", "ghar")


def n_events(cfg: SynthConfig) -> int:
    return max(2 * len(MOS), round(cfg.accounts * cfg.days / 1_500))


class _Builder:
    def __init__(
        self, cfg: SynthConfig, pop: Population, table: IdTable, ext: Externals, seed: int
    ) -> None:
        self.cfg = cfg
        self.pop = pop
        self.table = table
        self.ext = ext
        self.r = random.Random(seed)
        self.slow_r = random.Random(seed + 53)
        self.rows = FraudRows()
        self.horizon = cfg.horizon_s
        self.is_current = np.array(
            [t == AccountType.CURRENT.value for t in pop.cols["account_type"]]
        )
        self.shops = {
            k: np.flatnonzero(pop.mkind == MK[k]).tolist()
            for k in ("jeweller", "electronics", "petrol_pump")
        }
        self.frontier: set[int] = set()
        self.ev = 0

    # -- rings -------------------------------------------------------------------------------
    def rings(self) -> list[Ring]:
        r = self.r
        pop = self.pop
        out = []
        n_r = len(pop.rings)
        for rid in range(n_r):
            members = np.flatnonzero(pop.ring == rid).tolist()
            depth = r.randint(2, 6)
            layers: list[list[int]] = [[] for _ in range(depth)]
            for m in members:
                layers[min(int(pop.layer[m]), depth) - 1].append(m)
            if not layers[0]:
                layers[0].append(layers[1].pop() if len(layers) > 1 and layers[1] else members[0])
            layers = [layer for layer in layers if layer]
            slow: list[int] = []
            if self.cfg.hard:  # its own stream: the default city draws nothing more
                layers, slow = set_aside(layers, pop.takeover, pop.w0, self.horizon, self.slow_r)
            mos = tuple(r.sample(MOS, r.randint(3, 6)))
            callers = [str(r.randint(6_000_000_000, 9_999_999_999)) for _ in range(r.randint(2, 5))]
            if r.random() < 0.5:
                callers.append(pop.rings[rid].phones[0])
            front = []
            for _ in range(r.randint(3, 8)):
                front.append(self._frontier_id())
            atms = r.sample(self.ext.atm.tolist(), min(self.ext.atm.size, r.randint(3, 8)))
            aeps = r.sample(self.ext.aeps.tolist(), min(self.ext.aeps.size, r.randint(2, 5)))
            out.append(
                Ring(
                    rid, layers, len(layers), mos, callers, self._urls(rid), front, atms, aeps, slow
                )
            )
        return out

    def _frontier_id(self) -> int:
        r = self.r
        kind = r.random()
        if kind < 0.3:  # collection (virtual) accounts of crypto exchanges / P2P USDT desks
            name, bank = (
                f"YESB0CMSNOC:{r.choice(('XCH', 'USDT', 'VDA'))}{r.randint(10**9, 10**10 - 1)}",
                BANK_INDEX["YESB"],
            )
        elif kind < 0.5:
            name, bank = (
                f"{r.randint(6_000_000_000, 9_999_999_999)}@{r.choice(('ybl', 'paytm', 'okaxis', 'ibl'))}",
                -1,
            )
        elif kind < 0.75:
            p = r.choice(_OTHER_BANK_PREFIXES)
            name, bank = f"{p}0{r.randint(0, 999_999):06d}:{r.randint(10**11, 10**14)}", -1
        else:
            b = r.choice(BANKS)
            name, bank = (
                f"{b.ifsc_prefix}0{r.randint(0, 999_999):06d}:{r.randint(10**10, 10**13)}",
                BANK_INDEX[b.ifsc_prefix],
            )
        i = self.table.add(name, bank)
        self.frontier.add(i)
        return i

    def _urls(self, rid: int) -> list[str]:
        r = self.r
        tok = "".join(
            r.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7)
        )
        return [
            f"https://kyc-update-{r.choice(('sbi', 'pnb', 'bob', 'ubi'))}{rid}.co.in/verify",
            f"http://bit.ly/{tok}",
            f"https://{r.choice(('growmax', 'stockpro', 'tradeking', 'ipo-gain'))}{rid}.com/app",
            f"http://{r.choice(('turantloan', 'cashnow', 'rupeefast'))}{rid}.xyz/apk",
            f"https://t.me/{r.choice(('hr_priya', 'task_earn', 'vip_trade'))}{rid:03d}",
        ]

    # -- emitting rows -----------------------------------------------------------------------
    def emit(
        self,
        ts: int,
        src: int,
        dst: int,
        amount: int,
        ch: Channel,
        remark: str = "",
        seed: bool = False,
        rows: FraudRows | None = None,
    ) -> int | None:
        if ts >= self.horizon or amount <= 0:
            return None
        rows = self.rows if rows is None else rows
        rows.ts.append(ts)
        rows.src.append(src)
        rows.dst.append(dst)
        rows.amount.append(amount)
        rows.channel.append(CH[ch])
        rows.remark.append(remark)
        rows.event.append(self.ev)
        rows.seed.append(seed)
        return len(rows.ts) - 1

    def _channel(
        self, amount: int, wallet: bool = False, r: random.Random | None = None
    ) -> Channel:
        r = r or self.r
        if wallet:
            return Channel.UPI if r.random() < 0.7 else Channel.WALLET
        if amount <= 10_000_000:
            return Channel.UPI if r.random() < 0.6 else Channel.IMPS
        if amount < 20_000_000:
            return Channel.IMPS if r.random() < 0.7 else Channel.NEFT
        if amount <= 50_000_000:
            return r.choice((Channel.RTGS, Channel.NEFT, Channel.IMPS))
        return Channel.RTGS if r.random() < 0.7 else Channel.NEFT

    def _is_wallet(self, i: int) -> bool:
        return i < self.pop.n and self.pop.persona[i] == Persona.WALLET

    def _live(self, m: int, t: int) -> bool:
        return bool(self.pop.w0[m] <= t < self.pop.w1[m])

    def _mule(self, layer: list[int], t: int, amount: int) -> int:
        pop = self.pop
        if amount > 10_000_000:  # a wallet cannot take more than a lakh
            layer = [m for m in layer if not self._is_wallet(m)] or layer
        live = [m for m in layer if self._live(m, t)]
        if live:
            # A stolen account is burnt within days, so the gang uses it first while it can.
            taken = [m for m in live if pop.takeover[m]]
            if taken and self.r.random() < 0.5:
                return self.r.choice(taken)
            return self.r.choice(live)
        # Outside every window: the nearest mule's (never a taken-over account's, whose holder
        # has its access back).
        own = [m for m in layer if not pop.takeover[m]] or layer
        return min(own, key=lambda m: (min(abs(int(pop.w0[m]) - t), abs(int(pop.w1[m]) - t)), m))

    # -- events ------------------------------------------------------------------------------
    def events(self, rings: list[Ring]) -> list[Event]:
        r = self.r
        cfg, pop = self.cfg, self.pop
        total = n_events(cfg)
        weights = [MO_SPECS[m].weight for m in MOS]
        used: set[int] = set()
        candidates = {
            p: np.flatnonzero(
                (pop.persona == p) & (pop.mule_kind == 0) & ~pop.takeover & (pop.active_from <= 0)
            ).tolist()
            for p in Persona
        }
        events: list[Event] = []
        for k in range(total):
            # Round-robin first, so every MO exists even in a tiny city.
            mo = MOS[k % len(MOS)] if k < 2 * len(MOS) else r.choices(MOS, weights)[0]
            spec = MO_SPECS[mo]
            ring_pool = [g for g in rings if mo in g.mos] or rings
            ring = r.choice(ring_pool)
            victim = self._victim(spec, candidates, used)
            if victim is None:
                continue
            used.add(victim)
            self.ev = len(events)
            ev = Event(self.ev, mo, victim, ring.rid)
            self._play(ev, spec, ring)
            if not ev.seeds:
                continue
            ev.complains = r.random() < 0.76 or k < len(MOS)
            ev.duplicate = ev.complains and (r.random() < 0.06 or k == 1)
            events.append(ev)
        return events

    def _victim(
        self, spec: MoSpec, candidates: dict[Persona, list[int]], used: set[int]
    ) -> int | None:
        r = self.r
        personas = [p for p in spec.victims if candidates[Persona(p)]]
        if not personas:
            return None
        for _ in range(50):
            p = r.choices(personas, [spec.victims[q] for q in personas])[0]
            pool = candidates[Persona(p)]
            v = pool[r.randrange(len(pool))]
            if v not in used:
                return v
        return None

    def _play(self, ev: Event, spec: MoSpec, ring: Ring) -> None:
        r = self.r
        horizon = self.horizon
        span = r.uniform(*spec.span_days) * 86_400
        span = min(span, horizon * 0.6)
        t0_day = r.uniform(0, max(horizon - span - 3_600, 0)) // 86_400
        lo, hi = spec.hours
        t0 = int(t0_day * 86_400 + r.uniform(lo, hi) * 3_600)
        n_pay = r.randint(*spec.payments)
        total = max(500.0, r.lognormvariate(np.log(spec.total_median), spec.total_sigma))
        if ev.mo == MO.TASK_JOB_SCAM:  # small first "tasks", then ever larger deposits
            parts = [1.8**j for j in range(n_pay)]
        else:
            parts = [r.uniform(0.5, 1.5) for _ in range(n_pay)]
        s = sum(parts)
        amounts = [_round_amount(r, total * p / s, ev.mo) for p in parts]
        if n_pay == 1 or span < 3_600:
            offsets = sorted(r.uniform(0, max(span, 60.0 * 40 * n_pay)) for _ in range(n_pay))
        else:
            days = sorted(int(r.uniform(0, span) // 86_400) for _ in range(n_pay))
            offsets = sorted(
                d * 86_400 + r.uniform(lo, min(hi, 23)) * 3_600 - (t0 % 86_400) for d in days
            )
            offsets = [max(0.0, o) for o in offsets]
            offsets[0] = 0.0
        victim = ev.victim
        wallet = self._is_wallet(victim)
        if ev.mo == MO.AEPS_BIOMETRIC:
            if wallet:
                return
            when = t0
            for a in amounts:
                left = a
                while left > 0:
                    w = min(left, 1_000_000)
                    key = self.emit(when, victim, r.choice(ring.aeps), w, Channel.AEPS, seed=True)
                    if key is not None:
                        ev.seeds.append(key)
                    left -= w
                    when += r.randint(60, 900)
            return
        last_mule: int | None = None
        remarks = _SEED_REMARKS.get(ev.mo, ("",))
        for a, off in zip(amounts, offsets, strict=True):
            t = int(t0 + off)
            if wallet:
                a = min(a, 2_000_000)
            if r.random() < spec.direct_frontier:
                dst = r.choice(ring.frontier)
            elif (
                last_mule is not None
                and r.random() < 0.5
                and (a <= 10_000_000 or not self._is_wallet(last_mule))
                and (not self.pop.takeover[last_mule] or self._live(last_mule, t))
            ):
                dst = last_mule
            else:
                dst = self._mule(ring.layers[0], t, a)
            ch = Channel.IMPS if ev.mo == MO.SIM_SWAP else self._channel(a, wallet)
            remark = r.choice(remarks) if r.random() < 0.35 else ""
            key = self.emit(t, victim, dst, a, ch, remark, seed=True)
            if key is None:
                continue
            ev.seeds.append(key)
            if dst in self.frontier:
                continue
            last_mule = dst
            self._move(ring, dst, 1, a, t, r.randint(2, max(2, ring.depth)))

    # -- layering ----------------------------------------------------------------------------
    def _delay(self, layer: int) -> int:
        r = self.r
        if r.random() < 0.1:
            return r.randint(6 * 3_600, 30 * 3_600)
        return max(90, int(r.lognormvariate(np.log(1_500 if layer == 1 else 2_400), 0.9)))

    def _move(self, ring: Ring, acct: int, layer: int, amount: int, t: int, depth: int) -> None:
        r = self.r
        if t >= self.horizon:
            return
        if r.random() < 0.06:
            return  # the mule sits on it (frozen, scared, or waiting): it stays here
        keep = int(amount * r.uniform(0.005, 0.02)) // 100 * 100
        avail = amount - keep
        t1 = t + self._delay(layer)
        if layer >= depth or layer >= ring.depth or (avail < 2_000_000 and r.random() < 0.3):
            self._exit(ring, acct, avail, t1)
            return
        k = 1 if avail < 2_000_000 else r.randint(1, 2) if avail < 10_000_000 else r.randint(2, 3)
        unit = 50_000 if avail > 1_000_000 else 10_000
        weights = [r.uniform(0.6, 1.4) for _ in range(k)]
        s = sum(weights)
        parts = [int(avail * w / s) // unit * unit for w in weights]
        nxt = ring.layers[layer]
        when = t1
        for part in parts:
            if part <= 0:
                continue
            dst = self._mule(nxt, when, part)
            if dst == acct:
                continue
            if (
                self.emit(
                    when,
                    acct,
                    dst,
                    part,
                    self._channel(part, self._is_wallet(acct)),
                    _maybe(r, _MOVE_REMARKS),
                )
                is None
            ):
                return
            self._move(ring, dst, layer + 1, part, when, depth)
            when += r.randint(20, 400)

    def _exit(self, ring: Ring, acct: int, amount: int, t: int) -> None:
        r = self.r
        pop = self.pop
        if amount <= 0 or t >= self.horizon:
            return
        wallet = self._is_wallet(acct)
        options: tuple[tuple[str, int], ...]
        if pop.takeover[acct]:  # net banking without the card: transfers out, or it is blocked
            options = (("frontier", 60), ("merchant", 10), ("hold", 30))
        elif wallet:
            options = (("frontier", 6), ("merchant", 3), ("hold", 1))
        elif self.is_current[acct]:
            options = (("cash", 35), ("frontier", 35), ("merchant", 15), ("atm", 10), ("hold", 5))
        elif pop.persona[acct] == Persona.JAN_DHAN:
            options = (("aeps", 45), ("atm", 35), ("frontier", 10), ("hold", 10))
        else:
            options = (("atm", 35), ("frontier", 30), ("merchant", 12), ("aeps", 8), ("hold", 15))
        how = r.choices([o[0] for o in options], [o[1] for o in options])[0]
        if how == "atm":
            self._withdraw(acct, amount, t, ring.atms, Channel.ATM, 1_000_000)
        elif how == "aeps":
            self._withdraw(acct, amount, t, ring.aeps, Channel.AEPS, 1_000_000)
        elif how == "cash":
            ifsc = pop.cols["ifsc"][acct]
            bid = branch_cash_id(self.ext, self.table, ifsc, int(pop.bank[acct]))
            when = _business_hours(r, t)
            left = amount // 100_000 * 100_000
            while left > 0 and when < self.horizon:
                w = min(left, 50_000_000)
                self.emit(when, acct, bid, w, Channel.CASH, "self")
                left -= w
                when = _business_hours(r, when + 86_400)
        elif how == "frontier":
            k = 1 if amount < 5_000_000 else r.randint(1, 3)
            when = t
            share = amount // k // 100 * 100
            for _ in range(k):
                self.emit(
                    when,
                    acct,
                    r.choice(ring.frontier),
                    share,
                    self._channel(share, wallet),
                    _maybe(r, _MOVE_REMARKS),
                )
                when += r.randint(60, 1_800)
        elif how == "merchant":
            self._buy(acct, amount, t, wallet)

    def _withdraw(
        self, acct: int, amount: int, t: int, terminals: list[int], ch: Channel, cap: int
    ) -> None:
        r = self.r
        when = t + r.randint(300, 3_600)
        left = amount // 50_000 * 50_000
        per_day = 0
        day = when // 86_400
        n = 0
        while left > 0 and when < self.horizon and n < 25:
            w = min(left, cap if r.random() < 0.8 else cap // 2)
            self.emit(when, acct, r.choice(terminals), w, ch)
            left -= w
            n += 1
            per_day += 1
            when += r.randint(60, 420)
            if per_day >= 5 or when // 86_400 != day:
                day = when // 86_400 + 1
                when = day * 86_400 + r.randint(7 * 3_600, 11 * 3_600)
                per_day = 0

    def _buy(self, acct: int, amount: int, t: int, wallet: bool) -> None:
        """Gold, a phone or fuel bought with the money: the shopkeeper is an innocent receiver."""
        r = self.r
        when = _shop_hours(r, t)
        if amount >= 5_000_000 and self.shops["jeweller"]:
            price = min(amount, int(r.lognormvariate(np.log(15_000_000), 0.5))) // 1_000 * 1_000
            shop = r.choice(self.shops["jeweller"])
        elif amount >= 1_500_000 and self.shops["electronics"]:
            price = min(
                amount,
                r.choice((6_499_900, 12_990_000, 2_999_900, 4_499_900, 8_999_900, 1_599_900)),
            )
            shop = r.choice(self.shops["electronics"])
        elif self.shops["petrol_pump"]:
            shop = r.choice(self.shops["petrol_pump"])
            for _ in range(r.randint(1, 3)):
                price = min(amount, r.choice((100_000, 200_000, 300_000, 500_000)))
                self.emit(when, acct, shop, price, Channel.UPI)
                amount -= price
                when += r.randint(3_600, 20_000)
                if amount <= 0:
                    break
            return
        else:
            return
        ch = Channel.CARD if (not wallet and r.random() < 0.3) else self._channel(price, wallet)
        self.emit(when, acct, shop, price, ch)

    # -- the mules' own lives -----------------------------------------------------------------
    def lives(self, first_credit: np.ndarray) -> FraudRows:
        """Each mule's ordinary payments after its first fraud credit, out of the same balance:
        by the trail's attribution they carry stolen money to honest people and shops. Drawn
        from their own random stream, so the fraud itself does not depend on them."""
        r = random.Random(self.cfg.seed * 1_000_003 + 29)
        pop, ext, cfg = self.pop, self.ext, self.cfg
        out = FraudRows()
        honest = (pop.mule_kind == 0) & ~pop.takeover & (pop.active_from < 0)
        landlords = np.flatnonzero(
            honest & np.isin(pop.persona, [Persona.PENSIONER, Persona.SELF_EMPLOYED])
        ).tolist()
        relatives = np.flatnonzero(honest & np.isin(pop.persona, [0, 1, 2, 3, 4])).tolist()
        phones = self.shops["electronics"]
        self.ev = -1
        for m in np.flatnonzero((pop.mule_kind > 0) & (first_credit < self.horizon)).tolist():
            t0 = int(first_credit[m])
            until = min(self.horizon, int(pop.w1[m]) + 3 * 86_400)

            if r.random() < RENT_SHARE and pop.mule_kind[m] != MuleKind.NEW_CURRENT and landlords:
                # Every month on the day the tenancy began.
                landlord = r.choice(landlords)
                rent = max(2_000, round(r.lognormvariate(np.log(5_500), 0.4) / 500) * 500) * 100
                rent_day = r.randint(1, 28)
                for day in range(t0 // 86_400, cfg.days):
                    d = cfg.day_date(day)
                    ts = day * 86_400 + r.randint(8 * 3_600, 21 * 3_600)
                    if d.day == rent_day and ts > t0:
                        remark = r.choice(_RENT_REMARKS) if r.random() < 0.5 else ""
                        self._pay(r, out, m, ts, landlord, rent, remark)
            if r.random() < FAMILY_SHARE and relatives and until > t0 + 600:
                away = r.random() < _FAMILY_AWAY
                home = int(ext.p2p[r.randrange(ext.p2p.size)]) if away else r.choice(relatives)
                for _ in range(r.randint(1, 3)):
                    rupees = round(r.lognormvariate(np.log(3_000), 0.7) / 100) * 100
                    amount = min(25_000, max(500, rupees)) * 100
                    remark = r.choice(_FAMILY_REMARKS) if r.random() < 0.4 else ""
                    self._pay(r, out, m, r.randint(t0 + 600, until), home, amount, remark)
            if r.random() < PHONE_SHARE and phones and until > t0 + 600:
                when = _shop_hours(r, r.randint(t0 + 600, until))
                self._pay(r, out, m, when, r.choice(phones), r.choice(_PHONE_PRICES), "", shop=True)
        return out

    def _pay(
        self,
        r: random.Random,
        out: FraudRows,
        src: int,
        ts: int,
        dst: int,
        amount: int,
        remark: str,
        shop: bool = False,
    ) -> None:
        wallet = self._is_wallet(src)
        card = shop and not wallet and r.random() < 0.3
        ch = Channel.CARD if card else self._channel(amount, wallet, r)
        self.emit(ts, src, dst, amount, ch, remark, rows=out)


def _maybe(r: random.Random, options: tuple[str, ...]) -> str:
    return r.choice(options) if r.random() < 0.25 else ""


def _open_hours(r: random.Random, t: int, last_hour: int) -> int:
    """`t`, or the next morning (10:00 to 12:00) when a counter or shop is shut at `t`."""
    day, sec = divmod(t, 86_400)
    if sec < 10 * 3_600:
        return day * 86_400 + r.randint(10 * 3_600, 12 * 3_600)
    if sec > last_hour * 3_600:
        return (day + 1) * 86_400 + r.randint(10 * 3_600, 12 * 3_600)
    return t


def _business_hours(r: random.Random, t: int) -> int:
    return _open_hours(r, t, 15)


def _shop_hours(r: random.Random, t: int) -> int:
    return _open_hours(r, t, 20)


def _round_amount(r: random.Random, rupees: float, mo: ModusOperandi) -> int:
    """Amounts as fraudsters ask for them, in paise: round lakhs for big frauds, odd ₹4,999s
    for small ones."""
    if rupees >= 100_000:
        v = round(rupees / 10_000) * 10_000
    elif rupees >= 10_000:
        v = round(rupees / 1_000) * 1_000 - (1 if r.random() < 0.1 else 0)
    elif rupees >= 1_000:
        v = round(rupees / 100) * 100 - (1 if r.random() < 0.25 else 0)
    else:
        v = round(rupees / 10) * 10
    if mo == MO.AEPS_BIOMETRIC:
        v = max(500, min(v, 30_000) // 100 * 100)
    return max(v, 100) * 100


def build_fraud(cfg: SynthConfig, pop: Population, table: IdTable, ext: Externals) -> Fraud:
    b = _Builder(cfg, pop, table, ext, seed=cfg.seed * 1_000_003 + 11)
    rings = b.rings()
    events = b.events(rings)
    # After the events, from their own stream: the default city's fraud is untouched.
    shapes = add_shapes(b, rings) if cfg.hard else {}
    rows = b.rows
    active = np.full(pop.n, np.iinfo(np.int64).max, dtype=np.int64)
    if len(rows):
        dst = np.array(rows.dst, dtype=np.int64)
        ts = np.array(rows.ts, dtype=np.int64)
        inside = (dst < pop.n) & (pop.mule_kind[np.minimum(dst, pop.n - 1)] > 0)
        np.minimum.at(active, dst[inside], ts[inside])
    return Fraud(rings, events, rows, active, b.frontier, b.lives(active), shapes)
