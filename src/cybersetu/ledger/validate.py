"""Vectorised row validation and the error report, in a private in-memory DuckDB.

Each chunk (an Arrow table of raw columns) goes through one SQL query generated from the field
specs: trim, type, normalise, and give each bad row exactly one reason (the first failing field in
column order). The query is independent of the store, so any store backend gets the same rules.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Final

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cybersetu import csvsafe
from cybersetu.ledger.readers import CLEAN_COLUMN, LINE_COLUMN, Reject, column_name
from cybersetu.ledger.schema import FUTURE_SKEW, ColumnMap, Field, FieldType

_DATE: Final = r"\d{4}-\d{2}-\d{2}"
_DATETIME: Final = _DATE + r"[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
_OFFSET: Final = r"(Z|[+-]\d{2}(:?[0-5]\d)?)"
# Offsets beyond ±14:00 (the largest in use, Kiribati): `+25:00` is a typo, not a time zone.
_FAR_OFFSET: Final = r"[+-](1[5-9]|[2-9]\d)(:?[0-5]\d)?|[+-]14:?(0[1-9]|[1-5]\d)"
_NUMBER: Final = r"[+-]?(\d+\.?\d*|\.\d+)"
_MAX_DIGITS: Final = 15
"""Rupee digits before the decimal point (10^15 rupees fits BIGINT paise with room to spare)."""
_SHOWN_CHARS: Final = 60
# C0 control characters (NUL, ESC, ...) are never data; TAB is, and so are the line breaks a
# quoted CSV field may hold, except in ids.
_CONTROL: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
_CONTROL_OR_BREAK: Final = r"[\x00-\x08\x0a-\x1f]"
IST_SUFFIX: Final = "+05:30"
WARN_PREFIX: Final = "warn__"
"""Output columns `warn__<field>`: the row is good but that field's value was not understood."""


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def printable(text: str) -> str:
    """SQL for text with its control characters shown as U+FFFD (reports are read in terminals)."""
    return f"regexp_replace({text}, '{_CONTROL_OR_BREAK}', '\ufffd', 'g')"


def _shown(raw: str) -> str:
    """SQL for a value quoted inside a reason, shortened if long."""
    n = _SHOWN_CHARS
    raw = printable(raw)
    return f"""'"' || CASE WHEN length({raw}) > {n} THEN left({raw}, {n - 3}) || '...' ELSE {raw} END || '"'"""


def _control_sql(name: str, raw: str, pattern: str) -> tuple[str, str]:
    """The check that a value holds no control character, and its reason naming the first."""
    first = f"printf('U+%04X', unicode(regexp_extract({raw}, '{pattern}')))"
    return (
        # `has_control` (one search per row) spares the per-field search on clean rows.
        f"has_control AND regexp_matches({raw}, '{pattern}')",
        f"{sql_literal(name + ' contains the control character ')} || {first}",
    )


def _parsed_sql(f: Field, raw: str) -> str:
    """A TIMESTAMP field's instant as written, before its range is checked."""
    date_only = (
        f"WHEN regexp_full_match({raw}, '{_DATE}') "
        f"THEN try_cast({raw} || ' 00:00:00{IST_SUFFIX}' AS TIMESTAMPTZ) "
        if f.date_ok
        else ""
    )
    return (
        f"CASE WHEN regexp_full_match({raw}, '{_DATETIME}') "
        f"THEN try_cast({raw} || '{IST_SUFFIX}' AS TIMESTAMPTZ) "
        f"WHEN regexp_full_match({raw}, '{_DATETIME}({_FAR_OFFSET})') THEN NULL "
        f"WHEN regexp_full_match({raw}, '{_DATETIME}{_OFFSET}') "
        f"THEN try_cast({raw} AS TIMESTAMPTZ) {date_only}END"
    )


def _earliest(f: Field) -> str:
    return f"TIMESTAMPTZ '{f.earliest.isoformat()} 00:00:00{IST_SUFFIX}'"


def _latest(now: datetime) -> str:
    return f"TIMESTAMPTZ '{(now + FUTURE_SKEW).isoformat()}'"


def _value_sql(f: Field, raw: str, now: datetime) -> str:
    """The stored value of a field (NULL where it cannot be had)."""
    if f.type is FieldType.TIMESTAMP:
        parsed = f"p_{f.name}"
        return (
            f"CASE WHEN {parsed} >= {_earliest(f)} AND {parsed} <= {_latest(now)} THEN {parsed} END"
        )
    if f.type is FieldType.MONEY:
        return f"try_cast(try_cast({raw} AS DECIMAL(38, 2)) * 100 AS BIGINT)"
    value = f"upper({raw})" if f.upper else f"lower({raw})" if f.type is FieldType.CODE else raw
    if f.type is FieldType.CODE and not f.required:
        # An unknown word in an optional column loses that value, not the row (a warning).
        allowed = ", ".join(sql_literal(w) for w in f.vocabulary)
        value = f"CASE WHEN {value} IN ({allowed}) THEN {value} END"
    return f"coalesce({value}, {sql_literal(f.default)})" if f.default is not None else value


def _reason_sql(f: Field, raw: str, value: str, now: datetime) -> str:
    """SQL for this field's complaint about a row, NULL when it has none."""

    def about(complaint: str) -> str:
        return f"{sql_literal(f.name + ' ')} || {_shown(raw)} || {sql_literal(' ' + complaint)}"

    checks: list[tuple[str, str]] = []
    if f.required:
        checks.append((f"{raw} IS NULL", sql_literal(f"{f.name} is empty")))
    checks.append(_control_sql(f.name, raw, _CONTROL if f.line_breaks_ok else _CONTROL_OR_BREAK))
    if f.type is FieldType.TIMESTAMP:
        what = "an ISO 8601 date or date-time" if f.date_ok else "an ISO 8601 date-time"
        parsed = f"p_{f.name}"
        checks += [
            (
                f"regexp_full_match({raw}, '{_DATETIME}({_FAR_OFFSET})')",
                about("has a UTC offset beyond ±14:00"),
            ),
            (f"{raw} IS NOT NULL AND {parsed} IS NULL", about(f"is not {what}")),
            (f"{parsed} < {_earliest(f)}", about(f"is before {f.earliest.isoformat()}")),
            (
                f"{parsed} > {_latest(now)}",
                about(f"is in the future (more than {_skew_words()} after the load)"),
            ),
        ]
    elif f.type is FieldType.MONEY:
        checks += [
            (f"NOT regexp_full_match({raw}, '{_NUMBER}')", about("is not a number")),
            (
                f"{raw} LIKE '-%' AND regexp_matches({raw}, '[1-9]')",
                about("is not positive" if f.positive else "is negative"),
            ),
            (rf"regexp_matches({raw}, '\.\d{{2}}\d*[1-9]')", about("has more than 2 decimals")),
            (
                f"length(ltrim(split_part(ltrim({raw}, '+-'), '.', 1), '0')) > {_MAX_DIGITS}",
                about(f"is too large (more than {_MAX_DIGITS} digits before the decimal point)"),
            ),
        ]
        if f.positive:
            checks.append((f"{value} = 0", about("is not positive")))
    elif f.type is FieldType.CODE and f.required:
        allowed = ", ".join(sql_literal(w) for w in f.vocabulary)
        checks.append(
            (f"{value} NOT IN ({allowed})", about(f"is not one of {', '.join(f.vocabulary)}"))
        )
    elif f.pattern is not None:
        checks.append(
            (
                f"NOT regexp_full_match({value}, {sql_literal(f.pattern)})",
                about(f"is not {f.pattern_means}"),
            )
        )
    return "CASE " + " ".join(f"WHEN {c} THEN {m}" for c, m in checks) + " END"


def _skew_words() -> str:
    hours = int(FUTURE_SKEW.total_seconds() // 3600)
    return "a day" if hours == 24 else f"{hours} hours"


def check_sql(cmap: ColumnMap, *, typed_extras: bool, now: datetime) -> str:
    """The query turning a raw chunk (table `chunk`) into stored columns, `id` and `reason`.

    `now` is the time of the load: timestamps more than `FUTURE_SKEW` after it are refused.
    """
    spec = cmap.spec
    raws = []
    for f in spec.fields:
        pos = cmap.known.get(f.name)
        source = (
            f"nullif(trim(CAST({column_name(pos)} AS VARCHAR)), '')"
            if pos is not None
            else "CAST(NULL AS VARCHAR)"
        )
        raws.append(f"{source} AS r_{f.name}")
    if cmap.extra:
        # CSV extras are kept as written (empty means missing); Parquet extras keep their type.
        pairs = ", ".join(
            f"{sql_literal(cmap.header[i])}, "
            + (column_name(i) if typed_extras else f"nullif({column_name(i)}, '')")
            for i in cmap.extra
        )
        raws.append(f"CAST(json_object({pairs}) AS VARCHAR) AS extra")
    else:
        raws.append("CAST(NULL AS VARCHAR) AS extra")
    parsed = [
        f"{_parsed_sql(f, f'r_{f.name}')} AS p_{f.name}"
        for f in spec.fields
        if f.type is FieldType.TIMESTAMP
    ]
    values = [f"{_value_sql(f, f'r_{f.name}', now)} AS v_{f.name}" for f in spec.fields]
    reasons = [_reason_sql(f, f"r_{f.name}", f"v_{f.name}", now) for f in spec.fields]
    if cmap.extra:
        extras = []
        for i in cmap.extra:
            check, reason = _control_sql(
                cmap.header[i], f"CAST({column_name(i)} AS VARCHAR)", _CONTROL
            )
            extras.append(f"CASE WHEN {check} THEN {reason} END")
        raws.append(f"coalesce({', '.join(extras)}) AS extra_reason")
        reasons.append("extra_reason")
    outputs = [f"v_{f.name} AS {f.store_name}" for f in spec.fields]
    outputs += [
        f"(r_{f.name} IS NOT NULL AND v_{f.name} IS NULL) AS {WARN_PREFIX}{f.name}"
        for f in spec.fields
        if f.type is FieldType.CODE and not f.required and f.name in cmap.known
    ]
    every = ", ".join(f"CAST({column_name(i)} AS VARCHAR)" for i in range(len(cmap.header)))
    # The reader already knows most rows are clean; only the others are searched.
    has_control = (
        f"CASE WHEN {CLEAN_COLUMN} THEN false "
        f"ELSE regexp_matches(concat_ws(' ', {every}), '{_CONTROL_OR_BREAK}') END"
    )
    return f"""
        WITH marked AS (
            SELECT *, {has_control} AS has_control FROM chunk
        ), raw AS (
            SELECT {LINE_COLUMN} AS source_line, has_control, {", ".join(raws)} FROM marked
        ), parsed AS (
            SELECT *{"".join(", " + p for p in parsed)} FROM raw
        ), typed AS (
            SELECT *, {", ".join(values)} FROM parsed
        )
        SELECT {", ".join(outputs)}, extra, source_line,
            r_{spec.key} AS id, coalesce({", ".join(reasons)}) AS reason
        FROM typed
    """


class Workspace:
    """Validates chunks and collects every rejected row of one `ingest` for the error report."""

    def __init__(self, temp_dir: Path) -> None:
        # Chunks are bounded; the collected rejects of a wholly bad file may not be: spill them.
        self._con = duckdb.connect(config={"temp_directory": str(temp_dir), "memory_limit": "1GB"})
        self._con.execute("SET TimeZone = 'UTC'")
        self._con.execute(
            "CREATE TABLE rejects (file_no INTEGER, file VARCHAR, line BIGINT, id VARCHAR, "
            "reason VARCHAR)"
        )
        self.rejected = 0
        self._warnings: dict[str, int] = {}

    def take_warnings(self) -> dict[str, int]:
        """Per field, the good rows checked since the last call whose value was left empty."""
        out, self._warnings = self._warnings, {}
        return out

    def close(self) -> None:
        self._con.close()

    def check(self, sql: str, chunk: pa.Table) -> tuple[pa.Table, pa.Table | None]:
        """Good rows in store columns, and bad rows as (source_line, id, reason) or None."""
        self._con.register("chunk", chunk)
        try:
            out = self._con.sql(sql).to_arrow_table()
        finally:
            self._con.unregister("chunk")
        reason = out.column("reason")
        warned = [c for c in out.column_names if c.startswith(WARN_PREFIX)]
        drop = ["id", "reason", *warned]
        if reason.null_count == out.num_rows:
            self._count_warnings(out, warned)
            return out.drop_columns(drop), None
        good = pc.is_null(reason)
        bad = out.filter(pc.invert(good)).select(["source_line", "id", "reason"])
        kept = out.filter(good)
        self._count_warnings(kept, warned)
        return kept.drop_columns(drop), bad

    def _count_warnings(self, rows: pa.Table, columns: list[str]) -> None:
        for c in columns:
            n = pc.sum(rows.column(c)).as_py() or 0
            if n:
                name = c.removeprefix(WARN_PREFIX)
                self._warnings[name] = self._warnings.get(name, 0) + n

    def add_rejects(self, file_no: int, file: str, rows: pa.Table | list[Reject]) -> int:
        """Record bad rows (source_line, id, reason) of one file; returns how many."""
        if isinstance(rows, list):
            rows = pa.table(
                {
                    "source_line": pa.array([r.line for r in rows], pa.int64()),
                    "id": pa.array([r.id for r in rows], pa.string()),
                    "reason": pa.array([r.reason for r in rows], pa.string()),
                }
            )
        if rows.num_rows == 0:
            return 0
        self._con.register("bad", rows)
        try:
            self._con.execute(
                "INSERT INTO rejects SELECT ?, ?, source_line, id, reason FROM bad", [file_no, file]
            )
        finally:
            self._con.unregister("bad")
        self.rejected += rows.num_rows
        return int(rows.num_rows)

    def rejects(self) -> list[tuple[int, str]]:
        """(line, reason) of every bad row recorded, in file then line order."""
        rows = self._con.execute("SELECT line, reason FROM rejects ORDER BY file_no, line")
        return [(int(line), str(reason)) for line, reason in rows.fetchall()]

    def write_report(self, path: Path) -> None:
        """Write the error report as CSV (file, line, id, reason), in file then line order."""
        path.parent.mkdir(parents=True, exist_ok=True)
        # Ids, file names and the values quoted in reasons come from input: no formulas.
        file, id_, reason = (
            f"{csvsafe.sql(printable(c))} AS {c}" for c in ("file", "id", "reason")
        )
        self._con.execute(
            f"COPY (SELECT {file}, line, {id_}, {reason} FROM rejects ORDER BY file_no, line) "
            f"TO {sql_literal(str(path))} (FORMAT csv, HEADER)"
        )
