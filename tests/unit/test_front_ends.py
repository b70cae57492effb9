"""The front ends (the TUI and the CLI) never hold the store: they read and write through the
roster, the session and the services (issue 15: raw records stay inside storage)."""

from __future__ import annotations

import ast
from pathlib import Path

import antt_tui

PACKAGE = Path(antt_tui.__file__).parent
FRONT_ENDS = ("tui", "cli")

ALLOWED: dict[str, str] = {}
"""`file:line` → why that front-end line may still touch `.store` (none today)."""


def store_attributes(source: str, where: str) -> list[str]:
    """`where:line` of every `<something>.store` in the module's source."""
    lines = sorted(node.lineno for node in ast.walk(ast.parse(source, filename=where))
                   if isinstance(node, ast.Attribute) and node.attr == "store")
    return [f"{where}:{line}" for line in lines]


def front_end_modules() -> list[Path]:
    return sorted(p for name in FRONT_ENDS for p in (PACKAGE / name).rglob("*.py"))


def test_the_front_ends_never_touch_the_store() -> None:
    modules = front_end_modules()
    assert len(modules) > 20  # the packages were found
    offenders = [hit for path in modules
                 for hit in store_attributes(path.read_text(encoding="utf-8"),
                                             path.relative_to(PACKAGE.parent).as_posix())
                 if hit not in ALLOWED]
    assert offenders == [], "the TUI and the CLI read through the roster, not the store:\n" + \
        "\n".join(offenders)


def test_the_check_sees_every_spelling() -> None:
    source = ("a = x.store\nb = roster.store.get('households', '1')\n"
              "c = s.store.records\nd = state.session.store.officer\ne = store\n"
              "f = x.stores\n")
    assert store_attributes(source, "probe.py") == [
        "probe.py:1", "probe.py:2", "probe.py:3", "probe.py:4"]
