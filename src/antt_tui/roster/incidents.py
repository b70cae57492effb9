"""Incidents (vụ việc) of the villages: record, correct with a reason, list.

An incident is checked with the form `forms/incident.toml` and the taxonomy of
`forms/taxonomy/incidents.toml`. Incidents of a zero-tolerance category (those that decide
K3 / 19.2) are never removed, and every correction to them carries the officer's reason, kept
in the journal. The register also keeps the day from which the commune's incident records are
complete (what "reduced versus last year" compares against).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from antt_tui.criteria.facts import SETTINGS_ID
from antt_tui.criteria.taxonomy import Taxonomy, load_taxonomy
from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.domain.numbers import vn_number
from antt_tui.domain.rules import clean_field
from antt_tui.forms import Choice, FormDef
from antt_tui.roster.formcheck import checked, forms
from antt_tui.roster.records import Correction, IncidentAnswer, IncidentRow, InvolvedPerson
from antt_tui.roster.service import Roster, delete_reason, new_id
from antt_tui.storage import tables

ROLES = {"doi_tuong": "Đối tượng", "bi_hai": "Bị hại", "nhan_chung": "Nhân chứng"}
"""Role of a person in an incident."""


class Incidents:
    """The incident register of one database."""

    def __init__(self, roster: Roster, taxonomy: Taxonomy | None = None) -> None:
        self.roster = roster
        self.store = roster.store
        self.taxonomy = taxonomy or load_taxonomy()

    def sources(self) -> dict[str, list[Choice]]:
        """The choice lists the incident form needs."""
        return {
            "villages": [Choice(v.id, v.name) for v in self.roster.villages()],
            "incident_categories": [Choice(c.code, c.label)
                                    for c in self.taxonomy.categories.values()],
        }

    def _clean(self, answers: dict[str, Any]) -> dict[str, Any]:
        fields = checked("incident", answers, today=self.roster.today(), sources=self.sources())
        fields["village_id"] = fields.pop("village")
        return fields

    def _persons(self, persons: list[dict[str, str]]) -> list[dict[str, str]]:
        out = []
        for entry in persons:
            role = entry.get("role", "doi_tuong")
            if role not in ROLES:
                raise ValidationError({"persons": "Vai trò chọn một trong: "
                                       + ", ".join(ROLES.values()) + "."})
            person = self.roster.person(entry["person"])
            # The household of the time: the incident still counts against it after a move.
            out.append({"person_id": person.id, "role": role,
                        "household_id": person.household_id})
        return out

    def add(self, answers: dict[str, Any], *, persons: list[dict[str, str]] | None = None
            ) -> IncidentRow:
        """Record an incident; `persons` are {"person": ref, "role": code} of residents."""
        fields = self._clean(answers)
        fields["persons"] = self._persons(persons or [])
        fields["household_ids"] = sorted({p["household_id"] for p in fields["persons"]})
        category = self.taxonomy.category(fields["category"])
        iid = str(uuid.uuid4())
        village = self.store.get(tables.VILLAGES, fields["village_id"]) or {}
        self.store.commit("incident.add", self.store.op_set(tables.INCIDENTS, iid, fields),
                          summary=f"Ghi nhận vụ việc “{category.label}” ngày "
                                  f"{vn_date(fields['date'])} tại {village.get('name', '')}")
        return self._row(self._get(iid))

    def get(self, incident_id: str) -> IncidentRow:
        """An incident by id (or a unique id prefix of at least 6 characters); NotFound when
        there is none or it was deleted."""
        return self._row(self._get(incident_id))

    def row(self, incident_id: str) -> IncidentRow | None:
        """An incident by its id as saved (a deleted one too), or None."""
        found = self.store.get(tables.INCIDENTS, incident_id) if incident_id else None
        return None if found is None else self._row(found)

    def _get(self, incident_id: str) -> dict[str, Any]:
        found = self.store.get(tables.INCIDENTS, incident_id)
        if found is None and len(incident_id) >= 6:
            matches = [i for i in self.store.records(tables.INCIDENTS)
                       if i["id"].startswith(incident_id)]
            found = matches[0] if len(matches) == 1 else None
        if found is None or found.get("deleted"):
            raise NotFound(f"Không tìm thấy vụ việc “{incident_id}”.")
        return found

    def correct(self, incident_id: str, changes: dict[str, Any], *, reason: str) -> IncidentRow:
        """Correct an incident: the reason is required and kept with the change. Returns the
        incident as saved afterwards (with no new correction when nothing changed)."""
        incident = self._get(incident_id)
        reason = clean_field("reason", reason, what="Lý do sửa")
        if not reason:
            raise ValidationError({"reason": "Ghi lý do sửa vụ việc."})
        answers = {**_answers(incident), **changes}
        fields = self._clean(answers)
        changed = {k: v for k, v in fields.items() if incident.get(k) != v}
        if not changed:
            return self._row(incident)
        ops = self.store.op_set(tables.INCIDENTS, incident["id"], changed)
        # Added by element: two officers correcting the same incident on two laptops keep
        # both corrections when their bundles meet.
        ops[0]["add"] = {"corrections": [{"id": new_id(), "on": self.roster.today().isoformat(),
                                          "reason": reason, "fields": sorted(changed)}]}
        self.store.commit("incident.correct", ops,
                          summary=f"Sửa vụ việc ngày {vn_date(incident['date'])}: {reason}")
        return self._row(self._get(incident["id"]))

    def delete(self, incident_id: str, *, reason: str) -> None:
        """Remove an incident entered by mistake (a tombstone), except a zero-tolerance one."""
        incident = self._get(incident_id)
        category = self.taxonomy.category(incident["category"])
        if category.zero_tolerance:
            raise ValidationError({"category": (
                f"Vụ việc loại “{category.label}” ảnh hưởng tiêu chí ({', '.join(category.feeds)}):"
                " không được xóa, chỉ được sửa kèm lý do.")})
        reason = delete_reason(reason)
        self.store.commit("incident.delete", self.store.op_set(
            tables.INCIDENTS, incident["id"], {"deleted": True, "deleted_reason": reason}),
            summary=f"Xóa vụ việc nhập nhầm ngày {vn_date(incident['date'])}: {reason}")

    def list(self, *, village_id: str = "", start: date | None = None, end: date | None = None,
             category: str = "", form: FormDef | None = None) -> list[IncidentRow]:
        """Incidents (not deleted) by date, newest first, optionally filtered."""
        rows = []
        for incident in self.store.records(tables.INCIDENTS):
            if incident.get("deleted"):
                continue
            day = incident.get("date", "")
            if village_id and incident.get("village_id") != village_id:
                continue
            if (start and day < start.isoformat()) or (end and day > end.isoformat()):
                continue
            if category and incident.get("category") != category:
                continue
            rows.append(incident)
        rows.sort(key=lambda i: (i.get("date", ""), i.get("time", "")), reverse=True)
        return self._rows(rows, form)

    def of_household(self, household_id: str, form: FormDef | None = None) -> list[IncidentRow]:
        """Incidents (not deleted) in which a member of the household is involved, newest
        first."""
        rows = [i for i in self.store.records(tables.INCIDENTS)
                if not i.get("deleted") and household_id in (i.get("household_ids") or ())]
        rows.sort(key=lambda i: (i.get("date", ""), i.get("time") or "", i["id"]), reverse=True)
        return self._rows(rows, form)

    def _rows(self, incidents: list[dict[str, Any]], form: FormDef | None = None
              ) -> list[IncidentRow]:
        form = form or forms()["incident"]
        return [incident_row(i, self.roster, self.taxonomy, form) for i in incidents]

    def _row(self, incident: dict[str, Any]) -> IncidentRow:
        return incident_row(incident, self.roster, self.taxonomy, forms()["incident"])

    def complete_since(self) -> date | None:
        """The day from which the commune states its incident records are complete, or None
        (then the criteria use the earliest record)."""
        value = (self.store.get(tables.SETTINGS, SETTINGS_ID) or {}).get("complete_since")
        return date.fromisoformat(value) if value else None

    def set_complete_since(self, answers: dict[str, Any]) -> date | None:
        """State (or, with an empty date, withdraw) the day from which every incident of the
        commune is recorded: `{"complete_since": "01/11/2024"}` (form records_complete)."""
        fields = checked("records_complete", answers, today=self.roster.today())
        value = fields.get("complete_since") or ""
        if value == ((self.store.get(tables.SETTINGS, SETTINGS_ID) or {}).get("complete_since") or ""):
            return self.complete_since()
        summary = (f"Số liệu vụ việc của xã đầy đủ từ ngày {vn_date(value)}" if value
                   else "Bỏ ngày số liệu vụ việc đầy đủ (dùng hồ sơ sớm nhất trong máy)")
        self.store.commit("settings.criteria", self.store.op_set(
            tables.SETTINGS, SETTINGS_ID, {"complete_since": value}), summary=summary)
        return self.complete_since()


def category_label(taxonomy: Taxonomy, code: str) -> str:
    """The category's Vietnamese label (the code itself when the taxonomy lacks it)."""
    category = taxonomy.categories.get(code or "")
    return category.label if category else (code or "")


def criteria_fed(taxonomy: Taxonomy, code: str) -> list[str]:
    """The criteria an incident category counts against ("reports"-only feeds left out)."""
    category = taxonomy.categories.get(code or "")
    return [f for f in (category.feeds if category else ()) if f != "reports"]


def _choice_labels(form: FormDef, field_id: str) -> dict[str, str]:
    try:
        return {c.value: c.label for c in form.field(field_id).choices}
    except KeyError:
        return {}


def incident_row(incident: Mapping[str, Any], roster: Roster, taxonomy: Taxonomy,
                 form: FormDef) -> IncidentRow:
    """The read record of a stored incident, with the labels of the form and the taxonomy
    and the names of the persons and households involved."""
    labels = {f.id: f.label for f in form.fields}
    answers = []
    for field in form.fields:
        key = "village_id" if field.id == "village" else field.id
        value = incident.get(key)
        if value in (None, "", False, []):
            continue
        if field.id == "village":
            shown = roster.village_name(value)
        elif field.id == "category":
            shown = category_label(taxonomy, value)
            feeds = criteria_fed(taxonomy, value)
            if feeds:
                shown += f" (tiêu chí {', '.join(feeds)})"
        elif field.type == "date":
            shown = vn_date(value)
        elif field.type == "yes_no":
            shown = "Có"
        elif field.type == "number":
            shown = vn_number(value) if isinstance(value, int) else str(value)
        elif field.choices:
            shown = {c.value: c.label for c in field.choices}.get(value, value)
        else:
            shown = str(value)
        answers.append(IncidentAnswer(field=field.id, label=field.label, text=shown))
    persons = []
    for entry in incident.get("persons") or ():
        # Stored records read directly: an incident list names thousands of people.
        person = _stored(roster, tables.PERSONS, entry.get("person_id", ""))
        # The household at the time of the incident (older records: the person's current one)
        household_id = entry.get("household_id", person.get("household_id", "")) or ""
        household = _stored(roster, tables.HOUSEHOLDS, household_id)
        role = entry.get("role", "")
        persons.append(InvolvedPerson(
            person_id=entry.get("person_id", ""),
            full_name=person.get("full_name", "?"),
            household_id=household_id, household_code=household.get("code", "?"),
            role=role, role_label=ROLES.get(role, role)))
    corrections = tuple(
        Correction(on=c.get("on") or "", reason=c.get("reason", ""),
                   fields=tuple(labels.get("village" if f == "village_id" else f, f)
                                for f in c.get("fields", [])))
        for c in incident.get("corrections") or ())
    severity, status = incident.get("severity") or "", incident.get("status") or ""
    category = incident.get("category") or ""
    return IncidentRow(
        id=incident["id"], date=incident.get("date") or "",
        village_id=incident.get("village_id") or "",
        village_name=roster.village_name(incident.get("village_id") or ""),
        category=category, category_label=category_label(taxonomy, category),
        severity=severity, severity_label=_choice_labels(form, "severity").get(severity, ""),
        status=status, status_label=_choice_labels(form, "status").get(status, ""),
        place=incident.get("place") or "", note=incident.get("note") or "",
        answers=tuple(answers), persons=tuple(persons),
        household_codes=tuple(_code(roster, h) for h in incident.get("household_ids") or ()),
        corrections=corrections, values=MappingProxyType(dict(incident)))


def _code(roster: Roster, household_id: str) -> str:
    return _stored(roster, tables.HOUSEHOLDS, household_id).get("code", "?")


def _stored(roster: Roster, table: str, record_id: str) -> dict[str, Any]:
    """A stored record by id, {} when there is none."""
    return (roster.store.get(table, record_id) if record_id else None) or {}


def _answers(incident: dict[str, Any]) -> dict[str, Any]:
    """A stored incident as form answers (so a correction is checked like a new one)."""
    answers = {k: v for k, v in incident.items()
               if k not in ("id", "persons", "household_ids", "corrections", "village_id")}
    answers["village"] = incident.get("village_id")
    if incident.get("date"):
        answers["date"] = vn_date(incident["date"])
    return answers
