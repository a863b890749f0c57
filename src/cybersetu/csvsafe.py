"""CSV cells that a spreadsheet cannot run: every CSV we write goes through here.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
LibreOffice as a formula (`=cmd|'/C calc'!A0`, `=HYPERLINK(...)`). Ids and remarks come from bank
feeds and complaints, so any text cell may be hostile: such a cell gets a leading `'`, which
spreadsheets show as text. Only text is touched; numbers we write ourselves (a negative amount,
a rank) stay numbers, so callers pass them as numbers, or as numeric Arrow / SQL columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_PATTERN: Final = "^[=+\\-@\t\r]"


def cell(value: str) -> str:
    """The text as a spreadsheet will show it, never as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def row(values: Iterable[object]) -> list[object]:
    """A row for `csv.writer`: text cells neutralised, numbers and None as they are."""
    return [cell(v) if isinstance(v, str) else v for v in values]


def table(t: pa.Table) -> pa.Table:
    """The table with every string column neutralised (other types unchanged)."""
    for i, f in enumerate(t.schema):
        if pa.types.is_string(f.type) or pa.types.is_large_string(f.type):
            col = t.column(i)
            risky = pc.fill_null(pc.match_substring_regex(col, _PATTERN), False)
            fixed = pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)
            t = t.set_column(i, f, fixed)
    return t


def sql(expr: str) -> str:
    """SQL (DuckDB) for a VARCHAR expression, neutralised; NULL stays NULL."""
    return f"CASE WHEN regexp_matches({expr}, '{_PATTERN}') THEN '''' || {expr} ELSE {expr} END"
