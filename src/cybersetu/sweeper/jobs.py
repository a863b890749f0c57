"""Every module that registers a sweep job, imported once so that the registry is complete
(the one place that names them all, like `db/models.py` for the models).

Add a line here for a new job's module."""

from cybersetu.grievances import sweep as grievances_sweep
from cybersetu.holds import sweep as holds_sweep
from cybersetu.outbox import sweep as outbox_sweep
from cybersetu.restoration import sweep as restoration_sweep

__all__ = ["grievances_sweep", "holds_sweep", "outbox_sweep", "restoration_sweep"]
