"""The grievances' sweep job: overdue grievances are escalated to the supervisor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from cybersetu.grievances.service import escalate_overdue
from cybersetu.sweeper.registry import job


@job("grievances.overdue")
def overdue_grievances(session: Session, now: datetime) -> Sequence[str]:
    return escalate_overdue(session, now)
