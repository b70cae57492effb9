"""`antt import roster`, `antt import list`, `antt import undo`: a preview that writes nothing,
`--yes` for scripts, `--json`, the rows to fix in a file, and refusals in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import run, run_json
from tests.unit.roster import roster_import_files as F


def state(paths: Paths) -> tuple[str, list[str]]:
    """The database's state hash and its journal files' sizes."""
    with Session.open(paths.database, paths=paths) as s:
        digest = s.store.state_hash()
    sizes = sorted(f"{p.name}:{p.stat().st_size}" for p in paths.database.rglob("*.jsonl"))
    return digest, sizes


@pytest.fixture
def db(antt_home: Path) -> None:
    run("init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập", "--village",
        "Thôn Đông Hạ", "--village", "Thôn Trung Lập")


@pytest.fixture
def tcvn3_file(tmp_path: Path) -> Path:
    headings, rows = F.by_number()
    return F.write_xlsx(tmp_path / "dong-ha.xlsx", headings, rows, convert=F.tcvn3_text,
                        font=".VnTime", title=F.TITLE)


def households(village: str = "DH") -> list[dict]:
    return run_json("household", "list", "-t", village)


def test_the_preview_writes_nothing_and_yes_imports(db: None, paths: Paths,
                                                    tcvn3_file: Path) -> None:
    before = state(paths)
    preview = run("import", "roster", tcvn3_file)
    assert state(paths) == before
    out = preview.stdout
    assert "dong-ha.xlsx, trang “Danh sách” · dòng tiêu đề 3" in out
    assert "TCVN3 (ABC), theo phông chữ" in out
    assert "Thôn: Thôn Đông Hạ (3 hộ)" in out
    assert "Hộ mới: 3 ·" in out and "Nhân khẩu mới: 8 ·" in out
    assert "Họ và tên: NguyÔn V¨n An → Nguyễn Văn An" in out
    assert "Dòng 9: Quan hệ “Người giúp việc” không có trong danh mục" in out
    assert "Thêm --yes để nhập" in preview.stderr

    done = run("import", "roster", tcvn3_file, "--yes")
    assert "Đã nhập trong một lần lưu (mã " in done.stdout
    assert "3 hộ mới, 8 nhân khẩu mới, 0 bản ghi sửa" in done.stdout
    assert len(households()) == 3

    again = run("import", "roster", tcvn3_file, "--yes")
    assert "Không có gì mới" in again.stderr
    assert "Tệp này đã được nhập lúc" in again.stdout
    assert len(households()) == 3


def test_json_gives_the_preview_and_what_was_imported(db: None, tcvn3_file: Path) -> None:
    preview = run_json("import", "roster", tcvn3_file)
    assert (preview["ho_moi"], preview["nhan_khau_moi"], preview["da_nhap"]) == (3, 8, None)
    assert preview["mau"][0]["o"][1] == {"cot": "Họ và tên", "truoc": "NguyÔn V¨n An",
                                         "sau": "Nguyễn Văn An"}
    assert households() == []

    done = run_json("import", "roster", tcvn3_file, "--yes")
    assert (len(done["da_nhap"]["ho_moi"]), done["da_nhap"]["nhan_khau_moi"]) == (3, 8)
    [listed] = run_json("import", "list")
    assert (listed["ma"], listed["tep"], listed["ho_moi"], listed["nhan_khau_moi"]) == (
        done["da_nhap"]["ma"], "dong-ha.xlsx", 3, 8)


def test_list_history_and_undo(db: None, tcvn3_file: Path) -> None:
    assert "Chưa nhập danh sách nào" in run("import", "list").stdout
    code = run_json("import", "roster", tcvn3_file, "--yes")["da_nhap"]["ma"]
    listed = run("import", "list").stdout
    assert code in listed and "dong-ha.xlsx" in listed
    first = households()[0]["ma_ho"]
    assert "Nhập danh sách từ tệp" in run("history", first).stdout

    refused = run("import", "undo", code, "--reason", "Nhập nhầm", code=1)
    assert "Chưa hoàn tác (thêm --yes để hoàn tác)" in refused.stderr
    assert len(households()) == 3
    done = run("import", "undo", code, "--reason", "Nhập nhầm", "--yes")
    assert f"Đã hoàn tác lần nhập {code}: xóa 3 hộ, 8 nhân khẩu" in done.stdout
    assert households() == []
    assert "đã hoàn tác: Nhập nhầm" in run("import", "list").stdout
    again = run("import", "undo", code, "--reason", "Lần nữa", "--yes", code=1)
    assert "đã được hoàn tác rồi" in again.stderr


def test_broken_rows_import_nothing_unless_asked_and_come_out_to_fix(
        db: None, paths: Paths, tmp_path: Path) -> None:
    headings, rows = F.head_first()
    rows[1][2] = "31/02/1990"  # Lê Thị Bình
    path = F.write_csv(tmp_path / "loi.csv", headings, rows)
    before = state(paths)

    preview = run("import", "roster", path, "-t", "DH")
    assert "Dòng lỗi (không nhập):" in preview.stdout
    assert "Dòng 3: Ngày sinh" in preview.stdout and "31/02/1990" in preview.stdout
    assert "Chưa ghi gì: có 1 dòng lỗi" in preview.stderr
    refused = run("import", "roster", path, "-t", "DH", "--yes", code=1)
    assert "Có 1 dòng lỗi (dòng 3): chưa nhập gì" in refused.stderr
    assert state(paths) == before

    errors = tmp_path / "can-sua.xlsx"
    done = run("import", "roster", path, "-t", "DH", "--yes", "--bo-dong-loi",
               "--ghi-loi", errors)
    assert "3 hộ mới, 7 nhân khẩu mới" in done.stdout
    assert "Không nhập 1 dòng có lỗi" in done.stdout
    assert "Đã ghi các hộ có dòng lỗi vào" in done.stderr

    book = load_workbook(errors)
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["Dòng gốc", "Lỗi", "TT"]
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == 3:
            cells[2 + headings.index("Ngày sinh")].value = "28/02/1990"
    book.save(errors)
    fixed = run("import", "roster", errors, "-t", "DH", "--yes")
    assert "0 hộ mới, 1 nhân khẩu mới" in fixed.stdout
    assert sum(h["so_nhan_khau"] for h in households()) == 8


def test_columns_and_encodings_can_be_told_and_saved(db: None, tmp_path: Path) -> None:
    path = F.write_csv(tmp_path / "ds.csv", ["Họ tên NK", "Sinh", "Phái", "QH"], [
        [F.tcvn3_text("Nguyễn Văn An"), "1960", "Nam", "Chủ hộ"],
        [F.tcvn3_text("Lê Thị Bình"), "1962", "Nữ", "Vợ"]])
    told = run_json("import", "roster", path, "-t", "DH", "--cot", "Sinh=birth",
                    "--cot", "C=Giới tính", "--ma-hoa", "Họ tên NK=unicode",
                    "--luu-cot", "Mẫu cũ")
    assert told["dong_loi"] == []
    assert told["mau"][0]["o"][0]["sau"] == "NguyÔn V¨n An"  # as the officer chose

    reused = run_json("import", "roster", path, "-t", "DH", "--dung-cot", "Mẫu cũ",
                      "--ma-hoa", "*=tcvn3")
    assert reused["mau"][0]["o"][0]["sau"] == "Nguyễn Văn An"
    assert reused["nhan_khau_moi"] == 2
    wrong = run("import", "roster", path, "--ma-hoa", "Họ tên NK=utf-7", code=1)
    assert "Không biết bảng mã “utf-7”" in wrong.stderr
    missing = run("import", "roster", path, "--dung-cot", "Không có", code=1)
    assert "Chưa lưu cách đọc cột nào tên “Không có”" in missing.stderr


@pytest.mark.parametrize(("target", "args", "message"), [
    ("khong-co.xlsx", (), "Không tìm thấy tệp"),
    (".", (), "là một thư mục"),
    ("dong-ha.xlsx", ("--village", "XX"), "Không tìm thấy thôn 'XX'"),
    ("vu-viec.csv", (), "Không thấy dòng tiêu đề có cột “Họ và tên”"),
    ("hong.xlsx", (), "Không đọc được tệp Excel hong.xlsx"),
    ("dong-ha.xlsx", ("--village", "TL", "--yes"), "Có 3 dòng lỗi (dòng 4, 7, 10)"),
])
def test_what_cannot_be_imported_is_refused_in_words(db: None, paths: Paths, tmp_path: Path,
                                                     tcvn3_file: Path, target: str,
                                                     args: tuple[str, ...],
                                                     message: str) -> None:
    (tmp_path / "vu-viec.csv").write_text("Ngày,Nơi xảy ra,Loại vụ việc\n01/10/2026,Xóm 1,"
                                          "Trộm cắp\n", encoding="utf-8")
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    before = state(paths)
    result = run("import", "roster", tmp_path / target, *args, code=result_code(target))
    assert message in result.stderr
    assert state(paths) == before


def test_undo_of_an_unknown_import_says_where_to_look(db: None) -> None:
    result = run("import", "undo", "zz99", "--reason", "Nhầm", "--yes", code=1)
    assert "Không có lần nhập danh sách nào có mã “zz99”. Xem các lần nhập: antt import list" \
        in result.stderr


def result_code(target: str) -> int:
    return 2 if target == "." else 1  # click refuses a folder before the command runs


def test_the_help_says_how_with_an_example() -> None:
    for command in (("import", "roster"), ("import", "list"), ("import", "undo")):
        assert "Ví dụ: antt import" in run(*command, "--help").stdout
    assert "import" in run("--help").stdout


def test_a_file_whose_heading_row_is_not_found_shows_its_first_rows_and_how_to_say_it(
        db: None, paths: Paths, tmp_path: Path) -> None:
    path = F.write_sheets(tmp_path / "bang-ke.xlsx", {"DS": [
        ["BẢNG KÊ NHÂN KHẨU THÔN ĐÔNG HẠ"], ["Stt", "Tên người", "Sinh", "Phái", "Q.hệ"],
        [1, "Nguyễn Văn An", 1960, "Nam", "Chủ hộ"], [2, "Lê Thị Bình", 1962, "Nữ", "Vợ"]]})
    before = state(paths)
    refused = run("import", "roster", path, code=1)
    out = refused.stdout
    assert "bang-ke.xlsx, trang “DS” · chưa nhận ra dòng tiêu đề (tạm lấy dòng 2)" in out
    assert "  Dòng 2: Stt | Tên người | Sinh | Phái | Q.hệ" in out
    assert "  Dòng 3: 1 | Nguyễn Văn An | 1960 | Nam | Chủ hộ" in out
    assert "Tên người  (không dùng)" in out and "Nguyễn Văn An" in out
    assert ("Chỉ dòng ghi tên các cột bằng --dong-tieu-de N (0 nếu tệp không có dòng tiêu đề), "
            "hoặc chọn cột bằng --cot") in refused.stderr
    assert state(paths) == before

    done = run("import", "roster", path, "--dong-tieu-de", "2", "--cot", "Tên người=full_name",
               "--cot", "Sinh=birth", "--cot", "Phái=sex", "--cot", "Q.hệ=relation", "--yes")
    assert "bang-ke.xlsx, trang “DS” · dòng tiêu đề 2" in done.stdout
    assert "1 hộ mới, 2 nhân khẩu mới" in done.stdout

    missing = run("import", "roster", path, "--dong-tieu-de", "9", code=1)
    assert "chỉ có 4 dòng: không có dòng 9" in missing.stderr
    unmapped = run("import", "roster", path, "--dong-tieu-de", "2", code=1)
    assert "Chưa có cột nào được đọc là “Họ và tên”" in unmapped.stderr
    assert "--cot \"CỘT=TRƯỜNG\"" in unmapped.stderr
    assert "Sinh" in unmapped.stdout and "1960" in unmapped.stdout  # the columns to choose


def test_the_preview_lists_each_column_with_a_first_value(db: None, tcvn3_file: Path) -> None:
    out = run("import", "roster", tcvn3_file).stdout
    assert "Ví dụ" in out.splitlines()[1]
    line = next(x for x in out.splitlines() if x.startswith("C  "))
    assert "Họ và tên" in line and "TCVN3 (ABC), theo phông chữ" in line
    assert line.rstrip().endswith("Nguyễn Văn An")
    assert run_json("import", "roster", tcvn3_file)["cot"][2]["vi_du"] == "Nguyễn Văn An"


def test_the_village_to_choose_is_said_with_the_option_and_the_codes(db: None,
                                                                     tmp_path: Path) -> None:
    headings, rows = F.head_first()
    path = F.write_csv(tmp_path / "khong-thon.csv", headings, rows)
    out = run("import", "roster", path).stdout
    assert ("Không rõ hộ thuộc thôn nào: thêm cột Thôn vào tệp, hoặc chọn thôn nhận danh "
            "sách.") in out
    assert ("Chọn thôn nhận danh sách: --village MÃ_THÔN. Các thôn: DH (Thôn Đông Hạ), TL "
            "(Thôn Trung Lập).") in out
    assert "Chọn thôn nhận danh sách" not in run("import", "roster", path, "-t", "DH").stdout


def test_a_sheet_per_village_is_read_with_trang(db: None, tmp_path: Path) -> None:
    headings = ["Số hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ"]
    path = F.write_sheets(tmp_path / "ca-xa.xlsx", {
        "Đông Hạ": [headings, [1, "Phạm Văn Khải", 1970, "Nam", "Chủ hộ"]],
        "Trung Lập": [headings, [1, "Vũ Văn Minh", 1985, "Nam", "Chủ hộ"]]})
    first = run("import", "roster", path).stdout
    assert "Thôn: Thôn Đông Hạ (1 hộ)" in first
    assert "Ghi chú: Tệp có 2 trang; lần này chỉ đọc trang “Đông Hạ”." in first
    assert "Đọc trang khác: --trang \"TÊN TRANG\"." in first
    second = run("import", "roster", path, "--trang", "Trung Lập", "--yes").stdout
    assert "Thôn: Thôn Trung Lập (1 hộ)" in second and "1 hộ mới" in second


def test_legacy_text_in_the_sample_reads_as_the_file_shows_it(db: None, tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "ds.xlsx", ["Họ và tên", "Năm sinh", "Giới tính"],
                        [["Trương Văn Hưng", "1970", "Nam"]], convert=F.tcvn3_text,
                        font=".VnTime")
    out = run("import", "roster", path, "-t", "DH").stdout
    # TCVN3's "ư" is the soft hyphen byte: shown as Excel draws it, not as "\xad".
    assert "Họ và tên: Tr-¬ng V¨n H-ng → Trương Văn Hưng" in out
    assert "\\xad" not in out and "\xad" not in out

    control = tmp_path / "dieu-khien.csv"
    control.write_text("Họ và tên,Năm sinh,Giới tính\nLê\x1b[31m Văn,1970,Nam\n",
                       encoding="utf-8")
    shown = run("import", "roster", control, "-t", "DH").stdout
    assert "Họ và tên: Lê\\x1b[31m Văn" in shown and "\x1b" not in shown  # still escaped
