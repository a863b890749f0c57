"""What routes depend on: the desk's parts, a database session, the actor, permissions, CSRF."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.cases.tracing import DueTimes, due_times
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of, user_for_token
from cybersetu.outbox.senders import Sender
from cybersetu.outbox.service import deliver
from cybersetu.settings import Settings
from cybersetu.trail.access import LedgerAccess
from cybersetu.web.render import Pages
from cybersetu.web.security import SessionData, Sessions, same_token

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Desk:
    settings: Settings
    engine: Engine
    db: sessionmaker[Session]
    access: LedgerAccess | None
    cookies: Sessions
    pages: Pages
    sender: Sender

    @property
    def due(self) -> DueTimes:
        """How long banks have to answer, from the settings."""
        return due_times(self.settings.hold_due_minutes, self.settings.information_due_hours)

    _delivery: _Coalesced = field(default_factory=lambda: _Coalesced())

    def deliver(self) -> None:
        """Send what the outbox holds (after a request's commit; failures wait for the
        sweeper's retry). One delivery at a time per process: a request that finds one running
        leaves the messages it queued to that one, which goes round once more, so under load
        one claim carries many messages instead of each request claiming its own."""
        self._delivery.run(self._deliver_once)

    def _deliver_once(self) -> None:
        try:
            with self.db() as session:
                deliver(session, self.sender)
        except Exception:
            logging.getLogger("cybersetu.outbox").exception("delivering the outbox failed")


class _Coalesced:
    """Runs a job in the calling thread unless it is already running in another; then that
    run repeats the job once more when it ends, so no call's work is left behind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def run(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        while True:
            try:
                job()
            except BaseException:
                with self._lock:
                    self._running = self._again = False
                raise
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False


def desk(request: Request) -> Desk:
    found: Desk = request.app.state.desk
    return found


DeskDep = Annotated[Desk, Depends(desk)]


def db_session(request: Request) -> Iterator[Session]:
    with desk(request).db() as session:
        yield session


# Closed as soon as the route returns (pages are rendered by then), not after the response:
# a session still open would hold SQLite's write lock (every transaction there takes it at
# BEGIN) while the response's background work, the outbox's delivery, waits for it.
DbDep = Annotated[Session, Depends(db_session, scope="function")]


class NotSignedIn(Exception):  # noqa: N818 - a signal for the handler, not an error
    """The page needs a signed-in user: the handler sends the browser to the sign-in page."""


def session_data(request: Request) -> SessionData | None:
    data: SessionData | None = request.state.session
    return data


def signed_in_actor(request: Request, db: Session) -> Actor | None:
    """The user of the session cookie, if it is still valid."""
    data = session_data(request)
    if data is None or data.user_id is None:
        return None
    user = db.get(User, data.user_id)
    if user is None or not user.active or user.session_epoch != data.epoch:
        return None
    return actor_of(user)


def _bearer_actor(request: Request, db: Session) -> Actor | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    user = user_for_token(db, token.strip())
    return actor_of(user) if user is not None else None


def web_actor(request: Request, db: DbDep) -> Actor:
    actor = signed_in_actor(request, db)
    if actor is None:
        raise NotSignedIn
    request.state.actor = actor
    return actor


def api_actor(request: Request, db: DbDep) -> Actor:
    actor = _bearer_actor(request, db)
    if actor is None:
        raise HTTPException(
            401, "A valid API token is needed.", headers={"WWW-Authenticate": "Bearer"}
        )
    request.state.actor = actor
    return actor


WebActor = Annotated[Actor, Depends(web_actor)]
ApiActor = Annotated[Actor, Depends(api_actor)]


def require(permission: Permission, *, api: bool = False) -> Callable[..., Actor]:
    """A dependency: the actor, if the policy lets them do this; else 403."""
    source = api_actor if api else web_actor

    # A default, not an annotation: annotations are strings here (postponed evaluation) and
    # `source` is local, so FastAPI could not resolve `Annotated[..., Depends(source)]`.
    def check(actor: Actor = Depends(source)) -> Actor:  # noqa: B008
        if not can(actor, permission):
            raise HTTPException(403, "This is not allowed for your role.")
        return actor

    return check


async def csrf_protect(request: Request) -> None:
    """Every state-changing request of the web pages carries the session's CSRF token, as the
    `csrf_token` form field or the `X-CSRF-Token` header (htmx sends it)."""
    if request.method not in UNSAFE:
        return
    data = session_data(request)
    given = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value: Any = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    if data is None or not same_token(data.csrf, given):
        raise HTTPException(403, "The form has expired or did not come from the desk.")


def deliver_after(request: Request, background: BackgroundTasks) -> None:
    """After a state-changing request has answered (its action committed), hand the messages
    it queued to the sender: the response does not wait for the gateway."""
    if request.method in UNSAFE:
        background.add_task(desk(request).deliver)
