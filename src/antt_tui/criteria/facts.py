"""The records the criteria read, indexed once per evaluation from a store snapshot.

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
from collections.abc import Iterator
from datetime import date
from functools import cached_property
from typing import Any

from antt_tui.criteria.deciding import category_fits
from antt_tui.criteria.rules import Match
from antt_tui.criteria.taxonomy import SEVERITIES, Taxonomy
from antt_tui.criteria.windows import Window
from antt_tui.domain import vocab
from antt_tui.domain.dates import vn_date

Record = dict[str, Any]
RESIDING = frozenset(vocab.LIVING)
"""Households that reside (đang cư trú): thường trú and tạm trú (DOMAIN.md §1.2, K1)."""
_SEVERITY_RANK = {code: rank for rank, code in enumerate(SEVERITIES)}
SEVERITY_LABELS = {"nghiem_trong": "nghiêm trọng", "rat_nghiem_trong": "rất nghiêm trọng",
                   "dac_biet_nghiem_trong": "đặc biệt nghiêm trọng"}
"""How an incident label shows a severity (as in forms/incident.toml; the mildest is left out)."""
SETTINGS_ID = "criteria"
"""The record of table `settings` holding the criteria settings of this database."""


def _live(rows: Iterator[Record]) -> list[Record]:
    return [r for r in rows if not r.get("deleted")]


class Facts:
    """Villages, households, commitments, incidents, documents, teams, activities and
    confirmations of one database, read once (visits are read when first needed)."""

    def __init__(self, store: Any, taxonomy: Taxonomy) -> None:
        self.store = store
        self.taxonomy = taxonomy

    # Each table is read and indexed the first time something asks for it: one household's
    # evaluation needs only its commitments, incidents and visits.

    @cached_property
    def commune(self) -> Record:
        return next(iter(_live(self.store.records("communes"))), {})

    @cached_property
    def villages(self) -> dict[str, Record]:
        return {v["id"]: v for v in _live(self.store.records("villages"))}

    @cached_property
    def households(self) -> dict[str, Record]:
        return {h["id"]: h for h in _live(self.store.records("households"))}

    @cached_property
    def people_by_household(self) -> dict[str, tuple[int, int]]:
        """Household id → (people living in it now, of whom ethnic minorities)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for person in self.store.records("persons"):
            if not person.get("deleted") and person.get("status", "present") == "present":
                counts = out[person.get("household_id", "")]
                counts[0] += 1
                if person.get("ethnicity") and person["ethnicity"] != "Kinh":
                    counts[1] += 1
        return {hid: (a, b) for hid, (a, b) in out.items()}

    @cached_property
    def incidents(self) -> list[Record]:
        """Incidents (not deleted) by date."""
        return sorted(_live(self.store.records("incidents")),
                      key=lambda i: (i.get("date", ""), i["id"]))

    @cached_property
    def _by_scope(self) -> dict[str, tuple[list[str], list[Record]]]:
        """Scope ("" or a village id) → (dates, incidents) for bisecting by date."""
        return {scope: ([r.get("date", "") for r in rows], rows)
                for scope, rows in [("", self.incidents),
                                    *self._per_village(self.incidents).items()]}

    @cached_property
    def documents(self) -> list[Record]:
        return _live(self.store.records("documents"))

    @cached_property
    def teams(self) -> dict[str, Record]:
        return {t["id"]: t for t in _live(self.store.records("teams"))}

    @cached_property
    def activities(self) -> list[Record]:
        return _live(self.store.records("team_activities"))

    @cached_property
    def commitments(self) -> dict[tuple[str, int], Record]:
        """(household id, year) → its commitment (the earliest when signed twice)."""
        out: dict[tuple[str, int], Record] = {}
        for c in _live(self.store.records("commitments")):
            key = (c["household_id"], c.get("year", 0))
            if key not in out or c["signed_on"] < out[key]["signed_on"]:
                out[key] = c
        return out

    @cached_property
    def confirmations(self) -> dict[tuple[str, str, int], list[Record]]:
        """(subject, village id or "", year) → confirmations in the order they were saved."""
        out: dict[tuple[str, str, int], list[Record]] = defaultdict(list)
        for c in _live(self.store.records("confirmations")):
            out[(c["subject"], c.get("village_id", ""), c.get("year", 0))].append(c)
        return out

    # ------------------------------------------------------------------ scope

    def unit_name(self, scope: str) -> str:
        """"thôn An Phú" or "xã Tịnh Châu"."""
        if scope:
            return self.villages.get(scope, {}).get("name", scope)
        return self.commune.get("name", "xã")

    def residing(self, scope: str) -> list[Record]:
        """Households residing in the village (or the commune), by household code."""
        rows = [h for h in self.households.values()
                if h.get("residence_status") in RESIDING
                and (not scope or h.get("village_id") == scope)]
        return sorted(rows, key=lambda h: h.get("code", ""))

    @staticmethod
    def _per_village(rows: list[Record]) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = defaultdict(list)
        for row in rows:
            out[row.get("village_id", "")].append(row)
        return out

    def incidents_between(self, scope: str, start: date, end: date) -> list[Record]:
        """Incidents of the scope that occurred from `start` to `end` (inclusive), by date."""
        days, rows = self._by_scope.get(scope, ([], []))
        lo = bisect_left(days, start.isoformat())
        hi = bisect_right(days, end.isoformat() + "\uffff")
        return rows[lo:hi]

    def incidents_in(self, scope: str, span: Window | Any) -> list[Record]:
        """Incidents of the scope inside a window or a reporting period (anything with a
        `start` and an `end`)."""
        return self.incidents_between(scope, span.start, span.end)

    def visits_between(self, start: date, end: date, scope: str = "") -> list[Record]:
        """Visits (not deleted) of the scope from `start` to `end`, in the order they were
        saved; only the yearly files of those years are read."""
        shards = set(self.store.shard_names("visits"))
        years = [y for y in range(start.year, end.year + 1) if f"visits-{y}" in shards]
        lo, hi = start.isoformat(), end.isoformat()
        return [v for v in self.store.records("visits", years=years)
                if not v.get("deleted") and lo <= v.get("date", "") <= hi
                and (not scope or v.get("village_id") == scope)]

    def teams_alive(self, scope: str, start: date, end: date) -> list[Record]:
        """Teams of the scope (all teams for the commune) that existed some time between
        `start` and `end`."""
        lo, hi = start.isoformat(), end.isoformat()
        return [t for t in self.teams.values()
                if (not scope or t.get("village_id") == scope)
                and (t.get("established_on") or "0000") <= hi
                and (t.get("dissolved_on") or "9999") >= lo]

    # ------------------------------------------------------------------ incidents

    def matches(self, incident: Record, match: Match, household_id: str = "") -> bool:
        """True when the incident is one that `match` counts (for `household_id`, linked)."""
        category = self.taxonomy.categories.get(incident.get("category", ""))
        if category is None or not category_fits(match, category):
            return False
        if match.min_severity and (_SEVERITY_RANK.get(self.severity(incident), 0)
                                   < _SEVERITY_RANK[match.min_severity]):
            return False
        if match.min_deaths and int(incident.get("deaths") or 0) < match.min_deaths:
            return False
        if (match.caused_by_resident is not None
                and self.by_resident(incident) != match.caused_by_resident):
            return False
        if match.own_fault is not None and bool(incident.get("own_fault")) != match.own_fault:
            return False
        if household_id:
            return self._linked(incident, household_id, match.roles)
        return True

    def severity(self, incident: Record) -> str:
        """The severity an incident counts at: as recorded, but never below what the law
        gives its category (a murder recorded without a severity is still serious)."""
        recorded = incident.get("severity") or ""
        category = self.taxonomy.categories.get(incident.get("category", ""))
        floor = category.severity_by_law if category else ""
        if floor and _SEVERITY_RANK.get(recorded, -1) < _SEVERITY_RANK[floor]:
            return floor
        return recorded

    def offenders(self, incident: Record) -> list[tuple[Record, str]]:
        """The persons of the roster linked to the incident as offenders (đối tượng), each
        with the household they lived in then."""
        get = self.store.get
        found = []
        for entry in incident.get("persons") or ():
            if entry.get("role") == "doi_tuong":
                person = get("persons", entry.get("person_id", ""))
                if person is not None and not person.get("deleted"):
                    found.append((person, entry.get("household_id")
                                  or person.get("household_id", "")))
        return found

    def by_resident(self, incident: Record) -> bool:
        """Caused by a resident: so recorded, or an offender is a person of the roster."""
        return bool(incident.get("caused_by_resident")) or bool(self.offenders(incident))

    def _linked(self, incident: Record, household_id: str, roles: tuple[str, ...]) -> bool:
        if household_id not in incident.get("household_ids", ()):
            return False
        persons = incident.get("persons") or []
        if not roles or not persons:
            # Without roles recorded, a linked household counts as involved.
            return True
        get = self.store.get
        return any(p.get("role") in roles
                   and (p.get("household_id")  # where they lived then; older records: now
                        or (get("persons", p.get("person_id", "")) or {}).get("household_id"))
                   == household_id for p in persons)

    def incident_label(self, incident: Record, *, residents: bool = False) -> str:
        """"12/03/2026 — Trộm cắp tài sản — thôn An Phú (nghiêm trọng)"; a severity that comes
        from the category says so, and `residents` names the offenders of the roster."""
        category = self.taxonomy.categories.get(incident.get("category", ""))
        what = category.label if category else incident.get("category", "")
        village = self.villages.get(incident.get("village_id", ""), {}).get("name", "")
        return f"{vn_date(incident.get('date', ''))} — {what} — {village}" + "".join(
            f" ({part})" for part in (self._severity_note(incident),
                                      self._resident_note(incident) if residents else "")
            if part)

    def _severity_note(self, incident: Record) -> str:
        recorded = incident.get("severity") or ""
        counted = self.severity(incident)
        if counted == recorded:
            return SEVERITY_LABELS.get(recorded, "")
        said = SEVERITY_LABELS.get(recorded, "ít nghiêm trọng") if recorded else ""
        return (f"{SEVERITY_LABELS[counted]} theo loại tội"
                + (f", đã ghi {said}" if said else ", chưa ghi mức độ"))

    def _resident_note(self, incident: Record) -> str:
        people = self.offenders(incident)
        if not people:
            return "ghi là do người của khu dân cư gây ra" if incident.get(
                "caused_by_resident") else ""
        names = []
        for person, household_id in people:
            code = self.households.get(household_id, {}).get("code", "")
            names.append(person.get("full_name", "") + (f", hộ {code}" if code else ""))
        return "đối tượng cư trú trên địa bàn: " + "; ".join(names)

    def household_label(self, household: Record) -> str:
        """"AP-0012 Nguyễn Văn An"."""
        head = self.store.get("persons", household.get("head_id", "")) or {}
        return f"{household.get('code', '')} {head.get('full_name', '')}".strip()

    # ------------------------------------------------------------------ data since

    @cached_property
    def complete_since(self) -> date | None:
        """The day from which the commune states its incident records are complete (set with
        `antt criteria complete-since`), or None."""
        value = (self.store.get("settings", SETTINGS_ID) or {}).get("complete_since")
        return date.fromisoformat(value) if value else None

    @cached_property
    def data_since(self) -> date | None:
        """The day from which incident records count as complete: the commune's statement,
        else the earliest date with recorded incidents, visits or team activities."""
        return self.complete_since or self.first_record

    @cached_property
    def first_record(self) -> date | None:
        """The earliest date with recorded incidents, visits or team activities."""
        days = [i["date"] for i in self.incidents[:1] if i.get("date")]
        days += [a["date"] for a in self.activities if a.get("date")]
        shards = self.store.shard_names("visits")
        if shards:
            first = min(shards)
            days += [v["date"] for v in self.store.records("visits", years=[int(first[7:])])
                     if v.get("date") and not v.get("deleted")] if first[7:].isdigit() else []
        return date.fromisoformat(min(days)[:10]) if days else None

    # ------------------------------------------------------------------ visits

    def latest_visits(self, window: Window) -> dict[str, Record]:
        """Household id → its latest visit inside the window."""
        cache = self.__dict__.setdefault("_latest", {})
        key = (window.start, window.end)
        if key not in cache:
            latest: dict[str, Record] = {}
            for visit in self.visits_between(window.start, window.end):
                hid = visit.get("household_id", "")
                best = latest.get(hid)
                # Visits come in the order they were saved: on the same day, the later one.
                if best is None or visit["date"] >= best["date"]:
                    latest[hid] = visit
            cache[key] = latest
        return cache[key]

    def household_incidents(self, window: Window) -> dict[str, list[Record]]:
        """Household id → incidents linked to it inside the window."""
        cache = self.__dict__.setdefault("_hh_incidents", {})
        key = (window.start, window.end)
        if key not in cache:
            linked: dict[str, list[Record]] = defaultdict(list)
            for incident in self.incidents_in("", window):
                for hid in incident.get("household_ids", ()):
                    linked[hid].append(incident)
            cache[key] = linked
        return cache[key]
