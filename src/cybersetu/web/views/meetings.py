"""Trader meetings: the nodal officer (or the supervisor) schedules them, records minutes and
action items; traders read them; minutes print in Hindi and English."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.clock import IST, parse_when
from cybersetu.errors import InputError
from cybersetu.grievances.service import FieldError
from cybersetu.i18n import using
from cybersetu.meetings import service
from cybersetu.meetings.models import Meeting
from cybersetu.meetings.service import MeetingInput
from cybersetu.meetings.workflow import STATUS_LABELS, Status, TransitionError, next_month
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
Reader = Annotated[Actor, Depends(require(Permission.MEETING_VIEW))]
Manager = Annotated[Actor, Depends(require(Permission.MEETING_MANAGE))]
Text = Annotated[str, Form(max_length=service.MAX_TEXT)]


def _meeting_or_404(db: DbDep, meeting_id: int) -> Meeting:
    m = service.get_meeting(db, meeting_id)
    if m is None:
        raise HTTPException(404, "No such meeting.")
    return m


def _default_at(db: DbDep) -> str:
    """Monthly by default: a month after the latest meeting (else next month), 11:00 IST."""
    latest = service.list_meetings(db, limit=1)
    day = (latest[0].at if latest else datetime.now(IST)).astimezone(IST).date()
    return datetime.combine(next_month(day), time(11, 0)).strftime("%Y-%m-%dT%H:%M")


def _labels(m: Meeting) -> dict[str, Any]:
    return {"status_label": STATUS_LABELS[Status(m.status)]}


@router.get("/meetings")
def meeting_list(request: Request, desk: DeskDep, db: DbDep, actor: Reader) -> Response:
    ctx = {
        "meetings": service.list_meetings(db),
        "open_items": service.open_items(db),
        "can_manage": can(actor, Permission.MEETING_MANAGE),
        "default_at": _default_at(db),
        "status_labels": STATUS_LABELS,
        "errors": {},
    }
    return desk.pages.render(request, "meetings/list.html", ctx)


@router.post("/meetings")
def schedule(
    db: DbDep,
    actor: Manager,
    title: Annotated[str, Form(max_length=200)] = "",
    at: Annotated[str, Form(max_length=40)] = "",
    place: Annotated[str, Form(max_length=200)] = "",
    agenda: Text = "",
) -> Response:
    try:
        when_ = parse_when(at, "time")
    except InputError:
        raise HTTPException(422, "Give the date and time of the meeting.") from None
    data = MeetingInput(title, when_, place, tuple(agenda.splitlines()))
    try:
        m = service.do_schedule_meeting(db, data, actor=actor)
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    return RedirectResponse(f"/meetings/{m.id}", status_code=303)


@router.get("/meetings/{meeting_id}")
def meeting_page(
    request: Request, desk: DeskDep, db: DbDep, actor: Reader, meeting_id: int
) -> Response:
    m = _meeting_or_404(db, meeting_id)
    ctx = {
        "m": m,
        "carried": service.carried_items(db, m),
        "can_manage": can(actor, Permission.MEETING_MANAGE),
        "default_due": (datetime.now(IST) + timedelta(days=30)).strftime("%Y-%m-%d"),
        **_labels(m),
    }
    return desk.pages.render(request, "meetings/detail.html", ctx)


@router.get("/meetings/{meeting_id}/minutes.{lang}.html")
def printable_minutes(
    request: Request, desk: DeskDep, db: DbDep, _actor: Reader, meeting_id: int, lang: str
) -> Response:
    """The minutes to print, in Hindi or English whatever the reader's own language."""
    m = _meeting_or_404(db, meeting_id)
    if lang not in ("hi", "en"):
        raise HTTPException(404, "Minutes are printed in Hindi (hi) or English (en).")
    ctx = {"m": m, "carried": service.carried_items(db, m), **_labels(m)}
    with using(lang):
        return desk.pages.render(request, "meetings/minutes.html", ctx)


def _act(meeting_id: int, move: Any) -> Response:
    try:
        move()
    except TransitionError as exc:
        raise HTTPException(409, str(exc)) from None
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    return RedirectResponse(f"/meetings/{meeting_id}", status_code=303)


@router.post("/meetings/{meeting_id}/minutes")
def record_minutes(
    db: DbDep, actor: Manager, meeting_id: int, minutes: Text = "", attendees: Text = ""
) -> Response:
    m = _meeting_or_404(db, meeting_id)
    return _act(m.id, lambda: service.do_record_minutes(db, m.id, minutes, attendees, actor=actor))


@router.post("/meetings/{meeting_id}/items")
def add_item(
    db: DbDep,
    actor: Manager,
    meeting_id: int,
    text: Annotated[str, Form(max_length=2000)] = "",
    owner: Annotated[str, Form(max_length=120)] = "",
    due: Annotated[str, Form(max_length=40)] = "",
    grievance: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    m = _meeting_or_404(db, meeting_id)
    try:
        due_at = parse_when(due, "due date")
    except InputError:
        raise HTTPException(422, "Give the due date.") from None
    return _act(
        m.id,
        lambda: service.do_add_item(
            db, m.id, text=text, owner=owner, due_at=due_at, grievance_ack=grievance, actor=actor
        ),
    )


@router.post("/meetings/{meeting_id}/items/{item_id}/done")
def close_item(db: DbDep, actor: Manager, meeting_id: int, item_id: int) -> Response:
    m = _meeting_or_404(db, meeting_id)
    if not any(i.id == item_id for i in m.items):
        raise HTTPException(404, "No such action item.")
    return _act(m.id, lambda: service.do_close_item(db, item_id, actor=actor))
