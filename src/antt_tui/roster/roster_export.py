"""The village roster (danh sách nhân khẩu) as the officer keeps it in Excel: .xlsx or CSV.

One row per person, grouped by household with the head first, in the columns of a village
roster (DOMAIN.md §4.2), under the headers the roster import looks for, so that an exported
file can be imported back as the same roster. Household fields (Mã hộ, Địa chỉ, Thôn, Tình trạng cư trú)
are repeated on every member's row rather than merged: sorting, filtering and importing then
see complete rows.

The whole commune is one workbook with one sheet per village (each village head gets and
prints his own sheet, and STT restarts per village, as on the paper rosters); a CSV, which has
no sheets, is one table. Both carry a "Thôn" column, so a row always says where it belongs.

This is where personal data leaves the database on purpose (the officer asked for the file):
nothing here logs or prints the rows. Text is NFC; a file is written whole or not at all.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.dates import PartialDate, vn_date
from antt_tui.domain.errors import DomainError
from antt_tui.roster.service import ACTIVE_STATUSES, Roster
from antt_tui.storage.atomic import write_bytes

__all__ = ["COLUMNS", "DEPARTED_COLUMNS", "FORMATS", "Column", "ExportRefused", "HouseholdRows",
           "PersonRow", "RosterExport", "VillageRoster", "collect", "columns", "format_for",
           "to_csv", "to_xlsx", "write"]


class ExportRefused(DomainError):
    """The roster cannot be written in the form asked for (an unknown file type)."""


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person's line of the roster, as the officer reads it (labels, dd/mm/yyyy)."""

    household_code: str
    full_name: str
    birth: str
    """As stored, at its own precision: "24/07/1988", "05/1985" or "1960"."""
    sex: str
    relation: str
    cccd: str
    ethnicity: str
    religion: str
    occupation: str
    phone: str
    address: str
    village: str
    residence: str
    """The household's Tình trạng cư trú ("Thường trú", "Tạm trú", …)."""
    status: str
    """The person's own state: "Đang cư trú", "Đã chuyển đi", "Đã mất"."""
    status_on: str
    """When the person moved away or died ("" while present)."""
    notes: str
    is_head: bool


@dataclass(frozen=True, slots=True)
class HouseholdRows:
    """The rows of one household, the head first."""

    code: str
    rows: tuple[PersonRow, ...]


@dataclass(frozen=True, slots=True)
class VillageRoster:
    """One village's households, by household code."""

    code: str
    name: str
    households: tuple[HouseholdRows, ...]

    @property
    def people(self) -> int:
        """How many person rows the village has."""
        return sum(len(h.rows) for h in self.households)


@dataclass(frozen=True, slots=True)
class RosterExport:
    """What is written: the villages in order, and how it was chosen."""

    commune: str
    villages: tuple[VillageRoster, ...]
    include_departed: bool
    """Moved-away and deceased people (and households no longer living here) are included."""
    day: date
    """The working day the roster was taken on (the file's date)."""
    whole_commune: bool

    @property
    def people(self) -> int:
        """How many person rows are written."""
        return sum(v.people for v in self.villages)

    @property
    def households(self) -> int:
        """How many households have at least one row."""
        return sum(len(v.households) for v in self.villages)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the roster: its header, the row field it shows, its width bounds."""

    header: str
    field: str
    min_width: int
    max_width: int


COLUMNS: tuple[Column, ...] = (
    Column("STT", "", 5, 6),
    Column("Mã hộ", "household_code", 9, 16),
    Column("Họ và tên", "full_name", 18, 32),
    Column("Ngày sinh", "birth", 11, 11),
    Column("Giới tính", "sex", 6, 8),
    Column("Quan hệ với chủ hộ", "relation", 10, 22),
    Column("Số CCCD", "cccd", 14, 14),
    Column("Dân tộc", "ethnicity", 7, 14),
    Column("Tôn giáo", "religion", 8, 14),
    Column("Nghề nghiệp", "occupation", 10, 24),
    Column("Số điện thoại", "phone", 12, 13),
    Column("Địa chỉ", "address", 14, 40),
    Column("Thôn", "village", 10, 22),
    Column("Tình trạng cư trú", "residence", 10, 14),
    Column("Ghi chú", "notes", 10, 40),
)
"""The roster's columns in a village roster's order (DOMAIN.md §4.2). The headers are the
ones the roster import detects; "STT" is the row number in the sheet (or the CSV file)."""

DEPARTED_COLUMNS: tuple[Column, ...] = (
    Column("Tình trạng nhân khẩu", "status", 12, 14),
    Column("Ngày thay đổi tình trạng", "status_on", 11, 11),
)
"""Added before "Ghi chú" when moved-away and deceased people are included."""


def columns(include_departed: bool) -> tuple[Column, ...]:
    """The columns of an export, with the person's status when departed people are in it."""
    if not include_departed:
        return COLUMNS
    return (*COLUMNS[:-1], *DEPARTED_COLUMNS, COLUMNS[-1])


# ====================================================================== reading the roster


def collect(roster: Roster, village: str | None = None, *,
            include_departed: bool = False) -> RosterExport:
    """The roster of one village (code, id or name), or of every village when `village` is
    None. Only people living in households that live here, unless `include_departed`.

    Raises `NotFound` for an unknown village. Reads the stored records (`Roster._households`,
    `_members`): typing the thousands of records of an export would add a fifth to its time.
    """
    chosen = [roster._village(village)] if village else roster._villages()
    wanted = {v["id"] for v in chosen}
    by_village: dict[str, list[dict[str, Any]]] = {vid: [] for vid in wanted}
    for household in roster._households():  # by code
        vid = household.get("village_id", "")
        if vid not in wanted:
            continue
        if not include_departed and household.get("residence_status") not in ACTIVE_STATUSES:
            continue
        by_village[vid].append(household)
    commune = roster._commune() or {}
    villages = tuple(
        VillageRoster(_text(v.get("code", "")), _text(v.get("name", "")), tuple(
            block for h in by_village[v["id"]]
            if (block := _household_rows(roster, h, v, include_departed)).rows))
        for v in chosen)
    return RosterExport(_text(commune.get("name", "")), villages, include_departed,
                        roster.today(), not village)


def _household_rows(roster: Roster, household: dict[str, Any], village: dict[str, Any],
                    include_departed: bool) -> HouseholdRows:
    code = _text(household.get("code", ""))
    address = _text(household.get("address", ""))
    village_name = _text(village.get("name", ""))
    residence = vocab.label(vocab.RESIDENCE_STATUSES, household.get("residence_status", ""), "")
    head_id = household.get("head_id")
    people = roster._members(household["id"], present_only=not include_departed)
    # The household's head first even when an older record's relation disagrees; the rest
    # keep the roster's order (`Roster.members`: head, then by birth).
    people.sort(key=lambda p: p["id"] != head_id)
    rows = tuple(
        PersonRow(
            household_code=code,
            full_name=_text(p.get("full_name", "")),
            birth=_birth(p.get("birth", "")),
            sex=vocab.label(vocab.SEXES, p.get("sex", ""), ""),
            relation=_relation(p),
            cccd=_text(p.get("cccd", "")),
            ethnicity=_text(p.get("ethnicity", "")),
            religion=_text(p.get("religion", "")),
            occupation=_text(p.get("occupation", "")),
            phone=_text(p.get("phone", "")),
            address=address,
            village=village_name,
            residence=residence,
            status=vocab.label(vocab.PERSON_STATUSES, p.get("status", vocab.PRESENT), ""),
            status_on=vn_date(p.get("status_on", "")),
            notes=_text(p.get("notes", "")),
            is_head=p["id"] == head_id,
        ) for p in people)
    return HouseholdRows(code, rows)


def _relation(person: dict[str, Any]) -> str:
    """The relation's label; for "Khác", the words the officer wrote ("Nguyên chủ hộ")."""
    code = person.get("relation", "")
    if code == vocab.OTHER_RELATION and person.get("relation_text"):
        return _text(person["relation_text"])
    return vocab.label(vocab.RELATIONS, code, _text(code))


def _birth(iso: str) -> str:
    """A stored partial birth date at its own precision; an unreadable one as it is."""
    if not iso:
        return ""
    try:
        return PartialDate.from_iso(iso).display
    except ValueError:
        return _text(iso)


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or ""))


def _cells(row: PersonRow, number: int, cols: Iterable[Column]) -> list[str | int]:
    return [number if not c.field else getattr(row, c.field) for c in cols]


# ====================================================================== writing


def format_for(path: Path) -> Callable[[RosterExport], bytes]:
    """The writer for a file name's type (.xlsx or .csv); `ExportRefused` for any other."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ExportRefused(f"Không xuất được ra “{path.name}”: tên tệp phải kết thúc bằng "
                            ".xlsx (Excel) hoặc .csv.") from None


def write(path: Path, export: RosterExport) -> None:
    """Write the roster at `path` (an output path already checked by `antt_tui.outputs`),
    in the format its suffix names: through a temp file and a rename, so a crash or a full
    disk leaves the old file or none, never half of one."""
    data = format_for(path)(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)


# ---------------------------------------------------------------------- csv

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these would be run by Excel as a formula."""


def to_csv(export: RosterExport) -> bytes:
    """The roster as one CSV table: UTF-8 with a BOM (Excel on Windows then reads the
    Vietnamese letters), "," between cells, CRLF line ends, the header row first. STT counts
    the rows of the file. A cell that Excel would run as a formula gets a leading "'"."""
    cols = columns(export.include_departed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in cols])
    number = 0
    for village in export.villages:
        for household in village.households:
            for row in household.rows:
                number += 1
                writer.writerow([_csv_cell(cell) for cell in _cells(row, number, cols)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


# ---------------------------------------------------------------------- xlsx

FONT_NAME = "Times New Roman"
"""The font of administrative documents (Nghị định 30/2020, DOMAIN.md §3)."""
FONT_SIZE = 12
HEADER_FILL = "D9D9D9"
"""Shade of the header row (grey)."""
BAND_FILL = "F2F2F2"
"""Shade of every other household, so that households stand apart without blank rows."""
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def to_xlsx(export: RosterExport) -> bytes:
    """The roster as an .xlsx workbook: one sheet per village, Times New Roman, the header
    row bold, shaded and frozen, households in alternating shades with a line above each and
    the head's name in bold; every value is text (a CCCD or phone number keeps its leading
    zero, "05/1985" stays as written) except STT."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for village in export.villages:
        ws = book.create_sheet(_sheet_name(village.name or village.code, taken))
        _village_sheet(ws, village, export)
    if not export.villages:  # a commune without villages: an empty roster, not a broken file
        _village_sheet(book.create_sheet("Danh sách"), VillageRoster("", "", ()), export)
    stamp = datetime.combine(export.day, datetime.min.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.title = _title(export, None)
    book.properties.creator = export.commune or None
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def _title(export: RosterExport, village: VillageRoster | None) -> str:
    """"Danh sách nhân khẩu – Thôn Đông Hạ" (a sheet's, or the workbook's of one village),
    or "… – Xã Tân Lập" (the workbook's of the whole commune)."""
    where = village.name if village is not None else (
        export.commune if export.whole_commune else
        ", ".join(v.name for v in export.villages))
    return f"Danh sách nhân khẩu – {where}" if where else "Danh sách nhân khẩu"


def _village_sheet(ws: Any, village: VillageRoster, export: RosterExport) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    cols = columns(export.include_departed)
    looks = _Looks()
    thin = Side(style="thin", color=_THIN_COLOUR)
    for col, column in enumerate(cols, 1):
        cell = ws.cell(1, col, column.header)
        cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    widths = [max(c.min_width, *(len(w) for w in c.header.split())) for c in cols]
    name_col = next(i for i, c in enumerate(cols) if c.field == "full_name")
    r = 1
    for k, household in enumerate(village.households):
        shaded = k % 2 == 1
        for i, row in enumerate(household.rows):
            r += 1
            for col, value in enumerate(_cells(row, r - 1, cols)):
                cell = ws.cell(r, col + 1)
                if isinstance(value, int):
                    cell.value = value
                    looks.apply(cell, _Look(True, i == 0, shaded, False, False))
                    continue
                if value:
                    cell.value = _xlsx_text(value)
                    cell.data_type = "s"  # never a formula, a number or a date
                limit = cols[col].max_width
                looks.apply(cell, _Look(False, i == 0, shaded, row.is_head and col == name_col,
                                        len(value) > limit))
                if len(value) > widths[col]:
                    widths[col] = min(len(value), limit)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width + 2
    ws.row_dimensions[1].height = 33  # two lines for the longer headers
    ws.freeze_panes = "A2"
    last = get_column_letter(len(cols))
    ws.auto_filter.ref = f"A1:{last}{max(r, 2)}"
    # On paper: A4 landscape as wide as the page, the header row on every page, the title
    # and page numbers in the margins (so that row 1 stays the header row for the import).
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = _header_footer(_title(export, village).upper())
    ws.oddHeader.center.font = f"{FONT_NAME},Bold"
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT_NAME


_THIN_COLOUR = "808080"
"""Colour of the cells' thin lines (grey); a household's first row has a black one above."""


@dataclass(frozen=True, slots=True)
class _Look:
    """How a data cell looks: STT (centred number) or text, on a household's first row
    (a heavier line above), shaded (every other household), bold (the head's name), wrapped
    (longer than its column)."""

    number: bool
    first: bool
    shaded: bool
    bold: bool
    wrap: bool


class _Looks:
    """Each look styled once. openpyxl hashes every style object a cell is given (tens of
    microseconds a cell: 2 s for a village of 4,000 people), so the other cells of the same
    look take a copy of its style array, as openpyxl's own worksheet copy does."""

    def __init__(self) -> None:
        self._made: dict[_Look, Any] = {}

    def apply(self, cell: Any, look: _Look) -> None:
        """Give `cell` the style of `look`."""
        made = self._made.get(look)
        if made is not None:
            cell._style = copy(made)
            return
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color=_THIN_COLOUR)
        top = Side(style="medium", color="000000") if look.first else thin
        cell.border = Border(left=thin, right=thin, top=top, bottom=thin)
        cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=look.bold)
        if look.shaded:
            cell.fill = PatternFill("solid", start_color=BAND_FILL, end_color=BAND_FILL)
        if look.number:
            cell.alignment = Alignment(horizontal="center", vertical="top")
        else:
            cell.alignment = Alignment(vertical="top", wrap_text=look.wrap or None)
            cell.number_format = "@"  # typed over in Excel, it stays text too
        self._made[look] = copy(cell._style)


def _header_footer(text: str) -> str:
    """Text for a printed header: "&" starts a code there, so it is doubled."""
    return text.replace("&", "&&")


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""The control characters an .xlsx cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE)."""


def _xlsx_text(text: str) -> str:
    """NFC text without the control characters an .xlsx cannot hold."""
    return _ILLEGAL.sub("", unicodedata.normalize("NFC", text))


def _sheet_name(name: str, taken: set[str]) -> str:
    """A worksheet name: at most 31 characters, none of []:*?/\\, unique without case."""
    base = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'") or "Thôn"
    candidate, n = base[:31], 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[:31 - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


FORMATS: dict[str, Callable[[RosterExport], bytes]] = {".xlsx": to_xlsx, ".csv": to_csv}
"""The file types the roster is written as, by suffix."""
