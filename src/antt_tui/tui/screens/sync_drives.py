"""Choosing the stick: every drive with its label and free space, removable ones first, or a
folder typed by hand (many sticks report as fixed disks).

`DriveDialog` returns the chosen folder (a `Path`) or None. With one removable drive in, it is
already highlighted: Enter takes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from antt_tui.sync.stick import Drive
from antt_tui.tui.messages import WorkerResult


def describe(drive: Drive) -> str:
    """"E:\\ USB-THON (còn 3,2 GB, USB)": what an officer recognises."""
    free = drive.free_bytes / 2**30
    size = f"{free:.1f} GB".replace(".", ",") if free >= 1 else \
        f"{drive.free_bytes / 2**20:.0f} MB"
    kind = "USB" if drive.removable else "ổ đĩa"
    label = f" {drive.label}" if drive.label and drive.label != str(drive.path) else ""
    return f"{drive.path}{label} (còn {size}, {kind})"


class DriveDialog(ModalScreen[Path | None]):
    """Pick the stick (or type a folder); returns the folder or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Quay lại", id="cancel"),
        Binding("f5", "refresh", "Tìm lại ổ", tooltip="Tìm lại sau khi cắm USB", id="refresh"),
        Binding("tab", "app.focus_next", "Gõ đường dẫn", show=False, id="type_path"),
    ]

    @dataclass
    class Found(WorkerResult):
        """The drives found."""

        drives: list[Drive]

    def __init__(self, title: str, explanation: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation or ("Chọn USB rồi nhấn Enter, hoặc gõ đường dẫn thư mục "
                                           "(Tab) rồi Enter. F5: tìm lại ổ sau khi cắm USB.")
        self.drives: list[Drive] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.explanation, classes="dialog-body")
            yield OptionList(id="drives")
            yield Input(placeholder="Hoặc gõ đường dẫn, ví dụ E:\\ hoặc /media/usb", id="path")
            yield Static("", id="drive-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#drives", OptionList).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        """Look for drives again (in a worker: a slow drive must not freeze the screen)."""
        self.query_one("#drives", OptionList).clear_options()
        self.query_one("#drives", OptionList).add_option(Option("Đang tìm các ổ đĩa…",
                                                                disabled=True))
        self._find()

    @work(thread=True, exclusive=True, group="drives")
    def _find(self) -> None:
        from antt_tui.sync.service import SyncService

        try:
            drives = SyncService.drives()
        except Exception:  # a drive listing that fails leaves typing a path
            drives = []
        self.post_message(self.Found(drives))

    @on(Found)
    def _show(self, message: Found) -> None:
        if message.stale:
            return
        drives = self.drives = message.drives
        options = self.query_one("#drives", OptionList)
        options.clear_options()
        if not drives:
            options.add_option(Option("Không thấy ổ đĩa nào: gõ đường dẫn ở dưới (Tab).",
                                      disabled=True))
            return
        for drive in drives:
            options.add_option(Option(describe(drive), id=str(drive.path)))
        options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._choose(Path(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().strip('"')
        if text:
            self._choose(Path(text).expanduser())

    def _choose(self, folder: Path) -> None:
        if not folder.is_dir():
            self.query_one("#drive-error", Static).update(
                f"Không có thư mục {folder} (USB đã cắm chưa?).")
            return
        self.dismiss(folder)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
