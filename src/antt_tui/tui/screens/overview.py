"""The overview: one line per village with the figures of the movement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from antt_tui.domain.numbers import vn_number as n
from antt_tui.roster.entities import CommuneRecord
from antt_tui.roster.overview import VillageStats, village_overview
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.screens.households import HouseholdListScreen
from antt_tui.tui.widgets.cells import add_fitted_columns
from antt_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from antt_tui.sync.service import LastExchange

COLUMNS = ("Mã", "Thôn", "Hộ", "NK", "Cam kết", "Kiểm tra", "Vụ việc", "Chưa thăm")


class OverviewScreen(AnttMixin, Screen[None]):
    """Villages of the commune with households, people, commitments, visits, incidents."""

    CSS_PATH = "overview.tcss"
    HELP_TITLE = "Tổng quan các thôn"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("enter", "open_village", "Mở thôn", tooltip="Danh sách hộ của thôn", id="open"),
        Binding("f2", "find", "Tìm hộ", tooltip="Tìm hộ, nhân khẩu trong cả xã", id="find"),
        Binding("ctrl+f", "find", "Tìm hộ", show=False, id="find_alt"),
        Binding("ctrl+n", "new", "Thêm hộ", tooltip="Đăng ký hộ mới", id="new"),
        Binding("f5", "reload", "Làm mới", tooltip="Tính lại số liệu", id="reload"),
        # On a village laptop F5 leaves the footer to G and N (it still works, listed in F1).
        Binding("f5", "reload_quiet", "Làm mới", tooltip="Tính lại số liệu", show=False,
                id="reload_quiet"),
        Binding("g", "sync_send", "Gửi xã",
                tooltip="Gửi về xã: ghi gói dữ liệu của thôn ra USB", id="sync_send"),
        Binding("n", "sync_receive", "Nhận xã",
                tooltip="Nhận từ xã: nhận gói Công an xã gửi về từ USB", id="sync_receive"),
        Binding("d", "sync", "Đồng bộ", tooltip="Gửi, nhận gói USB; lần gửi, nhận gần nhất",
                show=False, id="sync"),
        Binding("c", "criteria", "Tiêu chí",
                tooltip="Đánh giá tiêu chí của thôn đang chọn (dòng Cả xã: của xã)",
                show=False, id="criteria"),
        Binding("i", "incidents", "Vụ việc", tooltip="Danh sách vụ việc: xem, sửa, xóa",
                show=False, id="incidents"),
        Binding("v", "add_incident", "Ghi vụ việc",
                tooltip="Ghi nhận một vụ việc (chọn thôn trong biểu mẫu)", show=False,
                id="add_incident"),
        Binding("e", "import_roster", "Nhập danh sách",
                tooltip="Nhập danh sách hộ, nhân khẩu của thôn từ tệp Excel (.xlsx, .xls, .csv)",
                show=False, id="import_roster"),
        Binding("b", "report", "Báo cáo",
                tooltip="Của thôn đang chọn; dòng Cả xã: của xã",
                show=False, id="report"),
    ]

    @dataclass
    class Figures(WorkerResult):
        """The villages' figures: people first (`activity` False), then with visits and
        incidents."""

        commune: CommuneRecord | None
        rows: list[VillageStats]
        today: date
        activity: bool

    @dataclass
    class SyncRead(WorkerResult):
        """When this village laptop last sent to and received from the commune (None: not
        a joined village laptop)."""

        last: LastExchange | None
        today: date

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="overview-title")
        yield Static("", id="overview-sync")
        yield DataTable(id="villages", cursor_type="row", zebra_stripes=True)
        yield Static("Enter: mở thôn · F2: tìm hộ · c: tiêu chí · i: vụ việc · F1: trợ giúp",
                     id="overview-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self.refresh_data()

    def refresh_data(self) -> None:
        """Recompute the figures in a worker."""
        self.load()

    @work(thread=True, exclusive=True, group="overview")
    def load(self, activity: bool = False) -> None:
        """Households and people first; visits and incidents (slower) fill in after, read
        once the first figures are on screen (`activity`)."""
        state = self.antt.state
        today = state.today()
        if not activity:
            self._load_sync(today)
        commune = state.roster.commune()
        rows = village_overview(state.roster, today, stale_months=state.stale_months,
                                activity=activity)
        self.post_message(self.Figures(commune, rows, today, activity))

    def _load_sync(self, today: date) -> None:
        """On a village laptop that joined: when it last sent to and received from the
        commune (the sync layer is imported here, off the start-up path)."""
        last = None
        if self.antt.state.sync_role == "village":
            from antt_tui.sync.service import SyncService

            last = SyncService(self.antt.state.roster).last_exchange()
        self.post_message(self.SyncRead(last, today))

    @on(SyncRead)
    def _sync_read(self, message: SyncRead) -> None:
        if not message.stale:
            self._show_sync(message.last, message.today)

    def _show_sync(self, last: LastExchange | None, today: date) -> None:
        """The line under the title: "Gửi xã: 02/12/2026 · Nhận: 03/12/2026", a warning
        after too long without sending; nothing unless this is a joined village laptop."""
        line = self.query_one("#overview-sync", Static)
        line.set_class(last is not None, "-village")
        warn = False
        if last is not None:
            from antt_tui.tui.screens.sync_village import exchange_line

            text, warn = exchange_line(last, today)
            line.update(text)
        line.set_class(warn, "warning")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """G and N only on a village laptop that joined, where F5 leaves the footer to them."""
        village = self.antt.state.sync_role == "village"
        if action in ("sync_send", "sync_receive", "reload_quiet"):
            return village
        if action == "reload":
            return not village
        return True

    @on(Figures)
    def _figures(self, message: Figures) -> None:
        if message.stale:
            return
        self._show(message.commune, message.rows, message.today, message.activity)
        if not message.activity:
            self.load(activity=True)

    def _show(self, commune: CommuneRecord | None, rows: list[VillageStats], today: date,
              activity: bool) -> None:
        months = self.antt.state.stale_months
        name, province = (commune.name, commune.province) if commune is not None else ("", "")
        self.query_one("#overview-title", Static).update(
            f"[b]{name}[/b], {province} · ngày "
            f"{today:%d/%m/%Y}\n[dim]NK: nhân khẩu đang cư trú · Cam kết: hộ đã ký năm "
            f"{today.year} · Kiểm tra, Vụ việc: trong tháng {today:%m/%Y} · Chưa thăm: "
            f"quá {months} tháng chưa kiểm tra[/dim]")
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        total = VillageStats("", "", "Cả xã")
        later = "…"  # visits are still being counted
        lines: list[tuple[str, list[str]]] = []
        for row in rows:
            lines.append((row.village_id, [
                row.code, row.name, n(row.households), n(row.people),
                f"{n(row.committed)}/{n(row.households)} ({row.committed_pct:.0f}%)"
                if activity else later,
                n(row.visits_month) if activity else later,
                n(row.incidents_month) if activity else later,
                n(row.not_visited) if activity else later]))
            for name in ("households", "people", "committed", "visits_month", "incidents_month",
                         "not_visited"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        lines.append(("__total__", [
            "", "[b]Cả xã[/b]", n(total.households), n(total.people),
            f"{n(total.committed)}/{n(total.households)} ({total.committed_pct:.0f}%)"
            if activity else later,
            n(total.visits_month) if activity else later,
            n(total.incidents_month) if activity else later,
            n(total.not_visited) if activity else later]))
        # Columns too: their widths were fitted to the "…" placeholders of the first pass.
        table.clear(columns=True)
        add_fitted_columns(table, COLUMNS, [cells for _, cells in lines])
        for key, cells in lines:
            table.add_row(*cells, key=key)
        table.move_cursor(row=min(cursor, table.row_count - 1))
        if not activity:
            table.focus()

    def action_open_village(self) -> None:
        """Open the household list of the selected village (all villages on the total line)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.app.push_screen(HouseholdListScreen(village_id="" if key == "__total__" else key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_village()

    def action_find(self) -> None:
        """Search households in the whole commune."""
        self.antt.action_find_household()

    def action_new(self) -> None:
        """Register a new household."""
        self.antt.action_add_household()

    def _selected(self) -> str:
        """The id of the selected village; "" on the total line (the commune)."""
        table = self.query_one(DataTable)
        key = ""
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return "" if key == "__total__" else key

    def action_criteria(self) -> None:
        """Criteria of the selected village; on the total line, of the commune."""
        self.antt.action_criteria(self._selected())

    def action_report(self) -> None:
        """A report of the selected village; on the total line, of the commune."""
        self.antt.action_report(self._selected())

    def action_incidents(self) -> None:
        """The list of incidents."""
        self.antt.action_incidents()

    def action_add_incident(self) -> None:
        """Record an incident."""
        self.antt.action_add_incident()

    def action_import_roster(self) -> None:
        """Nhập danh sách từ Excel."""
        self.antt.action_import_roster()

    def action_reload(self) -> None:
        """Recompute the figures."""
        self.refresh_data()

    def action_reload_quiet(self) -> None:
        """F5 on a village laptop (not in the footer): recompute the figures."""
        self.refresh_data()

    def action_sync_send(self) -> None:
        """Gửi về xã: write this laptop's bundle to the stick."""
        self.antt.action_sync_send()

    def action_sync_receive(self) -> None:
        """Nhận từ xã: the commune's return bundle from the stick."""
        self.antt.action_sync_receive()

    def action_sync(self) -> None:
        """Đồng bộ: the round trip's screen for this laptop."""
        self.antt.action_sync()
