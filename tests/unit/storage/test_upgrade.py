"""A folder written before sync existed opens, keeps every save, and gets its clocks."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from antt_tui.roster import Roster
from antt_tui.storage import registers
from antt_tui.storage.backup import list_backups
from antt_tui.storage.check import check_database
from antt_tui.storage.migrations import SCHEMA_VERSION
from antt_tui.storage.store import Store

V1 = Path(__file__).resolve().parents[2] / "data" / "v1-database"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "db"
    shutil.copytree(V1, folder)
    return folder


def _open(folder: Path) -> Store:
    return Store.open(folder, host="v1-host", backup_dir=folder.parent / "backups")


def test_an_old_folder_opens_with_every_save_and_its_journal_untouched(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    journal = {p: p.read_bytes() for p in folder.glob("journal/*/*.jsonl")}
    with _open(folder) as store:
        roster = Roster(store)
        assert [h.code for h in roster.households()] == ["DH-0001", "TL-0001"]
        assert sorted(p["full_name"] for p in store.records("persons")) == [
            "Lê Thị Cúc", "Nguyễn Văn An", "Trần Thị Bình"]
        binh = next(p for p in store.records("persons") if p["full_name"] == "Trần Thị Bình")
        assert binh["phone"] == "0912000111"            # the save that was only journaled
        assert [v["date"] for v in store.records("visits")] == ["2026-01-05"]
        assert roster.household("DH-0001").address == "Xóm 1, Thôn Đông Hạ"
    assert {p: p.read_bytes() for p in journal} == journal  # not rewritten in place
    meta = orjson.loads((folder / "antt-db.json").read_bytes())
    assert meta["schema_version"] == SCHEMA_VERSION
    assert any("truoc-nang-cap" in b.name for b in list_backups(folder.parent / "backups"))
    assert check_database(folder, backup_dir=folder.parent / "backups").ok


def test_records_of_an_old_folder_carry_the_writes_of_their_entries(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with _open(folder) as store:
        roster = Roster(store)
        household = roster.household("DH-0001")
        refs = store.heads("households", household.id, "address")
        assert len(refs) == 1 and registers.op_id(refs[0]).startswith("d-13dd76ac54a6:")
        roster.edit_household("DH-0001", {"address": "Xóm 3"})
        assert store.heads("households", household.id, "address") != refs
        assert roster.household("DH-0001").address == "Xóm 3"
        last = store.journal.last_seq
    lines = sorted(folder.glob(f"journal/{store.device_id}/*.jsonl"))[-1].read_bytes().splitlines()
    entry = orjson.loads(lines[-1])
    assert entry["v"] == 2 and entry["seq"] == last
    assert entry["ops"][0]["pred"]["address"] == refs   # the edit names what it overwrote
    assert "s" not in entry["ops"][0]                   # tables, not local files
    assert check_database(folder, backup_dir=folder.parent / "backups").ok
