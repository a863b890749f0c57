"""What the victim is told, and when: at registration, at each hold, at each restoration credit.

Each notice is queued in the transaction of the action it tells about, keyed by that event, so
that a replayed answer or a retried request never sends it twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cybersetu.cases.models import Case, HoldRequest
from cybersetu.i18n.format import money
from cybersetu.outbox.service import Message, enqueue, enqueue_all


def victim_locale(case: Case) -> str:
    """Hindi for a complaint told in Hindi or Hinglish (Devanagari reads to both), else
    English."""
    return "hi" if case.language in ("hi", "hinglish") else "en"


def registered_all(session: Session, cases: Sequence[Case]) -> None:
    """The acknowledgement, to each complainant who gave a mobile number."""
    enqueue_all(
        session,
        [
            Message(
                key=f"case.registered:{case.id}",
                recipient=case.complainant_mobile,
                code="case.registered",
                params={"ack": case.ack},
                locale=victim_locale(case),
                case_id=case.id,
            )
            for case in cases
            if case.complainant_mobile
        ],
    )


def held(session: Session, case: Case, request: HoldRequest) -> None:
    if case.complainant_mobile and request.held_paise > 0:
        enqueue(
            session,
            key=f"hold.held:{request.id}",
            recipient=case.complainant_mobile,
            code="hold.held",
            params={
                "ack": case.ack,
                "bank": request.bank_name,
                "amount": money(request.held_paise),
            },
            locale=victim_locale(case),
            case_id=case.id,
        )


def credited(session: Session, case: Case, credit_id: int, *, bank: str, amount: int) -> None:
    """A bank confirmed it credited held money back to the victim (restoration)."""
    if case.complainant_mobile and amount > 0:
        enqueue(
            session,
            key=f"restoration.credited:{credit_id}",
            recipient=case.complainant_mobile,
            code="restoration.credited",
            params={"ack": case.ack, "bank": bank, "amount": money(amount)},
            locale=victim_locale(case),
            case_id=case.id,
        )
