"""Cells as rosters write them, read into the values the roster stores.

Birth dates come as "24/07/1988", "24-7-88", "05/1985", "1960", "00/00/1960", Excel dates
or date numbers; sex as "Nam"/"Nữ" (or only in which of two birth-year columns the year
sits); relations in many words ("Con trai", "CH", "Cháu nội"); ID numbers as text or as
numbers that lost their leading zero. Each reader returns the stored value or raises
`ValueError` with a Vietnamese message.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from antt_tui.domain import vocab
from antt_tui.domain.cccd import CCCD_LENGTH, CMND_LENGTH, normalize_id_number
from antt_tui.domain.dates import PartialDate, check_not_future
from antt_tui.domain.text import fold, nfc
from antt_tui.roster.roster_import.reading import Cell, cell_text

__all__ = ["birth_of", "code_number", "ethnicity_of", "id_numbers", "name_of", "phone_of", "relation_of",
           "religion_of", "residence_of", "sex_from_relation", "sex_of"]

_EXCEL_EPOCH = date(1899, 12, 30)
_TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?$", re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})", re.ASCII)
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", re.ASCII)
_YEAR_WORDS = re.compile(r"^(?:năm|sinh năm|ns|khoảng|khoang|nam)\s*", re.IGNORECASE)


def birth_of(value: Cell, today: date) -> str:
    """A birth date cell as stored: "1988-07-24", "1985-05" or "1960" ("" when empty).

    Day first always; a two-digit year is of this century when it is not after this
    year's, else of the last ("24-7-88" → 1988, "3/5/15" → 2015). "00" for an unknown day or
    month keeps the date partial ("00/00/1960" → 1960).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        birth = PartialDate.from_date(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        birth = _from_number(value)
    else:
        birth = _from_text(str(value), today)
    check_not_future(birth, today)
    return birth.iso


def _from_number(value: float) -> PartialDate:
    if float(value).is_integer() and 1850 <= value <= 2200:
        return PartialDate.parse(str(int(value)))  # a year typed as a number
    if 1 <= value < 80_000:
        return PartialDate.from_date(_EXCEL_EPOCH + timedelta(days=int(value)))
    raise ValueError(f"Ngày sinh không hợp lệ: “{cell_text(value)}”.")


def _from_text(text: str, today: date) -> PartialDate:
    text = _YEAR_WORDS.sub("", _TIME_SUFFIX.sub("", text.strip())).strip()
    m = _ISO.fullmatch(text)
    if m:
        return _parts(int(m.group(1)), _part(m.group(2)), _part(m.group(3)), text)
    m = _DMY.fullmatch(text)
    if m:
        return _parts(_year(m.group(4), today), _part(m.group(3)), _part(m.group(1)), text)
    m = _MY.fullmatch(text)
    if m:
        return _parts(_year(m.group(2), today), _part(m.group(1)), None, text)
    if re.fullmatch(r"\d{4}", text):
        return _parts(int(text), None, None, text)
    return PartialDate.parse(text)  # raises with the accepted forms


def _part(text: str | None) -> int | None:
    """A day or month; 0 ("00") means unknown."""
    return int(text) if text and int(text) else None


def _year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    yy = int(text)
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


def _parts(year: int, month: int | None, day: int | None, text: str) -> PartialDate:
    if month is None:
        shown = f"{year:04d}"
    elif day is None:
        shown = f"{month:02d}/{year:04d}"
    else:
        shown = f"{day:02d}/{month:02d}/{year:04d}"
    try:
        return PartialDate.parse(shown)
    except ValueError as exc:
        raise ValueError(str(exc).replace(f"“{shown}”", f"“{text}”")) from None


_MALE = frozenset({"nam", "m", "male", "trai", "gioi tinh nam", "phai nam", "1"})
_FEMALE = frozenset({"nu", "f", "female", "gai", "gioi tinh nu", "phai nu", "0"})


def sex_of(text: str) -> str:
    """"Nam" / "Nữ" (and "M", "F", "trai", "gái") → "nam" / "nu"; "" when empty."""
    key = fold(text).strip(" .")
    if not key:
        return ""
    if key in _MALE:
        return "nam"
    if key in _FEMALE:
        return "nu"
    raise ValueError(f"Giới tính “{text}” không rõ: ghi Nam hoặc Nữ.")


def mark_given(value: Cell) -> bool:
    """A cell of a "Nam"/"Nữ" column that only marks the sex ("x", "1", "✓")."""
    return (isinstance(value, str) and fold(value) in ("x", "v", "1", "✓", "✔", "co")) or \
        value in (1, True)


_RELATION_WORDS: dict[str, str] = {
    "chu ho": "chu_ho", "ch": "chu_ho", "la chu ho": "chu_ho", "chu ho gia dinh": "chu_ho",
    "chuho": "chu_ho",
    "vo": "vo", "vo chu ho": "vo", "chong": "chong", "chong chu ho": "chong",
    "con": "con_de", "con de": "con_de", "con trai": "con_de", "con gai": "con_de",
    "con ruot": "con_de", "con trai ruot": "con_de", "con gai ruot": "con_de",
    "con nuoi": "con_nuoi", "con dau": "con_dau", "con re": "con_re",
    "chau": "chau", "chau noi": "chau", "chau ngoai": "chau", "chau ruot": "chau",
    "chau trai": "chau", "chau gai": "chau", "chau noi trai": "chau", "chau noi gai": "chau",
    "chat": "chat", "chat noi": "chat", "chat ngoai": "chat",
    "bo": "bo", "cha": "bo", "bo de": "bo", "cha de": "bo", "bo ruot": "bo", "cha ruot": "bo",
    "ba": "bo", "me": "me", "ma": "me", "me de": "me", "me ruot": "me",
    "ong noi": "ong_noi", "ba noi": "ba_noi", "ong ngoai": "ong_ngoai", "ba ngoai": "ba_ngoai",
    "bo chong": "bo_chong", "cha chong": "bo_chong", "me chong": "me_chong",
    "bo vo": "bo_vo", "cha vo": "bo_vo", "me vo": "me_vo",
    "anh": "anh_ruot", "anh trai": "anh_ruot", "anh ruot": "anh_ruot",
    "chi": "chi_ruot", "chi gai": "chi_ruot", "chi ruot": "chi_ruot",
    "em": "em_ruot", "em trai": "em_ruot", "em gai": "em_ruot", "em ruot": "em_ruot",
    "anh re": "anh_chi_em_dau_re", "em re": "anh_chi_em_dau_re",
    "chi dau": "anh_chi_em_dau_re", "em dau": "anh_chi_em_dau_re",
    "co": "co_di_chu_bac_cau", "di": "co_di_chu_bac_cau", "chu": "co_di_chu_bac_cau",
    "bac": "co_di_chu_bac_cau", "cau": "co_di_chu_bac_cau", "thim": "co_di_chu_bac_cau",
    "mo": "co_di_chu_bac_cau", "duong": "co_di_chu_bac_cau",
    "o nho": "o_nho", "nguoi o nho": "o_nho", "o thue": "o_thue", "nguoi o thue": "o_thue",
    "thue nha": "o_thue", "thue tro": "o_thue", "o tro": "o_thue",
    "nguoi o tro": "o_thue", "nguoi thue tro": "o_thue", "nguoi thue nha": "o_thue",
    "o cung": "o_cung", "nguoi o cung": "o_cung", "o ghep": "o_cung", "khac": "khac",
}
"""Relation words of legacy rosters → `vocab.RELATIONS` codes (folded, marks dropped)."""

_MARKED: dict[str, str | None] = {"bà": None, "ông": None, "chủ": "chu_ho", "cụ": None}
"""Relation words that fold into another word ("Bà" → "ba"); None: not a relation code."""

_WOMEN = frozenset({"vo", "me", "ba_noi", "ba_ngoai", "me_chong", "me_vo", "chi_ruot",
                    "con_dau"})
_MEN = frozenset({"chong", "bo", "ong_noi", "ong_ngoai", "bo_chong", "bo_vo", "anh_ruot",
                  "con_re"})


def relation_of(text: str) -> tuple[str, bool]:
    """A relation as written → (code, known): unknown words give ("khac", False), and the
    caller keeps the words (as "Khác (…)")."""
    exact = " ".join(nfc(text).lower().split())
    if exact in _MARKED:  # words whose marks matter: "Bà" is not "Ba" (a father, in the south)
        return _MARKED[exact] or "khac", _MARKED[exact] is not None
    key = " ".join(fold(text).replace("-", " ").replace("/", " ").split())
    if key in _RELATION_WORDS:
        return _RELATION_WORDS[key], True
    try:
        return vocab.code_for(vocab.RELATIONS, text, vocab.RELATION_ALIASES), True
    except ValueError:
        return "khac", False


def sex_from_relation(code: str, text: str) -> str:
    """The sex a relation tells ("Vợ" → "nu", "Con trai" → "nam"), "" when it does not."""
    if code in _WOMEN:
        return "nu"
    if code in _MEN:
        return "nam"
    words = fold(text).split()
    if "trai" in words:
        return "nam"
    if "gai" in words:
        return "nu"
    return ""


def id_numbers(value: Cell) -> tuple[str, str]:
    """An ID cell → (CCCD, CMND): 12 digits is a CCCD, 9 digits a CMND (columns often hold
    both). A number cell that lost its leading zero gets it back."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value)) if float(value).is_integer() else cell_text(value)
        if len(digits) in (CCCD_LENGTH - 1, CMND_LENGTH - 1):
            digits = "0" + digits  # Excel shows 033075001234 as 33075001234
    else:
        digits = normalize_id_number(str(value)).lstrip("'")
    if digits.isascii() and digits.isdigit() and len(digits) == CMND_LENGTH:
        return "", digits
    return digits, ""


def phone_of(value: Cell) -> str:
    """A phone cell as text: a number that lost its leading zero gets it back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = cell_text(value)
        return "0" + digits if len(digits) == 9 else digits
    return "" if value is None else str(value)


def name_of(text: str) -> str:
    """A name as stored: a name written all in capitals ("NGUYỄN VĂN AN") in the usual case;
    any other as written (the roster capitalises each word)."""
    words = text.split()
    if text.isupper():
        return " ".join(w[:1] + w[1:].lower() for w in words)
    return " ".join(words)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


_ETHNICITY = {_key(name): name for name in vocab.ETHNICITIES}
_ETHNICITY.update({"hmong": "Mông", "meo": "Mông", "viet": "Kinh", "khome": "Khmer",
                   "khomer": "Khmer", "vankieu": "Bru Vân Kiều", "bru": "Bru Vân Kiều",
                   "edeh": "Ê Đê", "cotu": "Cơ Tu", "kinhviet": "Kinh"})
_RELIGION = {_key(name): name for name in vocab.RELIGIONS}
_RELIGION.update({
    "k": "Không", "0": "Không", "khongco": "Không", "khongtheo": "Không",
    "khongtheodao": "Không", "luongiao": "Không", "luong": "Không",
    "phat": "Phật giáo", "daophat": "Phật giáo", "pg": "Phật giáo",
    "thienchua": "Công giáo", "thienchuagiao": "Công giáo", "daothienchua": "Công giáo",
    "congiao": "Công giáo", "cg": "Công giáo", "tcg": "Công giáo", "giato": "Công giáo",
    "kitogiao": "Công giáo",
    "daotinlanh": "Tin lành", "tinlanhgiao": "Tin lành", "daocaodai": "Cao Đài",
    "phatgiaohoahao": "Hòa Hảo", "daohoahao": "Hòa Hảo", "hoigiaoislam": "Hồi giáo",
    "islam": "Hồi giáo",
})


def ethnicity_of(text: str) -> str:
    """One of the 54 ethnic groups ("H'Mông" → "Mông", "Khơ-me" → "Khmer"); `ValueError`."""
    key = _key(re.sub(r"(?i)^\s*(dân tộc|dan toc)\s+", "", text))
    if key in _ETHNICITY:
        return _ETHNICITY[key]
    raise ValueError(f"Dân tộc “{text}” không có trong danh mục 54 dân tộc.")


def religion_of(text: str) -> tuple[str, bool]:
    """A religion as the form lists it ("Thiên chúa giáo" → "Công giáo"); an unknown one is
    "Khác" (known=False, the caller keeps the words)."""
    key = _key(re.sub(r"(?i)^\s*(tôn giáo|ton giao|đạo|dao)\s+", "", text)) or _key(text)
    if key in _RELIGION:
        return _RELIGION[key], True
    return "Khác", False


_RESIDENCE = {"thuongtru": "thuong_tru", "tt": "thuong_tru", "tamtru": "tam_tru",
              "kt3": "tam_tru", "kt2": "tam_tru", "kt4": "tam_tru",
              **{_key(label): code for code, label in vocab.RESIDENCE_STATUSES.items()}}
_PERSON_STATUS = {"dangcutru": "present", "cutru": "present", "conocutru": "present",
                  **{_key(label): code for code, label in vocab.PERSON_STATUSES.items()},
                  "chuyendi": "moved_away", "damat": "deceased", "chet": "deceased",
                  "dachet": "deceased", "mat": "deceased"}


def residence_of(text: str) -> str:
    """"Thường trú" / "Tạm trú" (also "KT3"), or a household that has left ("Đã chuyển đi")
    → the household's residence status code."""
    key = _key(text)
    if key in _RESIDENCE:
        return _RESIDENCE[key]
    raise ValueError(f"Tình trạng cư trú “{text}” không rõ: ghi Thường trú hoặc Tạm trú.")


def person_status_of(text: str) -> str:
    """"Đang cư trú" / "Đã chuyển đi" / "Đã mất" → the person's status code."""
    key = _key(text)
    if key in _PERSON_STATUS:
        return _PERSON_STATUS[key]
    raise ValueError(f"Tình trạng nhân khẩu “{text}” không rõ: ghi Đang cư trú, Đã chuyển đi "
                     "hoặc Đã mất.")


def code_number(text: str, village_code: str) -> int | None:
    """The number of a household code of the village as a file writes it ("DH-0008",
    "dh-8"); None for anything else (a row number, another village's code)."""
    match = re.fullmatch(rf"{re.escape(village_code.upper())}-(\d{{1,6}})", text.strip().upper(),
                         re.ASCII)
    if match is None or not int(match.group(1)):
        return None
    return int(match.group(1))
