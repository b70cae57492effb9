"""Each row of a roster read as a person (or as a line that carries only household details,
or as a line that is not a person at all: a group title, a total, a signature).

The person's fields go through the roster's own rules (`domain.rules.clean_person`, as when
a member is typed in): a broken rule is an error on the row, a doubt (a CCCD that disagrees
with the birth year, a sex told only by the relation) a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.cccd import check_cccd
from antt_tui.domain.errors import ValidationError
from antt_tui.domain.rules import FIELD_LABELS, clean_household, clean_person
from antt_tui.domain.text import fold
from antt_tui.roster.roster_import import values
from antt_tui.roster.roster_import.encodings import BY_FONT, UNICODE, ColumnEncoding, convert
from antt_tui.roster.roster_import.fields import IGNORED
from antt_tui.roster.roster_import.reading import Cell, RawRow, RosterFile, cell_text

__all__ = ["CARRIER", "PERSON", "SKIPPED", "ParsedRow", "converted", "final_encodings",
           "parse_rows"]

PERSON, CARRIER, SKIPPED = "person", "carrier", "skipped"
"""What a row is: a person; household details for the rows below; not a person."""

_DETAILS = ("birth", "birth_male", "birth_female", "sex", "cccd", "cmnd", "relation",
            "ethnicity", "religion", "occupation", "phone")
"""Fields that only a person's row fills."""
_FOOTER_WORDS = ("tong", "cong ", "cong:", "nguoi lap", "truong thon", "xac nhan", "ky ten",
                 "ky ghi ro", "ngay thang nam", "can bo", "t/m", "tm ", "ubnd", "cong an",
                 "danh sach", "ban dieu hanh", "thu truong", "nguoi ghi", "ghi chu")

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class ParsedRow:
    """One row read: its raw cells, what it says, and what is wrong with it."""

    number: int
    raw: tuple[str, ...]
    """Every cell as the file holds it (raw text, before conversion): kept for audit."""
    shown: dict[int, str]
    """Each mapped column's cell after conversion (for the sample and the error file)."""
    kind: str = PERSON
    person: dict[str, Any] = field(default_factory=dict)
    """The person's fields as the roster stores them (only what the file gives)."""
    household: dict[str, str] = field(default_factory=dict)
    """household_no, legacy_book_no, head_name, address, village, residence_status."""
    relation_given: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    note: str = ""
    """Why a row is not a person (SKIPPED)."""

    @property
    def name(self) -> str:
        """The person's name as stored."""
        return str(self.person.get("full_name", ""))

    @property
    def relation(self) -> str:
        """The relation code ("" when the file gives none)."""
        return str(self.person.get("relation", ""))


def final_encodings(file: RosterFile, overrides: Mapping[int, str] | None
                    ) -> dict[int, ColumnEncoding]:
    """The file's detected encodings with the user's choices over them."""
    out = dict(file.encodings)
    for col, encoding in (overrides or {}).items():
        out[col] = ColumnEncoding(encoding, "người dùng chọn")
    return out


def parse_rows(file: RosterFile, mapping: Mapping[int, str],
               encodings: Mapping[int, ColumnEncoding], today: date, *,
               progress: Progress | None = None) -> list[ParsedRow]:
    """Every row of the file read with `mapping` and `encodings`."""
    used = {col: f for col, f in mapping.items() if f != IGNORED}
    head_as_name = "head_name" in used.values() and not {"full_name", "name_family",
                                                         "name_given"} & set(used.values())
    missing_sex = _missing_sex(set(used.values()))
    rows = []
    total = len(file.rows)
    for done, raw_row in enumerate(file.rows, start=1):
        rows.append(_parse(raw_row, used, encodings, today, head_as_name, missing_sex))
        if progress is not None and (done % 250 == 0 or done == total):
            progress(done, total)
    return rows


def _missing_sex(fields: set[str]) -> str:
    """What a row without a sex is told, in one sentence, by where the file could have
    said it."""
    if "sex" in fields:
        return "Thiếu giới tính (Nam hoặc Nữ): ghi vào cột Giới tính của dòng này."
    if fields & {"birth_male", "birth_female"}:
        return "Thiếu giới tính: ghi năm sinh vào cột Nam hoặc cột Nữ của dòng này."
    return "Thiếu giới tính (Nam hoặc Nữ): thêm cột Giới tính, hoặc sửa dòng này."


def converted(row: RawRow, col: int, encodings: Mapping[int, ColumnEncoding]) -> Cell:
    """The cell in column `col` with its text read in the column's encoding (NFC); other
    cells as they are."""
    value = row.cell(col)
    if not isinstance(value, str):
        return value
    found = encodings.get(col)
    encoding = found.encoding if found is not None else UNICODE
    if encoding == BY_FONT:
        encoding = row.font(col) or UNICODE
    return convert(value, encoding)


def _parse(row: RawRow, used: Mapping[int, str], encodings: Mapping[int, ColumnEncoding],
           today: date, head_as_name: bool, missing_sex: str) -> ParsedRow:
    cells: dict[str, Cell] = {}
    shown: dict[int, str] = {}
    for col, field_id in used.items():
        value = converted(row, col, encodings)
        shown[col] = cell_text(value)
        if value is not None and value != "":
            cells[field_id] = value
    parsed = ParsedRow(row.number, tuple(cell_text(c) for c in row.cells), shown)
    name = _name(cells, head_as_name)
    details = any(f in cells for f in _DETAILS)
    _household(parsed, cells, head_as_name)
    if not name and not details:
        if parsed.household:
            parsed.kind = CARRIER
        else:
            parsed.kind, parsed.note = SKIPPED, "không có thông tin nhân khẩu"
        return parsed
    if name and not details and _footer(name):
        parsed.kind, parsed.note = SKIPPED, "không phải một nhân khẩu"
        return parsed
    if "person_status" in cells:
        try:
            status = values.person_status_of(cell_text(cells["person_status"]))
        except ValueError as exc:
            parsed.errors.append(str(exc))
        else:
            if status != vocab.PRESENT:
                parsed.kind = SKIPPED
                parsed.note = vocab.PERSON_STATUSES[status].lower()
                return parsed
    if not name:
        parsed.errors.append("Thiếu họ và tên.")
    _person(parsed, cells, name, today, head_as_name, missing_sex)
    return parsed


def _name(cells: Mapping[str, Cell], head_as_name: bool) -> str:
    if "full_name" in cells:
        return cell_text(cells["full_name"])
    parts = [cell_text(cells[f]) for f in ("name_family", "name_middle", "name_given")
             if f in cells]
    if parts:
        return " ".join(parts)
    if head_as_name and "head_name" in cells:
        return cell_text(cells["head_name"])
    return ""


def _footer(name: str) -> bool:
    """A name cell that is a total, a signature line or a group title ("Xóm 1")."""
    key = fold(name) + " "
    return any(ch.isdigit() for ch in name) or key.startswith(_FOOTER_WORDS)


def _household(parsed: ParsedRow, cells: Mapping[str, Cell], head_as_name: bool) -> None:
    for field_id in ("household_no", "legacy_book_no", "address", "village"):
        if field_id in cells:
            parsed.household[field_id] = " ".join(cell_text(cells[field_id]).split())
    if "head_name" in cells and not head_as_name:
        parsed.household["head_name"] = values.name_of(cell_text(cells["head_name"]))
    if "residence_status" in cells:
        try:
            parsed.household["residence_status"] = values.residence_of(
                cell_text(cells["residence_status"]))
        except ValueError as exc:
            parsed.errors.append(f"{FIELD_LABELS['residence_status']}: {exc}")
    texts = {k: parsed.household[k] for k in ("address", "legacy_book_no")
             if k in parsed.household}
    if texts:
        try:
            parsed.household.update(clean_household(texts, require_all=False).fields)
        except ValidationError as exc:
            parsed.errors.extend(_messages(exc))


def _person(parsed: ParsedRow, cells: Mapping[str, Cell], name: str, today: date,
            head_as_name: bool, missing_sex: str) -> None:
    errors, warnings = parsed.errors, parsed.warnings
    fields: dict[str, Any] = {}
    if name:
        fields["full_name"] = values.name_of(name)
    sex = ""
    sex_said = False  # a sex cell that cannot be read is an error of its own
    if "sex" in cells:
        try:
            sex = values.sex_of(cell_text(cells["sex"]))
        except ValueError as exc:
            errors.append(str(exc))
            sex_said = True
    birth_cell = cells.get("birth")
    for column, column_sex in (("birth_male", "nam"), ("birth_female", "nu")):
        if column not in cells:
            continue
        if sex and sex != column_sex:
            errors.append("Giới tính và cột Nam/Nữ của năm sinh không khớp nhau.")
        sex = sex or column_sex
        if not values.mark_given(cells[column]):
            birth_cell = birth_cell if birth_cell is not None else cells[column]
    if birth_cell is not None:
        try:
            fields["birth"] = values.birth_of(birth_cell, today)
        except ValueError as exc:
            errors.append(str(exc))
    for column in ("cccd", "cmnd"):
        if column in cells:
            cccd, cmnd = values.id_numbers(cells[column])
            if cccd:
                fields["cccd"] = cccd
            if cmnd:
                fields["cmnd"] = cmnd
    if head_as_name:
        fields["relation"] = vocab.HEAD
    elif "relation" in cells:
        text = " ".join(cell_text(cells["relation"]).split())
        if text.isupper() and len(text) > 3:  # "NGƯỜI Ở NHỜ" typed in capitals (.VnTimeH)
            text = text[:1] + text[1:].lower()
        code, known = values.relation_of(text)
        fields["relation"] = code
        parsed.relation_given = True
        if code != vocab.HEAD and fold(text) != fold(vocab.RELATIONS[code]):
            fields["relation_text"] = text
        if not known:
            warnings.append(f"Quan hệ “{text}” không có trong danh mục: ghi là Khác ({text}).")
    if "ethnicity" in cells:
        try:
            fields["ethnicity"] = values.ethnicity_of(cell_text(cells["ethnicity"]))
        except ValueError as exc:
            errors.append(str(exc))
    if "religion" in cells:
        text = cell_text(cells["religion"])
        fields["religion"], known = values.religion_of(text)
        if not known:
            warnings.append(f"Tôn giáo “{text}” không có trong danh mục: ghi là Khác.")
    for column in ("occupation", "notes"):
        if column in cells:
            fields[column] = cell_text(cells[column])
    if "phone" in cells:
        fields["phone"] = values.phone_of(cells["phone"])
    if not sex:
        sex = _inferred_sex(fields, warnings)
    if sex:
        fields["sex"] = sex
    parsed.person = fields
    if not name:
        return
    if not sex and not sex_said:  # never guessed from the name
        errors.append(missing_sex)
    try:
        cleaned = clean_person(fields, today=today)
    except ValidationError as exc:
        errors.extend(_messages(exc, skip=() if sex else ("sex",)))
        return
    parsed.person = {**fields, **cleaned.fields}
    warnings.extend(cleaned.warnings)


def _inferred_sex(fields: Mapping[str, Any], warnings: list[str]) -> str:
    """The sex the CCCD number or the relation tells, with a warning saying so."""
    if fields.get("cccd"):
        found = check_cccd(fields["cccd"])
        if found.ok and found.sex:
            warnings.append(f"Không ghi giới tính: lấy theo số CCCD ({vocab.SEXES[found.sex]}).")
            return found.sex
    relation = fields.get("relation", "")
    if relation:
        sex = values.sex_from_relation(relation, fields.get("relation_text", ""))
        if sex:
            words = fields.get("relation_text") or vocab.RELATIONS[relation]
            warnings.append(f"Không ghi giới tính: lấy theo quan hệ “{words}” "
                            f"({vocab.SEXES[sex]}).")
            return sex
    return ""


def _messages(exc: ValidationError, skip: tuple[str, ...] = ()) -> list[str]:
    """"Label: message" per field, without saying the label twice (nor the fields in
    `skip`, already said)."""
    out = []
    for key, message in exc.errors.items():
        if key in skip:
            continue
        label = FIELD_LABELS.get(key, key)
        out.append(message if message.startswith(label) else f"{label}: {message}")
    return out
