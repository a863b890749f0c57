"""Banks answer hold requests: the answer is checked, recorded once, and money that moved on is
asked for at the next bank at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.authz.actor import Actor
from cybersetu.cases import service as cases
from cybersetu.cases.models import Case, HoldRequest, HoldResponse
from cybersetu.cases.service import FieldError
from cybersetu.cases.tracing import DueTimes
from cybersetu.holds import service
from cybersetu.holds.service import (
    OnwardPayment,
    RequestNotFoundError,
    ResponseConflictError,
    ResponseInput,
    parse_onward_lines,
)
from cybersetu.officers.service import actor_of, do_create_user
from cybersetu.trail.access import LedgerAccess
from tests.cases.test_register import actor, complaint, register
from tests.desk import PASSWORD

NEXT_BANK = "KKBK"
NEXT_ACCOUNT = "KKBK0004567:7711223344"


@dataclass
class Sent:
    case_id: int
    ack: str
    request_id: int
    bank: str
    account: str
    traced: int
    layer: int
    officer: Actor


def _bank_officer(
    db: sessionmaker[Session], bank: str, name: str, mobile: str | None = None
) -> Actor:
    with db() as s:
        user = do_create_user(
            s,
            actor=Actor.system("test"),
            username=name,
            role="bank_officer",
            password=PASSWORD,
            bank=bank,
            mobile=mobile,
        )
        return actor_of(user)


def _sent_case(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> Sent:
    """The first complaint of the tiny city with money to hold at one account of a bank,
    verified and its requests sent."""
    inv = actor(db, "inv")
    for c in city_complaints:
        case = register(db, access, complaint(c))
        hold = next(
            (
                r
                for r in case.hold_requests
                if len(r.accounts) == 1 and r.kind == "hold" and r.bank != NEXT_BANK
            ),
            None,
        )
        if hold is None:
            continue
        with db() as s:
            cases.do_verify(s, case.id, actor=inv)
            cases.do_send_holds(s, access, case.id, actor=inv)
        account = hold.accounts[0]
        return Sent(
            case.id,
            case.ack,
            hold.id,
            hold.bank,
            account["account"],
            int(account["amount_paise"]),
            int(account["layer"]),
            _bank_officer(db, hold.bank, f"bank.{hold.bank.lower()}"),
        )
    raise AssertionError("no complaint of the tiny city has money held at one account")


def _moved_on(sent: Sent, access: LedgerAccess, amount: int | None = None) -> ResponseInput:
    end = access.end()
    assert end is not None
    return ResponseInput(
        status="moved_on",
        onward=(
            OnwardPayment(
                txn_id=f"ONW{sent.request_id:09d}",
                ts=end + timedelta(minutes=1),
                amount_paise=amount or sent.traced,
                dst_account=NEXT_ACCOUNT,
                channel="IMPS",
                dst_bank=NEXT_BANK,
            ),
        ),
    )


def test_money_moved_on_is_asked_for_at_the_next_bank_at_once(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = _sent_case(db, access, city_complaints)
    now = datetime.now(UTC)
    with db() as s:
        before = s.get(Case, sent.case_id)
        assert before is not None
        to_hold_before = before.to_hold_paise
        result = service.do_record_response(
            s,
            access,
            sent.request_id,
            _moved_on(sent, access),
            actor=sent.officer,
            idempotency_key="k-1",
            due=DueTimes(hold=timedelta(minutes=30)),
            now=now,
        )
    assert len(result.next_requests) == 1
    with db() as s:
        nxt = s.get(HoldRequest, result.next_requests[0])
        assert nxt is not None
        assert (nxt.bank, nxt.layer, nxt.status) == (NEXT_BANK, sent.layer + 1, "sent")
        assert [a.account for a in nxt.account_rows] == [NEXT_ACCOUNT]
        assert nxt.account_rows[0].amount_paise == sent.traced
        # the next layer is on the golden-hour clock, whatever the kind of its accounts
        assert nxt.due_at is not None
        assert abs((nxt.due_at - now) - timedelta(minutes=30)) < timedelta(seconds=1)
        answered = s.get(HoldRequest, sent.request_id)
        assert answered is not None
        assert (answered.status, answered.answer) == ("answered", "moved_on")
        case = s.get(Case, sent.case_id)
        assert case is not None
        # the money left the account that held it: less to hold there, now asked of the next bank
        assert case.to_hold_paise == to_hold_before - sent.traced
        parts = ("to_hold", "cash_out", "merchants", "unknown_banks", "untraced")
        assert sum(getattr(case, f"{p}_paise") for p in parts) == case.stolen_paise
        codes = list(s.scalars(select(AuditEvent.code).where(AuditEvent.case_id == case.id)))
        assert "hold.answered" in codes
        assert "case.next_layer" in codes
    # the next bank sees its request, the first bank no longer has it open
    nxt_officer = _bank_officer(db, NEXT_BANK, "bank.next")
    with db() as s:
        mine = service.requests_for_bank(s, actor=nxt_officer)
        # (the case may also have asked this bank about a merchant it paid: a lien request)
        assert [r.id for r in mine if r.kind != "lien"] == list(result.next_requests)
        still_open = service.requests_for_bank(s, actor=sent.officer, status="open")
        assert sent.request_id not in [r.id for r in still_open]
    # and the ledger remembers what was asked, so the next bank's answer is checked too
    with db() as s:
        onward = service.do_record_response(
            s,
            access,
            result.next_requests[0],
            ResponseInput("held", held_paise=sent.traced, lien_ref="LIEN-1"),
            actor=nxt_officer,
            idempotency_key="k-2",
        )
        assert onward.next_requests == ()


def test_a_replay_is_recorded_once_and_a_reused_key_refused(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = _sent_case(db, access, city_complaints)
    answer = _moved_on(sent, access)
    with db() as s:
        first = service.do_record_response(
            s, access, sent.request_id, answer, actor=sent.officer, idempotency_key="same"
        )
    with db() as s:
        again = service.do_record_response(
            s, access, sent.request_id, answer, actor=sent.officer, idempotency_key="same"
        )
    assert again.replayed
    assert again.body() == first.body()
    with db() as s:
        assert s.scalar(select(func.count()).select_from(HoldResponse)) == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(HoldRequest)
                .where(HoldRequest.case_id == sent.case_id, HoldRequest.layer == sent.layer + 1)
            )
            == 1
        )
        with pytest.raises(ResponseConflictError, match="different answer"):
            service.do_record_response(
                s,
                access,
                sent.request_id,
                ResponseInput("no_balance"),
                actor=sent.officer,
                idempotency_key="same",
            )
        with pytest.raises(ResponseConflictError, match="answered already"):
            service.do_record_response(
                s,
                access,
                sent.request_id,
                ResponseInput("no_balance"),
                actor=sent.officer,
                idempotency_key="other",
            )


def test_refusals_other_bank_more_than_traced_and_unknown_accounts(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = _sent_case(db, access, city_complaints)
    other = _bank_officer(db, NEXT_BANK, "bank.other")
    with db() as s:
        # another bank's request does not exist for this officer
        with pytest.raises(RequestNotFoundError):
            service.do_record_response(
                s,
                access,
                sent.request_id,
                ResponseInput("no_balance"),
                actor=other,
                idempotency_key="x",
            )
        with pytest.raises(FieldError) as more:
            service.do_record_response(
                s,
                access,
                sent.request_id,
                ResponseInput("held", held_paise=sent.traced + 1),
                actor=sent.officer,
                idempotency_key="x",
            )
        assert "held_amount" in more.value.errors
        stray = ResponseInput(
            "moved_on",
            onward=(
                OnwardPayment(
                    "ONW-STRAY",
                    datetime.now(UTC),
                    100,
                    NEXT_ACCOUNT,
                    "IMPS",
                    src_account="SBIN0000001:12345678901",
                ),
            ),
        )
        with pytest.raises(FieldError) as wrong:
            service.do_record_response(
                s, access, sent.request_id, stray, actor=sent.officer, idempotency_key="y"
            )
        assert "onward[0].src_account" in wrong.value.errors
        # nothing of the refused answers was recorded
        assert s.scalar(select(func.count()).select_from(HoldResponse)) == 0
        request = s.get(HoldRequest, sent.request_id)
        assert request is not None
        assert request.status == "sent"


def test_a_hold_moves_the_case_to_partly_held_or_held(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = _sent_case(db, access, city_complaints)
    with db() as s:
        service.do_record_response(
            s,
            access,
            sent.request_id,
            ResponseInput("held", held_paise=sent.traced, lien_ref="L/1"),
            actor=sent.officer,
            idempotency_key="h",
        )
    with db() as s:
        case = s.get(Case, sent.case_id)
        assert case is not None
        expected = "held" if sent.traced >= case.to_hold_paise else "partly_held"
        assert case.status == expected
        request = s.get(HoldRequest, sent.request_id)
        assert request is not None
        assert request.held_paise == sent.traced


def test_onward_lines_are_read_with_their_line_numbers() -> None:
    rows, errors = parse_onward_lines(
        "612345678901, 2026-01-06T14:35:00+05:30, 25000.00, ICIC0001234:123456789012, imps\n"
        "\n"
        "bad line\n"
        "612345678902, yesterday, 10.00, ICIC0001234:1234, UPI\n"
        "612345678903, 2026-01-06T14:36:00, 5.00, ICIC0001234:1234, FAX\n"
    )
    assert [r.txn_id for r in rows] == ["612345678901"]
    assert rows[0].channel == "IMPS"
    assert rows[0].amount_paise == 2_500_000
    assert set(errors) == {"onward[2]", "onward[3]", "onward[4]"}
    assert errors["onward[3]"].startswith("Line 3:")


def test_an_overdue_request_is_escalated_once(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = _sent_case(db, access, city_complaints)
    with db() as s:
        request = s.get(HoldRequest, sent.request_id)
        assert request is not None
        assert request.due_at is not None
        due = request.due_at
    system = Actor.system("sweeper")
    with db() as s:
        assert service.do_escalate_overdue(s, actor=system, now=due - timedelta(seconds=1)) == []
    with db() as s:
        late = service.do_escalate_overdue(s, actor=system, now=due + timedelta(minutes=1))
        assert sent.request_id in [r.id for r in late]
    with db() as s:
        assert service.do_escalate_overdue(s, actor=system, now=due + timedelta(minutes=2)) == []
        assert sent.request_id in [r.id for r in service.escalated(s)]
        codes = list(
            s.scalars(
                select(AuditEvent.code).where(
                    AuditEvent.case_id == sent.case_id, AuditEvent.code == "hold.escalated"
                )
            )
        )
        assert len(codes) == len([r for r in late if r.case_id == sent.case_id])
    # an answer takes it off the queue
    with db() as s:
        service.do_record_response(
            s,
            access,
            sent.request_id,
            ResponseInput("no_balance"),
            actor=sent.officer,
            idempotency_key="late",
        )
        assert sent.request_id not in [r.id for r in service.escalated(s)]


def test_the_banks_escalation_contact_hears_of_an_overdue_request_once(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    from cybersetu.outbox.models import OutboxMessage

    sent = _sent_case(db, access, city_complaints)
    _bank_officer(db, sent.bank, "bank.contact", mobile="+91 98390 12345")
    with db() as s:
        request = s.get(HoldRequest, sent.request_id)
        assert request is not None
        assert request.due_at is not None
        late = request.due_at + timedelta(minutes=5)
    for minutes in (0, 1):  # the sweeper runs again: nothing is told twice
        with db() as s:
            service.do_escalate_overdue(
                s, actor=Actor.system("sweeper"), now=late + timedelta(minutes=minutes)
            )
    with db() as s:
        told = s.scalars(select(OutboxMessage).where(OutboxMessage.code == "hold.overdue")).all()
        mine = [m for m in told if sent.ack in m.body]
    # the officer with a mobile number, once; the bank's officer without one hears nothing
    assert [m.recipient for m in mine] == ["9839012345"]
    assert "overdue" in mine[0].body


def test_the_scoreboard_counts_answers_holds_and_overdue_per_bank(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    from cybersetu.holds.scoreboard import bank_scoreboard

    sent = _sent_case(db, access, city_complaints)
    with db() as s:
        request = s.get(HoldRequest, sent.request_id)
        assert request is not None
        assert request.sent_at is not None
        answered_at = request.sent_at + timedelta(minutes=20)
        service.do_record_response(
            s,
            access,
            sent.request_id,
            ResponseInput("held", held_paise=sent.traced // 2 or 1, lien_ref="L"),
            actor=sent.officer,
            idempotency_key="score",
            now=answered_at,
        )
    with db() as s:
        board = {b.bank: b for b in bank_scoreboard(s, answered_at + timedelta(days=2))}
        mine = board[sent.bank]
        assert mine.answered >= 1
        assert mine.hold_seconds == [1200.0]
        assert mine.answer_p50 == 1200.0
        assert mine.held_paise == (sent.traced // 2 or 1)
        assert mine.requested_paise >= sent.traced
        # every other request of the case is still open, and two days on, overdue
        others = [b for b in board.values() if b.bank != sent.bank]
        assert all(b.open == b.overdue == b.sent for b in others)


def test_the_sweeper_escalates_overdue_hold_requests(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    from cybersetu.sweeper.registry import jobs, sweep

    assert "hold_requests.overdue" in jobs()
    sent = _sent_case(db, access, city_complaints)
    with db() as s:
        request = s.get(HoldRequest, sent.request_id)
        assert request is not None
        assert request.due_at is not None
        late = request.due_at + timedelta(minutes=5)
    report = sweep(db, late, only=["hold_requests.overdue"])
    assert report.failed == ()
    assert report.escalated >= 1
    assert sweep(db, late, only=["hold_requests.overdue"]).escalated == 0
