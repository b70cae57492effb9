"""`antt document|team|confirm` and `antt criteria` through click's CliRunner.

The working day is 2026-11-20 (tests/conftest.py): the village window of 2026 has closed
(31/10/2026), the commune window of 2026 too (15/11/2026).
"""

from __future__ import annotations

from typing import Any

import pytest

from antt_tui.session import Session
from tests.cli.helpers import run, run_json

STATUSES = {"đạt", "chưa đạt", "chưa đủ dữ liệu"}


@pytest.fixture
def db(commune: Session) -> Session:
    """The `commune` fixture's database (DH-0001, three people), closed for the CLI."""
    commune.close()
    return commune


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows}


def test_village_criteria_json_is_a_list_of_criteria_with_evidence(db: Session) -> None:
    rows = run_json("criteria", "--village", "DH", "--year", 2026)
    assert [r["id"] for r in rows][:3] == ["K1.1", "K1.2", "K1.3"]
    for row in rows:
        assert {"id", "text", "status", "evidence"} <= set(row)
        assert row["status"] in STATUSES
        assert row["evidence"]["summary"]
    k = by_id(rows)
    # Nothing recorded yet and the deadline has passed.
    assert k["K1.1"]["status"] == "chưa đạt"
    assert k["K1.3"]["status"] == "chưa đạt"
    assert [i["label"] for i in k["K1.3"]["evidence"]["items"]] == [
        "DH-0001 Nguyễn Văn An: chưa ký"]
    assert k["K2"]["status"] == "chưa đủ dữ liệu"
    assert k["K3a"]["status"] == "đạt"


def test_recording_documents_commitments_teams_and_confirmations_changes_the_result(
        db: Session) -> None:
    run("document", "add", "--village", "DH", "--kind", "nghi_quyet", "--number", "05-NQ/CB",
        "--date", "12/02/2026", "--issuer", "Chi bộ thôn Đông Hạ")
    run("document", "add", "-t", "DH", "--kind", "dang_ky", "--number", "03/ĐK",
        "--date", "01/04/2026")
    run("commit", "sign", "DH-0001", "--year", 2026, "--date", "15/02/2026",
        "--signer", "Nguyễn Văn An")
    run("team", "add", "-t", "DH", "--name", "Tổ tự quản thôn Đông Hạ",
        "--established", "10/01/2024")
    for month in range(1, 7):
        run("team", "activity", "tu quan dong ha", "--date", f"05/{month:02d}/2026",
            "--turns", 4)
    run("confirm", "add", "-t", "DH", "--subject", "luc_luong_hoan_thanh", "--year", 2026,
        "--by", "Nguyễn Văn Ba", "--date", "10/11/2026")
    run("confirm", "add", "-t", "DH", "--subject", "thuc_hien_chu_truong", "--year", 2026,
        "--by", "Nguyễn Văn Ba", "--date", "10/11/2026", "--khong-dat")
    k = by_id(run_json("criteria", "--village", "DH", "--year", 2026))
    assert k["K1.1"]["status"] == "đạt"
    assert "05-NQ/CB" in k["K1.1"]["evidence"]["summary"]
    assert k["K1.2"]["status"] == "chưa đạt"
    assert "01/04/2026, sau hạn 31/03/2026" in k["K1.2"]["evidence"]["summary"]
    assert k["K1.3"]["status"] == "đạt"
    assert k["K5.1"]["status"] == "đạt"
    assert k["K2"]["status"] == "chưa đạt"
    assert k["K5.2"]["status"] == "đạt"
    # As of 15/03/2026 the registration was still due: not enough data yet, not a failure.
    early = by_id(run_json("criteria", "--village", "DH", "--year", 2026,
                           "--as-of", "15/03/2026"))
    assert early["K1.2"]["status"] == "chưa đủ dữ liệu"
    assert "hạn 31/03/2026" in early["K1.2"]["missing"]
    # The tables list what was recorded.
    assert [d["number"] for d in run_json("document", "list", "--year", 2026)] == [
        "05-NQ/CB", "03/ĐK"]
    teams = run_json("team", "list")
    assert [(t["name"], t["activities_this_year"]) for t in teams] == [
        ("Tổ tự quản thôn Đông Hạ", 6)]
    assert [(c["subject"], c["value"]) for c in run_json("confirm", "list")] == [
        ("luc_luong_hoan_thanh", True), ("thuc_hien_chu_truong", False)]


def test_text_output_shows_status_and_what_is_missing(db: Session) -> None:
    out = run("criteria", "--village", "DH", "--year", 2026, "--chi-tiet").stdout
    assert "Thôn Đông Hạ — Khu dân cư “An toàn về ANTT”" in out
    assert "CHƯA ĐẠT" in out
    assert "· DH-0001 Nguyễn Văn An: chưa ký" in out
    assert "Còn phải ghi nhận, xác nhận:" in out
    assert "K1.3: Còn 1 hộ chưa ký cam kết năm 2026." in out


def test_commune_criteria_cover_tt124_and_19_2(db: Session) -> None:
    rows = run_json("criteria", "--commune", "--year", 2026)
    sets = {r["rule_set"] for r in rows}
    assert sets == {"tt124_2021_xa", "hd06_2022_19_2"}
    ids = {r["id"] for r in rows}
    assert {"X1.1", "X2", "19.2a.1", "19.2đ.1", "19.2h.2"} <= ids


def test_household_criteria_roll_up_to_h7(db: Session) -> None:
    run("commit", "sign", "DH-0001", "--year", 2026, "--date", "15/02/2026",
        "--signer", "Nguyễn Văn An")
    run("visit", "add", "DH-0001", "--date", "20/06/2026", "--officer", "Trần Văn Hùng")
    h = by_id(run_json("criteria", "--household", "DH-0001", "--year", 2026))
    assert [h[f"H{n}"]["status"] for n in range(1, 8)] == ["đạt"] * 7
    run("visit", "add", "DH-0001", "--date", "20/09/2026", "--officer", "Trần Văn Hùng",
        "--h3", "chua_dat", "--note-h3", "Con trai đánh bạc")
    h = by_id(run_json("criteria", "--household", "DH-0001", "--year", 2026))
    assert h["H3"]["status"] == "chưa đạt"
    assert "Con trai đánh bạc" in h["H3"]["evidence"]["summary"]
    assert h["H7"]["status"] == "chưa đạt"


@pytest.mark.parametrize(("args", "fragment"), [
    ((), "Chọn một trong --village"),
    (("--village", "DH", "--commune"), "Chọn một trong --village"),
    (("--village", "XX"), "XX"),
    (("--village", "DH", "--as-of", "31/02/2026"), "--as-of"),
    (("--village", "DH", "--year", 2015), "Không có bộ tiêu chí"),
])
def test_criteria_refuses_bad_input_with_a_message(db: Session, args: tuple[Any, ...],
                                                   fragment: str) -> None:
    result = run("criteria", *args, code=1)
    assert result.stderr.startswith("Lỗi: ")
    assert fragment in result.stderr


def test_bad_records_are_refused_and_nothing_saved(db: Session) -> None:
    run("document", "add", "-t", "DH", "--kind", "nghi_quyet", "--number", "05",
        "--date", "12/02/2026")
    result = run("document", "add", "-t", "DH", "--kind", "nghi_quyet", "--number", "05",
                 "--date", "13/02/2026", code=1)
    assert "đã được ghi nhận" in result.stderr
    result = run("document", "add", "-t", "DH", "--kind", "ke_hoach", "--number", "7",
                 "--date", "01/12/2026", code=1)
    assert "sau ngày hôm nay" in result.stderr or "tương lai" in result.stderr
    assert len(run_json("document", "list")) == 1
    run("team", "add", "--name", "Camera an ninh xã", "--established", "01/06/2026")
    result = run("team", "activity", "camera", "--date", "01/05/2026", code=1)
    assert "trước ngày thành lập" in result.stderr
    result = run("confirm", "add", "--subject", "khong_co_gi", "--year", 2026, "--by", "A",
                 code=1)
    assert result.stderr.startswith("Lỗi: ")
    assert run_json("confirm", "list") == []


def test_text_output_gives_each_group_and_the_unit_as_a_whole(db: Session) -> None:
    run("incident", "add", "-t", "DH", "--date", "15/06/2026", "--category", "ANCT_CHONG_PHA")
    lines = run("criteria", "--village", "DH", "--year", 2026).stdout.splitlines()
    assert lines[1] == ("Năm 2026 (kỳ 01/11/2025 – 31/10/2026), tính đến 20/11/2026: CHƯA ĐẠT")
    groups = [line.split()[:3] for line in lines if line.startswith("  ") and
              not line.startswith("      ") and not line.startswith("  - ")]
    assert [g[1] for g in groups] == ["K1", "K2", "K3", "K4", "K5"]
    k3 = next(n for n, line in enumerate(lines) if line.startswith("  ✗ K3 "))
    assert lines[k3].endswith("chưa đạt         Không để xảy ra các hoạt động xâm phạm an ninh, "
                              "trật tự (điểm c)")
    assert lines[k3 + 1] == ("      ✗ K3a      chưa đạt         Có 1 vụ việc trong kỳ 01/11/2025 "
                             "– 31/10/2026")
    assert lines[k3 + 2].startswith("      ✓ K3b      đạt ")
    # K2 is a group of one criterion: one line, its evidence.
    assert any(line.startswith("  ? K2       chưa đủ dữ liệu  Chưa có xác nhận:")
               for line in lines)


def test_json_rows_carry_their_group_and_unit_status(db: Session) -> None:
    rows = by_id(run_json("criteria", "--commune", "--year", 2026))
    assert rows["19.2đ.1"]["group"] == "19.2đ"
    assert rows["19.2đ.1"]["group_status"] == "chưa đủ dữ liệu"
    assert rows["19.2đ.1"]["group_text"].startswith("Số vụ phạm tội về trật tự xã hội")
    assert rows["19.2đ.1"]["unit_status"] == "chưa đạt"
    assert rows["X1.9"]["group"] == "X1"


def test_complete_since_is_stated_shown_and_withdrawn(db: Session) -> None:
    assert run("criteria", "complete-since").stdout == (
        "Chưa ghi ngày số liệu đầy đủ và chưa có hồ sơ nào trong máy.\n")
    k41 = by_id(run_json("criteria", "--village", "DH", "--year", 2026))["K4.1"]
    assert k41["status"] == "chưa đủ dữ liệu"
    assert run("criteria", "complete-since", "01/11/2024").stdout == (
        "Số liệu vụ việc của xã đầy đủ từ ngày 01/11/2024 (xã đã xác định).\n")
    k41 = by_id(run_json("criteria", "--village", "DH", "--year", 2026))["K4.1"]
    assert k41["status"] == "đạt"
    assert k41["evidence"]["summary"].endswith(
        "cả hai kỳ đều không có vụ nào nên tính là đạt; số liệu vụ việc đầy đủ từ 01/11/2024 "
        "(xã đã xác định)")
    rows = by_id(run_json("criteria", "--commune", "--year", 2026))
    assert rows["19.2đ.1"]["status"] == "đạt"  # 16/11/2024 is covered too
    run("incident", "add", "-t", "DH", "--date", "05/01/2025", "--category", "MT_TRANH_CHAP")
    assert run("criteria", "complete-since", "--bo").stdout == (
        "Chưa ghi ngày số liệu đầy đủ: các tiêu chí dùng ngày của hồ sơ sớm nhất trong máy, "
        "05/01/2025.\n")
    k41 = by_id(run_json("criteria", "--village", "DH", "--year", 2026))["K4.1"]
    assert k41["status"] == "chưa đủ dữ liệu"
    assert "hồ sơ sớm nhất trong máy: 05/01/2025" in k41["evidence"]["summary"]


@pytest.mark.parametrize(("args", "fragment"), [
    (("criteria", "complete-since", "01/12/2026"), "ở sau ngày hôm nay"),
    (("criteria", "complete-since", "31/02/2025"), "Số liệu vụ việc đầy đủ từ ngày"),
    (("criteria", "complete-since", "01/11/2024", "--bo"), "Chọn một trong NGÀY và --bo"),
    (("criteria", "--village", "DH", "complete-since"), "không dùng cùng lệnh"),
])
def test_complete_since_refuses_bad_input(db: Session, args: tuple[str, ...],
                                          fragment: str) -> None:
    result = run(*args, code=1)
    assert result.stderr.startswith("Lỗi: ") and fragment in result.stderr
    assert run("criteria", "complete-since").stdout.startswith("Chưa ghi ngày")


def test_incident_add_warns_about_empty_fields_that_decide_a_criterion(db: Session) -> None:
    result = run("incident", "add", "-t", "DH", "--date", "15/06/2026", "--category",
                 "TP_TTXH_GIET_NGUOI")
    ref = result.stdout.split("mã ")[1][:8]
    assert result.stderr.splitlines() == [
        "Lưu ý: chưa ghi “Mức độ”, trường quyết định tiêu chí K4.2, 19.2d, X1.8. Loại “Giết "
        "người” được tính ít nhất là nghiêm trọng (Bộ luật Hình sự). Ghi thêm: antt incident "
        f"correct {ref} --severity MỨC_ĐỘ --reason \"…\"",
        "Lưu ý: chưa ghi “Do người của khu dân cư gây ra”, trường quyết định tiêu chí 19.2d. "
        f"Ghi thêm: antt incident correct {ref} --resident (hoặc --no-resident) --reason \"…\""]
    # The murder counts as serious all the same.
    assert by_id(run_json("criteria", "--village", "DH", "--year", 2026))["K4.2"]["status"] == (
        "chưa đạt")
    # Filled in (or an offender of the roster linked): nothing to say.
    quiet = run("incident", "add", "-t", "DH", "--date", "16/06/2026", "--category",
                "TP_TTXH_GIET_NGUOI", "--severity", "dac_biet_nghiem_trong",
                "--person", "DH-0001/3=doi_tuong")
    assert quiet.stderr == ""
    assert run("incident", "add", "-t", "DH", "--date", "16/06/2026", "--category",
               "KK_VUOT_CAP").stderr == ""
    fire = run("incident", "add", "-t", "DH", "--date", "17/06/2026", "--category", "CHAY",
               "--severity", "nghiem_trong", "--no-own-fault")
    assert fire.stderr.startswith("Lưu ý: chưa ghi “Số người chết”, trường quyết định tiêu chí "
                                  "K4.4, X1.8.")
    # The options the warning names correct the incident.
    run("incident", "correct", ref, "--severity", "dac_biet_nghiem_trong", "--resident",
        "--reason", "Bổ sung mức độ")
    [murder] = [i for i in run_json("incident", "list") if i["id"].startswith(ref)]
    assert (murder["severity"], murder["caused_by_resident"]) == ("dac_biet_nghiem_trong", True)
