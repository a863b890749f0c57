"""A trader meeting and its action items. Times are UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cybersetu.db.base import Base, utcnow


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    """`scheduled` or `held`."""
    agenda: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """[{"text", "carried_item_id"}]: the items carried forward name the open action item."""
    attendees: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """[{"name", "body"}]: trade bodies and officers."""
    minutes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", order_by="ActionItem.id", cascade="all, delete-orphan"
    )


class ActionItem(Base):
    __tablename__ = "meeting_action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120))
    due_at: Mapped[datetime]
    grievance_ack: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(8), default="open")
    """`open` or `done`."""
    done_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="items")
