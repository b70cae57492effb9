"""Forms as data: load the definitions in ``forms/``, decide what shows, check and clean answers."""

from antt_tui.forms.choices import BUILTIN_SOURCES, builtin_choices, resolve_choices
from antt_tui.forms.loader import load_form, load_forms
from antt_tui.forms.model import FIELD_TYPES, Choice, Condition, FieldDef, FormDef, FormError
from antt_tui.forms.validate import FormResult, initial_values, validate, visible_fields

__all__ = [
    "BUILTIN_SOURCES",
    "FIELD_TYPES",
    "Choice",
    "Condition",
    "FieldDef",
    "FormDef",
    "FormError",
    "FormResult",
    "builtin_choices",
    "initial_values",
    "load_form",
    "load_forms",
    "resolve_choices",
    "validate",
    "visible_fields",
]
