"""Synthetic city speed and memory, against the cost of just writing as many rows.

    python -m benchmarks synth [--sizes 50000,500000]

Each run is a fresh subprocess (`cybersetu synth`), so its peak RSS is its own. The baseline,
measured in the same run, writes a CSV of the same number of random rows and columns with
pyarrow: the floor any generator pays for the bytes alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_BASELINE = """
import sys, time, numpy as np, pyarrow as pa, pyarrow.csv as pc
rows, path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(0)
with pc.CSVWriter(path, pa.schema([(c, pa.string()) for c in
        ["txn_id", "ts", "src_account", "dst_account", "amount", "channel"]])) as w:
    for start in range(0, rows, 500_000):
        n = min(500_000, rows - start)
        ids = rng.integers(10**11, 10**12, n).astype(str)
        acc = np.char.add("SBIN0001234:", rng.integers(10**10, 10**11, n).astype(str))
        w.write_table(pa.table({"txn_id": ids, "ts": np.full(n, "2025-10-01T10:00:00+05:30"),
            "src_account": acc, "dst_account": acc[::-1],
            "amount": np.char.mod("%.2f", rng.random(n) * 5000), "channel": np.full(n, "UPI")}))
"""


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a child process."""
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_synth")
    parser.add_argument("--sizes", default="50000", help="accounts per city, comma-separated")
    args = parser.parse_args(argv)
    for accounts in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "city"
            cli = [sys.executable, "-m", "cybersetu.cli", "synth", "--out", str(out)]
            seconds, rss = run([*cli, "--accounts", str(accounts)])
            counts = json.loads((out / "manifest.json").read_text("utf-8"))["counts"]
            rows = counts["transactions"]
            base, _ = run([sys.executable, "-c", _BASELINE, str(rows), str(Path(tmp) / "b.csv")])
        print(
            f"{accounts:>9,} accounts -> {rows:>11,} transactions: {seconds:6.1f} s "
            f"({rows / seconds:,.0f} rows/s), peak RSS so far {rss:,} MB | baseline (write as "
            f"many plain rows) {base:.1f} s | synth/baseline {seconds / base:.1f}x",
            flush=True,
        )
