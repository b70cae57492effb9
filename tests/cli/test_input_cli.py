"""Refused input through `antt`: a Vietnamese "Lỗi:" line, a non-zero exit, nothing saved; and
values already stored print without escape sequences.

ANTT_HOME (set by the `antt_home` fixture) puts the database under tmp_path, and ANTT_TODAY
fixes the working day at 2026-11-20.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import run, run_json

ESC = "\x1b"
INIT = ("init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập", "--village", "Thôn Đông Hạ")


@pytest.fixture
def db(antt_home: Path) -> Paths:
    """DH-0001 with Nguyễn Văn An (head), made through the CLI."""
    run(*INIT)
    run("household", "add", "-t", "DH", "--address", "Xóm 2", "--head-name", "Nguyễn Văn An",
        "--head-sex", "Nam", "--head-birth", "1975")
    return Paths(antt_home)


def saved(paths: Paths) -> tuple[int, str]:
    """What the database holds: the journal's size in bytes, and the state hash."""
    journal = sum(f.stat().st_size for f in paths.database.rglob("*.jsonl"))
    assert journal > 0
    with Session.open(paths.database, paths=paths) as s:
        return journal, s.store.state_hash()


def refused(paths: Paths, *args: Any, fragment: str) -> Result:
    """`antt ARGS` fails with a Vietnamese message holding `fragment`, and saves nothing."""
    before = saved(paths)
    result = run(*args, code=1)
    assert result.stderr.startswith("Lỗi: "), result.stderr
    assert fragment in result.stderr, result.stderr
    assert "Lỗi không mong muốn" not in result.stderr
    assert ESC not in result.output and "\x07" not in result.output
    assert unicodedata.is_normalized("NFC", result.stderr)
    assert saved(paths) == before
    return result


# --------------------------------------------------------------------------- names and codes


@pytest.mark.parametrize(("name", "fragment"), [
    (f"Nguyễn{ESC}[31m Thị Bình", "Họ và tên có ký tự điều khiển (U+001B ESC)"),
    ("Nguyễn\x07 Thị Bình", "Họ và tên có ký tự điều khiển (U+0007 BEL)"),
    ("Nguyễn\x08\x08 Thị Bình", "Họ và tên có ký tự điều khiển (U+0008 BS)"),
    ("Bình\u202eNgọc", "Họ và tên có ký tự đảo chiều chữ (U+202E)"),
    ("Lê\u200bThị Bình", "Họ và tên có ký tự ẩn (U+200B)"),
    ("...", "Họ và tên phải có ít nhất một chữ cái."),
    ("B" * 101, "Họ và tên tối đa 100 ký tự (đã nhập 101)."),
], ids=["ESC", "BEL", "backspace", "RLO", "ZWSP", "no-letter", "101-chars"])
def test_person_add_refuses_a_bad_name(db: Paths, name: str, fragment: str) -> None:
    refused(db, "person", "add", "DH-0001", "--name", name, "--sex", "Nữ", "--relation", "Vợ",
            fragment=fragment)


def test_person_edit_and_notes_are_checked_too(db: Paths) -> None:
    refused(db, "person", "edit", "DH-0001/1", "--name", f"An{ESC}c",
            fragment="Họ và tên có ký tự điều khiển")
    refused(db, "person", "edit", "DH-0001/1", "--notes", "x" * 2001,
            fragment="Ghi chú tối đa 2000 ký tự (đã nhập 2001).")
    run("person", "edit", "DH-0001/1", "--notes", "x" * 2000)


def test_household_add_refuses_a_bad_head_or_code(db: Paths) -> None:
    add = ("household", "add", "-t", "DH", "--address", "Xóm 3", "--head-sex", "Nam")
    refused(db, *add, "--head-name", "123", fragment="Họ và tên phải có ít nhất một chữ cái.")
    refused(db, *add, "--head-name", "Trần\u2066 Văn Em", fragment="ký tự đảo chiều chữ")
    for code in ("ab c", "đh-1", "DH_1", "DH\u200b-1"):
        refused(db, *add, "--head-name", "Trần Văn Em", "--code", code, fragment="Mã hộ")
    refused(db, *add, "--head-name", "Trần Văn Em", "--address", f"Xóm{ESC}[2J",
            fragment="Địa chỉ có ký tự điều khiển")
    assert run("household", "add", *add[2:], "--head-name", "Trần Văn Em",
               "--code", "dh-0050").stdout == "Đã thêm hộ DH-0050.\n"


def test_officer_name_is_checked(db: Paths) -> None:
    refused(db, "--can-bo", "Trần\x07", "household", "edit", "DH-0001", "--notes", "ghi chú",
            fragment="Tên cán bộ (--can-bo, ANTT_OFFICER) có ký tự điều khiển (U+0007 BEL)")


def test_reasons_and_report_settings_are_checked(db: Paths) -> None:
    refused(db, "household", "move-out", "DH-0001", "--reason", f"Đi{ESC}[0m",
            fragment="Lý do chuyển đi có ký tự điều khiển")
    refused(db, "report", "settings", "--nguoi-ky", "Nguyễn\u202eVăn Ba",
            fragment="Người ký có ký tự đảo chiều chữ")
    refused(db, "commit", "sign", "DH-0001", "--year", 2026, "--date", "15/02/2026",
            "--signer", "...", fragment="Người ký phải có ít nhất một chữ cái.")


# --------------------------------------------------------------------------- numbers


INCIDENT = ("incident", "add", "-t", "DH", "--date", "15/10/2026", "--category",
            "TP_TTXH_TROM_CAP")


@pytest.mark.parametrize(("option", "typed", "fragment"), [
    ("--fine", "1e40", "Tiền phạt (đồng): “1e40” không phải là số"),
    ("--fine", "10^40", "Tiền phạt (đồng): “10^40” không phải là số"),
    ("--fine", "1" + "0" * 40, "Tiền phạt (đồng): Không được lớn hơn 1.000.000.000.000.000."),
    ("--damage", "2" + "0" * 15, "Thiệt hại (đồng): Không được lớn hơn 1.000.000.000.000.000."),
    ("--deaths", "1.5", "Số người chết: Phải là số nguyên"),
    ("--injuries", "0,5", "Số người bị thương: Phải là số nguyên"),
    ("--deaths", "-1", "Số người chết: Phải từ 0 trở lên."),
    ("--note", "x" * 2001, "Diễn biến, ghi chú: Tối đa 2000 ký tự (đã nhập 2001)."),
    ("--place", f"Chợ{ESC}[5m", "Nơi xảy ra: Có ký tự điều khiển (U+001B ESC)"),
])
def test_incident_add_refuses_what_a_report_cannot_hold(db: Paths, option: str, typed: str,
                                                        fragment: str) -> None:
    refused(db, *INCIDENT, option, typed, fragment=fragment)


def test_the_largest_fine_is_kept_exactly(db: Paths) -> None:
    run(*INCIDENT, "--fine", "1000000000000000", "--deaths", "2")
    [row] = run_json("incident", "list")
    assert (row["fine"], row["deaths"]) == (10**15, 2)


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize("args", [
    ("monthly", "--village", "DH", "--period", "0000-01"),
    ("monthly", "--village", "DH", "--period", "0000-01", "--so", 1),
    ("quarterly", "--commune", "--period", "1899-Q4"),
    ("annual", "--commune", "--period", "1899"),
    ("window", "--village", "DH", "--period", "0000"),
], ids=["month", "month-issued", "quarter", "year", "window"])
def test_report_periods_before_1900_are_refused_in_vietnamese(db: Paths, args: tuple) -> None:
    result = refused(db, "report", *args, fragment="Năm của kỳ báo cáo phải từ 1900 đến 2200")
    assert "out of range" not in result.stderr


def test_dates_before_1900_are_refused(db: Paths) -> None:
    refused(db, "person", "add", "DH-0001", "--name", "Lê Thị Bình", "--sex", "Nữ",
            "--relation", "Vợ", "--birth", "1899", fragment="năm phải từ 1900 đến 2200")
    refused(db, "incident", "add", "-t", "DH", "--date", "31/12/1899", "--category",
            "TP_TTXH_TROM_CAP", fragment="Ngày xảy ra: Ngày không hợp lệ")
    refused(db, "incident", "list", "--from", "0000-01-01",
            fragment="--from: Ngày không hợp lệ: “0000-01-01” (năm phải từ 1900 đến 2200).")


def test_report_number_beyond_999_is_refused(db: Paths) -> None:
    refused(db, "report", "monthly", "--commune", "--period", "2026-10", "--so", 10**40,
            fragment="Số báo cáo phải từ 1 đến 999.")


# --------------------------------------------------------------------------- printing


@pytest.fixture
def stored_escapes(db: Paths, open_session: Callable[..., Session]) -> Paths:
    """Values with escape sequences written straight into the store, as an older version
    (or another program) might have left them: nothing checked them on the way in."""
    s = open_session(create=False)
    household = s.roster.household("DH-0001")
    s.store.commit("household.edit", s.store.op_set("households", household.id, {
        "address": f"Xóm 2{ESC}[31m đỏ\u202e", "notes": f"chuông\x07{ESC}]0;tiêu đề\x07"}),
        summary="dữ liệu cũ")
    s.store.commit("person.edit", s.store.op_set("persons", household.head_id, {
        "full_name": f"Nguyễn Văn An{ESC}[2J\x9b"}), summary=f"dữ liệu cũ{ESC}[1m")
    s.close()
    return db


@pytest.mark.parametrize("args", [
    ("household", "list"), ("household", "show", "DH-0001"), ("search", "nguyen"),
    ("history", "DH-0001"), ("person", "edit", "DH-0001/1", "--occupation", "Nông dân"),
], ids=["list", "show", "search", "history", "edit-echo"])
def test_stored_escape_sequences_print_harmlessly(stored_escapes: Paths, args: tuple) -> None:
    out = run(*args).output
    for raw in (ESC, "\x07", "\x9b", "\u202e"):
        assert raw not in out
    assert "Nguyễn Văn An\\x1b[2J\\x9b" in out


def test_stored_escapes_are_shown_as_escapes_in_tables(stored_escapes: Paths) -> None:
    out = run("household", "show", "DH-0001").stdout
    assert "Địa chỉ: Xóm 2\\x1b[31m đỏ\\u202e" in out
    assert "Ghi chú: chuông\\x07\\x1b]0;tiêu đề\\x07" in out


def test_json_output_escapes_them_and_reads_back_the_same(stored_escapes: Paths) -> None:
    out = run("household", "list", "--json").stdout
    for raw in (ESC, "\x07", "\x9b", "\u202e"):
        assert raw not in out
    [row] = json.loads(out)
    assert row["chu_ho"] == f"Nguyễn Văn An{ESC}[2J\x9b"
    assert row["dia_chi"] == f"Xóm 2{ESC}[31m đỏ\u202e"


def test_an_error_message_never_echoes_an_escape(db: Paths) -> None:
    result = refused(db, "household", "show", f"DH-{ESC}[31m9", fragment="Không tìm thấy hộ")
    assert "\\x1b[31m" in result.stderr
