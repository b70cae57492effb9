"""A small commune held in memory, for the criteria and reports tests: no files, no store.

`Town` builds a `MemorySnapshot` (criteria/snapshot.py) with the records the registers of
the roster would have saved (dates typed "dd/mm/yyyy" become ISO days, an incident's
persons name the household they lived in, a visit keeps the items not answered "đạt" …),
and evaluates it at chosen "as of" dates. What the registers check (dates in the future,
duplicate numbers …) is tested with them, in tests/unit/roster; that the store gives the
criteria the same records as this builder is tested in tests/unit/roster/test_snapshot.py.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from antt_tui.criteria.engine import evaluate_commune, evaluate_household, evaluate_village
from antt_tui.criteria.facts import SETTINGS_ID, Facts
from antt_tui.criteria.results import Evaluation, Result
from antt_tui.criteria.rules import load_rule_sets
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
    MemorySnapshot,
    Person,
    Team,
    Village,
    Visit,
)
from antt_tui.criteria.taxonomy import load_taxonomy
from antt_tui.reports.workflow import Reports

DAY = date(2026, 12, 15)
"""Today for the scenarios (after every date they record)."""
CLOSED = date(2026, 11, 20)
"""An "as of" after both 2026 windows have closed (village 31/10, commune 15/11)."""
OFFICER = "Trần Văn Hùng"
CONFIRMED_BY = "Nguyễn Văn Tâm, Trưởng Công an xã"
RULE_SETS = load_rule_sets()
TAXONOMY = load_taxonomy()
"""The shipped rule sets and taxonomy, read once for every scenario."""
CHECKLIST = ("h1", "h2", "h3", "h4", "h5", "h6")
YES = {"có": True, "co": True, "không": False, "khong": False, True: True, False: False}


def iso(day: str | date | None) -> str:
    """"15/02/2026" (or a date) → "2026-02-15"; "" for none."""
    if not day:
        return ""
    if isinstance(day, date):
        return day.isoformat()
    d, m, y = day.split("/")
    return f"{y}-{int(m):02d}-{int(d):02d}"


class MemoryArchive:
    """The report archive (`reports.issued.ReportArchive`) in memory: issued reports in a
    list, report settings written into the snapshot's settings."""

    def __init__(self, snapshot: MemorySnapshot) -> None:
        self.snapshot = snapshot
        self.reports: dict[str, dict[str, Any]] = {}
        self.saves: list[str] = []
        """The summary of every change saved, in order (one per journal entry)."""

    def issued(self) -> list[dict[str, Any]]:
        return list(self.reports.values())

    def issued_report(self, report_id: str) -> dict[str, Any] | None:
        return self.reports.get(report_id)

    def add_issued(self, report_id: str, record: dict[str, Any], *, summary: str) -> None:
        self.reports[report_id] = {**record, "id": report_id}
        self.saves.append(summary)

    def save_settings(self, settings_id: str, fields: dict[str, Any], *, summary: str
                      ) -> dict[str, Any]:
        current = self.snapshot.settings.setdefault(settings_id, {})
        if fields:
            current.update(fields)
            self.saves.append(summary)
        return dict(current)


class Town:
    """Xã Tân Lập (Hưng Yên): villages DH (Thôn Đông Hạ) and TL (Thôn Trung Lập); household
    DH-0001 (Nguyễn Văn An, his wife Lê Thị Bình, their son Nguyễn Văn Cường)."""

    def __init__(self) -> None:
        self.snapshot = MemorySnapshot(commune=Commune("xa-1", "Xã Tân Lập", "Hưng Yên"))
        self.archive = MemoryArchive(self.snapshot)
        self._members: dict[str, list[str]] = {}
        self._serial = 0
        for code, name in (("DH", "Thôn Đông Hạ"), ("TL", "Thôn Trung Lập")):
            self.snapshot.villages[f"v-{code}"] = Village(f"v-{code}", code, name)
        head = self.household("DH", "Nguyễn Văn An", address="Xóm 2, Thôn Đông Hạ")
        self.member(head.code, "Lê Thị Bình")
        self.member(head.code, "Nguyễn Văn Cường")

    def _id(self, kind: str) -> str:
        self._serial += 1
        return f"{kind}-{self._serial}"

    # ------------------------------------------------------------------ roster

    def vid(self, code: str = "DH") -> str:
        return f"v-{code}"

    def hid(self, code: str = "DH-0001") -> str:
        return next(h.id for h in self.snapshot.households.values() if h.code == code)

    def household(self, village: str = "DH", name: str = "Phạm Văn Dũng", *,
                  address: str = "", moved_in_on: str = "", status: str = "thuong_tru",
                  ethnicity: str = "Kinh") -> Household:
        """A household of the village with its head (code DH-0002, DH-0003 …)."""
        taken = sum(1 for h in self.snapshot.households.values() if h.code.startswith(village))
        hid, pid = self._id("ho"), self._id("nk")
        household = Household(hid, f"{village}-{taken + 1:04d}", self.vid(village), status,
                              pid, name, address or f"Xóm 1, {village}", iso(moved_in_on))
        self.snapshot.households[hid] = household
        self.snapshot.persons[pid] = Person(pid, hid, name, "present", ethnicity)
        self._members[hid] = [pid]
        return household

    def member(self, household_code: str, name: str, *, ethnicity: str = "Kinh",
               status: str = "present") -> Person:
        hid = self.hid(household_code)
        pid = self._id("nk")
        person = self.snapshot.persons[pid] = Person(pid, hid, name, status, ethnicity)
        self._members[hid].append(pid)
        return person

    def person(self, ref: str) -> Person:
        """A person by id or by "<household code>/<n>" (n-th member, the head first)."""
        if "/" in ref:
            code, n = ref.rsplit("/", 1)
            ref = self._members[self.hid(code)][int(n) - 1]
        return self.snapshot.persons[ref]

    def move_out(self, code: str) -> None:
        """The whole household moves away (its present members with it)."""
        household = self.snapshot.households[self.hid(code)]
        self.snapshot.households[household.id] = dataclasses.replace(
            household, residence_status="da_chuyen_di")
        for pid in self._members[household.id]:
            person = self.snapshot.persons[pid]
            if person.status == "present":
                self.snapshot.persons[pid] = dataclasses.replace(person, status="moved_away")

    def move_person(self, ref: str, household_code: str) -> None:
        person = self.person(ref)
        target = self.hid(household_code)
        self._members[person.household_id].remove(person.id)
        self._members[target].append(person.id)
        self.snapshot.persons[person.id] = dataclasses.replace(person, household_id=target)

    # ------------------------------------------------------------------ registers

    def sign(self, code: str = "DH-0001", on: str = "15/02/2026", year: int = 2026
             ) -> Commitment:
        commitment = Commitment(self._id("ck"), self.hid(code), year, iso(on))
        self.snapshot.commitments.append(commitment)
        return commitment

    def incident(self, on: str, category: str, village: str = "DH",
                 persons: list[dict[str, str]] | None = None, *, severity: str = "it_nghiem_trong",
                 caused_by_resident: Any = False, own_fault: Any = False, **numbers: Any
                 ) -> Incident:
        """An incident as the incident form saves it (`persons`: {"person": ref, "role"})."""
        involved = []
        for entry in persons or ():
            person = self.person(entry["person"])
            involved.append(Involved(person.id, entry.get("role", "doi_tuong"),
                                     person.household_id))
        texts = {k: numbers.pop(k) for k in ("place", "note") if k in numbers}
        incident = Incident(
            self._id("vv"), self.vid(village), iso(on), category, severity,
            *(int(numbers.pop(k, 0) or 0) for k in ("deaths", "injuries", "damage", "fine")),
            YES[caused_by_resident], YES[own_fault],
            tuple(sorted({p.household_id for p in involved})), tuple(involved), **texts)
        assert not numbers, f"unknown incident fields {numbers}"
        self.snapshot.incidents.append(incident)
        return incident

    def many(self, count: int, on: str, category: str, village: str = "DH") -> list[str]:
        """`count` incidents of one day."""
        return [self.incident(on, category, village).id for _ in range(count)]

    def correct(self, incident: Incident, **changes: Any) -> Incident:
        """An incident corrected (it keeps its place among the records)."""
        if "date" in changes:
            changes["date"] = iso(changes["date"])
        rows = self.snapshot.incidents
        index = next(n for n, i in enumerate(rows) if i.id == incident.id)
        rows[index] = dataclasses.replace(rows[index], **changes)
        return rows[index]

    def delete(self, incident: Incident) -> None:
        """An incident entered by mistake, deleted (a tombstone: gone from the snapshot)."""
        self.snapshot.incidents[:] = [i for i in self.snapshot.incidents if i.id != incident.id]

    def document(self, kind: str, on: str, village: str | None = "DH", number: str = "",
                 year: int | str | None = None, issuer: str = "") -> Document:
        """A document; its year is that of issue (November and December: the next year)."""
        day = iso(on)
        number = number or f"{len(self.snapshot.documents) + 1:02d}-VB"
        year = int(year or int(day[:4]) + (1 if int(day[5:7]) >= 11 else 0))
        document = Document(self._id("vb"), kind, year, self.vid(village) if village else "",
                            "thon" if village else "xa", day, number, issuer)
        self.snapshot.documents.append(document)
        return document

    def team(self, name: str = "Tổ tự quản về ANTT", village: str | None = "DH",
             established: str = "01/01/2025", dissolved_on: str = "") -> Team:
        team = Team(self._id("to"), name, self.vid(village) if village else "",
                    iso(established), iso(dissolved_on))
        self.snapshot.teams.append(team)
        return team

    def dissolve(self, team: Team, on: str) -> Team:
        rows = self.snapshot.teams
        index = next(n for n, t in enumerate(rows) if t.id == team.id)
        rows[index] = dataclasses.replace(rows[index], dissolved_on=iso(on))
        return rows[index]

    def activity(self, team: Team, on: str, kind: str = "tuan_tra", *, shifts: int | None = None,
                 officer_turns: int = 0, attendance: int = 0, mediation_result: str = ""
                 ) -> Activity:
        """A team's activity as the form saves it: a patrol is one shift unless told, a
        mediation succeeds unless told."""
        if kind == "tuan_tra" and shifts is None:
            shifts = 1
        if kind == "hoa_giai" and not mediation_result:
            mediation_result = "thanh"
        activity = Activity(self._id("hd"), team.id, team.village_id, iso(on), kind,
                            shifts or 0, officer_turns, attendance, mediation_result)
        self.snapshot.activities.append(activity)
        return activity

    def activities_of(self, team: Team, *days: str) -> None:
        for day in days:
            self.activity(team, day)

    def confirm(self, subject: str, value: bool = True, on: str = "05/11/2026",
                year: int = 2026, village: str | None = "DH", note: str = "") -> Confirmation:
        confirmation = Confirmation(self._id("xn"), subject,
                                    self.vid(village) if village else "", year, value, iso(on),
                                    CONFIRMED_BY, note)
        self.snapshot.confirmations.append(confirmation)
        return confirmation

    def visit(self, on: str, code: str = "DH-0001", follow_up_on: str = "", **answers: str
              ) -> Visit:
        """A visit from the visit form's answers: h1 … h6 ("dat" unless told), and hN_note,
        which the form asks for (and keeps) only with "chua_dat"."""
        failed = tuple(CheckAnswer(item, answers[item], answers.get(f"{item}_note", "")
                                   if answers[item] == "chua_dat" else "")
                       for item in CHECKLIST if answers.get(item, "dat") != "dat")
        household = self.snapshot.households[self.hid(code)]
        visit = Visit(self._id("kt"), household.id, household.village_id, iso(on),
                      "chua_dat" if failed else "dat", failed, iso(follow_up_on))
        self.snapshot.visits.append(visit)
        return visit

    def complete_since(self, day: str) -> None:
        """The commune states (or, with "", withdraws) the day its incident records are
        complete from."""
        self.snapshot.settings.setdefault(SETTINGS_ID, {})["complete_since"] = iso(day)

    # ------------------------------------------------------------------ evaluations

    def facts(self) -> Facts:
        return Facts(self.snapshot, TAXONOMY)

    def reports(self) -> Reports:
        """The report workflow over this commune (the archive in memory)."""
        return Reports(lambda: self.snapshot, self.archive)

    def village(self, as_of: date = CLOSED, year: int = 2026, code: str = "DH"
                ) -> dict[str, Result]:
        """The village's results by criterion id (every village rule set in force)."""
        return by_id(evaluate_village(self.facts(), self.vid(code), year, as_of,
                                      rule_sets=RULE_SETS))

    def commune(self, as_of: date = CLOSED, year: int = 2026) -> dict[str, Result]:
        """The commune's results by criterion id (TT 124 Art. 5 and chỉ tiêu 19.2)."""
        return by_id(evaluate_commune(self.facts(), year, as_of, rule_sets=RULE_SETS))

    def home(self, as_of: date = CLOSED, code: str = "DH-0001", year: int = 2026
             ) -> dict[str, Result]:
        """The household's H1–H7 by id."""
        return by_id([evaluate_household(self.facts(), self.hid(code), year, as_of)])


def by_id(evaluations: list[Evaluation]) -> dict[str, Result]:
    out: dict[str, Result] = {}
    for evaluation in evaluations:
        for result in evaluation.results:
            assert result.id not in out, f"criterion {result.id} evaluated twice"
            out[result.id] = result
    return out


def item_ids(result: Result, kind: str | None = None) -> list[str]:
    """The ids of the records behind a result (of one kind)."""
    return [i.id for i in result.items if kind is None or i.kind == kind]
