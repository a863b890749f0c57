"""Ingest throughput against a plain bulk load of the same file, measured in the same run.

    python -m benchmarks ingest                       # 1,000,000 generated rows, both stores
    python -m benchmarks.bench_ingest --rows 200000 --stores duckdb
    python -m benchmarks.bench_ingest --file city/transactions.csv

Each load runs in a fresh subprocess (so peak RSS is its own). DuckDB: the baseline is
`CREATE TABLE t AS SELECT * FROM read_csv(file)` with no validation; then `cybersetu` ingest into an
empty store; then the same file again into that store (every row a duplicate). PostgreSQL (a
throwaway server started for the run): the baseline is `COPY t FROM STDIN (FORMAT csv)` into an
unindexed table of text columns, then the same two ingests into a fresh database.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

import numpy as np

from cybersetu.identifiers.banks import BANKS

_HEADER: Final = b"txn_id,ts,src_account,dst_account,amount,channel,src_bank,dst_bank\n"
_CHANNELS: Final = ("UPI", "UPI", "UPI", "UPI", "IMPS", "NEFT", "ATM", "CARD", "WALLET", "RTGS")
_BATCH: Final = 500_000

_CHILD: Final = """
import json, resource, sys, time
from pathlib import Path
mode, csv_path, store = sys.argv[1:4]
if mode == "baseline":
    import duckdb
    t0 = time.perf_counter()
    con = duckdb.connect(store)
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv_path}')")
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()
    extra = {}
elif mode == "pg-baseline":
    import psycopg
    t0 = time.perf_counter()
    with psycopg.connect(store, autocommit=True) as con, open(csv_path, "rb") as fh:
        header = fh.readline().decode().strip().split(",")
        con.execute("CREATE TABLE t (" + ", ".join(f"{c} text" for c in header) + ")")
        with con.cursor().copy("COPY t FROM STDIN (FORMAT csv)") as copy:
            while block := fh.read(1 << 20):
                copy.write(block)
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    extra = {}
else:
    from cybersetu.ledger import ingest, open_store
    t0 = time.perf_counter()
    folder = Path(csv_path).parent
    with open_store(store, derived_root=folder) as ledger:
        report = ingest(ledger, [Path(csv_path)], errors_dir=folder / "errors")
    rows = report.loaded + report.duplicates
    extra = {"loaded": report.loaded, "duplicates": report.duplicates,
             "rejected": report.rejected, "conflicts": report.conflicts}
seconds = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rows": rows, "max_rss_kb": rss, **extra}))
"""


def _digits(values: np.ndarray, width: int, *, zero_pad: bool = True) -> np.ndarray:
    """ASCII digits of non-negative integers as a (n, width) byte matrix; without zero_pad the
    leading zeros become NUL bytes, which are dropped when the rows are joined."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = (values[:, None] // powers) % 10
    out = (digits + ord("0")).astype(np.uint8)
    if not zero_pad:
        leading = np.cumsum(digits != 0, axis=1) == 0
        leading[:, -1] = False
        out[leading] = 0
    return out


def _words(words: list[str], picks: np.ndarray) -> np.ndarray:
    """Byte matrix of words chosen by index, NUL-padded to the longest."""
    width = max(len(w) for w in words)
    table = np.zeros((len(words), width), dtype=np.uint8)
    for i, w in enumerate(words):
        table[i, : len(w)] = np.frombuffer(w.encode(), dtype=np.uint8)
    return np.take(table, picks, axis=0)


def _const(text: str, n: int) -> np.ndarray:
    return np.tile(np.frombuffer(text.encode(), dtype=np.uint8), (n, 1))


def _batch(start: int, n: int, rng: np.random.Generator) -> bytes:
    prefixes = [b.ifsc_prefix for b in BANKS]
    ifscs = [f"{p}0{rng.integers(0, 10**6):06d}" for p in prefixes for _ in range(5)]
    secs = rng.integers(0, 31 * 86400, n)
    day, rest = np.divmod(secs, 86400)
    hour, rest = np.divmod(rest, 3600)
    minute, second = np.divmod(rest, 60)
    src_bank = rng.integers(0, len(ifscs), n)
    dst_bank = rng.integers(0, len(ifscs), n)
    comma = _const(",", n)
    parts = [
        _digits(np.arange(start, start + n, dtype=np.int64) + 600_000_000_000, 12),
        comma,
        _const("2026-01-", n),
        _digits(day + 1, 2),
        _const("T", n),
        _digits(hour, 2),
        _const(":", n),
        _digits(minute, 2),
        _const(":", n),
        _digits(second, 2),
        comma,
        _words(ifscs, src_bank),
        _const(":", n),
        _digits(rng.integers(10**10, 10**11, n), 11),
        comma,
        _words(ifscs, dst_bank),
        _const(":", n),
        _digits(rng.integers(10**10, 10**11, n), 11),
        comma,
        _digits(rng.integers(1, 100_000, n), 5, zero_pad=False),
        _const(".", n),
        _digits(rng.integers(0, 100, n), 2),
        comma,
        _words(list(_CHANNELS), rng.integers(0, len(_CHANNELS), n)),
        comma,
        _words([i[:4] for i in ifscs], src_bank),
        comma,
        _words([i[:4] for i in ifscs], dst_bank),
        _const("\n", n),
    ]
    flat = np.hstack(parts).ravel()
    kept: np.ndarray = flat[flat != 0]  # the NUL padding dropped
    return kept.tobytes()


def write_transactions_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A valid transactions CSV of `rows` rows (IST timestamps without offset, January 2026)."""
    rng = np.random.default_rng(seed)
    with path.open("wb") as fh:
        fh.write(_HEADER)
        for start in range(0, rows, _BATCH):
            fh.write(_batch(start, min(_BATCH, rows - start), rng))


def _child(mode: str, csv_path: Path, store: Path | str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(csv_path), str(store)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _report(title: str, results: list[tuple[str, dict[str, float]]]) -> None:
    print(title)
    print(f"{'':36}{'seconds':>9}{'rows/s':>12}{'peak RSS MB':>13}")
    for label, r in results:
        print(
            f"{label:36}{r['seconds']:9.2f}{r['rows'] / r['seconds']:12,.0f}"
            f"{r['max_rss_kb'] / 1024:13,.0f}"
        )
    (_, baseline), (_, first), (_, again) = results
    if first.get("rejected") or again.get("loaded"):
        print(f"unexpected counts: first {first}, again {again}")
    print(
        f"ratio ingest / baseline: {first['seconds'] / baseline['seconds']:.2f}x time, "
        f"{first['max_rss_kb'] / baseline['max_rss_kb']:.2f}x peak RSS"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_ingest")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--file", type=Path, help="ingest this transactions CSV instead")
    parser.add_argument("--stores", default="duckdb,postgres", help="duckdb, postgres or both")
    args = parser.parse_args(argv)
    stores = args.stores.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        if args.file:
            csv_path = args.file.resolve()
        else:
            csv_path = work / "transactions.csv"
            t0 = time.perf_counter()
            write_transactions_csv(csv_path, args.rows)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - t0:.1f} s")
        size_mb = csv_path.stat().st_size / 1e6
        print(f"file: {csv_path.name}, {size_mb:,.1f} MB")
        if "duckdb" in stores:
            _report(
                "DuckDB store",
                [
                    (
                        "DuckDB read_csv, no validation",
                        _child("baseline", csv_path, work / "b.duckdb"),
                    ),
                    (
                        "cybersetu ingest (empty store)",
                        _child("ingest", csv_path, work / "l.duckdb"),
                    ),
                    (
                        "cybersetu ingest again (all dup.)",
                        _child("ingest", csv_path, work / "l.duckdb"),
                    ),
                ],
            )
        if "postgres" in stores:
            from tests.pgcluster import PgCluster

            cluster = PgCluster().start()
            try:
                url = cluster.new_database()
                _report(
                    f"PostgreSQL store (server {cluster.bin.parent.name}, fsync off)",
                    [
                        (
                            "PostgreSQL COPY, no validation",
                            _child("pg-baseline", csv_path, cluster.new_database()),
                        ),
                        ("cybersetu ingest (empty store)", _child("ingest", csv_path, url)),
                        ("cybersetu ingest again (all dup.)", _child("ingest", csv_path, url)),
                    ],
                )
            finally:
                cluster.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
