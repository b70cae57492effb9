"""What an officer sees when the disk is full or the folder was damaged (issue 10)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.storage import atomic
from tests.cli.helpers import run, run_json


def _household_count(paths: Paths) -> int:
    return len(run_json("household", "list"))


def _full_disk(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """Every file replace under a path containing `where` fails with ENOSPC."""
    real = atomic.write_bytes

    def write_bytes(path: Path, data: bytes) -> None:
        if where in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", write_bytes)


def test_a_save_kept_in_the_journal_is_reported_saved_even_if_the_tables_cannot_be_written(
        commune: Session, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    commune.close()
    before = _household_count(paths)
    with monkeypatch.context() as m:
        _full_disk(m, "tables")
        result = run("household", "add", "-t", "DH", "--address", "Xóm 5", "--head-name",
                     "Trần Văn Bảy", "--head-sex", "Nam", "--head-birth", "1970")
        assert "Đã lưu, nhưng" in result.stderr and "ổ đĩa đã đầy" in result.stderr
        # Listing works on the full disk, and the household is there: nobody enters it twice.
        assert _household_count(paths) == before + 1
    assert _household_count(paths) == before + 1


def test_a_save_that_could_not_be_written_says_so_and_keeps_nothing(
        commune: Session, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    from antt_tui.storage import journal

    commune.close()
    before = _household_count(paths)

    def full(path, mode="r", *a, **k):
        if "a" in mode:  # appending a journal line: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return open(path, mode, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(journal, "open", full, raising=False)
        result = run("household", "add", "-t", "DH", "--address", "Xóm 5", "--head-name",
                     "Trần Văn Bảy", "--head-sex", "Nam", "--head-birth", "1970", code=1)
    assert "Chưa lưu được: ổ đĩa đã đầy" in result.stderr
    assert _household_count(paths) == before


def test_a_missing_persons_file_is_rebuilt_and_said(commune: Session, paths: Paths) -> None:
    commune.close()
    (paths.database / "tables" / "persons.json").unlink()
    result = run("household", "show", "DH-0001", "--json")
    assert "persons.json bị thiếu: đã dựng lại từ nhật ký" in result.stderr
    assert "Nguyễn Văn An" in result.stdout


def test_check_repair_names_what_is_lost_and_asks(commune: Session, paths: Paths) -> None:
    # A save after the last checkpoint whose only copy, its journal line, is damaged.
    commune.close()
    s = Session.open(paths.database, paths=paths, officer="Cán bộ")
    code = s.roster.add_household("DH", household={"address": "Xóm Chín"}, head={
        "full_name": "Trần Văn Chín", "sex": "nam", "birth": "1969"}).code
    s.store.abandon()
    segment = sorted(paths.database.glob("journal/*/*.jsonl"))[-1]
    segment.write_bytes(segment.read_bytes().replace("Xóm Chín".encode(), "Xóm Mười".encode()))

    result = run("check", "--repair", code=1)  # no answer on stdin: nothing changed
    assert "Không khôi phục được: Thiết bị" in result.stdout and code in result.stdout
    assert "Chưa sửa gì" in result.stderr
    run("household", "list", code=1)           # still refused: the damage is not hidden

    result = run("check", "--repair", "--yes")
    assert "thay đổi không khôi phục được (xem trên)" in result.stdout
    assert "Cơ sở dữ liệu tốt." in run("check").stdout
    assert "Nguyễn Văn An" in run("household", "list").stdout


def test_paths_lists_the_folder_of_damaged_files(paths: Paths) -> None:
    assert str(paths.set_aside) in run("paths").stdout
