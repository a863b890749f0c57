"""Files (or the ledger store) in, features / model / scores out: what the commands call."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
from ibis.backends import BaseBackend

from cybersetu import csvsafe
from cybersetu.errors import InputError
from cybersetu.scoring.engine import Engine, Materializer, engine_of, open_backend
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
from cybersetu.scoring.model import MuleModel, Scored, TrainResult, feature_names, score, train
from cybersetu.scoring.rules import rule_score

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Sources:
    """Where the data comes from: interchange files, or the ledger store (DuckDB file)."""

    transactions: Path | None = None
    accounts: Path | None = None
    complaints: Path | None = None
    store: Path | None = None

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


def _from_store(con: BaseBackend, store: Path) -> tuple[ir.Table, ir.Table | None, ir.Table | None]:
    """The ledger's transactions and accounts (amounts in paise, UTC timestamps), and the
    UPI-ID aliases kept in the accounts' `extra` JSON."""
    if engine_of(con) is not Engine.DUCKDB:
        raise InputError(
            "A ledger store can be scored with the DuckDB engine only; export it for Spark."
        )
    if not store.exists():
        raise InputError(f"There is no store at {store}; load files with `cybersetu ingest` first.")
    path = str(store).replace("'", "''")
    try:
        con.raw_sql(f"ATTACH '{path}' AS ledger (READ_ONLY)")
    except Exception as exc:  # DuckDB's own error types vary; the sentence says what to do
        raise InputError(f"{store} cannot be opened as a ledger store: {exc}.") from None
    # Not con.list_tables(): Ibis 12 calls a fetcher DuckDB 2.0 no longer has.
    rows = con.raw_sql(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'ledger'"
    ).fetchall()
    tables = {r[0] for r in rows}
    if "transactions" not in tables:
        raise InputError(f"The store {store} has no transactions table; is it a CyberSetu store?")
    raw = con.table("transactions", database=("ledger", "main"))
    tx = tidy_transactions(raw, amount_in_paise="amount_paise" in raw.columns)
    acc = aliases = None
    if "accounts" in tables:
        raw_acc = con.table("accounts", database=("ledger", "main"))
        if "declared_monthly_income_paise" in raw_acc.columns:
            raw_acc = raw_acc.mutate(
                declared_monthly_income=raw_acc.declared_monthly_income_paise / 100.0
            )
        acc = tidy_accounts(raw_acc)
        if "extra" in raw_acc.columns:
            extra = raw_acc.extra.cast("json")
            aliases = aliases_of(raw_acc.select("account_id", vpa=extra["vpa"].str))
    return tx, acc, aliases


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
    if sources.store is not None:
        tx, acc, aliases = _from_store(con, sources.store)
    else:
        assert sources.transactions is not None
        tx = read_transactions(con, sources.transactions)
        acc, aliases = read_accounts(con, sources.accounts) if sources.accounts else (None, None)
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
    sources: Sources, engine: Engine | str = Engine.DUCKDB, progress: Progress | None = None
) -> pa.Table:
    with open_backend(engine) as con:
        return compute_features(con, sources, progress=progress)


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
) -> TrainResult:
    lab = read_labels(labels)
    names = feature_names(groups, complaints=sources.complaints is not None)
    feats = features_for(sources, engine, progress)
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
) -> Scored:
    """Score every account in the data with the model (or the rule-and-anomaly score without)."""
    model = MuleModel.load(model_path) if model_path is not None else None
    if model is not None and model.uses_complaints and sources.complaints is None:
        raise InputError(
            "This model was trained with complaint history; give the complaints file too."
        )
    feats = features_for(sources, engine, progress)
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
