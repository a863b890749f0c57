"""Every command answers hostile input and a failing system with one sentence, never a traceback,
and prints names exactly as they are (never as Rich markup)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from cybersetu.cli import main
from cybersetu.ledger import DuckDBLedgerStore

TXNS = (
    "txn_id,ts,src_account,dst_account,amount,channel\n"
    "T1,2026-01-06T10:00:00,A,B,100,UPI\n"
    "T2,2026-01-06T10:05:00,B,C,60,IMPS\n"
    "T3,2026-01-06T10:05:00,B,C,1.234,IMPS\n"
)


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """The `cybersetu` entry point itself, in this process (so monkeypatches reach it)."""
    monkeypatch.setattr(sys, "argv", ["cybersetu", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str, start: str) -> None:
    assert err.startswith(f"Error: {start}"), err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for raw in ("IO Error", "INTERNAL Error", "Binder Error", "Catalog Error"):
        assert raw not in err  # DuckDB's own text


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(TXNS, encoding="utf-8")
    return path


def test_a_full_disk_while_writing_the_report_loads_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybersetu.ledger.validate import Workspace

    def full(_self: Workspace, path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(Workspace, "write_report", full)
    store = tmp_path / "s.duckdb"
    code, _, err = run(capsys, monkeypatch, "ingest", "--store", str(store), str(data))
    assert code == 1
    one_sentence(err, "The disk is full: nothing was loaded and the store is as it was")
    with DuckDBLedgerStore(store, read_only=True) as s:
        assert (s.stats().loads, s.stats().transactions) == (0, 0)


def test_a_full_disk_while_writing_the_store_loads_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybersetu.ledger.duckdb_store import DuckDBLedgerWriter

    def full(*_args: object) -> None:
        raise duckdb.IOException(
            'IO Error: Could not write file "s.duckdb": No space left on device'
        )

    monkeypatch.setattr(DuckDBLedgerWriter, "stage", full)
    store = tmp_path / "s.duckdb"
    code, _, err = run(capsys, monkeypatch, "ingest", "--store", str(store), str(data))
    assert code == 1
    one_sentence(err, "The disk is full: nothing was loaded")
    with DuckDBLedgerStore(store, read_only=True) as s:
        assert s.stats().loads == 0


def test_other_system_and_duckdb_errors_are_one_sentence(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybersetu.ledger.duckdb_store import DuckDBLedgerWriter

    def broken(*_args: object) -> None:
        raise duckdb.InternalException("INTERNAL Error: Attempted to access index 7 within vector")

    monkeypatch.setattr(DuckDBLedgerWriter, "stage", broken)
    code, _, err = run(
        capsys, monkeypatch, "ingest", "--store", str(tmp_path / "s.duckdb"), str(data)
    )
    assert code == 1
    one_sentence(err, "The ledger store stopped the command with an internal error")

    out = tmp_path / "scores.csv"
    out.write_text("x")
    out.chmod(0o400)
    monkeypatch.setattr(
        "cybersetu.scoring.pipeline.write_scores",
        lambda *_a: (_ for _ in ()).throw(
            PermissionError(errno.EACCES, "Permission denied", str(out))
        ),
    )
    code, _, err = run(capsys, monkeypatch, "score", "--transactions", str(data), "--out", str(out))
    assert code == 1
    one_sentence(err, f"Cannot use {out}: permission denied.")


@pytest.fixture
def store(tiny_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ledger.duckdb"
    shutil.copy(tiny_store, path)
    return path


def test_trace_on_a_read_only_store_folder(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    if os.geteuid() != 0:  # root writes anywhere: then the read-only medium is simulated
        store.parent.chmod(0o555)
    else:

        def read_only(*_args: object, **_kwargs: object) -> str:
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    try:
        code, _, err = run(capsys, monkeypatch, "trace", "--store", str(store), "--txn", "1")
    finally:
        store.parent.chmod(0o755)
    assert code == 1
    one_sentence(err, f"The trail index cannot be written in {store.parent} (")
    assert err.rstrip().endswith("copy the store to a folder you can write to and trace there.")


def test_trace_outputs_of_the_wrong_kind_are_refused_before_any_work(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "requests.txt"
    a_file.write_text("keep me")
    base = ["trace", "--store", str(store), "--txn", "1"]
    code, _, err = run(capsys, monkeypatch, *base, "--requests", str(a_file))
    assert code == 1
    one_sentence(err, f"--requests {a_file} is a file; give a folder to write into.")
    assert a_file.read_text() == "keep me"
    code, _, err = run(capsys, monkeypatch, *base, "--svg", str(tmp_path))
    assert code == 1
    one_sentence(err, f"--svg {tmp_path} is a folder; give the file to write.")
    assert not store.with_name(store.stem + ".trail-index").exists()  # no work was done


@pytest.mark.parametrize("bad", ["abc", "NaN", "inf", "-inf", ""])
def test_evaluate_refuses_scores_that_are_not_numbers(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scores = tmp_path / "scores.csv"
    scores.write_text(f"account_id,score\nA,0.9\nB,{bad}\nC,0.1\n")
    labels = tmp_path / "labels.csv"
    labels.write_text("account_id,is_mule\nA,1\nB,0\nC,0\n")
    args = ["evaluate", "--scores", str(scores), "--labels", str(labels)]
    code, _, err = run(capsys, monkeypatch, *args)
    assert code == 1
    one_sentence(err, f"The scores file {scores} has the score {bad!r} in row 2 (account B)")


def test_names_with_rich_markup_are_printed_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("[").mkdir()  # so that the file can be called "[/x].csv"
    Path("[/x].csv").write_text(TXNS, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "ingest", "--store", "[bold]s.duckdb", "[/x].csv")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "[/x].csv" in flat
    assert "Error report: errors/x]-" in flat  # the stem of [/x].csv
    Path("[bold]b.csv").write_text(TXNS, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "ingest", "--store", "t.duckdb", "[bold]b.csv")
    assert code == 0, err
    assert "Error report: errors/[bold]b-" in " ".join(out.split())
    code, out, err = run(capsys, monkeypatch, "store", "stats", "--store", "[bold]s.duckdb")
    assert code == 0, err
    assert "Ledger store [bold]s.duckdb" in out

    code, _, err = run(capsys, monkeypatch, "ingest", "--store", "s.duckdb", "[red]gone[/].csv")
    assert code == 1
    one_sentence(err, "File [red]gone[/].csv does not exist.")

    Path("[i]c.jsonl").write_text(
        json.dumps({"id": "[bold]1[/]", "text": "[bold] 50 hazar"}) + "\n"
    )
    code, out, err = run(capsys, monkeypatch, "analyze", "[i]c.jsonl", "--summary")
    assert code == 0, err
    assert json.loads(out)["id"] == "[bold]1[/]"
    code, _, err = run(capsys, monkeypatch, "analyze", "[/i]missing.jsonl")
    one_sentence(err, "The file [/i]missing.jsonl does not exist.")

    code, _, err = run(
        capsys, monkeypatch, "score", "--transactions", "[/x].csv", "--out", "[b]s.csv"
    )
    assert code == 0, err
    assert "Wrote [b]s.csv:" in err
