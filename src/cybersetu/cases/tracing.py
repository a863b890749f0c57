"""Tracing a case's money and turning the trail into the case's hold requests.

Registration traces the payments a complaint names; a bank's answer (money moved on) traces the
case again over the rows the bank sent. Both end here, so the totals, the trail and the requests
of a case always come from one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from cybersetu.cases.models import Case, HoldAccount, HoldRequest
from cybersetu.complaints import Complaint, FraudPayment
from cybersetu.errors import InputError
from cybersetu.i18n import N_
from cybersetu.intake.results import Analysis, Kind
from cybersetu.ledger.store import LedgerStore
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.export import trail_to_dict
from cybersetu.trail.requests import HOLD, INFORMATION, LIEN
from cybersetu.trail.service import TraceOptions, trace_complaints
from cybersetu.trail.source import TxnSource
from cybersetu.trail.trails import EndKind


@dataclass(frozen=True)
class DueTimes:
    """How long a bank has to answer, by kind of request (MHA SOP: the golden hour for a hold;
    a day for information). A merchant's lien request is on the hold clock: the money reached
    the merchant and settles out of its account within hours, so the sale must be verified
    (and, if it is not genuine, the lien marked) before then, not in a day."""

    hold: timedelta = timedelta(hours=1)
    information: timedelta = timedelta(hours=24)

    def of(self, kind: str) -> timedelta:
        return self.hold if kind in (HOLD, LIEN) else self.information


TOTALS: Final = ("stolen", "to_hold", "cash_out", "merchants", "unknown_banks", "untraced")
"""The parts of a trail a case keeps in rupees (`Case.<part>_paise`); they add up to stolen."""


@dataclass
class Traced:
    payments: list[FraudPayment]
    in_ledger: set[str]
    trail: dict[str, Any] | None = None
    totals: dict[str, int] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    as_of: datetime | None = None
    note: str | None = None


def trace_new(
    transactions: Iterable[FraudPayment] | None, access: LedgerAccess | None, analysis: Analysis
) -> Traced:
    """A complaint being registered: its payments, or the narrative's UTRs found in the ledger."""
    if access is None:
        return _unconnected(list(transactions or ()))
    with access.tracing() as (store, source):
        # Lookups by UTR go through the trail source (the index in memory), not a query.
        if transactions is not None:
            payments = list(transactions)
        else:
            found = source.get_txns(analysis.values(Kind.UTR))
            payments = [
                FraudPayment(t.txn_id, t.ts, t.amount, t.src, t.dst) for t in found.values()
            ]
        return _trace(store, source, access.end(), payments)


def trace_again(case: Case, access: LedgerAccess | None) -> Traced:
    """A registered case, over the ledger as it is now (for example after a bank's answer)."""
    payments = [
        FraudPayment(t.txn_id, t.ts, t.amount_paise, t.victim_account, t.beneficiary)
        for t in case.transactions
    ]
    if access is None:
        return _unconnected(payments)
    with access.tracing() as (store, source):
        return _trace(store, source, access.end(), payments)


def _unconnected(payments: list[FraudPayment]) -> Traced:
    unknown = sum(p.amount_paise or 0 for p in payments)
    totals = {"stolen": unknown, "untraced": unknown}
    return Traced(payments, set(), totals=totals, note=N_("The ledger is not connected."))


def _trace(
    store: LedgerStore, source: TxnSource, as_of: datetime | None, payments: list[FraudPayment]
) -> Traced:
    known = set(source.get_txns([p.txn_id for p in payments]))
    traced = Traced(payments, known)
    # What the ledger does not have yet is reported stolen and untraced, so that the parts of
    # the trail still add up to what the complaint says was stolen.
    unknown = sum(p.amount_paise or 0 for p in payments if p.txn_id not in known)
    traced.totals = {"stolen": unknown, "untraced": unknown}
    if not known:
        traced.note = (
            N_("None of the complaint's payments is in the ledger yet.")
            if payments
            else N_("The complaint names no payment (UTR) yet.")
        )
        return traced
    complaint = Complaint(
        "new",
        tuple(p for p in payments if p.txn_id in known),
    )
    try:
        outcome = trace_complaints(store, [complaint], TraceOptions(as_of=as_of), source=source)
    except InputError as exc:
        traced.note = str(exc)
        return traced
    mine = outcome.complaints[0]
    t = mine.trail
    traced.as_of = t.as_of
    traced.trail = trail_to_dict(t, mine.requests)
    traced.totals = {
        "stolen": t.seed_amount + traced.totals["stolen"],
        "to_hold": t.total(EndKind.HOLD),
        "cash_out": t.total(EndKind.CASH_OUT),
        "merchants": t.total(EndKind.MERCHANT),
        "unknown_banks": t.total(EndKind.FRONTIER),
        "untraced": t.untraced_total + traced.totals["untraced"],
    }
    traced.requests = [
        {
            "bank": r.bank_code,
            "bank_name": r.bank_name,
            "amount": r.total,
            "accounts": [
                {
                    "account": a.account_id,
                    "action": a.action,
                    "layer": a.layer,
                    "amount_paise": a.amount,
                    "chains": a.chains,
                }
                for a in r.accounts
            ],
        }
        for r in mine.requests
    ]
    return traced


def apply_totals(case: Case, traced: Traced, now: datetime) -> None:
    """The case's trail and its five parts, from a trace."""
    for k, v in traced.totals.items():
        setattr(case, f"{k}_paise", v)
    if traced.trail is not None:
        case.trail = traced.trail
        case.traced_at = now
    case.trace_note = traced.note


def request_kind(actions: Iterable[str]) -> str:
    """A request's kind from its accounts' actions: `hold` when any money is to be held outright,
    else `lien` when a merchant is to verify a sale, else `information`."""
    present = set(actions)
    return next((k for k in (HOLD, LIEN) if k in present), INFORMATION)


def request_values(drafted: dict[str, Any], accounts: list[dict[str, Any]]) -> dict[str, Any]:
    """The columns of one bank's request for the given accounts of a drafted request (all of
    them at registration; the new ones when a case is traced again)."""
    return {
        "bank": drafted["bank"],
        "bank_name": drafted["bank_name"],
        "amount_paise": sum(int(a["amount_paise"]) for a in accounts),
        "accounts": accounts,
        "reference": "",
        "layer": min(int(a["layer"]) for a in accounts),
        "kind": request_kind([str(a["action"]) for a in accounts]),
    }


def account_values(account: dict[str, Any]) -> dict[str, Any]:
    """The columns of one account row of a request."""
    return {
        "account": account["account"],
        "layer": int(account["layer"]),
        "action": account["action"],
        "amount_paise": int(account["amount_paise"]),
    }


def hold_request(
    case: Case, drafted: dict[str, Any], accounts: list[dict[str, Any]]
) -> HoldRequest:
    """One bank's request, as objects to add to the session."""
    request = HoldRequest(**request_values(drafted, accounts))
    request.account_rows = [HoldAccount(case=case, **account_values(a)) for a in accounts]
    return request


def new_requests(case: Case, traced: Traced) -> list[HoldRequest]:
    """The requests of a new trace that ask about accounts the case has not asked about yet
    (of that bank): the next layer, once a bank says where the money went."""
    asked = {(r.bank, a.account) for r in case.hold_requests for a in r.account_rows}
    out = []
    for drafted in traced.requests:
        fresh = [a for a in drafted["accounts"] if (drafted["bank"], a["account"]) not in asked]
        if fresh:
            out.append(hold_request(case, drafted, fresh))
    return out


def due_times(hold_minutes: int, information_hours: int) -> DueTimes:
    return DueTimes(timedelta(minutes=hold_minutes), timedelta(hours=information_hours))
