"""`create_app(settings)`: the desk as one FastAPI application."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from cybersetu.db.migrate import is_current
from cybersetu.db.session import make_engine, session_factory
from cybersetu.errors import InputError
from cybersetu.i18n import N_, _
from cybersetu.ledger import open_store
from cybersetu.ledger.opening import is_postgres_url
from cybersetu.outbox.senders import sender_from_settings
from cybersetu.settings import Settings, get_settings
from cybersetu.trail.access import LedgerAccess
from cybersetu.web.api import complaints as api_complaints
from cybersetu.web.api import grievances as api_grievances
from cybersetu.web.api import holds as api_holds
from cybersetu.web.api import restoration as api_restoration
from cybersetu.web.deps import Desk, NotSignedIn, deliver_after
from cybersetu.web.render import Pages
from cybersetu.web.security import DeskMiddleware, Sessions, secret_key
from cybersetu.web.views import (
    audit,
    auth,
    awareness,
    banks,
    cases,
    citizens,
    grievances,
    meetings,
    registration,
)
from cybersetu.web.views import ledger as ledger_views
from cybersetu.web.views import restoration as restoration_views

STATIC = Path(__file__).with_name("static")

#: The messages of HTTP errors people see on a page, in their language.
_PAGE_ERRORS = {
    403: N_("You are not allowed to do this."),
    404: N_("There is no such page or complaint."),
    409: N_("This cannot be done now."),
    422: N_("Some of what was sent is not right."),
}


def open_ledger(settings: Settings) -> LedgerAccess:
    """The desk's ledger: a DuckDB file the desk owns (one connection, taking turns) or a small
    pool of PostgreSQL connections."""
    spec = settings.store
    pool = 4 if is_postgres_url(spec) else 1
    return LedgerAccess(
        lambda: open_store(spec, derived_root=settings.data_dir),
        pool=pool,
        rebuild_in_background=True,
    )


async def _sweep_forever(desk: Desk, every: int) -> None:
    """The sweeper inside the server: every `every` seconds, in a worker thread (the jobs use
    the database), each job's escalations audited by the job itself."""
    from cybersetu.db.base import utcnow
    from cybersetu.outbox.sweep import JOB as OUTBOX_JOB
    from cybersetu.sweeper.registry import jobs, sweep

    log = logging.getLogger("cybersetu.sweeper")
    # The outbox is delivered by the desk's own sender (from the desk's settings), not by the
    # job's, which the environment configures for `cybersetu sweep`.
    others = [name for name in jobs() if name != OUTBOX_JOB]
    while True:
        await asyncio.sleep(every)
        try:
            report = await run_in_threadpool(sweep, desk.db, utcnow(), only=others)
            await run_in_threadpool(desk.deliver)
        except Exception:
            log.exception("the sweep failed")
            continue
        if report.escalated:
            log.warning("sweep: %d escalated", report.escalated)


def create_app(
    settings: Settings | None = None, *, access: LedgerAccess | None = None, ledger: bool = True
) -> FastAPI:
    """The desk. `access` gives the ledger (else it is opened from the settings; `ledger=False`
    runs without one: complaints are registered, nothing is traced)."""
    settings = settings or get_settings()
    if not is_current(settings.database_url):
        raise InputError("The desk's database is not up to date: run `cybersetu db upgrade`.")
    engine = make_engine(settings.database_url)
    if access is None and ledger:
        access = open_ledger(settings)
    # Train the MO classifier now (under a second), not in the first officer's request.
    from cybersetu.intake.classify import default_model

    default_model()
    cookies = Sessions(secret_key(settings), secure=settings.secure_cookies)
    sender = sender_from_settings(settings)
    desk = Desk(settings, engine, session_factory(engine), access, cookies, Pages(), sender)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Worker threads of this process (anyio's default is 40): see `Settings.threads`.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        sweeping = (
            asyncio.create_task(_sweep_forever(desk, settings.sweep_seconds))
            if settings.sweep_seconds > 0
            else None
        )
        yield
        if sweeping is not None:
            sweeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeping
        if desk.access is not None:
            desk.access.close()
        engine.dispose()

    app = FastAPI(
        title="CyberSetu desk API",
        version="1",
        summary="Cyber-fraud complaints, money trails and hold requests for a commissionerate.",
        openapi_url="/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not here
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(deliver_after)],
    )
    app.state.desk = desk
    app.add_middleware(DeskMiddleware, sessions=cookies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (auth.router, cases.router, ledger_views.router, audit.router, banks.router):
        app.include_router(router)
    app.include_router(grievances.router)
    app.include_router(meetings.router)
    app.include_router(awareness.router)
    app.include_router(citizens.router)
    app.include_router(registration.router)
    app.include_router(api_complaints.router)
    app.include_router(api_holds.router)
    app.include_router(api_grievances.router)
    app.include_router(restoration_views.router)
    app.include_router(api_restoration.router)
    _errors(app, desk)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _errors(app: FastAPI, desk: Desk) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        target = request.url.path if request.method == "GET" else "/cases"
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if _is_api(request) or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)
        message = _(_PAGE_ERRORS.get(exc.status_code, N_("Something went wrong.")))
        detail = exc.detail if exc.status_code == 409 else None
        return desk.pages.render(
            request,
            "error.html",
            {"status": exc.status_code, "message": message, "detail": detail},
            status=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors: list[dict[str, Any]] = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse({"detail": errors}, status_code=422)
        return desk.pages.render(
            request,
            "error.html",
            {"status": 422, "message": _(_PAGE_ERRORS[422]), "detail": None},
            status=422,
        )

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        if _is_api(request):
            return api_complaints.input_error_422(exc)
        return desk.pages.render(
            request,
            "error.html",
            {"status": 422, "message": _(_PAGE_ERRORS[422]), "detail": str(exc)},
            status=422,
        )
