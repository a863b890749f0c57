"""Carrying a case from held to restored, and to its end: `do_*` actions and the queries the
desk needs.

For each amount a bank held (one hold request answered `held`) the investigator starts a
restoration. Its route follows the victim's loss: under ₹50,000 the administrative route of the
MHA SOP of 2 January 2026 (no court order is needed; the approval is recorded), otherwise an
application to the magistrate under section 503 BNSS. Both documents are drafted from the case in
English and Hindi (`restoration.letters`). The order (the court's number and date, or the
approval) is recorded; the bank then confirms the credit to the victim (portal or API, once per
idempotency key); the case's ₹ restored grows and it becomes partly restored, then restored.

Every action takes the actor (keyword-only), runs in one transaction and writes its audit events
in it, as the actions of `cases.service` do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import can_see_case, hold_request_scope
from cybersetu.cases.models import Case, HoldRequest, HoldResponse
from cybersetu.cases.privacy import mask_aadhaar
from cybersetu.cases.service import FieldError
from cybersetu.cases.workflow import FINAL, Status, check_move
from cybersetu.cases.workflow import STATUS_LABELS as STATUS_OF_CASE
from cybersetu.citizens import notices
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.holds.service import (
    MAX_REQUEST_ID,
    RequestNotFoundError,
    bank_contacts,
    clean_idempotency_key,
    tell_bank,
)
from cybersetu.i18n import N_, _
from cybersetu.ledger.money import format_inr, rupees
from cybersetu.restoration.models import HoldClockAlert, Restoration, RestorationCredit

#: Below this loss (paise) the administrative route needs no court order (MHA SOP, 2 Jan 2026).
ADMINISTRATIVE_LIMIT_PAISE: Final = 50_000_00
ADMINISTRATIVE: Final = "administrative"
COURT: Final = "court"
ROUTES: Final = (ADMINISTRATIVE, COURT)
ROUTE_LABELS: Final = {
    ADMINISTRATIVE: N_("Administrative (loss under ₹50,000, MHA SOP of 2 January 2026)"),
    COURT: N_("Court: application under section 503 BNSS"),
}
STATUS_LABELS: Final = {
    "pending": N_("Order awaited"),
    "ordered": N_("Ordered: the bank is to credit the victim"),
    "partly_credited": N_("Partly credited to the victim"),
    "credited": N_("Credited to the victim"),
}
#: The hold clock: alerts at 60 and 80 days, a release request at 90 days without an order.
CLOCK_STEPS: Final = (("day60", 60), ("day80", 80), ("release", 90))
HOLD_LIFE: Final = timedelta(days=90)
#: The states in which a case has money held that can be restored.
_RESTORABLE: Final = frozenset(
    {Status.PARTLY_HELD, Status.HELD, Status.RESTORATION_PENDING, Status.PARTLY_RESTORED}
)


class RestorationConflictError(InputError):
    """The case or the restoration is not in a state for this step (the web answers 409)."""


# --- the rest of the case workflow (issue 11, section 6) ------------------------------------


def _locked(session: Session, case_id: int) -> Case:
    return session.execute(
        select(Case)
        .where(Case.id == case_id)
        .options(selectinload(Case.hold_requests))
        .with_for_update()
    ).scalar_one()


def _move(case: Case, to: Status) -> None:
    """Check and make one move of the case's state (a refused move is a 409 on the web)."""
    check_move(case.status, to)
    case.status = to.value


def do_reject(
    session: Session, case_id: int, reason: str, *, actor: Actor, now: datetime | None = None
) -> Case:
    """Reject a complaint that is not a cyber fraud (or not ours): before any bank is asked."""
    text = mask_aadhaar(reason.strip())
    if not text or len(text) > 500:
        raise FieldError({"reason": _("Give the reason for rejecting (at most 500 characters).")})
    now = now or utcnow()
    with begin(session):
        case = _locked(session, case_id)
        _move(case, Status.REJECTED)
        case.closed_at, case.close_reason = now, text
        record(session, actor=actor, code="case.rejected", case_id=case.id, params={"reason": text})
    return case


def do_merge(
    session: Session,
    case_id: int,
    original_ack: str,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Case:
    """Merge a duplicate complaint into the original the investigator names by its ack."""
    ack = original_ack.strip().upper()[:20]
    now = now or utcnow()
    with begin(session):
        original = session.scalar(select(Case).where(Case.ack == ack)) if ack else None
        if original is None or not can_see_case(actor, original):
            raise FieldError({"original": _("There is no complaint {ack}.").format(ack=ack or "—")})
        if original.id == case_id:
            raise FieldError({"original": _("A complaint cannot be a duplicate of itself.")})
        if original.status == Status.MERGED.value:
            raise FieldError(
                {
                    "original": _(
                        "{ack} is itself merged: name the complaint it was merged into."
                    ).format(ack=ack)
                }
            )
        case = _locked(session, case_id)
        _move(case, Status.MERGED)
        case.duplicate_of_id = original.id
        case.closed_at = now
        case.close_reason = ack
        record(session, actor=actor, code="case.merged", case_id=case.id, params={"original": ack})
    return case


def closable(session: Session, case: Case) -> str | None:
    """Why the case cannot be closed yet (None when it can): a bank still has to answer, or
    held money is neither restored nor released."""
    if case.status == Status.RESTORED.value:
        return None
    if case.status not in {s.value for s in ALLOWED_TO_CLOSE}:
        return _("A case that is {status} cannot be closed.").format(
            status=_(STATUS_OF_CASE[Status(case.status)])
        )
    if any(r.status == "sent" for r in case.hold_requests):
        return _("A bank has still to answer a hold request.")
    released = set(
        session.scalars(
            select(HoldClockAlert.request_id).where(
                HoldClockAlert.case_id == case.id, HoldClockAlert.kind == "release"
            )
        )
    )
    credited = {
        r.request_id: r.credited_paise >= r.amount_paise
        for r in session.scalars(select(Restoration).where(Restoration.case_id == case.id))
    }
    for r in held_requests(case):
        if r.id not in released and not credited.get(r.id, False):
            return _("{amount} held by {bank} is neither restored nor released.").format(
                amount=format_inr(r.held_paise), bank=r.bank_name
            )
    return None


ALLOWED_TO_CLOSE: Final = frozenset(
    {
        Status.HOLDS_REQUESTED,
        Status.PARTLY_HELD,
        Status.HELD,
        Status.RESTORATION_PENDING,
        Status.PARTLY_RESTORED,
        Status.RESTORED,
    }
)


def do_close(session: Session, case_id: int, *, actor: Actor, now: datetime | None = None) -> Case:
    """Close a case once nothing held is waiting: all restored, or the holds released."""
    now = now or utcnow()
    with begin(session):
        case = _locked(session, case_id)
        why = closable(session, case)
        if why is not None:
            raise RestorationConflictError(why)
        _move(case, Status.CLOSED)
        case.closed_at = now
        record(
            session,
            actor=actor,
            code="case.closed",
            case_id=case.id,
            params={"restored": case.restored_paise},
            at=now,
        )
    return case


# --- restoration (issue 11, section 7) ------------------------------------------------------


def held_requests(case: Case) -> list[HoldRequest]:
    """The case's requests on which a bank holds money."""
    return [r for r in case.hold_requests if r.answer == "held" and r.held_paise > 0]


def route_for(case: Case) -> str:
    """The route the victim's loss gives: administrative under ₹50,000, else the court."""
    return ADMINISTRATIVE if case.stolen_paise < ADMINISTRATIVE_LIMIT_PAISE else COURT


def restorations_of(session: Session, case: Case) -> list[Restoration]:
    return list(
        session.scalars(
            select(Restoration)
            .where(Restoration.case_id == case.id)
            .options(selectinload(Restoration.credits))
            .order_by(Restoration.id)
        )
    )


def do_start_restoration(
    session: Session,
    case_id: int,
    request_id: int,
    *,
    actor: Actor,
    route: str | None = None,
    now: datetime | None = None,
) -> Restoration:
    """Start the restoration of what one bank held on one request of the case. The route is the
    one the loss gives; the court may be chosen for a small loss too, never the administrative
    route for a loss of ₹50,000 or more."""
    now = now or utcnow()
    with begin(session):
        case = _locked(session, case_id)
        hold = next((r for r in held_requests(case) if r.id == request_id), None)
        if hold is None:
            raise FieldError({"request": _("Choose a request on which a bank holds money.")})
        derived = route_for(case)
        chosen = route or derived
        if chosen not in ROUTES:
            raise FieldError({"route": _("The route must be administrative or court.")})
        if chosen == ADMINISTRATIVE and derived == COURT:
            raise FieldError(
                {
                    "route": _(
                        "A loss of ₹50,000 or more needs a court order: the administrative "
                        "route is for smaller losses."
                    )
                }
            )
        if Status(case.status) not in _RESTORABLE:
            raise RestorationConflictError(
                _("Money can be restored only from a case that has money held.")
            )
        started = session.scalar(select(Restoration).where(Restoration.request_id == hold.id))
        if started is not None:
            raise RestorationConflictError(_("The restoration of this hold is started already."))
        victim = next((t.victim_account for t in case.transactions if t.victim_account), None)
        restoration = Restoration(
            case_id=case.id,
            request_id=hold.id,
            bank=hold.bank,
            amount_paise=hold.held_paise,
            route=chosen,
            status="pending",
            started_at=now,
            started_by=actor.user_id,
            victim_account=victim,
        )
        session.add(restoration)
        session.flush()
        record(
            session,
            actor=actor,
            code="restoration.started",
            case_id=case.id,
            params={
                "request": hold.id,
                "bank": hold.bank,
                "amount": hold.held_paise,
                "route": chosen,
            },
            at=now,
        )
        if case.status in (Status.PARTLY_HELD.value, Status.HELD.value):
            _move(case, Status.RESTORATION_PENDING)
            _record_moved(session, case, actor=actor, at=now)
    return restoration


def _record_moved(session: Session, case: Case, *, actor: Actor, at: datetime) -> None:
    record(
        session,
        actor=actor,
        code="case.restoration_moved",
        case_id=case.id,
        params={"status": case.status, "restored": case.restored_paise},
        at=at,
    )


@dataclass(frozen=True)
class OrderInput:
    order_ref: str
    """The court order's number, or the administrative approval's reference."""
    order_date: date
    authority: str
    """The court (e.g. CJM Kanpur Nagar) or the officer who approved."""


def check_order(order: OrderInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not order.order_ref.strip() or len(order.order_ref) > 100:
        errors["order_ref"] = _("Give the order's number or reference (at most 100 characters).")
    if not order.authority.strip() or len(order.authority) > 200:
        errors["authority"] = _("Give the court or the approving officer (at most 200 characters).")
    if order.order_date > today:
        errors["order_date"] = _("The order cannot be dated in the future.")
    return errors


def get_restoration(session: Session, case: Case, restoration_id: int) -> Restoration | None:
    if not 1 <= restoration_id <= MAX_REQUEST_ID:
        return None
    return session.scalar(
        select(Restoration)
        .where(Restoration.id == restoration_id, Restoration.case_id == case.id)
        .options(selectinload(Restoration.credits), selectinload(Restoration.request))
    )


def do_record_order(
    session: Session,
    restoration_id: int,
    order: OrderInput,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Restoration:
    """Record the magistrate's order (court route) or the approval (administrative route):
    the bank may now credit the victim, and the hold's 90-day clock stops asking for release."""
    now = now or utcnow()
    errors = check_order(order, now.date() + timedelta(days=1))
    if errors:
        raise FieldError(errors)
    with begin(session):
        r = session.execute(
            select(Restoration).where(Restoration.id == restoration_id).with_for_update()
        ).scalar_one()
        if r.status != "pending":
            raise RestorationConflictError(_("The order of this restoration is recorded already."))
        r.order_ref, r.order_date = order.order_ref.strip(), order.order_date
        r.order_authority = order.authority.strip()
        r.ordered_at, r.ordered_by, r.status = now, actor.user_id, "ordered"
        record(
            session,
            actor=actor,
            code="restoration.ordered",
            case_id=r.case_id,
            params={"request": r.request_id, "order": r.order_ref, "route": r.route},
            at=now,
        )
    return r


# --- the bank's credit to the victim --------------------------------------------------------


@dataclass(frozen=True)
class CreditInput:
    amount_paise: int
    credit_ref: str
    """The UTR of the credit to the victim's account."""
    credited_at: datetime

    @property
    def digest(self) -> str:
        content = [self.amount_paise, self.credit_ref, self.credited_at.isoformat()]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()


@dataclass(frozen=True)
class CreditResult:
    body: dict[str, Any]
    replayed: bool = False


def restoration_for_bank(
    session: Session, request_id: int, *, actor: Actor
) -> tuple[HoldRequest, Restoration | None] | None:
    """A request of the actor's bank and its restoration (None: not the actor's request)."""
    if not 1 <= request_id <= MAX_REQUEST_ID:
        return None
    hold = session.scalar(
        select(HoldRequest)
        .where(HoldRequest.id == request_id, hold_request_scope(actor))
        .options(selectinload(HoldRequest.case))
    )
    if hold is None:
        return None
    restoration = session.scalar(
        select(Restoration)
        .where(Restoration.request_id == hold.id)
        .options(selectinload(Restoration.credits))
    )
    return hold, restoration


def check_credit(credit: CreditInput, left: int, now: datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if credit.amount_paise <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    elif credit.amount_paise > left:
        errors["amount"] = _("{amount} is more than the {left} still to credit.").format(
            amount=format_inr(credit.amount_paise), left=format_inr(left)
        )
    ref = credit.credit_ref.strip()
    if not ref or len(ref) > 64 or not ref.isprintable():
        errors["credit_ref"] = _("Give the UTR of the credit (at most 64 characters).")
    if credit.credited_at > now + timedelta(minutes=10):
        errors["credited_at"] = _("The credit cannot be in the future.")
    return errors


def do_confirm_credit(
    session: Session,
    request_id: int,
    credit: CreditInput,
    *,
    actor: Actor,
    idempotency_key: str,
    now: datetime | None = None,
) -> CreditResult:
    """The bank confirms it credited (part of) the ordered amount to the victim: recorded once
    per idempotency key; the case's ₹ restored grows, and it becomes partly restored or
    restored when every amount held has come back."""
    key = clean_idempotency_key(idempotency_key)
    found = restoration_for_bank(session, request_id, actor=actor)
    if found is None:
        raise RequestNotFoundError(request_id)
    _hold, restoration = found
    if restoration is None:
        raise RestorationConflictError(_("No restoration of this hold has been started."))
    earlier = session.scalar(
        select(RestorationCredit).where(
            RestorationCredit.restoration_id == restoration.id,
            RestorationCredit.idempotency_key == key,
        )
    )
    if earlier is not None:
        if earlier.digest != credit.digest:
            raise RestorationConflictError(
                _("This Idempotency-Key was used for a different credit.")
            )
        return CreditResult(dict(earlier.result), replayed=True)
    now = now or utcnow()
    with begin(session):
        r = session.execute(
            select(Restoration).where(Restoration.id == restoration.id).with_for_update()
        ).scalar_one()
        if r.status == "pending":
            raise RestorationConflictError(
                _("No order is recorded yet: credit the victim only once it is.")
            )
        if r.status == "credited":
            raise RestorationConflictError(_("All of this restoration is credited already."))
        errors = check_credit(credit, r.amount_paise - r.credited_paise, now)
        if errors:
            raise FieldError(errors)
        row = RestorationCredit(
            restoration_id=r.id,
            bank=r.bank,
            amount_paise=credit.amount_paise,
            credit_ref=credit.credit_ref.strip(),
            credited_at=credit.credited_at,
            idempotency_key=key,
            digest=credit.digest,
            result={},
            created_at=now,
            created_by=actor.user_id,
        )
        session.add(row)
        r.credited_paise += credit.amount_paise
        r.credited_at = credit.credited_at
        r.status = "credited" if r.credited_paise >= r.amount_paise else "partly_credited"
        case = _locked(session, r.case_id)
        case.restored_paise += credit.amount_paise
        record(
            session,
            actor=actor,
            code="restoration.credited",
            case_id=case.id,
            params={
                "request": r.request_id,
                "bank": r.bank,
                "amount": credit.amount_paise,
                "credit_ref": row.credit_ref,
            },
            at=now,
        )
        notices.credited(session, case, row.id, bank=_hold.bank_name, amount=credit.amount_paise)
        held = sum(h.held_paise for h in held_requests(case))
        target = Status.RESTORED if case.restored_paise >= held else Status.PARTLY_RESTORED
        # A merged or closed case keeps its state; the credit is still counted.
        moving = case.status in (Status.RESTORATION_PENDING.value, Status.PARTLY_RESTORED.value)
        if moving and case.status != target.value:
            _move(case, target)
            _record_moved(session, case, actor=actor, at=now)
        session.flush()
        row.result = {
            "credit_id": row.id,
            "restoration_id": r.id,
            "restored_amount": rupees(r.credited_paise),
            "left_amount": rupees(r.amount_paise - r.credited_paise),
            "case_status": case.status,
        }
        body = dict(row.result)
    return CreditResult(body)


def lien_ref(session: Session, request_id: int) -> str | None:
    """The bank's lien reference from its `held` answer."""
    return session.scalar(
        select(HoldResponse.lien_ref).where(
            HoldResponse.request_id == request_id, HoldResponse.status == "held"
        )
    )


# --- the 90-day hold clock ------------------------------------------------------------------


@dataclass(frozen=True)
class HoldClock:
    request_id: int
    held_at: datetime
    days: int
    """Whole days since the bank held the money."""
    release_due: datetime
    ordered: bool
    """A court or restoration order is recorded: the hold need not be lifted at 90 days."""

    @property
    def stage(self) -> str:
        """`ok`, `day60`, `day80` or `release` (what the clock says now; no order only)."""
        if self.ordered:
            return "ok"
        for kind, days in reversed(CLOCK_STEPS):
            if self.days >= days:
                return kind
        return "ok"


def hold_clock(request: HoldRequest, now: datetime, *, ordered: bool) -> HoldClock | None:
    if request.answer != "held" or request.held_paise <= 0 or request.answered_at is None:
        return None
    days = (now - request.answered_at) // timedelta(days=1)
    return HoldClock(
        request.id, request.answered_at, max(0, days), request.answered_at + HOLD_LIFE, ordered
    )


def _ordered_requests(session: Session, request_ids: list[int]) -> set[int]:
    if not request_ids:
        return set()
    return set(
        session.scalars(
            select(Restoration.request_id).where(
                Restoration.request_id.in_(request_ids), Restoration.ordered_at.is_not(None)
            )
        )
    )


def clocks_of(session: Session, case: Case, now: datetime) -> list[HoldClock]:
    held = held_requests(case)
    ordered = _ordered_requests(session, [r.id for r in held])
    return [c for r in held if (c := hold_clock(r, now, ordered=r.id in ordered)) is not None]


def do_sweep_hold_clock(session: Session, *, actor: Actor, now: datetime) -> list[HoldClockAlert]:
    """Raise every step of the 90-day clock a held request has reached without an order, once
    each: alerts at 60 and 80 days, the release request at 90 (for the sweeper)."""
    first = CLOCK_STEPS[0][1]
    raised: list[HoldClockAlert] = []
    with begin(session):
        candidates = list(
            session.scalars(
                select(HoldRequest)
                .where(
                    HoldRequest.answer == "held",
                    HoldRequest.held_paise > 0,
                    HoldRequest.answered_at <= now - timedelta(days=first),
                )
                .order_by(HoldRequest.answered_at, HoldRequest.id)
                .with_for_update(skip_locked=True)
            )
        )
        ids = [r.id for r in candidates]
        ordered = _ordered_requests(session, ids)
        done: set[tuple[int, str]] = set()
        if ids:
            rows = session.execute(
                select(HoldClockAlert.request_id, HoldClockAlert.kind).where(
                    HoldClockAlert.request_id.in_(ids)
                )
            )
            done = {(request_id, kind) for request_id, kind in rows}
        contacts = bank_contacts(session, {r.bank for r in candidates})
        for r in candidates:
            clock = hold_clock(r, now, ordered=r.id in ordered)
            if clock is None or clock.ordered:
                continue
            for kind, days in CLOCK_STEPS:
                if clock.days < days or (r.id, kind) in done:
                    continue
                alert = HoldClockAlert(request_id=r.id, case_id=r.case_id, kind=kind, at=now)
                session.add(alert)
                raised.append(alert)
                params = {"request": r.id, "bank": r.bank, "days": days}
                code = "hold.release_requested" if kind == "release" else "hold.clock_alert"
                record(session, actor=actor, code=code, case_id=r.case_id, params=params, at=now)
                if kind == "release":  # the bank is asked to lift the lien
                    for user_id, mobile in contacts.get(r.bank, ()):
                        tell_bank(session, r, "hold.release", user_id=user_id, mobile=mobile)
        session.flush()
    return raised


def clock_queue(session: Session, *, limit: int = 500) -> list[tuple[HoldRequest, str]]:
    """The supervisors' and investigators' queue: held requests whose clock raised an alert and
    that still have no order, with the latest step; the oldest holds first."""
    rows = session.execute(
        select(HoldRequest, HoldClockAlert.kind)
        .join(HoldClockAlert, HoldClockAlert.request_id == HoldRequest.id)
        .options(selectinload(HoldRequest.case))
        .order_by(HoldRequest.answered_at, HoldRequest.id)
    ).all()
    latest: dict[int, tuple[HoldRequest, str]] = {}
    order = [k for k, _d in CLOCK_STEPS]
    for hold, kind in rows:
        seen = latest.get(hold.id)
        if seen is None or order.index(kind) > order.index(seen[1]):
            latest[hold.id] = (hold, kind)
    ordered = _ordered_requests(session, list(latest))
    return [v for k, v in latest.items() if k not in ordered][:limit]


def open_for_case(case: Case) -> bool:
    return Status(case.status) not in FINAL
