"""A small synthetic city, generated once per test session, and its features."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from cybersetu.scoring.pipeline import Sources, features_for
from cybersetu.synth import SynthConfig, generate

CITY_ACCOUNTS = 4_000


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city")
    generate(SynthConfig(accounts=CITY_ACCOUNTS, days=30, seed=11), out)
    return out


@pytest.fixture(scope="session")
def city_features(city: Path) -> pa.Table:
    return features_for(Sources.city(city, complaints=True))
