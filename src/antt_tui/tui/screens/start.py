"""Opening the database: progress, then the overview, what went wrong, or (no database yet)
the first use: create the commune's database, or join the commune as a village laptop."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, LoadingIndicator, Static

from antt_tui.storage.errors import DatabaseDamaged, DatabaseLocked, NewerSchema, NotADatabase
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.widgets.title_bar import TitleBar


class StartScreen(AnttMixin, Screen[None]):
    """Shown while the database opens; explains a locked or damaged folder; on first use
    offers the two ways to begin."""

    CSS_PATH = "start.tcss"
    HELP_TITLE = "Mở cơ sở dữ liệu"
    BINDINGS = [
        Binding("r", "retry", "Thử lại", tooltip="Mở lại cơ sở dữ liệu", id="retry"),
        Binding("k", "repair", "Khôi phục", tooltip="Kiểm tra và khôi phục từ nhật ký, sao lưu",
                id="repair"),
        Binding("x", "create", "Tạo CSDL xã",
                tooltip="Máy của Công an xã: nhập tỉnh, xã và các thôn", id="start_create"),
        Binding("t", "join", "Tham gia xã",
                tooltip="Máy của thôn: gói tham gia trên USB và mã Công an xã đọc cho",
                id="start_join"),
    ]

    @dataclass
    class Opened(WorkerResult):
        """The database is open."""

    @dataclass
    class FirstUse(WorkerResult):
        """There is no database in the folder yet."""

    @dataclass
    class Failed(WorkerResult):
        """The database could not be opened (or repaired)."""

        error: Exception

    @dataclass
    class Repaired(WorkerResult):
        """The check with repair mended what it could; what it says."""

        said: str

    @dataclass
    class NeedsConsent(WorkerResult):
        """Repairing would lose these changes, which exist nowhere else any more."""

        lost: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.problem: type[Exception] | None = None
        """What stopped the database from opening (`NotADatabase`: the first use), or None."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="start"):
            yield Static("Đang mở cơ sở dữ liệu…", id="start-message")
            yield LoadingIndicator(id="start-loading")
            with Vertical(id="start-choices"):
                yield Button("x · Tạo cơ sở dữ liệu xã (máy của Công an xã)", id="start-create")
                yield Button("t · Tham gia xã (máy thôn, có gói tham gia trên USB)",
                             id="start-join")
        yield Footer()

    def on_mount(self) -> None:
        self.open_database()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """R after a lock, K after damage (greyed otherwise); on first use only X and T."""
        first_use = self.problem is NotADatabase
        if action in ("create", "join"):
            return first_use
        if first_use:
            return action not in ("retry", "repair")
        if action == "retry":
            return self.problem is DatabaseLocked or None
        if action == "repair":
            return self.problem is DatabaseDamaged or None
        return True

    @work(thread=True, exclusive=True, group="open")
    def open_database(self) -> None:
        """Open in a worker; a big commune takes about half a second."""
        state = self.antt.state
        try:
            state.open()
        except NotADatabase:
            self.post_message(self.FirstUse())
        except (DatabaseLocked, DatabaseDamaged, NewerSchema) as exc:
            self.post_message(self.Failed(exc))
        else:
            self.post_message(self.Opened())

    @on(Opened)
    def _opened(self) -> None:
        from antt_tui.tui.screens.overview import OverviewScreen

        state = self.antt.state
        self.app.switch_screen(OverviewScreen())
        self.antt.show_store_messages()
        if not state.officer:  # the first start on this laptop: who is using it?
            # Asked by the app, which gets the answer: this screen is gone by then.
            self.app.call_later(self.antt.action_change_officer, first_start=True)

        def build_index() -> None:
            # While the officer reads the overview: the first keystroke must be instant.
            state.roster.search("a")
            gc.freeze()  # the index lives as long as the session (see AppState.open)

        self.app.run_worker(build_index, thread=True, group="search-index")

    @on(Failed)
    def _open_failed(self, message: Failed) -> None:
        self._failed(message.error)

    def _failed(self, exc: Exception) -> None:
        self.problem = type(exc)
        self.query_one("#start-loading").display = False
        hint = {
            DatabaseLocked: "Nhấn r để thử lại sau khi đóng chương trình kia, Ctrl+Q để thoát.",
            DatabaseDamaged: "Nhấn k để kiểm tra và khôi phục (dựng lại từ nhật ký thay đổi "
                             "hoặc bản sao lưu), Ctrl+Q để thoát.",
            NewerSchema: "Hãy cập nhật chương trình. Ctrl+Q để thoát.",
        }.get(type(exc), "")
        self.query_one("#start-message", Static).update(f"{exc}\n\n{hint}")
        self.query_one("#start-message").add_class("error")
        self.refresh_bindings()

    @on(FirstUse)
    def _first_use(self) -> None:
        """No database here yet: the commune office creates one, a village laptop joins."""
        from rich.markup import escape

        self.problem = NotADatabase
        self.query_one("#start-loading").display = False
        folder = self.antt.state.folder
        self.query_one("#start-message", Static).update(
            f"Chưa có cơ sở dữ liệu ở {escape(str(folder))}.\n\nMáy này của Công an xã: tạo "
            "cơ sở dữ liệu xã. Máy của một thôn: tham gia xã bằng gói tham gia Công an xã ghi "
            "ra USB.")
        self.query_one("#start-choices").display = True
        self.query_one("#start-create").focus()
        self.refresh_bindings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The two choices of the first use, also on their keys."""
        event.stop()
        if event.button.id == "start-create":
            self.action_create()
        elif event.button.id == "start-join":
            self.action_join()

    def action_create(self) -> None:
        """The commune office: the creation form (province, commune, villages)."""
        from antt_tui.tui.screens.household_forms import create_database

        create_database(self.antt, on_done=self.action_retry)

    def action_join(self) -> None:
        """A village laptop: the enrolment pack and its code create the database."""
        from antt_tui.tui.screens.sync_village import JoinScreen

        self.app.push_screen(JoinScreen(new_database=True), self._joined)

    def _joined(self, joined: object) -> None:
        """The database was made by joining: open it (the overview of the village)."""
        if joined is None:
            return
        from antt_tui.tui.screens.sync_village import joined_line

        self.notify(f"{joined_line(joined)} Từ nay ở màn hình Tổng quan: g gửi về xã, "
                    "n nhận từ xã.", title="Đã tham gia xã", timeout=12)
        self.action_retry()

    def action_retry(self) -> None:
        """Try to open the database again."""
        self.problem = None
        self.query_one("#start-message").remove_class("error")
        self.query_one("#start-message", Static).update("Đang mở cơ sở dữ liệu…")
        self.query_one("#start-choices").display = False
        self.query_one("#start-loading").display = True
        self.refresh_bindings()
        self.open_database()

    def action_repair(self) -> None:
        """Run the check with repair, then open again."""
        self.query_one("#start-message", Static).update("Đang kiểm tra và khôi phục…")
        self.query_one("#start-loading").display = True
        self.repair()

    @work(thread=True, exclusive=True, group="open")
    def repair(self, accept_loss: bool = False) -> None:
        from antt_tui.storage.check import check_database

        state = self.antt.state
        report = check_database(state.folder, backup_dir=state.paths.backups_for(state.folder),
                                aside_dir=state.paths.set_aside_for(state.folder),
                                repair=True, accept_loss=accept_loss, officer=state.officer)
        if report.needs_consent:
            self.post_message(self.NeedsConsent(report.lost))
        elif report.ok:
            done = [*report.repaired, *(f"Không khôi phục được: {x}" for x in report.lost)]
            self.post_message(self.Repaired("\n".join(done) or "Dữ liệu tốt."))
        else:
            self.post_message(self.Failed(DatabaseDamaged("\n".join(report.problems))))

    @on(Repaired)
    def _repaired(self, message: Repaired) -> None:
        self.notify(message.said, title="Đã khôi phục", timeout=12)
        self.action_retry()

    @on(NeedsConsent)
    def _ask_to_lose(self, message: NeedsConsent) -> None:
        """Some changes exist nowhere any more: say which; repair only if the officer agrees."""
        from antt_tui.tui.screens.dialogs import ConfirmDialog

        lost = message.lost
        shown = "\n".join(f"• {line}" for line in lost[:12])
        more = f"\n… và {len(lost) - 12} thay đổi khác." if len(lost) > 12 else ""

        def answered(agree: bool | None) -> None:
            if agree:
                self.query_one("#start-message", Static).update("Đang khôi phục…")
                self.query_one("#start-loading").display = True
                self.repair(accept_loss=True)
            else:
                self._failed(DatabaseDamaged(
                    "Chưa sửa gì. Hãy giữ nguyên thư mục dữ liệu và liên hệ cán bộ kỹ thuật."))

        self.query_one("#start-loading").display = False
        self.app.push_screen(ConfirmDialog(
            "Có thay đổi không còn bản nào để khôi phục",
            f"{shown}{more}\n\nMọi thay đổi khác vẫn được giữ. Sửa cơ sở dữ liệu (những thay "
            "đổi trên sẽ mất), hay để nguyên cho cán bộ kỹ thuật xem?",
            confirm="Sửa", cancel="Để nguyên"), answered)
