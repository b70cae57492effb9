"""The commune office's sync screens: status, import with preview, return bundles, enrolment,
undo and the commune key, against a village laptop built with the engine and a folder under
tmp_path standing in for the stick."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Footer, Input, TextArea

from antt_tui.roster.partition import village_hash
from antt_tui.storage.store import Store
from antt_tui.sync import enrol, merge
from antt_tui.sync.keys import restore_blob
from antt_tui.sync.service import SyncService
from antt_tui.tui.screens.dialogs import ConfirmDialog, ReasonDialog
from antt_tui.tui.screens.sync_drives import DriveDialog
from antt_tui.tui.screens.sync_keys import PassphraseDialog, RestoreDialog
from antt_tui.tui.screens.sync_office import (
    EnrolScreen,
    ImportPreviewScreen,
    KeysScreen,
    SyncScreen,
    UndoBundleDialog,
)
from tests.tui.conftest import (
    SIZE,
    active_actions,
    screen_text,
    table_rows,
    text_of,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.office_world import make_office
from tests.unit.sync.conftest import cheap_kdf

__all__ = ["cheap_kdf"]

PASSPHRASE = "Mật khẩu 2026"


@pytest.fixture
def office(paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """One laptop of Thôn Đông Hạ."""
    made = make_office(paths, tmp_path, monkeypatch, ("DH",))
    yield made
    for laptop in made.laptops:
        laptop.close()


@pytest.fixture
def two_villages(paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A laptop of Thôn Đông Hạ and one of Thôn Trung Lập."""
    made = make_office(paths, tmp_path, monkeypatch, ("DH", "TL"))
    yield made
    for laptop in made.laptops:
        laptop.close()


async def open_sync(pilot) -> SyncScreen:
    """The sync screen over the overview, its status read."""
    await wait_for_overview(pilot)
    await pilot.app.push_screen(SyncScreen())
    screen = await wait_for_screen(pilot, SyncScreen)
    await wait_for(pilot, lambda: screen.role != "" and not screen.busy, what="the status")
    return screen


async def choose_stick(pilot) -> None:
    """Enter on the stick the drive dialog found and highlighted."""
    dialog = await wait_for_screen(pilot, DriveDialog)
    await wait_for(pilot, lambda: dialog.drives, what="the drives")
    await pilot.press("enter")


def names(app) -> set[str]:
    return {p.get("full_name") for p in app.state.roster.store.records("persons")
            if not p.get("deleted")}


def footer_line(app) -> str:
    return screen_text(app).splitlines()[app.screen.query_one(Footer).region.y]


async def test_the_sync_screen_lists_each_laptop_with_days_since(make_app, office) -> None:
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(pilot)
        assert table_rows(screen.query_one("#sync-table", DataTable)) == [
            ["Thôn Đông Hạ, máy 1", "01/10/2026", "50", "–", "–", "–", "–"]]
        detail = text_of(screen.query_one("#sync-detail"))
        assert office.first_bundle in detail and "Quá 30 ngày" in detail
        assert office.fingerprint in text_of(screen.query_one("#sync-title"))
        line = footer_line(app)
        for key in ("f1 Trợ giúp", "i Nhập USB", "x Gửi về", "e Ghi danh", "u Hoàn tác"):
            assert key in line


async def test_import_previews_then_merges_on_enter(make_app, office) -> None:
    office.send("Đỗ Văn Mới")
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(pilot)
        await pilot.press("i")
        await choose_stick(pilot)
        preview = await wait_for_screen(pilot, ImportPreviewScreen)
        await wait_for(pilot, lambda: preview.plan is not None and not preview.busy,
                       what="the preview")
        text = text_of(preview.query_one("#import-text"))
        totals = text_of(preview.query_one("#import-totals"))
        assert "Thôn Đông Hạ, máy 1" in text and "antt-" in text
        assert "Tổng: 1 gói dùng được" in totals
        assert int(re.search(r"(\d+) bản ghi mới", totals).group(1)) >= 2  # household, head
        assert "0 xung đột" in totals
        assert "Đỗ Văn Mới" not in names(app)  # nothing written before Enter

        await pilot.press("enter")
        await wait_for(pilot, lambda: preview.merged is not None, what="the merge")
        assert "Đã nhập 1 gói" in text_of(preview.query_one("#import-result"))
        assert "Đỗ Văn Mới" in names(app)
        await pilot.press("escape")
        screen = await wait_for_screen(pilot, SyncScreen)
        await wait_for(pilot, lambda: table_rows(screen.query_one("#sync-table", DataTable))
                       [0][2] == "0", what="the status after the merge")


async def test_bundles_of_two_villages_are_previewed_and_merged_together(make_app,
                                                                        two_villages) -> None:
    office = two_villages
    office.send("Đỗ Văn Đông", 0)
    office.send("Trịnh Văn Trung", 1)
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(pilot)
        await pilot.press("i")
        await choose_stick(pilot)
        preview = await wait_for_screen(pilot, ImportPreviewScreen)
        await wait_for(pilot, lambda: preview.plan is not None and not preview.busy,
                       what="the preview")
        text = text_of(preview.query_one("#import-text"))
        assert "Thôn Đông Hạ, máy 1" in text and "Thôn Trung Lập, máy 1" in text
        assert "Tổng: 2 gói dùng được" in text_of(preview.query_one("#import-totals"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: preview.merged is not None, what="the merge")
        assert "Đã nhập 2 gói" in text_of(preview.query_one("#import-result"))
        assert {"Đỗ Văn Đông", "Trịnh Văn Trung"} <= names(app)


async def test_a_stick_pulled_out_while_writing_leaves_the_screen_usable(
        make_app, office, monkeypatch: pytest.MonkeyPatch) -> None:
    from antt_tui.sync import bundle
    from antt_tui.sync.errors import StickError

    def pulled(path: Path, data: bytes) -> None:
        raise StickError(f"Không ghi được gói {path.name}: USB đã bị rút ra hoặc không còn "
                         "kết nối. Gói chưa được ghi; hãy kiểm tra USB rồi xuất lại")

    monkeypatch.setattr(bundle, "write_verified", pulled)
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(pilot)
        await pilot.press("x")
        await choose_stick(pilot)
        await wait_for_screen(pilot, SyncScreen)
        result = screen.query_one("#sync-result")
        await wait_for(pilot, lambda: "USB đã bị rút ra" in text_of(result), what="the error")
        assert "Chưa ghi được gói về Thôn Đông Hạ" in text_of(result)
        assert result.has_class("sync-failed") and not screen.busy
        assert not list(office.stick.iterdir())
        await pilot.press("x")  # still usable
        await wait_for_screen(pilot, DriveDialog)


async def test_a_damaged_bundle_shows_why_and_nothing_is_merged(make_app, office) -> None:
    path = office.send("Đỗ Văn Hỏng")
    path.write_bytes(path.read_bytes()[:-40])  # pulled out before it was all written
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(pilot)
        before = len(list(app.state.roster.store.records("households")))
        await pilot.press("i")
        await choose_stick(pilot)
        preview = await wait_for_screen(pilot, ImportPreviewScreen)
        await wait_for(pilot, lambda: preview.plan is not None and not preview.busy,
                       what="the preview")
        text = text_of(preview.query_one("#import-text"))
        assert f"✗ {path.name}" in text and "Không dùng được:" in text
        assert "không dùng được" in text_of(preview.query_one("#import-totals"))
        assert "merge" not in active_actions(app)
        await pilot.press("enter")
        await pilot.pause()
        assert preview.merged is None and app.screen is preview
        assert len(list(app.state.roster.store.records("households"))) == before
        assert "Đỗ Văn Hỏng" not in names(app)


async def test_return_bundles_reach_the_village_with_equal_hashes(make_app, office) -> None:
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(pilot)
        state = app.state
        state.run(state.roster.add_household, "DH", household={"address": "Xóm 4"}, head={
            "full_name": "Phan Văn Xã", "sex": "nam", "birth": "1985"})
        await pilot.press("X")  # only the selected laptop's village
        dialog = await wait_for_screen(pilot, DriveDialog)
        assert dialog.title_text == "Gửi gói về Thôn Đông Hạ"
        await pilot.press("escape")
        await wait_for_screen(pilot, SyncScreen)

        await pilot.press("x")
        await choose_stick(pilot)
        await wait_for_screen(pilot, SyncScreen)
        result = screen.query_one("#sync-result")
        await wait_for(pilot, lambda: "có thể rút USB" in text_of(result), what="the bundles")
        [written] = list(office.stick.glob("*.anttb"))
        assert written.name in text_of(result)
        store = state.roster.store
        village_id = state.roster.village("DH").id
        ours = village_hash(store.records, store.get, village_id)

    laptop = office.laptop
    plan = merge.merge(laptop.roster, laptop.me(), [written], clock=laptop.clock)
    assert not plan.quarantined and not any(b.error for b in plan.bundles)
    assert laptop.hash("DH") == ours
    assert any(p.get("full_name") == "Phan Văn Xã" for p in laptop.store.records("persons"))


async def test_enrolment_shows_the_code_that_opens_the_pack(make_app, office,
                                                           tmp_path: Path) -> None:
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(pilot)
        await pilot.press("e")
        screen = await wait_for_screen(pilot, EnrolScreen)
        await wait_for(pilot, lambda: len(screen.villages) == 2, what="the villages")
        await pilot.press("down", "enter")  # Thôn Trung Lập
        await choose_stick(pilot)
        await wait_for_screen(pilot, EnrolScreen)
        await wait_for(pilot, lambda: screen.pack is not None, what="the pack")
        shown = text_of(screen.query_one("#enrol-code"))
        info = text_of(screen.query_one("#enrol-info"))
        assert "Đọc mã này qua điện thoại; không ghi mã cùng USB." in info
        assert "Thôn Trung Lập, máy 1" in info and "TL-" in info
        [pack] = list(office.stick.glob("*tham-gia-TL*"))
        assert pack.name in info
        code = "".join(shown.split())
        assert len(code) == 16 and code in "".join(screen_text(app).split())

        await pilot.press("escape")  # the code cannot be shown again: asked first
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")
        assert app.screen is screen

    store = Store.open(tmp_path / "may-moi", create=True, host="may-moi")
    try:
        joined = enrol.join(store, pack, code, clock=office.laptop.clock)
        assert joined.village_code == "TL"
    finally:
        store.close(backup=False)


async def test_undo_asks_a_reason_and_takes_the_bundle_back(make_app, office) -> None:
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(pilot)
        assert "Lê Văn Sớm" in names(app)
        await pilot.press("u")
        dialog = await wait_for_screen(pilot, UndoBundleDialog)
        assert office.first_bundle in screen_text(app)
        await pilot.press("enter")
        reason = await wait_for_screen(pilot, ReasonDialog)
        assert office.first_bundle in text_of(reason.query_one(".dialog-body"))
        assert "Thôn Đông Hạ, máy 1" in text_of(reason.query_one(".dialog-body"))
        await pilot.press("enter")  # no reason: refused
        assert app.screen is reason
        await type_text(pilot, "Nhận nhầm gói")
        await pilot.press("enter")
        await wait_for_screen(pilot, SyncScreen)
        await wait_for(pilot, lambda: "Đã hoàn tác gói" in text_of(
            screen.query_one("#sync-result")), what="the undo")
        assert "Lê Văn Sớm" not in names(app)
        assert dialog is not app.screen


async def test_keys_backup_and_sheet_restore_to_the_same_key(make_app, office) -> None:
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(pilot)
        await pilot.press("k")
        screen = await wait_for_screen(pilot, KeysScreen)
        await wait_for(pilot, lambda: screen.fingerprint, what="the key")
        assert office.fingerprint in text_of(screen.query_one("#keys-fingerprint"))

        await pilot.press("s")
        await choose_stick(pilot)
        await wait_for_screen(pilot, PassphraseDialog)
        await type_text(pilot, "ngắn")
        await pilot.press("enter", "enter")
        assert "ít nhất 8" in text_of(app.screen.query_one("#pass-error"))
        app.screen.query_one("#pass-first", Input).value = ""
        app.screen.query_one("#pass-first", Input).focus()
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for_screen(pilot, KeysScreen)
        await wait_for(pilot, lambda: "Đã sao lưu" in text_of(screen.query_one("#keys-status")),
                       what="the backup")
        backup = office.stick / f"khoa-xa-{office.fingerprint}.anttk"
        sheet = office.stick / "phieu-khoi-phuc-khoa-xa.pdf"
        assert sheet.read_bytes().startswith(b"%PDF")
        keys, _ = restore_blob(backup.read_bytes(), PASSPHRASE)
        assert keys.fingerprint() == office.fingerprint

        await pilot.press("r")  # the backup on the stick is offered
        dialog = await wait_for_screen(pilot, RestoreDialog)
        await wait_for(pilot, lambda: dialog.query_one("#restore-file", Input).value,
                       what="the backup found")
        await pilot.press("enter")  # to the passphrase
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for_screen(pilot, KeysScreen)
        await wait_for(pilot, lambda: "Đã khôi phục" in text_of(
            screen.query_one("#keys-status")), what="the restore")
        assert office.fingerprint in text_of(screen.query_one("#keys-status"))

        await pilot.press("r")  # from the 24 words of the sheet
        dialog = await wait_for_screen(pilot, RestoreDialog)
        words = SyncService(app.state.roster).me().keys.words()
        dialog.query_one(TextArea).focus()
        await type_text(pilot, words)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, KeysScreen)
        await wait_for(pilot, lambda: "Đã khôi phục" in text_of(
            screen.query_one("#keys-status")), what="the restore from the words")

        await pilot.press("s")  # a second backup never replaces the first
        await choose_stick(pilot)
        await wait_for_screen(pilot, PassphraseDialog)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Đã sao lưu" in text_of(screen.query_one("#keys-status"))
                       and "-2.anttk" in text_of(screen.query_one("#keys-status")),
                       what="the second backup")
        assert (office.stick / "phieu-khoi-phuc-khoa-xa-2.pdf").exists()


async def test_without_a_key_the_sync_screen_offers_to_make_it(make_app, small_db) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await app.push_screen(SyncScreen())
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("shift+tab", "enter")  # "Tạo khóa"
        screen = await wait_for_screen(pilot, SyncScreen)
        await wait_for(pilot, lambda: screen.role == "commune", what="the new key")
        fingerprint = SyncService(app.state.roster).me().fingerprint
        assert fingerprint in text_of(screen.query_one("#sync-title"))
        assert "Chưa có máy thôn nào" in text_of(screen.query_one("#sync-detail"))


async def test_before_the_first_key_the_keys_screen_offers_to_make_or_restore(
        make_app, small_db) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        app.action_sync_keys()
        screen = await wait_for_screen(pilot, KeysScreen)
        await wait_for(pilot, lambda: "make" in active_actions(app), what="the offer")
        assert "restore" in active_actions(app) and "backup" not in active_actions(app)
        assert SyncService(app.state.roster).role is None  # nothing made by opening it
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.fingerprint, what="the new key")
        assert SyncService(app.state.roster).me().fingerprint == screen.fingerprint
        assert screen.fingerprint in text_of(screen.query_one("#keys-fingerprint"))
        assert "make" not in active_actions(app) and "backup" in active_actions(app)
