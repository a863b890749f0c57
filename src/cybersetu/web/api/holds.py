"""`/api/v1/hold-requests`: banks read the requests sent to them and answer (a fixed contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, Field
from starlette.concurrency import run_in_threadpool

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.cases.service import FieldError
from cybersetu.clock import IST
from cybersetu.errors import InputError
from cybersetu.holds import service
from cybersetu.holds.service import (
    OnwardPayment,
    RequestNotFoundError,
    ResponseConflictError,
    ResponseInput,
    Withdrawal,
)
from cybersetu.ledger.money import parse_rupees, rupees
from cybersetu.web.api.complaints import ErrorOut, Rupees, Strict, input_error_422, unprocessable
from cybersetu.web.deps import DbDep, DeskDep, require

router = APIRouter(prefix="/api/v1", tags=["hold requests"])

BankOfficer = Annotated[Actor, Depends(require(Permission.HOLDS_ANSWER, api=True))]

Reference = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")]
AccountId = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[\x21-\x7e]+$")]


def _paise(value: str | float | int, what: str = "amount") -> int:
    try:
        return parse_rupees(value, what, positive=True)
    except InputError as exc:
        raise ValueError(str(exc)) from None


def _rupees(value: str | float | int) -> str | float | int:
    _paise(value)
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=IST)


RupeesIn = Annotated[
    str | float | int,
    AfterValidator(_rupees),
    Field(description="Rupees: a string with at most 2 decimals (numbers accepted)"),
]
When = Annotated[datetime, AfterValidator(_aware), Field(description="ISO 8601; IST if naive")]


class OnwardIn(Strict):
    txn_id: Reference
    ts: When
    src_account: AccountId | None = None
    amount: RupeesIn
    dst_account: AccountId
    dst_bank: str | None = Field(default=None, pattern=r"^[A-Z]{4}$")
    channel: Literal[
        "UPI", "IMPS", "NEFT", "RTGS", "CARD", "ATM", "CASH", "AEPS", "WALLET", "CHEQUE", "OTHER"
    ]


class WithdrawnIn(Strict):
    terminal: AccountId = Field(description="The ATM or branch id")
    ts: When
    amount: RupeesIn


class ResponseIn(Strict):
    status: Literal["held", "moved_on", "withdrawn", "no_balance", "not_our_customer"]
    held_amount: RupeesIn | None = None
    lien_ref: str | None = Field(default=None, max_length=80)
    onward: list[OnwardIn] | None = Field(default=None, max_length=service.MAX_ONWARD)
    withdrawn: WithdrawnIn | None = None


class ResponseOut(BaseModel):
    response_id: int
    next_requests: list[int] = Field(description="The next layer's requests, drafted at once")


class RequestedAccountOut(BaseModel):
    account: str
    amount: Rupees
    action: Literal["hold", "lien", "information"] = Field(
        description="hold: this amount only; lien: a merchant, never frozen: verify the sale "
        "first and, only if it is not genuine, a lien of this amount only; information: where "
        "the money went"
    )


class HoldRequestOut(BaseModel):
    id: int
    complaint_ack: str
    layer: int
    bank: str
    due_at: datetime | None
    accounts: list[RequestedAccountOut]
    utr_chain: list[str]


def _input(body: ResponseIn) -> ResponseInput:
    return ResponseInput(
        status=body.status,
        held_paise=_paise(body.held_amount) if body.held_amount is not None else None,
        lien_ref=(body.lien_ref or "").strip() or None,
        onward=tuple(
            OnwardPayment(
                txn_id=o.txn_id,
                ts=o.ts,
                amount_paise=_paise(o.amount),
                dst_account=o.dst_account,
                channel=o.channel,
                src_account=o.src_account,
                dst_bank=o.dst_bank,
            )
            for o in body.onward or ()
        ),
        withdrawn=None
        if body.withdrawn is None
        else Withdrawal(body.withdrawn.terminal, body.withdrawn.ts, _paise(body.withdrawn.amount)),
    )


@router.get(
    "/hold-requests",
    response_model=list[HoldRequestOut],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {}},
)
def list_requests(
    db: DbDep,
    actor: BankOfficer,
    status: Annotated[Literal["open", "answered", "all"], Query()] = "open",
) -> Any:
    """The hold requests sent to the caller's bank, the soonest due first."""
    return [
        {
            "id": r.id,
            "complaint_ack": r.case.ack,
            "layer": r.layer,
            "bank": r.bank,
            "due_at": r.due_at,
            "accounts": [
                {"account": a.account, "amount": rupees(a.amount_paise), "action": a.action}
                for a in r.account_rows
            ],
            "utr_chain": service.utr_chain(r),
        }
        for r in service.requests_for_bank(db, actor=actor, status=status)
    ]


@router.post(
    "/hold-requests/{request_id}/responses",
    status_code=201,
    response_model=ResponseOut,
    responses={
        200: {"model": ResponseOut, "description": "The same Idempotency-Key again"},
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        409: {"model": ErrorOut},
        422: {},
    },
)
async def respond(
    request_id: Annotated[int, Path(ge=1, le=service.MAX_REQUEST_ID)],
    body: ResponseIn,
    desk: DeskDep,
    db: DbDep,
    actor: BankOfficer,
    idempotency_key: Annotated[str, Header(min_length=1, max_length=100)],
) -> Any:
    """Record the bank's answer. `moved_on` lays the onward transactions into the ledger,
    traces the case again (and every open case through those accounts) and drafts the next
    layer's requests at once; their ids are returned."""
    try:
        result = await run_in_threadpool(
            service.do_record_response,
            db,
            desk.access,
            request_id,
            _input(body),
            actor=actor,
            idempotency_key=idempotency_key,
            due=desk.due,
        )
    except RequestNotFoundError:
        raise HTTPException(404, "No such hold request.") from None
    except ResponseConflictError as exc:
        raise HTTPException(409, str(exc)) from None
    except FieldError as exc:
        return unprocessable(exc.errors)
    except InputError as exc:
        return input_error_422(exc)
    return JSONResponse(result.body(), status_code=200 if result.replayed else 201)
