"""Users, tokens and signing in, as `do_*` actions: one transaction each, audited in it."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.i18n import LOCALES
from cybersetu.identifiers import phones
from cybersetu.identifiers.banks import BANKS_BY_PREFIX
from cybersetu.officers import passwords
from cybersetu.officers.models import ApiToken, LoginFailure, User
from cybersetu.officers.roles import (
    BANK_ROLES,
    STATION_ROLES,
    TRADER_STATION_ROLES,
    ZONE_ROLES,
    Role,
)
from cybersetu.reference.kanpur import POLICE_STATIONS, STATIONS_BY_CODE

#: The zones of the commissionerate, as `reference/kanpur.py` assigns its police stations.
ZONES: Final = tuple(dict.fromkeys(p.zone for p in POLICE_STATIONS))

MAX_FAILURES: Final = 5
LOCK_FOR: Final = timedelta(minutes=15)
# The public prefix that marks our API tokens (so leaked ones can be found), not a secret.
TOKEN_PREFIX: Final = "cst_"  # noqa: S105
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,62}")


def actor_of(user: User) -> Actor:
    return Actor(
        user.id,
        user.username,
        Role(user.role),
        user.station,
        user.locale,
        bank=user.bank,
        zones=zones_of(user),
        mobile=user.mobile,
    )


def zones_of(user: User) -> tuple[str, ...]:
    return tuple(z for z in (user.zones or "").split(",") if z)


def _clean_zones(role: Role, zones: Sequence[str]) -> str | None:
    """The zones of a nodal officer, checked against the commissionerate's (comma-joined)."""
    by_name = {z.lower(): z for z in ZONES}
    chosen = []
    for z in zones:
        name = by_name.get(z.strip().lower())
        if name is None:
            raise InputError(f"There is no zone {z.strip()!r}: one of {', '.join(ZONES)}.")
        chosen.append(name)
    if role in ZONE_ROLES and not chosen:
        raise InputError(f"A {role.value} user needs --zone (one of {', '.join(ZONES)}).")
    if role not in ZONE_ROLES and chosen:
        raise InputError(f"A {role.value} user has no zone.")
    return ",".join(dict.fromkeys(chosen)) or None


def new_user(
    *,
    username: str,
    role: Role | str,
    password: str | None,
    station: str | None = None,
    display_name: str | None = None,
    locale: str = "en",
    bank: str | None = None,
    zones: Sequence[str] = (),
    mobile: str | None = None,
) -> User:
    """A user checked as `users add` checks one, not saved yet. `password=None`: none is set
    yet (`passwords.UNSET`; a shop its nodal officer added sets its own)."""
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise InputError(
            "A username is 2 to 63 lower-case letters, digits, dots, hyphens or underscores."
        )
    try:
        chosen = Role(role)
    except ValueError:
        raise InputError(f"The role must be one of {', '.join(r.value for r in Role)}.") from None
    if chosen is Role.CITIZEN:
        raise InputError(
            "Citizens are not added: they open their complaint with a one-time code sent to the "
            "mobile number of the complaint."
        )
    code = station.strip().upper() if station else None
    with_station = STATION_ROLES | TRADER_STATION_ROLES
    if chosen in with_station and code is None:
        raise InputError(f"A {chosen.value} user needs --station (a police-station code).")
    if code is not None and code not in STATIONS_BY_CODE:
        raise InputError(f"There is no police station with the code {code!r}.")
    zone_list = _clean_zones(chosen, zones)
    if chosen not in with_station and code is not None:
        raise InputError(f"A {chosen.value} user works for the whole commissionerate: no station.")
    bank_code = _bank_code(chosen, bank)
    if password is not None:
        passwords.check_strength(password)
    return User(
        username=name,
        role=chosen.value,
        station=code,
        bank=bank_code,
        display_name=display_name,
        password_hash=passwords.UNSET if password is None else passwords.hash_password(password),
        locale=locale if locale in LOCALES else "en",
        zones=zone_list,
        mobile=mobile,
    )


def save_user(session: Session, user: User, *, actor: Actor) -> None:
    """Add a new user in the caller's transaction, audited; a taken username is refused."""
    if session.scalar(select(User.id).where(User.username == user.username)) is not None:
        raise InputError(f"There is already a user {user.username}.")
    session.add(user)
    session.flush()
    params = {"username": user.username, "role": user.role, "station": user.station}
    if user.bank:
        params["bank"] = user.bank
    if user.zones:
        params["zones"] = user.zones
    record(session, actor=actor, code="user.created", params=params)


def do_create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    role: Role | str,
    password: str,
    station: str | None = None,
    display_name: str | None = None,
    locale: str = "en",
    bank: str | None = None,
    zones: Sequence[str] = (),
    mobile: str | None = None,
) -> User:
    number = None
    if mobile is not None:
        number = phones.clean(mobile)
        if number is None:
            raise InputError(f"{mobile!r} is not an Indian mobile number.")
    user = new_user(
        username=username,
        role=role,
        password=password,
        station=station,
        display_name=display_name,
        locale=locale,
        bank=bank,
        zones=zones,
        mobile=number,
    )
    with begin(session):
        save_user(session, user, actor=actor)
    return user


def _bank_code(role: Role, bank: str | None) -> str | None:
    code = bank.strip().upper() if bank else None
    if role in BANK_ROLES and code is None:
        raise InputError(f"A {role.value} user needs --bank (the bank's IFSC prefix, e.g. HDFC).")
    if role not in BANK_ROLES and code is not None:
        raise InputError(f"A {role.value} user does not work for a bank: no --bank.")
    if code is not None and code not in BANKS_BY_PREFIX:
        raise InputError(f"There is no bank with the IFSC prefix {code!r}.")
    return code


@dataclass(frozen=True)
class SignIn:
    user: User | None
    """None when the sign-in failed."""
    locked: bool = False


def _recent_failures(session: Session, name: str, address: str, now: datetime) -> tuple[int, int]:
    since = now - LOCK_FOR
    by_user = session.scalar(
        select(func.count()).where(LoginFailure.username == name, LoginFailure.at >= since)
    )
    by_address = session.scalar(
        select(func.count()).where(LoginFailure.address == address, LoginFailure.at >= since)
    )
    return int(by_user or 0), int(by_address or 0)


def do_sign_in(
    session: Session, *, username: str, password: str, address: str, now: datetime | None = None
) -> SignIn:
    """Check a password. Unknown users cost the same time as known ones; 5 failures within
    15 minutes, for one user or from one address, lock signing in for 15 minutes (audited)."""
    now = now or utcnow()
    name = username.strip().lower()[:64]
    address = address[:64]
    with begin(session):
        by_user, by_address = _recent_failures(session, name, address, now)
        if by_user >= MAX_FAILURES or by_address >= MAX_FAILURES:
            passwords.verify(passwords.dummy_hash(), password)  # same time as a real check
            return SignIn(None, locked=True)
        user = session.scalar(select(User).where(User.username == name, User.active.is_(True)))
        ok, rehash = passwords.verify(
            user.password_hash if user else passwords.dummy_hash(), password
        )
        if user is None or not ok:
            session.add(LoginFailure(username=name, address=address, at=now))
            system = Actor.system()
            record(session, actor=system, code="user.sign_in_failed", params={"username": name})
            if by_user + 1 >= MAX_FAILURES or by_address + 1 >= MAX_FAILURES:
                what = "user" if by_user + 1 >= MAX_FAILURES else "address"
                record(session, actor=system, code="user.locked", params={"what": what})
                return SignIn(None, locked=True)
            return SignIn(None)
        if rehash:
            user.password_hash = passwords.hash_password(password)
            record(session, actor=actor_of(user), code="user.password_rehashed")
        session.execute(delete(LoginFailure).where(LoginFailure.username == name))
        record(session, actor=actor_of(user), code="user.signed_in")
    return SignIn(user)


def do_sign_out(session: Session, *, actor: Actor) -> None:
    with begin(session):
        user = session.get(User, actor.user_id)
        if user is not None:
            user.session_epoch += 1  # every cookie of this user stops working
        record(session, actor=actor, code="user.signed_out")


def do_set_language(session: Session, *, actor: Actor, locale: str) -> None:
    if locale not in LOCALES:
        raise InputError(f"The language must be one of {', '.join(LOCALES)}.")
    with begin(session):
        user = session.get(User, actor.user_id)
        if user is not None and user.locale != locale:
            user.locale = locale
            record(session, actor=actor, code="user.language_changed", params={"locale": locale})


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def do_create_token(session: Session, *, actor: Actor, username: str) -> str:
    """A new API token for the user; returned once, stored only as its SHA-256."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with begin(session):
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise InputError(f"There is no user {username.strip().lower()}.")
        session.add(ApiToken(user_id=user.id, token_hash=_digest(token), prefix=token[:10]))
        record(
            session,
            actor=actor,
            code="token.created",
            params={"prefix": token[:10], "username": user.username},
        )
    return token


def do_revoke_token(session: Session, *, actor: Actor, token_or_prefix: str) -> int:
    """Revoke a token (given whole, or by the prefix shown in lists); returns how many."""
    value = token_or_prefix.strip()
    with begin(session):
        rows = session.scalars(
            select(ApiToken).where(
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.token_hash == _digest(value), ApiToken.prefix == value[:10])
                if len(value) >= 10
                else ApiToken.token_hash == _digest(value),
            )
        ).all()
        if not rows:
            raise InputError("No active token matches.")
        if len(rows) > 1:
            raise InputError("Several tokens match that prefix; give the whole token.")
        rows[0].revoked_at = utcnow()
        record(session, actor=actor, code="token.revoked", params={"prefix": rows[0].prefix})
    return len(rows)


def user_for_token(session: Session, token: str) -> User | None:
    """The active user of an active token (one query: every API call asks)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    return session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == _digest(token),
            ApiToken.revoked_at.is_(None),
            User.active.is_(True),
        )
    )
