"""How fast is one complaint's trace, and does it depend on the size of the ledger?

For each city (by default the 1-million and the 10-million-transaction synthetic cities, made
with `cybersetu synth` and loaded with `cybersetu ingest` into var/bench if missing), traces each
complaint alone with the memory-mapped index, and, as the baseline measured in the same run, with
a plain scan of the store's table at each hop (`ScanSource`). Prints p50/p95 and the ratio.

    python -m benchmarks trail [--sizes 50000,500000] [--complaints 200] [--baseline 40]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from cybersetu.ledger import DuckDBLedgerStore, ingest
from cybersetu.synth import SynthConfig, generate
from cybersetu.trail.engine import trace
from cybersetu.trail.index import build_index
from cybersetu.trail.scan import ScanSource
from cybersetu.trail.service import index_dir_for, ledger_end, ledger_source
from cybersetu.trail.source import TxnSource

BENCH = Path("var/bench")


def city(accounts: int) -> tuple[Path, Path]:
    """The city folder and its loaded store, made once and reused by later runs."""
    folder = BENCH / f"city-{accounts}"
    store = BENCH / f"city-{accounts}.duckdb"
    if not (folder / "manifest.json").exists():
        print(f"  generating a city of {accounts:,} accounts ...", flush=True)
        generate(SynthConfig(accounts=accounts, days=30, seed=7), folder)
    if not store.exists():
        print(f"  loading it into {store} ...", flush=True)
        with DuckDBLedgerStore(store) as ledger:
            ingest(
                ledger,
                [folder / "accounts.csv", folder / "transactions.csv"],
                errors_dir=BENCH / "errors",
            )
    return folder, store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(source: TxnSource, cases: list[list[str]], as_of: datetime) -> list[float]:
    out = []
    for seeds in cases:
        t0 = time.perf_counter()
        trace(source, seeds, as_of=as_of)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def agreement(source: TxnSource, truth: list[dict[str, Any]], as_of: datetime) -> tuple[int, int]:
    """Complaints whose accounts are all found and whose endpoint amounts equal the truth, when
    every complaint is traced together (the convention of the synthetic city's truth)."""
    seeds = [s for t in truth for s in t["seed_txn_ids"]]
    trail = trace(source, seeds, as_of=as_of)
    ends: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for end in trail.ends:
        for seed, amount in end.by_seed.items():
            ends[seed][(str(end.kind), end.account_id)] += amount
    visits: dict[str, set[str]] = defaultdict(set)
    for edge in trail.edges:
        for seed in edge.by_seed:
            visits[seed].add(edge.txn.dst)
    good = 0
    for t in truth:
        got: Counter[tuple[str, str]] = Counter()
        visited: set[str] = set()
        for seed in t["seed_txn_ids"]:
            got += ends[seed]
            visited |= visits[seed]
        want: Counter[tuple[str, str]] = Counter()
        for ep in t["endpoints"]:
            want[(ep["kind"], ep["account_id"])] += ep["amount_paise"]
        found = {a["account_id"] for a in t["accounts"]} <= visited
        good += int(found and got == want)
    return good, len(truth)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_trail")
    parser.add_argument("--sizes", default="50000,500000", help="accounts per city")
    parser.add_argument("--complaints", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=40, help="complaints for the baseline")
    args = parser.parse_args(argv)
    p95s = {}
    for accounts in (int(s) for s in args.sizes.split(",")):
        folder, store = city(accounts)
        lines = (folder / "truth_trails.jsonl").read_text("utf-8").splitlines()
        truth = [t for t in map(json.loads, lines) if not t.get("duplicate_of")]
        cases = [t["seed_txn_ids"] for t in truth][: args.complaints]
        with DuckDBLedgerStore(store, read_only=True) as ledger:
            rows = ledger.stats().transactions
            t0 = time.perf_counter()
            build_index(ledger.connection, index_dir_for(store))
            build = time.perf_counter() - t0
            source = ledger_source(ledger)
            end = ledger_end(ledger)
            timed(source, cases[:5], end)  # warm the page cache like a running desk would
            fast = timed(source, cases, end)
            slow = timed(ScanSource(ledger.connection), cases[: args.baseline], end)
            good, total = agreement(source, truth, end)
        p95s[rows] = percentile(fast, 0.95)
        print(
            f"{rows:>11,} transactions: index built in {build:.1f} s; one complaint's trace "
            f"p50 {statistics.median(fast):.2f} ms, p95 {percentile(fast, 0.95):.2f} ms "
            f"({len(fast)} complaints) | baseline (scan the table at each hop) "
            f"p50 {statistics.median(slow):.1f} ms, p95 {percentile(slow, 0.95):.1f} ms "
            f"({len(slow)}) | baseline/index at p95: "
            f"{percentile(slow, 0.95) / percentile(fast, 0.95):.0f}x",
            flush=True,
        )
        print(f"  agreement with the truth: {good} of {total} complaints", flush=True)
    if len(p95s) > 1:
        small, large = min(p95s), max(p95s)
        print(
            f"p95 growth from {small:,} to {large:,} transactions: "
            f"{p95s[large] / p95s[small]:.2f}x for {large / small:.1f}x the ledger"
        )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
