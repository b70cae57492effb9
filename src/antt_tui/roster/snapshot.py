"""The criteria's and the reports' view of the database: a `Snapshot` read from the store.

Nothing is read up front. Each table is read and turned into typed records the first time
something asks for it, and the mappings by id (villages, households, persons, settings) turn
a record only when it is asked for by id, or all of them when iterated: one household's
evaluation reads its own record, not 10,000. Visits are read from the yearly files of the
years asked for only; `latest_visits` goes through the stored records and types only the
latest visit of each household.

A snapshot reads each table once, when first asked, and keeps what it typed: the roster
hands out the same snapshot until a change is saved (`Roster.snapshot`), then a new one.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from antt_tui.criteria.snapshot import (
    Activity,
    CheckAnswer,
    Commitment,
    Commune,
    Confirmation,
    Document,
    Household,
    Incident,
    Involved,
    Person,
    Team,
    Village,
    Visit,
)
from antt_tui.roster.index import RosterIndex
from antt_tui.storage.store import Store

T = TypeVar("T")
Record = dict[str, Any]
_UNSEEN: Any = object()


# ====================================================================== stored record → record


def commune_of(r: Record) -> Commune:
    return Commune(r["id"], r.get("name") or "", r.get("province") or "")


def village_of(r: Record) -> Village:
    return Village(r["id"], r.get("code") or "", r.get("name") or "")


def household_of(r: Record, head: Record | None) -> Household:
    return Household(r["id"], r.get("code") or "", r.get("village_id") or "",
                     r.get("residence_status") or "", r.get("head_id") or "",
                     (head or {}).get("full_name") or "", r.get("address") or "",
                     r.get("moved_in_on") or "")


def person_of(r: Record) -> Person:
    status = r.get("status", "present")
    return Person(r["id"], r.get("household_id") or "", r.get("full_name") or "",
                  status if isinstance(status, str) else "", r.get("ethnicity") or "")


def visit_of(r: Record) -> Visit:
    checklist = r.get("checklist")
    answers = ()
    if isinstance(checklist, dict) and checklist:
        # An item recorded empty passed (as the criteria have always read it).
        answers = tuple(CheckAnswer(item, (entry.get("result") or "") if entry else "dat",
                                    (entry.get("note") or "") if entry else "")
                        for item, entry in checklist.items())
    return Visit(r["id"], r.get("household_id") or "", r.get("village_id") or "",
                 r.get("date") or "", r.get("result") or "", answers,
                 r.get("follow_up_on") or "")


def _number(value: Any) -> int:
    return int(value or 0)


def incident_of(r: Record, person: Callable[[str], Record | None]) -> Incident:
    involved = []
    for p in r.get("persons") or ():
        pid = p.get("person_id") or ""
        # Older records name only the person: where the roster has them now.
        household = p.get("household_id") or (person(pid) or {}).get("household_id") or ""
        involved.append(Involved(pid, p.get("role") or "", household))
    return Incident(r["id"], r.get("village_id") or "", r.get("date") or "",
                    r.get("category") or "", r.get("severity") or "", _number(r.get("deaths")),
                    _number(r.get("injuries")), _number(r.get("damage")),
                    _number(r.get("fine")), bool(r.get("caused_by_resident")),
                    bool(r.get("own_fault")), tuple(r.get("household_ids") or ()),
                    tuple(involved), r.get("place") or "", r.get("note") or "")


def commitment_of(r: Record) -> Commitment:
    return Commitment(r["id"], r.get("household_id") or "", r.get("year") or 0,
                      r.get("signed_on") or "")


def document_of(r: Record) -> Document:
    village_id = r.get("village_id") or ""
    # A document saved without a day is never counted as issued.
    return Document(r["id"], r.get("kind") or "", r.get("year") or 0, village_id,
                    r.get("scope") or ("thon" if village_id else "xa"),
                    r.get("issued_on", "9999") or "", r.get("number") or "",
                    r.get("issuer") or "")


def team_of(r: Record) -> Team:
    return Team(r["id"], r.get("name") or "", r.get("village_id") or "",
                r.get("established_on") or "", r.get("dissolved_on") or "")


def activity_of(r: Record) -> Activity:
    return Activity(r["id"], r.get("team_id") or "", r.get("village_id") or "",
                    r.get("date") or "", r.get("kind") or "", _number(r.get("shifts")),
                    _number(r.get("officer_turns")), _number(r.get("attendance")),
                    r.get("mediation_result") or "")


def confirmation_of(r: Record) -> Confirmation:
    return Confirmation(r["id"], r.get("subject") or "", r.get("village_id") or "",
                        r.get("year") or 0, bool(r.get("value")), r.get("confirmed_on") or "",
                        r.get("confirmed_by") or "", r.get("note") or "")


def settings_of(r: Record) -> Mapping[str, Any]:
    return MappingProxyType({k: v for k, v in r.items() if k != "id" and not k.startswith("_")})


# ====================================================================== the snapshot


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while many records are typed at once.

    Tens of thousands of new long-lived objects would set off its collections again and again,
    and each full pass walks every object of the open database (tens of milliseconds); the
    records hold no cycles, so there is nothing for it to find. It is paused, not frozen:
    whatever was already enabled is enabled again at the end (also when another thread
    paused it meanwhile).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _ById(Mapping[str, T], Generic[T]):
    """The live records of one table by id, each typed the first time it is asked for;
    iterating types them all (once)."""

    __slots__ = ("_all", "_convert", "_seen", "_store", "_table")

    def __init__(self, store: Store, table: str, convert: Callable[[Record], T]) -> None:
        self._store, self._table, self._convert = store, table, convert
        self._seen: dict[str, T | None] = {}
        self._all: dict[str, T] | None = None

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if self._all is not None:
            return self._all.get(key, default)
        found = self._seen.get(key, _UNSEEN)
        if found is _UNSEEN:
            record = self._store.get(self._table, key)
            found = None if record is None or record.get("deleted") else self._convert(record)
            self._seen[key] = found
        return default if found is None else found

    def __getitem__(self, key: str) -> T:
        found = self.get(key, _UNSEEN)
        if found is _UNSEEN:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def every(self) -> dict[str, T]:
        """Every live record, typed (in the order they were saved)."""
        if self._all is None:
            seen, convert = self._seen, self._convert
            out: dict[str, T] = {}
            with _bulk():
                for record in self._store.records(self._table):
                    if not record.get("deleted"):
                        rid = record["id"]
                        typed = seen.get(rid)
                        out[rid] = typed if typed is not None else convert(record)
            self._all = out
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self.every())

    def __len__(self) -> int:
        return len(self.every())

    def keys(self):  # type: ignore[override]
        return self.every().keys()

    def values(self):  # type: ignore[override]
        return self.every().values()

    def items(self):  # type: ignore[override]
        return self.every().items()


class StoreSnapshot:
    """A `Snapshot` (antt_tui.criteria.snapshot) of the store, read as it is asked for."""

    def __init__(self, store: Store, index: RosterIndex) -> None:
        self._store = store
        self._index = index
        self._latest_cache: dict[tuple[date, date], dict[str, Visit]] = {}

    def _live(self, table: str) -> Iterator[Record]:
        return (r for r in self._store.records(table) if not r.get("deleted"))

    def _typed(self, table: str, convert: Callable[[Record], T]) -> tuple[T, ...]:
        """Every live record of a table, typed, in the order they were saved."""
        with _bulk():
            return tuple(convert(r) for r in self._live(table))

    @cached_property
    def commune(self) -> Commune | None:
        return next((commune_of(r) for r in self._live("communes")), None)

    @cached_property
    def villages(self) -> _ById[Village]:
        return _ById(self._store, "villages", village_of)

    @cached_property
    def households(self) -> _ById[Household]:
        get = self._store.get
        return _ById(self._store, "households",
                     lambda r: household_of(r, get("persons", r.get("head_id") or "")))

    @cached_property
    def persons(self) -> _ById[Person]:
        return _ById(self._store, "persons", person_of)

    @cached_property
    def settings(self) -> _ById[Mapping[str, Any]]:
        return _ById(self._store, "settings", settings_of)

    @cached_property
    def incidents(self) -> tuple[Incident, ...]:
        person = self._person
        return self._typed("incidents", lambda r: incident_of(r, person))

    @cached_property
    def commitments(self) -> tuple[Commitment, ...]:
        return self._typed("commitments", commitment_of)

    @cached_property
    def documents(self) -> tuple[Document, ...]:
        return self._typed("documents", document_of)

    @cached_property
    def teams(self) -> tuple[Team, ...]:
        return self._typed("teams", team_of)

    @cached_property
    def activities(self) -> tuple[Activity, ...]:
        return self._typed("team_activities", activity_of)

    @cached_property
    def confirmations(self) -> tuple[Confirmation, ...]:
        return self._typed("confirmations", confirmation_of)

    def members(self, household_id: str) -> list[Person]:
        """The persons whose household this is now (the roster's index says who)."""
        persons = self.persons
        found = (persons.get(pid) for pid in tuple(self._index.members.get(household_id, ())))
        return [p for p in found if p is not None]

    def commitments_of(self, household_id: str) -> list[Commitment]:
        """One household's commitments (only those are typed)."""
        if "commitments" in self.__dict__:
            return [c for c in self.commitments if c.household_id == household_id]
        return [commitment_of(r) for r in self._live("commitments")
                if r.get("household_id") == household_id]

    def incidents_of(self, household_id: str) -> list[Incident]:
        """The incidents linked to one household (only those are typed)."""
        if "incidents" in self.__dict__:
            return [i for i in self.incidents if household_id in i.household_ids]
        person = self._person
        return [incident_of(r, person) for r in self._live("incidents")
                if household_id in (r.get("household_ids") or ())]

    def _person(self, person_id: str) -> Record | None:
        """A stored person, deleted or not (where an incident's person lived)."""
        return self._store.get("persons", person_id) if person_id else None

    # ------------------------------------------------------------------ visits

    def _years(self, start: date, end: date) -> list[int]:
        """The years from `start` to `end` that have a file of visits."""
        shards = set(self._store.shard_names("visits"))
        return [y for y in range(start.year, end.year + 1) if f"visits-{y}" in shards]

    def visits_between(self, start: date, end: date, scope: str = "") -> list[Visit]:
        """Visits of the village `scope` ("" = the commune) from `start` to `end`: only
        the files of those years are read."""
        lo, hi = start.isoformat(), end.isoformat()
        with _bulk():
            return [visit_of(v)
                    for v in self._store.records("visits", years=self._years(start, end))
                    if lo <= v.get("date", "") <= hi and not v.get("deleted")
                    and (not scope or v.get("village_id") == scope)]

    def latest_visits(self, start: date, end: date, household_id: str = ""
                      ) -> dict[str, Visit]:
        """Household id → its latest visit from `start` to `end` (of a day, the one saved
        last): the stored records are compared, and only the latest ones typed (every
        household's are kept for the next evaluation)."""
        if household_id:
            return self._latest(start, end, household_id)
        found = self._latest_cache.get((start, end))
        if found is None:
            found = self._latest_cache[(start, end)] = self._latest(start, end, "")
        return found

    def _latest(self, start: date, end: date, household_id: str) -> dict[str, Visit]:
        latest: dict[str, Record] = {}
        lo, hi = start.isoformat(), end.isoformat()
        for visit in self._store.records("visits", years=self._years(start, end)):
            hid = visit.get("household_id", "")
            if household_id and hid != household_id:
                continue
            day = visit.get("date", "")
            if lo <= day <= hi and not visit.get("deleted"):
                best = latest.get(hid)
                if best is None or day >= best["date"]:
                    latest[hid] = visit
        with _bulk():
            return {hid: visit_of(v) for hid, v in latest.items()}

    def first_visit_day(self) -> str:
        """The day of the earliest visit, from the file of the first year on record."""
        shards = self._store.shard_names("visits")
        first = min(shards) if shards else ""
        if not first[7:].isdigit():
            return ""
        days = [v["date"] for v in self._store.records("visits", years=[int(first[7:])])
                if v.get("date") and not v.get("deleted")]
        return min(days, default="")
