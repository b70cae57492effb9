"""Command palette providers: the app's commands and "open a village", matched without
diacritics ("tim ho" finds "Tìm hộ")."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from antt_tui.domain.text import fold
from antt_tui.roster.entities import VillageRecord
from antt_tui.tui.context import AnttMixin


class VillageCommands(AnttMixin, Provider):
    """ "Mở thôn …": jump to the household list of a village."""

    def _villages(self) -> list[VillageRecord]:
        state = self.antt.state
        if state.session is None:
            return []
        return state.roster.villages()

    async def discover(self) -> Hits:
        for village in self._villages():
            yield DiscoveryHit(f"Mở thôn: {village.name}",
                               partial(self.antt.action_open_village, village.id),
                               help=f"Mã {village.code}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for village in self._villages():
            text = f"Mở thôn: {village.name}"
            score = matcher.match(fold(text))
            if score > 0:
                yield Hit(score, matcher.highlight(text),
                          partial(self.antt.action_open_village, village.id),
                          help=f"Mã {village.code}")


class AppCommands(AnttMixin, Provider):
    """The app's system commands (Tìm hộ, Thêm hộ, Tổng quan, Trợ giúp, Thoát …)."""

    def _commands(self) -> list:
        return list(self.app.get_system_commands(self.screen))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for command in self._commands():
            score = matcher.match(fold(command.title))
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback,
                          help=command.help)
