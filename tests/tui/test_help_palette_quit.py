"""Help (F1 / ?), the command palette (Ctrl+P) and quitting (Ctrl+Q)."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Select

from antt_tui.paths import Paths
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.help import HelpScreen
from antt_tui.tui.screens.households import HouseholdListScreen
from antt_tui.tui.screens.overview import OverviewScreen
from tests.tui.conftest import (
    SIZE,
    open_household,
    reopen,
    screen_text,
    settle,
    table_rows,
    text_of,
    type_text,
    wait_for,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)


async def test_f1_and_question_mark_list_the_keys_of_the_household_screen(make_app,
                                                                          small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        text = text_of(app.screen.query_one("#help-text"))
        lines = text.splitlines()
        assert lines[0] == "Hồ sơ hộ"
        # each key with the name the footer gives it, then what it does
        for key, name, words in [("x", "Khai tử", "Nhân khẩu đang chọn đã mất"),
                                 ("t", "Tách hộ", "Một số nhân khẩu lập hộ mới"),
                                 ("g", "Nhập hộ", "Nhập một hộ khác vào hộ này"),
                                 ("c", "Đổi chủ hộ", "Chọn chủ hộ mới"),
                                 ("o", "Cả hộ chuyển đi", "Cả hộ chuyển đi khỏi địa bàn"),
                                 ("a", "Thêm NK", "Thêm nhân khẩu vào hộ"),
                                 ("e", "Sửa hộ", "Địa chỉ, cư trú, ghi chú"),
                                 ("Esc", "Quay lại", "Về danh sách")]:
            assert any(line.split()[:1] == [key] and name in line and words in line
                       for line in lines), key
        assert "Ở mọi màn hình" in text
        assert "Ctrl+Q" in text
        # a long description wraps under its own column, not under the keys
        following = lines[lines.index(next(line for line in lines if line.startswith("  n "))) + 1]
        assert following.startswith(" " * 19) and following[19] != " ", following

        # at 80×24 the help is taller than the box: the keyboard scrolls it
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0
        await pilot.press("pagedown")
        assert box.scroll_y > 0
        await pilot.press("escape")
        assert app.screen is screen

        assert app.focused is screen.query_one("#members")
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_question_mark_is_typed_into_the_search_box(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("f2")
        screen = await wait_for_list(pilot)
        search = screen.query_one("#search", Input)
        assert app.focused is search
        await pilot.press("question_mark")
        assert app.screen is screen
        assert search.value == "?"
        await pilot.press("f1")  # F1 works everywhere
        await wait_for_screen(pilot, HelpScreen)
        text = text_of(app.screen.query_one("#help-text"))
        assert "F8" in text and "100 hộ sau" in text
        await pilot.press("escape")
        assert app.screen is screen


async def run_palette(pilot, query: str) -> None:
    """Ctrl+P, type the query, wait for the hits, Enter on the first one."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for_screen(pilot, CommandPalette)
    await type_text(pilot, query)
    await pilot.pause(0.3)  # the palette searches after a short debounce
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)


async def test_palette_finds_commands_and_villages_without_diacritics(make_app,
                                                                      small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await run_palette(pilot, "tim ho")  # "Tìm hộ"
        assert isinstance(app.screen, HouseholdListScreen), screen_text(app)
        screen = await wait_for_list(pilot)
        assert app.focused is screen.query_one("#search")
        assert screen.query_one("#village", Select).value == Select.NULL
        assert len(table_rows(screen.query_one("#households", DataTable))) == 3

        await run_palette(pilot, "mo thon trung")  # "Mở thôn: Thôn Trung Lập"
        await wait_for(pilot, lambda: app.screen is not screen, what="the village's list")
        village = await wait_for_list(pilot)
        assert village.query_one("#village", Select).value == app.state.roster.village("TL").id
        assert [row[0] for row in table_rows(village.query_one("#households", DataTable))] == [
            "TL-0001"]


async def test_palette_says_no_match_in_vietnamese(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await type_text(pilot, "qqqzzz")
        await wait_for(pilot, lambda: "Không có lệnh nào khớp" in screen_text(app),
                       what="the no-match line")
        assert "No matches" not in screen_text(app)


async def test_quit_with_a_changed_form_asks_first(make_app, paths: Paths,
                                                   small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0001")
        await pilot.press("a")
        form = await wait_for_screen(pilot, FormScreen)
        await type_text(pilot, "Nguyễn Thị Mới")
        await pilot.press("ctrl+q")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert text_of(dialog.query_one(".dialog-title")) == "Thoát khi chưa lưu?"
        assert "Biểu mẫu “Thêm nhân khẩu vào hộ DH-0001” có thay đổi chưa lưu" in text_of(
            dialog.query_one(".dialog-body"))
        await pilot.press("enter")  # "Quay lại" has the focus
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-full_name", Input).value == "Nguyễn Thị Mới"

        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("shift+tab", "enter")  # "Thoát, bỏ thay đổi"
        await pilot.pause()
    assert app.return_code == 0
    assert app.state.session is None

    with reopen(paths, small_db) as session:
        assert session.store.replayed == 0
        assert all(p["full_name"] != "Nguyễn Thị Mới" for p in session.store.records("persons"))


async def test_ctrl_q_exits_and_the_tables_are_checkpointed(make_app, paths: Paths,
                                                            small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0002")
        await pilot.press("e")
        await wait_for_screen(pilot, FormScreen)
        await pilot.press("end")
        await type_text(pilot, " (mới)")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, what="the form to close")
        await settle(pilot, app)
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("ctrl+q")  # no form open: no question
        await pilot.pause()
    assert app.return_code == 0
    assert app.state.session is None  # closed (checkpointed) when the app unmounted

    with reopen(paths, small_db) as session:
        assert session.store.replayed == 0  # the journal holds nothing the tables lack
        assert session.roster.household("DH-0002").address == "Xóm 3, Thôn Đông Hạ (mới)"
