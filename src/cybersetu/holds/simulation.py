"""Simulated banks: the city's hold requests answered late, from the synthetic truth.

A real bank answers a hold request minutes to days after it is sent, and the money does not wait:
a mule forwards it, withdraws it at an ATM or buys gold while the request sits in a queue. This
module plays that out on a synthetic city, so the desk's answer-driven trail can be measured.

- **The truth** of where each complaint's money is at any moment is its trail over the *whole*
  city ledger (the trail engine agrees with the generator's truth to the paisa), replayed in time
  order (`Money`). A hold freezes what it holds: the truth's later payments out of that account
  carry only what is left, so nothing is held twice.
- **The desk** sees only what a real desk would: a ledger with the accounts on the trails and the
  victims' payments (what the victims' banks report), and then whatever the banks answer. Cases
  are registered, verified and sent through the product's own actions; every answer goes through
  `holds.service.do_record_response` as that bank's officer, so the next layer's requests are
  drafted by the product itself.
- **The banks** answer after a delay drawn per request from their category's distribution
  (`DELAYS`), seeded by the request's content, so both policies see the same delay for the same
  request. At the answer time: a lien holds the complaint's money still in the account, up to
  the amount traced there; money that left before is reported as the onward rows (`moved_on`,
  or `withdrawn` for one cash withdrawal).
- **Two policies** under the same delays: `AT_ONCE`, the product (a next-layer request goes out
  the moment the answer that reveals it is recorded), and `ONE_LAYER`, today's process (a person
  reads the bank's reply and raises the next bank's ticket by hand: the request goes out after
  `Delays.handling`). The product is not changed for the second: the simulator only defers when
  the next bank receives the request.

The delays are assumptions, not measurements: see docs/banks.md.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import math
import shutil
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Final

from sqlalchemy import Select, select

from cybersetu.authz.actor import Actor
from cybersetu.cases.models import HoldRequest
from cybersetu.cases.service import (
    ComplaintInput,
    do_register_complaint,
    do_send_holds,
    do_verify,
)
from cybersetu.complaints import Complaint
from cybersetu.errors import InputError
from cybersetu.holds.service import OnwardPayment, ResponseInput, Withdrawal, do_record_response
from cybersetu.identifiers.banks import BANKS_BY_PREFIX, BankCategory
from cybersetu.interchange import TRANSACTION_COLUMNS
from cybersetu.ledger import LedgerStore, ingest, open_store
from cybersetu.ledger.store import Transaction
from cybersetu.officers.roles import Role
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.service import ComplaintTrail
from cybersetu.trail.trails import Edge, Trail

#: Channels on which money leaves as cash (the trail's convention).
CASH_CHANNELS: Final = frozenset({"ATM", "CASH", "AEPS"})


@dataclass(frozen=True)
class Delay:
    """A log-normal delay: half the answers come before `median`; `sigma` sets the spread
    (1.0: a tenth of the answers take more than 3.6 times the median)."""

    median: timedelta
    sigma: float

    def draw(self, u: float) -> timedelta:
        """The delay at quantile `u` of (0, 1)."""
        z = statistics.NormalDist().inv_cdf(min(max(u, 1e-9), 1 - 1e-9))
        return self.median * math.exp(self.sigma * z)


#: Assumed answer delays by kind of bank. Big private banks run 24x7 fraud desks wired to the
#: national portal (minutes); public sector banks answer through a central cell in office hours
#: (hours); small finance and payments banks have small teams (most of a working day);
#: co-operative and regional rural banks often answer by letter or e-mail from the branch
#: (days). Not measured: no bank publishes these times, which is why the desk's scoreboard exists.
DELAYS: Final[dict[BankCategory | None, Delay]] = {
    BankCategory.PRIVATE: Delay(timedelta(minutes=25), 0.9),
    BankCategory.PUBLIC: Delay(timedelta(hours=4), 0.9),
    BankCategory.SMALL_FINANCE: Delay(timedelta(hours=8), 0.8),
    BankCategory.PAYMENTS: Delay(timedelta(hours=8), 0.8),
    BankCategory.COOPERATIVE: Delay(timedelta(days=2), 0.6),
    BankCategory.REGIONAL_RURAL: Delay(timedelta(days=2), 0.6),
    None: Delay(timedelta(days=1), 0.8),  # a bank we know nothing of
}
#: Today's process: a cyber-cell constable reads a bank's reply on the portal or in the mail and
#: raises the next bank's ticket by hand, in office hours, among other work (assumed).
HANDLING: Final = Delay(timedelta(hours=3), 0.8)


def _uniform(seed: int, *parts: str) -> float:
    """A number in (0, 1) from the seed and the parts alone (no shared random state), so the
    same request gets the same delay whatever else happens in the run."""
    digest = hashlib.sha256("\x1f".join((str(seed), *parts)).encode()).digest()
    return (int.from_bytes(digest[:8], "big") + 0.5) / 2**64


@dataclass(frozen=True)
class Delays:
    seed: int = 7
    by_category: dict[BankCategory | None, Delay] = field(default_factory=lambda: dict(DELAYS))
    handling_delay: Delay = HANDLING

    def answer(self, bank: str, key: str) -> timedelta:
        known = BANKS_BY_PREFIX.get(bank)
        delay = self.by_category.get(known.category if known else None, DELAYS[None])
        return delay.draw(_uniform(self.seed, "answer", bank, key))

    def handling(self, key: str) -> timedelta:
        return self.handling_delay.draw(_uniform(self.seed, "handling", key))


class Policy(StrEnum):
    AT_ONCE = "at_once"
    """CyberSetu: a request goes out the moment the answer that reveals it is recorded."""
    ONE_LAYER = "one_layer"
    """Today: the next bank's ticket is raised by hand after the previous bank's reply."""


class Money:
    """Where one complaint's money is, replayed from its trail in time order, with the holds the
    banks put on it. Amounts are paise; `total` is what the victims paid in all."""

    def __init__(self, trail: Trail) -> None:
        self.seeds = {s.txn_id for s in trail.seeds}
        self.total = trail.seed_amount
        self._edges: list[Edge] = sorted(trail.edges, key=lambda e: e.txn.key)
        self._next = 0
        self.now: datetime | None = None
        self.balance: defaultdict[str, int] = defaultdict(int)
        self.inflow: defaultdict[str, int] = defaultdict(int)
        """Money that reached each account so far (cumulative)."""
        self.out: defaultdict[str, int] = defaultdict(int)
        """Money that left each account so far (cumulative)."""
        self.rows_out: defaultdict[str, list[Edge]] = defaultdict(list)
        self.paid = 0
        """What the victims had paid by `now`."""
        self.cashed = 0
        self.frozen = 0
        self.frozen_at: defaultdict[str, int] = defaultdict(int)

    def advance(self, until: datetime) -> None:
        """Apply the truth's payments up to `until`. A payment out of an account carries at most
        what is left there after the holds (the truth does not know about them)."""
        while self._next < len(self._edges) and self._edges[self._next].txn.ts <= until:
            e = self._edges[self._next]
            self._next += 1
            t = e.txn
            if t.txn_id in self.seeds:
                carried = e.tainted  # from the victim: no balance of the complaint to draw on
                self.paid += carried
            else:
                carried = min(e.tainted, self.balance[t.src])
                self.balance[t.src] -= carried
                self.out[t.src] += carried
                self.rows_out[t.src].append(e)
            if t.channel in CASH_CHANNELS:
                self.cashed += carried
            else:
                self.balance[t.dst] += carried
                self.inflow[t.dst] += carried
        self.now = until if self.now is None else max(self.now, until)

    def freeze(self, account: str, amount: int) -> None:
        take = min(amount, self.balance[account])
        self.balance[account] -= take
        self.frozen += take
        self.frozen_at[account] += take

    def accounted(self) -> int:
        """Everything the money paid so far became: equals `paid` (money is conserved)."""
        return sum(self.balance.values()) + self.cashed + self.frozen


@dataclass
class Asked:
    """A request as the simulator tracks it: when the bank got it, and when its complaint came."""

    request_id: int
    case_id: int
    bank: str
    layer: int
    complaint_at: datetime
    sent_at: datetime


@dataclass(frozen=True)
class Answered:
    request_id: int
    bank: str
    layer: int
    status: str
    held_paise: int
    sent_at: datetime
    answered_at: datetime
    complaint_at: datetime

    @property
    def to_hold(self) -> timedelta:
        """From the complaint to this answer."""
        return self.answered_at - self.complaint_at


@dataclass(frozen=True)
class BankLine:
    bank: str
    requests: int
    held: int
    """Answers that held money."""
    held_paise: int
    median_to_hold: timedelta | None
    """From the complaint to the hold, over the answers that held money."""
    median_answer: timedelta


@dataclass
class SimResult:
    policy: Policy
    cases: int
    stolen_paise: int
    held_paise: int
    answers: list[Answered]
    refusals: list[str] = field(default_factory=list)
    """Answers the desk refused, with its reason (none expected; kept rather than hidden)."""
    withdrawn_paise: int = 0
    """Money withdrawn as cash by the time the last bank answered."""

    @property
    def refused(self) -> int:
        return len(self.refusals)

    @property
    def share(self) -> float:
        return self.held_paise / self.stolen_paise if self.stolen_paise else 0.0

    def by_bank(self) -> list[BankLine]:
        groups: defaultdict[str, list[Answered]] = defaultdict(list)
        for a in self.answers:
            groups[a.bank].append(a)
        lines = []
        for bank, answers in groups.items():
            held = [a for a in answers if a.held_paise > 0]
            lines.append(
                BankLine(
                    bank,
                    len(answers),
                    len(held),
                    sum(a.held_paise for a in held),
                    _median([a.to_hold for a in held]),
                    _median([a.answered_at - a.sent_at for a in answers]) or timedelta(0),
                )
            )
        return sorted(lines, key=lambda b: (-b.held_paise, b.bank))


def _median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def officer(bank: str) -> Actor:
    """The bank's nodal officer as an actor (the simulation's desk has no sign-ins)."""
    return Actor(None, f"bank.{bank.lower()}", Role.BANK_OFFICER, bank=bank)


def still_there(accounts: Iterable[tuple[str, int]], money: Money, city: set[str]) -> int:
    """What a lien catches at the request's accounts (account, amount traced there) at
    `money.now`: the complaint's money in the account, up to the amount traced there (a bank
    marks a lien of the amount asked on what the account holds). Unless more of the money
    reaches the account in between, a later answer never finds more: money only leaves.
    Accounts outside the city's data are not counted (see `decide`)."""
    return sum(
        min(traced, money.balance[account]) for account, traced in accounts if account in city
    )


def decide(
    request: HoldRequest,
    money: Money,
    rows: dict[str, Transaction],
    city: set[str],
) -> ResponseInput:
    """The bank's answer at `money.now`: a lien on what is still there (`still_there`), or the
    rows of the money that left (every payment out of the accounts that carried the complaint's
    money, as the bank's statement shows them). One answer per request: when money is both
    still there and gone, the bank answers with the larger part (the desk records a hold or
    onward rows, not both)."""
    still = still_there([(a.account, a.amount_paise) for a in request.account_rows], money, city)
    still = min(still, request.amount_paise)
    accounts = {a.account for a in request.account_rows}
    gone = [e for acc in sorted(accounts) for e in money.rows_out[acc]]
    moved = sum(money.out[acc] for acc in accounts)
    if still > 0 and (still >= moved or not gone):
        return ResponseInput(status="held", held_paise=still, lien_ref=f"SIM-{request.id}")
    if not gone:
        return ResponseInput(status="no_balance")
    onward = []
    for e in gone[:500]:
        t = e.txn
        row = rows.get(t.txn_id)
        onward.append(
            OnwardPayment(
                txn_id=t.txn_id,
                ts=t.ts,
                amount_paise=t.amount,
                dst_account=t.dst,
                channel=t.channel,
                src_account=t.src if len(accounts) > 1 else None,
                dst_bank=row.dst_bank if row is not None and row.dst_bank else None,
            )
        )
    if len(onward) == 1 and len(accounts) == 1 and onward[0].channel in CASH_CHANNELS:
        o = onward[0]
        return ResponseInput(
            status="withdrawn", withdrawn=Withdrawal(o.dst_account, o.ts, o.amount_paise)
        )
    return ResponseInput(status="moved_on", onward=tuple(onward))


def _hold_applied(request: HoldRequest, money: Money, held: int) -> None:
    """Freeze what was held in the truth, account by account, in the request's order."""
    left = held
    for a in request.account_rows:
        if left <= 0:
            break
        take = min(left, money.balance[a.account])
        money.freeze(a.account, take)
        left -= take


def _write_city_part(
    accounts_csv: Path, trails: Iterable[ComplaintTrail], store: LedgerStore, folder: Path
) -> tuple[list[Path], dict[str, Transaction], set[str]]:
    """The desk's starting ledger: the accounts on the trails (their KYC rows as the city has
    them) and the victims' payments, which the victims' banks report with the complaint."""
    on_trails: set[str] = set()
    txn_ids: set[str] = set()
    seeds: set[str] = set()
    for ct in trails:
        for e in ct.trail.edges:
            on_trails.update((e.txn.src, e.txn.dst))
            txn_ids.add(e.txn.txn_id)
        seeds.update(s.txn_id for s in ct.trail.seeds)
    rows = {t.txn_id: t for t in store.transactions_by_id(sorted(txn_ids | seeds))}
    city: set[str] = set()
    acc_out = folder / "accounts.csv"
    with (
        accounts_csv.open(newline="", encoding="utf-8") as src,
        acc_out.open("w", newline="", encoding="utf-8") as dst,
    ):
        reader = csv.reader(src)
        header = next(reader)
        writer = csv.writer(dst)
        writer.writerow(header)
        for line in reader:
            if line and line[0] in on_trails:
                writer.writerow(line)
                city.add(line[0])
    txn_out = folder / "transactions.csv"
    with txn_out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(TRANSACTION_COLUMNS)
        for txn_id in sorted(seeds):
            t = rows.get(txn_id)
            if t is None:
                continue
            record = {
                "txn_id": t.txn_id,
                "ts": t.ts.isoformat(),
                "src_account": t.src_account,
                "dst_account": t.dst_account,
                "amount": f"{t.amount_paise // 100}.{t.amount_paise % 100:02d}",
                "channel": t.channel.value,
                "src_bank": t.src_bank or "",
                "dst_bank": t.dst_bank or "",
                "currency": t.currency,
                "remarks": t.remarks or "",
            }
            writer.writerow([record.get(c, "") for c in TRANSACTION_COLUMNS])
    return [acc_out, txn_out], rows, city


def simulate(
    trails: Sequence[ComplaintTrail],
    *,
    city_store: LedgerStore,
    accounts_csv: Path,
    folder: Path,
    policy: Policy = Policy.AT_ONCE,
    delays: Delays = Delays(),
    to_input: Callable[[Complaint], ComplaintInput],
    say: Callable[[str], None] | None = None,
) -> SimResult:
    """Register the complaints of `trails` at a fresh desk (in `folder`, replaced), send their
    requests when each complaint arrives, and let the banks answer in time order until no
    request is open. `trails` are the complaints' shares of a trace over the whole city ledger
    (`city_store`): the truth the banks answer from. `to_input` turns a complaint into what the
    help desk types in."""
    from cybersetu.db.migrate import upgrade
    from cybersetu.db.session import make_engine, session_factory

    say = say or (lambda _m: None)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files, rows, city = _write_city_part(accounts_csv, trails, city_store, folder)
    url = f"sqlite:///{folder / 'desk.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    db = session_factory(engine)
    system = Actor.system("bank-simulation")
    store = open_store(folder / "ledger.duckdb")
    access = LedgerAccess(lambda: store)
    try:
        ingest(store, files, errors_dir=folder / "errors")
        monies: dict[int, Money] = {}
        asked: dict[int, Asked] = {}
        queue: list[tuple[datetime, int, str, int]] = []
        pending: dict[int, datetime] = {}
        """Requests whose sending is deferred (one layer at a time): their complaint's time."""
        seq = 0

        def key_of(r: HoldRequest) -> str:
            # The same request (case, bank, accounts) has the same delay under either policy.
            return "|".join((r.case.ack, r.bank, *sorted(a.account for a in r.account_rows)))

        def send(r: HoldRequest, at: datetime, complaint_at: datetime) -> None:
            nonlocal seq
            money = monies[r.case_id]
            money.advance(at)
            asked[r.id] = Asked(
                r.id,
                r.case_id,
                r.bank,
                r.layer,
                complaint_at,
                at,
            )
            seq += 1
            heapq.heappush(queue, (at + delays.answer(r.bank, key_of(r)), seq, "answer", r.id))

        stolen = 0
        registered = 0
        ordered = sorted(trails, key=lambda ct: _arrived(ct.complaint, ct.trail))
        # Complaints reach the desk at their own times, among the banks' answers: a case must
        # not exist (nor be traced again by another case's answer) before its victim called.
        for n, ct in enumerate(ordered):
            seq += 1
            heapq.heappush(queue, (_arrived(ct.complaint, ct.trail), seq, "register", n))
        answers: list[Answered] = []
        refusals: list[str] = []
        say(f"Simulated banks: {len(ordered)} complaints ({policy.value})")
        while queue:
            at, _, kind, number = heapq.heappop(queue)
            if kind == "register":
                ct = ordered[number]
                with db() as s:
                    case = do_register_complaint(
                        s, access, to_input(ct.complaint), actor=system
                    ).case
                    case_id = case.id
                    if not case.hold_requests:
                        continue
                    do_verify(s, case_id, actor=system)
                    do_send_holds(s, access, case_id, actor=system)
                monies[case_id] = Money(ct.trail)
                stolen += ct.trail.seed_amount
                registered += 1
                with db() as s:
                    for first_layer in s.scalars(_sent_of(case_id)):
                        send(first_layer, at, at)
                continue
            request_id = number
            with db() as s:
                r = s.get(HoldRequest, request_id)
                if r is None or r.status != "sent":
                    continue
                if kind == "send":
                    send(r, at, pending.pop(request_id))
                    continue
                a = asked[request_id]
                money = monies[r.case_id]
                money.advance(at)
                answer = decide(r, money, rows, city)
                try:
                    result = do_record_response(
                        s,
                        access,
                        request_id,
                        answer,
                        actor=officer(r.bank),
                        idempotency_key=f"sim-{request_id}",
                        now=at,
                    )
                except InputError as exc:
                    refusals.append(f"{r.bank} request {request_id} ({answer.status}): {exc}")
                    continue
                held = answer.held_paise or 0
                if held:
                    _hold_applied(r, money, held)
                answers.append(
                    Answered(
                        request_id,
                        r.bank,
                        r.layer,
                        answer.status,
                        held,
                        a.sent_at,
                        at,
                        a.complaint_at,
                    )
                )
                complaint_at = a.complaint_at
                for nid in result.next_requests:
                    nxt = s.get(HoldRequest, nid)
                    if nxt is None or nxt.status != "sent" or nxt.case_id not in monies:
                        continue
                    when = at
                    if policy is Policy.ONE_LAYER:
                        when = at + delays.handling(key_of(nxt))
                    # The next request's own complaint time: another case's request found
                    # through this answer keeps its case's complaint time.
                    first = next(
                        (q.complaint_at for q in asked.values() if q.case_id == nxt.case_id),
                        complaint_at,
                    )
                    if when == at:
                        send(nxt, at, first)
                    else:
                        seq += 1
                        pending[nid] = first
                        heapq.heappush(queue, (when, seq, "send", nid))
        withdrawn = sum(m.cashed for m in monies.values())
        return SimResult(
            policy,
            registered,
            stolen,
            sum(a.held_paise for a in answers),
            answers,
            refusals,
            withdrawn,
        )
    finally:
        access.close()
        engine.dispose()


def _sent_of(case_id: int) -> Select[HoldRequest]:
    return (
        select(HoldRequest)
        .where(HoldRequest.case_id == case_id, HoldRequest.status == "sent")
        .order_by(HoldRequest.id)
    )


def _arrived(c: Complaint, trail: Trail) -> datetime:
    """When the complaint reaches the desk (never before its last payment)."""
    last = max((s.ts for s in trail.seeds), default=None)
    got = c.received_at.astimezone(UTC) if c.received_at else last
    if got is None:
        raise InputError(f"The complaint {c.complaint_id} has no time.")
    return max(got, last) if last else got
