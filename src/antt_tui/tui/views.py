"""How visits, commitments and incidents read on screen: table cells, detail texts, and what
page 3 of a household shows.

Visits and incidents arrive as the roster's read records (`VisitRow`, `IncidentRow` of
`roster/records.py`), whose labels come from the form definitions (`forms/visit.toml`,
`forms/incident.toml`) and the incident taxonomy, so renaming an answer there renames it
here. Texts use Rich markup; everything an officer typed is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.markup import escape
from rich.text import Text

from antt_tui.criteria.engine import evaluate_household, facts_of
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU
from antt_tui.criteria.taxonomy import load_taxonomy
from antt_tui.criteria.windows import window, window_year
from antt_tui.domain.dates import vn_date
from antt_tui.forms import FormDef, load_forms
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.records import CommitmentRow, IncidentRow, VisitRow
from antt_tui.roster.service import ACTIVE_STATUSES, Roster
from antt_tui.roster.visits import Activities, commitment_year

COMMITMENT_YEARS = 3
"""Years of commitments shown for a household: this one and the two before."""


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, cut after a whole word with "…" (inside a
    word only when its first word alone is longer than half the width)."""
    line = " ".join((text or "").split())
    if len(line) <= width:
        return line
    cut = line[:max(1, width - 1)]
    if line[len(cut)] != " " and " " in cut and cut.rindex(" ") >= width // 2:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;·-") + "…"


# ---------------------------------------------------------------- visits


def visit_row(visit: VisitRow) -> tuple[Any, ...]:
    """Ngày, Cán bộ, Kết quả, Hẹn lại, Phát hiện."""
    return (vn_date(visit.date), Text(shorten(visit.officer, 18)), visit.result_label,
            vn_date(visit.follow_up_on), Text(shorten(visit.findings, 14)))


def visit_detail(visit: VisitRow, form: FormDef) -> str:
    """The whole visit: each item with its answer and note, then findings and advice."""
    lines = [f"[b]Ngày kiểm tra:[/b] {vn_date(visit.date)}",
             f"[b]Cán bộ kiểm tra:[/b] {escape(visit.officer)}",
             f"[b]Kết quả:[/b] {visit.result_label}", ""]
    if visit.checklist:
        for entry in visit.checklist:
            style = "" if entry.passed else "b "
            lines.append(f"{escape(entry.label)}: [{style}reverse] {entry.answer_label} [/]")
            if entry.note:
                lines.append(f"    Lý do: {escape(entry.note)}")
    else:
        lines.append("[i]Lượt kiểm tra này không ghi từng mục H1–H6.[/i]")
    for fid, text in (("findings", visit.findings), ("advice", visit.advice)):
        if text:
            lines += ["", f"[b]{escape(_label(form, fid))}:[/b]", escape(text)]
    if visit.follow_up_on:
        lines += ["", f"[b]{escape(_label(form, 'follow_up_on'))}:[/b] "
                      f"{vn_date(visit.follow_up_on)}"]
    return "\n".join(lines)


def _label(form: FormDef, field_id: str) -> str:
    try:
        return form.field(field_id).label
    except KeyError:
        return field_id


# ---------------------------------------------------------------- commitments


def commitment_lines(commitments: Mapping[int, CommitmentRow], years: Iterable[int]
                     ) -> list[str]:
    """ "Năm 2026: đã ký 15/02/2026 — Nguyễn Văn An" or "Năm 2025: chưa ký", per year."""
    out = []
    for year in years:
        c = commitments.get(year)
        if c is None:
            out.append(f"Năm {year}: [b]chưa ký[/b]")
        else:
            out.append(f"Năm {year}: đã ký {vn_date(c.signed_on)} — {escape(c.signer)}")
    return out


# ---------------------------------------------------------------- incidents


def incident_roles(incident: IncidentRow, household_id: str = "") -> str:
    """ "Nguyễn Văn Cường (Đối tượng)" for each person involved (of one household, if given)."""
    persons = incident.persons_of(household_id) if household_id else incident.persons
    return ", ".join(f"{p.full_name} ({p.role_label})" for p in persons)


def incident_household_row(incident: IncidentRow, household_id: str) -> tuple[Any, ...]:
    """Ngày, Loại, Người trong hộ (vai trò), Tình trạng: an incident on a household's page."""
    return (vn_date(incident.date),
            Text(shorten(incident.category_label, 18)),
            Text(shorten(incident_roles(incident, household_id) or "—", 28)),
            shorten(incident.status_label or incident.status, 12))


def incident_row(incident: IncidentRow) -> tuple[Any, ...]:
    """Ngày, Thôn, Loại, Mức độ, Tình trạng: an incident in the commune's list."""
    return (vn_date(incident.date),
            Text(shorten(incident.village_name.removeprefix("Thôn "), 11)),
            Text(shorten(incident.category_label, 17)),
            shorten(incident.severity_label, 15),
            shorten(incident.status_label, 13))


def incident_detail(incident: IncidentRow) -> str:
    """Every answer of the incident form that has a value, the persons and the corrections."""
    lines = [f"[b]{escape(a.label)}:[/b] {escape(a.text)}" for a in incident.answers]
    lines += ["", "[b]Người liên quan:[/b]"]
    for p in incident.persons:
        lines.append(f"  • {escape(p.full_name)} (hộ {p.household_code}) — {p.role_label}")
    if not incident.persons:
        codes = incident.household_codes
        lines.append(f"  Hộ liên quan: {', '.join(codes)}" if codes else "  (không ghi)")
    if incident.corrections:
        lines += ["", "[b]Các lần sửa:[/b]"]
        for c in incident.corrections:
            fields = ", ".join(c.fields)
            lines.append(f"  • {vn_date(c.on)}: {escape(c.reason)}"
                         + (f" (sửa: {escape(fields)})" if fields else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------- one household


@dataclass
class HouseholdActivity:
    """What page 3 of a household shows, read in one go (in a worker)."""

    year: int
    """The working year."""
    h7: str
    """The "Hộ an toàn" (H7) results of the current and the previous assessment year."""
    commitments: list[str]
    """One line per year, this year first."""
    visits: dict[str, VisitRow]
    """Visits by id, newest first."""
    incidents: dict[str, IncidentRow]
    """Incidents involving a member, by id, newest first."""
    visit_rows: list[tuple[str, tuple[Any, ...]]]
    incident_rows: list[tuple[str, tuple[Any, ...]]]
    """Table rows: (id, cells)."""
    forms: dict[str, FormDef]
    """The forms the labels came from (the visit text names its fields with them)."""

    def visit_text(self, visit_id: str) -> str:
        """The whole visit (see `visit_detail`)."""
        return visit_detail(self.visits[visit_id], self.forms["visit"])

    def incident_text(self, incident_id: str) -> str:
        """The whole incident (see `incident_detail`)."""
        return incident_detail(self.incidents[incident_id])


def h7_line(roster: Roster, household_id: str, today: date) -> str:
    """"Hộ an toàn năm 2026: đạt · năm 2025: chưa đạt (H3)" for page 3 of a household."""
    household = roster.household_record(household_id)
    if household is None or household.residence_status not in ACTIVE_STATUSES:
        return "[b]Hộ an toàn:[/b] không đánh giá (hộ không còn cư trú trên địa bàn)"
    facts = facts_of(roster.snapshot())
    year = window_year("ho", today)
    parts = []
    for n, y in enumerate((year, year - 1)):
        evaluation = evaluate_household(facts, household_id, y, today if n == 0 else
                                        window("ho", y).end)
        h7 = evaluation.results[-1]
        colour = {DAT: "green", CHUA_DAT: "red"}.get(h7.status, "yellow")
        text = f"[b]Hộ an toàn năm {y}:[/b] [{colour}]{h7.status}[/]"
        if n == 0 and h7.status != DAT:
            failed = [r.id for r in evaluation.results[:-1] if r.status == CHUA_DAT]
            unknown = [r.id for r in evaluation.results[:-1] if r.status == THIEU]
            detail = "; ".join(x for x in (failed and "chưa đạt " + ", ".join(failed),
                                             unknown and "thiếu dữ liệu " + ", ".join(unknown))
                               if x)
            text += f" ({detail})"
        parts.append(text)
    return " · ".join(parts)


def read_household_activity(roster: Roster, household_id: str, today: date
                            ) -> HouseholdActivity:
    """Visits, commitments and incidents of a household (reads every year's visit file)."""
    forms, taxonomy = load_forms(), load_taxonomy()
    visits = Activities(roster, visit_form=forms["visit"]).visit_rows_of(household_id)
    incidents = Incidents(roster, taxonomy).of_household(household_id, forms["incident"])
    commitments = Activities(roster).commitments_of(household_id)
    return HouseholdActivity(
        year=today.year, h7=h7_line(roster, household_id, today),
        commitments=commitment_lines(commitments, range(
            commitment_year(today), commitment_year(today) - COMMITMENT_YEARS, -1)),
        visits={v.id: v for v in visits},
        incidents={i.id: i for i in incidents},
        visit_rows=[(v.id, visit_row(v)) for v in visits],
        incident_rows=[(i.id, incident_household_row(i, household_id)) for i in incidents],
        forms=forms)
