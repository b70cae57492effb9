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
        # The app's sub-title names the officer using the laptop; it changes with "Đổi cán bộ".
        self.watch(self.app, "sub_title", self._show)

    def _show(self, sub_title: str = "") -> None:
        self.update(f"{self.app.title} · {sub_title}" if sub_title else self.app.title)
