"""The scoring engines take their memory from the settings and spill instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybersetu.errors import InputError
from cybersetu.scoring.backends import open_backend
from cybersetu.scoring.pipeline import features_for
from tests.scoring.ledgers import tiny_city


def test_a_memory_limit_from_the_environment_is_applied_and_spills_to_a_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CYBERSETU_SCORING_MEMORY", "300MB")
    monkeypatch.chdir(tmp_path)
    with open_backend("duckdb") as con:
        limit = con.raw_sql("SELECT current_setting('memory_limit')").fetchone()
        spill = con.raw_sql("SELECT current_setting('temp_directory')").fetchone()
    assert limit is not None
    assert limit[0].replace(" ", "").upper().startswith(("286", "300"))
    assert spill is not None
    assert "cybersetu-duckdb-" in spill[0]
    assert not Path(spill[0]).exists()  # removed with the backend
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_a_bad_memory_limit_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERSETU_SCORING_MEMORY", "lots")
    with pytest.raises(InputError, match="memory limit 'lots'"), open_backend("duckdb"):
        pass


def test_features_under_a_small_memory_limit_are_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sources = tiny_city(tmp_path / "city")
    free = features_for(sources, "duckdb")
    monkeypatch.setenv("CYBERSETU_SCORING_MEMORY", "200MB")
    assert features_for(sources, "duckdb").equals(free)
