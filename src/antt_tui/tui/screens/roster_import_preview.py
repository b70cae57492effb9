"""The reading and preview half of "Nhập danh sách từ Excel" (`roster_import`): the file
picked and read, planned again after every change, and what the screen shows of it.

The columns page lists each column with what it is read as, its encoding and a first value
as it would be stored (`column_views`), even before the file can be planned (a heading row
not found: the officer chooses it, h, and the columns by hand); the preview page lists the
rows with errors and why, suspected duplicates, changes to stored records, warnings and the
sample before → after. Reading and planning run in a thread worker that posts its progress
and its answer as messages; an answer to an older question (the officer changed a column
meanwhile) is dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Static

from antt_tui.domain.errors import DomainError
from antt_tui.domain.numbers import vn_number
from antt_tui.roster.entities import VillageRecord
from antt_tui.roster.roster_import import (
    ColumnView,
    Imported,
    RosterFile,
    RosterPlan,
    column_views,
    plan,
    read_roster,
)
from antt_tui.storage.errors import StoreError, describe_os_error
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.screens import roster_import_view as view
from antt_tui.tui.screens.roster_import_dialogs import CSS_PATH, FileDialog
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar

SHOWN = 1000
"""Lines drawn in the preview table (errors first); the counts cover every row."""
PROGRESS_EVERY = 0.2
"""Seconds between two updates of the progress bar."""
PAGES = (("ri-columns", "1", "Các cột"), ("ri-preview", "2", "Xem trước"))
STEP_ERRORS = (DomainError, StoreError)
"""What reading, planning and importing may raise; each is said on screen."""


@dataclass
class Progressed(Message, bubble=False):
    """How far the reading or the planning has got."""

    ask: int
    text: str
    total: int | None
    """None while the number of rows is not known."""
    done: int


@dataclass
class Planned(Message, bubble=False):
    """A file was read (`fresh`) and/or planned; `error` says why there is no plan."""

    ask: int
    fresh: bool
    file: RosterFile | None
    plan: RosterPlan | None
    error: str = ""
    village: str = ""
    """The village chosen, kept when the same sheet is read again with another heading
    row."""


class RosterPreview(AnttMixin, Screen[None]):
    """A roster file read and planned, its columns and preview shown; nothing is written
    here (`RosterImportScreen` adds the keys that change, import and export)."""

    CSS_PATH = CSS_PATH

    def __init__(self) -> None:
        super().__init__()
        self.source: Path | None = None
        """The file chosen."""
        self.file: RosterFile | None = None
        self.mapping: dict[int, str] = {}
        """Column → field, as the officer has it now."""
        self.chosen: dict[int, str] = {}
        """Column → encoding the officer chose (the others are read as detected)."""
        self.village = ""
        """The village code chosen ("": as the file says)."""
        self.plan: RosterPlan | None = None
        self.failure = ""
        """Why the file could not be read or planned ("" when it was)."""
        self.done: Imported | None = None
        """The import just written (until the file is planned again)."""
        self.busy = ""
        """What runs now ("" when nothing)."""
        self._ask = 0
        """The latest reading or planning asked for: older answers are dropped."""
        self.columns: list[ColumnView] = []
        """The columns table's rows."""
        self.lines: list[view.PreviewLine] = []
        """The preview table's rows."""
        self._village_count: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="ri-summary")
        yield Static("", id="ri-tabs")
        with ContentSwitcher(initial="ri-columns", id="ri-pages"):
            yield DataTable(id="ri-columns", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="ri-preview", cursor_type="row", zebra_stripes=True)
        yield Static("", id="ri-detail")
        yield Static("", id="ri-hint", classes="hint")
        yield BusyLine(id="ri-busy")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ri-columns", DataTable).add_columns(
            "Cột", "Tiêu đề", "Đọc là", "Bảng mã", "Ví dụ")
        self.query_one("#ri-preview", DataTable).add_columns("Dòng", "Loại", "Nội dung")
        self._show()
        self.action_choose_file()

    # ------------------------------------------------------------------ state

    def _set_busy(self, text: str) -> None:
        self.busy = text
        line = self.query_one(BusyLine)
        if text:
            line.show(text)
        else:
            line.hide()
        self.refresh_bindings()

    def _villages(self) -> list[VillageRecord]:
        villages = self.antt.state.roster.villages()
        self._village_count = len(villages)
        return villages

    def _several_villages(self) -> bool:
        if self._village_count is None:
            self._villages()
        return bool(self._village_count and self._village_count > 1)

    def _reporter(self, ask: int, what: str, unit: str = "", last: str = ""
                  ) -> Callable[[int, int], None]:
        """A progress callback for a worker: a few messages a second, not one per row.
        "Đang đọc dòng 1.500/6.000 (25%)…"; `last` replaces `what` once all are done (the
        save that follows the preparing: "Đang lưu: 40/40 hộ (100%)…")."""
        shown = [0.0]
        unit = f" {unit}" if unit else ""

        def progress(done: int, total: int) -> None:
            if not 0 < total <= done and time.monotonic() - shown[0] < PROGRESS_EVERY:
                return
            shown[0] = time.monotonic()
            if total > 0:
                percent = min(100, done * 100 // total)
                label = last if last and done >= total else what
                self.post_message(Progressed(ask, (
                    f"{label} {vn_number(done)}/{vn_number(total)}{unit} ({percent}%)…"),
                    total, done))
            else:  # a workbook that does not say how many rows it has
                self.post_message(Progressed(ask, f"{what} {vn_number(done)}{unit}…", None, 0))

        return progress

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        if message.ask == self._ask and self.busy:
            self.query_one(BusyLine).show(message.text, message.total, message.done)

    # ------------------------------------------------------------------ reading, planning

    def action_choose_file(self) -> None:
        """Pick the roster file on a stick or in a folder."""
        folder = self.source.parent if self.source is not None else None
        self.app.push_screen(FileDialog("Nhập danh sách từ Excel: chọn tệp", folder),
                             self._file_chosen)

    def _file_chosen(self, path: Path | None) -> None:
        if path is None:
            if self.file is None and not self.busy and self.app.screen is self:
                self.app.pop_screen()  # nothing chosen at the start: back where we were
            return
        self.source, self.done, self.plan, self.file, self.failure = path, None, None, None, ""
        self._ask += 1
        self._set_busy(f"Đang đọc {path.name}…")
        self._show()
        self._read(path, self._ask)

    def _read_again(self, sheet: str, heading_row: int | None) -> None:
        """Read the file again: another sheet (its heading row found again, the village as
        the sheet says), or the same sheet with the heading row the officer chose."""
        if self.source is None or self.file is None:
            return
        village = self.village if sheet == self.file.sheet else ""
        self.done, self.failure = None, ""
        self._ask += 1
        self._set_busy(f"Đang đọc lại {self.source.name}…")
        self._read(self.source, self._ask, sheet, heading_row, village, again=True)

    @work(thread=True, exclusive=True, group="roster-import")
    def _read(self, path: Path, ask: int, sheet: str | None = None,
              heading_row: int | None = None, village: str = "", *,
              again: bool = False) -> None:
        """In a worker: read the file and plan it. A file read `again` that cannot be keeps
        the one on screen."""
        try:
            file = read_roster(path, sheet=sheet, heading_row=heading_row,
                               progress=self._reporter(ask, "Đang đọc dòng"))
        except STEP_ERRORS as exc:
            self.post_message(Planned(ask, not again, None, None, str(exc)))
            return
        except OSError as exc:
            self.post_message(Planned(ask, not again, None, None,
                                      f"Không đọc được tệp: {describe_os_error(exc)}."))
            return
        self._plan_now(ask, True, file, dict(file.mapping), {}, village)

    def _replan(self) -> None:
        """Plan the file again with the mapping, encodings and village as they are now."""
        if self.file is None:
            return
        self.done = None
        self._ask += 1
        self._set_busy("Đang xem trước…")
        self._plan(self._ask, self.file, dict(self.mapping), dict(self.chosen), self.village)

    @work(thread=True, exclusive=True, group="roster-import")
    def _plan(self, ask: int, file: RosterFile, mapping: dict[int, str],
              chosen: dict[int, str], village: str) -> None:
        self._plan_now(ask, False, file, mapping, chosen, village)

    def _plan_now(self, ask: int, fresh: bool, file: RosterFile, mapping: dict[int, str],
                  chosen: dict[int, str], village: str) -> None:
        """In a worker: plan and post the answer."""
        state = self.antt.state
        try:
            planned = plan(state.roster, file, village=village or None, mapping=mapping,
                           encodings=chosen, today=state.today(),
                           progress=self._reporter(ask, "Đang kiểm tra dòng"))
        except STEP_ERRORS as exc:
            self.post_message(Planned(ask, fresh, file, None, str(exc), village))
            return
        self.post_message(Planned(ask, fresh, file, planned, village=village))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        if message.ask != self._ask:
            return  # the officer asked for something else meanwhile
        self._set_busy("")
        if message.file is None and not message.fresh:  # read again: not possible
            self.notify(message.error, title="Chưa đọc lại được", severity="error", timeout=8)
            return
        if message.fresh:
            self.file = message.file
            self.mapping = dict(message.file.mapping) if message.file else {}
            self.chosen, self.village = {}, message.village
        self.plan, self.failure = message.plan, message.error
        self._show()
        if message.fresh and self.file is not None:
            self.action_page("ri-columns")

    # ------------------------------------------------------------------ showing

    def _show(self) -> None:
        self._show_summary()
        self._show_columns()
        self._show_preview()
        self._show_tabs()
        self._describe()
        self.refresh_bindings()

    def _show_summary(self) -> None:
        lines, hint = [], ""
        plan, file = self.plan, self.file
        if file is None:
            lines.append(f"[b red]{escape(self.failure)}[/]" if self.failure else escape(
                self.busy or "Chọn tệp danh sách hộ, nhân khẩu (.xlsx, .xls, .csv)."))
            hint = "Ctrl+O: chọn tệp · Esc: quay lại"
        else:
            lines.append(f"[b]{escape(view.file_line(file))}[/b]")
        if file is not None and plan is None:
            lines.append(f"[b red]Chưa xem trước được: {escape(self.failure)}[/]"
                         if self.failure else "")
            hint = "Enter: chọn cột đọc là gì · h: dòng tiêu đề · m: bảng mã · u: cách đã lưu"
        if plan is not None:
            lines.append(escape(view.village_line(plan)))
            lines += [escape(line) for line in view.count_lines(plan)]
            hint = self._hint(plan)
        if file is not None and file.heading_missing and self.done is None:
            hint = ("[b]Chưa nhận ra dòng tiêu đề: h chọn dòng tiêu đề[/b] · Enter: chọn cột "
                    "đọc là gì")
        if self.done is not None:  # instead of the file's name and its villages
            lines[:2] = [f"[b green]{escape(view.imported_line(self.done))}[/]"]
            hint = (f"Hoàn tác nếu cần: c (Các lần nhập), hoặc antt import undo "
                    f"{self.done.code} · Ctrl+O: nhập tệp khác · Esc: quay lại")
        self.query_one("#ri-summary", Static).update("\n".join(lines))
        self.query_one("#ri-hint", Static).update(hint)

    def _hint(self, plan: RosterPlan) -> str:
        if plan.needs_village:
            return "[b]Chưa rõ thôn của một số hộ: nhấn t để chọn thôn.[/b]"
        errors = f"[b red]{vn_number(len(plan.error_rows))} dòng lỗi[/] (2: xem)"
        work, fix = plan.has_work, plan.rows_to_fix
        if fix:
            what = "Ctrl+S: nhập các dòng hợp lệ" if work else "không còn gì khác để nhập"
            return f"{errors} · {what} · e: xuất dòng lỗi ra tệp"
        if not work:
            return "Không có gì mới: mọi hộ, nhân khẩu trong tệp đã có và không có gì khác."
        return "Ctrl+S: nhập · Enter: đổi cách đọc cột · m: bảng mã · 2: xem trước"

    def _show_tabs(self) -> None:
        current = self.query_one(ContentSwitcher).current
        counts = ""
        if self.plan is not None:
            counts = (f" ({vn_number(len(self.plan.error_rows))} lỗi · "
                      f"{vn_number(len(self.plan.duplicates))} nghi trùng)")
        labels = []
        for page, key, label in PAGES:
            text = f" {key} {label}{counts if page == 'ri-preview' else ''} "
            labels.append(f"[reverse b]{text}[/]" if page == current else text)
        self.query_one("#ri-tabs", Static).update("  ".join(labels))

    def _show_columns(self) -> None:
        table = self.query_one("#ri-columns", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.columns = [] if self.file is None else column_views(
            self.file, self.mapping, self.chosen)
        for line in self.columns:
            read_as = Text(shorten(line.field_label, 20), style="" if line.field else "dim")
            table.add_row(line.letter, Text(shorten(line.heading, 16)), read_as,
                          Text(shorten(line.encoding, 14)), Text(shorten(line.example, 14)),
                          key=str(line.index))
        if self.columns:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _show_preview(self) -> None:
        table = self.query_one("#ri-preview", DataTable)
        table.clear()
        if self.plan is not None:
            self.lines = view.preview_lines(self.plan)
        else:  # not planned (yet): what the reader noticed (the heading row, other sheets)
            self.lines = [view.PreviewLine(0, view.NOTE, note)
                          for note in (self.file.notes if self.file is not None else ())]
        for n, line in enumerate(self.lines[:SHOWN]):
            table.add_row(str(line.row) if line.row else "",
                          Text(line.kind, style=view.STYLES.get(line.kind, "")),
                          Text(shorten(line.text, 56)), key=str(n))
        if len(self.lines) > SHOWN:
            more = view.PreviewLine(0, view.NOTE, (
                f"Bảng chỉ hiện {vn_number(SHOWN)} dòng (dòng lỗi trước); còn "
                f"{vn_number(len(self.lines) - SHOWN)} dòng nữa: sửa các lỗi trước, hoặc xem "
                "đủ bằng antt import roster … --json."))
            self.lines = [*self.lines[:SHOWN], more]
            table.add_row("", view.NOTE, Text(shorten(more.text, 56)), key=str(SHOWN))

    def action_page(self, page: str) -> None:
        """The columns (1) or the preview (2)."""
        self.query_one(ContentSwitcher).current = page
        self.query_one(f"#{page}", DataTable).focus()
        self._show_tabs()
        self._describe()

    @on(DataTable.RowHighlighted)
    def _describe(self) -> None:
        """The whole of the highlighted line, under the table."""
        detail = self.query_one("#ri-detail", Static)
        column = self._column()
        if self.query_one(ContentSwitcher).current == "ri-columns":
            if column is None:
                detail.update("")
                return
            line = next(c for c in self.columns if c.index == column)
            detail.update(escape(
                f"Cột {line.name}: đọc là {line.field_label}"
                + (f" · bảng mã {line.encoding}" if line.encoding else "")
                + (f" · ví dụ: {line.example}" if line.example else "")))
            return
        table = self.query_one("#ri-preview", DataTable)
        if not table.row_count:
            detail.update("Không có dòng lỗi, nghi trùng hay thay đổi nào." if self.plan
                          else "")
            return
        line = self.lines[table.cursor_row]
        where = f"Dòng {line.row} · " if line.row else ""
        detail.update(f"[b]{escape(where + line.kind)}[/b]: {escape(line.text)}")

    def _column(self) -> int | None:
        """The index of the column under the columns table's cursor."""
        table = self.query_one("#ri-columns", DataTable)
        if self.file is None or not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)
