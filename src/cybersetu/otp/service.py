"""Sending a one-time code to a mobile number and checking it.

A code is six digits, valid for 10 minutes, for one purpose and subject (a complaint), good for
one use and five tries; a number gets at most three codes an hour. Only a salted hash is
stored: the code itself exists only in the SMS.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.db.base import utcnow
from cybersetu.errors import InputError
from cybersetu.i18n import _
from cybersetu.identifiers import phones
from cybersetu.otp.models import OneTimeCode
from cybersetu.outbox.service import enqueue

VALID_FOR: Final = timedelta(minutes=10)
MAX_TRIES: Final = 5
PER_HOUR: Final = 3
PURPOSES: Final = {"track": "otp.track", "register": "otp.register"}


class TooManyCodesError(InputError):
    """A number asked for more codes than an hour allows."""


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def send_code(
    session: Session,
    *,
    actor: Actor,
    purpose: str,
    mobile: str,
    subject: str = "",
    locale: str = "en",
    params: dict[str, str] | None = None,
    now: datetime | None = None,
) -> OneTimeCode:
    """Make a code and queue its SMS, in the caller's transaction (audited there)."""
    now = now or utcnow()
    number = phones.clean(mobile)
    if number is None:
        raise InputError(_("That is not an Indian mobile number."))
    recent = session.scalar(
        select(func.count(OneTimeCode.id)).where(
            OneTimeCode.mobile == number, OneTimeCode.created_at > now - timedelta(hours=1)
        )
    )
    if (recent or 0) >= PER_HOUR:
        raise TooManyCodesError(
            _("Too many codes were asked for this number: try again in an hour.")
        )
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    row = OneTimeCode(
        purpose=purpose,
        mobile=number,
        subject=subject,
        salt=salt,
        code_hash=_digest(salt, code),
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    session.add(row)
    session.flush()
    enqueue(
        session,
        key=f"otp:{row.id}",
        recipient=number,
        code=PURPOSES[purpose],
        params={"ack": subject, **(params or {})},
        secret={"code": code},
        locale=locale,
    )
    record(
        session,
        actor=actor,
        code="otp.sent",
        params={"purpose": purpose, "mobile": phones.mask(number), "subject": subject},
        at=now,
    )
    return row


def check_code(
    session: Session,
    *,
    purpose: str,
    mobile: str,
    code: str,
    subject: str = "",
    now: datetime | None = None,
) -> bool:
    """True once for the right code of the latest live one; every try counts (in the caller's
    transaction)."""
    now = now or utcnow()
    number = phones.clean(mobile)
    if number is None:
        return False
    row = session.scalars(
        select(OneTimeCode)
        .where(
            OneTimeCode.purpose == purpose,
            OneTimeCode.mobile == number,
            OneTimeCode.subject == subject,
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > now,
        )
        .order_by(OneTimeCode.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if row is None or row.attempts >= MAX_TRIES:
        return False
    row.attempts += 1
    given = code.strip()
    if not (given.isascii() and given.isdigit()) or not hmac.compare_digest(
        row.code_hash, _digest(row.salt, given)
    ):
        return False
    row.used_at = now
    return True
