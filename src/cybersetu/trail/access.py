"""The ledger as a long-running process (the desk) uses it: stores opened once, a trail source
kept while the ledger does not change, and one user of a store at a time.

An embedded DuckDB store admits one process, and its connection one thread at a time: the desk
owns it and its requests take turns. A PostgreSQL store is a small pool of connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from queue import Queue

from cybersetu.ledger import LedgerStore
from cybersetu.trail.index import IndexMeta, build_index, index_is_behind
from cybersetu.trail.service import INDEX_NAME, ledger_end, ledger_source
from cybersetu.trail.source import TxnSource


class LedgerAccess:
    """`open_store` opens one connection to the ledger; `pool` of them serve requests. With
    `rebuild_in_background`, an index left far behind by a big load is rebuilt on a connection
    of its own while traces go on over the old index and the rows laid over it."""

    def __init__(
        self,
        open_store: Callable[[], LedgerStore],
        *,
        pool: int = 1,
        rebuild_in_background: bool = False,
    ) -> None:
        self._open = open_store
        self._background = rebuild_in_background
        self._rebuilding: threading.Thread | None = None
        self._pool: Queue[LedgerStore] = Queue()
        self._stores = [open_store() for _ in range(max(1, pool))]
        for s in self._stores:
            self._pool.put(s)
        self._source_lock = threading.Lock()
        self._source: TxnSource | None = None
        self._version = -1
        self._end: datetime | None = None

    @contextmanager
    def store(self) -> Iterator[LedgerStore]:
        """A store for this block alone."""
        s = self._pool.get()
        try:
            yield s
        finally:
            self._pool.put(s)

    @contextmanager
    def tracing(self) -> Iterator[tuple[LedgerStore, TxnSource]]:
        """A store and the trail source over it, rebuilt only when the ledger has new loads."""
        with self.store() as s:
            version = s.version()
            with self._source_lock:
                if self._source is None or version != self._version:
                    first = self._source is None
                    self._source = ledger_source(
                        s, rebuild_when_behind=first or not self._background
                    )
                    self._end = ledger_end(s)
                    self._version = version
                    if self._background and self._behind(s):
                        self._start_rebuild()
                source = self._source
            yield s, source

    def _behind(self, store: LedgerStore) -> bool:
        meta = IndexMeta.read(store.derived_dir(INDEX_NAME))
        return meta is not None and index_is_behind(store, meta)

    def _start_rebuild(self) -> None:
        if self._rebuilding is not None and self._rebuilding.is_alive():
            return

        def rebuild() -> None:
            store = self._open()
            try:
                build_index(store, store.derived_dir(INDEX_NAME))
            finally:
                store.close()
            with self._source_lock:
                self._version = -1  # the next trace opens the new index

        self._rebuilding = threading.Thread(target=rebuild, name="trail-index", daemon=True)
        self._rebuilding.start()

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        """For tests and shutdown: let a background rebuild finish."""
        if self._rebuilding is not None:
            self._rebuilding.join(timeout)

    def end(self) -> datetime | None:
        """The time of the ledger's last row, as of the source last used (None before)."""
        return self._end

    def close(self) -> None:
        self.wait_for_rebuild()
        for s in self._stores:
            s.close()
