"""Yearly counters for acknowledgement numbers: unique and gap-free under concurrent writers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def next_in_year(session: Session, counter: Any, year: int) -> int:
    """The next number of `year` in `counter` (a model with `year` and `last` columns), inside
    the caller's transaction: the UPDATE locks the year's row until commit, so concurrent takers
    wait for each other and a rolled-back one gives its number back."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(counter).values(year=year, last=0).on_conflict_do_nothing())
    number: int = session.execute(
        update(counter)
        .where(counter.year == year)
        .values(last=counter.last + 1)
        .returning(counter.last)
    ).scalar_one()
    return number
