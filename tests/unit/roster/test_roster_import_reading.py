"""A village roster in every form villages keep it gives the same NFC records.

Each file is written by the test (tests/unit/roster/roster_import_files.py) in one encoding
(Unicode NFC or NFD, TCVN3 under .VnTime or .VnTimeH, VNI-Times, Windows-1258) and one layout
(a household-number column, the head's row then the members', a head-name column), with title
lines above the headings, then imported; what the roster stores is compared with what the
file means. Hand-written legacy byte strings check the tables themselves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from antt_tui.roster import roster_import as ri
from antt_tui.roster.roster_import import values
from antt_tui.session import Session
from tests.conftest import TODAY
from tests.unit.roster import roster_import_files as F

OpenSession = Callable[..., Session]


def imported(s: Session, path: Path, **options: Any) -> ri.RosterPlan:
    """Read, plan and commit `path` (the plan must have no error)."""
    plan = ri.plan(s.roster, ri.read_roster(path), today=TODAY, **options)
    assert plan.ok, [p.message for p in plan.errors]
    ri.commit(s.roster, plan)
    return plan


def assert_the_roster_is_stored(s: Session) -> None:
    """The households of `F.PEOPLE`, each person with the stored fields of `F.EXPECTED`,
    every text in NFC."""
    people = F.people_of(s)
    assert sorted(people) == sorted(F.EXPECTED)
    for name, (birth, sex, relation, words, ethnicity, religion) in F.EXPECTED.items():
        person = people[name]
        assert (person["birth"], person["sex"], person["relation"],
                person.get("relation_text", ""), person["ethnicity"], person["religion"]) == (
            birth, sex, relation, words, ethnicity, religion), name
        for value in person.values():
            assert not isinstance(value, str) or unicodedata.is_normalized("NFC", value)
    households = [[p.full_name for p in s.roster.members(h.id)]
                  for h in s.roster.households(village="DH")]
    assert sorted((h[0], sorted(h[1:])) for h in households) == sorted(
        (h[0], sorted(h[1:])) for h in F.HOUSEHOLDS)  # the head first, then by birth
    assert people["Lê Thị Bình"]["cccd"] == "033190005555"
    assert people["Hoàng Văn Sơn"]["occupation"] == "Giáo viên"


# ---------------------------------------------------------------------- hand-written bytes


def test_hand_written_tcvn3_and_vni_cells_read_as_their_letters(village: Session,
                                                                  tmp_path: Path) -> None:
    # Byte strings as the published tables write them, not made by the importer's tables.
    path = F.write_xlsx(tmp_path / "tcvn3.xlsx",
                        ["Hä vµ tªn", "N¨m sinh", "Giíi tÝnh", "Quan hÖ víi chñ hé",
                         "NghÒ nghiÖp"], [
                            ["NguyÔn V¨n An", 1988, "Nam", "Chñ hé", "N«ng d©n"],
                            ["Lª ThÞ B×nh", 1990, "N÷", "Vî", "Bu«n b¸n"],
                            ["Ph¹m §øc Th¾ng", 2010, "Nam", "Con ®Î", "Häc sinh"],
                        ], font=".VnTime")
    imported(village, path, village="DH")
    people = F.people_of(village)
    assert sorted(people) == ["Lê Thị Bình", "Nguyễn Văn An", "Phạm Đức Thắng"]
    assert people["Nguyễn Văn An"]["occupation"] == "Nông dân"
    assert people["Lê Thị Bình"]["occupation"] == "Buôn bán"
    assert people["Phạm Đức Thắng"]["relation"] == "con_de"


def test_hand_written_vni_cells_read_as_their_letters(village: Session, tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "vni.xlsx",
                        ["Hoï vaø teân", "Naêm sinh", "Giôùi tính", "Quan heä vôùi chuû hoä",
                         "Daân toäc"], [
                            ["Nguyeãn Vaên An", 1988, "Nam", "Chuû hoä", "Kinh"],
                            ["Leâ Thò Bình", 1990, "Nöõ", "Vôï", "Kinh"],
                            ["Traàn Ñöùc Thaéng", 2010, "Nam", "Con ñeû", "Taøy"],
                        ], font="VNI-Times")
    imported(village, path, village="DH")
    people = F.people_of(village)
    assert sorted(people) == ["Lê Thị Bình", "Nguyễn Văn An", "Trần Đức Thắng"]
    assert people["Trần Đức Thắng"]["ethnicity"] == "Tày"
    assert people["Lê Thị Bình"]["relation"] == "vo"


def test_hand_written_windows_1258_csv_reads_as_its_letters(village: Session,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "cp1258.csv"
    path.write_bytes(b"H\xf4\xf2 va\xcc t\xean,N\xe3m sinh,Gi\xf5\xeci ti\xecnh,Quan h\xea\xf2 "
                     b"v\xf5\xeci ch\xfa\xd2 h\xf4\xf2\r\n"
                     b"Nguy\xea\xden V\xe3n An,1988,Nam,Ch\xfa\xd2 h\xf4\xf2\r\n"
                     b"L\xea Thi\xf2 Bi\xccnh,1990,N\xfd\xde,V\xf5\xf2\r\n")
    plan = imported(village, path, village="DH")
    assert sorted(F.people_of(village)) == ["Lê Thị Bình", "Nguyễn Văn An"]
    assert plan.columns[0].encoding == "Windows-1258, cả tệp"


# ---------------------------------------------------------------------- every form


def _xlsx(convert: Any = None, font: str = "Times New Roman", **kw: Any) -> Any:
    return lambda path, headings, rows: F.write_xlsx(path.with_suffix(".xlsx"), headings, rows,
                                                     convert=convert, font=font,
                                                     title=F.TITLE, **kw)


def _csv(encoding: str, convert: Any = None) -> Any:
    return lambda path, headings, rows: F.write_csv(path.with_suffix(".csv"), headings, rows,
                                                    encoding=encoding, convert=convert,
                                                    title=F.TITLE)


def _xls(convert: Any, font: str) -> Any:
    return lambda path, headings, rows: F.write_xls(path.with_suffix(".xls"), headings, rows,
                                                    convert=convert, font=font, title=F.TITLE)


def _tcvn3_column(path: Path, headings: list[str], rows: list[list[Any]]) -> Path:
    """A UTF-8 CSV whose name column was pasted from a .VnTime sheet: TCVN3 characters,
    no font to tell it, the other columns Unicode."""
    col = headings.index("Họ và tên")
    pasted = [[F.tcvn3_text(c) if i == col and isinstance(c, str) else c
               for i, c in enumerate(row)] for row in rows]
    return F.write_csv(path.with_suffix(".csv"), headings, pasted, encoding="utf-8")


FORMS = {
    # form: (writer, layout, what the preview says of the name column)
    "xlsx NFC": (_xlsx(), F.by_number, "Unicode"),
    "xlsx NFD": (_xlsx(F.nfd), F.head_first, "Unicode tổ hợp (NFD)"),
    "xlsx .VnTime": (_xlsx(F.tcvn3_text, ".VnTime"), F.head_name,
                     "TCVN3 (ABC), theo phông chữ"),
    "xlsx .VnTime, names in .VnTimeH": (
        _xlsx(F.tcvn3_text, ".VnTime", columns={2: (".VnTimeH", F.tcvn3_upper_text)},
              heading=(".VnTimeH", F.tcvn3_upper_text)),
        F.by_number, "TCVN3 chữ hoa (.VnTimeH), theo phông chữ"),
    "xlsx VNI-Times": (_xlsx(F.vni_text, "VNI-Times"), F.head_first, "VNI, theo phông chữ"),
    "csv UTF-8 with BOM": (_csv("utf-8-sig"), F.head_name, "Unicode"),
    "csv UTF-8 without BOM": (_csv("utf-8"), F.by_number, "Unicode"),
    "csv Windows-1258": (_csv("legacy", F.cp1258_text), F.head_first, "Windows-1258, cả tệp"),
    "csv TCVN3 bytes": (_csv("legacy", F.tcvn3_text), F.by_number, "TCVN3 (ABC), cả tệp"),
    "csv VNI bytes": (_csv("legacy", F.vni_text), F.head_name, "VNI, cả tệp"),
    "csv UTF-8, a TCVN3 column": (_tcvn3_column, F.head_first, "TCVN3 (ABC), ký tự"),
    "xls .VnTime": (_xls(F.tcvn3_text, ".VnTime"), F.head_first, "TCVN3 (ABC), theo phông chữ"),
    "xls VNI-Times": (_xls(F.vni_text, "VNI-Times"), F.by_number, "VNI, theo phông chữ"),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_of_the_roster_imports_the_same_records(village: Session, tmp_path: Path,
                                                           form: str) -> None:
    write, layout, name_encoding = FORMS[form]
    headings, rows = layout()
    path = write(tmp_path / "danh-sach", headings, rows)

    plan = imported(village, path, village="DH")

    assert_the_roster_is_stored(village)
    name_column = next(c for c in plan.columns if c.field == "full_name")
    assert name_column.encoding == name_encoding
    assert (plan.count(ri.NEW), plan.people(ri.NEW)) == (3, 8)
    if form != "csv UTF-8, a TCVN3 column":  # that one has no title lines
        assert plan.file.heading_row == len(F.TITLE) + 1
    # The unknown relation is kept in words and said in the preview.
    assert any("Người giúp việc" in w.message for w in plan.warnings)


def test_unicode_text_left_under_old_fonts_is_not_converted_twice(village: Session,
                                                                 tmp_path: Path) -> None:
    # Converted with Unikey, which leaves each cell's font as it was (.VnTime, VNI-Times):
    # read as the font says, the text would become nonsense; it is read as it is.
    headings, rows = F.head_first()
    path = F.write_xlsx(tmp_path / "da-chuyen-ma.xlsx", headings, rows, font=".VnTime",
                        title=F.TITLE, columns={4: ("VNI-Times", None)})
    plan = imported(village, path, village="DH")
    assert_the_roster_is_stored(village)
    name_column = next(c for c in plan.columns if c.field == "full_name")
    assert name_column.encoding == "Unicode, ký tự (chữ đã là Unicode, phông chữ cũ)"


def test_the_layout_is_told_by_the_columns(village: Session, tmp_path: Path) -> None:
    said = {}
    for layout in (F.by_number, F.head_first, F.head_name):
        headings, rows = layout()
        path = F.write_xlsx(tmp_path / f"{layout.__name__}.xlsx", headings, rows)
        said[layout.__name__] = ri.plan(village.roster, ri.read_roster(path), village="DH",
                                        today=TODAY).layout_label
    assert said == {"by_number": "cột số hộ: các dòng cùng số là một hộ",
                    "head_first": "dòng chủ hộ, tiếp theo là các thành viên",
                    "head_name": "cột họ tên chủ hộ trên mỗi dòng"}


def test_a_legacy_text_file_read_as_another_encoding_is_the_users_choice(
        village: Session, tmp_path: Path) -> None:
    headings, rows = F.head_first()
    path = F.write_csv(tmp_path / "ds.csv", headings, rows, encoding="utf-8",
                       convert=F.tcvn3_text)  # every cell pasted from .VnTime, saved as UTF-8
    file = ri.read_roster(path)
    detected = ri.plan(village.roster, file, village="DH", today=TODAY)
    assert detected.households[0].head.name == "Nguyễn Văn An"

    # The officer says the names are Unicode after all: they are kept exactly as written.
    chosen = ri.with_encodings(file, {}, ["Họ và tên=unicode"])
    as_is = ri.plan(village.roster, file, village="DH", encodings=chosen, today=TODAY)
    assert as_is.households[0].head.name == "NguyÔn V¨n An"
    assert next(c for c in as_is.columns if c.field == "full_name").encoding == \
        "Unicode, người dùng chọn"
    # "*=…" sets every text column; an unknown encoding is refused with the choices.
    everything = ri.with_encodings(file, {}, ["*=tcvn3"])
    assert set(everything.values()) == {"tcvn3"} and len(everything) >= 6
    with pytest.raises(ri.MappingError, match="tcvn3h"):
        ri.with_encodings(file, {}, ["Họ và tên=ascii"])


LETTERS = sorted({unicodedata.normalize("NFC", base + tone)
                  for base in "aăâeêioôơuưy"
                  for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")} | {"đ"})
"""Every lower-case Vietnamese letter with its marks (the 12 vowels × 6 tones, and đ)."""
WORDS = ["".join(LETTERS[i:i + 6]) for i in range(0, len(LETTERS), 6)]


def _letters_file(path: Path, font: str, spell: Any, capitals: bool) -> Path:
    texts = [w.upper() if capitals else w for w in WORDS]
    rows = [[f"Người số {chr(65 + n)}", t] for n, t in enumerate(texts)]
    if font == "csv":
        return F.write_csv(path.with_suffix(".csv"), ["Họ và tên", "Ghi chú"], rows,
                           encoding="legacy", convert=spell)
    return F.write_xlsx(path.with_suffix(".xlsx"), ["Họ và tên", "Ghi chú"], rows,
                        font=font, columns={1: (font, spell)})


@pytest.mark.parametrize(("font", "spell", "capitals"), [
    (".VnTime", F.tcvn3_text, False),
    (".VnTimeH", F.tcvn3_upper_text, True),   # capitals: the lower-case codes, shown big
    ("VNI-Times", F.vni_text, False),
    ("VNI-Times", F.vni_text, True),
    ("csv", F.cp1258_text, False),
    ("csv", F.cp1258_text, True),
])
def test_every_vietnamese_letter_reads_back(village: Session, tmp_path: Path, font: str,
                                            spell: Any, capitals: bool) -> None:
    path = _letters_file(tmp_path / "chu", font, spell, capitals)
    plan = ri.plan(village.roster, ri.read_roster(path), village="DH", today=TODAY)
    stored = [p.fields["notes"] for h in plan.households for p in h.people]
    assert stored == [w.upper() if capitals else w for w in WORDS]
    assert all(unicodedata.is_normalized("NFC", t) for t in stored)


# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize(("cell", "stored"), [
    ("24/07/1988", "1988-07-24"),
    ("24-7-88", "1988-07-24"),
    ("3/5/15", "2015-05-03"),
    ("24.07.1988", "1988-07-24"),
    ("05/1985", "1985-05"),
    ("5-1985", "1985-05"),
    ("1960", "1960"),
    ("00/00/1960", "1960"),
    ("Năm 1960", "1960"),
    (1960, "1960"),
    (32348, "1988-07-24"),                        # an Excel date number
    (date(1988, 7, 24), "1988-07-24"),
    (datetime(1988, 7, 24, 0, 0), "1988-07-24"),
    ("", ""),
])
def test_birth_dates_as_real_files_write_them(cell: Any, stored: str) -> None:
    assert values.birth_of(cell, TODAY) == stored


@pytest.mark.parametrize("cell", ["31/02/1990", "24/13/1988", "ngày sinh", "1/1/2030"])
def test_impossible_birth_dates_are_refused_in_words(cell: str) -> None:
    with pytest.raises(ValueError, match=r"[Nn]gày"):
        values.birth_of(cell, TODAY)


def test_date_cells_of_excel_files_keep_their_day(village: Session, tmp_path: Path) -> None:
    headings = ["Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ"]
    rows = [["Nguyễn Văn An", datetime(1988, 7, 24), "Chủ hộ"],
            ["Lê Thị Bình", 32978, "Vợ"],                # a date number in a General cell
            ["Nguyễn Văn Cường", "05/2015", "Con"],      # partial stays partial
            ["Nguyễn Thị Dung", 2018, "Con"]]
    F.write_xlsx(tmp_path / "a.xlsx", headings, rows)
    F.write_xls(tmp_path / "b.xls", headings, rows)
    for name in ("a.xlsx", "b.xls"):
        plan = ri.plan(village.roster, ri.read_roster(tmp_path / name), village="DH",
                       today=TODAY)
        births = {p.name: p.fields["birth"] for p in plan.households[0].people}
        assert births == {"Nguyễn Văn An": "1988-07-24", "Lê Thị Bình": "1990-04-15",
                          "Nguyễn Văn Cường": "2015-05", "Nguyễn Thị Dung": "2018"}, name


def test_a_birth_year_under_nam_or_nu_tells_the_sex_and_numbers_keep_their_zero(
        village: Session, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in (["DANH SÁCH NHÂN KHẨU THÔN ĐÔNG HẠ"],
                 ["TT", "Họ và tên", "Năm sinh", None, "QH với CH", "Số CCCD"],
                 [None, None, "Nam", "Nữ", None, None],              # sub-headings
                 [1, "Nguyễn Văn An", 1960, None, "Chủ hộ", 33060001234],  # lost its 0
                 [2, "Lê Thị Bình", None, "1962", "Vợ", "033 162 005 555"],
                 [3, "Nguyễn Văn Cường", "x", None, "Con", None]):       # only marked
        sheet.append(line)
    book.save(tmp_path / "nam-nu.xlsx")

    plan = ri.plan(village.roster, ri.read_roster(tmp_path / "nam-nu.xlsx"), village="DH",
                   today=TODAY)

    assert plan.file.heading_row == 2
    people = [(p.name, p.fields.get("sex"), p.fields.get("birth", ""), p.fields.get("cccd", ""))
              for p in plan.households[0].people]
    assert people == [("Nguyễn Văn An", "nam", "1960", "033060001234"),
                      ("Lê Thị Bình", "nu", "1962", "033162005555"),
                      ("Nguyễn Văn Cường", "nam", "", "")]


# ---------------------------------------------------------------------- relations


@pytest.mark.parametrize(("words", "code", "kept"), [
    ("Chủ hộ", "chu_ho", ""),
    ("CH", "chu_ho", ""),
    ("Vợ", "vo", ""),
    ("vợ", "vo", ""),
    ("Con đẻ", "con_de", ""),
    ("Con trai", "con_de", "Con trai"),
    ("Con gái", "con_de", "Con gái"),
    ("Con dâu", "con_dau", ""),
    ("Cháu nội", "chau", "Cháu nội"),
    ("Mẹ đẻ", "me", "Mẹ đẻ"),
    ("Bố vợ", "bo_vo", ""),
    ("Ở nhờ", "o_nho", "Ở nhờ"),
    ("Người giúp việc", "khac", "Người giúp việc"),
    ("NGƯỜI Ở CÙNG", "o_cung", ""),
    ("NGƯỜI Ở TRỌ", "o_thue", "Người ở trọ"),
])
def test_relation_words_map_to_the_vocabulary_keeping_the_words(
        village: Session, tmp_path: Path, words: str, code: str, kept: str) -> None:
    path = F.write_csv(tmp_path / "qh.csv", ["Họ và tên", "QH với CH", "Năm sinh"], [
        ["Nguyễn Văn An", "Chủ hộ", 1960], ["Nguyễn Văn Bảo", words, 1990]])
    plan = ri.plan(village.roster, ri.read_roster(path), village="DH", today=TODAY)
    if code == "chu_ho":  # a head's row starts the next household
        assert [[p.name for p in h.people] for h in plan.households] == [
            ["Nguyễn Văn An"], ["Nguyễn Văn Bảo"]]
        return
    member = plan.households[0].people[-1]
    assert (member.fields["relation"], member.fields.get("relation_text", "")) == (code, kept)
    unknown = [w.message for w in plan.warnings if "danh mục" in w.message]
    assert bool(unknown) == (code == "khac")
