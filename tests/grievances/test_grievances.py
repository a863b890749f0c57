"""Grievances: routing, deadlines, scope, the workflow, and the sweeper's escalation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.audit.service import verify_chain
from cybersetu.authz.actor import Actor
from cybersetu.errors import InputError
from cybersetu.grievances import service
from cybersetu.grievances.models import Grievance
from cybersetu.grievances.service import FieldError, GrievanceInput
from cybersetu.grievances.workflow import TransitionError
from cybersetu.sweeper.registry import jobs, sweep

T0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
FROZEN = GrievanceInput(
    category="frozen_account",
    description="मेरा करंट खाता फ्रीज़ है, आधार 2345 6789 0124 लगाया था",
    station="KTW",
    account="SBIN0001234:30012345678",
)


def file(db: sessionmaker[Session], actor: Actor, data: GrievanceInput = FROZEN) -> Grievance:
    with db() as s:
        return service.do_file_grievance(s, data, actor=actor, now=T0)


def codes(db: sessionmaker[Session]) -> list[str]:
    with db() as s:
        return list(s.scalars(select(AuditEvent.code).order_by(AuditEvent.seq)))


def test_filed_routed_with_its_deadline(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    g = file(db, as_user["tr_ktw"])
    assert g.ack == "GRV-2026-000001"
    assert g.zone == "Central"
    assert g.nodal_officer_id == as_user["no_central"].user_id
    assert g.due_at == T0 + timedelta(days=7)
    assert "2345 6789 0124" not in g.description  # Aadhaar masked before it is stored
    other = file(
        db,
        as_user["tr_ktw"],
        GrievanceInput("traffic_market", "Encroachment blocks the market road.", "KLP"),
    )
    assert other.ack == "GRV-2026-000002"
    assert other.zone == "West"
    assert other.nodal_officer_id == as_user["no_west"].user_id
    assert other.due_at == T0 + timedelta(days=10)
    assert codes(db)[-2:] == ["grievance.filed", "grievance.filed"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "parking"}, "category"),
        ({"description": "  "}, "description"),
        ({"station": "ZZZ"}, "station"),
        ({"account": None}, "account"),  # a frozen account must be named
        ({"account": "x\ny"}, "account"),
    ],
)
def test_bad_input_is_refused_per_field(
    db: sessionmaker[Session], as_user: dict[str, Actor], change: dict[str, str], field: str
) -> None:
    data = GrievanceInput(**{**FROZEN.__dict__, **change})
    with db() as s, pytest.raises(FieldError) as err:
        service.do_file_grievance(s, data, actor=as_user["tr_ktw"])
    assert field in err.value.errors


def test_only_traders_file(db: sessionmaker[Session], as_user: dict[str, Actor]) -> None:
    with db() as s, pytest.raises(InputError):
        service.do_file_grievance(s, FROZEN, actor=as_user["hd_ktw"])


def test_a_trader_sees_only_its_own(db: sessionmaker[Session], as_user: dict[str, Actor]) -> None:
    g = file(db, as_user["tr_ktw"])
    with db() as s:
        assert service.get_grievance(s, g.ack, actor=as_user["tr_ktw"]) is not None
        assert service.get_grievance(s, g.ack, actor=as_user["tr_swn"]) is None
        assert service.get_grievance(s, g.ack, actor=as_user["no_central"]) is not None
        assert service.get_grievance(s, g.ack, actor=as_user["no_west"]) is None
        assert service.get_grievance(s, g.ack, actor=as_user["sup"]) is not None
        assert service.get_grievance(s, g.ack, actor=as_user["inv"]) is None
        assert [x.ack for x in service.list_grievances(s, actor=as_user["tr_swn"])] == []
        assert [x.ack for x in service.list_grievances(s, actor=as_user["no_west"])] == []
        assert [x.ack for x in service.list_grievances(s, actor=as_user["no_central"])] == [g.ack]
    # moves on a grievance one may not see are refused as if it did not exist
    with db() as s, pytest.raises(service.GrievanceNotFound):
        service.do_accept(s, g.id, actor=as_user["no_west"])
    with db() as s, pytest.raises(service.GrievanceNotFound):
        service.do_rate(s, g.id, satisfied=True, actor=as_user["tr_swn"])


def test_the_whole_way_with_an_appeal(db: sessionmaker[Session], as_user: dict[str, Actor]) -> None:
    nodal, trader, sup = as_user["no_central"], as_user["tr_ktw"], as_user["sup"]
    g = file(db, trader)
    with db() as s:
        service.do_accept(s, g.id, actor=nodal)
    with db() as s:
        service.do_ask_info(
            s, g.id, "Which bank froze it?", actor=nodal, now=T0 + timedelta(days=1)
        )
    with db() as s:
        got = service.do_give_info(s, g.id, "SBI", actor=trader, now=T0 + timedelta(days=3))
    assert got.status == "accepted"
    assert got.due_at == T0 + timedelta(days=9)  # the two days waited are given back
    with db() as s, pytest.raises(TransitionError):
        service.do_rate(s, g.id, satisfied=True, actor=trader)  # nothing resolved yet
    with db() as s:
        service.do_resolve(s, g.id, "Bank asked to limit the lien.", actor=nodal)
    with db() as s, pytest.raises(FieldError):
        service.do_rate(s, g.id, satisfied=False, actor=trader)  # an appeal says why
    with db() as s:
        appealed = service.do_rate(s, g.id, satisfied=False, reason="Still frozen", actor=trader)
    assert appealed.status == "appealed"
    with db() as s:
        back = service.do_decide_appeal(s, g.id, uphold=False, note="Follow up", actor=sup)
    assert back.status == "accepted"
    assert back.resolution is None
    with db() as s:
        service.do_resolve(s, g.id, "Lien limited to ₹1,400; rest released.", actor=nodal)
    with db() as s:
        closed = service.do_rate(s, g.id, satisfied=True, actor=trader)
    assert closed.status == "closed"
    assert closed.closed_at is not None
    with db() as s, pytest.raises(TransitionError):
        service.do_resolve(s, g.id, "again", actor=nodal)
    with db() as s:
        history = service.get_grievance(s, g.ack, actor=trader)
        assert history is not None
        steps = [h.action for h in history.history]
    assert steps == [
        "filed",
        "accepted",
        "info_requested",
        "info_given",
        "resolved",
        "rated",
        "appealed",
        "appeal_decided",
        "resolved",
        "rated",
    ]
    assert [c for c in codes(db) if c.startswith("grievance.")] == [f"grievance.{a}" for a in steps]
    with db() as s:
        assert verify_chain(s).intact


def test_the_deadline_never_goes_beyond_30_days(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    g = file(db, as_user["tr_ktw"])
    with db() as s:
        service.do_ask_info(s, g.id, "Statement?", actor=as_user["no_central"], now=T0)
    with db() as s:
        later = service.do_give_info(
            s, g.id, "Here", actor=as_user["tr_ktw"], now=T0 + timedelta(days=40)
        )
    assert later.due_at == T0 + timedelta(days=30)


def test_transfer_moves_it_to_the_other_zone(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    g = file(db, as_user["tr_ktw"])
    with db() as s, pytest.raises(FieldError):
        service.do_transfer(s, g.id, "Central", "same", actor=as_user["no_central"])
    with db() as s:
        moved = service.do_transfer(
            s, g.id, "West", "Shop is in Kalyanpur", actor=as_user["no_central"]
        )
    assert moved.zone == "West"
    assert moved.nodal_officer_id == as_user["no_west"].user_id
    assert moved.due_at == g.due_at
    with db() as s:
        assert service.get_grievance(s, g.ack, actor=as_user["no_central"]) is None
        assert service.get_grievance(s, g.ack, actor=as_user["no_west"]) is not None


def test_the_sweeper_escalates_overdue_once(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    assert "grievances.overdue" in jobs()
    late = file(db, as_user["tr_ktw"])
    waiting = file(db, as_user["tr_ktw"])
    with db() as s:
        service.do_ask_info(s, waiting.id, "Statement?", actor=as_user["no_central"], now=T0)
    early = sweep(db, T0 + timedelta(days=7))  # due at exactly this moment: not yet late
    assert early.escalated == 0
    report = sweep(db, T0 + timedelta(days=7, minutes=1))
    [result] = [r for r in report.results if r.name == "grievances.overdue"]
    assert result.escalated == (late.ack,)  # the one waiting for the trader's answer is paused
    assert sweep(db, T0 + timedelta(days=8)).escalated == 0  # escalated once, not every minute
    with db() as s:
        g = s.get(Grievance, late.id)
        assert g is not None
        assert g.escalated_at == T0 + timedelta(days=7, minutes=1)
        event = s.scalars(select(AuditEvent).where(AuditEvent.code == "grievance.escalated")).one()
        assert event.actor == "sweeper"
        assert event.params["ack"] == late.ack


def test_a_failing_job_does_not_stop_the_others(
    db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybersetu.sweeper import registry

    def broken(_s: Session, _now: datetime) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setitem(registry._JOBS, "aaa.broken", broken)
    report = sweep(db, T0)
    assert [r.name for r in report.failed] == ["aaa.broken"]
    assert any(r.name == "grievances.overdue" and r.error is None for r in report.results)
    with pytest.raises(ValueError, match="aware"):
        sweep(db, datetime(2026, 1, 1))  # noqa: DTZ001 - the point: a naive time is refused
