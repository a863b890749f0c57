"""Serving the desk: one process, or several worker processes sharing one port.

Python runs one thread of the desk at a time, so a busy desk needs processes, not threads. Each
worker opens its own listening socket on the same address with `SO_REUSEPORT`: the kernel then
spreads connections over the workers evenly. (One socket shared by all, as `uvicorn --workers`
does, lets whichever worker wakes first take a burst of keep-alive connections: measured, one
of two workers got three quarters of 50 clients and the desk ran on one core.)

Several workers need a ledger several processes can open: PostgreSQL. An embedded DuckDB ledger
belongs to one process, the desk.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import signal
import socket
import time
from collections.abc import Callable
from types import FrameType
from typing import Final

from cybersetu.errors import InputError
from cybersetu.ledger.opening import is_postgres_url
from cybersetu.settings import Settings

log = logging.getLogger("cybersetu.server")

#: Objects allocated before the youngest generation is collected (Python's default: 700).
YOUNG_OBJECTS: Final = 20_000

#: A worker that dies this many times within `RESTART_WINDOW` seconds is not restarted again.
MAX_RESTARTS: Final = 5
RESTART_WINDOW: Final = 60.0


def check_workers(settings: Settings, workers: int) -> None:
    if workers < 1:
        raise InputError("--workers must be at least 1.")
    if workers > 1 and not is_postgres_url(settings.store):
        raise InputError(
            "Several workers need the ledger on PostgreSQL (CYBERSETU_STORE=postgresql://…): "
            "an embedded DuckDB ledger is opened by one process only."
        )


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A socket bound to (host, port), listening; shared with sibling workers by the kernel
    when `reuse_port`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"Cannot listen on {host}:{port}: {exc.strerror}.") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run_worker(host: str, port: int, index: int) -> None:
    """One worker process: the desk from the environment's settings on its own socket. Only
    the first worker runs the sweeper, so escalations are not swept twice at once."""
    import uvicorn

    if index > 0:
        os.environ["CYBERSETU_SWEEP_SECONDS"] = "0"
    from cybersetu.web.app import create_app

    sock = listening_socket(host, port, reuse_port=True)
    app = create_app()
    settle_heap()
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def settle_heap() -> None:
    """Once the desk is built: what the process holds now (libraries, the MO model, the
    routes) lives as long as it does, so it is taken out of the garbage collector's sight,
    and collections of the young are made rarer. Each request makes thousands of objects;
    with the defaults the collector ran every few hundred and walked the whole heap every
    hundred runs (measured: 5% of a complaint's reading and tracing)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, 20, 20)


def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    *,
    ready: Callable[[], None] = lambda: None,
) -> None:
    """Serve until SIGINT or SIGTERM."""
    check_workers(settings, workers)
    # Fail here, in one sentence, rather than in every worker: is the address free? (Bound
    # without SO_REUSEPORT, so a desk already serving with workers is found too, instead of
    # quietly sharing the port with it.)
    listening_socket(host, port, reuse_port=False).close()
    if workers == 1:
        import uvicorn

        from cybersetu.web.app import create_app

        app = create_app(settings)
        settle_heap()
        ready()
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    _supervise(host, port, workers, ready)


def _supervise(host: str, port: int, workers: int, ready: Callable[[], None]) -> None:
    context = mp.get_context("spawn")
    procs: dict[int, mp.process.BaseProcess] = {}
    deaths: list[float] = []
    stopping = failed = False

    def start(index: int) -> None:
        p = context.Process(
            target=run_worker, args=(host, port, index), name=f"desk-{index}", daemon=False
        )
        p.start()
        procs[index] = p

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        for i in range(workers):
            start(i)
        ready()
        while not stopping:
            time.sleep(0.2)
            for index, p in list(procs.items()):
                if p.is_alive() or stopping:
                    continue
                now = time.monotonic()
                deaths[:] = [t for t in deaths if now - t < RESTART_WINDOW] + [now]
                if len(deaths) > MAX_RESTARTS:
                    failed, stopping = True, True
                    break
                log.warning("desk worker %d exited (code %s): restarting it", index, p.exitcode)
                start(index)
    finally:
        for p in procs.values():
            if p.is_alive() and p.pid is not None:
                os.kill(p.pid, signal.SIGTERM)
        for p in procs.values():
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
        for s, handler in previous.items():
            signal.signal(s, handler)
    if failed:
        raise InputError(
            f"The desk's workers died {MAX_RESTARTS + 1} times within {RESTART_WINDOW:.0f} s; "
            "their errors are above."
        )
