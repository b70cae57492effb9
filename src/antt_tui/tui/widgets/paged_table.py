"""A DataTable that asks for the next or previous page at its ends."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


class PagedTable(DataTable):
    """Rows are one page of a longer list: PgDn on the last row asks for the next page."""

    BINDINGS = [
        Binding("pagedown", "page_down", "Trang sau", show=False, id="page_down"),
        Binding("pageup", "page_up", "Trang trước", show=False, id="page_up"),
    ]

    @dataclass
    class PageRequest(Message):
        """Show the page `step` pages from the current one (+1 next, -1 previous)."""

        step: int

    def action_page_down(self) -> None:
        """Scroll a screenful; at the last row, ask for the next page."""
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequest(1))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        """Scroll a screenful back; at the first row, ask for the previous page."""
        if self.cursor_row <= 0:
            self.post_message(self.PageRequest(-1))
        else:
            super().action_page_up()
