"""Held money back to the victim: the route, the order, the bank's credit (once per key), ₹
restored on the case, its states; and the 90-day hold clock's sweep."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.cases.models import Case, HoldRequest
from cybersetu.cases.service import FieldError
from cybersetu.holds import service as holds
from cybersetu.holds.service import RequestNotFoundError, ResponseInput
from cybersetu.outbox.models import OutboxMessage
from cybersetu.restoration import service
from cybersetu.restoration.letters import render_restoration
from cybersetu.restoration.models import HoldClockAlert, RestorationCredit
from cybersetu.restoration.service import (
    ADMINISTRATIVE,
    COURT,
    CreditInput,
    OrderInput,
    RestorationConflictError,
)
from cybersetu.trail.access import LedgerAccess
from tests.cases.test_register import actor
from tests.holds.test_answers import NEXT_BANK, Sent, _bank_officer, _sent_case

HELD_AT = datetime(2026, 1, 10, 6, 0, tzinfo=UTC)


def held_case(
    db: sessionmaker[Session],
    access: LedgerAccess,
    city_complaints: list[dict[str, Any]],
    *,
    stolen_paise: int | None = None,
) -> Sent:
    """A case whose bank held all that was traced at its one account (at `HELD_AT`)."""
    sent = _sent_case(db, access, city_complaints)
    with db() as s:
        holds.do_record_response(
            s,
            access,
            sent.request_id,
            ResponseInput("held", held_paise=sent.traced, lien_ref="LIEN-77"),
            actor=sent.officer,
            idempotency_key="held-1",
            now=HELD_AT,
        )
    if stolen_paise is not None:
        with db() as s, s.begin():
            case = s.get(Case, sent.case_id)
            assert case is not None
            case.stolen_paise = stolen_paise
    return sent


def _credit(amount: int, ref: str = "UTRCREDIT0001") -> CreditInput:
    return CreditInput(amount, ref, HELD_AT + timedelta(days=20))


def _status(db: sessionmaker[Session], case_id: int) -> Case:
    with db() as s:
        case = s.get(Case, case_id)
        assert case is not None
        s.expunge(case)
        return case


def test_route_order_credit_and_restored(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = held_case(db, access, city_complaints, stolen_paise=30_000_00)
    inv = actor(db, "inv")
    with db() as s:
        r = service.do_start_restoration(s, sent.case_id, sent.request_id, actor=inv)
        assert (r.route, r.amount_paise, r.status) == (ADMINISTRATIVE, sent.traced, "pending")
        rid = r.id
    assert _status(db, sent.case_id).status == "restoration_pending"
    with db() as s:
        # the same hold cannot be restored twice
        with pytest.raises(RestorationConflictError):
            service.do_start_restoration(s, sent.case_id, sent.request_id, actor=inv)
        # the bank may not credit before the order
        with pytest.raises(RestorationConflictError, match="No order"):
            service.do_confirm_credit(
                s, sent.request_id, _credit(100), actor=sent.officer, idempotency_key="c0"
            )
        with pytest.raises(FieldError):
            service.do_record_order(
                s, rid, OrderInput("", date(2026, 2, 1), "DCP Crime"), actor=inv
            )
        service.do_record_order(
            s, rid, OrderInput("ADM/2026/17", date(2026, 2, 1), "DCP Crime"), actor=inv
        )
        with pytest.raises(RestorationConflictError):
            service.do_record_order(
                s, rid, OrderInput("ADM/2026/18", date(2026, 2, 1), "DCP Crime"), actor=inv
            )
    half = sent.traced // 2
    with db() as s:
        # another bank's officer: the request does not exist for it
        other = _bank_officer(db, NEXT_BANK, "bank.other.r")
        with pytest.raises(RequestNotFoundError):
            service.do_confirm_credit(
                s, sent.request_id, _credit(half), actor=other, idempotency_key="c1"
            )
        first = service.do_confirm_credit(
            s, sent.request_id, _credit(half), actor=sent.officer, idempotency_key="c1"
        )
        assert first.body["case_status"] == "partly_restored"
    with db() as s:
        again = service.do_confirm_credit(
            s, sent.request_id, _credit(half), actor=sent.officer, idempotency_key="c1"
        )
        assert again.replayed
        assert again.body == first.body
        with pytest.raises(RestorationConflictError, match="different credit"):
            service.do_confirm_credit(
                s, sent.request_id, _credit(half + 1), actor=sent.officer, idempotency_key="c1"
            )
        with pytest.raises(FieldError) as more:
            service.do_confirm_credit(
                s, sent.request_id, _credit(sent.traced), actor=sent.officer, idempotency_key="c2"
            )
        assert "amount" in more.value.errors
    case = _status(db, sent.case_id)
    assert (case.status, case.restored_paise) == ("partly_restored", half)
    with db() as s:
        last = service.do_confirm_credit(
            s,
            sent.request_id,
            _credit(sent.traced - half, "UTRCREDIT0002"),
            actor=sent.officer,
            idempotency_key="c3",
        )
        assert last.body["left_amount"] == "0.00"
        assert s.scalar(select(func.count()).select_from(RestorationCredit)) == 2
    case = _status(db, sent.case_id)
    assert (case.status, case.restored_paise) == ("restored", sent.traced)
    with db() as s:
        service.do_close(s, sent.case_id, actor=inv)
        codes = list(s.scalars(select(AuditEvent.code).where(AuditEvent.case_id == sent.case_id)))
    assert _status(db, sent.case_id).status == "closed"
    with db() as s:
        told = s.scalars(
            select(OutboxMessage.body).where(OutboxMessage.code == "restoration.credited")
        ).all()
    assert len(told) == 2  # the victim hears of each credit once, not of the replay
    assert all(case.ack in body for body in told)
    for code in (
        "restoration.started",
        "restoration.ordered",
        "restoration.credited",
        "case.restoration_moved",
        "case.closed",
    ):
        assert code in codes


def test_a_loss_of_fifty_thousand_goes_to_court(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = held_case(db, access, city_complaints, stolen_paise=50_000_00)
    inv = actor(db, "inv")
    with db() as s:
        with pytest.raises(FieldError) as refused:
            service.do_start_restoration(
                s, sent.case_id, sent.request_id, actor=inv, route=ADMINISTRATIVE
            )
        assert "route" in refused.value.errors
        # a request with nothing held cannot be restored
        with pytest.raises(FieldError):
            service.do_start_restoration(s, sent.case_id, sent.request_id + 999, actor=inv)
        r = service.do_start_restoration(s, sent.case_id, sent.request_id, actor=inv)
        assert r.route == COURT
        case = s.get(Case, sent.case_id)
        hold = s.get(HoldRequest, sent.request_id)
        assert case is not None
        assert hold is not None
        en = render_restoration(case, hold, r, "en", lien_ref="LIEN-77")
        hi = render_restoration(case, hold, r, "hi", lien_ref="LIEN-77")
    assert "section 503" in en
    assert case.ack in en
    assert "LIEN-77" in en
    assert "धारा 503" in hi
    assert case.ack in hi
    # the case is not restored, so it cannot be closed while the money is held
    with db() as s, pytest.raises(RestorationConflictError):
        service.do_close(s, sent.case_id, actor=inv)


def test_the_hold_clock_alerts_at_60_and_80_days_and_asks_release_at_90_once(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    from cybersetu.sweeper.registry import jobs, sweep

    assert "holds.clock" in jobs()
    sent = held_case(db, access, city_complaints, stolen_paise=80_000_00)
    # the bank's escalation contact, who is asked to release the lien at 90 days
    _bank_officer(db, sent.bank, "bank.lien.contact", mobile="9839011111")
    assert sweep(db, HELD_AT + timedelta(days=59), only=["holds.clock"]).escalated == 0
    report = sweep(db, HELD_AT + timedelta(days=61), only=["holds.clock"])
    assert report.failed == ()
    assert report.escalated == 1
    assert sweep(db, HELD_AT + timedelta(days=62), only=["holds.clock"]).escalated == 0
    # a sweep that missed days raises every step it passed, each once
    assert sweep(db, HELD_AT + timedelta(days=91), only=["holds.clock"]).escalated == 2
    assert sweep(db, HELD_AT + timedelta(days=95), only=["holds.clock"]).escalated == 0
    with db() as s:
        kinds = sorted(s.scalars(select(HoldClockAlert.kind)))
        assert kinds == ["day60", "day80", "release"]
        codes = list(s.scalars(select(AuditEvent.code).where(AuditEvent.case_id == sent.case_id)))
        assert codes.count("hold.clock_alert") == 2
        assert codes.count("hold.release_requested") == 1
        asked = s.scalars(select(OutboxMessage).where(OutboxMessage.code == "hold.release")).all()
        assert [m.recipient for m in asked] == ["9839011111"]
        assert sent.ack in asked[0].body
        [(hold, kind)] = service.clock_queue(s)
        assert (hold.id, kind) == (sent.request_id, "release")
    # released: once the other banks have answered, the case can be closed without a restoration
    with db() as s:
        others = s.scalars(
            select(HoldRequest).where(
                HoldRequest.case_id == sent.case_id, HoldRequest.status == "sent"
            )
        ).all()
        pending = [(r.id, r.bank) for r in others]
    for n, (request_id, bank) in enumerate(pending):
        officer = _bank_officer(db, bank, f"bank.rest{n}")
        with db() as s:
            holds.do_record_response(
                s,
                access,
                request_id,
                ResponseInput("no_balance"),
                actor=officer,
                idempotency_key=f"nb-{n}",
            )
    with db() as s:
        service.do_close(s, sent.case_id, actor=actor(db, "inv"))
    assert _status(db, sent.case_id).status == "closed"


def test_an_order_stops_the_clock(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    from cybersetu.sweeper.registry import sweep

    sent = held_case(db, access, city_complaints, stolen_paise=80_000_00)
    inv = actor(db, "inv")
    with db() as s:
        r = service.do_start_restoration(s, sent.case_id, sent.request_id, actor=inv)
        service.do_record_order(
            s, r.id, OrderInput("CJM/2026/301", date(2026, 2, 20), "CJM Kanpur Nagar"), actor=inv
        )
    assert sweep(db, HELD_AT + timedelta(days=95), only=["holds.clock"]).escalated == 0
    with db() as s:
        assert service.clock_queue(s) == []
        case = s.get(Case, sent.case_id)
        assert case is not None
        [clock] = service.clocks_of(s, case, HELD_AT + timedelta(days=95))
        assert clock.ordered
        assert clock.stage == "ok"
        assert clock.days == 95
