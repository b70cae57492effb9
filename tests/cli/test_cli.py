"""The `antt` command through click's CliRunner: what an officer types and reads.

ANTT_HOME (set by the `antt_home` fixture) puts the database under tmp_path, and ANTT_TODAY
fixes the working day at 2026-11-20.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from antt_tui.cli import main
from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import fails, run, run_json, state_hash

OpenSession = Callable[..., Session]


# --------------------------------------------------------------------------- helpers






def show(code: str) -> dict[str, Any]:
    return run_json("household", "show", code)


def members(code: str) -> dict[str, dict[str, Any]]:
    return {m["ho_ten"]: m for m in show(code)["nhan_khau"]}


INIT = ("init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập",
        "--village", "Thôn Đông Hạ", "--village", "Thôn Trung Lập")


@pytest.fixture
def cli_commune(antt_home: Path) -> Path:
    """Made through the CLI: DH-0001 with Nguyễn Văn An (head), Lê Thị Bình, Nguyễn Văn Cường."""
    run(*INIT)
    run("household", "add", "-t", "DH", "--address", "Xóm 2, Thôn Đông Hạ",
        "--head-name", "Nguyễn Văn An", "--head-sex", "Nam", "--head-birth", "24/07/1975",
        "--head-cccd", "033075001234", "--head-phone", "0912345678")
    run("person", "add", "DH-0001", "--name", "Lê Thị Bình", "--sex", "Nữ", "--birth", "1978",
        "--relation", "Vợ", "--cccd", "033178005555")
    run("person", "add", "DH-0001", "--name", "Nguyễn Văn Cường", "--sex", "Nam",
        "--birth", "05/2001", "--relation", "Con đẻ")
    return antt_home


def add_tl_household() -> None:
    result = run("household", "add", "-t", "TL", "--address", "Xóm 5, Thôn Trung Lập",
                 "--head-name", "Trần Văn Dũng", "--head-sex", "Nam", "--head-birth", "1960")
    assert result.stdout == "Đã thêm hộ TL-0001.\n"


# --------------------------------------------------------------------------- init, villages


def test_init_creates_the_database_and_prints_village_codes(antt_home: Path) -> None:
    result = run(*INIT)
    database = antt_home.resolve() / "data"
    assert result.stdout.splitlines() == [
        f"Đã tạo cơ sở dữ liệu Xã Tân Lập tại {database}",
        "  DH     Thôn Đông Hạ",
        "  TL     Thôn Trung Lập",
    ]
    assert (database / "antt-db.json").is_file()
    assert [(v["ma"], v["ten"], v["so_ho"]) for v in run_json("village", "list")] == [
        ("DH", "Thôn Đông Hạ", 0), ("TL", "Thôn Trung Lập", 0)]


def test_init_twice_is_refused(cli_commune: Path) -> None:
    fails(*INIT, fragment="Cơ sở dữ liệu này đã có thông tin xã.")


def test_db_option_points_elsewhere(antt_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "xa-khac"
    run("--db", folder, "init", "--province", "Hà Nam", "--commune", "Xã Khác",
        "--village", "Thôn Một")
    assert (folder / "antt-db.json").is_file()
    assert not (antt_home / "data").exists()
    assert [v["ten"] for v in run_json("--db", folder, "village", "list")] == ["Thôn Một"]
    assert f"Cơ sở dữ liệu:               {folder}" in run("--db", folder, "paths").stdout


def test_village_add_and_list(cli_commune: Path) -> None:
    assert run("village", "add", "Thôn Bắc Sơn").stdout == "Đã thêm Thôn Bắc Sơn (mã BS).\n"
    assert run("village", "add", "Khu dân cư số 3", "--code", "kd3").stdout == (
        "Đã thêm Khu dân cư số 3 (mã KD3).\n")
    rows = {v["ma"]: v for v in run_json("village", "list")}
    assert set(rows) == {"DH", "TL", "BS", "KD3"}
    assert (rows["DH"]["ten"], rows["DH"]["so_ho"], rows["DH"]["so_nhan_khau"]) == (
        "Thôn Đông Hạ", 1, 3)
    assert (rows["BS"]["so_ho"], rows["BS"]["so_nhan_khau"]) == (0, 0)
    lines = run("village", "list").stdout.splitlines()
    assert lines[0].split() == ["Mã", "Tên", "thôn", "Số", "hộ", "Nhân", "khẩu"]
    assert any(line.split() == ["DH", "Thôn", "Đông", "Hạ", "1", "3"] for line in lines)
    fails("village", "add", "thon bac son", fragment="Đã có thôn tên 'thon bac son'.")
    fails("village", "add", "Thôn Mới", "--code", "dh", fragment="Mã thôn 'DH' đã được dùng.")


# --------------------------------------------------------------------------- households


def test_household_add_list_and_show(cli_commune: Path) -> None:
    add_tl_household()
    result = run("household", "list")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Mã", "hộ", "Chủ", "hộ", "NK", "Cư", "trú", "Địa", "chỉ"]
    assert lines[2].split()[:6] == ["DH-0001", "Nguyễn", "Văn", "An", "3", "Thường"]
    assert lines[3].split()[:6] == ["TL-0001", "Trần", "Văn", "Dũng", "1", "Thường"]
    assert result.stderr == "Tổng: 2 hộ\n"

    rows = run_json("household", "list")
    assert [(h["ma_ho"], h["chu_ho"], h["so_nhan_khau"], h["tinh_trang_cu_tru"]) for h in rows
            ] == [("DH-0001", "Nguyễn Văn An", 3, "Thường trú"),
                  ("TL-0001", "Trần Văn Dũng", 1, "Thường trú")]
    assert [h["ma_ho"] for h in run_json("household", "list", "-t", "Trung Lập")] == ["TL-0001"]
    assert [h["ma_ho"] for h in run_json("household", "list", "--limit", "1")] == ["DH-0001"]
    assert run_json("household", "list", "--status", "tam_tru") == []

    text = run("household", "show", "dh-1").stdout
    assert "Hộ DH-0001 – Thôn Đông Hạ" in text
    assert "  Chủ hộ: Nguyễn Văn An" in text
    assert "  Địa chỉ: Xóm 2, Thôn Đông Hạ" in text
    assert "  Cư trú: Thường trú; đang ở: 3 người" in text
    row = next(line for line in text.splitlines() if line.startswith("DH-0001/2"))
    assert row.split() == ["DH-0001/2", "Lê", "Thị", "Bình", "1978", "Nữ", "Vợ", "033178005555",
                           "Đang", "cư", "trú"]

    view = show("DH-0001")
    assert (view["ma_ho"], view["thon"], view["chu_ho"], view["so_nhan_khau"]) == (
        "DH-0001", "Thôn Đông Hạ", "Nguyễn Văn An", 3)
    assert [(m["stt"], m["ho_ten"], m["ngay_sinh"], m["gioi_tinh"], m["quan_he"])
            for m in view["nhan_khau"]] == [
        (1, "Nguyễn Văn An", "24/07/1975", "Nam", "Chủ hộ"),
        (2, "Lê Thị Bình", "1978", "Nữ", "Vợ"),
        (3, "Nguyễn Văn Cường", "05/2001", "Nam", "Con đẻ"),
    ]
    assert view["nhan_khau"][0]["dien_thoai"] == "0912345678"


def test_household_add_with_options(cli_commune: Path) -> None:
    result = run("household", "add", "--village", "DH", "--address", "Nhà trọ 4",
                 "--status", "tam_tru", "--code", "DH-0050", "--head-name", "phạm thị hoa",
                 "--head-sex", "nu", "--notes", "Công nhân")
    assert result.stdout == "Đã thêm hộ DH-0050.\n"
    view = show("DH-0050")
    assert (view["chu_ho"], view["tinh_trang_cu_tru"], view["ghi_chu"]) == (
        "Phạm Thị Hoa", "Tạm trú", "Công nhân")


@pytest.mark.parametrize("status", ["giai_the", "da_chuyen_di"])
def test_household_add_cannot_start_dissolved_or_moved_away(cli_commune: Path, paths: Paths,
                                                            status: str) -> None:
    before = state_hash(paths)
    result = run("household", "add", "-t", "DH", "--address", "Xóm 1", "--head-name",
                 "Trần Văn Em", "--head-sex", "Nam", "--status", status, code=2)
    assert "--status" in result.stderr
    assert state_hash(paths) == before


def test_household_edit(cli_commune: Path) -> None:
    result = run("household", "edit", "DH-0001", "--address", "Xóm 3, Thôn Đông Hạ",
                 "--status", "tam_tru", "--notes", "Nhà có chó dữ")
    assert result.stdout == "Đã lưu hộ DH-0001.\n"
    view = show("DH-0001")
    assert (view["dia_chi"], view["tinh_trang_cu_tru"], view["ghi_chu"]) == (
        "Xóm 3, Thôn Đông Hạ", "Tạm trú", "Nhà có chó dữ")
    assert "  Ghi chú: Nhà có chó dữ" in run("household", "show", "DH-0001").stdout


def test_household_move_out(cli_commune: Path) -> None:
    result = run("household", "move-out", "DH-0001", "--date", "01/11/2026",
                 "--reason", "Chuyển vào TP.HCM")
    assert result.stdout == "Đã ghi nhận hộ DH-0001 chuyển đi.\n"
    view = show("DH-0001")
    assert (view["tinh_trang_cu_tru"], view["so_nhan_khau"]) == ("Đã chuyển đi", 0)
    assert {m["tinh_trang"] for m in view["nhan_khau"]} == {"Đã chuyển đi"}
    assert run_json("household", "list", "--status", "da_chuyen_di")[0]["ma_ho"] == "DH-0001"
    fails("household", "move-out", "DH-0001", fragment="Hộ DH-0001 không còn cư trú.")


def test_household_change_head(cli_commune: Path) -> None:
    result = run("household", "change-head", "DH-0001", "DH-0001/2", "--old-relation", "Chồng")
    assert result.stdout == "Chủ hộ DH-0001 nay là Lê Thị Bình.\n"
    view = show("DH-0001")
    assert view["chu_ho"] == "Lê Thị Bình"
    assert [(m["ho_ten"], m["quan_he"]) for m in view["nhan_khau"]][:2] == [
        ("Lê Thị Bình", "Chủ hộ"), ("Nguyễn Văn An", "Chồng")]
    fails("household", "change-head", "DH-0001", "DH-0001/1",
          fragment="Người này đã là chủ hộ.")


def test_household_merge(cli_commune: Path) -> None:
    add_tl_household()
    result = run("household", "merge", "DH-0001", "TL-0001", "--relation", "TL-0001/1=Bố vợ")
    assert result.stdout == "Đã nhập hộ TL-0001 vào hộ DH-0001.\n"
    assert show("TL-0001")["tinh_trang_cu_tru"] == "Đã giải thể"
    assert show("TL-0001")["nhan_khau"] == []
    assert members("DH-0001")["Trần Văn Dũng"]["quan_he"] == "Bố vợ"
    assert show("DH-0001")["so_nhan_khau"] == 4
    fails("household", "merge", "DH-0001", "TL-0001",
          fragment="Hộ TL-0001 không còn cư trú (Đã giải thể).")


# --------------------------------------------------------------------------- persons


def test_person_add_and_edit(cli_commune: Path) -> None:
    result = run("person", "add", "DH-0001", "--name", "Nguyễn Thị Mai", "--sex", "nữ",
                 "--birth", "24/07/2010", "--relation", "con", "--cccd", "033 310 000 777",
                 "--phone", "0987.111.222", "--ethnicity", "Tày", "--occupation", "Học sinh")
    assert result.stdout == "Đã thêm Nguyễn Thị Mai.\n"
    mai = members("DH-0001")["Nguyễn Thị Mai"]
    assert (mai["ngay_sinh"], mai["quan_he"], mai["cccd"], mai["dien_thoai"], mai["dan_toc"]) == (
        "24/07/2010", "Con đẻ", "033310000777", "0987111222", "Tày")

    result = run("person", "edit", "DH-0001/3", "--name", "Nguyễn Văn Cương",
                 "--occupation", "Thợ hàn")
    assert result.stdout == "Đã lưu Nguyễn Văn Cương.\n"
    cuong = members("DH-0001")["Nguyễn Văn Cương"]
    assert (cuong["stt"], cuong["nghe_nghiep"]) == (3, "Thợ hàn")
    run("person", "edit", "033178005555", "--notes", "Hội phụ nữ")
    assert members("DH-0001")["Lê Thị Bình"]["ghi_chu"] == "Hội phụ nữ"


def test_person_move(cli_commune: Path) -> None:
    add_tl_household()
    result = run("person", "move", "DH-0001/3", "TL-0001", "--relation", "Con rể")
    assert result.stdout == "Đã chuyển Nguyễn Văn Cường sang hộ TL-0001.\n"
    assert members("TL-0001")["Nguyễn Văn Cường"]["quan_he"] == "Con rể"
    assert "Nguyễn Văn Cường" not in members("DH-0001")
    fails("person", "move", "DH-0001/1", "TL-0001", "--relation", "khác",
          fragment="Chủ hộ rời hộ DH-0001: chọn chủ hộ mới trong số Lê Thị Bình.")
    run("person", "move", "DH-0001/1", "TL-0001", "--relation", "khác", "--new-head", "DH-0001/2")
    assert show("DH-0001")["chu_ho"] == "Lê Thị Bình"


def test_person_split(cli_commune: Path) -> None:
    result = run("person", "split", "DH-0001", "--member", "DH-0001/2", "--member", "DH-0001/3",
                 "--new-head", "DH-0001/3", "--address", "Xóm 9, Thôn Đông Hạ",
                 "--relation", "DH-0001/2=Mẹ")
    assert result.stdout == "Đã tách hộ mới DH-0002 (2 nhân khẩu).\n"
    new = show("DH-0002")
    assert (new["chu_ho"], new["dia_chi"], new["so_nhan_khau"]) == (
        "Nguyễn Văn Cường", "Xóm 9, Thôn Đông Hạ", 2)
    assert [(m["ho_ten"], m["quan_he"]) for m in new["nhan_khau"]] == [
        ("Nguyễn Văn Cường", "Chủ hộ"), ("Lê Thị Bình", "Mẹ")]
    assert list(members("DH-0001")) == ["Nguyễn Văn An"]
    fails("person", "split", "DH-0001", "--member", "DH-0001/1", "--new-head", "DH-0001/1",
          "--address", "Xóm 1",
          fragment="Không thể tách tất cả nhân khẩu; hộ cũ phải còn ít nhất một người.")


def test_person_deceased(cli_commune: Path) -> None:
    result = run("person", "deceased", "DH-0001/3", "--date", "15/10/2026",
                 "--reason", "Tai nạn")
    assert result.stdout == "Đã ghi nhận Nguyễn Văn Cường đã chết.\n"
    assert members("DH-0001")["Nguyễn Văn Cường"]["tinh_trang"] == "Đã mất"
    assert show("DH-0001")["so_nhan_khau"] == 2
    fails("person", "deceased", "DH-0001/1",
          fragment="Nguyễn Văn An là chủ hộ: chọn chủ hộ mới trong số Lê Thị Bình.")
    fails("person", "deceased", "DH-0001/2", "--date", "01/01/2027",
          fragment="Ngày qua đời 01/01/2027 ở sau ngày hôm nay.")
    run("person", "deceased", "DH-0001/1", "--date", "01/11/2026", "--new-head", "DH-0001/2")
    view = show("DH-0001")
    assert view["chu_ho"] == "Lê Thị Bình"
    assert {m["ho_ten"]: m["tinh_trang"] for m in view["nhan_khau"]} == {
        "Lê Thị Bình": "Đang cư trú", "Nguyễn Văn An": "Đã mất",
        "Nguyễn Văn Cường": "Đã mất"}


def test_person_moved_away(cli_commune: Path) -> None:
    result = run("person", "moved-away", "033178005555", "--date", "01/09/2026")
    assert result.stdout == "Đã ghi nhận Lê Thị Bình chuyển đi.\n"
    assert members("DH-0001")["Lê Thị Bình"]["tinh_trang"] == "Đã chuyển đi"


def test_person_delete(cli_commune: Path) -> None:
    result = run("person", "delete", "DH-0001/3", "--reason", "Nhập trùng")
    assert result.stdout == "Đã xóa Nguyễn Văn Cường.\n"
    assert list(members("DH-0001")) == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert run_json("search", "cuong") == []
    fails("person", "delete", "DH-0001/1", "--reason", "Nhầm",
          fragment="Không thể xóa chủ hộ; đổi chủ hộ trước.")
    run("person", "delete", "DH-0001/2", code=2)  # --reason is required


# --------------------------------------------------------------------------- queries


def test_search(cli_commune: Path) -> None:
    lines = run("search", "nguyen", "van").stdout.splitlines()
    assert lines[0].split()[:4] == ["Họ", "và", "tên", "Ngày"]
    assert [line.split()[:3] for line in lines[2:]] == [
        ["Nguyễn", "Văn", "An"], ["Nguyễn", "Văn", "Cường"]]
    rows = run_json("search", "LÊ THỊ BÌNH")
    assert [(r["ho_ten"], r["ma_ho"], r["thon"], r["quan_he"], r["khop_theo"]) for r in rows] == [
        ("Lê Thị Bình", "DH-0001", "Thôn Đông Hạ", "Vợ", "tên")]
    assert [r["ho_ten"] for r in run_json("search", "178005")] == ["Lê Thị Bình"]
    assert [r["khop_theo"] for r in run_json("search", "0912345678")] == ["SĐT"]
    assert [(r["ma_ho"], r["khop_theo"]) for r in run_json("search", "dh1")] == [
        ("DH-0001", "mã hộ")]
    assert len(run_json("search", "n", "--limit", "2")) == 2
    result = run("search", "hoàng")
    assert (result.stdout, result.stderr) == ("", "Không tìm thấy kết quả cho 'hoàng'.\n")
    assert run_json("search", "hoàng") == []


def test_history(cli_commune: Path) -> None:
    run("--can-bo", "Thiếu úy Phạm Văn Hùng", "person", "edit", "DH-0001/3",
        "--name", "Nguyễn Văn Cương")
    run("--can-bo", "Thiếu úy Phạm Văn Hùng", "person", "deceased", "DH-0001/3",
        "--date", "01/11/2026")
    text = run("history", "dh-1").stdout
    assert text.startswith("Lịch sử hộ DH-0001:\n")
    assert "Thêm hộ — (không ghi tên cán bộ)" in text
    assert "Sửa nhân khẩu — Thiếu úy Phạm Văn Hùng" in text
    assert "Nguyễn Văn Cương · Họ và tên: Nguyễn Văn Cường → Nguyễn Văn Cương" in text
    assert "Khai tử — Thiếu úy Phạm Văn Hùng" in text
    assert "Nguyễn Văn Cương (DH-0001) qua đời ngày 01/11/2026" in text
    assert text.index("Thêm hộ") < text.index("Sửa nhân khẩu") < text.index("Khai tử")

    rows = run_json("history", "DH-0001")
    assert [(r["su_kien"], r["can_bo"]) for r in rows] == [
        ("Thêm hộ", ""), ("Thêm nhân khẩu", ""), ("Thêm nhân khẩu", ""),
        ("Sửa nhân khẩu", "Thiếu úy Phạm Văn Hùng"), ("Khai tử", "Thiếu úy Phạm Văn Hùng")]
    assert rows[3]["thay_doi"] == [
        "Nguyễn Văn Cương · Họ và tên: Nguyễn Văn Cường → Nguyễn Văn Cương"]
    assert [r["so_thu_tu"] for r in rows] == sorted(r["so_thu_tu"] for r in rows)
    assert all(r["luc"] and r["thiet_bi"] for r in rows)


def test_officer_from_the_environment(cli_commune: Path, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    monkeypatch.setenv("ANTT_OFFICER", "Đại úy Lê Thị Mai")
    run("household", "edit", "DH-0001", "--notes", "Đã kiểm tra")
    assert run_json("history", "DH-0001")[-1]["can_bo"] == "Đại úy Lê Thị Mai"


# --------------------------------------------------------------------------- check, paths, generate


def test_check_a_healthy_database(cli_commune: Path) -> None:
    result = run("check")
    assert "  ✓ Dữ liệu các bảng khớp hoàn toàn với nhật ký thay đổi." in result.stdout
    assert result.stdout.endswith("Cơ sở dữ liệu tốt.\n")
    assert "✗" not in result.stdout


def test_check_a_missing_folder(antt_home: Path) -> None:
    result = run("check", code=1)
    assert "✗ Không có thư mục cơ sở dữ liệu" in result.stdout
    assert result.stderr.startswith("Lỗi: Không có cơ sở dữ liệu ở ")


def test_paths_prints_every_location_under_antt_home(antt_home: Path) -> None:
    home = antt_home.resolve()
    lines = run("paths").stdout.splitlines()
    table = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines}
    assert table["Thư mục gốc"] == str(home)
    assert table["Cơ sở dữ liệu"] == str(home / "data")
    assert table["Cơ sở dữ liệu mẫu (demo)"] == str(home / "demo")
    assert table["Sao lưu"] == str(home / "backups")
    assert table["Xuất báo cáo, gói đồng bộ"] == str(home / "exports")
    assert table["Nhật ký chương trình (log)"] == str(home / "logs")
    assert table["Tệp cấu hình"] == str(home / "config.json")
    assert "Định nghĩa biểu mẫu" in table


def test_generate_a_small_commune(antt_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "xa-mau"
    result = run("--db", folder, "generate", "--households", "20", "--years", "1",
                 "--seed", "7")
    assert result.stdout.splitlines()[0] == f"Cơ sở dữ liệu: {folder}"
    assert " 20 hộ, " in result.stdout
    assert "Đang tạo dữ liệu mẫu (20 hộ, 1 năm)…" in result.stderr
    households = run_json("--db", folder, "household", "list")
    assert len(households) == 20
    assert all(h["chu_ho"] for h in households)
    living = [h for h in households if h["tinh_trang_cu_tru"] in ("Thường trú", "Tạm trú")]
    assert living
    assert all(h["so_nhan_khau"] >= 1 for h in living)
    assert all(h["ma_ho"].count("-") == 1 for h in households)
    assert run("--db", folder, "check").stdout.endswith("Cơ sở dữ liệu tốt.\n")
    with Session.open(folder, paths=Paths(antt_home)) as s:
        people = [p for p in s.store.records("persons") if not p.get("deleted")]
        for h in s.store.records("households"):
            if h.get("residence_status") != "giai_the":
                heads = [p["id"] for p in people
                         if p["household_id"] == h["id"] and p.get("relation") == "chu_ho"]
                assert heads == [h["head_id"]], h["code"]
    # The same seed gives the same commune.
    other = tmp_path / "xa-mau-2"
    run("--db", other, "generate", "--households", "20", "--years", "1", "--seed", "7")
    again = run_json("--db", other, "household", "list")
    assert [(h["ma_ho"], h["chu_ho"]) for h in again] == [
        (h["ma_ho"], h["chu_ho"]) for h in households]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("args", "fragment"), [
    (("household", "show", "DH-0099"), "Không tìm thấy hộ có mã 'DH-0099'."),
    (("household", "edit", "DH-0099", "--notes", "x"), "Không tìm thấy hộ có mã 'DH-0099'."),
    (("history", "TL-0001"), "Không tìm thấy hộ có mã 'TL-0001'."),
    (("person", "add", "DH-0099", "--name", "Trần Văn Em", "--sex", "Nam", "--relation", "Con"),
     "Không tìm thấy hộ có mã 'DH-0099'."),
    (("person", "edit", "DH-0001/9", "--notes", "x"), "Không tìm thấy nhân khẩu 'DH-0001/9'"),
    (("household", "add", "-t", "XX", "--address", "Xóm 1", "--head-name", "Trần Văn Em",
      "--head-sex", "Nam"), "Không tìm thấy thôn 'XX'. Xem danh sách: antt village list"),
    (("household", "list", "-t", "Thôn Không Có"), "Không tìm thấy thôn 'Thôn Không Có'"),
    (("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam", "--relation", "Con",
      "--cccd", "03309000123"), "Số CCCD phải có đúng 12 chữ số (số đã nhập có 11 chữ số)."),
    (("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam", "--relation", "Con",
      "--cccd", "999090001234"), "Mã tỉnh “999”"),
    (("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam", "--relation", "Con",
      "--cccd", "033178005555"), "Số CCCD 033178005555 đã thuộc về Lê Thị Bình (hộ DH-0001)."),
    (("person", "edit", "DH-0001/3", "--cccd", "0330A1001234"), "Số CCCD chỉ được gồm chữ số."),
    (("household", "add", "-t", "DH", "--address", "Xóm 1", "--head-name", "Trần Văn Em",
      "--head-sex", "Nam", "--head-cccd", "12345"), "Số CCCD phải có đúng 12 chữ số"),
    (("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam", "--relation", "Con",
      "--birth", "2027"), "Ngày sinh 2027 ở sau ngày hôm nay."),
    (("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam"),
     "Chọn quan hệ với chủ hộ."),
])
def test_errors_are_vietnamese_and_save_nothing(cli_commune: Path, paths: Paths,
                                                args: tuple[str, ...], fragment: str) -> None:
    before = state_hash(paths)
    fails(*args, fragment=fragment)
    assert state_hash(paths) == before


def test_commands_before_init_say_how_to_start(antt_home: Path) -> None:
    fails("household", "list", fragment="chưa có cơ sở dữ liệu antt. Hãy tạo mới bằng lệnh "
          "`antt init`")
    assert not (antt_home / "data").exists()


@pytest.fixture
def locked(cli_commune: Path, open_session: OpenSession) -> Iterator[Session]:
    """The database held open by another session (another copy of the program)."""
    yield open_session(create=False)


@pytest.mark.parametrize("args", [
    ("household", "list"),
    ("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam", "--relation", "Con"),
    ("search", "an"),
])
def test_locked_database(locked: Session, args: tuple[str, ...]) -> None:
    before = locked.store.state_hash()
    fails(*args, fragment="đang được mở bởi một chương trình antt khác. Hãy đóng chương trình "
          "đó rồi thử lại.")
    assert locked.store.state_hash() == before


def test_bad_today_value(antt_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTT_TODAY", "20/11/2026")
    fails("paths", fragment="Ngày làm việc (ANTT_TODAY) phải có dạng YYYY-MM-DD")


# --------------------------------------------------------------------------- confirmation


@pytest.mark.parametrize(("args", "warning"), [
    (("person", "add", "DH-0001", "--name", "Nguyễn Thị Mai", "--sex", "Nữ", "--birth", "2010",
      "--relation", "Con", "--cccd", "033210000777"),
     "Số CCCD cho biết giới tính Nam nhưng nhân khẩu ghi Nữ."),
    (("household", "add", "-t", "TL", "--address", "Xóm 5", "--head-name", "Trần Văn Dũng",
      "--head-sex", "Nam", "--head-birth", "1960", "--head-cccd", "033062000111"),
     "Số CCCD cho biết năm sinh 1962 nhưng nhân khẩu ghi năm sinh 1960."),
    (("person", "edit", "DH-0001/1", "--birth", "1976"),
     "Số CCCD cho biết năm sinh 1975 nhưng nhân khẩu ghi năm sinh 1976."),
])
def test_needs_confirmation_then_chap_nhan_saves(cli_commune: Path, paths: Paths,
                                                 args: tuple[str, ...], warning: str) -> None:
    before = state_hash(paths)
    result = run(*args, code=3)
    assert result.stderr.startswith("Lỗi: Cần xác nhận trước khi lưu:\n")
    assert f"  - {warning}" in result.stderr
    assert "chạy lại lệnh với --chap-nhan" in result.stderr
    assert result.stdout == ""
    assert state_hash(paths) == before
    saved = run(*args, "--chap-nhan")
    assert saved.stdout.startswith(("Đã thêm", "Đã lưu"))
    assert state_hash(paths) != before


def test_chap_nhan_does_not_excuse_a_malformed_cccd(cli_commune: Path) -> None:
    fails("person", "add", "DH-0001", "--name", "Trần Văn Em", "--sex", "Nam", "--relation",
          "Con", "--cccd", "999090001234", "--chap-nhan", fragment="Mã tỉnh “999”")


# --------------------------------------------------------------------------- help


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def _command_params() -> list[Any]:
    params = []
    for path in [(), *_commands(main)]:
        command: click.Command = main
        for name in path:
            assert isinstance(command, click.Group)
            command = command.commands[name]
        params.append(pytest.param(path, id=" ".join(path) or "antt"))
    return params


@pytest.mark.parametrize("path", _command_params())
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert "Ví dụ:" in result.stdout
    assert result.stdout.startswith("Cách dùng: antt")
    # click's own words are Vietnamese too (tests/cli/test_click_vi.py has the errors).
    for english in ("Usage", "Options:", "Commands:", "Show this message", "[OPTIONS]",
                    "COMMAND", "[ARGS]", " TEXT", " INTEGER", " PATH", " FILE", " DIRECTORY",
                    "[required]", "default:", "range"):
        assert english not in result.stdout, english


def test_the_commands_the_issue_asks_for_exist() -> None:
    found = set(_commands(main))
    for path in [("init",), ("village", "add"), ("village", "list"), ("household", "add"),
                 ("household", "list"), ("household", "show"), ("household", "edit"),
                 ("household", "move-out"), ("person", "add"), ("person", "edit"),
                 ("person", "move"), ("person", "split"), ("person", "deceased"), ("search",),
                 ("history",), ("check",), ("paths",), ("demo",), ("generate",)]:
        assert path in found, path


@pytest.mark.parametrize("args", [
    ("household", "add", "--address", "Xóm 1", "--head-name", "Trần Văn Em", "--head-sex", "Nam"),
    ("household", "edit", "DH-0001"),
])
def test_usage_errors_are_vietnamese(cli_commune: Path, args: tuple[str, ...]) -> None:
    result = run(*args, code=2)
    assert result.stderr.startswith("Lỗi: ")


def test_unexpected_error_is_a_message_and_a_log(antt_home: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from antt_tui.roster.service import Roster

    run("init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập", "--village", "Thôn A")

    def broken(self: Roster, *args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng giả lập")

    monkeypatch.setattr(Roster, "villages", broken)
    result = run("village", "list", code=1)
    assert result.stderr.startswith("Lỗi không mong muốn (RuntimeError).")
    assert "Traceback" not in result.stderr + result.stdout
    log = (antt_home / "logs" / "antt-errors.log").read_text(encoding="utf-8")
    # The type and the code's frames; the message may quote data and is left out
    # (tests/cli/test_errorlog_cli.py goes further).
    assert "exception: RuntimeError" in log and "command: antt village list" in log
    assert "hỏng giả lập" not in log + result.stderr
