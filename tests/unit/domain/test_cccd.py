"""Tests for antt_tui.domain.cccd: the 12-digit personal ID number and the old CMND."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antt_tui.domain.cccd import (
    PROVINCE_CODES,
    birth_year_from,
    check_cccd,
    check_cmnd,
    mask_cccd,
    normalize_id_number,
    province_name,
    sex_from_digit,
)

OFFICIAL_CODES = [
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
]  # fmt: skip


# --------------------------------------------------------------------------- province table


def test_province_table_has_the_63_official_codes_in_order() -> None:
    assert list(PROVINCE_CODES) == OFFICIAL_CODES
    assert len(PROVINCE_CODES) == 63
    assert len(set(PROVINCE_CODES.values())) == 63


def test_province_names_are_nfc() -> None:
    for name in PROVINCE_CODES.values():
        assert unicodedata.is_normalized("NFC", name), name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("001", "Hà Nội"),
        ("002", "Hà Giang"),
        ("004", "Cao Bằng"),
        ("031", "Hải Phòng"),
        ("038", "Thanh Hóa"),
        ("040", "Nghệ An"),
        ("046", "Thừa Thiên Huế"),
        ("048", "Đà Nẵng"),
        ("066", "Đắk Lắk"),
        ("077", "Bà Rịa - Vũng Tàu"),
        ("079", "Hồ Chí Minh"),
        ("092", "Cần Thơ"),
        ("096", "Cà Mau"),
    ],
)
def test_known_province_codes(code: str, name: str) -> None:
    assert province_name(code) == name


def test_unknown_province_code() -> None:
    assert province_name("003") is None
    assert province_name("79") is None


# --------------------------------------------------------------------------- digits


@pytest.mark.parametrize(
    ("g", "sex", "year"),
    [
        (0, "nam", 1988),
        (1, "nu", 1988),
        (2, "nam", 2088),
        (3, "nu", 2088),
        (4, "nam", 2188),
        (5, "nu", 2188),
        (6, "nam", 2288),
        (7, "nu", 2288),
        (8, "nam", 2388),
        (9, "nu", 2388),
    ],
)
def test_sex_and_century_digit(g: int, sex: str, year: int) -> None:
    assert sex_from_digit(g) == sex
    assert birth_year_from(g, 88) == year


def test_birth_year_from_small_yy() -> None:
    assert birth_year_from(3, 5) == 2005
    assert birth_year_from(0, 0) == 1900


# --------------------------------------------------------------------------- check_cccd


def test_valid_number_matching_the_person() -> None:
    check = check_cccd("001088012345", "nam", 1988)
    assert check.ok
    assert check.errors == ()
    assert check.warnings == ()
    assert check.number == "001088012345"
    assert check.province_code == "001"
    assert check.province_name == "Hà Nội"
    assert check.sex == "nam"
    assert check.birth_year == 1988


def test_woman_born_in_2005() -> None:
    check = check_cccd("079305000123", "nu", 2005)
    assert check.ok and not check.warnings
    assert check.province_name == "Hồ Chí Minh"


@pytest.mark.parametrize("typed", ["001 088 012 345", "001.088.012.345", " 001088012345 "])
def test_spaces_and_dots_are_ignored(typed: str) -> None:
    check = check_cccd(typed, "nam", 1988)
    assert check.ok and not check.warnings
    assert check.number == "001088012345"


def test_unknown_sex_and_year_give_no_warning() -> None:
    assert check_cccd("001188012345").warnings == ()


def test_wrong_sex_is_a_warning_not_an_error() -> None:
    check = check_cccd("001188012345", "nam", 1988)  # G=1: a woman born in the 1900s
    assert check.ok
    assert check.warnings == ("Số CCCD cho biết giới tính Nữ nhưng nhân khẩu ghi Nam.",)


def test_wrong_century_is_a_warning_not_an_error() -> None:
    check = check_cccd("001288012345", "nam", 1988)  # G=2: born in 2088
    assert check.ok
    assert len(check.warnings) == 1
    assert "2088" in check.warnings[0] and "1988" in check.warnings[0]


def test_wrong_year_is_a_warning_not_an_error() -> None:
    check = check_cccd("001088012345", "nam", 1989)
    assert check.ok
    assert check.warnings == ("Số CCCD cho biết năm sinh 1988 nhưng nhân khẩu ghi năm sinh 1989.",)


def test_wrong_sex_and_year_give_two_warnings() -> None:
    check = check_cccd("001188012345", "nam", 1970)
    assert check.ok
    assert len(check.warnings) == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("00108801234", "Số CCCD phải có đúng 12 chữ số"),  # 11 digits
        ("0010880123456", "Số CCCD phải có đúng 12 chữ số"),  # 13 digits
        ("", "Chưa nhập số CCCD"),
        ("   ", "Chưa nhập số CCCD"),
        ("00108801234A", "chỉ được gồm chữ số"),
        ("001-088-012345", "chỉ được gồm chữ số"),
        ("００１０８８０１２３４５", "chỉ được gồm chữ số"),  # full-width digits
        ("003088012345", "Mã tỉnh “003”"),
        ("100088012345", "Mã tỉnh “100”"),
    ],
)
def test_malformed_numbers_are_errors(typed: str, message: str) -> None:
    check = check_cccd(typed, "nam", 1988)
    assert not check.ok
    assert len(check.errors) == 1
    assert message in check.errors[0]
    assert check.warnings == ()


def test_eleven_digits_is_an_error() -> None:
    check = check_cccd("00108801234")
    assert not check.ok
    assert check.errors[0].startswith("Số CCCD phải có đúng 12 chữ số")
    assert check.province_name is None
    assert check.sex is None
    assert check.birth_year is None


def test_nine_digits_points_to_the_cmnd_field() -> None:
    check = check_cccd("123456789")
    assert not check.ok
    assert "CMND" in check.errors[0]


def test_unknown_province_still_reads_digits() -> None:
    check = check_cccd("003088012345")
    assert not check.ok
    assert check.province_name is None
    assert check.sex == "nam"


def test_invalid_sex_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_cccd("001088012345", "Nam", 1988)


def test_messages_are_nfc() -> None:
    for check in (check_cccd("001188012345", "nam", 1970), check_cccd("1234"), check_cccd("x")):
        for message in check.errors + check.warnings:
            assert unicodedata.is_normalized("NFC", message)


@st.composite
def cccd_numbers(draw: st.DrawFn) -> str:
    """A well-formed 12-digit number with a known province code."""
    code = draw(st.sampled_from(OFFICIAL_CODES))
    rest = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    return code + rest


@settings(max_examples=200, deadline=None)
@given(cccd_numbers())
def test_number_agrees_with_what_it_encodes(number: str) -> None:
    plain = check_cccd(number)
    assert plain.ok and not plain.warnings
    again = check_cccd(number, plain.sex, plain.birth_year)
    assert again.ok and not again.warnings
    other_sex = "nu" if plain.sex == "nam" else "nam"
    assert len(check_cccd(number, other_sex, plain.birth_year).warnings) == 1
    assert len(check_cccd(number, plain.sex, plain.birth_year - 1).warnings) == 1


# --------------------------------------------------------------------------- mask, CMND


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("001088012345", "••••••••2345"),
        ("001 088 012 345", "••••••••2345"),
        ("123456789", "•••••6789"),
        ("1234", "••••"),
        ("", ""),
    ],
)
def test_mask_cccd(number: str, masked: str) -> None:
    assert mask_cccd(number) == masked


def test_normalize_id_number() -> None:
    assert normalize_id_number(" 001.088 012\u00a0345 ") == "001088012345"


def test_cmnd_nine_digits_is_fine() -> None:
    check = check_cmnd("212 345 678")
    assert check.ok
    assert check.number == "212345678"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21234567", "Số CMND phải có đúng 9 chữ số"),
        ("001088012345", "hãy nhập vào ô CCCD"),
        ("21234567X", "chỉ được gồm chữ số"),
        ("", "Chưa nhập số CMND"),
    ],
)
def test_cmnd_errors(typed: str, message: str) -> None:
    check = check_cmnd(typed)
    assert not check.ok
    assert message in check.errors[0]
