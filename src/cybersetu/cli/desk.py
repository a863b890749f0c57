"""The desk's commands: its database, users and tokens, the audit log, and `serve`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from cybersetu.cli.common import console, err_console
from cybersetu.errors import InputError

if TYPE_CHECKING:
    # Only for annotations: importing SQLAlchemy costs every command half a second.
    from sqlalchemy.orm import Session, sessionmaker

db_app = typer.Typer(help="The desk's database.", no_args_is_help=True, add_completion=False)
users_app = typer.Typer(help="Users of the desk.", no_args_is_help=True, add_completion=False)
tokens_app = typer.Typer(help="API tokens.", no_args_is_help=True, add_completion=False)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True, add_completion=False)


@contextmanager
def _database() -> Iterator[Session]:
    with database_sessions() as factory, factory() as session:
        yield session


@contextmanager
def database_sessions() -> Iterator[sessionmaker[Session]]:
    """Sessions on the desk's database, once it is at the newest migration; the engine (and
    its connections) closed afterwards."""
    from cybersetu.db.migrate import is_current
    from cybersetu.db.session import make_engine, session_factory
    from cybersetu.settings import get_settings

    url = get_settings().database_url
    if not is_current(url):
        raise InputError("The desk's database is not up to date: run `cybersetu db upgrade`.")
    engine = make_engine(url)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the desk's tables, or bring them to the newest version (Alembic migrations)."""
    from cybersetu.db.migrate import upgrade
    from cybersetu.settings import get_settings

    revision = upgrade(get_settings().database_url)
    console.print(f"The desk's database is at revision {revision}.", highlight=False, markup=False)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Lower-case letters, digits, . _ -")],
    role: Annotated[
        str,
        typer.Option(
            help="help_desk, investigator, supervisor, admin, bank_officer, trader or "
            "nodal_officer."
        ),
    ],
    station: Annotated[
        str | None, typer.Option(help="Police-station code (for help_desk and trader), e.g. KTW.")
    ] = None,
    bank: Annotated[
        str | None, typer.Option(help="The bank's IFSC prefix (for bank_officer), e.g. HDFC.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    name: Annotated[str | None, typer.Option(help="The officer's name, as shown.")] = None,
    zone: Annotated[
        list[str] | None,
        typer.Option(help="A zone of the commissionerate (for nodal_officer; repeatable)."),
    ] = None,
    mobile: Annotated[
        str | None,
        typer.Option(
            help="The user's mobile number: a bank officer's gets the SMS when a request to "
            "the bank is overdue."
        ),
    ] = None,
) -> None:
    """Add a user of the desk."""
    from cybersetu.authz.actor import Actor
    from cybersetu.officers.service import do_create_user

    if not password_stdin:
        raise InputError("Give the password on standard input with --password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    with _database() as session:
        user = do_create_user(
            session,
            actor=Actor.system("cli"),
            username=username,
            role=role,
            password=password,
            station=station,
            display_name=name,
            bank=bank,
            zones=zone or (),
            mobile=mobile,
        )
    where = f" at {user.station or user.bank}" if user.station or user.bank else ""
    if user.zones:
        where = f" for zone {user.zones.replace(',', ', ')}"
    console.print(
        f"User {user.username} ({user.role}{where}) added.", highlight=False, markup=False
    )


@tokens_app.command("create")
def tokens_create(username: Annotated[str, typer.Argument()]) -> None:
    """A new API token for the user, printed alone on standard output (shown only once)."""
    from cybersetu.authz.actor import Actor
    from cybersetu.officers.service import do_create_token

    with _database() as session:
        token = do_create_token(session, actor=Actor.system("cli"), username=username)
    typer.echo(token)


@tokens_app.command("revoke")
def tokens_revoke(
    token: Annotated[str, typer.Argument(help="The token, or its first 10 characters.")],
) -> None:
    """Revoke an API token: it stops working at once."""
    from cybersetu.authz.actor import Actor
    from cybersetu.officers.service import do_revoke_token

    with _database() as session:
        do_revoke_token(session, actor=Actor.system("cli"), token_or_prefix=token)
    console.print("Token revoked.", highlight=False, markup=False)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain: `N events, chain intact`, or the first bad event."""
    from cybersetu.audit.service import verify_chain

    with _database() as session:
        report = verify_chain(session)
    if report.intact:
        typer.echo(f"{report.events} events, chain intact")
        return
    err_console.print(
        f"The audit chain does not verify at event {report.broken_at}: {report.reason}.",
        highlight=False,
        markup=False,
    )
    raise typer.Exit(1)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes sharing the port (more than 1 needs the ledger on PostgreSQL).",
            min=1,
            max=64,
        ),
    ] = 1,
) -> None:
    """Serve the desk (upgrading its database first) until Ctrl-C."""
    from cybersetu.db.migrate import upgrade
    from cybersetu.settings import get_settings
    from cybersetu.web.server import check_workers
    from cybersetu.web.server import serve as serve_desk

    settings = get_settings()
    check_workers(settings, workers)
    upgrade(settings.database_url)

    def ready() -> None:
        console.print(f"The desk is at http://{host}:{port}/", highlight=False, markup=False)

    serve_desk(settings, host, port, workers, ready=ready)
