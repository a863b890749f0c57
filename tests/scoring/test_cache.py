"""Features kept on disk: a hit only for the same bytes, engine and code; damage is a miss."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from cybersetu.scoring import FeatureCache, Sources, pipeline, train_files
from cybersetu.scoring.cache import KEEP


def _files(folder: Path) -> dict[str, Path | None]:
    return {
        "transactions": folder / "transactions.csv",
        "accounts": folder / "accounts.csv",
        "complaints": None,
    }


def test_the_key_follows_the_bytes_and_the_engine(city: Path, tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "cache")
    copy = tmp_path / "copy"
    shutil.copytree(city, copy)
    key = cache.key(_files(city), "duckdb")
    assert cache.key(_files(copy), "duckdb") == key  # same bytes elsewhere: same features
    assert cache.key(_files(city), "spark") != key
    with (copy / "transactions.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert cache.key(_files(copy), "duckdb") != key
    assert cache.key({**_files(city), "accounts": None}, "duckdb") != key


def test_put_then_get_gives_the_same_table(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path)
    table = pa.table({"account": ["a", "b"], "x": [1.0, None]})
    key = "ab" * 32
    assert cache.get(key) is None
    cache.put(key, table)
    assert cache.get(key) == table
    assert [p.name for p in tmp_path.iterdir()] == [f"{key}.parquet"]  # no temporary left


def test_a_damaged_entry_is_a_miss_and_is_removed(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path)
    key = "cd" * 32
    (tmp_path / f"{key}.parquet").write_bytes(b"not parquet")
    assert cache.get(key) is None
    assert not (tmp_path / f"{key}.parquet").exists()


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path)
    table = pa.table({"account": ["a"]})
    keys = [f"{i:064x}" for i in range(KEEP + 2)]
    for i, key in enumerate(keys):
        cache.put(key, table)
        os.utime(tmp_path / f"{key}.parquet", (1_000 + i, 1_000 + i))
    cache.put(keys[-1], table)  # writing prunes
    assert sorted(p.stem for p in tmp_path.glob("*.parquet")) == sorted(keys[-KEEP:])


def test_a_key_is_never_a_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a cache key"):
        FeatureCache(tmp_path).get("../../etc/passwd")


def test_train_then_score_computes_the_features_once(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[Sources] = []
    real = pipeline.compute_features

    def counting(con: object, sources: Sources, **kw: object) -> pa.Table:
        computed.append(sources)
        return real(con, sources, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "compute_features", counting)
    cache = FeatureCache(tmp_path / "cache")
    sources = Sources.city(city)
    train_files(sources, city / "labels.csv", tmp_path / "m.json", cache=cache)
    first = pipeline.features_for(sources, cache=cache)
    assert len(computed) == 1
    fresh = pipeline.features_for(sources)  # what a run without the cache computes
    assert len(computed) == 2
    assert first.column_names == fresh.column_names
    assert first["account"] == fresh["account"]
    for name in first.column_names[1:]:
        # DuckDB's parallel sums may differ in the last bit from run to run.
        a, b = (t[name].to_numpy(zero_copy_only=False).astype(float) for t in (first, fresh))
        np.testing.assert_allclose(a, b, rtol=1e-12, equal_nan=True, err_msg=name)
