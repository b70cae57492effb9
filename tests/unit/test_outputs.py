"""`antt_tui.outputs`: where an output file may go, and writing one without replacing any."""

from __future__ import annotations

from pathlib import Path

import pytest

from antt_tui import outputs
from antt_tui.outputs import (
    OutputExists,
    OutputRefused,
    ProtectedOutput,
    check_output_folder,
    check_output_path,
    free_path,
    write_new,
)
from antt_tui.paths import Paths


@pytest.fixture
def home(paths: Paths) -> Paths:
    """A data root with a database folder (marker and one table file) and a backup."""
    tables = paths.database / "tables"
    tables.mkdir(parents=True)
    (paths.database / "antt-db.json").write_text("{}", encoding="utf-8")
    (tables / "households.json").write_text("{}", encoding="utf-8")
    (paths.backups / "data").mkdir(parents=True)
    paths.exports.mkdir(parents=True)
    return paths


@pytest.mark.parametrize("parts", [
    ("data",), ("data", "tables", "households.json"), ("data", "tables", "new.pdf"),
    ("data", "journal", "deep", "x.pdf"), ("demo", "a.pdf"), ("demo",),
    ("backups",), ("backups", "data", "x.zip"), ("config.json",),
])
def test_database_backup_and_settings_paths_are_refused(home: Paths, parts: tuple[str, ...]
                                                        ) -> None:
    target = home.home.joinpath(*parts)
    with pytest.raises(ProtectedOutput) as caught:
        check_output_path(target, overwrite=True, paths=home)
    assert str(caught.value).startswith(f"Không ghi được vào {target}: ")


def test_the_message_names_the_folder_and_a_safe_place(home: Paths) -> None:
    with pytest.raises(ProtectedOutput) as caught:
        check_output_path(home.database / "tables" / "households.json", overwrite=True,
                          paths=home)
    assert str(caught.value) == (
        f"Không ghi được vào {home.database / 'tables' / 'households.json'}: đường dẫn này "
        f"nằm trong thư mục cơ sở dữ liệu ({home.database}); ghi vào đó sẽ làm hỏng dữ liệu. "
        f"Hãy chọn thư mục khác, ví dụ {home.exports}.")


def test_any_folder_with_a_database_marker_is_refused(home: Paths, tmp_path: Path) -> None:
    other = tmp_path / "usb" / "xa-khac"
    (other / "tables").mkdir(parents=True)
    (other / "antt-db.json").write_text("{}", encoding="utf-8")
    for target in (other, other / "tables" / "x.pdf", other / "antt-db.json"):
        with pytest.raises(ProtectedOutput, match="thư mục cơ sở dữ liệu"):
            check_output_path(target, overwrite=True, paths=home)
    # Beside it is fine.
    assert check_output_path(tmp_path / "usb" / "bc.pdf", overwrite=False,
                             paths=home) == (tmp_path / "usb" / "bc.pdf").resolve()


def test_an_extra_protected_folder_without_its_marker(home: Paths, tmp_path: Path) -> None:
    opened = tmp_path / "dang-mo"
    with pytest.raises(ProtectedOutput):
        check_output_path(opened / "x.pdf", overwrite=True, paths=home, protected=[opened])


def test_relative_paths_and_dot_dot_are_resolved(home: Paths,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(home.exports)
    with pytest.raises(ProtectedOutput):
        check_output_path(Path("../data/tables/households.json"), overwrite=True, paths=home)
    with pytest.raises(ProtectedOutput):
        check_output_path(Path("../exports/../data/x.pdf"), overwrite=True, paths=home)
    assert check_output_path(Path("bc.pdf"), overwrite=False,
                             paths=home) == home.exports.resolve() / "bc.pdf"


def test_symlinks_are_followed(home: Paths, tmp_path: Path) -> None:
    link, folder_link = tmp_path / "bc.pdf", tmp_path / "shortcut"
    try:
        link.symlink_to(home.database / "tables" / "households.json")
        folder_link.symlink_to(home.database, target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not allowed here")
    for target in (link, folder_link / "x.pdf"):
        with pytest.raises(ProtectedOutput):
            check_output_path(target, overwrite=True, paths=home)


def test_case_is_ignored_where_the_system_ignores_it(home: Paths,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = home.home / "DATA" / "Tables" / "households.json"
    if not (home.home / "DATA").exists():  # a case-sensitive file system: another folder
        monkeypatch.setattr(outputs, "_case_insensitive", lambda: False)
        check_output_path(target, overwrite=False, paths=home)
    monkeypatch.setattr(outputs, "_case_insensitive", lambda: True)  # as on Windows
    with pytest.raises(ProtectedOutput):
        check_output_path(target, overwrite=False, paths=home)
    with pytest.raises(ProtectedOutput):
        check_output_path(home.home / "Backups" / "x.zip", overwrite=False, paths=home)


def test_an_existing_file_needs_overwrite(home: Paths) -> None:
    existing = home.exports / "bc.pdf"
    existing.write_bytes(b"old")
    with pytest.raises(OutputExists) as caught:
        check_output_path(existing, overwrite=False, paths=home)
    assert str(caught.value) == f"Tệp {existing} đã có"
    assert caught.value.existing == [existing.resolve()]
    assert check_output_path(existing, overwrite=True, paths=home) == existing.resolve()
    assert existing.read_bytes() == b"old"  # checking writes nothing


def test_a_folder_is_not_a_file(home: Paths) -> None:
    with pytest.raises(OutputRefused, match="là một thư mục") as caught:
        check_output_path(home.exports, overwrite=True, paths=home)
    assert not isinstance(caught.value, (ProtectedOutput, OutputExists))


def test_csv_folder(home: Paths) -> None:
    folder = home.exports / "csv"
    names = ["bang-1.csv", "bang-2.csv"]
    assert check_output_folder(folder, names, overwrite=False, paths=home) == [
        folder.resolve() / n for n in names]
    assert not folder.exists()
    folder.mkdir()
    (folder / "bang-2.csv").write_bytes(b"x")
    (folder / "ghi-chu.txt").write_bytes(b"y")  # not ours to write: no matter
    with pytest.raises(OutputExists) as caught:
        check_output_folder(folder, names, overwrite=False, paths=home)
    assert str(caught.value) == f"Thư mục {folder} đã có 1 tệp sẽ bị ghi đè (bang-2.csv)"
    assert caught.value.existing == [folder.resolve() / "bang-2.csv"]
    assert len(check_output_folder(folder, names, overwrite=True, paths=home)) == 2
    # Inside a database, as the folder itself, or with a name that climbs into one.
    for bad, bad_names in ((home.database, names), (home.database / "csv", names),
                           (home.backups, []), (folder, ["../../data/tables/x.csv"])):
        with pytest.raises(ProtectedOutput):
            check_output_folder(bad, bad_names, overwrite=True, paths=home)
    with pytest.raises(OutputRefused, match="là một tệp"):
        check_output_folder(folder / "bang-2.csv", names, overwrite=True, paths=home)


def test_free_path_and_write_new(home: Paths) -> None:
    target = home.exports / "bao-cao" / "bc.pdf"
    assert free_path(target) == target
    assert write_new(target, b"one", paths=home) == target.resolve()
    assert write_new(target, b"one", paths=home) == target.resolve()  # same bytes: reused
    second = write_new(target, b"two", paths=home)
    assert second.name == "bc-2.pdf" and second.read_bytes() == b"two"
    assert write_new(target, b"three", paths=home).name == "bc-3.pdf"
    assert target.read_bytes() == b"one"
    assert free_path(target).name == "bc-4.pdf"
    with pytest.raises(ProtectedOutput):
        write_new(home.database / "bc.pdf", b"x", paths=home)
    assert not (home.database / "bc.pdf").exists()
