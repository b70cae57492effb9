"""What the criteria and the reports read of one database: typed, read-only records.

The roster layer builds a `Snapshot` from the store (`antt_tui.roster.snapshot`) and passes
it in; tests build one in memory (`MemorySnapshot`). Criteria and reports never see the
store, a table name or a stored record: only these records, with the fields they read.
Records that were deleted (tombstones) are not in a snapshot.

Dates are ISO strings ("2026-06-15", "" when not recorded), as the records keep them, so
comparing and bisecting them needs no parsing.

The records are slots dataclasses, read-only by agreement: a snapshot hands them out through
`Mapping` and `Sequence`, and nothing changes them. Frozen ones take twice as long to make,
which on the large commune (10,000 households, 28,000 commitments, the latest of 120,000
visits) added a tenth to a full evaluation; named tuples were no faster to make and slower
to read (scripts/bench.py, issue 15).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(slots=True)
class Commune:
    """The commune (xã, phường)."""

    id: str
    name: str
    province: str = ""


@dataclass(slots=True)
class Village:
    """A village (thôn, tổ dân phố: khu dân cư)."""

    id: str
    code: str
    name: str


@dataclass(slots=True)
class Household:
    """A household (hộ gia đình) of the roster."""

    id: str
    code: str
    village_id: str
    residence_status: str
    """thuong_tru, tam_tru (residing), or a status of a household that left."""
    head_id: str = ""
    head_name: str = ""
    """The head's full name, as the roster has it ("" when not known)."""
    address: str = ""
    moved_in_on: str = ""
    """The day it came to live in the village, when recorded."""


@dataclass(slots=True)
class Person:
    """A person (nhân khẩu) of the roster."""

    id: str
    household_id: str
    full_name: str
    status: str = "present"
    """present, or why they no longer live in the household (moved_away, deceased …)."""
    ethnicity: str = ""


@dataclass(slots=True)
class CheckAnswer:
    """One item of a visit's checklist as recorded: a visit keeps the items not answered
    "đạt" (the others are not kept)."""

    item: str
    """h1 … h6."""
    result: str
    """chua_dat or khong_ro (dat when stored so, or recorded empty; "" when the entry gives
    no answer, which counts as unknown)."""
    note: str = ""


@dataclass(slots=True)
class Visit:
    """An inspection visit (lượt kiểm tra hộ)."""

    id: str
    household_id: str
    village_id: str
    date: str
    result: str = ""
    """dat when every item passed, else chua_dat."""
    checklist: tuple[CheckAnswer, ...] = ()
    follow_up_on: str = ""

    def answer(self, item: str) -> CheckAnswer | None:
        """The answer to one item when it was not "đạt" (None otherwise)."""
        return next((a for a in self.checklist if a.item == item), None)


@dataclass(slots=True)
class Involved:
    """A person of the roster involved in an incident."""

    person_id: str
    role: str
    """doi_tuong (offender), bi_hai (victim), nhan_chung (witness)."""
    household_id: str = ""
    """The household they lived in at the time; records older than that field name only the
    person, and then it is the household the roster gives them now ("" when unknown)."""


@dataclass(slots=True)
class Incident:
    """An incident (vụ việc) of a village."""

    id: str
    village_id: str
    date: str
    category: str
    severity: str = ""
    deaths: int = 0
    injuries: int = 0
    damage: int = 0
    fine: int = 0
    caused_by_resident: bool = False
    own_fault: bool = False
    household_ids: tuple[str, ...] = ()
    persons: tuple[Involved, ...] = ()
    place: str = ""
    note: str = ""


@dataclass(slots=True)
class Commitment:
    """A household's yearly "Hộ an toàn" commitment (bản cam kết)."""

    id: str
    household_id: str
    year: int
    signed_on: str


@dataclass(slots=True)
class Document:
    """A yearly document of a village or the commune: resolution, registration, plan."""

    id: str
    kind: str
    """nghi_quyet, dang_ky, ke_hoach."""
    year: int
    village_id: str
    """The village's id, "" for the commune's."""
    scope: str
    """thon or xa."""
    issued_on: str
    number: str = ""
    issuer: str = ""


@dataclass(slots=True)
class Team:
    """A self-management team or model (tổ tự quản, mô hình)."""

    id: str
    name: str
    village_id: str
    """"" for a commune-wide model."""
    established_on: str = ""
    dissolved_on: str = ""


@dataclass(slots=True)
class Activity:
    """An activity of a team: patrol, meeting, mediation, outreach session."""

    id: str
    team_id: str
    village_id: str
    date: str
    kind: str
    """tuan_tra, hop, hoa_giai, tuyen_truyen."""
    shifts: int = 0
    officer_turns: int = 0
    attendance: int = 0
    mediation_result: str = ""


@dataclass(slots=True)
class Confirmation:
    """What an authority confirmed by hand for a unit and year (xác nhận thủ công)."""

    id: str
    subject: str
    village_id: str
    """The village's id, "" for the commune's."""
    year: int
    value: bool
    confirmed_on: str
    confirmed_by: str = ""
    note: str = ""


class Snapshot(Protocol):
    """The records of one database that the criteria and the reports read.

    Mappings are by record id; sequences keep the order in which the records were saved
    (the latest confirmation of a day is the one saved last). `settings` are the settings
    records by id (e.g. "criteria", "report:xa"), each the fields stored in it.
    """

    @property
    def commune(self) -> Commune | None: ...

    @property
    def villages(self) -> Mapping[str, Village]: ...

    @property
    def households(self) -> Mapping[str, Household]: ...

    @property
    def persons(self) -> Mapping[str, Person]: ...

    @property
    def incidents(self) -> Sequence[Incident]: ...

    @property
    def commitments(self) -> Sequence[Commitment]: ...

    @property
    def documents(self) -> Sequence[Document]: ...

    @property
    def teams(self) -> Sequence[Team]: ...

    @property
    def activities(self) -> Sequence[Activity]: ...

    @property
    def confirmations(self) -> Sequence[Confirmation]: ...

    @property
    def settings(self) -> Mapping[str, Mapping[str, Any]]: ...

    def households_in(self, village_id: str) -> Sequence[Household]:
        """The households of one village (whatever their status)."""
        ...

    def members(self, household_id: str) -> Sequence[Person]:
        """The persons whose household this is now (whatever their status), in no
        particular order."""
        ...

    def commitments_of(self, households: Collection[str] | None = None, *,
                       year: int | None = None) -> Sequence[Commitment]:
        """The commitments of these households (every household's when None) for `year`
        (every year's when None); of each household in the order they were saved."""
        ...

    def incidents_of(self, household_id: str) -> Sequence[Incident]:
        """The incidents linked to one household (among their `household_ids`), in the
        order they were saved."""
        ...

    def visits_between(self, start: date, end: date, scope: str = "") -> Sequence[Visit]:
        """Visits of the village `scope` ("" = the commune) from `start` to `end`
        (inclusive): by year, and of a year in the order they were saved (the store keeps
        a file per year)."""
        ...

    def latest_visits(self, start: date, end: date, households: Collection[str] | None = None
                      ) -> Mapping[str, Visit]:
        """Household id → its latest visit from `start` to `end` (of two on the same day,
        the one saved last), for these households (every one when None)."""
        ...

    def first_visit_day(self) -> str:
        """The day of the earliest visit on record ("" when there is none)."""
        ...


def latest_by_household(visits: Iterable[Visit], households: Collection[str] | None = None
                        ) -> dict[str, Visit]:
    """Household id → its latest visit of `visits` (given in the order they were saved, so
    of two on the same day the later one wins), for these households (every one when None)."""
    latest: dict[str, Visit] = {}
    for visit in visits:
        hid = visit.household_id
        if households is not None and hid not in households:
            continue
        best = latest.get(hid)
        if best is None or visit.date >= best.date:
            latest[hid] = visit
    return latest


@dataclass(slots=True)
class MemorySnapshot:
    """A `Snapshot` of records held in memory, in the order they were saved (the tests build
    one; nothing here reads a file)."""

    commune: Commune | None = None
    villages: dict[str, Village] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def households_in(self, village_id: str) -> list[Household]:
        """The households of one village."""
        return [h for h in self.households.values() if h.village_id == village_id]

    def members(self, household_id: str) -> list[Person]:
        """The persons whose household this is now."""
        return [p for p in self.persons.values() if p.household_id == household_id]

    def commitments_of(self, households: Collection[str] | None = None, *,
                       year: int | None = None) -> list[Commitment]:
        """The commitments of these households for `year` (None: all)."""
        wanted = None if households is None else set(households)
        return [c for c in self.commitments if (wanted is None or c.household_id in wanted)
                and (year is None or c.year == year)]

    def incidents_of(self, household_id: str) -> list[Incident]:
        """The incidents linked to one household."""
        return [i for i in self.incidents if household_id in i.household_ids]

    def visits_between(self, start: date, end: date, scope: str = "") -> list[Visit]:
        """Visits of the scope from `start` to `end` (inclusive), by year."""
        lo, hi = start.isoformat(), end.isoformat()
        return sorted((v for v in self.visits
                       if lo <= v.date <= hi and (not scope or v.village_id == scope)),
                      key=lambda v: v.date[:4])

    def latest_visits(self, start: date, end: date, households: Collection[str] | None = None
                      ) -> dict[str, Visit]:
        """Household id → its latest visit from `start` to `end`."""
        return latest_by_household(self.visits_between(start, end),
                                   None if households is None else set(households))

    def first_visit_day(self) -> str:
        """The day of the earliest visit ("" when there is none)."""
        return min((v.date for v in self.visits if v.date), default="")
