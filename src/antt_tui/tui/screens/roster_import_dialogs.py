"""The dialogs of "Nhập danh sách từ Excel": choosing the file (the drives as the sync screens
list them, then folders and spreadsheet files) and choosing one value from a short list.

`FileDialog` is the sync screens' `DriveDialog` that goes on into the folders: Enter on a
drive or a folder opens it, Enter on a file takes it, Backspace goes up; a path typed in the
box (Tab) may name a folder or the file itself. Folders are read in a worker (a slow stick
must not freeze the screen) that posts what it found as a message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from antt_tui.domain.text import fold
from antt_tui.storage.errors import describe_os_error
from antt_tui.sync.stick import Drive
from antt_tui.tui.screens.sync_drives import DriveDialog, describe

SPREADSHEETS = (".xlsx", ".xls", ".csv")
"""The files a roster can be read from."""

DRIVES = "drives"
"""The option that goes back to the list of drives."""

CSS_PATH = "roster_import.tcss"


def usual_folders() -> list[tuple[str, Path]]:
    """Where a file copied from a stick or received by e-mail usually is."""
    home = Path.home()
    found = [("Thư mục cá nhân", home)]
    for name, label in (("Desktop", "Màn hình (Desktop)"), ("Documents", "Tài liệu (Documents)"),
                        ("Downloads", "Tải về (Downloads)")):
        if (home / name).is_dir():
            found.append((label, home / name))
    return found


@dataclass
class Entry:
    """A sub-folder or a spreadsheet file of the folder listed."""

    path: Path
    folder: bool
    size: int = 0
    modified: float = 0.0

    def label(self) -> Text:
        """"ds-dong-ha.xlsx · 24 KB · 03/12/2026", or "Thư mục con/"."""
        if self.folder:
            return Text(f"{self.path.name}{os.sep}", style="bold")
        size = f"{max(1, round(self.size / 1024))} KB"
        day = datetime.fromtimestamp(self.modified).strftime("%d/%m/%Y")
        return Text(f"{self.path.name} · {size} · {day}")


@dataclass
class FolderListed(Message, bubble=False):
    """A folder was read: its sub-folders and spreadsheet files, or why it could not be."""

    folder: Path
    entries: list[Entry] = field(default_factory=list)
    error: str = ""


def list_folder(folder: Path) -> list[Entry]:
    """The visible sub-folders, then the spreadsheet files, each by name."""
    folders, files = [], []
    with os.scandir(folder) as found:
        for item in found:
            if item.name.startswith((".", "~$")):  # hidden, or Excel's lock file
                continue
            try:
                if item.is_dir():
                    folders.append(Entry(Path(item.path), True))
                elif item.name.lower().endswith(SPREADSHEETS):
                    stat = item.stat()
                    files.append(Entry(Path(item.path), False, stat.st_size, stat.st_mtime))
            except OSError:  # a broken link, a file being copied
                continue
    return [*sorted(folders, key=lambda e: fold(e.path.name)),
            *sorted(files, key=lambda e: fold(e.path.name))]


class FileDialog(DriveDialog):
    """Pick a roster file: a drive or folder, then the file; returns its path or None."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("backspace", "up", "Lên thư mục trên", id="up"),
    ]

    def __init__(self, title: str, folder: Path | None = None) -> None:
        super().__init__(title, "Enter: mở ổ đĩa, thư mục, chọn tệp .xlsx, .xls, .csv · "
                                "Backspace: lên trên · Tab: gõ đường dẫn · F5: tìm lại USB.")
        self.folder = folder if folder is not None and folder.is_dir() else None
        """The folder listed; None while the drives are."""

    @on(events.Mount)
    def _typed_path(self) -> None:
        # DriveDialog's own on_mount then focuses the list and calls `action_refresh`.
        self.query_one("#path", Input).placeholder = (
            "Đường dẫn thư mục hoặc tệp, ví dụ E:\\danh-sach.xlsx")

    def action_refresh(self) -> None:
        """Read the folder again, or look for the drives again."""
        if self.folder is not None:
            self.browse(self.folder)
        else:
            super().action_refresh()

    def _show(self, drives: list[Drive]) -> None:
        """The drives (from DriveDialog's search), then the usual folders."""
        if self.folder is not None:
            return  # a folder was opened while the drives were looked for
        self.drives = drives
        options = self.query_one("#drives", OptionList)
        options.clear_options()
        for drive in drives:
            options.add_option(Option(Text(describe(drive)), id=f"dir:{drive.path}"))
        for label, path in usual_folders():
            options.add_option(Option(Text(f"{label}: {path}"), id=f"dir:{path}"))
        options.highlighted = 0

    # ------------------------------------------------------------------ folders

    def browse(self, folder: Path) -> None:
        """List `folder` (in a worker)."""
        self.folder = folder
        self.query_one("#drive-error", Static).update("")
        options = self.query_one("#drives", OptionList)
        options.clear_options()
        options.add_option(Option(Text(f"Đang đọc {folder}…"), disabled=True))
        self._list(folder)

    @work(thread=True, exclusive=True, group="files")
    def _list(self, folder: Path) -> None:
        try:
            self.post_message(FolderListed(folder, list_folder(folder)))
        except OSError as exc:
            self.post_message(FolderListed(folder, error=(
                f"Không đọc được thư mục {folder}: {describe_os_error(exc)}.")))

    @on(FolderListed)
    def _listed(self, message: FolderListed) -> None:
        if message.folder != self.folder:
            return  # another folder was opened meanwhile
        options = self.query_one("#drives", OptionList)
        options.clear_options()
        parent = message.folder.parent
        up = (Option(Text(f"↑ Lên trên: {parent}"), id=f"dir:{parent}")
              if parent != message.folder else Option(Text("↑ Các ổ đĩa"), id=DRIVES))
        options.add_option(up)
        for entry in message.entries:
            kind = "dir" if entry.folder else "file"
            options.add_option(Option(entry.label(), id=f"{kind}:{entry.path}"))
        files = sum(not e.folder for e in message.entries)
        self.query_one("#drive-error", Static).update(
            message.error or ("" if files else
                              f"{message.folder}: không có tệp .xlsx, .xls, .csv nào ở đây."))
        # The first file (the reason to be here), else the first sub-folder, else "up".
        first = next((i for i, e in enumerate(message.entries, 1) if not e.folder),
                     1 if message.entries else 0)
        options.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.prevent_default()  # not DriveDialog's: a drive is opened, not returned
        event.stop()
        kind, _, path = (event.option.id or "").partition(":")
        if event.option.id == DRIVES:
            self.folder = None
            super().action_refresh()
        elif kind in ("dir", "file"):
            self._choose(Path(path))

    def _choose(self, folder: Path) -> None:
        """A folder is opened; a spreadsheet file is the answer."""
        error = self.query_one("#drive-error", Static)
        if folder.is_dir():
            self.browse(folder)
            self.query_one("#drives", OptionList).focus()
        elif folder.is_file() and folder.suffix.lower() in SPREADSHEETS:
            self.dismiss(folder)
        elif folder.is_file():
            error.update(f"{folder.name} không phải tệp .xlsx, .xls hoặc .csv.")
        else:
            error.update(f"Không có tệp hay thư mục {folder} (USB đã cắm chưa?).")

    def action_up(self) -> None:
        """Go up one folder (from the top of a drive: back to the drives)."""
        if self.folder is None:
            return
        if self.folder.parent == self.folder:
            self.folder = None
            super().action_refresh()
        else:
            self.browse(self.folder.parent)


class ChoiceDialog(ModalScreen[str | None]):
    """One value from a short list; returns its id or None. A letter jumps to the next option
    that starts with it (without diacritics)."""

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "cancel", "Quay lại", id="cancel")]

    def __init__(self, title: str, explanation: str, options: list[tuple[str, str]],
                 current: str | None = None) -> None:
        super().__init__()
        self.title_text, self.explanation = title, explanation
        self.choices, self.current = options, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.explanation, classes="dialog-body")
            yield OptionList(*[Option(Text(label), id=value) for value, label in self.choices],
                             id="choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        ids = [value for value, _ in self.choices]
        options.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_key(self, event: events.Key) -> None:
        if not event.character or not event.character.isalnum():
            return
        letter = fold(event.character)
        options = self.query_one(OptionList)
        here = options.highlighted if options.highlighted is not None else -1
        count = len(self.choices)
        for step in range(1, count + 1):
            index = (here + step) % count
            label = fold(self.choices[index][1]).lstrip("( ")
            if label.startswith(letter):
                options.highlighted = index
                event.stop()
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
