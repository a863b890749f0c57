"""The audit log: every change of state, append-only and hash-chained."""
