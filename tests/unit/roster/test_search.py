"""Search: names with or without diacritics, CCCD, phone, household code; roster order."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from antt_tui.roster.search import Hit
from antt_tui.session import Session
from tests.builders import init_tan_lap

OpenSession = Callable[..., Session]


def found(hits: list[Hit]) -> list[str]:
    return [h.person["full_name"] for h in hits if h.person is not None]


def pid(s: Session, name: str) -> str:
    return next(p["id"] for p in s.store.records("persons")
                if p["full_name"] == name and not p.get("deleted"))


@pytest.fixture
def village(open_session: OpenSession) -> Session:
    """A commune whose people make the search cases plain."""
    s = open_session()
    r = s.roster
    init_tan_lap(r)
    r.add_household("DH", household={"address": "Xóm 2, Thôn Đông Hạ"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "24/07/1975",
        "cccd": "033075001234", "phone": "0912 345 678"})
    r.add_person("DH-0001", {"full_name": "Lê Văn Bình", "sex": "nam", "birth": "1990",
                             "relation": "khác", "cccd": "033090004321"})
    r.add_person("DH-0001", {"full_name": "Nguyễn Thị Bình", "sex": "nu", "birth": "1991",
                             "relation": "khác", "phone": "0987111222"})
    r.add_household("TL", household={"address": "Xóm 5, Thôn Trung Lập"}, head={
        "full_name": "Trần Văn An", "sex": "nam", "birth": "1960"})
    r.add_person("TL-0001", {"full_name": "Đặng Thị Đào", "sex": "nu", "birth": "1965",
                             "relation": "vợ"})
    return s


@pytest.mark.parametrize("query", [
    "nguyen van a",
    "Nguyen Van A",
    "NGUYỄN VĂN A",
    unicodedata.normalize("NFD", "Nguyễn Văn A"),
    "  nguyễn   VĂN   an  ",
    "an nguyen",
    "van an nguyen",
])
def test_name_search_ignores_diacritics_case_and_word_order(village: Session, query: str
                                                            ) -> None:
    hits = village.roster.search(query)
    assert found(hits) == ["Nguyễn Văn An"]
    assert hits[0].matched == "tên"
    assert hits[0].household["code"] == "DH-0001"
    assert hits[0].village is not None
    assert hits[0].village["name"] == "Thôn Đông Hạ"


def test_d_with_stroke_is_found_as_d(village: Session) -> None:
    for query in ("dang thi dao", "Đặng Đào", "DAO DANG"):
        assert found(village.roster.search(query)) == ["Đặng Thị Đào"], query


def test_every_token_must_match(village: Session) -> None:
    assert found(village.roster.search("nguyen binh")) == ["Nguyễn Thị Bình"]
    assert village.roster.search("nguyen van binh") == []
    assert village.roster.search("hoang") == []
    assert village.roster.search("   ") == []


def test_results_are_in_vietnamese_roster_order(village: Session) -> None:
    # By tên, then chữ đệm, then họ: An < Bình; Thị < Văn; Nguyễn < Trần.
    assert found(village.roster.search("van")) == ["Nguyễn Văn An", "Trần Văn An",
                                                   "Lê Văn Bình"]
    assert found(village.roster.search("binh")) == ["Nguyễn Thị Bình", "Lê Văn Bình"]
    assert found(village.roster.search("thi")) == ["Nguyễn Thị Bình", "Đặng Thị Đào"]


def test_name_tokens_match_the_start_of_a_word(village: Session) -> None:
    """"an" finds An, not every Văn; "nguy" finds Nguyễn."""
    assert found(village.roster.search("an")) == ["Nguyễn Văn An", "Trần Văn An"]
    assert found(village.roster.search("nguy")) == ["Nguyễn Văn An", "Nguyễn Thị Bình"]
    assert village.roster.search("uyen") == []


def test_roster_order_follows_the_vietnamese_alphabet(open_session: OpenSession) -> None:
    s = open_session()
    r = s.roster
    init_tan_lap(r, ["Thôn Đông Hạ"])
    r.add_household("DH", household={"address": "Xóm 1"},
                    head={"full_name": "Trần Văn An", "sex": "nam", "birth": "1960"})
    for name in ("Nguyễn Thị Bình", "Lê Văn Bình", "Phạm Văn Đức", "Phạm Văn Dũng",
                 "Phạm Văn Ân", "Phạm Văn Anh", "Phạm Văn Ánh", "Hoàng Thị Bình"):
        r.add_person("DH-0001", {"full_name": name, "sex": "nam", "relation": "khác"})
    assert found(r.search("pham")) == [
        "Phạm Văn Anh", "Phạm Văn Ánh", "Phạm Văn Ân", "Phạm Văn Dũng", "Phạm Văn Đức"]
    assert found(r.search("binh")) == ["Hoàng Thị Bình", "Nguyễn Thị Bình", "Lê Văn Bình"]
    assert found(r.search("van")) == [
        "Trần Văn An", "Phạm Văn Anh", "Phạm Văn Ánh", "Phạm Văn Ân", "Lê Văn Bình",
        "Phạm Văn Dũng", "Phạm Văn Đức"]


@pytest.mark.parametrize(("query", "expected"), [
    ("033075001234", ["Nguyễn Văn An"]),
    ("033 075 001 234", ["Nguyễn Văn An"]),
    ("033.075.001.234", ["Nguyễn Văn An"]),
    ("001234", ["Nguyễn Văn An"]),
    ("4321", ["Lê Văn Bình"]),
    ("033", ["Nguyễn Văn An", "Lê Văn Bình"]),
])
def test_search_by_cccd_full_or_partial(village: Session, query: str, expected: list[str]
                                        ) -> None:
    hits = village.roster.search(query)
    assert found(hits) == expected
    assert {h.matched for h in hits} == {"CCCD"}


def test_two_digits_are_not_a_number_search(village: Session) -> None:
    assert village.roster.search("03") == []


@pytest.mark.parametrize(("query", "expected"), [
    ("0912345678", "Nguyễn Văn An"),
    ("0912 345 678", "Nguyễn Văn An"),
    ("345678", "Nguyễn Văn An"),
    ("0987", "Nguyễn Thị Bình"),
])
def test_search_by_phone(village: Session, query: str, expected: str) -> None:
    hits = village.roster.search(query)
    assert found(hits) == [expected]
    assert hits[0].matched == "SĐT"


@pytest.mark.parametrize("query", ["DH-0001", "dh-0001", "dh-1", "dh1", "DH01"])
def test_search_by_household_code(village: Session, query: str) -> None:
    hits = village.roster.search(query)
    assert len(hits) == 1
    assert hits[0].matched == "mã hộ"
    assert hits[0].household["code"] == "DH-0001"
    assert found(hits) == ["Nguyễn Văn An"]  # the head


def test_unknown_household_code_finds_nothing(village: Session) -> None:
    assert village.roster.search("DH-0099") == []


def test_limit(village: Session) -> None:
    assert found(village.roster.search("van", limit=2)) == ["Nguyễn Văn An", "Trần Văn An"]


def test_index_follows_renames(village: Session) -> None:
    r = village.roster
    assert found(r.search("dao")) == ["Đặng Thị Đào"]  # the index is built now
    r.edit_person(pid(village, "Đặng Thị Đào"), {"full_name": "Đặng Thị Hồng"})
    assert r.search("dao") == []
    assert found(r.search("hong")) == ["Đặng Thị Hồng"]
    assert found(r.search("thi")) == ["Nguyễn Thị Bình", "Đặng Thị Hồng"]


def test_index_follows_new_people_cccd_and_phone_changes(village: Session) -> None:
    r = village.roster
    assert r.search("hoa") == []
    added = r.add_person("TL-0001", {"full_name": "Trần Thị Hoa", "sex": "nu", "birth": "1990",
                                     "relation": "con", "cccd": "033190000001"})
    assert found(r.search("hoa")) == ["Trần Thị Hoa"]
    assert found(r.search("033190000001")) == ["Trần Thị Hoa"]
    r.edit_person(added.id, {"cccd": "033190000002", "phone": "0977000333"})
    assert r.search("033190000001") == []
    assert found(r.search("033190000002")) == ["Trần Thị Hoa"]
    assert found(r.search("0977000333")) == ["Trần Thị Hoa"]


def test_index_follows_deletes(village: Session) -> None:
    r = village.roster
    assert found(r.search("binh")) == ["Nguyễn Thị Bình", "Lê Văn Bình"]
    r.delete_person(pid(village, "Lê Văn Bình"), reason="Nhập trùng")
    assert found(r.search("binh")) == ["Nguyễn Thị Bình"]
    assert r.search("033090004321") == []
    r.delete_person(pid(village, "Nguyễn Thị Bình"), reason="Nhập trùng")
    assert r.search("binh") == []
    assert r.search("0987111222") == []


def test_hits_follow_moves_and_status(village: Session) -> None:
    r = village.roster
    r.move_person(pid(village, "Lê Văn Bình"), "TL-0001", relation="Con rể")
    r.mark_deceased(pid(village, "Nguyễn Thị Bình"), on="01/11/2026")
    [moved] = r.search("le van binh")
    assert moved.household["code"] == "TL-0001"
    assert moved.village is not None
    assert moved.village["name"] == "Thôn Trung Lập"
    [dead] = r.search("nguyen thi binh")
    assert dead.person is not None
    assert dead.person["status"] == "deceased"


def test_search_after_reopening(village: Session, open_session: OpenSession) -> None:
    village.roster.edit_person(pid(village, "Đặng Thị Đào"), {"full_name": "Đặng Thị Hồng"})
    village.close()
    again = open_session(create=False)
    assert again.roster.search("dao") == []
    assert found(again.roster.search("DANG HONG")) == ["Đặng Thị Hồng"]
    assert found(again.roster.search("dh1")) == ["Nguyễn Văn An"]
