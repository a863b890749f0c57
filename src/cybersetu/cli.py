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


@app.command()
def analyze(
    file: Annotated[
        str, typer.Argument(help="JSON Lines of {id, text}; - (the default) reads standard input.")
    ] = "-",
    summary: Annotated[
        bool, typer.Option("--summary", help="Also print the MO mix to standard error.")
    ] = False,
    evaluate: Annotated[
        bool,
        typer.Option(
            "--evaluate", help="Instead, score the intake on a labelled corpus (FILE or --heldout)."
        ),
    ] = False,
    heldout: Annotated[
        Path, typer.Option(help="Labelled corpus for --evaluate when no FILE is given.")
    ] = Path("tests/data/narratives/heldout.jsonl"),
) -> None:
    """Read complaint narratives: language, MO, amounts, UPI IDs, phones, accounts, IFSC, UTRs, URLs.

    Writes one JSON object per input line to standard output; a line that is not valid JSON gets
    an error object and the rest are still analysed.
    """
    if evaluate:
        from cybersetu.intake import corpus
        from cybersetu.intake.evaluate import evaluate as run_evaluation
        from cybersetu.intake.evaluate import format_report

        path = heldout if file == "-" else Path(file)
        typer.echo(format_report(run_evaluation(corpus.load(path))))
        return
    import json

    from cybersetu.intake.batch import analyze_lines, mo_mix

    if file == "-":
        lines = sys.stdin.readlines()
    else:
        path = Path(file)
        if not path.is_file():
            raise InputError(f"The file {file} does not exist.")
        lines = path.read_text(encoding="utf-8").splitlines()
    records = []
    columns = (TextColumn("Analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("analyze", total=sum(1 for line in lines if line.strip()))
        for out in analyze_lines(lines, progress=lambda n: bar.advance(task, n)):
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            records.append(out)
    if summary:
        mix = mo_mix(records)
        for mo, count in mix.most_common():
            err_console.print(f"{mo.value:<28} {count:>6}", highlight=False)


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
