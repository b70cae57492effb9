"""The database: in-memory tables, the journal as write-ahead log, TinyDB shards as checkpoints.

A save (`Store.commit`) appends one fsynced journal entry and applies its operations to the
tables in memory; that is all the disk work a save does. The table files are rewritten at
checkpoints (every `CHECKPOINT_EVERY` entries, on `checkpoint()` and on `close()`), each
recording how far into every device's journal it is. On open, journal entries after that
point are replayed, so a crash at any moment loses nothing that a save had returned.

A save is acknowledged exactly when its journal line is on disk: if the append fails, nothing
of it stays (`SaveFailed`); a checkpoint or backup that fails afterwards is only a warning
(`Store.warnings`), since the journal already holds the save. Opening never hides damage: a
table file that is missing, unreadable or fails its checksum is rebuilt from the journal (the
damaged file is set aside) and said in `Store.notices`; a damaged journal refuses the open.

Folder layout::

    antt-db.json            format, schema version, this device's id
    .lock                   held while a program has the folder open
    tables/<shard>.json     TinyDB files: communes, villages, households, persons,
                            incidents, commitments, documents, teams, team_activities,
                            confirmations, reports, settings, visits-<year>; plus
                            catalog.json (each shard's journal position: a cache)
    journal/<device>/<YYYY-MM>.jsonl
"""

from __future__ import annotations

import hashlib
import platform
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage import atomic, migrations
from antt_tui.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    NewerSchema,
    NotADatabase,
    SaveFailed,
    describe_os_error,
)
from antt_tui.storage.fold import Fold, fold_entries
from antt_tui.storage.journal import (
    MAX_AHEAD_MS,
    HybridClock,
    JournalDamaged,
    JournalWriter,
    iter_device,
    read_device,
    replay_key,
    tables_in,
    verify_chain,
)
from antt_tui.storage.layout import (
    FORMAT_NAME,
    META_FILE,
    new_aside_folder,
    parse_catalog,
    read_meta,
)
from antt_tui.storage.registers import LIFE, seen_refs
from antt_tui.storage.registers import heads as register_heads
from antt_tui.storage.shard import TABLES, YEARLY_TABLES, Shard, shard_for, table_of
from antt_tui.storage.textnorm import nfc_deep
from antt_tui.storage.tinyfile import TableFileDamaged

__all__ = ["TABLES", "YEARLY_TABLES", "Shard", "Store", "shard_for", "table_of"]

CHECKPOINT_EVERY = 2000
"""Entries after which a save also rewrites the changed table files."""

Clock = Callable[[], datetime]
Listener = Callable[[str, dict[str, Any]], None]


def local_now() -> datetime:
    """The wall clock with the local UTC offset."""
    return datetime.now().astimezone()


def host_fingerprint() -> str:
    """A stable, anonymous id of this machine, to notice a folder copied to another laptop."""
    raw = f"{uuid.getnode():x}|{platform.node()}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


class Store:
    """An open database folder. Create with `Store.open`; close (or use `with`)."""

    def __init__(self, folder: Path, *, officer: str, clock: Clock, lock: Any,
                 backup_dir: Path | None = None, aside_dir: Path | None = None) -> None:
        self.folder = folder
        self.backup_dir = backup_dir or folder.parent / f"{folder.name}-saoluu"
        """Where rolling backups of this folder go."""
        self.aside_dir = aside_dir or folder.parent / f"{folder.name}-tephong"
        """Where damaged files are set aside (in a dated folder) before anything replaces them."""
        self.officer = officer
        self._wall = clock
        self._lock_file = lock
        self._mutex = threading.RLock()
        self._shards: dict[str, Shard] = {}
        self._catalog: dict[str, dict[str, int]] = {}
        self._catalog_written: dict[str, dict[str, int]] = {}
        self._disk_shards: set[str] = set()
        self._unwritten: set[str] = set()
        self._listeners: list[Listener] = []
        self._aside_folder: Path | None = None
        self._full_journal: list[dict[str, Any]] | None = None
        self._fold = Fold(self._shard, self.shard_names, lambda: list(self._shards))
        self.position: dict[str, int] = {}
        self.meta: dict[str, Any] = {}
        self.device_id = ""
        self.journal: JournalWriter | None = None
        self._since_checkpoint = 0
        self._batch_depth = 0
        self._committed = False
        self.replayed = 0
        """Journal entries applied on open (work the last session did not checkpoint)."""
        self.notices: list[str] = []
        """Damage found and mended on open (Vietnamese); a front end shows them."""
        self.warnings: list[str] = []
        """Housekeeping that failed after a save was already on disk ("Đã lưu, nhưng …")."""
        self.partitioner: Callable[[list[dict[str, Any]]], list[str]] | None = None
        """Names the villages an entry's ops touch (set by the roster, which knows the
        schema); entries then carry them as `vil`."""

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        folder: Path | str,
        *,
        officer: str = "",
        create: bool = False,
        clock: Clock = local_now,
        host: str | None = None,
        backup_dir: Path | None = None,
        aside_dir: Path | None = None,
        lock: bool = True,
    ) -> Store:
        """Open (or with `create`, initialise) a database folder and take its lock.

        Raises `NotADatabase`, `DatabaseLocked`, `NewerSchema` or `DatabaseDamaged` with a
        message for the officer. `lock=False` is for `antt check`, which holds the lock itself.
        """
        folder = Path(folder)
        meta_path = folder / META_FILE
        if not meta_path.exists():
            if not create:
                raise NotADatabase(
                    f"Thư mục {folder} chưa có cơ sở dữ liệu antt. "
                    "Hãy tạo mới bằng lệnh `antt init` hoặc chọn đúng thư mục."
                )
            if folder.exists() and any(p.name != ".lock" for p in folder.iterdir()):
                raise NotADatabase(
                    f"Thư mục {folder} đã có tệp khác; không thể tạo cơ sở dữ liệu ở đây."
                )
            folder.mkdir(parents=True, exist_ok=True)
        held = acquire_lock(folder) if lock else None
        store = cls(folder, officer=officer, clock=clock, lock=held, backup_dir=backup_dir,
                    aside_dir=aside_dir)
        try:
            store._open(create=not meta_path.exists(), host=host or host_fingerprint())
        except BaseException:
            store._release()
            raise
        return store

    def _open(self, *, create: bool, host: str) -> None:
        meta_path = self.folder / META_FILE
        if create:
            self.meta = {
                "format": FORMAT_NAME,
                "schema_version": migrations.SCHEMA_VERSION,
                "device_id": new_device_id(),
                "host": host,
                "created_at": self._wall().isoformat(timespec="seconds"),
            }
            (self.folder / "tables").mkdir(exist_ok=True)
            (self.folder / "journal").mkdir(exist_ok=True)
            atomic.write_bytes(meta_path, orjson.dumps(self.meta, option=orjson.OPT_INDENT_2))
        else:
            self.meta = read_meta(self.folder)
            version = self.meta.get("schema_version", 0)
            if version > migrations.SCHEMA_VERSION:
                raise NewerSchema(
                    f"Cơ sở dữ liệu này được ghi bởi phiên bản antt mới hơn (lược đồ {version}, "
                    f"chương trình này hiểu đến {migrations.SCHEMA_VERSION}). "
                    "Hãy cập nhật chương trình; dữ liệu không bị thay đổi."
                )
            if version < migrations.SCHEMA_VERSION:
                migrations.upgrade(self.folder, self.meta, backup_dir=self.backup_dir)
                self.meta = read_meta(self.folder)
            if self.meta.get("host") != host:
                # The folder was copied to another machine: continue as a new device so
                # that two laptops never write the same (device, seq) pair.
                self._new_device_id(host)
        self.device_id = self.meta["device_id"]
        atomic.remove_stale_temps(self.tables_dir)
        atomic.remove_stale_temps(self.folder)
        self._disk_shards = self._scan_shard_files()
        self._catalog = self._read_catalog()
        self._catalog_written = {k: dict(v) for k, v in self._catalog.items()}
        catalogued = (self.tables_dir / "catalog.json").exists() and bool(self._catalog)
        if catalogued:
            for name in sorted(set(self._catalog) - self._disk_shards):
                self._shards[name] = self._rebuild_shard(name, "bị thiếu")
        elif self._disk_shards:
            # No catalog (a first checkpoint cut short, or lost): a table the journal names
            # and no file holds yet is replayed from the start.
            held = {table_of(n) for n in self._disk_shards}
            self._unwritten = {t for t in tables_in(self.journal_dir) if t in TABLES} - held
        clock = HybridClock(self._wall)
        self._replay(clock)
        self.journal = JournalWriter(self.journal_dir / self.device_id, self.device_id, clock)
        claimed = self.position.get(self.device_id, 0)
        if self.journal.last_seq < claimed:
            # The table files hold entries this device's journal has lost (a power cut, a
            # copy cut short): continuing would reuse their sequence numbers.
            self.notices.append(
                f"Nhật ký của máy này thiếu các mục {self.journal.last_seq + 1}–{claimed} mà "
                "tệp bảng đã có. Dữ liệu vẫn đủ; máy tiếp tục với mã thiết bị mới. "
                "Hãy chạy `antt check --repair` để nối lại nhật ký.")
            self._new_device_id(host)
            self.device_id = self.meta["device_id"]
            self.journal = JournalWriter(self.journal_dir / self.device_id, self.device_id,
                                         clock)
        if self.journal.last_seq and self.journal.clock.ahead_ms() > MAX_AHEAD_MS:
            # This laptop's clock was once set far ahead (2035): its own stamps run ahead of
            # the date now and would keep every new save in the future. It goes on as a new
            # device with a clock from today; the entries stamped ahead stay as they were.
            self.notices.append(
                "Đồng hồ của máy này từng bị đặt sai (quá xa so với hôm nay). Máy tiếp tục "
                "với mã thiết bị mới để những thay đổi từ nay mang ngày đúng.")
            self._new_device_id(host)
            self.device_id = self.meta["device_id"]
            self.journal = JournalWriter(self.journal_dir / self.device_id, self.device_id,
                                         HybridClock(self._wall))
        self.position[self.device_id] = max(
            self.position.get(self.device_id, 0), self.journal.last_seq
        )

    def set_meta(self, key: str, value: Any) -> None:
        """Change one entry of the folder's `antt-db.json` (local settings, never journaled)."""
        with self._mutex:
            self.meta[key] = value
            atomic.write_bytes(self.folder / META_FILE,
                               orjson.dumps(self.meta, option=orjson.OPT_INDENT_2))

    def continue_as_new_device(self) -> str:
        """Go on under a new device id (the commune has more of this laptop's entries than
        its journal: it was restored from a backup); returns the new id."""
        with self._mutex:
            self._new_device_id(self.meta.get("host", ""))
            self.device_id = self.meta["device_id"]
            assert self.journal is not None
            clock = self.journal.clock
            self.journal.close()
            self.journal = JournalWriter(self.journal_dir / self.device_id, self.device_id,
                                         clock)
            self.position[self.device_id] = 0
            return self.device_id

    def _new_device_id(self, host: str) -> None:
        self.meta["previous_device_ids"] = [
            *self.meta.get("previous_device_ids", []),
            self.meta["device_id"],
        ]
        self.meta["device_id"] = new_device_id()
        self.meta["host"] = host
        atomic.write_bytes(self.folder / META_FILE,
                           orjson.dumps(self.meta, option=orjson.OPT_INDENT_2))

    @property
    def tables_dir(self) -> Path:
        """Folder of the TinyDB table files."""
        return self.folder / "tables"

    @property
    def journal_dir(self) -> Path:
        """Folder of the per-device journals."""
        return self.folder / "journal"

    @property
    def require_checksum(self) -> bool:
        """Whether table files must carry a checksum (every file written since schema 2)."""
        return int(self.meta.get("schema_version", 0)) >= 2

    def _read_catalog(self) -> dict[str, dict[str, int]]:
        path = self.tables_dir / "catalog.json"
        try:
            return parse_catalog(path.read_bytes())
        except FileNotFoundError:
            pass
        except ValueError as exc:
            self._set_aside(path)
            self.notices.append(f"Tệp mục lục catalog.json bị hỏng ({exc}); đã dựng lại từ "
                                "các tệp bảng.")
        # The catalog is a cache: every shard file records its own position (slower, still
        # right). Shards that fail to load are rebuilt from the journal by `_shard`.
        return {name: dict(self._shard(name).position) for name in sorted(self._disk_shards)}

    def _scan_shard_files(self) -> set[str]:
        return {p.stem for p in self.tables_dir.glob("*.json") if p.stem != "catalog"}

    def _replay(self, clock: HybridClock) -> None:
        """Apply journal entries that the table files do not contain yet."""
        devices = [p for p in sorted(self.journal_dir.iterdir()) if p.is_dir()]
        known = [*self._catalog.values(), *(s.position for s in self._shards.values())]
        if self._unwritten:
            known.append({})  # some table has no file yet: its entries from the start
        entries: list[dict[str, Any]] = []
        for device_dir in devices:
            dev = device_dir.name
            after = min((pos.get(dev, 0) for pos in known), default=0)
            try:
                chunk = list(iter_device(device_dir, after_seq=after))
                if chunk:
                    if chunk[0]["seq"] != after + 1:
                        raise JournalDamaged(f"thiếu các mục {after + 1}–{chunk[0]['seq'] - 1}")
                    verify_chain(chunk, prev_hash=chunk[0]["prev"], prev_seq=after)
            except JournalDamaged as exc:
                raise DatabaseDamaged(
                    f"Nhật ký thay đổi của thiết bị {dev} bị hỏng: {exc}. "
                    "Chạy `antt check --repair` để khôi phục."
                ) from exc
            entries.extend(chunk)
            self.position[dev] = max(
                [after, *(pos.get(dev, 0) for pos in known)], default=after
            )
        entries.sort(key=replay_key)
        def held(op: dict[str, Any], dev: str, seq: int) -> bool:
            # The catalog says what a file holds without reading it (it may lag the file
            # after a crash, never lead what the file holds: then the file decides).
            names = op_shards(op)
            return bool(names) and all(seq <= self._catalog.get(n, {}).get(dev, 0)
                                       for n in names)

        fold = Fold(self._shard, self.shard_names, lambda: list(self._shards), skip=held)
        for entry in entries:
            clock.observe(entry["hlc"], own=True)
            if self._apply_entry(fold, entry):
                self.replayed += 1
            self.position[entry["dev"]] = max(self.position.get(entry["dev"], 0), entry["seq"])

    # ------------------------------------------------------------------ damage on open

    def _rebuild_shard(self, name: str, reason: str) -> Shard:
        """A shard rebuilt from the whole journal (its damaged file set aside first)."""
        path = self.tables_dir / f"{name}.json"
        aside = self._set_aside(path) if path.exists() else None
        entries = self._whole_journal()
        shard = fold_entries(entries, tables=[table_of(name)]).get(name) or Shard(name, path)
        shard.path = path
        shard.position = {}
        for entry in entries:
            shard.position[entry["dev"]] = max(shard.position.get(entry["dev"], 0),
                                               entry["seq"])
        shard.dirty = True
        where = f" (bản hỏng được cất ở {aside})" if aside else ""
        self.notices.append(f"Tệp bảng {path.name} {reason}: đã dựng lại từ nhật ký thay đổi"
                            f"{where}.")
        return shard

    def _whole_journal(self) -> list[dict[str, Any]]:
        """Every entry of every device, chains verified, in replay order (read once)."""
        if self._full_journal is None:
            entries: list[dict[str, Any]] = []
            for device_dir in sorted(p for p in self.journal_dir.iterdir() if p.is_dir()):
                try:
                    entries.extend(read_device(device_dir))
                except JournalDamaged as exc:
                    raise DatabaseDamaged(
                        f"Tệp bảng bị hỏng và không dựng lại được vì nhật ký thay đổi cũng hỏng "
                        f"({exc}). Chạy `antt check --repair`."
                    ) from exc
            entries.sort(key=replay_key)
            self._full_journal = entries
        return self._full_journal

    def _set_aside(self, path: Path) -> Path | None:
        """Copy a damaged file into this session's dated folder of damaged files."""
        if self._aside_folder is None:
            self._aside_folder = new_aside_folder(self.aside_dir, self._wall())
        target = self._aside_folder / path.relative_to(self.folder)
        try:
            atomic.copy_file(path, target)
        except OSError:
            return None
        return target

    # ------------------------------------------------------------------ reading

    def _shard(self, name: str) -> Shard:
        shard = self._shards.get(name)
        if shard is None:
            with self._mutex:  # two threads must not load the same file twice
                shard = self._shards.get(name)
                if shard is None:
                    shard = self._load_shard(name)
                    self._shards[name] = shard
        return shard

    def _load_shard(self, name: str) -> Shard:
        path = self.tables_dir / f"{name}.json"
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return Shard(name, path)
        try:
            return Shard.from_bytes(name, path, raw, require_checksum=self.require_checksum)
        except TableFileDamaged as exc:
            return self._rebuild_shard(name, f"bị hỏng ({exc})")

    def shard_names(self, table: str) -> list[str]:
        """Every shard of a table, on disk or in memory."""
        names = {n for n in self._disk_shards | self._shards.keys() if table_of(n) == table}
        if table not in YEARLY_TABLES:
            names.add(table)
        return sorted(names)

    def get(self, table: str, record_id: str, *, shard: str | None = None) -> dict[str, Any] | None:
        """A record by id (read-only: change records through `commit`).

        In a yearly table the files already read are searched before the others are read.
        """
        if shard is not None or table not in YEARLY_TABLES:
            return self._shard(shard or table).records.get(record_id)
        names = self.shard_names(table)
        for name in [n for n in names if n in self._shards]:
            found = self._shards[name].records.get(record_id)
            if found is not None:
                return found
        for name in [n for n in names if n not in self._shards]:
            found = self._shard(name).records.get(record_id)
            if found is not None:
                return found
        return None

    def records(self, table: str, *, years: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        """All records of a table (tombstones included); `years` limits a yearly table."""
        if table in YEARLY_TABLES and years is not None:
            names = [f"{table}-{y}" for y in years]
        else:
            names = self.shard_names(table)
        for name in names:
            # A snapshot (one C-level copy): a save in another thread cannot break the loop.
            yield from list(self._shard(name).records.values())

    def count(self, table: str) -> int:
        """Number of records in a table, tombstones included."""
        return sum(len(self._shard(n).records) for n in self.shard_names(table))

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(table, record)` after every change applied by `commit`."""
        self._listeners.append(listener)

    # ------------------------------------------------------------------ writing

    def op_set(self, table: str, record_id: str, fields: dict[str, Any], *,
               new: bool = False) -> list[dict[str, Any]]:
        """The operation that sets `fields` of a record, naming what this replica saw.

        Per field written (and the `deleted` register, which every op writes), `pred` lists
        the writes the record holds now, so a merge can tell "overwrote" from "never saw"
        (storage/registers.py). `new` says the id was just made: nothing to look up.
        """
        op: dict[str, Any] = {"t": table, "id": record_id, "set": fields}
        if new:
            return [op]
        shard = self._holder(table, record_id)
        if shard is None:
            return [op]
        record = shard.records[record_id]
        op["pred"] = seen_refs(shard.clocks.get(record_id), record, [*fields, LIFE])
        if table in YEARLY_TABLES:
            op["y"] = shard.name.rsplit("-", 1)[-1]  # where the author had it: a hint
        return [op]

    def _holder(self, table: str, record_id: str) -> Shard | None:
        if table not in YEARLY_TABLES:
            shard = self._shard(table)
            return shard if record_id in shard.records else None
        names = self.shard_names(table)
        for name in sorted(names, key=lambda n: n not in self._shards):  # read files first
            shard = self._shard(name)
            if record_id in shard.records:
                return shard
        return None

    def clocked(self, table: str) -> Iterator[tuple[dict[str, Any], Any]]:
        """Every record of a table with its clock (storage/registers.py)."""
        for name in self.shard_names(table):
            shard = self._shard(name)
            for rid, record in list(shard.records.items()):
                yield record, shard.clocks.get(rid)

    def heads(self, table: str, record_id: str, field: str) -> list[str]:
        """The writes a field of a record holds now (refs; several when in conflict)."""
        shard = self._holder(table, record_id)
        if shard is None:
            return []
        return [r for r, _ in register_heads(shard.clocks.get(record_id),
                                             shard.records[record_id], field)]

    def commit(self, event: str, ops: list[dict[str, Any]], *, summary: str = "",
               by: str | None = None, accepted: list[str] | None = None,
               pre: dict[str, Any] | None = None,
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Save one transaction: returns the journal entry once it is on disk.

        `ops` come from `op_set`. `summary` is a Vietnamese sentence for the history view;
        `accepted` lists the warnings the officer accepted to make this change; `pre` what a
        life event read (a merge holds it back whole if that changed). Raises
        `SaveFailed` (nothing kept) when the journal line cannot be written; housekeeping that
        fails after that only adds to `warnings`.
        """
        if self.journal is None:
            raise RuntimeError("the store is closed")
        ops = nfc_deep(ops)
        fields: dict[str, Any] = dict(extra or {})
        if summary:
            fields["sum"] = nfc_deep(summary)
        if accepted:
            fields["warn"] = nfc_deep(list(accepted))
        if pre:
            fields["pre"] = pre
        with self._mutex:
            if self.partitioner is not None:
                fields["vil"] = self.partitioner(ops)
            entry = self.journal.make_entry(event, ops, by if by is not None else self.officer,
                                            fields)
            try:
                self.journal.append(entry, sync=self._batch_depth == 0)
            except OSError as exc:
                raise SaveFailed(f"Chưa lưu được: {describe_os_error(exc)}. "
                                 "Dữ liệu đã lưu trước đó không bị ảnh hưởng.") from exc
            self.position[self.device_id] = entry["seq"]
            for table, record in self._apply_entry(self._fold, entry):
                for listener in self._listeners:
                    listener(table, record)
            self._since_checkpoint += 1
            self._committed = True
            if self._since_checkpoint >= CHECKPOINT_EVERY and self._batch_depth == 0:
                self.checkpoint_safely()
        return entry

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many commits with one fsync at the end (bulk imports and generated data)."""
        with self._mutex:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
                if self._batch_depth == 0 and self.journal is not None:
                    self.journal.sync()

    def decisions(self) -> dict[str, dict[str, Any]]:
        """The decisions on entries (table `sync_decisions`), by entry id ("dev:seq")."""
        return self._shard("sync_decisions").records

    def _apply_entry(self, fold: Fold, entry: dict[str, Any]) -> list[tuple[str, Any]]:
        """Apply an entry; when it changes a decision (an entry now excluded, or let in
        again), rebuild the records that entry touched from the journal."""
        decisions = self.decisions()
        before = {k: bool(v.get("excluded")) for k, v in decisions.items()}
        changed = fold.apply(entry)
        flipped = [rid for table, record in changed if table == "sync_decisions"
                   for rid in [record["id"]]
                   if bool(record.get("excluded")) != before.get(rid, False)]
        if flipped:
            changed += self.refold_entries(set(flipped))
        return changed

    def refold_entries(self, entry_ids: set[str]) -> list[tuple[str, Any]]:
        """Rebuild, from the journal, every record the given entries touch (after a decision
        to leave them out or let them in); returns the (table, record) pairs rebuilt."""
        from antt_tui.storage.fold import refold_records

        wanted = {tuple(e.split(":")) for e in entry_ids}
        records: set[str] = set()
        for entry in self.entries_by_id(wanted):
            records.update(op["id"] for op in entry["ops"])
        if not records:
            return []
        decisions = self.decisions()

        def excluded(key: str) -> bool:
            return bool((decisions.get(key) or {}).get("excluded"))

        rebuilt = refold_records(self.journal_dir, records, excluded)
        changed = []
        for rid in records:
            table = next((t for t in TABLES if self._holder_loaded(t, rid)), None)
            for shard in list(self._shards.values()):
                if rid in shard.records:
                    shard.remove(rid)
            if rid in rebuilt:
                name, record, clock, dominated = rebuilt[rid]
                self._shard(name).place(rid, record, clock, dominated)
                changed.append((table_of(name), record))
            elif table is not None:
                changed.append((table, {"id": rid, "deleted": True}))
        return changed

    def _holder_loaded(self, table: str, rid: str) -> bool:
        return any(rid in s.records for n, s in self._shards.items() if table_of(n) == table)

    def entries_by_id(self, wanted: set[tuple[str, ...]]) -> list[dict[str, Any]]:
        """The entries (this database's, or carried) with these (device, seq) ids."""
        from antt_tui.storage.fold import carried_entries
        from antt_tui.storage.journal import iter_raw_lines

        # A carried entry sits inside its carrier as a JSON string: its quotes are escaped.
        keys = [(dev.encode(), (f'"seq":{seq},'.encode(), f'\\"seq\\":{seq},'.encode()))
                for dev, seq in wanted]
        found = []
        for line in iter_raw_lines(self.journal_dir):
            if not any(dev in line and (plain in line or escaped in line)
                       for dev, (plain, escaped) in keys):
                continue
            entry = orjson.loads(line)
            for candidate in [entry, *carried_entries(entry)]:
                if (candidate["dev"], str(candidate["seq"])) in wanted:
                    found.append(candidate)
        return found

    def checkpoint(self) -> int:
        """Rewrite the changed table files; returns how many were written.

        Every shard's catalog position moves to the journal's end, the unchanged ones too
        (nothing since their file touched them), so the next open replays only what is new.
        """
        with self._mutex:
            if self.journal is not None:
                self.journal.sync()
            written = 0
            for shard in self._shards.values():
                if not shard.dirty:
                    continue
                shard.position = dict(self.position)
                shard.write(migrations.SCHEMA_VERSION)
                shard.dirty = False
                self._disk_shards.add(shard.name)
                written += 1
            for name in self._disk_shards:
                shard = self._shards.get(name)
                if shard is None or not shard.dirty:
                    self._catalog[name] = dict(self.position)
            if self._catalog != self._catalog_written:
                atomic.write_bytes(self.tables_dir / "catalog.json",
                                   orjson.dumps({"shards": self._catalog}))
                self._catalog_written = {k: dict(v) for k, v in self._catalog.items()}
            self._since_checkpoint = 0
            return written

    def checkpoint_safely(self) -> int:
        """`checkpoint`, turning a write failure into a warning (the journal holds the saves)."""
        try:
            return self.checkpoint()
        except OSError as exc:
            self._warn(f"chưa ghi được các tệp bảng: {describe_os_error(exc)}. Dữ liệu vẫn an "
                       "toàn trong nhật ký thay đổi và sẽ được ghi vào bảng ở lần mở sau")
            return 0

    def _warn(self, text: str) -> None:
        message = f"Đã lưu, nhưng {text}."
        if message not in self.warnings:
            self.warnings.append(message)

    def take_messages(self) -> list[str]:
        """Notices and warnings not shown yet, oldest first (a front end shows them once)."""
        messages = [*self.notices, *self.warnings]
        self.notices.clear()
        self.warnings.clear()
        return messages

    # ------------------------------------------------------------------ closing

    def close(self, *, backup: bool = True) -> None:
        """Checkpoint, back up when the newest backup is old, close and release the folder.

        Nothing here can undo a save: a failure only adds to `warnings`.
        """
        if self.journal is None:
            return
        try:
            written = self.checkpoint_safely()
            changed = written > 0 or self.replayed > 0 or self._committed
            try:
                self.journal.close()
            except OSError as exc:
                self._warn(f"không đóng được tệp nhật ký: {describe_os_error(exc)}")
            if backup and changed and not self.warnings:
                self.backup_safely()
        finally:
            self.journal = None
            self._release()

    def abandon(self) -> None:
        """Close without writing anything more (for inspection by `antt check`)."""
        if self.journal is not None:
            with suppress(OSError):  # every save was fsynced when it was made
                self.journal.close()
            self.journal = None
        self._release()

    def backup_if_due(self) -> Path | None:
        """Make a backup generation when the newest is older than the interval."""
        from antt_tui.storage.backup import BACKUP_INTERVAL_HOURS, make_backup, newest_age_hours

        now = self._wall()
        age = newest_age_hours(self.backup_dir, now)
        if age is not None and 0 <= age < BACKUP_INTERVAL_HOURS:
            return None
        return make_backup(self.folder, self.backup_dir, when=now)

    def backup_safely(self) -> Path | None:
        """`backup_if_due`, turning a failure into a warning."""
        from antt_tui.storage.backup import BackupRefused

        try:
            return self.backup_if_due()
        except BackupRefused as exc:
            self._warn(f"không tạo bản sao lưu mới: {exc}")
        except OSError as exc:
            self._warn(f"không tạo được bản sao lưu: {describe_os_error(exc)}")
        return None

    def _release(self) -> None:
        if self._lock_file is not None:
            self._lock_file.release()
            self._lock_file = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ checks

    def state_hash(self) -> str:
        """SHA-256 of every record of every table, independent of files and order."""
        return hash_records({table: list(self.records(table)) for table in TABLES})


def hash_records(rows_by_table: dict[str, list[dict[str, Any]]]) -> str:
    """SHA-256 over the records of each table in id order (the state's fingerprint)."""
    digest = hashlib.sha256()
    for table in TABLES:
        digest.update(table.encode())
        for row in sorted(rows_by_table.get(table, []), key=lambda r: r["id"]):
            digest.update(orjson.dumps(row, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


def op_shards(op: dict[str, Any]) -> list[str]:
    """The shards an op can touch, as far as the op itself tells (empty: it does not say)."""
    table = op["t"]
    if table not in YEARLY_TABLES:
        return [table]
    if op.get("s"):
        return [op["s"]]
    names = [f"{table}-{op['y']}"] if op.get("y") else []
    if "date" in op.get("set", {}):
        names.append(shard_for(table, op["set"]))
    return names if op.get("y") or not op.get("pred") else []


def new_device_id() -> str:
    """A fresh device id: short, readable, unique."""
    return "d-" + uuid.uuid4().hex[:12]


def acquire_lock(folder: Path) -> Any:
    from filelock import FileLock, Timeout

    lock = FileLock(folder / ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise DatabaseLocked(
            f"Cơ sở dữ liệu {folder} đang được mở bởi một chương trình antt khác. "
            "Hãy đóng chương trình đó rồi thử lại."
        ) from exc
    return lock
