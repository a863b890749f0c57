"""Awareness planned from local complaints: ranking, Cyber Jaagrookta Diwas, sessions recorded,
complaints before and after (a description), the trend chart drawn on the server."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.awareness.chart import trend_svg
from cybersetu.awareness.plan import (
    before_after,
    first_wednesday,
    next_jaagrookta_diwas,
    plan,
    week_of,
    weekly,
)
from cybersetu.awareness.service import SessionInput, do_record_session
from cybersetu.cases.models import Case
from cybersetu.errors import InputError
from cybersetu.grievances.service import FieldError

NOW = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
_n = itertools.count(1)


def complaints(db: sessionmaker[Session], station: str, mo: str, *days_ago: int) -> None:
    """Registered complaints as the desk stores them (only what the plan reads matters)."""
    with db() as s, s.begin():
        for d in days_ago:
            n = next(_n)
            s.add(
                Case(
                    ack=f"KNP-2026-9{n:05d}",
                    status="registered",
                    channel="help_desk",
                    station=station,
                    complainant_name="A",
                    narrative="x",
                    language="hi",
                    mo=mo,
                    mo_confidence=0.9,
                    created_at=NOW - timedelta(days=d),
                    stolen_paise=100_000,
                )
            )


def test_rising_fraud_ranks_first(db: sessionmaker[Session]) -> None:
    complaints(db, "KLP", "task_job_scam", 1, 3, 5, 8, 12)  # 5 recent, none before: rising
    complaints(db, "KTW", "upi_qr_scam", 2, 9, 30, 33, 36, 40, 44)  # 2 recent, 5 before
    complaints(db, "SWN", "digital_arrest", 70)  # too old
    with db() as s:
        ranked = plan(s, NOW)
        by_week = weekly(s, NOW, 12, "KLP")
    assert [(r.station, r.mo, r.audience) for r in ranked] == [
        ("KLP", "task_job_scam", "students"),
        ("KTW", "upi_qr_scam", "traders"),
    ]
    top = ranked[0]
    assert (top.recent, top.before, top.lost_paise) == (5, 0, 500_000)
    assert ranked[1].before == 5
    assert top.on == date(2026, 4, 1)  # the first Wednesday of April
    assert sum(by_week["task_job_scam"].values()) == 5
    assert week_of(NOW) == date(2026, 3, 16)


def test_cyber_jaagrookta_diwas() -> None:
    assert first_wednesday(2026, 1) == date(2026, 1, 7)
    assert next_jaagrookta_diwas(date(2026, 1, 6)) == date(2026, 1, 7)
    assert next_jaagrookta_diwas(date(2026, 1, 7)) == date(2026, 2, 4)
    assert next_jaagrookta_diwas(date(2026, 12, 10)) == date(2027, 1, 6)


def test_sessions_recorded_with_before_and_after(
    db: sessionmaker[Session], as_user: dict[str, Actor]
) -> None:
    held = NOW - timedelta(days=14)
    complaints(db, "KLP", "task_job_scam", 15, 16, 20, 10, 50)  # 50: beyond four weeks before
    complaints(db, "KTW", "task_job_scam", 13)  # another station: not counted
    data = SessionInput(
        "KLP", "CSJM University", "students", "task_job_scam", held, 220, "SI Verma"
    )
    with db() as s:
        row = do_record_session(s, data, actor=as_user["no_central"])
    with db() as s:
        ba = before_after(s, row.station, row.mo, row.held_at)
    assert (ba.before, ba.after) == (3, 1)
    with db() as s, pytest.raises(FieldError):
        do_record_session(
            s, SessionInput(**{**data.__dict__, "audience": "x"}), actor=as_user["sup"]
        )
    with db() as s, pytest.raises(InputError):
        do_record_session(s, data, actor=as_user["tr_ktw"])


def test_the_chart_is_svg_drawn_here() -> None:
    weeks = [date(2026, 3, 2) + timedelta(weeks=i) for i in range(3)]
    from collections import Counter

    series = {"task_job_scam": Counter({weeks[1]: 4}), "upi_qr_scam": Counter({weeks[2]: 2})}
    svg = trend_svg(series, weeks, title="KLP", labels={"task_job_scam": "Task scam"})
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert "<script" not in svg
    assert "https://" not in svg  # nothing to fetch from elsewhere
    assert svg == trend_svg(series, weeks, title="KLP", labels={"task_job_scam": "Task scam"})
