"""₹ held when every layer is requested the moment it is known (CyberSetu) against one layer at a
time (today), under the same simulated bank delays.

On a synthetic city (made and loaded into var/bench if missing; it is only read), the N latest
complaints with money traced to an account are played out twice by `holds.simulation`: a fresh
desk and ledger each time, the complaints registered, verified and sent when they arrive, and
simulated banks answering after their seeded delays from where the money really is by then,
through `do_record_response`. Policy `at_once` is the product (the next layer's requests go out
with the answer that reveals them); `one_layer` is the baseline in the same run: the next bank's
request goes out only after a person has handled the previous bank's reply
(`holds.simulation.HANDLING`). The delays are assumptions (docs/banks.md).

    python -m benchmarks banks [--accounts 20000] [--cases 40] [--seed 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.bench_trail import city
from cybersetu.complaints import read_complaints
from cybersetu.complaints.model import linked
from cybersetu.demo import complaint_input
from cybersetu.holds.simulation import Delays, Policy, SimResult, simulate
from cybersetu.ledger import open_store
from cybersetu.ledger.money import format_inr
from cybersetu.trail.service import trace_complaints


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks banks")
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7, help="seed of the banks' delays")
    args = parser.parse_args(argv)
    folder, store_path = city(args.accounts)
    work = Path(tempfile.mkdtemp(prefix="bench-banks-"))
    try:
        with open_store(store_path) as store:
            complaints = linked(read_complaints(folder / "complaints.jsonl"))
            traced = trace_complaints(store, complaints).complaints
            latest = sorted(
                (ct for ct in traced if ct.requests and ct.complaint.received_at is not None),
                key=lambda ct: (ct.complaint.received_at, ct.complaint.complaint_id),
            )[-args.cases :]
            results: dict[Policy, tuple[SimResult, float]] = {}
            for policy in (Policy.ONE_LAYER, Policy.AT_ONCE):
                t0 = time.perf_counter()
                result = simulate(
                    latest,
                    city_store=store,
                    accounts_csv=folder / "accounts.csv",
                    folder=work / policy.value,
                    policy=policy,
                    delays=Delays(seed=args.seed),
                    to_input=lambda c: complaint_input(c, "KTW"),
                )
                results[policy] = (result, time.perf_counter() - t0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"  {args.accounts:,}-account city, the {len(latest)} latest complaints with money "
        f"traced to an account, delays seed {args.seed}"
    )
    for policy, (r, seconds) in results.items():
        to_hold = [a.to_hold for a in r.answers if a.held_paise]
        median = statistics.median(t.total_seconds() for t in to_hold) if to_hold else None
        print(
            f"  {policy.value:9}: {r.cases} cases, {len(r.answers)} answers, held "
            f"{format_inr(r.held_paise)} of {format_inr(r.stolen_paise)} stolen "
            f"({r.share:.1%}); withdrawn as cash {format_inr(r.withdrawn_paise)}; median "
            f"complaint → hold {_hours(median)}; refused {r.refused}; {seconds:.0f} s"
        )
    at_once, one_layer = results[Policy.AT_ONCE][0], results[Policy.ONE_LAYER][0]
    ratio = at_once.held_paise / one_layer.held_paise if one_layer.held_paise else float("inf")
    print(f"  ₹ held, every layer at once / one layer at a time: {ratio:.2f}x")


def _hours(seconds: float | None) -> str:
    return "—" if seconds is None else f"{timedelta(seconds=round(seconds))}"
