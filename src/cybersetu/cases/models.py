"""A case and what hangs off it. Amounts are integer paise; times are UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cybersetu.db.base import Base, utcnow


class AckCounter(Base):
    """The last acknowledgement number given in a year: taking the next one locks the row, so
    numbers are unique and gap-free even when many desks submit at once."""

    __tablename__ = "ack_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_station_created_at", "station", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ack: Mapped[str] = mapped_column(String(20), unique=True)
    """`KNP-YYYY-NNNNNN`."""
    status: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(16))
    station: Mapped[str] = mapped_column(String(8))
    complainant_name: Mapped[str] = mapped_column(String(200))
    complainant_mobile: Mapped[str | None] = mapped_column(String(16))
    complainant_address: Mapped[str | None] = mapped_column(Text)
    narrative: Mapped[str] = mapped_column(Text)
    """As told, with any Aadhaar number masked before it is stored."""
    language: Mapped[str] = mapped_column(String(12))
    mo: Mapped[str] = mapped_column(String(40))
    mo_confidence: Mapped[float]
    mo_alternatives: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    complete_by: Mapped[datetime | None]
    """A 1930 call must be completed as an online complaint within 24 hours."""
    first_payment_at: Mapped[datetime | None]
    """The golden-hour clock starts here."""
    verified_at: Mapped[datetime | None]
    holds_sent_at: Mapped[datetime | None]
    traced_at: Mapped[datetime | None]
    stolen_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    to_hold_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_out_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    merchants_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    unknown_banks_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    untraced_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    trail: Mapped[dict[str, Any] | None]
    """The trail as `trail_to_dict` gives it (amounts in rupees), for the case page."""
    trace_note: Mapped[str | None] = mapped_column(String(300))
    """Why there is no trail (no payment in the ledger yet), for the case page."""
    request_ref: Mapped[str | None] = mapped_column(String(80))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    restored_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    """Credited back to the victim by the banks (`cybersetu.restoration`)."""
    closed_at: Mapped[datetime | None]
    """When the case was closed, rejected or merged."""
    close_reason: Mapped[str | None] = mapped_column(String(500))

    transactions: Mapped[list[CaseTransaction]] = relationship(
        back_populates="case", order_by="CaseTransaction.id", cascade="all, delete-orphan"
    )
    identifiers: Mapped[list[CaseIdentifier]] = relationship(
        back_populates="case", order_by="CaseIdentifier.id", cascade="all, delete-orphan"
    )
    hold_requests: Mapped[list[HoldRequest]] = relationship(
        back_populates="case", order_by="HoldRequest.id", cascade="all, delete-orphan"
    )
    notes: Mapped[list[CaseNote]] = relationship(
        back_populates="case", order_by="CaseNote.id", cascade="all, delete-orphan"
    )


class CaseTransaction(Base):
    """A fraudulent payment the complaint names."""

    __tablename__ = "case_transactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    txn_id: Mapped[str] = mapped_column(String(64), index=True)
    ts: Mapped[datetime | None]
    amount_paise: Mapped[int | None] = mapped_column(BigInteger)
    victim_account: Mapped[str | None] = mapped_column(String(120))
    beneficiary: Mapped[str | None] = mapped_column(String(120))
    in_ledger: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(back_populates="transactions")


class CaseIdentifier(Base):
    """One normalised identifier of a case (UTR, UPI ID, phone, account, IFSC, URL): the rows
    that link cases which share one."""

    __tablename__ = "case_identifiers"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "value"),
        Index("ix_case_identifiers_kind_value", "kind", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(200))

    case: Mapped[Case] = relationship(back_populates="identifiers")


class HoldRequest(Base):
    """One bank's hold request (or request for information) of a case."""

    __tablename__ = "hold_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    bank: Mapped[str] = mapped_column(String(12))
    """IFSC prefix, e.g. `HDFC` (or `UNKNOWN`)."""
    bank_name: Mapped[str] = mapped_column(String(120))
    amount_paise: Mapped[int] = mapped_column(BigInteger)
    accounts: Mapped[list[Any]] = mapped_column(JSON)
    """[{"account", "action", "layer", "amount_paise", "chains"}]"""
    reference: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="drafted")
    """`drafted` → `sent` → `answered` (see `holds.service`)."""
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    layer: Mapped[int] = mapped_column(default=1)
    """The lowest layer of its accounts: 1 received from the victim."""
    kind: Mapped[str] = mapped_column(String(12), default="hold")
    """`hold` (a golden-hour hold request) or `information` (a request for information)."""
    due_at: Mapped[datetime | None]
    """When the bank must have answered: set when the request is sent."""
    answered_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(String(20))
    """The bank's answer: held, moved_on, withdrawn, no_balance, not_our_customer."""
    held_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    escalated_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship(back_populates="hold_requests")
    account_rows: Mapped[list[HoldAccount]] = relationship(
        back_populates="request", order_by="HoldAccount.id", cascade="all, delete-orphan"
    )


class HoldAccount(Base):
    """One account of a hold request, normalised: the rows that find every case whose trail
    passes through an account when its bank answers."""

    __tablename__ = "hold_accounts"
    __table_args__ = (Index("ix_hold_accounts_account", "account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hold_requests.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    account: Mapped[str] = mapped_column(String(120))
    layer: Mapped[int]
    action: Mapped[str] = mapped_column(String(12))
    amount_paise: Mapped[int] = mapped_column(BigInteger)

    request: Mapped[HoldRequest] = relationship(back_populates="account_rows")
    case: Mapped[Case] = relationship()


class HoldResponse(Base):
    """A bank's answer to one hold request, as given (API or portal). The idempotency key makes
    a replay return the first answer's result instead of recording it twice."""

    __tablename__ = "hold_responses"
    __table_args__ = (UniqueConstraint("request_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hold_requests.id"), index=True)
    bank: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20))
    held_paise: Mapped[int | None] = mapped_column(BigInteger)
    lien_ref: Mapped[str | None] = mapped_column(String(80))
    onward: Mapped[list[Any]] = mapped_column(JSON, default=list)
    withdrawn: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the answer's content: the same key with other content is refused."""
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    """What the first call answered (`response_id`, `next_requests`)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CaseNote(Base):
    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="notes")
