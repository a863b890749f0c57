"""What the DuckDB and PostgreSQL stores share: the same tables, the same queries.

Both backends speak the same SQL for everything here; a backend supplies only how to run a
statement (`_query`, with `?` placeholders) and how to test membership in a list parameter
(`_in`). Loading (staging and merging) and exporting differ and live in each backend.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Final, Self

import pyarrow as pa

from cybersetu.interchange import AccountType, Channel, KycMode
from cybersetu.ledger.migrations import data_columns
from cybersetu.ledger.schema import ACCOUNTS, SPECS, TRANSACTIONS, Field, FieldType, Kind, KindSpec
from cybersetu.ledger.store import (
    Account,
    AnsweredAccount,
    AnswerRecord,
    LoadCounts,
    LoadRecord,
    LoadSource,
    SentRequest,
    StoreStats,
    Transaction,
)

Row = tuple[Any, ...]

_TXN_COLUMNS: Final = [*data_columns(TRANSACTIONS), "extra", "load_id", "source_line"]
_ACCOUNT_COLUMNS: Final = [*data_columns(ACCOUNTS), "extra", "load_id", "source_line"]
_REQUEST_COLUMNS: Final = (
    "request_ref, bank, account_id, action, coalesce(layer, 0), amount_paise, seeds, policy, "
    "created_at"
)
_LOAD_COLUMNS: Final = "load_id, loaded_at, file_name, sha256, kind, rows, loaded, rejected"


def _extra(value: Any) -> dict[str, object]:
    if value is None:
        return {}
    parsed: Any = json.loads(value) if isinstance(value, str) else value
    return dict(parsed)


def transaction_of(r: Row) -> Transaction:
    d = dict(zip(_TXN_COLUMNS, r, strict=True))
    d["channel"] = Channel(d["channel"])
    d["extra"] = _extra(d["extra"])
    return Transaction(**d)


def account_of(r: Row) -> Account:
    d = dict(zip(_ACCOUNT_COLUMNS, r, strict=True))
    d["account_type"] = AccountType(d["account_type"]) if d["account_type"] else None
    d["kyc_mode"] = KycMode(d["kyc_mode"]) if d["kyc_mode"] else None
    d["extra"] = _extra(d["extra"])
    return Account(**d)


def _request_of(r: Row) -> SentRequest:
    ref, bank, account, action, layer, amount, seeds, policy, created = r
    return SentRequest(
        str(ref),
        str(bank),
        str(account),
        str(action),
        int(layer),
        int(amount),
        tuple(json.loads(seeds)),
        str(policy),
        created,
    )


def _arrow_type(f: Field) -> pa.DataType:
    return {
        FieldType.TEXT: pa.string(),
        FieldType.CODE: pa.string(),
        FieldType.TIMESTAMP: pa.timestamp("us", tz="UTC"),
        FieldType.MONEY: pa.int64(),
    }[f.type]


def export_schema(spec: KindSpec) -> pa.Schema:
    """The columns of `LedgerStore.export_parquet`."""
    fields = [pa.field(f.store_name, _arrow_type(f)) for f in spec.fields]
    return pa.schema([*fields, pa.field("extra", pa.string()), pa.field("load_id", pa.int64())])


def export_columns(spec: KindSpec) -> list[str]:
    return [*data_columns(spec), "extra", "load_id"]


class SqlReads:
    """The typed reads of `LedgerStore`, in SQL both backends run, and the store's lifecycle."""

    location: str

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        raise NotImplementedError

    def _in(self, column: str) -> str:
        """SQL testing `column` against a list given as one parameter."""
        raise NotImplementedError

    def stats(self) -> StoreStats:
        row = self._query(
            "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM transactions), "
            "(SELECT count(*) FROM loads), (SELECT min(ts) FROM transactions), "
            "(SELECT max(ts) FROM transactions)"
        )[0]
        totals = self._query(
            "SELECT currency, sum(amount_paise) FROM transactions GROUP BY currency "
            "ORDER BY currency"
        )
        return StoreStats(
            location=self.location,
            accounts=int(row[0]),
            transactions=int(row[1]),
            loads=int(row[2]),
            first_ts=row[3],
            last_ts=row[4],
            total_paise={str(c): int(t) for c, t in totals},
        )

    def _transactions(self, where: str, params: list[object]) -> list[Transaction]:
        rows = self._query(
            f"SELECT {', '.join(_TXN_COLUMNS)} FROM transactions WHERE {where} ORDER BY ts, txn_id",
            params,
        )
        return [transaction_of(r) for r in rows]

    def transactions_by_id(self, txn_ids: Iterable[str]) -> list[Transaction]:
        return self._transactions(self._in("txn_id"), [list(txn_ids)])

    def transactions_from(
        self,
        account_ids: Iterable[str],
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Transaction]:
        where = self._in("src_account")
        params: list[object] = [list(account_ids)]
        if since is not None:
            where += " AND ts >= ?"
            params.append(since)
        if until is not None:
            where += " AND ts < ?"
            params.append(until)
        return self._transactions(where, params)

    def transactions_touching(
        self, account_ids: Iterable[str], *, until: datetime | None = None
    ) -> list[Transaction]:
        ids = list(account_ids)
        where = f"({self._in('src_account')} OR {self._in('dst_account')})"
        params: list[object] = [ids, ids]
        if until is not None:
            where += " AND ts <= ?"
            params.append(until)
        return self._transactions(where, params)

    def accounts_with_debits(self, account_ids: Iterable[str]) -> set[str]:
        rows = self._query(
            f"SELECT DISTINCT src_account FROM transactions WHERE {self._in('src_account')}",
            [list(account_ids)],
        )
        return {str(r[0]) for r in rows}

    def accounts_by_id(self, account_ids: Iterable[str]) -> list[Account]:
        rows = self._query(
            f"SELECT {', '.join(_ACCOUNT_COLUMNS)} FROM accounts WHERE {self._in('account_id')} "
            "ORDER BY account_id",
            [list(account_ids)],
        )
        return [account_of(r) for r in rows]

    def loads(self) -> list[LoadRecord]:
        rows = self._query(f"SELECT {_LOAD_COLUMNS} FROM loads ORDER BY load_id")
        return [
            LoadRecord(int(i), at, str(name), str(sha), Kind(kind), int(n), int(ok), int(bad))
            for i, at, name, sha, kind, n, ok, bad in rows
        ]

    def version(self) -> int:
        return int(self._query("SELECT coalesce(max(load_id), 0) FROM loads")[0][0])

    def fingerprint(self, upto: int) -> str:
        rows = self._query(
            "SELECT coalesce(md5(string_agg(CAST(load_id AS VARCHAR) || ':' || "
            "CAST(loaded_at AS VARCHAR) || ':' || sha256, ',' ORDER BY load_id)), '') "
            "FROM loads WHERE load_id <= ?",
            [upto],
        )
        return str(rows[0][0])

    def rows_loaded_after(self, load_id: int) -> int:
        return int(
            self._query("SELECT count(*) FROM transactions WHERE load_id > ?", [load_id])[0][0]
        )

    def transactions_loaded_after(self, load_id: int) -> list[Transaction]:
        return self._transactions("load_id > ?", [load_id])

    def accounts_loaded_after(self, load_id: int) -> list[Account]:
        rows = self._query(
            f"SELECT {', '.join(_ACCOUNT_COLUMNS)} FROM accounts WHERE load_id > ? "
            "ORDER BY account_id",
            [load_id],
        )
        return [account_of(r) for r in rows]

    def sent_requests(self) -> list[SentRequest]:
        rows = self._query(
            f"SELECT {_REQUEST_COLUMNS} FROM trail_requests ORDER BY created_at, request_ref"
        )
        return [_request_of(r) for r in rows]


class SqlWrites(SqlReads):
    """The parts of `LedgerWriter` both backends run the same way (inside the open transaction)."""

    _sources: dict[int, LoadSource]

    def finish_load(
        self, load_id: int, *, sha256: str, counts: LoadCounts, errors_file: str | None
    ) -> None:
        s = self._sources[load_id]
        self._query(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                s.loaded_at,
                s.file_name,
                s.file_path,
                sha256,
                s.kind.value,
                s.format,
                s.size_bytes,
                counts.rows,
                counts.loaded,
                counts.duplicates,
                counts.conflicts,
                counts.rejected,
                errors_file,
            ],
        )

    def _many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        for r in rows:
            self._query(sql, list(r))

    def record_requests(self, requests: Sequence[SentRequest]) -> None:
        self._many(
            "INSERT INTO trail_requests (request_ref, created_at, bank, account_id, action, "
            "amount_paise, seeds, policy, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.request_ref,
                    r.created_at,
                    r.bank,
                    r.account_id,
                    r.action,
                    r.amount_paise,
                    json.dumps(list(r.seeds)),
                    r.policy,
                    r.layer,
                )
                for r in requests
            ],
        )

    def requests_for(self, account_ids: Iterable[str]) -> list[SentRequest]:
        rows = self._query(
            f"SELECT {_REQUEST_COLUMNS} FROM trail_requests WHERE {self._in('account_id')} "
            "ORDER BY created_at, request_ref",
            [list(account_ids)],
        )
        return [_request_of(r) for r in rows]

    def _lock_answer(self, digest: str) -> None:
        """Serialise writers of the same answer (PostgreSQL); DuckDB has one writer anyway."""

    def answer(self, digest: str) -> AnswerRecord | None:
        self._lock_answer(digest)
        rows = self._query(
            "SELECT digest, bank, received_at, responded_at, transactions, loaded "
            "FROM trail_answers WHERE digest = ?",
            [digest],
        )
        if not rows:
            return None
        d, bank, received, responded, txns, loaded = rows[0]
        accounts = self._query(
            "SELECT account_id, held_paise, status, note FROM trail_responses "
            "WHERE file_sha256 = ? ORDER BY account_id",
            [digest],
        )
        return AnswerRecord(
            str(d),
            str(bank),
            received,
            responded,
            tuple(
                AnsweredAccount(str(a), None if h is None else int(h), s, n)
                for a, h, s, n in accounts
            ),
            int(txns),
            int(loaded),
        )

    def record_answer(self, answer: AnswerRecord) -> None:
        self._query(
            "INSERT INTO trail_answers VALUES (?, ?, ?, ?, ?, ?)",
            [
                answer.digest,
                answer.received_at,
                answer.responded_at,
                answer.bank,
                answer.transactions,
                answer.loaded,
            ],
        )
        self._many(
            "INSERT INTO trail_responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    answer.received_at,
                    answer.responded_at,
                    answer.bank,
                    a.account_id,
                    a.held_paise,
                    a.status,
                    a.note,
                    answer.digest,
                    answer.transactions,
                )
                for a in answer.accounts
            ],
        )


def merge_sql(spec: KindSpec, mine: str, others: str, unit: str) -> tuple[str, str, str]:
    """Three statements classifying the rows of one load (`mine`) against itself and the rows
    already stored (`others`): temp table `_later` (a key repeated later in the file), temp table
    `_known` (a key already stored), and the conflicts query (rows whose content differs)."""
    key = spec.key

    def diff(a: str, b: str) -> str:
        parts = [
            f"CASE WHEN {a}.{f.store_name} IS DISTINCT FROM {b}.{f.store_name} THEN '{f.name}' END"
            for f in spec.fields
            if f.name != key
        ]
        return f"concat_ws(', ', {', '.join(parts)})"

    later = f"""
        CREATE TEMP TABLE _later AS
        WITH firsts AS (
            SELECT {key}, min(source_line) AS first_line FROM {mine} m
            GROUP BY {key} HAVING count(*) > 1
        )
        SELECT s.source_line, s.{key} AS id, d.first_line, {diff("s", "f")} AS diff
        FROM {mine} s
        JOIN firsts d ON s.{key} = d.{key} AND s.source_line > d.first_line
        JOIN {mine} f ON f.{key} = d.{key} AND f.source_line = d.first_line
    """
    known = f"""
        CREATE TEMP TABLE _known AS
        SELECT s.source_line, s.{key} AS id, t.load_id AS first_load,
            t.source_line AS first_line, {diff("s", "t")} AS diff
        FROM {mine} s JOIN {others} t ON s.{key} = t.{key}
    """
    quoted_key = f"'{key} \"' || id || '\"'"
    conflicts = f"""
        SELECT source_line, id, {quoted_key} || ' appears again with different ' || diff
            || ' (first at {unit} ' || CAST(first_line AS VARCHAR) || ')' AS reason
        FROM _later WHERE diff <> ''
        UNION ALL
        SELECT k.source_line, k.id, {quoted_key} || ' is already loaded with different '
            || k.diff || ' (load ' || CAST(k.first_load AS VARCHAR) || ': ' || l.file_name
            || CASE WHEN l.format = 'parquet' THEN ' row ' ELSE ' line ' END
            || CAST(k.first_line AS VARCHAR) || ')' AS reason
        FROM _known k JOIN loads l ON l.load_id = k.first_load
        WHERE k.diff <> ''
        ORDER BY source_line
    """
    return later, known, conflicts


def spec_of(kind: Kind) -> KindSpec:
    return SPECS[kind]
