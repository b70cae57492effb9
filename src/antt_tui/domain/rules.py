"""Field rules for households and persons (nhân khẩu): clean, check, and say what is wrong.

Each `clean_*` function takes the fields an officer typed (any subset when editing), returns
them normalised for storage (NFC, codes instead of labels, partial ISO dates), and collects
warnings that the officer may accept. Broken rules raise `ValidationError` naming each field.
Every text goes through `check_text` (or `check_name`) first: no control, bidirectional or
invisible character, and no more than `NAME_MAX`, `LINE_MAX` or `NOTE_MAX` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.domain import cccd, vocab
from antt_tui.domain.dates import PartialDate, parse_date
from antt_tui.domain.errors import ValidationError
from antt_tui.domain.text import LINE_MAX, NOTE_MAX, check_name, check_text, clean

PERSON_FIELDS = (
    "full_name", "birth", "sex", "cccd", "cmnd", "relation", "relation_text", "ethnicity",
    "religion", "occupation", "phone", "notes",
)
"""Fields of a person that an officer edits directly (status and household move by events)."""

HOUSEHOLD_FIELDS = ("address", "residence_status", "notes", "legacy_book_no", "moved_in_on")
"""Fields of a household that an officer edits directly."""

FIELD_LABELS = {
    "full_name": "Họ và tên",
    "birth": "Ngày sinh",
    "sex": "Giới tính",
    "cccd": "Số định danh cá nhân (CCCD)",
    "cmnd": "Số CMND cũ",
    "relation": "Quan hệ với chủ hộ",
    "relation_text": "Quan hệ (ghi rõ)",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "occupation": "Nghề nghiệp",
    "phone": "Số điện thoại",
    "notes": "Ghi chú",
    "status": "Tình trạng",
    "status_on": "Ngày thay đổi tình trạng",
    "household_id": "Hộ",
    "address": "Địa chỉ",
    "residence_status": "Tình trạng cư trú",
    "legacy_book_no": "Số sổ hộ khẩu cũ",
    "code": "Mã hộ",
    "village_id": "Thôn",
    "head_id": "Chủ hộ",
    "moved_out_on": "Ngày chuyển đi",
    "name": "Tên",
    "province": "Tỉnh/thành phố",
    "legacy_district": "Huyện (cũ)",
    "deleted": "Đã xóa",
    "merged_into": "Đã nhập vào hộ",
    "reason": "Lý do",
    "status_reason": "Lý do thay đổi tình trạng",
    "moved_out_reason": "Lý do chuyển đi",
    "deleted_reason": "Lý do xóa",
}
"""Vietnamese labels of stored fields, for messages and the history view."""

_PHONE_RE = re.compile(r"^(?:\+?84|0)\d{9}$")
_HOUSEHOLD_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
HOUSEHOLD_CODE_MAX = 20
"""Most characters in a household code ("DH-0012")."""
_LONG_FIELDS = {"notes": NOTE_MAX}
"""Fields that hold more than one line's worth of text."""


def clean_field(key: str, value: Any, *, what: str = "", max_len: int | None = None,
                multiline: bool = False) -> str:
    """A text field cleaned for storage, or `ValidationError` for `key` saying what is wrong.

    `what` names the field in the message (default: its label in `FIELD_LABELS`); the limit
    is `max_len`, else `NOTE_MAX` for notes and `LINE_MAX` for the rest. None gives "".
    """
    if value is None:
        return ""
    limit = max_len or _LONG_FIELDS.get(key, LINE_MAX)
    try:
        return check_text(str(value), what=what or FIELD_LABELS.get(key, key), max_len=limit,
                          multiline=multiline)
    except ValueError as exc:
        raise ValidationError({key: str(exc)}) from exc


def clean_household_code(text: str) -> str:
    """A household code as stored: upper case ASCII letters, digits and "-" ("dh-12" → "DH-12").

    "" stays "" (the roster then makes the next code of the village). Raises `ValueError` with
    a Vietnamese message for anything else ("AB C", "ĐH-1", "DH_1").
    """
    text = check_text(text, what="Mã hộ", max_len=HOUSEHOLD_CODE_MAX)
    if text and not (text.isascii() and _HOUSEHOLD_CODE.fullmatch(text.upper())):
        raise ValueError(f"Mã hộ “{text}” không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và "
                         "dấu gạch nối, ví dụ DH-0012.")
    return text.upper()


@dataclass(slots=True)
class Cleaned:
    """Fields ready to store, and the warnings the officer must accept first."""

    fields: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def clean_person(raw: dict[str, Any], *, today: date, existing: dict[str, Any] | None = None,
                 require_all: bool = True) -> Cleaned:
    """Clean the person fields in `raw`; `existing` is the stored person when editing."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in raw.items():
        if key not in PERSON_FIELDS:
            errors[key] = f"Trường '{key}' không có trong hồ sơ nhân khẩu."
            continue
        try:
            text = _checked(key, value)
            out[key] = _clean_person_field(key, text, today)
        except ValueError as exc:
            errors[key] = str(exc)
    merged = {**(existing or {}), **out}
    if (require_all or "full_name" in raw) and not merged.get("full_name"):
        errors.setdefault("full_name", "Họ và tên không được để trống.")
    if (require_all or "sex" in raw) and merged.get("sex") not in vocab.SEXES:
        errors.setdefault("sex", "Chọn giới tính: Nam hoặc Nữ.")
    if "cccd" in errors or "birth" in errors or "sex" in errors:
        raise ValidationError(errors)
    if merged.get("cccd") and ({"cccd", "birth", "sex"} & raw.keys()):
        birth = merged.get("birth")
        year = PartialDate.from_iso(birth).year if birth else None
        check = cccd.check_cccd(merged["cccd"], merged.get("sex"), year)
        if check.errors:
            errors["cccd"] = "; ".join(check.errors)
        warnings.extend(check.warnings)
    if errors:
        raise ValidationError(errors)
    return Cleaned(out, warnings)


def _checked(key: str, value: Any) -> str:
    """A typed field as clean text: `ValueError` naming the field for refused characters or
    length, and for a name without a letter."""
    if value is None:
        return ""
    label = FIELD_LABELS.get(key, key)
    if key == "full_name":
        return check_name(str(value), what=label)
    return check_text(str(value), what=label, max_len=_LONG_FIELDS.get(key, LINE_MAX))


def _clean_person_field(key: str, text: str, today: date) -> Any:
    if key == "birth":
        if not text:
            return ""
        birth = PartialDate.parse(text)
        if birth.earliest() > today:
            raise ValueError(f"Ngày sinh {birth.display} ở sau ngày hôm nay.")
        return birth.iso
    if key == "sex":
        return vocab.code_for(vocab.SEXES, text) if text else ""
    if key == "relation":
        return vocab.code_for(vocab.RELATIONS, text, vocab.RELATION_ALIASES) if text else ""
    if key == "cccd":
        if not text:
            return ""
        check = cccd.check_cccd(text, None, None)
        if check.errors:
            raise ValueError("; ".join(check.errors))
        return check.number
    if key == "cmnd":
        if not text:
            return ""
        digits = re.sub(r"[\s.]", "", text)
        if not re.fullmatch(r"\d{9}", digits):
            raise ValueError("Số CMND cũ phải có đúng 9 chữ số.")
        return digits
    if key == "phone":
        return clean_phone(text)
    if key == "full_name":
        if any(ch.isdigit() for ch in text):
            raise ValueError("Họ và tên không được chứa chữ số.")
        # Names are written with a capital letter on every word.
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    return text


def clean_phone(text: str) -> str:
    """A phone number as stored: "0" and nine digits ("+84 912.345.678" → "0912345678").

    Spaces, dots, dashes and brackets are ignored and "" stays "". Raises `ValueError` with a
    Vietnamese message for anything that is not a Vietnamese 10-digit number.
    """
    text = clean(text)
    if not text:
        return ""
    digits = re.sub(r"[\s.\-()]", "", text)
    if not _PHONE_RE.match(digits):
        raise ValueError(f"Số điện thoại '{text}' không hợp lệ: cần 10 chữ số, bắt đầu bằng 0.")
    return "0" + digits[-9:]


def clean_household(raw: dict[str, Any], *, require_all: bool = True) -> Cleaned:
    """Clean household fields (address, residence status, notes, old book number)."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in HOUSEHOLD_FIELDS:
            errors[key] = f"Trường '{key}' không có trong hồ sơ hộ."
            continue
        try:
            text = _checked(key, value)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if key == "residence_status":
            try:
                out[key] = vocab.code_for(vocab.RESIDENCE_STATUSES, text or vocab.PERMANENT)
            except ValueError as exc:
                errors[key] = str(exc)
            continue
        if key == "moved_in_on" and text:
            # The day a household came to live here (K1.3 counts it only from then on).
            try:
                text = parse_date(text).isoformat()
            except ValueError as exc:
                errors[key] = f"Ngày đến cư trú: {exc}"
                continue
        out[key] = text
    if require_all and not out.get("address"):
        errors.setdefault("address", "Địa chỉ của hộ không được để trống.")
    if errors:
        raise ValidationError(errors)
    return Cleaned(out)


def check_birth_before(birth: str, event_iso: str, what: str) -> None:
    """Refuse a birth date after an event already recorded (a death, a move)."""
    if birth and event_iso and PartialDate.from_iso(birth).earliest() > date.fromisoformat(event_iso):
        raise ValidationError({"birth": (
            f"Ngày sinh {PartialDate.from_iso(birth).display} ở sau {what} "
            f"({date.fromisoformat(event_iso):%d/%m/%Y}).")})


def event_date(text: str | date | None, *, today: date, birth: str = "",
               what: str = "Ngày") -> str:
    """An event date (death, move) as ISO: not in the future, not before the birth."""
    if text is None or text == "":
        return today.isoformat()
    try:
        day = text if isinstance(text, date) else parse_date(str(text))
    except ValueError as exc:
        raise ValidationError({"status_on": str(exc)}) from exc
    if day > today:
        raise ValidationError({"status_on": f"{what} {day:%d/%m/%Y} ở sau ngày hôm nay."})
    if birth and PartialDate.from_iso(birth).earliest() > day:
        raise ValidationError({"status_on": f"{what} {day:%d/%m/%Y} ở trước ngày sinh."})
    return day.isoformat()
