"""Run every benchmark module (`bench_*.py`), or the ones named: `python -m benchmarks ingest`.

Each module exposes `main(argv: list[str]) -> None` and prints its figures as ratios against a
baseline measured in the same run, so numbers from different machines stay comparable.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main() -> None:
    wanted = set(sys.argv[1:])
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").main([])


if __name__ == "__main__":
    main()
