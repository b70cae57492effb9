"""Visits, commitments and incidents as forms: each opens the generic form screen with a form
of `forms/` and a submit function that saves through `Activities` or `Incidents`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import DomainError, ValidationError
from antt_tui.forms import Choice, FieldDef, FormDef, initial_values, load_forms
from antt_tui.roster.entities import HouseholdRecord, PersonRecord
from antt_tui.roster.incidents import ROLES, Incidents, category_label
from antt_tui.roster.visits import Activities, commitment_year
from antt_tui.tui.screens.household_forms import open_form

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

NOT_INVOLVED = "khong"
"""The role answer of a member who is not involved in the incident."""

Done = Callable[[Any], None] | None
"""Called with the form's result when it closes (the saved sentence, or None)."""


def _household(app: AnttApp, household_id: str) -> tuple[HouseholdRecord | None, str]:
    """The household record (None when there is none) and the name of its head."""
    roster = app.state.roster
    household = roster.household_record(household_id)
    head = roster.person_record(household.head_id) if household is not None else None
    return household, head.full_name if head is not None else ""


def record_visit(app: AnttApp, household_id: str, *, callback: Done = None) -> None:
    """Record an inspection visit: today, this officer, every item "Đạt" unless changed."""
    state = app.state
    household, head = _household(app, household_id)
    code = household.code if household is not None else ""

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        visit = Activities(state.roster).add_visit(household_id, cleaned, officer=state.officer)
        state.visit_officer = visit.officer  # offered again for the next visit of this run
        return (f"Đã lưu lượt kiểm tra hộ {code} ngày {vn_date(visit.date)}: "
                f"{visit.result_label}.")

    open_form(app, "visit", submit, callback=callback,
              values={"date": f"{state.today():%d/%m/%Y}",
                      "officer": state.officer or state.visit_officer},
              title=f"Kiểm tra hộ {code} ({head})")


def sign_commitment(app: AnttApp, household_id: str, *, year: int | None = None,
                    callback: Done = None) -> None:
    """Record that the household signed the "Hộ an toàn" commitment of `year` (default: the
    year being signed today)."""
    state = app.state
    household, head = _household(app, household_id)
    code = household.code if household is not None else ""
    today = state.today()

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        signed = Activities(state.roster).sign_commitment(
            household_id, year=int(cleaned["year"]), signed_on=cleaned["signed_on"],
            signer=cleaned["signer"])
        return (f"Đã ghi nhận hộ {code} ký cam kết năm {signed.year} "
                f"ngày {vn_date(signed.signed_on)}.")

    open_form(app, "commitment", submit, callback=callback,
              values={"year": year or commitment_year(today), "signed_on": f"{today:%d/%m/%Y}",
                      "signer": head},
              title=f"Hộ {code} ký cam kết “Hộ an toàn”")


def add_incident(app: AnttApp, *, household_id: str = "", village_id: str = "",
                 callback: Done = None) -> None:
    """Record an incident; from a household, its village is set and each living member gets
    a role question (Không liên quan / Đối tượng / Bị hại / Nhân chứng)."""
    state = app.state
    roster = state.roster
    register = Incidents(roster)
    members: list[PersonRecord] = []
    title, intro = "Ghi nhận vụ việc", ""
    if household_id:
        household, _ = _household(app, household_id)
        if household is not None:
            village_id = household.village_id
        members = roster.members(household_id, present_only=True)
        title = f"Vụ việc liên quan hộ {household.code if household is not None else ''}"
        if members:
            intro = ("Ghi vụ việc, rồi chọn vai trò của từng người trong hộ (Đối tượng, Bị hại, "
                     "Nhân chứng) ở mục “Người trong hộ liên quan”. Ctrl+S để lưu.")
    roles = {f"role_{i}": m.id for i, m in enumerate(members, 1)}

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        persons = []
        for field_id, person_id in roles.items():
            role = cleaned.pop(field_id, NOT_INVOLVED)
            if role and role != NOT_INVOLVED:
                persons.append({"person": person_id, "role": role})
        if roles and not persons:  # else the incident would not show on the household
            raise ValidationError({next(iter(roles)): (
                "Chọn vai trò của ít nhất một người trong hộ. Vụ việc không liên quan đến "
                "người trong hộ thì ghi từ màn hình tổng quan (phím v).")})
        incident = register.add(cleaned, persons=persons)
        return (f"Đã ghi nhận vụ việc “{category_label(register.taxonomy, incident.category)}”"
                f" ngày {vn_date(incident.date)}.")

    open_form(app, "incident", submit, callback=callback, sources=register.sources(),
              adjust=(lambda form: with_roles(form, members)) if members else None,
              values={"date": f"{state.today():%d/%m/%Y}", "village": village_id or None},
              title=title, intro=intro)


def with_roles(form: FormDef, members: Sequence[PersonRecord]) -> FormDef:
    """The incident form with one role question per member, after the incident's own part."""
    choices = (Choice(NOT_INVOLVED, "Không liên quan"),
               *(Choice(code, label) for code, label in ROLES.items()))
    extra = [FieldDef(id=f"role_{i}", type="choice", label=member.full_name,
                      choices=choices, default=NOT_INVOLVED, section="Người trong hộ liên quan")
             for i, member in enumerate(members, 1)]
    fields = list(form.fields)
    at = next((i + 1 for i, f in enumerate(fields) if f.id == "severity"), len(fields))
    return replace(form, fields=(*fields[:at], *extra, *fields[at:]))


def correct_incident(app: AnttApp, incident_id: str, *, callback: Done = None) -> None:
    """Correct an incident: its form filled in, and the reason for the correction first.

    The form is pre-filled from the saved answers (`IncidentRow.form_values`), not from
    the labels the screens show."""
    register = Incidents(app.state.roster)
    incident = register.get(incident_id)
    form = load_forms()["incident"]
    values = initial_values(form, incident.form_values())

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        why = cleaned.pop("reason", "")
        after = register.correct(incident_id, cleaned, reason=why)
        if len(after.corrections) == len(incident.corrections):
            raise DomainError("chưa có gì thay đổi so với vụ việc đã lưu.")
        return f"Đã sửa vụ việc ngày {vn_date(after.date)} (lý do: {why})."

    open_form(app, "incident", submit, callback=callback, sources=register.sources(),
              adjust=with_reason, values=values,
              title=f"Sửa vụ việc ngày {vn_date(incident.date)}",
              intro="Sửa những gì sai rồi Ctrl+S. Lý do sửa là bắt buộc và được lưu cùng "
                    "thay đổi.")


def with_reason(form: FormDef) -> FormDef:
    """The incident form with a required reason for the correction at the top."""
    reason = FieldDef(id="reason", type="text", label="Lý do sửa", required=True,
                      max_length=200,
                      placeholder="Ví dụ: nhập nhầm ngày; đã hòa giải xong")
    return replace(form, fields=(reason, *form.fields))
