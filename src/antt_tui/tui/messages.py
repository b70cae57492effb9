"""Messages shared between screens, and the base of what thread workers post back."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import NoActiveWorker, Worker, get_current_worker

from antt_tui.domain.errors import ValidationError


@dataclass
class DataChanged(Message):
    """Something was saved; screens showing data refresh themselves."""

    what: str = ""
    """A short Vietnamese description of the change, shown as a notification."""


@dataclass
class Notice(Message):
    """A word for the officer from a worker thread, which may not call `notify` itself; the
    app shows it as a notification."""

    text: str
    title: str = ""
    severity: SeverityLevel = "information"
    timeout: float | None = None
    """Seconds on screen (None: Textual's default)."""


def failure(exc: Exception, title: str) -> Notice:
    """What went wrong (a message of the layers below), as the notification a worker posts
    to the app."""
    text = "\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
    return Notice(text, title=title, severity="error", timeout=10)


@dataclass
class WorkerResult(Message):
    """Base of the (dataclass) messages a screen's thread worker posts back to it with what
    it read or did: the screen shows the result when the message arrives, on its own thread.

    The message remembers the worker that made it. When the screen has since started the same
    exclusive work again, that worker was cancelled and its result is `stale`: the screen
    drops it, so a slow, older read never replaces a newer one.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            self.worker: Worker | None = get_current_worker()
        except NoActiveWorker:  # made outside a worker: never stale
            self.worker = None

    @property
    def stale(self) -> bool:
        """A newer run of the same work was started after this one."""
        return self.worker is not None and self.worker.is_cancelled
