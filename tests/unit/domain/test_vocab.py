"""Tests for antt_tui.domain.vocab: controlled vocabularies and code lookup."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import pytest

from antt_tui.domain.text import fold
from antt_tui.domain.vocab import (
    ETHNICITIES,
    HEAD,
    PERSON_STATUSES,
    RELATION_ALIASES,
    RELATIONS,
    RELIGIONS,
    RESIDENCE_STATUSES,
    SEXES,
    code_for,
    label,
)

VOCABS: dict[str, Mapping[str, str]] = {
    "RELATIONS": RELATIONS,
    "SEXES": SEXES,
    "RESIDENCE_STATUSES": RESIDENCE_STATUSES,
    "PERSON_STATUSES": PERSON_STATUSES,
}


@pytest.mark.parametrize("name", VOCABS)
def test_labels_are_nfc_and_trimmed(name: str) -> None:
    for text in VOCABS[name].values():
        assert unicodedata.is_normalized("NFC", text), text
        assert text == " ".join(text.split())


@pytest.mark.parametrize("values", [ETHNICITIES, RELIGIONS, tuple(RELATION_ALIASES)])
def test_plain_lists_are_nfc_and_unique(values: tuple[str, ...]) -> None:
    for text in values:
        assert unicodedata.is_normalized("NFC", text), text
    assert len({fold(v) for v in values}) == len(values)


@pytest.mark.parametrize("name", VOCABS)
def test_codes_are_ascii_snake_case(name: str) -> None:
    for code in VOCABS[name]:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code), code


@pytest.mark.parametrize("name", VOCABS)
def test_labels_stay_distinct_without_diacritics(name: str) -> None:
    # Otherwise code_for could not tell two labels apart.
    vocab = VOCABS[name]
    assert len({fold(text) for text in vocab.values()}) == len(vocab)


def test_relations_list() -> None:
    assert list(RELATIONS) == [
        "chu_ho", "vo", "chong", "con_de", "con_nuoi", "con_dau", "con_re", "chau", "chat",
        "bo", "me", "ong_noi", "ba_noi", "ong_ngoai", "ba_ngoai", "bo_chong", "me_chong",
        "bo_vo", "me_vo", "anh_ruot", "chi_ruot", "em_ruot", "anh_chi_em_dau_re",
        "co_di_chu_bac_cau", "o_nho", "o_thue", "o_cung", "khac",
    ]  # fmt: skip
    assert HEAD == "chu_ho"
    assert RELATIONS[HEAD] == "Chủ hộ"
    assert RELATIONS["anh_chi_em_dau_re"] == "Anh/chị/em dâu, rể"
    assert RELATIONS["co_di_chu_bac_cau"] == "Cô, dì, chú, bác, cậu"


def test_small_vocabularies() -> None:
    assert dict(SEXES) == {"nam": "Nam", "nu": "Nữ"}
    assert list(RESIDENCE_STATUSES.values()) == [
        "Thường trú", "Tạm trú", "Đã chuyển đi", "Đã giải thể"]
    assert list(PERSON_STATUSES.values()) == ["Đang cư trú", "Đã chuyển đi", "Đã mất"]
    assert ETHNICITIES[0] == "Kinh"
    assert len(ETHNICITIES) == 54
    assert RELIGIONS[0] == "Không" and RELIGIONS[-1] == "Khác"


def test_vocabularies_are_read_only() -> None:
    with pytest.raises(TypeError):
        RELATIONS["x"] = "X"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("con_de", "con_de"),
        ("Con đẻ", "con_de"),
        ("CON ĐẺ", "con_de"),
        ("con de", "con_de"),
        ("  con   đẻ ", "con_de"),
        (unicodedata.normalize("NFD", "Con đẻ"), "con_de"),
        ("chủ hộ", "chu_ho"),
        ("Người ở thuê", "o_thue"),
        ("anh/chi/em dau, re", "anh_chi_em_dau_re"),
        ("Khác", "khac"),
    ],
)
def test_code_for_relations(text: str, code: str) -> None:
    assert code_for(RELATIONS, text) == code


@pytest.mark.parametrize(
    ("vocab", "text", "code"),
    [
        (SEXES, "Nữ", "nu"),
        (SEXES, "nu", "nu"),
        (SEXES, "NAM", "nam"),
        (RESIDENCE_STATUSES, "tạm trú", "tam_tru"),
        (PERSON_STATUSES, "Đã mất", "deceased"),
        (PERSON_STATUSES, "moved_away", "moved_away"),
    ],
)
def test_code_for_other_vocabularies(vocab: Mapping[str, str], text: str, code: str) -> None:
    assert code_for(vocab, text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("CH", "chu_ho"), ("Bố đẻ", "bo"), ("cháu nội", "chau"), ("Con", "con_de"), ("Vợ", "vo")],
)
def test_code_for_with_aliases(text: str, code: str) -> None:
    assert code_for(RELATIONS, text, aliases=RELATION_ALIASES) == code


def test_aliases_point_at_real_codes() -> None:
    assert set(RELATION_ALIASES.values()) <= set(RELATIONS)


def test_aliases_are_not_used_unless_asked() -> None:
    with pytest.raises(ValueError):
        code_for(RELATIONS, "Bố đẻ")


def test_code_for_unknown_text_lists_the_choices() -> None:
    with pytest.raises(ValueError) as excinfo:
        code_for(SEXES, "Không rõ")
    message = str(excinfo.value)
    assert "“Không rõ” không có trong danh mục" in message
    assert "Nam, Nữ" in message
    assert unicodedata.is_normalized("NFC", message)


def test_label() -> None:
    assert label(RELATIONS, "con_de") == "Con đẻ"
    assert label(SEXES, "nu") == "Nữ"
    assert label(RELATIONS, "unknown", default="?") == "?"
    with pytest.raises(ValueError, match="không có trong danh mục"):
        label(RELATIONS, "unknown")


@pytest.mark.parametrize(("name", "code"), [
    ("Thôn Đông Hạ", "DH"), ("Xóm Bãi", "BA"), ("Xóm Đình", "DI"), ("Bản Nà Lừa", "NL"),
    ("Ấp Tân Hòa", "TH"), ("Thôn", "TH")])
def test_one_rule_makes_village_codes_for_the_roster_and_the_generator(name: str,
                                                                       code: str) -> None:
    from antt_tui.domain.vocab import village_code
    from antt_tui.generate.blueprint import village_code as generated

    assert village_code(name) == code == generated(name, set())
    assert village_code(name, taken=[code]) == f"{code}2"
