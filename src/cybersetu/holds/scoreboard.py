"""Per bank: how fast it answers and holds, and how much of what was asked it holds.

The real process publishes no such figure; the supervisor's scoreboard is this table. Times are
from a request's sending to its answer; "to hold" counts only the answers that held money.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cybersetu.cases.models import HoldRequest
from cybersetu.holds.service import held_toward_to_hold, lien_paise


def _quantile(values: list[float], q: float) -> float | None:
    """The q-quantile by linear interpolation between the nearest ranks (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class BankRow:
    bank: str
    bank_name: str
    sent: int = 0
    answered: int = 0
    open: int = 0
    overdue: int = 0
    requested_paise: int = 0
    """What the golden-hour requests asked it to hold."""
    held_paise: int = 0
    answer_seconds: list[float] = field(default_factory=list)
    hold_seconds: list[float] = field(default_factory=list)

    @property
    def answer_p50(self) -> float | None:
        return _quantile(self.answer_seconds, 0.5)

    @property
    def answer_p90(self) -> float | None:
        return _quantile(self.answer_seconds, 0.9)

    @property
    def hold_p50(self) -> float | None:
        return _quantile(self.hold_seconds, 0.5)

    @property
    def hold_p90(self) -> float | None:
        return _quantile(self.hold_seconds, 0.9)

    @property
    def held_share(self) -> float | None:
        return self.held_paise / self.requested_paise if self.requested_paise else None


def bank_scoreboard(session: Session, now: datetime) -> list[BankRow]:
    """Every bank that was sent a request, the most overdue first, then the slowest."""
    rows: dict[str, BankRow] = {}
    by_bank: defaultdict[str, list[HoldRequest]] = defaultdict(list)
    for r in session.scalars(select(HoldRequest).where(HoldRequest.sent_at.is_not(None))):
        by_bank[r.bank].append(r)
    for bank, requests in by_bank.items():
        row = rows[bank] = BankRow(bank, requests[0].bank_name)
        for r in requests:
            row.sent += 1
            # Merchants' liens are left out of both: a bank that finds a sale genuine and holds
            # nothing there did right, and must not look as if it held less than asked.
            if r.kind == "hold":
                row.requested_paise += r.amount_paise - lien_paise(r)
            row.held_paise += held_toward_to_hold(r)
            if r.answered_at is not None and r.sent_at is not None:
                row.answered += 1
                seconds = (r.answered_at - r.sent_at).total_seconds()
                row.answer_seconds.append(seconds)
                if r.answer == "held":
                    row.hold_seconds.append(seconds)
            else:
                row.open += 1
                if r.due_at is not None and r.due_at < now:
                    row.overdue += 1
    return sorted(rows.values(), key=lambda b: (-b.overdue, -(b.answer_p50 or 0), b.bank))
