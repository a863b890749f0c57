"""The bank portal: a bank's nodal officer sees the requests sent to their bank and answers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.cases.models import HoldRequest
from cybersetu.cases.service import FieldError
from cybersetu.clock import parse_when
from cybersetu.errors import InputError
from cybersetu.holds import service
from cybersetu.holds.scoreboard import bank_scoreboard
from cybersetu.holds.service import (
    ANSWER_LABELS,
    STATUSES,
    RequestNotFoundError,
    ResponseConflictError,
    ResponseInput,
    Withdrawal,
    parse_onward_lines,
)
from cybersetu.i18n import _
from cybersetu.ledger.money import parse_rupees
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

BankOfficer = Annotated[Actor, Depends(require(Permission.HOLDS_ANSWER))]
Overseer = Annotated[Actor, Depends(require(Permission.HOLDS_OVERSEE))]
RequestId = Annotated[int, Path(ge=1, le=service.MAX_REQUEST_ID)]


@router.get("/holds/scoreboard")
def scoreboard(request: Request, desk: DeskDep, db: DbDep, actor: Overseer) -> Response:
    """Per bank: time to answer and to hold, ₹ held against ₹ requested, open and overdue."""
    del actor  # the scoreboard is the commissionerate's; being allowed to see it is enough
    rows = bank_scoreboard(db, datetime.now(UTC))
    return desk.pages.render(request, "bank/scoreboard.html", {"banks": rows})


@router.get("/holds/scoreboard.svg")
def scoreboard_chart(db: DbDep, actor: Overseer) -> Response:
    """The scoreboard as charts (SVG drawn on the server: the page embeds it as an image, so
    no script runs in the browser)."""
    del actor  # as for the table
    from cybersetu.holds.chart import ScoreboardLabels, scoreboard_svg

    labels = ScoreboardLabels(
        money_title=_("₹ held against ₹ asked to hold"),
        requested=_("Asked to hold"),
        held=_("Held"),
        rupees=_("Rupees"),
        time_title=_("Time to answer"),
        median=_("Median"),
        p90=_("90th percentile"),
        minutes=_("Time (minutes)"),
        hours=_("Time (hours)"),
        no_answer=_("no answer yet"),
    )
    svg = scoreboard_svg(bank_scoreboard(db, datetime.now(UTC)), labels)
    return Response(svg, media_type="image/svg+xml")


@router.get("/holds/escalated")
def escalated(request: Request, desk: DeskDep, db: DbDep, actor: Overseer) -> Response:
    """The supervisors' queue: requests a bank let run past their due time."""
    del actor  # the queue is the commissionerate's; being allowed to see it is enough
    return desk.pages.render(request, "bank/escalated.html", {"requests": service.escalated(db)})


@router.get("/bank/requests")
def request_list(
    request: Request, desk: DeskDep, db: DbDep, actor: BankOfficer, status: str = "open"
) -> Response:
    if status not in ("open", "answered", "all"):
        status = "open"
    rows = service.requests_for_bank(db, actor=actor, status=status)
    return desk.pages.render(
        request, "bank/list.html", {"requests": rows, "status": status, "bank": actor.bank}
    )


def _request_or_404(db: DbDep, request_id: int, actor: Actor) -> HoldRequest:
    found = service.get_request(db, request_id, actor=actor)
    if found is None:
        raise HTTPException(404, "No such hold request.")
    return found


def _page(
    request: Request,
    desk: DeskDep,
    hold: HoldRequest,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return desk.pages.render(
        request,
        "bank/request.html",
        {
            "hold": hold,
            "utr_chain": service.utr_chain(hold),
            "statuses": [(s, _(ANSWER_LABELS[s])) for s in STATUSES],
            "errors": errors or {},
            "values": values or {},
            # One key per form shown: pressing the button twice records the answer once.
            "idempotency_key": (values or {}).get("idempotency_key") or uuid.uuid4().hex,
        },
        status=status,
    )


@router.get("/bank/requests/{request_id}")
def request_page(
    request: Request, desk: DeskDep, db: DbDep, actor: BankOfficer, request_id: RequestId
) -> Response:
    return _page(request, desk, _request_or_404(db, request_id, actor))


def _answer_of(
    status: str,
    held_amount: str,
    lien_ref: str,
    onward: str,
    terminal: str,
    withdrawn_at: str,
    withdrawn_amount: str,
) -> tuple[ResponseInput | None, dict[str, str]]:
    errors: dict[str, str] = {}
    held = None
    if status == "held":
        try:
            held = parse_rupees(held_amount, "held amount", positive=True)
        except InputError as exc:
            errors["held_amount"] = str(exc)
    rows, bad = parse_onward_lines(onward) if status == "moved_on" else ((), {})
    errors |= bad
    withdrawn = None
    if status == "withdrawn":
        try:
            withdrawn = Withdrawal(
                terminal.strip(),
                parse_when(withdrawn_at, "withdrawal time"),
                parse_rupees(withdrawn_amount, "amount", positive=True),
            )
            if not withdrawn.terminal:
                errors["withdrawn"] = _("Give the ATM or branch id.")
        except InputError as exc:
            errors["withdrawn"] = str(exc)
    if errors:
        return None, errors
    return ResponseInput(status, held, lien_ref.strip() or None, rows, withdrawn), {}


@router.post("/bank/requests/{request_id}/answer")
async def answer(
    request: Request,
    desk: DeskDep,
    db: DbDep,
    actor: BankOfficer,
    request_id: RequestId,
    idempotency_key: Annotated[str, Form(max_length=100)],
    status: Annotated[str, Form(max_length=20)],
    held_amount: Annotated[str, Form(max_length=20)] = "",
    lien_ref: Annotated[str, Form(max_length=80)] = "",
    onward: Annotated[str, Form(max_length=100_000)] = "",
    terminal: Annotated[str, Form(max_length=64)] = "",
    withdrawn_at: Annotated[str, Form(max_length=40)] = "",
    withdrawn_amount: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    hold = _request_or_404(db, request_id, actor)
    values = {
        "idempotency_key": idempotency_key,
        "status": status,
        "held_amount": held_amount,
        "lien_ref": lien_ref,
        "onward": onward,
        "terminal": terminal,
        "withdrawn_at": withdrawn_at,
        "withdrawn_amount": withdrawn_amount,
    }
    given, errors = _answer_of(
        status, held_amount, lien_ref, onward, terminal, withdrawn_at, withdrawn_amount
    )
    if given is not None:
        try:
            await run_in_threadpool(
                service.do_record_response,
                db,
                desk.access,
                hold.id,
                given,
                actor=actor,
                idempotency_key=idempotency_key,
                due=desk.due,
            )
        except RequestNotFoundError:
            raise HTTPException(404, "No such hold request.") from None
        except ResponseConflictError as exc:
            errors = {"status": str(exc)}
        except FieldError as exc:
            errors = exc.errors
        except InputError as exc:
            errors = {"status": str(exc)}
    if errors:
        db.expire_all()
        return _page(
            request,
            desk,
            _request_or_404(db, request_id, actor),
            errors=errors,
            values=values,
            status=422,
        )
    return RedirectResponse(f"/bank/requests/{hold.id}", status_code=303)
