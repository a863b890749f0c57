"""The rest of the case workflow: allowed moves only, rejected and merged cases, each move
audited with its time."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.cases import service as cases
from cybersetu.cases.models import Case
from cybersetu.cases.service import FieldError
from cybersetu.cases.workflow import ALLOWED, FINAL, STATUS_LABELS, Status, TransitionError
from cybersetu.restoration import service
from cybersetu.trail.access import LedgerAccess
from tests.cases.test_register import actor, complaint, register


def test_every_state_has_a_label_and_final_states_go_nowhere() -> None:
    assert set(STATUS_LABELS) == set(Status) == set(ALLOWED)
    for state in FINAL:
        assert ALLOWED[state] == frozenset()
    # rejected only before any bank is asked; merged from every open state
    assert {s for s in Status if Status.REJECTED in ALLOWED[s]} == {
        Status.REGISTERED,
        Status.VERIFIED,
    }
    assert {s for s in Status if Status.MERGED in ALLOWED[s]} == set(Status) - FINAL - {
        Status.RESTORED
    }


def _codes(db: sessionmaker[Session], case_id: int) -> list[str]:
    with db() as s:
        return list(s.scalars(select(AuditEvent.code).where(AuditEvent.case_id == case_id)))


def test_reject_before_holds_and_not_after(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    inv = actor(db, "inv")
    first = register(db, access, complaint(city_complaints[0]))
    second = register(db, access, complaint(city_complaints[1]))
    with db() as s:
        with pytest.raises(FieldError):
            service.do_reject(s, first.id, "  ", actor=inv)
        service.do_reject(s, first.id, "Not a cyber fraud: a civil dispute", actor=inv)
    with db() as s:
        case = s.get(Case, first.id)
        assert case is not None
        assert case.status == "rejected"
        assert case.closed_at is not None
        # a rejected case is final
        with pytest.raises(TransitionError):
            service.do_merge(s, first.id, second.ack, actor=inv)
    assert "case.rejected" in _codes(db, first.id)
    sent = next(
        c
        for c in (register(db, access, complaint(x)) for x in city_complaints[2:])
        if c.hold_requests
    )
    with db() as s:
        cases.do_verify(s, sent.id, actor=inv)
        cases.do_send_holds(s, access, sent.id, actor=inv)
        with pytest.raises(TransitionError):
            service.do_reject(s, sent.id, "too late", actor=inv)


def test_merge_a_duplicate_into_its_original(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    inv = actor(db, "inv")
    original = register(db, access, complaint(city_complaints[0]))
    duplicate = register(db, access, complaint(city_complaints[0]))
    third = register(db, access, complaint(city_complaints[1]))
    with db() as s:
        with pytest.raises(FieldError):
            service.do_merge(s, duplicate.id, "KNP-1999-000001", actor=inv)
        with pytest.raises(FieldError):
            service.do_merge(s, duplicate.id, duplicate.ack, actor=inv)
        service.do_merge(s, duplicate.id, original.ack.lower(), actor=inv)
    with db() as s:
        case = s.get(Case, duplicate.id)
        assert case is not None
        assert (case.status, case.duplicate_of_id) == ("merged", original.id)
        # a merged case names no further original: the chain points at the first complaint
        with pytest.raises(FieldError, match="itself merged"):
            service.do_merge(s, third.id, duplicate.ack, actor=inv)
        # another station's help desk cannot see (so cannot name) a complaint of KTW
        with pytest.raises(FieldError):
            service.do_merge(s, third.id, original.ack, actor=actor(db, "hd_swn"))
    assert "case.merged" in _codes(db, duplicate.id)
