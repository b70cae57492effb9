"""Taking a whole roster import back: `undo`.

Like undoing a sync bundle, it is one compensating journal entry, and the import's own entry
stays in the journal for the audit. The entry removes (as tombstones, with the reason) the
households and people the import added, and the people added to those households since; it
puts back the values the import replaced, where nobody has changed them again since (a later
correction is kept, and counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antt_tui.domain.errors import DomainError
from antt_tui.domain.text import check_text
from antt_tui.roster.roster_import.imports_log import (
    IMPORT_EVENT,
    UNDO_EVENT,
    ImportSummary,
    import_entries,
    imports,
)
from antt_tui.roster.service import Roster
from antt_tui.storage import tables

__all__ = ["Undone", "find_import", "undo"]


@dataclass(frozen=True, slots=True)
class Undone:
    """What `undo` did."""

    summary: ImportSummary
    households: int
    """Households removed."""
    persons: int
    """People removed (those the import added, and those added to its households since)."""
    restored: int
    """Values put back as they were before the import."""
    kept: int
    """Values the import set that were changed again since: left as they are now."""


def find_import(roster: Roster, ref: str) -> tuple[ImportSummary, dict[str, Any]]:
    """An import by its id (the first 8 characters are enough) or its file's name, with its
    journal entry. `DomainError` when none or several match."""
    ref = ref.strip()
    listed = imports(roster.store)
    found = [s for s in listed if ref and (s.id.startswith(ref.lower()) or s.file == ref)]
    if not found:
        raise DomainError(f"Không có lần nhập danh sách nào có mã “{ref}”.")
    if len(found) > 1:
        raise DomainError(f"“{ref}” khớp {len(found)} lần nhập; hãy gõ mã (8 ký tự đầu).")
    summary = found[0]
    entry = next(e for e in import_entries(roster.store)
                 if e["ev"] == IMPORT_EVENT and (e.get("imp") or {}).get("id") == summary.id)
    return summary, entry


def undo(roster: Roster, ref: str, *, reason: str) -> Undone:
    """Take back every change of one import (see the module docstring) in one entry."""
    summary, entry = find_import(roster, ref)
    if summary.undone_at:
        raise DomainError(f"Lần nhập {summary.code} đã được hoàn tác rồi.")
    reason = check_text(reason, what="Lý do", max_len=500)
    if not reason:
        raise DomainError("Hãy ghi lý do hoàn tác.")
    store = roster.store
    info = entry["imp"]
    why = f"Hoàn tác nhập danh sách (mã {summary.code}): {reason}"
    tombstone = {"deleted": True, "deleted_reason": why}
    ops: list[dict[str, Any]] = []
    gone: set[tuple[str, str]] = set()
    households = persons = 0
    for table, rid in info.get("new", []):
        record = store.get(table, rid)
        if record is None or record.get("deleted") or (table, rid) in gone:
            continue
        ops += store.op_set(table, rid, dict(tombstone))
        gone.add((table, rid))
        if table == tables.HOUSEHOLDS:
            households += 1
            for pid in sorted(roster.index.members.get(rid, ())):
                if (tables.PERSONS, pid) not in gone:
                    ops += store.op_set(tables.PERSONS, pid, dict(tombstone))
                    gone.add((tables.PERSONS, pid))
                    persons += 1
        else:
            persons += 1
    written = {(op["t"], op["id"], key): value for op in entry["ops"]
               for key, value in op.get("set", {}).items()}
    restored = kept = 0
    back: dict[tuple[str, str], dict[str, Any]] = {}
    for table, rid, key, old in info.get("before", []):
        record = store.get(table, rid)
        if record is None or record.get("deleted") or (table, rid) in gone:
            continue
        if record.get(key) == written.get((table, rid, key)):
            back.setdefault((table, rid), {})[key] = old
            restored += 1
        else:
            kept += 1
    for (table, rid), fields in back.items():
        ops += store.op_set(table, rid, fields)
    store.commit(UNDO_EVENT, ops,
                 summary=f"Hoàn tác nhập danh sách {summary.file} (mã {summary.code}): "
                         f"{reason}",
                 extra={"undo": {"id": summary.id, "reason": reason}})
    return Undone(summary, households, persons, restored, kept)
