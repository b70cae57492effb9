"""Nhập danh sách từ Excel at 80×24: the preview page of a village's roster with a broken row.

Regenerate on purpose with `pytest tests/snapshots --snapshot-update`, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot

from antt_tui.tui.screens.roster_import import RosterImportScreen
from antt_tui.tui.screens.roster_import_dialogs import FileDialog
from tests.tui.conftest import (
    SIZE,
    settle,
    small_db,
    text_of,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_roster_import_screen import roster_file

__all__ = ["small_db"]


def test_roster_import_preview(snap_compare, make_app, small_db: Path, tmp_path: Path) -> None:
    """Counts, the tabs, the broken row first with its reason in full under the table."""
    path = roster_file(tmp_path)

    async def preview(pilot: Pilot) -> None:
        await wait_for_overview(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, FileDialog)
        await pilot.press("tab")
        pilot.app.post_message(events.Paste(str(path)))
        await pilot.pause()
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RosterImportScreen)
        await wait_for(pilot, lambda: "Hộ mới" in text_of(screen.query_one("#ri-summary")),
                       what="the preview")
        await pilot.press("2")
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(small_db), terminal_size=SIZE, run_before=preview)
