"""The one-line title at the top of every screen."""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """The app's title, drawn once (Textual's Header can fail when screens switch quickly)."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        self.update(self.app.title)
