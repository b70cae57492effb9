"""Old Vietnamese encodings (TCVN3, VNI, Windows-1258) read back into Unicode NFC."""

from __future__ import annotations

import unicodedata

import pytest

from antt_tui.domain.legacy import (
    CP1258,
    TCVN3,
    VNI,
    decode_legacy,
    from_tcvn3,
    from_vni,
    legacy_font,
    vietnamese_score,
)


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("NguyÔn V¨n A", "Nguyễn Văn A"),                  # DOMAIN.md §6.1
    ("¸µ¶·¹ ¨©ª«¬­®", "áàảãạ ăâêôơưđ"),
    ("Th«n §«ng H¹", "Thôn Đông Hạ"),
    ("ng\xad\xeai", "người"),
])
def test_tcvn3(legacy: str, unicode: str) -> None:
    assert from_tcvn3(legacy) == unicode


def test_tcvn3_capitals_font() -> None:
    assert from_tcvn3("NguyÔn V¨n A", upper=True) == "NGUYỄN VĂN A"


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),        # DOMAIN.md §6.1
    ("Nguyeãn Vaên A", "Nguyễn Văn A"),
    ("Tieáng Vieät raát hay", "Tiếng Việt rất hay"),
    ("ngöôøi Ñoâng Haï", "người Đông Hạ"),
    ("NGUYEÃN ÑÖÔØNG", "NGUYỄN ĐƯỜNG"),
    ("Mî, gì, hoûi, ò", "Mỵ, gì, hỏi, ị"),
])
def test_vni(legacy: str, unicode: str) -> None:
    assert from_vni(legacy) == unicode


def test_cp1258_with_combining_tones_comes_out_composed() -> None:
    text = decode_legacy(b"Nguy\xea\xden V\xe3n", CP1258)
    assert text == "Nguyễn Văn" and unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(("data", "best"), [
    (b"M\xe2\xect tr\xf4\xf2m xe m\xe1y \xf5\xd2 Th\xf4n \xd0\xf4ng Ha\xf2", CP1258),  # iconv
    (b"M\xcat tr\xe9m xe m\xb8y \xeb Th\xabn \xa7\xabng H\xb9", TCVN3),
    ("Maát troäm xe maùy ôû Thoân Ñoâng Haï".encode("cp1252"), VNI),
])
def test_the_right_encoding_reads_most_like_vietnamese(data: bytes, best: str) -> None:
    scores = {enc: vietnamese_score([decode_legacy(data, enc)]) for enc in (CP1258, TCVN3, VNI)}
    assert max(scores, key=lambda k: scores[k]) == best, scores


def test_reading_unicode_as_a_legacy_encoding_never_reads_better() -> None:
    # An import converts a column only when that reads strictly better: Unicode stays as it is.
    text = "Thôn Đông Hạ, người bị hại: Nguyễn Văn Cường; ông Lê Văn Tám đã khai báo"
    assert vietnamese_score([text]) >= vietnamese_score([from_tcvn3(text)])
    assert vietnamese_score([text]) >= vietnamese_score([from_vni(text)])


@pytest.mark.parametrize(("font", "found"), [
    (".VnTime", (TCVN3, False)), (".VnTimeH", (TCVN3, True)), ("VNI-Times", (VNI, False)),
    ("Times New Roman", None), (None, None),
])
def test_fonts_tell_the_encoding(font: str | None, found: tuple | None) -> None:
    assert legacy_font(font) == found
