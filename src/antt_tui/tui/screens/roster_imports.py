"""Các lần nhập danh sách: the roster imports made in this database, newest first, and undoing
one of them (u) after asking why.

The list is read in a thread worker (`ListScreen`); undoing runs in another, which posts
`DataChanged` (every screen reads again) or the core's reason why not. The steps live in
`antt_tui.roster.roster_import` (`imports` through the session, `undo`), which
`antt import list` and `antt import undo` call too.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from antt_tui.domain.dates import vn_stamp
from antt_tui.domain.errors import DomainError
from antt_tui.domain.numbers import vn_number
from antt_tui.roster.roster_import import ImportSummary, undo
from antt_tui.storage.errors import StoreError
from antt_tui.tui.messages import DataChanged, failure
from antt_tui.tui.screens.list_screen import Listing, ListScreen
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.paged_table import PagedTable
from antt_tui.tui.widgets.title_bar import TitleBar

EMPTY = "Chưa nhập danh sách nào từ tệp."
UNDONE = "Đã hoàn tác"


class RosterImportsScreen(ListScreen[ImportSummary]):
    """The roster imports with time, file, villages, counts and whether undone."""

    CSS_PATH = "roster_imports.tcss"
    HELP_TITLE = "Các lần nhập danh sách"
    READ_ERRORS = (StoreError,)
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("u", "undo", "Hoàn tác",
                tooltip="Hoàn tác cả lần nhập đang chọn: xóa các hộ, nhân khẩu đã thêm, trả "
                        "lại các giá trị đã sửa (ghi lý do)", id="undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.villages: dict[str, str] = {}
        """Village id → name, read with the imports."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc…", id="imports-title")
        yield PagedTable(id="imports-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="imports-detail")
        yield Static("", id="imports-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.add_columns("Lúc", "Tệp", "Thôn", "Hộ", "NK", "Tình trạng")
        table.focus()
        self.refresh_data()

    # ------------------------------------------------------------------ data

    def reader(self) -> Callable[[], Listing[ImportSummary]]:
        """Every import, newest first, with the names of the villages."""
        state = self.antt.state
        session = state.session
        assert session is not None, "database not open"

        def read() -> Listing[ImportSummary]:
            names = {v.id: v.name for v in state.roster.villages()}
            return Listing(session.imports(), names)

        return read

    def rows_read(self, listing: Listing[ImportSummary]) -> None:
        self.villages = listing.context or {}
        super().rows_read(listing)

    def show_page(self) -> None:
        table = self.query_one(PagedTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.page_rows:
            table.add_row(vn_stamp(row.at), Text(shorten(row.file, 18)),
                          Text(shorten(self._village_names(row), 14)),
                          vn_number(row.households), vn_number(row.persons),
                          UNDONE if row.undone_at else "", key=row.id)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        found = (f"{vn_number(len(self.rows))} lần nhập danh sách, mới nhất trước"
                 if self.rows else EMPTY)
        self.query_one("#imports-title", Static).update(found)
        self.query_one("#imports-status", Static).update(
            "u: hoàn tác lần nhập đang chọn · Esc: quay lại" if self.rows else
            "Nhập danh sách: phím e ở màn hình Tổng quan · Esc: quay lại")
        self._show_detail()

    def key_state(self) -> tuple[object, ...]:
        return (*super().key_state(), self.check_action("undo", ()))

    def _village_names(self, row: ImportSummary) -> str:
        return ", ".join(self.villages.get(v, v) for v in row.villages)

    def selected(self) -> ImportSummary | None:
        """The import under the cursor."""
        table = self.query_one(PagedTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if r.id == key), None)

    @on(DataTable.RowHighlighted, "#imports-list")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.selected()
        detail = self.query_one("#imports-detail", Static)
        if row is None:
            detail.update("")
            return
        lines = [f"Mã {row.code} · {escape(row.file)}"
                 + (f" · {escape(row.by)}" if row.by else ""),
                 f"{vn_number(row.households)} hộ mới, {vn_number(row.persons)} nhân khẩu "
                 f"mới, {vn_number(row.changed)} bản ghi sửa"
                 + (f" · {escape(self._village_names(row))}" if row.villages else "")]
        if row.undone_at:
            lines.append(f"[b]Đã hoàn tác lúc {vn_stamp(row.undone_at)}[/b]: "
                         f"{escape(row.undo_reason)}")
        detail.update("\n".join(lines))

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            tables = self.query(PagedTable)
            return True if tables and tables.first().row_count else None
        return super().check_action(action, parameters)

    def action_undo(self) -> None:
        """Ask why, say what will happen, then take the selected import back."""
        from antt_tui.tui.screens.dialogs import ReasonDialog

        row = self.selected()
        if row is None:
            return
        if row.undone_at:
            self.app.notify(
                f"Lần nhập {row.code} đã được hoàn tác rồi (lúc {vn_stamp(row.undone_at)}, "
                f"lý do: {row.undo_reason}): không hoàn tác lại được.",
                title="Không hoàn tác được", severity="warning", timeout=8)
            return

        def answered(reason: str | None) -> None:
            if reason:
                self._undo(row, reason)

        self.app.push_screen(ReasonDialog(
            f"Hoàn tác lần nhập {row.code}?",
            f"Tệp {row.file}, nhập lúc {vn_stamp(row.at)}. Sẽ xóa "
            f"{vn_number(row.households)} hộ và {vn_number(row.persons)} nhân khẩu đã thêm "
            "(cả người thêm vào các hộ đó sau này)"
            + (f"; trả lại {vn_number(row.changed)} bản ghi đã có về như trước khi nhập"
               if row.changed else "")
            + ". Giá trị đã được sửa lại sau lần nhập được giữ nguyên. Lần nhập vẫn còn trong "
            "nhật ký.",
            prompt="Lý do hoàn tác:", confirm="Hoàn tác (Enter)",
            placeholder="ví dụ: nhập nhầm thôn", empty="Hãy ghi lý do hoàn tác."), answered)

    @work(thread=True, exclusive=True, group="roster-undo")
    def _undo(self, row: ImportSummary, reason: str) -> None:
        state = self.antt.state
        try:
            done = state.run(undo, state.roster, row.id, reason=reason)
        except (DomainError, StoreError) as exc:
            self.app.post_message(failure(exc, "Không hoàn tác được"))
            return
        restored = (f"; trả lại {vn_number(done.restored)} giá trị đã sửa" if done.restored
                    else "")
        kept = (f" Giữ nguyên {vn_number(done.kept)} giá trị đã được sửa lại sau lần nhập."
                if done.kept else "")
        self.app.post_message(DataChanged(
            f"Đã hoàn tác lần nhập {done.summary.code}: xóa {vn_number(done.households)} hộ, "
            f"{vn_number(done.persons)} nhân khẩu{restored}.{kept}"))

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
