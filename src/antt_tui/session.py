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
    from antt_tui.roster.roster_import.imports_log import ImportSummary


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

    # What the front ends need of the store itself, so that they never hold it.

    @property
    def sync_role(self) -> str | None:
        """"commune", "village", or None before any sync was set up."""
        return (self.store.meta.get("sync") or {}).get("role")

    def set_officer(self, name: str) -> None:
        """The officer whose name goes with the saves from now on."""
        self.store.officer = name

    def take_messages(self) -> list[str]:
        """The store's notices and warnings not yet shown (see `Store.take_messages`)."""
        return self.store.take_messages()

    def checkpoint_safely(self) -> int:
        """Checkpoint; a failure is a warning (see `Store.checkpoint_safely`)."""
        return self.store.checkpoint_safely()

    def imports(self) -> list[ImportSummary]:
        """The roster imports saved in this database (see `roster_import.imports`)."""
        from antt_tui.roster.roster_import import imports

        return imports(self.store)

    def close(self) -> None:
        """Checkpoint and release the database."""
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
