"""Search over the roster: names without diacritics, CCCD, household code, phone.

Folded names are joined into one string so that the rarest query token is found by one
C-level scan (`str.find`), and only those candidates are checked for the other tokens. The
index follows the store's changes and rebuilds its joined string lazily.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from antt_tui.domain.text import fold, name_sort_key, query_tokens
from antt_tui.roster.index import RosterIndex
from antt_tui.storage.store import Store

_SEP = "\n"
_CODE_RE = re.compile(r"^[A-Za-z]+\d*-?\d+$")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a person and their household (and village)."""

    person: dict[str, Any] | None
    household: dict[str, Any]
    village: dict[str, Any] | None
    matched: str
    """What matched: "tên", "CCCD", "mã hộ", "SĐT"."""


class SearchIndex:
    """Folded names, CCCDs and phones of every person, kept current with the store."""

    def __init__(self, store: Store, index: RosterIndex) -> None:
        self.store = store
        self.index = index
        self._folded: dict[str, str] = {}
        self._sort_keys: dict[str, tuple[object, ...]] = {}
        self._joined = ""
        self._starts: list[int] = []
        self._ids: list[str] = []
        self._stale = True
        for person in store.records("persons"):
            if not person.get("deleted"):
                self._folded[person["id"]] = fold(person.get("full_name", ""))
        store.subscribe(self._on_change)

    def _on_change(self, table: str, record: dict[str, Any]) -> None:
        if table != "persons":
            return
        pid = record["id"]
        self._sort_keys.pop(pid, None)
        if record.get("deleted"):
            self._folded.pop(pid, None)
        else:
            self._folded[pid] = fold(record.get("full_name", ""))
        self._stale = True

    def _rebuild(self) -> None:
        self._ids = list(self._folded)
        parts = [self._folded[pid] for pid in self._ids]
        starts, pos = [], 1
        for part in parts:
            starts.append(pos)
            pos += len(part) + 1
        self._joined = _SEP + _SEP.join(parts) + _SEP
        self._starts = starts
        self._stale = False

    def search(self, text: str, *, limit: int = 100) -> list[Hit]:
        """Matches for `text`, people in Vietnamese name order, at most `limit`."""
        raw = text.strip()
        if not raw:
            return []
        compact = re.sub(r"[\s.]", "", raw)
        if compact.isdigit() and len(compact) >= 3:
            return self._by_number(compact, limit)
        if _CODE_RE.match(raw):
            hits = self._by_code(raw)
            if hits:
                return hits[:limit]
        return self._by_name(query_tokens(raw), limit)

    def _by_name(self, tokens: list[str], limit: int) -> list[Hit]:
        if not tokens:
            return []
        if self._stale:
            self._rebuild()
        tokens = sorted(tokens, key=len, reverse=True)
        first, rest = tokens[0], tokens[1:]
        joined, starts, ids = self._joined, self._starts, self._ids
        found: list[str] = []
        seen: set[int] = set()
        pos = joined.find(first)
        while pos >= 0:
            slot = bisect.bisect_right(starts, pos) - 1
            if slot not in seen:
                seen.add(slot)
                pid = ids[slot]
                name = self._folded[pid]
                if all(tok in name for tok in rest):
                    found.append(pid)
            # Skip to the next name: one hit per person.
            nxt = joined.find(_SEP, pos)
            pos = joined.find(first, nxt)
        found.sort(key=self._sort_key)
        return [self._hit(pid, "tên") for pid in found[:limit]]

    def _sort_key(self, pid: str) -> tuple[object, ...]:
        key = self._sort_keys.get(pid)
        if key is None:
            person = self.store.get("persons", pid) or {}
            key = self._sort_keys[pid] = name_sort_key(person.get("full_name", ""))
        return key

    def _by_number(self, digits: str, limit: int) -> list[Hit]:
        found = []
        for person in self.store.records("persons"):
            if person.get("deleted"):
                continue
            if digits in person.get("cccd", "") or digits in person.get("cmnd", ""):
                found.append((person["id"], "CCCD"))
            elif digits in person.get("phone", ""):
                found.append((person["id"], "SĐT"))
        found.sort(key=lambda item: self._sort_key(item[0]))
        return [self._hit(pid, what) for pid, what in found[:limit]]

    def _by_code(self, text: str) -> list[Hit]:
        wanted = text.upper()
        hid = self.index.household_by_code.get(wanted)
        if hid is None:
            match = re.fullmatch(r"([A-Z]+\d*?)-?0*(\d+)", wanted)
            if match:
                hid = self.index.household_by_code.get(
                    f"{match.group(1)}-{int(match.group(2)):04d}")
        if hid is None:
            return []
        household = self.store.get("households", hid)
        if household is None or household.get("deleted"):
            return []
        head = self.store.get("persons", household.get("head_id", ""))
        return [Hit(head, household, self.store.get("villages", household["village_id"]),
                    "mã hộ")]

    def _hit(self, pid: str, what: str) -> Hit:
        person = self.store.get("persons", pid)
        assert person is not None
        household = self.store.get("households", person["household_id"]) or {}
        village = self.store.get("villages", household.get("village_id", ""))
        return Hit(person, household, village, what)
