"""Page 3 of a household: its "Hộ an toàn" status, commitments, visits and incidents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

Row = tuple[str, Sequence[Any]]
"""A table row: its key (the record's id) and its cells."""


class ActivityPage(VerticalScroll):
    """Shows what the screen gives it; Enter on a row reaches the screen as RowSelected."""

    def compose(self) -> ComposeResult:
        # The yearly "Hộ an toàn" (H7) status goes here once the criteria engine gives it.
        yield Static("", id="h7-status")
        yield Label("Cam kết “Hộ an toàn”", id="commitments-title", classes="page-section")
        yield Static("Đang đọc…", id="commitments")
        yield Label("Lượt kiểm tra", id="visits-title", classes="page-section")
        yield DataTable(id="visit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="no-visits", classes="hint")
        yield Label("Vụ việc có người trong hộ liên quan", id="incidents-title",
                    classes="page-section")
        yield DataTable(id="incident-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="no-incidents", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#visit-table", DataTable).add_columns(
            "Ngày", "Cán bộ", "Kết quả", "Hẹn lại", "Phát hiện")
        self.query_one("#incident-table", DataTable).add_columns(
            "Ngày", "Loại vụ việc", "Người trong hộ", "Tình trạng")
        for note in self.query(".hint"):
            note.display = False

    def show_status(self, h7: str, commitments: Sequence[str]) -> None:
        """The H7 line and one line per year of commitment."""
        self.query_one("#h7-status", Static).update(h7)
        self.query_one("#commitments", Static).update("\n".join(commitments))

    def show_keys(self, *, visit: bool, sign: int | None, incident: bool) -> None:
        """Name the keys that work now in the headings (k, n with the year still to sign, v;
        Enter always)."""
        titles = {
            "#commitments-title": ("Cam kết “Hộ an toàn”", sign and f"n: ký cam kết năm {sign}"),
            "#visits-title": ("Lượt kiểm tra", visit and "k: ghi lượt mới",
                              "Enter: xem đủ các mục"),
            "#incidents-title": ("Vụ việc có người trong hộ liên quan",
                                 incident and "v: ghi vụ việc", "Enter: xem"),
        }
        for selector, parts in titles.items():
            self.query_one(selector, Label).update(" · ".join(p for p in parts if p))

    def show_visits(self, rows: Sequence[Row]) -> None:
        """The visits, newest first."""
        self._fill("#visit-table", "#no-visits", rows, "Chưa có lượt kiểm tra nào.")

    def show_incidents(self, rows: Sequence[Row]) -> None:
        """The incidents involving a member, newest first."""
        self._fill("#incident-table", "#no-incidents", rows, "Không có vụ việc nào.")

    def _fill(self, table_id: str, empty_id: str, rows: Sequence[Row], empty: str) -> None:
        table = self.query_one(table_id, DataTable)
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        table.display = bool(rows)
        note = self.query_one(empty_id, Static)
        note.update(empty)
        note.display = not rows
        if rows:
            table.move_cursor(row=0)  # the newest, e.g. the visit just recorded
