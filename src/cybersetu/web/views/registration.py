"""A trader registers itself: mobile number, a one-time code by SMS, then the account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from cybersetu.errors import InputError
from cybersetu.i18n import _, current_locale
from cybersetu.officers.registration import do_register_trader, do_request_registration_code
from cybersetu.reference.kanpur import POLICE_STATIONS
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect
from cybersetu.web.views.auth import signed_in_response, with_form_session

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Mobile = Annotated[str, Form(max_length=20)]


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
    return _page(request, desk, step="account", values={"mobile": mobile})


@router.post("/register/complete")
def register_complete(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    mobile: Mobile,
    code: Annotated[str, Form(max_length=12)],
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    station: Annotated[str, Form(max_length=8)],
    display_name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    values = {
        "mobile": mobile,
        "username": username,
        "station": station,
        "display_name": display_name,
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
