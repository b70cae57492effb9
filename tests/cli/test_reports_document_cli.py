"""What a report says and where, read back from its PDF (pdftotext text and word boxes,
pdftoppm pages) and its .xlsx: a signer or a visible gap, one "as of" day, cumulative
columns that name their spans and agree with the criteria, sentences a clerk would write,
numbered tables, clear margins (working day 2026-11-20)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from antt_tui.session import Session
from tests.cli.helpers import run, run_json
from tests.unit.reports.test_pdf import MM, PAGE_W, ink_outside_the_text_area, words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None
                                or shutil.which("pdftoppm") is None,
                                reason="needs poppler-utils (.ci/run installs it)")


def flat(pdf: Path) -> str:
    """The PDF's text in drawing order, on one line (cells of a heading row join up)."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout
    return " ".join(text.split())


def test_no_report_is_issued_without_a_signer(commune: Session, tmp_path: Path) -> None:
    commune.close()
    out = tmp_path / "bc-12.pdf"
    refused = run("report", "quarterly", "--commune", "--period", "2026-Q3", "--so", 12,
                  "-o", out, code=1)
    assert refused.stderr == (
        "Lỗi: Chưa ban hành: báo cáo của xã Tân Lập chưa có họ tên người ký. Đặt một lần "
        "bằng lệnh\n  antt report settings --nguoi-ky \"Họ và tên\"\nrồi ban hành lại. "
        "Không có gì được lưu.\n")
    refused = run("report", "monthly", "--village", "DH", "--period", "2026-10", "--so", 5,
                  code=1)
    assert "antt report settings --village DH --nguoi-ky \"Họ và tên\"" in refused.stderr
    assert not out.exists() and run_json("report", "list") == []

    # A draft prints the gap where the name goes, under the title, in the right half.
    draft = tmp_path / "nhap.pdf"
    run("report", "monthly", "--village", "DH", "--period", "2026-10", "-o", draft)
    boxes = words(draft)
    [title] = [b for b in boxes if b[1] == "TRƯỞNG"]
    gap = [b for b in boxes if b[0] == title[0] and b[3] > title[3]
           and b[1] in ("(chưa", "có", "người", "ký)")]
    assert [b[1] for b in gap] == ["(chưa", "có", "người", "ký)"]
    assert all(b[2] > PAGE_W / 2 for b in gap) and gap[0][3] - title[3] > 20 * MM

    run("report", "settings", "--nguoi-ky", "Nguyễn Văn Ba")
    run("report", "quarterly", "--commune", "--period", "2026-Q3", "--so", 12, "-o", out)
    text = flat(out)
    assert "TRƯỞNG CÔNG AN XÃ Nguyễn Văn Ba" in text and "chưa có người ký" not in text


def test_a_quarter_counts_to_its_last_day_and_keeps_its_margins_clear(
        report_db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTT_TODAY", "2026-12-04")  # written well after the quarter
    out = tmp_path / "quy-3.pdf"
    run("report", "quarterly", "--commune", "--period", "2026-Q3", "--so", 12, "-o", out)
    text = flat(out)
    assert text.lower().count("tính đến") == 1
    assert "Số liệu trong báo cáo này tính đến ngày 30 tháng 9 năm 2026." in text
    assert "04/12/2026" not in text  # 04/12 is only the day it was signed
    assert "Lũy kế từ đầu năm (01/01 – 30/09/2026)" in text
    assert "Lũy kế kỳ đánh giá (16/11/2025 – 30/09/2026)" in text
    assert len(re.findall(r"kỳ đánh giá 16/11/2025 – 15/11/2026, chưa hết kỳ: ", text)) == 2
    boxes = words(out)
    assert "19.2đ.1" in {b[1] for b in boxes}  # a criterion's code on one line
    # The check code and QR code sit inside the text area; every margin but the top one
    # (the page number) is clear; no command is named.
    [row] = run_json("report", "list")
    code = [b for b in boxes if b[1] == row["doc_hash"][:16]]
    pages = int(subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                               check=True).stdout.split("Pages:")[1].split()[0])
    assert len(code) == pages and all(b[5] <= 277 * MM for b in code)
    assert ink_outside_the_text_area(out, tmp_path / "trang", dpi=40) == []
    assert not re.search(r"antt report|verify|--so", text)


def test_the_annual_report_counts_the_window_its_criteria_judge(report_db: Session,
                                                                tmp_path: Path) -> None:
    for day in ("20/11/2025", "17/11/2026"):  # in the 2026 window / in the next one
        run("incident", "add", "-t", "TL", "--date", day, "--category", "TP_TTXH_TROM_CAP")
    figures = run_json("report", "annual", "--commune", "--period", "2026")
    assert figures["spans"]["window_to_date"] == ["2025-11-16", "2026-11-15"]
    total = figures["incidents"][-1]
    assert (total["now"], total["window_to_date"]) == (3, 3)  # not the same three
    out = tmp_path / "nam.pdf"
    run("report", "annual", "--commune", "--period", "2026", "--so", 20, "-o", out)
    text = flat(out)
    assert "Lũy kế kỳ đánh giá (16/11/2025 – 15/11/2026)" in text
    assert "Lũy kế từ đầu năm" not in text  # it would repeat "Kỳ này"
    assert len(re.findall(r"kỳ đánh giá 16/11/2025 – 15/11/2026: ", text)) == 2
    said = run("report", "annual", "--help").stdout
    assert "2026 là năm 2026 (01/01–31/12" in " ".join(said.split())
    assert "xã 16/11/2025–15/11/2026" in " ".join(said.split())
    said = " ".join(run("report", "quarterly", "--help").stdout.split())
    assert "2026-Q3 là quý III năm 2026 (01/07–30/09" in said


def test_sentences_and_numbered_tables_alike_in_the_pdf_and_the_xlsx(report_db: Session,
                                                                       tmp_path: Path) -> None:
    run("incident", "add", "-t", "DH", "--date", "12/10/2026", "--category", "VA_CHAM_GT")
    pdf, xlsx = tmp_path / "bc.pdf", tmp_path / "bc.xlsx"
    run("report", "monthly", "--village", "DH", "--period", "2026-10", "-o", pdf,
        "--xlsx", xlsx)
    text = flat(pdf)
    assert ("Trong tháng 10 năm 2026, không tổ chức buổi tuyên truyền nào; không có hộ nào "
            "ký thêm cam kết “Hộ an toàn”.") in text
    assert "Trong tháng 10 năm 2026 không có lượt kiểm tra hộ gia đình nào." in text
    assert not re.search(r"\b0 (buổi|lượt|hộ|tổ|ca)\b", text)
    book = load_workbook(xlsx)
    titles = [ws["A1"].value for ws in book.worksheets[1:]]
    assert [t.split(".")[0] for t in titles] == [f"Bảng {n}" for n in range(1, len(titles) + 1)]
    for title in titles:
        assert title in text, title
    assert "Biểu đồ 1. Số vụ việc theo tháng" in text
    # Both tables count the same traffic incidents under the same name.
    security, details = book.worksheets[1], book.worksheets[2]
    assert details["A1"].value.endswith("(số vụ như ở Bảng 1)")
    [(_, now)] = [(r[1], r[2]) for r in security.iter_rows(min_row=3, values_only=True)
                  if r[1] == "Tai nạn, va chạm giao thông"]
    rows = list(details.iter_rows(min_row=3, values_only=True))
    assert rows[0][:3] == ("Tai nạn, va chạm giao thông", "số vụ", now) and now == 1
    assert rows[2][1:3] == ("trong đó: va chạm giao thông", 1)
