"""The outbox: one row per message to send. Amounts and codes are already in the body."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cybersetu.db.base import Base, utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next_at", "status", "next_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    """What the message is about (`case.registered:17`): the same event is never queued twice."""
    channel: Mapped[str] = mapped_column(String(8))
    """`sms` or `email`."""
    recipient: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    """The message's code in `outbox.messages.MESSAGES`."""
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Its parameters, without secrets (a one-time code is only in the body)."""
    locale: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    """The text as sent, in the recipient's language; a one-time code's body is blanked once
    it is sent."""
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    """`pending` → `sending` → `sent`; `failed` after the last attempt."""
    attempts: Mapped[int] = mapped_column(default=0)
    next_at: Mapped[datetime] = mapped_column(default=utcnow)
    """When the next attempt may be made."""
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
