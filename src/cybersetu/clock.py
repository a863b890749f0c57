"""Time as the product sees it: aware datetimes, IST when no offset is written."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from cybersetu.errors import InputError

IST: Final = ZoneInfo("Asia/Kolkata")


def parse_when(text: str, what: str = "time") -> datetime:
    """An ISO 8601 date or date-time; without an offset it is Indian Standard Time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"The {what} {text!r} is not an ISO 8601 date-time such as 2026-01-06T14:30:00+05:30."
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=IST)
