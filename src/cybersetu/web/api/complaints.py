"""`/api/v1/complaints`: the fixed contract partner systems integrate against."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.cases import service
from cybersetu.cases.models import Case
from cybersetu.cases.service import ComplaintInput, FieldError
from cybersetu.complaints import FraudPayment
from cybersetu.errors import InputError
from cybersetu.ledger.money import parse_rupees, rupees
from cybersetu.reference.kanpur import POLICE_STATIONS
from cybersetu.web.deps import DbDep, DeskDep, require
from cybersetu.web.present import timeline

router = APIRouter(prefix="/api/v1", tags=["complaints"])

Creator = Annotated[Actor, Depends(require(Permission.CASE_CREATE, api=True))]
Viewer = Annotated[Actor, Depends(require(Permission.CASE_VIEW, api=True))]
Verifier = Annotated[Actor, Depends(require(Permission.CASE_VERIFY, api=True))]
Sender = Annotated[Actor, Depends(require(Permission.CASE_SEND_HOLDS, api=True))]

# Members from data (the stations), so the functional API: mypy only follows literal members.
StationCode = StrEnum("StationCode", {p.code: p.code for p in POLICE_STATIONS})  # type: ignore[misc]
"""The police stations of the commissionerate, as an enumeration partners can read."""

Rupees = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["15000.00"])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ComplainantIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    mobile: str = Field(min_length=1, max_length=20)


class TransactionIn(Strict):
    txn_id: str = Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")
    ts: datetime | None = None
    amount: str | float | int | None = Field(
        default=None, description="Rupees: a string with at most 2 decimals (numbers accepted)"
    )
    victim_account: str | None = Field(default=None, max_length=120)
    beneficiary: str | None = Field(default=None, max_length=120)

    @field_validator("ts")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            from cybersetu.clock import IST

            return value.replace(tzinfo=IST)
        return value

    @field_validator("amount")
    @classmethod
    def _rupees(cls, value: str | float | int | None) -> str | float | int | None:
        if value is not None:
            try:
                parse_rupees(value, "amount", positive=True)
            except InputError as exc:
                raise ValueError(str(exc)) from None
        return value


class ComplaintIn(Strict):
    channel: Literal["help_desk", "call_1930", "self_service"]
    station: StationCode = Field(description="Police-station code (reference/kanpur.py)")
    complainant: ComplainantIn
    narrative: str = Field(min_length=1, max_length=service.MAX_NARRATIVE)
    transactions: list[TransactionIn] | None = Field(default=None, max_length=service.MAX_PAYMENTS)


class IdentifierOut(BaseModel):
    kind: Literal["utr", "upi_id", "phone", "account", "ifsc", "amount", "url"]
    value: str


class TrailOut(BaseModel):
    stolen: Rupees
    to_hold: Rupees
    cash_out: Rupees
    merchants: Rupees
    unknown_banks: Rupees
    untraced: Rupees


class AccountOut(BaseModel):
    account: str
    amount: Rupees
    action: Literal["hold", "lien", "information"] = Field(
        description="hold: this amount only; lien: a merchant, verify the sale first; "
        "information: where the money went"
    )


class HoldRequestOut(BaseModel):
    id: int
    bank: str = Field(description="The bank's IFSC prefix, e.g. HDFC")
    amount: Rupees
    accounts: list[AccountOut]


class ComplaintOut(BaseModel):
    ack: str = Field(pattern=r"^KNP-\d{4}-\d{6}$")
    status: str
    mo: str
    identifiers: list[IdentifierOut]
    trail: TrailOut
    hold_requests: list[HoldRequestOut]


class TimelineOut(BaseModel):
    at: datetime
    actor: str
    code: str
    text: str


class ComplaintDetailOut(ComplaintOut):
    timeline: list[TimelineOut]


class ErrorOut(BaseModel):
    detail: str


def complaint_out(case: Case) -> dict[str, Any]:
    return {
        "ack": case.ack,
        "status": case.status,
        "mo": case.mo,
        "identifiers": [{"kind": i.kind, "value": i.value} for i in case.identifiers],
        "trail": {
            "stolen": rupees(case.stolen_paise),
            "to_hold": rupees(case.to_hold_paise),
            "cash_out": rupees(case.cash_out_paise),
            "merchants": rupees(case.merchants_paise),
            "unknown_banks": rupees(case.unknown_banks_paise),
            "untraced": rupees(case.untraced_paise),
        },
        "hold_requests": [
            {
                "id": r.id,
                "bank": r.bank,
                "amount": rupees(r.amount_paise),
                "accounts": [
                    {
                        "account": a["account"],
                        "amount": rupees(int(a["amount_paise"])),
                        "action": a["action"],
                    }
                    for a in r.accounts
                ],
            }
            for r in case.hold_requests
        ],
    }


def _input(body: ComplaintIn) -> ComplaintInput:
    return ComplaintInput(
        channel=body.channel,
        station=str(body.station.value),
        complainant_name=body.complainant.name,
        complainant_mobile=body.complainant.mobile,
        narrative=body.narrative,
        transactions=None
        if body.transactions is None
        else tuple(
            FraudPayment(
                t.txn_id,
                t.ts,
                parse_rupees(t.amount, "amount", positive=True) if t.amount is not None else None,
                t.victim_account,
                t.beneficiary,
            )
            for t in body.transactions
        ),
    )


def unprocessable(errors: dict[str, str]) -> JSONResponse:
    detail = []
    for field, message in errors.items():
        loc: list[str | int] = ["body"]
        for part in field.replace("]", "").replace("[", ".").split("."):
            loc.append(int(part) if part.isdigit() else part)
        detail.append({"loc": loc, "msg": message, "type": "value_error"})
    return JSONResponse({"detail": detail}, status_code=422)


@router.post(
    "/complaints",
    status_code=201,
    response_model=ComplaintOut,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {}},
)
async def create_complaint(body: ComplaintIn, desk: DeskDep, db: DbDep, actor: Creator) -> Any:
    """Register a complaint: the narrative is read, the money traced, the hold requests
    drafted. Without `transactions`, they come from the narrative's UTRs found in the ledger."""
    data = _input(body)
    if actor.station and data.station != actor.station:
        return unprocessable({"station": "A help desk registers complaints for its own station."})
    try:
        result = await desk.register(db, data, actor)
    except FieldError as exc:
        return unprocessable(exc.errors)
    return complaint_out(result.case)


@router.get(
    "/complaints/{ack}",
    response_model=ComplaintDetailOut,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
def get_complaint(ack: str, db: DbDep, actor: Viewer) -> Any:
    """A complaint as registered, with its timeline (from the audit log, in the reader's
    language)."""
    case = service.get_case(db, ack[:20], actor=actor)
    if case is None:
        raise HTTPException(404, "No such complaint.")
    out = complaint_out(case)
    out["timeline"] = timeline(db, case)
    return out


class SendIn(Strict):
    reason: str = Field(min_length=1, max_length=500, description="Why before verification")


_ACTION_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
}


def _case_of(db: Session, ack: str, actor: Actor) -> Case:
    case = service.get_case(db, ack[:20], actor=actor)
    if case is None:
        raise HTTPException(404, "No such complaint.")
    return case


@router.post("/complaints/{ack}/verify", response_model=ComplaintOut, responses=_ACTION_RESPONSES)
async def verify_complaint(ack: str, desk: DeskDep, db: DbDep, actor: Verifier) -> Any:
    """Mark the complaint verified and send its drafted hold requests (MHA SOP: verify before
    freezing)."""
    case = _case_of(db, ack, actor)
    try:
        service.do_verify(db, case.id, actor=actor)
        if any(r.status == "drafted" for r in case.hold_requests):
            await run_in_threadpool(
                service.do_send_holds, db, desk.access, case.id, actor=actor, due=desk.due
            )
    except InputError as exc:
        raise HTTPException(409, str(exc)) from None
    db.expire_all()
    return complaint_out(_case_of(db, ack, actor))


@router.post("/complaints/{ack}/send", response_model=ComplaintOut, responses=_ACTION_RESPONSES)
async def send_complaint(ack: str, body: SendIn, desk: DeskDep, db: DbDep, actor: Sender) -> Any:
    """Send the drafted hold requests before verification, in the golden hour, with the
    reason (recorded in the audit log)."""
    case = _case_of(db, ack, actor)
    try:
        await run_in_threadpool(
            service.do_send_holds,
            db,
            desk.access,
            case.id,
            actor=actor,
            reason=body.reason,
            due=desk.due,
        )
    except InputError as exc:
        raise HTTPException(409, str(exc)) from None
    db.expire_all()
    return complaint_out(_case_of(db, ack, actor))


def input_error_422(exc: InputError) -> JSONResponse:
    return JSONResponse(
        {"detail": [{"loc": ["body"], "msg": str(exc), "type": "value_error"}]}, status_code=422
    )
