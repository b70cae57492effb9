"""The store: durable saves, replay after a crash, shards, locks, schema versions."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from antt_tui.storage import migrations
from antt_tui.storage.errors import DatabaseDamaged, DatabaseLocked, NewerSchema, NotADatabase
from antt_tui.storage.store import META_FILE, Store
from antt_tui.storage.tinyfile import OrjsonAtomicStorage

HOST = "test-host"


def open_store(folder: Path, **kw) -> Store:
    kw.setdefault("host", HOST)
    kw.setdefault("backup_dir", folder.parent / "backups")
    return Store.open(folder, **kw)


def add_visit(store: Store, day: str, note: str = "Thăm hộ") -> str:
    vid = str(uuid.uuid4())
    store.commit("visit.add", store.op_set("visits", vid, {"date": day, "note": note}))
    return vid


def test_save_survives_without_checkpoint(tmp_path: Path) -> None:
    """A process that dies after a save (no checkpoint, no close) loses nothing."""
    folder = tmp_path / "db"
    store = open_store(folder, create=True)
    ids = [add_visit(store, f"2026-03-{d:02d}") for d in range(1, 11)]
    expected = store.state_hash()
    store.abandon()  # like a kill: the table files were never written
    assert not (folder / "tables" / "visits-2026.json").exists()

    again = open_store(folder)
    assert again.replayed == 10
    assert again.state_hash() == expected
    assert all(again.get("visits", vid) for vid in ids)
    again.close()


def test_reopen_after_close_replays_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    with open_store(folder, create=True) as store:
        add_visit(store, "2025-12-31")
        add_visit(store, "2026-01-01")
        expected = store.state_hash()
    with open_store(folder) as store:
        assert store.replayed == 0
        assert store.state_hash() == expected


def test_files_are_tinydb_databases_split_by_year(tmp_path: Path) -> None:
    """Each table file opens with plain TinyDB; visits go to one file per year."""
    from tinydb import TinyDB

    folder = tmp_path / "db"
    with open_store(folder, create=True) as store:
        add_visit(store, "2025-06-01", "Năm trước")
        add_visit(store, "2026-06-01", "Năm nay")
    names = sorted(p.name for p in (folder / "tables").glob("visits-*.json"))
    assert names == ["visits-2025.json", "visits-2026.json"]
    db = TinyDB(folder / "tables" / "visits-2025.json", storage=OrjsonAtomicStorage)
    assert [d["note"] for d in db.all()] == ["Năm trước"]
    db.close()


def test_visit_changing_year_moves_between_files(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    with open_store(folder, create=True) as store:
        vid = add_visit(store, "2025-12-30")
        store.commit("visit.edit", store.op_set("visits", vid, {"date": "2026-01-02"}))
        assert store.get("visits", vid)["note"] == "Thăm hộ"
        assert sum(1 for _ in store.records("visits")) == 1
    with open_store(folder) as store:
        assert [v["date"] for v in store.records("visits", years=[2026])] == ["2026-01-02"]
        assert list(store.records("visits", years=[2025])) == []


def test_old_years_are_not_read_at_open(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    with open_store(folder, create=True) as store:
        add_visit(store, "2023-05-05")
        add_visit(store, "2026-05-05")
    with open_store(folder) as store:
        assert "visits-2023" not in store._shards
        assert len(list(store.records("visits", years=[2023]))) == 1


def test_second_copy_gets_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    store = open_store(folder, create=True)
    with pytest.raises(DatabaseLocked, match="đang được mở"):
        open_store(folder)
    store.close()
    open_store(folder).close()


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "thu.txt").write_text("x", encoding="utf-8")
    with pytest.raises(NotADatabase):
        open_store(tmp_path / "other")
    with pytest.raises(NotADatabase):
        open_store(tmp_path / "other", create=True)


def test_newer_schema_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    open_store(folder, create=True).close()
    meta_path = folder / META_FILE
    meta = orjson.loads(meta_path.read_bytes())
    meta["schema_version"] = migrations.SCHEMA_VERSION + 1
    meta_path.write_bytes(orjson.dumps(meta))
    before = meta_path.read_bytes()
    with pytest.raises(NewerSchema, match="phiên bản antt mới hơn"):
        open_store(folder)
    assert meta_path.read_bytes() == before


def test_migration_steps_run_in_order_with_backup(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    open_store(folder, create=True).close()
    ran: list[int] = []
    steps = {0: lambda f: ran.append(0), 1: lambda f: ran.append(1)}
    meta = {**orjson.loads((folder / META_FILE).read_bytes()), "schema_version": 0}
    version = migrations.upgrade(folder, meta, backup_dir=tmp_path / "bk", steps=steps, target=2)
    assert (version, ran) == (2, [0, 1])
    assert orjson.loads((folder / META_FILE).read_bytes())["schema_version"] == 2
    assert list((tmp_path / "bk").glob("*truoc-nang-cap-v0.zip"))


def test_missing_migration_step_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    open_store(folder, create=True).close()
    meta = {**orjson.loads((folder / META_FILE).read_bytes()), "schema_version": 0}
    with pytest.raises(DatabaseDamaged, match="nâng cấp"):
        migrations.upgrade(folder, meta, backup_dir=tmp_path / "bk", steps={}, target=1)


def test_damaged_table_file_is_rebuilt_on_open_and_set_aside(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    with open_store(folder, create=True) as store:
        vid = add_visit(store, "2026-01-01")
    (folder / "tables" / "visits-2026.json").write_bytes(b'{"_default": {"1": ')
    with open_store(folder, aside_dir=tmp_path / "aside") as store:
        assert store.get("visits", vid)["note"] == "Thăm hộ"
        assert any("visits-2026.json" in n and "dựng lại" in n for n in store.notices)
    kept = list((tmp_path / "aside").glob("*/tables/visits-2026.json"))
    assert [k.read_bytes() for k in kept] == [b'{"_default": {"1": ']


def test_damaged_journal_in_the_unreplayed_tail_refuses_the_open(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    store = open_store(folder, create=True)
    add_visit(store, "2026-01-01")
    add_visit(store, "2026-01-02", note="Lần hai")
    add_visit(store, "2026-01-03")
    store.abandon()
    segment = next((folder / "journal").glob("*/*.jsonl"))
    segment.write_bytes(segment.read_bytes().replace("Lần hai".encode(), "Lần ba".encode()))
    with pytest.raises(DatabaseDamaged, match="antt check --repair"):
        open_store(folder)


def test_folder_copied_to_other_machine_becomes_new_device(tmp_path: Path) -> None:
    """Two laptops never write the same (device, seq): a copied folder forks a new device."""
    folder = tmp_path / "db"
    with open_store(folder, create=True) as store:
        add_visit(store, "2026-01-01")
        first = store.device_id
    with open_store(folder, host="other-laptop") as store:
        assert store.device_id != first
        add_visit(store, "2026-01-02")
        assert store.journal.last_seq == 1
    devices = sorted(p.name for p in (folder / "journal").iterdir())
    assert len(devices) == 2
    with open_store(folder, host="other-laptop") as store:
        assert sum(1 for _ in store.records("visits")) == 2


def test_strings_are_stored_nfc(tmp_path: Path) -> None:
    import unicodedata

    folder = tmp_path / "db"
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    with open_store(folder, create=True) as store:
        store.commit("x", store.op_set("persons", "p1", {"full_name": nfd}))
        assert store.get("persons", "p1")["full_name"] == "Nguyễn Thị Ánh"
    raw = (folder / "tables" / "persons.json").read_bytes().decode("utf-8")
    assert "Nguyễn Thị Ánh" in raw
    assert nfd not in raw


def test_checkpoint_every_n_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import antt_tui.storage.store as store_mod

    monkeypatch.setattr(store_mod, "CHECKPOINT_EVERY", 5)
    folder = tmp_path / "db"
    store = open_store(folder, create=True)
    for d in range(1, 7):
        add_visit(store, f"2026-02-{d:02d}")
    store.abandon()
    shard = orjson.loads((folder / "tables" / "visits-2026.json").read_bytes())
    assert len(shard["_default"]) == 5
    with open_store(folder) as again:
        assert again.replayed == 1
        assert again.count("visits") == 6


def test_backup_made_on_close_and_rotated(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    t0 = datetime(2026, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    for day in range(10):
        when = t0 + timedelta(days=day)
        with open_store(folder, create=day == 0, clock=lambda w=when: w) as store:
            add_visit(store, "2026-01-01")
    from antt_tui.storage.backup import KEEP, list_backups

    backups = list_backups(tmp_path / "backups")
    assert len(backups) == KEEP
    assert backups[0].name.startswith("20260110")


def test_wall_clock_going_back_keeps_segments_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    # The first reading stamps the new folder, the next ones the two saves.
    times = iter([datetime(2026, 12, 1, tzinfo=UTC),
                  datetime(2026, 12, 1, tzinfo=UTC),
                  datetime(2026, 11, 1, tzinfo=UTC),
                  datetime(2026, 11, 2, tzinfo=UTC)])
    with open_store(folder, create=True, clock=lambda: next(times, datetime(2026, 11, 3,
                                                                          tzinfo=UTC))
                    ) as store:
        add_visit(store, "2026-01-01")
        add_visit(store, "2026-01-02")
        hlcs = []
        for entry_file in (folder / "journal").glob("*/*.jsonl"):
            hlcs += [orjson.loads(x)["hlc"] for x in entry_file.read_bytes().splitlines()]
        assert hlcs == sorted(hlcs)
    files = [p.name for p in (folder / "journal").glob("*/*.jsonl")]
    assert files == ["2026-12.jsonl"]


def test_temp_files_from_a_crash_are_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    open_store(folder, create=True).close()
    stale = folder / "tables" / f"persons.json.tmp-{os.getpid() + 1}"
    stale.write_bytes(b"half")
    open_store(folder).close()
    assert not stale.exists()
