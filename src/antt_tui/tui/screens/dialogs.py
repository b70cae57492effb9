"""Small modal dialogs: confirm, accept warnings with a reason, give a reason, show a message
or a read-only record."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ConfirmDialog(ModalScreen[bool | None]):
    """Explain what will happen; returns True when the officer confirms, False when not,
    and None for Ctrl+S: "save instead" (pressed by habit, it must never throw work away)."""

    BINDINGS = [
        Binding("escape", "cancel", "Không", id="cancel"),
        Binding("ctrl+s", "save_instead", "Lưu", show=False, id="save"),
    ]

    def __init__(self, title: str, explanation: str, *, confirm: str = "Đồng ý",
                 cancel: str = "Không") -> None:
        super().__init__()
        self.title_text, self.explanation = title, explanation
        self.confirm_label, self.cancel_label = confirm, cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.explanation, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="primary", id="yes")
                yield Button(self.cancel_label, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        """Close without confirming."""
        self.dismiss(False)

    def action_save_instead(self) -> None:
        """Close and let the caller save."""
        self.dismiss(None)


class MessageDialog(ModalScreen[None]):
    """A message with one button."""

    BINDINGS = [Binding("escape,enter", "close", "Đóng", id="close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.text, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Đóng", id="ok", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)


class ReasonDialog(ModalScreen[str | None]):
    """Explain what will happen and ask why; returns the reason given, or None."""

    BINDINGS = [Binding("escape", "cancel", "Quay lại", id="cancel")]

    def __init__(self, title: str, explanation: str, *, prompt: str = "Lý do:",
                 confirm: str = "Đồng ý (Enter)", back: str = "Quay lại (Esc)",
                 variant: str = "error", placeholder: str = "Lý do",
                 empty: str = "Ghi lý do trước khi tiếp tục.", body_class: str = "") -> None:
        super().__init__()
        self.title_text, self.explanation = title, explanation
        self.prompt, self.confirm_label, self.back_label = prompt, confirm, back
        self.variant, self.placeholder, self.empty = variant, placeholder, empty
        self.body_class = body_class

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.explanation, classes=f"dialog-body {self.body_class}".strip())
            yield Label(self.prompt)
            yield Input(placeholder=self.placeholder, id="reason")
            yield Static("", id="reason-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant=self.variant, id="accept")  # type: ignore[arg-type]
                yield Button(self.back_label, id="back")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def _accept(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(self.empty)
            return
        self.dismiss(reason)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "accept":
            self._accept()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)


class AcceptWarningsDialog(ReasonDialog):
    """Warnings a form may be saved despite (e.g. a CCCD that disagrees with the birth year):
    the officer gives a reason, which goes into the journal; None means "go back"."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        super().__init__("Cần xác nhận trước khi lưu", "\n".join(f"• {w}" for w in warnings),
                         prompt="Nếu thông tin đúng, ghi lý do (ví dụ: “đã xem thẻ CCCD”):",
                         confirm="Vẫn lưu", back="Sửa lại", variant="warning",
                         placeholder="Lý do chấp nhận", empty="Ghi lý do trước khi chấp nhận.",
                         body_class="warn")


class DetailDialog(ModalScreen[None]):
    """A stored record to read (a visit, an incident); arrows and PgUp/PgDn scroll it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Đóng", id="close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog detail-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(id="detail-scroll", can_focus=True):
                yield Static(self.text, id="detail-text")
            yield Static("Esc: đóng", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#detail-scroll").focus()

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
