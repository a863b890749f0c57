"""A grievance and its history. Times are UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cybersetu.db.base import Base, utcnow


class GrievanceCounter(Base):
    """The last grievance number given in a year (locked while taken, like the complaints')."""

    __tablename__ = "grievance_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Grievance(Base):
    __tablename__ = "grievances"
    __table_args__ = (
        Index("ix_grievances_zone_status", "zone", "status"),
        Index("ix_grievances_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ack: Mapped[str] = mapped_column(String(20), unique=True)
    """`GRV-YYYY-NNNNNN`."""
    status: Mapped[str] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text)
    """As written, with any Aadhaar number masked before it is stored."""
    account: Mapped[str | None] = mapped_column(String(120))
    """The trader's account (for a frozen account: `IFSC:number` or a UPI ID)."""
    station: Mapped[str] = mapped_column(String(8))
    zone: Mapped[str] = mapped_column(String(24))
    locality: Mapped[str | None] = mapped_column(String(120))
    filed_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    nodal_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated_at: Mapped[datetime | None]
    """When the sweeper found it overdue and escalated it to the supervisor."""
    info_requested_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(String(16))
    """`satisfied` or `not_satisfied`."""
    closed_at: Mapped[datetime | None]

    history: Mapped[list[GrievanceAction]] = relationship(
        back_populates="grievance", order_by="GrievanceAction.id", cascade="all, delete-orphan"
    )


class GrievanceAction(Base):
    """One step of a grievance (filed, accepted, information asked, ...), with its note: what
    both sides see as the history. The audit log records the same step, hash-chained."""

    __tablename__ = "grievance_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    """The grievance's status after this step."""
    note: Mapped[str | None] = mapped_column(Text)

    grievance: Mapped[Grievance] = relationship(back_populates="history")


class GrievanceAttachment(Base):
    """A file attached to a grievance: its bytes are stored under `<sha256>.<ext>`."""

    __tablename__ = "grievance_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    """`pdf`, `jpeg` or `png`, as the content says."""
    size: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    """The uploaded file's name, shown only."""
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
