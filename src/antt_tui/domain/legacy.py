"""Vietnamese text in the legacy 8-bit encodings of old office files, read into Unicode.

Three families survive in commune spreadsheets (DOMAIN.md §6): TCVN3 ("ABC", fonts .VnTime,
.VnArial), VNI (fonts VNI-Times …) and Windows-1258. Python reads cp1258 itself; TCVN3 and
VNI have no codec, so they are explicit tables here. A TCVN3 or VNI file opened as if it were
Windows "ANSI" shows "NguyÔn V¨n A" or "Nguyeãn Vaên A"; ``from_tcvn3`` and ``from_vni``
turn such text back into "Nguyễn Văn A".

Which encoding a text is in is guessed by ``vietnamese_score``: how many of its words are
Vietnamese syllables. Every function returns NFC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "CP1258",
    "ENCODING_NAMES",
    "TCVN3",
    "UNICODE",
    "VNI",
    "decode_legacy",
    "from_tcvn3",
    "from_vni",
    "legacy_font",
    "reinterpret",
    "vietnamese_score",
]

UNICODE, TCVN3, VNI, CP1258 = "unicode", "tcvn3", "vni", "cp1258"
ENCODING_NAMES = {UNICODE: "Unicode", TCVN3: "TCVN3 (ABC)", VNI: "VNI",
                  CP1258: "Windows-1258"}
"""How a preview names each encoding."""

# TCVN 5712:1993 from 0xA1 to 0xFF, as glibc's TCVN5712-1 reads it: the "ABC" letters (VN3)
# and, in its gaps, VN1's capitals. 0xB0–0xB4 are the five tone marks (combining).
_TCVN3_HIGH = (
    "ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
_TCVN3 = {chr(0xA1 + i): letter for i, letter in enumerate(_TCVN3_HIGH)}


def _vni_table() -> dict[str, str]:
    """VNI spelling → Unicode letter: a base letter and a mark character after it, or one
    character for ơ, ư, đ and the i's (VNI-Windows, as its fonts draw it)."""
    tones = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng
    plain, hat, breve = ("", "ù", "ø", "û", "õ", "ï"), ("â", "á", "à", "å", "ã", "ä"), \
        ("ê", "é", "è", "ú", "ü", "ë")
    table: dict[str, str] = {}
    for upper in (False, True):
        def case(text: str, up: bool = upper) -> str:
            return text.upper() if up else text

        for base in "aeouy":
            for tone, mark in zip(tones[1:], plain[1:], strict=True):
                table[case(base + mark)] = case(base + tone)
        for base in "aeo":  # â ê ô
            for tone, mark in zip(tones, hat, strict=True):
                table[case(base + mark)] = case(base + "\u0302" + tone)
        for tone, mark in zip(tones, breve, strict=True):  # ă
            table[case("a" + mark)] = case("a\u0306" + tone)
        for single, base in (("ô", "o"), ("ö", "u")):  # ơ ư, alone or with a tone mark
            table[case(single)] = case(base + "\u031b")
            for tone, mark in zip(tones[1:], plain[1:], strict=True):
                table[case(single + mark)] = case(base + "\u031b" + tone)
        for single, letter in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"),
                               ("î", "ỵ"), ("ñ", "đ")):
            table[case(single)] = case(letter)
    return {key: unicodedata.normalize("NFC", value) for key, value in table.items()}


_VNI = _vni_table()


def from_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 text read as Latin-1 characters ("NguyÔn") → Unicode ("Nguyễn").

    ``upper``: the text was drawn with a capitals font (.VnTimeH, .VnArialH), whose letters
    sit where the lowercase ones do.
    """
    out = "".join(_TCVN3.get(ch, ch) for ch in text)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


def from_vni(text: str) -> str:
    """VNI text read as Windows characters ("Nguyeãn") → Unicode ("Nguyễn")."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in _VNI:
            out.append(_VNI[pair])
            i += 2
            continue
        out.append(_VNI.get(text[i], text[i]))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def reinterpret(text: str, encoding: str) -> str:
    """Text that was shown in a legacy font (each character one byte) as Unicode."""
    if encoding == TCVN3:
        return from_tcvn3(text)
    if encoding == VNI:
        return from_vni(text)
    return unicodedata.normalize("NFC", text)


def decode_legacy(data: bytes, encoding: str) -> str:
    """Bytes in a legacy encoding → NFC text."""
    if encoding == CP1258:
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if encoding == TCVN3:
        return from_tcvn3(data.decode("latin-1"))
    if encoding == VNI:
        return from_vni(data.decode("cp1252", errors="replace"))
    raise ValueError(f"unknown encoding {encoding!r}")


def legacy_font(font_name: str | None) -> tuple[str, bool] | None:
    """The encoding a font name tells (``.VnTime`` TCVN3, ``VNI-Times`` VNI) and whether it
    is a capitals font (``.VnTimeH``); None for a Unicode font."""
    name = (font_name or "").strip()
    if name.startswith(".Vn"):
        return TCVN3, name.endswith("H")
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return VNI, False
    return None


# ---------------------------------------------------------------------- guessing

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ONSETS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d",
           "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_CODAS = ("ch", "nh", "ng", "c", "m", "n", "p", "t", "")
_NUCLEI = frozenset((
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
    "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
))
"""The vowel groups of Vietnamese syllables (without tone marks)."""
_WORD_BREAK = re.compile(r"[\s0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~“”‘’…–—]+")


@lru_cache(maxsize=65_536)
def _syllable(word: str) -> bool:
    """Whether ``word`` (lowercase) is spelled like a Vietnamese syllable: an onset, one of
    the vowel groups, a final consonant, and at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word)
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if not base.isalpha():
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset):]
        for coda in _CODAS:
            if rest.endswith(coda) and rest[:len(rest) - len(coda)] in _NUCLEI:
                return True
    return False


def vietnamese_score(texts: Iterable[str]) -> int:
    """Words with a non-ASCII letter that read as Vietnamese syllables, minus those that do
    not: high for Vietnamese read in the right encoding, low for the same read wrongly."""
    score = 0
    for text in texts:
        for word in _WORD_BREAK.split(text.lower()):
            if word and not word.isascii():
                score += 1 if _syllable(word) else -1
    return score
