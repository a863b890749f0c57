"""A frozen account answered with the trail: which complaint's traced money reached it, how
much stopped there, and the bank letter (English and Hindi) limiting the lien or releasing all."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.cases import service as cases
from cybersetu.cases.models import Case
from cybersetu.grievances import service
from cybersetu.grievances.frozen import lien_letter, normalise_account, trail_answer
from cybersetu.grievances.service import GrievanceInput
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.letters import money
from tests.cases.conftest import access, city_complaints
from tests.cases.test_register import complaint

__all__ = ["access", "city_complaints"]  # the ledger and the city's complaints, as fixtures


def _traced_case(
    db: sessionmaker[Session], access: LedgerAccess, complaints: list[dict[str, Any]], who: Actor
) -> Case:
    for c in complaints:
        with db() as s:
            case = cases.do_register_complaint(s, access, complaint(c), actor=who).case
        if case.trail and case.trail.get("holds"):
            return case
    raise AssertionError("no complaint of the tiny city with money still to hold")


def test_the_answer_and_the_letter(
    db: sessionmaker[Session],
    as_user: dict[str, Actor],
    access: LedgerAccess,
    city_complaints: list[dict[str, Any]],
) -> None:
    case = _traced_case(db, access, city_complaints, as_user["hd_ktw"])
    assert case.trail is not None
    hold = case.trail["holds"][0]
    account = hold["account_id"]
    with db() as s:
        answer = trail_answer(s, account.lower() if "@" in account else account)
    assert answer.reached
    [mine] = [c for c in answer.complaints if c.ack == case.ack]
    assert mine.in_account_paise == round(hold["amount"] * 100)
    assert mine.received_paise >= mine.in_account_paise
    with db() as s:
        g = service.do_file_grievance(
            s,
            GrievanceInput("frozen_account", "Whole account frozen", "KTW", account=account),
            actor=as_user["tr_ktw"],
        )
    letter = lien_letter(g, answer)
    assert f"limit the lien to ₹{money(answer.lien_paise)}" in letter
    assert f"लियन को ₹{money(answer.lien_paise)} तक सीमित करें" in letter
    assert case.ack in letter


def test_an_account_no_traced_money_reached_is_released(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    with db() as s:
        answer = trail_answer(s, "sbin0001234:99990000111")
        g = service.do_file_grievance(
            s,
            GrievanceInput("frozen_account", "Frozen", "KTW", account="SBIN0001234:99990000111"),
            actor=as_user["tr_ktw"],
        )
    assert not answer.reached
    assert answer.account == "SBIN0001234:99990000111"
    letter = lien_letter(g, answer)
    assert "release the account in full" in letter
    assert "खाते को पूरी तरह मुक्त करें" in letter


def test_account_ids_are_written_as_the_ledger_writes_them() -> None:
    assert normalise_account(" sbin0001234:3001 ") == "SBIN0001234:3001"
    assert normalise_account("Shop.Owner@OKSBI") == "shop.owner@oksbi"
