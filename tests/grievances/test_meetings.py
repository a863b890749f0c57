"""Trader meetings: scheduled, minutes recorded, action items with owners and due dates; open
items carried onto the next agenda; printable minutes in Hindi and English."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.authz.actor import Actor
from cybersetu.errors import InputError
from cybersetu.grievances import service as grievances
from cybersetu.grievances.service import FieldError, GrievanceInput
from cybersetu.meetings import service
from cybersetu.meetings.service import MeetingInput
from cybersetu.meetings.workflow import TransitionError, next_month

MARCH = datetime(2026, 3, 4, 5, 30, tzinfo=UTC)


def test_open_items_are_carried_onto_the_next_agenda(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    nodal, trader = as_user["no_central"], as_user["tr_ktw"]
    with db() as s:
        g = grievances.do_file_grievance(
            s, GrievanceInput("traffic_market", "Parking on the market road", "KTW"), actor=trader
        )
    with db() as s:
        first = service.do_schedule_meeting(
            s,
            MeetingInput("March", MARCH, "Police Lines", ("Frozen accounts", "Parking")),
            actor=nodal,
        )
    with db() as s:
        service.do_record_minutes(
            s,
            first.id,
            "Banks to be written to.",
            "R. Gupta, Kirana Vyapari Sangh\nACP Kotwali",
            actor=nodal,
        )
    with db() as s, pytest.raises(TransitionError):
        service.do_record_minutes(s, first.id, "again", "", actor=nodal)
    with db() as s:
        parking = service.do_add_item(
            s,
            first.id,
            text="Clear the parking",
            owner="TI Kotwali",
            due_at=MARCH + timedelta(days=14),
            grievance_ack=g.ack,
            actor=nodal,
        )
        done = service.do_add_item(
            s,
            first.id,
            text="Write to SBI",
            owner="Nodal officer",
            due_at=MARCH + timedelta(days=7),
            actor=nodal,
        )
    with db() as s, pytest.raises(FieldError):
        service.do_add_item(
            s,
            first.id,
            text="x",
            owner="y",
            due_at=MARCH,
            grievance_ack="GRV-2026-999999",
            actor=nodal,
        )
    with db() as s:
        service.do_close_item(s, done.id, actor=nodal)
    with db() as s, pytest.raises(TransitionError):
        service.do_close_item(s, done.id, actor=nodal)
    with db() as s:
        second = service.do_schedule_meeting(
            s,
            MeetingInput("April", MARCH + timedelta(days=31), "Police Lines", ("Shop security",)),
            actor=nodal,
        )
    assert [a["text"] for a in second.agenda] == ["Shop security", "Clear the parking"]
    assert second.agenda[1]["carried_item_id"] == parking.id
    with db() as s:
        held = service.get_meeting(s, first.id)
        assert held is not None
        assert held.attendees == [
            {"name": "R. Gupta", "body": "Kirana Vyapari Sangh"},
            {"name": "ACP Kotwali", "body": ""},
        ]
        codes = [e for e in s.scalars(select(AuditEvent.code)) if e.startswith("meeting.")]
    assert codes == [
        "meeting.scheduled",
        "meeting.held",
        "meeting.item_added",
        "meeting.item_added",
        "meeting.item_done",
        "meeting.scheduled",
    ]


def test_only_managers_run_meetings(db: sessionmaker[Session], as_user: dict[str, Actor]) -> None:
    with db() as s, pytest.raises(InputError):
        service.do_schedule_meeting(s, MeetingInput("X", MARCH, "Y"), actor=as_user["tr_ktw"])


def test_monthly_by_default() -> None:
    assert next_month(date(2026, 1, 31)) == date(2026, 2, 28)
    assert next_month(date(2026, 12, 6)) == date(2027, 1, 6)
