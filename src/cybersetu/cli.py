"""The `cybersetu` command. Thin: it parses options and calls the domain packages."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cybersetu.errors import CyberSetuError, InputError

app = typer.Typer(
    name="cybersetu",
    help="CyberSetu: trace cyber-fraud money, find mule accounts, keep promises to victims and traders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """CyberSetu: trace cyber-fraud money, find mule accounts, keep promises to victims and traders."""


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the city into.")],
    accounts: Annotated[
        int,
        typer.Option(
            help="Accounts in the city (50,000 gives about 1M transactions over 30 days)."
        ),
    ] = 50_000,
    days: Annotated[int, typer.Option(help="Days of ledger.")] = 30,
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 7,
    start: Annotated[
        str, typer.Option(help="First day of the ledger (YYYY-MM-DD).")
    ] = "2025-10-01",
) -> None:
    """Generate a synthetic Kanpur-like city: accounts, transactions, complaints and ground truth."""
    from cybersetu.synth import SynthConfig, generate

    try:
        first_day = date.fromisoformat(start)
    except ValueError:
        raise InputError(f"--start must be a date like 2025-10-01, not {start!r}.") from None
    cfg = SynthConfig(accounts=accounts, days=days, seed=seed, start=first_day)
    cfg.validate()
    columns = (
        TextColumn("Generating city"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("synth", total=None)
        summary = generate(
            cfg, out, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    c = summary.counts
    err_console.print(
        f"Wrote {out}: {c['accounts']:,} accounts, {c['transactions']:,} transactions, "
        f"{c['mules']:,} mules in {c['rings']} rings, {c['complaints']:,} complaints.",
        highlight=False,
    )


def main() -> None:
    """Entry point: domain errors become one red sentence and exit code 1, never a traceback."""
    try:
        app()
    except CyberSetuError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("[bold red]Interrupted.[/]")
        sys.exit(130)


if __name__ == "__main__":
    main()
