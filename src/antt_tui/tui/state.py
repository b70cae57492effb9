"""The one plain object the app shares with its screens: where the data is, and the session."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from antt_tui.paths import Paths
from antt_tui.session import Session

T = TypeVar("T")


@dataclass
class AppState:
    """Settings of this run and the open database (None until the start screen opens it)."""

    paths: Paths
    folder: Path
    """The database folder this run works on."""
    officer: str = ""
    """Name written into the change journal."""
    today: Callable[[], date] = date.today
    """The working day (tests pass a fixed one)."""
    session: Session | None = None
    stale_months: int = 6
    """A household not visited for longer than this is flagged."""
    visit_officer: str = ""
    """The officer of the last visit recorded in this run, offered for the next one when no
    officer was given at start."""
    lock: threading.RLock = field(default_factory=threading.RLock)
    """Serialises changes (check, then save) between worker threads. Reads take no lock:
    the store hands out snapshots, so a save cannot break a read under way."""

    def open(self, *, create: bool = False) -> Session:
        """Open the database folder (in a worker thread: it takes a moment)."""
        with self.lock:
            if self.session is None:
                self.session = Session.open(self.folder, paths=self.paths, officer=self.officer,
                                            create=create, today=self.today)
                # Hundreds of thousands of records now live for the whole run: keep them out
                # of the garbage collector's full passes, which would freeze the screen.
                gc.freeze()
            return self.session

    def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call `func` (a save) with the database held for this thread alone."""
        with self.lock:
            return func(*args, **kwargs)

    @property
    def sync_role(self) -> str | None:
        """This database's side in the USB round trip: "commune" once the commune made (or
        restored) its key, "village" once a village laptop joined, None before either (or
        with no database open). The app treats None as the commune's side: a village laptop
        joins from the start screen, before it has any database."""
        if self.session is None:
            return None
        return self.session.sync_role

    @property
    def roster(self):
        """The open roster (the start screen guarantees a session before other screens)."""
        assert self.session is not None, "database not open"
        return self.session.roster

    def close(self) -> None:
        """Checkpoint and release the database."""
        with self.lock:
            if self.session is not None:
                self.session.close()
                self.session = None
