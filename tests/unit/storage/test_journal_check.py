"""The journal's chain and segments, and `check_database` finding and repairing damage."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from antt_tui.storage.backup import make_backup
from antt_tui.storage.check import check_database, records_hash, replay_journal
from antt_tui.storage.journal import (
    HybridClock,
    JournalDamaged,
    device_segments,
    read_segment,
    verify_chain,
)
from antt_tui.storage.store import Store


def _store(folder: Path, **kw) -> Store:
    return Store.open(folder, host="h", backup_dir=folder.parent / "backups", **kw)


def _fill(folder: Path, months: list[int]) -> Store:
    """A store with one save in each month of 2026 listed (the journal's wall clock)."""
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = _store(folder, create=True, clock=lambda: now[0])
    for m in months:
        now[0] = datetime(2026, m, 10, tzinfo=UTC)
        store.commit("visit.add", store.op_set("visits", str(uuid.uuid4()),
                                               {"date": f"2026-{m:02d}-10", "note": "Ghé thăm"}))
    return store


def _device_dir(folder: Path) -> Path:
    return next(p for p in (folder / "journal").iterdir() if p.is_dir())


def _all_entries(folder: Path) -> list[dict]:
    entries = [e for seg in device_segments(_device_dir(folder)) for e in read_segment(seg.path)]
    return sorted(entries, key=lambda e: (e["hlc"], e["dev"], e["seq"]))


def test_one_segment_per_month_and_an_unbroken_chain(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    _fill(folder, [1, 1, 2, 5]).close()
    segments = device_segments(_device_dir(folder))
    assert [s.month for s in segments] == ["2026-01", "2026-02", "2026-05"]
    entries = [e for s in segments for e in read_segment(s.path)]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    verify_chain(entries)


def test_replay_from_empty_equals_stored_state(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    store = _fill(folder, [1, 2, 3])
    vid = next(iter(store.records("visits")))["id"]
    store.commit("visit.edit", store.op_set("visits", vid, {"date": "2025-12-31"}))
    expected = store.state_hash()
    store.close()
    assert records_hash(replay_journal(_all_entries(folder))) == expected


def test_edited_old_entry_is_detected(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    _fill(folder, [1, 2]).close()
    seg = device_segments(_device_dir(folder))[0].path
    lines = seg.read_bytes().splitlines()
    entry = orjson.loads(lines[0])
    entry["ops"][0]["set"]["note"] = "Sửa lén"
    seg.write_bytes(orjson.dumps(entry) + b"\n" + b"\n".join(lines[1:]) + b"\n")
    with pytest.raises(JournalDamaged, match="bị sửa"):
        verify_chain(read_segment(seg))
    report = check_database(folder, backup_dir=tmp_path / "backups")
    assert not report.ok
    assert any("bị sửa" in p for p in report.problems)


def test_rehashed_forgery_breaks_the_chain(tmp_path: Path) -> None:
    """Recomputing the edited entry's own hash does not help: the next entry points at the old."""
    from antt_tui.storage.journal import entry_hash

    folder = tmp_path / "db"
    _fill(folder, [1, 1]).close()
    seg = device_segments(_device_dir(folder))[0].path
    first, second = (orjson.loads(x) for x in seg.read_bytes().splitlines())
    first["ops"][0]["set"]["note"] = "Sửa lén"
    first["h"] = entry_hash(first)
    seg.write_bytes(orjson.dumps(first) + b"\n" + orjson.dumps(second) + b"\n")
    with pytest.raises(JournalDamaged, match="chuỗi băm"):
        verify_chain(read_segment(seg))


def test_torn_last_line_is_dropped_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    _fill(folder, [1, 1]).abandon()
    seg = device_segments(_device_dir(folder))[0].path
    with open(seg, "ab") as fh:
        fh.write(b'{"v": 1, "dev": "x", "seq": 3, "ops": [')
    report = check_database(folder, backup_dir=tmp_path / "backups")
    assert report.ok, report.problems
    with _store(folder) as store:
        assert store.count("visits") == 2
        store.commit("visit.add", store.op_set("visits", "v3", {"date": "2026-01-11"}))
    verify_chain(read_segment(seg))


def test_damaged_table_file_rebuilt_from_journal(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    store = _fill(folder, [3, 3, 4])
    expected = store.state_hash()
    store.close()
    (folder / "tables" / "visits-2026.json").write_bytes(b"\x00\x00garbage")
    report = check_database(folder, backup_dir=tmp_path / "backups")
    assert any("visits-2026.json" in p for p in report.problems)
    report = check_database(folder, backup_dir=tmp_path / "backups", repair=True)
    assert report.ok, report.problems
    assert report.repaired
    with _store(folder) as again:
        assert again.state_hash() == expected


def test_table_edited_outside_the_program_fails_its_checksum_and_is_rebuilt(tmp_path: Path
                                                                          ) -> None:
    folder = tmp_path / "db"
    store = _fill(folder, [6])
    expected = store.state_hash()
    store.close()
    path = folder / "tables" / "visits-2026.json"
    data = orjson.loads(path.read_bytes())
    for doc in data["_default"].values():
        doc["note"] = "Bị sửa ngoài chương trình"
    path.write_bytes(orjson.dumps(data))
    report = check_database(folder, backup_dir=tmp_path / "backups")
    assert any("sai mã kiểm tra" in p for p in report.problems)
    assert check_database(folder, backup_dir=tmp_path / "backups", repair=True).ok
    with _store(folder) as again:
        assert again.state_hash() == expected


def test_damaged_segment_restored_from_backup(tmp_path: Path) -> None:
    folder, backups = tmp_path / "db", tmp_path / "backups"
    _fill(folder, [1, 2]).close()
    make_backup(folder, backups)
    january = device_segments(_device_dir(folder))[0].path
    good = january.read_bytes()
    january.write_bytes(good.replace(b"Gh\xc3\xa9", b"XX\xc3\xa9"))
    assert not check_database(folder, backup_dir=backups).ok
    report = check_database(folder, backup_dir=backups, repair=True)
    assert report.ok, report.problems
    assert january.read_bytes() == good


def test_check_refuses_an_open_database(tmp_path: Path) -> None:
    from antt_tui.storage.errors import DatabaseLocked

    folder = tmp_path / "db"
    store = _fill(folder, [1])
    with pytest.raises(DatabaseLocked):
        check_database(folder, backup_dir=tmp_path / "backups")
    store.close()


def test_hybrid_clock_never_goes_back() -> None:
    walls = iter([datetime(2026, 1, 1, 0, 0, 5, tzinfo=UTC),
                  datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC),
                  datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)])
    clock = HybridClock(lambda: next(walls))
    stamps = [clock.now()[0] for _ in range(3)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3


def test_hybrid_clock_refuses_a_stamp_far_ahead_and_keeps_sorting_past_9999() -> None:
    from antt_tui.storage.journal import format_hlc, parse_hlc

    now = datetime(2026, 1, 2, tzinfo=UTC)
    clock = HybridClock(lambda: now)
    in_2035 = format_hlc(int(datetime(2035, 1, 1, tzinfo=UTC).timestamp() * 1000), 0)
    assert clock.observe(in_2035) is False
    assert clock.now()[0] < in_2035                  # one laptop set to 2035 drags nobody
    an_hour_ahead = format_hlc(int(now.timestamp() * 1000) + 3_600_000, 0)
    assert clock.observe(an_hour_ahead) is True
    assert clock.now()[0] > an_hour_ahead
    stamps = [clock.now()[0] for _ in range(12_000)]  # the same millisecond, many saves
    assert stamps == sorted(stamps) and parse_hlc(stamps[-1])[1] > 9999
