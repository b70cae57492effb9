"""The household list: search as you type, filters, pages of 100 in roster order."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Footer, Input, Select, Static

from antt_tui.domain import vocab
from antt_tui.domain.numbers import vn_number
from antt_tui.roster.overview import (
    HouseholdFilter,
    Matches,
    household_row,
    matching_households,
)
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.list_screen import Listing, ListScreen
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.paged_table import PagedTable
from antt_tui.tui.widgets.title_bar import TitleBar

PAGE = 100
"""Rows per page: the table stays instant even for 10,000 households."""

SEARCH_LIMIT = 300
"""People a keystroke's search looks at (it stays under 50 ms on a 10,000-household commune)."""


class HouseholdListScreen(ListScreen[tuple[str, str]]):
    """Households of the commune or of one village; type to search."""

    CSS_PATH = "households.tcss"
    PAGE = PAGE
    HELP_TITLE = "Danh sách hộ"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("f2", "focus_search", "Tìm", tooltip="Đưa con trỏ về ô tìm kiếm", id="find"),
        Binding("ctrl+f", "focus_search", "Tìm", show=False, id="find_alt"),
        Binding("ctrl+n", "new", "Thêm hộ", tooltip="Đăng ký hộ mới", id="new"),
        Binding("down", "focus_table", "Xuống bảng", show=False,
                tooltip="Từ ô tìm kiếm xuống danh sách hộ", id="to_table"),
        Binding("f7", "page(-1)", "Trang trước", tooltip="100 hộ trước", show=False,
                id="page_prev"),
        Binding("f8", "page(1)", "Trang sau", tooltip="100 hộ sau", show=False, id="page_next"),
    ]

    def __init__(self, village_id: str = "") -> None:
        super().__init__()
        self.village_id = village_id
        self.rows: Matches = Matches()
        """The households found: (household id, the member the search found or "")."""
        self.limit = SEARCH_LIMIT
        """People the search looks at; paging past them searches four times further."""
        self._open_when_found = False
        """Enter came while the search was running: open the first household it finds."""

    def compose(self) -> ComposeResult:
        state = self.antt.state
        villages = state.roster.villages()
        yield TitleBar()
        yield Input(placeholder="Tìm theo tên (có dấu hoặc không), CCCD, mã hộ, số điện thoại…",
                    id="search", compact=True)
        with Horizontal(id="filters"):
            yield Select([(v.name, v.id) for v in villages], prompt="Tất cả các thôn",
                         value=self.village_id or Select.NULL, id="village", compact=True)
            yield Select([(label, code) for code, label in vocab.RESIDENCE_STATUSES.items()],
                         prompt="Đang cư trú", id="status", compact=True)
            yield Checkbox(f"Chưa thăm >{state.stale_months}th", id="stale", compact=True,
                           tooltip=f"Chỉ các hộ quá {state.stale_months} tháng chưa kiểm tra")
            yield Checkbox("Chưa cam kết", id="uncommitted", compact=True,
                           tooltip="Chỉ các hộ chưa ký cam kết năm nay")
        yield PagedTable(id="households", cursor_type="row", zebra_stripes=True)
        yield Static("", id="list-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self.refresh_data()

    # ------------------------------------------------------------------ data

    def _filter(self) -> HouseholdFilter:
        village = self.query_one("#village", Select).value
        status = self.query_one("#status", Select).value
        return HouseholdFilter(
            village_id=village if isinstance(village, str) else "",
            residence_status=status if isinstance(status, str) else "",
            not_visited_months=(self.antt.state.stale_months
                                if self.query_one("#stale", Checkbox).value else 0),
            not_committed=self.query_one("#uncommitted", Checkbox).value,
        )

    def reader(self) -> Callable[[], Listing[tuple[str, str]]]:
        """The search of what is typed, with the filters chosen (a newer keystroke cancels
        an older search)."""
        state = self.antt.state
        query, flt, limit = self.query_one("#search", Input).value, self._filter(), self.limit
        return lambda: Listing(matching_households(state.roster, flt, query, state.today(),
                                                   limit=limit))

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def search_changed(self) -> None:
        """The search text or a filter changed: search from the first page again."""
        self.limit = SEARCH_LIMIT
        super().search_changed()

    def rows_shown(self) -> None:
        if self._open_when_found:
            self._open_when_found = False
            self._open(self.query_one(PagedTable))

    def show_page(self) -> None:
        table = self.query_one(PagedTable)
        width = table.size.width
        if not width:
            # The first rows can come before the table is laid out: drawn at once with the
            # width it will have (the screen's, less the scrollbar), and again after the
            # layout if that guess was wrong.
            width = (self.size.width or self.app.size.width) - SCROLLBAR
            self.call_after_refresh(self._fit_width, width)
        self._draw_rows(table, width)

    def _fit_width(self, guessed: int) -> None:
        if self.is_attached and self.query_one(PagedTable).size.width not in (0, guessed):
            self.show_page()

    def _draw_rows(self, table: PagedTable, width: int) -> None:
        state = self.antt.state
        rows = [household_row(state.roster, hid, who) for hid, who in self.page_rows]
        # Columns as wide as their cells (up to a cap); the address takes what they leave.
        # Every cell is cut after a whole word ("…"), never in the middle of one.
        lines = []
        for row in rows:
            address = _local(row.address, row.village)
            if row.matched:  # the member the search found comes before the address
                address = f"(có {row.matched}) {address}"
            lines.append([row.code, row.head, str(row.people),
                          row.village.removeprefix("Thôn "),  # the column says "Thôn"
                          row.status, address])
        table.clear(columns=True)
        widths = [min(cap, max([len(label), *(len(line[i]) for line in lines)]))
                  for i, (label, cap) in enumerate(COLUMNS)]
        for (label, _), w in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=w)
        used = sum(column.get_render_width(table) for column in table.columns.values())
        room = max(10, width - used - 2 - SCROLLBAR)
        table.add_column("Địa chỉ", width=room)
        for row, line in zip(rows, lines, strict=True):
            table.add_row(*(shorten(text, w) for text, w in zip(line, (*widths, room),
                                                                  strict=True)),
                          key=row.household_id)
        query = self.query_one("#search", Input).value.strip()
        more = "hơn " if self.rows.truncated else ""
        found = f"{more}{vn_number(len(self.rows))} hộ" + (f" khớp “{query}”" if query else "")
        if not self.rows:
            found = "Không có hộ nào" + (f" khớp “{query}”" if query else " theo bộ lọc này")
        self.query_one("#list-status", Static).update(
            f"{found} · trang {self.page + 1}/{self.page_count} (F7/F8 hoặc PgUp/PgDn ở "
            "đầu/cuối bảng) · Enter: mở hộ")

    # ------------------------------------------------------------------ actions

    def can_page(self, step: int) -> bool:
        """Past the last page of what was found, the search can look further."""
        return super().can_page(step) or (step > 0 and self.rows.truncated)

    async def action_page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page; past the last one found, search further."""
        target = self.page + step
        if step > 0 and (target + 1) * PAGE > len(self.rows) and self.rows.truncated:
            self.page = target
            self.limit *= 4
            self.refresh_data()
            return
        await super().action_page(step)

    @on(Input.Submitted, "#search")
    def _open_highlighted(self) -> None:
        """Enter in the search box opens the highlighted household (the first one found),
        once the search for what was typed has finished."""
        if self.loading:
            self._open_when_found = True
            return
        self._open(self.query_one(PagedTable))

    def on_data_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        self._open(self.query_one(PagedTable))

    def _open(self, table: PagedTable) -> None:
        if not table.row_count:
            self.notify("Không có hộ nào để mở: hãy gõ khác hoặc bỏ bớt bộ lọc.",
                        severity="warning")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.app.push_screen(HouseholdScreen(str(key)))

    def action_focus_table(self) -> None:
        """Move from the search box down to the list."""
        self.query_one(PagedTable).focus()

    def action_new(self) -> None:
        """Register a new household (in the selected village, if one is chosen)."""
        from antt_tui.tui.screens.household_forms import add_household

        add_household(self.antt, village_id=self._filter().village_id)

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()


COLUMNS = (("Mã hộ", 7), ("Chủ hộ", 18), ("NK", 2), ("Thôn", 12), ("Cư trú", 10))
"""The list's columns before the address, with their widest."""
SCROLLBAR = 2
"""Width of the table's vertical scrollbar."""


def _local(address: str, village: str) -> str:
    """The address without the village's name at its end (the Thôn column says it)."""
    for tail in (f", {village}", f" {village}"):
        if village and address.endswith(tail) and len(address) > len(tail):
            return address[:-len(tail)]
    return address
