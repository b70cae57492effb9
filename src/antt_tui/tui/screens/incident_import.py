"""Entering many incidents at once: a file path (or cells pasted from Excel), the preview of
every row (to add, already stored, refused with the reason), then one save of them all.

The reading and checking run in a worker with a progress bar; nothing is written before
Ctrl+S (or Enter on the preview). The steps live in `antt_tui.roster.incident_import`, which
`antt incident import` calls too.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static, TextArea

from antt_tui.domain.errors import DomainError
from antt_tui.roster.incident_import import (
    DUPLICATE,
    NEW,
    REFUSED,
    ImportPlan,
    ImportResult,
    PlannedRow,
    commit_import,
    plan_file,
    plan_text,
)
from antt_tui.storage.errors import StoreError, describe_os_error
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar

SHOWN = 1000
"""Rows drawn in the preview table (problems first); the counts cover every row."""
PASTE_PAUSE = 0.4
"""Seconds after the last change to the pasted cells before they are read."""
PROGRESS_EVERY = 0.2
"""Seconds between two updates of the progress bar."""
_STATUS = {NEW: "Thêm", DUPLICATE: "Trùng", REFUSED: "Từ chối"}
_ORDER = {REFUSED: 0, DUPLICATE: 1, NEW: 2}
_FILES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")


class PathSuggester(Suggester):
    """Completes a typed path with the first spreadsheet file (else folder) it can name."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(("/", os.sep)):
            return None
        typed = Path(value).expanduser()
        folder, prefix = typed.parent, typed.name
        fold = str.lower if os.name == "nt" else str  # Windows names ignore case
        try:
            names = sorted(os.scandir(folder), key=lambda e: (e.is_dir(), e.name.lower()))
        except OSError:
            return None
        for entry in names:
            if entry.name.startswith(".") or not fold(entry.name).startswith(fold(prefix)):
                continue
            if entry.is_dir() or entry.name.lower().endswith(_FILES):
                rest = entry.name[len(prefix):] + (os.sep if entry.is_dir() else "")
                return value + rest if rest else None
        return None


class IncidentImportScreen(AnttMixin, Screen[None]):
    """Nhập vụ việc từ tệp Excel: choose or paste, preview, save all at once."""

    HELP_TITLE = "Nhập vụ việc từ tệp Excel"
    CSS_PATH = "incident_import.tcss"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "cancel", "Hủy", tooltip="Không nhập gì, quay lại danh sách",
                id="cancel"),
        Binding("f5", "preview", "Xem trước",
                tooltip="Đọc lại tệp hoặc các ô đã dán và kiểm tra từng dòng", id="preview"),
        Binding("ctrl+s", "commit", "Nhập",
                tooltip="Lưu mọi dòng hợp lệ trong một lần (tất cả hoặc không gì)",
                id="commit"),
        Binding("f6", "toggle_duplicates", "Cả dòng trùng",
                tooltip="Nhập cả những dòng giống vụ việc đã có (bấm lại để bỏ qua chúng)",
                id="duplicates"),
    ]

    @dataclass
    class Progress(WorkerResult):
        """How far the check of the rows has come."""

        text: str
        total: int
        done: int

    @dataclass
    class Planned(WorkerResult):
        """The rows read and checked: what the import would do."""

        plan: ImportPlan

    @dataclass
    class Failed(WorkerResult):
        """Reading or saving failed; nothing was imported."""

        text: str

    @dataclass
    class Committed(WorkerResult):
        """The rows were saved."""

        plan: ImportPlan
        result: ImportResult

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.start_path = path
        self.plan: ImportPlan | None = None
        """The preview of the list last read (None before one is read)."""
        self.include_duplicates = False
        """Whether rows like stored incidents are imported too (F6)."""
        self.busy = ""
        """What runs now ("" when nothing)."""
        self._source = "file"
        self._paste_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("[b]Nhập vụ việc từ tệp Excel (.xlsx), CSV, hoặc dán các ô từ Excel[/b]\n"
                     "[dim]Gõ đường dẫn rồi Enter (→: gợi ý), hoặc Tab rồi dán. Chưa ghi gì "
                     "trước Ctrl+S.[/dim]", id="ii-title")
        yield Input(self.start_path, placeholder="Đường dẫn tệp, ví dụ D:\\vu-viec-2026.xlsx",
                    suggester=PathSuggester(), id="ii-path", compact=True)
        yield TextArea(id="ii-paste", soft_wrap=False, compact=True,
                       placeholder="…hoặc dán vào đây các ô đã chép từ Excel "
                                   "(cả dòng tiêu đề: Ngày, Thôn, Loại vụ việc …)")
        yield Static("", id="ii-summary")
        yield DataTable(id="ii-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="ii-detail")
        yield BusyLine(id="ii-busy")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ii-table", DataTable)
        table.add_columns("Dòng", "Kết quả", "Ngày", "Thôn", "Loại vụ việc", "Lý do")
        self.query_one("#ii-path", Input).focus()
        if self.start_path:
            self.action_preview()

    # ------------------------------------------------------------------ state

    def _set_busy(self, text: str, total: int | None = None, done: int = 0) -> None:
        if not self.is_attached:
            return  # closed while a worker was reading
        self.busy = text
        line = self.query_one(BusyLine)
        if text:
            line.show(text, total, done)
        else:
            line.hide()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+S only when a preview has rows to add; F6 only when some are duplicates."""
        if action == "commit":
            return None if self.busy or not self._adding() else True
        if action == "toggle_duplicates":
            return bool(self.plan and self.plan.duplicates) and not self.busy
        if action == "preview":
            return None if self.busy else True
        if action == "cancel":
            return None if self.busy.startswith("Đang nhập") else True
        return True

    def _adding(self) -> int:
        """How many incidents Ctrl+S would add now."""
        if self.plan is None:
            return 0
        return len(self.plan.new) + (len(self.plan.duplicates) if self.include_duplicates
                                     else 0)

    # ------------------------------------------------------------------ preview

    @on(Input.Submitted, "#ii-path")
    def _path_submitted(self) -> None:
        self._source = "file"
        self.action_preview()

    @on(TextArea.Changed, "#ii-paste")
    def _pasted(self) -> None:
        # Read the cells once the paste (or the typing) pauses.
        self._source = "paste"
        if self._paste_timer is not None:
            self._paste_timer.stop()
        if self.query_one("#ii-paste", TextArea).text.strip():
            self._paste_timer = self.set_timer(PASTE_PAUSE, self.action_preview)

    def action_preview(self) -> None:
        """Read the file (or the pasted cells) and check every row; nothing is written."""
        if self.busy:
            return
        if self._source == "paste":
            text = self.query_one("#ii-paste", TextArea).text
            if not text.strip():
                return
            self._set_busy("Đang đọc các ô đã dán…")
            self._read(None, text)
            return
        typed = self.query_one("#ii-path", Input).value.strip().strip('"')
        if not typed:
            self._say("Gõ đường dẫn tệp Excel hoặc CSV, hoặc dán các ô vào khung dưới.",
                      failed=True)
            return
        self._set_busy(f"Đang đọc {Path(typed).name}…")
        self._read(Path(typed).expanduser(), None)

    @work(thread=True, exclusive=True, group="incident-import")
    def _read(self, path: Path | None, text: str | None) -> None:
        roster = self.antt.state.roster
        shown = [0.0]

        def progress(done: int, total: int) -> None:
            # A few updates a second: each one waits for the screen to draw it.
            if done < total and time.monotonic() - shown[0] < PROGRESS_EVERY:
                return
            shown[0] = time.monotonic()
            self.post_message(self.Progress(f"Đang kiểm tra dòng {done}/{total}…", total, done))

        try:
            plan = (plan_file(roster, path, progress=progress) if path is not None
                    else plan_text(roster, text or "", progress=progress))
        except (DomainError, StoreError) as exc:
            self.post_message(self.Failed(str(exc)))
            return
        except OSError as exc:
            self.post_message(self.Failed(f"Không đọc được tệp: {describe_os_error(exc)}."))
            return
        self.post_message(self.Planned(plan))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        if not message.stale:
            self._set_busy(message.text, message.total, message.done)

    @on(Failed)
    def _read_failed(self, message: Failed) -> None:
        if not message.stale:
            self._failed(message.text)

    def _failed(self, text: str) -> None:
        if not self.is_attached:
            return
        self.plan = None
        self.query_one("#ii-table", DataTable).clear()
        self.query_one("#ii-detail", Static).update("")
        self._set_busy("")
        self._say(f"{escape(text)}\nChưa nhập gì.", failed=True)

    @on(Planned)
    def _show(self, message: Planned) -> None:
        if message.stale or not self.is_attached:
            return
        plan = message.plan
        self.plan = plan
        table = self.query_one("#ii-table", DataTable)
        table.clear()
        rows = sorted(plan.rows, key=lambda r: (_ORDER[r.status], r.row))
        for row in rows[:SHOWN]:
            # Text cells: what the file says is never read as markup.
            table.add_row(str(row.row), _status_text(row), Text(row.date),
                          Text(shorten(row.village, 12)), Text(shorten(row.category, 20)),
                          Text(shorten(" ".join(row.reasons), 60)), key=str(row.row))
        self._set_busy("")
        self._summarise()
        self._describe_row()
        if table.row_count and self._source == "file":
            table.focus()  # arrows read the rows, Enter saves (typed cells keep the focus)

    def _summarise(self) -> None:
        plan = self.plan
        if plan is None:
            return
        duplicates = len(plan.duplicates)
        what = "sẽ nhập cả" if self.include_duplicates else "bỏ qua"
        lines = [f"{escape(plan.source)} · dòng tiêu đề {plan.heading_row} · bảng mã "
                 f"{escape(plan.encoding)}",
                 f"[b]Sẽ thêm {self._adding()} vụ việc[/b] · trùng vụ việc đã có ({what}, "
                 f"F6): {duplicates} · [b]từ chối: {len(plan.refused)}[/b]"]
        if plan.ignored:
            lines.append(f"[dim]Cột không dùng: {escape(', '.join(plan.ignored))}[/dim]")
        if len(plan.rows) > SHOWN:
            lines.append(f"[dim]Bảng chỉ hiện {SHOWN} dòng (dòng bị từ chối, trùng trước); "
                         "số đếm tính mọi dòng.[/dim]")
        if not plan.rows:
            lines.append("Không có dòng vụ việc nào dưới dòng tiêu đề.")
        elif self._adding():
            lines.append("Ctrl+S hoặc Enter ở bảng: nhập · Esc: hủy")
        self._say("\n".join(lines), failed=False)

    def _say(self, text: str, *, failed: bool) -> None:
        summary = self.query_one("#ii-summary", Static)
        summary.set_class(failed, "error")
        summary.update(text)

    @on(DataTable.RowHighlighted, "#ii-table")
    def _describe_row(self) -> None:
        """The whole reason of the highlighted row, under the table."""
        detail = self.query_one("#ii-detail", Static)
        row = self.highlighted()
        if row is None:
            detail.update("")
            return
        where = " · ".join(x for x in (row.date, row.village, row.category, row.place) if x)
        detail.update(f"[b]Dòng {row.row}[/b] ({_STATUS[row.status]}): {escape(where)}"
                      + (f"\n{escape(' '.join(row.reasons))}" if row.reasons else ""))

    def highlighted(self) -> PlannedRow | None:
        """The planned row under the table's cursor."""
        table = self.query_one("#ii-table", DataTable)
        if self.plan is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.plan.rows if str(r.row) == key), None)

    def action_toggle_duplicates(self) -> None:
        """Import the rows that look like stored incidents too, or skip them again."""
        self.include_duplicates = not self.include_duplicates
        self._summarise()
        self.refresh_bindings()

    # ------------------------------------------------------------------ commit

    @on(DataTable.RowSelected, "#ii-table")
    def _enter_on_table(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_commit()

    def action_commit(self) -> None:
        """Save every row to add in one go."""
        if self.check_action("commit", ()) is not True or self.plan is None:
            return
        self._set_busy(f"Đang nhập {self._adding()} vụ việc…")
        self._commit(self.plan, self.include_duplicates)

    @work(thread=True, exclusive=True, group="incident-import")
    def _commit(self, plan: ImportPlan, include_duplicates: bool) -> None:
        state = self.antt.state
        try:
            result = state.run(commit_import, state.roster, plan,
                               include_duplicates=include_duplicates)
        except (DomainError, StoreError) as exc:
            self.post_message(self.Failed(f"Chưa nhập được: {exc}"))
            return
        self.post_message(self.Committed(plan, result))

    @on(Committed)
    def _committed(self, message: Committed) -> None:
        plan, result = message.plan, message.result
        self._set_busy("")
        if not result.added:
            self._say("Không có vụ việc nào để nhập (các dòng đều đã có).", failed=False)
            return
        skipped = f", bỏ qua {result.skipped} dòng trùng" if result.skipped else ""
        refused = f", {result.refused} dòng bị từ chối" if result.refused else ""
        self.app.post_message(DataChanged(
            f"Đã nhập {len(result.added)} vụ việc từ {plan.source}{skipped}{refused}."))
        self.app.pop_screen()

    def action_cancel(self) -> None:
        """Leave without importing anything."""
        if self.check_action("cancel", ()) is True:
            self.app.pop_screen()


def _status_text(row: PlannedRow) -> Text:
    style = {REFUSED: "bold red", DUPLICATE: "yellow", NEW: ""}[row.status]
    return Text(_STATUS[row.status], style=style)
