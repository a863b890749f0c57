"""The audit log, for supervisors and administrators: the latest events and the chain check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from cybersetu.audit.models import AuditEvent
from cybersetu.audit.service import verify_chain
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require
from cybersetu.web.present import describe

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
Auditor = Annotated[Actor, Depends(require(Permission.AUDIT_VIEW))]


# `_actor` is there for its permission check alone (FastAPI runs it before the page).
@router.get("/audit")
def audit_page(request: Request, desk: DeskDep, db: DbDep, _actor: Auditor) -> Response:
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(200)).all()
    rows = [{"event": e, "text": describe(e)} for e in events]
    return desk.pages.render(request, "audit.html", {"rows": rows, "chain": verify_chain(db)})
