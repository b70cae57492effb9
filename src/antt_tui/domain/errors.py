"""Errors raised by the domain rules: what is wrong, per field, in Vietnamese."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; nothing was saved. The message is shown to the officer as it is."""


class ValidationError(DomainError):
    """One or more fields are invalid. `errors` maps field name → Vietnamese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class NotFound(DomainError):
    """A household, person or village named by the officer does not exist."""


class NeedsConfirmation(DomainError):
    """The change is allowed but looks wrong; it is saved only when the officer accepts.

    `warnings` are Vietnamese sentences; pass `accept_warnings=True` (with a reason) to save.
    """

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = list(warnings)
        super().__init__("Cần xác nhận: " + "; ".join(self.warnings))
