"""Tests for antt_tui.domain.text: NFC, search folding and Vietnamese roster order."""

from __future__ import annotations

import random
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antt_tui.domain.text import (
    clean,
    fold,
    matches,
    name_sort_key,
    nfc,
    query_tokens,
    vi_letter_key,
)


def nfd(s: str) -> str:
    """Decompose ``s`` the way Unikey's "Unicode tổ hợp" or macOS file names do."""
    return unicodedata.normalize("NFD", s)


VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)


# --------------------------------------------------------------------------- nfc, clean


def test_nfc_composes_decomposed_text() -> None:
    assert nfc(nfd("Tiếng Việt")) == "Tiếng Việt"
    assert nfd("Tiếng Việt") != "Tiếng Việt"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Nguyễn   Văn  An ", "Nguyễn Văn An"),
        ("Nguyễn\tVăn\nAn", "Nguyễn Văn An"),
        (nfd("  Lê Thị   Hằng"), "Lê Thị Hằng"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


# --------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    "name",
    ["NGUYỄN VĂN A", "nguyen van a", "Nguyễn Văn A", nfd("Nguyễn Văn A"), nfd("NGUYỄN VĂN A")],
)
def test_spellings_of_one_name_fold_alike(name: str) -> None:
    assert fold(name) == "nguyen van a"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("đ", "d"),
        ("Đ", "d"),
        ("Đặng Đình Đức", "dang dinh duc"),
        (nfd("Đỗ Thị Ngọc Điệp"), "do thi ngoc diep"),
        ("Trương Thị Phượng", "truong thi phuong"),
        ("  Hồ   Văn\tƠn ", "ho van on"),
        ("H'Mông", "h'mong"),
        ("Khánh Hòa", "khanh hoa"),
        ("Khánh Hoà", "khanh hoa"),
        ("Thôn 3, xã Tịnh Châu", "thon 3, xa tinh chau"),
        ("", ""),
    ],
)
def test_fold_examples(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_handles_other_scripts() -> None:
    # Not Vietnamese, but a roster may hold a foreign name; the slow path must agree.
    assert fold("Ångström Straße") == "angstrom strasse"
    assert fold("Ὀδυσσεύς") == fold("ΟΔΥΣΣΕΥΣ") == "οδυσσευσ"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_ignores_normalisation_form(s: str) -> None:
    assert fold(nfc(s)) == fold(nfd(s))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_is_idempotent(s: str) -> None:
    assert fold(fold(s)) == fold(s)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ", max_size=40))
def test_fold_of_vietnamese_is_plain_lowercase_ascii(s: str) -> None:
    folded = fold(s)
    assert folded.isascii()
    assert folded == folded.lower()
    assert "  " not in folded
    assert folded == folded.strip()


def test_fold_is_fast_enough_for_start_up() -> None:
    rng = random.Random(7)
    families = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý",
    ]  # fmt: skip
    middles = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Ngọc", "Quang", "Xuân"]
    givens = [
        "An", "Ánh", "Bình", "Cường", "Dũng", "Đức", "Hằng", "Hương", "Khánh", "Ngọc",
        "Phượng", "Thủy", "Thư", "Tuấn", "Yến",
    ]  # fmt: skip
    names = [
        f"{rng.choice(families)} {rng.choice(middles)} {rng.choice(givens)}" for _ in range(40_000)
    ]
    start = time.perf_counter()
    for name in names:
        fold(name)
    elapsed = time.perf_counter() - start
    # About 35 ms on a laptop; the bound is loose so a slow CI box does not flap.
    assert elapsed < 1.0


# --------------------------------------------------------------------------- search


def test_query_tokens() -> None:
    assert query_tokens("  Văn   AN ") == ["van", "an"]
    assert query_tokens("") == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen van an", True),
        ("an nguyen", True),  # any order
        ("ng an", True),  # substrings
        ("NGUYỄN", True),
        (nfd("Nguyễn"), True),
        ("nguyen thi", False),  # every token must occur
        ("", True),  # empty query shows everything
    ],
)
def test_matches(query: str, found: bool) -> None:
    haystack = fold("Nguyễn Văn An")
    assert matches(query_tokens(query), haystack) is found


# --------------------------------------------------------------------------- collation


def test_alphabet_order() -> None:
    alphabet = [
        "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m",
        "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
    ]  # fmt: skip
    shuffled = alphabet[::-1]
    assert sorted(shuffled, key=vi_letter_key) == alphabet


def test_foreign_letters_fall_where_they_do_in_latin() -> None:
    words = ["zan", "yên", "wa", "văn", "jo", "kiên", "ia", "fa", "gia", "ê"]
    assert sorted(words, key=vi_letter_key) == [
        "ê", "fa", "gia", "ia", "jo", "kiên", "văn", "wa", "yên", "zan",
    ]  # fmt: skip


def test_tone_order_is_ngang_huyen_sac_hoi_nga_nang() -> None:
    tones = ["ba", "bà", "bá", "bả", "bã", "bạ"]
    assert sorted(reversed(tones), key=vi_letter_key) == tones


def test_base_letters_decide_before_tones() -> None:
    assert sorted(["Ân", "Ánh", "Anh"], key=vi_letter_key) == ["Anh", "Ánh", "Ân"]
    assert sorted(["ăn", "ấn", "an", "án"], key=vi_letter_key) == ["an", "án", "ăn", "ấn"]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("Dung", "Dũng"),
        ("Dũng", "Đào"),  # đ is a letter of its own, after d
        ("Đức", "Em"),
        ("Em", "Ê"),
        ("Oanh", "Ôn"),
        ("Ôn", "Ơn"),
        ("Thủy", "Thư"),  # u before ư whatever the tone
        ("Hà", "Hải"),  # a prefix comes first
        ("Hải", "Hằng"),
        ("Thị", "Thịnh"),
        ("Chi", "Cúc"),  # ch is not a letter of its own: h < u
        ("Ngọc", "Nhung"),  # nor are ng and nh: g < h
    ],
)
def test_letter_pairs(earlier: str, later: str) -> None:
    assert vi_letter_key(earlier) < vi_letter_key(later)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("AN", "an"),
        ("Hòa", "Hoà"),  # new and old tone placement
        ("Ánh", nfd("Ánh")),
        ("ĐỨC", "đức"),
    ],
)
def test_letter_key_equal(a: str, b: str) -> None:
    assert vi_letter_key(a) == vi_letter_key(b)


ROSTER_ORDER = [
    "Trần Văn An",
    "Lê Văn Anh",
    "Nguyễn Thị Ánh",
    "Phạm Thị Ân",
    "Lê Thị Bình",
    "Nguyễn Thị Bình",
    "Hoàng Văn Bình",
    "Đỗ Thị Dung",
    "Bùi Tiến Dũng",
    "Vũ Văn Đức",
    "Trương Thị Hà",
    "Phan Thanh Hải",
    "Lý Thu Hằng",
    "Võ Thị Oanh",
    "Nguyễn Văn Ơn",
    "Nguyễn Thị Thu",
    "Đặng Thị Thủy",
    "Trần Minh Thư",
    "Hà Thị Uyên",
    "Hoàng Văn Yên",
    "Lê Thị Yến",
]


def test_roster_order_tên_then_chữ_đệm_then_họ() -> None:
    shuffled = ROSTER_ORDER[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == ROSTER_ORDER


def test_roster_order_ignores_case_and_normalisation_form() -> None:
    shuffled = [nfd(n.upper()) for n in reversed(ROSTER_ORDER)]
    assert [nfc(n) for n in sorted(shuffled, key=name_sort_key)] == [
        n.upper() for n in ROSTER_ORDER
    ]


def test_roster_order_brief_example() -> None:
    names = ["Lê Văn Bình", "Nguyễn Thị Bình", "Trần Văn An"]
    assert sorted(names, key=name_sort_key) == ["Trần Văn An", "Nguyễn Thị Bình", "Lê Văn Bình"]


def test_roster_order_short_names() -> None:
    names = ["Lê Văn Bình", "Bình", "Lê Bình", "An"]
    # A missing chữ đệm sorts before any chữ đệm; a missing họ before any họ.
    assert sorted(names, key=name_sort_key) == ["An", "Bình", "Lê Bình", "Lê Văn Bình"]


def test_name_sort_key_ignores_extra_spaces() -> None:
    assert name_sort_key("  Nguyễn   Văn  An ") == name_sort_key("Nguyễn Văn An")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậ ĐÂĂ", min_size=1,
                        max_size=14).filter(lambda s: s.strip()), min_size=2, max_size=12))
def test_collation_key_sorts_like_the_roster_key(names: list[str]) -> None:
    from antt_tui.domain.text import name_collation_key, name_sort_key

    assert sorted(names, key=name_collation_key) == sorted(names, key=name_sort_key)
