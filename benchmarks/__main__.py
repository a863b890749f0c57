"""Run every benchmark module (`bench_*.py`), or one with its own options:

    python -m benchmarks                      # all of them, with their defaults
    python -m benchmarks trail --sizes 50000  # one, with options

Each module exposes `main(argv: list[str]) -> None` and prints its figures as ratios against a
baseline measured in the same run, so numbers from different machines stay comparable.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main() -> None:
    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )
    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        if args[0] not in names:
            sys.exit(f"No benchmark {args[0]!r}; there are: {', '.join(names)}.")
        names, args = [args[0]], args[1:]
    for name in names:
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.bench_{name}").main(args)


if __name__ == "__main__":
    main()
