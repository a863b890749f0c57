"""What routes depend on: the desk's parts, a database session, the actor, permissions, CSRF."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar, cast

import anyio
from fastapi import BackgroundTasks, Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.cases import service
from cybersetu.cases.service import ComplaintInput, Prepared, Registration
from cybersetu.cases.tracing import DueTimes, due_times
from cybersetu.db.base import end_reading, reading_alone
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of, user_for_token
from cybersetu.outbox.senders import Sender
from cybersetu.outbox.service import deliver
from cybersetu.settings import Settings
from cybersetu.trail.access import LedgerAccess
from cybersetu.web.render import Pages
from cybersetu.web.security import SessionData, Sessions, same_token

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
T = TypeVar("T")
R = TypeVar("R")


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
    _registrations: GroupCommit[tuple[Prepared, Actor], Registration] = field(
        init=False, repr=False
    )

    def __post_init__(self) -> None:
        self._registrations = GroupCommit(self._register_all)

    async def register(self, db: Session, data: ComplaintInput, actor: Actor) -> Registration:
        """Register a complaint (FieldError for bad input). Reading and tracing run in a
        worker thread; the writing is a group commit: complaints that arrive while one is
        being written go in together, in one transaction, once it ends. `db`, the request's
        session, ends its reading transaction first (on SQLite it holds the write lock)."""
        prepared = await run_in_threadpool(self._prepare, db, data)
        return await self._registrations.submit((prepared, actor))

    def _prepare(self, db: Session, data: ComplaintInput) -> Prepared:
        end_reading(db)
        return service.prepare_complaint(self.access, data)

    def _register_all(self, items: list[tuple[Prepared, Actor]]) -> list[Registration]:
        with self.db() as session:
            return service.do_register_complaints(session, items)

    def deliver(self) -> None:
        """Send what the outbox holds (after a request's commit; failures wait for the
        sweeper's retry). One delivery at a time per process: a request that finds one running
        leaves the messages it queued to that one, which goes round once more, so under load
        one claim carries many messages instead of each request claiming its own."""
        self._delivery.run(self._deliver_once)

    async def deliver_soon(self) -> None:
        """`deliver`, from the event loop: when a delivery is running it is only told to go
        round once more, without a worker thread's hop (under load, nearly every request)."""
        if self._delivery.join_running():
            return
        await run_in_threadpool(self.deliver)

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

    def join_running(self) -> bool:
        """If a run is going on, have it repeat once more (True); else False."""
        with self._lock:
            if self._running:
                self._again = True
            return self._running

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


class GroupCommit(Generic[T, R]):
    """Group commit on the event loop: items submitted while a write runs wait and are
    written together by the next one (at most `limit` at a time), each getting its own
    result. When a group fails, its items are written one by one, so one bad item fails
    alone. Items are written even if their submitter stops waiting (nothing is lost)."""

    def __init__(self, write: Callable[[list[T]], list[R]], limit: int = 64) -> None:
        self._write, self._limit = write, limit
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        self._pending.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            group = self._pending[: self._limit]
            del self._pending[: self._limit]
            try:
                results = await run_in_threadpool(self._write, [item for item, _ in group])
            except Exception as exc:  # noqa: BLE001 - handed to the waiting requests
                if len(group) == 1:
                    _settle(group[0][1], error=exc)
                    continue
                for item, future in group:
                    try:
                        (result,) = await run_in_threadpool(self._write, [item])
                    except Exception as alone:  # noqa: BLE001 - as above
                        _settle(future, error=alone)
                    else:
                        _settle(future, result=result)
                continue
            for (_, future), result in zip(group, results, strict=True):
                _settle(future, result=result)


def _settle(
    future: asyncio.Future[R], *, result: R | None = None, error: Exception | None = None
) -> None:
    if future.done():  # its request was cancelled (the client went away)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(cast(R, result))


def desk(request: Request) -> Desk:
    found: Desk = request.app.state.desk
    return found


async def _desk_dependency(request: Request) -> Desk:
    # async: FastAPI runs a plain `def` dependency in a worker thread, a hop that costs more
    # than this lookup.
    return desk(request)


DeskDep = Annotated[Desk, Depends(_desk_dependency)]


async def db_session(request: Request) -> AsyncIterator[Session]:
    # async, so that making the session (no I/O) and closing one with nothing to give back
    # cost no worker thread's hop; ending an open transaction (a round trip) is done in one.
    session = desk(request).db()
    try:
        yield session
    finally:
        if session.in_transaction():
            with anyio.CancelScope(shield=True):  # closed even when the request is cancelled
                await run_in_threadpool(_end, session)
        else:
            session.close()


def _end(session: Session) -> None:
    end_reading(session)
    session.close()


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
    with reading_alone(db):
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


def require(permission: Permission, *, api: bool = False) -> Callable[..., Awaitable[Actor]]:
    """A dependency: the actor, if the policy lets them do this; else 403."""
    source = api_actor if api else web_actor

    # A default, not an annotation: annotations are strings here (postponed evaluation) and
    # `source` is local, so FastAPI could not resolve `Annotated[..., Depends(source)]`.
    # async: no I/O here, and a plain `def` would be run in a worker thread.
    async def check(actor: Actor = Depends(source)) -> Actor:  # noqa: B008
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
        background.add_task(desk(request).deliver_soon)
