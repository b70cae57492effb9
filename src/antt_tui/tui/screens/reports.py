"""The report screen: choose a report in the report form (`report_form.py`), see its main
figures, then write a draft PDF or issue it with its number (asked first: issuing is
permanent).

The figures and the document come from the same report workflow as `antt report`
(`reports.workflow.Reports`: `draft` for the preview and the draft, `issue` for an issued
report, with the same sentences), and `reports.pdf.render` makes the file. PDFs go to the
"bao-cao" folder of the exports folder (`antt paths`), never over a file already there
(`write_pdf`).

A report is issued only with a signer: when the unit's report settings have no signer's
name or title, p opens the settings form first, then asks to issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from antt_tui.domain.dates import year_back
from antt_tui.domain.errors import DomainError, ValidationError
from antt_tui.domain.text import fold
from antt_tui.outputs import OutputRefused, write_new
from antt_tui.reports.compose import NO_AUTHORITY, NO_SIGNER
from antt_tui.reports.document import Document
from antt_tui.reports.figures import Figures
from antt_tui.reports.issued import IssuedReports
from antt_tui.reports.periods import Period
from antt_tui.reports.settings import SignerMissing
from antt_tui.reports.wording import change_pct, num, pct
from antt_tui.reports.workflow import Reports, draft_text, issued_text
from antt_tui.storage.errors import StoreError
from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult
from antt_tui.tui.screens.criteria import status_text
from antt_tui.tui.screens.report_form import ReportRequest, form_values, open_report_form
from antt_tui.tui.views import shorten
from antt_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

COMPUTING = "Đang tính số liệu…"
WRITING = "Đang tạo báo cáo…"
"""What the busy line says while the figures are computed / a PDF is made."""



# ---------------------------------------------------------------------- files and register


def report_filename(period: Period, unit_name: str, number: int | None = None,
                    version: int = 1) -> str:
    """ "bao-cao-thang-10-2026-thon-dong-ha.pdf"; an issued one "bao-cao-so-05-…"."""
    if period.kind == "thang":
        part = f"thang-{period.end.month:02d}-{period.year}"
    elif period.kind == "quy":
        part = f"quy-{(period.end.month + 2) // 3}-{period.year}"
    elif period.kind == "nam":
        part = f"nam-{period.year}"
    else:
        part = f"ky-danh-gia-{period.year}"
    unit = re.sub(r"[^a-z0-9]+", "-", fold(unit_name)).strip("-") or "bao-cao"
    name = "bao-cao-" + (f"so-{number:02d}-" if number is not None else "") + f"{part}-{unit}"
    return name + (f"-phien-ban-{version}" if version > 1 else "") + ".pdf"


def reports_folder(app: AnttApp) -> Path:
    """Where PDFs are written: the "bao-cao" folder of the exports folder."""
    return app.state.paths.exports / "bao-cao"


def write_pdf(app: AnttApp, path: Path, data: bytes) -> Path:
    """Write a PDF (its folder made when missing) without replacing a file; the path written.

    Raises `OutputRefused` for a path in a database or backup folder (`antt_tui.outputs`).
    The screen names its files itself, so a file already there is most likely an earlier
    export of the same report, which the officer may have printed, signed or sent: it is
    kept, and the new PDF takes the next free name ("…-2.pdf"), shown in the status line and
    opened by O. A reprint with the very same bytes reuses the file. Asking instead would put
    a dialog in front of every repeated export, for a choice whose safe answer is always "keep".
    """
    state = app.state
    return write_new(path, data, paths=state.paths, protected=[state.folder])


def report_workflow(app: AnttApp) -> Reports:
    """The report workflow of the open database (the one `antt report` uses)."""
    return app.state.session.reports()


def register(app: AnttApp) -> IssuedReports:
    """The issued reports of the open database."""
    return report_workflow(app).register


def error_text(exc: Exception) -> str:
    """A domain error as sentences for a dialog."""
    if isinstance(exc, ValidationError):
        return "\n".join(exc.errors.values())
    return str(exc)


# ---------------------------------------------------------------------- the preview


def preview_rows(fig: Figures) -> list[tuple[Any, ...]]:
    """The main figures: households, commitments, Hộ an toàn, for a quarter or a year the
    criteria, visits, patrols, then incidents against the same period last year."""
    households = fig.households
    t = fig.teams
    rows: list[tuple[Any, ...]] = [
        ("Hộ đang cư trú", f"{num(households)} hộ", "", ""),
        ("Nhân khẩu", num(fig.people), "", ""),
        (f"Hộ ký cam kết năm {fig.period.end.year}",
         f"{num(fig.commitments_signed)}/{num(households)} "
         f"({pct(fig.commitments_signed, households)})", "", ""),
        (f"Hộ an toàn năm {fig.assessment_year}",
         f"{num(fig.safe_households)}/{num(households)} "
         f"({pct(fig.safe_households, households)})", "", ""),
    ]
    for evaluation in fig.criteria:
        rows.append((shorten(evaluation.name.split(" (")[0], 30), status_text(evaluation.status),
                     "", ""))
    rows.append(("Lượt kiểm tra hộ", f"{num(fig.visits)} ({num(fig.households_visited)} hộ)",
                 "", ""))
    rows.append(("Tuần tra", f"{num(t.get('patrols', 0))} ca, "
                             f"{num(t.get('patrol_turns', 0))} lượt", "", ""))
    if fig.incidents:
        total = fig.incidents[-1]
        rows.append((Text("Vụ việc (tổng số)", style="bold"), num(total.now), num(total.before),
                     _change(total)))
        for count in fig.incidents[:-1]:
            if count.now or count.before:
                rows.append(("  " + shorten(count.label, 28), num(count.now), num(count.before),
                             _change(count)))
    return rows


def _change(count: Any) -> str:
    if not count.change:
        return "0"
    if count.change_pct is None:  # nothing last year: no percentage
        return f"{count.change:+d}"
    return f"{count.change:+d} ({change_pct(count)})"


class ReportScreen(AnttMixin, Screen[None]):
    """A report's main figures before it is written: p writes the draft PDF, or issues the
    report when a number was given; e changes the choices; l lists the issued reports."""

    CSS_PATH = "reports.tcss"
    HELP_TITLE = "Báo cáo"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", show=False,
                id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Về màn hình trước", id="back"),
        Binding("p", "draft", "Xuất PDF",
                tooltip="Ghi bản nháp PDF (chưa có số)", id="draft"),
        Binding("p", "issue", "Ban hành",
                tooltip="Lưu báo cáo có số (hỏi trước), ghi PDF", id="issue"),
        Binding("e", "edit", "Sửa",
                tooltip="Đổi loại, đơn vị, kỳ, ngày, số, phần III–V", id="edit"),
        Binding("l", "issued", "Đã ban hành",
                tooltip="In lại, kiểm tra báo cáo đã ban hành", id="issued"),
        Binding("f5", "reload", "Tính lại", tooltip="Tính lại theo dữ liệu mới nhất",
                show=False, id="reload"),
        Binding("o", "open_pdf", "Mở PDF", show=False,
                tooltip="Mở tệp PDF vừa ghi bằng chương trình xem PDF của máy", id="open_pdf"),
        Binding("s", "settings", "Thiết lập", show=False,
                tooltip="Tiêu đề, ký hiệu, người ký, nơi nhận (đặt một lần)", id="settings"),
    ]

    @dataclass
    class Computed(WorkerResult):
        """The document and figures of a request."""

        request: ReportRequest
        document: Document
        figures: Figures

    @dataclass
    class Written(WorkerResult):
        """A PDF was written (a draft, or an issued report)."""

        path: Path
        said: str

    @dataclass
    class Failed(WorkerResult):
        """A step failed: a dialog with this title and text."""

        title: str
        text: str

    @dataclass
    class NeedsSigner(WorkerResult):
        """Issuing found the unit without a signer (its settings changed meanwhile)."""

    def __init__(self, scope: str = "", request: ReportRequest | None = None) -> None:
        super().__init__()
        self.scope = scope
        self.request = request
        """The report shown; None until the form has been filled in."""
        self.document: Document | None = None
        self.figures: Figures | None = None
        """The document and figures of `request`, once computed."""
        self.busy = ""
        """What is running (COMPUTING, WRITING), or ""."""
        self.written: Path | None = None
        """The last PDF written from this screen."""
        self.issue_when_loaded = False
        """Ask to issue once the figures are computed again (after the signer was set)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Chọn báo cáo…", id="report-title")
        yield DataTable(id="report-figures", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="report-busy"):
            yield LoadingIndicator()
            yield Static("", id="report-busy-text")
        yield Static("", id="report-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        if self.request is None:
            self.action_edit()
        else:
            self.load()

    # ------------------------------------------------------------------ state

    def _set_busy(self, what: str) -> None:
        self.busy = what
        self.set_class(bool(what), "-busy")
        self.query_one("#report-busy-text", Static).update(what)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """p is "Xuất PDF" for a draft and "Ban hành" for a numbered report; both wait for
        the figures and for a PDF under way."""
        if action in ("draft", "issue"):
            if self.request is None or (self.request.number is None) != (action == "draft"):
                return False
            return None if self.busy or self.document is None else True
        if action == "reload":
            return None if self.request is None or self.busy else True
        return True

    # ------------------------------------------------------------------ figures

    def refresh_data(self) -> None:
        """Something was saved elsewhere: count again (not while a PDF is being made from
        the figures on screen; F5 counts again afterwards)."""
        if self.request is not None and self.busy != WRITING:
            self.load()

    def load(self) -> None:
        """Compute the figures of the request in a worker."""
        self.document = self.figures = None
        self.query_one(DataTable).loading = True
        self._set_busy(COMPUTING)
        self._compute(self.request)

    @work(thread=True, exclusive=True, group="report")
    def _compute(self, request: ReportRequest) -> None:
        try:
            doc, figures = report_workflow(self.antt).draft(request)
        except (DomainError, ValueError) as exc:
            self.post_message(self.Failed("Không tính được số liệu", error_text(exc)))
            return
        self.post_message(self.Computed(request, doc, figures))

    @on(Computed)
    def _show(self, message: Computed) -> None:
        request, doc, figures = message.request, message.document, message.figures
        if message.stale or request is not self.request:
            return  # the choices changed while this was computed
        self.document, self.figures = doc, figures
        period = figures.period
        number = doc.header.number.removeprefix("Số:").strip()
        what = (f"Số {number}: p ban hành" if request.number is not None
                else "Bản nháp: p xuất PDF")
        if self._signer_missing():
            what += " · chưa có người ký (s: thiết lập)"
        # The report's one day (at most the period's end); last year's up to a year before.
        day = figures.as_of
        seen = period.up_to(day)
        last = period.last_year().up_to(year_back(day))
        self.query_one("#report-title", Static).update(
            f"[b]{figures.unit_name}[/b] · Báo cáo {period.label.split(' (')[0]} · tính đến "
            f"{day:%d/%m/%Y}\n[dim]Kỳ này {seen.span}; cùng kỳ năm trước "
            f"{last.span}\n{what} · e: sửa lựa chọn, phần III–V · l: đã ban hành[/dim]")
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Số liệu", "Kết quả", "Cùng kỳ", "Tăng, giảm")
        for n, row in enumerate(preview_rows(figures)):
            table.add_row(*row, key=str(n))
        table.loading = False
        table.focus()
        self._set_busy("")
        if self.issue_when_loaded:
            self.issue_when_loaded = False
            if self._signer_missing():
                self.notify("Báo cáo vẫn chưa có người ký nên chưa ban hành.",
                            severity="warning")
            else:
                self.action_issue()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        from antt_tui.tui.screens.dialogs import MessageDialog

        self.query_one(DataTable).loading = False
        self._set_busy("")
        self.app.push_screen(MessageDialog(message.title, message.text))

    # ------------------------------------------------------------------ actions

    def action_edit(self) -> None:
        """The form, with the current choices."""
        def chosen(request: ReportRequest | None) -> None:
            if request is not None:
                self.request = request
                self.load()
            elif self.request is None and self.app.screen is self:
                self.app.pop_screen()  # nothing chosen: back to where the officer was

        open_report_form(self.antt, form_values(self.antt, self.scope, self.request), chosen)

    def action_reload(self) -> None:
        """Count again."""
        self.refresh_data()

    def action_draft(self) -> None:
        """Write the draft PDF in a worker."""
        if self.document is None or self.figures is None or self.request is None:
            return
        doc = self.document  # a draft: its footer says so
        path = reports_folder(self.antt) / report_filename(self.figures.period,
                                                          self.figures.unit_name)
        self._set_busy(WRITING)
        self._write_draft(doc, path, draft_text(self.figures))

    @work(thread=True, exclusive=True, group="report-pdf")
    def _write_draft(self, doc: Document, path: Path, said: str) -> None:
        from antt_tui.reports.pdf import render

        try:
            path = write_pdf(self.antt, path, render(doc))
        except OSError as exc:
            self.post_message(self.Failed("Chưa ghi được tệp PDF", f"{path}\n{exc}"))
            return
        except OutputRefused as exc:
            self.post_message(self.Failed("Chưa ghi được tệp PDF", str(exc)))
            return
        self.post_message(self.Written(path, said))

    def _signer_missing(self) -> bool:
        """The report on screen has no signer's name or title (its settings lack them)."""
        signature = self.document.signature if self.document is not None else None
        return signature is not None and (signature.name == NO_SIGNER
                                          or NO_AUTHORITY in signature.authority)

    @on(NeedsSigner)
    def _signer_needed(self) -> None:
        self._set_busy("")
        self._ask_signer()

    def _ask_signer(self) -> None:
        """The unit's report settings, to set the signer; once saved, p's question follows."""
        from antt_tui.tui.screens.report_settings import edit_settings

        scope = self.request.scope if self.request is not None else self.scope

        def done(result: object) -> None:
            if result and self.request is not None:
                self.issue_when_loaded = True
                self.load()

        self.notify("Báo cáo chưa có người ký: nhập họ tên và chức vụ người ký, lưu (Ctrl+S) "
                    "rồi ban hành.", title="Cần người ký", timeout=8)
        edit_settings(self.antt, scope, callback=done, why="cần người ký để ban hành")

    def action_issue(self) -> None:
        """Ask, then issue the report with its number and write its PDF (the signer's
        settings first, when they are missing)."""
        from antt_tui.tui.screens.dialogs import ConfirmDialog

        request, doc, figures = self.request, self.document, self.figures
        if request is None or request.number is None or doc is None or figures is None:
            return
        if self._signer_missing():
            self._ask_signer()
            return
        number = doc.header.number.removeprefix("Số:").strip()

        def answer(ok: bool | None) -> None:
            if ok:
                self._set_busy(WRITING)
                self._issue(request)

        self.app.push_screen(ConfirmDialog(
            f"Ban hành báo cáo số {number}?",
            f"Báo cáo {figures.period.label} của {figures.unit_name}, số liệu tính đến "
            f"{figures.as_of:%d/%m/%Y}, ngày ban hành {request.issued_on:%d/%m/%Y}, người ký "
            f"{doc.signature.name}.\n\n"
            "Báo cáo ban hành được lưu lại cùng số liệu và mã kiểm tra; không sửa, không xóa "
            "được. Nếu sau này số liệu thay đổi, ban hành lại cùng số sẽ thành phiên bản mới.",
            confirm="Ban hành", cancel="Quay lại"), answer)

    @work(thread=True, exclusive=True, group="report-pdf")
    def _issue(self, request: ReportRequest) -> None:
        from antt_tui.reports.pdf import render

        state = self.antt.state
        try:
            issued = state.run(report_workflow(self.antt).issue, request, render=render)
        except SignerMissing:  # the settings changed since the figures were computed
            self.post_message(self.NeedsSigner())
            return
        except (DomainError, StoreError) as exc:
            self.post_message(self.Failed(
                "Chưa ban hành",
                f"{error_text(exc)}\n\nĐổi số báo cáo: phím e. In lại báo cáo đã ban hành: "
                "phím l."))
            return
        path = reports_folder(self.antt) / report_filename(
            request.period, issued.label.split(" — ", 1)[-1], request.number,
            issued.version)
        said = issued_text(issued)
        try:
            path = write_pdf(self.antt, path, issued.pdf)
        except (OSError, OutputRefused) as exc:
            where = "" if isinstance(exc, OutputRefused) else f"{path}: "
            self.post_message(self.Failed(
                "Đã ban hành, nhưng chưa ghi được tệp PDF",
                f"{said}.\n{where}{exc}\n\nIn lại từ danh sách báo cáo đã ban hành (phím l)."))
            return
        self.post_message(self.Written(path, said))

    @on(Written)
    def _written(self, message: Written) -> None:
        path, said = message.path, message.said
        self.written = path
        self._set_busy("")
        self.query_one("#report-status", Static).update(f"{said}: {path}")
        self.notify(str(path), title=said, timeout=10)

    def action_open_pdf(self) -> None:
        """Open the PDF just written with the computer's PDF viewer."""
        path = getattr(self, "written", None)
        if path is None:
            self.notify("Chưa có tệp PDF: nhấn p để xuất trước.", severity="warning")
            return
        try:
            open_file(Path(path))
        except OSError:
            self.notify(f"Máy này chưa có chương trình xem PDF, hoặc chương trình không mở "
                        f"được tệp. Tệp đã lưu tại: {path}", title="Không mở được tệp",
                        severity="error", timeout=15)

    def action_settings(self) -> None:
        """Edit the report settings of this report's unit (header lines, signer …)."""
        from antt_tui.tui.screens.report_settings import edit_settings

        scope = self.request.scope if self.request is not None else self.scope

        def done(result: object) -> None:
            if result and self.request is not None:
                self.load()

        edit_settings(self.antt, scope, callback=done)

    def action_issued(self) -> None:
        """The issued reports (back to the list when this screen was opened from it)."""
        stack = self.app.screen_stack
        if len(stack) > 1 and getattr(stack[-2], "LISTS_ISSUED_REPORTS", False):
            self.app.pop_screen()
        else:
            self.antt.action_issued_reports()

    def action_back(self) -> None:
        self.app.pop_screen()


def open_file(path: Path) -> None:
    """Open a file with the system's default program (Windows, macOS, Linux)."""
    import os
    import subprocess
    import sys

    if sys.platform.startswith("win"):
        os.startfile(str(path))  # type: ignore[attr-defined]
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)])
    else:
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
