"""`cybersetu analyze`: complaint narratives."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from cybersetu.cli.common import count_progress, err_console
from cybersetu.errors import InputError


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

    Writes one JSON object per input line to standard output; a line that is not valid UTF-8 or
    JSON, or whose text is longer than 20,000 characters, gets an error object and the rest are
    still analysed.
    """
    if evaluate:
        from cybersetu.intake import corpus
        from cybersetu.intake.evaluate import evaluate as run_evaluation
        from cybersetu.intake.evaluate import format_report

        path = heldout if file == "-" else Path(file)
        typer.echo(format_report(run_evaluation(corpus.load(path))))
        return
    from cybersetu.intake.batch import analyze_lines, mo_mix

    # Bytes, split on line feeds only: a bad byte is that line's error, and a U+2028 inside
    # a JSON string does not break its line in two (as str.splitlines would).
    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(file)
        if path.is_dir():
            raise InputError(f"{file} is a directory, not a file of narratives.")
        if not path.exists():
            raise InputError(f"The file {file} does not exist.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"Cannot read {file}: {exc.strerror}.") from None
    lines = data.split(b"\n")
    records = []
    with count_progress("Analysing") as bar:
        task = bar.add_task("analyze", total=sum(1 for line in lines if line.strip()))
        for out in analyze_lines(lines, progress=lambda n: bar.advance(task, n)):
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            records.append(out)
    if summary:
        mix = mo_mix(records)
        for mo, count in mix.most_common():
            err_console.print(f"{mo.value:<28} {count:>6}", highlight=False)
