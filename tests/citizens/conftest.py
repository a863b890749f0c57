"""The case fixtures (a desk database with users, the tiny city's ledger) for the victim's side."""

from tests.cases.conftest import access, city_complaints, db

__all__ = ["access", "city_complaints", "db"]
