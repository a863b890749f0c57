"""Parameters of a synthetic city and the calendar it lives in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Final

from cybersetu.errors import InputError

IST: Final = timezone(timedelta(hours=5, minutes=30), "IST")

#: Bumped whenever the same seed would give different bytes; written to the manifest.
GENERATOR_VERSION: Final = "2"

MIN_ACCOUNTS: Final = 1_000
MAX_ACCOUNTS: Final = 5_000_000
MAX_DAYS: Final = 366


@dataclass(frozen=True)
class SynthConfig:
    accounts: int = 50_000
    days: int = 30
    seed: int = 7
    start: date = field(default=date(2025, 10, 1))
    #: The harder city (docs/synth.md): laundering shapes over days and weeks with ordinary
    #: amounts, and honest look-alikes. Off, the city is byte for byte the one without it.
    hard: bool = False

    def validate(self) -> None:
        if not MIN_ACCOUNTS <= self.accounts <= MAX_ACCOUNTS:
            raise InputError(
                f"--accounts must be between {MIN_ACCOUNTS:,} and {MAX_ACCOUNTS:,}, not {self.accounts:,}."
            )
        if not 1 <= self.days <= MAX_DAYS:
            raise InputError(f"--days must be between 1 and {MAX_DAYS}, not {self.days}.")
        if self.seed < 0:
            raise InputError(f"--seed must be zero or positive, not {self.seed}.")

    @property
    def start_dt(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=IST)

    @property
    def horizon_s(self) -> int:
        """Seconds from the start of the first day to the end of the ledger."""
        return self.days * 86_400

    def day_date(self, day: int) -> date:
        return self.start + timedelta(days=day)

    def iso(self, seconds: int) -> str:
        """ISO 8601 in IST for a time given in seconds since the start of the first day."""
        return (self.start_dt + timedelta(seconds=seconds)).isoformat()
