"""Settling what a merge left open, one item at a time: the conflict queue, the suggested
duplicate pairs and the entries set aside (quarantine).

Every call goes through `SyncService` in a thread worker; a save runs under `state.run` and
then posts `DataChanged`, which makes every screen (these too) read again, so a settled item
disappears. An error of the layers below arrives as its Vietnamese message and leaves the
screen as it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from antt_tui.domain.errors import DomainError, ValidationError
from antt_tui.domain.rules import (
    FIELD_LABELS,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    clean_household,
    clean_person,
)
from antt_tui.roster.history import show_value
from antt_tui.storage.errors import StoreError
from antt_tui.storage.store import Store
from antt_tui.sync.duplicates import Pair
from antt_tui.sync.errors import SyncError
from antt_tui.sync.identity import COMMUNE, VILLAGE
from antt_tui.sync.service import SyncService
from antt_tui.sync.settle import Conflict, Side
from antt_tui.tui.messages import DataChanged
from antt_tui.tui.screens.dialogs import ConfirmDialog, ReasonDialog
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.title_bar import TitleBar

ERRORS = (SyncError, StoreError, DomainError)
"""What the layers below raise with a message for the officer; anything else is a bug."""

UNKNOWN = "không rõ"
"""Shown where the journal does not say (who, when, which laptop)."""

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


def vn_stamp(stamp: str) -> str:
    """"2026-11-01T08:00:15.000+00:00" → "01/11/2026 08:00", as the laptop wrote it."""
    try:
        return f"{datetime.fromisoformat(stamp):%d/%m/%Y %H:%M}"
    except ValueError:
        return stamp or UNKNOWN


def laptop_names(store: Store) -> dict[str, str]:
    """Device id → the laptop as an officer knows it ("Thôn Đông Hạ, máy 1", "máy này")."""
    role = (store.meta.get("sync") or {}).get("role")
    villages = {v["id"]: v.get("name", "") for v in store.records("villages")}
    names: dict[str, str] = {}
    for peer in store.records("sync_peers"):
        if peer["id"].startswith("ack:"):
            continue
        device = store.get("sync_devices", peer.get("key") or "") if peer.get("key") else None
        if device is not None:
            village = villages.get(device.get("village_id", ""), "") or "thôn ?"
            names[peer["id"]] = f"{village}, máy {device.get('number', 1)}"
        elif role == VILLAGE and not peer.get("key"):
            names[peer["id"]] = "Công an xã"  # what the commune sends comes without a key
    own = "Công an xã (máy này)" if role == COMMUNE else "Máy này"
    for dev in (store.device_id, *store.meta.get("previous_device_ids", [])):
        names[dev] = own
    return names


def _laptop(names: dict[str, str], dev: str) -> str:
    return names.get(dev) or (f"máy {dev}" if dev else UNKNOWN)


def _household_of(store: Store, table: str, record_id: str) -> str:
    """The household a record belongs to ("" for none)."""
    if not table or not record_id:
        return ""
    if table == "households":
        return record_id
    record = store.get(table, record_id) or {}
    return record.get("household_id", "") or ""


def _fail(screen: Screen[Any], exc: Exception, title: str) -> None:
    """Say what went wrong (called in the app's thread)."""
    text = "\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
    screen.app.notify(text, title=title, severity="error", timeout=10)


# ====================================================================== typing a new value


class NewValueDialog(ReasonDialog):
    """Type the value a conflicted field should have; returns it as typed, or None.

    `check` turns the text into what would be stored, or raises `ValidationError`; the
    dialog stays open with the message until the text is right.
    """

    def __init__(self, title: str, explanation: str, *, label: str, value: str,
                 check: Callable[[str], str]) -> None:
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
        except (ValidationError, ValueError) as exc:
            message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) \
                else str(exc)
            self.query_one("#reason-error", Static).update(escape(message))
            return
        self.dismiss(text)


def stored_value(item: Conflict, text: str, today: date) -> str:
    """What `text` typed for the conflicted field is stored as ("Nữ" → "nu",
    "24/07/1975" → "1975-07-24"), through the same rules as the forms; `ValidationError`
    when it is not valid."""
    if item.table == "persons":
        cleaned = clean_person({item.field: text}, today=today, require_all=False).fields
    elif item.table == "households":
        cleaned = clean_household({item.field: text}, require_all=False).fields
    else:
        return text
    return str(cleaned.get(item.field, text))


def _typable(item: Conflict) -> bool:
    """Whether a new value can be typed for the item (a plain field, not an id or flag)."""
    if item.kind != "field":
        return False
    if item.table == "persons":
        return item.field in PERSON_FIELDS
    if item.table == "households":
        return item.field in HOUSEHOLD_FIELDS
    return item.field not in ("id", "deleted") and not item.field.endswith("_id")


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


def _queue_item(store: Store, villages: dict[str, str], conflict: Conflict) -> QueueItem:
    """A conflict with its village, its household and, for a code clash, the households."""
    hid = _household_of(store, conflict.table, conflict.record_id)
    household = store.get("households", hid) if hid else None
    item = QueueItem(conflict, villages.get(conflict.village_id, ""))
    if household is not None and not household.get("deleted"):
        item.household_id = hid
        item.household = household.get("code", "") if conflict.table != "households" else ""
    if conflict.kind == "code_clash":
        for side in conflict.sides:
            other = store.get("households", str(side.value)) or {}
            item.others.append(f"địa chỉ {other.get('address') or UNKNOWN}")
    return item


def field_label(item: Conflict) -> str:
    """What the conflict is about, in Vietnamese."""
    if item.kind == "delete_edit":
        return "Xóa hay giữ bản ghi"
    if item.kind == "structural":
        return "Việc bị giữ lại"
    return FIELD_LABELS.get(item.field, item.field)


def side_value(item: Conflict, side: Side) -> str:
    """A side's value in words ("Nữ", "24/07/1975", "Xóa bản ghi")."""
    if item.kind == "delete_edit":
        return "Xóa bản ghi" if side.value else "Giữ bản ghi (có người đã sửa)"
    if item.kind == "structural":
        return str(side.value)
    return show_value(item.field, side.value)


class ConflictQueueScreen(Screen[None]):
    """The open conflicts, one at a time: every side with who, when and on which laptop;
    keep one (1, 2 …), type another value (e) or leave it for later (s)."""

    CSS_PATH = "sync_settle.tcss"
    HELP_TITLE = "Giải quyết xung đột"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("1", "keep(1)", "Giữ 1", tooltip="Giữ giá trị 1 (việc bị giữ lại: giữ như "
                "hiện tại)", id="keep_1"),
        Binding("2", "keep(2)", "Giữ 2", tooltip="Giữ giá trị 2 (việc bị giữ lại: áp dụng "
                "việc đó); 3–9 khi có nhiều giá trị hơn", id="keep_2"),
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

    def __init__(self) -> None:
        super().__init__()
        self.items: list[QueueItem] = []
        """The open conflicts, in the order of the queue."""
        self.laptops: dict[str, str] = {}
        """Device id → laptop name."""
        self.index = 0
        """Which item is on screen."""
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
        self.load()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Read the queue again (after any save, this screen's or another's)."""
        self.load()

    @work(thread=True, exclusive=True, group="conflict-queue")
    def load(self) -> None:
        """Read the open conflicts, and the names that go with them, in a worker."""
        state = self.app.state  # type: ignore[attr-defined]
        try:
            store = state.roster.store
            conflicts = SyncService(state.roster).conflicts()
            villages = {v["id"]: v.get("name", "") for v in state.roster.villages()}
            laptops = laptop_names(store)
            items = [_queue_item(store, villages, c) for c in conflicts]
        except ERRORS as exc:
            self.app.call_from_thread(_fail, self, exc, "Không đọc được các xung đột")
            self.app.call_from_thread(self._loaded, self.items, self.laptops)
            return
        self.app.call_from_thread(self._loaded, items, laptops)

    async def _loaded(self, items: list[QueueItem], laptops: dict[str, str]) -> None:
        self.items, self.laptops = items, laptops
        ids = [i.conflict.id for i in items]
        if self.current_id in ids:
            self.index = ids.index(self.current_id)
        else:  # settled: the next one moved into its place
            self.index = min(self.index, max(len(items) - 1, 0))
        self.busy = False
        await self._show()

    @property
    def current(self) -> QueueItem | None:
        """The item on screen."""
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    async def _show(self) -> None:
        # A skip and a reload can both redraw; one at a time, or the panels would double.
        async with self._drawing:
            await self._draw()

    async def _draw(self) -> None:
        item = self.current
        self.set_class(item is None, "-empty")
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
        lines = [f"[b]Xung đột {self.index + 1}/{len(self.items)}[/b] · "
                 f"{KINDS.get(c.kind, c.kind)}{where}"]
        if c.kind == "structural":
            lines.append(f"[b]{record}[/b]")
            if c.text:
                lines.append(f"Lý do giữ lại: {escape(_sentence(c.text))}")
        elif c.kind in SETTLED_HERE:
            lines.append(f"[b]{record}[/b] · {escape(field_label(c))}")
        else:
            lines.append(f"[b]{record}[/b]")
        title.update("\n".join(lines))
        if c.kind in SETTLED_HERE:
            await sides.mount_all([self._panel(c, side) for side in c.sides])
        note.update(self._note(item))
        hint.update(self._hint(item))
        self.refresh_bindings()

    def _panel(self, c: Conflict, side: Side) -> Static:
        """One side: its value, who wrote it, when and on which laptop."""
        lines = [f"[b]{escape(side_value(c, side))}[/b]"]
        if side.ref:  # a value someone wrote (not "leave the held event out")
            lines += ["", f"Người ghi: {escape(side.by or UNKNOWN)}",
                      f"Lúc: {vn_stamp(side.at) if side.at else UNKNOWN}",
                      f"Trên máy: {escape(_laptop(self.laptops, side.device))}"]
        panel = Static("\n".join(lines), classes="conflict-side")
        if c.kind == "structural":
            panel.border_title = ("1 · giữ như hiện tại" if side.number == 1
                                  else "2 · áp dụng việc bị giữ lại")
        else:
            panel.border_title = f"{side.number} · đang hiện" if side.number == 1 \
                else str(side.number)
        panel.set_class(side.number == 1, "current")
        return panel

    def _note(self, item: QueueItem) -> str:
        """What choosing means (or, for what is fixed by hand, what to fix)."""
        c = item.conflict
        if c.kind == "structural":
            return ("Việc bị giữ lại chưa được áp dụng ở đâu cả. 2: áp dụng nó bây giờ; "
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
        typed = " · e: gõ giá trị khác" if _typable(c) else ""
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
            return True if item is not None and not self.busy and _typable(item.conflict) \
                else None
        if action == "skip":
            return True if len(self.items) > 1 else None
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
        today = self.app.state.today()  # type: ignore[attr-defined]
        label = field_label(c)
        current = c.current
        shown = "" if current in (None, "") else show_value(c.field, current)

        def typed(text: str | None) -> None:
            if text is None or self.current is None or self.current.conflict.id != c.id:
                return
            self.busy = True
            self.refresh_bindings()
            self._resolve(c.id, value=stored_value(c, text, today))

        values = " · ".join(f"{s.number}: {side_value(c, s)}" for s in c.sides)
        self.app.push_screen(NewValueDialog(
            f"{c.label}: gõ giá trị khác",
            f"{label} đang có hai giá trị ({values}). Giá trị gõ vào đây thay cho cả hai; "
            "các giá trị cũ vẫn còn trong lịch sử.",
            label=label, value=shown, check=lambda text: stored_value(c, text, today)), typed)

    @work(thread=True, group="conflict-resolve")
    def _resolve(self, conflict_id: str, *, keep: int | None = None,
                 value: str | None = None) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        try:
            done = state.run(SyncService(state.roster).resolve, conflict_id, keep=keep,
                             value=value)
        except ERRORS as exc:
            self.app.call_from_thread(_fail, self, exc, "Không giải quyết được")
            self.app.call_from_thread(self._idle)
            return
        self.app.call_from_thread(self.app.post_message, DataChanged(done))

    def _idle(self) -> None:
        self.busy = False
        self.refresh_bindings()

    async def action_skip(self) -> None:
        """Leave this one for later and show the next (after the last: the first)."""
        if len(self.items) > 1:
            self.index = (self.index + 1) % len(self.items)
            await self._show()

    def action_open(self) -> None:
        """Open the household of the record, to see it whole or fix it by hand."""
        from antt_tui.tui.screens.household import HouseholdScreen

        item = self.current
        if item is not None and item.household_id:
            self.app.push_screen(HouseholdScreen(item.household_id))

    def action_reload(self) -> None:
        """Read the queue again."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()


# ====================================================================== duplicates

PAIR_FIELDS = ("full_name", "birth", "sex", "cccd", "cmnd", "household", "relation", "status",
               "phone", "ethnicity", "religion", "occupation", "notes")
"""Rows of the side-by-side table ("household" is the person's household, in words)."""

ALWAYS = {"full_name", "birth", "sex", "cccd", "household", "relation"}
"""Rows shown even when both records leave them empty."""

HIDDEN = {"id", "household_id", "deleted", "deleted_reason", "merged_into"}
"""Stored fields that are not details of the person."""

SHORT_LABELS = {"cccd": "Số CCCD", "household": "Hộ", "status": "Tình trạng"}
"""Labels that would not fit the table at 80 columns."""

KEPT_AS_IS = {"household_id", "relation", "status", "deleted"}
"""Fields merging never copies from the second record (see `duplicates.same`)."""


@dataclass
class PairItem:
    """One suggested pair, with each record's household in words."""

    pair: Pair
    households: dict[str, str] = field(default_factory=dict)
    """household id → "DH-0002 · Thôn Đông Hạ"."""

    def ordered(self, swapped: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the record kept, the record merged into it)."""
        first, second = self.pair.first, self.pair.second
        return (second, first) if swapped else (first, second)

    def cell(self, person: dict[str, Any], key: str) -> str:
        """One person's value of a row, in words."""
        if key == "household":
            return self.households.get(person.get("household_id", ""), "") or UNKNOWN
        value = person.get(key)
        return "" if value in (None, "") else show_value(key, value)

    def differs(self, key: str) -> bool:
        """Whether the two records say different things in a row."""
        if key == "household":
            return self.pair.first.get("household_id") != self.pair.second.get("household_id")
        return key in self.pair.differences

    def rows(self) -> list[str]:
        """The rows to show: the usual details, then anything else that differs."""
        keys = [k for k in PAIR_FIELDS if k in ALWAYS or self.pair.first.get(k)
                or self.pair.second.get(k)]
        return keys + [k for k in self.pair.differences if k not in PAIR_FIELDS
                       and k not in HIDDEN]


def _label(key: str) -> str:
    return SHORT_LABELS.get(key) or FIELD_LABELS.get(key, key)


def _who(item: PairItem, person: dict[str, Any]) -> str:
    """"Lê Văn Bình (DH-0002, Chủ hộ, sinh 1975)"."""
    parts = [item.cell(person, "household").split(" · ")[0],
             item.cell(person, "relation"), item.cell(person, "birth")]
    details = ", ".join(p if n != 2 else f"sinh {p}" for n, p in enumerate(parts) if p)
    return f"{person.get('full_name', '')} ({details})"


class DuplicatesScreen(Screen[None]):
    """Suggested pairs of one person entered twice, side by side with the differences
    marked; merge them (g) or say they are two people (k)."""

    CSS_PATH = "sync_settle.tcss"
    HELP_TITLE = "Cặp nghi trùng"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("g", "merge", "Gộp", tooltip="Là cùng một người: gộp bản 2 vào bản 1 (hỏi "
                "lại trước)", id="merge"),
        Binding("k", "not_same", "Khác người", tooltip="Không phải cùng người: không gợi ý "
                "cặp này nữa", id="not_same"),
        Binding("s", "skip", "Cặp sau", tooltip="Sang cặp tiếp theo, để cặp này lại",
                id="skip"),
        Binding("d", "swap", "Đổi bản giữ", tooltip="Giữ bản 2, gộp bản 1 vào nó", show=False,
                id="swap"),
        Binding("f5", "reload", "Đọc lại", tooltip="Đọc lại các cặp nghi trùng", show=False,
                id="reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[PairItem] = []
        """The suggested pairs."""
        self.index = 0
        """Which pair is on screen."""
        self.current_id = ""
        """The id of the pair on screen (kept across a reload)."""
        self.swapped: set[str] = set()
        """Pairs where the second record is the one to keep."""
        self.busy = True
        """Reading or saving: the keys that decide wait."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang tìm các cặp nghi trùng…", id="pair-title")
        yield DataTable(id="pair-fields", cursor_type="row", zebra_stripes=False)
        yield Static("", id="pair-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pair-fields", DataTable).focus()
        self.load()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Read the pairs again (after any save)."""
        self.load()

    @work(thread=True, exclusive=True, group="duplicates")
    def load(self) -> None:
        """Read the suggested pairs and their households in a worker."""
        state = self.app.state  # type: ignore[attr-defined]
        try:
            store = state.roster.store
            pairs = SyncService(state.roster).duplicates()
            villages = {v["id"]: v.get("name", "") for v in state.roster.villages()}
            items = []
            for pair in pairs:
                item = PairItem(pair)
                for person in (pair.first, pair.second):
                    hid = person.get("household_id", "")
                    household = store.get("households", hid) if hid else None
                    if household is not None:
                        village = villages.get(household.get("village_id", ""), "")
                        item.households[hid] = " · ".join(
                            x for x in (household.get("code", ""), village) if x)
                items.append(item)
        except ERRORS as exc:
            self.app.call_from_thread(_fail, self, exc, "Không đọc được các cặp nghi trùng")
            self.app.call_from_thread(self._loaded, self.items)
            return
        self.app.call_from_thread(self._loaded, items)

    def _loaded(self, items: list[PairItem]) -> None:
        self.items = items
        ids = [i.pair.id for i in items]
        if self.current_id in ids:
            self.index = ids.index(self.current_id)
        else:
            self.index = min(self.index, max(len(items) - 1, 0))
        self.busy = False
        self._show()

    @property
    def current(self) -> PairItem | None:
        """The pair on screen."""
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def _show(self) -> None:
        item = self.current
        self.set_class(item is None, "-empty")
        title = self.query_one("#pair-title", Static)
        hint = self.query_one("#pair-hint", Static)
        table = self.query_one("#pair-fields", DataTable)
        table.clear(columns=True)
        if item is None:
            self.current_id = ""
            title.update("[b]Không có cặp nghi trùng nào.[/b]\nKhông có ai bị nhập hai lần "
                         "(cùng CCCD, hoặc cùng họ tên và ngày sinh). Esc: quay lại.")
            hint.update("")
            self.refresh_bindings()
            return
        self.current_id = item.pair.id
        swapped = item.pair.id in self.swapped
        kept, other = item.ordered(swapped)
        keys = item.rows()
        differing = [k for k in keys if item.differs(k)]
        title.update(
            f"[b]Cặp nghi trùng {self.index + 1}/{len(self.items)}[/b] · lý do: "
            f"{escape(item.pair.reason)}\n"
            + (f"Khác nhau ở {len(differing)} dòng (đánh dấu ≠)." if differing
               else "Hai bản ghi giống nhau ở mọi dòng."))
        table.add_column("Thông tin", key="field")
        table.add_column("Bản 1 (giữ lại)", key="kept")
        table.add_column("Bản 2", key="other")
        for key in keys:
            differs = key in differing
            style = "bold yellow" if differs else ""
            table.add_row(Text(("≠ " if differs else "  ") + _label(key), style=style),
                          Text(shorten(item.cell(kept, key), 26), style=style),
                          Text(shorten(item.cell(other, key), 26), style=style), key=key)
        hint.update("g: gộp bản 2 vào bản 1 · d: đổi bản giữ lại · k: không phải cùng người"
                    + (" · s: cặp sau" if len(self.items) > 1 else ""))
        self.refresh_bindings()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("merge", "not_same", "swap"):
            return True if self.current is not None and not self.busy else None
        if action == "skip":
            return True if len(self.items) > 1 else None
        return True

    def action_merge(self) -> None:
        """They are one person: after confirming, merge the second record into the first."""
        item = self.current
        if item is None or self.busy:
            return
        kept, other = item.ordered(item.pair.id in self.swapped)
        filled = [_label(k) for k in item.rows() if k not in KEPT_AS_IS and k != "household"
                  and other.get(k) not in (None, "") and kept.get(k) in (None, "")]
        kept_as_is = [_label(k) for k in item.rows() if item.differs(k)
                      and _label(k) not in filled]
        lines = [f"Giữ lại: [b]{escape(_who(item, kept))}[/b].",
                 f"Bản kia — {escape(_who(item, other))} — bị xóa và trỏ về bản giữ lại."]
        if filled:
            lines.append(f"Lấy từ bản kia vào ô còn trống: {', '.join(filled)}.")
        if kept_as_is:
            lines.append(f"Giữ theo bản giữ lại: {', '.join(kept_as_is)}.")
        lines.append("Muốn giữ bản kia thì chọn Không rồi nhấn d.")

        def answered(ok: bool | None) -> None:
            if ok and self.current is item:
                self.busy = True
                self.refresh_bindings()
                self._decide(kept["id"], other["id"], same=True)

        self.app.push_screen(ConfirmDialog("Gộp hai bản ghi là một người?", "\n".join(lines),
                                           confirm="Gộp", cancel="Không"), answered)

    def action_not_same(self) -> None:
        """They are two people: after confirming, never suggest the pair again."""
        item = self.current
        if item is None or self.busy:
            return
        first, second = item.pair.first, item.pair.second

        def answered(ok: bool | None) -> None:
            if ok and self.current is item:
                self.busy = True
                self.refresh_bindings()
                self._decide(first["id"], second["id"], same=False)

        self.app.push_screen(ConfirmDialog(
            "Không phải cùng người?",
            f"{escape(_who(item, first))} và {escape(_who(item, second))} là hai người khác "
            "nhau. Cặp này sẽ không được gợi ý lại (ở xã và ở máy thôn).",
            confirm="Đúng, hai người khác nhau", cancel="Không"), answered)

    @work(thread=True, group="duplicate-decide")
    def _decide(self, first: str, second: str, *, same: bool) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        service = SyncService(state.roster)
        try:
            if same:
                kept = state.run(service.same, first, second)
                done = f"Đã gộp hai bản ghi vào {kept.get('full_name', '')}."
            else:
                state.run(service.not_same, first, second)
                done = "Đã ghi nhận: hai người khác nhau."
        except ERRORS as exc:
            self.app.call_from_thread(_fail, self, exc, "Không lưu được")
            self.app.call_from_thread(self._idle)
            return
        self.app.call_from_thread(self.app.post_message, DataChanged(done))

    def _idle(self) -> None:
        self.busy = False
        self.refresh_bindings()

    def action_swap(self) -> None:
        """Keep the other record of the pair when merging."""
        item = self.current
        if item is not None:
            self.swapped ^= {item.pair.id}
            self._show()

    def action_skip(self) -> None:
        """Leave this pair for later and show the next (after the last: the first)."""
        if len(self.items) > 1:
            self.index = (self.index + 1) % len(self.items)
            self._show()

    def action_reload(self) -> None:
        """Read the pairs again."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()


# ====================================================================== quarantine

ADVICE = (
    ("nhánh nhật ký", "Máy gửi cần tham gia lại: ghi danh lại máy đó (Ghi danh máy thôn), "
                      "rồi trên máy đó chọn Tham gia xã. Thử lại không giúp được."),
    ("đồng hồ", "Sửa ngày giờ của máy gửi (hoặc của máy này, nếu máy này sai) rồi bấm r. "
                "Nếu máy này đúng giờ mà vẫn còn: các thay đổi đó mang ngày sai, hãy nhập lại "
                "chúng trên máy gửi sau khi sửa giờ."),
    ("phiên bản mới hơn", "Cập nhật chương trình trên máy này rồi bấm r."),
    ("dữ liệu chung của xã", "Máy thôn không được sửa dữ liệu chung của xã; nếu việc đó cần, "
                             "Công an xã tự ghi trên máy này."),
    ("thôn khác", "Máy thôn chỉ được sửa dữ liệu của thôn mình; nếu việc đó cần, hãy ghi "
                  "trên máy của thôn kia hoặc ở Công an xã."),
)
"""Words of a reason → what to do about it."""

DAMAGED = ("Dữ liệu hỏng hoặc bị sửa trên đường chuyển: xin máy gửi gửi lại gói; nếu vẫn "
           "vậy, báo cán bộ kỹ thuật.")
"""What to do about the other reasons (a damaged line, a wrong hash, a strange field)."""


def quarantine_advice(row: dict[str, Any]) -> str:
    """What to do about an entry set aside, in Vietnamese."""
    reason = row.get("reason", "")
    if row.get("fork"):
        return ADVICE[0][1]
    return next((advice for words, advice in ADVICE if words in reason), DAMAGED)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


class QuarantineScreen(Screen[None]):
    """Entries of other laptops set aside at a merge: each with its reason and what to do;
    r tries them again (after the clock was put right, the program updated…)."""

    CSS_PATH = "sync_settle.tcss"
    HELP_TITLE = "Thay đổi bị để riêng"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("r", "retry", "Thử lại", tooltip="Kiểm tra lại và nhập những thay đổi nay "
                "đã hợp lệ", id="retry"),
        Binding("f5", "reload", "Đọc lại", tooltip="Đọc lại danh sách", show=False,
                id="reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        """The entries set aside, oldest first."""
        self.laptops: dict[str, str] = {}
        self.villages: dict[str, str] = {}
        """Device id → laptop name; village id → name."""
        self.result = ""
        """What the last retry did (stays on screen)."""
        self.busy = True
        """Reading or retrying."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc…", id="quarantine-title")
        yield DataTable(id="quarantine-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="quarantine-detail")
        yield Static("", id="quarantine-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#quarantine-list", DataTable)
        table.add_columns("Máy gửi", "Số", "Lý do")
        table.focus()
        self.load()

    def refresh_data(self) -> None:
        """Read the list again (after any save)."""
        self.load()

    @work(thread=True, exclusive=True, group="quarantine")
    def load(self) -> None:
        """Read the entries set aside in a worker."""
        state = self.app.state  # type: ignore[attr-defined]
        try:
            rows = SyncService(state.roster).quarantined()
            laptops = laptop_names(state.roster.store)
            villages = {v["id"]: v.get("name", "") for v in state.roster.villages()}
        except ERRORS as exc:
            self.app.call_from_thread(_fail, self, exc, "Không đọc được")
            self.app.call_from_thread(self._loaded, self.rows, self.laptops, self.villages)
            return
        self.app.call_from_thread(self._loaded, rows, laptops, villages)

    def _loaded(self, rows: list[dict[str, Any]], laptops: dict[str, str],
                villages: dict[str, str]) -> None:
        self.rows, self.laptops, self.villages = rows, laptops, villages
        self.busy = False
        self.set_class(not rows, "-empty")
        table = self.query_one("#quarantine-list", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(shorten(_laptop(laptops, row.get("dev", "")), 24),
                          str(row.get("seq", "")), shorten(_sentence(row.get("reason", "")), 44),
                          key=row["id"])
        if rows:
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
            title = (f"[b]{len(rows)} thay đổi bị để riêng[/b]: chưa được nhập; phần còn lại "
                     "của các gói đã nhập bình thường.")
        else:
            title = ("[b]Không có thay đổi nào bị để riêng.[/b]\nMọi thay đổi trong các gói "
                     "đã nhận đều đã được nhập.")
        self.query_one("#quarantine-title", Static).update(title)
        self._detail()
        self._status()
        self.refresh_bindings()

    def _selected(self) -> dict[str, Any] | None:
        table = self.query_one("#quarantine-list", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _detail(self) -> None:
        row = self._selected()
        text = ""
        if row is not None:
            village = self.villages.get(row.get("village_id", ""), "")
            text = "\n".join([
                f"[b]{escape(_laptop(self.laptops, row.get('dev', '')))} · thay đổi số "
                f"{row.get('seq', '')}[/b]" + (f" · {escape(village)}" if village else ""),
                f"Lý do: {escape(_sentence(row.get('reason', '')))}",
                f"Cách xử lý: {escape(quarantine_advice(row))}"])
        self.query_one("#quarantine-detail", Static).update(text)

    def _status(self) -> None:
        keys = "r: thử lại · Esc: quay lại" if self.rows else "Esc: quay lại"
        self.query_one("#quarantine-status", Static).update(
            f"{self.result} · {keys}" if self.result else keys)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return True if self.rows and not self.busy else None
        return True

    def action_retry(self) -> None:
        """Check every entry set aside again; merge those that now pass."""
        if not self.rows or self.busy:
            return
        self.busy = True
        self.result = "Đang kiểm tra lại…"
        self._status()
        self.refresh_bindings()
        self._retry()

    @work(thread=True, exclusive=True, group="quarantine-retry")
    def _retry(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        try:
            merged, left = state.run(SyncService(state.roster).retry)
        except ERRORS as exc:
            self.app.call_from_thread(_fail, self, exc, "Không thử lại được")
            self.app.call_from_thread(self._retried, "")
            return
        text = f"Đã nhập lại {merged} thay đổi; còn {left} để riêng."
        self.app.call_from_thread(self._retried, text)
        if merged:
            self.app.call_from_thread(self.app.post_message, DataChanged(text))
        else:
            self.app.call_from_thread(self.app.notify, text, title="Thử lại", timeout=6)
            self.app.call_from_thread(self.load)

    def _retried(self, text: str) -> None:
        self.result = text
        self.busy = False
        self._status()
        self.refresh_bindings()

    def action_reload(self) -> None:
        """Read the list again."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
