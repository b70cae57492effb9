"""What the reports keep in the database: the reports they issued (table `reports`) and each
unit's report settings (records of table `settings`).

The reports layer decides what is written (`antt_tui.reports.issued`, `reports.settings`);
this writes it, each change one journal entry, and reads the issued reports back. It is the
`ReportArchive` those modules ask for.
"""

from __future__ import annotations

from typing import Any

from antt_tui.roster.service import Roster
from antt_tui.roster.snapshot import settings_of
from antt_tui.storage import tables


class ReportRecords:
    """The issued reports and the report settings of one database."""

    def __init__(self, roster: Roster) -> None:
        self.store = roster.store

    def issued(self) -> list[dict[str, Any]]:
        """Every issued report (not deleted), as stored."""
        return [r for r in self.store.records(tables.REPORTS) if not r.get("deleted")]

    def issued_report(self, report_id: str) -> dict[str, Any] | None:
        """An issued report by its id (None when there is none)."""
        found = self.store.get(tables.REPORTS, report_id)
        return None if found is None or found.get("deleted") else found

    def add_issued(self, report_id: str, record: dict[str, Any], *, summary: str) -> None:
        """Keep a newly issued report: one journal entry."""
        self.store.commit("report.issue",
                          self.store.op_set(tables.REPORTS, report_id, record, new=True),
                          summary=summary)

    def save_settings(self, settings_id: str, fields: dict[str, Any], *, summary: str
                      ) -> dict[str, Any]:
        """Set fields of a report settings record (one journal entry; none saves nothing);
        returns what the record now holds."""
        if fields:
            self.store.commit("settings.report",
                              self.store.op_set(tables.SETTINGS, settings_id, fields),
                              summary=summary)
        return dict(settings_of(self.store.get(tables.SETTINGS, settings_id) or {"id": ""}))
