"""Processes and their trees on Linux, from /proc: for tests of the desk's worker processes and
for the benchmarks' CPU and memory of a process with its children."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def stat_fields(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces and
    parentheses: they follow the last ')'), so [0] is the state and [1] the parent's pid;
    None when the process has gone."""
    try:
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def parents() -> dict[int, int]:
    """Every live process's parent."""
    out: dict[int, int] = {}
    for d in PROC.iterdir():
        if d.name.isdigit():
            fields = stat_fields(d.name)
            if fields is not None:
                out[int(d.name)] = int(fields[1])
    return out


def children(pid: int) -> set[int]:
    return {p for p, parent in parents().items() if parent == pid}


def tree(root: int) -> set[int]:
    """`root` and all its descendants."""
    by_parent = parents()
    found, grew = {root}, True
    while grew:
        more = {p for p, parent in by_parent.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found
