"""The victim opens their own complaint: with its acknowledgement number, the mobile number it
was filed with, and a one-time code sent to that number. What they see is `victim_view`: how
much was stolen, how much is held and at which banks, what happens next and by when."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import can_track_case, track_scope
from cybersetu.cases.models import Case
from cybersetu.cases.workflow import Status
from cybersetu.citizens.notices import victim_locale
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.i18n import N_, _
from cybersetu.identifiers import phones
from cybersetu.officers import passwords
from cybersetu.officers.models import User
from cybersetu.officers.roles import Role
from cybersetu.otp.service import check_code, send_code

#: Losses under this are returned on the police's request without a court order (MHA SOP of
#: 2 January 2026); above it the magistrate orders it (section 503 BNSS).
ADMINISTRATIVE_LIMIT_PAISE: Final = 50_000_00

#: What happens next, in the victim's words, by the case's state.
NEXT_STEP: Final[dict[str, str]] = {
    Status.REGISTERED: N_(
        "A cyber-cell officer is checking your complaint. Then every bank your money went to is "
        "asked to hold it."
    ),
    Status.VERIFIED: N_(
        "Your complaint is verified. Every bank your money went to is being asked to hold it."
    ),
    Status.HOLDS_REQUESTED: N_(
        "The banks have been asked to hold your money and must answer within the hour. When a "
        "bank says the money moved on, the next bank is asked at once."
    ),
    Status.PARTLY_HELD: N_(
        "Part of your money is held. The banks still asked must answer; the money held stays "
        "frozen for you until it is returned."
    ),
    Status.HELD: N_(
        "The money that could be found is held for you. Next, the police ask for it to be "
        "returned to your account."
    ),
    Status.RESTORATION_PENDING: N_(
        "The police have asked for the money held to be returned to your account. The bank "
        "credits it once the order is made."
    ),
    Status.PARTLY_RESTORED: N_(
        "Part of the money held has been credited back to your account; the rest follows as "
        "each bank receives its order."
    ),
    Status.RESTORED: N_("All the money held for you has been credited back to your account."),
    Status.CLOSED: N_("Your complaint is closed."),
    Status.REJECTED: N_(
        "Your complaint could not be taken up. Visit the police station's cyber help desk to "
        "know why."
    ),
    Status.MERGED: N_(
        "Your complaint was joined to another complaint about the same fraud; it is followed there."
    ),
}
RETURN_ROUTE: Final[dict[str, str]] = {
    "administrative": N_(
        "Your loss is under ₹50,000: the police can ask the bank to return the money held "
        "without a court order."
    ),
    "court": N_(
        "Your loss is ₹50,000 or more: the police apply to the magistrate (section 503 BNSS) "
        "for an order to return the money held. A hold lasts at most 90 days without an order."
    ),
}


@dataclass(frozen=True)
class BankLine:
    bank_name: str
    asked_paise: int
    held_paise: int
    waiting: bool
    """Asked and not answered yet."""
    information: bool
    """Only asked where the money went (a bank whose onward data we do not have)."""
    due_at: datetime | None


@dataclass(frozen=True)
class VictimView:
    case: Case
    stolen_paise: int
    held_paise: int
    banks: tuple[BankLine, ...]
    next_step: str
    next_by: datetime | None
    """When the banks still asked must answer."""
    route: str
    """`administrative` or `court`: how held money comes back."""
    restored_paise: int = 0
    """Credited back to the victim so far."""


def victim_view(case: Case) -> VictimView:
    by_bank: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    due: dict[str, datetime | None] = {}
    waiting: set[str] = set()
    for r in case.hold_requests:
        if r.status == "drafted":
            continue  # nothing has been asked of that bank yet
        # A merchant's lien line is money asked for too (held only if the sale is not genuine).
        asked = sum(a.amount_paise for a in r.account_rows if a.action in ("hold", "lien"))
        line = by_bank.setdefault(r.bank, [0, 0])
        line[0] += asked
        line[1] += r.held_paise
        names[r.bank] = r.bank_name
        if r.status == "sent":
            waiting.add(r.bank)
            earlier = due.get(r.bank)
            if r.due_at is not None:
                due[r.bank] = r.due_at if earlier is None else min(earlier, r.due_at)
    banks = tuple(
        BankLine(names[b], asked, held, b in waiting, asked == 0, due.get(b))
        for b, (asked, held) in sorted(by_bank.items(), key=lambda kv: (-kv[1][1], -kv[1][0]))
    )
    open_due = [d for d in due.values() if d is not None]
    held = sum(b.held_paise for b in banks)
    return VictimView(
        case,
        case.stolen_paise,
        held,
        banks,
        NEXT_STEP.get(case.status, N_("Your complaint is being worked on.")),
        max(open_due) if open_due else None,
        "administrative" if case.stolen_paise < ADMINISTRATIVE_LIMIT_PAISE else "court",
        case.restored_paise,
    )


def tracked_case(session: Session, ack: str, *, actor: Actor) -> Case | None:
    """The complaint, if this actor may see the victim's view of it (else None: a 404)."""
    case = session.scalar(select(Case).where(Case.ack == ack.strip().upper()))
    if case is None or not can_track_case(actor, case):
        return None
    return case


def own_cases(session: Session, *, actor: Actor) -> list[Case]:
    query = select(Case).where(track_scope(actor)).order_by(Case.created_at.desc()).limit(50)
    return list(session.scalars(query))


def _number(mobile: str) -> str:
    number = phones.clean(mobile)
    if number is None:
        raise InputError(_("That is not an Indian mobile number."))
    return number


def do_request_track_code(
    session: Session, *, ack: str, mobile: str, now: datetime | None = None
) -> None:
    """Send a code to the complaint's mobile number when the two match. The caller says the
    same either way, so that whether a complaint exists does not leak."""
    number = _number(mobile)
    with begin(session):
        case = session.scalar(select(Case).where(Case.ack == ack.strip().upper()[:20]))
        if case is None or case.complainant_mobile != number:
            return
        send_code(
            session,
            actor=Actor.system("track"),
            purpose="track",
            mobile=number,
            subject=case.ack,
            locale=victim_locale(case),
            now=now,
        )


def do_citizen_sign_in(
    session: Session, *, ack: str, mobile: str, code: str, now: datetime | None = None
) -> User | None:
    """The citizen of that mobile number, signed in, when the code is right (made on their first
    sign-in); None when it is not. Every try is counted and audited."""
    number = _number(mobile)
    subject = ack.strip().upper()[:20]
    now = now or utcnow()
    with begin(session):
        if not check_code(
            session, purpose="track", mobile=number, code=code, subject=subject, now=now
        ):
            record(
                session,
                actor=Actor.system("track"),
                code="citizen.sign_in_failed",
                params={"ack": subject, "mobile": phones.mask(number)},
                at=now,
            )
            return None
        case = session.scalar(select(Case).where(Case.ack == subject))
        user = session.scalar(
            select(User).where(User.role == Role.CITIZEN.value, User.mobile == number)
        )
        if user is None:
            user = User(
                # Not derived from the number: a username must not tell whose it is.
                username=f"citizen-{secrets.token_hex(6)}",
                role=Role.CITIZEN.value,
                mobile=number,
                # No password signs a citizen in; a random one keeps the hash check as slow
                # as anyone's.
                password_hash=passwords.hash_password(secrets.token_urlsafe(32)),
                locale=victim_locale(case) if case is not None else "en",
            )
            session.add(user)
            session.flush()
        record(
            session,
            actor=Actor(user.id, user.username, Role.CITIZEN, mobile=number),
            code="citizen.signed_in",
            case_id=case.id if case is not None else None,
            params={"ack": subject},
            at=now,
        )
    return user
