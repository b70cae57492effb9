"""Household activities: the yearly commitment and the inspection visits.

Each change is checked entirely first and then saved as one journal entry, like the life
events of `Roster`. Visits are answered through the form `forms/visit.toml`, so its labels
and choices stay data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from antt_tui.domain.dates import format_date, parse_date, vn_date
from antt_tui.domain.errors import ValidationError
from antt_tui.domain.text import check_name, clean
from antt_tui.forms import FormDef, validate
from antt_tui.roster.entities import HouseholdRecord
from antt_tui.roster.formcheck import forms
from antt_tui.roster.records import ChecklistAnswer, CommitmentRow, VisitRow
from antt_tui.roster.service import ACTIVE_STATUSES, Roster, new_id
from antt_tui.storage import tables
from antt_tui.storage.shard import shard_for

CHECKLIST = ("h1", "h2", "h3", "h4", "h5", "h6")
"""The "Hộ an toàn" items answered at a visit (DOMAIN.md §1.1, H1–H6)."""
PASS = "dat"
"""The answer (and visit result) "Đạt"; anything else makes the visit "chua_dat"."""
VISIT_FORM = "visit"
"""Id of the visit form in `forms/`."""


def commitment_year(day: date) -> int:
    """The commitment year being signed on `day`: from 1 November, the next year's."""
    return day.year + 1 if day.month >= 11 else day.year


class Activities:
    """Commitments (ký cam kết "Hộ an toàn") and inspection visits (lượt kiểm tra hộ)."""

    def __init__(self, roster: Roster, *, visit_form: FormDef | None = None) -> None:
        self.roster = roster
        self.store = roster.store
        self._visit_form = visit_form

    @property
    def visit_form(self) -> FormDef:
        """The visit form, read from `forms/` the first time it is needed."""
        if self._visit_form is None:
            self._visit_form = forms()[VISIT_FORM]
        return self._visit_form

    # ================================================================ commitments

    def sign_commitment(self, household_ref: str, *, year: int, signed_on: str | date,
                        signer: str) -> CommitmentRow:
        """Record that a household signed the "Hộ an toàn" commitment for `year`; returns
        the commitment as saved.

        The date may not be in the future and lies in `year` or in November/December of
        the year before; a household signs once per year.
        """
        household = self.roster.household(household_ref)
        _require_living(household)
        year = int(year)
        day = _date(signed_on, "signed_on", "Ngày ký")
        today = self.roster.today()
        errors: dict[str, str] = {}
        if day > today:
            errors["signed_on"] = f"Ngày ký {format_date(day)} ở sau ngày hôm nay."
        elif not (day.year == year or (day.year == year - 1 and day.month >= 11)):
            errors["signed_on"] = (f"Ngày ký {format_date(day)} không thuộc năm {year} "
                                   f"(hoặc tháng 11, 12 năm {year - 1}).")
        try:
            signer = check_name(signer, what="Người ký")
        except ValueError as exc:
            errors["signer"] = str(exc)
        else:
            if not signer:
                errors["signer"] = "Ghi tên người ký cam kết."
        if errors:
            raise ValidationError(errors)
        earlier = self._commitment(household.id, year)
        if earlier is not None:
            raise ValidationError({"year": (
                f"Hộ {household.code} đã ký cam kết năm {year} "
                f"(ngày {vn_date(earlier['signed_on'])}).")})
        cid = new_id()
        ops = self.store.op_set(tables.COMMITMENTS, cid, {
            "household_id": household.id, "village_id": household.village_id,
            "year": year, "signed_on": day.isoformat(), "signer": signer,
        })
        self.store.commit("commitment.sign", ops, summary=(
            f"Hộ {household.code} ký cam kết \"Hộ an toàn\" năm {year} "
            f"(ngày {format_date(day)}, người ký {signer})"))
        return commitment_row(self.store.get(tables.COMMITMENTS, cid),  # type: ignore[arg-type]
                              household.code)

    def commitments(self, year: int, village_id: str | None = None) -> list[CommitmentRow]:
        """The commitments of a year (optionally of one village), by household code."""
        rows = [
            commitment_row(c, self._code(c["household_id"]))
            for c in self.store.records(tables.COMMITMENTS)
            if not c.get("deleted") and c.get("year") == year
            and (village_id is None or c.get("village_id") == village_id)
        ]
        return sorted(rows, key=lambda c: (c.household_code, c.id))

    def commitments_of(self, household_id: str) -> dict[int, CommitmentRow]:
        """A household's commitments (not deleted), by year."""
        code = self._code(household_id)
        return {c["year"]: commitment_row(c, code) for c in self.store.records(tables.COMMITMENTS)
                if c.get("household_id") == household_id and not c.get("deleted")}

    def has_signed(self, household_id: str, year: int) -> bool:
        """True when the household signed the commitment for `year`."""
        return self._commitment(household_id, year) is not None

    def commitment_due(self, household_id: str, today: date) -> int | None:
        """The year whose commitment the household still has to sign on `today` (None when
        it has signed it): from November on, next year's (the form's "tháng 11, 12 của năm
        trước"), which is also the year the criteria then evaluate."""
        year = commitment_year(today)
        return None if self.has_signed(household_id, year) else year

    def _commitment(self, household_id: str, year: int) -> dict[str, Any] | None:
        return next((c for c in self.store.records(tables.COMMITMENTS)
                     if c.get("household_id") == household_id and c.get("year") == year
                     and not c.get("deleted")), None)

    # ================================================================ visits

    def add_visit(self, household_ref: str, answers: dict[str, Any], *,
                  officer: str = "") -> VisitRow:
        """Record an inspection visit from the answers to the visit form; returns the visit
        as saved.

        `officer` fills the form's officer when the answers leave it empty. The visit's
        result is "dat" when all six items are "dat", else "chua_dat".
        """
        household = self.roster.household(household_ref)
        _require_living(household)
        values = dict(answers)
        if officer and not values.get("officer"):
            values["officer"] = officer
        form = self.visit_form
        checked = validate(form, values, today=self.roster.today())
        if not checked.ok:
            raise ValidationError({fid: f"{form.field(fid).label}: {message}"
                                   for fid, message in checked.errors.items()})
        answer = checked.cleaned
        follow_up = answer.get("follow_up_on") or ""
        if follow_up and follow_up < answer["date"]:
            raise ValidationError({"follow_up_on": (
                f"Ngày hẹn kiểm tra lại {vn_date(follow_up)} ở trước ngày kiểm tra "
                f"{vn_date(answer['date'])}.")})
        # Only the items not answered "đạt" are kept (most visits pass every item: storing
        # six small dicts per visit would triple the memory of 120,000 visits).
        checklist = {item: {"result": answer[item], "note": answer.get(f"{item}_note", "")}
                     for item in CHECKLIST if answer[item] != PASS}
        failed = [item.upper() for item in CHECKLIST if answer[item] != PASS]
        result = "chua_dat" if failed else PASS
        vid = new_id()
        ops = self.store.op_set(tables.VISITS, vid, {
            "household_id": household.id, "village_id": household.village_id,
            "date": answer["date"], "officer": answer["officer"],
            **({"checklist": checklist} if checklist else {}),
            "findings": answer.get("findings", ""), "advice": answer.get("advice", ""),
            "follow_up_on": follow_up, "result": result,
        }, new=True)
        outcome = f"chưa đạt ({', '.join(failed)})" if failed else "đạt"
        self.store.commit("visit.add", ops, summary=(
            f"Kiểm tra hộ {household.code} ngày {vn_date(answer['date'])} "
            f"({answer['officer']}): {outcome}"))
        saved = self.store.get(tables.VISITS, vid, shard=shard_for(tables.VISITS, ops[-1]["set"]))
        return visit_row(saved, form, household_code=household.code)  # type: ignore[arg-type]

    def visits_of(self, household_id: str) -> list[VisitRow]:
        """The visits of a household, newest first (reads every year's visit file)."""
        form, code = self.visit_form, self._code(household_id)
        return [visit_row(v, form, household_code=code) for v in self._visits_of(household_id)]

    def visit_rows_of(self, household_id: str) -> list[VisitRow]:
        """The visits of a household, newest first (the same as `visits_of`)."""
        return self.visits_of(household_id)

    def _visits_of(self, household_id: str) -> list[dict[str, Any]]:
        """The stored visits of a household, newest first."""
        rows = [v for v in self.store.records(tables.VISITS)
                if v.get("household_id") == household_id and not v.get("deleted")]
        return sorted(rows, key=lambda v: (v.get("date", ""), v["id"]), reverse=True)

    # ================================================================ helpers

    def _code(self, household_id: str) -> str:
        return (self.store.get(tables.HOUSEHOLDS, household_id) or {}).get("code", "")


def visit_result_label(visit: Mapping[str, Any]) -> str:
    """ "Đạt", or "Chưa đạt: H3, H4" naming the items not passed (of a stored visit)."""
    checklist = visit.get("checklist") or {}
    failed = [item.upper() for item in CHECKLIST
              if (checklist.get(item) or {}).get("result", PASS) != PASS]
    if visit.get("result") == PASS and not failed:
        return "Đạt"
    return "Chưa đạt: " + ", ".join(failed) if failed else "Chưa đạt"


def visit_row(visit: Mapping[str, Any], form: FormDef, *, household_code: str = "") -> VisitRow:
    """The read record of a stored visit, with the labels of the visit form."""
    checklist = visit.get("checklist") or {}
    items: tuple[ChecklistAnswer, ...] = ()
    if checklist or visit.get("result") == PASS:
        try:
            answers = {c.value: c.label for c in form.field("h1").choices}
        except KeyError:
            answers = {}
        rows = []
        for item in CHECKLIST:
            # Only the items not answered "đạt" are stored.
            entry = checklist.get(item) or {"result": PASS}
            try:
                label = form.field(item).label
            except KeyError:
                label = item.upper()
            answer = entry.get("result", "")
            rows.append(ChecklistAnswer(item=item, label=label, answer=answer,
                                        answer_label=answers.get(answer, answer),
                                        note=entry.get("note") or ""))
        items = tuple(rows)
    return VisitRow(
        id=visit["id"], household_id=visit.get("household_id", ""),
        date=visit.get("date") or "", officer=visit.get("officer") or "",
        result=visit.get("result") or "", result_label=visit_result_label(visit),
        checklist=items, findings=visit.get("findings") or visit.get("note") or "",
        advice=visit.get("advice") or "", follow_up_on=visit.get("follow_up_on") or "",
        household_code=household_code, values=MappingProxyType(dict(visit)))


def commitment_row(commitment: Mapping[str, Any], household_code: str = "") -> CommitmentRow:
    """The read record of a stored commitment."""
    return CommitmentRow(
        id=commitment["id"], household_id=commitment.get("household_id") or "",
        village_id=commitment.get("village_id") or "", year=commitment.get("year") or 0,
        signed_on=commitment.get("signed_on") or "", signer=commitment.get("signer") or "",
        household_code=household_code, values=MappingProxyType(dict(commitment)))


def _require_living(household: HouseholdRecord) -> None:
    """Only a household that lives in the village (thường trú / tạm trú) signs or is visited."""
    if household.residence_status not in ACTIVE_STATUSES:
        raise ValidationError({"household_id":
                               f"Hộ {household.code} không còn cư trú trên địa bàn."})


def _date(value: str | date, key: str, what: str) -> date:
    """A date given as a `date` or as text ("15/02/2026", ISO)."""
    if isinstance(value, date):
        return value
    text = clean(str(value or ""))
    if not text:
        raise ValidationError({key: f"{what} không được để trống."})
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError({key: str(exc)}) from exc
