"""On the command line: traders and nodal officers are added, and `cybersetu sweep --now`
escalates what is overdue at that time and says so."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cybersetu.cli import app
from cybersetu.db.session import session_factory
from cybersetu.grievances import service
from cybersetu.grievances.service import GrievanceInput
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of
from tests.desk import PASSWORD, engine_of


@pytest.fixture
def env(desk_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CYBERSETU_DATABASE_URL", desk_url)
    monkeypatch.setenv("CYBERSETU_DATA_DIR", str(tmp_path))
    return desk_url


def add(*args: str) -> str:
    result = CliRunner().invoke(app, ["users", "add", *args, "--password-stdin"], input=PASSWORD)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"error: {result.exception}"
    return result.output


def test_traders_and_nodal_officers_on_the_command_line(env: str) -> None:
    assert "added" in add("shop1", "--role", "trader", "--station", "KTW")
    assert "zone Central, East" in add(
        "nodal1", "--role", "nodal_officer", "--zone", "central", "--zone", "East"
    )
    assert "needs --station" in add("shop2", "--role", "trader")
    assert "needs --zone" in add("nodal2", "--role", "nodal_officer")
    assert "no zone 'North'" in add("nodal3", "--role", "nodal_officer", "--zone", "North")
    assert "has no zone" in add("inv2", "--role", "investigator", "--zone", "West")
    with engine_of(env) as engine, session_factory(engine)() as s:
        nodal = s.scalars(select(User).where(User.username == "nodal1")).one()
        assert actor_of(nodal).zones == ("Central", "East")


def test_sweep_now_escalates_and_prints(env: str) -> None:
    add("shop1", "--role", "trader", "--station", "KTW")
    with engine_of(env) as engine, session_factory(engine)() as s:
        trader = actor_of(s.scalars(select(User).where(User.username == "shop1")).one())
        g = service.do_file_grievance(
            s, GrievanceInput("other", "Street light broken for weeks", "KTW"), actor=trader
        )
    before = CliRunner().invoke(app, ["sweep"])
    assert before.exit_code == 0, before.output
    assert "grievances.overdue: 0 escalated" in before.output
    later = (g.due_at.replace(microsecond=0) + timedelta(seconds=1)).isoformat()
    after = CliRunner().invoke(app, ["sweep", "--now", later.replace("+00:00", "Z")])
    assert after.exit_code == 0, after.output
    assert f"grievances.overdue: 1 escalated: {g.ack}" in after.output
    again = CliRunner().invoke(app, ["sweep", "--now", "2099-01-01T10:00:00"])
    assert "grievances.overdue: 0 escalated" in again.output
