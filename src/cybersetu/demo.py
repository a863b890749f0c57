"""The main job on embedded defaults, as `make demo` runs it.

Build the synthetic city, load it into the ledger, read the complaints, trace the money of every
complaint and draft the hold requests, register the complaints at the desk with one demo user per
role: each step timed, so a reader sees what the system does and how fast. Steps are reused when
their output is already there (a second `make demo` is quick). The command line then serves the
desk.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from cybersetu.complaints import Complaint, read_complaints
from cybersetu.complaints.model import linked
from cybersetu.intake import analyze
from cybersetu.ledger import LedgerStore, ingest, open_store
from cybersetu.reference.kanpur import LOCAL_STATIONS, STATIONS_BY_CODE
from cybersetu.scoring.demo import Suspect, top_suspects
from cybersetu.settings import Settings, get_settings
from cybersetu.synth import SynthConfig, generate
from cybersetu.trail.draw import trail_svg
from cybersetu.trail.export import write_requests
from cybersetu.trail.letters import write_letters
from cybersetu.trail.service import ComplaintTrail, record_sent, slug, trace_complaints
from cybersetu.trail.trails import EndKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cybersetu.authz.actor import Actor
    from cybersetu.cases.service import ComplaintInput
    from cybersetu.trail.access import LedgerAccess

#: One user per role; the passwords are printed by `cybersetu demo` and are for the demo only.
DEMO_USERS: Final[tuple[tuple[str, str, str | None, str], ...]] = (
    ("investigator", "investigator", None, "demo-investigator"),
    ("supervisor", "supervisor", None, "demo-supervisor"),
    ("admin", "admin", None, "demo-administrator"),
)
# A known password on purpose: the demo desk is local and throwaway, and prints its sign-ins.
HELP_DESK_PASSWORD: Final = "demo-help-desk"  # noqa: S105
BANK_PASSWORD: Final = "demo-bank-officer"  # noqa: S105
#: The demo's bank nodal officer works for the bank most of the city's mules bank with.
DEMO_BANK: Final = "SBIN"
#: The investigator has verified the latest complaints and sent their hold requests.
DEMO_SENT: Final = 25
#: How the synthetic city's complaint sources reach the desk.
CHANNEL_OF_SOURCE: Final = {
    "1930": "call_1930",
    "help_desk": "help_desk",
    "ncrp_portal": "self_service",
}

Say = Callable[[str], None]


@dataclass
class Step:
    name: str
    seconds: float
    detail: str


@dataclass
class DemoReport:
    data_dir: Path
    steps: list[Step] = field(default_factory=list)
    city: dict[str, Any] = field(default_factory=dict)
    mo_mix: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    complaints: int = 0
    totals: dict[str, int] = field(default_factory=dict)  # paise by end kind
    example: dict[str, Any] = field(default_factory=dict)
    suspects: list[Suspect] = field(default_factory=list)
    users: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    """(username, role, station, password) of the demo users."""
    banks: dict[str, Any] = field(default_factory=dict)
    """The simulated banks' answers to the latest cases (`_simulated_banks`)."""

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        detail: list[str] = []
        t0 = time.perf_counter()
        yield detail
        self.steps.append(Step(name, time.perf_counter() - t0, "; ".join(detail)))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _city(cfg: SynthConfig, folder: Path, say: Say) -> dict[str, Any]:
    manifest = folder / "manifest.json"
    if manifest.exists():
        data: dict[str, Any] = json.loads(manifest.read_text("utf-8"))
        same = (
            data.get("seed") == cfg.seed
            and data.get("parameters", {}).get("accounts") == cfg.accounts
            and data.get("parameters", {}).get("days") == cfg.days
            and str(data.get("parameters", {}).get("start")) == cfg.start.isoformat()
        )
        if same:
            return data
    say(f"Generating a city of {cfg.accounts:,} accounts")
    generate(cfg, folder)
    fresh: dict[str, Any] = json.loads(manifest.read_text("utf-8"))
    return fresh


def _load(store: LedgerStore, files: list[Path], errors: Path) -> str:
    loaded = {load.sha256 for load in store.loads() if load.rejected == 0}
    todo = [f for f in files if _sha256(f) not in loaded]
    if not todo:
        return "already in the store"
    report = ingest(store, todo, errors_dir=errors)
    return (
        f"{report.loaded:,} rows loaded, {report.duplicates:,} duplicates, "
        f"{report.rejected:,} rejected"
    )


def _pick_example(traced: list[ComplaintTrail]) -> ComplaintTrail:
    """The complaint with the most money still to hold: the one to act on first."""
    return max(traced, key=lambda c: c.trail.total(EndKind.HOLD))


def demo_settings(data_dir: Path) -> Settings:
    """The settings the demo's desk runs with: everything in the demo's folder."""
    return replace(
        get_settings(),
        data_dir=data_dir,
        store=str(data_dir / "cybersetu.duckdb"),
        database_url=f"sqlite:///{data_dir / 'desk.sqlite3'}",
        secret_key_file=data_dir / "secret.key",
    )


def demo_start(today: date | None = None) -> date:
    """The city's first day: its 30 days end yesterday, so the desk's clocks read as they would
    on a working day."""
    from cybersetu.clock import IST

    return (today or datetime.now(IST).date()) - timedelta(days=31)


def run_demo(
    data_dir: Path,
    accounts: int = 50_000,
    say: Say | None = None,
    *,
    desk: bool = True,
    start: date | None = None,
) -> DemoReport:
    say = say or (lambda _m: None)
    report = DemoReport(data_dir)
    folder = data_dir / "city"
    store_path = data_dir / "cybersetu.duckdb"
    data_dir.mkdir(parents=True, exist_ok=True)
    config = SynthConfig(accounts=accounts, days=30, seed=7, start=start or demo_start())

    with report.step("Synthetic city") as d:
        report.city = _city(config, folder, say)
        c = report.city["counts"]
        d.append(f"{c['accounts']:,} accounts, {c['transactions']:,} transactions")

    with open_store(store_path) as store:
        with report.step("Load into the ledger") as d:
            say("Loading the city into the ledger")
            d.append(
                _load(
                    store,
                    [folder / "accounts.csv", folder / "transactions.csv"],
                    data_dir / "errors",
                )
            )

        complaints = read_complaints(folder / "complaints.jsonl")
        report.complaints = len(complaints)
        with report.step("Read the complaints") as d:
            say("Reading the complaints")
            for c in complaints:
                result = analyze(c.narrative)
                report.mo_mix[result.mo.mo.value] += 1
                report.languages[result.lang.value] += 1
            d.append(f"{len(complaints):,} narratives: language, MO, identifiers")

        with report.step("Trace every complaint's money") as d:
            say("Tracing the money")
            originals = linked(complaints)
            # Complaints that share mule accounts are traced together, so that money held in
            # one account is shared out between them first-in first-out, never counted twice.
            outcome = trace_complaints(store, originals)
            trail = outcome.trail
            report.totals = {str(k): trail.total(k) for k in EndKind}
            report.totals["untraced"] = trail.untraced_total
            report.totals["seed"] = trail.seed_amount
            d.append(f"{len(originals):,} complaints, {len(trail.edges):,} tainted transactions")

        with report.step("Hold requests for one complaint") as d:
            example = _pick_example(outcome.complaints)
            report.example = _send_example(store, example, data_dir)
            d.append(f"{report.example['banks']} banks, {report.example['files']} files")

        if desk:
            with report.step("Register the complaints at the desk") as d:
                say("Registering the complaints at the desk")
                d.append(_desk(store, complaints, data_dir, report))

            with report.step("Simulated banks answer") as d:
                say("Simulated banks answer the latest cases' requests")
                report.banks = _simulated_banks(store, outcome.complaints, folder, data_dir, say)
                b = report.banks
                d.append(
                    f"{b['cases']} cases, {b['answers']} answers: {b['held_share']:.0%} of the "
                    "stolen money held"
                )

    with report.step("Score mule risk") as d:
        say("Scoring every account for mule risk")
        # Trained on the city's labels with a third of the rings held out; only accounts the
        # model never saw are ranked, so "how many are real" is an honest count.
        report.suspects = top_suspects(folder, n=10)
        real = sum(1 for s in report.suspects if s.is_mule)
        d.append(f"top {len(report.suspects)} suspects, {real} of them real mules")
    return report


def _desk(
    store: LedgerStore, complaints: list[Complaint], data_dir: Path, report: DemoReport
) -> str:
    """The desk's database, the demo users, and the city's complaints as cases (once)."""
    from collections import Counter as Tally

    from sqlalchemy import func, select

    from cybersetu.authz.actor import Actor
    from cybersetu.cases.models import Case
    from cybersetu.cases.service import do_register_complaint
    from cybersetu.db.migrate import upgrade
    from cybersetu.db.session import make_engine, session_factory
    from cybersetu.officers.models import User
    from cybersetu.officers.service import do_create_user
    from cybersetu.trail.access import LedgerAccess

    url = demo_settings(data_dir).database_url
    upgrade(url)
    engine = make_engine(url)
    db = session_factory(engine)
    # The help desk of the local station with the most complaints, so its list is not empty
    # (the cyber-crime police station takes the largest frauds, but has no help desk).
    local = {p.code for p in LOCAL_STATIONS}
    busiest = Tally(c.station for c in complaints if c.station in local).most_common(1)
    station = busiest[0][0] if busiest else "KTW"
    users: list[tuple[str, str, str | None, str]] = [
        (f"helpdesk.{station.lower()}", "help_desk", station, HELP_DESK_PASSWORD)
    ]
    users += list(DEMO_USERS)
    users.append((f"bank.{DEMO_BANK.lower()}", "bank_officer", DEMO_BANK, BANK_PASSWORD))
    system = Actor.system("demo")
    try:
        with db() as s:
            known = set(s.scalars(select(User.username)))
            for name, role, where, password in users:
                if name not in known:
                    bank = role == "bank_officer"
                    do_create_user(
                        s,
                        actor=system,
                        username=name,
                        role=role,
                        password=password,
                        station=None if bank else where,
                        bank=where if bank else None,
                    )
            done = s.scalar(select(func.count()).select_from(Case)) or 0
        report.users = users
        if done:
            users += _traders(db, station)
            return f"{done:,} cases already registered; {len(users)} demo users"
        access = LedgerAccess(lambda: store)  # the open store: the demo closes it itself
        with db() as s:
            for c in complaints:
                do_register_complaint(s, access, complaint_input(c, station), actor=system)
            sent = _send_latest(s, access, actor=system)
        users += _traders(db, station)
        return (
            f"{len(complaints):,} complaints registered as cases, the hold requests of the "
            f"{sent} latest verified and sent; {len(users)} demo users"
        )
    finally:
        engine.dispose()


def complaint_input(c: Complaint, station: str) -> ComplaintInput:
    """A synthetic complaint as the help desk types it in (`station` when it names none)."""
    from cybersetu.cases.service import ComplaintInput

    complainant = c.extra.get("complainant") or {}
    return ComplaintInput(
        channel=CHANNEL_OF_SOURCE.get(str(c.extra.get("source")), "help_desk"),
        station=c.station or station,
        complainant_name=str(complainant.get("name") or "—"),
        complainant_mobile=complainant.get("mobile"),
        narrative=c.narrative,
        transactions=c.payments,
        received_at=c.received_at,
    )


def _send_latest(session: Session, access: LedgerAccess, *, actor: Actor) -> int:
    """Verify the latest cases with hold requests and send them, so that the banks' side of the
    demo has requests to answer."""
    from sqlalchemy import select

    from cybersetu.cases.models import Case, HoldRequest
    from cybersetu.cases.service import do_send_holds, do_verify

    latest = list(
        session.scalars(
            select(Case.id)
            .where(Case.id.in_(select(HoldRequest.case_id)))
            .order_by(Case.created_at.desc())
            .limit(DEMO_SENT)
        )
    )
    for case_id in latest:
        do_verify(session, case_id, actor=actor)
        do_send_holds(session, access, case_id, actor=actor)
    return len(latest)


def _traders(db: Any, station: str) -> list[tuple[str, str, str | None, str]]:
    """The traders' side of the demo: a trader, the zone's nodal officer, grievances, a meeting."""
    from cybersetu.db.base import utcnow
    from cybersetu.grievances.demo import seed

    return seed(db, station, utcnow())


def _send_example(store: LedgerStore, example: ComplaintTrail, data_dir: Path) -> dict[str, Any]:
    """Record and write the example complaint's hold requests and draw its trail."""
    complaint: Complaint = example.complaint
    mine, reqs = example.trail, example.requests
    record_sent(store, mine, reqs, example.reference)
    # The folder is named by a slug of the id: an id from a file is never a path.
    name = slug(complaint.complaint_id)
    out = data_dir / "requests" / name
    files = write_requests(reqs, out) + write_letters(reqs, out, ref_prefix=example.reference)
    picture = data_dir / f"trail-{name}.svg"
    picture.write_text(trail_svg(mine, f"Complaint {complaint.complaint_id}"), "utf-8")
    known = STATIONS_BY_CODE.get(complaint.station or "")
    station = known.name if known else complaint.station
    return {
        "complaint_id": complaint.complaint_id,
        "police_station": station,
        "mo": complaint.extra.get("mo"),
        "amount": mine.seed_amount,
        "hold": mine.total(EndKind.HOLD),
        "banks": len(reqs),
        "requests_dir": str(out),
        "files": len(files),
        "picture": str(picture),
    }


#: Bump when the simulation changes, so a second `make demo` does not show stale answers.
SIMULATION_VERSION: Final = 1


def _simulated_banks(
    store: LedgerStore,
    trails: list[ComplaintTrail],
    folder: Path,
    data_dir: Path,
    say: Say,
) -> dict[str, Any]:
    """The latest complaints (as many as the demo sends) played out with simulated banks: each
    bank answers after its own delay from where the money really is by then, through the desk's
    own answer action (`holds.simulation`). In a desk of its own under the demo's folder, so the
    demo desk's requests stay open for the bank officer. Reused when the city is the same."""
    from cybersetu.holds.simulation import Policy, simulate

    out = data_dir / "banks"
    summary = out / "summary.json"
    key = {"version": SIMULATION_VERSION, "city": _sha256(folder / "manifest.json")}
    if summary.exists():
        cached: dict[str, Any] = json.loads(summary.read_text("utf-8"))
        if cached.get("key") == key:
            return cached
    latest = sorted(
        (ct for ct in trails if ct.requests and ct.complaint.received_at is not None),
        key=lambda ct: (ct.complaint.received_at, ct.complaint.complaint_id),
    )[-DEMO_SENT:]
    result = simulate(
        latest,
        city_store=store,
        accounts_csv=folder / "accounts.csv",
        folder=out / "run",
        policy=Policy.AT_ONCE,
        to_input=lambda c: complaint_input(c, "KTW"),
        say=say,
    )
    data: dict[str, Any] = {
        "key": key,
        "cases": result.cases,
        "answers": len(result.answers),
        "stolen": result.stolen_paise,
        "held": result.held_paise,
        "held_share": result.share,
        "withdrawn": result.withdrawn_paise,
        "refused": result.refused,
        "banks": [
            {
                "bank": b.bank,
                "requests": b.requests,
                "held": b.held,
                "held_paise": b.held_paise,
                "median_to_hold_s": None
                if b.median_to_hold is None
                else b.median_to_hold.total_seconds(),
                "median_answer_s": b.median_answer.total_seconds(),
            }
            for b in result.by_bank()
        ],
    }
    summary.write_text(json.dumps(data, indent=1), "utf-8")
    return data
