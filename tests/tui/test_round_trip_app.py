"""The whole USB round trip in the app, with nothing typed on a command line: the village head
sends, the commune office imports, settles a conflict and a duplicate, writes the return
bundle, and the village head receives it. Both databases end with the same village."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from antt_tui.roster.partition import village_hash
from antt_tui.session import Session
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.sync_conflicts import ConflictQueueScreen
from antt_tui.tui.screens.sync_duplicates import DuplicatesScreen
from antt_tui.tui.screens.sync_import import ImportPreviewScreen
from antt_tui.tui.screens.sync_office import SyncScreen
from antt_tui.tui.screens.sync_village import ReceiveScreen
from tests.tui.conftest import (
    OFFICER,
    SIZE,
    settle,
    text_of,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.settle_world import build_office
from tests.tui.test_sync_office import choose_stick, open_sync
from tests.tui.test_sync_village import (
    body_of,
    status_of,
    stick_is_the_only_drive,
    wait_for_drive,
)
from tests.unit.sync.conftest import cheap_kdf

__all__ = ["cheap_kdf"]


def screen_title(screen, selector: str) -> str:
    return text_of(screen.query_one(selector, Static))


def dh_hash(folder: Path, paths) -> str:
    with Session.open(folder, paths=paths, officer=OFFICER) as session:
        village = session.roster.village("DH")
        store = session.store
        return village_hash(store.records, store.get, village.id)


def people_named(folder: Path, paths, name: str) -> list[dict]:
    with Session.open(folder, paths=paths, officer=OFFICER) as session:
        return [p for p in session.store.records("persons")
                if p.get("full_name") == name and not p.get("deleted")]


async def test_send_import_settle_return_receive(make_app, paths, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    office = build_office(tmp_path)
    # Before anything travels, both sides change DH-0001's address, and both enter the same
    # woman (the commune in DH-0002, the village head in DH-0001).
    office.commune.roster.edit_household("DH-0001", {"address": "Xóm Chùa"})
    office.commune.roster.add_person("DH-0002", {
        "full_name": "Hoàng Thị Mai", "sex": "nu", "birth": "12/03/1990", "relation": "o_cung",
        "cccd": "033190001122"})
    office.village.roster.edit_household("DH-0001", {"address": "Xóm Đình"})
    office.village.roster.add_person("DH-0001", {
        "full_name": "Hoàng Thị Mai", "sex": "nu", "birth": "1990", "relation": "con_dau",
        "cccd": "033190001122", "phone": "0987654321"})
    commune_folder, village_folder = office.close(), office.village.folder
    stick_is_the_only_drive(monkeypatch, office.stick)

    # 1. The village laptop: g, Enter → "có thể rút USB".
    app = make_app(village_folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("g")
        await wait_for_drive(pilot, office.stick)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "có thể rút USB" in status_of(app), what="the bundle")
    [sent] = office.stick.glob("antt-gui-xa-DH-*.anttb")

    # 2. The commune office: import (preview, Enter), settle, send back.
    app = make_app(commune_folder)
    async with app.run_test(size=SIZE) as pilot:
        sync = await open_sync(pilot)
        await pilot.press("i")
        await choose_stick(pilot)
        preview = await wait_for_screen(pilot, ImportPreviewScreen)
        await wait_for(pilot, lambda: preview.plan is not None and not preview.busy,
                       what="the preview")
        totals = text_of(preview.query_one("#import-totals"))
        assert "1 xung đột" in totals and "1 nghi trùng" in totals, totals
        assert sent.name in text_of(preview.query_one("#import-text"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: preview.merged is not None, what="the merge")
        await pilot.press("escape")
        await wait_for_screen(pilot, SyncScreen)

        await pilot.press("c")
        queue = await wait_for_screen(pilot, ConflictQueueScreen)
        await wait_for(pilot, lambda: "Xung đột 1/1" in screen_title(queue, "#conflict-title"),
                       what="the conflict")
        assert "Hộ DH-0001 · Địa chỉ" in screen_title(queue, "#conflict-title")
        await settle(pilot, app)
        await pilot.press("2")  # the village head's "Xóm Đình"
        await wait_for(pilot, lambda: "Không còn xung đột nào." in
                       screen_title(queue, "#conflict-title"), what="the queue emptied")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is sync, what="the sync screen")

        await pilot.press("d")
        pair = await wait_for_screen(pilot, DuplicatesScreen)
        await wait_for(pilot, lambda: "Cặp nghi trùng 1/1" in screen_title(pair, "#pair-title"),
                       what="the pair")
        await settle(pilot, app)
        await pilot.press("g")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: "Không có cặp nghi trùng nào." in
                       screen_title(pair, "#pair-title"), what="the pair merged")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is sync, what="the sync screen")

        await pilot.press("x")
        await choose_stick(pilot)
        await wait_for(pilot, lambda: "có thể rút USB" in
                       text_of(sync.query_one("#sync-result")), what="the return bundle")

    # 3. The village laptop: n, Enter (the preview), Enter → "Đã nhận".
    app = make_app(village_folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("n")
        await wait_for_drive(pilot, office.stick)
        await pilot.press("enter")
        await wait_for_screen(pilot, ReceiveScreen)
        await wait_for(pilot, lambda: "Xã gửi về:" in body_of(app), what="the preview")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Đã nhận" in status_of(app), what="the merge")
        assert app.state.roster.household("DH-0001").address == "Xóm Đình"

    assert dh_hash(village_folder, paths) == dh_hash(commune_folder, paths)
    for folder in (village_folder, commune_folder):
        assert len(people_named(folder, paths, "Hoàng Thị Mai")) == 1
