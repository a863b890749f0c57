"""Cross-validation folds: whole groups, every row tested once, mules spread evenly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cybersetu.scoring.labels import grouped_folds


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=4, max_size=60),
    mule_share=st.floats(0.0, 1.0),
    k=st.integers(2, 4),
    seed=st.integers(0, 2**16),
)
def test_folds_keep_groups_whole_and_test_every_row_once(
    sizes: list[int], mule_share: float, k: int, seed: int
) -> None:
    groups = np.repeat([f"g{i}" for i in range(len(sizes))], sizes).astype(object)
    rng = np.random.default_rng(seed)
    # A group is all mules (a ring) or all honest, as rings are in the labels.
    is_ring = rng.random(len(sizes)) < mule_share
    y = np.repeat(is_ring.astype(np.int64), sizes)
    folds = grouped_folds(y, groups, k, seed)
    assert len(folds) == k
    tested = np.concatenate([test for _, test in folds])
    assert sorted(tested.tolist()) == list(range(len(y)))
    for train, test in folds:
        assert set(train.tolist()).isdisjoint(test.tolist())
        assert len(train) + len(test) == len(y)
        assert set(groups[train]).isdisjoint(set(groups[test]))
    # Mules differ between folds by at most the largest ring.
    per_fold = [int(y[test].sum()) for _, test in folds]
    assert max(per_fold) - min(per_fold) <= max(sizes)


def test_single_account_groups_are_stratified() -> None:
    y = np.array([1] * 40 + [0] * 400)
    groups = np.array([f"a{i}" for i in range(len(y))], dtype=object)
    folds = grouped_folds(y, groups, 4, seed=3)
    assert [int(y[test].sum()) for _, test in folds] == [10, 10, 10, 10]
    assert [len(test) for _, test in folds] == [110, 110, 110, 110]


def test_same_seed_same_folds() -> None:
    y = np.array([1, 1, 0, 0, 0, 1, 0, 0])
    groups = np.array(["r1", "r1", "a", "b", "c", "r2", "d", "e"], dtype=object)
    a = grouped_folds(y, groups, 2, seed=5)
    b = grouped_folds(y, groups, 2, seed=5)
    assert all((x[1] == z[1]).all() for x, z in zip(a, b, strict=True))


def test_fewer_than_two_folds_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        grouped_folds(np.array([0, 1]), np.array(["a", "b"], dtype=object), 1)
