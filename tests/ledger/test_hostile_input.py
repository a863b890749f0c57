"""Files a careless or hostile sender could hand the ledger: each is refused in one sentence or
loaded with every problem reported, never loaded wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybersetu.errors import InputError
from cybersetu.ledger import DuckDBLedgerStore
from tests.ledger.conftest import write_text


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("account_id,is_mule,persona,ring_id,hard", "is_mule"),
        ("account_id,bank,ifsc,is_mule", "is_mule"),
        ("account_id,holder_name,label", "label"),
        ("txn_id,ts,src_account,dst_account,amount,channel,Is Laundering", "Is Laundering"),
        ("txn_id,ts,src_account,dst_account,amount,channel,IS_FRAUD", "IS_FRAUD"),
    ],
)
def test_ground_truth_never_enters_the_ledger(
    tmp_path: Path, store: DuckDBLedgerStore, load, header: str, column: str
) -> None:
    values = ",".join(["1"] * len(header.split(",")))
    labels = write_text(tmp_path / "labels.csv", f"{header}\n{values}\n")
    with pytest.raises(InputError, match=f"ground-truth column {column}") as err:
        load(labels)
    assert "not loaded into the ledger" in str(err.value)
    assert store.stats().loads == 0
