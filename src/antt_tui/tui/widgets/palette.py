"""The command palette in Vietnamese: Textual's own, with its one English line translated."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

NO_MATCHES = "Không có lệnh nào khớp"


class Palette(CommandPalette):
    """Textual's command palette, saying "Không có lệnh nào khớp" when nothing matches."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual writes "No matches found" inline in this method; it is restated here with
        # the Vietnamese line (same timing, same disabled option id).
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(NO_MATCHES, style="not bold")), disabled=True,
                    id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
