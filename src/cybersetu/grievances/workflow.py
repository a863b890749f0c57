"""The states of a grievance, the moves between them, and its deadline.

filed → accepted → resolved → closed (the trader is satisfied); information asked of the trader
on the way (answered: back to accepted); resolved → appealed (not satisfied, CPGRAMS-style) →
closed (the supervisor upholds the resolution) or accepted (sent back to the nodal officer).
A transfer to another zone keeps the state. Overdue grievances are escalated (a mark, not a
state): the nodal officer still answers, the supervisor now watches.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from cybersetu.errors import InputError
from cybersetu.i18n import N_, _


class Status(StrEnum):
    FILED = "filed"
    ACCEPTED = "accepted"
    INFO_REQUESTED = "info_requested"
    RESOLVED = "resolved"
    APPEALED = "appealed"
    CLOSED = "closed"


STATUS_LABELS: Final[dict[Status, str]] = {
    Status.FILED: N_("Filed"),
    Status.ACCEPTED: N_("Accepted"),
    Status.INFO_REQUESTED: N_("Information asked"),
    Status.RESOLVED: N_("Resolved"),
    Status.APPEALED: N_("Appealed to the supervisor"),
    Status.CLOSED: N_("Closed"),
}

ALLOWED: Final[dict[Status, frozenset[Status]]] = {
    Status.FILED: frozenset({Status.ACCEPTED, Status.INFO_REQUESTED, Status.RESOLVED}),
    Status.ACCEPTED: frozenset({Status.INFO_REQUESTED, Status.RESOLVED}),
    Status.INFO_REQUESTED: frozenset({Status.ACCEPTED, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.APPEALED}),
    Status.APPEALED: frozenset({Status.CLOSED, Status.ACCEPTED}),
    Status.CLOSED: frozenset(),
}

#: The states in which the nodal officer (or, appealed, the supervisor) still owes an answer:
#: a grievance in one of them past its deadline is overdue.
OPEN: Final = frozenset({Status.FILED, Status.ACCEPTED, Status.INFO_REQUESTED, Status.APPEALED})
#: The states in which its clock runs: while the trader is asked for information it waits.
CLOCK_RUNS: Final = OPEN - {Status.INFO_REQUESTED}
#: The states from which a grievance may be transferred to another zone.
TRANSFERABLE: Final = frozenset({Status.FILED, Status.ACCEPTED, Status.INFO_REQUESTED})


class Category(StrEnum):
    FROZEN_ACCOUNT = "frozen_account"
    FRAUD_SUFFERED = "fraud_suffered"
    SECURITY_EXTORTION = "security_extortion"
    TRAFFIC_MARKET = "traffic_market"
    OTHER = "other"


CATEGORY_LABELS: Final[dict[Category, str]] = {
    Category.FROZEN_ACCOUNT: N_("Frozen bank account"),
    Category.FRAUD_SUFFERED: N_("Fraud suffered"),
    Category.SECURITY_EXTORTION: N_("Shop security / extortion"),
    Category.TRAFFIC_MARKET: N_("Traffic / market"),
    Category.OTHER: N_("Other"),
}

#: Days to answer: a frozen account like the CM Helpline (7), the rest like the UP police-station
#: grievance portal (10); never beyond IGRS's 30 days from filing, whatever pauses it.
DAYS: Final[dict[Category, int]] = {
    Category.FROZEN_ACCOUNT: 7,
    Category.FRAUD_SUFFERED: 10,
    Category.SECURITY_EXTORTION: 10,
    Category.TRAFFIC_MARKET: 10,
    Category.OTHER: 10,
}
LIMIT: Final = timedelta(days=30)
APPEAL_DAYS: Final = 10


def due_at(category: Category, filed_at: datetime) -> datetime:
    return filed_at + timedelta(days=min(DAYS[category], LIMIT.days))


def capped(filed_at: datetime, wanted: datetime) -> datetime:
    """A deadline moved (information waited for, an appeal): never beyond 30 days of filing."""
    return min(wanted, filed_at + LIMIT)


#: How each step of the history reads (`GrievanceAction.action`).
ACTION_LABELS: Final[dict[str, str]] = {
    "filed": N_("Filed"),
    "accepted": N_("Accepted by the nodal officer"),
    "info_requested": N_("Information asked of the trader"),
    "info_given": N_("The trader answered"),
    "transferred": N_("Transferred to another zone"),
    "resolved": N_("Resolved"),
    "rated": N_("Rated by the trader"),
    "appealed": N_("Appealed to the supervisor"),
    "appeal_decided": N_("Appeal decided"),
    "escalated": N_("Overdue: escalated to the supervisor"),
}

RATING_LABELS: Final[dict[str, str]] = {
    "satisfied": N_("Satisfied"),
    "not_satisfied": N_("Not satisfied"),
}


DECISION_LABELS: Final[dict[str, str]] = {
    "upheld": N_("resolution upheld, grievance closed"),
    "reopened": N_("sent back to the nodal officer"),
}


class TransitionError(InputError):
    """A move the grievance's state does not allow (the web answers 409)."""


def check_move(current: str, to: Status) -> None:
    here = Status(current)
    if to not in ALLOWED[here]:
        raise TransitionError(
            _("A grievance that is {current} cannot become {target}.").format(
                current=_(STATUS_LABELS[here]), target=_(STATUS_LABELS[to])
            )
        )


def check_transferable(current: str) -> None:
    here = Status(current)
    if here not in TRANSFERABLE:
        raise TransitionError(
            _("A grievance that is {current} cannot be transferred.").format(
                current=_(STATUS_LABELS[here])
            )
        )
