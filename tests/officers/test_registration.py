"""A trader registers itself with a code sent to the shop's mobile (issue 13)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.audit.models import AuditEvent
from cybersetu.db.session import session_factory
from cybersetu.errors import InputError
from cybersetu.officers.models import User
from cybersetu.officers.registration import (
    do_add_trader,
    do_register_trader,
    do_request_registration_code,
)
from cybersetu.outbox.models import OutboxMessage
from tests.desk import PASSWORD, engine_of

SHOP = "9811122233"


@pytest.fixture
def db(desk_url: str) -> Iterator[sessionmaker[Session]]:
    with engine_of(desk_url) as engine:
        yield session_factory(engine)


def _code(db: sessionmaker[Session]) -> str:
    with db() as s:
        query = select(OutboxMessage.body).where(OutboxMessage.code == "otp.register")
        body = s.scalars(query.order_by(OutboxMessage.id.desc())).first()
    found = re.search(r"\b(\d{6})\b", body or "")
    assert found, body
    return found.group(1)


def _register(db: sessionmaker[Session], code: str, **kw: str) -> User | None:
    with db() as s:
        return do_register_trader(
            s,
            mobile=SHOP,
            code=code,
            username=kw.get("username", "gupta.kirana"),
            password=kw.get("password", PASSWORD),
            station=kw.get("station", "KTW"),
            display_name="Gupta Kirana Store",
        )


def test_a_shop_registers_with_the_code_sent_to_its_mobile(db: sessionmaker[Session]) -> None:
    with db() as s:
        do_request_registration_code(s, mobile=f"+91-{SHOP}")
    code = _code(db)
    assert _register(db, f"{(int(code) + 1) % 10**6:06d}") is None  # a wrong code
    with pytest.raises(InputError, match="password"):
        _register(db, code, password="short")  # refused before the code is used
    with pytest.raises(InputError, match="police station"):
        _register(db, code, station="XXX")
    user = _register(db, code)
    assert user is not None
    assert (user.role, user.station, user.mobile) == ("trader", "KTW", SHOP)
    with db() as s:
        codes = list(s.scalars(select(AuditEvent.code).order_by(AuditEvent.seq)))
    assert codes == ["otp.sent", "trader.registration_failed", "user.created"]


def test_a_number_registers_one_shop_and_a_code_is_used_once(db: sessionmaker[Session]) -> None:
    with db() as s:
        do_request_registration_code(s, mobile=SHOP)
    code = _code(db)
    assert _register(db, code) is not None
    with pytest.raises(InputError, match="registered"):
        _register(db, code, username="another.shop")
    with db() as s, pytest.raises(InputError, match="registered"):
        do_request_registration_code(s, mobile=SHOP)


def test_a_nodal_officer_adds_a_shop_of_its_zone_and_the_shop_sets_its_password(
    desk_url: str,
) -> None:
    from cybersetu.officers.passwords import UNSET
    from cybersetu.officers.service import actor_of, do_sign_in
    from tests.desk import add_users

    with engine_of(desk_url) as engine:
        db = session_factory(engine)
        add_users(db)
        with db() as s:
            users = {u.username: actor_of(u) for u in s.scalars(select(User))}
            with pytest.raises(InputError, match="zones"):  # SWN is Central, not West
                do_add_trader(
                    s, actor=users["no_west"], username="x.shop", station="SWN", mobile=SHOP
                )
            added = do_add_trader(
                s, actor=users["no_central"], username="sharma.medical", station="SWN", mobile=SHOP
            )
        assert added.password_hash == UNSET
        with db() as s:
            invite = s.scalars(
                select(OutboxMessage).where(OutboxMessage.code == "trader.invited")
            ).one()
            assert invite.recipient == SHOP
            assert "sharma.medical" in invite.body
            # no password signs it in yet
            assert do_sign_in(s, username="sharma.medical", password="", address="t").user is None
            do_request_registration_code(s, mobile=SHOP)
        user = _register(db, _code(db), username="ignored", station="KTW")
        assert user is not None
        assert (user.id, user.username, user.station) == (added.id, "sharma.medical", "SWN")
        with db() as s:
            signed = do_sign_in(s, username="sharma.medical", password=PASSWORD, address="t")
            assert signed.user is not None
            with pytest.raises(InputError, match="registered"):  # the number is taken now
                do_request_registration_code(s, mobile=SHOP)
