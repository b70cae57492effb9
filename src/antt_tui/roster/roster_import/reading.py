"""Reading a roster file: .xlsx, .xls or CSV (any of the encodings villages still use).

`read_roster` keeps every cell as the file holds it (the raw text, before any conversion,
which the import keeps for audit) with the legacy encoding its font names, finds the heading
row under any title lines, and tells what each column holds (`fields.detect_field`) and its
encoding (`encodings.detect_column`). Nothing is converted yet: the plan converts each
column with the encoding the user confirmed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from antt_tui.domain.legacy import vietnamese_score
from antt_tui.roster.roster_import.encodings import (
    CP1258,
    TCVN3,
    UNICODE,
    VNI,
    ColumnEncoding,
    convert,
    detect_column,
    font_encoding,
    one_byte_text,
)
from antt_tui.roster.roster_import.fields import (
    IGNORED,
    column_letter,
    detect_field,
    heading_key,
)
from antt_tui.roster.spreadsheet import MAX_BYTES, MAX_ROWS, SheetUnreadable

__all__ = ["Cell", "Column", "RawRow", "RosterFile", "cell_text", "read_roster"]

Cell = str | int | float | bool | date | time | None
"""A cell as the file holds it: raw text (stripped, not converted), a number, a yes/no, a
date or date-time, a time, or empty."""
Progress = Callable[[int, int], None]

_HEADING_ROWS = 25
"""The heading row is looked for among this many rows at the top (titles may come first)."""
_NAME_FIELDS = ("full_name", "head_name", "name_family", "name_given")
_DELIMITERS = (";", ",")


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row below the headings, as the file holds it."""

    number: int
    """The row number Excel shows (the line number of a CSV file)."""
    cells: tuple[Cell, ...]
    fonts: tuple[str | None, ...] = ()
    """The legacy encoding each cell's font names (None: a Unicode font); empty for CSV."""

    def cell(self, index: int) -> Cell:
        """The cell in column `index` (None past the row's end)."""
        return self.cells[index] if index < len(self.cells) else None

    def font(self, index: int) -> str | None:
        """The legacy encoding the font of column `index` names, if any."""
        return self.fonts[index] if index < len(self.fonts) else None


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


def cell_text(value: Cell) -> str:
    """A cell as text for the audit copy and the error file: raw text as is, a date as
    24/07/1988, a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else \
            value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
        data = _read_file(source)
    else:
        data = source
        name = name or "tệp"
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        book: _Book = _XlsxBook(data, name, progress)
        kind = "xlsx"
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        book = _XlsBook(data, name, progress)
        kind = "xls"
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".numbers"):
        raise SheetUnreadable(f"Tệp {name} không phải dạng {suffix} như tên tệp nói, hoặc đã "
                              "bị hỏng. Hãy mở bằng Excel và lưu lại (.xlsx).")
    else:
        book = _CsvBook(data, name)
        kind = "csv"
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


def _read_file(path: Path) -> bytes:
    if path.is_dir():
        raise SheetUnreadable(f"{path} là một thư mục: hãy chọn một tệp .xlsx, .xls hoặc .csv.")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SheetUnreadable(f"Tệp {path.name} quá lớn ({size // 2**20} MB) để là danh "
                                  "sách nhân khẩu.")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SheetUnreadable(f"Không tìm thấy tệp {path}.") from exc
    except OSError as exc:
        raise SheetUnreadable(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from exc


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
        variants = ([convert(raw, font)] if font else
                    [convert(raw, e) for e in _heading_encodings(legacy)]) if not raw.isascii() \
            else [raw]
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
    return RosterFile(name, title, kind, digest, found.heading_row, columns, tuple(data),
                      mapping, encodings, title_lines, legacy, sheets, tuple(notes))


def _best_text(raw: str, font: str | None, legacy: str) -> str:
    """A lone text (a title line) in the encoding under which it reads most Vietnamese."""
    if font:
        return convert(raw, font)
    variants = [convert(raw, e) for e in _heading_encodings(legacy)]
    return max(variants, key=lambda t: vietnamese_score([t]))


# ---------------------------------------------------------------------- .xlsx


class _Book:
    """The sheets of a file: their names, and the rows of one (read when asked)."""

    def titles(self) -> list[str]:
        raise NotImplementedError

    def rows(self, title: str) -> tuple[list[RawRow], str]:
        """The non-empty rows of a sheet, and the file's legacy encoding ("" for Unicode)."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of the file."""


class _XlsxBook(_Book):
    def __init__(self, data: bytes, name: str, progress: Progress | None) -> None:
        from zipfile import BadZipFile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        self.progress = progress
        try:
            self.book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
            raise SheetUnreadable(
                f"Không đọc được tệp Excel {name}: tệp bị hỏng, có mật khẩu, hoặc không phải "
                "dạng .xlsx. Hãy mở bằng Excel và lưu lại dạng Excel Workbook (.xlsx).") from exc

    def titles(self) -> list[str]:
        return [ws.title for ws in self.book.worksheets]

    def rows(self, title: str) -> tuple[list[RawRow], str]:
        return _xlsx_rows(self.book[title], self.progress), ""

    def close(self) -> None:
        self.book.close()  # read-only mode holds the file open


class _XlsBook(_Book):
    def __init__(self, data: bytes, name: str, progress: Progress | None) -> None:
        import xlrd

        self.progress = progress
        try:
            self.book = xlrd.open_workbook(file_contents=data, formatting_info=True)
        except Exception:
            try:  # formatting records some writers make are not understood: values only
                self.book = xlrd.open_workbook(file_contents=data)
            except Exception as exc:
                raise SheetUnreadable(
                    f"Không đọc được tệp Excel {name} (.xls): tệp bị hỏng hoặc có mật khẩu. "
                    "Hãy mở bằng Excel và lưu lại dạng .xlsx.") from exc

    def titles(self) -> list[str]:
        return list(self.book.sheet_names())

    def rows(self, title: str) -> tuple[list[RawRow], str]:
        return _xls_rows(self.book, self.book.sheet_by_name(title), self.progress), ""


class _CsvBook(_Book):
    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name

    def titles(self) -> list[str]:
        return [""]

    def rows(self, title: str) -> tuple[list[RawRow], str]:
        return _csv_rows(self.data, self.name)


def _xlsx_rows(sheet: Any, progress: Progress | None) -> list[RawRow]:
    sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
    fonts: dict[Any, str | None] = {}
    rows: list[RawRow] = []
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        if number > MAX_ROWS:
            raise SheetUnreadable(f"Trang “{sheet.title}” có hơn {MAX_ROWS:,} dòng: quá lớn "
                                  "để là danh sách nhân khẩu.".replace(",", "."))
        values: list[Cell] = []
        encodings: list[str | None] = []
        for cell in cells:
            value = getattr(cell, "value", None)
            encoding = None
            if isinstance(value, str):
                value = value.strip() or None
                if value is not None and not value.isascii():
                    style = getattr(cell, "style_array", None)
                    key = getattr(style, "fontId", None)
                    if key not in fonts or key is None:
                        font = getattr(getattr(cell, "font", None), "name", None)
                        fonts[key] = font_encoding(font)
                    encoding = fonts[key]
            elif not isinstance(value, int | float | bool | date | time) and value is not None:
                value = str(value)
            values.append(value)
            encodings.append(encoding)
        if any(v is not None for v in values):
            rows.append(RawRow(number, tuple(values), tuple(encodings)))
        if progress is not None and number % 500 == 0:
            progress(number, 0)
    return rows


# ---------------------------------------------------------------------- .xls


def _xls_rows(book: Any, sheet: Any, progress: Progress | None) -> list[RawRow]:
    import xlrd

    if sheet.nrows > MAX_ROWS:
        raise SheetUnreadable(f"Trang “{sheet.name}” có hơn {MAX_ROWS:,} dòng: quá lớn để là "
                              "danh sách nhân khẩu.".replace(",", "."))
    fonts: dict[int, str | None] = {}
    formatted = bool(getattr(book, "formatting_info", False)) and bool(book.xf_list)
    rows: list[RawRow] = []
    for r in range(sheet.nrows):
        values: list[Cell] = []
        encodings: list[str | None] = []
        for c in range(sheet.ncols):
            kind, value = sheet.cell_type(r, c), sheet.cell_value(r, c)
            encoding = None
            if kind == xlrd.XL_CELL_TEXT:
                value = value.strip() or None
                if value is not None and not value.isascii() and formatted:
                    xf = sheet.cell_xf_index(r, c)
                    if xf not in fonts:
                        font_index = book.xf_list[xf].font_index
                        fonts[xf] = font_encoding(book.font_list[font_index].name)
                    encoding = fonts[xf]
            elif kind == xlrd.XL_CELL_NUMBER:
                value = int(value) if float(value).is_integer() else value
            elif kind == xlrd.XL_CELL_DATE:
                try:
                    moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                    value = moment.date() if moment.time() == time() else moment
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = str(value)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            else:
                value = None
            values.append(value)
            encodings.append(encoding)
        if any(v is not None for v in values):
            rows.append(RawRow(r + 1, tuple(values), tuple(encodings)))
        if progress is not None and (r + 1) % 500 == 0:
            progress(r + 1, sheet.nrows)
    return rows


# ---------------------------------------------------------------------- CSV


def _csv_rows(data: bytes, name: str) -> tuple[list[RawRow], str]:
    """The rows of a CSV or tab-separated text, and its legacy encoding ("" for Unicode)."""
    legacy = ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = one_byte_text(data)
            legacy = _guess_legacy(text)
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    hint = re.fullmatch(r"sep=(.)", first.strip())
    if hint:  # Excel's own first line naming the separator
        delimiter = hint.group(1)
        end = text.find("\n", text.index(first))
        text = text[end + 1:] if end >= 0 else ""
    else:
        delimiter = _delimiter(first)
    rows: list[RawRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise SheetUnreadable(f"{name} có hơn {MAX_ROWS:,} dòng: quá lớn để là danh "
                                      "sách nhân khẩu.".replace(",", "."))
            cells = tuple(cell.strip().lstrip("'").strip() or None for cell in record)
            if any(c is not None for c in cells):
                rows.append(RawRow(number, cells))
    except csv.Error as exc:
        raise SheetUnreadable(f"{name} không đọc được dạng bảng: {exc}.") from exc
    return rows, legacy


def _guess_legacy(text: str) -> str:
    """The legacy encoding under which a non-UTF-8 file reads most like Vietnamese."""
    sample = list(dict.fromkeys(text[:200_000].split()))
    scores = {enc: vietnamese_score(convert(w, enc) for w in sample)
              for enc in (CP1258, TCVN3, VNI)}
    return max(scores, key=lambda k: scores[k])  # ties: Windows-1258, the Vietnamese ANSI


def _delimiter(line: str) -> str:
    """Tab for cells pasted from Excel; else ";" or ","—whichever splits the line more."""
    if "\t" in line:
        return "\t"
    counts = {d: len(next(csv.reader([line], delimiter=d), [])) for d in _DELIMITERS}
    return max(counts, key=lambda d: counts[d]) if any(n > 1 for n in counts.values()) else ","
