"""A progress bar and a line saying what is running, shown only while something runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class BusyLine(Horizontal):
    """A progress bar (turning when the total is unknown) and what is being done.

    Hidden until `show` is called; `hide` puts it away again.
    """

    DEFAULT_CSS = """
    BusyLine {
        display: none;
        height: 1;
        padding: 0 1;
    }
    BusyLine.-on {
        display: block;
    }
    BusyLine > ProgressBar {
        width: 34;
    }
    BusyLine > Static {
        width: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, show_percentage=False)
        yield Static("")

    def show(self, text: str, total: int | None = None, done: int = 0) -> None:
        """Say what is running; with `total`, how far it has got."""
        self.add_class("-on")
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one(Static).update(text)

    def hide(self) -> None:
        """Nothing is running any more."""
        self.remove_class("-on")
        self.query_one(ProgressBar).update(total=None, progress=0)
