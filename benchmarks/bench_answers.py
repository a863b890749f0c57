"""A bank's answer → the next layer's requests drafted: how long the bank waits.

On the 1M-transaction synthetic city (made and loaded into var/bench if missing; the ledger is
copied, since answers add rows to it): N of the city's complaints are registered as cases on a
SQLite desk, verified and their requests sent. Then, for each case, the bank of a request that
holds money at one account answers `moved_on` to an account at another bank, through the
domain action `do_record_response` (check, rows into the ledger, trace again, draft and send the
next layer, audit), p50/p95. The baseline in the same run is the trace alone
(`trace_again` on the same case, over the same ledger), so the ratio is what recording the
answer, loading its row and drafting the next layer add.

    python -m benchmarks answers [--accounts 50000] [--cases 100]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.bench_desk import percentile, summary
from benchmarks.bench_trail import city
from cybersetu.authz.actor import Actor
from cybersetu.cases.models import Case, HoldRequest
from cybersetu.cases.service import ComplaintInput, do_register_complaint, do_send_holds, do_verify
from cybersetu.cases.tracing import trace_again
from cybersetu.complaints import read_complaints
from cybersetu.db.migrate import upgrade
from cybersetu.db.session import make_engine, session_factory
from cybersetu.holds.service import OnwardPayment, ResponseInput, do_record_response
from cybersetu.ledger import open_store
from cybersetu.officers.service import actor_of, do_create_user
from cybersetu.trail.access import LedgerAccess

PASSWORD = "benchmark password"
NEXT_BANK = "KKBK"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks answers")
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--cases", type=int, default=100)
    args = parser.parse_args(argv)
    folder, store = city(args.accounts)
    work = Path(tempfile.mkdtemp(prefix="bench-answers-"))
    try:
        run(folder, store, work, args.cases)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(folder: Path, store: Path, work: Path, n: int) -> None:
    ledger = work / "ledger.duckdb"
    shutil.copy(store, ledger)
    index = store.with_name(store.name.removesuffix(".duckdb") + ".trail-index")
    if index.exists():
        shutil.copytree(index, work / "ledger.trail-index")
    url = f"sqlite:///{work / 'desk.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    db = session_factory(engine)
    system = Actor.system("bench")
    access = LedgerAccess(lambda: open_store(ledger))
    officers: dict[str, Actor] = {}
    targets: list[tuple[int, int, str, int]] = []  # case id, request id, account, traced
    t0 = time.perf_counter()
    for c in read_complaints(folder / "complaints.jsonl"):
        if len(targets) >= n:
            break
        data = ComplaintInput(
            channel="help_desk",
            station=c.station or "KTW",
            complainant_name="bench",
            complainant_mobile=None,
            narrative=c.narrative,
            transactions=c.payments,
        )
        with db() as s:
            case = do_register_complaint(s, access, data, actor=system).case
            one = [
                r
                for r in case.hold_requests
                if r.kind == "hold" and len(r.account_rows) == 1 and r.bank != NEXT_BANK
            ]
            if not one:
                continue
            do_verify(s, case.id, actor=system)
            do_send_holds(s, access, case.id, actor=system)
            r = one[0]
            targets.append((case.id, r.id, r.account_rows[0].account, r.amount_paise))
            if r.bank not in officers:
                with db() as s2:
                    officers[r.bank] = actor_of(
                        do_create_user(
                            s2,
                            actor=system,
                            username=f"bank.{r.bank.lower()}",
                            role="bank_officer",
                            password=PASSWORD,
                            bank=r.bank,
                        )
                    )
    print(
        f"  {len(targets)} cases registered, verified and sent in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    # The baseline: tracing each case again, as the answer will.
    base = []
    for case_id, *_ in targets:
        with db() as s:
            again = s.get(Case, case_id)
            assert again is not None
            t = time.perf_counter()
            trace_again(again, access)
            base.append((time.perf_counter() - t) * 1000)
    print(summary("trace the case again (baseline)", base), flush=True)
    end = access.end()
    assert end is not None
    answer_ms = []
    drafted = 0
    for k, (case_id, request_id, account, traced) in enumerate(targets):
        with db() as s:
            request = s.get(HoldRequest, request_id)
            assert request is not None
            officer = officers[request.bank]
        answer = ResponseInput(
            "moved_on",
            onward=(
                OnwardPayment(
                    txn_id=f"BENCHONW{k:08d}",
                    ts=end + timedelta(minutes=1 + k),
                    amount_paise=traced,
                    dst_account=f"KKBK0004567:77{case_id:08d}",
                    channel="IMPS",
                    src_account=account,
                    dst_bank=NEXT_BANK,
                ),
            ),
        )
        with db() as s:
            t = time.perf_counter()
            result = do_record_response(
                s, access, request_id, answer, actor=officer, idempotency_key=f"bench-{k}"
            )
            answer_ms.append((time.perf_counter() - t) * 1000)
        drafted += len(result.next_requests) > 0
    print(summary("answer moved_on → next layer drafted and sent", answer_ms), flush=True)
    print(f"  next layer drafted for {drafted} of {len(targets)} answers", flush=True)
    print(
        f"  ratio to the trace alone at p95: "
        f"{percentile(answer_ms, 0.95) / percentile(base, 0.95):.2f}x",
        flush=True,
    )
    access.close()
    engine.dispose()
