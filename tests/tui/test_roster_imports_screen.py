"""Các lần nhập danh sách, from the keyboard at 80×24: the imports listed after a small CSV
file was imported, one undone with a reason (u), the reason asked for again when empty, Esc
changing nothing, and a second undo refused with the core's word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from antt_tui.roster.roster_import import undo
from antt_tui.tui.screens.dialogs import ReasonDialog
from antt_tui.tui.screens.roster_import import RosterImportScreen
from antt_tui.tui.screens.roster_imports import RosterImportsScreen
from tests.tui.conftest import (
    SIZE,
    screen_text,
    settle,
    table_rows,
    text_of,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_roster_import_screen import (
    hint,
    open_screen,
    pick,
    recorded_notifications,
    summary,
    type_keys,
)

CSV = """DANH SÁCH HỘ THÔN ĐÔNG HẠ
Số hộ,Họ và tên,Ngày sinh,Giới tính,Quan hệ với chủ hộ
1,Phạm Văn Khải,12/03/1970,Nam,Chủ hộ
1,Đỗ Thị Lan,1972,Nữ,Vợ
2,Bùi Văn Nam,1960,Nam,Chủ hộ
"""
"""Two households, three people, all new to the small commune's Thôn Đông Hạ."""

NEW_NAMES = {"Phạm Văn Khải", "Bùi Văn Nam"}


def roster_csv(folder: Path) -> Path:
    path = folder / "ds-dong-ha.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def heads(app) -> set[str]:
    """The names of the heads of Thôn Đông Hạ's households, read through the roster."""
    roster = app.state.roster
    return {roster.person(h.head_id).full_name for h in roster.households(village="DH")}


def khai_cccd(app) -> str:
    """The CCCD of Phạm Văn Khải, the imported head of household, read through the roster."""
    roster = app.state.roster
    return next(roster.person(h.head_id).cccd for h in roster.households(village="DH")
                if roster.person(h.head_id).full_name == "Phạm Văn Khải")


async def import_and_list(pilot, path: Path) -> RosterImportsScreen:
    """Import the file on the roster import screen, then c: the list of imports."""
    await open_screen(pilot)
    screen = await pick(pilot, path)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the import")
    await settle(pilot, pilot.app)
    assert "Hoàn tác nếu cần: c (Các lần nhập)" in hint(screen)
    assert "c Lần nhập" in screen_text(pilot.app).splitlines()[-1]  # the footer, at 80×24
    await pilot.press("c")
    return await listed(pilot)


async def listed(pilot) -> RosterImportsScreen:
    screen = await wait_for_screen(pilot, RosterImportsScreen)
    await wait_for(pilot, lambda: not screen.loading and bool(rows(screen)),
                   what="the imports")
    await settle(pilot, pilot.app)
    return screen


def rows(screen: RosterImportsScreen) -> list[list[str]]:
    return table_rows(screen.query_one("#imports-list"))


def detail(screen: RosterImportsScreen) -> str:
    return text_of(screen.query_one("#imports-detail"))


async def ask_undo(pilot) -> ReasonDialog:
    await pilot.press("u")
    return await wait_for_screen(pilot, ReasonDialog)


async def test_no_import_yet_says_so(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await type_keys(pilot, "cac lan nhap")
        await pilot.pause(0.3)  # the palette searches after a short debounce
        await settle(pilot, app)
        await pilot.press("enter")
        # With no import the table is hidden, so nothing takes the focus.
        await wait_for(pilot, lambda: isinstance(app.screen, RosterImportsScreen),
                       what="the list of imports")
        screen = app.screen
        await wait_for(pilot, lambda: not screen.loading, what="the imports")
        await settle(pilot, app)
        assert "Chưa nhập danh sách nào từ tệp." in screen_text(app)
        assert rows(screen) == []


async def test_an_import_is_listed_and_undone_with_a_reason(
        make_app, small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        said = recorded_notifications(app, monkeypatch)
        screen = await import_and_list(pilot, roster_csv(tmp_path))
        assert heads(app) >= NEW_NAMES
        [row] = rows(screen)
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row[0])
        assert row[1:] == ["ds-dong-ha.csv", "Thôn Đông Hạ", "2", "3", ""]
        code = re.search(r"Mã (\w{8})", detail(screen)).group(1)
        assert "2 hộ mới, 3 nhân khẩu mới, 0 bản ghi sửa" in detail(screen)
        assert "1 lần nhập danh sách" in screen_text(app)

        dialog = await ask_undo(pilot)
        shown = screen_text(app)
        assert f"Hoàn tác lần nhập {code}?" in shown and "Lý do hoàn tác" in shown
        body = " ".join(text_of(dialog.query_one(".dialog-body")).split())
        assert "Sẽ xóa 2 hộ và 3 nhân khẩu đã thêm" in body
        assert "sửa lại sau lần nhập được giữ nguyên" in body
        await type_text(pilot, "Nhập nhầm thôn")
        await pilot.press("enter")
        await wait_for(pilot, lambda: rows(screen) and rows(screen)[0][-1] == "Đã hoàn tác",
                       what="the undo")
        await settle(pilot, app)
        assert any(f"Đã hoàn tác lần nhập {code}: xóa 2 hộ, 3 nhân khẩu" in s for s in said)
        assert "Đã hoàn tác lúc" in detail(screen) and "Nhập nhầm thôn" in detail(screen)
        assert not NEW_NAMES & heads(app)
        assert "Nguyễn Văn An" in heads(app)  # what was there before stays

        # Again: refused, with the reason, and nothing asked.
        await pilot.press("u")
        await settle(pilot, app)
        assert not isinstance(app.screen, ReasonDialog)
        assert any(f"Lần nhập {code} đã được hoàn tác rồi" in s for s in said)


async def test_esc_and_an_empty_reason_change_nothing(make_app, small_db: Path,
                                                      tmp_path: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await import_and_list(pilot, roster_csv(tmp_path))
        dialog = await ask_undo(pilot)
        await pilot.press("enter")  # no reason
        assert "Hãy ghi lý do hoàn tác." in text_of(dialog.query_one("#reason-error"))
        assert app.screen is dialog
        await pilot.press("escape")
        await wait_for_screen(pilot, RosterImportsScreen)
        await settle(pilot, app)
        assert rows(screen)[0][-1] == ""
        assert "Đã hoàn tác" not in screen_text(app)
        assert heads(app) >= NEW_NAMES
        assert not app.state.session.imports()[0].undone_at


async def test_an_import_undone_meanwhile_is_refused_with_the_cores_word(
        make_app, small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        said = recorded_notifications(app, monkeypatch)
        screen = await import_and_list(pilot, roster_csv(tmp_path))
        code = app.state.session.imports()[0].code
        await ask_undo(pilot)
        undo(app.state.roster, code, reason="Hoàn tác ở máy khác")  # while the dialog is open
        await type_text(pilot, "Nhập nhầm")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Không hoàn tác được" in s for s in said),
                       what="the refusal")
        assert f"Không hoàn tác được: Lần nhập {code} đã được hoàn tác rồi." in said
        await settle(pilot, app)
        assert app.state.session.imports()[0].undo_reason == "Hoàn tác ở máy khác"
        assert isinstance(app.screen, RosterImportsScreen) and screen.is_current


async def test_undoing_a_second_import_puts_back_what_it_changed(
        make_app, small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = roster_csv(tmp_path)
    second = tmp_path / "ds-cccd.csv"
    second.write_text(CSV.replace("Quan hệ với chủ hộ", "Quan hệ với chủ hộ,Số CCCD")
                      .replace("Chủ hộ\n1,Đỗ", "Chủ hộ,033070001111\n1,Đỗ"), encoding="utf-8")
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        said = recorded_notifications(app, monkeypatch)
        await import_and_list(pilot, first)
        await pilot.press("escape")
        await wait_for_screen(pilot, RosterImportScreen)
        await pilot.press("ctrl+o")
        screen = await pick(pilot, second)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the second import")
        await settle(pilot, app)
        await pilot.press("c")
        listing = await listed(pilot)
        assert [r[1:] for r in rows(listing)] == [
            ["ds-cccd.csv", "", "0", "0", ""],  # the newest first
            ["ds-dong-ha.csv", "Thôn Đông Hạ", "2", "3", ""]]
        assert "0 hộ mới, 0 nhân khẩu mới, 1 bản ghi sửa" in detail(listing)
        assert khai_cccd(app) == "033070001111"

        dialog = await ask_undo(pilot)
        body = " ".join(text_of(dialog.query_one(".dialog-body")).split())
        assert "trả lại 1 bản ghi đã có về như trước khi nhập" in body
        await type_text(pilot, "Sai số CCCD")
        await pilot.press("enter")
        await wait_for(pilot, lambda: rows(listing)[0][-1] == "Đã hoàn tác", what="the undo")
        await settle(pilot, app)
        assert any(": xóa 0 hộ, 0 nhân khẩu; trả lại 1 giá trị đã sửa." in s for s in said)
        assert rows(listing)[1][-1] == ""  # the first import stays
        assert khai_cccd(app) == ""
