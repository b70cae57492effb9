"""The rows of a roster file as the file holds them: .xlsx, .xls or CSV.

Every cell keeps its raw text (stripped, not converted: the import keeps it for audit), with
the legacy encoding its font names (".VnTime" → TCVN3) where an Excel file tells it; a CSV
file not in Unicode is read one byte per character and the encoding that reads it best is
told for the whole file. `open_book` recognises a file by its first bytes, not its name.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from antt_tui.domain.legacy import vietnamese_score
from antt_tui.roster.roster_import.encodings import (
    CP1258,
    TCVN3,
    TCVN3_UPPER,
    VNI,
    convert,
    font_encoding,
    one_byte_text,
)
from antt_tui.roster.spreadsheet import MAX_BYTES, MAX_ROWS, SheetUnreadable

__all__ = ["Book", "Cell", "Progress", "RawRow", "cell_text", "file_bytes", "open_book"]

Cell = str | int | float | bool | date | time | None
"""A cell as the file holds it: raw text (stripped, not converted), a number, a yes/no, a
date or date-time, a time, or empty."""
Progress = Callable[[int, int], None]

_DELIMITERS = (";", ",")
_GUARDED = frozenset("=+-@\t\r")
"""What a "'" in front of a CSV cell protects from Excel (see `_unguarded`)."""


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


def file_bytes(path: Path) -> bytes:
    """The bytes of a roster file; `SheetUnreadable` saying why not (none, a folder, too
    big, unreadable)."""
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


class Book:
    """The sheets of a file: their names, and the rows of one (read when asked)."""

    def titles(self) -> list[str]:
        """The sheets' names, in order ("" for the one table of a CSV file)."""
        raise NotImplementedError

    def rows(self, title: str) -> tuple[list[RawRow], str]:
        """The non-empty rows of a sheet, and the file's legacy encoding ("" for Unicode)."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of the file."""


def open_book(data: bytes, name: str, progress: Progress | None = None) -> tuple[Book, str]:
    """The file's sheets, and its kind ("xlsx", "xls", "csv"), told by its first bytes."""
    suffix = Path(name).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        book: Book = _XlsxBook(data, name, progress)
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
    return book, kind


# ---------------------------------------------------------------------- .xlsx


class _XlsxBook(Book):
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


class _XlsBook(Book):
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


class _CsvBook(Book):
    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name

    def titles(self) -> list[str]:
        return [""]

    def rows(self, title: str) -> tuple[list[RawRow], str]:
        return _csv_rows(self.data, self.name)


def _xlsx_rows(sheet: Any, progress: Progress | None) -> list[RawRow]:
    # The size the sheet says it has gives the progress a total; it is only a hint: some
    # programs write a wrong size, so every row there is gets read all the same.
    expected = sheet.max_row if isinstance(sheet.max_row, int) else 0
    sheet.reset_dimensions()
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
                if value is not None:
                    style = getattr(cell, "style_array", None)
                    key = getattr(style, "fontId", None)
                    if key not in fonts or key is None:
                        font = getattr(getattr(cell, "font", None), "name", None)
                        fonts[key] = font_encoding(font)
                    encoding = _told(value, fonts[key])
            elif not isinstance(value, int | float | bool | date | time) and value is not None:
                value = str(value)
            values.append(value)
            encodings.append(encoding)
        if any(v is not None for v in values):
            rows.append(RawRow(number, tuple(values), tuple(encodings)))
        if progress is not None and number % 500 == 0:
            progress(number, expected if number <= expected else 0)
    if progress is not None and rows:
        progress(rows[-1].number, rows[-1].number)
    return rows


def _told(text: str, encoding: str | None) -> str | None:
    """The encoding a cell's font tells for its text: none for plain ASCII, which reads the
    same in every font but a capitals one (.VnTimeH shows "an" as "AN")."""
    return encoding if encoding == TCVN3_UPPER or not text.isascii() else None


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
                if value is not None and formatted:
                    xf = sheet.cell_xf_index(r, c)
                    if xf not in fonts:
                        font_index = book.xf_list[xf].font_index
                        fonts[xf] = font_encoding(book.font_list[font_index].name)
                    encoding = _told(value, fonts[xf])
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
        if progress is not None and ((r + 1) % 500 == 0 or r + 1 == sheet.nrows):
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
            cells = tuple(_unguarded(cell.strip()) or None for cell in record)
            if any(c is not None for c in cells):
                rows.append(RawRow(number, cells))
    except csv.Error as exc:
        raise SheetUnreadable(f"{name} không đọc được dạng bảng: {exc}.") from exc
    return rows, legacy


def _unguarded(cell: str) -> str:
    """A CSV cell without the "'" a program puts before text Excel would otherwise run as a
    formula (`roster_export` writes "'=…", "'-…") or read as a number ("'033…")."""
    if len(cell) > 1 and cell[0] == "'" and (cell[1] in _GUARDED or cell[1].isdigit()):
        return cell[1:].strip()
    return cell


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
