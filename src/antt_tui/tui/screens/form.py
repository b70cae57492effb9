"""The one generic form screen: draws any form of `forms/`, checks it, saves it in a worker.

A caller gives the `FormDef`, starting values, the named choice lists the form needs (such as
"villages" or "members") and a `submit(cleaned, accept_reason)` function that saves through
the roster and returns what to tell the officer. Field errors from the form rules and from
the domain rules appear under their fields; warnings can be accepted with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from antt_tui.domain.errors import DomainError, NeedsConfirmation, ValidationError
from antt_tui.domain.text import nfc
from antt_tui.forms import Choice, FieldDef, FormDef, resolve_choices, validate, visible_fields
from antt_tui.storage.errors import StoreError
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.widgets.choice_filter import ChoiceFilter

Submit = Callable[[dict[str, Any], str | None], str]
"""Save the cleaned values (accepting warnings with the reason, when not None); returns the
sentence to show once saved. Runs in a worker thread, under the database lock."""


REPLACED_ON_FOCUS = frozenset({"date", "partial_date", "number", "cccd", "phone"})
"""Field types whose text is selected on focus, so typing replaces it."""

SHORT_LIST = 10
"""A choice field with at most this many options is a drop-down `Select`; a longer one is a
`ChoiceFilter`, which narrows as the officer types ("trom" finds "Trộm cắp tài sản")."""


def widget_id(field_id: str) -> str:
    """A CSS-safe widget id for a field id ("head.full_name" → "f-head__full_name")."""
    return "f-" + field_id.replace(".", "__")


class FormScreen(AnttMixin, ModalScreen[Any]):
    """Fill in a form; Ctrl+S saves, Esc leaves (asking first if something was typed).

    Esc in the open list of a long choice field (`ChoiceFilter`) only closes that list.
    """

    CSS_PATH = "form.tcss"
    HELP_TITLE = "Biểu mẫu"
    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", tooltip="Kiểm tra và lưu biểu mẫu", id="save"),
        Binding("escape", "cancel", "Quay lại", tooltip="Đóng biểu mẫu", id="cancel"),
    ]

    @dataclass
    class Saved(WorkerResult):
        """The form was saved."""

        said: str
        """What to tell the officer."""

    @dataclass
    class Refused(WorkerResult):
        """The form was not saved: a message under each field named, one for the form."""

        errors: Mapping[str, str]
        general: str

    @dataclass
    class NeedsAccepting(WorkerResult):
        """Saving needs the officer to accept warnings with a reason."""

        cleaned: dict[str, Any]
        warnings: list[str]

    def __init__(self, form: FormDef, submit: Submit, *, values: Mapping[str, Any] | None = None,
                 sources: Mapping[str, Sequence[Choice]] | None = None, intro: str = "",
                 title: str = "") -> None:
        super().__init__()
        self.form = form
        self.submit = submit
        self.sources = dict(sources or {})
        self.intro = intro
        self.title_text = title or form.title
        self.initial = {f.id: self._start_value(f, (values or {}).get(f.id)) for f in form.fields}
        self.saving = False
        """A save is under way (Ctrl+S waits for it)."""

    # ------------------------------------------------------------------ drawing

    def _start_value(self, field: FieldDef, given: Any) -> Any:
        value = field.default if given is None else given
        if field.type == "multi_choice":
            return list(value or [])
        if field.type == "yes_no":
            return bool(value)
        if field.type == "choice":
            return value if value not in (None, "") else None
        return "" if value is None else str(value)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.intro or self.form.description:
                yield Static(self.intro or self.form.description, classes="form-intro")
            yield Static("", id="form-error", classes="field-error")
            with VerticalScroll(id="form-fields"):
                section = ""
                for field in self.form.fields:
                    if field.section and field.section != section:
                        section = field.section
                        yield Label(section, classes="form-section")
                    yield from self._field(field)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.form.submit_label} (Ctrl+S)", variant="primary", id="save")
                yield Button("Quay lại (Esc)", id="cancel")

    def _field(self, field: FieldDef) -> ComposeResult:
        wid = widget_id(field.id)
        value = self.initial[field.id]
        with Vertical(id=f"box-{wid}", classes="form-field"):
            star = " [b red]*[/]" if field.required else ""
            with Horizontal(classes="form-row"):
                yield Label(f"{field.label}{star}", classes="field-label")
                yield self._input(field, wid, value)
            if field.help:
                yield Static(field.help, classes="field-help")
            yield Static("", id=f"err-{wid}", classes="field-error")

    def _input(self, field: FieldDef, wid: str, value: Any) -> Widget:
        if field.type in ("choice", "multi_choice"):
            choices = resolve_choices(field, self.sources)
            if field.type == "multi_choice":
                return SelectionList[str](*[(c.label, c.value, c.value in value) for c in choices],
                                          id=wid, classes="field-input")
            if len(choices) > SHORT_LIST:
                return ChoiceFilter([(c.label, c.value) for c in choices], value=value,
                                    prompt="— chọn —", id=wid, classes="field-input")
            return Select([(c.label, c.value) for c in choices], prompt="— chọn —",
                          value=value if value in {c.value for c in choices} else Select.NULL,
                          allow_blank=True, id=wid, classes="field-input", compact=True)
        if field.type == "yes_no":
            return Checkbox("Có", value=bool(value), id=wid, classes="field-input", compact=True)
        if field.type == "textarea":
            area = TextArea(str(value), id=wid, classes="field-input field-textarea")
            area.show_line_numbers = False
            return area
        restrict = {"number": r"[0-9.,\-]*", "cccd": r"[0-9 .]*",
                    "phone": r"[0-9 +.\-()]*"}.get(field.type)
        return Input(str(value), placeholder=field.placeholder, id=wid, restrict=restrict,
                     max_length=field.max_length or 0, classes="field-input", compact=True,
                     # A date or number is usually replaced whole; a name or address is edited.
                     select_on_focus=field.type in REPLACED_ON_FOCUS)

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self._apply_conditions()
        first = self._first_input()
        if first is not None:
            first.focus()

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        """What is in the form now, by field id (NFC, as the UI holds it)."""
        out: dict[str, Any] = {}
        for field in self.form.fields:
            widget = self.query_one(f"#{widget_id(field.id)}")
            if isinstance(widget, Select):
                out[field.id] = widget.value if isinstance(widget.value, str) else None
            elif isinstance(widget, ChoiceFilter):
                out[field.id] = widget.value
            elif isinstance(widget, SelectionList):
                out[field.id] = list(widget.selected)
            elif isinstance(widget, Checkbox):
                out[field.id] = widget.value
            elif isinstance(widget, TextArea):
                out[field.id] = nfc(widget.text)
            elif isinstance(widget, Input):
                out[field.id] = nfc(widget.value)
        return out

    @property
    def is_dirty(self) -> bool:
        """True when something differs from what the form started with."""
        now = self.values()
        return any(now.get(k) != self._comparable(v) for k, v in self.initial.items())

    @staticmethod
    def _comparable(value: Any) -> Any:
        return nfc(value) if isinstance(value, str) else value

    def _first_input(self) -> Widget | None:
        for field in visible_fields(self.form, self.values()):
            return self.query_one(f"#{widget_id(field.id)}")
        return None

    def on_input_changed(self) -> None:
        self._apply_conditions()

    def on_select_changed(self) -> None:
        self._apply_conditions()

    def on_choice_filter_changed(self) -> None:
        self._apply_conditions()

    def on_checkbox_changed(self) -> None:
        self._apply_conditions()

    def _apply_conditions(self) -> None:
        shown = {f.id for f in visible_fields(self.form, self.values())}
        for field in self.form.fields:
            self.query_one(f"#box-{widget_id(field.id)}").display = field.id in shown

    # ------------------------------------------------------------------ saving

    def _show_errors(self, errors: Mapping[str, str], general: str = "") -> None:
        """Each message under its field (a domain error's key may name "head.full_name" as
        "full_name", or "new_head_id" as "new_head"); the rest at the top."""
        shown = [f.id for f in visible_fields(self.form, self.values())]
        for field in self.form.fields:
            self._set_error(f"#err-{widget_id(field.id)}", "")
        leftover, first = [], None
        for key, message in errors.items():
            target = next((fid for fid in shown
                           if fid == key or fid.endswith("." + key) or fid == key + "_id"), None)
            if target is None:
                leftover.append(message)
                continue
            self._set_error(f"#err-{widget_id(target)}", message)
            first = first or target
        self._set_error("#form-error", "\n".join([general, *leftover]).strip())
        if first is not None:
            self.query_one(f"#{widget_id(first)}").focus()

    def _set_error(self, selector: str, message: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(message)
        widget.display = bool(message)

    def action_save(self) -> None:
        """Check the form; when it is valid, save it in a worker."""
        if self.saving:
            return
        state = self.antt.state
        result = validate(self.form, self.values(), today=state.today(), sources=self.sources)
        if not result.ok:
            self._show_errors(result.errors, "Biểu mẫu còn lỗi; xem các dòng màu đỏ.")
            return
        self.saving = True
        self._save(result.cleaned, None)

    @work(thread=True, exclusive=True, group="form-save")
    def _save(self, cleaned: dict[str, Any], reason: str | None) -> None:
        state = self.antt.state
        try:
            said = state.run(self.submit, cleaned, reason)
        except NeedsConfirmation as exc:
            self.post_message(self.NeedsAccepting(cleaned, exc.warnings))
        except ValidationError as exc:
            self.post_message(self.Refused(exc.errors, "Chưa lưu; xem các dòng màu đỏ."))
        except DomainError as exc:
            self.post_message(self.Refused({}, f"Chưa lưu: {exc}"))
        except StoreError as exc:
            # A full disk, a read-only or locked folder: the form stays open with its values.
            self.post_message(self.Refused({}, str(exc)))
        else:
            self.post_message(self.Saved(said))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.saving = False
        self._show_errors(message.errors, message.general)

    @on(NeedsAccepting)
    def _ask_to_accept(self, message: NeedsAccepting) -> None:
        from antt_tui.tui.screens.dialogs import AcceptWarningsDialog

        self.saving = False

        def answered(reason: str | None) -> None:
            if reason:
                self.saving = True
                self._save(message.cleaned, reason)

        self.app.push_screen(AcceptWarningsDialog(message.warnings), answered)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.saving = False
        self.initial = self.values()
        self.app.post_message(DataChanged(message.said))
        self.dismiss(message.said)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Leave the form, asking first when something was typed."""
        from antt_tui.tui.screens.dialogs import ConfirmDialog

        if not self.is_dirty:
            self.dismiss(None)
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)
            elif leave is None:  # Ctrl+S in the question: save rather than lose the work
                self.action_save()

        self.app.push_screen(ConfirmDialog(
            "Bỏ các thay đổi?", "Những gì vừa nhập trong biểu mẫu này sẽ không được lưu.",
            confirm="Bỏ thay đổi", cancel="Tiếp tục nhập"), answer)
