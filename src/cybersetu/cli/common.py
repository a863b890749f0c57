"""What the command modules share: the consoles, the common options, progress and status."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.status import Status

from cybersetu.errors import InputError

# Results go to standard output; progress, status and errors to standard error, so that
# `--json` output can be piped.
err_console = Console(stderr=True)
console = Console()

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Ledger store: a DuckDB file, or a postgresql://user:password@host:port/db URL "
        "(default: $CYBERSETU_STORE, else var/cybersetu.duckdb).",
        show_default=False,
    ),
]


def store_spec(option: str | None) -> str:
    """The store the user chose: the option, else the settings."""
    from cybersetu.settings import get_settings

    return option or get_settings().store


def errors_dir_for(spec: str) -> Path:
    """Where error reports go by default: `errors/` beside a DuckDB file, else in the data
    folder."""
    from cybersetu.ledger.opening import is_postgres_url
    from cybersetu.settings import get_settings

    if is_postgres_url(spec):
        return get_settings().data_dir / "errors"
    return Path(spec).parent / "errors"


JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def count_progress(label: str) -> Progress:
    """A Rich progress bar on stderr counting items done (of a total, once known)."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=err_console, transient=True)


@contextmanager
def bytes_progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr (only on a terminal), fed with bytes consumed."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def status(what: str) -> tuple[Status, Callable[[str], None]]:
    """A spinner on stderr saying `what`, and the callback that adds the step under way to it."""
    spinner = err_console.status(what)
    return spinner, lambda msg: spinner.update(f"{what}: {msg}")


DISK_FULL = "The disk is full"


def is_disk_full(exc: BaseException) -> bool:
    """An OSError(ENOSPC), or DuckDB's word for it (its errors are not OSErrors)."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return "no space left on device" in str(exc).lower()


def system_error_sentence(exc: BaseException) -> str | None:
    """One sentence for an OSError or a DuckDB error that reached the command line, or None
    for anything else; DuckDB's own text is never shown (it names internals, not the fix)."""
    if is_disk_full(exc):
        return f"{DISK_FULL}; free some space and run the command again."
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"Cannot use{where}: {(exc.strerror or 'system error').lower()}."
    # Imported only when something went wrong: DuckDB costs start-up time.
    from cybersetu.ledger.duckdb_store import engine_error_sentence

    return engine_error_sentence(exc)


def check_output_file(path: Path | None, option: str) -> None:
    """Refuse, before any work, an output file path that is a folder."""
    if path is not None and path.is_dir():
        raise InputError(f"{option} {path} is a folder; give the file to write.")


def check_output_folder(path: Path | None, option: str) -> None:
    """Refuse, before any work, an output folder path that is a file."""
    if path is not None and path.exists() and not path.is_dir():
        raise InputError(f"{option} {path} is a file; give a folder to write into.")
