"""`cybersetu demo`: the main job on a synthetic city."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cybersetu.cli.common import console, err_console
from cybersetu.settings import get_settings


def demo(
    accounts: Annotated[int, typer.Option(help="Accounts in the synthetic city.")] = 50_000,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the desk afterwards (until Ctrl-C).")
    ] = True,
    host: Annotated[str, typer.Option(help="Address the desk listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the desk listens on.", min=1, max=65535)] = 8000,
) -> None:
    """The main job on embedded defaults: build the city, load it, read and trace the complaints,
    score the accounts for mule risk, register the complaints at the desk, and serve the desk."""
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
        sus.add_row(str(s.rank), escape(s.account_id), f"{s.score:.3f}", s.reasons_en, real)
    console.print(sus)
    ex = report.example
    console.print(
        f"Complaint [bold]{ex['complaint_id']}[/] ({ex['police_station']}, {ex['mo']}): "
        f"{format_inr(ex['amount'])} stolen, {format_inr(ex['hold'])} to hold at {ex['banks']} "
        f"bank(s). Requests and letters: [bold]{escape(str(ex['requests_dir']))}[/]; "
        f"trail picture: [bold]{escape(str(ex['picture']))}[/].",
        highlight=False,
    )
    _print_banks(report.banks)
    _print_users(report.users)
    console.print(
        "Victims follow their complaint at /track (its acknowledgement number and mobile, on "
        "the case page); the demo's SMS, one-time codes included, are written to "
        f"{data_dir / 'outbox.jsonl'}. Shops register at /register.",
        highlight=False,
        markup=False,
    )
    if serve:
        _serve(data_dir, host, port)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def _print_banks(banks: dict[str, Any]) -> None:
    """Per bank, how the simulated banks answered the latest cases' requests."""
    from cybersetu.ledger.money import format_inr

    if not banks:
        return
    table = Table(
        title=f"Simulated banks answer the {banks['cases']} latest cases (delays are assumptions)",
        title_justify="left",
    )
    table.caption = (
        "Answer: median time from the request to the bank's answer. To hold: median time from "
        "the complaint to a hold."
    )
    table.add_column("Bank")
    for name in ("Requests", "Holds", "Answer", "To hold", "₹ held"):
        table.add_column(name, justify="right")
    # The banks that held money, the most first; the others in one row, to keep it short.
    others = [b for b in banks["banks"] if not b["held_paise"]]
    for b in banks["banks"]:
        if not b["held_paise"]:
            continue
        table.add_row(
            escape(b["bank"]),
            f"{b['requests']:,}",
            f"{b['held']:,}",
            _duration(b["median_answer_s"]),
            _duration(b["median_to_hold_s"]),
            format_inr(b["held_paise"]),
        )
    if others:
        table.add_row(
            f"{len(others)} others",
            f"{sum(b['requests'] for b in others):,}",
            "0",
            "",
            "—",
            "—",
        )
    console.print(table)
    console.print(
        f"Held {format_inr(banks['held'])} of {format_inr(banks['stolen'])} stolen and traced "
        f"({banks['held_share']:.1%}) with every layer requested the moment a bank's answer "
        f"revealed it; {format_inr(banks['withdrawn'])} was withdrawn as cash first. "
        "Against one layer at a time: python -m benchmarks banks.",
        highlight=False,
        markup=False,
    )


def _print_users(users: list[tuple[str, str, str | None, str]]) -> None:
    if not users:
        return
    table = Table(title="Demo users (passwords for this demo only)", title_justify="left")
    for name in ("Username", "Role", "Station or bank", "Password"):
        table.add_column(name)
    for username, role, station, password in users:
        table.add_row(username, role, station or "", password)
    console.print(table)


def _serve(data_dir: Path, host: str, port: int) -> None:
    from cybersetu.demo import demo_settings
    from cybersetu.web.server import serve

    def ready() -> None:
        console.print(
            f"The desk is at http://{host}:{port}/ (Ctrl-C to stop).", highlight=False, markup=False
        )

    serve(demo_settings(data_dir), host, port, 1, ready=ready)
