"""Trader meetings as `do_*` actions: one transaction each, audited in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.cases.privacy import mask_aadhaar
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.grievances.models import Grievance
from cybersetu.grievances.service import FieldError
from cybersetu.i18n import _
from cybersetu.meetings.models import ActionItem, Meeting
from cybersetu.meetings.workflow import Status, check_can_close, check_can_hold

MAX_TEXT: Final = 10_000
MAX_LINES: Final = 50


@dataclass(frozen=True)
class MeetingInput:
    title: str
    at: datetime
    place: str
    agenda: tuple[str, ...] = ()


def _allowed(actor: Actor) -> None:
    if not can(actor, Permission.MEETING_MANAGE):
        raise InputError(_("You are not allowed to do this."))


def _lines(text: str) -> list[str]:
    return [line.strip()[:500] for line in text.splitlines() if line.strip()][:MAX_LINES]


def open_items(session: Session, *, before: datetime | None = None) -> Sequence[ActionItem]:
    """Action items still open (of meetings before `before`), oldest due first."""
    query = select(ActionItem).join(Meeting).where(ActionItem.status == "open")
    if before is not None:
        query = query.where(Meeting.at < before)
    return session.scalars(query.order_by(ActionItem.due_at, ActionItem.id)).all()


def do_schedule_meeting(session: Session, data: MeetingInput, *, actor: Actor) -> Meeting:
    """Schedule a meeting. Every action item still open from earlier meetings is put on its
    agenda, after the items given."""
    _allowed(actor)
    errors = {}
    if not data.title.strip() or len(data.title) > 200:
        errors["title"] = _("Give the meeting a title (at most 200 characters).")
    if not data.place.strip() or len(data.place) > 200:
        errors["place"] = _("Give the place (at most 200 characters).")
    if data.at.tzinfo is None:
        errors["at"] = _("Give the date and time.")
    if errors:
        raise FieldError(errors)
    with begin(session):
        agenda: list[dict[str, Any]] = [
            {"text": line[:500], "carried_item_id": None} for line in data.agenda if line.strip()
        ][:MAX_LINES]
        carried = open_items(session, before=data.at)
        agenda += [{"text": item.text, "carried_item_id": item.id} for item in carried]
        m = Meeting(
            title=data.title.strip(),
            at=data.at,
            place=data.place.strip(),
            status=Status.SCHEDULED.value,
            agenda=agenda,
            attendees=[],
            created_by=actor.user_id,
        )
        session.add(m)
        session.flush()
        record(
            session,
            actor=actor,
            code="meeting.scheduled",
            params={"id": m.id, "title": m.title, "at": m.at, "carried": len(carried)},
        )
    return m


def parse_attendees(text: str) -> list[dict[str, str]]:
    """One attendee a line: `name, trade body or office`."""
    out = []
    for line in _lines(text):
        name, _sep, body = line.partition(",")
        out.append({"name": name.strip()[:120], "body": body.strip()[:120]})
    return out


def do_record_minutes(
    session: Session, meeting_id: int, minutes: str, attendees: str, *, actor: Actor
) -> Meeting:
    _allowed(actor)
    text = mask_aadhaar(minutes.strip())
    if not text:
        raise FieldError({"minutes": _("Write the minutes first.")})
    if len(text) > MAX_TEXT:
        raise FieldError(
            {"minutes": _("The minutes are longer than {n} characters.").format(n=f"{MAX_TEXT:,}")}
        )
    people = parse_attendees(attendees)
    with begin(session):
        m = _locked(session, meeting_id)
        check_can_hold(m.status)
        m.minutes, m.attendees, m.status = text, people, Status.HELD.value
        record(
            session,
            actor=actor,
            code="meeting.held",
            params={"id": m.id, "title": m.title, "attendees": len(people)},
        )
    return m


def do_add_item(
    session: Session,
    meeting_id: int,
    *,
    text: str,
    owner: str,
    due_at: datetime,
    grievance_ack: str | None = None,
    actor: Actor,
) -> ActionItem:
    _allowed(actor)
    errors = {}
    if not text.strip() or len(text) > 2000:
        errors["text"] = _("Write the action (at most 2,000 characters).")
    if not owner.strip() or len(owner) > 120:
        errors["owner"] = _("Name who owns it.")
    ack = (grievance_ack or "").strip().upper() or None
    if errors:
        raise FieldError(errors)
    with begin(session):
        m = _locked(session, meeting_id)
        if (
            ack is not None
            and session.scalar(select(Grievance.id).where(Grievance.ack == ack)) is None
        ):
            raise FieldError({"grievance": _("There is no such grievance.")})
        item = ActionItem(
            meeting_id=m.id,
            text=mask_aadhaar(text.strip()),
            owner=owner.strip(),
            due_at=due_at,
            grievance_ack=ack,
        )
        session.add(item)
        session.flush()
        record(
            session,
            actor=actor,
            code="meeting.item_added",
            params={"id": m.id, "item": item.id, "owner": item.owner, "due": due_at},
        )
    return item


def do_close_item(session: Session, item_id: int, *, actor: Actor) -> ActionItem:
    _allowed(actor)
    with begin(session):
        item = session.get(ActionItem, item_id, with_for_update=True)
        if item is None:
            raise FieldError({"item": _("There is no such action item.")})
        check_can_close(item.status)
        item.status, item.done_at = "done", utcnow()
        record(
            session,
            actor=actor,
            code="meeting.item_done",
            params={"id": item.meeting_id, "item": item.id},
        )
    return item


def _locked(session: Session, meeting_id: int) -> Meeting:
    m = session.get(Meeting, meeting_id, with_for_update=True)
    if m is None:
        raise FieldError({"meeting": _("There is no such meeting.")})
    return m


def get_meeting(session: Session, meeting_id: int) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(selectinload(Meeting.items))
    )


def list_meetings(session: Session, limit: int = 50) -> Sequence[Meeting]:
    return session.scalars(select(Meeting).order_by(Meeting.at.desc()).limit(limit)).all()


def carried_items(session: Session, m: Meeting) -> dict[int, ActionItem]:
    """The action items this meeting's agenda carries forward, by id."""
    ids = [a["carried_item_id"] for a in m.agenda if a.get("carried_item_id")]
    if not ids:
        return {}
    return {i.id: i for i in session.scalars(select(ActionItem).where(ActionItem.id.in_(ids)))}
