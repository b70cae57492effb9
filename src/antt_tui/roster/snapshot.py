"""The criteria's and the reports' view of the database: a `Snapshot` read from the store.

Nothing is read up front, and a stored record is typed only when something asks for it: the
mappings by id (villages, households, persons, settings) type one record when it is asked
for by id, all of them when iterated; a village's households, a household's commitments and
the latest visits of some households type only those. One household's evaluation types its
own records, not 10,000, and a village's report its village's. Visits are read from the
yearly files of the years asked for only.

A snapshot reads each table once, when first asked, and keeps what it typed: the roster
hands out the same snapshot until a change is saved (`Roster.snapshot`), then a new one.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
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
from antt_tui.storage import tables
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

    Tens of thousands of new long-lived objects would set off its collections again and again
    (a full pass walks every tracked object of the process: tens of milliseconds with the
    large commune open); the records hold no cycles, so there is nothing for it to find.
    Paused, it collects them once afterwards. It is paused, not frozen: whatever was enabled
    is enabled again at the end (also when another thread paused it meanwhile).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Typed(Generic[T]):
    """Stored records typed once each: the same record asked for again is the same object."""

    __slots__ = ("_convert", "_done")

    def __init__(self, convert: Callable[[Record], T]) -> None:
        self._convert = convert
        self._done: dict[str, T] = {}

    def __call__(self, record: Record) -> T:
        found = self._done.get(record["id"])
        if found is None:
            found = self._done[record["id"]] = self._convert(record)
        return found

    def many(self, records: Iterable[Record]) -> list[T]:
        """`records`, typed (the same loop as calling this on each, without the calls)."""
        done, convert = self._done, self._convert
        out = []
        with _bulk():
            for record in records:
                found = done.get(record["id"])
                if found is None:
                    found = done[record["id"]] = convert(record)
                out.append(found)
        return out


class _ById(Mapping[str, T], Generic[T]):
    """The live records of one table by id, each typed the first time it is asked for;
    iterating types them all (once)."""

    __slots__ = ("_all", "_store", "_table", "typed")

    def __init__(self, store: Store, table: str, typed: _Typed[T]) -> None:
        self._store, self._table, self.typed = store, table, typed
        self._all: dict[str, T] | None = None

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if self._all is not None:
            return self._all.get(key, default)
        record = self._store.get(self._table, key)
        if record is None or record.get("deleted"):
            return default
        return self.typed(record)

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
            rows = [r for r in self._store.records(self._table) if not r.get("deleted")]
            self._all = dict(zip([r["id"] for r in rows], self.typed.many(rows), strict=True))
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
    """A `Snapshot` (antt_tui.criteria.snapshot) of the store, read as it is asked for.

    What is kept between questions is cheap: the stored records grouped by village or by
    household (references, not copies) and each record typed at most once.
    """

    def __init__(self, store: Store, index: RosterIndex) -> None:
        self._store = store
        self._index = index
        get = store.get
        self._household = _Typed(lambda r: household_of(r, get(tables.PERSONS,
                                                              r.get("head_id") or "")))
        self._commitment = _Typed(commitment_of)
        self._incident = _Typed(lambda r: incident_of(r, self._person))
        self._visit = _Typed(visit_of)
        self._latest: dict[tuple[date, date], dict[str, Record]] = {}

    def _live(self, table: str) -> Iterator[Record]:
        return (r for r in self._store.records(table) if not r.get("deleted"))

    def _typed(self, table: str, convert: Callable[[Record], T]) -> tuple[T, ...]:
        """Every live record of a table, typed, in the order they were saved."""
        if isinstance(convert, _Typed):
            return tuple(convert.many(self._live(table)))
        with _bulk():
            return tuple(convert(r) for r in self._live(table))

    def _person(self, person_id: str) -> Record | None:
        """A stored person, deleted or not (where an incident's person lived)."""
        return self._store.get(tables.PERSONS, person_id) if person_id else None

    @cached_property
    def commune(self) -> Commune | None:
        return next((commune_of(r) for r in self._live(tables.COMMUNES)), None)

    @cached_property
    def villages(self) -> _ById[Village]:
        return _ById(self._store, "villages", _Typed(village_of))

    @cached_property
    def households(self) -> _ById[Household]:
        return _ById(self._store, "households", self._household)

    @cached_property
    def persons(self) -> _ById[Person]:
        return _ById(self._store, "persons", _Typed(person_of))

    @cached_property
    def settings(self) -> _ById[Mapping[str, Any]]:
        return _ById(self._store, "settings", _Typed(settings_of))

    @cached_property
    def _households_by_village(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = defaultdict(list)
        for record in self._live(tables.HOUSEHOLDS):
            out[record.get("village_id") or ""].append(record)
        return out

    def households_in(self, village_id: str) -> list[Household]:
        """The households of one village (only those are typed)."""
        return self._household.many(self._households_by_village.get(village_id, ()))

    def members(self, household_id: str) -> list[Person]:
        """The persons whose household this is now (the roster's index says who)."""
        persons = self.persons
        found = (persons.get(pid) for pid in tuple(self._index.members.get(household_id, ())))
        return [p for p in found if p is not None]

    @cached_property
    def incidents(self) -> tuple[Incident, ...]:
        return self._typed(tables.INCIDENTS, self._incident)

    def incidents_of(self, household_id: str) -> list[Incident]:
        """The incidents linked to one household (only those are typed)."""
        return [self._incident(r) for r in self._live(tables.INCIDENTS)
                if household_id in (r.get("household_ids") or ())]

    @cached_property
    def commitments(self) -> tuple[Commitment, ...]:
        return self._typed(tables.COMMITMENTS, self._commitment)

    @cached_property
    def _commitments_by_household(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = defaultdict(list)
        for record in self._live(tables.COMMITMENTS):
            out[record.get("household_id") or ""].append(record)
        return out

    def commitments_of(self, households: Collection[str] | None = None, *,
                       year: int | None = None) -> list[Commitment]:
        """The commitments of these households (every household's when None) for `year`
        (every year's when None): only those are typed."""
        if households is None:
            rows: Iterable[Record] = self._live(tables.COMMITMENTS)
        else:
            raw = self._commitments_by_household
            rows = (r for hid in households for r in raw.get(hid, ()))
        return self._commitment.many(r for r in rows
                                     if year is None or (r.get("year") or 0) == year)

    @cached_property
    def documents(self) -> tuple[Document, ...]:
        return self._typed(tables.DOCUMENTS, document_of)

    @cached_property
    def teams(self) -> tuple[Team, ...]:
        return self._typed(tables.TEAMS, team_of)

    @cached_property
    def activities(self) -> tuple[Activity, ...]:
        return self._typed(tables.TEAM_ACTIVITIES, activity_of)

    @cached_property
    def confirmations(self) -> tuple[Confirmation, ...]:
        return self._typed(tables.CONFIRMATIONS, confirmation_of)

    # ------------------------------------------------------------------ visits

    def _years(self, start: date, end: date) -> list[int]:
        """The years from `start` to `end` that have a file of visits."""
        shards = set(self._store.shard_names(tables.VISITS))
        return [y for y in range(start.year, end.year + 1) if f"visits-{y}" in shards]

    def visits_between(self, start: date, end: date, scope: str = "") -> list[Visit]:
        """Visits of the village `scope` ("" = the commune) from `start` to `end`: only
        the files of those years are read."""
        lo, hi = start.isoformat(), end.isoformat()
        return self._visit.many(
            v for v in self._store.records(tables.VISITS, years=self._years(start, end))
            if lo <= v.get("date", "") <= hi and not v.get("deleted")
            and (not scope or v.get("village_id") == scope))

    def _latest_records(self, start: date, end: date) -> dict[str, Record]:
        """Household id → its latest stored visit from `start` to `end` (of a day, the one
        saved last): one pass over the files of those years, nothing typed."""
        found = self._latest.get((start, end))
        if found is None:
            latest: dict[str, Record] = {}
            lo, hi = start.isoformat(), end.isoformat()
            for visit in self._store.records(tables.VISITS, years=self._years(start, end)):
                day = visit.get("date", "")
                if lo <= day <= hi and not visit.get("deleted"):
                    hid = visit.get("household_id", "")
                    best = latest.get(hid)
                    if best is None or day >= best["date"]:
                        latest[hid] = visit
            found = self._latest[(start, end)] = latest
        return found

    def latest_visits(self, start: date, end: date, households: Collection[str] | None = None
                      ) -> dict[str, Visit]:
        """Household id → its latest visit from `start` to `end` (of a day, the one saved
        last), for these households (every one when None): only those are typed."""
        latest = self._latest_records(start, end)
        hids = list(latest) if households is None else [h for h in households if h in latest]
        return dict(zip(hids, self._visit.many(latest[h] for h in hids), strict=True))

    def first_visit_day(self) -> str:
        """The day of the earliest visit, from the file of the first year on record."""
        shards = self._store.shard_names(tables.VISITS)
        first = min(shards) if shards else ""
        if not first[7:].isdigit():
            return ""
        days = [v["date"] for v in self._store.records(tables.VISITS, years=[int(first[7:])])
                if v.get("date") and not v.get("deleted")]
        return min(days, default="")
