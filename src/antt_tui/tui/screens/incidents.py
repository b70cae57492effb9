"""The incidents of the commune, newest first: read, correct with a reason, remove one entered
by mistake."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Select, Static

from antt_tui.criteria.taxonomy import Taxonomy
from antt_tui.domain.errors import DomainError
from antt_tui.domain.numbers import vn_number
from antt_tui.forms import FormDef, load_forms
from antt_tui.roster.incidents import Incidents, category_label, criteria_fed
from antt_tui.roster.records import IncidentRow
from antt_tui.storage.errors import StoreError
from antt_tui.tui.messages import DataChanged, failure
from antt_tui.tui.screens import activity_forms as activities
from antt_tui.tui.screens.list_screen import Listing, ListScreen
from antt_tui.tui.views import incident_detail, incident_row, vn_date
from antt_tui.tui.widgets.paged_table import PagedTable
from antt_tui.tui.widgets.title_bar import TitleBar

PAGE = 200
"""Rows per page (a commune records a few hundred incidents a year)."""

ROW_ACTIONS = ("correct", "delete", "open")
"""Actions on the selected incident (greyed out when the list is empty)."""


@dataclass(frozen=True)
class Names:
    """What the incidents are shown with, read with them: the categories and the incident
    form."""

    taxonomy: Taxonomy
    form: FormDef


class IncidentListScreen(ListScreen[IncidentRow]):
    """Incidents with date, village, category, severity and status; filter by village."""

    CSS_PATH = "incidents.tcss"
    PAGE = PAGE
    HELP_TITLE = "Danh sách vụ việc"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("enter", "open", "Xem", tooltip="Xem đủ vụ việc: người liên quan, các lần sửa",
                show=False, id="open"),
        Binding("s", "correct", "Sửa", tooltip="Sửa vụ việc đang chọn (ghi lý do)",
                id="correct"),
        Binding("delete", "delete", "Xóa", tooltip="Xóa vụ việc nhập nhầm (ghi lý do)",
                id="delete"),
        Binding("ctrl+n", "new", "Ghi mới", tooltip="Ghi nhận một vụ việc mới", id="new"),
        Binding("ctrl+o", "import", "Nhập từ tệp",
                tooltip="Nhập nhiều vụ việc từ tệp Excel, CSV hoặc các ô dán; xem trước rồi "
                        "mới lưu", id="import"),
        Binding("f7", "page(-1)", "Trang trước", tooltip=f"{PAGE} vụ việc mới hơn", show=False,
                id="page_prev"),
        Binding("f8", "page(1)", "Trang sau", tooltip=f"{PAGE} vụ việc cũ hơn", show=False,
                id="page_next"),
    ]

    def __init__(self, village_id: str = "") -> None:
        super().__init__()
        self.village_id = village_id
        self.taxonomy: Taxonomy | None = None
        self.form: FormDef | None = None
        """The categories and the incident form, read with the rows."""

    def compose(self) -> ComposeResult:
        villages = self.antt.state.roster.villages()
        yield TitleBar()
        yield Select([(v.name, v.id) for v in villages], prompt="Tất cả các thôn",
                     value=self.village_id or Select.NULL, id="incident-village", compact=True)
        yield PagedTable(id="incident-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="incident-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.add_columns("Ngày", "Thôn", "Loại vụ việc", "Mức độ", "Tình trạng")
        table.focus()
        self.refresh_data()

    # ------------------------------------------------------------------ data

    def _village(self) -> str:
        value = self.query_one("#incident-village", Select).value
        return value if isinstance(value, str) else ""

    @on(Select.Changed, "#incident-village")
    def _village_changed(self) -> None:
        self.search_changed()

    def reader(self) -> Callable[[], Listing[IncidentRow]]:
        """The incidents of the village chosen (all when none), newest first."""
        roster, village_id = self.antt.state.roster, self._village()

        def read() -> Listing[IncidentRow]:
            register = Incidents(roster)
            form = load_forms()["incident"]
            rows = register.list(village_id=village_id, form=form)
            return Listing(rows, Names(register.taxonomy, form))

        return read

    def rows_read(self, listing: Listing[IncidentRow]) -> None:
        names: Names = listing.context
        self.taxonomy, self.form = names.taxonomy, names.form
        super().rows_read(listing)

    def show_page(self) -> None:
        table = self.query_one(PagedTable)
        cursor = table.cursor_row
        table.clear()
        for incident in self.page_rows:
            table.add_row(*incident_row(incident), key=incident.id)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        pages = self.page_count
        found = f"{vn_number(len(self.rows))} vụ việc" if self.rows else "Chưa có vụ việc nào"
        paging = f" · trang {self.page + 1}/{pages} (F7/F8)" if pages > 1 else ""
        self.query_one("#incident-status", Static).update(
            f"{found}{paging} · Enter: xem · s: sửa · Delete: xóa · Ctrl+N: ghi vụ việc mới")

    def key_state(self) -> tuple[Any, ...]:
        return (*super().key_state(), *(self.check_action(a, ()) for a in ROW_ACTIONS))

    def selected(self) -> IncidentRow | None:
        """The incident under the cursor."""
        table = self.query_one(PagedTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((i for i in self.rows if i.id == key), None)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tables = self.query(PagedTable)
        if action in ROW_ACTIONS and (not tables or not tables.first().row_count):
            return None
        return super().check_action(action, parameters)

    def on_data_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Show the whole incident, its persons and its corrections."""
        from antt_tui.tui.screens.dialogs import DetailDialog

        incident = self.selected()
        if incident is not None:
            self.app.push_screen(DetailDialog(f"Vụ việc ngày {vn_date(incident.date)}",
                                              incident_detail(incident)))

    def action_correct(self) -> None:
        """Correct the selected incident (the reason is asked in the form)."""
        incident = self.selected()
        if incident is not None:
            activities.correct_incident(self.antt, incident.id)

    def action_new(self) -> None:
        """Record a new incident (in the village of the filter, if one is chosen)."""
        activities.add_incident(self.antt, village_id=self._village())

    def action_import(self) -> None:
        """Enter many incidents from a spreadsheet (preview, then one save)."""
        from antt_tui.tui.screens.incident_import import IncidentImportScreen

        self.app.push_screen(IncidentImportScreen())

    def action_delete(self) -> None:
        """Remove an incident entered by mistake, after asking why; a zero-tolerance one is
        refused at once (it can only be corrected)."""
        from antt_tui.tui.screens.dialogs import ReasonDialog

        incident, taxonomy = self.selected(), self.taxonomy
        if incident is None or taxonomy is None:
            return
        category = taxonomy.categories.get(incident.category)
        label = category_label(taxonomy, incident.category)
        if category is not None and category.zero_tolerance:
            self.app.notify(
                f"Vụ việc loại “{label}” ảnh hưởng tiêu chí "
                f"({', '.join(criteria_fed(taxonomy, category.code))}): "
                "không được xóa, chỉ được sửa kèm lý do (phím s).",
                title="Không xóa được", severity="error", timeout=10)
            return

        def answered(reason: str | None) -> None:
            if reason:
                self._delete(incident.id, reason)

        self.app.push_screen(ReasonDialog(
            "Xóa vụ việc nhập nhầm?",
            f"Vụ việc “{label}” ngày {vn_date(incident.date)} sẽ bị xóa khỏi danh sách "
            "và số liệu. Lý do được lưu trong nhật ký thay đổi.",
            prompt="Vì sao xóa (ví dụ: nhập trùng):", confirm="Xóa (Enter)"), answered)

    @work(thread=True, exclusive=True, group="incident-delete")
    def _delete(self, incident_id: str, reason: str) -> None:
        state = self.antt.state
        try:
            state.run(Incidents(state.roster).delete, incident_id, reason=reason)
        except (DomainError, StoreError) as exc:
            self.app.post_message(failure(exc, "Không xóa được"))
        else:
            self.app.post_message(DataChanged(f"Đã xóa vụ việc (lý do: {reason})."))

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
