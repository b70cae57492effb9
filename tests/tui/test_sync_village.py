"""The village laptop's side of the USB round trip in the app: send, receive, join, and the
dates on the overview. The commune office is driven with the sync engine; a folder under
tmp_path stands in for the stick, offered by the drive picker as the one USB drive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.widgets import Input, OptionList, Static

from antt_tui.session import Session
from antt_tui.sync import enrol, export, merge, stick
from antt_tui.sync.identity import commune_identity
from antt_tui.sync.service import SyncService
from antt_tui.sync.stick import Drive
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.overview import OverviewScreen
from antt_tui.tui.screens.sync_drives import DriveDialog
from antt_tui.tui.screens.sync_village import (
    JoinScreen,
    ReceiveScreen,
    SendScreen,
    VillageSyncScreen,
)
from tests.builders import add_three_heads, init_tan_lap
from tests.tui.conftest import (
    SIZE,
    active_actions,
    burst,
    settle,
    text_of,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_small_terminal import footer_line
from tests.unit.sync.conftest import cheap_kdf
from tests.unit.sync.world import Side

__all__ = ["cheap_kdf"]

COMMUNE_EDIT = "Xóm 5, Thôn Đông Hạ (xã sửa)"
"""The address the commune office gives household DH-0001."""
VILLAGE_EDIT = "Xóm 7, Thôn Đông Hạ (thôn sửa)"
"""The address the village head gives household DH-0002."""


@dataclass
class World:
    """The commune office (open, driven by the engine), the stick, and the village laptop's
    database folder (closed: the app opens it)."""

    commune: Side
    stick: Path
    village: Path


def make_commune(tmp_path: Path, now: list[datetime]) -> Side:
    """A commune with two households in DH and one in TL, and its key."""
    commune = Side(tmp_path / "xa", now, "may-xa")
    init_tan_lap(commune.roster)
    add_three_heads(commune.roster)
    commune_identity(commune.store, commune.roster.commune().id, create=True)
    return commune


def make_world(tmp_path: Path, start: datetime) -> Iterator[World]:
    now = [start]
    commune = make_commune(tmp_path, now)
    usb = tmp_path / "usb"
    usb.mkdir()
    pack = enrol.enroll(commune.roster, commune.me(), "DH", usb, clock=commune.clock)
    village = Side(tmp_path / "thon", now, "may-thon")
    enrol.join(village.store, pack.path, pack.code, clock=village.clock)
    village.close()
    pack.path.unlink()  # the laptop joined: the stick carries bundles from now on
    yield World(commune, usb, village.folder)
    commune.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """Both sides an hour before the app's real clock (a bundle from ahead is set aside)."""
    yield from make_world(tmp_path, datetime.now(UTC) - timedelta(hours=1))


@pytest.fixture
def fixed_world(tmp_path: Path) -> Iterator[World]:
    """Both sides on a fixed clock: the laptop joined, and sent, on 01/11/2026."""
    for w in make_world(tmp_path, datetime(2026, 11, 1, 8, 0, tzinfo=UTC)):
        laptop = Side(w.village, w.commune.now, "may-thon")
        export.export_up(laptop.roster, laptop.me(), w.stick, clock=laptop.clock)
        laptop.close()
        yield w


def stick_is_the_only_drive(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The drive picker finds one USB drive: the folder standing in for the stick."""
    drive = Drive(path=folder, label="USB-THON", free_bytes=8 * 2**30, removable=True,
                  fstype="vfat")
    monkeypatch.setattr(SyncService, "drives", staticmethod(lambda: [drive]))


async def wait_for_drive(pilot, folder: Path) -> None:
    """Wait until the picker is up with the stick highlighted (Enter takes it)."""
    def ready() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, DriveDialog):
            return False
        options = screen.query_one("#drives", OptionList)
        return (options.highlighted is not None
                and options.get_option_at_index(options.highlighted).id == str(folder))

    await wait_for(pilot, ready, what="the stick in the drive picker")


def status_of(app) -> str:
    return text_of(app.screen.query_one("#sync-status", Static))


def body_of(app) -> str:
    return text_of(app.screen.query_one("#sync-text", Static))


def sync_line(app) -> Static:
    return app.screen.query_one("#overview-sync", Static)


# ---------------------------------------------------------------------------- the round trip


async def test_send_and_receive_round_trip(make_app, world: World,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    stick_is_the_only_drive(monkeypatch, world.stick)
    app = make_app(world.village)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        line = sync_line(app)
        assert line.display and line.has_class("warning")  # joined, never sent
        assert "Gửi xã: chưa gửi" in text_of(line)
        assert "Nhận: " in text_of(line) and "chưa nhận" not in text_of(line)  # the join

        # The village head corrected an address (the app's forms are tested elsewhere).
        app.state.run(app.state.roster.edit_household, "DH-0002", {"address": VILLAGE_EDIT})

        # Gửi về xã: from the overview to "có thể rút USB" in two keys.
        pressed = 0
        await pilot.press("g")
        pressed += 1
        await wait_for_drive(pilot, world.stick)
        await pilot.press("enter")
        pressed += 1
        await wait_for(pilot, lambda: "có thể rút USB" in status_of(app), what="the bundle")
        assert pressed <= 3
        assert isinstance(app.screen, SendScreen)
        [sent] = world.stick.glob("antt-gui-xa-DH-*.anttb")
        status = status_of(app)
        assert f"Đã ghi {sent.name} (1 thay đổi)." in status
        assert status.splitlines()[-1] == "Đã ghi và đọc lại đúng: có thể rút USB."

        await pilot.press("escape")
        await wait_for_screen(pilot, OverviewScreen)
        await wait_for(pilot, lambda: "chưa gửi" not in text_of(sync_line(app)),
                       what="the date sent on the overview")
        assert not sync_line(app).has_class("warning")

        # The commune office merges it, corrects a household, writes the return bundle.
        commune = world.commune
        took = merge.merge(commune.roster, commune.me(), [sent], clock=commune.clock)
        assert took.changes == 1 and not took.quarantined
        assert commune.roster.household("DH-0002").address == VILLAGE_EDIT
        commune.roster.edit_household("DH-0001", {"address": COMMUNE_EDIT})
        [back] = export.export_down(commune.roster, commune.me(), world.stick,
                                    clock=commune.clock, village="DH")

        # Nhận từ xã: the preview, then Enter merges.
        await pilot.press("n")
        await wait_for_drive(pilot, world.stick)
        await pilot.press("enter")
        await wait_for_screen(pilot, ReceiveScreen)
        await wait_for(pilot, lambda: "Xã gửi về:" in body_of(app), what="the preview")
        preview = body_of(app)
        assert back.path.name in preview and sent.name not in preview  # only what is ours
        assert "1 bản ghi sửa" in preview and "0 xung đột" in preview
        assert "Enter: nhận vào máy" in status_of(app)
        assert app.state.roster.household("DH-0001").address == "Xóm 1"  # not yet
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Đã nhận" in status_of(app), what="the merge")
        assert "thay đổi từ xã" in status_of(app)
        assert "merge" not in active_actions(app)  # merged: Enter is greyed
        assert app.state.roster.household("DH-0001").address == COMMUNE_EDIT

        # The household shows the commune's value, and its history says who changed it.
        await pilot.press("escape")
        await wait_for_overview(pilot)
        household = app.state.roster.household("DH-0001")
        await app.push_screen(HouseholdScreen(household.id))
        await wait_for_screen(pilot, HouseholdScreen)
        assert COMMUNE_EDIT in text_of(app.screen.query_one("#household-info"))
        await pilot.press("2")
        history = app.screen.query_one("#history", Static)
        await wait_for(pilot, lambda: COMMUNE_EDIT in text_of(history), what="the history")
        edit = next(n for n, line in enumerate(text_of(history).splitlines())
                    if COMMUNE_EDIT in line)
        above = text_of(history).splitlines()[:edit]
        assert "(Công an xã)" in next(line for line in reversed(above) if "/" in line[:6])


async def test_a_full_or_pulled_stick_changes_nothing(make_app, world: World,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    stick_is_the_only_drive(monkeypatch, world.stick)
    real_shutil, real_drop_cache = stick.shutil, stick._drop_cache
    full = SimpleNamespace(disk_usage=lambda path: SimpleNamespace(free=100))
    monkeypatch.setattr(stick, "shutil", full)
    app = make_app(world.village)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        store = app.state.session.store
        before = (store.journal.last_seq, len(list(store.records("sync_bundles"))))

        await pilot.press("g")
        await wait_for_drive(pilot, world.stick)
        await pilot.press("enter")
        await wait_for(pilot, lambda: status_of(app).startswith("r: chọn USB"),
                       what="the error")
        assert "ổ đĩa đã đầy" in body_of(app)
        assert "Dữ liệu trên máy không thay đổi." in body_of(app)

        # Pulled out while writing: the same, and no half-written file is left.
        def pulled(fh: object) -> None:
            raise FileNotFoundError(2, "No such device")

        monkeypatch.setattr(stick, "shutil", real_shutil)
        monkeypatch.setattr(stick, "_drop_cache", pulled)
        await pilot.press("r")
        await wait_for_drive(pilot, world.stick)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "rút ra" in body_of(app), what="the second error")
        assert status_of(app).startswith("r: chọn USB")
        assert not list(world.stick.iterdir())
        assert (store.journal.last_seq, len(list(store.records("sync_bundles")))) == before

        # The screen stays usable: plug in again, r, Enter.
        monkeypatch.setattr(stick, "_drop_cache", real_drop_cache)
        await pilot.press("r")
        await wait_for_drive(pilot, world.stick)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "có thể rút USB" in status_of(app), what="the bundle")
        assert len(list(world.stick.glob("*.anttb"))) == 1


async def test_receive_says_when_nothing_is_for_this_laptop(make_app, world: World,
                                                            monkeypatch) -> None:
    stick_is_the_only_drive(monkeypatch, world.stick)
    app = make_app(world.village)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("n")
        await wait_for_drive(pilot, world.stick)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Không có gói nào" in body_of(app), what="the message")
        assert "merge" not in active_actions(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, OverviewScreen)

        # Esc in the drive picker at the start: back where the officer was.
        await pilot.press("g")
        await wait_for_drive(pilot, world.stick)
        await pilot.press("escape")
        await wait_for_screen(pilot, OverviewScreen)
        assert len(app.screen_stack) == 2


# ---------------------------------------------------------------------------- joining


@pytest.fixture
def laptop_db(tmp_path: Path, paths) -> Path:
    """A laptop whose officer typed the commune and the village before joining."""
    folder = tmp_path / "may-moi"
    with Session.open(folder, paths=paths, officer="Trưởng thôn", create=True,
                      today=lambda: date(2026, 11, 20)) as session:
        init_tan_lap(session.roster, ["Thôn Đông Hạ"])
    return folder


async def test_join_with_a_wrong_then_the_right_code(make_app, tmp_path: Path, laptop_db: Path,
                                                    monkeypatch) -> None:
    commune = make_commune(tmp_path, [datetime(2026, 11, 1, 8, 0, tzinfo=UTC)])
    usb = tmp_path / "usb"
    usb.mkdir()
    pack = enrol.enroll(commune.roster, commune.me(), "DH", usb, clock=commune.clock)
    commune.close()
    stick_is_the_only_drive(monkeypatch, usb)
    app = make_app(laptop_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        assert not sync_line(app).display  # not joined: no dates
        assert not {"sync_send", "sync_receive"} & active_actions(app)

        # Before joining, the palette offers "Tham gia xã" (and "Đồng bộ" leads to the
        # commune's screen: a database that has not joined is taken for the commune's).
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert "Tham gia xã" in names and "Gửi về xã" not in names

        # "Gửi về xã" before joining: why not, and t to join.
        app.action_sync_send()
        await wait_for_screen(pilot, SendScreen)
        assert "chưa tham gia xã" in status_of(app)
        assert "join" in active_actions(app) and "choose" not in active_actions(app)
        assert "t Tham gia xã" in footer_line(app) and "^q Thoát" in footer_line(app)

        await pilot.press("t")
        await wait_for_drive(pilot, usb)
        await pilot.press("enter")
        await wait_for_screen(pilot, JoinScreen)
        code = app.screen.query_one("#code", Input)
        await wait_for(pilot, lambda: app.focused is code, what="the code box")
        assert app.screen.query_one("#packs", OptionList).highlighted == 0

        wrong = "AAAA-BBBB-CCCC-DDDD"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        error = app.screen.query_one("#code-error", Static)
        await wait_for(pilot, lambda: "không đúng" in text_of(error), what="wrong code")
        assert app.focused is code
        assert app.state.session.store.meta.get("sync") is None  # nothing changed

        # Typed again, lower case and with spaces.
        await burst(pilot, *["backspace"] * len(code.value))
        await type_text(pilot, pack.code.lower().replace("-", " "))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Đã tham gia xã" in status_of(app), what="joined")
        assert "thôn DH" in status_of(app)
        assert (app.state.session.store.meta.get("sync") or {}).get("role") == "village"

        # Đồng bộ now opens the village laptop's screen: no t any more, g and n instead.
        await pilot.press("escape")
        await wait_for_screen(pilot, OverviewScreen)
        await pilot.press("d")
        await wait_for_screen(pilot, VillageSyncScreen)
        await wait_for(pilot, lambda: "Gửi về xã lần cuối" in text_of(
            app.screen.query_one("#village-sync-info")), what="the dates")
        assert {"send", "receive"} <= active_actions(app)
        assert "join" not in active_actions(app)
        for key in ("g Gửi về xã", "n Nhận từ xã", "^q Thoát"):
            assert key in footer_line(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, OverviewScreen)
        await wait_for(pilot, lambda: sync_line(app).display, what="the dates on the overview")
        assert {"sync_send", "sync_receive"} <= active_actions(app)


# ---------------------------------------------------------------------------- the overview


async def test_overview_shows_last_sent_and_received(make_app, fixed_world: World) -> None:
    app = make_app(fixed_world.village)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        line = sync_line(app)
        assert text_of(line) == "Gửi xã: 01/11/2026 · Nhận: 01/11/2026"
        assert not line.has_class("warning")
        footer = [b.binding.description for b in app.active_bindings.values()
                  if b.binding.show]
        assert {"Gửi xã", "Nhận xã", "Trợ giúp", "Thêm hộ"} <= set(footer)


async def test_overview_warns_after_30_days_without_sending(make_app,
                                                            fixed_world: World) -> None:
    app = make_app(fixed_world.village)
    app.state.today = lambda: date(2027, 1, 15)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        line = sync_line(app)
        assert line.has_class("warning")
        assert "75 ngày chưa gửi về xã" in text_of(line)
        shown = footer_line(app)
        for key in ("f1 Trợ giúp", "^n Thêm hộ", "g Gửi xã", "n Nhận xã"):
            assert key in shown, shown
        await settle(pilot, app)
