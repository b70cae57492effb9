"""Check answers against a form of `forms/` and raise the domain's ValidationError."""

from __future__ import annotations

from datetime import date
from typing import Any

from antt_tui.domain.errors import ValidationError
from antt_tui.forms import Choice, FormDef, load_forms, validate
from antt_tui.paths import folder_stamp, forms_dir

_FORMS: dict[Any, dict[str, FormDef]] = {}


def forms() -> dict[str, FormDef]:
    """The forms of `forms/`, read again only when a file there changed."""
    key = folder_stamp(forms_dir())
    if key not in _FORMS:
        _FORMS.clear()
        _FORMS[key] = load_forms()
    return _FORMS[key]


def checked(form_id: str, answers: dict[str, Any], *, today: date,
            sources: dict[str, list[Choice]] | None = None) -> dict[str, Any]:
    """The cleaned answers, or ValidationError with "Label: message" per field."""
    form = forms()[form_id]
    result = validate(form, answers, today=today, sources=sources)
    if not result.ok:
        raise ValidationError({fid: f"{form.field(fid).label}: {message}"
                               for fid, message in result.errors.items()})
    return dict(result.cleaned)
