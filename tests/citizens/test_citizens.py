"""The victim: told at registration and at each hold, opens their own complaint with a code
sent to its mobile number, and sees only complaints filed with that number."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.authz.policy import can_track_case
from cybersetu.cases.models import Case
from cybersetu.citizens.service import (
    do_citizen_sign_in,
    do_request_track_code,
    own_cases,
    victim_view,
)
from cybersetu.db.base import utcnow
from cybersetu.holds import service as holds
from cybersetu.holds.service import ResponseInput
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of
from cybersetu.otp.service import MAX_TRIES, PER_HOUR, TooManyCodesError
from cybersetu.outbox.models import OutboxMessage
from cybersetu.trail.access import LedgerAccess
from tests.cases.test_register import complaint, register
from tests.holds.test_answers import _sent_case

MOBILE = "9812345670"


def _messages(db: sessionmaker[Session], code: str) -> list[OutboxMessage]:
    with db() as s:
        query = select(OutboxMessage).where(OutboxMessage.code == code).order_by(OutboxMessage.id)
        return list(s.scalars(query))


def _with_mobile(c: dict[str, Any]) -> dict[str, Any]:
    return {**c, "complainant": {**c["complainant"], "mobile": MOBILE}}


def _sent_code(db: sessionmaker[Session]) -> str:
    body = _messages(db, "otp.track")[-1].body
    found = re.search(r"(?<![-\d])(\d{6})(?!\d)", body)  # not the number's tail
    assert found, body
    return found.group(1)


def test_the_victim_is_told_at_registration_in_their_language(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    case = register(db, access, complaint(_with_mobile(city_complaints[0])))
    (message,) = _messages(db, "case.registered")
    assert message.recipient == MOBILE
    assert case.ack in message.body
    assert message.locale == ("hi" if case.language in ("hi", "hinglish") else "en")


def test_a_code_goes_only_to_the_complaints_own_number(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    case = register(db, access, complaint(_with_mobile(city_complaints[0])))
    with db() as s:
        do_request_track_code(s, ack=case.ack, mobile="9000000001")  # not the complaint's
        do_request_track_code(s, ack="KNP-2026-999999", mobile=MOBILE)  # no such complaint
    assert _messages(db, "otp.track") == []
    with db() as s:
        do_request_track_code(s, ack=case.ack.lower(), mobile=f"+91 {MOBILE[:5]} {MOBILE[5:]}")
    (message,) = _messages(db, "otp.track")
    assert message.recipient == MOBILE
    assert case.ack in message.body
    with db() as s:
        sent = s.scalars(select(AuditEvent).where(AuditEvent.code == "otp.sent")).one()
    assert MOBILE not in str(sent.params)  # masked in the log


def test_the_right_code_signs_the_victim_in_once_and_wrong_ones_are_counted(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    case = register(db, access, complaint(_with_mobile(city_complaints[0])))
    with db() as s:
        do_request_track_code(s, ack=case.ack, mobile=MOBILE)
    code = _sent_code(db)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    with db() as s:
        assert do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=wrong) is None
        user = do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=code)
    assert user is not None
    assert user.role == "citizen"
    assert user.mobile == MOBILE
    assert MOBILE not in user.username  # a username must not tell whose it is
    with db() as s:
        assert do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=code) is None  # used
        failed = s.scalars(
            select(AuditEvent).where(AuditEvent.code == "citizen.sign_in_failed")
        ).all()
        assert len(failed) == 2
        # the next code finds the same citizen
        do_request_track_code(s, ack=case.ack, mobile=MOBILE)
    with db() as s:
        again = do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=_sent_code(db))
        assert again is not None
        assert again.id == user.id
        assert len(s.scalars(select(User).where(User.role == "citizen")).all()) == 3  # 2 + this


def test_a_code_allows_five_tries_expires_and_a_number_gets_three_an_hour(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    case = register(db, access, complaint(_with_mobile(city_complaints[0])))
    with db() as s:
        do_request_track_code(s, ack=case.ack, mobile=MOBILE)
    code = _sent_code(db)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    with db() as s:
        for _ in range(MAX_TRIES):
            assert do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=wrong) is None
        assert do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=code) is None
        do_request_track_code(s, ack=case.ack, mobile=MOBILE)
    late = utcnow() + timedelta(minutes=11)
    with db() as s:
        assert (
            do_citizen_sign_in(s, ack=case.ack, mobile=MOBILE, code=_sent_code(db), now=late)
            is None
        )
        for _ in range(PER_HOUR - 2):
            do_request_track_code(s, ack=case.ack, mobile=MOBILE)
        with pytest.raises(TooManyCodesError):
            do_request_track_code(s, ack=case.ack, mobile=MOBILE)


def test_the_victim_hears_of_each_hold_once_and_sees_it_in_their_view(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    sent = _sent_case(db, access, [_with_mobile(c) for c in city_complaints])
    answer = ResponseInput("held", held_paise=sent.traced, lien_ref="L/1")
    for _ in range(2):  # the bank's replay
        with db() as s:
            holds.do_record_response(
                s, access, sent.request_id, answer, actor=sent.officer, idempotency_key="h"
            )
    (message,) = _messages(db, "hold.held")
    assert message.recipient == MOBILE
    assert sent.ack in message.body
    with db() as s:
        case = s.get(Case, sent.case_id)
        assert case is not None
        view = victim_view(case)
        assert view.held_paise == sent.traced
        line = next(b for b in view.banks if b.held_paise)
        assert line.held_paise == sent.traced
        assert not line.waiting
        citizens = {u.username: actor_of(u) for u in s.scalars(select(User))}
        mine = actor_of(User(id=99, username="c", role="citizen", mobile=MOBILE, password_hash="x"))
        assert can_track_case(mine, case)
        assert not can_track_case(citizens["cit_other"], case)
        assert not can_track_case(citizens["hd_swn"], case)  # another station
        assert can_track_case(citizens["hd_ktw"], case)  # the help desk reads it out
        # every complaint filed with the number (the fixture registered a few), and no other
        mine_listed = own_cases(s, actor=mine)
        assert case.id in {c.id for c in mine_listed}
        assert {c.complainant_mobile for c in mine_listed} == {MOBILE}
        assert own_cases(s, actor=citizens["inv"]) == []
