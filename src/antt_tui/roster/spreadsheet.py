"""Rows of a spreadsheet an officer brings: an .xlsx file, a CSV or text file, or cells pasted
from Excel (tab-separated), with Vietnamese in legacy encodings read right.

Each source gives `SheetRows`: the rows with the numbers Excel shows beside them, cells as
typed values (text in NFC, dates, times, numbers). Where the bytes are not UTF-8 the encoding
(Windows-1258, TCVN3, VNI) is guessed from how Vietnamese the text reads; in an .xlsx file a
cell drawn in a legacy font (.VnTime, VNI-Times) is converted by its font. `legacy_columns`
then finds columns still holding TCVN3 or VNI text shown as Latin letters ("NguyÔn").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from antt_tui.domain.errors import DomainError
from antt_tui.domain.legacy import (
    CP1258,
    ENCODING_NAMES,
    TCVN3,
    UNICODE,
    VNI,
    decode_legacy,
    from_tcvn3,
    from_vni,
    legacy_font,
    vietnamese_score,
)

__all__ = ["MAX_ROWS", "SheetRows", "SheetUnreadable", "legacy_columns", "read_bytes",
           "read_path", "read_text"]

Cell = str | int | float | bool | date | time | None
"""A cell as read: text (NFC), a number, a yes/no, a date or date-time, a time, or empty."""

MAX_ROWS = 50_000
"""More rows than a commune records in many years: a bigger file is refused, not read."""
MAX_BYTES = 50 * 2**20
"""A CSV or text file larger than this is refused before being read."""
_SAMPLE = 400
"""Distinct texts of a column read to tell its encoding."""
_DELIMITERS = ("\t", ";", ",")
_EXCEL = (".xlsx", ".xlsm")


class SheetUnreadable(DomainError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class SheetRows:
    """The rows of one sheet (or one CSV file, or one paste)."""

    source: str
    """How the officer names it: "vu-viec.xlsx, trang “Vụ việc”", "văn bản dán"."""
    rows: list[tuple[int, list[Cell]]]
    """(row number as Excel shows it, cells) for every row that is not empty."""
    encoding: str = UNICODE
    """The legacy encoding the bytes (or most cells) were in, or UNICODE."""

    @property
    def encoding_name(self) -> str:
        """The encoding as a preview names it ("TCVN3 (ABC)")."""
        return ENCODING_NAMES.get(self.encoding, self.encoding)


# ---------------------------------------------------------------------- entry points


def read_path(path: Path) -> Iterator[SheetRows]:
    """The sheets of an .xlsx file in order, or the one table of a CSV or text file."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SheetUnreadable(
            f"Tệp {path.name} là dạng Excel 97–2003 (.xls), chương trình chưa đọc được. "
            "Hãy mở tệp bằng Excel rồi “Lưu thành” (Save As) dạng Excel Workbook (.xlsx).")
    if suffix in (".ods", ".numbers"):
        raise SheetUnreadable(f"Tệp {path.name} chưa đọc được: hãy lưu thành .xlsx hoặc .csv.")
    if path.is_dir():
        raise SheetUnreadable(f"{path} là một thư mục: hãy chọn một tệp .xlsx hoặc .csv.")
    if not path.is_file():
        raise SheetUnreadable(f"Không tìm thấy tệp {path}.")
    if suffix in _EXCEL:
        yield from _read_xlsx(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SheetUnreadable(f"Tệp {path.name} quá lớn ({size // 2**20} MB) để là danh "
                                  "sách vụ việc.")
        data = path.read_bytes()
    except OSError as exc:
        raise SheetUnreadable(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from exc
    if data[:4] == b"PK\x03\x04":  # an .xlsx saved under another name
        yield from _read_xlsx(path)
        return
    yield read_bytes(data, path.name)


def read_bytes(data: bytes, source: str) -> SheetRows:
    """A CSV or tab-separated text as bytes: UTF-8 (with or without BOM), UTF-16 with BOM
    (Excel's "Unicode Text"), or a legacy encoding guessed from the text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16", errors="replace"), UNICODE
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), UNICODE
        except UnicodeDecodeError:
            encoding = _guess_bytes(data)
            text = decode_legacy(data, encoding)
    sheet = read_text(text, source=source)
    return SheetRows(sheet.source, sheet.rows, encoding)


def read_text(text: str, *, source: str = "văn bản dán") -> SheetRows:
    """Cells pasted from Excel (tab-separated) or CSV text (";" or "," between cells)."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    hint = re.fullmatch(r"sep=(.)", first.strip())
    if hint:  # Excel's own first line naming the separator; Excel does not show it as a row
        delimiter = hint.group(1)
        end = text.find("\n", text.index(first))
        text = text[end + 1:] if end >= 0 else ""
    else:
        delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise SheetUnreadable(f"{source} có hơn {MAX_ROWS:,} dòng: quá lớn để là danh "
                                      "sách vụ việc.".replace(",", "."))
            cells: list[Cell] = [cell.strip() or None for cell in record]
            if any(c is not None for c in cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise SheetUnreadable(f"{source} không đọc được dạng bảng: {exc}.") from exc
    return SheetRows(source, rows)


def legacy_columns(rows: Sequence[Sequence[Cell]]) -> dict[int, str]:
    """Columns whose text is TCVN3 or VNI shown as Latin letters, by column index.

    A column is converted only when the converted text reads clearly more Vietnamese than
    the text as it is, so Unicode text is never touched.
    """
    found: dict[int, str] = {}
    width = max((len(r) for r in rows), default=0)
    for col in range(width):
        # A sample of the distinct texts decides; a column repeats its village names.
        texts = list(dict.fromkeys(c for r in rows if col < len(r)
                                   and isinstance(c := r[col], str) and not c.isascii()))
        texts = texts[:_SAMPLE]
        if not texts:
            continue
        as_is = vietnamese_score(texts)
        scores = {TCVN3: vietnamese_score(from_tcvn3(t) for t in texts),
                  VNI: vietnamese_score(from_vni(t) for t in texts)}
        best = max(scores, key=lambda k: scores[k])
        if scores[best] > as_is and scores[best] > 0:
            found[col] = best
    return found


# ---------------------------------------------------------------------- helpers


def _guess_bytes(data: bytes) -> str:
    """The legacy encoding under which non-UTF-8 bytes read most like Vietnamese."""
    sample = data[:200_000]
    scores = {enc: vietnamese_score([decode_legacy(sample, enc)])
              for enc in (CP1258, TCVN3, VNI)}
    return max(scores, key=lambda k: scores[k])  # ties: Windows-1258, the Vietnamese ANSI


def _delimiter(line: str) -> str:
    """Tab for cells pasted from Excel; else ";" or "," — whichever splits the heading
    line into more cells."""
    if "\t" in line:
        return "\t"
    counts = {d: len(next(csv.reader([line], delimiter=d), [])) for d in _DELIMITERS[1:]}
    return max(counts, key=lambda d: counts[d]) if any(n > 1 for n in counts.values()) else ","


def _read_xlsx(path: Path) -> Iterator[SheetRows]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise SheetUnreadable(
            f"Không đọc được tệp Excel {path.name}: tệp bị hỏng, có mật khẩu, hoặc không phải "
            "dạng .xlsx. Hãy mở bằng Excel và lưu lại dạng Excel Workbook (.xlsx).") from exc
    try:
        for sheet in book.worksheets:
            yield _sheet_rows(path.name, sheet)
    finally:
        book.close()  # read-only mode holds the file open (Windows could not move it)


def _sheet_rows(file_name: str, sheet: Any) -> SheetRows:
    source = f"{file_name}, trang “{sheet.title}”"
    sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
    rows: list[tuple[int, list[Cell]]] = []
    legacy: Counter[str] = Counter()
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        if number > MAX_ROWS:
            raise SheetUnreadable(f"{source} có hơn {MAX_ROWS:,} dòng: quá lớn để là danh sách "
                                  "vụ việc.".replace(",", "."))
        values: list[Cell] = []
        for cell in cells:
            value, encoding = _cell_value(cell)
            values.append(value)
            if encoding:
                legacy[encoding] += 1
        if any(v is not None for v in values):
            rows.append((number, values))
    return SheetRows(source, rows, legacy.most_common(1)[0][0] if legacy else UNICODE)


def _cell_value(cell: Any) -> tuple[Cell, str]:
    """A cell's value, with text in a legacy font converted; and that font's encoding ("" for
    none)."""
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            return None, ""
        font = legacy_font(getattr(getattr(cell, "font", None), "name", None))
        if font is not None and not text.isascii():
            encoding, upper = font
            return (from_tcvn3(text, upper=upper) if encoding == TCVN3
                    else from_vni(text)), encoding
        return text, ""
    if isinstance(value, datetime | date | time | int | float | bool) or value is None:
        return value, ""
    return str(value), ""
