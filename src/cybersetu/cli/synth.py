"""`cybersetu synth`: the synthetic city."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cybersetu.cli.common import count_progress, err_console
from cybersetu.errors import InputError


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
    hard: Annotated[
        bool,
        typer.Option(
            "--hard",
            help="The harder city: slow laundering shapes in ordinary amounts, and honest "
            "look-alikes (family remittances, chit funds, payrolls, shops paying suppliers).",
        ),
    ] = False,
) -> None:
    """Generate a synthetic Kanpur-like city: accounts, transactions, complaints and ground truth."""
    from cybersetu.synth import SynthConfig, generate

    try:
        first_day = date.fromisoformat(start)
    except ValueError:
        raise InputError(f"--start must be a date like 2025-10-01, not {start!r}.") from None
    cfg = SynthConfig(accounts=accounts, days=days, seed=seed, start=first_day, hard=hard)
    cfg.validate()
    with count_progress("Generating city") as bar:
        task = bar.add_task("synth", total=None)
        summary = generate(
            cfg, out, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    c = summary.counts
    err_console.print(
        f"Wrote {escape(str(out))}: {c['accounts']:,} accounts, {c['transactions']:,} transactions, "
        f"{c['mules']:,} mules in {c['rings']} rings, {c['complaints']:,} complaints.",
        highlight=False,
    )
