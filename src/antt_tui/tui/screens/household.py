"""One household: its head, members, address and status, and the history of its changes."""

from __future__ import annotations

import time
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Static

from antt_tui.domain import vocab
from antt_tui.roster.history import HistoryLine, household_history
from antt_tui.roster.service import ACTIVE_STATUSES
from antt_tui.roster.views import household_view
from antt_tui.tui.screens import household_forms as flows
from antt_tui.tui.widgets.title_bar import TitleBar

MEMBER_ACTIONS = {"edit_person", "person_deceased", "person_moved_away", "move_member"}
ACTIVE_ACTIONS = {"add_person", "split", "merge", "change_head", "move_out", "edit_household",
                  "person_deceased", "person_moved_away", "move_member"}


ALL_ACTIONS = sorted(MEMBER_ACTIONS | ACTIVE_ACTIONS)
PAGES = (("members", "1", "Nhân khẩu"), ("history-scroll", "2", "Lịch sử thay đổi"),
         ("visits", "3", "Kiểm tra, cam kết, vụ việc"))


class HouseholdScreen(Screen[None]):
    """Household detail; every life event is a key, each opening a form that explains it."""

    HELP_TITLE = "Hồ sơ hộ"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về danh sách", id="back"),
        Binding("1", "page('members')", "Nhân khẩu", show=False,
                tooltip="Trang nhân khẩu của hộ", id="page_members"),
        Binding("2", "page('history-scroll')", "Lịch sử", show=False,
                tooltip="Lịch sử thay đổi: ai sửa gì, lúc nào", id="page_history"),
        Binding("3", "page('visits')", "Kiểm tra", show=False,
                tooltip="Kiểm tra hộ, cam kết, vụ việc", id="page_visits"),
        Binding("e", "edit_household", "Sửa hộ", tooltip="Địa chỉ, cư trú, ghi chú", show=False,
                id="edit"),
        Binding("a", "add_person", "Thêm NK", tooltip="Thêm nhân khẩu vào hộ", id="add_person"),
        Binding("enter", "edit_person", "Sửa NK", tooltip="Sửa nhân khẩu đang chọn",
                show=False, id="edit_person"),
        Binding("c", "change_head", "Đổi chủ hộ", tooltip="Chọn chủ hộ mới", id="change_head"),
        Binding("m", "move_member", "Chuyển hộ", tooltip="Chuyển nhân khẩu đang chọn sang hộ khác",
                show=False, id="move_member"),
        Binding("t", "split", "Tách hộ", tooltip="Một số nhân khẩu lập hộ mới", id="split"),
        Binding("g", "merge", "Nhập hộ", tooltip="Nhập một hộ khác vào hộ này", id="merge"),
        Binding("x", "person_deceased", "Khai tử", tooltip="Nhân khẩu đang chọn đã mất",
                id="deceased"),
        Binding("d", "person_moved_away", "NK chuyển đi",
                tooltip="Nhân khẩu đang chọn chuyển đi khỏi địa bàn", show=False,
                id="moved_away"),
        Binding("o", "move_out", "Cả hộ chuyển đi", tooltip="Cả hộ chuyển đi khỏi địa bàn",
                show=False, id="move_out"),
    ]

    def __init__(self, household_id: str) -> None:
        super().__init__()
        self.household_id = household_id
        self.view: dict[str, Any] = {}
        self._live: tuple[bool | None, ...] = ()
        self.selected_id = ""
        """The member the cursor is on (life events apply to them)."""
        self.shown_at = 0.0
        """`time.perf_counter()` when the members were put in the table (for the benchmark)."""

    def compose(self) -> ComposeResult:
        # Read the household before the footer is drawn, so its keys are right at once.
        self._load()
        yield TitleBar()
        yield Static("", id="household-info")
        yield Static("", id="household-tabs")
        with ContentSwitcher(initial="members", id="household-pages"):
            yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="history-scroll", can_focus=True):
                yield Static("Đang đọc nhật ký…", id="history")
            yield Static("Lượt kiểm tra hộ, cam kết “Hộ an toàn” và vụ việc liên quan sẽ hiện ở "
                         "đây khi chức năng ghi nhận được bổ sung.", id="visits",
                         classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self._show_tabs()
        table = self.query_one("#members", DataTable)
        table.add_columns("Số", "Họ và tên", "Ngày sinh", "Giới", "Quan hệ", "CCCD", "Tình trạng")
        self.refresh_data()
        table.focus()

    def _load(self) -> bool:
        state = self.app.state  # type: ignore[attr-defined]
        household = state.roster.store.get("households", self.household_id)
        if household is None or household.get("deleted"):
            return False
        self.view = household_view(state.roster, household)
        self.household = household
        ids = [m["id"] for m in self.view["nhan_khau"]]
        if self.selected_id not in ids:
            self.selected_id = ids[0] if ids else ""
        return True

    def refresh_data(self) -> None:
        """Show the household again (after any save)."""
        if not self._load():
            self.app.pop_screen()
            return
        self._show()
        if self.query_one(ContentSwitcher).current == "history-scroll":
            self.load_history()

    def action_page(self, page: str) -> None:
        """Show the members (1), the history of changes (2) or visits and incidents (3)."""
        self.query_one(ContentSwitcher).current = page
        self._show_tabs()
        if page == "history-scroll":
            self.load_history()  # the journal is read only when asked for: it can be long
        if page != "visits":
            self.query_one(f"#{page}").focus()

    def _show_tabs(self) -> None:
        current = self.query_one(ContentSwitcher).current
        labels = []
        for page, key, label in PAGES:
            text = f" {key} {label} "
            labels.append(f"[reverse b]{text}[/]" if page == current else text)
        self.query_one("#household-tabs", Static).update("  ".join(labels))

    def _show(self) -> None:
        v = self.view
        notes = f"\nGhi chú: {v['ghi_chu']}" if v["ghi_chu"] else ""
        self.query_one("#household-info", Static).update(
            f"[b]Hộ {v['ma_ho']}[/b] · {v['thon']} · {v['tinh_trang_cu_tru']}\n"
            f"Chủ hộ: [b]{v['chu_ho']}[/b] · Địa chỉ: {v['dia_chi']} · "
            f"Đang cư trú: {v['so_nhan_khau']} người{notes}")
        table = self.query_one("#members", DataTable)
        selected = self.selected_id
        table.clear()
        for m in v["nhan_khau"]:
            table.add_row(str(m["stt"]), m["ho_ten"], m["ngay_sinh"], m["gioi_tinh"],
                          m["quan_he"], m["cccd"], m["tinh_trang"], key=m["id"])
        if table.row_count:
            table.move_cursor(row=table.get_row_index(selected) if selected else 0)
            self.selected_id = selected
        self.shown_at = time.perf_counter()
        self._update_bindings()

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the journal for this household in a worker (it may be long)."""
        state = self.app.state  # type: ignore[attr-defined]
        members = {m["id"] for m in self.view.get("nhan_khau", [])}
        lines = household_history(state.roster.store, self.household_id, members)
        self.app.call_from_thread(self._show_history, lines)

    def _show_history(self, lines: list[HistoryLine]) -> None:
        out = []
        for line in reversed(lines):
            when = f"{line.at[8:10]}/{line.at[5:7]}/{line.at[:4]} {line.at[11:16]}"
            out.append(f"[b]{when}[/b]  {line.event} — {line.by or '(không ghi tên cán bộ)'}")
            if line.summary:
                out.append(f"  {line.summary}")
            out += [f"    {c}" for c in line.changes]
            out += [f"    [i]đã chấp nhận: {w}[/i]" for w in line.accepted]
        self.query_one("#history", Static).update("\n".join(out) or "Chưa có thay đổi nào.")

    # ------------------------------------------------------------------ actions

    def _selected(self) -> dict[str, Any] | None:
        return next((m for m in self.view.get("nhan_khau", []) if m["id"] == self.selected_id),
                    None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what cannot be done now (no member chosen, household moved away…)."""
        if not self.view:
            return None if action in ACTIVE_ACTIONS or action in MEMBER_ACTIONS else True
        active = self.household.get("residence_status") in ACTIVE_STATUSES
        if action in ACTIVE_ACTIONS and not active:
            return None
        if action in MEMBER_ACTIONS:
            member = self._selected()
            if member is None:
                return None
            if action != "edit_person" and member["tinh_trang"] != vocab.PERSON_STATUSES["present"]:
                return None
        if action == "change_head" and self.view["so_nhan_khau"] < 2:
            return None
        if action == "split" and self.view["so_nhan_khau"] < 2:
            return None
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.selected_id = str(event.row_key.value)
        self._update_bindings()

    def _update_bindings(self) -> None:
        # Redrawing the footer is costly: only when what can be done has changed.
        live = tuple(self.check_action(a, ()) for a in ALL_ACTIONS)
        if live != self._live:
            if self._live:  # the footer drawn at start already matched the first state
                self.refresh_bindings()
            self._live = live

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_person()

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()

    def action_edit_household(self) -> None:
        """Edit address, residence status, notes."""
        flows.edit_household(self.app, self.household_id)

    def action_add_person(self) -> None:
        """Add a member."""
        flows.add_person(self.app, self.household_id)

    def action_edit_person(self) -> None:
        """Edit the selected member."""
        member = self._selected()
        if member:
            flows.edit_person(self.app, member["id"])

    def action_change_head(self) -> None:
        """Choose a new head."""
        flows.change_head(self.app, self.household_id)

    def action_move_member(self) -> None:
        """Move the selected member to another household."""
        member = self._selected()
        if member:
            flows.move_member(self.app, member["id"])

    def action_split(self) -> None:
        """Split the household."""
        flows.split_household(self.app, self.household_id)

    def action_merge(self) -> None:
        """Merge another household into this one."""
        flows.merge_into(self.app, self.household_id)

    def action_person_deceased(self) -> None:
        """Record the selected member's death."""
        member = self._selected()
        if member:
            flows.person_event(self.app, member["id"], "deceased")

    def action_person_moved_away(self) -> None:
        """Record that the selected member moved away."""
        member = self._selected()
        if member:
            flows.person_event(self.app, member["id"], "moved_away")

    def action_move_out(self) -> None:
        """The whole household moves away."""
        flows.household_move_out(self.app, self.household_id)
