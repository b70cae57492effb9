"""Typed read records of the roster for the front ends: a household card with its members,
a search result, an inspection visit, a yearly commitment and an incident. Each holds the
stored codes (to decide what is allowed) and the labels shown to the user; `to_json()` (where
there is one) gives the object of the CLI's --json."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from antt_tui.domain import vocab
from antt_tui.roster.entities import PersonCodes

__all__ = ["ChecklistAnswer", "CommitmentRow", "Correction", "HouseholdCard", "IncidentAnswer",
           "IncidentRow", "InvolvedPerson", "PersonRow", "SearchRow", "VisitRow"]


@dataclass(frozen=True, slots=True)
class PersonRow(PersonCodes):
    """A person (nhân khẩu) as listed in a household: codes and their Vietnamese labels."""

    id: str
    full_name: str
    birth: str
    """Birth date as shown: "24/07/1988", "05/1985" or "1960"."""
    sex: str
    """``vocab.SEXES`` code ("" when unknown)."""
    sex_label: str
    cccd: str
    """As shown: masked when the listing asked for it."""
    relation: str
    """``vocab.RELATIONS`` code."""
    relation_label: str
    """The relation's label, with the officer's wording for "Khác" in brackets."""
    ethnicity: str
    religion: str
    occupation: str
    phone: str
    status: str
    """``vocab.PERSON_STATUSES`` code."""
    status_label: str
    notes: str
    number: int | None = None
    """Place in the household listing (1 = the head), None outside a listing."""

    def to_json(self) -> dict[str, Any]:
        """The person as the CLI prints it with --json (Vietnamese keys)."""
        out: dict[str, Any] = {} if self.number is None else {"stt": self.number}
        out.update({
            "id": self.id, "ho_ten": self.full_name, "ngay_sinh": self.birth,
            "gioi_tinh": self.sex_label, "cccd": self.cccd, "quan_he": self.relation_label,
            "dan_toc": self.ethnicity, "ton_giao": self.religion,
            "nghe_nghiep": self.occupation, "dien_thoai": self.phone,
            "tinh_trang": self.status_label, "ghi_chu": self.notes,
        })
        return out


@dataclass(frozen=True, slots=True)
class HouseholdCard:
    """A household (hộ) with its village, head and numbered members."""

    id: str
    code: str
    village_name: str
    address: str
    residence_status: str
    """``vocab.RESIDENCE_STATUSES`` code."""
    residence_label: str
    head_id: str
    head_name: str
    present_count: int
    """How many members live in the household now."""
    notes: str
    members: tuple[PersonRow, ...]
    """The head first, then by birth date."""

    @property
    def living(self) -> bool:
        """Whether the household still lives in the village (thường trú or tạm trú)."""
        return self.residence_status in vocab.LIVING

    def member(self, person_id: str) -> PersonRow | None:
        """One member by id, or None."""
        return next((m for m in self.members if m.id == person_id), None)

    def to_json(self) -> dict[str, Any]:
        """The household as the CLI prints it with --json (Vietnamese keys)."""
        return {
            "id": self.id, "ma_ho": self.code, "thon": self.village_name,
            "dia_chi": self.address, "tinh_trang_cu_tru": self.residence_label,
            "chu_ho": self.head_name, "so_nhan_khau": self.present_count,
            "ghi_chu": self.notes, "nhan_khau": [m.to_json() for m in self.members],
        }


@dataclass(frozen=True, slots=True)
class SearchRow:
    """One search result: the person found (if any) and their household."""

    matched: str
    """What the text matched (name, CCCD, household code, phone)."""
    person_id: str
    full_name: str
    birth: str
    cccd: str
    relation: str
    relation_label: str
    status: str
    status_label: str
    household_id: str
    household_code: str
    village_name: str
    address: str

    def to_json(self) -> dict[str, Any]:
        """The result as the CLI prints it with --json (Vietnamese keys)."""
        return {
            "khop_theo": self.matched, "ho_ten": self.full_name, "ngay_sinh": self.birth,
            "cccd": self.cccd, "quan_he": self.relation_label, "tinh_trang": self.status_label,
            "ma_ho": self.household_code, "thon": self.village_name, "dia_chi": self.address,
            "person_id": self.person_id, "household_id": self.household_id,
        }


@dataclass(frozen=True, slots=True)
class ChecklistAnswer:
    """One "Hộ an toàn" item (H1–H6) as answered at a visit."""

    item: str
    """The item's field id ("h1" … "h6")."""
    label: str
    """The item's label in the visit form (its upper-cased id when the form lacks it)."""
    answer: str
    """The answer's code ("dat" when the item was passed: only the others are stored)."""
    answer_label: str
    note: str
    """Why the item was not passed ("" when there is no note)."""

    @property
    def passed(self) -> bool:
        """Whether the item was answered "Đạt"."""
        return self.answer == "dat"


@dataclass(frozen=True, slots=True)
class VisitRow:
    """An inspection visit (lượt kiểm tra hộ) of a household."""

    id: str
    household_id: str
    date: str
    """The visit's date, ISO ("2026-11-20")."""
    officer: str
    result: str
    """The stored result code ("dat" or "chua_dat")."""
    result_label: str
    """ "Đạt", or "Chưa đạt: H3, H4" naming the items not passed."""
    checklist: tuple[ChecklistAnswer, ...]
    """Every item H1–H6, or () for an older visit that did not record them one by one."""
    findings: str
    """What was found (older visits kept it as a note)."""
    advice: str
    follow_up_on: str
    """ISO date of the follow-up visit, "" when none."""
    household_code: str = ""
    """The code of the household visited ("" when it is no longer in the roster)."""
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """The visit as saved (codes, ISO dates; only the items not passed in "checklist";
    read-only): what the CLI's --json prints."""

    def to_json(self) -> dict[str, Any]:
        """The visit as the CLI prints it with --json: its saved fields and the household
        code."""
        return {**self.values, "household_code": self.household_code}


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    """A household's yearly "Hộ an toàn" commitment (ký cam kết)."""

    id: str
    household_id: str
    village_id: str
    year: int
    signed_on: str
    """ISO date of the signature."""
    signer: str
    household_code: str = ""
    """The code of the household ("" when it is no longer in the roster)."""
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """The commitment as saved (read-only): what the CLI's --json prints."""

    def to_json(self) -> dict[str, Any]:
        """The commitment as the CLI prints it with --json: its saved fields and the
        household code."""
        return {**self.values, "household_code": self.household_code}


@dataclass(frozen=True, slots=True)
class IncidentAnswer:
    """One answer of the incident form that has a value, as shown."""

    field: str
    """The form field's id ("date", "village", "category", "severity" …)."""
    label: str
    """The field's label in the incident form."""
    text: str
    """The value in words: a date as "20/11/2026", a choice by its label, a category with the
    criteria it counts against, a number in Vietnamese digits, "Có" for yes."""


@dataclass(frozen=True, slots=True)
class InvolvedPerson:
    """A person involved in an incident, with the household of the time of the incident."""

    person_id: str
    full_name: str
    """ "?" when the person is no longer in the roster."""
    household_id: str
    household_code: str
    """ "?" when the household is no longer in the roster."""
    role: str
    """``roster.incidents.ROLES`` code."""
    role_label: str


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction of an incident."""

    on: str
    """ISO date of the correction."""
    reason: str
    fields: tuple[str, ...]
    """The labels of the fields corrected."""


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """An incident (vụ việc) with the codes and labels the screens show."""

    id: str
    date: str
    """ISO date ("2026-11-20")."""
    village_id: str
    village_name: str
    """ "" when the village is unknown."""
    category: str
    """The taxonomy's category code."""
    category_label: str
    """The category's label (its code when the taxonomy lacks it)."""
    severity: str
    severity_label: str
    """ "" when the code is not a choice of the form."""
    status: str
    status_label: str
    """ "" when the code is not a choice of the form."""
    place: str
    note: str
    answers: tuple[IncidentAnswer, ...]
    """Every answer of the incident form that has a value, in the form's order."""
    persons: tuple[InvolvedPerson, ...]
    household_codes: tuple[str, ...]
    """The codes of the households involved ("?" for one no longer in the roster)."""
    corrections: tuple[Correction, ...]
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """The incident as saved (codes, ISO dates, numbers; read-only): what the CLI's --json
    prints and what a correction form starts from."""

    def to_json(self) -> dict[str, Any]:
        """The incident as the CLI prints it with --json: its saved fields."""
        return dict(self.values)

    def form_values(self) -> dict[str, Any]:
        """The saved answers for the incident form ("village" is the village's id)."""
        return {**self.values, "village": self.village_id}

    def persons_of(self, household_id: str) -> tuple[InvolvedPerson, ...]:
        """The persons involved who belonged to `household_id` at the time."""
        return tuple(p for p in self.persons if p.household_id == household_id)
