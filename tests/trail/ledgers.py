"""Tiny hand-made ledgers for the trail tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cybersetu.trail.trails import Txn

T0 = datetime(2026, 1, 6, 10, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def txn(
    txn_id: str, minutes: float, src: str, dst: str, rupees: float, channel: str = "UPI"
) -> Txn:
    return Txn(txn_id, at(minutes), src, dst, round(rupees * 100), channel)
