"""The village laptop's side of the USB round trip: "Gửi về xã", "Nhận từ xã", "Tham gia xã",
and the screen "Đồng bộ" opens on a village laptop.

Each step opens the drive picker (`DriveDialog`) first, then works in a thread worker through
`SyncService`, the same calls as `antt sync export`, `import` and `join`. A full or pulled-out
stick, a wrong file or a wrong code is said on the screen in Vietnamese; nothing has changed
then, and `r` chooses the stick again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from antt_tui.domain.dates import vn_stamp
from antt_tui.domain.numbers import vn_number
from antt_tui.sync.errors import WrongCode
from antt_tui.sync.service import LastExchange, SyncService
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.sync_common import STEP_ERRORS, check_folder, error_text, service
from antt_tui.tui.screens.sync_drives import DriveDialog
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar

CSS_PATH = "sync_village.tcss"
"""The layout of the village laptop's sync screens (beside this module)."""

NOT_JOINED = ("Máy này chưa tham gia xã. Nhấn t (Tham gia xã): cắm USB có gói tham gia do "
              "Công an xã cấp, rồi gõ mã dùng một lần Công an xã đọc cho.")
AT_COMMUNE = ("Đây là máy của Công an xã: gửi, nhận gói ở màn hình Đồng bộ "
              "(Ctrl+P, “Đồng bộ”).")


# Each screen lists all its keys (the help screen reads a screen's own BINDINGS).
HELP_KEY = Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help")
BACK_KEY = Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back")
CHOOSE_KEY = Binding("r", "choose", "Chọn USB",
                     tooltip="Chọn lại USB (hoặc gõ thư mục) rồi làm lại", id="sync_choose")
JOIN_KEY = Binding("t", "join", "Tham gia xã",
                   tooltip="Máy chưa tham gia: dùng gói tham gia và mã Công an xã cấp",
                   id="sync_join")


def vn_day(day: date | None, never: str) -> str:
    """"02/12/2026", or `never`."""
    return f"{day:%d/%m/%Y}" if day else never


def exchange_line(last: LastExchange, today: date) -> tuple[str, bool]:
    """"Gửi xã: 02/12/2026 · Nhận: 03/12/2026" for the overview's title, and whether it
    warns (too long, or never, since the last bundle went to the commune)."""
    text = (f"Gửi xã: {vn_day(last.sent, 'chưa gửi')} · "
            f"Nhận: {vn_day(last.received, 'chưa nhận')}")
    warn = last.warning(today)
    if warn:
        days = last.days_since_sent(today)
        text += (" · Chưa gửi về xã lần nào" if days is None
                 else f" · {days} ngày chưa gửi về xã") + ": cắm USB, nhấn g"
    return text, warn


def joined_line(joined: Any) -> str:
    """"Đã tham gia xã: thôn DH, máy …, 12 thay đổi của xã." for what joining did."""
    return (f"Đã tham gia xã: thôn {joined.village_code}, máy {joined.device}, "
            f"{_count(joined.entries, 'thay đổi')} của xã.")


def _count(n: int, what: str) -> str:
    return f"{vn_number(n)} {what}"


def plan_text(plan: Any) -> str:
    """What the bundles bring (or brought), per bundle and in total, in words (markup)."""
    lines: list[str] = []
    for b in plan.bundles:
        name = escape(b.path.name)
        if b.error:
            lines.append(f"[b]✗ {name}[/b]\n  [red]Không dùng được: {escape(b.error)}[/red]")
            continue
        at = b.made_at
        made = f" (xã ghi lúc {vn_stamp(at)})" if len(at) >= 16 else ""
        lines.append(f"[b]• {name}[/b]{made}")
        new = sum(d.new for d in b.devices.values())
        known = sum(d.known for d in b.devices.values())
        if b.already and not new:
            lines.append("  Gói này đã nhận trước đây: không có gì mới.")
        else:
            lines.append(f"  {_count(new, 'thay đổi mới')}"
                         + (f", {_count(known, 'thay đổi máy đã có')}" if known else ""))
        for d in b.devices.values():
            short = escape(d.dev[:12])
            if d.gap:
                lines.append(f"  Máy {short}: thiếu các thay đổi {d.gap[0]}–{d.gap[1]}; "
                             f"{d.held} thay đổi chờ phần còn thiếu.")
            if d.fork is not None:
                lines.append(f"  Máy {short}: nhánh khác từ số {d.fork} (để riêng).")
            for seq, why in d.quarantined:
                lines.append(f"  Để riêng thay đổi số {seq} của máy {short}: {escape(why)}")
    usable = [b for b in plan.bundles if not b.error]
    if usable:
        head = "Xã gửi về" if len(usable) == 1 else f"Tổng cộng {len(usable)} gói"
        parts = [_count(plan.changes, "thay đổi"), _count(plan.new_records, "bản ghi mới"),
                 _count(plan.changed_records, "bản ghi sửa"),
                 _count(plan.conflicts, "xung đột")]
        more = [_count(plan.duplicates, "nghi trùng") if plan.duplicates else "",
                _count(len(plan.held_back), "việc bị giữ lại") if plan.held_back else "",
                _count(plan.held, "chờ phần còn thiếu") if plan.held else "",
                _count(plan.quarantined, "để riêng") if plan.quarantined else ""]
        lines += ["", f"[b]{head}: {', '.join(parts + [m for m in more if m])}.[/b]"]
    return "\n".join(lines)


def merged_line(plan: Any) -> str:
    """One sentence for what a merge did."""
    if not any(not b.error for b in plan.bundles):
        return "Không nhận được gói nào (xem lý do ở trên). Dữ liệu trên máy không thay đổi."
    if not plan.changes:
        return "Đã nhận: không có thay đổi mới (máy đã có mọi thay đổi trong gói)."
    extra = [_count(plan.conflicts, "xung đột") if plan.conflicts else "",
             _count(plan.held, "chờ phần còn thiếu") if plan.held else "",
             _count(plan.quarantined, "để riêng") if plan.quarantined else ""]
    return (f"Đã nhận {_count(plan.changes, 'thay đổi')} từ xã ("
            f"{_count(plan.new_records, 'bản ghi mới')}, "
            f"{_count(plan.changed_records, 'bản ghi sửa')})"
            + "".join(f"; {e}" for e in extra if e) + ".")


# ---------------------------------------------------------------------------- one step


class SyncStepScreen(AnttMixin, Screen[Any]):
    """One step of the round trip: choose the stick, work in a worker, say what happened.

    A step that does not apply to this database (`refusal`) says why instead of asking for
    the stick. Subclasses set the texts and implement `start(folder)`. Steps close with no
    result, except `JoinScreen` on a laptop with no database yet.
    """

    CSS_PATH = CSS_PATH
    HELP_TITLE = ""
    HEADING = ""
    """The line under the title bar: what this step does."""
    DRIVE_TITLE = ""
    """The drive picker's title."""
    DRIVE_TEXT = ""
    """What the drive picker explains ("" for its own text)."""
    UNCHANGED = "Dữ liệu trên máy không thay đổi."
    """Said after a step failed."""

    BINDINGS = [HELP_KEY, BACK_KEY]

    @dataclass
    class StepFailed(WorkerResult):
        """The step raised: what failed, and the error."""

        error: BaseException
        what: str

    def __init__(self) -> None:
        super().__init__()
        self.busy = ""
        """What is running now ("Đang ghi gói…"), or ""."""
        self.folder: Path | None = None
        """The stick (folder) chosen last; None until one is chosen."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.HEADING, id="sync-heading")
        with VerticalScroll(id="sync-body", can_focus=True):
            yield Static("", id="sync-text")
        yield from self.compose_form()
        yield BusyLine(id="sync-busy")
        yield Static("", id="sync-status")
        yield Footer()

    def compose_form(self) -> ComposeResult:
        """Widgets of the step between the text and the status line (none by default)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#sync-body").focus()
        refusal = self.refusal()
        if refusal:
            self.say("", refusal, ok=False)
        else:
            self.action_choose()

    def refusal(self) -> str:
        """Why this step cannot be done on this database ("" when it can)."""
        role = self.antt.state.sync_role
        if role is None:
            return NOT_JOINED
        if role != "village":
            return AT_COMMUNE
        return ""

    # ------------------------------------------------------------------ state

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing but F1 while a step runs; `t` only on a laptop that has not joined."""
        if action == "join":
            return self.antt.state.sync_role is None
        if action in ("back", "choose"):
            if action == "choose" and self.refusal():
                return False
            return None if self.busy else True
        return True

    def set_busy(self, what: str) -> None:
        """Show what is running (a turning bar and `what`), or nothing for ""."""
        self.busy = what
        busy = self.query_one(BusyLine)
        if what:
            busy.show(what)
        else:
            busy.hide()
        self.refresh_bindings()

    def say(self, text: str, status: str = "", *, ok: bool | None = None) -> None:
        """Put `text` (markup) in the body and `status` on the last line; `ok` colours it."""
        self.query_one("#sync-text", Static).update(text)
        line = self.query_one("#sync-status", Static)
        line.update(status)
        line.set_class(ok is True, "-ok")
        line.set_class(ok is False, "-error")

    @on(StepFailed)
    def _step_failed(self, message: StepFailed) -> None:
        self.failed(message.error, message.what)

    def failed(self, exc: BaseException, what: str) -> None:
        """A step raised: say what failed and why; nothing changed, the screen stays usable."""
        self.set_busy("")
        self.say(f"[b]{escape(what)}[/b]\n\n{escape(error_text(exc))}\n\n{self.UNCHANGED}",
                 "r: chọn USB và làm lại · Esc: quay lại", ok=False)

    # ------------------------------------------------------------------ actions

    def action_choose(self) -> None:
        """Pick the stick; the step starts when one is chosen."""
        self.app.push_screen(DriveDialog(self.DRIVE_TITLE, self.DRIVE_TEXT), self._chosen)

    def _chosen(self, folder: Path | None) -> None:
        if folder is None:
            if self.folder is None and self.app.screen is self:
                self.app.pop_screen()  # nothing chosen at the start: back where we were
            return
        self.folder = folder
        self.start(folder)

    def start(self, folder: Path) -> None:
        """Do the step with the stick at `folder`."""
        raise NotImplementedError

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()

    def action_join(self) -> None:
        """The laptop has not joined yet: go to "Tham gia xã" instead."""
        self.app.switch_screen(JoinScreen())


# ---------------------------------------------------------------------------- send


class SendScreen(SyncStepScreen):
    """Gửi về xã: write this laptop's bundle for the commune to the stick, read it back."""

    HELP_TITLE = "Gửi về xã"
    HEADING = "[b]Gửi về xã[/b]: ghi các thay đổi của thôn ra USB để mang lên Công an xã."
    DRIVE_TITLE = "Gửi về xã: chọn USB"
    DRIVE_TEXT = ("Chọn USB rồi nhấn Enter để ghi gói gửi về xã (hoặc Tab, gõ đường dẫn thư "
                  "mục, Enter). F5: tìm lại ổ sau khi cắm USB.")

    BINDINGS = [
        HELP_KEY, BACK_KEY,
        Binding("r", "choose", "Thử lại", tooltip="Chọn USB rồi ghi gói lần nữa",
                id="sync_choose"),
        JOIN_KEY,
    ]

    @dataclass
    class Sent(WorkerResult):
        """The bundle was written and read back (`export.Written`)."""

        written: Any

    def start(self, folder: Path) -> None:
        """Write the bundle to `folder` in a worker."""
        self.set_busy("Đang ghi gói…")
        self.say(f"Đang ghi gói gửi về xã vào {escape(str(folder))}…")
        self._send(folder)

    @work(thread=True, exclusive=True, group="sync-send")
    def _send(self, folder: Path) -> None:
        state = self.antt.state
        try:
            check_folder(self.antt, folder)
            written = state.run(service(self.antt).send, folder)
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(exc, "Chưa ghi được gói gửi về xã."))
            return
        self.post_message(self.Sent(written))

    @on(Sent)
    def _sent(self, message: Sent) -> None:
        written = message.written
        self.set_busy("")
        changes = (_count(written.entries, "thay đổi") if written.entries
                   else "không có thay đổi mới")
        self.say(f"Gói của thôn {escape(written.village_code)} gửi Công an xã đã ghi vào "
                 f"{escape(str(written.path.parent))}.\nMang USB lên Công an xã; lần sau "
                 "nhận gói xã gửi về bằng “Nhận từ xã”.",
                 f"Đã ghi {escape(written.path.name)} ({changes}).\n"
                 "Đã ghi và đọc lại đúng: có thể rút USB.", ok=True)
        self.app.post_message(DataChanged())


# ---------------------------------------------------------------------------- receive


class ReceiveScreen(SyncStepScreen):
    """Nhận từ xã: the commune's return bundles on the stick, previewed, then merged."""

    HELP_TITLE = "Nhận từ xã"
    HEADING = "[b]Nhận từ xã[/b]: xem trước gói Công an xã gửi về, Enter để nhận vào máy."
    DRIVE_TITLE = "Nhận từ xã: chọn USB"
    DRIVE_TEXT = ("Chọn USB có gói Công an xã gửi về rồi nhấn Enter (hoặc Tab, gõ đường dẫn "
                  "thư mục, Enter). F5: tìm lại ổ sau khi cắm USB.")

    BINDINGS = [
        HELP_KEY, BACK_KEY,
        Binding("enter", "merge", "Nhận vào máy",
                tooltip="Nhận các gói đã xem trước (tất cả hoặc không gì)", id="sync_merge"),
        CHOOSE_KEY, JOIN_KEY,
    ]

    @dataclass
    class Previewed(WorkerResult):
        """The bundles for this laptop on the stick, how many others, and their preview
        (`merge.Plan`; None when there is none for this laptop)."""

        folder: Path
        mine: list[Path]
        others: int
        plan: Any

    @dataclass
    class Merged(WorkerResult):
        """What receiving the bundles did (`merge.Plan`)."""

        plan: Any

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[Path] = []
        """The bundles for this laptop found on the stick, once previewed."""
        self.plan: Any = None
        """Their preview (`merge.Plan`); None before, and again after they were merged."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter merges only a preview with a bundle that can be used."""
        if action == "merge":
            usable = self.plan is not None and any(not b.error for b in self.plan.bundles)
            return None if self.busy or not usable else True
        return super().check_action(action, parameters)

    def start(self, folder: Path) -> None:
        """Find and preview the bundles for this laptop at `folder`."""
        self.paths, self.plan = [], None
        self.set_busy("Đang đọc các gói trên USB…")
        self.say(f"Đang tìm gói gửi cho máy này ở {escape(str(folder))}…")
        self._preview(folder)

    @work(thread=True, exclusive=True, group="sync-receive")
    def _preview(self, folder: Path) -> None:
        sync = service(self.antt)
        try:
            if not folder.is_dir():
                raise FileNotFoundError(2, "không có thư mục", str(folder))
            mine, others = sync.bundles_on(folder)
            plan = sync.preview(mine) if mine else None
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(exc, "Không đọc được các gói trên USB."))
            return
        self.post_message(self.Previewed(folder, mine, len(others), plan))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        folder, mine, others, plan = message.folder, message.mine, message.others, message.plan
        self.set_busy("")
        if plan is None:
            note = (f" (có {others} gói của máy khác hoặc gói máy này đã gửi đi)"
                    if others else "")
            self.say(f"Không có gói nào Công an xã gửi cho máy này ở "
                     f"{escape(str(folder))}{note}.\n\nGói xã gửi về có tên như "
                     "antt-tu-xa-….anttb; hãy kiểm tra lại USB với Công an xã.",
                     "r: chọn USB khác · Esc: quay lại", ok=False)
            return
        self.paths, self.plan = mine, plan
        usable = any(not b.error for b in plan.bundles)
        self.say(plan_text(plan),
                 "Enter: nhận vào máy · r: chọn USB khác · Esc: quay lại" if usable
                 else "Không dùng được gói nào (xem lý do ở trên). r: chọn USB khác",
                 ok=None if usable else False)
        self.refresh_bindings()

    def action_merge(self) -> None:
        """Merge the previewed bundles in a worker."""
        if self.plan is None or self.busy:
            return
        self.set_busy(f"Đang nhận {len(self.paths)} gói vào máy…")
        self._merge(list(self.paths))

    @work(thread=True, exclusive=True, group="sync-receive")
    def _merge(self, paths: list[Path]) -> None:
        state = self.antt.state
        try:
            plan = state.run(service(self.antt).receive, paths)
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(exc, "Chưa nhận được gói."))
            return
        self.post_message(self.Merged(plan))

    @on(Merged)
    def _merged(self, message: Merged) -> None:
        plan = message.plan
        self.set_busy("")
        self.plan = None
        said = merged_line(plan)
        ok = any(not b.error for b in plan.bundles)
        self.say(plan_text(plan), said + ("\nCó thể rút USB." if ok else ""), ok=ok)
        self.refresh_bindings()
        if ok:
            self.app.post_message(DataChanged(said))

    def failed(self, exc: BaseException, what: str) -> None:
        """As for every step; the preview (if any) is gone: choose the stick again."""
        self.plan = None
        super().failed(exc, what)


# ---------------------------------------------------------------------------- join


class JoinScreen(SyncStepScreen):
    """Tham gia xã: the enrolment pack on the stick and its one-time code.

    With `new_database` (the start screen, on a laptop with no database yet) joining creates
    the database, all or nothing, and the screen closes with what was joined
    (`enrol.Joined`) for the start screen to open it. Otherwise the open database joins (a
    village typed in before sync keeps its records) and the screen says what was done.
    """

    HELP_TITLE = "Tham gia xã"
    HEADING = ("[b]Tham gia xã[/b]: dùng gói tham gia trên USB và mã dùng một lần Công an xã "
               "đọc cho.")
    DRIVE_TITLE = "Tham gia xã: chọn USB có gói tham gia"
    DRIVE_TEXT = ("Chọn USB có gói tham gia (antt-tham-gia-….anttb) rồi nhấn Enter (hoặc Tab, "
                  "gõ đường dẫn thư mục, Enter). F5: tìm lại ổ sau khi cắm USB.")

    BINDINGS = [HELP_KEY, BACK_KEY, CHOOSE_KEY]

    NEW_HEADING = ("[b]Tham gia xã[/b] (máy mới của thôn): dữ liệu của thôn lấy từ gói tham "
                   "gia trên USB, mở bằng mã dùng một lần Công an xã đọc cho.")
    """The heading on a laptop with no database yet."""

    @dataclass
    class PacksFound(WorkerResult):
        """The enrolment packs on the stick."""

        folder: Path
        packs: list[Path]

    @dataclass
    class CodeRefused(WorkerResult):
        """The one-time code does not open the pack: why."""

        text: str

    @dataclass
    class Joined(WorkerResult):
        """The laptop joined (`enrol.Joined`)."""

        joined: Any

    def __init__(self, *, new_database: bool = False) -> None:
        super().__init__()
        self.new_database = new_database
        """Whether this laptop has no database yet: joining creates it."""
        if new_database:
            self.HEADING = self.NEW_HEADING
            self.UNCHANGED = "Chưa tạo cơ sở dữ liệu nào trên máy này."
        self.packs: list[Path] = []
        """The enrolment packs found on the stick."""

    def compose_form(self) -> ComposeResult:
        with Vertical(id="join-form"):
            yield Label("Gói tham gia (↑ ↓ để chọn):")
            yield OptionList(id="packs")
            yield Label("Mã dùng một lần (16 ký tự, ví dụ K7QF-2M9X-ABCD-EFGH), rồi Enter:")
            yield Input(placeholder="Mã Công an xã đọc cho", id="code")
            yield Static("", id="code-error", classes="field-error")

    def refusal(self) -> str:
        if self.new_database:
            return ""
        role = self.antt.state.sync_role
        if role == "village":
            return "Máy này đã tham gia xã rồi. Gửi về xã: phím g; nhận từ xã: phím n."
        if role is not None:
            return AT_COMMUNE
        return ""

    def _show_form(self, shown: bool) -> None:
        self.set_class(shown, "-packs")

    def start(self, folder: Path) -> None:
        """Look for enrolment packs at `folder`."""
        self._show_form(False)
        self.set_busy("Đang tìm gói tham gia…")
        self.say(f"Đang tìm gói tham gia ở {escape(str(folder))}…")
        self._find(folder)

    @work(thread=True, exclusive=True, group="sync-join")
    def _find(self, folder: Path) -> None:
        try:
            if not folder.is_dir():
                raise FileNotFoundError(2, "không có thư mục", str(folder))
            packs = SyncService.packs_on(folder)  # no database needed
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(exc, "Không đọc được USB."))
            return
        self.post_message(self.PacksFound(folder, packs))

    @on(PacksFound)
    def _found(self, message: PacksFound) -> None:
        folder, packs = message.folder, message.packs
        self.set_busy("")
        self.packs = packs
        if not packs:
            self.say(f"Không có gói tham gia nào ở {escape(str(folder))}.\n\nGói tham gia do "
                     "Công an xã ghi ra USB, tên như antt-tham-gia-DH-….anttb.",
                     "r: chọn USB khác · Esc: quay lại", ok=False)
            return
        options = self.query_one("#packs", OptionList)
        options.clear_options()
        options.add_options([Option(p.name, id=str(n)) for n, p in enumerate(packs)])
        options.highlighted = 0
        self._show_form(True)
        self.query_one("#code-error", Static).update("")
        self.say(f"Tìm thấy {len(packs)} gói tham gia ở {escape(str(folder))}.",
                 "Gõ mã dùng một lần rồi nhấn Enter · Esc: quay lại")
        if len(packs) == 1:
            self.query_one("#code", Input).focus()
        else:
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A pack chosen: now the code."""
        event.stop()
        self.query_one("#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Join with the highlighted pack and the code typed."""
        event.stop()
        code = event.value.strip()
        error = self.query_one("#code-error", Static)
        if not code:
            error.update("Gõ mã dùng một lần Công an xã đọc cho.")
            return
        index = self.query_one("#packs", OptionList).highlighted
        if self.busy or index is None or not self.packs:
            return
        error.update("")
        self.set_busy("Đang tạo cơ sở dữ liệu của thôn từ gói tham gia…" if self.new_database
                      else "Đang mở gói tham gia…")
        self._join(self.packs[index], code)

    @work(thread=True, exclusive=True, group="sync-join")
    def _join(self, pack: Path, code: str) -> None:
        state = self.antt.state
        try:
            if self.new_database:
                joined = state.run(SyncService.join_new, state.folder, pack, code,
                                   officer=state.officer)
            else:
                joined = state.run(service(self.antt).join, pack, code)
        except WrongCode as exc:
            self.post_message(self.CodeRefused(str(exc)))
            return
        except STEP_ERRORS as exc:
            self.post_message(self.StepFailed(exc, "Chưa tham gia được."))
            return
        self.post_message(self.Joined(joined))

    @on(CodeRefused)
    def _wrong_code(self, message: CodeRefused) -> None:
        self.set_busy("")
        self.query_one("#code-error", Static).update(message.text)
        code = self.query_one("#code", Input)
        code.focus()
        code.select_all()

    def failed(self, exc: BaseException, what: str) -> None:
        self._show_form(False)
        super().failed(exc, what)
        self.query_one("#sync-body").focus()

    @on(Joined)
    def _joined(self, message: Joined) -> None:
        joined = message.joined
        self.set_busy("")
        if self.new_database:
            self.dismiss(joined)  # the start screen opens the new database
            return
        self._show_form(False)
        self.query_one("#sync-body").focus()
        attached = (f"\n{joined.attached} hộ đã nhập trước được giữ và sẽ gửi về xã ở lần "
                    "gửi đầu." if joined.attached else "")
        said = joined_line(joined)
        self.say(f"Máy này từ nay là máy của thôn {escape(joined.village_code)}.{attached}\n\n"
                 "Mỗi tuần hoặc mỗi tháng: “Gửi về xã” (phím g ở màn hình Tổng quan) để mang "
                 "USB lên Công an xã, và “Nhận từ xã” (phím n) khi xã gửi về.",
                 escape(said), ok=True)
        self.refresh_bindings()
        self.app.post_message(DataChanged(said))


# ---------------------------------------------------------------------------- the sync screen


class VillageSyncScreen(AnttMixin, Screen[None]):
    """Đồng bộ on a village laptop: when it last sent and received, and the three steps."""

    CSS_PATH = CSS_PATH
    HELP_TITLE = "Đồng bộ (máy của thôn)"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("g", "send", "Gửi về xã", tooltip="Ghi gói dữ liệu của thôn ra USB",
                id="sync_send"),
        Binding("n", "receive", "Nhận từ xã", tooltip="Nhận gói Công an xã gửi về từ USB",
                id="sync_receive"),
        Binding("t", "join", "Tham gia xã",
                tooltip="Lần đầu: gói tham gia trên USB và mã Công an xã đọc cho",
                id="sync_join"),
    ]

    @dataclass
    class Read(WorkerResult):
        """Who this laptop is and when it last sent and received (None: not joined)."""

        village: str
        fingerprint: str
        last: LastExchange | None
        today: date

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="village-sync-body", can_focus=True):
            yield Static("Đang đọc…", id="village-sync-info")
            yield Static("", id="village-sync-last")
            yield Static("", id="village-sync-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#village-sync-body").focus()
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the dates again (after a step saved something)."""
        self.load()

    @work(thread=True, exclusive=True, group="village-sync")
    def load(self) -> None:
        """Who this laptop is and when it last sent and received, in a worker."""
        state = self.antt.state
        sync = service(self.antt)
        village, fingerprint, last = "", "", None
        if sync.is_village():
            try:
                me = sync.me()
            except STEP_ERRORS:  # the key file is missing: the steps will say so
                pass
            else:
                found = state.roster.village_record(me.village_id)
                village = found.name if found is not None else me.village_code
                fingerprint = me.fingerprint
            last = sync.last_exchange()
        self.post_message(self.Read(village, fingerprint, last, state.today()))

    @on(Read)
    def _show(self, message: Read) -> None:
        if message.stale:
            return
        village, fingerprint, last, today = (message.village, message.fingerprint, message.last,
                                             message.today)
        info = self.query_one("#village-sync-info", Static)
        line = self.query_one("#village-sync-last", Static)
        hint = self.query_one("#village-sync-hint", Static)
        role = self.antt.state.sync_role
        if last is None:
            info.update(AT_COMMUNE if role == "commune" else
                        "[b]Máy này chưa tham gia đồng bộ với Công an xã.[/b]\n\nCông an xã "
                        "ghi gói tham gia của thôn ra USB và đọc cho một mã dùng một lần. Cắm "
                        "USB đó, nhấn t, chọn gói rồi gõ mã.\n\n[dim]Máy của Công an xã "
                        "không tham gia: tạo khóa của xã ở “Khóa của xã” (Ctrl+P).[/dim]")
            line.update("")
            line.remove_class("warning")
            hint.update("t: tham gia xã · Esc: quay lại")
        else:
            days = last.days_since_sent(today)
            ago = "" if days is None else (" (hôm nay)" if days == 0
                                           else f" ({days} ngày trước)")
            info.update(f"[b]Máy của {escape(village)}[/b]"
                        + (f" · mã máy {escape(fingerprint)}" if fingerprint else "")
                        + f"\n\nGửi về xã lần cuối: {vn_day(last.sent, 'chưa gửi lần nào')}"
                        f"{ago}\nNhận từ xã lần cuối: "
                        f"{vn_day(last.received, 'chưa nhận lần nào')}")
            warn = last.warning(today)
            line.set_class(warn, "warning")
            since = ("Máy này chưa gửi về xã lần nào" if days is None
                     else f"Đã {days} ngày chưa gửi về xã")
            line.update(f"\n{since}: hãy cắm USB và nhấn g." if warn else "")
            hint.update("\ng: ghi gói gửi về xã ra USB · n: nhận gói xã gửi về · "
                        "Esc: quay lại")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Before joining only `t`; after joining no `t`. (A key that does not apply is
        left out rather than greyed: at 80 columns greyed G and N would push T and Ctrl+Q
        off the footer.)"""
        role = self.antt.state.sync_role
        if action in ("send", "receive"):
            return role == "village"
        if action == "join":
            return role is None
        return True

    def action_send(self) -> None:
        """Gửi về xã."""
        self.app.push_screen(SendScreen())

    def action_receive(self) -> None:
        """Nhận từ xã."""
        self.app.push_screen(ReceiveScreen())

    def action_join(self) -> None:
        """Tham gia xã."""
        self.app.push_screen(JoinScreen())

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
