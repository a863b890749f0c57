"""One tiny city, generated once for the whole synth test session."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cybersetu.synth import SynthConfig, generate

TINY = SynthConfig(accounts=2_000, days=6, seed=3)
# The harder city (test_synth_hard.py): two weeks, so that shapes of several days fit and every
# chit fund collects and pays out.
HARD = SynthConfig(accounts=2_000, days=14, seed=3, hard=True)


@dataclass
class City:
    path: Path
    accounts: list[dict[str, str]]
    transactions: list[dict[str, str]]
    labels: list[dict[str, str]]
    complaints: list[dict[str, Any]]
    truth: list[dict[str, Any]]
    manifest: dict[str, Any]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def load_city(path: Path) -> City:
    return City(
        path=path,
        accounts=_csv(path / "accounts.csv"),
        transactions=_csv(path / "transactions.csv"),
        labels=_csv(path / "labels.csv"),
        complaints=_jsonl(path / "complaints.jsonl"),
        truth=_jsonl(path / "truth_trails.jsonl"),
        manifest=json.loads((path / "manifest.json").read_text(encoding="utf-8")),
    )


def _generate(factory: pytest.TempPathFactory, cfg: SynthConfig, name: str) -> Path:
    out = factory.mktemp(name)
    generate(cfg, out)
    return out


@pytest.fixture(scope="session")
def city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory, TINY, "city")


@pytest.fixture(scope="session")
def city(city_dir: Path) -> City:
    return load_city(city_dir)


@pytest.fixture(scope="session")
def hard_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory, HARD, "hard-city")


@pytest.fixture(scope="session")
def hard(hard_dir: Path) -> City:
    return load_city(hard_dir)
