"""Money, times and numbers as people in India read them, in either language."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from cybersetu.clock import IST
from cybersetu.i18n import _, current_locale
from cybersetu.ledger.money import format_inr, group_digits

_MONTHS_HI: Final = (
    "जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून",
    "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर",
)  # fmt: skip
_MONTHS_EN: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def money(paise: int | None) -> str:
    """₹1,23,456.00 (Indian grouping; the same digits in Hindi, as banks and forms write them)."""
    return "—" if paise is None else format_inr(paise)


def number(n: int) -> str:
    return group_digits(n)


def when(dt: datetime | None) -> str:
    """A time in IST: `06 Jan 2026, 14:30 IST` / `06 जनवरी 2026, 14:30 IST`."""
    if dt is None:
        return "—"
    local = dt.astimezone(IST)
    months = _MONTHS_HI if current_locale() == "hi" else _MONTHS_EN
    return f"{local.day:02d} {months[local.month - 1]} {local.year}, {local:%H:%M} IST"


def duration(seconds: float) -> str:
    """A span like `2 h 05 min` / `2 घंटे 05 मिनट`."""
    minutes = max(0, int(seconds // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    hi = current_locale() == "hi"
    d, h, m = ("दिन", "घंटे", "मिनट") if hi else ("d", "h", "min")
    if days:
        return f"{days} {d} {hours} {h}"
    if hours:
        return f"{hours} {h} {mins:02d} {m}"
    return f"{mins} {m}"


def countdown(due_at: datetime | None, now: datetime | None = None) -> str:
    """`due in 42 min` / `overdue by 1 h 05 min`, in the reader's language."""
    if due_at is None:
        return "—"
    left = (due_at - (now or datetime.now(due_at.tzinfo))).total_seconds()
    if left >= 0:
        return _("due in {span}").format(span=duration(left))
    return _("overdue by {span}").format(span=duration(-left))
