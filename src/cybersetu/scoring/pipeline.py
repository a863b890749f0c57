"""Files (or the ledger store) in, features / model / scores out: what the commands call."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.backends import BaseBackend

from cybersetu import csvsafe
from cybersetu.errors import InputError
from cybersetu.scoring.backends import Engine, Materializer, engine_named, open_backend
from cybersetu.scoring.cache import FeatureCache
from cybersetu.scoring.classifier import MuleModel, Scored, TrainResult, feature_names, score, train
from cybersetu.scoring.features import build_features, ledger_days, seeds_table
from cybersetu.scoring.inputs import (
    aliases_of,
    apply_aliases,
    read_accounts,
    read_complaint_seeds,
    read_transactions,
    tidy_accounts,
    tidy_transactions,
)
from cybersetu.scoring.labels import read_labels
from cybersetu.scoring.rules import rule_score

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Sources:
    """Where the data comes from: interchange files, or the ledger store (a DuckDB file path or
    a PostgreSQL URL)."""

    transactions: Path | None = None
    accounts: Path | None = None
    complaints: Path | None = None
    store: str | None = None

    def check(self) -> None:
        if (self.transactions is None) == (self.store is None):
            raise InputError(
                "Give either a transactions file or a ledger store, not both or neither."
            )

    @classmethod
    def city(cls, folder: Path, *, complaints: bool = False) -> Sources:
        """The files of a synthetic city (or any folder laid out the same way)."""
        return cls(
            transactions=folder / "transactions.csv",
            accounts=folder / "accounts.csv",
            complaints=folder / "complaints.jsonl" if complaints else None,
        )


@contextmanager
def _from_store(
    con: BaseBackend, store: str
) -> Iterator[tuple[ir.Table, ir.Table | None, ir.Table | None]]:
    """The ledger's transactions and accounts (amounts in paise, UTC timestamps), and the
    UPI-ID aliases kept in the accounts' `extra` JSON, from the store's Parquet export (any
    backend, any engine); the export lives until the block ends."""
    from cybersetu.ledger import Kind, open_store

    with tempfile.TemporaryDirectory(prefix="cybersetu-score-") as tmp:
        folder = Path(tmp)
        with open_store(store, read_only=True) as ledger:
            if ledger.stats().transactions == 0:
                raise InputError(f"The store {ledger.location} has no transactions.")
            ledger.export_parquet(Kind.TRANSACTIONS, folder / "transactions.parquet")
            ledger.export_parquet(Kind.ACCOUNTS, folder / "accounts.parquet")
        raw = con.read_parquet(str(folder / "transactions.parquet"))
        tx = tidy_transactions(raw, amount_in_paise=True)
        accounts = pq.read_table(folder / "accounts.parquet", columns=["account_id", "extra"])
        acc = aliases = None
        if accounts.num_rows:
            raw_acc = con.read_parquet(str(folder / "accounts.parquet"))
            raw_acc = raw_acc.mutate(
                declared_monthly_income=raw_acc.declared_monthly_income_paise / 100.0
            )
            acc = tidy_accounts(raw_acc)
            pairs = _alias_pairs(accounts)
            if pairs.num_rows:
                pq.write_table(pairs, folder / "aliases.parquet")
                aliases = aliases_of(con.read_parquet(str(folder / "aliases.parquet")))
        yield tx, acc, aliases


def _alias_pairs(accounts: pa.Table) -> pa.Table:
    """(account_id, vpa) from the accounts' extra columns, parsed here so that every engine
    reads plain columns."""
    ids, vpas = [], []
    for account_id, extra in zip(
        accounts.column("account_id").to_pylist(), accounts.column("extra").to_pylist(), strict=True
    ):
        if extra:
            value = json.loads(extra).get("vpa")
            if isinstance(value, str) and value.strip():
                ids.append(account_id)
                vpas.append(value)
    return pa.table({"account_id": pa.array(ids, pa.string()), "vpa": pa.array(vpas, pa.string())})


def compute_features(
    con: BaseBackend,
    sources: Sources,
    *,
    progress: Progress | None = None,
) -> pa.Table:
    """One row per account in the data: `account` and the feature columns."""
    say = progress or (lambda _m: None)
    sources.check()
    cache = Materializer(con)
    say("reading")
    with ExitStack() as stack:
        if sources.store is not None:
            tx, acc, aliases = stack.enter_context(_from_store(con, sources.store))
        elif sources.transactions is not None:
            tx = read_transactions(con, sources.transactions)
            acc, aliases = (
                read_accounts(con, sources.accounts) if sources.accounts else (None, None)
            )
        else:  # cannot happen: sources.check() refused it above
            raise RuntimeError("neither a store nor a transactions file")
        return _features(sources, cache, tx, acc, aliases, say)


def _features(
    sources: Sources,
    cache: Materializer,
    tx: ir.Table,
    acc: ir.Table | None,
    aliases: ir.Table | None,
    say: Progress,
) -> pa.Table:
    if aliases is not None:
        aliases = cache(aliases)
        tx = apply_aliases(tx, aliases, ("src", "dst"))
    tx = cache(tx)
    days = ledger_days(tx)
    if days <= 0:
        raise InputError("The ledger has no transactions.")
    if acc is not None:
        acc = cache(acc)
    seeds = None
    if sources.complaints is not None:
        seeds = seeds_table(read_complaint_seeds(sources.complaints))
        if aliases is not None:
            seeds = apply_aliases(seeds, aliases, ("account",)).distinct()
    say("features")
    out = build_features(tx, acc, seeds, days=days, cache=cache).to_pyarrow()
    if out.num_rows == 0:
        raise InputError("The ledger has no transactions between accounts.")
    return out.sort_by("account")


def features_for(
    sources: Sources,
    engine: Engine | str = Engine.DUCKDB,
    progress: Progress | None = None,
    cache: FeatureCache | None = None,
) -> pa.Table:
    """The features of the sources; with a cache, files already seen are not computed again."""
    key = None
    if cache is not None and sources.store is None:
        sources.check()
        files = {"transactions": sources.transactions, "accounts": sources.accounts}
        try:
            key = cache.key({**files, "complaints": sources.complaints}, str(engine_named(engine)))
        except OSError:  # a file that cannot be read: the reader below says so in one sentence
            key = None
        hit = cache.get(key) if key is not None else None
        if hit is not None:
            if progress:
                progress("features (kept from an earlier run on the same files)")
            return hit
    with open_backend(engine) as con:
        feats = compute_features(con, sources, progress=progress)
    if cache is not None and key is not None:
        cache.put(key, feats)
    return feats


def train_files(
    sources: Sources,
    labels: Path,
    model_path: Path,
    *,
    engine: Engine | str = Engine.DUCKDB,
    groups: Sequence[str] | None = None,
    test_fraction: float = 0.3,
    seed: int = 7,
    test_labels_out: Path | None = None,
    progress: Progress | None = None,
    cache: FeatureCache | None = None,
) -> TrainResult:
    lab = read_labels(labels)
    names = feature_names(groups, complaints=sources.complaints is not None)
    feats = features_for(sources, engine, progress, cache)
    result = train(
        feats, lab, names=names, test_fraction=test_fraction, seed=seed, progress=progress
    )
    result.model.info["training"]["engine"] = str(Engine(engine))
    result.model.info["training"]["ledger"] = _describe(sources)
    result.model.save(model_path)
    if test_labels_out is not None and result.test_labels is not None:
        write_table_csv(result.test_labels, test_labels_out)
    return result


def _describe(sources: Sources) -> dict[str, Any]:
    return {k: (p.name if p else None) for k, p in vars(sources).items()}


def score_files(
    sources: Sources,
    out: Path,
    *,
    model_path: Path | None = None,
    engine: Engine | str = Engine.DUCKDB,
    progress: Progress | None = None,
    cache: FeatureCache | None = None,
) -> Scored:
    """Score every account in the data with the model (or the rule-and-anomaly score without)."""
    model = MuleModel.load(model_path) if model_path is not None else None
    if model is not None and model.uses_complaints and sources.complaints is None:
        raise InputError(
            "This model was trained with complaint history; give the complaints file too."
        )
    feats = features_for(sources, engine, progress, cache)
    scored = score(model, feats) if model is not None else rule_score(feats)
    write_scores(scored, out)
    return scored


def ranks(scores: np.ndarray) -> np.ndarray:
    """1 = most suspicious; equal scores share the better rank."""
    order = np.argsort(-scores, kind="stable")
    r = np.empty(len(scores), dtype=np.int64)
    r[order] = np.arange(1, len(scores) + 1)
    # Ties: give every tied account the smallest rank of its group.
    s_sorted = scores[order]
    first = np.r_[True, s_sorted[1:] != s_sorted[:-1]]
    group_rank = np.maximum.accumulate(np.where(first, np.arange(1, len(scores) + 1), 0))
    r[order] = group_rank
    return r


def write_scores(scored: Scored, out: Path) -> None:
    """CSV `account_id,score,rank,reasons,reasons_hi`, most suspicious first."""
    r = ranks(scored.score)
    order = np.argsort(r, kind="stable")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("account_id", "score", "rank", "reasons", "reasons_hi"))
        for i in order:
            # Account ids come from input: never a spreadsheet formula.
            w.writerow(
                csvsafe.row(
                    (
                        scored.account[i],
                        f"{scored.score[i]:.6f}",
                        int(r[i]),
                        scored.reasons_en[i],
                        scored.reasons_hi[i],
                    )
                )
            )


def write_table_csv(t: pa.Table, out: Path) -> None:
    import pyarrow.csv as pacsv

    out.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(csvsafe.table(t), out, pacsv.WriteOptions(quoting_style="needed"))
