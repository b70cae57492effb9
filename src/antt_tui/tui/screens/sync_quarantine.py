"""Entries set aside by a merge (quarantine): each with its reason and what to do; `r` retries."""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from antt_tui.sync.records import QuarantinedEntry
from antt_tui.sync.service import SyncService
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.sync_settle import (
    ERRORS,
    failure,
    laptop_label,
    sentence,
)
from antt_tui.tui.views import shorten
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


class QuarantineScreen(AnttMixin, Screen[None]):
    """Entries of other laptops set aside at a merge: each with its reason and what to do;
    r tries them again (after the clock was put right, the program updated…)."""

    CSS_PATH = "sync_settle.tcss"
    HELP_TITLE = "Thay đổi bị để riêng"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("r", "retry", "Thử lại", tooltip="Kiểm tra lại và nhập những thay đổi nay "
                "đã hợp lệ", id="retry"),
        Binding("f5", "reload", "Đọc lại", tooltip="Đọc lại danh sách", show=False,
                id="reload"),
    ]

    @dataclass
    class Loaded(WorkerResult):
        """The entries set aside, with the names of laptops and villages."""

        rows: list[QuarantinedEntry]
        laptops: dict[str, str]
        villages: dict[str, str]

    @dataclass
    class Retried(WorkerResult):
        """What trying the entries again did (`merged` None: it failed)."""

        text: str
        merged: int | None

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[QuarantinedEntry] = []
        """The entries set aside, oldest first."""
        self.laptops: dict[str, str] = {}
        self.villages: dict[str, str] = {}
        """Device id → laptop name; village id → name."""
        self.result = ""
        """What the last retry did (stays on screen)."""
        self.busy = True
        """Reading or retrying."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc…", id="quarantine-title")
        yield DataTable(id="quarantine-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="quarantine-detail")
        yield Static("", id="quarantine-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#quarantine-list", DataTable)
        table.add_columns("Máy gửi", "Số", "Lý do")
        table.focus()
        self.load()

    def refresh_data(self) -> None:
        """Read the list again (after any save)."""
        self.load()

    @work(thread=True, exclusive=True, group="quarantine")
    def load(self) -> None:
        """Read the entries set aside in a worker."""
        state = self.antt.state
        try:
            rows = SyncService(state.roster).quarantined()
            laptops = SyncService(state.roster).laptop_names()
            villages = {v.id: v.name for v in state.roster.villages()}
        except ERRORS as exc:
            self.app.post_message(failure(exc, "Không đọc được"))
            self.post_message(self.Loaded(self.rows, self.laptops, self.villages))
            return
        self.post_message(self.Loaded(rows, laptops, villages))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.stale:
            return
        rows, laptops = message.rows, message.laptops
        self.rows, self.laptops, self.villages = rows, laptops, message.villages
        self.busy = False
        self.set_class(not rows, "-empty")
        table = self.query_one("#quarantine-list", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(shorten(laptop_label(laptops, row.dev), 24),
                          str(row.seq), shorten(sentence(row.reason), 44),
                          key=row.id)
        if rows:
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
            title = (f"[b]{len(rows)} thay đổi bị để riêng[/b]: chưa được nhập; phần còn lại "
                     "của các gói đã nhập bình thường.")
        else:
            title = ("[b]Không có thay đổi nào bị để riêng.[/b]\nMọi thay đổi trong các gói "
                     "đã nhận đều đã được nhập.")
        self.query_one("#quarantine-title", Static).update(title)
        self._detail()
        self._status()
        self.refresh_bindings()

    def _selected(self) -> QuarantinedEntry | None:
        table = self.query_one("#quarantine-list", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

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
            return True if self.rows and not self.busy else None
        return True

    def action_retry(self) -> None:
        """Check every entry set aside again; merge those that now pass."""
        if not self.rows or self.busy:
            return
        self.busy = True
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
        self.busy = False
        self._status()
        self.refresh_bindings()
        if message.merged:
            self.app.post_message(DataChanged(text))
        elif message.merged is not None:
            self.notify(text, title="Thử lại", timeout=6)
            self.load()

    def action_reload(self) -> None:
        """Read the list again."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
