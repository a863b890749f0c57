"""Tiny hand-made ledgers in the interchange format, written as files like any bank would send."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from cybersetu.interchange import TRANSACTION_REQUIRED
from cybersetu.scoring.backends import duckdb_backend
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


def tiny_city(folder: Path) -> Sources:
    """A few dozen transactions with one of every shape the features look for: a pass-through
    mule reached by its UPI ID, fan-in from strangers at night, cash-out, a shared-phone group
    opened in a burst, scatter-gather, a three-account loop, dormancy then a burst, complaints."""
    mule, nxt, vpa = "SBIN0001234:30012345678", "HDFC0000123:50100012345", "9876501234@ybl"
    group = [f"AIRP0000001:70000000{k:02d}" for k in range(4)]
    dormant = "CNRB0001234:0123456789012"
    txns: list[Txn] = [
        ("2026-01-05T10:00:00", "victim1@ybl", vpa, 50_000, "UPI"),
        ("2026-01-05T10:10:00", "victim2@okicici", mule, 30_000, "IMPS"),
        ("2026-01-05T10:40:00", mule, nxt, 79_000, "IMPS"),
        ("2026-01-05T11:30:00", nxt, "ATM-SBIN-KNP01234", 10_000, "ATM"),
        ("2026-01-05T11:45:00", nxt, group[0], 40_000, "UPI"),
        ("2026-01-01T09:00:00", "EMPLOYER0001:99", "PUNB0123400:1234000100012345", 40_000, "NEFT"),
        ("2026-01-11T18:00:00", "PUNB0123400:1234000100012345", "kirana@okaxis", 2_000, "UPI"),
        ("2026-01-06T10:00:00", "X@ybl", "Y@ybl", 1_000, "UPI"),
        ("2026-01-06T10:10:00", "Y@ybl", "Z@ybl", 1_000, "UPI"),
        ("2026-01-06T10:20:00", "Z@ybl", "X@ybl", 1_000, "UPI"),
        ("2026-01-01T10:00:00", dormant, "kirana@okaxis", 200, "UPI"),
        ("2026-01-08T10:00:00", "X@ybl", "W@ybl", 3_000, "UPI"),
        ("2026-01-08T11:00:00", "W@ybl", "X@ybl", 3_000, "UPI"),
        ("2026-01-04T10:00:00", "victim1@ybl", "victim2@okicici", 7_000, "UPI"),
    ]
    txns += [
        (f"2026-01-06T01:{5 * k:02d}:00", f"98000000{k:02d}@ybl", group[1], 9_999, "UPI")
        for k in range(9)
    ]
    txns += [("2026-01-06T02:00:00", group[1], "AEPS-IPOS-BC012345", 10_000, "AEPS")]
    txns += [("2026-01-07T09:00:00", "boss@ybl", g, 5_000, "UPI") for g in group[1:]]
    txns += [("2026-01-07T09:30:00", g, "collector@paytm", 4_900, "UPI") for g in group[1:]]
    txns += [(f"2026-01-21T{10 + k}:00:00", f"s{k}@ybl", dormant, 5_000, "UPI") for k in range(6)]
    txns += [("2026-01-22T10:00:00+00:00", dormant, "far@paytm", 29_000, "IMPS")]
    accounts = [
        {
            "account_id": mule,
            "vpa": vpa,
            "kyc_mode": "video",
            "opened_at": "2025-12-30",
            "declared_monthly_income": "8000",
            "account_type": "savings",
        },
        {"account_id": nxt, "kyc_mode": "ekyc_otp", "opened_at": "2025-12-29T12:00:00+05:30"},
        {"account_id": dormant, "kyc_mode": "branch", "opened_at": "2015-06-01"},
        {"account_id": "kirana@okaxis", "account_type": "merchant", "kyc_mode": "min_kyc"},
        {
            "account_id": "X@ybl",
            "account_type": "wallet",
            "device_id": "a1b2c3",
            "pan": "ABCPK1234F",
        },
        {
            "account_id": "Y@ybl",
            "account_type": "current",
            "device_id": "a1b2c3",
            "pan": "ABCPK1234F",
            "email": "same@example.com",
            "address": "12 Civil Lines, Kanpur",
            "opening_branch": "SBIN0001234",
            "opened_at": "2026-01-03T10:00:00",
        },
        {
            "account_id": "Z@ybl",
            "email": "same@example.com",
            "address": "12 Civil Lines, Kanpur",
            "opening_branch": "SBIN0001234",
            "opened_at": "2026-01-03T15:00:00",
        },
    ]
    accounts += [
        {
            "account_id": g,
            "phone": "9876543210",
            "kyc_mode": "bc_agent",
            "account_type": "jan_dhan",
            "opened_at": "2026-01-02T11:00:00",
            "opening_agent": "BC-SBIN-KNP-0042",
        }
        for g in group
    ]
    complaints = [
        {
            "complaint_id": "KNP-2026-000001",
            "transactions": [{"txn_id": "T000000", "amount": 50000, "beneficiary": vpa}],
        }
    ]
    return write_ledger(folder, txns, accounts, complaints)
