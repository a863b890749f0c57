"""The `cybersetu` command. Thin: it parses options and calls the domain packages."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
from rich.table import Table

from cybersetu.errors import CyberSetuError, InputError
from cybersetu.settings import get_settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from cybersetu.ledger import DuckDBLedgerStore, IngestReport, StoreStats
    from cybersetu.trail.model import Trail
    from cybersetu.trail.requests import BankRequest

app = typer.Typer(
    name="cybersetu",
    help="CyberSetu: trace cyber-fraud money, find mule accounts, keep promises to victims and traders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
console = Console()
store_app = typer.Typer(
    help="The ledger store: what it holds.", no_args_is_help=True, add_completion=False
)
app.add_typer(store_app, name="store")


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


_ENGINE_HELP = "Where features are computed: duckdb (this machine) or spark (local mode here; a cluster's session in production)."


def _status(what: str) -> tuple[Any, Any]:
    status = err_console.status(what)
    return status, lambda msg: status.update(f"{what}: {msg}")


@app.command()
def train(
    transactions: Annotated[
        Path, typer.Option(help="Transactions file (CSV or Parquet, interchange format).")
    ],
    labels: Annotated[
        Path, typer.Option(help="labels.csv: account_id,is_mule (ring_id, hard used if present).")
    ],
    model: Annotated[Path, typer.Option(help="Model file to write (JSON).")],
    accounts: Annotated[
        Path | None, typer.Option(help="Accounts file with KYC columns (optional).")
    ] = None,
    complaints: Annotated[
        Path | None,
        typer.Option(
            help="complaints.jsonl: accounts named in complaints become a feature (optional)."
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help=_ENGINE_HELP)] = "duckdb",
    groups: Annotated[
        str | None,
        typer.Option(
            help="Feature groups to use, comma-separated: kyc,behaviour,graph,complaints (default all)."
        ),
    ] = None,
    test_fraction: Annotated[
        float,
        typer.Option(
            help="Share of mule rings (and of other accounts) held out to measure the model."
        ),
    ] = 0.3,
    test_labels: Annotated[
        Path | None,
        typer.Option(help="Write the held-out labels here, to evaluate scores on them later."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the split and the model.")] = 7,
) -> None:
    """Fit the mule model on labelled accounts; the held-out rings' metrics go into the model file."""
    from cybersetu.scoring import Sources, train_files

    status, say = _status("Training")
    with status:
        result = train_files(
            Sources(transactions=transactions, accounts=accounts, complaints=complaints),
            labels,
            model,
            engine=engine,
            groups=groups.split(",") if groups else None,
            test_fraction=test_fraction,
            seed=seed,
            test_labels_out=test_labels,
            progress=say,
        )
    t = result.model.info["training"]
    err_console.print(
        f"Wrote {model}: {len(result.model.features)} features, trained on {t['train_accounts']:,} "
        f"accounts ({t['train_mules']:,} mules).",
        highlight=False,
    )
    if result.test_metrics:
        for part, m in result.test_metrics.items():
            err_console.print(
                f"Held-out ({part}): PR-AUC {m['pr_auc']:.3f}, ROC-AUC {m['roc_auc']:.3f}, "
                f"precision@100 {m['precision_at_100']:.2f} ({m['mules']} mules).",
                highlight=False,
            )


@app.command()
def score(
    out: Annotated[
        Path,
        typer.Option(help="Scores file to write (CSV: account_id,score,rank,reasons,reasons_hi)."),
    ],
    transactions: Annotated[
        Path | None, typer.Option(help="Transactions file (CSV or Parquet).")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(help="Score the ingested ledger store (DuckDB file) instead of files."),
    ] = None,
    accounts: Annotated[
        Path | None, typer.Option(help="Accounts file with KYC columns (optional).")
    ] = None,
    complaints: Annotated[
        Path | None,
        typer.Option(help="complaints.jsonl (needed if the model was trained with it)."),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            help="Model file from `cybersetu train`; without it, the rule-and-anomaly score."
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help=_ENGINE_HELP)] = "duckdb",
) -> None:
    """Score every account in the data, most suspicious first, with reasons in English and Hindi."""
    from cybersetu.scoring import Sources, score_files

    status, say = _status("Scoring")
    with status:
        scored = score_files(
            Sources(
                transactions=transactions, accounts=accounts, complaints=complaints, store=store
            ),
            out,
            model_path=model,
            engine=engine,
            progress=say,
        )
    kind = "model" if model else "rule-and-anomaly score"
    err_console.print(f"Wrote {out}: {len(scored.account):,} accounts ({kind}).", highlight=False)


@app.command()
def evaluate(
    scores: Annotated[Path, typer.Option(help="Scores file from `cybersetu score`.")],
    labels: Annotated[Path, typer.Option(help="labels.csv to compare with.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """PR-AUC, ROC-AUC, best F1 and precision/recall at 50, 100, 500 (and for hard mules)."""
    import json

    from rich.table import Table

    from cybersetu.scoring import KS, evaluate_files

    result = evaluate_files(scores, labels)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table("metric", *result.keys())
    rows = ["mules", "accounts", "pr_auc", "roc_auc", "best_f1"]
    rows += [f"{w}_at_{k}" for k in KS for w in ("precision", "recall")]
    for r in rows:
        table.add_row(r, *[_fmt(result[p].get(r)) for p in result])
    Console().print(table)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)


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


# -- ledger ------------------------------------------------------------------------------------

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Ledger store file (default: var/cybersetu.duckdb, or $CYBERSETU_STORE).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


@contextmanager
def _bytes_progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
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


@app.command()
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
    from cybersetu.ledger import DuckDBLedgerStore, InputFile
    from cybersetu.ledger import ingest as load

    store_path = store or get_settings().store_path
    checked = [InputFile.open(f) for f in files]  # refuse bad input before touching the store
    total = sum(f.stat().st_size for f in files)
    with DuckDBLedgerStore(store_path) as ledger, _bytes_progress(total, "Loading") as progress:
        report = load(
            ledger,
            checked,
            errors_dir=store_path.parent / "errors",
            errors_path=errors,
            progress=progress,
        )
    if json_out:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _print_ingest(report)


def _print_ingest(report: IngestReport) -> None:
    table = Table(title="Ingest", title_justify="left")
    for name in ("File", "Kind", "Rows", "Loaded", "Duplicates", "Conflicts", "Rejected"):
        table.add_column(name, justify="left" if name in ("File", "Kind") else "right")
    for f in report.files:
        table.add_row(
            f.file,
            f.kind.value,
            *(f"{n:,}" for n in (f.rows, f.loaded, f.duplicates, f.conflicts, f.rejected)),
        )
    console.print(table)
    console.print(
        f"Loaded [bold]{report.loaded:,}[/], duplicates {report.duplicates:,}, "
        f"conflicts {report.conflicts:,}, rejected {report.rejected:,}."
    )
    if report.errors_file:
        console.print(f"Error report: [bold]{report.errors_file}[/]", highlight=False)


@store_app.command("stats")
def store_stats(store: StoreOption = None, json_out: JsonOption = False) -> None:
    """Row counts, time range and total amount of the ledger store."""
    from cybersetu.ledger import DuckDBLedgerStore

    with DuckDBLedgerStore(store or get_settings().store_path, read_only=True) as ledger:
        stats = ledger.stats()
    if json_out:
        typer.echo(json.dumps(stats.to_json(), ensure_ascii=False))
    else:
        _print_stats(stats)


def _print_stats(stats: StoreStats) -> None:
    from cybersetu.ledger.money import format_inr, rupees

    table = Table(title=f"Ledger store {stats.location}", title_justify="left", show_header=False)
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


# -- trail -------------------------------------------------------------------------------------


@app.command()
def trace(
    txn: Annotated[
        list[str],
        typer.Option(
            "--txn", help="The victim's payment (UTR/RRN); repeat for several.", show_default=False
        ),
    ],
    store: StoreOption = None,
    policy: Annotated[
        str, typer.Option(help="How money is attributed: taint-first or proportional.")
    ] = "taint-first",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Draw the trail at this time (ISO 8601; no offset means IST) (default: the end "
            "of the ledger).",
            show_default=False,
        ),
    ] = None,
    victim: Annotated[
        str | None,
        typer.Option(help="The victim's account: every --txn must be paid out of it."),
    ] = None,
    json_out: JsonOption = False,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Draw the trail into this SVG file.")
    ] = None,
    requests: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            help="Write the hold requests here: JSON and CSV per bank, and a printable letter.",
        ),
    ] = None,
) -> None:
    """Follow the victim's money through every layer of mule accounts; draft the hold requests."""
    from cybersetu.clock import parse_when
    from cybersetu.ledger import DuckDBLedgerStore
    from cybersetu.trail.export import trail_to_dict
    from cybersetu.trail.model import Policy
    from cybersetu.trail.requests import hold_requests
    from cybersetu.trail.service import ledger_end, ledger_source, trace_seeds

    try:
        chosen = Policy(policy)
    except ValueError:
        raise InputError(f"--policy must be taint-first or proportional, not {policy!r}.") from None
    when = parse_when(as_of, "--as-of") if as_of else None
    # Writing requests records them in the store, so that bank responses can be checked.
    with DuckDBLedgerStore(
        store or get_settings().store_path, read_only=requests is None
    ) as ledger:
        with err_console.status("Opening the trail index") as status:
            source = ledger_source(ledger, progress=lambda msg: status.update(msg))
        result = trace_seeds(
            source,
            txn,
            as_of=when or ledger_end(ledger),
            policy=chosen,
            victims=dict.fromkeys(txn, victim) if victim else None,
        )
        reqs = hold_requests(result)
        if requests is not None:
            written = _send_requests(ledger, result, reqs, requests)
    if svg is not None:
        from cybersetu.trail.draw import trail_svg

        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(trail_svg(result, "Trail of " + ", ".join(txn)), encoding="utf-8")
    if json_out:
        typer.echo(json.dumps(trail_to_dict(result, reqs), ensure_ascii=False))
        return
    _print_trail(result, reqs)
    if svg is not None:
        console.print(f"Trail picture: [bold]{svg}[/]", highlight=False)
    if requests is not None:
        console.print(
            f"Hold requests: {len(written)} files in [bold]{requests}[/]", highlight=False
        )


def _send_requests(
    ledger: DuckDBLedgerStore, trail: Trail, reqs: list[BankRequest], directory: Path
) -> list[Path]:
    from cybersetu.trail.export import write_requests
    from cybersetu.trail.letters import write_letters
    from cybersetu.trail.responses import record_requests

    ref = f"CYBER/{trail.seeds[0].txn_id}/{trail.as_of:%Y%m%d%H%M}"
    record_requests(ledger.connection, trail, reqs, ref)
    return write_requests(reqs, directory) + write_letters(reqs, directory, ref_prefix=ref)


@app.command()
def respond(
    file: Annotated[Path, typer.Argument(help="The bank's answer (JSON).", show_default=False)],
    store: StoreOption = None,
    requests: Annotated[
        Path | None,
        typer.Option("--requests", help="Write the new hold requests of the grown trails here."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Load a bank's answer to a hold request; the trails that asked are traced again."""
    from cybersetu.ledger import DuckDBLedgerStore
    from cybersetu.trail.export import trail_to_dict
    from cybersetu.trail.model import Policy
    from cybersetu.trail.requests import hold_requests
    from cybersetu.trail.responses import apply_response, parse_response
    from cybersetu.trail.service import ledger_end, ledger_source, trace_seeds

    response = parse_response(file)
    store_path = store or get_settings().store_path
    with DuckDBLedgerStore(store_path) as ledger:
        apply_response(ledger, response, store_path.parent)
        source = ledger_source(ledger)
        end = ledger_end(ledger)
        grown = []
        for seeds, policy in response.traces:
            trail = trace_seeds(source, seeds, as_of=end, policy=Policy(policy))
            reqs = hold_requests(trail)
            if requests is not None:
                _send_requests(ledger, trail, reqs, requests)
            grown.append((trail, reqs))
    if json_out:
        out = {
            "bank": response.bank,
            "accounts": [a.account_id for a in response.accounts],
            "transactions_loaded": len(response.transactions),
            "trails": [trail_to_dict(t, r) for t, r in grown],
        }
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    console.print(
        f"Response of {response.bank} for {len(response.accounts)} account(s) with "
        f"{len(response.transactions)} onward transaction(s) loaded.",
        highlight=False,
    )
    for trail, reqs in grown:
        _print_trail(trail, reqs)


def _print_trail(trail: Trail, reqs: list[BankRequest]) -> None:
    from cybersetu.ledger.money import format_inr
    from cybersetu.trail.model import EndKind

    console.print(
        f"Traced [bold]{format_inr(trail.seed_amount)}[/] from {len(trail.seeds)} payment(s) "
        f"through {len(trail.edges)} transactions ({trail.policy}), as of "
        f"{trail.as_of:%Y-%m-%d %H:%M} UTC.",
        highlight=False,
    )
    totals = Table(show_header=False, title="Where the money is", title_justify="left")
    totals.add_column()
    totals.add_column(justify="right")
    rows = [
        ("Can still be held", trail.total(EndKind.HOLD)),
        ("Withdrawn as cash", trail.total(EndKind.CASH_OUT)),
        ("Paid to merchants (verify)", trail.total(EndKind.MERCHANT)),
        ("At banks we have no data from (ask)", trail.total(EndKind.FRONTIER)),
        ("Untraced", trail.untraced_total),
    ]
    for label, paise in rows:
        totals.add_row(label, format_inr(paise))
    console.print(totals)
    if reqs:
        table = Table(title="Hold requests", title_justify="left")
        for name in ("Bank", "Accounts", "Hold", "Ask", "Complaints"):
            table.add_column(name, justify="right" if name in ("Hold", "Accounts") else "left")
        for r in reqs:
            asks = sum(1 for a in r.accounts if a.action == "information")
            table.add_row(
                f"{r.bank_name} ({r.bank_code})",
                str(len(r.accounts)),
                format_inr(r.total),
                str(asks) if asks else "",
                ", ".join(r.complaints),
            )
        console.print(table)


# -- the main job ------------------------------------------------------------------------------


@app.command()
def demo(
    accounts: Annotated[int, typer.Option(help="Accounts in the synthetic city.")] = 50_000,
) -> None:
    """The main job on embedded defaults: build the city, load it, read and trace the complaints,
    score the accounts for mule risk."""
    from cybersetu.demo import run_demo
    from cybersetu.ledger.money import format_inr

    data_dir = get_settings().data_dir / "demo"
    with err_console.status("Starting") as status:
        report = run_demo(data_dir, accounts=accounts, say=lambda msg: status.update(msg))
    c = report.city["counts"]
    console.rule("[bold]CyberSetu demo: a synthetic Kanpur")
    console.print(
        f"{c['accounts']:,} accounts, {c['transactions']:,} transactions; "
        f"{c['mules']:,} mule accounts ({c['mules'] / c['accounts']:.1%}) in {c['rings']} rings, "
        f"{c['hard_mules']:,} of them hard to see; {report.complaints:,} complaints.",
        highlight=False,
    )
    steps = Table(title="What ran", title_justify="left")
    steps.add_column("Step")
    steps.add_column("Seconds", justify="right")
    steps.add_column("Result")
    for st in report.steps:
        steps.add_row(st.name, f"{st.seconds:.1f}", st.detail)
    console.print(steps)
    mix = Table(
        title="Complaints by modus operandi (read from the narratives)", title_justify="left"
    )
    mix.add_column("MO")
    mix.add_column("Complaints", justify="right")
    for mo, n in report.mo_mix.most_common(8):
        mix.add_row(mo, f"{n:,}")
    console.print(mix)
    t = report.totals
    money = Table(title="Where the complaints' money is", title_justify="left", show_header=False)
    money.add_column()
    money.add_column(justify="right")
    money.add_column(justify="right")
    lost = t["cash_out"] + t["untraced"]
    for label, paise in [
        ("Reported stolen", t["seed"]),
        ("Can still be held (hold requests)", t["hold"]),
        ("Paid to merchants (verify, do not freeze)", t["merchant"]),
        ("At banks we have no data from (ask)", t["frontier"]),
        ("Lost: withdrawn as cash or untraced", lost),
    ]:
        money.add_row(label, format_inr(paise), f"{paise / t['seed']:.0%}" if t["seed"] else "")
    console.print(money)
    sus = Table(
        title="Top 10 suspected mule accounts (rings the model never saw in training)",
        title_justify="left",
    )
    sus.add_column("#", justify="right")
    sus.add_column("Account")
    sus.add_column("Risk", justify="right")
    sus.add_column("Why")
    sus.add_column("Real mule?")
    for s in report.suspects:
        real = "yes" if s.is_mule else ("no" if s.is_mule is False else "?")
        sus.add_row(str(s.rank), s.account_id, f"{s.score:.3f}", s.reasons_en, real)
    console.print(sus)
    ex = report.example
    console.print(
        f"Complaint [bold]{ex['complaint_id']}[/] ({ex['police_station']}, {ex['mo']}): "
        f"{format_inr(ex['amount'])} stolen, {format_inr(ex['hold'])} to hold at {ex['banks']} "
        f"bank(s). Requests and letters: [bold]{ex['requests_dir']}[/]; "
        f"trail picture: [bold]{ex['picture']}[/].",
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
