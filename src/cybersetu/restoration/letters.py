"""The restoration's documents, drafted from the case in English and Hindi (HTML; print to PDF
from any browser): the application to the magistrate under section 503 BNSS (court route), or
the letter to the bank under the MHA SOP of 2 January 2026 (administrative route)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from jinja2 import Environment, PackageLoader, select_autoescape

from cybersetu.cases.models import Case, HoldRequest
from cybersetu.clock import IST
from cybersetu.restoration.models import Restoration
from cybersetu.trail.letters import Office, Officer, money
from cybersetu.trail.requests import bank_of

LANGUAGES: Final = ("en", "hi")

_env = Environment(
    loader=PackageLoader("cybersetu.restoration", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Court:
    en: str = "The Court of the Chief Judicial Magistrate, Kanpur Nagar"
    hi: str = "माननीय मुख्य न्यायिक मजिस्ट्रेट न्यायालय, कानपुर नगर"


def render_restoration(
    case: Case,
    hold: HoldRequest,
    restoration: Restoration,
    lang: str,
    *,
    lien_ref: str | None = None,
    issued: datetime | None = None,
    office: Office | None = None,
    officer: Officer | None = None,
    court: Court | None = None,
) -> str:
    """The document of one restoration in one language (`en` or `hi`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no restoration document in {lang!r}")
    issued = (issued or datetime.now(UTC)).astimezone(IST)
    account = hold.accounts[0]["account"] if hold.accounts else ""
    bank_name_hi = bank_of(account)[2] if account else hold.bank_name
    return _env.get_template("restoration.html").render(
        lang=lang,
        case=case,
        hold=hold,
        r=restoration,
        accounts=[a.account for a in hold.account_rows] or [account],
        bank_name_hi=bank_name_hi,
        lien_ref=lien_ref or "—",
        ref=f"{case.ack}/R{restoration.id}",
        issued=issued.strftime("%d-%m-%Y"),
        registered=case.created_at.astimezone(IST).strftime("%d-%m-%Y"),
        utrs=[t.txn_id for t in case.transactions],
        office=office or Office(),
        officer=officer or Officer(),
        court=court or Court(),
        money=money,
    )
