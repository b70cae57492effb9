"""`antt check`: verify every file and every journal chain of a database folder, and repair.

What is checked, in order: the folder's `antt-db.json`; every table file (it parses, its
records have ids); every device's journal (no gap, no edited entry, segments in order); and
that replaying the whole journal from empty gives exactly the state of the table files plus
the entries they have not absorbed yet.

Repair uses what is intact: a damaged table file is rebuilt from the journal, which holds the
full history; a damaged journal segment or `antt-db.json` is restored from the newest backup
that has a good copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage import atomic
from antt_tui.storage.backup import list_backups, read_member
from antt_tui.storage.errors import StoreError
from antt_tui.storage.journal import (
    JournalDamaged,
    device_segments,
    read_segment,
    verify_chain,
)
from antt_tui.storage.store import (
    META_FILE,
    TABLES,
    Shard,
    Store,
    acquire_lock,
    hash_records,
    read_meta,
    table_of,
)


@dataclass(slots=True)
class CheckReport:
    """Findings of a check, in Vietnamese; `ok` when nothing is wrong."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem is left."""
        return not self.problems


def check_database(folder: Path, *, backup_dir: Path, repair: bool = False) -> CheckReport:
    """Check (and with `repair`, mend) the database folder; the folder must not be open."""
    report = CheckReport()
    folder = Path(folder)
    if not folder.is_dir():
        report.problems.append(f"Không có thư mục cơ sở dữ liệu {folder}.")
        return report
    lock = acquire_lock(folder)
    try:
        _check(folder, backup_dir, repair, report)
    finally:
        lock.release()
    return report


def _check(folder: Path, backup_dir: Path, repair: bool, report: CheckReport) -> None:
    if not _check_meta(folder, backup_dir, repair, report):
        return
    entries = _check_journal(folder, backup_dir, repair, report)
    if entries is None:
        return
    damaged = _check_tables(folder, report)
    if damaged and repair:
        _rebuild_tables(folder, entries, damaged)
        report.problems = [p for p in report.problems if not p.startswith("Tệp bảng")]
        report.repaired.append("Đã dựng lại từ nhật ký thay đổi: " + ", ".join(sorted(damaged)))
        damaged = set()
    if damaged:
        return
    _check_replay(folder, entries, report, repair)


def _check_meta(folder: Path, backup_dir: Path, repair: bool, report: CheckReport) -> bool:
    try:
        read_meta(folder)
        return True
    except StoreError as exc:
        if repair and (folder / "tables").is_dir():
            for backup in list_backups(backup_dir):
                data = read_member(backup, META_FILE)
                if data is not None:
                    atomic.write_bytes(folder / META_FILE, data)
                    report.repaired.append(f"Đã khôi phục {META_FILE} từ bản sao lưu {backup.name}")
                    return True
        report.problems.append(str(exc))
        return False


def _check_journal(folder: Path, backup_dir: Path, repair: bool, report: CheckReport
                   ) -> list[dict[str, Any]] | None:
    """All entries of all devices if every chain holds; None when one is broken for good."""
    journal_dir = folder / "journal"
    everything: list[dict[str, Any]] = []
    broken = False
    devices = sorted(p for p in journal_dir.iterdir() if p.is_dir()) if journal_dir.is_dir() else []
    for device_dir in devices:
        entries = _verify_device(device_dir, report)
        if entries is None and repair and _restore_device(folder, device_dir, backup_dir, report):
            entries = _verify_device(device_dir, report)
        if entries is None:
            broken = True
            continue
        everything.extend(entries)
    total = len(everything)
    report.notes.append(f"Nhật ký: {len(devices)} thiết bị, {total} mục thay đổi, chuỗi băm hợp lệ."
                        if not broken else f"Nhật ký: {len(devices)} thiết bị.")
    if broken:
        return None
    everything.sort(key=lambda e: (e["hlc"], e["dev"], e["seq"]))
    return everything


def _verify_device(device_dir: Path, report: CheckReport) -> list[dict[str, Any]] | None:
    entries: list[dict[str, Any]] = []
    prev_hash, prev_seq = "", 0
    segments = device_segments(device_dir)
    for seg in segments:
        try:
            chunk = read_segment(seg.path)
            verify_chain(chunk, prev_hash=prev_hash, prev_seq=prev_seq)
        except JournalDamaged as exc:
            report.problems.append(
                f"Nhật ký {device_dir.name}/{seg.path.name} bị hỏng hoặc bị sửa: {exc}")
            return None
        if chunk:
            prev_hash, prev_seq = chunk[-1]["h"], chunk[-1]["seq"]
        entries.extend(chunk)
    if segments and not segments[-1].path.read_bytes().endswith(b"\n") and \
            segments[-1].path.stat().st_size:
        report.notes.append(f"Nhật ký {device_dir.name}: dòng cuối ghi dở do tắt đột ngột "
                            "(chưa được xác nhận lưu; sẽ được bỏ khi mở).")
    return entries


def _restore_device(folder: Path, device_dir: Path, backup_dir: Path, report: CheckReport
                    ) -> bool:
    """Replace each failing segment by a backup copy that fits the chain exactly.

    A copy is used only when the whole chain then verifies, so a repair never drops entries
    silently: a segment that grew after its backup cannot be restored this way.
    """
    rel_dir = device_dir.relative_to(folder).as_posix()
    segments = device_segments(device_dir)
    originals = {seg.path: seg.path.read_bytes() for seg in segments}
    restored = []
    for seg in segments:
        if _verify_device(device_dir, CheckReport()) is not None:
            break
        for backup in list_backups(backup_dir):
            data = read_member(backup, f"{rel_dir}/{seg.path.name}")
            if data is None or data == originals[seg.path]:
                continue
            atomic.write_bytes(seg.path, data)
            if _verify_device(device_dir, CheckReport()) is not None:
                restored.append(f"{seg.path.name} từ {backup.name}")
                break
            atomic.write_bytes(seg.path, originals[seg.path])
    if restored and _verify_device(device_dir, CheckReport()) is not None:
        report.problems = [p for p in report.problems if device_dir.name not in p]
        report.repaired.append(f"Đã khôi phục nhật ký {device_dir.name}: {', '.join(restored)}.")
        return True
    report.problems.append(f"Không tự khôi phục được nhật ký {device_dir.name}: không có bản sao "
                           "lưu nào khớp. Hãy giữ nguyên thư mục và liên hệ cán bộ kỹ thuật.")
    return False


def _check_tables(folder: Path, report: CheckReport) -> set[str]:
    damaged = set()
    files = sorted(p for p in (folder / "tables").glob("*.json") if p.stem != "catalog")
    for path in files:
        try:
            data = orjson.loads(path.read_bytes())
            docs = data["_default"]
            if not all(isinstance(d, dict) and d.get("id") for d in docs.values()):
                raise ValueError("bản ghi thiếu mã định danh")
            if table_of(path.stem) not in TABLES:
                raise ValueError("bảng không rõ")
        except (ValueError, KeyError, TypeError) as exc:
            report.problems.append(f"Tệp bảng {path.name} bị hỏng: {exc}")
            damaged.add(path.stem)
    report.notes.append(f"Tệp bảng: {len(files)} tệp, {len(files) - len(damaged)} đọc được.")
    return damaged


def replay_journal(entries: list[dict[str, Any]]) -> dict[str, Shard]:
    """Build every shard from empty by applying the entries in clock order."""
    shards: dict[str, Shard] = {}
    for entry in entries:
        for op in entry["ops"]:
            shard = shards.get(op["s"])
            if shard is None:
                shard = shards[op["s"]] = Shard(op["s"], Path(op["s"]))
            Store._apply_op(shard, op)
            shard.position[entry["dev"]] = max(shard.position.get(entry["dev"], 0), entry["seq"])
    return shards


def records_hash(shards: dict[str, Shard]) -> str:
    """The same hash as `Store.state_hash`, for shards built outside a store."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for shard in shards.values():
        rows.setdefault(table_of(shard.name), []).extend(shard.records.values())
    return hash_records(rows)


def _rebuild_tables(folder: Path, entries: list[dict[str, Any]], names: set[str]) -> None:
    shards = replay_journal(entries)
    final: dict[str, int] = {}
    for entry in entries:
        final[entry["dev"]] = max(final.get(entry["dev"], 0), entry["seq"])
    tables_dir = folder / "tables"
    for name in names:
        shard = shards.get(name) or Shard(name, tables_dir / f"{name}.json")
        shard.path = tables_dir / f"{name}.json"
        shard.position = dict(final)
        atomic.write_bytes(shard.path, orjson.dumps(shard.to_tinydb()))


def _check_replay(folder: Path, entries: list[dict[str, Any]], report: CheckReport,
                  repair: bool) -> None:
    expected = records_hash(replay_journal(entries))
    try:
        store = Store.open(folder, lock=False)
        try:
            actual = store.state_hash()
        finally:
            store.abandon()
    except StoreError as exc:
        report.problems.append(str(exc))
        return
    if actual == expected:
        report.notes.append("Dữ liệu các bảng khớp hoàn toàn với nhật ký thay đổi.")
        return
    if repair:
        names = {p.stem for p in (folder / "tables").glob("*.json") if p.stem != "catalog"}
        names |= set(replay_journal(entries))
        _rebuild_tables(folder, entries, names)
        report.repaired.append("Các bảng không khớp nhật ký: đã dựng lại toàn bộ từ nhật ký.")
        return
    report.problems.append("Dữ liệu các bảng không khớp với nhật ký thay đổi "
                           "(chạy `antt check --repair` để dựng lại từ nhật ký).")
