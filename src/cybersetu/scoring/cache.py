"""Features kept on disk, keyed by what they were computed from.

Features need no labels, so `cybersetu train` and `cybersetu score` over the same files compute
the same table: the usual round (train on the accounts with known labels, then score every
account of the same ledger) computed it twice, and cross-validation protocols four times. The
key is a digest of the input files' bytes, the engine and the code that computes features, so a
changed file, engine or feature definition is a miss, never a stale hit. A ledger store (DuckDB,
PostgreSQL) changes under us and is never cached.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq

#: Entries kept; older ones are removed when a new one is written.
KEEP: Final = 4


def _code_digest() -> str:
    """The source of the modules that decide feature values, and the engines' versions."""
    # The engine's version from its metadata: only the named modules import duckdb itself.
    from importlib.metadata import version

    from cybersetu.scoring import backends, features, inputs, pipeline

    h = hashlib.sha256()
    for module in (features, inputs, backends, pipeline):
        h.update(Path(module.__file__ or "").read_bytes())
    h.update(version("duckdb").encode())
    h.update(pa.__version__.encode())
    return h.hexdigest()


@dataclass(frozen=True)
class FeatureCache:
    folder: Path
    keep: int = KEEP

    def key(self, files: dict[str, Path | None], engine: str) -> str:
        """Digest of the engine, the feature code and every given file's bytes (by role)."""
        h = hashlib.sha256(f"{engine}\0{_code_digest()}".encode())
        for role in sorted(files):
            path = files[role]
            h.update(f"\0{role}\0".encode())
            if path is not None:
                with path.open("rb") as fh:
                    h.update(hashlib.file_digest(fh, "sha256").digest())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        # The name is our own hex digest, never text from the input.
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError("not a cache key")
        return self.folder / f"{key}.parquet"

    def get(self, key: str) -> pa.Table | None:
        path = self._path(key)
        try:
            table = pq.read_table(path)
        except FileNotFoundError:
            return None
        except (OSError, pa.ArrowException):
            # A damaged entry (a full disk mid-write on an old version, an edit): recompute.
            path.unlink(missing_ok=True)
            return None
        os.utime(path)  # recently used entries survive pruning
        return table

    def put(self, key: str, table: pa.Table) -> None:
        """Write atomically (a reader never sees half a file), then drop the oldest entries."""
        path = self._path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".parquet")
            os.close(fd)
            try:
                pq.write_table(table, tmp)
                Path(tmp).replace(path)
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError:
            return  # a cache that cannot be written only costs time
        self._prune()

    def _prune(self) -> None:
        try:
            ours = [(p.stat().st_mtime, p) for p in self.folder.glob("*.parquet")]
        except OSError:  # another process pruned at the same time
            return
        ours = sorted((t, p) for t, p in ours if len(p.stem) == 64)
        for _, old in ours[: max(0, len(ours) - self.keep)]:
            old.unlink(missing_ok=True)
