"""Tests for antt_tui.reports.pdf: the PDF read back with poppler's pdftotext and pdffonts.

Letters, fonts, margins, page numbers, repeated table headings and unsplit rows, the ND 30
header and signature placement, and byte-identical output.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from antt_tui.reports.document import (
    Appendix,
    BarChart,
    Column,
    Document,
    Header,
    Heading,
    NewerFormat,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from antt_tui.reports.pdf import fonts_dir, render

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="poppler-utils (pdftotext, pdffonts) is not installed; CI installs it in .ci/run",
)

MM = 72 / 25.4
"""Points per millimetre (pdftotext -bbox speaks points)."""
PAGE_W, PAGE_H = 210 * MM, 297 * MM
FOOTER = "Mã kiểm tra: 3f9a0c12d4e5b6a7"
TEXT = (
    "Trong tháng, tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn xã cơ bản ổn "
    "định; không xảy ra vụ việc phức tạp, đột xuất, bất ngờ. Công an xã đã tham mưu Đảng ủy, Ủy "
    "ban nhân dân xã chỉ đạo các thôn thực hiện mô hình “Hộ an toàn – Thôn bình yên”."
)
HEADING = Column("Mã hộ", 1)


def vietnamese_letters() -> list[str]:
    """The 134 precomposed letters: 12 vowels × (no tone + 5 tones) less the 6 ASCII ones, đ,
    and their capitals."""
    vowels = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u",
              "u\u031b", "y"]
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    lower = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones]
    lower = [c for c in lower if not c.isascii()] + ["đ"]
    letters = lower + [c.upper() for c in lower]
    assert all(len(c) == 1 for c in letters)
    return letters


def document(blocks=(), appendices=(), **changes) -> Document:
    """A small report with the ND 30 parts filled in."""
    doc = Document(
        header=Header("CÔNG AN TỈNH HƯNG YÊN", "CÔNG AN XÃ TÂN LẬP", "Số: 05/BC-CAX",
                      "Tân Lập, ngày 05 tháng 11 năm 2026"),
        kind="BÁO CÁO",
        summary="Kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên” tháng 10 năm 2026",
        blocks=tuple(blocks),
        signature=Signature(("TRƯỞNG CÔNG AN XÃ",), "Nguyễn Văn Ba"),
        recipients=("Công an tỉnh Hưng Yên;", "Đảng ủy, UBND xã;", "Lưu: VT, CAX."),
        kinh_gui=("Công an tỉnh Hưng Yên",),
        appendices=tuple(appendices),
        footer_note=FOOTER,
        metadata={"created": "2026-11-05T08:00:00"},
    )
    return dataclasses.replace(doc, **changes)


def long_table(rows: int) -> Table:
    """Rows whose markers R0001a (first cell), R0001m (end of a wrapping cell) and R0001z
    (last cell) must land on one page."""
    note = "Hộ có camera, đèn chiếu sáng, khóa cửa chắc chắn, đã ký cam kết"
    return Table(
        title="Bảng 2. Danh sách hộ",
        columns=(HEADING, Column("Chủ hộ", 2), Column("Ghi chú", 2.5), Column("Nhân khẩu", 1, "R")),
        rows=tuple(
            (f"R{i:04d}a", f"Nguyễn Thị Ước {i}", f"{note} {'thêm ' * (i % 4)}R{i:04d}m", f"R{i:04d}z")
            for i in range(rows)
        ),
    )


def main_document() -> Document:
    """Sections, a 300-row table, a chart and an appendix long enough for two pages."""
    chart = BarChart("Biểu đồ 1. Vụ việc theo tháng", tuple(f"T{m}" for m in range(1, 13)),
                     (("Năm 2025", tuple(float(m % 7) for m in range(12))),
                      ("Năm 2026", tuple(float(m % 5) for m in range(12)))))
    blocks = (
        Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"), Paragraph(TEXT), Paragraph(TEXT),
        Heading("II. KẾT QUẢ THỰC HIỆN"), long_table(300), chart,
        Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"), Paragraph(TEXT),
    )
    appendix = Appendix("Phụ lục I", "Danh sách hộ chưa ký cam kết",
                        "(Kèm theo Báo cáo số 05/BC-CAX ngày 05 tháng 11 năm 2026)",
                        (long_table(90),))
    return document(blocks, (appendix,))


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, check=True,
                          text=True, encoding="utf-8").stdout


def pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext -layout, split at form feeds)."""
    return pdftotext(pdf, "-layout").split("\f")[:-1]


def words(pdf: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax) of every word, in points from the top left."""
    out, page = [], 0
    for line in pdftotext(pdf, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
                          line)
        if found:
            x0, y0, x1, y1 = map(float, found.groups()[:4])
            out.append((page, found.group(5).replace("&amp;", "&"), x0, y0, x1, y1))
    return out


@pytest.fixture(scope="module")
def main_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "main.pdf"
    path.write_bytes(render(main_document()))
    return path


def test_all_134_vietnamese_letters_round_trip(tmp_path: Path) -> None:
    letters = vietnamese_letters()
    assert len(letters) == 134
    pdf = tmp_path / "letters.pdf"
    pdf.write_bytes(render(document([Paragraph("START " + " ".join(letters) + " END", align="L"),
                                     Paragraph("Nguyễn Thị Ước ở Ỷ La, xã Yên Phụ", bold=True),
                                     Paragraph("Lưu Đức Hưng; Phạm Thị Ỵ", italic=True)])))
    text = unicodedata.normalize("NFC", pdftotext(pdf, "-raw"))
    assert text.split("START", 1)[1].split("END", 1)[0].split() == letters
    assert "Nguyễn Thị Ước ở Ỷ La, xã Yên Phụ" in text
    assert "Lưu Đức Hưng; Phạm Thị Ỵ" in text


def test_every_font_is_embedded_liberation_serif(main_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(main_pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert len(out) == 4  # regular, bold, italic, bold italic
    for line in out:
        name, emb = line.split()[0], line.split()[-5]
        assert re.fullmatch(r"[A-Z]{6}\+LiberationSerif(Bold|Italic|BoldItalic)?", name), line
        assert emb == "yes", line


def test_fonts_ship_with_their_licence() -> None:
    names = {p.name for p in fonts_dir().iterdir()}
    assert {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf", "OFL.txt"} <= names
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts_dir() / "OFL.txt").read_text("utf-8")


def test_page_numbers_from_page_2_and_again_in_each_appendix(main_pdf: Path) -> None:
    text = pages(main_pdf)
    first_appendix_page = next(i for i, t in enumerate(text) if "Phụ lục I" in t)
    assert 3 <= first_appendix_page < len(text) - 1
    in_margin = [(p, w, x0, x1) for p, w, x0, _, x1, y1 in words(main_pdf) if y1 < 20 * MM]
    numbers = {p: w for p, w, _, _ in in_margin}
    expected = {p: str(p) for p in range(2, first_appendix_page + 1)}
    expected |= {p: str(p - first_appendix_page) for p in range(first_appendix_page + 2, len(text) + 1)}
    assert numbers == expected  # none on page 1, none on the appendix's first page
    centre = (30 * MM + PAGE_W - 15 * MM) / 2
    assert all(abs((x0 + x1) / 2 - centre) < 3 for _, _, x0, x1 in in_margin)
    assert next(line for line in text[1].splitlines() if line.strip()).strip() == "2"


def test_footer_note_on_every_page_above_the_bottom_margin(main_pdf: Path) -> None:
    bottom = {p for p, w, _, y0, _, y1 in words(main_pdf)
              if w == "3f9a0c12d4e5b6a7" and y0 > 265 * MM and y1 <= 277 * MM}
    assert bottom == set(range(1, len(pages(main_pdf)) + 1))


def test_long_table_repeats_its_heading_and_never_splits_a_row(main_pdf: Path) -> None:
    text = pages(main_pdf)
    appendix = next(i for i, t in enumerate(text) if "Phụ lục I" in t)
    seen: dict[str, int] = {}
    for number, page in enumerate(text):
        for marker in re.findall(r"R\d{4}[amz]", page):
            key = ("A" if number >= appendix else "M") + marker
            assert key not in seen, f"{marker} printed twice"
            seen[key] = number
        first_row = re.search(r"R\d{4}a", page)
        if first_row:  # the heading row sits above the first row on every page of a table
            assert page.count("Mã hộ") == 1, f"page {number + 1}"
            assert page.index("Mã hộ") < first_row.start()
    for part, count in (("M", 300), ("A", 90)):
        for i in range(count):
            where = {seen[f"{part}R{i:04d}{end}"] for end in "amz"}
            assert len(where) == 1, f"row {i} of {part} split across pages {where}"
    assert len({seen[f"MR{i:04d}a"] for i in range(300)}) >= 4  # it did span pages
    assert len({seen[f"AR{i:04d}a"] for i in range(90)}) >= 2


def test_header_title_and_signature_on_their_pages(main_pdf: Path) -> None:
    text = pages(main_pdf)
    first = text[0]
    for expected in ("CÔNG AN TỈNH HƯNG YÊN", "CÔNG AN XÃ TÂN LẬP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Kính gửi: Công an tỉnh Hưng Yên"):
        assert expected in first, expected
    assert re.search(r"Số: 05/BC-CAX\s+Tân Lập, ngày 05 tháng 11 năm 2026", first)  # one line
    assert first.index("CỘNG HÒA") < first.index("BÁO CÁO") < first.index("I. ĐẶC ĐIỂM")
    closing = next(i for i, t in enumerate(text) if "Nguyễn Văn Ba" in t)
    appendix = next(i for i, t in enumerate(text) if "Phụ lục I" in t)
    assert closing == appendix - 1
    page = text[closing]
    assert re.search(r"Nơi nhận:\s+TRƯỞNG CÔNG AN XÃ", page)  # on the authority's line
    assert page.index("TRƯỞNG CÔNG AN XÃ") < page.index("Nguyễn Văn Ba")
    for line in ("- Công an tỉnh Hưng Yên;", "- Đảng ủy, UBND xã;", "- Lưu: VT, CAX."):
        assert line in page
    assert "DANH SÁCH HỘ CHƯA KÝ CAM KẾT" in text[appendix]
    assert "(Kèm theo Báo cáo số 05/BC-CAX ngày 05 tháng 11 năm 2026)" in text[appendix]
    assert "Phụ lục Phụ lục" not in text[appendix]


def test_text_stays_inside_the_margins(main_pdf: Path) -> None:
    for page, word, x0, y0, x1, y1 in words(main_pdf):
        assert x0 >= 30 * MM - 0.1, (page, word, x0)
        assert x1 <= PAGE_W - 15 * MM + 0.5, (page, word, x1)
        if y0 < 20 * MM - 0.5:  # only the page number lives in the top margin
            assert word.isdigit() and y1 < 20 * MM, (page, word, y0, y1)
        assert y1 <= PAGE_H - 20 * MM + 0.5, (page, word, y0, y1)  # nothing in the bottom one


def ink_outside_the_text_area(pdf: Path, tmp_path: Path, dpi: int = 50
                              ) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(page, box in mm) of anything printed in a margin of Nghị định 30 (left 30 mm, right
    15 mm, top and bottom 20 mm), the page number centred in the top margin excepted: text,
    rules, table borders, chart bars and the QR code alike, read from the rendered pages."""
    from PIL import Image, ImageOps

    tmp_path.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    found = []
    for n, image_path in enumerate(sorted(tmp_path.glob("page-*.png")), 1):
        image = ImageOps.invert(Image.open(image_path).convert("L")).point(
            lambda v: 255 if v > 40 else 0)  # ink, light anti-aliasing ignored
        px = dpi / 25.4
        margins = {"left": (0, 0, 30 * px - 1, image.height),
                   "right": (image.width - 15 * px + 1, 0, image.width, image.height),
                   "top, left of the number": (0, 0, 95 * px, 20 * px - 1),
                   "top, right of the number": (130 * px, 0, image.width, 20 * px - 1),
                   "bottom": (0, image.height - 20 * px + 1, image.width, image.height)}
        for name, box in margins.items():
            ink = image.crop(tuple(round(v) for v in box)).getbbox()
            if ink:
                found.append((n, (name, *(round((v + box[i % 2]) / px) for i, v
                                          in enumerate(ink)))))
    return found


def test_every_margin_is_clear_but_for_the_page_number(main_pdf: Path, tmp_path: Path) -> None:
    assert ink_outside_the_text_area(main_pdf, tmp_path) == []
    # The QR code of an issued report sits inside the text area, at its bottom right.
    qr = dataclasses.replace(main_document(), qr_payload="antt-bao-cao:" + "ab" * 32)
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(render(qr))
    assert ink_outside_the_text_area(issued, tmp_path / "issued") == []
    places = image_places(issued)
    assert len(places) == len(pages(issued))
    for x, y, w, h in places:  # mm from the top left
        assert (round(x + w, 1), round(y + h, 1)) == (195.0, 277.0) and w == h == 14


def image_places(pdf: Path) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in mm from the top left of each image drawn, from the pages'
    content streams."""
    import zlib

    data = pdf.read_bytes()
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text = zlib.decompress(stream).decode("latin-1")
        except zlib.error:
            continue
        for w, h, x, y in re.findall(r"([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm /I\d+ Do",
                                     text):
            w, h, x, y = (float(v) / MM for v in (w, h, x, y))
            out.append((round(x, 2), round(PAGE_H / MM - y - h, 2), round(w, 2), round(h, 2)))
    return out


def test_format_1_documents_keep_their_footer_in_the_margin(tmp_path: Path) -> None:
    """A report issued before the footer moved prints again as it was issued."""
    old = document([Paragraph(TEXT)], qr_payload="antt-bao-cao:" + "ab" * 32,
                   format_version=1)
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(render(old))
    bottoms = [y1 for _, w, _, _, _, y1 in words(pdf) if w in FOOTER.split()]
    assert bottoms and all(y1 > PAGE_H - 15 * MM for y1 in bottoms)
    [(x, y, w, h)] = image_places(pdf)
    assert (round(x + w, 1), round(y + h, 1)) == (195.0, 292.0)
    assert {box[0] for _, box in ink_outside_the_text_area(pdf, tmp_path / "png")} == {"bottom"}
    with pytest.raises(NewerFormat, match="Báo cáo dạng 3 do phiên bản mới hơn"):
        render(dataclasses.replace(old, format_version=3))


def test_same_document_same_bytes_in_another_process(main_pdf: Path, tmp_path: Path) -> None:
    data = main_pdf.read_bytes()
    assert render(main_document()) == data
    code = ("import sys; from tests.unit.reports.test_pdf import main_document; "
            "from antt_tui.reports.pdf import render; sys.stdout.buffer.write(render(main_document()))")
    root = Path(__file__).resolve().parents[3]
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=root,
                           env={"PYTHONHASHSEED": "123", "PATH": "", "TZ": "America/Lima"}).stdout
    assert other == data
    later = dataclasses.replace(main_document(), metadata={"created": "2026-12-01T08:00:00+07:00"})
    assert render(later) != data


def test_creation_date_comes_from_metadata(tmp_path: Path) -> None:
    data = render(document([Paragraph("Nội dung.")]))
    assert b"/CreationDate (D:20261105080000+07'00')" in data
    plain = render(document([Paragraph("Nội dung.")], metadata={}))
    assert b"/CreationDate (D:19700101000000Z" in plain


def test_text_that_is_not_nfc_is_refused() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ba")
    with pytest.raises(ValueError, match=r"signature\.name is not NFC"):
        render(document(signature=Signature(("TRƯỞNG CÔNG AN XÃ",), decomposed)))
    with pytest.raises(ValueError, match=r"blocks\[0\]\.rows\[0\]\[1\]"):
        render(document([Table((Column("A"), Column("B")), (("1", decomposed),))]))


def test_ragged_tables_and_charts_are_refused() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        render(document([Table((Column("A"), Column("B")), (("1", "2"), ("3",)))]))
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        render(document([BarChart("Biểu đồ", ("T1", "T2"), (("Năm 2026", (1.0,)),))]))


def test_a_heading_is_never_last_on_its_page(tmp_path: Path) -> None:
    blocks = []
    for n in range(40):  # paragraphs of varying length move the headings down the pages
        blocks += [Heading(f"{n + 1}. Mục số {n + 1}", 2), Paragraph(TEXT[: 80 + 37 * (n % 9)])]
    pdf = tmp_path / "headings.pdf"
    pdf.write_bytes(render(document(blocks, signature=Signature(("TRƯỞNG CÔNG AN XÃ",), "Ba"))))
    text = pages(pdf)
    assert len(text) >= 3
    for number, page in enumerate(text):
        body = [line.strip() for line in page.splitlines() if line.strip() and FOOTER not in line]
        assert not re.fullmatch(r"\d+\. Mục số \d+", body[-1]), f"page {number + 1}: {body[-1]}"


def test_small_blocks_render(tmp_path: Path) -> None:
    """Empty table, page break, centred and unindented paragraphs, several Kính gửi, an
    empty chart, a multi-line summary, two authority lines and "{nb}" printed as typed."""
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(render(document(
        [Table((Column("A"), Column("B")), (), title="Bảng 3. Trống"), PageBreak(),
         Paragraph("Giữa trang", align="C", indent=False), Paragraph("Trang {nb}", indent=False),
         BarChart("Biểu đồ trống", ("T1",), (("Năm 2026", (0.0,)),))],
        kinh_gui=("Công an tỉnh Hưng Yên;", "Đảng ủy xã."),
        summary="Kết quả công tác\ntháng 10 năm 2026",
        signature=Signature(("KT. TRƯỞNG CÔNG AN XÃ", "PHÓ TRƯỞNG CÔNG AN XÃ"), "Lê Thị Hà"),
    )))
    text = pages(pdf)
    assert "Không có." in text[0] and "Bảng 3. Trống" in text[0]
    assert "Giữa trang" in text[1] and "Trang {nb}" in text[1] and "Biểu đồ trống" in text[1]
    assert re.search(r"Kính gửi: - Công an tỉnh Hưng Yên;\s+- Đảng ủy xã\.", text[0])
    assert "Kết quả công tác" in text[0] and "tháng 10 năm 2026" in text[0]
    assert "KT. TRƯỞNG CÔNG AN XÃ" in text[-1] and "PHÓ TRƯỞNG CÔNG AN XÃ" in text[-1]
