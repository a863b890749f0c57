"""`ingest`: load transactions and accounts files into the ledger store, all or nothing.

Per invocation: every file is checked up front (exists, readable, recognised by its columns),
then one store transaction loads them one after another. Per file: read in chunks, validate each
chunk, stage the good rows, and merge the file into the store (new keys loaded, equal rows counted
as duplicates, different rows with a known key reported as conflicts). Rejected rows and
conflicts go to one error report, written only when there are any.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from cybersetu.errors import InputError
from cybersetu.interchange import TRANSACTION_COLUMNS
from cybersetu.ledger.readers import FileReader, open_reader
from cybersetu.ledger.schema import ColumnMap, Kind, recognise
from cybersetu.ledger.store import LedgerStore, LedgerWriter, LoadCounts, LoadSource
from cybersetu.ledger.validate import Workspace, check_sql

DEFAULT_CHUNK_ROWS: Final = 500_000

Progress = Callable[[int], None]
"""Called after each chunk with the number of bytes of input consumed since the last call."""


@dataclass(frozen=True)
class FileReport:
    file: str
    kind: Kind
    format: str
    sha256: str
    load_id: int
    rows: int
    """Data rows read (blank lines are not rows)."""
    loaded: int
    duplicates: int
    conflicts: int
    rejected: int
    warnings: dict[str, int] = field(default_factory=dict)
    """Per column, rows kept with that value left empty (an unknown word in an optional column)."""

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind.value,
            "format": self.format,
            "sha256": self.sha256,
            "load_id": self.load_id,
            "rows": self.rows,
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class IngestReport:
    files: tuple[FileReport, ...]
    errors_file: Path | None
    """The error report (rejected rows and conflicts), None when there were none."""

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def conflicts(self) -> int:
        return sum(f.conflicts for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def warnings(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for f in self.files:
            for name, n in f.warnings.items():
                total[name] = total.get(name, 0) + n
        return total

    def to_json(self) -> dict[str, object]:
        return {
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "errors_file": str(self.errors_file) if self.errors_file else None,
            "files": [f.to_json() for f in self.files],
        }


@dataclass(frozen=True)
class InputFile:
    """A file checked for loading: it exists, is CSV or Parquet, and its columns say its kind."""

    path: Path
    label: str
    reader: FileReader
    columns: ColumnMap

    @classmethod
    def open(cls, path: Path) -> InputFile:
        label = str(path)
        reader = open_reader(path, label)
        return cls(path, label, reader, recognise(reader.columns, label))

    @property
    def kind(self) -> Kind:
        return self.columns.spec.kind


REPORT_HEADER: Final = "file,line,id,reason"


def check_errors_path(path: Path, *, store: Path | None, inputs: Sequence[Path]) -> None:
    """Refuse an `--errors` path that would overwrite anything but an earlier error report
    (`store`: the store's file, None for a database server)."""
    target = path.resolve()
    partial = target.with_name(target.name + ".partial")
    kept = {p.resolve() for p in inputs}
    if store is not None:
        kept |= {store.resolve(), store.resolve().with_name(store.name + ".wal")}
    if target in kept or partial in kept:
        raise InputError(
            f"The error report {path} would overwrite the store or a file being loaded; "
            "give another path."
        )
    if target.is_dir():
        raise InputError(f"The error report {path} is a directory; give a file path.")
    if target.exists():
        try:
            with target.open("rb") as fh:
                first = fh.readline(len(REPORT_HEADER) + 4).decode("utf-8", "replace")
        except OSError:
            first = ""
        if first.rstrip("\r\n") != REPORT_HEADER:
            raise InputError(
                f"{path} exists and is not an earlier error report; give a new file (an "
                "earlier report may be replaced)."
            )


def default_errors_path(errors_dir: Path, files: Sequence[Path], now: datetime) -> Path:
    """`<errors_dir>/<first file stem>[-and-N-more]-<UTC time>.csv`, never an existing file."""
    stem = files[0].stem if files else "ingest"
    if len(files) > 1:
        stem += f"-and-{len(files) - 1}-more"
    base = f"{stem}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    path = errors_dir / f"{base}.csv"
    n = 1
    while path.exists():
        n += 1
        path = errors_dir / f"{base}-{n}.csv"
    return path


def ingest(
    store: LedgerStore,
    files: Sequence[Path | InputFile],
    *,
    errors_dir: Path,
    errors_path: Path | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """Load files into the store in one transaction; see the module docstring.

    Files may be given already checked (`InputFile.open`), e.g. to refuse bad input before
    opening the store. `now` (default: the clock) is the load time; later timestamps are refused.
    """
    if not files:
        raise InputError("Give at least one file to load.")
    if chunk_rows < 1:
        raise InputError("The chunk size must be at least one row.")
    plans = [f if isinstance(f, InputFile) else InputFile.open(f) for f in files]
    now = now or datetime.now(UTC)
    report = errors_path or default_errors_path(errors_dir, [p.path for p in plans], now)
    partial = report.with_name(report.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="cybersetu-ingest-") as tmp:
        workspace = Workspace(Path(tmp))
        try:
            with store.writer() as writer:
                reports = tuple(
                    _load_file(writer, workspace, file_no, plan, now, report, chunk_rows, progress)
                    for file_no, plan in enumerate(plans)
                )
                if workspace.rejected:
                    workspace.write_report(partial)
            if workspace.rejected:
                partial.replace(report)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            workspace.close()
    return IngestReport(reports, report if workspace.rejected else None)


def _load_file(
    writer: LedgerWriter,
    workspace: Workspace,
    file_no: int,
    plan: InputFile,
    now: datetime,
    report: Path,
    chunk_rows: int,
    progress: Progress | None,
) -> FileReport:
    kind = plan.kind
    sql = check_sql(plan.columns, typed_extras=plan.reader.format == "parquet", now=now)
    load_id = writer.begin_load(
        LoadSource(
            file_name=plan.path.name,
            file_path=str(plan.path.resolve()),
            kind=kind,
            format=plan.reader.format,
            size_bytes=plan.path.stat().st_size,
            loaded_at=now,
        )
    )
    rows = rejected = 0
    for chunk in plan.reader.chunks(chunk_rows, plan.columns.key_position):
        rows += len(chunk.rejects) + chunk.table.num_rows
        rejected += workspace.add_rejects(file_no, plan.label, chunk.rejects)
        if chunk.table.num_rows:
            good, bad = workspace.check(sql, chunk.table)
            if bad is not None:
                rejected += workspace.add_rejects(file_no, plan.label, bad)
            writer.stage(kind, load_id, good)
        if progress is not None:
            progress(chunk.bytes_read)
    outcome = writer.merge(kind, load_id)
    conflicts = workspace.add_rejects(file_no, plan.label, outcome.conflicts)
    counts = LoadCounts(
        rows=rows,
        loaded=outcome.loaded,
        duplicates=outcome.duplicates,
        conflicts=conflicts,
        rejected=rejected,
    )
    sha256 = plan.reader.sha256()
    writer.finish_load(
        load_id,
        sha256=sha256,
        counts=counts,
        errors_file=str(report) if rejected or conflicts else None,
    )
    return FileReport(
        file=plan.label,
        kind=kind,
        format=plan.reader.format,
        sha256=sha256,
        load_id=load_id,
        rows=rows,
        loaded=counts.loaded,
        duplicates=counts.duplicates,
        conflicts=conflicts,
        rejected=rejected,
        warnings=workspace.take_warnings(),
    )


@dataclass(frozen=True)
class RowsOutcome:
    """What became of rows handed over by a partner system (e.g. a bank's onward transactions)."""

    loaded: int
    duplicates: int
    problems: tuple[tuple[int, str], ...]
    """(row number from 1, reason) of every row rejected or in conflict with the ledger."""


def load_transaction_rows(
    writer: LedgerWriter, rows: Sequence[Mapping[str, str]], *, label: str, now: datetime
) -> RowsOutcome:
    """Load transaction rows (interchange columns as text) inside an open writer, with exactly
    the checks of `ingest`. Nothing is raised for bad rows: the caller decides (a bank answer
    with a bad row is refused whole, by rolling the writer back)."""
    with tempfile.TemporaryDirectory(prefix="cybersetu-rows-") as tmp:
        path = Path(tmp) / f"{label}.csv"
        columns = list(TRANSACTION_COLUMNS)
        columns += sorted({k for r in rows for k in r} - set(columns))
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, columns)
            out.writeheader()
            out.writerows(rows)
        workspace = Workspace(Path(tmp))
        try:
            report = _load_file(
                writer,
                workspace,
                0,
                InputFile.open(path),
                now,
                Path(tmp) / "errors.csv",
                DEFAULT_CHUNK_ROWS,
                None,
            )
            problems = tuple((line - 1, reason) for line, reason in workspace.rejects())
        finally:
            workspace.close()
    return RowsOutcome(report.loaded, report.duplicates, problems)
