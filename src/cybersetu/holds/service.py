"""Banks answer hold requests, and every answer extends the trail at once.

A bank officer sees the requests sent to their bank and answers each: `held` (an amount and a
lien reference), `moved_on` (the onward transactions), `withdrawn` (cash at an ATM or a branch),
`no_balance` or `not_our_customer`. `do_record_response` is one action:

1. the answer is checked against the request (the bank asked, the accounts asked about, no more
   held than was traced there);
2. its rows (onward payments, the withdrawal) are laid into the ledger with the checks of
   `ingest`, and the answer is recorded there, all or nothing (`trail.responses.apply_answer`);
3. in one desk transaction: the answer, the request answered, the case's status; for money that
   moved on, the case and every open case whose trail passes through those accounts is traced
   again and the next layer's requests are drafted — and sent at once when the case's requests
   went out already, so no layer waits for an investigator; the audit events;
4. after the commit, the new requests are recorded in the ledger.

A crash between 2 and 3 leaves rows in the ledger that the bank did send; answering again with
the same content finds them there (the ledger recognises the answer by its digest) and goes on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import hold_request_scope
from cybersetu.cases.models import Case, HoldAccount, HoldRequest, HoldResponse
from cybersetu.cases.service import FieldError, ledger_records
from cybersetu.cases.tracing import DueTimes, apply_totals, new_requests, trace_again
from cybersetu.cases.workflow import Status, check_move
from cybersetu.citizens import notices
from cybersetu.clock import parse_when
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.i18n import N_, _
from cybersetu.interchange import Channel
from cybersetu.ledger.money import format_inr, parse_rupees
from cybersetu.ledger.store import AnsweredAccount, SentRequest
from cybersetu.officers.models import User
from cybersetu.officers.roles import Role
from cybersetu.outbox.service import enqueue
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.requests import LIEN
from cybersetu.trail.responses import BankAnswer, apply_answer

STATUSES: Final = ("held", "moved_on", "withdrawn", "no_balance", "not_our_customer")
#: The desk's answers in the words of the ledger's answer records (`trail.responses`), which
#: predate the bank portal and are also read from answer files.
LEDGER_STATUS: Final = {
    "held": "held",
    "moved_on": "moved_on",
    "withdrawn": "withdrawn",
    "no_balance": "no_funds",
    "not_our_customer": "not_found",
}
ANSWER_LABELS: Final = {
    "held": N_("Held"),
    "moved_on": N_("Moved on"),
    "withdrawn": N_("Withdrawn as cash"),
    "no_balance": N_("No balance"),
    "not_our_customer": N_("Not our customer"),
}
MAX_ONWARD: Final = 500
#: Request ids are 32-bit keys in both databases: a larger number cannot be one.
MAX_REQUEST_ID: Final = 2**31 - 1


class RequestNotFoundError(LookupError):
    """No such request, or not one of the actor's bank (the web answers 404 either way)."""


class ResponseConflictError(InputError):
    """The request is answered already, or the key was used for another answer (409)."""


@dataclass(frozen=True)
class OnwardPayment:
    txn_id: str
    ts: datetime
    amount_paise: int
    dst_account: str
    channel: str
    src_account: str | None = None
    dst_bank: str | None = None


@dataclass(frozen=True)
class Withdrawal:
    terminal: str
    ts: datetime
    amount_paise: int


@dataclass(frozen=True)
class ResponseInput:
    status: str
    held_paise: int | None = None
    lien_ref: str | None = None
    onward: tuple[OnwardPayment, ...] = ()
    withdrawn: Withdrawal | None = None

    @property
    def digest(self) -> str:
        """SHA-256 of the content: a replay with the same key must have the same digest."""
        content = {
            "status": self.status,
            "held": self.held_paise,
            "lien_ref": self.lien_ref,
            "onward": [
                [
                    o.txn_id,
                    o.ts.isoformat(),
                    o.amount_paise,
                    o.dst_account,
                    o.channel,
                    o.src_account,
                    o.dst_bank,
                ]
                for o in self.onward
            ],
            "withdrawn": None
            if self.withdrawn is None
            else [
                self.withdrawn.terminal,
                self.withdrawn.ts.isoformat(),
                self.withdrawn.amount_paise,
            ],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class ResponseResult:
    response_id: int
    next_requests: tuple[int, ...]
    replayed: bool = False

    def body(self) -> dict[str, Any]:
        return {"response_id": self.response_id, "next_requests": list(self.next_requests)}


def requests_for_bank(
    session: Session, *, actor: Actor, status: str = "open", limit: int = 500
) -> list[HoldRequest]:
    """The requests sent to the actor's bank, the soonest due first: `open` (not answered yet),
    `answered`, or `all`."""
    query = (
        select(HoldRequest)
        .where(hold_request_scope(actor))
        .options(selectinload(HoldRequest.case), selectinload(HoldRequest.account_rows))
        .order_by(HoldRequest.due_at, HoldRequest.id)
        .limit(limit)
    )
    if status == "open":
        query = query.where(HoldRequest.status == "sent")
    elif status == "answered":
        query = query.where(HoldRequest.status == "answered")
    elif status != "all":
        raise InputError(_("The status must be open, answered or all."))
    return list(session.scalars(query))


def get_request(session: Session, request_id: int, *, actor: Actor) -> HoldRequest | None:
    """A request the actor may see and answer, or None (so its existence does not leak)."""
    if not 1 <= request_id <= MAX_REQUEST_ID:
        return None
    return session.scalar(
        select(HoldRequest)
        .where(HoldRequest.id == request_id, hold_request_scope(actor))
        .options(selectinload(HoldRequest.case), selectinload(HoldRequest.account_rows))
    )


def utr_chain(request: HoldRequest) -> list[str]:
    """The UTRs from the victims' payments to the accounts asked about, in order, once each."""
    seen: dict[str, None] = {}
    for a in request.accounts:
        for chain in a.get("chains") or ():
            seen.update(dict.fromkeys(chain))
    return list(seen)


def check_response(request: HoldRequest, answer: ResponseInput) -> dict[str, str]:
    """The answer's problems, one message per field (empty when it can be recorded)."""
    errors: dict[str, str] = {}
    accounts = [a.account for a in request.account_rows]
    if answer.status not in STATUSES:
        errors["status"] = _("The status must be one of {statuses}.").format(
            statuses=", ".join(STATUSES)
        )
        return errors
    if answer.status == "held":
        if answer.held_paise is None or answer.held_paise <= 0:
            errors["held_amount"] = _("Give the amount held.")
        elif answer.held_paise > request.amount_paise:
            errors["held_amount"] = _(
                "{held} is more than the {traced} traced at these accounts: hold only the "
                "traced amount."
            ).format(held=format_inr(answer.held_paise), traced=format_inr(request.amount_paise))
    if answer.status == "moved_on":
        if not answer.onward:
            errors["onward"] = _("Give the onward transactions: where the money went.")
        if len(answer.onward) > MAX_ONWARD:
            errors["onward"] = _("At most {n} onward transactions in one answer.").format(
                n=MAX_ONWARD
            )
        for n, o in enumerate(answer.onward):
            if o.src_account is None and len(accounts) > 1:
                errors[f"onward[{n}].src_account"] = _(
                    "The request names more than one account: say which one the money left."
                )
            elif o.src_account is not None and o.src_account not in accounts:
                errors[f"onward[{n}].src_account"] = _(
                    "{account} is not an account of this request."
                ).format(account=o.src_account)
            if o.amount_paise <= 0:
                errors[f"onward[{n}].amount"] = _("The amount must be more than zero.")
    if answer.status == "withdrawn":
        if answer.withdrawn is None:
            errors["withdrawn"] = _("Give the withdrawal: terminal, time and amount.")
        elif len(accounts) > 1:
            errors["withdrawn"] = _(
                "The request names more than one account: answer for the withdrawal with "
                "moved_on and an ATM or CASH transaction from the account."
            )
    return errors


def _ledger_answer(request: HoldRequest, answer: ResponseInput) -> BankAnswer:
    accounts = [a.account for a in request.account_rows]
    held: dict[str, int | None] = dict.fromkeys(accounts)
    if answer.status == "held" and answer.held_paise is not None:
        # One amount for the request: laid on its accounts in order, each up to what was
        # traced there (the ledger refuses more than that at an account).
        left = answer.held_paise
        for a in request.account_rows:
            take = min(left, a.amount_paise)
            held[a.account], left = take, left - take
    rows = [
        {
            "txn_id": o.txn_id,
            "ts": o.ts.isoformat(),
            "src_account": o.src_account or accounts[0],
            "dst_account": o.dst_account,
            "amount": f"{o.amount_paise // 100}.{o.amount_paise % 100:02d}",
            "channel": o.channel,
            "src_bank": request.bank,
            "dst_bank": o.dst_bank or "",
        }
        for o in answer.onward
    ]
    if answer.withdrawn is not None:
        w = answer.withdrawn
        rows.append(
            {
                # The bank gives no reference for a withdrawal: one is made from what it gives.
                "txn_id": f"WDL-{request.bank}-{w.ts.astimezone(UTC):%Y%m%d%H%M%S}-{request.id}",
                "ts": w.ts.isoformat(),
                "src_account": accounts[0],
                "dst_account": w.terminal,
                "amount": f"{w.amount_paise // 100}.{w.amount_paise % 100:02d}",
                "channel": "ATM",
                "src_bank": request.bank,
                "dst_bank": request.bank,
            }
        )
    # No response time in the ledger's record: a retry after a crash then has the same digest,
    # and the ledger recognises the answer instead of recording it twice.
    return BankAnswer(
        bank=request.bank,
        responded_at=None,
        accounts=tuple(
            AnsweredAccount(a, held[a], LEDGER_STATUS[answer.status], answer.lien_ref)
            for a in accounts
        ),
        transactions=tuple(rows),
    )


def clean_idempotency_key(key: str) -> str:
    """A bank's Idempotency-Key (an answer, a credit), checked: 1 to 100 characters."""
    key = key.strip()
    if not key or len(key) > 100:
        raise InputError(_("An Idempotency-Key of 1 to 100 characters is needed."))
    return key


def do_record_response(
    session: Session,
    access: LedgerAccess | None,
    request_id: int,
    answer: ResponseInput,
    *,
    actor: Actor,
    idempotency_key: str,
    due: DueTimes = DueTimes(),  # noqa: B008 - frozen, so one shared default is safe
    now: datetime | None = None,
) -> ResponseResult:
    """Record a bank's answer to one of its requests (the steps are in the module docstring)."""
    key = clean_idempotency_key(idempotency_key)
    request = get_request(session, request_id, actor=actor)
    if request is None:
        raise RequestNotFoundError(request_id)
    digest = answer.digest
    earlier = session.scalar(
        select(HoldResponse).where(
            HoldResponse.request_id == request.id, HoldResponse.idempotency_key == key
        )
    )
    if earlier is not None:
        if earlier.digest != digest:
            raise ResponseConflictError(
                _("This Idempotency-Key was used for a different answer to this request.")
            )
        r = earlier.result
        return ResponseResult(int(r["response_id"]), tuple(r["next_requests"]), replayed=True)
    if request.status == "answered":
        raise ResponseConflictError(_("This request has been answered already."))
    errors = check_response(request, answer)
    if errors:
        raise FieldError(errors)
    now = now or utcnow()
    if access is not None and request.reference:
        with access.store() as store:
            apply_answer(store, _ledger_answer(request, answer), received_at=now)
    sent: list[SentRequest] = []
    with begin(session):
        request = session.execute(
            select(HoldRequest).where(HoldRequest.id == request.id).with_for_update()
        ).scalar_one()
        if request.status == "answered":
            raise ResponseConflictError(_("This request has been answered already."))
        response = HoldResponse(
            request_id=request.id,
            bank=request.bank,
            status=answer.status,
            held_paise=answer.held_paise,
            lien_ref=answer.lien_ref,
            onward=[
                {
                    "txn_id": o.txn_id,
                    "ts": o.ts.isoformat(),
                    "amount_paise": o.amount_paise,
                    "dst_account": o.dst_account,
                    "channel": o.channel,
                    "src_account": o.src_account,
                    "dst_bank": o.dst_bank,
                }
                for o in answer.onward
            ],
            withdrawn=None
            if answer.withdrawn is None
            else {
                "terminal": answer.withdrawn.terminal,
                "ts": answer.withdrawn.ts.isoformat(),
                "amount_paise": answer.withdrawn.amount_paise,
            },
            idempotency_key=key,
            digest=digest,
            result={},
            created_at=now,
            created_by=actor.user_id,
        )
        session.add(response)
        request.status, request.answer, request.answered_at = "answered", answer.status, now
        request.held_paise = answer.held_paise or 0
        case = request.case
        if answer.status == "held":
            _held(session, case, actor=actor, at=now)
            notices.held(session, case, request)
        record(
            session,
            actor=actor,
            code="hold.answered",
            case_id=case.id,
            params={
                "request": request.id,
                "bank": request.bank,
                "answer": answer.status,
                "held": request.held_paise,
            },
            at=now,
        )
        drafted: list[int] = []
        if answer.onward or answer.withdrawn:
            moved_from = {o.src_account or request.account_rows[0].account for o in answer.onward}
            for other in _cases_through(session, case, moved_from):
                fresh = _next_layer(session, access, other, actor=actor, due=due, now=now)
                drafted += [r.id for r in fresh]
                sent += ledger_records(other, [r for r in fresh if r.status == "sent"], now)
        session.flush()
        result = ResponseResult(response.id, tuple(drafted))
        response.result = result.body()
    # After the commit: the ledger remembers what was asked, so the next bank's answer is
    # checked against it.
    if access is not None and sent:
        with access.store() as store, store.writer() as w:
            w.record_requests(sent)
    return result


#: The states in which a bank's `held` answer moves the case (to partly held or held).
_HOLDING: Final = frozenset({Status.HOLDS_REQUESTED, Status.PARTLY_HELD})


def _held(session: Session, case: Case, *, actor: Actor, at: datetime) -> None:
    held = sum(held_toward_to_hold(r) for r in case.hold_requests)
    target = Status.HELD if held >= case.to_hold_paise else Status.PARTLY_HELD
    # A case already on its way to restoration (or merged, or closed) keeps its state: the new
    # lien is recorded on the request and waits for its own restoration.
    if case.status == target.value or case.status not in _HOLDING:
        return
    check_move(case.status, target)
    case.status = target.value
    record(
        session,
        actor=actor,
        code="case.status_changed",
        case_id=case.id,
        params={"status": target.value, "held": held},
        at=at,
    )


def lien_paise(request: HoldRequest) -> int:
    """The part of a request's amount on merchants' lien lines (verify the sale first)."""
    return sum(int(a["amount_paise"]) for a in request.accounts if a["action"] == LIEN)


def held_toward_to_hold(request: HoldRequest) -> int:
    """What a request held of the case's money to hold: a merchant's lien is not part of
    `to_hold` (that is `merchants`), so money held on lien lines does not make a case held.
    An answer's amount is laid on the accounts in order, lien lines last."""
    return min(request.held_paise, request.amount_paise - lien_paise(request))


def _cases_through(session: Session, case: Case, accounts: set[str]) -> list[Case]:
    """The case and every other case that asked about one of these accounts."""
    ids = set(session.scalars(select(HoldAccount.case_id).where(HoldAccount.account.in_(accounts))))
    ids.add(case.id)
    return list(
        session.scalars(
            select(Case)
            .where(Case.id.in_(ids))
            .options(selectinload(Case.hold_requests), selectinload(Case.transactions))
            .order_by(Case.id)
        )
    )


def _next_layer(
    session: Session,
    access: LedgerAccess | None,
    case: Case,
    *,
    actor: Actor,
    due: DueTimes,
    now: datetime,
) -> list[HoldRequest]:
    """Trace the case again and draft its requests for the accounts not asked about yet. When
    the case's requests have gone out, the new ones go out at once on the golden-hour clock,
    whatever their kind: the money has only just arrived there (a bank said so)."""
    traced = trace_again(case, access)
    apply_totals(case, traced, now)
    fresh = new_requests(case, traced)
    if not fresh:
        return []
    send = case.holds_sent_at is not None
    for r in fresh:
        r.reference = f"{case.request_ref or case.ack}/L{r.layer}/{r.bank}"
        if send:
            r.status, r.sent_at, r.due_at = "sent", now, now + due.hold
        case.hold_requests.append(r)
    session.flush()
    record(
        session,
        actor=actor,
        code="case.next_layer" if send else "case.next_layer_drafted",
        case_id=case.id,
        params={
            "layer": min(r.layer for r in fresh),
            "banks": len({r.bank for r in fresh}),
            "amount": sum(r.amount_paise for r in fresh),
        },
        at=now,
    )
    return fresh


def parse_onward_lines(text: str) -> tuple[tuple[OnwardPayment, ...], dict[str, str]]:
    """Onward transactions as a bank officer types them in the portal, one per line:
    `UTR, time, amount, to account, channel[, from account[, to bank]]`. Every bad line is
    reported by its number; the good ones are kept for the form to show again."""
    rows: list[OnwardPayment] = []
    errors: dict[str, str] = {}
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_ONWARD:
        return (), {
            "onward": _("At most {n} onward transactions in one answer.").format(n=MAX_ONWARD)
        }
    for n, line in enumerate(lines, start=1):
        parts = [p.strip() for p in line.split(",")]
        if not 5 <= len(parts) <= 7 or not all(parts[:5]):
            errors[f"onward[{n}]"] = _(
                "Line {n}: write UTR, time, amount, to account, channel (and the account it "
                "left, and the bank it went to, if you know them)."
            ).format(n=n)
            continue
        try:
            ts = parse_when(parts[1])
            amount = parse_rupees(parts[2], "amount", positive=True)
        except InputError as exc:
            errors[f"onward[{n}]"] = _("Line {n}: {problem}").format(n=n, problem=str(exc))
            continue
        channel = parts[4].upper()
        if channel not in {c.value for c in Channel}:
            errors[f"onward[{n}]"] = _("Line {n}: the channel must be one of {channels}.").format(
                n=n, channels=", ".join(c.value for c in Channel)
            )
            continue
        rows.append(
            OnwardPayment(
                txn_id=parts[0],
                ts=ts,
                amount_paise=amount,
                dst_account=parts[3],
                channel=channel,
                src_account=parts[5] if len(parts) > 5 and parts[5] else None,
                dst_bank=parts[6].upper() if len(parts) > 6 and parts[6] else None,
            )
        )
    return tuple(rows), errors


def do_escalate_overdue(session: Session, *, actor: Actor, now: datetime) -> list[HoldRequest]:
    """Escalate every sent request whose due time has passed without an answer, once each:
    to the bank's escalation contact and the supervisors' queue (for the sweeper)."""
    with begin(session):
        overdue = list(
            session.scalars(
                select(HoldRequest)
                .where(
                    HoldRequest.status == "sent",
                    HoldRequest.due_at < now,
                    HoldRequest.escalated_at.is_(None),
                )
                .order_by(HoldRequest.due_at, HoldRequest.id)
                .with_for_update(skip_locked=True)
            )
        )
        officers = bank_contacts(session, {r.bank for r in overdue})
        for r in overdue:
            r.escalated_at = now
            for user_id, mobile in officers.get(r.bank, ()):
                tell_bank(session, r, "hold.overdue", user_id=user_id, mobile=mobile)
            record(
                session,
                actor=actor,
                code="hold.escalated",
                case_id=r.case_id,
                params={"request": r.id, "bank": r.bank},
                at=now,
            )
    return overdue


def bank_contacts(session: Session, banks: set[str]) -> dict[str, list[tuple[int, str]]]:
    """The bank officers with a mobile number, by bank: the escalation contacts that hear of an
    overdue request."""
    if not banks:
        return {}
    rows = session.execute(
        select(User.bank, User.id, User.mobile).where(
            User.role == Role.BANK_OFFICER.value,
            User.active.is_(True),
            User.bank.in_(banks),
            User.mobile.is_not(None),
        )
    )
    out: dict[str, list[tuple[int, str]]] = {}
    for bank, user_id, mobile in rows:
        if bank and mobile:
            out.setdefault(bank, []).append((user_id, mobile))
    return out


def tell_bank(
    session: Session, request: HoldRequest, code: str, *, user_id: int, mobile: str
) -> None:
    """A bank's escalation contact hears of one of its requests (`hold.overdue`,
    `hold.release`), once per request and officer; in English, the banks' working language
    with the police."""
    enqueue(
        session,
        key=f"{code}:{request.id}:{user_id}",
        recipient=mobile,
        code=code,
        params={"reference": request.reference or str(request.id), "ack": request.case.ack},
        locale="en",
        case_id=request.case_id,
    )


def escalated(session: Session, *, limit: int = 500) -> list[HoldRequest]:
    """The supervisors' queue: escalated requests still unanswered, the longest overdue first."""
    return list(
        session.scalars(
            select(HoldRequest)
            .where(HoldRequest.status == "sent", HoldRequest.escalated_at.is_not(None))
            .options(selectinload(HoldRequest.case))
            .order_by(HoldRequest.due_at, HoldRequest.id)
            .limit(limit)
        )
    )
