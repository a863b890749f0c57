"""Labelled accounts (`labels.csv`): which accounts are confirmed mules, and the split for testing.

Besides `account_id,is_mule`, two optional columns are used when present: `ring_id` (mules of one
ring are kept on the same side of a train/test split, so the test rings were never seen in
training) and `hard` (mules without shared KYC, reported separately).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cybersetu.errors import InputError
from cybersetu.ledger.readers import check_csv_header


def read_labels(path: Path) -> pa.Table:
    """`account_id` (string), `is_mule` (0/1) and, when the file has them, `ring_id`, `hard`."""
    if not path.exists():
        raise InputError(f"The labels file {path} does not exist.")
    check_csv_header(path, f"The labels file {path}")
    try:
        t = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types={"account_id": pa.string(), "ring_id": pa.string()},
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputError(f"The labels file {path} is not a readable CSV file: {exc}.") from None
    for c in ("account_id", "is_mule"):
        if c not in t.column_names:
            raise InputError(f"The labels file {path} lacks the column {c}.")
    if t.num_rows == 0:
        raise InputError(f"The labels file {path} has no rows.")
    ids = pc.utf8_trim_whitespace(t.column("account_id"))
    if ids.null_count or pc.any(pc.equal(ids, "")).as_py():
        raise InputError(f"The labels file {path} has a row without an account_id.")
    raw = pc.cast(t.column("is_mule"), pa.string())
    bad = pc.invert(pc.is_in(raw, pa.array(["0", "1"])))
    if pc.any(pc.fill_null(bad, True)).as_py():
        first = pc.filter(raw, pc.fill_null(bad, True))[0].as_py()
        raise InputError(f"The labels file {path} has is_mule {first!r}; it must be 0 or 1.")
    if len(pc.unique(ids)) != len(ids):
        raise InputError(f"The labels file {path} names an account more than once.")
    cols = {"account_id": ids, "is_mule": pc.cast(raw, pa.int8())}
    if "ring_id" in t.column_names:
        cols["ring_id"] = t.column("ring_id")
    if "hard" in t.column_names:
        cols["hard"] = pc.fill_null(pc.cast(t.column("hard"), pa.int8()), 0)
    return pa.table(cols)


def split_by_ring(
    labels: pa.Table, test_fraction: float, seed: int = 7
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (train, test) over the label rows.

    With a `ring_id` column, whole rings go to one side; mules without a ring and non-mules are
    split at random, stratified by label, in the same proportion.
    """
    n = labels.num_rows
    if not 0.0 <= test_fraction < 1.0:
        raise InputError("The test fraction must be at least 0 and below 1.")
    test = np.zeros(n, dtype=bool)
    if test_fraction == 0:
        return ~test, test
    rng = np.random.default_rng(seed)
    y = labels.column("is_mule").to_numpy(zero_copy_only=False).astype(bool)
    rings = (
        np.asarray(labels.column("ring_id").to_pylist(), dtype=object)
        if "ring_id" in labels.column_names
        else np.full(n, None, dtype=object)
    )
    in_ring = y & np.array([r is not None and r != "" for r in rings], dtype=bool)
    if in_ring.any():
        names = np.unique(rings[in_ring].astype(str))
        chosen = set(rng.permutation(names)[: max(1, round(test_fraction * len(names)))].tolist())
        test[in_ring] = np.array([str(r) in chosen for r in rings[in_ring]])
    for group in (y & ~in_ring, ~y):
        idx = np.flatnonzero(group)
        k = round(test_fraction * len(idx))
        test[rng.permutation(idx)[:k]] = True
    return ~test, test


def groups_of(labels: pa.Table) -> np.ndarray:
    """Group keys for cross-validation: the ring of a mule, else the account itself."""
    ids = labels.column("account_id").to_pylist()
    if "ring_id" not in labels.column_names:
        return np.asarray(ids, dtype=object)
    rings = labels.column("ring_id").to_pylist()
    y = labels.column("is_mule").to_pylist()
    return np.asarray(
        [f"ring:{r}" if m and r else f"acct:{a}" for a, r, m in zip(ids, rings, y, strict=True)],
        dtype=object,
    )


def grouped_folds(
    y: np.ndarray, groups: np.ndarray, k: int, seed: int = 7
) -> list[tuple[np.ndarray, np.ndarray]]:
    """`k` (train, test) index pairs: a group never straddles two folds, and mules are spread
    as evenly over the folds as whole groups allow.

    Groups holding mules (rings) are placed one by one, largest first, in the fold with the
    fewest mules; the rest (mostly one account each) are dealt round-robin in a random order,
    starting with the smallest fold. Linear in the rows after one sort; scikit-learn's
    StratifiedGroupKFold tries every fold for every group and took 1.5 s for 4,000 accounts.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    rng = np.random.default_rng(seed)
    _, inverse = np.unique(groups.astype(str), return_inverse=True)
    n_groups = int(inverse.max()) + 1 if len(inverse) else 0
    size = np.bincount(inverse, minlength=n_groups)
    mules = np.bincount(inverse, weights=y.astype(np.float64), minlength=n_groups)
    fold_of = np.empty(n_groups, dtype=np.int64)
    fold_mules = np.zeros(k)
    fold_rows = np.zeros(k)
    shuffled = rng.permutation(n_groups)
    with_mules = shuffled[mules[shuffled] > 0]
    for g in with_mules[np.argsort(-mules[with_mules], kind="stable")]:
        f = int(np.lexsort((fold_rows, fold_mules))[0])
        fold_of[g] = f
        fold_mules[f] += mules[g]
        fold_rows[f] += size[g]
    rest = shuffled[mules[shuffled] == 0]
    start = np.argsort(fold_rows, kind="stable")
    fold_of[rest] = start[np.arange(len(rest)) % k]
    row_fold = fold_of[inverse]
    return [(np.flatnonzero(row_fold != f), np.flatnonzero(row_fold == f)) for f in range(k)]
