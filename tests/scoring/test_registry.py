"""One registry of features: every list the pipeline, the model and the reasons use comes from it."""

from __future__ import annotations

from cybersetu.scoring.features import FEATURES, GROUPS
from cybersetu.scoring.reasons import LOW_IS_RISKY, REASONS, WITH_TYPICAL, describe
from cybersetu.scoring.registry import FEATURE_SPECS, Group, names


def test_every_feature_has_its_group_reason_and_side() -> None:
    assert tuple(f.name for f in FEATURE_SPECS) == FEATURES
    assert set(REASONS) == set(FEATURES)
    assert sum(len(g) for g in GROUPS.as_dict().values()) == len(FEATURES)
    for f in FEATURE_SPECS:
        # a flag (kyc_video) shows no value; whatever shows one does so in both languages
        assert ("{v}" in f.reason_en) == ("{v}" in f.reason_hi), f.name
        assert f.name in names(f.group)
    assert {f.name for f in FEATURE_SPECS if f.low_is_risky} == LOW_IS_RISKY
    assert "dwell_mean_h" in LOW_IS_RISKY
    assert "amt_in" in WITH_TYPICAL


def test_complaint_features_are_their_own_group() -> None:
    assert set(names(Group.COMPLAINTS)) == set(GROUPS.complaints)
    assert all(f.fill == 0.0 for f in FEATURE_SPECS if f.group is Group.COMPLAINTS)


def test_reasons_read_in_both_languages() -> None:
    assert describe("shared_phone", 6) == "shares a phone number with 6 other accounts"
    assert describe("burst_after_dormancy", 12, "hi").startswith("14+ दिन")
