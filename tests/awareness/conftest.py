"""The desk database with the test users, and their actors: the grievance tests' fixtures."""

from tests.grievances.conftest import as_user, db

__all__ = ["as_user", "db"]
