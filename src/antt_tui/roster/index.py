"""In-memory lookups over the roster, kept current by the store's change listener."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from antt_tui.domain import vocab
from antt_tui.storage import tables
from antt_tui.storage.store import Store


def is_living(person: dict[str, Any]) -> bool:
    """Not deleted and not deceased (a moved-away person still holds their CCCD)."""
    return not person.get("deleted") and person.get("status", vocab.PRESENT) != vocab.DECEASED


class RosterIndex:
    """Codes → ids, household → members, CCCD → living person."""

    def __init__(self, store: Store) -> None:
        self.household_by_code: dict[str, str] = {}
        self.village_by_code: dict[str, str] = {}
        self.members: dict[str, set[str]] = defaultdict(set)
        self.cccd: dict[str, str] = {}
        self._person_household: dict[str, str] = {}
        self._person_cccd: dict[str, str] = {}
        for village in store.records(tables.VILLAGES):
            self._on_village(village)
        for household in store.records(tables.HOUSEHOLDS):
            self._on_household(household)
        self._load_persons(store)
        store.subscribe(self.on_change)

    def _load_persons(self, store: Store) -> None:
        """The bulk form of `_on_person` for start-up (40,000 people)."""
        members, person_household = self.members, self._person_household
        cccd, person_cccd = self.cccd, self._person_cccd
        for person in store.records(tables.PERSONS):
            if person.get("deleted"):
                continue
            pid, household_id = person["id"], person.get("household_id")
            if household_id:
                person_household[pid] = household_id
                members[household_id].add(pid)
            number = person.get("cccd")
            if number and person.get("status") != vocab.DECEASED:
                person_cccd[pid] = number
                cccd.setdefault(number, pid)

    def on_change(self, table: str, record: dict[str, Any]) -> None:
        """Store listener: update the lookups for one changed record."""
        if table == tables.PERSONS:
            self._on_person(record)
        elif table == tables.HOUSEHOLDS:
            self._on_household(record)
        elif table == tables.VILLAGES:
            self._on_village(record)

    def _on_village(self, village: dict[str, Any]) -> None:
        self._by_code(self.village_by_code, village)

    def _on_household(self, household: dict[str, Any]) -> None:
        self._by_code(self.household_by_code, household)

    @staticmethod
    def _by_code(index: dict[str, str], record: dict[str, Any]) -> None:
        """A live record owns its code; a deleted one gives it up (a merge may bring a
        deleted twin of the same code, e.g. a laptop's village from before it joined)."""
        code = (record.get("code") or "").upper()
        if not code:
            return
        if not record.get("deleted"):
            index[code] = record["id"]
        elif index.get(code) == record["id"]:
            del index[code]

    def _on_person(self, person: dict[str, Any]) -> None:
        pid = person["id"]
        old_household = self._person_household.pop(pid, None)
        if old_household is not None:
            self.members[old_household].discard(pid)
        if not person.get("deleted") and person.get("household_id"):
            self._person_household[pid] = person["household_id"]
            self.members[person["household_id"]].add(pid)
        old_cccd = self._person_cccd.pop(pid, None)
        if old_cccd is not None and self.cccd.get(old_cccd) == pid:
            del self.cccd[old_cccd]
        number = person.get("cccd")
        if number and is_living(person):
            self._person_cccd[pid] = number
            self.cccd.setdefault(number, pid)
