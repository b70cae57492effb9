"""No acknowledged save is ever lost: not by a repair, a full disk or a missing file (issue 10).

Each test damages a real database folder (a copy of a generated commune) and compares every
record before and after.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from antt_tui.storage import atomic
from antt_tui.storage import journal as journal_mod
from antt_tui.storage.backup import BackupRefused, list_backups, make_backup, prune
from antt_tui.storage.check import check_database
from antt_tui.storage.errors import DatabaseDamaged, SaveFailed
from antt_tui.storage.journal import device_segments, read_segment, verify_chain
from tests.unit.storage.conftest import Db, add_saves, snapshot


def _check(db: Db, **kw):
    return check_database(db.folder, backup_dir=db.backups, aside_dir=db.aside, **kw)


def _all_entries(db: Db) -> list[dict]:
    out = []
    for device_dir in sorted(p for p in (db.folder / "journal").iterdir() if p.is_dir()):
        chunk = [e for seg in device_segments(device_dir) for e in read_segment(seg.path)]
        verify_chain(chunk)
        out += chunk
    return out


def _damage_line(path: Path, index: int, old: bytes, new: bytes) -> bytes:
    """Replace bytes inside one line (its hash then fails); returns the original line."""
    lines = path.read_bytes().split(b"\n")
    original = lines[index]
    assert old in original
    lines[index] = original.replace(old, new, 1)
    path.write_bytes(b"\n".join(lines))
    return original


def _with_backup_then_more_saves(db: Db) -> None:
    """A backup, then saves after it: some checkpointed (close), some only journaled."""
    store = db.open()
    add_saves(store, 4, "truoc")
    store.close(backup=False)
    make_backup(db.folder, db.backups, when=db.now[0].replace(tzinfo=None))
    db.later(days=1)
    store = db.open()
    add_saves(store, 6, "sau")
    store.close(backup=False)            # checkpointed, not in any backup
    db.later(hours=1)
    store = db.open()
    add_saves(store, 3, "cuoi")
    store.abandon()                      # only in the journal (a kill before the checkpoint)


# ---------------------------------------------------------------------------- repairs


def test_repair_recovers_a_damaged_early_line_from_a_backup_and_keeps_later_saves(make_db):
    db = make_db()
    _with_backup_then_more_saves(db)
    before = snapshot(db)
    original = db.segment().read_bytes()
    _damage_line(db.segment(), 1, b'"by":"', b'"by":"X')  # the hash no longer matches
    assert not _check(db).ok

    report = _check(db, repair=True)

    assert report.ok, report.problems
    assert not report.lost
    assert snapshot(db) == before
    assert db.segment().read_bytes().startswith(original[:len(original) // 2])
    kept = list(db.aside.glob(f"*/journal/*/{db.segment().name}"))
    assert len(kept) == 1 and b'"by":"X' in kept[0].read_bytes()
    assert _check(db).ok


def test_repair_without_any_backup_takes_the_line_from_the_table_files(make_db):
    db = make_db()
    store = db.open()
    add_saves(store, 6, "a")
    store.close(backup=False)
    store = db.open()
    add_saves(store, 3, "b")
    store.abandon()
    before = snapshot(db)
    # The generator's first entry (the commune and its villages) is in every table file.
    _damage_line(db.segment(), 0, b'"by":"', b'"by":"X')

    report = _check(db, repair=True)

    assert report.ok, report.problems
    assert report.lost == []
    assert snapshot(db) == before
    entries = _all_entries(db)
    assert entries[0]["ev"] == "journal.lost" and entries[-1]["ev"] == "storage.repair"
    assert _check(db).ok


def test_a_shorter_backup_copy_of_the_segment_is_never_taken_for_it(make_db):
    db = make_db()
    make_backup(db.folder, db.backups, when=db.now[0].replace(tzinfo=None))  # short prefix
    db.later(days=1)
    store = db.open()
    made = add_saves(store, 8, "sau")
    store.close(backup=False)
    before = snapshot(db)
    lines = db.segment().read_bytes().split(b"\n")
    last_index = len([x for x in lines if x]) - 2  # a line after the backup's end
    _damage_line(db.segment(), last_index, b'"ev":"', b'"ev":"x')

    report = _check(db, repair=True)

    assert report.ok, report.problems
    assert snapshot(db) == before
    with db.open() as store:
        assert all(store.get(table, rid) for table, rid in made)


def test_a_flipped_byte_in_the_middle_of_a_segment_loses_nothing(make_db):
    db = make_db()
    _with_backup_then_more_saves(db)
    before = snapshot(db)
    segment = db.segment()
    data = bytearray(segment.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0x20
    segment.write_bytes(bytes(data))

    report = _check(db, repair=True, accept_loss=False)

    assert report.ok, report.problems
    assert snapshot(db) == before
    assert _check(db).ok


def test_a_change_that_exists_nowhere_is_named_and_the_repair_asks_first(make_db):
    db = make_db()
    store = db.open()
    made = add_saves(store, 4, "moi")   # households and visits after the last checkpoint
    household = store.get("households", made[0][1])
    store.abandon()
    lines = db.segment().read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(lines) if made[0][1].encode() in line
                 and b'"household.add"' in line)
    _damage_line(db.segment(), index, "Xóm moi-0".encode(), "Xóm moi-9".encode())
    files_before = {p: p.read_bytes() for p in db.folder.rglob("*") if p.is_file()
                    and p.name != ".lock"}

    report = _check(db, repair=True)

    assert report.needs_consent and not report.ok
    assert any(household["code"] in line and "Địa chỉ" in line for line in report.lost)
    assert {p: p.read_bytes() for p in files_before} == files_before  # nothing written

    report = _check(db, repair=True, accept_loss=True)

    assert report.ok, report.problems
    with db.open() as store:
        assert store.get("households", made[0][1]) is None
        assert all(store.get(t, rid) for t, rid in made[1:])
    assert _check(db).ok


def test_saves_after_a_repair_survive_a_kill_and_never_reuse_a_number(make_db):
    db = make_db()
    _with_backup_then_more_saves(db)
    _damage_line(db.segment(), 0, b'"by":"', b'"by":"X')
    assert _check(db, repair=True).ok
    store = db.open()
    made = add_saves(store, 5, "sau-sua")
    store.abandon()                       # a kill right after the saves

    with db.open() as store:
        assert all(store.get(t, rid) for t, rid in made)
    entries = _all_entries(db)
    numbers = [(e["dev"], e["seq"]) for e in entries]
    assert len(numbers) == len(set(numbers))
    assert _check(db).ok


def test_a_cut_off_journal_tail_makes_the_next_saves_continue_as_a_new_device(make_db):
    db = make_db()
    store = db.open()
    add_saves(store, 4, "a")
    old_device = store.device_id
    store.close(backup=False)             # the table files now hold seq N
    before = snapshot(db)
    segment = db.segment()
    data = segment.read_bytes()
    segment.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 40])  # last line cut off

    store = db.open()
    assert store.device_id != old_device
    assert any("thiếu các mục" in n for n in store.notices)
    made = add_saves(store, 3, "b")
    store.abandon()                       # a kill: the new saves are only in the journal
    with db.open() as store:
        assert all(store.get(t, rid) for t, rid in made)

    assert not _check(db).ok
    report = _check(db, repair=True)
    assert report.ok, report.problems
    after = snapshot(db)
    for table, records in before.items():
        assert all(after[table].get(rid) == rec for rid, rec in records.items()), table
    assert _check(db).ok


@pytest.mark.slow
def test_kill_during_repair_leaves_a_folder_that_opens_and_a_repair_that_finishes(make_db):
    import random
    import subprocess
    import sys
    import time

    # The child slows every file write a little, so that the kills land between the steps
    # of the repair (set aside, journal rewritten, repair entry, tables, catalog).
    child = (
        "import sys, time; from pathlib import Path\n"
        "from antt_tui.storage import atomic\n"
        "from antt_tui.storage.check import check_database\n"
        "real = atomic.write_bytes\n"
        "def slow(path, data):\n"
        "    time.sleep(0.05); real(path, data)\n"
        "atomic.write_bytes = slow\n"
        "print('READY', flush=True)\n"
        "check_database(Path(sys.argv[1]), backup_dir=Path(sys.argv[2]),"
        " aside_dir=Path(sys.argv[3]), repair=True)\n"
        "print('DONE', flush=True)\n"
    )
    rng = random.Random(10)
    interrupted = 0
    for round_no in range(6):
        db = make_db(f"db{round_no}")
        _with_backup_then_more_saves(db)
        before = snapshot(db)
        _damage_line(db.segment(), 0, b'"by":"', b'"by":"X')
        proc = subprocess.Popen([sys.executable, "-c", child, str(db.folder), str(db.backups),
                                 str(db.aside)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "READY"
        time.sleep(0.04 * round_no + rng.uniform(0.0, 0.03))  # spread over the repair
        proc.kill()
        out, _ = proc.communicate(timeout=30)
        interrupted += "DONE" not in out
        assert snapshot(db) == before, round_no  # it opens with every save, at any moment
        report = _check(db, repair=True)
        assert report.ok, (round_no, report.problems)
        assert snapshot(db) == before, round_no
    assert interrupted >= 3  # most kills really landed inside a repair


# ---------------------------------------------------------------------------- a full disk


class _DiskFull:
    """A segment file on a disk that fills up after `room` more bytes."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def write(self, data) -> int:
        if len(data) > self.room:
            if self.room:
                self.real.write(bytes(data[: self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


def test_a_save_that_hits_a_full_disk_leaves_no_trace(make_db, monkeypatch):
    db = make_db()
    store = db.open()
    add_saves(store, 1, "ok")
    size = db.segment().stat().st_size
    state = store.state_hash()
    real_open = open
    with monkeypatch.context() as m:
        m.setattr(journal_mod, "open",
                  lambda *a, **k: _DiskFull(real_open(*a, **k), room=20), raising=False)
        store.journal.close()             # the next save reopens its segment on the full disk
        for _ in range(2):
            with pytest.raises(SaveFailed, match="ổ đĩa đã đầy"):
                add_saves(store, 2, "day")  # the second of these is a visit
        assert db.segment().stat().st_size == size
        assert store.state_hash() == state
    store.journal.close()                 # space was freed: the segment opens normally again
    made = add_saves(store, 2, "sau")
    store.abandon()

    entries = _all_entries(db)            # one chain, no number twice
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    with db.open() as again:
        assert all(again.get(t, rid) for t, rid in made)
    assert _check(db).ok


def _full_disk_for(monkeypatch, match: str) -> None:
    real = atomic.write_bytes

    def write_bytes(path: Path, data: bytes) -> None:
        if match in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", write_bytes)


def test_a_checkpoint_on_a_full_disk_is_a_warning_not_a_failed_save(make_db, monkeypatch):
    import antt_tui.storage.store as store_mod

    db = make_db()
    with monkeypatch.context() as m:
        m.setattr(store_mod, "CHECKPOINT_EVERY", 3)
        _full_disk_for(m, "tables")
        store = db.open()
        made = add_saves(store, 7, "day")  # two checkpoints fail during these saves
        store.close()
    assert any(w.startswith("Đã lưu, nhưng") and "ổ đĩa đã đầy" in w for w in store.warnings)
    with db.open() as store:
        assert all(store.get(t, rid) for t, rid in made)
    assert not list(db.folder.rglob("*.tmp-*"))


def test_a_backup_on_a_full_disk_is_a_warning_and_leaves_no_temp_file(make_db, monkeypatch):
    db = make_db()
    real_open = open

    def full_open(path, mode="r", *a, **k):
        fh = real_open(path, mode, *a, **k)
        return _DiskFull(fh, room=100) if ".zip.tmp-" in str(path) else fh

    with monkeypatch.context() as m:
        m.setattr(atomic, "open", full_open, raising=False)
        store = db.open()
        made = add_saves(store, 2, "x")
        store.close()
    assert any("bản sao lưu" in w for w in store.warnings)
    assert not list(db.backups.glob("*.tmp-*"))
    assert list_backups(db.backups) == []
    with db.open() as store:
        assert all(store.get(t, rid) for t, rid in made)


def test_reading_works_on_a_full_disk(make_db, monkeypatch):
    db = make_db()
    store = db.open()
    add_saves(store, 2, "x")
    store.abandon()                        # the next open has entries to replay
    _full_disk_for(monkeypatch, "")
    store = db.open()
    assert store.count("households") > 60
    store.close()                          # the checkpoint fails: said, not raised
    assert store.warnings


# ---------------------------------------------------------------------------- damage on open


def test_a_missing_table_file_is_rebuilt_on_open_never_an_empty_roster(make_db):
    db = make_db()
    before = snapshot(db)
    (db.folder / "tables" / "persons.json").unlink()
    store = db.open()
    assert any("persons.json" in n and "bị thiếu" in n for n in store.notices)
    assert {r["id"]: r for r in store.records("persons")} == before["persons"]
    store.close(backup=False)
    assert (db.folder / "tables" / "persons.json").exists()
    assert _check(db).ok


def test_a_catalog_of_the_wrong_shape_is_rebuilt_on_open_and_by_repair(make_db):
    db = make_db()
    before = snapshot(db)
    (db.folder / "tables" / "catalog.json").write_bytes(b'{"shards": {"households": 5}}')
    assert not _check(db).ok
    store = db.open()
    assert any("catalog.json" in n for n in store.notices)
    store.abandon()
    assert _check(db, repair=True).ok
    assert snapshot(db) == before


def test_a_flipped_byte_in_a_table_file_is_caught_on_open(make_db):
    db = make_db()
    before = snapshot(db)
    path = db.folder / "tables" / "households.json"
    data = path.read_bytes()
    at = data.index(b'"code":"') + 10
    path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])
    store = db.open()
    assert {r["id"]: r for r in store.records("households")} == before["households"]
    assert any("households.json" in n and "mã kiểm tra" in n for n in store.notices)
    store.abandon()


def test_a_damaged_line_not_yet_in_the_tables_refuses_the_open(make_db):
    db = make_db()
    store = db.open()
    add_saves(store, 3, "x")
    store.abandon()
    lines = db.segment().read_bytes().split(b"\n")
    _damage_line(db.segment(), len([x for x in lines if x]) - 2, b'"ev":"', b'"ev":"y')
    with pytest.raises(DatabaseDamaged, match="antt check --repair"):
        db.open()


# ---------------------------------------------------------------------------- backups


def test_a_damaged_folder_is_never_zipped_as_a_new_backup(make_db):
    db = make_db()
    _damage_line(db.segment(), 0, b'"by":"', b'"by":"X')
    with pytest.raises(BackupRefused):
        make_backup(db.folder, db.backups)
    assert list_backups(db.backups) == []


def test_the_oldest_good_backup_is_kept_when_newer_ones_are_damaged(make_db):
    db = make_db()
    made = []
    for day in range(3):
        made.append(make_backup(db.folder, db.backups,
                                when=(db.now[0] + (day * (db.now[0] - db.now[0]))).replace(
                                    tzinfo=None, day=10 + day)))
    for damaged in made[1:]:
        data = bytearray(damaged.read_bytes())
        data[len(data) // 2] ^= 0xFF
        damaged.write_bytes(bytes(data))
        os.utime(damaged, ns=(1, 1))
    prune(db.backups, keep=1)
    assert made[0].exists()


def test_a_damaged_backup_is_not_used_by_a_repair(make_db):
    db = make_db()
    backup = make_backup(db.folder, db.backups)
    data = bytearray(backup.read_bytes())
    data[len(data) // 3] ^= 0xFF
    backup.write_bytes(bytes(data))
    os.utime(backup, ns=(1, 1))
    before = snapshot(db)
    _damage_line(db.segment(), 0, b'"by":"', b'"by":"X')
    report = _check(db, repair=True)
    assert report.ok, report.problems
    assert snapshot(db) == before
    assert not any("tìm lại được" in n for n in report.notes)


# ---------------------------------------------------------------------------- open time


def test_a_checkpoint_moves_every_shard_to_the_journal_end(make_db, monkeypatch):
    db = make_db()
    store = db.open()
    add_saves(store, 3, "x")
    store.close(backup=False)
    catalog = orjson.loads((db.folder / "tables" / "catalog.json").read_bytes())["shards"]
    ends = {tuple(sorted(p.items())) for p in catalog.values()}
    assert len(ends) == 1                  # villages, unchanged for long, included
    end = dict(next(iter(ends)))

    store = db.open()
    add_saves(store, 1, "y")
    store.abandon()
    asked = []
    real = journal_mod.iter_device

    def spy(device_dir, *, after_seq=0):
        asked.append(after_seq)
        return real(device_dir, after_seq=after_seq)

    import antt_tui.storage.store as store_mod

    monkeypatch.setattr(store_mod, "iter_device", spy)
    with db.open() as store:
        assert store.replayed == 1
    assert asked == list(end.values())
