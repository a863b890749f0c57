"""A trader registers itself: a one-time code to the shop's mobile proves the number, then the
account is made with the checks of `users add` (issue 13). A nodal officer can still add one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.i18n import _
from cybersetu.identifiers import phones
from cybersetu.officers.models import User
from cybersetu.officers.roles import Role
from cybersetu.officers.service import new_user, save_user
from cybersetu.otp.service import check_code, send_code

SELF = Actor.system("self-registration")


def _number(mobile: str) -> str:
    number = phones.clean(mobile)
    if number is None:
        raise InputError(_("That is not an Indian mobile number."))
    return number


def _registered(session: Session, number: str) -> bool:
    query = select(User.id).where(User.role == Role.TRADER.value, User.mobile == number)
    return session.scalar(query) is not None


def do_request_registration_code(
    session: Session, *, mobile: str, locale: str = "en", now: datetime | None = None
) -> None:
    number = _number(mobile)
    with begin(session):
        if _registered(session, number):
            raise InputError(_("A shop is registered with this mobile number already: sign in."))
        send_code(session, actor=SELF, purpose="register", mobile=number, locale=locale, now=now)


def do_register_trader(
    session: Session,
    *,
    mobile: str,
    code: str,
    username: str,
    password: str,
    station: str,
    display_name: str | None = None,
    locale: str = "en",
    now: datetime | None = None,
) -> User | None:
    """The new trader, signed up, when the code is right; None when it is not (the try is
    counted). A bad username, password or station is refused before the code is used."""
    number = _number(mobile)
    user = new_user(
        username=username,
        role=Role.TRADER,
        password=password,
        station=station,
        display_name=(display_name or "").strip()[:120] or None,
        locale=locale,
        mobile=number,
    )
    now = now or utcnow()
    with begin(session):
        if _registered(session, number):
            raise InputError(_("A shop is registered with this mobile number already: sign in."))
        if session.scalar(select(User.id).where(User.username == user.username)) is not None:
            raise InputError(_("That username is taken: choose another."))
        if not check_code(session, purpose="register", mobile=number, code=code, now=now):
            record(
                session,
                actor=SELF,
                code="trader.registration_failed",
                params={"mobile": phones.mask(number)},
                at=now,
            )
            return None
        save_user(session, user, actor=SELF)
    return user
