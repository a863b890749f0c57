"""Append events to the audit log, in the caller's transaction, and verify the chain.

Every event's hash covers its content and the hash of the event before it, so editing, deleting
or inserting any row breaks the chain from that row on. Appending locks the chain's head row:
concurrent writers (PostgreSQL) form one chain, in commit order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from cybersetu.audit.events import EVENTS
from cybersetu.audit.models import AuditEvent, AuditHead
from cybersetu.authz.actor import Actor
from cybersetu.db.base import core, table_of, utcnow

GENESIS: Final = "0" * 64
HEAD: Final = table_of(AuditHead)
EVENTS_TABLE: Final = table_of(AuditEvent)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def event_hash(
    prev: str,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor: str,
    code: str,
    params: Mapping[str, Any],
    case_id: int | None,
) -> str:
    body = json.dumps(
        {
            "seq": seq,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor": actor,
            "code": code,
            "params": params,
            "case_id": case_id,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: Actor,
    code: str,
    params: Mapping[str, Any] | None = None,
    case_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Append one event inside the caller's transaction (it commits or rolls back with it)."""
    record_all(session, actor=actor, events=[Event(code, params or {}, case_id)], at=at)


@dataclass(frozen=True)
class Event:
    code: str
    params: Mapping[str, Any]
    case_id: int | None = None
    actor: Actor | None = None
    """Who did it, when not the actor of the whole call (complaints registered together)."""


def record_all(
    session: Session, *, actor: Actor, events: Sequence[Event], at: datetime | None = None
) -> None:
    """Append events in order, taking the chain's head once: an action that records several
    holds the head's lock, which every writer waits for, for one round trip, not several."""
    for e in events:
        if e.code not in EVENTS:
            raise ValueError(f"unknown audit event {e.code!r}")
    when = (at or utcnow()).astimezone(UTC)
    # The action's own pending rows first, so that the head is locked for as short as can be;
    # then plain statements on the connection (the session's ORM layer costs more per
    # statement than the database, and these rows are never read back as objects here).
    session.flush()
    connection = core(session)
    seq, prev = connection.execute(
        select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1).with_for_update()
    ).one()
    rows = []
    for e in events:
        clean = {k: _canonical(v) for k, v in e.params.items()}
        seq += 1
        who = e.actor or actor
        digest = event_hash(prev, seq, when, who.user_id, who.username, e.code, clean, e.case_id)
        rows.append(
            {
                "seq": seq,
                "at": when,
                "actor_id": who.user_id,
                "actor": who.username,
                "code": e.code,
                "params": clean,
                "case_id": e.case_id,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    connection.execute(insert(EVENTS_TABLE), rows)
    connection.execute(update(HEAD).where(HEAD.c.id == 1).values(seq=seq, hash=prev))


@dataclass(frozen=True)
class ChainReport:
    events: int
    broken_at: int | None
    """The sequence number of the first event that does not verify."""
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session) -> ChainReport:
    prev, expected, n = GENESIS, 1, 0
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    for e in rows.yield_per(2000):
        n += 1
        if e.seq != expected:
            return ChainReport(n, expected, f"event {expected} is missing")
        if e.prev_hash != prev:
            return ChainReport(n, e.seq, "its link to the event before does not match")
        digest = event_hash(prev, e.seq, e.at, e.actor_id, e.actor, e.code, e.params, e.case_id)
        if digest != e.hash:
            return ChainReport(n, e.seq, "its content does not match its hash")
        prev, expected = e.hash, expected + 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if head is not None and (head.seq != n or head.hash != prev):
        return ChainReport(n, n + 1 if head.seq > n else n, "events after it were removed")
    return ChainReport(n, None, None)
