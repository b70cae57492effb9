"""Table names are written once, in `storage/tables.py`: the roster, the sync and the
generator name a table by its constant, never by a string of their own (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import antt_tui
from antt_tui.storage.tables import TABLES

PACKAGE = Path(antt_tui.__file__).parent
OWNERS = ("roster", "sync", "generate", "session.py", "criteria", "reports", "tui", "cli")
"""Everything above storage/."""

TAKES_A_TABLE = {"get", "records", "op_set", "heads", "shard_names", "count", "clocked",
                 "view", "known", "shard_for", "label_of", "_saved", "_live", "_typed",
                 "_ById"}
"""Calls whose first argument is a table: the store's methods and the helpers that pass one
on. `.get("persons")` on a record (a field) is not a store call and is not counted."""


def _is_store(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr in ("store", "_store"))


def _names_a_table(node: ast.expr) -> bool:
    """`table`, `item.table`, `op["t"]`: an expression that holds a table name."""
    if isinstance(node, ast.Name):
        return node.id == "table"
    if isinstance(node, ast.Attribute):
        return node.attr == "table"
    return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and node.slice.value == "t")


def table_strings(source: str, where: str) -> list[str]:
    """`where:line` of every table name written as a string where a table is meant."""
    found: list[int] = []

    def literal(node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and node.value in TABLES

    for node in ast.walk(ast.parse(source, filename=where)):
        if isinstance(node, ast.Call) and node.args and literal(node.args[0]):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            store_call = isinstance(f, ast.Attribute) and _is_store(f.value)
            helper = name in TAKES_A_TABLE and not (isinstance(f, ast.Attribute)
                                                    and name == "get")
            if store_call or helper:
                found.append(node.lineno)
        elif isinstance(node, ast.Compare) and (
                _names_a_table(node.left) or any(_names_a_table(c) for c in node.comparators)):
            for part in (node.left, *node.comparators):
                items = part.elts if isinstance(part, (ast.Tuple, ast.Set, ast.List)) else [part]
                found += [part.lineno for item in items if literal(item)]
        elif isinstance(node, ast.Dict):
            found += [v.lineno for k, v in zip(node.keys, node.values, strict=True)
                      if isinstance(k, ast.Constant) and k.value == "t" and literal(v)]
    return [f"{where}:{line}" for line in sorted(set(found))]


def modules() -> list[Path]:
    out: list[Path] = []
    for name in OWNERS:
        path = PACKAGE / name
        out += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return out


def test_no_table_is_named_by_a_string_of_its_own() -> None:
    paths = modules()
    assert len(paths) > 100  # the packages were found
    offenders = [hit for path in paths
                 for hit in table_strings(path.read_text(encoding="utf-8"),
                                          path.relative_to(PACKAGE.parent).as_posix())]
    assert offenders == [], "name tables by storage.tables constants:\n" + "\n".join(offenders)


def test_the_check_sees_each_way_a_table_is_named() -> None:
    source = (
        'a = store.get("persons", pid)\n'            # 1: a store call
        'b = self.store.records("visits")\n'         # 2
        'c = person.get("persons")\n'                # 3: a field of a record: allowed
        'if table == "households": pass\n'           # 4: a comparison with a table
        'if op["t"] in ("persons", "x"): pass\n'     # 5
        'ops.append({"t": "sync_held", "id": 1})\n'  # 6: an op naming its table
        'view("villages", vid)\n'                    # 7: a helper taking a table
        'd = {"persons": []}\n'                      # 8: a field: allowed
        'e = store.get(tables.PERSONS, pid)\n'       # 9: the constant: allowed
    )
    assert table_strings(source, "probe.py") == [
        "probe.py:1", "probe.py:2", "probe.py:4", "probe.py:5", "probe.py:6", "probe.py:7"]
