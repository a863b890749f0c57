"""A read-only index of the ledger for tracing: rows grouped by account, memory-mapped from disk.

A trace touches a few dozen accounts out of millions, and must answer in the golden hour, so each
lookup must cost microseconds and not a query over the whole ledger. The index is built once from
the ledger (sorted by source account, time and reference; numpy arrays saved as `.npy`) and opened
with `mmap`, so opening it costs nothing and a trace reads only the pages of the accounts it
visits. Rows loaded after the index was built (for example a bank's response) are read from the
store directly and laid over it (`LayeredSource`), so the index never has to be rebuilt to see
them; `open_source` rebuilds it when that overlay grows large.

The index is built from the store's Parquet export (any backend), numbered and sorted by a
private in-memory DuckDB: a columnar engine sorts ten million rows in seconds, where Python
would take minutes. It never sees the store itself.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import duckdb
import numpy as np
import numpy.typing as npt

from cybersetu.errors import InputError
from cybersetu.interchange import AccountType, Channel
from cybersetu.ledger import Kind, LedgerStore
from cybersetu.trail.source import MemorySource, TxnSource, txn_of
from cybersetu.trail.trails import Txn

FORMAT_VERSION: Final = 1
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
CHANNELS: Final = tuple(str(c) for c in Channel)
TYPES: Final = (None, *(str(t) for t in AccountType))
NOT_IN_ACCOUNTS: Final = -1
#: Rebuild the index when more rows than this arrived after it was built.
REBUILD_AFTER_ROWS: Final = 200_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IndexMeta:
    format: int
    ledger_version: int  # the highest load id included
    fingerprint: str  # of the loads included: a different store with as many loads differs
    rows: int
    accounts: int
    built_at: str

    @classmethod
    def read(cls, directory: Path) -> IndexMeta | None:
        try:
            with _flock(directory, "swap", fcntl.LOCK_SH):
                text = (directory / "meta.json").read_text("utf-8")
            data = json.loads(text)
            meta = cls(**data)
        except (OSError, ValueError, TypeError):
            return None
        return meta if meta.format == FORMAT_VERSION else None


@contextmanager
def _flock(directory: Path, suffix: str, mode: int) -> Iterator[None]:
    """An advisory lock beside the index, shared by every process of the machine (flock):
    `.build` is held while building (builders take turns), `.swap` exclusively while the new
    index replaces the old and shared while a reader opens it (the swap is two renames: a
    reader must see the old index or the new one, never neither or half of each). Where the
    lock file cannot be made (read-only media) the work goes on unlocked: nothing can be built
    there anyway."""
    handle = None
    try:
        if mode == fcntl.LOCK_EX:  # a reader makes no folder: with none there is no index
            directory.parent.mkdir(parents=True, exist_ok=True)
        handle = (directory.parent / f"{directory.name}.{suffix}.lock").open("a+b")
    except OSError:
        pass
    if handle is None:
        yield
        return
    with handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _strings(values: Any) -> npt.NDArray[np.bytes_]:
    """An Arrow string column as a fixed-width bytes array (sortable, searchable, mappable)."""
    return np.array([v.encode("utf-8") for v in values.to_pylist()], dtype=np.bytes_)


def build_index(store: LedgerStore, directory: Path, progress: Progress | None = None) -> IndexMeta:
    """Build the index of every row in the store into `directory` (replaced atomically; one
    builder at a time, across processes: the desk's workers may all find it behind)."""
    with _flock(directory, "build", fcntl.LOCK_EX):
        return _build_index(store, directory, progress)


def _build_index(store: LedgerStore, directory: Path, progress: Progress | None) -> IndexMeta:
    say = progress or (lambda _msg: None)
    version = store.version()
    fingerprint = store.fingerprint(version)
    say("Reading the ledger")
    with tempfile.TemporaryDirectory(prefix="cybersetu-index-") as tmp:
        txns, accounts = Path(tmp) / "transactions.parquet", Path(tmp) / "accounts.parquet"
        store.export_parquet(Kind.TRANSACTIONS, txns, upto=version)
        store.export_parquet(Kind.ACCOUNTS, accounts, upto=version)
        con = duckdb.connect(config={"temp_directory": tmp})
        try:
            con.execute("SET TimeZone = 'UTC'")
            con.read_parquet(str(txns)).create_view("transactions")
            con.read_parquet(str(accounts)).create_view("accounts")
            arrays, rows, n_accounts = _sorted_arrays(con, say)
        finally:
            con.close()
    meta = IndexMeta(
        FORMAT_VERSION, version, fingerprint, rows, n_accounts, datetime.now(UTC).isoformat()
    )
    say("Writing the index")
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=".trail-index-", dir=directory.parent))
    for name, array in arrays.items():
        np.save(tmp_dir / f"{name}.npy", array)
    (tmp_dir / "meta.json").write_text(json.dumps(meta.__dict__), encoding="utf-8")
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)  # left by a builder that died here
    with _flock(directory, "swap", fcntl.LOCK_EX):
        if directory.exists():
            directory.rename(old)
        tmp_dir.rename(directory)
    shutil.rmtree(old, ignore_errors=True)  # readers' maps of it stay valid (Linux)
    return meta


def _sorted_arrays(
    con: duckdb.DuckDBPyConnection, say: Progress
) -> tuple[dict[str, npt.NDArray[Any]], int, int]:
    """The index's arrays from the exported `transactions` and `accounts` views."""
    say("Numbering accounts")
    con.execute(
        """
        CREATE TEMP TABLE _trail_accounts AS
        SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS code FROM (
            SELECT src_account AS id FROM transactions
            UNION SELECT dst_account FROM transactions
            UNION SELECT account_id FROM accounts)
        """
    )
    accounts = con.sql(
        """
        SELECT a.id, x.account_type, x.account_id IS NOT NULL AS known
        FROM _trail_accounts a LEFT JOIN accounts x ON x.account_id = a.id ORDER BY a.code
        """
    ).to_arrow_table()
    say("Sorting rows by account and time")
    rows = con.sql(
        """
        SELECT epoch_us(t.ts) AS ts_us, t.txn_id, s.code AS src, d.code AS dst,
               t.amount_paise AS amount, t.channel
        FROM transactions t
        JOIN _trail_accounts s ON s.id = t.src_account
        JOIN _trail_accounts d ON d.id = t.dst_account
        ORDER BY src, ts_us, t.txn_id
        """
    ).to_arrow_table()
    con.execute("DROP TABLE _trail_accounts")

    say("Arranging the index")
    types = accounts.column("account_type").to_pylist()
    known = accounts.column("known").to_pylist()
    type_code = np.array(
        [TYPES.index(t) if k else NOT_IN_ACCOUNTS for t, k in zip(types, known, strict=True)],
        dtype=np.int8,
    )
    src = rows.column("src").to_numpy().astype(np.int32)
    dst = rows.column("dst").to_numpy().astype(np.int32)
    n_accounts = accounts.num_rows
    channel_of = {c: i for i, c in enumerate(CHANNELS)}
    txn_ids = _strings(rows.column("txn_id"))
    in_perm = np.argsort(dst, kind="stable").astype(np.int64)
    arrays: dict[str, npt.NDArray[Any]] = {
        "account_ids": _strings(accounts.column("id")),
        "account_type": type_code,
        "ts_us": rows.column("ts_us").to_numpy().astype(np.int64),
        "txn_id": txn_ids,
        "src": src,
        "dst": dst,
        "amount": rows.column("amount").to_numpy().astype(np.int64),
        "channel": np.array(
            [channel_of[c] for c in rows.column("channel").to_pylist()], dtype=np.int8
        ),
        "out_start": np.searchsorted(src, np.arange(n_accounts + 1)).astype(np.int64),
        "in_perm": in_perm,
        "in_start": np.searchsorted(dst[in_perm], np.arange(n_accounts + 1)).astype(np.int64),
        "txn_order": np.argsort(txn_ids, kind="stable").astype(np.int64),
    }
    return arrays, rows.num_rows, n_accounts


#: Rows read at a time by `TrailIndex._rows`.
_CHUNK: Final = 16


class TrailIndex:
    """`TxnSource` over a built index (memory-mapped)."""

    def __init__(self, directory: Path) -> None:
        with _flock(directory, "swap", fcntl.LOCK_SH):  # one index, whole, even mid-swap
            self._open(directory)

    def _open(self, directory: Path) -> None:
        meta = IndexMeta.read(directory)
        if meta is None:
            raise InputError(f"No usable trail index in {directory}; it is built by `trace`.")
        self.meta = meta

        def load(name: str) -> npt.NDArray[Any]:
            # A plain array over the mapped file (the view keeps the map open): slicing a
            # `np.memmap` makes a memmap object each time, which costs more than the read.
            mapped = np.load(directory / f"{name}.npy", mmap_mode="r")
            array: npt.NDArray[Any] = mapped.view(np.ndarray)
            return array

        self._accounts = load("account_ids")
        self._type = load("account_type")
        self._ts = load("ts_us")
        self._txn = load("txn_id")
        self._src = load("src")
        self._dst = load("dst")
        self._amount = load("amount")
        self._channel = load("channel")
        self._out = load("out_start")
        self._in_perm = load("in_perm")
        self._in = load("in_start")
        self._txn_order = load("txn_order")

    def _code(self, account: str) -> int | None:
        key = account.encode("utf-8")
        i = int(np.searchsorted(self._accounts, key))
        if i < len(self._accounts) and self._accounts[i] == key:
            return i
        return None

    def _row(self, i: int) -> Txn:
        return Txn(
            self._txn[i].decode("utf-8"),
            EPOCH + timedelta(microseconds=int(self._ts[i])),
            self._accounts[self._src[i]].decode("utf-8"),
            self._accounts[self._dst[i]].decode("utf-8"),
            int(self._amount[i]),
            CHANNELS[self._channel[i]],
        )

    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        out: dict[str, Txn] = {}
        for t in txn_ids:
            key = t.encode("utf-8")
            lo = int(np.searchsorted(self._txn, key, sorter=self._txn_order))
            if lo < len(self._txn_order) and self._txn[self._txn_order[lo]] == key:
                out[t] = self._row(int(self._txn_order[lo]))
        return out

    def _out_rows(self, account: str) -> tuple[int, int]:
        c = self._code(account)
        return (0, 0) if c is None else (int(self._out[c]), int(self._out[c + 1]))

    def _rows(self, lo: int, hi: int) -> Iterator[Txn]:
        """Rows lo..hi-1, read column by column a few at a time: one slice per column instead
        of eight scalar reads of a memory map per row, and no more than the reader takes (the
        tracer stops reading an account once its tainted money has left)."""
        accounts = self._accounts
        for a in range(lo, hi, _CHUNK):
            b = min(a + _CHUNK, hi)
            columns = zip(
                self._txn[a:b].tolist(),
                self._ts[a:b].tolist(),
                accounts[self._src[a:b]].tolist(),
                accounts[self._dst[a:b]].tolist(),
                self._amount[a:b].tolist(),
                self._channel[a:b].tolist(),
                strict=True,
            )
            for txn, ts, src, dst, amount, channel in columns:
                yield Txn(
                    txn.decode("utf-8"),
                    EPOCH + timedelta(microseconds=ts),
                    src.decode("utf-8"),
                    dst.decode("utf-8"),
                    amount,
                    CHANNELS[channel],
                )

    def debits(self, accounts: Collection[str], since: datetime) -> Iterator[Txn]:
        since_us = (since - EPOCH) // timedelta(microseconds=1)
        for a in accounts:
            lo, hi = self._out_rows(a)
            start = lo + int(np.searchsorted(self._ts[lo:hi], since_us, side="left"))
            yield from self._rows(start, hi)

    def history(self, accounts: Collection[str], until: datetime) -> Iterator[Txn]:
        until_us = (until - EPOCH) // timedelta(microseconds=1)
        seen: set[int] = set()
        for a in accounts:
            c = self._code(a)
            if c is None:
                continue
            rows = list(range(int(self._out[c]), int(self._out[c + 1])))
            rows += [int(self._in_perm[j]) for j in range(int(self._in[c]), int(self._in[c + 1]))]
            for i in rows:
                if i not in seen and self._ts[i] <= until_us:
                    seen.add(i)
                    yield self._row(i)

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for a in accounts:
            c = self._code(a)
            if c is not None and self._type[c] != NOT_IN_ACCOUNTS:
                out[a] = TYPES[self._type[c]]
        return out

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        return {a for a in accounts if self._out_rows(a)[1] > self._out_rows(a)[0]}


class LayeredSource:
    """The index plus the rows loaded after it was built (kept in memory)."""

    def __init__(self, base: TxnSource, recent: MemorySource) -> None:
        self.base = base
        self.recent = recent

    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        return {**self.base.get_txns(txn_ids), **self.recent.get_txns(txn_ids)}

    def debits(self, accounts: Collection[str], since: datetime) -> Iterable[Txn]:
        yield from self.base.debits(accounts, since)
        yield from self.recent.debits(accounts, since)

    def history(self, accounts: Collection[str], until: datetime) -> Iterable[Txn]:
        seen: set[str] = set()
        for t in (*self.base.history(accounts, until), *self.recent.history(accounts, until)):
            if t.txn_id not in seen:
                seen.add(t.txn_id)
                yield t

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        return {**self.base.account_types(accounts), **self.recent.account_types(accounts)}

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        return self.base.with_debits(accounts) | self.recent.with_debits(accounts)


def _recent(store: LedgerStore, after_load: int) -> MemorySource:
    return MemorySource(
        [txn_of(t) for t in store.transactions_loaded_after(after_load)],
        {
            a.account_id: (str(a.account_type) if a.account_type is not None else None)
            for a in store.accounts_loaded_after(after_load)
        },
    )


def open_source(
    store: LedgerStore,
    directory: Path,
    progress: Progress | None = None,
    *,
    rebuild_when_behind: bool = True,
) -> TxnSource:
    """The ledger as a trail source: the index (built or rebuilt when needed) plus recent rows.

    With `rebuild_when_behind=False` a usable index is never rebuilt here, however many rows
    arrived since (they are all laid over it): a server that must answer at once rebuilds in
    the background instead (`index_is_behind` tells when).
    """
    version = store.version()
    if version == 0:
        raise InputError("The ledger is empty: load transactions first with `cybersetu ingest`.")
    meta = IndexMeta.read(directory)
    if meta is not None and (
        meta.ledger_version > version or meta.fingerprint != store.fingerprint(meta.ledger_version)
    ):
        meta = None  # built from another store, or from loads that are gone
    if rebuild_when_behind and meta is not None and index_is_behind(store, meta, version):
        meta = None
    if meta is None:
        try:
            meta = build_index(store, directory, progress)
        except OSError as exc:  # a store on read-only media, or a full disk
            raise InputError(
                f"The trail index cannot be written in {directory.parent} "
                f"({(exc.strerror or 'system error').lower()}); copy the store to a folder you "
                "can write to and trace there."
            ) from None
    index = TrailIndex(directory)
    if meta.ledger_version == version:
        return index
    return LayeredSource(index, _recent(store, meta.ledger_version))


def index_is_behind(store: LedgerStore, meta: IndexMeta, version: int | None = None) -> bool:
    """More rows arrived after the index was built than are worth laying over it."""
    version = store.version() if version is None else version
    return (
        meta.ledger_version < version
        and store.rows_loaded_after(meta.ledger_version) > REBUILD_AFTER_ROWS
    )
