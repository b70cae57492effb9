"""The keyboard-driven Textual front end."""

from antt_tui.tui.app import AnttApp
from antt_tui.tui.state import AppState

__all__ = ["AnttApp", "AppState"]
