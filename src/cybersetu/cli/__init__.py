"""The `cybersetu` command. Thin: it parses options and calls the domain packages.

One module per area holds that area's commands as plain functions; they are registered here, in
one place, so the order below is the order `cybersetu --help` lists them.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.text import Text

from cybersetu.cli import demo, desk, intake, ledger, scoring, sweeper, synth, trail
from cybersetu.cli.common import err_console, system_error_sentence
from cybersetu.errors import CyberSetuError

__all__ = ["app", "main"]

app = typer.Typer(
    name="cybersetu",
    help="CyberSetu: trace cyber-fraud money, find mule accounts, keep promises to victims and traders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """CyberSetu: trace cyber-fraud money, find mule accounts, keep promises to victims and traders."""


for _command in (
    synth.synth,
    scoring.train,
    scoring.score,
    scoring.evaluate,
    intake.analyze,
    ledger.ingest,
    trail.trace,
    trail.respond,
    demo.demo,
    desk.serve,
    sweeper.sweep,
):
    app.command()(_command)
app.add_typer(ledger.store_app, name="store")
app.add_typer(desk.db_app, name="db")
app.add_typer(desk.users_app, name="users")
app.add_typer(desk.tokens_app, name="tokens")
app.add_typer(desk.audit_app, name="audit")


def _fail(sentence: str) -> NoReturn:
    # The message quotes user data (file names, ids): never read it as Rich markup, and never
    # wrap it (a path broken over two lines cannot be copied).
    message = Text.assemble(("Error:", "bold red"), " ", sentence)
    err_console.print(message, highlight=False, soft_wrap=True)
    sys.exit(1)


def main() -> None:
    """Entry point: domain errors become one red sentence and exit code 1, never a traceback.

    So do errors of the system (a full disk, a file that cannot be written) and of DuckDB.
    """
    try:
        app()
    except CyberSetuError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        err_console.print("[bold red]Interrupted.[/]")
        sys.exit(130)
    except Exception as exc:
        sentence = system_error_sentence(exc)
        if sentence is None:
            raise
        _fail(sentence)
