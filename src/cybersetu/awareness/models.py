"""Awareness sessions held. Times are UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cybersetu.db.base import Base, utcnow


class AwarenessSession(Base):
    __tablename__ = "awareness_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    station: Mapped[str] = mapped_column(String(8))
    place: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(24))
    mo: Mapped[str] = mapped_column(String(40))
    """The topic: the fraud type the session was about."""
    held_at: Mapped[datetime]
    attendance: Mapped[int]
    officer: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
