"""Applying journal entries to shards: one rule for saves, replays, repairs and merges.

An entry's ops name tables and records; `Fold` finds the shard that holds each record (for a
yearly table, the record's year may change and it moves), merges the op's fields with the
record's registers (storage/registers.py), and skips what a shard already holds (its journal
position), so that a replay after a crash in the middle of a checkpoint applies each op
exactly once to each file.

Entries of format 1 (before sync) carry shard names and no `pred`; their author saw what was
current, so they apply in order as they always did ("base unknown"). Their `drop` ops (a visit
leaving the shard of its old year) are implied by the set that follows and are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from antt_tui.storage import registers
from antt_tui.storage.shard import YEARLY_TABLES, Shard, shard_for, table_of

Changed = list[tuple[str, dict[str, Any]]]


class Fold:
    """Applies entries to the shards `load(name)` returns; `names(table)` lists a table's."""

    def __init__(self, load: Callable[[str], Shard], names: Callable[[str], Iterable[str]],
                 loaded: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._names = names
        self._loaded = loaded

    def apply(self, entry: dict[str, Any]) -> Changed:
        """Apply every op of `entry`; returns the (table, record) pairs it changed."""
        legacy = entry.get("v", 1) < 2
        dev, seq = entry["dev"], entry["seq"]
        ref = registers.make_ref(entry["hlc"], dev, seq)
        changed: Changed = []
        for op in entry["ops"]:
            if op.get("drop"):
                continue
            record = self.apply_op(op, ref, dev, seq, legacy)
            if record is not None:
                changed.append((op["t"], record))
        return changed

    def apply_op(self, op: dict[str, Any], ref: str, dev: str, seq: int,
                 legacy: bool) -> dict[str, Any] | None:
        """Apply one op; returns the record as it now is (None when nothing here changed)."""
        table, rid = op["t"], op["id"]
        fields = op.get("set", {})
        pred = registers.LEGACY if legacy else op.get("pred", {})
        holders = self._holders(table, rid, op, fields, pred)
        done = [s for s in holders if seq <= s.position.get(dev, 0)]
        stale = [s for s in holders if s not in done]
        if done:
            # This file already holds the op (a replay after a checkpoint written halfway):
            # only a stale copy left behind in another year's file has to go.
            for shard in stale:
                shard.remove(rid)
            return None
        source = stale[0] if stale else None
        for extra in stale[1:]:
            extra.remove(rid)
        record = source.records.get(rid) if source else None
        clock = source.clocks.get(rid) if source else None
        dominated = dict(source.dominated.get(rid, {})) if source else {}
        record, clock = registers.apply(record, clock, dominated, rid, ref, fields, pred)
        target = self._load(shard_for(table, record))
        if source is not None and source is not target:
            source.remove(rid)
        if seq <= target.position.get(dev, 0):
            return None  # the new year's file already holds it
        target.place(rid, record, clock, dominated)
        return record

    def _holders(self, table: str, rid: str, op: dict[str, Any], fields: dict[str, Any],
                 pred: Any) -> list[Shard]:
        """The shards that hold the record now (more than one only after a torn checkpoint)."""
        if table not in YEARLY_TABLES:
            shard = self._load(table)
            return [shard] if rid in shard.records else []
        hints = [op.get("s"), op.get("y") and f"{table}-{op['y']}"]
        if "date" in fields:
            hints.append(shard_for(table, fields))
        names = [h for h in dict.fromkeys(hints) if h]
        names += [n for n in self._loaded() if table_of(n) == table and n not in names]
        found = [s for s in map(self._load, names) if rid in s.records]
        if found or pred == {} or op.get("s"):
            return found  # a new record, or a format-1 op that names its shard
        for name in self._names(table):  # an edit of a record in a year not read yet
            if name not in names:
                shard = self._load(name)
                if rid in shard.records:
                    found.append(shard)
        return found


def fold_entries(entries: Iterable[dict[str, Any]], *, tables: Iterable[str] | None = None
                 ) -> dict[str, Shard]:
    """Every shard built from empty by applying `entries` in order (journal positions noted).

    `tables` limits the work to some tables (rebuilding one damaged file).
    """
    from pathlib import Path

    shards: dict[str, Shard] = {}
    wanted = set(tables) if tables is not None else None

    def load(name: str) -> Shard:
        shard = shards.get(name)
        if shard is None:
            shard = shards[name] = Shard(name, Path(name))
        return shard

    def names(table: str) -> list[str]:
        return [n for n in shards if table_of(n) == table]

    fold = Fold(load, names, lambda: list(shards))
    for entry in entries:
        if wanted is not None:
            ops = [op for op in entry["ops"] if op["t"] in wanted]
            if not ops:
                continue
            entry = {**entry, "ops": ops}
        fold.apply(entry)
        for shard in shards.values():
            if shard.dirty:
                shard.position[entry["dev"]] = max(shard.position.get(entry["dev"], 0),
                                                   entry["seq"])
                shard.dirty = False
    return shards
