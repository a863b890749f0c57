"""The `cybersetu` command. Thin: it parses options and calls the domain packages."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from cybersetu.errors import CyberSetuError

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
