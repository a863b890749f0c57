"""The victim's pages: open a complaint with its number, the mobile and a one-time code; see
how much is held where and what happens next."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.citizens.service import (
    RETURN_ROUTE,
    do_citizen_sign_in,
    do_request_track_code,
    own_cases,
    tracked_case,
    victim_view,
)
from cybersetu.errors import InputError
from cybersetu.i18n import _
from cybersetu.officers.roles import Role
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require
from cybersetu.web.present import status_label
from cybersetu.web.views.auth import signed_in_response, with_form_session

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Tracker = Annotated[Actor, Depends(require(Permission.CASE_TRACK))]
Ack = Annotated[str, Form(max_length=20)]
Mobile = Annotated[str, Form(max_length=20)]


def _page(
    request: Request,
    desk: DeskDep,
    *,
    step: str,
    ack: str = "",
    mobile: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    return desk.pages.render(
        request,
        "my/track.html",
        {"step": step, "ack": ack, "mobile": mobile, "error": error},
        status=status,
    )


@router.get("/track")
def track_page(request: Request, desk: DeskDep) -> Response:
    return with_form_session(request, desk, lambda: _page(request, desk, step="ask"))


@router.post("/track")
def track_ask(request: Request, desk: DeskDep, db: DbDep, ack: Ack, mobile: Mobile) -> Response:
    try:
        do_request_track_code(db, ack=ack, mobile=mobile)
    except InputError as exc:
        return _page(request, desk, step="ask", ack=ack, mobile=mobile, error=str(exc), status=422)
    return _page(request, desk, step="code", ack=ack.strip().upper(), mobile=mobile)


@router.post("/track/code")
def track_code(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    ack: Ack,
    mobile: Mobile,
    code: Annotated[str, Form(max_length=12)],
) -> Response:
    try:
        user = do_citizen_sign_in(db, ack=ack, mobile=mobile, code=code)
    except InputError as exc:
        return _page(request, desk, step="ask", ack=ack, mobile=mobile, error=str(exc), status=422)
    if user is None:
        error = _("The code is wrong or has expired. Ask for a new one if it keeps failing.")
        return _page(request, desk, step="code", ack=ack, mobile=mobile, error=error, status=401)
    return signed_in_response(request, desk, user, f"/my/{ack.strip().upper()}")


@router.get("/my")
def my_complaints(request: Request, desk: DeskDep, db: DbDep, actor: Tracker) -> Response:
    if actor.role is not Role.CITIZEN:
        return RedirectResponse("/cases", 303)  # the desks list complaints on their own page
    cases = own_cases(db, actor=actor)
    return desk.pages.render(
        request, "my/list.html", {"cases": cases, "status_label": status_label}
    )


@router.get("/my/{ack}")
def my_complaint(request: Request, desk: DeskDep, db: DbDep, ack: str, actor: Tracker) -> Response:
    case = tracked_case(db, ack[:20], actor=actor)
    if case is None:
        raise HTTPException(404, "No such complaint.")
    view = victim_view(case)
    return desk.pages.render(
        request,
        "my/detail.html",
        {
            "view": view,
            "case": case,
            "status": status_label(case.status),
            "route_text": _(RETURN_ROUTE[view.route]),
            "next_step": _(view.next_step),
        },
    )
