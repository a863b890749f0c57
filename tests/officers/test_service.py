"""Users, passwords, sign-in throttling and API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.authz.actor import Actor
from cybersetu.db.base import utcnow
from cybersetu.db.session import session_factory
from cybersetu.errors import InputError
from cybersetu.officers import passwords
from cybersetu.officers.models import ApiToken, User
from cybersetu.officers.service import (
    do_create_token,
    do_create_user,
    do_revoke_token,
    do_sign_in,
    user_for_token,
)
from tests.desk import PASSWORD, engine_of

SYSTEM = Actor.system("test")


@pytest.fixture
def db(desk_url: str) -> Iterator[sessionmaker[Session]]:
    with engine_of(desk_url) as engine:
        factory = session_factory(engine)
        with factory() as s:
            do_create_user(
                s, actor=SYSTEM, username="Inv.One", role="investigator", password=PASSWORD
            )
        yield factory


def codes(db: sessionmaker[Session]) -> list[str]:
    with db() as s:
        return list(s.scalars(select(AuditEvent.code).order_by(AuditEvent.seq)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "x"}, "A username is 2 to 63"),
        ({"role": "bank_manager"}, "The role must be one of"),
        ({"role": "help_desk"}, "needs --station"),
        ({"role": "help_desk", "station": "ZZZ"}, "no police station with the code"),
        ({"station": "KTW"}, "whole commissionerate"),
        ({"password": "short"}, "at least 10 characters"),
        ({"username": "inv.one"}, "already a user inv.one"),
    ],
)
def test_bad_users_are_refused(
    db: sessionmaker[Session], kwargs: dict[str, str], message: str
) -> None:
    args = {"username": "newbie", "role": "investigator", "password": PASSWORD, **kwargs}
    with db() as s, pytest.raises(InputError, match=message):
        do_create_user(s, actor=SYSTEM, **args)


def test_passwords_are_argon2_and_users_are_audited(db: sessionmaker[Session]) -> None:
    with db() as s:
        user = s.scalars(select(User)).one()
    assert user.username == "inv.one"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert codes(db) == ["user.created"]


def test_sign_in(db: sessionmaker[Session]) -> None:
    with db() as s:
        assert do_sign_in(s, username="INV.ONE ", password=PASSWORD, address="10.0.0.1").user
        assert (
            do_sign_in(s, username="inv.one", password="wrong password", address="10.0.0.1").user
            is None
        )
        assert do_sign_in(s, username="nobody", password=PASSWORD, address="10.0.0.1").user is None
    assert codes(db)[1:] == ["user.signed_in", "user.sign_in_failed", "user.sign_in_failed"]


def test_an_unknown_user_costs_a_real_password_check(
    db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = passwords.verify

    def spy(stored: str, password: str) -> tuple[bool, bool]:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify", spy)
    with db() as s:
        do_sign_in(s, username="nobody", password=PASSWORD, address="a")
    assert checked == [passwords.dummy_hash()]  # the same argon2 work as a real user's check


def test_five_failures_lock_the_user_for_15_minutes(db: sessionmaker[Session]) -> None:
    now = utcnow()
    with db() as s:
        for i in range(5):
            r = do_sign_in(s, username="inv.one", password="nope", address=f"10.0.0.{i}", now=now)
        assert r.locked
        later = do_sign_in(s, username="inv.one", password=PASSWORD, address="10.9.9.9", now=now)
        assert later.user is None
        assert later.locked
        after = now + timedelta(minutes=16)
        assert do_sign_in(
            s, username="inv.one", password=PASSWORD, address="10.9.9.9", now=after
        ).user
    assert "user.locked" in codes(db)


def test_five_failures_from_one_address_lock_that_address(db: sessionmaker[Session]) -> None:
    now = utcnow()
    with db() as s:
        for i in range(5):
            do_sign_in(s, username=f"guess{i}", password="nope", address="203.0.113.7", now=now)
        assert do_sign_in(
            s, username="inv.one", password=PASSWORD, address="203.0.113.7", now=now
        ).locked
        assert do_sign_in(
            s, username="inv.one", password=PASSWORD, address="198.51.100.1", now=now
        ).user


def test_an_old_hash_is_upgraded_at_sign_in(db: sessionmaker[Session]) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with db() as s:
        user = s.scalars(select(User)).one()
        user.password_hash = weak
        s.commit()
        assert do_sign_in(s, username="inv.one", password=PASSWORD, address="a").user
        s.expire_all()
        assert s.scalars(select(User)).one().password_hash != weak
    assert "user.password_rehashed" in codes(db)


def test_tokens_are_shown_once_stored_hashed_and_revocable(db: sessionmaker[Session]) -> None:
    with db() as s:
        token = do_create_token(s, actor=SYSTEM, username="inv.one")
        assert token.startswith("cst_")
        assert len(token) > 40
        stored = s.scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.prefix)
        assert user_for_token(s, token) is not None
        assert user_for_token(s, token + "x") is None
        assert user_for_token(s, "Bearer nonsense") is None
        assert do_revoke_token(s, actor=SYSTEM, token_or_prefix=token[:10]) == 1
        assert user_for_token(s, token) is None
        with pytest.raises(InputError, match="No active token"):
            do_revoke_token(s, actor=SYSTEM, token_or_prefix=token)
        with pytest.raises(InputError, match="no user"):
            do_create_token(s, actor=SYSTEM, username="ghost")
        assert s.scalar(select(func.count()).select_from(ApiToken)) == 1
    assert codes(db)[-2:] == ["token.created", "token.revoked"]
