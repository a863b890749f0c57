"""The labelled corpus, loaded once per test session."""

from pathlib import Path

import pytest

from cybersetu.intake import corpus

HELDOUT = Path(__file__).parents[1] / "data" / "narratives" / "heldout.jsonl"


@pytest.fixture(scope="session")
def training() -> list[corpus.Narrative]:
    return corpus.load_training()


@pytest.fixture(scope="session")
def heldout() -> list[corpus.Narrative]:
    return corpus.load(HELDOUT)
