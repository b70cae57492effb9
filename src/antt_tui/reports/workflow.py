"""The report workflow of both front ends: a unit's report for a period, as a draft or issued
with its number; the register of issued reports; each unit's report settings.

`antt report …` and the TUI's report screens go through `Reports` (built by
`Session.reports`): what is read comes from a snapshot of the database, made afresh for each
report, and what is written goes to the report archive (the roster's `ReportRecords`). The
sentences that say what was made are here as well, so both front ends say the same.

    reports = session.reports()
    document, figures = reports.draft(request)
    issued = reports.issue(request, render=render)   # needs request.number and a signer
    print(issued_text(issued))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.criteria.engine import facts_of
from antt_tui.criteria.facts import Facts
from antt_tui.criteria.snapshot import Snapshot
from antt_tui.reports import settings as report_settings
from antt_tui.reports.compose import ReportText, build
from antt_tui.reports.document import Document
from antt_tui.reports.figures import Figures
from antt_tui.reports.issued import IssuedReports, ReportArchive
from antt_tui.reports.periods import Period
from antt_tui.reports.periods import period as make_period
from antt_tui.reports.record import IssuedReport
from antt_tui.reports.settings import ReportSettings

__all__ = ["ReportRequest", "Reports", "draft_text", "issued_text"]


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """One report as the officer chose it."""

    kind: str
    """A kind of `reports.periods.KINDS` ("ky_thon"/"ky_xa" for the TT 124 window)."""
    spec: str
    """The period as typed: "2026-10", "2026-Q3", "2026"."""
    scope: str
    """A village id, or "" for the commune."""
    as_of: date
    """The day the figures count to (at most the period's last day)."""
    number: int | None
    """The report's number: None for a draft."""
    issued_on: date
    """The day printed on the report."""
    text: ReportText = field(default_factory=ReportText)
    """The officer's parts III–V."""
    boundary_day: int = 1
    """Where reporting months start (the unit's report settings: 1 or e.g. 15)."""
    appendices: bool = True
    """Print the lists behind the figures."""

    @property
    def period(self) -> Period:
        """The period, with the months starting where the unit's settings say."""
        return make_period(self.kind, self.spec, boundary_day=self.boundary_day)


class Reports:
    """The reports of one database: drafts, issuing and the register, and the settings."""

    def __init__(self, snapshot: Callable[[], Snapshot], archive: ReportArchive) -> None:
        self.snapshot = snapshot
        """Today's records (a snapshot is asked for each time something is built)."""
        self.archive = archive
        self.register = IssuedReports(archive, snapshot)
        """The issued reports: list, reprint, verify."""

    def facts(self) -> Facts:
        """The facts of today's records."""
        return facts_of(self.snapshot())

    # ------------------------------------------------------------------ settings

    def unit_name(self, scope: str) -> str:
        """"Thôn Đông Hạ" for a village id, the commune's name for ""."""
        return self.facts().unit_name(scope)

    def settings(self, scope: str) -> ReportSettings:
        """The unit's report settings: what the office set, over the defaults."""
        return report_settings.settings_for(self.facts(), scope)

    def stored_settings(self, scope: str) -> dict[str, Any]:
        """What the office has set for the unit (possibly nothing)."""
        return report_settings.stored(self.snapshot(), scope)

    def boundary_day(self, scope: str) -> int:
        """Where the unit's reporting months start: 1 unless set to e.g. 15."""
        return report_settings.boundary_day(self.snapshot(), scope)

    def save_settings(self, scope: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Check and save changed settings of the unit (one saved change); returns what
        the unit has set now. Raises `ValidationError` (nothing saved) for a bad value."""
        return report_settings.save(self.archive, scope, changes, self.unit_name(scope))

    # ------------------------------------------------------------------ reports

    def draft(self, request: ReportRequest) -> tuple[Document, Figures]:
        """The report's document and figures, not saved: a draft (its footer says so) or,
        with a number, what issuing it would print."""
        return build(self.facts(), request.scope, request.period, request.as_of,
                     text=request.text, number=request.number, issued_on=request.issued_on,
                     appendices=request.appendices)

    def issue(self, request: ReportRequest, *, render: Callable[[Document], bytes] | None = None
              ) -> IssuedReport:
        """Issue the report with its number (`IssuedReports.issue`): the report as stored,
        with the PDF `render` made of the final document (`.pdf`). Raises `SignerMissing`
        when the unit's settings have no signer, `ValidationError` for a number in use."""
        if request.number is None:
            raise ValueError("a report is issued with its number")
        return self.register.issue(
            kind=request.kind, spec=request.spec, scope=request.scope, number=request.number,
            as_of=request.as_of, issued_on=request.issued_on,
            boundary_day=request.boundary_day, text=request.text,
            appendices=request.appendices, render=render)


def draft_text(figures: Figures) -> str:
    """"Bản nháp báo cáo tháng 10 năm 2026 của Thôn Đông Hạ"."""
    return f"Bản nháp báo cáo {figures.period.label} của {figures.unit_name}"


def issued_text(issued: IssuedReport) -> str:
    """"Đã ban hành báo cáo số 05 (tháng 10 năm 2026 — Thôn Đông Hạ, phiên bản 1, mã kiểm
    tra 3f9a0c12d4e5b6a7)"."""
    return (f"Đã ban hành báo cáo số {issued.number:02d} ({issued.label}, phiên bản "
            f"{issued.version}, mã kiểm tra {issued.doc_hash[:16]})")
