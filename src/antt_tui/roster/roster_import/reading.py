"""Reading a roster file: .xlsx, .xls or CSV (any of the encodings villages still use).

`read_roster` takes every cell as the file holds it (`cells`: the raw text, before any
conversion, which the import keeps for audit, with the legacy encoding its font names), finds
the heading row under any title lines (or takes the one the user names), and tells what each
column holds (`fields.detect_field`) and its encoding (`encodings.detect_column`). A sheet
whose heading row cannot be found still opens, with the likeliest row taken as the headings
and `heading_missing` saying why, so that the user can choose the heading row and the
columns by hand. Nothing is converted yet: the plan converts each column with the encoding
the user confirmed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from antt_tui.domain.legacy import vietnamese_score
from antt_tui.roster.roster_import.cells import (
    Cell,
    Progress,
    RawRow,
    cell_text,
    file_bytes,
    open_book,
)
from antt_tui.roster.roster_import.encodings import (
    CP1258,
    TCVN3,
    UNICODE,
    VNI,
    ColumnEncoding,
    convert,
    detect_column,
)
from antt_tui.roster.roster_import.fields import (
    IGNORED,
    column_letter,
    detect_field,
    heading_key,
)
from antt_tui.roster.spreadsheet import SheetUnreadable

__all__ = ["NO_HEADING_ROW", "Cell", "Column", "RawRow", "RosterFile", "cell_text",
           "read_roster"]

_HEADING_ROWS = 25
"""The heading row is looked for among this many rows at the top (titles may come first)."""
NO_HEADING_ROW = 0
"""`heading_row` of a file without headings: every row is data, columns go by letter."""
_FIRST_ROW_CHARS = 120
"""Characters kept of each of the first rows offered as the heading row."""
_NAME_FIELDS = ("full_name", "head_name", "name_family", "name_given")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the roster."""

    index: int
    letter: str
    """"A", "B" … as Excel shows it."""
    heading: str
    """The heading as read (NFC; converted when it was written in a legacy font)."""


@dataclass(frozen=True, slots=True)
class RosterFile:
    """A roster as read from a file, with what was told about its columns."""

    source: str
    """The file's name."""
    sheet: str
    """The sheet read ("" for CSV)."""
    kind: str
    """"xlsx", "xls" or "csv"."""
    sha256: str
    """Of the file's bytes: the same file imported twice is recognised."""
    heading_row: int
    """The row number of the headings (`NO_HEADING_ROW`, 0, for none)."""
    columns: tuple[Column, ...]
    rows: tuple[RawRow, ...]
    """The rows below the headings that are not empty."""
    mapping: dict[int, str]
    """What each column holds, as detected: column index → field id (`fields.FIELDS`)."""
    encodings: dict[int, ColumnEncoding]
    """How each column's text reads, as detected (columns holding text only)."""
    title: tuple[str, ...] = ()
    """The text above the headings (a title may name the village), converted."""
    legacy_bytes: str = ""
    """For a CSV file that is not Unicode: the encoding that reads it best."""
    sheets: tuple[str, ...] = ()
    """Every sheet of the workbook (to choose another)."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """What the reader noticed (two columns with the same meaning …), in Vietnamese."""
    heading_missing: str = ""
    """Why no heading row was found ("" when it was, or the user named it): the heading row
    is then only a guess, and the columns are to be told by hand."""
    first_rows: tuple[tuple[int, str], ...] = ()
    """The first rows of the sheet (row number, its cells' text joined by " | "), to choose
    the heading row among."""

    @property
    def name(self) -> str:
        """The file and sheet as the preview names them."""
        return f"{self.source}, trang “{self.sheet}”" if self.sheet else self.source

    @property
    def heading_label(self) -> str:
        """The heading row as the preview names it: "dòng tiêu đề 3", "không có dòng tiêu
        đề", "chưa nhận ra dòng tiêu đề (tạm lấy dòng 1)"."""
        if self.heading_missing:
            guess = (f"tạm lấy dòng {self.heading_row}" if self.heading_row
                     else "tạm đọc mọi dòng là dữ liệu")
            return f"chưa nhận ra dòng tiêu đề ({guess})"
        if self.heading_row == NO_HEADING_ROW:
            return "không có dòng tiêu đề"
        return f"dòng tiêu đề {self.heading_row}"

    def headings(self) -> list[str]:
        """The heading of every column, in order."""
        return [c.heading for c in self.columns]


# ---------------------------------------------------------------------- entry point


def read_roster(source: Path | bytes, *, name: str = "", sheet: str | None = None,
                heading_row: int | None = None, progress: Progress | None = None) -> RosterFile:
    """Read a roster from an .xlsx, .xls or CSV file (a path, or its bytes with `name`).

    `sheet` picks a sheet of a workbook by name; by default the first sheet with a heading
    row naming people. `heading_row` names the heading row (its number as Excel shows it;
    `NO_HEADING_ROW`, 0, when the file has none); by default it is found. When no sheet has
    a heading row that can be found, the first sheet with rows opens all the same, with its
    likeliest row as the headings and `heading_missing` saying why. Raises `SheetUnreadable`
    with what to do when the file cannot be read, has no rows, or has no row `heading_row`.
    `progress(done, total)` is told the rows read (total 0 while unknown).
    """
    if isinstance(source, Path):
        name = name or source.name
        data = file_bytes(source)
    else:
        data = source
        name = name or "tệp"
    if heading_row is not None and heading_row < 0:
        raise SheetUnreadable(f"Dòng tiêu đề {heading_row} không có: các dòng đánh số từ 1 "
                              "(0: tệp không có dòng tiêu đề).")
    digest = hashlib.sha256(data).hexdigest()
    book, kind = open_book(data, name, progress)
    try:
        titles = book.titles()
        if sheet is not None and sheet not in titles:
            raise SheetUnreadable(f"Tệp {name} không có trang “{sheet}”. Các trang: "
                                  + ", ".join(f"“{t}”" for t in titles) + ".")
        fallback: tuple[str, list[RawRow], str, str] | None = None
        for title in [sheet] if sheet is not None else titles:
            rows, legacy = book.rows(title)
            where = f"{name}, trang “{title}”" if title else name
            if heading_row is not None:
                found = _chosen(rows, legacy, heading_row, where)
            else:
                found = _headings(rows, legacy)
            if isinstance(found, str):
                if fallback is None and rows:
                    fallback = (title, rows, legacy, found)
                continue
            return _roster_file(name, title, kind, digest, rows, legacy, found, tuple(titles))
    finally:
        book.close()
    if fallback is None:
        raise SheetUnreadable(f"{name}, trang “{sheet}”: không có dòng nào." if sheet else
                              f"{name}: không có dòng nào (tệp trống).")
    title, rows, legacy, reason = fallback
    return _roster_file(name, title, kind, digest, rows, legacy, _guessed(rows, legacy),
                        tuple(titles), missing=reason)


# ---------------------------------------------------------------------- headings


@dataclass(slots=True)
class _Found:
    heading_row: int
    first_data: int
    """Index (in the rows list) of the first row below the headings."""
    headings: dict[int, str]
    mapping: dict[int, str]


def _headings(rows: Sequence[RawRow], legacy: str) -> _Found | str:
    """The heading row (and a sub-heading row below it), or why there is none."""
    best: tuple[int, dict[int, str], dict[int, str]] | None = None
    for position, row in enumerate(rows[:_HEADING_ROWS]):
        values = sum(1 for c in row.cells if _value_cell(c))
        if values > 1:
            continue  # a person's row ("1 | Nguyễn Văn An | 1960 | Nam | Chủ hộ"), not headings
        texts, mapping = _read_heading_row(row, legacy)
        useful = {k: v for k, v in mapping.items() if v != IGNORED}
        if not any(f in useful.values() for f in _NAME_FIELDS) or len(useful) < 2:
            continue
        if values and ("full_name" not in useful.values() or len(useful) < 3):
            # One number or date among words: headings only when they name "Họ và tên" and
            # two more columns (a year over a column: "2026"); a person's row never does
            # ("1 | Nguyễn Văn An | Nam | Chủ hộ | Thôn Đông Hạ" reads as three headings).
            continue
        if best is None or len(useful) > len([v for v in best[2].values() if v != IGNORED]):
            best = (position, texts, mapping)
    if best is None:
        return (f"không thấy dòng tiêu đề có cột “Họ và tên” và một cột khác trong "
                f"{_HEADING_ROWS} dòng đầu.")
    position, texts, mapping = best
    return _below(rows, position, texts, mapping, legacy)


def _chosen(rows: Sequence[RawRow], legacy: str, number: int, where: str) -> _Found:
    """The heading row the user named (`NO_HEADING_ROW`: none, every row is data)."""
    if number == NO_HEADING_ROW:
        return _Found(NO_HEADING_ROW, 0, {}, {})
    position = next((i for i, r in enumerate(rows) if r.number == number), None)
    if position is None:
        last = rows[-1].number if rows else 0
        if number > last:
            raise SheetUnreadable(f"{where} chỉ có {last} dòng: không có dòng {number} để làm "
                                  "dòng tiêu đề.")
        raise SheetUnreadable(f"{where}: dòng {number} trống, không thể là dòng tiêu đề; hãy "
                              "chọn dòng ghi tên các cột.")
    texts, mapping = _read_heading_row(rows[position], legacy)
    return _below(rows, position, texts, mapping, legacy)


def _guessed(rows: Sequence[RawRow], legacy: str) -> _Found:
    """When no heading row is found: the first of the top rows with the most text cells
    (headings are a row of words; a title is one cell), its columns read as far as they go."""
    top = rows[:_HEADING_ROWS]
    counts = [sum(isinstance(c, str) for c in r.cells) for r in top]
    position = counts.index(max(counts)) if counts else 0
    texts, mapping = _read_heading_row(rows[position], legacy)
    return _below(rows, position, texts, mapping, legacy)


def _below(rows: Sequence[RawRow], position: int, texts: dict[int, str],
           mapping: dict[int, str], legacy: str) -> _Found:
    """The heading row at `position`, with the sub-heading rows under it ("Nam", "Nữ" under
    "Năm sinh", or a row of column numbers) taken in."""
    first = position + 1
    for _ in range(2):  # a row of sub-headings ("Nam", "Nữ") or of column numbers
        if first >= len(rows):
            break
        below = rows[first]
        sub_texts, sub_mapping = _read_heading_row(below, legacy)
        values = [c for c in below.cells if c is not None]
        numbers = all(_column_number(c) for c in values)
        if not values or not (numbers or (sub_mapping and len(sub_mapping) == len(values)
                                          and set(sub_mapping.values())
                                          <= {"birth_male", "birth_female", "sex", IGNORED})):
            break
        for col, field_id in sub_mapping.items():
            if field_id in ("birth_male", "birth_female"):
                above = texts.get(col, "")
                texts[col] = f"{above} – {sub_texts[col]}" if above else sub_texts[col]
                mapping[col] = field_id
        first += 1
    return _Found(rows[position].number, first, texts, _unique(mapping))


def _value_cell(value: Cell) -> bool:
    """A cell no heading is: a number, a date, or text of digits ("1960", "24/07/1988")."""
    if value is None or isinstance(value, bool):
        return False
    if not isinstance(value, str):
        return True
    return re.fullmatch(r"[\d\s/.\-]+", value) is not None


def _column_number(value: Cell) -> bool:
    """A cell of the row of column numbers some forms put under the headings: 1, "(2)"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value).is_integer() and 0 < value < 100
    return isinstance(value, str) and re.fullmatch(r"\(?\d{1,2}\)?", value) is not None


def _read_heading_row(row: RawRow, legacy: str) -> tuple[dict[int, str], dict[int, str]]:
    """(column → heading text, column → field) for one candidate row."""
    texts: dict[int, str] = {}
    mapping: dict[int, str] = {}
    for col, value in enumerate(row.cells):
        if value is None:
            continue
        raw = cell_text(value)
        font = row.font(col)
        variants = ([convert(raw, font), raw] if font else  # Unicode left in an old font too
                    [convert(raw, e) for e in _heading_encodings(legacy)]) if not raw.isascii() \
            else [convert(raw, font)] if font else [raw]
        texts[col] = variants[0]
        for text in variants:
            found = detect_field(text)
            if found is not None:
                texts[col] = text
                mapping[col] = found
                break
    return texts, mapping


def _heading_encodings(legacy: str) -> list[str]:
    if legacy:
        return [legacy, *(e for e in (TCVN3, VNI, CP1258) if e != legacy)]
    return [UNICODE, TCVN3, VNI, CP1258]


def _unique(mapping: dict[int, str]) -> dict[int, str]:
    """One column per field (the first); "Họ" with "Tên" beside it is a split name."""
    seen: set[str] = set()
    out: dict[int, str] = {}
    for col in sorted(mapping):
        field_id = mapping[col]
        if field_id != IGNORED and field_id in seen:
            continue
        seen.add(field_id)
        out[col] = field_id
    return out


def split_name_columns(mapping: dict[int, str], headings: Sequence[str]) -> dict[int, str]:
    """With a "Họ" column, a column headed just "Tên" is the given name, not the full name."""
    if "name_family" not in mapping.values():
        return mapping
    out = dict(mapping)
    for col, field_id in mapping.items():
        if field_id == "full_name" and heading_key(headings[col]) == "ten":
            out[col] = "name_given"
    return out


def _roster_file(name: str, title: str, kind: str, digest: str, rows: list[RawRow],
                 legacy: str, found: _Found, sheets: tuple[str, ...], *, missing: str = ""
                 ) -> RosterFile:
    data = rows[found.first_data:]
    width = max([len(r.cells) for r in rows[:found.first_data + 1]] + [len(r.cells) for r in data]
                + [0])
    headings = [found.headings.get(i, "") for i in range(width)]
    columns = tuple(Column(i, column_letter(i), headings[i]) for i in range(width))
    mapping = split_name_columns(found.mapping, headings)
    encodings: dict[int, ColumnEncoding] = {}
    for col in range(width):
        texts = [c for r in data if isinstance(c := r.cell(col), str)]
        if not texts:
            continue
        fonts = [r.font(col) for r in data if isinstance(r.cell(col), str)]
        encodings[col] = detect_column(texts, fonts, legacy_bytes=legacy)
    above = [r for r in rows if r.number < found.heading_row]
    title_lines = tuple(" ".join(_best_text(cell_text(c), r.font(i), legacy)
                                 for i, c in enumerate(r.cells) if isinstance(c, str))
                        for r in above)
    notes = []
    if missing:
        guess = (f"tạm lấy dòng {found.heading_row}" if found.heading_row
                 else "tạm đọc mọi dòng là dữ liệu")
        notes.append(f"{missing[:1].upper()}{missing[1:-1]}; {guess}. Hãy chọn dòng tiêu đề và "
                     "cách đọc từng cột.")
    duplicated = Counter(v for v in found.mapping.values() if v != IGNORED)
    if any(n > 1 for n in duplicated.values()):
        notes.append("Có hai cột cùng nghĩa: chỉ dùng cột đầu tiên.")
    others = [t for t in sheets if t != title]
    if others:  # a whole commune's workbook has a sheet per village: one import each
        notes.append(f"Tệp có {len(sheets)} trang; lần này chỉ đọc trang “{title}”. Các trang "
                     + ", ".join(f"“{t}”" for t in others) + " nhập lần lượt, mỗi lần một trang.")
    first_rows = tuple((r.number, _row_text(r, legacy)) for r in rows[:_HEADING_ROWS])
    return RosterFile(name, title, kind, digest, found.heading_row, columns, tuple(data),
                      mapping, encodings, title_lines, legacy, sheets, tuple(notes),
                      missing, first_rows)


def _row_text(row: RawRow, legacy: str) -> str:
    """One row's cells as text (legacy text converted), for choosing the heading row."""
    text = " | ".join(_best_text(cell_text(c), row.font(i), legacy) if isinstance(c, str)
                      else cell_text(c) for i, c in enumerate(row.cells) if c is not None)
    return text if len(text) <= _FIRST_ROW_CHARS else text[:_FIRST_ROW_CHARS - 1] + "…"


def _best_text(raw: str, font: str | None, legacy: str) -> str:
    """A lone text (a title line) in the encoding under which it reads most Vietnamese."""
    variants = [convert(raw, font), raw] if font else \
        [convert(raw, e) for e in _heading_encodings(legacy)]
    return max(variants, key=lambda t: vietnamese_score([t]))
