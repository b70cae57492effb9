"""`antt export roster`: the village roster written to .xlsx or CSV, as an officer runs it.

The database is the `commune` fixture (Xã Tân Lập; DH-0001 Nguyễn Văn An, head, CCCD
033075001234; Lê Thị Bình, born "1978"; Nguyễn Văn Cường, born "05/2001"), closed before the
command runs, as `report_db` does.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import run

AN, BINH, CUONG = "Nguyễn Văn An", "Lê Thị Bình", "Nguyễn Văn Cường"
HEADERS = ["STT", "Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ",
           "Số CCCD", "Dân tộc", "Tôn giáo", "Nghề nghiệp", "Số điện thoại", "Địa chỉ", "Thôn",
           "Tình trạng cư trú", "Ghi chú"]


@pytest.fixture
def db(commune: Session) -> Session:
    """The commune, plus TL-0001 (Trần Văn Dũng) in Thôn Trung Lập; closed."""
    commune.roster.add_household("TL", household={"address": "Xóm 5, Thôn Trung Lập"}, head={
        "full_name": "Trần Văn Dũng", "sex": "nam", "birth": "1960"})
    commune.close()
    return commune


def test_a_village_to_xlsx(db: Session, tmp_path: Path) -> None:
    target = tmp_path / "danh-sach-DH.xlsx"
    result = run("export", "roster", "--village", "DH", "-o", target)
    assert result.stdout == (f"Đã ghi 3 nhân khẩu của 1 hộ, Thôn Đông Hạ, vào {target}.\n")
    # The roster's people are in the file, not on the screen.
    assert AN not in result.output and "033075001234" not in result.output
    book = load_workbook(target)
    assert book.sheetnames == ["Thôn Đông Hạ"]
    ws = book.active
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["C2"].font.name == "Times New Roman" and ws["A1"].font.name == "Times New Roman"
    assert ws.column_dimensions["C"].width >= len(CUONG)
    assert ws.column_dimensions["G"].width >= len("033075001234")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [AN, BINH, CUONG]  # the head first
    assert rows[0][:7] == (1, "DH-0001", AN, "24/07/1975", "Nam", "Chủ hộ", "033075001234")
    assert ws["G2"].data_type == "s"  # the CCCD is text: its leading zero stays
    assert [r[3] for r in rows] == ["24/07/1975", "1978", "05/2001"]  # as stored


def test_the_commune_to_xlsx_is_one_sheet_per_village(db: Session, tmp_path: Path) -> None:
    target = tmp_path / "ca-xa.xlsx"
    result = run("export", "roster", "-o", target)
    assert "4 nhân khẩu của 2 hộ, cả Xã Tân Lập (2 thôn)" in result.stdout
    book = load_workbook(target)
    assert book.sheetnames == ["Thôn Đông Hạ", "Thôn Trung Lập"]
    assert book["Thôn Trung Lập"]["C2"].value == "Trần Văn Dũng"


def test_csv_has_a_bom_and_reads_back(db: Session, tmp_path: Path) -> None:
    target = tmp_path / "ds.csv"
    run("export", "roster", "-o", target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADERS
    assert [r[:4] for r in rows[1:]] == [
        ["1", "DH-0001", AN, "24/07/1975"], ["2", "DH-0001", BINH, "1978"],
        ["3", "DH-0001", CUONG, "05/2001"], ["4", "TL-0001", "Trần Văn Dũng", "1960"]]
    assert rows[1][6] == "033075001234" and rows[4][12] == "Thôn Trung Lập"


def test_an_existing_file_is_refused_without_ghi_de(db: Session, tmp_path: Path) -> None:
    target = tmp_path / "ds.xlsx"
    target.write_bytes(b"bang cu")
    result = run("export", "roster", "--village", "DH", "-o", target, code=1)
    assert result.stderr.startswith("Lỗi: Tệp ") and "--ghi-de" in result.stderr
    assert target.read_bytes() == b"bang cu"
    run("export", "roster", "--village", "DH", "-o", target, "--ghi-de")
    assert load_workbook(target).active["C2"].value == AN
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ds")) == ["ds.xlsx"]


def test_a_path_inside_the_database_is_refused(db: Session, paths: Paths) -> None:
    target = paths.database / "ds.csv"
    result = run("export", "roster", "-o", target, code=1)
    assert "thư mục cơ sở dữ liệu" in result.stderr
    assert not target.exists()


def test_a_path_inside_the_backups_is_refused(db: Session, paths: Paths) -> None:
    target = paths.backups / "ds.xlsx"
    result = run("export", "roster", "-o", target, code=1)
    assert "thư mục sao lưu" in result.stderr
    assert not target.exists()


def test_other_file_types_and_unknown_villages_are_refused(db: Session, tmp_path: Path) -> None:
    result = run("export", "roster", "-o", tmp_path / "ds.pdf", code=1)
    assert ".xlsx (Excel) hoặc .csv" in result.stderr
    result = run("export", "roster", "--village", "XX", "-o", tmp_path / "ds.csv", code=1)
    assert "Không tìm thấy thôn 'XX'" in result.stderr
    assert not list(tmp_path.glob("ds.*"))


def test_departed_people_only_with_ca_da_chuyen(db: Session, paths: Paths,
                                               tmp_path: Path) -> None:
    with Session.open(paths.database, paths=paths) as s:
        binh = next(p["id"] for p in s.store.records("persons") if p["full_name"] == BINH)
        s.roster.mark_moved_away(binh, on="01/03/2026")
    run("export", "roster", "-t", "DH", "-o", tmp_path / "now.csv")
    run("export", "roster", "-t", "DH", "-o", tmp_path / "all.csv", "--ca-da-chuyen")
    with (tmp_path / "now.csv").open(encoding="utf-8-sig", newline="") as fh:
        now = list(csv.reader(fh))
    with (tmp_path / "all.csv").open(encoding="utf-8-sig", newline="") as fh:
        everyone = list(csv.reader(fh))
    assert [r[2] for r in now[1:]] == [AN, CUONG]
    binh_row = next(r for r in everyone if r[2] == BINH)
    assert binh_row[-3:-1] == ["Đã chuyển đi", "01/03/2026"]


def test_help_says_personal_data_leaves_the_database() -> None:
    out = run("export", "roster", "--help").stdout
    assert "thông tin cá nhân" in out and "Ví dụ: antt export roster" in out
    assert "--ghi-de" in out and "--ca-da-chuyen" in out
