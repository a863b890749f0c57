"""`/api/v1/grievances`: traders file grievances and follow them (a fixed contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.grievances import service
from cybersetu.grievances.models import Grievance
from cybersetu.grievances.service import FieldError, GrievanceInput
from cybersetu.web.api.complaints import ErrorOut, StationCode, Strict, unprocessable
from cybersetu.web.deps import DbDep, require

router = APIRouter(prefix="/api/v1", tags=["grievances"])

Filer = Annotated[Actor, Depends(require(Permission.GRIEVANCE_FILE, api=True))]
Viewer = Annotated[Actor, Depends(require(Permission.GRIEVANCE_VIEW, api=True))]

CategoryName = Literal[
    "frozen_account", "fraud_suffered", "security_extortion", "traffic_market", "other"
]
StatusName = Literal["filed", "accepted", "info_requested", "resolved", "appealed", "closed"]


class GrievanceIn(Strict):
    category: CategoryName
    description: str = Field(min_length=1, max_length=service.MAX_DESCRIPTION)
    account: str | None = Field(
        default=None,
        max_length=120,
        description="The trader's account (IFSC:number or UPI ID); needed for frozen_account",
    )
    station: StationCode | None = Field(
        default=None, description="The shop's police station; default: the trader's own"
    )


class GrievanceOut(BaseModel):
    ack: str = Field(pattern=r"^GRV-\d{4}-\d{6}$")
    status: StatusName
    due_at: datetime
    nodal_officer: str | None = Field(description="Who answers it; null until one is named")


class HistoryOut(BaseModel):
    at: datetime
    actor: str
    action: str
    status: StatusName
    note: str | None


class GrievanceDetailOut(BaseModel):
    ack: str = Field(pattern=r"^GRV-\d{4}-\d{6}$")
    status: StatusName
    due_at: datetime
    category: CategoryName
    history: list[HistoryOut]


def _history(g: Grievance) -> list[dict[str, Any]]:
    return [
        {"at": h.at, "actor": h.actor, "action": h.action, "status": h.status, "note": h.note}
        for h in g.history
    ]


@router.post(
    "/grievances",
    status_code=201,
    response_model=GrievanceOut,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {}},
)
def file_grievance(body: GrievanceIn, db: DbDep, actor: Filer) -> Any:
    """File a grievance: routed to the nodal officer of the shop's zone, with its deadline (7
    days for a frozen account, 10 for the rest, never beyond 30)."""
    station = str(body.station.value) if body.station is not None else (actor.station or "")
    data = GrievanceInput(
        category=body.category,
        description=body.description,
        station=station,
        account=body.account,
    )
    try:
        g = service.do_file_grievance(db, data, actor=actor)
    except FieldError as exc:
        return unprocessable(exc.errors)
    return {
        "ack": g.ack,
        "status": g.status,
        "due_at": g.due_at,
        "nodal_officer": service.officer_name(db, g),
    }


@router.get(
    "/grievances/{ack}",
    response_model=GrievanceDetailOut,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
def get_grievance(ack: str, db: DbDep, actor: Viewer) -> Any:
    """A grievance and its history. Another trader's grievance is not found (404)."""
    g = service.get_grievance(db, ack, actor=actor)
    if g is None:
        raise HTTPException(404, "No such grievance.")
    return {
        "ack": g.ack,
        "status": g.status,
        "due_at": g.due_at,
        "category": g.category,
        "history": _history(g),
    }
