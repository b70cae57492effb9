"""The figures of a report, computed from the records for one unit and one period.

A unit is a village (its id) or the whole commune (""). Everything is counted by the date
it happened: incidents by `date`, visits by `date`, commitments by `signed_on`, team
activities by `date`. Households and people are counted as the roster has them now (it
keeps no history of residence by date).

Figures have a format (`FORMAT`). An issued report stores its figures with their format, and
checking it later computes the figures again the way that format did (`compute(...,
figures_format=…)`), so a new figure, or a figure counted more correctly, in a later version
never shows an old report as changed:

- 1: the first format (no "format" key). Counts up to the "as of" day as typed; the
  assessment-window total starts at the window that holds the period's end; traffic
  accidents leave out minor collisions.
- 2: one "as of" day per report (`Period.report_date`: the typed day, at most the period's
  last day); the assessment-window total counts the window the criteria are judged on (the
  period's year) and names its span; traffic counts every incident of the group, split into
  accidents and collisions, so it agrees with the security table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.criteria.engine import evaluate_commune, evaluate_village
from antt_tui.criteria.facts import Facts
from antt_tui.criteria.household import household_statuses
from antt_tui.criteria.results import DAT, Evaluation
from antt_tui.criteria.snapshot import Household, Incident
from antt_tui.criteria.windows import window
from antt_tui.domain.dates import year_back
from antt_tui.reports.document import NewerFormat
from antt_tui.reports.periods import Period

CHECK_ITEMS = ("h1", "h2", "h3", "h4", "h5", "h6")
FORMAT = 2
"""The format of the figures this version computes (see the module docstring)."""
FORMATS = (1, 2)
"""Every format this version can compute again."""
COLLISION = "VA_CHAM_GT"
"""The incident category of minor traffic collisions (group TNGT, no deaths or injuries)."""


@dataclass(frozen=True, slots=True)
class Count:
    """One line of the security table: this period, the same period last year, and the
    totals since the start of the year and of the assessment window."""

    label: str
    now: int
    before: int
    year_to_date: int
    window_to_date: int

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def change_pct(self) -> float | None:
        """Change in percent of last year's figure; None when last year had none."""
        return None if not self.before else 100.0 * self.change / self.before


@dataclass(slots=True)
class Figures:
    """Everything a report prints, for one unit and period."""

    unit_id: str
    unit_name: str
    period: Period
    as_of: date
    """The day the figures count to (format 2: the report's one "as of" day)."""
    households_thuong_tru: int = 0
    households_tam_tru: int = 0
    people: int = 0
    minorities: int = 0
    commitments_signed: int = 0
    commitments_new: int = 0
    """Signed inside the period."""
    safe_households: int = 0
    assessment_year: int = 0
    incidents: list[Count] = field(default_factory=list)
    """One line per incident group (taxonomy order), then the total."""
    traffic: dict[str, int] = field(default_factory=dict)
    fire: dict[str, int] = field(default_factory=dict)
    drugs: dict[str, int] = field(default_factory=dict)
    fines: dict[str, int] = field(default_factory=dict)
    visits: int = 0
    households_visited: int = 0
    findings: dict[str, dict[str, int]] = field(default_factory=dict)
    """Item (h1…h6) → {"chua_dat": n, "khong_ro": n} over the period's visits."""
    follow_ups: int = 0
    teams: dict[str, int] = field(default_factory=dict)
    monthly: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
    """Incidents per calendar month of the period's year and of the year before."""
    criteria: list[Evaluation] = field(default_factory=list)
    unsigned: list[Household] = field(default_factory=list)
    safe: list[Household] = field(default_factory=list)
    period_incidents: list[Incident] = field(default_factory=list)
    h7: dict[str, str] = field(default_factory=dict)
    """Household id → its "Hộ an toàn" status (not printed; the village table reuses it)."""
    year_span: tuple[date, date] | None = None
    """First and last day counted by "lũy kế từ đầu năm"."""
    window_span: tuple[date, date] | None = None
    """First and last day counted by "lũy kế kỳ đánh giá"."""
    format: int = FORMAT

    @property
    def households(self) -> int:
        return self.households_thuong_tru + self.households_tam_tru

    def to_json(self) -> dict[str, Any]:
        """The printed figures, as data (tests, issued reports, spreadsheets), in their
        format: format 1 exactly as the first version stored them (no "format" key)."""
        data = {
            "unit_id": self.unit_id, "unit_name": self.unit_name,
            "period": {"kind": self.period.kind, "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat(), "label": self.period.label},
            "as_of": self.as_of.isoformat(),
            "households": {"thuong_tru": self.households_thuong_tru,
                           "tam_tru": self.households_tam_tru},
            "people": self.people, "minorities": self.minorities,
            "commitments": {"signed": self.commitments_signed, "new": self.commitments_new},
            "safe_households": self.safe_households, "assessment_year": self.assessment_year,
            "incidents": [{"label": c.label, "now": c.now, "before": c.before,
                           "year_to_date": c.year_to_date,
                           "window_to_date": c.window_to_date} for c in self.incidents],
            "traffic": self.traffic, "fire": self.fire, "drugs": self.drugs,
            "fines": self.fines, "visits": self.visits,
            "households_visited": self.households_visited, "findings": self.findings,
            "follow_ups": self.follow_ups, "teams": self.teams,
            "monthly": [list(self.monthly[0]), list(self.monthly[1])],
            "criteria": [e.to_json() for e in self.criteria],
        }
        if self.format >= 2:
            spans = {name: [span[0].isoformat(), span[1].isoformat()]
                     for name, span in (("year_to_date", self.year_span),
                                        ("window_to_date", self.window_span)) if span}
            data = {"format": self.format, **data, "spans": spans}
        return data



def situation(facts: Facts, scope: str, period: Period, as_of: date, *,
              h7: dict[str, str] | None = None, with_lists: bool = True) -> Figures:
    """Part I of a report: households, people, commitments and "Hộ an toàn" households.
    `h7` (household id → status, e.g. the commune's) saves evaluating them again."""
    seen = period.up_to(as_of)
    fig = Figures(scope, facts.unit_name(scope), period, as_of)
    residing = facts.residing(scope)
    statuses = Counter(h.residence_status for h in residing)
    fig.households_thuong_tru = statuses.get("thuong_tru", 0)
    fig.households_tam_tru = statuses.get("tam_tru", 0)
    residing_ids = {h.id for h in residing}
    fig.people, fig.minorities = facts.people_of(residing_ids, everyone=not scope)
    year = period.end.year
    every = facts.commitments_in(scope)  # first: the year's are then taken from it
    of_year = facts.signed(year, scope)
    signed = [h for h in residing if (c := of_year.get(h.id)) and c.signed_on <= as_of.isoformat()]
    fig.commitments_signed = len(signed)
    fig.commitments_new = sum(1 for (hid, y), c in every.items()
                              if hid in residing_ids and c.signed_on in seen)
    # The "Hộ an toàn" year: that of the period (in November and December, the window that
    # has just closed, whose result is being reviewed).
    fig.assessment_year = period.year
    fig.h7 = (household_statuses(facts, scope, fig.assessment_year, as_of) if h7 is None
              else {hid: h7[hid] for hid in residing_ids if hid in h7})
    fig.safe_households = sum(1 for s in fig.h7.values() if s == DAT)
    if with_lists:
        signed_ids = {h.id for h in signed}
        fig.unsigned = [h for h in residing if h.id not in signed_ids]
        fig.safe = [h for h in residing if fig.h7.get(h.id) == DAT]
    return fig


def compute(facts: Facts, scope: str, period: Period, as_of: date, *,
            with_criteria: bool = False, with_lists: bool = True,
            figures_format: int = FORMAT) -> Figures:
    """The figures of `scope` (village id or "" for the commune) for `period`, counting what
    had happened by `as_of`, computed the way `figures_format` does (see the module
    docstring)."""
    if figures_format not in FORMATS:
        raise NewerFormat("Số liệu của báo cáo", figures_format)
    if figures_format >= 2:
        as_of = period.report_date(as_of)
    seen = period.up_to(as_of)
    fig = situation(facts, scope, period, as_of, with_lists=with_lists)
    fig.format = figures_format
    unit = "thon" if scope else "xa"

    # II.2 Security: incidents by group.
    last = period.last_year().up_to(year_back(as_of))
    if figures_format >= 2:
        # The window the criteria are judged on (and part I's "Hộ an toàn" year).
        assessed = window(unit, period.year)
        window_span = (assessed.start, min(assessed.end, seen.end))
    else:
        window_span = (period.assessment_start(unit), seen.end)
    fig.year_span = (period.year_start, seen.end)
    fig.window_span = window_span
    windows = {
        "now": facts.incidents_in(scope, seen),
        "before": facts.incidents_in(scope, last),
        "ytd": facts.incidents_between(scope, *fig.year_span),
        "wtd": facts.incidents_between(scope, *window_span),
    }
    groups = {name: Counter(_group(facts, i) for i in rows) for name, rows in windows.items()}
    for gid, label in facts.taxonomy.groups.items():
        fig.incidents.append(Count(label, groups["now"][gid], groups["before"][gid],
                                   groups["ytd"][gid], groups["wtd"][gid]))
    fig.incidents.append(Count("Tổng số", *(len(windows[n]) for n in ("now", "before", "ytd",
                                                                        "wtd"))))
    now, before = windows["now"], windows["before"]
    fig.period_incidents = list(now) if with_lists else []
    for name, rows in (("now", now), ("before", before)):
        traffic = [i for i in rows if _group(facts, i) == "TNGT"]
        if figures_format >= 2:
            collisions = sum(1 for i in traffic if i.category == COLLISION)
            fig.traffic[f"accidents_{name}"] = len(traffic) - collisions
            fig.traffic[f"collisions_{name}"] = collisions
        else:
            traffic = [i for i in traffic if i.category != COLLISION]
        fig.traffic[f"cases_{name}"] = len(traffic)
        fig.traffic[f"deaths_{name}"] = sum(i.deaths for i in traffic)
        fig.traffic[f"injuries_{name}"] = sum(i.injuries for i in traffic)
        fire = [i for i in rows if _group(facts, i) == "CHAY_NO"]
        fig.fire[f"cases_{name}"] = len(fire)
        fig.fire[f"damage_{name}"] = sum(i.damage for i in fire)
        drugs = [i for i in rows if _group(facts, i) == "MA_TUY"]
        fig.drugs[f"cases_{name}"] = len(drugs)
        fig.drugs[f"persons_{name}"] = sum(
            1 for i in drugs for p in i.persons if p.role == "doi_tuong")
        vphc = [i for i in rows if _group(facts, i) == "VPHC"]
        fig.fines[f"cases_{name}"] = len(vphc)
        fig.fines[f"amount_{name}"] = sum(i.fine for i in vphc)

    # II.3 Household inspections.
    visits = facts.visits_between(seen.start, seen.end, scope)
    fig.visits = len(visits)
    fig.households_visited = len({v.household_id for v in visits})
    fig.findings = {item: {"chua_dat": 0, "khong_ro": 0} for item in CHECK_ITEMS}
    for visit in visits:
        for answer in visit.checklist:
            found = fig.findings.get(answer.item)
            if found is not None and answer.result in found:
                found[answer.result] += 1
        if visit.follow_up_on:
            fig.follow_ups += 1

    # II.4 Teams and models.
    activities = [a for a in facts.activities if a.date in seen
                  and (not scope or a.village_id == scope)]
    fig.teams = {
        "teams": len(facts.teams_alive(scope, seen.start, seen.end)),
        "patrols": sum(a.shifts for a in activities if a.kind == "tuan_tra"),
        "patrol_turns": sum(a.officer_turns for a in activities if a.kind == "tuan_tra"),
        "meetings": sum(1 for a in activities if a.kind == "hop"),
        "mediations_ok": sum(1 for a in activities if a.kind == "hoa_giai"
                             and a.mediation_result == "thanh"),
        "mediations_failed": sum(1 for a in activities if a.kind == "hoa_giai"
                                 and a.mediation_result == "khong_thanh"),
        "outreach": sum(1 for a in activities if a.kind == "tuyen_truyen"),
        "outreach_attendance": sum(a.attendance for a in activities
                                   if a.kind == "tuyen_truyen"),
    }

    # Chart: incidents per calendar month, this year and last year.
    fig.monthly = (_per_month(facts, scope, period.end.year, seen.end),
                   _per_month(facts, scope, period.end.year - 1, None))

    if with_criteria:
        assessment = period.year
        when = min(as_of, period.end)
        fig.criteria = (evaluate_village(facts, scope, assessment, when) if scope
                        else evaluate_commune(facts, assessment, when))
    return fig


def _group(facts: Facts, incident: Incident) -> str:
    return facts.group_of(incident)


def _per_month(facts: Facts, scope: str, year: int, until: date | None) -> tuple[int, ...]:
    counts = [0] * 12
    rows = facts.incidents_between(scope, date(year, 1, 1), date(year, 12, 31))
    for incident in rows:
        day = incident.date
        if until is None or day <= until.isoformat():
            counts[int(day[5:7]) - 1] += 1
    months = 12 if until is None or until.year > year else until.month
    return tuple(counts[:months])


