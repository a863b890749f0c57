"""Awareness planned from local fraud: where, for whom, on what and when to hold sessions."""
