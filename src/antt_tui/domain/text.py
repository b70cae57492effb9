"""Vietnamese text helpers: NFC normalisation, input checks, search folding and collation.

Four jobs, all pure functions:

- ``nfc``, ``clean`` and ``clean_lines`` put text into the one form we store (Unicode "dựng
  sẵn", NFC), because NFC and NFD ("tổ hợp") strings look the same on screen but do not
  compare equal.
- ``check_text`` and ``check_name`` refuse what must never be stored (control characters,
  bidirectional overrides, invisible characters, over-long text) with a Vietnamese message;
  ``printable`` makes any text, including what an older version stored, safe to print.
- ``fold``, ``query_tokens`` and ``matches`` build and use a diacritic-free, case-free search
  key, so "nguyen van a" finds "NGUYỄN VĂN A".
- ``vi_letter_key`` and ``name_sort_key`` sort words and full names the way a Vietnamese
  roster does: by the Vietnamese alphabet, and by tên, then chữ đệm, then họ.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = [
    "LINE_MAX",
    "NAME_MAX",
    "NOTE_MAX",
    "check_name",
    "check_text",
    "clean",
    "clean_lines",
    "fold",
    "matches",
    "name_sort_key",
    "nfc",
    "printable",
    "query_tokens",
    "vi_letter_key",
]

_normalize = unicodedata.normalize
_category = unicodedata.category


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC ("Unicode dựng sẵn"), the form every stored string uses."""
    return _normalize("NFC", s)


def clean(s: str) -> str:
    """Return ``s`` in NFC, stripped, with every run of whitespace collapsed to one space."""
    return " ".join(_normalize("NFC", s).split())


def clean_lines(s: str) -> str:
    """Return ``s`` (several lines) in NFC, lines joined with "\\n", each line's end trimmed.

    Any line break ("\\r\\n", "\\r", U+2028 …) becomes "\\n"; blank lines at the start and
    the end are dropped.
    """
    return "\n".join(line.rstrip() for line in _normalize("NFC", s).splitlines()).strip()


# --------------------------------------------------------------------------- input checks

NAME_MAX = 100
"""Most characters in a name (họ và tên, người ký, cán bộ)."""
LINE_MAX = 200
"""Most characters in any other one-line text (an address, a reason) unless a form says."""
NOTE_MAX = 2000
"""Most characters in a note (ghi chú) unless a form says."""

# Characters that reorder what is shown (a name could read differently from what is stored).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Tab and line breaks are whitespace: `clean` turns them into spaces, a note keeps "\n".
_WHITESPACE_CONTROLS = frozenset("\t\n\r")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL"}


def _refused_kind(ch: str) -> str | None:
    """What ``ch`` is, in Vietnamese, when it may never be stored; None when it may."""
    if ch in _WHITESPACE_CONTROLS:
        return None
    category = _category(ch)
    if category == "Cc":
        return "ký tự điều khiển"
    if ch in _BIDI:
        return "ký tự đảo chiều chữ"
    if category == "Cf":
        return "ký tự ẩn"  # zero-width space and joiners, U+2060, U+FEFF, soft hyphen …
    if category == "Cs":
        return "ký tự lỗi mã hóa"  # a lone surrogate: bytes that were not UTF-8
    return None


def _code_point(ch: str) -> str:
    """"U+001B ESC", "U+202E": how a message names an invisible character."""
    name = _CONTROL_NAMES.get(ord(ch))
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _say(what: str, problem: str) -> str:
    """``problem`` as a sentence about the field ``what`` ("" : the sentence alone)."""
    return f"{what} {problem}" if what else problem[:1].upper() + problem[1:]


def check_text(value: str, *, what: str = "", max_len: int = LINE_MAX,
               multiline: bool = False) -> str:
    """Return ``value`` cleaned for storing, or raise ``ValueError`` saying what is wrong.

    The text is cleaned with ``clean`` (one line) or ``clean_lines`` (``multiline``). Refused:
    control characters (ESC, BEL, backspace …; tab and line breaks count as whitespace),
    bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    U+061C), zero-width and other invisible format characters (U+200B–U+200D, U+2060,
    U+FEFF …), and a cleaned text longer than ``max_len`` characters. The Vietnamese message
    starts with ``what`` (the field's label) when given: "Họ và tên có ký tự điều khiển …".
    """
    if not value.isprintable():
        for ch in value:
            kind = _refused_kind(ch)
            if kind is not None:
                raise ValueError(_say(what, f"có {kind} ({_code_point(ch)}), không được phép; "
                                            "hãy xóa và gõ lại."))
    text = clean_lines(value) if multiline else clean(value)
    if len(text) > max_len:
        raise ValueError(_say(what, f"tối đa {max_len} ký tự (đã nhập {len(text)})."))
    return text


def check_name(value: str, *, what: str = "", max_len: int = NAME_MAX) -> str:
    """Like ``check_text`` for a name: also refused when it has no letter at all ("...", "123")."""
    text = check_text(value, what=what, max_len=max_len)
    if text and not any(ch.isalpha() for ch in text):
        raise ValueError(_say(what, "phải có ít nhất một chữ cái."))
    return text


def printable(s: str, *, multiline: bool = False) -> str:
    """Return ``s`` safe to print on a terminal: no escape sequence, nothing reordered.

    Control, bidirectional and invisible characters (those ``check_text`` refuses, plus tab
    and line breaks unless ``multiline`` keeps "\\n") are shown as escapes such as "\\x1b" or
    "\\u202e", so text stored by an older version cannot recolour or rewrite the screen.
    """
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch.isprintable() or _category(ch) == "Zs" or (ch == "\n" and multiline):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


# --------------------------------------------------------------------------- folding

_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def _fold_slow(s: str) -> str:
    """Fold ``s`` step by step, exactly as documented in ``fold`` but without collapsing."""
    s = _normalize("NFC", s).translate(_D_STROKE)
    s = "".join(ch for ch in _normalize("NFD", s) if _category(ch) != "Mn")
    # Case folding can bring marks back (e.g. "İ" → "i̇"); drop those too so that
    # fold() is idempotent.
    s = s.casefold()
    if not s.isascii():
        s = "".join(ch for ch in _normalize("NFD", s) if _category(ch) != "Mn")
    return s


def _build_fold_table() -> dict[int, str]:
    """Map each Latin letter and combining mark whose fold is plain ASCII to that fold.

    Folding is character-local for these characters (NFC then NFD only re-orders or drops
    combining marks, and case folding maps one character at a time), so translating a string
    that becomes pure ASCII gives the same result as the step-by-step fold.
    """
    ranges = (
        range(0x41, 0x5B),  # A-Z
        range(0x80, 0x250),  # Latin-1 Supplement, Latin Extended-A/B
        range(0x300, 0x370),  # combining diacritical marks
        range(0x1AB0, 0x1B00),  # combining diacritical marks extended
        range(0x1DC0, 0x1E00),  # combining diacritical marks supplement
        range(0x1E00, 0x1F00),  # Latin Extended Additional (all of ạ ả ấ … ỹ)
        range(0x20D0, 0x2100),  # combining marks for symbols
        range(0xFE20, 0xFE30),  # combining half marks
    )
    table: dict[int, str] = {}
    for block in ranges:
        for cp in block:
            ch = chr(cp)
            if ch.isspace():
                continue
            folded = _fold_slow(ch)
            if folded.isascii() and folded != ch:
                table[cp] = folded
    return table


_FOLD_TABLE = _build_fold_table()


def fold(s: str) -> str:
    """Return the search key of ``s``: no diacritics, no case, single spaces.

    The steps are NFC → đ/Đ to d → NFD → drop combining marks (category Mn) → casefold →
    collapse whitespace, so "NGUYỄN VĂN A", "nguyen van a" and "Nguyễn Văn A" (NFC or NFD)
    all give "nguyen van a". ``đ`` needs its own step because NFD does not decompose it.

    Vietnamese text takes a fast path (one ``str.translate`` with a precomputed table); other
    scripts fall back to the step-by-step version, which gives the same answer.
    """
    t = s.translate(_FOLD_TABLE)
    if not t.isascii():
        t = _fold_slow(s)
    return " ".join(t.split())


def query_tokens(text: str) -> list[str]:
    """Split what the user typed into folded search tokens ("Văn  AN" → ["van", "an"])."""
    return fold(text).split()


def matches(query_folded_tokens: list[str] | tuple[str, ...], haystack_folded: str) -> bool:
    """Return True when every folded query token occurs in the folded haystack, in any order.

    Tokens match as substrings, so "ng an" finds "nguyen van an". An empty query matches
    everything. Both sides must already be folded (see ``query_tokens`` and ``fold``).
    """
    return all(token in haystack_folded for token in query_folded_tokens)


# --------------------------------------------------------------------------- collation

# Vietnamese alphabet, with the Latin letters it lacks (f j w z) where they fall in the
# Latin alphabet, so foreign names still sort sensibly.
_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Marks that make a different letter (ă â ê ô ơ ư) versus marks that are the tone.
_QUALITY_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn
# Dictionary order of tones: ngang (none), huyền, sắc, hỏi, ngã, nặng.
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}

# Primary weights: punctuation and spaces < digits < Vietnamese/Latin letters < other letters.
_CLASS_SHIFT = 21  # code points fit in 21 bits
_OTHER, _DIGIT, _LETTER, _FOREIGN = (c << _CLASS_SHIFT for c in range(4))


@lru_cache(maxsize=4096)
def _char_weights(ch: str) -> tuple[int, int]:
    """Return (primary weight, tone) of one lowercase NFC character; tone is -1 for non-letters."""
    decomposed = _normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not base.isalpha():
        if base.isdigit():
            return _DIGIT | ord(base), -1
        return _OTHER | ord(base), -1
    letter = _normalize("NFC", base + "".join(m for m in marks if m in _QUALITY_MARKS))
    tone = max((_TONE_RANK.get(m, 0) for m in marks), default=0)
    rank = _LETTER_RANK.get(letter)
    if rank is None:
        rank = _LETTER_RANK.get(base)
    if rank is None:
        return _FOREIGN | ord(base), tone
    return _LETTER | rank, tone


def vi_letter_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return a sort key that orders ``word`` by the Vietnamese alphabet, case-insensitively.

    The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z sit
    where they fall in the Latin alphabet). Base letters are compared first over the whole
    word, so "anh" < "ánh" < "ân" (a < â decides before any tone). Only when the base letters
    are equal everywhere do tones decide, in dictionary order ngang, huyền, sắc, hỏi, ngã,
    nặng: "ba" < "bà" < "bá" < "bả" < "bã" < "bạ".

    The tone is taken once per syllable (run of letters), so the old and new tone placements
    "hoà" and "hòa" compare equal. Digraphs (ch, gh, gi, kh, ng, ngh, nh, ph, qu, th, tr) are
    NOT treated as single letters: words are compared letter by letter, as most printed
    rosters and dictionaries do. Spaces and punctuation sort before digits, digits before
    letters, and a prefix before any longer word ("thi" < "thinh").
    """
    return _word_key(_normalize("NFC", word).lower())


# Names reuse a few thousand distinct words, so caching makes sorting a commune's roster cheap.
@lru_cache(maxsize=32768)
def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Compute ``vi_letter_key`` for a word that is already NFC and lowercase."""
    primary: list[int] = []
    tones: list[int] = []
    syllable_tone = -1  # -1: not inside a syllable
    for ch in word:
        weight, tone = _char_weights(ch)
        primary.append(weight)
        if tone < 0:
            if syllable_tone >= 0:
                tones.append(syllable_tone)
                syllable_tone = -1
        else:
            syllable_tone = max(syllable_tone, tone)
    if syllable_tone >= 0:
        tones.append(syllable_tone)
    return tuple(primary), tuple(tones)


# A commune's 40,000 names repeat a lot; the cache makes sorting search results cheap.
@lru_cache(maxsize=65536)
def name_sort_key(full_name: str) -> tuple[object, ...]:
    """Return the roster sort key of a full name: tên, then chữ đệm, then họ.

    "Họ chữ-đệm tên": the last word is the tên (given name), the first word the họ (family
    name) and the words between the chữ đệm. Each part is compared with ``vi_letter_key``,
    so "Trần Văn An" < "Lê Thị Bình" < "Nguyễn Thị Bình" < "Hoàng Văn Bình". A one-word
    name is a tên alone. The cleaned name itself breaks any remaining tie, so sorting is
    deterministic.
    """
    name = clean(full_name)
    words = name.split(" ")
    given = words[-1]
    middle = " ".join(words[1:-1])
    family = words[0] if len(words) > 1 else ""
    return vi_letter_key(given), vi_letter_key(middle), vi_letter_key(family), name


def _flat(key: tuple[tuple[int, ...], tuple[int, ...]]) -> str:
    primary, tones = key
    # Two characters per weight (class, code point) keep the order of the int tuples; "\x00"
    # ends each part and sorts before any weight, as a shorter tuple sorts first.
    out = []
    for weight in primary:
        out.append(chr(0x20 + (weight >> _CLASS_SHIFT)))
        out.append(chr(1 + (weight & ((1 << _CLASS_SHIFT) - 1))))
    out.append("\x00")
    out.extend(chr(0x21 + tone) for tone in tones)
    out.append("\x00")
    return "".join(out)


@lru_cache(maxsize=32768)
def _flat_part(part: str) -> str:
    return _flat(vi_letter_key(part))


@lru_cache(maxsize=65536)
def name_collation_key(full_name: str) -> str:
    """`name_sort_key` as one string: the same order, compared far faster by `sorted`.

    Used where tens of thousands of names are sorted at once (the search index).
    """
    name = clean(full_name)
    words = name.split(" ")
    family = words[0] if len(words) > 1 else ""
    middle = " ".join(words[1:-1])
    return _flat_part(words[-1]) + _flat_part(middle) + _flat_part(family) + name
