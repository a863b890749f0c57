"""The desk's delivery after a request: one at a time per process, nothing left behind."""

from __future__ import annotations

import threading

import pytest

from cybersetu.web.deps import _Coalesced


def test_calls_during_a_run_make_it_go_round_once_more() -> None:
    coalesced = _Coalesced()
    started, release = threading.Event(), threading.Event()
    runs: list[int] = []

    def job() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            started.set()
            release.wait(10)

    first = threading.Thread(target=coalesced.run, args=(job,))
    first.start()
    assert started.wait(10)
    for _ in range(5):  # these return at once: the running one will cover them
        coalesced.run(job)
    assert runs == [0]
    release.set()
    first.join(10)
    assert runs == [0, 1]
    coalesced.run(job)  # idle again: runs in the caller
    assert runs == [0, 1, 2]


def test_a_failing_run_does_not_leave_it_marked_running() -> None:
    coalesced = _Coalesced()

    def boom() -> None:
        raise RuntimeError("gateway down")

    with pytest.raises(RuntimeError):
        coalesced.run(boom)
    ran: list[bool] = []
    coalesced.run(lambda: ran.append(True))
    assert ran == [True]
