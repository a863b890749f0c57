"""Yearly counters for acknowledgement numbers: unique and gap-free under concurrent writers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cybersetu.db.base import core, insert_for, table_of


def next_in_year(session: Session, counter: Any, year: int, *, count: int = 1) -> int:
    """Take the next `count` numbers of `year` in `counter` (a model with `year` and `last`
    columns) inside the caller's transaction, in one statement; the last of them. The upsert
    locks the year's row until commit, so concurrent takers wait for each other and a
    rolled-back one gives its numbers back."""
    if count < 1:
        raise ValueError("count must be at least 1")
    table = table_of(counter)
    statement = (
        insert_for(session, table)
        .values(year=year, last=count)
        .on_conflict_do_update(index_elements=[table.c.year], set_={"last": table.c.last + count})
        .returning(table.c.last)
    )
    number: int = core(session).execute(statement).scalar_one()
    return number
