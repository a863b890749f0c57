"""Mule scoring on data nobody here generated: IBM's AMLSim development copy, ring-grouped 2-fold.

    python -m benchmarks amlsim [--data ../shared/yardsticks/amlsim] [--skip gfp,cli]

Reproduces the table of issue 12 in one run: IBM's Graph Feature Preprocessor (snapml) +
LightGBM, plain per-account aggregates + LightGBM, CyberSetu's features as they were before
issue 12 and as they are now, all with the same model (`cybersetu.scoring.classifier.train`) on the
same folds as the copy's `score_twofold.py`: a ring's mules go to fold `ring % 2`, every other
account to `sha256(id) % 2`; train on one fold, score the other, pool the out-of-fold scores.
Figures: F1 at N (N = number of mules), PR-AUC (average precision), precision at 100.

Speed: each feature set's computation, and the `cli` part times the copy's own protocol (two
`cybersetu train` + `cybersetu score` runs, as `score_twofold.py` does), all as ratios to a
baseline measured in the same run (DuckDB scanning the transactions and summing one column).
The copy is a development set: a second draw of the simulator, not given here, checks results.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from benchmarks.bench_scoring import (
    GFP_PATTERNS,
    StepTimeoutError,
    gfp_input,
    read_transfers,
    timed,
)

DEFAULT_DATA = Path("../shared/yardsticks/amlsim")
SKIPPABLE = ("gfp", "plain", "cli")
#: Features added by issue 12; "CyberSetu before" is every other feature (their values did not
#: change), so the before row is measured in the same run on the same feature table.
ISSUE_12_FEATURES = (
    "passthrough_7d",
    "mean_in_q",
    "mean_out_q",
    "cv_in",
    "cv_out",
    "n_one_time_senders",
    "n_one_time_receivers",
    "one_time_receiver_share",
    "fan_in_1d",
    "fan_out_1d",
    "fan_in_7d",
    "fan_out_7d",
    "fan_in_30d",
    "fan_out_30d",
    "relay_7d",
    "relay_30d",
    "chain_out",
    "chain_in",
    "cp_one_time_mean",
    "cp_one_time_max",
    "cp_passthrough_mean",
    "one_time_cp_one_time_mean",
    "cp2_one_time_mean",
)
DAY = 86_400


def prepare(data: Path, work: Path) -> tuple[Path, Path]:
    """The copy in our interchange files, as `score_twofold.py` writes them."""
    tx, acc = work / "transactions.csv", work / "accounts.csv"
    if not tx.exists():
        with gzip.open(data / "transactions.csv.gz", "rt") as src:
            tx.write_text(src.read(), encoding="utf-8")
    if not acc.exists():
        with (
            gzip.open(data / "accounts.csv.gz", "rt") as src,
            acc.open("w", newline="", encoding="utf-8") as dst,
        ):
            w = csv.writer(dst)
            w.writerow(["account_id", "bank", "opened_at", "holder_name", "account_type"])
            for r in csv.DictReader(src):  # the simulator's "I" (individual) -> savings
                w.writerow(
                    [r["account_id"], r["bank"], r["opened_at"], r["customer_name"], "savings"]
                )
    return tx, acc


def folds(data: Path) -> tuple[dict[str, int], dict[str, int]]:
    """(label, fold) of every labelled account, by the copy's protocol."""
    with (data / "labels.csv").open(encoding="utf-8") as fh:
        labels = {r["account_id"]: int(r["is_mule"]) for r in csv.DictReader(fh)}
    with (data / "rings.csv").open(encoding="utf-8") as fh:
        ring = {r["account_id"]: int(r["ring"]) for r in csv.DictReader(fh)}

    def fold(a: str) -> int:
        if labels[a] and a in ring:
            return ring[a] % 2
        return int(hashlib.sha256(a.encode()).hexdigest(), 16) % 2

    return labels, {a: fold(a) for a in labels}


def metrics(scores: dict[str, float], labels: dict[str, int]) -> dict[str, float]:
    """F1 at N, PR-AUC and precision at 100 as `score_twofold.py` computes them (accounts
    without a score rank last)."""
    ranked = sorted(
        ((scores.get(a, float("-inf")), y) for a, y in labels.items()), key=lambda t: -t[0]
    )
    n = sum(y for _, y in ranked)
    hits, ap = 0, 0.0
    for i, (_, y) in enumerate(ranked, 1):
        if y:
            hits += 1
            ap += hits / i
    return {
        "f1_top_n": sum(y for _, y in ranked[:n]) / n,
        "pr_auc": ap / n,
        "p_at_100": sum(y for _, y in ranked[:100]) / 100,
    }


def step_twofold(
    features: Path, data: Path, names: list[str] | None, reasons: bool = False
) -> dict[str, Any]:
    """Train on each fold with CyberSetu's model and score the other (with reasons, as
    `cybersetu score` writes them, when `reasons`); pooled figures."""
    from cybersetu.scoring.classifier import score, train

    labels, fold = folds(data)
    f = pq.read_table(features)
    present = set(f.column("account").to_pylist())
    cols = names or [c for c in f.column_names if c != "account"]
    oof: dict[str, float] = {}
    top: list[str] = []
    for k in (0, 1):
        ids = [a for a in labels if fold[a] == k and a in present]
        lab = pa.table(
            {"account_id": ids, "is_mule": pa.array([labels[a] for a in ids], pa.int64())}
        )
        model = train(f, lab, names=cols).model
        scored = score(model, f, reasons=reasons)
        for a, s in zip(scored.account, scored.score, strict=True):
            if a in labels and fold[a] != k:
                oof[a] = float(s)
        if k == 0:
            top = [str(n) for n in model.info["top_features"]]
    return {**metrics(oof, labels), "top": top[:10], "unscored": len(labels) - len(oof)}


def step_cybersetu_features(tx: Path, acc: Path, out: Path) -> int:
    from cybersetu.scoring.pipeline import Sources, features_for

    f = features_for(Sources(transactions=tx, accounts=acc))
    pq.write_table(f, out)
    return int(f.num_rows)


def step_plain_features(tx: Path, out: Path) -> int:
    """The plain baseline: per-account counts, sums, mean, min, max and spread of amounts in
    each direction, distinct counterparties, active days."""
    import duckdb

    con = duckdb.connect()
    t = con.sql(
        """
        WITH t AS (SELECT src_account AS src, dst_account AS dst, amount::DOUBLE AS amt,
                          epoch(ts::TIMESTAMPTZ)::BIGINT // 86400 AS day FROM read_csv(?)),
        ev AS (SELECT src AS account, dst AS cp, amt, day, 0 AS is_in FROM t
               UNION ALL SELECT dst, src, amt, day, 1 FROM t)
        SELECT account, is_in, count(amt) AS n, sum(amt) AS total, avg(amt) AS mean,
               min(amt) AS least, max(amt) AS most, stddev_samp(amt) AS spread,
               count(DISTINCT cp) AS partners, count(DISTINCT day) AS days
        FROM ev GROUP BY account, is_in
        """,
        params=[str(tx)],
    ).to_arrow_table()
    # One row per account: each figure for money in and for money out.
    sides = [
        t.filter(pc.equal(t.column("is_in"), d))
        .drop_columns("is_in")
        .rename_columns(["account", *[f"{c}_{name}" for c in t.column_names[2:]]])
        for d, name in ((1, "in"), (0, "out"))
    ]
    both = sides[0].join(sides[1], "account", join_type="full outer").sort_by("account")
    cols = {c: pc.cast(both.column(c), pa.float64()) for c in both.column_names[1:]}
    pq.write_table(pa.table({"account": both.column("account"), **cols}), out)
    return int(both.num_rows)


def step_gfp_features(
    tx: Path,
    out: Path,
    threads: int,
    patterns: tuple[str, ...],
    day_clock: bool = False,
    batch: int = 0,
) -> dict[str, float]:
    """GFP with the settings of the copy's README: fan-in/out and degree in 7-day windows,
    scatter-gather 14 days, temporal and simple cycles 21 days (length up to 8), vertex
    statistics of amounts over 30 days; per account the mean and max of each edge feature over
    its outgoing and incoming transfers. `patterns` turns the others off. `batch` > 0 feeds the
    transfers in time order, that many at a time (`transform` adds them to the graph and
    computes their features from it, as a bank streaming its day would); 0 gives all of them
    to one `fit_transform`."""
    import pandas as pd
    from snapml import GraphFeaturePreprocessor

    t0 = time.perf_counter()
    ids, x = gfp_input(read_transfers(tx), {})  # the copy has no UPI IDs to resolve
    if day_clock:
        # The simulator's own clock: one step a day. The copy spreads each day's transfers
        # over the day in file order, which orders transfers the simulator made at one time;
        # temporal patterns (cycles above all) follow many more paths through such an order.
        x[:, 3] = np.floor(x[:, 3] / DAY) * DAY
    prep = time.perf_counter() - t0

    gfp = GraphFeaturePreprocessor()
    params = gfp.get_params()
    params.update(
        {
            "num_threads": threads,
            "vertex_stats": True,
            "vertex_stats_cols": [4],
            "vertex_stats_tw": 30 * DAY,
            "fan": True,
            "fan_tw": 7 * DAY,
            "degree": True,
            "degree_tw": 7 * DAY,
            "scatter-gather": True,
            "scatter-gather_tw": 14 * DAY,
            "temp-cycle": True,
            "temp-cycle_tw": 21 * DAY,
            "lc-cycle": True,
            "lc-cycle_tw": 21 * DAY,
            "lc-cycle_len": 8,
        }
    )
    for pattern in GFP_PATTERNS:
        params[pattern] = pattern in patterns
    gfp.set_params(params)
    t1 = time.perf_counter()
    if batch > 0:
        out_x = np.vstack([gfp.transform(x[i : i + batch]) for i in range(0, len(x), batch)])
    else:
        out_x = gfp.fit_transform(x)
    gfp_s = time.perf_counter() - t1

    feats = out_x[:, 4:]
    cols = [f"gfp{i}" for i in range(feats.shape[1])]
    parts = []
    for side, col in (("out", 1), ("in", 2)):
        g = pd.DataFrame(feats, columns=cols).groupby(out_x[:, col].astype(np.int64))
        parts += [g.mean().add_prefix(f"{side}_mean_"), g.max().add_prefix(f"{side}_max_")]
    acc = parts[0].join(parts[1:], how="outer")
    acc.insert(0, "account", ids[acc.index.to_numpy()])
    pq.write_table(pa.Table.from_pandas(acc.reset_index(drop=True), preserve_index=False), out)
    return {"prepare_s": prep, "gfp_s": gfp_s, "features": float(acc.shape[1] - 1)}


def step_baseline(tx: Path) -> int:
    import duckdb

    rows = (
        duckdb.connect()
        .execute("SELECT count(*), sum(amount::DOUBLE) FROM read_csv(?)", [str(tx)])
        .fetchall()
    )
    return int(rows[0][0])


def cli_twofold(
    tx: Path, acc: Path, data: Path, work: Path, *, cache: bool = True
) -> dict[str, float]:
    """The copy's protocol through the command line, timed as `score_twofold.py` times it;
    the feature cache starts empty (`cache`) or is off."""
    import os
    import shutil

    exe = Path(sys.executable).with_name("cybersetu")
    folder = work / "feature-cache"
    shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "CYBERSETU_FEATURE_CACHE": str(folder) if cache else "off"}
    labels, fold = folds(data)
    oof: dict[str, float] = {}
    t0 = time.perf_counter()
    for k in (0, 1):
        lab, model, out = work / f"labels_{k}.csv", work / f"model_{k}", work / f"scores_{k}.csv"
        with lab.open("w", encoding="utf-8") as fh:
            fh.write("account_id,is_mule\n")
            fh.writelines(f"{a},{y}\n" for a, y in labels.items() if fold[a] == k)
        common = ["--transactions", str(tx), "--accounts", str(acc)]
        for cmd in (
            ["train", *common, "--labels", str(lab), "--model", str(model)],
            ["score", *common, "--model", str(model), "--out", str(out)],
        ):
            subprocess.run([str(exe), *cmd], check=True, capture_output=True, timeout=3600, env=env)
        with out.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["account_id"] in labels and fold[row["account_id"]] != k:
                    oof[row["account_id"]] = float(row["score"])
    return {**metrics(oof, labels), "seconds": time.perf_counter() - t0}


def main(argv: list[str]) -> None:
    from cybersetu.scoring.features import FEATURES

    ap = argparse.ArgumentParser(prog="bench_amlsim", description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="The AMLSim copy's folder.")
    ap.add_argument("--work", type=Path, default=Path("var/bench/amlsim"), help="Working folder.")
    ap.add_argument(
        "--skip", default="", help=f"Comma-separated parts to skip: {','.join(SKIPPABLE)}."
    )
    ap.add_argument("--threads", type=int, default=2, help="Threads for snapml.")
    ap.add_argument(
        "--gfp-patterns",
        default="fan,degree,scatter-gather",
        help=f"snapml patterns, any of {','.join(GFP_PATTERNS)}. The copy's README ran all five; "
        "the temporal and simple cycles never finished on 2 cores here, so the default leaves "
        "them out (docs/scoring.md).",
    )
    ap.add_argument(
        "--gfp-timeout",
        type=float,
        default=1_200,
        help="Give up on snapml after this many s (0: never).",
    )
    ap.add_argument(
        "--gfp-day-clock",
        action="store_true",
        help="Give snapml the simulator's clock (transfers of one day at the same time).",
    )
    ap.add_argument(
        "--gfp-batch",
        type=int,
        default=10_000,
        help="Transfers given to snapml at a time, in time order (0: all in one fit_transform, "
        "which grew faster than quadratically here: fan alone 1.3 s for 25,000 transfers, 27 s "
        "for 100,000; in batches of 10,000, 1.8 s).",
    )
    ap.add_argument("--json", type=Path, help="Also write every figure to this JSON file.")
    args = ap.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    if not (args.data / "labels.csv").exists():
        print(f"No AMLSim copy in {args.data} (give its folder with --data): skipped.")
        return
    args.work.mkdir(parents=True, exist_ok=True)
    tx, acc = prepare(args.data, args.work)
    report: dict[str, Any] = {}

    base_s, _, _, n_tx = timed(step_baseline, tx)
    report["baseline_s"] = base_s
    print(f"AMLSim copy: {n_tx:,} transactions; baseline (DuckDB scan + sum) {base_s:.2f} s")

    def row(name: str, m: dict[str, Any], secs: float | None) -> None:
        report[name] = {**m, "feature_s": secs}
        t = f"{secs:6.1f} s ({secs / base_s:5.1f}x baseline)" if secs is not None else " " * 27
        print(
            f"{name:38s} F1@N {m['f1_top_n']:.3f}  PR-AUC {m['pr_auc']:.3f}  "
            f"P@100 {m['p_at_100']:.2f}  features {t}",
            flush=True,
        )

    ours = args.work / "features-cybersetu.parquet"
    secs, _, _, _ = timed(step_cybersetu_features, tx, acc, ours)
    before = [n for n in FEATURES if n not in ISSUE_12_FEATURES and n in _no_complaints()]
    after = [n for n in FEATURES if n in _no_complaints()]
    row("CyberSetu before issue 12", timed(step_twofold, ours, args.data, before)[3], None)
    run_s, _, _, now = timed(step_twofold, ours, args.data, after, True)
    row("CyberSetu now", now, secs)
    report["protocol_s"] = secs + run_s
    print(
        f"   train + score, in one process: features once {secs:.1f} s + 2 x (train + score "
        f"with reasons) {run_s:.1f} s = {secs + run_s:.1f} s",
        flush=True,
    )
    if "plain" not in skip:
        plain = args.work / "features-plain.parquet"
        p_secs = timed(step_plain_features, tx, plain)[0]
        row("plain aggregates + LightGBM", timed(step_twofold, plain, args.data, None)[3], p_secs)
    if "gfp" not in skip:
        gfp = args.work / "features-gfp.parquet"
        try:
            g_secs, _, _, parts = timed(
                step_gfp_features,
                tx,
                gfp,
                args.threads,
                tuple(p for p in args.gfp_patterns.split(",") if p),
                args.gfp_day_clock,
                args.gfp_batch,
                timeout=args.gfp_timeout or None,
            )
        except StepTimeoutError as e:
            print(f"IBM GFP (snapml): {e}", flush=True)
            report["gfp_timeout_s"] = args.gfp_timeout
        else:
            m = timed(step_twofold, gfp, args.data, None)[3]
            row("IBM GFP (snapml) + LightGBM", m, g_secs)
            print(f"   GFP itself {parts['gfp_s']:.1f} s, {parts['features']:.0f} account features")
            report["gfp_parts"] = parts
    if "cli" not in skip:
        for cache in (True, False):
            c = cli_twofold(tx, acc, args.data, args.work, cache=cache)
            report["cli" if cache else "cli_no_cache"] = c
            ratio = ""
            if "gfp_parts" in report:
                ratio = f", {c['seconds'] / report['gfp_parts']['gfp_s']:.2f}x GFP's feature step"
            print(
                f"score_twofold protocol via the CLI (2 x train + score), feature cache "
                f"{'empty at the start' if cache else 'off'}: {c['seconds']:.1f} s "
                f"({c['seconds'] / base_s:.1f}x baseline{ratio}); F1@N {c['f1_top_n']:.3f} "
                f"PR-AUC {c['pr_auc']:.3f}",
                flush=True,
            )
    if "CyberSetu now" in report and "IBM GFP (snapml) + LightGBM" in report:
        us, them = report["CyberSetu now"], report["IBM GFP (snapml) + LightGBM"]
        print(
            f"CyberSetu now / GFP: F1@N {us['f1_top_n'] / them['f1_top_n']:.2f}x, "
            f"PR-AUC {us['pr_auc'] / them['pr_auc']:.2f}x"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


def _no_complaints() -> set[str]:
    from cybersetu.scoring.classifier import feature_names

    return set(feature_names(complaints=False))


if __name__ == "__main__":
    main(sys.argv[1:])
