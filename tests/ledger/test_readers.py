"""The CSV reader against a plain one-pass `csv` parse: same rows, same physical line numbers,
whatever the block size (fast pyarrow blocks and slow csv blocks interleave)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybersetu.errors import InputError
from cybersetu.ledger import readers
from cybersetu.ledger.readers import LINE_COLUMN, CsvReader, open_reader

NCOLS = 3
field = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\u0915')), max_size=6)
good_row = st.lists(field, min_size=NCOLS, max_size=NCOLS)
bad_row = st.lists(field, min_size=1, max_size=5).filter(lambda r: len(r) != NCOLS)
record = st.one_of(good_row, good_row, good_row, bad_row, st.just(None))  # None: a blank line


def _oracle(data: bytes) -> tuple[list[tuple[int, list[str]]], list[int]]:
    """Rows (start line, fields) and bad-row lines from a csv parse of LF-split lines, one
    record at a time from its first line; a record over several lines that is an unclosed quote
    (not every field, odd quotes, an error, or a later line that is a whole row on its own), or
    that ends the file inside quotes, is bad at its first line and the lines after it are read
    again."""
    lines = data.split(b"\n")
    last = lines.pop()
    texts = [line.decode() + "\n" for line in lines] + ([last.decode()] if last else [])

    def open_at_end(span: list[str]) -> bool:
        try:
            list(csv.reader(span, strict=True))
        except csv.Error as exc:
            return "unexpected end of data" in str(exc)
        return False

    def whole_row(text: str) -> bool:
        try:
            return text.count('"') % 2 == 0 and len(next(csv.reader([text]), [])) == NCOLS
        except csv.Error:
            return False

    rows, bad = [], []
    i = 1  # the header is line 1
    while i < len(texts):
        consumed = 0

        def feed(start: int) -> Iterator[str]:
            nonlocal consumed
            for t in texts[start:]:
                consumed += 1
                yield t

        row: list[str] | None
        try:
            row = next(csv.reader(feed(i)))
        except csv.Error:  # e.g. a bare carriage return outside quotes
            row = None
        span = texts[i : i + consumed]
        unclosed = row is None or len(row) != NCOLS or sum(t.count('"') for t in span) % 2
        at_end = i + consumed == len(texts) and open_at_end(span)
        if at_end or (consumed > 1 and (unclosed or any(whole_row(t) for t in span[1:]))):
            bad.append(i + 1)
            i += 1
            continue
        start, i = i + 1, i + consumed
        if row is None or (row and len(row) != NCOLS):
            bad.append(start)
        elif row:
            rows.append((start, row))
    return rows, bad


def _read(path: Path, chunk_rows: int) -> tuple[list[tuple[int, list[str]]], list[int], str]:
    reader = CsvReader(path, str(path))
    rows, bad = [], []
    for chunk in reader.chunks(chunk_rows, 0):
        assert chunk.table.num_rows <= chunk_rows
        cols = [chunk.table.column(f"c{i}").to_pylist() for i in range(NCOLS)]
        lines = chunk.table.column(LINE_COLUMN).to_pylist()
        rows += [(line, [c[i] for c in cols]) for i, line in enumerate(lines)]
        bad += [r.line for r in chunk.rejects]
    return rows, sorted(bad), reader.sha256()


@given(
    records=st.lists(record, max_size=40),
    crlf=st.booleans(),
    final_newline=st.booleans(),
    block=st.integers(min_value=8, max_value=300),
    chunk_rows=st.integers(min_value=1, max_value=12),
)
def test_rows_and_lines_match_a_plain_csv_parse(
    tmp_path_factory: pytest.TempPathFactory,
    records: list[list[str] | None],
    crlf: bool,
    final_newline: bool,
    block: int,
    chunk_rows: int,
) -> None:
    out = io.StringIO()
    eol = "\r\n" if crlf else "\n"
    writer = csv.writer(out, lineterminator=eol)
    writer.writerow(["a", "b", "c"])
    for r in records:
        if r is None:
            out.write(eol)
        else:
            writer.writerow(r)
    text = out.getvalue()
    if not final_newline:
        text = text.removesuffix(eol)
    data = text.encode()
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(data)
    # The block size is Final in the library; Hypothesis can't use the function-scoped
    # `monkeypatch` fixture, so a context of its own restores it after each example.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(readers, "BLOCK_BYTES", block)
        rows, bad, digest = _read(path, chunk_rows)
    want_rows, want_bad = _oracle(data)
    assert rows == want_rows
    assert bad == want_bad
    assert digest == hashlib.sha256(data).hexdigest()


def test_pyarrow_parses_clean_blocks() -> None:
    """The fast path is really taken for plain blocks (and refused where lines could shift)."""
    names = ["c0", "c1"]
    assert readers._fast_parse(b"a,b\nc,d\n", names, 2) is not None
    assert readers._fast_parse(b'"a",b\n"c,",d\r\n', names, 2) is not None
    assert readers._fast_parse(b'"a\n",b\nc,d\n', names, 3) is None  # quoted newline
    assert readers._fast_parse(b"a,b\n\nc,d\n", names, 3) is None  # blank line
    assert readers._fast_parse(b"a,b\nc\n", names, 2) is None  # wrong field count
    assert readers._fast_parse(b"a,b\rc,d\n", names, 1) is None  # bare carriage return
    assert readers._fast_parse(b"a,\xff\n", names, 1) is None  # not UTF-8


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: it has no header row"),
        (b"\n\n", "is empty: it has no header row"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\xff\xfe,a\n", "is not UTF-8 text"),
    ],
)
def test_unusable_files_are_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        open_reader(path, "f.csv")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^File nope.csv does not exist\.$"):
        open_reader(tmp_path / "nope.csv", "nope.csv")
    with pytest.raises(InputError, match="is a directory"):
        open_reader(tmp_path, "dir")


@given(
    text=st.text(alphabet=st.sampled_from(list('ab,"\n\r')), max_size=80),
    block=st.integers(min_value=4, max_value=64),
)
def test_malformed_quoting_parses_the_same_in_every_block_size(
    tmp_path_factory: pytest.TempPathFactory, text: str, block: int
) -> None:
    data = ("a,b,c\n" + text).encode()
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(readers, "BLOCK_BYTES", block)
        rows, bad, _ = _read(path, 5)
    want_rows, want_bad = _oracle(data)
    assert (rows, bad) == (want_rows, want_bad)
