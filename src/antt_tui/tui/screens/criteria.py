"""Criteria screens: a village's or the commune's criteria with status, colour and evidence,
as the evaluation form lists them: the unit as a whole, each group (K1 … K5, X1, 19.2a …) and
its sub-criteria beneath. Enter drills into the evidence (unsigned households, incidents …);
M lists what is missing; S sets the day from which incident records are complete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from antt_tui.criteria.engine import evaluate_commune, evaluate_village, facts_of
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU, Evaluation, GroupResult, Result
from antt_tui.domain.dates import format_date
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.title_bar import TitleBar

STYLES = {DAT: "bold green", CHUA_DAT: "bold red", THIEU: "bold yellow"}
LABELS = {DAT: "Đạt", CHUA_DAT: "Chưa đạt", THIEU: "Chưa đủ dữ liệu"}
ITEM_KINDS = {"household": "Hộ", "incident": "Vụ việc", "document": "Văn bản",
              "confirmation": "Xác nhận", "team": "Tổ, mô hình", "visit": "Kiểm tra"}


def status_text(status: str) -> Text:
    """A coloured status cell: green đạt, red chưa đạt, yellow chưa đủ dữ liệu."""
    return Text(LABELS.get(status, status), style=STYLES.get(status, ""))




class CriteriaScreen(AnttMixin, Screen[None]):
    """The criteria of a village (`scope` = its id) or of the commune (`scope` = "")."""

    CSS_PATH = "criteria.tcss"
    HELP_TITLE = "Đánh giá tiêu chí"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("enter", "drill", "Căn cứ", tooltip="Xem căn cứ của tiêu chí (hoặc mở thôn)",
                id="drill"),
        Binding("m", "missing", "Còn thiếu", tooltip="Những việc còn phải ghi nhận, xác nhận",
                id="missing"),
        Binding("left_square_bracket", "year(-1)", "Năm trước", tooltip="Đánh giá năm trước",
                show=False, id="year_prev"),
        Binding("right_square_bracket", "year(1)", "Năm sau", tooltip="Đánh giá năm sau",
                show=False, id="year_next"),
        Binding("f5", "reload", "Tính lại", tooltip="Tính lại theo dữ liệu mới nhất",
                id="reload"),
        Binding("v", "record('document')", "Văn bản", show=False,
                tooltip="Ghi nghị quyết, đăng ký, kế hoạch của năm", id="document"),
        Binding("x", "record('confirm')", "Xác nhận", show=False,
                tooltip="Ghi xác nhận tiêu chí (ai xác nhận, ngày nào, kết quả)", id="confirm"),
        Binding("t", "record('team')", "Thêm tổ", show=False,
                tooltip="Thêm tổ tự quản, mô hình về ANTT", id="team"),
        Binding("h", "record('activity')", "Hoạt động tổ", show=False,
                tooltip="Ghi tuần tra, họp, hòa giải, tuyên truyền của tổ", id="activity"),
        Binding("s", "record('records')", "Số liệu từ", show=False,
                tooltip="Ngày từ đó số liệu vụ việc của xã đầy đủ (cho tiêu chí “giảm so với "
                        "năm trước”)", id="settings"),
    ]

    KEYS_HINT = ("Enter: căn cứ · m: còn thiếu · v: văn bản · x: xác nhận · t: thêm tổ · "
                 "h: hoạt động tổ · s: số liệu từ · [ ]: năm")

    @dataclass
    class Evaluated(WorkerResult):
        """The rules evaluated for a year (the commune's with each village's)."""

        year: int
        evaluations: list[Evaluation]
        villages: list[tuple[str, str, str, Evaluation]]
        """(village id, code, name, evaluation) of each village (the commune's screen)."""
        records: str

    def __init__(self, scope: str = "", year: int | None = None) -> None:
        super().__init__()
        self.scope = scope
        self.year = year
        self.evaluations: list[Evaluation] = []
        self.villages: list[tuple[str, str, str, Evaluation]] = []
        self.records_since = ""
        """How complete the incident records are, as the title says it."""
        self._rows: dict[str, Result | GroupResult | Evaluation | str] = {}
        self._room = 24
        """Width of the evidence column (what the other columns leave on the screen)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đánh giá…", id="criteria-title")
        yield DataTable(id="criteria", cursor_type="row", zebra_stripes=True)
        yield Static("", id="criteria-detail", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @property
    def as_of(self) -> date:
        today: date = self.antt.state.today()
        return today if self.year is None or self.year >= today.year else date(self.year, 12, 31)

    @work(thread=True, exclusive=True, group="criteria")
    def load(self) -> None:
        """Evaluate in a worker: the commune also evaluates each village."""
        state = self.antt.state
        year = self.year or state.today().year
        as_of = min(self.as_of, date(year, 12, 31))
        facts = facts_of(state.roster.snapshot())
        records = (f"số liệu đầy đủ từ {format_date(facts.complete_since)}"
                   if facts.complete_since else "chưa ghi ngày số liệu đầy đủ")
        if self.scope:
            evaluations = evaluate_village(facts, self.scope, year, as_of)
            villages: list[tuple[str, str, str, Evaluation]] = []
        else:
            evaluations = evaluate_commune(facts, year, as_of)
            villages = []
            for village in facts.villages_by_code():
                for evaluation in evaluate_village(facts, village.id, year, as_of):
                    villages.append((village.id, village.code, village.name, evaluation))
        self.post_message(self.Evaluated(year, evaluations, villages, records))

    @on(Evaluated)
    def _evaluated(self, message: Evaluated) -> None:
        if not message.stale:
            self._show(message.year, message.evaluations, message.villages, message.records)

    def _show(self, year: int, evaluations: list[Evaluation],
              villages: list[tuple[str, str, str, Evaluation]], records: str = "") -> None:
        self.year = year
        self.evaluations = evaluations
        self.villages = villages
        self.records_since = records
        first = evaluations[0]
        # The result of each rule set as a whole heads its rows in the table.
        lines = [f"[b]{first.unit_name}[/b] · năm {year} · tính đến {format_date(first.as_of)}"
                 + (f" · {records}" if records else ""),
                 f"[dim]{self.KEYS_HINT}[/dim]"]
        self.query_one("#criteria-title", Static).update("\n".join(lines))
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)  # widths fitted again to this year's texts
        table.add_columns("Mã", "Kết quả", "Tiêu chí", "Căn cứ")
        # The evidence takes what the other columns leave (the panel below has it whole).
        self._room = max(16, (table.size.width or self.app.size.width) - (6 + 15 + 26)
                         - 4 * 2 - 2)
        self._rows = {}
        for evaluation in evaluations:
            self._add_evaluation(table, evaluation)
        if villages:
            table.add_row("", "", Text("Các thôn (Thông tư 124, Điều 4)", style="bold"), "",
                          key="set:villages")
            for vid, code, name, evaluation in villages:
                failing = [g for g, s in evaluation.groups() if s != DAT]
                key = f"village:{vid}"
                self._rows[key] = vid
                table.add_row(code, status_text(evaluation.status), name,
                              "Chưa xong: " + ", ".join(failing) if failing else "Đạt cả",
                              key=key)
        table.move_cursor(row=min(max(cursor, 0), max(table.row_count - 1, 0)))
        table.focus()
        self._detail()

    def _add_evaluation(self, table: DataTable, evaluation: Evaluation) -> None:
        """The unit as a whole, then each group, with its sub-criteria indented beneath."""
        key = f"set:{evaluation.rule_set}"
        self._rows[key] = evaluation
        table.add_row("", status_text(evaluation.status),
                      Text(shorten(evaluation.name, 26), style="bold"),
                      shorten(f"{evaluation.name} (kỳ {evaluation.window.label})", self._room),
                      key=key)
        for group in evaluation.group_results():
            if group.single:
                result = group.results[0]
                key = f"{evaluation.rule_set}:{result.id}"
                self._rows[key] = result
                table.add_row(Text(result.id, style="bold"), status_text(result.status),
                              shorten(result.text, 26), shorten(result.summary, self._room),
                              key=key)
                continue
            key = f"group:{evaluation.rule_set}:{group.id}"
            self._rows[key] = group
            done = sum(1 for r in group.results if r.status == DAT)
            table.add_row(Text(group.id, style="bold"), status_text(group.status),
                          Text(shorten(group.text, 26), style="bold"),
                          f"{done}/{len(group.results)} tiêu chí con đạt", key=key)
            for result in group.results:
                key = f"{evaluation.rule_set}:{result.id}"
                self._rows[key] = result
                table.add_row(f" {result.id}", status_text(result.status),
                              shorten(f" {result.text}", 26), shorten(result.summary, self._room),
                              key=key)

    def _current(self) -> Result | GroupResult | Evaluation | str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    def _detail(self) -> None:
        current = self._current()
        detail = self.query_one("#criteria-detail", Static)
        if isinstance(current, Result):
            text = f"[b]{current.id}[/b] {current.text}\n{current.summary}"
            if current.missing:
                text += f"\n[yellow]Còn thiếu:[/] {current.missing}"
            detail.update(text)
        elif isinstance(current, GroupResult):
            lines = [f"[b]{current.id}[/b] {current.text}"]
            lines += [f"{r.id}: {LABELS.get(r.status, r.status).lower()}" for r in current.results]
            detail.update("\n".join([lines[0], " · ".join(lines[1:])]))
        elif isinstance(current, Evaluation):
            detail.update(f"[b]{current.name}[/b]: {LABELS[current.status].lower()} "
                          f"(kỳ {current.window.label}); đạt khi mọi nhóm tiêu chí đều đạt")
        elif isinstance(current, str):
            detail.update("Enter: mở đánh giá của thôn")
        else:
            detail.update("")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_drill()

    def action_drill(self) -> None:
        """Evidence of the criterion under the cursor; a village row opens that village."""
        current = self._current()
        if isinstance(current, Result):
            self.app.push_screen(EvidenceScreen(current))
        elif isinstance(current, str):
            self.app.push_screen(CriteriaScreen(current, self.year))

    def action_missing(self) -> None:
        """What the officer still has to record or confirm."""
        results = [r for e in self.evaluations for r in e.results if r.missing]
        name = self.evaluations[0].unit_name if self.evaluations else ""
        self.app.push_screen(MissingScreen(name, self.year or 0, results))

    def action_year(self, step: int) -> None:
        """Evaluate another year."""
        if self.year is not None:
            self.year += step
            self.query_one("#criteria-title", Static).update(f"Đang đánh giá năm {self.year}…")
            self.load()

    def action_reload(self) -> None:
        self.load()

    def action_record(self, what: str) -> None:
        """Record a document, a confirmation, a team or a team's activity for this unit, or
        the day from which the commune's incident records are complete; the criteria are
        evaluated again when it is saved."""
        from antt_tui.tui.screens import criteria_forms as f

        def done(result: object) -> None:
            if result:
                self.load()

        year = self.year or self.antt.state.today().year
        if what == "document":
            f.record_document(self.antt, self.scope, callback=done)
        elif what == "confirm":
            f.confirm(self.antt, self.scope, year, callback=done)
        elif what == "team":
            f.add_team(self.antt, self.scope, callback=done)
        elif what == "records":
            f.records_complete(self.antt, callback=done)
        else:
            f.record_activity(self.antt, self.scope, callback=done)

    def action_back(self) -> None:
        self.app.pop_screen()


class EvidenceScreen(AnttMixin, Screen[None]):
    """The records behind one criterion; Enter opens a household or an incident."""

    CSS_PATH = "criteria.tcss"
    HELP_TITLE = "Căn cứ đánh giá"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về danh sách tiêu chí", id="back"),
        Binding("enter", "open", "Mở", tooltip="Mở hộ hoặc vụ việc đang chọn", id="open"),
    ]

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        yield TitleBar()
        style = STYLES.get(r.status, "")
        text = (f"[b]{r.id}[/b] {r.text}\nKết quả: [{style}]{LABELS.get(r.status, r.status)}"
                f"[/] — {r.summary}")
        if r.missing:
            text += f"\n[yellow]Còn thiếu:[/] {r.missing}"
        yield Static(text, id="evidence-title")
        yield DataTable(id="evidence", cursor_type="row", zebra_stripes=True)
        yield Static("" if r.items else "Không có hồ sơ nào làm căn cứ.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Loại", "Nội dung")
        for n, item in enumerate(self.result.items):
            table.add_row(ITEM_KINDS.get(item.kind, item.kind), item.label, key=str(n))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """A household opens its record; an incident its detail."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        item = self.result.items[table.cursor_row]
        if item.kind == "household":
            from antt_tui.tui.screens.household import HouseholdScreen

            self.app.push_screen(HouseholdScreen(item.id))
        elif item.kind == "incident":
            self.antt.action_show_incident(item.id)
        else:
            self.notify(item.label)

    def action_back(self) -> None:
        self.app.pop_screen()


class MissingScreen(AnttMixin, Screen[None]):
    """What is missing: one line per criterion that needs a record or a confirmation."""

    CSS_PATH = "criteria.tcss"
    HELP_TITLE = "Việc còn thiếu"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về danh sách tiêu chí", id="back"),
        Binding("enter", "drill", "Căn cứ", tooltip="Căn cứ của tiêu chí đang chọn", id="drill"),
    ]

    def __init__(self, unit_name: str, year: int, results: list[Result]) -> None:
        super().__init__()
        self.unit_name = unit_name
        self.year = year
        self.results = results

    def compose(self) -> ComposeResult:
        yield TitleBar()
        count = len(self.results)
        yield Static(f"[b]{self.unit_name}[/b] · năm {self.year}: "
                     + (f"còn {count} việc phải ghi nhận, xác nhận" if count
                        else "đã đủ dữ liệu để đánh giá"), id="missing-title")
        if count:
            yield DataTable(id="missing", cursor_type="row", zebra_stripes=True)
        else:
            yield Static("Không còn việc nào phải ghi nhận hay xác nhận: mọi tiêu chí đã có đủ "
                         "căn cứ để đánh giá. Esc để quay lại.", id="missing-none")
        yield Footer()

    def on_mount(self) -> None:
        if self.results:
            self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """The rows, the "what to do" column as wide as the screen leaves and wrapped in it
        (a long sentence takes two or three lines rather than being cut)."""
        table = self.query_one(DataTable)
        table.add_column("Mã", width=7)
        table.add_column("Kết quả", width=13)
        room = max(20, (table.size.width or self.app.size.width) - 7 - 13 - 3 * 2 - 2)
        table.add_column("Việc cần làm", width=room)
        for n, result in enumerate(self.results):
            table.add_row(result.id, status_text(result.status), Text(result.missing),
                          key=str(n), height=None)
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill" and not self.results:
            return None  # nothing to open: greyed
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_drill()

    def action_drill(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.app.push_screen(EvidenceScreen(self.results[table.cursor_row]))

    def action_back(self) -> None:
        self.app.pop_screen()
