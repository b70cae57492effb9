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


# ---------------------------------------------------------------- typed records for reads

SERVICES = (
    ("antt_tui.roster.service", "Roster"), ("antt_tui.roster.incidents", "Incidents"),
    ("antt_tui.roster.visits", "Activities"), ("antt_tui.roster.teams", "Teams"),
    ("antt_tui.roster.documents", "Documents"),
    ("antt_tui.roster.confirmations", "Confirmations"),
    ("antt_tui.sync.service", "SyncService"), ("antt_tui.session", "Session"),
    ("antt_tui.reports.workflow", "Reports"), ("antt_tui.reports.issued", "IssuedReports"),
)
"""The core's services the front ends call."""

FORM_VALUES = {"Reports.stored_settings", "Reports.save_settings"}
"""Methods that give a form's values (field → value), which are a dict by nature."""


def stored_dict_returns() -> list[str]:
    """`Class.method` of every public service method annotated to return a stored record as
    a dict (`dict[str, Any]`, alone or in a list, tuple or optional)."""
    import importlib
    import inspect

    found = []
    for module, name in SERVICES:
        cls = getattr(importlib.import_module(module), name)
        for method, fn in inspect.getmembers(cls, inspect.isfunction):
            shown = str(inspect.signature(fn).return_annotation)
            if not method.startswith("_") and "dict[str, Any]" in shown:
                found.append(f"{name}.{method}")
    return found


def test_the_services_hand_the_front_ends_typed_records() -> None:
    offenders = [m for m in stored_dict_returns() if m not in FORM_VALUES]
    assert offenders == [], ("a read of the core returns typed records (roster/entities.py, "
                             "roster/records.py, sync/records.py), not stored dicts:\n"
                             + "\n".join(offenders))
