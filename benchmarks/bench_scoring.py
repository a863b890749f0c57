"""Mule scoring: speed of features and scoring (DuckDB, Spark local), peak memory, detection
quality on rings never seen in training, ablation by feature group, and IBM's Graph Feature
Preprocessor (snapml) with the same model on the same transactions.

    python -m benchmarks.bench_scoring --city DIR [--skip spark,snapml,ablation]
    python -m benchmarks scoring            # generates the default 1M-transaction city first

Times are printed in seconds and as a ratio to a baseline measured in the same run (DuckDB
reading the transactions file and summing one column), so figures from different machines stay
comparable. Each timed step runs in its own process, so peak memory is that step's alone.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.proctree import tree

DEFAULT_CITY = Path("var/bench/city-50k")
SKIPPABLE = ("quality", "ablation", "timesplit", "snapml", "spark")
GFP_PATTERNS = ("fan", "degree", "scatter-gather", "temp-cycle", "lc-cycle")


# --------------------------------------------------------------------------- timed child steps


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    t0 = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    conn.send((elapsed, own * 1024, kids * 1024, result))
    conn.close()


class StepTimeoutError(Exception):
    pass


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants (Linux /proc), e.g. Python + Spark's JVM."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in tree(root):
        try:
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def timed(
    fn: Callable[..., Any], *args: Any, timeout: float | None = None
) -> tuple[float, int, int, Any]:
    """(seconds, peak bytes of the step's process, peak bytes of its whole process tree sampled
    every 0.25 s, e.g. Python with Spark's JVM, result) of `fn(*args)` run in a fresh process."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, fn, args))
    p.start()
    child.close()
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            if p.pid is not None and Path(f"/proc/{p.pid}").exists():
                peak[0] = max(peak[0], _tree_rss(p.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        if not parent.poll(timeout):
            p.kill()
            p.join()
            raise StepTimeoutError(f"{fn.__name__} did not finish in {timeout:.0f} s")
        out = parent.recv()
    except EOFError:
        p.join()
        raise SystemExit(f"{fn.__name__} failed (exit code {p.exitcode})") from None
    finally:
        done.set()
        sampler.join()
    p.join()
    secs, own, _, result = out
    return secs, own, max(own, peak[0]), result


def step_baseline(city: Path) -> int:
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        "SELECT count(*), sum(amount::DOUBLE) FROM read_csv(?)", [str(city / "transactions.csv")]
    ).fetchall()
    return int(rows[0][0])


def step_features(city: Path, engine: str, out: Path, complaints: bool) -> int:
    import pyarrow.parquet as pq

    from cybersetu.scoring.pipeline import Sources, features_for

    f = features_for(Sources.city(city, complaints=complaints), engine)
    pq.write_table(f, out)
    return int(f.num_rows)


def step_score(city: Path, model_path: Path, out: Path, engine: str = "duckdb") -> int:
    from cybersetu.scoring.pipeline import Sources, score_files

    return len(score_files(Sources.city(city), out, model_path=model_path, engine=engine).account)


def read_transfers(path: Path) -> Any:
    """`ts, src_account, dst_account, amount` of a transactions file, as a pandas frame."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            include_columns=["ts", "src_account", "dst_account", "amount"],
            column_types={
                "ts": pa.string(),
                "src_account": pa.string(),
                "dst_account": pa.string(),
            },
        ),
    ).to_pandas()


def gfp_input(tx: Any, canon: dict[str, str]) -> tuple[Any, Any]:
    """(account ids, GFP's input matrix: edge id, source, destination, epoch seconds, amount,
    sorted by time) from a frame of `ts, src_account, dst_account, amount`, UPI IDs resolved
    through `canon`."""
    import numpy as np
    import pandas as pd

    src = tx["src_account"].map(lambda a: canon.get(a, a))
    dst = tx["dst_account"].map(lambda a: canon.get(a, a))
    ids, codes = np.unique(np.concatenate([src.to_numpy(), dst.to_numpy()]), return_inverse=True)
    n = len(tx)
    ts = pd.to_datetime(tx["ts"], utc=True, format="ISO8601").astype("int64") // 10**9
    x = np.column_stack(
        [np.arange(n), codes[:n], codes[n:], ts.to_numpy(), tx["amount"].to_numpy()]
    ).astype(np.float64)
    return ids, x[np.argsort(x[:, 3], kind="stable")]


def step_snapml_features(
    city: Path, out: Path, threads: int, window: int, patterns: tuple[str, ...]
) -> dict[str, Any]:
    """GFP on the same transactions, then per-account max of each edge feature (as source and as
    destination), the way its edge features become account features."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    from snapml import GraphFeaturePreprocessor

    t0 = time.perf_counter()
    tx = read_transfers(city / "transactions.csv")
    aliases = pacsv.read_csv(
        city / "accounts.csv",
        convert_options=pacsv.ConvertOptions(
            include_columns=["account_id", "vpa"],
            column_types={"account_id": pa.string(), "vpa": pa.string()},
        ),
    ).to_pandas()
    canon = dict(
        zip(aliases["vpa"].dropna(), aliases.loc[aliases["vpa"].notna(), "account_id"], strict=True)
    )
    ids, x = gfp_input(tx, canon)
    prep = time.perf_counter() - t0

    gfp = GraphFeaturePreprocessor()
    params = gfp.get_params()
    # window 0 keeps snapml's own windows (fan and degree 12 h, scatter-gather 5 days, cycles
    # 10-20 days): the AML benchmark's configuration. A short common window is what finishes on
    # 2 cores for a city-sized ledger, where billers, ATMs and shops take thousands of payments
    # a day.
    params.update({"num_threads": threads, "vertex_stats": True, "vertex_stats_cols": [4]})
    if window > 0:
        params.update({"time_window": window, "vertex_stats_tw": window})
    for pattern in GFP_PATTERNS:
        params[pattern] = pattern in patterns
        if window > 0:
            params[f"{pattern}_tw"] = window
    gfp.set_params(params)
    t1 = time.perf_counter()
    out_x = gfp.fit_transform(x)
    gfp_s = time.perf_counter() - t1

    t2 = time.perf_counter()
    feats = out_x[:, 4:]
    cols = [f"gfp{i}" for i in range(feats.shape[1])]
    as_src = pd.DataFrame(feats, columns=cols).groupby(out_x[:, 1].astype(np.int64)).max()
    as_dst = pd.DataFrame(feats, columns=cols).groupby(out_x[:, 2].astype(np.int64)).max()
    acc = as_src.add_prefix("out_").join(as_dst.add_prefix("in_"), how="outer")
    acc.insert(0, "account", ids[acc.index.to_numpy()])
    pq.write_table(pa.Table.from_pandas(acc.reset_index(drop=True), preserve_index=False), out)
    agg = time.perf_counter() - t2
    return {"prepare_s": prep, "gfp_s": gfp_s, "aggregate_s": agg, "features": 2 * len(cols)}


def step_train(
    features: Path, labels: Path, names: list[str] | None, model_out: Path | None, seed: int
) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from cybersetu.scoring.classifier import train
    from cybersetu.scoring.labels import read_labels

    f = pq.read_table(features)
    lab = read_labels(labels)
    ids = set(f.column("account").to_pylist())
    import pyarrow as pa

    # Accounts with no transactions and no KYC row cannot be scored by a transactions-only
    # feature set (snapml): they are left out of its evaluation and counted.
    keep = [a in ids for a in lab.column("account_id").to_pylist()]
    missing = len(keep) - sum(keep)
    lab = lab.filter(pa.array(keep))
    cols = names or [c for c in f.column_names if c != "account"]
    r = train(f, lab, names=cols, seed=seed)
    if model_out is not None:
        r.model.save(model_out)
    return {
        "metrics": r.test_metrics,
        "unscored_labels": missing,
        "top": r.model.info["top_features"],
    }


def step_time_split(city: Path, work: Path, seed: int) -> dict[str, Any]:
    """Train on the first half of the ledger (test rings held out), score the second half with
    that model, and measure on the held-out rings: last fortnight's model against this
    fortnight's money, on gangs it never saw."""
    import duckdb
    import numpy as np
    import pyarrow as pa

    from cybersetu.scoring.classifier import feature_names, score, train
    from cybersetu.scoring.evaluate import labelled_metrics
    from cybersetu.scoring.labels import read_labels
    from cybersetu.scoring.pipeline import Sources, features_for

    src = str(city / "transactions.csv").replace("'", "''")
    con = duckdb.connect()
    # A view cannot take a bound parameter; the path (our own bench file) is quoted above.
    con.sql(
        f"CREATE VIEW t AS SELECT *, CAST(ts AS TIMESTAMPTZ) AS _at "  # noqa: S608
        f"FROM read_csv('{src}', all_varchar = true)"
    )
    cut = con.sql("SELECT min(_at) + (max(_at) - min(_at)) / 2 FROM t").fetchall()[0][0]
    halves = {}
    for name, half in (
        ("first", "SELECT * EXCLUDE (_at) FROM t WHERE _at < $cut"),
        ("second", "SELECT * EXCLUDE (_at) FROM t WHERE _at >= $cut"),
    ):
        out = work / f"time-{name}.csv"
        con.execute(f"COPY ({half}) TO $out (HEADER)", {"cut": cut, "out": str(out)})
        halves[name] = out
    con.close()

    accounts = city / "accounts.csv"
    f1 = features_for(Sources(transactions=halves["first"], accounts=accounts), "duckdb")
    f2 = features_for(Sources(transactions=halves["second"], accounts=accounts), "duckdb")
    lab = read_labels(city / "labels.csv")
    seen = set(f1.column("account").to_pylist())
    lab = lab.filter(pa.array([a in seen for a in lab.column("account_id").to_pylist()]))
    r = train(f1, lab, names=feature_names(complaints=False), seed=seed)
    assert r.test_labels is not None
    scored = score(r.model, f2, reasons=False)
    score_of = dict(zip(scored.account, scored.score, strict=True))
    test = r.test_labels.filter(
        pa.array([a in score_of for a in r.test_labels.column("account_id").to_pylist()])
    )
    s2 = np.asarray([score_of[a] for a in test.column("account_id").to_pylist()])
    return {
        "cut": str(cut),
        "same_half": r.test_metrics,
        "next_half": labelled_metrics(test, s2),
        "test_accounts_next_half": test.num_rows,
    }


# --------------------------------------------------------------------------------------- main


def _mb(b: int) -> str:
    return f"{b / 2**20:,.0f} MB"


def _ensure_city(city: Path | None, accounts: int) -> Path:
    if city is not None:
        if not (city / "transactions.csv").exists():
            raise SystemExit(f"{city} has no transactions.csv")
        return city
    target = DEFAULT_CITY if accounts == 50_000 else Path(f"var/bench/city-{accounts // 1000}k")
    if not (target / "transactions.csv").exists():
        from cybersetu.synth import SynthConfig, generate

        print(f"generating {target} ({accounts:,} accounts)", flush=True)
        generate(SynthConfig(accounts=accounts), target)
    return target


def _mean_metrics(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean of each metric over split seeds; a split with no hard test mules has no hard part."""
    out: dict[str, Any] = {}
    for part in ("all", "hard"):
        ms = [r["metrics"][part] for r in runs if r["metrics"] and r["metrics"].get(part)]
        if ms:
            out[part] = {k: sum(m[k] for m in ms) / len(ms) for k in ms[0] if k in ms[-1]}
    return out


def _quality_row(name: str, m: dict[str, Any] | None) -> str:
    if not m:
        return f"{name:42s} (no held-out mules)"
    a, h = m["all"], m.get("hard", {})
    hard = f"{h['pr_auc']:.3f}" if h else "  -  "
    return (
        f"{name:42s} PR-AUC {a['pr_auc']:.3f}  P@100 {a['precision_at_100']:.2f}  "
        f"ROC {a['roc_auc']:.3f}  hard PR-AUC {hard}"
    )


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="bench_scoring", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--city", type=Path, help="A city folder (synth layout); default: generate one."
    )
    ap.add_argument("--accounts", type=int, default=50_000, help="Size of the generated city.")
    ap.add_argument(
        "--skip", default="", help=f"Comma-separated parts to skip: {','.join(SKIPPABLE)}."
    )
    ap.add_argument("--seeds", default="7", help="Split seeds for quality (comma-separated).")
    ap.add_argument("--threads", type=int, default=2, help="Threads for snapml.")
    ap.add_argument(
        "--gfp-window",
        type=int,
        default=3_600,
        help="snapml time window for every pattern (s); 0 keeps snapml's own windows.",
    )
    ap.add_argument(
        "--gfp-patterns",
        default="fan,degree,scatter-gather",
        help=f"snapml patterns, any of {','.join(GFP_PATTERNS)} (all of them with window 0 is "
        "the AML benchmark's configuration).",
    )
    ap.add_argument(
        "--gfp-timeout", type=float, default=None, help="Give up on snapml after this many s."
    )
    ap.add_argument(
        "--reuse-features",
        action="store_true",
        help="Use the DuckDB features of an earlier run of this city instead of timing them again.",
    )
    ap.add_argument(
        "--spark-score",
        action="store_true",
        help="Also time `score --engine spark` with the model of the quality part.",
    )
    ap.add_argument("--json", type=Path, help="Also write every figure to this JSON file.")
    args = ap.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    city = _ensure_city(args.city, args.accounts)
    work = city / "bench-scoring"
    work.mkdir(exist_ok=True)
    labels = city / "labels.csv"
    seeds = [int(s) for s in args.seeds.split(",")]
    report: dict[str, Any] = {"city": city.name}

    base_s, _, _, n_tx = timed(step_baseline, city)
    report["baseline"] = {"seconds": base_s, "transactions": n_tx}
    print(f"city {city.name}: {n_tx:,} transactions; baseline (DuckDB scan + sum) {base_s:.2f} s")

    def speed(label: str, secs: float, accounts: int, mem: int, kids: int) -> None:
        report.setdefault("speed", {})[label] = {
            "seconds": secs,
            "x_baseline": secs / base_s,
            "accounts_per_s": accounts / secs,
            "transactions_per_s": n_tx / secs,
            "peak_bytes": mem,
            "peak_tree_bytes": kids,
        }
        with_children = f", with children {_mb(kids)}" if kids > mem * 1.05 else ""
        print(
            f"{label:30s} {secs:7.1f} s  ({secs / base_s:5.1f}x baseline)  "
            f"{accounts / secs:9,.0f} accounts/s  {n_tx / secs:10,.0f} txns/s  peak {_mb(mem)}{with_children}",
            flush=True,
        )

    feats = work / "features.parquet"
    feats_nc = work / "features-no-complaints.parquet"
    if args.reuse_features and feats.exists() and feats_nc.exists():
        import pyarrow.parquet as pq

        n_acc = pq.ParquetFile(feats).metadata.num_rows
        print(f"features duckdb: reusing {feats} ({n_acc:,} accounts)")
    else:
        secs, mem, kids, n_acc = timed(step_features, city, "duckdb", feats, True)
        speed("features duckdb", secs, n_acc, mem, kids)
        timed(step_features, city, "duckdb", feats_nc, False)

    q: dict[str, Any] = {}

    def quality(name: str, path: Path, names: list[str] | None) -> None:
        runs = [timed(step_train, path, labels, names, None, s)[3] for s in seeds]
        q[name] = runs
        for s, r in zip(seeds, runs, strict=True):
            print(_quality_row(f"{name} (seed {s})", r["metrics"]), flush=True)
        if len(runs) > 1:
            print(_quality_row(f"{name} (mean of {len(runs)})", _mean_metrics(runs)), flush=True)

    if "quality" not in skip:
        model = work / "model.json"
        from cybersetu.scoring.classifier import feature_names

        first = timed(
            step_train, feats_nc, labels, feature_names(complaints=False), model, seeds[0]
        )
        speed("train (5 fits, 200 trees)", first[0], n_acc, first[1], first[2])
        secs, mem, kids, _ = timed(step_score, city, model, work / "scores.csv")
        speed("score duckdb (+reasons)", secs, n_acc, mem, kids)

        print("\nQuality on held-out rings (split by ring, test rings never seen in training):")

        quality("all groups without complaints", feats_nc, feature_names(complaints=False))
        from benchmarks.bench_amlsim import ISSUE_12_FEATURES

        before = [n for n in feature_names(complaints=False) if n not in ISSUE_12_FEATURES]
        quality("features before issue 12 (no complaints)", feats_nc, before)
        quality("all groups with complaints (leaky)", feats, feature_names(complaints=True))
        if "ablation" not in skip:
            groups = ["kyc", "behaviour", "graph"]
            for g in groups:
                rest = [x for x in groups if x != g]
                quality(f"without {g}", feats_nc, feature_names(rest, complaints=False))
            for g in groups:
                quality(f"only {g}", feats_nc, feature_names([g], complaints=False))
        report["quality"] = q

    if "timesplit" not in skip:
        print("\nTime split: train on the first half of the ledger, score the second half:")
        secs, mem, kids, ts = timed(step_time_split, city, work, seeds[0])
        print(f"   cut at {ts['cut']}; {ts['test_accounts_next_half']:,} held-out accounts scored")
        print(_quality_row("   first half, held-out rings", ts["same_half"]), flush=True)
        print(_quality_row("   second half, same held-out rings", ts["next_half"]), flush=True)
        report["time_split"] = ts

    if "snapml" not in skip:
        print("\nIBM Graph Feature Preprocessor (snapml), same transactions, same model and split:")
        gfp_out = work / "features-snapml.parquet"
        patterns = tuple(p for p in args.gfp_patterns.split(",") if p)
        print(f"   patterns {','.join(patterns)}, window {args.gfp_window} s, vertex statistics")
        try:
            secs, mem, kids, parts = timed(
                step_snapml_features,
                city,
                gfp_out,
                args.threads,
                args.gfp_window,
                patterns,
                timeout=args.gfp_timeout,
            )
        except StepTimeoutError as e:
            print(f"   {e}: more than {args.gfp_timeout / base_s:.0f}x baseline", flush=True)
            report["snapml"] = {"timeout_s": args.gfp_timeout}
        else:
            speed("features snapml GFP", secs, n_acc, mem, kids)
            print(
                f"   prepare {parts['prepare_s']:.1f} s, GFP {parts['gfp_s']:.1f} s, "
                f"per-account {parts['aggregate_s']:.1f} s, {parts['features']} features"
            )
            report["snapml"] = parts
            quality("snapml GFP features", gfp_out, None)

    if "spark" not in skip:
        spark_out = work / "features-spark.parquet"
        secs, mem, kids, n_sp = timed(step_features, city, "spark", spark_out, True)
        speed("features spark local[2]", secs, n_sp, mem, kids)
        import numpy as np
        import pyarrow.parquet as pq

        a, b = pq.read_table(feats), pq.read_table(spark_out)
        same = a.column("account").equals(b.column("account"))
        worst = 0.0
        for c in a.column_names[1:]:
            x = a.column(c).to_numpy(zero_copy_only=False).astype(float)
            y = b.column(c).to_numpy(zero_copy_only=False).astype(float)
            both = np.isfinite(x) & np.isfinite(y)
            same = same and bool((np.isnan(x) == np.isnan(y)).all())
            if both.any():
                worst = max(
                    worst, float(np.max(np.abs(x[both] - y[both]) / np.maximum(1, np.abs(x[both]))))
                )
        print(
            f"   spark = duckdb on the whole city: {same}, largest relative difference {worst:.2e}"
        )
        report["spark_equal"] = {"same_accounts_and_nulls": same, "max_rel_diff": worst}
        model = work / "model.json"
        if args.spark_score and model.exists():
            secs, mem, kids, n_sc = timed(
                step_score, city, model, work / "scores-spark.csv", "spark"
            )
            speed("score spark local[2] (+reasons)", secs, n_sc, mem, kids)

    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
