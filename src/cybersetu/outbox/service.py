"""Queueing a message inside an action's transaction, and delivering the queue after commit.

A message queued in a transaction that rolls back was never queued; one that commits is
delivered by `deliver` (right after the request that queued it, and by the sweeper every
minute), retried with a growing delay when the gateway fails, and never sent twice: its key is
unique, and a claimed message is handed to the sender with its id (see `outbox.senders`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cybersetu.db.base import begin, insert_for, table_of, utcnow
from cybersetu.outbox.messages import SECRET, render
from cybersetu.outbox.models import OutboxMessage
from cybersetu.outbox.senders import Outgoing, Sender, SendError

MAX_ATTEMPTS: Final = 6
#: A message claimed this long ago and not marked sent: its process died while sending.
STALE: Final = timedelta(minutes=10)
BATCH: Final = 200


def enqueue(
    session: Session,
    *,
    key: str,
    recipient: str,
    code: str,
    params: Mapping[str, Any],
    locale: str,
    case_id: int | None = None,
    secret: Mapping[str, str] | None = None,
    channel: str = "sms",
) -> None:
    """Queue a message in the caller's transaction; nothing when `key` was queued before (the
    unique key decides, so two writers at once cannot both queue it). `secret` parameters (a
    one-time code) go into the body only, never into `params`."""
    session.connection().execute(
        insert_for(session, table_of(OutboxMessage))
        .values(
            key=key,
            channel=channel,
            recipient=recipient,
            code=code,
            params=dict(params),
            locale=locale,
            body=render(code, {**params, **(secret or {})}, locale),
            case_id=case_id,
            status="pending",
            next_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def _claim(session: Session, now: datetime, ids: Sequence[int] | None) -> list[Outgoing]:
    with begin(session):
        due = or_(
            (OutboxMessage.status == "pending") & (OutboxMessage.next_at <= now),
            (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - STALE),
        )
        query = select(OutboxMessage).where(due).order_by(OutboxMessage.id).limit(BATCH)
        if ids is not None:
            query = query.where(OutboxMessage.id.in_(ids))
        # Two deliverers at once (the sweeper and a request) take different rows.
        rows = session.scalars(query.with_for_update(skip_locked=True)).all()
        for row in rows:
            row.status, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
        return [Outgoing(r.id, r.channel, r.recipient, r.body) for r in rows]


def deliver(
    session: Session,
    sender: Sender,
    *,
    now: datetime | None = None,
    ids: Sequence[int] | None = None,
) -> Delivery:
    """Hand the due messages (or those of `ids`) to the sender, one by one, recording each
    outcome in a transaction of its own."""
    now = now or utcnow()
    sent = retrying = failed = 0
    for out in _claim(session, now, ids):
        error: str | None = None
        try:
            sender.send(out)
        except SendError as exc:
            error = str(exc)[:200] or type(exc).__name__
        with begin(session):
            row = session.get(OutboxMessage, out.id, with_for_update=True)
            if row is None:  # pragma: no cover - rows are never deleted
                continue
            if error is None:
                row.status, row.sent_at, row.error = "sent", utcnow(), None
                if row.code in SECRET:
                    row.body = ""
                sent += 1
            elif row.attempts >= MAX_ATTEMPTS:
                row.status, row.error = "failed", error
                failed += 1
            else:
                row.status, row.error = "pending", error
                row.next_at = now + _backoff(row.attempts)
                retrying += 1
    return Delivery(sent, retrying, failed)
