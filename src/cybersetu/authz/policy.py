"""The policy: what each role may do, and which cases it may see.

Routes and actions ask `can` and `can_see_case` (and list cases through `case_scope`); nothing
else decides. A case outside the actor's scope is reported as not found, so that its existence
does not leak.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from sqlalchemy import ColumnElement, false, true

from cybersetu.authz.actor import Actor
from cybersetu.cases.models import Case, HoldRequest
from cybersetu.grievances.models import Grievance
from cybersetu.officers.roles import BANK_ROLES, STATION_ROLES, Role


class Permission(StrEnum):
    CASE_CREATE = "case.create"
    CASE_VIEW = "case.view"
    CASE_VIEW_PII = "case.view_pii"
    """The complainant's mobile number unmasked."""
    CASE_VERIFY = "case.verify"
    CASE_SEND_HOLDS = "case.send_holds"
    CASE_NOTE = "case.note"
    LEDGER_UPLOAD = "ledger.upload"
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    HOLDS_ANSWER = "holds.answer"
    """See the hold requests addressed to one's bank and answer them."""
    HOLDS_OVERSEE = "holds.oversee"
    """The queue of overdue requests escalated by the sweeper."""
    # Traders' grievances (issue 13).
    GRIEVANCE_FILE = "grievance.file"
    GRIEVANCE_VIEW = "grievance.view"
    GRIEVANCE_ACT = "grievance.act"
    """Accept, ask for information, transfer, resolve: the nodal officer's moves."""
    GRIEVANCE_RESPOND = "grievance.respond"
    """Answer a request for information, rate the resolution: the trader's moves."""
    GRIEVANCE_DECIDE_APPEAL = "grievance.decide_appeal"
    GRIEVANCE_ATTACH = "grievance.attach"
    MEETING_VIEW = "meeting.view"
    MEETING_MANAGE = "meeting.manage"
    AWARENESS_PLAN = "awareness.plan"
    """Where to hold the next awareness sessions; the sessions held."""
    GRIEVANCE_TRAIL = "grievance.trail"
    """A frozen account's answer from the trail (which complaints, how much) and the letter."""
    TRADER_ADD = "trader.add"
    """Add a shop of one's zones to the traders' desk (it sets its own password)."""
    CASE_TRACK = "case.track"
    """The victim's view of a complaint: how much is held where, what happens next."""
    # The rest of the case workflow and restoration (issue 11, sections 6 and 7).
    CASE_DECIDE = "case.decide"
    """Reject a complaint, merge a duplicate into its original, close a case."""
    CASE_RESTORE = "case.restore"
    """Start a restoration of held money, draft its application or letter, record the order."""


_P = Permission
ROLE_PERMISSIONS: Final[dict[Role, frozenset[Permission]]] = {
    Role.HELP_DESK: frozenset({_P.CASE_CREATE, _P.CASE_VIEW, _P.CASE_VIEW_PII, _P.CASE_NOTE}),
    Role.INVESTIGATOR: frozenset(
        {
            _P.CASE_CREATE,
            _P.CASE_VIEW,
            _P.CASE_VIEW_PII,
            _P.CASE_VERIFY,
            _P.CASE_SEND_HOLDS,
            _P.CASE_NOTE,
            _P.LEDGER_UPLOAD,
            _P.HOLDS_OVERSEE,
        }
    ),
    Role.SUPERVISOR: frozenset({_P.CASE_VIEW, _P.CASE_NOTE, _P.AUDIT_VIEW, _P.HOLDS_OVERSEE}),
    Role.ADMIN: frozenset({_P.USERS_MANAGE, _P.AUDIT_VIEW}),
    Role.BANK_OFFICER: frozenset({_P.HOLDS_ANSWER}),
    Role.TRADER: frozenset(
        {
            _P.GRIEVANCE_FILE,
            _P.GRIEVANCE_VIEW,
            _P.GRIEVANCE_RESPOND,
            _P.GRIEVANCE_ATTACH,
            _P.MEETING_VIEW,
        }
    ),
    Role.NODAL_OFFICER: frozenset(
        {
            _P.GRIEVANCE_VIEW,
            _P.GRIEVANCE_ACT,
            _P.GRIEVANCE_TRAIL,
            _P.GRIEVANCE_ATTACH,
            _P.MEETING_VIEW,
            _P.MEETING_MANAGE,
            _P.AWARENESS_PLAN,
        }
    ),
}
# A shop can be added by the nodal officer of its zone (or the supervisor) as well as register.
for _role in (Role.NODAL_OFFICER, Role.SUPERVISOR):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {_P.TRADER_ADD}
# The victim's view: the citizen's own complaints, and the desks that read it out on the phone.
ROLE_PERMISSIONS[Role.CITIZEN] = frozenset({_P.CASE_TRACK})
for _role in (Role.HELP_DESK, Role.INVESTIGATOR, Role.SUPERVISOR):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {_P.CASE_TRACK}
# The supervisor also watches grievances and decides appeals (issue 13).
ROLE_PERMISSIONS[Role.SUPERVISOR] = ROLE_PERMISSIONS[Role.SUPERVISOR] | {
    _P.GRIEVANCE_VIEW,
    _P.GRIEVANCE_DECIDE_APPEAL,
    _P.GRIEVANCE_TRAIL,
    _P.MEETING_VIEW,
    _P.MEETING_MANAGE,
    _P.AWARENESS_PLAN,
}

# The investigator carries a case to its end (issue 11, sections 6 and 7).
ROLE_PERMISSIONS[Role.INVESTIGATOR] = ROLE_PERMISSIONS[Role.INVESTIGATOR] | {
    _P.CASE_DECIDE,
    _P.CASE_RESTORE,
}


def can(actor: Actor, permission: Permission) -> bool:
    if actor.role is None:  # the system itself (`actor.is_system`)
        return True
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


def can_see_case(actor: Actor, case: Case) -> bool:
    if not can(actor, Permission.CASE_VIEW):
        return False
    if actor.role in STATION_ROLES:
        return case.station == actor.station
    return True


def case_scope(actor: Actor) -> ColumnElement[bool]:
    """The SQL condition for the cases this actor may list."""
    if not can(actor, Permission.CASE_VIEW):
        return false()
    if actor.role in STATION_ROLES:
        return Case.station == (actor.station or "")
    return true()


def can_track_case(actor: Actor, case: Case) -> bool:
    """A citizen sees the complaints filed with their mobile number; the desks, what they may
    see anyway."""
    if not can(actor, Permission.CASE_TRACK):
        return False
    if actor.role is Role.CITIZEN:
        return actor.mobile is not None and case.complainant_mobile == actor.mobile
    return can_see_case(actor, case)


def track_scope(actor: Actor) -> ColumnElement[bool]:
    """The SQL condition for the complaints listed on a citizen's own page."""
    if actor.role is Role.CITIZEN and actor.mobile and can(actor, Permission.CASE_TRACK):
        return Case.complainant_mobile == actor.mobile
    return false()


def hold_request_scope(actor: Actor) -> ColumnElement[bool]:
    """The SQL condition for the hold requests this actor may list and answer."""
    if not can(actor, Permission.HOLDS_ANSWER) or actor.role not in BANK_ROLES:
        return false()
    return (HoldRequest.bank == (actor.bank or "")) & (HoldRequest.status != "drafted")


# --- Traders' grievances (issue 13) ---------------------------------------------------------


def can_see_grievance(actor: Actor, grievance: Grievance) -> bool:
    """A trader sees its own grievances, a nodal officer those of its zones, a supervisor all."""
    if not can(actor, Permission.GRIEVANCE_VIEW):
        return False
    if actor.role is Role.TRADER:
        return grievance.filed_by == actor.user_id
    if actor.role is Role.NODAL_OFFICER:
        return grievance.zone in actor.zones
    return True


def grievance_scope(actor: Actor) -> ColumnElement[bool]:
    """The SQL condition for the grievances this actor may list."""
    if not can(actor, Permission.GRIEVANCE_VIEW):
        return false()
    if actor.role is Role.TRADER:
        return Grievance.filed_by == (actor.user_id or -1)
    if actor.role is Role.NODAL_OFFICER:
        return Grievance.zone.in_(actor.zones) if actor.zones else false()
    return true()
