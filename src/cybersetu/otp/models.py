"""One-time codes, stored hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cybersetu.db.base import Base, utcnow


class OneTimeCode(Base):
    __tablename__ = "one_time_codes"
    __table_args__ = (Index("ix_one_time_codes_mobile_created_at", "mobile", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    """`track` (a victim opens a complaint) or `register` (a trader signs up)."""
    mobile: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(40), default="")
    """What the code opens: the complaint's acknowledgement number for `track`."""
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of salt and code: the code itself is only in the message."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
