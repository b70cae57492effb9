"""`antt commit` and `antt visit` through click's CliRunner (working day 2026-11-20)."""

from __future__ import annotations

import pytest

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import fails, run, run_json, state_hash

AN = "Nguyễn Văn An"
OFFICER = "Trần Văn Hùng"






@pytest.fixture
def db(commune: Session) -> Session:
    """The `commune` fixture's database (DH-0001, three people), closed for the CLI."""
    commune.close()
    return commune


def test_commit_sign_and_list(db: Session) -> None:
    result = run("commit", "sign", "DH-0001", "--year", 2026, "--date", "15/02/2026",
                 "--signer", AN)
    assert result.stdout == "Đã ghi nhận hộ DH-0001 ký cam kết năm 2026 ngày 15/02/2026.\n"
    rows = run_json("commit", "list", "--year", 2026)
    assert [(r["household_code"], r["year"], r["signed_on"], r["signer"]) for r in rows] == [
        ("DH-0001", 2026, "2026-02-15", AN)]
    assert run_json("commit", "list", "--year", 2026, "--village", "TL") == []
    assert run_json("commit", "list", "--year", 2025) == []
    table = run("commit", "list", "--village", "DH")
    assert "DH-0001" in table.stdout and "15/02/2026" in table.stdout


def test_commit_sign_defaults_to_today(db: Session) -> None:
    run("commit", "sign", "dh1", "--signer", AN)
    assert [r["signed_on"] for r in run_json("commit", "list")] == ["2026-11-20"]


def test_commit_sign_errors(db: Session, paths: Paths) -> None:
    run("commit", "sign", "DH-0001", "--year", 2026, "--date", "15/02/2026", "--signer", AN)
    before = state_hash(paths)
    fails("commit", "sign", "DH-0001", "--year", 2026, "--date", "01/03/2026", "--signer", AN,
          fragment="Hộ DH-0001 đã ký cam kết năm 2026")
    fails("commit", "sign", "DH-0001", "--year", 2027, "--date", "01/12/2026", "--signer", AN,
          fragment="ở sau ngày hôm nay")
    fails("commit", "sign", "DH-0099", "--signer", AN, fragment="DH-0099")
    fails("commit", "list", "--village", "XX", fragment="Không tìm thấy thôn")
    assert state_hash(paths) == before


def test_visit_add_and_list(db: Session) -> None:
    result = run("--can-bo", OFFICER, "visit", "add", "DH-0001", "--date", "15/03/2025")
    assert result.stdout == "Đã ghi lượt kiểm tra hộ DH-0001 ngày 15/03/2025: Đạt.\n"
    v = run_json("visit", "add", "DH-0001", "--officer", "Lê Văn Tư", "--h3", "chua_dat",
                 "--note-h3", "Con trai đánh bạc", "--h5", "Không rõ", "--findings", "Có vi phạm",
                 "--advice", "Nhắc nhở gia đình", "--follow-up", "20/12/2026")
    assert (v["household_code"], v["date"], v["officer"], v["result"]) == (
        "DH-0001", "2026-11-20", "Lê Văn Tư", "chua_dat")
    assert v["checklist"]["h3"] == {"result": "chua_dat", "note": "Con trai đánh bạc"}
    assert v["checklist"]["h5"] == {"result": "khong_ro", "note": ""}
    assert (v["findings"], v["advice"], v["follow_up_on"]) == (
        "Có vi phạm", "Nhắc nhở gia đình", "2026-12-20")
    rows = run_json("visit", "list", "DH-0001")
    assert [(r["date"], r["result"]) for r in rows] == [
        ("2026-11-20", "chua_dat"), ("2025-03-15", "dat")]
    table = run("visit", "list", "DH-0001").stdout
    assert "H3: Con trai đánh bạc" in table and "Chưa đạt" in table


def test_visit_errors(db: Session, paths: Paths) -> None:
    before = state_hash(paths)
    fails("visit", "add", "DH-0001", fragment="Cán bộ kiểm tra: Bắt buộc nhập")
    fails("visit", "add", "DH-0001", "--officer", OFFICER, "--date", "21/11/2026",
          fragment="ở sau ngày hôm nay")
    fails("visit", "add", "DH-0001", "--officer", OFFICER, "--h2", "tot",
          fragment="không có trong danh sách")
    fails("visit", "add", "DH-0099", "--officer", OFFICER, fragment="DH-0099")
    fails("visit", "list", "DH-0099", fragment="DH-0099")
    assert state_hash(paths) == before


def test_a_household_that_moved_out_is_refused(db: Session) -> None:
    run("household", "move-out", "DH-0001", "--date", "01/10/2026")
    fails("commit", "sign", "DH-0001", "--signer", AN, fragment="không còn cư trú")
    fails("visit", "add", "DH-0001", "--officer", OFFICER, fragment="không còn cư trú")


@pytest.mark.parametrize("path", [("commit",), ("commit", "sign"), ("commit", "list"),
                                  ("visit",), ("visit", "add"), ("visit", "list")])
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert "Ví dụ:" in result.stdout
    assert result.stdout.startswith("Cách dùng: antt")
