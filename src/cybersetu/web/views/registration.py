"""A trader registers itself: mobile number, a one-time code by SMS, then the account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.errors import InputError
from cybersetu.i18n import _, current_locale
from cybersetu.officers.registration import (
    do_add_trader,
    do_register_trader,
    do_request_registration_code,
    invited_username,
)
from cybersetu.reference.kanpur import POLICE_STATIONS
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require
from cybersetu.web.views.auth import signed_in_response, with_form_session

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Mobile = Annotated[str, Form(max_length=20)]
Adder = Annotated[Actor, Depends(require(Permission.TRADER_ADD))]


def _page(
    request: Request,
    desk: DeskDep,
    *,
    step: str,
    values: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    return desk.pages.render(
        request,
        "registration.html",
        {
            "step": step,
            "values": values or {},
            "error": error,
            "stations": list(POLICE_STATIONS),
        },
        status=status,
    )


@router.get("/register")
def register_page(request: Request, desk: DeskDep) -> Response:
    return with_form_session(request, desk, lambda: _page(request, desk, step="mobile"))


@router.post("/register")
def register_code(request: Request, desk: DeskDep, db: DbDep, mobile: Mobile) -> Response:
    try:
        do_request_registration_code(db, mobile=mobile, locale=current_locale())
    except InputError as exc:
        values = {"mobile": mobile}
        return _page(request, desk, step="mobile", values=values, error=str(exc), status=422)
    values = {"mobile": mobile, "invited": invited_username(db, mobile) or ""}
    return _page(request, desk, step="account", values=values)


@router.post("/register/complete")
def register_complete(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    mobile: Mobile,
    code: Annotated[str, Form(max_length=12)],
    password: Annotated[str, Form(max_length=256)],
    # Not asked of a shop the nodal officer added: it has its username and station already.
    username: Annotated[str, Form(max_length=64)] = "",
    station: Annotated[str, Form(max_length=8)] = "",
    display_name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    values = {
        "mobile": mobile,
        "username": username,
        "station": station,
        "display_name": display_name,
        "invited": invited_username(db, mobile) or "",
    }
    try:
        user = do_register_trader(
            db,
            mobile=mobile,
            code=code,
            username=username,
            password=password,
            station=station,
            display_name=display_name,
            locale=current_locale(),
        )
    except InputError as exc:
        return _page(request, desk, step="account", values=values, error=str(exc), status=422)
    if user is None:
        error = _("The code is wrong or has expired. Ask for a new one if it keeps failing.")
        return _page(request, desk, step="account", values=values, error=error, status=401)
    return signed_in_response(request, desk, user, "/grievances")


def _stations_of(actor: Actor) -> list[Any]:
    return [s for s in POLICE_STATIONS if not actor.zones or s.zone in actor.zones]


@router.get("/traders/new")
def add_trader_page(request: Request, desk: DeskDep, actor: Adder) -> Response:
    context: dict[str, Any] = {
        "values": {},
        "error": None,
        "stations": _stations_of(actor),
        "added": None,
    }
    return desk.pages.render(request, "traders_new.html", context)


@router.post("/traders/new")
def add_trader(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    actor: Adder,
    mobile: Mobile,
    username: Annotated[str, Form(max_length=64)],
    station: Annotated[str, Form(max_length=8)],
    display_name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    values = {"mobile": mobile, "username": username, "station": station}
    values["display_name"] = display_name
    context: dict[str, Any] = {"values": values, "stations": _stations_of(actor), "added": None}
    try:
        user = do_add_trader(
            db,
            actor=actor,
            username=username,
            station=station,
            mobile=mobile,
            display_name=display_name,
        )
    except InputError as exc:
        context["error"] = str(exc)
        return desk.pages.render(request, "traders_new.html", context, status=422)
    context.update(values={}, error=None, added=user.username)
    return desk.pages.render(request, "traders_new.html", context)
