"""Read the interchange files (or the ledger store) into tidy Ibis tables for the pipeline.

Whatever the source, the pipeline sees the same columns:

- transactions: `txn_id`, `ts_s` (UTC epoch seconds), `src`, `dst`, `paise` (int64), `channel`
  (upper case), `src_bank`, `dst_bank`;
- accounts: `account_id` and every optional interchange column (null when the file lacks it),
  with `opened_s` (UTC epoch seconds) and `income_paise` parsed.

Timestamps are reduced to epoch seconds at the door: the engines agree on integers, and an ISO
string without an offset is IST as the interchange format says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from cybersetu.errors import InputError
from cybersetu.interchange import (
    ACCOUNT_OPTIONAL,
    ACCOUNT_REQUIRED,
    IST_OFFSET,
    TRANSACTION_REQUIRED,
)
from cybersetu.ledger.readers import check_csv_header
from cybersetu.scoring.backends import Engine, engine_of

IST_SECONDS = 19_800
_OFFSET_AT_END = r"([Zz]|[+-][0-9]{2}:?[0-9]{2})$"


def _read(con: BaseBackend, path: Path, what: str) -> ir.Table:
    if not path.exists():
        raise InputError(f"The {what} file {path} does not exist.")
    name = path.name.lower()
    spark = engine_of(con) is Engine.SPARK
    if name.endswith((".parquet", ".pq")) or path.is_dir():
        return con.read_parquet(str(path))
    if not name.endswith((".csv", ".csv.gz", ".tsv")):
        raise InputError(f"The {what} file {path} is neither CSV nor Parquet (by its name).")
    if name.endswith(".csv"):
        check_csv_header(path, f"The {what} file {path}")
    if spark:
        return con.read_csv(str(path), inferSchema=False, header=True)
    return con.read_csv(str(path), all_varchar=True)


def _require(t: ir.Table, columns: Iterable[str], what: str, path: Path) -> None:
    missing = [c for c in columns if c not in t.columns]
    if missing:
        raise InputError(f"The {what} file {path} lacks the column(s) {', '.join(missing)}.")


def _trim(v: ir.Value) -> ir.StringValue:
    # Not .strip(): on Spark it compiles to TRIM(' \t\n\r\v\f' ...), and Spark reads '\v' and
    # '\f' as the letters v and f, so "video" became "ideo".
    return v.cast("string").re_replace("^[ \t]+|[ \t]+$", "")


def _clean_id(v: ir.Value) -> ir.StringValue:
    s = _trim(v)
    return ibis.ifelse(s == "", ibis.null("string"), s)


def epoch_seconds(v: ir.Value) -> ir.IntegerValue:
    """UTC epoch seconds of an ISO 8601 string (no offset = IST) or a timestamp column."""
    typ = v.type()
    if typ.is_timestamp():
        secs = v.epoch_seconds().cast("int64")
        # A timestamp without a zone came from a file written in IST.
        return secs if typ.timezone is not None else secs - IST_SECONDS
    if typ.is_date():
        return v.cast("timestamp").epoch_seconds().cast("int64") - IST_SECONDS
    s = _trim(v).replace(" ", "T")
    s = ibis.ifelse(s.length() == 10, s.concat("T00:00:00"), s)
    s = ibis.ifelse(s.re_search(_OFFSET_AT_END), s, s.concat(IST_OFFSET))
    return s.cast(dt.Timestamp(timezone="UTC")).epoch_seconds().cast("int64")


def rupees_to_paise(v: ir.Value) -> ir.IntegerValue:
    return (v.cast("float64") * 100).round().cast("int64")


def bank_of(account: ir.StringValue) -> ir.StringValue:
    """The bank an account id names: the IFSC's bank code, or a UPI ID's handle."""
    return ibis.cases(
        (account.contains(":"), account.substr(0, 4).upper()),
        (account.contains("@"), account.split("@")[1].lower()),
        else_=ibis.null("string"),
    )


def tidy_transactions(raw: ir.Table, *, amount_in_paise: bool = False) -> ir.Table:
    """The pipeline's transaction columns from any interchange-shaped table."""
    src = _clean_id(raw.src_account)
    dst = _clean_id(raw.dst_account)
    channel = _trim(raw.channel).upper()
    paise = raw.amount_paise.cast("int64") if amount_in_paise else rupees_to_paise(raw.amount)
    src_bank = bank_of(src)
    dst_bank = bank_of(dst)
    if "src_bank" in raw.columns:
        src_bank = ibis.coalesce(_clean_id(raw.src_bank).upper(), src_bank)
    if "dst_bank" in raw.columns:
        dst_bank = ibis.coalesce(_clean_id(raw.dst_bank).upper(), dst_bank)
    return raw.select(
        txn_id=raw.txn_id.cast("string"),
        ts_s=epoch_seconds(raw.ts),
        src=src,
        dst=dst,
        paise=paise,
        channel=ibis.coalesce(channel, ibis.literal("OTHER")),
        src_bank=src_bank,
        dst_bank=dst_bank,
    ).filter(lambda t: t.src.notnull() & t.dst.notnull() & (t.paise > 0))


def tidy_accounts(raw: ir.Table) -> ir.Table:
    """The pipeline's account columns; optional columns the file lacks are null."""
    cols: dict[str, Any] = {"account_id": _clean_id(raw.account_id)}
    for c in ACCOUNT_OPTIONAL:
        if c in ("opened_at", "declared_monthly_income"):
            continue
        if c in raw.columns:
            v = _clean_id(raw[c])
            cols[c] = v.lower() if c in ("account_type", "kyc_mode", "email") else v
        else:
            cols[c] = ibis.null("string")
    cols["opened_s"] = (
        epoch_seconds(raw.opened_at) if "opened_at" in raw.columns else ibis.null("int64")
    )
    if "declared_monthly_income" in raw.columns:
        income = raw.declared_monthly_income
        if income.type().is_string():
            income = ibis.ifelse(_trim(income) == "", ibis.null("string"), income)
        cols["income_paise"] = rupees_to_paise(income)
    else:
        cols["income_paise"] = ibis.null("int64")
    return raw.select(**cols).filter(lambda t: t.account_id.notnull())


def read_transactions(con: BaseBackend, path: Path) -> ir.Table:
    raw = _read(con, path, "transactions")
    _require(raw, TRANSACTION_REQUIRED, "transactions", path)
    return tidy_transactions(raw)


#: Extra accounts-file columns holding other ids of the same account (the UPI ID linked to a bank
#: account): payments to the alias are the account's own.
ALIAS_COLUMNS: Final = ("vpa",)


def read_accounts(con: BaseBackend, path: Path) -> tuple[ir.Table, ir.Table | None]:
    """Tidy accounts, and the alias table (`alias`, `account_id`) when the file has one."""
    raw = _read(con, path, "accounts")
    _require(raw, ACCOUNT_REQUIRED, "accounts", path)
    return tidy_accounts(raw), aliases_of(raw)


def aliases_of(raw: ir.Table) -> ir.Table | None:
    parts = []
    for c in ALIAS_COLUMNS:
        if c in raw.columns:
            a = raw.select(alias=_clean_id(raw[c]), account_id=_clean_id(raw.account_id))
            parts.append(
                a.filter(
                    a["alias"].notnull() & a.account_id.notnull() & (a["alias"] != a.account_id)
                )
            )
    if not parts:
        return None
    out = parts[0]
    for p in parts[1:]:
        out = out.union(p)
    return out.distinct()


def apply_aliases(t: ir.Table, aliases: ir.Table, columns: Iterable[str]) -> ir.Table:
    """Replace alias ids in `columns` by the account id they stand for."""
    for n, col in enumerate(columns):
        a = aliases.select(**{f"_alias{n}": aliases["alias"], f"_canon{n}": aliases.account_id})
        t = t.left_join(a, t[col] == a[f"_alias{n}"])
        t = t.mutate(**{col: ibis.coalesce(t[f"_canon{n}"], t[col])}).drop(
            f"_alias{n}", f"_canon{n}"
        )
    return t


def read_complaint_seeds(path: Path) -> list[str]:
    """Accounts already named in complaints: the beneficiaries of the complaints' transactions."""
    if not path.exists():
        raise InputError(f"The complaints file {path} does not exist.")
    text = path.read_text(encoding="utf-8")
    records: list[Any]
    try:
        if text.lstrip().startswith("["):
            records = json.loads(text)
        else:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The complaints file {path} is not JSON or JSON Lines: {exc.msg}."
        ) from None
    seeds: set[str] = set()
    for rec in records:
        for txn in (rec.get("transactions") or []) if isinstance(rec, dict) else []:
            b = txn.get("beneficiary") if isinstance(txn, dict) else None
            if isinstance(b, str) and b.strip():
                seeds.add(b.strip())
    return sorted(seeds)
