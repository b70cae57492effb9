"""The report form (`forms/report.toml`): kind, village or commune, period, "as of" day,
number and the officer's parts III–V. The generic form screen draws it; Ctrl+S returns a
`ReportRequest` (`reports.workflow`; nothing is saved), and the period offered follows the
kind chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Select

from antt_tui.domain.errors import ValidationError
from antt_tui.forms import Choice, FormDef, FormError, load_forms, validate
from antt_tui.reports.compose import ReportText
from antt_tui.reports.periods import period as make_period
from antt_tui.reports.workflow import ReportRequest
from antt_tui.tui.screens.form import FormScreen

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

COMMUNE = "ca_xa"
"""The value of "Cả xã" in the unit list (village ids are UUIDs)."""


def default_spec(kind: str, today: date) -> str:
    """The period offered first: last month, last quarter, this year."""
    if kind == "thang":
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return f"{year}-{month:02d}"
    if kind == "quy":
        quarter = (today.month - 1) // 3
        return f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"
    return str(today.year)


class ReportFormScreen(FormScreen):
    """The report form: the period follows the kind, and Ctrl+S returns a `ReportRequest`
    (nothing is saved; the figures are computed on the report screen)."""

    HELP_TITLE = "Chọn báo cáo"

    def __init__(self, form: FormDef, *, values: dict[str, Any], units: list[Choice]) -> None:
        super().__init__(form, self._no_save, values=values, sources={"units": units},
                         title="Báo cáo")
        self._kind = values.get("kind") or "thang"

    @staticmethod
    def _no_save(cleaned: dict[str, Any], reason: str | None) -> str:
        raise AssertionError("the report form saves nothing")

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new kind offers its own default period, unless the officer typed one."""
        super().on_select_changed()
        if event.select.id != "f-kind" or not isinstance(event.value, str):
            return
        today = self.antt.state.today()
        box = self.query_one("#f-period", Input)
        if box.value.strip() in ("", default_spec(self._kind, today)):
            box.value = default_spec(event.value, today)
        self._kind = event.value

    def action_save(self) -> None:
        """Check the choices and return them."""
        state = self.antt.state
        result = validate(self.form, self.values(), today=state.today(), sources=self.sources)
        if not result.ok:
            self._show_errors(result.errors, "Biểu mẫu còn lỗi; xem các dòng màu đỏ.")
            return
        try:
            request = self._request(
                result.cleaned, state.today(),
                state.session.reports().boundary_day)
        except ValidationError as exc:
            self._show_errors(exc.errors, "Chưa xem được; xem các dòng màu đỏ.")
            return
        self.initial = self.values()
        self.dismiss(request)

    @staticmethod
    def _request(cleaned: dict[str, Any], today: date, boundary_day: Any = None
                 ) -> ReportRequest:
        scope = "" if cleaned["unit"] == COMMUNE else cleaned["unit"]
        boundary_day = boundary_day(scope) if callable(boundary_day) else 1
        kind = cleaned["kind"]
        if kind == "ky":
            kind = "ky_thon" if scope else "ky_xa"
        spec = cleaned["period"].upper()
        try:
            make_period(kind, spec, boundary_day=boundary_day)
        except ValueError as exc:
            raise ValidationError({"period": str(exc)}) from None
        number = cleaned.get("number")
        if number is not None and number != int(number):
            raise ValidationError({"number": "Số báo cáo là một số nguyên, ví dụ 5."})
        issued_on = cleaned.get("issued_on")
        return ReportRequest(
            kind=kind, spec=spec, scope=scope, as_of=date.fromisoformat(cleaned["as_of"]),
            number=None if number is None else int(number),
            issued_on=date.fromisoformat(issued_on) if issued_on else today,
            text=ReportText(cleaned.get("shortcomings", ""), cleaned.get("next_tasks", ""),
                            cleaned.get("proposals", "")),
            boundary_day=boundary_day)


def form_values(app: AnttApp, scope: str, request: ReportRequest | None) -> dict[str, Any]:
    """What the form starts with: the last choices, or this unit's last month."""
    today: date = app.state.today()
    if request is None:
        return {"kind": "thang", "unit": scope or COMMUNE, "period": default_spec("thang", today),
                "as_of": f"{today:%d/%m/%Y}", "issued_on": f"{today:%d/%m/%Y}"}
    return {"kind": "ky" if request.kind.startswith("ky_") else request.kind,
            "unit": request.scope or COMMUNE, "period": request.spec,
            "as_of": f"{request.as_of:%d/%m/%Y}",
            "number": "" if request.number is None else str(request.number),
            "issued_on": f"{request.issued_on:%d/%m/%Y}",
            "shortcomings": request.text.shortcomings, "next_tasks": request.text.next_tasks,
            "proposals": request.text.proposals}


def open_report_form(app: AnttApp, values: dict[str, Any],
                     callback: Callable[[ReportRequest | None], None]) -> None:
    """Show the report form; a broken `forms/report.toml` gives a message naming the line."""
    from antt_tui.tui.screens.dialogs import MessageDialog

    try:
        form = load_forms()["report"]
    except (FormError, KeyError) as exc:
        text = str(exc) if isinstance(exc, FormError) else "Không có biểu mẫu “report”."
        app.push_screen(MessageDialog("Biểu mẫu bị lỗi", f"{text}\n\nHãy sửa tệp biểu mẫu "
                                      "trong thư mục forms/ (xem forms/README.md)."),
                        lambda _: callback(None))
        return
    roster = app.state.roster
    found = roster.commune()
    commune = found.name if found is not None else ""
    units = [Choice(v.id, v.name) for v in roster.villages()]
    units.append(Choice(COMMUNE, f"Cả xã ({commune})" if commune else "Cả xã"))
    app.push_screen(ReportFormScreen(form, values=values, units=units), callback)
