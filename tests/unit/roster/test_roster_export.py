"""The roster written out as an officer opens it: the .xlsx in Excel, the CSV in any reader.

Files are read back with openpyxl and `csv` (utf-8-sig), the way an officer's Excel (or the
roster import) sees them: header row, font, widths, households grouped with the head first,
numbers that stay text, partial birth dates as stored.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from antt_tui.domain.errors import NotFound
from antt_tui.roster import roster_export as rx
from antt_tui.session import Session

OpenSession = Callable[..., Session]

HEADERS = ["STT", "Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ",
           "Số CCCD", "Dân tộc", "Tôn giáo", "Nghề nghiệp", "Số điện thoại", "Địa chỉ", "Thôn",
           "Tình trạng cư trú", "Ghi chú"]
AN, BINH, CUONG, LAN = "Nguyễn Văn An", "Lê Thị Bình", "Nguyễn Văn Cường", "Nguyễn Thị Lan"
HOA, DUC, MAI = "Trần Thị Hoa", "Phạm Văn Đức", "Phạm Thị Mai"


def person_id(s: Session, name: str) -> str:
    return next(p["id"] for p in s.store.records("persons") if p.get("full_name") == name)


@pytest.fixture
def roster_db(commune: Session) -> Session:
    """Xã Tân Lập: DH-0001 An (head), Bình, Cường and An's mother Lan (older than the head);
    DH-0002 Hoa (head), Đức, and Mai who died; DH-0003 moved away; TL-0001 in Trung Lập."""
    r = commune.roster
    r.add_person("DH-0001", {"full_name": LAN, "sex": "nu", "birth": "1948", "relation": "Mẹ"})
    r.add_household("DH", household={"address": "Xóm 3, Thôn Đông Hạ"}, head={
        "full_name": HOA, "sex": "nu", "birth": "1950"})
    r.add_person("DH-0002", {"full_name": DUC, "sex": "nam", "birth": "1980",
                             "relation": "Con đẻ", "phone": "0912345678",
                             "occupation": "Làm ruộng", "notes": "=1+2"})
    r.add_person("DH-0002", {"full_name": MAI, "sex": "nu", "birth": "1985",
                             "relation": "Con đẻ"})
    r.mark_deceased(person_id(commune, MAI), on="10/03/2025")
    r.add_household("DH", household={"address": "Xóm 1"}, head={
        "full_name": "Đỗ Văn Nam", "sex": "nam", "birth": "1970"})
    r.household_move_out("DH-0003", on="01/02/2026")
    r.add_household("TL", household={"address": "Xóm 5, Thôn Trung Lập"}, head={
        "full_name": "Hoàng Văn Sơn", "sex": "nam", "birth": "1966"})
    return commune


def names(export: rx.RosterExport) -> list[list[str]]:
    return [[row.full_name for row in h.rows] for v in export.villages for h in v.households]


def workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------------- what is taken


def test_a_village_is_its_present_people_grouped_by_household_head_first(
        roster_db: Session) -> None:
    export = rx.collect(roster_db.roster, "DH")
    # Lan is older than her son the head, yet the head leads; Mai (deceased) and the
    # household that moved away are left out.
    assert names(export) == [[AN, LAN, BINH, CUONG], [HOA, DUC]]
    assert (export.people, export.households, export.whole_commune) == (6, 2, False)
    first = export.villages[0].households[0].rows[0]
    assert (first.household_code, first.relation, first.is_head) == ("DH-0001", "Chủ hộ", True)


def test_with_departed_people_their_status_and_date_are_given(roster_db: Session) -> None:
    export = rx.collect(roster_db.roster, "DH", include_departed=True)
    assert names(export) == [[AN, LAN, BINH, CUONG], [HOA, DUC, MAI], ["Đỗ Văn Nam"]]
    rows = {r.full_name: r for v in export.villages for h in v.households for r in h.rows}
    assert (rows[MAI].status, rows[MAI].status_on) == ("Đã mất", "10/03/2025")
    assert (rows["Đỗ Văn Nam"].status, rows["Đỗ Văn Nam"].residence) == (
        "Đã chuyển đi", "Đã chuyển đi")
    assert rows[AN].status == "Đang cư trú"
    assert [c.header for c in rx.columns(True)][-3:] == [
        "Tình trạng nhân khẩu", "Ngày thay đổi tình trạng", "Ghi chú"]


def test_the_whole_commune_is_every_village_in_order(roster_db: Session) -> None:
    export = rx.collect(roster_db.roster)
    assert export.whole_commune
    assert [v.name for v in export.villages] == ["Thôn Đông Hạ", "Thôn Trung Lập"]
    assert names(export)[-1] == ["Hoàng Văn Sơn"]


def test_an_unknown_village_is_refused(roster_db: Session) -> None:
    with pytest.raises(NotFound, match="Không tìm thấy thôn"):
        rx.collect(roster_db.roster, "XX")


# ---------------------------------------------------------------------- .xlsx


def test_xlsx_has_the_roster_header_font_and_widths(roster_db: Session) -> None:
    book = workbook(rx.to_xlsx(rx.collect(roster_db.roster, "DH")))
    assert book.sheetnames == ["Thôn Đông Hạ"]
    ws = book.active
    assert [c.value for c in ws[1]] == HEADERS
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        assert {c.font.name for c in row} == {"Times New Roman"}
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGHIJKLMNO"}
    assert widths["C"] >= len(CUONG) and widths["G"] >= 12 and widths["L"] >= len(
        "Xóm 2, Thôn Đông Hạ")
    assert widths["A"] < widths["C"]


def test_xlsx_rows_keep_cccd_phone_and_partial_dates_as_text(roster_db: Session) -> None:
    ws = workbook(rx.to_xlsx(rx.collect(roster_db.roster, "DH"))).active
    rows = {r[2].value: r for r in ws.iter_rows(min_row=2)}
    an, lan, cuong, duc = rows[AN], rows[LAN], rows[CUONG], rows[DUC]
    assert [c.value for c in an[:7]] == [1, "DH-0001", AN, "24/07/1975", "Nam", "Chủ hộ",
                                         "033075001234"]
    assert (an[6].data_type, an[6].number_format) == ("s", "@")
    assert (lan[3].value, lan[3].data_type) == ("1948", "s")
    assert cuong[3].value == "05/2001"
    assert (duc[10].value, duc[10].data_type) == ("0912345678", "s")
    assert (duc[14].value, duc[14].data_type) == ("=1+2", "s")  # text, never run
    assert an[12].value == "Thôn Đông Hạ" and an[13].value == "Thường trú"


def test_xlsx_households_are_grouped_and_stand_apart(roster_db: Session) -> None:
    ws = workbook(rx.to_xlsx(rx.collect(roster_db.roster, "DH"))).active
    codes = [r[1].value for r in ws.iter_rows(min_row=2)]
    assert codes == ["DH-0001"] * 4 + ["DH-0002"] * 2
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == [1, 2, 3, 4, 5, 6]
    # A heavier line above each household's head; every other household shaded.
    assert ws["C2"].border.top.style == "medium" and ws["C6"].border.top.style == "medium"
    assert ws["C3"].border.top.style == "thin"
    assert ws["C2"].fill.fill_type is None and ws["C6"].fill.fill_type == "solid"
    assert ws["C2"].font.b and ws["C6"].font.b and not ws["C3"].font.b  # the heads' names


def test_xlsx_of_the_commune_has_one_sheet_per_village(roster_db: Session) -> None:
    book = workbook(rx.to_xlsx(rx.collect(roster_db.roster)))
    assert book.sheetnames == ["Thôn Đông Hạ", "Thôn Trung Lập"]
    tl = book["Thôn Trung Lập"]
    assert [c.value for c in tl[1]] == HEADERS
    assert [c.value for c in tl[2]][:3] == [1, "TL-0001", "Hoàng Văn Sơn"]


def test_sheet_names_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert rx._sheet_name("Thôn [Mới]: Khu A/B", taken) == "Thôn Mới Khu A B"
    long = "Thôn " + "Rất Dài " * 6
    first, second = rx._sheet_name(long, taken), rx._sheet_name(long.upper(), taken)
    assert len(first) <= 31 and len(second) <= 31 and second.endswith("(2)")


# ---------------------------------------------------------------------- csv


def test_csv_has_a_bom_and_reads_back_with_the_same_rows(roster_db: Session) -> None:
    export = rx.collect(roster_db.roster)
    data = rx.to_csv(export)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = csv_rows(data)
    assert rows[0] == HEADERS
    assert rows[1] == ["1", "DH-0001", AN, "24/07/1975", "Nam", "Chủ hộ", "033075001234",
                       "Kinh", "Không", "", "", "Xóm 2, Thôn Đông Hạ", "Thôn Đông Hạ",
                       "Thường trú", ""]
    assert [r[2] for r in rows[1:]] == [AN, LAN, BINH, CUONG, HOA, DUC, "Hoàng Văn Sơn"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 8)]
    assert [r[3] for r in rows[1:4]] == ["24/07/1975", "1948", "1978"]
    assert rows[6][14] == "'=1+2"  # Excel would run it: a leading apostrophe
    assert unicodedata.is_normalized("NFC", data.decode("utf-8-sig"))


def test_csv_with_departed_has_the_status_columns(roster_db: Session) -> None:
    rows = csv_rows(rx.to_csv(rx.collect(roster_db.roster, "DH", include_departed=True)))
    assert rows[0][-3:] == ["Tình trạng nhân khẩu", "Ngày thay đổi tình trạng", "Ghi chú"]
    mai = next(r for r in rows if r[2] == MAI)
    assert mai[-3:-1] == ["Đã mất", "10/03/2025"]


# ---------------------------------------------------------------------- writing


def test_only_xlsx_and_csv_are_written(tmp_path: Path) -> None:
    assert rx.format_for(tmp_path / "a.XLSX") is rx.to_xlsx
    assert rx.format_for(tmp_path / "a.csv") is rx.to_csv
    with pytest.raises(rx.ExportRefused, match=r"\.xlsx \(Excel\) hoặc \.csv"):
        rx.format_for(tmp_path / "a.pdf")


def test_a_failed_write_leaves_the_old_file_and_no_temp(roster_db: Session, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "ds.csv"
    export = rx.collect(roster_db.roster, "DH")
    rx.write(target, export)
    before = target.read_bytes()
    assert csv_rows(before)[1][2] == AN

    def full_disk(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        rx.write(target, rx.collect(roster_db.roster, "DH", include_departed=True))
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["ds.csv"]


def test_a_generated_village_exports_every_present_person_once(
        open_session: OpenSession, tmp_path: Path) -> None:
    from antt_tui.generate.blueprint import make_commune
    from antt_tui.generate.load import load_commune

    s = open_session(tmp_path / "db")
    load_commune(s.store, make_commune(households=120, years=1, seed=11,
                                       today=date(2026, 11, 20)))
    village = s.roster.villages()[0]
    active = {h["id"]: h for h in s.store.records("households")
              if h["village_id"] == village.id and not h.get("deleted")
              and h.get("residence_status") in ("thuong_tru", "tam_tru")}
    present = [p for p in s.store.records("persons") if p["household_id"] in active
               and not p.get("deleted") and p.get("status", "present") == "present"]
    expected = Counter((active[p["household_id"]]["code"], p["full_name"], p.get("cccd", ""))
                       for p in present)
    for fmt in (rx.to_csv, rx.to_xlsx):
        data = fmt(rx.collect(s.roster, village.code))
        if fmt is rx.to_csv:
            rows = csv_rows(data)[1:]
        else:
            rows = [[c or "" for c in r] for r in
                    workbook(data).active.iter_rows(min_row=2, values_only=True)]
        got = Counter((r[1], r[2], r[6]) for r in rows)
        assert got == expected and max(got.values()) == 1
        # Grouped: a household's rows are together, its head first.
        codes = [r[1] for r in rows]
        assert codes == sorted(codes)
        heads = {r[1]: r[2] for r in rows if r[5] == "Chủ hộ"}
        firsts = {}
        for r in rows:
            firsts.setdefault(r[1], r[2])
        assert all(firsts[code] == heads[code] for code in heads)
