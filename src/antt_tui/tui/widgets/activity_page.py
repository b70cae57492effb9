"""Page 3 of a household: its "Hộ an toàn" status, commitments, visits and incidents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from antt_tui.tui.widgets.cells import add_fitted_columns

Row = tuple[str, Sequence[Any]]
"""A table row: its key (the record's id) and its cells."""

COLUMNS = {
    "#visit-table": ("Ngày", "Cán bộ", "Kết quả", "Hẹn lại", "Phát hiện"),
    "#incident-table": ("Ngày", "Loại vụ việc", "Người trong hộ", "Tình trạng"),
}
"""The column headings of each table."""

MIN_ROWS = 3
"""Rows a table always shows (when it has them), even if the page must scroll for it."""


def share_lines(free: int, needs: Sequence[int], least: int = MIN_ROWS + 1) -> list[int]:
    """Heights for tables that need `needs` lines, sharing `free` lines: a table that needs
    less than an even share takes just that and leaves the rest to the others; none gets
    fewer than `least` lines (or its need, when smaller)."""
    heights = [0] * len(needs)
    left = free
    order = sorted(range(len(needs)), key=lambda n: needs[n])
    for done, n in enumerate(order):
        even = left // (len(order) - done)
        heights[n] = min(needs[n], max(even, least))
        left -= heights[n]
    return heights


class ActivityPage(VerticalScroll):
    """Shows what the screen gives it; Enter on a row reaches the screen as RowSelected.

    The status lines and headings take their own height, and the two tables share what is
    left of the page (`share_lines`): a short table takes its rows, a long one scrolls
    inside and keeps its cursor row in view. On a terminal too small for that, the page
    scrolls as a whole.
    """

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
        for table_id, labels in COLUMNS.items():
            self.query_one(table_id, DataTable).add_columns(*labels)
        for note in self.query(".hint"):
            note.display = False

    def show_status(self, h7: str, commitments: Sequence[str]) -> None:
        """The H7 line and one line per year of commitment."""
        self.query_one("#h7-status", Static).update(h7)
        self.query_one("#commitments", Static).update("\n".join(commitments))
        self.call_after_refresh(self._share_height)

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
        table.clear(columns=True)
        add_fitted_columns(table, COLUMNS[table_id], [cells for _, cells in rows])
        for key, cells in rows:
            table.add_row(*cells, key=key)
        table.display = bool(rows)
        note = self.query_one(empty_id, Static)
        note.update(empty)
        note.display = not rows
        if rows:
            table.move_cursor(row=0)  # the newest, e.g. the visit just recorded
        self.call_after_refresh(self._share_height)

    def on_resize(self) -> None:
        self.call_after_refresh(self._share_height)

    def _share_height(self) -> None:
        """Give the tables the lines the rest of the page leaves (known once laid out)."""
        tables = [t for t in self.query(DataTable) if t.display]
        if not tables or not self.size.height:
            return
        fixed = sum(w.outer_size.height for w in self.children if w.display and w not in tables)
        needs = [t.row_count + int(t.show_header) + int(t.show_horizontal_scrollbar)
                 for t in tables]
        for table, height in zip(tables, share_lines(self.size.height - fixed, needs),
                                 strict=True):
            # A cap on the automatic height: a table with fewer rows takes just those.
            if table.styles.max_height is None or table.styles.max_height.value != height:
                table.styles.max_height = height

