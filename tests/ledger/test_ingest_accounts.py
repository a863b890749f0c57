"""Loading accounts files: KYC vocabularies, opening dates, income in paise, conflicts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cybersetu.interchange import AccountType, KycMode
from cybersetu.ledger import DuckDBLedgerStore, Kind
from tests.ledger.conftest import Loader, read_report, write_text

ACCOUNTS = """account_id,bank,ifsc,holder_name,account_type,opened_at,kyc_mode,phone,declared_monthly_income,agent_code
SBIN0001234:30012345678,SBI,sbin0001234,Ramesh Kumar,savings,2025-12-01,branch,9876543210,25000,
mule@ybl,,,,wallet,2026-01-02T11:00:00,VIDEO,9876500000,0,AG-7
HDFC0000001:50100012345,HDFC,HDFC0000001,Shop,merchant,2024-03-05 10:00:00+05:30,ekyc_otp,,150000.50,
BAD1,,SBIN12,,,,,,,
BAD2,,,,piggy_bank,,,,,
BAD3,,,,,,selfie,,,
BAD4,,,,,last week,,,,
BAD5,,,,,,,,-100,
BAD6,,,,,,,,lots,
,,,,,,,,,
"""


def test_accounts_are_recognised_checked_and_stored(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    report = load(write_text(tmp_path / "accounts.csv", ACCOUNTS))
    [f] = report.files
    assert f.kind is Kind.ACCOUNTS
    # BAD2 and BAD3 only have an unknown account_type / kyc_mode: kept, that field empty.
    assert (report.loaded, report.rejected) == (5, 5)
    assert f.warnings == {"account_type": 1, "kyc_mode": 1}
    assert [(r["line"], r["id"], r["reason"]) for r in read_report(report.errors_file)] == [
        ("5", "BAD1", 'ifsc "SBIN12" is not an IFSC (4 letters, a zero, 6 letters or digits)'),
        ("8", "BAD4", 'opened_at "last week" is not an ISO 8601 date or date-time'),
        ("9", "BAD5", 'declared_monthly_income "-100" is negative'),
        ("10", "BAD6", 'declared_monthly_income "lots" is not a number'),
        ("11", "", "account_id is empty"),
    ]
    hdfc, sbi, mule = store.accounts_by_id(
        ["SBIN0001234:30012345678", "mule@ybl", "HDFC0000001:50100012345", "unknown"]
    )
    assert sbi.ifsc == "SBIN0001234"  # upper-cased
    assert sbi.account_type is AccountType.SAVINGS
    assert sbi.opened_at == datetime(2025, 11, 30, 18, 30, tzinfo=UTC)  # midnight IST
    assert sbi.declared_monthly_income_paise == 2_500_000
    assert sbi.phone == "9876543210"
    assert sbi.extra == {"agent_code": None}
    assert mule.kyc_mode is KycMode.VIDEO
    assert mule.declared_monthly_income_paise == 0
    assert mule.extra == {"agent_code": "AG-7"}
    assert mule.opened_at == datetime(2026, 1, 2, 5, 30, tzinfo=UTC)
    assert hdfc.declared_monthly_income_paise == 15_000_050
    assert hdfc.opened_at == datetime(2024, 3, 5, 4, 30, tzinfo=UTC)
    [bad2] = store.accounts_by_id(["BAD2"])
    assert bad2.account_type is None
    assert store.stats().accounts == 5


def test_account_only_file_and_conflicting_kyc(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    load(write_text(tmp_path / "a.csv", "account_id\nX1\nX2\n"))
    report = load(write_text(tmp_path / "b.csv", "account_id,phone\nX1,\nX2,9000000000\nX3,\n"))
    assert (report.loaded, report.duplicates, report.conflicts) == (1, 1, 1)
    [row] = read_report(report.errors_file)
    assert (
        row["reason"]
        == 'account_id "X2" is already loaded with different phone (load 1: a.csv line 3)'
    )
    assert store.accounts_by_id(["X2"])[0].phone is None


def test_transactions_may_name_accounts_without_kyc(tmp_path: Path, load: Loader) -> None:
    load(write_text(tmp_path / "a.csv", "account_id\nKNOWN\n"))
    report = load(
        write_text(
            tmp_path / "t.csv",
            "txn_id,ts,src_account,dst_account,amount,channel\n"
            "T1,2026-01-06T10:00:00,KNOWN,OTHER-BANK:999,5,NEFT\n",
        )
    )
    assert report.loaded == 1
