"""The same features on DuckDB and on Spark (local mode), from the same files."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cybersetu.scoring.backends import Engine, local_spark_session
from cybersetu.scoring.features import FEATURES
from cybersetu.scoring.pipeline import features_for
from tests.scoring.ledgers import tiny_city

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = [
    # py4j leaves its gateway sockets to the garbage collector; pandas 3 warns inside pyspark.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),
]


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    # One session for the whole test run: starting Spark costs seconds.
    session = local_spark_session(
        cores=1, driver_memory="1g", warehouse=tmp_path_factory.mktemp("spark")
    )
    # Tiny data: one partition, and no time spent optimising or compiling plans for it.
    session.conf.set("spark.sql.shuffle.partitions", "1")
    session.conf.set("spark.sql.adaptive.enabled", "false")
    session.conf.set("spark.sql.codegen.wholeStage", "false")
    yield session
    session.stop()


@pytest.mark.usefixtures("spark")  # the session features_for(Engine.SPARK) then picks up
def test_duckdb_and_spark_compute_the_same_features(tmp_path: Path) -> None:
    sources = tiny_city(tmp_path)
    duck = features_for(sources, Engine.DUCKDB).to_pylist()
    sp = features_for(sources, Engine.SPARK).to_pylist()
    assert [r["account"] for r in duck] == [r["account"] for r in sp]
    assert len(duck) > 30
    differences = []
    for a, b in zip(duck, sp, strict=True):
        for f in FEATURES:
            x, y = a[f], b[f]
            if x is None or y is None or math.isnan(x) or math.isnan(y):
                same = (x is None or math.isnan(x)) == (y is None or math.isnan(y))
            else:
                same = math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
            if not same:
                differences.append((a["account"], f, x, y))
    assert not differences
    # The tiny city has every shape: no feature is trivially zero everywhere on both.
    for f in FEATURES:
        assert any(r[f] not in (None, 0.0) and not math.isnan(r[f]) for r in duck), f
    assert not (tmp_path / "spark-warehouse").exists()
