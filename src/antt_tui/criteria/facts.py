"""The records the criteria read, indexed once per evaluation from a snapshot.

A unit's scope is a village id, or "" for the whole commune: incidents, commitments and
households of the commune are those of all its villages; documents and confirmations of the
commune are the ones recorded with scope "xa".

Two readings of an incident follow the texts rather than the stored flags alone: an offender
linked to a person of the roster is a resident ("do người của khu dân cư gây ra") without the
flag, and a category that is serious by law (`severity_by_law`) is at least that serious when
its severity was left empty.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from typing import Any

from antt_tui.criteria.deciding import category_fits
from antt_tui.criteria.rules import Match
from antt_tui.criteria.snapshot import (
    Activity,
    Commitment,
    Confirmation,
    Document,
    Household,
    Incident,
    Person,
    Snapshot,
    Team,
    Village,
    Visit,
)
from antt_tui.criteria.taxonomy import SEVERITIES, Taxonomy
from antt_tui.criteria.windows import Window
from antt_tui.domain import vocab
from antt_tui.domain.dates import vn_date

RESIDING = frozenset(vocab.LIVING)
"""Households that reside (đang cư trú): thường trú and tạm trú (DOMAIN.md §1.2, K1)."""
_SEVERITY_RANK = {code: rank for rank, code in enumerate(SEVERITIES)}
SEVERITY_LABELS = {"nghiem_trong": "nghiêm trọng", "rat_nghiem_trong": "rất nghiêm trọng",
                   "dac_biet_nghiem_trong": "đặc biệt nghiêm trọng"}
"""How an incident label shows a severity (as in forms/incident.toml; the mildest is left out)."""
SETTINGS_ID = "criteria"
"""The settings record holding the criteria settings of this database."""


class Facts:
    """Villages, households, commitments, incidents, documents, teams, activities and
    confirmations of one snapshot, indexed the first time something asks for them (visits
    are asked of the snapshot for the span needed)."""

    def __init__(self, snapshot: Snapshot, taxonomy: Taxonomy) -> None:
        self.snapshot = snapshot
        self.taxonomy = taxonomy

    # Each table is indexed the first time something asks for it: one household's
    # evaluation needs only its commitments, incidents and visits.

    @property
    def villages(self) -> Mapping[str, Village]:
        """Village id → village."""
        return self.snapshot.villages

    @property
    def households(self) -> Mapping[str, Household]:
        """Household id → household."""
        return self.snapshot.households

    @property
    def persons(self) -> Mapping[str, Person]:
        """Person id → person."""
        return self.snapshot.persons

    @cached_property
    def people_by_household(self) -> dict[str, tuple[int, int]]:
        """Household id → (people living in it now, of whom ethnic minorities), for every
        household: one pass over the persons."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for person in self.persons.values():
            if person.status == vocab.PRESENT:
                counts = out[person.household_id]
                counts[0] += 1
                if person.ethnicity and person.ethnicity != "Kinh":
                    counts[1] += 1
        return {hid: (a, b) for hid, (a, b) in out.items()}

    def people_of(self, household_ids: Iterable[str], *, everyone: bool = False
                  ) -> tuple[int, int]:
        """(people living in these households now, of whom ethnic minorities). Only their
        members are read, unless every household's are counted already; `everyone` (the
        whole commune) counts every person in one pass, which its villages then reuse."""
        every = (self.people_by_household if everyone or "people_by_household" in self.__dict__
                 else None)
        total = minorities = 0
        for hid in household_ids:
            a, b = every.get(hid, (0, 0)) if every is not None else self.people(hid)
            total += a
            minorities += b
        return total, minorities

    def people(self, household_id: str) -> tuple[int, int]:
        """(people living in the household now, of whom ethnic minorities)."""
        cache: dict[str, tuple[int, int]] = self.__dict__.setdefault("_people", {})
        found = cache.get(household_id)
        if found is None:
            here = [p for p in self.snapshot.members(household_id) if p.status == vocab.PRESENT]
            found = cache[household_id] = (
                len(here), sum(1 for p in here if p.ethnicity and p.ethnicity != "Kinh"))
        return found

    @cached_property
    def incidents(self) -> list[Incident]:
        """Incidents by date."""
        return sorted(self.snapshot.incidents, key=lambda i: (i.date, i.id))

    @cached_property
    def _by_scope(self) -> dict[str, tuple[list[str], list[Incident]]]:
        """Scope ("" or a village id) → (dates, incidents) for bisecting by date."""
        per_village: dict[str, list[Incident]] = defaultdict(list)
        for incident in self.incidents:
            per_village[incident.village_id].append(incident)
        return {scope: ([r.date for r in rows], rows)
                for scope, rows in [("", self.incidents), *per_village.items()]}

    @property
    def documents(self) -> Sequence[Document]:
        """Yearly documents of the villages and the commune."""
        return self.snapshot.documents

    @property
    def teams(self) -> Sequence[Team]:
        """Teams and models, dissolved ones included."""
        return self.snapshot.teams

    @property
    def activities(self) -> Sequence[Activity]:
        """Activities of the teams."""
        return self.snapshot.activities

    @cached_property
    def commitments(self) -> dict[tuple[str, int], Commitment]:
        """(household id, year) → its commitment (the earliest when signed twice)."""
        return _earliest(self.snapshot.commitments)

    def commitments_in(self, scope: str) -> dict[tuple[str, int], Commitment]:
        """(household id, year) → its commitment (the earliest when signed twice), for at
        least the households residing in the village `scope`: only theirs are read, unless
        every household's are indexed already (then that index, as for the commune)."""
        if not scope or "commitments" in self.__dict__:
            return self.commitments
        cache: dict[str, dict[tuple[str, int], Commitment]] = self.__dict__.setdefault(
            "_commitments_in", {})
        found = cache.get(scope)
        if found is None:
            ids = [h.id for h in self.residing(scope)]
            found = cache[scope] = _earliest(self.snapshot.commitments_of(ids))
        return found

    def signed(self, year: int, scope: str = "") -> dict[str, Commitment]:
        """Household id → its commitment of `year` (the earliest when signed twice), for at
        least the households residing in the village `scope` (every household for ""):
        only that year's, and a village's only theirs, are read, unless they are indexed
        already (`commitments`, `commitments_in`)."""
        cache: dict[tuple[int, str], dict[str, Commitment]] = self.__dict__.setdefault(
            "_signed", {})
        everyone = "commitments" in self.__dict__
        if everyone:
            scope = ""  # every household's are indexed: the year is taken from them
        found = cache.get((year, ""), cache.get((year, scope)))
        if found is None:
            indexed = (self.commitments if everyone
                       else self.__dict__.get("_commitments_in", {}).get(scope) if scope
                       else None)
            if indexed is not None:
                found = {hid: c for (hid, y), c in indexed.items() if y == year}
            else:
                ids = [h.id for h in self.residing(scope)] if scope else None
                rows = self.snapshot.commitments_of(ids, year=year)
                found = {hid: c for (hid, _), c in _earliest(rows).items()}
            cache[(year, scope)] = found
        return found

    def commitment(self, household_id: str, year: int) -> Commitment | None:
        """One household's commitment of a year (the earliest when signed twice): only its
        own are read, unless every household's are indexed already."""
        if "commitments" in self.__dict__:
            return self.commitments.get((household_id, year))
        return _earliest(self.snapshot.commitments_of((household_id,), year=year)).get(
            (household_id, year))

    @cached_property
    def confirmations(self) -> dict[tuple[str, str, int], list[Confirmation]]:
        """(subject, village id or "", year) → confirmations in the order they were saved."""
        out: dict[tuple[str, str, int], list[Confirmation]] = defaultdict(list)
        for c in self.snapshot.confirmations:
            out[(c.subject, c.village_id, c.year)].append(c)
        return out

    # ------------------------------------------------------------------ scope

    def unit_name(self, scope: str) -> str:
        """"thôn An Phú" or "xã Tịnh Châu"."""
        if scope:
            village = self.villages.get(scope)
            return village.name if village is not None else scope
        commune = self.snapshot.commune
        return commune.name if commune is not None else "xã"

    def village_name(self, village_id: str) -> str:
        """A village's name ("" for none or an unknown one)."""
        village: Village | None = self.villages.get(village_id)
        return village.name if village is not None else ""

    def villages_by_code(self) -> list[Village]:
        """Every village, by code."""
        return sorted(self.villages.values(), key=lambda v: v.code)

    def residing(self, scope: str) -> list[Household]:
        """Households residing in the village (or the commune), by household code: a
        village's only are read."""
        cache: dict[str, list[Household]] = self.__dict__.setdefault("_residing", {})
        found = cache.get(scope)
        if found is None:
            rows = self.snapshot.households_in(scope) if scope else self.households.values()
            found = cache[scope] = sorted((h for h in rows if h.residence_status in RESIDING),
                                          key=lambda h: h.code)
        return found

    def incidents_between(self, scope: str, start: date, end: date) -> list[Incident]:
        """Incidents of the scope that occurred from `start` to `end` (inclusive), by date."""
        days, rows = self._by_scope.get(scope, ([], []))
        lo = bisect_left(days, start.isoformat())
        hi = bisect_right(days, end.isoformat() + "\uffff")
        return rows[lo:hi]

    def incidents_in(self, scope: str, span: Window | Any) -> list[Incident]:
        """Incidents of the scope inside a window or a reporting period (anything with a
        `start` and an `end`)."""
        return self.incidents_between(scope, span.start, span.end)

    def visits_between(self, start: date, end: date, scope: str = "") -> list[Visit]:
        """Visits of the scope from `start` to `end`, in the order they were saved."""
        return list(self.snapshot.visits_between(start, end, scope))

    def teams_alive(self, scope: str, start: date, end: date) -> list[Team]:
        """Teams of the scope (all teams for the commune) that existed some time between
        `start` and `end`."""
        lo, hi = start.isoformat(), end.isoformat()
        return [t for t in self.teams
                if (not scope or t.village_id == scope)
                and (t.established_on or "0000") <= hi
                and (t.dissolved_on or "9999") >= lo]

    def documents_of(self, scope: str, kind: str, year: int) -> list[Document]:
        """The documents of a kind that a unit recorded for a year."""
        unit = "thon" if scope else "xa"
        return [d for d in self.documents if d.kind == kind and d.year == year
                and d.village_id == scope and d.scope == unit]

    # ------------------------------------------------------------------ incidents

    def matches(self, incident: Incident, match: Match, household_id: str = "") -> bool:
        """True when the incident is one that `match` counts (for `household_id`, linked)."""
        category = self.taxonomy.categories.get(incident.category)
        if category is None or not category_fits(match, category):
            return False
        if match.min_severity and (_SEVERITY_RANK.get(self.severity(incident), 0)
                                   < _SEVERITY_RANK[match.min_severity]):
            return False
        if match.min_deaths and incident.deaths < match.min_deaths:
            return False
        if (match.caused_by_resident is not None
                and self.by_resident(incident) != match.caused_by_resident):
            return False
        if match.own_fault is not None and incident.own_fault != match.own_fault:
            return False
        if household_id:
            return self._linked(incident, household_id, match.roles)
        return True

    def severity(self, incident: Incident) -> str:
        """The severity an incident counts at: as recorded, but never below what the law
        gives its category (a murder recorded without a severity is still serious)."""
        recorded = incident.severity
        category = self.taxonomy.categories.get(incident.category)
        floor = category.severity_by_law if category else ""
        if floor and _SEVERITY_RANK.get(recorded, -1) < _SEVERITY_RANK[floor]:
            return floor
        return recorded

    def offenders(self, incident: Incident) -> list[tuple[Person, str]]:
        """The persons of the roster linked to the incident as offenders (đối tượng), each
        with the household they lived in then."""
        found = []
        for entry in incident.persons:
            if entry.role == "doi_tuong":
                person = self.persons.get(entry.person_id)
                if person is not None:
                    found.append((person, entry.household_id or person.household_id))
        return found

    def by_resident(self, incident: Incident) -> bool:
        """Caused by a resident: so recorded, or an offender is a person of the roster."""
        return incident.caused_by_resident or bool(self.offenders(incident))

    def _linked(self, incident: Incident, household_id: str, roles: tuple[str, ...]) -> bool:
        if household_id not in incident.household_ids:
            return False
        if not roles or not incident.persons:
            # Without roles recorded, a linked household counts as involved.
            return True
        return any(p.role in roles and self._household_then(p.household_id, p.person_id)
                   == household_id for p in incident.persons)

    def _household_then(self, recorded: str, person_id: str) -> str:
        """Where an involved person lived then; older records name only the person: now."""
        if recorded:
            return recorded
        person = self.persons.get(person_id)
        return person.household_id if person is not None else ""

    def incident_label(self, incident: Incident, *, residents: bool = False) -> str:
        """"12/03/2026 — Trộm cắp tài sản — thôn An Phú (nghiêm trọng)"; a severity that comes
        from the category says so, and `residents` names the offenders of the roster."""
        category = self.taxonomy.categories.get(incident.category)
        what = category.label if category else incident.category
        village = self.village_name(incident.village_id)
        return f"{vn_date(incident.date)} — {what} — {village}" + "".join(
            f" ({part})" for part in (self._severity_note(incident),
                                      self._resident_note(incident) if residents else "")
            if part)

    def category_label(self, incident: Incident) -> str:
        """The label of an incident's category (its code when the taxonomy lost it)."""
        category = self.taxonomy.categories.get(incident.category)
        return category.label if category else incident.category

    def group_of(self, incident: Incident) -> str:
        """The taxonomy group of an incident's category ("" when the taxonomy lost it)."""
        category = self.taxonomy.categories.get(incident.category)
        return category.group if category else ""

    def _severity_note(self, incident: Incident) -> str:
        recorded = incident.severity
        counted = self.severity(incident)
        if counted == recorded:
            return SEVERITY_LABELS.get(recorded, "")
        said = SEVERITY_LABELS.get(recorded, "ít nghiêm trọng") if recorded else ""
        return (f"{SEVERITY_LABELS[counted]} theo loại tội"
                + (f", đã ghi {said}" if said else ", chưa ghi mức độ"))

    def _resident_note(self, incident: Incident) -> str:
        people = self.offenders(incident)
        if not people:
            return ("ghi là do người của khu dân cư gây ra" if incident.caused_by_resident
                    else "")
        names = []
        for person, household_id in people:
            household = self.households.get(household_id)
            code = household.code if household is not None else ""
            names.append(person.full_name + (f", hộ {code}" if code else ""))
        return "đối tượng cư trú trên địa bàn: " + "; ".join(names)

    @staticmethod
    def household_label(household: Household) -> str:
        """"AP-0012 Nguyễn Văn An"."""
        return f"{household.code} {household.head_name}".strip()

    # ------------------------------------------------------------------ data since

    @cached_property
    def complete_since(self) -> date | None:
        """The day from which the commune states its incident records are complete (set with
        `antt criteria complete-since`), or None."""
        value = (self.snapshot.settings.get(SETTINGS_ID) or {}).get("complete_since")
        return date.fromisoformat(value) if value else None

    @cached_property
    def data_since(self) -> date | None:
        """The day from which incident records count as complete: the commune's statement,
        else the earliest date with recorded incidents, visits or team activities."""
        return self.complete_since or self.first_record

    @cached_property
    def first_record(self) -> date | None:
        """The earliest date with recorded incidents, visits or team activities."""
        days = [i.date for i in self.incidents[:1] if i.date]
        days += [a.date for a in self.activities if a.date]
        first_visit = self.snapshot.first_visit_day()
        if first_visit:
            days.append(first_visit)
        return date.fromisoformat(min(days)[:10]) if days else None

    # ------------------------------------------------------------------ visits

    def latest_visits(self, window: Window, scope: str = "") -> dict[str, Visit]:
        """Household id → its latest visit inside the window (of a day, the one saved last),
        for every household, or at least those residing in the village `scope` (only theirs
        are read, unless every household's are already)."""
        cache: dict[tuple[date, date, str], dict[str, Visit]] = self.__dict__.setdefault(
            "_latest", {})
        every = cache.get((window.start, window.end, ""))
        if every is not None:
            return every
        key = (window.start, window.end, scope)
        found = cache.get(key)
        if found is None:
            ids = [h.id for h in self.residing(scope)] if scope else None
            found = cache[key] = dict(self.snapshot.latest_visits(window.start, window.end,
                                                                  ids))
        return found

    def latest_visit(self, window: Window, household_id: str) -> Visit | None:
        """One household's latest visit inside the window (as `commitment`, only its own
        are read)."""
        every = self.__dict__.get("_latest", {}).get((window.start, window.end, ""))
        if every is not None:
            return every.get(household_id)
        return self.snapshot.latest_visits(window.start, window.end,
                                           (household_id,)).get(household_id)

    def household_incidents(self, window: Window) -> dict[str, list[Incident]]:
        """Household id → incidents linked to it inside the window."""
        cache = self.__dict__.setdefault("_hh_incidents", {})
        key = (window.start, window.end)
        if key not in cache:
            linked: dict[str, list[Incident]] = defaultdict(list)
            for incident in self.incidents_in("", window):
                for hid in incident.household_ids:
                    linked[hid].append(incident)
            cache[key] = linked
        return cache[key]

    def incidents_of(self, window: Window, household_id: str) -> list[Incident]:
        """Incidents linked to one household inside the window, by date (as `commitment`,
        only its own are read)."""
        every = self.__dict__.get("_hh_incidents", {}).get((window.start, window.end))
        if every is not None:
            return every.get(household_id, [])
        if "incidents" in self.__dict__:
            return [i for i in self.incidents_in("", window) if household_id in i.household_ids]
        lo, hi = window.start.isoformat(), window.end.isoformat() + "\uffff"
        return sorted((i for i in self.snapshot.incidents_of(household_id)
                       if lo <= i.date <= hi), key=lambda i: (i.date, i.id))


def _earliest(commitments: Iterable[Commitment]) -> dict[tuple[str, int], Commitment]:
    """(household id, year) → the commitment signed first (of one day, the one saved first)."""
    out: dict[tuple[str, int], Commitment] = {}
    get = out.get
    for c in commitments:
        key = (c.household_id, c.year)
        best = get(key)
        if best is None or c.signed_on < best.signed_on:
            out[key] = c
    return out
