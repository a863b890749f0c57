"""What the demo shows: the city's top suspected mules with their reasons, and whether each one
really is a mule (from the city's labels)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from cybersetu.errors import InputError
from cybersetu.scoring.backends import Engine
from cybersetu.scoring.classifier import MuleModel, feature_names, score, train
from cybersetu.scoring.labels import read_labels
from cybersetu.scoring.pipeline import Progress, Sources, features_for, ranks


@dataclass(frozen=True)
class Suspect:
    rank: int
    account_id: str
    score: float
    reasons_en: str
    reasons_hi: str
    is_mule: bool | None
    """From the labels; None when the account is not labelled."""


def top_suspects(
    city: Path,
    *,
    n: int = 10,
    model_path: Path | None = None,
    complaints: bool = False,
    engine: Engine | str = Engine.DUCKDB,
    progress: Progress | None = None,
) -> list[Suspect]:
    """Score a city folder and return its `n` most suspicious accounts.

    With a model file, every account is ranked. Without one, a model is trained on the city's
    own labels with a third of the rings held out, and only the accounts it never saw in
    training are ranked, so "how many are real" is an honest figure.
    """
    sources = Sources.city(city, complaints=complaints)
    feats = features_for(sources, engine, progress)
    labels_path = city / "labels.csv"
    labels = read_labels(labels_path) if labels_path.exists() else None
    if model_path is not None:
        model = MuleModel.load(model_path)
        candidates = feats
    else:
        if labels is None:
            raise InputError(
                f"{labels_path} is missing: without a model file the demo trains on it."
            )
        result = train(feats, labels, names=feature_names(complaints=complaints), progress=progress)
        model = result.model
        if result.test_labels is None:
            raise RuntimeError("training held out no ring to score")
        trained = set(labels.column("account_id").to_pylist()) - set(
            result.test_labels.column("account_id").to_pylist()
        )
        keep = [a not in trained for a in feats.column("account").to_pylist()]
        candidates = feats.filter(pa.array(keep))
    scored = score(model, candidates)
    r = ranks(scored.score)
    order = np.argsort(r, kind="stable")[:n]
    truth: dict[str, bool] = {}
    if labels is not None:
        truth = dict(
            zip(
                labels.column("account_id").to_pylist(),
                (bool(v) for v in labels.column("is_mule").to_pylist()),
                strict=True,
            )
        )
    return [
        Suspect(
            rank=int(r[i]),
            account_id=scored.account[i],
            score=float(scored.score[i]),
            reasons_en=scored.reasons_en[i],
            reasons_hi=scored.reasons_hi[i],
            is_mule=truth.get(scored.account[i]),
        )
        for i in order
    ]
