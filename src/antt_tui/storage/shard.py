"""One table file of the database (a *shard*): its records, their clocks, its journal position.

Most tables are one shard; yearly tables (visits) are split into one shard per year of the
record's `date`. Shards are a local matter: journal ops name tables, and the store decides
where a record lives (a visit whose year changes moves to another shard here, and is the same
record on every other side).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antt_tui.storage import atomic, tables
from antt_tui.storage.registers import Clock
from antt_tui.storage.tinyfile import TableFileDamaged, decode_table, encode_table

TABLES = tables.TABLES
"""Every table (`storage/tables.py`)."""
YEARLY_TABLES = tables.YEARLY
"""Tables split into one shard per year of their `date` field."""


def shard_for(table: str, record: dict[str, Any]) -> str:
    """The shard a record lives in: the table name, or `visits-<year>` for yearly tables."""
    if table in YEARLY_TABLES:
        date = record.get("date") or ""
        return f"{table}-{date[:4]}" if len(date) >= 4 else f"{table}-0000"
    return table


def table_of(shard: str) -> str:
    """Inverse of `shard_for`: the table a shard belongs to."""
    return shard.split("-", 1)[0]


@dataclass(slots=True)
class Shard:
    """One TinyDB file, held in memory as `id -> record`, with each record's clock."""

    name: str
    path: Path
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    doc_ids: dict[str, int] = field(default_factory=dict)
    next_doc_id: int = 1
    position: dict[str, int] = field(default_factory=dict)
    dirty: bool = False
    clocks: dict[str, Clock] = field(default_factory=dict)
    """Per record, the writes each field holds (storage/registers.py)."""
    dominated: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Per record and field, writes named as overwritten before they arrived (rare)."""

    def place(self, record_id: str, record: dict[str, Any], clock: Clock | None,
              dominated: dict[str, list[str]] | None = None) -> None:
        """Hold `record` (with its clock) under `record_id`, keeping its TinyDB doc id."""
        self.records[record_id] = record
        if record_id not in self.doc_ids:
            self.doc_ids[record_id] = self.next_doc_id
            self.next_doc_id += 1
        if clock is not None:
            self.clocks[record_id] = clock
        if dominated:
            self.dominated[record_id] = dominated
        else:
            self.dominated.pop(record_id, None)
        self.dirty = True

    def remove(self, record_id: str) -> None:
        """Stop holding a record here (it moved to another shard)."""
        self.records.pop(record_id, None)
        self.clocks.pop(record_id, None)
        self.dominated.pop(record_id, None)
        self.dirty = True

    def to_bytes(self, schema_version: int) -> bytes:
        """The file content: TinyDB's layout, the clocks, our bookkeeping and a checksum."""
        docs = {str(self.doc_ids[rid]): rec for rid, rec in self.records.items()}
        meta = {"position": self.position, "schema_version": schema_version}
        clocks = {"c": self.clocks, "d": self.dominated} if self.clocks else {}
        return encode_table(docs, meta, {"_clk": {"1": clocks}} if clocks else None)

    @classmethod
    def from_bytes(cls, name: str, path: Path, raw: bytes, *, require_checksum: bool = True
                   ) -> Shard:
        """Load a file written by `to_bytes`; raises `TableFileDamaged` if it is untrusted."""
        shard = cls(name, path)
        if not raw.strip():
            raise TableFileDamaged("tệp rỗng")
        docs, meta = decode_table(raw, require_checksum=require_checksum)
        for doc_id, rec in docs.items():
            rid = rec["id"]
            shard.records[rid] = rec
            shard.doc_ids[rid] = int(doc_id)
        shard.next_doc_id = max(shard.doc_ids.values(), default=0) + 1
        shard.position = dict(meta.get("position", {}))
        clk = meta["_tables"].get("_clk", {}).get("1", {})
        if not isinstance(clk, dict):
            raise TableFileDamaged("phần đồng hồ (_clk) không đúng cấu trúc")
        intern = sys.intern
        # The same write names thousands of records: one string object for all of them.
        shard.clocks = {rid: intern(c) if isinstance(c, str) else c
                        for rid, c in clk.get("c", {}).items()}
        shard.dominated = clk.get("d", {})
        return shard

    def write(self, schema_version: int) -> None:
        """Replace the shard's file with its records; returns when it is on disk."""
        atomic.write_bytes(self.path, self.to_bytes(schema_version))
