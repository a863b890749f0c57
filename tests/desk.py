"""What the desk's tests share: settings for a throwaway desk, its users, signing in."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.db.session import make_engine
from cybersetu.officers.models import User
from cybersetu.officers.passwords import hash_password
from cybersetu.officers.service import do_create_user
from cybersetu.settings import Settings, get_settings

PASSWORD = "correct horse battery"
#: username -> (role, station or bank)
USERS: dict[str, tuple[str, str | None]] = {
    "hd_ktw": ("help_desk", "KTW"),
    "hd_swn": ("help_desk", "SWN"),
    "inv": ("investigator", None),
    "sup": ("supervisor", None),
    "adm": ("admin", None),
    "bank_sbin": ("bank_officer", "SBIN"),
    # traders and their nodal officers (issue 13): KTW and SWN are both in the Central zone
    "tr_ktw": ("trader", "KTW"),
    "tr_swn": ("trader", "SWN"),
    "no_central": ("nodal_officer", None),
    "no_west": ("nodal_officer", None),
    # victims (issue 11): a citizen is the mobile number of their complaints
    "cit": ("citizen", "9876543210"),
    "cit_other": ("citizen", "9123456780"),
}
#: The mobile number the tests' complaints are filed with: the citizen `cit`'s.
VICTIM_MOBILE = "9876543210"
#: username -> zones, for nodal officers
ZONES_OF: dict[str, tuple[str, ...]] = {"no_central": ("Central",), "no_west": ("West",)}
ROLES = (
    "anonymous",
    "help_desk",
    "investigator",
    "supervisor",
    "admin",
    "other_station",
    "bank_officer",
    "trader",
    "other_trader",
    "nodal_officer",
    "other_zone",
    "citizen",
    "other_citizen",
)
USER_OF_ROLE = {
    "help_desk": "hd_ktw",
    "other_station": "hd_swn",
    "investigator": "inv",
    "supervisor": "sup",
    "admin": "adm",
    "bank_officer": "bank_sbin",
    "trader": "tr_ktw",
    "other_trader": "tr_swn",
    "nodal_officer": "no_central",
    "other_zone": "no_west",
    "citizen": "cit",
    "other_citizen": "cit_other",
}


def desk_settings(tmp: Path, database_url: str, store: Path | str | None = None) -> Settings:
    base = get_settings()
    return replace(
        base,
        data_dir=tmp,
        store=str(store) if store else str(tmp / "ledger.duckdb"),
        database_url=database_url,
        secret_key="test-secret-key-not-for-production",
        sweep_seconds=0,  # tests run the sweeper themselves, with the `now` they choose
    )


@contextmanager
def engine_of(database_url: str) -> Iterator[Engine]:
    """An engine for a test, disposed after it (no connection is left open)."""
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def add_users(db: sessionmaker[Session]) -> None:
    for name, (role, where) in USERS.items():
        if role == "citizen":
            _add_citizen(db, name, where or "")
            continue
        bank = role == "bank_officer"
        with db() as session:
            do_create_user(
                session,
                actor=Actor.system("test"),
                username=name,
                role=role,
                password=PASSWORD,
                station=None if bank else where,
                bank=where if bank else None,
                zones=ZONES_OF.get(name, ()),
            )


def _add_citizen(db: sessionmaker[Session], name: str, mobile: str) -> None:
    """A citizen as a one-time code makes them, with the tests' password so that the tests sign
    them in like anyone else (a real citizen has no password anyone knows)."""
    with db() as session, session.begin():
        session.add(
            User(
                username=name, role="citizen", mobile=mobile, password_hash=hash_password(PASSWORD)
            )
        )


def copy_store(tiny_store: Path, tmp: Path) -> Path:
    path = tmp / "ledger.duckdb"
    shutil.copy(tiny_store, path)
    return path


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/").text)  # the role's first page
