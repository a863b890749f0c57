"""The hold clock's sweep job: a hold without a court or restoration order raises an alert at
60 and 80 days and a release request at 90 (each once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from cybersetu.authz.actor import Actor
from cybersetu.restoration.service import do_sweep_hold_clock
from cybersetu.sweeper.registry import job


@job("holds.clock")
def hold_clock(session: Session, now: datetime) -> Sequence[str]:
    raised = do_sweep_hold_clock(session, actor=Actor.system("sweeper"), now=now)
    return [f"request {a.request_id} ({a.kind})" for a in raised]
