"""Controlled vocabularies: stable English-ASCII codes with their Vietnamese labels.

Records store the code; screens, forms and reports show the label. Each vocabulary is a
read-only mapping in display order. ``code_for`` turns what a user typed or a legacy file
held (a code or a label, with or without diacritics) back into a code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from antt_tui.domain.text import fold

__all__ = [
    "DECEASED",
    "DISSOLVED",
    "ETHNICITIES",
    "HEAD",
    "LIVING",
    "MOVED_AWAY",
    "MOVED_OUT",
    "OTHER_RELATION",
    "PERMANENT",
    "PERSON_STATUSES",
    "PRESENT",
    "RELATIONS",
    "RELATION_ALIASES",
    "RELIGIONS",
    "RESIDENCE_STATUSES",
    "SEXES",
    "TEMPORARY",
    "code_for",
    "label",
]

RELATIONS: Mapping[str, str] = MappingProxyType(
    {
        "chu_ho": "Chủ hộ",
        "vo": "Vợ",
        "chong": "Chồng",
        "con_de": "Con đẻ",
        "con_nuoi": "Con nuôi",
        "con_dau": "Con dâu",
        "con_re": "Con rể",
        "chau": "Cháu",
        "chat": "Chắt",
        "bo": "Bố",
        "me": "Mẹ",
        "ong_noi": "Ông nội",
        "ba_noi": "Bà nội",
        "ong_ngoai": "Ông ngoại",
        "ba_ngoai": "Bà ngoại",
        "bo_chong": "Bố chồng",
        "me_chong": "Mẹ chồng",
        "bo_vo": "Bố vợ",
        "me_vo": "Mẹ vợ",
        "anh_ruot": "Anh ruột",
        "chi_ruot": "Chị ruột",
        "em_ruot": "Em ruột",
        "anh_chi_em_dau_re": "Anh/chị/em dâu, rể",
        "co_di_chu_bac_cau": "Cô, dì, chú, bác, cậu",
        "o_nho": "Người ở nhờ",
        "o_thue": "Người ở thuê",
        "o_cung": "Người ở cùng",
        "khac": "Khác",
    }
)
"""Quan hệ với chủ hộ (relationship to the head of household), DOMAIN.md §4.5."""

HEAD = "chu_ho"
"""The ``RELATIONS`` code of the head of household (chủ hộ)."""

OTHER_RELATION = "khac"
"""The ``RELATIONS`` code "Khác" (other), whose wording is kept in ``relation_text``."""

RELATION_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "CH": "chu_ho",
        "Con": "con_de",
        "Cha": "bo",
        "Cha đẻ": "bo",
        "Bố đẻ": "bo",
        "Mẹ đẻ": "me",
        "Cháu ruột": "chau",
        "Cháu nội": "chau",
        "Cháu ngoại": "chau",
    }
)
"""Other spellings of relations seen in legacy rosters, for ``code_for(..., aliases=...)``."""

SEXES: Mapping[str, str] = MappingProxyType({"nam": "Nam", "nu": "Nữ"})
"""Giới tính (sex)."""

RESIDENCE_STATUSES: Mapping[str, str] = MappingProxyType(
    {
        "thuong_tru": "Thường trú",
        "tam_tru": "Tạm trú",
        "da_chuyen_di": "Đã chuyển đi",
        "giai_the": "Đã giải thể",
    }
)
"""Tình trạng cư trú of a household (permanent, temporary, moved away, dissolved: merged
into another household or no member left)."""

PERMANENT = "thuong_tru"
"""``RESIDENCE_STATUSES`` code: thường trú (permanent residence)."""
TEMPORARY = "tam_tru"
"""``RESIDENCE_STATUSES`` code: tạm trú (temporary residence)."""
MOVED_OUT = "da_chuyen_di"
"""``RESIDENCE_STATUSES`` code: the whole household moved away."""
DISSOLVED = "giai_the"
"""``RESIDENCE_STATUSES`` code: merged into another household, or no member left."""

PERSON_STATUSES: Mapping[str, str] = MappingProxyType(
    {
        "present": "Đang cư trú",
        "moved_away": "Đã chuyển đi",
        "deceased": "Đã mất",
    }
)
"""Whether a person still lives in the household."""

PRESENT = "present"
"""``PERSON_STATUSES`` code: lives in the household (a record without a status is present)."""
MOVED_AWAY = "moved_away"
"""``PERSON_STATUSES`` code: moved away from the commune."""
DECEASED = "deceased"
"""``PERSON_STATUSES`` code: died."""

LIVING: tuple[str, ...] = (PERMANENT, TEMPORARY)
"""Residence statuses of a household that still lives in the village (the others: moved
away, dissolved)."""

VILLAGE_PREFIXES: tuple[str, ...] = (
    "thon", "xom", "ban", "ap", "lang", "khu", "to", "khom", "buon", "soc", "phum")
"""First words of a village name (folded) that are not part of its proper name."""


def village_code(name: str, taken: Iterable[str] = ()) -> str:
    """A short code from a village name: the initials of its proper name, or the first two
    letters of a one-word name, a number added when taken ("Thôn Đông Hạ" → "DH", "Xóm Bãi"
    → "BA", a second "Thôn Đông Hạ" → "DH2")."""
    words = [w for w in fold(name).upper().split() if w.isalnum()]
    core = (words[1:] if len(words) > 1 and words[0].lower() in VILLAGE_PREFIXES else words)
    core = core or ["TH"]
    base = "".join(w[0] for w in core)[:4] if len(core) > 1 else core[0][:2]
    used = {t.upper() for t in taken}
    code, n = base, 1
    while code in used:
        n += 1
        code = f"{base}{n}"
    return code


TABLE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "communes": "xã", "villages": "thôn", "households": "hộ", "persons": "nhân khẩu",
        "visits": "lượt kiểm tra", "incidents": "vụ việc", "commitments": "cam kết",
        "documents": "văn bản", "teams": "tổ/mô hình", "team_activities": "hoạt động của tổ",
        "confirmations": "xác nhận", "reports": "báo cáo", "settings": "cài đặt",
    }
)
"""What a table's records are called ("3 lượt kiểm tra"), for messages and history."""

ETHNICITIES: tuple[str, ...] = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip
"""Dân tộc: the 54 recognised ethnic groups, largest first ("Mông" is also written H'Mông)."""

RELIGIONS: tuple[str, ...] = (
    "Không",
    "Phật giáo",
    "Công giáo",
    "Tin lành",
    "Cao Đài",
    "Hòa Hảo",
    "Hồi giáo",
    "Khác",
)
"""Tôn giáo (religion); "Không" means none."""


def label(vocab: Mapping[str, str], code: str, default: str | None = None) -> str:
    """Return the Vietnamese label of ``code`` in ``vocab`` ("con_de" → "Con đẻ").

    An unknown code returns ``default`` when one is given, and raises ``ValueError`` otherwise.
    """
    try:
        return vocab[code]
    except KeyError:
        if default is not None:
            return default
        raise ValueError(f"Mã “{code}” không có trong danh mục.") from None


def code_for(vocab: Mapping[str, str], text: str, aliases: Mapping[str, str] | None = None) -> str:
    """Return the code that ``text`` names: a code ("con_de") or a label ("Con đẻ").

    Matching ignores case, diacritics and extra spaces ("CON DE", "con đẻ" and "Con  đẻ" all
    give "con_de"). ``aliases`` maps other spellings to codes (see ``RELATION_ALIASES``).
    Raises ``ValueError`` with a Vietnamese message listing the choices when nothing matches.
    """
    if text in vocab:
        return text
    key = fold(text)
    for code, text_label in vocab.items():
        if key in (fold(text_label), code, code.replace("_", " ")):
            return code
    for alias, code in (aliases or {}).items():
        if key == fold(alias):
            return code
    choices = ", ".join(vocab.values())
    raise ValueError(f"“{text.strip()}” không có trong danh mục. Chọn một trong: {choices}.")
