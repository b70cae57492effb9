"""Roster files for the import tests, written by the tests themselves with known content.

A village roster as real files lay it out (`ROSTER`: three households, eight people), and
writers for each form an officer brings: .xlsx (openpyxl) with a font per cell, .xls (xlwt)
with fonts, CSV in UTF-8 (with or without BOM) or in a legacy 8-bit encoding.

Legacy text is made with `tcvn3_text` and `vni_text`, which invert the importer's own
decoding (so a letter the tables miss shows up as a test failure here); the tests also check
hand-written byte strings from the published tables, so they do not only test the tables
against themselves.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from antt_tui.domain.legacy import from_tcvn3, from_vni

Cell = str | int | float | date | datetime | None

# ---------------------------------------------------------------------- the roster

PEOPLE = [
    # household no., name, birth, sex, relation, CCCD, ethnicity, religion, occupation
    ("1", "Nguyễn Văn An", "24/07/1988", "Nam", "Chủ hộ", "033088001234", "Kinh", "Không",
     "Làm ruộng"),
    ("1", "Lê Thị Bình", "05/1990", "Nữ", "Vợ", "033190005555", "Kinh", "Phật giáo",
     "Buôn bán"),
    ("1", "Nguyễn Văn Cường", "2015", "Nam", "Con trai", "", "Kinh", "Không", "Học sinh"),
    ("2", "Trần Thị Hoa", "1960", "Nữ", "Chủ hộ", "", "Kinh", "Thiên chúa giáo", "Nội trợ"),
    ("2", "Phạm Đức Thắng", "24-7-08", "Nam", "Cháu nội", "", "Kinh", "Công giáo",
     "Học sinh"),
    ("2", "Đặng Thị Lụa", "1975", "Nữ", "Người giúp việc", "", "Kinh", "Không", "Giúp việc"),
    ("3", "Hoàng Văn Sơn", "1966", "Nam", "Chủ hộ", "", "Tày", "Không", "Giáo viên"),
    ("3", "Đỗ Thị Mai", "1970", "Nữ", "Vợ", "", "Tày", "Không", "Làm ruộng"),
]
"""The roster every fixture file holds, in some layout and encoding."""

EXPECTED = {
    # name → (birth as stored, sex, relation code, relation words kept, ethnicity, religion)
    "Nguyễn Văn An": ("1988-07-24", "nam", "chu_ho", "", "Kinh", "Không"),
    "Lê Thị Bình": ("1990-05", "nu", "vo", "", "Kinh", "Phật giáo"),
    "Nguyễn Văn Cường": ("2015", "nam", "con_de", "Con trai", "Kinh", "Không"),
    "Trần Thị Hoa": ("1960", "nu", "chu_ho", "", "Kinh", "Công giáo"),
    "Phạm Đức Thắng": ("2008-07-24", "nam", "chau", "Cháu nội", "Kinh", "Công giáo"),
    "Đặng Thị Lụa": ("1975", "nu", "khac", "Người giúp việc", "Kinh", "Không"),
    "Hoàng Văn Sơn": ("1966", "nam", "chu_ho", "", "Tày", "Không"),
    "Đỗ Thị Mai": ("1970", "nu", "vo", "", "Tày", "Không"),
}
"""What the roster stores for each person of `PEOPLE`."""

HOUSEHOLDS = [["Nguyễn Văn An", "Lê Thị Bình", "Nguyễn Văn Cường"],
              ["Trần Thị Hoa", "Phạm Đức Thắng", "Đặng Thị Lụa"],
              ["Hoàng Văn Sơn", "Đỗ Thị Mai"]]
"""The households of `PEOPLE`, the head first."""

TITLE = ["Danh sách hộ gia đình, nhân khẩu", "Thôn Đông Hạ, xã Tân Lập"]
"""Title lines above the heading row, as real rosters have them."""


def by_number(*, book: str = "Số hộ khẩu") -> tuple[list[str], list[list[Cell]]]:
    """A household-number column ("Số hộ khẩu", merged cells left empty below the first
    row of a household), "Năm sinh", "QH với CH", "CMND" for the numbers."""
    headings = ["STT", book, "Họ và tên", "Năm sinh", "Giới tính", "QH với CH", "CMND",
                "Dân tộc", "Tôn giáo", "Nghề nghiệp", "Địa chỉ", "Thôn"]
    rows: list[list[Cell]] = []
    last = ""
    for n, (no, name, birth, sex, rel, cccd, eth, rel_, job) in enumerate(PEOPLE, start=1):
        rows.append([n, f"HK-{no}" if no != last else None, name, birth, sex, rel, cccd or None,
                     eth, rel_, job, f"Xóm {no}, Thôn Đông Hạ", "Đông Hạ"])
        last = no
    return headings, rows


def head_first() -> tuple[list[str], list[list[Cell]]]:
    """No household column: the head's row ("Chủ hộ") starts each household."""
    headings = ["TT", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD",
                "Dân tộc", "Tôn giáo", "Nghề nghiệp"]
    rows: list[list[Cell]] = [
        [n, name, birth, sex, rel, cccd or None, eth, rel_, job]
        for n, (_no, name, birth, sex, rel, cccd, eth, rel_, job) in enumerate(PEOPLE, 1)]
    return headings, rows


def head_name() -> tuple[list[str], list[list[Cell]]]:
    """Each row names its household's head ("Họ tên chủ hộ"); the head's relation too."""
    heads = {no: name for no, name, *_rest in PEOPLE if _rest[2] == "Chủ hộ"}
    headings = ["STT", "Họ tên chủ hộ", "Họ và tên", "Ngày sinh", "Giới tính",
                "Quan hệ với chủ hộ", "Số CCCD", "Dân tộc", "Tôn giáo", "Nghề nghiệp",
                "Địa chỉ"]
    rows: list[list[Cell]] = [
        [n, heads[no], name, birth, sex, rel, cccd or None, eth, rel_, job, f"Xóm {no}"]
        for n, (no, name, birth, sex, rel, cccd, eth, rel_, job) in enumerate(PEOPLE, 1)]
    return headings, rows


# ---------------------------------------------------------------------- legacy text


@cache
def _tcvn3_letters() -> dict[str, str]:
    """Letter → the one-byte character TCVN3 writes it with (inverting the importer)."""
    out = {}
    for byte in range(0xA1, 0x100):
        letter = from_tcvn3(chr(byte))
        if len(letter) == 1 and not letter.isascii():
            out.setdefault(letter, chr(byte))
    return out


@cache
def _vni_letters() -> dict[str, str]:
    """Letter → VNI spelling: a base letter and a mark byte where VNI has one ("à" is
    "aø": a lone "à" byte is a mark), else one byte (ơ ư đ, the i's)."""
    out: dict[str, str] = {}
    for base in (*"aeiouyAEIOUYôöÔÖ", ""):  # ô ö: VNI's ơ ư, which take marks too
        for byte in range(0xA0, 0x100):
            spelled = base + chr(byte)
            letter = from_vni(spelled)
            if len(letter) == 1 and not letter.isascii():
                out.setdefault(letter, spelled)
    return out


def _spell(text: str, letters: dict[str, str], name: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
        elif ch in letters:
            out.append(letters[ch])
        else:
            raise ValueError(f"{name} cannot write {ch!r} (in {text!r})")
    return "".join(out)


def tcvn3_text(text: str) -> str:
    """Unicode → TCVN3 as Excel shows it under a .VnTime font ("Nguyễn" → "NguyÔn")."""
    return _spell(text, _tcvn3_letters(), "TCVN3")


def tcvn3_upper_text(text: str) -> str:
    """Unicode → TCVN3 for a capitals font (.VnTimeH): the letters with marks at the lower
    case codes, the plain letters typed in capitals ("Nguyễn" → "NGUYÔN")."""
    return "".join(ch.upper() if ch.isascii() else ch for ch in tcvn3_text(text.lower()))


def vni_text(text: str) -> str:
    """Unicode → VNI as Excel shows it under a VNI-Times font ("Nguyễn" → "Nguyeãn")."""
    return _spell(text, _vni_letters(), "VNI")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_text(text: str) -> str:
    """Unicode → Windows-1258 bytes shown one per character (as cp1252): the letter
    without its tone (â, ơ, đ … are single bytes), then the tone mark's byte."""
    spelled = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        spelled.append(unicodedata.normalize("NFC", "".join(c for c in parts
                                                            if c not in _TONES)) + tones)
    return "".join(spelled).encode("cp1258").decode("cp1252")


def nfd(text: str) -> str:
    """Decomposed Unicode ("Unicode tổ hợp")."""
    return unicodedata.normalize("NFD", text)


def legacy_bytes(text: str) -> bytes:
    """One-byte characters (as `tcvn3_text` and `vni_text` give) → the file's bytes."""
    return text.encode("cp1252")


# ---------------------------------------------------------------------- files

Convert = Callable[[str], str]


def _converted(value: Cell, convert: Convert | None) -> Cell:
    if convert is not None and isinstance(value, str) and not value.isascii():
        return convert(value)
    return value


def write_xlsx(path: Path, headings: Sequence[str], rows: Sequence[Sequence[Cell]], *,
               convert: Convert | None = None, font: str = "Times New Roman",
               title: Sequence[str] = (), date_format: str = "dd/mm/yyyy",
               columns: dict[int, tuple[str, Convert]] | None = None,
               heading: tuple[str, Convert] | None = None) -> Path:
    """An .xlsx roster: optional title lines, the heading row, the rows; every text cell in
    `font`, its text passed through `convert` (a legacy spelling). `columns` gives some
    columns' data cells another (font, spelling); `heading` the heading row's."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    looks: dict[tuple[int, int], str] = {}

    def put(row: Sequence[Cell], look: Callable[[int], tuple[str, Convert | None]]) -> None:
        line = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value is not None else 1
        for col, value in enumerate(row):
            name, spell = look(col)
            value = _converted(value, spell)
            if value is None:
                continue
            sheet.cell(line, col + 1, value)
            looks[(line, col + 1)] = name

    for text in title:
        put([text or "…"], lambda col: (font, convert))
    put(headings, lambda col: heading or (font, convert))
    for row in rows:
        put(row, lambda col: (columns or {}).get(col, (font, convert)))
    for (r, c), name in looks.items():
        cell = sheet.cell(r, c)
        if isinstance(cell.value, str):
            cell.font = Font(name=name)
        elif isinstance(cell.value, date | datetime):
            cell.number_format = date_format
    book.save(path)
    return path


def write_sheets(path: Path, sheets: dict[str, Sequence[Sequence[Cell]]]) -> Path:
    """An .xlsx workbook with a sheet per entry (its rows as given, headings and all): a
    commune's workbook has one per village."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(list(line))
    book.save(path)
    return path


def write_xls(path: Path, headings: Sequence[str], rows: Sequence[Sequence[Cell]], *,
              convert: Convert | None = None, font: str = "Times New Roman",
              title: Sequence[str] = ()) -> Path:
    """An Excel 97-2003 (.xls) roster with `font` on every text cell (xlwt)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("DS")
    text = xlwt.XFStyle()
    text.font = xlwt.Font()
    text.font.name = font
    day = xlwt.XFStyle()
    day.num_format_str = "dd/mm/yyyy"
    lines: list[Sequence[Cell]] = [[line] for line in title]
    lines += [headings, *rows]
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            value = _converted(value, convert)
            if value is None or value == "":
                continue
            if isinstance(value, date | datetime):
                sheet.write(r, c, value, day)
            elif isinstance(value, str):
                sheet.write(r, c, value, text)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def csv_text(headings: Sequence[str], rows: Sequence[Sequence[Cell]], *,
             convert: Convert | None = None, title: Sequence[str] = (),
             delimiter: str = ",") -> str:
    """The CSV text of a roster (cells passed through `convert`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in title:
        writer.writerow([_converted(line, convert)])
    writer.writerow([_converted(h, convert) for h in headings])
    for row in rows:
        writer.writerow(["" if c is None else _converted(c, convert) for c in row])
    return out.getvalue()


def write_csv(path: Path, headings: Sequence[str], rows: Sequence[Sequence[Cell]], *,
              encoding: str = "utf-8-sig", convert: Convert | None = None,
              title: Sequence[str] = (), delimiter: str = ",") -> Path:
    """A CSV roster in `encoding` ("legacy": the one-byte characters `convert` gives)."""
    text = csv_text(headings, rows, convert=convert, title=title, delimiter=delimiter)
    path.write_bytes(legacy_bytes(text) if encoding == "legacy" else text.encode(encoding))
    return path


def people_of(s: Any, village: str = "DH") -> dict[str, dict[str, Any]]:
    """The living people of a village by name, with their household's code."""
    out = {}
    for household in s.roster.households(village=village):
        for person in s.roster.members(household.id):
            out[person.full_name] = {**person.form_values(), "household_code": household.code}
    return out


def plan_of(s: Any, path: Path, **options: Any) -> Any:
    """The import plan of `path` for session `s` (on the tests' day)."""
    from antt_tui.roster import roster_import as ri
    from tests.conftest import TODAY

    return ri.plan(s.roster, ri.read_roster(path), today=TODAY, **options)
