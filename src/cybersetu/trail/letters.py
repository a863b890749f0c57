"""Printable hold-request letters in English and Hindi (HTML; print to PDF from any browser)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, select_autoescape

from cybersetu.clock import IST
from cybersetu.trail.requests import BankRequest

_env = Environment(
    loader=PackageLoader("cybersetu.trail", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Office:
    en: str = "Cyber Crime Cell, Police Commissionerate Kanpur Nagar"
    hi: str = "साइबर क्राइम सेल, पुलिस कमिश्नरेट कानपुर नगर"


@dataclass(frozen=True)
class Officer:
    en: str = "Investigating Officer"
    hi: str = "विवेचक"


def money(paise: int) -> str:
    """Rupees the Indian way: 12,34,567.50."""
    return format_decimal(paise / 100, format="#,##,##0.00", locale="en_IN")


def _duration(d: timedelta, hindi: bool) -> str:
    minutes = int(d.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    units = ("दिन", "घंटे", "मिनट") if hindi else ("d", "h", "min")
    parts = [f"{v} {u}" for v, u in zip((days, hours, mins), units, strict=True) if v]
    return " ".join(parts) or f"0 {units[2]}"


def render_letter(
    req: BankRequest,
    ref: str,
    *,
    issued: datetime | None = None,
    office: Office | None = None,
    officer: Officer | None = None,
) -> str:
    issued = issued or datetime.now(UTC)
    return _env.get_template("hold_letter.html").render(
        req=req,
        ref=ref,
        issued=issued.astimezone(IST).strftime("%d-%m-%Y %H:%M IST"),
        elapsed=_duration(req.elapsed, hindi=False),
        elapsed_hi=_duration(req.elapsed, hindi=True),
        office=office or Office(),
        officer=officer or Officer(),
        money=money,
    )


def write_letters(requests: list[BankRequest], directory: Path, ref_prefix: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for r in requests:
        path = directory / f"{r.bank_code}-letter.html"
        path.write_text(render_letter(r, f"{ref_prefix}/{r.bank_code}"), encoding="utf-8")
        out.append(path)
    return out
