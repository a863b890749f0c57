"""Who the mule model mistakes for mules: the honest accounts among the top N scores of the
held-out part (N = its number of mules), by look-alike role and by persona, and how well it finds
the mules that only the harder city's slow shapes use.

    python -m benchmarks.bench_lookalikes --city DIR [--seeds 7,1,2]
    python -m benchmarks lookalikes --city DIR

Uses the features `benchmarks.bench_scoring` wrote for the city (`bench-scoring/
features-no-complaints.parquet`) and the same training as its first quality row (features
without complaints, rings held out), so the figures belong to that row.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from benchmarks.bench_scoring import DEFAULT_CITY

FEATURES = Path("bench-scoring/features-no-complaints.parquet")


def lookalikes_in_top(city: Path, seed: int) -> dict[str, Any]:
    from cybersetu.scoring.classifier import align_labels, feature_names, matrix, train
    from cybersetu.scoring.evaluate import metrics
    from cybersetu.scoring.labels import read_labels

    features = pq.read_table(city / FEATURES)
    names = feature_names(complaints=False)
    r = train(features, read_labels(city / "labels.csv"), names=names, seed=seed)
    assert r.test_labels is not None
    test = r.test_labels
    score = r.model.probability(
        r.model.margin(matrix(features, names)[align_labels(features, test)])
    )
    with (city / "labels.csv").open(newline="", encoding="utf-8") as fh:
        label = {row["account_id"]: row for row in csv.DictReader(fh)}
    ids = test.column("account_id").to_pylist()
    rows = [label[a] for a in ids]
    y = np.array([row["is_mule"] == "1" for row in rows])
    n = int(y.sum())
    top = np.argsort(-score, kind="stable")[:n]
    honest = [rows[i] for i in top if not y[i]]
    out: dict[str, Any] = {
        "test_accounts": len(ids),
        "top_n": n,
        "honest_in_top_n": len(honest),
        "honest_in_top_n_by_persona": dict(Counter(row["persona"] for row in honest).most_common()),
    }
    if "lookalike" in rows[0]:  # the harder city
        out["lookalikes_in_test"] = dict(
            Counter(row["lookalike"] for row in rows if row["lookalike"])
        )
        rank = np.empty(len(ids), dtype=np.int64)
        rank[np.argsort(-score, kind="stable")] = np.arange(1, len(ids) + 1)
        best: dict[str, int] = {}
        for row, k in zip(rows, rank.tolist(), strict=True):
            if row["lookalike"]:
                best[row["lookalike"]] = min(k, best.get(row["lookalike"], k))
        out["lookalike_best_rank"] = dict(sorted(best.items(), key=lambda kv: kv[1]))
        out["lookalikes_in_top_n"] = dict(
            Counter(row["lookalike"] for row in honest if row["lookalike"])
        )
        slow = np.array([row["slow"] == "1" for row in rows])
        keep = ~y | slow
        if slow.any():
            out["slow_mules_in_test"] = int(slow.sum())
            out["slow_mules_in_top_n"] = int(slow[top].sum())
            out["slow_mule_metrics"] = metrics(y[keep].astype(np.int64), score[keep])
    return out


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="bench_lookalikes", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--city", type=Path, default=DEFAULT_CITY, help="A city bench_scoring has run on."
    )
    ap.add_argument(
        "--seeds", default="7", help="Split seeds, comma-separated (bench_scoring's: 7)."
    )
    args = ap.parse_args(argv)
    if not (args.city / FEATURES).exists():  # `python -m benchmarks` runs this one first
        print(f"No {args.city / FEATURES}: run benchmarks.bench_scoring on {args.city} first.")
        return
    runs = {s: lookalikes_in_top(args.city, int(s)) for s in args.seeds.split(",") if s}
    print(json.dumps(runs, indent=2, default=float))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
