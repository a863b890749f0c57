"""`cybersetu sweep`: run the sweeper once (for cron, or to see what it would escalate now)."""

from __future__ import annotations

from typing import Annotated

import typer

from cybersetu.cli.common import console, err_console


def sweep(
    now: Annotated[
        str | None,
        typer.Option(help="Sweep as at this ISO 8601 time (no offset: IST); default: now."),
    ] = None,
) -> None:
    """Run every sweep job once: escalate what is overdue, audited; print what was done."""
    from cybersetu.cli.desk import database_sessions
    from cybersetu.clock import parse_when
    from cybersetu.db.base import utcnow
    from cybersetu.sweeper.registry import sweep as run_sweep

    at = parse_when(now, "--now") if now else utcnow()
    with database_sessions() as sessions:
        report = run_sweep(sessions, at)
    for r in report.results:
        if r.error is not None:
            err_console.print(f"{r.name}: failed ({r.error})", highlight=False, markup=False)
            continue
        console.print(
            f"{r.name}: {len(r.escalated)} escalated"
            + (f": {', '.join(r.escalated)}" if r.escalated else ""),
            highlight=False,
            markup=False,
        )
    if report.failed:
        raise typer.Exit(1)
