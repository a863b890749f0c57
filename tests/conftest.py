"""Shared test harness settings and fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from tests.pgcluster import PgCluster

# CI machines are small and shared: no per-example deadline, fixed profile.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def no_network() -> Iterator[None]:
    """No test reaches the network: connects go to loopback or a Unix socket, or raise
    `tests.netguard.NetworkBlockedError` (see tests/netguard.py and tests/test_netguard.py)."""
    from tests import netguard

    with pytest.MonkeyPatch.context() as mp:
        netguard.install(mp)
        yield


@pytest.fixture(scope="session", autouse=True)
def feature_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Commands that keep features on disk keep them in the session's temporary folder, never
    in the checkout's `var/`."""
    folder = tmp_path_factory.mktemp("feature-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CYBERSETU_FEATURE_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def tiny_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic city (2,000 accounts, 6 days), generated once per test session."""
    from cybersetu.synth import SynthConfig, generate

    out = tmp_path_factory.mktemp("tiny-city")
    generate(SynthConfig(accounts=2_000, days=6, seed=3), out)
    return out


@pytest.fixture(scope="session")
def tiny_store(tiny_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny city loaded into a ledger store (treat as read-only; copy it to change it)."""
    from cybersetu.ledger import DuckDBLedgerStore, ingest

    path = tmp_path_factory.mktemp("tiny-store") / "ledger.duckdb"
    with DuckDBLedgerStore(path) as store:
        ingest(
            store,
            [tiny_city / "accounts.csv", tiny_city / "transactions.csv"],
            errors_dir=path.parent / "errors",
        )
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A real PostgreSQL server for this test session (no mock stands in for it)."""
    from tests.pgcluster import PgCluster

    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """The URL of a fresh, empty database on the session's PostgreSQL."""
    return pg_cluster.new_database()


@pytest.fixture(params=["sqlite", "postgres"])
def desk_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh desk database, on SQLite (the embedded default) and on the session's PostgreSQL,
    brought to the newest migration."""
    from cybersetu.db.migrate import upgrade

    url: str = (
        f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    upgrade(url)
    return url


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 with its smallest cost inside the test process: every desk test creates a dozen
    users and signs some in, and the production cost (64 MiB, 3 passes) made that most of the
    suite's time. What is tested stays the same (argon2, the hash verified, a hash of other
    parameters re-hashed at sign-in); commands run as subprocesses keep the production cost."""
    from argon2 import PasswordHasher

    from cybersetu.officers import passwords

    production = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords.dummy_hash.cache_clear()
    yield
    passwords._hasher = production
    passwords.dummy_hash.cache_clear()
