"""A complaint and the fraudulent payments it names.

The interchange form (JSON or JSON Lines, see the brief) carries more (complainant, entities,
ground truth in synthetic data); what the engine acts on is typed here, and every value is
checked on the way in, with one sentence naming the record and field that is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from cybersetu.clock import parse_when
from cybersetu.errors import InputError
from cybersetu.ledger.money import parse_rupees

MAX_FILE_BYTES: Final = 64 << 20
MAX_ID_CHARS: Final = 120


@dataclass(frozen=True)
class FraudPayment:
    """One payment out of the victim, as the complaint states it."""

    txn_id: str
    """UTR/RRN: the key into the ledger."""
    ts: datetime | None = None
    amount_paise: int | None = None
    victim_account: str | None = None
    beneficiary: str | None = None


@dataclass(frozen=True)
class Complaint:
    complaint_id: str
    payments: tuple[FraudPayment, ...]
    narrative: str = ""
    station: str | None = None
    """Police-station code (see `reference/kanpur.py`)."""
    received_at: datetime | None = None
    duplicate_of: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    """The rest of the record, as given."""

    @property
    def txn_ids(self) -> list[str]:
        return [p.txn_id for p in self.payments]


def _text(value: object, where: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InputError(f"{where} must be text.")
    text = str(value).strip()
    if len(text) > MAX_ID_CHARS or any(ord(c) < 32 for c in text):
        raise InputError(f"{where} must be one line of at most {MAX_ID_CHARS} characters.")
    return text


def _required_text(value: object, where: str) -> str:
    text = _text(value, where)
    if text is None:
        raise InputError(f"{where} is missing.")
    return text


def _payment(raw: object, where: str) -> FraudPayment:
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be an object with a txn_id.")
    txn_id = _required_text(raw.get("txn_id"), f"{where}.txn_id")
    ts = raw.get("ts")
    amount = raw.get("amount")
    return FraudPayment(
        txn_id=txn_id,
        ts=parse_when(str(ts), f"{where}.ts") if ts not in (None, "") else None,
        amount_paise=(
            parse_rupees(amount, f"{where}.amount", positive=True)
            if amount not in (None, "")
            else None
        ),
        victim_account=_text(raw.get("victim_account"), f"{where}.victim_account"),
        beneficiary=_text(raw.get("beneficiary"), f"{where}.beneficiary"),
    )


def parse_complaint(raw: object, where: str) -> Complaint:
    """One interchange record (a JSON object) as a `Complaint`."""
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a JSON object.")
    complaint_id = _required_text(raw.get("complaint_id"), f"{where}: complaint_id")
    txns = raw.get("transactions") or []
    if not isinstance(txns, list):
        raise InputError(f"{where}: transactions must be a list.")
    payments = tuple(_payment(t, f"{where}: transactions[{i}]") for i, t in enumerate(txns, 1))
    station = raw.get("police_station")
    if isinstance(station, dict):
        station = station.get("code")
    narrative = raw.get("narrative", "")
    if not isinstance(narrative, str):
        raise InputError(f"{where}: narrative must be text.")
    received = raw.get("received_at")
    known = {"complaint_id", "transactions", "police_station", "narrative", "received_at"}
    return Complaint(
        complaint_id=complaint_id,
        payments=payments,
        narrative=narrative,
        station=_text(station, f"{where}: police_station"),
        received_at=parse_when(str(received), f"{where}: received_at") if received else None,
        duplicate_of=_text(raw.get("duplicate_of"), f"{where}: duplicate_of"),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def read_complaints(path: Path) -> list[Complaint]:
    """A JSON array or JSON Lines file of complaints; the first bad record is refused with its
    line (JSON Lines) or position (array)."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"{path} is a directory, not a complaints file.")
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"The complaints file {path} is larger than {MAX_FILE_BYTES >> 20} MB."
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"The complaints file {path} does not exist.") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The complaints file {path} is not UTF-8 text (byte {exc.start})."
        ) from None
    except OSError as exc:
        raise InputError(f"The complaints file {path} cannot be read ({exc.strerror}).") from None
    if text.lstrip().startswith("["):
        records = _loads(text, f"The complaints file {path}")
        if not isinstance(records, list):
            raise InputError(f"The complaints file {path} must hold a JSON array or JSON Lines.")
        return [parse_complaint(r, f"{path} record {i}") for i, r in enumerate(records, 1)]
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            where = f"{path} line {number}"
            out.append(parse_complaint(_loads(line, where), where))
    return out


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON ({exc.msg}).") from None


def linked(complaints: Sequence[Complaint]) -> list[Complaint]:
    """The complaints to trace: a complaint marked as a duplicate of another is left out."""
    return [c for c in complaints if not c.duplicate_of]
