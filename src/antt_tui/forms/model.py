"""What a form definition is once loaded: forms, fields, choices and show-if conditions.

These are plain frozen records. ``loader`` builds them from ``forms/*.toml`` and checks them;
``validate`` applies them to what an officer typed. The front end draws a form from a
``FormDef`` alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antt_tui.domain.text import fold, nfc

__all__ = [
    "CHOICE_TYPES",
    "FIELD_TYPES",
    "Choice",
    "Condition",
    "FieldDef",
    "FormDef",
    "FormError",
]

FIELD_TYPES = (
    "text", "textarea", "date", "partial_date", "choice", "multi_choice", "yes_no", "number",
    "cccd", "phone",
)  # fmt: skip
"""Every field type a definition may use."""

CHOICE_TYPES = frozenset({"choice", "multi_choice"})
"""Field types whose answer is picked from a list of choices."""

_YES = frozenset({"co", "yes", "true", "1", "x", "dung"})
"""Folded spellings of "yes" accepted where a yes/no answer arrives as text."""


class FormError(Exception):
    """A form definition is broken, or a form needs a choice list nobody supplied.

    The message reads ``"<file name>:<line>: <Vietnamese explanation>"``; ``path`` and
    ``line`` are kept for callers that want them (``line`` is 0 when unknown).
    """

    def __init__(self, path: Path | None, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path.name if path is not None else "<biểu mẫu>"
        super().__init__(f"{where}:{line}: {reason}" if line else f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer of a choice field: the stored ``value`` and the Vietnamese ``label`` shown."""

    value: str
    label: str


def is_empty(value: Any) -> bool:
    """True for an unanswered field: None, blank text, or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not value
    return False


def as_bool(value: Any) -> bool:
    """Read a yes/no answer: a bool as is, text such as "có"/"không", anything else by truth."""
    if isinstance(value, str):
        return fold(value) in _YES
    return bool(value)


def _as_text(value: Any) -> str:
    """The text a condition compares: NFC and stripped; "" for None."""
    return "" if value is None else nfc(str(value)).strip()


@dataclass(frozen=True, slots=True)
class Condition:
    """Show a field only when an earlier field's answer matches (``show_if`` in a definition).

    Exactly one test is set: ``equals`` (a choice value or text, or true/false for a yes/no
    field), ``one_of`` (any of several values) or ``not_empty``. For a multi-choice field,
    ``equals`` and ``one_of`` hold when the picked values include the value (or any of them).
    """

    field: str
    """Id of the earlier field whose answer decides."""
    equals: str | bool | None = None
    """The answer that shows the field."""
    one_of: tuple[str, ...] = ()
    """Answers that show the field."""
    not_empty: bool = False
    """Show the field whenever the other field has any answer."""

    def holds(self, values: Mapping[str, Any]) -> bool:
        """True when ``values`` (field id → answer) make the field visible."""
        value = values.get(self.field)
        if self.not_empty:
            return not is_empty(value) and value is not False
        if isinstance(self.equals, bool):
            return as_bool(value) is self.equals
        wanted = (self.equals,) if self.equals is not None else self.one_of
        if isinstance(value, list | tuple | set | frozenset):
            return any(_as_text(v) in wanted for v in value)
        return _as_text(value) in wanted


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One question of a form, as declared in a ``[[fields]]`` table."""

    id: str
    """Key of the answer; one dot groups answers ("head.full_name" → cleaned["head"])."""
    type: str
    """One of ``FIELD_TYPES``."""
    label: str
    """Vietnamese label drawn beside the input."""
    help: str = ""
    """Vietnamese one-liner drawn under the input."""
    required: bool = False
    """An empty answer is an error."""
    choices: tuple[Choice, ...] = ()
    """The answers of a choice field, when listed in the definition."""
    choices_from: str = ""
    """Named list of answers: built in (see ``builtin_choices``) or supplied by the caller."""
    exclude: tuple[str, ...] = ()
    """Choice values left out of the list (e.g. "chu_ho" from relations)."""
    default: Any = None
    """Answer shown in a new form, in the shape the front end gives back."""
    placeholder: str = ""
    """Grey hint inside an empty input."""
    show_if: Condition | None = None
    """Show (and check) the field only when this holds."""
    min: float | None = None
    """Smallest accepted number."""
    max: float | None = None
    """Largest accepted number."""
    whole: bool = False
    """Only whole numbers are accepted (counts of people, amounts in đồng)."""
    max_length: int | None = None
    """Most characters accepted in a text."""
    pattern: str = ""
    """Regular expression a text must match entirely."""
    pattern_message: str = ""
    """Vietnamese message when ``pattern`` does not match."""
    section: str = ""
    """Vietnamese heading the field is drawn under ("" before the first heading)."""
    not_future: bool = False
    """A date after today is an error (births)."""
    line: int = 0
    """Line of the field's ``id`` in the definition file, for messages."""


@dataclass(frozen=True, slots=True)
class FormDef:
    """A whole form: title, description and fields in the order they are drawn."""

    id: str
    """Name the program opens the form by ("household", "person")."""
    title: str
    """Vietnamese title of the screen."""
    description: str
    """Vietnamese sentence or two under the title."""
    fields: tuple[FieldDef, ...]
    """The questions, in order."""
    path: Path
    """The definition file."""
    submit_label: str = "Lưu"
    """Text of the save button."""

    def field(self, id: str) -> FieldDef:
        """The field with this id; ``KeyError`` when the form has none."""
        for f in self.fields:
            if f.id == id:
                return f
        raise KeyError(f"form {self.id!r} has no field {id!r}")
