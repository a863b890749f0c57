"""The end of a case: reject, merge, close; restoration of held money (start, documents, order),
the bank's credit to the victim in the portal, and the 90-day hold clock's queue."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.cases import service as cases
from cybersetu.cases.models import Case
from cybersetu.cases.service import FieldError
from cybersetu.cases.workflow import FINAL, Status
from cybersetu.clock import parse_when
from cybersetu.errors import InputError
from cybersetu.holds.service import MAX_REQUEST_ID, RequestNotFoundError
from cybersetu.i18n import _
from cybersetu.ledger.money import parse_rupees
from cybersetu.restoration import service
from cybersetu.restoration.letters import LANGUAGES, render_restoration
from cybersetu.restoration.service import (
    ROUTE_LABELS,
    ROUTES,
    STATUS_LABELS,
    CreditInput,
    OrderInput,
    RestorationConflictError,
)
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Viewer = Annotated[Actor, Depends(require(Permission.CASE_VIEW))]
Decider = Annotated[Actor, Depends(require(Permission.CASE_DECIDE))]
Restorer = Annotated[Actor, Depends(require(Permission.CASE_RESTORE))]
Overseer = Annotated[Actor, Depends(require(Permission.HOLDS_OVERSEE))]
BankOfficer = Annotated[Actor, Depends(require(Permission.HOLDS_ANSWER))]
Id = Annotated[int, Path(ge=1, le=MAX_REQUEST_ID)]


def _case_or_404(db: Session, ack: str, actor: Actor) -> Case:
    case = cases.get_case(db, ack[:20], actor=actor)
    if case is None:
        raise HTTPException(404, "No such complaint.")
    return case


def _back(case: Case) -> Response:
    return RedirectResponse(f"/cases/{case.ack}#restoration", status_code=303)


def _refused(exc: InputError) -> HTTPException:
    """A bad form is 422; a step the case's state does not allow is 409."""
    if isinstance(exc, FieldError):
        return HTTPException(422, str(exc))
    return HTTPException(409, str(exc))


def case_section(db: Session, case: Case, actor: Actor) -> dict[str, Any]:
    """What the case page shows of the end of the case: the restorations, the hold clocks and
    which forms the actor gets."""
    now = datetime.now(UTC)
    restorations = service.restorations_of(db, case)
    started = {r.request_id for r in restorations}
    held = service.held_requests(case)
    deciding = can(actor, Permission.CASE_DECIDE)
    here = Status(case.status)
    return {
        "restorations": restorations,
        "held": held,
        "unstarted": [r for r in held if r.id not in started],
        "clocks": {c.request_id: c for c in service.clocks_of(db, case, now)},
        "derived_route": service.route_for(case),
        "route_labels": {k: _(v) for k, v in ROUTE_LABELS.items()},
        "restoration_labels": {k: _(v) for k, v in STATUS_LABELS.items()},
        "can_restore": can(actor, Permission.CASE_RESTORE) and here not in FINAL,
        "can_reject": deciding and here in (Status.REGISTERED, Status.VERIFIED),
        "can_merge": deciding and here not in FINAL,
        "can_close": deciding and service.closable(db, case) is None,
    }


@router.post("/cases/{ack}/reject")
def reject(
    db: DbDep, actor: Decider, ack: str, reason: Annotated[str, Form(max_length=500)] = ""
) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_reject(db, case.id, reason, actor=actor)
    except InputError as exc:
        raise _refused(exc) from None
    return _back(case)


@router.post("/cases/{ack}/merge")
def merge(
    db: DbDep, actor: Decider, ack: str, original: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_merge(db, case.id, original, actor=actor)
    except InputError as exc:
        raise _refused(exc) from None
    return _back(case)


@router.post("/cases/{ack}/close")
def close(db: DbDep, actor: Decider, ack: str) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_close(db, case.id, actor=actor)
    except InputError as exc:
        raise _refused(exc) from None
    return _back(case)


@router.post("/cases/{ack}/restorations")
def start(
    db: DbDep,
    actor: Restorer,
    ack: str,
    request_id: Annotated[int, Form(ge=0, le=MAX_REQUEST_ID)] = 0,
    route: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_start_restoration(
            db, case.id, request_id, actor=actor, route=route if route in ROUTES else None
        )
    except InputError as exc:
        raise _refused(exc) from None
    return _back(case)


@router.get("/cases/{ack}/restorations/{restoration_id}.{lang}.html")
def document(db: DbDep, actor: Viewer, ack: str, restoration_id: Id, lang: str) -> Response:
    """The s.503 BNSS application or the administrative letter, in English or Hindi."""
    case = _case_or_404(db, ack, actor)
    r = service.get_restoration(db, case, restoration_id)
    if r is None or lang not in LANGUAGES:
        raise HTTPException(404, "No such restoration.")
    body = render_restoration(case, r.request, r, lang, lien_ref=service.lien_ref(db, r.request_id))
    return HTMLResponse(body)


@router.post("/cases/{ack}/restorations/{restoration_id}/order")
def order(
    db: DbDep,
    actor: Restorer,
    ack: str,
    restoration_id: Id,
    order_ref: Annotated[str, Form(max_length=100)] = "",
    order_date: Annotated[str, Form(max_length=10)] = "",
    authority: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    case = _case_or_404(db, ack, actor)
    r = service.get_restoration(db, case, restoration_id)
    if r is None:
        raise HTTPException(404, "No such restoration.")
    try:
        dated = date.fromisoformat(order_date)
    except ValueError:
        raise HTTPException(422, _("Give the order's date, like 2026-03-10.")) from None
    try:
        service.do_record_order(db, r.id, OrderInput(order_ref, dated, authority), actor=actor)
    except InputError as exc:
        raise _refused(exc) from None
    return _back(case)


@router.get("/holds/clock")
def clock_queue(request: Request, desk: DeskDep, db: DbDep, actor: Overseer) -> Response:
    """Holds near or past 90 days without a court or restoration order."""
    del actor  # the queue is the commissionerate's; being allowed to see it is enough
    rows = service.clock_queue(db)
    now = datetime.now(UTC)
    return desk.pages.render(
        request, "cases/hold_clock.html", {"rows": rows, "now": now, "life": service.HOLD_LIFE}
    )


# --- the bank's side: confirm the credit to the victim --------------------------------------


def _bank_page(
    request: Request,
    desk: DeskDep,
    db: Session,
    request_id: int,
    actor: Actor,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = service.restoration_for_bank(db, request_id, actor=actor)
    if found is None:
        raise HTTPException(404, "No such hold request.")
    hold, restoration = found
    return desk.pages.render(
        request,
        "bank/restoration.html",
        {
            "hold": hold,
            "r": restoration,
            "route_labels": {k: _(v) for k, v in ROUTE_LABELS.items()},
            "restoration_labels": {k: _(v) for k, v in STATUS_LABELS.items()},
            "errors": errors or {},
            "values": values or {},
            "idempotency_key": (values or {}).get("idempotency_key") or uuid.uuid4().hex,
        },
        status=status,
    )


@router.get("/bank/requests/{request_id}/restoration")
def bank_restoration(
    request: Request, desk: DeskDep, db: DbDep, actor: BankOfficer, request_id: Id
) -> Response:
    return _bank_page(request, desk, db, request_id, actor)


@router.post("/bank/requests/{request_id}/restoration/credits")
def bank_credit(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    actor: BankOfficer,
    request_id: Id,
    idempotency_key: Annotated[str, Form(max_length=100)] = "",
    amount: Annotated[str, Form(max_length=20)] = "",
    credit_ref: Annotated[str, Form(max_length=64)] = "",
    credited_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    values = {
        "idempotency_key": idempotency_key,
        "amount": amount,
        "credit_ref": credit_ref,
        "credited_at": credited_at,
    }
    errors: dict[str, str] = {}
    status = 422
    try:
        credit = CreditInput(
            parse_rupees(amount, "amount", positive=True),
            credit_ref,
            parse_when(credited_at, "credit time") if credited_at.strip() else datetime.now(UTC),
        )
        service.do_confirm_credit(
            db, request_id, credit, actor=actor, idempotency_key=idempotency_key
        )
    except RequestNotFoundError:
        raise HTTPException(404, "No such hold request.") from None
    except FieldError as exc:
        errors = exc.errors
    except RestorationConflictError as exc:
        errors, status = {"status": str(exc)}, 409
    except InputError as exc:
        errors = {"amount": str(exc)}
    if errors:
        db.expire_all()
        return _bank_page(
            request, desk, db, request_id, actor, errors=errors, values=values, status=status
        )
    return RedirectResponse(f"/bank/requests/{request_id}/restoration", status_code=303)
