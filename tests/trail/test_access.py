"""The ledger as the desk holds it: a trace never waits for an index rebuild."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from cybersetu.ledger import ingest, open_store
from cybersetu.trail import index as index_module
from cybersetu.trail.access import LedgerAccess
from cybersetu.trail.index import LayeredSource, TrailIndex


def test_a_big_load_is_laid_over_the_index_while_it_is_rebuilt_in_the_background(
    tiny_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.duckdb"
    shutil.copy(tiny_store, path)
    access = LedgerAccess(lambda: open_store(path), rebuild_in_background=True)
    try:
        with access.tracing() as (_, source):
            assert isinstance(source, TrailIndex)
            end = access.end()
        assert end is not None
        monkeypatch.setattr(index_module, "REBUILD_AFTER_ROWS", 5)
        rows = "\n".join(
            f"BIG{i},{(end - timedelta(minutes=i)).isoformat()},SRC{i},DST{i},10.00,UPI"
            for i in range(20)
        )
        feed = tmp_path / "feed.csv"
        feed.write_text("txn_id,ts,src_account,dst_account,amount,channel\n" + rows + "\n")
        with access.store() as store:
            ingest(store, [feed], errors_dir=tmp_path)
        with access.tracing() as (_, source):
            # answered at once: the old index with the new rows over it
            assert isinstance(source, LayeredSource)
            assert "BIG3" in source.get_txns(["BIG3"])
        access.wait_for_rebuild(timeout=60)
        with access.tracing() as (_, source):
            assert isinstance(source, TrailIndex)
            assert "BIG3" in source.get_txns(["BIG3"])
    finally:
        access.close()
