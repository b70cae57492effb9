"""The preview before an import, and a file with broken rows.

The officer sees the households and people found, a sample of rows as the file holds them and
as they will be stored, every row with a problem and why, and people who look like someone
already stored; nothing is written. A file with broken rows imports nothing unless asked;
its rows to fix come out as an .xlsx that imports once fixed.
"""

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

HEADINGS = ["TT", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Dân tộc"]
BROKEN = [
    [1, "Vũ Thị Lan", "1980", "Nữ", "Vợ", "Kinh"],             # row 4: no head above her
    [2, "Nguyễn Văn An", "24/07/1988", "Nam", "Chủ hộ", "Kinh"],
    [3, "Lê Thị Bình", "31/02/1990", "Nữ", "Vợ", "Kinh"],      # row 6: no 31 February
    [4, "Trần Thị Hoa", "1960", "X", "Chủ hộ", "Kinh"],        # row 7: the head's sex
    [5, "Phạm Đức Thắng", "2008", "Nam", "Cháu nội", "Kinh"],
    [6, "Hoàng Văn Sơn", "1966", "Nam", "Chủ hộ", "Tày"],
    [7, "Đỗ Thị Mai", "1970", "Nữ", "Vợ", "Sao Hỏa"],          # row 10: no such ethnicity
    [8, "Hoàng Văn Tú", "2030", "Nam", "Con đẻ", "Tày"],       # row 11: born in the future
]
"""A roster with broken rows, under two title lines (data from row 4)."""


def snapshot(s: Session) -> tuple[str, tuple]:
    return s.store.state_hash(), tuple(sorted(s.store.position.items()))


# ---------------------------------------------------------------------- the preview


def test_the_preview_counts_shows_before_and_after_and_writes_nothing(
        village: Session, tmp_path: Path) -> None:
    headings, rows = F.by_number()
    path = F.write_xlsx(tmp_path / "ds.xlsx", headings, rows, convert=F.tcvn3_text,
                        font=".VnTime", title=F.TITLE)
    before = snapshot(village)

    plan = F.plan_of(village, path, village="DH")

    assert snapshot(village) == before
    assert (plan.count(ri.NEW), plan.people(ri.NEW), plan.ok) == (3, 8, True)
    assert plan.file.heading_row == 3
    assert [h.village_name for h in plan.households] == ["Thôn Đông Hạ"] * 3
    first, second, third = plan.sample[:3]
    cells = {c.heading: (c.before, c.after) for c in first.cells}
    assert first.row == 4
    assert cells["Họ và tên"] == ("NguyÔn V¨n An", "Nguyễn Văn An")
    assert cells["QH với CH"] == ("Chñ hé", "Chủ hộ")
    assert cells["Năm sinh"] == ("24/07/1988", "24/07/1988")
    assert {c.heading: c.after for c in second.cells}["Năm sinh"] == "05/1990"
    assert {c.heading: c.after for c in third.cells}["QH với CH"] == "Con đẻ (Con trai)"
    assert [(c.letter, c.field_label) for c in plan.columns][:3] == [
        ("A", "(không dùng)"), ("B", "Số sổ hộ khẩu"), ("C", "Họ và tên")]
    as_json = plan.to_json()
    assert (as_json["ho_moi"], as_json["nhan_khau_moi"], as_json["dong_loi"]) == (3, 8, [])


def test_every_broken_row_is_listed_with_its_reason(village: Session, tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "loi.xlsx", HEADINGS, BROKEN, title=F.TITLE)
    plan = F.plan_of(village, path, village="DH")

    reasons = {row: " ".join(p.message for p in plan.errors if p.row == row)
               for row in plan.error_rows}
    assert sorted(reasons) == [4, 6, 7, 10, 11]
    assert "không thuộc hộ nào" in reasons[4]
    assert "31/02/1990" in reasons[6]
    assert "Giới tính “X” không rõ" in reasons[7]
    assert "Sao Hỏa" in reasons[10]
    assert "tương lai" in reasons[11] or "sau" in reasons[11], reasons[11]
    # A household whose head's row is broken is left out whole; the others keep their
    # valid rows.
    statuses = {h.head.name if h.head else h.key: h.status for h in plan.households}
    assert statuses == {"Nguyễn Văn An": ri.NEW, "Trần Thị Hoa": ri.REFUSED,
                        "Hoàng Văn Sơn": ri.NEW}
    assert plan.people(ri.NEW) == 2  # An and Sơn; Bình, Mai and Tú have errors
    assert not plan.ok


def test_a_file_with_broken_rows_imports_nothing_unless_asked(village: Session,
                                                              tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "loi.xlsx", HEADINGS, BROKEN, title=F.TITLE)
    plan = F.plan_of(village, path, village="DH")
    before = snapshot(village)

    with pytest.raises(ri.ImportRefused, match="5 dòng lỗi"):
        ri.commit(village.roster, plan)
    assert snapshot(village) == before
    assert F.people_of(village) == {}

    done = ri.commit(village.roster, plan, skip_errors=True)
    assert sorted(F.people_of(village)) == ["Hoàng Văn Sơn", "Nguyễn Văn An"]
    assert (len(done.households), done.persons) == (2, 2)
    assert done.left_out == (4, 6, 7, 8, 10, 11)  # Thắng's row goes with his household
    assert done.left_out_text == (
        "Không nhập 6 dòng: 5 dòng có lỗi và 1 dòng khác của hộ có lỗi.")


def test_the_rows_to_fix_come_out_as_a_file_that_imports_once_fixed(
        village: Session, tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "loi.xlsx", HEADINGS, BROKEN, title=F.TITLE)
    plan = F.plan_of(village, path, village="DH")
    ri.commit(village.roster, plan, skip_errors=True)

    book = load_workbook(io.BytesIO(ri.error_rows_xlsx(plan)))
    sheet = book.active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["Dòng gốc", "Lỗi", *HEADINGS]
    by_row = {r[0]: r for r in rows[1:]}
    # Every household with an error comes whole (its head above its members), in Unicode.
    assert sorted(by_row) == [4, 5, 6, 7, 8, 9, 10, 11]
    assert "31/02/1990" in by_row[6][1] and by_row[6][3] == "Lê Thị Bình"
    assert by_row[5][1] is None  # An's row has nothing wrong: it is there for Bình

    # The officer fixes the file in Excel: Lan's row goes, the others are corrected.
    fixes = {6: ("Ngày sinh", "28/02/1990"), 7: ("Giới tính", "Nữ"), 10: ("Dân tộc", "Kinh"),
             11: ("Ngày sinh", "2020")}
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value in fixes:
            heading, value = fixes[cells[0].value]
            cells[2 + HEADINGS.index(heading)].value = value
    sheet.delete_rows(2)  # row 4 of the original: Lan
    fixed = tmp_path / "da-sua.xlsx"
    book.save(fixed)

    again = F.plan_of(village, fixed, village="DH")
    assert again.ok, [p.message for p in again.errors]
    assert [(h.head.name, h.status) for h in again.households] == [
        ("Nguyễn Văn An", ri.CHANGED), ("Trần Thị Hoa", ri.NEW), ("Hoàng Văn Sơn", ri.CHANGED)]
    assert again.people(ri.SAME) == 2  # what the first import took is found, not added
    ri.commit(village.roster, again)
    assert sorted(F.people_of(village)) == sorted(
        ["Nguyễn Văn An", "Lê Thị Bình", "Trần Thị Hoa", "Phạm Đức Thắng", "Hoàng Văn Sơn",
         "Đỗ Thị Mai", "Hoàng Văn Tú"])
    assert F.people_of(village)["Lê Thị Bình"]["birth"] == "1990-02-28"


def test_the_rows_to_fix_keep_the_line_that_numbers_their_household(
        village: Session, tmp_path: Path) -> None:
    # Some rosters give the household's number and address on a line of their own.
    headings = ["Số hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ", "Địa chỉ"]
    path = F.write_xlsx(tmp_path / "ds.xlsx", headings, [
        ["1", None, None, None, None, "Xóm 1"],
        [None, "Nguyễn Văn An", "1960", "Nam", "Chủ hộ", None],
        [None, "Lê Thị Bình", "31/02/1962", "Nữ", "Vợ", None],
        ["2", None, None, None, None, "Xóm 2"],
        [None, "Trần Văn Cường", "1970", "Nam", "Chủ hộ", None]])
    plan = F.plan_of(village, path, village="DH")
    assert [(h.key, h.fields["address"]) for h in plan.households] == [("1", "Xóm 1"),
                                                                      ("2", "Xóm 2")]
    ri.commit(village.roster, plan, skip_errors=True)

    book = load_workbook(io.BytesIO(ri.error_rows_xlsx(plan)))
    rows = [[c.value for c in r] for r in book.active.iter_rows(min_row=2)]
    assert [r[:4] for r in rows] == [[2, None, "1", None], [3, None, None, "Nguyễn Văn An"],
                                     [4, rows[2][1], None, "Lê Thị Bình"]]
    rows[2][4] = "1962"
    fixed = tmp_path / "da-sua.xlsx"
    F.write_xlsx(fixed, ["Dòng gốc", "Lỗi", *headings], rows)
    again = F.plan_of(village, fixed, village="DH")
    assert [(h.status, [p.status for p in h.people]) for h in again.households] == [
        (ri.CHANGED, [ri.SAME, ri.NEW])]


def test_people_who_look_like_someone_stored_are_shown(village: Session,
                                                       tmp_path: Path) -> None:
    stored = village.roster.add_household("DH", household={"address": "Xóm 9"}, head={
        "full_name": "Phạm Văn Tâm", "sex": "nam", "birth": "1950"})
    village.roster.add_person(stored.code, {"full_name": "Lê Thị Bình", "sex": "nu",
                                               "birth": "1990", "relation": "Con dâu"})
    headings, rows = F.head_first()
    path = F.write_csv(tmp_path / "ds.csv", headings, rows)

    plan = F.plan_of(village, path, village="DH")

    assert [(d.row, d.name, d.household_code, d.reason) for d in plan.duplicates] == [
        (3, "Lê Thị Bình", "DH-0001", "cùng họ tên và năm sinh, ở hộ khác")]
    assert plan.ok  # a doubt, not an error: the officer decides


def test_the_village_comes_from_the_file_the_choice_or_the_only_one(
        village: Session, open_session: OpenSession, tmp_path: Path) -> None:
    headings, rows = F.by_number()  # its "Thôn" column says "Đông Hạ"
    path = F.write_xlsx(tmp_path / "ds.xlsx", headings, rows)
    assert {h.village_name for h in F.plan_of(village, path).households} == {"Thôn Đông Hạ"}

    wrong = F.plan_of(village, path, village="TL")
    assert wrong.count(ri.REFUSED) == 3
    assert "khác thôn đã chọn (Thôn Trung Lập)" in wrong.errors[0].message

    headings, rows = F.head_first()  # no village column, two villages: the officer chooses
    bare = F.write_csv(tmp_path / "bare.csv", headings, rows)
    unsure = F.plan_of(village, bare)
    assert unsure.count(ri.REFUSED) == 3 and unsure.needs_village
    assert unsure.errors[0].message == ("Không rõ hộ thuộc thôn nào: thêm cột Thôn vào tệp, "
                                        "hoặc chọn thôn nhận danh sách.")
    # What the screen and the command both show names no command's options.
    said = [p.message for p in unsure.problems] + list(unsure.notes)
    assert not [m for m in said if "--" in m]
    assert not F.plan_of(village, bare, village="DH").needs_village


def test_the_columns_can_be_corrected_and_the_correction_saved(village: Session, paths,
                                                               tmp_path: Path) -> None:
    path = F.write_csv(tmp_path / "ds.csv", ["Họ tên NK", "Sinh", "Phái", "QH"], [
        ["Nguyễn Văn An", "1960", "Nam", "Chủ hộ"], ["Lê Thị Bình", "1962", "Nữ", "Vợ"]])
    file = ri.read_roster(path)
    assert [file.mapping.get(i, "") for i in range(4)] == ["full_name", "", "", "relation"]

    mapping = ri.with_columns(file, file.mapping, ["Sinh=birth", "C=Giới tính"])
    plan = ri.plan(village.roster, file, village="DH", mapping=mapping, today=TODAY)
    assert [p.fields.get("birth") for p in plan.households[0].people] == ["1960", "1962"]

    ri.save_columns(paths, "Mẫu thôn Đông Hạ", file, mapping, {})
    assert ri.saved_names(paths) == ["Mẫu thôn Đông Hạ"]
    reused, _ = ri.apply_saved(file, ri.load_columns(paths, "Mẫu thôn Đông Hạ"), file.mapping)
    assert reused == mapping
    with pytest.raises(ri.MappingError, match="Không biết trường"):
        ri.with_columns(file, mapping, ["Sinh=ngay_cuoi"])
    with pytest.raises(ri.MappingError, match="Họ và tên"):
        ri.plan(village.roster, file, village="DH", mapping={1: "birth"}, today=TODAY)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("tep.csv", b"", "không có dòng nào"),
    ("tep.xlsx", b"PK\x03\x04broken", "Không đọc được tệp Excel"),
    ("tep.xls", b"not a workbook", "không phải dạng .xls"),
])
def test_a_file_that_is_no_roster_is_refused_in_words(tmp_path: Path, name: str,
                                                      content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ri.SheetUnreadable, match=message):
        ri.read_roster(path)
    with pytest.raises(ri.SheetUnreadable, match="Không tìm thấy tệp"):
        ri.read_roster(tmp_path / "khong-co.xlsx")
    with pytest.raises(ri.SheetUnreadable, match="là một thư mục"):
        ri.read_roster(tmp_path)


def test_a_file_that_is_not_a_roster_opens_but_cannot_be_planned(village: Session,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "vu-viec.csv"
    path.write_text("Ngày,Nơi xảy ra,Loại vụ việc\n01/10/2026,Xóm 1,Trộm cắp\n",
                    encoding="utf-8")
    file = ri.read_roster(path)
    assert file.heading_missing.startswith("không thấy dòng tiêu đề có cột “Họ và tên”")
    with pytest.raises(ri.MappingError, match="Họ và tên"):
        ri.plan(village.roster, file, today=TODAY)


# ---------------------------------------------------------------------- what the rows say


def test_a_row_without_sex_is_told_so_in_one_sentence(village: Session, tmp_path: Path) -> None:
    path = F.write_csv(tmp_path / "khong-gioi-tinh.csv",
                       ["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ"],
                       [["Trần Văn Hùng", "1970", "Chủ hộ"], ["Lê Thị Hoa", "1972", "Vợ"],
                        ["Trần Minh Khôi", "2000", "Con"]])
    plan = F.plan_of(village, path, village="DH")
    errors = {p.row: p.message for p in plan.errors}
    assert errors == {
        2: "Thiếu giới tính (Nam hoặc Nữ): thêm cột Giới tính, hoặc sửa dòng này.",
        4: "Thiếu giới tính (Nam hoặc Nữ): thêm cột Giới tính, hoặc sửa dòng này."}
    # "Vợ" tells the sex (a warning to check); a name never does.
    assert [p.message for p in plan.warnings] == [
        "Không ghi giới tính: lấy theo quan hệ “Vợ” (Nữ)."]

    path = F.write_csv(tmp_path / "o-trong.csv", ["Họ và tên", "Năm sinh", "Giới tính"],
                       [["Trần Văn Hùng", "1970", ""], ["Lê Thị Hoa", "1972", "X"]])
    plan = F.plan_of(village, path, village="DH")
    assert [(p.row, p.message) for p in plan.errors] == [
        (2, "Thiếu giới tính (Nam hoặc Nữ): ghi vào cột Giới tính của dòng này."),
        (3, "Giới tính “X” không rõ: ghi Nam hoặc Nữ.")]


def test_has_work_says_whether_importing_would_write_anything(village: Session,
                                                              tmp_path: Path) -> None:
    headings, rows = F.head_first()
    path = F.write_csv(tmp_path / "ds.csv", headings, rows)
    fresh = F.plan_of(village, path, village="DH")
    assert (fresh.has_work, fresh.nothing_to_do, fresh.rows_to_fix) == (True, False, False)
    ri.commit(village.roster, fresh)

    again = F.plan_of(village, path, village="DH")
    assert (again.has_work, again.nothing_to_do) == (False, True)

    rows[1][2] = "1991"  # Lê Thị Bình's birth year, changed in a copy
    edited = F.plan_of(village, F.write_csv(tmp_path / "sua.csv", headings, rows), village="DH")
    assert (edited.has_work, edited.nothing_to_do, edited.count(ri.CHANGED)) == (True, False, 1)

    broken = [list(r) for r in rows]
    for row in broken:
        row[2] = "31/02/1990"
    refused = F.plan_of(village, F.write_csv(tmp_path / "loi.csv", headings, broken),
                      village="TL")
    assert (refused.has_work, refused.nothing_to_do, refused.rows_to_fix) == (False, False, True)


def test_tcvn3_text_before_conversion_shows_its_u_with_horn_as_excel_draws_it(
        village: Session, tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "ds.xlsx", ["Họ và tên", "Năm sinh", "Giới tính"],
                        [["Trương Văn Hưng", "1970", "Nam"]], convert=F.tcvn3_text,
                        font=".VnTime")
    plan = F.plan_of(village, path, village="DH")
    cell = plan.sample[0].cells[0]
    # TCVN3 writes "ư" as byte 0xAD, the soft hyphen a screen hides: kept as it is for the
    # audit, drawn as "-" (as Excel shows it without the .VnTime font) to be read.
    assert cell.before == "Tr\xad¬ng V¨n H\xadng"
    assert (cell.before_seen, cell.after) == ("Tr-¬ng V¨n H-ng", "Trương Văn Hưng")
    assert plan.to_json()["mau"][0]["o"][0]["truoc"] == "Tr\xad¬ng V¨n H\xadng"
