"""Taking a whole bundle back, and letting it in again.

Undoing a bundle (imported by mistake, or from a laptop that should not have sent it) marks
every entry it brought as excluded: the records they touched are rebuilt without them, while
the entries stay in the journal for the audit. Importing the same bundle again lets them in.
"""

from __future__ import annotations

from typing import Any

from antt_tui.domain.text import check_text
from antt_tui.roster import Roster
from antt_tui.storage import tables
from antt_tui.sync.errors import SyncError


def imported(roster: Roster) -> list[dict[str, Any]]:
    """The bundles merged here, newest first."""
    rows = [b for b in roster.store.records(tables.SYNC_BUNDLES) if b.get("dir") == "in"]
    return sorted(rows, key=lambda b: b.get("at", ""), reverse=True)


def find_bundle(roster: Roster, ref: str) -> dict[str, Any]:
    """An imported bundle by its id (a prefix is enough) or its file name."""
    ref = ref.strip()
    found = [b for b in imported(roster) if b["id"].startswith(ref) or b.get("file") == ref]
    if len(found) != 1:
        raise SyncError(f"Không có gói đã nhận nào là {ref}." if not found
                        else f"{ref} khớp nhiều gói; gõ đủ mã.")
    return found[0]


def undo(roster: Roster, ref: str, *, reason: str) -> tuple[dict[str, Any], int]:
    """Exclude every entry a bundle brought; returns the bundle and how many entries."""
    bundle = find_bundle(roster, ref)
    if bundle.get("undone"):
        raise SyncError("Gói này đã được hoàn tác rồi.")
    reason = check_text(reason, what="Lý do", max_len=500)
    if not reason:
        raise SyncError("Hãy ghi lý do hoàn tác gói.")
    store = roster.store
    ops: list[dict[str, Any]] = []
    for key in bundle.get("carried", []):
        ops += store.op_set(tables.SYNC_DECISIONS, key, {
            "excluded": True, "kind": "undo", "bundle": bundle["id"], "reason": reason,
            "village_id": ""})
    ops += store.op_set(tables.SYNC_BUNDLES, bundle["id"], {"undone": True, "undo_reason": reason})
    store.commit("sync.undo", ops, summary=f"Hoàn tác gói {bundle.get('file', bundle['id'])} "
                                           f"({len(bundle.get('carried', []))} thay đổi): {reason}")
    return bundle, len(bundle.get("carried", []))


def redo_ops(roster: Roster, bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The ops that let an undone bundle's entries in again (it was imported once more)."""
    store = roster.store
    ops: list[dict[str, Any]] = []
    for key in bundle.get("carried", []):
        ops += store.op_set(tables.SYNC_DECISIONS, key, {"excluded": False, "kind": "undo"})
    ops += store.op_set(tables.SYNC_BUNDLES, bundle["id"], {"undone": False})
    return ops
