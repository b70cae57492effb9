"""Typed access from screens, dialogs and palette providers to the running app and its state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from antt_tui.tui.app import AnttApp

__all__ = ["AnttMixin"]


class _HasApp(Protocol):
    @property
    def app(self) -> App[object]: ...


class AnttMixin:
    """Gives a screen, dialog or command provider `self.antt`: Textual's `self.app`, typed as
    the AnttApp it always is here, so `self.antt.state` is an `AppState`."""

    @property
    def antt(self: _HasApp) -> AnttApp:
        """The running app (Textual types `self.app` as any App)."""
        return cast("AnttApp", self.app)
