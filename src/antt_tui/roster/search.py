"""Search over the roster: names without diacritics, CCCD, household code, phone.

Every person's folded name (and, separately, their numbers) is joined into one string in
Vietnamese roster order. A name token matches the start of a word ("an" finds "An" and
"Anh", not "Văn"); digits match anywhere in a CCCD, old CMND or phone number. A query scans
the joined string for its rarest token with `str.find` (C speed), checks the other tokens
on each candidate, and stops once it has `limit` results:
the results come out already in roster order. The order follows the store's changes by
insertion into a sorted list; the joined strings are rebuilt lazily after a change.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from antt_tui.domain.text import fold, name_collation_key, query_tokens
from antt_tui.roster.index import RosterIndex
from antt_tui.storage import tables
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


def _numbers(person: dict[str, Any]) -> str:
    get = person.get
    return f"{get('cccd', '')} {get('cmnd', '')} {get('phone', '')}"


class _Column:
    """One searchable text per person, joined in roster order."""

    def __init__(self) -> None:
        self.joined = ""
        self.starts: list[int] = []

    def build(self, texts: list[str]) -> None:
        starts, pos = [], 1
        for text in texts:
            starts.append(pos)
            pos += len(text) + 1
        self.joined = _SEP + _SEP.join(texts) + _SEP
        self.starts = starts


class SearchIndex:
    """Folded names and numbers of every person, in roster order, kept current."""

    def __init__(self, store: Store, index: RosterIndex) -> None:
        self.store = store
        self.index = index
        self._name: dict[str, str] = {}
        self._key: dict[str, tuple[str, str]] = {}
        by_name: dict[str, list[str]] = {}
        for person in store.records(tables.PERSONS):
            if not person.get("deleted"):
                by_name.setdefault(person.get("full_name", ""), []).append(person["id"])
        # Names repeat (40,000 people, ~16,000 names): fold and sort each name once.
        rows: list[tuple[str, str]] = []
        for name in sorted(by_name, key=name_collation_key):
            key, folded = name_collation_key(name), fold(name)
            for pid in sorted(by_name[name]):
                self._name[pid] = " " + folded
                row = self._key[pid] = (key, pid)
                rows.append(row)
        self._order = rows
        self._names, self._nums = _Column(), _Column()
        self._stale = True
        self._nums_stale = True
        """The numbers column is built at the first search by digits, not at start-up."""
        store.subscribe(self._on_change)

    def _on_change(self, table: str, record: dict[str, Any]) -> None:
        if table != tables.PERSONS:
            return
        pid = record["id"]
        old = self._key.pop(pid, None)
        if old is not None:
            at = bisect.bisect_left(self._order, old)
            if at < len(self._order) and self._order[at] == old:
                del self._order[at]
        self._name.pop(pid, None)
        if not record.get("deleted"):
            key = self._key[pid] = (name_collation_key(record.get("full_name", "")), pid)
            bisect.insort(self._order, key)
            self._name[pid] = " " + fold(record.get("full_name", ""))
        self._stale = self._nums_stale = True

    def _refresh(self) -> None:
        ids = [key[-1] for key in self._order]
        self._ids: list[str] = ids  # type: ignore[assignment]
        self._names.build([self._name[pid] for pid in ids])
        self._stale = False

    def search(self, text: str, *, limit: int = 100) -> list[Hit]:
        """Matches for `text`, people in Vietnamese roster order, at most `limit`."""
        raw = text.strip()
        if not raw:
            return []
        if self._stale:
            self._refresh()
        compact = re.sub(r"[\s.]", "", raw)
        if compact.isdigit() and len(compact) >= 3:
            if self._nums_stale:
                get = self.store.get
                self._nums.build([_numbers(get(tables.PERSONS, pid) or {}) for pid in self._ids])
                self._nums_stale = False
            return [self._hit(pid, self._number_kind(pid, compact))
                    for pid in self._scan(self._nums, [compact], limit)]
        if _CODE_RE.match(raw):
            hits = self._by_code(raw)
            if hits:
                return hits[:limit]
        tokens = query_tokens(raw)
        if not tokens:
            return []
        words = [" " + token for token in tokens]
        return [self._hit(pid, "tên") for pid in self._scan(self._names, words, limit)]

    def _scan(self, column: _Column, tokens: list[str], limit: int) -> list[str]:
        """Ids whose text holds every token, in roster order, stopping at `limit`."""
        joined, starts, ids = column.joined, column.starts, self._ids
        # The rarest token gives the fewest candidates (one C-level count per token).
        tokens = sorted(set(tokens), key=joined.count)
        first, rest = tokens[0], tokens[1:]
        found: list[str] = []
        pos = joined.find(first)
        while pos >= 0 and len(found) < limit:
            slot = bisect.bisect_right(starts, pos) - 1
            end = joined.find(_SEP, pos)
            if all(tok in joined[starts[slot]:end] for tok in rest):
                found.append(ids[slot])
            pos = joined.find(first, end)  # one hit per person
        return found

    def _number_kind(self, pid: str, digits: str) -> str:
        person = self.store.get(tables.PERSONS, pid) or {}
        return "SĐT" if digits in person.get("phone", "") else "CCCD"

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
        household = self.store.get(tables.HOUSEHOLDS, hid)
        if household is None or household.get("deleted"):
            return []
        head = self.store.get(tables.PERSONS, household.get("head_id", ""))
        return [Hit(head, household, self.store.get(tables.VILLAGES, household["village_id"]),
                    "mã hộ")]

    def _hit(self, pid: str, what: str) -> Hit:
        person = self.store.get(tables.PERSONS, pid)
        assert person is not None
        household = self.store.get(tables.HOUSEHOLDS, person["household_id"]) or {}
        village = self.store.get(tables.VILLAGES, household.get("village_id", ""))
        return Hit(person, household, village, what)
