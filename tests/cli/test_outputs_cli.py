"""`-o`, `--xlsx` and `--csv` never clobber data: a path in a database or backup folder is
refused, an existing file is replaced only with `--ghi-de` (or after saying yes)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import run, run_json

MONTHLY = ("report", "monthly", "--village", "DH", "--period", "2026-10")
CSV_NAME = "bang-1-tinh-hinh-vu-viec-ve-an-ninh-trat-tu.csv"


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of a folder (relative name → hash), to show nothing in it changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture
def db(report_db: Session, paths: Paths) -> Path:
    """The report database's folder (closed)."""
    return paths.database


def test_output_onto_a_table_file_is_refused_and_the_database_still_opens(
        db: Path) -> None:
    households = run_json("household", "list")
    before = fingerprint(db)
    target = db / "tables" / "households.json"
    result = run(*MONTHLY, "-o", target, code=1)
    assert result.stderr.startswith(f"Lỗi: Không ghi được vào {target}: đường dẫn này nằm "
                                    "trong thư mục cơ sở dữ liệu")
    assert fingerprint(db) == before
    assert run_json("household", "list") == households
    assert run("check").stdout.rstrip().endswith("Cơ sở dữ liệu tốt.")


@pytest.mark.parametrize("where", [
    ("tables", "bc.pdf"),          # a new file inside the database
    ("journal", "x", "bc.pdf"),    # deeper, in a folder that does not exist yet
])
def test_pdf_anywhere_in_the_database_is_refused(db: Path, where: tuple[str, ...]) -> None:
    before = fingerprint(db)
    result = run(*MONTHLY, "-o", db.joinpath(*where), code=1)
    assert "thư mục cơ sở dữ liệu" in result.stderr
    assert fingerprint(db) == before
    assert not db.joinpath(*where).exists()


def test_a_folder_is_not_a_file(db: Path) -> None:
    result = run(*MONTHLY, "-o", db, code=2)  # click itself refuses a folder for -o
    assert result.stderr.startswith(f"Lỗi: Giá trị không hợp lệ cho --output: "
                                    f"'{db}' là một thư mục, không phải tệp.")


def test_a_relative_path_from_inside_the_database_is_refused(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(db / "tables")
    result = run(*MONTHLY, "-o", "../tables/./households.json", code=1)
    assert "thư mục cơ sở dữ liệu" in result.stderr
    assert run("check").stdout.rstrip().endswith("Cơ sở dữ liệu tốt.")


def test_a_symlink_into_the_database_is_refused(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.pdf"
    try:
        link.symlink_to(db / "tables" / "persons.json")
    except OSError:
        pytest.skip("symlinks not allowed here")
    before = fingerprint(db)
    result = run(*MONTHLY, "-o", link, code=1)
    assert "thư mục cơ sở dữ liệu" in result.stderr
    assert fingerprint(db) == before


def test_another_database_and_the_backups_are_refused(db: Path, paths: Paths,
                                                      tmp_path: Path) -> None:
    other = tmp_path / "xa-khac"
    run("--db", other, "init", "--province", "Hà Nam", "--commune", "Xã Khác",
        "--village", "Thôn Một")
    result = run(*MONTHLY, "--xlsx", other / "bang.xlsx", code=1)
    assert f"thư mục cơ sở dữ liệu ({other.resolve()})" in result.stderr
    assert not (other / "bang.xlsx").exists()
    result = run(*MONTHLY, "-o", paths.backups / "data" / "bc.pdf", code=1)
    assert "thư mục sao lưu" in result.stderr


def test_xlsx_into_the_database_is_refused(db: Path) -> None:
    before = fingerprint(db)
    result = run(*MONTHLY, "--xlsx", db / "tables" / "bang.xlsx", code=1)
    assert "thư mục cơ sở dữ liệu" in result.stderr
    assert fingerprint(db) == before


def test_csv_into_the_database_is_refused(db: Path) -> None:
    before = fingerprint(db)
    for folder in (db, db / "tables", db / "csv-moi"):
        result = run(*MONTHLY, "--csv", folder, code=1)
        assert "thư mục cơ sở dữ liệu" in result.stderr
    assert fingerprint(db) == before
    assert not (db / "csv-moi").exists()


def test_a_refused_output_issues_nothing(db: Path) -> None:
    run("report", "monthly", "--commune", "--period", "2026-10", "--so", 5,
        "-o", db / "bc.pdf", code=1)
    assert run_json("report", "list") == []


def test_an_existing_pdf_is_kept_without_ghi_de_and_replaced_with_it(db: Path,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / "bc.pdf"
    out.write_bytes(b"ban cu, da ky")
    result = run(*MONTHLY, "-o", out, code=1)
    assert result.stderr == f"Lỗi: Tệp {out} đã có; thêm --ghi-de để ghi đè.\n"
    assert out.read_bytes() == b"ban cu, da ky"
    said = run(*MONTHLY, "-o", out, "--ghi-de").stdout
    assert f"đã ghi {out}." in said
    assert out.read_bytes().startswith(b"%PDF")


def test_existing_xlsx_and_csv_files_need_ghi_de(db: Path, tmp_path: Path) -> None:
    xlsx, folder = tmp_path / "bc.xlsx", tmp_path / "csv"
    run(*MONTHLY, "--xlsx", xlsx, "--csv", folder)
    first = fingerprint(tmp_path)
    assert f"csv/{CSV_NAME}" in first

    result = run(*MONTHLY, "--xlsx", xlsx, code=1)
    assert result.stderr == f"Lỗi: Tệp {xlsx} đã có; thêm --ghi-de để ghi đè.\n"
    result = run(*MONTHLY, "--csv", folder, code=1)
    assert result.stderr.startswith(f"Lỗi: Thư mục {folder} đã có ")
    assert CSV_NAME in result.stderr and result.stderr.endswith("thêm --ghi-de để ghi đè.\n")
    assert fingerprint(tmp_path) == first

    (folder / CSV_NAME).write_bytes(b"sua tay")
    run(*MONTHLY, "--xlsx", xlsx, "--csv", folder, "--ghi-de")
    assert (folder / CSV_NAME).read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_new_csv_file_in_an_existing_folder_is_fine(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("của cán bộ", encoding="utf-8")
    run(*MONTHLY, "--csv", folder)
    assert (folder / CSV_NAME).exists()
    assert (folder / "ghi-chu.txt").read_text(encoding="utf-8") == "của cán bộ"


def test_print_checks_its_outputs_too(db: Path, tmp_path: Path) -> None:
    run("report", "monthly", "--commune", "--period", "2026-10", "--so", 5)
    [row] = run_json("report", "list")
    code = row["doc_hash"][:16]
    before = fingerprint(db)
    for option in ("-o", "--xlsx"):
        result = run("report", "print", code, option, db / "tables" / "reports.json", code=1)
        assert "thư mục cơ sở dữ liệu" in result.stderr
    run("report", "print", code, "--csv", db / "csv", code=1)
    assert fingerprint(db) == before

    out = tmp_path / "in-lai.pdf"
    out.write_bytes(b"x")
    result = run("report", "print", code, "-o", out, code=1)
    assert "đã có; thêm --ghi-de để ghi đè." in result.stderr
    assert out.read_bytes() == b"x"
    run("report", "print", code, "-o", out, "--ghi-de")
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("answer", "replaced"), [("y\n", True), ("n\n", False)])
def test_at_the_keyboard_the_officer_is_asked(db: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch, answer: str,
                                              replaced: bool) -> None:
    monkeypatch.setattr("antt_tui.cli.common.stdin_is_interactive", lambda: True)
    out = tmp_path / "bc.pdf"
    out.write_bytes(b"ban cu")
    result = run(*MONTHLY, "-o", out, code=0 if replaced else 1, input=answer)
    assert f"Tệp {out} đã có. Ghi đè? [y/N]" in result.stderr
    assert out.read_bytes().startswith(b"%PDF") == replaced
    if not replaced:
        assert "Đã hủy." in result.stderr


def test_issuing_checks_the_csv_files_before_saving(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / CSV_NAME).write_bytes(b"bang cu")
    issue = (*MONTHLY, "--so", 5, "--csv", folder)
    result = run(*issue, code=1)
    assert CSV_NAME in result.stderr and "thêm --ghi-de để ghi đè." in result.stderr
    assert run_json("report", "list") == []  # refused before the report was saved
    assert (folder / CSV_NAME).read_bytes() == b"bang cu"
    run(*issue, "--ghi-de")
    assert len(run_json("report", "list")) == 1
    assert (folder / CSV_NAME).read_bytes().startswith(b"\xef\xbb\xbf")
