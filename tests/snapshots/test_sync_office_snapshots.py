"""Snapshot at 80×24 of the commune office's sync screen (tests/tui/office_world.py: fixed
clocks, keys from fixed seeds): the laptop of Thôn Trung Lập that never sent on top, then the
laptop of Thôn Đông Hạ, silent for 50 days, with its last bundle below the table.

Regenerate on purpose with `pytest tests/snapshots --snapshot-update -k sync_office`, then
read the diff; never edit the SVG files by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from antt_tui.tui.screens.sync_office import SyncScreen
from tests.tui.conftest import SIZE, settle, table_rows, wait_for, wait_for_overview
from tests.tui.office_world import fixed_keys, make_office
from tests.unit.sync.conftest import cheap_kdf

__all__ = ["cheap_kdf"]


async def sync_screen(pilot: Pilot) -> None:
    await wait_for_overview(pilot)
    pilot.app.action_sync()  # the commune's side: the office screen
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SyncScreen)
                   and len(table_rows(pilot.app.screen.query_one(DataTable))) == 2,
                   what="the laptops")
    await settle(pilot, pilot.app)


def test_sync_office_screen(snap_compare, make_app, paths, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_keys(monkeypatch)
    office = make_office(paths, tmp_path, monkeypatch, ("DH", "TL"))
    try:
        assert snap_compare(make_app(office.folder), terminal_size=SIZE,
                            run_before=sync_screen)
    finally:
        for laptop in office.laptops:
            laptop.close()
