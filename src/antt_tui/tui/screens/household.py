"""One household: its head, members, address and status, the history of its changes, and its
visits, commitments and incidents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Static

from antt_tui.domain import vocab
from antt_tui.domain.dates import vn_date, vn_stamp
from antt_tui.roster import actions
from antt_tui.roster.history import HistoryLine
from antt_tui.roster.records import HouseholdCard, PersonRow
from antt_tui.roster.views import read_household_card
from antt_tui.roster.visits import Activities
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.screens import activity_forms as activities
from antt_tui.tui.screens import household_forms as flows
from antt_tui.tui.views import HouseholdActivity, read_household_activity
from antt_tui.tui.widgets.activity_page import ActivityPage
from antt_tui.tui.widgets.title_bar import TitleBar

ALL_ACTIONS = sorted(actions.ACTIONS)
PAGES = (("members", "1", "Nhân khẩu"), ("history-scroll", "2", "Lịch sử thay đổi"),
         ("visits", "3", "Kiểm tra, cam kết, vụ việc"))


class HouseholdScreen(AnttMixin, Screen[None]):
    """Household detail; every life event is a key, each opening a form that explains it, and
    so are a visit (k), the commitment (n) and an incident (v), shown on page 3."""

    CSS_PATH = "household.tcss"
    HELP_TITLE = "Hồ sơ hộ"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về danh sách", id="back"),
        Binding("1", "page('members')", "Nhân khẩu", show=False,
                tooltip="Trang nhân khẩu của hộ", id="page_members"),
        Binding("2", "page('history-scroll')", "Lịch sử", show=False,
                tooltip="Lịch sử thay đổi: ai sửa gì, lúc nào", id="page_history"),
        Binding("3", "page('visits')", "Trang kiểm tra", show=False,
                tooltip="Kiểm tra hộ, cam kết, vụ việc", id="page_visits"),
        Binding("e", "edit_household", "Sửa hộ", tooltip="Địa chỉ, cư trú, ghi chú", show=False,
                id="edit"),
        Binding("a", "add_person", "Thêm NK", tooltip="Thêm nhân khẩu vào hộ", id="add_person"),
        Binding("enter", "edit_person", "Sửa NK", tooltip="Sửa nhân khẩu đang chọn",
                show=False, id="edit_person"),
        Binding("c", "change_head", "Đổi chủ hộ", tooltip="Chọn chủ hộ mới", show=False,
                id="change_head"),
        Binding("m", "move_member", "Chuyển hộ", tooltip="Chuyển nhân khẩu đang chọn sang hộ khác",
                show=False, id="move_member"),
        Binding("t", "split", "Tách hộ", tooltip="Một số nhân khẩu lập hộ mới", show=False,
                id="split"),
        Binding("g", "merge", "Nhập hộ", tooltip="Nhập một hộ khác vào hộ này", show=False,
                id="merge"),
        Binding("x", "person_deceased", "Khai tử", tooltip="Nhân khẩu đang chọn đã mất",
                show=False, id="deceased"),
        Binding("d", "person_moved_away", "NK chuyển đi",
                tooltip="Nhân khẩu đang chọn chuyển đi khỏi địa bàn", show=False,
                id="moved_away"),
        Binding("o", "move_out", "Cả hộ chuyển đi", tooltip="Cả hộ chuyển đi khỏi địa bàn",
                show=False, id="move_out"),
        Binding("k", "record_visit", "Kiểm tra",
                tooltip="Ghi lượt kiểm tra, mọi mục sẵn Đạt", id="record_visit"),
        Binding("n", "sign_commitment", "Cam kết",
                tooltip="Hộ ký cam kết “Hộ an toàn” (từ tháng 11: cam kết năm sau)",
                id="sign_commitment"),
        Binding("v", "add_incident", "Vụ việc",
                tooltip="Ghi nhận vụ việc có người trong hộ liên quan", id="add_incident"),
    ]

    @dataclass
    class HistoryRead(WorkerResult):
        """The household's history of changes, read from the journal."""

        lines: list[HistoryLine]

    @dataclass
    class ActivityRead(WorkerResult):
        """The household's visits, commitments and incidents (page 3)."""

        activity: HouseholdActivity

    def __init__(self, household_id: str) -> None:
        super().__init__()
        self.household_id = household_id
        self.card: HouseholdCard | None = None
        """The household as shown (None until read, or once it is gone)."""
        self._live: tuple[tuple[bool | None, str | None], ...] = ()
        self.selected_id = ""
        """The member the cursor is on (life events apply to them)."""
        self.commitment_due: int | None = None
        """The year whose commitment the household still has to sign (None: signed)."""
        self.activity: HouseholdActivity | None = None
        """What page 3 shows (Enter on a row opens one visit or incident)."""
        self._focus_next = ""
        """The table of page 3 to focus once it is filled (where a save put a new row)."""

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
            yield ActivityPage(id="visits")
        yield Footer()

    def on_mount(self) -> None:
        self._show_tabs()
        table = self.query_one("#members", DataTable)
        table.add_columns("Số", "Họ và tên", "Ngày sinh", "Giới", "Quan hệ", "CCCD", "Tình trạng")
        self.refresh_data()
        table.focus()

    def _load(self) -> bool:
        state = self.antt.state
        card = read_household_card(state.roster, self.household_id)
        if card is None:
            return False
        self.card = card
        self.commitment_due = Activities(state.roster).commitment_due(self.household_id,
                                                                      state.today())
        ids = [m.id for m in self.card.members]
        if self.selected_id not in ids:
            self.selected_id = ids[0] if ids else ""
        return True

    def refresh_data(self) -> None:
        """Show the household again (after any save)."""
        if not self._load():
            self.app.pop_screen()
            return
        self._show()
        current = self.query_one(ContentSwitcher).current
        if current == "history-scroll":
            self.load_history()
        elif current == "visits":
            self.load_activity()

    def action_page(self, page: str) -> None:
        """Show the members (1), the history of changes (2) or visits and incidents (3)."""
        self.query_one(ContentSwitcher).current = page
        self._show_tabs()
        if page == "history-scroll":
            self.load_history()  # the journal is read only when asked for: it can be long
        if page == "visits":
            self.load_activity()  # every year's visit file is read: only when asked for
            self._focus_activity()
        else:
            self.query_one(f"#{page}").focus()

    def _focus_activity(self) -> None:
        for selector in ("#visit-table", "#incident-table", "#visits"):
            widget = self.query_one(selector)
            if widget.display:
                widget.focus()
                return

    def _show_tabs(self) -> None:
        current = self.query_one(ContentSwitcher).current
        labels = []
        for page, key, label in PAGES:
            text = f" {key} {label} "
            labels.append(f"[reverse b]{text}[/]" if page == current else text)
        self.query_one("#household-tabs", Static).update("  ".join(labels))

    def _show(self) -> None:
        card = self.card
        assert card is not None
        notes = f"\nGhi chú: {card.notes}" if card.notes else ""
        self.query_one("#household-info", Static).update(
            f"[b]Hộ {card.code}[/b] · {card.village_name} · {card.residence_label}\n"
            f"Chủ hộ: [b]{card.head_name}[/b] · Địa chỉ: {card.address} · "
            f"Đang cư trú: {card.present_count} người{notes}")
        table = self.query_one("#members", DataTable)
        selected = self.selected_id
        table.clear()
        for m in card.members:
            table.add_row(str(m.number), m.full_name, m.birth, m.sex_label,
                          m.relation_label, m.cccd, m.status_label, key=m.id)
        if table.row_count:
            table.move_cursor(row=table.get_row_index(selected) if selected else 0)
            self.selected_id = selected
        self._update_bindings()

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the journal for this household in a worker (it may be long)."""
        state = self.antt.state
        members = {m.id for m in self.card.members} if self.card else set()
        lines = state.roster.history(self.household_id, members)
        self.post_message(self.HistoryRead(lines))

    @on(HistoryRead)
    def _show_history(self, message: HistoryRead) -> None:
        if message.stale:
            return
        out = []
        for line in reversed(message.lines):
            when = vn_stamp(line.at)
            where = f" ({line.source})" if line.source else ""
            out.append(f"[b]{when}[/b]  {line.event} — {line.by or '(không ghi tên cán bộ)'}"
                       f"{where}")
            if line.summary:
                out.append(f"  {line.summary}")
            out += [f"    {c}" for c in line.changes]
            out += [f"    [i]đã chấp nhận: {w}[/i]" for w in line.accepted]
        self.query_one("#history", Static).update("\n".join(out) or "Chưa có thay đổi nào.")

    @work(thread=True, exclusive=True, group="activity")
    def load_activity(self) -> None:
        """Read the visits, commitments and incidents of the household in a worker."""
        state = self.antt.state
        activity = read_household_activity(state.roster, self.household_id, state.today())
        self.post_message(self.ActivityRead(activity))

    @on(ActivityRead)
    def _show_activity(self, message: ActivityRead) -> None:
        if message.stale:
            return
        activity = self.activity = message.activity
        page = self.query_one(ActivityPage)
        focused = self.app.focused
        # The household's yearly "Hộ an toàn" (H7) result will replace this line.
        page.show_status(activity.h7, activity.commitments)
        live = {a: self.check_action(a, ()) is True
                for a in ("record_visit", "sign_commitment", "add_incident")}
        page.show_keys(visit=live["record_visit"],
                       sign=self.commitment_due if live["sign_commitment"] else None,
                       incident=live["add_incident"])
        page.show_visits(activity.visit_rows)
        page.show_incidents(activity.incident_rows)
        if self.query_one(ContentSwitcher).current == "visits":
            target = self.query_one(self._focus_next) if self._focus_next else None
            if target is not None and target.display:
                target.focus()  # the table that shows what was just saved
            elif focused is None or not focused.display or focused is page:
                self._focus_activity()  # a table just appeared, or the focused one was emptied
            self._focus_next = ""

    def show_visit(self, visit_id: str) -> None:
        """The whole visit, read-only (Esc closes it)."""
        from antt_tui.tui.screens.dialogs import DetailDialog

        if self.activity is not None and visit_id in self.activity.visits:
            day = vn_date(self.activity.visits[visit_id].date)
            self.app.push_screen(DetailDialog(
                f"Lượt kiểm tra hộ {self.card.code if self.card else ''} ngày {day}",
                self.activity.visit_text(visit_id)))

    def show_incident(self, incident_id: str) -> None:
        """The whole incident, read-only (Esc closes it)."""
        from antt_tui.tui.screens.dialogs import DetailDialog

        if self.activity is not None and incident_id in self.activity.incidents:
            day = vn_date(self.activity.incidents[incident_id].date)
            self.app.push_screen(DetailDialog(f"Vụ việc ngày {day}",
                                              self.activity.incident_text(incident_id)))

    # ------------------------------------------------------------------ actions

    def _selected(self) -> PersonRow | None:
        return self.card.member(self.selected_id) if self.card else None

    def refusal(self, action: str) -> str | None:
        """Why a roster action cannot be done now (None: it can), as the roster answers."""
        if self.card is None:
            return "Chưa đọc được hồ sơ hộ."
        return actions.allowed(action, self.card, self._selected())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what cannot be done now (no member chosen, household moved away…): the
        roster decides (roster/actions.py)."""
        if action not in actions.ACTIONS:
            return True
        if self.refusal(action) is not None:
            return None
        # Enter on page 2 or 3 with nothing to open there must not edit a member.
        return action != "edit_person" or self._page() == "members"

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's keys; one greyed out because the roster refuses it says why in its
        footer tooltip ("Hộ DH-0001 không còn cư trú (Đã chuyển đi).")."""
        bindings = super().active_bindings
        for key, active in bindings.items():
            action = active.binding.action
            if not active.enabled and active.node is self and action in actions.ACTIONS:
                reason = self.refusal(action)
                if reason:
                    bindings[key] = active._replace(tooltip=reason)
        return bindings

    def _page(self) -> str:
        switcher = self.query("#household-pages")
        return str(switcher.first().current) if switcher else "members"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "members":
            self.selected_id = str(event.row_key.value)
            self._update_bindings()

    def _update_bindings(self) -> None:
        # Redrawing the footer is costly: only when what can be done (or why not) changed.
        live = tuple((self.check_action(a, ()), self.refusal(a)) for a in ALL_ACTIONS)
        if live != self._live:
            if self._live:  # the footer drawn at start already matched the first state
                self.refresh_bindings()
            self._live = live

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = event.data_table.id
        if table == "visit-table":
            self.show_visit(str(event.row_key.value))
        elif table == "incident-table":
            self.show_incident(str(event.row_key.value))
        else:
            self.action_edit_person()

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()

    def action_edit_household(self) -> None:
        """Edit address, residence status, notes."""
        flows.edit_household(self.antt, self.household_id)

    def action_add_person(self) -> None:
        """Add a member."""
        flows.add_person(self.antt, self.household_id)

    def action_edit_person(self) -> None:
        """Edit the selected member."""
        member = self._selected()
        if member:
            flows.edit_person(self.antt, member.id)

    def action_change_head(self) -> None:
        """Choose a new head."""
        flows.change_head(self.antt, self.household_id)

    def action_move_member(self) -> None:
        """Move the selected member to another household."""
        member = self._selected()
        if member:
            flows.move_member(self.antt, member.id)

    def action_split(self) -> None:
        """Split the household."""
        flows.split_household(self.antt, self.household_id)

    def action_merge(self) -> None:
        """Merge another household into this one."""
        flows.merge_into(self.antt, self.household_id)

    def action_person_deceased(self) -> None:
        """Record the selected member's death."""
        member = self._selected()
        if member:
            flows.person_event(self.antt, member.id, vocab.DECEASED)

    def action_person_moved_away(self) -> None:
        """Record that the selected member moved away."""
        member = self._selected()
        if member:
            flows.person_event(self.antt, member.id, vocab.MOVED_AWAY)

    def action_move_out(self) -> None:
        """The whole household moves away."""
        flows.household_move_out(self.antt, self.household_id)

    def _to_activity_page(self, table: str) -> Callable[[Any], None]:
        """After a save from page 3's keys, show page 3 with `table` (the new row) focused."""
        def saved(result: Any) -> None:
            if result:
                self._focus_next = table
                self.action_page("visits")
        return saved

    def action_record_visit(self) -> None:
        """Record an inspection visit."""
        activities.record_visit(self.antt, self.household_id,
                                callback=self._to_activity_page("#visit-table"))

    def action_sign_commitment(self) -> None:
        """The household signs the commitment of the year still to sign (from November,
        next year's); when it has signed it, say so."""
        if self.commitment_due is None:
            from antt_tui.roster.visits import commitment_year

            year = commitment_year(self.antt.state.today())
            self.notify(f"Hộ đã ký cam kết “Hộ an toàn” năm {year}.", title="Đã ký cam kết")
            return
        activities.sign_commitment(self.antt, self.household_id, year=self.commitment_due,
                                   callback=self._to_activity_page("#visit-table"))

    def action_add_incident(self) -> None:
        """Record an incident involving members of the household."""
        activities.add_incident(self.antt, household_id=self.household_id,
                                callback=self._to_activity_page("#incident-table"))
