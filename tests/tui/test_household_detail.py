"""Household detail: the info line, the members table and the history of changes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher, DataTable

from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.households import HouseholdListScreen
from tests.tui.conftest import (
    OFFICER,
    SIZE,
    open_household,
    screen_text,
    settle,
    table_rows,
    text_of,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)


async def test_enter_on_a_row_opens_the_household(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("enter")  # Thôn Đông Hạ
        await wait_for_list(pilot)
        await pilot.press("enter")  # Enter in the search box moves to the table
        assert app.focused is app.screen.query_one("#households")
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, HouseholdScreen)
        await settle(pilot, app)

        info = text_of(screen.query_one("#household-info"))
        assert info.splitlines() == [
            "Hộ DH-0001 · Thôn Đông Hạ · Thường trú",
            "Chủ hộ: Nguyễn Văn An · Địa chỉ: Xóm 2, Thôn Đông Hạ · Đang cư trú: 3 người",
        ]
        members = screen.query_one("#members", DataTable)
        assert app.focused is members
        assert table_rows(members) == [
            ["1", "Nguyễn Văn An", "24/07/1975", "Nam", "Chủ hộ", "033075001234", "Đang cư trú"],
            ["2", "Lê Thị Bình", "1978", "Nữ", "Vợ", "033178005555", "Đang cư trú"],
            ["3", "Nguyễn Văn Cường", "05/2001", "Nam", "Con đẻ", "", "Đang cư trú"],
        ]

        # the history page, from the keyboard: 2 (1 goes back to the members)
        assert "1 Nhân khẩu" in text_of(screen.query_one("#household-tabs"))
        await pilot.press("2")
        await settle(pilot, app)
        assert screen.query_one(ContentSwitcher).current == "history-scroll"
        assert app.focused is screen.query_one("#history-scroll")
        history = text_of(screen.query_one("#history"))
        assert "Thêm hộ — " + OFFICER in history
        assert "Thêm hộ DH-0001, chủ hộ Nguyễn Văn An" in history
        assert "Thêm nhân khẩu — " + OFFICER in history
        assert "Thêm Lê Thị Bình vào hộ DH-0001" in history
        # newest first
        assert history.index("Thêm Nguyễn Văn Cường") < history.index("Thêm hộ DH-0001")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdListScreen)


async def test_a_long_history_scrolls_from_the_keyboard(make_app, paths: Paths,
                                                        small_db: Path) -> None:
    with Session.open(small_db, paths=paths, officer=OFFICER) as session:
        for n in range(8):
            session.roster.edit_household("DH-0001", {"notes": f"ghi chú {n}"})
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0001")
        await pilot.press("2")
        await settle(pilot, app)
        oldest = "Thêm hộ DH-0001, chủ hộ Nguyễn Văn An"
        assert oldest in text_of(app.screen.query_one("#history"))
        assert oldest not in screen_text(app)  # below the fold at 80×24
        # Opening the tab puts the cursor in the history, so the paging keys scroll it.
        for key in ("pagedown", "pagedown", "pagedown", "end"):
            await pilot.press(key)
        await settle(pilot, app)
        assert oldest in screen_text(app)
