"""A desk database for the outbox tests."""

from tests.cases.conftest import db

__all__ = ["db"]
