"""A set of text spans answering "does [start, end) overlap any?" in logarithmic time.

The extractor asks this for every candidate; scanning every span already found made a long
narrative quadratic (1 MB took 46 s). Overlapping spans are merged on insertion, which keeps the
answer the same and the spans sorted and disjoint, so one bisection decides.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator


class Spans:
    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # the spans starting before `end`
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        lo = bisect.bisect_right(self._ends, start)  # the first span ending after `start`
        hi = bisect.bisect_left(self._starts, end)  # the first span starting at or after `end`
        if lo < hi:  # merge the spans it overlaps
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(zip(self._starts, self._ends, strict=True))
