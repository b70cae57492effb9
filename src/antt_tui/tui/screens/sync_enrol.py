"""Enrolling a village laptop: choose the village, choose the stick, write the enrolment pack,
then show the one-time code large enough to read out over the phone. The code never goes on
the stick and cannot be shown again, so leaving the screen asks first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from antt_tui.roster.entities import VillageRecord
from antt_tui.sync.enrol import Pack
from antt_tui.sync.identity import COMMUNE, VILLAGE
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.sync_common import CSS_PATH, STEP_ERRORS, check_folder, error_text, service
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar


def spaced_code(code: str) -> str:
    """"K7QF-2M9X-ABCD-EFGH" → "K 7 Q F    2 M 9 X    A B C D    E F G H": read letter by
    letter, group by group."""
    return "    ".join(" ".join(group) for group in code.split("-"))


class EnrolScreen(AnttMixin, Screen[None]):
    """Ghi danh máy thôn: an enrolment pack on the stick and its one-time code on screen."""

    HELP_TITLE = "Ghi danh máy thôn"
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("n", "again", "Ghi danh máy khác",
                tooltip="Cấp gói tham gia cho một máy nữa", id="again"),
    ]

    @dataclass
    class Villages(WorkerResult):
        """This laptop's side, the villages and how many laptops each has."""

        role: str | None
        villages: list[VillageRecord]
        counts: dict[str, int]

    @dataclass
    class Unread(WorkerResult):
        """The villages could not be read."""

        text: str

    @dataclass
    class Written(WorkerResult):
        """An enrolment pack was written to the folder."""

        pack: Pack
        label: str
        folder: Path

    @dataclass
    class Failed(WorkerResult):
        """No pack was written."""

        text: str

    def __init__(self) -> None:
        super().__init__()
        self.villages: list[VillageRecord] = []
        """The villages to choose from, in alphabetical order."""
        self.pack: Pack | None = None
        """The pack written, once written (its code is on screen)."""
        self.role: str | None = None
        self.busy = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc các thôn…", id="enrol-title")
        yield OptionList(id="enrol-villages")
        with VerticalScroll(id="enrol-done"):
            yield Static("", id="enrol-code-label")
            yield Static("", id="enrol-code")
            yield Static("", id="enrol-info")
        yield BusyLine(id="enrol-busy")
        yield Static("", id="enrol-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n once a pack is written; nothing while one is being written."""
        if action == "again":
            return self.pack is not None and not self.busy
        if action == "back":
            return None if self.busy else True
        return True

    def _set_busy(self, text: str) -> None:
        self.busy = text
        busy = self.query_one(BusyLine)
        if text:
            busy.show(text)
        else:
            busy.hide()
        self.refresh_bindings()

    def _say(self, text: str, *, failed: bool = False) -> None:
        status = self.query_one("#enrol-status", Static)
        status.set_class(failed, "sync-failed")
        status.update(text)

    # ------------------------------------------------------------------ the villages

    @work(thread=True, exclusive=True, group="enrol-villages")
    def load(self) -> None:
        """The villages and how many laptops each has."""
        state = self.antt.state
        svc = service(self.antt)
        counts: dict[str, int] = {}
        try:
            role = svc.role
            villages = state.roster.villages()
            if role == COMMUNE:
                for row in svc.status(state.today()):
                    counts[row.village_id] = counts.get(row.village_id, 0) + 1
        except STEP_ERRORS as exc:
            self.post_message(self.Unread(escape(error_text(exc))))
            return
        self.post_message(self.Villages(role, villages, counts))

    @on(Unread)
    def _unread(self, message: Unread) -> None:
        self._say(message.text, failed=True)

    @on(Villages)
    def _show(self, message: Villages) -> None:
        if message.stale:
            return
        role, villages, counts = message.role, message.villages, message.counts
        self.role, self.villages = role, villages
        options = self.query_one(OptionList)
        options.clear_options()
        if role == VILLAGE:
            self.query_one("#enrol-title", Static).update(
                "[b]Ghi danh máy thôn[/b]\nĐây là máy của thôn: chỉ máy của Công an xã mới cấp "
                "gói tham gia.")
            return
        note = ("\n[$warning]Máy này chưa có khóa của xã: khóa được tạo khi ghi gói tham gia "
                "đầu tiên. Nhớ sao lưu khóa (Khóa của xã).[/]" if role is None else "")
        self.query_one("#enrol-title", Static).update(
            "[b]Ghi danh máy thôn[/b]: chọn thôn rồi nhấn Enter, sau đó chọn USB.\n"
            "[dim]Gói tham gia ghi vào USB; mã dùng một lần hiện trên màn hình để đọc qua điện "
            f"thoại.[/dim]{note}")
        for village in villages:
            n = counts.get(village.id, 0)
            has = f"đã có {n} máy" if n else "chưa có máy nào"
            options.add_option(Option(escape(f"{village.name} ({village.code}) · {has}"),
                                      id=village.id))
        if villages:
            options.highlighted = 0
        else:
            self._say("Chưa có thôn nào trong cơ sở dữ liệu.", failed=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        village = next((v for v in self.villages if v.id == event.option.id), None)
        if village is not None and not self.busy:
            self._choose_stick(village)

    # ------------------------------------------------------------------ the pack

    def _choose_stick(self, village: VillageRecord) -> None:
        from antt_tui.tui.screens.sync_drives import DriveDialog

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self._say("")
                self._set_busy(f"Đang ghi gói tham gia cho {village.name}…")
                self._write(village, folder)

        self.app.push_screen(DriveDialog(
            f"Ghi gói tham gia cho {village.name}",
            "Chọn USB sẽ mang đến thôn rồi nhấn Enter, hoặc gõ đường dẫn (Tab). Mã dùng một "
            "lần chỉ hiện trên màn hình, không ghi vào USB."), chosen)

    @work(thread=True, exclusive=True, group="enrol-write")
    def _write(self, village: VillageRecord, folder: Path) -> None:
        state = self.antt.state
        svc = service(self.antt)
        try:
            check_folder(self.antt, folder)
            pack = state.run(svc.enroll, village.id, folder)
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(error_text(exc)))
            return
        try:
            label = next((r.label for r in svc.status(state.today()) if r.device == pack.device),
                         village.name)
        except STEP_ERRORS:
            label = village.name  # the pack is written; its label is only a nicety
        self.post_message(self.Written(pack, label, folder))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._set_busy("")
        self._say(f"{escape(message.text)}\nChưa cấp gói nào.", failed=True)
        self.query_one(OptionList).focus()

    @on(Written)
    def _written(self, message: Written) -> None:
        pack, label, folder = message.pack, message.label, message.folder
        self.pack = pack
        self._set_busy("")
        self.add_class("-done")
        self.query_one("#enrol-done").focus()
        start, end = pack.block
        code = pack.village_code
        self.query_one("#enrol-title", Static).update(
            f"[b]Đã ghi gói tham gia cho {escape(label)}[/b]")
        self.query_one("#enrol-code-label", Static).update("MÃ THAM GIA (dùng một lần)")
        self.query_one("#enrol-code", Static).update(spaced_code(pack.code))
        self.query_one("#enrol-info", Static).update(
            "[b $warning]Đọc mã này qua điện thoại; không ghi mã cùng USB.[/]\n"
            f"Máy: {escape(label)} · mã khóa máy {pack.device}\n"
            f"Số hộ cấp cho máy này: {code}-{start:04d} đến {code}-{end:04d}\n"
            f"Tệp: {escape(pack.path.name)} (ở {escape(str(folder))})\n"
            "Ở thôn: cắm USB, mở chương trình, chọn “Tham gia xã” (phím t), rồi gõ mã này.")
        self._say("[dim]n: ghi danh máy khác · Esc: quay lại[/dim]")
        self.app.post_message(DataChanged(f"Đã cấp gói tham gia cho {label}"))

    # ------------------------------------------------------------------ leaving, again

    def action_again(self) -> None:
        """Enrol one more laptop."""
        self.pack = None
        self.remove_class("-done")
        self._say("")
        self.query_one(OptionList).focus()
        self.refresh_bindings()
        self.load()

    def action_back(self) -> None:
        """Leave; with a code on screen, only once it has been read out."""
        from antt_tui.tui.screens.dialogs import ConfirmDialog

        if self.pack is None:
            self.app.pop_screen()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(
            "Đã đọc mã cho trưởng thôn chưa?",
            "Mã dùng một lần không xem lại được. Nếu chưa đọc, chọn “Quay lại” để đọc mã; nếu "
            "mất mã, hãy ghi danh lại máy (gói cũ bỏ đi).",
            confirm="Đã đọc, rời màn hình", cancel="Quay lại"), answer)
