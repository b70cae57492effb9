"""The conflict queue: one conflict at a time, every side with who, when and on which laptop
and the value both started from; a held life event beside the change it met. A key keeps a
side, `e` types a new value, `s` skips."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Static

from antt_tui.domain.errors import ValidationError
from antt_tui.domain.rules import FIELD_LABELS
from antt_tui.roster.history import show_value
from antt_tui.sync.errors import SyncError
from antt_tui.sync.service import SyncService
from antt_tui.sync.settle import Conflict, EventSide, Side, typed_value
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.dialogs import ReasonDialog
from antt_tui.tui.screens.list_screen import Listing, ListScreen
from antt_tui.tui.screens.sync_settle import (
    ERRORS,
    UNKNOWN,
    failure,
    sentence,
    vn_stamp,
)
from antt_tui.tui.widgets.title_bar import TitleBar

KINDS = {
    "field": "hai nơi cùng sửa một thông tin",
    "delete_edit": "một nơi xóa, một nơi sửa",
    "structural": "việc bị giữ lại",
    "head": "cần sửa bằng tay",
    "code_clash": "cần sửa bằng tay",
}
"""Each kind of conflict in words, after "Xung đột x/N"."""

SETTLED_HERE = {"field", "delete_edit", "structural"}
"""Kinds settled by choosing a side; the others are fixed by an ordinary edit."""


class NewValueDialog(ReasonDialog):
    """Type the value a conflicted field should have; returns it as typed, or None.

    `check` turns the text into what would be stored, or raises `ValidationError`; the
    dialog stays open with the message until the text is right.
    """

    def __init__(self, title: str, explanation: str, *, label: str, value: str,
                 check: Callable[[str], Any]) -> None:
        super().__init__(title, explanation, prompt=f"{label} mới:", confirm="Lưu (Enter)",
                         back="Quay lại (Esc)", variant="primary", placeholder=label,
                         empty="Gõ giá trị trước khi lưu.")
        self.initial, self.to_stored = value, check

    def on_mount(self) -> None:
        box = self.query_one("#reason", Input)
        box.value = self.initial
        box.focus()

    def _accept(self) -> None:
        text = self.query_one("#reason", Input).value.strip()
        if not text:
            self.query_one("#reason-error", Static).update(self.empty)
            return
        try:
            self.to_stored(text)
        except (ValidationError, SyncError, ValueError) as exc:
            message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) \
                else str(exc)
            self.query_one("#reason-error", Static).update(escape(message))
            return
        self.dismiss(text)


# ====================================================================== conflict queue


@dataclass
class QueueItem:
    """One conflict with what the screen shows next to it, read in the worker."""

    conflict: Conflict
    village: str = ""
    """The village's name."""
    household_id: str = ""
    """The household to open (the record's own, or a member's)."""
    household: str = ""
    """That household's code, when the record is a member."""
    others: list[str] = field(default_factory=list)
    """For a code clash: each household with the code, in words."""


def _queue_item(sync: SyncService, villages: dict[str, str], conflict: Conflict) -> QueueItem:
    """A conflict with its village, its household and, for a code clash, the households."""
    hid = sync.household_of(conflict.table, conflict.record_id)
    household = sync.roster.household_record(hid)
    item = QueueItem(conflict, villages.get(conflict.village_id, ""))
    if household is not None and not household.deleted:
        item.household_id = hid
        item.household = "" if conflict.on_household else household.code
    if conflict.kind == "code_clash":
        for side in conflict.sides:
            other = sync.roster.household_record(str(side.value))
            address = other.address if other is not None else ""
            item.others.append(f"địa chỉ {address or UNKNOWN}")
    return item


def field_label(item: Conflict) -> str:
    """What the conflict is about, in Vietnamese."""
    if item.kind == "delete_edit":
        return "Xóa hay giữ bản ghi"
    if item.kind == "structural":
        return "Việc bị giữ lại"
    return FIELD_LABELS.get(item.field, item.field)


def base_line(item: Conflict) -> str:
    """The value the sides started from, in words (a field conflict only)."""
    where = "hai nơi" if len(item.sides) == 2 else f"{len(item.sides)} nơi"
    value = show_value(item.field, item.base) if item.base_known else UNKNOWN
    return f"Giá trị trước khi {where} cùng sửa: {value}"


def side_value(item: Conflict, side: Side) -> str:
    """A side's value in words ("Nữ", "24/07/1975", "Xóa bản ghi")."""
    if item.kind == "delete_edit":
        return "Xóa bản ghi" if side.value else "Giữ bản ghi (có người đã sửa)"
    if item.kind == "structural":
        return str(side.value)
    return show_value(item.field, side.value)


class ConflictQueueScreen(ListScreen[QueueItem]):
    """The open conflicts, one at a time: every side with who, when and on which laptop, and
    the value they started from (a held life event: it and the change it met); keep one
    (1, 2 …), type another value (e) or leave it for later (s)."""

    CSS_PATH = "sync_settle.tcss"
    PAGE = 1  # one conflict at a time
    READ_ERRORS = ERRORS
    READ_FAILED = "Không đọc được các xung đột"
    HELP_TITLE = "Giải quyết xung đột"
    KEEP = Binding.Group("Giữ")
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("1", "keep(1)", "Giữ 1", tooltip="Giữ giá trị 1 (việc bị giữ lại: giữ như "
                "hiện tại)", group=KEEP, id="keep_1"),
        Binding("2", "keep(2)", "Giữ 2", tooltip="Giữ giá trị 2 (việc bị giữ lại: áp dụng "
                "việc đó); 3–9 khi có nhiều giá trị hơn", group=KEEP, id="keep_2"),
        # No description: the help screen lists 1 and 2 only, which say what 3–9 do.
        *[Binding(str(n), f"keep({n})", "", tooltip=f"Giữ giá trị {n}", show=False,
                  id=f"keep_{n}") for n in range(3, 10)],
        Binding("e", "type_value", "Gõ mới", tooltip="Gõ một giá trị khác cho thông tin "
                "này", id="type_value"),
        Binding("s", "skip", "Để sau", tooltip="Sang xung đột tiếp theo, để xung đột này lại",
                id="skip"),
        Binding("enter", "open", "Mở hộ", tooltip="Mở hồ sơ hộ của bản ghi (để sửa bằng tay)",
                show=False, id="open"),
        Binding("f5", "reload", "Đọc lại", tooltip="Đọc lại danh sách xung đột", show=False,
                id="reload"),
    ]

    @dataclass
    class Unresolved(WorkerResult):
        """Settling the conflict failed (the notice says why)."""

    def __init__(self) -> None:
        super().__init__()
        self.current_id = ""
        """The id of the item on screen (kept across a reload)."""
        self.busy = True
        """Reading or saving: the keys that choose wait."""
        self._drawing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc các xung đột…", id="conflict-title")
        with VerticalScroll(id="conflict-body"):
            yield Horizontal(id="conflict-sides")
            yield Static("", id="conflict-note")
        yield Static("", id="conflict-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conflict-body").focus()
        self.refresh_data()

    # ------------------------------------------------------------------ data

    def reader(self) -> Callable[[], Listing[QueueItem]]:
        """The open conflicts, and the names that go with them (the queue is read again
        after any save, this screen's or another's)."""
        roster = self.antt.state.roster

        def read() -> Listing[QueueItem]:
            sync = SyncService(roster)
            conflicts = sync.conflicts()
            villages = {v.id: v.name for v in roster.villages()}
            return Listing([_queue_item(sync, villages, c) for c in conflicts])

        return read

    def rows_read(self, listing: Listing[QueueItem]) -> None:
        ids = [i.conflict.id for i in self.rows]
        if self.current_id in ids:
            self.page = ids.index(self.current_id)
        else:  # settled: the next one moved into its place
            super().rows_read(listing)
        self.busy = False

    @property
    def current(self) -> QueueItem | None:
        """The item on screen."""
        return self.page_rows[0] if self.page_rows else None

    async def show_page(self) -> None:
        # A skip and a reload can both redraw; one at a time, or the panels would double.
        async with self._drawing:
            await self._draw()

    async def _draw(self) -> None:
        item = self.current
        title = self.query_one("#conflict-title", Static)
        hint = self.query_one("#conflict-hint", Static)
        sides = self.query_one("#conflict-sides", Horizontal)
        note = self.query_one("#conflict-note", Static)
        await sides.remove_children()
        if item is None:
            self.current_id = ""
            title.update("[b]Không còn xung đột nào.[/b]\nMọi xung đột đã được giải quyết. "
                         "Esc: quay lại.")
            hint.update("")
            note.update("")
            self.refresh_bindings()
            return
        c = item.conflict
        self.current_id = c.id
        where = f" · {escape(item.village)}" if item.village else ""
        record = escape(c.label) + (f" (hộ {escape(item.household)})"
                                    if item.household and c.kind != "structural" else "")
        lines = [f"[b]Xung đột {self.page + 1}/{len(self.rows)}[/b] · "
                 f"{KINDS.get(c.kind, c.kind)}{where}"]
        if c.kind == "structural":
            lines.append(f"[b]{record}[/b]")
            if c.text:
                lines.append(f"Lý do giữ lại: {escape(sentence(c.text))}")
        elif c.kind in SETTLED_HERE:
            lines.append(f"[b]{record}[/b] · {escape(field_label(c))}")
            if c.kind == "field":
                lines.append(escape(base_line(c)))
        else:
            lines.append(f"[b]{record}[/b]")
        title.update("\n".join(lines))
        if c.kind == "structural":
            await sides.mount_all([self._event_panel(event) for event in c.events])
        elif c.kind in SETTLED_HERE:
            await sides.mount_all([self._panel(c, side) for side in c.sides])
        note.update(self._note(item))
        hint.update(self._hint(item))
        self.refresh_bindings()

    def _panel(self, c: Conflict, side: Side) -> Static:
        """One side: its value, who wrote it, when and on which laptop."""
        who = _who(side)
        lines = [f"[b]{escape(side_value(c, side))}[/b]", *([""] if who else []), *who]
        panel = Static("\n".join(lines), classes="conflict-side")
        panel.border_title = f"{side.number} · đang hiện" if side.number == 1 \
            else str(side.number)
        panel.set_class(side.number == 1, "current")
        return panel

    def _event_panel(self, event: EventSide) -> Static:
        """A held life event (what it would do) or the change it met (what it did)."""
        state = "Chưa áp dụng ở máy nào." if event.held else "Đã áp dụng, giữ nguyên."
        lines = [f"[b]{escape(event.text)}[/b]", state, "", *_who(event)]
        panel = Static("\n".join(lines), classes="conflict-side")
        panel.border_title = "Việc bị giữ lại" if event.held else "Việc đã áp dụng trước"
        panel.set_class(not event.held, "current")
        return panel

    def _note(self, item: QueueItem) -> str:
        """What choosing means (or, for what is fixed by hand, what to fix)."""
        c = item.conflict
        if c.kind == "structural":
            met = ("Hai nơi cùng thay đổi một hộ mà chưa thấy việc của nhau; việc đã áp dụng "
                   "đến trước. " if len(c.events) > 1 else "")
            return (f"{met}Việc bị giữ lại chưa được áp dụng ở đâu cả. 2: áp dụng nó bây giờ; "
                    "1: bỏ hẳn, giữ dữ liệu như đang thấy.")
        if c.kind in SETTLED_HERE:
            return ("Giá trị 1 đang hiện trên mọi máy cho đến khi chọn. Giá trị không được "
                    "chọn vẫn còn trong lịch sử thay đổi.")
        lines = [escape(c.text)]
        if c.kind == "code_clash":
            lines += [f"  • Hộ thứ {n}: {escape(where)}" for n, where in enumerate(item.others, 1)]
        lines += ["", "Mục này không chọn ở đây được: hãy sửa bằng tay "
                  + ("(Enter: mở hộ)" if item.household_id else "trong hồ sơ hộ")
                  + "; sau khi sửa, nó tự mất khỏi danh sách. s: để sau."]
        return "\n".join(lines)

    def _hint(self, item: QueueItem) -> str:
        c = item.conflict
        open_ = " · Enter: mở hộ" if item.household_id else ""
        if c.kind == "structural":
            return "1: giữ như hiện tại · 2: áp dụng việc bị giữ lại · s: để sau" + open_
        if c.kind not in SETTLED_HERE:
            return "s: để sau" + open_ + " · Esc: quay lại"
        numbers = "1, 2" if len(c.sides) == 2 else f"1–{len(c.sides)}"
        typed = " · e: gõ giá trị khác" if c.typable else ""
        return f"{numbers}: giữ giá trị đó{typed} · s: để sau{open_}"

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.current
        if action == "keep":
            number = int(parameters[0]) if parameters else 0  # type: ignore[call-overload]
            ok = (item is not None and not self.busy and item.conflict.kind in SETTLED_HERE
                  and number <= len(item.conflict.sides))
            return True if ok else None
        if action == "type_value":
            return True if item is not None and not self.busy and item.conflict.typable \
                else None
        if action == "skip":
            return True if len(self.rows) > 1 else None
        if action == "open":
            return True if item is not None and item.household_id else None
        return True

    def action_keep(self, number: int) -> None:
        """Keep side `number` (structural: 1 leaves it out, 2 applies it)."""
        item = self.current
        if item is None or self.check_action("keep", (number,)) is not True:
            return
        self.busy = True
        self.refresh_bindings()
        self._resolve(item.conflict.id, keep=number)

    def action_type_value(self) -> None:
        """Ask for another value and store it."""
        item = self.current
        if item is None or self.check_action("type_value", ()) is not True:
            return
        c = item.conflict
        today = self.antt.state.today()
        label = field_label(c)
        current = c.current
        shown = "" if current in (None, "") else show_value(c.field, current)

        def typed(text: str | None) -> None:
            if text is None or self.current is None or self.current.conflict.id != c.id:
                return
            self.busy = True
            self.refresh_bindings()
            self._resolve(c.id, value=text)  # the core converts it, as the dialog checked

        values = " · ".join(f"{s.number}: {side_value(c, s)}" for s in c.sides)
        self.app.push_screen(NewValueDialog(
            f"{c.label}: gõ giá trị khác",
            f"{label} đang có hai giá trị ({values}). Giá trị gõ vào đây thay cho cả hai; "
            "các giá trị cũ vẫn còn trong lịch sử.",
            label=label, value=shown, check=lambda text: typed_value(c, text, today=today)),
            typed)

    @work(thread=True, group="conflict-resolve")
    def _resolve(self, conflict_id: str, *, keep: int | None = None,
                 value: str | None = None) -> None:
        state = self.antt.state
        try:
            done = state.run(SyncService(state.roster).resolve, conflict_id, keep=keep,
                             value=value)
        except ERRORS as exc:
            self.app.post_message(failure(exc, "Không giải quyết được"))
            self.post_message(self.Unresolved())
            return
        self.app.post_message(DataChanged(done))

    @on(Unresolved)
    def _idle(self) -> None:
        self.busy = False
        self.refresh_bindings()

    async def action_skip(self) -> None:
        """Leave this one for later and show the next (after the last: the first)."""
        if len(self.rows) > 1:
            self.page = (self.page + 1) % len(self.rows)
            await self._present()

    def action_open(self) -> None:
        """Open the household of the record, to see it whole or fix it by hand."""
        from antt_tui.tui.screens.household import HouseholdScreen

        item = self.current
        if item is not None and item.household_id:
            self.app.push_screen(HouseholdScreen(item.household_id))

    def action_reload(self) -> None:
        """Read the queue again."""
        self.refresh_data()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()


def _who(side: Side | EventSide) -> list[str]:
    """Who wrote a side or an event, when and on which laptop ([] for a choice nobody
    wrote, such as "leave the held event out")."""
    if isinstance(side, Side) and not side.ref:
        return []
    return [f"Người ghi: {escape(side.by or UNKNOWN)}",
            f"Lúc: {vn_stamp(side.at) if side.at else UNKNOWN}",
            f"Trên máy: {escape(side.laptop or UNKNOWN)}"]
