"""Each feature on a tiny hand-made ledger whose right answer can be worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cybersetu.errors import InputError
from cybersetu.scoring.features import FEATURES
from tests.scoring.ledgers import features, write_ledger

MULE = "SBIN0001234:30012345678"
NEXT = "HDFC0000123:50100012345"
SALARY = "PUNB0123400:1234000100012345"
SHOP = "kirana.shop@okaxis"


def test_pass_through_account_passes_money_on_and_a_salaried_one_keeps_it(tmp_path: Path) -> None:
    f = features(
        write_ledger(
            tmp_path,
            [
                ("2026-01-05T10:00:00", "victim1@ybl", MULE, 50_000, "UPI"),
                ("2026-01-05T10:10:00", "victim2@okicici", MULE, 30_000, "UPI"),
                ("2026-01-05T10:40:00", MULE, NEXT, 79_000, "IMPS"),
                ("2026-01-01T09:00:00", "EMPLOYER0001:99", SALARY, 40_000, "NEFT"),
                ("2026-01-11T18:00:00", SALARY, SHOP, 2_000, "UPI"),
            ],
        )
    )
    m, s = f[MULE], f[SALARY]
    assert m["passthrough_1h"] == pytest.approx(79_000 / 80_000)
    assert m["passthrough_1d"] == pytest.approx(79_000 / 80_000)
    assert m["dwell_mean_h"] == pytest.approx(0.5)  # 10:10 → 10:40
    assert m["retained_share"] == pytest.approx(1_000 / 80_000)
    assert (m["amt_in"], m["amt_out"], m["n_in"], m["n_out"]) == (80_000, 79_000, 2, 1)
    assert m["n_senders"] == 2
    assert m["n_receivers"] == 1
    assert m["n_receiver_banks"] == 1  # HDFC, from the IFSC in the account id
    assert s["passthrough_1h"] == 0
    assert s["passthrough_1d"] == 0
    assert s["retained_share"] == pytest.approx(38_000 / 40_000)
    assert s["dwell_mean_h"] == pytest.approx(10 * 24 + 9)  # 1 Jan 09:00 → 11 Jan 18:00


def test_fan_in_from_strangers_at_night_then_cash_out(tmp_path: Path) -> None:
    victims = [f"{9800000000 + k}@ybl" for k in range(9)]
    txns = [(f"2026-01-06T01:{5 * k:02d}:00", v, MULE, 9_999, "UPI") for k, v in enumerate(victims)]
    txns += [
        ("2026-01-06T02:00:00", MULE, "ATM-SBIN-KNP01234", 10_000, "ATM"),
        ("2026-01-06T02:05:00", MULE, "AEPS-IPOS-BC012345", 10_000, "AEPS"),
    ]
    f = features(write_ledger(tmp_path, txns))
    m = f[MULE]
    assert m["n_senders"] == 9
    assert m["n_in"] == 9
    assert m["one_time_sender_share"] == 1.0
    assert m["max_in_1h"] == 9  # 01:00 … 01:40
    assert m["max_out_1h"] == 2
    assert m["night_share"] == 1.0  # all between midnight and 5 am IST
    assert m["below_threshold_share"] == pytest.approx(9 / 11)  # ₹9,999 sits under ₹10,000
    assert m["round_share"] == pytest.approx(2 / 11)
    assert m["cash_out_share"] == 1.0
    assert m["n_receivers"] == 0  # terminals are not counterparties …
    assert "ATM-SBIN-KNP01234" not in f  # … and are not scored
    assert m["gather_scatter"] == 0


def test_shared_phone_group_opening_burst_and_kyc_mode(tmp_path: Path) -> None:
    group = [f"AIRP0000001:70000000{k:02d}" for k in range(4)]
    accounts = [
        {
            "account_id": a,
            "phone": "9876543210",
            "kyc_mode": "video",
            "account_type": "savings",
            "opened_at": f"2026-01-02T1{k}:00:00",
            "opening_agent": "BC-SBIN-KNP-0042",
        }
        for k, a in enumerate(group)
    ]
    accounts += [
        {
            "account_id": SALARY,
            "phone": "9123456780",
            "kyc_mode": "branch",
            "opened_at": "2019-04-01",
        },
        {"account_id": SHOP, "account_type": "merchant"},
    ]
    txns = [("2026-01-05T12:00:00", a, SHOP, 100, "UPI") for a in [*group, SALARY]]
    f = features(write_ledger(tmp_path, txns, accounts))
    for a in group:
        assert f[a]["shared_phone"] == 3
        assert f[a]["shared_kyc_max"] == 3
        assert f[a]["agent_day_openings"] == 4
        assert f[a]["kyc_video"] == 1
        assert f[a]["kyc_ekyc"] == 0
        assert f[a]["days_open_before_first_txn"] == pytest.approx(3 - 0.5 / 24 * (2 * 0), abs=1)
    assert f[SALARY]["shared_phone"] == 0
    assert f[SALARY]["kyc_video"] == 0
    assert f[SALARY]["agent_day_openings"] is None  # no agent: not a burst of anything
    assert f[SHOP]["shared_phone"] is None  # no phone on file: unknown, not "shared with 0"
    assert f[SHOP]["type_merchant"] == 1
    assert f[SALARY]["days_open_before_first_txn"] == pytest.approx(
        (2026 - 2019) * 365 + 2 - 90 + 4, abs=2
    )


def test_scatter_gather_and_short_cycles(tmp_path: Path) -> None:
    a, c = "A@ybl", "C@ybl"
    mids = ["B1@ybl", "B2@ybl", "B3@ybl"]
    txns = [("2026-01-05T10:00:00", a, b, 5_000, "UPI") for b in mids]
    txns += [("2026-01-05T11:00:00", b, c, 4_900, "UPI") for b in mids]
    txns += [
        ("2026-01-06T10:00:00", "X@ybl", "Y@ybl", 1_000, "UPI"),
        ("2026-01-06T10:10:00", "Y@ybl", "Z@ybl", 1_000, "UPI"),
        ("2026-01-06T10:20:00", "Z@ybl", "X@ybl", 1_000, "UPI"),
        ("2026-01-07T10:00:00", "P@ybl", "Q@ybl", 1_500, "UPI"),
        ("2026-01-07T11:00:00", "Q@ybl", "P@ybl", 1_500, "UPI"),
        # Below ₹1,000 payments are not graph edges: this pair is no cycle.
        ("2026-01-07T10:00:00", "R@ybl", "S@ybl", 999, "UPI"),
        ("2026-01-07T11:00:00", "S@ybl", "R@ybl", 999, "UPI"),
    ]
    f = features(write_ledger(tmp_path, txns))
    assert f[c]["scatter_gather_in"] == 3
    assert f[c]["two_hop_in"] == 1
    assert f[a]["scatter_gather_out"] == 3
    assert f[a]["two_hop_out"] == 1
    assert f["B1@ybl"]["scatter_gather_in"] == 0
    assert f["B1@ybl"]["gather_scatter"] == 1
    for v in ("X@ybl", "Y@ybl", "Z@ybl"):
        assert f[v]["cycle3"] == 1
        assert f[v]["cycle2"] == 0
    assert f["P@ybl"]["cycle2"] == 1
    assert f["Q@ybl"]["cycle2"] == 1
    assert f[a]["cycle3"] == 0
    assert f["R@ybl"]["cycle2"] == 0


def test_times_without_offset_are_ist_and_offsets_are_honoured(tmp_path: Path) -> None:
    f = features(
        write_ledger(
            tmp_path,
            [
                ("2026-01-05T02:30:00", "N1@ybl", "R1@ybl", 100, "UPI"),  # 02:30 IST: night
                ("2026-01-04T21:00:00+00:00", "N2@ybl", "R2@ybl", 100, "UPI"),  # 02:30 IST
                ("2026-01-05T10:00:00Z", "N3@ybl", "R3@ybl", 100, "UPI"),  # 15:30 IST: day
                ("2026-01-05 23:59:00", "N4@ybl", "R4@ybl", 100, "UPI"),  # space separator
            ],
        )
    )
    assert f["R1@ybl"]["night_share"] == 1.0
    assert f["R2@ybl"]["night_share"] == 1.0
    assert f["R3@ybl"]["night_share"] == 0.0
    assert f["R4@ybl"]["night_share"] == 0.0


def test_dormant_account_then_burst(tmp_path: Path) -> None:
    d = "CNRB0001234:0123456789012"
    txns = [("2026-01-01T10:00:00", d, SHOP, 200, "UPI")]
    txns += [(f"2026-01-21T{10 + k}:00:00", f"s{k}@ybl", d, 5_000, "UPI") for k in range(8)]
    txns += [(f"2026-01-23T{10 + k}:00:00", d, f"t{k}@ybl", 4_900, "IMPS") for k in range(4)]
    f = features(write_ledger(tmp_path, txns))
    assert f[d]["max_gap_days"] == pytest.approx(20)
    assert f[d]["burst_after_dormancy"] == 12
    assert f[d]["active_days"] == 3


def test_upi_ids_of_an_account_and_complaint_seeds_resolve_to_the_account(
    tmp_path: Path,
) -> None:
    vpa = "9876501234@ybl"
    accounts = [{"account_id": MULE, "vpa": vpa}, {"account_id": NEXT}]
    complaints = [
        {
            "complaint_id": "KNP-2026-000001",
            "transactions": [{"txn_id": "T000000", "amount": 20000, "beneficiary": vpa}],
        }
    ]
    txns = [
        ("2026-01-05T10:00:00", "victim@okaxis", vpa, 20_000, "UPI"),
        ("2026-01-05T10:30:00", MULE, NEXT, 19_800, "IMPS"),
        ("2026-01-05T11:00:00", NEXT, "far@paytm", 19_000, "UPI"),
    ]
    f = features(write_ledger(tmp_path, txns, accounts, complaints))
    assert vpa not in f
    assert f[MULE]["n_in"] == 1
    assert f[MULE]["passthrough_1h"] == pytest.approx(0.99)
    assert f[MULE]["complaint_named"] == 1
    assert f["victim@okaxis"]["sent_to_named"] == 1
    assert f[NEXT]["got_from_named"] == 1
    assert f[NEXT]["complaint_named"] == 0
    assert f["far@paytm"]["named_2hop_down"] == 1
    assert f["victim@okaxis"]["named_2hop_up"] == 0
    assert f[NEXT]["kyc_video"] is None  # on file without a KYC mode: unknown, not "not video"


def test_without_accounts_or_complaints_those_features_are_unknown(tmp_path: Path) -> None:
    f = features(write_ledger(tmp_path, [("2026-01-05T10:00:00", "a@ybl", "b@ybl", 10, "UPI")]))
    row = f["b@ybl"]
    assert set(row) == set(FEATURES)
    for name in ("shared_phone", "kyc_video", "income_multiple", "complaint_named"):
        value = row[name]
        assert value is None or math.isnan(value)


def test_an_empty_ledger_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no transactions"):
        features(write_ledger(tmp_path, []))


def test_a_transactions_file_without_required_columns_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "transactions.csv"
    p.write_text("txn_id,ts,src_account,dst_account,amount\nT1,2026-01-05T10:00:00,a,b,10\n")
    from cybersetu.scoring.pipeline import Sources

    with pytest.raises(InputError, match="lacks the column"):
        features(Sources(transactions=p))


def test_the_ingested_ledger_gives_the_same_features_as_its_files(tmp_path: Path) -> None:
    from cybersetu.ledger import DuckDBLedgerStore
    from cybersetu.ledger import ingest as load
    from cybersetu.scoring.pipeline import Sources
    from tests.scoring.ledgers import tiny_city

    files = tiny_city(tmp_path / "files")
    store = tmp_path / "ledger.duckdb"
    assert files.transactions is not None
    assert files.accounts is not None
    with DuckDBLedgerStore(store) as ledger:
        load(ledger, [files.transactions, files.accounts], errors_dir=tmp_path / "errors")
    from_files = features(Sources(transactions=files.transactions, accounts=files.accounts))
    from_store = features(Sources(store=str(store)))
    assert from_store.keys() == from_files.keys()
    for account, row in from_files.items():
        for name, value in row.items():
            other = from_store[account][name]
            if value is None or other is None:
                assert value == other, (account, name)
            else:
                assert other == pytest.approx(value, rel=1e-9, abs=1e-9), (account, name)


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    from cybersetu.scoring.pipeline import Sources

    with pytest.raises(InputError, match="no store"):
        features(Sources(store=str(tmp_path / "nothing.duckdb")))


def test_a_chain_of_one_time_payments_and_the_neighbourhood_it_leaves(tmp_path: Path) -> None:
    # A victim's money goes on once each through two accounts (2 days, then 13 days later);
    # a salaried account is paid by the same employer twice and pays a shop once.
    v, m1, m2, m3 = "victim1@ybl", MULE, NEXT, "ICIC0000777:000111222333"
    employer = "EMPLOYER0001:99"
    f = features(
        write_ledger(
            tmp_path,
            [
                ("2026-01-05T10:00:00", v, m1, 50_000, "UPI"),
                ("2026-01-07T10:00:00", m1, m2, 49_000, "IMPS"),
                ("2026-01-20T10:00:00", m2, m3, 48_000, "IMPS"),
                ("2026-01-01T09:00:00", employer, SALARY, 40_000, "NEFT"),
                ("2026-01-31T09:00:00", employer, SALARY, 40_000, "NEFT"),
                ("2026-01-11T18:00:00", SALARY, SHOP, 2_000, "UPI"),
            ],
        )
    )
    # Time-ordered chains of one-time payments: within a week through m1, within a month via m2.
    assert (f[m1]["relay_7d"], f[m1]["relay_30d"]) == (1, 1)
    assert (f[m2]["relay_7d"], f[m2]["relay_30d"]) == (0, 1)
    assert (f[v]["chain_out"], f[m1]["chain_out"], f[m2]["chain_out"]) == (1, 1, 0)
    assert (f[m2]["chain_in"], f[m3]["chain_in"], f[m1]["chain_in"]) == (1, 1, 0)
    assert f[SALARY]["relay_30d"] == 0  # its sender is a regular payer, not a stranger
    assert (f[SALARY]["n_one_time_senders"], f[SALARY]["n_one_time_receivers"]) == (0, 1)
    assert f[SALARY]["one_time_receiver_share"] == 1.0
    assert f[SALARY]["one_time_sender_share"] == 0.0
    # Pass-through at a week's scale sees what a day's misses.
    assert f[m1]["passthrough_1d"] == 0
    assert f[m1]["passthrough_7d"] == pytest.approx(49 / 50)
    assert f[m2]["passthrough_7d"] == 0
    # Amounts as a place among the ledger's six payments (ties share it), and their spread.
    assert f[m1]["mean_in_q"] == 1.0
    assert f[SHOP]["mean_in_q"] == 0.0
    assert f[SALARY]["mean_in_q"] == pytest.approx(1 / 5)
    assert f[SALARY]["cv_in"] == 0.0
    one_credit = f[m1]["cv_in"]
    assert one_credit is None or math.isnan(one_credit)  # one credit: no spread
    # Neighbourhood: m2 deals only with accounts that deal only once; the salaried account with
    # an employer who repeats (0) and a shop paid once (1).
    assert f[m2]["cp_one_time_mean"] == 1.0
    assert f[SALARY]["cp_one_time_mean"] == 0.5
    assert f[m2]["cp_one_time_max"] == 2
    assert f[m2]["one_time_cp_one_time_mean"] == 1.5  # m1 has two one-time partners, m3 one
    assert f[SALARY]["one_time_cp_one_time_mean"] == 1.0
    assert f[v]["cp_passthrough_mean"] == pytest.approx(49 / 50)
    assert f[m1]["cp2_one_time_mean"] == pytest.approx((1.0 + 1.0) / 2)  # v's and m2's means
    assert f[SALARY]["fan_in_30d"] == 1
