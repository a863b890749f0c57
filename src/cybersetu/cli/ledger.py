"""`cybersetu ingest` and the `cybersetu store` commands: the ledger store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cybersetu.cli.common import (
    DISK_FULL,
    JsonOption,
    StoreOption,
    bytes_progress,
    console,
    errors_dir_for,
    is_disk_full,
    store_spec,
)
from cybersetu.errors import InputError

if TYPE_CHECKING:
    from cybersetu.ledger import IngestReport, StoreStats

store_app = typer.Typer(
    help="The ledger store: what it holds.", no_args_is_help=True, add_completion=False
)


def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="transactions or accounts files (CSV or Parquet), recognised by their columns.",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    json_out: JsonOption = False,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Error report (CSV) to write if rows are rejected (default: errors/ next to "
            "the store).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Load bank feeds into the ledger: validated, idempotent, all or nothing."""
    from cybersetu.ledger import InputFile, open_store
    from cybersetu.ledger import ingest as load
    from cybersetu.ledger.ingest import check_errors_path
    from cybersetu.ledger.opening import is_postgres_url

    spec = store_spec(store)
    checked = [InputFile.open(f) for f in files]  # refuse bad input before touching the store
    if errors is not None:
        store_file = None if is_postgres_url(spec) else Path(spec)
        check_errors_path(errors, store=store_file, inputs=files)
    total = sum(f.stat().st_size for f in files)
    try:
        with open_store(spec) as ledger, bytes_progress(total, "Loading") as progress:
            report = load(
                ledger,
                checked,
                errors_dir=errors_dir_for(spec),
                errors_path=errors,
                progress=progress,
            )
    except Exception as exc:
        if is_disk_full(exc):  # the load is one transaction: it was rolled back
            raise InputError(
                f"{DISK_FULL}: nothing was loaded and the store is as it was; free some space "
                "and load again."
            ) from None
        raise
    if json_out:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _print_ingest(report)
    # Rejected rows do not fail a load, but a file of which nothing was usable does.
    useless = [f for f in report.files if f.rows and f.rejected == f.rows]
    if useless:
        f = useless[0]
        raise InputError(
            f"Every one of the {f.rows:,} rows of {f.file} was rejected; "
            f"see the error report {report.errors_file}."
        )


def _print_ingest(report: IngestReport) -> None:
    table = Table(title="Ingest", title_justify="left")
    for name in ("File", "Kind", "Rows", "Loaded", "Duplicates", "Conflicts", "Rejected"):
        table.add_column(name, justify="left" if name in ("File", "Kind") else "right")
    for f in report.files:
        table.add_row(
            escape(f.file),  # names are user data: never Rich markup
            f.kind.value,
            *(f"{n:,}" for n in (f.rows, f.loaded, f.duplicates, f.conflicts, f.rejected)),
        )
    console.print(table)
    warned = ", ".join(f"{name} {n:,}" for name, n in report.warnings.items())
    console.print(
        f"Loaded [bold]{report.loaded:,}[/], duplicates {report.duplicates:,}, "
        f"conflicts {report.conflicts:,}, rejected {report.rejected:,}"
        + (f"; warnings: {warned} (unknown values, stored empty)." if warned else ".")
    )
    if report.errors_file:
        console.print(f"Error report: [bold]{escape(str(report.errors_file))}[/]", highlight=False)


@store_app.command("stats")
def store_stats(store: StoreOption = None, json_out: JsonOption = False) -> None:
    """Row counts, time range and total amount of the ledger store."""
    from cybersetu.ledger import open_store

    with open_store(store_spec(store), read_only=True) as ledger:
        stats = ledger.stats()
    if json_out:
        typer.echo(json.dumps(stats.to_json(), ensure_ascii=False))
    else:
        _print_stats(stats)


def _print_stats(stats: StoreStats) -> None:
    from cybersetu.ledger.money import format_inr, rupees

    table = Table(
        title=f"Ledger store {escape(stats.location)}", title_justify="left", show_header=False
    )
    table.add_column()
    table.add_column(justify="right")
    table.add_row("Accounts", f"{stats.accounts:,}")
    table.add_row("Transactions", f"{stats.transactions:,}")
    table.add_row("Loads", f"{stats.loads:,}")
    if stats.first_ts and stats.last_ts:
        table.add_row("First transaction (UTC)", f"{stats.first_ts:%Y-%m-%d %H:%M:%S}")
        table.add_row("Last transaction (UTC)", f"{stats.last_ts:%Y-%m-%d %H:%M:%S}")
    for currency, paise in stats.total_paise.items():
        amount = format_inr(paise) if currency == "INR" else f"{currency} {rupees(paise)}"
        table.add_row(f"Total amount ({currency})", amount)
    console.print(table)


@store_app.command("upgrade")
def store_upgrade(store: StoreOption = None) -> None:
    """Bring a store written by an earlier CyberSetu to the current schema (in one transaction)."""
    from cybersetu.ledger import open_store
    from cybersetu.ledger.migrations import SCHEMA_VERSION

    with open_store(store_spec(store)) as ledger:
        location = ledger.location
    console.print(
        f"The store {location} is at schema version {SCHEMA_VERSION}.",
        highlight=False,
        markup=False,
    )
