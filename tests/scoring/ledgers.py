"""Tiny hand-made ledgers in the interchange format, written as files like any bank would send."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from cybersetu.interchange import TRANSACTION_REQUIRED
from cybersetu.scoring.engine import duckdb_backend
from cybersetu.scoring.pipeline import Sources, compute_features

Txn = tuple[str, str, str, float, str]  # ts (IST, no offset), src, dst, rupees, channel


def write_ledger(
    folder: Path,
    txns: Sequence[Txn],
    accounts: Sequence[dict[str, Any]] | None = None,
    complaints: Sequence[dict[str, Any]] | None = None,
) -> Sources:
    folder.mkdir(parents=True, exist_ok=True)
    tx_path = folder / "transactions.csv"
    with tx_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(TRANSACTION_REQUIRED)
        for n, (ts, src, dst, amount, channel) in enumerate(txns):
            w.writerow((f"T{n:06d}", ts, src, dst, f"{amount:.2f}", channel))
    acc_path = None
    if accounts is not None:
        acc_path = folder / "accounts.csv"
        cols = sorted({k for a in accounts for k in a} - {"account_id"})
        with acc_path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["account_id", *cols])
            for a in accounts:
                w.writerow([a["account_id"], *[a.get(c, "") for c in cols]])
    comp_path = None
    if complaints is not None:
        comp_path = folder / "complaints.jsonl"
        comp_path.write_text("".join(json.dumps(c) + "\n" for c in complaints), encoding="utf-8")
    return Sources(transactions=tx_path, accounts=acc_path, complaints=comp_path)


def features(sources: Sources) -> dict[str, dict[str, float | None]]:
    """Features by account, computed on DuckDB."""
    con = duckdb_backend()
    try:
        t: pa.Table = compute_features(con, sources)
    finally:
        con.disconnect()
    rows = t.to_pylist()
    return {r.pop("account"): r for r in rows}
