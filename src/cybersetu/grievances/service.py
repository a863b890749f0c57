"""Filing and answering traders' grievances: `do_*` actions and the queries the desk needs.

Every action takes the actor (keyword-only), runs in one transaction, and writes its audit event
and its step of the grievance's history in that transaction. A grievance the actor may not see
is reported as not found (`GrievanceNotFound`), the same as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can, can_see_grievance, grievance_scope
from cybersetu.cases.privacy import mask_aadhaar
from cybersetu.clock import IST
from cybersetu.db.base import begin, utcnow
from cybersetu.db.counters import next_in_year
from cybersetu.errors import InputError
from cybersetu.grievances.models import Grievance, GrievanceAction, GrievanceCounter
from cybersetu.grievances.workflow import (
    APPEAL_DAYS,
    CLOCK_RUNS,
    Category,
    Status,
    capped,
    check_move,
    check_transferable,
    due_at,
)
from cybersetu.i18n import _
from cybersetu.officers.models import User
from cybersetu.officers.roles import Role
from cybersetu.officers.service import ZONES, zones_of
from cybersetu.reference.kanpur import STATIONS_BY_CODE

ACK_PREFIX: Final = "GRV"
MAX_DESCRIPTION: Final = 5_000
MAX_NOTE: Final = 2_000


class GrievanceNotFound(InputError):  # noqa: N818 - reads as the answer it gives (404)
    """No such grievance, or not one the actor may see."""


class FieldError(InputError):
    """Bad input, one message per field (in the reader's language)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class GrievanceInput:
    category: str
    description: str
    station: str
    account: str | None = None
    locality: str | None = None


def check_input(data: GrievanceInput) -> dict[str, str]:
    """Per field, what is wrong (empty when nothing is)."""
    errors: dict[str, str] = {}
    if data.category not in {c.value for c in Category}:
        errors["category"] = _("Choose what the grievance is about.")
    if not data.description.strip() or "\x00" in data.description:
        errors["description"] = _("Describe the problem.")
    elif len(data.description) > MAX_DESCRIPTION:
        errors["description"] = _("The description is longer than {n} characters.").format(
            n=f"{MAX_DESCRIPTION:,}"
        )
    if data.station not in STATIONS_BY_CODE:
        errors["station"] = _("Choose the police station of the shop.")
    account = (data.account or "").strip()
    if account and (len(account) > 120 or not account.isprintable()):
        errors["account"] = _("An account is at most 120 characters on one line.")
    if data.category == Category.FROZEN_ACCOUNT and not account:
        errors["account"] = _("Give the frozen account (IFSC:account number, or the UPI ID).")
    if data.locality and len(data.locality) > 120:
        errors["locality"] = _("The locality is at most 120 characters.")
    return errors


def nodal_officer_of(session: Session, zone: str) -> User | None:
    """The nodal officer a grievance of this zone goes to: the first active one named for it."""
    officers = session.scalars(
        select(User)
        .where(User.role == Role.NODAL_OFFICER.value, User.active.is_(True))
        .order_by(User.id)
    ).all()
    return next((u for u in officers if zone in zones_of(u)), None)


def _step(
    session: Session,
    g: Grievance,
    action: str,
    *,
    actor: Actor,
    at: datetime,
    note: str | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    """One step: the history row both sides read, and the audit event, in this transaction."""
    session.add(
        GrievanceAction(
            grievance_id=g.id,
            at=at,
            actor_id=actor.user_id,
            actor=actor.username,
            action=action,
            status=g.status,
            note=note,
        )
    )
    record(
        session,
        actor=actor,
        code=f"grievance.{action}",
        params={"ack": g.ack, **(params or {})},
        at=at,
    )


def _note(text: str | None, *, required: bool, field: str = "note") -> str | None:
    body = (text or "").strip()
    if required and not body:
        raise FieldError({field: _("Write the note first.")})
    if len(body) > MAX_NOTE:
        raise FieldError({field: _("A note is at most {n} characters.").format(n=f"{MAX_NOTE:,}")})
    return mask_aadhaar(body) or None


def do_file_grievance(
    session: Session, data: GrievanceInput, *, actor: Actor, now: datetime | None = None
) -> Grievance:
    """File a grievance: routed to the nodal officer of the shop's zone, with its deadline and
    acknowledgement number."""
    if not can(actor, Permission.GRIEVANCE_FILE):
        raise InputError(_("You are not allowed to do this."))
    errors = check_input(data)
    if errors:
        raise FieldError(errors)
    now = now or utcnow()
    category = Category(data.category)
    zone = STATIONS_BY_CODE[data.station].zone
    with begin(session):
        officer = nodal_officer_of(session, zone)
        number = next_in_year(session, GrievanceCounter, now.astimezone(IST).year)
        g = Grievance(
            ack=f"{ACK_PREFIX}-{now.astimezone(IST).year}-{number:06d}",
            status=Status.FILED.value,
            category=category.value,
            description=mask_aadhaar(data.description.strip()),
            account=(data.account or "").strip() or None,
            station=data.station,
            zone=zone,
            locality=(data.locality or "").strip() or None,
            filed_by=actor.user_id,
            filed_at=now,
            due_at=due_at(category, now),
            nodal_officer_id=officer.id if officer else None,
        )
        session.add(g)
        session.flush()
        _step(
            session,
            g,
            "filed",
            actor=actor,
            at=now,
            params={"category": category.value, "station": g.station, "due": g.due_at},
        )
    return g


def get_grievance(session: Session, ack: str, *, actor: Actor) -> Grievance | None:
    """The grievance, or None when it does not exist or the actor may not see it."""
    if not ack.isprintable():
        return None
    g = session.scalar(
        select(Grievance).where(Grievance.ack == ack[:20]).options(selectinload(Grievance.history))
    )
    if g is None or not can_see_grievance(actor, g):
        return None
    return g


def list_grievances(session: Session, *, actor: Actor, limit: int = 100) -> Sequence[Grievance]:
    return session.scalars(
        select(Grievance)
        .where(grievance_scope(actor))
        .order_by(Grievance.due_at, Grievance.id)
        .limit(limit)
    ).all()


def officer_name(session: Session, g: Grievance) -> str | None:
    if g.nodal_officer_id is None:
        return None
    user = session.get(User, g.nodal_officer_id)
    return (user.display_name or user.username) if user else None


def _locked(session: Session, grievance_id: int, actor: Actor) -> Grievance:
    g = session.execute(
        select(Grievance).where(Grievance.id == grievance_id).with_for_update()
    ).scalar_one_or_none()
    if g is None or not can_see_grievance(actor, g):
        raise GrievanceNotFound(_("There is no such grievance."))
    return g


def _allowed(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise InputError(_("You are not allowed to do this."))


def do_accept(session: Session, grievance_id: int, *, actor: Actor) -> Grievance:
    _allowed(actor, Permission.GRIEVANCE_ACT)
    now = utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        check_move(g.status, Status.ACCEPTED)
        g.status = Status.ACCEPTED.value
        if g.nodal_officer_id is None:
            g.nodal_officer_id = actor.user_id
        _step(session, g, "accepted", actor=actor, at=now)
    return g


def do_ask_info(
    session: Session,
    grievance_id: int,
    question: str,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Grievance:
    """Ask the trader for information: the clock waits until the trader answers."""
    _allowed(actor, Permission.GRIEVANCE_ACT)
    note = _note(question, required=True)
    now = now or utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        check_move(g.status, Status.INFO_REQUESTED)
        g.status = Status.INFO_REQUESTED.value
        g.info_requested_at = now
        _step(session, g, "info_requested", actor=actor, at=now, note=note)
    return g


def do_give_info(
    session: Session,
    grievance_id: int,
    answer: str,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Grievance:
    """The trader answers: the deadline moves by the time waited, never beyond 30 days."""
    _allowed(actor, Permission.GRIEVANCE_RESPOND)
    note = _note(answer, required=True)
    now = now or utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        check_move(g.status, Status.ACCEPTED)
        if g.status != Status.INFO_REQUESTED.value:
            raise InputError(_("No information was asked."))
        waited = now - (g.info_requested_at or now)
        g.due_at = capped(g.filed_at, g.due_at + waited)
        g.status = Status.ACCEPTED.value
        g.info_requested_at = None
        _step(session, g, "info_given", actor=actor, at=now, note=note)
    return g


def do_transfer(
    session: Session, grievance_id: int, zone: str, reason: str, *, actor: Actor
) -> Grievance:
    """Send the grievance to another zone's nodal officer (the deadline stays)."""
    _allowed(actor, Permission.GRIEVANCE_ACT)
    note = _note(reason, required=True, field="reason")
    if zone not in ZONES:
        raise FieldError({"zone": _("Choose the zone.")})
    now = utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        check_transferable(g.status)
        if zone == g.zone:
            raise FieldError({"zone": _("The grievance is already in this zone.")})
        before = g.zone
        officer = nodal_officer_of(session, zone)
        g.zone = zone
        g.nodal_officer_id = officer.id if officer else None
        _step(
            session,
            g,
            "transferred",
            actor=actor,
            at=now,
            note=note,
            params={"from_zone": before, "to_zone": zone},
        )
    return g


def do_resolve(session: Session, grievance_id: int, note: str, *, actor: Actor) -> Grievance:
    _allowed(actor, Permission.GRIEVANCE_ACT)
    text = _note(note, required=True)
    now = utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        check_move(g.status, Status.RESOLVED)
        g.status = Status.RESOLVED.value
        g.resolved_at = now
        g.resolution = text
        _step(session, g, "resolved", actor=actor, at=now, note=text)
    return g


def do_rate(
    session: Session,
    grievance_id: int,
    *,
    satisfied: bool,
    reason: str | None = None,
    actor: Actor,
) -> Grievance:
    """The trader rates the resolution. Not satisfied opens an appeal to the supervisor, and
    the grievance stays open until the appeal is decided."""
    _allowed(actor, Permission.GRIEVANCE_RESPOND)
    text = _note(reason, required=not satisfied, field="reason")
    now = utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        target = Status.CLOSED if satisfied else Status.APPEALED
        check_move(g.status, target)
        g.rating = "satisfied" if satisfied else "not_satisfied"
        g.status = target.value
        _step(session, g, "rated", actor=actor, at=now, params={"rating": g.rating})
        if satisfied:
            g.closed_at = now
        else:
            g.due_at = capped(g.filed_at, now + timedelta(days=APPEAL_DAYS))
            g.escalated_at = None
            _step(session, g, "appealed", actor=actor, at=now, note=text)
    return g


def do_decide_appeal(
    session: Session, grievance_id: int, *, uphold: bool, note: str, actor: Actor
) -> Grievance:
    """The supervisor upholds the resolution (closed) or sends it back to the nodal officer."""
    _allowed(actor, Permission.GRIEVANCE_DECIDE_APPEAL)
    text = _note(note, required=True)
    now = utcnow()
    with begin(session):
        g = _locked(session, grievance_id, actor)
        target = Status.CLOSED if uphold else Status.ACCEPTED
        if g.status != Status.APPEALED.value:
            check_move(g.status, Status.APPEALED)  # raises: only an appeal is decided
        check_move(g.status, target)
        g.status = target.value
        if uphold:
            g.closed_at = now
        else:
            g.resolved_at, g.resolution, g.rating = None, None, None
        decision = "upheld" if uphold else "reopened"
        _step(
            session,
            g,
            "appeal_decided",
            actor=actor,
            at=now,
            note=text,
            params={"decision": decision},
        )
    return g


def _overdue(now: datetime) -> Select[Grievance]:
    return (
        select(Grievance)
        .where(
            Grievance.status.in_([s.value for s in CLOCK_RUNS]),
            Grievance.due_at < now,
            Grievance.escalated_at.is_(None),
        )
        .order_by(Grievance.due_at, Grievance.id)
    )


def overdue(session: Session, now: datetime) -> Sequence[Grievance]:
    """Open grievances past their deadline, not yet escalated."""
    return session.scalars(_overdue(now)).all()


def escalate_overdue(session: Session, now: datetime) -> list[str]:
    """The sweeper's job: every open grievance past its deadline and not yet escalated is
    escalated to the supervisor, audited; returns their acknowledgement numbers."""
    system = Actor.system("sweeper")
    done: list[str] = []
    with begin(session):
        rows = session.scalars(_overdue(now).with_for_update(skip_locked=True)).all()
        for g in rows:
            g.escalated_at = now
            _step(session, g, "escalated", actor=system, at=now, params={"due": g.due_at})
            done.append(g.ack)
    return done
