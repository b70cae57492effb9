"""The antt app: global keys, system commands, the stylesheet and the first screen."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from antt_tui.tui.commands import AppCommands, VillageCommands
from antt_tui.tui.messages import DataChanged, Notice
from antt_tui.tui.state import AppState

SCREEN_STYLES = ("start", "overview", "households", "household", "form", "dialogs", "help",
                 "incidents", "incident_import", "criteria", "reports", "sync_office",
                 "sync_settle", "sync_village", "roster_import", "roster_imports")
"""The stylesheets beside the screens (screens/NAME.tcss), each also named by its screens'
CSS_PATH. The app reads them all at start: one read when its screen first opens would make
Textual parse every stylesheet again (about 20 ms, felt when a household opens)."""

CHECKPOINT_SECONDS = 120
"""While the app is open, changed table files are rewritten this often (the journal already
holds every save; this only shortens the next start-up)."""


class AnttApp(App[None]):
    """Hộ an toàn – Thôn bình yên: roster, visits and reports for commune police."""

    CSS_PATH = ["app.tcss", *(f"screens/{name}.tcss" for name in SCREEN_STYLES)]
    TITLE = "antt · Hộ an toàn – Thôn bình yên"
    COMMANDS = {AppCommands, VillageCommands}
    BINDINGS = [
        Binding("f1", "help", "Trợ giúp", tooltip="Các phím của màn hình này", show=False,
                id="help"),
        Binding("question_mark", "help", "Trợ giúp", show=False, id="help_alt"),
        Binding("ctrl+q", "quit", "Thoát", tooltip="Đóng chương trình", priority=True, id="quit"),
        Binding("ctrl+p", "command_palette", "Lệnh", tooltip="Tìm hộ, thêm hộ, mở thôn…",
                show=False, priority=True, id="palette"),
    ]

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        """Settings and the open database, shared with every screen."""

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: log it without personal data and say so on exit.

        Textual's own handler prints a traceback with local variables (names, CCCDs) on the
        terminal, which an officer may photograph and send. This keeps Textual's bookkeeping
        (the exit code, the exception a test sees) and replaces only what is printed.
        """
        from rich.text import Text

        from antt_tui.errorlog import log_exception

        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        path = log_exception(error, command="antt (giao diện)", paths=self.state.paths)
        where = (f"Chi tiết đã ghi vào {path}; hãy gửi tệp này cho cán bộ kỹ thuật."
                 if path else "Không ghi được nhật ký lỗi.")
        self.panic(Text(f"Lỗi không mong muốn ({type(error).__name__}). Dữ liệu đã lưu không "
                        f"bị ảnh hưởng. {where}"))

    def on_mount(self) -> None:
        from antt_tui.tui.screens.start import StartScreen

        self.sub_title = officer_line(self.state.officer)
        self.set_interval(CHECKPOINT_SECONDS, self._checkpoint_when_idle)
        self.push_screen(StartScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's global commands, in Vietnamese."""
        if self.state.session is not None:
            yield SystemCommand("Tìm hộ", "Tìm hộ, nhân khẩu theo tên, CCCD, mã hộ",
                                self.action_find_household)
            yield SystemCommand("Thêm hộ", "Đăng ký một hộ mới cùng chủ hộ",
                                self.action_add_household)
            yield SystemCommand("Ghi nhận vụ việc", "Ghi một vụ việc về an ninh, trật tự",
                                self.action_add_incident)
            yield SystemCommand("Danh sách vụ việc", "Xem, sửa, xóa vụ việc",
                                self.action_incidents)
            yield SystemCommand("Nhập vụ việc từ tệp Excel",
                                "Nhiều vụ việc một lần từ .xlsx, .csv hoặc ô dán; xem trước "
                                "rồi mới lưu", self.action_import_incidents)
            yield SystemCommand("Nhập danh sách từ Excel",
                                "Hộ, nhân khẩu của thôn từ .xlsx, .xls, .csv (cả TCVN3, VNI); "
                                "xem trước rồi mới lưu", self.action_import_roster)
            yield SystemCommand("Các lần nhập danh sách",
                                "Các tệp danh sách đã nhập; hoàn tác một lần nhập",
                                self.action_roster_imports)
            yield SystemCommand("Đánh giá tiêu chí xã",
                                "Xã “An toàn về ANTT”, chỉ tiêu 19.2 và kết quả từng thôn",
                                self.action_criteria)
            yield SystemCommand("Báo cáo", "Báo cáo tháng, quý, năm của thôn hoặc của xã (PDF)",
                                self.action_report)
            yield SystemCommand("Báo cáo đã ban hành", "In lại, kiểm tra số liệu, ban hành lại",
                                self.action_issued_reports)
            yield SystemCommand("Tổng quan", "Các thôn và số liệu chính", self.action_overview)
            yield from self._sync_commands()
        if self.state.session is not None:
            yield SystemCommand("Đổi cán bộ", "Tên cán bộ đang dùng máy (ghi vào mọi thay đổi)",
                                self.action_change_officer)
        yield SystemCommand("Trợ giúp", "Các phím của màn hình hiện tại", self.action_help)
        yield SystemCommand("Đổi nền sáng/tối", "Giao diện sáng hoặc tối",
                            self.action_toggle_dark)
        yield SystemCommand("Thoát", "Đóng chương trình", self.action_quit)

    def _sync_commands(self) -> Iterable[SystemCommand]:
        """The USB round trip's palette entries, for the side this laptop is."""
        role = self.state.sync_role
        yield SystemCommand("Đồng bộ", "Gửi, nhận gói USB; tình trạng các thôn",
                            self.action_sync)
        if role == "village":
            yield SystemCommand("Gửi về xã", "Ghi gói dữ liệu của thôn ra USB",
                                self.action_sync_send)
            yield SystemCommand("Nhận từ xã", "Nhận gói xã gửi về từ USB",
                                self.action_sync_receive)
        if role is None:
            # A laptop whose village was typed in before sync keeps its records when it joins.
            yield SystemCommand("Tham gia xã", "Dùng gói tham gia và mã xã cấp",
                                self.action_sync_join)
        if role != "village":
            yield SystemCommand("Ghi danh máy thôn", "Cấp gói tham gia cho máy của một thôn",
                                self.action_sync_enroll)
            yield SystemCommand("Xung đột", "Giải quyết từng xung đột sau khi nhập gói",
                                self.action_sync_conflicts)
            yield SystemCommand("Trùng lặp", "Các cặp nghi là cùng một người",
                                self.action_sync_duplicates)
            yield SystemCommand("Thay đổi để riêng", "Các thay đổi bị để riêng và lý do",
                                self.action_sync_quarantine)
            yield SystemCommand("Khóa của xã", "Mã khóa, sao lưu, in phiếu khôi phục",
                                self.action_sync_keys)

    # The sync screens (tui/screens/sync_*.py) are imported when asked for.

    def action_sync(self) -> None:
        """The round trip: on a village laptop that joined its own screen, otherwise the
        commune's status screen (which offers to make the key when there is none yet)."""
        from antt_tui.tui.screens import sync_office, sync_village

        self.push_screen(sync_village.VillageSyncScreen() if self.state.sync_role == "village"
                         else sync_office.SyncScreen())

    def action_sync_send(self) -> None:
        """Gửi về xã: write this village laptop's bundle to a stick."""
        from antt_tui.tui.screens.sync_village import SendScreen

        self.push_screen(SendScreen())

    def action_sync_receive(self) -> None:
        """Nhận từ xã: merge the commune's return bundle from a stick."""
        from antt_tui.tui.screens.sync_village import ReceiveScreen

        self.push_screen(ReceiveScreen())

    def action_sync_join(self) -> None:
        """Tham gia xã: join with an enrolment pack and its code."""
        from antt_tui.tui.screens.sync_village import JoinScreen

        self.push_screen(JoinScreen())

    def action_sync_enroll(self) -> None:
        """Ghi danh máy thôn: an enrolment pack and its one-time code."""
        from antt_tui.tui.screens.sync_office import EnrolScreen

        self.push_screen(EnrolScreen())

    def action_sync_conflicts(self) -> None:
        """The conflict queue, one at a time."""
        from antt_tui.tui.screens.sync_conflicts import ConflictQueueScreen

        self.push_screen(ConflictQueueScreen())

    def action_sync_duplicates(self) -> None:
        """Suggested pairs of the same person."""
        from antt_tui.tui.screens.sync_duplicates import DuplicatesScreen

        self.push_screen(DuplicatesScreen())

    def action_sync_quarantine(self) -> None:
        """The entries set aside, with their reasons; retry."""
        from antt_tui.tui.screens.sync_quarantine import QuarantineScreen

        self.push_screen(QuarantineScreen())

    def action_sync_keys(self) -> None:
        """The commune key: fingerprint, backup, recovery sheet, restore."""
        from antt_tui.tui.screens.sync_office import KeysScreen

        self.push_screen(KeysScreen())

    def action_change_officer(self, first_start: bool = False) -> None:
        """Ask who is using the laptop (and the unit's report signer if it has none)."""
        from antt_tui.tui.screens.officer import OfficerDialog

        self.push_screen(OfficerDialog(first_start=first_start), self._officer_changed)

    def _officer_changed(self, name: str | None) -> None:
        self.sub_title = officer_line(self.state.officer)
        if name:
            self.notify(f"Cán bộ dùng máy: {name}", title="Đã lưu")

    def action_command_palette(self) -> None:
        """Open the command palette (Ctrl+P), in Vietnamese."""
        from antt_tui.tui.widgets.palette import Palette

        if not Palette.is_open(self):
            self.push_screen(Palette(placeholder="Gõ tên lệnh: tìm hộ, thêm hộ, mở thôn…",
                                     id="--command-palette"))

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from antt_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_find_household(self) -> None:
        """Open the household list with the search box focused."""
        from antt_tui.tui.screens.households import HouseholdListScreen

        self.push_screen(HouseholdListScreen())

    def action_add_household(self) -> None:
        """Start the new-household form."""
        from antt_tui.tui.screens.household_forms import add_household

        add_household(self)

    def action_add_incident(self) -> None:
        """Start the incident form (the village is chosen in it)."""
        from antt_tui.tui.screens.activity_forms import add_incident

        add_incident(self)

    def action_incidents(self) -> None:
        """Show the incidents of the commune."""
        from antt_tui.tui.screens.incidents import IncidentListScreen

        if not isinstance(self.screen, IncidentListScreen):
            self.push_screen(IncidentListScreen())

    def action_import_incidents(self) -> None:
        """Enter many incidents from a spreadsheet: preview, then one save."""
        from antt_tui.tui.screens.incident_import import IncidentImportScreen

        self.push_screen(IncidentImportScreen())

    def action_import_roster(self) -> None:
        """A village's roster from a spreadsheet: columns, preview, then one save."""
        from antt_tui.tui.screens.roster_import import RosterImportScreen

        if not isinstance(self.screen, RosterImportScreen):
            self.push_screen(RosterImportScreen())

    def action_roster_imports(self) -> None:
        """The roster imports made, newest first; undo one."""
        from antt_tui.tui.screens.roster_imports import RosterImportsScreen

        if not isinstance(self.screen, RosterImportsScreen):
            self.push_screen(RosterImportsScreen())

    def action_criteria(self, scope: str = "") -> None:
        """The criteria of a village (its id) or of the commune ("")."""
        from antt_tui.tui.screens.criteria import CriteriaScreen

        self.push_screen(CriteriaScreen(scope))

    def action_report(self, scope: str = "") -> None:
        """A report of a village (its id) or of the commune (""): choose, preview, write."""
        from antt_tui.tui.screens.reports import ReportScreen

        self.push_screen(ReportScreen(scope))

    def action_issued_reports(self) -> None:
        """The issued reports: reprint, verify, issue again."""
        from antt_tui.tui.screens.issued_reports import IssuedReportsScreen

        if not isinstance(self.screen, IssuedReportsScreen):
            self.push_screen(IssuedReportsScreen())

    def action_show_incident(self, incident_id: str) -> None:
        """One incident, read-only, with its persons and corrections."""
        from antt_tui.domain.dates import vn_date
        from antt_tui.roster.incidents import Incidents
        from antt_tui.tui.screens.dialogs import DetailDialog
        from antt_tui.tui.views import incident_detail

        row = Incidents(self.state.roster).row(incident_id)
        if row is None:
            self.notify("Không tìm thấy vụ việc.", severity="error")
            return
        self.push_screen(DetailDialog(f"Vụ việc ngày {vn_date(row.date)}",
                                      incident_detail(row)))

    def action_overview(self) -> None:
        """Back to the overview."""
        from antt_tui.tui.screens.overview import OverviewScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, OverviewScreen):
            self.pop_screen()

    def action_open_village(self, village_id: str) -> None:
        """Show the households of one village."""
        from antt_tui.tui.screens.households import HouseholdListScreen

        self.push_screen(HouseholdListScreen(village_id=village_id))

    def action_toggle_dark(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def action_quit(self) -> None:
        """Quit, asking first when a form has unsaved changes."""
        from antt_tui.tui.screens.dialogs import ConfirmDialog
        from antt_tui.tui.screens.form import FormScreen

        if isinstance(self.screen, ConfirmDialog):
            return  # the question is already on screen
        dirty = [s for s in self.screen_stack if isinstance(s, FormScreen) and s.is_dirty]
        if dirty:
            def answer(ok: bool | None) -> None:
                if ok:
                    self.exit()

            self.push_screen(ConfirmDialog(
                "Thoát khi chưa lưu?",
                f"Biểu mẫu “{dirty[-1].title_text}” có thay đổi chưa lưu. Thoát sẽ bỏ các "
                "thay đổi đó; những gì đã lưu trước đây vẫn còn nguyên.",
                confirm="Thoát, bỏ thay đổi", cancel="Quay lại"), answer)
            return
        self.exit()

    def on_data_changed(self, message: DataChanged) -> None:
        """Tell every screen on the stack to refresh, and show what was saved."""
        if message.what:
            self.notify(message.what, title="Đã lưu", timeout=4)
        self.show_store_messages()
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()

    def on_notice(self, message: Notice) -> None:
        """A worker's word for the officer."""
        self.notify(message.text, title=message.title, severity=message.severity,
                    timeout=message.timeout)

    def show_store_messages(self) -> None:
        """Notices (damage mended on open) and warnings ("Đã lưu, nhưng …") of the store."""
        if self.state.session is None:
            return
        for text in self.state.session.take_messages():
            self.notify(text, title="Lưu ý", severity="warning", timeout=12)

    def _checkpoint_when_idle(self) -> None:
        if self.state.session is not None:
            # A failed checkpoint (a full disk) is a warning: the journal holds every save.
            self.run_worker(lambda: self.state.run(self.state.session.checkpoint_safely),
                            thread=True, group="checkpoint", exclusive=True)

    def on_unmount(self) -> None:
        self.state.close()


def officer_line(officer: str) -> str:
    """The title bar's part that names who uses the laptop."""
    return f"Cán bộ: {officer}" if officer else "chưa có tên cán bộ (Ctrl+P “Đổi cán bộ”)"
