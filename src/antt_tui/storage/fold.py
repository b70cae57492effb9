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
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage import registers
from antt_tui.storage.journal import replay_key
from antt_tui.storage.shard import YEARLY_TABLES, Shard, shard_for, table_of

Changed = list[tuple[str, dict[str, Any]]]


class Fold:
    """Applies entries to the shards `load(name)` returns; `names(table)` lists a table's.

    `skip(op, dev, seq)` may say an op is already held without loading anything (the store's
    catalog). An entry that carries other devices' entries (`carry`: a bundle imported here)
    applies them first, in clock order; an entry the table `sync_decisions` marks excluded
    (an undone bundle, a life event held back) is not applied.
    """

    def __init__(self, load: Callable[[str], Shard], names: Callable[[str], Iterable[str]],
                 loaded: Callable[[], Iterable[str]],
                 skip: Callable[[dict[str, Any], str, int], bool] | None = None,
                 excluded: Callable[[str], bool] | None = None) -> None:
        self._load = load
        self._names = names
        self._loaded = loaded
        self._skip = skip
        self._excluded = excluded

    def apply(self, entry: dict[str, Any]) -> Changed:
        """Apply `entry` (and what it carries); returns the (table, record) pairs it changed.

        Positions are the carrying entry's: a table file that holds it holds all it carried.
        """
        dev, seq = entry["dev"], entry["seq"]
        if self.excluded(entry):
            return []
        carried = carried_entries(entry)
        if not carried:
            return self._apply_ops(entry, dev, seq)
        # The importing entry's own decisions first: they say which carried entries stay out.
        decisions = [op for op in entry["ops"] if op["t"] == "sync_decisions"]
        changed = self._apply_ops({**entry, "ops": decisions}, dev, seq)
        for item in carried:
            if not self.excluded(item):
                changed += self._apply_ops(item, dev, seq)
        rest = [op for op in entry["ops"] if op["t"] != "sync_decisions"]
        return changed + self._apply_ops({**entry, "ops": rest}, dev, seq)

    def excluded(self, entry: dict[str, Any]) -> bool:
        """Whether a decision (an undone bundle, a held life event) keeps `entry` out."""
        key = f"{entry['dev']}:{entry['seq']}"
        if self._excluded is not None:
            return self._excluded(key)
        decision = self._load("sync_decisions").records.get(key)
        return bool(decision and decision.get("excluded"))

    def _apply_ops(self, entry: dict[str, Any], dev: str, seq: int) -> Changed:
        legacy = entry.get("v", 1) < 2
        ref = registers.make_ref(entry["hlc"], entry["dev"], entry["seq"])
        changed: Changed = []
        for op in entry["ops"]:
            if op.get("drop") or (self._skip is not None and self._skip(op, dev, seq)):
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
        record, clock = registers.apply(record, clock, dominated, rid, ref, fields, pred,
                                        op.get("add"))
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


def carried_entries(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The other devices' entries an entry carries (a bundle imported here), in clock order."""
    lines = entry.get("carry")
    if not lines:
        return []
    return sorted((orjson.loads(line) for line in lines), key=replay_key)


def fold_entries(entries: Iterable[dict[str, Any]], *, tables: Iterable[str] | None = None
                 ) -> dict[str, Shard]:
    """Every shard built from empty by applying `entries` in order (journal positions noted).

    `tables` limits the work to some tables (rebuilding one damaged file).
    """
    shards: dict[str, Shard] = {}
    wanted = set(tables) if tables is not None else None

    def load(name: str) -> Shard:
        shard = shards.get(name)
        if shard is None:
            shard = shards[name] = Shard(name, Path(name))
        return shard

    def names(table: str) -> list[str]:
        return [n for n in shards if table_of(n) == table]

    entries = list(entries)

    def run(fold: Fold) -> None:
        for entry in entries:
            fold.apply(entry)
            for shard in shards.values():
                if shard.dirty:
                    shard.position[entry["dev"]] = max(shard.position.get(entry["dev"], 0),
                                                       entry["seq"])
                    shard.dirty = False

    # Decisions first: an entry excluded later in the journal is left out from the start.
    run(Fold(load, names, lambda: list(shards),
             skip=lambda op, dev, seq: op["t"] != "sync_decisions"))
    run(Fold(load, names, lambda: list(shards),
             skip=lambda op, dev, seq: op["t"] == "sync_decisions"
             or (wanted is not None and op["t"] not in wanted)))
    return shards


def entries_touching(journal_dir: Path, record_ids: set[str], *, link: str = ""
                     ) -> list[dict[str, Any]]:
    """Every entry with an op on one of the records, local or carried, in clock order.

    With `link` (a field such as "household_id"), also the ops that set that field to one of
    the records (a person joining a household touches the household).
    """
    from antt_tui.storage.journal import iter_raw_lines

    keys = [rid.encode() for rid in record_ids]

    def touches(op: dict[str, Any]) -> bool:
        return op["id"] in record_ids or bool(link and op.get("set", {}).get(link) in record_ids)

    found: list[dict[str, Any]] = []
    for line in iter_raw_lines(journal_dir):
        if not any(key in line for key in keys):
            continue
        entry = orjson.loads(line)
        for carried in carried_entries(entry):
            if any(touches(op) for op in carried["ops"]):
                found.append(carried)
        if any(touches(op) for op in entry["ops"]):
            found.append({k: v for k, v in entry.items() if k != "carry"})
    return sorted(found, key=replay_key)


def refold_records(journal_dir: Path, record_ids: set[str], excluded: Callable[[str], bool]
                   ) -> dict[str, tuple[str, dict[str, Any], Any, dict[str, list[str]]]]:
    """The records rebuilt from every entry that touches them, leaving out the excluded ones:
    record id → (shard name, record, clock, dominated)."""
    shards: dict[str, Shard] = {}

    def load(name: str) -> Shard:
        return shards.setdefault(name, Shard(name, Path(name)))

    fold = Fold(load, lambda table: [n for n in shards if table_of(n) == table],
                lambda: list(shards), skip=lambda op, dev, seq: op["id"] not in record_ids,
                excluded=excluded)
    for entry in entries_touching(journal_dir, record_ids):
        fold.apply(entry)
    out = {}
    for name, shard in shards.items():
        for rid, record in shard.records.items():
            out[rid] = (name, record, shard.clocks.get(rid), shard.dominated.get(rid, {}))
    return out
