"""What `SyncService` hands the front ends about the exchange itself: the entries set aside
and the bundles merged here, as typed records (sync/records.py), never the stored dicts."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from antt_tui.sync import export, merge
from antt_tui.sync.records import ImportedBundle, QuarantinedEntry
from antt_tui.sync.service import SyncService
from tests.unit.sync.world import world

__all__ = ["world"]


def test_the_entries_set_aside_are_typed_and_print_as_the_cli_printed_them(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    village.roster.edit_household("DH-0002", {"notes": "Đồng hồ sai"})
    written = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    commune.now[0] = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)   # the commune's clock went back
    assert merge.merge(commune.roster, commune.me(), [written.path],
                       clock=commune.clock).quarantined == 2
    stored = sorted((q for q in commune.store.records("sync_quarantine") if not q.get("deleted")),
                    key=lambda q: (q.get("dev", ""), q.get("seq", 0)))

    rows = SyncService(commune.roster, clock=commune.clock).quarantined()

    assert all(isinstance(r, QuarantinedEntry) for r in rows) and len(rows) == 2
    assert [(r.id, r.dev, r.seq, r.reason, r.fork, r.village_id) for r in rows] == [
        (q["id"], q["dev"], q["seq"], q["reason"], False, commune.roster.village("DH").id)
        for q in stored]
    assert rows[0].seq < rows[1].seq                                 # oldest first
    # `antt sync quarantine --json`: the same object, keys in the same order
    before = [{"device": q.get("dev"), "seq": q.get("seq"), "reason": q.get("reason"),
               "fork": bool(q.get("fork"))} for q in stored]
    assert orjson.dumps([r.to_json() for r in rows]) == orjson.dumps(before)


def test_the_bundles_merged_here_are_typed_newest_first_and_found_by_id_or_file(world) -> None:
    commune, village, stick = world
    village.roster.add_household("DH", household={"address": "Xóm 7"}, head={
        "full_name": "Vũ Văn Em", "sex": "nam", "birth": "1970"})
    first = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    merge.merge(commune.roster, commune.me(), [first.path], clock=commune.clock)
    village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    second = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    merge.merge(commune.roster, commune.me(), [second.path], clock=commune.clock)
    service = SyncService(commune.roster, clock=commune.clock)

    bundles = service.imported()

    assert all(isinstance(b, ImportedBundle) for b in bundles)
    assert [b.file for b in bundles] == [second.path.name, first.path.name]   # newest first
    newer = bundles[0]
    stored = commune.store.get("sync_bundles", newer.id)
    assert (newer.at, newer.sender, newer.village_id, list(newer.carried), newer.undone) == (
        stored["at"], stored["sender"], stored["village_id"], stored["carried"], False)
    assert newer.count == len(stored["carried"]) >= 1
    assert service.imported_bundle(newer.id[:8]) == newer == service.imported_bundle(newer.file)

    assert service.undo(newer.id, "Nhận nhầm") == newer.count
    assert service.imported_bundle(newer.file).undone
    assert not service.imported_bundle(bundles[1].file).undone
