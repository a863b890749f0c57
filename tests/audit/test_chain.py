"""The audit log is append-only and hash-chained: any edit is found, at the row edited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from cybersetu.audit.service import ChainReport, record, verify_chain
from cybersetu.authz.actor import Actor
from cybersetu.db.base import begin
from cybersetu.db.session import session_factory
from tests.desk import engine_of


def _events(url: str, n: int) -> None:
    with engine_of(url) as engine:
        db = session_factory(engine)
        for i in range(n):
            with db() as s, begin(s):
                record(s, actor=Actor(7, "inv", None), code="case.note_added", case_id=i % 3)


def _verify(url: str) -> ChainReport:
    with engine_of(url) as engine, session_factory(engine)() as s:
        return verify_chain(s)


def _sql(url: str, statement: str) -> None:
    with engine_of(url) as engine, engine.begin() as conn:
        conn.execute(text(statement))


def test_an_intact_chain_verifies(desk_url: str) -> None:
    assert _verify(desk_url).events == 0
    _events(desk_url, 5)
    report = _verify(desk_url)
    assert report.intact
    assert report.events == 5


def test_unknown_event_codes_are_refused(desk_url: str) -> None:
    with (
        engine_of(desk_url) as engine,
        session_factory(engine)() as s,
        begin(s),
        pytest.raises(ValueError, match="unknown audit event"),
    ):
        record(s, actor=Actor.system(), code="case.deleted_quietly")


def test_the_database_refuses_updates_and_deletes(desk_url: str) -> None:
    _events(desk_url, 2)
    for sql in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"):
            _sql(desk_url, sql)
    assert _verify(desk_url).intact


def _drop_guard(url: str) -> None:
    """What an attacker with the database's owner rights would do first."""
    if url.startswith("postgresql"):
        _sql(url, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    else:
        _sql(url, "DROP TRIGGER audit_events_no_update")
        _sql(url, "DROP TRIGGER audit_events_no_delete")


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("UPDATE audit_events SET actor = 'someone else' WHERE seq = 3", "content"),
        ("UPDATE audit_events SET params = '{\"note\": 1}' WHERE seq = 3", "content"),
        ("DELETE FROM audit_events WHERE seq = 3", "missing"),
    ],
)
def test_an_edited_row_breaks_the_chain_at_that_row(
    desk_url: str, tamper: str, reason: str
) -> None:
    _events(desk_url, 6)
    _drop_guard(desk_url)
    _sql(desk_url, tamper)
    report = _verify(desk_url)
    assert not report.intact
    assert report.broken_at == 3
    assert reason in (report.reason or "")


def test_removing_the_last_events_is_found(desk_url: str) -> None:
    _events(desk_url, 4)
    _drop_guard(desk_url)
    _sql(desk_url, "DELETE FROM audit_events WHERE seq = 4")
    assert not _verify(desk_url).intact


def test_audit_verify_command(desk_url: str, tmp_path: Path) -> None:
    _events(desk_url, 3)
    env = {"CYBERSETU_DATABASE_URL": desk_url, "CYBERSETU_DATA_DIR": str(tmp_path)}
    run = [sys.executable, "-c", "from cybersetu.cli import main; main()", "audit", "verify"]
    ok = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "3 events, chain intact"
    _drop_guard(desk_url)
    _sql(desk_url, "UPDATE audit_events SET code = 'case.verified' WHERE seq = 2")
    bad = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1
    assert "does not verify at event 2" in bad.stderr
