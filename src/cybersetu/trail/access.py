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
from cybersetu.trail.service import ledger_end, ledger_source
from cybersetu.trail.source import TxnSource


class LedgerAccess:
    def __init__(self, open_store: Callable[[], LedgerStore], *, pool: int = 1) -> None:
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
                    self._source = ledger_source(s)
                    self._end = ledger_end(s)
                    self._version = version
                source = self._source
            yield s, source

    def end(self) -> datetime | None:
        """The time of the ledger's last row, as of the source last used (None before)."""
        return self._end

    def close(self) -> None:
        for s in self._stores:
            s.close()
