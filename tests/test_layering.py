"""The layering of the package, checked on its source (an import-linter equivalent).

- `cli` and `web` are the outside: no domain package imports them (`cli` may start `web`).
- The storage engines stay behind the ledger's interfaces: only the modules named below import
  `duckdb` or `psycopg`, each for a stated reason, and nothing outside `ledger/` reaches for a
  store's `.connection`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cybersetu"

#: Who may import a storage or compute engine, and why.
ENGINE_IMPORTS: dict[str, dict[str, str]] = {
    "duckdb": {
        "ledger/duckdb_store.py": "the embedded ledger store is this backend",
        "ledger/validate.py": "validates file chunks in a private in-memory DuckDB (any store)",
        "scoring/backends.py": "the mule-scoring features run on DuckDB through Ibis",
        "trail/index.py": "sorts the store's Parquet export into the trail index, in memory",
    },
    "psycopg": {
        "ledger/postgres_store.py": "the PostgreSQL ledger store is this backend",
        "db/session.py": "the desk's engine sends lists (insert_all's arrays) in binary",
    },
}


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), ast.parse(path.read_text("utf-8"))


def imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def area(module: str) -> str:
    return module.split("/", 1)[0] if "/" in module else module.removesuffix(".py")


def test_the_source_is_found() -> None:
    found = dict(modules())
    assert "ledger/store.py" in found
    assert "cli/__init__.py" in found


@pytest.mark.parametrize("outside", ["cli", "web"])
def test_domain_packages_never_import_the_outside(outside: str) -> None:
    wrong = [
        module
        for module, tree in modules()
        if area(module) not in (outside, "cli")
        and any(
            n == f"cybersetu.{outside}" or n.startswith(f"cybersetu.{outside}.")
            for n in imported(tree)
        )
    ]
    assert wrong == [], f"domain modules importing cybersetu.{outside}"


@pytest.mark.parametrize("engine", sorted(ENGINE_IMPORTS))
def test_engines_are_imported_only_where_named(engine: str) -> None:
    users = {
        module
        for module, tree in modules()
        if any(n == engine or n.startswith(engine + ".") for n in imported(tree))
    }
    assert users == set(ENGINE_IMPORTS[engine]), f"{engine} imported outside its named modules"


#: Modules outside `ledger/` that may name a `.connection`, and why.
CONNECTION_USERS: dict[str, str] = {
    "db/base.py": "`core(session)`: the desk database's SQLAlchemy connection, not a ledger store",
}


def test_nothing_outside_the_ledger_touches_a_store_connection() -> None:
    wrong = []
    for module, tree in modules():
        if area(module) == "ledger" or module in CONNECTION_USERS:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("connection", "_con"):
                wrong.append(f"{module}:{node.lineno}")
    assert wrong == []
