"""The roster imports made in this database, read from the change journal.

Each import is one journal entry (event `IMPORT_EVENT`) whose `imp` field says what it did;
an undo is another entry (`UNDO_EVENT`) naming the import. Nothing else keeps a list, so the
list travels with the journal (and with sync bundles) by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from antt_tui.storage import tables
from antt_tui.storage.fold import carried_entries
from antt_tui.storage.journal import iter_raw_lines, replay_key
from antt_tui.storage.store import Store

__all__ = ["IMPORT_EVENT", "UNDO_EVENT", "ImportSummary", "import_entries", "imports"]

IMPORT_EVENT = "roster.import"
UNDO_EVENT = "roster.import_undo"
_MARK = b"roster.import"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """One import as the list of imports shows it."""

    id: str
    """The import's id; its first 8 characters name it to the officer."""
    at: str
    by: str
    file: str
    sha256: str
    households: int
    """Households added."""
    persons: int
    """People added."""
    changed: int
    """Stored records changed."""
    undone_at: str = ""
    undo_reason: str = ""
    villages: tuple[str, ...] = ()
    """Ids of the villages of the households added, in the order first met."""

    @property
    def code(self) -> str:
        """The short id an officer types (`antt import undo 3f9a2c1b`)."""
        return self.id[:8]


def import_entries(store: Store) -> Iterator[dict[str, Any]]:
    """The journal entries of imports and undos (this laptop's and others'), in clock order."""
    found = []
    for line in iter_raw_lines(store.journal_dir):
        if _MARK not in line:
            continue
        entry = orjson.loads(line)
        for item in [entry, *carried_entries(entry)]:
            if item.get("ev") in (IMPORT_EVENT, UNDO_EVENT):
                found.append(item)
    yield from sorted(found, key=replay_key)


def imports(store: Store) -> list[ImportSummary]:
    """Every import, newest first, with whether (and why) it was undone."""
    made: dict[str, dict[str, Any]] = {}
    undone: dict[str, dict[str, Any]] = {}
    for entry in import_entries(store):
        if entry["ev"] == IMPORT_EVENT and isinstance(entry.get("imp"), dict):
            made[entry["imp"]["id"]] = entry
        elif entry["ev"] == UNDO_EVENT and isinstance(entry.get("undo"), dict):
            undone[entry["undo"]["id"]] = entry
    out = []
    for import_id, entry in made.items():
        info = entry["imp"]
        counts = info.get("n", {})
        undo = undone.get(import_id)
        out.append(ImportSummary(
            import_id, entry.get("at", ""), entry.get("by", ""), info.get("file", ""),
            info.get("sha256", ""), counts.get("households", 0), counts.get("persons", 0),
            counts.get("changed", 0), (undo or {}).get("at", ""),
            ((undo or {}).get("undo") or {}).get("reason", ""), _villages(entry)))
    return sorted(out, key=lambda s: s.at, reverse=True)


def _villages(entry: dict[str, Any]) -> tuple[str, ...]:
    """The villages of the households an import entry added (read from its operations)."""
    found = (op.get("set", {}).get("village_id") for op in entry.get("ops", [])
             if op.get("t") == tables.HOUSEHOLDS)
    return tuple(dict.fromkeys(v for v in found if v))
