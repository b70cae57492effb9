"""A commune enters a year of incidents at once: from an Excel file, a CSV (old encodings too)
or cells pasted from Excel; previewed first, then saved in one go or not at all."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from antt_tui.roster.incident_import import (
    DUPLICATE,
    NEW,
    REFUSED,
    SheetUnreadable,
    commit_import,
    plan_bytes,
    plan_file,
    plan_text,
)
from antt_tui.roster.incident_template import CATEGORY_SHEET, INCIDENT_SHEET, template_xlsx
from antt_tui.roster.incidents import Incidents
from antt_tui.session import Session
from antt_tui.storage.check import check_database
from antt_tui.storage.errors import SaveFailed

HEADINGS = ["Ngày", "Thôn", "Loại vụ việc", "Giờ", "Nơi xảy ra", "Mức độ", "Số người chết",
            "Số người bị thương", "Thiệt hại", "Tình trạng", "Ghi chú"]
CATEGORIES = ["TP_TTXH_TROM_CAP", "Trộm cắp tài sản", "tai nan giao thong", "VA_CHAM_GT",
              "Cháy", "mâu thuẫn, tranh chấp trong nhân dân"]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, headings: Sequence[str] = HEADINGS,
               above: Sequence[Sequence[Any]] = (), font: str | None = None) -> Path:
    """An .xlsx as an office makes it: optional title rows, the headings, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Năm 2026"
    for line in [*above, headings, *rows]:
        sheet.append(list(line))
    if font:
        for row in sheet.iter_rows(min_row=len(above) + 2):
            for cell in row:
                cell.font = Font(name=font)
    book.save(path)
    return path


def year_of_incidents(n: int = 300) -> list[list[Any]]:
    """`n` incidents over 2026 in both villages, as Excel holds them (date cells, numbers)."""
    return [[date(2026, 1 + i % 10, 1 + i % 28), "DH" if i % 2 else "Thôn Trung Lập",
             CATEGORIES[i % len(CATEGORIES)], time(i % 24, 15), f"Xóm {i % 7}, nhà số {i}",
             None, i % 2, 0, 1_500_000 if i % 3 else None, None, f"Vụ thứ {i + 1}"]
            for i in range(n)]


def incidents(s: Session) -> list[dict]:
    """The incidents as saved."""
    return [dict(i.values) for i in Incidents(s.roster).list()]


def journal_length(s: Session) -> int:
    assert s.store.journal is not None
    return s.store.journal.last_seq


# ---------------------------------------------------------------------- the whole list


def test_a_year_of_incidents_from_excel_is_saved_in_one_go(commune: Session,
                                                          tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "vu-viec-2026.xlsx", year_of_incidents(300))
    before = journal_length(commune)
    plan = plan_file(commune.roster, path)
    assert (len(plan.new), len(plan.duplicates), len(plan.refused)) == (300, 0, 0)
    assert plan.source == "vu-viec-2026.xlsx, trang “Năm 2026”" and plan.heading_row == 1
    assert journal_length(commune) == before  # a preview writes nothing
    assert incidents(commune) == []

    result = commit_import(commune.roster, plan)
    assert len(result.added) == 300
    assert journal_length(commune) == before + 1  # one save for the whole list
    stored = incidents(commune)
    assert len(stored) == 300
    first = next(i for i in stored if i["note"] == "Vụ thứ 2")
    assert first["village_id"] == commune.roster.village("DH").id
    assert (first["date"], first["time"], first["category"]) == (
        "2026-02-02", "01:15", "TP_TTXH_TROM_CAP")  # a label read as its code
    assert (first["deaths"], first["damage"], first["severity"], first["status"]) == (
        1, 1_500_000, "it_nghiem_trong", "dang_xu_ly")  # blank cells take the form's defaults
    labelled = {i["category"] for i in stored}
    assert labelled == {"TP_TTXH_TROM_CAP", "TNGT", "VA_CHAM_GT", "CHAY", "MT_TRANH_CHAP"}


def test_bad_rows_are_shown_with_their_row_number_and_nothing_is_saved(
        commune: Session, tmp_path: Path) -> None:
    rows = year_of_incidents(10)
    rows[2][0] = "31/02/2026"         # row 4: no such day
    rows[5][1] = "Thôn Không Có"      # row 7: no such village
    rows[7][2] = "trộm"               # row 9: not a category (but close to one)
    rows[8][0] = date(2026, 12, 1)    # row 10: after today (20/11/2026)
    path = write_xlsx(tmp_path / "loi.xlsx", rows, above=[["DANH SÁCH VỤ VIỆC NĂM 2026"], []])
    state = commune.store.state_hash()
    plan = plan_file(commune.roster, path)
    assert plan.heading_row == 3  # the title above the headings is passed over
    refused = {r.row: " ".join(r.reasons) for r in plan.refused}
    assert sorted(refused) == [6, 9, 11, 12]
    assert "Ngày xảy ra: Ngày không hợp lệ: “31/02/2026”" in refused[6]
    assert "Thôn: “Thôn Không Có” không có trong danh sách" in refused[9]
    assert "Loại vụ việc: “trộm” không có trong danh sách. Có phải là: TP_TTXH_TROM_CAP" \
        in refused[11]
    assert "sau ngày hôm nay (20/11/2026)" in refused[12]
    assert len(plan.new) == 6
    assert commune.store.state_hash() == state

    result = commit_import(commune.roster, plan)  # the officer confirms: the good rows only
    assert (len(result.added), result.refused) == (6, 4)
    assert len(incidents(commune)) == 6


def test_importing_the_same_file_again_adds_nothing(commune: Session, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "vu-viec.xlsx", year_of_incidents(40))
    plan = plan_file(commune.roster, path)
    assert len(commit_import(commune.roster, plan).added) == 40
    seq = journal_length(commune)

    again = plan_file(commune.roster, path)
    assert (len(again.new), len(again.duplicates)) == (0, 40)
    assert again.duplicates[0].same_as in {i["id"] for i in incidents(commune)}
    assert commit_import(commune.roster, again).added == ()
    assert commit_import(commune.roster, plan).added == ()  # the first preview, confirmed twice
    assert journal_length(commune) == seq
    assert len(incidents(commune)) == 40


def test_an_incident_already_typed_in_is_skipped_unless_asked_for(commune: Session) -> None:
    Incidents(commune.roster).add({"date": "15/10/2026", "village": commune.roster.village(
        "DH").id, "category": "TP_TTXH_TROM_CAP", "place": "Chợ Thôn"})
    pasted = ("Ngày\tThôn\tLoại vụ việc\tNơi xảy ra\n"
              "15/10/2026\tĐông Hạ\tTrộm cắp tài sản\tchợ thôn\n"       # the same theft
              "15/10/2026\tĐông Hạ\tTrộm cắp tài sản\tchợ thôn\n"       # a second one that day
              "16/10/2026\tĐông Hạ\tTrộm cắp tài sản\tchợ thôn\n")
    plan = plan_text(commune.roster, pasted)
    assert [(r.row, r.status) for r in plan.rows] == [(2, DUPLICATE), (3, NEW), (4, NEW)]
    assert "Giống vụ việc đã lưu" in plan.rows[0].reasons[0]
    assert commit_import(commune.roster, plan).skipped == 1
    assert len(incidents(commune)) == 3
    plan = plan_text(commune.roster, pasted)
    assert len(commit_import(commune.roster, plan, include_duplicates=True).added) == 3
    assert len(incidents(commune)) == 6


# ---------------------------------------------------------------------- all or nothing


def test_a_failed_save_leaves_the_database_as_it_was(commune: Session, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     open_session) -> None:
    import errno

    import antt_tui.storage.journal as journal

    plan = plan_file(commune.roster, write_xlsx(tmp_path / "v.xlsx", year_of_incidents(50)))
    state, seq = commune.store.state_hash(), journal_length(commune)
    real_fsync = journal.os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # The whole entry is written, then the disk refuses it: the append is cut back.
    monkeypatch.setattr(journal.os, "fsync", disk_full)
    with pytest.raises(SaveFailed, match="ổ đĩa đã đầy"):
        commit_import(commune.roster, plan)
    monkeypatch.setattr(journal.os, "fsync", real_fsync)
    assert (commune.store.state_hash(), journal_length(commune)) == (state, seq)
    assert incidents(commune) == []
    folder = commune.store.folder
    commune.close()

    reopened = open_session(folder, create=False)
    assert incidents(reopened) == []
    assert len(commit_import(reopened.roster, plan).added) == 50  # and it can be done again


CRASH = r"""
import os, sys
from datetime import date
from pathlib import Path
import antt_tui.storage.journal as journal
from antt_tui.paths import Paths
from antt_tui.roster.incident_import import commit_import, plan_file
from antt_tui.session import Session

paths = Paths(Path(sys.argv[1]))
session = Session.open(paths.database, paths=paths, today=lambda: date(2026, 11, 20))
plan = plan_file(session.roster, Path(sys.argv[2]))
real_open = open

def torn_segment(path, mode="r", *args, **kwargs):
    fh = real_open(path, mode, *args, **kwargs)
    if "a" not in mode:
        return fh

    class Torn:
        def write(self, data):
            fh.write(bytes(data)[: len(data) // 2])  # half the entry reaches the disk
            os._exit(9)                               # and the power goes off

        def __getattr__(self, name):
            return getattr(fh, name)

    return Torn()

journal.open = torn_segment
print("PLANNED", len(plan.new), flush=True)
commit_import(session.roster, plan)
print("NOT REACHED", flush=True)
"""


def test_a_crash_in_the_middle_of_the_save_leaves_nothing(commune: Session, tmp_path: Path,
                                                          paths, open_session) -> None:
    source = write_xlsx(tmp_path / "v.xlsx", year_of_incidents(120))
    state = commune.store.state_hash()
    commune.close()
    done = subprocess.run([sys.executable, "-c", CRASH, str(paths.home), str(source)],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 9, done.stderr
    assert "PLANNED 120" in done.stdout and "NOT REACHED" not in done.stdout
    newest = max((paths.database / "journal").rglob("*.jsonl"), key=lambda p: p.stat().st_mtime)
    assert not newest.read_bytes().endswith(b"\n")  # half an entry is on the disk

    reopened = open_session(create=False)
    assert incidents(reopened) == []
    assert reopened.store.state_hash() == state
    plan = plan_file(reopened.roster, source)
    assert len(commit_import(reopened.roster, plan).added) == 120
    reopened.close()
    assert check_database(paths.database, backup_dir=paths.backups_for(paths.database)).ok


# ---------------------------------------------------------------------- headings and cells


@pytest.mark.parametrize(("headings", "row"), [
    (["NGÀY", "THÔN", "LOẠI VỤ VIỆC"], ["05/03/2026", "TL", "TNGT"]),
    (["ngay xay ra", "ten thon", "loai vu viec"], ["05/03/2026", "trung lap", "TNGT"]),
    (["Ngày *", "Mã thôn", "Mã loại"], ["05/03/2026", "tl", "tngt"]),
    (["STT", "Ngày", "Thôn/xóm", "Loại", "Người ghi"],
     ["1", "05/03/2026", "Thôn Trung Lập", "Tai nạn giao thông", "Lê Văn Tám"]),
])
def test_headings_are_read_without_regard_to_case_or_diacritics(
        commune: Session, headings: list[str], row: list[str]) -> None:
    plan = plan_text(commune.roster, "\t".join(headings) + "\n" + "\t".join(row) + "\n")
    assert [r.status for r in plan.rows] == [NEW], plan.rows
    assert (plan.rows[0].village, plan.rows[0].category) == ("Thôn Trung Lập",
                                                             "Tai nạn giao thông")
    assert plan.ignored == (("Người ghi",) if "Người ghi" in headings else ())


def test_a_list_without_the_required_columns_is_refused_whole(commune: Session,
                                                              tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "thieu.xlsx", [["05/03/2026", "Trộm cắp tài sản"]],
                      headings=["Ngày", "Loại vụ việc"])
    with pytest.raises(SheetUnreadable, match="thiếu cột “Thôn”"):
        plan_file(commune.roster, path)
    with pytest.raises(SheetUnreadable, match=r"\.xls\).*Lưu thành"):
        plan_file(commune.roster, tmp_path / "cu.xls")
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SheetUnreadable, match=r"Không đọc được tệp Excel hong\.xlsx"):
        plan_file(commune.roster, tmp_path / "hong.xlsx")


def test_cells_as_offices_type_them(commune: Session) -> None:
    pasted = (
        "Ngày\tGiờ\tThôn\tLoại vụ việc\tThiệt hại\tTiền phạt\tSố người chết\tGhi chú\n"
        "05/03/2026 00:00:00\t21h30\tDH\tCHAY\t5.000.000 đ\t-\t0\t\"Cháy bếp,\nđã dập tắt\"\n"
        "06/03/2026\t7g\tDH\tCHAY\t1.250.000\t\t\tNhà bếp\n")
    plan = plan_text(commune.roster, pasted)
    assert [r.status for r in plan.rows] == [NEW, NEW], plan.rows
    first, second = (r.record for r in plan.rows)
    assert first is not None and second is not None
    assert (first["date"], first["time"], first["damage"], first["fine"], first["deaths"]) == (
        "2026-03-05", "21:30", 5_000_000, None, 0)
    assert first["note"] == "Cháy bếp,\nđã dập tắt"  # a cell with a line break, quoted
    assert (second["time"], second["damage"]) == ("07:00", 1_250_000)
    assert plan.rows[1].row == 3  # Excel's row: a line break inside a cell is no new row


def test_excel_cells_that_hold_dates_times_and_numbers(commune: Session, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kieu.xlsx", [
        [datetime(2026, 3, 5, 0, 0), "DH", "CHAY", time(21, 30), None, None, 1.0, None, 2.5e6],
        [46087, "DH", "CHAY", 0.75, None, None, None, None, None],  # unformatted date and time
    ])
    plan = plan_file(commune.roster, path)
    records = [r.record for r in plan.rows]
    assert [(r["date"], r["time"], r["deaths"], r["damage"]) for r in records] == [
        ("2026-03-05", "21:30", 1, 2_500_000), ("2026-03-06", "18:00", None, None)]


def test_text_is_stored_in_nfc(commune: Session) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Ngày\tThôn\tLoại vụ việc\tGhi chú\n"
                                       "05/03/2026\tĐông Hạ\tTrộm cắp tài sản\tMất xe đạp\n")
    plan = plan_text(commune.roster, nfd)
    [row] = plan.rows
    assert row.status == NEW and row.record is not None
    assert row.record["note"] == unicodedata.normalize("NFC", "Mất xe đạp")


def test_the_template_reads_back_and_lists_every_category(commune: Session,
                                                          tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames == [INCIDENT_SHEET, CATEGORY_SHEET]
    codes = [row[0] for row in book[CATEGORY_SHEET].iter_rows(min_row=2, values_only=True)
             if row[0]]
    assert codes == list(Incidents(commune.roster).taxonomy.categories)
    labels = [c.value for c in book[INCIDENT_SHEET][1]]
    assert labels[:3] == ["Ngày *", "Giờ", "Thôn *"]
    sheet = book[INCIDENT_SHEET]
    sheet["A2"], sheet["C2"], sheet["E2"] = date(2026, 4, 1), "Đông Hạ", "Cháy"
    path = tmp_path / "mau.xlsx"
    book.save(path)
    plan = plan_file(commune.roster, path)
    assert plan.source == f"mau.xlsx, trang “{INCIDENT_SHEET}”"
    assert [(r.row, r.status, r.category) for r in plan.rows] == [(2, NEW, "Cháy")]


# ---------------------------------------------------------------------- old encodings

# The bytes below were made with iconv (glibc's TCVN5712-1 and CP1258), not with this code.
UNICODE_ROW = ("Thôn Đông Hạ", "Trộm cắp tài sản", "Nhà ông Nguyễn Văn Cường",
               "Mất xe máy ở ngõ")
TCVN3_CSV = (b"Ng\xb5y,Th\xabn,Lo\xb9i v\xf4 vi\xd6c,N\xaci x\xb6y ra,Ghi ch\xf3\r\n"
             b"05/03/2026,Th\xabn \xa7\xabng H\xb9,Tr\xe9m c\xbep t\xb5i s\xb6n,"
             b"Nh\xb5 \xabng Nguy\xd4n V\xa8n C\xad\xeang,M\xcat xe m\xb8y \xeb ng\xe2\r\n")
CP1258_CSV = (b"Ng\xe0y,Th\xf4n,Loa\xf2i vu\xf2 vi\xea\xf2c,N\xf5i xa\xd2y ra,Ghi ch\xfa\r\n"
              b"05/03/2026,Th\xf4n \xd0\xf4ng Ha\xf2,Tr\xf4\xf2m c\xe3\xecp t\xe0i sa\xd2n,"
              b"Nh\xe0 \xf4ng Nguy\xea\xden V\xe3n C\xfd\xf5\xccng,"
              b"M\xe2\xect xe m\xe1y \xf5\xd2 ngo\xde\r\n")
# VNI as its fonts store it (DOMAIN.md §6.1: "Nguyeãn Vaên A"), saved by Windows as ANSI.
VNI_CSV = ("Ngaøy;Thoân;Loaïi vuï vieäc;Nôi xaûy ra;Ghi chuù\r\n"
           "05/03/2026;Thoân Ñoâng Haï;Troäm caép taøi saûn;Nhaø oâng Nguyeãn Vaên Cöôøng;"
           "Maát xe maùy ôû ngoõ\r\n").encode("cp1252")


@pytest.mark.parametrize(("data", "encoding"), [
    (TCVN3_CSV, "TCVN3 (ABC)"),
    (CP1258_CSV, "Windows-1258"),
    (VNI_CSV, "VNI"),
    ("\ufeffNgày\tThôn\tLoại vụ việc\tNơi xảy ra\tGhi chú\r\n05/03/2026\tThôn Đông Hạ\t"
     "Trộm cắp tài sản\tNhà ông Nguyễn Văn Cường\tMất xe máy ở ngõ\r\n".encode("utf-16-le"),
     "Unicode"),
])
def test_a_csv_in_an_old_encoding_is_read_right(commune: Session, tmp_path: Path, data: bytes,
                                                encoding: str) -> None:
    path = tmp_path / "cu.csv"
    path.write_bytes(data)
    plan = plan_file(commune.roster, path)
    assert plan.encoding == encoding
    [row] = plan.rows
    assert row.status == NEW, row.reasons
    assert row.record is not None
    assert (row.village, row.category, row.record["place"], row.record["note"]) == UNICODE_ROW


def test_excel_cells_in_a_tcvn3_font_are_converted(commune: Session, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "vntime.xlsx",
                      [["05/03/2026", "Th\xabn \xa7\xabng H\xb9", "TP_TTXH_TROM_CAP", None,
                        "Nh\xb5 \xabng Nguy\xd4n V\xa8n C\xad\xeang"]], font=".VnTime")
    plan = plan_file(commune.roster, path)
    assert plan.encoding == "TCVN3 (ABC)"
    [row] = plan.rows
    assert (row.status, row.village, row.place) == (NEW, "Thôn Đông Hạ",
                                                    "Nhà ông Nguyễn Văn Cường")


def test_tcvn3_text_copied_out_of_excel_is_converted_by_column(commune: Session) -> None:
    # A .VnTime sheet copied to the clipboard: the letters arrive as Latin ones.
    pasted = ("Ngày\tThôn\tLoại vụ việc\tGhi chú\n"
              "05/03/2026\tTh\xabn \xa7\xabng H\xb9\tCHAY\tCh\xb8y b\xd5p, \xae\xb7 d\xcbp t\xbet\n")
    [row] = plan_text(commune.roster, pasted).rows
    assert row.record is not None
    assert (row.village, row.record["note"]) == ("Thôn Đông Hạ", "Cháy bếp, đã dập tắt")


def test_pasted_bytes_from_standard_input(commune: Session) -> None:
    plan = plan_bytes(commune.roster, TCVN3_CSV, "văn bản dán")
    assert [r.status for r in plan.rows] == [NEW]
    assert plan.source == "văn bản dán"


def test_refused_rows_keep_their_number_among_blank_ones(commune: Session) -> None:
    pasted = "Ngày\tThôn\tLoại vụ việc\n\n05/03/2026\tDH\tCHAY\n\t\t\n05/03/2026\tDH\t\n"
    plan = plan_text(commune.roster, pasted)
    assert [(r.row, r.status) for r in plan.rows] == [(3, NEW), (5, REFUSED)]
    assert plan.rows[1].reasons == ("Loại vụ việc: Bắt buộc chọn.",)
