"""Suggested duplicate pairs side by side, differences marked; `g` merges, `k` says they are
two people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from antt_tui.domain.rules import (
    FIELD_LABELS,
)
from antt_tui.roster.history import show_value
from antt_tui.sync.duplicates import Pair
from antt_tui.sync.service import SyncService
from antt_tui.tui.messages import DataChanged
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.sync_settle import (
    ERRORS,
    UNKNOWN,
    fail,
)
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.title_bar import TitleBar

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
            self.app.call_from_thread(fail, self, exc, "Không đọc được các cặp nghi trùng")
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
            self.app.call_from_thread(fail, self, exc, "Không lưu được")
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
