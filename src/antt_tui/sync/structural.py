"""Life events that met: which apply and which are held back whole.

Two laptops may split, merge or move members of the same household without seeing each
other. Every side decides the same way, from the same events: they are taken in clock order
(hlc, device, seq), and each applies only if what it read (`pre`, roster/structure.py) still
holds after the ones before it; otherwise it is held back whole, as a conflict for the
commune to settle. A late event that is earlier in clock order may therefore hold back one
applied here before: the decision changes and the records are rebuilt (Store.refold_entries).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from antt_tui.roster import Roster
from antt_tui.roster.structure import failed
from antt_tui.storage import registers, tables
from antt_tui.storage.fold import Fold, entries_touching
from antt_tui.storage.journal import replay_key
from antt_tui.storage.shard import Shard, table_of

_PEOPLE = (tables.HOUSEHOLDS, tables.PERSONS)


def decide(roster: Roster, incoming: list[dict[str, Any]]) -> dict[str, bool]:
    """For every life event that meets `incoming`: held back (True) or applied.

    A life event meets the incoming entries when it is one of them, or when it read a
    household or person they change (a member deleted on one laptop while the commune moved
    her: whichever comes first in clock order decides).
    """
    store = roster.store
    touched = _touched(store, incoming)
    events = [e for e in incoming if e.get("pre")]
    if touched:
        events += [e for e in _events_here(store.journal_dir)
                   if any(key.partition("/")[2] in touched for key in e["pre"])]
    if not events:
        return {}
    ids = {key.partition("/")[2] for e in events for key in e["pre"]}
    ids |= {p["id"] for p in store.records(tables.PERSONS) if p.get("household_id") in ids}
    entries = _entries(store.journal_dir, incoming, ids)
    grown = ids | {op["id"] for e in entries for op in e["ops"] if op["t"] in _PEOPLE}
    if grown != ids:
        ids = grown
        entries = _entries(store.journal_dir, incoming, ids)
    decisions = store.decisions()

    def undone(key: str) -> bool:
        decision = decisions.get(key) or {}
        return bool(decision.get("excluded")) and decision.get("kind") != "structural"

    scratch = _Scratch(ids)
    held: dict[str, bool] = {}
    for entry in entries:
        key = f"{entry['dev']}:{entry['seq']}"
        if undone(key):
            continue
        if entry.get("pre"):
            settled = decisions.get(key) or {}
            if settled.get("kind") == "resolved":  # an officer chose: not decided again
                if settled.get("excluded"):
                    continue
            else:
                held[key] = bool(failed(scratch, entry["pre"]))
                if held[key]:
                    continue
        scratch.fold.apply(entry)
    return held


def clashing(store: Any, held: dict[str, Any]) -> dict[str, Any] | None:
    """The change a held life event met: the entry after which what it read (`pre`) stopped
    holding, the last time before the event in clock order (None when that cannot be told).

    The households and people it read are folded again from their entries, as `decide` does,
    leaving out what decisions keep out now.
    """
    pre = held.get("pre") or {}
    ids = {key.partition("/")[2] for key in pre}
    ids |= {p["id"] for p in store.records(tables.PERSONS) if p.get("household_id") in ids}
    history = entries_touching(store.journal_dir, ids, link="household_id")
    grown = ids | {op["id"] for e in history for op in e["ops"] if op["t"] in _PEOPLE}
    if grown != ids:
        ids = grown
        history = entries_touching(store.journal_dir, ids, link="household_id")
    decisions = store.decisions()
    scratch = _Scratch(ids)
    found: dict[str, Any] | None = None
    held_then = False  # an empty fold "holds" trivially: only a reading of real records counts
    for entry in history:
        if (entry["dev"], entry["seq"]) == (held["dev"], held["seq"]):
            break
        if (decisions.get(f"{entry['dev']}:{entry['seq']}") or {}).get("excluded"):
            continue
        scratch.fold.apply(entry)
        holds = not failed(scratch, pre) and any(
            scratch.get(*key.split("/", 1)) is not None for key in pre)
        if held_then and not holds:
            found = entry
        held_then = holds
    return None if held_then else found


def _touched(store: Any, entries: list[dict[str, Any]]) -> set[str]:
    """The households and persons the entries change, and the households of those people
    (a member deleted or gone changes what a life event read of her household)."""
    out: set[str] = set()
    for entry in entries:
        for op in entry["ops"]:
            if op["t"] not in _PEOPLE:
                continue
            out.add(op["id"])
            target = op.get("set", {}).get("household_id")
            if target:
                out.add(target)
            if op["t"] == tables.PERSONS:
                person = store.get(tables.PERSONS, op["id"])
                if person is not None and person.get("household_id"):
                    out.add(person["household_id"])
    return out


def _events_here(journal_dir: Path) -> list[dict[str, Any]]:
    """The life events this database holds (its own and those it received)."""
    import orjson

    from antt_tui.storage.fold import carried_entries
    from antt_tui.storage.journal import iter_raw_lines

    found = []
    for line in iter_raw_lines(journal_dir):
        if b'"pre"' not in line and b'\\"pre\\"' not in line:
            continue
        entry = orjson.loads(line)
        found += [e for e in [entry, *carried_entries(entry)] if e.get("pre")]
    return found


def _entries(journal_dir: Path, incoming: list[dict[str, Any]], ids: set[str]
             ) -> list[dict[str, Any]]:
    history = entries_touching(journal_dir, ids, link="household_id")
    known = {(e["dev"], e["seq"]) for e in history}
    batch = [e for e in incoming if (e["dev"], e["seq"]) not in known
             and any(op["id"] in ids or op.get("set", {}).get("household_id") in ids
                     for op in e["ops"])]
    return sorted([*history, *batch], key=replay_key)


class _Scratch:
    """The records of a few households, folded from their entries with no decision applied."""

    def __init__(self, ids: set[str]) -> None:
        self.shards: dict[str, Shard] = {}
        self.fold = Fold(self._load, lambda t: [n for n in self.shards if table_of(n) == t],
                         lambda: list(self.shards), skip=lambda op, d, s: op["id"] not in ids,
                         excluded=lambda key: False)

    def _load(self, name: str) -> Shard:
        return self.shards.setdefault(name, Shard(name, Path(name)))

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A record as the events so far leave it."""
        for name, shard in self.shards.items():
            if table_of(name) == table and record_id in shard.records:
                return shard.records[record_id]
        return None

    def heads(self, table: str, record_id: str, field: str) -> list[str]:
        """The writes a field holds so far."""
        for name, shard in self.shards.items():
            if table_of(name) == table and record_id in shard.records:
                return [r for r, _ in registers.heads(shard.clocks.get(record_id),
                                                      shard.records[record_id], field)]
        return []

    def members(self, household_id: str) -> list[dict[str, Any]]:
        """The people in a household so far."""
        shard = self.shards.get("persons")
        if shard is None:
            return []
        return [p for p in shard.records.values()
                if p.get("household_id") == household_id and not p.get("deleted")]

