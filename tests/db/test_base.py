"""`db.base` on SQLite and PostgreSQL: the writes of many rows at once (`insert_all` writes
what the ORM's unit of work writes and gives the objects back in the order of the rows; on
PostgreSQL it goes through `unnest`, its own statement; `update_all`) and the end of a reading
transaction (`end_reading`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Text, cast, inspect, select

from cybersetu.cases.models import Case, HoldRequest
from cybersetu.db.base import Base, end_reading, insert_all, table_of, update_all
from cybersetu.db.session import session_factory
from tests.desk import engine_of

NOW = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)


def case_row(n: int) -> dict[str, Any]:
    return {
        "ack": f"KNP-2026-{n:06d}",
        "status": "registered",
        "channel": "help_desk",
        "station": "KLY",
        "complainant_name": "Asha ' \" \\ {},",
        "complainant_mobile": None if n % 2 else "9876543210",
        "narrative": "पैसे कट गए, UTR 123456789012\nline two",
        "language": "hi",
        "mo": "upi_collect",
        "mo_confidence": 0.5 + n / 1000,
        "mo_alternatives": [["otp_sharing", 0.2], ["kyc_update", 0.1]],
        "created_at": NOW + timedelta(minutes=n),
        "trail": None if n % 3 == 0 else {"nodes": [{"id": "a", "amount": "1.00"}], "n": n},
        "stolen_paise": 10**12 + n,
    }


def request_row(case_id: int, n: int) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "bank": "HDFC",
        "bank_name": "HDFC Bank",
        "amount_paise": n,
        # A list of lists inside: not to be taken for more dimensions of an array.
        "accounts": [{"account": f"a{n}", "chains": [["u1", "u2"], []]}],
        "reference": f"ref/{n}",
        "due_at": None,
        "created_at": NOW,
    }


def stored(session: Any, model: type[Base], ids: list[int]) -> list[tuple[Any, ...]]:
    """Each row as the database holds it, in the order of `ids`, without its key. JSON is
    read from its text, so that JSON null and SQL NULL differ (spacing may)."""
    table = table_of(model)
    columns = [c for c in table.c if c.name not in {"id", "ack", "reference", "case_id"}]
    is_json = [isinstance(c.type, JSON) for c in columns]
    rows = session.execute(
        select(
            table.c.id, *[cast(c, Text) if j else c for c, j in zip(columns, is_json, strict=True)]
        ).where(table.c.id.in_(ids))
    ).all()
    by_id = {
        r[0]: tuple(
            ("json", json.loads(v)) if j and v is not None else v
            for v, j in zip(r[1:], is_json, strict=True)
        )
        for r in rows
    }
    return [by_id[i] for i in ids]


def test_insert_all_writes_what_the_unit_of_work_writes_in_the_order_given(
    desk_url: str,
) -> None:
    with engine_of(desk_url) as engine:
        db = session_factory(engine)
        with db() as s, s.begin():
            rows = [case_row(n) for n in range(7)]
            added = [Case(**row) for row in rows]
            s.add_all(added)
            s.flush()
            inserted = insert_all(s, Case, [{**row, "ack": f"X-{n}"} for n, row in enumerate(rows)])
            assert [c.created_at for c in inserted] == [r["created_at"] for r in rows]
            assert [c.id for c in inserted] == sorted(c.id for c in inserted)
            assert inserted[1].trail == rows[1]["trail"]
            assert inserted[0].trail is None
            assert inserted[2].mo_alternatives == rows[2]["mo_alternatives"]
            assert all(c in s for c in inserted)

            requests = insert_all(
                s, HoldRequest, [request_row(inserted[0].id, n) for n in range(5)]
            )
            assert [r.amount_paise for r in requests] == list(range(5))
            assert requests[3].accounts == request_row(0, 3)["accounts"]
            by_orm = [HoldRequest(**request_row(added[0].id, n)) for n in range(5)]
            s.add_all(by_orm)
            s.flush()
            assert insert_all(s, HoldRequest, []) == []

        with db() as s:
            assert stored(s, Case, [c.id for c in inserted]) == stored(
                s, Case, [c.id for c in added]
            )
            assert stored(s, HoldRequest, [r.id for r in requests]) == stored(
                s, HoldRequest, [r.id for r in by_orm]
            )


def test_update_all_sets_each_row_found_by_its_key_and_no_other(desk_url: str) -> None:
    with engine_of(desk_url) as engine:
        db = session_factory(engine)
        with db() as s, s.begin():
            cases = insert_all(s, Case, [case_row(n) for n in range(4)])
            changes = [
                {"id": cases[2].id, "ack": "KNP-2026-000102", "request_ref": None},
                {"id": cases[0].id, "ack": "KNP-2026-000100", "request_ref": "CYBER/x/y"},
            ]
            update_all(s, table_of(Case), changes)
            update_all(s, table_of(Case), [])
        with db() as s:
            table = table_of(Case)
            got = dict(s.execute(select(table.c.id, table.c.ack)).all())
            refs = dict(s.execute(select(table.c.id, table.c.request_ref)).all())
        assert [got[c.id] for c in cases] == [
            "KNP-2026-000100",
            "KNP-2026-000001",
            "KNP-2026-000102",
            "KNP-2026-000003",
        ]
        assert [refs[c.id] for c in cases] == ["CYBER/x/y", None, None, None]


def test_end_reading_commits_a_read_and_keeps_nothing_written_outside_an_action(
    desk_url: str,
) -> None:
    with engine_of(desk_url) as engine:
        db = session_factory(engine)
        with db() as s, s.begin():
            (kept,) = insert_all(s, Case, [case_row(1)])
        with db() as s:
            case = s.get(Case, kept.id)
            assert case is not None
            end_reading(s)
            assert not s.in_transaction()
            assert "status" in inspect(case).expired_attributes  # read afresh, as after a rollback
            s.add(Case(**case_row(2)))
            s.flush()  # a write outside an action ...
            end_reading(s)
            s.add(Case(**case_row(3)))  # ... and one never flushed
            end_reading(s)
            assert not s.in_transaction()
        with db() as s:
            assert list(s.scalars(select(Case.ack))) == [case_row(1)["ack"]]
