"""A frozen account, answered with the trail: did the trader's account receive traced money,
how much, from which complaint; and the letter asking the bank to limit the lien to that amount
(the 2026 MHA SOP allows a lien on the disputed amount only) or to release it all.

Read from the complaints as the desk registered them: each case keeps its trail as the trail
gives it (`trail_to_dict`: the edges, and where the money stopped), the same the case page
shows. Nothing here changes a case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from cybersetu.cases.models import Case
from cybersetu.grievances.models import Grievance
from cybersetu.trail.letters import money
from cybersetu.trail.requests import bank_of

#: The trail's ends at which money stopped in the account as far as the ledger shows (still
#: there; paid to it as a merchant; or at a bank whose onward data we do not have): what a lien
#: may cover.
_STOPPED: Final = ("holds", "merchants", "frontier")
_env = Environment(
    loader=PackageLoader("cybersetu.grievances", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _paise(rupees: Any) -> int:
    return int((Decimal(str(rupees)) * 100).to_integral_value())


def normalise_account(account: str) -> str:
    """`ifsc:number` as the ledger writes it (IFSC upper case), a UPI ID lower case."""
    text = account.strip().replace(" ", "")
    if ":" in text:
        ifsc, _, number = text.partition(":")
        return f"{ifsc.upper()}:{number}"
    return text.lower() if "@" in text else text


@dataclass(frozen=True)
class FromComplaint:
    ack: str
    station: str
    received_paise: int
    """Traced money paid into the account (all of it, also what moved on)."""
    in_account_paise: int
    """Traced money that stopped in the account: what a lien may cover."""


@dataclass(frozen=True)
class TrailAnswer:
    account: str
    complaints: list[FromComplaint] = field(default_factory=list)

    @property
    def received_paise(self) -> int:
        return sum(c.received_paise for c in self.complaints)

    @property
    def lien_paise(self) -> int:
        """The most a lien may cover: the traced money that stopped in the account."""
        return sum(c.in_account_paise for c in self.complaints)

    @property
    def reached(self) -> bool:
        return bool(self.complaints)


def _of_trail(trail: dict[str, Any], account: str) -> tuple[int, int]:
    received = sum(_paise(e["tainted"]) for e in trail.get("edges", ()) if e.get("to") == account)
    stopped = sum(
        _paise(end["amount"])
        for part in _STOPPED
        for end in trail.get(part, ())
        if end.get("account_id") == account
    )
    return received, stopped


def trail_answer(session: Session, account: str) -> TrailAnswer:
    """Every registered complaint whose traced money reached the account, and how much."""
    wanted = normalise_account(account)
    if not wanted:
        return TrailAnswer(wanted)
    # A text match narrows the cases to read (an index-free scan of their trails); the exact
    # answer is taken from each trail's edges and ends.
    rows = session.execute(
        select(Case.ack, Case.station, Case.trail)
        .where(Case.trail.is_not(None), cast(Case.trail, String).contains(wanted))
        .order_by(Case.created_at, Case.id)
    ).all()
    found = []
    for ack, station, trail in rows:
        received, stopped = _of_trail(trail or {}, wanted)
        if received or stopped:
            found.append(FromComplaint(ack, station, received, stopped))
    return TrailAnswer(wanted, found)


def lien_letter(g: Grievance, answer: TrailAnswer, *, issued: datetime | None = None) -> str:
    """The letter to the bank, in English and Hindi: limit the lien to the traced amount and
    release the rest, or release it all when no traced money reached the account."""
    code, name, name_hi = bank_of(answer.account)
    return _env.get_template("lien_letter.html").render(
        g=g,
        answer=answer,
        bank_code=code,
        bank_name=name,
        bank_name_hi=name_hi,
        money=money,
        issued=(issued or datetime.now(UTC)),
    )
