"""Figures for the overview and the household list: per village, and per household row.

Everything here reads the store and returns plain dataclasses, so the TUI, the CLI and the
reports show the same numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from antt_tui.domain import vocab
from antt_tui.roster.service import ACTIVE_STATUSES, Roster
from antt_tui.storage import tables


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (clamped to the month's end)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def present_count(roster: Roster, household_id: str) -> int:
    """How many members of a household live in it now."""
    get = roster.store.get
    return sum(1 for pid in roster.index.members.get(household_id, ())
               if (get(tables.PERSONS, pid) or {}).get("status", vocab.PRESENT) == vocab.PRESENT)


def signed_households(roster: Roster, year: int) -> set[str]:
    """Households that signed the "Hộ an toàn" commitment for `year`."""
    return {c["household_id"] for c in roster.store.records(tables.COMMITMENTS)
            if c.get("year") == year and not c.get("deleted")}


def last_visits(roster: Roster, today: date, months: int) -> dict[str, str]:
    """Household id → date of its last visit, looking back `months` months (ISO dates)."""
    since = months_before(today, months).isoformat()
    years = range(int(since[:4]), today.year + 1)
    last: dict[str, str] = {}
    end = today.isoformat()
    for visit in roster.store.records(tables.VISITS, years=years):
        day = visit.get("date", "")
        if visit.get("deleted") or not since <= day <= end:
            continue
        hid = visit.get("household_id", "")
        if day > last.get(hid, ""):
            last[hid] = day
    return last


@dataclass(slots=True)
class VillageStats:
    """One row of the overview: a village (thôn) and its figures."""

    village_id: str
    code: str
    name: str
    households: int = 0
    people: int = 0
    committed: int = 0
    visits_month: int = 0
    incidents_month: int = 0
    not_visited: int = 0

    @property
    def committed_pct(self) -> float:
        """Share of resident households that signed this year's commitment, in percent."""
        return 100.0 * self.committed / self.households if self.households else 0.0


def village_overview(roster: Roster, today: date, *, stale_months: int = 6,
                     activity: bool = True) -> list[VillageStats]:
    """Per village: resident households and people, and with `activity` also commitments
    signed this year, visits and incidents this month and households not visited for more
    than `stale_months` months (these read the commitment and visit files, the slow part)."""
    rows = {v.id: VillageStats(v.id, v.code, v.name) for v in roster.villages()}
    month = today.isoformat()[:7]
    year = today.year
    last = last_visits(roster, today, stale_months) if activity else None
    signed = signed_households(roster, year) if activity else set()
    for household in roster.store.records(tables.HOUSEHOLDS):
        row = rows.get(household.get("village_id", ""))
        if row is None or household.get("deleted"):
            continue
        if household.get("residence_status") not in ACTIVE_STATUSES:
            continue
        row.households += 1
        row.people += present_count(roster, household["id"])
        if household["id"] in signed:
            row.committed += 1
        if last is not None and household["id"] not in last:
            row.not_visited += 1
    if not activity:
        return list(rows.values())
    for visit in roster.store.records(tables.VISITS, years=[year]):
        if visit.get("date", "")[:7] == month and not visit.get("deleted"):
            row = rows.get(visit.get("village_id", ""))
            if row is not None:
                row.visits_month += 1
    incidents = Counter(
        i.get("village_id") for i in roster.store.records(tables.INCIDENTS)
        if i.get("date", "")[:7] == month and not i.get("deleted"))
    for vid, count in incidents.items():
        if vid in rows:
            rows[vid].incidents_month = count
    return list(rows.values())


@dataclass(frozen=True, slots=True)
class HouseholdFilter:
    """What the household list shows; empty fields mean "all"."""

    village_id: str = ""
    residence_status: str = ""
    """A residence status code, or "" for households that live here (thường trú, tạm trú)."""
    not_visited_months: int = 0
    """Only households with no visit in this many months (0: no filter)."""
    not_committed: bool = False
    """Only households that have not signed this year's commitment."""


@dataclass(slots=True)
class HouseholdRow:
    """One line of the household list."""

    household_id: str
    code: str
    head: str
    village: str
    address: str
    status: str
    people: int
    matched: str = ""
    """Who matched the search (a member other than the head), or ""."""

    def to_json(self) -> dict[str, Any]:
        """The line as `antt household list --json` prints it (Vietnamese keys)."""
        return {"id": self.household_id, "ma_ho": self.code, "chu_ho": self.head,
                "dia_chi": self.address, "tinh_trang_cu_tru": self.status,
                "so_nhan_khau": self.people}


class Matches(list):
    """(household id, matching member's name or "") pairs; `truncated` when the search
    stopped at its limit and more households may match."""

    truncated: bool = False


def matching_households(roster: Roster, flt: HouseholdFilter, query: str, today: date,
                        *, limit: int = 300) -> Matches:
    """(household id, matching member's name or "") of the households to list.

    With a `query` (names, CCCD, code, phone): in search order (Vietnamese roster order of
    the people found), looking at the first `limit` people (more may match: see
    `Matches.truncated`); without one: every household by code. Then filtered by `flt`.
    Only ids are computed here; `household_row` builds the rows a page shows.
    """
    last = last_visits(roster, today, flt.not_visited_months) if flt.not_visited_months else {}
    signed = signed_households(roster, today.year) if flt.not_committed else set()
    found = Matches()
    if query.strip():
        seen: set[str] = set()
        hits = roster.search(query, limit=limit)
        found.truncated = len(hits) >= limit
        for hit in hits:
            household = hit.household
            hid = household.get("id", "")
            if not hid or hid in seen or not _passes(household, flt, last, signed):
                continue
            seen.add(hid)
            person = hit.person or {}
            other = person.get("id") != household.get("head_id")
            found.append((hid, person.get("full_name", "") if other else ""))
        return found
    found.extend((h["id"], "") for h in roster._households() if _passes(h, flt, last, signed))
    return found


def household_row(roster: Roster, household_id: str, matched: str = "") -> HouseholdRow:
    """The list line of one household."""
    household = roster.store.get(tables.HOUSEHOLDS, household_id) or {"id": household_id}
    head = roster.store.get(tables.PERSONS, household.get("head_id", "")) or {}
    village = roster.store.get(tables.VILLAGES, household.get("village_id", "")) or {}
    return HouseholdRow(
        household_id=household_id, code=household.get("code", ""),
        head=head.get("full_name", ""), village=village.get("name", ""),
        address=household.get("address", ""),
        status=vocab.label(vocab.RESIDENCE_STATUSES, household.get("residence_status", ""), ""),
        people=present_count(roster, household_id),
        matched=matched,
    )


def _passes(household: dict[str, Any], flt: HouseholdFilter, last: dict[str, str],
            signed: set[str]) -> bool:
    if household.get("deleted"):
        return False
    if flt.village_id and household.get("village_id") != flt.village_id:
        return False
    status = household.get("residence_status", "")
    if flt.residence_status:
        if status != flt.residence_status:
            return False
    elif status not in ACTIVE_STATUSES:
        return False
    if flt.not_visited_months and household["id"] in last:
        return False
    return not (flt.not_committed and household["id"] in signed)
