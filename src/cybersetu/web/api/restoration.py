"""`/api/v1/hold-requests/{id}/restorations`: a bank confirms that it credited held money back
to the victim, once the order is recorded (a fixed contract, like the answers endpoint)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.cases.service import FieldError
from cybersetu.errors import InputError
from cybersetu.holds.service import MAX_REQUEST_ID, RequestNotFoundError
from cybersetu.restoration import service
from cybersetu.restoration.service import CreditInput, RestorationConflictError
from cybersetu.web.api.complaints import ErrorOut, Rupees, Strict, input_error_422, unprocessable
from cybersetu.web.api.holds import Reference, RupeesIn, When, _paise
from cybersetu.web.deps import DbDep, require

router = APIRouter(prefix="/api/v1", tags=["restoration"])

BankOfficer = Annotated[Actor, Depends(require(Permission.HOLDS_ANSWER, api=True))]


class CreditIn(Strict):
    amount: RupeesIn = Field(description="Rupees credited to the victim")
    credit_ref: Reference = Field(description="The UTR of the credit to the victim's account")
    credited_at: When


class CreditOut(BaseModel):
    credit_id: int
    restoration_id: int
    restored_amount: Rupees = Field(description="Credited so far on this restoration")
    left_amount: Rupees = Field(description="Still to credit on this restoration")
    case_status: str = Field(description="partly_restored or restored (or the case's state)")


@router.post(
    "/hold-requests/{request_id}/restorations",
    status_code=201,
    response_model=CreditOut,
    responses={
        200: {"model": CreditOut, "description": "The same Idempotency-Key again"},
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        409: {"model": ErrorOut},
        422: {},
    },
)
def confirm_credit(
    request_id: Annotated[int, Path(ge=1, le=MAX_REQUEST_ID)],
    body: CreditIn,
    db: DbDep,
    actor: BankOfficer,
    idempotency_key: Annotated[str, Header(min_length=1, max_length=100)],
) -> Any:
    """Confirm a credit to the victim of (part of) the amount held on this request. Refused
    (409) before the court or restoration order is recorded, or once all of it is credited."""
    credit = CreditInput(_paise(body.amount), body.credit_ref, body.credited_at)
    try:
        result = service.do_confirm_credit(
            db, request_id, credit, actor=actor, idempotency_key=idempotency_key
        )
    except RequestNotFoundError:
        raise HTTPException(404, "No such hold request.") from None
    except RestorationConflictError as exc:
        raise HTTPException(409, str(exc)) from None
    except FieldError as exc:
        return unprocessable(exc.errors)
    except InputError as exc:
        return input_error_422(exc)
    return JSONResponse(result.body, status_code=200 if result.replayed else 201)
