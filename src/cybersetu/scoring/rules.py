"""A score without labels: documented rules plus an anomaly rank, for a bank that has no
confirmed mules to train on yet.

Each rule is a plain statement about the account ("at least 80% of the money received left
again within a day, and at least ₹20,000 came in") with a weight: roughly how strongly that rule
alone suggests a mule. Rules combine like independent evidence, 1 - Π(1 - weight). The anomaly
part is the mean percentile rank of the account over the behaviour features where a high value
is the suspicious one; it orders accounts no rule singles out. The result ranks accounts; it is
not a calibrated probability.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import pyarrow as pa

from cybersetu.scoring.classifier import Scored, matrix
from cybersetu.scoring.reasons import describe

Cols = Mapping[str, np.ndarray]

RULE_SHARE: Final = 0.8
"""Weight of the rules against the anomaly rank in the final score."""


@dataclass(frozen=True)
class Rule:
    name: str
    weight: float
    test: Callable[[Cols], np.ndarray]
    #: The features whose values explain the rule, in order.
    explain: tuple[str, ...]


def _ge(c: Cols, f: str, v: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(c[f], nan=-np.inf) >= v


def _le(c: Cols, f: str, v: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(c[f], nan=np.inf) <= v


RULES: Final[tuple[Rule, ...]] = (
    Rule("complaint-named", 0.6, lambda c: _ge(c, "complaint_named", 1), ("complaint_named",)),
    Rule(
        "next to complaint-named accounts",
        0.3,
        lambda c: _ge(c, "got_from_named", 1) | _ge(c, "sent_to_named", 2),
        ("got_from_named", "sent_to_named"),
    ),
    Rule("shared KYC", 0.35, lambda c: _ge(c, "shared_kyc_max", 2), ("shared_kyc_max",)),
    Rule(
        "opening burst",
        0.15,
        lambda c: _ge(c, "branch_day_openings", 5) | _ge(c, "agent_day_openings", 5),
        ("agent_day_openings", "branch_day_openings"),
    ),
    Rule(
        "pass-through",
        0.35,
        lambda c: _ge(c, "passthrough_1d", 0.8) & _ge(c, "amt_in", 20_000),
        ("passthrough_1d", "amt_in"),
    ),
    Rule(
        "fast pass-through",
        0.2,
        lambda c: _le(c, "dwell_mean_h", 2) & _ge(c, "n_out", 3),
        ("dwell_mean_h",),
    ),
    Rule(
        "fan-in from strangers",
        0.25,
        lambda c: _ge(c, "n_senders", 5) & _ge(c, "one_time_sender_share", 0.8),
        ("n_senders", "one_time_sender_share"),
    ),
    Rule(
        "cash-out",
        0.2,
        lambda c: _ge(c, "cash_out_share", 0.5) & _ge(c, "amt_out", 20_000),
        ("cash_out_share",),
    ),
    Rule("gather-scatter", 0.2, lambda c: _ge(c, "gather_scatter", 5), ("gather_scatter",)),
    Rule("scatter-gather", 0.2, lambda c: _ge(c, "scatter_gather_in", 3), ("scatter_gather_in",)),
    Rule(
        "turnover far above income",
        0.2,
        lambda c: _ge(c, "income_multiple", 5),
        ("income_multiple",),
    ),
    Rule(
        "dormant then busy",
        0.15,
        lambda c: _ge(c, "burst_after_dormancy", 10),
        ("burst_after_dormancy",),
    ),
    Rule(
        "night activity",
        0.1,
        lambda c: _ge(c, "night_share", 0.3) & _ge(c, "n_in", 5),
        ("night_share",),
    ),
    Rule(
        "just below limits",
        0.1,
        lambda c: _ge(c, "below_threshold_share", 0.3) & _ge(c, "n_in", 3),
        ("below_threshold_share",),
    ),
    Rule(
        "remote KYC",
        0.05,
        lambda c: (
            _ge(c, "kyc_video", 1)
            | _ge(c, "kyc_ekyc", 1)
            | _ge(c, "kyc_min", 1)
            | _ge(c, "kyc_bc_agent", 1)
        ),
        ("kyc_video", "kyc_ekyc", "kyc_min", "kyc_bc_agent"),
    ),
)

#: Behaviour features where a high value is suspicious: the anomaly rank's ingredients.
ANOMALY_FEATURES: Final = (
    "passthrough_1d",
    "n_senders",
    "one_time_sender_share",
    "max_in_1d",
    "cash_out_share",
    "gather_scatter",
    "scatter_gather_in",
    "night_share",
)


def _rank01(v: np.ndarray) -> np.ndarray:
    """Percentile rank in [0, 1], ties sharing their mean rank; NaN counts as the lowest."""
    v = np.nan_to_num(v, nan=-np.inf)
    order = np.argsort(v, kind="stable")
    ranks = np.empty(len(v))
    sorted_v = v[order]
    _, first, counts = np.unique(sorted_v, return_index=True, return_counts=True)
    mean_rank = first + (counts - 1) / 2.0
    ranks[order] = np.repeat(mean_rank, counts)
    return ranks / max(len(v) - 1, 1)


def rule_score(features: pa.Table, *, top: int = 3) -> Scored:
    names = list(features.column_names[1:])
    x = matrix(features, names)
    cols = {n: x[:, i] for i, n in enumerate(names)}
    fired = np.column_stack([r.test(cols) for r in RULES])
    weights = np.array([r.weight for r in RULES])
    rules = 1.0 - np.prod(np.where(fired, 1.0 - weights, 1.0), axis=1)
    anomaly = np.mean([_rank01(cols[f]) for f in ANOMALY_FEATURES], axis=0)
    score = RULE_SHARE * rules + (1 - RULE_SHARE) * anomaly

    by_weight = np.argsort(-weights, kind="stable")
    en: list[str] = []
    hi: list[str] = []
    for i in range(len(score)):
        parts_en: list[str] = []
        parts_hi: list[str] = []
        for k in by_weight:
            if not fired[i, k] or len(parts_en) == top:
                continue
            f = next(
                (f for f in RULES[k].explain if np.isfinite(cols[f][i]) and cols[f][i] > 0),
                RULES[k].explain[0],
            )
            parts_en.append(describe(f, float(cols[f][i]), "en"))
            parts_hi.append(describe(f, float(cols[f][i]), "hi"))
        en.append("; ".join(parts_en))
        hi.append("; ".join(parts_hi))
    return Scored(features.column("account").to_pylist(), score, en, hi)
