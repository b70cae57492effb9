"""Draw a `Document` as an A4 PDF laid out per Nghị định 30/2020/NĐ-CP (Phụ lục I).

`render(document)` returns the PDF bytes. Liberation Serif 2.1.5 (Times New Roman metrics,
all 134 Vietnamese letters) ships in `antt_tui/fonts` and is embedded as a subset. Text must
be NFC: the renderer raises `ValueError` on anything else rather than guessing, because NFD
text prints with misplaced marks (TECH-NOTES 2.6) and means a builder skipped normalisation.

Long tables are drawn row by row with `text()` and `rect()` (not `FPDF.table()`, which lays
every cell out twice; TECH-NOTES 2.5), with the heading row repeated on each page. The same
document always gives the same bytes: the creation date comes from `metadata["created"]`.

Every document format (`reports.document.FORMATS`) is drawn as it always was, so an issued
report printed again after an upgrade gives the bytes it was issued with. Format 2 keeps the
footer note and the QR code inside the text area, on a band above the bottom margin, and the
body stops above that band.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

from fpdf import FPDF

from antt_tui.domain.numbers import vn_number
from antt_tui.reports.document import (
    FORMATS,
    Appendix,
    BarChart,
    Block,
    Document,
    Heading,
    NewerFormat,
    PageBreak,
    Paragraph,
    Table,
)

FAMILY = "LiberationSerif"
"""The one font family the reports use (Liberation Serif 2.1.5, SIL OFL 1.1)."""

_FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

PT = 25.4 / 72
"""One typographic point in millimetres."""

MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
BODY_PT = 13
LINE = 1.25
"""Line height as a multiple of the font size (Word's "single" for Times is about 1.15)."""
INDENT = 10.0
PARA_GAP = 6 * PT
SIGN_GAP = 25.0
"""Room for the signature and the seal between the authority lines and the name."""
QR_MM = 14.0
"""Side of the QR code in the footer of an issued report, in mm."""
NOTE_MM = 4.0
"""Height of the footer note's line, in mm."""
FOOTER_GAP = 3.0
"""Space between the body and the footer band (format 2), in mm."""

VIETNAM = timezone(timedelta(hours=7))
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_CHART_COLOURS = ((47, 84, 150), (237, 125, 49), (150, 150, 150), (255, 192, 0), (91, 155, 213))
"""Series fills: they also differ in lightness, so a black-and-white print keeps them apart."""
_BREAK_BEFORE = frozenset(("và", "của", "về", "tại", "ngày", "–", "-"))
"""Words a centred title may well break before (a typist would not end a line on them)."""
_HEAD_FILL = (225, 225, 225)
_GRID = (200, 200, 200)


def fonts_dir() -> Path:
    """The folder of the bundled TTF files and their licence (inside the package)."""
    return Path(str(resources.files("antt_tui"))) / "fonts"


def render(document: Document) -> bytes:
    """The document as PDF bytes; `ValueError` if any text is not NFC or a table is ragged."""
    _check_nfc(document)
    pdf = _ReportPDF(document)
    pdf.draw()
    return bytes(pdf.output())


def _check_nfc(document: Document) -> None:
    for where, text in _strings(document, "document"):
        if not unicodedata.is_normalized("NFC", text):
            raise ValueError(
                f"{where} is not NFC Unicode ({text[:40]!r}); normalise with "
                "unicodedata.normalize('NFC', …) before rendering"
            )


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif is_dataclass(value):
        for f in fields(value):
            yield from _strings(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, f"{where} key")
            yield from _strings(item, f"{where}[{key!r}]")


def _creation_date(document: Document) -> datetime:
    raw = document.metadata.get("created", "")
    if not raw:
        return EPOCH
    try:
        when = datetime.fromisoformat(raw)
    except ValueError as error:
        raise ValueError(f"metadata['created'] is not an ISO date-time: {raw!r}") from error
    # A naive time is Vietnam's; never the machine's zone, which would change the bytes.
    return when if when.tzinfo else when.replace(tzinfo=VIETNAM)


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())



class _ReportPDF(FPDF):
    """One rendering of one document; `header()` and `footer()` run on every page."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = document
        self._section_start = 1
        self._new_section = False
        self.alias_nb_pages(None)  # "{nb}" in a name or note must print as typed
        if document.format_version not in FORMATS:
            raise NewerFormat("Báo cáo", document.format_version)
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, MARGIN_BOTTOM + self._footer_band())
        folder = fonts_dir()
        for style, name in _FONT_FILES.items():
            self.add_font(FAMILY, style, str(folder / name))
        self.set_creation_date(_creation_date(document))
        # No version number: an issued report reprinted after an upgrade keeps its bytes.
        self.set_producer("antt_tui (fpdf2)")
        self.set_creator("antt_tui")
        self.set_lang("vi-VN")
        title = document.title_meta or f"{document.kind} {document.summary}".replace("\n", " ")
        self.set_title(title)
        self.set_author(document.header.issuing_body)
        self.set_font(FAMILY, "", BODY_PT)

    @property
    def text_w(self) -> float:
        """Width between the left and right margins."""
        return self.w - self.l_margin - self.r_margin

    # -- every page ---------------------------------------------------------------------------

    def header(self) -> None:
        """Page number centred in the top margin, from the 2nd page of each numbering run."""
        if self._new_section:
            self._section_start, self._new_section = self.page_no(), False
        number = self.page_no() - self._section_start + 1
        if number >= 2:
            self.set_font(FAMILY, "", BODY_PT)
            self.set_xy(self.l_margin, 7)
            self.cell(self.text_w, 6, str(number), align="C")
        self.set_xy(self.l_margin, self.t_margin)

    def _footer_band(self) -> float:
        """Height kept for the footer at the bottom of the text area (format 2): the QR
        code's, or the note's line; none in format 1, whose footer sits in the margin."""
        doc = self.doc
        if doc.format_version < 2 or not (doc.qr_payload or doc.footer_note):
            return 0.0
        return (QR_MM if doc.qr_payload else NOTE_MM) + FOOTER_GAP

    def footer(self) -> None:
        """`footer_note` in small type at the bottom of every page, and the QR code of
        `qr_payload` at the bottom right: inside the text area (format 2), or in the bottom
        margin (format 1)."""
        if self.doc.format_version < 2:
            self._footer_in_margin()
            return
        bottom = self.h - MARGIN_BOTTOM
        width = self.text_w
        if self.doc.qr_payload:
            width -= QR_MM + 2
            self.image(self._qr_png(), x=self.w - self.r_margin - QR_MM, y=bottom - QR_MM,
                       w=QR_MM, h=QR_MM)
        if self.doc.footer_note:
            self.set_font(FAMILY, "", 8)
            self.set_xy(self.l_margin, bottom - NOTE_MM)
            self.cell(width, NOTE_MM, self.doc.footer_note, align="L")

    def _footer_in_margin(self) -> None:
        """Format 1: the note 8.5 mm above the page's edge, the QR code 5 mm above it."""
        width = self.text_w
        if self.doc.qr_payload:
            width -= QR_MM + 2
            self.image(self._qr_png(), x=self.w - self.r_margin - QR_MM, y=self.h - QR_MM - 5,
                       w=QR_MM, h=QR_MM)
        if self.doc.footer_note:
            self.set_font(FAMILY, "", 8)
            self.set_xy(self.l_margin, self.h - 12)
            self.cell(width, 4, self.doc.footer_note, align="C")

    def _qr_png(self) -> io.BytesIO:
        """The QR code as a PNG (made once; fpdf2 embeds one image for every page)."""
        if not hasattr(self, "_qr"):
            import segno

            buffer = io.BytesIO()
            segno.make(self.doc.qr_payload, error="m").save(buffer, kind="png", scale=4,
                                                              border=1)
            self._qr = buffer.getvalue()
        return io.BytesIO(self._qr)

    # -- helpers ------------------------------------------------------------------------------

    def _width(self, text: str) -> float:
        """`get_string_width` without its bidi and style pass, 20x faster (no shaping, spacing
        or stretching is ever used here, so the sum of advances is exact)."""
        advances = self.current_font.cw
        return sum(advances[ord(c)] for c in text) * self.font_size_pt * 0.001 / self.k

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap with the current font; a word wider than `width` is cut."""
        space = self._width(" ")
        out: list[str] = []
        for part in text.split("\n"):
            if self._width(part) <= width:
                out.append(part)
                continue
            line, line_w = "", 0.0
            for word in part.split(" "):
                word_w = self._width(word)
                if line and line_w + space + word_w <= width:
                    line, line_w = f"{line} {word}", line_w + space + word_w
                    continue
                if line:
                    out.append(line)
                while word_w > width and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and self._width(word[:cut]) > width:
                        cut -= 1
                    out.append(word[:cut])
                    word = word[cut:]
                    word_w = self._width(word)
                line, line_w = word, word_w
            out.append(line)
        return out

    def _balanced(self, text: str, width: float) -> list[str]:
        """Wrapped lines of about equal length, as a typist breaks a centred title.

        Two lines break, if it costs little balance, after a comma or a closing quote, or
        before an opening quote or a word such as "và", so "…Thôn bình yên”" stays whole.
        """
        lines = self._wrap(text, width)
        if len(lines) < 2 or "\n" in text:
            return lines
        words = text.split(" ")
        if len(lines) == 2 and len(words) > 1:
            sizes = [self._width(w) for w in words]
            space, total = self._width(" "), sum(sizes) + self._width(" ") * (
                len(words) - 1)
            best: tuple[float, int] | None = None
            first = -space
            for k in range(1, len(words)):
                first += sizes[k - 1] + space
                second = total - first - space
                if first > width or second > width:
                    continue
                cost = abs(first - second) / width
                if not (words[k - 1][-1:] in (",", ";", ":", "”", ")") or words[k][:1] in "“("
                        or words[k].casefold() in _BREAK_BEFORE):
                    cost += 0.25
                if best is None or cost < best[0]:
                    best = (cost, k)
            if best is not None:
                return [" ".join(words[: best[1]]), " ".join(words[best[1]:])]
        low, high = width / len(lines), width
        while high - low > 1:
            mid = (low + high) / 2
            if len(self._wrap(text, mid)) > len(lines):
                low = mid
            else:
                high = mid
        return self._wrap(text, high)

    def _centred(self, text: str, size: float, style: str = "", x: float | None = None,
                 width: float | None = None) -> float:
        """Centred, balanced lines from the current y; returns the widest line's width."""
        x = self.l_margin if x is None else x
        width = self.text_w if width is None else width
        self.set_font(FAMILY, style, size)
        widest = 0.0
        for line in self._balanced(text, width):
            self.set_xy(x, self.y)
            self.cell(width, size * PT * LINE, line, align="C")
            self.ln()
            widest = max(widest, self._width(line))
        return widest

    def _rule(self, centre: float, length: float, y: float) -> None:
        self.set_line_width(0.3)
        self.line(centre - length / 2, y, centre + length / 2, y)
        self.set_line_width(0.2)

    def _fits(self, height: float) -> bool:
        return self.y + height <= self.page_break_trigger

    def _keep(self, height: float) -> None:
        """Start a new page unless `height` fits below (or we are at the top already)."""
        if not self._fits(height) and self.y > self.t_margin + 1:
            self.add_page()

    # -- the document -------------------------------------------------------------------------

    def draw(self) -> None:
        """Lay out the whole document."""
        self.add_page()
        self._header_block()
        self._title()
        self._blocks(self.doc.blocks)
        self._signature()
        for appendix in self.doc.appendices:
            self._appendix(appendix)

    def _header_block(self) -> None:
        """Ô 1–4: issuing body on the left, national name and motto on the right."""
        h = self.doc.header
        left_w = self.text_w * 0.4
        right_x, right_w = self.l_margin + left_w, self.text_w - left_w
        left_c, right_c = self.l_margin + left_w / 2, right_x + right_w / 2
        top = self.t_margin

        self.set_y(top)
        if h.parent_body:  # a body with no parent puts its own name on the first line
            self._centred(_upper(h.parent_body), BODY_PT, "", self.l_margin, left_w)
        widest = self._centred(_upper(h.issuing_body), BODY_PT, "B", self.l_margin, left_w)
        left_rule = self.y + 0.8
        self._rule(left_c, widest / 3, left_rule)

        self.set_y(top)
        self._centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BODY_PT, "B", right_x, right_w)
        motto = self._centred("Độc lập - Tự do - Hạnh phúc", 14, "B", right_x, right_w)
        right_rule = self.y + 0.8
        self._rule(right_c, motto, right_rule)

        row = max(left_rule, right_rule) + 2.5
        self.set_y(row)
        self._centred(h.number, BODY_PT, "", self.l_margin, left_w)
        bottom = self.y
        self.set_y(row)
        self._centred(h.place_date, 14, "I", right_x, right_w)
        self.set_y(max(bottom, self.y) + 8)

    def _title(self) -> None:
        """Ô 5a: kind and summary, a short rule, then any "Kính gửi" lines."""
        doc = self.doc
        self._centred(_upper(doc.kind), 14, "B")
        widest = self._centred(doc.summary, 14, "B")
        self._rule(self.l_margin + self.text_w / 2, max(widest / 3, 30), self.y + 1.5)
        self.set_y(self.y + 6)
        if doc.kinh_gui:
            self.set_font(FAMILY, "", BODY_PT)
            label = "Kính gửi: "
            lines = list(doc.kinh_gui) if len(doc.kinh_gui) == 1 else [f"- {r}" for r in doc.kinh_gui]
            label_w = self._width(label)
            room = self.text_w - label_w
            wrapped = [part for line in lines for part in self._wrap(line, room)]
            block_w = label_w + max(self._width(part) for part in wrapped)
            x = self.l_margin + (self.text_w - block_w) / 2
            self.set_x(x)
            self.cell(label_w, BODY_PT * PT * LINE, label)
            for part in wrapped:
                self.set_x(x + label_w)
                self.cell(room, BODY_PT * PT * LINE, part)
                self.ln()
            self.set_y(self.y + 4)

    # -- body blocks --------------------------------------------------------------------------

    def _blocks(self, blocks: tuple[Block, ...]) -> None:
        for i, block in enumerate(blocks):
            if isinstance(block, Heading):
                self._keep(self._lead(blocks, i))
                self._heading(block)
            elif isinstance(block, Paragraph):
                self._paragraph(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, BarChart):
                self._chart(block)
            elif isinstance(block, PageBreak):
                self.add_page()
            else:
                raise TypeError(f"unknown block {type(block).__name__}")

    def _lead(self, blocks: tuple[Block, ...], i: int) -> float:
        """Height of blocks[i] if a heading (plus what follows it), else of its first lines."""
        if i >= len(blocks):
            return 0
        block = blocks[i]
        if isinstance(block, Heading):
            self.set_font(FAMILY, "B", BODY_PT)
            lines = len(self._wrap(block.text, self.text_w - INDENT))
            return lines * BODY_PT * PT * LINE + PARA_GAP * 2 + self._lead(blocks, i + 1)
        if isinstance(block, Paragraph):
            return 2 * BODY_PT * PT * LINE
        if isinstance(block, Table):
            return self._table_lead(block)
        if isinstance(block, BarChart):
            return self._chart_height(block)
        return 0

    def _text(self, text: str, style: str, align: str, indent: float, top: float = 0) -> None:
        self.set_font(FAMILY, style, BODY_PT)
        with self.text_columns(text_align=align, line_height=LINE) as cols, cols.paragraph(
            first_line_indent=indent, top_margin=top, bottom_margin=PARA_GAP
        ) as par:
            par.write(text)
        self.set_x(self.l_margin)

    def _heading(self, heading: Heading) -> None:
        style = {1: "B", 2: "B"}.get(heading.level, "BI")
        self._text(heading.text, style, "L", INDENT, top=PARA_GAP if heading.level == 1 else 0)

    def _paragraph(self, paragraph: Paragraph) -> None:
        style = ("B" if paragraph.bold else "") + ("I" if paragraph.italic else "")
        indent = INDENT if paragraph.indent and paragraph.align in ("J", "L") else 0
        if not paragraph.text:
            self.set_y(self.y + BODY_PT * PT * LINE + PARA_GAP)
            return
        self._text(paragraph.text, style, paragraph.align, indent)

    # -- tables -------------------------------------------------------------------------------

    def _table_geometry(self, table: Table) -> tuple[list[float], float, float]:
        total = sum(c.weight for c in table.columns)
        widths = [self.text_w * c.weight / total for c in table.columns]
        size = table.font_size
        return widths, size * PT * 1.2, min(BODY_PT, size + 1)

    def _cells(self, texts: tuple[str, ...], widths: list[float], style: str,
               size: float) -> list[list[str]]:
        self.set_font(FAMILY, style, size)
        return [self._wrap(t, w - 2.4) for t, w in zip(texts, widths, strict=True)]

    def _table_lead(self, table: Table) -> float:
        widths, line_h, caption = self._table_geometry(table)
        self.set_font(FAMILY, "B", caption)
        height = len(self._wrap(table.title, self.text_w)) * caption * PT * LINE if table.title else 0
        head = self._cells(tuple(c.title for c in table.columns), widths, "B", table.font_size)
        height += max(map(len, head)) * line_h + 1.6
        if table.rows:
            first = self._cells(table.rows[0], widths, "", table.font_size)
            height += max(map(len, first)) * line_h + 1.6
        return height

    def _table(self, table: Table) -> None:
        widths, line_h, caption = self._table_geometry(table)
        for i, row in enumerate(table.rows):
            if len(row) != len(widths):
                raise ValueError(
                    f"table {table.title!r}: row {i} has {len(row)} cells for {len(widths)} columns"
                )
        self._keep(self._table_lead(table) if table.rows else 4 * line_h)
        if table.title:
            self._centred(table.title, caption, "B")
            self.set_y(self.y + 1)
        if not table.rows:
            self._text(table.empty_text, "I", "L", INDENT)
            return
        head = self._cells(tuple(c.title for c in table.columns), widths, "B", table.font_size)
        aligns = [c.align for c in table.columns]
        self._row(head, widths, ["C"] * len(widths), line_h, "B", table.font_size, fill=True)
        bold = set(table.bold_rows)
        for i, row in enumerate(table.rows):
            style = "B" if i in bold else ""
            cells = self._cells(row, widths, style, table.font_size)
            height = max(map(len, cells)) * line_h + 1.6
            if not self._fits(height):
                self.add_page()
                self._row(head, widths, ["C"] * len(widths), line_h, "B", table.font_size, fill=True)
                self.set_font(FAMILY, style, table.font_size)
            self._row(cells, widths, aligns, line_h, style, table.font_size)
        self.set_y(self.y + 2 * PARA_GAP)

    def _row(self, cells: list[list[str]], widths: list[float], aligns: list[str], line_h: float,
             style: str, size: float, fill: bool = False) -> None:
        """One table row at the current y: borders, then each cell's lines centred vertically."""
        self.set_font(FAMILY, style, size)
        height = max(map(len, cells)) * line_h + 1.6
        y, x = self.y, self.l_margin
        ascent = 0.3 * size * PT
        if fill:  # only the heading row is shaded; the grey must not outlive it
            with self.local_context(fill_color=_HEAD_FILL):
                for width in widths:
                    self.rect(x, y, width, height, style="DF")
                    x += width
        else:
            for width in widths:
                self.rect(x, y, width, height, style="D")
                x += width
        x = self.l_margin
        for lines, width, align in zip(cells, widths, aligns, strict=True):
            top = y + (height - len(lines) * line_h) / 2 + 0.5 * line_h + ascent
            for n, line in enumerate(lines):
                if align == "R":
                    tx = x + width - 1.2 - self._width(line)
                elif align == "C":
                    tx = x + (width - self._width(line)) / 2
                else:
                    tx = x + 1.2
                self.text(tx, top + n * line_h, line)
            x += width
        self.set_y(y + height)

    # -- charts -------------------------------------------------------------------------------

    def _chart_labels(self, chart: BarChart) -> list[list[str]]:
        """Each category's label, wrapped to its group's width (village names can be long)."""
        self.set_font(FAMILY, "", 8)
        group = (self.text_w - 14) / max(1, len(chart.categories))
        return [self._wrap(c, group - 1) for c in chart.categories]

    def _chart_height(self, chart: BarChart) -> float:
        label_lines = max((len(lines) for lines in self._chart_labels(chart)), default=1)
        return 12 * PT * LINE + 2 + chart.height_mm + 3.5 * label_lines + 10

    def _chart(self, chart: BarChart) -> None:
        for label, values in chart.series:
            if len(values) != len(chart.categories):
                raise ValueError(
                    f"chart {chart.title!r}: series {label!r} has {len(values)} values for "
                    f"{len(chart.categories)} categories"
                )
        self._keep(self._chart_height(chart))
        labels = self._chart_labels(chart)
        below = 3.5 * max((len(lines) for lines in labels), default=1)
        if chart.title:
            self._centred(chart.title, 12, "B")
        top = self.y + 2
        left, right = self.l_margin + 12, self.l_margin + self.text_w - 2
        bottom = top + chart.height_mm
        peak = max((v for _, values in chart.series for v in values), default=0)
        step = _tick_step(peak)
        ceiling = max(step, math.ceil(peak / step - 1e-9) * step)
        scale = chart.height_mm / ceiling
        with self.local_context(draw_color=_GRID, line_width=0.15):
            self.set_font(FAMILY, "", 8)
            for k in range(round(ceiling / step) + 1):
                y = bottom - k * step * scale
                if k:
                    self.line(left, y, right, y)
                label = vn_number(k * step)
                self.text(left - 1.5 - self._width(label), y + 1, label)
        group = (right - left) / max(1, len(chart.categories))
        count = max(1, len(chart.series))
        bar = group * 0.75 / count
        with self.local_context(line_width=0.1):
            for c, lines in enumerate(labels):
                gx = left + c * group + group * 0.125
                for s, (_, values) in enumerate(chart.series):
                    value = values[c]
                    bx, bh = gx + s * bar, value * scale
                    with self.local_context(fill_color=_CHART_COLOURS[s % len(_CHART_COLOURS)]):
                        if bh > 0:
                            self.rect(bx, bottom - bh, bar, bh, style="DF")
                    self.set_font(FAMILY, "", 7)
                    text = vn_number(value)
                    text_w = self._width(text)
                    if value and text_w <= bar + 1.5:
                        self.text(bx + (bar - text_w) / 2, bottom - bh - 0.8, text)
                self.set_font(FAMILY, "", 8)
                for n, line in enumerate(lines):
                    width = self._width(line)
                    self.text(left + c * group + (group - width) / 2, bottom + 4 + 3.5 * n, line)
        with self.local_context(line_width=0.3):
            self.line(left, top - 2, left, bottom)
            self.line(left, bottom, right, bottom)
        self._legend(chart, bottom + below + 4)
        self.set_y(bottom + below + 7.5 + PARA_GAP)

    def _legend(self, chart: BarChart, y: float) -> None:
        self.set_font(FAMILY, "", 9)
        items = [(label, self._width(label)) for label, _ in chart.series]
        total = sum(4 + 1.5 + w for _, w in items) + 8 * (len(items) - 1)
        x = self.l_margin + (self.text_w - total) / 2
        for s, (label, width) in enumerate(items):
            with self.local_context(fill_color=_CHART_COLOURS[s % len(_CHART_COLOURS)], line_width=0.1):
                self.rect(x, y - 1.5, 4, 3, style="DF")
            self.text(x + 5.5, y + 1.1, label)
            x += 4 + 1.5 + width + 8

    # -- closing --------------------------------------------------------------------------

    def _signature(self) -> None:
        """Ô 7 and 9b: the signature on the right, "Nơi nhận" on the left, on one page."""
        sig = self.doc.signature
        half = self.text_w / 2
        line13 = BODY_PT * PT * LINE
        self.set_font(FAMILY, "B", BODY_PT)
        authority = [part for line in sig.authority for part in self._wrap(_upper(line), half)]
        sig_h = len(authority) * line13 + SIGN_GAP + line13
        self.set_font(FAMILY, "", 11)
        dash = self._width("- ")
        recipients = [self._wrap(r, half - 4 - dash) for r in self.doc.recipients]
        rec_h = (12 * PT * LINE + sum(map(len, recipients)) * 11 * PT * LINE) if recipients else 0
        self._keep(4 + max(sig_h, rec_h))
        top = self.y + 4

        self.set_y(top)
        for line in authority:
            self._centred(line, BODY_PT, "B", self.l_margin + half, half)
        self.set_y(self.y + SIGN_GAP)
        self._centred(sig.name, BODY_PT, "B", self.l_margin + half, half)
        bottom = self.y

        if recipients:
            self.set_xy(self.l_margin, top)
            self.set_font(FAMILY, "BI", 12)
            self.cell(half, line13, "Nơi nhận:")
            y = top + line13
            self.set_font(FAMILY, "", 11)
            for lines in recipients:
                for n, line in enumerate(lines):
                    self.set_xy(self.l_margin + (0 if n == 0 else dash), y)
                    self.cell(half, 11 * PT * LINE, f"- {line}" if n == 0 else line)
                    y += 11 * PT * LINE
            bottom = max(bottom, y)
        self.set_xy(self.l_margin, bottom)

    def _appendix(self, appendix: Appendix) -> None:
        """A new page and numbering run: "Phụ lục I", title, subtitle, then the blocks."""
        self._new_section = True
        self.add_page()
        label = appendix.number.strip()
        if not label.casefold().startswith("phụ lục"):
            label = f"Phụ lục {label}"
        self._centred(label, 14, "B")
        self._centred(_upper(appendix.title), 14, "B")
        widest = self._centred(appendix.subtitle, 14, "I") if appendix.subtitle else 0
        self._rule(self.l_margin + self.text_w / 2, max(widest / 3, 30), self.y + 1.5)
        self.set_y(self.y + 6)
        self._blocks(appendix.blocks)


def _tick_step(peak: float) -> float:
    """A 1-2-5 step giving at most five gridlines up to `peak`."""
    if peak <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(peak / 5))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if peak / step <= 5:
            return max(step, 1) if float(peak).is_integer() and peak >= 1 else step
    return 10 * magnitude
