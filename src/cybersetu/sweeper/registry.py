"""The registry of sweep jobs, and running them.

A job is a function taking a database session and `now` (aware), doing its work in its own
transaction with its own audit events, and returning what it escalated (acknowledgement numbers,
request references: short strings a person can read). Jobs are registered by name with `job`;
`cybersetu.sweeper.jobs` imports every module that defines one, so the registry is complete.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy.orm import Session, sessionmaker

JobFunction = Callable[[Session, datetime], Sequence[str]]

_JOBS: Final[dict[str, JobFunction]] = {}
log = logging.getLogger(__name__)


def job(name: str) -> Callable[[JobFunction], JobFunction]:
    """Register a sweep job under `name` (a decorator)."""

    def register(fn: JobFunction) -> JobFunction:
        if name in _JOBS and _JOBS[name] is not fn:
            raise ValueError(f"a sweep job {name!r} is registered already")
        _JOBS[name] = fn
        return fn

    return register


def jobs() -> dict[str, JobFunction]:
    """The registered jobs by name (every module defining one imported)."""
    from cybersetu.sweeper import jobs as _every_job  # noqa: F401 - imports register the jobs

    return dict(sorted(_JOBS.items()))


@dataclass(frozen=True)
class JobResult:
    name: str
    escalated: tuple[str, ...] = ()
    error: str | None = None
    """Why the job failed (its transaction rolled back); the other jobs still ran."""


@dataclass(frozen=True)
class SweepReport:
    at: datetime
    results: tuple[JobResult, ...] = field(default_factory=tuple)

    @property
    def escalated(self) -> int:
        return sum(len(r.escalated) for r in self.results)

    @property
    def failed(self) -> tuple[JobResult, ...]:
        return tuple(r for r in self.results if r.error is not None)


def sweep(db: sessionmaker[Session], now: datetime, *, only: Sequence[str] = ()) -> SweepReport:
    """Run every job (or those named in `only`) once, each in a session of its own: one job's
    failure is reported and does not stop the others."""
    if now.tzinfo is None:
        raise ValueError("the sweeper needs an aware `now`")
    registered = jobs()
    unknown = [n for n in only if n not in registered]
    if unknown:
        raise KeyError(f"no sweep job {', '.join(unknown)}")
    results = []
    for name, fn in registered.items():
        if only and name not in only:
            continue
        try:
            with db() as session:
                done = tuple(fn(session, now))
        except Exception as exc:
            log.exception("sweep job %s failed", name)
            results.append(JobResult(name, error=type(exc).__name__))
            continue
        results.append(JobResult(name, done))
    return SweepReport(now, tuple(results))
