"""The main job, end to end on a small city; a second run reuses what is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cybersetu.cli import app
from cybersetu.demo import run_demo


def test_demo_builds_loads_reads_traces_and_drafts_requests(tmp_path: Path) -> None:
    report = run_demo(tmp_path, accounts=2_000)
    assert [s.name for s in report.steps] == [
        "Synthetic city",
        "Load into the ledger",
        "Read the complaints",
        "Trace every complaint's money",
        "Hold requests for one complaint",
        "Register the complaints at the desk",
        "Simulated banks answer",
        "Score mule risk",
    ]
    assert len(report.suspects) == 10
    assert sum(1 for s in report.suspects if s.is_mule) >= 5
    assert all(s.reasons_en and s.reasons_hi for s in report.suspects)
    t = report.totals
    assert t["seed"] > 0
    assert t["seed"] == t["hold"] + t["cash_out"] + t["merchant"] + t["frontier"] + t["untraced"]
    assert sum(report.mo_mix.values()) == report.complaints
    ex = report.example
    assert ex["hold"] > 0
    assert "<svg" in Path(ex["picture"]).read_text("utf-8")
    letters = list(Path(ex["requests_dir"]).glob("*-letter.html"))
    assert len(letters) == ex["banks"] > 0

    assert f"{report.complaints:,} complaints registered as cases" in report.steps[5].detail
    assert {role for _, role, _, _ in report.users} == {
        "help_desk", "investigator", "supervisor", "admin", "bank_officer", "trader",
        "nodal_officer",
    }  # fmt: skip
    # the latest cases were verified and sent, so the bank officer has requests to answer
    assert "latest verified and sent" in report.steps[5].detail
    # simulated banks answered the latest cases' requests; no more held than was stolen
    b = report.banks
    assert b["cases"] > 0
    assert b["answers"] >= b["cases"]
    assert b["refused"] == 0
    assert 0 < b["held"] <= b["stolen"]
    assert sum(line["held_paise"] for line in b["banks"]) == b["held"]
    _the_traders_side(tmp_path)

    again = run_demo(tmp_path, accounts=2_000)
    assert again.steps[1].detail == "already in the store"
    assert again.totals == report.totals
    assert again.steps[5].detail.startswith(f"{report.complaints:,} cases already registered")
    assert again.banks == report.banks  # the same city: the answers are reused


def _the_traders_side(folder: Path) -> None:
    """The demo's grievances (one about an account its traced money reached) and meeting."""
    from sqlalchemy import select

    from cybersetu.db.session import make_engine, session_factory
    from cybersetu.demo import demo_settings
    from cybersetu.grievances.frozen import trail_answer
    from cybersetu.grievances.models import Grievance
    from cybersetu.meetings.models import Meeting

    engine = make_engine(demo_settings(folder).database_url)
    try:
        with session_factory(engine)() as s:
            grievances = s.scalars(select(Grievance).order_by(Grievance.id)).all()
            assert [g.category for g in grievances] == [
                "frozen_account", "security_extortion", "traffic_market"
            ]  # fmt: skip
            assert grievances[0].account is not None
            assert trail_answer(s, grievances[0].account).lien_paise > 0
            assert len(s.scalars(select(Meeting)).all()) == 1
    finally:
        engine.dispose()


def test_the_demo_desk_signs_in_and_lists_the_cases(tmp_path: Path) -> None:
    import re

    from fastapi.testclient import TestClient

    from cybersetu.demo import demo_settings
    from cybersetu.web import create_app

    report = run_demo(tmp_path, accounts=2_000)
    name, _, _, password = report.users[0]  # the help desk
    with TestClient(create_app(demo_settings(tmp_path))) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token
        data = {"username": name, "password": password, "csrf_token": token.group(1)}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 303
        listed = client.get("/cases").text
        assert len(re.findall(r'href="/cases/KNP-\d{4}-\d{6}"', listed)) >= 1


def test_demo_command_prints_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERSETU_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["demo", "--accounts", "2000", "--no-serve"])
    assert result.exit_code == 0, result.output
    for text in (
        "What ran",
        "Where the complaints' money is",
        "Can still be held",
        "Complaint KNP-",
        "Simulated banks answer the",
        "To hold",
        "Demo users (passwords for this demo only)",
    ):
        assert text in result.output
