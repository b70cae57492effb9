"""Entries set aside by a merge (quarantine): each with its reason and what to do; `r` retries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from antt_tui.sync.records import QuarantinedEntry
from antt_tui.sync.service import SyncService
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.list_screen import Listing, ListScreen
from antt_tui.tui.screens.sync_settle import (
    ERRORS,
    failure,
    laptop_label,
    sentence,
)
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.paged_table import PagedTable
from antt_tui.tui.widgets.title_bar import TitleBar

ADVICE = (
    ("nhánh nhật ký", "Máy gửi cần tham gia lại: ghi danh lại máy đó (Ghi danh máy thôn), "
                      "rồi trên máy đó chọn Tham gia xã. Thử lại không giúp được."),
    ("đồng hồ", "Sửa ngày giờ của máy gửi (hoặc của máy này, nếu máy này sai) rồi bấm r. "
                "Nếu máy này đúng giờ mà vẫn còn: các thay đổi đó mang ngày sai, hãy nhập lại "
                "chúng trên máy gửi sau khi sửa giờ."),
    ("phiên bản mới hơn", "Cập nhật chương trình trên máy này rồi bấm r."),
    ("dữ liệu chung của xã", "Máy thôn không được sửa dữ liệu chung của xã; nếu việc đó cần, "
                             "Công an xã tự ghi trên máy này."),
    ("thôn khác", "Máy thôn chỉ được sửa dữ liệu của thôn mình; nếu việc đó cần, hãy ghi "
                  "trên máy của thôn kia hoặc ở Công an xã."),
)
"""Words of a reason → what to do about it."""

DAMAGED = ("Dữ liệu hỏng hoặc bị sửa trên đường chuyển: xin máy gửi gửi lại gói; nếu vẫn "
           "vậy, báo cán bộ kỹ thuật.")
"""What to do about the other reasons (a damaged line, a wrong hash, a strange field)."""


def quarantine_advice(row: QuarantinedEntry) -> str:
    """What to do about an entry set aside, in Vietnamese."""
    reason = row.reason
    if row.fork:
        return ADVICE[0][1]
    return next((advice for words, advice in ADVICE if words in reason), DAMAGED)


class QuarantineScreen(ListScreen[QuarantinedEntry]):
    """Entries of other laptops set aside at a merge: each with its reason and what to do;
    r tries them again (after the clock was put right, the program updated…)."""

    CSS_PATH = "sync_settle.tcss"
    HELP_TITLE = "Thay đổi bị để riêng"
    READ_ERRORS = ERRORS
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("r", "retry", "Thử lại", tooltip="Kiểm tra lại và nhập những thay đổi nay "
                "đã hợp lệ", id="retry"),
        Binding("f5", "reload", "Đọc lại", tooltip="Đọc lại danh sách", show=False,
                id="reload"),
    ]

    @dataclass
    class Retried(WorkerResult):
        """What trying the entries again did (`merged` None: it failed)."""

        text: str
        merged: int | None

    def __init__(self) -> None:
        super().__init__()
        self.laptops: dict[str, str] = {}
        self.villages: dict[str, str] = {}
        """Device id → laptop name; village id → name."""
        self.result = ""
        """What the last retry did (stays on screen)."""
        self.retrying = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc…", id="quarantine-title")
        yield PagedTable(id="quarantine-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="quarantine-detail")
        yield Static("", id="quarantine-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#quarantine-list", PagedTable)
        table.add_columns("Máy gửi", "Số", "Lý do")
        table.focus()
        self.refresh_data()

    # ------------------------------------------------------------------ data

    def reader(self) -> Callable[[], Listing[QuarantinedEntry]]:
        """The entries set aside, oldest first, with the names of laptops and villages."""
        roster = self.antt.state.roster

        def read() -> Listing[QuarantinedEntry]:
            sync = SyncService(roster)
            villages = {v.id: v.name for v in roster.villages()}
            return Listing(sync.quarantined(), (sync.laptop_names(), villages))

        return read

    def rows_read(self, listing: Listing[QuarantinedEntry]) -> None:
        if listing.context is not None:
            self.laptops, self.villages = listing.context
        super().rows_read(listing)

    def show_page(self) -> None:
        table = self.query_one("#quarantine-list", PagedTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.page_rows:
            table.add_row(shorten(laptop_label(self.laptops, row.dev), 24),
                          str(row.seq), shorten(sentence(row.reason), 44), key=row.id)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
            title = (f"[b]{len(self.rows)} thay đổi bị để riêng[/b]: chưa được nhập; phần còn "
                     "lại của các gói đã nhập bình thường.")
        else:
            title = ("[b]Không có thay đổi nào bị để riêng.[/b]\nMọi thay đổi trong các gói "
                     "đã nhận đều đã được nhập.")
        self.query_one("#quarantine-title", Static).update(title)
        self._detail()
        self._status()

    def key_state(self) -> tuple[object, ...]:
        return (*super().key_state(), self.check_action("retry", ()))

    def _selected(self) -> QuarantinedEntry | None:
        table = self.query_one("#quarantine-list", PagedTable)
        rows = self.page_rows
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    def _detail(self) -> None:
        row = self._selected()
        text = ""
        if row is not None:
            village = self.villages.get(row.village_id, "")
            text = "\n".join([
                f"[b]{escape(laptop_label(self.laptops, row.dev))} · thay đổi số "
                f"{row.seq}[/b]" + (f" · {escape(village)}" if village else ""),
                f"Lý do: {escape(sentence(row.reason))}",
                f"Cách xử lý: {escape(quarantine_advice(row))}"])
        self.query_one("#quarantine-detail", Static).update(text)

    def _status(self) -> None:
        keys = "r: thử lại · Esc: quay lại" if self.rows else "Esc: quay lại"
        self.query_one("#quarantine-status", Static).update(
            f"{self.result} · {keys}" if self.result else keys)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return True if self.rows and not self.loading and not self.retrying else None
        return super().check_action(action, parameters)

    def action_retry(self) -> None:
        """Check every entry set aside again; merge those that now pass."""
        if not self.rows or self.loading or self.retrying:
            return
        self.retrying = True
        self.result = "Đang kiểm tra lại…"
        self._status()
        self.refresh_bindings()
        self._retry()

    @work(thread=True, exclusive=True, group="quarantine-retry")
    def _retry(self) -> None:
        state = self.antt.state
        try:
            merged, left = state.run(SyncService(state.roster).retry)
        except ERRORS as exc:
            self.app.post_message(failure(exc, "Không thử lại được"))
            self.post_message(self.Retried("", None))
            return
        self.post_message(self.Retried(f"Đã nhập lại {merged} thay đổi; còn {left} để riêng.",
                                       merged))

    @on(Retried)
    def _retried(self, message: Retried) -> None:
        text = self.result = message.text
        self.retrying = False
        self._status()
        self.refresh_bindings()
        if message.merged:
            self.app.post_message(DataChanged(text))
        elif message.merged is not None:
            self.notify(text, title="Thử lại", timeout=6)
            self.refresh_data()

    def action_reload(self) -> None:
        """Read the list again."""
        self.refresh_data()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
