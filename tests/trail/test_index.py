"""The trail index on disk: builders in several processes take turns, and a reader opening it
while it is replaced gets the old index or the new one, whole."""

from __future__ import annotations

import multiprocessing as mp
import shutil
from pathlib import Path

from cybersetu.ledger import open_store
from cybersetu.trail.index import TrailIndex, build_index


def _rebuild(store_path: str, directory: str, times: int) -> None:
    with open_store(Path(store_path), read_only=True) as store:
        for _ in range(times):
            build_index(store, Path(directory))


def test_workers_rebuilding_at_once_never_leave_a_reader_without_an_index(
    tiny_store: Path, tiny_city: Path, tmp_path: Path
) -> None:
    store_path = tmp_path / "ledger.duckdb"
    shutil.copy(tiny_store, store_path)
    directory = tmp_path / "derived" / "trail-index"
    with open_store(store_path, read_only=True) as store:
        build_index(store, directory)
    known = (tiny_city / "transactions.csv").read_text("utf-8").splitlines()[1].split(",")[0]

    ctx = mp.get_context("spawn")  # the desk's workers are processes
    builders = [
        ctx.Process(target=_rebuild, args=(str(store_path), str(directory), 4)) for _ in range(2)
    ]
    for b in builders:
        b.start()
    opened = 0
    while any(b.is_alive() for b in builders) or opened == 0:
        index = TrailIndex(directory)  # raises if it finds no index, or half of one
        assert known in index.get_txns([known])
        opened += 1
    for b in builders:
        b.join(120)
        assert b.exitcode == 0  # no builder tripped over another's renames
    assert opened > 0
    assert sorted(p.name for p in directory.parent.iterdir() if p.is_dir()) == ["trail-index"]
