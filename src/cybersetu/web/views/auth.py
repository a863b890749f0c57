"""Signing in and out, and the language switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from cybersetu.i18n import _, current_locale, set_locale
from cybersetu.officers.models import User
from cybersetu.officers.roles import Role
from cybersetu.officers.service import do_set_language, do_sign_in, do_sign_out
from cybersetu.web.deps import (
    DbDep,
    DeskDep,
    WebActor,
    csrf_protect,
    session_data,
    signed_in_actor,
)
from cybersetu.web.security import SessionData

#: The roles whose first page is the grievances (issue 13).
GRIEVANCE_ROLES = frozenset({Role.TRADER.value, Role.NODAL_OFFICER.value})

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _with_session(desk: DeskDep, response: Response, data: SessionData) -> Response:
    response.set_cookie(value=desk.cookies.dump(data), **desk.cookies.cookie_args())
    return response


def signed_in_response(
    request: Request, desk: DeskDep, user: User, target: str, *, status: int = 303
) -> Response:
    """The redirect that starts a signed-in session for `user` (a new CSRF token with it)."""
    set_locale(user.locale)
    data = (session_data(request) or SessionData.fresh()).signed_in(
        user.id, user.session_epoch, user.locale
    )
    return _with_session(desk, RedirectResponse(target, status_code=status), data)


def with_form_session(request: Request, desk: DeskDep, render: Callable[[], Response]) -> Response:
    """A page with a form for someone not signed in yet: the session (and its CSRF token) the
    form carries is made first, and set on the response."""
    data = session_data(request) or SessionData.fresh(current_locale())
    request.state.session = data
    return _with_session(desk, render(), data)


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never `//host` or a URL): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"  # the home page sends each role to its own first page


@router.get("/login")
def login_page(request: Request, desk: DeskDep, next: str | None = None) -> Response:
    context = {"next": _safe_next(next), "error": None}
    return with_form_session(
        request, desk, lambda: desk.pages.render(request, "login.html", context)
    )


@router.post("/login")
def login(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    result = do_sign_in(db, username=username, password=password, address=_client(request))
    if result.user is None:
        error = (
            _("Too many failed attempts: signing in is locked for 15 minutes.")
            if result.locked
            else _("The username or password is wrong.")
        )
        return desk.pages.render(
            request, "login.html", {"next": _safe_next(next), "error": error}, status=401
        )
    user = result.user
    target = _safe_next(next)
    if target == "/cases" and user.role in GRIEVANCE_ROLES:
        target = "/grievances"  # traders and nodal officers see no complaint: their own page
    return signed_in_response(request, desk, user, target)


@router.post("/logout")
def logout(desk: DeskDep, db: DbDep, actor: WebActor) -> Response:
    do_sign_out(db, actor=actor)
    fresh = SessionData.fresh(actor.locale)
    return _with_session(desk, RedirectResponse("/login", status_code=303), fresh)


@router.post("/language")
def language(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    locale: Annotated[str, Form(max_length=8)],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """Switch the language: remembered for a signed-in user, in the session for anyone."""
    actor = signed_in_actor(request, db)
    if actor is not None:
        do_set_language(db, actor=actor, locale=locale)
    data = session_data(request) or SessionData.fresh()
    response = RedirectResponse(_safe_next(next), status_code=303)
    return _with_session(desk, response, data.with_locale(locale))
