"""The household list: search as you type (with or without diacritics, NFC or NFD), the
filters, and pages of 100 households."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Select

from antt_tui.paths import Paths
from antt_tui.roster.overview import HouseholdFilter, matching_households
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.households import HouseholdListScreen
from tests.conftest import TODAY
from tests.tui.conftest import (
    SIZE,
    active_actions,
    choose,
    generate_db,
    settle,
    tab_to,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)


async def open_list(pilot) -> HouseholdListScreen:
    """From the overview, F2 opens the list of the whole commune with the search box focused."""
    await wait_for_overview(pilot)
    await pilot.press("f2")
    screen = await wait_for_list(pilot)
    assert pilot.app.focused is screen.query_one("#search", Input)
    return screen


def codes(screen: HouseholdListScreen) -> list[str]:
    return [row[0] for row in table_rows(screen.query_one("#households", DataTable))]


async def test_search_as_you_type_without_diacritics_and_in_nfd(make_app,
                                                                 small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        search = screen.query_one("#search", Input)
        assert codes(screen) == ["DH-0001", "DH-0002", "TL-0001"]

        await type_text(pilot, "nguyen van")
        await settle(pilot, app)
        rows = table_rows(screen.query_one("#households", DataTable))
        assert [row[:3] for row in rows] == [["DH-0001", "Nguyễn Văn An", "3"]]
        assert text_of(screen.query_one("#list-status")).startswith("1 hộ khớp “nguyen van”")

        # Unikey in NFD mode sends each mark as a key of its own
        search.clear()
        await settle(pilot, app)
        assert len(codes(screen)) == 3
        typed = unicodedata.normalize("NFD", "Nguyễn")
        assert len(typed) > len("Nguyễn")
        await type_text(pilot, typed)
        await settle(pilot, app)
        assert search.value == typed  # every mark arrived
        assert codes(screen) == ["DH-0001"]

        # a member's CCCD finds the household and says who matched; Enter opens it
        search.clear()
        await type_text(pilot, "033178005555")
        await settle(pilot, app)
        rows = table_rows(screen.query_one("#households", DataTable))
        assert [row[:2] for row in rows] == [["DH-0001", "Nguyễn Văn An"]]
        assert rows[0][5].startswith("(có Lê Thị Bình)")  # who matched, before the address
        await pilot.press("enter")
        await wait_for_screen(pilot, HouseholdScreen)
        assert "Hộ DH-0001" in text_of(app.screen.query_one("#household-info"))


async def test_enter_in_the_search_box_opens_the_first_of_many(make_app,
                                                              generated_db: Path) -> None:
    app = make_app(generated_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_list(pilot)
        await type_text(pilot, "nguyen")
        await pilot.press("enter")  # at once, while the search may still be running
        household = await wait_for_screen(pilot, HouseholdScreen)
        assert len(screen.rows) > 1
        assert household.household_id == screen.rows[0][0]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="the list")
        search = screen.query_one("#search", Input)
        search.clear()
        await type_text(pilot, "khong ai ten nay")
        await settle(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Không có hộ nào để mở" in t for t in toasts(app)),
                       what="the notice")
        assert app.screen is screen


async def test_filters_change_the_rows(make_app, paths: Paths, generated_db: Path) -> None:
    app = make_app(generated_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        roster = app.state.roster
        table = screen.query_one("#households", DataTable)
        status_line = screen.query_one("#list-status")
        assert table.row_count == 30
        lac_thien = roster.village("Lạc Thiện").id

        def expected(**flt) -> list[str]:
            found = matching_households(roster, HouseholdFilter(village_id=lac_thien, **flt),
                                        "", TODAY)
            return [roster.store.get("households", hid)["code"] for hid, _ in found]

        village = screen.query_one("#village", Select)
        await tab_to(pilot, village)
        await choose(pilot, village, "Thôn Lạc Thiện")
        await settle(pilot, app)
        assert codes(screen) == expected()
        assert {row[3] for row in table_rows(table)} == {"Lạc Thiện"}
        assert table.row_count == 13

        uncommitted = screen.query_one("#uncommitted", Checkbox)
        await tab_to(pilot, uncommitted)
        await pilot.press("space")
        await settle(pilot, app)
        assert codes(screen) == expected(not_committed=True)
        unsigned = len(expected(not_committed=True))
        assert 0 < unsigned < 13 and table.row_count == unsigned

        stale = screen.query_one("#stale", Checkbox)
        await tab_to(pilot, stale)
        await pilot.press("space")
        await settle(pilot, app)
        assert codes(screen) == expected(not_committed=True, not_visited_months=6)
        assert table.row_count <= unsigned
        await pilot.press("space")
        await settle(pilot, app)
        assert table.row_count == unsigned

        status = screen.query_one("#status", Select)
        await tab_to(pilot, status)
        await choose(pilot, status, "Tạm trú")
        await settle(pilot, app)
        assert codes(screen) == expected(not_committed=True, residence_status="tam_tru")
        if not table.row_count:
            assert text_of(status_line).startswith("Không có hộ nào theo bộ lọc này")
        assert "page(1)" not in active_actions(app)


async def test_pages_of_a_long_list(make_app, paths: Paths) -> None:
    folder = generate_db(paths, paths.database, households=160, seed=3)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        total = len(screen.rows)
        assert 100 < total <= 200
        table = screen.query_one("#households", DataTable)
        status = screen.query_one("#list-status")
        assert table.row_count == 100
        assert text_of(status).startswith(f"{total} hộ · trang 1/2")
        first_page = codes(screen)

        # on the first page "previous" is greyed out, not run-then-refused
        assert screen.check_action("page", (-1,)) is None
        assert "page(-1)" not in active_actions(app)
        assert "page(1)" in active_actions(app)

        await pilot.press("f8")
        assert table.row_count == total - 100
        assert text_of(status).startswith(f"{total} hộ · trang 2/2")
        assert not set(codes(screen)) & set(first_page)
        assert screen.check_action("page", (1,)) is None
        assert "page(1)" not in active_actions(app)
        assert "page(-1)" in active_actions(app)

        await pilot.press("f8")  # greyed: nothing happens
        assert screen.page == 1

        await pilot.press("f7")
        assert codes(screen) == first_page
        assert "page(-1)" not in active_actions(app)

        # in the table, PgDn on the last row turns the page, PgUp on the first turns it back
        await pilot.press("down")  # from the search box into the table
        assert app.focused is table
        await pilot.press("ctrl+end")
        assert table.cursor_row == 99
        await pilot.press("pagedown")
        assert (screen.page, table.cursor_row) == (1, 0)
        await pilot.press("pageup")
        assert (screen.page, table.cursor_row) == (0, 99)


async def test_a_common_name_says_there_are_more_and_pages_find_them(make_app,
                                                                     paths: Paths) -> None:
    """A keystroke looks at the first 300 people; the list says "hơn …" and F8 searches on."""
    folder = generate_db(paths, paths.database, households=400, seed=3)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        await type_text(pilot, "nguyen")
        await settle(pilot, app)
        roster = app.state.roster
        living = {h.id for h in roster.households()
                  if h.residence_status in ("thuong_tru", "tam_tru")}
        expected = {hit.household["id"] for hit in roster.search("nguyen", limit=100_000)} & living
        assert screen.rows.truncated and len(screen.rows) < len(expected)
        assert text_of(screen.query_one("#list-status")).startswith(
            f"hơn {len(screen.rows)} hộ khớp “nguyen”")
        for _ in range(5):
            await pilot.press("f8")
            await settle(pilot, app)
        assert not screen.rows.truncated
        assert {hid for hid, _ in screen.rows} == expected
        assert text_of(screen.query_one("#list-status")).startswith(
            f"{len(expected)} hộ khớp “nguyen”")
