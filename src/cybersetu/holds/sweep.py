"""The hold requests' sweep job: a request a bank has not answered by its due time is escalated
(once) to the investigators' and supervisors' queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from cybersetu.authz.actor import Actor
from cybersetu.holds.service import do_escalate_overdue
from cybersetu.sweeper.registry import job


@job("hold_requests.overdue")
def overdue_requests(session: Session, now: datetime) -> Sequence[str]:
    late = do_escalate_overdue(session, actor=Actor.system("sweeper"), now=now)
    return [f"{r.reference or r.id} ({r.bank})" for r in late]
