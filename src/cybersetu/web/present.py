"""How stored codes read on a page or in the API: statuses and audit events, in the reader's
language."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cybersetu.audit.events import EVENTS
from cybersetu.audit.models import AuditEvent
from cybersetu.cases.models import Case
from cybersetu.cases.service import CHANNEL_LABELS
from cybersetu.cases.workflow import STATUS_LABELS, Status
from cybersetu.holds.service import ANSWER_LABELS
from cybersetu.i18n import _
from cybersetu.i18n.format import money, when
from cybersetu.restoration.service import ROUTE_LABELS


def status_label(status: str) -> str:
    return _(STATUS_LABELS[Status(status)])


def describe(event: AuditEvent) -> str:
    """An audit event as a sentence in the reader's language."""
    params = dict(event.params)
    for key in ("stolen", "to_hold", "amount", "held", "restored"):
        if isinstance(params.get(key), int):
            params[key] = money(params[key])
    moved = ("case.status_changed", "case.restoration_moved")
    if event.code in moved and params.get("status") in set(Status):
        params["status"] = status_label(params["status"])
    answer = params.get("answer")
    if answer in ANSWER_LABELS:
        params["answer"] = _(ANSWER_LABELS[answer])
    if params.get("channel") in CHANNEL_LABELS:
        params["channel"] = _(CHANNEL_LABELS[params["channel"]])
    route = params.get("route")
    if event.code == "restoration.started" and route in ROUTE_LABELS:
        params["route"] = _(ROUTE_LABELS[route])
    if event.code.startswith("grievance."):
        _grievance_params(params)
    try:
        return _(EVENTS[event.code]).format(**params)
    except (KeyError, IndexError):
        return event.code


def _grievance_params(params: dict[str, Any]) -> None:
    """The codes and times of a grievance event as the reader reads them (issue 13)."""
    from datetime import datetime

    from cybersetu.grievances.workflow import CATEGORY_LABELS, DECISION_LABELS, RATING_LABELS

    if isinstance(params.get("due"), str):
        params["due"] = when(datetime.fromisoformat(params["due"]))
    for key, labels in (
        ("category", CATEGORY_LABELS),
        ("rating", RATING_LABELS),
        ("decision", DECISION_LABELS),
    ):
        if params.get(key) in labels:
            params[key] = _(labels[params[key]])


def timeline(db: Session, case: Case) -> list[dict[str, Any]]:
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq)
    ).all()
    return [{"at": e.at, "actor": e.actor, "code": e.code, "text": describe(e)} for e in events]
