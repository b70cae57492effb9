"""What importing a roster would do, before anything is written: `plan`.

The file's rows are read with the mapping and encodings chosen (`rows`), grouped into
households (`grouping`), found among the stored records (`matching`) and given a fate: the
plan (`planned.RosterPlan`) holds the households and people found (new, or found with what
would change), every row with a problem and why, people who look like someone already stored,
and a sample of rows as read and as they would be stored. `saving.commit` writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from antt_tui.domain import vocab
from antt_tui.domain.dates import PartialDate, vn_stamp
from antt_tui.domain.text import fold
from antt_tui.roster.entities import VillageRecord
from antt_tui.roster.roster_import import grouping
from antt_tui.roster.roster_import.fields import FIELDS, IGNORED, MappingError
from antt_tui.roster.roster_import.grouping import Group
from antt_tui.roster.roster_import.imports_log import imports
from antt_tui.roster.roster_import.matching import (
    VillageRecords,
    household_changes,
    match_group,
    person_changes,
    same_year,
)
from antt_tui.roster.roster_import.planned import (
    CHANGED,
    NEW,
    REFUSED,
    SAME,
    Duplicate,
    PlannedHousehold,
    PlannedPerson,
    Problem,
    RosterPlan,
    SampleCell,
    SampleRow,
)
from antt_tui.roster.roster_import.reading import RosterFile
from antt_tui.roster.roster_import.rows import (
    PERSON,
    SKIPPED,
    ParsedRow,
    final_encodings,
    parse_rows,
)
from antt_tui.roster.roster_import.villages import Villages
from antt_tui.roster.service import ACTIVE_STATUSES, Roster
from antt_tui.storage import tables

__all__ = ["check_mapping", "plan"]

SAMPLE_ROWS = 5
"""Rows the sample shows, before and after."""
_NAME_FIELDS = frozenset({"full_name", "name_family", "name_given", "head_name"})

Progress = Callable[[int, int], None]


# ---------------------------------------------------------------------- planning


def check_mapping(mapping: Mapping[int, str]) -> None:
    """A mapping the import can use: each field once, and a column of names."""
    seen: dict[str, int] = {}
    for col, field_id in mapping.items():
        if field_id == IGNORED:
            continue
        if field_id not in FIELDS:
            raise MappingError(f"Không biết trường “{field_id}”.")
        if field_id in seen:
            raise MappingError(f"Hai cột cùng được đọc là “{FIELDS[field_id]}”; mỗi trường chỉ "
                               "một cột.")
        seen[field_id] = col
    if not _NAME_FIELDS & set(seen):
        raise MappingError("Chưa có cột nào được đọc là “Họ và tên” (hoặc “Họ tên chủ hộ”).")


def plan(roster: Roster, file: RosterFile, *, village: str | None = None,
         mapping: Mapping[int, str] | None = None, encodings: Mapping[int, str] | None = None,
         today: date | None = None, progress: Progress | None = None) -> RosterPlan:
    """What importing `file` would do; nothing is written.

    `mapping` (column → field) replaces the detected one; `encodings` (column → encoding)
    overrides the detected encodings of some columns; `village` is the village the user
    chose (a code or a name). Raises `MappingError` for an unusable mapping and `NotFound`
    for an unknown village.
    """
    today = today or roster.today()
    used = dict(file.mapping if mapping is None else mapping)
    check_mapping(used)
    final = final_encodings(file, encodings)
    villages = Villages(roster, village, file.title, file.sheet)
    parsed = parse_rows(file, used, final, today, progress=progress)
    layout = grouping.layout_of(list(used.values()))
    key_field = "household_no" if "household_no" in used.values() else "legacy_book_no"
    groups, orphans = grouping.group_rows(parsed, layout, key_field)
    planner = _Planner(roster, villages)
    households = [planner.household(g) for g in groups]
    problems = [Problem(r.number, m, True) for r in parsed for m in r.errors]
    problems += [Problem(n, m, True) for n, m in orphans]
    problems += planner.problems
    problems += [Problem(r.number, m, False) for r in parsed for m in r.warnings]
    problems.sort(key=lambda p: (p.row, not p.error))
    notes = [*file.notes, *planner.notes(), *_earlier_imports(roster, file)]
    if "address" not in used.values() and any(h.status == NEW for h in households):
        notes.append("Tệp không có cột Địa chỉ: hộ mới lấy tên thôn làm địa chỉ.")
    return RosterPlan(
        file=file, village=village or "", mapping=used, encodings=final,
        encoding_choices=dict(encodings or {}), today=today, layout=layout,
        households=tuple(households), problems=tuple(_unique(problems)),
        duplicates=tuple(planner.duplicates), sample=tuple(_sample(parsed, used, file)),
        notes=tuple(notes), skipped=tuple(r.number for r in parsed if r.kind == SKIPPED),
        basis=tuple(sorted(roster.store.position.items())), parsed=tuple(parsed))


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _earlier_imports(roster: Roster, file: RosterFile) -> list[str]:
    for earlier in imports(roster.store):
        if earlier.sha256 == file.sha256 and not earlier.undone_at:
            return [f"Tệp này đã được nhập lúc {vn_stamp(earlier.at)} (mã "
                    f"{earlier.code}): những người đã có được khớp, không thêm lần nữa."]
    return []


class _Planner:
    """Turns the file's households into planned ones against the stored records."""

    def __init__(self, roster: Roster, villages: Villages) -> None:
        self.roster = roster
        self.villages = villages
        self.records: dict[str, VillageRecords] = {}
        self.claimed_people: set[str] = set()
        self.claimed_households: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.duplicates: list[Duplicate] = []
        self.unknown_villages: set[str] = set()

    def notes(self) -> list[str]:
        if not self.unknown_villages:
            return []
        default = self.villages.default
        names = ", ".join(f"“{v}”" for v in sorted(self.unknown_villages))
        return [f"Cột Thôn ghi {names}, không khớp thôn nào: các hộ đó vào "
                f"{default.name if default else '?'}."]

    def household(self, group: Group) -> PlannedHousehold:
        rows = tuple(r.number for r in group.rows)
        village = self._village(group)
        errors = list(group.errors)
        if village is None:
            errors.append((group.first_row, "Không rõ hộ thuộc thôn nào: thêm cột Thôn vào "
                                            "tệp, hoặc chọn thôn nhận danh sách."))
            return self._refused(group, rows, None, errors)
        records = self.records.get(village.id)
        if records is None:
            records = self.records[village.id] = VillageRecords(self.roster, village.id)
        if errors:
            return self._refused(group, rows, village, errors)
        found = match_group(group, records, self.claimed_people, self.claimed_households)
        self.problems += [Problem(n, m, False) for n, m in found.warnings]
        bad_rows = {n for n, _ in found.errors}
        if found.whole or (group.head is not None and group.head.number in bad_rows):
            return self._refused(group, rows, village, found.errors)
        self.problems += [Problem(n, m, True) for n, m in found.errors]
        stored = records.households.get(found.household_id)
        people = [self._person(row, group, found.people.get(row.number, ""), records,
                               row.number in bad_rows)
                  for row in group.rows]
        head = next((p for p in people if p.is_head), None)
        members = tuple(p for p in people if not p.is_head)
        if head is None or head.status == REFUSED:
            return PlannedHousehold(group.key, rows, village.id, village.name, REFUSED,
                                    head, members)
        if stored is None:
            status = group.household.get("residence_status", "thuong_tru")
            if status not in ACTIVE_STATUSES:
                label = vocab.RESIDENCE_STATUSES[status]
                return self._refused(group, rows, village, [(head.row, (
                    f"Hộ ghi “{label}”: không nhập hộ không còn cư trú."))])
            fields = {"address": group.household.get("address") or village.name,
                      "residence_status": group.household.get("residence_status",
                                                                "thuong_tru"),
                      "legacy_book_no": group.household.get("legacy_book_no", "")}
            return PlannedHousehold(group.key, rows, village.id, village.name, NEW, head,
                                    members, fields,
                                    number=group.household.get("household_no", ""))
        changes = tuple(household_changes(stored, group.household))
        listed = set(found.people.values())
        missing = tuple(p.get("full_name", "") for p in records.members.get(stored["id"], [])
                        if p["id"] not in listed and p.get("status", vocab.PRESENT) == vocab.PRESENT)
        busy = changes or any(p.status in (NEW, CHANGED) for p in people)
        return PlannedHousehold(group.key, rows, village.id, village.name,
                                CHANGED if busy else SAME, head, members, {}, stored["id"],
                                stored.get("code", ""), changes, found.how, missing)

    def _refused(self, group: Group, rows: tuple[int, ...], village: VillageRecord | None,
                 errors: list[tuple[int, str]]) -> PlannedHousehold:
        self.problems += [Problem(n, m, True) for n, m in errors]
        people = [PlannedPerson(r.number, r.name, REFUSED, r.person, is_head=r is group.head)
                  for r in group.rows]
        head = next((p for p in people if p.is_head), None)
        return PlannedHousehold(group.key, rows, village.id if village else "",
                                village.name if village else "", REFUSED, head,
                                tuple(p for p in people if not p.is_head))

    def _village(self, group: Group) -> VillageRecord | None:
        villages = self.villages
        text = group.household.get("village", "")
        if text:
            found = villages.named(text)
            if found is not None:
                if villages.chosen is not None and found.id != villages.chosen.id:
                    group.errors.append((group.first_row, (
                        f"Hộ ghi thôn “{text}”, khác thôn đã chọn "
                        f"({villages.chosen.name}).")))
                return found
            if villages.default is not None:
                self.unknown_villages.add(text)
            return villages.default
        if villages.chosen is not None:
            return villages.chosen
        address = group.household.get("address", "")
        return (villages.in_address(address) if address else None) or villages.default

    def _person(self, row: ParsedRow, group: Group, existing_id: str,
                records: VillageRecords, refused: bool) -> PlannedPerson:
        is_head = row is group.head
        if row.errors or refused:
            return PlannedPerson(row.number, row.name, REFUSED, row.person, existing_id,
                                 is_head=is_head)
        if not existing_id:
            fields = {"ethnicity": "Kinh", "religion": "Không", **row.person}
            self._suspects(row, records)
            return PlannedPerson(row.number, row.name, NEW, fields, is_head=is_head)
        stored = self.roster.store.get(tables.PERSONS, existing_id) or {}
        if stored.get("status", vocab.PRESENT) != vocab.PRESENT:
            status = vocab.label(vocab.PERSON_STATUSES, stored.get("status", ""), "")
            self.problems.append(Problem(row.number, (
                f"{row.name} đã được ghi là “{status.lower()}”: không sửa theo tệp."), False))
            return PlannedPerson(row.number, row.name, SAME, row.person, existing_id,
                                 is_head=is_head)
        changes = person_changes(stored, row)
        if is_head:
            changes = [c for c in changes if c.field not in ("relation", "relation_text")]
        new_cccd = next((c.new for c in changes if c.field == "cccd"), None)
        if new_cccd:
            owner = self.roster.index.cccd.get(new_cccd)
            if owner and owner != existing_id:
                self.problems.append(Problem(row.number, (
                    f"Số CCCD {new_cccd} đã là của người khác: không đổi số của "
                    f"{row.name}."), True))
                return PlannedPerson(row.number, row.name, REFUSED, row.person, existing_id,
                                     is_head=is_head)
        return PlannedPerson(row.number, row.name, CHANGED if changes else SAME, row.person,
                             existing_id, tuple(changes), is_head)

    def _suspects(self, row: ParsedRow, records: VillageRecords) -> None:
        birth = row.person.get("birth", "")
        for person in records.by_name.get(fold(row.name), []):
            if person["id"] in self.claimed_people or not same_year(birth, person.get("birth", "")):
                continue
            household = records.households.get(person.get("household_id", "")) or {}
            self.duplicates.append(Duplicate(
                row.number, row.name, person["id"], person.get("full_name", ""),
                household.get("code", ""), "cùng họ tên và năm sinh, ở hộ khác"))


# ---------------------------------------------------------------------- sample


def _sample(parsed: list[ParsedRow], mapping: Mapping[int, str], file: RosterFile
            ) -> list[SampleRow]:
    """The first people's rows: each used cell as the file holds it and as it is stored."""
    out = []
    headings = file.headings()
    for row in parsed:
        if row.kind != PERSON:
            continue
        cells = []
        for col, field_id in sorted(mapping.items()):
            if field_id == IGNORED:
                continue
            before = row.raw[col] if col < len(row.raw) else ""
            if not before:
                continue
            cells.append(SampleCell(headings[col] or FIELDS[field_id], before,
                                    _after(field_id, row, row.shown.get(col, ""))))
        out.append(SampleRow(row.number, tuple(cells)))
        if len(out) == SAMPLE_ROWS:
            break
    return out


def _after(field_id: str, row: ParsedRow, shown: str) -> str:
    """A cell as it would be stored, the way a screen shows it."""
    person = row.person
    if field_id in ("birth", "birth_male", "birth_female") and person.get("birth"):
        return PartialDate.from_iso(person["birth"]).display
    if field_id in ("full_name", "name_family", "name_middle", "name_given") and row.name:
        return row.name if field_id == "full_name" else shown
    if field_id == "sex" and person.get("sex"):
        return vocab.SEXES[person["sex"]]
    if field_id == "relation" and person.get("relation"):
        label = vocab.RELATIONS[person["relation"]]
        return f"{label} ({person['relation_text']})" if person.get("relation_text") else label
    if field_id in ("cccd", "cmnd"):
        return person.get("cccd") or person.get("cmnd") or shown
    if field_id in ("ethnicity", "religion", "phone") and person.get(field_id):
        return str(person[field_id])
    if field_id == "residence_status" and row.household.get("residence_status"):
        return vocab.RESIDENCE_STATUSES[row.household["residence_status"]]
    return shown

