"""Settings from the environment, in one place.

Every setting has an embedded default so that a fresh machine works with no configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    """Where generated data, the store and reports live."""

    store_path: Path
    """The embedded ledger store (DuckDB file)."""


def get_settings() -> Settings:
    data_dir = Path(os.environ.get("CYBERSETU_DATA_DIR", "var"))
    store = os.environ.get("CYBERSETU_STORE")
    return Settings(
        data_dir=data_dir,
        store_path=Path(store) if store else data_dir / "cybersetu.duckdb",
    )
