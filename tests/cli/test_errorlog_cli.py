"""An unexpected error: a short message for the officer and a log entry for technical staff
that names the command, its option names and the code's frames, and no personal data."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from antt_tui.domain.text import fold
from antt_tui.session import Session
from tests.cli.helpers import run

CCCD = "001088012345"
NAME = "Nguyễn Văn Khải"
PHONE = "0912345678"
NOTE = f"Khai báo của {NAME}, gọi {PHONE}"


def assert_no_personal_data(text: str) -> None:
    for secret in (CCCD, PHONE, NAME, "DH-0001", "Khai báo"):
        assert secret not in text
    assert unicodedata.normalize("NFD", NAME) not in unicodedata.normalize("NFD", text)
    assert fold(NAME) not in fold(text)  # "nguyen van khai"


@pytest.fixture
def broken_add_person(commune: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """`Roster.add_person` fails with messages quoting what was typed, one error chained to
    another, as a bug deep in the core would."""
    from antt_tui.roster.service import Roster

    commune.close()

    def broken(self: Roster, household: str, fields: dict, **kwargs: object) -> None:
        try:
            raise ValueError(f"CCCD {fields['cccd']} của {fields['full_name']} trùng")
        except ValueError as exc:
            raise RuntimeError(f"không lưu được {fields} cho {household}") from exc

    monkeypatch.setattr(Roster, "add_person", broken)


def test_the_log_names_the_command_and_options_but_holds_no_personal_data(
        broken_add_person: None, antt_home: Path) -> None:
    result = run("person", "add", "DH-0001", "--name", NAME, "--cccd", CCCD, "--phone", PHONE,
                 "--notes", NOTE, "--sex", "Nam", "--birth=1988", code=1)
    log_file = antt_home / "logs" / "antt-errors.log"
    assert result.stderr == (
        "Lỗi không mong muốn (RuntimeError). Dữ liệu đã lưu trước đó không bị ảnh hưởng. "
        f"Chi tiết đã ghi vào {log_file}; hãy gửi tệp này cho cán bộ kỹ thuật.\n")
    assert_no_personal_data(result.stdout + result.stderr)

    log = log_file.read_text(encoding="utf-8")
    assert "command: antt person add\n" in log
    assert "options: --name, --cccd, --phone, --notes, --sex, --birth\n" in log
    assert "exception: RuntimeError\n" in log
    assert "caused by: ValueError\n" in log
    assert "antt_tui/cli/group.py:" in log and "in VietnameseGroup.main" in log
    assert "antt_tui/cli/persons.py:" in log and "in person_add" in log
    assert "test_errorlog_cli.py:" in log and "in broken_add_person.<locals>.broken" in log
    assert str(antt_home.parent) not in log  # no full paths (they can name the user)
    assert "Traceback" not in log
    assert_no_personal_data(log)


def test_group_options_and_short_options_are_named_not_their_values(
        broken_add_person: None, antt_home: Path) -> None:
    run("--can-bo", NAME, "person", "add", "DH-0001", f"--name={NAME}", "--cccd", CCCD,
        "--", code=1)
    log = (antt_home / "logs" / "antt-errors.log").read_text(encoding="utf-8")
    assert "command: antt person add\n" in log
    assert "options: --can-bo, --name, --cccd\n" in log
    assert_no_personal_data(log)


def test_a_file_error_shows_no_exception_text(commune: Session, antt_home: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from antt_tui.roster.service import Roster

    commune.close()

    def broken(self: Roster, *args: object, **kwargs: object) -> None:
        raise PermissionError(f"{CCCD} {NAME}")  # no errno, no file: only the text

    monkeypatch.setattr(Roster, "add_person", broken)
    result = run("person", "add", "DH-0001", "--name", NAME, "--cccd", CCCD, code=1)
    assert result.stderr.startswith("Lỗi đọc/ghi tệp: PermissionError. Chi tiết đã ghi vào ")
    log = (antt_home / "logs" / "antt-errors.log").read_text(encoding="utf-8")
    assert "exception: PermissionError\n" in log
    assert_no_personal_data(result.stderr + log)


@pytest.mark.parametrize(("args", "command", "options"), [
    (["--db", CCCD, "incident", "add", f"-t{CCCD}", "--date", "01/01/2026", "--note", NAME,
      "--resident", "--person", f"{CCCD}=nghi_pham", "-t", "DH", "--fine", "-5"],
     "antt incident add", ["--db", "-t", "--date", "--note", "--resident", "--person", "--fine"]),
    (["report", "monthly", "--commune", "-o", "report", "--so=5", "--", "--note"],
     "antt report monthly", ["--commune", "-o", "--so"]),
    (["person", "add", NAME, PHONE], "antt person add", []),
    ([NAME], "antt", []),
])
def test_invocation_keeps_only_names_the_program_defines(
        args: list[str], command: str, options: list[str]) -> None:
    from antt_tui.cli import main
    from antt_tui.cli.group import invocation

    assert invocation(main, args, "antt") == (command, options)
