"""`antt incident import`: a preview that writes nothing, `--yes` that saves every good row in
one go, a template to fill in, and the incidents then in the list and the criteria."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import run, run_json

HEADINGS = ["Ngày", "Thôn", "Loại vụ việc", "Nơi xảy ra", "Ghi chú"]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def state(paths: Paths) -> tuple[str, list[str]]:
    """The database's state hash and its journal files' sizes, read with a session of ours."""
    with Session.open(paths.database, paths=paths) as s:
        digest = s.store.state_hash()
    sizes = sorted(f"{p.name}:{p.stat().st_size}" for p in paths.database.rglob("*.jsonl"))
    return digest, sizes


def year(n: int) -> list[list[object]]:
    return [[date(2026, 1 + i % 10, 1 + i % 28), "DH" if i % 2 else "TL", "Trộm cắp tài sản",
             f"Nhà số {i}", f"Vụ {i + 1}"] for i in range(n)]


def test_preview_shows_the_bad_rows_and_writes_nothing(commune: Session, paths: Paths,
                                                        tmp_path: Path) -> None:
    commune.close()
    rows = year(20)
    rows[3][0] = "32/01/2026"
    rows[9][1] = "Thôn Mới"
    rows[14][2] = "Đánh nhau"
    path = workbook(tmp_path / "vu-viec.xlsx", rows)
    before = state(paths)
    shown = run("incident", "import", path)
    assert state(paths) == before
    out = shown.stdout
    assert "vu-viec.xlsx, trang “Sheet” · dòng tiêu đề 1 · bảng mã Unicode" in out
    assert "Sẽ thêm: 17 vụ việc · giống vụ việc đã có (bỏ qua): 0 · bị từ chối: 3" in out
    assert "Dòng 5: Ngày xảy ra: Ngày không hợp lệ: “32/01/2026”" in out
    assert "Dòng 11: Thôn: “Thôn Mới” không có trong danh sách" in out
    assert "Dòng 16: Loại vụ việc: “Đánh nhau” không có trong danh sách" in out
    assert "Chưa ghi gì. Chạy lại với --yes để nhập 17 vụ việc." in shown.stderr
    assert run_json("incident", "list") == []

    saved = run("incident", "import", path, "--yes")
    assert "Đã nhập 17 vụ việc trong một lần lưu." in saved.stdout
    listed = run_json("incident", "list")
    assert len(listed) == 17 and {i["note"] for i in listed} >= {"Vụ 1", "Vụ 20"}


def test_three_hundred_rows_then_the_same_file_again(commune: Session, paths: Paths,
                                                     tmp_path: Path) -> None:
    commune.close()
    path = workbook(tmp_path / "nam-2026.xlsx", year(300))
    first = json.loads(run("incident", "import", path, "--yes", "--json").stdout)
    assert (first["se_them"], first["tu_choi"], first["da_nhap"]) == (300, 0, 300)
    assert len(run_json("incident", "list")) == 300
    assert len(run_json("incident", "list", "--village", "DH")) == 150

    before = state(paths)
    again = run("incident", "import", path, "--yes")
    assert "giống vụ việc đã có (bỏ qua): 300" in again.stdout
    assert "… và 290 dòng nữa" in again.stdout  # not 300 lines of the same thing
    assert "Không có vụ việc nào để nhập." in again.stderr
    assert state(paths) == before


def test_imported_incidents_count_in_the_criteria(commune: Session, tmp_path: Path) -> None:
    commune.close()
    before = {r["id"]: r["status"] for r in run_json("criteria", "--village", "DH")}
    assert before["K3a"] == "đạt"
    path = workbook(tmp_path / "anct.xlsx", [
        ["15/03/2026", "Đông Hạ", "ANCT_CHONG_PHA", "Nhà văn hóa", "Phát tán tài liệu"]])
    run("incident", "import", path, "--yes")
    after = {r["id"]: r for r in run_json("criteria", "--village", "DH")}
    assert after["K3a"]["status"] == "chưa đạt"
    assert "15/03/2026" in json.dumps(after["K3a"]["evidence"], ensure_ascii=False)


def test_the_template_and_a_file_filled_in_from_it(commune: Session, tmp_path: Path) -> None:
    commune.close()
    target = tmp_path / "mau.xlsx"
    written = run("incident", "import", "--mau", target)
    assert "Đã ghi tệp mẫu" in written.stderr
    book = load_workbook(target)
    assert book.sheetnames == ["Vụ việc", "Danh mục"]
    categories = book["Danh mục"]
    assert categories["A2"].value == "ANCT_CHONG_PHA" and categories["B1"].value == "Loại vụ việc"
    run("incident", "import", "--mau", target, code=1)  # not replaced without --ghi-de
    run("incident", "import", "--mau", target, "--ghi-de")

    sheet = book["Vụ việc"]
    sheet.append([date(2026, 5, 1), "21:00", "DH", "Chợ", "Cướp giật tài sản"])
    book.save(target)
    assert "Sẽ thêm: 1 vụ việc" in run("incident", "import", target).stdout


def test_cells_pasted_on_standard_input(commune: Session) -> None:
    commune.close()
    pasted = "Ngày\tThôn\tLoại vụ việc\n05/04/2026\tTL\tVA_CHAM_GT\n06/04/2026\tTL\tVA_CHAM_GT\n"
    result = run("incident", "import", "-", "--yes", input=pasted)
    assert "Đã nhập 2 vụ việc" in result.stdout
    assert len(run_json("incident", "list", "--village", "TL")) == 2


def test_a_file_that_cannot_be_read_is_an_error(commune: Session, tmp_path: Path) -> None:
    commune.close()
    missing = run("incident", "import", tmp_path / "khong-co.xlsx", code=1)
    assert missing.stderr.startswith("Lỗi: Không tìm thấy tệp")
    (tmp_path / "ds.csv").write_text("Họ tên,Ngày sinh\nA,1980\n", encoding="utf-8")
    no_headings = run("incident", "import", tmp_path / "ds.csv", code=1)
    assert "không thấy dòng tiêu đề có các cột “Ngày”, “Thôn”, “Loại vụ việc”" in \
        no_headings.stderr
    assert "antt incident import --mau" in no_headings.stderr
    assert run("incident", "import", code=1).stderr.startswith("Lỗi: Cho tên tệp cần nhập")
