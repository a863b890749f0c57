"""Read interchange files once, in chunks, keeping the exact source line of every row.

CSV: a file is read in blocks of whole lines. A block is parsed by pyarrow (fast) only when that
cannot shift line numbers: every line must come out as exactly one row (no quoted newline, no
blank line, no row with the wrong number of fields, valid UTF-8, no bare carriage return).
Otherwise the block goes through Python's `csv` module line by line, which knows where each
record starts, reports broken rows one by one, and may read past the block to finish a quoted
field. Lines are counted by line feed (a CRLF file counts the same); the header is line 1.

Parquet: row groups are read in batches; a row's "line" is its 1-based row number.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cybersetu.errors import InputError

LINE_COLUMN: Final = "__line"
# A header beyond these is not a bank feed (20,000 columns took 49 s and all memory to refuse).
MAX_COLUMNS: Final = 1_000
MAX_HEADER_BYTES: Final = 64 << 10
CLEAN_COLUMN: Final = "__clean"
"""True where the reader saw no control character but TAB in the row (False: not known)."""
# Control bytes other than TAB, LF and CR; a fast-parsed block holds line breaks only between
# rows, so a block without these bytes is clean in every row.
_CONTROL_BYTES: Final = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_CONTROL_IN_ROW: Final = re.compile("[\x00-\x08\x0a-\x1f]")
BLOCK_BYTES: Final = 2 << 20
_PARQUET_MAGIC: Final = b"PAR1"
_NOT_SUPPORTED: Final = {
    b"\x1f\x8b": "gzip-compressed",
    b"PK": "a ZIP archive (an Excel workbook?)",
}


def column_name(position: int) -> str:
    """Chunk columns are named by position: file headers can be anything."""
    return f"c{position}"


@dataclass(frozen=True)
class Reject:
    line: int
    id: str | None
    reason: str


@dataclass
class RawChunk:
    table: pa.Table
    """Columns `c0..c<n-1>` as in the file (strings for CSV), `__line` (int64), `__clean`."""
    rejects: list[Reject] = field(default_factory=list)
    """Rows that could not even be split into fields."""
    bytes_read: int = 0
    """Bytes of the file consumed since the previous chunk (for progress)."""


class FileReader(Protocol):
    path: Path
    format: str
    columns: tuple[str, ...]

    def chunks(self, chunk_rows: int, id_position: int) -> Iterator[RawChunk]: ...

    def sha256(self) -> str:
        """Digest of the whole file; complete once `chunks` is exhausted."""
        ...


class _LineTooLongError(Exception):
    """A line is longer than the reader's `line_limit`."""


def check_width(columns: int, source: str) -> None:
    """Refuse a file with more columns than any interchange file has, in one sentence."""
    if columns > MAX_COLUMNS:
        raise InputError(
            f"{source} has {columns:,} columns; a transactions, accounts or labels file has "
            f"at most {MAX_COLUMNS:,}."
        )


def _header_too_long(source: str) -> InputError:
    return InputError(
        f"The header of {source} is longer than {MAX_HEADER_BYTES >> 10} KB; it is not a "
        "transactions, accounts or labels file."
    )


def check_csv_header(path: Path, source: str) -> None:
    """Refuse a CSV file whose header is absurdly long or wide before a CSV engine reads it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(MAX_HEADER_BYTES + 1)
    except OSError:
        return  # the engine's own reading reports the problem
    end = head.find(b"\n")
    if end < 0 and len(head) > MAX_HEADER_BYTES:
        raise _header_too_long(source)
    line = head[: end if end >= 0 else len(head)].decode("utf-8", "replace")
    check_width(len(_fields(line)), source)


def open_reader(path: Path, source: str) -> FileReader:
    """A reader for a CSV or Parquet file (told apart by content, not by name)."""
    if path.is_dir():
        raise InputError(f"{source} is a directory, not a file.")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except FileNotFoundError:
        raise InputError(f"File {source} does not exist.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {source}: {exc.strerror}.") from None
    if not magic:
        raise InputError(f"File {source} is empty: it has no header row.")
    if magic == _PARQUET_MAGIC:
        return ParquetReader(path, source)
    for prefix, what in _NOT_SUPPORTED.items():
        if magic.startswith(prefix):
            raise InputError(f"{source} is {what}; give a CSV or Parquet file.")
    return CsvReader(path, source)


class _ByteSource:
    """Whole lines or blocks of whole lines from a binary file, hashing every byte read."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._buf = b""
        self._pos = 0
        self._eof = False
        self.digest = hashlib.sha256()
        self.consumed = 0
        self.line_limit: int | None = None
        """Longest line `read_line` returns; a longer one raises `_LineTooLongError`."""

    def _fill(self, want: int) -> bool:
        if self._eof:
            return False
        data = self._fh.read(max(want, 1 << 16))
        if not data:
            self._eof = True
            return False
        self.digest.update(data)
        self._buf = self._buf[self._pos :] + data
        self._pos = 0
        return True

    def _take(self, end: int) -> bytes:
        out = self._buf[self._pos : end]
        self._pos = end
        self.consumed += len(out)
        return out

    def read_line(self) -> bytes | None:
        """The next physical line with its line feed; the last one may lack it; None at EOF."""
        limit = self.line_limit
        while True:
            nl = self._buf.find(b"\n", self._pos)
            if limit is not None and (nl if nl >= 0 else len(self._buf)) - self._pos > limit:
                raise _LineTooLongError
            if nl >= 0:
                return self._take(nl + 1)
            if not self._fill(1 << 16):
                return self._take(len(self._buf)) if self._pos < len(self._buf) else None

    def read_block(self, size: int) -> bytes:
        """About `size` bytes of whole lines (more if one line is longer); b"" at EOF."""
        while len(self._buf) - self._pos < size and self._fill(size):
            pass
        nl = self._buf.rfind(b"\n", self._pos, self._pos + size)
        if nl >= 0:
            return self._take(nl + 1)
        line = self.read_line()
        return line if line is not None else b""


class _Lines:
    """Feeds `csv.reader` one decoded line at a time: a block's lines, then lines past the
    block while a quoted field is still open. The lines of the record being read are kept, so
    that they can be given back and read again (after an unclosed quote)."""

    def __init__(self, lines: list[bytes], src: _ByteSource) -> None:
        self._lines = lines
        self._next = 0
        self._src = src
        self._back: list[tuple[str, bool]] = []
        """Lines given back, the next one last: (text, was it valid UTF-8)."""
        self.count = 0
        self.bad_utf8: set[int] = set()
        self.record: list[tuple[str, bool]] = []
        """Lines returned since `record` was last emptied, with their UTF-8 validity."""
        self.at_end = False
        """The file is read to its end and no line is waiting to be read again."""

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._back:
            text, ok = self._back.pop()
        else:
            if self._next < len(self._lines):
                raw = self._lines[self._next]
                self._next += 1
            else:
                line = self._src.read_line()
                if line is None:
                    self.at_end = True
                    raise StopIteration
                raw = line
            try:
                text, ok = raw.decode("utf-8"), True
            except UnicodeDecodeError:
                text, ok = raw.decode("utf-8", "replace"), False
        self.count += 1
        if not ok:
            self.bad_utf8.add(self.count)
        self.record.append((text, ok))
        return text

    def give_back(self, n: int) -> None:
        """Return the last `n` lines of the record: they are read again, in order."""
        if n <= 0:
            return
        self._back.extend(reversed(self.record[-n:]))
        del self.record[-n:]
        self.count -= n
        self.bad_utf8 = {i for i in self.bad_utf8 if i <= self.count}

    @property
    def block_done(self) -> bool:
        return self._next >= len(self._lines) and not self._back


def _split_lines(block: bytes) -> list[bytes]:
    lines = block.split(b"\n")
    last = lines.pop()
    out = [line + b"\n" for line in lines]
    if last:
        out.append(last)
    return out


def _count_lines(block: bytes) -> int:
    return block.count(b"\n") + (0 if block.endswith(b"\n") else 1)


class CsvReader:
    format = "csv"

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self._source = source
        self._digest = ""
        with path.open("rb") as fh:
            self.columns, _ = self._read_header(_ByteSource(fh))

    def sha256(self) -> str:
        return self._digest

    def _read_header(self, src: _ByteSource) -> tuple[tuple[str, ...], int]:
        """The header record (blank lines before it skipped) and the lines it took."""
        src.line_limit = MAX_HEADER_BYTES
        try:
            header = self._header_record(src)
        except _LineTooLongError:
            raise _header_too_long(self._source) from None
        finally:
            src.line_limit = None
        if src.consumed > MAX_HEADER_BYTES:
            raise _header_too_long(self._source)
        check_width(len(header[0]), self._source)
        return header

    def _header_record(self, src: _ByteSource) -> tuple[tuple[str, ...], int]:
        first = src.read_line()
        if first is not None and first.startswith(b"\xef\xbb\xbf"):
            first = first[3:]
        lines = _Lines([first] if first is not None else [], src)
        reader = csv.reader(lines)
        try:
            for row in reader:
                if lines.bad_utf8:
                    raise InputError(f"{self._source} is not UTF-8 text.")
                if row:
                    return tuple(row), lines.count
                if src.consumed > MAX_HEADER_BYTES:
                    break  # blank lines without end
        except csv.Error as exc:
            raise InputError(
                f"The header of {self._source} cannot be read as CSV: {exc}."
            ) from None
        if src.consumed > MAX_HEADER_BYTES:
            raise _LineTooLongError
        raise InputError(f"File {self._source} is empty: it has no header row.")

    def chunks(self, chunk_rows: int, id_position: int) -> Iterator[RawChunk]:
        ncols = len(self.columns)
        names = [column_name(i) for i in range(ncols)]
        with self.path.open("rb") as fh:
            src = _ByteSource(fh)
            _, line = self._read_header(src)
            pending: list[pa.Table] = []
            rejects: list[Reject] = []
            rows = 0
            reported = 0
            while block := src.read_block(BLOCK_BYTES):
                n_lines = _count_lines(block)
                table = _fast_parse(block, names, n_lines)
                if table is not None:
                    numbers = np.arange(line + 1, line + 1 + n_lines, dtype=np.int64)
                    table = table.append_column(LINE_COLUMN, pa.array(numbers))
                    clean = len(block.translate(None, _CONTROL_BYTES)) == len(block)
                    table = table.append_column(CLEAN_COLUMN, pa.array(np.full(n_lines, clean)))
                    line += n_lines
                else:
                    table, bad, used = _slow_parse(
                        _split_lines(block), src, names, line + 1, id_position
                    )
                    rejects.extend(bad)
                    line += used
                pending.append(table)
                rows += table.num_rows
                while rows >= chunk_rows:
                    merged = pa.concat_tables(pending)
                    yield RawChunk(merged.slice(0, chunk_rows), rejects, src.consumed - reported)
                    reported = src.consumed
                    rejects = []
                    rest = merged.slice(chunk_rows)
                    pending = [rest]
                    rows = rest.num_rows
            self._digest = src.digest.hexdigest()
            if rows or rejects or src.consumed > reported:
                table = (
                    pa.concat_tables(pending)
                    if pending
                    else _with_meta(_empty_table(names), [], [])
                )
                yield RawChunk(table, rejects, src.consumed - reported)


def _empty_table(names: list[str]) -> pa.Table:
    return pa.table({n: pa.array([], pa.string()) for n in names})


def _with_meta(table: pa.Table, numbers: list[int], clean: list[bool]) -> pa.Table:
    table = table.append_column(LINE_COLUMN, pa.array(numbers, pa.int64()))
    return table.append_column(CLEAN_COLUMN, pa.array(clean, pa.bool_()))


def _fast_parse(block: bytes, names: list[str], n_lines: int) -> pa.Table | None:
    """pyarrow's parse of a block, or None when it might not be one row per line."""
    if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
        return None
    if b'"' in block and not block.endswith(b"\n"):
        return None  # the file's last line: a quote open there would pass unnoticed
    invalid = False

    def on_invalid(_row: object) -> str:
        nonlocal invalid
        invalid = True
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(block),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=True),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=b'"' in block, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None
    if invalid or table.num_rows != n_lines:
        return None
    if table.num_rows and b'"' in block:
        # A quote left open at the end of the block swallows its last line feed into the last
        # field (an open quote in any other field leaves the row short, caught above).
        last = table.column(len(names) - 1)[-1].as_py()
        if last.endswith(("\n", "\r")):
            return None
    return table


def _fields(text: str) -> list[str]:
    """One line on its own as CSV fields ([] if it cannot be read)."""
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        return []


def _looks_like_a_row(text: str, ncols: int) -> bool:
    """A line that on its own is a whole row: its quotes pair up and it has every field."""
    return text.count('"') % 2 == 0 and len(_fields(text)) == ncols


def _open_at_end(lines: list[str]) -> bool:
    """Whether a record that ran to the end of the file ends inside a quoted field."""
    try:
        next(csv.reader(lines, strict=True), None)
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _unclosed_quote(lines: list[str], row: list[str] | None, ncols: int, at_end: bool) -> bool:
    """Whether a record is a quote that was never closed, swallowing the rows after it, rather
    than a quoted line break (an address over two lines) or a one-line row."""
    if at_end and _open_at_end(lines):
        return True
    if len(lines) < 2:
        return False
    if row is None or len(row) != ncols or sum(t.count('"') for t in lines) % 2:
        return True
    return any(_looks_like_a_row(t, ncols) for t in lines[1:])


def _slow_parse(
    lines: list[bytes], src: _ByteSource, names: list[str], first_line: int, id_position: int
) -> tuple[pa.Table, list[Reject], int]:
    """Parse lines with the csv module: (rows, rejects, physical lines consumed).

    A record over several lines that is really an unclosed quote is rejected as its first line
    alone, and the lines after it are read again as rows of their own: one broken quote loses
    one row, not the thousands after it.
    """
    feeder = _Lines(lines, src)
    reader = csv.reader(feeder)
    ncols = len(names)
    rows: list[list[str]] = []
    numbers: list[int] = []
    clean: list[bool] = []
    rejects: list[Reject] = []
    while not feeder.block_done:
        start = feeder.count + 1
        line = first_line + start - 1
        feeder.record = []
        error: csv.Error | None = None
        row: list[str] | None
        try:
            row = next(reader)
        except csv.Error as exc:
            row, error = None, exc
        except StopIteration:
            break
        texts = [t for t, _ in feeder.record]
        if texts and _unclosed_quote(texts, row, ncols, feeder.at_end and feeder.block_done):
            first = _fields(texts[0])
            key = (first[id_position].strip() or None) if id_position < len(first) else None
            rejects.append(Reject(line, key, "has an unclosed quote"))
            feeder.give_back(len(texts) - 1)
            continue
        if error is not None:
            reason = (
                "has a carriage return outside quotes"
                if "new-line character" in str(error)
                else f"cannot be read as CSV: {error}"
            )
            rejects.append(Reject(line, None, reason))
            continue
        if not row:
            continue
        key = (row[id_position].strip() or None) if id_position < len(row) else None
        if any(start <= n <= feeder.count for n in feeder.bad_utf8):
            rejects.append(Reject(line, key, "is not valid UTF-8 text"))
        elif len(row) != ncols:
            rejects.append(Reject(line, key, f"has {len(row)} fields, expected {ncols}"))
        else:
            rows.append(row)
            numbers.append(line)
            clean.append(not any(_CONTROL_IN_ROW.search(v) for v in row))
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    table = pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, columns, strict=True)})
    return _with_meta(table, numbers, clean), rejects, feeder.count


class ParquetReader:
    format = "parquet"

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self._source = source
        self._digest = ""
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError):
            raise InputError(f"{source} is not a readable Parquet file.") from None
        check_width(len(self._file.schema_arrow.names), source)
        self.columns = tuple(self._file.schema_arrow.names)

    def sha256(self) -> str:
        return self._digest

    def chunks(self, chunk_rows: int, id_position: int) -> Iterator[RawChunk]:
        del id_position  # every Parquet row has all its columns
        digest = hashlib.sha256()
        with self.path.open("rb") as fh:
            while data := fh.read(1 << 20):
                digest.update(data)
        self._digest = digest.hexdigest()
        size = self.path.stat().st_size
        total = max(self._file.metadata.num_rows, 1)
        names = [column_name(i) for i in range(len(self.columns))]
        done = 0
        reported = 0
        try:
            for batch in self._file.iter_batches(batch_size=chunk_rows):
                table = pa.Table.from_batches([batch]).rename_columns(names)
                numbers = np.arange(done + 1, done + 1 + table.num_rows, dtype=np.int64)
                table = table.append_column(LINE_COLUMN, pa.array(numbers))
                # Typed columns are not scanned here: validation checks every row.
                table = table.append_column(CLEAN_COLUMN, pa.nulls(table.num_rows, pa.bool_()))
                done += table.num_rows
                progress = size * done // total
                yield RawChunk(table, [], progress - reported)
                reported = progress
        except pa.ArrowException as exc:
            raise InputError(f"{self._source} could not be read as Parquet: {exc}.") from None
