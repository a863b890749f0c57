"""The desk's delivery after a request (one at a time per process, nothing left behind) and its
group commit of registrations."""

from __future__ import annotations

import asyncio
import threading

import pytest

from cybersetu.web.deps import GroupCommit, _Coalesced


def test_calls_during_a_run_make_it_go_round_once_more() -> None:
    coalesced = _Coalesced()
    assert coalesced.join_running() is False  # nothing running: the caller must run it
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
    assert coalesced.join_running() is True  # the event loop's way of doing the same
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


def test_items_that_arrive_during_a_write_go_in_together_each_with_its_result() -> None:
    groups: list[list[int]] = []
    gate = threading.Event()

    def write(items: list[int]) -> list[int]:
        if not groups:
            gate.wait(10)  # the first write is slow: the others queue behind it
        groups.append(items)
        return [i * 10 for i in items]

    async def main() -> list[int]:
        commit: GroupCommit[int, int] = GroupCommit(write, limit=3)
        first = asyncio.ensure_future(commit.submit(0))
        await asyncio.sleep(0.05)
        rest = [asyncio.ensure_future(commit.submit(i)) for i in range(1, 6)]
        await asyncio.sleep(0.05)
        gate.set()
        return [await first, *[await r for r in rest]]

    assert asyncio.run(main()) == [0, 10, 20, 30, 40, 50]
    assert groups == [[0], [1, 2, 3], [4, 5]]  # in arrival order, at most `limit` at a time


def test_a_bad_item_fails_alone_and_a_gone_submitter_loses_nothing() -> None:
    written: list[int] = []

    def write(items: list[int]) -> list[int]:
        if 13 in items:
            raise ValueError("unlucky")
        written.extend(items)
        return items

    hold = threading.Event()
    slow_written: list[int] = []

    def slow_write(items: list[int]) -> list[int]:
        hold.wait(10)
        slow_written.extend(items)
        return items

    async def main() -> tuple[list[int | BaseException], list[int]]:
        commit: GroupCommit[int, int] = GroupCommit(write)
        slow: GroupCommit[int, int] = GroupCommit(slow_write)
        first = asyncio.ensure_future(slow.submit(1))
        await asyncio.sleep(0.05)
        gone = asyncio.ensure_future(slow.submit(2))
        await asyncio.sleep(0.01)
        gone.cancel()  # its client went away while it waited
        hold.set()
        await first
        await asyncio.sleep(0.05)
        tasks = [asyncio.ensure_future(commit.submit(i)) for i in (12, 13, 14)]
        out = await asyncio.gather(*tasks, return_exceptions=True)
        return out, [await slow.submit(3)]

    out, later = asyncio.run(main())
    assert out[0] == 12
    assert out[2] == 14
    assert isinstance(out[1], ValueError)
    assert sorted(written) == [12, 14]
    assert later == [3]
    assert slow_written == [1, 2, 3]  # 2 was written though nobody waited for it
