"""What importing a roster would do, before anything is written: `plan`.

The plan holds the households and people found (new, or found among the stored records with
what would change), every row with a problem and why, people who look like someone already
stored, and a sample of rows as read and as they would be stored. `saving.commit` writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.dates import PartialDate, vn_stamp
from antt_tui.domain.rules import FIELD_LABELS
from antt_tui.domain.text import fold
from antt_tui.roster.roster_import import grouping
from antt_tui.roster.roster_import.encodings import ColumnEncoding
from antt_tui.roster.roster_import.fields import FIELDS, IGNORED, MappingError
from antt_tui.roster.roster_import.grouping import Group
from antt_tui.roster.roster_import.imports_log import imports
from antt_tui.roster.roster_import.matching import (
    Change,
    VillageRecords,
    household_changes,
    match_group,
    person_changes,
    same_year,
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

__all__ = ["CHANGED", "NEW", "REFUSED", "SAME", "ColumnView", "Duplicate", "PlannedHousehold",
           "PlannedPerson", "Problem", "RosterPlan", "SampleCell", "SampleRow", "plan"]

NEW, CHANGED, SAME, REFUSED = "new", "changed", "same", "refused"
"""What happens to a household or a person: added; found, with changes; found, nothing to
change; not imported (an error on its row, or on its household)."""

SAMPLE_ROWS = 5
"""Rows the sample shows, before and after."""
_NAME_FIELDS = frozenset({"full_name", "name_family", "name_given", "head_name"})

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PlannedPerson:
    """A person of the file and what would happen to them."""

    row: int
    name: str
    status: str
    fields: Mapping[str, Any]
    """What the roster stores for a new person; what the file gives, for a stored one."""
    existing_id: str = ""
    changes: tuple[Change, ...] = ()
    is_head: bool = False


@dataclass(frozen=True, slots=True)
class PlannedHousehold:
    """A household of the file and what would happen to it."""

    key: str
    """What ties its rows in the file (household number, head's name)."""
    rows: tuple[int, ...]
    village_id: str
    village_name: str
    status: str
    head: PlannedPerson | None
    members: tuple[PlannedPerson, ...]
    fields: Mapping[str, Any] = field(default_factory=dict)
    """address, residence_status, legacy_book_no: what a new household gets."""
    existing_id: str = ""
    existing_code: str = ""
    changes: tuple[Change, ...] = ()
    """Changes to the household record itself."""
    how: str = ""
    """How the stored household was found ("theo mã hộ")."""
    missing: tuple[str, ...] = ()
    """Names of stored members the file does not list (never removed by an import)."""
    number: str = ""
    """The household number the file gives ("DH-0008"): a new household keeps it as its
    code when it is a free code of the village (`saving.household_codes`)."""

    @property
    def people(self) -> list[PlannedPerson]:
        """The head, then the members."""
        return [p for p in (self.head, *self.members) if p is not None]

    @property
    def all_changes(self) -> list[Change]:
        """The household's changes and its stored people's."""
        return [*self.changes, *(c for p in self.people for c in p.changes)]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong (an error) or doubtful (a warning) on one row."""

    row: int
    message: str
    error: bool


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A person to be added who looks like someone already stored in the village."""

    row: int
    name: str
    existing_id: str
    existing_name: str
    household_code: str
    reason: str


@dataclass(frozen=True, slots=True)
class SampleCell:
    """One cell of the sample: as the file holds it, and as it would be stored."""

    heading: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class SampleRow:
    """One row of the sample."""

    row: int
    cells: tuple[SampleCell, ...]


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A column as the preview lists it."""

    index: int
    letter: str
    heading: str
    field: str
    """The field id, or "" when the column is not used."""
    encoding: str
    """The encoding's label ("TCVN3 (ABC), theo phông chữ"), "" for a column without text."""

    @property
    def field_label(self) -> str:
        """What the column is read as, in Vietnamese."""
        return FIELDS.get(self.field, "(không dùng)")


@dataclass(frozen=True)
class RosterPlan:
    """What importing a roster would do. Nothing has been written."""

    file: RosterFile
    village: str
    """The village the user chose ("" when the file and the database tell)."""
    mapping: dict[int, str]
    encodings: dict[int, ColumnEncoding]
    encoding_choices: dict[int, str]
    """The encodings the user chose (the rest are the detected ones)."""
    today: date
    layout: str
    households: tuple[PlannedHousehold, ...]
    problems: tuple[Problem, ...]
    duplicates: tuple[Duplicate, ...]
    sample: tuple[SampleRow, ...]
    notes: tuple[str, ...]
    skipped: tuple[int, ...]
    """Rows that are not people (group titles, totals, signatures)."""
    basis: tuple[tuple[str, int], ...]
    """How far the journal was when planned: a commit after further saves plans again."""
    parsed: tuple[ParsedRow, ...] = field(default=(), repr=False, compare=False)

    # ----------------------------------------------------------------- views

    @property
    def columns(self) -> list[ColumnView]:
        """Every column with what it is read as and its encoding."""
        return [ColumnView(c.index, c.letter, c.heading, self.mapping.get(c.index, IGNORED),
                           self.encodings[c.index].label if c.index in self.encodings else "")
                for c in self.file.columns]

    @property
    def layout_label(self) -> str:
        """How the rows were grouped into households, in Vietnamese."""
        return grouping.LAYOUTS[self.layout]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a row from being imported."""
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        """The doubts; the rows are imported all the same."""
        return [p for p in self.problems if not p.error]

    @property
    def error_rows(self) -> list[int]:
        """Rows with an error, in order."""
        return sorted({p.row for p in self.problems if p.error})

    @property
    def ok(self) -> bool:
        """No row has an error: the whole file can be imported."""
        return not any(p.error for p in self.problems)

    def count(self, status: str) -> int:
        """Households with `status`."""
        return sum(h.status == status for h in self.households)

    def people(self, status: str) -> int:
        """People with `status`, in households that are imported."""
        return sum(p.status == status for h in self.households if h.status != REFUSED
                   for p in h.people)

    @property
    def changes(self) -> list[Change]:
        """Every change to a stored record, in file order."""
        return [c for h in self.households if h.status != REFUSED for c in h.all_changes]

    @property
    def nothing_to_do(self) -> bool:
        """Everything in the file is stored already, as the file says it."""
        return all(h.status in (SAME, REFUSED) for h in self.households)

    def to_json(self) -> dict[str, Any]:
        """The plan for `--json` and scripts."""
        return {
            "nguon": self.file.name, "dong_tieu_de": self.file.heading_row,
            "bo_cuc": self.layout_label,
            "cot": [{"cot": c.letter, "tieu_de": c.heading, "truong": c.field,
                     "ma_hoa": c.encoding} for c in self.columns],
            "ho_moi": self.count(NEW), "ho_co_thay_doi": self.count(CHANGED),
            "ho_khong_doi": self.count(SAME), "ho_bi_loai": self.count(REFUSED),
            "nhan_khau_moi": self.people(NEW), "nhan_khau_sua": self.people(CHANGED),
            "nhan_khau_khong_doi": self.people(SAME),
            "dong_loi": [{"dong": row, "ly_do": [p.message for p in self.errors if p.row == row]}
                         for row in self.error_rows],
            "canh_bao": [{"dong": p.row, "noi_dung": p.message} for p in self.warnings],
            "nghi_trung": [{"dong": d.row, "ho_ten": d.name, "nguoi_da_co": d.existing_name,
                            "ho": d.household_code, "ly_do": d.reason} for d in self.duplicates],
            "thay_doi": [c.text for c in self.changes],
            "mau": [{"dong": s.row, "o": [{"cot": c.heading, "truoc": c.before, "sau": c.after}
                                          for c in s.cells]} for s in self.sample],
            "ghi_chu": list(self.notes),
            "dong_bo_qua": list(self.skipped),
        }


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
    villages = Villages(roster, village, file.title)
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
                f"{default['name'] if default else '?'}."]

    def household(self, group: Group) -> PlannedHousehold:
        rows = tuple(r.number for r in group.rows)
        village = self._village(group)
        errors = list(group.errors)
        if village is None:
            errors.append((group.first_row, "Không rõ hộ thuộc thôn nào: thêm cột Thôn, hoặc "
                                            "chọn thôn (--village)."))
            return self._refused(group, rows, None, errors)
        records = self.records.get(village["id"])
        if records is None:
            records = self.records[village["id"]] = VillageRecords(self.roster, village["id"])
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
            return PlannedHousehold(group.key, rows, village["id"], village["name"], REFUSED,
                                    head, members)
        if stored is None:
            status = group.household.get("residence_status", "thuong_tru")
            if status not in ACTIVE_STATUSES:
                label = vocab.RESIDENCE_STATUSES[status]
                return self._refused(group, rows, village, [(head.row, (
                    f"Hộ ghi “{label}”: không nhập hộ không còn cư trú."))])
            fields = {"address": group.household.get("address") or village["name"],
                      "residence_status": group.household.get("residence_status",
                                                                "thuong_tru"),
                      "legacy_book_no": group.household.get("legacy_book_no", "")}
            return PlannedHousehold(group.key, rows, village["id"], village["name"], NEW, head,
                                    members, fields,
                                    number=group.household.get("household_no", ""))
        changes = tuple(household_changes(stored, group.household))
        listed = set(found.people.values())
        missing = tuple(p.get("full_name", "") for p in records.members.get(stored["id"], [])
                        if p["id"] not in listed and p.get("status", "present") == "present")
        busy = changes or any(p.status in (NEW, CHANGED) for p in people)
        return PlannedHousehold(group.key, rows, village["id"], village["name"],
                                CHANGED if busy else SAME, head, members, {}, stored["id"],
                                stored.get("code", ""), changes, found.how, missing)

    def _refused(self, group: Group, rows: tuple[int, ...], village: dict[str, Any] | None,
                 errors: list[tuple[int, str]]) -> PlannedHousehold:
        self.problems += [Problem(n, m, True) for n, m in errors]
        people = [PlannedPerson(r.number, r.name, REFUSED, r.person, is_head=r is group.head)
                  for r in group.rows]
        head = next((p for p in people if p.is_head), None)
        return PlannedHousehold(group.key, rows, village["id"] if village else "",
                                village["name"] if village else "", REFUSED, head,
                                tuple(p for p in people if not p.is_head))

    def _village(self, group: Group) -> dict[str, Any] | None:
        villages = self.villages
        text = group.household.get("village", "")
        if text:
            found = villages.named(text)
            if found is not None:
                if villages.chosen is not None and found["id"] != villages.chosen["id"]:
                    group.errors.append((group.first_row, (
                        f"Hộ ghi thôn “{text}”, khác thôn đã chọn "
                        f"({villages.chosen['name']}).")))
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
        stored = self.roster.store.get("persons", existing_id) or {}
        if stored.get("status", "present") != "present":
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


def describe_change_field(key: str) -> str:
    """A stored field's label ("Ngày sinh")."""
    return FIELD_LABELS.get(key, key)
