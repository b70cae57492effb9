"""What a roster's columns can hold, the headings real files give them, and the user's
corrections ("Họ tên NK=full_name").

A heading is compared without case, diacritics, brackets or punctuation ("Họ và tên (chữ
in hoa)" reads as "ho va ten"), first whole, then by its longest known beginning ("Họ và
tên nhân khẩu" is a name, "Họ và tên chủ hộ" the head's name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from antt_tui.domain.errors import DomainError
from antt_tui.domain.text import fold

__all__ = ["FIELDS", "HOUSEHOLD_FIELDS", "IGNORED", "MappingError", "column_letter",
           "detect_field", "field_named", "heading_key", "resolve_column"]

FIELDS: dict[str, str] = {
    "full_name": "Họ và tên",
    "name_family": "Họ (cột riêng)",
    "name_middle": "Chữ đệm (cột riêng)",
    "name_given": "Tên (cột riêng)",
    "birth": "Ngày sinh",
    "birth_male": "Năm sinh (cột Nam)",
    "birth_female": "Năm sinh (cột Nữ)",
    "sex": "Giới tính",
    "cccd": "Số định danh cá nhân (CCCD)",
    "cmnd": "Số CMND cũ",
    "relation": "Quan hệ với chủ hộ",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "occupation": "Nghề nghiệp",
    "phone": "Số điện thoại",
    "notes": "Ghi chú",
    "household_no": "Số hộ / mã hộ",
    "legacy_book_no": "Số sổ hộ khẩu",
    "head_name": "Họ tên chủ hộ",
    "address": "Địa chỉ",
    "village": "Thôn",
    "residence_status": "Tình trạng cư trú",
    "person_status": "Tình trạng nhân khẩu",
}
"""Field id → label: what a column can be read as (any other column is left out)."""

HOUSEHOLD_FIELDS = frozenset({"household_no", "legacy_book_no", "head_name", "address",
                              "village", "residence_status"})
"""Fields that describe the household rather than the person on the row."""

IGNORED = ""
"""The field of a column that is read as nothing."""

_HEADINGS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ và tên", "Họ tên", "Họ và tên nhân khẩu", "Họ tên nhân khẩu", "Họ tên NK",
                  "Họ và tên NK", "Tên", "Họ, chữ đệm và tên", "Họ chữ đệm và tên",
                  "Họ và tên thành viên", "Họ tên thành viên", "Tên nhân khẩu", "Nhân khẩu",
                  "Họ và tên người"),
    "name_family": ("Họ",),
    "name_middle": ("Chữ đệm", "Tên đệm", "Đệm", "Tên lót"),
    "birth": ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "NS",
              "Ngày/tháng/năm sinh", "Sinh ngày", "Ngày sinh (dd/mm/yyyy)", "Năm sinh (Nam/Nữ)"),
    "birth_male": ("Nam", "Năm sinh nam"),
    "birth_female": ("Nữ", "Năm sinh nữ"),
    "sex": ("Giới tính", "GT", "Giới", "Nam/Nữ", "Nam, nữ", "Giới tính (Nam/Nữ)"),
    "cccd": ("Số CCCD", "CCCD", "Số định danh", "Số định danh cá nhân", "Căn cước công dân",
             "Số căn cước", "Số căn cước công dân", "Số CCCD/CMND", "CCCD/CMND", "Số ĐDCN",
             "Mã định danh", "Số thẻ căn cước", "Số định danh cá nhân (CCCD)"),
    "cmnd": ("CMND", "Số CMND", "CMND cũ", "Số CMND cũ", "Chứng minh nhân dân",
             "Số chứng minh nhân dân", "Số CMTND", "CMTND"),
    "relation": ("Quan hệ với chủ hộ", "QH với CH", "Quan hệ", "QHCH", "Quan hệ với CH",
                 "QH với chủ hộ", "Quan hệ chủ hộ", "QH", "Quan hệ với người đứng tên"),
    "ethnicity": ("Dân tộc",),
    "religion": ("Tôn giáo", "TG", "Đạo"),
    "occupation": ("Nghề nghiệp", "Nghề", "Nghề nghiệp, nơi làm việc",
                   "Nghề nghiệp nơi làm việc", "Công việc", "Việc làm", "Nghề nghiệp hiện nay"),
    "phone": ("Số điện thoại", "SĐT", "Điện thoại", "Số ĐT", "ĐT liên hệ", "Điện thoại liên hệ"),
    "notes": ("Ghi chú", "Ghi chú khác"),
    "household_no": ("Số hộ", "Hộ số", "Mã hộ", "STT hộ", "Số TT hộ", "Số thứ tự hộ", "TT hộ",
                     "Mã số hộ", "Hộ gia đình số"),
    "legacy_book_no": ("Số hộ khẩu", "Số sổ hộ khẩu", "Số sổ HK", "Sổ hộ khẩu", "Số HK",
                       "Số sổ", "Số sổ hộ khẩu cũ"),
    "head_name": ("Họ tên chủ hộ", "Họ và tên chủ hộ", "Chủ hộ", "Tên chủ hộ", "Chủ hộ (họ tên)"),
    "address": ("Địa chỉ", "Nơi ở hiện tại", "Nơi ở hiện nay", "Chỗ ở hiện nay", "Nơi thường trú",
                "Địa chỉ thường trú", "Địa chỉ hộ", "Nơi cư trú", "Địa chỉ cư trú", "Số nhà"),
    "village": ("Thôn", "Tên thôn", "Mã thôn", "Thôn, xóm", "Thôn/xóm", "Thôn, tổ dân phố",
                "Tổ dân phố", "Khu dân cư", "Thôn/Tổ dân phố", "Xóm", "Ấp", "Bản", "Làng"),
    "residence_status": ("Tình trạng cư trú", "Diện cư trú", "Thường trú/Tạm trú",
                         "Thường trú, tạm trú", "Cư trú", "Loại cư trú"),
    "person_status": ("Tình trạng nhân khẩu", "Tình trạng", "Hiện trạng"),
}
"""Headings as real rosters write them, besides each field's label."""

_SILENT = ("stt", "tt", "so tt", "so thu tu", "loi", "dong", "dong goc", "ly do loi",
           "ngay thay doi tinh trang")
"""Headings of columns that are expected and not worth a mention when left unused (the
row number, and the columns an error file adds)."""


class MappingError(DomainError):
    """A column or field the user named does not exist; the message lists the choices."""


def heading_key(text: str) -> str:
    """A heading as compared: no diacritics, case, brackets or punctuation."""
    folded = re.sub(r"\(.*?\)|\[.*?\]|\*", " ", fold(text))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def _known() -> dict[str, str]:
    known: dict[str, str] = {}
    for field_id, label in FIELDS.items():
        for text in (*_HEADINGS.get(field_id, ()), label):
            key = heading_key(text)
            if key:
                known.setdefault(key, field_id)
    return known


_KNOWN = _known()
_BY_LENGTH = sorted(_KNOWN, key=len, reverse=True)


def detect_field(heading: str) -> str | None:
    """The field a heading names, `IGNORED` for a row-number column, None when unknown."""
    key = heading_key(heading)
    if not key:
        return None
    if key in _KNOWN:
        return _KNOWN[key]
    if key in _SILENT:
        return IGNORED
    for known in _BY_LENGTH:
        if len(known) > 3 and key.startswith(known + " "):
            return _KNOWN[known]
    return None


def is_silent(heading: str) -> bool:
    """Whether an unused column is expected (STT, an error file's own columns)."""
    return heading_key(heading) in _SILENT


def field_named(text: str) -> str:
    """The field a user names: its id ("full_name"), its label ("Họ và tên") or a heading
    ("Họ tên NK"); `IGNORED` for "-" or "bỏ qua". `MappingError` otherwise."""
    value = text.strip()
    if value in FIELDS:
        return value
    key = heading_key(value)
    if value in ("-", "") or key in ("bo", "bo qua", "khong dung", "ignore", "none"):
        return IGNORED
    for field_id, label in FIELDS.items():
        if key in (heading_key(label), field_id.replace("_", " ")):
            return field_id
    found = detect_field(value)
    if found:
        return found
    listed = "; ".join(f"{k} ({v})" for k, v in FIELDS.items())
    raise MappingError(f"Không biết trường “{value}”. Chọn một trong: {listed}; hoặc “-” để "
                       "bỏ qua cột.")


def column_letter(index: int) -> str:
    """The letters Excel shows above a column: 0 → "A", 27 → "AB"."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def resolve_column(ref: str, headings: Sequence[str], *, what: str = "Cột") -> int:
    """The index of the column a user names: by its heading (case and diacritics do not
    matter) or by its letter ("C"). `MappingError` listing the columns otherwise."""
    text = ref.strip()
    key = heading_key(text)
    matches = [i for i, h in enumerate(headings) if h and heading_key(h) == key]
    if len(matches) == 1:
        return matches[0]
    if re.fullmatch(r"[A-Za-z]{1,2}", text):
        letters = [column_letter(i) for i in range(len(headings))]
        if text.upper() in letters:
            return letters.index(text.upper())
    listed = "; ".join(f"{column_letter(i)} “{h}”" for i, h in enumerate(headings) if h)
    if len(matches) > 1:
        raise MappingError(f"{what} “{text}”: có {len(matches)} cột cùng tiêu đề; hãy gọi "
                           f"bằng chữ cái của cột. Các cột: {listed}.")
    raise MappingError(f"{what} “{text}” không có trong tệp. Các cột: {listed}.")


def split_assignment(text: str, *, option: str) -> tuple[str, str]:
    """"Họ tên NK=full_name" → ("Họ tên NK", "full_name"); the last "=" splits."""
    left, sep, right = text.rpartition("=")
    if not sep or not left.strip():
        raise MappingError(f"{option} cần dạng CỘT=GIÁ_TRỊ, ví dụ “Họ tên NK=full_name”; "
                           f"nhận được “{text}”.")
    return left.strip(), right.strip()


def describe_fields(fields: Mapping[str, str] = FIELDS) -> str:
    """The fields as a help text lists them: "full_name (Họ và tên), …"."""
    return ", ".join(f"{k} ({v})" for k, v in fields.items())
