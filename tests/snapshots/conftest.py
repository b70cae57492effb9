"""Snapshot fixtures: the same app factory, databases and still cursor as the pilot tests."""

from tests.tui.conftest import generated_db, make_app, no_cursor_blink

__all__ = ["generated_db", "make_app", "no_cursor_blink"]
