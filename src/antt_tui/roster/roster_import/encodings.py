"""The encoding of each column of a roster, told and undone.

A cell's text arrives as the file holds it (its "raw" text): Unicode, or the characters of a
legacy 8-bit font shown one byte per character ("NguyÔn V¨n An" for TCVN3, "Nguyeãn Vaên An"
for VNI, "Nguyễn" for Windows-1258). `convert` turns raw text into NFC with the explicit
tables of `antt_tui.domain.legacy`; `detect_column` says which encoding a column is in:
from the cells' fonts when an Excel file names them (".VnTime", ".VnTimeH", "VNI-Times"),
else from how Vietnamese each candidate conversion reads (`vietnamese_score`).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from antt_tui.domain.legacy import (
    CP1258,
    TCVN3,
    UNICODE,
    VNI,
    from_tcvn3,
    from_vni,
    legacy_font,
    vietnamese_score,
)
from antt_tui.domain.text import fold

__all__ = ["BY_FONT", "CP1258", "ENCODINGS", "TCVN3", "TCVN3_UPPER", "UNICODE", "VNI",
           "ColumnEncoding", "convert", "detect_column", "encoding_named", "font_encoding",
           "one_byte_text", "raw_as_seen"]

TCVN3_UPPER = "tcvn3h"
"""TCVN3 drawn with a capitals font (.VnTimeH, .VnArialH): letters sit where lower case
ones do, and show as capitals."""
BY_FONT = "font"
"""Not an encoding: each cell is read by its own font (an .xlsx or .xls file names them)."""

ENCODINGS = {
    UNICODE: "Unicode",
    TCVN3: "TCVN3 (ABC)",
    TCVN3_UPPER: "TCVN3 chữ hoa (.VnTimeH)",
    VNI: "VNI",
    CP1258: "Windows-1258",
}
"""The encodings a column can be read in, as the preview names them."""

_ALIASES = {
    "unicode": UNICODE, "utf8": UNICODE, "utf 8": UNICODE, "unicode dung san": UNICODE,
    "unicode to hop": UNICODE, "nfc": UNICODE, "nfd": UNICODE,
    "tcvn3": TCVN3, "tcvn": TCVN3, "abc": TCVN3, "tcvn3 abc": TCVN3, ".vntime": TCVN3,
    "vntime": TCVN3, "tcvn3h": TCVN3_UPPER, "tcvn3 hoa": TCVN3_UPPER,
    "tcvn3 chu hoa": TCVN3_UPPER, ".vntimeh": TCVN3_UPPER, "vntimeh": TCVN3_UPPER,
    "vni": VNI, "vni times": VNI, "vni windows": VNI,
    "cp1258": CP1258, "windows 1258": CP1258, "windows1258": CP1258, "1258": CP1258,
}

_SAMPLE = 400
"""Distinct texts of a column read to tell its encoding (a column repeats its values)."""

# The characters of Windows-1252 for bytes 0x80–0x9F (Latin-1 where 1252 has none): a legacy
# file's bytes read one byte per character, as Excel shows them under a legacy font.
_CP1252_HIGH = {b: (bytes([b]).decode("cp1252", errors="ignore") or chr(b))
                for b in range(0x80, 0xA0)}
_TO_1252 = {b: ch for b, ch in _CP1252_HIGH.items()}
_FROM_1252 = {**{chr(b): b for b in range(0x100) if not 0x80 <= b < 0xA0},
              **{ch: b for b, ch in _CP1252_HIGH.items()}}


@dataclass(frozen=True, slots=True)
class ColumnEncoding:
    """How one column's text is read."""

    encoding: str
    """One of `ENCODINGS`, or `BY_FONT` (each cell by its font)."""
    source: str
    """What told it, in Vietnamese: "phông chữ", "ký tự", "cả tệp", "người dùng chọn"."""
    fonts: tuple[str, ...] = ()
    """With `BY_FONT`: the legacy encodings the cells' fonts name."""
    nfd: bool = False
    """Some cells are decomposed Unicode ("Unicode tổ hợp"); stored as NFC all the same."""

    @property
    def label(self) -> str:
        """The encoding as the preview names it: "TCVN3 (ABC), theo phông chữ"."""
        if self.encoding == BY_FONT:
            names = " và ".join(ENCODINGS[f] for f in self.fonts) or "Unicode"
            return f"{names}, theo phông chữ"
        name = ENCODINGS.get(self.encoding, self.encoding)
        if self.nfd and self.encoding == UNICODE:
            name = "Unicode tổ hợp (NFD)"
        return f"{name}, {self.source}" if self.source else name


def encoding_named(text: str) -> str:
    """The encoding a user names ("tcvn3", "ABC", ".VnTimeH", "VNI", "cp1258", "Unicode");
    `ValueError` with the choices in Vietnamese otherwise."""
    key = " ".join(fold(text).replace("-", " ").replace("_", " ").replace("(", " ")
                   .replace(")", " ").split())
    if key in _ALIASES:
        return _ALIASES[key]
    for code, label in ENCODINGS.items():
        if key == fold(label):
            return code
    raise ValueError(f"Không biết bảng mã “{text}”. Chọn một trong: unicode, tcvn3, tcvn3h "
                     "(.VnTimeH, chữ hoa), vni, cp1258.")


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding an Excel font names (".VnTimeH" → TCVN3_UPPER), None for Unicode."""
    found = legacy_font(font_name)
    if found is None:
        return None
    encoding, upper = found
    return TCVN3_UPPER if encoding == TCVN3 and upper else encoding


def one_byte_text(data: bytes) -> str:
    """Bytes of a legacy file, one character per byte, as Windows shows them (cp1252)."""
    return data.decode("latin-1").translate(_TO_1252)


_SEEN = str.maketrans({"\u00ad": "-"})
"""Raw characters a screen would hide, as Excel draws them under an ordinary font: the soft
hyphen (byte 0xAD: "ư" in TCVN3, as in "Tr\u00ad¬ng" for "Trương") as a hyphen. Not "·":
that is itself a TCVN3 letter (0xB7, "ã")."""


def raw_as_seen(raw: str) -> str:
    """Raw cell text as an officer sees it when the file is opened without its old font
    (to compare the "before" of the preview with the file): the soft hyphen, which a
    terminal hides or escapes, drawn as "-". Control characters are left for the screen's
    own escaping."""
    return raw.translate(_SEEN)


def _cp1258(raw: str) -> str:
    """Raw text whose characters are Windows-1258 bytes shown as cp1252 → NFC."""
    out: list[str] = []
    chunk = bytearray()
    for ch in raw:
        byte = _FROM_1252.get(ch)
        if byte is None:  # already a Unicode letter: keep it
            if chunk:
                out.append(chunk.decode("cp1258", errors="replace"))
                chunk.clear()
            out.append(ch)
        else:
            chunk.append(byte)
    if chunk:
        out.append(chunk.decode("cp1258", errors="replace"))
    return unicodedata.normalize("NFC", "".join(out))


def convert(raw: str, encoding: str) -> str:
    """Raw cell text read in `encoding` → NFC Unicode (`BY_FONT` is resolved per cell by the
    caller; here it reads as Unicode)."""
    if encoding == TCVN3_UPPER:  # a capitals font shows every letter as a capital
        return from_tcvn3(raw, upper=True)
    if raw.isascii():
        return raw
    if encoding == TCVN3:
        return from_tcvn3(raw)
    if encoding == VNI:
        return from_vni(raw)
    if encoding == CP1258:
        return _cp1258(raw)
    return unicodedata.normalize("NFC", raw)


def detect_column(texts: Iterable[str], fonts: Sequence[str | None] = (), *,
                  legacy_bytes: str = "") -> ColumnEncoding:
    """The encoding of a column from its raw texts (and, for a spreadsheet, the legacy
    encoding each cell's font names, None for a Unicode font).

    `legacy_bytes`: the file was not Unicode (a CSV in an old encoding) and that encoding
    reads the whole file best; it decides columns whose own letters say nothing clear.
    A column is read in a legacy encoding only when that reads clearly more Vietnamese than
    the text as it is, so Unicode text is never touched.
    """
    texts = list(texts)
    named = Counter(f for f in fonts if f)
    if named:
        if _unicode_under_old_fonts(texts, fonts):
            return ColumnEncoding(UNICODE, "ký tự (chữ đã là Unicode, phông chữ cũ)")
        return ColumnEncoding(BY_FONT, "phông chữ", tuple(sorted(named)))
    distinct = list(dict.fromkeys(t for t in texts if t and not t.isascii()))[:_SAMPLE]
    if not distinct:
        return ColumnEncoding(legacy_bytes or UNICODE, "cả tệp" if legacy_bytes else "")
    candidates = (TCVN3, VNI, CP1258) if legacy_bytes else (UNICODE, TCVN3, VNI, CP1258)
    scores = {enc: vietnamese_score(convert(t, enc) for t in distinct) for enc in candidates}
    best = max(scores, key=lambda k: scores[k])
    first = legacy_bytes if legacy_bytes else candidates[0]
    if scores[best] <= 0 or scores[best] == scores[first]:
        best = first
    if best == TCVN3 and _drawn_in_capitals(distinct):
        best = TCVN3_UPPER
    nfd = best == UNICODE and any(unicodedata.normalize("NFC", t) != t for t in distinct)
    source = "cả tệp" if legacy_bytes and best == legacy_bytes else "ký tự"
    return ColumnEncoding(best, "" if best == UNICODE else source, nfd=nfd)


def _unicode_under_old_fonts(texts: Sequence[str], fonts: Sequence[str | None]) -> bool:
    """Text already converted to Unicode (Unikey's converter leaves the fonts as they were)
    in cells whose font is still a legacy one: read as the font says, it reads worse."""
    pairs = list(dict.fromkeys((t, f) for t, f in zip(texts, fonts, strict=False)
                               if f and t and not t.isascii()))[:_SAMPLE]
    if not pairs:
        return False
    as_font = vietnamese_score(convert(t, f) for t, f in pairs)
    return vietnamese_score(t for t, _ in pairs) > max(as_font, 0)


def _drawn_in_capitals(texts: Sequence[str]) -> bool:
    """TCVN3 typed under a capitals font: ASCII letters in upper case, the letters with
    marks at the lower case codes ("NGUYÔN V¨N AN": .VnTimeH shows "NGUYỄN VĂN AN")."""
    capitals = mixed = 0
    for text in texts:
        for word in text.split():
            ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
            if not ascii_letters or word.isascii():
                continue
            converted = from_tcvn3(word)
            if all(c.isupper() for c in ascii_letters) and any(
                    c.islower() for c in converted if not c.isascii()):
                capitals += 1
            else:
                mixed += 1
    return capitals > 2 * mixed and capitals >= 2
