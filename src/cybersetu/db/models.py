"""Every desk model, imported once so that the metadata (for Alembic and tests) is complete.

The models live in their domain areas; this registry is the only place that names them all.
"""

from cybersetu.audit.models import AuditEvent, AuditHead
from cybersetu.awareness.models import AwarenessSession
from cybersetu.cases.models import (
    AckCounter,
    Case,
    CaseIdentifier,
    CaseNote,
    CaseTransaction,
    HoldAccount,
    HoldRequest,
    HoldResponse,
)
from cybersetu.db.base import Base
from cybersetu.grievances.models import (
    Grievance,
    GrievanceAction,
    GrievanceAttachment,
    GrievanceCounter,
)
from cybersetu.meetings.models import ActionItem, Meeting
from cybersetu.officers.models import ApiToken, LoginFailure, User
from cybersetu.otp.models import OneTimeCode
from cybersetu.outbox.models import OutboxMessage
from cybersetu.restoration.models import HoldClockAlert, Restoration, RestorationCredit

metadata = Base.metadata

__all__ = [
    "AckCounter",
    "ActionItem",
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "AwarenessSession",
    "Case",
    "CaseIdentifier",
    "CaseNote",
    "CaseTransaction",
    "Grievance",
    "GrievanceAction",
    "GrievanceAttachment",
    "GrievanceCounter",
    "HoldAccount",
    "HoldClockAlert",
    "HoldRequest",
    "HoldResponse",
    "LoginFailure",
    "Meeting",
    "OneTimeCode",
    "OutboxMessage",
    "Restoration",
    "RestorationCredit",
    "User",
    "metadata",
]
