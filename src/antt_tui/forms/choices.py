"""Choice lists of choice fields: the built-in vocabularies and the caller's own lists."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from antt_tui.domain import vocab
from antt_tui.domain.text import fold, nfc
from antt_tui.forms.model import Choice, FieldDef, FormError

__all__ = ["BUILTIN_SOURCES", "builtin_choices", "closest_choices", "match_choice",
           "resolve_choices"]

_LISTED = 10
"""How many labels an error message lists before "…"."""


def _coded(mapping: Mapping[str, str], only: Sequence[str] = ()) -> tuple[Choice, ...]:
    """Choices from a code → label vocabulary, optionally only some codes, in its order."""
    return tuple(Choice(code, text) for code, text in mapping.items() if not only or code in only)


def _named(names: Sequence[str]) -> tuple[Choice, ...]:
    """Choices whose value is the plain name itself (ethnicities, religions)."""
    return tuple(Choice(name, name) for name in names)


BUILTIN_SOURCES: Mapping[str, tuple[Choice, ...]] = MappingProxyType(
    {
        "relations": _coded(vocab.RELATIONS),
        "sexes": _coded(vocab.SEXES),
        "residence_statuses": _coded(vocab.RESIDENCE_STATUSES),
        "living_statuses": _coded(vocab.RESIDENCE_STATUSES, vocab.LIVING),
        "person_statuses": _coded(vocab.PERSON_STATUSES),
        "ethnicities": _named(vocab.ETHNICITIES),
        "religions": _named(vocab.RELIGIONS),
    }
)
"""The ``choices_from`` names every form can use, built from ``domain.vocab``."""


def builtin_choices(name: str) -> tuple[Choice, ...] | None:
    """The built-in list called ``name`` ("relations", "sexes", …), or None if there is none."""
    return BUILTIN_SOURCES.get(name)


def resolve_choices(
    field: FieldDef, sources: Mapping[str, Sequence[Choice]] | None = None
) -> tuple[Choice, ...]:
    """The choices to offer for ``field``: its own list or its named source, minus ``exclude``.

    A named source is looked up in ``sources`` first (so a caller may narrow a built-in list),
    then among the built-in ones. ``FormError`` when neither has it.
    """
    if field.choices or not field.choices_from:
        found: Sequence[Choice] = field.choices
    elif sources is not None and field.choices_from in sources:
        found = sources[field.choices_from]
    else:
        builtin = builtin_choices(field.choices_from)
        if builtin is None:
            raise FormError(
                None,
                field.line,
                (
                    f"Trường “{field.id}” cần danh sách “{field.choices_from}” "
                    "nhưng chương trình không cung cấp danh sách này."
                ),
            )
        found = builtin
    if not field.exclude:
        return tuple(found)
    return tuple(c for c in found if c.value not in field.exclude)


def match_choice(choices: Sequence[Choice], text: str) -> str:
    """The value of the choice that ``text`` names: its value, or its label in any case.

    Labels match without regard to case, diacritics or extra spaces ("con de" finds
    "Con đẻ"). Raises ``ValueError`` with a Vietnamese message listing the choices otherwise.
    """
    text = nfc(text).strip()
    for choice in choices:
        if text == choice.value:
            return choice.value
    key = fold(text)
    for choice in choices:
        value = fold(choice.value)
        if key in (fold(choice.label), value, value.replace("_", " ")):
            return choice.value
    if not choices:
        raise ValueError(f"“{text}” không có trong danh sách (danh sách đang trống).")
    close = closest_choices(choices, text) if len(choices) > _LISTED else []
    if not close:
        # Labels may hold commas ("Cướp, cướp giật"): the list is separated by semicolons.
        listed = "; ".join(c.label for c in choices[:_LISTED])
        more = f"; … ({len(choices)} lựa chọn)" if len(choices) > _LISTED else ""
        raise ValueError(f"“{text}” không có trong danh sách. Chọn một trong: {listed}{more}.")
    named = "; ".join(c.label if c.value == c.label else f"{c.value} ({c.label})" for c in close)
    raise ValueError(f"“{text}” không có trong danh sách. Có phải là: {named}?")


def closest_choices(choices: Sequence[Choice], text: str, limit: int = 5) -> list[Choice]:
    """The choices ``text`` most likely meant, best first: those whose label or value holds
    it (without diacritics: "trom" → "Trộm cắp tài sản"), then those spelled alike."""
    key = fold(text).replace("_", " ")
    if not key:
        return []
    names = {c.value: (fold(c.label), fold(c.value).replace("_", " ")) for c in choices}
    found = [c for c in choices if any(key in name for name in names[c.value])]
    if len(found) < limit:
        spelled = {name: c for c in choices for name in names[c.value]}
        for name in difflib.get_close_matches(key, list(spelled), n=limit, cutoff=0.75):
            if spelled[name] not in found:
                found.append(spelled[name])
    return found[:limit]
