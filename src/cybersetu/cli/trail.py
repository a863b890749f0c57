"""`cybersetu trace` and `respond`: the money trail and the banks' answers."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cybersetu.cli.common import (
    JsonOption,
    StoreOption,
    check_output_file,
    check_output_folder,
    console,
    err_console,
    store_spec,
)
from cybersetu.errors import InputError

if TYPE_CHECKING:
    from cybersetu.ledger import LedgerStore
    from cybersetu.trail.requests import BankRequest
    from cybersetu.trail.trails import Trail


def trace(
    txn: Annotated[
        list[str],
        typer.Option(
            "--txn",
            help="The victim's payment (UTR/RRN). Repeat it for linked complaints (several "
            "victims of the same mules): they are traced together, so money in a shared mule "
            "account is shared out first-in first-out and never counted twice.",
            show_default=False,
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
    horizon_days: Annotated[
        float,
        typer.Option(
            "--horizon-days", min=0.01, help="Follow money for this many days after each payment."
        ),
    ] = 30.0,
    max_layers: Annotated[
        int, typer.Option("--layers", min=1, max=50, help="Follow at most this many layers.")
    ] = 10,
    min_amount: Annotated[
        float,
        typer.Option("--min-amount", min=0, help="Stop following amounts below this many rupees."),
    ] = 1.0,
    json_out: JsonOption = False,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Draw the trail into this SVG file.")
    ] = None,
    requests: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            help="Write the hold requests into a new folder under this one (named by the "
            "request reference): JSON and CSV per bank, and a printable letter.",
        ),
    ] = None,
) -> None:
    """Follow the victim's money through every layer of mule accounts; draft the hold requests."""
    from cybersetu.clock import parse_when
    from cybersetu.complaints import Complaint, FraudPayment
    from cybersetu.ledger import open_store
    from cybersetu.trail.export import trail_to_dict
    from cybersetu.trail.service import TraceOptions, trace_complaints
    from cybersetu.trail.trails import Policy, TraceLimits

    check_output_file(svg, "--svg")  # before any work: a trace may take a while
    check_output_folder(requests, "--requests")
    try:
        chosen = Policy(policy)
    except ValueError:
        raise InputError(f"--policy must be taint-first or proportional, not {policy!r}.") from None
    options = TraceOptions(
        as_of=parse_when(as_of, "--as-of") if as_of else None,
        policy=chosen,
        limits=TraceLimits(
            max_layers=max_layers,
            horizon=timedelta(days=horizon_days),
            min_amount=round(min_amount * 100),
        ),
    )
    payments = [Complaint(t, (FraudPayment(t, victim_account=victim),)) for t in dict.fromkeys(txn)]
    # Writing requests records them in the store, so that bank answers can be checked.
    with open_store(store_spec(store), read_only=requests is None) as ledger:
        with err_console.status("Opening the trail index") as status:
            from cybersetu.trail.service import ledger_source

            source = ledger_source(ledger, progress=lambda msg: status.update(msg))
        outcome = trace_complaints(ledger, payments, options, source=source, by_payment=True)
        if requests is not None:
            written = _send(ledger, outcome.trail, outcome.requests, outcome.reference, requests)
    if svg is not None:
        from cybersetu.trail.draw import trail_svg

        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(trail_svg(outcome.trail, "Trail of " + ", ".join(txn)), encoding="utf-8")
    if json_out:
        data = trail_to_dict(outcome.trail, outcome.requests)
        data["linked"] = len(payments) > 1
        data["limits"] = {
            "horizon_days": horizon_days,
            "max_layers": max_layers,
            "min_amount": f"{min_amount:.2f}",
        }
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    if len(payments) > 1:
        console.print(
            f"{len(payments)} payments traced together as linked complaints: money in a shared "
            "account is shared out first-in first-out, never counted twice.",
            highlight=False,
            markup=False,
        )
    _print_trail(outcome.trail, outcome.requests)
    if outcome.horizon_cut:
        console.print(
            f"Some money is untraced only because the trace stops {horizon_days:g} days after "
            "each payment; follow it further with --horizon-days.",
            highlight=False,
            markup=False,
        )
    if svg is not None:
        console.print(f"Trail picture: {svg}", highlight=False, markup=False)
    if requests is not None:
        console.print(
            f"Hold requests {outcome.reference}: {len(written)} files in {written[0].parent}"
            if written
            else "No hold request: no money is at a bank that can hold it.",
            highlight=False,
            markup=False,
        )


def _send(
    ledger: LedgerStore,
    trail: Trail,
    reqs: list[BankRequest],
    reference: str,
    directory: Path,
) -> list[Path]:
    from cybersetu.trail.export import write_requests
    from cybersetu.trail.letters import write_letters
    from cybersetu.trail.service import record_sent, slug

    if not reqs:
        return []
    record_sent(ledger, trail, reqs, reference)
    # One folder per reference: a second trace never overwrites another one's letters.
    out = directory / slug(reference)
    try:
        return write_requests(reqs, out) + write_letters(reqs, out, ref_prefix=reference)
    except OSError as exc:
        raise InputError(f"The requests cannot be written into {out} ({exc.strerror}).") from None


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
    from cybersetu.ledger import open_store
    from cybersetu.trail.export import trail_to_dict
    from cybersetu.trail.requests import hold_requests
    from cybersetu.trail.responses import apply_answer, read_answer
    from cybersetu.trail.service import (
        ledger_end,
        ledger_source,
        request_reference,
        trace_seeds,
    )

    check_output_folder(requests, "--requests")
    answer = read_answer(file)
    with open_store(store_spec(store)) as ledger:
        outcome = apply_answer(ledger, answer)
        grown = []
        if outcome.traces:
            source = ledger_source(ledger)
            end = ledger_end(ledger)
            for seeds, policy in outcome.traces:
                trail = trace_seeds(source, list(seeds), as_of=end, policy=policy)
                reqs = hold_requests(trail)
                if requests is not None and not outcome.replayed:
                    _send(ledger, trail, reqs, request_reference(seeds[0], end), requests)
                grown.append((trail, reqs))
    if json_out:
        out = {
            "bank": answer.bank,
            "accounts": [a.account_id for a in answer.accounts],
            "transactions": len(answer.transactions),
            "transactions_loaded": outcome.loaded,
            "replayed": outcome.replayed,
            "trails": [trail_to_dict(t, r) for t, r in grown],
        }
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    if outcome.replayed:
        console.print(
            f"This answer of {answer.bank} was applied before; nothing was recorded again.",
            highlight=False,
            markup=False,
        )
    else:
        console.print(
            f"Answer of {answer.bank} for {len(answer.accounts)} account(s) with "
            f"{len(answer.transactions)} onward transaction(s) applied "
            f"({outcome.loaded} new to the ledger).",
            highlight=False,
            markup=False,
        )
    for trail, reqs in grown:
        _print_trail(trail, reqs)


def _print_trail(trail: Trail, reqs: list[BankRequest]) -> None:
    from cybersetu.ledger.money import format_inr
    from cybersetu.trail.requests import INFORMATION
    from cybersetu.trail.trails import EndKind

    console.print(
        f"Traced {format_inr(trail.seed_amount)} from {len(trail.seeds)} payment(s) "
        f"through {len(trail.edges)} transactions ({trail.policy}), as of "
        f"{trail.as_of:%Y-%m-%d %H:%M} UTC.",
        highlight=False,
        markup=False,
    )
    totals = Table(show_header=False, title="Where the money is", title_justify="left")
    totals.add_column()
    totals.add_column(justify="right")
    rows = [
        ("Can still be held", trail.total(EndKind.HOLD)),
        ("Withdrawn as cash", trail.total(EndKind.CASH_OUT)),
        ("Paid to merchants (verify the sale; never freeze)", trail.total(EndKind.MERCHANT)),
        ("At banks we have no data from (ask)", trail.total(EndKind.FRONTIER)),
        ("Untraced", trail.untraced_total),
    ]
    for label, paise in rows:
        totals.add_row(label, format_inr(paise))
    console.print(totals)
    if trail.untraced:
        why = {
            "below_minimum": "amounts below the minimum",
            "max_layers": "beyond the last layer followed",
            "horizon": "after the horizon",
        }
        parts = [
            f"{format_inr(sum(v.values()))} {why.get(str(r), str(r))}"
            for r, v in sorted(trail.untraced.items())
        ]
        console.print("Untraced: " + "; ".join(parts) + ".", highlight=False, markup=False)
    if reqs:
        from rich.text import Text

        table = Table(title="Hold requests", title_justify="left")
        cited = "Payments" if reqs[0].cited_as == "payment" else "Complaints"
        # A merchant's lien is its own column: it is not money to hold outright but the most
        # the bank may hold once it finds the sale was not genuine.
        lien_column = "Lien if sale not genuine"
        for name in ("Bank", "Accounts", "Hold", lien_column, "Ask", cited):
            numeric = name in ("Hold", "Accounts", lien_column)
            table.add_column(name, justify="right" if numeric else "left")
        for r in reqs:
            asks = sum(1 for a in r.accounts if a.action == INFORMATION)
            table.add_row(
                Text(f"{r.bank_name} ({r.bank_code})"),
                str(len(r.accounts)),
                format_inr(r.total),
                format_inr(r.lien_total) if r.lien_total else "",
                str(asks) if asks else "",
                Text(", ".join(r.complaints)),
            )
        console.print(table)
        if any(r.lien_total for r in reqs):
            console.print(
                "Merchant accounts are never frozen: their banks are asked to verify the sale "
                "first and, only if it was not genuine, to mark a lien of the traced amount.",
                highlight=False,
                markup=False,
            )
