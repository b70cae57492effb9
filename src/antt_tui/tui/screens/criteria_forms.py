"""What the criteria need besides households, visits and incidents, as forms: a yearly
document, a team or model, a team's activity, a confirmation, and the day from which the
commune's incident records are complete. Each opens the generic form screen for a village
(`scope` = its id) or the commune (`scope` = "")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import ValidationError
from antt_tui.forms import Choice, FieldDef, FormDef
from antt_tui.roster.confirmations import Confirmations, subjects
from antt_tui.roster.documents import KINDS, Documents
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.teams import Teams
from antt_tui.tui.screens.household_forms import open_form

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

Done = Callable[[Any], None] | None


def _unit(app: AnttApp, scope: str) -> str:
    if scope:
        return app.state.roster.village_name(scope, "thôn")
    commune = app.state.roster.commune()
    return commune.name if commune is not None else "xã"


def record_document(app: AnttApp, scope: str, *, callback: Done = None) -> None:
    """A resolution, registration or plan of the village (or the commune)."""
    state = app.state
    unit = _unit(app, scope)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        doc = Documents(state.roster).add(cleaned, village=scope or None)
        return (f"Đã ghi nhận {KINDS[doc.kind].lower()} số {doc.number} ngày "
                f"{vn_date(doc.issued_on)} của {unit} (năm {doc.year}).")

    open_form(app, "document", submit, callback=callback, title=f"Văn bản năm của {unit}")


def add_team(app: AnttApp, scope: str, *, callback: Done = None) -> None:
    """A self-management team or model of the village (or a commune-wide one)."""
    state = app.state
    unit = _unit(app, scope)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        team = Teams(state.roster).add(cleaned, village=scope or None)
        return f"Đã ghi nhận {team.name}."

    open_form(app, "team", submit, callback=callback, title=f"Tổ tự quản, mô hình của {unit}",
              values={"established_on": f"{state.today():%d/%m/%Y}"})


def record_activity(app: AnttApp, scope: str, *, callback: Done = None) -> None:
    """A patrol, meeting, mediation or outreach session of one of the unit's teams."""
    state = app.state
    teams = Teams(state.roster).teams(village_id=scope if scope else None)
    if not teams:
        app.notify("Chưa có tổ tự quản, mô hình nào: thêm tổ trước (phím t).",
                   severity="warning")
        return
    choices = tuple(Choice(t.id, t.name) for t in teams)

    def with_team(form: FormDef) -> FormDef:
        field = FieldDef(id="team", type="choice", label="Tổ, mô hình", choices=choices,
                         required=True, default=choices[0].value)
        return replace(form, fields=(field, *form.fields))

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        team = cleaned.pop("team", "")
        if not team:
            raise ValidationError({"team": "Chọn tổ, mô hình."})
        activity = Teams(state.roster).add_activity(team, cleaned)
        name = next(c.label for c in choices if c.value == activity.team_id)
        return f"Đã ghi hoạt động ngày {vn_date(activity.date)} của {name}."

    open_form(app, "team_activity", submit, callback=callback, adjust=with_team,
              values={"date": f"{state.today():%d/%m/%Y}"},
              title=f"Hoạt động của tổ, mô hình ({_unit(app, scope)})")


def confirm(app: AnttApp, scope: str, year: int, *, callback: Done = None) -> None:
    """A confirmation made by hand for the unit and year (who, when, đạt or not)."""
    state = app.state
    unit = _unit(app, scope)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        record = Confirmations(state.roster).confirm(cleaned, village=scope or None)
        return (f"Đã ghi xác nhận năm {record.year} cho {unit}: "
                f"{'đạt' if record.value else 'không đạt'}.")

    open_form(app, "confirmation", submit, callback=callback,
              sources={"confirmation_subjects": subjects("thon" if scope else "xa")},
              values={"year": year, "confirmed_on": f"{state.today():%d/%m/%Y}",
                      "confirmed_by": state.officer},
              title=f"Xác nhận tiêu chí năm {year} — {unit}")


def records_complete(app: AnttApp, *, callback: Done = None) -> None:
    """The day from which every incident of the commune is recorded (empty: withdraw it)."""
    state = app.state
    register = Incidents(state.roster)
    stated = register.complete_since()

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        day = register.set_complete_since(cleaned)
        if day is None:
            return "Đã bỏ ngày số liệu đầy đủ: các tiêu chí dùng hồ sơ sớm nhất trong máy."
        return f"Số liệu vụ việc của xã đầy đủ từ ngày {day:%d/%m/%Y}."

    open_form(app, "records_complete", submit, callback=callback,
              values={"complete_since": f"{stated:%d/%m/%Y}" if stated else ""})
