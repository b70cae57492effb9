"""Settling what a merge left open, in the app at the commune office: the conflict queue
(keep a side, type a value, a held life event), the duplicate pairs (merge, "not the same")
and the quarantine (reason, what to do, retry).

The commune and its village laptop are built with the sync engine (tests/tui/settle_world.py),
then the app opens the commune's folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Footer, Input, Static

from antt_tui.paths import Paths
from antt_tui.roster.history import household_history
from antt_tui.sync.errors import SyncError
from antt_tui.sync.records import QuarantinedEntry
from antt_tui.sync.service import SyncService
from antt_tui.sync.settle import Conflict
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.help import HelpScreen
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.sync_conflicts import ConflictQueueScreen, NewValueDialog
from antt_tui.tui.screens.sync_duplicates import DuplicatesScreen
from antt_tui.tui.screens.sync_quarantine import QuarantineScreen, quarantine_advice
from tests.tui.conftest import (
    SIZE,
    open_household,
    reopen,
    screen_text,
    settle,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.settle_world import (
    COMMUNE_OFFICER,
    VILLAGE_OFFICER,
    Office,
    address_conflict,
    build_office,
    clock_in_2035,
    commune_clock_in_2024,
    delete_against_edit,
    duplicate_person,
    fixed_ids,
    phone_conflict,
    split_against_move,
)
from tests.unit.sync.conftest import cheap_kdf

__all__ = ["cheap_kdf", "fixed_ids"]

pytestmark = pytest.mark.usefixtures("fixed_ids")


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """The commune office and its laptop of Thôn Đông Hạ (closed again after the test)."""
    built = build_office(tmp_path / "dong-bo")
    yield built
    built.close()


def title(screen) -> str:
    """The header of a settle screen (the item, its position, the reason)."""
    selector = {ConflictQueueScreen: "#conflict-title", DuplicatesScreen: "#pair-title",
                QuarantineScreen: "#quarantine-title"}[type(screen)]
    return text_of(screen.query_one(selector, Static))


async def open_settle(pilot, kind: type):
    """Open one of the three screens over the overview (as the palette does) and wait until
    it has read its items."""
    app = pilot.app
    await wait_for_overview(pilot)
    action = {ConflictQueueScreen: app.action_sync_conflicts,
              DuplicatesScreen: app.action_sync_duplicates,
              QuarantineScreen: app.action_sync_quarantine}[kind]
    action()
    await wait_for(pilot, lambda: isinstance(app.screen, kind), what=kind.__name__)
    screen = app.screen
    await wait_for(pilot, lambda: not title(screen).startswith("Đang"), what="the items")
    await settle(pilot, app)
    return screen


def panels(screen: ConflictQueueScreen) -> list[str]:
    """The text of each side's panel, with its border title first."""
    return [f"{p.border_title}\n{text_of(p)}" for p in screen.query(".conflict-side")]


def pair_rows(screen: DuplicatesScreen) -> dict[str, list[str]]:
    """The side-by-side table by label: ["≠ Ngày sinh", record 1's value, record 2's]."""
    return {r[0].strip("≠ "): r for r in table_rows(screen.query_one(DataTable))}


async def keep_the_laptops_record(pilot, screen: DuplicatesScreen) -> dict[str, list[str]]:
    """Make the laptop's record (in DH-0001) the one kept, with d when it is not yet."""
    if not pair_rows(screen)["Hộ"][1].startswith("DH-0001"):
        await pilot.press("d")
        await pilot.pause()
    return pair_rows(screen)


async def to_row(pilot, screen: DuplicatesScreen, key: str) -> None:
    """Move the table's cursor down to a row, from the keyboard."""
    table = screen.query_one(DataTable)
    for _ in range(table.row_count):
        if table.ordered_rows[table.cursor_row].key.value == key:
            return
        await pilot.press("down")
    raise AssertionError(f"no row {key}")


def footer_line(app) -> str:
    footer = app.screen.query_one(Footer)
    return screen_text(app).splitlines()[footer.region.y]


# ====================================================================== the conflict queue


async def test_the_queue_shows_both_values_and_2_keeps_the_villages(
        make_app, paths: Paths, office: Office) -> None:
    address_conflict(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        head = title(screen)
        assert "Xung đột 1/1" in head and "Thôn Đông Hạ" in head
        assert "Hộ DH-0001 · Địa chỉ" in head
        assert "Giá trị trước khi hai nơi cùng sửa: Xóm 1" in head   # what both changed
        first, second = panels(screen)
        assert first.startswith("1 · đang hiện\nXóm Chùa")
        assert f"Người ghi: {COMMUNE_OFFICER}" in first
        assert "Lúc: 01/11/2026 08:00" in first and "Trên máy: Công an xã (máy này)" in first
        assert second.startswith("2\nXóm Đình")
        assert f"Người ghi: {VILLAGE_OFFICER}" in second
        assert "Lúc: 01/11/2026 08:00" in second and "Trên máy: Thôn Đông Hạ, máy 1" in second
        assert "e Gõ mới" in footer_line(app) and "12Giữ" in footer_line(app).replace(" ", "")

        await pilot.press("2")
        await wait_for(pilot, lambda: "Không còn xung đột nào." in title(screen),
                       what="the empty queue")
        assert not screen.query(".conflict-side")
        assert app.screen is screen
        assert app.state.roster.household("DH-0001").address == "Xóm Đình"

    with reopen(paths, office.folder) as session:
        assert session.roster.household("DH-0001").address == "Xóm Đình"
        assert SyncService(session.roster).conflicts() == []
        household = session.roster.household("DH-0001")
        lines = household_history(session.store, household.id)
        settled = [x for x in lines if x.event == "Giải quyết xung đột"]
        assert settled and "Hộ · Địa chỉ: Xóm Chùa → Xóm Đình" in settled[-1].changes


async def test_e_types_another_value_cleaned_like_the_form(make_app, paths: Paths,
                                                           office: Office) -> None:
    phone_conflict(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        assert "Nhân khẩu Lê Văn Bình (hộ DH-0002) · Số điện thoại" in title(screen)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, NewValueDialog)
        box = dialog.query_one("#reason", Input)
        assert box.value == "0922222222"              # what shows now, to change
        await type_text(pilot, "12345")                # replaces the selected value
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog                    # refused, the message under the box
        assert "không hợp lệ" in text_of(dialog.query_one("#reason-error", Static))

        box.value = ""
        await type_text(pilot, "0933 333 333")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Không còn xung đột nào." in title(screen),
                       what="the empty queue")

    with reopen(paths, office.folder) as session:
        assert session.roster.person("DH-0002/1").phone == "0933333333"
        assert SyncService(session.roster).conflicts() == []


async def test_a_held_life_event_is_shown_beside_the_change_it_met_and_2_applies_it(
        make_app, paths: Paths, office: Office) -> None:
    split_against_move(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        head = title(screen)
        assert "việc bị giữ lại" in head
        assert "Chuyển Lê Thị Cúc từ hộ DH-0001 sang hộ DH-0002" in head
        assert "Lý do giữ lại:" in head
        held, met = panels(screen)                     # both events, in words
        assert held.startswith("Việc bị giữ lại\nChuyển Lê Thị Cúc từ hộ DH-0001 sang hộ "
                               "DH-0002\nChưa áp dụng ở máy nào.")
        assert f"Người ghi: {COMMUNE_OFFICER}" in held
        assert "Trên máy: Công an xã (máy này)" in held
        assert met.startswith("Việc đã áp dụng trước\nTách hộ DH-")
        assert "(chủ hộ Nguyễn Văn Đức, 1 nhân khẩu) từ hộ DH-0001" in met
        assert "Đã áp dụng, giữ nguyên." in met
        assert f"Người ghi: {VILLAGE_OFFICER}" in met
        assert "Lúc: 01/11/2026 08:00" in met and "Trên máy: Thôn Đông Hạ, máy 1" in met
        note = text_of(screen.query_one("#conflict-note", Static))
        assert "Hai nơi cùng thay đổi một hộ" in note and "2: áp dụng nó bây giờ" in note
        hint = text_of(screen.query_one("#conflict-hint", Static))
        assert "1: giữ như hiện tại · 2: áp dụng việc bị giữ lại" in hint

        await pilot.press("e")                         # nothing to type for a life event
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("2")
        await wait_for(pilot, lambda: "Không còn xung đột nào." in title(screen),
                       what="the empty queue")

    with reopen(paths, office.folder) as session:
        wife = [p for p in session.store.records("persons") if p["full_name"] == "Lê Thị Cúc"]
        assert session.store.get("households", wife[0]["household_id"])["code"] == "DH-0002"
        assert not [c for c in SyncService(session.roster).conflicts()
                    if c.kind == "structural"]


async def test_a_delete_against_an_edit_offers_both_and_2_deletes(
        make_app, paths: Paths, office: Office) -> None:
    delete_against_edit(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        head = title(screen)
        assert "một nơi xóa, một nơi sửa" in head
        assert "Nhân khẩu Lê Thị Hoa (hộ DH-0002) · Xóa hay giữ bản ghi" in head
        kept, deleted = panels(screen)
        assert kept.startswith("1 · đang hiện\nGiữ bản ghi (có người đã sửa)")
        assert deleted.startswith("2\nXóa bản ghi") and VILLAGE_OFFICER in deleted
        assert "e: gõ" not in text_of(screen.query_one("#conflict-hint", Static))
        await pilot.press("2")
        await wait_for(pilot, lambda: "Không còn xung đột nào." in title(screen),
                       what="the empty queue")

    with reopen(paths, office.folder) as session:
        hoa = [p for p in session.store.records("persons") if p["full_name"] == "Lê Thị Hoa"]
        assert hoa and hoa[0].get("deleted")


async def test_the_help_lists_the_queue_keys(make_app, office: Office) -> None:
    address_conflict(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        await open_settle(pilot, ConflictQueueScreen)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        text = text_of(help_screen.query_one("#help-text", Static))
        assert "Giải quyết xung đột" in text
        for line in ("Giữ 1: Giữ giá trị 1", "Gõ mới: Gõ một giá trị khác", "Để sau:",
                     "Mở hộ:"):
            assert line in text
        assert "Giữ 3" not in text


async def test_s_skips_and_items_fixed_by_hand_say_what_to_fix(
        make_app, office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """A household with two heads cannot be settled by choosing: the screen says what to fix
    and only `s` (and Enter, to open the household) work."""
    address_conflict(office)
    household = office.commune.roster.household("DH-0002")
    real = SyncService.conflicts

    def with_a_check(self) -> list[Conflict]:
        return [*real(self), Conflict(
            "c0ffee00", "head", "households", household.id, "head_id", "Hộ DH-0002",
            household.village_id,
            text="Hộ có 2 chủ hộ sau khi hợp nhất; hãy đổi chủ hộ cho đúng.")]

    monkeypatch.setattr(SyncService, "conflicts", with_a_check)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        assert "Xung đột 1/2" in title(screen)
        await pilot.press("s")
        await pilot.pause()
        assert "Xung đột 2/2 · cần sửa bằng tay" in title(screen)
        note = text_of(screen.query_one("#conflict-note", Static))
        assert "Hộ có 2 chủ hộ" in note and "sửa bằng tay (Enter: mở hộ)" in note
        assert not screen.query(".conflict-side")
        await pilot.press("1")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen and "Xung đột 2/2" in title(screen)
        await pilot.press("enter")                      # to fix it by hand
        opened = await wait_for_screen(pilot, HouseholdScreen)
        assert opened.household_id == household.id
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="back to the queue")
        await settle(pilot, app)
        assert "Xung đột 2/2" in title(screen)
        await pilot.press("s")                          # after the last: the first again
        await pilot.pause()
        assert "Xung đột 1/2" in title(screen)


async def test_an_error_is_a_message_and_the_queue_stays_usable(
        make_app, office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    address_conflict(office)

    def refuse(self, conflict_id: str, **_: object) -> str:
        raise SyncError("Không ghi được: ổ đĩa đầy.")

    monkeypatch.setattr(SyncService, "resolve", refuse)
    app = make_app(office.close())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        await pilot.press("1")
        await wait_for(pilot, lambda: any("ổ đĩa đầy" in t for t in toasts(app)),
                       what="the error message")
        await settle(pilot, app)
        assert any("Không giải quyết được" in t for t in toasts(app))
        assert app.screen is screen and "Xung đột 1/1" in title(screen)
        assert not screen.busy
        assert app.state.roster.household("DH-0001").address == "Xóm Chùa"


async def test_an_empty_queue_says_so(make_app, office: Office) -> None:
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, ConflictQueueScreen)
        assert title(screen).startswith("Không còn xung đột nào.")
        await pilot.press("1", "e", "s")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


# ====================================================================== duplicates


async def test_the_pair_is_side_by_side_and_g_merges_after_confirming(
        make_app, paths: Paths, office: Office) -> None:
    duplicate_person(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, DuplicatesScreen)
        assert "Cặp nghi trùng 1/1 · lý do: cùng số CCCD" in title(screen)
        rows = pair_rows(screen)
        assert rows["Họ và tên"][1:] == ["Hoàng Thị Mai", "Hoàng Thị Mai"]
        assert sorted(v.removesuffix(" ◀ giữ") for v in rows["Ngày sinh"][1:]) == [
            "12/03/1990", "1990"]
        assert rows["Ngày sinh"][0].startswith("≠") and rows["Hộ"][0].startswith("≠")
        assert rows["Số điện thoại"][0].startswith("≠")
        assert not rows["Số CCCD"][0].startswith("≠")  # the same: the reason they are a pair
        assert "◀ giữ" not in rows["Số CCCD"][1] + rows["Số CCCD"][2]
        rows = await keep_the_laptops_record(pilot, screen)
        assert rows["Hộ"][1:] == ["DH-0001 · Thôn Đông Hạ ◀ giữ", "DH-0002 · Thôn Đông Hạ"]
        # by default each value of the record kept, and what it lacks from the other
        assert rows["Ngày sinh"][1:] == ["1990 ◀ giữ", "12/03/1990"]
        assert rows["Số điện thoại"][1:] == ["0987654321 ◀ giữ", ""]
        # the household goes with the record kept: 2 on its row keeps the other record
        await to_row(pilot, screen, "household")
        await pilot.press("2")
        await pilot.pause()
        assert pair_rows(screen)["Hộ"][1:] == ["DH-0002 · Thôn Đông Hạ ◀ giữ",
                                               "DH-0001 · Thôn Đông Hạ"]
        await pilot.press("right")                       # and back
        await pilot.pause()
        assert pair_rows(screen)["Hộ"][1].startswith("DH-0001")

        await pilot.press("g")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        body = text_of(dialog.query_one(".dialog-body", Static))
        assert "Giữ lại: Hoàng Thị Mai (DH-0001, Con dâu, sinh 1990)." in body
        assert "Hoàng Thị Mai (DH-0002, Người ở cùng, sinh 12/03/1990) — bị xóa" in body
        assert "• Ngày sinh: 1990 (bản 1)" in body
        assert "• Hộ: DH-0001 · Thôn Đông Hạ (theo bản giữ lại)" in body
        assert app.focused is dialog.query_one("#no", Button)
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: "Không có cặp nghi trùng nào." in title(screen),
                       what="the pair gone")

    with reopen(paths, office.folder) as session:
        left = [p for p in session.store.records("persons")
                if p["full_name"] == "Hoàng Thị Mai" and not p.get("deleted")]
        assert len(left) == 1 and left[0]["phone"] == "0987654321"
        assert session.store.get("households", left[0]["household_id"])["code"] == "DH-0001"
        assert SyncService(session.roster).duplicates() == []


async def test_2_takes_the_birth_date_of_the_other_record_into_the_merge(
        make_app, paths: Paths, office: Office) -> None:
    duplicate_person(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, DuplicatesScreen)
        rows = await keep_the_laptops_record(pilot, screen)
        assert rows["Ngày sinh"][1:] == ["1990 ◀ giữ", "12/03/1990"]
        assert "1 2 Chọn bản" in footer_line(app) and "g Gộp" in footer_line(app)
        await pilot.press("f1")                          # the keys, with what they do
        help_text = text_of((await wait_for_screen(pilot, HelpScreen)).query_one("#help-text"))
        assert "Giữ bản 2: Ở dòng đang chọn" in help_text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="back from the help")

        table = screen.query_one(DataTable)
        assert table.ordered_rows[table.cursor_row].key.value == "birth"  # the first ≠ row
        await pilot.press("2")                                # take record 2's birth date
        await pilot.pause()
        rows = pair_rows(screen)
        assert rows["Ngày sinh"][1:] == ["1990", "12/03/1990 ◀ giữ"]
        await to_row(pilot, screen, "phone")                   # keep record 1's phone
        await pilot.press("left", "right", "left")
        await pilot.pause()
        assert pair_rows(screen)["Số điện thoại"][1:] == ["0987654321 ◀ giữ", ""]

        await pilot.press("g")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        body = text_of(dialog.query_one(".dialog-body", Static))
        assert "• Ngày sinh: 12/03/1990 (lấy từ bản 2)" in body
        assert "• Số điện thoại: 0987654321 (bản 1)" in body
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: "Không có cặp nghi trùng nào." in title(screen),
                       what="the pair gone")
        await pilot.press("escape")
        household = await open_household(pilot, "DH-0001")
        await pilot.press("2")                                # its history
        await settle(pilot, app)
        history = text_of(household.query_one("#history"))
        assert "Gộp hai bản ghi trùng của Hoàng Thị Mai; lấy từ bản ở hộ DH-0002: " \
               "Ngày sinh" in history
        assert "Hoàng Thị Mai · Ngày sinh: 1990 → 12/03/1990" in history

    app = make_app(office.folder)                             # the app started again
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, DuplicatesScreen)
        assert title(screen).startswith("Không có cặp nghi trùng nào.")
        mai = [m for m in app.state.roster.members(app.state.roster.household("DH-0001").id)
               if m.full_name == "Hoàng Thị Mai"]
        assert [(m.birth, m.phone) for m in mai] == [("1990-03-12", "0987654321")]


async def test_an_invalid_choice_is_refused_and_changes_nothing(
        make_app, office: Office) -> None:
    duplicate_person(office)
    store = office.commune.store
    [mai] = [p for p in store.records("persons") if p.get("birth") == "1990-03-12"]
    # a phone number saved by an older version, before numbers were checked
    store.commit("person.edit", store.op_set("persons", mai["id"], {"phone": "12345"}))
    app = make_app(office.close())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settle(pilot, DuplicatesScreen)
        await keep_the_laptops_record(pilot, screen)
        await to_row(pilot, screen, "phone")
        await pilot.press("2")
        await pilot.pause()
        assert pair_rows(screen)["Số điện thoại"][1:] == ["0987654321", "12345 ◀ giữ"]
        await pilot.press("g")
        await wait_for(pilot, lambda: any("'12345' không hợp lệ" in t for t in toasts(app)),
                       what="the refusal")
        assert any("Không gộp được với các giá trị đã chọn" in t for t in toasts(app))
        assert app.screen is screen and not screen.busy
        assert "Cặp nghi trùng 1/1" in title(screen)
        [pair] = SyncService(app.state.roster).duplicates()   # nothing merged
        assert {pair.first.phone, pair.second.phone} == {"12345", "0987654321"}
        await pilot.press("1")                                # keep the valid one: it merges
        await pilot.press("g")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: "Không có cặp nghi trùng nào." in title(screen),
                       what="the pair gone")


async def test_k_says_two_people_and_the_pair_never_returns(make_app, paths: Paths,
                                                            office: Office) -> None:
    duplicate_person(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, DuplicatesScreen)
        await pilot.press("k")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert "không được gợi ý lại" in text_of(dialog.query_one(".dialog-body", Static))
        await pilot.press("enter")                      # "Không": nothing happens
        await pilot.pause()
        assert app.screen is screen and "Cặp nghi trùng 1/1" in title(screen)
        await pilot.press("k")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: "Không có cặp nghi trùng nào." in title(screen),
                       what="the pair gone")

    with reopen(paths, office.folder) as session:
        people = [p for p in session.store.records("persons")
                  if p["full_name"] == "Hoàng Thị Mai" and not p.get("deleted")]
        assert len(people) == 2
        assert SyncService(session.roster).duplicates() == []
    app = make_app(office.folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, DuplicatesScreen)
        assert title(screen).startswith("Không có cặp nghi trùng nào.")


# ====================================================================== quarantine


async def test_quarantine_lists_the_reason_what_to_do_and_r_retries(make_app,
                                                                     office: Office) -> None:
    clock_in_2035(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, QuarantineScreen)
        assert title(screen).startswith("2 thay đổi bị để riêng")
        rows = table_rows(screen.query_one(DataTable))
        assert [r[0] for r in rows] == ["Thôn Đông Hạ, máy 1"] * 2
        detail = text_of(screen.query_one("#quarantine-detail", Static))
        assert "Lý do: Đồng hồ của máy gửi sai (ghi ngày 01/03/2035" in detail
        assert "Cách xử lý: Sửa ngày giờ của máy gửi" in detail
        assert "r Thử lại" in footer_line(app)

        await pilot.press("r")
        status = screen.query_one("#quarantine-status", Static)
        await wait_for(pilot, lambda: "Đã nhập lại" in text_of(status), what="the retry")
        await settle(pilot, app)
        # stamped 2035, they stay aside until the date is that far
        assert "Đã nhập lại 0 thay đổi; còn 2 để riêng." in text_of(status)
        assert len(table_rows(screen.query_one(DataTable))) == 2
        assert app.state.roster.household("DH-0001").address == "Xóm 1"


async def test_retry_after_the_clock_is_right_brings_them_in(make_app, paths: Paths,
                                                             office: Office) -> None:
    commune_clock_in_2024(office)
    app = make_app(office.close())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settle(pilot, QuarantineScreen)
        assert title(screen).startswith("2 thay đổi bị để riêng")
        await pilot.press("r")
        await wait_for(pilot, lambda: title(screen).startswith("Không có thay đổi nào"),
                       what="the list emptied")
        status = text_of(screen.query_one("#quarantine-status", Static))
        assert "Đã nhập lại 2 thay đổi; còn 0 để riêng." in status
        assert app.state.roster.household("DH-0001").address == "Xóm 2"
        await pilot.press("r")                          # nothing left to retry
        await pilot.pause()
        assert "Đã nhập lại 2 thay đổi" in text_of(screen.query_one("#quarantine-status"))

    with reopen(paths, office.folder) as session:
        assert session.roster.household("DH-0101").address == "Xóm 8"


@pytest.mark.parametrize(("row", "advice"), [
    ({"reason": "chuỗi nhật ký không nối tiếp những gì đã nhận (một nhánh khác); hãy cho máy "
               "tham gia lại", "fork": True}, "Máy gửi cần tham gia lại"),
    ({"reason": "đồng hồ của máy gửi sai (ghi ngày 01/03/2035, quá xa so với hôm nay)"},
     "Sửa ngày giờ của máy gửi"),
    ({"reason": "được ghi bởi phiên bản mới hơn (định dạng 9); hãy cập nhật chương trình"},
     "Cập nhật chương trình trên máy này rồi bấm r"),
    ({"reason": "ghi vào dữ liệu của thôn khác"}, "chỉ được sửa dữ liệu của thôn mình"),
    ({"reason": "ghi vào dữ liệu chung của xã"}, "không được sửa dữ liệu chung của xã"),
    ({"reason": "nội dung đã bị sửa sau khi ghi (sai mã băm)"}, "xin máy gửi gửi lại gói"),
], ids=["fork", "clock", "version", "other-village", "commune", "damaged"])
def test_each_reason_says_what_to_do(row: dict, advice: str) -> None:
    assert advice in quarantine_advice(QuarantinedEntry.of(row))
