"""A desk database with users (traders, nodal officers, a supervisor) for the grievance tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.db.session import session_factory
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of
from tests.desk import add_users, engine_of


@pytest.fixture
def db(desk_url: str) -> Iterator[sessionmaker[Session]]:
    with engine_of(desk_url) as engine:
        factory = session_factory(engine)
        add_users(factory)
        yield factory


@pytest.fixture
def as_user(db: sessionmaker[Session]) -> dict[str, Actor]:
    """Every test user's actor, by username."""
    with db() as s:
        return {u.username: actor_of(u) for u in s.scalars(select(User))}
