"""Tests for antt_tui.reports.sheets: the workbook read back with openpyxl, the CSV files
read back with the csv module."""

from __future__ import annotations

import csv
import dataclasses
import io
import unicodedata
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from antt_tui.reports.document import (
    Appendix,
    BarChart,
    Column,
    Document,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from antt_tui.reports.sheets import number, slug, tables, to_csv, to_xlsx

SECURITY = Table(
    (Column("TT", 0.6, "C"), Column("Loại vụ việc", 4), Column("Kỳ này", 1.1, "R"),
     Column("Cùng kỳ năm trước", 1.4, "R"), Column("Tăng/ giảm (vụ)", 1.2, "R"),
     Column("Tăng/ giảm (%)", 1.2, "R")),
    (("1", "Tội phạm về trật tự xã hội", "1.234", "0", "+2", "tăng"),
     ("2", "Tệ nạn xã hội", "46", "53", "-7", "-13,1%"),
     ("", "Tổng số", "1.280", "53", "+1.227", "—")),
    title="Bảng 1. Tình hình vụ việc về an ninh, trật tự", bold_rows=(2,))
FINDINGS = Table((Column("Tiêu chí", 5), Column("Tỷ lệ", 1.3, "R")),
                 (("H1. Chấp hành chủ trương, pháp luật", "97,5%"),
                  ("=SUM(A1) ghi nhầm", "0%")))
HOUSEHOLDS = Table((Column("STT", 0.7, "R"), Column("Mã hộ", 1.3), Column("Chủ hộ", 2.6),
                    Column("Số CCCD", 2)),
                   (("1", "DH-0001", "Nguyễn Văn An", "033075001234"),
                    ("2", "DH-0002", "Trần Thị Ngọc Ánh", "001178005555")))


def document(**changes) -> Document:
    """A small report: two tables in the body (one titled), one in an appendix."""
    doc = Document(
        header=Header("CÔNG AN TỈNH HƯNG YÊN", "CÔNG AN XÃ TÂN LẬP", "Số: 05/BC-CAX",
                      "Tân Lập, ngày 05 tháng 11 năm 2026"),
        kind="BÁO CÁO",
        summary="Kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên”\ntháng 10 năm 2026",
        blocks=(Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"),
                Paragraph("Tính đến ngày 20 tháng 11 năm 2026, xã Tân Lập có 1.234 hộ."),
                Heading("2. Tình hình an ninh, trật tự", 2), SECURITY,
                BarChart("Số vụ việc theo tháng", ("T1", "T2"), (("Năm 2026", (1.0, 2.0)),)),
                Heading("3. Kiểm tra hộ gia đình", 2), FINDINGS),
        signature=Signature(("TRƯỞNG CÔNG AN XÃ",), "Đặng Văn Đức"),
        recipients=("Lưu: VT, CAX.",),
        appendices=(Appendix("Phụ lục I", "DANH SÁCH HỘ CHƯA KÝ CAM KẾT",
                             "(Kèm theo Báo cáo số 05/BC-CAX)", (HOUSEHOLDS,)),),
        footer_note="Số: 05/BC-CAX · phiên bản 1 · mã kiểm tra 3f9a0c12d4e5b6a7",
        metadata={"created": "2026-11-05T00:00:00"})
    return dataclasses.replace(doc, **changes)


def workbook(doc: Document | None = None):
    return load_workbook(io.BytesIO(to_xlsx(doc or document())))


def test_one_sheet_for_the_text_then_one_per_table() -> None:
    book = workbook()
    assert book.sheetnames == ["Báo cáo", "Bảng 1. Tình hình vụ việc về", "Bảng 2",
                               "Phụ lục I"]
    for name in book.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
        assert unicodedata.is_normalized("NFC", name)


def test_the_text_sheet_reads_like_the_report() -> None:
    ws = workbook()["Báo cáo"]
    lines = [row[0] for row in ws.iter_rows(values_only=True)]
    assert lines[:4] == ["CÔNG AN TỈNH HƯNG YÊN", "CÔNG AN XÃ TÂN LẬP", "Số: 05/BC-CAX",
                         "Tân Lập, ngày 05 tháng 11 năm 2026"]
    assert "BÁO CÁO" in lines
    assert "Kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên”\ntháng 10 năm 2026" in lines
    assert "Tính đến ngày 20 tháng 11 năm 2026, xã Tân Lập có 1.234 hộ." in lines
    assert "→ Bảng: xem trang tính “Bảng 2”" in lines
    assert lines[-1] == "Số: 05/BC-CAX · phiên bản 1 · mã kiểm tra 3f9a0c12d4e5b6a7"
    heading = next(c for c in ws["A"] if c.value == "I. ĐẶC ĐIỂM TÌNH HÌNH")
    assert heading.font.b and heading.alignment.wrap_text
    link = next(c for c in ws["A"] if c.value == "→ Bảng: xem trang tính “Bảng 2”")
    assert link.hyperlink.location == "'Bảng 2'!A1"


def test_a_table_sheet_has_its_heading_row_bold_shaded_and_frozen() -> None:
    ws = workbook()["Bảng 1. Tình hình vụ việc về"]
    assert ws["A1"].value == "Bảng 1. Tình hình vụ việc về an ninh, trật tự"
    heading = [c.value for c in ws[2]]
    assert heading == [c.title for c in SECURITY.columns]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("D9E1F2") for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert not ws["B3"].font.b and ws["B5"].font.b  # the total row is bold
    assert ws.column_dimensions["B"].width >= len("Tội phạm về trật tự xã hội")


def test_printed_numbers_become_numbers() -> None:
    ws = workbook()["Bảng 1. Tình hình vụ việc về"]
    rows = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert rows == [[1, "Tội phạm về trật tự xã hội", 1234, 0, 2, "tăng"],
                    [2, "Tệ nạn xã hội", 46, 53, -7, pytest.approx(-0.131)],
                    [None, "Tổng số", 1280, 53, 1227, "—"]]
    assert ws["F4"].number_format == "0.0%"
    assert ws["E3"].number_format.startswith("+")  # "+2" still shows its sign
    assert isinstance(ws["C3"].value, int)


def test_text_that_looks_like_a_number_or_a_formula_stays_text() -> None:
    book = workbook()
    households = book["Phụ lục I"]
    assert [c.value for c in households["D"][2:]] == ["033075001234", "001178005555"]
    assert households["C4"].value == "Trần Thị Ngọc Ánh"
    findings = book["Bảng 2"]
    assert findings["A4"].value == "=SUM(A1) ghi nhầm" and findings["A4"].data_type == "s"
    assert findings["B3"].value == pytest.approx(0.975)


@pytest.mark.parametrize(("text", "value", "fmt"), [
    ("1.234", 1234, "#,##0"),
    ("1.234.567", 1234567, "#,##0"),
    ("0", 0, "#,##0"),
    ("+2", 2, "+#,##0;-#,##0;#,##0"),
    ("-13,1%", -0.131, "0.0%"),
    ("+0,0%", 0, "+0.0%;-0.0%;+0.0%"),
    ("97,5%", 0.975, "0.0%"),
    ("0%", 0, "0%"),
    ("1.234,5", 1234.5, "#,##0.0"),
])
def test_number(text: str, value: float, fmt: str) -> None:
    assert number(text) == (pytest.approx(value), fmt)


@pytest.mark.parametrize("text", ["—", "tăng", "", "033075001234", "05/10/2026", "K1.1",
                                  "1.23", "3 (75,0%)", "DH-0001", "12 vụ"])
def test_not_a_number(text: str) -> None:
    assert number(text) is None


def test_same_document_same_bytes() -> None:
    first, second = to_xlsx(document()), to_xlsx(document())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 5, 0, 0, 0)}
    assert workbook().properties.modified == datetime(2026, 11, 5)
    undated = document(metadata={})
    assert to_xlsx(undated) == to_xlsx(undated)
    assert workbook(undated).properties.created == datetime(2000, 1, 1)


def test_sheet_names_are_cut_cleaned_and_unique() -> None:
    long_title = "Bảng 3: Danh sách [tạm] hộ/nhân khẩu * cần kiểm tra lại?"
    doc = document(blocks=(Table(FINDINGS.columns, FINDINGS.rows, title=long_title),
                           Table(FINDINGS.columns, FINDINGS.rows, title=long_title),
                           Table(FINDINGS.columns, FINDINGS.rows, title="báo cáo")))
    names = [t.sheet for t in tables(doc)]
    assert names[0] == "Bảng 3 Danh sách tạm hộ nhân"
    assert names[1].endswith(" (2)") and len(names[1]) <= 31
    assert names[2] == "báo cáo (2)"  # Excel compares sheet names without case
    assert workbook(doc).sheetnames == ["Báo cáo", *names]


def test_csv_one_file_per_table_with_bom_and_crlf() -> None:
    files = to_csv(document())
    assert list(files) == ["bang-1-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv", "bang-2.csv",
                           "phu-luc-i.csv"]
    data = files["bang-1-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 1 + len(SECURITY.rows)
    assert b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [c.title for c in SECURITY.columns]
    assert [tuple(r) for r in rows[1:]] == list(SECURITY.rows)
    households = list(csv.reader(io.StringIO(files["phu-luc-i.csv"].decode("utf-8-sig"))))
    assert households[2] == ["2", "DH-0002", "Trần Thị Ngọc Ánh", "001178005555"]


def test_csv_cells_excel_would_run_as_formulas_get_a_quote() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(document())["bang-2.csv"].decode("utf-8-sig"))))
    assert rows[2] == ["'=SUM(A1) ghi nhầm", "0%"]


def test_slug() -> None:
    assert slug("Bảng 1. Tình hình vụ việc") == "bang-1-tinh-hinh-vu-viec"
    assert slug("ĐỘI TUẦN TRA Đông Hạ") == "doi-tuan-tra-dong-ha"
    assert slug("Phụ lục II (2)") == "phu-luc-ii-2"
    assert len(slug("rất dài " * 20)) <= 60
    assert slug("…") == "bang"
