"""A meeting is scheduled, then held (its minutes recorded); an action item is open, then done."""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum
from typing import Final

from cybersetu.errors import InputError
from cybersetu.i18n import N_, _


class Status(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"


STATUS_LABELS: Final[dict[Status, str]] = {
    Status.SCHEDULED: N_("Scheduled"),
    Status.HELD: N_("Held"),
}


class TransitionError(InputError):
    """A move the meeting's or item's state does not allow (the web answers 409)."""


def check_can_hold(current: str) -> None:
    if Status(current) is not Status.SCHEDULED:
        raise TransitionError(_("The minutes of this meeting are already recorded."))


def check_can_close(item_status: str) -> None:
    if item_status != "open":
        raise TransitionError(_("This action item is already done."))


def next_month(day: date) -> date:
    """The same day of the next month (its last day when the next month is shorter): the
    default date of the next monthly meeting."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
