"""The first use of a village laptop: no database yet, "Tham gia xã" on the start screen reads
the enrolment pack from the stick, asks for the code and creates the database by joining, all
or nothing. And where "Đồng bộ" leads on a commune that has no key yet.

The commune office is built with the sync engine; a folder under tmp_path stands in for the
stick, offered by the drive picker as the one USB drive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Static

from antt_tui.sync import enrol
from antt_tui.sync.enrol import Pack
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.overview import OverviewScreen
from antt_tui.tui.screens.start import StartScreen
from antt_tui.tui.screens.sync_office import SyncScreen
from antt_tui.tui.screens.sync_village import JoinScreen, VillageSyncScreen
from tests.tui.conftest import (
    SIZE,
    burst,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_small_terminal import footer_line
from tests.tui.test_start import wait_for_first_use
from tests.tui.test_sync_village import make_commune, stick_is_the_only_drive, wait_for_drive
from tests.unit.sync.conftest import cheap_kdf  # noqa: F401  (autouse: a cheap argon2id)


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pack:
    """The commune's enrolment pack for a laptop of Thôn Đông Hạ (two households there, one
    in Thôn Trung Lập), on the stick the drive picker offers."""
    commune = make_commune(tmp_path, [datetime(2026, 11, 1, 8, 0, tzinfo=UTC)])
    usb = tmp_path / "usb"
    usb.mkdir()
    made = enrol.enroll(commune.roster, commune.me(), "DH", usb, clock=commune.clock)
    commune.close()
    stick_is_the_only_drive(monkeypatch, usb)
    return made


def leftovers(folder: Path) -> list[str]:
    """Whatever a join left beside (or as) the laptop's database folder."""
    return sorted(p.name for p in folder.parent.iterdir() if folder.name in p.name)


def error_of(app) -> str:
    return text_of(app.screen.query_one("#code-error", Static))


async def open_join(pilot, pack: Pack) -> JoinScreen:
    """From the start screen's first-use choice to the code box: t, then Enter on the stick."""
    await wait_for_first_use(pilot)
    await pilot.press("t")
    await wait_for_drive(pilot, pack.path.parent)
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, JoinScreen)
    code = screen.query_one("#code", Input)
    await wait_for(pilot, lambda: pilot.app.focused is code, what="the code box")
    return screen


async def test_a_new_laptop_joins_from_the_start_screen(make_app, tmp_path: Path,
                                                        pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    app = make_app(folder)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        start = await wait_for_first_use(pilot)
        said = text_of(start.query_one("#start-message"))
        assert f"Chưa có cơ sở dữ liệu ở {folder}." in said
        assert [str(b.label) for b in start.query(Button)] == [
            "x · Tạo cơ sở dữ liệu xã (máy của Công an xã)",
            "t · Tham gia xã (máy thôn, có gói tham gia trên USB)"]
        await wait_for(pilot, lambda: "t Tham gia xã" in footer_line(app), what="the footer")
        for key in ("x Tạo CSDL xã", "^q Thoát"):
            assert key in footer_line(app)
        assert "Thử lại" not in footer_line(app)

        screen = await open_join(pilot, pack)
        assert "máy mới của thôn" in text_of(screen.query_one("#sync-heading"))
        assert screen.packs == [pack.path]
        assert not folder.exists()  # nothing made before the code

        # As read out over the phone: lower case, in groups with spaces.
        await type_text(pilot, pack.code.lower().replace("-", " "))
        await pilot.press("enter")
        await wait_for_overview(pilot)

        assert app.state.sync_role == "village"
        assert [type(s) for s in app.screen_stack[1:]] == [OverviewScreen]
        rows = table_rows(app.screen.query_one(DataTable))
        village = next(row for row in rows if row[1] == "Thôn Đông Hạ")
        assert village[2] == "2"  # the commune's two households of Thôn Đông Hạ
        names = sorted(p["full_name"] for p in app.state.roster.store.records("persons"))
        assert names == ["Lê Văn Bình", "Nguyễn Văn An"]
        assert "Gửi xã: chưa gửi" in text_of(app.screen.query_one("#overview-sync"))
        assert any("Đã tham gia xã: thôn DH" in toast for toast in toasts(app))

        await pilot.press("d")  # Đồng bộ: the village laptop's screen
        await wait_for_screen(pilot, VillageSyncScreen)
    assert (folder / "antt-db.json").exists()
    assert leftovers(folder) == ["may-thon"]  # no scratch folder beside it


async def test_a_wrong_code_says_so_and_leaves_no_database(make_app, tmp_path: Path,
                                                           pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_join(pilot, pack)
        await type_text(pilot, "AAAA-BBBB-CCCC-DDDD")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "không đúng" in error_of(app), what="the wrong code")
        assert "Mã dùng một lần không đúng" in error_of(app)
        assert app.focused is screen.query_one("#code", Input)
        assert leftovers(folder) == []
        assert app.state.session is None

        # Typed again on the same screen: the database is made and opened.
        code = screen.query_one("#code", Input)
        await burst(pilot, *["backspace"] * len(code.value))
        await type_text(pilot, pack.code)
        await pilot.press("enter")
        await wait_for_overview(pilot)
        assert app.state.sync_role == "village"
    assert leftovers(folder) == ["may-thon"]


async def test_a_damaged_pack_says_why_and_r_tries_again(make_app, tmp_path: Path,
                                                         pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    whole = pack.path.read_bytes()
    pack.path.write_bytes(whole[: len(whole) // 2])  # the stick was pulled out while copying
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_join(pilot, pack)
        await type_text(pilot, pack.code)
        await pilot.press("enter")
        status = screen.query_one("#sync-status", Static)
        await wait_for(pilot, lambda: "r: chọn USB" in text_of(status), what="the error")
        body = text_of(screen.query_one("#sync-text"))
        assert "Chưa tham gia được." in body
        assert "hỏng hoặc chưa chép xong" in body
        assert "Chưa tạo cơ sở dữ liệu nào trên máy này." in body
        assert leftovers(folder) == []

        pack.path.write_bytes(whole)  # copied again
        await pilot.press("r")
        await wait_for_drive(pilot, pack.path.parent)
        await pilot.press("enter")
        code = screen.query_one("#code", Input)
        await wait_for(pilot, lambda: app.focused is code, what="the code box again")
        await burst(pilot, *["backspace"] * len(code.value))
        await type_text(pilot, pack.code)
        await pilot.press("enter")
        await wait_for_overview(pilot)
        assert app.state.sync_role == "village"


async def test_leaving_the_join_goes_back_to_the_choice(make_app, tmp_path: Path,
                                                        pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_join(pilot, pack)
        await pilot.press("escape")
        await wait_for_first_use(pilot)
        assert isinstance(app.screen, StartScreen)
        # Esc in the drive picker as well.
        await pilot.press("t")
        await wait_for_drive(pilot, pack.path.parent)
        await pilot.press("escape")
        await wait_for_first_use(pilot)
    assert leftovers(folder) == []


async def test_sync_on_a_commune_without_a_key_opens_the_commune_screen(make_app,
                                                                        small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        assert app.state.sync_role is None
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Đồng bộ", "Khóa của xã", "Tham gia xã"} <= set(names)
        assert not {"Gửi về xã", "Nhận từ xã"} & set(names)

        await pilot.press("d")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert "Máy này chưa có khóa của xã" in text_of(dialog.query_one(".dialog-title"))
        assert isinstance(app.screen_stack[-2], SyncScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, SyncScreen)
        await wait_for(pilot, lambda: "chưa có khóa của xã" in text_of(
            app.screen.query_one("#sync-title")), what="the commune screen without a key")
        assert "antt sync" not in text_of(app.screen.query_one("#sync-title"))
