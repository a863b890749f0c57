"""Generate the whole synthetic city into a folder, day by day, with memory that does not grow
with the number of transactions."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cybersetu.errors import InputError
from cybersetu.identifiers.banks import BANKS
from cybersetu.interchange import ACCOUNT_COLUMNS, TRANSACTION_COLUMNS, Channel
from cybersetu.synth.background import CHANNELS, Background, Chunk, Remarks
from cybersetu.synth.complaints import Complaint, build_complaints
from cybersetu.synth.config import GENERATOR_VERSION, SynthConfig
from cybersetu.synth.externals import IdTable, build_externals
from cybersetu.synth.fraud import Fraud, FraudRows, build_fraud
from cybersetu.synth.lookalikes import ROLES, Lookalikes
from cybersetu.synth.people import Population
from cybersetu.synth.personas import MERCHANT_KINDS, MULE_KIND_NAMES, PERSONA_NAMES, Persona
from cybersetu.synth.population import build_population
from cybersetu.synth.truth import Replay, Trail

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` while the city is generated."""

ACCOUNT_EXTRA: Final = ("vpa",)
LABEL_EXTRA: Final = (
    "persona",
    "ring_id",
    "hard",
    "layer",
    "fraud_receiver",
    "victim",
    "takeover",
)
#: Only in the harder city's labels (so the default city's file is what it was).
HARD_LABEL_EXTRA: Final = ("lookalike", "slow")

_NEFT, _RTGS = list(Channel).index(Channel.NEFT), list(Channel).index(Channel.RTGS)


@dataclass
class Summary:
    out_dir: Path
    counts: dict[str, Any] = field(default_factory=dict)


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream,)))


def generate(cfg: SynthConfig, out_dir: Path, progress: Progress | None = None) -> Summary:
    """Write accounts.csv, transactions.csv, complaints.jsonl, labels.csv, truth_trails.jsonl and
    manifest.json for the city `cfg` describes into `out_dir`."""
    cfg.validate()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir} exists and is not a folder.")
    out_dir.mkdir(parents=True, exist_ok=True)
    total_steps = cfg.days + 4
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total_steps)

    pop = build_population(cfg, _rng(cfg.seed, 1))
    table = IdTable(names=list(pop.ids), bank=pop.bank.astype(int).tolist(), n_accounts=pop.n)
    ext = build_externals(pop, table, _rng(cfg.seed, 2))
    tick()
    fraud = build_fraud(cfg, pop, table, ext)
    tick()
    remarks = Remarks()
    bg = Background(pop, table, ext, remarks, fraud.mule_active_s)
    looks = Lookalikes(pop, ext, remarks, _rng(cfg.seed, 5)) if cfg.hard else None
    looks_rng = _rng(cfg.seed, 6)
    # Only complaints are taint: the complaining events' payments, one trail per event.
    complaining = [e.eid for e in fraud.events if e.complains]
    slot = {eid: k for k, eid in enumerate(complaining)}
    is_merchant = pop.persona == Persona.MERCHANT
    truth = Replay(pop.n, len(table.names), is_merchant, len(complaining))
    writer = _TxnWriter(cfg, table, remarks, fraud, truth, slot)
    day_rows = _fraud_by_day(fraud, remarks)
    rng = _rng(cfg.seed, 3)
    with (out_dir / "transactions.csv").open("wb") as fh:
        fh.write((",".join(TRANSACTION_COLUMNS) + "\n").encode())
        for day in range(cfg.days):
            chunk = bg.day(rng, day, cfg.day_date(day))
            if looks is not None:
                chunk = Chunk.concat([chunk, looks.day(looks_rng, day, cfg.day_date(day))])
            if day in day_rows:
                chunk = Chunk.concat([chunk, day_rows[day]])
            writer.write(fh, rng, day, chunk)
            tick()
    _write_accounts(out_dir / "accounts.csv", pop)

    complaints = build_complaints(cfg, pop, table, fraud, writer.seed_info, _rng(cfg.seed, 4))
    trails = truth.finish(writer.pays)
    tick()
    with (out_dir / "complaints.jsonl").open("w", encoding="utf-8") as jf:
        for c in complaints:
            jf.write(json.dumps(c.record, ensure_ascii=False) + "\n")
    receivers = _fraud_receivers(pop, fraud)
    for t in trails:  # honest accounts the complaints' money reached, by the convention
        for account in [key[1] for key in t.endpoints if key[0] != "cash_out"] + list(t.path):
            if account < pop.n and not pop.mule_kind[account]:
                receivers[account] = True
    holders = _Holders(pop, fraud)
    with (out_dir / "truth_trails.jsonl").open("w", encoding="utf-8") as tf:
        for c in complaints:  # a duplicate repeats its original's trail: the same event's
            record = _truth_record(c, trails[slot[c.event]], table, fraud, holders)
            tf.write(json.dumps(record, ensure_ascii=False) + "\n")
    victims = np.zeros(pop.n, dtype=bool)
    victims[[e.victim for e in fraud.events]] = True
    _write_labels(out_dir / "labels.csv", pop, fraud, receivers, victims, looks)
    counts = {
        "accounts": pop.n,
        "transactions": writer.rows,
        "fraud_transactions": writer.fraud_rows,
        "mules": int((pop.mule_kind > 0).sum()),
        "hard_mules": int(pop.hard.sum()),
        "rings": len(fraud.rings),
        "fraud_events": len(fraud.events),
        "complaints": len(complaints),
        "duplicate_complaints": sum(1 for c in complaints if c.duplicate_of),
        "innocent_merchants_paid": int((receivers & is_merchant).sum()),
        "takeover_accounts": int(pop.takeover.sum()),
        "honest_accounts_reached": int((receivers & ~is_merchant & ~pop.takeover).sum()),
        "hold_ends_at_honest_accounts": sum(
            1
            for t in trails
            for kind, account, _, _ in t.endpoints
            if kind == "hold" and holders.honest(account)
        ),
        "mule_life_transactions": len(fraud.life),
        "complaint_slips": _count_by(s["field"] for c in complaints for s in c.slips),
        "complaints_by_mo": _count_by(c.mo for c in complaints),
        "complaints_by_language": _count_by(c.record["language"] for c in complaints),
    }
    parameters: dict[str, Any] = {
        "accounts": cfg.accounts,
        "days": cfg.days,
        "start": cfg.start.isoformat(),
    }
    if looks is not None:  # absent from the default city's manifest, which stays as it was
        parameters["hard"] = True
        counts["laundering"] = fraud.shapes
        counts["lookalike_accounts"] = looks.counts()
    manifest = {
        "generator": "cybersetu.synth",
        "generator_version": GENERATOR_VERSION,
        "seed": cfg.seed,
        "parameters": parameters,
        "time_zone": "+05:30",
        "files": [
            "accounts.csv",
            "transactions.csv",
            "complaints.jsonl",
            "labels.csv",
            "truth_trails.jsonl",
        ],
        "counts": counts,
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    tick()
    return Summary(out_dir, counts)


def _count_by(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[str(v)] = out.get(str(v), 0) + 1
    return dict(sorted(out.items()))


def _fraud_by_day(fraud: Fraud, remarks: Remarks) -> dict[int, Chunk]:
    """The fraud rows (`fkey` = their key) and the mules' own payments (`fkey` -1) per day."""
    parts = [_chunk_of(fraud.rows, remarks, True), _chunk_of(fraud.life, remarks, False)]
    whole = Chunk.concat([p for p in parts if len(p)] or parts)
    if not len(whole):
        return {}
    day = whole.ts // 86_400
    return {int(d): whole.take(np.flatnonzero(day == d)) for d in np.unique(day).tolist()}


def _chunk_of(rows: FraudRows, remarks: Remarks, keyed: bool) -> Chunk:
    ts = np.array(rows.ts, dtype=np.int64)
    return Chunk(
        ts=ts,
        src=np.array(rows.src, dtype=np.int64),
        dst=np.array(rows.dst, dtype=np.int64),
        amount=np.array(rows.amount, dtype=np.int64),
        channel=np.array(rows.channel, dtype=np.int8),
        remark=np.array([remarks.idx(r) if r else -1 for r in rows.remark], dtype=np.int32),
        fkey=np.arange(ts.size, dtype=np.int64) if keyed else np.full(ts.size, -1, np.int64),
    )


def _clock_lut() -> pa.Array:
    return pa.array(
        [f"{h:02d}:{m:02d}:{s:02d}+05:30" for h in range(24) for m in range(60) for s in range(60)]
    )


class _TxnWriter:
    def __init__(
        self,
        cfg: SynthConfig,
        table: IdTable,
        remarks: Remarks,
        fraud: Fraud,
        truth: Replay,
        slot: dict[int, int],
    ) -> None:
        self.cfg = cfg
        self.table = table
        self.remarks = remarks
        self.ids = pa.array(table.names)
        prefixes = [BANKS[b].ifsc_prefix if b >= 0 else "" for b in table.bank]
        self.bank_prefix = pa.array(prefixes)
        self.bank_idx = np.array(table.bank, dtype=np.int64)
        self.channels = pa.array([c.value for c in CHANNELS])
        self.clock = _clock_lut()
        self.is_seed = np.array(fraud.rows.seed, dtype=bool)
        # The complaint slot of each fraud row that is a complaining victim's payment, else -1.
        self.complaint = np.array(
            [
                slot.get(e, -1) if s else -1
                for e, s in zip(fraud.rows.event, fraud.rows.seed, strict=True)
            ],
            dtype=np.int64,
        )
        self.truth = truth
        self.pays = np.zeros(len(table.names), dtype=bool)  # ids with a debit in the ledger
        self.seed_info: dict[int, tuple[str, int]] = {}  # fraud row key -> (txn_id, ts)
        self.rows = 0
        self.fraud_rows = 0

    def write(self, fh: IO[bytes], rng: np.random.Generator, day: int, c: Chunk) -> None:
        order = np.lexsort((rng.random(len(c)), c.ts))
        c = c.take(order)
        d = self.cfg.day_date(day)
        txn = self._txn_ids(d, c)
        sec = c.ts - day * 86_400
        ts = pc.binary_join_element_wise(
            pa.scalar(d.isoformat() + "T"), self.clock.take(pa.array(sec)), ""
        )
        amount = pc.binary_join_element_wise(
            pc.cast(pa.array(c.amount // 100), pa.string()),
            pc.utf8_lpad(pc.cast(pa.array(c.amount % 100), pa.string()), width=2, padding="0"),
            ".",
        )
        remark_texts = pa.array(["", *self.remarks.texts])
        cols = [
            txn,
            ts,
            self.ids.take(pa.array(c.src)),
            self.ids.take(pa.array(c.dst)),
            amount,
            self.channels.take(pa.array(c.channel.astype(np.int64))),
            self.bank_prefix.take(pa.array(c.src)),
            self.bank_prefix.take(pa.array(c.dst)),
            pa.array(np.full(len(c), "INR")),
            remark_texts.take(pa.array(c.remark.astype(np.int64) + 1)),
        ]
        lines = pc.binary_join_element_wise(
            pc.binary_join_element_wise(*cols, ","), pa.scalar(""), "\n"
        )
        bufs = lines.buffers()
        off = np.frombuffer(bufs[1], dtype=np.int32)[lines.offset : lines.offset + len(lines) + 1]
        fh.write(memoryview(bufs[2])[int(off[0]) : int(off[-1])])
        self.rows += len(c)
        is_fraud = c.fkey >= 0
        self.fraud_rows += int(is_fraud.sum())
        self.pays[c.src] = True
        seed = np.zeros(len(c), dtype=bool)
        seed[is_fraud] = self.is_seed[c.fkey[is_fraud]]
        keep = np.flatnonzero(seed)
        for j, tid in zip(keep.tolist(), txn.take(pa.array(keep)).to_pylist(), strict=True):
            self.seed_info[int(c.fkey[j])] = (tid, int(c.ts[j]))
        complaint = np.full(len(c), -1, dtype=np.int64)
        complaint[is_fraud] = self.complaint[c.fkey[is_fraud]]
        self.truth.day(
            c.ts,
            lambda idx: [str(x) for x in txn.take(pa.array(idx)).to_pylist()],
            c.src,
            c.dst,
            c.amount,
            c.channel,
            complaint,
        )

    def _txn_ids(self, d: Any, c: Chunk) -> pa.Array:
        n = len(c)
        y = d.year % 10
        doy = d.timetuple().tm_yday
        hour = (c.ts % 86_400) // 3_600
        neft = c.channel == _NEFT
        rtgs = c.channel == _RTGS
        rrn = ~(neft | rtgs)
        # UPI/IMPS/ATM-style 12-digit reference: year digit, day of year, hour, then a number
        # unique within the hour (scrambled so that it does not look like a counter).
        pos = np.cumsum(rrn) - 1
        first_in_hour = np.full(24, 0, dtype=np.int64)
        hr_r = hour[rrn]
        starts = np.searchsorted(hr_r, np.arange(24), side="left")
        first_in_hour[:] = starts
        seq = pos - first_in_hour[hour]
        num = (
            y * 10**11
            + doy * 10**8
            + hour * 10**6
            + (seq * 7_919 + hour * 104_729 + doy * 31) % 10**6
        )
        rrn_str = pc.utf8_lpad(pc.cast(pa.array(num), pa.string()), width=12, padding="0")
        bank = self.bank_prefix.take(pa.array(c.src))
        bank = pc.if_else(pc.equal(bank, ""), pa.scalar("SBIN"), bank)
        k = np.cumsum(neft | rtgs) - 1
        scr7 = (k * 7_919 + 4_241) % 10**7
        neft_str = pc.binary_join_element_wise(
            bank,
            pa.scalar(f"N{y}{doy:03d}"),
            pc.utf8_lpad(pc.cast(pa.array(scr7), pa.string()), width=7, padding="0"),
            "",
        )
        rtgs_str = pc.binary_join_element_wise(
            bank,
            pa.scalar(f"RC{d.strftime('%Y%m%d')}"),
            pc.utf8_lpad(pc.cast(pa.array(scr7 + 10_000_000), pa.string()), width=8, padding="0"),
            "",
        )
        out = pc.if_else(pa.array(neft), neft_str, pc.if_else(pa.array(rtgs), rtgs_str, rrn_str))
        if len(out) != n:
            raise RuntimeError(f"{len(out)} references for {n} transactions")
        return out


def _write_accounts(path: Path, pop: Population) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        cols = [pop.cols[c] for c in ACCOUNT_COLUMNS[1:]] + [pop.cols[c] for c in ACCOUNT_EXTRA]
        w.writerow(ACCOUNT_COLUMNS + ACCOUNT_EXTRA)
        w.writerows(zip(pop.ids, *cols, strict=True))


def _fraud_receivers(pop: Population, fraud: Fraud) -> np.ndarray:
    """Honest accounts paid in fraud rows: shops, and accounts a ring took over."""
    out = np.zeros(pop.n, dtype=bool)
    dst = np.array(fraud.rows.dst, dtype=np.int64)
    inside = dst[dst < pop.n]
    out[inside[(pop.persona[inside] == Persona.MERCHANT) | pop.takeover[inside]]] = True
    return out


class _Holders:
    """Who holds an id, for the truth: `mule`, `takeover` (an honest account a ring took over),
    `gang` (a ring's frontier account outside the data) or `honest` (anyone else: people,
    merchants, relatives and billers outside the city)."""

    def __init__(self, pop: Population, fraud: Fraud) -> None:
        self.n = pop.n
        self.mule = pop.mule_kind > 0
        self.takeover = pop.takeover
        self.gang = fraud.frontier

    def of(self, i: int) -> str:
        if i < self.n:
            return "mule" if self.mule[i] else "takeover" if self.takeover[i] else "honest"
        return "gang" if i in self.gang else "honest"

    def honest(self, i: int) -> bool:
        return self.of(i) in ("honest", "takeover")


def _write_labels(
    path: Path,
    pop: Population,
    fraud: Fraud,
    receivers: np.ndarray,
    victims: np.ndarray,
    looks: Lookalikes | None,
) -> None:
    ring_names = {r.rid: r.name for r in fraud.rings}
    extra = HARD_LABEL_EXTRA if looks is not None else ()
    slow = {m for r in fraud.rings for m in r.slow}  # mules only the slow shapes use
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("account_id", "is_mule", *LABEL_EXTRA, *extra))
        for i in range(pop.n):
            mk = int(pop.mule_kind[i])
            if mk:
                persona = MULE_KIND_NAMES[mk]
            elif pop.persona[i] == Persona.MERCHANT:
                persona = "merchant_" + MERCHANT_KINDS[int(pop.mkind[i])]
            else:
                persona = PERSONA_NAMES[int(pop.persona[i])]
            w.writerow(
                (
                    pop.ids[i],
                    1 if mk else 0,
                    persona,
                    ring_names[int(pop.ring[i])] if mk else "",
                    int(pop.hard[i]),
                    int(pop.layer[i]) if mk or pop.takeover[i] else "",
                    int(receivers[i]),
                    int(victims[i]),
                    int(pop.takeover[i]),
                    *((ROLES[int(looks.role[i])], int(i in slow)) if looks is not None else ()),
                )
            )


def _rupees(paise: int) -> float:
    return paise / 100


def _truth_record(
    c: Complaint, trail: Trail, table: IdTable, fraud: Fraud, holders: _Holders
) -> dict[str, Any]:
    endpoints = []
    for key, amount in trail.endpoints.items():
        kind, account, txn_id, src = key
        # Cash is in the hands of whoever withdrew it; other money with the account's holder.
        holder = holders.of(src if kind == "cash_out" else account)
        e: dict[str, Any] = {
            "kind": kind,
            "account_id": table.names[account],
            "amount": _rupees(amount),
            "amount_paise": amount,
            "layer": trail.layer_of(key),
            "holder": holder,
            "honest": holder in ("honest", "takeover"),
        }
        if kind != "hold":
            e["txn_id"] = txn_id
            e["from_account"] = table.names[src]
        endpoints.append(e)
    path = [
        {
            "account_id": table.names[a],
            "layer": layer,
            "amount_in": _rupees(amt),
            "amount_in_paise": amt,
            "holder": holders.of(a),
        }
        for a, (layer, amt) in trail.path.items()
    ]
    ring = fraud.rings[fraud.events[c.event].ring]
    return {
        "complaint_id": c.complaint_id,
        "duplicate_of": c.duplicate_of,
        "event_id": c.event,
        "mo": c.mo,
        "ring_id": ring.name,
        "victim_account": table.names[fraud.events[c.event].victim],
        "seed_txn_ids": c.txn_ids,
        "amount": _rupees(trail.seed_amount),
        "amount_paise": trail.seed_amount,
        "endpoints": endpoints,
        "accounts": path,
        "slips": c.slips,
    }
