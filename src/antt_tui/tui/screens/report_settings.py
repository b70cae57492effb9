"""The report settings form (forms/report_settings.toml): set once per unit, kept in the
database (`reports.settings`, saved through the report workflow), used by every report of
the unit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from antt_tui.tui.screens.household_forms import open_form

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def edit_settings(app: AnttApp, scope: str, *, callback: Callable[[Any], None] | None = None,
                  why: str = "") -> None:
    """Open the form filled with the unit's current settings; Ctrl+S saves them. `why`
    (e.g. "cần người ký để ban hành") is added to the title."""
    reports = app.state.session.reports()
    current = reports.settings(scope)
    unit = reports.unit_name(scope)
    values = {
        "parent_body": current.parent_body, "issuing_body": current.issuing_body,
        "abbreviation": current.abbreviation, "place": current.place,
        "signer_authority": "\n".join(current.signer_authority),
        "signer_name": current.signer_name, "recipients": "\n".join(current.recipients),
        "kinh_gui": "\n".join(current.kinh_gui),
        "boundary_day": str(reports.boundary_day(scope)),
    }

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        changes = {**cleaned,
                   "signer_authority": _lines(cleaned.get("signer_authority", "")),
                   "recipients": _lines(cleaned.get("recipients", "")),
                   "kinh_gui": _lines(cleaned.get("kinh_gui", "")),
                   "boundary_day": int(cleaned.get("boundary_day") or 1)}
        reports.save_settings(scope, changes)
        return f"Đã lưu thiết lập báo cáo của {unit}."

    open_form(app, "report_settings", submit, callback=callback, values=values,
              title=f"Thiết lập báo cáo — {unit}" + (f": {why}" if why else ""))
