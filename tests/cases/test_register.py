"""Registering complaints: reading, tracing, drafting, numbering; the case workflow."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.authz.actor import Actor
from cybersetu.cases import service
from cybersetu.cases.models import Case
from cybersetu.cases.service import ComplaintInput, FieldError
from cybersetu.cases.workflow import TransitionError
from cybersetu.complaints import FraudPayment
from cybersetu.errors import InputError
from cybersetu.intake import analyze
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of
from cybersetu.trail.access import LedgerAccess
from tests.desk import USERS


def actor(db: sessionmaker[Session], name: str) -> Actor:
    with db() as s:
        return actor_of(s.scalars(select(User).where(User.username == name)).one())


def complaint(
    c: dict[str, Any], *, station: str = "KTW", with_txns: bool = False
) -> ComplaintInput:
    txns = None
    if with_txns:
        txns = tuple(FraudPayment(t["txn_id"]) for t in c["transactions"])
    return ComplaintInput(
        channel="help_desk",
        station=station,
        complainant_name=c["complainant"]["name"],
        complainant_mobile=c["complainant"]["mobile"],
        narrative=c["narrative"],
        transactions=txns,
    )


def register(
    db: sessionmaker[Session],
    access: LedgerAccess | None,
    data: ComplaintInput,
    who: str = "hd_ktw",
) -> Case:
    with db() as s:
        return service.do_register_complaint(s, access, data, actor=actor(db, who)).case


def test_a_complaint_is_read_traced_and_its_requests_drafted(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    c = city_complaints[0]
    case = register(db, access, complaint(c))
    assert re.fullmatch(r"KNP-20\d\d-000001", case.ack)
    assert case.status == "registered"
    assert case.mo == analyze(c["narrative"]).mo.mo.value
    assert len(case.mo_alternatives) == 2
    # without transactions, the narrative's UTRs found in the ledger are the payments
    assert {t.txn_id for t in case.transactions} == {t["txn_id"] for t in c["transactions"]}
    assert all(t.in_ledger for t in case.transactions)
    parts = (
        case.to_hold_paise + case.cash_out_paise + case.merchants_paise
        + case.unknown_banks_paise + case.untraced_paise
    )  # fmt: skip
    assert parts == case.stolen_paise == sum(round(t["amount"] * 100) for t in c["transactions"])
    assert case.trail is not None
    for r in case.hold_requests:
        assert r.status == "drafted"
        assert r.reference.startswith(f"CYBER/{case.ack}/")
        assert r.reference.endswith(f"/{r.bank}")
    kinds = {i.kind for i in case.identifiers}
    assert {"utr", "amount"} <= kinds
    with db() as s:
        events = list(s.scalars(select(AuditEvent.code).where(AuditEvent.case_id == case.id)))
    assert events == ["case.registered", "case.traced"]


def test_a_1930_call_must_be_completed_within_24_hours(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    data = complaint(city_complaints[1])
    case = register(db, access, ComplaintInput(**{**data.__dict__, "channel": "call_1930"}))
    assert case.complete_by is not None
    assert round((case.complete_by - case.created_at).total_seconds()) == 24 * 3600


def test_a_complaint_whose_payment_is_not_in_the_ledger_is_still_registered(
    db: sessionmaker[Session], access: LedgerAccess
) -> None:
    data = ComplaintInput(
        channel="help_desk",
        station="KTW",
        complainant_name="Ramesh",
        complainant_mobile="9876543210",
        narrative="Mere account se 15,000 kat gaye, UTR 999988887777",
        transactions=(FraudPayment("999988887777", amount_paise=1_500_000),),
    )
    case = register(db, access, data)
    assert case.trail is None
    assert "in the ledger yet" in (case.trace_note or "")
    assert case.stolen_paise == case.untraced_paise == 1_500_000
    assert [t.in_ledger for t in case.transactions] == [False]


def test_the_same_utr_again_is_flagged_as_a_possible_duplicate(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    c = city_complaints[2]
    first = register(db, access, complaint(c))
    with db() as s:
        again = service.do_register_complaint(s, access, complaint(c), actor=actor(db, "inv"))
    assert [d.ack for d in again.duplicates] == [first.ack]
    with db() as s:
        other = service.do_register_complaint(
            s, access, complaint(c, station="SWN"), actor=actor(db, "hd_swn")
        )
    assert other.duplicates == []  # the other station may not even know the first exists


def test_aadhaar_numbers_are_masked_before_they_are_stored(
    db: sessionmaker[Session], access: LedgerAccess
) -> None:
    story = (
        "Fake KYC call, unhone mera aadhaar 2345 6789 0124 aur OTP liya. "
        "Aadhar no. 234567890124 bhi bataya. UTR 527411860892 se 5000 gaye."
    )
    data = ComplaintInput("help_desk", "KTW", "Sita", None, story)
    case = register(db, access, data)
    assert "2345 6789 0124" not in case.narrative
    assert "234567890124" not in case.narrative
    assert case.narrative.count("XXXX-XXXX-0124") == 2
    assert "527411860892" in case.narrative  # a UTR of the same length is kept


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"station": "XXX"}, "station"),
        ({"complainant_name": " "}, "complainant.name"),
        ({"complainant_mobile": "12345"}, "complainant.mobile"),
        ({"narrative": ""}, "narrative"),
        ({"narrative": "x" * 20_001}, "narrative"),
        ({"transactions": (FraudPayment(""),)}, "transactions[0].txn_id"),
        ({"transactions": (FraudPayment("A\x00B"),)}, "transactions[0].txn_id"),
    ],
)
def test_bad_input_names_the_field(
    db: sessionmaker[Session], change: dict[str, Any], field: str
) -> None:
    base = ComplaintInput("help_desk", "KTW", "Ram", "9876543210", "paise kat gaye")
    data = ComplaintInput(**{**base.__dict__, **change})
    with db() as s, pytest.raises(FieldError) as caught:
        service.do_register_complaint(s, None, data, actor=actor(db, "hd_ktw"))
    assert field in caught.value.errors
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0


def test_the_case_workflow(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    case = next(
        x
        for x in (register(db, access, complaint(c)) for c in city_complaints[:8])
        if x.hold_requests
    )
    inv = actor(db, "inv")
    with db() as s:
        with pytest.raises(InputError, match="Verify the complaint first"):
            service.do_send_holds(s, access, case.id, actor=inv)
        service.do_verify(s, case.id, actor=inv)
        with pytest.raises(InputError, match="already verified"):
            service.do_verify(s, case.id, actor=inv)
        sent = service.do_send_holds(s, access, case.id, actor=inv)
        assert sent.status == "holds_requested"
        with pytest.raises(InputError, match="no drafted hold request"):
            service.do_send_holds(s, access, case.id, actor=inv)
        service.do_add_note(s, case.id, "Spoke to the bank's nodal officer.", actor=inv)
    with access.store() as store:
        asked = {r.account_id for r in store.sent_requests()}
    assert asked == {a["account"] for r in case.hold_requests for a in r.accounts}


def test_golden_hour_requests_go_before_verification_with_a_reason(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    case = next(
        x
        for x in (register(db, access, complaint(c)) for c in city_complaints[:8])
        if x.hold_requests
    )
    inv = actor(db, "inv")
    with db() as s:
        sent = service.do_send_holds(s, access, case.id, actor=inv, reason="money still in layer 1")
        assert sent.status == "holds_requested"
        assert sent.verified_at is None
        verified = service.do_verify(s, case.id, actor=inv)
        assert verified.status == "holds_requested"
        assert verified.verified_at is not None
        codes = list(s.scalars(select(AuditEvent.code).where(AuditEvent.case_id == case.id)))
    assert "case.holds_sent_early" in codes


def test_a_transition_the_workflow_does_not_allow() -> None:
    from cybersetu.cases.workflow import Status, check_move

    with pytest.raises(TransitionError):
        check_move("holds_requested", Status.VERIFIED)
    check_move("registered", Status.HOLDS_REQUESTED)


def test_acknowledgement_numbers_are_unique_and_gap_free_under_concurrency(
    db: sessionmaker[Session],
) -> None:
    """50 submissions at once (on PostgreSQL really concurrent; SQLite takes turns)."""
    hd = actor(db, "hd_ktw")
    acks: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(50)

    def submit(i: int) -> None:
        data = ComplaintInput("call_1930", "KTW", f"Victim {i}", None, f"UTR 5{i:011d} se 100 gaye")
        try:
            start.wait()
            with db() as s:
                acks.append(service.do_register_complaint(s, None, data, actor=hd).case.ack)
        # A thread's exception is lost unless kept: every one is collected, asserted below.
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(int(a.rsplit("-", 1)[1]) for a in acks)
    assert numbers == list(range(1, 51))
    with db() as s:
        # one event per complaint, and one per test user created (citizens are not created by
        # an action: a one-time code makes them)
        created = sum(role != "citizen" for role, _where in USERS.values())
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 50 + created
    from cybersetu.audit.service import verify_chain

    with db() as s:
        assert verify_chain(s).intact


def test_complaints_registered_together_are_each_what_they_would_be_alone(
    db: sessionmaker[Session], access: LedgerAccess, city_complaints: list[dict[str, Any]]
) -> None:
    """Group commit: four complaints of two actors in one transaction, the last three naming
    the same payments as one of another station."""
    from cybersetu.audit.service import verify_chain
    from cybersetu.outbox.models import OutboxMessage

    c0, c1 = city_complaints[0], city_complaints[3]
    hd, inv = actor(db, "hd_ktw"), actor(db, "inv")
    alone = register(db, access, complaint(c1, station="SWN"), who="hd_swn")
    items = [
        (service.prepare_complaint(access, complaint(c0)), hd),
        (service.prepare_complaint(access, complaint(c1)), inv),
        (service.prepare_complaint(access, complaint(c1)), inv),
        (service.prepare_complaint(access, complaint(c1)), hd),
    ]
    with db() as s:
        done = service.do_register_complaints(s, items)
    cases = [r.case for r in done]
    # consecutive numbers after the one registered alone, in the order given
    assert [int(c.ack.rsplit("-", 1)[1]) for c in cases] == [2, 3, 4, 5]
    first, second, third, _fourth = cases
    assert {t.txn_id for t in first.transactions} == {t["txn_id"] for t in c0["transactions"]}
    assert {t.txn_id for t in second.transactions} == {t.txn_id for t in alone.transactions}
    assert second.transactions
    assert second.stolen_paise == alone.stolen_paise
    assert second.trail is not None
    assert [r.bank for r in second.hold_requests] == [r.bank for r in alone.hold_requests]
    for case in cases:
        assert all(r.reference.startswith(f"CYBER/{case.ack}/") for r in case.hold_requests)
        for r in case.hold_requests:
            assert {a.account for a in r.account_rows} == {a["account"] for a in r.accounts}
    # duplicates: the earlier cases only, as if registered one after the other
    assert done[0].duplicates == []
    assert [d.ack for d in done[1].duplicates] == [alone.ack]
    assert [d.ack for d in done[2].duplicates] == [alone.ack, second.ack]
    # each as its own actor may see them: Kotwali's help desk does not see Swaroop Nagar's
    assert [d.ack for d in done[3].duplicates] == [second.ack, third.ack]
    with db() as s:
        stored = {c.ack: c for c in s.scalars(select(Case))}
        for c in cases:  # the numbers and references as written, not only as told the objects
            assert stored[c.ack].request_ref == c.request_ref
            assert c.request_ref is not None
            assert [r.reference for r in stored[c.ack].hold_requests] == [
                f"{c.request_ref}/{r.bank}" for r in stored[c.ack].hold_requests
            ]
        assert {a: len(c.hold_requests) for a, c in stored.items()} == {
            c.ack: len(c.hold_requests) for c in [alone, *cases]
        }
        by_case = {(e.case_id, e.code): e.actor for e in s.scalars(select(AuditEvent)) if e.case_id}
        assert by_case[(first.id, "case.registered")] == "hd_ktw"
        assert by_case[(second.id, "case.registered")] == "inv"
        assert by_case[(third.id, "case.traced")] == "inv"
        keys = set(s.scalars(select(OutboxMessage.key)))
        assert {f"case.registered:{c.id}" for c in cases} <= keys
        assert verify_chain(s).intact


def test_a_failed_group_leaves_nothing_behind(
    db: sessionmaker[Session], city_complaints: list[dict[str, Any]]
) -> None:
    hd = actor(db, "hd_ktw")
    good = service.prepare_complaint(None, complaint(city_complaints[0]))
    broken = service.prepare_complaint(None, complaint(city_complaints[1]))
    object.__setattr__(broken, "narrative", None)  # NOT NULL in the database
    with db() as s, pytest.raises(Exception):  # noqa: B017, PT011 - the driver's own error
        service.do_register_complaints(s, [(good, hd), (broken, hd)])
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.case_id.is_not(None))) == 0  # fmt: skip
        assert service.do_register_complaint(
            s, None, complaint(city_complaints[0]), actor=hd
        ).case.ack.endswith("-000001")  # the numbers were given back
