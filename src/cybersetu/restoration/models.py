"""Restorations of held money, the banks' credits to the victims, and the hold clock's alerts.
Amounts are integer paise; times are UTC."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cybersetu.cases.models import Case, HoldRequest
from cybersetu.db.base import Base, utcnow


class Restoration(Base):
    """Returning the amount one bank held on one hold request to the victim: one per request.

    `pending` (started, the application or letter drafted) → `ordered` (the magistrate's order,
    or the administrative approval, recorded) → `partly_credited` → `credited` (the bank has
    credited all of it to the victim)."""

    __tablename__ = "restorations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hold_requests.id"), unique=True)
    bank: Mapped[str] = mapped_column(String(12))
    amount_paise: Mapped[int] = mapped_column(BigInteger)
    """What the bank held, to be credited back."""
    route: Mapped[str] = mapped_column(String(16))
    """`administrative` (a loss under ₹50,000, MHA SOP of 2 January 2026) or `court` (s.503
    BNSS)."""
    status: Mapped[str] = mapped_column(String(16), default="pending")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    victim_account: Mapped[str | None] = mapped_column(String(120))
    """Where the bank credits the money: the account the victim paid from."""
    order_ref: Mapped[str | None] = mapped_column(String(100))
    """The court order's number, or the administrative approval's reference."""
    order_date: Mapped[date | None]
    order_authority: Mapped[str | None] = mapped_column(String(200))
    """The court (e.g. CJM Kanpur Nagar) or the approving officer."""
    ordered_at: Mapped[datetime | None]
    ordered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    credited_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    credited_at: Mapped[datetime | None]
    """When the last of it was credited."""
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship()
    request: Mapped[HoldRequest] = relationship()
    credits: Mapped[list[RestorationCredit]] = relationship(
        back_populates="restoration", order_by="RestorationCredit.id", cascade="all, delete-orphan"
    )


class RestorationCredit(Base):
    """A bank's confirmation that it credited (part of) a restoration to the victim. The
    idempotency key makes a replay return the first confirmation instead of counting it twice."""

    __tablename__ = "restoration_credits"
    __table_args__ = (UniqueConstraint("restoration_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    restoration_id: Mapped[int] = mapped_column(ForeignKey("restorations.id"), index=True)
    bank: Mapped[str] = mapped_column(String(12))
    amount_paise: Mapped[int] = mapped_column(BigInteger)
    credit_ref: Mapped[str] = mapped_column(String(64))
    """The UTR of the credit to the victim's account."""
    credited_at: Mapped[datetime]
    idempotency_key: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    restoration: Mapped[Restoration] = relationship(back_populates="credits")


class HoldClockAlert(Base):
    """One step of a hold's 90-day clock, raised once: `day60`, `day80` (alerts) and `release`
    (the release request at 90 days without a court or restoration order)."""

    __tablename__ = "hold_clock_alerts"
    __table_args__ = (UniqueConstraint("request_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hold_requests.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[HoldRequest] = relationship()
