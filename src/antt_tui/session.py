"""The shared state of one run: paths, the open store and the roster over it.

Built once at start-up by a front end (CLI or TUI) and passed down; no module-level state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from antt_tui.paths import Paths
from antt_tui.roster import Roster
from antt_tui.storage.store import Clock, Store, local_now

if TYPE_CHECKING:
    from antt_tui.reports.workflow import Reports


@dataclass(slots=True)
class Session:
    """An open database and what works on it. Close it (or use `with`)."""

    paths: Paths
    store: Store
    roster: Roster

    @classmethod
    def open(cls, folder: Path, *, paths: Paths, officer: str = "", create: bool = False,
             today: Callable[[], date] = date.today, clock: Clock = local_now) -> Session:
        """Open the database folder (creating it with `create`) and build the roster."""
        store = Store.open(folder, officer=officer, create=create, clock=clock,
                           backup_dir=paths.backups_for(folder),
                           aside_dir=paths.set_aside_for(folder))
        try:
            roster = Roster(store, today=today)
        except BaseException:
            store.close(backup=False)
            raise
        return cls(paths, store, roster)

    def reports(self) -> Reports:
        """The report workflow over this database (drafts, issuing, the register,
        settings), the same for the CLI and the TUI."""
        # Imported here: most commands never build a report (start-up stays quick).
        from antt_tui.reports.workflow import Reports
        from antt_tui.roster.reports import ReportRecords

        return Reports(self.roster.snapshot, ReportRecords(self.roster))

    def close(self) -> None:
        """Checkpoint and release the database."""
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
