"""Mule-risk scoring: features (Ibis on DuckDB or Spark), a LightGBM model with calibrated scores
and reasons in English and Hindi, a rule-and-anomaly score without labels, and evaluation."""

from cybersetu.scoring.backends import Engine
from cybersetu.scoring.cache import FeatureCache
from cybersetu.scoring.classifier import MuleModel, Scored, TrainResult, score, train
from cybersetu.scoring.demo import Suspect, top_suspects
from cybersetu.scoring.evaluate import KS, evaluate_files, metrics
from cybersetu.scoring.features import FEATURES, GROUPS
from cybersetu.scoring.pipeline import (
    Sources,
    compute_features,
    features_for,
    score_files,
    train_files,
    write_scores,
)
from cybersetu.scoring.rules import rule_score

__all__ = [
    "FEATURES",
    "GROUPS",
    "KS",
    "Engine",
    "FeatureCache",
    "MuleModel",
    "Scored",
    "Sources",
    "Suspect",
    "TrainResult",
    "compute_features",
    "evaluate_files",
    "features_for",
    "metrics",
    "rule_score",
    "score",
    "score_files",
    "top_suspects",
    "train",
    "train_files",
    "write_scores",
]
