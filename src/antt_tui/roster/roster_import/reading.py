"""Reading a roster file: .xlsx, .xls or CSV (any of the encodings villages still use).

`read_roster` takes every cell as the file holds it (`cells`: the raw text, before any
conversion, which the import keeps for audit, with the legacy encoding its font names), finds
the heading row under any title lines, and tells what each column holds (`fields.detect_field`) and its
encoding (`encodings.detect_column`). Nothing is converted yet: the plan converts each
column with the encoding the user confirmed.
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

__all__ = ["Cell", "Column", "RawRow", "RosterFile", "cell_text", "read_roster"]

_HEADING_ROWS = 25
"""The heading row is looked for among this many rows at the top (titles may come first)."""
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

    @property
    def name(self) -> str:
        """The file and sheet as the preview names them."""
        return f"{self.source}, trang “{self.sheet}”" if self.sheet else self.source

    def headings(self) -> list[str]:
        """The heading of every column, in order."""
        return [c.heading for c in self.columns]


# ---------------------------------------------------------------------- entry point


def read_roster(source: Path | bytes, *, name: str = "", sheet: str | None = None,
                progress: Progress | None = None) -> RosterFile:
    """Read a roster from an .xlsx, .xls or CSV file (a path, or its bytes with `name`).

    `sheet` picks a sheet of a workbook by name; by default the first sheet with a heading
    row naming people. Raises `SheetUnreadable` with what to do when the file cannot be read
    or has no such heading row.
    """
    if isinstance(source, Path):
        name = name or source.name
        data = file_bytes(source)
    else:
        data = source
        name = name or "tệp"
    digest = hashlib.sha256(data).hexdigest()
    book, kind = open_book(data, name, progress)
    try:
        titles = book.titles()
        if sheet is not None and sheet not in titles:
            raise SheetUnreadable(f"Tệp {name} không có trang “{sheet}”. Các trang: "
                                  + ", ".join(f"“{t}”" for t in titles) + ".")
        failure = ""
        for title in [sheet] if sheet is not None else titles:
            rows, legacy = book.rows(title)
            found = _headings(rows, legacy)
            if isinstance(found, str):
                failure = failure or (f"trang “{title}”: {found}" if title else found)
                continue
            return _roster_file(name, title, kind, digest, rows, legacy, found, tuple(titles))
    finally:
        book.close()
    raise SheetUnreadable(f"{name}: {failure or 'không có dòng nào.'}")


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
        texts, mapping = _read_heading_row(row, legacy)
        useful = {k: v for k, v in mapping.items() if v != IGNORED}
        if not any(f in useful.values() for f in _NAME_FIELDS) or len(useful) < 2:
            continue
        if best is None or len(useful) > len([v for v in best[2].values() if v != IGNORED]):
            best = (position, texts, mapping)
    if best is None:
        return ("không thấy dòng tiêu đề có cột “Họ và tên” (hoặc “Họ tên chủ hộ”) và ít nhất "
                f"một cột khác trong {_HEADING_ROWS} dòng đầu.")
    position, texts, mapping = best
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
                 legacy: str, found: _Found, sheets: tuple[str, ...]) -> RosterFile:
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
    duplicated = Counter(v for v in found.mapping.values() if v != IGNORED)
    if any(n > 1 for n in duplicated.values()):
        notes.append("Có hai cột cùng nghĩa: chỉ dùng cột đầu tiên.")
    others = [t for t in sheets if t != title]
    if others:  # a whole commune's workbook has a sheet per village: one import each
        notes.append(f"Tệp có {len(sheets)} trang; lần này chỉ đọc trang “{title}”. Các trang "
                     + ", ".join(f"“{t}”" for t in others) + " nhập lần lượt, mỗi lần một trang.")
    return RosterFile(name, title, kind, digest, found.heading_row, columns, tuple(data),
                      mapping, encodings, title_lines, legacy, sheets, tuple(notes))


def _best_text(raw: str, font: str | None, legacy: str) -> str:
    """A lone text (a title line) in the encoding under which it reads most Vietnamese."""
    variants = [convert(raw, font), raw] if font else \
        [convert(raw, e) for e in _heading_encodings(legacy)]
    return max(variants, key=lambda t: vietnamese_score([t]))
