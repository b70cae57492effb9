"""The issued reports: number, date, report, version and check code; Enter prints one again
(the same file, byte for byte), k checks its figures against today's records, r issues it
again when they changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import DomainError
from antt_tui.outputs import OutputRefused
from antt_tui.reports.compose import ReportText
from antt_tui.reports.issued import figure_name
from antt_tui.reports.periods import period as make_period
from antt_tui.reports.record import IssuedReport
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.screens.report_form import ReportRequest
from antt_tui.tui.screens.reports import (
    WRITING,
    ReportScreen,
    error_text,
    register,
    report_filename,
    reports_folder,
    write_pdf,
)
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.title_bar import TitleBar


def counted_to(report: IssuedReport) -> str:
    """The day an issued report's figures count to (ISO), as the report states it."""
    return report.figures.get("as_of") or report.as_of


def verification_text(report: IssuedReport, changes: list[tuple[str, Any, Any]]) -> str:
    """What `IssuedReports.verify` found, in sentences."""
    lines = [f"Báo cáo {report.label}, phiên bản {report.version}, ban hành ngày "
             f"{vn_date(report.issued_on)}, số liệu tính đến {vn_date(counted_to(report))}.",
             ""]
    if not changes:
        lines.append("Số liệu hiện nay khớp với báo cáo.")
        return "\n".join(lines)
    lines.append(f"Số liệu đã thay đổi sau khi ban hành ({len(changes)} mục):")
    lines += [f"  • {figure_name(name)}: {before} → {after}" for name, before, after in changes]
    lines += ["", f"Ban hành lại (cùng số {report.number:02d}) sẽ thành phiên bản "
                  f"{report.version + 1}, kèm danh sách thay đổi: phím r."]
    return "\n".join(lines)


def request_of(report: IssuedReport, today: date) -> ReportRequest:
    """The choices an issued report was made with, to issue it again (dated today)."""
    text = report.text
    return ReportRequest(
        kind=report.kind, spec=report.spec, scope=report.scope,
        as_of=date.fromisoformat(report.as_of), number=report.number, issued_on=today,
        text=ReportText(text.get("shortcomings", ""), text.get("next_tasks", ""),
                        text.get("proposals", "")),
        boundary_day=report.boundary_day)


class IssuedReportsScreen(AnttMixin, Screen[None]):
    """Every issued report, newest first."""

    CSS_PATH = "reports.tcss"
    LISTS_ISSUED_REPORTS = True
    """The report screen goes back here rather than opening the list a second time."""

    HELP_TITLE = "Báo cáo đã ban hành"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("enter", "reprint", "In lại",
                tooltip="Ghi lại PDF giống hệt bản đã ban hành", id="reprint"),
        Binding("k", "verify", "Kiểm tra",
                tooltip="So số liệu với dữ liệu hiện nay", id="verify"),
        Binding("r", "reissue", "Ban hành lại", show=False,
                tooltip="Cùng số, phiên bản mới khi số liệu đã đổi", id="reissue"),
    ]

    @dataclass
    class Listed(WorkerResult):
        """The register read: the issued reports, newest first."""

        rows: list[IssuedReport]

    @dataclass
    class Written(WorkerResult):
        """A PDF was written."""

        path: Path
        said: str

    @dataclass
    class Failed(WorkerResult):
        """A step failed: a dialog with this title and text."""

        title: str
        text: str

    @dataclass
    class Verified(WorkerResult):
        """A report built again from today's records: what changed."""

        report: IssuedReport
        changes: list[tuple[str, Any, Any]]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[IssuedReport] = []
        """The issued reports, newest first."""
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Đang đọc…", id="issued-title")
        yield DataTable(id="issued", cursor_type="row", zebra_stripes=True)
        yield Static("", id="issued-detail", classes="hint")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Read the register when shown, and again when back from a report just issued."""
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the register again."""
        self.load()

    @work(thread=True, exclusive=True, group="issued")
    def load(self) -> None:
        rows = list(reversed(register(self.antt).list()))
        self.post_message(self.Listed(rows))

    @on(Listed)
    def _show(self, message: Listed) -> None:
        if message.stale:
            return
        rows = self.rows = message.rows
        title = (f"[b]Báo cáo đã ban hành[/b]: {len(rows)}\n[dim]Enter: in lại PDF · k: kiểm "
                 "tra số liệu · r: ban hành lại[/dim]" if rows else
                 "[b]Chưa có báo cáo nào được ban hành.[/b]\n[dim]Ban hành: ở màn hình tổng "
                 "quan nhấn b, nhập số báo cáo, xem số liệu rồi nhấn p.[/dim]")
        self.query_one("#issued-title", Static).update(title)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Số", "Ngày", "Báo cáo", "Phiên bản", "Mã kiểm tra")
        for n, r in enumerate(rows):
            table.add_row(f"{r.number:02d}/BC-{r.abbreviation}",
                          vn_date(r.issued_on), shorten(r.label, 26), str(r.version),
                          r.doc_hash[:16], key=str(n))
        table.move_cursor(row=min(max(cursor, 0), max(table.row_count - 1, 0)))
        table.focus()
        self._detail()
        self.refresh_bindings()

    def _current(self) -> IssuedReport | None:
        table = self.query_one(DataTable)
        if not self.rows or not table.row_count:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _detail(self, said: str = "") -> None:
        report = self._current()
        text = said
        if report is not None and not said:
            text = (f"Báo cáo {report.label} · tính đến {vn_date(counted_to(report))}"
                    + (f" · {len(report.changes)} số liệu thay đổi so với phiên "
                       "bản trước" if report.version > 1 else ""))
        self.query_one("#issued-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_reprint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Row actions wait for a row and for the one under way."""
        if action in ("reprint", "verify", "reissue"):
            return None if self.busy or not self.rows else True
        return True

    def _set_busy(self, busy: bool, said: str = "") -> None:
        self.busy = busy
        self._detail(said)
        self.refresh_bindings()

    # ------------------------------------------------------------------ actions

    def action_reprint(self) -> None:
        """Render the stored document again into the reports folder."""
        report = self._current()
        if report is None or self.busy:
            return
        chosen = make_period(report.kind, report.spec,
                             boundary_day=report.boundary_day)
        path = reports_folder(self.antt) / report_filename(
            chosen, report.label.split(" — ", 1)[-1], report.number, report.version)
        self._set_busy(True, WRITING)
        self._reprint(report, path)

    @work(thread=True, exclusive=True, group="issued-pdf")
    def _reprint(self, report: IssuedReport, path: Path) -> None:
        from antt_tui.reports.pdf import render

        try:
            path = write_pdf(self.antt, path, render(register(self.antt).document(report)))
        except OSError as exc:
            self.post_message(self.Failed("Chưa ghi được tệp PDF", f"{path}\n{exc}"))
            return
        except (OutputRefused, DomainError) as exc:
            self.post_message(self.Failed("Chưa ghi được tệp PDF", str(exc)))
            return
        said = f"Đã in lại báo cáo số {report.number:02d} (phiên bản {report.version})"
        self.post_message(self.Written(path, said))

    @on(Written)
    def _written(self, message: Written) -> None:
        self._set_busy(False, f"{message.said}: {message.path}")
        self.notify(str(message.path), title=message.said, timeout=10)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        from antt_tui.tui.screens.dialogs import MessageDialog

        self._set_busy(False)
        self.app.push_screen(MessageDialog(message.title, message.text))

    def action_verify(self) -> None:
        """Build the report again from today's records and list what changed."""
        report = self._current()
        if report is None or self.busy:
            return
        self._set_busy(True, "Đang kiểm tra số liệu…")
        self._verify(report)

    @work(thread=True, exclusive=True, group="issued-verify")
    def _verify(self, report: IssuedReport) -> None:
        try:
            check = register(self.antt).verify(report)
        except (DomainError, ValueError) as exc:
            self.post_message(self.Failed("Không kiểm tra được", error_text(exc)))
            return
        self.post_message(self.Verified(report, check.changes))

    @on(Verified)
    def _verified(self, message: Verified) -> None:
        from antt_tui.tui.screens.dialogs import DetailDialog

        report, changes = message.report, message.changes
        self._set_busy(False)
        self.app.push_screen(DetailDialog(
            f"Kiểm tra báo cáo số {report.number:02d}/BC-{report.abbreviation}",
            verification_text(report, changes)))

    def action_reissue(self) -> None:
        """The report screen with this report's choices, dated today: p issues it again."""
        report = self._current()
        if report is None:
            return
        today = self.antt.state.today()
        self.app.push_screen(ReportScreen(report.scope, request_of(report, today)))

    def action_back(self) -> None:
        self.app.pop_screen()
