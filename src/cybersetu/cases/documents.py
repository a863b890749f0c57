"""What a case hands out: hold requests as the banks receive them (JSON, CSV, letter) and the
trail picture. Drawn from the case as registered; nothing here changes the case."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Final

from cybersetu.cases.models import Case, HoldRequest
from cybersetu.complaints import Complaint, FraudPayment
from cybersetu.errors import InputError
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.requests import BankRequest, RequestedAccount, bank_of
from cybersetu.trail.service import TraceOptions, trace_complaints
from cybersetu.trail.trails import Policy

_PICTURES: OrderedDict[tuple[str, str], str] = OrderedDict()
_PICTURES_LOCK: Final = threading.Lock()
_PICTURES_KEPT: Final = 200


def bank_request(case: Case, hold: HoldRequest) -> BankRequest:
    """The stored request as the trail's `BankRequest`, for the exporters and the letter."""
    first = case.first_payment_at or case.created_at
    as_of = _as_of(case) or case.created_at
    name_hi = bank_of(hold.accounts[0]["account"])[2] if hold.accounts else hold.bank_name
    return BankRequest(
        bank_code=hold.bank,
        bank_name=hold.bank_name,
        bank_name_hi=name_hi,
        first_fraud_at=first,
        as_of=as_of,
        accounts=[
            RequestedAccount(
                account_id=a["account"],
                action=a["action"],
                layer=int(a["layer"]),
                amount=int(a["amount_paise"]),
                by_complaint={case.ack: int(a["amount_paise"])},
                chains=[list(c) for c in a["chains"]],
            )
            for a in hold.accounts
        ],
    )


def _as_of(case: Case) -> datetime | None:
    if not case.trail or not case.trail.get("as_of"):
        return None
    return datetime.fromisoformat(case.trail["as_of"])


def trail_picture(case: Case, access: LedgerAccess | None) -> str:
    """The trail as SVG: traced again from the ledger as of the case's trace (the same trail),
    drawn with Graphviz, kept in memory for the next reader."""
    as_of = _as_of(case)
    if access is None or as_of is None:
        raise InputError("This case has no trail to draw.")
    key = (case.ack, as_of.isoformat())
    with _PICTURES_LOCK:
        if key in _PICTURES:
            _PICTURES.move_to_end(key)
            return _PICTURES[key]
    from cybersetu.trail.draw import trail_svg

    payments = tuple(
        FraudPayment(t.txn_id, t.ts, t.amount_paise, t.victim_account, t.beneficiary)
        for t in case.transactions
        if t.in_ledger
    )
    with access.tracing() as (store, source):
        outcome = trace_complaints(
            store,
            [Complaint(case.ack, payments)],
            TraceOptions(as_of=as_of, policy=Policy.TAINT_FIRST),
            source=source,
        )
    svg = trail_svg(outcome.trail, case.ack)
    with _PICTURES_LOCK:
        _PICTURES[key] = svg
        while len(_PICTURES) > _PICTURES_KEPT:
            _PICTURES.popitem(last=False)
    return svg
