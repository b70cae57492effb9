"""Apply a form to what an officer typed: which fields show, what is wrong, what to store.

Answers arrive the way the front end holds them: text for text-like fields, a bool for
yes/no, a list of values for multi-choice and a value for a choice. ``validate`` returns
them cleaned for the domain layer (NFC text, ISO dates, codes, digits) with a Vietnamese
message per wrong field. Every text answer goes through the domain's ``check_text`` (no
control, bidirectional or invisible characters; at most ``max_length``, else ``LINE_MAX`` or
``NOTE_MAX`` characters), and no number is beyond ``MAX_AMOUNT``. Checks that need the whole
record (a CCCD that disagrees with the birth year, a CCCD used twice) belong to the domain
layer, not here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from antt_tui.domain.cccd import check_cccd
from antt_tui.domain.dates import PartialDate, check_not_future, format_date, parse_date
from antt_tui.domain.numbers import MAX_AMOUNT, vn_number
from antt_tui.domain.rules import clean_phone
from antt_tui.domain.text import LINE_MAX, NOTE_MAX, check_text, nfc
from antt_tui.forms.choices import match_choice, resolve_choices
from antt_tui.forms.model import CHOICE_TYPES, Choice, FieldDef, FormDef, FormError, as_bool

__all__ = ["FormResult", "initial_values", "validate", "visible_fields"]

Sources = Mapping[str, Sequence[Choice]]

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?", re.ASCII)
_NUMBER_DIGITS = 30
"""Longer numbers are refused before being read (beyond any bound, and slow to convert)."""
_MISSING = object()


@dataclass(frozen=True, slots=True)
class FormResult:
    """What ``validate`` found: the cleaned answers and a message per wrong field."""

    cleaned: dict[str, Any]
    """Answers of the visible fields, ready for the domain layer; dotted ids are nested."""
    errors: dict[str, str]
    """Field id → Vietnamese message; empty when the form can be saved."""

    @property
    def ok(self) -> bool:
        """True when no field is wrong."""
        return not self.errors


def visible_fields(
    form: FormDef, values: Mapping[str, Any], *, sources: Sources | None = None
) -> list[FieldDef]:
    """The fields to draw and check, in order: those whose ``show_if`` holds for ``values``.

    A condition sees the earlier visible answers, with a choice typed as its label read as its
    value; a field hidden by its own condition counts as unanswered for the fields after it.
    """
    seen: dict[str, Any] = {}
    shown: list[FieldDef] = []
    for field in form.fields:
        if field.show_if is not None and not field.show_if.holds(seen):
            continue
        shown.append(field)
        seen[field.id] = _condition_view(field, _raw(values, field), sources)
    return shown


def validate(
    form: FormDef, values: Mapping[str, Any], *, today: date, sources: Sources | None = None
) -> FormResult:
    """Check and clean the answers in ``values`` (field id → answer) against ``form``.

    A field id missing from ``values`` takes the field's default; hidden fields are neither
    checked nor returned. ``today`` decides what "in the future" means; ``sources`` supplies
    the choice lists the program knows at run time ("villages", "members"). A named list
    that nobody supplies is a ``FormError``.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in visible_fields(form, values, sources=sources):
        raw = _raw(values, field)
        try:
            value = _clean(field, raw, today, sources)
        except FormError as exc:
            raise FormError(form.path, exc.line, exc.reason) from None
        except ValueError as exc:
            errors[field.id] = str(exc)
            continue
        group, _, name = field.id.rpartition(".")
        (cleaned.setdefault(group, {}) if group else cleaned)[name] = value
    return FormResult(cleaned, errors)


def initial_values(form: FormDef, record: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The answers to fill a form with, in the shape the front end holds them.

    Each field takes its value from ``record`` (a stored record, nested or with dotted keys)
    or else its default: text for text-like fields (ISO dates shown as 24/07/1988), a bool for
    yes/no, a list for multi-choice. Hidden fields are included, so every input has a value.
    """
    out: dict[str, Any] = {}
    for field in form.fields:
        value = _lookup(record or {}, field.id)
        if value is _MISSING or value is None:
            value = field.default
        out[field.id] = _shown(field, value)
    return out


# --------------------------------------------------------------------------- helpers


def _lookup(values: Mapping[str, Any], field_id: str) -> Any:
    """``values[field_id]``, or ``values[group][name]`` for a dotted id, or _MISSING."""
    if field_id in values:
        return values[field_id]
    group, _, name = field_id.partition(".")
    inner = values.get(group) if name else None
    if isinstance(inner, Mapping) and name in inner:
        return inner[name]
    return _MISSING


def _raw(values: Mapping[str, Any], field: FieldDef) -> Any:
    """The answer given for ``field``, or its default when the key is missing."""
    value = _lookup(values, field.id)
    return field.default if value is _MISSING else value


def _text(value: Any, *, multiline: bool = False, max_len: int | None = None) -> str:
    """An answer as NFC text: whitespace collapsed, or, for a textarea, each line trimmed.

    Control, bidirectional and invisible characters are refused (``check_text``), and so is
    a text longer than ``max_len`` (by default ``NOTE_MAX`` for a textarea, else
    ``LINE_MAX``).
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("Giá trị không hợp lệ.")
    limit = max_len or (NOTE_MAX if multiline else LINE_MAX)
    return check_text(str(value), max_len=limit, multiline=multiline)


def _as_list(value: Any) -> list[str]:
    """A multi-choice answer as a list of stripped strings (text is split at commas)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValueError("Giá trị không hợp lệ.")
    return [nfc(str(v)).strip() for v in value if str(v).strip()]


def _condition_view(field: FieldDef, raw: Any, sources: Sources | None) -> Any:
    """An answer as conditions compare it: choice labels turned into values where possible."""
    try:
        if field.type == "yes_no":
            return as_bool(raw) if raw is not None else None
        if field.type in CHOICE_TYPES:
            choices = resolve_choices(field, sources)
            picked = _as_list(raw) if field.type == "multi_choice" else [_text(raw)] if raw else []
            values = [_match_or_keep(choices, v) for v in picked]
            return values if field.type == "multi_choice" else (values[0] if values else "")
        return "" if raw is None else _text(raw, multiline=field.type == "textarea")
    except (ValueError, FormError):
        return raw


def _match_or_keep(choices: Sequence[Choice], text: str) -> str:
    """The value ``text`` names among ``choices``, or ``text`` itself."""
    try:
        return match_choice(choices, text)
    except ValueError:
        return text


def _clean(field: FieldDef, raw: Any, today: date, sources: Sources | None) -> Any:
    """One answer cleaned; ``ValueError`` with a Vietnamese message when it is wrong."""
    kind = field.type
    if kind == "yes_no":
        if raw is None or raw == "":
            if field.required:
                raise ValueError("Bắt buộc chọn Có hoặc Không.")
            return False
        return as_bool(raw)
    if kind in CHOICE_TYPES:
        return _clean_choice(field, raw, sources)
    if kind in ("date", "partial_date") and isinstance(raw, date):
        raw = format_date(raw)
    text = "" if raw is None else _text(raw, multiline=kind == "textarea",
                                        max_len=field.max_length)
    if not text:
        if field.required:
            raise ValueError("Bắt buộc nhập.")
        return None if kind in ("number", "date", "partial_date") else ""
    if kind == "partial_date":
        birth = PartialDate.parse(text)
        if field.not_future:
            check_not_future(birth, today)
        return birth.iso
    if kind == "date":
        day = parse_date(text)
        if field.not_future and day > today:
            raise ValueError(f"Ngày {format_date(day)} ở sau ngày hôm nay ({format_date(today)}).")
        return day.isoformat()
    if kind == "number":
        return _clean_number(field, text)
    if kind == "cccd":
        check = check_cccd(text)
        if check.errors:
            raise ValueError(" ".join(check.errors))
        return check.number
    if kind == "phone":
        return clean_phone(text)
    if field.pattern and not re.fullmatch(field.pattern, text):
        raise ValueError(field.pattern_message or "Không đúng định dạng.")
    return text


def _clean_choice(field: FieldDef, raw: Any, sources: Sources | None) -> Any:
    """A choice answer as its value, or a multi-choice answer as a list of values."""
    choices = resolve_choices(field, sources)
    if field.type == "multi_choice":
        picked = _as_list([] if raw is None else raw)
        if not picked and field.required:
            raise ValueError("Bắt buộc chọn ít nhất một.")
        values = [match_choice(choices, v) for v in picked]
        return list(dict.fromkeys(values))
    text = "" if raw is None else _text(raw)
    if not text:
        if field.required:
            raise ValueError("Bắt buộc chọn.")
        return ""
    return match_choice(choices, text)


def _clean_number(field: FieldDef, text: str) -> int | float:
    """A number typed with "." or "," as the decimal mark, within ``min`` and ``max``.

    Whatever the form says, a number is never beyond ``MAX_AMOUNT`` either way, so every
    stored amount can be printed and read back exactly; a ``whole`` field takes no fraction.
    """
    compact = text.replace(" ", "")
    if not _NUMBER.fullmatch(compact):
        raise ValueError(f"“{text}” không phải là số (ví dụ: 12 hoặc 2,5).")
    low = max(field.min, -MAX_AMOUNT) if field.min is not None else -MAX_AMOUNT
    high = min(field.max, MAX_AMOUNT) if field.max is not None else MAX_AMOUNT
    if sum(ch.isdigit() for ch in compact) > _NUMBER_DIGITS:
        raise ValueError(_out_of_range(compact.startswith("-"), low, high))
    if compact.lstrip("+-").isdigit():
        value: int | float = int(compact)
    else:
        number = float(compact.replace(",", "."))
        value = int(number) if number.is_integer() else number
    if field.whole and isinstance(value, float):
        raise ValueError(f"Phải là số nguyên, không có phần lẻ (đã nhập “{text}”).")
    if not low <= value <= high:
        raise ValueError(_out_of_range(value < low, low, high))
    return value


def _out_of_range(too_small: bool, low: float, high: float) -> str:
    """The message for a number below ``low`` or above ``high``."""
    if too_small:
        return f"Phải từ {_bound_text(low)} trở lên."
    return f"Không được lớn hơn {_bound_text(high)}."


def _bound_text(value: float) -> str:
    """A bound as Vietnamese documents write it: 3, 2,5, 2100, 1.000.000 (a year or a small
    count is not grouped)."""
    if float(value).is_integer() and abs(value) >= 10_000:
        return vn_number(value)
    return _number_text(value)


def _number_text(value: float) -> str:
    """A number as typed back into a form: 3, 2,5 (no thousands dots, which read as a
    decimal mark)."""
    return f"{value:g}".replace(".", ",")


def _shown(field: FieldDef, value: Any) -> Any:
    """A stored or default value in the shape the front end holds for ``field``."""
    kind = field.type
    if kind == "yes_no":
        return as_bool(value) if value is not None else False
    if kind == "multi_choice":
        return [str(v) for v in value] if isinstance(value, list | tuple) else []
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if kind == "partial_date" and isinstance(value, str):
        try:
            return PartialDate.from_iso(value).display
        except ValueError:
            return value
    if kind == "date" and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if kind == "number" and isinstance(value, float):
        return _number_text(value) if not value.is_integer() else str(int(value))
    return str(value)
