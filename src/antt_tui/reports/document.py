"""A report as plain data: the parts of an administrative document (Nghị định 30/2020,
Mẫu 1.4 "Văn bản có tên loại") and the blocks of its body.

The report builders fill these in; `reports.pdf` draws them. Nothing here knows about PDF,
so the same document can be checked in tests, hashed when issued, or exported to a sheet.
All text must be NFC (the builders normalise; the renderer checks).

A document has a format (`Document.format_version`) that says how it is drawn. An issued
report is stored as data and printed again years later, so the renderer keeps drawing every
format it ever drew, byte for byte:

- 1: the first format (stored without the field). The footer note and QR code sit in the
  bottom margin.
- 2: the footer note and QR code sit inside the text area, so every margin of Nghị định 30
  stays clear except for the page number at the top.

A block that gains a field gives it a default, so older stored documents still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antt_tui.domain.errors import DomainError

FORMAT = 2
"""The document format this version writes."""
FORMATS = (1, 2)
"""Every format this version can draw."""


class NewerFormat(DomainError):
    """A stored report was written by a newer version of the program, which this one can
    neither print nor check."""

    def __init__(self, what: str, version: int) -> None:
        super().__init__(f"{what} dạng {version} do phiên bản mới hơn của chương trình ghi; "
                         "hãy cập nhật chương trình để in hoặc kiểm tra báo cáo này.")


@dataclass(frozen=True, slots=True)
class Header:
    """The two-column header (ô 1–4 of ND 30).

    Left: `parent_body` (upper case, not bold, e.g. "CÔNG AN TỈNH HƯNG YÊN"), `issuing_body`
    (upper case, bold, e.g. "CÔNG AN XÃ TÂN LẬP") with a short line under it, then `number`
    ("Số: 05/BC-CAX"). Right: the national name and motto with its line, then `place_date`
    in italics ("Tân Lập, ngày 05 tháng 01 năm 2026") on the same line as the number.
    """

    parent_body: str
    issuing_body: str
    number: str
    place_date: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading. Level 1: "I. ĐẶC ĐIỂM TÌNH HÌNH" (upper case, bold); level 2:
    "1. Công tác tuyên truyền" (bold); level 3: "a) …" (bold italic)."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text: justified, first line indented 1 cm unless `indent` is False."""

    text: str
    indent: bool = True
    italic: bool = False
    bold: bool = False
    align: str = "J"
    """"J" justified, "C" centred, "L" left, "R" right."""


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, its share of the text width, and its alignment."""

    title: str
    weight: float = 1.0
    align: str = "L"
    """"L", "C" or "R" (numbers are right-aligned)."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose heading row repeats on every page and whose rows are never cut.

    Cells wrap inside their column. Rows listed in `bold_rows` (indexes into `rows`) are bold
    (totals, group lines). An empty table prints `empty_text` instead.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    """A caption above the table (bold, centred), e.g. "Bảng 1. Tình hình vụ việc"."""
    bold_rows: tuple[int, ...] = ()
    font_size: float = 11
    empty_text: str = "Không có."


@dataclass(frozen=True, slots=True)
class BarChart:
    """A grouped bar chart drawn with lines and rectangles (no image library).

    `categories` run along the bottom (e.g. "T1" … "T12"); each series is (label, values)
    with one value per category. A legend names the series.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    height_mm: float = 60


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True, slots=True)
class Appendix:
    """An appendix on new pages: "Phụ lục I" (bold), its title in upper case bold, then
    "(Kèm theo Báo cáo số … ngày … của …)" in italics, then its blocks. Appendix pages are
    numbered on their own (ND 30)."""

    number: str
    title: str
    subtitle: str
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | Table | BarChart | PageBreak


@dataclass(frozen=True, slots=True)
class Signature:
    """The signature block (ô 7), right half: authority lines in upper case bold (e.g.
    ("KT. TRƯỞNG CÔNG AN XÃ", "PHÓ TRƯỞNG CÔNG AN XÃ")), space for signature and seal,
    then the signer's name in bold."""

    authority: tuple[str, ...]
    name: str


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report."""

    header: Header
    kind: str
    """Tên loại, e.g. "BÁO CÁO"."""
    summary: str
    """Trích yếu, bold under the kind, with a short line under it (may hold "\\n")."""
    blocks: tuple[Block, ...]
    signature: Signature
    recipients: tuple[str, ...]
    """Nơi nhận lines at the bottom left, e.g. ("Như trên;", "Đảng ủy xã;", "Lưu: VT, CAX.")
    — the renderer prints each with a leading "- "."""
    kinh_gui: tuple[str, ...] = ()
    """"Kính gửi: …" recipients under the title (one per line), none when empty."""
    appendices: tuple[Appendix, ...] = ()
    footer_note: str = ""
    """A small line at the bottom of every page (e.g. the issued report's hash)."""
    qr_payload: str = ""
    """Text of a QR code drawn at the bottom right of every page (an issued report's check
    code, to find and verify it); none when empty."""
    title_meta: str = ""
    """The PDF's title metadata."""
    metadata: dict[str, str] = field(default_factory=dict)
    """Extra key/values kept with the document (period, unit …), not printed."""
    format_version: int = FORMAT
    """How the document is drawn (see the module docstring); a stored document without it
    is format 1."""
