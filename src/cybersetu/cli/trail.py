"""`cybersetu trace` and `respond`: the money trail and the banks' answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cybersetu.cli.common import (
    JsonOption,
    StoreOption,
    check_output_file,
    check_output_folder,
    console,
    err_console,
)
from cybersetu.errors import InputError
from cybersetu.settings import get_settings

if TYPE_CHECKING:
    from cybersetu.ledger import DuckDBLedgerStore
    from cybersetu.trail.model import Trail
    from cybersetu.trail.requests import BankRequest


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

    check_output_file(svg, "--svg")  # before any work: a trace may take a while
    check_output_folder(requests, "--requests")
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
        console.print(f"Trail picture: [bold]{escape(str(svg))}[/]", highlight=False)
    if requests is not None:
        console.print(
            f"Hold requests: {len(written)} files in [bold]{escape(str(requests))}[/]",
            highlight=False,
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

    check_output_folder(requests, "--requests")
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
        f"Response of {escape(response.bank)} for {len(response.accounts)} account(s) with "
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
                escape(f"{r.bank_name} ({r.bank_code})"),
                str(len(r.accounts)),
                format_inr(r.total),
                str(asks) if asks else "",
                escape(", ".join(r.complaints)),
            )
        console.print(table)
