"""How fast the desk answers: a complaint POST with every hold request drafted, a case page, and a
national day of complaints through the API.

On the 1M-transaction synthetic city (made and loaded into var/bench if missing):

1. In process (FastAPI's test client): `POST /api/v1/complaints` for N of the city's complaints
   (the payments taken from the narrative's UTRs and the ledger), p50/p95; the baseline in the
   same run is the domain work alone (reading the narrative and `trace_complaints` with its
   requests), so the ratio is what the web, the database and the audit log add.
2. The same through uvicorn on loopback (one client).
3. The case page (`GET /cases/{ack}`, HTML) p50/p95.
4. A national day (with `--day`): 6,000 complaints through the API on PostgreSQL (the desk's
   database and the ledger on a throwaway server), `cybersetu serve --workers N`, 50
   concurrent clients on loopback: throughput and p95, against one client in the same run.

    python -m benchmarks desk [--accounts 50000] [--complaints 200] [--day] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx2
from tests.proctree import stat_fields, tree

from benchmarks.bench_trail import city, load_city
from cybersetu.authz.actor import Actor
from cybersetu.complaints import read_complaints
from cybersetu.db.migrate import upgrade
from cybersetu.db.session import make_engine, session_factory
from cybersetu.intake import analyze
from cybersetu.ledger import open_store
from cybersetu.officers.service import do_create_token, do_create_user
from cybersetu.settings import get_settings
from cybersetu.trail.service import ledger_end, ledger_source, trace_complaints

PASSWORD = "benchmark password"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(label: str, ms: list[float]) -> str:
    return (
        f"{label}: p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms "
        f"({len(ms)} requests)"
    )


def bodies(folder: Path, n: int) -> list[dict[str, Any]]:
    out = []
    lines = (folder / "complaints.jsonl").read_text("utf-8").splitlines()
    for i in range(n):
        c = json.loads(lines[i % len(lines)])
        out.append(
            {
                "channel": "help_desk",
                "station": c["police_station"]["code"],
                "complainant": {
                    "name": c["complainant"]["name"],
                    "mobile": c["complainant"]["mobile"],
                },
                "narrative": c["narrative"],
            }
        )
    return out


def prepare_desk(database_url: str) -> dict[str, str]:
    """Users and their tokens in a fresh desk database."""
    upgrade(database_url)
    engine = make_engine(database_url)
    db = session_factory(engine)
    with db() as s:
        do_create_user(
            s, actor=Actor.system("bench"), username="inv", role="investigator", password=PASSWORD
        )
    with db() as s:
        token = do_create_token(s, actor=Actor.system("bench"), username="inv")
    engine.dispose()
    return {"Authorization": f"Bearer {token}"}


def timed(call: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def in_process(store: Path, folder: Path, n: int) -> None:
    from fastapi.testclient import TestClient

    from cybersetu.web import create_app

    work = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    url = f"sqlite:///{work / 'desk.sqlite3'}"
    auth = prepare_desk(url)
    settings = replace(get_settings(), data_dir=work, store=str(store), database_url=url)
    items = bodies(folder, n)
    complaints = read_complaints(folder / "complaints.jsonl")[:n]

    # The baseline: the domain work alone, on the same ledger.
    with open_store(store, read_only=True) as ledger:
        source = ledger_source(ledger)
        end = ledger_end(ledger)
        from cybersetu.trail.service import TraceOptions

        it = iter(complaints)

        def domain() -> None:
            c = next(it)
            analyze(c.narrative)
            if c.payments:
                trace_complaints(ledger, [c], TraceOptions(as_of=end), source=source)

        base = timed(domain, len(complaints))
    print(summary("domain only (read the narrative, trace, draft requests)", base), flush=True)

    with TestClient(create_app(settings)) as client:
        queue = iter(items)
        acks: list[str] = []

        def post() -> None:
            r = client.post("/api/v1/complaints", json=next(queue), headers=auth)
            assert r.status_code == 201, r.text
            acks.append(r.json()["ack"])

        post_ms = timed(post, len(items))
        print(summary("POST /api/v1/complaints in process", post_ms), flush=True)
        print(
            f"  ratio to the domain work at p95: "
            f"{percentile(post_ms, 0.95) / percentile(base, 0.95):.2f}x",
            flush=True,
        )
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        login = {"username": "inv", "password": PASSWORD, "csrf_token": token.group(1)}
        client.post("/login", data=login, follow_redirects=False)
        page = iter(acks)

        def case_page() -> None:
            r = client.get(f"/cases/{next(page)}")
            assert r.status_code == 200

        pages = timed(case_page, len(acks))
        print(summary("GET /cases/{ack} (the case page) in process", pages), flush=True)
    shutil.rmtree(work, ignore_errors=True)

    # Through uvicorn (one client, loopback).
    work = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    url = f"sqlite:///{work / 'desk.sqlite3'}"
    auth = prepare_desk(url)
    env = {
        **os.environ,
        "CYBERSETU_DATA_DIR": str(work),
        "CYBERSETU_STORE": str(store),
        "CYBERSETU_DATABASE_URL": url,
        "CYBERSETU_SECRET_KEY": "bench",
    }
    with (
        desk_server(env, workers=1) as base_url,
        httpx2.Client(base_url=base_url, timeout=60) as http,
    ):
        queue = iter(items)

        def post_http() -> None:
            r = http.post("/api/v1/complaints", json=next(queue), headers=auth)
            assert r.status_code == 201, r.text

        print(
            summary("POST /api/v1/complaints through uvicorn", timed(post_http, len(items))),
            flush=True,
        )
    shutil.rmtree(work, ignore_errors=True)


class desk_server:  # noqa: N801 - used as a context manager, like a function
    """`cybersetu serve --workers N` in a subprocess: its base URL."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.env, self.workers = env, workers
        self.port = free_port()

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            [
                sys.executable, "-c", "from cybersetu.cli import main; main()", "serve",
                "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                if httpx2.get(f"{base}/login", timeout=1).status_code == 200:
                    return base
            except httpx2.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the desk did not start")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


async def _client(
    host: str, port: int, requests: list[bytes], latencies: list[float], errors: list[str]
) -> None:
    """One keep-alive connection posting its requests one after the other. Requests are
    prepared bytes and responses are parsed only as far as the status and Content-Length, so a
    client costs the shared cores little (50 httpx clients in threads cost about as much CPU as
    the desk they measure)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for raw in requests:
            t0 = time.perf_counter()
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            latencies.append((time.perf_counter() - t0) * 1000)
            if status != 201:
                errors.append(f"{status} {body[:200]!r}")
    finally:
        writer.close()


def post_bytes(port: int, body: dict[str, Any], auth: dict[str, str]) -> bytes:
    data = json.dumps(body).encode()
    head = (
        f"POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: {auth['Authorization']}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def load(
    port: int, requests: list[bytes], clients: int, latencies: list[float] | None = None
) -> tuple[float, list[float], list[str]]:
    """`clients` connections share the requests round-robin; (seconds, latencies, errors).
    `latencies` (given, it is filled as responses come) lets another thread watch progress."""
    latencies = [] if latencies is None else latencies
    errors: list[str] = []

    async def run() -> None:
        shares = [requests[i::clients] for i in range(clients)]
        await asyncio.gather(
            *(_client("127.0.0.1", port, s, latencies, errors) for s in shares if s)
        )

    t0 = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - t0, latencies, errors


class Quarters(threading.Thread):
    """CPU per complaint in each quarter of the day, for the desk and PostgreSQL: does a
    complaint cost more as the day's tables fill?"""

    def __init__(self, roots: dict[str, int], done: list[float], total: int) -> None:
        super().__init__(daemon=True)
        self.roots, self.done, self.total = roots, done, total
        self.samples: list[tuple[int, dict[str, float]]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.take()

    def take(self) -> None:
        self.samples.append((len(self.done), {k: tree_cpu(pid) for k, pid in self.roots.items()}))

    def _nearest(self, mark: int) -> tuple[int, dict[str, float]]:
        return min(self.samples, key=lambda sample: abs(sample[0] - mark))

    def report(self) -> str:
        marks = [self.total * q // 4 for q in range(5)]
        # the sample nearest each mark (the first is taken before the day starts)
        nearest = [self._nearest(m) for m in marks]
        parts = []
        for name in self.roots:
            per = []
            for (n0, c0), (n1, c1) in itertools.pairwise(nearest):
                per.append(f"{(c1[name] - c0[name]) / max(1, n1 - n0) * 1000:.1f}")
            parts.append(f"{name} {' / '.join(per)} ms")
        return "CPU per complaint by quarter of the day: " + ", ".join(parts)


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by `root` and its descendants, live or already reaped (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = 0.0
    for pid in tree(root):
        fields = stat_fields(pid)
        if fields is not None:
            # utime, stime, and the children's that this process has waited for
            used += sum(int(x) for x in fields[11:15]) / ticks
    return used


def stored(database_url: str) -> str:
    """What the desk's database holds after a run: the check that every complaint went in
    whole (cases, their hold requests and audit events, the chain intact)."""
    from sqlalchemy import func, select

    from cybersetu.audit.models import AuditEvent
    from cybersetu.audit.service import verify_chain
    from cybersetu.cases.models import Case, HoldRequest

    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as s:
            counts = [
                s.scalar(select(func.count()).select_from(m))
                for m in (Case, HoldRequest, AuditEvent)
            ]
            chain = verify_chain(s)
    finally:
        engine.dispose()
    return (
        f"stored: {counts[0]:,} cases, {counts[1]:,} hold requests, {counts[2]:,} audit events, "
        f"chain {'intact' if chain.intact else f'broken at {chain.broken_at}'}"
    )


def national_day(folder: Path, total: int, clients: int, workers: int) -> None:
    from tests.pgcluster import PgCluster

    cluster = PgCluster().start()
    # The trail index of a throwaway database is named by its URL (a new port each run), so it
    # lives and dies with the run rather than piling up in var/bench.
    work = Path(tempfile.mkdtemp(prefix="bench-desk-day-"))
    try:
        ledger_url = cluster.new_database()
        with open_store(ledger_url, derived_root=work) as ledger:
            print(f"  PostgreSQL ledger loaded in {load_city(ledger, folder):.1f} s", flush=True)
            ledger_source(ledger)  # build the trail index once, before the clock starts
        desk_url = cluster.new_database()
        auth = prepare_desk(desk_url)
        env = {
            **os.environ,
            "CYBERSETU_DATA_DIR": str(work),
            "CYBERSETU_STORE": ledger_url,
            "CYBERSETU_DATABASE_URL": desk_url,
            "CYBERSETU_SECRET_KEY": "bench",
        }
        items = bodies(folder, total + 100)
        server = desk_server(env, workers)
        with server:
            raw = [post_bytes(server.port, b, auth) for b in items]
            # One client first (it also warms every worker up), then the day.
            _, single, errors = load(server.port, raw[:100], 1)
            postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
            cpu0 = resource.getrusage(resource.RUSAGE_SELF)
            desk0, pg0 = tree_cpu(server.proc.pid), tree_cpu(postmaster)
            latencies: list[float] = []
            quarters = Quarters(
                {"desk": server.proc.pid, "PostgreSQL": postmaster}, latencies, total
            )
            quarters.take()
            quarters.start()
            seconds, latencies, day_errors = load(server.port, raw[100:], clients, latencies)
            quarters.stop.set()
            quarters.join()
            quarters.take()
            desk_cpu = tree_cpu(server.proc.pid) - desk0
            pg_cpu = tree_cpu(postmaster) - pg0
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            errors += day_errors
        client_cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        rate = len(latencies) / seconds
        single_rate = 1000 / statistics.mean(single)
        print(
            f"national day on PostgreSQL: {len(latencies):,} complaints in {seconds:.1f} s "
            f"({rate:.1f}/s) with {clients} clients and {workers} desk worker(s); "
            f"{summary('latency', latencies)}; errors {len(errors)}; "
            f"the clients used {client_cpu:.1f} s of CPU",
            flush=True,
        )
        n = len(latencies)
        print(
            f"  CPU per complaint: desk {desk_cpu / n * 1000:.1f} ms, PostgreSQL "
            f"{pg_cpu / n * 1000:.1f} ms, clients {client_cpu / n * 1000:.2f} ms",
            flush=True,
        )
        print(f"  {quarters.report()}", flush=True)
        print(
            f"  one client in the same run: {single_rate:.1f}/s, "
            f"{summary('latency', single)}; concurrency gives {rate / single_rate:.1f}x",
            flush=True,
        )
        print(f"  {stored(desk_url)}", flush=True)
        if errors:
            print("  first error:", errors[0])
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_desk")
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--complaints", type=int, default=200)
    parser.add_argument("--day", action="store_true", help="also the national day on PostgreSQL")
    parser.add_argument("--day-complaints", type=int, default=6_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only-day", action="store_true", help="only the national day")
    args = parser.parse_args(argv)
    folder, store = city(args.accounts)
    if not args.only_day:
        in_process(store, folder, args.complaints)
    if args.day or args.only_day:
        national_day(folder, args.day_complaints, args.clients, args.workers)


if __name__ == "__main__":
    main(sys.argv[1:])
