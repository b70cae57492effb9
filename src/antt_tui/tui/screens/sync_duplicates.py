"""Suggested duplicate pairs side by side, differences marked; on each differing row `1` or
`2` chooses the record whose value the merged person keeps, `g` merges, `k` says they are two
people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from antt_tui.domain.rules import (
    FIELD_LABELS,
)
from antt_tui.roster.entities import PersonRecord
from antt_tui.roster.history import show_value
from antt_tui.sync.duplicates import CHOOSABLE, Merge, Pair, choices
from antt_tui.sync.service import SyncService
from antt_tui.tui.messages import DataChanged, WorkerResult
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.list_screen import Listing, ListScreen
from antt_tui.tui.screens.sync_settle import (
    ERRORS,
    UNKNOWN,
    failure,
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

SHORT_LABELS = {"cccd": "Số CCCD", "household": "Hộ", "relation": "Quan hệ",
                "status": "Tình trạng"}
"""Labels that would not fit the table at 80 columns."""

CELL_WIDTH = 28
"""Characters of a value cell at 80 columns (with the short labels)."""

KEEP_MARK = " ◀ giữ"
"""After the value the merged person keeps, on a row where the two records differ."""


@dataclass
class PairItem:
    """One suggested pair, with each record's household in words."""

    pair: Pair
    households: dict[str, str] = field(default_factory=dict)
    """household id → "DH-0002 · Thôn Đông Hạ"."""

    def ordered(self, swapped: bool) -> tuple[PersonRecord, PersonRecord]:
        """(the record kept, the record merged into it)."""
        first, second = self.pair.first, self.pair.second
        return (second, first) if swapped else (first, second)

    def cell(self, person: PersonRecord, key: str) -> str:
        """One person's value of a row, in words."""
        if key == "household":
            return self.households.get(person.household_id, "") or UNKNOWN
        value = person.saved.get(key)
        return "" if value in (None, "") else show_value(key, value)

    def differs(self, key: str) -> bool:
        """Whether the two records say different things in a row."""
        if key == "household":
            return self.pair.first.household_id != self.pair.second.household_id
        return key in self.pair.differences

    def choosable(self, key: str) -> bool:
        """Whether the officer chooses this row's value; the other differing rows (household,
        relation, status) go with the record kept."""
        return key in CHOOSABLE

    def rows(self) -> list[str]:
        """The rows to show: the usual details, then anything else that differs."""
        keys = [k for k in PAIR_FIELDS if k in ALWAYS or self.pair.first.saved.get(k)
                or self.pair.second.saved.get(k)]
        return keys + [k for k in self.pair.differences if k not in PAIR_FIELDS
                       and k not in HIDDEN]


def _label(key: str) -> str:
    return SHORT_LABELS.get(key) or FIELD_LABELS.get(key, key)


def _who(item: PairItem, person: PersonRecord) -> str:
    """"Lê Văn Bình (DH-0002, Chủ hộ, sinh 1975)"."""
    parts = [item.cell(person, "household").split(" · ")[0],
             item.cell(person, "relation"), item.cell(person, "birth")]
    details = ", ".join(p if n != 2 else f"sinh {p}" for n, p in enumerate(parts) if p)
    return f"{person.full_name} ({details})"


class DuplicatesScreen(ListScreen[PairItem]):
    """Suggested pairs of one person entered twice, side by side with the differences
    marked; on each differing row choose the value to keep (1, 2), then merge (g), or say
    they are two people (k)."""

    CSS_PATH = "sync_settle.tcss"
    PAGE = 1  # one pair at a time
    READ_ERRORS = ERRORS
    READ_FAILED = "Không đọc được các cặp nghi trùng"
    HELP_TITLE = "Cặp nghi trùng"
    CHOOSE = Binding.Group("Chọn bản")
    """The two keys that choose a side share one place in the footer."""
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("1", "choose(1)", "Giữ bản 1", tooltip="Ở dòng đang chọn, người được gộp "
                "giữ giá trị của bản 1 (cột trái); phím ← cũng vậy", group=CHOOSE,
                id="keep_first"),
        Binding("2", "choose(2)", "Giữ bản 2", tooltip="Ở dòng đang chọn, người được gộp "
                "lấy giá trị của bản 2 (cột phải); phím → cũng vậy", group=CHOOSE,
                id="keep_second"),
        # The arrows before the table's own (it has no columns to move between).
        Binding("left", "choose(1)", "Giữ bản 1", show=False, priority=True,
                id="keep_first_arrow"),
        Binding("right", "choose(2)", "Giữ bản 2", show=False, priority=True,
                id="keep_second_arrow"),
        Binding("g", "merge", "Gộp", tooltip="Là cùng một người: gộp bản 2 vào bản 1 với các "
                "giá trị đã chọn (hỏi lại trước)", id="merge"),
        Binding("k", "not_same", "Khác người", tooltip="Không phải cùng người: không gợi ý "
                "cặp này nữa", id="not_same"),
        Binding("s", "skip", "Để sau", tooltip="Sang cặp tiếp theo, để cặp này lại",
                id="skip"),
        Binding("d", "swap", "Đổi bản giữ", tooltip="Giữ bản 2 (hộ, quan hệ, tình trạng của "
                "nó), gộp bản 1 vào nó", show=False, id="swap"),
        Binding("f5", "reload", "Đọc lại", tooltip="Đọc lại các cặp nghi trùng", show=False,
                id="reload"),
    ]

    @dataclass
    class Planned(WorkerResult):
        """What merging the pair with the values chosen would give."""

        item: PairItem
        merge: Merge
        take: dict[str, int]

    @dataclass
    class Undecided(WorkerResult):
        """Planning or saving the decision failed (the notice says why)."""

    def __init__(self) -> None:
        super().__init__()
        self.current_id = ""
        """The id of the pair on screen (kept across a reload)."""
        self.swapped: set[str] = set()
        """Pairs where the second record is the one to keep."""
        self.picks: dict[str, dict[str, str]] = {}
        """Pair id → field → id of the record whose value the officer chose (the rest keep
        `duplicates.default_side`); by record, so choices survive `d`."""
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
        self.refresh_data()

    # ------------------------------------------------------------------ data

    def reader(self) -> Callable[[], Listing[PairItem]]:
        """The suggested pairs and their households (read again after any save)."""
        roster = self.antt.state.roster

        def read() -> Listing[PairItem]:
            pairs = SyncService(roster).duplicates()
            villages = {v.id: v.name for v in roster.villages()}
            items = []
            for pair in pairs:
                item = PairItem(pair)
                for person in (pair.first, pair.second):
                    hid = person.household_id
                    household = roster.household_record(hid)
                    if household is not None:
                        village = villages.get(household.village_id, "")
                        item.households[hid] = " · ".join(
                            x for x in (household.code, village) if x)
                items.append(item)
            return Listing(items)

        return read

    def rows_read(self, listing: Listing[PairItem]) -> None:
        ids = [i.pair.id for i in self.rows]
        if self.current_id in ids:
            self.page = ids.index(self.current_id)
        else:
            super().rows_read(listing)
        self.busy = False

    def show_page(self) -> None:
        self._show()

    @property
    def current(self) -> PairItem | None:
        """The pair on screen."""
        return self.page_rows[0] if self.page_rows else None

    def take(self, item: PairItem) -> dict[str, int]:
        """The officer's choices for a pair as `duplicates.same` reads them: field → 1 (the
        record kept) or 2 (the other)."""
        kept, other = item.ordered(item.pair.id in self.swapped)
        differing = {c.field for c in choices(kept.saved, other.saved)}
        return {f: 1 if pid == kept.id else 2
                for f, pid in self.picks.get(item.pair.id, {}).items() if f in differing}

    def sides(self, item: PairItem) -> dict[str, int]:
        """Each differing row → the column (1, 2) whose value the merged person keeps."""
        kept, other = item.ordered(item.pair.id in self.swapped)
        chosen = {c.field: c.side for c in choices(kept.saved, other.saved, self.take(item))}
        return {k: chosen.get(k, 1) for k in item.rows() if item.differs(k)}

    def _row(self) -> str | None:
        """The key of the highlighted row."""
        table = self.query_one("#pair-fields", DataTable)
        if not 0 <= table.cursor_row < table.row_count:
            return None
        return table.ordered_rows[table.cursor_row].key.value

    def _show(self) -> None:
        item = self.current
        title = self.query_one("#pair-title", Static)
        hint = self.query_one("#pair-hint", Static)
        table = self.query_one("#pair-fields", DataTable)
        cursor = self._row() if item is not None and item.pair.id == self.current_id else None
        table.clear(columns=True)
        if item is None:
            self.current_id = ""
            title.update("[b]Không có cặp nghi trùng nào.[/b]\nKhông có ai bị nhập hai lần "
                         "(cùng CCCD, hoặc cùng họ tên và ngày sinh). Esc: quay lại.")
            hint.update("")
            self.refresh_bindings()
            return
        self.current_id = item.pair.id
        kept, other = item.ordered(item.pair.id in self.swapped)
        keys = item.rows()
        sides = self.sides(item)
        title.update(
            f"[b]Cặp nghi trùng {self.page + 1}/{len(self.rows)}[/b] · lý do: "
            f"{escape(item.pair.reason)}\n"
            + (f"Khác nhau ở {len(sides)} dòng (≠). Ở mỗi dòng ≠, chọn giá trị giữ lại: "
               f"1 hoặc 2 (◀ giữ)." if sides else "Hai bản ghi giống nhau ở mọi dòng."))
        table.add_column("Thông tin", key="field")
        table.add_column("Bản 1 (giữ lại)", key="kept")
        table.add_column("Bản 2", key="other")
        for key in keys:
            side = sides.get(key)
            label = Text(("≠ " if side else "  ") + _label(key),
                         style="bold yellow" if side else "")
            table.add_row(label, _cell(item.cell(kept, key), side, 1),
                          _cell(item.cell(other, key), side, 2), key=key)
        if cursor not in keys:
            cursor = next(iter(sides), keys[0] if keys else None)
        if cursor is not None:
            table.move_cursor(row=keys.index(cursor), animate=False)
        hint.update("↑↓: dòng · 1/2: giữ bản 1/2 · g: gộp · d: đổi bản giữ lại · k: khác người"
                    + (" · s: cặp sau" if len(self.rows) > 1 else ""))
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()  # 1 and 2 work on the rows that differ

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("merge", "not_same", "swap"):
            return True if self.current is not None and not self.busy else None
        if action == "choose":
            item = self.current
            ok = item is not None and not self.busy and item.differs(self._row() or "")
            return True if ok else None
        if action == "skip":
            return True if len(self.rows) > 1 else None
        return True

    def action_choose(self, side: int) -> None:
        """On the highlighted row, keep the value of record 1 (left) or 2 (right). The
        household, relation and status go with the record kept: choosing 2 there keeps
        record 2 instead (as d does)."""
        item, key = self.current, self._row()
        if item is None or self.busy or key is None or not item.differs(key):
            return
        kept, other = item.ordered(item.pair.id in self.swapped)
        if item.choosable(key):
            chosen = kept if side == 1 else other
            self.picks.setdefault(item.pair.id, {})[key] = chosen.id
            self._show()
        elif side == 2:
            self.action_swap()
            self.notify(f"Giữ bản ghi ở {item.cell(other, 'household')}: hộ, quan hệ với chủ "
                        "hộ và tình trạng theo bản giữ lại.", timeout=5)

    def action_merge(self) -> None:
        """They are one person: check the chosen values, show them, and after confirming
        merge the second record into the first."""
        item = self.current
        if item is None or self.busy:
            return
        kept, other = item.ordered(item.pair.id in self.swapped)
        self.busy = True
        self.refresh_bindings()
        self._plan(item, kept.id, other.id, self.take(item))

    @work(thread=True, group="duplicate-decide")
    def _plan(self, item: PairItem, kept: str, other: str, take: dict[str, int]) -> None:
        state = self.antt.state
        try:
            merge = SyncService(state.roster).merge_plan(kept, other, take)
        except ERRORS as exc:
            self.app.post_message(failure(exc, "Không gộp được với các giá trị đã chọn"))
            self.post_message(self.Undecided())
            return
        self.post_message(self.Planned(item, merge, take))

    @on(Planned)
    def _confirm_merge(self, message: Planned) -> None:
        item, merge, take = message.item, message.merge, message.take
        self._idle()
        if self.current is not item:
            return
        kept, other = merge.kept, merge.other
        lines = [f"Giữ lại: [b]{escape(_who(item, kept))}[/b].",
                 f"Bản kia — {escape(_who(item, other))} — bị xóa và trỏ về bản giữ lại.",
                 "Sau khi gộp:"]
        chosen = {c.field: c for c in merge.fields}
        for key in item.rows():
            if key in chosen:
                value = merge.changes.get(key, chosen[key].value)
                shown = show_value(key, value)
                where = "lấy từ bản 2" if key in merge.changes else "bản 1"
            elif item.differs(key):
                shown, where = item.cell(kept, key) or "(trống)", "theo bản giữ lại"
            else:
                continue
            lines.append(f"  • {_label(key)}: [b]{escape(shown)}[/b] ({where})")
        if merge.warnings:
            lines.append("Cảnh báo (gộp là chấp nhận): " + escape("; ".join(merge.warnings)))
        lines.append("Muốn đổi thì chọn Không rồi chọn lại trên bảng (1, 2 hoặc d).")

        def answered(ok: bool | None) -> None:
            if ok and self.current is item:
                self.busy = True
                self.refresh_bindings()
                self._decide(kept.id, other.id, same=True, take=take)

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
                self._decide(first.id, second.id, same=False)

        self.app.push_screen(ConfirmDialog(
            "Không phải cùng người?",
            f"{escape(_who(item, first))} và {escape(_who(item, second))} là hai người khác "
            "nhau. Cặp này sẽ không được gợi ý lại (ở xã và ở máy thôn).",
            confirm="Đúng, hai người khác nhau", cancel="Không"), answered)

    @work(thread=True, group="duplicate-decide")
    def _decide(self, first: str, second: str, *, same: bool,
                take: dict[str, int] | None = None) -> None:
        state = self.antt.state
        service = SyncService(state.roster)
        try:
            if same:
                # The dialog listed the warnings; confirming it accepts them.
                kept = state.run(service.same, first, second, take, accept_warnings=True)
                done = f"Đã gộp hai bản ghi vào {kept.full_name}."
            else:
                state.run(service.not_same, first, second)
                done = "Đã ghi nhận: hai người khác nhau."
        except ERRORS as exc:
            self.app.post_message(failure(exc, "Không lưu được"))
            self.post_message(self.Undecided())
            return
        self.app.post_message(DataChanged(done))

    @on(Undecided)
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
        if len(self.rows) > 1:
            self.page = (self.page + 1) % len(self.rows)
            self._show()

    def action_reload(self) -> None:
        """Read the pairs again."""
        self.refresh_data()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()


def _cell(text: str, side: int | None, column: int) -> Text:
    """A value cell: on a differing row the kept value marked "◀ giữ", the other dimmed."""
    if side is None:
        return Text(shorten(text, CELL_WIDTH))
    if side == column:
        return Text(shorten(text or "(trống)", CELL_WIDTH - len(KEEP_MARK)) + KEEP_MARK,
                    style="bold green")
    return Text(shorten(text, CELL_WIDTH), style="dim")
