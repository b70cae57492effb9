"""The same person twice: suggested pairs, merging them, and "not the same" for good.

Where two laptops enter the same family (a village that typed its roster before joining, a
person entered at the commune and at the village), the same CCCD, or the same folded name
with the same birth date, makes a suggested pair. An officer merges it (`same`: the second
record's details fill what the first lacks, the second becomes a tombstone pointing at the
first) or says they are different people (`not-same`: never suggested again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antt_tui.domain.text import fold
from antt_tui.storage.store import Store


def person_key(person: dict[str, Any]) -> str:
    """The folded name and birth date ("" when either is missing)."""
    name, birth = fold(person.get("full_name") or ""), person.get("birth") or ""
    return f"{name}|{birth}" if name and birth else ""


def pair_id(a: str, b: str) -> str:
    """The id of a pair, the same whichever way round."""
    return "|".join(sorted((a, b)))


@dataclass(frozen=True, slots=True)
class Pair:
    """Two records that may be one person, and why."""

    first: dict[str, Any]
    second: dict[str, Any]
    reason: str

    @property
    def id(self) -> str:
        """The pair's id."""
        return pair_id(self.first["id"], self.second["id"])

    @property
    def differences(self) -> list[str]:
        """The fields where the two records say different things."""
        keys = {*self.first, *self.second} - {"id", "household_id"}
        return sorted(k for k in keys if (self.first.get(k) or "") != (self.second.get(k) or ""))


def suggest(store: Store) -> list[Pair]:
    """Every suggested pair not settled yet (by CCCD first, then by name and birth)."""
    settled = {r["id"] for r in store.records("sync_pairs") if not r.get("deleted")}
    people = [p for p in store.records("persons") if not p.get("deleted")]
    pairs: dict[str, Pair] = {}
    for key_of, reason in ((lambda p: p.get("cccd") or "", "cùng số CCCD"),
                           (person_key, "cùng họ tên và ngày sinh")):
        groups: dict[str, list[dict[str, Any]]] = {}
        for person in people:
            key = key_of(person)
            if key:
                groups.setdefault(key, []).append(person)
        for group in groups.values():
            group.sort(key=lambda p: p["id"])
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    pid = pair_id(a["id"], b["id"])
                    if pid not in settled and pid not in pairs:
                        pairs[pid] = Pair(a, b, reason)
    return sorted(pairs.values(), key=lambda p: (p.reason, p.first.get("full_name", "")))


def find_person(store: Store, ref: str) -> dict[str, Any]:
    """A person by id (a unique prefix), CCCD or "code/number" (DH-0012/2)."""
    from antt_tui.roster import Roster
    from antt_tui.sync.errors import SyncError

    ref = ref.strip()
    matches = [p for p in store.records("persons") if not p.get("deleted")
               and (p["id"].startswith(ref) or (ref.isdigit() and p.get("cccd") == ref))]
    if len(matches) == 1:
        return matches[0]
    if not matches and "/" in ref:
        return Roster(store).person(ref)
    raise SyncError(f"Không tìm thấy nhân khẩu {ref}." if not matches
                    else f"{ref} khớp nhiều người; gõ đủ mã.")


def same(store: Store, first_ref: str, second_ref: str) -> dict[str, Any]:
    """The two records are one person: the second's details fill what the first lacks, and
    the second becomes a tombstone pointing at the first. Returns the first."""
    first, second = find_person(store, first_ref), find_person(store, second_ref)
    if first["id"] == second["id"]:
        from antt_tui.sync.errors import SyncError

        raise SyncError("Hai mã là cùng một bản ghi.")
    fill = {k: v for k, v in second.items()
            if k not in ("id", "household_id", "relation", "status", "deleted")
            and v not in (None, "") and first.get(k) in (None, "")}
    ops = store.op_set("persons", first["id"], fill) if fill else []
    ops += store.op_set("persons", second["id"], {
        "deleted": True, "merged_into": first["id"],
        "deleted_reason": f"Trùng với {first.get('full_name', '')}"})
    ops += store.op_set("sync_pairs", pair_id(first["id"], second["id"]),
                        {"verdict": "same", "village_id": _village(store, first)})
    store.commit("sync.same", ops, summary=f"Gộp hai bản ghi trùng của "
                                           f"{first.get('full_name', '')}")
    return store.get("persons", first["id"]) or first


def not_same(store: Store, first_ref: str, second_ref: str) -> None:
    """The two records are different people: never suggested again."""
    first, second = find_person(store, first_ref), find_person(store, second_ref)
    store.commit("sync.not_same", store.op_set(
        "sync_pairs", pair_id(first["id"], second["id"]),
        {"verdict": "not_same", "village_id": _village(store, first)}),
        summary=f"Không trùng: {first.get('full_name', '')} và {second.get('full_name', '')}")


def _village(store: Store, person: dict[str, Any]) -> str:
    """The village a settled pair travels to (so its laptops stop suggesting it too)."""
    household = store.get("households", person.get("household_id") or "") or {}
    return household.get("village_id", "")
