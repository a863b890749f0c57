"""Settings from the environment, in one place.

Every setting has an embedded default so that a fresh machine works with no configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cybersetu.errors import InputError


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    """Where generated data, the store and reports live."""

    store: str
    """The ledger store (`CYBERSETU_STORE`): a DuckDB file path (default
    `<data_dir>/cybersetu.duckdb`) or a `postgresql://user:password@host:port/db` URL."""

    scoring_memory: str | None
    """DuckDB's memory limit for mule-scoring features (`CYBERSETU_SCORING_MEMORY`, e.g. `4GB`);
    beyond it sorts and joins spill to a temporary folder. None: DuckDB's default, 80% of RAM."""

    spark_memory: str
    """Driver memory of a local Spark session (`CYBERSETU_SPARK_MEMORY`, default `4g`)."""

    database_url: str
    """The desk's database (`CYBERSETU_DATABASE_URL`): SQLite in the data folder by default,
    `postgresql://user:password@host:port/db` for a multi-user deployment."""

    secret_key_file: Path
    """Where the key that signs session cookies is kept (`CYBERSETU_SECRET_KEY_FILE`, default
    `<data_dir>/secret.key`, made on first use). `CYBERSETU_SECRET_KEY` overrides the file."""

    secret_key: str | None
    """The signing key itself, when given in the environment."""

    secure_cookies: bool
    """Send session cookies only over HTTPS (`CYBERSETU_SECURE_COOKIES=1`; off by default so the
    desk works on 127.0.0.1 without TLS)."""

    feature_cache: Path | None = None
    """Where mule-scoring features of files already seen are kept (`CYBERSETU_FEATURE_CACHE`,
    default `<data_dir>/cache/features`; `off` turns it off)."""

    hold_due_minutes: int = 60
    """How long a bank has to answer a golden-hour hold request (`CYBERSETU_HOLD_DUE_MINUTES`)."""

    information_due_hours: int = 24
    """How long a bank has to answer a request for information
    (`CYBERSETU_INFORMATION_DUE_HOURS`)."""
    sweep_seconds: int = 60
    """How often the server runs the sweeper (`CYBERSETU_SWEEP_SECONDS`, default 60; `0` turns
    it off, e.g. when cron runs `cybersetu sweep` instead, and in tests)."""
    threads: int = 4
    """Threads per desk process that run database work and tracing (`CYBERSETU_THREADS`).
    Python runs one of them at a time: more than a few only make them wait for each other
    (50 clients on one process: 15 complaints/s with 40 threads, 27/s with 4). Scale with
    `cybersetu serve --workers` instead."""
    outbox_sender: str = "file"
    """Who carries SMS and e-mail out (`CYBERSETU_OUTBOX_SENDER`): `file` (default,
    `<data_dir>/outbox.jsonl`), `console`, `none`, or `package.module:factory`; see
    `outbox.senders`."""


def get_settings() -> Settings:
    data_dir = Path(os.environ.get("CYBERSETU_DATA_DIR", "var"))
    store = os.environ.get("CYBERSETU_STORE")
    return Settings(
        data_dir=data_dir,
        store=store or str(data_dir / "cybersetu.duckdb"),
        scoring_memory=os.environ.get("CYBERSETU_SCORING_MEMORY") or None,
        spark_memory=os.environ.get("CYBERSETU_SPARK_MEMORY") or "4g",
        database_url=os.environ.get("CYBERSETU_DATABASE_URL")
        or f"sqlite:///{data_dir / 'desk.sqlite3'}",
        secret_key_file=Path(
            os.environ.get("CYBERSETU_SECRET_KEY_FILE") or data_dir / "secret.key"
        ),
        secret_key=os.environ.get("CYBERSETU_SECRET_KEY") or None,
        secure_cookies=os.environ.get("CYBERSETU_SECURE_COOKIES", "") in ("1", "true", "yes"),
        feature_cache=_feature_cache(data_dir),
        hold_due_minutes=_positive("CYBERSETU_HOLD_DUE_MINUTES", 60),
        information_due_hours=_positive("CYBERSETU_INFORMATION_DUE_HOURS", 24),
        sweep_seconds=_seconds(os.environ.get("CYBERSETU_SWEEP_SECONDS"), 60),
        outbox_sender=os.environ.get("CYBERSETU_OUTBOX_SENDER", "").strip() or "file",
        threads=_positive("CYBERSETU_THREADS", 4),
    )


def _feature_cache(data_dir: Path) -> Path | None:
    value = os.environ.get("CYBERSETU_FEATURE_CACHE", "").strip()
    if value.lower() == "off":
        return None
    return Path(value) if value else data_dir / "cache" / "features"


def _positive(name: str, default: int) -> int:
    text = os.environ.get(name)
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise InputError(f"{name} must be a whole number of at least 1, not {text!r}.")
    return int(text)


def _seconds(value: str | None, default: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        return max(0, int(value))
    except ValueError:
        raise ValueError(f"CYBERSETU_SWEEP_SECONDS must be a whole number, not {value!r}") from None
