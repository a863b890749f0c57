"""The states of a case and the moves between them: only the moves listed here are allowed.

registered → verified → holds requested → partly held → held → restoration pending →
partly restored → restored → closed; a golden-hour send moves a registered case straight to holds
requested (with a stated reason), and verifying it later only records the verification. A case is
partly held when a bank has held some of the money traced to hold, held when the banks hold all
of it; partly restored when some of the money held has been credited back to the victim,
restored when all of it has (`cybersetu.restoration`).

A complaint that is not a cyber fraud is rejected, before any money is held (from registered or
verified only: once a bank has been asked to freeze money, the case has to be carried to its
end). A duplicate of another complaint is merged into it from any open state. A case closes once
nothing held is left waiting: all of it restored, or the holds released.
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
    RESTORATION_PENDING = "restoration_pending"
    PARTLY_RESTORED = "partly_restored"
    RESTORED = "restored"
    CLOSED = "closed"
    REJECTED = "rejected"
    MERGED = "merged"


STATUS_LABELS: Final[dict[Status, str]] = {
    Status.REGISTERED: N_("Registered"),
    Status.VERIFIED: N_("Verified"),
    Status.HOLDS_REQUESTED: N_("Hold requests sent"),
    Status.PARTLY_HELD: N_("Partly held"),
    Status.HELD: N_("Held"),
    Status.RESTORATION_PENDING: N_("Restoration pending"),
    Status.PARTLY_RESTORED: N_("Partly restored"),
    Status.RESTORED: N_("Restored"),
    Status.CLOSED: N_("Closed"),
    Status.REJECTED: N_("Rejected"),
    Status.MERGED: N_("Merged as a duplicate"),
}

#: The states a case ends in: nothing moves it on.
FINAL: Final = frozenset({Status.CLOSED, Status.REJECTED, Status.MERGED})

_S = Status
ALLOWED: Final[dict[Status, frozenset[Status]]] = {
    _S.REGISTERED: frozenset({_S.VERIFIED, _S.HOLDS_REQUESTED, _S.REJECTED, _S.MERGED}),
    _S.VERIFIED: frozenset({_S.HOLDS_REQUESTED, _S.REJECTED, _S.MERGED}),
    # Closing before anything is restored needs every hold released (checked by the action).
    _S.HOLDS_REQUESTED: frozenset({_S.PARTLY_HELD, _S.HELD, _S.MERGED, _S.CLOSED}),
    _S.PARTLY_HELD: frozenset({_S.HELD, _S.RESTORATION_PENDING, _S.MERGED, _S.CLOSED}),
    _S.HELD: frozenset({_S.RESTORATION_PENDING, _S.MERGED, _S.CLOSED}),
    _S.RESTORATION_PENDING: frozenset({_S.PARTLY_RESTORED, _S.RESTORED, _S.MERGED, _S.CLOSED}),
    _S.PARTLY_RESTORED: frozenset({_S.RESTORED, _S.MERGED, _S.CLOSED}),
    _S.RESTORED: frozenset({_S.CLOSED}),
    _S.CLOSED: frozenset(),
    _S.REJECTED: frozenset(),
    _S.MERGED: frozenset(),
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
