"""Check one ``[[fields]]`` table of a form definition and build its ``FieldDef``.

Each check raises through ``fail(key, reason)``, which the loader turns into a ``FormError``
at the line of ``key`` inside the field (or of the field's ``id`` when ``key`` is None).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from typing import Any

from antt_tui.domain.dates import PartialDate, format_date, parse_date
from antt_tui.domain.text import nfc
from antt_tui.forms.choices import builtin_choices, resolve_choices
from antt_tui.forms.model import CHOICE_TYPES, FIELD_TYPES, Choice, Condition, FieldDef, FormError

__all__ = ["FIELD_KEYS", "Fail", "read_field"]

Fail = Callable[[str | None, str], FormError]
"""Builds the error for a key of the field being read (None: the field as a whole)."""

FIELD_KEYS = (
    "id", "type", "label", "help", "required", "choices", "choices_from", "exclude", "default",
    "placeholder", "show_if", "min", "max", "max_length", "pattern", "pattern_message",
    "section", "not_future", "whole",
)  # fmt: skip
"""Every key a ``[[fields]]`` table may hold."""

_CONDITION_KEYS = ("field", "equals", "one_of", "not_empty")
_TEXT_KEYS = ("help", "placeholder", "choices_from", "pattern", "pattern_message", "section")

# Keys that only make sense for some field types.
_ONLY_FOR: dict[str, frozenset[str]] = {
    "choices": CHOICE_TYPES,
    "choices_from": CHOICE_TYPES,
    "exclude": CHOICE_TYPES,
    "min": frozenset({"number"}),
    "max": frozenset({"number"}),
    "whole": frozenset({"number"}),
    "max_length": frozenset({"text", "textarea"}),
    "pattern": frozenset({"text"}),
    "pattern_message": frozenset({"text"}),
    "not_future": frozenset({"date", "partial_date"}),
    "placeholder": frozenset(FIELD_TYPES) - {"yes_no"},
}

_FIELD_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?")
_SOURCE_NAME = re.compile(r"[a-z][a-z0-9_]*")


def read_field(
    entry: dict[str, Any], before: list[FieldDef], *, line: int, all_ids: Collection[str], fail: Fail
) -> FieldDef:
    """Check ``entry`` against the fields ``before`` it and build its FieldDef.

    ``line`` is the line of its ``id``; ``all_ids`` are the ids of every field in the file,
    so that a condition on a later field is named as such.
    """
    for key in entry:
        if key not in FIELD_KEYS:
            raise fail(key, f"khóa “{key}” không hợp lệ. Các khóa hợp lệ: {', '.join(FIELD_KEYS)}.")
    field_id = entry.get("id")
    if not isinstance(field_id, str) or not field_id:
        raise fail(None, "thiếu khóa id (mã của trường).")
    if not _FIELD_ID.fullmatch(field_id):
        raise fail(
            "id",
            (
                "mã trường chỉ được gồm chữ thường không dấu, chữ số, dấu _ "
                "và nhiều nhất một dấu chấm (ví dụ head.full_name)."
            ),
        )
    _check_id_free(field_id, before, fail)

    kind = entry.get("type")
    if kind not in FIELD_TYPES:
        known = ", ".join(FIELD_TYPES)
        raise fail(
            "type",
            f"kiểu “{kind}” không có. Các kiểu: {known}."
            if kind is not None
            else f"thiếu khóa type. Các kiểu: {known}.",
        )
    for key, types in _ONLY_FOR.items():
        if key in entry and kind not in types:
            raise fail(key, f"khóa “{key}” không dùng cho kiểu {kind}.")

    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        raise fail("label", "thiếu khóa label (nhãn tiếng Việt của trường).")
    texts: dict[str, str] = {}
    for key in _TEXT_KEYS:
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise fail(key, f"khóa “{key}” phải là một chuỗi trong dấu ngoặc kép.")
        texts[key] = nfc(value).strip()
    flags: dict[str, bool] = {}
    for key in ("required", "not_future", "whole"):
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise fail(key, f"khóa “{key}” phải là true hoặc false.")
        flags[key] = value

    choices, exclude = _choices(kind, entry, texts["choices_from"], fail)
    low, high = _bound(entry, "min", fail), _bound(entry, "max", fail)
    if low is not None and high is not None and low > high:
        raise fail("min", f"min ({low:g}) lớn hơn max ({high:g}).")
    max_length = entry.get("max_length")
    if max_length is not None and (type(max_length) is not int or max_length < 1):
        raise fail("max_length", "max_length phải là một số nguyên dương.")
    if texts["pattern"]:
        try:
            re.compile(texts["pattern"])
        except re.error as exc:
            raise fail("pattern", f"biểu thức pattern sai: {exc}.") from None

    field = FieldDef(
        id=field_id,
        type=kind,
        label=nfc(label).strip(),
        help=texts["help"],
        required=flags["required"],
        choices=choices,
        choices_from=texts["choices_from"],
        exclude=exclude,
        placeholder=texts["placeholder"],
        show_if=_condition(entry.get("show_if"), before, all_ids, fail),
        min=low,
        max=high,
        max_length=max_length,
        pattern=texts["pattern"],
        pattern_message=texts["pattern_message"],
        # A field without a section stays under the heading of the field before it.
        section=texts["section"] or (before[-1].section if before else ""),
        not_future=flags["not_future"],
        whole=flags["whole"],
        line=line,
    )
    if "default" in entry:
        field = replace(field, default=_default(field, entry["default"], fail))
    return field


def _check_id_free(field_id: str, before: list[FieldDef], fail: Fail) -> None:
    """Refuse a repeated id, or a group name also used as a plain field ("head", "head.x")."""
    group = field_id.split(".")[0]
    for other in before:
        if other.id == field_id:
            raise fail("id", f"mã trường bị trùng với trường ở dòng {other.line}.")
        if (other.id == group and "." in field_id) or other.id.split(".")[0] == field_id:
            raise fail("id", f"“{group}” vừa là một trường vừa là nhóm trường (xem dòng {other.line}).")


def _bound(entry: dict[str, Any], key: str, fail: Fail) -> float | None:
    """``min`` or ``max`` as a number, or None when absent."""
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(key, f"khóa “{key}” phải là một số.")
    return value


def _known_choices(field: FieldDef) -> tuple[Choice, ...] | None:
    """The choices of ``field`` when they are known now (inline or built in), else None."""
    if field.choices or builtin_choices(field.choices_from) is not None:
        return resolve_choices(field)
    return None


def _choices(
    kind: str, entry: dict[str, Any], source: str, fail: Fail
) -> tuple[tuple[Choice, ...], tuple[str, ...]]:
    """The inline choices and the excluded values of a choice field."""
    if kind not in CHOICE_TYPES:
        return (), ()
    listed = entry.get("choices")
    if listed is not None and source:
        raise fail("choices", "chỉ dùng một trong hai khóa choices hoặc choices_from.")
    if listed is None and not source:
        raise fail(None, f"trường kiểu {kind} cần khóa choices hoặc choices_from.")
    if source and not _SOURCE_NAME.fullmatch(source):
        raise fail("choices_from", f"tên danh sách “{source}” chỉ gồm chữ thường không dấu và dấu _.")
    choices: list[Choice] = []
    if listed is not None:
        if not isinstance(listed, list) or not listed:
            raise fail("choices", "choices phải là một danh sách có ít nhất một lựa chọn.")
        choices = [_choice(item, fail) for item in listed]
        values = [c.value for c in choices]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise fail("choices", f"giá trị lựa chọn bị trùng: {', '.join(repeated)}.")
    exclude = entry.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(v, str) for v in exclude):
        raise fail("exclude", "exclude phải là một danh sách chuỗi.")
    exclude = [nfc(v).strip() for v in exclude]
    known = choices or builtin_choices(source)
    if known is not None:
        missing = [v for v in exclude if v not in {c.value for c in known}]
        if missing:
            raise fail("exclude", f"exclude có giá trị không nằm trong danh sách: {', '.join(missing)}.")
    return tuple(choices), tuple(exclude)


def _choice(item: Any, fail: Fail) -> Choice:
    """One inline choice: "Nhãn" (value = label) or { value = "ma", label = "Nhãn" }."""
    if isinstance(item, str) and item.strip():
        text = nfc(item).strip()
        return Choice(text, text)
    if isinstance(item, dict) and set(item) <= {"value", "label"} and "value" in item:
        value, text = item["value"], item.get("label", item["value"])
        if isinstance(value, str) and isinstance(text, str) and value.strip() and text.strip():
            return Choice(nfc(value).strip(), nfc(text).strip())
    raise fail("choices", 'mỗi lựa chọn là một chuỗi "Nhãn" hoặc { value = "ma", label = "Nhãn" }.')


def _condition(raw: Any, before: list[FieldDef], all_ids: Collection[str], fail: Fail) -> Condition | None:
    """The ``show_if`` table, checked against the earlier fields."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise fail("show_if", 'show_if phải có dạng { field = "...", equals = "..." }.')
    for key in raw:
        if key not in _CONDITION_KEYS:
            raise fail(
                "show_if", f"show_if có khóa “{key}” không hợp lệ. Các khóa: {', '.join(_CONDITION_KEYS)}."
            )
    target_id = raw.get("field")
    if not isinstance(target_id, str) or not target_id:
        raise fail("show_if", 'show_if thiếu khóa field (mã trường quyết định), ví dụ field = "relation".')
    target = next((f for f in before if f.id == target_id), None)
    if target is None:
        where = "đứng sau trường này" if target_id in all_ids else "không có trong biểu mẫu"
        raise fail(
            "show_if",
            (
                f"show_if dựa vào trường “{target_id}”, nhưng trường đó {where}; "
                "show_if chỉ được dựa vào một trường đứng trước."
            ),
        )
    equals = raw.get("equals")
    one_of = raw.get("one_of", [])
    not_empty = raw.get("not_empty", False)
    if not isinstance(not_empty, bool):
        raise fail("show_if", "not_empty phải là true hoặc false.")
    if not isinstance(one_of, list) or not all(isinstance(v, str) for v in one_of):
        raise fail("show_if", "one_of phải là một danh sách chuỗi.")
    if sum((equals is not None, bool(one_of), not_empty)) != 1:
        raise fail("show_if", "show_if cần đúng một điều kiện: equals, one_of hoặc not_empty = true.")
    if equals is not None and not isinstance(equals, str | bool):
        raise fail("show_if", "equals phải là một chuỗi, hoặc true/false với trường có/không.")
    if not_empty:
        return Condition(target.id, not_empty=True)
    if target.type == "yes_no" or isinstance(equals, bool):
        if target.type != "yes_no":
            raise fail(
                "show_if",
                f"equals = true/false chỉ dùng với trường kiểu yes_no; “{target.id}” là {target.type}.",
            )
        if not isinstance(equals, bool):
            raise fail("show_if", f"“{target.id}” là trường có/không: dùng equals = true hoặc false.")
        return Condition(target.id, equals=equals)
    wanted = [nfc(equals)] if isinstance(equals, str) else [nfc(v) for v in one_of]
    known = _known_choices(target) if target.type in CHOICE_TYPES else None
    if known is not None:
        missing = [v for v in wanted if v not in {c.value for c in known}]
        if missing:
            raise fail(
                "show_if",
                (
                    f"giá trị {', '.join(f'“{v}”' for v in missing)} "
                    f"không có trong các lựa chọn của “{target.id}”."
                ),
            )
    if isinstance(equals, str):
        return Condition(target.id, equals=wanted[0])
    return Condition(target.id, one_of=tuple(wanted))


def _default(field: FieldDef, value: Any, fail: Fail) -> Any:
    """The default in the shape the front end gives back, checked against the field."""
    kind = field.type
    if kind == "yes_no":
        if not isinstance(value, bool):
            raise fail("default", "default của trường có/không phải là true hoặc false.")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail("default", "default của trường số phải là một số.")
        if (field.min is not None and value < field.min) or (field.max is not None and value > field.max):
            raise fail("default", "default nằm ngoài khoảng min–max.")
        if field.whole and not float(value).is_integer():
            raise fail("default", "default của trường whole = true phải là số nguyên.")
        return value
    if kind in ("date", "partial_date") and isinstance(value, date):
        return format_date(value)
    if kind == "multi_choice":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("default", "default của trường chọn nhiều phải là một danh sách chuỗi.")
        picked = [nfc(v).strip() for v in value]
    elif isinstance(value, str):
        picked = [nfc(value).strip()] if value.strip() else []
    else:
        raise fail("default", "default phải là một chuỗi trong dấu ngoặc kép.")
    for text in picked:
        _check_default(field, text, fail)
    return picked if kind == "multi_choice" else (picked[0] if picked else "")


def _check_default(field: FieldDef, text: str, fail: Fail) -> None:
    """Refuse a date default that cannot be read, or a choice default not among the choices."""
    try:
        if field.type == "date":
            parse_date(text)
        elif field.type == "partial_date":
            PartialDate.parse(text)
    except ValueError as exc:
        raise fail("default", str(exc)) from None
    known = _known_choices(field) if field.type in CHOICE_TYPES else None
    if known is not None and text not in {c.value for c in known}:
        values = ", ".join(c.value for c in known[:10]) + (", …" if len(known) > 10 else "")
        raise fail("default", f"default “{text}” không nằm trong các lựa chọn ({values}).")
