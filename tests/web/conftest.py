"""A running desk (in process) over a copy of the tiny city's ledger, with one user per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybersetu.db.session import session_factory
from cybersetu.web import create_app
from tests.desk import USER_OF_ROLE, add_users, copy_store, desk_settings, engine_of, sign_in


@pytest.fixture
def app(desk_url: str, tiny_store: Path, tmp_path: Path) -> Iterator[FastAPI]:
    with engine_of(desk_url) as engine:
        add_users(session_factory(engine))
    settings = desk_settings(tmp_path, desk_url, copy_store(tiny_store, tmp_path))
    application = create_app(settings)
    with TestClient(application):  # runs the lifespan: the ledger is closed afterwards
        yield application


Clients = Callable[[str], tuple[TestClient, str]]


@pytest.fixture
def client_as(app: FastAPI) -> Iterator[Clients]:
    """A client signed in as a role (`anonymous`: not signed in) and its CSRF token."""
    opened: list[TestClient] = []

    def make(role: str) -> tuple[TestClient, str]:
        client = TestClient(app, raise_server_exceptions=True)
        opened.append(client)
        if role == "anonymous":
            from tests.desk import csrf_of

            return client, csrf_of(client.get("/login").text)
        return client, sign_in(client, USER_OF_ROLE[role])

    yield make
    for c in opened:
        c.close()
