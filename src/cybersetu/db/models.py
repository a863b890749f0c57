"""Every desk model, imported once so that the metadata (for Alembic and tests) is complete.

The models live in their domain areas; this registry is the only place that names them all.
"""

from cybersetu.audit.models import AuditEvent, AuditHead
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
from cybersetu.officers.models import ApiToken, LoginFailure, User

metadata = Base.metadata

__all__ = [
    "AckCounter",
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "Case",
    "CaseIdentifier",
    "CaseNote",
    "CaseTransaction",
    "HoldAccount",
    "HoldRequest",
    "HoldResponse",
    "LoginFailure",
    "User",
    "metadata",
]
