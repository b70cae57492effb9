"""Import preview: what the bundles from a stick would bring, bundle by bundle, before
anything is written; Enter merges them all together (all or nothing) in a worker, Esc cancels.

Per bundle: its village laptop and file, new entries and those already held, the stretch
missing before some of them (they wait for it), entries set aside with their reasons, or why
the bundle cannot be used. `merge.Plan` counts records, conflicts, duplicates and the life
events held back for all the bundles together; those are the totals under the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

from antt_tui.domain.dates import vn_stamp
from antt_tui.sync.merge import BundleReport, DeviceReport, Plan
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.sync_common import CSS_PATH, STEP_ERRORS, error_text, service
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar


def _when(stamp: str) -> str:
    return vn_stamp(stamp)


def device_line(d: DeviceReport, *, named: bool) -> list[str]:
    """One laptop journal's part of a bundle (`named`: the bundle carries several)."""
    line = (f"máy {escape(d.dev)}: " if named else "") + f"{d.new} thay đổi mới, {d.known} đã có"
    if d.gap:
        line += (f"; thiếu các thay đổi {d.gap[0]}–{d.gap[1]}: {d.held} thay đổi chờ phần "
                 "còn thiếu")
    elif d.held:
        line += f"; {d.held} thay đổi chờ phần còn thiếu"
    if d.fork is not None:
        line += f"; nhánh nhật ký khác từ số {d.fork}"
    if d.quarantined:
        line += f"; {len(d.quarantined)} để riêng"
    lines = [f"    {line}"]
    lines += [f"      [$warning]để riêng số {seq}: {escape(why)}[/]" for seq, why in d.quarantined]
    return lines


def bundle_text(b: BundleReport, who: str) -> list[str]:
    """A bundle's lines: whose, from when, what it brings; or why it cannot be used."""
    name = escape(b.path.name)
    if b.error:
        return [f"[$error][b]✗ {name}[/b][/]", f"    Không dùng được: {escape(b.error)}"]
    already = " [dim](đã nhận trước đây)[/dim]" if b.already else ""
    lines = [f"[b]• {escape(who)}[/b]{already}",
             f"    tệp {name}" + (f", tạo lúc {_when(b.made_at)}" if b.made_at else "")]
    devices = list(b.devices.values())
    for d in devices:
        lines += device_line(d, named=len(devices) > 1)
    if not devices:
        lines.append("    không có thay đổi nào")
    return lines


def totals_text(plan: Plan) -> str:
    """What all the bundles together bring."""
    unusable = sum(1 for b in plan.bundles if b.error)
    usable = len(plan.bundles) - unusable
    first = f"[b]Tổng: {usable} gói dùng được[/b]" + (
        f", [$error]{unusable} không dùng được[/]" if unusable else "")
    return (f"{first} · {plan.changes} thay đổi\n"
            f"{plan.new_records} bản ghi mới · {plan.changed_records} bản ghi sửa · "
            f"{plan.conflicts} xung đột · {plan.duplicates} nghi trùng · "
            f"{len(plan.held_back)} việc tách/nhập/chuyển hộ bị giữ lại · {plan.held} chờ phần "
            f"còn thiếu · {plan.quarantined} để riêng")


class ImportPreviewScreen(AnttMixin, Screen[None]):
    """The bundles' preview, then one merge of them all."""

    HELP_TITLE = "Xem trước khi nhập gói"
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("enter", "merge", "Nhập tất cả",
                tooltip="Nhập mọi gói dùng được cùng lúc: tất cả hoặc không gì", id="merge"),
        Binding("escape", "cancel", "Hủy", tooltip="Không nhập gì, quay lại", id="cancel"),
        Binding("enter", "done", "Xong", tooltip="Về màn hình đồng bộ", id="done"),
        Binding("escape", "done", "Quay lại", show=False, tooltip="Về màn hình đồng bộ",
                id="back"),
    ]

    @dataclass
    class Previewed(WorkerResult):
        """What merging the bundles would do, with the names to show it."""

        plan: Plan
        labels: dict[str, str]
        villages: dict[str, str]

    @dataclass
    class Merged(WorkerResult):
        """What the merge did."""

        plan: Plan

    @dataclass
    class Failed(WorkerResult):
        """The preview or the merge failed; nothing was imported."""

        text: str

    def __init__(self, paths: list[Path], *, folder: Path | None = None,
                 skipped: int = 0) -> None:
        super().__init__()
        self.paths = list(paths)
        """The bundle files, merged together."""
        self.folder = folder
        self.skipped = skipped
        """Files at `folder` that are not for this database (left alone)."""
        self.plan: Plan | None = None
        """The preview, once worked out."""
        self.merged: Plan | None = None
        """What the merge did, once done."""
        self.labels: dict[str, str] = {}
        self.villages: dict[str, str] = {}
        """Laptop labels by key fingerprint, village names by id (read with the preview)."""
        self.busy = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._title(), id="import-title")
        with VerticalScroll(id="import-scroll", can_focus=True):
            yield Static("", id="import-text")
        yield Static("", id="import-totals")
        yield BusyLine(id="import-busy")
        yield Static("", id="import-result")
        yield Footer()

    def _title(self) -> str:
        where = f" từ {escape(str(self.folder))}" if self.folder else ""
        skipped = (f" · bỏ qua {self.skipped} tệp không gửi cho máy này" if self.skipped
                   else "")
        return (f"[b]Xem trước: {len(self.paths)} gói{where}[/b]{skipped}\n"
                "[dim]Chưa nhập gì. Enter: nhập tất cả cùng lúc · Esc: hủy[/dim]")

    def on_mount(self) -> None:
        self.query_one("#import-scroll").focus()
        self._set_busy(f"Đang kiểm tra {len(self.paths)} gói…")
        self._preview()

    def _set_busy(self, text: str) -> None:
        self.busy = text
        busy = self.query_one(BusyLine)
        if text:
            busy.show(text)
        else:
            busy.hide()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Before the merge Enter merges and Esc cancels; afterwards both go back."""
        if action == "merge":
            if self.merged is not None:
                return False
            usable = self.plan is not None and any(not b.error for b in self.plan.bundles)
            return None if self.busy or not usable else True
        if action == "cancel":
            return False if self.merged is not None else (None if self.busy else True)
        if action == "done":
            return self.merged is not None
        return True

    # ------------------------------------------------------------------ preview

    @work(thread=True, exclusive=True, group="import")
    def _preview(self) -> None:
        state = self.antt.state
        svc = service(self.antt)
        try:
            plan = svc.preview(self.paths)
            labels = {r.device: r.label for r in svc.status(state.today())}
            villages = {v.id: v.name for v in state.roster.villages()}
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(f"Không xem trước được: {error_text(exc)}"))
            return
        self.post_message(self.Previewed(plan, labels, villages))

    @on(Previewed)
    def _show(self, message: Previewed) -> None:
        plan = message.plan
        self.plan, self.labels, self.villages = plan, message.labels, message.villages
        self._draw(plan)
        self._set_busy("")
        if not any(not b.error for b in plan.bundles):
            self._say("Không có gói nào dùng được: chưa nhập gì. Esc: quay lại.", failed=True)

    def _draw(self, plan: Plan) -> None:
        lines: list[str] = []
        for b in plan.bundles:
            who = self.labels.get(b.sender) or self.villages.get(b.village_id) or "máy không rõ"
            lines += bundle_text(b, who)
        if plan.held_back:
            lines.append(f"[$warning]{len(plan.held_back)} việc tách/nhập/chuyển hộ bị giữ lại: "
                         "không còn khớp với hộ hiện tại.[/]")
        self.query_one("#import-text", Static).update("\n".join(lines))
        self.query_one("#import-totals", Static).update(totals_text(plan))

    def _say(self, text: str, *, failed: bool = False) -> None:
        result = self.query_one("#import-result", Static)
        result.set_class(failed, "sync-failed")
        result.update(text)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._set_busy("")
        self._say(f"{escape(message.text)}\nChưa nhập gì.", failed=True)

    # ------------------------------------------------------------------ merge

    def action_merge(self) -> None:
        """Merge every usable bundle, all or nothing."""
        if self.check_action("merge", ()) is not True:
            return
        self._say("")
        self._set_busy(f"Đang nhập {len(self.paths)} gói…")
        self._merge()

    @work(thread=True, exclusive=True, group="import")
    def _merge(self) -> None:
        state = self.antt.state
        try:
            plan = state.run(service(self.antt).receive, self.paths)
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(f"Chưa nhập được: {error_text(exc)}"))
            return
        self.post_message(self.Merged(plan))

    @on(Merged)
    def _merged(self, message: Merged) -> None:
        plan = message.plan
        self.merged = plan
        self._draw(plan)
        self._set_busy("")
        done = sum(1 for b in plan.bundles if not b.error)
        text = f"[b]Đã nhập {done} gói: {plan.changes} thay đổi[/b]"
        text += (f", {plan.held} chờ phần còn thiếu" if plan.held else "")
        text += (f", {plan.quarantined} để riêng (q)" if plan.quarantined else "") + "."
        todo = [f"{n} {what}" for n, what in ((plan.conflicts, "xung đột (c)"),
                                               (plan.duplicates, "nghi trùng (d)")) if n]
        if todo:
            text += " Cần xử lý ở màn hình đồng bộ: " + ", ".join(todo) + "."
        self._say(text)
        where = f" từ {escape(str(self.folder))}" if self.folder else ""
        self.query_one("#import-title", Static).update(
            f"[b]Đã nhập {done} gói{where}[/b]\n[dim]Enter hoặc Esc: về màn hình đồng bộ[/dim]")
        self.app.post_message(DataChanged(f"Đã nhập {done} gói: {plan.changes} thay đổi"))

    # ------------------------------------------------------------------ leaving

    def action_cancel(self) -> None:
        """Leave without importing anything."""
        if self.busy:
            return
        self.app.pop_screen()

    def action_done(self) -> None:
        """Back to the sync screen after the merge."""
        self.app.pop_screen()
