"""A roster whose heading row the reader cannot find still opens, for the officer to name the
heading row and the columns; a commune's workbook with a sheet per village is read a sheet at
a time; every column is listed with a first value as it reads (`column_views`); reading an
.xlsx tells its progress out of a known total."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from antt_tui.roster import roster_import as ri
from antt_tui.session import Session
from tests.conftest import TODAY
from tests.unit.roster import roster_import_files as F

OpenSession = Callable[..., Session]

ODD_HEADINGS = ["Stt", "Tên người", "Sinh", "Phái", "Q.hệ"]
"""Headings the reader does not know: none says "Họ và tên"."""
ODD_ROWS = [[1, "Nguyễn Văn An", 1960, "Nam", "Chủ hộ"], [2, "Lê Thị Bình", 1962, "Nữ", "Vợ"]]
HEADINGS = ["Số hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ"]


def odd_file(tmp_path: Path) -> Path:
    return F.write_sheets(tmp_path / "bang-ke.xlsx", {
        "DS": [["BẢNG KÊ NHÂN KHẨU THÔN ĐÔNG HẠ"], ODD_HEADINGS, *ODD_ROWS]})


# ---------------------------------------------------------------------- the heading row


def test_a_file_whose_heading_row_is_not_found_opens_with_the_likeliest_row(
        tmp_path: Path) -> None:
    file = ri.read_roster(odd_file(tmp_path))

    assert file.heading_missing == ("không thấy dòng tiêu đề có cột “Họ và tên” và một cột "
                                    "khác trong 25 dòng đầu.")
    assert file.heading_row == 2  # the row of words: not the title, not a person's row
    assert file.heading_label == "chưa nhận ra dòng tiêu đề (tạm lấy dòng 2)"
    assert file.headings() == ODD_HEADINGS
    assert file.notes[0] == ("Không thấy dòng tiêu đề có cột “Họ và tên” và một cột khác "
                             "trong 25 dòng đầu; tạm lấy dòng 2. Hãy chọn dòng tiêu đề và "
                             "cách đọc từng cột.")
    assert file.first_rows == (
        (1, "BẢNG KÊ NHÂN KHẨU THÔN ĐÔNG HẠ"), (2, "Stt | Tên người | Sinh | Phái | Q.hệ"),
        (3, "1 | Nguyễn Văn An | 1960 | Nam | Chủ hộ"), (4, "2 | Lê Thị Bình | 1962 | Nữ | Vợ"))
    assert [(c.name, c.field_label, c.example) for c in ri.column_views(file)] == [
        ("A “Stt”", "(không dùng)", "1"), ("B “Tên người”", "(không dùng)", "Nguyễn Văn An"),
        ("C “Sinh”", "(không dùng)", "1960"), ("D “Phái”", "(không dùng)", "Nam"),
        ("E “Q.hệ”", "(không dùng)", "Chủ hộ")]


def test_the_officer_names_the_heading_row_and_the_columns(village: Session,
                                                           tmp_path: Path) -> None:
    path = odd_file(tmp_path)
    guessed = ri.read_roster(path)
    with pytest.raises(ri.MappingError, match="Chưa có cột nào được đọc là “Họ và tên”"):
        ri.plan(village.roster, guessed, today=TODAY)

    file = ri.read_roster(path, heading_row=2)
    assert (file.heading_missing, file.heading_label) == ("", "dòng tiêu đề 2")
    mapping = ri.with_columns(file, file.mapping, ["Tên người=full_name", "Sinh=birth",
                                                   "Phái=Giới tính", "E=relation"])
    plan = ri.plan(village.roster, file, mapping=mapping, today=TODAY)
    assert plan.ok and (plan.count(ri.NEW), plan.people(ri.NEW)) == (1, 2)
    assert plan.households[0].village_name == "Thôn Đông Hạ"  # the title above row 2
    ri.commit(village.roster, plan)
    assert {n: p["household_code"] for n, p in F.people_of(village).items()} == {
        "Nguyễn Văn An": "DH-0001", "Lê Thị Bình": "DH-0001"}


def test_a_file_without_headings_is_read_by_column_letters(village: Session,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "chi-co-du-lieu.csv"
    path.write_text("Nguyễn Văn An,1960,Nam,Chủ hộ\n\nLê Thị Bình,1962,Nữ,Vợ\n",
                    encoding="utf-8")
    file = ri.read_roster(path, heading_row=ri.NO_HEADING_ROW)
    assert file.heading_label == "không có dòng tiêu đề"
    assert [(c.name, c.example) for c in ri.column_views(file)] == [
        ("A", "Nguyễn Văn An"), ("B", "1960"), ("C", "Nam"), ("D", "Chủ hộ")]
    mapping = ri.with_columns(file, {}, ["A=full_name", "B=birth", "C=sex", "D=relation"])
    plan = ri.plan(village.roster, file, village="DH", mapping=mapping, today=TODAY)
    assert plan.ok and [p.row for p in plan.households[0].people] == [1, 3]

    with pytest.raises(ri.SheetUnreadable, match="chỉ có 3 dòng: không có dòng 9"):
        ri.read_roster(path, heading_row=9)
    with pytest.raises(ri.SheetUnreadable, match="dòng 2 trống, không thể là dòng tiêu đề"):
        ri.read_roster(path, heading_row=2)


def test_the_rows_to_fix_of_a_file_without_headings_come_out_headed_by_their_fields(
        village: Session, tmp_path: Path) -> None:
    path = tmp_path / "chi-co-du-lieu.csv"
    path.write_text("Nguyễn Văn An,31/02/1960,Nam\n", encoding="utf-8")
    file = ri.read_roster(path, heading_row=ri.NO_HEADING_ROW)
    plan = ri.plan(village.roster, file, village="DH", today=TODAY,
                   mapping={0: "full_name", 1: "birth", 2: "sex"})
    rows = list(load_workbook(io.BytesIO(ri.error_rows_xlsx(plan))).active.values)
    assert rows[0] == ("Dòng gốc", "Lỗi", "Họ và tên", "Ngày sinh", "Giới tính")
    assert rows[1][0] == 1 and "31/02/1960" in rows[1][1]


def test_a_persons_row_is_not_taken_for_the_headings(tmp_path: Path) -> None:
    # "Nam" and "Chủ hộ" are headings too ("Năm sinh – Nam", "Chủ hộ"), but a row with a
    # birth year in it is a person's.
    path = F.write_csv(tmp_path / "ds.csv", ["Tên người", "Sinh", "Phái", "QH"],
                       [["Nguyễn Văn An", "1960", "Nam", "Chủ hộ"],
                        ["Lê Thị Bình", "1962", "Nữ", "Vợ"]])
    file = ri.read_roster(path)
    assert file.heading_missing and file.heading_row == 1
    assert [r.number for r in file.rows] == [2, 3]


def test_a_heading_row_with_a_year_over_a_column_is_found(tmp_path: Path) -> None:
    # A template with the year over the commitment column; its people rows have one number
    # (STT) and words the reader knows as headings too ("Nam", "Chủ hộ", "Thôn Đông Hạ").
    path = F.write_sheets(tmp_path / "ds.xlsx", {"DS": [
        ["DANH SÁCH NHÂN KHẨU"],
        ["STT", "Họ và tên", "Giới tính", "Quan hệ với chủ hộ", "Thôn", 2026],
        [1, "Nguyễn Văn An", "Nam", "Chủ hộ", "Thôn Đông Hạ", "x"],
        [2, "Lê Thị Bình", "Nữ", "Vợ", "Thôn Đông Hạ", ""]]})
    file = ri.read_roster(path)
    assert not file.heading_missing
    assert file.heading_row == 2
    assert [r.number for r in file.rows] == [3, 4]
    assert file.headings()[:5] == ["STT", "Họ và tên", "Giới tính", "Quan hệ với chủ hộ",
                                   "Thôn"]
    fields = {c.name: c.field_label for c in ri.column_views(file)}
    assert fields["B “Họ và tên”"] != "(không dùng)"


def test_a_persons_row_with_one_number_is_not_taken_for_the_headings(tmp_path: Path) -> None:
    path = F.write_sheets(tmp_path / "ds.xlsx", {"DS": [
        [1, "Nguyễn Văn An", "Nam", "Chủ hộ", "Thôn Đông Hạ"],
        [2, "Lê Thị Bình", "Nữ", "Vợ", "Thôn Đông Hạ"]]})
    file = ri.read_roster(path)
    assert file.heading_missing  # not "found": the officer is asked to choose the row
    assert file.heading_label == "chưa nhận ra dòng tiêu đề (tạm lấy dòng 1)"


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "trong.csv"
    path.write_bytes(b"")
    with pytest.raises(ri.SheetUnreadable, match=r"trong\.csv: không có dòng nào"):
        ri.read_roster(path)


# ---------------------------------------------------------------------- the columns


def test_each_column_is_listed_with_a_first_value_as_it_reads(village: Session,
                                                              tmp_path: Path) -> None:
    headings, rows = F.by_number()
    path = F.write_xlsx(tmp_path / "ds.xlsx", headings, rows, convert=F.tcvn3_text,
                        font=".VnTime", title=F.TITLE)
    file = ri.read_roster(path)
    views = {c.heading: c for c in ri.column_views(file)}
    name = views["Họ và tên"]
    assert (name.letter, name.field, name.field_label) == ("C", "full_name", "Họ và tên")
    assert (name.encoding, name.example) == ("TCVN3 (ABC), theo phông chữ", "Nguyễn Văn An")
    assert (views["STT"].field_label, views["STT"].example) == ("(không dùng)", "1")
    assert views["Năm sinh"].example == "24/07/1988"

    # Read otherwise: the column as Unicode shows the legacy letters; left unused, not used.
    told = {c.heading: c for c in ri.column_views(file, {3: "birth"}, {2: "unicode"})}
    assert (told["Họ và tên"].field, told["Họ và tên"].encoding, told["Họ và tên"].example) \
        == ("", "Unicode, người dùng chọn", "NguyÔn V¨n An")
    plan = ri.plan(village.roster, file, village="DH", today=TODAY)
    assert plan.columns == ri.column_views(file, plan.mapping, plan.encoding_choices)
    assert plan.to_json()["cot"][2]["vi_du"] == "Nguyễn Văn An"


# ---------------------------------------------------------------------- sheets


def test_a_communes_workbook_is_read_a_sheet_per_village(village: Session,
                                                         tmp_path: Path) -> None:
    path = F.write_sheets(tmp_path / "ca-xa.xlsx", {
        "Đông Hạ": [HEADINGS, [1, "Phạm Văn Khải", 1970, "Nam", "Chủ hộ"]],
        "Trung Lập": [HEADINGS, [1, "Vũ Văn Minh", 1985, "Nam", "Chủ hộ"],
                      [2, "Bùi Văn Nam", 1960, "Nam", "Chủ hộ"]],
        "Tổng hợp": [["Cả xã: 3 hộ"]]})

    first = ri.read_roster(path)
    assert (first.sheet, first.sheets) == ("Đông Hạ", ("Đông Hạ", "Trung Lập", "Tổng hợp"))
    assert ("Tệp có 3 trang; lần này chỉ đọc trang “Đông Hạ”. Các trang “Trung Lập”, “Tổng "
            "hợp” nhập lần lượt, mỗi lần một trang.") in first.notes
    # No "Thôn" column and two villages: the sheet's name tells the village.
    planned = ri.plan(village.roster, first, today=TODAY)
    assert [h.village_name for h in planned.households] == ["Thôn Đông Hạ"]

    second = ri.read_roster(path, sheet="Trung Lập")
    planned = ri.plan(village.roster, second, today=TODAY)
    assert [h.village_name for h in planned.households] == ["Thôn Trung Lập"] * 2
    assert ri.read_roster(path, sheet="Tổng hợp").heading_missing  # opens all the same
    with pytest.raises(ri.SheetUnreadable, match="không có trang “Xóm Bãi”"):
        ri.read_roster(path, sheet="Xóm Bãi")


def test_reading_an_xlsx_tells_its_progress_out_of_the_rows_it_says_it_has(
        tmp_path: Path) -> None:
    rows = [[n // 2 + 1, f"Người {chr(65 + n % 26)}", 1970, "Nam", "Chủ hộ"]
            for n in range(1199)]
    path = F.write_sheets(tmp_path / "lon.xlsx", {"DS": [HEADINGS, *rows]})
    told: list[tuple[int, int]] = []
    ri.read_roster(path, progress=lambda done, total: told.append((done, total)))
    assert told == [(500, 1200), (1000, 1200), (1200, 1200)]
