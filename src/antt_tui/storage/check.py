"""`antt check`: verify every file and journal chain of a database folder, and repair it
without dropping any change that an intact copy still holds.

The check reads everything and changes nothing: `antt-db.json`; every table file (it parses,
its checksum holds); every device's journal (no gap, no edited line); and that replaying the
whole journal from empty gives exactly the state the program opens (the table files plus the
entries they have not absorbed).

The repair works from every intact source. The best state is the intact table files (or a
verified backup copy of a damaged one) plus every intact journal line after them — those
after a damaged line included. A damaged journal line is replaced by a true copy from any
backup when one links into the chain, and otherwise by a stub that records the break
(`journal.make_stub`). A change that exists nowhere (its line damaged, no backup, not yet in
a table file) is reported one line each, and the repair waits for the officer's consent.
Before anything is written, every file that will change is copied into a dated folder of
damaged files. Then one `storage.repair` entry, appended to this device's journal, re-states
what the table files held that the journal had lost, so that the journal alone gives the
whole state again, `check` is clean afterwards, and no sequence number is ever reused.

The writes are ordered so that a crash at any moment leaves a folder that opens with every
save, and running the repair again finishes the work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.domain.dates import vn_stamp
from antt_tui.domain.vocab import TABLE_LABELS
from antt_tui.storage import atomic
from antt_tui.storage.backup import good_backups, read_member
from antt_tui.storage.errors import StoreError
from antt_tui.storage.fold import Fold, fold_entries
from antt_tui.storage.journal import HybridClock, JournalWriter, read_device, replay_key
from antt_tui.storage.registers import LIFE, seen_refs
from antt_tui.storage.salvage import (
    DeviceScan,
    backup_entries,
    fill_holes,
    is_stub,
    scan_device,
)
from antt_tui.storage.store import (
    META_FILE,
    TABLES,
    Shard,
    acquire_lock,
    hash_records,
    local_now,
    new_aside_folder,
    parse_catalog,
    read_meta,
    table_of,
)
from antt_tui.storage.tinyfile import TableFileDamaged

REPAIR_EVENT = "storage.repair"
"""Event of the entry a repair appends (it re-states what the journal had lost)."""



@dataclass(slots=True)
class CheckReport:
    """Findings of a check, in Vietnamese; `ok` when nothing is wrong."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    """One line per change that no intact copy holds (what a repair cannot bring back)."""
    aside: Path | None = None
    """The dated folder where the repair put the files it replaced."""
    needs_consent: bool = False
    """The repair stopped before writing anything: changes would be lost (see `lost`)."""

    @property
    def ok(self) -> bool:
        """True when no problem is left."""
        return not self.problems


@dataclass(slots=True)
class Diagnosis:
    """Everything the check found, and what a repair would write (nothing written yet)."""

    meta: dict[str, Any] | None = None
    meta_backup: bytes | None = None
    scans: dict[str, DeviceScan] = field(default_factory=dict)
    bad_tables: dict[str, str] = field(default_factory=dict)
    """Shard name → why its file cannot be used (missing, damaged)."""
    catalog_bad: bool = False
    final: dict[str, Shard] = field(default_factory=dict)
    """The best state: intact table files (or backup copies) plus newer intact entries."""
    repair_ops: list[dict[str, Any]] = field(default_factory=list)
    uncovered: list[tuple[str, int, int]] = field(default_factory=list)
    """Runs of stubs no repair entry has accounted for yet: (device, first, last)."""
    recovered: int = 0
    fixable: bool = True


def check_database(folder: Path, *, backup_dir: Path, aside_dir: Path | None = None,
                   repair: bool = False, accept_loss: bool = False, officer: str = "",
                   now: datetime | None = None) -> CheckReport:
    """Check (and with `repair`, mend) the database folder; the folder must not be open.

    A repair that would leave changes lost stops before writing (`needs_consent`) unless
    `accept_loss` is given.
    """
    report = CheckReport()
    folder = Path(folder)
    if not folder.is_dir():
        report.problems.append(f"Không có thư mục cơ sở dữ liệu {folder}.")
        return report
    lock = acquire_lock(folder)
    try:
        diagnosis = diagnose(folder, backup_dir, report)
        if not repair or report.ok or not diagnosis.fixable:
            return report
        if report.lost and not accept_loss:
            report.needs_consent = True
            return report
        when = now or local_now()
        aside = apply_repair(folder, diagnosis, aside_dir or folder.parent / f"{folder.name}-tephong",
                             when, officer, report)
        after = CheckReport()
        diagnose(folder, backup_dir, after)
        report.problems, report.notes, report.aside = after.problems, after.notes, aside
    finally:
        lock.release()
    return report


# ---------------------------------------------------------------------------- diagnosis


def diagnose(folder: Path, backup_dir: Path, report: CheckReport) -> Diagnosis:
    """Read every file of the folder and work out the best state; writes nothing."""
    dx = Diagnosis()
    # Verified now, in full, before anything is taken from them; only when something is hurt.
    backups = functools.cache(lambda: good_backups(backup_dir))
    try:
        dx.meta = read_meta(folder)
    except StoreError as exc:
        report.problems.append(str(exc))
        dx.meta, dx.meta_backup = _meta_from_backups(backups())
        if dx.meta is None:
            report.problems.append("Không có bản sao lưu nào chứa tệp antt-db.json còn tốt.")
            dx.fixable = False
            return dx
    require = int(dx.meta.get("schema_version", 0)) >= 2
    base, positions = _read_tables(folder, require, dx, report)
    claimed: dict[str, int] = {}
    for position in positions.values():
        for dev, seq in position.items():
            claimed[dev] = max(claimed.get(dev, 0), seq)
    entries = _read_journal(folder, claimed, backups, dx, report)
    journal_state = replay_journal(entries)
    wanted = set(base) | set(dx.bad_tables) | set(journal_state)
    for name in sorted(wanted - set(base)):
        if name not in dx.bad_tables and (folder / "tables").is_dir() and positions.get(name):
            dx.bad_tables[name] = "bị thiếu"
            report.problems.append(f"Thiếu tệp bảng {name}.json.")
        if name in dx.bad_tables or dx.catalog_bad:
            base[name], positions[name] = _from_backups(name, backups(), report,
                                                        damaged=name in dx.bad_tables)
        else:  # never checkpointed yet: every entry of it is in the journal
            base[name], positions[name] = Shard(name, Path(name)), {}
    dx.final = _best_state(base, positions, entries)
    _report_lost(dx, positions, entries, report)
    dx.repair_ops = _difference(journal_state, dx.final)
    if dx.repair_ops:
        changed = len({op["id"] for op in dx.repair_ops})
        report.problems.append(f"Dữ liệu các bảng không khớp với nhật ký thay đổi ({changed} bản "
                               "ghi); nhật ký cần được nối lại.")
    else:
        report.notes.append("Dữ liệu các bảng khớp hoàn toàn với nhật ký thay đổi.")
    return dx


def _meta_from_backups(backups: list[Path]) -> tuple[dict[str, Any] | None, bytes | None]:
    for backup in backups:
        data = read_member(backup, META_FILE, verified=True)
        try:
            meta = orjson.loads(data) if data else None
        except ValueError:
            continue
        if isinstance(meta, dict) and meta.get("device_id"):
            return meta, data
    return None, None


def _read_tables(folder: Path, require: bool, dx: Diagnosis, report: CheckReport
                 ) -> tuple[dict[str, Shard], dict[str, dict[str, int]]]:
    """The intact table files and the journal position each holds (catalog included)."""
    base: dict[str, Shard] = {}
    positions: dict[str, dict[str, int]] = {}
    tables = folder / "tables"
    files = sorted(p for p in tables.glob("*.json") if p.stem != "catalog")
    for path in files:
        if table_of(path.stem) not in TABLES:
            report.notes.append(f"Bỏ qua tệp lạ {path.name} trong thư mục bảng.")
            continue
        try:
            shard = Shard.from_bytes(path.stem, path, path.read_bytes(), require_checksum=require)
        except TableFileDamaged as exc:
            dx.bad_tables[path.stem] = f"bị hỏng ({exc})"
            report.problems.append(f"Tệp bảng {path.name} bị hỏng: {exc}.")
            continue
        base[path.stem] = shard
        positions[path.stem] = dict(shard.position)
    catalog = tables / "catalog.json"
    if catalog.exists():
        try:
            for name, position in parse_catalog(catalog.read_bytes()).items():
                # The catalog may say a shard is current further than its file says
                # (nothing since touched it); it never names a position beyond the journal.
                merged = positions.setdefault(name, {})
                for dev, seq in position.items():
                    merged[dev] = max(merged.get(dev, 0), seq)
        except ValueError as exc:
            dx.catalog_bad = True
            report.problems.append(f"Tệp mục lục catalog.json bị hỏng: {exc}.")
    report.notes.append(f"Tệp bảng: {len(files)} tệp, {len(base)} đọc được và đúng mã kiểm tra.")
    return base, positions


def _read_journal(folder: Path, claimed: dict[str, int], backups: Callable[[], list[Path]],
                  dx: Diagnosis, report: CheckReport) -> list[dict[str, Any]]:
    """Every intact, recovered or stub entry of every device, in replay order."""
    journal_dir = folder / "journal"
    devices = {p.name for p in journal_dir.iterdir() if p.is_dir()} if journal_dir.is_dir() \
        else set()
    devices |= {dev for dev, seq in claimed.items() if seq > 0}
    total = 0
    for dev in sorted(devices):
        scan = scan_device(journal_dir / dev, claimed=claimed.get(dev, 0))
        dx.scans[dev] = scan
        for hole in scan.holes:
            span = f"mục {hole.first}" if hole.first == hole.last else \
                f"các mục {hole.first}–{hole.last}"
            why = "bị hỏng hoặc bị sửa" if hole.bad else "bị thiếu"
            report.problems.append(f"Nhật ký thiết bị {dev}: {span} {why}.")
        if scan.stray:
            report.problems.append(f"Nhật ký thiết bị {dev}: {len(scan.stray)} dòng hỏng hoặc "
                                   "trùng không thuộc chuỗi.")
        if scan.unresolved:
            dx.fixable = False
            report.problems.extend(f"Nhật ký: {text}. Không tự sửa được; hãy giữ nguyên thư "
                                   "mục và liên hệ cán bộ kỹ thuật." for text in scan.unresolved)
        if scan.torn_tail:
            report.notes.append(f"Nhật ký {dev}: dòng cuối ghi dở do tắt đột ngột (chưa được "
                                "xác nhận lưu; sẽ được bỏ khi mở).")
        if scan.holes:
            recovered, _ = fill_holes(scan, backup_entries(backups(), dev))
            dx.recovered += recovered
            if recovered:
                report.notes.append(f"Nhật ký {dev}: tìm lại được {recovered} mục nguyên vẹn "
                                    "trong bản sao lưu.")
        total += len(scan.lines)
    entries = [line.entry for scan in dx.scans.values() for line in scan.lines]
    covered = _covered(entries)
    for scan in dx.scans.values():
        run: list[int] = []
        for line in scan.lines:
            seq = line.entry["seq"]
            if is_stub(line.entry) and (scan.dev, seq) not in covered:
                if run and run[-1] != seq - 1:
                    dx.uncovered.append((scan.dev, run[0], run[-1]))
                    run = []
                run.append(seq)
        if run:
            dx.uncovered.append((scan.dev, run[0], run[-1]))
    report.notes.append(f"Nhật ký: {len(dx.scans)} thiết bị, {total} mục thay đổi.")
    entries.sort(key=replay_key)
    return entries


def _covered(entries: list[dict[str, Any]]) -> set[tuple[str, int]]:
    """Stubs that a repair entry has already re-stated (they hide nothing any more)."""
    covered: set[tuple[str, int]] = set()
    for entry in entries:
        if entry.get("ev") == REPAIR_EVENT:
            for dev, first, last in entry.get("covers", []):
                covered.update((dev, n) for n in range(first, last + 1))
    return covered


def _from_backups(name: str, backups: list[Path], report: CheckReport, *, damaged: bool
                  ) -> tuple[Shard, dict[str, int]]:
    """A damaged or missing shard's best base: the newest verified backup copy, or empty."""
    for backup in backups:
        data = read_member(backup, f"tables/{name}.json", verified=True)
        if data is None:
            continue
        try:
            shard = Shard.from_bytes(name, Path(name), data, require_checksum=False)
        except TableFileDamaged:
            continue
        if damaged:
            report.notes.append(f"Bảng {name}: dùng bản trong {backup.name} rồi áp nhật ký.")
        return shard, dict(shard.position)
    return Shard(name, Path(name)), {}


def _best_state(base: dict[str, Shard], positions: dict[str, dict[str, int]],
                entries: list[dict[str, Any]]) -> dict[str, Shard]:
    """Each shard's base plus every entry it does not hold yet (what `Store.open` does)."""
    final = dict(base)
    for name, shard in final.items():
        shard.position = dict(positions.get(name, shard.position))

    def load(name: str) -> Shard:
        shard = final.get(name)
        if shard is None:
            shard = final[name] = Shard(name, Path(name), position=dict(positions.get(name, {})))
        return shard

    fold = Fold(load, lambda table: [n for n in final if table_of(n) == table],
                lambda: list(final))
    for entry in entries:
        fold.apply(entry)
    return final


def _report_lost(dx: Diagnosis, positions: dict[str, dict[str, int]],
                 entries: list[dict[str, Any]], report: CheckReport) -> None:
    """One line per change in a stub that no table file holds."""
    covered = _covered(entries)
    for entry in entries:
        if not is_stub(entry) or (entry["dev"], entry["seq"]) in covered:
            continue
        dev, seq = entry["dev"], entry["seq"]
        info = entry.get("lost", {})
        who = ", ".join(x for x in (info.get("by"), _when(info.get("at"))) if x)
        head = f"Thiết bị {dev}, thay đổi số {seq}" + (f" ({who})" if who else "")
        ops = info.get("ops")
        if isinstance(ops, list):
            for op in ops:
                shard = op.get("s") or op.get("t") or ""
                held = max((pos.get(dev, 0) for name, pos in positions.items()
                            if name == shard or table_of(name) == shard), default=0)
                if seq <= held:
                    continue  # the table file holds it
                fields = ", ".join(_field_label(f) for f in op.get("f", [])) or "bản ghi"
                report.lost.append(f"{head}: {_record_label(dx, op)} — {fields}")
        elif any(seq > position.get(dev, 0) for name, position in positions.items()
                 if dx.final.get(name) is not None and dx.final[name].records):
            report.lost.append(f"{head}: nội dung không đọc được, có thể mất một thay đổi")


def _when(at: Any) -> str:
    if not isinstance(at, str) or len(at) < 16:
        return ""
    return vn_stamp(at)


def _field_label(key: str) -> str:
    from antt_tui.domain.rules import FIELD_LABELS

    return FIELD_LABELS.get(key, key)


def _record_label(dx: Diagnosis, op: dict[str, Any]) -> str:
    table = op.get("t") or table_of(op.get("s") or "")
    label = TABLE_LABELS.get(table, table or "bản ghi")
    shard = dx.final.get(op.get("s") or table)
    record = shard.records.get(op.get("id") or "") if shard else None
    if record:
        name = record.get("code") or record.get("full_name") or record.get("name")
        if name:
            return f"{label} {name}"
    if op.get("l"):
        return f"{label} {op['l']} (theo dòng hỏng)"
    return f"{label} {str(op.get('id') or '')[:8]}"


def _difference(journal: dict[str, Shard], final: dict[str, Shard]) -> list[dict[str, Any]]:
    """Ops that turn the journal's state into the best state, record by record.

    Each re-states a whole record and names, for every field, the writes either side holds,
    so that it overwrites them wherever it is applied (the table files' clocks may hold writes
    whose journal lines were lost). A record the journal has and the tables lack is kept.
    """
    held = _by_record(journal)
    ops: list[dict[str, Any]] = []
    for rid, (table, shard) in sorted(_by_record(final).items()):
        want = shard.records[rid]
        other = held.get(rid)
        have = other[1].records[rid] if other else None
        if have == want:
            continue
        fields = sorted({*want, *(have or {})} - {"id"} | {LIFE})
        pred: dict[str, list[str]] = {}
        for side, record in ((shard, want), *(((other[1], have),) if other else ())):
            for field_name, refs in seen_refs(side.clocks.get(rid), record, fields).items():
                pred[field_name] = sorted({*pred.get(field_name, []), *refs})
        ops.append({"t": table, "id": rid,
                    "set": {k: v for k, v in want.items() if k != "id"}, "pred": pred})
    return ops


def _by_record(shards: dict[str, Shard]) -> dict[str, tuple[str, Shard]]:
    out: dict[str, tuple[str, Shard]] = {}
    for name, shard in shards.items():
        for rid in shard.records:
            out[rid] = (table_of(name), shard)
    return out


def replay_journal(entries: list[dict[str, Any]]) -> dict[str, Shard]:
    """Build every shard from empty by applying the entries in clock order."""
    return fold_entries(entries)


def records_hash(shards: dict[str, Shard]) -> str:
    """The same hash as `Store.state_hash`, for shards built outside a store."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for shard in shards.values():
        rows.setdefault(table_of(shard.name), []).extend(shard.records.values())
    return hash_records(rows)


# ---------------------------------------------------------------------------- repair


def apply_repair(folder: Path, dx: Diagnosis, aside_dir: Path, now: datetime, officer: str,
                 report: CheckReport) -> Path:
    """Write what the diagnosis worked out, each file set aside before it is replaced."""
    assert dx.meta is not None
    aside = new_aside_folder(aside_dir, now)
    rewrite = {dev: scan for dev, scan in dx.scans.items() if scan.damaged}
    tables = folder / "tables"
    journal_dir = folder / "journal"
    month = now.strftime("%Y-%m")
    # 1. Keep a copy of everything that is about to change.
    keep = [folder / META_FILE] if dx.meta_backup is not None else []
    for dev in rewrite:
        keep += sorted((journal_dir / dev).glob("*.jsonl"))
    keep += [tables / f"{name}.json" for name in dx.bad_tables]
    keep += [tables / "catalog.json"]
    for path in keep:
        if path.is_file():
            atomic.copy_file(path, aside / path.relative_to(folder))
    report.repaired.append(f"Đã cất bản của các tệp sắp sửa vào {aside}.")
    # 2. The folder's identity, from a verified backup.
    if dx.meta_backup is not None:
        atomic.write_bytes(folder / META_FILE, dx.meta_backup)
        report.repaired.append(f"Đã khôi phục {META_FILE} từ bản sao lưu.")
    # 3. Journals whose chain was broken: intact lines byte for byte, true copies, stubs.
    for dev, scan in rewrite.items():
        device_dir = journal_dir / dev
        device_dir.mkdir(parents=True, exist_ok=True)
        by_segment: dict[str, list[bytes]] = {p.name: [] for p in device_dir.glob("*.jsonl")}
        for line in scan.lines:
            by_segment.setdefault(line.segment or f"{month}.jsonl", []).append(
                line.raw or orjson.dumps(line.entry))
        for name, lines in sorted(by_segment.items()):
            atomic.write_bytes(device_dir / name, b"".join(x + b"\n" for x in lines))
        report.repaired.append(f"Đã nối lại nhật ký thiết bị {dev}.")
    # 4. One entry that records the break and re-states what only the tables still held.
    if dx.repair_ops or dx.uncovered:
        _append_repair_entry(folder, dx, now, officer)
        report.repaired.append("Đã ghi một mục sửa chữa vào nhật ký (ghi lại chỗ đứt và "
                               f"{len({op['id'] for op in dx.repair_ops})} bản ghi lấy từ tệp bảng).")
    # 5. Table files and catalog: the damaged ones from the journal, now whole again.
    if dx.bad_tables:
        entries = sorted((e for dev_dir in sorted(journal_dir.iterdir()) if dev_dir.is_dir()
                          for e in read_device(dev_dir)), key=replay_key)
        ends: dict[str, int] = {}
        for entry in entries:
            ends[entry["dev"]] = max(ends.get(entry["dev"], 0), entry["seq"])
        rebuilt = fold_entries(entries, tables={table_of(n) for n in dx.bad_tables})
        schema = int(dx.meta.get("schema_version", 0))
        for name in sorted(dx.bad_tables):
            shard = rebuilt.get(name) or Shard(name, tables / f"{name}.json")
            shard.path, shard.position = tables / f"{name}.json", dict(ends)
            shard.write(schema)
    if dx.bad_tables:
        report.repaired.append("Đã dựng lại tệp bảng: " + ", ".join(sorted(dx.bad_tables)) + ".")
    catalog: dict[str, dict[str, int]] = {}
    for path in sorted(tables.glob("*.json")):
        if path.stem == "catalog" or table_of(path.stem) not in TABLES:
            continue
        try:
            catalog[path.stem] = dict(Shard.from_bytes(path.stem, path, path.read_bytes(),
                                                       require_checksum=False).position)
        except TableFileDamaged:
            continue
    atomic.write_bytes(tables / "catalog.json", orjson.dumps({"shards": catalog}))
    return aside


def _append_repair_entry(folder: Path, dx: Diagnosis, now: datetime, officer: str) -> None:
    assert dx.meta is not None
    device = dx.meta["device_id"]
    clock = HybridClock(lambda: now)
    for scan in dx.scans.values():
        for line in scan.lines:
            clock.observe(line.entry["hlc"] or "0-0", own=True)
    writer = JournalWriter(folder / "journal" / device, device, clock)
    try:
        lost = sum(last - first + 1 for _, first, last in dx.uncovered)
        summary = (f"Sửa cơ sở dữ liệu: {lost} mục nhật ký hỏng được thay bằng ghi chú chỗ đứt; "
                   f"{len({op['id'] for op in dx.repair_ops})} bản ghi được ghi lại từ tệp bảng.")
        entry = writer.make_entry(REPAIR_EVENT, dx.repair_ops, officer or "antt check",
                                  {"covers": [list(run) for run in dx.uncovered], "sum": summary})
        writer.append(entry)
    finally:
        writer.close()


def _journal_ends(journal_dir: Path) -> dict[str, int]:
    from antt_tui.storage.journal import device_segments, read_last_entry

    ends: dict[str, int] = {}
    for device_dir in sorted(p for p in journal_dir.iterdir() if p.is_dir()):
        for seg in reversed(device_segments(device_dir)):
            last = read_last_entry(seg.path)
            if last is not None:
                ends[device_dir.name] = last["seq"]
                break
    return ends
