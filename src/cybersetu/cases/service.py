"""Registering complaints and working on cases: `do_*` actions and the queries the desk needs.

Every action takes the actor (keyword-only), runs in one transaction, and writes its audit
event in that transaction. Work that needs no lock (reading the narrative, tracing the money)
is done before the transaction; side effects outside the database (recording sent requests in
the ledger) come after the commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from cybersetu.audit.service import Event, record, record_all
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import can_see_case, case_scope
from cybersetu.cases.models import (
    AckCounter,
    Case,
    CaseIdentifier,
    CaseNote,
    CaseTransaction,
    HoldAccount,
    HoldRequest,
)
from cybersetu.cases.privacy import mask_aadhaar
from cybersetu.cases.tracing import (
    TOTALS,
    DueTimes,
    Traced,
    account_values,
    request_values,
    trace_new,
)
from cybersetu.cases.workflow import Status, check_move
from cybersetu.citizens import notices
from cybersetu.clock import IST
from cybersetu.complaints import FraudPayment
from cybersetu.db.base import begin, core, insert_all, table_of, update_all, utcnow
from cybersetu.db.counters import next_in_year
from cybersetu.errors import InputError
from cybersetu.i18n import N_, _
from cybersetu.identifiers import phones
from cybersetu.intake import analyze
from cybersetu.intake.results import Analysis, Found, Kind
from cybersetu.ledger.money import parse_rupees
from cybersetu.ledger.store import SentRequest
from cybersetu.reference.kanpur import STATIONS_BY_CODE
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.service import request_reference

ACK_PREFIX: Final = "KNP"
MAX_NARRATIVE: Final = 20_000
MAX_PAYMENTS: Final = 50
COMPLETE_1930_WITHIN: Final = timedelta(hours=24)


class Channel:
    HELP_DESK = "help_desk"
    CALL_1930 = "call_1930"
    SELF_SERVICE = "self_service"
    ALL: Final = (HELP_DESK, CALL_1930, SELF_SERVICE)


CHANNEL_LABELS: Final = {
    Channel.HELP_DESK: N_("Police-station help desk"),
    Channel.CALL_1930: N_("1930 call"),
    Channel.SELF_SERVICE: N_("Self-service"),
}

#: The identifier kinds a case keeps (the API's `identifiers[].kind`).
IDENTIFIER_KINDS: Final = {
    Kind.UTR: "utr",
    Kind.UPI_ID: "upi_id",
    Kind.PHONE: "phone",
    Kind.ACCOUNT: "account",
    Kind.IFSC: "ifsc",
    Kind.AMOUNT: "amount",
    Kind.URL: "url",
}


#: The identifier kinds that tie two complaints to the same fraudster.
LINKING_KINDS: Final = frozenset({"utr", "upi_id", "phone", "account", "url"})


class FieldError(InputError):
    """Bad input, one message per field (in the reader's language)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class ComplaintInput:
    channel: str
    station: str
    complainant_name: str
    complainant_mobile: str | None
    narrative: str
    complainant_address: str | None = None
    transactions: tuple[FraudPayment, ...] | None = None
    """None: take them from the narrative's UTRs found in the ledger."""
    received_at: datetime | None = None
    """When the complaint was received, if before it is registered (a 1930 call, a batch from
    another system); default: now."""
    identifiers: tuple[tuple[str, str], ...] | None = None
    """(kind, value) as the officer corrected them on the intake page's chips; None: what the
    narrative gives."""


#: The identifier type that cleans each kind of chip (amounts are rupees).
_CHIP_TYPES: Final = {
    "utr": "utr",
    "upi_id": "vpa",
    "phone": "phone",
    "account": "account_number",
    "ifsc": "ifsc",
    "url": "url",
}


def clean_chip(kind: str, value: str) -> str | None:
    """The canonical value of a chip the officer edited, or None when it is not one."""
    from cybersetu.identifiers import get_type

    text = value.strip().lstrip("₹").replace(",", "")
    if kind == "amount":
        try:
            return rupees_text(parse_rupees(text, "amount", positive=True))
        except InputError:
            return None
    name = _CHIP_TYPES.get(kind)
    return get_type(name).clean(text) if name else None


def rupees_text(paise: int) -> str:
    whole, frac = divmod(paise, 100)
    return str(whole) if frac == 0 else f"{whole}.{frac:02d}".rstrip("0")


def check_input(data: ComplaintInput) -> dict[str, str]:
    """Per field, what is wrong (empty when nothing is)."""
    errors: dict[str, str] = {}
    if data.channel not in Channel.ALL:
        errors["channel"] = _(
            "Choose how the complaint came: help desk, 1930 call or self-service."
        )
    if data.station not in STATIONS_BY_CODE:
        errors["station"] = _("Choose the police station.")
    if not data.complainant_name.strip() or len(data.complainant_name) > 200:
        errors["complainant.name"] = _("Give the complainant's name (at most 200 characters).")
    if data.complainant_mobile and phones.clean(data.complainant_mobile) is None:
        errors["complainant.mobile"] = _("This is not an Indian mobile number.")
    if not data.narrative.strip():
        errors["narrative"] = _("Write down what happened, in the victim's words.")
    elif len(data.narrative) > MAX_NARRATIVE:
        errors["narrative"] = _("The story is longer than {n} characters.").format(
            n=f"{MAX_NARRATIVE:,}"
        )
    for i, p in enumerate(data.transactions or ()):
        where = f"transactions[{i}]"
        if not p.txn_id.strip() or len(p.txn_id) > 64 or not p.txn_id.isprintable():
            errors[f"{where}.txn_id"] = _("Give the UTR / transaction reference.")
        if p.ts is not None and p.ts > utcnow() + timedelta(minutes=10):
            errors[f"{where}.ts"] = _("The payment cannot be in the future.")
        for name, value in (("victim_account", p.victim_account), ("beneficiary", p.beneficiary)):
            if value is not None and (len(value) > 120 or not value.isprintable()):
                errors[f"{where}.{name}"] = _("An account is at most 120 characters on one line.")
    if data.transactions is not None and len(data.transactions) > MAX_PAYMENTS:
        errors["transactions"] = _("At most {n} payments per complaint.").format(n=MAX_PAYMENTS)
    for i, (kind, value) in enumerate(data.identifiers or ()):
        if clean_chip(kind, value) is None:
            errors[f"identifiers[{i}]"] = _("This is not a valid {kind}.").format(kind=kind)
    return errors


@dataclass
class Preview:
    """What the desk shows while the officer types: the narrative read, payments pre-filled."""

    analysis: Analysis
    ranked_mos: list[list[Any]]
    """[mo, probability] of the MO and its two runners-up."""
    payments: list[FraudPayment]
    """Payments of the narrative's UTRs that the ledger has (time, amount, accounts filled)."""
    missing_utrs: list[str] = field(default_factory=list)

    @property
    def chips(self) -> list[Found]:
        """One per distinct identifier the case would keep, in the order of the story."""
        seen: set[tuple[str, str]] = set()
        out = []
        for f in self.analysis.found:
            key = (f.kind.value, f.value)
            if f.kind in IDENTIFIER_KINDS and key not in seen:
                seen.add(key)
                out.append(f)
        return out


def identifiers_of(analysis: Analysis) -> list[tuple[str, str]]:
    out: dict[tuple[str, str], None] = {}
    for f in analysis.found:
        kind = IDENTIFIER_KINDS.get(f.kind)
        if kind is not None:
            out[(kind, f.value)] = None
    return list(out)


def preview(narrative: str, access: LedgerAccess | None) -> Preview:
    text = narrative[:MAX_NARRATIVE]
    analysis = analyze(text)
    top = [[analysis.mo.mo.value, round(analysis.mo.confidence, 4)], *preview_mos(analysis)]
    utrs = analysis.values(Kind.UTR)
    payments: list[FraudPayment] = []
    missing: list[str] = []
    if utrs and access is not None:
        with access.tracing() as (_, source):
            found = source.get_txns(utrs)
        for u in utrs:
            t = found.get(u)
            if t is None:
                missing.append(u)
            else:
                payments.append(FraudPayment(u, t.ts, t.amount, t.src, t.dst))
    else:
        missing = list(utrs)
    return Preview(analysis, top, payments, missing)


@dataclass(frozen=True)
class CaseRef:
    """Another case, named: enough to warn about it and link to it."""

    id: int
    ack: str
    station: str
    created_at: datetime


@dataclass(frozen=True)
class Registration:
    case: Case
    duplicates: list[CaseRef]
    """Earlier cases (that the actor may see) naming one of the same UTRs."""


@dataclass(frozen=True)
class Prepared:
    """A complaint checked, read and traced: everything registering it needs but the database."""

    data: ComplaintInput
    narrative: str
    """Aadhaar masked."""
    analysis: Analysis
    traced: Traced
    received: datetime
    now: datetime


def prepare_complaint(
    access: LedgerAccess | None, data: ComplaintInput, *, now: datetime | None = None
) -> Prepared:
    """Check a complaint (FieldError), read its narrative and trace its money: the work that
    needs no lock, done before any transaction."""
    errors = check_input(data)
    if errors:
        raise FieldError(errors)
    now = now or utcnow()
    narrative = mask_aadhaar(data.narrative.strip())
    analysis = analyze(narrative)
    return Prepared(
        data=data,
        narrative=narrative,
        analysis=analysis,
        traced=trace_new(data.transactions, access, analysis),
        received=min(data.received_at, now) if data.received_at else now,
        now=now,
    )


def do_register_complaint(
    session: Session,
    access: LedgerAccess | None,
    data: ComplaintInput,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Registration:
    """Register a complaint: check it, read the narrative, trace the money, draft the hold
    requests, give it its acknowledgement number."""
    prepared = prepare_complaint(access, data, now=now)
    return do_register_complaints(session, [(prepared, actor)])[0]


def do_register_complaints(
    session: Session, items: Sequence[tuple[Prepared, Actor]]
) -> list[Registration]:
    """Register prepared complaints, each with its own actor, in one transaction (group
    commit: under load the desk writes what arrived together as one set of statements, so a
    complaint costs a fraction of a round trip). Each gets the rows, acknowledgement number,
    audit events and message it would get alone, in the order given."""
    if not items:
        return []
    with begin(session):
        # The rows go in under provisional numbers; the real ones, and the audit events, are
        # taken last: both lock a row until commit, so concurrent registrations wait only for
        # each other's last few statements, not for each other's whole inserts. Rows go in as
        # one statement per table (no unit of work: its bookkeeping per object cost more CPU
        # than the statements), and the cases' collections are set to what was written, so
        # the caller reads them without loading them again.
        cases = insert_all(session, Case, [_case_values(p, a) for p, a in items])
        transactions = insert_all(
            session,
            CaseTransaction,
            [
                {
                    "case_id": case.id,
                    "txn_id": t.txn_id,
                    "ts": t.ts,
                    "amount_paise": t.amount_paise,
                    "victim_account": t.victim_account,
                    "beneficiary": t.beneficiary,
                    "in_ledger": t.txn_id in p.traced.in_ledger,
                }
                for case, (p, _a) in zip(cases, items, strict=True)
                for t in p.traced.payments
            ],
        )
        identifiers = insert_all(
            session,
            CaseIdentifier,
            [
                {"case_id": case.id, "kind": k, "value": v}
                for case, (p, _a) in zip(cases, items, strict=True)
                for k, v in _identifier_pairs(p)
            ],
        )
        requests = insert_all(
            session,
            HoldRequest,
            [
                {"case_id": case.id, **request_values(r, r["accounts"])}
                for case, (p, _a) in zip(cases, items, strict=True)
                for r in p.traced.requests
            ],
        )
        drafted = [r for _c, (p, _a) in zip(cases, items, strict=True) for r in p.traced.requests]
        rows = insert_all(
            session,
            HoldAccount,
            [
                {"request_id": req.id, "case_id": req.case_id, **account_values(a)}
                for req, r in zip(requests, drafted, strict=True)
                for a in r["accounts"]
            ],
        )
        accounts_of: dict[int, list[HoldAccount]] = {req.id: [] for req in requests}
        for a in rows:
            accounts_of[a.request_id].append(a)
        for req in requests:
            set_committed_value(req, "account_rows", accounts_of[req.id])
        for name, children in (
            ("transactions", transactions),
            ("identifiers", identifiers),
            ("hold_requests", requests),
        ):
            by_case: dict[int, list[Any]] = {c.id: [] for c in cases}
            for child in children:
                by_case[child.case_id].append(child)
            for c in cases:
                set_committed_value(c, name, by_case[c.id])
        for c in cases:
            set_committed_value(c, "notes", [])
        duplicates = _same_utr_all(session, cases, [a for _p, a in items])
        _number(session, cases, [p for p, _a in items])
        # Cases of this group named among the duplicates had provisional numbers then.
        given = {c.id: c.ack for c in cases}
        duplicates = [
            [replace(d, ack=given[d.id]) if d.id in given else d for d in found]
            for found in duplicates
        ]
        events: list[Event] = []
        for case, (p, actor) in zip(cases, items, strict=True):
            data = p.data
            events.append(
                Event(
                    "case.registered",
                    {"ack": case.ack, "channel": data.channel, "station": data.station,
                     "mo": case.mo},
                    case.id,
                    actor,
                )
            )  # fmt: skip
            if p.traced.trail is not None:
                events.append(
                    Event(
                        "case.traced",
                        {
                            "stolen": case.stolen_paise,
                            "to_hold": case.to_hold_paise,
                            "banks": len(case.hold_requests),
                        },
                        case.id,
                        actor,
                    )
                )
        record_all(session, actor=items[0][1], events=events, at=items[0][0].now)
        notices.registered_all(session, cases)
    return [Registration(c, d) for c, d in zip(cases, duplicates, strict=True)]


def _case_values(p: Prepared, actor: Actor) -> dict[str, Any]:
    data, analysis, traced = p.data, p.analysis, p.traced
    return {
        "ack": f"pending-{uuid.uuid4().hex[:12]}",
        "status": Status.REGISTERED.value,
        "channel": data.channel,
        "station": data.station,
        "complainant_name": data.complainant_name.strip(),
        "complainant_mobile": phones.clean(data.complainant_mobile)
        if data.complainant_mobile
        else None,
        "complainant_address": (data.complainant_address or "").strip()[:500] or None,
        "narrative": p.narrative,
        "language": analysis.lang.value,
        "mo": analysis.mo.mo.value,
        "mo_confidence": round(analysis.mo.confidence, 4),
        "mo_alternatives": preview_mos(analysis),
        "created_at": p.received,
        "created_by": actor.user_id,
        "complete_by": p.received + COMPLETE_1930_WITHIN
        if data.channel == Channel.CALL_1930
        else None,
        "first_payment_at": min((t.ts for t in traced.payments if t.ts is not None), default=None),
        "traced_at": p.now if traced.trail is not None else None,
        "trail": traced.trail,
        "trace_note": traced.note,
        **{f"{k}_paise": traced.totals.get(k, 0) for k in TOTALS},
    }


def _identifier_pairs(p: Prepared) -> dict[tuple[str, str], None]:
    if p.data.identifiers is not None:
        kinds = [(k, clean_chip(k, v) or v) for k, v in p.data.identifiers]
    else:
        kinds = identifiers_of(p.analysis)
    kinds += [("utr", t.txn_id) for t in p.traced.payments]
    return dict.fromkeys(kinds)


def _number(session: Session, cases: list[Case], prepared: list[Prepared]) -> None:
    """Give the cases their acknowledgement numbers (in order, per year of receipt) and their
    requests' references: one counter statement per year, one update per table."""
    years: dict[int, list[int]] = {}
    for i, p in enumerate(prepared):
        years.setdefault(p.received.astimezone(IST).year, []).append(i)
    acks: list[str] = [""] * len(cases)
    for year, indexes in years.items():
        last = next_in_year(session, AckCounter, year, count=len(indexes))
        for n, i in enumerate(indexes, start=last - len(indexes) + 1):
            acks[i] = f"{ACK_PREFIX}-{year}-{n:06d}"
    numbered = []
    referenced = []
    for case, p, ack in zip(cases, prepared, acks, strict=True):
        as_of = p.traced.as_of
        ref = request_reference(ack, as_of) if as_of is not None else None
        numbered.append({"id": case.id, "ack": ack, "request_ref": ref})
        set_committed_value(case, "ack", ack)
        set_committed_value(case, "request_ref", ref)
        if ref is not None:
            for req in case.hold_requests:
                reference = f"{ref}/{req.bank}"
                referenced.append({"id": req.id, "reference": reference})
                set_committed_value(req, "reference", reference)
    # Plain statements, one per table: the objects were told their new values above.
    update_all(session, table_of(Case), numbered)
    update_all(session, table_of(HoldRequest), referenced)


def preview_mos(analysis: Analysis) -> list[list[Any]]:
    """[mo, probability] of the two runners-up of the MO chosen."""
    others = [(m.value, p) for m, p in analysis.mo.ranked if m is not analysis.mo.mo]
    return [[m, round(p, 4)] for m, p in others[:2]]


def _same_utr(session: Session, case: Case, actor: Actor) -> list[Case]:
    refs = _same_utr_all(session, [case], [actor])[0]
    if not refs:
        return []
    found = session.scalars(select(Case).where(Case.id.in_([r.id for r in refs])))
    return sorted(found, key=lambda c: (c.created_at, c.id))


def _same_utr_all(session: Session, cases: list[Case], actors: list[Actor]) -> list[list[CaseRef]]:
    """Per case, the other cases (that its actor may see) naming one of its UTRs; of cases
    registered together, only those before it, as if they had come one after the other. One
    query for all of them, and one more per actor (a group has one or a few) naming the cases
    found (named only: a registration does not need their stories and trails)."""
    utrs = {t.txn_id for c in cases for t in c.transactions}
    if not utrs:
        return [[] for _ in cases]
    txns = table_of(CaseTransaction)
    named: dict[str, set[int]] = {}
    for case_id, txn_id in core(session).execute(
        select(txns.c.case_id, txns.c.txn_id).where(txns.c.txn_id.in_(utrs)).distinct()
    ):
        named.setdefault(txn_id, set()).add(case_id)
    position = {c.id: i for i, c in enumerate(cases)}
    wanted: list[set[int]] = [
        {
            other
            for t in case.transactions
            for other in named.get(t.txn_id, ())
            if other != case.id and position.get(other, -1) < i
        }
        for i, case in enumerate(cases)
    ]
    of_actor: dict[Actor, set[int]] = {}
    for ids, actor in zip(wanted, actors, strict=True):
        of_actor.setdefault(actor, set()).update(ids)
    seen: dict[Actor, dict[int, CaseRef]] = {}
    for actor, ids in of_actor.items():
        rows = (
            core(session).execute(
                select(Case.id, Case.ack, Case.station, Case.created_at).where(
                    Case.id.in_(ids), case_scope(actor)
                )
            )
            if ids
            else ()
        )
        seen[actor] = {row[0]: CaseRef(*row) for row in rows}
    out: list[list[CaseRef]] = []
    for ids, actor in zip(wanted, actors, strict=True):
        visible = seen[actor]
        found = [visible[i] for i in ids if i in visible]
        out.append(sorted(found, key=lambda r: (r.created_at, r.id)))
    return out


def get_case(session: Session, ack: str, *, actor: Actor) -> Case | None:
    """The case, or None when it does not exist or the actor may not see it (the same answer)."""
    case = session.scalar(
        select(Case)
        .where(Case.ack == ack)
        .options(
            selectinload(Case.transactions),
            selectinload(Case.identifiers),
            selectinload(Case.hold_requests),
            selectinload(Case.notes),
        )
    )
    if case is None or not can_see_case(actor, case):
        return None
    return case


def list_cases(
    session: Session, *, actor: Actor, limit: int = 50, offset: int = 0
) -> Sequence[Case]:
    return session.scalars(
        select(Case)
        .where(case_scope(actor))
        .order_by(Case.created_at.desc(), Case.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()


def duplicates_of(session: Session, case: Case, *, actor: Actor) -> list[Case]:
    return _same_utr(session, case, actor)


def linked_cases(
    session: Session, case: Case, *, actor: Actor
) -> list[tuple[Case, list[tuple[str, str]]]]:
    """Other cases the actor may see that share an identifier (UTR, UPI ID, phone, account,
    URL) with this one, each with the (kind, value) pairs they share; most shared first.
    Cases the actor may not see are left out, so their existence does not leak. An IFSC or an
    amount links nothing: a branch serves thousands of honest accounts."""
    pairs = {(i.kind, i.value) for i in case.identifiers if i.kind in LINKING_KINDS}
    if not pairs:
        return []
    rows = session.execute(
        select(Case, CaseIdentifier.kind, CaseIdentifier.value)
        .join(CaseIdentifier, CaseIdentifier.case_id == Case.id)
        .where(
            CaseIdentifier.value.in_({v for _, v in pairs}),
            Case.id != case.id,
            case_scope(actor),
        )
        .limit(500)
    ).all()
    shared: dict[int, tuple[Case, list[tuple[str, str]]]] = {}
    for other, kind, value in rows:
        if (kind, value) in pairs:
            shared.setdefault(other.id, (other, []))[1].append((kind, value))
    return sorted(shared.values(), key=lambda cv: (-len(cv[1]), cv[0].created_at))[:20]


def _locked(session: Session, case_id: int) -> Case:
    return session.execute(select(Case).where(Case.id == case_id).with_for_update()).scalar_one()


def do_verify(session: Session, case_id: int, *, actor: Actor) -> Case:
    with begin(session):
        case = _locked(session, case_id)
        if case.verified_at is not None:
            raise InputError(_("The complaint is already verified."))
        # Once the golden-hour requests have gone out, verifying only records the verification.
        if case.status == Status.REGISTERED.value:
            check_move(case.status, Status.VERIFIED)
            case.status = Status.VERIFIED.value
        case.verified_at = utcnow()
        record(session, actor=actor, code="case.verified", case_id=case.id)
    return case


def do_send_holds(
    session: Session,
    access: LedgerAccess | None,
    case_id: int,
    *,
    actor: Actor,
    reason: str | None = None,
    due: DueTimes = DueTimes(),  # noqa: B008 - frozen, so one shared default is safe
) -> Case:
    """Send the drafted hold requests. Verified complaints only, except golden-hour requests an
    investigator sends with a stated reason (MHA SOP of 2 January 2026)."""
    reason = (reason or "").strip()[:500] or None
    with begin(session):
        case = _locked(session, case_id)
        drafted = [r for r in case.hold_requests if r.status == "drafted"]
        if not drafted:
            raise InputError(_("There is no drafted hold request to send."))
        if case.verified_at is None and reason is None:
            raise InputError(
                _("Verify the complaint first, or give the reason to send before verification.")
            )
        check_move(case.status, Status.HOLDS_REQUESTED)
        now = utcnow()
        for r in drafted:
            r.status, r.sent_at, r.due_at = "sent", now, now + due.of(r.kind)
        case.status = Status.HOLDS_REQUESTED.value
        case.holds_sent_at = now
        total = sum(r.amount_paise for r in drafted)
        params: dict[str, Any] = {"banks": len(drafted), "amount": total}
        if case.verified_at is None:
            params["reason"] = reason
        record(
            session,
            actor=actor,
            code="case.holds_sent" if case.verified_at else "case.holds_sent_early",
            case_id=case.id,
            params=params,
        )
        sent = ledger_records(case, drafted, now)
    # After the commit: the ledger remembers what was asked of which bank, so that the banks'
    # answers can be checked against it.
    if access is not None and sent:
        with access.store() as store, store.writer() as w:
            w.record_requests(sent)
    return case


def ledger_records(case: Case, requests: Sequence[HoldRequest], at: datetime) -> list[SentRequest]:
    seeds = tuple(t.txn_id for t in case.transactions if t.in_ledger)
    return [
        SentRequest(
            request_ref=r.reference,
            bank=r.bank,
            account_id=a["account"],
            action=a["action"],
            layer=int(a["layer"]),
            amount_paise=int(a["amount_paise"]),
            seeds=seeds,
            policy="taint-first",
            created_at=at,
        )
        for r in requests
        for a in r.accounts
    ]


def do_add_note(session: Session, case_id: int, text: str, *, actor: Actor) -> CaseNote:
    body = text.strip()
    if not body:
        raise FieldError({"text": _("Write the note first.")})
    if len(body) > 5000:
        raise FieldError({"text": _("A note is at most 5,000 characters.")})
    with begin(session):
        case = _locked(session, case_id)
        note = CaseNote(case_id=case.id, author_id=actor.user_id, text=mask_aadhaar(body))
        session.add(note)
        session.flush()
        record(session, actor=actor, code="case.note_added", case_id=case.id)
    return note
