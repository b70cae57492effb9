"""Nhập danh sách từ Excel, from the keyboard at 80×24: e on the overview (or the palette), the
file picked in its folder, the columns changed, the preview with the broken row and its
reason, then Ctrl+S (the valid rows only, after asking), the rows to fix written to a file,
and a save that fails changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from textual import events
from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList

from antt_tui.paths import Paths
from antt_tui.roster.roster_import import imports
from antt_tui.storage.errors import SaveFailed
from antt_tui.tui.screens.dialogs import ConfirmDialog, ReasonDialog
from antt_tui.tui.screens.overview import OverviewScreen
from antt_tui.tui.screens.roster_import import RosterImportScreen
from antt_tui.tui.screens.roster_import_dialogs import ChoiceDialog, FileDialog
from antt_tui.tui.widgets.busy_line import BusyLine
from tests.tui.conftest import (
    SIZE,
    active_actions,
    reopen,
    settle,
    table_rows,
    text_of,
    wait_for,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)

HEADINGS = ["Số hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD"]
ROWS = [
    [1, "Phạm Văn Khải", "12/03/1970", "Nam", "Chủ hộ", "033070001111"],
    [1, "Đỗ Thị Lan", "1972", "Nữ", "Vợ", None],
    [2, "Vũ Văn Minh", "31/02/1985", "Nam", "Chủ hộ", None],  # row 5: no 31 February
    [3, "Bùi Văn Nam", "1960", "Nam", "Chủ hộ", None],
    [3, "Bùi Thị Oanh", "05/1990", "Nữ", "Con", None],
]


def roster_file(folder: Path, name: str = "ds-dong-ha.xlsx", *, broken: bool = True,
                title: str | None = "DANH SÁCH HỘ THÔN ĐÔNG HẠ") -> Path:
    """A village's roster: households 1 and 3 fine, household 2's only row (row 5 with a
    title line, row 4 without) has an impossible birth date unless `broken` is false."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    if title:
        sheet.append([title])
    sheet.append(HEADINGS)
    for row in ROWS:
        sheet.append(["1985" if not broken and v == "31/02/1985" else v for v in row])
    path = folder / name
    book.save(path)
    return path


def summary(screen: RosterImportScreen) -> str:
    return text_of(screen.query_one("#ri-summary"))


def hint(screen: RosterImportScreen) -> str:
    return text_of(screen.query_one("#ri-hint"))


async def type_keys(pilot, text: str) -> None:
    """Type `text` one key at a time."""
    await pilot.press(*text)


async def paste(pilot, text: str) -> None:
    """Paste `text` as the terminal sends a paste (a path copied from the file manager)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def open_screen(pilot) -> FileDialog:
    """e on the overview: the screen opens with the file picker over it."""
    await wait_for_overview(pilot)
    await pilot.press("e")
    return await wait_for_screen(pilot, FileDialog)


async def pick(pilot, path: Path) -> RosterImportScreen:
    """Paste the file's path in the picker's box, Enter, and wait for the preview."""
    await pilot.press("tab")
    await paste(pilot, str(path))
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, RosterImportScreen)
    await previewed(pilot, screen)
    return screen


def busy(screen: RosterImportScreen) -> bool:
    """The progress line is showing."""
    return screen.query_one(BusyLine).has_class("-on")


async def previewed(pilot, screen: RosterImportScreen) -> None:
    """Wait until the reading or planning asked for last is on screen."""
    await wait_for(pilot, lambda: not busy(screen) and "Hộ mới" in summary(screen),
                   what="the preview")
    await settle(pilot, pilot.app)


def recorded_notifications(app, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app notifies from now on (title and message)."""
    said: list[str] = []
    notify = app.notify

    def record(message: str, *, title: str = "", **kwargs) -> None:
        said.append(f"{title}: {message}" if title else message)
        notify(message, title=title, **kwargs)

    monkeypatch.setattr(app, "notify", record)
    return said


async def test_the_overview_key_opens_the_picker_and_a_folder_lists_its_rosters(
        make_app, small_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    roster_file(folder)
    (folder / "ghi-chu.txt").write_text("không phải danh sách", encoding="utf-8")
    (folder / "thang-10").mkdir()
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_screen(pilot)
        await pilot.press("tab")
        await paste(pilot, str(folder))
        await pilot.press("enter")  # a folder is opened, not returned
        options = dialog.query_one("#drives", OptionList)
        await wait_for(pilot, lambda: options.option_count == 3, what="the folder's files")
        listed = [str(options.get_option_at_index(i).prompt) for i in range(3)]
        assert listed[0] == f"↑ Lên trên: {tmp_path}"
        assert listed[1] == "thang-10/"
        assert listed[2].startswith("ds-dong-ha.xlsx · ")  # the .txt file is not listed
        assert app.focused is options and options.highlighted == 2  # the file is ready
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RosterImportScreen)
        await previewed(pilot, screen)

        said = summary(screen)
        assert said.startswith("ds-dong-ha.xlsx, trang “Danh sách” · dòng tiêu đề 2")
        assert "Thôn Đông Hạ (3 hộ)" in said and "cột số hộ" in said
        columns = screen.query_one("#ri-columns", DataTable)
        assert app.focused is columns
        assert [r[:3] for r in table_rows(columns)[:3]] == [
            ["A", "Số hộ", "Số hộ / mã hộ"], ["B", "Họ và tên", "Họ và tên"],
            ["C", "Ngày sinh", "Ngày sinh"]]
        assert table_rows(columns)[1][3:] == ["Unicode", "Phạm Văn Khải"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen),
                       what="the overview")


async def test_the_palette_opens_the_screen(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await type_keys(pilot, "nhap danh sach")
        await pilot.pause(0.3)  # the palette searches after a short debounce
        await settle(pilot, app)
        await pilot.press("enter")
        await wait_for_screen(pilot, FileDialog)
        await pilot.press("escape")  # nothing chosen: back where we were
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen),
                       what="the overview")


async def test_the_broken_row_and_its_reason_then_a_column_read_otherwise(
        make_app, paths: Paths, small_db: Path, tmp_path: Path) -> None:
    path = roster_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        assert "Hộ mới: 2 · có thay đổi: 0 · không đổi: 0 · bị loại vì lỗi: 1" \
            in summary(screen)
        assert "Nhân khẩu mới: 4" in summary(screen)
        assert hint(screen).startswith("1 dòng lỗi")

        await pilot.press("2")
        preview = screen.query_one("#ri-preview", DataTable)
        assert app.focused is preview
        rows = table_rows(preview)
        assert rows[0][:2] == ["5", "Lỗi"]
        detail = text_of(screen.query_one("#ri-detail"))
        assert detail.startswith("Dòng 5 · Lỗi: Ngày sinh không hợp lệ: “31/02/1985”")
        assert "không có ngày 31" in detail
        samples = [r for r in rows if r[1] == "Mẫu"]
        assert samples[0][0] == "3" and "Họ và tên: Phạm Văn Khải" in samples[0][2]
        await pilot.press(*["down"] * rows.index(["7", "Mẫu", samples[-1][2]]))
        assert "Quan hệ với chủ hộ: Con → Con đẻ (Con)" in text_of(
            screen.query_one("#ri-detail"))

        # The birth dates column read as nothing: the row is no longer broken.
        await pilot.press("1")
        columns = screen.query_one("#ri-columns", DataTable)
        await pilot.press("down", "down", "enter")  # column C, "Ngày sinh"
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        choices = dialog.query_one(OptionList)
        assert choices.highlighted == [o.id for o in choices.options].index("birth")
        await pilot.press("k", "enter")  # the first option starting with k: "(không dùng)"
        await wait_for_screen(pilot, RosterImportScreen)
        await previewed(pilot, screen)
        assert table_rows(columns)[2][:3] == ["C", "Ngày sinh", "(không dùng)"]
        assert "Hộ mới: 3" in summary(screen) and "bị loại vì lỗi: 0" in summary(screen)
        assert not [r for r in table_rows(preview) if r[1] == "Lỗi"]
        assert "Ctrl+S: nhập" in hint(screen)

    with reopen(paths, small_db) as session:
        assert imports(session.store) == []  # the preview writes nothing


async def test_the_valid_rows_imported_appear_in_the_village_list(
        make_app, paths: Paths, small_db: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = roster_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        said = recorded_notifications(app, monkeypatch)
        await open_screen(pilot)
        screen = await pick(pilot, path)
        await pilot.press("ctrl+s")  # the file has a broken row: ask first
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert text_of(dialog.query_one(".dialog-title")) == "Tệp có 1 dòng lỗi"
        await pilot.press("shift+tab", "enter")  # "Nhập các dòng hợp lệ"
        await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the import")
        await settle(pilot, app)
        done = imports(app.state.session.store)
        assert len(done) == 1 and (done[0].households, done[0].persons) == (2, 4)
        code = done[0].code
        assert summary(screen).startswith(
            f"Đã nhập danh sách ds-dong-ha.xlsx trong một lần lưu (mã {code}): 2 hộ mới, 4 "
            "nhân khẩu mới, 0 bản ghi sửa. Không nhập 1 dòng có lỗi.")
        assert f"antt import undo {code}" in hint(screen)
        assert any(s.startswith("Đã lưu: Đã nhập danh sách ds-dong-ha.xlsx") and code in s
                   for s in said)
        assert "import" not in active_actions(app)  # imported once

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen),
                       what="the overview")
        await settle(pilot, app)
        await pilot.press("enter")  # Thôn Đông Hạ, the first line
        listing = await wait_for_list(pilot)
        heads = [row[1] for row in table_rows(listing.query_one("#households", DataTable))]
        assert {"Phạm Văn Khải", "Bùi Văn Nam"} <= set(heads)
        assert "Vũ Văn Minh" not in heads


async def test_ctrl_s_again_in_the_question_imports_the_valid_rows(
        make_app, paths: Paths, small_db: Path, tmp_path: Path) -> None:
    path = roster_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("ctrl+s")  # the import key again: import, as the dialog offers
        await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the import")
        await settle(pilot, app)
        done = imports(app.state.session.store)
        assert len(done) == 1 and (done[0].households, done[0].persons) == (2, 4)


async def test_a_clean_file_imports_in_one_go(make_app, paths: Paths, small_db: Path,
                                              tmp_path: Path) -> None:
    path = roster_file(tmp_path, broken=False)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        assert "bị loại vì lỗi: 0" in summary(screen)
        assert "export_errors" not in active_actions(app)  # nothing to fix
        await pilot.press("ctrl+s")  # no question: the whole file is valid
        await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the import")
        assert "3 hộ mới, 5 nhân khẩu mới" in summary(screen)
        assert "Không nhập" not in summary(screen)

    with reopen(paths, small_db) as session:
        village = session.roster.village("DH")
        names = {p["full_name"] for p in session.store.records("persons")}
        assert {"Vũ Văn Minh", "Bùi Thị Oanh", "Đỗ Thị Lan"} <= names
        assert sum(h["village_id"] == village.id
                   for h in session.store.records("households")) == 5


async def test_the_rows_to_fix_are_written_beside_the_file(make_app, small_db: Path,
                                                           tmp_path: Path) -> None:
    path = roster_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        await pilot.press("e")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("enter")  # "Cạnh tệp gốc"
        written = tmp_path / "ds-dong-ha-dong-loi.xlsx"
        await wait_for(pilot, lambda: written.exists() and not busy(screen),
                       what="the error file")
        await settle(pilot, app)
        assert hint(screen).startswith(f"Đã ghi các hộ có dòng lỗi vào {written}")

    sheet = load_workbook(written).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Dòng gốc", "Lỗi", "Số hộ")
    assert len(rows) == 2 and rows[1][0] == 5 and "31/02/1985" in rows[1][1]


async def test_a_failed_save_says_why_and_changes_nothing(
        make_app, paths: Paths, small_db: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = roster_file(tmp_path, broken=False)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        store = app.state.session.store

        def full(*args, **kwargs):
            raise SaveFailed("Chưa lưu được: ổ đĩa đã đầy; hãy xóa bớt tệp không cần rồi "
                             "thử lại.")

        with monkeypatch.context() as m:
            m.setattr(store, "commit", full)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "ổ đĩa đã đầy" in hint(screen), what="the failure")
            await settle(pilot, app)
        assert "Chưa nhập gì: dữ liệu không thay đổi." in hint(screen)
        assert "Đã nhập" not in summary(screen)
        assert app.screen is screen and "import" in active_actions(app)  # try again

    with reopen(paths, small_db) as session:
        assert imports(session.store) == []
        assert len([h for h in session.store.records("households")]) == 3


async def test_the_village_chosen_when_the_file_names_none(make_app, small_db: Path,
                                                           tmp_path: Path) -> None:
    path = roster_file(tmp_path, broken=False, title=None)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        assert "bị loại vì lỗi: 3" in summary(screen)
        assert hint(screen) == "Chưa rõ thôn của một số hộ: nhấn t để chọn thôn."
        await pilot.press("t")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert [str(o.prompt) for o in dialog.query_one(OptionList).options] == [
            "Theo tệp (cột Thôn, Địa chỉ, tiêu đề, tên trang)", "Thôn Đông Hạ (DH)",
            "Thôn Trung Lập (TL)"]
        await pilot.press("down", "down", "enter")
        await wait_for_screen(pilot, RosterImportScreen)
        await previewed(pilot, screen)
        assert "Thôn Trung Lập (3 hộ)" in summary(screen)
        assert "Hộ mới: 3" in summary(screen)


async def test_a_way_of_reading_the_columns_saved_then_used(make_app, small_db: Path,
                                                            tmp_path: Path) -> None:
    path = roster_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        await pilot.press("down", "down", "enter")  # "Ngày sinh" read as nothing
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("k", "enter")
        await wait_for_screen(pilot, RosterImportScreen)
        await previewed(pilot, screen)
        await pilot.press("l")
        await wait_for_screen(pilot, ReasonDialog)
        await type_keys(pilot, "Mau thon")
        await pilot.press("enter")
        await wait_for_screen(pilot, RosterImportScreen)

        await pilot.press("ctrl+o")  # the same file again: read as detected
        await wait_for_screen(pilot, FileDialog)
        await pilot.press("tab")
        await paste(pilot, str(path))
        await pilot.press("enter")
        await wait_for_screen(pilot, RosterImportScreen)
        await previewed(pilot, screen)
        columns = screen.query_one("#ri-columns", DataTable)
        assert table_rows(columns)[2][2] == "Ngày sinh"
        await pilot.press("u")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("enter")  # "Mau thon", the only one
        await wait_for_screen(pilot, RosterImportScreen)
        await previewed(pilot, screen)
        assert table_rows(columns)[2][2] == "(không dùng)"
        assert "bị loại vì lỗi: 0" in summary(screen)


async def test_a_file_that_is_not_a_workbook_is_said_so(make_app, small_db: Path,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_text("không phải Excel", encoding="utf-8")
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await pilot.press("tab")
        await paste(pilot, str(path))
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RosterImportScreen)
        await wait_for(pilot, lambda: "hong.xlsx" in summary(screen), what="the failure")
        assert "không phải dạng .xlsx" in summary(screen)
        assert hint(screen) == "Ctrl+O: chọn tệp · Esc: quay lại"
        assert "import" not in active_actions(app)
        assert not table_rows(screen.query_one("#ri-columns", DataTable))


def odd_file(folder: Path) -> Path:
    """A roster whose headings the reader does not know ("Tên người", not "Họ và tên")."""
    book = Workbook()
    sheet = book.active
    sheet.title = "DS"
    for row in (["BẢNG KÊ NHÂN KHẨU THÔN ĐÔNG HẠ"], ["Stt", "Tên người", "Sinh", "Phái", "Q.hệ"],
                [1, "Nguyễn Văn Ân", 1960, "Nam", "Chủ hộ"], [2, "Lê Thị Bé", 1962, "Nữ", "Vợ"]):
        sheet.append(row)
    path = folder / "bang-ke.xlsx"
    book.save(path)
    return path


async def read_as(pilot, screen: RosterImportScreen, row: int, letter: str) -> None:
    """Enter on a column of the columns page, and the first field starting with `letter`."""
    columns = screen.query_one("#ri-columns", DataTable)
    columns.move_cursor(row=row)
    await pilot.press("enter")
    await wait_for_screen(pilot, ChoiceDialog)
    await pilot.press(letter, "enter")
    await wait_for_screen(pilot, RosterImportScreen)
    await wait_for(pilot, lambda: not busy(screen), what="the new reading")
    await settle(pilot, pilot.app)


async def test_a_file_whose_heading_row_is_not_found_is_read_by_hand(
        make_app, paths: Paths, small_db: Path, tmp_path: Path) -> None:
    path = odd_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await pilot.press("tab")
        await paste(pilot, str(path))
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RosterImportScreen)
        await wait_for(pilot, lambda: "Chưa xem trước được" in summary(screen),
                       what="the file opened without a plan")
        await settle(pilot, app)
        assert summary(screen).startswith(
            "bang-ke.xlsx, trang “DS” · chưa nhận ra dòng tiêu đề (tạm lấy dòng 2)")
        assert hint(screen) == ("Chưa nhận ra dòng tiêu đề: h chọn dòng tiêu đề · Enter: chọn "
                                "cột đọc là gì")
        columns = screen.query_one("#ri-columns", DataTable)
        assert table_rows(columns)[1] == ["B", "Tên người", "(không dùng)", "Unicode",
                                          "Nguyễn Văn Ân"]
        await pilot.press("2")  # the reader's note, though there is no plan yet
        assert table_rows(screen.query_one("#ri-preview", DataTable))[0][1] == "Ghi chú"
        assert "tạm lấy dòng 2" in text_of(screen.query_one("#ri-detail"))

        await pilot.press("h")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        options = dialog.query_one(OptionList)
        labels = [str(o.prompt) for o in options.options]
        assert labels == ["Không có dòng tiêu đề: mọi dòng là dữ liệu, cột gọi bằng chữ cái",
                          "Dòng 1: BẢNG KÊ NHÂN KHẨU THÔN ĐÔNG HẠ",
                          "Dòng 2: Stt | Tên người | Sinh | Phái | Q.hệ",
                          "Dòng 3: 1 | Nguyễn Văn Ân | 1960 | Nam | Chủ hộ",
                          "Dòng 4: 2 | Lê Thị Bé | 1962 | Nữ | Vợ"]
        assert options.highlighted == 2  # the row taken for now
        await pilot.press("enter")  # yes, row 2
        await wait_for_screen(pilot, RosterImportScreen)
        await wait_for(pilot, lambda: "· dòng tiêu đề 2" in summary(screen),
                       what="the heading row chosen")
        await settle(pilot, app)
        assert "h: dòng tiêu đề" in hint(screen)

        await read_as(pilot, screen, 1, "h")  # "Tên người": Họ và tên
        await read_as(pilot, screen, 2, "n")  # "Sinh": Ngày sinh
        await read_as(pilot, screen, 3, "g")  # "Phái": Giới tính
        await read_as(pilot, screen, 4, "q")  # "Q.hệ": Quan hệ với chủ hộ
        assert [r[2] for r in table_rows(columns)] == [
            "(không dùng)", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ"]
        assert "Thôn Đông Hạ (1 hộ)" in summary(screen)
        assert "Hộ mới: 1" in summary(screen) and "Nhân khẩu mới: 2" in summary(screen)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the import")

    with reopen(paths, small_db) as session:
        names = {p["full_name"] for p in session.store.records("persons")}
        assert {"Nguyễn Văn Ân", "Lê Thị Bé"} <= names


async def test_a_workbook_with_a_sheet_per_village_reads_another_sheet(
        make_app, small_db: Path, tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    first.title = "Đông Hạ"
    for row in (HEADINGS, *ROWS[:2]):
        first.append(row)
    second = book.create_sheet("Trung Lập")
    for row in (HEADINGS, *ROWS[3:]):
        second.append(row)
    path = tmp_path / "ca-xa.xlsx"
    book.save(path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        assert summary(screen).startswith(
            "ca-xa.xlsx, trang “Đông Hạ” · dòng tiêu đề 1 · trang 1/2 (s: trang khác)")
        assert "Thôn Đông Hạ (1 hộ)" in summary(screen)  # the sheet's name tells it
        await pilot.press("2")
        notes = [r[2] for r in table_rows(screen.query_one("#ri-preview", DataTable))
                 if r[1] == "Ghi chú"]
        assert notes and notes[0].startswith("Tệp có 2 trang; lần này chỉ đọc trang “Đông")

        await pilot.press("s")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert [str(o.prompt) for o in dialog.query_one(OptionList).options] == [
            "Đông Hạ (đang xem)", "Trung Lập"]
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, RosterImportScreen)
        await wait_for(pilot, lambda: "trang “Trung Lập”" in summary(screen) and not busy(screen),
                       what="the other sheet")
        await settle(pilot, app)
        assert "trang 2/2" in summary(screen)
        assert "Thôn Trung Lập (1 hộ)" in summary(screen)
        assert "Hộ mới: 1" in summary(screen) and "Nhân khẩu mới: 2" in summary(screen)


async def test_reading_and_importing_show_how_far_they_have_got(
        make_app, small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = roster_file(tmp_path, broken=False)
    said: list[str] = []
    show = BusyLine.show

    def record(self, text: str, total: int | None = None, done: int = 0) -> None:
        said.append(text)
        show(self, text, total, done)

    monkeypatch.setattr(BusyLine, "show", record)
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        screen = await pick(pilot, path)
        assert "sheet" not in active_actions(app)  # one sheet: nothing to choose
        assert "Đang đọc dòng 7/7 (100%)…" in said
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Đã nhập" in summary(screen), what="the import")
        assert "Đang lưu: 3/3 hộ (100%)…" in said
