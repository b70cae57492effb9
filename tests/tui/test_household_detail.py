"""Household detail: the info line, the members table, the history of changes and page 3
(visits, commitments, incidents) at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, DataTable

from antt_tui.paths import Paths
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.visits import Activities
from antt_tui.session import Session
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.households import HouseholdListScreen
from antt_tui.tui.widgets.activity_page import share_lines
from tests.tui.conftest import (
    OFFICER,
    SIZE,
    burst,
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
        await pilot.press("enter")  # Enter in the search box opens the first household
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


@pytest.mark.parametrize("free, needs, heights", [
    (10, [6, 5], [5, 5]),  # both long: an even share
    (10, [12, 2], [8, 2]),  # a short table leaves its lines to the long one
    (10, [20], [10]),
    (4, [12, 7], [4, 4]),  # too little room: header and three rows each, the page scrolls
    (10, [2, 3], [2, 3]),
])
def test_the_tables_share_the_free_lines(free: int, needs: list[int],
                                         heights: list[int]) -> None:
    assert share_lines(free, needs) == heights


VISIT_DAYS = ["05/11/2026", "01/10/2026", "20/08/2026", "12/05/2026", "10/02/2026"]
INCIDENT_DAYS = ["01/11/2026", "15/09/2026", "15/06/2026", "02/03/2026"]
"""Page 3's rows, newest first (no day is both a visit and an incident)."""


async def test_page_three_shows_rows_of_both_tables_at_80x24(make_app, paths: Paths,
                                                            small_db: Path) -> None:
    with Session.open(small_db, paths=paths, officer=OFFICER) as session:
        activities = Activities(session.roster)
        activities.sign_commitment("DH-0001", year=2026, signed_on="05/01/2026",
                                   signer="Nguyễn Văn An")
        for day in VISIT_DAYS:
            activities.add_visit("DH-0001", {"date": day}, officer=OFFICER)
        village = session.roster.village("DH").id
        for day, category in zip(INCIDENT_DAYS, ["CHAY", "TNGT", "MT_TRANH_CHAP",
                                                 "TP_TTXH_TROM_CAP"], strict=True):
            Incidents(session.roster).add({"date": day, "village": village,
                                           "category": category},
                                          persons=[{"person": "DH-0001/1", "role": "bi_hai"}])
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        await pilot.press("3")
        await settle(pilot, app)

        def on_screen(days: list[str]) -> list[str]:
            """The days whose table row is on screen now."""
            lines = screen_text(app).splitlines()
            return [day for day in days if any(line.startswith(f"  {day}") for line in lines)]

        commitments = "   Năm 2026: đã ký 05/01/2026 — Nguyễn Văn An"
        assert commitments in screen_text(app).splitlines()
        assert on_screen(INCIDENT_DAYS) == INCIDENT_DAYS  # every incident row
        assert on_screen(VISIT_DAYS) == VISIT_DAYS[:4]  # the newest visits, the last below
        visits = screen.query_one("#visit-table", DataTable)
        assert app.focused is visits

        await burst(pilot, *["down"] * 4)  # the oldest visit: the table scrolls inside
        await settle(pilot, app)
        assert visits.cursor_row == 4
        assert on_screen(VISIT_DAYS) == VISIT_DAYS[1:]
        assert on_screen(INCIDENT_DAYS) == INCIDENT_DAYS


async def test_a_refused_key_says_why_in_its_tooltip(make_app, paths: Paths,
                                                     small_db: Path) -> None:
    """The roster decides what a household allows (roster/actions.py); a greyed-out key of
    the household screen carries the roster's reason as its footer tooltip."""
    with Session.open(small_db, paths=paths, officer=OFFICER) as session:
        session.roster.household_move_out("DH-0001", on="01/03/2026")
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        keys = {b.binding.action: b for b in screen.active_bindings.values()}
        gone = "Hộ DH-0001 không còn cư trú (Đã chuyển đi)."
        for action in ("add_person", "record_visit", "move_out"):
            assert not keys[action].enabled
            assert keys[action].tooltip == gone
        assert screen.refusal("edit_person") is None  # details can still be corrected
        assert keys["back"].tooltip == "Về danh sách"
