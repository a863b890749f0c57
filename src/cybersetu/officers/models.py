"""Users, their API tokens, and failed sign-ins (for throttling)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cybersetu.db.base import Base, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(24))
    station: Mapped[str | None] = mapped_column(String(8))
    """Police-station code, for station roles."""
    bank: Mapped[str | None] = mapped_column(String(12))
    """IFSC prefix (e.g. `HDFC`), for bank roles."""
    display_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    active: Mapped[bool] = mapped_column(default=True)
    session_epoch: Mapped[int] = mapped_column(default=0)
    """Part of every session cookie: raising it signs the user out everywhere."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    zones: Mapped[str | None] = mapped_column(String(120), default=None)
    """Zones of the commissionerate, comma-separated, for a nodal officer (issue 13)."""
    mobile: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    """The mobile number a citizen (or a self-registered trader) proved with a one-time code."""


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the token: the token itself is shown once and never stored."""
    prefix: Mapped[str] = mapped_column(String(12))
    """The first characters, to tell tokens apart in lists."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class LoginFailure(Base):
    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
