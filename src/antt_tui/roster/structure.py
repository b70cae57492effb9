"""What a life event read, so that a merge can tell whether it still makes sense.

Splitting a household, moving a member, merging households, changing the head, a household
moving out, a death or a departure read the household's head and members. Saved with the
event (`pre`), they let the merge apply the event whole, or hold it back whole when another
laptop changed the same household meanwhile (SYNC.md §3) — never half of it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antt_tui.roster.service import Roster

STRUCTURAL_EVENTS = frozenset({
    "household.move_out", "household.change_head", "person.move", "household.split",
    "household.merge", "person.deceased", "person.moved_away",
})
"""Life events that carry the preconditions they read."""


def members_digest(roster: Roster, household_id: str) -> str:
    """A short digest of who is in the household and whether each is present.

    Read from the records themselves (not the roster's index), so that a merge can evaluate
    it while it applies a bundle.
    """
    members = sorted(f"{p['id']}:{p.get('status', 'present')}"
                     for p in roster.store.records("persons")
                     if p.get("household_id") == household_id and not p.get("deleted"))
    return hashlib.sha256("|".join(members).encode()).hexdigest()[:16]


def read_set(roster: Roster, ops: list[dict[str, Any]]) -> dict[str, Any]:
    """The preconditions of a life event made of `ops`, read before they apply."""
    store = roster.store
    households: set[str] = set()
    persons: set[str] = set()
    for op in ops:
        if op["t"] == "households" and store.get("households", op["id"]) is not None:
            households.add(op["id"])
        elif op["t"] == "persons":
            person = store.get("persons", op["id"])
            if person is not None:
                persons.add(op["id"])
                households.add(person.get("household_id", ""))
            target = op.get("set", {}).get("household_id")
            if target and store.get("households", target) is not None:
                households.add(target)
    households.discard("")
    pre: dict[str, Any] = {}
    for hid in sorted(households):
        pre[f"households/{hid}"] = {"head_id": store.heads("households", hid, "head_id"),
                                    "members": members_digest(roster, hid)}
    for pid in sorted(persons):
        pre[f"persons/{pid}"] = {"household_id": store.heads("persons", pid, "household_id")}
    return pre


def failed(roster: Roster, pre: dict[str, Any]) -> list[str]:
    """The preconditions that no longer hold (empty: the event can apply whole)."""
    store = roster.store
    out = []
    for key, wanted in sorted(pre.items()):
        table, _, rid = key.partition("/")
        if store.get(table, rid) is None:
            out.append(key)
            continue
        for field, value in wanted.items():
            if field == "members":
                now: Any = members_digest(roster, rid)
            else:
                now = sorted(store.heads(table, rid, field))
                value = sorted(value)
            if now != value:
                out.append(f"{key}.{field}")
    return out
