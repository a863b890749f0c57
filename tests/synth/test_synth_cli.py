from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cybersetu.cli import app
from cybersetu.errors import InputError


def test_synth_command_writes_a_city(tmp_path: Path) -> None:
    out = tmp_path / "city"
    result = CliRunner().invoke(
        app, ["synth", "--out", str(out), "--accounts", "1000", "--days", "2", "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == {"accounts": 1000, "days": 2, "start": "2025-10-01"}
    assert manifest["seed"] == 5
    assert (out / "transactions.csv").stat().st_size > 0


def test_synth_command_rejects_a_tiny_city(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path), "--accounts", "10"])
    assert isinstance(result.exception, InputError)
    assert "--accounts" in str(result.exception)


def test_synth_command_makes_the_harder_city_on_request(tmp_path: Path) -> None:
    out = tmp_path / "city"
    args = ["synth", "--out", str(out), "--accounts", "1000", "--days", "2", "--hard"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["hard"] is True
    header = (out / "labels.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",lookalike,slow")
