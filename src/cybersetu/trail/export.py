"""The trail and its hold requests as JSON and CSV for other systems (amounts in rupees)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from cybersetu import csvsafe
from cybersetu.trail.requests import BankRequest, bank_of
from cybersetu.trail.trails import EndKind, Trail


def rupees(paise: int) -> float:
    """Paise to rupees with 2 decimals (exact for any amount a ledger can hold)."""
    return round(paise / 100, 2)


def _seeds(by_seed: Mapping[str, int]) -> dict[str, float]:
    return {k: rupees(v) for k, v in sorted(by_seed.items())}


def request_to_dict(req: BankRequest) -> dict[str, Any]:
    return {
        "bank": req.bank_code,
        "bank_name": req.bank_name,
        "total": rupees(req.total),
        # Apart from `total`: a merchant's lien waits on the bank finding the sale not genuine.
        "lien_total": rupees(req.lien_total),
        "complaints": req.complaints,
        "first_fraud_at": req.first_fraud_at.isoformat(),
        "as_of": req.as_of.isoformat(),
        "minutes_since_fraud": round(req.elapsed.total_seconds() / 60, 1),
        "accounts": [
            {
                "account_id": a.account_id,
                "action": a.action,
                "layer": a.layer,
                "amount": rupees(a.amount),
                "by_complaint": _seeds(a.by_complaint),
                "utr_chains": a.chains,
            }
            for a in req.accounts
        ],
    }


def trail_to_dict(trail: Trail, requests: list[BankRequest]) -> dict[str, Any]:
    """The `cybersetu trace --json` contract."""
    untraced_by_reason = {
        str(reason): rupees(sum(v.values())) for reason, v in sorted(trail.untraced.items())
    }
    return {
        "seed_amount": rupees(trail.seed_amount),
        "policy": str(trail.policy),
        "as_of": trail.as_of.isoformat(),
        "seeds": [s.txn_id for s in trail.seeds],
        "edges": [
            {
                "txn_id": e.txn.txn_id,
                "from": e.txn.src,
                "to": e.txn.dst,
                "ts": e.txn.ts.isoformat(),
                "amount": rupees(e.txn.amount),
                "tainted": rupees(e.tainted),
                "layer": e.layer,
                "channel": e.txn.channel,
                "by_seed": _seeds(e.by_seed),
            }
            for e in trail.edges
        ],
        "holds": [
            {
                "account_id": h.account_id,
                "bank": bank_of(h.account_id)[0],
                "layer": h.layer,
                "amount": rupees(h.amount),
                "by_seed": _seeds(h.by_seed),
            }
            for h in trail.ends_of(EndKind.HOLD)
        ],
        "cash_out": [
            {
                "account_id": c.account_id,
                "txn_id": c.txn_id,
                "channel": c.channel,
                "amount": rupees(c.amount),
                "by_seed": _seeds(c.by_seed),
            }
            for c in trail.ends_of(EndKind.CASH_OUT)
        ],
        "merchants": [
            {
                "account_id": m.account_id,
                "txn_id": m.txn_id,
                "amount": rupees(m.amount),
                "by_seed": _seeds(m.by_seed),
            }
            for m in trail.ends_of(EndKind.MERCHANT)
        ],
        "frontier": [
            {
                "account_id": f.account_id,
                "bank": bank_of(f.account_id)[0],
                "amount": rupees(f.amount),
                "by_seed": _seeds(f.by_seed),
            }
            for f in trail.ends_of(EndKind.FRONTIER)
        ],
        "untraced": rupees(trail.untraced_total),
        "untraced_by_reason": untraced_by_reason,
        "totals": {
            "hold": rupees(trail.total(EndKind.HOLD)),
            "cash_out": rupees(trail.total(EndKind.CASH_OUT)),
            "merchants": rupees(trail.total(EndKind.MERCHANT)),
            "frontier": rupees(trail.total(EndKind.FRONTIER)),
            "untraced": rupees(trail.untraced_total),
        },
        "hold_requests": [request_to_dict(r) for r in requests],
    }


REQUEST_CSV_COLUMNS = (
    "bank",
    "account_id",
    "action",
    "layer",
    "amount",
    "complaints",
    "utr_chain",
    "minutes_since_fraud",
)


def requests_csv(requests: list[BankRequest]) -> str:
    """One row per account to act on, for a bank's back office."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUEST_CSV_COLUMNS)
    for r in requests:
        for a in r.accounts:
            # Ids come from bank feeds: text cells are neutralised, our numbers stay numbers.
            writer.writerow(
                csvsafe.row(
                    [
                        r.bank_code,
                        a.account_id,
                        a.action,
                        a.layer,
                        Decimal(a.amount).scaleb(-2),
                        ";".join(f"{c}={v / 100:.2f}" for c, v in a.by_complaint.items()),
                        " | ".join(" > ".join(chain) for chain in a.chains),
                        round(r.elapsed.total_seconds() / 60, 1),
                    ]
                )
            )
    return out.getvalue()


def write_requests(requests: list[BankRequest], directory: Path) -> list[Path]:
    """Per bank: `<BANK>.json`, `<BANK>.csv`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for r in requests:
        j = directory / f"{r.bank_code}.json"
        j.write_text(json.dumps(request_to_dict(r), ensure_ascii=False, indent=2), encoding="utf-8")
        c = directory / f"{r.bank_code}.csv"
        c.write_text(requests_csv([r]), encoding="utf-8")
        written += [j, c]
    return written
