"""A trader registers itself: a one-time code to the shop's mobile proves the number, then the
account is made with the checks of `users add` (issue 13). Or a nodal officer adds the shop
(`do_add_trader`): the shop is told by SMS, and sets its own password through the same code
step, so no password passes through the officer's hands."""

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
from cybersetu.officers import passwords
from cybersetu.officers.models import User
from cybersetu.officers.roles import Role
from cybersetu.officers.service import actor_of, new_user, save_user
from cybersetu.otp.service import check_code, send_code
from cybersetu.outbox.service import enqueue
from cybersetu.reference.kanpur import STATIONS_BY_CODE

SELF = Actor.system("self-registration")


def _number(mobile: str) -> str:
    number = phones.clean(mobile)
    if number is None:
        raise InputError(_("That is not an Indian mobile number."))
    return number


def _trader_of(session: Session, number: str) -> User | None:
    query = select(User).where(User.role == Role.TRADER.value, User.mobile == number)
    return session.scalars(query.limit(1)).first()


def _registered(session: Session, number: str) -> bool:
    """A shop with this number that can sign in already (an invited one has no password yet)."""
    user = _trader_of(session, number)
    return user is not None and not passwords.is_unset(user.password_hash)


def invited_username(session: Session, mobile: str) -> str | None:
    """The username a nodal officer gave the shop of this number, while it has no password."""
    number = phones.clean(mobile)
    user = _trader_of(session, number) if number else None
    return user.username if user is not None and passwords.is_unset(user.password_hash) else None


def do_add_trader(
    session: Session,
    *,
    actor: Actor,
    username: str,
    station: str,
    mobile: str,
    display_name: str | None = None,
) -> User:
    """A nodal officer adds a shop of their zones (a supervisor, of any): the account has no
    password until the shop sets one with a code sent to its mobile; the shop is told by SMS."""
    number = _number(mobile)
    user = new_user(
        username=username,
        role=Role.TRADER,
        password=None,
        station=station,
        display_name=(display_name or "").strip()[:120] or None,
        mobile=number,
    )
    if actor.role is Role.NODAL_OFFICER and STATIONS_BY_CODE[user.station or ""].zone not in (
        actor.zones
    ):
        raise InputError(_("That police station is not in your zones."))
    with begin(session):
        if _trader_of(session, number) is not None:
            raise InputError(_("A shop is registered with this mobile number already: sign in."))
        save_user(session, user, actor=actor)
        enqueue(
            session,
            key=f"trader.invited:{user.id}",
            recipient=number,
            code="trader.invited",
            params={"username": user.username},
            locale="hi",
        )
    return user


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
    with begin(session):
        invited = _trader_of(session, number)
    if invited is not None and passwords.is_unset(invited.password_hash):
        return _set_invited_password(session, invited.id, number, code, password, now)
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


def _set_invited_password(
    session: Session, user_id: int, number: str, code: str, password: str, now: datetime | None
) -> User | None:
    """The shop a nodal officer added sets its password (its username and station stay)."""
    passwords.check_strength(password)
    now = now or utcnow()
    with begin(session):
        if not check_code(session, purpose="register", mobile=number, code=code, now=now):
            record(
                session,
                actor=SELF,
                code="trader.registration_failed",
                params={"mobile": phones.mask(number)},
                at=now,
            )
            return None
        user = session.get(User, user_id, with_for_update=True)
        if user is None or not passwords.is_unset(user.password_hash):
            raise InputError(_("A shop is registered with this mobile number already: sign in."))
        user.password_hash = passwords.hash_password(password)
        record(session, actor=actor_of(user), code="trader.password_set", at=now)
    return user
