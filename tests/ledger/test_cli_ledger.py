"""`cybersetu ingest` and `cybersetu store stats`: the JSON contracts and the error path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cybersetu.cli import app
from tests.ledger.conftest import TXN_HEADER, write_text

GOOD = f"{TXN_HEADER}\nT1,2026-01-06T10:15:00,A,B,100.50,UPI\nT2,2026-01-06T11:00:00,B,C,50,IMPS\n"
BAD = f"{TXN_HEADER}\nT3,2026-01-06T10:15:00,A,B,1.234,UPI\nT4,2026-01-06T10:20:00,A,B,1,UPI\n"


def _json(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    value: dict[str, object] = json.loads(result.stdout)  # exactly one JSON document
    return value


def test_ingest_json_contract(tmp_path: Path) -> None:
    store = tmp_path / "var" / "s.duckdb"
    good = write_text(tmp_path / "good.csv", GOOD)
    bad = write_text(tmp_path / "bad.csv", BAD)
    out = _json(["ingest", "--json", "--store", str(store), str(good), str(bad)])
    assert set(out) == {
        "loaded", "duplicates", "conflicts", "rejected", "warnings", "errors_file", "files",
    }  # fmt: skip
    assert (out["loaded"], out["duplicates"], out["conflicts"], out["rejected"]) == (3, 0, 0, 1)
    assert out["warnings"] == {}
    errors = Path(str(out["errors_file"]))
    assert errors.parent == store.parent / "errors"
    assert errors.name.startswith("good-and-1-more-")
    assert errors.read_text().splitlines()[1].startswith(f"{bad},2,T3,")
    files = out["files"]
    assert isinstance(files, list)
    assert [(f["file"], f["kind"], f["format"], f["load_id"], f["rows"]) for f in files] == [
        (str(good), "transactions", "csv", 1, 2),
        (str(bad), "transactions", "csv", 2, 2),
    ]
    assert set(files[0]) == {
        "file", "kind", "format", "sha256", "load_id", "rows",
        "loaded", "duplicates", "conflicts", "rejected", "warnings",
    }  # fmt: skip

    again = _json(["ingest", "--json", "--store", str(store), str(good)])
    assert (again["loaded"], again["duplicates"], again["errors_file"]) == (0, 2, None)


def test_ingest_summary_and_store_stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "env-store.duckdb"
    monkeypatch.setenv("CYBERSETU_STORE", str(store))
    result = CliRunner().invoke(app, ["ingest", str(write_text(tmp_path / "g.csv", GOOD))])
    assert result.exit_code == 0, result.output
    assert "Loaded 2, duplicates 0, conflicts 0, rejected 0." in result.stdout
    assert store.exists()

    stats = _json(["store", "stats", "--json"])
    assert stats == {
        "store": str(store),
        "accounts": 0,
        "transactions": 2,
        "loads": 1,
        "first_ts": "2026-01-06T04:45:00+00:00",
        "last_ts": "2026-01-06T05:30:00+00:00",
        "total_paise": {"INR": 15050},
        "total": {"INR": "150.50"},
    }
    human = CliRunner().invoke(app, ["store", "stats", "--store", str(store)])
    assert human.exit_code == 0
    assert "₹150.50" in human.stdout


def test_ingest_errors_option(tmp_path: Path) -> None:
    wanted = tmp_path / "report.csv"
    out = _json(
        [
            "ingest", "--json", "--store", str(tmp_path / "s.duckdb"),
            "--errors", str(wanted), str(write_text(tmp_path / "b.csv", BAD)),
        ]
    )  # fmt: skip
    assert out["errors_file"] == str(wanted)
    assert wanted.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "missing.csv"], "Error: File missing.csv does not exist."),
        (["store", "stats"], "Error: There is no store at"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cybersetu.cli", *args, "--store", str(tmp_path / "s.duckdb")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(message)
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "s.duckdb").exists()
