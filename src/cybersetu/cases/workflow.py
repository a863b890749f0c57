"""The states of a case and the moves between them: only the moves listed here are allowed.

registered → verified → holds requested → partly held → held; a golden-hour send moves a
registered case straight to holds requested (with a stated reason), and verifying it later only
records the verification. A case is partly held when a bank has held some of the money traced to
hold, held when the banks hold all of it. Restoration (pending, restored, closed) is planned.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from cybersetu.errors import InputError
from cybersetu.i18n import N_, _


class Status(StrEnum):
    REGISTERED = "registered"
    VERIFIED = "verified"
    HOLDS_REQUESTED = "holds_requested"
    PARTLY_HELD = "partly_held"
    HELD = "held"


STATUS_LABELS: Final[dict[Status, str]] = {
    Status.REGISTERED: N_("Registered"),
    Status.VERIFIED: N_("Verified"),
    Status.HOLDS_REQUESTED: N_("Hold requests sent"),
    Status.PARTLY_HELD: N_("Partly held"),
    Status.HELD: N_("Held"),
}

ALLOWED: Final[dict[Status, frozenset[Status]]] = {
    Status.REGISTERED: frozenset({Status.VERIFIED, Status.HOLDS_REQUESTED}),
    Status.VERIFIED: frozenset({Status.HOLDS_REQUESTED}),
    Status.HOLDS_REQUESTED: frozenset({Status.PARTLY_HELD, Status.HELD}),
    Status.PARTLY_HELD: frozenset({Status.HELD}),
    Status.HELD: frozenset(),
}


class TransitionError(InputError):
    """A move the case's state does not allow (the web answers 409)."""


def check_move(current: str, to: Status) -> None:
    here = Status(current)
    if to not in ALLOWED[here]:
        raise TransitionError(
            _("A case that is {current} cannot become {target}.").format(
                current=_(STATUS_LABELS[here]), target=_(STATUS_LABELS[to])
            )
        )
