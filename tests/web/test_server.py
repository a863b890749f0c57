"""`cybersetu serve --workers N`: worker processes sharing one port, supervised."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx2
import pytest

from cybersetu.errors import InputError
from cybersetu.settings import get_settings
from cybersetu.web.server import check_workers
from tests.pgcluster import PgCluster
from tests.proctree import children

CLI = [sys.executable, "-c", "from cybersetu.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workers(pid: int) -> set[int]:
    """The supervisor's worker processes (spawn also starts a resource tracker)."""
    out = set()
    for p in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes():
                out.add(p)
        except OSError:
            continue
    return out


def _wait(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_several_workers_need_the_ledger_on_postgresql(tmp_path: Path) -> None:
    settings = replace(get_settings(), store=str(tmp_path / "ledger.duckdb"))
    check_workers(settings, 1)
    with pytest.raises(InputError, match="PostgreSQL"):
        check_workers(settings, 2)
    with pytest.raises(InputError, match="at least 1"):
        check_workers(replace(settings, store="postgresql://x@127.0.0.1/db"), 0)


def _serve_until_it_stops(
    args: list[str], env: dict[str, str], *, timeout: float
) -> subprocess.CompletedProcess[str]:
    """`cybersetu serve ARGS` that is expected to stop by itself, its output captured."""
    return subprocess.run(
        [*CLI, "serve", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_a_port_in_use_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "CYBERSETU_DATA_DIR": str(tmp_path), "CYBERSETU_SECRET_KEY": "t"}
        proc = _serve_until_it_stops(["--port", str(port)], env, timeout=120)
    assert proc.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture
def served(pg_cluster: PgCluster, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {
        **os.environ,
        "CYBERSETU_DATA_DIR": str(tmp_path),
        "CYBERSETU_STORE": pg_cluster.new_database(),
        "CYBERSETU_DATABASE_URL": pg_cluster.new_database(),
        "CYBERSETU_SECRET_KEY": "test",
        "CYBERSETU_SWEEP_SECONDS": "0",
    }
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx2.get(f"{base}/login", timeout=1).status_code == 200
        except httpx2.HTTPError:
            return False

    try:
        _wait(up, 120)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=60)


def test_workers_share_the_port_and_a_dead_one_is_replaced(
    served: tuple[subprocess.Popen[bytes], str],
) -> None:
    proc, base = served
    serving = _workers(proc.pid)
    assert len(serving) == 2
    # every connection is answered (eight new connections, spread by the kernel)
    for _ in range(8):
        with httpx2.Client(base_url=base) as client:
            assert client.get("/login").status_code == 200
    victim = max(serving)
    os.kill(victim, signal.SIGKILL)
    _wait(lambda: victim not in _workers(proc.pid) and len(_workers(proc.pid)) == 2)
    for _ in range(8):
        with httpx2.Client(base_url=base) as client:
            assert client.get("/login").status_code == 200


def test_sigterm_stops_every_worker(served: tuple[subprocess.Popen[bytes], str]) -> None:
    proc, _base = served
    workers = _workers(proc.pid)
    assert len(workers) == 2
    proc.terminate()
    assert proc.wait(timeout=60) == 0
    _wait(lambda: not any(Path(f"/proc/{p}").exists() for p in workers), 30)


def test_workers_that_cannot_start_stop_the_desk_with_one_sentence(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CYBERSETU_DATA_DIR": str(tmp_path),
        # nothing listens on port 1: every worker fails to open the ledger
        "CYBERSETU_STORE": "postgresql://nobody@127.0.0.1:1/ledger",
        "CYBERSETU_SECRET_KEY": "test",
        "CYBERSETU_SWEEP_SECONDS": "0",
    }
    proc = _serve_until_it_stops(["--port", str(_free_port()), "--workers", "2"], env, timeout=300)
    assert proc.returncode == 1
    assert "The desk's workers died 6 times within 60 s" in proc.stderr
