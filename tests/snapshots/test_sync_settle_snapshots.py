"""Snapshots at 80×24 of the conflict queue (a field, a held life event) and of a duplicate
pair, at the commune office of tests/tui/settle_world.py (fixed names, fixed clocks, ids from
a seeded generator).

Regenerate on purpose with `pytest tests/snapshots --snapshot-update -k settle`, then read
the diff; never edit the SVG files by hand.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from antt_tui.tui.screens.sync_conflicts import ConflictQueueScreen
from antt_tui.tui.screens.sync_duplicates import DuplicatesScreen
from tests.tui.conftest import SIZE, settle, text_of, wait_for, wait_for_overview
from tests.tui.settle_world import (
    address_conflict,
    build_office,
    duplicate_person,
    fixed_ids,
    split_against_move,
)
from tests.unit.sync.conftest import cheap_kdf

__all__ = ["cheap_kdf", "fixed_ids"]


async def conflict_queue(pilot: Pilot) -> None:
    await wait_for_overview(pilot)
    pilot.app.action_sync_conflicts()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictQueueScreen))
    await wait_for(pilot, lambda: text_of(pilot.app.screen.query_one("#conflict-title"))
                   .startswith("Xung đột"), what="the first conflict")
    await settle(pilot, pilot.app)


async def duplicate_pair(pilot: Pilot) -> None:
    await wait_for_overview(pilot)
    pilot.app.action_sync_duplicates()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DuplicatesScreen))
    await wait_for(pilot, lambda: text_of(pilot.app.screen.query_one("#pair-title"))
                   .startswith("Cặp nghi trùng"), what="the first pair")
    await settle(pilot, pilot.app)


def test_settle_conflict_queue(snap_compare, make_app, fixed_ids, tmp_path: Path) -> None:
    """DH-0001's address typed at the commune ("Xóm Chùa", shown now) and on the laptop of
    Thôn Đông Hạ ("Xóm Đình"), each with who, when and which laptop; keys 1, 2, e, s."""
    office = build_office(tmp_path / "dong-bo")
    address_conflict(office)
    assert snap_compare(make_app(office.close()), terminal_size=SIZE,
                        run_before=conflict_queue)


def test_settle_held_life_event(snap_compare, make_app, fixed_ids, tmp_path: Path) -> None:
    """The commune's move of Lê Thị Cúc held back beside the laptop's split of DH-0001 that
    came first: each event in words with who, when and which laptop; keys 1, 2, s."""
    office = build_office(tmp_path / "dong-bo")
    split_against_move(office)
    assert snap_compare(make_app(office.close()), terminal_size=SIZE,
                        run_before=conflict_queue)


def test_settle_duplicate_pair(snap_compare, make_app, fixed_ids, tmp_path: Path) -> None:
    """Hoàng Thị Mai entered at the commune and on the laptop with one CCCD: the two records
    side by side, the rows that differ marked ≠; keys g, k, s."""
    office = build_office(tmp_path / "dong-bo")
    duplicate_person(office)
    assert snap_compare(make_app(office.close()), terminal_size=SIZE,
                        run_before=duplicate_pair)
