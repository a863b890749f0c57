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

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from cybersetu.db.base import begin, core, insert_for, table_of, utcnow
from cybersetu.outbox.messages import SECRET, render
from cybersetu.outbox.models import OutboxMessage
from cybersetu.outbox.senders import Outgoing, Sender, SendError

MAX_ATTEMPTS: Final = 6
#: A message claimed this long ago and not marked sent: its process died while sending.
STALE: Final = timedelta(minutes=10)
BATCH: Final = 200
#: Outcomes recorded per transaction.
RECORD_EVERY: Final = 50


@dataclass(frozen=True)
class Message:
    """A message to queue: `key` names the event it tells about (queued once per key)."""

    key: str
    recipient: str
    code: str
    params: Mapping[str, Any]
    locale: str
    case_id: int | None = None
    secret: Mapping[str, str] | None = None
    """Parameters (a one-time code) that go into the body only, never into `params`."""
    channel: str = "sms"


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
    unique key decides, so two writers at once cannot both queue it)."""
    enqueue_all(session, [Message(key, recipient, code, params, locale, case_id, secret, channel)])


def enqueue_all(session: Session, messages: Sequence[Message]) -> None:
    """`enqueue` for several messages, in one statement."""
    if not messages:
        return
    now = utcnow()
    core(session).execute(
        insert_for(session, table_of(OutboxMessage)).on_conflict_do_nothing(index_elements=["key"]),
        [
            {
                "key": m.key,
                "channel": m.channel,
                "recipient": m.recipient,
                "code": m.code,
                "params": dict(m.params),
                "locale": m.locale,
                "body": render(m.code, {**m.params, **(m.secret or {})}, m.locale),
                "case_id": m.case_id,
                "status": "pending",
                "next_at": now,
            }
            for m in messages
        ],
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
    """Hand the due messages (or those of `ids`) to the sender, one by one, and record the
    outcomes of every `RECORD_EVERY` of them in one transaction. A crash before an outcome is
    recorded leaves the message claimed: it is handed over again, with the same id, after
    `STALE`, and the gateway drops the repeat, as for a crash right after a single send."""
    now = now or utcnow()
    sent = retrying = failed = 0
    pending: list[tuple[int, str | None]] = []
    claimed = _claim(session, now, ids)
    for i, out in enumerate(claimed, 1):
        error: str | None = None
        try:
            sender.send(out)
        except SendError as exc:
            error = str(exc)[:200] or type(exc).__name__
        pending.append((out.id, error))
        if len(pending) == RECORD_EVERY or i == len(claimed):
            done = _record_outcomes(session, pending, now)
            sent, retrying, failed = (
                sent + done.sent,
                retrying + done.retrying,
                failed + done.failed,
            )
            pending = []
    return Delivery(sent, retrying, failed)


def _record_outcomes(
    session: Session, outcomes: list[tuple[int, str | None]], now: datetime
) -> Delivery:
    table = table_of(OutboxMessage)
    ok = [i for i, error in outcomes if error is None]
    errors = {i: error for i, error in outcomes if error is not None}
    retrying = failed = 0
    with begin(session):
        connection = core(session)
        if ok:
            connection.execute(
                update(table)
                .where(table.c.id.in_(ok))
                .values(
                    status="sent",
                    sent_at=utcnow(),
                    error=None,
                    body=case((table.c.code.in_(SECRET), ""), else_=table.c.body),
                )
            )
        if errors:
            attempts = connection.execute(
                select(table.c.id, table.c.attempts).where(table.c.id.in_(list(errors)))
            ).all()
            for row_id, tries in attempts:
                if tries >= MAX_ATTEMPTS:
                    values: dict[str, Any] = {"status": "failed"}
                    failed += 1
                else:
                    values = {"status": "pending", "next_at": now + _backoff(tries)}
                    retrying += 1
                connection.execute(
                    update(table).where(table.c.id == row_id).values(error=errors[row_id], **values)
                )
    return Delivery(len(ok), retrying, failed)
