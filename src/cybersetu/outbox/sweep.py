"""The sweeper's part of the outbox: deliver what is due (messages a request could not send at
once, retries after a gateway failure, a delivery interrupted by a crash)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy.orm import Session

from cybersetu.outbox.senders import Sender, sender_from_settings
from cybersetu.outbox.service import deliver
from cybersetu.settings import get_settings
from cybersetu.sweeper.registry import job


@cache
def configured_sender() -> Sender:
    """The sender the settings name (one per process: a file sender keeps its sent ids)."""
    return sender_from_settings(get_settings())


JOB = "outbox.deliver"


@job(JOB)
def deliver_due(session: Session, now: datetime) -> Sequence[str]:
    done = deliver(session, configured_sender(), now=now)
    return [f"{done.failed} message(s) failed for good"] if done.failed else []
