"""Writing registrations on PostgreSQL: the desk's `insert_all` (one array per column through
`unnest`) against SQLAlchemy's own ORM bulk INSERT ... RETURNING (what a competent engineer
writes first, and what the desk used before), alternated in the same process.

    python -m benchmarks register [--accounts 50000] [--complaints 600] [--group 30] [--rounds 3]

The city's complaints are read and traced once (`prepare_complaint`, no database); then each
round registers all of them, `--group` to a transaction as group commit does under load, with
one way of inserting and then the other, into the same database (so the later rounds meet more
duplicates, as a day does). CPU of this process per complaint; PostgreSQL's is not counted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session
from tests.pgcluster import PgCluster

from benchmarks.bench_desk import PASSWORD
from benchmarks.bench_trail import city
from cybersetu.authz.actor import Actor
from cybersetu.cases import service
from cybersetu.cases.service import ComplaintInput, do_register_complaints, prepare_complaint
from cybersetu.db.base import insert_all
from cybersetu.db.migrate import upgrade
from cybersetu.db.session import make_engine, session_factory
from cybersetu.ledger import open_store
from cybersetu.officers.roles import Role
from cybersetu.officers.service import do_create_user
from cybersetu.trail.access import LedgerAccess


def orm_bulk_insert(session: Session, model: Any, rows: Any) -> list[Any]:
    """The baseline: SQLAlchemy's ORM bulk insert, objects back in the order of the rows."""
    if not rows:
        return []
    return list(session.scalars(insert(model).returning(model, sort_by_parameter_order=True), rows))


def _use(way: Any) -> None:
    """Swap the way of inserting in where the registration looks it up."""
    vars(service)["insert_all"] = way


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_register")
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--complaints", type=int, default=600)
    parser.add_argument("--group", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    folder, store = city(args.accounts)
    lines = (folder / "complaints.jsonl").read_text("utf-8").splitlines()[: args.complaints]
    with open_store(store, read_only=True) as ledger:
        access = LedgerAccess(lambda: ledger)
        prepared = []
        for line in lines:
            c = json.loads(line)
            data = ComplaintInput(
                "help_desk",
                c["police_station"]["code"],
                c["complainant"]["name"],
                c["complainant"]["mobile"],
                c["narrative"],
            )
            prepared.append(prepare_complaint(access, data))
    cluster = PgCluster().start()
    try:
        url = cluster.new_database()
        upgrade(url)
        engine = make_engine(url)
        db = session_factory(engine)
        with db() as s:
            user = do_create_user(
                s,
                actor=Actor.system("bench"),
                username="inv",
                role="investigator",
                password=PASSWORD,
            )
            actor = Actor(user.id, user.username, Role.INVESTIGATOR)
        ways = {"ORM bulk insert (baseline)": orm_bulk_insert, "insert_all (unnest)": insert_all}
        cpu: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.rounds):
            for name, way in ways.items():
                _use(way)
                t0 = time.process_time()
                for i in range(0, len(prepared), args.group):
                    with db() as s:
                        do_register_complaints(
                            s, [(p, actor) for p in prepared[i : i + args.group]]
                        )
                cpu[name].append((time.process_time() - t0) / len(prepared) * 1000)
        _use(insert_all)
        engine.dispose()
    finally:
        cluster.stop()
    base = statistics.median(cpu["ORM bulk insert (baseline)"])
    for name, values in cpu.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(
            f"{name}: {statistics.median(values):.2f} ms of CPU per complaint "
            f"(rounds {runs}; {statistics.median(values) / base:.2f}x the baseline)",
            flush=True,
        )
