"""Where the values of a conflict come from, read from the journal: the entry that wrote each,
and the value the sides started from.

Every write of a field names the writes of it its author saw (`pred`, storage/registers.py).
Two sides that clash usually saw the same one: that write's value is the base. When they saw
different ones (one laptop had already changed the field again), each side's `pred` is
followed back until the histories meet. A base that cannot be found (an entry from before
sync, a history longer than a few steps) is "unknown", never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from antt_tui.storage.registers import op_id
from antt_tui.storage.store import Store

MAX_STEPS = 6
"""How far back each side's history is followed to find where they meet."""

Step = tuple[str, ...]
"""The writes of a field one author saw (refs, sorted); () when the field had none."""


class Entries:
    """Journal entries by id ("dev:seq"), this database's or carried, each read once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._known: dict[str, dict[str, Any] | None] = {}

    def fetch(self, ids: Iterable[str]) -> None:
        """Read the entries not read yet, in one pass over the journal."""
        wanted = {i for i in ids if i and i not in self._known}
        if not wanted:
            return
        for entry in self.store.entries_by_id({tuple(i.rsplit(":", 1)) for i in wanted}):
            self._known[f"{entry['dev']}:{entry['seq']}"] = entry
        for i in wanted:
            self._known.setdefault(i, None)

    def get(self, entry_id: str) -> dict[str, Any] | None:
        """An entry fetched before (None: not in this database's journal)."""
        return self._known.get(entry_id)


def _ops(entry: dict[str, Any], table: str, rid: str, field: str) -> list[dict[str, Any]]:
    return [op for op in entry["ops"] if op["t"] == table and op["id"] == rid
            and field in op.get("set", {})]


def written(entry: dict[str, Any] | None, table: str, rid: str, field: str) -> tuple[bool, Any]:
    """Whether `entry` wrote the field of the record, and the value it left there."""
    ops = _ops(entry, table, rid, field) if entry is not None else []
    return (True, ops[-1]["set"][field]) if ops else (False, None)


def seen(entry: dict[str, Any] | None, table: str, rid: str, field: str) -> Step | None:
    """The writes of the field that the author of `entry` saw before writing it (() for
    none: a new record, or a field never filled); None when the journal does not say."""
    if entry is None or entry.get("v", 1) < 2:
        return None  # before sync: its author saw "what was current", not which write
    ops = _ops(entry, table, rid, field)
    if not ops:
        return None
    return tuple(sorted((ops[0].get("pred") or {}).get(field, ())))


def bases(entries: Entries, items: list[tuple[str, str, str, list[str]]]
          ) -> list[tuple[bool, Any]]:
    """For each (table, record, field, the entry ids of its sides): whether the value the
    sides started from is known, and that value (None: the field was empty)."""
    chains: list[list[list[Step]]] = [[[] for _ in ids] for *_, ids in items]
    tips: list[list[str]] = [list(ids) for *_, ids in items]
    met: list[Step | None] = [None] * len(items)
    done = [False] * len(items)
    for _ in range(MAX_STEPS):
        open_ = [n for n in range(len(items)) if not done[n]]
        if not open_:
            break
        entries.fetch(tip for n in open_ for tip in tips[n])
        for n in open_:
            table, rid, field, _ = items[n]
            for s, tip in enumerate(tips[n]):
                if not tip:
                    continue
                step = seen(entries.get(tip), table, rid, field)
                if step is not None:
                    chains[n][s].append(step)
                # Followed further only through one write: several are a conflict settled
                # or overwritten, with no single value to show.
                tips[n][s] = op_id(step[0]) if step is not None and len(step) == 1 else ""
            first, *others = chains[n]
            met[n] = next((step for step in first if all(step in c for c in others)), None)
            done[n] = met[n] is not None or not any(tips[n])
    entries.fetch(op_id(step[0]) for step in met if step is not None and len(step) == 1)
    out: list[tuple[bool, Any]] = []
    for (table, rid, field, _), step in zip(items, met, strict=True):
        if step == ():
            out.append((True, None))
        elif step is not None and len(step) == 1:
            out.append(written(entries.get(op_id(step[0])), table, rid, field))
        else:
            out.append((False, None))
    return out
