"""`antt report … --xlsx FILE --csv FOLDER`: a report's tables for Excel, drafts and issued
reports alike (working day 2026-11-20)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from antt_tui.session import Session
from tests.cli.helpers import run, run_json

THEFT = "Tội phạm về trật tự xã hội"




def security_sheet(path: Path):
    book = load_workbook(path)
    [sheet] = [ws for ws in book.worksheets if str(ws["A1"].value).startswith("Bảng 1.")]
    return book, sheet


def test_a_draft_exports_its_tables(report_db: Session, tmp_path: Path) -> None:
    figures = run_json("report", "monthly", "--village", "DH", "--period", "2026-10")
    theft = next(c for c in figures["incidents"] if c["label"] == THEFT)
    xlsx, folder = tmp_path / "bc.xlsx", tmp_path / "csv" / "thang-10"
    said = run("report", "monthly", "--village", "DH", "--period", "2026-10",
               "--xlsx", xlsx, "--csv", folder).stdout
    assert f"Đã ghi các bảng vào {xlsx}." in said
    book, sheet = security_sheet(xlsx)
    assert book.sheetnames[0] == "Báo cáo"
    [row] = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == THEFT]
    assert list(row[2:]) == [theft["now"], theft["before"], 2, "tăng", theft["year_to_date"],
                             theft["window_to_date"]]
    assert all(isinstance(v, int) for v in (row[2], row[3], row[6], row[7]))
    files = sorted(p.name for p in folder.iterdir())
    assert "bang-1-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv" in files
    assert f"Đã ghi {len(files)} tệp CSV vào {folder}." in said
    text = (folder / "bang-1-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"), newline="")))
    [line] = [r for r in rows if r[1] == THEFT]
    assert line[2:] == [str(theft["now"]), str(theft["before"]), "+2", "tăng",
                        str(theft["year_to_date"]), str(theft["window_to_date"])]


def test_an_issued_report_exports_the_same_tables_when_reprinted(report_db: Session,
                                                                  tmp_path: Path) -> None:
    issued, again = tmp_path / "issued.xlsx", tmp_path / "again.xlsx"
    run("report", "monthly", "--commune", "--period", "2026-10", "--so", 5, "--xlsx", issued)
    [row] = run_json("report", "list")
    said = run("report", "print", row["doc_hash"][:16], "--xlsx", again, "--csv",
               tmp_path / "csv").stdout
    assert "Đã in lại" not in said  # no PDF asked for
    assert again.read_bytes() == issued.read_bytes()
    lines = [c.value for c in load_workbook(issued)["Báo cáo"]["A"]]
    assert "Số: 05/BC-CAX" in lines
    assert any(f"mã kiểm tra {row['doc_hash'][:16]}" in (line or "") for line in lines)
    # The commune's report has the villages' table first (Bảng 1), then the security one.
    assert {p.name for p in (tmp_path / "csv").iterdir()} >= {
        "bang-1-tinh-hinh-cac-thon.csv", "bang-2-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv"}


def test_print_needs_something_to_write(report_db: Session) -> None:
    result = run("report", "print", "khongco12", code=1)
    assert "Cho -o TỆP.pdf, --xlsx TỆP.xlsx hoặc --csv THƯ_MỤC." in result.stderr
