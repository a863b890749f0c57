"""The main job on embedded defaults, as `make demo` runs it.

Build the synthetic city, load it into the ledger, read the complaints, trace the money of every
complaint and draft the hold requests: each step timed, so a reader sees what the system does and
how fast. Steps are reused when their output is already there (a second `make demo` is quick).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cybersetu.complaints import Complaint, read_complaints
from cybersetu.complaints.model import linked
from cybersetu.intake import analyze
from cybersetu.ledger import LedgerStore, ingest, open_store
from cybersetu.reference.kanpur import STATIONS_BY_CODE
from cybersetu.scoring.demo import Suspect, top_suspects
from cybersetu.synth import SynthConfig, generate
from cybersetu.trail.draw import trail_svg
from cybersetu.trail.export import write_requests
from cybersetu.trail.letters import write_letters
from cybersetu.trail.model import EndKind
from cybersetu.trail.service import ComplaintTrail, record_sent, slug, trace_complaints

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


def run_demo(data_dir: Path, accounts: int = 50_000, say: Say | None = None) -> DemoReport:
    say = say or (lambda _m: None)
    report = DemoReport(data_dir)
    folder = data_dir / "city"
    store_path = data_dir / "cybersetu.duckdb"
    data_dir.mkdir(parents=True, exist_ok=True)

    with report.step("Synthetic city") as d:
        report.city = _city(SynthConfig(accounts=accounts, days=30, seed=7), folder, say)
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

    with report.step("Score mule risk") as d:
        say("Scoring every account for mule risk")
        # Trained on the city's labels with a third of the rings held out; only accounts the
        # model never saw are ranked, so "how many are real" is an honest count.
        report.suspects = top_suspects(folder, n=10)
        real = sum(1 for s in report.suspects if s.is_mule)
        d.append(f"top {len(report.suspects)} suspects, {real} of them real mules")
    return report


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
