"""`cybersetu train`, `score`, `evaluate`: mule-risk scoring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cybersetu.cli.common import console, err_console, status

if TYPE_CHECKING:
    from cybersetu.scoring import FeatureCache

_ENGINE_HELP = "Where features are computed: duckdb (this machine) or spark (local mode here; a cluster's session in production)."


def _feature_cache() -> FeatureCache | None:
    from cybersetu.scoring import FeatureCache
    from cybersetu.settings import get_settings

    folder = get_settings().feature_cache
    return FeatureCache(folder) if folder is not None else None


def train(
    transactions: Annotated[
        Path, typer.Option(help="Transactions file (CSV or Parquet, interchange format).")
    ],
    labels: Annotated[
        Path, typer.Option(help="labels.csv: account_id,is_mule (ring_id, hard used if present).")
    ],
    model: Annotated[Path, typer.Option(help="Model file to write (JSON).")],
    accounts: Annotated[
        Path | None, typer.Option(help="Accounts file with KYC columns (optional).")
    ] = None,
    complaints: Annotated[
        Path | None,
        typer.Option(
            help="complaints.jsonl: accounts named in complaints become a feature (optional)."
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help=_ENGINE_HELP)] = "duckdb",
    groups: Annotated[
        str | None,
        typer.Option(
            help="Feature groups to use, comma-separated: kyc,behaviour,graph,complaints (default all)."
        ),
    ] = None,
    test_fraction: Annotated[
        float,
        typer.Option(
            help="Share of mule rings (and of other accounts) held out to measure the model."
        ),
    ] = 0.3,
    test_labels: Annotated[
        Path | None,
        typer.Option(help="Write the held-out labels here, to evaluate scores on them later."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the split and the model.")] = 7,
) -> None:
    """Fit the mule model on labelled accounts; the held-out rings' metrics go into the model file."""
    from cybersetu.scoring import Sources, train_files

    spinner, say = status("Training")
    with spinner:
        result = train_files(
            Sources(transactions=transactions, accounts=accounts, complaints=complaints),
            labels,
            model,
            engine=engine,
            groups=groups.split(",") if groups else None,
            test_fraction=test_fraction,
            seed=seed,
            test_labels_out=test_labels,
            progress=say,
            cache=_feature_cache(),
        )
    t = result.model.info["training"]
    err_console.print(
        f"Wrote {escape(str(model))}: {len(result.model.features)} features, trained on {t['train_accounts']:,} "
        f"accounts ({t['train_mules']:,} mules).",
        highlight=False,
    )
    if result.test_metrics:
        for part, m in result.test_metrics.items():
            err_console.print(
                f"Held-out ({part}): PR-AUC {m['pr_auc']:.3f}, ROC-AUC {m['roc_auc']:.3f}, "
                f"precision@100 {m['precision_at_100']:.2f} ({m['mules']} mules).",
                highlight=False,
            )


def score(
    out: Annotated[
        Path,
        typer.Option(help="Scores file to write (CSV: account_id,score,rank,reasons,reasons_hi)."),
    ],
    transactions: Annotated[
        Path | None, typer.Option(help="Transactions file (CSV or Parquet).")
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            help="Score the ingested ledger store (a DuckDB file or a postgresql:// URL) instead "
            "of files."
        ),
    ] = None,
    accounts: Annotated[
        Path | None, typer.Option(help="Accounts file with KYC columns (optional).")
    ] = None,
    complaints: Annotated[
        Path | None,
        typer.Option(help="complaints.jsonl (needed if the model was trained with it)."),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            help="Model file from `cybersetu train`; without it, the rule-and-anomaly score."
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help=_ENGINE_HELP)] = "duckdb",
) -> None:
    """Score every account in the data, most suspicious first, with reasons in English and Hindi."""
    from cybersetu.scoring import Sources, score_files

    spinner, say = status("Scoring")
    with spinner:
        scored = score_files(
            Sources(
                transactions=transactions, accounts=accounts, complaints=complaints, store=store
            ),
            out,
            model_path=model,
            engine=engine,
            progress=say,
            cache=_feature_cache(),
        )
    kind = "model" if model else "rule-and-anomaly score"
    err_console.print(
        f"Wrote {escape(str(out))}: {len(scored.account):,} accounts ({kind}).", highlight=False
    )


def evaluate(
    scores: Annotated[Path, typer.Option(help="Scores file from `cybersetu score`.")],
    labels: Annotated[Path, typer.Option(help="labels.csv to compare with.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """PR-AUC, ROC-AUC, best F1 and precision/recall at 50, 100, 500 (and for hard mules)."""
    from cybersetu.scoring import KS, evaluate_files

    result = evaluate_files(scores, labels)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table("metric", *result.keys())
    rows = ["mules", "accounts", "pr_auc", "roc_auc", "best_f1"]
    rows += [f"{w}_at_{k}" for k in KS for w in ("precision", "recall")]
    for r in rows:
        table.add_row(r, *[_fmt(result[p].get(r)) for p in result])
    console.print(table)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)
