"""Finding a file's households and people among the records already stored.

A person is the same as a stored one with the same CCCD (or old CMND) number; else, inside
the household found for their group, with the same name (diacritics and case aside) and a
birth date that agrees (one may be less precise: "1988" agrees with "24/07/1988"). A
household is the stored one whose code the file gives, or whose head is the file's head
(by number, else by name and birth date), or whose old book number it gives, or where most
of its people were found. What the file says differently becomes a change to show, never a
second record.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.dates import PartialDate
from antt_tui.domain.rules import FIELD_LABELS
from antt_tui.domain.text import fold
from antt_tui.roster.history import show_value
from antt_tui.roster.roster_import import values
from antt_tui.roster.roster_import.grouping import Group
from antt_tui.roster.roster_import.rows import ParsedRow
from antt_tui.roster.service import ACTIVE_STATUSES, Roster
from antt_tui.storage import tables

__all__ = ["Change", "GroupMatch", "VillageRecords", "birth_agrees", "household_changes",
           "match_group", "person_changes"]

COMPARED = ("full_name", "birth", "sex", "cccd", "cmnd", "relation", "ethnicity", "religion",
            "occupation", "phone", "notes")
"""Person fields a file can change on a stored person (when it gives them)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One field the file says differently from the stored record."""

    table: str
    """"persons" or "households"."""
    record_id: str
    who: str
    """The person's name or the household's code, as the preview names it."""
    field: str
    old: Any
    new: Any

    @property
    def text(self) -> str:
        """"Lê Thị Bình · Ngày sinh: 1978 → 12/03/1978"."""
        label = FIELD_LABELS.get(self.field, self.field)
        return (f"{self.who} · {label}: {show_value(self.field, self.old)} → "
                f"{show_value(self.field, self.new)}")


def birth_agrees(a: str, b: str) -> bool:
    """Two stored birth dates that can be the same day ("1988" and "1988-07-24")."""
    return not a or not b or a.startswith(b) or b.startswith(a)


class VillageRecords:
    """The households and people of one village, indexed for matching."""

    def __init__(self, roster: Roster, village_id: str) -> None:
        self.roster = roster
        self.village_id = village_id
        self.village_code = ((roster.store.get(tables.VILLAGES, village_id) or {}).get("code", "")
                             .upper())
        self.households: dict[str, dict[str, Any]] = {}
        self.by_code: dict[str, str] = {}
        self.by_book: dict[str, list[str]] = defaultdict(list)
        self.heads: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.members: dict[str, list[dict[str, Any]]] = {}
        self.by_cmnd: dict[str, str] = {}
        self.by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
        get = roster.store.get
        for household in roster.store.records(tables.HOUSEHOLDS):
            if household.get("deleted") or household.get("village_id") != village_id:
                continue
            hid = household["id"]
            self.households[hid] = household
            self.by_code[household.get("code", "").upper()] = hid
            if household.get("legacy_book_no"):
                self.by_book[fold(household["legacy_book_no"])].append(hid)
            people = [p for pid in roster.index.members.get(hid, ())
                      if (p := get(tables.PERSONS, pid)) is not None and not p.get("deleted")]
            self.members[hid] = people
            for person in people:
                self.by_name[fold(person.get("full_name", ""))].append(person)
                if person.get("cmnd"):
                    self.by_cmnd.setdefault(person["cmnd"], person["id"])
                if person["id"] == household.get("head_id"):
                    self.heads[fold(person.get("full_name", ""))].append(person)

    def code(self, text: str) -> str:
        """A household code as the file writes it, as stored ("dh-8" → "DH-0008")."""
        number = values.code_number(text, self.village_code)
        return f"{self.village_code}-{number:04d}" if number is not None else text.upper()

    def person_by_number(self, row: ParsedRow) -> dict[str, Any] | None:
        """The stored person (anywhere in the commune) with the row's CCCD, or (in this
        village) its old CMND number."""
        pid = None
        if row.person.get("cccd"):
            pid = self.roster.index.cccd.get(row.person["cccd"])
        if pid is None and row.person.get("cmnd"):
            pid = self.by_cmnd.get(row.person["cmnd"])
        found = self.roster.store.get(tables.PERSONS, pid) if pid else None
        return found if found is not None and not found.get("deleted") else None


@dataclass(slots=True)
class GroupMatch:
    """What a file household is among the stored ones."""

    household_id: str = ""
    people: dict[int, str] = field(default_factory=dict)
    """Row number → id of the stored person that row is."""
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    how: str = ""
    """How the household was found, in Vietnamese ("theo mã hộ")."""
    whole: bool = False
    """An error of the whole household (not of some of its rows)."""


def match_group(group: Group, records: VillageRecords, claimed_people: set[str],
                claimed_households: dict[str, int]) -> GroupMatch:
    """Find `group` among the stored records of its village (`claimed_*`: what earlier
    groups of the file already took)."""
    result = GroupMatch()
    by_number = {row.number: p for row in group.rows
                 if (p := records.person_by_number(row)) is not None}
    hid, how, doubt = _household(group, records, by_number)
    if doubt:
        result.warnings.append((group.head.number if group.head else group.first_row, doubt))
    if hid and hid in claimed_households:
        row = group.head.number if group.head is not None else group.first_row
        result.errors.append((row, (
            f"Hộ này trùng với hộ ở dòng {claimed_households[hid]} của tệp (cùng là hộ "
            f"{records.households[hid].get('code', '')} đã có).")))
        result.whole = True
        return result
    result.household_id, result.how = hid, how
    if hid:
        claimed_households[hid] = group.first_row
    household = records.households.get(hid) or {}
    free = [p for p in records.members.get(hid, []) if p["id"] not in claimed_people]
    for row in group.rows:
        stored = by_number.get(row.number)
        if stored is not None and stored.get("household_id") != hid:
            where = records.roster.store.get(tables.HOUSEHOLDS, stored.get("household_id", "")) or {}
            result.errors.append((row.number, (
                f"Số giấy tờ của {row.name or 'dòng này'} đã là của {stored.get('full_name', '?')} "
                f"ở hộ {where.get('code', '?')}: nhập danh sách không chuyển người sang hộ "
                "khác. Hãy chuyển bằng “Chuyển nhân khẩu” rồi nhập lại, hoặc sửa số.")))
            continue
        if stored is None and hid:
            stored = _by_name(row, free)
        if stored is None:
            if hid and row is group.head:
                head = _name_of(records, household.get("head_id", ""))
                result.errors.append((row.number, (
                    f"Hộ {household.get('code', '')} đã có chủ hộ {head}; {row.name} chưa có "
                    "trong hộ. Đổi chủ hộ trong chương trình trước, hoặc sửa tệp.")))
            continue
        if stored["id"] in claimed_people:
            result.errors.append((row.number, (
                f"{row.name} đã là một dòng khác của tệp (cùng một người đã có).")))
            continue
        claimed_people.add(stored["id"])
        free = [p for p in free if p["id"] != stored["id"]]
        result.people[row.number] = stored["id"]
        if hid and row is group.head and household.get("head_id") != stored["id"]:
            head = _name_of(records, household.get("head_id", ""))
            result.warnings.append((row.number, (
                f"Tệp ghi chủ hộ là {row.name}, dữ liệu ghi chủ hộ là {head}: không đổi chủ "
                "hộ (dùng “Đổi chủ hộ” nếu cần).")))
    return result


def _name_of(records: VillageRecords, pid: str) -> str:
    person = records.roster.store.get(tables.PERSONS, pid) if pid else None
    return (person or {}).get("full_name", "?")


def _household(group: Group, records: VillageRecords,
               by_number: Mapping[int, dict[str, Any]]) -> tuple[str, str, str]:
    """The stored household the group is, how it was found, and a doubt to show; ("", "",
    "") for none. The head's CCCD beats the household number (numbers on papers are more
    reliable than a code the file's author may have renumbered)."""
    code = records.code(group.household.get("household_no", ""))
    by_code = records.by_code.get(code, "") if code else ""
    head = group.head
    if head is not None and head.number in by_number:
        hid = by_number[head.number].get("household_id", "")
        if hid in records.households:
            doubt = ""
            if by_code and by_code != hid:
                doubt = (f"Tệp ghi mã hộ {code}, nhưng số giấy tờ của chủ hộ {head.name} là "
                         f"của hộ {records.households[hid].get('code', '')}: coi là hộ "
                         f"{records.households[hid].get('code', '')}.")
            return hid, "theo số giấy tờ của chủ hộ", doubt
    if by_code:
        return by_code, "theo mã hộ", ""
    if head is not None and head.name:
        birth = head.person.get("birth", "")
        found = {p["household_id"] for p in records.heads.get(fold(head.name), [])
                 if birth_agrees(p.get("birth", ""), birth)}
        if len(found) == 1:
            return found.pop(), "theo họ tên và ngày sinh của chủ hộ", ""
    book = group.household.get("legacy_book_no", "")
    if book and len(set(records.by_book.get(fold(book), []))) == 1:
        return records.by_book[fold(book)][0], "theo số sổ hộ khẩu", ""
    votes = Counter(p.get("household_id", "") for p in by_number.values()
                    if p.get("household_id") in records.households)
    if votes:
        return votes.most_common(1)[0][0], "theo số giấy tờ của thành viên", ""
    return "", "", ""


def _by_name(row: ParsedRow, free: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The one stored member with the row's name: whose birth agrees, else the only one."""
    wanted = fold(row.name)
    same = [p for p in free if fold(p.get("full_name", "")) == wanted]
    birth = row.person.get("birth", "")
    agreeing = [p for p in same if birth_agrees(p.get("birth", ""), birth)]
    if len(agreeing) == 1:
        return agreeing[0]
    exact = [p for p in agreeing if p.get("birth", "") == birth]
    if len(exact) == 1:
        return exact[0]
    if not agreeing and len(same) == 1:
        row.warnings.append(f"{row.name}: ngày sinh trong tệp khác dữ liệu đã có; coi là cùng "
                            "một người trong hộ và sửa ngày sinh.")
        return same[0]
    return None


def person_changes(stored: dict[str, Any], row: ParsedRow) -> list[Change]:
    """The fields the row gives differently from the stored person (an empty cell never
    erases; a less precise birth date never replaces a more precise one, nor a name without
    its marks the name with them)."""
    changes: list[Change] = []
    given = row.person
    name = stored.get("full_name", "")
    for key in COMPARED:
        new = given.get(key)
        if new in (None, ""):
            continue
        old = stored.get(key, "")
        if new == old:
            continue
        if key == "full_name" and (str(new).lower() == str(old).lower() or (
                str(new).isascii() and fold(str(new)) == fold(str(old)))):
            continue  # the case, or a copy typed without marks ("Nguyen Van An"), not news
        if key == "birth" and old and birth_agrees(old, new) and len(new) <= len(old):
            continue
        if key == "relation" and vocab.HEAD in (new, old):
            continue
        changes.append(Change(tables.PERSONS, stored["id"], name, key, old, new))
        if key == "relation" and given.get("relation_text", "") != stored.get("relation_text", ""):
            changes.append(Change(tables.PERSONS, stored["id"], name, "relation_text",
                                  stored.get("relation_text", ""), given.get("relation_text", "")))
    return changes


def household_changes(stored: dict[str, Any], details: Mapping[str, str]) -> list[Change]:
    """Address, old book number and residence status the file gives differently."""
    changes = []
    for key in ("address", "legacy_book_no", "residence_status"):
        new = details.get(key, "")
        old = stored.get(key, "")
        if not new or new == old:
            continue
        if key == "residence_status" and not {old, new} <= ACTIVE_STATUSES:
            continue  # moving away or dissolving is an event, not an edit
        changes.append(Change(tables.HOUSEHOLDS, stored["id"], stored.get("code", ""), key, old, new))
    return changes


def same_year(a: str, b: str) -> bool:
    """Two birth dates of the same year (both known)."""
    return bool(a) and bool(b) and PartialDate.from_iso(a).year == PartialDate.from_iso(b).year
