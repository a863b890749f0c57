"""Audit events and the head of their hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cybersetu.db.base import Base


class AuditEvent(Base):
    """One change of state: who, when, an event code and its parameters (never an English
    sentence: the reader's language renders it), chained to the event before by hash."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_case_id_seq", "case_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[int | None]
    actor: Mapped[str] = mapped_column(String(64))
    """Username (or `system`) at the time: the log stays readable if the user is renamed."""
    code: Mapped[str] = mapped_column(String(48))
    params: Mapped[dict[str, Any]]
    case_id: Mapped[int | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the last sequence number and hash. Appending locks it, so that concurrent
    writers form one chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))
