"""A report's tables as a spreadsheet (.xlsx) or as CSV files, for offices that work in Excel.

The workbook opens on a sheet "Báo cáo" with the report's text (header, title, summary,
headings and paragraphs, one per row), then has one sheet per table of the body and of each
appendix. Cells the builder printed as numbers ("1.234", "+2", "97,5%") become numbers with a
matching format, so totals and charts work; everything else stays text. The same document
always gives the same bytes: the workbook's dates and the zip entries' dates come from the
document, never from the clock.

CSV files keep the printed text exactly (UTF-8 with a BOM, "," between cells, CRLF lines).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from antt_tui.reports.document import BarChart, Block, Document, Heading, Paragraph, Table

FIRST_SHEET = "Báo cáo"
"""The name of the sheet that holds the report's text."""
FALLBACK_CREATED = datetime(2000, 1, 1)
"""The workbook's date when the document carries no "created" metadata."""
MAX_WIDTH = 60
"""Widest table column, in characters; longer cells wrap."""
TEXT_WIDTH = 100
"""Width of the text column of the sheet "Báo cáo", in characters."""
PORTRAIT_WIDTH = 90
"""A table wider than this (in characters) prints in landscape."""
HEADING_FILL = "D9E1F2"
"""Shade of a table's heading row (light blue)."""

_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<int>0|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,14})"
                     r"(?:,(?P<dec>\d+))?(?P<pct>%?)")
"""A number as `compose.num`, `pct` and `change_pct` print it ("1.234", "+2", "-13,1%"), or
plain digits ("1234", at most 15 so Excel keeps them exact) without a leading zero."""
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these would be read by Excel as a formula."""


@dataclass(frozen=True, slots=True)
class SheetTable:
    """One table of the document with the names it is exported under."""

    sheet: str
    """Worksheet name: unique, at most 31 characters, none of []:*?/\\."""
    file: str
    """CSV file name, e.g. "bang-1-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv"."""
    caption: str
    """The line above the table: its title, else the heading it sits under."""
    table: Table


# ====================================================================== finding the tables

def tables(document: Document) -> list[SheetTable]:
    """The tables of the body, then of each appendix, in order, with their export names."""
    sheets: set[str] = {FIRST_SHEET.casefold()}
    files: set[str] = set()
    out = []
    for n, (table, fallback, context) in enumerate(_walk(document), 1):
        name = table.title or fallback or f"Bảng {n}"
        out.append(SheetTable(_unique_sheet(name, sheets), _unique_file(slug(name), files),
                              table.title or context, table))
    return out


def _walk(document: Document) -> Iterator[tuple[Table, str, str]]:
    """(table, name when untitled, the heading above it) for every table."""
    context = ""
    for block in document.blocks:
        if isinstance(block, Heading):
            context = block.text
        elif isinstance(block, Table):
            yield block, "", context
    for appendix in document.appendices:
        found = [b for b in appendix.blocks if isinstance(b, Table)]
        for k, table in enumerate(found, 1):
            name = appendix.number if len(found) == 1 else f"{appendix.number} ({k})"
            yield table, name, f"{appendix.number}. {appendix.title}"


def _unique_sheet(name: str, taken: set[str]) -> str:
    base = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'") or "Bảng"
    candidate, n = _cut(base, 31), 1
    while candidate.casefold() in taken:  # Excel compares sheet names without case
        n += 1
        suffix = f" ({n})"
        candidate = _cut(base, 31 - len(suffix)) + suffix
    taken.add(candidate.casefold())
    return candidate


def _cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a space when one is near the end."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" .,;-–")


def slug(text: str, limit: int = 60) -> str:
    """"Bảng 1. Tình hình vụ việc" → "bang-1-tinh-hinh-vu-viec": ASCII, lower case, at most
    `limit` characters, cut between words."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        joined = f"{out}-{word}" if out else word
        if len(joined) > limit:
            break
        out = joined
    return out or (words[0][:limit] if words else "bang")


def _unique_file(stem: str, taken: set[str]) -> str:
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate)
    return f"{candidate}.csv"


# ====================================================================== cells

def number(text: str) -> tuple[int | float, str] | None:
    """A printed number as (value, Excel number format), or None for text.

    "1.234" → (1234, "#,##0"); "+2" → (2, "+#,##0;-#,##0;#,##0"), so the sign still shows;
    "-13,1%" → (-0.131, "0.0%"); "0%" → (0, "0%"). Digits with a leading zero
    ("033075001234"), dates, codes, "—" and "tăng" stay text.
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    digits = match["int"].replace(".", "") + (f".{match['dec']}" if match["dec"] else "")
    value = Decimal(f"{match['sign']}{digits}")
    places = len(match["dec"] or "")
    if match["pct"]:
        value /= 100
        fmt = "0" + ("." + "0" * places if places else "") + "%"
    else:
        fmt = "#,##0" + ("." + "0" * places if places else "")
    if match["sign"] == "+":  # keep the printed sign ("+0,0%" too)
        fmt = f"+{fmt};-{fmt};{fmt if value else '+' + fmt}"
    result: int | float = int(value) if value == value.to_integral_value() else float(value)
    return result, fmt


def _clean(text: str) -> str:
    """NFC text without the control characters an .xlsx cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", text))


# ====================================================================== xlsx

def to_xlsx(document: Document) -> bytes:
    """The report as an .xlsx workbook (same document, same bytes)."""
    book = Workbook()
    found = tables(document)
    _text_sheet(book.active, document, [t.sheet for t in found])
    for item in found:
        _table_sheet(book.create_sheet(item.sheet), item)
    created = _created(document)
    book.properties.created = book.properties.modified = created
    book.properties.title = _clean(document.title_meta) or None
    book.properties.creator = _clean(document.header.issuing_body) or None
    raw = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as "modified".
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip(raw.getvalue(), created)


def _created(document: Document) -> datetime:
    try:
        return datetime.fromisoformat(document.metadata["created"]).replace(tzinfo=None)
    except (KeyError, ValueError):
        return FALLBACK_CREATED


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same archive with every entry dated `when` (zipfile would write the current
    time) and the same attributes whatever the operating system."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(entry))
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class _Line:
    """One row of the sheet "Báo cáo"."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""
    """The sheet this row points to (a table's reference)."""


def _lines(document: Document, sheets: list[str]) -> Iterator[_Line]:
    """The report's words in reading order: header, title, body, signature, appendices;
    `sheets` names the tables' sheets in the same order."""
    names = iter(sheets)

    def blocks(items: tuple[Block, ...]) -> Iterator[_Line]:
        for block in items:
            if isinstance(block, Heading):
                yield _Line(block.text, bold=True, italic=block.level >= 3)
            elif isinstance(block, Paragraph):
                yield _Line(block.text, bold=block.bold, italic=block.italic)
            elif isinstance(block, Table):
                name = next(names)
                yield _Line(f"→ {block.title or 'Bảng'}: xem trang tính “{name}”", italic=True,
                            link=name)
            elif isinstance(block, BarChart):
                yield _Line(f"→ {block.title}: xem bản PDF", italic=True)

    h = document.header
    yield from (_Line(h.parent_body), _Line(h.issuing_body, bold=True), _Line(h.number),
                _Line(h.place_date, italic=True), _Line(""), _Line(document.kind, bold=True),
                _Line(document.summary, bold=True))
    yield from (_Line(f"Kính gửi: {line}") for line in document.kinh_gui)
    yield _Line("")
    yield from blocks(document.blocks)
    yield _Line("")
    yield from (_Line(line, bold=True) for line in document.signature.authority)
    yield _Line(document.signature.name, bold=True)
    for appendix in document.appendices:
        yield from (_Line(""), _Line(appendix.number, bold=True),
                    _Line(appendix.title, bold=True), _Line(appendix.subtitle, italic=True))
        yield from blocks(appendix.blocks)
    if document.footer_note:
        yield from (_Line(""), _Line(document.footer_note, italic=True))


def _text_sheet(ws: Worksheet, document: Document, sheets: list[str]) -> None:
    """Sheet "Báo cáo": one paragraph per row, wrapped in one wide column."""
    ws.title = FIRST_SHEET
    ws.column_dimensions["A"].width = TEXT_WIDTH
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, line in enumerate(_lines(document, sheets), 1):
        cell = ws.cell(row, 1)
        _set_text(cell, line.text)
        cell.alignment = wrap
        if line.bold or line.italic or line.link:
            cell.font = Font(bold=line.bold, italic=line.italic,
                             underline="single" if line.link else None)
        if line.link:
            target = line.link.replace("'", "''")
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{target}'!A1")
        height = sum(max(1, -(-len(part) // (TEXT_WIDTH - 5))) for part in line.text.split("\n"))
        if height > 1:  # Excel does not grow a row for wrapped text it did not lay out itself
            ws.row_dimensions[row].height = 15 * height


def _table_sheet(ws: Worksheet, item: SheetTable) -> None:
    """A table: its caption on row 1, the heading row (bold, shaded, frozen) on row 2."""
    table = item.table
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    aligns = {"L": "left", "C": "center", "R": "right"}
    _set_text(ws.cell(1, 1), item.caption)
    ws.cell(1, 1).font = Font(bold=True)
    # A heading may wrap onto two lines, so it asks for half its length (or its longest word).
    widths = [max(-(-len(c.title) // 2), *(len(w) for w in c.title.split()), 1)
              for c in table.columns]
    for col, column in enumerate(table.columns, 1):
        cell = ws.cell(2, col)
        _set_text(cell, column.title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color=HEADING_FILL, end_color=HEADING_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    bold_rows = set(table.bold_rows)
    for r, row in enumerate(table.rows):
        for col, (text, column) in enumerate(zip(row, table.columns, strict=False), 1):
            cell = ws.cell(r + 3, col)
            parsed = number(text)
            if parsed is None:
                _set_text(cell, text)
            else:
                cell.value, cell.number_format = parsed
            cell.alignment = Alignment(horizontal=aligns.get(column.align, "left"),
                                       vertical="top", wrap_text=len(text) > MAX_WIDTH)
            cell.border = border
            if r in bold_rows:
                cell.font = Font(bold=True)
            widths[col - 1] = max(widths[col - 1], *(len(p) for p in text.split("\n")))
    if not table.rows:
        _set_text(ws.cell(3, 1), table.empty_text)
        ws.cell(3, 1).font = Font(italic=True)
    widths = [min(MAX_WIDTH, max(6, width)) + 2 for width in widths]
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    lines = max((-(-len(c.title) // (w - 2)) for c, w in zip(table.columns, widths, strict=False)),
                default=1)
    if lines > 1:  # Excel does not grow a row for wrapped text it did not lay out itself
        ws.row_dimensions[2].height = 15 * lines
    ws.freeze_panes = "A3"
    if table.rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{len(table.rows) + 2}"
    # On paper: as wide as the page (landscape for wide tables), the heading on every page.
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _set_text(cell: Cell, text: str) -> None:
    """Put `text` in `cell` as text, even when it starts with "=" (openpyxl would store a
    formula)."""
    cell.value = _clean(text) if text else None
    if cell.data_type == "f":
        cell.data_type = "s"


# ====================================================================== csv

def to_csv(document: Document) -> dict[str, bytes]:
    """One CSV per table, by file name: the heading row, then the rows as printed.

    UTF-8 with a BOM so that Excel on Windows reads the Vietnamese letters; "," between
    cells, quoted where needed, CRLF line ends. A text cell that Excel would run as a formula
    ("=…", "@…", "- …") gets a leading "'" (numbers such as "+2" and "-13,1%" do not).
    """
    out = {}
    for item in tables(document):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([_csv_cell(c.title) for c in item.table.columns])
        writer.writerows([_csv_cell(cell) for cell in row] for row in item.table.rows)
        out[item.file] = buffer.getvalue().encode("utf-8-sig")
    return out


def _csv_cell(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if text.startswith(_FORMULA_START) and number(text) is None:
        return f"'{text}"
    return text
