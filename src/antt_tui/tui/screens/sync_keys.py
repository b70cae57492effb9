"""The commune key: its fingerprint, a passphrase-protected backup with the printable
recovery sheet, and restoring it from a backup or the 24 words.

Before the first key exists the screen offers both: make it (n) or restore it (r). It is
never made just by opening the screen, because a commune moving to a new laptop must restore
its key, and a key made first would stand in the way. A database that already took the
commune's part but lost its key file is only offered the restore: every village laptop knows
the old key.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from antt_tui.sync.identity import COMMUNE, VILLAGE
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.screens.sync_common import CSS_PATH, STEP_ERRORS, check_folder, error_text, service
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar

SHEET_NAME = "phieu-khoi-phuc-khoa-xa.pdf"
MIN_PASSPHRASE = 8
"""As `antt_tui.sync.keys.MIN_PASSPHRASE` (checked there again when the backup is written)."""


def backup_name(fingerprint: str) -> str:
    """"khoa-xa-K7QF-2M9X-ABCD-EFGH.anttk"."""
    return f"khoa-xa-{fingerprint}.anttk"


def free_name(path: Path) -> Path:
    """`path` when nothing is there, else "name-2.ext", "name-3.ext"…: a backup or a sheet
    already on the stick is never replaced."""
    from antt_tui.outputs import free_path

    return free_path(path)


class KeysScreen(AnttMixin, Screen[None]):
    """Khóa của xã: fingerprint, backup with recovery sheet, restore."""

    HELP_TITLE = "Khóa của xã"
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("s", "backup", "Sao lưu",
                tooltip="Ghi tệp sao lưu khóa (có mật khẩu) và phiếu khôi phục PDF vào USB",
                id="backup"),
        Binding("r", "restore", "Khôi phục",
                tooltip="Khôi phục khóa từ tệp sao lưu hoặc 24 từ của phiếu khôi phục",
                id="restore"),
        Binding("n", "make", "Tạo khóa",
                tooltip="Tạo khóa mới khi xã chưa từng có khóa (lần đầu dùng đồng bộ)",
                id="make"),
    ]

    @dataclass
    class KeyRead(WorkerResult):
        """The commune's key: its fingerprint, and whether it was just made."""

        role: str | None
        fingerprint: str
        made: bool

    @dataclass
    class NoKey(WorkerResult):
        """This database has no commune key (with why, when it should have one)."""

        role: str | None
        text: str

    @dataclass
    class StepFailed(WorkerResult):
        """Making, backing up or restoring the key failed: what to say."""

        text: str

    @dataclass
    class BackedUp(WorkerResult):
        """The backup file and the recovery sheet were written."""

        fingerprint: str
        target: Path
        sheet: Path

    @dataclass
    class Restored(WorkerResult):
        """The key was restored."""

        fingerprint: str

    def __init__(self) -> None:
        super().__init__()
        self.fingerprint = ""
        """The key's fingerprint, once read ("" while there is no key)."""
        self.role: str | None = ""
        self.busy = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("[b]Khóa của xã[/b]", id="keys-title")
        with VerticalScroll(id="keys-body"):
            yield Static("Đang đọc khóa…", id="keys-fingerprint")
            yield Static("Khóa của xã mở các gói các thôn gửi về và ký các gói gửi về thôn; mỗi "
                         "máy thôn biết mã khóa này. Mất khóa thì các máy thôn phải tham gia lại "
                         "từ đầu: hãy sao lưu (s) vào USB, in phiếu khôi phục, cất hai thứ ở hai "
                         "nơi an toàn khác nhau.", id="keys-explain", classes="hint")
            yield BusyLine(id="keys-busy")
            yield Static("", id="keys-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#keys-body").focus()
        self._set_busy("Đang đọc khóa của xã…")
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Backup needs the key, n is only for a database that never had one; nothing runs
        (and the screen stays) while a step is under way."""
        if action == "backup":
            return None if self.busy or not self.fingerprint else True
        if action == "restore":
            return None if self.busy or self.role == VILLAGE else True
        if action == "make":
            return self.role is None and not self.fingerprint and (None if self.busy else True)
        if action == "back":
            return None if self.busy else True  # a step under way reports back here
        return True

    def _set_busy(self, text: str) -> None:
        self.busy = text
        busy = self.query_one(BusyLine)
        if text:
            busy.show(text)
            self.query_one("#keys-status", Static).update("")  # the last step's result
        else:
            busy.hide()
        self.refresh_bindings()

    def _say(self, text: str, *, failed: bool = False) -> None:
        self._set_busy("")
        status = self.query_one("#keys-status", Static)
        status.set_class(failed, "sync-failed")
        status.update(text)

    # ------------------------------------------------------------------ the key

    @work(thread=True, exclusive=True, group="keys")
    def load(self) -> None:
        """The key's fingerprint (none yet before the commune took its part)."""
        svc = service(self.antt)
        role = svc.role
        try:
            if role is None:
                self.post_message(self.NoKey(None, ""))
                return
            fingerprint = "" if role == VILLAGE else svc.commune_key(create=False).fingerprint
        except STEP_ERRORS as exc:
            self.post_message(self.NoKey(role, error_text(exc)))
            return
        self.post_message(self.KeyRead(role, fingerprint, False))

    def action_make(self) -> None:
        """Make the commune's key (this database never had one)."""
        self._set_busy("Đang tạo khóa của xã…")
        self._make()

    @work(thread=True, exclusive=True, group="keys")
    def _make(self) -> None:
        state = self.antt.state
        try:
            fingerprint = state.run(service(self.antt).commune_key, create=True).fingerprint
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(f"Chưa tạo được khóa: {escape(error_text(exc))}"))
            return
        self.post_message(self.KeyRead(COMMUNE, fingerprint, True))

    @on(StepFailed)
    def _step_failed(self, message: StepFailed) -> None:
        self._say(message.text, failed=True)

    @on(KeyRead)
    def _key_read(self, message: KeyRead) -> None:
        if not message.stale:
            self._show(message.role, message.fingerprint, message.made)

    @on(NoKey)
    def _key_missing(self, message: NoKey) -> None:
        if not message.stale:
            self._no_key(message.role, message.text)

    def _show(self, role: str | None, fingerprint: str, made: bool) -> None:
        self.role, self.fingerprint = role or COMMUNE, fingerprint
        if role == VILLAGE:
            self.query_one("#keys-fingerprint", Static).update(
                "Đây là máy của thôn: khóa của xã chỉ ở máy của Công an xã.")
            self._say("")
            return
        self.query_one("#keys-fingerprint", Static).update(f"Mã khóa của xã:  {fingerprint}")
        self._say("Đã tạo khóa của xã. Hãy sao lưu ngay: nhấn s." if made else
                  "s: sao lưu khóa và in phiếu khôi phục · r: khôi phục khóa")

    def _no_key(self, role: str | None, text: str) -> None:
        self.role, self.fingerprint = role, ""
        self.query_one("#keys-fingerprint", Static).update("Máy này chưa có khóa của xã.")
        if role is None:
            self._say("n: tạo khóa mới, khi xã lần đầu dùng đồng bộ · r: khôi phục khóa xã đã "
                      "có (tệp sao lưu hoặc 24 từ).\n[$warning]Nếu xã đã đồng bộ trên máy khác, "
                      "hãy khôi phục, đừng tạo khóa mới: các máy thôn chỉ nhận khóa cũ.[/]")
            return
        if role == COMMUNE:
            # Not made anew: the village laptops know the old key.
            text = ("Cơ sở dữ liệu này là của Công an xã nhưng thiếu tệp khóa (có thể được chép "
                    "sang máy mới mà không có thư mục keys).")
        self._say(f"{escape(text)}\nNhấn r để khôi phục từ tệp sao lưu hoặc 24 từ của phiếu "
                  "khôi phục.", failed=True)

    # ------------------------------------------------------------------ backup

    def action_backup(self) -> None:
        """Choose the stick, give a passphrase twice, write the backup and the sheet."""
        from antt_tui.tui.screens.sync_drives import DriveDialog

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self.app.push_screen(PassphraseDialog(), lambda p: self._passphrase(folder, p))

        self.app.push_screen(DriveDialog(
            "Sao lưu khóa của xã",
            "Chọn USB (hoặc gõ thư mục, Tab) để ghi tệp sao lưu khóa và phiếu khôi phục PDF, "
            "rồi nhấn Enter. Tệp đã có không bị ghi đè."), chosen)

    def _passphrase(self, folder: Path, passphrase: str | None) -> None:
        if passphrase:
            self._set_busy("Đang sao lưu khóa và tạo phiếu khôi phục…")
            self._backup(folder, passphrase)

    @work(thread=True, exclusive=True, group="keys")
    def _backup(self, folder: Path, passphrase: str) -> None:
        from antt_tui.outputs import check_output_path

        state = self.antt.state
        guard = {"overwrite": False, "paths": state.paths, "protected": [state.folder]}
        try:
            check_folder(self.antt, folder)
            target = check_output_path(free_name(folder / backup_name(self.fingerprint)), **guard)
            sheet = check_output_path(free_name(folder / SHEET_NAME), **guard)
            fingerprint = state.run(service(self.antt).backup_key, target, passphrase,
                                    sheet=sheet, today=state.today())
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(f"Chưa sao lưu được: {escape(error_text(exc))}"))
            return
        self.post_message(self.BackedUp(fingerprint, target, sheet))

    @on(BackedUp)
    def _backed_up(self, message: BackedUp) -> None:
        fingerprint, target, sheet = message.fingerprint, message.target, message.sheet
        self._say(f"[b]Đã sao lưu khóa {fingerprint}[/b] vào {escape(str(target))}\n"
                  f"Đã ghi phiếu khôi phục {escape(str(sheet))}: in ra giấy, cất nơi an toàn, "
                  "rồi xóa tệp PDF khỏi USB. Giữ USB sao lưu và phiếu ở hai nơi khác nhau.")

    # ------------------------------------------------------------------ restore

    def action_restore(self) -> None:
        """A backup file and its passphrase, or the 24 words; then the fingerprint."""
        def given(request: RestoreRequest | None) -> None:
            if request is not None:
                self._set_busy("Đang khôi phục khóa…")
                self._restore(request)

        self.app.push_screen(RestoreDialog(), given)

    @work(thread=True, exclusive=True, group="keys")
    def _restore(self, request: RestoreRequest) -> None:
        state = self.antt.state
        try:
            fingerprint = state.run(service(self.antt).restore_key, path=request.path,
                                    passphrase=request.passphrase, words=request.words)
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(
                f"Chưa khôi phục được: {escape(error_text(exc))}"))
            return
        self.post_message(self.Restored(fingerprint))

    @on(Restored)
    def _restored(self, message: Restored) -> None:
        fingerprint = message.fingerprint
        self._show(COMMUNE, fingerprint, False)
        self._say(f"[b]Đã khôi phục khóa của xã {fingerprint}.[/b] So mã này với mã trên phiếu "
                  "khôi phục.")


class PassphraseDialog(AnttMixin, ModalScreen[str | None]):
    """The backup's passphrase, typed twice; returns it, or None."""

    BINDINGS = [Binding("escape", "cancel", "Quay lại", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Mật khẩu bảo vệ tệp sao lưu", classes="dialog-title")
            yield Static(f"Ít nhất {MIN_PASSPHRASE} ký tự. Không có mật khẩu thì không mở được "
                         "tệp sao lưu: hãy nhớ kỹ, không ghi mật khẩu lên USB.",
                         classes="dialog-body")
            yield Input(placeholder="Mật khẩu", password=True, id="pass-first")
            yield Input(placeholder="Gõ lại mật khẩu", password=True, id="pass-again")
            yield Static("", id="pass-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Sao lưu (Enter)", variant="primary", id="accept")
                yield Button("Quay lại (Esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#pass-first", Input).focus()

    def _accept(self) -> None:
        first = unicodedata.normalize("NFC", self.query_one("#pass-first", Input).value)
        again = unicodedata.normalize("NFC", self.query_one("#pass-again", Input).value)
        error = self.query_one("#pass-error", Static)
        if len(first) < MIN_PASSPHRASE:
            error.update(f"Mật khẩu cần ít nhất {MIN_PASSPHRASE} ký tự.")
            self.query_one("#pass-first", Input).focus()
        elif first != again:
            error.update("Hai lần gõ không giống nhau; hãy gõ lại.")
            self.query_one("#pass-again", Input).value = ""
            self.query_one("#pass-again", Input).focus()
        else:
            self.dismiss(first)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "pass-first" and not self.query_one("#pass-again", Input).value:
            self.query_one("#pass-again", Input).focus()
        else:
            self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "accept":
            self._accept()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without a passphrase."""
        self.dismiss(None)


@dataclass(frozen=True)
class RestoreRequest:
    """Where the key comes back from: a backup file and its passphrase, or the 24 words."""

    path: Path | None = None
    passphrase: str = ""
    words: str | None = None


class RestoreDialog(AnttMixin, ModalScreen[RestoreRequest | None]):
    """A backup file (found on the sticks, or typed) with its passphrase, or the 24 words."""

    BINDINGS = [
        Binding("escape", "cancel", "Quay lại", id="cancel"),
        Binding("ctrl+s", "accept", "Khôi phục", id="accept"),
    ]

    @dataclass
    class BackupFound(WorkerResult):
        """A key backup at the top of a drive, to offer."""

        path: Path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Khôi phục khóa của xã", classes="dialog-title")
            yield Static("Từ tệp sao lưu: đường dẫn tệp và mật khẩu. Hoặc gõ 24 từ trên phiếu "
                         "khôi phục, theo thứ tự (khi có 24 từ, ô tệp được bỏ qua).",
                         classes="dialog-body")
            yield Input(placeholder="Tệp sao lưu, ví dụ E:\\khoa-xa-….anttk", id="restore-file")
            yield Input(placeholder="Mật khẩu của tệp sao lưu", password=True,
                        id="restore-pass")
            yield Label("Hoặc 24 từ của phiếu khôi phục:")
            yield TextArea(id="restore-words")
            yield Static("", id="restore-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Khôi phục (Ctrl+S)", variant="primary", id="accept")
                yield Button("Quay lại (Esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#restore-file", Input).focus()
        self._find_backup()

    @work(thread=True, exclusive=True, group="restore-find")
    def _find_backup(self) -> None:
        """Offer the first key backup found at the top of a drive (a stick plugged in)."""
        from antt_tui.sync.service import SyncService

        try:
            found = next((f for d in SyncService.drives()
                          for f in sorted(d.path.glob("khoa-xa-*.anttk"))), None)
        except OSError:
            found = None
        if found is not None:
            self.post_message(self.BackupFound(found))

    @on(BackupFound)
    def _offer(self, message: BackupFound) -> None:
        file = self.query_one("#restore-file", Input)
        if not file.value:
            file.value = str(message.path)

    def action_accept(self) -> None:
        """Check that one way was given, then return it."""
        path = self.query_one("#restore-file", Input).value.strip().strip('"')
        passphrase = self.query_one("#restore-pass", Input).value
        words = self.query_one("#restore-words", TextArea).text.strip()
        error = self.query_one("#restore-error", Static)
        if words:  # typed on purpose: the file offered from a stick gives way
            self.dismiss(RestoreRequest(words=words))
        elif not path:
            error.update("Gõ đường dẫn tệp sao lưu (và mật khẩu), hoặc 24 từ của phiếu.")
        elif not passphrase:
            error.update("Gõ mật khẩu của tệp sao lưu.")
            self.query_one("#restore-pass", Input).focus()
        else:
            self.dismiss(RestoreRequest(path=Path(path).expanduser(), passphrase=passphrase))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "restore-file" and not self.query_one("#restore-pass", Input).value:
            self.query_one("#restore-pass", Input).focus()
        else:
            self.action_accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "accept":
            self.action_accept()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without restoring."""
        self.dismiss(None)
