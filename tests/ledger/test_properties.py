"""Invariant: however a set of valid rows is split into files, ordered, written (equivalent forms
of the same values, CSV or Parquet) and re-loaded, the store ends up the same."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from cybersetu.interchange import Channel
from cybersetu.ledger import DuckDBLedgerStore, ingest

IST = timedelta(hours=5, minutes=30)
BASE = datetime(2026, 1, 6, tzinfo=UTC)

row = st.fixed_dictionaries(
    {
        "seconds": st.integers(0, 10 * 86400),
        "src": st.sampled_from(["A", "B", "C", "SBIN0001234:000123"]),
        "dst": st.sampled_from(["B", "C", "mule@ybl"]),
        "paise": st.integers(1, 10**9),
        "channel": st.sampled_from(list(Channel)),
    }
)


def _forms(draw: st.DrawFn, r: dict[str, object]) -> list[str]:
    """One of several equivalent spellings of each value."""
    utc = BASE + timedelta(seconds=int(str(r["seconds"])))
    ts = draw(
        st.sampled_from(
            [
                f"{utc + IST:%Y-%m-%dT%H:%M:%S}",
                f"{utc + IST:%Y-%m-%d %H:%M:%S}+05:30",
                f"{utc:%Y-%m-%dT%H:%M:%S}Z",
            ]
        )
    )
    paise = int(str(r["paise"]))
    amount = draw(
        st.sampled_from(
            [f"{paise // 100}.{paise % 100:02d}", f"{paise // 100}.{paise % 100:02d}0"]
            + ([str(paise // 100)] if paise % 100 == 0 else [])
        )
    )
    channel = str(r["channel"])
    return [
        ts,
        str(r["src"]),
        str(r["dst"]),
        amount,
        draw(st.sampled_from([channel, channel.lower()])),
    ]


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[list[list[str]]], list[list[int]], int]:
    rows = draw(st.lists(row, min_size=1, max_size=25))
    n_files = draw(st.integers(1, 4))
    part = [draw(st.integers(0, n_files - 1)) for _ in rows]
    files: list[list[list[str]]] = []
    for f in range(n_files):
        mine = [i for i, p in enumerate(part) if p == f]
        mine = draw(st.permutations(mine))
        files.append([[f"T{i}", *_forms(draw, rows[i])] for i in mine])
    # Invocations: each file at least once, some twice, in any order and grouping.
    loads = draw(
        st.permutations(
            list(range(n_files)) + draw(st.lists(st.integers(0, n_files - 1), max_size=3))
        )
    )
    cut = sorted(draw(st.sets(st.integers(1, max(len(loads) - 1, 1)), max_size=2)))
    groups = [list(g) for g in _split(list(loads), cut) if g]
    return files, groups, len(rows)


def _split(items: list[int], cuts: list[int]) -> list[list[int]]:
    out, start = [], 0
    for c in [*cuts, len(items)]:
        out.append(items[start:c])
        start = c
    return out


HEADER = ["txn_id", "ts", "src_account", "dst_account", "amount", "channel"]


def _write(path: Path, rows: list[list[str]], parquet: bool) -> Path:
    if parquet:
        pq.write_table(pa.table({h: [r[i] for r in rows] for i, h in enumerate(HEADER)},
                                schema=pa.schema([(h, pa.string()) for h in HEADER])), path)  # fmt: skip
    else:
        path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _content(store: DuckDBLedgerStore) -> list[tuple[object, ...]]:
    return store.connection.execute(
        "SELECT txn_id, ts, src_account, dst_account, amount_paise, channel, currency "
        "FROM transactions ORDER BY txn_id"
    ).fetchall()


@settings(max_examples=10)
@given(scenario(), st.booleans())
def test_any_split_order_and_repetition_gives_the_same_store(
    case: tuple[list[list[list[str]]], list[list[int]], int], parquet: bool
) -> None:
    files, groups, n = case
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = [
            _write(work / f"f{i}.{'parquet' if parquet else 'csv'}", rows, parquet)
            for i, rows in enumerate(files)
        ]
        everything = _write(work / "all.csv", [r for f in files for r in f], False)
        with DuckDBLedgerStore() as once:
            ingest(once, [everything], errors_dir=work)
            expected = _content(once)
        with DuckDBLedgerStore() as store:
            loaded = duplicates = 0
            for group in groups:
                report = ingest(store, [paths[i] for i in group], errors_dir=work, chunk_rows=7)
                assert report.rejected == report.conflicts == 0
                loaded += report.loaded
                duplicates += report.duplicates
            assert _content(store) == expected
            assert loaded == n
            assert loaded + duplicates == sum(len(files[i]) for g in groups for i in g)
