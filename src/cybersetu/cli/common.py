"""What the command modules share: the consoles, the common options, progress and status."""

from __future__ import annotations

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

# Results go to standard output; progress, status and errors to standard error, so that
# `--json` output can be piped.
err_console = Console(stderr=True)
console = Console()

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Ledger store file (default: var/cybersetu.duckdb, or $CYBERSETU_STORE).",
        show_default=False,
    ),
]
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
