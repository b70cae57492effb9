"""Who is using this laptop: asked at the first start (with the unit's report signer when it is
not set yet), remembered in the program's config, shown in the title bar; "Đổi cán bộ" in the
palette asks again."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from antt_tui.domain.errors import ValidationError
from antt_tui.laptop import officer_name, remember_officer
from antt_tui.tui.context import AnttMixin


def report_scope(state: Any) -> tuple[str, str]:
    """(scope, unit name) of the reports this laptop issues: its village on a village laptop,
    the commune otherwise."""
    if state.sync_role == "village":
        from antt_tui.sync.service import SyncService

        village_id = SyncService(state.roster).me().village_id
        return village_id, state.roster.village_name(village_id, "thôn")
    commune = state.roster.commune()
    return "", commune.name if commune is not None else "xã"


class OfficerDialog(AnttMixin, ModalScreen[str | None]):
    """The officer's name (required to save) and, when the unit has none, the name and title
    of whoever signs its reports (optional: issuing a report asks for it again)."""

    BINDINGS = [Binding("escape", "cancel", "Để sau", id="cancel")]

    def __init__(self, *, first_start: bool) -> None:
        super().__init__()
        self.first_start = first_start
        self.scope, self.unit = "", ""
        self.ask_signer = False

    def compose(self) -> ComposeResult:
        state = self.antt.state
        self.scope, self.unit = report_scope(state)
        stored = state.session.reports().stored_settings(self.scope)
        self.ask_signer = not str(stored.get("signer_name") or "").strip()
        title = "Ai đang dùng máy này?" if self.first_start else "Đổi cán bộ dùng máy"
        with Vertical(classes="dialog", id="officer-box"):
            yield Label(title, classes="dialog-title")
            yield Static("Tên cán bộ được ghi vào mọi thay đổi (ai sửa gì, lúc nào) và là cán "
                         "bộ kiểm tra mặc định. Máy này nhớ tên cho những lần sau.",
                         classes="dialog-body")
            yield Label("Họ và tên cán bộ:")
            yield Input(state.officer, placeholder="Ví dụ: Nguyễn Văn Hùng", id="officer")
            yield Static("", id="officer-error", classes="field-error")
            if self.ask_signer:
                default = "TRƯỞNG THÔN" if self.scope else "TRƯỞNG CÔNG AN XÃ"
                yield Label(f"Người ký báo cáo của {self.unit} (có thể để trống, nhập sau):")
                yield Input(placeholder="Họ và tên người ký", id="signer")
                yield Label("Chức vụ người ký:")
                yield Input(default, id="authority")
                yield Static("", id="signer-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Lưu (Enter)", variant="primary", id="accept")
                yield Button("Để sau (Esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#officer", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "accept":
            self._accept()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Leave the name as it is (saving a form then asks for it where it is required)."""
        self.dismiss(None)

    def _accept(self) -> None:
        state = self.antt.state
        errors = self.query_one("#officer-error", Static)
        try:
            name = officer_name(self.query_one("#officer", Input).value)
        except ValueError as exc:
            errors.update(str(exc))
            self.query_one("#officer", Input).focus()
            return
        errors.update("")
        signer = self.query_one("#signer", Input).value.strip() if self.ask_signer else ""
        if signer:
            authority = self.query_one("#authority", Input).value.strip()
            try:
                state.run(state.session.reports().save_settings, self.scope,
                          {"signer_name": signer, "signer_authority": [authority]})
            except ValidationError as exc:
                self.query_one("#signer-error", Static).update("; ".join(exc.errors.values()))
                return
        try:
            remember_officer(state.paths, name)
        except OSError as exc:  # the name still applies to this run
            self.app.notify(f"Không ghi được tệp cấu hình {state.paths.config}: "
                            f"{exc.strerror or exc}. Lần sau sẽ hỏi lại.", severity="warning")
        state.officer = name
        if state.session is not None:
            state.session.set_officer(name)
        self.dismiss(name)
