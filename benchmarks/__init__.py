"""Benchmarks: `make bench` runs every `bench_*.py` module here; figures go in docs/performance.md."""
