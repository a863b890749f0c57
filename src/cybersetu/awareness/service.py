"""Recording awareness sessions: a `do_*` action, audited in its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.awareness.models import AwarenessSession
from cybersetu.awareness.plan import AUDIENCE_LABELS
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.grievances.service import FieldError
from cybersetu.i18n import _
from cybersetu.interchange import ModusOperandi
from cybersetu.reference.kanpur import STATIONS_BY_CODE

MAX_ATTENDANCE: Final = 100_000


@dataclass(frozen=True)
class SessionInput:
    station: str
    place: str
    audience: str
    mo: str
    held_at: datetime
    attendance: int
    officer: str


def check_input(data: SessionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.station not in STATIONS_BY_CODE:
        errors["station"] = _("Choose the police station.")
    if not data.place.strip() or len(data.place) > 200:
        errors["place"] = _("Give the place (at most 200 characters).")
    if data.audience not in AUDIENCE_LABELS:
        errors["audience"] = _("Choose the audience.")
    if data.mo not in {m.value for m in ModusOperandi}:
        errors["mo"] = _("Choose the topic.")
    if not 0 <= data.attendance <= MAX_ATTENDANCE:
        errors["attendance"] = _("Give how many attended.")
    if not data.officer.strip() or len(data.officer) > 120:
        errors["officer"] = _("Name the officer who held it.")
    if data.held_at.tzinfo is None or data.held_at > utcnow():
        errors["held_at"] = _("Give when it was held (not in the future).")
    return errors


def do_record_session(session: Session, data: SessionInput, *, actor: Actor) -> AwarenessSession:
    if not can(actor, Permission.AWARENESS_PLAN):
        raise InputError(_("You are not allowed to do this."))
    errors = check_input(data)
    if errors:
        raise FieldError(errors)
    with begin(session):
        row = AwarenessSession(
            station=data.station,
            place=data.place.strip(),
            audience=data.audience,
            mo=data.mo,
            held_at=data.held_at,
            attendance=data.attendance,
            officer=data.officer.strip(),
            created_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        record(
            session,
            actor=actor,
            code="awareness.session_recorded",
            params={"station": row.station, "audience": row.audience, "mo": row.mo},
        )
    return row


def recent_sessions(session: Session, limit: int = 50) -> Sequence[AwarenessSession]:
    return session.scalars(
        select(AwarenessSession).order_by(AwarenessSession.held_at.desc()).limit(limit)
    ).all()
