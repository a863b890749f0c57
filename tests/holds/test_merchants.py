"""Innocent merchants: money that reached a merchant account is never asked to be frozen. The
merchant's bank gets a lien line (verify the sale first; a lien of the traced amount only), on
the golden-hour clock, and can never hold more than was traced there."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.cases.documents import bank_request
from cybersetu.cases.models import Case, HoldRequest
from cybersetu.cases.service import FieldError
from cybersetu.cases.tracing import DueTimes, request_kind
from cybersetu.holds import service
from cybersetu.holds.scoreboard import bank_scoreboard
from cybersetu.holds.service import OnwardPayment, ResponseInput
from cybersetu.identifiers.account import account_bank
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.letters import render_letter
from tests.holds.test_answers import Sent, _bank_officer, _sent_case


def merchant_of(tiny_city: Path, not_bank: str) -> tuple[str, str]:
    """A merchant account of the tiny city at a bank other than the first one asked."""
    with (tiny_city / "accounts.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            bank = account_bank(row["account_id"])
            if row.get("account_type") == "merchant" and bank and bank.ifsc_prefix != not_bank:
                return row["account_id"], bank.ifsc_prefix
    raise AssertionError("the tiny city has no merchant account")


def _paid_to_merchant(
    db: sessionmaker[Session],
    access: LedgerAccess,
    city_complaints: list[dict[str, Any]],
    tiny_city: Path,
    now: datetime,
) -> tuple[Sent, str, str, int]:
    """A sent case whose first bank says the money moved on to a merchant (bought goods)."""
    sent = _sent_case(db, access, city_complaints)
    merchant, bank = merchant_of(tiny_city, sent.bank)
    end = access.end()
    assert end is not None
    answer = ResponseInput(
        status="moved_on",
        onward=(
            OnwardPayment(
                txn_id=f"SHOP{sent.request_id:09d}",
                ts=end + timedelta(minutes=1),
                amount_paise=sent.traced,
                dst_account=merchant,
                channel="UPI",
                dst_bank=bank,
            ),
        ),
    )
    with db() as s:
        result = service.do_record_response(
            s,
            access,
            sent.request_id,
            answer,
            actor=sent.officer,
            idempotency_key="to-shop",
            due=DueTimes(hold=timedelta(minutes=30)),
            now=now,
        )
    assert len(result.next_requests) == 1
    return sent, merchant, bank, result.next_requests[0]


def test_a_merchant_is_asked_for_a_lien_of_the_traced_amount_on_the_hold_clock(
    db: sessionmaker[Session],
    access: LedgerAccess,
    city_complaints: list[dict[str, Any]],
    tiny_city: Path,
) -> None:
    now = datetime.now(UTC)
    sent, merchant, bank, lien_id = _paid_to_merchant(db, access, city_complaints, tiny_city, now)
    with db() as s:
        lien = s.get(HoldRequest, lien_id)
        assert lien is not None
        assert (lien.bank, lien.kind, lien.status) == (bank, "lien", "sent")
        assert [(a.account, a.action, a.amount_paise) for a in lien.account_rows] == [
            (merchant, "lien", sent.traced)
        ]
        assert lien.accounts[0]["action"] == "lien"
        # The merchant's bank has the golden-hour clock, not a day: settlements leave fast.
        assert lien.due_at is not None
        assert abs((lien.due_at - now) - timedelta(minutes=30)) < timedelta(seconds=1)
        case = s.get(Case, sent.case_id)
        assert case is not None
        # The merchant's money is the merchants part, not the part to hold: counted once.
        assert case.merchants_paise >= sent.traced
        parts = ("to_hold", "cash_out", "merchants", "unknown_banks", "untraced")
        assert sum(getattr(case, f"{p}_paise") for p in parts) == case.stolen_paise
        # The letter to the merchant's bank: do not freeze; verify the sale; a lien only.
        html = render_letter(bank_request(case, lien), lien.reference)
        assert "do NOT freeze the account" in html
        assert "verify the sale first" in html
        assert "खाता फ़्रीज़ न करें" in html


def test_a_merchant_lien_never_exceeds_the_traced_amount_and_does_not_make_a_case_held(
    db: sessionmaker[Session],
    access: LedgerAccess,
    city_complaints: list[dict[str, Any]],
    tiny_city: Path,
) -> None:
    now = datetime.now(UTC)
    sent, _merchant_id, bank, lien_id = _paid_to_merchant(
        db, access, city_complaints, tiny_city, now
    )
    officer = _bank_officer(db, bank, "bank.merchant")
    with db() as s:
        with pytest.raises(FieldError) as more:
            service.do_record_response(
                s,
                access,
                lien_id,
                ResponseInput("held", held_paise=sent.traced + 1, lien_ref="L-1"),
                actor=officer,
                idempotency_key="too-much",
            )
        assert "held_amount" in more.value.errors
    with db() as s:
        service.do_record_response(
            s,
            access,
            lien_id,
            ResponseInput("held", held_paise=sent.traced, lien_ref="L-2"),
            actor=officer,
            idempotency_key="sale-not-genuine",
        )
    with db() as s:
        lien = s.get(HoldRequest, lien_id)
        assert lien is not None
        assert lien.held_paise == sent.traced
        # A lien at a merchant is not money of `to_hold`: it does not count toward it.
        assert service.held_toward_to_hold(lien) == 0
        rows = {r.bank: r for r in bank_scoreboard(s, now)}
        # Nor is the merchant's bank scored on it: a genuine sale rightly holds nothing.
        assert (rows[bank].requested_paise, rows[bank].held_paise) == (0, 0)


def test_a_request_is_a_hold_if_any_line_is_then_a_lien_then_information() -> None:
    assert request_kind(["information", "lien", "hold"]) == "hold"
    assert request_kind(["information", "lien"]) == "lien"
    assert request_kind(["information"]) == "information"
    assert DueTimes().of("lien") == DueTimes().hold
    assert DueTimes().of("information") == DueTimes().information
