"""Snapshots of the key screens at 80×24 on a fixed generated commune (seed 7, 30 households).

Regenerate on purpose with `pytest tests/snapshots --snapshot-update`, then read the diff
in the report; never edit the SVG files by hand. Every date on screen comes from TODAY.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.help import HelpScreen
from tests.tui.conftest import (
    SIZE,
    open_household,
    settle,
    tab_to,
    text_of,
    type_text,
    wait_for,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)

HOUSEHOLD = "LT-0006"
"""A household of the generated commune with several members."""

BUSY_HOUSEHOLD = "LT-0011"
"""A household of the generated commune with eight visits and an incident."""


async def overview(pilot: Pilot) -> None:
    await wait_for_overview(pilot)


async def household_list(pilot: Pilot) -> None:
    await wait_for_overview(pilot)
    await pilot.press("f2")
    await wait_for_list(pilot)


async def household(pilot: Pilot) -> None:
    await open_household(pilot, HOUSEHOLD)


async def new_household_form(pilot: Pilot) -> None:
    await household_list(pilot)
    await pilot.press("ctrl+n")
    await wait_for_screen(pilot, FormScreen)
    await settle(pilot, pilot.app)


async def activity_page(pilot: Pilot) -> None:
    screen = await open_household(pilot, BUSY_HOUSEHOLD)
    await pilot.press("3")
    await wait_for(pilot, lambda: text_of(screen.query_one("#commitments")) != "Đang đọc…",
                   what="page 3")
    await settle(pilot, pilot.app)


async def category_filter(pilot: Pilot) -> None:
    await open_household(pilot, BUSY_HOUSEHOLD)
    await pilot.press("v")
    form = await wait_for_screen(pilot, FormScreen)
    await tab_to(pilot, form.query_one("#f-category"))
    await type_text(pilot, "trom")
    await settle(pilot, pilot.app)


async def help_screen(pilot: Pilot) -> None:
    await household(pilot)
    await pilot.press("f1")
    await wait_for_screen(pilot, HelpScreen)
    await settle(pilot, pilot.app)


def test_overview(snap_compare, make_app, generated_db: Path) -> None:
    """Three villages and the commune total, the date 20/11/2026 in the title."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE, run_before=overview)


def test_household_list(snap_compare, make_app, generated_db: Path) -> None:
    """The first households of the commune, the search box focused, the filters."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE, run_before=household_list)


def test_household_detail(snap_compare, make_app, generated_db: Path) -> None:
    """The info lines, the tabs and the members table of one household."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE, run_before=household)


def test_new_household_form(snap_compare, make_app, generated_db: Path) -> None:
    """"Thêm hộ mới" over the list: village, address, status, then the head."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE,
                        run_before=new_household_form)


def test_help_screen(snap_compare, make_app, generated_db: Path) -> None:
    """F1 on the household screen: its keys, then the keys of every screen."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE, run_before=help_screen)


def test_household_activity_page(snap_compare, make_app, generated_db: Path) -> None:
    """Page 3 of a household: its status, three years of commitments, the visits table
    sharing the page with the incident table."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE, run_before=activity_page)


def test_incident_category_filter(snap_compare, make_app, generated_db: Path) -> None:
    """"trom" typed in the incident form's category: the one option left, highlighted."""
    assert snap_compare(make_app(generated_db), terminal_size=SIZE, run_before=category_filter)
