"""A desk database with users, and a ledger (the tiny city), for the case tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.db.session import session_factory
from cybersetu.ledger import open_store
from cybersetu.trail.access import LedgerAccess
from tests.desk import add_users, copy_store, engine_of


@pytest.fixture
def db(desk_url: str) -> Iterator[sessionmaker[Session]]:
    with engine_of(desk_url) as engine:
        factory = session_factory(engine)
        add_users(factory)
        yield factory


@pytest.fixture
def access(tiny_store: Path, tmp_path: Path) -> Iterator[LedgerAccess]:
    path = copy_store(tiny_store, tmp_path)
    ledger = LedgerAccess(lambda: open_store(path))
    yield ledger
    ledger.close()


@pytest.fixture(scope="session")
def city_complaints(tiny_city: Path) -> list[dict[str, Any]]:
    lines = (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]
