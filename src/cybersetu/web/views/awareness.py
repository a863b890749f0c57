"""Awareness planned from local fraud: where, for whom, on what and when to hold the next
sessions; the sessions held, with the complaints before and after each (a description, not a
proof of effect); the MO trends by station as a chart drawn on the server."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.awareness import service
from cybersetu.awareness.plan import (
    AUDIENCE_LABELS,
    before_after,
    plan,
    week_of,
    weekly,
)
from cybersetu.awareness.service import SessionInput
from cybersetu.clock import parse_when
from cybersetu.db.base import utcnow
from cybersetu.errors import InputError
from cybersetu.grievances.service import FieldError
from cybersetu.i18n import _
from cybersetu.i18n.labels import MO_LABELS
from cybersetu.reference.kanpur import POLICE_STATIONS, STATIONS_BY_CODE
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
Planner = Annotated[Actor, Depends(require(Permission.AWARENESS_PLAN))]
WEEKS = 12


@router.get("/awareness")
def awareness_page(
    request: Request, desk: DeskDep, db: DbDep, _actor: Planner, station: str = ""
) -> Response:
    now = utcnow()
    sessions = service.recent_sessions(db)
    ctx = {
        "plan": plan(db, now),
        "sessions": [(s, before_after(db, s.station, s.mo, s.held_at)) for s in sessions],
        "audiences": AUDIENCE_LABELS,
        "stations": POLICE_STATIONS,
        "station": station if station in STATIONS_BY_CODE else "",
        "mos": MO_LABELS,
    }
    return desk.pages.render(request, "awareness/plan.html", ctx)


@router.get("/awareness/trends.svg")
async def trends_svg(db: DbDep, _actor: Planner, station: str = "") -> Response:
    from datetime import timedelta

    from cybersetu.awareness.chart import trend_svg

    now = utcnow()
    code = station if station in STATIONS_BY_CODE else None
    series = weekly(db, now, WEEKS, code)
    first = week_of(now - timedelta(weeks=WEEKS - 1))
    weeks = [first + timedelta(weeks=i) for i in range(WEEKS)]
    labels = {mo: _(text) for mo, text in MO_LABELS.items()} | {"_rest": _("Other fraud types")}
    title = (
        _("Complaints a week by fraud type: {station}").format(station=code)
        if code
        else _("Complaints a week by fraud type: all stations")
    )
    svg = await run_in_threadpool(trend_svg, series, weeks, title=title, labels=labels)
    return Response(svg, media_type="image/svg+xml")


@router.post("/awareness/sessions")
def record_session(
    db: DbDep,
    actor: Planner,
    station: Annotated[str, Form(max_length=8)] = "",
    place: Annotated[str, Form(max_length=200)] = "",
    audience: Annotated[str, Form(max_length=24)] = "",
    mo: Annotated[str, Form(max_length=40)] = "",
    held_at: Annotated[str, Form(max_length=40)] = "",
    attendance: Annotated[str, Form(max_length=8)] = "",
    officer: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    try:
        when_: datetime = parse_when(held_at, "time")
        count = int(attendance)
    except (InputError, ValueError):
        raise HTTPException(422, "Give when it was held and how many attended.") from None
    data = SessionInput(station, place, audience, mo, when_, count, officer)
    try:
        service.do_record_session(db, data, actor=actor)
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    return RedirectResponse("/awareness", status_code=303)
