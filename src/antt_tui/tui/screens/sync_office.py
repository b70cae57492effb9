"""The commune office's sync screen: every village laptop with its last bundle, days since,
gaps, entries set aside, open conflicts and suspected duplicates, what needs attention on top.

From here the officer imports from a stick (`ImportPreviewScreen`, sync_import.py), writes
the return bundles for every village or the selected one, enrols a village laptop
(`EnrolScreen`, sync_enrol.py), undoes a bundle, opens the conflict queue, the duplicates and
the entries set aside (sync_settle.py), and the commune key (`KeysScreen`, sync_keys.py).
The step screens are importable from here too. Every step runs in a worker through
`SyncService`; writes go through `state.run`, which serialises them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from antt_tui.domain.dates import vn_date, vn_stamp
from antt_tui.sync.export import Written
from antt_tui.sync.identity import COMMUNE, VILLAGE
from antt_tui.sync.records import ImportedBundle
from antt_tui.sync.status import SILENT_DAYS, Row
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.sync_common import CSS_PATH, STEP_ERRORS, check_folder, error_text, service
from antt_tui.tui.screens.sync_enrol import EnrolScreen
from antt_tui.tui.screens.sync_import import ImportPreviewScreen
from antt_tui.tui.screens.sync_keys import KeysScreen
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.busy_line import BusyLine
from antt_tui.tui.widgets.title_bar import TitleBar

__all__ = ["EnrolScreen", "ImportPreviewScreen", "KeysScreen", "SyncScreen", "UndoBundleDialog"]

COLUMNS = ("Thôn, máy", "Gói gần nhất", "Ngày", "Thiếu", "Để riêng", "Xung đột", "Trùng")
WARN = "bold dark_orange"
"""How a figure that needs attention is drawn (a long silence, a gap, something waiting)."""
RESULT_LINES = 6
"""Files listed after writing return bundles; more are counted."""

KEYS_HINT = ("i nhập từ USB · x gửi về mọi thôn · Shift+X gửi về thôn đang chọn · e ghi danh "
             "máy thôn · u hoàn tác gói · c xung đột · d trùng lặp · q để riêng · k khóa · "
             "F5 làm mới")


def when(stamp: str) -> str:
    """"2026-11-20T08:05:00" → "20/11/2026 08:05"."""
    return vn_stamp(stamp)


def table_cells(row: Row) -> tuple[Text, ...]:
    """One laptop's line: what needs attention is drawn in the warning colour."""
    silent = row.days is None or row.days > SILENT_DAYS

    def count(n: int) -> Text:
        return Text(str(n), style=WARN) if n else Text("–", style="dim")

    return (Text(shorten(row.label, 26)),
            Text(vn_date(row.last_at[:10]) if row.last_at else "chưa gửi",
                 style=WARN if not row.last_at else ""),
            Text("–" if row.days is None else str(row.days), style=WARN if silent else ""),
            Text(f"{row.held} chờ", style=WARN) if row.gaps else Text("–", style="dim"),
            count(row.quarantined), count(row.conflicts), count(row.duplicates))


def row_detail(row: Row) -> str:
    """The selected laptop in full: key, last bundle, gaps, what to do."""
    lines = [f"[b]{escape(row.label)}[/b] · mã khóa {row.device}"
             + (f" · gói gần nhất {escape(row.last_bundle)} lúc {when(row.last_at)}"
                if row.last_at else " · chưa gửi gói nào")]
    lines += [escape(gap) for gap in row.gaps]
    if row.days is None:
        lines.append("[$warning]Chưa nhận gói nào của máy này: khi máy đã tham gia, hãy nhắc "
                     "trưởng thôn gửi về xã.[/]")
    elif row.days > SILENT_DAYS:
        lines.append(f"[$warning]Quá {SILENT_DAYS} ngày chưa nhận gói của máy này: hãy nhắc trưởng "
                     "thôn gửi về xã.[/]")
    waiting = [f"{n} {what}" for n, what in ((row.quarantined, "để riêng (q)"),
                                             (row.conflicts, "xung đột (c)"),
                                             (row.duplicates, "nghi trùng (d)")) if n]
    if waiting:
        lines.append("Cần xử lý: " + ", ".join(waiting) + ".")
    return "\n".join(lines)


class SyncScreen(AnttMixin, Screen[None]):
    """Every village laptop and where it stands; import, send back, enrol, undo, settle."""

    HELP_TITLE = "Đồng bộ USB: các thôn và máy"
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", show=False,
                id="back"),
        Binding("i", "import", "Nhập USB",
                tooltip="Nhập các gói các thôn gửi về: xem trước, rồi Enter để nhập",
                id="import"),
        Binding("x", "send_all", "Gửi về",
                tooltip="Ghi gói trả về cho mọi thôn vào USB", id="send_all"),
        Binding("X,shift+x", "send_one", "Gửi thôn này",
                tooltip="Ghi gói trả về chỉ cho thôn của dòng đang chọn", show=False,
                id="send_one"),
        Binding("e", "enrol", "Ghi danh",
                tooltip="Cấp gói tham gia và mã dùng một lần cho máy của một thôn", id="enrol"),
        Binding("u", "undo", "Hoàn tác",
                tooltip="Hoàn tác cả một gói đã nhập (xem trước, ghi lý do)", id="undo"),
        Binding("c", "conflicts", "Xung đột", tooltip="Giải quyết từng xung đột", show=False,
                id="conflicts"),
        Binding("d", "duplicates", "Trùng lặp", tooltip="Các cặp nghi là cùng một người",
                show=False, id="duplicates"),
        Binding("q", "quarantine", "Để riêng", tooltip="Các thay đổi bị để riêng và lý do",
                show=False, id="quarantine"),
        Binding("k", "keys", "Khóa xã", tooltip="Mã khóa của xã, sao lưu, khôi phục",
                show=False, id="keys"),
        Binding("f5", "reload", "Làm mới", tooltip="Đọc lại tình trạng các máy", show=False,
                id="reload"),
    ]

    @dataclass
    class Status(WorkerResult):
        """Every laptop's state, with the commune's name and key."""

        name: str
        fingerprint: str
        rows: list[Row]

    @dataclass
    class Unusable(WorkerResult):
        """The screen cannot be used on this database: why."""

        role: str | None
        text: str

    @dataclass
    class NoKey(WorkerResult):
        """The commune has no key yet."""

    @dataclass
    class Failed(WorkerResult):
        """A step failed and changed nothing: why."""

        text: str

    @dataclass
    class KeyMade(WorkerResult):
        """The commune's key was made."""

        fingerprint: str

    @dataclass
    class BundlesFound(WorkerResult):
        """The bundles on the stick: those for the commune, and the others."""

        folder: Path
        mine: list[Path]
        others: list[Path]

    @dataclass
    class Progress(WorkerResult):
        """How far writing the return bundles has come."""

        text: str
        total: int
        done: int

    @dataclass
    class Sent(WorkerResult):
        """The return bundles written (and, when one failed, why)."""

        folder: Path
        written: list[Written]
        error: str

    @dataclass
    class Imported(WorkerResult):
        """The bundles imported here, to choose one to undo."""

        bundles: list[ImportedBundle]
        villages: dict[str, str]

    @dataclass
    class Undone(WorkerResult):
        """A bundle was undone."""

        name: str
        count: int

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        """The laptops, what needs attention first."""
        self.role: str | None = ""
        """This database's side ("" until read; None before the commune has a key)."""
        self.busy = ""
        """What is running now, or ""."""
        self.offered_key = False
        """Whether making the commune key was already offered on this screen."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc tình trạng các thôn…", id="sync-title")
        yield DataTable(id="sync-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sync-detail")
        yield BusyLine(id="sync-busy")
        yield Static("", id="sync-result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)

    def on_screen_resume(self) -> None:
        """Read the status when shown, and again when back from a step or a settling screen."""
        self.load()

    def refresh_data(self) -> None:
        """Something was saved: read the status again."""
        self.load()

    # ------------------------------------------------------------------ status

    @work(thread=True, exclusive=True, group="sync-status")
    def load(self) -> None:
        """Read every laptop's state (a read: no lock)."""
        state = self.antt.state
        svc = service(self.antt)
        try:
            role = svc.role
            if role is None:
                self.post_message(self.NoKey())
                return
            if role == VILLAGE:
                self.post_message(self.Unusable(
                    role, "Đây là máy của thôn: màn hình này dành cho máy của Công an xã. Gửi, "
                    "nhận gói của thôn: Ctrl+P rồi “Gửi về xã”, “Nhận từ xã”."))
                return
            commune = state.roster.commune()
            name = commune.name if commune is not None else ""
            rows = svc.status(state.today())
            fingerprint = svc.me().fingerprint
        except STEP_ERRORS as exc:
            self.post_message(self.Unusable(COMMUNE, f"{error_text(exc)} Khóa của xã: phím k."))
            return
        self.post_message(self.Status(name, fingerprint, rows))

    @on(Status)
    def _show(self, message: Status) -> None:
        if message.stale:
            return
        name, fingerprint, rows = message.name, message.fingerprint, message.rows
        keep = self._current()
        self.role, self.rows = COMMUNE, rows
        self.query_one("#sync-title", Static).update(
            f"[b]Đồng bộ USB[/b] · {escape(name)} · khóa của xã {fingerprint}\n"
            f"[dim]{KEYS_HINT}[/dim]")
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*table_cells(row), key=row.device)
        if keep is not None and keep.device in {r.device for r in rows}:
            table.move_cursor(row=table.get_row_index(keep.device))
        table.focus()
        self._detail()
        self.refresh_bindings()

    @on(Unusable)
    def _status_unusable(self, message: Unusable) -> None:
        if not message.stale:
            self._unusable(message.role, message.text)

    def _unusable(self, role: str | None, text: str) -> None:
        self.role, self.rows = role, []
        self.query_one(DataTable).clear()
        self.query_one("#sync-title", Static).update(f"[b]Đồng bộ USB[/b]\n{escape(text)}")
        self.query_one("#sync-detail", Static).update("")
        self.query_one(DataTable).focus()
        self.refresh_bindings()

    def _current(self) -> Row | None:
        table = self.query_one(DataTable)
        if not self.rows or not table.row_count:
            return None
        return self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]

    def _detail(self) -> None:
        row = self._current()
        if row is not None:
            text = row_detail(row)
        elif self.role == COMMUNE:
            text = "Chưa có máy thôn nào tham gia. Nhấn e để ghi danh máy của một thôn."
        else:
            text = ""
        self.query_one("#sync-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on a laptop: nothing more to open than the detail below

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Steps wait for the commune key, and every step (leaving too) for the one under
        way."""
        if action in ("import", "send_all", "send_one", "undo", "conflicts", "duplicates",
                      "quarantine"):
            if self.role != COMMUNE or self.busy:
                return None
            if action == "send_one":
                return None if self._current() is None else True
            return True
        if action == "enrol":
            return None if self.busy or self.role == VILLAGE else True
        if action == "back":
            return None if self.busy else True  # a step under way reports back here
        return True

    # ------------------------------------------------------------------ busy, results

    def _set_busy(self, text: str, total: int | None = None, done: int = 0) -> None:
        self.busy = text
        busy = self.query_one(BusyLine)
        if text:
            busy.show(text, total, done)
            self.query_one("#sync-result", Static).update("")  # the last step's result
        else:
            busy.hide()
        self.refresh_bindings()

    def _result(self, text: str, *, failed: bool = False) -> None:
        self._set_busy("")
        result = self.query_one("#sync-result", Static)
        result.set_class(failed, "sync-failed")
        result.update(text)

    @on(Failed)
    def _step_failed(self, message: Failed) -> None:
        self._failed(message.text)

    def _failed(self, text: str) -> None:
        self._result(f"{escape(text)}\nChưa thay đổi gì.", failed=True)

    # ------------------------------------------------------------------ the commune key

    @on(NoKey)
    def _no_key(self, message: NoKey) -> None:
        from antt_tui.tui.screens.dialogs import ConfirmDialog

        if message.stale:
            return
        self._unusable(None, "Máy này chưa có khóa của xã: nhấn k để tạo hoặc khôi phục khóa.")
        if self.offered_key:
            return
        self.offered_key = True

        def answer(make: bool | None) -> None:
            if make:
                self._set_busy("Đang tạo khóa của xã…")
                self._make_key()

        self.app.push_screen(ConfirmDialog(
            "Máy này chưa có khóa của xã",
            "Khóa của xã mở các gói các thôn gửi về và ký các gói gửi về thôn. Tạo khóa bây "
            "giờ? Sau đó hãy sao lưu khóa (phím k rồi s) và cất phiếu khôi phục nơi an toàn.\n"
            "Nếu xã đã có khóa (trên máy cũ, bản sao lưu), chọn “Không” rồi nhấn k để khôi phục.\n"
            "Đây là máy của thôn? Chọn “Không”, rồi Ctrl+P “Tham gia xã”: máy đã tạo khóa xã "
            "thì không tham gia xã được nữa.",
            confirm="Tạo khóa", cancel="Không"), answer)

    @work(thread=True, exclusive=True, group="sync-step")
    def _make_key(self) -> None:
        state = self.antt.state
        try:
            fingerprint = state.run(service(self.antt).commune_key, create=True).fingerprint
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(error_text(exc)))
            return
        self.post_message(self.KeyMade(fingerprint))

    @on(KeyMade)
    def _key_made(self, message: KeyMade) -> None:
        self._result(f"Đã tạo khóa của xã {message.fingerprint}. Hãy sao lưu khóa: phím k rồi s.")
        self.load()

    # ------------------------------------------------------------------ import

    def action_import(self) -> None:
        """Choose the stick, find the bundles for the commune, preview them."""
        from antt_tui.tui.screens.sync_drives import DriveDialog

        self.app.push_screen(DriveDialog(
            "Nhập gói từ USB",
            "Chọn USB các thôn gửi về rồi nhấn Enter, hoặc gõ đường dẫn (Tab). Chưa nhập gì "
            "trước khi xem trước."), self._import_from)

    def _import_from(self, folder: Path | None) -> None:
        if folder is not None:
            self._set_busy("Đang tìm gói trên USB…")
            self._find_bundles(folder)

    @work(thread=True, exclusive=True, group="sync-step")
    def _find_bundles(self, folder: Path) -> None:
        try:
            mine, others = service(self.antt).bundles_on(folder)
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(error_text(exc)))
            return
        self.post_message(self.BundlesFound(folder, mine, others))

    @on(BundlesFound)
    def _found(self, message: BundlesFound) -> None:
        folder, mine, others = message.folder, message.mine, message.others
        if not mine:
            other = (f" ({len(others)} tệp khác không gửi cho xã: gói trả về thôn, gói tham "
                     "gia)" if others else "")
            self._failed(f"Không có gói nào các thôn gửi về ở {folder}{other}.")
            return
        self._result("")
        self.app.push_screen(ImportPreviewScreen(mine, folder=folder, skipped=len(others)))

    # ------------------------------------------------------------------ return bundles

    def action_send_all(self) -> None:
        """Write the return bundles of every village with an enrolled laptop."""
        self._choose_stick(None)

    def action_send_one(self) -> None:
        """Write the return bundles of the selected laptop's village only."""
        row = self._current()
        if row is not None:
            self._choose_stick(row)

    def _choose_stick(self, row: Row | None) -> None:
        from antt_tui.tui.screens.sync_drives import DriveDialog

        if row is None:
            villages: dict[str, str] = {}
            for r in self.rows:
                villages.setdefault(r.village_id, r.village)
            title = "Gửi gói về các thôn"
        else:
            villages = {row.village_id: row.village}
            title = f"Gửi gói về {row.village}"
        if not villages:
            self._failed("Chưa có máy thôn nào tham gia; nhấn e để ghi danh máy của một thôn.")
            return

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self._set_busy("Đang ghi gói trả về…", len(villages), 0)
                self._write_back(folder, sorted(villages.items(), key=lambda v: v[1]))

        self.app.push_screen(DriveDialog(
            title, "Chọn USB sẽ mang về thôn rồi nhấn Enter, hoặc gõ đường dẫn (Tab)."), chosen)

    @work(thread=True, exclusive=True, group="sync-step")
    def _write_back(self, folder: Path, villages: list[tuple[str, str]]) -> None:
        state = self.antt.state
        svc = service(self.antt)
        written: list[Written] = []
        try:
            check_folder(self.antt, folder)
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(error_text(exc)))
            return
        for done, (village_id, name) in enumerate(villages):
            self.post_message(self.Progress(f"Đang ghi gói về {name} ({done + 1}/"
                                            f"{len(villages)})…", len(villages), done))
            try:
                written += state.run(svc.send_back, folder, village_id)
            except STEP_ERRORS as exc:
                self.post_message(self.Sent(folder, written, f"{name}: {error_text(exc)}"))
                return
        self.post_message(self.Sent(folder, written, ""))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        self._set_busy(message.text, message.total, message.done)

    @on(Sent)
    def _sent(self, message: Sent) -> None:
        folder, written, error = message.folder, message.written, message.error
        lines = [f"Đã ghi {escape(w.path.name)} (thôn {w.village_code}, {w.entries} thay đổi)"
                 for w in written[:RESULT_LINES]]
        if len(written) > RESULT_LINES:
            lines.append(f"… và {len(written) - RESULT_LINES} gói khác.")
        if error:
            lines.append(f"[b]Chưa ghi được gói về {escape(error)}[/b]")
            if written:
                lines.append("Các gói ở trên đã ghi đúng. Kiểm tra USB rồi nhấn x để ghi lại.")
        else:
            lines.append(f"[b]Đã ghi {len(written)} gói vào {escape(str(folder))} và đọc lại "
                         "đúng: có thể rút USB.[/b]")
        self._result("\n".join(lines), failed=bool(error))
        self.load()

    # ------------------------------------------------------------------ enrol, keys, settle

    def action_enrol(self) -> None:
        """Enrol a village laptop: its pack and one-time code."""
        self.app.push_screen(EnrolScreen())

    def action_keys(self) -> None:
        """The commune key: fingerprint, backup, restore."""
        self.app.push_screen(KeysScreen())

    def action_conflicts(self) -> None:
        """The conflict queue."""
        self.antt.action_sync_conflicts()

    def action_duplicates(self) -> None:
        """The suggested pairs of the same person."""
        self.antt.action_sync_duplicates()

    def action_quarantine(self) -> None:
        """The entries set aside."""
        self.antt.action_sync_quarantine()

    def action_reload(self) -> None:
        """Read the status again."""
        self.load()

    def action_back(self) -> None:
        """Back to the screen before."""
        self.app.pop_screen()

    # ------------------------------------------------------------------ undo

    def action_undo(self) -> None:
        """Choose an imported bundle, see what it brought, give a reason, undo it."""
        self._set_busy("Đang đọc các gói đã nhập…")
        self._read_imported()

    @work(thread=True, exclusive=True, group="sync-step")
    def _read_imported(self) -> None:
        state = self.antt.state
        try:
            bundles = service(self.antt).imported()
            villages = {v.id: v.name for v in state.roster.villages()}
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(error_text(exc)))
            return
        self.post_message(self.Imported(bundles, villages))

    @on(Imported)
    def _pick_undo(self, message: Imported) -> None:
        bundles, villages = message.bundles, message.villages
        self._set_busy("")
        if not bundles:
            self._failed("Chưa nhập gói nào để hoàn tác.")
            return
        labels = {r.device: r.label for r in self.rows}

        def source(bundle: ImportedBundle) -> str:
            return labels.get(bundle.sender, villages.get(bundle.village_id, "máy không rõ"))

        def chosen(bundle: ImportedBundle | None) -> None:
            if bundle is not None:
                self._ask_reason(bundle, source(bundle))

        self.app.push_screen(UndoBundleDialog(bundles, source), chosen)

    def _ask_reason(self, bundle: ImportedBundle, source: str) -> None:
        from antt_tui.tui.screens.dialogs import ReasonDialog

        name = bundle.file
        count = bundle.count

        def reason_given(reason: str | None) -> None:
            if reason:
                self._set_busy(f"Đang hoàn tác gói {name}…")
                self._undo(bundle.id, name, reason)

        self.app.push_screen(ReasonDialog(
            "Hoàn tác gói đã nhập",
            f"Gói {escape(name)}\nCủa {escape(source)}, nhập lúc {when(bundle.at)}.\n"
            f"{count} thay đổi của gói sẽ bị loại ra: hộ, nhân khẩu gói này thêm hoặc sửa "
            "trở lại như trước khi nhập. Các thay đổi vẫn còn trong nhật ký; nhập lại gói đó "
            "để đưa vào lại.",
            prompt="Vì sao hoàn tác gói này?", confirm="Hoàn tác (Enter)",
            placeholder="Ví dụ: nhận nhầm gói của máy khác"), reason_given)

    @work(thread=True, exclusive=True, group="sync-step")
    def _undo(self, bundle_id: str, name: str, reason: str) -> None:
        state = self.antt.state
        try:
            count = state.run(service(self.antt).undo, bundle_id, reason)
        except STEP_ERRORS as exc:
            self.post_message(self.Failed(error_text(exc)))
            return
        self.post_message(self.Undone(name, count))

    @on(Undone)
    def _undone(self, message: Undone) -> None:
        said = f"Đã hoàn tác gói {message.name}: {message.count} thay đổi được loại ra"
        self._result(escape(said) + ". Nhập lại gói đó để đưa vào lại.")
        self.app.post_message(DataChanged(said))


class UndoBundleDialog(AnttMixin, ModalScreen[ImportedBundle | None]):
    """The bundles imported here, newest first; returns the one chosen, or None."""

    BINDINGS = [Binding("escape", "cancel", "Quay lại", id="cancel")]

    def __init__(self, bundles: list[ImportedBundle],
                 source: Callable[[ImportedBundle], str]) -> None:
        super().__init__()
        self.bundles = bundles
        self.source = source
        """A bundle's village laptop, in words ("Thôn Đông Hạ, máy 1")."""

    def compose(self) -> ComposeResult:
        options = []
        for n, b in enumerate(self.bundles):
            undone = " · đã hoàn tác" if b.undone else ""
            options.append(Option(escape(
                f"{when(b.at)} · {shorten(self.source(b), 24)} · "
                f"{b.count} thay đổi{undone}\n  {b.file}"),
                id=str(n), disabled=b.undone))
        with Vertical(classes="dialog"):
            yield Label("Hoàn tác gói nào?", classes="dialog-title")
            yield Static("Các gói đã nhập, mới nhất trước. Chọn rồi nhấn Enter: sẽ xem lại và "
                         "ghi lý do trước khi hoàn tác. Esc: quay lại.", classes="dialog-body")
            yield OptionList(*options, id="undo-bundles")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        first = next((i for i, b in enumerate(self.bundles) if not b.undone), None)
        if first is not None:
            options.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.bundles[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
