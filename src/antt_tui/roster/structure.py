"""What a life event read, so that a merge can tell whether it still makes sense.

Splitting a household, moving a member, merging households, changing the head, a household
moving out, a death or a departure read the household's head and members. Saved with the
event (`pre`), they let the merge apply the event whole, or hold it back whole when another
laptop changed the same household meanwhile (SYNC.md §3) — never half of it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Protocol

from antt_tui.domain import vocab
from antt_tui.storage import tables

if TYPE_CHECKING:
    from antt_tui.storage.store import Store

STRUCTURAL_EVENTS = frozenset({
    "household.move_out", "household.change_head", "person.move", "household.split",
    "household.merge", "person.deceased", "person.moved_away",
})
"""Life events that carry the preconditions they read."""


class View(Protocol):
    """What evaluating a reading needs: the live store, or a merge's scratch state."""

    def get(self, table: str, record_id: str) -> dict[str, Any] | None: ...

    def heads(self, table: str, record_id: str, field: str) -> list[str]: ...

    def members(self, household_id: str) -> list[dict[str, Any]]: ...


class LiveView:
    """A `View` of the open store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A record."""
        return self.store.get(table, record_id)

    def heads(self, table: str, record_id: str, field: str) -> list[str]:
        """The writes a field holds."""
        return self.store.heads(table, record_id, field)

    def members(self, household_id: str) -> list[dict[str, Any]]:
        """The people whose household is `household_id` (read from the records)."""
        return [p for p in self.store.records(tables.PERSONS)
                if p.get("household_id") == household_id and not p.get("deleted")]


def members_digest(view: View, household_id: str) -> str:
    """A short digest of who is in the household and whether each is present."""
    members = sorted(f"{p['id']}:{p.get('status', vocab.PRESENT)}"
                     for p in view.members(household_id))
    return hashlib.sha256("|".join(members).encode()).hexdigest()[:16]


def read_set(store: Store, ops: list[dict[str, Any]]) -> dict[str, Any]:
    """The preconditions of a life event made of `ops`, read from `store` before they apply."""
    view = LiveView(store)
    households: set[str] = set()
    persons: set[str] = set()
    for op in ops:
        if op["t"] == tables.HOUSEHOLDS and store.get(tables.HOUSEHOLDS, op["id"]) is not None:
            households.add(op["id"])
        elif op["t"] == tables.PERSONS:
            person = store.get(tables.PERSONS, op["id"])
            if person is not None:
                persons.add(op["id"])
                households.add(person.get("household_id", ""))
            target = op.get("set", {}).get("household_id")
            if target and store.get(tables.HOUSEHOLDS, target) is not None:
                households.add(target)
    households.discard("")
    pre: dict[str, Any] = {}
    for hid in sorted(households):
        pre[f"households/{hid}"] = {"head_id": store.heads(tables.HOUSEHOLDS, hid, "head_id"),
                                    "members": members_digest(view, hid)}
    for pid in sorted(persons):
        pre[f"persons/{pid}"] = {"household_id": store.heads(tables.PERSONS, pid, "household_id")}
    return pre


def failed(view: View, pre: dict[str, Any]) -> list[str]:
    """The preconditions that no longer hold (empty: the event can apply whole).

    A record this side does not hold cannot be judged here and is passed over: a village
    receiving a person who moves in from another village has never held her.
    """
    out = []
    for key, wanted in sorted(pre.items()):
        table, _, rid = key.partition("/")
        if view.get(table, rid) is None:
            continue
        for field, value in wanted.items():
            if field == "members":
                now: Any = members_digest(view, rid)
            else:
                now = sorted(view.heads(table, rid, field))
                value = sorted(value)
            if now != value:
                out.append(f"{key}.{field}")
    return out
