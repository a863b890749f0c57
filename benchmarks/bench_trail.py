"""How fast is one complaint's trace, and does it depend on the size of the ledger?

For each city (by default the 1-million and the 10-million-transaction synthetic cities, made
with `cybersetu synth` and loaded into var/bench if missing), traces each complaint alone with the
memory-mapped index, and, as baselines measured in the same run, with what a competent engineer
would index instead of our index:

- DuckDB: the transactions in a table sorted by (src_account, ts) and a copy sorted by
  (dst_account, ts), so that each hop's filter reads only the row groups of its accounts
  (zone maps);
- PostgreSQL (with `--stores duckdb,postgres`, a throwaway server): the store's own queries over
  its B-tree indexes on (src_account, ts) and (dst_account, ts) (`StoreSource`).

Prints p50/p95 and the ratios, the agreement with the city's truth, and how much of the traced
money would be held at accounts the labels call honest (innocent receivers of tainted money).

    python -m benchmarks trail [--sizes 50000,500000] [--complaints 200] [--baseline 100]
        [--stores duckdb,postgres] [--bench-dir var/bench]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from cybersetu.ledger import Kind, LedgerStore, ingest, open_store
from cybersetu.synth import SynthConfig, generate
from cybersetu.trail.index import build_index
from cybersetu.trail.service import INDEX_NAME, ledger_end, ledger_source
from cybersetu.trail.source import StoreSource, TxnSource
from cybersetu.trail.tracer import trace
from cybersetu.trail.trails import EndKind, Trail, Txn

BENCH = Path("var/bench")


def city(accounts: int, bench: Path = BENCH) -> tuple[Path, Path]:
    """The city folder and its loaded DuckDB store, made once and reused by later runs."""
    folder = bench / f"city-{accounts}"
    store = bench / f"city-{accounts}.duckdb"
    if not (folder / "manifest.json").exists():
        print(f"  generating a city of {accounts:,} accounts ...", flush=True)
        generate(SynthConfig(accounts=accounts, days=30, seed=7), folder)
    if not store.exists():
        print(f"  loading it into {store} ...", flush=True)
        with open_store(store) as ledger:
            load_city(ledger, folder, bench)
    return folder, store


def load_city(ledger: LedgerStore, folder: Path, bench: Path = BENCH) -> float:
    t0 = time.perf_counter()
    ingest(
        ledger,
        [folder / "accounts.csv", folder / "transactions.csv"],
        errors_dir=bench / "errors",
    )
    return time.perf_counter() - t0


class SortedDuckDBSource:
    """The DuckDB baseline: the ledger in tables sorted by account and time (see the module
    docstring), queried at each hop."""

    COLUMNS = "txn_id, ts, src_account, dst_account, amount_paise, channel"

    def __init__(self, store: LedgerStore, folder: Path) -> None:
        self.con = duckdb.connect(str(folder / "sorted.duckdb"))
        self.con.execute("SET TimeZone = 'UTC'")
        tables = {r[0] for r in self.con.execute("SHOW TABLES").fetchall()}
        if "by_src" not in tables:
            store.export_parquet(Kind.TRANSACTIONS, folder / "t.parquet")
            store.export_parquet(Kind.ACCOUNTS, folder / "a.parquet")
            src = [str(folder / "t.parquet")]
            self.con.execute(
                "CREATE TABLE by_src AS SELECT * FROM read_parquet(?) ORDER BY src_account, ts", src
            )
            self.con.execute(
                "CREATE TABLE by_dst AS SELECT * FROM read_parquet(?) ORDER BY dst_account, ts", src
            )
            self.con.execute(
                "CREATE TABLE accounts AS SELECT account_id, account_type FROM read_parquet(?) "
                "ORDER BY account_id",
                [str(folder / "a.parquet")],
            )

    def _rows(self, table: str, where: str, params: list[object]) -> list[Txn]:
        # `table` and `where` are this class's own fixed fragments; values are bound parameters.
        query = f"SELECT {self.COLUMNS} FROM {table} WHERE {where}"  # noqa: S608
        rows = self.con.execute(query, params)
        return [
            Txn(str(a), b, str(c), str(d), int(e), str(f)) for a, b, c, d, e, f in rows.fetchall()
        ]

    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        rows = self._rows("by_src", "txn_id IN (SELECT unnest(?))", [list(txn_ids)])
        return {t.txn_id: t for t in rows}

    def debits(self, accounts: Collection[str], since: datetime) -> list[Txn]:
        return self._rows(
            "by_src", "src_account IN (SELECT unnest(?)) AND ts >= ?", [list(accounts), since]
        )

    def history(self, accounts: Collection[str], until: datetime) -> list[Txn]:
        a = list(accounts)
        out = self._rows("by_src", "src_account IN (SELECT unnest(?)) AND ts <= ?", [a, until])
        seen = {t.txn_id for t in out}
        more = self._rows("by_dst", "dst_account IN (SELECT unnest(?)) AND ts <= ?", [a, until])
        return out + [t for t in more if t.txn_id not in seen]

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        rows = self.con.execute(
            "SELECT account_id, account_type FROM accounts WHERE account_id IN (SELECT unnest(?))",
            [list(accounts)],
        ).fetchall()
        return {str(a): (str(t) if t is not None else None) for a, t in rows}

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        rows = self.con.execute(
            "SELECT DISTINCT src_account FROM by_src WHERE src_account IN (SELECT unnest(?))",
            [list(accounts)],
        ).fetchall()
        return {str(r[0]) for r in rows}


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


def trace_all(source: TxnSource, truth: list[dict[str, Any]], as_of: datetime) -> Trail:
    """Every complaint traced together (the convention of the synthetic city's truth)."""
    return trace(source, [s for t in truth for s in t["seed_txn_ids"]], as_of=as_of)


def agreement_of(trail: Trail, truth: list[dict[str, Any]]) -> tuple[int, int]:
    """Complaints whose accounts are all found and whose endpoint amounts equal the truth."""
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


def agreement(source: TxnSource, truth: list[dict[str, Any]], as_of: datetime) -> tuple[int, int]:
    """`agreement_of` the trail of every complaint traced together."""
    return agreement_of(trace_all(source, truth, as_of), truth)


@dataclass
class Innocents:
    """Where the engine's hold ends are, by who holds the account: a mule, an account-takeover
    victim, another honest account of the city (labelled is_mule=0), or an account outside the
    city's data (labels say nothing; in the synthetic city, family in other cities)."""

    holds: Counter[str] = field(default_factory=Counter)  # hold ends (accounts) by holder
    paise: Counter[str] = field(default_factory=Counter)
    merchant_paise: int = 0  # paid to merchants: verify, never freeze

    def line(self) -> str:
        total = sum(self.paise.values())
        honest = ("takeover", "honest")
        n = sum(self.holds[h] for h in honest)
        paise = sum(self.paise[h] for h in honest)
        parts = ", ".join(
            f"{h} {self.holds[h]:,} ({_rupees(self.paise[h])})"
            for h in ("mule", "takeover", "honest", "outside")
        )
        return (
            f"{n:,} of {sum(self.holds.values()):,} hold ends are at accounts labelled honest, "
            f"{_rupees(paise)} of {_rupees(total)} to hold ({paise / max(total, 1):.2%}); "
            f"by holder: {parts}; {_rupees(self.merchant_paise)} paid to merchants (verify)"
        )


def _rupees(paise: int) -> str:
    return f"Rs {paise / 100:,.2f}"


def innocents(trail: Trail, labels: dict[str, dict[str, str]]) -> Innocents:
    out = Innocents()
    for end in trail.ends:
        if end.kind is EndKind.MERCHANT:
            out.merchant_paise += end.amount
        if end.kind is not EndKind.HOLD:
            continue
        label = labels.get(end.account_id)
        if label is None:
            holder = "outside"
        elif label["is_mule"] == "1":
            holder = "mule"
        else:
            holder = "takeover" if label.get("takeover") == "1" else "honest"
        out.holds[holder] += 1
        out.paise[holder] += end.amount
    return out


def read_labels(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "labels.csv").open(newline="", encoding="utf-8") as fh:
        return {row["account_id"]: row for row in csv.DictReader(fh)}


def measure(
    label: str,
    ledger: LedgerStore,
    baseline: TxnSource,
    cases: list[list[str]],
    truth: list[dict[str, Any]],
    labels: dict[str, dict[str, str]],
    args: argparse.Namespace,
) -> float:
    rows = ledger.stats().transactions
    t0 = time.perf_counter()
    build_index(ledger, ledger.derived_dir(INDEX_NAME))
    build = time.perf_counter() - t0
    source = ledger_source(ledger)
    end = ledger_end(ledger)
    timed(source, cases[:5], end)  # warm the page cache like a running desk would
    fast = timed(source, cases, end)
    timed(baseline, cases[:5], end)
    slow = timed(baseline, cases[: args.baseline], end)
    everything = trace_all(source, truth, end)
    good, total = agreement_of(everything, truth)
    print(
        f"{label}, {rows:,} transactions: index built in {build:.1f} s; one complaint's trace "
        f"p50 {statistics.median(fast):.2f} ms, p95 {percentile(fast, 0.95):.2f} ms "
        f"({len(fast)} complaints) | indexed baseline p50 {statistics.median(slow):.1f} ms, "
        f"p95 {percentile(slow, 0.95):.1f} ms ({len(slow)}) | baseline/index at p95: "
        f"{percentile(slow, 0.95) / percentile(fast, 0.95):.1f}x",
        flush=True,
    )
    print(f"  agreement with the truth: {good} of {total} complaints", flush=True)
    print(f"  innocents: {innocents(everything, labels).line()}", flush=True)
    return percentile(fast, 0.95)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_trail")
    parser.add_argument("--sizes", default="50000,500000", help="accounts per city")
    parser.add_argument("--complaints", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=100, help="complaints for the baseline")
    parser.add_argument("--stores", default="duckdb", help="duckdb, postgres or both")
    parser.add_argument(
        "--bench-dir", type=Path, default=BENCH, help="where the cities and stores are kept"
    )
    args = parser.parse_args(argv)
    stores = args.stores.split(",")
    p95s: dict[tuple[str, int], float] = {}
    cluster = None
    if "postgres" in stores:
        from tests.pgcluster import PgCluster

        cluster = PgCluster().start()
    try:
        for accounts in (int(s) for s in args.sizes.split(",")):
            folder, store = city(accounts, args.bench_dir)
            labels = read_labels(folder)
            lines = (folder / "truth_trails.jsonl").read_text("utf-8").splitlines()
            truth = [t for t in map(json.loads, lines) if not t.get("duplicate_of")]
            cases = [t["seed_txn_ids"] for t in truth][: args.complaints]
            if "duckdb" in stores:
                with open_store(store, read_only=True) as ledger:
                    baseline = SortedDuckDBSource(ledger, args.bench_dir / f"city-{accounts}")
                    p95s[("duckdb", accounts)] = measure(
                        "DuckDB", ledger, baseline, cases, truth, labels, args
                    )
            if cluster is not None:
                with open_store(cluster.new_database(), derived_root=args.bench_dir) as ledger:
                    seconds = load_city(ledger, folder, args.bench_dir)
                    print(f"  PostgreSQL: city loaded in {seconds:.1f} s", flush=True)
                    p95s[("postgres", accounts)] = measure(
                        "PostgreSQL", ledger, StoreSource(ledger), cases, truth, labels, args
                    )
    finally:
        if cluster is not None:
            cluster.stop()
    for backend in stores:
        sizes = sorted(a for b, a in p95s if b == backend)
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            print(
                f"{backend}: p95 growth from the {small:,}-account to the {large:,}-account city: "
                f"{p95s[(backend, large)] / p95s[(backend, small)]:.2f}x"
            )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
