"""The harder city's laundering shapes (`SynthConfig.hard`): a ring also moves money between its
mules slowly, over days and weeks, in amounts an ordinary person pays, instead of only the
golden-hour layering of `fraud`.

- `cycle`: 3-5 mules pass the money round, each a day or more after the last, and it comes back
  to the mule it started from (less what each one kept); some cycles go round again.
- `scatter_gather`: one mule splits the money to 3-6 others over a day or two, and days later
  they all pay one collector.
- `gather_scatter`: 3-6 mules pay one hub over a few days, and the hub then splits it out to
  3-6 others.

A share of each ring's mules (`SLOW_SHARE`, `set_aside`) never serves in the golden-hour layering:
the ring reaches them only through these shapes, so the only mule-like thing they do is pass
ordinary amounts on, days apart. Each shape starts at a mule of the layering (which holds the
victims' money) and runs through the set-aside mules where it can.

The rows are fraud rows of no event (they are the ring's, not a victim's), drawn from their own
random stream after the events, and the truth replay follows whatever stolen money they carry.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Final

import numpy as np

if TYPE_CHECKING:
    from cybersetu.synth.fraud import Ring, _Builder

SHAPES: Final = ("cycle", "scatter_gather", "gather_scatter")
#: Shapes per ring: one per this many of its mules (at least one).
MULES_PER_SHAPE: Final = 5
#: Share of a ring's mules that only the shapes use (never a victim-facing layer's last mule).
SLOW_SHARE: Final = 0.35
_DAY: Final = 86_400
_REMARKS: Final = ("payment", "hand loan", "udhaar", "return", "family", "", "", "", "")


def set_aside(
    layers: list[list[int]], takeover: np.ndarray, w0: np.ndarray, horizon: int, r: random.Random
) -> tuple[list[list[int]], list[int]]:
    """The ring's layers without its slow mules, and those mules. Every layer keeps at least one
    mule; taken-over accounts (burnt within days) are never slow, nor mules the ring begins to
    use in the second half of the ledger (too late for a shape of days and weeks)."""
    kept, slow = [], []
    for layer in layers:
        out = [
            m
            for m in layer
            if not takeover[m] and w0[m] <= horizon // 2 and r.random() < SLOW_SHARE
        ]
        if len(out) == len(layer):
            out = out[1:]
        kept.append([m for m in layer if m not in out])
        slow.extend(out)
    return kept, slow


def _ordinary_paise(r: random.Random) -> int:
    """An amount like a person-to-person payment of the city: a few hundred to a few thousand
    rupees, never a round hundred."""
    rupees = round(min(20_000.0, max(200.0, r.lognormvariate(7.2, 0.75))))
    if rupees % 100 == 0:
        rupees += r.randint(1, 99)
    return rupees * 100


def _kept(r: random.Random, paise: int) -> int:
    """What is passed on after the mule keeps 1-3%, in whole rupees."""
    return int(paise * (1 - r.uniform(0.01, 0.03))) // 100 * 100


class _Shapes:
    def __init__(self, b: _Builder, seed: int) -> None:
        self.b = b
        self.r = random.Random(seed)
        # Days between steps, shrunk for a ledger shorter than a month so that shapes still fit.
        self.scale = min(1.0, b.horizon / (30 * _DAY))
        self.counts = dict.fromkeys((*SHAPES, "slow_mules", "slow_mules_unused"), 0)
        self.used: set[int] = set()
        self.layered: list[int] = []
        self.slow: list[int] = []

    def days(self, lo: float, hi: float) -> int:
        """Whole days between two steps (at least one: never the golden hour)."""
        return max(1, round(self.r.uniform(lo, hi) * self.scale))

    def on(self, day: int) -> int:
        """A waking hour (09:00-21:00) of `day`."""
        return day * _DAY + self.r.randint(9 * 3_600, 21 * 3_600)

    def pay(self, day: int, src: int, dst: int, paise: int) -> bool:
        b = self.b
        ch = b._channel(paise, b._is_wallet(src), self.r)
        return b.emit(self.on(day), src, dst, paise, ch, self.r.choice(_REMARKS)) is not None

    def ring(self, ring: Ring) -> None:
        pop = self.b.pop
        self.layered = [m for layer in ring.layers for m in layer if not pop.takeover[m]]
        self.slow = ring.slow
        total = len(self.layered) + len(self.slow)
        if total < 5:
            return
        first = self.r.randrange(len(SHAPES))
        planned = max(1, total // MULES_PER_SHAPE)
        # More shapes while a slow mule is left out (it would be a mule that does nothing).
        for k in range(3 * planned):
            if k >= planned and self.used.issuperset(self.slow):
                break
            shape = SHAPES[(first + k) % len(SHAPES)]
            if getattr(self, shape)():
                self.counts[shape] += 1
        self.counts["slow_mules"] += len(self.slow)
        self.counts["slow_mules_unused"] += len(set(self.slow) - self.used)

    def group(self, k: int, entry: int, span: int) -> tuple[list[int], int] | None:
        """`k` mules, the first `entry` of them from the layering (they hold the money), the
        rest slow ones where the ring has them, and the day their shape begins (`span` days
        long): after the ring has begun to use every one of them, and early enough to end
        within the ledger; None when the ring has too few such mules."""
        latest = self.b.cfg.days - 1 - span
        w0 = self.b.pop.w0

        def ready(ms: list[int]) -> list[int]:
            return [m for m in ms if int(w0[m]) // _DAY + 1 <= latest]

        layered, slow = ready(self.layered), ready(self.slow)
        if len(layered) < entry or len(layered) + len(slow) < k:
            return None
        r = self.r
        group = r.sample(layered, entry)
        fresh = [m for m in slow if m not in self.used]
        rest = r.sample(fresh, min(len(fresh), k - entry))
        again = [m for m in slow if m in self.used]
        rest += r.sample(again, min(len(again), k - entry - len(rest)))
        spare = [m for m in layered if m not in group]
        group += rest + r.sample(spare, k - entry - len(rest))
        self.used.update(group)
        first = max(int(w0[m]) for m in group) // _DAY + 1
        return group, r.randint(first, min(latest, first + 10))

    def cycle(self) -> bool:
        r = self.r
        k = r.randint(3, 5)
        laps = 1 if r.random() < 0.6 else 2
        gaps = [self.days(0.7, 4.0) for _ in range(k)]
        pause = self.days(2.0, 7.0)
        got = self.group(k, 1, laps * sum(gaps) + (laps - 1) * pause)
        if got is None:
            return False
        ring, day = got
        for _ in range(laps):
            paise = _ordinary_paise(r)
            for hop, gap in enumerate(gaps):
                self.pay(day, ring[hop], ring[(hop + 1) % len(ring)], paise)
                paise = _kept(r, paise)
                day += gap
            day += pause - gaps[-1]
        return True

    def scatter_gather(self) -> bool:
        r = self.r
        wait = self.days(3.0, 10.0)
        got = self.group(2 + r.randint(3, 6), 1, 1 + wait + 1)
        if got is None:
            return False
        group, day = got
        src, collector, middle = group[0], group[1], group[2:]
        for m in middle:
            paise = _ordinary_paise(r)
            out = day + r.randint(0, 1)
            self.pay(out, src, m, paise)
            self.pay(out + wait + r.randint(0, 1), m, collector, _kept(r, paise))
        return True

    def gather_scatter(self) -> bool:
        r = self.r
        k_in, k_out = r.randint(3, 6), r.randint(3, 6)
        gather, wait = self.days(1.0, 5.0), self.days(2.0, 6.0)
        got = self.group(k_in + 1 + k_out, k_in, gather + wait + k_out)
        if got is None:
            return False
        group, day = got
        payers, hub, receivers = group[:k_in], group[k_in], group[k_in + 1 :]
        total = 0
        for m in payers:
            paise = _ordinary_paise(r)
            self.pay(day + r.randint(0, gather - 1), m, hub, paise)
            total += paise
        out = _kept(r, total)
        weights = [r.uniform(0.6, 1.4) for _ in receivers]
        day += gather + wait - 1
        for m, w in zip(receivers, weights, strict=True):
            # Not round either: a rupee-odd share, never more than the hub received.
            part = max(100, int(out * w / sum(weights)) // 100 * 100 - r.randint(1, 99) * 100)
            self.pay(day, hub, m, part)
            day += r.randint(0, 1)
        return True


def add_shapes(b: _Builder, rings: list[Ring]) -> dict[str, int]:
    """Write every ring's shapes into `b.rows`; how many of each were made."""
    s = _Shapes(b, seed=b.cfg.seed * 1_000_003 + 47)
    b.ev = -1
    for ring in rings:
        s.ring(ring)
    return s.counts
